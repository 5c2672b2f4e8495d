/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic netlink across kernels.  Each wrapper has the same API on both
 * sides of its version range: the only place that knows genetlink's
 * history.
 */
#ifndef _MMSCOPE_WRAPPER_GENETLINK_H
#define _MMSCOPE_WRAPPER_GENETLINK_H

#include <linux/version.h>
#include <net/genetlink.h>
#include <net/netlink.h>

/* Attributes of a dump request, parsed and validated by genetlink. */
static inline struct nlattr **mmscope_dump_attrs(struct netlink_callback *cb)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/*
 * 6.0 added the missing-attribute report (NLMSGERR_ATTR_MISS_TYPE) and
 * its request check; before it the message alone says what is missing.
 */
#ifdef NL_SET_ERR_ATTR_MISS
#define MMSCOPE_HAVE_ATTR_MISS 1
#else
#define MMSCOPE_HAVE_ATTR_MISS 0
#define NL_SET_ERR_ATTR_MISS(extack, nest, type) do { } while (0)
#endif
#ifndef GENL_REQ_ATTR_CHECK
#define GENL_REQ_ATTR_CHECK(info, attr) (!(info)->attrs[(attr)])
#endif

#endif /* _MMSCOPE_WRAPPER_GENETLINK_H */

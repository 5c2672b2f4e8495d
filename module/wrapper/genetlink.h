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
/*
 * 6.1 added resv_start_op: from that command number on, the core checks
 * the header's reserved field and flags itself and gives a command without
 * a policy one that rejects every attribute, all before the command's
 * handler runs.  mmscope checks both itself, after the permission check
 * (mmscope_req_parse()), so every command it has stays below the mark.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 1, 0)
#define MMSCOPE_GENL_CORE_CHECKS_FROM(cmd) .resv_start_op = (cmd),
#else
#define MMSCOPE_GENL_CORE_CHECKS_FROM(cmd)
#endif
/*
 * 6.2 made a dump's NLMSG_DONE carry every ext-ack field (the offending
 * attribute's offset, the missing attribute); before it, only the message.
 */
#define MMSCOPE_HAVE_DUMP_ERR_ATTR \
	(LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0))
#ifndef GENL_REQ_ATTR_CHECK
#define GENL_REQ_ATTR_CHECK(info, attr) (!(info)->attrs[(attr)])
#endif

#endif /* _MMSCOPE_WRAPPER_GENETLINK_H */

/* SPDX-License-Identifier: GPL-2.0 */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/mmscope.yaml */
/* by scripts/spec gen */

#ifndef _MMSCOPE_NETLINK_GEN_H
#define _MMSCOPE_NETLINK_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include "uapi/linux/mmscope.h"

/* What each request may carry, and what answers a doit (netlink.c). */
struct mmscope_request {
	const struct nla_policy *policy;
	int (*doit)(struct sk_buff *skb, struct genl_info *info);
};

extern const struct mmscope_request mmscope_requests[MMSCOPE_CMD_MAX + 1];
extern const struct genl_ops mmscope_genl_ops[MMSCOPE_CMD_MAX + 1];

/* netlink.c: the permission check, parsing and refusals of every op */
int mmscope_nl_doit(struct sk_buff *skb, struct genl_info *info);
int mmscope_nl_only_dump(struct sk_buff *skb, struct genl_info *info);
int mmscope_nl_not_dump(struct sk_buff *skb, struct netlink_callback *cb);
int mmscope_nl_no_request(struct sk_buff *skb, struct genl_info *info);
int mmscope_nl_no_request_dump(struct sk_buff *skb,
			       struct netlink_callback *cb);

/* The handlers of the commands */
int mmscope_nl_info_get_doit(struct sk_buff *skb, struct genl_info *info);
int mmscope_nl_task_get_doit(struct sk_buff *skb, struct genl_info *info);
int mmscope_nl_vma_get_start(struct netlink_callback *cb);
int mmscope_nl_vma_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int mmscope_nl_vma_get_done(struct netlink_callback *cb);
int mmscope_nl_rollup_get_doit(struct sk_buff *skb, struct genl_info *info);
int mmscope_nl_pt_get_start(struct netlink_callback *cb);
int mmscope_nl_pt_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int mmscope_nl_pt_get_done(struct netlink_callback *cb);
int mmscope_nl_vtop_doit(struct sk_buff *skb, struct genl_info *info);
int mmscope_nl_pt_stats_doit(struct sk_buff *skb, struct genl_info *info);
int mmscope_nl_trace_start_doit(struct sk_buff *skb, struct genl_info *info);
int mmscope_nl_trace_stop_doit(struct sk_buff *skb, struct genl_info *info);
int mmscope_nl_counters_get_doit(struct sk_buff *skb, struct genl_info *info);
int mmscope_nl_counters_ctl_doit(struct sk_buff *skb, struct genl_info *info);
int mmscope_nl_mem_get_doit(struct sk_buff *skb, struct genl_info *info);
int mmscope_nl_cpus_get_doit(struct sk_buff *skb, struct genl_info *info);

#endif /* _MMSCOPE_NETLINK_GEN_H */

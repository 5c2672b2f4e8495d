// SPDX-License-Identifier: GPL-2.0
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/mmscope.yaml */
/* by scripts/spec gen */

#include <linux/bits.h>

#include "mmscope.h"
#include "netlink-gen.h"

/* MMSCOPE_CMD_INFO_GET */
static const struct nla_policy mmscope_info_get_nl_policy[MMSCOPE_A_MAX + 1] = {
};

/* MMSCOPE_CMD_TASK_GET */
static const struct nla_policy mmscope_task_get_nl_policy[MMSCOPE_A_MAX + 1] = {
	[MMSCOPE_A_PID] = { .type = NLA_U32, },
};

/* MMSCOPE_CMD_VMA_GET */
static const struct nla_policy mmscope_vma_get_nl_policy[MMSCOPE_A_MAX + 1] = {
	[MMSCOPE_A_PID] = { .type = NLA_U32, },
	[MMSCOPE_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, MMSCOPE_REQ_F_MASK),
	[MMSCOPE_A_START] = { .type = NLA_U64, },
	[MMSCOPE_A_END] = { .type = NLA_U64, },
};

/* MMSCOPE_CMD_ROLLUP_GET */
static const struct nla_policy mmscope_rollup_get_nl_policy[MMSCOPE_A_MAX + 1] = {
	[MMSCOPE_A_PID] = { .type = NLA_U32, },
};

/* MMSCOPE_CMD_PT_GET */
static const struct nla_policy mmscope_pt_get_nl_policy[MMSCOPE_A_MAX + 1] = {
	[MMSCOPE_A_PID] = { .type = NLA_U32, },
	[MMSCOPE_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, MMSCOPE_REQ_F_MASK),
	[MMSCOPE_A_START] = { .type = NLA_U64, },
	[MMSCOPE_A_END] = { .type = NLA_U64, },
	[MMSCOPE_A_ADDR] = { .type = NLA_U64, },
	[MMSCOPE_A_LEVEL] = NLA_POLICY_MAX(NLA_U32, MMSCOPE_LEVEL_LEAVES),
};

/* MMSCOPE_CMD_VTOP */
static const struct nla_policy mmscope_vtop_nl_policy[MMSCOPE_A_MAX + 1] = {
	[MMSCOPE_A_PID] = { .type = NLA_U32, },
	[MMSCOPE_A_ADDR] = { .type = NLA_U64, },
};

/* MMSCOPE_CMD_PT_STATS */
static const struct nla_policy mmscope_pt_stats_nl_policy[MMSCOPE_A_MAX + 1] = {
	[MMSCOPE_A_PID] = { .type = NLA_U32, },
};

/* MMSCOPE_CMD_TRACE_START */
static const struct nla_policy mmscope_trace_start_nl_policy[MMSCOPE_A_MAX + 1] = {
	[MMSCOPE_A_PIDS] = { .type = NLA_BINARY, .len = 256, },
	[MMSCOPE_A_CLASSES] = NLA_POLICY_MASK(NLA_U32, GENMASK(MMSCOPE_FAULT_ERROR, 0)),
	[MMSCOPE_A_TRACE_FLAGS] = NLA_POLICY_MASK(NLA_U32, MMSCOPE_TRACE_F_MASK),
	[MMSCOPE_A_MIN_LATENCY] = { .type = NLA_U64, },
};

/* MMSCOPE_CMD_TRACE_STOP */
static const struct nla_policy mmscope_trace_stop_nl_policy[MMSCOPE_A_MAX + 1] = {
	[MMSCOPE_A_SESSION] = { .type = NLA_U32, },
};

/* MMSCOPE_CMD_COUNTERS_GET */
static const struct nla_policy mmscope_counters_get_nl_policy[MMSCOPE_A_MAX + 1] = {
	[MMSCOPE_A_PID] = { .type = NLA_U32, },
};

/* MMSCOPE_CMD_COUNTERS_CTL */
static const struct nla_policy mmscope_counters_ctl_nl_policy[MMSCOPE_A_MAX + 1] = {
	[MMSCOPE_A_CTL_FLAGS] = NLA_POLICY_MASK(NLA_U32, MMSCOPE_CTL_F_MASK),
};

/* MMSCOPE_CMD_MEM_GET */
static const struct nla_policy mmscope_mem_get_nl_policy[MMSCOPE_A_MAX + 1] = {
};

/* MMSCOPE_CMD_CPUS_GET */
static const struct nla_policy mmscope_cpus_get_nl_policy[MMSCOPE_A_MAX + 1] = {
};

const struct mmscope_request mmscope_requests[MMSCOPE_CMD_MAX + 1] = {
	[MMSCOPE_CMD_INFO_GET] = {
		.policy = mmscope_info_get_nl_policy,
		.doit = mmscope_nl_info_get_doit,
	},
	[MMSCOPE_CMD_TASK_GET] = {
		.policy = mmscope_task_get_nl_policy,
		.doit = mmscope_nl_task_get_doit,
	},
	[MMSCOPE_CMD_VMA_GET] = {
		.policy = mmscope_vma_get_nl_policy,
		.doit = NULL,
	},
	[MMSCOPE_CMD_ROLLUP_GET] = {
		.policy = mmscope_rollup_get_nl_policy,
		.doit = mmscope_nl_rollup_get_doit,
	},
	[MMSCOPE_CMD_PT_GET] = {
		.policy = mmscope_pt_get_nl_policy,
		.doit = NULL,
	},
	[MMSCOPE_CMD_VTOP] = {
		.policy = mmscope_vtop_nl_policy,
		.doit = mmscope_nl_vtop_doit,
	},
	[MMSCOPE_CMD_PT_STATS] = {
		.policy = mmscope_pt_stats_nl_policy,
		.doit = mmscope_nl_pt_stats_doit,
	},
	[MMSCOPE_CMD_TRACE_START] = {
		.policy = mmscope_trace_start_nl_policy,
		.doit = mmscope_nl_trace_start_doit,
	},
	[MMSCOPE_CMD_TRACE_STOP] = {
		.policy = mmscope_trace_stop_nl_policy,
		.doit = mmscope_nl_trace_stop_doit,
	},
	[MMSCOPE_CMD_COUNTERS_GET] = {
		.policy = mmscope_counters_get_nl_policy,
		.doit = mmscope_nl_counters_get_doit,
	},
	[MMSCOPE_CMD_COUNTERS_CTL] = {
		.policy = mmscope_counters_ctl_nl_policy,
		.doit = mmscope_nl_counters_ctl_doit,
	},
	[MMSCOPE_CMD_MEM_GET] = {
		.policy = mmscope_mem_get_nl_policy,
		.doit = mmscope_nl_mem_get_doit,
	},
	[MMSCOPE_CMD_CPUS_GET] = {
		.policy = mmscope_cpus_get_nl_policy,
		.doit = mmscope_nl_cpus_get_doit,
	},
};

/*
 * Every command number has both handlers, so that a request sent as the
 * wrong kind, or a number that is no request, is refused with a message
 * (netlink.c) rather than a bare EOPNOTSUPP from genetlink.
 */
const struct genl_ops mmscope_genl_ops[MMSCOPE_CMD_MAX + 1] = {
	{
		.cmd = 0,
		.doit = mmscope_nl_no_request,
		.dumpit = mmscope_nl_no_request_dump,
	},
	{
		.cmd = MMSCOPE_CMD_INFO_GET,
		.doit = mmscope_nl_doit,
		.dumpit = mmscope_nl_not_dump,
	},
	{
		.cmd = MMSCOPE_CMD_TASK_GET,
		.doit = mmscope_nl_doit,
		.dumpit = mmscope_nl_not_dump,
	},
	{
		.cmd = MMSCOPE_CMD_VMA_GET,
		.doit = mmscope_nl_only_dump,
		.start = mmscope_nl_vma_get_start,
		.dumpit = mmscope_nl_vma_get_dumpit,
		.done = mmscope_nl_vma_get_done,
	},
	{
		.cmd = MMSCOPE_CMD_ROLLUP_GET,
		.doit = mmscope_nl_doit,
		.dumpit = mmscope_nl_not_dump,
	},
	{
		.cmd = MMSCOPE_CMD_PT_GET,
		.doit = mmscope_nl_only_dump,
		.start = mmscope_nl_pt_get_start,
		.dumpit = mmscope_nl_pt_get_dumpit,
		.done = mmscope_nl_pt_get_done,
	},
	{
		.cmd = MMSCOPE_CMD_VTOP,
		.doit = mmscope_nl_doit,
		.dumpit = mmscope_nl_not_dump,
	},
	{
		.cmd = MMSCOPE_CMD_PT_STATS,
		.doit = mmscope_nl_doit,
		.dumpit = mmscope_nl_not_dump,
	},
	{
		.cmd = MMSCOPE_CMD_TRACE_START,
		.doit = mmscope_nl_doit,
		.dumpit = mmscope_nl_not_dump,
	},
	{
		.cmd = MMSCOPE_CMD_TRACE_STOP,
		.doit = mmscope_nl_doit,
		.dumpit = mmscope_nl_not_dump,
	},
	{
		.cmd = MMSCOPE_CMD_TRACE_EVENT,
		.doit = mmscope_nl_no_request,
		.dumpit = mmscope_nl_no_request_dump,
	},
	{
		.cmd = MMSCOPE_CMD_COUNTERS_GET,
		.doit = mmscope_nl_doit,
		.dumpit = mmscope_nl_not_dump,
	},
	{
		.cmd = MMSCOPE_CMD_COUNTERS_CTL,
		.doit = mmscope_nl_doit,
		.dumpit = mmscope_nl_not_dump,
	},
	{
		.cmd = MMSCOPE_CMD_MEM_GET,
		.doit = mmscope_nl_doit,
		.dumpit = mmscope_nl_not_dump,
	},
	{
		.cmd = MMSCOPE_CMD_CPUS_GET,
		.doit = mmscope_nl_doit,
		.dumpit = mmscope_nl_not_dump,
	},
};

/* SPDX-License-Identifier: GPL-2.0 */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/mmscope.yaml */
/* by scripts/spec gen */

#ifndef MMSCOPE_SPEC_GEN_H
#define MMSCOPE_SPEC_GEN_H

#include <stddef.h>
#include <stdint.h>

#include "../../module/uapi/linux/mmscope.h"

/* How a request attribute is encoded. */
enum spec_kind { SPEC_NONE, SPEC_U32, SPEC_U64, SPEC_BINARY };

#define SPEC_REQ_ATTRS_MAX 8

/* Every request of the family: its command, kind and attributes. */
struct spec_request {
	uint8_t cmd;
	uint8_t dump;
	const char *name;
	uint16_t attrs[SPEC_REQ_ATTRS_MAX];
};

static const struct spec_request spec_requests[] = {
	{ MMSCOPE_CMD_INFO_GET, 0, "info-get",
	  { 0 } },
	{ MMSCOPE_CMD_TASK_GET, 0, "task-get",
	  { MMSCOPE_A_PID } },
	{ MMSCOPE_CMD_VMA_GET, 1, "vma-get",
	  { MMSCOPE_A_PID, MMSCOPE_A_FLAGS, MMSCOPE_A_START, MMSCOPE_A_END } },
	{ MMSCOPE_CMD_ROLLUP_GET, 0, "rollup-get",
	  { MMSCOPE_A_PID } },
	{ MMSCOPE_CMD_PT_GET, 1, "pt-get",
	  { MMSCOPE_A_PID, MMSCOPE_A_FLAGS, MMSCOPE_A_START, MMSCOPE_A_END, MMSCOPE_A_ADDR, MMSCOPE_A_LEVEL } },
	{ MMSCOPE_CMD_VTOP, 0, "vtop",
	  { MMSCOPE_A_PID, MMSCOPE_A_ADDR } },
	{ MMSCOPE_CMD_PT_STATS, 0, "pt-stats",
	  { MMSCOPE_A_PID } },
	{ MMSCOPE_CMD_TRACE_START, 0, "trace-start",
	  { MMSCOPE_A_PIDS, MMSCOPE_A_CLASSES, MMSCOPE_A_TRACE_FLAGS, MMSCOPE_A_MIN_LATENCY } },
	{ MMSCOPE_CMD_TRACE_STOP, 0, "trace-stop",
	  { MMSCOPE_A_SESSION } },
	{ MMSCOPE_CMD_COUNTERS_GET, 0, "counters-get",
	  { MMSCOPE_A_PID } },
	{ MMSCOPE_CMD_COUNTERS_CTL, 0, "counters-ctl",
	  { MMSCOPE_A_CTL_FLAGS } },
	{ MMSCOPE_CMD_MEM_GET, 0, "mem-get",
	  { 0 } },
	{ MMSCOPE_CMD_CPUS_GET, 0, "cpus-get",
	  { 0 } },
};

/* The request of command @cmd, or NULL: it is no request. */
static inline const struct spec_request *spec_request_of(unsigned int cmd)
{
	size_t i;

	for (i = 0; i < sizeof(spec_requests) / sizeof(spec_requests[0]); i++)
		if (spec_requests[i].cmd == cmd)
			return &spec_requests[i];
	return NULL;
}

/* The encoding of each request attribute. */
static const uint8_t spec_attr_kind[MMSCOPE_A_MAX + 1] = {
	[MMSCOPE_A_PID] = SPEC_U32,
	[MMSCOPE_A_FLAGS] = SPEC_U32,
	[MMSCOPE_A_START] = SPEC_U64,
	[MMSCOPE_A_END] = SPEC_U64,
	[MMSCOPE_A_ADDR] = SPEC_U64,
	[MMSCOPE_A_LEVEL] = SPEC_U32,
	[MMSCOPE_A_SESSION] = SPEC_U32,
	[MMSCOPE_A_PIDS] = SPEC_BINARY,
	[MMSCOPE_A_CLASSES] = SPEC_U32,
	[MMSCOPE_A_TRACE_FLAGS] = SPEC_U32,
	[MMSCOPE_A_MIN_LATENCY] = SPEC_U64,
	[MMSCOPE_A_CTL_FLAGS] = SPEC_U32,
};

#endif /* MMSCOPE_SPEC_GEN_H */

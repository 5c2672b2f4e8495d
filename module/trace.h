/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mmscope: fault and TLB hooks (fault.c, tlb.c; registered by trace.c),
 * trace sessions (session.c) and per-address-space counters (counters.c).
 */
#ifndef _MMSCOPE_TRACE_H
#define _MMSCOPE_TRACE_H

#include <linux/atomic.h>
#include <linux/mm_types.h>
#include <net/genetlink.h>

#include "uapi/linux/mmscope.h"
#include "uapi/linux/mmscope_records.h"

/* Room for a VMA name in a fault event. */
#define MMSCOPE_EV_NAME_LEN	64

/* Module parameters (main.c). */
extern unsigned int mmscope_ring_events;	/* records per CPU per session */
extern unsigned int mmscope_counters_max;	/* address spaces counted */

/* trace.c: the hooks (fault.c, tlb.c), registered while someone needs them */
#define MMSCOPE_HOOKS_TRACE	(MMSCOPE_HOOK_FAULT | MMSCOPE_HOOK_SIGNAL)
#define MMSCOPE_HOOKS_TRACE_TLB	MMSCOPE_HOOK_TLB_REQ
#define MMSCOPE_HOOKS_COUNT	(MMSCOPE_HOOK_FAULT | MMSCOPE_HOOK_SIGNAL | \
				 MMSCOPE_HOOK_TLB | MMSCOPE_HOOK_TLB_REQ | \
				 MMSCOPE_HOOK_MMDROP)

int mmscope_trace_init(void);
void mmscope_trace_exit(void);
int mmscope_hooks_get(u32 hooks, struct netlink_ext_ack *extack);
void mmscope_hooks_put(u32 hooks);
u32 mmscope_hooks_registered(void);
u64 mmscope_hooks_features(void);
u64 mmscope_fault_missed(void);
size_t mmscope_hooks_bytes(void);

/* session.c: trace sessions */
enum mmscope_rec_type {
	MMSCOPE_REC_FAULT = 1,
	MMSCOPE_REC_TLB,
};

/* One ring slot.  Pids in the events are global until the worker sends. */
struct mmscope_rec {
	u32 type;
	u32 target_tgid;	/* TLB: owner of the flushed mm (global) */
	union {
		struct mmscope_fault_event f;
		struct mmscope_tlb_event t;
	};
};

extern atomic_t mmscope_fault_sessions;	/* sessions that want faults */
extern atomic_t mmscope_tlb_sessions;	/* sessions that want TLB events */

void mmscope_sessions_fault(const struct mmscope_fault_event *ev);
void mmscope_sessions_tlb(const struct mmscope_tlb_event *ev, u32 target_tgid);
void mmscope_sessions_release(struct net *net, u32 portid);
int mmscope_session_init(void);
void mmscope_session_exit(void);
u32 mmscope_sessions_count(void);
size_t mmscope_sessions_bytes(void);

/* counters.c: per address space counts, looked up by mm (never read) */
void mmscope_count_fault(struct mm_struct *mm, u32 fclass, u32 flags,
			 u32 mode, u64 latency);
void mmscope_count_retry(struct mm_struct *mm);
void mmscope_count_tlb(struct mm_struct *mm, u32 reason, u32 cpus);
void mmscope_count_tlb_req(struct mm_struct *mm, struct mm_struct *asker,
			   bool full, u64 pages);
void mmscope_count_mmdrop(struct mm_struct *mm);
int mmscope_counters_init(bool enable);
void mmscope_counters_exit(void);
void mmscope_counters_release(struct net *net, u32 portid);
bool mmscope_counting_on(void);
size_t mmscope_counters_bytes(void);

/* log2 bucket of a latency in ns */
static inline unsigned int mmscope_lat_bucket(u64 ns)
{
	unsigned int b = ns ? fls64(ns) - 1 : 0;

	return min_t(unsigned int, b, MMSCOPE_LAT_BUCKETS - 1);
}

#endif /* _MMSCOPE_TRACE_H */

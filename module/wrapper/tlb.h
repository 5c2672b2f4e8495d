/* SPDX-License-Identifier: GPL-2.0 */
/* TLB flushing across kernels: what the flush hooks probe and read. */
#ifndef _MMSCOPE_WRAPPER_TLB_H
#define _MMSCOPE_WRAPPER_TLB_H

#include <linux/version.h>
#include <linux/uaccess.h>
#include <linux/percpu-defs.h>
#include <asm/tlbflush.h>

/*
 * The function that sends flush IPIs to other CPUs: (cpumask, info) on
 * every kernel; 5.11 renamed native_flush_tlb_others (other CPUs only)
 * to native_flush_tlb_multi (the mask may hold this CPU too: the hook
 * counts the other CPUs either way).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 11, 0)
#define MMSCOPE_FLUSH_IPI_SYMBOL "native_flush_tlb_multi"
#else
#define MMSCOPE_FLUSH_IPI_SYMBOL "native_flush_tlb_others"
#endif

/*
 * The mm of a struct flush_tlb_info (that function's second argument).
 * asm/tlbflush.h hides the structure from modules; from 5.10 to 7.x it
 * begins with "struct mm_struct *mm; unsigned long start, end;".
 */
struct mmscope_flush_tlb_info {
	struct mm_struct *mm;
	unsigned long start;
	unsigned long end;
};

static inline struct mm_struct *mmscope_flush_info_mm(const void *info)
{
	return info ? ((const struct mmscope_flush_tlb_info *)info)->mm : NULL;
}

/*
 * A CPU's TLB state.  asm/tlbflush.h hides struct tlb_state and
 * cpu_tlbstate from modules (and cpu_tlbstate is not exported); from 5.10
 * to 7.x the structure begins as below (5.10 with is_lazy where later
 * kernels have invalidate_other; 6.x's lam in the padding).  It is found
 * by name and only read through copy_from_kernel_nofault(), and a reading
 * is used only when loaded_mm is the address space in CR3 and the
 * context's ctx_id is that address space's: a layout that differs gives
 * "unavailable", never a wrong number.
 */
#define MMSCOPE_TLB_NR_DYN_ASIDS	6

struct mmscope_tlb_context {
	u64 ctx_id;
	u64 tlb_gen;
};

struct mmscope_tlb_state {
	struct mm_struct *loaded_mm;
	unsigned long last_user_mm;
	u16 loaded_mm_asid;
	u16 next_asid;
	bool is_lazy_5_10;
	u8 byte_21;
	unsigned short user_pcid_flush_mask;
	unsigned long cr4;
	struct mmscope_tlb_context ctxs[MMSCOPE_TLB_NR_DYN_ASIDS];
};

#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 11, 0)
/* 5.11 moved is_lazy alone into the exported cpu_tlbstate_shared. */
struct mmscope_tlb_state_shared {
	bool is_lazy;
};

DECLARE_PER_CPU_SHARED_ALIGNED(struct mmscope_tlb_state_shared,
			       cpu_tlbstate_shared);
#endif

/*
 * Is this CPU in lazy TLB mode (a kernel thread on the previous task's
 * page tables)?  @ts is this CPU's TLB state found by name, or NULL; -1
 * when it cannot be told.  On the CPU itself.
 */
static inline int mmscope_cpu_is_lazy(const struct mmscope_tlb_state *ts)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 11, 0)
	return this_cpu_read(cpu_tlbstate_shared.is_lazy);
#else
	bool lazy;

	if (!ts || copy_from_kernel_nofault(&lazy, &ts->is_lazy_5_10, sizeof(lazy)))
		return -1;
	return lazy;
#endif
}

#endif /* _MMSCOPE_WRAPPER_TLB_H */

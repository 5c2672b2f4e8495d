/* SPDX-License-Identifier: GPL-2.0 */
/* TLB flushing across kernels: what the flush hooks probe and read. */
#ifndef _MMSCOPE_WRAPPER_TLB_H
#define _MMSCOPE_WRAPPER_TLB_H

#include <linux/version.h>

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

#endif /* _MMSCOPE_WRAPPER_TLB_H */

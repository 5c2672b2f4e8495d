/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the running kernel's fs/proc/task_mmu.c prints in /proc/PID/smaps
 * and smaps_rollup: the module announces it (INFO_GET) so that the tool
 * prints exactly those lines, whatever the kernel.
 */
#ifndef _MMSCOPE_WRAPPER_SMAPS_H
#define _MMSCOPE_WRAPPER_SMAPS_H

#include <linux/version.h>
#include <linux/bits.h>
#include <uapi/linux/mmscope.h>

#define MMSCOPE_SMAPS_LINE(a) BIT_ULL(MMSCOPE_SMAPS_A_##a)

/* The lines between Rss and Locked, as bits of MMSCOPE_SMAPS_A_*. */
static inline u64 mmscope_smaps_lines(void)
{
	u64 lines = MMSCOPE_SMAPS_LINE(RSS) | MMSCOPE_SMAPS_LINE(PSS) |
		    MMSCOPE_SMAPS_LINE(PSS_ANON) | MMSCOPE_SMAPS_LINE(PSS_FILE) |
		    MMSCOPE_SMAPS_LINE(PSS_SHMEM) |
		    MMSCOPE_SMAPS_LINE(SHARED_CLEAN) |
		    MMSCOPE_SMAPS_LINE(SHARED_DIRTY) |
		    MMSCOPE_SMAPS_LINE(PRIVATE_CLEAN) |
		    MMSCOPE_SMAPS_LINE(PRIVATE_DIRTY) |
		    MMSCOPE_SMAPS_LINE(REFERENCED) |
		    MMSCOPE_SMAPS_LINE(ANONYMOUS) |
		    MMSCOPE_SMAPS_LINE(LAZYFREE) |
		    MMSCOPE_SMAPS_LINE(ANON_HUGE) |
		    MMSCOPE_SMAPS_LINE(SHMEM_PMD) |
		    MMSCOPE_SMAPS_LINE(FILE_PMD) |
		    MMSCOPE_SMAPS_LINE(SHARED_HUGETLB) |
		    MMSCOPE_SMAPS_LINE(PRIVATE_HUGETLB) |
		    MMSCOPE_SMAPS_LINE(SWAP) | MMSCOPE_SMAPS_LINE(SWAP_PSS) |
		    MMSCOPE_SMAPS_LINE(LOCKED);

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 0, 0)
	lines |= MMSCOPE_SMAPS_LINE(PSS_DIRTY);
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	lines |= MMSCOPE_SMAPS_LINE(KSM);
#endif
	return lines;
}

/* &enum mmscope_smaps_flag bits. */
static inline u32 mmscope_smaps_flags(void)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	return MMSCOPE_SMAPS_F_THP_WIDE;
#else
	return 0;
#endif
}

#endif /* _MMSCOPE_WRAPPER_SMAPS_H */

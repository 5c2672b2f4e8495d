/* SPDX-License-Identifier: GPL-2.0 */
/* mmscope: smaps-equivalent accounting (account.c, thp.c). */
#ifndef _MMSCOPE_ACCOUNT_H
#define _MMSCOPE_ACCOUNT_H

#include <linux/mm_types.h>
#include <linux/skbuff.h>

#include "uapi/linux/mmscope.h"

/* Fixed-point shift of the Pss sums, as fs/proc/task_mmu.c (uapi). */
#define MMSCOPE_PSS_SHIFT	MMSCOPE_PSS_SHIFT_BITS

/* The figures of struct mem_size_stats in fs/proc/task_mmu.c. */
struct mmscope_mss {
	u64 resident;
	u64 shared_clean;
	u64 shared_dirty;
	u64 private_clean;
	u64 private_dirty;
	u64 referenced;
	u64 anonymous;
	u64 lazyfree;
	u64 anonymous_thp;
	u64 shmem_thp;
	u64 file_thp;
	u64 swap;
	u64 shared_hugetlb;
	u64 private_hugetlb;
	u64 ksm;
	u64 pss;		/* all pss_* are << MMSCOPE_PSS_SHIFT */
	u64 pss_anon;
	u64 pss_file;
	u64 pss_shmem;
	u64 pss_dirty;
	u64 pss_locked;
	u64 swap_pss;
};

/*
 * Accounting of one VMA, possibly over several holds of mmap_lock: the
 * identity of the VMA it started on, and where its walk continues.
 */
struct mmscope_vma_acc {
	unsigned long vm_start, vm_end, vm_pgoff;
	unsigned long vm_flags;
	struct file *vm_file;	/* compared, never dereferenced */
	unsigned long addr;	/* next address to walk */
	bool shmem_holes;	/* count shmem swap in holes while walking */
	bool started;
	int restarts;
};

int mmscope_account_init(void);
/* shmem_mapping(), which 6.1 does not export: tmpfs, shm, anon shmem */
bool mmscope_is_shmem_mapping(struct address_space *mapping);
struct page *mmscope_pfn_page(unsigned long pfn);
/* pfn of the huge zero page, ~0UL if unknown */
unsigned long mmscope_huge_zero_pfn_now(void);
/* MMSCOPE_FEAT_* bits this kernel allows */
u64 mmscope_account_features(void);
bool mmscope_swap_pss_known(void);

/*
 * Start accounting @vma (mmap_lock held) from @from (its start if lower):
 * the figures that need no walk.
 */
void mmscope_acc_begin(struct mmscope_vma_acc *acc, struct mmscope_mss *mss,
		       struct vm_area_struct *vma, unsigned long from);
/* Go on with @vma, which replaced the VMA @acc began on, where we were. */
void mmscope_acc_adopt(struct mmscope_vma_acc *acc, struct vm_area_struct *vma);
/* @sum += @mss */
void mmscope_mss_add(struct mmscope_mss *sum, const struct mmscope_mss *mss);
/* Does @vma still look like the VMA @acc began on? */
bool mmscope_acc_same_vma(const struct mmscope_vma_acc *acc,
			  struct vm_area_struct *vma);
/*
 * Walk on from acc->addr with a budget of entries.  Returns true when the
 * VMA is done, false when the caller should drop mmap_lock and call again.
 */
bool mmscope_smap_gather_stats(struct mmscope_vma_acc *acc, struct mmscope_mss *mss,
			       struct vm_area_struct *vma, bool vma_locked,
			       long budget);

/* Put the figures as MMSCOPE_SMAPS_A_* attributes (no nest). */
int mmscope_show_smap(struct sk_buff *skb, const struct mmscope_mss *mss,
		      bool rollup);
/* Per-VMA only figures: sizes, THPeligible, ProtectionKey. */
int mmscope_put_vma_smaps(struct sk_buff *skb, struct vm_area_struct *vma);
/*
 * The figures of smaps into @val (by MMSCOPE_SMAPS_A_*, MMSCOPE_SMAPS_A_MAX
 * + 1 of them): of the walk (@mss), or of the VMA itself.  Return the bits
 * of the figures sent, the ones the nest carries.
 */
u64 mmscope_smap_figures(const struct mmscope_mss *mss, bool rollup, u64 *val);
u64 mmscope_vma_figures(struct vm_area_struct *vma, u64 *val);

/* thp.c: THPeligible of smaps, or -1 when it cannot be decided here. */
int mmscope_thp_init(void);
int mmscope_thp_eligible(struct vm_area_struct *vma);
bool mmscope_thp_eligible_known(void);

#endif /* _MMSCOPE_ACCOUNT_H */

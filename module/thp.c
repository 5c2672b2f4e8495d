// SPDX-License-Identifier: GPL-2.0
/*
 * THPeligible of /proc/PID/smaps: hugepage_vma_check() (6.1) and
 * thp_vma_allowable_orders(TVA_SMAPS | TVA_ENFORCE_SYSFS) (6.12), redone
 * here because neither is exported.  The sysfs settings they read are
 * read (never called) through mmscope_ksym_data(); when one of them cannot
 * be found, THPeligible is left out rather than guessed.
 */
#include <linux/dax.h>
#include <linux/fs.h>
#include <linux/huge_mm.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/sched/coredump.h>
#include <linux/shmem_fs.h>

#include "mmscope.h"
#include "account.h"
#include "wrapper/mm.h"
#include "wrapper/thp.h"

/* mm/shmem.c, the same on both kernels */
#define MMSCOPE_SHMEM_HUGE_NEVER	0
#define MMSCOPE_SHMEM_HUGE_ALWAYS	1
#define MMSCOPE_SHMEM_HUGE_WITHIN_SIZE	2
#define MMSCOPE_SHMEM_HUGE_ADVISE	3
#define MMSCOPE_SHMEM_HUGE_DENY		(-1)
#define MMSCOPE_SHMEM_HUGE_FORCE	(-2)

static const unsigned long *mmscope_thp_flags;
static const int *mmscope_shmem_huge;
static struct mmscope_thp_orders mmscope_orders;
static bool mmscope_thp_known;

int mmscope_thp_init(void)
{
#ifdef CONFIG_TRANSPARENT_HUGEPAGE
	mmscope_thp_flags = mmscope_ksym_data("transparent_hugepage_flags");
	mmscope_shmem_huge = mmscope_ksym_data("shmem_huge");
	mmscope_thp_known = mmscope_thp_flags && mmscope_shmem_huge &&
			    *mmscope_shmem_huge >= MMSCOPE_SHMEM_HUGE_FORCE &&
			    *mmscope_shmem_huge <= MMSCOPE_SHMEM_HUGE_ADVISE &&
			    mmscope_thp_orders_init(&mmscope_orders);
	if (!mmscope_thp_known)
		pr_info("mmscope: THP settings not found; THPeligible will not be reported\n");
#endif
	return 0;
}

static bool mmscope_thp_global_enabled(void)
{
	return READ_ONCE(*mmscope_thp_flags) &
	       ((1UL << TRANSPARENT_HUGEPAGE_FLAG) |
		(1UL << TRANSPARENT_HUGEPAGE_REQ_MADV_FLAG));
}

static bool mmscope_thp_global_always(void)
{
	return READ_ONCE(*mmscope_thp_flags) & (1UL << TRANSPARENT_HUGEPAGE_FLAG);
}

static bool mmscope_thp_disabled_by_hw(void)
{
	/* TRANSPARENT_HUGEPAGE_NEVER_DAX (6.1), _UNSUPPORTED (6.12): bit 0 */
	return READ_ONCE(*mmscope_thp_flags) & 1UL;
}

static bool mmscope_vma_thp_disabled(struct vm_area_struct *vma,
				     unsigned long vm_flags)
{
	return (vm_flags & VM_NOHUGEPAGE) ||
	       mmscope_mm_thp_disabled(vma, vm_flags);
}

static bool mmscope_shmem_file(struct file *file)
{
	return file && mmscope_is_shmem_mapping(file->f_mapping);
}

#if MMSCOPE_THP_RULES != MMSCOPE_THP_RULES_5_10
/*
 * The PMD-order part of shmem_is_huge() (6.1) and
 * shmem_huge_global_enabled() (6.12): is the PMD size allowed by the
 * global setting and the mount's huge= option?
 */
static bool mmscope_shmem_pmd_huge(struct inode *inode, pgoff_t index,
				   unsigned long vm_flags)
{
	int shmem_huge = READ_ONCE(*mmscope_shmem_huge);
	loff_t i_size;

	if (HPAGE_PMD_ORDER > MAX_PAGECACHE_ORDER)
		return false;
	if (!S_ISREG(inode->i_mode))
		return false;
	if (shmem_huge == MMSCOPE_SHMEM_HUGE_DENY)
		return false;
	if (shmem_huge == MMSCOPE_SHMEM_HUGE_FORCE)
		return true;

	switch (((struct shmem_sb_info *)inode->i_sb->s_fs_info)->huge) {
	case MMSCOPE_SHMEM_HUGE_ALWAYS:
		return true;
	case MMSCOPE_SHMEM_HUGE_WITHIN_SIZE:
		index = round_up(index + 1, HPAGE_PMD_NR);
		i_size = round_up(i_size_read(inode), PAGE_SIZE);
		if (i_size >> PAGE_SHIFT >= index)
			return true;
		fallthrough;
	case MMSCOPE_SHMEM_HUGE_ADVISE:
		if (vm_flags & VM_HUGEPAGE)
			return true;
		fallthrough;
	default:
		return false;
	}
}
#endif

#if MMSCOPE_THP_RULES == MMSCOPE_THP_RULES_ORDERS
/* 6.12: __thp_vma_allowable_orders() and what it calls, for smaps. */

/* shmem_allowable_huge_orders(inode, vma, vma->vm_pgoff, 0, false) */
static unsigned long mmscope_shmem_orders(struct inode *inode,
					  struct vm_area_struct *vma)
{
	const struct mmscope_thp_orders *o = &mmscope_orders;
	unsigned long mask = READ_ONCE(*o->shmem_always);
	unsigned long within_size_orders = READ_ONCE(*o->shmem_within_size);
	unsigned long vm_flags = vma->vm_flags;
	int shmem_huge = READ_ONCE(*mmscope_shmem_huge);
	pgoff_t index = vma->vm_pgoff, aligned_index;
	unsigned int global_orders;
	loff_t i_size;
	int order;

	if (mmscope_thp_disabled_by_hw() || mmscope_vma_thp_disabled(vma, vm_flags))
		return 0;
	global_orders = mmscope_shmem_pmd_huge(inode, index, vm_flags) ?
			BIT(HPAGE_PMD_ORDER) : 0;
	if (vma->vm_ops != o->shmem_anon_vm_ops)
		return global_orders;
	if (shmem_huge == MMSCOPE_SHMEM_HUGE_DENY)
		return 0;
	if (shmem_huge == MMSCOPE_SHMEM_HUGE_FORCE)
		return READ_ONCE(*o->shmem_inherit);

	order = highest_order(within_size_orders);
	while (within_size_orders) {
		aligned_index = round_up(index + 1, 1 << order);
		i_size = round_up(i_size_read(inode), PAGE_SIZE);
		if (i_size >> PAGE_SHIFT >= aligned_index) {
			mask |= within_size_orders;
			break;
		}
		order = next_order(&within_size_orders, order);
	}
	if (vm_flags & VM_HUGEPAGE)
		mask |= READ_ONCE(*o->shmem_madvise);
	if (global_orders > 0)
		mask |= READ_ONCE(*o->shmem_inherit);
	return THP_ORDERS_ALL_FILE_DEFAULT & mask;
}

static int mmscope_thp_eligible_orders(struct vm_area_struct *vma)
{
	const struct mmscope_thp_orders *o = &mmscope_orders;
	unsigned long vm_flags = vma->vm_flags;
	unsigned long orders = THP_ORDERS_ALL, supported;

	/* thp_vma_allowable_orders(): the sysfs filter for anonymous VMAs */
	if (vma_is_anonymous(vma)) {
		unsigned long mask = READ_ONCE(*o->anon_always);

		if (vm_flags & VM_HUGEPAGE)
			mask |= READ_ONCE(*o->anon_madvise);
		if (mmscope_thp_global_always() ||
		    ((vm_flags & VM_HUGEPAGE) && mmscope_thp_global_enabled()))
			mask |= READ_ONCE(*o->anon_inherit);
		orders &= mask;
		if (!orders)
			return 0;
	}

	if (vma_is_anonymous(vma))
		supported = THP_ORDERS_ALL_ANON;
	else if (mmscope_vma_is_special_huge(vma))
		supported = MMSCOPE_THP_ORDERS_ALL_SPECIAL;
	else
		supported = THP_ORDERS_ALL_FILE_DEFAULT;
	orders &= supported;
	if (!orders)
		return 0;
	if (!vma->vm_mm)
		return 0;
	if (mmscope_thp_disabled_by_hw() || mmscope_vma_thp_disabled(vma, vm_flags))
		return 0;
	if (vma_is_dax(vma))
		return 0;

	/* alignment and size: keep the orders that fit */
	{
		int order = highest_order(orders);

		while (orders) {
			unsigned long addr = vma->vm_end - (PAGE_SIZE << order);

			if (thp_vma_suitable_order(vma, addr, order))
				break;
			order = next_order(&orders, order);
		}
		if (!orders)
			return 0;
	}

	if (mmscope_shmem_file(vma->vm_file))
		return !!mmscope_shmem_orders(file_inode(vma->vm_file), vma);

	if (!vma_is_anonymous(vma)) {
		/* vma_can_map_huge_file(vma, vm_flags, TVA_SMAPS|ENFORCE) */
		bool has_huge_fault = vma->vm_ops->huge_fault;
		bool bypass = (vma->vm_flags & VM_PFNMAP) && has_huge_fault;
		bool allow = mmscope_thp_global_always() ||
			     (mmscope_thp_global_enabled() &&
			      (vm_flags & VM_HUGEPAGE));

		if (!bypass && !allow)
			return 0;
		if (has_huge_fault)
			return 1;
		return mmscope_file_thp_enabled(vma, false);
	}
	if (vma_is_temporary_stack(vma))
		return 0;
	return 1;	/* with or without an anon_vma, for smaps */
}
#elif MMSCOPE_THP_RULES == MMSCOPE_THP_RULES_6_1
/* 6.1: hugepage_vma_check(vma, vm_flags, true, false, true) */
static int mmscope_thp_eligible_orders(struct vm_area_struct *vma)
{
	unsigned long vm_flags = vma->vm_flags;

	if (!vma->vm_mm)
		return 0;
	if (mmscope_vma_thp_disabled(vma, vm_flags))
		return 0;
	if (mmscope_thp_disabled_by_hw())
		return 0;
	if (vma_is_dax(vma))
		return 0;
	if (vm_flags & VM_NO_KHUGEPAGED)
		return 0;
	if (!transhuge_vma_suitable(vma, vma->vm_end - HPAGE_PMD_SIZE))
		return 0;
	if (mmscope_shmem_file(vma->vm_file))
		return !mmscope_vma_thp_disabled(vma, vm_flags) &&
		       mmscope_shmem_pmd_huge(file_inode(vma->vm_file),
					      vma->vm_pgoff, vm_flags);
	if (!mmscope_thp_global_enabled() ||
	    (!(vm_flags & VM_HUGEPAGE) && !mmscope_thp_global_always()))
		return 0;
	if (mmscope_file_thp_enabled(vma, true))
		return 1;
	if (!vma_is_anonymous(vma))
		return 0;
	if (vma_is_temporary_stack(vma))
		return 0;
	return 1;	/* with or without an anon_vma, for smaps */
}
#else
/* 5.10: shmem_huge_enabled() */
static bool mmscope_shmem_huge_enabled(struct vm_area_struct *vma)
{
	struct inode *inode = file_inode(vma->vm_file);
	int shmem_huge = READ_ONCE(*mmscope_shmem_huge);
	loff_t i_size;
	pgoff_t off;

	if (mmscope_vma_thp_disabled(vma, vma->vm_flags))
		return false;
	if (shmem_huge == MMSCOPE_SHMEM_HUGE_FORCE)
		return true;
	if (shmem_huge == MMSCOPE_SHMEM_HUGE_DENY)
		return false;
	switch (((struct shmem_sb_info *)inode->i_sb->s_fs_info)->huge) {
	case MMSCOPE_SHMEM_HUGE_ALWAYS:
		return true;
	case MMSCOPE_SHMEM_HUGE_WITHIN_SIZE:
		off = round_up(vma->vm_pgoff, HPAGE_PMD_NR);
		i_size = round_up(i_size_read(inode), PAGE_SIZE);
		if (i_size >= HPAGE_PMD_SIZE && i_size >> PAGE_SHIFT >= off)
			return true;
		fallthrough;
	case MMSCOPE_SHMEM_HUGE_ADVISE:
		return vma->vm_flags & VM_HUGEPAGE;
	default:
		return false;
	}
}

/* 5.10: transparent_hugepage_active() */
static int mmscope_thp_eligible_orders(struct vm_area_struct *vma)
{
	unsigned long addr = (vma->vm_end & HPAGE_PMD_MASK) - HPAGE_PMD_SIZE;
	unsigned long vm_flags = vma->vm_flags;

	if (!transhuge_vma_suitable(vma, addr))
		return 0;
	if (vma_is_anonymous(vma)) {
		/* __transparent_hugepage_enabled() */
		if (mmscope_thp_disabled_by_hw() ||
		    mmscope_vma_thp_disabled(vma, vm_flags) ||
		    vma_is_temporary_stack(vma))
			return 0;
		if (mmscope_thp_global_always())
			return 1;
		if (vma_is_dax(vma))
			return 1;
		/* not always: madvise (or never) */
		return mmscope_thp_global_enabled() && (vm_flags & VM_HUGEPAGE);
	}
	if (mmscope_shmem_file(vma->vm_file))
		return mmscope_shmem_huge_enabled(vma);
	/* file_thp_enabled() */
	return IS_ENABLED(CONFIG_READ_ONLY_THP_FOR_FS) &&
	       !mmscope_vma_thp_disabled(vma, vm_flags) && vma->vm_file &&
	       !inode_is_open_for_write(vma->vm_file->f_inode) &&
	       (vm_flags & VM_EXEC);
}
#endif

bool mmscope_thp_eligible_known(void)
{
	return !IS_ENABLED(CONFIG_TRANSPARENT_HUGEPAGE) || mmscope_thp_known;
}

int mmscope_thp_eligible(struct vm_area_struct *vma)
{
	if (!IS_ENABLED(CONFIG_TRANSPARENT_HUGEPAGE))
		return 0;	/* PREEMPT_RT kernels have no THP */
	if (!mmscope_thp_known)
		return -1;
	return mmscope_thp_eligible_orders(vma);
}

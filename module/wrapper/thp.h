/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Transparent huge pages across kernels: the settings THPeligible reads
 * and the per-mm switch prctl(PR_SET_THP_DISABLE) sets.
 */
#ifndef _MMSCOPE_WRAPPER_THP_H
#define _MMSCOPE_WRAPPER_THP_H

#include <linux/version.h>
#include <linux/mm.h>
#include <linux/huge_mm.h>
#include <linux/sched/coredump.h>
#include <linux/xarray.h>
#include <linux/dax.h>
#include <linux/fs.h>
#include <linux/pagemap.h>

void *mmscope_ksym_data(const char *name);

/*
 * Which THPeligible rules the running kernel applies:
 *   MMSCOPE_THP_RULES_5_10: transparent_hugepage_enabled() (5.10)
 *   MMSCOPE_THP_RULES_6_1:  hugepage_vma_check() (5.19 .. 6.7)
 *   MMSCOPE_THP_RULES_ORDERS: thp_vma_allowable_orders() with the mTHP
 *	sysfs order masks (anonymous 6.8, shmem 6.11: taken from 6.12)
 */
#define MMSCOPE_THP_RULES_5_10		1
#define MMSCOPE_THP_RULES_6_1		2
#define MMSCOPE_THP_RULES_ORDERS	3
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#define MMSCOPE_THP_RULES	MMSCOPE_THP_RULES_ORDERS
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(5, 19, 0)
#define MMSCOPE_THP_RULES	MMSCOPE_THP_RULES_6_1
#else
#define MMSCOPE_THP_RULES	MMSCOPE_THP_RULES_5_10
#endif

/* The sysfs THP order masks of mTHP: unexported data, read by name. */
#if MMSCOPE_THP_RULES == MMSCOPE_THP_RULES_ORDERS
struct mmscope_thp_orders {
	const unsigned long *anon_always, *anon_madvise, *anon_inherit;
	const unsigned long *shmem_always, *shmem_madvise, *shmem_inherit;
	const unsigned long *shmem_within_size;
	const void *shmem_anon_vm_ops;
};

static inline bool mmscope_thp_orders_init(struct mmscope_thp_orders *o)
{
	o->anon_always = mmscope_ksym_data("huge_anon_orders_always");
	o->anon_madvise = mmscope_ksym_data("huge_anon_orders_madvise");
	o->anon_inherit = mmscope_ksym_data("huge_anon_orders_inherit");
	o->shmem_always = mmscope_ksym_data("huge_shmem_orders_always");
	o->shmem_madvise = mmscope_ksym_data("huge_shmem_orders_madvise");
	o->shmem_inherit = mmscope_ksym_data("huge_shmem_orders_inherit");
	o->shmem_within_size = mmscope_ksym_data("huge_shmem_orders_within_size");
	o->shmem_anon_vm_ops = mmscope_ksym_data("shmem_anon_vm_ops");
	return o->anon_always && o->anon_madvise && o->anon_inherit &&
	       o->shmem_always && o->shmem_madvise && o->shmem_inherit &&
	       o->shmem_within_size && o->shmem_anon_vm_ops;
}
#else
struct mmscope_thp_orders {
	int unused;
};

static inline bool mmscope_thp_orders_init(struct mmscope_thp_orders *o)
{
	return true;
}
#endif

/*
 * Has the process switched THP off for this VMA with
 * prctl(PR_SET_THP_DISABLE)?  Up to 6.17 one MMF_DISABLE_THP bit of
 * mm->flags; 7.x has a bitmap read with mm_flags_test() and two bits: off
 * completely, or off except where madvise(MADV_HUGEPAGE) asked
 * (PR_THP_DISABLE_EXCEPT_ADVISED).
 */
static inline bool mmscope_mm_thp_disabled(struct vm_area_struct *vma,
					   unsigned long vm_flags)
{
#ifdef MMF_DISABLE_THP_COMPLETELY
	struct mm_struct *mm = vma->vm_mm;

	if (mm_flags_test(MMF_DISABLE_THP_COMPLETELY, mm))
		return true;
	return !(vm_flags & VM_HUGEPAGE) &&
	       mm_flags_test(MMF_DISABLE_THP_EXCEPT_ADVISED, mm);
#else
	return test_bit(MMF_DISABLE_THP, &vma->vm_mm->flags);
#endif
}

#if MMSCOPE_THP_RULES == MMSCOPE_THP_RULES_ORDERS
/*
 * A VMA whose folios cannot be reached (PFN maps), or DAX: the orders of
 * "special" mappings.  6.12: vma_is_special_huge() (DAX, or a file
 * mapping with VM_PFNMAP/VM_MIXEDMAP); 7.x dropped the file condition and
 * named the orders THP_ORDERS_ALL_SPECIAL_DAX.
 */
#ifdef THP_ORDERS_ALL_SPECIAL_DAX
#define MMSCOPE_THP_ORDERS_ALL_SPECIAL THP_ORDERS_ALL_SPECIAL_DAX
static inline bool mmscope_vma_is_special_huge(struct vm_area_struct *vma)
{
	return vma_is_dax(vma) || (vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP));
}
#else
#define MMSCOPE_THP_ORDERS_ALL_SPECIAL THP_ORDERS_ALL_SPECIAL
static inline bool mmscope_vma_is_special_huge(struct vm_area_struct *vma)
{
	return vma_is_special_huge(vma);
}
#endif
#endif

/*
 * file_thp_enabled() as smaps applies it to a regular file mapping: up
 * to 6.x only with CONFIG_READ_ONLY_THP_FOR_FS and no writer; 7.x asks the
 * mapping whether it holds PMD-sized folios.
 */
static inline bool mmscope_file_thp_enabled(struct vm_area_struct *vma,
					    bool need_exec)
{
	struct inode *inode;

	if (!vma->vm_file)
		return false;
	inode = file_inode(vma->vm_file);
#ifdef THP_ORDERS_ALL_SPECIAL_DAX
	if (IS_ANON_FILE(inode))
		return false;
	if (!mapping_pmd_folio_support(vma->vm_file->f_mapping))
		return false;
	return S_ISREG(inode->i_mode);
#else
	if (!IS_ENABLED(CONFIG_READ_ONLY_THP_FOR_FS))
		return false;
	if (need_exec && !(vma->vm_flags & VM_EXEC))
		return false;
	return !inode_is_open_for_write(inode) && S_ISREG(inode->i_mode);
#endif
}

/* Pages behind one swap value entry of a shmem mapping's xarray. */
static inline unsigned long mmscope_xas_value_pages(struct xa_state *xas)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	return 1UL << xas_get_order(xas);
#else
	return 1;
#endif
}

#endif /* _MMSCOPE_WRAPPER_THP_H */

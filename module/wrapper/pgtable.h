/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page-table entries across kernels: reading an entry once, what makes an
 * upper-level entry a leaf, the bits whose names changed.
 */
#ifndef _MMSCOPE_WRAPPER_PGTABLE_H
#define _MMSCOPE_WRAPPER_PGTABLE_H

#include <linux/version.h>
#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/hugetlb.h>
#include <linux/huge_mm.h>

#include "leaf.h"

/* A PMD entry, read once (pmdp_get() exists from 6.2 on). */
static inline pmd_t mmscope_pmdp_get(pmd_t *pmd)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	return pmdp_get(pmd);
#else
	return READ_ONCE(*pmd);
#endif
}

/* pmd_devmap()/pte_devmap(): ZONE_DEVICE mappings, gone in 6.17. */
static inline bool mmscope_pmd_devmap(pmd_t pmd)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 17, 0) && defined(CONFIG_TRANSPARENT_HUGEPAGE)
	return pmd_devmap(pmd);
#else
	return false;
#endif
}

static inline bool mmscope_pte_devmap(pte_t pte)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 17, 0)
	return pte_devmap(pte);
#else
	return false;
#endif
}

/* A PMD that maps memory itself (THP, devmap) or holds a leaf entry. */
static inline bool mmscope_pmd_is_huge(pmd_t pmd)
{
#ifdef CONFIG_TRANSPARENT_HUGEPAGE
	return pmd_trans_huge(pmd) || mmscope_pmd_devmap(pmd) ||
	       mmscope_pmd_is_leaf_entry(pmd);
#else
	return false;
#endif
}

static inline bool mmscope_pud_is_leaf(pud_t pud)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
	return pud_leaf(pud);
#else
	return pud_large(pud);
#endif
}

/* The userfaultfd write-protect bit (7.3 renamed it "uffd"). */
static inline bool mmscope_pte_uffd_wp(pte_t pte)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 3, 0)
	return pte_uffd(pte);
#else
	return pte_uffd_wp(pte);
#endif
}

static inline bool mmscope_pte_swp_uffd_wp(pte_t pte)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 3, 0)
	return pte_swp_uffd(pte);
#else
	return pte_swp_uffd_wp(pte);
#endif
}

static inline bool mmscope_pmd_uffd_wp(pmd_t pmd)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 3, 0)
	return pmd_uffd(pmd);
#else
	return pmd_uffd_wp(pmd);
#endif
}

/* An anonymous page mapped exclusively, kept in its swap entry (5.19+). */
static inline bool mmscope_pte_swp_exclusive(pte_t pte)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 19, 0)
	return pte_swp_exclusive(pte);
#else
	return false;
#endif
}

#ifdef CONFIG_HUGETLB_PAGE
/*
 * The entry that maps a hugetlb page of @sz bytes at @addr: the PUD for
 * 1 GiB pages, the PMD for 2 MiB pages; NULL if the levels above are
 * missing.  (huge_pte_offset() is not exported.)
 */
static inline pte_t *mmscope_huge_pte_offset(struct mm_struct *mm,
					     unsigned long addr,
					     unsigned long sz)
{
	pgd_t *pgd = pgd_offset(mm, addr);
	p4d_t *p4d;
	pud_t *pud;

	if (!pgd_present(READ_ONCE(*pgd)))
		return NULL;
	p4d = p4d_offset(pgd, addr);
	if (!p4d_present(READ_ONCE(*p4d)))
		return NULL;
	pud = pud_offset(p4d, addr);
	if (sz == PUD_SIZE)
		return (pte_t *)pud;
	if (!pud_present(READ_ONCE(*pud)))
		return NULL;
	return (pte_t *)pmd_offset(pud, addr);
}

static inline pte_t mmscope_huge_ptep_get(struct mm_struct *mm,
					  unsigned long addr, pte_t *ptep)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	return huge_ptep_get(mm, addr, ptep);
#else
	return huge_ptep_get(ptep);
#endif
}
#endif

/*
 * pte_protnone() and pmd_protnone() are constant 0 without
 * CONFIG_NUMA_BALANCING (Debian's PREEMPT_RT kernel has none), yet a
 * PROT_NONE mapping has the same bits on every x86 kernel: _PAGE_PROTNONE
 * without _PAGE_PRESENT.  This is x86's own definition of both.
 */
static inline bool mmscope_pte_protnone(pte_t pte)
{
	return (pte_flags(pte) & (_PAGE_PROTNONE | _PAGE_PRESENT)) ==
	       _PAGE_PROTNONE;
}

static inline bool mmscope_pmd_protnone(pmd_t pmd)
{
	return (pmd_flags(pmd) & (_PAGE_PROTNONE | _PAGE_PRESENT)) ==
	       _PAGE_PROTNONE;
}

#endif /* _MMSCOPE_WRAPPER_PGTABLE_H */

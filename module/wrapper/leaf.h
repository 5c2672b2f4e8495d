/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Non-present page-table entries ("leaf entries": swap, migration, device,
 * marker, hwpoison) decoded the same way on every kernel: swp_entry_t
 * helpers up to 6.x, "softleaf" (linux/leafops.h) from 7.x.  One decoder
 * for every level that can hold such an entry (PTE, PMD, hugetlb).
 */
#ifndef _MMSCOPE_WRAPPER_LEAF_H
#define _MMSCOPE_WRAPPER_LEAF_H

#include <linux/version.h>
#include <linux/mm.h>
#include <linux/swap.h>		/* 5.10's swapops.h needs it first */
#include <linux/swapops.h>
#include <linux/huge_mm.h>
#ifdef MMSCOPE_HAVE_SOFTLEAF	/* Kbuild: the headers have linux/leafops.h */
#include <linux/leafops.h>
#endif

enum mmscope_leaf_kind {
	MMSCOPE_LEAF_SWAP,		/* a page in a swap device */
	MMSCOPE_LEAF_MIGRATION,
	MMSCOPE_LEAF_DEVICE_PRIVATE,
	MMSCOPE_LEAF_DEVICE_EXCLUSIVE,
	MMSCOPE_LEAF_MARKER,		/* a PTE marker (uffd-wp, guard, poison) */
	MMSCOPE_LEAF_HWPOISON,
	MMSCOPE_LEAF_OTHER,		/* nothing this kernel defines */
};

struct mmscope_leaf {
	enum mmscope_leaf_kind kind;
	swp_entry_t entry;
	bool has_pfn;			/* migration and device entries */
	unsigned long pfn;
};

/* A PTE that is neither none nor present holds a leaf entry. */
static inline bool mmscope_pte_is_leaf(pte_t pte)
{
	return !pte_none(pte) && !pte_present(pte);
}

static inline void mmscope_leaf_decode(swp_entry_t e, struct mmscope_leaf *l)
{
	l->entry = e;
	l->has_pfn = false;
	l->pfn = 0;
#ifdef MMSCOPE_HAVE_SOFTLEAF
	if (softleaf_is_swap(e))
		l->kind = MMSCOPE_LEAF_SWAP;
	else if (softleaf_is_migration(e))
		l->kind = MMSCOPE_LEAF_MIGRATION;
	else if (softleaf_is_device_private(e))
		l->kind = MMSCOPE_LEAF_DEVICE_PRIVATE;
	else if (softleaf_is_device_exclusive(e))
		l->kind = MMSCOPE_LEAF_DEVICE_EXCLUSIVE;
	else if (softleaf_is_marker(e))
		l->kind = MMSCOPE_LEAF_MARKER;
	else if (softleaf_is_hwpoison(e))
		l->kind = MMSCOPE_LEAF_HWPOISON;
	else
		l->kind = MMSCOPE_LEAF_OTHER;
	if (softleaf_has_pfn(e)) {
		l->has_pfn = true;
		l->pfn = softleaf_to_pfn(e);
	}
#else
	if (!non_swap_entry(e))
		l->kind = MMSCOPE_LEAF_SWAP;
	else if (is_migration_entry(e))
		l->kind = MMSCOPE_LEAF_MIGRATION;
	else if (is_device_private_entry(e))
		l->kind = MMSCOPE_LEAF_DEVICE_PRIVATE;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 14, 0)
	else if (is_device_exclusive_entry(e))
		l->kind = MMSCOPE_LEAF_DEVICE_EXCLUSIVE;
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 0, 0)
	else if (is_pte_marker_entry(e))
		l->kind = MMSCOPE_LEAF_MARKER;
#endif
	else if (is_hwpoison_entry(e))
		l->kind = MMSCOPE_LEAF_HWPOISON;
	else
		l->kind = MMSCOPE_LEAF_OTHER;
	switch (l->kind) {
	case MMSCOPE_LEAF_MIGRATION:
	case MMSCOPE_LEAF_DEVICE_PRIVATE:
	case MMSCOPE_LEAF_DEVICE_EXCLUSIVE:
		l->has_pfn = true;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 1, 0)
		l->pfn = swp_offset_pfn(e);
#else
		l->pfn = swp_offset(e);
#endif
		break;
	default:
		break;
	}
#endif
}

/* Decode the leaf entry of a PTE (mmscope_pte_is_leaf() must hold). */
static inline void mmscope_pte_leaf(pte_t pte, struct mmscope_leaf *l)
{
#ifdef MMSCOPE_HAVE_SOFTLEAF
	mmscope_leaf_decode(softleaf_from_pte(pte), l);
#else
	mmscope_leaf_decode(pte_to_swp_entry(pte), l);
#endif
}

/* A PMD holding a leaf entry (a THP being migrated, device private). */
static inline bool mmscope_pmd_is_leaf_entry(pmd_t pmd)
{
#if defined(MMSCOPE_HAVE_SOFTLEAF)
	return !pmd_none(pmd) && !pmd_present(pmd) &&
	       IS_ENABLED(CONFIG_ARCH_HAS_PMD_SOFTLEAVES);
#elif defined(CONFIG_TRANSPARENT_HUGEPAGE)
	return is_swap_pmd(pmd);
#else
	return false;
#endif
}

static inline void mmscope_pmd_leaf(pmd_t pmd, struct mmscope_leaf *l)
{
#if defined(MMSCOPE_HAVE_SOFTLEAF)
	mmscope_leaf_decode(softleaf_from_pmd(pmd), l);
#elif defined(CONFIG_ARCH_ENABLE_THP_MIGRATION)
	mmscope_leaf_decode(pmd_to_swp_entry(pmd), l);
#else
	l->kind = MMSCOPE_LEAF_OTHER;
	l->has_pfn = false;
	l->pfn = 0;
#endif
}

/*
 * Does smaps_pmd_entry() account the page behind a PMD migration entry?
 * (6.1 does; 5.10 looks at present PMDs only.)
 */
static inline bool mmscope_smaps_pmd_leaves(void)
{
	return LINUX_VERSION_CODE >= KERNEL_VERSION(6, 1, 0) &&
	       thp_migration_supported();
}

/* A swap entry's device and offset. */
static inline unsigned int mmscope_leaf_swap_type(const struct mmscope_leaf *l)
{
	return swp_type(l->entry);
}

static inline unsigned long mmscope_leaf_swap_offset(const struct mmscope_leaf *l)
{
	return swp_offset(l->entry);
}

#endif /* _MMSCOPE_WRAPPER_LEAF_H */

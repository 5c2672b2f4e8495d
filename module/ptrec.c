// SPDX-License-Identifier: GPL-2.0
/*
 * Page-table entries as uapi records (struct mmscope_pt_entry): the
 * hardware and software bits of an entry of any level, the leaf entry
 * (swap, migration...) it may hold and the struct page behind it.  Shared
 * by PT_GET (pt.c) and VTOP (vtop.c).
 */
#include <linux/hugetlb.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/page-flags.h>
#include <linux/pgtable.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <asm/pgtable-invert.h>

#include "mmscope.h"
#include "walk.h"
#include "account.h"
#include "wrapper/genetlink.h"
#include "wrapper/mm.h"
#include "wrapper/page.h"
#include "wrapper/pgtable.h"
#include "wrapper/leaf.h"
#include "ptrec.h"

/* The struct page behind @pfn, read under the entry's lock. */
static void mmscope_page_info(struct page *page, unsigned long pfn,
			      struct mmscope_pt_rec *r)
{
	u32 f = 0;

	if (mmscope_page_anon(page))
		f |= MMSCOPE_PAGE_F_ANON;
	if (mmscope_page_ksm(page))
		f |= MMSCOPE_PAGE_F_KSM;
	if (mmscope_page_lru(page))
		f |= MMSCOPE_PAGE_F_LRU;
	if (mmscope_page_active(page))
		f |= MMSCOPE_PAGE_F_ACTIVE;
	if (mmscope_page_referenced_flag(page))
		f |= MMSCOPE_PAGE_F_REFERENCED;
	if (mmscope_page_dirty(page))
		f |= MMSCOPE_PAGE_F_DIRTY;
	if (mmscope_page_writeback(page))
		f |= MMSCOPE_PAGE_F_WRITEBACK;
	if (mmscope_page_swapbacked(page))
		f |= MMSCOPE_PAGE_F_SWAPBACKED;
	if (mmscope_page_swapcache(page))
		f |= MMSCOPE_PAGE_F_SWAPCACHE;
	if (mmscope_page_mlocked(page))
		f |= MMSCOPE_PAGE_F_MLOCKED;
	if (mmscope_page_unevictable(page))
		f |= MMSCOPE_PAGE_F_UNEVICTABLE;
	if (mmscope_page_large(page))
		f |= mmscope_page_head(page) == page ? MMSCOPE_PAGE_F_HEAD :
						       MMSCOPE_PAGE_F_TAIL;
	if (mmscope_page_hugetlb(page))
		f |= MMSCOPE_PAGE_F_HUGETLB;
	if (PageReserved(page))
		f |= MMSCOPE_PAGE_F_RESERVED;
	if (is_zero_pfn(pfn))
		f |= MMSCOPE_PAGE_F_ZERO;
	if (pfn - mmscope_huge_zero_pfn_now() < HPAGE_PMD_NR)
		f |= MMSCOPE_PAGE_F_HUGE_ZERO;
	if ((f & MMSCOPE_PAGE_F_ANON) && mmscope_page_anon_exclusive(page))
		f |= MMSCOPE_PAGE_F_ANON_EXCLUSIVE;

	r->page_flags = f;
	r->page_order = mmscope_page_order(page);
	r->page_mapcount = mmscope_page_mapcount(page);
	r->page_refcount = mmscope_page_refcount(page);
	r->has |= MMSCOPE_PT_HAS_PAGE;
	if ((f & MMSCOPE_PAGE_F_ANON) && r->page_mapcount > 1)
		r->has |= MMSCOPE_PT_PAGE_SHARED;
}

/* A leaf entry (any level), as the record's kind and PFN. */
static void mmscope_leaf_rec(struct mmscope_pt_rec *r,
			     const struct mmscope_leaf *l)
{
	static const u8 kinds[] = {
		[MMSCOPE_LEAF_SWAP] = MMSCOPE_PTE_SWAP,
		[MMSCOPE_LEAF_MIGRATION] = MMSCOPE_PTE_MIGRATION,
		[MMSCOPE_LEAF_DEVICE_PRIVATE] = MMSCOPE_PTE_DEVICE_PRIVATE,
		[MMSCOPE_LEAF_DEVICE_EXCLUSIVE] = MMSCOPE_PTE_DEVICE_EXCLUSIVE,
		[MMSCOPE_LEAF_MARKER] = MMSCOPE_PTE_MARKER,
		[MMSCOPE_LEAF_HWPOISON] = MMSCOPE_PTE_HWPOISON,
		[MMSCOPE_LEAF_OTHER] = MMSCOPE_PTE_BAD,
	};

	r->kind = kinds[l->kind];
	if (l->kind == MMSCOPE_LEAF_SWAP) {
		r->swap_type = mmscope_leaf_swap_type(l);
		r->swap_offset = mmscope_leaf_swap_offset(l);
		r->has |= MMSCOPE_PT_HAS_SWAP;
	}
	if (l->has_pfn) {
		r->pfn = l->pfn;
		r->has |= MMSCOPE_PT_HAS_PFN;
	}
}

/* Hardware bits of any level, as our flag vocabulary. */
static u32 mmscope_hw_flags(u64 v, int level)
{
	u32 f = 0;

	if (v & _PAGE_PRESENT)
		f |= MMSCOPE_PTE_F_PRESENT;
	if (v & _PAGE_RW)
		f |= MMSCOPE_PTE_F_RW;
	if (v & _PAGE_USER)
		f |= MMSCOPE_PTE_F_USER;
	if (v & _PAGE_PWT)
		f |= MMSCOPE_PTE_F_PWT;
	if (v & _PAGE_PCD)
		f |= MMSCOPE_PTE_F_PCD;
	if (v & _PAGE_ACCESSED)
		f |= MMSCOPE_PTE_F_ACCESSED;
	if (v & _PAGE_DIRTY)
		f |= MMSCOPE_PTE_F_DIRTY;
	if (level != MMSCOPE_LEVEL_PTE && (v & _PAGE_PSE))
		f |= MMSCOPE_PTE_F_HUGE;
	if ((v & _PAGE_GLOBAL) && (v & _PAGE_PRESENT))
		f |= MMSCOPE_PTE_F_GLOBAL;
	if (v & _PAGE_NX)
		f |= MMSCOPE_PTE_F_NX;
	return f;
}

/* A leaf PTE (or hugetlb entry read as a PTE) at @level. */
void mmscope_pte_rec(struct mmscope_pt_rec *r, pte_t pte, int level,
		     bool want_page)
{
	u64 v = pte_val(pte);

	r->entry = v;
	r->level = level;
	if (pte_none(pte)) {
		r->kind = MMSCOPE_PTE_NONE;
		return;
	}
	if (__pte_needs_invert(v))
		r->flags |= MMSCOPE_PTE_F_INVERTED;
	if (pte_present(pte)) {
		r->kind = mmscope_pte_protnone(pte) ? MMSCOPE_PTE_PROTNONE : MMSCOPE_PTE_PRESENT;
		r->flags |= mmscope_hw_flags(v, level);
		if (mmscope_pte_protnone(pte))
			r->flags |= MMSCOPE_PTE_F_PROTNONE;
		if (pte_dirty(pte))
			r->flags |= MMSCOPE_PTE_F_DIRTY;
		if (pte_soft_dirty(pte))
			r->flags |= MMSCOPE_PTE_F_SOFT_DIRTY;
		if (mmscope_pte_uffd_wp(pte))
			r->flags |= MMSCOPE_PTE_F_UFFD_WP;
		if (pte_special(pte))
			r->flags |= MMSCOPE_PTE_F_SPECIAL;
		if (mmscope_pte_devmap(pte))
			r->flags |= MMSCOPE_PTE_F_DEVMAP;
		r->pfn = pte_pfn(pte);
		r->has |= MMSCOPE_PT_HAS_PFN;
		r->pkey = pte_flags_pkey(pte_flags(pte));
		r->has |= MMSCOPE_PT_HAS_PKEY;
	} else {
		struct mmscope_leaf l;

		if (pte_swp_soft_dirty(pte))
			r->flags |= MMSCOPE_PTE_F_SOFT_DIRTY;
		if (mmscope_pte_swp_uffd_wp(pte))
			r->flags |= MMSCOPE_PTE_F_UFFD_WP;
		if (mmscope_pte_swp_exclusive(pte))
			r->flags |= MMSCOPE_PTE_F_EXCLUSIVE;
		mmscope_pte_leaf(pte, &l);
		mmscope_leaf_rec(r, &l);
	}
	if (want_page && (r->has & MMSCOPE_PT_HAS_PFN)) {
		/* special entries (PFN maps) may point where no page is */
		struct page *page = (r->flags & MMSCOPE_PTE_F_SPECIAL) ?
				    (pfn_valid(r->pfn) ? pfn_to_page(r->pfn) : NULL) :
				    mmscope_pfn_page(r->pfn);

		if (page)
			mmscope_page_info(page, r->pfn, r);
	}
}

/* A huge PMD leaf, or a PMD migration entry. */
void mmscope_pmd_rec(struct mmscope_pt_rec *r, pmd_t pmd, bool want_page)
{
#ifdef CONFIG_TRANSPARENT_HUGEPAGE
	u64 v = pmd_val(pmd);

	r->entry = v;
	r->level = MMSCOPE_LEVEL_PMD;
	if (__pte_needs_invert(v))
		r->flags |= MMSCOPE_PTE_F_INVERTED;
	if (pmd_present(pmd)) {
		r->kind = mmscope_pmd_protnone(pmd) ? MMSCOPE_PTE_PROTNONE : MMSCOPE_PTE_PRESENT;
		r->flags |= mmscope_hw_flags(v, MMSCOPE_LEVEL_PMD) | MMSCOPE_PTE_F_HUGE;
		if (mmscope_pmd_protnone(pmd))
			r->flags |= MMSCOPE_PTE_F_PROTNONE;
		if (pmd_dirty(pmd))
			r->flags |= MMSCOPE_PTE_F_DIRTY;
		if (pmd_soft_dirty(pmd))
			r->flags |= MMSCOPE_PTE_F_SOFT_DIRTY;
		if (mmscope_pmd_uffd_wp(pmd))
			r->flags |= MMSCOPE_PTE_F_UFFD_WP;
		if (mmscope_pmd_devmap(pmd))
			r->flags |= MMSCOPE_PTE_F_DEVMAP;
		r->pfn = pmd_pfn(pmd);
		r->has |= MMSCOPE_PT_HAS_PFN;
		r->pkey = pte_flags_pkey(pmd_flags(pmd));
		r->has |= MMSCOPE_PT_HAS_PKEY;
	} else if (mmscope_pmd_is_leaf_entry(pmd)) {
		struct mmscope_leaf l;

		if (pmd_swp_soft_dirty(pmd))
			r->flags |= MMSCOPE_PTE_F_SOFT_DIRTY;
		mmscope_pmd_leaf(pmd, &l);
		mmscope_leaf_rec(r, &l);
		if (l.kind != MMSCOPE_LEAF_MIGRATION)
			r->kind = MMSCOPE_PTE_BAD;
	}
	if (want_page && (r->has & MMSCOPE_PT_HAS_PFN)) {
		struct page *page = mmscope_pfn_page(r->pfn);

		if (page)
			mmscope_page_info(page, r->pfn, r);
	}
#endif
}

/* An upper-level entry that points to a table. */
void mmscope_table_rec(struct mmscope_pt_rec *r, int level, u64 v)
{
	r->entry = v;
	r->level = level;
	r->kind = MMSCOPE_PTE_TABLE;
	r->flags = mmscope_hw_flags(v, level);
	r->pfn = (v & PTE_PFN_MASK) >> PAGE_SHIFT;
	r->has |= MMSCOPE_PT_HAS_PFN;
}

unsigned long mmscope_level_size(int level)
{
	switch (level) {
	case MMSCOPE_LEVEL_PGD:
		return PGDIR_SIZE;
	case MMSCOPE_LEVEL_P4D:
		return P4D_SIZE;
	case MMSCOPE_LEVEL_PUD:
		return PUD_SIZE;
	case MMSCOPE_LEVEL_PMD:
		return PMD_SIZE;
	default:
		return PAGE_SIZE;
	}
}

int mmscope_put_rec(struct sk_buff *skb, const struct mmscope_pt_rec *r)
{
	return nla_put(skb, MMSCOPE_A_PT, sizeof(*r), r);
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct page and folio state across kernels: page flags until 5.15,
 * folios from 5.16 (and only folios for most flags from 6.12), and the
 * mapcount and PSS rules smaps applies on each.
 */
#ifndef _MMSCOPE_WRAPPER_PAGE_H
#define _MMSCOPE_WRAPPER_PAGE_H

#include <linux/version.h>
#include <linux/mm.h>
#include <linux/hugetlb.h>
#include <linux/page-flags.h>
#include <linux/page_idle.h>
#include <linux/memremap.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 16, 0)
#define MMSCOPE_PAGE_TEST(name, flag)					\
static inline bool mmscope_page_##name(struct page *page)		\
{									\
	return folio_test_##flag(page_folio(page));			\
}
#else
#define MMSCOPE_PAGE_TEST(name, flag)					\
static inline bool mmscope_page_##name(struct page *page)		\
{									\
	return Page##flag(compound_head(page));				\
}
#endif

#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 16, 0)
MMSCOPE_PAGE_TEST(anon, anon)
MMSCOPE_PAGE_TEST(ksm, ksm)
MMSCOPE_PAGE_TEST(lru, lru)
MMSCOPE_PAGE_TEST(active, active)
MMSCOPE_PAGE_TEST(referenced_flag, referenced)
MMSCOPE_PAGE_TEST(dirty, dirty)
MMSCOPE_PAGE_TEST(writeback, writeback)
MMSCOPE_PAGE_TEST(swapbacked, swapbacked)
MMSCOPE_PAGE_TEST(swapcache, swapcache)
MMSCOPE_PAGE_TEST(mlocked, mlocked)
MMSCOPE_PAGE_TEST(unevictable, unevictable)
MMSCOPE_PAGE_TEST(large, large)
MMSCOPE_PAGE_TEST(hugetlb, hugetlb)
#else
MMSCOPE_PAGE_TEST(anon, Anon)
MMSCOPE_PAGE_TEST(ksm, Ksm)
MMSCOPE_PAGE_TEST(lru, LRU)
MMSCOPE_PAGE_TEST(active, Active)
MMSCOPE_PAGE_TEST(referenced_flag, Referenced)
MMSCOPE_PAGE_TEST(dirty, Dirty)
MMSCOPE_PAGE_TEST(writeback, Writeback)
MMSCOPE_PAGE_TEST(swapbacked, SwapBacked)
MMSCOPE_PAGE_TEST(swapcache, SwapCache)
MMSCOPE_PAGE_TEST(mlocked, Mlocked)
MMSCOPE_PAGE_TEST(unevictable, Unevictable)
MMSCOPE_PAGE_TEST(large, Compound)
MMSCOPE_PAGE_TEST(hugetlb, Huge)
#endif
#undef MMSCOPE_PAGE_TEST

/* The head page of the page's folio (compound page). */
static inline struct page *mmscope_page_head(struct page *page)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 16, 0)
	return &page_folio(page)->page;
#else
	return compound_head(page);
#endif
}

/* Order of the folio (compound page) holding @page. */
static inline unsigned int mmscope_page_order(struct page *page)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 16, 0)
	return folio_order(page_folio(page));
#else
	return compound_order(compound_head(page));
#endif
}

/* Reference count of the folio (compound page) holding @page. */
static inline int mmscope_page_refcount(struct page *page)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 16, 0)
	return folio_ref_count(page_folio(page));
#else
	return page_count(page);
#endif
}

/* Referenced as smaps counts it: young (page idle tracking) or PG_referenced. */
static inline bool mmscope_page_referenced(struct page *page)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	struct folio *folio = page_folio(page);

	return folio_test_young(folio) || folio_test_referenced(folio);
#else
	return page_is_young(page) || PageReferenced(page);
#endif
}

static inline bool mmscope_page_zone_device(struct page *page)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	return folio_is_zone_device(page_folio(page));
#else
	return is_zone_device_page(page);
#endif
}

/* An anonymous page no other process may map without COW (5.19+). */
#define MMSCOPE_HAVE_ANON_EXCLUSIVE \
	(LINUX_VERSION_CODE >= KERNEL_VERSION(5, 19, 0))

static inline bool mmscope_page_anon_exclusive(struct page *page)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 19, 0)
	return PageAnonExclusive(page);
#else
	return false;
#endif
}

/*
 * How many page tables map @page: page_mapcount() up to 6.1 (over the
 * exported __page_mapcount); from 6.12 fs/proc/internal.h's
 * folio_precise_page_mapcount(), which modules cannot include.
 */
static inline int mmscope_page_mapcount(struct page *page)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	struct folio *folio = page_folio(page);
	int mapcount = atomic_read(&page->_mapcount) + 1;

	if (page_mapcount_is_type(mapcount))
		mapcount = 0;
	if (folio_test_large(folio))
		mapcount += folio_entire_mapcount(folio);
	return mapcount;
#else
	return page_mapcount(page);
#endif
}

/*
 * smaps_account(): is the page counted whole (not split by mapcount)?
 * And then, as private?
 *   5.10: refcount 1;
 *   6.1:  refcount 1, or a migration entry: private;
 *   6.12: refcount 1, or any non-present entry ("maybe shared"): private
 *         only when present.
 */
static inline bool mmscope_smaps_whole(struct page *page, bool present,
				       bool migration, bool *private)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	*private = present;
	return folio_ref_count(page_folio(page)) == 1 || !present;
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 1, 0)
	*private = true;
	return page_count(page) == 1 || migration;
#else
	*private = true;
	return page_count(page) == 1;
#endif
}

/* smaps_hugetlb_range(): is this hugetlb page counted as shared? */
static inline bool mmscope_hugetlb_shared(struct page *page, bool present,
					  pte_t *ptep)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 15, 0)
	return !present || folio_maybe_mapped_shared(page_folio(page)) ||
	       hugetlb_pmd_shared(ptep);
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	return !present || folio_likely_mapped_shared(page_folio(page)) ||
	       hugetlb_pmd_shared(ptep);
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 1, 0)
	return page_mapcount(page) >= 2 || hugetlb_pmd_shared(ptep);
#else
	return page_mapcount(page) >= 2;
#endif
}

#endif /* _MMSCOPE_WRAPPER_PAGE_H */

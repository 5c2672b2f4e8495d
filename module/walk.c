// SPDX-License-Identifier: GPL-2.0
/*
 * The one page-table walker of mmscope.
 *
 * walk_page_range() and pte_offset_map_lock() are not available to modules
 * on every supported kernel, so the walk is done here, the way the kernel
 * does it with the VMA held (mmap_lock held for reading, or, as its page
 * faults do, the VMA's own read lock):
 *
 *  - upper levels (pgd, p4d, pud, pmd) are read locklessly: their tables
 *    are not freed while the VMA is attached and held (unmapping it
 *    takes mmap_lock for writing and write-locks the VMA first);
 *  - a huge PMD (THP, or a PMD migration entry) is read under pmd_lock()
 *    after checking that it is still huge;
 *  - a PTE table is reached from a snapshot of the PMD under
 *    rcu_read_lock() (6.x frees retracted PTE tables by RCU), its split
 *    lock is taken, and the PMD is checked to be unchanged, else the PMD
 *    is read again;
 *  - a hugetlb entry is read under huge_pte_lock().
 *
 * A walk stops early, at a PMD boundary, when its budget of entries is
 * spent or when a writer waits for the lock that holds the VMA, or where
 * a callback asks; it returns the address where it stopped so that the
 * caller can drop the lock and resume there.
 */
#include <linux/hugetlb.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/pgtable.h>
#include <linux/rcupdate.h>

#include "mmscope.h"
#include "walk.h"
#include "wrapper/mm.h"
#include "wrapper/pgtable.h"
#include "wrapper/vmalock.h"

static void mmscope_walk_hole(struct mmscope_walk *w, int level,
			      unsigned long start, unsigned long end)
{
	if (w->ops->hole)
		w->ops->hole(w, level, start, end);
}

static void mmscope_walk_enter(struct mmscope_walk *w, int level, void *entry,
			       unsigned long addr, unsigned long end)
{
	if (w->ops->enter)
		w->ops->enter(w, level, (void *)((unsigned long)entry & PAGE_MASK),
			      addr, end);
}

static void mmscope_walk_table(struct mmscope_walk *w, int level, u64 entry,
			       void *ptr, unsigned long addr, unsigned long end)
{
	if (w->ops->table)
		w->ops->table(w, level, entry, ptr, addr, end);
}

/* A huge or non-present PMD, rechecked under its lock. */
static bool mmscope_walk_huge_pmd(struct mmscope_walk *w, pmd_t *pmd,
				  unsigned long addr, unsigned long next)
{
	spinlock_t *ptl = pmd_lock(w->mm, pmd);
	pmd_t pmdval = mmscope_pmdp_get(pmd);
	bool handled = false;

	if (mmscope_pmd_is_huge(pmdval)) {
		if (w->ops->pmd)
			w->ops->pmd(w, pmdval, pmd, addr, next);
		handled = true;
	}
	spin_unlock(ptl);
	return handled;
}

/* The PTEs of one PMD.  Returns false if the PMD changed under us. */
static bool mmscope_walk_ptes(struct mmscope_walk *w, pmd_t *pmd,
			      pmd_t pmdval, unsigned long addr,
			      unsigned long end)
{
	spinlock_t *ptl;	/* the PTE table's split lock */
	pte_t *pte;

	rcu_read_lock();
	pte = pte_offset_kernel(&pmdval, addr);
	ptl = pte_lockptr(w->mm, &pmdval);
	spin_lock(ptl);
	if (!pmd_same(pmdval, mmscope_pmdp_get(pmd))) {
		spin_unlock(ptl);
		rcu_read_unlock();
		return false;
	}
	mmscope_walk_enter(w, MMSCOPE_LEVEL_PTE, pte, addr, end);
	if (w->ops->ptes)
		w->ops->ptes(w, pte, addr, end);
	spin_unlock(ptl);
	rcu_read_unlock();
	return true;
}

static void mmscope_walk_pmd_range(struct mmscope_walk *w, pud_t *pud,
				   unsigned long addr, unsigned long end)
{
	pmd_t *pmd = pmd_offset(pud, addr);
	unsigned long next;

	mmscope_walk_enter(w, MMSCOPE_LEVEL_PMD, pmd, addr, end);
	for (; addr != end && !w->stop; pmd++, addr = next) {
		pmd_t pmdval;

		next = pmd_addr_end(addr, end);
again:
		pmdval = mmscope_pmdp_get(pmd);
		if (pmd_none(pmdval)) {
			mmscope_walk_hole(w, MMSCOPE_LEVEL_PMD, addr, next);
			continue;
		}
		if (mmscope_pmd_is_huge(pmdval)) {
			if (!mmscope_walk_huge_pmd(w, pmd, addr, next))
				goto again;
			w->budget -= min_t(long, w->budget, PTRS_PER_PTE);
			continue;
		}
		if (unlikely(pmd_bad(pmdval)))
			continue;
		mmscope_walk_table(w, MMSCOPE_LEVEL_PMD, pmd_val(pmdval), pmd,
				   addr, next);
		if (w->stop || w->max_level < MMSCOPE_LEVEL_PTE)
			continue;
		if (!mmscope_walk_ptes(w, pmd, pmdval, addr, next))
			goto again;
		w->budget -= min_t(long, w->budget, (next - addr) >> PAGE_SHIFT);
	}
}

static void mmscope_walk_hugetlb(struct mmscope_walk *w, unsigned long addr,
				 unsigned long end)
{
#ifdef CONFIG_HUGETLB_PAGE
	struct hstate *h = hstate_vma(w->vma);
	unsigned long sz = huge_page_size(h);
	unsigned long next;

	for (; addr < end && !w->stop; addr = next) {
		pte_t *ptep = mmscope_huge_pte_offset(w->mm, addr & huge_page_mask(h), sz);
		spinlock_t *ptl;	/* huge_pte_lock() of the entry */

		next = min((addr & huge_page_mask(h)) + sz, end);
		if (!ptep) {
			mmscope_walk_hole(w, sz == PUD_SIZE ? MMSCOPE_LEVEL_PUD :
					  MMSCOPE_LEVEL_PMD, addr, next);
			continue;
		}
		ptl = huge_pte_lock(h, w->mm, ptep);
		if (w->ops->hugetlb)
			w->ops->hugetlb(w, ptep, mmscope_huge_ptep_get(w->mm, addr, ptep),
					addr, next, sz);
		spin_unlock(ptl);
		w->budget -= min_t(long, w->budget, 1);
	}
#endif
}

/* A writer waits for the lock that holds the VMA. */
static bool mmscope_walk_contended(struct mmscope_walk *w)
{
	return w->vma_locked ? mmscope_vma_lock_contended(w->vma) :
			       mmap_lock_is_contended(w->mm);
}

/*
 * Walk [start, end) of w->vma, held.  Returns the address reached: @end
 * when done, less when the budget ran out or a writer waits for the lock
 * that holds the VMA.  The walk always makes progress.
 */
unsigned long mmscope_walk_range(struct mmscope_walk *w, unsigned long start,
				 unsigned long end)
{
	unsigned long addr, next;

	/*
	 * Entries are whole pages: a range cut mid-page by the request is
	 * widened to its pages, else the PTE loops (addr != end) would run
	 * past the table.  Callers clip to the VMA, whose end is aligned.
	 */
	start = round_down(start, PAGE_SIZE);
	end = round_up(end, PAGE_SIZE);
	addr = start;
	if (is_vm_hugetlb_page(w->vma)) {
		/* one entry per huge page: few, walked in one go */
		mmscope_walk_hugetlb(w, start, end);
		return w->stop ?: end;
	}

	while (addr < end) {
		pgd_t *pgd;
		p4d_t *p4d;
		pud_t *pud;
		u64 val;

		next = pmd_addr_end(addr, end);
		pgd = pgd_offset(w->mm, addr);
		val = pgd_val(READ_ONCE(*pgd));
		if (pgd_none(__pgd(val)) || pgd_bad(__pgd(val))) {
			next = pgd_addr_end(addr, end);
			mmscope_walk_hole(w, MMSCOPE_LEVEL_PGD, addr, next);
			goto advance;
		}
		mmscope_walk_enter(w, MMSCOPE_LEVEL_PGD, pgd, addr, next);
		mmscope_walk_table(w, MMSCOPE_LEVEL_PGD, val, pgd, addr, next);
		p4d = p4d_offset(pgd, addr);
		val = p4d_val(READ_ONCE(*p4d));
		if (p4d_none(__p4d(val)) || p4d_bad(__p4d(val))) {
			next = p4d_addr_end(addr, end);
			mmscope_walk_hole(w, pgtable_l5_enabled() ?
					  MMSCOPE_LEVEL_P4D : MMSCOPE_LEVEL_PGD,
					  addr, next);
			goto advance;
		}
		if (pgtable_l5_enabled()) {
			mmscope_walk_enter(w, MMSCOPE_LEVEL_P4D, p4d, addr, next);
			mmscope_walk_table(w, MMSCOPE_LEVEL_P4D, val, p4d, addr, next);
		}
		if (w->stop || w->max_level < MMSCOPE_LEVEL_PUD)
			goto advance;
		pud = pud_offset(p4d, addr);
		mmscope_walk_enter(w, MMSCOPE_LEVEL_PUD, pud, addr, next);
		val = pud_val(READ_ONCE(*pud));
		if (pud_none(__pud(val))) {
			next = pud_addr_end(addr, end);
			mmscope_walk_hole(w, MMSCOPE_LEVEL_PUD, addr, next);
			goto advance;
		}
		if (mmscope_pud_is_leaf(__pud(val)) || pud_bad(__pud(val))) {
			/* DAX/PFN-map PUD leaves: nothing mmscope accounts */
			next = pud_addr_end(addr, end);
			goto advance;
		}
		mmscope_walk_table(w, MMSCOPE_LEVEL_PUD, val, pud, addr, next);
		if (w->stop || w->max_level < MMSCOPE_LEVEL_PMD)
			goto advance;
		/* one PMD's worth at a time, so that we can stop anywhere */
		mmscope_walk_pmd_range(w, pud, addr, next);
advance:
		if (w->stop)
			return w->stop;
		addr = next;
		if (addr < end && (w->budget <= 0 || mmscope_walk_contended(w)))
			break;
	}
	return addr;
}

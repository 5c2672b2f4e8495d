/* SPDX-License-Identifier: GPL-2.0 */
/* mmscope: the page-table walker (walk.c). */
#ifndef _MMSCOPE_WALK_H
#define _MMSCOPE_WALK_H

#include <linux/mm_types.h>
#include <linux/pgtable.h>

struct mmscope_walk;

/*
 * Callbacks, all called with the page-table lock of the entry held (none
 * for holes), under mmap_lock held for reading.  They must not sleep.
 */
struct mmscope_walk_ops {
	/*
	 * The PTEs of one table, [addr, end), with its lock held: one call
	 * per table, so that the per-entry loop is the callback's own (no
	 * indirect call per entry).  pte_none() entries are holes; the
	 * callback decides what they mean.
	 */
	void (*ptes)(struct mmscope_walk *w, pte_t *pte, unsigned long addr,
		     unsigned long end);
	/* A PMD leaf: THP, devmap, or a PMD migration entry. */
	void (*pmd)(struct mmscope_walk *w, pmd_t pmd, unsigned long addr,
		    unsigned long end);
	/* A hugetlb entry of @size bytes (may be none). */
	void (*hugetlb)(struct mmscope_walk *w, pte_t *ptep, pte_t pte,
			unsigned long addr, unsigned long end,
			unsigned long size);
	/* [start, end) has no page table at all. */
	void (*hole)(struct mmscope_walk *w, unsigned long start,
		     unsigned long end);
};

struct mmscope_walk {
	const struct mmscope_walk_ops *ops;
	struct mm_struct *mm;
	struct vm_area_struct *vma;
	void *priv;
	long budget;		/* entries to visit before yielding */
};

unsigned long mmscope_walk_range(struct mmscope_walk *w, unsigned long start,
				 unsigned long end);

#endif /* _MMSCOPE_WALK_H */

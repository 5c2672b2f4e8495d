/* SPDX-License-Identifier: GPL-2.0 */
/* mmscope: the page-table walker (walk.c). */
#ifndef _MMSCOPE_WALK_H
#define _MMSCOPE_WALK_H

#include <linux/mm_types.h>
#include <linux/pgtable.h>

#include "uapi/linux/mmscope.h"

/* Page-table entries PT_GET and PT_STATS visit under one hold of mmap_lock. */
#define MMSCOPE_PT_BUDGET	4096

struct mmscope_walk;

/*
 * Callbacks, with the VMA held (mmap_lock held for reading, or the VMA's
 * own read lock: struct mmscope_hold); the PTE, PMD and hugetlb
 * ones with the entry's page-table lock held.  None may sleep.  Any may
 * set w->stop to an address in the range it was given: the walk then ends
 * there and returns that address (to be resumed from).
 */
struct mmscope_walk_ops {
	/*
	 * The walk steps into the table at @level (an MMSCOPE_LEVEL_*)
	 * whose first byte is @table, for [addr, end).  Called again for
	 * the same table on later steps into it; callers dedupe.
	 */
	void (*enter)(struct mmscope_walk *w, int level, void *table,
		      unsigned long addr, unsigned long end);
	/*
	 * An upper-level entry (PGD, P4D with 5 levels, PUD, PMD) that points
	 * to a table, read locklessly; @ptr is where it lies.
	 */
	void (*table)(struct mmscope_walk *w, int level, u64 entry, void *ptr,
		      unsigned long addr, unsigned long end);
	/*
	 * The PTEs of one table, [addr, end), with its lock held: one call
	 * per table, so that the per-entry loop is the callback's own (no
	 * indirect call per entry).  pte_none() entries are holes; the
	 * callback decides what they mean.
	 */
	void (*ptes)(struct mmscope_walk *w, pte_t *pte, unsigned long addr,
		     unsigned long end);
	/* A PMD leaf: THP, devmap, or a PMD migration entry. */
	void (*pmd)(struct mmscope_walk *w, pmd_t pmd, pmd_t *ptr,
		    unsigned long addr, unsigned long end);
	/* A hugetlb entry of @size bytes (may be none). */
	void (*hugetlb)(struct mmscope_walk *w, pte_t *ptep, pte_t pte,
			unsigned long addr, unsigned long end,
			unsigned long size);
	/* [start, end) has no entry at @level (no table below it). */
	void (*hole)(struct mmscope_walk *w, int level, unsigned long start,
		     unsigned long end);
};

struct mmscope_walk {
	const struct mmscope_walk_ops *ops;
	struct mm_struct *mm;
	struct vm_area_struct *vma;
	void *priv;
	long budget;		/* entries to visit before yielding */
	int max_level;		/* do not descend below this level */
	bool vma_locked;	/* held by the VMA's own lock, not mmap_lock */
	unsigned long stop;	/* set by a callback: end the walk here */
};

/*
 * Walk [start, end) of w->vma; returns the address where it stopped (at
 * a PMD boundary when the budget is spent or a writer waits for the lock
 * that holds the VMA).
 */
unsigned long mmscope_walk_range(struct mmscope_walk *w, unsigned long start,
				 unsigned long end);

#endif /* _MMSCOPE_WALK_H */

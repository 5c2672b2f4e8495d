/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mmscope wrapper: the VMAs of an mm in address order, under mmap_lock.
 *
 * find_vma() for each VMA walks the tree from its root every time; the
 * kernel's own readers (/proc/PID/maps) keep their place instead.
 *
 *  - 6.1+: the maple tree, a ma_state kept between VMAs (for_each_vma()).
 *  - 5.10: the VMA list, vm_next.
 */
#ifndef _MMSCOPE_WRAPPER_VMAITER_H
#define _MMSCOPE_WRAPPER_VMAITER_H

#include <linux/mm.h>
#include <linux/version.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 1, 0)
#include <linux/maple_tree.h>

struct mmscope_vma_iter {
	struct ma_state mas;
};

/* The first VMA that ends above @addr, as find_vma(); NULL: none. */
static inline struct vm_area_struct *
mmscope_vma_iter_first(struct mmscope_vma_iter *it, struct mm_struct *mm,
		       unsigned long addr)
{
	MA_STATE(mas, &mm->mm_mt, addr, addr);

	it->mas = mas;
	return mas_find(&it->mas, ULONG_MAX);
}

/* The VMA after the one _first() or _next() returned last. */
static inline struct vm_area_struct *
mmscope_vma_iter_next(struct mmscope_vma_iter *it)
{
	return mas_find(&it->mas, ULONG_MAX);
}
#else
struct mmscope_vma_iter {
	struct vm_area_struct *vma;
};

static inline struct vm_area_struct *
mmscope_vma_iter_first(struct mmscope_vma_iter *it, struct mm_struct *mm,
		       unsigned long addr)
{
	it->vma = find_vma(mm, addr);
	return it->vma;
}

static inline struct vm_area_struct *
mmscope_vma_iter_next(struct mmscope_vma_iter *it)
{
	it->vma = it->vma ? it->vma->vm_next : NULL;
	return it->vma;
}
#endif

#endif /* _MMSCOPE_WRAPPER_VMAITER_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mmscope wrapper: per-VMA read locks (6.4+, CONFIG_PER_VMA_LOCK).
 *
 * A walk that holds one VMA by its own read lock, without mmap_lock,
 * never makes the target's mmap, munmap or mprotect of other mappings
 * wait: that is how the kernel's page faults and, from 6.16, its
 * /proc/PID/maps read.  The VMA's page tables stay while it is read-locked
 * (unmapping it first write-locks it), and its fields are stable.
 *
 *  - 7.x exports lock_vma_under_rcu(); its vma_end_read() is inline.
 *  - 6.12 exports neither: its lock_vma_under_rcu() (mm/memory.c) is done
 *    here, with the inline vma_start_read()/vma_end_read() of its headers.
 *  - 5.10 and 6.1 have no per-VMA locks: every walk holds mmap_lock.
 */
#ifndef _MMSCOPE_WRAPPER_VMALOCK_H
#define _MMSCOPE_WRAPPER_VMALOCK_H

#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/rcupdate.h>
#include <linux/rwsem.h>

#if defined(CONFIG_PER_VMA_LOCK) && defined(MMSCOPE_HAVE_MM_LOCK_SEQCOUNT) && \
	(defined(MMSCOPE_HAVE_LOCK_VMA_EXPORT) || defined(MMSCOPE_HAVE_VMA_DETACHED))
#define MMSCOPE_HAVE_VMA_LOCK 1

#ifdef MMSCOPE_HAVE_LOCK_VMA_EXPORT
static inline struct vm_area_struct *mmscope_vma_lock(struct mm_struct *mm,
						      unsigned long addr)
{
	return lock_vma_under_rcu(mm, addr);
}

/* A writer waits for (or holds) the VMA: 7.x's reader-exclusion flag. */
static inline bool mmscope_vma_lock_contended(struct vm_area_struct *vma)
{
	return refcount_read(&vma->vm_refcnt) & VM_REFCNT_EXCLUDE_READERS_FLAG;
}
#else
/* 6.12's lock_vma_under_rcu(), without its vmstat events. */
static inline struct vm_area_struct *mmscope_vma_lock(struct mm_struct *mm,
						      unsigned long addr)
{
	MA_STATE(mas, &mm->mm_mt, addr, addr);
	struct vm_area_struct *vma;

	rcu_read_lock();
retry:
	vma = mas_walk(&mas);
	if (!vma || !vma_start_read(vma))
		goto inval;
	/* isolated after we found it: replaced by another one */
	if (vma->detached) {
		vma_end_read(vma);
		mas_set(&mas, addr);
		goto retry;
	}
	/* vm_start and vm_end may have changed before the lock was taken */
	if (unlikely(addr < vma->vm_start || addr >= vma->vm_end)) {
		vma_end_read(vma);
		goto inval;
	}
	rcu_read_unlock();
	return vma;
inval:
	rcu_read_unlock();
	return NULL;
}

static inline bool mmscope_vma_lock_contended(struct vm_area_struct *vma)
{
	return rwsem_is_contended(&vma->vm_lock->lock);
}
#endif

static inline void mmscope_vma_unlock(struct vm_area_struct *vma)
{
	vma_end_read(vma);
}

/*
 * Where the first VMA that ends above @addr starts (or @addr, inside it),
 * read under RCU without a lock: only a hint of where to lock next.
 * False when there is no VMA above @addr.
 */
static inline bool mmscope_vma_next_hint(struct mm_struct *mm,
					 unsigned long addr,
					 unsigned long *start)
{
	MA_STATE(mas, &mm->mm_mt, addr, addr);
	struct vm_area_struct *vma;

	rcu_read_lock();
	vma = mas_find(&mas, ULONG_MAX);
	if (vma) {
		/* racy on purpose: a hint the caller checks with mm_lock_seq */
		*start = max(data_race(vma->vm_start), addr);
	}
	rcu_read_unlock();
	return vma;
}

/* mm_lock_seq without mmap_lock: odd while a writer holds it. */
static inline unsigned int mmscope_mm_generation_unlocked(struct mm_struct *mm)
{
	return raw_read_seqcount(&mm->mm_lock_seq);
}
#else
#define MMSCOPE_HAVE_VMA_LOCK 0

static inline struct vm_area_struct *mmscope_vma_lock(struct mm_struct *mm,
						      unsigned long addr)
{
	return NULL;
}

static inline bool mmscope_vma_lock_contended(struct vm_area_struct *vma)
{
	return false;
}

static inline void mmscope_vma_unlock(struct vm_area_struct *vma)
{
}

static inline bool mmscope_vma_next_hint(struct mm_struct *mm,
					 unsigned long addr,
					 unsigned long *start)
{
	return false;
}

static inline unsigned int mmscope_mm_generation_unlocked(struct mm_struct *mm)
{
	return 0;
}
#endif

#endif /* _MMSCOPE_WRAPPER_VMALOCK_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Address spaces and VMAs across kernels: counters, names, lookups, the
 * gate area, the owner of an mm.
 */
#ifndef _MMSCOPE_WRAPPER_MM_H
#define _MMSCOPE_WRAPPER_MM_H

#include <linux/version.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/mm_types.h>
#include <linux/sched/mm.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 10, 0) && !defined(MMSCOPE_FORCE)
#error "mmscope supports Linux 5.10 to 7.x (make FORCE=1 tries anyway)"
#endif

/*
 * RSS counters as /proc/PID/status reads them: up to 6.1 exact atomics,
 * from 6.2 per-CPU counters that status sums exactly.
 */
static inline unsigned long mmscope_mm_counter(struct mm_struct *mm, int member)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	return percpu_counter_sum_positive(&mm->rss_stat[member]);
#else
	return get_mm_counter(mm, member);
#endif
}

/* The inode and path /proc/PID/maps shows for a mapped file. */
static inline const struct inode *mmscope_file_inode(struct file *file)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
	return file_user_inode(file);
#else
	return file_inode(file);
#endif
}

static inline const struct path *mmscope_file_path(struct file *file)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
	return file_user_path(file);
#else
	return &file->f_path;
#endif
}

/*
 * The user-supplied name of an anonymous (or, from 6.2, anonymous shmem)
 * mapping, or NULL (5.17 brought the names).  mmap_lock must be held.
 */
static inline const char *mmscope_anon_vma_name(struct vm_area_struct *vma)
{
#ifdef CONFIG_ANON_VMA_NAME
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
	if (vma->vm_file)
		return NULL;
#endif
	return vma->anon_name ? vma->anon_name->name : NULL;
#else
	return NULL;
#endif
}

/* [heap] as /proc/PID/maps decides it (before 6.12: inclusive bounds). */
static inline bool mmscope_vma_is_heap(struct vm_area_struct *vma,
				       struct mm_struct *mm)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	return vma->vm_start < mm->brk && vma->vm_end > mm->start_brk;
#else
	return vma->vm_start <= mm->brk && vma->vm_end >= mm->start_brk;
#endif
}

/* [stack]: the VMA holding the main thread's start_stack (every kernel). */
static inline bool mmscope_vma_is_stack(struct vm_area_struct *vma,
					struct mm_struct *mm)
{
	return vma->vm_start <= mm->start_stack &&
	       vma->vm_end >= mm->start_stack;
}

/*
 * The VMA holding @addr, or NULL: vma_lookup() (5.14) written with
 * find_vma(), which every kernel has.  mmap_lock must be held.
 */
static inline struct vm_area_struct *mmscope_vma_lookup(struct mm_struct *mm,
							unsigned long addr)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	return vma && vma->vm_start <= addr ? vma : NULL;
}

/* x86: does this mm have the legacy vsyscall page (64-bit tasks do)? */
static inline bool mmscope_mm_has_vsyscall(struct mm_struct *mm)
{
#ifndef CONFIG_COMPAT
	return true;
#elif defined(MM_CONTEXT_HAS_VSYSCALL)
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
	return test_bit(MM_CONTEXT_HAS_VSYSCALL, &mm->context.flags);
#else
	return mm->context.flags & MM_CONTEXT_HAS_VSYSCALL;
#endif
#else
	/* before MM_CONTEXT_HAS_VSYSCALL: every mm but a 32-bit task's */
	return !mm->context.ia32_compat;
#endif
}

/* Global tgid of the process that owns @mm, 0 if unknown. */
static inline u32 mmscope_mm_owner_tgid(struct mm_struct *mm)
{
#ifdef CONFIG_MEMCG
	struct task_struct *t;
	u32 tgid = 0;

	rcu_read_lock();
	t = rcu_dereference(mm->owner);
	if (t)
		tgid = task_tgid_nr(t);
	rcu_read_unlock();
	return tgid;
#else
	return mm == current->mm ? task_tgid_nr(current) : 0;
#endif
}

/* Is @mm a process's address space (not init_mm, which is not exported)? */
static inline bool mmscope_mm_is_user(struct mm_struct *mm)
{
#ifdef CONFIG_MEMCG
	return rcu_access_pointer(mm->owner);
#else
	return mm == current->mm;
#endif
}

/*
 * May the page tables of @mm be read without locks, interrupts off, the
 * way get_user_pages_fast() does?  With MMU_GATHER_RCU_TABLE_FREE (x86
 * with PARAVIRT: every Debian kernel) freed tables wait for an RCU grace
 * period or an IPI, so any mm; otherwise only the mm loaded on this CPU,
 * whose TLB-flush IPIs wait for us.
 */
static inline bool mmscope_peek_safe(struct mm_struct *mm)
{
#ifdef CONFIG_MMU_GATHER_RCU_TABLE_FREE
	return true;
#else
	return mm == current->active_mm;
#endif
}

/*
 * How many times the address space was write-locked: mm_lock_seq, the
 * per-VMA locks' sequence, which every mmap_write_lock() and unlock (or
 * downgrade) advances; every change to the mappings happens between the
 * two.  It is even and stable while the caller holds mmap_lock for
 * reading.  Kernels before it (5.10, 6.1) count nothing a module can read:
 * false.
 */
#if defined(CONFIG_PER_VMA_LOCK) && defined(MMSCOPE_HAVE_MM_LOCK_SEQCOUNT)
#define MMSCOPE_HAVE_MM_GENERATION 1
static inline bool mmscope_mm_generation(struct mm_struct *mm,
					 unsigned int *gen)
{
	mmap_assert_locked(mm);
	*gen = raw_read_seqcount(&mm->mm_lock_seq);
	return true;
}
#else
#define MMSCOPE_HAVE_MM_GENERATION 0
static inline bool mmscope_mm_generation(struct mm_struct *mm,
					 unsigned int *gen)
{
	*gen = 0;
	return false;
}
#endif

#endif /* _MMSCOPE_WRAPPER_MM_H */

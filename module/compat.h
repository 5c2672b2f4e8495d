/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every difference between the supported kernels (Debian 6.1 and 6.12)
 * lives here, one small wrapper per kernel API.  Logic files never test
 * LINUX_VERSION_CODE themselves.
 */
#ifndef _MMSCOPE_COMPAT_H
#define _MMSCOPE_COMPAT_H

#include <linux/version.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/mm_types.h>
#include <net/genetlink.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0)
#error "mmscope supports Linux 6.1 and later"
#endif

/* Attributes of a dump request, parsed and validated by genetlink. */
static inline struct nlattr **mmscope_dump_attrs(struct netlink_callback *cb)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/*
 * RSS counters as /proc/PID/status reads them: 6.1 keeps exact atomics,
 * 6.2+ keeps per-CPU counters that status sums exactly.
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
 * mapping, or NULL.  mmap_lock must be held.
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

/* [heap] as /proc/PID/maps decides it (6.1: inclusive bounds). */
static inline bool mmscope_vma_is_heap(struct vm_area_struct *vma,
				       struct mm_struct *mm)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	return vma->vm_start < mm->brk && vma->vm_end > mm->start_brk;
#else
	return vma->vm_start <= mm->brk && vma->vm_end >= mm->start_brk;
#endif
}

/* [stack]: the VMA holding the main thread's start_stack (same on both). */
static inline bool mmscope_vma_is_stack(struct vm_area_struct *vma,
					struct mm_struct *mm)
{
	return vma->vm_start <= mm->start_stack &&
	       vma->vm_end >= mm->start_stack;
}

/*
 * The VmFlags mnemonics of /proc/PID/smaps, copied from the running
 * kernel's fs/proc/task_mmu.c show_smap_vma_flags().  Index: bit number.
 * An empty string means "never printed"; "??" an unknown bit that is.
 */
static inline void mmscope_vmflags_table(const char *t[BITS_PER_LONG])
{
	int i;

	for (i = 0; i < BITS_PER_LONG; i++)
		t[i] = "??";
	t[ilog2(VM_READ)] = "rd";
	t[ilog2(VM_WRITE)] = "wr";
	t[ilog2(VM_EXEC)] = "ex";
	t[ilog2(VM_SHARED)] = "sh";
	t[ilog2(VM_MAYREAD)] = "mr";
	t[ilog2(VM_MAYWRITE)] = "mw";
	t[ilog2(VM_MAYEXEC)] = "me";
	t[ilog2(VM_MAYSHARE)] = "ms";
	t[ilog2(VM_GROWSDOWN)] = "gd";
	t[ilog2(VM_PFNMAP)] = "pf";
	t[ilog2(VM_LOCKED)] = "lo";
	t[ilog2(VM_IO)] = "io";
	t[ilog2(VM_SEQ_READ)] = "sr";
	t[ilog2(VM_RAND_READ)] = "rr";
	t[ilog2(VM_DONTCOPY)] = "dc";
	t[ilog2(VM_DONTEXPAND)] = "de";
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	t[ilog2(VM_LOCKONFAULT)] = "lf";
#endif
	t[ilog2(VM_ACCOUNT)] = "ac";
	t[ilog2(VM_NORESERVE)] = "nr";
	t[ilog2(VM_HUGETLB)] = "ht";
	t[ilog2(VM_SYNC)] = "sf";
	t[ilog2(VM_ARCH_1)] = "ar";
	t[ilog2(VM_WIPEONFORK)] = "wf";
	t[ilog2(VM_DONTDUMP)] = "dd";
#ifdef CONFIG_MEM_SOFT_DIRTY
	t[ilog2(VM_SOFTDIRTY)] = "sd";
#endif
	t[ilog2(VM_MIXEDMAP)] = "mm";
	t[ilog2(VM_HUGEPAGE)] = "hg";
	t[ilog2(VM_NOHUGEPAGE)] = "nh";
	t[ilog2(VM_MERGEABLE)] = "mg";
	t[ilog2(VM_UFFD_MISSING)] = "um";
	t[ilog2(VM_UFFD_WP)] = "uw";
#ifdef CONFIG_ARCH_HAS_PKEYS
	/* These come out via ProtectionKey: */
	t[ilog2(VM_PKEY_BIT0)] = "";
	t[ilog2(VM_PKEY_BIT1)] = "";
	t[ilog2(VM_PKEY_BIT2)] = "";
#if VM_PKEY_BIT3
	t[ilog2(VM_PKEY_BIT3)] = "";
#endif
#if VM_PKEY_BIT4
	t[ilog2(VM_PKEY_BIT4)] = "";
#endif
#endif
#ifdef CONFIG_HAVE_ARCH_USERFAULTFD_MINOR
	t[ilog2(VM_UFFD_MINOR)] = "ui";
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#ifdef CONFIG_X86_USER_SHADOW_STACK
	t[ilog2(VM_SHADOW_STACK)] = "ss";
#endif
	t[ilog2(VM_DROPPABLE)] = "dp";
	t[ilog2(VM_SEALED)] = "sl";
#endif
}

/* x86: does this mm have the legacy vsyscall page (64-bit tasks do)? */
static inline bool mmscope_mm_has_vsyscall(struct mm_struct *mm)
{
#ifdef CONFIG_COMPAT
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	return test_bit(MM_CONTEXT_HAS_VSYSCALL, &mm->context.flags);
#else
	return mm->context.flags & MM_CONTEXT_HAS_VSYSCALL;
#endif
#else
	return true;
#endif
}

#endif /* _MMSCOPE_COMPAT_H */

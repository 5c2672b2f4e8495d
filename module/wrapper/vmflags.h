/* SPDX-License-Identifier: GPL-2.0 */
/* The VmFlags mnemonics of /proc/PID/smaps across kernels. */
#ifndef _MMSCOPE_WRAPPER_VMFLAGS_H
#define _MMSCOPE_WRAPPER_VMFLAGS_H

#include <linux/version.h>
#include <linux/log2.h>
#include <linux/mm.h>

/*
 * show_smap_vma_flags() of the running kernel's fs/proc/task_mmu.c, as a
 * table indexed by bit number.  An empty string means "never printed";
 * "??" an unknown bit that is.
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
#ifdef VM_DENYWRITE	/* gone in 5.15 */
	t[ilog2(VM_DENYWRITE)] = "dw";
#endif
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
#ifdef CONFIG_ARCH_PKEY_BITS
	/* 6.10+: the bits follow the architecture's key width */
#if CONFIG_ARCH_PKEY_BITS > 3
	t[ilog2(VM_PKEY_BIT3)] = "";
#endif
#if CONFIG_ARCH_PKEY_BITS > 4
	t[ilog2(VM_PKEY_BIT4)] = "";
#endif
#else
#if VM_PKEY_BIT3
	t[ilog2(VM_PKEY_BIT3)] = "";
#endif
#if VM_PKEY_BIT4
	t[ilog2(VM_PKEY_BIT4)] = "";
#endif
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

#endif /* _MMSCOPE_WRAPPER_VMFLAGS_H */

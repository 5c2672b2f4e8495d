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
#include <linux/hugetlb.h>
#include <linux/huge_mm.h>
#include <linux/swapops.h>
#include <linux/page_idle.h>
#include <linux/memremap.h>
#include <linux/xarray.h>
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

/* A PMD entry, read once (pmdp_get() exists from 6.2 on). */
static inline pmd_t mmscope_pmdp_get(pmd_t *pmd)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	return pmdp_get(pmd);
#else
	return READ_ONCE(*pmd);
#endif
}

/* A PMD that maps memory itself (THP, devmap) or holds a swap entry. */
static inline bool mmscope_pmd_is_huge(pmd_t pmd)
{
#ifdef CONFIG_TRANSPARENT_HUGEPAGE
	return pmd_trans_huge(pmd) || pmd_devmap(pmd) || is_swap_pmd(pmd);
#else
	return false;
#endif
}

static inline bool mmscope_pud_is_leaf(pud_t pud)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	return pud_leaf(pud);
#else
	return pud_large(pud);
#endif
}

#ifdef CONFIG_HUGETLB_PAGE
/*
 * The entry that maps a hugetlb page of @sz bytes at @addr: the PUD for
 * 1 GiB pages, the PMD for 2 MiB pages; NULL if the levels above are
 * missing.  (huge_pte_offset() is not exported.)
 */
static inline pte_t *mmscope_huge_pte_offset(struct mm_struct *mm,
					     unsigned long addr,
					     unsigned long sz)
{
	pgd_t *pgd = pgd_offset(mm, addr);
	p4d_t *p4d;
	pud_t *pud;

	if (!pgd_present(READ_ONCE(*pgd)))
		return NULL;
	p4d = p4d_offset(pgd, addr);
	if (!p4d_present(READ_ONCE(*p4d)))
		return NULL;
	pud = pud_offset(p4d, addr);
	if (sz == PUD_SIZE)
		return (pte_t *)pud;
	if (!pud_present(READ_ONCE(*pud)))
		return NULL;
	return (pte_t *)pmd_offset(pud, addr);
}

static inline pte_t mmscope_huge_ptep_get(struct mm_struct *mm,
					  unsigned long addr, pte_t *ptep)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	return huge_ptep_get(mm, addr, ptep);
#else
	return huge_ptep_get(ptep);
#endif
}
#endif

/*
 * Page accounting, as smaps_account() of the running kernel reads a page:
 * struct page flags on 6.1, folios on 6.12.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#define MMSCOPE_SMAPS_HAS_KSM	1	/* the KSM: line of smaps */
#define MMSCOPE_SMAPS_THP_WIDE	1	/* "THPeligible:    %8u" */

static inline bool mmscope_page_anon(struct page *page)
{
	return folio_test_anon(page_folio(page));
}

static inline bool mmscope_page_swapbacked(struct page *page)
{
	return folio_test_swapbacked(page_folio(page));
}

static inline bool mmscope_page_dirty(struct page *page)
{
	return folio_test_dirty(page_folio(page));
}

static inline bool mmscope_page_referenced(struct page *page)
{
	struct folio *folio = page_folio(page);

	return folio_test_young(folio) || folio_test_referenced(folio);
}

static inline bool mmscope_page_ksm(struct page *page)
{
	return folio_test_ksm(page_folio(page));
}

static inline bool mmscope_page_zone_device(struct page *page)
{
	return folio_is_zone_device(page_folio(page));
}

/* fs/proc/internal.h folio_precise_page_mapcount() */
static inline int mmscope_page_mapcount(struct page *page)
{
	struct folio *folio = page_folio(page);
	int mapcount = atomic_read(&page->_mapcount) + 1;

	if (page_mapcount_is_type(mapcount))
		mapcount = 0;
	if (folio_test_large(folio))
		mapcount += folio_entire_mapcount(folio);
	return mapcount;
}

/*
 * Is the page counted whole (not split by mapcount)?  And then, as
 * private?  6.12: refcount 1, or any non-present entry ("maybe shared").
 */
static inline bool mmscope_smaps_whole(struct page *page, bool present,
				       bool migration, bool *private)
{
	*private = present;
	return folio_ref_count(page_folio(page)) == 1 || !present;
}

static inline bool mmscope_hugetlb_shared(struct page *page, bool present,
					  pte_t *ptep)
{
	return !present || folio_likely_mapped_shared(page_folio(page)) ||
	       hugetlb_pmd_shared(ptep);
}
#else
#define MMSCOPE_SMAPS_HAS_KSM	0
#define MMSCOPE_SMAPS_THP_WIDE	0

static inline bool mmscope_page_anon(struct page *page)
{
	return PageAnon(page);
}

static inline bool mmscope_page_swapbacked(struct page *page)
{
	return PageSwapBacked(page);
}

static inline bool mmscope_page_dirty(struct page *page)
{
	return PageDirty(page);
}

static inline bool mmscope_page_referenced(struct page *page)
{
	return page_is_young(page) || PageReferenced(page);
}

static inline bool mmscope_page_ksm(struct page *page)
{
	return false;
}

static inline bool mmscope_page_zone_device(struct page *page)
{
	return is_zone_device_page(page);
}

static inline int mmscope_page_mapcount(struct page *page)
{
	return page_mapcount(page);
}

/* 6.1: refcount 1, or a migration entry, counts whole and private. */
static inline bool mmscope_smaps_whole(struct page *page, bool present,
				       bool migration, bool *private)
{
	*private = true;
	return page_count(page) == 1 || migration;
}

static inline bool mmscope_hugetlb_shared(struct page *page, bool present,
					  pte_t *ptep)
{
	return page_mapcount(page) >= 2 || hugetlb_pmd_shared(ptep);
}
#endif

void *mmscope_ksym_data(const char *name);

/*
 * The sysfs THP order masks of 6.12 (mTHP): unexported data, read through
 * mmscope_ksym_data(); 6.1 knows only the PMD order.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
#define MMSCOPE_THP_ORDERS	1
struct mmscope_thp_orders {
	const unsigned long *anon_always, *anon_madvise, *anon_inherit;
	const unsigned long *shmem_always, *shmem_madvise, *shmem_inherit;
	const unsigned long *shmem_within_size;
	const void *shmem_anon_vm_ops;
};

static inline bool mmscope_thp_orders_init(struct mmscope_thp_orders *o)
{
	o->anon_always = mmscope_ksym_data("huge_anon_orders_always");
	o->anon_madvise = mmscope_ksym_data("huge_anon_orders_madvise");
	o->anon_inherit = mmscope_ksym_data("huge_anon_orders_inherit");
	o->shmem_always = mmscope_ksym_data("huge_shmem_orders_always");
	o->shmem_madvise = mmscope_ksym_data("huge_shmem_orders_madvise");
	o->shmem_inherit = mmscope_ksym_data("huge_shmem_orders_inherit");
	o->shmem_within_size = mmscope_ksym_data("huge_shmem_orders_within_size");
	o->shmem_anon_vm_ops = mmscope_ksym_data("shmem_anon_vm_ops");
	return o->anon_always && o->anon_madvise && o->anon_inherit &&
	       o->shmem_always && o->shmem_madvise && o->shmem_inherit &&
	       o->shmem_within_size && o->shmem_anon_vm_ops;
}
#else
#define MMSCOPE_THP_ORDERS	0
struct mmscope_thp_orders {
	int unused;
};

static inline bool mmscope_thp_orders_init(struct mmscope_thp_orders *o)
{
	return true;
}
#endif

/* Pages behind one swap value entry of a shmem mapping's xarray. */
static inline unsigned long mmscope_xas_value_pages(struct xa_state *xas)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	return 1UL << xas_get_order(xas);
#else
	return 1;
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

/*
 * May the page tables of @mm be read without locks, interrupts off, the
 * way get_user_pages_fast() does?  With MMU_GATHER_RCU_TABLE_FREE (x86
 * with PARAVIRT: both Debian kernels) freed tables wait for an RCU grace
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
 * The mm of a struct flush_tlb_info (the argument of native_flush_tlb_multi).
 * asm/tlbflush.h hides the structure from modules; on 6.1 and 6.12 alike
 * it begins with "struct mm_struct *mm; unsigned long start, end;".
 */
struct mmscope_flush_tlb_info {
	struct mm_struct *mm;
	unsigned long start;
	unsigned long end;
};

static inline struct mm_struct *mmscope_flush_info_mm(const void *info)
{
	return info ? ((const struct mmscope_flush_tlb_info *)info)->mm : NULL;
}

/*
 * pte_protnone() and pmd_protnone() are constant 0 without
 * CONFIG_NUMA_BALANCING (Debian's PREEMPT_RT kernel has none), yet a
 * PROT_NONE mapping has the same bits on every x86 kernel: _PAGE_PROTNONE
 * without _PAGE_PRESENT.  This is x86's own definition of both.
 */
static inline bool mmscope_pte_protnone(pte_t pte)
{
	return (pte_flags(pte) & (_PAGE_PROTNONE | _PAGE_PRESENT)) ==
	       _PAGE_PROTNONE;
}

static inline bool mmscope_pmd_protnone(pmd_t pmd)
{
	return (pmd_flags(pmd) & (_PAGE_PROTNONE | _PAGE_PRESENT)) ==
	       _PAGE_PROTNONE;
}

#endif /* _MMSCOPE_COMPAT_H */

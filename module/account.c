// SPDX-License-Identifier: GPL-2.0
/*
 * smaps-equivalent accounting on top of the walker, computed the way the
 * running kernel's fs/proc/task_mmu.c computes it (smaps_account(),
 * smaps_pte_entry(), smaps_pmd_entry(), smaps_hugetlb_range(),
 * smap_gather_stats()); the differences between kernels are in compat.h.
 */
#include <linux/highmem.h>
#include <linux/hugetlb.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/pkeys.h>
#include <linux/shmem_fs.h>
#include <linux/swap.h>
#include <linux/vmalloc.h>
#include <linux/xarray.h>
#include <uapi/linux/magic.h>

#include "mmscope.h"
#include "account.h"
#include "walk.h"
#include "wrapper/mm.h"
#include "wrapper/page.h"
#include "wrapper/pgtable.h"
#include "wrapper/leaf.h"
#include "wrapper/swap.h"
#include "wrapper/thp.h"
#include "wrapper/smaps.h"

/*
 * Unexported data read (never called) through mmscope_ksym_data(): the
 * swap devices, for swap counts (SwapPss), and the huge zero page's pfn.
 */
static struct swap_info_struct **mmscope_swap_info;
static unsigned long *mmscope_huge_zero_pfn;
static unsigned long *mmscope_highest_memmap_pfn;

int mmscope_account_init(void)
{
#ifdef MMSCOPE_HAVE_SWAP_MAP
	mmscope_swap_info = mmscope_ksym_data("swap_info");
	if (!mmscope_swap_info)
		pr_info("mmscope: swap_info not found; SwapPss is unavailable\n");
#else
	pr_info("mmscope: this kernel keeps swap counts private; SwapPss is unavailable\n");
#endif
	mmscope_huge_zero_pfn = mmscope_ksym_data("huge_zero_pfn");
	mmscope_highest_memmap_pfn = mmscope_ksym_data("highest_memmap_pfn");
	return mmscope_thp_init();
}

bool mmscope_swap_pss_known(void)
{
	return mmscope_swap_info;
}

u64 mmscope_account_features(void)
{
	return (mmscope_swap_pss_known() ? MMSCOPE_FEAT_SWAP_PSS : 0) |
	       (mmscope_thp_eligible_known() ? MMSCOPE_FEAT_THP_ELIGIBLE : 0);
}

#ifdef MMSCOPE_HAVE_SWAP_MAP
#define MMSCOPE_SWAPFILE_CLUSTER \
	(IS_ENABLED(CONFIG_THP_SWAP) ? HPAGE_PMD_NR : 256)

/*
 * swp_swapcount(): how many references a swap entry has, continuation
 * pages included, under the same lock the kernel takes.  The caller holds
 * the page-table lock of a PTE holding @entry, so the device cannot be
 * swapped off (and its swap_map freed) under us.
 */
static int mmscope_swapcount(swp_entry_t entry)
{
	unsigned long offset = swp_offset(entry);
	unsigned int type = swp_type(entry);
	struct swap_cluster_info *ci;
	struct swap_info_struct *si;
	int count, tmp_count, n;
	unsigned char *map;
	struct page *page;

	if (!mmscope_swap_info || type >= MAX_SWAPFILES)
		return 1;
	si = READ_ONCE(mmscope_swap_info[type]);
	if (!si || !(READ_ONCE(si->flags) & SWP_USED) || offset >= si->max ||
	    !si->swap_map)
		return 0;

	ci = si->cluster_info;
	if (ci) {
		ci += offset / MMSCOPE_SWAPFILE_CLUSTER;
		spin_lock(&ci->lock);
	} else {
		spin_lock(&si->lock);
	}

	count = si->swap_map[offset] & ~SWAP_HAS_CACHE;
	if (!(count & COUNT_CONTINUED))
		goto out;

	count &= ~COUNT_CONTINUED;
	n = SWAP_MAP_MAX + 1;
	page = vmalloc_to_page(si->swap_map + offset);
	offset &= ~PAGE_MASK;
	do {
		page = list_next_entry(page, lru);
		map = mmscope_kmap_local(page);
		tmp_count = map[offset];
		mmscope_kunmap_local(map);
		count += (tmp_count & ~COUNT_CONTINUED) * n;
		n *= (SWAP_CONT_MAX + 1);
	} while (tmp_count & COUNT_CONTINUED);
out:
	if (ci)
		spin_unlock(&ci->lock);
	else
		spin_unlock(&si->lock);
	return count;
}
#else
static int mmscope_swapcount(swp_entry_t entry)
{
	return 1;	/* never reported: SwapPss is unavailable */
}
#endif

bool mmscope_is_shmem_mapping(struct address_space *mapping)
{
	/* shmem_mapping() is not exported on 6.1; tmpfs and shm share it */
	return IS_ENABLED(CONFIG_SHMEM) && mapping && mapping->host &&
	       mapping->host->i_sb->s_magic == TMPFS_MAGIC;
}

/* shmem_partial_swap_usage(): swap entries of @mapping in [start, end). */
static unsigned long mmscope_shmem_partial_swap(struct address_space *mapping,
						pgoff_t start, pgoff_t end)
{
	XA_STATE(xas, &mapping->i_pages, start);
	unsigned long swapped = 0;
	unsigned long max = end - 1;
	void *entry;

	if (end <= start)
		return 0;
	rcu_read_lock();
	xas_for_each(&xas, entry, max) {
		if (xas_retry(&xas, entry))
			continue;
		if (xa_is_value(entry))
			swapped += mmscope_xas_value_pages(&xas);
		if (xas.xa_index == max)
			break;
	}
	rcu_read_unlock();
	return swapped << PAGE_SHIFT;
}

/* shmem_swap_usage() */
static unsigned long mmscope_shmem_swap_usage(struct vm_area_struct *vma)
{
	struct inode *inode = file_inode(vma->vm_file);
	unsigned long swapped = READ_ONCE(SHMEM_I(inode)->swapped);

	if (!swapped)
		return 0;
	if (!vma->vm_pgoff && vma->vm_end - vma->vm_start >= inode->i_size)
		return swapped << PAGE_SHIFT;
	return mmscope_shmem_partial_swap(inode->i_mapping, vma->vm_pgoff,
					  vma->vm_pgoff + vma_pages(vma));
}

struct mmscope_smaps_walk {
	struct mmscope_mss *mss;
	bool locked;
	bool shmem_holes;
};

/*
 * The per-page helpers are inlined on purpose: 6.12 builds with call depth
 * tracking, and a call per page-table entry costs more than the work.
 */
static __always_inline void
mmscope_smaps_page_accumulate(struct mmscope_mss *mss, struct page *page,
			      unsigned long size, u64 pss, bool dirty, bool locked,
			bool private)
{
	mss->pss += pss;
	if (mmscope_page_anon(page))
		mss->pss_anon += pss;
	else if (mmscope_page_swapbacked(page))
		mss->pss_shmem += pss;
	else
		mss->pss_file += pss;
	if (locked)
		mss->pss_locked += pss;
	if (dirty || mmscope_page_dirty(page)) {
		mss->pss_dirty += pss;
		if (private)
			mss->private_dirty += size;
		else
			mss->shared_dirty += size;
	} else {
		if (private)
			mss->private_clean += size;
		else
			mss->shared_clean += size;
	}
}

/* smaps_account() */
static __always_inline void
mmscope_smaps_account(struct mmscope_mss *mss, struct page *page, bool compound,
		      bool young, bool dirty, bool locked, bool present,
		     bool migration)
{
	int i, nr = compound ? compound_nr(page) : 1;
	unsigned long size = nr * PAGE_SIZE;
	bool private;

	if (mmscope_page_anon(page)) {
		mss->anonymous += size;
		if (!mmscope_page_swapbacked(page) && !dirty &&
		    !mmscope_page_dirty(page))
			mss->lazyfree += size;
	}
	if (mmscope_page_ksm(page))
		mss->ksm += size;
	mss->resident += size;
	if (young || mmscope_page_referenced(page))
		mss->referenced += size;

	if (mmscope_smaps_whole(page, present, migration, &private)) {
		mmscope_smaps_page_accumulate(mss, page, size,
					      (u64)size << MMSCOPE_PSS_SHIFT, dirty,
					locked, private);
		return;
	}
	for (i = 0; i < nr; i++, page++) {
		int mapcount = mmscope_page_mapcount(page);
		u64 pss = (u64)PAGE_SIZE << MMSCOPE_PSS_SHIFT;

		if (mapcount >= 2)
			pss = div_u64(pss, mapcount);
		mmscope_smaps_page_accumulate(mss, page, PAGE_SIZE, pss, dirty,
					      locked, mapcount < 2);
	}
}

/*
 * vm_normal_page() on x86 (which has pte_special): its sanity bound is
 * highest_memmap_pfn when we could find it, else the (slower) pfn_valid().
 */
static __always_inline struct page *mmscope_pte_page(pte_t pte)
{
	if (pte_special(pte))
		return NULL;
	return mmscope_pfn_page(pte_pfn(pte));
}

/*
 * The struct page of a PFN a non-special entry maps (vm_normal_page()'s
 * bound), or NULL.
 */
struct page *mmscope_pfn_page(unsigned long pfn)
{
	if (mmscope_highest_memmap_pfn ?
	    pfn > READ_ONCE(*mmscope_highest_memmap_pfn) : !pfn_valid(pfn))
		return NULL;
	return pfn_to_page(pfn);
}

unsigned long mmscope_huge_zero_pfn_now(void)
{
	return mmscope_huge_zero_pfn ? READ_ONCE(*mmscope_huge_zero_pfn) : ~0UL;
}

#ifdef CONFIG_TRANSPARENT_HUGEPAGE
static bool mmscope_huge_zero(unsigned long pfn, struct page *page,
			      struct vm_area_struct *vma)
{
	if (mmscope_huge_zero_pfn)
		return pfn == READ_ONCE(*mmscope_huge_zero_pfn);
	/* Without the symbol: only the huge zero page is a non-anonymous
	 * PMD leaf in anonymous memory.
	 */
	return vma_is_anonymous(vma) && !mmscope_page_anon(page);
}

/*
 * The page a present huge PMD maps, as smaps finds it: never the huge
 * zero page, never PFN-mapped memory.
 */
static struct page *mmscope_pmd_page(struct vm_area_struct *vma,
				     unsigned long addr, pmd_t pmd)
{
	unsigned long pfn = pmd_pfn(pmd);
	struct page *page;

	if (!pfn_valid(pfn))
		return NULL;
	if (vma->vm_flags & VM_PFNMAP)
		return NULL;
	if (mmscope_pmd_devmap(pmd))
		return NULL;
	page = pfn_to_page(pfn);
	if (mmscope_huge_zero(pfn, page, vma))
		return NULL;
	return page;
}

#endif

static void mmscope_smaps_pte_hole(struct mmscope_walk *w, int level,
				   unsigned long start, unsigned long end);

static __always_inline void mmscope_smaps_pte_entry(struct mmscope_smaps_walk *a,
						    pte_t pte)
{
	struct mmscope_mss *mss = a->mss;
	bool present = false, migration = false, young = false, dirty = false;
	struct page *page = NULL;

	if (pte_present(pte)) {
		page = mmscope_pte_page(pte);
		young = pte_young(pte);
		dirty = pte_dirty(pte);
		present = true;
	} else if (mmscope_pte_is_leaf(pte)) {
		struct mmscope_leaf l;

		mmscope_pte_leaf(pte, &l);
		if (l.kind == MMSCOPE_LEAF_SWAP) {
			int mapcount = mmscope_swapcount(l.entry);
			u64 pss = (u64)PAGE_SIZE << MMSCOPE_PSS_SHIFT;

			mss->swap += PAGE_SIZE;
			if (mapcount >= 2)
				pss = div_u64(pss, mapcount);
			mss->swap_pss += pss;
		} else if (l.has_pfn) {
			migration = l.kind == MMSCOPE_LEAF_MIGRATION;
			present = l.kind == MMSCOPE_LEAF_DEVICE_PRIVATE;
			page = pfn_to_page(l.pfn);
		}
	}
	if (page)
		mmscope_smaps_account(mss, page, false, young, dirty, a->locked,
				      present, migration);
}

/* smaps_pte_range(): the entries of one PTE table. */
static void mmscope_smaps_pte_range(struct mmscope_walk *w, pte_t *pte,
				    unsigned long addr, unsigned long end)
{
	struct mmscope_smaps_walk *a = w->priv;

	for (; addr != end; pte++, addr += PAGE_SIZE) {
		pte_t ptent = ptep_get(pte);

		if (!pte_none(ptent))
			mmscope_smaps_pte_entry(a, ptent);
		else if (a->shmem_holes)
			mmscope_smaps_pte_hole(w, MMSCOPE_LEVEL_PTE, addr,
					       addr + PAGE_SIZE);
	}
}

static void mmscope_smaps_pmd_entry(struct mmscope_walk *w, pmd_t pmd, pmd_t *ptr,
				    unsigned long addr, unsigned long end)
{
#ifdef CONFIG_TRANSPARENT_HUGEPAGE
	struct mmscope_smaps_walk *a = w->priv;
	struct mmscope_mss *mss = a->mss;
	bool present = false, migration = false;
	struct page *page = NULL;

	if (pmd_present(pmd)) {
		page = mmscope_pmd_page(w->vma, addr, pmd);
		present = true;
	} else if (mmscope_smaps_pmd_leaves() && mmscope_pmd_is_leaf_entry(pmd)) {
		struct mmscope_leaf l;

		mmscope_pmd_leaf(pmd, &l);
		if (l.has_pfn) {
			migration = l.kind == MMSCOPE_LEAF_MIGRATION;
			page = pfn_to_page(l.pfn);
		}
	}
	if (!page)
		return;
	if (mmscope_page_anon(page))
		mss->anonymous_thp += HPAGE_PMD_SIZE;
	else if (mmscope_page_swapbacked(page))
		mss->shmem_thp += HPAGE_PMD_SIZE;
	else if (!mmscope_page_zone_device(page))
		mss->file_thp += HPAGE_PMD_SIZE;
	mmscope_smaps_account(mss, page, true, pmd_young(pmd), pmd_dirty(pmd),
			      a->locked, present, migration);
#endif
}

static void mmscope_smaps_hugetlb_range(struct mmscope_walk *w, pte_t *ptep,
					pte_t pte, unsigned long addr,
				unsigned long end, unsigned long size)
{
	struct mmscope_smaps_walk *a = w->priv;
	struct page *page = NULL;
	bool present = false;

	if (pte_present(pte)) {
		if (pfn_valid(pte_pfn(pte)))
			page = pte_page(pte);
		present = true;
	} else if (mmscope_pte_is_leaf(pte)) {
		struct mmscope_leaf l;

		mmscope_pte_leaf(pte, &l);
		if (l.has_pfn)
			page = pfn_to_page(l.pfn);
	}
	if (!page)
		return;
	page = compound_head(page);
	if (mmscope_hugetlb_shared(page, present, ptep))
		a->mss->shared_hugetlb += size;
	else
		a->mss->private_hugetlb += size;
}

static void mmscope_smaps_pte_hole(struct mmscope_walk *w, int level,
				   unsigned long start, unsigned long end)
{
	struct mmscope_smaps_walk *a = w->priv;
	struct vm_area_struct *vma = w->vma;

	if (!a->shmem_holes)
		return;
	a->mss->swap += mmscope_shmem_partial_swap(vma->vm_file->f_mapping,
						   linear_page_index(vma, start),
						   linear_page_index(vma, end));
}

static const struct mmscope_walk_ops mmscope_acc_ops = {
	.ptes = mmscope_smaps_pte_range,
	.pmd = mmscope_smaps_pmd_entry,
	.hugetlb = mmscope_smaps_hugetlb_range,
	.hole = mmscope_smaps_pte_hole,
};

static void mmscope_acc_identity(struct mmscope_vma_acc *acc,
				 struct vm_area_struct *vma)
{
	acc->vm_start = vma->vm_start;
	acc->vm_end = vma->vm_end;
	acc->vm_pgoff = vma->vm_pgoff;
	acc->vm_flags = vma->vm_flags;
	acc->vm_file = vma->vm_file;
	acc->started = true;
}

void mmscope_acc_begin(struct mmscope_vma_acc *acc, struct mmscope_mss *mss,
		       struct vm_area_struct *vma, unsigned long from)
{
	bool whole = from <= vma->vm_start;

	memset(acc, 0, sizeof(*acc));
	mmscope_acc_identity(acc, vma);
	acc->addr = whole ? vma->vm_start : from;

	/* smap_gather_stats(): shmem swap without walking when it can */
	if (vma->vm_file && mmscope_is_shmem_mapping(vma->vm_file->f_mapping)) {
		unsigned long shmem_swapped = mmscope_shmem_swap_usage(vma);

		if (whole && (!shmem_swapped || (vma->vm_flags & VM_SHARED) ||
			      !(vma->vm_flags & VM_WRITE)))
			mss->swap += shmem_swapped;
		else
			acc->shmem_holes = true;
	}
	/* walk_page_test(): PFN maps are not walked */
	if (vma->vm_flags & VM_PFNMAP)
		acc->addr = vma->vm_end;
}

void mmscope_acc_adopt(struct mmscope_vma_acc *acc, struct vm_area_struct *vma)
{
	mmscope_acc_identity(acc, vma);
	acc->addr = clamp(acc->addr, vma->vm_start, vma->vm_end);
	if (vma->vm_flags & VM_PFNMAP)
		acc->addr = vma->vm_end;
}

void mmscope_mss_add(struct mmscope_mss *sum, const struct mmscope_mss *mss)
{
	const u64 *src = (const u64 *)mss;
	u64 *dst = (u64 *)sum;
	size_t i;

	BUILD_BUG_ON(sizeof(*mss) % sizeof(u64));
	for (i = 0; i < sizeof(*mss) / sizeof(u64); i++)
		dst[i] += src[i];
}

bool mmscope_acc_same_vma(const struct mmscope_vma_acc *acc,
			  struct vm_area_struct *vma)
{
	return acc->started && acc->vm_start == vma->vm_start &&
	       acc->vm_end == vma->vm_end && acc->vm_pgoff == vma->vm_pgoff &&
	       acc->vm_flags == vma->vm_flags && acc->vm_file == vma->vm_file;
}

bool mmscope_smap_gather_stats(struct mmscope_vma_acc *acc, struct mmscope_mss *mss,
			       struct vm_area_struct *vma, bool vma_locked,
			       long budget)
{
	struct mmscope_smaps_walk a = {
		.mss = mss,
		.locked = !!(vma->vm_flags & VM_LOCKED),
		.shmem_holes = acc->shmem_holes,
	};
	struct mmscope_walk w = {
		.ops = &mmscope_acc_ops,
		.mm = vma->vm_mm,
		.vma = vma,
		.priv = &a,
		.budget = budget,
		.max_level = MMSCOPE_LEVEL_PTE,
		.vma_locked = vma_locked,
	};

	if (acc->addr < vma->vm_end)
		acc->addr = mmscope_walk_range(&w, acc->addr, vma->vm_end);
	return acc->addr >= vma->vm_end;
}

static int mmscope_put(struct sk_buff *skb, int type, u64 val)
{
	return nla_put_u64_64bit(skb, type, val, MMSCOPE_SMAPS_A_PAD);
}

/* The figures of smaps, in its order, and where each lies in the mss. */
#define MMSCOPE_MSS(a, f) { MMSCOPE_SMAPS_A_##a, offsetof(struct mmscope_mss, f) }
static const struct {
	u16 type;
	u16 off;
} mmscope_smap_figs[] = {
	MMSCOPE_MSS(RSS, resident),
	MMSCOPE_MSS(PSS, pss),
	MMSCOPE_MSS(PSS_DIRTY, pss_dirty),
	MMSCOPE_MSS(PSS_ANON, pss_anon),
	MMSCOPE_MSS(PSS_FILE, pss_file),
	MMSCOPE_MSS(PSS_SHMEM, pss_shmem),
	MMSCOPE_MSS(SHARED_CLEAN, shared_clean),
	MMSCOPE_MSS(SHARED_DIRTY, shared_dirty),
	MMSCOPE_MSS(PRIVATE_CLEAN, private_clean),
	MMSCOPE_MSS(PRIVATE_DIRTY, private_dirty),
	MMSCOPE_MSS(REFERENCED, referenced),
	MMSCOPE_MSS(ANONYMOUS, anonymous),
	MMSCOPE_MSS(KSM, ksm),
	MMSCOPE_MSS(LAZYFREE, lazyfree),
	MMSCOPE_MSS(ANON_HUGE, anonymous_thp),
	MMSCOPE_MSS(SHMEM_PMD, shmem_thp),
	MMSCOPE_MSS(FILE_PMD, file_thp),
	MMSCOPE_MSS(SHARED_HUGETLB, shared_hugetlb),
	MMSCOPE_MSS(PRIVATE_HUGETLB, private_hugetlb),
	MMSCOPE_MSS(SWAP, swap),
	MMSCOPE_MSS(SWAP_PSS, swap_pss),
	MMSCOPE_MSS(LOCKED, pss_locked),
};

#undef MMSCOPE_MSS

/* The Pss_Anon/File/Shmem split, which only smaps_rollup prints. */
#define MMSCOPE_SMAPS_SPLIT (BIT_ULL(MMSCOPE_SMAPS_A_PSS_ANON) | \
			     BIT_ULL(MMSCOPE_SMAPS_A_PSS_FILE) | \
			     BIT_ULL(MMSCOPE_SMAPS_A_PSS_SHMEM))

u64 mmscope_smap_figures(const struct mmscope_mss *mss, bool rollup, u64 *val)
{
	/* the lines this kernel's smaps has; SwapPss only if it can be read */
	u64 want = mmscope_smaps_lines(), present = 0;
	size_t i;

	BUILD_BUG_ON(sizeof(struct mmscope_mss) > U16_MAX);
	BUILD_BUG_ON(MMSCOPE_SMAPS_A_MAX >= 64);
	if (!mmscope_swap_pss_known())
		want &= ~BIT_ULL(MMSCOPE_SMAPS_A_SWAP_PSS);	/* never guessed */
	if (!rollup)
		want &= ~MMSCOPE_SMAPS_SPLIT;
	/* Per VMA, most figures are zero: those are left out. */
	for (i = 0; i < ARRAY_SIZE(mmscope_smap_figs); i++) {
		int type = mmscope_smap_figs[i].type;
		u64 v = *(const u64 *)((const char *)mss + mmscope_smap_figs[i].off);

		if (!(want & BIT_ULL(type)) || (!rollup && !v))
			continue;
		val[type] = v;
		present |= BIT_ULL(type);
	}
	return present;
}

u64 mmscope_vma_figures(struct vm_area_struct *vma, u64 *val)
{
	u64 present = BIT_ULL(MMSCOPE_SMAPS_A_SIZE) |
		      BIT_ULL(MMSCOPE_SMAPS_A_KERNEL_PAGE_SIZE) |
		      BIT_ULL(MMSCOPE_SMAPS_A_MMU_PAGE_SIZE);
	int thp = mmscope_thp_eligible(vma);

	val[MMSCOPE_SMAPS_A_SIZE] = vma->vm_end - vma->vm_start;
	val[MMSCOPE_SMAPS_A_KERNEL_PAGE_SIZE] = vma_kernel_pagesize(vma);
	/* x86 has no vma_mmu_pagesize() of its own */
	val[MMSCOPE_SMAPS_A_MMU_PAGE_SIZE] = val[MMSCOPE_SMAPS_A_KERNEL_PAGE_SIZE];
	if (thp >= 0) {
		val[MMSCOPE_SMAPS_A_THP_ELIGIBLE] = thp;
		present |= BIT_ULL(MMSCOPE_SMAPS_A_THP_ELIGIBLE);
	}
	if (arch_pkeys_enabled()) {
		val[MMSCOPE_SMAPS_A_PKEY] = vma_pkey(vma);
		present |= BIT_ULL(MMSCOPE_SMAPS_A_PKEY);
	}
	return present;
}

/* Figures as attributes; THPeligible and ProtectionKey are u32. */
static int mmscope_put_figures(struct sk_buff *skb, u64 present,
			       const u64 *val)
{
	unsigned long bits = present;
	int type;

	for_each_set_bit(type, &bits, MMSCOPE_SMAPS_A_MAX + 1) {
		int ret;

		if (type == MMSCOPE_SMAPS_A_THP_ELIGIBLE ||
		    type == MMSCOPE_SMAPS_A_PKEY)
			ret = nla_put_u32(skb, type, val[type]);
		else
			ret = mmscope_put(skb, type, val[type]);
		if (ret)
			return -EMSGSIZE;
	}
	return 0;
}

int mmscope_show_smap(struct sk_buff *skb, const struct mmscope_mss *mss,
		      bool rollup)
{
	u64 val[MMSCOPE_SMAPS_A_MAX + 1];

	return mmscope_put_figures(skb, mmscope_smap_figures(mss, rollup, val),
				   val);
}

int mmscope_put_vma_smaps(struct sk_buff *skb, struct vm_area_struct *vma)
{
	u64 val[MMSCOPE_SMAPS_A_MAX + 1];

	return mmscope_put_figures(skb, mmscope_vma_figures(vma, val), val);
}

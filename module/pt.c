// SPDX-License-Identifier: GPL-2.0
/*
 * Page tables, live: PT_GET (every entry, or runs of them), VTOP (one
 * address through every level) and PT_STATS (tables and their occupancy),
 * all on top of the walker (walk.c), so under the same locks.
 */
#include <linux/hugetlb.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/page-flags.h>
#include <linux/pgtable.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <asm/pgtable-invert.h>

#include "mmscope.h"
#include "walk.h"
#include "account.h"
#include "wrapper/genetlink.h"
#include "wrapper/mm.h"
#include "wrapper/page.h"
#include "wrapper/pgtable.h"
#include "wrapper/leaf.h"

/* Page-table entries visited under one hold of mmap_lock. */
#define MMSCOPE_PT_BUDGET	4096

/* One entry, or a run of entries when compacting: the uapi record. */
#define mmscope_pt_rec mmscope_pt_entry

/* The struct page behind @pfn, read under the entry's lock. */
static void mmscope_page_info(struct page *page, unsigned long pfn,
			      struct mmscope_pt_rec *r)
{
	u32 f = 0;

	if (mmscope_page_anon(page))
		f |= MMSCOPE_PAGE_F_ANON;
	if (mmscope_page_ksm(page))
		f |= MMSCOPE_PAGE_F_KSM;
	if (mmscope_page_lru(page))
		f |= MMSCOPE_PAGE_F_LRU;
	if (mmscope_page_active(page))
		f |= MMSCOPE_PAGE_F_ACTIVE;
	if (mmscope_page_referenced_flag(page))
		f |= MMSCOPE_PAGE_F_REFERENCED;
	if (mmscope_page_dirty(page))
		f |= MMSCOPE_PAGE_F_DIRTY;
	if (mmscope_page_writeback(page))
		f |= MMSCOPE_PAGE_F_WRITEBACK;
	if (mmscope_page_swapbacked(page))
		f |= MMSCOPE_PAGE_F_SWAPBACKED;
	if (mmscope_page_swapcache(page))
		f |= MMSCOPE_PAGE_F_SWAPCACHE;
	if (mmscope_page_mlocked(page))
		f |= MMSCOPE_PAGE_F_MLOCKED;
	if (mmscope_page_unevictable(page))
		f |= MMSCOPE_PAGE_F_UNEVICTABLE;
	if (mmscope_page_large(page))
		f |= mmscope_page_head(page) == page ? MMSCOPE_PAGE_F_HEAD :
						       MMSCOPE_PAGE_F_TAIL;
	if (mmscope_page_hugetlb(page))
		f |= MMSCOPE_PAGE_F_HUGETLB;
	if (PageReserved(page))
		f |= MMSCOPE_PAGE_F_RESERVED;
	if (is_zero_pfn(pfn))
		f |= MMSCOPE_PAGE_F_ZERO;
	if (pfn - mmscope_huge_zero_pfn_now() < HPAGE_PMD_NR)
		f |= MMSCOPE_PAGE_F_HUGE_ZERO;
	if ((f & MMSCOPE_PAGE_F_ANON) && mmscope_page_anon_exclusive(page))
		f |= MMSCOPE_PAGE_F_ANON_EXCLUSIVE;

	r->page_flags = f;
	r->page_order = mmscope_page_order(page);
	r->page_mapcount = mmscope_page_mapcount(page);
	r->page_refcount = mmscope_page_refcount(page);
	r->has |= MMSCOPE_PT_HAS_PAGE;
	if ((f & MMSCOPE_PAGE_F_ANON) && r->page_mapcount > 1)
		r->has |= MMSCOPE_PT_PAGE_SHARED;
}

/* A leaf entry (any level), as the record's kind and PFN. */
static void mmscope_leaf_rec(struct mmscope_pt_rec *r,
			     const struct mmscope_leaf *l)
{
	static const u8 kinds[] = {
		[MMSCOPE_LEAF_SWAP] = MMSCOPE_PTE_SWAP,
		[MMSCOPE_LEAF_MIGRATION] = MMSCOPE_PTE_MIGRATION,
		[MMSCOPE_LEAF_DEVICE_PRIVATE] = MMSCOPE_PTE_DEVICE_PRIVATE,
		[MMSCOPE_LEAF_DEVICE_EXCLUSIVE] = MMSCOPE_PTE_DEVICE_EXCLUSIVE,
		[MMSCOPE_LEAF_MARKER] = MMSCOPE_PTE_MARKER,
		[MMSCOPE_LEAF_HWPOISON] = MMSCOPE_PTE_HWPOISON,
		[MMSCOPE_LEAF_OTHER] = MMSCOPE_PTE_BAD,
	};

	r->kind = kinds[l->kind];
	if (l->kind == MMSCOPE_LEAF_SWAP) {
		r->swap_type = mmscope_leaf_swap_type(l);
		r->swap_offset = mmscope_leaf_swap_offset(l);
		r->has |= MMSCOPE_PT_HAS_SWAP;
	}
	if (l->has_pfn) {
		r->pfn = l->pfn;
		r->has |= MMSCOPE_PT_HAS_PFN;
	}
}

/* Hardware bits of any level, as our flag vocabulary. */
static u32 mmscope_hw_flags(u64 v, int level)
{
	u32 f = 0;

	if (v & _PAGE_PRESENT)
		f |= MMSCOPE_PTE_F_PRESENT;
	if (v & _PAGE_RW)
		f |= MMSCOPE_PTE_F_RW;
	if (v & _PAGE_USER)
		f |= MMSCOPE_PTE_F_USER;
	if (v & _PAGE_PWT)
		f |= MMSCOPE_PTE_F_PWT;
	if (v & _PAGE_PCD)
		f |= MMSCOPE_PTE_F_PCD;
	if (v & _PAGE_ACCESSED)
		f |= MMSCOPE_PTE_F_ACCESSED;
	if (v & _PAGE_DIRTY)
		f |= MMSCOPE_PTE_F_DIRTY;
	if (level != MMSCOPE_LEVEL_PTE && (v & _PAGE_PSE))
		f |= MMSCOPE_PTE_F_HUGE;
	if ((v & _PAGE_GLOBAL) && (v & _PAGE_PRESENT))
		f |= MMSCOPE_PTE_F_GLOBAL;
	if (v & _PAGE_NX)
		f |= MMSCOPE_PTE_F_NX;
	return f;
}

/* A leaf PTE (or hugetlb entry read as a PTE) at @level. */
static void mmscope_pte_rec(struct mmscope_pt_rec *r, pte_t pte, int level,
			    bool want_page)
{
	u64 v = pte_val(pte);

	r->entry = v;
	r->level = level;
	if (pte_none(pte)) {
		r->kind = MMSCOPE_PTE_NONE;
		return;
	}
	if (__pte_needs_invert(v))
		r->flags |= MMSCOPE_PTE_F_INVERTED;
	if (pte_present(pte)) {
		r->kind = mmscope_pte_protnone(pte) ? MMSCOPE_PTE_PROTNONE : MMSCOPE_PTE_PRESENT;
		r->flags |= mmscope_hw_flags(v, level);
		if (mmscope_pte_protnone(pte))
			r->flags |= MMSCOPE_PTE_F_PROTNONE;
		if (pte_dirty(pte))
			r->flags |= MMSCOPE_PTE_F_DIRTY;
		if (pte_soft_dirty(pte))
			r->flags |= MMSCOPE_PTE_F_SOFT_DIRTY;
		if (mmscope_pte_uffd_wp(pte))
			r->flags |= MMSCOPE_PTE_F_UFFD_WP;
		if (pte_special(pte))
			r->flags |= MMSCOPE_PTE_F_SPECIAL;
		if (mmscope_pte_devmap(pte))
			r->flags |= MMSCOPE_PTE_F_DEVMAP;
		r->pfn = pte_pfn(pte);
		r->has |= MMSCOPE_PT_HAS_PFN;
		r->pkey = pte_flags_pkey(pte_flags(pte));
		r->has |= MMSCOPE_PT_HAS_PKEY;
	} else {
		struct mmscope_leaf l;

		if (pte_swp_soft_dirty(pte))
			r->flags |= MMSCOPE_PTE_F_SOFT_DIRTY;
		if (mmscope_pte_swp_uffd_wp(pte))
			r->flags |= MMSCOPE_PTE_F_UFFD_WP;
		if (mmscope_pte_swp_exclusive(pte))
			r->flags |= MMSCOPE_PTE_F_EXCLUSIVE;
		mmscope_pte_leaf(pte, &l);
		mmscope_leaf_rec(r, &l);
	}
	if (want_page && (r->has & MMSCOPE_PT_HAS_PFN)) {
		/* special entries (PFN maps) may point where no page is */
		struct page *page = (r->flags & MMSCOPE_PTE_F_SPECIAL) ?
				    (pfn_valid(r->pfn) ? pfn_to_page(r->pfn) : NULL) :
				    mmscope_pfn_page(r->pfn);

		if (page)
			mmscope_page_info(page, r->pfn, r);
	}
}

/* A huge PMD leaf, or a PMD migration entry. */
static void mmscope_pmd_rec(struct mmscope_pt_rec *r, pmd_t pmd, bool want_page)
{
#ifdef CONFIG_TRANSPARENT_HUGEPAGE
	u64 v = pmd_val(pmd);

	r->entry = v;
	r->level = MMSCOPE_LEVEL_PMD;
	if (__pte_needs_invert(v))
		r->flags |= MMSCOPE_PTE_F_INVERTED;
	if (pmd_present(pmd)) {
		r->kind = mmscope_pmd_protnone(pmd) ? MMSCOPE_PTE_PROTNONE : MMSCOPE_PTE_PRESENT;
		r->flags |= mmscope_hw_flags(v, MMSCOPE_LEVEL_PMD) | MMSCOPE_PTE_F_HUGE;
		if (mmscope_pmd_protnone(pmd))
			r->flags |= MMSCOPE_PTE_F_PROTNONE;
		if (pmd_dirty(pmd))
			r->flags |= MMSCOPE_PTE_F_DIRTY;
		if (pmd_soft_dirty(pmd))
			r->flags |= MMSCOPE_PTE_F_SOFT_DIRTY;
		if (mmscope_pmd_uffd_wp(pmd))
			r->flags |= MMSCOPE_PTE_F_UFFD_WP;
		if (mmscope_pmd_devmap(pmd))
			r->flags |= MMSCOPE_PTE_F_DEVMAP;
		r->pfn = pmd_pfn(pmd);
		r->has |= MMSCOPE_PT_HAS_PFN;
		r->pkey = pte_flags_pkey(pmd_flags(pmd));
		r->has |= MMSCOPE_PT_HAS_PKEY;
	} else if (mmscope_pmd_is_leaf_entry(pmd)) {
		struct mmscope_leaf l;

		if (pmd_swp_soft_dirty(pmd))
			r->flags |= MMSCOPE_PTE_F_SOFT_DIRTY;
		mmscope_pmd_leaf(pmd, &l);
		mmscope_leaf_rec(r, &l);
		if (l.kind != MMSCOPE_LEAF_MIGRATION)
			r->kind = MMSCOPE_PTE_BAD;
	}
	if (want_page && (r->has & MMSCOPE_PT_HAS_PFN)) {
		struct page *page = mmscope_pfn_page(r->pfn);

		if (page)
			mmscope_page_info(page, r->pfn, r);
	}
#endif
}

/* An upper-level entry that points to a table. */
static void mmscope_table_rec(struct mmscope_pt_rec *r, int level, u64 v)
{
	r->entry = v;
	r->level = level;
	r->kind = MMSCOPE_PTE_TABLE;
	r->flags = mmscope_hw_flags(v, level);
	r->pfn = (v & PTE_PFN_MASK) >> PAGE_SHIFT;
	r->has |= MMSCOPE_PT_HAS_PFN;
}

static unsigned long mmscope_level_size(int level)
{
	switch (level) {
	case MMSCOPE_LEVEL_PGD:
		return PGDIR_SIZE;
	case MMSCOPE_LEVEL_P4D:
		return P4D_SIZE;
	case MMSCOPE_LEVEL_PUD:
		return PUD_SIZE;
	case MMSCOPE_LEVEL_PMD:
		return PMD_SIZE;
	default:
		return PAGE_SIZE;
	}
}

static int mmscope_put_rec(struct sk_buff *skb, const struct mmscope_pt_rec *r)
{
	return nla_put(skb, MMSCOPE_A_PT, sizeof(*r), r);
}

/* ---- PT_GET ---------------------------------------------------------- */

struct mmscope_pt_dump {
	struct mm_struct *mm;
	unsigned long cursor, end;
	int level;			/* MMSCOPE_LEVEL_*, or _LEAVES */
	bool nonpresent, page, compact, done;
	struct mmscope_pt_rec pend;	/* compact: the run being grown */
	bool has_pend;
	unsigned long sent_upto[MMSCOPE_LEVEL_PTE + 1];
	/* the chunk being filled, and its open message */
	struct sk_buff *skb;
	struct netlink_callback *cb;
	void *hdr;
	unsigned int in_msg;
};

size_t mmscope_pt_dump_state_size(void)
{
	return sizeof(struct mmscope_pt_dump);
}

/*
 * Records are packed many to a message: a message is opened on the first
 * record of a chunk and closed when the chunk ends (mmscope_pt_close()).
 */
static int mmscope_pt_send(struct mmscope_pt_dump *d,
			   const struct mmscope_pt_rec *r)
{
	if (!d->hdr) {
		d->hdr = genlmsg_put(d->skb, NETLINK_CB(d->cb->skb).portid,
				     d->cb->nlh->nlmsg_seq, &mmscope_genl_family,
				     NLM_F_MULTI, MMSCOPE_CMD_PT_GET);
		if (!d->hdr)
			return -EMSGSIZE;
		d->in_msg = 0;
	}
	if (mmscope_put_rec(d->skb, r))
		return -EMSGSIZE;
	d->in_msg++;
	return 0;
}

static void mmscope_pt_close(struct mmscope_pt_dump *d)
{
	if (!d->hdr)
		return;
	if (d->in_msg) {
		/* here, after every lock hold the records came from */
		genl_dump_check_consistent(d->cb, d->hdr);
		genlmsg_end(d->skb, d->hdr);
	} else {
		genlmsg_cancel(d->skb, d->hdr);
	}
	d->hdr = NULL;
}

static bool mmscope_pt_mergeable(const struct mmscope_pt_rec *a,
				 const struct mmscope_pt_rec *b)
{
	return a->level == b->level && a->kind == b->kind &&
	       a->flags == b->flags && a->end == b->start;
}

/*
 * Offer a record to the dump.  Returns 0 when it was taken (sent, or
 * grown into the pending run), -EMSGSIZE when the chunk is full: the
 * caller stops the walk there and the record comes again next chunk.
 */
static int mmscope_pt_offer(struct mmscope_pt_dump *d, struct mmscope_pt_rec *r)
{
	int ret;

	if (r->start < d->sent_upto[r->level])
		return 0;	/* taken in an earlier chunk */
	if (d->compact) {
		if (d->has_pend && mmscope_pt_mergeable(&d->pend, r)) {
			d->pend.end = r->end;
			d->pend.count += r->count;
		} else {
			if (d->has_pend) {
				ret = mmscope_pt_send(d, &d->pend);
				if (ret)
					return ret;
			}
			d->pend = *r;
			d->has_pend = true;
		}
	} else {
		ret = mmscope_pt_send(d, r);
		if (ret)
			return ret;
	}
	d->sent_upto[r->level] = r->end;
	return 0;
}

static bool mmscope_pt_wanted(struct mmscope_pt_dump *d, int level, u32 kind)
{
	if (d->level == MMSCOPE_LEVEL_LEAVES) {
		if (kind == MMSCOPE_PTE_TABLE)
			return false;
	} else if (level != d->level) {
		return false;
	}
	if (kind == MMSCOPE_PTE_PRESENT || kind == MMSCOPE_PTE_PROTNONE ||
	    kind == MMSCOPE_PTE_TABLE)
		return true;
	return d->nonpresent;
}

static void mmscope_pt_ptes(struct mmscope_walk *w, pte_t *pte,
			    unsigned long addr, unsigned long end)
{
	struct mmscope_pt_dump *d = w->priv;

	if (d->level != MMSCOPE_LEVEL_LEAVES && d->level != MMSCOPE_LEVEL_PTE)
		return;
	for (; addr != end; pte++, addr += PAGE_SIZE) {
		pte_t ptent = ptep_get(pte);
		struct mmscope_pt_rec r = {
			.start = addr, .end = addr + PAGE_SIZE, .count = 1,
		};

		if (pte_none(ptent) && !d->nonpresent)
			continue;
		mmscope_pte_rec(&r, ptent, MMSCOPE_LEVEL_PTE, d->page);
		if (!mmscope_pt_wanted(d, MMSCOPE_LEVEL_PTE, r.kind))
			continue;
		if (mmscope_pt_offer(d, &r)) {
			w->stop = addr;
			return;
		}
	}
}

static void mmscope_pt_pmd(struct mmscope_walk *w, pmd_t pmd, pmd_t *ptr,
			   unsigned long addr, unsigned long end)
{
	struct mmscope_pt_dump *d = w->priv;
	struct mmscope_pt_rec r = {
		.start = addr & PMD_MASK, .end = (addr & PMD_MASK) + PMD_SIZE,
		.count = 1,
	};

	mmscope_pmd_rec(&r, pmd, d->page);
	if (mmscope_pt_wanted(d, MMSCOPE_LEVEL_PMD, r.kind) &&
	    mmscope_pt_offer(d, &r))
		w->stop = addr;
}

static void mmscope_pt_hugetlb(struct mmscope_walk *w, pte_t *ptep, pte_t pte,
			       unsigned long addr, unsigned long end,
			       unsigned long size)
{
	struct mmscope_pt_dump *d = w->priv;
	int level = size >= PUD_SIZE ? MMSCOPE_LEVEL_PUD : MMSCOPE_LEVEL_PMD;
	struct mmscope_pt_rec r = {
		.start = addr & ~(size - 1), .end = (addr & ~(size - 1)) + size,
		.count = 1,
	};

	if (pte_none(pte) && !d->nonpresent)
		return;
	mmscope_pte_rec(&r, pte, level, d->page);
	if (mmscope_pt_wanted(d, level, r.kind) && mmscope_pt_offer(d, &r))
		w->stop = addr;
}

static void mmscope_pt_table(struct mmscope_walk *w, int level, u64 entry,
			     void *ptr, unsigned long addr, unsigned long end)
{
	struct mmscope_pt_dump *d = w->priv;
	unsigned long size = mmscope_level_size(level);
	struct mmscope_pt_rec r = {
		.start = addr & ~(size - 1), .end = (addr & ~(size - 1)) + size,
		.count = 1,
	};

	if (d->level != level)
		return;
	mmscope_table_rec(&r, level, entry);
	if (mmscope_pt_offer(d, &r))
		w->stop = addr;
}

static const struct mmscope_walk_ops mmscope_pt_ops = {
	.table = mmscope_pt_table,
	.ptes = mmscope_pt_ptes,
	.pmd = mmscope_pt_pmd,
	.hugetlb = mmscope_pt_hugetlb,
};

int mmscope_nl_pt_start(struct netlink_callback *cb)
{
	struct mmscope_pt_dump **dp = (void *)cb->ctx;

	BUILD_BUG_ON(sizeof(*dp) > sizeof(cb->ctx));
	*dp = NULL;
	return 0;
}

int mmscope_nl_pt_done(struct netlink_callback *cb)
{
	struct mmscope_pt_dump **dp = (void *)cb->ctx;

	if (*dp) {
		if ((*dp)->mm)
			mmput((*dp)->mm);
		kfree(*dp);
		*dp = NULL;
	}
	return 0;
}

static int mmscope_pt_begin(struct netlink_callback *cb,
			    struct mmscope_pt_dump **dp)
{
	struct nlattr *attrs[MMSCOPE_A_MAX + 1];
	struct mmscope_pt_dump *d;
	unsigned long start, end;
	struct mm_struct *mm;
	u32 flags = 0;
	int ret;

	ret = mmscope_req_parse(cb->skb, cb->nlh, attrs, cb->extack);
	if (ret)
		return ret;
	ret = mmscope_req_range(attrs, cb->extack, &start, &end);
	if (ret)
		return ret;
	if (attrs[MMSCOPE_A_ADDR] && (attrs[MMSCOPE_A_START] || attrs[MMSCOPE_A_END])) {
		NL_SET_ERR_MSG_ATTR(cb->extack, attrs[MMSCOPE_A_ADDR],
				    "ADDR (a VMA) and START/END (a range) exclude each other");
		return -EINVAL;
	}
	mm = mmscope_req_mm(attrs, cb->extack);
	if (IS_ERR(mm))
		return PTR_ERR(mm);
	if (attrs[MMSCOPE_A_ADDR]) {
		u64 addr = nla_get_u64(attrs[MMSCOPE_A_ADDR]);
		struct vm_area_struct *vma;

		if (mmap_read_lock_killable(mm)) {
			mmput(mm);
			NL_SET_ERR_MSG(cb->extack, "interrupted");
			return -EINTR;
		}
		/* the VMA's bounds are the dump's first look at the mappings */
		mmscope_dump_locked(cb, mm);
		vma = mmscope_vma_lookup(mm, addr);
		if (vma) {
			start = vma->vm_start;
			end = vma->vm_end;
		}
		mmap_read_unlock(mm);
		if (!vma) {
			mmput(mm);
			NL_SET_ERR_MSG_ATTR(cb->extack, attrs[MMSCOPE_A_ADDR],
					    "no VMA holds this address");
			return -ENOENT;
		}
	}
	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d) {
		mmput(mm);
		NL_SET_ERR_MSG(cb->extack, "out of memory");
		return -ENOMEM;
	}
	if (attrs[MMSCOPE_A_FLAGS])
		flags = nla_get_u32(attrs[MMSCOPE_A_FLAGS]);
	d->mm = mm;
	d->cursor = start;
	d->end = end;
	d->level = attrs[MMSCOPE_A_LEVEL] ? nla_get_u32(attrs[MMSCOPE_A_LEVEL]) :
					    MMSCOPE_LEVEL_LEAVES;
	d->nonpresent = flags & MMSCOPE_REQ_F_NONPRESENT;
	d->page = flags & MMSCOPE_REQ_F_PAGE;
	d->compact = flags & MMSCOPE_REQ_F_COMPACT;
	*dp = d;
	return 0;
}

int mmscope_nl_pt_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct mmscope_pt_dump **dp = (void *)cb->ctx;
	struct mmscope_pt_dump *d = *dp;
	int ret;

	if (!d) {
		ret = mmscope_pt_begin(cb, dp);
		if (ret)
			return ret;
		d = *dp;
	}
	if (d->done)
		return 0;
	d->skb = skb;
	d->cb = cb;

	if (mmap_read_lock_killable(d->mm))
		goto intr;
	mmscope_dump_locked(cb, d->mm);
	for (;;) {
		struct vm_area_struct *vma = find_vma(d->mm, d->cursor);
		struct mmscope_walk w = {
			.ops = &mmscope_pt_ops,
			.mm = d->mm,
			.priv = d,
			.budget = MMSCOPE_PT_BUDGET,
			.max_level = d->level == MMSCOPE_LEVEL_LEAVES ?
				     MMSCOPE_LEVEL_PTE : d->level,
		};
		unsigned long from, to, pos;

		if (!vma || vma->vm_start >= d->end) {
			d->done = true;
			break;
		}
		w.vma = vma;
		from = max(d->cursor, vma->vm_start);
		to = min(vma->vm_end, d->end);
		pos = mmscope_walk_range(&w, from, to);
		d->cursor = pos;
		if (w.stop)
			break;			/* the chunk is full */
		if (pos >= d->end) {
			d->done = true;
			break;
		}
		if (pos < to) {			/* budget spent, or a writer waits */
			mmap_read_unlock(d->mm);
			cond_resched();
			if (mmap_read_lock_killable(d->mm))
				goto intr;
			mmscope_dump_locked(cb, d->mm);
		}
	}
	mmap_read_unlock(d->mm);

	if (d->done && d->has_pend) {
		if (mmscope_pt_send(d, &d->pend)) {
			mmscope_pt_close(d);
			d->done = false;	/* send it next chunk */
			d->cursor = d->end;
			if (!skb->len) {
				NL_SET_ERR_MSG(cb->extack,
					       "a record did not fit in an empty message");
				return -EMSGSIZE;
			}
			return skb->len;
		}
		d->has_pend = false;
	}
	mmscope_pt_close(d);
	if (!d->done && !skb->len) {
		NL_SET_ERR_MSG(cb->extack, "a record did not fit in an empty message");
		return -EMSGSIZE;
	}
	return skb->len;
intr:
	mmscope_pt_close(d);
	NL_SET_ERR_MSG(cb->extack,
		       "interrupted while waiting for the target's mmap_lock");
	return -EINTR;
}

/* ---- VTOP ------------------------------------------------------------ */

#define MMSCOPE_VTOP_MAX	8

struct mmscope_vtop {
	unsigned long addr;
	struct mmscope_pt_rec rec[MMSCOPE_VTOP_MAX];
	int n;
};

static struct mmscope_pt_rec *mmscope_vtop_next(struct mmscope_vtop *v,
						int level, void *ptr,
						unsigned long size)
{
	struct mmscope_pt_rec *r;

	if (v->n >= MMSCOPE_VTOP_MAX)
		return NULL;
	r = &v->rec[v->n++];
	memset(r, 0, sizeof(*r));
	r->level = level;
	r->start = v->addr & ~(size - 1);
	r->end = r->start + size;
	r->count = 1;
	if (ptr) {
		r->table_phys = virt_to_phys((void *)((unsigned long)ptr & PAGE_MASK));
		r->index = ((unsigned long)ptr & ~PAGE_MASK) / sizeof(u64);
		r->has |= MMSCOPE_PT_HAS_TABLE;
	}
	return r;
}

static void mmscope_vtop_leaf(struct mmscope_vtop *v, struct mmscope_pt_rec *r,
			      unsigned long size)
{
	if (r->kind == MMSCOPE_PTE_PRESENT || r->kind == MMSCOPE_PTE_PROTNONE) {
		r->phys = ((u64)r->pfn << PAGE_SHIFT) + (v->addr & (size - 1));
		r->has |= MMSCOPE_PT_HAS_PHYS;
	}
}

static void mmscope_vtop_table(struct mmscope_walk *w, int level, u64 entry,
			       void *ptr, unsigned long addr, unsigned long end)
{
	struct mmscope_pt_rec *r = mmscope_vtop_next(w->priv, level, ptr,
						     mmscope_level_size(level));

	if (r)
		mmscope_table_rec(r, level, entry);
}

static void mmscope_vtop_ptes(struct mmscope_walk *w, pte_t *pte,
			      unsigned long addr, unsigned long end)
{
	struct mmscope_vtop *v = w->priv;
	struct mmscope_pt_rec *r = mmscope_vtop_next(v, MMSCOPE_LEVEL_PTE, pte,
						     PAGE_SIZE);

	if (!r)
		return;
	mmscope_pte_rec(r, ptep_get(pte), MMSCOPE_LEVEL_PTE, true);
	mmscope_vtop_leaf(v, r, PAGE_SIZE);
}

static void mmscope_vtop_pmd(struct mmscope_walk *w, pmd_t pmd, pmd_t *ptr,
			     unsigned long addr, unsigned long end)
{
	struct mmscope_vtop *v = w->priv;
	struct mmscope_pt_rec *r = mmscope_vtop_next(v, MMSCOPE_LEVEL_PMD, ptr,
						     PMD_SIZE);

	if (!r)
		return;
	mmscope_pmd_rec(r, pmd, true);
	mmscope_vtop_leaf(v, r, PMD_SIZE);
}

static void mmscope_vtop_hugetlb(struct mmscope_walk *w, pte_t *ptep, pte_t pte,
				 unsigned long addr, unsigned long end,
				 unsigned long size)
{
	struct mmscope_vtop *v = w->priv;
	int level = size >= PUD_SIZE ? MMSCOPE_LEVEL_PUD : MMSCOPE_LEVEL_PMD;
	struct mmscope_pt_rec *r = mmscope_vtop_next(v, level, ptep, size);

	if (!r)
		return;
	mmscope_pte_rec(r, pte, level, true);
	mmscope_vtop_leaf(v, r, size);
}

static void mmscope_vtop_hole(struct mmscope_walk *w, int level,
			      unsigned long start, unsigned long end)
{
	struct mmscope_pt_rec *r = mmscope_vtop_next(w->priv, level, NULL,
						     mmscope_level_size(level));

	if (r)
		r->kind = MMSCOPE_PTE_NONE;
}

static const struct mmscope_walk_ops mmscope_vtop_ops = {
	.table = mmscope_vtop_table,
	.ptes = mmscope_vtop_ptes,
	.pmd = mmscope_vtop_pmd,
	.hugetlb = mmscope_vtop_hugetlb,
	.hole = mmscope_vtop_hole,
};

int mmscope_nl_vtop(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *addr_attr = info->attrs[MMSCOPE_A_ADDR];
	struct vm_area_struct *vma;
	struct mmscope_vtop *v;
	struct nlattr *nest, *vn;
	struct mm_struct *mm;
	struct sk_buff *msg;
	char *buf = NULL;
	void *hdr;
	int i, ret;

	if (!addr_attr) {
		NL_SET_ERR_MSG(extack, "missing ADDR attribute: the address to translate");
		NL_SET_ERR_ATTR_MISS(extack, NULL, MMSCOPE_A_ADDR);
		return -EINVAL;
	}
	mm = mmscope_req_mm(info->attrs, extack);
	if (IS_ERR(mm))
		return PTR_ERR(mm);
	v = kzalloc(sizeof(*v), GFP_KERNEL);
	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	msg = genlmsg_new(2 * NLMSG_GOODSIZE, GFP_KERNEL);
	if (!v || !buf || !msg) {
		NL_SET_ERR_MSG(extack, "out of memory");
		ret = -ENOMEM;
		goto out;
	}
	v->addr = nla_get_u64(addr_attr);
	hdr = genlmsg_put_reply(msg, info, &mmscope_genl_family, 0, MMSCOPE_CMD_VTOP);
	nest = hdr ? nla_nest_start(msg, MMSCOPE_A_VTOP) : NULL;
	if (!nest)
		goto too_big;

	if (mmap_read_lock_killable(mm)) {
		NL_SET_ERR_MSG(extack, "interrupted while waiting for the target's mmap_lock");
		ret = -EINTR;
		goto out;
	}
	vma = mmscope_vma_lookup(mm, v->addr);
	if (!vma) {
		mmap_read_unlock(mm);
		NL_SET_ERR_MSG_ATTR(extack, addr_attr,
				    "no VMA holds this address: nothing is mapped there");
		ret = -ENOENT;
		goto out;
	}
	{
		struct mmscope_walk w = {
			.ops = &mmscope_vtop_ops,
			.mm = mm,
			.vma = vma,
			.priv = v,
			.budget = LONG_MAX,
			.max_level = MMSCOPE_LEVEL_PTE,
		};
		unsigned long page = v->addr & PAGE_MASK;

		mmscope_walk_range(&w, page, page + PAGE_SIZE);
	}
	vn = nla_nest_start(msg, MMSCOPE_A_VMA);
	ret = !vn || mmscope_put_vma_maps(msg, vma, mm, buf);
	mmap_read_unlock(mm);
	if (ret)
		goto too_big;
	nla_nest_end(msg, vn);
	for (i = 0; i < v->n; i++)
		if (mmscope_put_rec(msg, &v->rec[i]))
			goto too_big;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	ret = genlmsg_reply(msg, info);
	msg = NULL;
	goto out;
too_big:
	NL_SET_ERR_MSG(extack, "the reply did not fit in its message");
	ret = -EMSGSIZE;
out:
	nlmsg_free(msg);
	kfree(buf);
	kfree(v);
	mmput(mm);
	return ret;
}

/* ---- PT_STATS -------------------------------------------------------- */

struct mmscope_ptstat {
	u64 deposited;
	void *last[MMSCOPE_LEVEL_PTE + 1];
	u64 tables[MMSCOPE_LEVEL_PTE + 1];
	u64 entries[MMSCOPE_LEVEL_PTE + 1];
	u64 leaves[MMSCOPE_LEVEL_PTE + 1];
	u64 hist[MMSCOPE_LEVEL_PTE + 1][MMSCOPE_PTSTAT_BUCKETS];
};

static int mmscope_bucket(unsigned int used)
{
	return used ? min_t(int, ilog2(used) + 1, MMSCOPE_PTSTAT_BUCKETS - 1) : 0;
}

static void mmscope_ptstat_enter(struct mmscope_walk *w, int level, void *table,
				 unsigned long addr, unsigned long end)
{
	struct mmscope_ptstat *st = w->priv;
	unsigned int i, used = 0, leaves = 0;
	u64 *e = table;

	if (st->last[level] == table)
		return;
	st->last[level] = table;
	st->tables[level]++;
	for (i = 0; i < PTRS_PER_PTE; i++) {
		u64 v = READ_ONCE(e[i]);

		if (!v)
			continue;
		used++;
		if (level == MMSCOPE_LEVEL_PTE ? pte_present(__pte(v)) :
		    (level != MMSCOPE_LEVEL_PGD && (v & _PAGE_PSE)))
			leaves++;
	}
	st->entries[level] += used;
	st->leaves[level] += leaves;
	st->hist[level][mmscope_bucket(used)]++;
}

/*
 * Anonymous THP mappings (and the huge zero page) keep a PTE table
 * deposited under their PMD (pgtable_trans_huge_deposit()), counted in
 * VmPTE although no walk reaches it.
 */
static void mmscope_ptstat_pmd(struct mmscope_walk *w, pmd_t pmd, pmd_t *ptr,
			       unsigned long addr, unsigned long end)
{
	struct mmscope_ptstat *st = w->priv;

	if (vma_is_anonymous(w->vma))
		st->deposited++;
}

static const struct mmscope_walk_ops mmscope_ptstat_ops = {
	.enter = mmscope_ptstat_enter,
	.pmd = mmscope_ptstat_pmd,
};

int mmscope_nl_pt_stats(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct mmscope_ptstat *st;
	struct mm_struct *mm;
	struct sk_buff *msg;
	struct nlattr *nest;
	unsigned long cursor = 0;
	void *hdr;
	int level, ret = 0;

	mm = mmscope_req_mm(info->attrs, extack);
	if (IS_ERR(mm))
		return PTR_ERR(mm);
	st = kzalloc(sizeof(*st), GFP_KERNEL);
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!st || !msg) {
		NL_SET_ERR_MSG(extack, "out of memory");
		ret = -ENOMEM;
		goto out;
	}
	if (mmap_read_lock_killable(mm))
		goto intr;
	for (;;) {
		struct vm_area_struct *vma = find_vma(mm, cursor);
		struct mmscope_walk w = {
			.ops = &mmscope_ptstat_ops,
			.mm = mm,
			.priv = st,
			.budget = MMSCOPE_PT_BUDGET,
			.max_level = MMSCOPE_LEVEL_PTE,
		};

		if (!vma)
			break;
		w.vma = vma;
		cursor = mmscope_walk_range(&w, max(cursor, vma->vm_start),
					    vma->vm_end);
		if (cursor < vma->vm_end) {
			mmap_read_unlock(mm);
			cond_resched();
			if (mmap_read_lock_killable(mm))
				goto intr;
		}
	}
	mmap_read_unlock(mm);

	hdr = genlmsg_put_reply(msg, info, &mmscope_genl_family, 0,
				MMSCOPE_CMD_PT_STATS);
	nest = hdr ? nla_nest_start(msg, MMSCOPE_A_PT_STATS) : NULL;
	if (!nest)
		goto too_big;
	for (level = MMSCOPE_LEVEL_PGD; level <= MMSCOPE_LEVEL_PTE; level++) {
		struct nlattr *ln;

		if (level == MMSCOPE_LEVEL_P4D && !pgtable_l5_enabled())
			continue;
		ln = nla_nest_start(msg, MMSCOPE_A_PT_LEVEL);
		if (!ln ||
		    nla_put_u32(msg, MMSCOPE_PTSTAT_A_LEVEL, level) ||
		    nla_put_u64_64bit(msg, MMSCOPE_PTSTAT_A_TABLES, st->tables[level],
				      MMSCOPE_PTSTAT_A_PAD) ||
		    nla_put_u64_64bit(msg, MMSCOPE_PTSTAT_A_ENTRIES, st->entries[level],
				      MMSCOPE_PTSTAT_A_PAD) ||
		    nla_put_u64_64bit(msg, MMSCOPE_PTSTAT_A_BYTES,
				      st->tables[level] * PAGE_SIZE,
				      MMSCOPE_PTSTAT_A_PAD) ||
		    nla_put_u64_64bit(msg, MMSCOPE_PTSTAT_A_LEAVES, st->leaves[level],
				      MMSCOPE_PTSTAT_A_PAD) ||
		    nla_put(msg, MMSCOPE_PTSTAT_A_HIST, sizeof(st->hist[level]),
			    st->hist[level]) ||
		    (level == MMSCOPE_LEVEL_PTE &&
		     nla_put_u64_64bit(msg, MMSCOPE_PTSTAT_A_DEPOSITED,
				       st->deposited, MMSCOPE_PTSTAT_A_PAD)))
			goto too_big;
		nla_nest_end(msg, ln);
	}
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	ret = genlmsg_reply(msg, info);
	msg = NULL;
	goto out;
intr:
	NL_SET_ERR_MSG(extack, "interrupted while waiting for the target's mmap_lock");
	ret = -EINTR;
	goto out;
too_big:
	NL_SET_ERR_MSG(extack, "the reply did not fit in its message");
	ret = -EMSGSIZE;
out:
	nlmsg_free(msg);
	kfree(st);
	mmput(mm);
	return ret;
}

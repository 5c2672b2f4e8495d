// SPDX-License-Identifier: GPL-2.0
/*
 * Page tables, live: PT_GET, every entry of a range or runs of them, on
 * top of the walker (walk.c), so under the same locks.  VTOP (one address
 * through every level) is in vtop.c, PT_STATS (tables and their
 * occupancy) in ptstat.c.
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
#include "ptrec.h"

/* ---- PT_GET ---------------------------------------------------------- */

struct mmscope_pt_get {
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
	return sizeof(struct mmscope_pt_get);
}

/*
 * Records are packed many to a message: a message is opened on the first
 * record of a chunk and closed when the chunk ends (mmscope_pt_close()).
 */
static int mmscope_pt_open(struct mmscope_pt_get *d)
{
	if (d->hdr)
		return 0;
	d->hdr = genlmsg_put(d->skb, NETLINK_CB(d->cb->skb).portid,
			     d->cb->nlh->nlmsg_seq, &mmscope_genl_family,
			     NLM_F_MULTI, MMSCOPE_CMD_PT_GET);
	if (!d->hdr)
		return -EMSGSIZE;
	d->in_msg = 0;
	return 0;
}

static int mmscope_pt_send(struct mmscope_pt_get *d,
			   const struct mmscope_pt_rec *r)
{
	if (mmscope_pt_open(d) || mmscope_put_rec(d->skb, r))
		return -EMSGSIZE;
	d->in_msg++;
	return 0;
}

/*
 * A record built in place, in the chunk's message, rather than on the
 * stack and then copied: that copy is a memcpy() a record, as dear as
 * the one to the reader.  NULL when the chunk is full.  The record is
 * the message's until mmscope_pt_keep() or mmscope_pt_unreserve().
 */
static struct mmscope_pt_rec *mmscope_pt_reserve(struct mmscope_pt_get *d)
{
	struct nlattr *nla;

	if (mmscope_pt_open(d))
		return NULL;
	nla = nla_reserve(d->skb, MMSCOPE_A_PT, sizeof(struct mmscope_pt_rec));
	return nla ? nla_data(nla) : NULL;
}

static void mmscope_pt_keep(struct mmscope_pt_get *d,
			    const struct mmscope_pt_rec *r)
{
	d->in_msg++;
	d->sent_upto[r->level] = r->end;
}

static void mmscope_pt_unreserve(struct mmscope_pt_get *d,
				 struct mmscope_pt_rec *r)
{
	nlmsg_trim(d->skb, (void *)r - NLA_HDRLEN);
}

static void mmscope_pt_close(struct mmscope_pt_get *d)
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
static int mmscope_pt_offer(struct mmscope_pt_get *d, struct mmscope_pt_rec *r)
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

static bool mmscope_pt_wanted(struct mmscope_pt_get *d, int level, u32 kind)
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

/* An entry to a compacted dump: through a run on the stack. */
static int mmscope_pt_pte_compact(struct mmscope_pt_get *d, pte_t ptent,
				  unsigned long addr)
{
	struct mmscope_pt_rec r;

	mmscope_pt_rec_init(&r, addr, addr + PAGE_SIZE, 1);
	mmscope_pte_rec(&r, ptent, MMSCOPE_LEVEL_PTE, d->page);
	if (!mmscope_pt_wanted(d, MMSCOPE_LEVEL_PTE, r.kind))
		return 0;
	return mmscope_pt_offer(d, &r);
}

static void mmscope_pt_ptes(struct mmscope_walk *w, pte_t *pte,
			    unsigned long addr, unsigned long end)
{
	struct mmscope_pt_get *d = w->priv;

	if (d->level != MMSCOPE_LEVEL_LEAVES && d->level != MMSCOPE_LEVEL_PTE)
		return;
	for (; addr != end; pte++, addr += PAGE_SIZE) {
		pte_t ptent = ptep_get(pte);
		struct mmscope_pt_rec *p;

		if (pte_none(ptent) && !d->nonpresent)
			continue;
		if (d->compact) {
			if (mmscope_pt_pte_compact(d, ptent, addr)) {
				w->stop = addr;
				return;
			}
			continue;
		}
		if (addr < d->sent_upto[MMSCOPE_LEVEL_PTE])
			continue;	/* taken in an earlier chunk */
		p = mmscope_pt_reserve(d);
		if (!p) {
			w->stop = addr;
			return;
		}
		mmscope_pt_rec_init(p, addr, addr + PAGE_SIZE, 1);
		mmscope_pte_rec(p, ptent, MMSCOPE_LEVEL_PTE, d->page);
		if (mmscope_pt_wanted(d, MMSCOPE_LEVEL_PTE, p->kind))
			mmscope_pt_keep(d, p);
		else
			mmscope_pt_unreserve(d, p);
	}
}

static void mmscope_pt_pmd(struct mmscope_walk *w, pmd_t pmd, pmd_t *ptr,
			   unsigned long addr, unsigned long end)
{
	struct mmscope_pt_get *d = w->priv;
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
	struct mmscope_pt_get *d = w->priv;
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
	struct mmscope_pt_get *d = w->priv;
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

int mmscope_nl_pt_get_start(struct netlink_callback *cb)
{
	struct mmscope_pt_get **dp = (void *)cb->ctx;

	BUILD_BUG_ON(sizeof(*dp) > sizeof(cb->ctx));
	*dp = NULL;
	return 0;
}

int mmscope_nl_pt_get_done(struct netlink_callback *cb)
{
	struct mmscope_pt_get **dp = (void *)cb->ctx;

	if (*dp) {
		if ((*dp)->mm)
			mmput((*dp)->mm);
		kfree(*dp);
		*dp = NULL;
	}
	return 0;
}

/* What PT_GET's flags may say; the spec's mask is VMA_GET's too. */
#define MMSCOPE_PT_GET_FLAGS	(MMSCOPE_REQ_F_NONPRESENT | MMSCOPE_REQ_F_PAGE | \
				 MMSCOPE_REQ_F_COMPACT)

static int mmscope_pt_begin(struct netlink_callback *cb,
			    struct mmscope_pt_get **dp)
{
	struct nlattr *attrs[MMSCOPE_A_MAX + 1];
	struct mmscope_pt_get *d;
	unsigned long start, end;
	struct mm_struct *mm;
	u32 flags = 0;
	int ret;

	ret = mmscope_req_parse(cb->skb, cb->nlh, attrs, cb->extack);
	if (ret)
		return ret;
	if (attrs[MMSCOPE_A_FLAGS])
		flags = nla_get_u32(attrs[MMSCOPE_A_FLAGS]);
	if (flags & ~MMSCOPE_PT_GET_FLAGS) {
		NL_SET_ERR_MSG_ATTR(cb->extack, attrs[MMSCOPE_A_FLAGS],
				    "PT_GET takes only the NONPRESENT, PAGE and COMPACT flags");
		return -EINVAL;
	}
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

int mmscope_nl_pt_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct mmscope_pt_get **dp = (void *)cb->ctx;
	struct mmscope_pt_get *d = *dp;
	struct mmscope_hold h = {};
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
	h.mm = d->mm;
	h.cb = cb;

	for (;;) {
		struct vm_area_struct *vma = mmscope_hold_next(&h, d->cursor);
		struct mmscope_walk w = {
			.ops = &mmscope_pt_ops,
			.mm = d->mm,
			.priv = d,
			.budget = MMSCOPE_PT_BUDGET,
			.max_level = d->level == MMSCOPE_LEVEL_LEAVES ?
				     MMSCOPE_LEVEL_PTE : d->level,
		};
		unsigned long from, to, pos;

		if (IS_ERR(vma))
			goto intr;
		if (!vma || vma->vm_start >= d->end) {
			d->done = true;
			break;
		}
		w.vma = vma;
		w.vma_locked = !!h.locked;
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
		/*
		 * Budget spent, or a writer waits: let go and take it again.
		 * Under mmap_lock where the VMAs have their own locks: back
		 * to those.
		 */
		if (pos < to || (h.mmap && mmscope_hold_by_vma())) {
			mmscope_hold_drop(&h);
			cond_resched();
		}
	}
	mmscope_hold_drop(&h);

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

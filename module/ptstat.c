// SPDX-License-Identifier: GPL-2.0
/*
 * PT_STATS: the page tables of an address space per level: tables,
 * entries in use (occupancy, as a histogram), leaves and bytes.
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

int mmscope_nl_pt_stats_doit(struct sk_buff *skb, struct genl_info *info)
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
	if (!st) {
		NL_SET_ERR_MSG(extack, "out of memory");
		ret = -ENOMEM;
		goto out;
	}
	msg = mmscope_reply_new(info, NLMSG_GOODSIZE, &hdr);
	if (IS_ERR(msg)) {
		ret = PTR_ERR(msg);
		msg = NULL;
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

	nest = nla_nest_start(msg, MMSCOPE_A_PT_STATS);
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
	ret = mmscope_reply(info, msg, hdr);
	msg = NULL;
	goto out;
intr:
	NL_SET_ERR_MSG(extack, "interrupted while waiting for the target's mmap_lock");
	ret = -EINTR;
	goto out;
too_big:
	ret = mmscope_reply_too_big(info, msg);
	msg = NULL;
out:
	nlmsg_free(msg);
	kfree(st);
	mmput(mm);
	return ret;
}

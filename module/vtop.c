// SPDX-License-Identifier: GPL-2.0
/*
 * VTOP: one address through every page-table level, each entry as a
 * record, with the VMA that holds it.
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

/* ---- VTOP ------------------------------------------------------------ */

#define MMSCOPE_VTOP_LEVELS	8

struct mmscope_vtop_walk {
	unsigned long addr;
	struct mmscope_pt_rec rec[MMSCOPE_VTOP_LEVELS];
	int n;
};

static struct mmscope_pt_rec *mmscope_vtop_next(struct mmscope_vtop_walk *v,
						int level, void *ptr,
						unsigned long size)
{
	struct mmscope_pt_rec *r;

	if (v->n >= MMSCOPE_VTOP_LEVELS)
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

static void mmscope_vtop_leaf(struct mmscope_vtop_walk *v, struct mmscope_pt_rec *r,
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
	struct mmscope_vtop_walk *v = w->priv;
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
	struct mmscope_vtop_walk *v = w->priv;
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
	struct mmscope_vtop_walk *v = w->priv;
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

int mmscope_nl_vtop_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *addr_attr = info->attrs[MMSCOPE_A_ADDR];
	struct vm_area_struct *vma;
	struct mmscope_vtop_walk *v;
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
	if (!v || !buf) {
		NL_SET_ERR_MSG(extack, "out of memory");
		ret = -ENOMEM;
		goto out;
	}
	msg = mmscope_reply_new(info, 2 * NLMSG_GOODSIZE, &hdr);
	if (IS_ERR(msg)) {
		ret = PTR_ERR(msg);
		msg = NULL;
		goto out;
	}
	v->addr = nla_get_u64(addr_attr);
	nest = nla_nest_start(msg, MMSCOPE_A_VTOP);
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
	ret = mmscope_reply(info, msg, hdr);
	msg = NULL;
	goto out;
too_big:
	ret = mmscope_reply_too_big(info, msg);
	msg = NULL;
out:
	nlmsg_free(msg);
	kfree(buf);
	kfree(v);
	mmput(mm);
	return ret;
}

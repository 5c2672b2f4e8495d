/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mmscope: page-table entries as uapi records (ptrec.c), for PT_GET
 * (pt.c) and VTOP (vtop.c).
 */
#ifndef _MMSCOPE_PTREC_H
#define _MMSCOPE_PTREC_H

#include <linux/build_bug.h>
#include <linux/mm_types.h>
#include <linux/pgtable.h>
#include <net/netlink.h>

#include "uapi/linux/mmscope.h"
#include "uapi/linux/mmscope_records.h"

/* One entry, or a run of entries when compacting: the uapi record. */
#define mmscope_pt_rec mmscope_pt_entry

/*
 * A record of nothing yet, but its range: every member stored one by
 * one, so that the compiler does not clear it with "rep stos" (a loop of
 * its own a record under an emulated CPU; the dump builds one an entry).
 */
static inline void mmscope_pt_rec_init(struct mmscope_pt_rec *r,
				       u64 start, u64 end, u64 count)
{
	BUILD_BUG_ON(sizeof(*r) != 112);	/* a member added: add it here */
	r->start = start;
	r->end = end;
	r->entry = 0;
	r->count = count;
	r->pfn = 0;
	r->swap_offset = 0;
	r->table_phys = 0;
	r->phys = 0;
	r->level = 0;
	r->kind = 0;
	r->flags = 0;
	r->has = 0;
	r->pkey = 0;
	r->swap_type = 0;
	r->index = 0;
	r->page_flags = 0;
	r->page_order = 0;
	r->page_mapcount = 0;
	r->page_refcount = 0;
	r->reserved = 0;
}

/*
 * The entry's bits into @r, and its page's (read under the entry's lock)
 * when @want_page.  @r's range and count are the caller's.
 */
void mmscope_pte_rec(struct mmscope_pt_rec *r, pte_t pte, int level,
		     bool want_page);
void mmscope_pmd_rec(struct mmscope_pt_rec *r, pmd_t pmd, bool want_page);
/* An upper-level entry that points to a table. */
void mmscope_table_rec(struct mmscope_pt_rec *r, int level, u64 v);
/* Bytes one entry of @level maps. */
unsigned long mmscope_level_size(int level);
int mmscope_put_rec(struct sk_buff *skb, const struct mmscope_pt_rec *r);

#endif /* _MMSCOPE_PTREC_H */

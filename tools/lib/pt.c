// SPDX-License-Identifier: GPL-2.0
/* libmmscope: page-table dumps, vtop and page-table statistics, parsed. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/genetlink.h>
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>

#include "libmmscope.h"
#include "internal.h"

/* ---- page tables ------------------------------------------------------ */

/*
 * A struct mmscope_pt_entry payload into @r, and as it is into @raw if not
 * NULL; -EBADMSG if too short.
 */
static int parse_pt_rec(const struct nlattr *a, struct mmscope_pt_rec *r,
			struct mmscope_pt_entry *raw)
{
	struct mmscope_pt_entry e;

	if (lib_nla_len(a) < (int)sizeof(e))
		return -EBADMSG;
	memcpy(&e, lib_nla_data(a), sizeof(e));
	if (raw)
		*raw = e;
	r->start = e.start;
	r->end = e.end;
	r->entry = e.entry;
	r->count = e.count;
	r->level = e.level;
	r->kind = e.kind;
	r->flags = e.flags;
	r->has_pfn = e.has & MMSCOPE_PT_HAS_PFN;
	r->has_pkey = e.has & MMSCOPE_PT_HAS_PKEY;
	r->has_swap = e.has & MMSCOPE_PT_HAS_SWAP;
	r->has_page = e.has & MMSCOPE_PT_HAS_PAGE;
	r->has_table = e.has & MMSCOPE_PT_HAS_TABLE;
	r->has_phys = e.has & MMSCOPE_PT_HAS_PHYS;
	r->pfn = e.pfn;
	r->swap_offset = e.swap_offset;
	r->table_phys = e.table_phys;
	r->phys = e.phys;
	r->pkey = e.pkey;
	r->swap_type = e.swap_type;
	r->index = e.index;
	r->page.flags = e.page_flags;
	r->page.order = e.page_order;
	r->page.mapcount = e.page_mapcount;
	r->page.refcount = e.page_refcount;
	r->page.shared = e.has & MMSCOPE_PT_PAGE_SHARED;
	return 0;
}

struct pt_walk {
	mmscope_pt_fn fn;
	mmscope_pt_raw_fn raw;
	void *arg;
};

static int parse_pt(struct nlmsghdr *h, void *arg)
{
	struct pt_walk *w = arg;
	struct genlmsghdr *g = NLMSG_DATA(h);
	struct mmscope_pt_rec r;
	const struct nlattr *pos;
	int rem;

	if (h->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN || g->cmd != MMSCOPE_CMD_PT_GET)
		return -EBADMSG;
	/* records come many to a message */
	lib_nla_for_each(pos, (const struct nlattr *)((char *)g + GENL_HDRLEN),
			 (int)(h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN), rem) {
		int ret;

		if (lib_nla_type(pos) != MMSCOPE_A_PT)
			continue;
		if (w->raw) {
			if (lib_nla_len(pos) < (int)sizeof(struct mmscope_pt_entry))
				return -EBADMSG;
			ret = w->raw(lib_nla_data(pos), lib_nla_len(pos), w->arg);
			if (ret)
				return ret;
			continue;
		}
		if (parse_pt_rec(pos, &r, NULL))
			return -EBADMSG;
		ret = w->fn(&r, w->arg);
		if (ret)
			return ret;
	}
	return 0;
}

static int pt_dump(struct mmscope *m, uint32_t pid,
		   const struct mmscope_pt_req *r, struct pt_walk w)
{
	struct nl_msg *req = mmscope_msg_new(m, MMSCOPE_CMD_PT_GET, NLM_F_DUMP);
	int ret = 0;

	if (!req || nla_put_u32(req, MMSCOPE_A_PID, pid) ||
	    (r->flags && nla_put_u32(req, MMSCOPE_A_FLAGS, r->flags)) ||
	    (r->level != MMSCOPE_LEVEL_LEAVES &&
	     nla_put_u32(req, MMSCOPE_A_LEVEL, r->level)) ||
	    ((r->start || r->end) &&
	     (nla_put_u64(req, MMSCOPE_A_START, r->start) ||
	      nla_put_u64(req, MMSCOPE_A_END, r->end))) ||
	    (r->has_addr && nla_put_u64(req, MMSCOPE_A_ADDR, r->addr))) {
		lib_err_set(&m->err, ENOMEM, "out of memory");
		ret = -ENOMEM;
		goto out;
	}
	ret = lib_dump_raw(m, req, parse_pt, &w);
	if (ret == -EBADMSG && !m->err.code)
		lib_err_set(&m->err, EBADMSG,
			    "malformed reply from the kernel module (module/tool mismatch?)");
out:
	nlmsg_free(req);
	return ret;
}

int mmscope_pt_dump(struct mmscope *m, uint32_t pid,
		    const struct mmscope_pt_req *r, mmscope_pt_fn fn, void *arg)
{
	return pt_dump(m, pid, r, (struct pt_walk){ .fn = fn, .arg = arg });
}

int mmscope_pt_dump_raw(struct mmscope *m, uint32_t pid,
			const struct mmscope_pt_req *r, mmscope_pt_raw_fn fn,
			void *arg)
{
	return pt_dump(m, pid, r, (struct pt_walk){ .raw = fn, .arg = arg });
}

static int parse_vtop(struct nl_msg *msg, void *arg)
{
	struct mmscope_vtop *v = arg;
	struct nlattr *a = lib_reply_attr(msg, MMSCOPE_A_VTOP, MMSCOPE_CMD_VTOP);
	struct nlattr *pos;
	int rem;

	if (!a)
		return -EBADMSG;
	nla_for_each_nested(pos, a, rem) {
		if (nla_type(pos) == MMSCOPE_A_PT && v->n < MMSCOPE_VTOP_MAX) {
			if (parse_pt_rec(pos, &v->rec[v->n], &v->entry[v->n]))
				return -EBADMSG;
			v->n++;
		} else if (nla_type(pos) == MMSCOPE_A_VMA) {
			/* the same nest a VMA dump carries */
			if (lib_parse_vma_nest(pos, &v->vma))
				return -EBADMSG;
		}
	}
	return 0;
}

int mmscope_vtop(struct mmscope *m, uint32_t pid, uint64_t addr,
		 struct mmscope_vtop *out)
{
	struct nl_msg *req = mmscope_msg_new(m, MMSCOPE_CMD_VTOP, 0);
	int ret;

	memset(out, 0, sizeof(*out));
	if (!req || nla_put_u32(req, MMSCOPE_A_PID, pid) ||
	    nla_put_u64(req, MMSCOPE_A_ADDR, addr)) {
		nlmsg_free(req);
		lib_err_set(&m->err, ENOMEM, "out of memory");
		return -ENOMEM;
	}
	ret = mmscope_transact(m, req, parse_vtop, out);
	nlmsg_free(req);
	if (ret == -EBADMSG && !m->err.code)
		lib_err_set(&m->err, EBADMSG, "malformed reply from the kernel module");
	return ret;
}

static int parse_ptstats(struct nl_msg *msg, void *arg)
{
	struct mmscope_ptstats *st = arg;
	struct nlattr *a = lib_reply_attr(msg, MMSCOPE_A_PT_STATS, MMSCOPE_CMD_PT_STATS);
	struct nlattr *pos, *p2;
	int rem, rem2;

	if (!a)
		return -EBADMSG;
	nla_for_each_nested(pos, a, rem) {
		struct mmscope_ptstat_level l = { .present = true };
		int level = -1;

		if (nla_type(pos) != MMSCOPE_A_PT_LEVEL)
			continue;
		nla_for_each_nested(p2, pos, rem2) {
			switch (nla_type(p2)) {
			case MMSCOPE_PTSTAT_A_LEVEL: level = lib_get_u32(p2); break;
			case MMSCOPE_PTSTAT_A_TABLES: l.tables = lib_get_u64(p2); break;
			case MMSCOPE_PTSTAT_A_ENTRIES: l.entries = lib_get_u64(p2); break;
			case MMSCOPE_PTSTAT_A_BYTES: l.bytes = lib_get_u64(p2); break;
			case MMSCOPE_PTSTAT_A_LEAVES: l.leaves = lib_get_u64(p2); break;
			case MMSCOPE_PTSTAT_A_DEPOSITED: l.deposited = lib_get_u64(p2); break;
			case MMSCOPE_PTSTAT_A_HIST:
				if (nla_len(p2) == sizeof(l.hist))
					memcpy(l.hist, nla_data(p2), sizeof(l.hist));
				break;
			}
		}
		if (level >= 0 && level <= MMSCOPE_LEVEL_PTE)
			st->level[level] = l;
	}
	return 0;
}

int mmscope_pt_stats(struct mmscope *m, uint32_t pid, struct mmscope_ptstats *out)
{
	memset(out, 0, sizeof(*out));
	return lib_simple_request(m, MMSCOPE_CMD_PT_STATS, 0, &pid, parse_ptstats, out);
}

uint64_t mmscope_ptstats_vmpte(const struct mmscope_ptstats *st)
{
	return st->level[MMSCOPE_LEVEL_PUD].bytes + st->level[MMSCOPE_LEVEL_PMD].bytes +
	       st->level[MMSCOPE_LEVEL_PTE].bytes +
	       st->level[MMSCOPE_LEVEL_PTE].deposited * 4096;
}

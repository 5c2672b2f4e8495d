// SPDX-License-Identifier: GPL-2.0
/* libmmscope: VMA dumps (maps, smaps) and the rollup, parsed. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/sysmacros.h>
#include <linux/netlink.h>
#include <linux/genetlink.h>
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>

#include "libmmscope.h"
#include "internal.h"

struct vma_walk {
	mmscope_vma_fn fn;
	void *arg;
	struct mmscope_vma v;
};

/* The MMSCOPE_SMAPS_A_* figures of one nest, without nla_parse(). */
static void parse_smaps_fast(const struct nlattr *nest, struct mmscope_smaps *s)
{
	const struct nlattr *pos;
	int rem;

	memset(s, 0, sizeof(*s));
	lib_nla_for_each_nested(pos, nest, rem) {
		int t = lib_nla_type(pos), len = lib_nla_len(pos);

		if (t <= MMSCOPE_SMAPS_A_PAD || t > MMSCOPE_SMAPS_A_MAX)
			continue;
		if (len == sizeof(uint64_t)) {
			memcpy(&s->v[t], lib_nla_data(pos), sizeof(uint64_t));
		} else if (len == sizeof(uint32_t)) {
			uint32_t v;

			memcpy(&v, lib_nla_data(pos), sizeof(v));
			s->v[t] = v;
		} else {
			continue;
		}
		s->have[t] = true;
	}
}

/* One string of a VMA record: @len bytes with the NUL (0: none) at *@p. */
static void rec_str(char *dst, size_t size, const char **p, unsigned int len)
{
	size_t n = len ? len - 1 : 0;

	if (n >= size)
		n = size - 1;
	if (n)	/* most strings of a plain maps record are empty: no call */
		memcpy(dst, *p, n);
	dst[n] = '\0';
	*p += len;
}

/* A MMSCOPE_A_VMA_REC payload (struct mmscope_vma_rec, strings) into @v. */
static int parse_vma_rec(const struct nlattr *a, struct mmscope_vma *v)
{
	const char *data = lib_nla_data(a), *p;
	size_t len = lib_nla_len(a);
	struct mmscope_vma_rec r;

	if (len < sizeof(r))
		return -EBADMSG;
	memcpy(&r, data, sizeof(r));
	if (r.size < sizeof(r) || r.size > len ||
	    len - r.size < (size_t)r.name_len + r.vmflags_len + r.ops_len +
			   r.fault_len)
		return -EBADMSG;
	v->start = r.start;
	v->end = r.end;
	v->perms = r.perms;
	v->pgoff = r.pgoff;
	v->dev_major = r.dev_major;
	v->dev_minor = r.dev_minor;
	v->ino = r.ino;
	v->name_kind = r.name_kind;
	v->vm_flags = r.vm_flags;
	v->vm_pgoff = r.vm_pgoff;
	v->kind = r.kind;
	v->anon_vma = r.flags & MMSCOPE_VMA_REC_F_ANON_VMA;
	v->has_smaps = false;
	p = data + r.size;
	rec_str(v->name, sizeof(v->name), &p, r.name_len);
	rec_str(v->vmflags, sizeof(v->vmflags), &p, r.vmflags_len);
	rec_str(v->ops, sizeof(v->ops), &p, r.ops_len);
	rec_str(v->fault, sizeof(v->fault), &p, r.fault_len);
	return 0;
}

/*
 * A MMSCOPE_A_MAPS_REC payload (struct mmscope_maps_rec, the name last)
 * into @v: what a maps line shows; the rest of @v is empty.
 */
static int parse_maps_rec(const struct nlattr *a, struct mmscope_vma *v)
{
	const char *data = lib_nla_data(a), *p;
	size_t len = lib_nla_len(a);
	struct mmscope_maps_rec r;

	if (len < sizeof(r))
		return -EBADMSG;
	memcpy(&r, data, sizeof(r));
	if (r.name_len > len - sizeof(r))
		return -EBADMSG;
	v->start = r.start;
	v->end = r.end;
	v->perms = r.perms;
	v->pgoff = r.pgoff;
	/* stat(2)'s st_dev encoding */
	v->dev_major = major(r.dev);
	v->dev_minor = minor(r.dev);
	v->ino = r.ino;
	v->name_kind = r.name_kind;
	v->vm_flags = 0;
	v->vm_pgoff = 0;
	v->kind = 0;
	v->anon_vma = false;
	v->has_smaps = false;
	p = data + len - r.name_len;
	rec_str(v->name, sizeof(v->name), &p, r.name_len);
	v->vmflags[0] = '\0';
	v->ops[0] = '\0';
	v->fault[0] = '\0';
	return 0;
}

/* A MMSCOPE_A_SMAPS_REC payload (present mask, then the figures) into @s. */
static int parse_smaps_rec(const struct nlattr *a, struct mmscope_smaps *s)
{
	const char *data = lib_nla_data(a);
	size_t len = lib_nla_len(a), n = 0;
	struct mmscope_smaps_rec r;
	uint64_t bits;
	int t;

	if (len < sizeof(r))
		return -EBADMSG;
	memcpy(&r, data, sizeof(r));
	if ((len - sizeof(r)) / sizeof(uint64_t) <
	    (size_t)__builtin_popcountll(r.present))
		return -EBADMSG;
	memset(s, 0, sizeof(*s));
	for (bits = r.present; bits; bits &= bits - 1, n++) {
		t = __builtin_ctzll(bits);
		if (t <= MMSCOPE_SMAPS_A_PAD || t > MMSCOPE_SMAPS_A_MAX)
			continue;	/* a figure this tool does not know */
		memcpy(&s->v[t], data + sizeof(r) + n * sizeof(uint64_t),
		       sizeof(uint64_t));
		s->have[t] = true;
	}
	return 0;
}

/*
 * One reply message: a MMSCOPE_A_VMA nest, or (MMSCOPE_REQ_F_RECORDS)
 * VMA records, each followed by its smaps record when asked, or
 * (MMSCOPE_REQ_F_MAPS_RECORDS) maps records.  A VMA is
 * handed on once the next one begins, or at the end of the message.
 */
static int parse_vma(struct nlmsghdr *h, void *arg)
{
	struct vma_walk *w = arg;
	struct mmscope_vma *v = &w->v;
	struct genlmsghdr *g = NLMSG_DATA(h);
	const struct nlattr *a = NULL, *pos;
	bool pending = false;
	int rem, ret;

	if (h->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN || g->cmd != MMSCOPE_CMD_VMA_GET)
		return -EBADMSG;
	lib_nla_for_each(pos, (const struct nlattr *)((char *)g + GENL_HDRLEN),
			 (int)(h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN), rem) {
		switch (lib_nla_type(pos)) {
		case MMSCOPE_A_VMA:
			a = pos;
			break;
		case MMSCOPE_A_VMA_REC:
		case MMSCOPE_A_MAPS_REC:
			if (pending) {
				ret = w->fn(v, w->arg);
				if (ret)
					return ret;
			}
			if (lib_nla_type(pos) == MMSCOPE_A_VMA_REC ?
			    parse_vma_rec(pos, v) : parse_maps_rec(pos, v))
				return -EBADMSG;
			pending = true;
			break;
		case MMSCOPE_A_SMAPS_REC:
			if (!pending || v->has_smaps ||
			    parse_smaps_rec(pos, &v->smaps))
				return -EBADMSG;
			v->has_smaps = true;
			break;
		}
	}
	if (pending)
		return w->fn(v, w->arg);
	if (!a)
		return -EBADMSG;
	if (lib_parse_vma_nest(a, v))
		return -EBADMSG;
	return w->fn(v, w->arg);
}

/* One MMSCOPE_A_VMA nest into @v. */
int lib_parse_vma_nest(const struct nlattr *a, struct mmscope_vma *v)
{
	const struct nlattr *pos;
	bool start = false, end = false;
	int rem;

	v->perms = 0;
	v->pgoff = v->ino = v->vm_flags = v->vm_pgoff = 0;
	v->dev_major = v->dev_minor = 0;
	v->name_kind = MMSCOPE_VMA_NAME_NONE;
	v->kind = 0;
	v->anon_vma = v->has_smaps = false;
	v->name[0] = v->vmflags[0] = v->ops[0] = v->fault[0] = '\0';
	lib_nla_for_each_nested(pos, a, rem) {
		switch (lib_nla_type(pos)) {
		case MMSCOPE_VMA_A_START:
			start = lib_nla_len(pos) == 8;
			v->start = lib_get_u64(pos);
			break;
		case MMSCOPE_VMA_A_END:
			end = lib_nla_len(pos) == 8;
			v->end = lib_get_u64(pos);
			break;
		case MMSCOPE_VMA_A_PERMS:
			v->perms = lib_get_u32(pos);
			break;
		case MMSCOPE_VMA_A_PGOFF:
			v->pgoff = lib_get_u64(pos);
			break;
		case MMSCOPE_VMA_A_DEV_MAJOR:
			v->dev_major = lib_get_u32(pos);
			break;
		case MMSCOPE_VMA_A_DEV_MINOR:
			v->dev_minor = lib_get_u32(pos);
			break;
		case MMSCOPE_VMA_A_INO:
			v->ino = lib_get_u64(pos);
			break;
		case MMSCOPE_VMA_A_NAME:
			lib_copy_nla_str(v->name, sizeof(v->name), pos);
			break;
		case MMSCOPE_VMA_A_NAME_KIND:
			v->name_kind = lib_get_u32(pos);
			break;
		case MMSCOPE_VMA_A_VM_FLAGS:
			v->vm_flags = lib_get_u64(pos);
			break;
		case MMSCOPE_VMA_A_VM_PGOFF:
			v->vm_pgoff = lib_get_u64(pos);
			break;
		case MMSCOPE_VMA_A_VMFLAGS:
			lib_copy_nla_str(v->vmflags, sizeof(v->vmflags), pos);
			break;
		case MMSCOPE_VMA_A_KIND:
			v->kind = lib_get_u32(pos);
			break;
		case MMSCOPE_VMA_A_ANON_VMA:
			v->anon_vma = true;
			break;
		case MMSCOPE_VMA_A_OPS:
			lib_copy_nla_str(v->ops, sizeof(v->ops), pos);
			break;
		case MMSCOPE_VMA_A_FAULT:
			lib_copy_nla_str(v->fault, sizeof(v->fault), pos);
			break;
		case MMSCOPE_VMA_A_SMAPS:
			parse_smaps_fast(pos, &v->smaps);
			v->has_smaps = true;
			break;
		}
	}
	if (!start || !end)
		return -EBADMSG;
	return 0;
}

int mmscope_vma_dump(struct mmscope *m, uint32_t pid, mmscope_vma_fn fn,
		     void *arg)
{
	struct mmscope_dump_req req = { .flags = MMSCOPE_REQ_F_DETAILS };

	return mmscope_vma_dump_req(m, pid, &req, fn, arg);
}

int mmscope_vma_dump_req(struct mmscope *m, uint32_t pid,
			 const struct mmscope_dump_req *r, mmscope_vma_fn fn,
			 void *arg)
{
	struct nl_msg *req = mmscope_msg_new(m, MMSCOPE_CMD_VMA_GET, NLM_F_DUMP);
	struct vma_walk *w = calloc(1, sizeof(*w));
	int ret = 0;

	if (!req || !w)
		ret = -ENOMEM;
	if (!ret && nla_put_u32(req, MMSCOPE_A_PID, pid))
		ret = -ENOMEM;
	/*
	 * records: the same facts in a fraction of the attributes; maps
	 * records when only what maps shows is asked for
	 */
	if (!ret && nla_put_u32(req, MMSCOPE_A_FLAGS, r->flags |
				(r->flags & (MMSCOPE_REQ_F_SMAPS | MMSCOPE_REQ_F_DETAILS) ?
				 MMSCOPE_REQ_F_RECORDS : MMSCOPE_REQ_F_MAPS_RECORDS)))
		ret = -ENOMEM;
	if (!ret && (r->start || r->end) &&
	    (nla_put_u64(req, MMSCOPE_A_START, r->start) ||
	     nla_put_u64(req, MMSCOPE_A_END, r->end)))
		ret = -ENOMEM;
	if (ret) {
		lib_err_set(&m->err, ENOMEM, "out of memory");
		goto out;
	}
	w->fn = fn;
	w->arg = arg;
	ret = lib_dump_raw(m, req, parse_vma, w);
	if (ret == -EBADMSG && !m->err.code)
		lib_err_set(&m->err, EBADMSG,
			    "malformed reply from the kernel module (module/tool mismatch?)");
out:
	nlmsg_free(req);
	free(w);
	return ret;
}

static int parse_rollup(struct nl_msg *msg, void *arg)
{
	struct nlattr *a = lib_reply_attr(msg, MMSCOPE_A_ROLLUP, MMSCOPE_CMD_ROLLUP_GET);

	if (!a)
		return -EBADMSG;
	parse_smaps_fast(a, arg);
	return 0;
}

int mmscope_rollup_get(struct mmscope *m, uint32_t pid, struct mmscope_smaps *s)
{
	memset(s, 0, sizeof(*s));
	return lib_simple_request(m, MMSCOPE_CMD_ROLLUP_GET, 0, &pid, parse_rollup, s);
}

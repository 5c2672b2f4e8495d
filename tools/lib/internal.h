/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the parts of libmmscope share and its users do not see: the state
 * of one request in flight and the helpers every parser uses.
 */
#ifndef LIBMMSCOPE_INTERNAL_H
#define LIBMMSCOPE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include <linux/netlink.h>

#include "libmmscope.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct nl_msg;
struct nlattr;
struct nlmsghdr;
struct nlmsgerr;
struct sockaddr_nl;

/* One request in flight, or none (transport.c). */
struct xact {
	struct mmscope *m;
	struct nl_msg *req;
	uint32_t seq;		/* of the request (0: none): others are stale */
	/* its replies, where they lie, or as libnl messages */
	int (*parse)(struct nlmsghdr *h, void *arg);
	int (*parse_msg)(struct nl_msg *msg, void *arg);
	/* the family's unsolicited messages (trace events) */
	int (*event)(struct nlmsghdr *h, void *arg);
	void *arg;
	int cb_ret;		/* first non-zero return of a parser */
	bool lossy;		/* a full socket buffer loses events, not replies */
	bool done;
};

void lib_err_set(struct mmscope_error *err, int code, const char *msg);
/* The one receive loop; lib_request() sends @x->req first. */
int lib_recv(struct mmscope *m, struct xact *x, int timeout_ms);
int lib_request(struct mmscope *m, struct xact *x, int timeout_ms);
/* A dump request: @parse sees each reply message; 0 or -errno in m->err. */
int lib_dump_raw(struct mmscope *m, struct nl_msg *req,
		 int (*parse)(struct nlmsghdr *h, void *arg), void *arg);
/* A doit request with only PID (if @pid) to @cmd; @parse reads the reply. */
int lib_simple_request(struct mmscope *m, uint8_t cmd, int flags,
		       const uint32_t *pid,
		       int (*parse)(struct nl_msg *, void *), void *arg);
/* The top-level attribute @type of a reply to @cmd, or NULL. */
struct nlattr *lib_reply_attr(struct nl_msg *msg, int type, int cmd);
/* A string attribute into @dst, cut to @size; "" when @a is NULL. */
void lib_copy_nla_str(char *dst, size_t size, const struct nlattr *a);
void lib_copy_str(char *dst, size_t size, const struct nlattr *a);
/*
 * Attribute walking in line: libnl's nla_ok(), nla_next(), nla_type(),
 * nla_len() and nla_data() are calls into the shared library, five of
 * them an attribute, and a large dump carries millions of attributes.
 * Same checks as nla_ok().
 */
static inline bool lib_nla_ok(const struct nlattr *a, int rem)
{
	return rem >= (int)sizeof(*a) && a->nla_len >= sizeof(*a) &&
	       a->nla_len <= rem;
}

static inline const struct nlattr *lib_nla_next(const struct nlattr *a, int *rem)
{
	int len = NLA_ALIGN(a->nla_len);

	*rem -= len;
	return (const struct nlattr *)((const char *)a + len);
}

static inline int lib_nla_type(const struct nlattr *a)
{
	return a->nla_type & NLA_TYPE_MASK;
}

static inline int lib_nla_len(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

static inline const void *lib_nla_data(const struct nlattr *a)
{
	return (const char *)a + NLA_HDRLEN;
}

#define lib_nla_for_each(pos, head, len, rem)				\
	for ((pos) = (head), (rem) = (len); lib_nla_ok(pos, rem);	\
	     (pos) = lib_nla_next(pos, &(rem)))

#define lib_nla_for_each_nested(pos, nest, rem)				\
	lib_nla_for_each(pos, (const struct nlattr *)lib_nla_data(nest),	\
			 lib_nla_len(nest), rem)

/* 0 when the attribute is absent or not of that size */
static inline uint64_t lib_get_u64(const struct nlattr *a)
{
	uint64_t v = 0;

	if (a && lib_nla_len(a) == sizeof(v))
		memcpy(&v, lib_nla_data(a), sizeof(v));
	return v;
}

static inline uint32_t lib_get_u32(const struct nlattr *a)
{
	uint32_t v = 0;

	if (a && lib_nla_len(a) == sizeof(v))
		memcpy(&v, lib_nla_data(a), sizeof(v));
	return v;
}

/* One VMA nest of a dump or of vtop (vma.c). */
int lib_parse_vma_nest(const struct nlattr *a, struct mmscope_vma *v);

#endif

// SPDX-License-Identifier: GPL-2.0
/* libmmscope: trace sessions (faults, TLB flushes) and the per-process counters. */
#include <errno.h>
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

/* ---- faults, TLB flushes, counters ----------------------------------- */

static void parse_trace_stats(const struct nlattr *a,
			      struct mmscope_trace_stats *st)
{
	struct nlattr *tb[MMSCOPE_STATS_A_MAX + 1];

	if (nla_parse_nested(tb, MMSCOPE_STATS_A_MAX, (struct nlattr *)a, NULL))
		return;
	if (tb[MMSCOPE_STATS_A_EVENTS])
		st->events = nla_get_u64(tb[MMSCOPE_STATS_A_EVENTS]);
	if (tb[MMSCOPE_STATS_A_DROPS])
		st->drops = nla_get_u64(tb[MMSCOPE_STATS_A_DROPS]);
	if (tb[MMSCOPE_STATS_A_SOCK_DROPS])
		st->sock_drops = nla_get_u64(tb[MMSCOPE_STATS_A_SOCK_DROPS]);
	if (tb[MMSCOPE_STATS_A_MISSED])
		st->missed = nla_get_u64(tb[MMSCOPE_STATS_A_MISSED]);
}

/* A message of a session (TRACE_START or TRACE_STOP reply, TRACE_EVENT). */
static int parse_trace_msg(struct nlmsghdr *h, const struct mmscope_trace_cb *cb,
			   struct mmscope_trace_stats *st)
{
	struct genlmsghdr *g = nlmsg_data(h);
	int rem = h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	struct nlattr *a;
	int ret = 0;

	/* a session's messages: its start, its events, its end; nothing else */
	if (rem < 0 || (g->cmd != MMSCOPE_CMD_TRACE_START &&
			g->cmd != MMSCOPE_CMD_TRACE_EVENT &&
			g->cmd != MMSCOPE_CMD_TRACE_STOP))
		return 0;
	nla_for_each_attr(a, (struct nlattr *)((char *)g + GENL_HDRLEN), rem, rem) {
		int type = nla_type(a);

		if (type == MMSCOPE_A_FAULT && cb->fault && !ret) {
			struct mmscope_fault_event ev = { 0 };
			size_t n = nla_len(a);

			memcpy(&ev, nla_data(a), n < sizeof(ev) ? n : sizeof(ev));
			ev.comm[sizeof(ev.comm) - 1] = '\0';
			ev.vma_name[sizeof(ev.vma_name) - 1] = '\0';
			ret = cb->fault(&ev, cb->arg);
		} else if (type == MMSCOPE_A_TLB && cb->tlb && !ret) {
			struct mmscope_tlb_event ev = { 0 };
			size_t n = nla_len(a);

			memcpy(&ev, nla_data(a), n < sizeof(ev) ? n : sizeof(ev));
			ev.comm[sizeof(ev.comm) - 1] = '\0';
			ret = cb->tlb(&ev, cb->arg);
		} else if (type == MMSCOPE_A_TRACE_STATS) {
			parse_trace_stats(a, st);
		} else if (type == MMSCOPE_A_SESSION && cb->session_seen) {
			*cb->session_seen = nla_get_u32(a);
		} else if (type == MMSCOPE_A_TIME && cb->time_seen) {
			*cb->time_seen = nla_get_u64(a);
		}
	}
	return ret;
}

/* What the receive loop hands a session's messages to. */
struct trace_ctx {
	const struct mmscope_trace_cb *cb;
	struct mmscope_trace_stats *st;
};

static int on_trace_msg(struct nlmsghdr *h, void *arg)
{
	struct trace_ctx *t = arg;

	return parse_trace_msg(h, t->cb, t->st);
}

/* Send @req and read until its ack, handing over events meanwhile. */
static int trace_request(struct mmscope *m, struct nl_msg *req,
			 const struct mmscope_trace_cb *cb,
			 struct mmscope_trace_stats *st)
{
	struct trace_ctx t = { cb, st };
	struct xact x = { .req = req, .parse = on_trace_msg,
			  .event = on_trace_msg, .arg = &t, .lossy = true };

	return lib_request(m, &x, 5000);
}

/* The events that come within @timeout_ms: one read's worth. */
static int trace_read(struct mmscope *m, int timeout_ms,
		      const struct mmscope_trace_cb *cb,
		      struct mmscope_trace_stats *st)
{
	struct trace_ctx t = { cb, st };
	struct xact x = { .m = m, .event = on_trace_msg, .arg = &t,
			  .lossy = true };

	lib_err_set(&m->err, 0, NULL);
	return lib_recv(m, &x, timeout_ms);
}

int mmscope_trace_start(struct mmscope *m, const struct mmscope_trace_req *r,
			const struct mmscope_trace_cb *cb, uint32_t *session,
			uint64_t *t0)
{
	struct nl_msg *req = mmscope_msg_new(m, MMSCOPE_CMD_TRACE_START, 0);
	struct mmscope_trace_cb c = *cb;
	struct mmscope_trace_stats st = { 0 };
	int one = 1, big = 8 << 20, ret;
	int fd = nl_socket_get_fd(m->sk);

	/* a big buffer; drops are counted by the kernel, not signalled */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	setsockopt(fd, SOL_NETLINK, NETLINK_NO_ENOBUFS, &one, sizeof(one));
	*session = 0;
	c.session_seen = session;
	c.time_seen = t0;
	if (!req || (r->npids && nla_put(req, MMSCOPE_A_PIDS,
					 r->npids * sizeof(uint32_t), r->pids)) ||
	    (r->classes && nla_put_u32(req, MMSCOPE_A_CLASSES, r->classes)) ||
	    (r->flags && nla_put_u32(req, MMSCOPE_A_TRACE_FLAGS, r->flags)) ||
	    (r->min_latency_ns &&
	     nla_put_u64(req, MMSCOPE_A_MIN_LATENCY, r->min_latency_ns))) {
		nlmsg_free(req);
		lib_err_set(&m->err, ENOMEM, "out of memory");
		return -ENOMEM;
	}
	ret = trace_request(m, req, &c, &st);
	nlmsg_free(req);
	if (!ret && !*session) {
		lib_err_set(&m->err, EBADMSG,
			    "malformed reply from the kernel module (module/tool mismatch?)");
		return -EBADMSG;
	}
	return ret;
}

int mmscope_trace_poll(struct mmscope *m, int timeout_ms,
		       const struct mmscope_trace_cb *cb,
		       struct mmscope_trace_stats *st)
{
	return trace_read(m, timeout_ms, cb, st);
}

int mmscope_trace_stop(struct mmscope *m, uint32_t session,
		       const struct mmscope_trace_cb *cb,
		       struct mmscope_trace_stats *st)
{
	struct nl_msg *req = mmscope_msg_new(m, MMSCOPE_CMD_TRACE_STOP, 0);
	int ret;

	if (!req || nla_put_u32(req, MMSCOPE_A_SESSION, session)) {
		nlmsg_free(req);
		lib_err_set(&m->err, ENOMEM, "out of memory");
		return -ENOMEM;
	}
	/* what is queued first: room for what the stop sends */
	trace_read(m, 0, cb, st);
	ret = trace_request(m, req, cb, st);
	nlmsg_free(req);
	/*
	 * The session is stopped before the kernel answers; an answer lost
	 * to a full socket buffer loses only the last totals.
	 */
	if (ret == -ETIMEDOUT)
		ret = 0;
	return ret;
}

static void parse_counting(const struct nlattr *a, struct mmscope_counting *s)
{
	struct nlattr *tb[MMSCOPE_COUNTING_A_MAX + 1];

	memset(s, 0, sizeof(*s));
	if (!a || nla_parse_nested(tb, MMSCOPE_COUNTING_A_MAX, (struct nlattr *)a, NULL))
		return;
	if (tb[MMSCOPE_COUNTING_A_ON])
		s->on = nla_get_u32(tb[MMSCOPE_COUNTING_A_ON]);
	if (tb[MMSCOPE_COUNTING_A_ENABLED])
		s->enabled = nla_get_u32(tb[MMSCOPE_COUNTING_A_ENABLED]);
	if (tb[MMSCOPE_COUNTING_A_HOLDERS])
		s->holders = nla_get_u32(tb[MMSCOPE_COUNTING_A_HOLDERS]);
	if (tb[MMSCOPE_COUNTING_A_ENTRIES])
		s->entries = nla_get_u32(tb[MMSCOPE_COUNTING_A_ENTRIES]);
	if (tb[MMSCOPE_COUNTING_A_CAPACITY])
		s->capacity = nla_get_u32(tb[MMSCOPE_COUNTING_A_CAPACITY]);
	if (tb[MMSCOPE_COUNTING_A_UNTRACKED])
		s->untracked = nla_get_u64(tb[MMSCOPE_COUNTING_A_UNTRACKED]);
}

struct counters_reply {
	struct mmscope_counters *c;
	struct mmscope_counting *state;
	bool have;
};

static int parse_counters(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[MMSCOPE_A_MAX + 1];
	struct counters_reply *r = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, MMSCOPE_A_MAX, NULL))
		return -EBADMSG;
	if (r->state)
		parse_counting(tb[MMSCOPE_A_COUNTING], r->state);
	if (r->c && tb[MMSCOPE_A_COUNTERS]) {
		size_t n = nla_len(tb[MMSCOPE_A_COUNTERS]);

		memset(r->c, 0, sizeof(*r->c));
		memcpy(r->c, nla_data(tb[MMSCOPE_A_COUNTERS]),
		       n < sizeof(*r->c) ? n : sizeof(*r->c));
		r->have = true;
	}
	return 0;
}

int mmscope_counters_get(struct mmscope *m, uint32_t pid,
			 struct mmscope_counters *c,
			 struct mmscope_counting *state)
{
	struct counters_reply r = { .c = c, .state = state };
	int ret = lib_simple_request(m, MMSCOPE_CMD_COUNTERS_GET, 0, &pid,
				     parse_counters, &r);

	if (!ret && !r.have) {
		lib_err_set(&m->err, EBADMSG,
			    "malformed reply from the kernel module (module/tool mismatch?)");
		return -EBADMSG;
	}
	return ret;
}

int mmscope_counters_ctl(struct mmscope *m, uint32_t flags,
			 struct mmscope_counting *state)
{
	struct nl_msg *req = mmscope_msg_new(m, MMSCOPE_CMD_COUNTERS_CTL, 0);
	struct counters_reply r = { .state = state };
	int ret;

	if (!req || nla_put_u32(req, MMSCOPE_A_CTL_FLAGS, flags)) {
		nlmsg_free(req);
		lib_err_set(&m->err, ENOMEM, "out of memory");
		return -ENOMEM;
	}
	ret = mmscope_transact(m, req, parse_counters, &r);
	nlmsg_free(req);
	return ret;
}

/* The latency below which @q (0..1) of the histogram lies: a bucket bound. */
uint64_t mmscope_lat_quantile(const __u64 *hist, double q)
{
	uint64_t total = 0, seen = 0;
	int i;

	for (i = 0; i < MMSCOPE_LAT_BUCKETS; i++)
		total += hist[i];
	if (!total)
		return 0;
	for (i = 0; i < MMSCOPE_LAT_BUCKETS; i++) {
		seen += hist[i];
		if (seen >= q * total)
			return (2ULL << i) - 1;
	}
	return UINT64_MAX;
}

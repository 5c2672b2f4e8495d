// SPDX-License-Identifier: GPL-2.0
/* libmmscope: trace sessions (faults, TLB flushes) and the per-process counters. */
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

/*
 * Read what the kernel sends: events at any time; if @x is set, also the
 * answer to the request in flight (its reply and ack end the loop).  Waits
 * at most @timeout_ms for the first message (-1: forever).
 */
static int trace_recv(struct mmscope *m, struct xact *x, int timeout_ms,
		      const struct mmscope_trace_cb *cb,
		      struct mmscope_trace_stats *st)
{
	const size_t size = 1 << 20;
	int fd = nl_socket_get_fd(m->sk);
	bool waited = false;
	int timeouts = 0;
	int ret = 0;
	char *buf;

	/* one buffer for the life of the handle: polls come every few ms */
	if (!m->evbuf)
		m->evbuf = malloc(size);
	buf = m->evbuf;
	if (!buf) {
		lib_err_set(&m->err, ENOMEM, "out of memory");
		return -ENOMEM;
	}
	while (!(x && x->done)) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		struct nlmsghdr *h;
		ssize_t n;
		int len;

		if (!x && waited)
			break;
		if (poll(&p, 1, timeout_ms) == 0) {
			if (x && ++timeouts < 2)
				continue;	/* the answer will come */
			if (x) {
				lib_err_set(&m->err, ETIMEDOUT,
					    "no answer from the kernel module (the socket's buffer may be full)");
				ret = -ETIMEDOUT;
			}
			break;
		}
		waited = true;
		n = recv(fd, buf, size, MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			if (errno == ENOBUFS)
				continue;	/* counted by the kernel */
			lib_err_set(&m->err, errno, NULL);
			snprintf(m->err.msg, sizeof(m->err.msg),
				 "reading events from the kernel: %s",
				 strerror(errno));
			ret = -errno;
			break;
		}
		len = n;
		lib_observe_all(m, buf, n);
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, len);
		     h = NLMSG_NEXT(h, len)) {
			if (x && h->nlmsg_seq == x->seq &&
			    h->nlmsg_type == NLMSG_ERROR) {
				lib_on_error(NULL, NLMSG_DATA(h), x);
				continue;
			}
			if (h->nlmsg_type != m->family)
				continue;
			if (!ret)
				ret = parse_trace_msg(h, cb, st);
		}
		if (ret)
			break;
		/* after the first batch, take what is already there only */
		if (!x)
			timeout_ms = 0;
	}
	if (m->err.code)
		return -m->err.code;
	return ret;
}

/* Send @req and read until its ack, handing over events meanwhile. */
static int trace_request(struct mmscope *m, struct nl_msg *req,
			 const struct mmscope_trace_cb *cb,
			 struct mmscope_trace_stats *st)
{
	struct xact x = { .m = m, .req = req };
	int ret;

	lib_err_set(&m->err, 0, NULL);
	ret = nl_send_auto(m->sk, req);
	if (ret < 0) {
		lib_err_set(&m->err, EIO, nl_geterror(ret));
		return -EIO;
	}
	x.seq = nlmsg_hdr(req)->nlmsg_seq;
	return trace_recv(m, &x, 5000, cb, st);
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
	lib_err_set(&m->err, 0, NULL);
	return trace_recv(m, NULL, timeout_ms, cb, st);
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
	trace_recv(m, NULL, 0, cb, st);
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

// SPDX-License-Identifier: GPL-2.0
/* libmmscope: the connection, requests, the one receive loop, ext-ack errors. */
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

void lib_err_set(struct mmscope_error *err, int code, const char *msg)
{
	memset(err, 0, sizeof(*err));
	err->code = code;
	err->attr = -1;
	err->miss_attr = -1;
	if (msg)
		snprintf(err->msg, sizeof(err->msg), "%s", msg);
}

/* The attribute at byte @off of our own request. */
static int req_attr_at(struct nl_msg *req, uint32_t off)
{
	struct nlmsghdr *hdr = nlmsg_hdr(req);
	struct nlattr *nla;

	if (off < NLMSG_HDRLEN + GENL_HDRLEN ||
	    off + sizeof(*nla) > hdr->nlmsg_len)
		return -1;
	nla = (struct nlattr *)((char *)hdr + off);
	return nla->nla_type & NLA_TYPE_MASK;
}

/* Ext-ack TLVs at @attrs: message, offending offset, missing type. */
static void parse_ack_tlvs(struct xact *x, void *attrs, int len)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1] = { 0 };
	struct mmscope_error *err = &x->m->err;

	if (len <= 0 || nla_parse(tb, NLMSGERR_ATTR_MAX, attrs, len, NULL))
		return;
	if (tb[NLMSGERR_ATTR_MSG]) {
		snprintf(err->msg, sizeof(err->msg), "%s",
			 nla_get_string(tb[NLMSGERR_ATTR_MSG]));
		/* Kernel messages may end with a newline. */
		err->msg[strcspn(err->msg, "\n")] = '\0';
		err->from_kernel = true;
	}
	if (tb[NLMSGERR_ATTR_OFFS])
		err->attr = req_attr_at(x->req, nla_get_u32(tb[NLMSGERR_ATTR_OFFS]));
	if (tb[NLMSGERR_ATTR_MISS_TYPE])
		err->miss_attr = nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]);
}

/* An NLMSG_ERROR (an ack when its error is 0) for the request of @x. */
static void on_error(struct xact *x, const struct nlmsghdr *hdr)
{
	const struct nlmsgerr *e = NLMSG_DATA(hdr);
	size_t ack_len;

	x->done = true;
	if (hdr->nlmsg_len < NLMSG_HDRLEN + sizeof(*e)) {
		lib_err_set(&x->m->err, EBADMSG, "truncated error from the kernel");
		return;
	}
	lib_err_set(&x->m->err, -e->error, NULL);
	if (!e->error || !(hdr->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	ack_len = NLMSG_HDRLEN + sizeof(*e);
	if (!(hdr->nlmsg_flags & NLM_F_CAPPED))
		ack_len += e->msg.nlmsg_len - NLMSG_HDRLEN;
	if (ack_len < hdr->nlmsg_len)
		parse_ack_tlvs(x, (char *)hdr + NLMSG_ALIGN(ack_len),
			       hdr->nlmsg_len - NLMSG_ALIGN(ack_len));
}

/* NLMSG_DONE carries the dump's errno and, with it, the ext-ack TLVs. */
static void on_done(struct xact *x, const struct nlmsghdr *hdr)
{
	int error = 0;

	x->done = true;
	if (hdr->nlmsg_len >= NLMSG_HDRLEN + sizeof(int))
		memcpy(&error, NLMSG_DATA(hdr), sizeof(int));
	if (error < 0) {
		lib_err_set(&x->m->err, -error, NULL);
		if (hdr->nlmsg_flags & NLM_F_ACK_TLVS)
			parse_ack_tlvs(x, (char *)NLMSG_DATA(hdr) +
					   NLMSG_ALIGN(sizeof(int)),
				       hdr->nlmsg_len - NLMSG_HDRLEN -
					   NLMSG_ALIGN(sizeof(int)));
	}
}

/* Every message of a buffer just read, to the observer. */
static void observe_all(struct mmscope *m, const void *buf, ssize_t n)
{
	const struct nlmsghdr *h;
	int len = n;

	if (!m->observe || n <= 0)
		return;
	for (h = buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len))
		m->observe(h, m->observe_arg);
}

/* A reply for @x->parse_msg, which reads libnl messages. */
static int parse_as_msg(struct xact *x, struct nlmsghdr *h)
{
	struct nl_msg *msg = nlmsg_convert(h);
	int ret;

	if (!msg)
		return -ENOMEM;
	ret = x->parse_msg(msg, x->arg);
	nlmsg_free(msg);
	return ret;
}

/* One message read: to the request's parser, to the event parser, or dropped. */
static void dispatch(struct mmscope *m, struct xact *x, struct nlmsghdr *h)
{
	int ret = 0;

	if (x->seq && h->nlmsg_seq == x->seq) {
		if (h->nlmsg_flags & NLM_F_DUMP_INTR)
			m->torn = true;
		if (h->nlmsg_type == NLMSG_ERROR)
			on_error(x, h);
		else if (h->nlmsg_type == NLMSG_DONE)
			on_done(x, h);
		else if (h->nlmsg_type >= NLMSG_MIN_TYPE && !x->cb_ret)
			ret = x->parse ? x->parse(h, x->arg) :
			      x->parse_msg ? parse_as_msg(x, h) : 0;
	} else if (!h->nlmsg_seq && h->nlmsg_type == m->family && m->family &&
		   x->event && !x->cb_ret) {
		ret = x->event(h, x->arg);
	}
	if (ret)
		x->cb_ret = ret;
}

/* Messages one event read takes at most (up to 16 KiB each): a bound on its time. */
#define LIB_EVENT_READS	64

/*
 * The one receive loop of libmmscope.  Reads what the kernel sends this
 * socket, every message to the observer first, and hands each where it
 * belongs (dispatch()): with a request in flight (@x->seq), until its ack,
 * error or NLMSG_DONE, waiting @timeout_ms (-1: for ever) at most twice in
 * a row; without one, what has arrived when the first message comes
 * within @timeout_ms: every message queued then (LIB_EVENT_READS at
 * most), so that a reader woken once takes a whole drain of the kernel's.
 * 0, the parser's first non-zero return, or -errno with m->err set.
 */
int lib_recv(struct mmscope *m, struct xact *x, int timeout_ms)
{
	const size_t size = 1 << 20;
	int fd = nl_socket_get_fd(m->sk);
	int timeouts = 0, reads = 0;

	/* one buffer for the life of the handle: polls come every few ms */
	if (!m->evbuf)
		m->evbuf = malloc(size);
	if (!m->evbuf) {
		lib_err_set(&m->err, ENOMEM, "out of memory");
		return -ENOMEM;
	}
	while (!x->done && !m->err.code) {
		struct nlmsghdr *h;
		ssize_t n;
		int len;

		/*
		 * Read first, wait only when nothing is there: a dump's next
		 * message is made while the last one is read.
		 */
		n = recv(fd, m->evbuf, size, MSG_DONTWAIT);
		if (n < 0 && errno == EAGAIN) {
			struct pollfd p = { .fd = fd, .events = POLLIN };

			if (!x->seq && reads)
				break;	/* all that had come is handed over */
			if (poll(&p, 1, timeout_ms) == 0) {
				if (!x->seq)
					break;
				if (++timeouts < 2)
					continue;	/* the answer will come */
				lib_err_set(&m->err, ETIMEDOUT,
					    "no answer from the kernel module (the socket's buffer may be full)");
				break;
			}
			continue;
		}
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS && x->lossy) {
				/* events lost: the kernel counts them */
				if (!x->seq)
					break;
				continue;
			}
			lib_err_set(&m->err, errno, NULL);
			snprintf(m->err.msg, sizeof(m->err.msg),
				 "reading from the kernel module: %s",
				 strerror(errno));
			break;
		}
		len = n;
		observe_all(m, m->evbuf, n);
		for (h = (struct nlmsghdr *)m->evbuf; NLMSG_OK(h, len);
		     h = NLMSG_NEXT(h, len))
			dispatch(m, x, h);
		if (!x->seq && (++reads >= LIB_EVENT_READS || x->cb_ret))
			break;
	}
	if (m->err.code)
		return -m->err.code;
	return x->cb_ret;
}

/* Send @x->req and read until it is answered. */
int lib_request(struct mmscope *m, struct xact *x, int timeout_ms)
{
	int ret;

	x->m = m;
	lib_err_set(&m->err, 0, NULL);
	m->torn = false;
	ret = nl_send_auto(m->sk, x->req);
	if (ret < 0) {
		lib_err_set(&m->err, EIO, nl_geterror(ret));
		return -EIO;
	}
	x->seq = nlmsg_hdr(x->req)->nlmsg_seq;
	return lib_recv(m, x, timeout_ms);
}

int mmscope_transact(struct mmscope *m, struct nl_msg *req,
		     int (*parse)(struct nl_msg *msg, void *arg), void *arg)
{
	struct xact x = { .req = req, .parse_msg = parse, .arg = arg };

	return lib_request(m, &x, -1);
}

/* A dump, its replies handed to @parse where they lie in the buffer. */
int lib_dump_raw(struct mmscope *m, struct nl_msg *req,
		 int (*parse)(struct nlmsghdr *h, void *arg), void *arg)
{
	struct xact x = { .req = req, .parse = parse, .arg = arg };

	return lib_request(m, &x, -1);
}

bool mmscope_dump_torn(const struct mmscope *m)
{
	return m->torn;
}

struct nl_msg *mmscope_msg_new(struct mmscope *m, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, m->family, 0,
			 flags | (flags & NLM_F_DUMP ? 0 : NLM_F_ACK), cmd,
			 MMSCOPE_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* Find the family (this also loads the module when it is installed). */
struct family_reply {
	int id;
	unsigned int version;
};

static int parse_family(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct family_reply *f = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, CTRL_ATTR_MAX, NULL))
		return 0;
	if (tb[CTRL_ATTR_FAMILY_ID])
		f->id = nla_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	if (tb[CTRL_ATTR_VERSION])
		f->version = nla_get_u32(tb[CTRL_ATTR_VERSION]);
	return 0;
}

int mmscope_open(struct mmscope **out, struct mmscope_error *err)
{
	struct family_reply f = { .id = -1 };
	struct mmscope *m;
	struct nl_msg *req;
	int one = 1;
	int ret;

	*out = NULL;
	m = calloc(1, sizeof(*m));
	if (!m) {
		lib_err_set(err, ENOMEM, "out of memory");
		return -ENOMEM;
	}
	m->sk = nl_socket_alloc();
	if (!m->sk) {
		lib_err_set(err, ENOMEM, "out of memory");
		free(m);
		return -ENOMEM;
	}
	ret = genl_connect(m->sk);
	if (ret < 0) {
		lib_err_set(err, EIO, "cannot open a generic netlink socket");
		snprintf(err->msg, sizeof(err->msg),
			 "cannot open a generic netlink socket: %s",
			 nl_geterror(ret));
		mmscope_close(m);
		return -EIO;
	}
	setsockopt(nl_socket_get_fd(m->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	nl_socket_set_msg_buf_size(m->sk, 65536);
	nl_socket_enable_msg_peek(m->sk);

	m->family = GENL_ID_CTRL;
	req = nlmsg_alloc();
	if (!req || !genlmsg_put(req, NL_AUTO_PORT, NL_AUTO_SEQ, GENL_ID_CTRL,
				 0, NLM_F_ACK, CTRL_CMD_GETFAMILY, 1) ||
	    nla_put_string(req, CTRL_ATTR_FAMILY_NAME, MMSCOPE_GENL_NAME)) {
		nlmsg_free(req);
		lib_err_set(err, ENOMEM, "out of memory");
		mmscope_close(m);
		return -ENOMEM;
	}
	ret = mmscope_transact(m, req, parse_family, &f);
	nlmsg_free(req);
	if (ret == -ENOENT || (!ret && f.id < 0)) {
		lib_err_set(err, ENOENT,
			    "the mmscope kernel module is not loaded (no generic netlink family \"mmscope\"); load it with: insmod module/mmscope.ko (or: modprobe mmscope)");
		mmscope_close(m);
		return -ENOENT;
	}
	if (ret) {
		*err = m->err;
		mmscope_close(m);
		return ret;
	}
	m->family = f.id;
	m->proto = f.version;
	if (f.version != MMSCOPE_GENL_VERSION) {
		lib_err_set(err, EPROTO, NULL);
		snprintf(err->msg, sizeof(err->msg),
			 "module/tool mismatch: the loaded mmscope module speaks protocol %u, this tool speaks %u; rebuild both from the same tree",
			 f.version, MMSCOPE_GENL_VERSION);
		mmscope_close(m);
		return -EPROTO;
	}
	*out = m;
	return 0;
}

void mmscope_close(struct mmscope *m)
{
	if (!m)
		return;
	nl_socket_free(m->sk);
	free(m->evbuf);
	free(m);
}

struct nlattr *lib_reply_attr(struct nl_msg *msg, int type, int cmd)
{
	struct nlattr *tb[MMSCOPE_A_MAX + 1];
	struct genlmsghdr *g = nlmsg_data(nlmsg_hdr(msg));

	if (g->cmd != cmd)
		return NULL;
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, MMSCOPE_A_MAX, NULL))
		return NULL;
	return tb[type];
}

void lib_copy_nla_str(char *dst, size_t size, const struct nlattr *a)
{
	size_t n = lib_nla_len(a);
	const char *src = lib_nla_data(a);

	if (n && !src[n - 1])
		n--;
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* lib_copy_nla_str(), for an attribute that may be absent (then ""). */
void lib_copy_str(char *dst, size_t size, const struct nlattr *a)
{
	if (a)
		lib_copy_nla_str(dst, size, a);
	else
		dst[0] = '\0';
}

int lib_simple_request(struct mmscope *m, uint8_t cmd, int flags,
		       const uint32_t *pid,
		       int (*parse)(struct nl_msg *, void *), void *arg)
{
	struct nl_msg *req = mmscope_msg_new(m, cmd, flags);
	int ret;

	if (!req || (pid && nla_put_u32(req, MMSCOPE_A_PID, *pid))) {
		nlmsg_free(req);
		lib_err_set(&m->err, ENOMEM, "out of memory");
		return -ENOMEM;
	}
	ret = mmscope_transact(m, req, parse, arg);
	nlmsg_free(req);
	if (ret == -EBADMSG && !m->err.code)
		lib_err_set(&m->err, EBADMSG,
			    "malformed reply from the kernel module (module/tool mismatch?)");
	return ret;
}

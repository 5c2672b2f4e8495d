// SPDX-License-Identifier: GPL-2.0
/*
 * libmmscope: requests, replies, ext-ack errors and dump loops for the
 * mmscope generic netlink family.
 */
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

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct xact {
	struct mmscope *m;
	struct nl_msg *req;
	uint32_t seq;		/* of the request: other messages are stale */
	int (*parse)(struct nl_msg *msg, void *arg);
	void *arg;
	int cb_ret;		/* non-zero return of the parse callback */
	bool done;
};

static void err_set(struct mmscope_error *err, int code, const char *msg)
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

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *hdr = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct xact *x = arg;
	size_t ack_len;

	(void)nla;
	x->done = true;
	err_set(&x->m->err, -e->error, NULL);
	if (!e->error)
		return NL_STOP;
	if (!(hdr->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;
	ack_len = NLMSG_HDRLEN + sizeof(*e);
	if (!(hdr->nlmsg_flags & NLM_F_CAPPED))
		ack_len += e->msg.nlmsg_len - NLMSG_HDRLEN;
	if (ack_len < hdr->nlmsg_len)
		parse_ack_tlvs(x, (char *)hdr + NLMSG_ALIGN(ack_len),
			       hdr->nlmsg_len - NLMSG_ALIGN(ack_len));
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	struct xact *x = arg;

	(void)msg;
	x->done = true;
	return NL_STOP;
}

/*
 * libnl's own sequence check assumes every request went through its
 * receive loop; dumps here do not (dump_raw()), so the check is ours:
 * only replies to the request in flight count.
 */
static int on_seq_check(struct nl_msg *msg, void *arg)
{
	struct xact *x = arg;

	return nlmsg_hdr(msg)->nlmsg_seq == x->seq ? NL_OK : NL_SKIP;
}

/* NLMSG_DONE carries the dump's errno and, with it, the ext-ack TLVs. */
static void finish_hdr(struct nlmsghdr *hdr, struct xact *x)
{
	int error = 0;

	x->done = true;
	if (hdr->nlmsg_len >= NLMSG_HDRLEN + sizeof(int))
		memcpy(&error, nlmsg_data(hdr), sizeof(int));
	if (error < 0) {
		err_set(&x->m->err, -error, NULL);
		if (hdr->nlmsg_flags & NLM_F_ACK_TLVS)
			parse_ack_tlvs(x, (char *)nlmsg_data(hdr) +
					   NLMSG_ALIGN(sizeof(int)),
				       hdr->nlmsg_len - NLMSG_HDRLEN -
					   NLMSG_ALIGN(sizeof(int)));
	}
}

static int on_finish(struct nl_msg *msg, void *arg)
{
	finish_hdr(nlmsg_hdr(msg), arg);
	return NL_STOP;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct xact *x = arg;
	int ret;

	if (!x->parse || x->cb_ret)
		return NL_OK;
	ret = x->parse(msg, x->arg);
	if (ret)
		x->cb_ret = ret;
	return NL_OK;
}

static int on_msg_in(struct nl_msg *msg, void *arg)
{
	struct mmscope *m = arg;

	m->observe(nlmsg_hdr(msg), m->observe_arg);
	return NL_OK;
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

int mmscope_transact(struct mmscope *m, struct nl_msg *req,
		     int (*parse)(struct nl_msg *msg, void *arg), void *arg)
{
	struct xact x = { .m = m, .req = req, .parse = parse, .arg = arg };
	struct nl_cb *cb;
	int ret;

	err_set(&m->err, 0, NULL);
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		err_set(&m->err, ENOMEM, "out of memory");
		return -ENOMEM;
	}
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, &x);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, &x);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, &x);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, &x);
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, on_seq_check, &x);
	if (m->observe)
		nl_cb_set(cb, NL_CB_MSG_IN, NL_CB_CUSTOM, on_msg_in, m);

	ret = nl_send_auto(m->sk, req);
	if (ret < 0) {
		err_set(&m->err, EIO, nl_geterror(ret));
		goto out;
	}
	x.seq = nlmsg_hdr(req)->nlmsg_seq;
	while (!x.done) {
		ret = nl_recvmsgs(m->sk, cb);
		if (ret < 0 && !m->err.code) {
			if (ret == -NLE_INTR && !x.done)
				continue;
			err_set(&m->err, EIO, nl_geterror(ret));
			break;
		}
		if (m->err.code)
			break;
	}
out:
	nl_cb_put(cb);
	if (m->err.code)
		return -m->err.code;
	return x.cb_ret;
}

/*
 * A dump without libnl's per-message copies: the replies are read into
 * one buffer and handed to @parse where they lie.  Errors (NLMSG_ERROR,
 * or the errno in NLMSG_DONE) are handled as mmscope_transact() does.
 */
static int dump_raw(struct mmscope *m, struct nl_msg *req,
		    int (*parse)(struct nlmsghdr *h, void *arg), void *arg)
{
	struct xact x = { .m = m, .req = req };
	const size_t size = 65536;
	int fd = nl_socket_get_fd(m->sk);
	char *buf = malloc(size);
	uint32_t seq;
	int ret;

	err_set(&m->err, 0, NULL);
	m->torn = false;
	if (!buf) {
		err_set(&m->err, ENOMEM, "out of memory");
		return -ENOMEM;
	}
	ret = nl_send_auto(m->sk, req);
	if (ret < 0) {
		err_set(&m->err, EIO, nl_geterror(ret));
		goto out;
	}
	seq = nlmsg_hdr(req)->nlmsg_seq;
	while (!x.done) {
		ssize_t n = recv(fd, buf, size, 0);
		struct nlmsghdr *h;
		int len;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			err_set(&m->err, errno, NULL);
			snprintf(m->err.msg, sizeof(m->err.msg),
				 "reading the dump from the kernel: %s",
				 strerror(errno));
			break;
		}
		len = n;
		observe_all(m, buf, n);
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, len);
		     h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_flags & NLM_F_DUMP_INTR)
				m->torn = true;
			if (h->nlmsg_type == NLMSG_DONE) {
				finish_hdr(h, &x);
				break;
			}
			if (h->nlmsg_type == NLMSG_ERROR) {
				on_error(NULL, NLMSG_DATA(h), &x);
				break;
			}
			if (h->nlmsg_type == m->family && !x.cb_ret)
				x.cb_ret = parse(h, arg);
		}
	}
out:
	free(buf);
	if (m->err.code)
		return -m->err.code;
	return x.cb_ret;
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
		err_set(err, ENOMEM, "out of memory");
		return -ENOMEM;
	}
	m->sk = nl_socket_alloc();
	if (!m->sk) {
		err_set(err, ENOMEM, "out of memory");
		free(m);
		return -ENOMEM;
	}
	ret = genl_connect(m->sk);
	if (ret < 0) {
		err_set(err, EIO, "cannot open a generic netlink socket");
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
		err_set(err, ENOMEM, "out of memory");
		mmscope_close(m);
		return -ENOMEM;
	}
	ret = mmscope_transact(m, req, parse_family, &f);
	nlmsg_free(req);
	if (ret == -ENOENT || (!ret && f.id < 0)) {
		err_set(err, ENOENT,
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
		err_set(err, EPROTO, NULL);
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

static struct nlattr *reply_attr(struct nl_msg *msg, int type, int cmd)
{
	struct nlattr *tb[MMSCOPE_A_MAX + 1];
	struct genlmsghdr *g = nlmsg_data(nlmsg_hdr(msg));

	if (g->cmd != cmd)
		return NULL;
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, MMSCOPE_A_MAX, NULL))
		return NULL;
	return tb[type];
}

static void copy_nla_str(char *dst, size_t size, const struct nlattr *a)
{
	size_t n = nla_len(a);
	const char *src = nla_data(a);

	if (n && !src[n - 1])
		n--;
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* copy_nla_str(), for an attribute that may be absent (then ""). */
static void copy_str(char *dst, size_t size, const struct nlattr *a)
{
	if (a)
		copy_nla_str(dst, size, a);
	else
		dst[0] = '\0';
}

static int parse_info(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[MMSCOPE_INFO_A_MAX + 1];
	struct mmscope_info *info = arg;
	struct nlattr *a = reply_attr(msg, MMSCOPE_A_INFO, MMSCOPE_CMD_INFO_GET);

	if (!a || nla_parse_nested(tb, MMSCOPE_INFO_A_MAX, a, NULL))
		return -EBADMSG;
	copy_str(info->version, sizeof(info->version), tb[MMSCOPE_INFO_A_VERSION]);
	copy_str(info->built_for, sizeof(info->built_for), tb[MMSCOPE_INFO_A_BUILT_FOR]);
	copy_str(info->running, sizeof(info->running), tb[MMSCOPE_INFO_A_RUNNING]);
	if (tb[MMSCOPE_INFO_A_PROTO])
		info->proto = nla_get_u32(tb[MMSCOPE_INFO_A_PROTO]);
	if (tb[MMSCOPE_INFO_A_FEATURES])
		info->features = nla_get_u64(tb[MMSCOPE_INFO_A_FEATURES]);
	if (tb[MMSCOPE_INFO_A_PAGE_SIZE])
		info->page_size = nla_get_u32(tb[MMSCOPE_INFO_A_PAGE_SIZE]);
	if (tb[MMSCOPE_INFO_A_SMAPS_FLAGS])
		info->smaps.flags = nla_get_u32(tb[MMSCOPE_INFO_A_SMAPS_FLAGS]);
	if (tb[MMSCOPE_INFO_A_SMAPS_LINES])
		info->smaps.lines = nla_get_u64(tb[MMSCOPE_INFO_A_SMAPS_LINES]);
	info->smaps.swap_pss = info->features & MMSCOPE_FEAT_SWAP_PSS;
	if (tb[MMSCOPE_INFO_A_DUMP_STATE])
		info->dump_state = nla_get_u32(tb[MMSCOPE_INFO_A_DUMP_STATE]);
	if (tb[MMSCOPE_INFO_A_SESSIONS])
		info->sessions = nla_get_u32(tb[MMSCOPE_INFO_A_SESSIONS]);
	if (tb[MMSCOPE_INFO_A_COUNTING])
		info->counting = nla_get_u32(tb[MMSCOPE_INFO_A_COUNTING]);
	if (tb[MMSCOPE_INFO_A_TRACE_BYTES])
		info->trace_bytes = nla_get_u64(tb[MMSCOPE_INFO_A_TRACE_BYTES]);
	if (tb[MMSCOPE_INFO_A_HOOKS])
		info->hooks = nla_get_u32(tb[MMSCOPE_INFO_A_HOOKS]);
	if (tb[MMSCOPE_INFO_A_MISSED])
		info->missed = nla_get_u64(tb[MMSCOPE_INFO_A_MISSED]);
	return 0;
}

static int simple_request(struct mmscope *m, uint8_t cmd, int flags,
			  const uint32_t *pid,
			  int (*parse)(struct nl_msg *, void *), void *arg)
{
	struct nl_msg *req = mmscope_msg_new(m, cmd, flags);
	int ret;

	if (!req || (pid && nla_put_u32(req, MMSCOPE_A_PID, *pid))) {
		nlmsg_free(req);
		err_set(&m->err, ENOMEM, "out of memory");
		return -ENOMEM;
	}
	ret = mmscope_transact(m, req, parse, arg);
	nlmsg_free(req);
	if (ret == -EBADMSG && !m->err.code)
		err_set(&m->err, EBADMSG,
			"malformed reply from the kernel module (module/tool mismatch?)");
	return ret;
}

int mmscope_info_get(struct mmscope *m, struct mmscope_info *info)
{
	memset(info, 0, sizeof(*info));
	return simple_request(m, MMSCOPE_CMD_INFO_GET, 0, NULL, parse_info, info);
}

static int parse_task(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[MMSCOPE_TASK_A_MAX + 1];
	struct mmscope_task *t = arg;
	struct nlattr *a = reply_attr(msg, MMSCOPE_A_TASK, MMSCOPE_CMD_TASK_GET);
	struct nlattr *pos;
	int rem;

	if (!a || nla_parse_nested(tb, MMSCOPE_TASK_A_MAX, a, NULL))
		return -EBADMSG;
	if (tb[MMSCOPE_TASK_A_PID])
		t->pid = nla_get_u32(tb[MMSCOPE_TASK_A_PID]);
	if (tb[MMSCOPE_TASK_A_TGID])
		t->tgid = nla_get_u32(tb[MMSCOPE_TASK_A_TGID]);
	copy_str(t->comm, sizeof(t->comm), tb[MMSCOPE_TASK_A_COMM]);
	if (tb[MMSCOPE_TASK_A_FLAGS])
		t->flags = nla_get_u32(tb[MMSCOPE_TASK_A_FLAGS]);
	if (tb[MMSCOPE_TASK_A_NR_THREADS])
		t->nr_threads = nla_get_u32(tb[MMSCOPE_TASK_A_NR_THREADS]);
	if (tb[MMSCOPE_TASK_A_TIDS]) {
		size_t n = 0;

		nla_for_each_nested(pos, tb[MMSCOPE_TASK_A_TIDS], rem)
			n++;
		t->tids = calloc(n ? n : 1, sizeof(*t->tids));
		if (!t->tids)
			return -ENOMEM;
		nla_for_each_nested(pos, tb[MMSCOPE_TASK_A_TIDS], rem)
			if (nla_len(pos) == sizeof(uint32_t))
				t->tids[t->nr_tids++] = nla_get_u32(pos);
	}
	if (tb[MMSCOPE_TASK_A_MM]) {
		struct nlattr *mb[MMSCOPE_MM_A_MAX + 1];
		int i;

		if (nla_parse_nested(mb, MMSCOPE_MM_A_MAX, tb[MMSCOPE_TASK_A_MM], NULL))
			return -EBADMSG;
		t->has_mm = true;
		for (i = MMSCOPE_MM_A_PAD + 1; i <= MMSCOPE_MM_A_MAX; i++) {
			if (!mb[i] || nla_len(mb[i]) != sizeof(uint64_t))
				continue;
			t->mm.v[i] = nla_get_u64(mb[i]);
			t->mm.have[i] = true;
		}
	}
	return 0;
}

int mmscope_task_get(struct mmscope *m, uint32_t pid, struct mmscope_task *t)
{
	int ret;

	memset(t, 0, sizeof(*t));
	ret = simple_request(m, MMSCOPE_CMD_TASK_GET, 0, &pid, parse_task, t);
	if (ret)
		mmscope_task_free(t);
	return ret;
}

void mmscope_task_free(struct mmscope_task *t)
{
	free(t->tids);
	t->tids = NULL;
	t->nr_tids = 0;
}

struct vma_walk {
	mmscope_vma_fn fn;
	void *arg;
	struct mmscope_vma v;
};

static uint64_t get_u64(const struct nlattr *a)
{
	return a && nla_len(a) == sizeof(uint64_t) ? nla_get_u64(a) : 0;
}

static uint32_t get_u32(const struct nlattr *a)
{
	return a && nla_len(a) == sizeof(uint32_t) ? nla_get_u32(a) : 0;
}


/* The MMSCOPE_SMAPS_A_* figures of one nest, without nla_parse(). */
static void parse_smaps_fast(const struct nlattr *nest, struct mmscope_smaps *s)
{
	const struct nlattr *pos;
	int rem;

	memset(s, 0, sizeof(*s));
	nla_for_each_nested(pos, nest, rem) {
		int t = nla_type(pos);

		if (t <= MMSCOPE_SMAPS_A_PAD || t > MMSCOPE_SMAPS_A_MAX)
			continue;
		if (nla_len(pos) == sizeof(uint64_t))
			memcpy(&s->v[t], nla_data(pos), sizeof(uint64_t));
		else if (nla_len(pos) == sizeof(uint32_t))
			s->v[t] = *(const uint32_t *)nla_data(pos);
		else
			continue;
		s->have[t] = true;
	}
}

static int parse_vma_nest(const struct nlattr *a, struct mmscope_vma *v);

static int parse_vma(struct nlmsghdr *h, void *arg)
{
	struct vma_walk *w = arg;
	struct mmscope_vma *v = &w->v;
	struct genlmsghdr *g = NLMSG_DATA(h);
	struct nlattr *a = NULL, *pos;
	int rem;

	if (h->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN || g->cmd != MMSCOPE_CMD_VMA_GET)
		return -EBADMSG;
	nla_for_each_attr(pos, (struct nlattr *)((char *)g + GENL_HDRLEN),
			  h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN, rem)
		if (nla_type(pos) == MMSCOPE_A_VMA)
			a = pos;
	if (!a)
		return -EBADMSG;
	if (parse_vma_nest(a, v))
		return -EBADMSG;
	return w->fn(v, w->arg);
}

/* One MMSCOPE_A_VMA nest into @v. */
static int parse_vma_nest(const struct nlattr *a, struct mmscope_vma *v)
{
	const struct nlattr *pos;
	bool start = false, end = false;
	int rem;

	v->perms = 0;
	v->pgoff = v->ino = v->vm_flags = 0;
	v->dev_major = v->dev_minor = 0;
	v->name_kind = MMSCOPE_VMA_NAME_NONE;
	v->kind = 0;
	v->anon_vma = v->has_smaps = false;
	v->name[0] = v->vmflags[0] = v->ops[0] = v->fault[0] = '\0';
	nla_for_each_nested(pos, a, rem) {
		int len = nla_len(pos);

		switch (nla_type(pos)) {
		case MMSCOPE_VMA_A_START:
			start = len == 8 && (v->start = nla_get_u64(pos), true);
			break;
		case MMSCOPE_VMA_A_END:
			end = len == 8 && (v->end = nla_get_u64(pos), true);
			break;
		case MMSCOPE_VMA_A_PERMS:
			v->perms = get_u32(pos);
			break;
		case MMSCOPE_VMA_A_PGOFF:
			v->pgoff = get_u64(pos);
			break;
		case MMSCOPE_VMA_A_DEV_MAJOR:
			v->dev_major = get_u32(pos);
			break;
		case MMSCOPE_VMA_A_DEV_MINOR:
			v->dev_minor = get_u32(pos);
			break;
		case MMSCOPE_VMA_A_INO:
			v->ino = get_u64(pos);
			break;
		case MMSCOPE_VMA_A_NAME:
			copy_nla_str(v->name, sizeof(v->name), pos);
			break;
		case MMSCOPE_VMA_A_NAME_KIND:
			v->name_kind = get_u32(pos);
			break;
		case MMSCOPE_VMA_A_VM_FLAGS:
			v->vm_flags = get_u64(pos);
			break;
		case MMSCOPE_VMA_A_VMFLAGS:
			copy_nla_str(v->vmflags, sizeof(v->vmflags), pos);
			break;
		case MMSCOPE_VMA_A_KIND:
			v->kind = get_u32(pos);
			break;
		case MMSCOPE_VMA_A_ANON_VMA:
			v->anon_vma = true;
			break;
		case MMSCOPE_VMA_A_OPS:
			copy_nla_str(v->ops, sizeof(v->ops), pos);
			break;
		case MMSCOPE_VMA_A_FAULT:
			copy_nla_str(v->fault, sizeof(v->fault), pos);
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
	if (!ret && r->flags && nla_put_u32(req, MMSCOPE_A_FLAGS, r->flags))
		ret = -ENOMEM;
	if (!ret && (r->start || r->end) &&
	    (nla_put_u64(req, MMSCOPE_A_START, r->start) ||
	     nla_put_u64(req, MMSCOPE_A_END, r->end)))
		ret = -ENOMEM;
	if (ret) {
		err_set(&m->err, ENOMEM, "out of memory");
		goto out;
	}
	w->fn = fn;
	w->arg = arg;
	ret = dump_raw(m, req, parse_vma, w);
	if (ret == -EBADMSG && !m->err.code)
		err_set(&m->err, EBADMSG,
			"malformed reply from the kernel module (module/tool mismatch?)");
out:
	nlmsg_free(req);
	free(w);
	return ret;
}

static int parse_rollup(struct nl_msg *msg, void *arg)
{
	struct nlattr *a = reply_attr(msg, MMSCOPE_A_ROLLUP, MMSCOPE_CMD_ROLLUP_GET);

	if (!a)
		return -EBADMSG;
	parse_smaps_fast(a, arg);
	return 0;
}

int mmscope_rollup_get(struct mmscope *m, uint32_t pid, struct mmscope_smaps *s)
{
	memset(s, 0, sizeof(*s));
	return simple_request(m, MMSCOPE_CMD_ROLLUP_GET, 0, &pid, parse_rollup, s);
}

/* Number formatting as seq_put_hex_ll()/seq_put_decimal_ull_width(). */
char *mmscope_fmt_hex(char *p, uint64_t v, int width)
{
	char tmp[16];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	while (n < width)
		tmp[n++] = '0';
	while (n)
		*p++ = tmp[--n];
	return p;
}

char *mmscope_fmt_dec(char *p, uint64_t v, int width)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	while (n < width--)
		*p++ = ' ';
	while (n)
		*p++ = tmp[--n];
	return p;
}

static char *put_str(char *p, const char *s)
{
	size_t n = strlen(s);

	memcpy(p, s, n);
	return p + n;
}

/*
 * seq_path(m, path, "\n"): '\n' becomes "\012".  @p has room for 4 bytes
 * per byte of @src.
 */
static char *put_path(char *p, const char *src)
{
	for (; *src; src++) {
		if (*src == '\n')
			p = put_str(p, "\\012");
		else
			*p++ = *src;
	}
	return p;
}

/* Room one maps line needs at most. */
#define MAPS_LINE_MAX (128 + 4 * sizeof(((struct mmscope_vma *)0)->name))

/* show_map_vma(); returns the end of the line (after its '\n'). */
static char *put_maps_line(char *p, const struct mmscope_vma *v)
{
	/* show_vma_header_prefix(): the name column starts after 72 chars */
	const int width = 25 + (int)sizeof(void *) * 6 - 1;
	char *line = p;

	p = mmscope_fmt_hex(p, v->start, 8);
	*p++ = '-';
	p = mmscope_fmt_hex(p, v->end, 8);
	*p++ = ' ';
	*p++ = v->perms & MMSCOPE_VMA_PERM_READ ? 'r' : '-';
	*p++ = v->perms & MMSCOPE_VMA_PERM_WRITE ? 'w' : '-';
	*p++ = v->perms & MMSCOPE_VMA_PERM_EXEC ? 'x' : '-';
	*p++ = v->perms & MMSCOPE_VMA_PERM_SHARED ? 's' : 'p';
	*p++ = ' ';
	p = mmscope_fmt_hex(p, v->pgoff, 8);
	*p++ = ' ';
	p = mmscope_fmt_hex(p, v->dev_major, 2);
	*p++ = ':';
	p = mmscope_fmt_hex(p, v->dev_minor, 2);
	*p++ = ' ';
	p = mmscope_fmt_dec(p, v->ino, 0);
	*p++ = ' ';
	if (v->name_kind != MMSCOPE_VMA_NAME_NONE) {
		while (p - line < width)
			*p++ = ' ';
		*p++ = ' ';
		if (v->name_kind == MMSCOPE_VMA_NAME_PATH)
			p = put_path(p, v->name);
		else
			p = put_str(p, v->name);
	}
	*p++ = '\n';
	return p;
}

void mmscope_format_maps(const struct mmscope_vma *v, char *buf, size_t size)
{
	char line[MAPS_LINE_MAX];
	size_t n = put_maps_line(line, v) - line;

	if (!size)
		return;
	if (n >= size)
		n = size - 1;
	memcpy(buf, line, n);
	buf[n] = '\0';
}

#define F(a, l, k, fp, ro, w) { MMSCOPE_SMAPS_A_##a, l, k, fp, ro, w }
const struct mmscope_smaps_field mmscope_smaps_fields[] = {
	F(RSS,             "Rss:            ", "rss_kb", false, false, 8),
	F(PSS,             "Pss:            ", "pss_kb", true, false, 8),
	F(PSS_DIRTY,       "Pss_Dirty:      ", "pss_dirty_kb", true, false, 8),
	F(PSS_ANON,        "Pss_Anon:       ", "pss_anon_kb", true, true, 8),
	F(PSS_FILE,        "Pss_File:       ", "pss_file_kb", true, true, 8),
	F(PSS_SHMEM,       "Pss_Shmem:      ", "pss_shmem_kb", true, true, 8),
	F(SHARED_CLEAN,    "Shared_Clean:   ", "shared_clean_kb", false, false, 8),
	F(SHARED_DIRTY,    "Shared_Dirty:   ", "shared_dirty_kb", false, false, 8),
	F(PRIVATE_CLEAN,   "Private_Clean:  ", "private_clean_kb", false, false, 8),
	F(PRIVATE_DIRTY,   "Private_Dirty:  ", "private_dirty_kb", false, false, 8),
	F(REFERENCED,      "Referenced:     ", "referenced_kb", false, false, 8),
	F(ANONYMOUS,       "Anonymous:      ", "anonymous_kb", false, false, 8),
	F(KSM,             "KSM:            ", "ksm_kb", false, false, 8),
	F(LAZYFREE,        "LazyFree:       ", "lazyfree_kb", false, false, 8),
	F(ANON_HUGE,       "AnonHugePages:  ", "anon_huge_pages_kb", false, false, 8),
	F(SHMEM_PMD,       "ShmemPmdMapped: ", "shmem_pmd_mapped_kb", false, false, 8),
	F(FILE_PMD,        "FilePmdMapped:  ", "file_pmd_mapped_kb", false, false, 8),
	F(SHARED_HUGETLB,  "Shared_Hugetlb: ", "shared_hugetlb_kb", false, false, 8),
	F(PRIVATE_HUGETLB, "Private_Hugetlb: ", "private_hugetlb_kb", false, false, 7),
	F(SWAP,            "Swap:           ", "swap_kb", false, false, 8),
	F(SWAP_PSS,        "SwapPss:        ", "swap_pss_kb", true, false, 8),
	F(LOCKED,          "Locked:         ", "locked_kb", true, false, 8),
};
#undef F
const size_t mmscope_nr_smaps_fields =
	sizeof(mmscope_smaps_fields) / sizeof(mmscope_smaps_fields[0]);

uint64_t mmscope_smaps_kb(const struct mmscope_smaps *s,
			  const struct mmscope_smaps_field *f)
{
	uint64_t v = s->v[f->attr];

	if (f->fixed_point)
		v >>= MMSCOPE_PSS_SHIFT_BITS;
	return v >> 10;
}

bool mmscope_smaps_shown(const struct mmscope_smaps_layout *l,
			 const struct mmscope_smaps_field *f, bool rollup)
{
	if (f->rollup_only && !rollup)
		return false;
	return l->lines & (1ULL << f->attr);
}

bool mmscope_smaps_unavailable(const struct mmscope_smaps_layout *l,
			       const struct mmscope_smaps_field *f)
{
	return f->attr == MMSCOPE_SMAPS_A_SWAP_PSS && !l->swap_pss;
}

/* __show_smap() */
static char *put_fields(char *p, const struct mmscope_smaps *s, bool rollup,
			const struct mmscope_smaps_layout *l)
{
	size_t i;

	for (i = 0; i < mmscope_nr_smaps_fields; i++) {
		const struct mmscope_smaps_field *fl = &mmscope_smaps_fields[i];

		if (!mmscope_smaps_shown(l, fl, rollup))
			continue;
		p = put_str(p, fl->label);
		if (mmscope_smaps_unavailable(l, fl)) {
			p = put_str(p, "unavailable\n");
			continue;
		}
		p = mmscope_fmt_dec(p, mmscope_smaps_kb(s, fl), fl->width);
		p = put_str(p, " kB\n");
	}
	return p;
}

static char *put_kb_line(char *p, const char *label, uint64_t bytes)
{
	p = put_str(p, label);
	p = mmscope_fmt_dec(p, bytes >> 10, 8);
	return put_str(p, " kB\n");
}

void mmscope_print_smaps(FILE *f, const struct mmscope_vma *v,
			 const struct mmscope_smaps_layout *l)
{
	static char buf[MAPS_LINE_MAX + 4096];
	const struct mmscope_smaps *s = &v->smaps;
	char *p = put_maps_line(buf, v);

	p = put_kb_line(p, "Size:           ", s->v[MMSCOPE_SMAPS_A_SIZE]);
	p = put_kb_line(p, "KernelPageSize: ", s->v[MMSCOPE_SMAPS_A_KERNEL_PAGE_SIZE]);
	p = put_kb_line(p, "MMUPageSize:    ", s->v[MMSCOPE_SMAPS_A_MMU_PAGE_SIZE]);
	p = put_fields(p, s, false, l);
	if (s->have[MMSCOPE_SMAPS_A_THP_ELIGIBLE]) {
		p = put_str(p, "THPeligible:    ");
		/* "%8u" or "%d" */
		p = mmscope_fmt_dec(p, s->v[MMSCOPE_SMAPS_A_THP_ELIGIBLE],
				    l->flags & MMSCOPE_SMAPS_F_THP_WIDE ? 8 : 0);
		*p++ = '\n';
	}
	if (s->have[MMSCOPE_SMAPS_A_PKEY]) {
		p = put_str(p, "ProtectionKey:  ");
		p = mmscope_fmt_dec(p, s->v[MMSCOPE_SMAPS_A_PKEY], 8);
		*p++ = '\n';
	}
	p = put_str(p, "VmFlags: ");
	p = put_str(p, v->vmflags);
	*p++ = '\n';
	fwrite(buf, 1, p - buf, f);
}

void mmscope_print_rollup(FILE *f, const struct mmscope_smaps *s,
			  const struct mmscope_smaps_layout *l)
{
	static struct mmscope_vma hdr;
	static char buf[MAPS_LINE_MAX + 4096];
	char *p;

	memset(&hdr, 0, sizeof(hdr));
	hdr.start = s->v[MMSCOPE_SMAPS_A_RANGE_START];
	hdr.end = s->v[MMSCOPE_SMAPS_A_RANGE_END];
	hdr.name_kind = MMSCOPE_VMA_NAME_SPECIAL;
	snprintf(hdr.name, sizeof(hdr.name), "[rollup]");
	p = put_maps_line(buf, &hdr);
	p = put_fields(p, s, true, l);
	fwrite(buf, 1, p - buf, f);
}

const char *mmscope_attr_name(int type)
{
	switch (type) {
	case MMSCOPE_A_PAD: return "PAD";
	case MMSCOPE_A_PID: return "PID";
	case MMSCOPE_A_INFO: return "INFO";
	case MMSCOPE_A_TASK: return "TASK";
	case MMSCOPE_A_VMA: return "VMA";
	case MMSCOPE_A_FLAGS: return "FLAGS";
	case MMSCOPE_A_START: return "START";
	case MMSCOPE_A_END: return "END";
	case MMSCOPE_A_ROLLUP: return "ROLLUP";
	default: return NULL;
	}
}

void mmscope_strerror(const struct mmscope_error *err, char *buf, size_t size)
{
	const char *sys = strerror(err->code);
	size_t n = 0;

	if (!err->msg[0]) {
		snprintf(buf, size, "%s", sys);
		return;
	}
	n += snprintf(buf + n, size - n, "%s", err->msg);
	if (n < size && err->attr >= 0) {
		const char *name = mmscope_attr_name(err->attr);

		if (name)
			n += snprintf(buf + n, size - n, " (attribute %s)", name);
		else
			n += snprintf(buf + n, size - n, " (attribute %d)", err->attr);
	}
	if (n < size && err->miss_attr >= 0) {
		const char *name = mmscope_attr_name(err->miss_attr);

		if (name)
			n += snprintf(buf + n, size - n, " (missing attribute %s)", name);
		else
			n += snprintf(buf + n, size - n, " (missing attribute %d)",
				      err->miss_attr);
	}
	if (n < size && err->from_kernel)
		snprintf(buf + n, size - n, " [%s]", sys);
}

const char *mmscope_vma_kind_name(uint32_t kind)
{
	switch (kind) {
	case MMSCOPE_VMA_KIND_PRIVATE_ANON: return "private-anon";
	case MMSCOPE_VMA_KIND_PRIVATE_FILE: return "private-file";
	case MMSCOPE_VMA_KIND_SHARED_ANON: return "shared-anon";
	case MMSCOPE_VMA_KIND_SHARED_FILE: return "shared-file";
	case MMSCOPE_VMA_KIND_SPECIAL: return "special";
	default: return "unknown";
	}
}

const char *mmscope_vma_name_kind_name(uint32_t kind)
{
	switch (kind) {
	case MMSCOPE_VMA_NAME_NONE: return "none";
	case MMSCOPE_VMA_NAME_PATH: return "path";
	case MMSCOPE_VMA_NAME_SPECIAL: return "special";
	case MMSCOPE_VMA_NAME_HEAP: return "heap";
	case MMSCOPE_VMA_NAME_STACK: return "stack";
	case MMSCOPE_VMA_NAME_ANON: return "anon";
	default: return "unknown";
	}
}

/* ---- page tables ------------------------------------------------------ */

/* A struct mmscope_pt_entry payload into @r; -EBADMSG if too short. */
static int parse_pt_rec(const struct nlattr *a, struct mmscope_pt_rec *r)
{
	struct mmscope_pt_entry e;

	if (nla_len(a) < (int)sizeof(e))
		return -EBADMSG;
	memcpy(&e, nla_data(a), sizeof(e));
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
	void *arg;
};

static int parse_pt(struct nlmsghdr *h, void *arg)
{
	struct pt_walk *w = arg;
	struct genlmsghdr *g = NLMSG_DATA(h);
	struct mmscope_pt_rec r;
	struct nlattr *pos;
	int rem;

	if (h->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN || g->cmd != MMSCOPE_CMD_PT_GET)
		return -EBADMSG;
	/* records come many to a message */
	nla_for_each_attr(pos, (struct nlattr *)((char *)g + GENL_HDRLEN),
			  h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN, rem) {
		int ret;

		if (nla_type(pos) != MMSCOPE_A_PT)
			continue;
		if (parse_pt_rec(pos, &r))
			return -EBADMSG;
		ret = w->fn(&r, w->arg);
		if (ret)
			return ret;
	}
	return 0;
}

int mmscope_pt_dump(struct mmscope *m, uint32_t pid,
		    const struct mmscope_pt_req *r, mmscope_pt_fn fn, void *arg)
{
	struct nl_msg *req = mmscope_msg_new(m, MMSCOPE_CMD_PT_GET, NLM_F_DUMP);
	struct pt_walk w = { fn, arg };
	int ret = 0;

	if (!req || nla_put_u32(req, MMSCOPE_A_PID, pid) ||
	    (r->flags && nla_put_u32(req, MMSCOPE_A_FLAGS, r->flags)) ||
	    (r->level != MMSCOPE_LEVEL_LEAVES &&
	     nla_put_u32(req, MMSCOPE_A_LEVEL, r->level)) ||
	    ((r->start || r->end) &&
	     (nla_put_u64(req, MMSCOPE_A_START, r->start) ||
	      nla_put_u64(req, MMSCOPE_A_END, r->end))) ||
	    (r->has_addr && nla_put_u64(req, MMSCOPE_A_ADDR, r->addr))) {
		err_set(&m->err, ENOMEM, "out of memory");
		ret = -ENOMEM;
		goto out;
	}
	ret = dump_raw(m, req, parse_pt, &w);
	if (ret == -EBADMSG && !m->err.code)
		err_set(&m->err, EBADMSG,
			"malformed reply from the kernel module (module/tool mismatch?)");
out:
	nlmsg_free(req);
	return ret;
}

static int parse_vtop(struct nl_msg *msg, void *arg)
{
	struct mmscope_vtop *v = arg;
	struct nlattr *a = reply_attr(msg, MMSCOPE_A_VTOP, MMSCOPE_CMD_VTOP);
	struct nlattr *pos;
	int rem;

	if (!a)
		return -EBADMSG;
	nla_for_each_nested(pos, a, rem) {
		if (nla_type(pos) == MMSCOPE_A_PT && v->n < MMSCOPE_VTOP_MAX) {
			if (parse_pt_rec(pos, &v->rec[v->n++]))
				return -EBADMSG;
		} else if (nla_type(pos) == MMSCOPE_A_VMA) {
			/* the same nest a VMA dump carries */
			if (parse_vma_nest(pos, &v->vma))
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
		err_set(&m->err, ENOMEM, "out of memory");
		return -ENOMEM;
	}
	ret = mmscope_transact(m, req, parse_vtop, out);
	nlmsg_free(req);
	if (ret == -EBADMSG && !m->err.code)
		err_set(&m->err, EBADMSG, "malformed reply from the kernel module");
	return ret;
}

static int parse_ptstats(struct nl_msg *msg, void *arg)
{
	struct mmscope_ptstats *st = arg;
	struct nlattr *a = reply_attr(msg, MMSCOPE_A_PT_STATS, MMSCOPE_CMD_PT_STATS);
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
			case MMSCOPE_PTSTAT_A_LEVEL: level = get_u32(p2); break;
			case MMSCOPE_PTSTAT_A_TABLES: l.tables = get_u64(p2); break;
			case MMSCOPE_PTSTAT_A_ENTRIES: l.entries = get_u64(p2); break;
			case MMSCOPE_PTSTAT_A_BYTES: l.bytes = get_u64(p2); break;
			case MMSCOPE_PTSTAT_A_LEAVES: l.leaves = get_u64(p2); break;
			case MMSCOPE_PTSTAT_A_DEPOSITED: l.deposited = get_u64(p2); break;
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
	return simple_request(m, MMSCOPE_CMD_PT_STATS, 0, &pid, parse_ptstats, out);
}

uint64_t mmscope_ptstats_vmpte(const struct mmscope_ptstats *st)
{
	return st->level[MMSCOPE_LEVEL_PUD].bytes + st->level[MMSCOPE_LEVEL_PMD].bytes +
	       st->level[MMSCOPE_LEVEL_PTE].bytes +
	       st->level[MMSCOPE_LEVEL_PTE].deposited * 4096;
}

static const char *const level_names[] = { "pgd", "p4d", "pud", "pmd", "pte" };

const char *mmscope_level_name(uint32_t level)
{
	return level <= MMSCOPE_LEVEL_PTE ? level_names[level] : "?";
}

int mmscope_level_parse(const char *name)
{
	int i;

	for (i = 0; i <= MMSCOPE_LEVEL_PTE; i++)
		if (!strcmp(name, level_names[i]))
			return i;
	return -1;
}

const char *mmscope_pte_kind_name(uint32_t kind)
{
	static const char *const names[] = {
		"none", "present", "protnone", "table", "swap", "migration",
		"device-private", "device-exclusive", "hwpoison", "marker", "bad",
	};

	return kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "?";
}

const char *mmscope_pte_flag_name(int bit)
{
	static const char *const names[] = {
		"present", "rw", "user", "pwt", "pcd", "accessed", "dirty", "huge",
		"global", "nx", "soft-dirty", "uffd-wp", "protnone", "special",
		"devmap", "inverted", "exclusive",
	};

	return bit >= 0 && bit < (int)(sizeof(names) / sizeof(names[0])) ?
	       names[bit] : NULL;
}

const char *mmscope_page_flag_name(int bit)
{
	static const char *const names[] = {
		"anon", "ksm", "lru", "active", "referenced", "dirty",
		"writeback", "swapbacked", "swapcache", "mlocked", "unevictable",
		"head", "tail", "zero", "huge-zero", "anon-exclusive", "hugetlb",
		"reserved",
	};

	return bit >= 0 && bit < (int)(sizeof(names) / sizeof(names[0])) ?
	       names[bit] : NULL;
}

static void flags_str(uint32_t flags, const char *(*name)(int), char *buf,
		      size_t size)
{
	size_t n = 0;
	int bit;

	buf[0] = '\0';
	for (bit = 0; bit < 32 && n < size; bit++) {
		if (!(flags & (1u << bit)) || !name(bit))
			continue;
		n += snprintf(buf + n, size - n, "%s%s", n ? " " : "", name(bit));
	}
}

void mmscope_pte_flags_str(uint32_t flags, char *buf, size_t size)
{
	flags_str(flags, mmscope_pte_flag_name, buf, size);
}

void mmscope_page_flags_str(uint32_t flags, char *buf, size_t size)
{
	flags_str(flags, mmscope_page_flag_name, buf, size);
}

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

/* A TRACE_EVENT message (or the reply of TRACE_STOP): events and totals. */
static int parse_trace_msg(struct nlmsghdr *h, const struct mmscope_trace_cb *cb,
			   struct mmscope_trace_stats *st)
{
	struct genlmsghdr *g = nlmsg_data(h);
	int rem = h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	struct nlattr *a;
	int ret = 0;

	if (rem < 0)
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
		err_set(&m->err, ENOMEM, "out of memory");
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
				err_set(&m->err, ETIMEDOUT,
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
			err_set(&m->err, errno, NULL);
			snprintf(m->err.msg, sizeof(m->err.msg),
				 "reading events from the kernel: %s",
				 strerror(errno));
			ret = -errno;
			break;
		}
		len = n;
		observe_all(m, buf, n);
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, len);
		     h = NLMSG_NEXT(h, len)) {
			if (x && h->nlmsg_seq == x->seq &&
			    h->nlmsg_type == NLMSG_ERROR) {
				on_error(NULL, NLMSG_DATA(h), x);
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

	err_set(&m->err, 0, NULL);
	ret = nl_send_auto(m->sk, req);
	if (ret < 0) {
		err_set(&m->err, EIO, nl_geterror(ret));
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
		err_set(&m->err, ENOMEM, "out of memory");
		return -ENOMEM;
	}
	ret = trace_request(m, req, &c, &st);
	nlmsg_free(req);
	if (!ret && !*session) {
		err_set(&m->err, EBADMSG,
			"malformed reply from the kernel module (module/tool mismatch?)");
		return -EBADMSG;
	}
	return ret;
}

int mmscope_trace_poll(struct mmscope *m, int timeout_ms,
		       const struct mmscope_trace_cb *cb,
		       struct mmscope_trace_stats *st)
{
	err_set(&m->err, 0, NULL);
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
		err_set(&m->err, ENOMEM, "out of memory");
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
	int ret = simple_request(m, MMSCOPE_CMD_COUNTERS_GET, 0, &pid,
				 parse_counters, &r);

	if (!ret && !r.have) {
		err_set(&m->err, EBADMSG,
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
		err_set(&m->err, ENOMEM, "out of memory");
		return -ENOMEM;
	}
	ret = mmscope_transact(m, req, parse_counters, &r);
	nlmsg_free(req);
	return ret;
}

static const char *const fault_class_names[MMSCOPE_FAULT_NR_CLASSES] = {
	[MMSCOPE_FAULT_OTHER] = "other",
	[MMSCOPE_FAULT_ANON] = "anon",
	[MMSCOPE_FAULT_ZERO] = "zero",
	[MMSCOPE_FAULT_FILE_CACHE] = "file",
	[MMSCOPE_FAULT_FILE_READ] = "file-read",
	[MMSCOPE_FAULT_SWAPIN] = "swapin",
	[MMSCOPE_FAULT_COW] = "cow",
	[MMSCOPE_FAULT_WP_REUSE] = "wp-reuse",
	[MMSCOPE_FAULT_SHARED] = "shared",
	[MMSCOPE_FAULT_THP] = "thp",
	[MMSCOPE_FAULT_HUGETLB] = "hugetlb",
	[MMSCOPE_FAULT_ERROR] = "error",
};

const char *mmscope_fault_class_name(uint32_t c)
{
	return c < MMSCOPE_FAULT_NR_CLASSES ? fault_class_names[c] : "?";
}

int mmscope_fault_class_parse(const char *s)
{
	int i;

	for (i = 0; i < MMSCOPE_FAULT_NR_CLASSES; i++)
		if (!strcmp(s, fault_class_names[i]))
			return i;
	return -1;
}

const char *mmscope_fault_error_name(uint32_t e)
{
	static const char *const n[] = {
		"", "SEGV_MAPERR", "SEGV_ACCERR", "SEGV_PKUERR", "SIGSEGV",
		"SIGBUS", "OOM", "HWPOISON",
	};

	return e < sizeof(n) / sizeof(n[0]) ? n[e] : "?";
}

const char *mmscope_tlb_reason_name(uint32_t r)
{
	static const char *const n[MMSCOPE_TLB_NR_REASONS] = {
		"task-switch", "remote-shootdown", "local-shootdown",
		"local-mm-shootdown", "ipi-sent",
	};

	return r < MMSCOPE_TLB_NR_REASONS ? n[r] : "?";
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

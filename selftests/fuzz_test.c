// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink fuzzer: random and mutated requests to the mmscope family, sent
 * raw (no libnl on the sending side, so that any byte can be wrong): wrong
 * types and lengths, bad nesting, unknown attributes and flag bits, huge
 * and inverted ranges, every command number, doit and dump.
 *
 * Every message carries NLM_F_ACK and is answered before the next is sent.
 * What must hold, for every message:
 *   - the kernel answers (an ack, a reply, or a dump that ends): a message
 *     the netlink core drops unread (a length that lies) gets no answer
 *     by design, and is not sent by this fuzzer;
 *   - every refusal carries an errno and an ext-ack message, except those
 *     the genetlink core gives before mmscope sees the message (command
 *     numbers the family does not have, a header shorter than
 *     genlmsghdr): those are counted apart and must have the core's errno;
 *   - the machine survives (the VM's console is checked for any report).
 *
 * A second pass sends the same kind of messages as an unprivileged user:
 * every one that reaches mmscope must be refused with EPERM and the
 * message naming CAP_SYS_ADMIN, malformed or not (the permission check
 * comes before any attribute is parsed), and none may be answered.
 *
 * MMSCOPE_FUZZ_MESSAGES sets the count (default 1,000,000; the
 * unprivileged pass sends a tenth of it, at least 1,000),
 * MMSCOPE_FUZZ_SEED the seed (default: the time; printed).
 */
#include "lib/common.h"

#include <sys/time.h>
#include <time.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <sys/socket.h>

#include "lib/harness.h"
#include "lib/spec-gen.h"

#define BUF_SIZE	4096
#define RX_SIZE		(256 * 1024)

struct fuzz {
	int fd;
	int family;
	uint32_t seq;
	uint64_t rng;
	pid_t target;			/* a live process to name */
	uint64_t target_addr;		/* an address mapped in it */
	/* counts */
	unsigned long sent, acked_ok, refused, refused_core, replies, dumps;
	unsigned long no_msg, no_answer, sessions;
	int unpriv;			/* every answer must be EPERM */
	unsigned long not_eperm;
	unsigned long by_errno[256];
	/* where the time goes: per command number, send to last answer */
	unsigned long by_cmd[256], ns_by_cmd[256];
	char first_bad[512];
};

static uint64_t rnd(struct fuzz *f)
{
	/* xorshift64* */
	f->rng ^= f->rng >> 12;
	f->rng ^= f->rng << 25;
	f->rng ^= f->rng >> 27;
	return f->rng * 0x2545F4914F6CDD1DULL;
}

static uint32_t below(struct fuzz *f, uint32_t n)
{
	return n ? rnd(f) % n : 0;
}

static int open_sock(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int one = 1, size = 1 << 20;
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);

	if (fd < 0)
		return -1;
	struct timeval tv = { .tv_sec = 10 };	/* an answer that never comes */

	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Interesting values for 32- and 64-bit attributes. */
static uint64_t value(struct fuzz *f, int wide)
{
	static const uint64_t magic[] = {
		0, 1, 2, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0x80000000,
		0xffffffff, 4194304, 4194305, 0x1000, 0xfff, 0x200000,
		0x7ffffffff000ULL, 0x7fffffffffffULL, 0x800000000000ULL,
		0xffff800000000000ULL, 0xffffffffff600000ULL,
		0xffffffffffffffffULL, 0x8000000000000000ULL,
		0x100000000000000ULL, 0xfffffffffffff000ULL,
	};
	uint64_t v;

	switch (below(f, 8)) {
	case 0:
	case 1:
		v = magic[below(f, sizeof(magic) / sizeof(magic[0]))];
		break;
	case 2:
		v = f->target;
		break;
	case 3:
		v = below(f, 3) ? (uint64_t)getpid() : 1;
		break;
	case 4:
		v = f->target_addr + (below(f, 64) << 12) - (below(f, 2) << 20);
		break;
	case 5:
		v = 1ULL << below(f, 64);
		break;
	default:
		v = rnd(f);
	}
	return wide ? v : (uint32_t)v;
}

/* Append one attribute at *off; returns bytes used (0 if no room). */
static size_t put_attr(struct fuzz *f, char *buf, size_t off, size_t cap,
		       int depth)
{
	struct nlattr *a = (struct nlattr *)(buf + off);
	size_t plen, room;
	unsigned int type;
	char *p;

	if (off + NLA_HDRLEN + 64 > cap)
		return 0;
	room = cap - off - NLA_HDRLEN;
	/* mostly the family's own attribute numbers, sometimes anything */
	type = below(f, 8) ? below(f, MMSCOPE_A_MAX + 3) : below(f, 0x4000);
	if (!below(f, 16))
		type |= NLA_F_NESTED;
	if (!below(f, 32))
		type |= NLA_F_NET_BYTEORDER;
	p = buf + off + NLA_HDRLEN;
	switch (below(f, 8)) {
	case 0:
	case 1:
	case 2: {			/* u32 */
		uint32_t v = value(f, 0);

		memcpy(p, &v, 4);
		plen = 4;
		break;
	}
	case 3:
	case 4: {			/* u64 */
		uint64_t v = value(f, 1);

		memcpy(p, &v, 8);
		plen = 8;
		break;
	}
	case 5:				/* nest of more attributes */
		plen = 0;
		if (depth < 4) {
			int n = below(f, 4);

			while (n--) {
				size_t used = put_attr(f, buf, off + NLA_HDRLEN + plen,
						       cap, depth + 1);
				if (!used)
					break;
				plen += used;
			}
		}
		if (below(f, 2))
			type |= NLA_F_NESTED;
		break;
	case 6: {			/* a pid list */
		int n = below(f, 80), i;

		if ((size_t)n * 4 > room)
			n = room / 4;
		for (i = 0; i < n; i++) {
			uint32_t v = below(f, 2) ? (uint32_t)f->target : value(f, 0);

			memcpy(p + 4 * i, &v, 4);
		}
		plen = 4 * n;
		break;
	}
	default: {			/* random bytes, any length */
		size_t i;

		plen = below(f, 4) ? below(f, 24) : below(f, 300);
		if (plen > room)
			plen = room;
		for (i = 0; i < plen; i++)
			p[i] = rnd(f);
	}
	}
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + plen;
	/* sometimes the attribute's own length lies */
	if (!below(f, 24))
		a->nla_len = below(f, 2) ? below(f, NLA_HDRLEN) :
					   a->nla_len + 1 + below(f, 64);
	return NLA_ALIGN(NLA_HDRLEN + plen);
}

/*
 * A request that is almost right: the command's own attributes (the
 * spec's, from spec-gen.h) with values from the interesting set, then
 * maybe a mutation.
 */
static size_t well_formed(struct fuzz *f, char *buf, size_t off, size_t cap,
			  uint8_t cmd)
{
	const struct spec_request *r = spec_request_of(cmd);
	size_t start = off;
	int i;

	if (!r)
		return 0;
	for (i = 0; i < SPEC_REQ_ATTRS_MAX && r->attrs[i]; i++) {
		uint16_t t = r->attrs[i];
		struct nlattr *a = (struct nlattr *)(buf + off);
		int wide = spec_attr_kind[t] == SPEC_U64;
		uint64_t v;

		if (below(f, 4) == 0)
			continue;	/* leave it out */
		if (off + 64 > cap)
			break;
		if (t == MMSCOPE_A_PID)
			v = below(f, 4) ? (uint64_t)f->target : value(f, 0);
		else if (t == MMSCOPE_A_FLAGS || t == MMSCOPE_A_CTL_FLAGS ||
			 t == MMSCOPE_A_TRACE_FLAGS || t == MMSCOPE_A_CLASSES)
			/* every mix of the request flags (6 bits), or one bit */
			v = below(f, 2) ? below(f, 64) : 1U << below(f, 32);
		else if (t == MMSCOPE_A_LEVEL)
			v = below(f, 9);
		else if (t == MMSCOPE_A_PIDS)
			v = f->target;
		else
			v = value(f, wide);
		a->nla_type = t;
		if (wide) {
			a->nla_len = NLA_HDRLEN + 8;
			memcpy(buf + off + NLA_HDRLEN, &v, 8);
		} else {
			uint32_t v32 = v;

			a->nla_len = NLA_HDRLEN + 4;
			memcpy(buf + off + NLA_HDRLEN, &v32, 4);
		}
		off += NLA_ALIGN(a->nla_len);
	}
	return off - start;
}

/* Build one message into buf; returns its length. */
static size_t build(struct fuzz *f, char *buf, uint8_t *cmdp, int *dumpp)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct genlmsghdr *g = NLMSG_DATA(nlh);
	size_t len = NLMSG_HDRLEN + GENL_HDRLEN;
	uint8_t cmd;
	int n;

	memset(buf, 0, BUF_SIZE);
	/* every command, mostly the family's own */
	cmd = below(f, 16) ? below(f, MMSCOPE_CMD_MAX + 2) : below(f, 256);
	nlh->nlmsg_type = f->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	*dumpp = spec_request_of(cmd) && spec_request_of(cmd)->dump;
	if (!below(f, 6))
		*dumpp = !*dumpp;	/* the wrong kind */
	if (*dumpp)
		nlh->nlmsg_flags |= NLM_F_DUMP;
	if (!below(f, 16))		/* other flag bits */
		nlh->nlmsg_flags |= (below(f, 0x10000) & ~(NLM_F_DUMP | NLM_F_REQUEST)) &
				    ~NLM_F_ACK;
	nlh->nlmsg_seq = ++f->seq;
	g->cmd = cmd;
	g->version = below(f, 8) ? MMSCOPE_GENL_VERSION : below(f, 256);
	g->reserved = below(f, 32) ? 0 : rnd(f);

	if (below(f, 2)) {
		len += well_formed(f, buf, len, BUF_SIZE, cmd);
	} else {
		n = below(f, 7);
		while (n--) {
			size_t used = put_attr(f, buf, len, BUF_SIZE, 0);

			if (!used)
				break;
			len += used;
		}
	}
	/* mutations: flip bytes past the netlink header, or cut the end */
	if (!below(f, 4)) {
		n = 1 + below(f, 4);
		while (n-- && len > NLMSG_HDRLEN)
			buf[NLMSG_HDRLEN + below(f, len - NLMSG_HDRLEN)] ^= 1 << below(f, 8);
	}
	if (!below(f, 16) && len > NLMSG_HDRLEN)
		len = NLMSG_HDRLEN + below(f, len - NLMSG_HDRLEN);
	nlh->nlmsg_len = len;		/* never a lie: see the top */
	*cmdp = g->cmd;
	return len;
}

/* The ext-ack message an NLMSG_ERROR or NLMSG_DONE carries, or NULL. */
static const char *ack_msg(const struct nlmsghdr *h)
{
	const struct nlmsgerr *e = NLMSG_DATA(h);
	const struct nlattr *a;
	size_t off, len;

	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return NULL;
	if (h->nlmsg_type == NLMSG_DONE) {
		off = NLMSG_HDRLEN + sizeof(int);
	} else {
		off = NLMSG_HDRLEN + sizeof(*e);
		if (!(h->nlmsg_flags & NLM_F_CAPPED))
			off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	}
	off = NLMSG_ALIGN(off);
	while (off + NLA_HDRLEN <= h->nlmsg_len) {
		a = (const struct nlattr *)((const char *)h + off);
		len = a->nla_len;
		if (len < NLA_HDRLEN || off + len > h->nlmsg_len)
			return NULL;
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG &&
		    len > NLA_HDRLEN + 1 && ((const char *)a)[len - 1] == '\0')
			return (const char *)a + NLA_HDRLEN;
		off += NLA_ALIGN(len);
	}
	return NULL;
}

static void bad(struct fuzz *f, const char *what, uint8_t cmd, int dump,
		int err, const char *req, size_t len)
{
	size_t i, n;

	if (f->first_bad[0])
		return;
	n = snprintf(f->first_bad, sizeof(f->first_bad),
		     "%s: cmd %u %s errno %d, request of %zu bytes:", what, cmd,
		     dump ? "dump" : "doit", err, len);
	for (i = 0; i < len && n + 4 < sizeof(f->first_bad); i++)
		n += snprintf(f->first_bad + n, sizeof(f->first_bad) - n, " %02x",
			      (unsigned char)req[i]);
}

/* Unprivileged pass: what mmscope answers must be EPERM with its message. */
static void check_eperm(struct fuzz *f, const struct nlmsghdr *h, int err,
			uint8_t cmd, int dump, const char *req, size_t reqlen)
{
	const char *msg = ack_msg(h);

	if (err == -EPERM && msg && strstr(msg, "CAP_SYS_ADMIN"))
		return;
	f->not_eperm++;
	bad(f, err ? "unprivileged request refused without EPERM and its message" :
		     "unprivileged request accepted",
	    cmd, dump, -err, req, reqlen);
}

/*
 * Read until the answer to seq is complete.  Trace events (sequence 0) of
 * a session the fuzzer started are read and thrown away.
 */
static void answer(struct fuzz *f, uint8_t cmd, int dump, const char *req,
		   size_t reqlen, char *rx)
{
	int core = cmd > MMSCOPE_CMD_MAX || reqlen < NLMSG_HDRLEN + GENL_HDRLEN;
	for (;;) {
		struct nlmsghdr *h;
		ssize_t n;
		int left;

		n = recv(f->fd, rx, RX_SIZE, 0);	/* 10 s at most */
		if (n < 0) {
			if (errno == ENOBUFS || errno == EINTR)
				continue;	/* events overflowed the socket */
			f->no_answer++;
			bad(f, errno == EAGAIN ? "no answer in 10 s" : "recv failed",
			    cmd, dump, errno, req, reqlen);
			return;
		}
		left = n;
		for (h = (struct nlmsghdr *)rx; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
			int err;

			if (h->nlmsg_seq != f->seq)
				continue;	/* an event, or late */
			if (h->nlmsg_type == NLMSG_DONE) {
				err = *(int *)NLMSG_DATA(h);
				f->dumps++;
				if (f->unpriv)
					check_eperm(f, h, err, cmd, dump, req, reqlen);
				if (err < 0) {
					f->refused++;
					f->by_errno[-err & 255]++;
					if (!ack_msg(h)) {
						f->no_msg++;
						bad(f, "dump error without a message",
						    cmd, dump, -err, req, reqlen);
					}
				}
				return;
			}
			if (h->nlmsg_type != NLMSG_ERROR) {
				if (f->unpriv && !f->replies)
					bad(f, "an unprivileged request was answered",
					    cmd, dump, 0, req, reqlen);
				f->replies++;
				if (cmd == MMSCOPE_CMD_TRACE_START)
					f->sessions++;
				continue;
			}
			err = ((struct nlmsgerr *)NLMSG_DATA(h))->error;
			if (!err) {
				if (f->unpriv)
					check_eperm(f, h, err, cmd, dump, req, reqlen);
				f->acked_ok++;
				return;
			}
			f->by_errno[-err & 255]++;
			if (core) {
				f->refused_core++;
				if (err != -EOPNOTSUPP && err != -EINVAL)
					bad(f, "core refusal with an unexpected errno",
					    cmd, dump, -err, req, reqlen);
				return;
			}
			f->refused++;
			if (f->unpriv)
				check_eperm(f, h, err, cmd, dump, req, reqlen);
			if (!ack_msg(h)) {
				f->no_msg++;
				bad(f, "refusal without a message", cmd, dump, -err,
				    req, reqlen);
			}
			return;
		}
	}
}

/* One fuzzing process: @count messages from seed @seed; fills *f. */
static void fuzz_run(struct fuzz *f, unsigned long count, unsigned long seed)
{
	char *buf = malloc(BUF_SIZE), *rx = malloc(RX_SIZE);
	unsigned long i;

	f->rng = seed * 2654435761UL + 1;
	f->fd = open_sock();
	if (!buf || !rx || f->fd < 0) {
		snprintf(f->first_bad, sizeof(f->first_bad), "no socket or memory");
		return;
	}
	for (i = 0; i < count; i++) {
		struct timespec a, b;
		uint8_t cmd;
		int dump;
		size_t len = build(f, buf, &cmd, &dump);

		clock_gettime(CLOCK_MONOTONIC, &a);
		if (send(f->fd, buf, len, 0) != (ssize_t)len) {
			bad(f, "send failed", cmd, dump, errno, buf, len);
			break;
		}
		f->sent++;
		answer(f, cmd, dump, buf, len, rx);
		clock_gettime(CLOCK_MONOTONIC, &b);
		f->by_cmd[cmd]++;
		f->ns_by_cmd[cmd] += (b.tv_sec - a.tv_sec) * 1000000000UL +
				     b.tv_nsec - a.tv_nsec;
		if (f->no_answer)
			break;
		/* A new socket now and then: sessions and holds end with it. */
		if (i % 5000 == 4999) {
			close(f->fd);
			f->fd = open_sock();
			if (f->fd < 0)
				break;
		}
	}
	if (f->fd >= 0)
		close(f->fd);
	free(buf);
	free(rx);
}

FIXTURE(fuzz) {
};

FIXTURE_SETUP(fuzz)
{
}

FIXTURE_TEARDOWN(fuzz)
{
}

/*
 * MMSCOPE_FUZZ_JOBS processes (default 2, one per CPU of the VM) share
 * the count, each from its own seed (seed + job).
 */
TEST_F_TIMEOUT(fuzz, messages, 4 * 3600)
{
	unsigned long count = env_ul("MMSCOPE_FUZZ_MESSAGES", 1000000);
	unsigned long seed = env_ul("MMSCOPE_FUZZ_SEED", time(NULL));
	unsigned long jobs = env_ul("MMSCOPE_FUZZ_JOBS", 2), j;
	struct fuzz *fs, total = { 0 };
	struct mmscope_error err;
	struct timespec t0, t1;
	struct mmscope *m;
	pid_t target;
	int e, family;

	ASSERT_LE(1, jobs);
	fs = mmap(NULL, jobs * sizeof(*fs), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, fs);
	ASSERT_EQ(0, mmscope_open(&m, &err));
	family = m->family;
	mmscope_close(m);

	/* A target with something mapped, that lives for the whole run. */
	target = fork();
	ASSERT_LE(0, target);
	if (target == 0) {
		char *p = mmap((void *)0x10000000, 64 << 12, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

		if (p != MAP_FAILED)
			memset(p, 1, 32 << 12);
		for (;;)
			pause();
	}
	TH_LOG("%lu messages in %lu processes, seed %lu (MMSCOPE_FUZZ_SEED=%lu repeats this run)",
	       count, jobs, seed, seed);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (j = 0; j < jobs; j++) {
		pid_t pid;

		fs[j].family = family;
		fs[j].target = target;
		fs[j].target_addr = 0x10000000;
		pid = fork();
		ASSERT_LE(0, pid);
		if (pid == 0) {
			fuzz_run(&fs[j], count / jobs + (j < count % jobs),
				 seed + j);
			_exit(0);
		}
	}
	for (j = 0; j < jobs; j++)
		wait(NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	kill(target, SIGKILL);
	waitpid(target, NULL, 0);

	for (j = 0; j < jobs; j++) {
		total.sent += fs[j].sent;
		total.acked_ok += fs[j].acked_ok;
		total.replies += fs[j].replies;
		total.dumps += fs[j].dumps;
		total.refused += fs[j].refused;
		total.refused_core += fs[j].refused_core;
		total.no_msg += fs[j].no_msg;
		total.no_answer += fs[j].no_answer;
		total.sessions += fs[j].sessions;
		for (e = 0; e < 256; e++) {
			total.by_errno[e] += fs[j].by_errno[e];
			total.by_cmd[e] += fs[j].by_cmd[e];
			total.ns_by_cmd[e] += fs[j].ns_by_cmd[e];
		}
		if (fs[j].first_bad[0])
			TH_LOG("job %lu, first bad answer: %s", j, fs[j].first_bad);
	}
	TH_LOG("%lu sent in %.1f s: %lu accepted, %lu replies, %lu dumps ended, %lu refused with a message, %lu refused by the genetlink core, %lu trace sessions",
	       total.sent, (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
	       total.acked_ok, total.replies, total.dumps,
	       total.refused - total.no_msg, total.refused_core, total.sessions);
	for (e = 1; e < 256; e++)
		if (total.by_errno[e])
			TH_LOG("  errno %d (%s): %lu", e, strerror(e), total.by_errno[e]);
	for (e = 0; e <= MMSCOPE_CMD_MAX; e++)
		if (total.by_cmd[e])
			TH_LOG("  command %2d: %7lu messages, %8.1f s, %8.1f us each",
			       e, total.by_cmd[e], total.ns_by_cmd[e] / 1e9,
			       total.ns_by_cmd[e] / 1e3 / total.by_cmd[e]);
	EXPECT_EQ(count, total.sent);
	EXPECT_EQ(0, total.no_answer);
	EXPECT_EQ(0, total.no_msg);
	/* the mix reaches every path: success, refusal, core refusal */
	EXPECT_LT(0, total.acked_ok);
	EXPECT_LT(0, total.refused);
	EXPECT_LT(0, total.refused_core);
	munmap(fs, jobs * sizeof(*fs));
}

/*
 * The same messages from a user without CAP_SYS_ADMIN: whatever reaches
 * mmscope is refused with EPERM and the message, before its attributes
 * are parsed (a malformed request gets EPERM too, not EINVAL), and
 * nothing is accepted or answered.
 */
TEST_F_TIMEOUT(fuzz, unprivileged, 3600)
{
	unsigned long count = env_ul("MMSCOPE_FUZZ_MESSAGES", 1000000) / 10;
	unsigned long seed = env_ul("MMSCOPE_FUZZ_SEED", time(NULL));
	struct mmscope_error err;
	struct timespec t0, t1;
	struct mmscope *m;
	struct fuzz *f;
	pid_t pid;
	int st;

	if (count < 1000)
		count = 1000;
	f = mmap(NULL, sizeof(*f), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, f);
	ASSERT_EQ(0, mmscope_open(&m, &err));
	f->family = m->family;
	mmscope_close(m);
	f->target = getpid();
	f->target_addr = 0x400000;
	f->unpriv = 1;
	TH_LOG("%lu messages as nobody, seed %lu", count, seed);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(10);
		fuzz_run(f, count, seed + 1000);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ASSERT_TRUE(WIFEXITED(st));
	ASSERT_EQ(0, WEXITSTATUS(st));
	if (f->first_bad[0])
		TH_LOG("first bad answer: %s", f->first_bad);
	TH_LOG("%lu sent in %.1f s: %lu refused with EPERM and the message, %lu refused by the genetlink core, %lu other answers",
	       f->sent, (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
	       f->refused - f->not_eperm, f->refused_core,
	       f->not_eperm + f->acked_ok + f->replies);
	EXPECT_EQ(count, f->sent);
	EXPECT_EQ(0, f->no_answer);
	EXPECT_EQ(0, f->no_msg);
	EXPECT_EQ(0, f->not_eperm);
	EXPECT_EQ(0, f->acked_ok);
	EXPECT_EQ(0, f->replies);
	/* both kinds of refusal were reached */
	EXPECT_LT(0, f->refused);
	EXPECT_LT(0, f->refused_core);
	munmap(f, sizeof(*f));
}

TEST_HARNESS_MAIN

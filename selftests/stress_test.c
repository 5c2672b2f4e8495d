// SPDX-License-Identifier: GPL-2.0
/*
 * Stress: many clients, every kind of request, targets that never keep
 * still, and (optionally) the module unloaded and loaded again under them.
 *
 *  - churners: processes whose threads mmap, touch, mprotect, mremap,
 *    madvise(DONTNEED, PAGEOUT), munmap, fork children that write and
 *    exit, exec, and start and join threads, without pause;
 *  - a spawner that keeps short-lived processes coming and going, so that
 *    targets exit in the middle of every kind of request;
 *  - MMSCOPE_STRESS_CLIENTS client threads (default 64), each with its own
 *    socket, sending task, maps, smaps, rollup, pt, vtop, ptstat, a fault
 *    session (start, read, stop) and counters requests until every kind
 *    has been sent MMSCOPE_STRESS_REQUESTS times (default 10,000);
 *  - whole PTE tables emptied by MADV_DONTNEED and filled again, which
 *    7.x (CONFIG_PT_RECLAIM) frees under the walkers;
 *  - MMSCOPE_STRESS_UNLOAD rmmod/insmod cycles of /lib/mmscope.ko during
 *    the run (default 0).
 *
 * And one client dumping the page tables of one remapping target 1,000
 * times, every record checked for order and form.
 *
 * Every byte of every reply is scanned for values in the kernel's virtual
 * address range: none may appear.  The only errors allowed are the ones
 * the churn explains (the target exited: ESRCH; counting off: ENODATA;
 * sessions all taken: EBUSY) and, while the module is away, ENOENT.
 */
#include "lib/common.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <time.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/genetlink.h>

#include "lib/harness.h"
#include "lib/churn.h"

enum kind { K_TASK, K_MAPS, K_SMAPS, K_ROLLUP, K_PT, K_VTOP, K_PTSTAT,
	    K_FAULTS, K_COUNTERS, K_NR };

static const char *const kind_name[K_NR] = {
	"task", "maps", "smaps", "rollup", "pt", "vtop", "ptstat", "faults",
	"counters",
};

struct stress {
	struct shared *sh;
	unsigned long target;		/* requests per kind */
	atomic_ulong sent[K_NR];
	atomic_ulong ok[K_NR];
	atomic_ulong gone, nodata, busy, unloaded, reopen;
	atomic_ulong unexpected, leaks, bytes, msgs;
	atomic_int done;
	atomic_int module_away;
	pthread_mutex_t log_lock;
	int logged;
};

/* ---- clients ---- */

static void log_once(struct stress *s, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&s->log_lock);
	if (s->logged++ < 40) {
		va_start(ap, fmt);
		vfprintf(stdout, fmt, ap);
		va_end(ap);
		fflush(stdout);
	}
	pthread_mutex_unlock(&s->log_lock);
}

/*
 * Kernel virtual addresses on x86_64 (4- and 5-level paging) lie from
 * 0xff00000000000000 up; the vsyscall page (0xffffffffff600000) and the
 * top page (small negative numbers) are not kernel objects.
 */
static int kernel_addr(uint64_t v)
{
	return v >= 0xff00000000000000ULL && v < 0xffffffffff000000ULL;
}

/* where a value lies: the attribute types from the top level down */
struct scan_path {
	unsigned short type[9];
	int depth;
};

static void leak(struct stress *s, uint64_t v, const struct nlmsghdr *h,
		 const struct scan_path *sp, const unsigned char *pl,
		 size_t plen, size_t at)
{
	char path[64] = "", hex[16 * (8 + 3 * 16 + 1) + 1] = "";
	size_t n = 0, j, k = 0;
	int i;

	for (i = 0; i < sp->depth && n < sizeof(path) - 8; i++)
		n += snprintf(path + n, sizeof(path) - n, "%s%u", i ? "/" : "",
			      sp->type[i]);
	atomic_fetch_add(&s->leaks, 1);
	log_once(s, "# kernel address 0x%016llx in a message of type %u, command %u: attribute %s, byte %zu of its payload\n",
		 (unsigned long long)v, h->nlmsg_type,
		 h->nlmsg_type >= NLMSG_MIN_TYPE ?
		 ((const struct genlmsghdr *)NLMSG_DATA(h))->cmd : 0,
		 path, at);
	/* the whole payload, to tell a stray value from a misread record */
	for (j = 0; j < plen && j < 256; j++) {
		if (j % 16 == 0)
			k += snprintf(hex + k, sizeof(hex) - k, "# %04zx: ", j);
		k += snprintf(hex + k, sizeof(hex) - k, "%02x%s", pl[j],
			      j % 16 == 15 || j + 1 == plen ? "\n" : " ");
	}
	log_once(s, "# its payload, %zu bytes:\n%s", plen, hex);
}

/*
 * The attributes our replies carry as binary records: their bytes are
 * never walked as a nest, even when they happen to parse as one (a TLB
 * event whose time_ns starts with a plausible length once did, and the
 * scan read two user addresses of a 5-level address space half a field
 * off, as "kernel addresses").
 */
static bool binary_attr(const struct nlmsghdr *h, const struct scan_path *sp)
{
	const unsigned short *t = sp->type;

	if (h->nlmsg_type < NLMSG_MIN_TYPE)
		return false;		/* errors and acks: not our layout */
	switch (sp->depth) {
	case 1:
		return t[0] == MMSCOPE_A_PT || t[0] == MMSCOPE_A_FAULT ||
		       t[0] == MMSCOPE_A_TLB || t[0] == MMSCOPE_A_COUNTERS;
	case 2:
		return t[0] == MMSCOPE_A_VTOP && t[1] == MMSCOPE_A_PT;
	case 3:
		return t[0] == MMSCOPE_A_PT_STATS && t[1] == MMSCOPE_A_PT_LEVEL &&
		       t[2] == MMSCOPE_PTSTAT_A_HIST;
	}
	return false;
}

/*
 * Every attribute, at any depth: a payload that is not one of our binary
 * records and parses as attributes exactly is walked as a nest; any other
 * payload of 8 bytes or more (u64 values, binary records whose 64-bit
 * fields are 8-byte aligned) has every 8-byte aligned value checked.
 * (Checking a nest's bytes as well would read a child's header and half
 * its value as one number.)
 */
static void scan_attrs(struct stress *s, const struct nlmsghdr *h,
		       const unsigned char *p, size_t len,
		       struct scan_path *sp)
{
	int depth = sp->depth;
	size_t off = 0;

	while (off + NLA_HDRLEN <= len) {
		const struct nlattr *a = (const void *)(p + off);
		size_t alen = a->nla_len, plen, o;
		const unsigned char *pl = p + off + NLA_HDRLEN;
		int nest = 1;

		if (alen < NLA_HDRLEN || off + alen > len)
			return;
		plen = alen - NLA_HDRLEN;
		sp->type[depth] = a->nla_type & NLA_TYPE_MASK;
		sp->depth = depth + 1;
		/* a u64 is checked as one even when its bytes parse as a nest */
		if (plen == 8) {
			uint64_t v;

			memcpy(&v, pl, 8);
			if (kernel_addr(v))
				leak(s, v, h, sp, pl, plen, 0);
		}
		/* a nest? its attributes fill the payload exactly */
		if (binary_attr(h, sp))
			nest = 0;
		for (o = 0; nest && o < plen; ) {
			const struct nlattr *n = (const void *)(pl + o);

			if (o + NLA_HDRLEN > plen || n->nla_len < NLA_HDRLEN ||
			    o + n->nla_len > plen) {
				nest = 0;
				break;
			}
			o += NLA_ALIGN(n->nla_len);
		}
		if (nest && plen && depth < 8) {
			scan_attrs(s, h, pl, plen, sp);
		} else if (plen != 8) {
			for (o = 0; o + 8 <= plen; o += 8) {
				uint64_t v;

				memcpy(&v, pl + o, 8);
				if (kernel_addr(v))
					leak(s, v, h, sp, pl, plen, o);
			}
		}
		off += NLA_ALIGN(alen);
		sp->depth = depth;
	}
}

static void scan_reply(const struct nlmsghdr *h, void *arg)
{
	struct stress *s = arg;
	const unsigned char *b = (const void *)h;
	size_t hdr;

	atomic_fetch_add(&s->msgs, 1);
	atomic_fetch_add(&s->bytes, h->nlmsg_len);
	if (h->nlmsg_type == NLMSG_ERROR) {
		/* error, the request's header, then the ext-ack attributes */
		hdr = NLMSG_HDRLEN + sizeof(struct nlmsgerr);
	} else if (h->nlmsg_type == NLMSG_DONE) {
		hdr = NLMSG_HDRLEN + sizeof(int);
	} else {
		hdr = NLMSG_HDRLEN + GENL_HDRLEN;
	}
	if (h->nlmsg_len > hdr) {
		struct scan_path sp = { .depth = 0 };

		scan_attrs(s, h, b + hdr, h->nlmsg_len - hdr, &sp);
	}
}

static int count_vma(const struct mmscope_vma *v, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

static int count_pt(const struct mmscope_pt_rec *r, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

static int count_fault(const struct mmscope_fault_event *ev, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

static int do_kind(struct mmscope *m, enum kind k, pid_t pid, uint64_t *rs)
{
	struct mmscope_dump_req dreq = { .flags = MMSCOPE_REQ_F_SMAPS };
	struct mmscope_pt_req preq = { .level = MMSCOPE_LEVEL_LEAVES };
	struct mmscope_trace_req treq = { 0 };
	struct mmscope_trace_cb cb = { .fault = count_fault };
	struct mmscope_trace_stats st;
	struct mmscope_counting cs;
	struct mmscope_counters c;
	struct mmscope_ptstats ps;
	struct mmscope_smaps sm;
	struct mmscope_task t;
	struct mmscope_vtop *vt;
	uint32_t session, p = pid;
	int n = 0, ret;
	uint64_t t0;

	cb.arg = &n;
	switch (k) {
	case K_TASK:
		ret = mmscope_task_get(m, pid, &t);
		if (!ret)
			mmscope_task_free(&t);
		return ret;
	case K_MAPS:
		if (rnd_next(rs) % 2) {
			/* a plain maps dump: maps records */
			struct mmscope_dump_req plain = { 0 };

			return mmscope_vma_dump_req(m, pid, &plain, count_vma, &n);
		}
		return mmscope_vma_dump(m, pid, count_vma, &n);
	case K_SMAPS:
		if (rnd_next(rs) % 2) {
			dreq.start = REGION;
			dreq.end = REGION + (4096UL << 12);
		}
		return mmscope_vma_dump_req(m, pid, &dreq, count_vma, &n);
	case K_ROLLUP:
		return mmscope_rollup_get(m, pid, &sm);
	case K_PT:
		preq.level = rnd_next(rs) % (MMSCOPE_LEVEL_LEAVES + 1);
		preq.flags = rnd_next(rs) % 32;
		preq.flags &= MMSCOPE_REQ_F_NONPRESENT | MMSCOPE_REQ_F_PAGE |
			      MMSCOPE_REQ_F_COMPACT;
		if (rnd_next(rs) % 2) {
			preq.start = REGION;
			preq.end = REGION + (4096UL << 12);
		}
		return mmscope_pt_dump(m, pid, &preq, count_pt, &n);
	case K_VTOP:
		vt = malloc(sizeof(*vt));
		if (!vt)
			return -ENOMEM;
		ret = mmscope_vtop(m, pid, PERSIST + ((rnd_next(rs) % PERSIST_PAGES) << 12), vt);
		free(vt);
		return ret;
	case K_PTSTAT:
		return mmscope_pt_stats(m, pid, &ps);
	case K_FAULTS:
		treq.pids = &p;
		treq.npids = rnd_next(rs) % 4 ? 1 : 0;	/* sometimes everyone */
		treq.flags = rnd_next(rs) % 2 ? MMSCOPE_TRACE_F_TLB : 0;
		ret = mmscope_trace_start(m, &treq, &cb, &session, &t0);
		if (ret)
			return ret;
		ret = mmscope_trace_poll(m, rnd_next(rs) % 20, &cb, &st);
		if (ret)
			return ret;
		return mmscope_trace_stop(m, session, &cb, &st);
	case K_COUNTERS:
		if (rnd_next(rs) % 32 == 0)
			return mmscope_counters_ctl(m, rnd_next(rs) % 2 ?
						    MMSCOPE_CTL_F_RESET : 0, &cs);
		return mmscope_counters_get(m, pid, &c, &cs);
	default:
		return -EINVAL;
	}
}

/* Kinds sent as netlink dumps (each holds a module reference). */
static bool is_dump(enum kind k)
{
	return k == K_MAPS || k == K_SMAPS || k == K_PT;
}

struct client {
	struct stress *s;
	int id;
	pthread_t thread;
};

static void *client(void *arg)
{
	struct client *cl = arg;
	struct stress *s = cl->s;
	uint64_t rs = 0x9e3779b97f4a7c15ULL * (cl->id + 1);
	struct mmscope_error err;
	struct mmscope *m = NULL;
	unsigned int i = cl->id;

	while (!atomic_load(&s->done)) {
		enum kind k = K_NR;
		unsigned int j;
		pid_t pid;
		int ret;

		if (!m) {
			if (mmscope_open(&m, &err)) {
				m = NULL;
				if (err.code != ENOENT || !atomic_load(&s->module_away)) {
					/* the module is away only while unloading */
					if (err.code == ENOENT)
						atomic_fetch_add(&s->unloaded, 1);
					else
						atomic_fetch_add(&s->unexpected, 1);
				}
				/* while it is away, wait for it rather than ask */
				while (atomic_load(&s->module_away) &&
				       !atomic_load(&s->done))
					usleep(20000);
				usleep(10000);
				continue;
			}
			m->observe = scan_reply;
			m->observe_arg = s;
		}
		/* the next kind that still needs requests, round robin */
		for (j = 0; j < K_NR; j++) {
			enum kind c = (i + j) % K_NR;

			if (atomic_load(&s->sent[c]) < s->target) {
				k = c;
				break;
			}
		}
		/* all sent: keep the load on until the unload cycles are done */
		if (k == K_NR)
			k = i % K_NR;
		i++;
		/*
		 * While rmmod is tried, no new dump: a dump holds the module
		 * (the unload waits for it, by design), and 64 clients keep
		 * one running at nearly every moment.  Requests that hold no
		 * reference, sessions among them, go on: they are what an
		 * unload races with.
		 */
		if (atomic_load(&s->module_away) && is_dump(k)) {
			static const enum kind doits[] = {
				K_TASK, K_ROLLUP, K_VTOP, K_PTSTAT, K_FAULTS,
				K_COUNTERS,
			};

			k = doits[rnd_next(&rs) % ARRAY_SIZE(doits)];
		}
		/* half the requests to churners, half to short-lived targets */
		if (rnd_next(&rs) % 2)
			pid = s->sh->pid[rnd_next(&rs) % CHURNERS];
		else
			pid = s->sh->pid[CHURNERS + rnd_next(&rs) % EPHEMERAL];
		if (!pid)
			continue;
		atomic_fetch_add(&s->sent[k], 1);
		ret = do_kind(m, k, pid, &rs);
		switch (-ret) {
		case 0:
			atomic_fetch_add(&s->ok[k], 1);
			break;
		case ESRCH:
			atomic_fetch_add(&s->gone, 1);
			break;
		case ENODATA:
			atomic_fetch_add(&s->nodata, 1);
			break;
		case EBUSY:
			atomic_fetch_add(&s->busy, 1);
			break;
		case ENOENT:
			/* a target that exits early has no such mapping yet */
			if (m->err.from_kernel && k == K_VTOP) {
				atomic_fetch_add(&s->gone, 1);
				break;
			}
			/* fall through */
		default:
			/*
			 * The module went away under this socket: the family
			 * is gone (ENOENT), or the answer never came.
			 */
			if (atomic_load(&s->module_away) ||
			    ret == -ENOENT || ret == -ETIMEDOUT) {
				atomic_fetch_add(&s->unloaded, 1);
			} else {
				atomic_fetch_add(&s->unexpected, 1);
				log_once(s, "# %s of %d: %s (errno %d)\n",
					 kind_name[k], pid, m->err.msg, -ret);
			}
			mmscope_close(m);
			m = NULL;
			atomic_fetch_add(&s->reopen, 1);
		}
	}
	if (m)
		mmscope_close(m);
	return NULL;
}

/* rmmod and insmod; returns 0 or an errno. */
/*
 * rmmod while 64 clients keep asking: the module is busy (a dump or a
 * session holds it) most of the time, so rmmod is retried until it finds
 * a moment when nothing holds it.  How long that takes depends on the
 * host's load, not on the module: the limit is a time, and a long one
 * (a count of 2,000 tries was too few on a loaded host).
 */
static int unload_cycle(struct stress *s, const char *ko, unsigned long *busy,
			double *longest)
{
	struct timespec t0, t;
	double waited;
	int fd;

	atomic_store(&s->module_away, 1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		int e;

		if (!syscall(SYS_delete_module, "mmscope", O_NONBLOCK))
			break;
		e = errno;
		clock_gettime(CLOCK_MONOTONIC, &t);
		waited = (t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9;
		if ((e != EAGAIN && e != EBUSY) || waited > 600) {
			atomic_store(&s->module_away, 0);
			return e;
		}
		(*busy)++;
		usleep(2000);
	}
	clock_gettime(CLOCK_MONOTONIC, &t);
	waited = (t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9;
	if (waited > *longest)
		*longest = waited;
	usleep(20000);
	fd = open(ko, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || syscall(SYS_finit_module, fd, "", 0)) {
		int e = errno;

		if (fd >= 0)
			close(fd);
		return e;
	}
	close(fd);
	usleep(50000);	/* clients find the family again */
	atomic_store(&s->module_away, 0);
	return 0;
}

FIXTURE(stress) {
	struct shared *sh;
	pid_t kids[CHURNERS + 1];
};

FIXTURE_SETUP(stress)
{
	int i;

	self->sh = mmap(NULL, sizeof(*self->sh), PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->sh);
	for (i = 0; i <= CHURNERS; i++) {
		pid_t c = fork();

		ASSERT_LE(0, c);
		if (c == 0) {
			if (i < CHURNERS)
				churner(self->sh);
			spawner(self->sh);
		}
		self->kids[i] = c;
		if (i < CHURNERS)
			self->sh->pid[i] = c;
	}
}

FIXTURE_TEARDOWN(stress)
{
	int i;

	self->sh->stop = 1;
	for (i = 0; i <= CHURNERS; i++) {
		kill(self->kids[i], SIGKILL);
		waitpid(self->kids[i], NULL, 0);
	}
}

TEST_F_TIMEOUT(stress, every_kind, 4 * 3600)
{
	unsigned long clients = env_ul("MMSCOPE_STRESS_CLIENTS", 64);
	unsigned long cycles = env_ul("MMSCOPE_STRESS_UNLOAD", 0);
	unsigned long done_cycles = 0, rmmod_busy = 0, total = 0;
	unsigned long next_report = 0;
	double longest_rmmod = 0;
	struct mmscope_counting cs;
	struct mmscope_error err;
	struct timespec t0, t1;
	struct client *cl;
	struct mmscope *m;
	struct stress *s;
	unsigned long i;
	int k;

	s = calloc(1, sizeof(*s));
	cl = calloc(clients, sizeof(*cl));
	ASSERT_TRUE(s && cl);
	s->sh = self->sh;
	s->target = env_ul("MMSCOPE_STRESS_REQUESTS", 10000);
	pthread_mutex_init(&s->log_lock, NULL);

	/* counting on for the whole run (the counters requests need it) */
	ASSERT_EQ(0, mmscope_open(&m, &err));
	ASSERT_EQ(0, mmscope_counters_ctl(m, MMSCOPE_CTL_F_ENABLE, &cs));
	mmscope_close(m);

	TH_LOG("%lu clients, %lu requests of each of %d kinds, %lu unload cycles",
	       clients, s->target, K_NR, cycles);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < clients; i++) {
		cl[i].s = s;
		cl[i].id = i;
		ASSERT_EQ(0, pthread_create(&cl[i].thread, NULL, client, &cl[i]));
	}
	/*
	 * Unload cycles spread over the requests; the clients go on until
	 * every kind has its count and every cycle is done.
	 */
	for (;;) {
		unsigned long sent = 0;
		int e;

		for (k = 0; k < K_NR; k++)
			sent += atomic_load(&s->sent[k]);
		if (done_cycles < cycles &&
		    sent >= done_cycles * s->target * K_NR / cycles) {
			e = unload_cycle(s, "/lib/mmscope.ko", &rmmod_busy,
					 &longest_rmmod);
			if (e) {
				TH_LOG("unload cycle %lu: %s", done_cycles + 1, strerror(e));
				break;
			}
			done_cycles++;
			/* counting is off after a reload: on again */
			if (!mmscope_open(&m, &err)) {
				mmscope_counters_ctl(m, MMSCOPE_CTL_F_ENABLE, &cs);
				mmscope_close(m);
			}
		}
		if (sent >= next_report) {
			TH_LOG("%lu requests sent, %lu unload cycles done", sent,
			       done_cycles);
			while (next_report <= sent)
				next_report += s->target * K_NR / 10;
		}
		if (done_cycles == cycles) {
			for (k = 0; k < K_NR; k++)
				if (atomic_load(&s->sent[k]) < s->target)
					break;
			if (k == K_NR)
				break;
		}
		usleep(20000);
	}
	atomic_store(&s->done, 1);
	for (i = 0; i < clients; i++)
		pthread_join(cl[i].thread, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);

	for (k = 0; k < K_NR; k++) {
		TH_LOG("%-8s %lu sent, %lu answered with data", kind_name[k],
		       atomic_load(&s->sent[k]), atomic_load(&s->ok[k]));
		total += atomic_load(&s->sent[k]);
		EXPECT_LE(s->target, atomic_load(&s->sent[k]));
		EXPECT_LT(0, atomic_load(&s->ok[k]));
	}
	TH_LOG("%lu requests in %.1f s; target gone %lu, counting off %lu, sessions busy %lu, module away %lu (reconnects %lu)",
	       total, (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
	       atomic_load(&s->gone), atomic_load(&s->nodata),
	       atomic_load(&s->busy), atomic_load(&s->unloaded),
	       atomic_load(&s->reopen));
	TH_LOG("%lu unload cycles (rmmod found the module busy %lu times; longest wait %.1f s)",
	       done_cycles, rmmod_busy, longest_rmmod);
	TH_LOG("%lu reply messages, %lu bytes scanned: %lu kernel addresses",
	       atomic_load(&s->msgs), atomic_load(&s->bytes),
	       atomic_load(&s->leaks));
	EXPECT_EQ(cycles, done_cycles);
	EXPECT_EQ(0, atomic_load(&s->unexpected));
	EXPECT_EQ(0, atomic_load(&s->leaks));
	EXPECT_LT(0, atomic_load(&s->msgs));

	/* the module is loaded and answers */
	ASSERT_EQ(0, mmscope_open(&m, &err));
	EXPECT_EQ(0, mmscope_counters_ctl(m, MMSCOPE_CTL_F_DISABLE, &cs));
	mmscope_close(m);
	free(cl);
	free(s);
}

/*
 * One client, one target that faults, unmaps and remaps while its page
 * tables are dumped 1,000 times: every record well formed and in order.
 */
static void *remapper(void *arg)
{
	for (;;) {
		char *p = mmap(NULL, 64 * 4096, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p != MAP_FAILED) {
			memset(p, 1, 64 * 4096);
			mprotect(p, 4096, PROT_NONE);
			madvise(p + 8 * 4096, 8 * 4096, MADV_DONTNEED);
			munmap(p, 64 * 4096);
		}
	}
	return NULL;
}

static void remapping(void *arg)
{
	pthread_t t;

	if (pthread_create(&t, NULL, remapper, NULL))
		_exit(3);
}

struct order {
	uint64_t last;
	int bad;
};

static int ordered(const struct mmscope_pt_rec *r, void *arg)
{
	struct order *o = arg;

	if (r->start >= r->end || r->start < o->last || r->count < 1)
		o->bad++;
	o->last = r->end;
	return 0;
}

TEST(churning_target_dumped_1000_times)
{
	struct mmscope_error err;
	struct mmscope *m;
	pid_t pid = spawn_child(remapping, NULL);
	int i, bad = 0;

	ASSERT_LT(0, pid);
	ASSERT_EQ(0, mmscope_open(&m, &err));
	for (i = 0; i < 1000; i++) {
		struct mmscope_pt_req req = {
			.flags = (i & 1) ? MMSCOPE_REQ_F_NONPRESENT | MMSCOPE_REQ_F_PAGE :
				 MMSCOPE_REQ_F_COMPACT,
			.level = MMSCOPE_LEVEL_LEAVES,
		};
		struct order o = { 0 };

		ASSERT_EQ(0, mmscope_pt_dump(m, pid, &req, ordered, &o));
		bad += o.bad;
		if (i % 50 == 0) {
			struct mmscope_ptstats st;

			ASSERT_EQ(0, mmscope_pt_stats(m, pid, &st));
		}
	}
	EXPECT_EQ(0, bad);
	mmscope_close(m);
	kill_child(pid);
}

TEST_HARNESS_MAIN

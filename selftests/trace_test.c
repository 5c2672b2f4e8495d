// SPDX-License-Identifier: GPL-2.0
/*
 * mmscope TLB flush counting and trace sessions under stress: shootdowns
 * between threads on two CPUs and on one, a reader too slow for its
 * session (drops counted, memory bounded), a socket closed or the module
 * removed under a live session, and malformed trace requests.  The
 * figures come from the kernel in the same VM (/proc/meminfo, the
 * module's own totals).
 */
#include "lib/common.h"

#include <pthread.h>
#include <sched.h>
#include <sys/socket.h>

#include "lib/harness.h"
#include "lib/job.h"

/* ---- TLB shootdowns --------------------------------------------------- */

#define TLB_LOOPS 200

static volatile int spin_stop;

static void *spinner(void *arg)
{
	volatile char *p = arg;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(1, &set);
	sched_setaffinity(0, sizeof(set), &set);
	while (!spin_stop)
		p[0]++;
	return NULL;
}

static void tlb_job(struct job_child *c, void *arg)
{
	bool threads = *(bool *)arg;
	static char spin_mem[PAGE];
	uint64_t done = 1;
	pthread_t th;
	cpu_set_t set;
	int i;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof(set), &set);
	if (threads)
		pthread_create(&th, NULL, spinner, spin_mem);
	job_wait_go(c);
	for (i = 0; i < TLB_LOOPS; i++) {
		char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		p[0] = 1;
		mprotect(p, PAGE, PROT_READ);
		munmap(p, PAGE);
	}
	if (threads) {
		spin_stop = 1;
		pthread_join(th, NULL);
	}
	job_report(c, &done, sizeof(done));
}

static void tlb_run(struct __test_metadata *_metadata, bool threads,
		    struct mmscope_counters *d)
{
	struct mmscope_counters c0, c1;
	struct mmscope_error err;
	struct mmscope *m;
	uint64_t done;
	struct job j;
	size_t k;

	ASSERT_EQ(0, mmscope_open(&m, &err));
	ASSERT_EQ(0, mmscope_counters_ctl(m, MMSCOPE_CTL_F_HOLD, NULL));
	ASSERT_EQ(0, job_start(&j, tlb_job, &threads));
	usleep(200000);		/* the spinner is on CPU 1 */
	ASSERT_EQ(0, mmscope_counters_get(m, j.pid, &c0, NULL));
	ASSERT_EQ(0, job_step(&j, &done, sizeof(done)));
	ASSERT_EQ(0, mmscope_counters_get(m, j.pid, &c1, NULL));
	for (k = 0; k < sizeof(*d) / 8; k++)
		((uint64_t *)d)[k] = ((uint64_t *)&c1)[k] - ((uint64_t *)&c0)[k];
	job_end(&j);
	mmscope_close(m);
}

TEST(tlb_shootdowns_two_threads)
{
	struct mmscope_counters d;

	ASSERT_GE(sysconf(_SC_NPROCESSORS_ONLN), 2);
	tlb_run(_metadata, true, &d);
	TH_LOG("ipi %llu (cpus %llu), remote %llu, local-mm %llu, requests %llu, initiated %llu",
	       (unsigned long long)d.tlb[MMSCOPE_TLB_SEND_IPI],
	       (unsigned long long)d.tlb_ipi_cpus,
	       (unsigned long long)d.tlb[MMSCOPE_TLB_REMOTE_SHOOTDOWN],
	       (unsigned long long)d.tlb[MMSCOPE_TLB_LOCAL_MM_SHOOTDOWN],
	       (unsigned long long)d.tlb_requests,
	       (unsigned long long)d.tlb_initiated);
	/* each mprotect and munmap of a present page flushes it everywhere */
	EXPECT_GE(d.tlb_requests, TLB_LOOPS);
	EXPECT_GE(d.tlb_initiated, TLB_LOOPS);
	EXPECT_GE(d.tlb[MMSCOPE_TLB_SEND_IPI], TLB_LOOPS);
	EXPECT_GE(d.tlb_ipi_cpus, TLB_LOOPS);
	EXPECT_GE(d.tlb[MMSCOPE_TLB_REMOTE_SHOOTDOWN], TLB_LOOPS / 2);
}

TEST(tlb_one_thread_one_cpu_no_ipi)
{
	struct mmscope_counters d;

	tlb_run(_metadata, false, &d);
	EXPECT_GE(d.tlb_requests, TLB_LOOPS);
	EXPECT_GE(d.tlb[MMSCOPE_TLB_LOCAL_MM_SHOOTDOWN], TLB_LOOPS);
	EXPECT_EQ(0, d.tlb[MMSCOPE_TLB_REMOTE_SHOOTDOWN]);
}

/* ---- sessions that misbehave ------------------------------------------ */

static long long meminfo(const char *key)
{
	char *s = read_file("/proc/meminfo", NULL);
	long long v = s ? status_field(s, key) : -1;

	free(s);
	return v;
}

static struct mmscope_info info_now(void)
{
	struct mmscope_info info = { 0 };
	struct mmscope_error err;
	struct mmscope *m;

	if (!mmscope_open(&m, &err)) {
		mmscope_info_get(m, &info);
		mmscope_close(m);
	}
	return info;
}

static void churn_job(struct job_child *c, void *arg)
{
	size_t rounds = *(size_t *)arg, r, i;
	char *p = small_pages(4 * MiB);
	uint64_t done = 1;

	job_wait_go(c);
	for (r = 0; r < rounds; r++) {
		for (i = 0; i < 4 * MiB; i += PAGE)
			p[i] = 1;
		madvise(p, 4 * MiB, MADV_DONTNEED);
	}
	job_report(c, &done, sizeof(done));
}

TEST(slow_reader_drops_counted)
{
	struct mmscope_trace_req req = { .classes = 0 };
	struct mmscope_trace_cb cb = { 0 };
	struct mmscope_trace_stats st = { 0 };
	struct mmscope_info i0, i1, i2;
	long long avail0, avail1;
	struct mmscope_error err;
	size_t rounds = 50;	/* 51,200 faults */
	int small = 16384;
	uint32_t session;
	struct mmscope *m;
	uint64_t t0, done;
	struct job j;
	uint32_t pid;

	ASSERT_EQ(0, job_start(&j, churn_job, &rounds));
	pid = j.pid;
	req.pids = &pid;
	req.npids = 1;
	i0 = info_now();
	ASSERT_EQ(0, mmscope_open(&m, &err));
	ASSERT_EQ(0, mmscope_trace_start(m, &req, &cb, &session, &t0));
	/* a reader that never reads, with a small buffer */
	setsockopt(nl_socket_get_fd(m->sk), SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	i1 = info_now();
	EXPECT_EQ(i0.sessions + 1, i1.sessions);
	avail0 = meminfo("MemAvailable:");
	ASSERT_EQ(0, job_step(&j, &done, sizeof(done)));
	usleep(100000);
	avail1 = meminfo("MemAvailable:");
	i2 = info_now();
	/* kernel memory of the session is what it was at its start */
	EXPECT_EQ(i1.trace_bytes, i2.trace_bytes);
	EXPECT_LT(avail0 - avail1, 16 * 1024) TH_LOG("MemAvailable fell by %lld kB",
						    avail0 - avail1);
	ASSERT_EQ(0, mmscope_trace_stop(m, session, &cb, &st));
	TH_LOG("events %llu, ring drops %llu, socket drops %llu",
	       (unsigned long long)st.events, (unsigned long long)st.drops,
	       (unsigned long long)st.sock_drops);
	EXPECT_GT(st.drops + st.sock_drops, 0);
	EXPECT_GE(st.events + st.drops + st.sock_drops, rounds * 1024);
	mmscope_close(m);
	job_end(&j);
	EXPECT_EQ(i0.sessions, info_now().sessions);
}

TEST(closed_socket_ends_its_session)
{
	struct mmscope_trace_req req = { 0 };
	struct mmscope_trace_cb cb = { 0 };
	struct mmscope_error err;
	struct mmscope *m;
	uint32_t session, before = info_now().sessions;
	uint64_t t0;
	int k;

	ASSERT_EQ(0, mmscope_open(&m, &err));
	ASSERT_EQ(0, mmscope_trace_start(m, &req, &cb, &session, &t0));
	ASSERT_EQ(0, mmscope_counters_ctl(m, MMSCOPE_CTL_F_HOLD, NULL));
	EXPECT_EQ(before + 1, info_now().sessions);
	mmscope_close(m);	/* no TRACE_STOP */
	for (k = 0; k < 100 && info_now().sessions != before; k++)
		usleep(10000);
	EXPECT_EQ(before, info_now().sessions);
	EXPECT_EQ(0, info_now().counting);
	EXPECT_EQ(0, info_now().hooks);
}

TEST(rmmod_with_live_session)
{
	const char *ko = getenv("MMSCOPE_KO") ?: "/lib/mmscope.ko";
	struct mmscope_trace_req req = { 0 };
	struct mmscope_trace_cb cb = { 0 };
	struct mmscope_error err;
	struct mmscope *m;
	size_t rounds = 5;
	uint32_t session;
	struct job j;
	uint64_t t0, done;
	char cmd[256];

	ASSERT_EQ(0, access(ko, R_OK)) TH_LOG("%s: no module file to load again", ko);
	ASSERT_EQ(0, mmscope_open(&m, &err));
	ASSERT_EQ(0, mmscope_trace_start(m, &req, &cb, &session, &t0));
	ASSERT_EQ(0, mmscope_counters_ctl(m, MMSCOPE_CTL_F_ENABLE, NULL));
	/* faults in flight while the module goes */
	ASSERT_EQ(0, job_start(&j, churn_job, &rounds));
	ASSERT_EQ(0, job_step(&j, &done, sizeof(done)));
	EXPECT_EQ(0, system("rmmod mmscope"));
	job_end(&j);
	mmscope_close(m);
	snprintf(cmd, sizeof(cmd), "insmod %s", ko);
	ASSERT_EQ(0, system(cmd));
	EXPECT_EQ(0, info_now().sessions);
	EXPECT_EQ(0, info_now().counting);
	EXPECT_EQ(0, info_now().hooks);
}

TEST(bad_requests_refused)
{
	struct mmscope_error err;
	struct mmscope *m;
	struct nl_msg *req;
	int ret;

	ASSERT_EQ(0, mmscope_open(&m, &err));
	/* a session this socket does not own */
	ASSERT_EQ(-ENOENT, mmscope_trace_stop(m, 0x7fffffff, &(struct mmscope_trace_cb){ 0 },
					      &(struct mmscope_trace_stats){ 0 }));
	EXPECT_NE(0, m->err.msg[0]);
	/* a class bit that does not exist */
	req = mmscope_msg_new(m, MMSCOPE_CMD_TRACE_START, 0);
	nla_put_u32(req, MMSCOPE_A_CLASSES, 1U << 31);
	ret = mmscope_transact(m, req, NULL, NULL);
	nlmsg_free(req);
	EXPECT_EQ(-EINVAL, ret);
	EXPECT_NE(0, m->err.msg[0]);
	/* pids that are not whole u32s */
	req = mmscope_msg_new(m, MMSCOPE_CMD_TRACE_START, 0);
	nla_put(req, MMSCOPE_A_PIDS, 3, "abc");
	ret = mmscope_transact(m, req, NULL, NULL);
	nlmsg_free(req);
	EXPECT_EQ(-EINVAL, ret);
	EXPECT_NE(0, m->err.msg[0]);
	/* enable and disable at once */
	EXPECT_EQ(-EINVAL, mmscope_counters_ctl(m, MMSCOPE_CTL_F_ENABLE |
						MMSCOPE_CTL_F_DISABLE, NULL));
	EXPECT_NE(0, m->err.msg[0]);
	/* counters while counting is off */
	if (!info_now().counting) {
		EXPECT_EQ(-ENODATA, mmscope_counters_get(m, getpid(),
							 &(struct mmscope_counters){ 0 }, NULL));
		EXPECT_NE(0, m->err.msg[0]);
	}
	mmscope_close(m);
}

TEST_HARNESS_MAIN

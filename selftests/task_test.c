// SPDX-License-Identifier: GPL-2.0
/*
 * mmscope task and its error paths: fields equal /proc/PID/status for a
 * quiescent process; threads; kernel threads, zombies, missing pids,
 * processes exiting during a dump; pid namespaces.
 */
#include "lib/common.h"

#include <dirent.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <sched.h>
#include <sys/resource.h>

#include "lib/harness.h"

static void run_setup(void *fn)
{
	((void (*)(void))fn)();
}

static pid_t spawn_fn(void (*fn)(void))
{
	return spawn_child(run_setup, (void *)fn);
}

/* Memory of every kind /proc/PID/status counts, and three threads. */
static void quiescent_layout(void)
{
	long ps = sysconf(_SC_PAGESIZE);
	pthread_t t;
	char *p;
	int fd, i;

	p = mmap(NULL, 64 * ps, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		_exit(2);
	memset(p, 1, 40 * ps);
	if (mlock(p, 8 * ps))
		_exit(3);
	p = mmap(NULL, 16 * ps, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		_exit(4);
	memset(p, 1, 10 * ps);
	fd = open("/selftests/task_test", O_RDONLY);
	if (fd >= 0) {
		volatile char sum = 0;

		p = mmap(NULL, 8 * ps, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p == MAP_FAILED)
			_exit(5);
		for (i = 0; i < 8; i++)
			sum += p[i * ps];
		close(fd);
	}
	for (i = 0; i < 2; i++)
		if (pthread_create(&t, NULL, sleeper, NULL))
			_exit(6);
}

static long long kb(const struct mmscope_task *t, int attr)
{
	return t->mm.v[attr] * (sysconf(_SC_PAGESIZE) / 1024);
}

TEST(task_equals_status)
{
	long ps = sysconf(_SC_PAGESIZE);
	pid_t pid = spawn_fn(quiescent_layout);
	struct mmscope_error err;
	struct mmscope_task t;
	char *before, *after = NULL;
	unsigned long long text;
	struct mmscope *m;
	int tries;

	ASSERT_LT(0, pid);
	ASSERT_EQ(0, mmscope_open(&m, &err));
	/* Quiescent: the status read before and after our read agree. */
	for (tries = 0; tries < 5; tries++) {
		before = proc_read(pid, "status");
		ASSERT_EQ(0, mmscope_task_get(m, pid, &t));
		after = proc_read(pid, "status");
		if (!strcmp(before, after))
			break;
		free(before);
		free(after);
		mmscope_task_free(&t);
	}
	ASSERT_LT(tries, 5);
	ASSERT_TRUE(t.has_mm);
	EXPECT_EQ(status_field(after, "VmRSS"),
		  kb(&t, MMSCOPE_MM_A_RSS_ANON) + kb(&t, MMSCOPE_MM_A_RSS_FILE) +
		  kb(&t, MMSCOPE_MM_A_RSS_SHMEM));
	EXPECT_EQ(status_field(after, "RssAnon"), kb(&t, MMSCOPE_MM_A_RSS_ANON));
	EXPECT_EQ(status_field(after, "RssFile"), kb(&t, MMSCOPE_MM_A_RSS_FILE));
	EXPECT_EQ(status_field(after, "RssShmem"), kb(&t, MMSCOPE_MM_A_RSS_SHMEM));
	EXPECT_EQ(status_field(after, "VmSwap"), kb(&t, MMSCOPE_MM_A_SWAP_ENTS));
	EXPECT_EQ(status_field(after, "VmPTE"),
		  (long long)(t.mm.v[MMSCOPE_MM_A_PGTABLES_BYTES] >> 10));
	EXPECT_EQ(status_field(after, "VmLck"), kb(&t, MMSCOPE_MM_A_LOCKED_VM));
	EXPECT_EQ(status_field(after, "VmPin"), kb(&t, MMSCOPE_MM_A_PINNED_VM));
	EXPECT_EQ(status_field(after, "VmData"), kb(&t, MMSCOPE_MM_A_DATA_VM));
	EXPECT_EQ(status_field(after, "VmStk"), kb(&t, MMSCOPE_MM_A_STACK_VM));
	EXPECT_EQ(status_field(after, "VmSize"), kb(&t, MMSCOPE_MM_A_TOTAL_VM));
	EXPECT_EQ(status_field(after, "VmPeak"), kb(&t, MMSCOPE_MM_A_HIWATER_VM));
	EXPECT_EQ(status_field(after, "VmHWM"), kb(&t, MMSCOPE_MM_A_HIWATER_RSS));
	/* VmExe as task_mem() derives it from the layout */
	text = ((t.mm.v[MMSCOPE_MM_A_END_CODE] + ps - 1) & ~(ps - 1)) -
	       (t.mm.v[MMSCOPE_MM_A_START_CODE] & ~(ps - 1));
	if (text > t.mm.v[MMSCOPE_MM_A_EXEC_VM] * ps)
		text = t.mm.v[MMSCOPE_MM_A_EXEC_VM] * ps;
	EXPECT_EQ(status_field(after, "VmExe"), (long long)(text >> 10));
	EXPECT_EQ(status_field(after, "Threads"), t.nr_threads);
	EXPECT_EQ(3, t.nr_threads);
	EXPECT_EQ(3, t.nr_tids);
	EXPECT_EQ((uint32_t)pid, t.pid);
	EXPECT_EQ((uint32_t)pid, t.tgid);
	/* The scenario makes these non-zero, so equality means something. */
	EXPECT_EQ(32, status_field(after, "VmLck"));
	EXPECT_LE(40 * 4, status_field(after, "RssShmem") + status_field(after, "RssAnon"));
	EXPECT_LT(0, status_field(after, "RssShmem"));
	EXPECT_EQ(0, t.flags & (MMSCOPE_TASK_F_KTHREAD | MMSCOPE_TASK_F_NO_MM |
				MMSCOPE_TASK_F_ZOMBIE));
	free(before);
	free(after);
	mmscope_task_free(&t);
	mmscope_close(m);
	kill_child(pid);
}

/* Every thread of the group, as /proc/PID/task lists them. */
TEST(task_tids)
{
	pid_t pid = spawn_fn(quiescent_layout);
	struct mmscope_error err;
	struct mmscope_task t;
	struct mmscope *m;
	struct dirent *de;
	char dir[64];
	int n = 0;
	size_t i;
	DIR *d;

	ASSERT_LT(0, pid);
	ASSERT_EQ(0, mmscope_open(&m, &err));
	ASSERT_EQ(0, mmscope_task_get(m, pid, &t));
	snprintf(dir, sizeof(dir), "/proc/%d/task", pid);
	d = opendir(dir);
	ASSERT_NE(NULL, d);
	while ((de = readdir(d))) {
		bool found = false;

		if (de->d_name[0] == '.')
			continue;
		n++;
		for (i = 0; i < t.nr_tids; i++)
			found |= t.tids[i] == (uint32_t)atoi(de->d_name);
		EXPECT_TRUE(found);
	}
	closedir(d);
	EXPECT_EQ((size_t)n, t.nr_tids);
	/* Asking by a secondary tid answers for the same address space. */
	{
		struct mmscope_task t2;
		uint32_t other = t.tids[0] == (uint32_t)pid ? t.tids[1] : t.tids[0];

		ASSERT_EQ(0, mmscope_task_get(m, other, &t2));
		EXPECT_EQ(other, t2.pid);
		EXPECT_EQ((uint32_t)pid, t2.tgid);
		EXPECT_EQ(t.mm.v[MMSCOPE_MM_A_PGD_PHYS], t2.mm.v[MMSCOPE_MM_A_PGD_PHYS]);
		mmscope_task_free(&t2);
	}
	mmscope_task_free(&t);
	mmscope_close(m);
	kill_child(pid);
}

TEST(task_pid1_tool)
{
	char *status = proc_read(1, "status");
	char want[64];
	struct run r;

	run_tool(&r, 0, "task", "1", NULL);
	EXPECT_EQ(0, r.status);
	EXPECT_STREQ("", r.err);
	EXPECT_NE(NULL, strstr(r.out, "pid 1 ("));
	snprintf(want, sizeof(want), "%-15s %12lu\n", "map_count",
		 count_lines(proc_read(1, "maps")));
	EXPECT_NE(NULL, strstr(r.out, want));
	run_free(&r);
	run_tool(&r, 0, "task", "--json", "1", NULL);
	EXPECT_EQ(0, r.status);
	EXPECT_NE(NULL, strstr(r.out, "\"pid\":1,"));
	EXPECT_NE(NULL, strstr(r.out, "\"pgd_phys\":\"0x"));
	EXPECT_EQ(1, count_lines(r.out));
	run_free(&r);
	free(status);
}

/* A kernel thread: a clear answer, not an error. */
TEST(kthreadd)
{
	char *comm = proc_read(2, "comm");
	struct mmscope_error err;
	struct mmscope_task t;
	struct mmscope *m;
	struct run r;

	ASSERT_NE(NULL, comm);
	ASSERT_EQ(0, strcmp(comm, "kthreadd\n"));
	ASSERT_EQ(0, mmscope_open(&m, &err));
	ASSERT_EQ(0, mmscope_task_get(m, 2, &t));
	EXPECT_TRUE(t.flags & MMSCOPE_TASK_F_KTHREAD);
	EXPECT_FALSE(t.has_mm);
	EXPECT_STREQ("kthreadd", t.comm);
	mmscope_task_free(&t);
	mmscope_close(m);

	run_tool(&r, 0, "task", "2", NULL);
	EXPECT_EQ(0, r.status);
	EXPECT_NE(NULL, strstr(r.out, "kernel thread"));
	run_free(&r);

	/* /proc/2/maps is empty; so is our stdout, and stderr says why */
	run_tool(&r, 0, "maps", "2", NULL);
	EXPECT_EQ(1, r.status);
	EXPECT_STREQ("", r.out);
	EXPECT_NE(NULL, strstr(r.err, "kernel thread"));
	EXPECT_STREQ("", proc_read(2, "maps"));
	run_free(&r);
	free(comm);
}

TEST(zombie)
{
	struct mmscope_error err;
	struct mmscope_task t;
	struct mmscope *m;
	char pidstr[16], *stat = NULL;
	pid_t pid = fork();
	struct run r;
	int i;

	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(0);
	for (i = 0; i < 500; i++) {
		free(stat);
		stat = proc_read(pid, "stat");
		if (stat && strstr(stat, ") Z "))
			break;
		usleep(10000);
	}
	ASSERT_NE(NULL, strstr(stat, ") Z "));
	ASSERT_EQ(0, mmscope_open(&m, &err));
	ASSERT_EQ(0, mmscope_task_get(m, pid, &t));
	EXPECT_TRUE(t.flags & MMSCOPE_TASK_F_ZOMBIE);
	EXPECT_TRUE(t.flags & MMSCOPE_TASK_F_NO_MM);
	EXPECT_FALSE(t.has_mm);
	mmscope_task_free(&t);
	EXPECT_EQ(-ENOENT, mmscope_vma_dump(m, pid, maps_collect,
					    &(struct maps_buf){ 0 }));
	EXPECT_NE(NULL, strstr(m->err.msg, "zombie"));
	mmscope_close(m);

	snprintf(pidstr, sizeof(pidstr), "%d", pid);
	run_tool(&r, 0, "task", pidstr, NULL);
	EXPECT_EQ(0, r.status);
	EXPECT_NE(NULL, strstr(r.out, "zombie"));
	run_free(&r);
	run_tool(&r, 0, "maps", pidstr, NULL);
	EXPECT_EQ(1, r.status);
	EXPECT_NE(NULL, strstr(r.err, "zombie"));
	run_free(&r);
	waitpid(pid, NULL, 0);
	free(stat);
}

/* A pid that does not exist now: ESRCH, with the message. */
TEST(no_such_pid)
{
	char *max = read_file("/proc/sys/kernel/pid_max", NULL);
	struct mmscope_error err;
	struct mmscope_task t;
	struct mmscope *m;
	char pidstr[32], path[64];
	struct stat st;
	struct run r;
	long pid;

	ASSERT_NE(NULL, max);
	for (pid = atol(max) - 1; pid > 1; pid--) {
		snprintf(path, sizeof(path), "/proc/%ld", pid);
		if (stat(path, &st))
			break;
	}
	ASSERT_EQ(0, mmscope_open(&m, &err));
	EXPECT_EQ(-ESRCH, mmscope_task_get(m, pid, &t));
	EXPECT_NE(NULL, strstr(m->err.msg, "no such process"));
	EXPECT_EQ(MMSCOPE_A_PID, m->err.attr);
	EXPECT_EQ(-ESRCH, mmscope_vma_dump(m, pid, maps_collect,
					   &(struct maps_buf){ 0 }));
	EXPECT_NE(NULL, strstr(m->err.msg, "no such process"));
	mmscope_close(m);

	snprintf(pidstr, sizeof(pidstr), "%ld", pid);
	run_tool(&r, 0, "maps", pidstr, NULL);
	EXPECT_EQ(1, r.status);
	EXPECT_STREQ("", r.out);
	EXPECT_NE(NULL, strstr(r.err, "no such process"));
	run_free(&r);
	free(max);
}

/* Well formed: ascending, non-overlapping, sane. */
struct order {
	uint64_t last_end;
	int bad;
	unsigned long n;
};

static int order_check(const struct mmscope_vma *v, void *arg)
{
	struct order *o = arg;

	if (v->start >= v->end || v->start < o->last_end)
		o->bad++;
	o->last_end = v->end;
	o->n++;
	return 0;
}

static void many_vmas(void)
{
	long ps = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, 3000 * ps, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int i;

	if (p == MAP_FAILED)
		_exit(2);
	for (i = 0; i < 3000; i += 2)
		mprotect(p + i * ps, ps, PROT_READ);
}

/* Kills (and reaps) the target when the first VMA of the dump arrives. */
struct killer {
	pid_t pid;
	bool reap;
	struct order o;
};

static int kill_on_first(const struct mmscope_vma *v, void *arg)
{
	struct killer *k = arg;

	if (k->o.n == 0) {
		kill(k->pid, SIGKILL);
		if (k->reap)
			waitpid(k->pid, NULL, 0);
		else
			waitid(P_PID, k->pid, NULL, WEXITED | WNOWAIT);
	}
	return order_check(v, &k->o);
}

/*
 * The target dies (and is reaped, or left a zombie) after the first chunk
 * of its dump and before the rest: the dump holds a reference on the
 * address space and finishes with a consistent, complete answer.
 */
TEST(exit_during_dump)
{
	struct mmscope_error err;
	struct mmscope *m;
	int round;

	ASSERT_EQ(0, mmscope_open(&m, &err));
	for (round = 0; round < 20; round++) {
		struct killer k = { .pid = spawn_fn(many_vmas), .reap = round & 1 };
		int ret;

		ASSERT_LT(0, k.pid);
		ret = mmscope_vma_dump(m, k.pid, kill_on_first, &k);
		EXPECT_EQ(0, ret);
		EXPECT_EQ(0, k.o.bad);
		EXPECT_LE(3000, k.o.n);
		if (!k.reap)
			waitpid(k.pid, NULL, 0);
		/* Gone now: a clean error that names the problem. */
		ret = mmscope_vma_dump(m, k.pid, order_check, &k.o);
		EXPECT_TRUE(ret == -ESRCH || ret == -ENOENT);
		EXPECT_NE(0, m->err.msg[0]);
	}
	mmscope_close(m);
}

/*
 * MMSCOPE_EXIT_ROUNDS targets (default 30): under the debug kernel a
 * target of 3,000 VMAs takes ~18 s to set up, so run-debug.sh asks for 10.
 */
TEST(exit_while_dumped_in_a_loop)
{
	int rounds = env_ul("MMSCOPE_EXIT_ROUNDS", 30);
	struct mmscope_error err;
	struct timespec t0, t1;
	struct mmscope *m;
	int round, ok = 0, gone = 0;

	ASSERT_LE(1, rounds);
	ASSERT_EQ(0, mmscope_open(&m, &err));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (round = 0; round < rounds; round++) {
		pid_t pid = spawn_fn(many_vmas), killer;

		ASSERT_LT(0, pid);
		/* killed at varying moments while it is dumped in a loop */
		killer = fork();
		ASSERT_LE(0, killer);
		if (killer == 0) {
			usleep(1000 + (round % 13) * 4000);
			kill(pid, SIGKILL);
			_exit(0);
		}
		for (;;) {
			struct order o = { 0 };
			int ret = mmscope_vma_dump(m, pid, order_check, &o);

			if (ret == 0) {
				EXPECT_EQ(0, o.bad);
				EXPECT_LE(3000, o.n);
				ok++;
				continue;
			}
			EXPECT_TRUE(ret == -ESRCH || ret == -ENOENT);
			EXPECT_NE(0, m->err.msg[0]);
			gone++;
			break;
		}
		waitpid(pid, NULL, 0);
		waitpid(killer, NULL, 0);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	TH_LOG("%d complete dumps before the targets exited, %d clean errors, in %.1f s",
	       ok, gone, (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	EXPECT_EQ(rounds, gone);
	mmscope_close(m);
}

/* PIDs are resolved in the caller's pid namespace. */
TEST(pid_namespace)
{
	pid_t outer = getpid(), pid;
	int st;

	ASSERT_EQ(0, unshare(CLONE_NEWPID));
	pid = fork();	/* pid 1 of the new namespace */
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct mmscope_error err;
		struct mmscope_task t;
		struct mmscope *m;
		int bad = 0;

		if (getpid() != 1 || mmscope_open(&m, &err))
			_exit(20);
		/* pid 1 here is this process, not the VM's init */
		bad += mmscope_task_get(m, 1, &t) != 0 || t.tgid != 1 ||
		       strcmp(t.comm, "task_test");
		mmscope_task_free(&t);
		/* the test's own pid of the outer namespace does not exist here */
		bad += mmscope_task_get(m, outer, &t) != -ESRCH;
		mmscope_close(m);
		_exit(bad ? 21 : 0);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));
}

struct ns_seen {
	unsigned long events, own, foreign;
	uint32_t child;
};

static int ns_fault(const struct mmscope_fault_event *ev, void *arg)
{
	struct ns_seen *seen = arg;

	seen->events++;
	if (ev->pid == seen->child)
		seen->own++;
	else if (ev->pid != 1)
		seen->foreign++;
	return 0;
}

/*
 * Inside a new pid namespace: a process outside it (busy faulting) cannot
 * be named by any command, and a trace session of every process sees
 * only the namespace's own, by their namespace pids.
 */
TEST(pid_namespace_sees_only_its_own)
{
	pid_t noise, pid;
	int st;

	noise = fork();
	ASSERT_LE(0, noise);
	if (noise == 0) {
		for (;;) {
			char *p = mmap(NULL, 16 << 12, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			if (p != MAP_FAILED) {
				memset(p, 1, 16 << 12);
				munmap(p, 16 << 12);
			}
		}
	}
	ASSERT_EQ(0, unshare(CLONE_NEWPID));
	pid = fork();	/* pid 1 of the new namespace */
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct mmscope_trace_req req = { 0 };
		struct ns_seen seen = { 0 };
		struct mmscope_trace_cb cb = { .fault = ns_fault, .arg = &seen };
		struct mmscope_trace_stats tst;
		struct mmscope_ptstats ps;
		struct mmscope_error err;
		struct mmscope_vtop v;
		uint32_t session;
		struct mmscope *m;
		uint64_t t0;
		pid_t child;
		int bad = 0;

		if (mmscope_open(&m, &err))
			_exit(20);
		bad += mmscope_vma_dump(m, noise, maps_collect,
					&(struct maps_buf){ 0 }) != -ESRCH;
		bad += mmscope_pt_stats(m, noise, &ps) != -ESRCH;
		bad += mmscope_vtop(m, noise, 0x400000, &v) != -ESRCH;
		if (bad)
			_exit(21);
		if (mmscope_trace_start(m, &req, &cb, &session, &t0))
			_exit(22);
		child = fork();		/* pid 2 here */
		if (child == 0) {
			char *p = mmap(NULL, 32 << 12, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			if (p != MAP_FAILED)
				memset(p, 1, 32 << 12);
			_exit(0);
		}
		seen.child = child;
		waitpid(child, NULL, 0);
		mmscope_trace_poll(m, 300, &cb, &tst);
		if (mmscope_trace_stop(m, session, &cb, &tst))
			_exit(23);
		printf("# in the namespace: %lu events, %lu of pid %d, %lu of others\n",
		       seen.events, seen.own, child, seen.foreign);
		mmscope_close(m);
		_exit(seen.own < 32 ? 24 : seen.foreign ? 25 : 0);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	kill(noise, SIGKILL);
	waitpid(noise, NULL, 0);
	ASSERT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));
}

TEST_HARNESS_MAIN

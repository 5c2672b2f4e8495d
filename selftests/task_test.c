// SPDX-License-Identifier: GPL-2.0
/*
 * mmscope task and the error paths: fields equal /proc/PID/status for a
 * quiescent process; threads; kernel threads, zombies, missing pids,
 * processes exiting during a dump, unprivileged callers, malformed
 * requests, the module not loaded.
 */
#include "common.h"

#include <dirent.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <sched.h>
#include <sys/resource.h>

#include "harness.h"

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

/*
 * Every command of the family, sent as the module expects it (a dump for
 * VMA_GET and PT_GET, with a PID where one is taken, valid attributes):
 * each must be refused with EPERM and the message.  Returns how many
 * were not; prints them.
 */
static int all_commands_refused(struct mmscope *m, const char *who)
{
	static const struct { uint8_t cmd; int dump; int attr; } req[] = {
		{ MMSCOPE_CMD_INFO_GET, 0, 0 },
		{ MMSCOPE_CMD_TASK_GET, 0, MMSCOPE_A_PID },
		{ MMSCOPE_CMD_VMA_GET, 1, MMSCOPE_A_PID },
		{ MMSCOPE_CMD_ROLLUP_GET, 0, MMSCOPE_A_PID },
		{ MMSCOPE_CMD_PT_GET, 1, MMSCOPE_A_PID },
		{ MMSCOPE_CMD_VTOP, 0, MMSCOPE_A_ADDR },
		{ MMSCOPE_CMD_PT_STATS, 0, MMSCOPE_A_PID },
		{ MMSCOPE_CMD_TRACE_START, 0, 0 },
		{ MMSCOPE_CMD_TRACE_STOP, 0, MMSCOPE_A_SESSION },
		{ MMSCOPE_CMD_COUNTERS_GET, 0, MMSCOPE_A_PID },
		{ MMSCOPE_CMD_COUNTERS_CTL, 0, MMSCOPE_A_CTL_FLAGS },
	};
	int bad = 0;
	size_t i;

	for (i = 0; i < sizeof(req) / sizeof(req[0]); i++) {
		struct nl_msg *msg = mmscope_msg_new(m, req[i].cmd,
						     req[i].dump ? NLM_F_DUMP : 0);
		int ret;

		if (!msg)
			return 100;
		if (req[i].attr == MMSCOPE_A_ADDR) {
			nla_put_u32(msg, MMSCOPE_A_PID, 1);
			nla_put_u64(msg, MMSCOPE_A_ADDR, 0x400000);
		} else if (req[i].attr == MMSCOPE_A_CTL_FLAGS) {
			nla_put_u32(msg, MMSCOPE_A_CTL_FLAGS, MMSCOPE_CTL_F_ENABLE);
		} else if (req[i].attr) {
			nla_put_u32(msg, req[i].attr, 1);
		}
		ret = mmscope_transact(m, msg, NULL, NULL);
		nlmsg_free(msg);
		if (ret != -EPERM || !m->err.from_kernel ||
		    !strstr(m->err.msg, "CAP_SYS_ADMIN")) {
			printf("# %s: command %u answered %d \"%s\"\n", who,
			       req[i].cmd, ret, m->err.msg);
			bad++;
		}
	}
	/* and the same commands sent as the wrong kind (dump for doit...) */
	for (i = 0; i < sizeof(req) / sizeof(req[0]); i++) {
		struct nl_msg *msg = mmscope_msg_new(m, req[i].cmd,
						     req[i].dump ? 0 : NLM_F_DUMP);
		int ret;

		if (!msg)
			return 100;
		ret = mmscope_transact(m, msg, NULL, NULL);
		nlmsg_free(msg);
		if (ret != -EPERM || !strstr(m->err.msg, "CAP_SYS_ADMIN")) {
			printf("# %s: command %u (%s) answered %d \"%s\"\n", who,
			       req[i].cmd, req[i].dump ? "doit" : "dump", ret,
			       m->err.msg);
			bad++;
		}
	}
	return bad;
}

/* Every command refuses a caller without CAP_SYS_ADMIN. */
TEST(unprivileged)
{
	pid_t pid;
	int st;
	struct run r;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct mmscope_error err;
		struct mmscope_info info;
		struct mmscope_task t;
		struct mmscope *m;
		int bad = 0;

		if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(10);
		if (mmscope_open(&m, &err))
			_exit(11);
		bad += mmscope_info_get(m, &info) != -EPERM ||
		       !strstr(m->err.msg, "CAP_SYS_ADMIN");
		bad += mmscope_task_get(m, 1, &t) != -EPERM ||
		       !strstr(m->err.msg, "CAP_SYS_ADMIN");
		bad += mmscope_vma_dump(m, 1, maps_collect,
					&(struct maps_buf){ 0 }) != -EPERM ||
		       !strstr(m->err.msg, "CAP_SYS_ADMIN");
		bad += all_commands_refused(m, "nobody");
		mmscope_close(m);
		_exit(bad);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));

	run_tool(&r, 65534, "maps", "1", NULL);
	EXPECT_EQ(1, r.status);
	EXPECT_STREQ("", r.out);
	EXPECT_NE(NULL, strstr(r.err, "permission denied"));
	EXPECT_NE(NULL, strstr(r.err, "CAP_SYS_ADMIN"));
	run_free(&r);
	run_tool(&r, 65534, "task", "1", NULL);
	EXPECT_EQ(1, r.status);
	EXPECT_NE(NULL, strstr(r.err, "CAP_SYS_ADMIN"));
	run_free(&r);
}

/* Root in a new user namespace is not root: EPERM with the message. */
TEST(user_namespace_refused)
{
	pid_t pid = fork();
	int st;

	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct mmscope_error err;
		struct mmscope_task t;
		struct mmscope *m;

		if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(10);
		if (unshare(CLONE_NEWUSER))
			_exit(11);	/* CAP_SYS_ADMIN, but only in there */
		if (mmscope_open(&m, &err))
			_exit(12);
		if (mmscope_task_get(m, 1, &t) != -EPERM ||
		    !strstr(m->err.msg, "CAP_SYS_ADMIN"))
			_exit(13);
		if (all_commands_refused(m, "root of a user namespace"))
			_exit(14);
		mmscope_close(m);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));
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

/* Malformed requests, sent raw. */
FIXTURE(raw) {
	struct mmscope *m;
};

FIXTURE_SETUP(raw)
{
	struct mmscope_error err;

	ASSERT_EQ(0, mmscope_open(&self->m, &err));
}

FIXTURE_TEARDOWN(raw)
{
	mmscope_close(self->m);
}

enum raw_attr { RAW_NONE, RAW_U32, RAW_U64, RAW_STR, RAW_UNKNOWN,
		RAW_REPLY_ATTR, RAW_BAD_FLAGS, RAW_EMPTY_RANGE };

FIXTURE_VARIANT(raw) {
	uint8_t cmd;
	int dump;
	enum raw_attr attr;
	uint32_t val;
	int err;
	const char *msg;
	int blamed;		/* attribute the ack points at, -1: none */
};

#define RAW(name, c, d, a, v, e, s, b)				\
	FIXTURE_VARIANT_ADD(raw, name) {			\
		.cmd = c, .dump = d, .attr = a, .val = v,	\
		.err = e, .msg = s, .blamed = b,		\
	}

RAW(task_missing_pid, MMSCOPE_CMD_TASK_GET, 0, RAW_NONE, 0, EINVAL,
    "missing PID", -1);
RAW(maps_missing_pid, MMSCOPE_CMD_VMA_GET, 1, RAW_NONE, 0, EINVAL,
    "missing PID", -1);
RAW(task_pid_u64, MMSCOPE_CMD_TASK_GET, 0, RAW_U64, 1, EINVAL,
    "invalid attribute length", MMSCOPE_A_PID);
RAW(maps_pid_string, MMSCOPE_CMD_VMA_GET, 1, RAW_STR, 1, EINVAL,
    "invalid attribute length", MMSCOPE_A_PID);
RAW(task_unknown_attr, MMSCOPE_CMD_TASK_GET, 0, RAW_UNKNOWN, 1, EINVAL,
    "Unknown attribute type", -1);
RAW(maps_unknown_attr, MMSCOPE_CMD_VMA_GET, 1, RAW_UNKNOWN, 1, EINVAL,
    "Unknown attribute type", -1);
RAW(task_reply_attr_in_request, MMSCOPE_CMD_TASK_GET, 0, RAW_REPLY_ATTR, 1,
    EINVAL, "Unsupported attribute", MMSCOPE_A_TASK);
RAW(info_with_pid, MMSCOPE_CMD_INFO_GET, 0, RAW_U32, 1, EINVAL,
    "Unsupported attribute", MMSCOPE_A_PID);
RAW(task_negative_pid, MMSCOPE_CMD_TASK_GET, 0, RAW_U32, (uint32_t)-1,
    EINVAL, "pid out of range", MMSCOPE_A_PID);
RAW(maps_negative_pid, MMSCOPE_CMD_VMA_GET, 1, RAW_U32, (uint32_t)-5,
    EINVAL, "pid out of range", -1);
RAW(task_zero_pid, MMSCOPE_CMD_TASK_GET, 0, RAW_U32, 0, EINVAL,
    "pid out of range", MMSCOPE_A_PID);
RAW(task_huge_pid, MMSCOPE_CMD_TASK_GET, 0, RAW_U32, 5000000, EINVAL,
    "pid out of range", MMSCOPE_A_PID);
RAW(task_max_pid, MMSCOPE_CMD_TASK_GET, 0, RAW_U32, 4194304, ESRCH,
    "no such process", MMSCOPE_A_PID);
RAW(maps_unknown_flag_bit, MMSCOPE_CMD_VMA_GET, 1, RAW_BAD_FLAGS, 1, EINVAL,
    "reserved bit", MMSCOPE_A_FLAGS);
RAW(maps_empty_range, MMSCOPE_CMD_VMA_GET, 1, RAW_EMPTY_RANGE, 1, EINVAL,
    "empty range", -1);
RAW(rollup_missing_pid, MMSCOPE_CMD_ROLLUP_GET, 0, RAW_NONE, 0, EINVAL,
    "missing PID", -1);
RAW(rollup_range_not_accepted, MMSCOPE_CMD_ROLLUP_GET, 0, RAW_EMPTY_RANGE, 1,
    EINVAL, "Unsupported attribute", MMSCOPE_A_START);

static int count_msgs(struct nl_msg *msg, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

TEST_F(raw, refused)
{
	struct nl_msg *req = mmscope_msg_new(self->m, variant->cmd,
					     variant->dump ? NLM_F_DUMP : 0);
	int replies = 0, ret, tlvs;

	ASSERT_NE(NULL, req);
	switch (variant->attr) {
	case RAW_NONE:
		break;
	case RAW_U32:
		ASSERT_EQ(0, nla_put_u32(req, MMSCOPE_A_PID, variant->val));
		break;
	case RAW_U64:
		ASSERT_EQ(0, nla_put_u64(req, MMSCOPE_A_PID, variant->val));
		break;
	case RAW_STR:
		ASSERT_EQ(0, nla_put_string(req, MMSCOPE_A_PID, "1"));
		break;
	case RAW_UNKNOWN:
		ASSERT_EQ(0, nla_put_u32(req, MMSCOPE_A_PID, variant->val));
		ASSERT_EQ(0, nla_put_u32(req, 100, 1));
		break;
	case RAW_REPLY_ATTR:
		ASSERT_EQ(0, nla_put_u32(req, MMSCOPE_A_PID, variant->val));
		ASSERT_EQ(0, nla_put_u32(req, MMSCOPE_A_TASK, 1));
		break;
	case RAW_BAD_FLAGS:
		ASSERT_EQ(0, nla_put_u32(req, MMSCOPE_A_PID, variant->val));
		ASSERT_EQ(0, nla_put_u32(req, MMSCOPE_A_FLAGS, 1u << 31));
		break;
	case RAW_EMPTY_RANGE:
		ASSERT_EQ(0, nla_put_u32(req, MMSCOPE_A_PID, variant->val));
		ASSERT_EQ(0, nla_put_u64(req, MMSCOPE_A_START, 0x10000));
		ASSERT_EQ(0, nla_put_u64(req, MMSCOPE_A_END, 0x1000));
		break;
	}
	ret = mmscope_transact(self->m, req, count_msgs, &replies);
	nlmsg_free(req);
	EXPECT_EQ(-variant->err, ret);
	EXPECT_EQ(0, replies);
	EXPECT_TRUE(self->m->err.from_kernel);
	EXPECT_NE(NULL, strstr(self->m->err.msg, variant->msg));
	/*
	 * Before 6.2 a dump's NLMSG_DONE carries only the message, not the
	 * offending attribute nor the missing-attribute TLV (the module says
	 * so: DUMP_ERR_ATTR); a doit ack carries both on every kernel whose
	 * netlink has the TLV (ATTR_MISS).
	 */
	tlvs = !variant->dump || (module_features() & MMSCOPE_FEAT_DUMP_ERR_ATTR);
	if (variant->blamed >= 0)
		EXPECT_EQ(tlvs ? variant->blamed : -1, self->m->err.attr);
	if (variant->attr == RAW_NONE)
		EXPECT_EQ(tlvs && (module_features() & MMSCOPE_FEAT_ATTR_MISS) ?
			  MMSCOPE_A_PID : -1, self->m->err.miss_attr);
	TH_LOG("%s -> %s", variant->msg, self->m->err.msg);
}

/* The tool prints the kernel's message for a bad pid, exit status 1. */
TEST(tool_bad_pids)
{
	struct run r;

	run_tool(&r, 0, "task", "-1", NULL);
	EXPECT_EQ(1, r.status);
	EXPECT_NE(NULL, strstr(r.err, "pid out of range"));
	EXPECT_NE(NULL, strstr(r.err, "attribute PID"));
	run_free(&r);
	run_tool(&r, 0, "maps", "99999999", NULL);
	EXPECT_EQ(1, r.status);
	EXPECT_NE(NULL, strstr(r.err, "pid out of range"));
	run_free(&r);
	run_tool(&r, 0, "task", "abc", NULL);
	EXPECT_EQ(2, r.status);
	EXPECT_NE(NULL, strstr(r.err, "not a pid"));
	run_free(&r);
	run_tool(&r, 0, "maps", NULL, NULL);
	EXPECT_EQ(2, r.status);
	EXPECT_NE(NULL, strstr(r.err, "missing PID"));
	run_free(&r);
	run_tool(&r, 0, "frobnicate", NULL, NULL);
	EXPECT_EQ(2, r.status);
	run_free(&r);
}

TEST(help_everywhere)
{
	static const char *cmds[] = { "status", "task", "maps", "smaps",
				      "rollup", "pmap", "pt", "vtop", "ptstat",
				      "help" };
	struct run r;
	size_t i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		run_tool(&r, 0, cmds[i], "--help", NULL);
		EXPECT_EQ(0, r.status);
		EXPECT_NE(NULL, strstr(r.out, "Usage: mmscope"));
		run_free(&r);
	}
	run_tool(&r, 0, "--help", NULL);
	EXPECT_EQ(0, r.status);
	EXPECT_NE(NULL, strstr(r.out, "maps PID"));
	run_free(&r);
	/* --version with every command, wherever it stands */
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		run_tool(&r, 0, cmds[i], "1", "--version", NULL);
		EXPECT_EQ(0, r.status);
		EXPECT_NE(NULL, strstr(r.out, "protocol")) TH_LOG("%s", cmds[i]);
		run_free(&r);
	}
}

/*
 * Options and arguments in any order, as getopt_long lets other tools
 * take them: the same request gives the same answer either way (pid 1,
 * whose address space does not change under us); "--" ends the options
 * and a negative number after it, or anywhere, is a pid for the kernel.
 */
TEST(options_in_any_order)
{
	static const char *const cmds[] = { "task", "maps", "smaps", "rollup",
					    "pmap", "ptstat" };
	struct run a, b;
	char addr[32];
	size_t i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		run_tool(&a, 0, cmds[i], "--json", "1", NULL);
		run_tool(&b, 0, cmds[i], "1", "--json", NULL);
		EXPECT_EQ(0, a.status);
		EXPECT_EQ(0, b.status);
		EXPECT_EQ(0, strcmp(a.out, b.out)) TH_LOG("%s", cmds[i]);
		EXPECT_EQ('{', a.out[0]) TH_LOG("%s: %.40s", cmds[i], a.out);
		run_free(&a);
		run_free(&b);
	}
	run_tool(&a, 0, "maps", "--long", "1", "--json", NULL);
	run_tool(&b, 0, "maps", "-lj", "--", "1", NULL);
	EXPECT_EQ(0, a.status);
	EXPECT_EQ(0, strcmp(a.out, b.out));
	run_free(&b);
	/* the first mapping's start, for vtop and pt */
	ASSERT_NE(NULL, strstr(a.out, "\"start\":\"0x"));
	snprintf(addr, sizeof(addr), "%.*s", (int)strcspn(strstr(a.out,
		 "\"start\":\"0x") + 11, "\""), strstr(a.out, "\"start\":\"0x") + 11);
	run_free(&a);
	run_tool(&a, 0, "vtop", "--json", "1", addr, NULL);
	run_tool(&b, 0, "vtop", "1", "--json", addr, NULL);
	EXPECT_EQ(0, a.status);
	EXPECT_EQ(0, strcmp(a.out, b.out));
	run_free(&a);
	run_free(&b);
	run_tool(&a, 0, "pt", "--json", "--level", "pmd", "--vma", addr, "1", NULL);
	run_tool(&b, 0, "pt", "1", "--vma", addr, "-L", "pmd", "--json", NULL);
	EXPECT_EQ(0, a.status);
	EXPECT_EQ(0, strcmp(a.out, b.out));
	run_free(&a);
	run_free(&b);
	/* a negative pid is the kernel's to refuse, before or after "--" */
	run_tool(&a, 0, "task", "--json", "--", "-1", NULL);
	run_tool(&b, 0, "rollup", "-1", "--json", NULL);
	EXPECT_EQ(1, a.status);
	EXPECT_EQ(1, b.status);
	EXPECT_NE(NULL, strstr(a.err, "pid out of range"));
	EXPECT_NE(NULL, strstr(b.err, "pid out of range"));
	run_free(&a);
	run_free(&b);
	/* "--" ends the options: what follows is an argument */
	run_tool(&a, 0, "task", "--", "--json", NULL);
	EXPECT_EQ(2, a.status);
	EXPECT_NE(NULL, strstr(a.err, "'--json' is not a pid"));
	run_free(&a);
}

/* counters' switches, with the module's own state as the truth */
TEST(counters_switches)
{
	struct mmscope_counting st;
	struct mmscope_error err;
	struct mmscope *m;
	struct run r;

	ASSERT_EQ(0, mmscope_open(&m, &err));
	ASSERT_EQ(0, mmscope_counters_ctl(m, 0, &st));
	if (st.enabled) {
		mmscope_close(m);
		SKIP(return, "counting was enabled before this test");
	}
	run_tool(&r, 0, "counters", "--enable", NULL);
	EXPECT_EQ(0, r.status) TH_LOG("%s", r.err);
	run_free(&r);
	ASSERT_EQ(0, mmscope_counters_ctl(m, 0, &st));
	EXPECT_TRUE(st.enabled);
	run_tool(&r, 0, "counters", "--json", "1", NULL);
	EXPECT_EQ(0, r.status) TH_LOG("%s", r.err);
	EXPECT_EQ('{', r.out[0]);
	run_free(&r);
	run_tool(&r, 0, "counters", "--status", "--json", NULL);
	EXPECT_EQ(0, r.status);
	EXPECT_EQ('{', r.out[0]);
	run_free(&r);
	run_tool(&r, 0, "counters", "--reset", NULL);
	EXPECT_EQ(0, r.status);
	run_free(&r);
	run_tool(&r, 0, "counters", "--enable", "1", NULL);
	EXPECT_EQ(2, r.status);
	EXPECT_NE(NULL, strstr(r.err, "take no PID"));
	run_free(&r);
	run_tool(&r, 0, "counters", "--bogus", NULL);
	EXPECT_EQ(2, r.status);
	EXPECT_NE(NULL, strstr(r.err, "unknown option '--bogus'"));
	run_free(&r);
	run_tool(&r, 0, "counters", "--disable", NULL);
	EXPECT_EQ(0, r.status);
	run_free(&r);
	ASSERT_EQ(0, mmscope_counters_ctl(m, 0, &st));
	EXPECT_FALSE(st.enabled);
	mmscope_close(m);
}

TEST(status)
{
	struct run r;

	run_tool(&r, 0, "status", NULL);
	EXPECT_EQ(0, r.status);
	EXPECT_NE(NULL, strstr(r.out, "module:    loaded"));
	run_free(&r);
	run_tool(&r, 0, "status", "--json", NULL);
	EXPECT_EQ(0, r.status);
	EXPECT_NE(NULL, strstr(r.out, "\"loaded\":true"));
	EXPECT_NE(NULL, strstr(r.out, "\"maps\""));
	run_free(&r);
}

/* Unloaded: every command says how to load it, exit status 2. */
TEST(module_not_loaded)
{
	struct run r;

	ASSERT_EQ(0, system("rmmod mmscope"));
	run_tool(&r, 0, "status", NULL);
	EXPECT_EQ(2, r.status);
	EXPECT_NE(NULL, strstr(r.out, "not loaded"));
	EXPECT_NE(NULL, strstr(r.err, "insmod"));
	run_free(&r);
	run_tool(&r, 0, "maps", "1", NULL);
	EXPECT_EQ(2, r.status);
	EXPECT_NE(NULL, strstr(r.err, "module is not loaded"));
	run_free(&r);
	ASSERT_EQ(0, system("insmod /lib/mmscope.ko"));
	run_tool(&r, 0, "status", NULL);
	EXPECT_EQ(0, r.status);
	run_free(&r);
}

TEST_HARNESS_MAIN

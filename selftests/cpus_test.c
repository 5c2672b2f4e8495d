// SPDX-License-Identifier: GPL-2.0
/*
 * mmscope cpus against what the same VM says of its CPUs and tasks: the
 * online CPUs (sysconf), the CPU a pinned task runs on (/proc/PID/stat's
 * processor), which tasks are kernel threads (PF_KTHREAD in
 * /proc/PID/stat's flags) and their names (/proc/PID/comm); and against
 * what the kernel does: the caller's own CPU has the caller's address
 * space loaded, and an munmap of a touched page moves its TLB generation,
 * which the caller's CPU has then flushed up to.
 */
#include "lib/common.h"

#include <sched.h>
#include <sys/syscall.h>

#include "lib/harness.h"

#define PF_KTHREAD	0x00200000

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* Field @n (1-based, after the comm) of /proc/PID/stat, or -1. */
static long long stat_field(pid_t pid, int n)
{
	char *s = proc_read(pid, "stat"), *p;
	long long v = -1;
	int i;

	if (!s)
		return -1;
	p = strrchr(s, ')');
	for (i = 2; p && i < n; i++)
		p = strchr(p + 1, ' ');
	if (p)
		v = strtoll(p + 1, NULL, 10);
	free(s);
	return v;
}

static const struct mmscope_cpu *cpu_of(const struct mmscope_cpus *c,
					unsigned int cpu)
{
	unsigned int i;

	for (i = 0; i < c->n; i++)
		if (c->cpu[i].cpu == cpu)
			return &c->cpu[i];
	return NULL;
}

FIXTURE(cpus) {
	struct mmscope *m;
};

FIXTURE_SETUP(cpus)
{
	struct mmscope_error err;

	ASSERT_EQ(0, mmscope_open(&self->m, &err));
	pin(0);
}

FIXTURE_TEARDOWN(cpus)
{
	mmscope_close(self->m);
}

/* One entry per online CPU, in order; the caller's CPU has its mm. */
TEST_F(cpus, online_cpus_and_the_caller)
{
	struct mmscope_cpus c;
	const struct mmscope_cpu *me;
	unsigned int i;

	ASSERT_EQ(0, mmscope_cpus_get(self->m, &c)) TH_LOG("%s", self->m->err.msg);
	EXPECT_EQ(sysconf(_SC_NPROCESSORS_ONLN), (long)c.n);
	for (i = 1; i < c.n; i++)
		EXPECT_LT(c.cpu[i - 1].cpu, c.cpu[i].cpu);
	me = cpu_of(&c, 0);
	ASSERT_NE(NULL, me);
	EXPECT_EQ(MMSCOPE_CPU_MM_USER, me->mm);
	EXPECT_EQ((uint32_t)getpid(), me->running_pid);
	EXPECT_EQ((uint32_t)syscall(SYS_gettid), me->running_tid);
	EXPECT_FALSE(me->running_kthread);
	EXPECT_TRUE(me->has_owner);
	EXPECT_EQ((uint32_t)getpid(), me->owner_pid);
	EXPECT_NE(0, me->pgd_phys);
	if (me->lazy >= 0)
		EXPECT_EQ(0, me->lazy);
	mmscope_cpus_free(&c);
}

/* A process pinned to CPU 1 and spinning is that CPU's address space. */
TEST_F(cpus, pinned_spinner_is_loaded)
{
	const struct mmscope_cpu *one = NULL;
	struct mmscope_cpus c = { 0 };
	uint64_t pgd = 0;
	int tries, seen = 0;
	pid_t child;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		SKIP(return, "one CPU");
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		pin(1);
		for (;;)
			;
	}
	for (tries = 0; tries < 200 && seen < 2; tries++) {
		usleep(20000);
		mmscope_cpus_free(&c);
		ASSERT_EQ(0, mmscope_cpus_get(self->m, &c));
		one = cpu_of(&c, 1);
		ASSERT_NE(NULL, one);
		if (one->running_pid != (uint32_t)child)
			continue;	/* a kernel thread had the CPU a moment */
		EXPECT_EQ(MMSCOPE_CPU_MM_USER, one->mm);
		EXPECT_TRUE(one->has_owner);
		EXPECT_EQ((uint32_t)child, one->owner_pid);
		EXPECT_FALSE(one->running_kthread);
		EXPECT_STREQ("cpus_test", one->running_comm);
		/* the same address space each time */
		if (seen++)
			EXPECT_EQ(pgd, one->pgd_phys);
		pgd = one->pgd_phys;
	}
	EXPECT_EQ(2, seen) TH_LOG("the spinner was never seen on CPU 1");
	EXPECT_EQ(1, stat_field(child, 39)) TH_LOG("/proc/PID/stat: not on CPU 1");
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	mmscope_cpus_free(&c);
}

/*
 * A kernel thread never owns an address space: whatever is loaded while
 * one runs is a process's (borrowed) or the kernel's.  Every owner named
 * exists, with that name.
 */
TEST_F(cpus, kernel_threads_never_own)
{
	int round, kthreads = 0, owners = 0;

	for (round = 0; round < 100; round++) {
		struct mmscope_cpus c;
		unsigned int i;

		ASSERT_EQ(0, mmscope_cpus_get(self->m, &c));
		for (i = 0; i < c.n; i++) {
			const struct mmscope_cpu *p = &c.cpu[i];
			long long flags = p->running_pid ?
					  stat_field(p->running_pid, 9) : -1;

			if (flags >= 0 && p->running_pid == p->running_tid)
				EXPECT_EQ(!!(flags & PF_KTHREAD), p->running_kthread)
					TH_LOG("pid %u %s", p->running_pid, p->running_comm);
			if (p->running_kthread) {
				kthreads++;
				if (p->has_owner)
					EXPECT_NE(p->running_pid, p->owner_pid);
			}
			if (p->has_owner) {
				long long of = stat_field(p->owner_pid, 9);

				if (of >= 0)
					EXPECT_EQ(0, of & PF_KTHREAD)
						TH_LOG("owner %u is a kernel thread", p->owner_pid);
			}
			if (p->mm == MMSCOPE_CPU_MM_LAZY && p->lazy >= 0)
				EXPECT_EQ(1, p->lazy);
			if (p->has_owner) {
				char *comm = proc_read(p->owner_pid, "comm");

				owners++;
				EXPECT_NE(NULL, comm) TH_LOG("owner %u gone", p->owner_pid);
				if (comm) {
					comm[strcspn(comm, "\n")] = '\0';
					EXPECT_STREQ(comm, p->owner_comm);
				}
				free(comm);
			}
		}
		mmscope_cpus_free(&c);
		usleep(5000);
	}
	TH_LOG("%d kernel threads seen running, %d owners checked", kthreads, owners);
	EXPECT_LT(0, owners);
}

/*
 * Unmapping a touched page flushes: the address space's TLB generation
 * moves, and the caller's own CPU has flushed up to it.
 */
TEST_F(cpus, munmap_moves_the_tlb_generation)
{
	struct mmscope_cpus a, b;
	const struct mmscope_cpu *x, *y;
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_NE(MAP_FAILED, p);
	p[0] = 1;
	ASSERT_EQ(0, mmscope_cpus_get(self->m, &a));
	ASSERT_EQ(0, munmap(p, 4096));
	ASSERT_EQ(0, mmscope_cpus_get(self->m, &b));
	x = cpu_of(&a, 0);
	y = cpu_of(&b, 0);
	ASSERT_NE(NULL, x);
	ASSERT_NE(NULL, y);
	ASSERT_TRUE(x->has_tlb_gen && y->has_tlb_gen);
	EXPECT_LT(x->tlb_gen, y->tlb_gen);
	EXPECT_EQ(!!(module_features() & MMSCOPE_FEAT_CPU_TLB_GEN), y->has_tlb_gen_seen);
	if (y->has_tlb_gen_seen) {
		EXPECT_EQ(y->tlb_gen, y->tlb_gen_seen);
		EXPECT_LE(x->tlb_gen_seen, x->tlb_gen);
	}
	mmscope_cpus_free(&a);
	mmscope_cpus_free(&b);
}

/*
 * mmscope task of a kernel thread: a sleeping one borrows nothing; one
 * caught running on a process's page tables names that process, a live
 * one that is not a kernel thread, and the CPU it runs on.
 */
TEST_F(cpus, kernel_thread_borrows)
{
	int round, caught = 0, asked = 0;
	struct mmscope_task t;
	char *st;

	/* kthreadd (pid 2) sleeps unless a kernel thread is being made */
	st = proc_read(2, "stat");
	ASSERT_NE(NULL, st);
	memset(&t, 0, sizeof(t));
	ASSERT_EQ(0, mmscope_task_get(self->m, 2, &t));
	EXPECT_TRUE(t.flags & MMSCOPE_TASK_F_KTHREAD);
	EXPECT_FALSE(t.has_mm);
	if (strstr(st, ") S "))
		EXPECT_FALSE(t.borrows);
	free(st);
	free(t.tids);
	for (round = 0; round < 300; round++) {
		struct mmscope_cpus c;
		unsigned int i;

		ASSERT_EQ(0, mmscope_cpus_get(self->m, &c));
		for (i = 0; i < c.n; i++) {
			const struct mmscope_cpu *p = &c.cpu[i];
			long long of;

			if (!p->running_kthread || !p->running_pid ||
			    p->mm != MMSCOPE_CPU_MM_LAZY)
				continue;
			memset(&t, 0, sizeof(t));
			if (mmscope_task_get(self->m, p->running_tid, &t))
				continue;	/* it exited */
			asked++;
			free(t.tids);
			if (!t.borrows)
				continue;	/* it no longer runs there */
			caught++;
			EXPECT_FALSE(t.has_mm);
			EXPECT_GT(sysconf(_SC_NPROCESSORS_ONLN), (long)t.borrowed_cpu);
			if (!t.borrowed_known)
				continue;
			of = stat_field(t.borrowed_pid, 9);
			EXPECT_LE(0, of) TH_LOG("owner %u gone", t.borrowed_pid);
			if (of >= 0)
				EXPECT_EQ(0, of & PF_KTHREAD);
		}
		mmscope_cpus_free(&c);
	}
	TH_LOG("%d running kernel threads asked about, %d caught borrowing",
	       asked, caught);
}

/* The tool: text and JSON, one line or object per CPU. */
TEST_F(cpus, tool_prints_them)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	struct run r;
	char *p;
	long k = 0;

	run_tool(&r, 0, "cpus", "--json", NULL);
	ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
	for (p = r.out; (p = strstr(p, "\"cpu\":")); p++)
		k++;
	EXPECT_EQ(n, k) TH_LOG("%s", r.out);
	run_free(&r);
	run_tool(&r, 0, "cpus", NULL);
	ASSERT_EQ(0, r.status);
	EXPECT_EQ(n + 1, (long)count_lines(r.out));
	run_free(&r);
}

TEST_HARNESS_MAIN

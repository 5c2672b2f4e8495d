/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers of the benchmark programs (make bench). */
#ifndef MMSCOPE_BENCH_H
#define MMSCOPE_BENCH_H

#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/*
 * What one shell command costs: wall time, and the CPU time (user and
 * system, in ns) of the shell and everything it waited for, from wait4().
 * A failing command ends the bench.
 */
struct cost {
	uint64_t wall, user, sys;
};

static inline struct cost timed_cost(const char *cmd)
{
	struct cost c;
	struct rusage ru;
	uint64_t t0 = now_ns();
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &st, 0, &ru) != pid || !WIFEXITED(st) ||
	    WEXITSTATUS(st)) {
		fprintf(stderr, "bench: '%s' failed\n", cmd);
		exit(1);
	}
	c.wall = now_ns() - t0;
	c.user = ru.ru_utime.tv_sec * 1000000000ull + ru.ru_utime.tv_usec * 1000ull;
	c.sys = ru.ru_stime.tv_sec * 1000000000ull + ru.ru_stime.tv_usec * 1000ull;
	return c;
}

/* Wall time of one shell command, in ns; a failing command ends the bench. */
static inline uint64_t timed(const char *cmd)
{
	return timed_cost(cmd).wall;
}

static inline int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Rows of commands run interleaved (after one warm-up run each); each
 * row's median wall, user and system time.
 */
#define BENCH_MAX_RUNS	16
struct row {
	const char *name;
	char cmd[512];
	struct cost med;
};

static inline uint64_t median_u64(uint64_t *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_u64);
	return v[n / 2];
}

static inline void rows_run(struct row *rows, int nrows, int runs)
{
	uint64_t w[BENCH_MAX_RUNS], u[BENCH_MAX_RUNS], s[BENCH_MAX_RUNS];
	struct cost (*c)[BENCH_MAX_RUNS] = calloc(nrows, sizeof(*c));
	int i, k;

	if (!c)
		exit(1);
	if (runs > BENCH_MAX_RUNS)
		runs = BENCH_MAX_RUNS;
	for (k = 0; k < nrows; k++)
		timed_cost(rows[k].cmd);
	for (i = 0; i < runs; i++)
		for (k = 0; k < nrows; k++)
			c[k][i] = timed_cost(rows[k].cmd);
	for (k = 0; k < nrows; k++) {
		for (i = 0; i < runs; i++) {
			w[i] = c[k][i].wall;
			u[i] = c[k][i].user;
			s[i] = c[k][i].sys;
		}
		rows[k].med.wall = median_u64(w, runs);
		rows[k].med.user = median_u64(u, runs);
		rows[k].med.sys = median_u64(s, runs);
		printf("%-40s median of %d: %9.1f ms  (user %7.1f ms, system %7.1f ms)\n",
		       rows[k].name, runs, rows[k].med.wall / 1e6,
		       rows[k].med.user / 1e6, rows[k].med.sys / 1e6);
	}
	free(c);
}

/*
 * @cmd with the module walking under mmap_lock (vma_lock=0) rather than
 * each VMA's own lock: the same run's before and after.  The two echos
 * cost the row a shell builtin each.
 */
#define VMA_LOCK_PARAM	"/sys/module/mmscope/parameters/vma_lock"
static inline void mmap_lock_cmd(char *buf, size_t size, const char *cmd)
{
	if ((size_t)snprintf(buf, size, "echo 0 > " VMA_LOCK_PARAM "; %s; r=$?; echo 1 > "
			     VMA_LOCK_PARAM "; exit $r", cmd) >= size) {
		fprintf(stderr, "bench: command too long: %s\n", cmd);
		exit(1);
	}
}

/* "ratio WHAT: R (aim <= A): met" */
static inline void aim_row(const char *what, double r, double aim)
{
	printf("ratio %-44s %6.2f  (aim <= %.2f) %s\n", what, r, aim,
	       r <= aim ? "met" : "NOT MET");
}

/*
 * The target's stall: a thread of the target maps and unmaps a page every
 * 200 us and records how long that took, while something reads the target.
 *
 * The prober and the reader share CPU 0: a row then shows what the
 * reader's locks, and its time in the kernel without a reschedule, cost
 * the target, not where the scheduler happened to put the two.  Left to
 * it, the spinning reference reader's p99 was 0.09 ms in one row and
 * 4.3 ms (a scheduler tick) in the next of the same run, as it shared
 * the prober's CPU or not.  On CPUs of their own it is no better under
 * TCG: both vCPUs run on one host thread, and the prober's vCPU waited
 * up to a guest tick for its turn while the other was busy in the
 * kernel, whoever the reader was.  On one CPU the woken prober preempts
 * a reader in user space at once, and one in the kernel at its next
 * reschedule point, as it would on a real machine.
 */
#define PROBER_CPU	0
#define READER_CPU	0
/* The prober's nice value for the rows of locks alone (see stall_vs_spin). */
#define PROBER_NICE_FIRST	-15

/* Pin the calling thread (0) or process to @cpu; false if not there. */
static inline bool pin_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return !sched_setaffinity(0, sizeof(set), &set);
}

#define MAX_SAMPLES (1 << 20)
struct bench_shared {
	atomic_int phase;		/* 0 idle, 1 record, 2 stop */
	atomic_int nice;		/* the prober's nice value */
	atomic_int nice_failed;		/* the prober could not take it */
	atomic_int ready;
	atomic_long n;
	uint32_t lat_ns[MAX_SAMPLES];
};

static struct bench_shared *sh;

static inline void bench_shared_init(void)
{
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		exit(1);
}

static inline void *prober(void *arg)
{
	int nice = 0;

	(void)arg;
	pin_cpu(PROBER_CPU);
	while (atomic_load(&sh->phase) != 2) {
		uint64_t t0, t1;
		void *p;
		long i;

		if (atomic_load(&sh->nice) != nice) {
			/* this thread only (Linux: who 0 is the caller) */
			nice = atomic_load(&sh->nice);
			if (setpriority(PRIO_PROCESS, 0, nice))
				atomic_store(&sh->nice_failed, 1);
		}
		if (atomic_load(&sh->phase) != 1) {
			usleep(1000);
			continue;
		}
		t0 = now_ns();
		p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p != MAP_FAILED)
			munmap(p, 4096);
		t1 = now_ns();
		i = atomic_fetch_add(&sh->n, 1);
		if (i < MAX_SAMPLES)
			sh->lat_ns[i] = t1 - t0 > UINT32_MAX ? UINT32_MAX : t1 - t0;
		usleep(200);
	}
	return NULL;
}

/* In the target: start the prober. */
static inline int prober_start(void)
{
	pthread_t t;

	return pthread_create(&t, NULL, prober, NULL);
}

struct stall {
	double p50, p99, max;	/* ms */
	long n;
};

static inline int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static inline struct stall stall_row(const char *label)
{
	struct stall s = { 0 };
	long n = atomic_load(&sh->n);

	if (n > MAX_SAMPLES)
		n = MAX_SAMPLES;
	s.n = n;
	if (n < 10) {
		printf("# stall %-30s too few samples (%ld)\n", label, n);
		return s;
	}
	qsort(sh->lat_ns, n, sizeof(sh->lat_ns[0]), cmp_u32);
	s.p50 = sh->lat_ns[n / 2] / 1e6;
	s.p99 = sh->lat_ns[n * 99 / 100] / 1e6;
	s.max = sh->lat_ns[n - 1] / 1e6;
	printf("stall %-30s samples %6ld  p50 %8.3f ms  p99 %8.3f ms  max %8.3f ms\n",
	       label, n, s.p50, s.p99, s.max);
	return s;
}

/*
 * A stall row lasts at least this long: its p99 then rests on some
 * thirty samples or more, not on the three of a short reader's five runs,
 * and every row, the references' too, is as likely to meet a tick.
 */
#define STALL_MIN_NS	(2000ull * 1000 * 1000)

/*
 * The stall while @cmd runs @loops times back to back, and on until
 * STALL_MIN_NS have passed (2 s idle if NULL).
 */
static inline struct stall stall(const char *label, const char *cmd, int loops)
{
	uint64_t until = now_ns() + STALL_MIN_NS;
	cpu_set_t all;
	bool pinned;
	long i;

	pinned = !sched_getaffinity(0, sizeof(all), &all) &&
		 CPU_ISSET(READER_CPU, &all) && pin_cpu(READER_CPU);
	atomic_store(&sh->n, 0);
	atomic_store(&sh->phase, 1);
	if (cmd) {
		for (i = 0; i < loops || now_ns() < until; i++)
			timed(cmd);
	} else {
		usleep(2000000);
	}
	atomic_store(&sh->phase, 0);
	usleep(20000);
	if (pinned)
		sched_setaffinity(0, sizeof(all), &all);
	return stall_row(label);
}

/*
 * The reference reader: `BENCH --spin MS` keeps a CPU busy for MS ms and
 * takes no lock.  Under single-threaded TCG every busy reader takes the
 * target's CPU time away; this row is what that alone costs the target.
 */
static inline void spin_main(int argc, char **argv)
{
	static char buf[1 << 16];
	uint64_t end;
	volatile uint64_t x = 0;
	bool kernel;
	FILE *z;

	if (argc < 3 || (strcmp(argv[1], "--spin") && strcmp(argv[1], "--kspin")))
		return;
	/* --kspin: as busy, in the kernel (copying from /dev/zero) */
	kernel = !strcmp(argv[1], "--kspin");
	z = kernel ? fopen("/dev/zero", "r") : NULL;
	end = now_ns() + strtoull(argv[2], NULL, 10) * 1000000ull;
	while (now_ns() < end) {
		if (z && read(fileno(z), buf, sizeof(buf)) < 0)
			exit(1);
		x++;
	}
	exit(0);
}

/*
 * The stall rows of one reader: the reader @cmd, then the reference
 * reader spinning as long as @cmd's median wall time, each @loops times;
 * the ratios beside their aims (p99 1.5x, max 2x of the reference).
 */
static inline void stall_vs_spin(const char *self, const char *what,
				 const char *cmd, uint64_t wall_ns, int loops)
{
	char label[64], spin[128];
	struct stall r, s, first;

	snprintf(spin, sizeof(spin), "%s --spin %llu", self,
		 (unsigned long long)(wall_ns / 1000000 + 1));
	snprintf(label, sizeof(label), "(%s loop)", what);
	r = stall(label, cmd, loops);
	snprintf(label, sizeof(label), "(spin %llu ms loop, no lock)",
		 (unsigned long long)(wall_ns / 1000000 + 1));
	s = stall(label, spin, loops);
	snprintf(spin, sizeof(spin), "%s --kspin %llu", self,
		 (unsigned long long)(wall_ns / 1000000 + 1));
	snprintf(label, sizeof(label), "(kernel spin %llu ms, no lock)",
		 (unsigned long long)(wall_ns / 1000000 + 1));
	stall(label, spin, loops);
	if (!r.n || !s.n || s.p99 <= 0 || s.max <= 0)
		return;
	snprintf(label, sizeof(label), "stall p99 %s / spin", what);
	aim_row(label, r.p99 / s.p99, 1.5);
	snprintf(label, sizeof(label), "stall max %s / spin", what);
	aim_row(label, r.max / s.max, 2.0);
	/*
	 * The same reader with the prober first in line for the CPU: what is
	 * left is what the reader's locks cost the target.  At nice 0 the
	 * woken prober sometimes waits out the running task's slice, about a
	 * scheduler tick, whoever that task is (`true` and `cat` too), and a
	 * row meets such a tick or not by chance.
	 */
	atomic_store(&sh->nice, PROBER_NICE_FIRST);
	snprintf(label, sizeof(label), "(%s loop, prober at nice %d)", what,
		 PROBER_NICE_FIRST);
	first = stall(label, cmd, loops);
	atomic_store(&sh->nice, 0);
	if (atomic_load(&sh->nice_failed))
		printf("# floor: %s with the prober first for the CPU: unavailable (the prober could not lower its nice value)\n",
		       what);
	else if (first.n)
		printf("floor: %s with the prober first for the CPU: p99 %.3f ms, max %.3f ms (its locks alone; at nice 0: %.3f, %.3f ms)\n",
		       what, first.p99, first.max, r.p99, r.max);
}

#endif

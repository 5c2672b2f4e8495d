// SPDX-License-Identifier: GPL-2.0
/*
 * make bench (smaps): in one VM run, against a target with more than
 * 1 GiB resident in more than 10,000 VMAs,
 *  - the time of `mmscope smaps PID` vs `cat /proc/PID/smaps` and of
 *    `mmscope rollup PID` vs `cat /proc/PID/smaps_rollup` (runs
 *    interleaved, medians, ratios);
 *  - the stall each causes: the target's own mmap+munmap latency (p50,
 *    p99, max) while it is read in a loop, and with nobody reading.
 *  - the exporter's impact: the stall while `mmscope exporter` reads the
 *    target every second (and is scraped over HTTP every second), while
 *    `cat /proc/PID/smaps_rollup` runs every second, and with nobody
 *    reading, over the same length of time; and the exporter's own CPU
 *    (user + system, the module's walk included) per cycle, per 1,000
 *    VMAs.
 * Not a test: it prints figures and fails only if it cannot measure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include <pthread.h>

#define MiB (1UL << 20)
#define BIG (512 * MiB)			/* one large VMA */
#define SMALL_VMA (32 * 1024)		/* and many small ones */
#define SMALL_TOTAL (512 * MiB)
#define MAX_SAMPLES (1 << 20)

struct shared {
	atomic_int phase;		/* 0 idle, 1 record, 2 stop */
	atomic_int ready;
	atomic_long n;
	uint32_t lat_ns[MAX_SAMPLES];
};

static struct shared *sh;


static void *prober(void *arg)
{
	while (atomic_load(&sh->phase) != 2) {
		uint64_t t0, t1;
		void *p;

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
		{
			long i = atomic_fetch_add(&sh->n, 1);

			if (i < MAX_SAMPLES)
				sh->lat_ns[i] = t1 - t0 > UINT32_MAX ? UINT32_MAX : t1 - t0;
		}
		usleep(200);
	}
	return NULL;
}

static void target(void)
{
	char *big, *small;
	pthread_t t;
	size_t i;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	big = mmap(NULL, BIG, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	small = mmap(NULL, SMALL_TOTAL, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (big == MAP_FAILED || small == MAP_FAILED)
		_exit(1);
	/* base pages: the walk visits every PTE, the worst case */
	madvise(big, BIG, MADV_NOHUGEPAGE);
	madvise(small, SMALL_TOTAL, MADV_NOHUGEPAGE);
	for (i = 0; i < BIG; i += 4096)
		big[i] = 1;
	for (i = 0; i < SMALL_TOTAL; i += 4096)
		small[i] = 1;
	for (i = 0; i < SMALL_TOTAL; i += 2 * SMALL_VMA)
		if (mprotect(small + i, SMALL_VMA, PROT_READ))
			_exit(2);
	if (pthread_create(&t, NULL, prober, NULL))
		_exit(3);
	atomic_store(&sh->ready, 1);
	for (;;)
		pause();
}


static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Wall time of one shell command, in ns. */

static void stall_row(const char *label);

static void stall(const char *label, const char *cmd, int loops)
{
	long i;

	atomic_store(&sh->n, 0);
	atomic_store(&sh->phase, 1);
	if (cmd) {
		for (i = 0; i < loops; i++)
			timed(cmd);
	} else {
		usleep(2000000);
	}
	atomic_store(&sh->phase, 0);
	usleep(20000);
	stall_row(label);
}

/* The p99 of the last stall() row: the exporter's rows are put beside it. */
static double last_p99, last_max;

static void stall_row(const char *label)
{
	long n = atomic_load(&sh->n);

	if (n > MAX_SAMPLES)
		n = MAX_SAMPLES;
	if (n < 10) {
		printf("# stall %-28s too few samples (%ld)\n", label, n);
		last_p99 = last_max = 0;
		return;
	}
	qsort(sh->lat_ns, n, sizeof(sh->lat_ns[0]), cmp_u32);
	last_p99 = sh->lat_ns[n * 99 / 100] / 1e6;
	last_max = sh->lat_ns[n - 1] / 1e6;
	printf("stall %-28s samples %6ld  p50 %8.3f ms  p99 %8.3f ms  max %8.3f ms\n",
	       label, n, sh->lat_ns[n / 2] / 1e6, last_p99, last_max);
}

#define EXPORTER_SECS	15
#define EXPORTER_PORT	"19900"

/*
 * The target's stall over EXPORTER_SECS seconds while @cmd runs at the
 * start of every second (nothing when NULL).
 */
static void stall_every_second(const char *label, const char *cmd)
{
	uint64_t t0;
	int i;

	atomic_store(&sh->n, 0);
	atomic_store(&sh->phase, 1);
	t0 = now_ns();
	for (i = 0; i < EXPORTER_SECS; i++) {
		uint64_t next = t0 + (i + 1) * 1000000000ull, t;

		if (cmd && system(cmd))
			fprintf(stderr, "bench: '%s' failed\n", cmd);
		t = now_ns();
		if (t < next)
			usleep((next - t) / 1000);
	}
	atomic_store(&sh->phase, 0);
	usleep(20000);
	stall_row(label);
}

/* A sample of the exposition in @file: its value, or -1. */
static double metric(const char *file, const char *name)
{
	char line[512];
	double v = -1;
	FILE *f = fopen(file, "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, name, strlen(name)) && line[strlen(name)] == ' ')
			v = strtod(line + strlen(name) + 1, NULL);
	if (f)
		fclose(f);
	return v;
}

static void exporter_impact(pid_t pid, long vmas)
{
	char cmd[256], pidarg[16];
	double nobody, cat, cycles;
	struct rusage ru;
	pid_t ex;
	int st;

	printf("exporter: the target read every second for %d s\n", EXPORTER_SECS);
	if (system("ip link set lo up"))
		fprintf(stderr, "bench: no loopback\n");
	stall_every_second("(nobody reading, 1/s window)", NULL);
	nobody = last_p99;
	snprintf(cmd, sizeof(cmd), "cat /proc/%d/smaps_rollup > /dev/null", pid);
	stall_every_second("(cat smaps_rollup every 1 s)", cmd);
	cat = last_p99;
	snprintf(pidarg, sizeof(pidarg), "%d", pid);
	ex = fork();
	if (!ex) {
		execlp("mmscope", "mmscope", "exporter", "--listen", "127.0.0.1:" EXPORTER_PORT,
		       "--interval", "1", "-p", pidarg, (char *)NULL);
		_exit(127);
	}
	usleep(300000);
	stall_every_second("(mmscope exporter, 1 s cycle)",
			   "wget -q -O /tmp/bench.prom http://127.0.0.1:" EXPORTER_PORT "/metrics");
	cycles = metric("/tmp/bench.prom", "mmscope_exporter_cycles_total");
	kill(ex, SIGTERM);
	if (wait4(ex, &st, 0, &ru) != ex || cycles <= 0) {
		printf("# exporter: no figures (cycles %.0f)\n", cycles);
		return;
	}
	printf("exporter p99 stall / nobody reading: %.2f (aim 1.2), cat smaps_rollup / nobody: %.2f\n",
	       nobody > 0 ? last_p99 / nobody : 0, nobody > 0 ? cat / nobody : 0);
	{
		double cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
			     ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;

		printf("exporter CPU: %.3f s in %.0f cycles (last cycle %.3f s wall): %.1f ms a cycle, %.2f ms a cycle per 1,000 VMAs\n",
		       cpu, cycles, metric("/tmp/bench.prom", "mmscope_exporter_cycle_duration_seconds"),
		       cpu * 1e3 / cycles, cpu * 1e3 / cycles / (vmas / 1000.0));
	}
	unlink("/tmp/bench.prom");
}

int main(int argc, char **argv)
{
	int runs = argc > 1 ? atoi(argv[1]) : 5;
	uint64_t t[4][64];
	char cmd[4][128], *status;
	const char *names[4] = { "mmscope smaps", "cat /proc/PID/smaps",
				 "mmscope rollup", "cat /proc/PID/smaps_rollup" };
	long vmas = 0;
	pid_t pid;
	int i, k;

	if (argc > 1 && !strcmp(argv[1], "--target")) {
		/* only the target, for measurements by hand */
		sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		pid = fork();
		if (pid == 0)
			target();
		while (!atomic_load(&sh->ready))
			usleep(10000);
		printf("%d\n", pid);
		fflush(stdout);
		for (;;)
			pause();
	}
	if (runs < 5 || runs > 64)
		runs = 5;
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 1;
	pid = fork();
	if (pid == 0)
		target();
	while (!atomic_load(&sh->ready))
		usleep(10000);

	{
		char path[64], line[256];
		FILE *f;

		snprintf(path, sizeof(path), "/proc/%d/maps", pid);
		f = fopen(path, "r");
		while (f && fgets(line, sizeof(line), f))
			vmas++;
		if (f)
			fclose(f);
		snprintf(path, sizeof(path), "/proc/%d/status", pid);
		f = fopen(path, "r");
		while (f && fgets(line, sizeof(line), f))
			if (!strncmp(line, "VmRSS:", 6))
				printf("target: pid %d, %ld VMAs, %s", pid, vmas, line);
		if (f)
			fclose(f);
	}

	snprintf(cmd[0], sizeof(cmd[0]), "mmscope smaps %d > /dev/null", pid);
	snprintf(cmd[1], sizeof(cmd[1]), "cat /proc/%d/smaps > /dev/null", pid);
	snprintf(cmd[2], sizeof(cmd[2]), "mmscope rollup %d > /dev/null", pid);
	snprintf(cmd[3], sizeof(cmd[3]), "cat /proc/%d/smaps_rollup > /dev/null", pid);
	/* warm up, then interleave the runs */
	for (k = 0; k < 4; k++)
		timed(cmd[k]);
	for (i = 0; i < runs; i++)
		for (k = 0; k < 4; k++)
			t[k][i] = timed(cmd[k]);
	for (k = 0; k < 4; k++) {
		qsort(t[k], runs, sizeof(t[k][0]), cmp_u64);
		printf("%-30s median of %d: %9.1f ms\n", names[k], runs,
		       t[k][runs / 2] / 1e6);
	}
	printf("ratio smaps  (mmscope / proc): %.2f\n",
	       (double)t[0][runs / 2] / t[1][runs / 2]);
	printf("ratio rollup (mmscope / proc): %.2f\n",
	       (double)t[2][runs / 2] / t[3][runs / 2]);

	stall("(nobody reading)", NULL, 0);
	stall("(mmscope smaps loop)", cmd[0], runs);
	stall("(cat /proc/PID/smaps loop)", cmd[1], runs);
	stall("(mmscope rollup loop)", cmd[2], runs);
	stall("(cat smaps_rollup loop)", cmd[3], runs);
	exporter_impact(pid, vmas);

	atomic_store(&sh->phase, 2);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	status = NULL;
	(void)status;
	return 0;
}

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

static void target(void)
{
	char *big, *small;
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
	if (prober_start())
		_exit(3);
	atomic_store(&sh->ready, 1);
	for (;;)
		pause();
}


/* The p99 and max of the last stall_every_second() row. */
static double last_p99, last_max;

#define EXPORTER_SECS	15
#define EXPORTER_PORT	"19900"

/*
 * The target's stall over EXPORTER_SECS seconds while @cmd runs at the
 * start of every second (nothing when NULL).
 */
static void stall_every_second(const char *label, const char *cmd)
{
	struct stall r;
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
	r = stall_row(label);
	last_p99 = r.p99;
	last_max = r.max;
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
	struct row rows[] = {
		{ .name = "mmscope maps" }, { .name = "cat /proc/PID/maps" },
		{ .name = "mmscope smaps" }, { .name = "mmscope smaps --json" },
		{ .name = "cat /proc/PID/smaps" },
		{ .name = "mmscope rollup" }, { .name = "mmscope rollup --json" },
		{ .name = "cat /proc/PID/smaps_rollup" },
		{ .name = "mmscope maps 1 (the tool's fixed cost)" },
		{ .name = "mmscope smaps, under mmap_lock" },
		{ .name = "mmscope rollup, under mmap_lock" },
		{ .name = "cat /proc/1/maps (cat's fixed cost)" },
		{ .name = "mmscope rollup 1 (its fixed cost)" },
	};
	enum { MAPS, CAT_MAPS, SMAPS, SMAPS_JSON, CAT_SMAPS, ROLLUP, ROLLUP_JSON,
	       CAT_ROLLUP, FIXED, SMAPS_MMAP, ROLLUP_MMAP, CAT_FIXED, ROLLUP_FIXED,
	       NR_ROWS };
	long vmas = 0, rss_kb = 0;
	pid_t pid;

	spin_main(argc, argv);
	bench_shared_init();
	if (argc > 1 && !strcmp(argv[1], "--target")) {
		/* only the target, for measurements by hand */
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
	if (runs < 5 || runs > BENCH_MAX_RUNS)
		runs = 5;
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
			if (!strncmp(line, "VmRSS:", 6)) {
				rss_kb = atol(line + 6);
				printf("target: pid %d, %ld VMAs, %s", pid, vmas, line);
			}
		if (f)
			fclose(f);
	}

#define CMD(i, fmt) snprintf(rows[i].cmd, sizeof(rows[i].cmd), fmt " > /dev/null", (int)pid)
	CMD(MAPS, "mmscope maps %d");
	CMD(CAT_MAPS, "cat /proc/%d/maps");
	CMD(SMAPS, "mmscope smaps %d");
	CMD(SMAPS_JSON, "mmscope smaps --json %d");
	CMD(CAT_SMAPS, "cat /proc/%d/smaps");
	CMD(ROLLUP, "mmscope rollup %d");
	CMD(ROLLUP_JSON, "mmscope rollup --json %d");
	CMD(CAT_ROLLUP, "cat /proc/%d/smaps_rollup");
	snprintf(rows[FIXED].cmd, sizeof(rows[FIXED].cmd), "mmscope maps 1 > /dev/null");
	snprintf(rows[CAT_FIXED].cmd, sizeof(rows[CAT_FIXED].cmd), "cat /proc/1/maps > /dev/null");
	snprintf(rows[ROLLUP_FIXED].cmd, sizeof(rows[ROLLUP_FIXED].cmd),
		 "mmscope rollup 1 > /dev/null");
	mmap_lock_cmd(rows[SMAPS_MMAP].cmd, sizeof(rows[SMAPS_MMAP].cmd), rows[SMAPS].cmd);
	mmap_lock_cmd(rows[ROLLUP_MMAP].cmd, sizeof(rows[ROLLUP_MMAP].cmd), rows[ROLLUP].cmd);
#undef CMD
	rows_run(rows, NR_ROWS, runs);
#define R(a, b) ((double)rows[a].med.wall / rows[b].med.wall)
	aim_row("maps (mmscope / proc)", R(MAPS, CAT_MAPS), 1.0);
	aim_row("smaps (mmscope / proc)", R(SMAPS, CAT_SMAPS), 0.5);
	aim_row("rollup (mmscope / proc)", R(ROLLUP, CAT_ROLLUP), 0.5);
	aim_row("smaps --json / smaps", R(SMAPS_JSON, SMAPS), 1.3);
	aim_row("rollup --json / rollup", R(ROLLUP_JSON, ROLLUP), 1.3);
	printf("per-VMA locks: smaps %.2f, rollup %.2f of the same under mmap_lock\n",
	       R(SMAPS, SMAPS_MMAP), R(ROLLUP, ROLLUP_MMAP));
	printf("floor: the tool's fixed cost (start, family lookup, a dump of init's few VMAs) is %.2f of cat maps\n",
	       R(FIXED, CAT_MAPS));
	printf("per VMA: mmscope maps %.2f us, cat maps %.2f us; mmscope smaps %.2f us, cat smaps %.2f us\n",
	       rows[MAPS].med.wall / 1e3 / vmas, rows[CAT_MAPS].med.wall / 1e3 / vmas,
	       rows[SMAPS].med.wall / 1e3 / vmas, rows[CAT_SMAPS].med.wall / 1e3 / vmas);
	/*
	 * Beyond each program's fixed cost (the same command on init), what
	 * a VMA and a resident page cost: the part a faster walk, protocol or
	 * formatter can shrink.  The rollup's pages are walked by the kernel
	 * in both: its system time a page, /proc's, is the walk's floor.
	 */
	{
		double cat_fixed = rows[CAT_FIXED].med.wall, fixed = rows[FIXED].med.wall;
		double pages = rss_kb / 4.0;
		double walk_proc = (double)rows[CAT_ROLLUP].med.sys - rows[CAT_FIXED].med.sys;
		double walk_mm = (double)rows[ROLLUP].med.sys - rows[ROLLUP_FIXED].med.sys;

		printf("fixed costs: mmscope maps 1 %.1f ms, mmscope rollup 1 %.1f ms, cat /proc/1/maps %.1f ms\n",
		       fixed / 1e6, rows[ROLLUP_FIXED].med.wall / 1e6, cat_fixed / 1e6);
		printf("per VMA beyond them: maps mmscope %.2f us (user %.2f, system %.2f), cat %.2f us\n",
		       (rows[MAPS].med.wall - fixed) / 1e3 / vmas,
		       ((double)rows[MAPS].med.user - rows[FIXED].med.user) / 1e3 / vmas,
		       ((double)rows[MAPS].med.sys - rows[FIXED].med.sys) / 1e3 / vmas,
		       (rows[CAT_MAPS].med.wall - cat_fixed) / 1e3 / vmas);
		if (pages > 0)
			printf("floor: the rollup's walk, system time a resident page: mmscope %.0f ns, proc %.0f ns; "
			       "mmscope's fixed cost with /proc's walk would be %.2f of smaps_rollup, %.2f of smaps\n",
			       walk_mm / pages, walk_proc / pages,
			       (rows[ROLLUP_FIXED].med.wall + walk_proc) / rows[CAT_ROLLUP].med.wall,
			       (fixed + walk_proc) / rows[CAT_SMAPS].med.wall);
	}
#undef R

	stall("(nobody reading)", NULL, 0);
	stall_vs_spin(argv[0], "mmscope smaps", rows[SMAPS].cmd, rows[SMAPS].med.wall, runs);
	stall("(mmscope smaps, mmap_lock)", rows[SMAPS_MMAP].cmd, runs);
	stall("(cat /proc/PID/smaps loop)", rows[CAT_SMAPS].cmd, runs);
	stall_vs_spin(argv[0], "mmscope rollup", rows[ROLLUP].cmd, rows[ROLLUP].med.wall, runs);
	stall("(mmscope rollup, mmap_lock)", rows[ROLLUP_MMAP].cmd, runs);
	stall("(cat smaps_rollup loop)", rows[CAT_ROLLUP].cmd, runs);
	exporter_impact(pid, vmas);

	atomic_store(&sh->phase, 2);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return 0;
}

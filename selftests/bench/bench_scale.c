// SPDX-License-Identifier: GPL-2.0
/*
 * make bench (scale): does the cost grow linearly, and only with what there
 * is to read?
 *  - targets of 8,000 and of 65,000 VMAs (up to vm.max_map_count), one
 *    page resident in each: mmscope maps, smaps and rollup against their
 *    /proc files, and the cost per VMA of each at both sizes;
 *  - a target with 8 GiB of sparse anonymous memory (one page resident
 *    every 256 KiB): the page dump (raw) against the pagemap reader and
 *    the rollup against smaps_rollup, per resident entry and per GiB.
 * Runs interleaved, medians of 3.  Not a test: it prints figures and fails
 * only if it cannot measure.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#define PAGE		4096UL
#define SPARSE		(8UL << 30)
#define SPARSE_STEP	(256UL << 10)

static long count_lines(const char *path)
{
	char line[512];
	long n = 0;
	FILE *f = fopen(path, "r");

	while (f && fgets(line, sizeof(line), f))
		n++;
	if (f)
		fclose(f);
	return n;
}

/* A child with about @vmas VMAs (or the sparse one when 0); its pid. */
static pid_t target(long vmas)
{
	int fd[2];
	pid_t pid;
	char c;

	if (pipe(fd))
		exit(1);
	pid = fork();
	if (pid == 0) {
		size_t i, len = vmas ? vmas * PAGE : SPARSE;
		char *p;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (p == MAP_FAILED)
			_exit(1);
		madvise(p, len, MADV_NOHUGEPAGE);
		for (i = 0; i < len; i += vmas ? PAGE : SPARSE_STEP)
			p[i] = 1;
		/* every other page read-only: one VMA a page */
		for (i = 0; vmas && i < len; i += 2 * PAGE)
			if (mprotect(p + i, PAGE, PROT_READ))
				break;
		if (write(fd[1], "r", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	if (pid < 0 || read(fd[0], &c, 1) != 1)
		exit(1);
	close(fd[0]);
	close(fd[1]);
	return pid;
}

static void end(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

struct per_vma {
	long vmas;
	double us[7];
};

static const char *const vma_rows[] = {
	"mmscope maps", "cat /proc/PID/maps", "mmscope smaps",
	"cat /proc/PID/smaps", "mmscope rollup", "cat /proc/PID/smaps_rollup",
	"mmscope rollup, mmap_lock",
};

static struct per_vma vma_target(long want)
{
	struct row rows[7];
	struct per_vma r;
	char path[64];
	pid_t pid = target(want);
	int k;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	r.vmas = count_lines(path);
	printf("target: pid %d, %ld VMAs\n", pid, r.vmas);
	memset(rows, 0, sizeof(rows));
	for (k = 0; k < 7; k++)
		rows[k].name = vma_rows[k];
	snprintf(rows[0].cmd, sizeof(rows[0].cmd), "mmscope maps %d > /dev/null", pid);
	snprintf(rows[1].cmd, sizeof(rows[1].cmd), "cat /proc/%d/maps > /dev/null", pid);
	snprintf(rows[2].cmd, sizeof(rows[2].cmd), "mmscope smaps %d > /dev/null", pid);
	snprintf(rows[3].cmd, sizeof(rows[3].cmd), "cat /proc/%d/smaps > /dev/null", pid);
	snprintf(rows[4].cmd, sizeof(rows[4].cmd), "mmscope rollup %d > /dev/null", pid);
	snprintf(rows[5].cmd, sizeof(rows[5].cmd), "cat /proc/%d/smaps_rollup > /dev/null", pid);
	mmap_lock_cmd(rows[6].cmd, sizeof(rows[6].cmd), rows[4].cmd);
	rows_run(rows, 7, 3);
	for (k = 0; k < 7; k++)
		r.us[k] = rows[k].med.wall / 1e3 / r.vmas;
	printf("per VMA at %ld VMAs: maps %.2f us (proc %.2f), smaps %.2f us (proc %.2f), rollup %.2f us (proc %.2f; under mmap_lock %.2f)\n",
	       r.vmas, r.us[0], r.us[1], r.us[2], r.us[3], r.us[4], r.us[5], r.us[6]);
	end(pid);
	return r;
}

int main(int argc, char **argv)
{
	struct per_vma small, big;
	struct row rows[6];
	long max_map;
	pid_t pid;

	{
		FILE *f = fopen("/proc/sys/vm/max_map_count", "r");

		if (!f || fscanf(f, "%ld", &max_map) != 1)
			max_map = 65530;
		if (f)
			fclose(f);
	}
	small = vma_target(8000);
	/* what the default vm.max_map_count allows, less room for the rest */
	big = vma_target(max_map - 200);
	printf("linearity (cost per VMA at %ld / at %ld VMAs): maps %.2f, smaps %.2f, rollup %.2f (1.00: linear)\n",
	       big.vmas, small.vmas, big.us[0] / small.us[0], big.us[2] / small.us[2],
	       big.us[4] / small.us[4]);
	aim_row("maps (mmscope / proc) at max_map_count", big.us[0] / big.us[1], 1.0);
	aim_row("smaps (mmscope / proc) at max_map_count", big.us[2] / big.us[3], 0.5);
	aim_row("rollup (mmscope / proc) at max_map_count", big.us[4] / big.us[5], 0.5);

	pid = target(0);
	printf("target: pid %d, 8 GiB anonymous, one page every %lu KiB (%lu resident, %lu PTE tables)\n",
	       pid, SPARSE_STEP >> 10, SPARSE / SPARSE_STEP, SPARSE >> 21);
	memset(rows, 0, sizeof(rows));
	rows[0].name = "mmscope pt --page --format raw";
	rows[1].name = "pagemap+kpageflags+kpagecount reader";
	rows[2].name = "mmscope rollup";
	rows[3].name = "cat /proc/PID/smaps_rollup";
	rows[4].name = "mmscope pt --page --format raw, mmap_lock";
	rows[5].name = "mmscope rollup, mmap_lock";
	snprintf(rows[0].cmd, sizeof(rows[0].cmd), "mmscope pt --page --format raw %d > /dev/null", pid);
	snprintf(rows[1].cmd, sizeof(rows[1].cmd), "%s --ref %d > /dev/null",
		 argc > 1 ? argv[1] : "/selftests/bench_pt", pid);
	snprintf(rows[2].cmd, sizeof(rows[2].cmd), "mmscope rollup %d > /dev/null", pid);
	snprintf(rows[3].cmd, sizeof(rows[3].cmd), "cat /proc/%d/smaps_rollup > /dev/null", pid);
	mmap_lock_cmd(rows[4].cmd, sizeof(rows[4].cmd), rows[0].cmd);
	mmap_lock_cmd(rows[5].cmd, sizeof(rows[5].cmd), rows[2].cmd);
	rows_run(rows, 6, 3);
	aim_row("sparse pt raw (mmscope / pagemap reader)",
		(double)rows[0].med.wall / rows[1].med.wall, 0.25);
	aim_row("sparse rollup (mmscope / proc)",
		(double)rows[2].med.wall / rows[3].med.wall, 0.5);
	printf("per-VMA locks: sparse pt raw %.2f, rollup %.2f of the same under mmap_lock\n",
	       (double)rows[0].med.wall / rows[4].med.wall,
	       (double)rows[2].med.wall / rows[5].med.wall);
	printf("per resident entry: pt raw %.2f us (reader %.2f us); per GiB mapped: rollup %.1f ms (proc %.1f ms)\n",
	       rows[0].med.wall / 1e3 / (SPARSE / SPARSE_STEP),
	       rows[1].med.wall / 1e3 / (SPARSE / SPARSE_STEP),
	       rows[2].med.wall / 1e6 / 8, rows[3].med.wall / 1e6 / 8);
	end(pid);
	return 0;
}

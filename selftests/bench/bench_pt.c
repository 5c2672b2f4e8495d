// SPDX-License-Identifier: GPL-2.0
/*
 * make bench (page tables): a full page-level dump (PFN, flags, mapcount
 * of every mapped page) of a target with 1 GiB resident,
 *   `mmscope pt --page --json PID`
 * against the reference reader in this file,
 *   `bench_pt --ref PID`: /proc/PID/maps, then /proc/PID/pagemap for every
 *   page, /proc/kpageflags and /proc/kpagecount for every present one (what
 *   page-types does), one line per page;
 * runs interleaved, medians, the ratio.  Not a test.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define MiB (1UL << 20)
#define BATCH 1024

static int reference(pid_t pid)
{
	char path[64], line[512];
	int pm, kf, kc;
	FILE *maps, *out = stdout;
	static uint64_t pme[BATCH];

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	maps = fopen(path, "r");
	snprintf(path, sizeof(path), "/proc/%d/pagemap", pid);
	pm = open(path, O_RDONLY);
	kf = open("/proc/kpageflags", O_RDONLY);
	kc = open("/proc/kpagecount", O_RDONLY);
	if (!maps || pm < 0 || kf < 0 || kc < 0) {
		perror("bench_pt --ref");
		return 1;
	}
	while (fgets(line, sizeof(line), maps)) {
		unsigned long long s, e, a;

		if (sscanf(line, "%llx-%llx", &s, &e) != 2 || s >= 0x800000000000ULL)
			continue;
		for (a = s; a < e; a += BATCH * 4096ULL) {
			size_t n = (e - a) / 4096 < BATCH ? (e - a) / 4096 : BATCH;
			ssize_t got = pread(pm, pme, n * 8, (a / 4096) * 8);
			size_t i;

			for (i = 0; got > 0 && i < (size_t)got / 8; i++) {
				uint64_t pfn = pme[i] & ((1ULL << 55) - 1), fl = 0, cnt = 0;

				if (!(pme[i] & (1ULL << 63)))
					continue;
				if (pread(kf, &fl, 8, pfn * 8) != 8 ||
				    pread(kc, &cnt, 8, pfn * 8) != 8)
					continue;
				fprintf(out, "%llx %llx %llx %llu\n", a + i * 4096ULL,
					(unsigned long long)pfn, (unsigned long long)fl,
					(unsigned long long)cnt);
			}
		}
	}
	return 0;
}




int main(int argc, char **argv)
{
	int runs = 5, pipefd[2], i, k;
	uint64_t t[2][16];
	char cmd[2][128], c;
	pid_t pid;

	if (argc > 2 && !strcmp(argv[1], "--ref"))
		return reference(atoi(argv[2]));
	if (pipe(pipefd))
		return 1;
	pid = fork();
	if (pid == 0) {
		char *p = mmap(NULL, 1024 * MiB, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		size_t off;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (p == MAP_FAILED)
			_exit(1);
		madvise(p, 1024 * MiB, MADV_NOHUGEPAGE);
		for (off = 0; off < 1024 * MiB; off += 4096)
			p[off] = 1;
		if (write(pipefd[1], "r", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	if (read(pipefd[0], &c, 1) != 1)
		return 1;
	printf("target: pid %d, 1 GiB anonymous, base pages (262144 PTEs)\n", pid);
	snprintf(cmd[0], sizeof(cmd[0]), "mmscope pt --page --json %d > /dev/null", pid);
	snprintf(cmd[1], sizeof(cmd[1]), "/selftests/bench_pt --ref %d > /dev/null", pid);
	for (k = 0; k < 2; k++)
		timed(cmd[k]);
	for (i = 0; i < runs; i++)
		for (k = 0; k < 2; k++)
			t[k][i] = timed(cmd[k]);
	for (k = 0; k < 2; k++)
		qsort(t[k], runs, sizeof(t[k][0]), cmp_u64);
	printf("%-40s median of %d: %9.1f ms\n", "mmscope pt --page --json", runs,
	       t[0][runs / 2] / 1e6);
	printf("%-40s median of %d: %9.1f ms\n", "pagemap+kpageflags+kpagecount reader",
	       runs, t[1][runs / 2] / 1e6);
	printf("ratio pt (mmscope / pagemap reader): %.2f\n",
	       (double)t[0][runs / 2] / t[1][runs / 2]);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return 0;
}

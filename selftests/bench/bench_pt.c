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
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "../../module/uapi/linux/mmscope_records.h"

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
	int runs = 5, pipefd[2];
	struct row rows[] = {
		{ .name = "mmscope pt --page (text)" },
		{ .name = "mmscope pt --page --json" },
		{ .name = "mmscope pt --page --format raw" },
		{ .name = "mmscope pt --page --compact --format raw" },
		{ .name = "pagemap+kpageflags+kpagecount reader" },
		{ .name = "mmscope pt --page --format raw, mmap_lock" },
		{ .name = "dd of the raw dump's bytes from tmpfs" },
		{ .name = "dd of nothing (dd's fixed cost)" },
	};
	enum { TEXT, JSON, RAW, WALK, REF, RAW_MMAP, BYTES, DD_FIXED, NR_ROWS };
	struct stat st;
	double recs;
	char c;
	pid_t pid;

	spin_main(argc, argv);
	if (argc > 2 && !strcmp(argv[1], "--ref"))
		return reference(atoi(argv[2]));
	bench_shared_init();
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
		if (prober_start() || write(pipefd[1], "r", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	if (read(pipefd[0], &c, 1) != 1)
		return 1;
	printf("target: pid %d, 1 GiB anonymous, base pages (262144 PTEs)\n", pid);
	snprintf(rows[TEXT].cmd, sizeof(rows[TEXT].cmd), "mmscope pt --page %d > /dev/null", pid);
	snprintf(rows[JSON].cmd, sizeof(rows[JSON].cmd), "mmscope pt --page --json %d > /dev/null", pid);
	snprintf(rows[RAW].cmd, sizeof(rows[RAW].cmd),
		 "mmscope pt --page --format raw %d > /dev/null", pid);
	snprintf(rows[WALK].cmd, sizeof(rows[WALK].cmd),
		 "mmscope pt --page --compact --format raw %d > /dev/null", pid);
	snprintf(rows[REF].cmd, sizeof(rows[REF].cmd), "%s --ref %d > /dev/null", argv[0], pid);
	mmap_lock_cmd(rows[RAW_MMAP].cmd, sizeof(rows[RAW_MMAP].cmd), rows[RAW].cmd);
	/*
	 * The floor of moving the records: the same bytes read from a file in
	 * tmpfs, 32 KiB a read() as a dump's messages come (one copy to user
	 * space; a dump copies them twice, into the message and out of it).
	 * dd, not cat: busybox's cat hands a file to /dev/null by sendfile(),
	 * which copies nothing.
	 */
	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "mmscope pt --page --format raw %d > /tmp/bench-pt.raw", pid);
		timed(cmd);
		if (stat("/tmp/bench-pt.raw", &st))
			return 1;
		recs = (st.st_size - 32) / (double)sizeof(struct mmscope_pt_entry);
	}
	snprintf(rows[BYTES].cmd, sizeof(rows[BYTES].cmd),
		 "dd if=/tmp/bench-pt.raw of=/dev/null bs=32768 2>/dev/null");
	snprintf(rows[DD_FIXED].cmd, sizeof(rows[DD_FIXED].cmd),
		 "dd if=/dev/null of=/dev/null bs=32768 2>/dev/null");
	rows_run(rows, NR_ROWS, runs);
	unlink("/tmp/bench-pt.raw");
#define R(a, b) ((double)rows[a].med.wall / rows[b].med.wall)
	aim_row("pt text (mmscope / pagemap reader)", R(TEXT, REF), 0.25);
	aim_row("pt raw (mmscope / pagemap reader)", R(RAW, REF), 0.25);
	aim_row("pt json (mmscope / pagemap reader)", R(JSON, REF), 0.5);
	printf("per-VMA locks: pt raw %.2f of the same under mmap_lock\n", R(RAW, RAW_MMAP));
#undef R
	/* where the time goes */
	printf("pt profile: the kernel's walk (compact: every entry and page read, almost nothing sent): %.1f ms system\n",
	       rows[WALK].med.sys / 1e6);
	printf("pt profile: + the records through the socket (raw): %.1f ms system, %.1f ms user: %.0f records, %.1f MB, %.1f MB/s, %.2f us a record\n",
	       rows[RAW].med.sys / 1e6, rows[RAW].med.user / 1e6, recs, st.st_size / 1e6,
	       st.st_size / 1e6 / (rows[RAW].med.wall / 1e9), rows[RAW].med.wall / 1e3 / recs);
	printf("pt profile: formatting text %.1f ms, JSON %.1f ms user (raw: %.1f ms)\n",
	       rows[TEXT].med.user / 1e6, rows[JSON].med.user / 1e6, rows[RAW].med.user / 1e6);
	{
		double copy = (double)rows[BYTES].med.wall - rows[DD_FIXED].med.wall;
		double floor = rows[WALK].med.wall + 2 * copy;

		printf("floor: the same %.1f MB read from tmpfs take %.1f ms (%.1f MB/s, one copy); "
		       "the walk and two copies: %.1f ms, %.2f of the pagemap reader (raw: %.2f)\n",
		       st.st_size / 1e6, copy / 1e6, st.st_size / 1e6 / (copy / 1e9),
		       floor / 1e6, floor / rows[REF].med.wall,
		       (double)rows[RAW].med.wall / rows[REF].med.wall);
	}

	stall("(nobody reading)", NULL, 0);
	stall_vs_spin(argv[0], "mmscope pt --page", rows[TEXT].cmd, rows[TEXT].med.wall, runs);
	stall_vs_spin(argv[0], "mmscope pt --page raw", rows[RAW].cmd, rows[RAW].med.wall, runs);
	stall("(mmscope pt --page raw, mmap_lock)", rows[RAW_MMAP].cmd, runs);
	atomic_store(&sh->phase, 2);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return 0;
}

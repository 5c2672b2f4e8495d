// SPDX-License-Identifier: GPL-2.0
/* mmscope top: processes by fault and TLB flush rate, refreshed. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "lib/libmmscope.h"
#include "lib/json.h"
#include "cmd.h"

static void help_top(FILE *f)
{
	fprintf(f,
		"Usage: %s top [-d SECONDS] [-n ITERATIONS] [-N ROWS] [--json]\n\n"
		"A refreshing table of processes by page fault rate: faults/s, majors/s,\n"
		"TLB flushes/s by reason (task switch, remote shootdowns received, local,\n"
		"IPIs sent), flush requests/s, RSS.  Counting is held on while top runs\n"
		"(and ends with it unless turned on with '%s counters --enable').\n\n"
		"  -d, --delay S        seconds between refreshes (default 1)\n"
		"  -n, --iterations N   stop after N refreshes (default: until Ctrl-C)\n"
		"  -N, --rows N         rows shown (default 20; 0: all)\n"
		"  -j, --json           one JSON object per refresh, one per line\n"
		"  -h, --help           this text\n",
		prog, prog);
}

struct top_row {
	uint32_t pid;
	char comm[17];
	uint64_t rss_kb;
	struct mmscope_counters now, before;
	bool have_before;
	double flt, maj, tlb[MMSCOPE_TLB_NR_REASONS], req;
};

static void read_comm_rss(struct top_row *r)
{
	char path[64];
	FILE *f;
	unsigned long long size, rss;

	snprintf(path, sizeof(path), "/proc/%u/comm", r->pid);
	f = fopen(path, "r");
	r->comm[0] = '\0';
	if (f) {
		if (fgets(r->comm, sizeof(r->comm), f))
			r->comm[strcspn(r->comm, "\n")] = '\0';
		fclose(f);
	}
	snprintf(path, sizeof(path), "/proc/%u/statm", r->pid);
	f = fopen(path, "r");
	r->rss_kb = 0;
	if (f) {
		if (fscanf(f, "%llu %llu", &size, &rss) == 2)
			r->rss_kb = rss * (sysconf(_SC_PAGESIZE) / 1024);
		fclose(f);
	}
}

static int cmp_row(const void *a, const void *b)
{
	const struct top_row *x = a, *y = b;
	double kx = x->flt + x->tlb[1] + x->tlb[4], ky = y->flt + y->tlb[1] + y->tlb[4];

	if (kx != ky)
		return kx < ky ? 1 : -1;
	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

static struct top_row *find_row(struct top_row *rows, size_t n, uint32_t pid)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (rows[i].pid == pid)
			return &rows[i];
	return NULL;
}

static int cmd_top(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "delay", required_argument, NULL, 'd' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "rows", required_argument, NULL, 'N' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct top_row *rows = NULL, *prev = NULL;
	size_t nrows = 0, nprev = 0;
	double delay = 1, last = 0;
	long iterations = 0, shown = 20, it;
	bool json = false, tty = isatty(1);
	struct mmscope_counting state;
	struct mmscope *m;
	int c, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "d:n:N:jh", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			delay = parse_seconds("top", optarg);
			if (delay < 0.05)
				die_usage("top", "'%s': the delay must be at least 0.05 s", optarg);
			break;
		case 'n':
			iterations = (long)parse_seconds("top", optarg);
			break;
		case 'N':
			shown = (long)parse_seconds("top", optarg);
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			help_top(stdout);
			return 0;
		default:
			fprintf(stderr, "Try '%s top --help'.\n", prog);
			return EXIT_USAGE;
		}
	}
	if (optind < argc)
		die_usage("top", "unexpected argument '%s'", argv[optind]);
	m = open_or_exit();
	ret = mmscope_counters_ctl(m, MMSCOPE_CTL_F_HOLD, &state);
	if (ret) {
		ret = report("top", &m->err);
		mmscope_close(m);
		return ret;
	}
	catch_signals();
	for (it = 0; !stop_now && (!iterations || it <= iterations); it++) {
		DIR *d = opendir("/proc");
		struct dirent *de;
		size_t cap = 0, i;
		double t = now_s(), dt = last ? t - last : 0;

		nrows = 0;
		rows = NULL;
		while (d && (de = readdir(d))) {
			struct top_row r = { 0 }, *p;

			if (!isdigit((unsigned char)de->d_name[0]))
				continue;
			r.pid = strtoul(de->d_name, NULL, 10);
			if (mmscope_counters_get(m, r.pid, &r.now, NULL))
				continue;	/* gone, or a kernel thread */
			p = find_row(prev, nprev, r.pid);
			if (p && p->now.since_ns == r.now.since_ns && dt > 0) {
				r.before = p->now;
				r.have_before = true;
				r.flt = (r.now.minor + r.now.major - r.before.minor - r.before.major) / dt;
				r.maj = (r.now.major - r.before.major) / dt;
				for (c = 0; c < MMSCOPE_TLB_NR_REASONS; c++)
					r.tlb[c] = (r.now.tlb[c] - r.before.tlb[c]) / dt;
				r.req = (r.now.tlb_requests - r.before.tlb_requests) / dt;
			}
			read_comm_rss(&r);
			if (nrows == cap) {
				cap = cap ? cap * 2 : 256;
				rows = realloc(rows, cap * sizeof(*rows));
				if (!rows) {
					fprintf(stderr, "%s: top: out of memory\n", prog);
					exit(EXIT_FAILED);
				}
			}
			rows[nrows++] = r;
		}
		if (d)
			closedir(d);
		if (it > 0) {
			qsort(rows, nrows, sizeof(*rows), cmp_row);
			if (json) {
				struct json j;

				json_init(&j, stdout);
				json_obj_begin(&j, NULL);
				json_u64(&j, "interval_ms", (uint64_t)(dt * 1e3));
				json_arr_begin(&j, "processes");
				for (i = 0; i < nrows && (!shown || (long)i < shown); i++) {
					const struct top_row *r = &rows[i];

					json_obj_begin(&j, NULL);
					json_u64(&j, "pid", r->pid);
					json_str(&j, "comm", r->comm);
					json_u64(&j, "faults_per_s", (uint64_t)(r->flt + 0.5));
					json_u64(&j, "major_per_s", (uint64_t)(r->maj + 0.5));
					for (c = 0; c < MMSCOPE_TLB_NR_REASONS; c++) {
						char key[48];

						snprintf(key, sizeof(key), "tlb_%s_per_s",
							 mmscope_tlb_reason_name(c));
						json_u64(&j, key, (uint64_t)(r->tlb[c] + 0.5));
					}
					json_u64(&j, "tlb_requests_per_s", (uint64_t)(r->req + 0.5));
					json_u64(&j, "rss_kb", r->rss_kb);
					json_obj_end(&j);
				}
				json_arr_end(&j);
				json_obj_end(&j);
				json_finish(&j);
			} else {
				if (tty)
					printf("\033[H\033[2J");
				printf("mmscope top - %zu processes, every %.1f s\n\n", nrows, delay);
				printf("%7s %-15s %9s %8s %8s %8s %8s %8s %8s %10s\n", "PID",
				       "COMM", "FLT/s", "MAJ/s", "SWITCH/s", "REMOTE/s",
				       "LOCAL/s", "IPI/s", "REQ/s", "RSS(kB)");
				for (i = 0; i < nrows && (!shown || (long)i < shown); i++) {
					const struct top_row *r = &rows[i];

					printf("%7u %-15s %9.0f %8.0f %8.0f %8.0f %8.0f %8.0f %8.0f %10" PRIu64 "\n",
					       r->pid, r->comm, r->flt, r->maj, r->tlb[0],
					       r->tlb[1], r->tlb[2] + r->tlb[3], r->tlb[4],
					       r->req, r->rss_kb);
				}
				if (!tty)
					printf("\n");
			}
			fflush(stdout);
		}
		free(prev);
		prev = rows;
		nprev = nrows;
		last = t;
		if (iterations && it >= iterations)
			break;
		{
			struct timespec ts = { (time_t)delay,
					       (long)((delay - (time_t)delay) * 1e9) };

			nanosleep(&ts, NULL);
		}
	}
	free(prev);
	mmscope_close(m);
	return 0;
}

COMMAND(120, "top", "",
	"processes by fault and TLB flush rate, refreshed",
	cmd_top, help_top, NULL, 0);

// SPDX-License-Identifier: GPL-2.0
/*
 * mmscope faults, counters, top: page faults and TLB flushes as they
 * happen, counted per process.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/libmmscope.h"
#include "lib/json.h"
#include "cmd.h"

static volatile sig_atomic_t stop_now;

static void on_signal(int sig)
{
	(void)sig;
	stop_now = 1;
}

/* Ctrl-C and SIGTERM end the loop; the session is then stopped cleanly. */
static void catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double parse_seconds(const char *cmd, const char *s)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (!*s || *end || errno || v < 0 || v > 1e7)
		die_usage(cmd, "'%s' is not a number of seconds", s);
	return v;
}

static const char *access_name(uint32_t a)
{
	return a == MMSCOPE_ACCESS_WRITE ? "W" : a == MMSCOPE_ACCESS_EXEC ? "X" : "R";
}

static const char *mode_name(uint32_t m)
{
	return m == MMSCOPE_MODE_KERNEL ? "kernel" : m == MMSCOPE_MODE_GUP ? "gup" :
	       "user";
}

/* ---- faults ---------------------------------------------------------- */

void help_faults(FILE *f)
{
	fprintf(f,
		"Usage: %s faults [-p PID]... [--duration S] [--major] [--class C[,C...]]\n"
		"                      [--min-latency US] [--kernel] [--tlb] [--summary] [--json]\n\n"
		"Trace page faults as they happen, one line each: time (s since the start),\n"
		"pid, tid, command, access (R/W/X), address, instruction, class, M for a\n"
		"major fault, latency in microseconds, and the VMA (start and name).  At\n"
		"the end (after --duration, or Ctrl-C): counts per class, minor/major,\n"
		"latency p50/p99/max, and events lost.\n\n"
		"Classes: other anon zero file file-read swapin cow wp-reuse shared thp\n"
		"hugetlb error.  A fault that the kernel retried (VM_FAULT_RETRY) is one\n"
		"event; its latency covers every try.  Major/minor are decided as\n"
		"/proc/PID/stat counts them.\n\n"
		"  -p, --pid PID        only this process (repeatable; default: all)\n"
		"  -d, --duration S     stop after S seconds (default: until Ctrl-C)\n"
		"      --major          only major faults\n"
		"  -c, --class LIST     only these classes (comma separated)\n"
		"      --min-latency US only faults that took at least US microseconds\n"
		"  -k, --kernel         also faults taken in kernel mode and by get_user_pages\n"
		"      --tlb            also TLB flush requests of (or for) the processes\n"
		"  -s, --summary        no line per event, only the summary\n"
		"  -j, --json           one JSON document: events and summary\n"
		"  -h, --help           this text\n\n"
		"Events are kept in per-CPU rings in the kernel; if this reader falls\n"
		"behind, events are dropped and counted (never waited for).\n",
		prog);
}

struct faults_state {
	bool json, summary_only;
	uint32_t self;			/* our pid when tracing everyone */
	uint64_t t0;
	struct json j;
	uint64_t count, major, minor, errors, tlb;
	uint64_t by_class[MMSCOPE_FAULT_NR_CLASSES];
	uint64_t *lat;
	size_t nlat, cap;
	bool header;
	char line[512];
};

static int on_fault(const struct mmscope_fault_event *ev, void *arg)
{
	struct faults_state *s = arg;
	double t;

	if (s->self && ev->pid == s->self)
		return 0;	/* our own faults, reading the events */
	t = ev->time_ns >= s->t0 ? (ev->time_ns - s->t0) / 1e9 :
		   -(double)(s->t0 - ev->time_ns) / 1e9;

	s->count++;
	if (ev->fclass < MMSCOPE_FAULT_NR_CLASSES)
		s->by_class[ev->fclass]++;
	if (ev->fclass == MMSCOPE_FAULT_ERROR)
		s->errors++;
	else if (ev->flags & MMSCOPE_FAULTF_MAJOR)
		s->major++;
	else
		s->minor++;
	if (!(ev->flags & MMSCOPE_FAULTF_NO_LATENCY)) {
		if (s->nlat == s->cap) {
			size_t cap = s->cap ? s->cap * 2 : 65536;
			uint64_t *p = realloc(s->lat, cap * sizeof(*p));

			if (p) {
				s->lat = p;
				s->cap = cap;
			}
		}
		if (s->nlat < s->cap)
			s->lat[s->nlat++] = ev->latency_ns;
	}
	if (s->summary_only)
		return 0;
	if (s->json) {
		struct json *j = &s->j;

		json_obj_begin(j, NULL);
		json_str(j, "type", "fault");
		json_u64(j, "time_ns", ev->time_ns - s->t0);
		json_u64(j, "pid", ev->pid);
		json_u64(j, "tid", ev->tid);
		json_str(j, "comm", ev->comm);
		json_u64(j, "cpu", ev->cpu);
		json_str(j, "access", ev->access == MMSCOPE_ACCESS_WRITE ? "write" :
			 ev->access == MMSCOPE_ACCESS_EXEC ? "exec" : "read");
		json_str(j, "mode", mode_name(ev->mode));
		json_hex(j, "address", ev->address);
		json_hex(j, "ip", ev->ip);
		json_str(j, "class", mmscope_fault_class_name(ev->fclass));
		json_bool(j, "major", ev->flags & MMSCOPE_FAULTF_MAJOR);
		json_bool(j, "retried", ev->flags & MMSCOPE_FAULTF_RETRIED);
		if (ev->flags & MMSCOPE_FAULTF_NO_LATENCY)
			json_null(j, "latency_ns");
		else
			json_u64(j, "latency_ns", ev->latency_ns);
		if (ev->error)
			json_str(j, "error", mmscope_fault_error_name(ev->error));
		if (ev->flags & MMSCOPE_FAULTF_NO_VMA) {
			json_null(j, "vma");
		} else {
			json_obj_begin(j, "vma");
			json_hex(j, "start", ev->vma_start);
			json_hex(j, "end", ev->vma_end);
			json_hex(j, "offset", ev->vma_pgoff);
			json_str(j, "kind", mmscope_vma_kind_name(ev->vma_kind));
			json_str(j, "name", ev->vma_name);
			json_obj_end(j);
		}
		json_obj_end(j);
		return 0;
	}
	if (!s->header) {
		printf("%12s %7s %7s %-15s %s %-16s %-16s %-9s %s %9s %s\n",
		       "TIME(s)", "PID", "TID", "COMM", "A", "ADDRESS", "IP",
		       "CLASS", "M", "LAT(us)", "VMA");
		s->header = true;
	}
	{
		char lat[32], vma[128];

		if (ev->flags & MMSCOPE_FAULTF_NO_LATENCY)
			snprintf(lat, sizeof(lat), "-");
		else
			snprintf(lat, sizeof(lat), "%.1f", ev->latency_ns / 1e3);
		if (ev->flags & MMSCOPE_FAULTF_NO_VMA)
			snprintf(vma, sizeof(vma), "(no vma)");
		else
			snprintf(vma, sizeof(vma), "%" PRIx64 " %s", (uint64_t)ev->vma_start,
				 ev->vma_name[0] ? ev->vma_name : "[anon]");
		printf("%12.6f %7u %7u %-15s %s %016" PRIx64 " %016" PRIx64 " %-9s %s %9s %s%s%s\n",
		       t, ev->pid, ev->tid, ev->comm, access_name(ev->access),
		       (uint64_t)ev->address, (uint64_t)ev->ip,
		       mmscope_fault_class_name(ev->fclass),
		       ev->flags & MMSCOPE_FAULTF_MAJOR ? "M" : "-", lat, vma,
		       ev->error ? " " : "", ev->error ? mmscope_fault_error_name(ev->error) : "");
	}
	return 0;
}

static int on_tlb(const struct mmscope_tlb_event *ev, void *arg)
{
	struct faults_state *s = arg;

	s->tlb++;
	if (s->summary_only)
		return 0;
	if (s->json) {
		struct json *j = &s->j;

		json_obj_begin(j, NULL);
		json_str(j, "type", "tlb_flush");
		json_u64(j, "time_ns", ev->time_ns - s->t0);
		json_u64(j, "pid", ev->pid);
		json_u64(j, "tid", ev->tid);
		json_str(j, "comm", ev->comm);
		json_u64(j, "cpu", ev->cpu);
		json_u64(j, "target_pid", ev->target_pid);
		json_bool(j, "full", ev->flags & MMSCOPE_TLBF_FULL);
		json_hex(j, "start", ev->start);
		json_hex(j, "end", ev->end);
		json_u64(j, "pages", ev->pages);
		json_u64(j, "other_cpus", ev->cpus);
		json_bool(j, "freed_tables", ev->flags & MMSCOPE_TLBF_FREED_TABLES);
		json_obj_end(j);
		return 0;
	}
	{
		char what[96];

		if (ev->flags & MMSCOPE_TLBF_FULL)
			snprintf(what, sizeof(what), "everything");
		else
			snprintf(what, sizeof(what), "%" PRIx64 "-%" PRIx64 " (%" PRIu64 " pages)",
				 (uint64_t)ev->start, (uint64_t)ev->end,
				 (uint64_t)ev->pages);
		printf("%12.6f %7u %7u %-15s TLB flush of pid %u: %s, %u other CPU(s)%s\n",
		       (ev->time_ns - s->t0) / 1e9, ev->pid, ev->tid, ev->comm,
		       ev->target_pid, what, ev->cpus,
		       ev->flags & MMSCOPE_TLBF_FREED_TABLES ? ", tables freed" : "");
	}
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void faults_summary(struct faults_state *s, double secs,
			   const struct mmscope_trace_stats *st)
{
	uint64_t p50 = 0, p99 = 0, max = 0;
	int c;

	if (s->nlat) {
		qsort(s->lat, s->nlat, sizeof(*s->lat), cmp_u64);
		p50 = s->lat[(s->nlat - 1) / 2];
		p99 = s->lat[(size_t)((s->nlat - 1) * 0.99)];
		max = s->lat[s->nlat - 1];
	}
	if (s->json) {
		struct json *j = &s->j;

		json_obj_begin(j, "summary");
		json_u64(j, "faults", s->count);
		json_u64(j, "minor", s->minor);
		json_u64(j, "major", s->major);
		json_u64(j, "errors", s->errors);
		json_u64(j, "tlb_flushes", s->tlb);
		json_u64(j, "duration_us", (uint64_t)(secs * 1e6));
		json_obj_begin(j, "classes");
		for (c = 0; c < MMSCOPE_FAULT_NR_CLASSES; c++)
			json_u64(j, mmscope_fault_class_name(c), s->by_class[c]);
		json_obj_end(j);
		json_u64(j, "latency_p50_ns", p50);
		json_u64(j, "latency_p99_ns", p99);
		json_u64(j, "latency_max_ns", max);
		json_u64(j, "dropped_ring_full", st->drops);
		json_u64(j, "dropped_socket_full", st->sock_drops);
		json_u64(j, "missed_by_hook", st->missed);
		json_obj_end(j);
		return;
	}
	fprintf(stdout, "\n%" PRIu64 " faults in %.2f s (%.0f/s): minor %" PRIu64
		", major %" PRIu64 ", errors %" PRIu64 "\n", s->count, secs,
		secs > 0 ? s->count / secs : 0.0, s->minor, s->major, s->errors);
	if (s->tlb)
		printf("%" PRIu64 " TLB flush requests\n", s->tlb);
	for (c = 0; c < MMSCOPE_FAULT_NR_CLASSES; c++)
		if (s->by_class[c])
			printf("  %-10s %12" PRIu64 " %6.1f%%\n",
			       mmscope_fault_class_name(c), s->by_class[c],
			       100.0 * s->by_class[c] / s->count);
	if (s->nlat)
		printf("latency: p50 %.1f us, p99 %.1f us, max %.1f us\n",
		       p50 / 1e3, p99 / 1e3, max / 1e3);
	printf("lost: %" PRIu64 " (ring full), %" PRIu64 " (socket full); missed by the hook: %" PRIu64 "\n",
	       st->drops, st->sock_drops, st->missed);
}

int cmd_faults(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "pid", required_argument, NULL, 'p' },
		{ "duration", required_argument, NULL, 'd' },
		{ "major", no_argument, NULL, 'M' },
		{ "class", required_argument, NULL, 'c' },
		{ "min-latency", required_argument, NULL, 'L' },
		{ "kernel", no_argument, NULL, 'k' },
		{ "tlb", no_argument, NULL, 'T' },
		{ "summary", no_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct faults_state s = { 0 };
	struct mmscope_trace_req req = { 0 };
	struct mmscope_trace_cb cb = { .fault = on_fault, .tlb = on_tlb, .arg = &s };
	struct mmscope_trace_stats st = { 0 };
	uint32_t pids[MMSCOPE_MAX_TRACE_PIDS], session;
	double duration = 0, start, end;
	struct mmscope *m;
	size_t npids = 0;
	int c, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "p:d:c:ksjh", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (npids == MMSCOPE_MAX_TRACE_PIDS)
				die_usage("faults", "%s", "at most 64 pids");
			pids[npids++] = parse_pid("faults", optarg);
			break;
		case 'd':
			duration = parse_seconds("faults", optarg);
			break;
		case 'M':
			req.flags |= MMSCOPE_TRACE_F_MAJOR;
			break;
		case 'c': {
			char buf[256], *tok, *save;

			snprintf(buf, sizeof(buf), "%s", optarg);
			for (tok = strtok_r(buf, ",", &save); tok;
			     tok = strtok_r(NULL, ",", &save)) {
				int k = mmscope_fault_class_parse(tok);

				if (k < 0)
					die_usage("faults", "unknown class '%s' (see --help)", tok);
				req.classes |= 1U << k;
			}
			break;
		}
		case 'L': {
			double us = parse_seconds("faults", optarg);

			req.min_latency_ns = (uint64_t)(us * 1e3);
			break;
		}
		case 'k':
			req.flags |= MMSCOPE_TRACE_F_KERNEL;
			break;
		case 'T':
			req.flags |= MMSCOPE_TRACE_F_TLB;
			break;
		case 's':
			s.summary_only = true;
			break;
		case 'j':
			s.json = true;
			break;
		case 'h':
			help_faults(stdout);
			return 0;
		default:
			fprintf(stderr, "Try '%s faults --help'.\n", prog);
			return EXIT_USAGE;
		}
	}
	if (optind < argc)
		die_usage("faults", "unexpected argument '%s' (pids go with -p)", argv[optind]);
	req.pids = pids;
	req.npids = npids;
	if (!npids)
		s.self = getpid();

	m = open_or_exit();
	catch_signals();
	if (s.json) {
		json_init(&s.j, stdout);
		json_obj_begin(&s.j, NULL);
		json_arr_begin(&s.j, "events");
	}
	ret = mmscope_trace_start(m, &req, &cb, &session, &s.t0);
	if (ret) {
		ret = report("faults", &m->err);
		mmscope_close(m);
		return ret;
	}
	if (!s.json && !s.summary_only)
		fprintf(stderr, "Tracing page faults... Ctrl-C to end.\n");
	start = now_s();
	end = start + duration;
	while (!stop_now && (duration <= 0 || now_s() < end)) {
		double left = duration > 0 ? end - now_s() : 0.2;
		int ms = left > 0.2 ? 200 : left > 0 ? (int)(left * 1000) + 1 : 0;

		ret = mmscope_trace_poll(m, ms, &cb, &st);
		if (ret)
			break;
		if (!s.json)
			fflush(stdout);
	}
	if (!ret)
		ret = mmscope_trace_stop(m, session, &cb, &st);
	if (ret) {
		ret = report("faults", &m->err);
		mmscope_close(m);
		return ret;
	}
	mmscope_close(m);
	if (s.json)
		json_arr_end(&s.j);
	faults_summary(&s, now_s() - start, &st);
	if (s.json) {
		json_obj_end(&s.j);
		json_finish(&s.j);
	}
	if (st.drops || st.sock_drops)
		fprintf(stderr, "%s: faults: %" PRIu64 " events were lost (the reader fell behind)\n",
			prog, st.drops + st.sock_drops);
	free(s.lat);
	return 0;
}

/* ---- counters -------------------------------------------------------- */

void help_counters(FILE *f)
{
	fprintf(f,
		"Usage: %s counters PID [--json]\n"
		"       %s counters --enable | --disable | --reset | --status [--json]\n\n"
		"Faults and TLB flushes of a process's address space since counting began\n"
		"for it: minor/major (exactly as minflt/majflt of /proc/PID/stat move),\n"
		"errors, retries, faults by class, a log2 latency histogram, TLB flushes\n"
		"by reason (task switch, remote shootdown received, local shootdown, local\n"
		"mm shootdown, IPIs sent and to how many CPUs), flush requests (full or\n"
		"ranged, pages) for it and made by it.\n\n"
		"Counting is off until turned on (it costs nothing while off): --enable\n"
		"turns it on for every process until --disable (or load the module with\n"
		"counters=1); '%s top' holds it on while it runs.\n\n"
		"  --enable     turn counting on\n"
		"  --disable    turn it off (the counts are forgotten)\n"
		"  --reset      forget every count, keep counting\n"
		"  --status     is counting on; how many address spaces are counted\n"
		"  -j, --json   JSON output\n"
		"  -h, --help   this text\n",
		prog, prog, prog);
}

static void print_counting(const struct mmscope_counting *s, bool json)
{
	if (json) {
		struct json j;

		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_bool(&j, "on", s->on);
		json_bool(&j, "enabled", s->enabled);
		json_u64(&j, "holders", s->holders);
		json_u64(&j, "address_spaces", s->entries);
		json_u64(&j, "capacity", s->capacity);
		json_u64(&j, "untracked_events", s->untracked);
		json_obj_end(&j);
		json_finish(&j);
		return;
	}
	printf("counting: %s", s->on ? "on" : "off");
	if (s->on)
		printf(" (%s%s%u socket(s) holding it); %u address spaces counted of %u; %" PRIu64 " events untracked",
		       s->enabled ? "enabled" : "", s->enabled ? ", " : "",
		       s->holders, s->entries, s->capacity, s->untracked);
	printf("\n");
}

static void print_counters(uint32_t pid, const struct mmscope_counters *c,
			   bool json, double age)
{
	uint64_t faults = c->minor + c->major;
	int i;

	if (json) {
		struct json j;

		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_u64(&j, "pid", pid);
		json_u64(&j, "since_ms", (uint64_t)(age * 1e3));
		json_u64(&j, "minor", c->minor);
		json_u64(&j, "major", c->major);
		json_u64(&j, "errors", c->errors);
		json_u64(&j, "retries", c->retries);
		json_u64(&j, "kernel", c->kernel);
		json_u64(&j, "gup", c->gup);
		json_u64(&j, "latency_sum_ns", c->latency_sum_ns);
		json_obj_begin(&j, "classes");
		for (i = 0; i < MMSCOPE_FAULT_NR_CLASSES; i++)
			json_u64(&j, mmscope_fault_class_name(i), c->by_class[i]);
		json_obj_end(&j);
		json_arr_begin(&j, "latency_log2_ns");
		for (i = 0; i < MMSCOPE_LAT_BUCKETS; i++)
			json_u64(&j, NULL, c->latency[i]);
		json_arr_end(&j);
		json_obj_begin(&j, "tlb");
		for (i = 0; i < MMSCOPE_TLB_NR_REASONS; i++)
			json_u64(&j, mmscope_tlb_reason_name(i), c->tlb[i]);
		json_u64(&j, "ipi_cpus", c->tlb_ipi_cpus);
		json_u64(&j, "requests", c->tlb_requests);
		json_u64(&j, "full", c->tlb_full);
		json_u64(&j, "ranged", c->tlb_ranged);
		json_u64(&j, "pages", c->tlb_pages);
		json_u64(&j, "initiated", c->tlb_initiated);
		json_obj_end(&j);
		json_obj_end(&j);
		json_finish(&j);
		return;
	}
	printf("pid %u: counted for %.1f s\n", pid, age);
	printf("faults %" PRIu64 ": minor %" PRIu64 ", major %" PRIu64
	       " (kernel mode %" PRIu64 ", get_user_pages %" PRIu64 "); errors %"
	       PRIu64 "; retries %" PRIu64 "\n", faults, (uint64_t)c->minor, (uint64_t)c->major,
	       (uint64_t)c->kernel, (uint64_t)c->gup, (uint64_t)c->errors,
	       (uint64_t)c->retries);
	for (i = 0; i < MMSCOPE_FAULT_NR_CLASSES; i++)
		if (c->by_class[i])
			printf("  %-10s %12" PRIu64 "\n", mmscope_fault_class_name(i),
			       (uint64_t)c->by_class[i]);
	if (faults + c->errors) {
		printf("latency: mean %.1f us, p50 < %.1f us, p99 < %.1f us\n",
		       c->latency_sum_ns / 1e3 / (faults + c->errors),
		       mmscope_lat_quantile(c->latency, 0.5) / 1e3,
		       mmscope_lat_quantile(c->latency, 0.99) / 1e3);
		for (i = 0; i < MMSCOPE_LAT_BUCKETS; i++)
			if (c->latency[i])
				printf("  %10.1f - %10.1f us %12" PRIu64 "\n",
				       (1ULL << i) / 1e3, (2ULL << i) / 1e3,
				       (uint64_t)c->latency[i]);
	}
	printf("TLB flushes:");
	for (i = 0; i < MMSCOPE_TLB_NR_REASONS; i++)
		printf(" %s %" PRIu64 "%s", mmscope_tlb_reason_name(i), (uint64_t)c->tlb[i],
		       i + 1 < MMSCOPE_TLB_NR_REASONS ? "," : "");
	printf(" (IPIs to %" PRIu64 " CPUs)\n", (uint64_t)c->tlb_ipi_cpus);
	printf("flush requests for it: %" PRIu64 " (full %" PRIu64 ", ranged %" PRIu64
	       ", %" PRIu64 " pages); made by it: %" PRIu64 "\n", (uint64_t)c->tlb_requests,
	       (uint64_t)c->tlb_full, (uint64_t)c->tlb_ranged,
	       (uint64_t)c->tlb_pages, (uint64_t)c->tlb_initiated);
}

static double mono_ns_age(uint64_t since)
{
	struct timespec ts;
	uint64_t now;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = ts.tv_sec * 1000000000ULL + ts.tv_nsec;
	return now > since ? (now - since) / 1e9 : 0;
}

int cmd_counters(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "enable", no_argument, NULL, 'E' },
		{ "disable", no_argument, NULL, 'D' },
		{ "reset", no_argument, NULL, 'R' },
		{ "status", no_argument, NULL, 'S' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct mmscope_counting state;
	struct mmscope_counters cnt;
	uint32_t flags = 0, pid;
	bool json = false, status = false;
	struct mmscope *m;
	char what[64];
	int c, ret;

	/* a negative number is a pid for the kernel to judge, not an option */
	c = options_first(&argc, argv, "jh", opts);
	optind = 1;
	while ((c = getopt_long(c, argv, "+jh", opts, NULL)) != -1) {
		switch (c) {
		case 'E':
			flags |= MMSCOPE_CTL_F_ENABLE;
			break;
		case 'D':
			flags |= MMSCOPE_CTL_F_DISABLE;
			break;
		case 'R':
			flags |= MMSCOPE_CTL_F_RESET;
			break;
		case 'S':
			status = true;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			help_counters(stdout);
			return 0;
		default:
			fprintf(stderr, "Try '%s counters --help'.\n", prog);
			return EXIT_USAGE;
		}
	}
	if ((flags || status) && optind < argc)
		die_usage("counters", "%s", "--enable, --disable, --reset and --status take no PID");
	if (!flags && !status && argc - optind != 1)
		die_usage("counters", "%s", argc - optind ? "expected exactly one PID" :
			  "missing PID (or --enable, --disable, --reset, --status)");
	if ((flags & MMSCOPE_CTL_F_ENABLE) && (flags & MMSCOPE_CTL_F_DISABLE))
		die_usage("counters", "%s", "--enable and --disable together");

	m = open_or_exit();
	if (flags || status) {
		/* flags 0: the state, unchanged */
		ret = mmscope_counters_ctl(m, flags, &state);
		if (ret) {
			ret = report("counters", &m->err);
			mmscope_close(m);
			return ret;
		}
		mmscope_close(m);
		print_counting(&state, json);
		return 0;
	}
	pid = parse_pid("counters", argv[optind]);
	snprintf(what, sizeof(what), "counters %s", argv[optind]);
	ret = mmscope_counters_get(m, pid, &cnt, &state);
	if (ret) {
		ret = report(what, &m->err);
		mmscope_close(m);
		return ret;
	}
	mmscope_close(m);
	print_counters(pid, &cnt, json, mono_ns_age(cnt.since_ns));
	return 0;
}

/* ---- top ------------------------------------------------------------- */

void help_top(FILE *f)
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

int cmd_top(int argc, char **argv)
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

// SPDX-License-Identifier: GPL-2.0
/* mmscope faults: page faults and TLB flushes as they happen. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "lib/libmmscope.h"
#include "lib/json.h"
#include "cmd.h"

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

static void help_faults(FILE *f)
{
	fprintf(f,
		"Usage: %s faults [-p PID]... [--duration S] [--major] [--class C[,C...]]\n"
		"                      [--min-latency US] [--kernel] [--tlb] [--summary] [--json]\n"
		"                      [--svg FILE]\n\n"
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
		"      --svg FILE       also a heat map of the faults, as one SVG: time\n"
		"                       across, a row per VMA (lowest address first), a\n"
		"                       mark per fault colored by class, major faults\n"
		"                       outlined; each mark carries its address, class and\n"
		"                       time as data attributes\n"
		"  -h, --help           this text\n\n"
		"Events are kept in per-CPU rings in the kernel; if this reader falls\n"
		"behind, events are dropped and counted (never waited for).\n",
		prog);
}

struct faults_state {
	bool json, summary_only;
	struct heatmap *svg;
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
	if (s->svg)
		heatmap_add(s->svg, ev, t);
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

static int cmd_faults(int argc, char **argv)
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
		{ "svg", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *svg = NULL;
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
		case 'S':
			svg = optarg;
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
	if (svg && !strcmp(svg, "-") && (s.json || !s.summary_only))
		die_usage("faults", "%s", "--svg - (stdout) goes with --summary, without --json");
	if (svg) {
		s.svg = heatmap_new();
		if (!s.svg) {
			perror(prog);
			return EXIT_FAILED;
		}
	}
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
	ret = close_reporting(m, "faults", ret);
	if (ret)
		return ret;
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
	ret = 0;
	if (s.svg) {
		ret = heatmap_write(s.svg, svg, now_s() - start);
		if (ret) {
			fprintf(stderr, "%s: faults: %s: %s\n", prog, svg, strerror(-ret));
			ret = EXIT_FAILED;
		}
		heatmap_free(s.svg);
	}
	return ret;
}


COMMAND(100, "faults", "[-p PID]...",
	"page faults as they happen: kind, VMA, latency",
	cmd_faults, help_faults, mmscope_fault_class_name,
	MMSCOPE_FAULT_NR_CLASSES);

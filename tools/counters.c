// SPDX-License-Identifier: GPL-2.0
/* mmscope counters: faults by kind and TLB flushes of a process. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "lib/libmmscope.h"
#include "lib/json.h"
#include "cmd.h"

static void help_counters(FILE *f)
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

static int cmd_counters(int argc, char **argv)
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
	int c, n, ret;

	/* a negative number is a pid for the kernel to judge, not an option */
	n = options_first(&argc, argv, "jh", opts);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(n, argv, "+jh", opts, NULL)) != -1) {
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
			die_usage("counters", "unknown option '%s'", argv[optind - 1]);
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
		ret = close_reporting(m, "counters", ret);
		if (ret)
			return ret;
		print_counting(&state, json);
		return 0;
	}
	pid = parse_pid("counters", argv[optind]);
	snprintf(what, sizeof(what), "counters %s", argv[optind]);
	ret = mmscope_counters_get(m, pid, &cnt, &state);
	ret = close_reporting(m, what, ret);
	if (ret)
		return ret;
	print_counters(pid, &cnt, json, mono_ns_age(cnt.since_ns));
	return 0;
}

COMMAND(110, "counters", "PID",
	"faults by kind and TLB flushes of a process",
	cmd_counters, help_counters, NULL, 0);

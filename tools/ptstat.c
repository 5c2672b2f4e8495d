// SPDX-License-Identifier: GPL-2.0
/* mmscope ptstat: the page tables per level: tables, occupancy, bytes. */

#include <errno.h>
#include <stdio.h>

#include "lib/libmmscope.h"
#include "lib/json.h"
#include "cmd.h"

static void help_ptstat(FILE *f)
{
	fprintf(f,
		"Usage: %s ptstat [--json] PID\n"
		"\n"
		"The page tables of PID per level: tables, entries in use out of 512\n"
		"per table (occupancy, with a histogram), leaves, bytes, and the PTE\n"
		"tables kept deposited under anonymous THPs.  The bytes of the PUD, PMD\n"
		"and PTE levels, with the deposited tables, add up to VmPTE of\n"
		"/proc/PID/status.\n",
		prog);
}

static int cmd_ptstat(int argc, char **argv)
{
	struct mmscope_ptstats st;
	struct common_opts o;
	struct mmscope *m;
	uint64_t below;
	char what[64];
	uint32_t pid;
	int i, l, ret;

	i = parse_common("ptstat", &argc, argv, &o, help_ptstat, 0);
	if (argc - i != 1)
		die_usage("ptstat", "%s", argc - i ? "expected exactly one PID" :
			  "missing PID");
	pid = parse_pid("ptstat", argv[i]);
	snprintf(what, sizeof(what), "ptstat %s", argv[i]);
	m = open_or_exit();
	ret = mmscope_pt_stats(m, pid, &st);
	ret = close_reporting(m, what, ret);
	if (ret)
		return ret;
	below = mmscope_ptstats_vmpte(&st);
	if (o.json) {
		struct json j;

		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_u64(&j, "pid", pid);
		json_arr_begin(&j, "levels");
		for (l = 0; l <= MMSCOPE_LEVEL_PTE; l++) {
			const struct mmscope_ptstat_level *s = &st.level[l];
			int b;

			if (!s->present)
				continue;
			json_obj_begin(&j, NULL);
			json_str(&j, "level", mmscope_level_name(l));
			json_u64(&j, "tables", s->tables);
			json_u64(&j, "entries", s->entries);
			json_u64(&j, "leaves", s->leaves);
			json_u64(&j, "bytes", s->bytes);
			json_arr_begin(&j, "occupancy_histogram");
			for (b = 0; b < MMSCOPE_PTSTAT_BUCKETS; b++)
				json_u64(&j, NULL, s->hist[b]);
			json_arr_end(&j);
			json_obj_end(&j);
		}
		json_arr_end(&j);
		json_u64(&j, "deposited_pte_tables", st.level[MMSCOPE_LEVEL_PTE].deposited);
		json_u64(&j, "vmpte_bytes", below);
		json_obj_end(&j);
		json_finish(&j);
		return 0;
	}
	printf("%-5s %8s %10s %9s %10s %10s\n", "LEVEL", "TABLES", "ENTRIES",
	       "AVG/512", "LEAVES", "BYTES");
	for (l = 0; l <= MMSCOPE_LEVEL_PTE; l++) {
		const struct mmscope_ptstat_level *s = &st.level[l];

		if (!s->present)
			continue;
		printf("%-5s %8llu %10llu %9.1f %10llu %10llu\n",
		       mmscope_level_name(l), (unsigned long long)s->tables,
		       (unsigned long long)s->entries,
		       s->tables ? (double)s->entries / s->tables : 0.0,
		       (unsigned long long)s->leaves, (unsigned long long)s->bytes);
	}
	printf("\nOccupancy (tables by entries in use):\n%-5s", "");
	{
		static const char *const b[MMSCOPE_PTSTAT_BUCKETS] = {
			"0", "1", "2-3", "4-7", "8-15", "16-31", "32-63", "64-127",
			"128-255", "256-511", "512",
		};
		int k;

		for (k = 0; k < MMSCOPE_PTSTAT_BUCKETS; k++)
			printf(" %7s", b[k]);
		printf("\n");
		for (l = 0; l <= MMSCOPE_LEVEL_PTE; l++) {
			if (!st.level[l].present)
				continue;
			printf("%-5s", mmscope_level_name(l));
			for (k = 0; k < MMSCOPE_PTSTAT_BUCKETS; k++)
				printf(" %7llu", (unsigned long long)st.level[l].hist[k]);
			printf("\n");
		}
	}
	printf("\nPTE tables deposited under anonymous THPs: %llu\n",
	       (unsigned long long)st.level[MMSCOPE_LEVEL_PTE].deposited);
	printf("PUD + PMD + PTE tables, deposited included: %llu kB (VmPTE of /proc/PID/status)\n",
	       (unsigned long long)below >> 10);
	return 0;
}

COMMAND(90, "ptstat", "PID",
	"page tables per level: tables, occupancy, bytes",
	cmd_ptstat, help_ptstat, NULL, 0);

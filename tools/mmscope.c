// SPDX-License-Identifier: GPL-2.0
/*
 * mmscope: look inside the address space of a live process.
 *
 * Exit status: 0 success; 1 the kernel module answered with an error (no
 * such process, permission denied, no address space...); 2 the request
 * could not be made (bad usage, module not loaded, module/tool mismatch).
 */

#include <stdio.h>
#include <string.h>

#include "lib/libmmscope.h"
#include "lib/json.h"
#include "cmd.h"

const char *prog = "mmscope";

struct cmd {
	const char *name;
	const char *args;
	const char *summary;
	int (*fn)(int argc, char **argv);
	void (*help)(FILE *f);
};

/* ---- table ----------------------------------------------------------- */

static int cmd_help(int argc, char **argv);
static void help_help(FILE *f);

static const struct cmd cmds[] = {
	{ "status", "", "is the module loaded; version, kernel, features",
	  cmd_status, help_status },
	{ "task", "PID", "the task and its address space (mm_struct)",
	  cmd_task, help_task },
	{ "maps", "PID", "the mappings, exactly as /proc/PID/maps",
	  cmd_maps, help_maps },
	{ "smaps", "PID", "mappings and memory figures, exactly as /proc/PID/smaps",
	  cmd_smaps, help_smaps },
	{ "rollup", "PID", "the sums, exactly as /proc/PID/smaps_rollup",
	  cmd_rollup, help_rollup },
	{ "pmap", "PID", "a pmap -X style table with totals",
	  cmd_pmap, help_pmap },
	{ "pt", "PID", "the live page-table entries (and the pages behind them)",
	  cmd_pt, help_pt },
	{ "vtop", "PID ADDR", "one address through every page-table level",
	  cmd_vtop, help_vtop },
	{ "ptstat", "PID", "page tables per level: tables, occupancy, bytes",
	  cmd_ptstat, help_ptstat },
	{ "faults", "[-p PID]...", "page faults as they happen: kind, VMA, latency",
	  cmd_faults, help_faults },
	{ "counters", "PID", "faults by kind and TLB flushes of a process",
	  cmd_counters, help_counters },
	{ "top", "", "processes by fault and TLB flush rate, refreshed",
	  cmd_top, help_top },
	{ "help", "[COMMAND]", "this text, or the help of COMMAND",
	  cmd_help, help_help },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: %s COMMAND [OPTIONS] [ARGS]\n\n"
		"Look inside the address space of a live process.\n\nCommands:\n",
		prog);
	for (i = 0; i < ARRAY_LEN(cmds); i++) {
		char left[32];

		snprintf(left, sizeof(left), "%s %s", cmds[i].name, cmds[i].args);
		fprintf(f, "  %-18s %s\n", left, cmds[i].summary);
	}
	fprintf(f,
		"\nEvery command takes --help and --json.  Needs root (CAP_SYS_ADMIN)\n"
		"and the mmscope kernel module.\n"
		"Exit status: 0 success; 1 the module answered with an error (no\n"
		"such process, permission denied...); 2 bad usage, module not\n"
		"loaded, or module/tool mismatch.  See mmscope(8).\n");
}

static void help_help(FILE *f)
{
	fprintf(f, "Usage: %s help [COMMAND]\n\n"
		"Without COMMAND: the list of commands.  With it: its options.\n",
		prog);
}

static int cmd_help(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		help_help(stdout);
		return 0;
	}
	for (i = 0; i < ARRAY_LEN(cmds); i++) {
		if (!strcmp(argv[1], cmds[i].name)) {
			cmds[i].help(stdout);
			return 0;
		}
	}
	die_usage("help", "unknown command '%s'", argv[1]);
	return EXIT_USAGE;
}

static int version(void)
{
	printf("mmscope tool, protocol %d\n", MMSCOPE_GENL_VERSION);
	return 0;
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version"))
		return version();
	for (i = 0; i < ARRAY_LEN(cmds); i++) {
		int j;

		if (strcmp(argv[1], cmds[i].name))
			continue;
		/* --version anywhere among a command's options, as --help */
		for (j = 2; j < argc && strcmp(argv[j], "--"); j++)
			if (!strcmp(argv[j], "--version"))
				return version();
		return cmds[i].fn(argc - 1, argv + 1);
	}
	fprintf(stderr, "%s: unknown command '%s'\n", prog, argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}

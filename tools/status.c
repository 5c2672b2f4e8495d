// SPDX-License-Identifier: GPL-2.0
/* mmscope status: is the module loaded; version, kernel, features. */

#include <errno.h>
#include <stdio.h>
#include <sys/utsname.h>

#include "lib/libmmscope.h"
#include "lib/json.h"
#include "cmd.h"

static void help_status(FILE *f)
{
	fprintf(f,
		"Usage: %s status [--json]\n"
		"\n"
		"Whether the mmscope kernel module is loaded; if it is, its version,\n"
		"the kernel it was built for and runs on, the page size, and the features\n"
		"it supports; then, one line each, what this kernel cannot give and why\n"
		"(SwapPss on 7.x, whose swap counts are private to mm/, for example):\n"
		"mmscope reports such a figure as unavailable, never as a guess.\n"
		"Exit status 0 when the module answers, 2 when it is not loaded.\n",
		prog);
}

static const struct {
	uint64_t bit;
	const char *name;
	const char *without;	/* what is unavailable without it, and why */
} features[] = {
	{ MMSCOPE_FEAT_TASK, "task", NULL },
	{ MMSCOPE_FEAT_MAPS, "maps", NULL },
	{ MMSCOPE_FEAT_GATE, "gate-vma",
	  "[vsyscall] in maps and smaps: the kernel's gate VMA was not found" },
	{ MMSCOPE_FEAT_SMAPS, "smaps", NULL },
	{ MMSCOPE_FEAT_THP_ELIGIBLE, "thp-eligible",
	  "THPeligible in smaps: the kernel's THP settings were not found" },
	{ MMSCOPE_FEAT_SWAP_PSS, "swap-pss",
	  "SwapPss in smaps, rollup and pmap: swap counts cannot be read safely "
	  "(7.x keeps them in a swap table private to mm/; before 7.x, "
	  "swap_info was not found)" },
	{ MMSCOPE_FEAT_PT, "page-tables", NULL },
	{ MMSCOPE_FEAT_FAULTS, "faults",
	  "fault tracing and counting: handle_mm_fault cannot be probed" },
	{ MMSCOPE_FEAT_TLB, "tlb",
	  "TLB flush tracing and counting: the flush hooks cannot be registered" },
	{ MMSCOPE_FEAT_ANON_EXCLUSIVE, "anon-exclusive",
	  "the anon-exclusive page and swap-entry bits in pt and vtop: this "
	  "kernel has none (before 5.19)" },
	{ MMSCOPE_FEAT_ATTR_MISS, "attr-miss",
	  "the number of a missing request attribute in refusals: this "
	  "kernel's netlink cannot carry it (before 6.0; the message says it)" },
	{ MMSCOPE_FEAT_DUMP_CONSISTENT, "dump-consistent",
	  "whether maps, smaps, pmap and pt saw one state of the mappings, and "
	  "--consistent: this kernel keeps no count of address-space changes a "
	  "module can read (before the per-VMA lock sequence, 6.13 and Debian's 6.12)" },
	{ MMSCOPE_FEAT_CPU_TLB_GEN, "cpu-tlb-gen",
	  "the TLB generation each CPU has flushed up to (cpus; and lazy mode "
	  "on 5.10): the kernel's per-CPU TLB state (cpu_tlbstate) is neither "
	  "exported nor found by name on this kernel (its per-CPU symbols are "
	  "not kernel addresses a module can look up)" },
	{ MMSCOPE_FEAT_VMA_LOCK, "vma-lock",
	  "walking each VMA under its own lock: this kernel has no per-VMA "
	  "locks a module can take (before 6.4), or the module parameter "
	  "vma_lock is 0; smaps, rollup and pt hold the target's mmap_lock in "
	  "bounded pieces and let a waiting writer in between" },
	{ MMSCOPE_FEAT_DUMP_ERR_ATTR, "dump-err-attr",
	  "which attribute of a refused maps, smaps or pt request is at fault: "
	  "this kernel's dump end message carries only the message (before "
	  "6.2; attributes are parsed after the permission check)" },
};

static int cmd_status(int argc, char **argv)
{
	struct mmscope_error err;
	struct mmscope_info info;
	struct common_opts o;
	struct utsname uts;
	struct mmscope *m;
	struct json j;
	size_t i;
	int first, ret;

	first = parse_common("status", &argc, argv, &o, help_status, 0);
	if (first != argc)
		die_usage("status", "unexpected argument '%s'", argv[first]);
	uname(&uts);

	if (mmscope_open(&m, &err)) {
		char buf[1024];

		mmscope_strerror(&err, buf, sizeof(buf));
		if (o.json) {
			json_init(&j, stdout);
			json_obj_begin(&j, NULL);
			json_bool(&j, "loaded", err.code != ENOENT);
			json_str(&j, "kernel", uts.release);
			json_str(&j, "error", buf);
			json_obj_end(&j);
			json_finish(&j);
		} else {
			printf("module:   not loaded\nkernel:   %s\n", uts.release);
		}
		fprintf(stderr, "%s: %s\n", prog, buf);
		return EXIT_USAGE;
	}
	ret = mmscope_info_get(m, &info);
	ret = close_reporting(m, "status", ret);
	if (ret)
		return ret;

	if (o.json) {
		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_bool(&j, "loaded", true);
		json_str(&j, "version", info.version);
		json_u64(&j, "protocol", info.proto);
		json_str(&j, "built_for", info.built_for);
		json_str(&j, "kernel", info.running);
		json_u64(&j, "page_size", info.page_size);
		json_u64(&j, "dump_state_bytes", info.dump_state);
		json_u64(&j, "trace_sessions", info.sessions);
		json_bool(&j, "counting", info.counting);
		json_u64(&j, "trace_bytes", info.trace_bytes);
		json_u64(&j, "hooks", info.hooks);
		json_u64(&j, "faults_missed", info.missed);
		json_arr_begin(&j, "features");
		for (i = 0; i < sizeof(features) / sizeof(features[0]); i++)
			if (info.features & features[i].bit)
				json_str(&j, NULL, features[i].name);
		json_arr_end(&j);
		json_arr_begin(&j, "unavailable");
		for (i = 0; i < sizeof(features) / sizeof(features[0]); i++)
			if (!(info.features & features[i].bit) && features[i].without)
				json_str(&j, NULL, features[i].without);
		json_arr_end(&j);
		json_obj_end(&j);
		json_finish(&j);
		return 0;
	}
	printf("module:    loaded, mmscope %s (protocol %u)\n", info.version,
	       info.proto);
	printf("kernel:    %s (module built for %s)\n", info.running,
	       info.built_for);
	printf("page size: %u\n", info.page_size);
	printf("per dump:  %u bytes of kernel state, + one message buffer (<= 32 KiB) a chunk\n",
	       info.dump_state);
	printf("features: ");
	for (i = 0; i < sizeof(features) / sizeof(features[0]); i++)
		if (info.features & features[i].bit)
			printf(" %s", features[i].name);
	printf("\n");
	for (i = 0; i < sizeof(features) / sizeof(features[0]); i++)
		if (!(info.features & features[i].bit) && features[i].without)
			printf("unavailable: %s\n", features[i].without);
	printf("tracing:   %u session(s), counting %s, %llu bytes held, hooks 0x%x, %llu faults missed\n",
	       info.sessions, info.counting ? "on" : "off",
	       (unsigned long long)info.trace_bytes, info.hooks,
	       (unsigned long long)info.missed);
	return 0;
}

COMMAND(10, "status", "",
	"is the module loaded; version, kernel, features",
	cmd_status, help_status, NULL, 0);

// SPDX-License-Identifier: GPL-2.0
/* mmscope cpus: each CPU's loaded address space. */

#include <inttypes.h>
#include <stdio.h>

#include "lib/libmmscope.h"
#include "lib/json.h"
#include "cmd.h"

static void help_cpus(FILE *f)
{
	fprintf(f,
		"Usage: %s cpus [--json]\n"
		"\n"
		"For each online CPU, read on the CPU itself: the address space its\n"
		"page-table root (CR3) points at and whose it is: user (the running\n"
		"process's own), lazy (a process's, borrowed by the kernel thread or\n"
		"idle task running there: lazy TLB mode), kernel (init_mm, no\n"
		"process's) or other (caught in a switch); the physical address of\n"
		"the root, the task running (K: a kernel thread), the owner of the\n"
		"address space, whether the kernel's TLB state says lazy, and the TLB\n"
		"generation the CPU has flushed up to against the address space's\n"
		"(SEEN < NOW: a flush is still owed).  What a kernel cannot give is\n"
		"shown as '-' and said in status.\n"
		"  --json              one JSON object: {\"cpus\":[...]}\n",
		prog);
}

static void json_cpu(struct json *j, const struct mmscope_cpu *c)
{
	json_obj_begin(j, NULL);
	json_u64(j, "cpu", c->cpu);
	json_str(j, "mm", mmscope_cpu_mm_name(c->mm));
	json_hex(j, "pgd_phys", c->pgd_phys);
	json_obj_begin(j, "running");
	json_u64(j, "pid", c->running_pid);
	json_u64(j, "tid", c->running_tid);
	json_str(j, "comm", c->running_comm);
	json_bool(j, "kthread", c->running_kthread);
	json_obj_end(j);
	if (c->has_owner) {
		json_obj_begin(j, "owner");
		json_u64(j, "pid", c->owner_pid);
		json_str(j, "comm", c->owner_comm);
		json_obj_end(j);
	} else {
		json_null(j, "owner");
	}
	if (c->lazy >= 0)
		json_bool(j, "lazy", c->lazy);
	else
		json_null(j, "lazy");
	if (c->has_tlb_gen)
		json_u64(j, "tlb_gen", c->tlb_gen);
	else
		json_null(j, "tlb_gen");
	if (c->has_tlb_gen_seen)
		json_u64(j, "tlb_gen_seen", c->tlb_gen_seen);
	else
		json_null(j, "tlb_gen_seen");
	json_obj_end(j);
}

static int cmd_cpus(int argc, char **argv)
{
	struct mmscope_cpus cpus;
	struct common_opts o;
	struct mmscope *m;
	unsigned int c;
	int i, ret;

	i = parse_common("cpus", &argc, argv, &o, help_cpus, 0);
	if (argc - i)
		die_usage("cpus", "unexpected argument '%s'", argv[i]);
	m = open_or_exit();
	ret = mmscope_cpus_get(m, &cpus);
	ret = close_reporting(m, "cpus", ret);
	if (ret)
		return ret;
	if (o.json) {
		struct json j;

		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_arr_begin(&j, "cpus");
		for (c = 0; c < cpus.n; c++)
			json_cpu(&j, &cpus.cpu[c]);
		json_arr_end(&j);
		json_obj_end(&j);
		json_finish(&j);
		mmscope_cpus_free(&cpus);
		return 0;
	}
	printf("%-4s %-6s %-12s %-30s %-24s %-4s %s\n", "CPU", "MM", "PGD",
	       "RUNNING (PID/TID COMM)", "OWNER", "LAZY", "TLB GEN SEEN/NOW");
	for (c = 0; c < cpus.n; c++) {
		const struct mmscope_cpu *p = &cpus.cpu[c];
		char run[64], own[48] = "-", gen[64] = "-";

		snprintf(run, sizeof(run), "%u/%u %s%s", p->running_pid,
			 p->running_tid, p->running_comm,
			 p->running_kthread ? " K" : "");
		if (p->has_owner)
			snprintf(own, sizeof(own), "%u %s", p->owner_pid, p->owner_comm);
		if (p->has_tlb_gen)
			snprintf(gen, sizeof(gen), "%s/%" PRIu64,
				 p->has_tlb_gen_seen ? "" : "-", p->tlb_gen);
		if (p->has_tlb_gen && p->has_tlb_gen_seen)
			snprintf(gen, sizeof(gen), "%" PRIu64 "/%" PRIu64,
				 p->tlb_gen_seen, p->tlb_gen);
		printf("%-4u %-6s %#-12" PRIx64 " %-30s %-24s %-4s %s\n", p->cpu,
		       mmscope_cpu_mm_name(p->mm), p->pgd_phys, run, own,
		       p->lazy < 0 ? "-" : p->lazy ? "yes" : "no", gen);
	}
	mmscope_cpus_free(&cpus);
	return 0;
}

COMMAND(96, "cpus", "", "each CPU's loaded address space, lazy TLB, TLB generation",
	cmd_cpus, help_cpus, NULL, 0);

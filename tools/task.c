// SPDX-License-Identifier: GPL-2.0
/* mmscope task: the task and its address space (mm_struct). */

#include <inttypes.h>
#include <stdio.h>

#include "lib/libmmscope.h"
#include "lib/json.h"
#include "cmd.h"

static void help_task(FILE *f)
{
	fprintf(f,
		"Usage: %s task [--json] PID\n"
		"\n"
		"The task PID (any thread id, in your pid namespace) and its address\n"
		"space: comm, tgid, the threads sharing the mm, mm_users and mm_count,\n"
		"map_count, the VM counters (total, locked, pinned, data, exec, stack),\n"
		"RSS by kind, swap entries, peaks, page-table bytes, the layout (code,\n"
		"data, heap, stack, arguments, environment) and the physical address\n"
		"of the top-level page table.  Sizes are in kB, as in\n"
		"/proc/PID/status.  A kernel thread or an exited task has no address\n"
		"space; that is said, not treated as an error.  A kernel thread running\n"
		"now on a process's page tables (lazy TLB, or kthread_use_mm) shows\n"
		"whose address space it borrows, as its CPU sees it at that moment.\n",
		prog);
}

static const struct {
	int attr;
	const char *name;
	bool pages;
} mm_fields[] = {
	{ MMSCOPE_MM_A_USERS, "mm_users", false },
	{ MMSCOPE_MM_A_COUNT, "mm_count", false },
	{ MMSCOPE_MM_A_MAP_COUNT, "map_count", false },
	{ MMSCOPE_MM_A_TOTAL_VM, "total_vm", true },
	{ MMSCOPE_MM_A_HIWATER_VM, "hiwater_vm", true },
	{ MMSCOPE_MM_A_LOCKED_VM, "locked_vm", true },
	{ MMSCOPE_MM_A_PINNED_VM, "pinned_vm", true },
	{ MMSCOPE_MM_A_DATA_VM, "data_vm", true },
	{ MMSCOPE_MM_A_EXEC_VM, "exec_vm", true },
	{ MMSCOPE_MM_A_STACK_VM, "stack_vm", true },
	{ MMSCOPE_MM_A_RSS_ANON, "rss_anon", true },
	{ MMSCOPE_MM_A_RSS_FILE, "rss_file", true },
	{ MMSCOPE_MM_A_RSS_SHMEM, "rss_shmem", true },
	{ MMSCOPE_MM_A_SWAP_ENTS, "swap_ents", true },
	{ MMSCOPE_MM_A_HIWATER_RSS, "hiwater_rss", true },
	{ MMSCOPE_MM_A_PGTABLES_BYTES, "pgtables_bytes", false },
};

static const struct {
	int lo, hi;
	const char *name;
} mm_ranges[] = {
	{ MMSCOPE_MM_A_START_CODE, MMSCOPE_MM_A_END_CODE, "code" },
	{ MMSCOPE_MM_A_START_DATA, MMSCOPE_MM_A_END_DATA, "data" },
	{ MMSCOPE_MM_A_START_BRK, MMSCOPE_MM_A_BRK, "brk" },
	{ MMSCOPE_MM_A_ARG_START, MMSCOPE_MM_A_ARG_END, "arg" },
	{ MMSCOPE_MM_A_ENV_START, MMSCOPE_MM_A_ENV_END, "env" },
};

static const char *task_state(const struct mmscope_task *t)
{
	if (t->flags & MMSCOPE_TASK_F_KTHREAD)
		return "kernel thread";
	if (t->flags & MMSCOPE_TASK_F_ZOMBIE)
		return "zombie";
	if (t->flags & MMSCOPE_TASK_F_EXITING)
		return "exiting";
	return "alive";
}

static void task_json(const struct mmscope_task *t, unsigned int page_kb)
{
	struct json j;
	size_t i;

	json_init(&j, stdout);
	json_obj_begin(&j, NULL);
	json_u64(&j, "pid", t->pid);
	json_u64(&j, "tgid", t->tgid);
	json_str(&j, "comm", t->comm);
	json_str(&j, "state", task_state(t));
	json_bool(&j, "kernel_thread", t->flags & MMSCOPE_TASK_F_KTHREAD);
	json_bool(&j, "has_mm", t->has_mm);
	json_u64(&j, "threads", t->nr_threads);
	if (t->flags & MMSCOPE_TASK_F_KTHREAD) {
		if (!t->borrows) {
			json_null(&j, "borrows");
		} else {
			json_obj_begin(&j, "borrows");
			json_u64(&j, "cpu", t->borrowed_cpu);
			if (t->borrowed_known) {
				json_u64(&j, "pid", t->borrowed_pid);
				json_str(&j, "comm", t->borrowed_comm);
			} else {
				json_null(&j, "pid");
			}
			json_obj_end(&j);
		}
	}
	if (t->has_mm) {
		json_arr_begin(&j, "tids");
		for (i = 0; i < t->nr_tids; i++)
			json_u64(&j, NULL, t->tids[i]);
		json_arr_end(&j);
		json_bool(&j, "tids_truncated",
			  t->flags & MMSCOPE_TASK_F_TIDS_TRUNCATED);
		json_obj_begin(&j, "mm");
		for (i = 0; i < ARRAY_LEN(mm_fields); i++) {
			char key[64];

			if (!t->mm.have[mm_fields[i].attr])
				continue;
			if (mm_fields[i].pages) {
				snprintf(key, sizeof(key), "%s_kb", mm_fields[i].name);
				json_u64(&j, key, t->mm.v[mm_fields[i].attr] * page_kb);
			} else {
				json_u64(&j, mm_fields[i].name,
					 t->mm.v[mm_fields[i].attr]);
			}
		}
		json_obj_begin(&j, "layout");
		for (i = 0; i < ARRAY_LEN(mm_ranges); i++) {
			json_obj_begin(&j, mm_ranges[i].name);
			json_hex(&j, "start", t->mm.v[mm_ranges[i].lo]);
			json_hex(&j, "end", t->mm.v[mm_ranges[i].hi]);
			json_obj_end(&j);
		}
		json_hex(&j, "start_stack", t->mm.v[MMSCOPE_MM_A_START_STACK]);
		json_obj_end(&j);
		json_hex(&j, "pgd_phys", t->mm.v[MMSCOPE_MM_A_PGD_PHYS]);
		json_obj_end(&j);
	}
	json_obj_end(&j);
	json_finish(&j);
}

static void task_text(const struct mmscope_task *t, unsigned int page_kb)
{
	size_t i;

	printf("pid %u (%s)  tgid %u  %s\n", t->pid, t->comm, t->tgid,
	       task_state(t));
	if (!t->has_mm) {
		printf("no address space: %s\n",
		       t->flags & MMSCOPE_TASK_F_KTHREAD ?
		       "a kernel thread has no user memory" :
		       "the task has exited and released it");
		if (t->borrows && t->borrowed_known)
			printf("borrows now: the address space of %u (%s), on CPU %u\n",
			       t->borrowed_pid, t->borrowed_comm, t->borrowed_cpu);
		else if (t->borrows)
			printf("borrows now: a process's address space, on CPU %u\n",
			       t->borrowed_cpu);
		else if (t->flags & MMSCOPE_TASK_F_KTHREAD)
			printf("borrows now: none (not running on a process's page tables)\n");
		return;
	}
	printf("%-15s %u in the thread group; sharing this mm:", "threads",
	       t->nr_threads);
	for (i = 0; i < t->nr_tids; i++)
		printf(" %u", t->tids[i]);
	if (t->flags & MMSCOPE_TASK_F_TIDS_TRUNCATED)
		printf(" ... (more: the group grew while it was read)");
	printf("\n");
	for (i = 0; i < ARRAY_LEN(mm_fields); i++) {
		uint64_t v = t->mm.v[mm_fields[i].attr];

		if (mm_fields[i].pages)
			printf("%-15s %12" PRIu64 " kB\n", mm_fields[i].name,
			       v * page_kb);
		else if (mm_fields[i].attr == MMSCOPE_MM_A_USERS)
			printf("%-15s %12" PRIu64 "   (one is mmscope's, while it reads)\n",
			       mm_fields[i].name, v);
		else
			printf("%-15s %12" PRIu64 "\n", mm_fields[i].name, v);
	}
	printf("layout:\n");
	for (i = 0; i < ARRAY_LEN(mm_ranges); i++)
		printf("  %-13s %016" PRIx64 "-%016" PRIx64 "\n",
		       mm_ranges[i].name, t->mm.v[mm_ranges[i].lo],
		       t->mm.v[mm_ranges[i].hi]);
	printf("  %-13s %016" PRIx64 "\n", "start_stack",
	       t->mm.v[MMSCOPE_MM_A_START_STACK]);
	printf("%-15s %#" PRIx64 "\n", "pgd_phys", t->mm.v[MMSCOPE_MM_A_PGD_PHYS]);
}

static int cmd_task(int argc, char **argv)
{
	struct mmscope_info info;
	struct mmscope_task t;
	struct common_opts o;
	struct mmscope *m;
	unsigned int page_kb;
	char what[64];
	uint32_t pid;
	int i;

	i = parse_common("task", &argc, argv, &o, help_task, 0);
	if (argc - i != 1)
		die_usage("task", "%s", argc - i ? "expected exactly one PID" :
			  "missing PID");
	pid = parse_pid("task", argv[i]);
	snprintf(what, sizeof(what), "task %s", argv[i]);

	m = open_or_exit();
	if (mmscope_info_get(m, &info)) {
		int ret = report(what, &m->err);

		mmscope_close(m);
		return ret;
	}
	page_kb = info.page_size / 1024;
	if (mmscope_task_get(m, pid, &t)) {
		int ret = report(what, &m->err);

		mmscope_close(m);
		return ret;
	}
	mmscope_close(m);
	if (o.json)
		task_json(&t, page_kb);
	else
		task_text(&t, page_kb);
	mmscope_task_free(&t);
	return 0;
}

COMMAND(20, "task", "PID",
	"the task and its address space (mm_struct)",
	cmd_task, help_task, NULL, 0);

// SPDX-License-Identifier: GPL-2.0
/*
 * mmscope: look inside the address space of a live process.
 *
 * Exit status: 0 success; 1 the kernel module answered with an error (no
 * such process, permission denied, no address space...); 2 the request
 * could not be made (bad usage, module not loaded, module/tool mismatch).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "lib/libmmscope.h"
#include "lib/json.h"

#define EXIT_FAILED	1
#define EXIT_USAGE	2

static const char *prog = "mmscope";

struct cmd {
	const char *name;
	const char *args;
	const char *summary;
	int (*fn)(int argc, char **argv);
	void (*help)(FILE *f);
};

static void die_usage(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: %s: ", prog, cmd);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry '%s %s --help'.\n", prog, cmd);
	exit(EXIT_USAGE);
}

/* Print the error in @err; return the exit status it deserves. */
static int report(const char *what, const struct mmscope_error *err)
{
	char buf[1024];

	mmscope_strerror(err, buf, sizeof(buf));
	fprintf(stderr, "%s: %s: %s\n", prog, what, buf);
	return EXIT_FAILED;
}

static struct mmscope *open_or_exit(void)
{
	struct mmscope_error err;
	struct mmscope *m;

	if (mmscope_open(&m, &err)) {
		char buf[1024];

		mmscope_strerror(&err, buf, sizeof(buf));
		fprintf(stderr, "%s: %s\n", prog, buf);
		exit(EXIT_USAGE);
	}
	return m;
}

/*
 * PIDs are passed through to the kernel, which validates them (so that a
 * negative or out-of-range pid gets the kernel's own answer); only text
 * that is not a number at all is refused here.
 */
static uint32_t parse_pid(const char *cmd, const char *s)
{
	long long v;
	char *end;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (!*s || *end || errno || v < INT32_MIN || v > UINT32_MAX)
		die_usage(cmd, "'%s' is not a pid", s);
	return (uint32_t)v;
}

struct common_opts {
	bool json;
	bool long_;
};

static int parse_common(const char *cmd, int argc, char **argv,
			struct common_opts *o, void (*help)(FILE *f),
			bool allow_long)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "long", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	optind = 1;
	opterr = 0;
	/* "+": stop at the first non-option so that "-1" reaches us as a pid */
	while ((c = getopt_long(argc, argv, "+jlh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			o->json = true;
			break;
		case 'l':
			if (!allow_long)
				die_usage(cmd, "unknown option '%s'", argv[optind - 1]);
			o->long_ = true;
			break;
		case 'h':
			help(stdout);
			exit(0);
		default:
			/* A negative number is a pid for the kernel to judge. */
			if (optopt >= '0' && optopt <= '9') {
				optind--;
				return optind;
			}
			die_usage(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	return optind;
}

/* ---- status ---------------------------------------------------------- */

static void help_status(FILE *f)
{
	fprintf(f,
		"Usage: %s status [--json]\n"
		"\n"
		"Whether the mmscope kernel module is loaded; if it is, its version,\n"
		"the kernel it was built for and runs on, and the features it supports.\n"
		"Exit status 0 when the module answers, 2 when it is not loaded.\n",
		prog);
}

static const struct {
	uint64_t bit;
	const char *name;
} features[] = {
	{ MMSCOPE_FEAT_TASK, "task" },
	{ MMSCOPE_FEAT_MAPS, "maps" },
	{ MMSCOPE_FEAT_GATE, "gate-vma" },
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
	int ret;

	if (parse_common("status", argc, argv, &o, help_status, false) != argc)
		die_usage("status", "unexpected argument '%s'", argv[optind]);
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
	if (ret) {
		ret = report("status", &m->err);
		mmscope_close(m);
		return ret;
	}
	mmscope_close(m);

	if (o.json) {
		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_bool(&j, "loaded", true);
		json_str(&j, "version", info.version);
		json_u64(&j, "protocol", info.proto);
		json_str(&j, "built_for", info.built_for);
		json_str(&j, "kernel", info.running);
		json_u64(&j, "page_size", info.page_size);
		json_arr_begin(&j, "features");
		for (i = 0; i < sizeof(features) / sizeof(features[0]); i++)
			if (info.features & features[i].bit)
				json_str(&j, NULL, features[i].name);
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
	printf("features: ");
	for (i = 0; i < sizeof(features) / sizeof(features[0]); i++)
		if (info.features & features[i].bit)
			printf(" %s", features[i].name);
	printf("\n");
	return 0;
}

/* ---- task ------------------------------------------------------------ */

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
		"space; that is said, not treated as an error.\n",
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

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

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

	i = parse_common("task", argc, argv, &o, help_task, false);
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

/* ---- maps ------------------------------------------------------------ */

static void help_maps(FILE *f)
{
	fprintf(f,
		"Usage: %s maps [--long] [--json] PID\n"
		"\n"
		"The mappings of PID, byte for byte as /proc/PID/maps prints them.\n"
		"  -l, --long   under each line: the VMA kind (private/shared x\n"
		"               file/anon, or special), whether it has an anon_vma,\n"
		"               its vm_operations and page-fault handler, and the\n"
		"               VmFlags mnemonics of /proc/PID/smaps\n"
		"  -j, --json   one JSON document: {\"pid\":..,\"vmas\":[...]}\n"
		"The dump is read in chunks, each under its own short hold of the\n"
		"target's mmap_lock, as /proc/PID/maps does.\n",
		prog);
}

struct maps_ctx {
	struct common_opts o;
	struct json j;
	unsigned long count;
};

static int maps_one(const struct mmscope_vma *v, void *arg)
{
	struct maps_ctx *c = arg;
	static char line[8192];

	if (c->o.json) {
		char perms[5], dev[16];

		snprintf(perms, sizeof(perms), "%c%c%c%c",
			 v->perms & MMSCOPE_VMA_PERM_READ ? 'r' : '-',
			 v->perms & MMSCOPE_VMA_PERM_WRITE ? 'w' : '-',
			 v->perms & MMSCOPE_VMA_PERM_EXEC ? 'x' : '-',
			 v->perms & MMSCOPE_VMA_PERM_SHARED ? 's' : 'p');
		snprintf(dev, sizeof(dev), "%02x:%02x", v->dev_major,
			 v->dev_minor);
		json_obj_begin(&c->j, NULL);
		json_hex(&c->j, "start", v->start);
		json_hex(&c->j, "end", v->end);
		json_str(&c->j, "perms", perms);
		json_u64(&c->j, "offset", v->pgoff);
		json_str(&c->j, "dev", dev);
		json_u64(&c->j, "inode", v->ino);
		if (v->name_kind == MMSCOPE_VMA_NAME_NONE)
			json_null(&c->j, "name");
		else
			json_str(&c->j, "name", v->name);
		json_str(&c->j, "name_kind",
			 mmscope_vma_name_kind_name(v->name_kind));
		json_str(&c->j, "kind", mmscope_vma_kind_name(v->kind));
		json_bool(&c->j, "anon_vma", v->anon_vma);
		if (v->ops[0])
			json_str(&c->j, "vm_ops", v->ops);
		else
			json_null(&c->j, "vm_ops");
		if (v->fault[0])
			json_str(&c->j, "fault", v->fault);
		else
			json_null(&c->j, "fault");
		json_arr_begin(&c->j, "vmflags");
		{
			char tmp[sizeof(v->vmflags)], *tok, *save = NULL;

			snprintf(tmp, sizeof(tmp), "%s", v->vmflags);
			for (tok = strtok_r(tmp, " ", &save); tok;
			     tok = strtok_r(NULL, " ", &save))
				json_str(&c->j, NULL, tok);
		}
		json_arr_end(&c->j);
		json_hex(&c->j, "vm_flags_raw", v->vm_flags);
		json_obj_end(&c->j);
	} else {
		mmscope_format_maps(v, line, sizeof(line));
		fputs(line, stdout);
		if (c->o.long_) {
			printf("    kind %s, anon_vma %s, vm_ops %s, fault %s\n",
			       mmscope_vma_kind_name(v->kind),
			       v->anon_vma ? "yes" : "no",
			       v->ops[0] ? v->ops : "-",
			       v->fault[0] ? v->fault : "-");
			printf("    VmFlags: %s\n", v->vmflags);
		}
	}
	c->count++;
	return 0;
}

static int cmd_maps(int argc, char **argv)
{
	struct maps_ctx c;
	struct mmscope *m;
	char what[64];
	uint32_t pid;
	int i, ret;

	i = parse_common("maps", argc, argv, &c.o, help_maps, true);
	if (argc - i != 1)
		die_usage("maps", "%s", argc - i ? "expected exactly one PID" :
			  "missing PID");
	pid = parse_pid("maps", argv[i]);
	snprintf(what, sizeof(what), "maps %s", argv[i]);
	c.count = 0;

	m = open_or_exit();
	if (c.o.json) {
		/* Collect first so that an error never leaves half a document. */
		char *buf = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&buf, &len);

		if (!mem) {
			perror("open_memstream");
			return EXIT_FAILED;
		}
		json_init(&c.j, mem);
		json_obj_begin(&c.j, NULL);
		json_u64(&c.j, "pid", pid);
		json_arr_begin(&c.j, "vmas");
		ret = mmscope_vma_dump(m, pid, maps_one, &c);
		json_arr_end(&c.j);
		json_obj_end(&c.j);
		json_finish(&c.j);
		fclose(mem);
		if (!ret)
			fwrite(buf, 1, len, stdout);
		free(buf);
	} else {
		ret = mmscope_vma_dump(m, pid, maps_one, &c);
	}
	if (ret)
		ret = report(what, &m->err);
	mmscope_close(m);
	fflush(stdout);
	return ret;
}

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
	if (!strcmp(argv[1], "--version")) {
		printf("mmscope tool, protocol %d\n", MMSCOPE_GENL_VERSION);
		return 0;
	}
	for (i = 0; i < ARRAY_LEN(cmds); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "%s: unknown command '%s'\n", prog, argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * mmscope: look inside the address space of a live process.
 *
 * Exit status: 0 success; 1 the kernel module answered with an error (no
 * such process, permission denied, no address space...); 2 the request
 * could not be made (bad usage, module not loaded, module/tool mismatch).
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/param.h>
#include <sys/utsname.h>

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

void die_usage(const char *cmd, const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: %s: ", prog, cmd);
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry '%s %s --help'.\n", prog, cmd);
	exit(EXIT_USAGE);
}

/* Print the error in @err; return the exit status it deserves. */
int report(const char *what, const struct mmscope_error *err)
{
	char buf[1024];

	mmscope_strerror(err, buf, sizeof(buf));
	fprintf(stderr, "%s: %s: %s\n", prog, what, buf);
	return EXIT_FAILED;
}

struct mmscope *open_or_exit(void)
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
uint32_t parse_pid(const char *cmd, const char *s)
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
	bool consistent;	/* --consistent */
	bool ranged;		/* --vma or --range given */
	uint64_t start, end;
};

static uint64_t parse_addr(const char *cmd, const char *s)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 16);
	if (!*s || *end || errno)
		die_usage(cmd, "'%s' is not a hexadecimal address", s);
	return v;
}

/* --vma ADDR: the VMA holding ADDR; --range START-END: [START, END) */
static void parse_range(const char *cmd, const char *arg, bool vma,
			struct common_opts *o)
{
	char buf[64], *dash;

	o->ranged = true;
	if (vma) {
		o->start = parse_addr(cmd, arg);
		o->end = o->start + 1;
		return;
	}
	snprintf(buf, sizeof(buf), "%s", arg);
	dash = strchr(buf, '-');
	if (!dash)
		die_usage(cmd, "'%s' is not a range START-END (hexadecimal)", arg);
	*dash = '\0';
	o->start = parse_addr(cmd, buf);
	o->end = parse_addr(cmd, dash + 1);
}

/* Does @a take its value from the next word? (@a is an option, not "--") */
static bool wants_value(const char *a, const char *shortopts,
			const struct option *longopts)
{
	const struct option *o, *found = NULL;
	size_t len;

	if (a[1] == '-') {
		a += 2;
		if (strchr(a, '='))
			return false;
		len = strlen(a);
		/* an exact name, else the first it abbreviates, as getopt_long */
		for (o = longopts; o->name; o++) {
			if (strncmp(o->name, a, len))
				continue;
			if (!found || strlen(o->name) == len)
				found = o;
		}
		return found && found->has_arg == required_argument;
	}
	for (a++; *a; a++) {
		const char *s = strchr(shortopts, *a);

		if (!s || *a == ':')
			return false;	/* unknown: getopt_long says so */
		if (s[1] == ':')
			return !a[1];
	}
	return false;
}

/*
 * Options and arguments in any order, as getopt_long allows by default,
 * with two rules of our own: a negative number is an argument (a pid for
 * the kernel to judge), never an option, and "--" ends the options.
 * Moves the options (with their values) ahead of the arguments, keeping
 * the order of each, drops the "--" (*argc shrinks by one) and returns
 * where the arguments begin: getopt_long is then run on that many words.
 */
int options_first(int *argc, char **argv, const char *shortopts,
		  const struct option *longopts)
{
	char **args = calloc(*argc, sizeof(*args));
	int i, nopts = 1, nargs = 0, n = *argc;

	if (!args) {
		perror(prog);
		exit(EXIT_FAILED);
	}
	for (i = 1; i < n; i++) {
		char *a = argv[i];

		if (!strcmp(a, "--")) {
			while (++i < n)
				args[nargs++] = argv[i];
			(*argc)--;
			break;
		}
		if (a[0] != '-' || !a[1] || (a[1] >= '0' && a[1] <= '9')) {
			args[nargs++] = a;
			continue;
		}
		argv[nopts++] = a;
		if (wants_value(a, shortopts, longopts) && i + 1 < n)
			argv[nopts++] = argv[++i];
	}
	memcpy(argv + nopts, args, nargs * sizeof(*args));
	argv[nopts + nargs] = NULL;
	free(args);
	return nopts;
}

/* How many times --consistent dumps before it gives up. */
#define CONSISTENT_TRIES	10

/*
 * A VMA or page-table dump, as one answer.  The module marks a dump
 * during which the target's address space was write-locked (its mappings
 * may have changed: the answer may mix two states of them).  Without
 * --consistent, @dump runs once and stderr says so after the output.
 * With it, the output goes to memory and @dump runs again while that
 * happens, at most CONSISTENT_TRIES times; only an answer that saw one
 * state is printed.  @dump starts from scratch each time it runs.
 */
static int dump_answer(struct mmscope *m, const char *what, bool consistent,
		       int (*dump)(struct mmscope *m, void *arg), void *arg)
{
	struct mmscope_info info;
	FILE *out = stdout;
	int tries, ret;

	if (!consistent) {
		ret = dump(m, arg);
		if (!ret && mmscope_dump_torn(m))
			fprintf(stderr,
				"%s: %s: the address space changed while it was dumped: "
				"this answer may mix its states (--consistent retries)\n",
				prog, what);
		return ret;
	}
	ret = mmscope_info_get(m, &info);
	if (ret)
		return ret;
	if (!(info.features & MMSCOPE_FEAT_DUMP_CONSISTENT)) {
		fprintf(stderr,
			"%s: %s: --consistent: this kernel keeps no count of changes to an "
			"address space that mmscope can read (see mmscope status)\n",
			prog, what);
		exit(EXIT_FAILED);
	}
	for (tries = 1;; tries++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&buf, &len);

		if (!mem) {
			perror("open_memstream");
			exit(EXIT_FAILED);
		}
		fflush(out);
		stdout = mem;
		ret = dump(m, arg);
		fflush(mem);
		stdout = out;
		fclose(mem);
		if (!ret && !mmscope_dump_torn(m))
			fwrite(buf, 1, len, stdout);
		free(buf);
		if (ret || !mmscope_dump_torn(m))
			return ret;
		if (tries == CONSISTENT_TRIES)
			break;
	}
	m->err.code = EAGAIN;
	m->err.from_kernel = false;
	snprintf(m->err.msg, sizeof(m->err.msg),
		 "the address space changed during each of %d dumps: no consistent answer",
		 CONSISTENT_TRIES);
	return -EAGAIN;
}

#define OPT_LONG	1
#define OPT_RANGE	2

static int parse_common(const char *cmd, int *argc, char **argv,
			struct common_opts *o, void (*help)(FILE *f),
			int allow)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "long", no_argument, NULL, 'l' },
		{ "vma", required_argument, NULL, 'v' },
		{ "range", required_argument, NULL, 'r' },
		{ "consistent", no_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, n;

	memset(o, 0, sizeof(*o));
	n = options_first(argc, argv, "jlhv:r:", opts);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(n, argv, "+jlhv:r:", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			o->json = true;
			break;
		case 'l':
			if (!(allow & OPT_LONG))
				die_usage(cmd, "unknown option '%s'", argv[optind - 1]);
			o->long_ = true;
			break;
		case 'v':
		case 'r':
			if (!(allow & OPT_RANGE))
				die_usage(cmd, "unknown option '%s'", argv[optind - 1]);
			parse_range(cmd, optarg, c == 'v', o);
			break;
		case 'C':
			/* every command with OPT_RANGE is a VMA dump */
			if (!(allow & OPT_RANGE))
				die_usage(cmd, "unknown option '%s'", argv[optind - 1]);
			o->consistent = true;
			break;
		case 'h':
			help(stdout);
			exit(0);
		default:
			if (optopt == 'v' || optopt == 'r')
				die_usage(cmd, "option '%s' needs an argument",
					  argv[optind - 1]);
			die_usage(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	return n;
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

/* ---- maps ------------------------------------------------------------ */

static void help_maps(FILE *f)
{
	fprintf(f,
		"Usage: %s maps [--long] [--json] [--consistent]\n"
		"          [--vma ADDR | --range START-END] PID\n"
		"\n"
		"The mappings of PID, byte for byte as /proc/PID/maps prints them.\n"
		"  --vma ADDR   only the VMA that holds ADDR (hexadecimal)\n"
		"  --range START-END  only the VMAs that intersect [START, END)\n"
		"  -l, --long   under each line: the VMA kind (private/shared x\n"
		"               file/anon, or special), whether it has an anon_vma,\n"
		"               its vm_operations and page-fault handler, and the\n"
		"               VmFlags mnemonics of /proc/PID/smaps\n"
		"  -j, --json   one JSON document: {\"pid\":..,\"vmas\":[...]}\n"
		"  --consistent        dump again while the address space changes under\n"
		"                      the dump (up to 10 times); print only an answer\n"
		"                      that saw one state of the mappings\n"
		"The dump is read in chunks, each under its own short hold of the\n"
		"target's mmap_lock, as /proc/PID/maps does; when the mappings may\n"
		"have changed between two, stderr says so.\n",
		prog);
}

struct maps_ctx {
	struct common_opts o;
	struct json j;
	unsigned long count;
	uint32_t pid;
	struct mmscope_dump_req req;
};

/*
 * A VMA dump as one JSON document {"pid":..,"vmas":[...]}: @fn writes
 * each VMA into *@j.  Built in memory, printed only when the dump
 * succeeded, so that an error never leaves half a document.
 */
static int vma_dump_json(struct mmscope *m, uint32_t pid,
			 const struct mmscope_dump_req *req, mmscope_vma_fn fn,
			 void *arg, struct json *j)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	int ret;

	if (!mem) {
		perror("open_memstream");
		exit(EXIT_FAILED);
	}
	json_init(j, mem);
	json_obj_begin(j, NULL);
	json_u64(j, "pid", pid);
	json_arr_begin(j, "vmas");
	ret = mmscope_vma_dump_req(m, pid, req, fn, arg);
	json_arr_end(j);
	json_obj_end(j);
	json_finish(j);
	fclose(mem);
	if (!ret)
		fwrite(buf, 1, len, stdout);
	free(buf);
	return ret;
}

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

static int maps_dump(struct mmscope *m, void *arg)
{
	struct maps_ctx *c = arg;

	c->count = 0;
	if (c->o.json)
		return vma_dump_json(m, c->pid, &c->req, maps_one, c, &c->j);
	return mmscope_vma_dump_req(m, c->pid, &c->req, maps_one, c);
}

static int cmd_maps(int argc, char **argv)
{
	struct maps_ctx c = { 0 };
	struct mmscope *m;
	char what[64];
	int i, ret;

	i = parse_common("maps", &argc, argv, &c.o, help_maps, OPT_LONG | OPT_RANGE);
	if (argc - i != 1)
		die_usage("maps", "%s", argc - i ? "expected exactly one PID" :
			  "missing PID");
	c.pid = parse_pid("maps", argv[i]);
	snprintf(what, sizeof(what), "maps %s", argv[i]);
	c.req.start = c.o.start;
	c.req.end = c.o.end;
	if (c.o.long_ || c.o.json)
		c.req.flags |= MMSCOPE_REQ_F_DETAILS;

	m = open_or_exit();
	ret = dump_answer(m, what, c.o.consistent, maps_dump, &c);
	if (ret)
		ret = report(what, &m->err);
	mmscope_close(m);
	fflush(stdout);
	return ret;
}

/* ---- smaps, pmap, rollup -------------------------------------------- */

static void help_smaps(FILE *f)
{
	fprintf(f,
		"Usage: %s smaps [--json] [--consistent] [--vma ADDR | --range START-END]\n"
		"          PID\n"
		"\n"
		"The mappings of PID with their memory figures, byte for byte as the\n"
		"running kernel prints /proc/PID/smaps (Rss, Pss, Pss_Dirty, Shared\n"
		"and Private Clean/Dirty, Referenced, Anonymous, KSM, LazyFree,\n"
		"AnonHugePages, ShmemPmdMapped, FilePmdMapped, Shared/Private_Hugetlb,\n"
		"Swap, SwapPss, Locked, THPeligible, ProtectionKey, VmFlags).  The\n"
		"figures come from mmscope's own page-table walk, which holds the\n"
		"target's mmap_lock only for bounded pieces and lets writers in.\n"
		"  --vma ADDR          only the VMA that holds ADDR (hexadecimal)\n"
		"  --range START-END   only the VMAs that intersect [START, END)\n"
		"  --json              sizes in kB, as smaps prints them\n"
		"  --consistent        dump again while the address space changes under\n"
		"                      the dump (up to 10 times); print only an answer\n"
		"                      that saw one state of the mappings\n",
		prog);
}

static void help_rollup(FILE *f)
{
	fprintf(f,
		"Usage: %s rollup [--json] PID\n"
		"\n"
		"The sums of all mappings of PID, byte for byte as /proc/PID/smaps_rollup\n"
		"(with Pss_Anon, Pss_File and Pss_Shmem), walked in bounded pieces.\n",
		prog);
}

static void help_pmap(FILE *f)
{
	fprintf(f,
		"Usage: %s pmap [--json] [--consistent] [--vma ADDR | --range START-END]\n"
		"          PID\n"
		"\n"
		"A table in the style of pmap -X: one row per mapping (address,\n"
		"permissions, offset, device, inode, then the smaps figures in kB,\n"
		"THPeligible and the mapping's name) and a row of totals.\n"
		"  --vma ADDR          only the VMA that holds ADDR (hexadecimal)\n"
		"  --range START-END   only the VMAs that intersect [START, END)\n"
		"  --json              the same figures as smaps --json\n"
		"  --consistent        dump again while the address space changes under\n"
		"                      the dump (up to 10 times); print only an answer\n"
		"                      that saw one state of the mappings\n",
		prog);
}

enum dump_mode { DUMP_SMAPS, DUMP_PMAP };

struct pmap_row {
	char addr[20], perm[5], offset[20], dev[16], inode[24];
	uint64_t kb[32];
	int thp;
	char *name;
};

struct smaps_ctx {
	enum dump_mode mode;
	struct common_opts o;
	struct mmscope_smaps_layout layout;
	struct json j;
	struct pmap_row *rows;
	size_t nr, cap;
	uint32_t pid;
	struct mmscope_dump_req req;
};

static void smaps_json(struct json *j, const struct mmscope_smaps *s,
		       const struct mmscope_smaps_layout *l, bool rollup)
{
	size_t i;

	for (i = 0; i < mmscope_nr_smaps_fields; i++) {
		const struct mmscope_smaps_field *f = &mmscope_smaps_fields[i];

		if (!mmscope_smaps_shown(l, f, rollup))
			continue;
		if (mmscope_smaps_unavailable(l, f))
			json_null(j, f->key);
		else
			json_u64(j, f->key, mmscope_smaps_kb(s, f));
	}
}

/* A pmap column: a line smaps prints per VMA with a figure mmscope has. */
static bool pmap_column(const struct mmscope_smaps_layout *l,
			const struct mmscope_smaps_field *f)
{
	return mmscope_smaps_shown(l, f, false) && !mmscope_smaps_unavailable(l, f);
}

static int smaps_one(const struct mmscope_vma *v, void *arg)
{
	struct smaps_ctx *c = arg;
	const struct mmscope_smaps *s = &v->smaps;
	size_t i, k;

	if (!v->has_smaps)
		return -EBADMSG;
	if (c->mode == DUMP_SMAPS && !c->o.json) {
		mmscope_print_smaps(stdout, v, &c->layout);
		return 0;
	}
	if (c->o.json) {
		char perms[5];

		snprintf(perms, sizeof(perms), "%c%c%c%c",
			 v->perms & MMSCOPE_VMA_PERM_READ ? 'r' : '-',
			 v->perms & MMSCOPE_VMA_PERM_WRITE ? 'w' : '-',
			 v->perms & MMSCOPE_VMA_PERM_EXEC ? 'x' : '-',
			 v->perms & MMSCOPE_VMA_PERM_SHARED ? 's' : 'p');
		json_obj_begin(&c->j, NULL);
		json_hex(&c->j, "start", v->start);
		json_hex(&c->j, "end", v->end);
		json_str(&c->j, "perms", perms);
		if (v->name_kind == MMSCOPE_VMA_NAME_NONE)
			json_null(&c->j, "name");
		else
			json_str(&c->j, "name", v->name);
		json_u64(&c->j, "size_kb", s->v[MMSCOPE_SMAPS_A_SIZE] >> 10);
		json_u64(&c->j, "kernel_page_size_kb",
			 s->v[MMSCOPE_SMAPS_A_KERNEL_PAGE_SIZE] >> 10);
		json_u64(&c->j, "mmu_page_size_kb",
			 s->v[MMSCOPE_SMAPS_A_MMU_PAGE_SIZE] >> 10);
		smaps_json(&c->j, s, &c->layout, false);
		if (s->have[MMSCOPE_SMAPS_A_THP_ELIGIBLE])
			json_u64(&c->j, "thp_eligible", s->v[MMSCOPE_SMAPS_A_THP_ELIGIBLE]);
		if (s->have[MMSCOPE_SMAPS_A_PKEY])
			json_u64(&c->j, "protection_key", s->v[MMSCOPE_SMAPS_A_PKEY]);
		json_str(&c->j, "vmflags", v->vmflags);
		json_obj_end(&c->j);
		return 0;
	}

	/* pmap: keep the row, print when all widths are known */
	if (c->nr == c->cap) {
		struct pmap_row *n;

		c->cap = c->cap ? 2 * c->cap : 256;
		n = realloc(c->rows, c->cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		c->rows = n;
	}
	{
		struct pmap_row *r = &c->rows[c->nr++];

		memset(r, 0, sizeof(*r));
		snprintf(r->addr, sizeof(r->addr), "%llx", (unsigned long long)v->start);
		snprintf(r->perm, sizeof(r->perm), "%c%c%c%c",
			 v->perms & MMSCOPE_VMA_PERM_READ ? 'r' : '-',
			 v->perms & MMSCOPE_VMA_PERM_WRITE ? 'w' : '-',
			 v->perms & MMSCOPE_VMA_PERM_EXEC ? 'x' : '-',
			 v->perms & MMSCOPE_VMA_PERM_SHARED ? 's' : 'p');
		snprintf(r->offset, sizeof(r->offset), "%08llx", (unsigned long long)v->pgoff);
		snprintf(r->dev, sizeof(r->dev), "%02x:%02x", v->dev_major, v->dev_minor);
		snprintf(r->inode, sizeof(r->inode), "%llu", (unsigned long long)v->ino);
		r->kb[0] = s->v[MMSCOPE_SMAPS_A_SIZE] >> 10;
		for (i = 0, k = 1; i < mmscope_nr_smaps_fields; i++) {
			const struct mmscope_smaps_field *f = &mmscope_smaps_fields[i];

			if (!pmap_column(&c->layout, f))
				continue;
			r->kb[k++] = mmscope_smaps_kb(s, f);
		}
		r->thp = s->have[MMSCOPE_SMAPS_A_THP_ELIGIBLE] ?
			 (int)s->v[MMSCOPE_SMAPS_A_THP_ELIGIBLE] : -1;
		r->name = strdup(v->name_kind == MMSCOPE_VMA_NAME_NONE ? "" : v->name);
	}
	return 0;
}

static int num_width(uint64_t v)
{
	char buf[32];

	return snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
}

static void pmap_print(struct smaps_ctx *c, uint32_t pid)
{
	const char *heads[32];
	int w[32], nk = 1, i, wa = 7, wo = 6, wd = 6, wi = 5;
	uint64_t total[32] = { 0 };
	size_t r, f;

	heads[0] = "Size";
	for (f = 0; f < mmscope_nr_smaps_fields; f++) {
		const struct mmscope_smaps_field *fl = &mmscope_smaps_fields[f];
		static char names[32][24];

		if (!pmap_column(&c->layout, fl))
			continue;
		snprintf(names[nk], sizeof(names[nk]), "%.*s",
			 (int)strcspn(fl->label, ":"), fl->label);
		heads[nk] = names[nk];
		nk++;
	}
	for (i = 0; i < nk; i++)
		w[i] = strlen(heads[i]);
	for (r = 0; r < c->nr; r++) {
		struct pmap_row *row = &c->rows[r];

		wa = MAX(wa, (int)strlen(row->addr));
		wo = MAX(wo, (int)strlen(row->offset));
		wd = MAX(wd, (int)strlen(row->dev));
		wi = MAX(wi, (int)strlen(row->inode));
		for (i = 0; i < nk; i++) {
			total[i] += row->kb[i];
			w[i] = MAX(w[i], num_width(row->kb[i]));
		}
	}
	for (i = 0; i < nk; i++)
		w[i] = MAX(w[i], num_width(total[i]));

	printf("%u:\n", pid);
	printf("%*s Perm %*s %*s %*s", wa, "Address", wo, "Offset", wd, "Device",
	       wi, "Inode");
	for (i = 0; i < nk; i++)
		printf(" %*s", w[i], heads[i]);
	printf(" THPeligible Mapping\n");
	for (r = 0; r < c->nr; r++) {
		struct pmap_row *row = &c->rows[r];

		printf("%*s %s %*s %*s %*s", wa, row->addr, row->perm, wo,
		       row->offset, wd, row->dev, wi, row->inode);
		for (i = 0; i < nk; i++)
			printf(" %*llu", w[i], (unsigned long long)row->kb[i]);
		if (row->thp >= 0)
			printf(" %11d", row->thp);
		else
			printf(" %11s", "?");
		printf(" %s\n", row->name);
	}
	printf("%*s", wa + 5 + wo + wd + wi + 3, "");
	for (i = 0; i < nk; i++) {
		int k;

		putchar(' ');
		for (k = 0; k < w[i]; k++)
			putchar('=');
	}
	printf("\n%*s", wa + 5 + wo + wd + wi + 3, "");
	for (i = 0; i < nk; i++)
		printf(" %*llu", w[i], (unsigned long long)total[i]);
	printf(" KB\n");
}

static void pmap_rows_free(struct smaps_ctx *c)
{
	size_t r;

	for (r = 0; r < c->nr; r++)
		free(c->rows[r].name);
	free(c->rows);
	c->rows = NULL;
	c->nr = 0;
	c->cap = 0;
}

static int smaps_dump(struct mmscope *m, void *arg)
{
	struct smaps_ctx *c = arg;
	int ret;

	pmap_rows_free(c);
	if (c->o.json)
		return vma_dump_json(m, c->pid, &c->req, smaps_one, c, &c->j);
	ret = mmscope_vma_dump_req(m, c->pid, &c->req, smaps_one, c);
	if (!ret && c->mode == DUMP_PMAP)
		pmap_print(c, c->pid);
	return ret;
}

static int smaps_pmap(int argc, char **argv, enum dump_mode mode)
{
	const char *cmd = mode == DUMP_SMAPS ? "smaps" : "pmap";
	struct mmscope_info info;
	struct smaps_ctx c;
	struct mmscope *m;
	char what[64];
	int i, ret;

	memset(&c, 0, sizeof(c));
	c.mode = mode;
	c.req.flags = MMSCOPE_REQ_F_SMAPS;
	i = parse_common(cmd, &argc, argv, &c.o,
			 mode == DUMP_SMAPS ? help_smaps : help_pmap, OPT_RANGE);
	if (argc - i != 1)
		die_usage(cmd, "%s", argc - i ? "expected exactly one PID" :
			  "missing PID");
	c.pid = parse_pid(cmd, argv[i]);
	snprintf(what, sizeof(what), "%s %s", cmd, argv[i]);
	c.req.start = c.o.start;
	c.req.end = c.o.end;

	m = open_or_exit();
	if (mmscope_info_get(m, &info)) {
		ret = report(what, &m->err);
		mmscope_close(m);
		return ret;
	}
	c.layout = info.smaps;
	ret = dump_answer(m, what, c.o.consistent, smaps_dump, &c);
	if (ret)
		ret = report(what, &m->err);
	pmap_rows_free(&c);
	mmscope_close(m);
	fflush(stdout);
	return ret;
}

static int cmd_smaps(int argc, char **argv)
{
	return smaps_pmap(argc, argv, DUMP_SMAPS);
}

static int cmd_pmap(int argc, char **argv)
{
	return smaps_pmap(argc, argv, DUMP_PMAP);
}

static int cmd_rollup(int argc, char **argv)
{
	struct mmscope_info info;
	struct mmscope_smaps s;
	struct common_opts o;
	struct mmscope *m;
	char what[64];
	uint32_t pid;
	int i, ret;

	i = parse_common("rollup", &argc, argv, &o, help_rollup, 0);
	if (argc - i != 1)
		die_usage("rollup", "%s", argc - i ? "expected exactly one PID" :
			  "missing PID");
	pid = parse_pid("rollup", argv[i]);
	snprintf(what, sizeof(what), "rollup %s", argv[i]);

	m = open_or_exit();
	ret = mmscope_info_get(m, &info);
	if (!ret)
		ret = mmscope_rollup_get(m, pid, &s);
	if (ret) {
		ret = report(what, &m->err);
		mmscope_close(m);
		return ret;
	}
	mmscope_close(m);
	if (o.json) {
		struct json j;

		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_u64(&j, "pid", pid);
		json_hex(&j, "start", s.v[MMSCOPE_SMAPS_A_RANGE_START]);
		json_hex(&j, "end", s.v[MMSCOPE_SMAPS_A_RANGE_END]);
		smaps_json(&j, &s, &info.smaps, true);
		json_obj_end(&j);
		json_finish(&j);
	} else {
		mmscope_print_rollup(stdout, &s, &info.smaps);
	}
	return 0;
}

/* ---- page tables: pt, vtop, ptstat ---------------------------------- */

static void help_pt(FILE *f)
{
	fprintf(f,
		"Usage: %s pt [--vma ADDR | --range START-END] [--level LEVEL] [--all]\n"
		"          [--page] [--compact] [--json] [--consistent] PID\n"
		"\n"
		"The live page-table entries of PID, read under the kernel's own locks.\n"
		"By default the entries that map memory (leaves, at any level).\n"
		"  --vma ADDR          only the VMA that holds ADDR (hexadecimal)\n"
		"  --range START-END   only [START, END)\n"
		"  --level LEVEL       only entries of pgd, p4d, pud, pmd or pte level,\n"
		"                      tables included\n"
		"  --all               also entries that map nothing now: swap,\n"
		"                      migration, device, marker, and empty entries\n"
		"  --page              the struct page behind each entry: flags,\n"
		"                      folio order, mapcount, refcount, COW sharing\n"
		"  --compact           one line per run of entries of one level with\n"
		"                      the same kind and flags, as ptdump prints\n"
		"  --consistent        dump again while the address space changes under\n"
		"                      the dump (up to 10 times); print only an answer\n"
		"                      that saw one state of the mappings\n"
		"Flags: present rw user pwt pcd accessed dirty huge global nx soft-dirty\n"
		"uffd-wp protnone special devmap inverted exclusive, and pkey=N.\n"
		"Page flags: anon ksm lru active referenced dirty writeback swapbacked\n"
		"swapcache mlocked unevictable head tail zero huge-zero anon-exclusive\n"
		"hugetlb reserved.\n",
		prog);
}

static void help_vtop(FILE *f)
{
	fprintf(f,
		"Usage: %s vtop [--json] PID ADDR\n"
		"\n"
		"Translate the virtual address ADDR (hexadecimal) of PID through every\n"
		"page-table level, as crash's vtop does: each table's physical address,\n"
		"the index used, the raw entry and its flags; then the physical\n"
		"address, the page behind it and the VMA.\n",
		prog);
}

static void help_ptstat(FILE *f)
{
	fprintf(f,
		"Usage: %s ptstat [--json] PID\n"
		"\n"
		"The page tables of PID per level: tables, entries in use out of 512\n"
		"per table (occupancy, with a histogram), leaves, bytes.  The bytes of\n"
		"the PUD, PMD and PTE levels add up to VmPTE of /proc/PID/status.\n",
		prog);
}

/*
 * pt prints one record per page-table entry, hundreds of thousands of
 * them: its text and JSON are built in a buffer with hand-rolled number
 * formatting, and the flag names are rendered once per distinct value.
 */
struct obuf {
	char buf[1 << 16];
	size_t len;
	FILE *f;
};

static void ob_flush(struct obuf *o)
{
	fwrite(o->buf, 1, o->len, o->f);
	o->len = 0;
}

static char *ob_room(struct obuf *o, size_t n)
{
	if (o->len + n > sizeof(o->buf))
		ob_flush(o);
	return o->buf + o->len;
}

static void ob_str(struct obuf *o, const char *s)
{
	size_t n = strlen(s);

	memcpy(ob_room(o, n), s, n);
	o->len += n;
}

static void ob_hex(struct obuf *o, uint64_t v, int width)
{
	char *p = ob_room(o, 20 + width);

	o->len = mmscope_fmt_hex(p, v, width) - o->buf;
}

static void ob_dec(struct obuf *o, uint64_t v)
{
	char *p = ob_room(o, 24);

	o->len = mmscope_fmt_dec(p, v, 0) - o->buf;
}

/* Flag names of one value, rendered once and kept for the next. */
struct flag_cache {
	uint32_t flags;
	bool valid;
	char text[256];		/* "present rw user" */
	char json[512];		/* ["present","rw","user"] */
};

static const struct flag_cache *flags_cached(struct flag_cache *c, uint32_t flags,
					     const char *(*name)(int))
{
	size_t t = 0, j = 0;
	int bit;

	if (c->valid && c->flags == flags)
		return c;
	c->flags = flags;
	c->valid = true;
	c->json[j++] = '[';
	for (bit = 0; bit < 32; bit++) {
		if (!(flags & (1u << bit)) || !name(bit))
			continue;
		t += snprintf(c->text + t, sizeof(c->text) - t, "%s%s", t ? " " : "", name(bit));
		j += snprintf(c->json + j, sizeof(c->json) - j, "%s\"%s\"", j > 1 ? "," : "",
			      name(bit));
	}
	c->text[t] = '\0';
	snprintf(c->json + j, sizeof(c->json) - j, "]");
	return c;
}

static struct flag_cache pte_fc[4], page_fc[4];

static const struct flag_cache *pte_flags_c(uint32_t f)
{
	struct flag_cache *c = &pte_fc[f % 4];

	return flags_cached(c, f, mmscope_pte_flag_name);
}

static const struct flag_cache *page_flags_c(uint32_t f)
{
	struct flag_cache *c = &page_fc[f % 4];

	return flags_cached(c, f, mmscope_page_flag_name);
}

/* A JSON string, escaped. */
static void ob_json_str(struct obuf *o, const char *s)
{
	ob_str(o, "\"");
	for (; *s; s++) {
		char esc[8];

		if (*s == '"' || *s == '\\') {
			esc[0] = '\\';
			esc[1] = *s;
			esc[2] = '\0';
		} else if ((unsigned char)*s < 0x20) {
			snprintf(esc, sizeof(esc), "\\u%04x", (unsigned char)*s);
		} else {
			esc[0] = *s;
			esc[1] = '\0';
		}
		ob_str(o, esc);
	}
	ob_str(o, "\"");
}

static void ob_json_hex(struct obuf *o, const char *key, uint64_t v)
{
	ob_str(o, key);
	ob_str(o, "\"0x");
	ob_hex(o, v, 0);
	ob_str(o, "\"");
}

static void ob_json_dec(struct obuf *o, const char *key, uint64_t v)
{
	ob_str(o, key);
	ob_dec(o, v);
}

/* One record as a JSON object (same keys as pt_rec_json()). */
static void pt_rec_json_fast(struct obuf *o, const struct mmscope_pt_rec *r)
{
	ob_json_hex(o, "{\"start\":", r->start);
	ob_json_hex(o, ",\"end\":", r->end);
	ob_str(o, ",\"level\":\"");
	ob_str(o, mmscope_level_name(r->level));
	ob_str(o, "\",\"kind\":\"");
	ob_str(o, mmscope_pte_kind_name(r->kind));
	ob_json_hex(o, "\",\"entry\":", r->entry);
	ob_str(o, ",\"flags\":");
	ob_str(o, pte_flags_c(r->flags)->json);
	ob_json_dec(o, ",\"count\":", r->count);
	if (r->has_pfn)
		ob_json_hex(o, ",\"pfn\":", r->pfn);
	if (r->has_pkey)
		ob_json_dec(o, ",\"pkey\":", r->pkey);
	if (r->has_swap) {
		ob_json_dec(o, ",\"swap_type\":", r->swap_type);
		ob_json_hex(o, ",\"swap_offset\":", r->swap_offset);
	}
	if (r->has_table) {
		ob_json_hex(o, ",\"table_phys\":", r->table_phys);
		ob_json_dec(o, ",\"index\":", r->index);
	}
	if (r->has_phys)
		ob_json_hex(o, ",\"phys\":", r->phys);
	if (r->has_page) {
		ob_str(o, ",\"page\":{\"flags\":");
		ob_str(o, page_flags_c(r->page.flags)->json);
		ob_json_dec(o, ",\"order\":", r->page.order);
		ob_json_dec(o, ",\"mapcount\":", r->page.mapcount);
		ob_json_dec(o, ",\"refcount\":", r->page.refcount);
		ob_str(o, r->page.shared ? ",\"cow_shared\":true}" : ",\"cow_shared\":false}");
	}
	ob_str(o, "}");
}

/* "present rw user ... pkey=0" */
static void pt_rec_flags(const struct mmscope_pt_rec *r, char *buf, size_t size)
{
	size_t n;

	mmscope_pte_flags_str(r->flags, buf, size);
	n = strlen(buf);
	if (r->has_pkey && r->pkey && n < size)
		snprintf(buf + n, size - n, " pkey=%u", r->pkey);
}

static void ob_pad(struct obuf *o, const char *s, size_t width)
{
	size_t n = strlen(s);

	ob_str(o, s);
	while (n++ < width)
		ob_str(o, " ");
}

static void pt_rec_text(struct obuf *o, const struct mmscope_pt_rec *r)
{
	ob_hex(o, r->start, 16);
	ob_str(o, "-");
	ob_hex(o, r->end, 16);
	ob_str(o, " ");
	ob_pad(o, mmscope_level_name(r->level), 3);
	ob_str(o, " ");
	ob_pad(o, mmscope_pte_kind_name(r->kind), 9);
	ob_str(o, " ");
	ob_hex(o, r->entry, 16);
	if (r->has_pfn) {
		ob_str(o, " pfn 0x");
		ob_hex(o, r->pfn, 0);
	}
	if (r->has_swap) {
		ob_str(o, " swap ");
		ob_dec(o, r->swap_type);
		ob_str(o, ":0x");
		ob_hex(o, r->swap_offset, 0);
	}
	ob_str(o, " ");
	ob_str(o, pte_flags_c(r->flags)->text);
	if (r->has_pkey && r->pkey) {
		ob_str(o, " pkey=");
		ob_dec(o, r->pkey);
	}
	if (r->has_page) {
		ob_str(o, " | page ");
		ob_str(o, page_flags_c(r->page.flags)->text);
		ob_str(o, " order ");
		ob_dec(o, r->page.order);
		ob_str(o, " mapcount ");
		ob_dec(o, r->page.mapcount);
		ob_str(o, " refcount ");
		ob_dec(o, r->page.refcount);
		if (r->page.shared)
			ob_str(o, " cow-shared");
	}
	ob_str(o, "\n");
}

static void human_size(uint64_t bytes, char *buf, size_t size)
{
	static const char units[] = "KMGTPE";
	int u = -1;

	while (bytes >= 1024 && !(bytes % 1024) && u < 5) {
		bytes /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(buf, size, "%lluB", (unsigned long long)bytes);
	else
		snprintf(buf, size, "%llu%c", (unsigned long long)bytes, units[u]);
}

struct pt_ctx {
	struct common_opts o;
	bool compact;
	unsigned long n;
	struct obuf out;
	uint32_t pid;
	struct mmscope_pt_req req;
};

static int pt_one(const struct mmscope_pt_rec *r, void *arg)
{
	struct pt_ctx *c = arg;

	if (c->o.json) {
		if (c->n)
			ob_str(&c->out, ",");
		pt_rec_json_fast(&c->out, r);
	} else if (c->compact) {
		char size[32], flags[256];

		human_size(r->end - r->start, size, sizeof(size));
		pt_rec_flags(r, flags, sizeof(flags));
		printf("0x%016llx-0x%016llx %8s %-3s %-9s %s\n",
		       (unsigned long long)r->start, (unsigned long long)r->end,
		       size, mmscope_level_name(r->level),
		       mmscope_pte_kind_name(r->kind), flags);
	} else {
		pt_rec_text(&c->out, r);
	}
	c->n++;
	return 0;
}

/*
 * Streamed: a dump of every page is large.  On an error mid-way the JSON
 * document is left unfinished and the exit status says so.
 */
static int pt_dump(struct mmscope *m, void *arg)
{
	struct pt_ctx *c = arg;
	int ret;

	c->n = 0;
	c->out.len = 0;
	c->out.f = stdout;
	if (c->o.json) {
		ob_str(&c->out, "{\"pid\":");
		ob_dec(&c->out, c->pid);
		ob_str(&c->out, ",\"entries\":[");
	}
	ret = mmscope_pt_dump(m, c->pid, &c->req, pt_one, c);
	if (c->o.json && !ret)
		ob_str(&c->out, "]}\n");
	ob_flush(&c->out);
	return ret;
}

static int cmd_pt(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "vma", required_argument, NULL, 'v' },
		{ "range", required_argument, NULL, 'r' },
		{ "level", required_argument, NULL, 'L' },
		{ "all", no_argument, NULL, 'a' },
		{ "page", no_argument, NULL, 'p' },
		{ "compact", no_argument, NULL, 'c' },
		{ "consistent", no_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct pt_ctx c;
	struct mmscope *m;
	char what[64];
	int opt, ret, n;

	memset(&c, 0, sizeof(c));
	c.req.level = MMSCOPE_LEVEL_LEAVES;
	n = options_first(&argc, argv, "jv:r:L:apcCh", opts);
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(n, argv, "+jv:r:L:apcCh", opts, NULL)) != -1) {
		switch (opt) {
		case 'j': c.o.json = true; break;
		case 'v':
			c.req.has_addr = true;
			c.req.addr = parse_addr("pt", optarg);
			break;
		case 'r':
			parse_range("pt", optarg, false, &c.o);
			c.req.start = c.o.start;
			c.req.end = c.o.end;
			break;
		case 'L':
			c.req.level = mmscope_level_parse(optarg);
			if (c.req.level < 0)
				die_usage("pt", "'%s' is not a level (pgd, p4d, pud, pmd, pte)",
					  optarg);
			break;
		case 'a': c.req.flags |= MMSCOPE_REQ_F_NONPRESENT; break;
		case 'p': c.req.flags |= MMSCOPE_REQ_F_PAGE; break;
		case 'c':
			c.req.flags |= MMSCOPE_REQ_F_COMPACT;
			c.compact = true;
			break;
		case 'C': c.o.consistent = true; break;
		case 'h': help_pt(stdout); exit(0);
		default:
			die_usage("pt", "unknown option or missing argument '%s'",
				  argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		die_usage("pt", "%s", argc - optind ? "expected exactly one PID" :
			  "missing PID");
	if (c.req.has_addr && c.o.ranged)
		die_usage("pt", "%s", "--vma and --range exclude each other");
	c.pid = parse_pid("pt", argv[optind]);
	snprintf(what, sizeof(what), "pt %s", argv[optind]);

	m = open_or_exit();
	ret = dump_answer(m, what, c.o.consistent, pt_dump, &c);
	if (ret)
		ret = report(what, &m->err);
	mmscope_close(m);
	fflush(stdout);
	return ret;
}

static int cmd_vtop(int argc, char **argv)
{
	struct mmscope_vtop v;
	struct common_opts o;
	struct mmscope *m;
	char what[96], flags[256], pflags[256];
	uint64_t addr;
	uint32_t pid;
	int i, ret;

	i = parse_common("vtop", &argc, argv, &o, help_vtop, 0);
	if (argc - i != 2)
		die_usage("vtop", "%s", "expected PID and ADDR");
	pid = parse_pid("vtop", argv[i]);
	addr = parse_addr("vtop", argv[i + 1]);
	snprintf(what, sizeof(what), "vtop %s %s", argv[i], argv[i + 1]);

	m = open_or_exit();
	ret = mmscope_vtop(m, pid, addr, &v);
	if (ret) {
		ret = report(what, &m->err);
		mmscope_close(m);
		return ret;
	}
	mmscope_close(m);
	if (o.json) {
		static struct obuf ob;
		char line[8192];

		ob.f = stdout;
		ob_json_dec(&ob, "{\"pid\":", pid);
		ob_json_hex(&ob, ",\"virtual\":", addr);
		for (i = 0; i < v.n; i++)
			if (v.rec[i].has_phys)
				ob_json_hex(&ob, ",\"physical\":", v.rec[i].phys);
		ob_str(&ob, ",\"levels\":[");
		for (i = 0; i < v.n; i++) {
			if (i)
				ob_str(&ob, ",");
			pt_rec_json_fast(&ob, &v.rec[i]);
		}
		mmscope_format_maps(&v.vma, line, sizeof(line));
		line[strcspn(line, "\n")] = '\0';
		ob_str(&ob, "],\"vma\":");
		ob_json_str(&ob, line);
		ob_str(&ob, "}\n");
		ob_flush(&ob);
		return 0;
	}
	{
		const struct mmscope_pt_rec *leaf = NULL;
		char line[8192];

		for (i = 0; i < v.n; i++)
			if (v.rec[i].has_phys)
				leaf = &v.rec[i];
		printf("VIRTUAL           PHYSICAL\n");
		if (leaf)
			printf("%-16llx  %llx\n\n", (unsigned long long)addr,
			       (unsigned long long)leaf->phys);
		else
			printf("%-16llx  (not mapped)\n\n", (unsigned long long)addr);
		for (i = 0; i < v.n; i++) {
			const struct mmscope_pt_rec *r = &v.rec[i];
			char lvl[8];
			int k;

			snprintf(lvl, sizeof(lvl), "%s", mmscope_level_name(r->level));
			for (k = 0; lvl[k]; k++)
				lvl[k] = toupper((unsigned char)lvl[k]);
			pt_rec_flags(r, flags, sizeof(flags));
			if (r->has_table)
				printf("  %s: %12llx [%3u] => %016llx  %-9s %s\n", lvl,
				       (unsigned long long)r->table_phys, r->index,
				       (unsigned long long)r->entry,
				       mmscope_pte_kind_name(r->kind), flags);
			else
				printf("  %s: %12s %5s    %16s  %-9s\n", lvl, "-", "",
				       "", mmscope_pte_kind_name(r->kind));
			if (r->has_swap)
				printf("       swap type %u offset %#llx\n", r->swap_type,
				       (unsigned long long)r->swap_offset);
		}
		if (leaf && leaf->has_page) {
			mmscope_page_flags_str(leaf->page.flags, pflags, sizeof(pflags));
			printf("\n  PAGE: pfn %#llx  %s\n        order %u mapcount %u refcount %u%s\n",
			       (unsigned long long)leaf->pfn, pflags, leaf->page.order,
			       leaf->page.mapcount, leaf->page.refcount,
			       leaf->page.shared ? " cow-shared" : "");
		}
		mmscope_format_maps(&v.vma, line, sizeof(line));
		printf("\n  VMA: %s", line);
	}
	return 0;
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
	if (ret) {
		ret = report(what, &m->err);
		mmscope_close(m);
		return ret;
	}
	mmscope_close(m);
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

// SPDX-License-Identifier: GPL-2.0
/*
 * mmscope snapshot: an address space saved as one JSON document (schema
 * "mmscope_snapshot": 1, see help_snapshot): the task's figures, every VMA
 * with its identity and smaps figures, and with --pages each VMA's pages
 * as runs; and reading one back, for diff (diff.c).
 */

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/libmmscope.h"
#include "lib/json.h"
#include "cmd.h"
#include "snapshot.h"

static void help_snapshot(FILE *f)
{
	fprintf(f,
		"Usage: %s snapshot [--pages] [-o FILE] PID\n"
		"\n"
		"Save the address space of PID as one JSON document (stdout, or FILE):\n"
		"{\"mmscope_snapshot\": 1, \"pid\", \"comm\", \"time_ns\" (CLOCK_REALTIME),\n"
		"\"page_size\", \"pages\" (true with --pages), \"task\": {rss_anon_kb,\n"
		"rss_file_kb, rss_shmem_kb, swap_kb, pgtables_bytes, map_count},\n"
		"\"vmas\": [{start, end (\"0x...\"), perms, pgoff, vm_pgoff, dev, ino, name,\n"
		"kind, thp_eligible (null when unknown), smaps: {rss_kb, pss_kb, ... as\n"
		"smaps --json}, and with --pages \"pages\": [[first, count, state, pfn,\n"
		"flags, swap_type], ...]}]}: runs of pages from the VMA's first page, state\n"
		"\"p\" (present; pfn is the first page frame) or \"s\" (swapped; pfn is the\n"
		"swap offset), flags 1 dirty, 2 anonymous, 4 exclusive, 8 THP, 16 shared\n"
		"with another process (copy on write).  Pages not there are left out.\n"
		"'%s diff' compares two snapshots, or one with now.\n"
		"  --pages             also every page's state\n"
		"  -o, --output FILE   write to FILE instead of stdout\n",
		prog, prog);
}

/* ---- taking a snapshot ------------------------------------------------ */

struct taking {
	struct snap *s;
	size_t cur;
	int err;
};

static int take_vma(const struct mmscope_vma *v, void *arg)
{
	struct snap *s = ((struct taking *)arg)->s;
	struct svma *o;
	size_t i;

	if (grow_array(&s->v, &s->cap, s->n + 1, sizeof(*s->v), 64))
		return -ENOMEM;
	o = &s->v[s->n++];
	memset(o, 0, sizeof(*o));
	o->start = v->start;
	o->end = v->end;
	o->pgoff = v->pgoff;
	o->vm_pgoff = v->vm_pgoff;
	o->ino = v->ino;
	o->dev_major = v->dev_major;
	o->dev_minor = v->dev_minor;
	o->perms = v->perms;
	o->kind = v->kind;
	o->name_kind = v->name_kind;
	o->name = strdup(v->name);
	if (!o->name)
		return -ENOMEM;
	o->thp_eligible = v->has_smaps && v->smaps.have[MMSCOPE_SMAPS_A_THP_ELIGIBLE] ?
			  (int64_t)v->smaps.v[MMSCOPE_SMAPS_A_THP_ELIGIBLE] : -1;
	for (i = 0; v->has_smaps && i < mmscope_nr_smaps_fields && i < 64; i++) {
		const struct mmscope_smaps_field *f = &mmscope_smaps_fields[i];

		if (f->rollup_only || !v->smaps.have[f->attr])
			continue;
		o->have[i] = true;
		o->kb[i] = mmscope_smaps_kb(&v->smaps, f);
	}
	return 0;
}

static int take_entry(const struct mmscope_pt_rec *e, void *arg)
{
	struct taking *t = arg;
	struct snap *s = t->s;
	struct svma *v;
	struct run r = { 0 }, *last;
	uint64_t end;

	if (e->kind == MMSCOPE_PTE_PRESENT && e->has_pfn)
		r.state = 'p';
	else if (e->kind == MMSCOPE_PTE_SWAP && e->has_swap)
		r.state = 's';
	else
		return 0;
	while (t->cur < s->n && s->v[t->cur].end <= e->start)
		t->cur++;
	if (t->cur == s->n || s->v[t->cur].start > e->start)
		return 0;
	v = &s->v[t->cur];
	end = e->end < v->end ? e->end : v->end;
	r.first = (e->start - v->start) / s->page_size;
	r.count = (end - e->start) / s->page_size;
	if (r.state == 'p') {
		uint32_t pf = e->page.flags;

		r.pfn = e->pfn;
		if (e->flags & MMSCOPE_PTE_F_DIRTY)
			r.flags |= PG_DIRTY;
		if (pf & MMSCOPE_PAGE_F_ANON)
			r.flags |= PG_ANON;
		if (pf & MMSCOPE_PAGE_F_ANON_EXCLUSIVE)
			r.flags |= PG_EXCL;
		if (e->level != MMSCOPE_LEVEL_PTE || (pf & (MMSCOPE_PAGE_F_HEAD | MMSCOPE_PAGE_F_TAIL)))
			r.flags |= PG_THP;
		if ((pf & MMSCOPE_PAGE_F_ANON) && e->page.shared)
			r.flags |= PG_COW;
	} else {
		r.pfn = e->swap_offset;
		r.swap_type = e->swap_type;
	}
	last = v->nruns ? &v->runs[v->nruns - 1] : NULL;
	if (last && last->state == r.state && last->flags == r.flags &&
	    last->swap_type == r.swap_type && last->first + last->count == r.first &&
	    last->pfn + last->count == r.pfn) {
		last->count += r.count;
		return 0;
	}
	if (grow_array(&v->runs, &v->capruns, v->nruns + 1, sizeof(*v->runs), 16))
		return -ENOMEM;
	v->runs[v->nruns++] = r;
	return 0;
}

void snap_free(struct snap *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->v[i].runs);
		free(s->v[i].name);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* Take a snapshot of @pid; 0, or the exit status (the error printed). */
int snap_take(struct mmscope *m, uint32_t pid, bool pages, struct snap *s)
{
	struct mmscope_dump_req vreq = {
		.flags = MMSCOPE_REQ_F_SMAPS | MMSCOPE_REQ_F_DETAILS,
	};
	struct mmscope_pt_req preq = {
		.flags = MMSCOPE_REQ_F_NONPRESENT | MMSCOPE_REQ_F_PAGE,
		.level = MMSCOPE_LEVEL_LEAVES,
	};
	struct taking t = { .s = s };
	struct mmscope_info info;
	struct mmscope_task task;
	struct timespec ts;
	char what[64];
	int ret;

	memset(s, 0, sizeof(*s));
	memset(&task, 0, sizeof(task));
	snprintf(what, sizeof(what), "snapshot %u", pid);
	s->pid = pid;
	s->pages = pages;
	clock_gettime(CLOCK_REALTIME, &ts);
	s->time_ns = ts.tv_sec * 1000000000ULL + ts.tv_nsec;
	ret = mmscope_info_get(m, &info);
	if (!ret)
		ret = mmscope_task_get(m, pid, &task);
	if (!ret && !task.has_mm) {
		fprintf(stderr, "%s: %s: the task has no address space\n", prog, what);
		free(task.tids);
		return EXIT_FAILED;
	}
	s->page_size = info.page_size;
	if (!ret) {
		snprintf(s->comm, sizeof(s->comm), "%s", task.comm);
		s->rss_anon = task.mm.v[MMSCOPE_MM_A_RSS_ANON] * s->page_size >> 10;
		s->rss_file = task.mm.v[MMSCOPE_MM_A_RSS_FILE] * s->page_size >> 10;
		s->rss_shmem = task.mm.v[MMSCOPE_MM_A_RSS_SHMEM] * s->page_size >> 10;
		s->swap = task.mm.v[MMSCOPE_MM_A_SWAP_ENTS] * s->page_size >> 10;
		s->pgtables = task.mm.v[MMSCOPE_MM_A_PGTABLES_BYTES];
		s->map_count = task.mm.v[MMSCOPE_MM_A_MAP_COUNT];
		ret = mmscope_vma_dump_req(m, pid, &vreq, take_vma, &t);
	}
	free(task.tids);
	if (!ret && pages)
		ret = mmscope_pt_dump(m, pid, &preq, take_entry, &t);
	if (ret) {
		snap_free(s);
		return report(what, &m->err);
	}
	return 0;
}

void snap_perms(uint32_t p, char out[5])
{
	out[0] = p & MMSCOPE_VMA_PERM_READ ? 'r' : '-';
	out[1] = p & MMSCOPE_VMA_PERM_WRITE ? 'w' : '-';
	out[2] = p & MMSCOPE_VMA_PERM_EXEC ? 'x' : '-';
	out[3] = p & MMSCOPE_VMA_PERM_SHARED ? 's' : 'p';
	out[4] = '\0';
}

static void write_snap(FILE *f, const struct snap *s)
{
	struct json j;
	size_t i, k;

	json_init(&j, f);
	json_obj_begin(&j, NULL);
	json_u64(&j, "mmscope_snapshot", SNAP_VERSION);
	json_u64(&j, "pid", s->pid);
	json_str(&j, "comm", s->comm);
	json_u64(&j, "time_ns", s->time_ns);
	json_u64(&j, "page_size", s->page_size);
	json_bool(&j, "pages", s->pages);
	json_obj_begin(&j, "task");
	json_u64(&j, "rss_anon_kb", s->rss_anon);
	json_u64(&j, "rss_file_kb", s->rss_file);
	json_u64(&j, "rss_shmem_kb", s->rss_shmem);
	json_u64(&j, "swap_kb", s->swap);
	json_u64(&j, "pgtables_bytes", s->pgtables);
	json_u64(&j, "map_count", s->map_count);
	json_obj_end(&j);
	json_arr_begin(&j, "vmas");
	for (i = 0; i < s->n; i++) {
		const struct svma *v = &s->v[i];
		char perms[5], dev[32];

		snap_perms(v->perms, perms);
		snprintf(dev, sizeof(dev), "%02x:%02x", v->dev_major, v->dev_minor);
		json_obj_begin(&j, NULL);
		json_hex(&j, "start", v->start);
		json_hex(&j, "end", v->end);
		json_str(&j, "perms", perms);
		json_u64(&j, "pgoff", v->pgoff);
		json_u64(&j, "vm_pgoff", v->vm_pgoff);
		json_str(&j, "dev", dev);
		json_u64(&j, "ino", v->ino);
		json_str(&j, "name", v->name ? v->name : "");
		json_str(&j, "kind", mmscope_vma_kind_name(v->kind));
		json_u64(&j, "name_kind", v->name_kind);
		if (v->thp_eligible < 0)
			json_null(&j, "thp_eligible");
		else
			json_u64(&j, "thp_eligible", v->thp_eligible);
		json_obj_begin(&j, "smaps");
		for (k = 0; k < mmscope_nr_smaps_fields && k < 64; k++)
			if (v->have[k])
				json_u64(&j, mmscope_smaps_fields[k].key, v->kb[k]);
		json_obj_end(&j);
		if (s->pages) {
			json_arr_begin(&j, "pages");
			for (k = 0; k < v->nruns; k++) {
				const struct run *r = &v->runs[k];
				char st[2] = { r->state, '\0' };

				json_arr_begin(&j, NULL);
				json_u64(&j, NULL, r->first);
				json_u64(&j, NULL, r->count);
				json_str(&j, NULL, st);
				json_u64(&j, NULL, r->pfn);
				json_u64(&j, NULL, r->flags);
				json_u64(&j, NULL, r->swap_type);
				json_arr_end(&j);
			}
			json_arr_end(&j);
		}
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	json_finish(&j);
}

/* ---- reading one -------------------------------------------------------- */

/* A whole file, NUL-terminated, to free; NULL with errno. */
static char *read_whole(const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	size_t len = 0, cap = 0;
	char *buf = NULL;

	if (!f)
		return NULL;
	for (;;) {
		size_t got;

		if (grow_array(&buf, &cap, len + 65537, 1, 65537)) {
			free(buf);
			buf = NULL;
			errno = ENOMEM;
			break;
		}
		got = fread(buf + len, 1, cap - len - 1, f);
		len += got;
		if (!got)
			break;
	}
	if (buf)
		buf[len] = '\0';
	if (f != stdin)
		fclose(f);
	return buf;
}

int snap_load(const char *path, struct snap *s)
{
	const struct jv *vmas, *task;
	char *text = read_whole(path), err[160];
	struct jv doc;
	size_t i, k;

	memset(s, 0, sizeof(*s));
	if (!text) {
		fprintf(stderr, "%s: diff: %s: %s\n", prog, path, strerror(errno));
		return EXIT_USAGE;
	}
	if (json_parse(text, &doc, err, sizeof(err))) {
		fprintf(stderr, "%s: diff: %s: not JSON: %s\n", prog, path, err);
		free(text);
		return EXIT_USAGE;
	}
	free(text);
	if (json_get_u64(&doc, "mmscope_snapshot") != SNAP_VERSION) {
		fprintf(stderr, "%s: diff: %s: not a snapshot of version %d\n", prog, path,
			SNAP_VERSION);
		json_free_value(&doc);
		return EXIT_USAGE;
	}
	s->pid = json_get_u64(&doc, "pid");
	snprintf(s->comm, sizeof(s->comm), "%s", json_get_str(&doc, "comm"));
	s->time_ns = json_get_u64(&doc, "time_ns");
	s->page_size = json_get_u64(&doc, "page_size");
	s->pages = json_get(&doc, "pages") && json_get(&doc, "pages")->b;
	task = json_get(&doc, "task");
	s->rss_anon = json_get_u64(task, "rss_anon_kb");
	s->rss_file = json_get_u64(task, "rss_file_kb");
	s->rss_shmem = json_get_u64(task, "rss_shmem_kb");
	s->swap = json_get_u64(task, "swap_kb");
	s->pgtables = json_get_u64(task, "pgtables_bytes");
	s->map_count = json_get_u64(task, "map_count");
	vmas = json_get(&doc, "vmas");
	if (!s->page_size || !vmas || vmas->type != JV_ARR) {
		fprintf(stderr, "%s: diff: %s: no page_size or vmas\n", prog, path);
		json_free_value(&doc);
		return EXIT_USAGE;
	}
	s->v = calloc(vmas->n ? vmas->n : 1, sizeof(*s->v));
	if (!s->v) {
		json_free_value(&doc);
		return EXIT_FAILED;
	}
	for (i = 0; i < vmas->n; i++) {
		const struct jv *jv = &vmas->items[i], *sm = json_get(jv, "smaps");
		const struct jv *pg = json_get(jv, "pages"), *te = json_get(jv, "thp_eligible");
		struct svma *v = &s->v[s->n++];
		const char *perms = json_get_str(jv, "perms");
		unsigned int maj = 0, min = 0;

		v->start = json_get_u64(jv, "start");
		v->end = json_get_u64(jv, "end");
		v->pgoff = json_get_u64(jv, "pgoff");
		v->vm_pgoff = json_get_u64(jv, "vm_pgoff");
		v->ino = json_get_u64(jv, "ino");
		sscanf(json_get_str(jv, "dev"), "%x:%x", &maj, &min);
		v->dev_major = maj;
		v->dev_minor = min;
		v->perms = (perms[0] == 'r' ? MMSCOPE_VMA_PERM_READ : 0) |
			   (perms[0] && perms[1] == 'w' ? MMSCOPE_VMA_PERM_WRITE : 0) |
			   (perms[0] && perms[1] && perms[2] == 'x' ? MMSCOPE_VMA_PERM_EXEC : 0) |
			   (strlen(perms) > 3 && perms[3] == 's' ? MMSCOPE_VMA_PERM_SHARED : 0);
		for (k = 0; k <= MMSCOPE_VMA_KIND_SPECIAL; k++)
			if (!strcmp(json_get_str(jv, "kind"), mmscope_vma_kind_name(k)))
				v->kind = k;
		v->name_kind = json_get_u64(jv, "name_kind");
		v->name = strdup(json_get_str(jv, "name"));
		v->thp_eligible = te && te->type == JV_NUM ? (int64_t)te->u64 : -1;
		for (k = 0; sm && k < mmscope_nr_smaps_fields && k < 64; k++) {
			const struct jv *f = json_get(sm, mmscope_smaps_fields[k].key);

			if (f && f->type == JV_NUM) {
				v->have[k] = true;
				v->kb[k] = f->u64;
			}
		}
		for (k = 0; pg && pg->type == JV_ARR && k < pg->n; k++) {
			const struct jv *r = &pg->items[k];
			struct run run = { 0 };

			if (r->type != JV_ARR || r->n < 6 || r->items[2].type != JV_STR)
				continue;
			run.first = r->items[0].u64;
			run.count = r->items[1].u64;
			run.state = r->items[2].str[0];
			run.pfn = r->items[3].u64;
			run.flags = r->items[4].u64;
			run.swap_type = r->items[5].u64;
			if (grow_array(&v->runs, &v->capruns, v->nruns + 1, sizeof(run), 16))
				break;
			v->runs[v->nruns++] = run;
		}
	}
	json_free_value(&doc);
	return 0;
}

/* ---- the commands ------------------------------------------------------ */

static int cmd_snapshot(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "pages", no_argument, NULL, 'P' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *out = NULL;
	bool pages = false;
	struct mmscope *m;
	struct snap s;
	uint32_t pid;
	int c, n, ret;
	FILE *f;

	n = options_first(&argc, argv, "o:h", opts);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(n, argv, "+o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'P':
			pages = true;
			break;
		case 'o':
			out = optarg;
			break;
		case 'h':
			help_snapshot(stdout);
			return 0;
		default:
			die_usage("snapshot", "unknown option or missing value '%s'",
				  argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		die_usage("snapshot", "%s", argc - optind ? "expected exactly one PID" :
			  "missing PID");
	pid = parse_pid("snapshot", argv[optind]);
	m = open_or_exit();
	ret = snap_take(m, pid, pages, &s);
	mmscope_close(m);
	if (ret)
		return ret;
	f = out && strcmp(out, "-") ? fopen(out, "w") : stdout;
	if (!f) {
		fprintf(stderr, "%s: snapshot: %s: %s\n", prog, out, strerror(errno));
		snap_free(&s);
		return EXIT_FAILED;
	}
	write_snap(f, &s);
	snap_free(&s);
	if (f != stdout && fclose(f)) {
		fprintf(stderr, "%s: snapshot: %s: %s\n", prog, out, strerror(errno));
		return EXIT_FAILED;
	}
	return 0;
}

COMMAND(66, "snapshot", "PID", "save an address space: VMAs, figures, pages (JSON)",
	cmd_snapshot, help_snapshot, NULL, 0);

// SPDX-License-Identifier: GPL-2.0
/* mmscope smaps, rollup, pmap: memory figures, exactly as /proc/PID/smaps
 * and smaps_rollup, and a pmap -X style table. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/param.h>

#include "lib/libmmscope.h"
#include "lib/json.h"
#include "cmd.h"

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
		"Swap, SwapPss, Locked, THPeligible, ProtectionKey, VmFlags; Pss_Dirty\n"
		"and KSM where the kernel prints them).  A figure the kernel cannot\n"
		"give safely reads \"unavailable\" (JSON null; see status).  The\n"
		"figures come from mmscope's own page-table walk, computed as\n"
		"fs/proc/task_mmu.c computes them, which holds the target's mmap_lock\n"
		"only for bounded pieces and lets writers in: reading a very large\n"
		"process does not stall it.\n"
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

/*
 * The figures' members, each rendered once for a layout (,"rss_kb":) and
 * copied at a fixed size for every VMA of a dump.
 */
#define SMAPS_JSON_MAX	64	/* figures are MMSCOPE_SMAPS_A_* < 64 */

struct smaps_json_plan {
	size_t n;
	struct smaps_json_member {
		const struct mmscope_smaps_field *f;
		bool null;		/* unavailable on this kernel */
		unsigned char len;
		char text[JSON_KEY_TEXT];
	} m[SMAPS_JSON_MAX];
};

struct smaps_ctx {
	enum dump_mode mode;
	struct common_opts o;
	struct mmscope_smaps_layout layout;
	struct smaps_json_plan plan;
	struct json j;
	struct pmap_row *rows;
	size_t nr, cap;
	uint32_t pid;
	struct mmscope_dump_req req;
};

static void smaps_json_plan(struct smaps_json_plan *pl,
			    const struct mmscope_smaps_layout *l, bool rollup)
{
	size_t i;

	pl->n = 0;
	for (i = 0; i < mmscope_nr_smaps_fields; i++) {
		const struct mmscope_smaps_field *f = &mmscope_smaps_fields[i];
		struct smaps_json_member *m = &pl->m[pl->n];

		if (!mmscope_smaps_shown(l, f, rollup))
			continue;
		if (pl->n == SMAPS_JSON_MAX)
			abort();
		m->f = f;
		m->null = mmscope_smaps_unavailable(l, f);
		m->len = json_member_key(m->text, f->key);
		if (!m->len)
			abort();	/* the keys are plain and short */
		pl->n++;
	}
}

/* After the object's first member (see json_put_begin()). */
static void smaps_json(struct json *j, const struct mmscope_smaps *s,
		       const struct smaps_json_plan *pl)
{
	char *p = json_put_begin(j, pl->n * (JSON_KEY_TEXT + 24));
	size_t i;

	for (i = 0; i < pl->n; i++) {
		const struct smaps_json_member *m = &pl->m[i];

		memcpy(p, m->text, JSON_KEY_TEXT);
		p += m->len;
		if (m->null) {
			memcpy(p, "null", 4);
			p += 4;
		} else {
			p = mmscope_fmt_dec(p, mmscope_smaps_kb(s, m->f), 0);
		}
	}
	json_put_end(j, p);
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
		/* not through snprintf: once per VMA of a large dump */
		char perms[5] = {
			v->perms & MMSCOPE_VMA_PERM_READ ? 'r' : '-',
			v->perms & MMSCOPE_VMA_PERM_WRITE ? 'w' : '-',
			v->perms & MMSCOPE_VMA_PERM_EXEC ? 'x' : '-',
			v->perms & MMSCOPE_VMA_PERM_SHARED ? 's' : 'p',
			'\0',
		};

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
		smaps_json(&c->j, s, &c->plan);
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
	smaps_json_plan(&c.plan, &c.layout, false);
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
	ret = close_reporting(m, what, ret);
	if (ret)
		return ret;
	if (o.json) {
		struct smaps_json_plan plan;
		struct json j;

		smaps_json_plan(&plan, &info.smaps, true);
		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_u64(&j, "pid", pid);
		json_hex(&j, "start", s.v[MMSCOPE_SMAPS_A_RANGE_START]);
		json_hex(&j, "end", s.v[MMSCOPE_SMAPS_A_RANGE_END]);
		smaps_json(&j, &s, &plan);
		json_obj_end(&j);
		json_finish(&j);
	} else {
		mmscope_print_rollup(stdout, &s, &info.smaps);
	}
	return 0;
}

COMMAND(40, "smaps", "PID",
	"mappings and memory figures, exactly as /proc/PID/smaps",
	cmd_smaps, help_smaps, NULL, 0);

COMMAND(50, "rollup", "PID",
	"the sums, exactly as /proc/PID/smaps_rollup",
	cmd_rollup, help_rollup, NULL, 0);

COMMAND(60, "pmap", "PID",
	"a pmap -X style table with totals",
	cmd_pmap, help_pmap, NULL, 0);

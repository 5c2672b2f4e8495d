// SPDX-License-Identifier: GPL-2.0
/*
 * mmscope map: a picture of an address space.  Every VMA with its kind and
 * its residency (present, dirty, swapped) in up to 64 buckets of pages,
 * from one VMA dump and one page-table dump (leaves, non-present
 * included); as text bars, JSON, or one self-contained SVG.
 */

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/libmmscope.h"
#include "lib/json.h"
#include "cmd.h"

#define BUCKETS	64

enum area { A_CODE, A_DATA, A_HEAP, A_STACK, A_FILE_SHARED, A_ANON,
	    A_ANON_SHARED, A_SPECIAL, A_NR };

static const char *const area_name[A_NR] = {
	"code", "file-private", "heap", "stack", "file-shared",
	"anon-private", "anon-shared", "special",
};

static const char *const area_color[A_NR] = {
	"#4e79a7", "#76b7b2", "#f28e2b", "#edc948", "#59a14f",
	"#b07aa1", "#ff9da7", "#9c755f",
};

struct bucket {
	uint32_t pages, present, dirty, swapped;
};

struct vma_res {
	struct mmscope_vma v;
	enum area area;
	uint64_t present, dirty, swapped;	/* pages */
	int nb;
	struct bucket b[BUCKETS];
};

struct map {
	struct vma_res *r;
	size_t n, cap;
	uint64_t page;
	size_t cur;			/* the VMA the dump is in */
};

static void help_map(FILE *f)
{
	fprintf(f,
		"Usage: %s map [--svg FILE] [--json] PID\n"
		"\n"
		"A picture of the address space of PID: every VMA with its kind (code,\n"
		"file-private, heap, stack, file-shared, anon-private, anon-shared,\n"
		"special) and its residency in up to 64 buckets of pages: present, dirty,\n"
		"swapped.  As text, a bar per VMA ('#' dirty, '+' present, 's' swapped,\n"
		"'.' not there).  With --svg, one self-contained SVG file (no script, no\n"
		"external font): VMAs from the lowest address down, their heights\n"
		"growing with the logarithm of their size, the empty gaps between them\n"
		"collapsed and labelled with their size, colored by kind and shaded by\n"
		"residency, with labels and tooltips; each VMA is one element whose\n"
		"data-start and data-end are its range, as /proc/PID/maps prints it.\n"
		"  --svg FILE          write the SVG picture to FILE ('-': stdout)\n"
		"  --json              every VMA with its figures and buckets\n",
		prog);
}

static enum area area_of(const struct mmscope_vma *v)
{
	if (v->name_kind == MMSCOPE_VMA_NAME_HEAP)
		return A_HEAP;
	if (v->name_kind == MMSCOPE_VMA_NAME_STACK)
		return A_STACK;
	switch (v->kind) {
	case MMSCOPE_VMA_KIND_PRIVATE_FILE:
		return (v->perms & MMSCOPE_VMA_PERM_EXEC) ? A_CODE : A_DATA;
	case MMSCOPE_VMA_KIND_SHARED_FILE:
		return A_FILE_SHARED;
	case MMSCOPE_VMA_KIND_SHARED_ANON:
		return A_ANON_SHARED;
	case MMSCOPE_VMA_KIND_PRIVATE_ANON:
		return A_ANON;
	default:
		return A_SPECIAL;
	}
}

static int add_vma(const struct mmscope_vma *v, void *arg)
{
	struct map *m = arg;
	struct vma_res *r;
	uint64_t pages;
	int i;

	if (grow_array(&m->r, &m->cap, m->n + 1, sizeof(*m->r), 64))
		return -ENOMEM;
	r = &m->r[m->n++];
	memset(r, 0, sizeof(*r));
	r->v = *v;
	r->area = area_of(v);
	pages = (v->end - v->start) / m->page;
	r->nb = pages < BUCKETS ? (int)pages : BUCKETS;
	for (i = 0; i < r->nb; i++)
		r->b[i].pages = pages * (i + 1) / r->nb - pages * i / r->nb;
	return 0;
}

/* Count @n pages from page @first of VMA @r in @what (0 present, 1 swap). */
static void count(struct vma_res *r, uint64_t page, uint64_t first, uint64_t n,
		  int what, bool dirty)
{
	uint64_t pages = (r->v.end - r->v.start) / page, p = first;

	while (p < first + n) {
		int b = (int)(p * r->nb / pages);
		uint64_t bend = pages * (b + 1) / r->nb, k;

		/* the bucket holding page p ends before page bend */
		while (bend <= p && b < r->nb - 1)
			bend = pages * (++b + 1) / r->nb;
		k = (bend < first + n ? bend : first + n) - p;
		if (what) {
			r->b[b].swapped += k;
			r->swapped += k;
		} else {
			r->b[b].present += k;
			r->present += k;
			if (dirty) {
				r->b[b].dirty += k;
				r->dirty += k;
			}
		}
		p += k;
	}
}

static int add_entry(const struct mmscope_pt_rec *e, void *arg)
{
	struct map *m = arg;
	int what;

	if (e->kind == MMSCOPE_PTE_PRESENT || e->kind == MMSCOPE_PTE_PROTNONE)
		what = 0;
	else if (e->kind == MMSCOPE_PTE_SWAP)
		what = 1;
	else
		return 0;
	while (m->cur < m->n && m->r[m->cur].v.end <= e->start)
		m->cur++;
	if (m->cur == m->n || m->r[m->cur].v.start > e->start)
		return 0;	/* a VMA that came after the VMA dump */
	{
		struct vma_res *r = &m->r[m->cur];
		uint64_t end = e->end < r->v.end ? e->end : r->v.end;

		count(r, m->page, (e->start - r->v.start) / m->page,
		      (end - e->start) / m->page, what,
		      e->flags & MMSCOPE_PTE_F_DIRTY);
	}
	return 0;
}

static double frac(uint64_t part, uint64_t whole)
{
	return whole ? (double)part / whole : 0.0;
}

static void human(uint64_t bytes, char *buf, size_t size)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
	double v = bytes;
	int u = 0;

	while (v >= 1024 && u < 5) {
		v /= 1024;
		u++;
	}
	snprintf(buf, size, u ? "%.1f %s" : "%.0f %s", v, unit[u]);
}

/* Text and attribute values: escape what XML reserves. */
static void xml_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default:
			if ((unsigned char)*s >= 0x20)
				fputc(*s, f);
		}
	}
}

static const char *label_of(const struct mmscope_vma *v)
{
	return v->name[0] ? v->name : "[anon]";
}

#define BAR_X	200
#define BAR_W	384
#define GAP_H	16

static int vma_height(const struct vma_res *r, uint64_t page)
{
	double pages = (double)(r->v.end - r->v.start) / page;
	int h = 16 + (int)(5 * log2(pages));

	return h > 140 ? 140 : h;
}

static void svg(FILE *f, const struct map *m, uint32_t pid)
{
	int y = 70, h, i, total = 70;
	char size[32], perms[5];
	size_t k;

	for (k = 0; k < m->n; k++)
		total += vma_height(&m->r[k], m->page) +
			 (k && m->r[k].v.start > m->r[k - 1].v.end ? GAP_H : 0);
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1100\" height=\"%d\" "
		"viewBox=\"0 0 1100 %d\" font-family=\"monospace\" font-size=\"11\">\n"
		"<title>address space of %u</title>\n"
		"<rect x=\"0\" y=\"0\" width=\"1100\" height=\"%d\" fill=\"#ffffff\"/>\n"
		"<text x=\"10\" y=\"20\" font-size=\"14\">address space of %u: %zu VMAs</text>\n",
		total + 20, total + 20, pid, total + 20, pid, m->n);
	for (i = 0; i < A_NR; i++)
		fprintf(f, "<rect x=\"%d\" y=\"32\" width=\"12\" height=\"12\" fill=\"%s\"/>"
			"<text x=\"%d\" y=\"42\">%s</text>\n", 10 + i * 128,
			area_color[i], 26 + i * 128, area_name[i]);
	fprintf(f, "<text x=\"10\" y=\"60\">shade: dark = dirty, grey = present, red = swapped, "
		"none = not there</text>\n");
	for (k = 0; k < m->n; k++) {
		const struct vma_res *r = &m->r[k];
		double bw;

		if (k && r->v.start > m->r[k - 1].v.end) {
			human(r->v.start - m->r[k - 1].v.end, size, sizeof(size));
			fprintf(f, "<g class=\"gap\"><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
				"stroke=\"#bbbbbb\" stroke-dasharray=\"4 3\"/>"
				"<text x=\"%d\" y=\"%d\" fill=\"#888888\">gap %s</text></g>\n",
				BAR_X, y + GAP_H / 2, BAR_X + BAR_W, y + GAP_H / 2,
				BAR_X + BAR_W + 10, y + GAP_H / 2 + 4, size);
			y += GAP_H;
		}
		h = vma_height(r, m->page);
		human(r->v.end - r->v.start, size, sizeof(size));
		snprintf(perms, sizeof(perms), "%c%c%c%c",
			 r->v.perms & MMSCOPE_VMA_PERM_READ ? 'r' : '-',
			 r->v.perms & MMSCOPE_VMA_PERM_WRITE ? 'w' : '-',
			 r->v.perms & MMSCOPE_VMA_PERM_EXEC ? 'x' : '-',
			 r->v.perms & MMSCOPE_VMA_PERM_SHARED ? 's' : 'p');
		fprintf(f, "<g class=\"vma\" data-start=\"%" PRIx64 "\" data-end=\"%" PRIx64
			"\" data-perms=\"%s\" data-kind=\"%s\">\n<title>",
			r->v.start, r->v.end, perms, area_name[r->area]);
		fprintf(f, "%" PRIx64 "-%" PRIx64 " %s %s ", r->v.start, r->v.end, perms, size);
		xml_text(f, label_of(&r->v));
		fprintf(f, ": present %.0f%%, dirty %.0f%%, swapped %.0f%%</title>\n",
			100 * frac(r->present, r->nb ? (r->v.end - r->v.start) / m->page : 0),
			100 * frac(r->dirty, (r->v.end - r->v.start) / m->page),
			100 * frac(r->swapped, (r->v.end - r->v.start) / m->page));
		fprintf(f, "<text x=\"10\" y=\"%d\">%012" PRIx64 "</text>\n", y + 11, r->v.start);
		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" "
			"fill-opacity=\"0.45\" stroke=\"%s\"/>\n", BAR_X, y, BAR_W, h - 2,
			area_color[r->area], area_color[r->area]);
		bw = (double)BAR_W / (r->nb ? r->nb : 1);
		for (i = 0; i < r->nb; i++) {
			const struct bucket *b = &r->b[i];

			if (b->present)
				fprintf(f, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
					"fill=\"%s\" fill-opacity=\"%.2f\"/>\n", BAR_X + i * bw,
					y + 3, bw, h - 8,
					b->dirty * 2 > b->present ? "#222222" : "#777777",
					0.25 + 0.7 * frac(b->present, b->pages));
			if (b->swapped)
				fprintf(f, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
					"fill=\"#e15759\" fill-opacity=\"%.2f\"/>\n", BAR_X + i * bw,
					y + 3, bw, h - 8, 0.25 + 0.7 * frac(b->swapped, b->pages));
		}
		fprintf(f, "<text x=\"%d\" y=\"%d\">%s %s ", BAR_X + BAR_W + 10, y + 11,
			perms, size);
		xml_text(f, label_of(&r->v));
		fprintf(f, "</text>\n</g>\n");
		y += h;
	}
	fprintf(f, "</svg>\n");
}

static void text(const struct map *m)
{
	char size[32], line[512];
	size_t k;
	int i;

	for (k = 0; k < m->n; k++) {
		const struct vma_res *r = &m->r[k];
		char bar[BUCKETS + 1];

		for (i = 0; i < r->nb; i++) {
			const struct bucket *b = &r->b[i];

			bar[i] = b->dirty * 2 > b->pages ? '#' :
				 b->present * 2 > b->pages ? '+' :
				 b->swapped * 2 > b->pages ? 's' :
				 b->present || b->swapped ? ':' : '.';
		}
		bar[r->nb] = '\0';
		human(r->v.end - r->v.start, size, sizeof(size));
		mmscope_format_maps(&r->v, line, sizeof(line));
		line[strcspn(line, " ")] = '\0';
		printf("%-33s %-12s %9s |%-64s| %s\n", line, area_name[r->area], size,
		       bar, label_of(&r->v));
	}
}

static void json(const struct map *m, uint32_t pid)
{
	struct json j;
	size_t k;
	int i;

	json_init(&j, stdout);
	json_obj_begin(&j, NULL);
	json_u64(&j, "pid", pid);
	json_u64(&j, "page_size", m->page);
	json_arr_begin(&j, "vmas");
	for (k = 0; k < m->n; k++) {
		const struct vma_res *r = &m->r[k];

		json_obj_begin(&j, NULL);
		json_hex(&j, "start", r->v.start);
		json_hex(&j, "end", r->v.end);
		json_str(&j, "kind", area_name[r->area]);
		json_str(&j, "name", label_of(&r->v));
		json_u64(&j, "present_pages", r->present);
		json_u64(&j, "dirty_pages", r->dirty);
		json_u64(&j, "swapped_pages", r->swapped);
		json_arr_begin(&j, "buckets");
		for (i = 0; i < r->nb; i++) {
			json_arr_begin(&j, NULL);
			json_u64(&j, NULL, r->b[i].pages);
			json_u64(&j, NULL, r->b[i].present);
			json_u64(&j, NULL, r->b[i].dirty);
			json_u64(&j, NULL, r->b[i].swapped);
			json_arr_end(&j);
		}
		json_arr_end(&j);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	json_finish(&j);
}

static int cmd_map(int argc, char **argv)
{
	struct mmscope_dump_req vreq = { .flags = MMSCOPE_REQ_F_DETAILS };
	struct mmscope_pt_req preq = {
		.flags = MMSCOPE_REQ_F_NONPRESENT, .level = MMSCOPE_LEVEL_LEAVES,
	};
	const char *out = NULL;
	struct mmscope_info info;
	struct common_opts o;
	struct map mp = { 0 };
	struct mmscope *m;
	char what[64];
	uint32_t pid;
	int i, n = 0, ret;

	/* --svg FILE is the one option of its own: take it out first */
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "--svg") || !strncmp(argv[i], "--svg=", 6)) {
			int take = argv[i][5] == '=' ? 1 : 2;

			if (take == 2 && i + 1 >= argc)
				die_usage("map", "%s", "--svg needs a FILE");
			out = take == 1 ? argv[i] + 6 : argv[i + 1];
			memmove(&argv[i], &argv[i + take], (argc - i - take + 1) * sizeof(*argv));
			argc -= take;
			i--;
		}
	}
	i = parse_common("map", &argc, argv, &o, help_map, 0);
	if (argc - i != 1)
		die_usage("map", "%s", argc - i ? "expected exactly one PID" : "missing PID");
	if (out && o.json)
		die_usage("map", "%s", "--svg and --json together");
	pid = parse_pid("map", argv[i]);
	snprintf(what, sizeof(what), "map %s", argv[i]);
	m = open_or_exit();
	ret = mmscope_info_get(m, &info);
	mp.page = info.page_size;
	if (!ret)
		ret = mmscope_vma_dump_req(m, pid, &vreq, add_vma, &mp);
	if (!ret)
		ret = mmscope_pt_dump(m, pid, &preq, add_entry, &mp);
	if (ret) {
		ret = report(what, &m->err);
		goto out;
	}
	if (out) {
		FILE *f = strcmp(out, "-") ? fopen(out, "w") : stdout;

		if (!f) {
			fprintf(stderr, "%s: map: %s: %s\n", prog, out, strerror(errno));
			ret = EXIT_FAILED;
			goto out;
		}
		svg(f, &mp, pid);
		if (f != stdout && fclose(f)) {
			fprintf(stderr, "%s: map: %s: %s\n", prog, out, strerror(errno));
			ret = EXIT_FAILED;
		}
		n = 1;
	}
	if (!n && o.json)
		json(&mp, pid);
	else if (!n)
		text(&mp);
out:
	mmscope_close(m);
	free(mp.r);
	return ret;
}

COMMAND(65, "map", "PID", "a picture of the address space: kinds, residency (--svg)",
	cmd_map, help_map, NULL, 0);

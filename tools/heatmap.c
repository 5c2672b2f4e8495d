// SPDX-License-Identifier: GPL-2.0
/*
 * The fault heat map of mmscope faults --svg: time across, the address
 * space down (a row per VMA the faults fell in, in address order), a mark
 * per fault colored by its class, major faults outlined.  One
 * self-contained SVG: no script, no external font.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/libmmscope.h"
#include "cmd.h"

#define HEATMAP_MAX	1000000		/* marks kept; more are counted */

struct mark {
	double t;
	uint64_t addr, vma_start;
	uint32_t fclass;
	bool major, no_vma;
	uint32_t row;
};

struct row {
	uint64_t start;
	bool no_vma;
	char name[64];
};

struct heatmap {
	struct mark *m;
	size_t n, cap, dropped;
	struct row *rows;
	size_t nrows, caprows;
};

static const char *const class_color[MMSCOPE_FAULT_NR_CLASSES] = {
	"#bab0ac", "#4e79a7", "#a0cbe8", "#59a14f", "#8cd17d", "#e15759",
	"#f28e2b", "#ffbe7d", "#76b7b2", "#b07aa1", "#9c755f", "#000000",
};

struct heatmap *heatmap_new(void)
{
	return calloc(1, sizeof(struct heatmap));
}

void heatmap_free(struct heatmap *h)
{
	if (!h)
		return;
	free(h->m);
	free(h->rows);
	free(h);
}

static uint32_t row_of(struct heatmap *h, const struct mmscope_fault_event *ev)
{
	bool no_vma = ev->flags & MMSCOPE_FAULTF_NO_VMA;
	size_t i;

	for (i = 0; i < h->nrows; i++)
		if (h->rows[i].no_vma == no_vma &&
		    (no_vma || (h->rows[i].start == ev->vma_start &&
				!strncmp(h->rows[i].name, ev->vma_name,
					 sizeof(h->rows[i].name) - 1))))
			return i;
	if (grow_array(&h->rows, &h->caprows, h->nrows + 1, sizeof(*h->rows), 16))
		return UINT32_MAX;
	h->rows[h->nrows].start = no_vma ? UINT64_MAX : ev->vma_start;
	h->rows[h->nrows].no_vma = no_vma;
	snprintf(h->rows[h->nrows].name, sizeof(h->rows[0].name), "%s",
		 no_vma ? "" : ev->vma_name);
	return h->nrows++;
}

void heatmap_add(struct heatmap *h, const struct mmscope_fault_event *ev, double t)
{
	uint32_t row;

	if (h->n == HEATMAP_MAX ||
	    grow_array(&h->m, &h->cap, h->n + 1, sizeof(*h->m), 4096)) {
		h->dropped++;
		return;
	}
	row = row_of(h, ev);
	if (row == UINT32_MAX) {
		h->dropped++;
		return;
	}
	h->m[h->n++] = (struct mark){
		.t = t, .addr = ev->address, .vma_start = ev->vma_start,
		.fclass = ev->fclass < MMSCOPE_FAULT_NR_CLASSES ? ev->fclass : 0,
		.major = ev->flags & MMSCOPE_FAULTF_MAJOR,
		.no_vma = ev->flags & MMSCOPE_FAULTF_NO_VMA, .row = row,
	};
}

static int by_start(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static void xml(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else if (*s == '&')
			fputs("&amp;", f);
		else if (*s == '"')
			fputs("&quot;", f);
		else if ((unsigned char)*s >= 0x20)
			fputc(*s, f);
	}
}

#define LEFT	260
#define WIDTH	800
#define ROW_H	18
#define TOP	80

int heatmap_write(struct heatmap *h, const char *path, double secs)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "w") : stdout;
	uint32_t *order;
	size_t i;
	int c, height;

	if (!f)
		return -errno;
	/* rows in address order: marks point at rows by their old index */
	order = calloc(h->nrows ? h->nrows : 1, sizeof(*order));
	if (!order) {
		if (f != stdout)
			fclose(f);
		return -ENOMEM;
	}
	{
		struct row *sorted = malloc((h->nrows ? h->nrows : 1) * sizeof(*sorted));

		if (!sorted) {
			free(order);
			if (f != stdout)
				fclose(f);
			return -ENOMEM;
		}
		memcpy(sorted, h->rows, h->nrows * sizeof(*sorted));
		qsort(sorted, h->nrows, sizeof(*sorted), by_start);
		for (i = 0; i < h->nrows; i++) {
			size_t k;

			for (k = 0; k < h->nrows; k++)
				if (!memcmp(&sorted[k], &h->rows[i], sizeof(sorted[k])))
					order[i] = k;
		}
		memcpy(h->rows, sorted, h->nrows * sizeof(*sorted));
		free(sorted);
	}
	if (secs <= 0)
		secs = 1;
	height = TOP + (int)h->nrows * ROW_H + 40;
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" font-family=\"monospace\" font-size=\"11\">\n"
		"<title>page faults: %zu in %.2f s</title>\n"
		"<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n"
		"<text x=\"10\" y=\"20\" font-size=\"14\">page faults: %zu in %.2f s%s</text>\n",
		LEFT + WIDTH + 20, height, LEFT + WIDTH + 20, height, h->n, secs,
		LEFT + WIDTH + 20, height, h->n, secs,
		h->dropped ? " (more were not drawn)" : "");
	for (c = 0; c < MMSCOPE_FAULT_NR_CLASSES; c++)
		fprintf(f, "<rect x=\"%d\" y=\"32\" width=\"10\" height=\"10\" fill=\"%s\"/>"
			"<text x=\"%d\" y=\"41\">%s</text>\n", 10 + c * 88, class_color[c],
			24 + c * 88, mmscope_fault_class_name(c));
	fprintf(f, "<text x=\"10\" y=\"60\">time across (0 to %.2f s); a row per VMA, "
		"lowest address first; outlined: major faults</text>\n", secs);
	for (i = 0; i < h->nrows; i++) {
		int y = TOP + (int)i * ROW_H;

		fprintf(f, "<g class=\"row\" data-start=\"%" PRIx64 "\">"
			"<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>"
			"<text x=\"10\" y=\"%d\">", h->rows[i].no_vma ? 0 : h->rows[i].start,
			LEFT, y, WIDTH, ROW_H - 2, i % 2 ? "#f4f4f4" : "#ebebeb", y + 12);
		if (!h->rows[i].no_vma)
			fprintf(f, "%" PRIx64 " ", h->rows[i].start);
		xml(f, h->rows[i].no_vma ? "(no VMA)" :
		       h->rows[i].name[0] ? h->rows[i].name : "[anon]");
		fprintf(f, "</text></g>\n");
	}
	for (i = 0; i < h->n; i++) {
		const struct mark *m = &h->m[i];
		double x = LEFT + (m->t < 0 ? 0 : m->t > secs ? secs : m->t) / secs * (WIDTH - 3);

		fprintf(f, "<rect class=\"fault\" data-addr=\"%" PRIx64 "\" data-class=\"%s\" "
			"data-t=\"%.6f\"%s x=\"%.1f\" y=\"%d\" width=\"3\" height=\"%d\" "
			"fill=\"%s\"%s/>\n", m->addr, mmscope_fault_class_name(m->fclass),
			m->t, m->major ? " data-major=\"1\"" : "", x,
			TOP + (int)order[m->row] * ROW_H + 1, ROW_H - 4,
			class_color[m->fclass],
			m->major ? " stroke=\"#000000\" stroke-width=\"1\"" : "");
	}
	fprintf(f, "<text x=\"%d\" y=\"%d\">0 s</text><text x=\"%d\" y=\"%d\">%.2f s</text>\n",
		LEFT, height - 16, LEFT + WIDTH - 50, height - 16, secs);
	fprintf(f, "</svg>\n");
	free(order);
	if (f != stdout && fclose(f))
		return -errno;
	return 0;
}

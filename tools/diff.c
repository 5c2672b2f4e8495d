// SPDX-License-Identifier: GPL-2.0
/*
 * mmscope diff: what changed in an address space between two snapshots
 * (snapshot.c), a snapshot and now, or live.  VMAs are matched by
 * identity, not by address: a file VMA by its file and file offsets, a
 * private anonymous one by the page offsets the kernel gave it where it
 * was first mapped (vm_pgoff, which stays with the memory through mremap,
 * splits, merges and growth), a special one by its name; so that
 * created, removed, grown, shrunk, split, merged, moved and re-protected
 * VMAs are told apart.  The VMAs whose identity ranges overlap across the
 * two sides form one change; pages are matched by identity page too.
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

static void help_diff(FILE *f)
{
	fprintf(f,
		"Usage: %s diff [--json] OLD NEW\n"
		"       %s diff [--json] PID --since FILE\n"
		"       %s diff [--json] PID --every SECONDS [--count N]\n"
		"\n"
		"What changed in an address space between two snapshots (files of\n"
		"'%s snapshot'), between a snapshot and now, or live every SECONDS.\n"
		"VMAs are matched by identity, not by address: a file mapping by its\n"
		"file and offsets, private anonymous memory by the page offsets it was\n"
		"first mapped at (which stay with it through mremap, splits, merges and\n"
		"growth), a special mapping by its name.  Reported: VMAs created,\n"
		"removed, grown, shrunk, split, merged, moved (mremap) and re-protected\n"
		"(mprotect); the change of each VMA's Rss, Pss, Anonymous, Swap, dirty\n"
		"and AnonHugePages (kB); the task's RSS, swap and page-table bytes; and\n"
		"when both sides have pages (snapshot --pages; --since and --every take\n"
		"pages when the file has them), pages that became resident, went away\n"
		"(reclaimed or discarded), were swapped out or in, were written (copy on\n"
		"write broken: a new page frame), migrated, or collapsed into a THP.\n"
		"Private anonymous memory mapped again at an address it was unmapped\n"
		"from takes the same page offsets: it reads as the same VMA.\n"
		"  --since FILE        compare FILE with PID now\n"
		"  --every SECONDS     compare PID with itself every SECONDS (Ctrl-C)\n"
		"  --count N           with --every: stop after N comparisons\n"
		"  --pages             with --every: compare pages too\n"
		"  --json              one JSON object per comparison (one per line)\n",
		prog, prog, prog, prog);
}

/* ---- comparing two ---------------------------------------------------- */

/* The figures a diff reports, by smaps field key. */
static const char *const delta_keys[] = {
	"rss_kb", "pss_kb", "anonymous_kb", "swap_kb", "shared_dirty_kb",
	"private_dirty_kb", "anon_huge_pages_kb",
};
#define NDELTA	(sizeof(delta_keys) / sizeof(delta_keys[0]))

static int field_of(const char *key)
{
	size_t k;

	for (k = 0; k < mmscope_nr_smaps_fields && k < 64; k++)
		if (!strcmp(mmscope_smaps_fields[k].key, key))
			return k;
	return -1;
}

/* The identity space of a VMA, and the first page of its range in it. */
static void identify(struct snap *s, char spaces[][96], int *nspaces)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		struct svma *v = &s->v[i];
		char key[96];
		int k;

		if (v->kind == MMSCOPE_VMA_KIND_SPECIAL || v->name_kind == MMSCOPE_VMA_NAME_SPECIAL) {
			snprintf(key, sizeof(key), "special %.80s", v->name ? v->name : "");
			v->lo = 0;
		} else if (v->ino || v->kind == MMSCOPE_VMA_KIND_SHARED_ANON ||
			   v->kind == MMSCOPE_VMA_KIND_SHARED_FILE ||
			   v->kind == MMSCOPE_VMA_KIND_PRIVATE_FILE) {
			snprintf(key, sizeof(key), "file %02x:%02x %" PRIu64, v->dev_major,
				 v->dev_minor, v->ino);
			v->lo = v->pgoff / s->page_size;
		} else {
			snprintf(key, sizeof(key), "anon");
			v->lo = v->vm_pgoff;
		}
		for (k = 0; k < *nspaces && strcmp(spaces[k], key); k++)
			;
		if (k == *nspaces && *nspaces < 4096)
			snprintf(spaces[(*nspaces)++], sizeof(spaces[0]), "%s", key);
		v->space = k;
	}
}

static uint64_t pages_of(const struct svma *v, uint32_t page)
{
	return (v->end - v->start) / page;
}

static int find_root(int *up, int x)
{
	while (up[x] != x)
		x = up[x] = up[up[x]];
	return x;
}

struct change {
	size_t *old, *new;		/* VMA indexes */
	size_t nold, nnew;
	const char *what[4];
	int nwhat;
	int64_t delta[NDELTA];
	uint64_t pages[7];		/* by page category */
	uint64_t at;			/* where it is: for the order */
};

enum { P_RESIDENT, P_GONE, P_SWAPPED_OUT, P_SWAPPED_IN, P_WRITTEN,
       P_MIGRATED, P_COLLAPSED, P_NR };

static const char *const page_what[P_NR] = {
	"became_resident", "went_away", "swapped_out", "swapped_in",
	"written", "migrated", "collapsed_into_thp",
};

static const char *const page_text[P_NR] = {
	"became resident", "went away (reclaimed or discarded)", "swapped out",
	"swapped in", "written (copy on write broken: a new page frame)",
	"migrated", "collapsed into a THP",
};

struct pkey {
	int space;
	uint64_t key;
	char state;
	uint64_t pfn;
	uint32_t flags;
	uint32_t change;	/* which change its VMA is in */
};

static int by_key(const void *a, const void *b)
{
	const struct pkey *x = a, *y = b;

	if (x->space != y->space)
		return x->space - y->space;
	return x->key < y->key ? -1 : x->key > y->key;
}

static int page_keys(const struct snap *s, const uint32_t *change_of,
		     struct pkey **out, size_t *n)
{
	size_t cap = 0, i, k;
	uint64_t p;

	*out = NULL;
	*n = 0;
	for (i = 0; i < s->n; i++) {
		const struct svma *v = &s->v[i];

		for (k = 0; k < v->nruns; k++) {
			const struct run *r = &v->runs[k];

			if (grow_array(out, &cap, *n + r->count, sizeof(**out), 4096))
				return -ENOMEM;
			for (p = 0; p < r->count; p++)
				(*out)[(*n)++] = (struct pkey){
					.space = v->space, .key = v->lo + r->first + p,
					.state = r->state, .pfn = r->pfn + p,
					.flags = r->flags, .change = change_of[i],
				};
		}
	}
	qsort(*out, *n, sizeof(**out), by_key);
	return 0;
}

/* Is identity page @key of @space inside a VMA of @s? */
static bool mapped(const struct snap *s, int space, uint64_t key)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].space == space && key >= s->v[i].lo &&
		    key < s->v[i].lo + pages_of(&s->v[i], s->page_size))
			return true;
	return false;
}

static void classify_pages(const struct snap *a, const struct snap *b,
			   const struct pkey *pa, size_t na,
			   const struct pkey *pb, size_t nb, struct change *ch)
{
	size_t i = 0, j = 0;

	while (i < na || j < nb) {
		int c = i == na ? 1 : j == nb ? -1 : by_key(&pa[i], &pb[j]);

		if (c < 0) {		/* there, and not now */
			if (mapped(b, pa[i].space, pa[i].key))
				ch[pa[i].change].pages[P_GONE]++;
			i++;
		} else if (c > 0) {	/* now, and not before */
			if (pb[j].state == 'p')
				ch[pb[j].change].pages[P_RESIDENT]++;
			j++;
		} else {
			const struct pkey *o = &pa[i++], *n = &pb[j++];
			uint64_t *cnt = ch[n->change].pages;

			if (o->state == 'p' && n->state == 's')
				cnt[P_SWAPPED_OUT]++;
			else if (o->state == 's' && n->state == 'p')
				cnt[P_SWAPPED_IN]++;
			else if (o->state == 'p' && n->state == 'p' && o->pfn != n->pfn) {
				if ((n->flags & PG_THP) && !(o->flags & PG_THP))
					cnt[P_COLLAPSED]++;
				else if ((o->flags & PG_COW) ||
					 ((n->flags & PG_ANON) && !(o->flags & PG_ANON)))
					cnt[P_WRITTEN]++;
				else
					cnt[P_MIGRATED]++;
			}
		}
	}
}

struct diff {
	struct change *ch;
	size_t n;
};

static int by_at(const void *a, const void *b)
{
	const struct change *x = a, *y = b;

	return x->at < y->at ? -1 : x->at > y->at;
}

static int compare(struct snap *a, struct snap *b, struct diff *d)
{
	static char spaces[4096][96];
	size_t na = a->n, nb = b->n, i, j, k;
	int nspaces = 0, ret = -ENOMEM, *up;
	uint32_t *cha = NULL, *chb = NULL;
	struct pkey *pa = NULL, *pb = NULL;
	size_t npa = 0, npb = 0;
	char *paired = NULL;

	memset(d, 0, sizeof(*d));
	identify(a, spaces, &nspaces);
	identify(b, spaces, &nspaces);
	up = malloc((na + nb + 1) * sizeof(*up));
	cha = calloc(na + 1, sizeof(*cha));
	chb = calloc(nb + 1, sizeof(*chb));
	d->ch = calloc(na + nb + 1, sizeof(*d->ch));
	if (!up || !cha || !chb || !d->ch)
		goto out;
	for (i = 0; i < na + nb; i++)
		up[i] = i;
	/*
	 * A VMA found again with its range and identity is itself (changed
	 * at most in its protection): paired first, so that VMAs whose
	 * identity ranges overlap (an ELF's segments share a page of the
	 * file) are not taken for a split or a merge.
	 */
	paired = calloc(na + nb + 1, 1);
	if (!paired)
		goto out;
	for (i = 0, j = 0; i < na && j < nb; ) {
		const struct svma *o = &a->v[i], *n = &b->v[j];

		if (o->start < n->start) {
			i++;
		} else if (o->start > n->start) {
			j++;
		} else {
			if (o->end == n->end && o->space == n->space && o->lo == n->lo) {
				up[find_root(up, i)] = find_root(up, na + j);
				paired[i] = paired[na + j] = 1;
			}
			i++;
			j++;
		}
	}
	/* an edge between VMAs of one space whose ranges overlap */
	for (i = 0; i < na; i++) {
		const struct svma *o = &a->v[i];

		if (paired[i])
			continue;
		for (j = 0; j < nb; j++) {
			const struct svma *n = &b->v[j];

			if (!paired[na + j] && o->space == n->space &&
			    o->lo < n->lo + pages_of(n, b->page_size) &&
			    n->lo < o->lo + pages_of(o, a->page_size))
				up[find_root(up, i)] = find_root(up, na + j);
		}
	}
	/* one change per component, in the order of the new (or old) VMAs */
	for (k = 0; k < na + nb; k++) {
		struct change *c;
		int root = find_root(up, k);
		size_t x;

		if ((size_t)root != k)
			continue;
		c = &d->ch[d->n++];
		c->old = calloc(na + 1, sizeof(size_t));
		c->new = calloc(nb + 1, sizeof(size_t));
		if (!c->old || !c->new)
			goto out;
		for (x = 0; x < na + nb; x++) {
			if (find_root(up, x) != root)
				continue;
			if (x < na) {
				c->old[c->nold++] = x;
				cha[x] = d->n - 1;
			} else {
				c->new[c->nnew++] = x - na;
				chb[x - na] = d->n - 1;
			}
		}
	}
	for (k = 0; k < d->n; k++) {
		struct change *c = &d->ch[k];
		const struct svma *o = c->nold ? &a->v[c->old[0]] : NULL;
		const struct svma *n = c->nnew ? &b->v[c->new[0]] : NULL;
		size_t x;

		if (!o) {
			c->what[c->nwhat++] = "created";
		} else if (!n) {
			c->what[c->nwhat++] = "removed";
		} else if (c->nold == 1 && c->nnew == 1) {
			uint64_t po = pages_of(o, a->page_size), pn = pages_of(n, b->page_size);

			if (o->start - o->lo * a->page_size != n->start - n->lo * b->page_size)
				c->what[c->nwhat++] = "moved";
			if (pn > po)
				c->what[c->nwhat++] = "grown";
			else if (pn < po)
				c->what[c->nwhat++] = "shrunk";
			if (o->perms != n->perms)
				c->what[c->nwhat++] = "re-protected";
		} else {
			bool reprot = false;

			c->what[c->nwhat++] = c->nold == 1 ? "split" : c->nnew == 1 ? "merged" :
					      "split and merged";
			for (x = 0; x < c->nnew; x++)
				reprot |= b->v[c->new[x]].perms != o->perms;
			for (x = 0; x < c->nold; x++)
				reprot |= a->v[c->old[x]].perms != n->perms;
			if (reprot)
				c->what[c->nwhat++] = "re-protected";
		}
		for (x = 0; x < NDELTA; x++) {
			int f = field_of(delta_keys[x]);
			size_t y;

			if (f < 0)
				continue;
			for (y = 0; y < c->nnew; y++)
				c->delta[x] += b->v[c->new[y]].kb[f];
			for (y = 0; y < c->nold; y++)
				c->delta[x] -= a->v[c->old[y]].kb[f];
		}
	}
	if (a->pages && b->pages) {
		if (page_keys(a, cha, &pa, &npa) || page_keys(b, chb, &pb, &npb))
			goto out;
		classify_pages(a, b, pa, npa, pb, npb, d->ch);
	}
	/* in address order: the first new VMA's start, else the old one's */
	for (k = 0; k < d->n; k++) {
		struct change *c = &d->ch[k];

		c->at = c->nnew ? b->v[c->new[0]].start : a->v[c->old[0]].start;
	}
	qsort(d->ch, d->n, sizeof(*d->ch), by_at);
	ret = 0;
out:
	free(paired);
	free(up);
	free(cha);
	free(chb);
	free(pa);
	free(pb);
	return ret;
}

static void diff_free(struct diff *d)
{
	size_t k;

	for (k = 0; k < d->n; k++) {
		free(d->ch[k].old);
		free(d->ch[k].new);
	}
	free(d->ch);
	memset(d, 0, sizeof(*d));
}

static bool changed(const struct change *c)
{
	size_t x;

	if (c->nwhat)
		return true;
	for (x = 0; x < NDELTA; x++)
		if (c->delta[x])
			return true;
	for (x = 0; x < P_NR; x++)
		if (c->pages[x])
			return true;
	return false;
}

static const char *vma_label(const struct svma *v)
{
	return v->name && v->name[0] ? v->name : "[anon]";
}

static void text_vmas(const struct snap *s, const size_t *idx, size_t n)
{
	size_t x;

	for (x = 0; x < n; x++) {
		const struct svma *v = &s->v[idx[x]];
		char perms[5];

		snap_perms(v->perms, perms);
		printf("%s%" PRIx64 "-%" PRIx64 " %s", x ? ", " : "", v->start, v->end, perms);
	}
}

static void print_text(const struct snap *a, const struct snap *b, const struct diff *d)
{
	uint64_t tot[P_NR] = { 0 };
	size_t k, x;
	int shown = 0;

	printf("%u (%s): %.3f s from the first snapshot to the second\n", b->pid, b->comm,
	       (b->time_ns - a->time_ns) / 1e9);
	for (k = 0; k < d->n; k++) {
		const struct change *c = &d->ch[k];
		const struct svma *v = c->nnew ? &b->v[c->new[0]] : &a->v[c->old[0]];
		char what[64] = "";

		if (!changed(c))
			continue;
		if (!shown++)
			printf("\nVMAs that changed:\n");
		for (x = 0; x < (size_t)c->nwhat; x++)
			snprintf(what + strlen(what), sizeof(what) - strlen(what), "%s%s",
				 x ? ", " : "", c->what[x]);
		printf("  %-24s ", c->nwhat ? what : "figures");
		if (c->nold && c->nnew && (c->nold > 1 || c->nnew > 1 ||
					   a->v[c->old[0]].start != b->v[c->new[0]].start ||
					   a->v[c->old[0]].end != b->v[c->new[0]].end ||
					   a->v[c->old[0]].perms != b->v[c->new[0]].perms)) {
			text_vmas(a, c->old, c->nold);
			printf(" -> ");
			text_vmas(b, c->new, c->nnew);
		} else if (c->nnew) {
			text_vmas(b, c->new, c->nnew);
		} else {
			text_vmas(a, c->old, c->nold);
		}
		printf(" %s\n   ", vma_label(v));
		for (x = 0; x < NDELTA; x++)
			if (c->delta[x])
				printf(" %s %+" PRId64, delta_keys[x], c->delta[x]);
		for (x = 0; x < P_NR; x++) {
			tot[x] += c->pages[x];
			if (c->pages[x])
				printf(" pages %s %" PRIu64, page_what[x], c->pages[x]);
		}
		printf("\n");
	}
	if (!shown)
		printf("\nno VMA changed\n");
	printf("\ntask: rss_anon %+" PRId64 " kB, rss_file %+" PRId64 " kB, rss_shmem %+" PRId64
	       " kB, swap %+" PRId64 " kB, page tables %+" PRId64 " bytes, VMAs %+" PRId64 "\n",
	       (int64_t)(b->rss_anon - a->rss_anon), (int64_t)(b->rss_file - a->rss_file),
	       (int64_t)(b->rss_shmem - a->rss_shmem), (int64_t)(b->swap - a->swap),
	       (int64_t)(b->pgtables - a->pgtables), (int64_t)(b->map_count - a->map_count));
	if (a->pages && b->pages) {
		printf("pages:\n");
		for (x = 0; x < P_NR; x++)
			printf("  %-52s %10" PRIu64 "\n", page_text[x], tot[x]);
	}
}

static void json_vmas(struct json *j, const char *key, const struct snap *s,
		      const size_t *idx, size_t n)
{
	size_t x;

	json_arr_begin(j, key);
	for (x = 0; x < n; x++) {
		const struct svma *v = &s->v[idx[x]];
		char perms[5];

		snap_perms(v->perms, perms);
		json_obj_begin(j, NULL);
		json_hex(j, "start", v->start);
		json_hex(j, "end", v->end);
		json_str(j, "perms", perms);
		json_str(j, "name", vma_label(v));
		json_obj_end(j);
	}
	json_arr_end(j);
}

static void print_json(const struct snap *a, const struct snap *b, const struct diff *d)
{
	uint64_t tot[P_NR] = { 0 };
	struct json j;
	size_t k, x;

	json_init(&j, stdout);
	json_obj_begin(&j, NULL);
	json_u64(&j, "mmscope_diff", SNAP_VERSION);
	json_u64(&j, "pid", b->pid);
	json_u64(&j, "from_ns", a->time_ns);
	json_u64(&j, "to_ns", b->time_ns);
	json_arr_begin(&j, "changes");
	for (k = 0; k < d->n; k++) {
		const struct change *c = &d->ch[k];

		if (!changed(c))
			continue;
		json_obj_begin(&j, NULL);
		json_arr_begin(&j, "what");
		for (x = 0; x < (size_t)c->nwhat; x++)
			json_str(&j, NULL, c->what[x]);
		json_arr_end(&j);
		json_vmas(&j, "old", a, c->old, c->nold);
		json_vmas(&j, "new", b, c->new, c->nnew);
		json_obj_begin(&j, "delta_kb");
		for (x = 0; x < NDELTA; x++) {
			char buf[32];

			/* a signed figure: JSON numbers, written as text */
			snprintf(buf, sizeof(buf), "%" PRId64, c->delta[x]);
			json_raw(&j, delta_keys[x], buf);
		}
		json_obj_end(&j);
		if (a->pages && b->pages) {
			json_obj_begin(&j, "pages");
			for (x = 0; x < P_NR; x++) {
				json_u64(&j, page_what[x], c->pages[x]);
				tot[x] += c->pages[x];
			}
			json_obj_end(&j);
		}
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_begin(&j, "task");
	{
		const struct { const char *k; uint64_t o, n; } t[] = {
			{ "rss_anon_kb", a->rss_anon, b->rss_anon },
			{ "rss_file_kb", a->rss_file, b->rss_file },
			{ "rss_shmem_kb", a->rss_shmem, b->rss_shmem },
			{ "swap_kb", a->swap, b->swap },
			{ "pgtables_bytes", a->pgtables, b->pgtables },
			{ "map_count", a->map_count, b->map_count },
		};
		for (x = 0; x < sizeof(t) / sizeof(t[0]); x++) {
			char buf[32];

			snprintf(buf, sizeof(buf), "%" PRId64, (int64_t)(t[x].n - t[x].o));
			json_raw(&j, t[x].k, buf);
		}
	}
	json_obj_end(&j);
	if (a->pages && b->pages) {
		json_obj_begin(&j, "pages");
		for (x = 0; x < P_NR; x++)
			json_u64(&j, page_what[x], tot[x]);
		json_obj_end(&j);
	} else {
		json_null(&j, "pages");
	}
	json_obj_end(&j);
	json_finish(&j);
}

static int show_diff(struct snap *a, struct snap *b, bool json)
{
	struct diff d;

	if (a->page_size != b->page_size) {
		fprintf(stderr, "%s: diff: snapshots of different page sizes\n", prog);
		return EXIT_USAGE;
	}
	if (compare(a, b, &d)) {
		fprintf(stderr, "%s: diff: out of memory\n", prog);
		return EXIT_FAILED;
	}
	if (json)
		print_json(a, b, &d);
	else
		print_text(a, b, &d);
	fflush(stdout);
	diff_free(&d);
	return 0;
}

static int cmd_diff(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 'S' },
		{ "every", required_argument, NULL, 'e' },
		{ "count", required_argument, NULL, 'c' },
		{ "pages", no_argument, NULL, 'P' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *since = NULL;
	double every = 0;
	long count = 0, done = 0;
	bool json = false, pages = false;
	struct snap a, b;
	struct mmscope *m;
	uint32_t pid;
	int c, n, ret;

	n = options_first(&argc, argv, "jh", opts);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(n, argv, "+jh", opts, NULL)) != -1) {
		switch (c) {
		case 'S':
			since = optarg;
			break;
		case 'e':
			every = parse_seconds("diff", optarg);
			if (every <= 0)
				die_usage("diff", "--every '%s': not a positive time", optarg);
			break;
		case 'c': {
			char *end;

			count = strtol(optarg, &end, 10);
			if (*end || count <= 0)
				die_usage("diff", "--count '%s': not a positive number", optarg);
			break;
		}
		case 'P':
			pages = true;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			help_diff(stdout);
			return 0;
		default:
			die_usage("diff", "unknown option or missing value '%s'",
				  argv[optind - 1]);
		}
	}
	n = argc - optind;
	if (since && every)
		die_usage("diff", "%s", "--since and --every exclude each other");
	if (!since && !every) {
		if (n != 2)
			die_usage("diff", "%s", "expected OLD and NEW snapshot files (or PID with --since or --every)");
		ret = snap_load(argv[optind], &a);
		if (ret)
			return ret;
		ret = snap_load(argv[optind + 1], &b);
		if (!ret)
			ret = show_diff(&a, &b, json);
		snap_free(&a);
		snap_free(&b);
		return ret;
	}
	if (n != 1)
		die_usage("diff", "%s", "expected exactly one PID");
	pid = parse_pid("diff", argv[optind]);
	if (since) {
		ret = snap_load(since, &a);
		if (ret)
			return ret;
		pages = a.pages;
	}
	m = open_or_exit();
	if (!since) {
		ret = snap_take(m, pid, pages, &a);
		if (ret) {
			mmscope_close(m);
			return ret;
		}
		catch_signals();
	}
	for (;;) {
		if (every) {
			double until = now_s() + every;

			while (!stop_now && now_s() < until)
				usleep(20000);
			if (stop_now)
				break;
		}
		ret = snap_take(m, pid, pages, &b);
		if (ret)
			break;
		ret = show_diff(&a, &b, json);
		snap_free(&a);
		a = b;
		if (ret || !every || (count && ++done == count))
			break;
	}
	snap_free(&a);
	mmscope_close(m);
	return ret;
}
COMMAND(67, "diff", "OLD NEW | PID", "what changed: VMAs by identity, figures, pages",
	cmd_diff, help_diff, NULL, 0);

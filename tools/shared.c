// SPDX-License-Identifier: GPL-2.0
/*
 * mmscope shared: the physical pages that processes really share.  Each
 * process's present pages come from one page-table dump with the struct
 * page behind each entry (PT_GET, leaves, with PAGE), so that a page is
 * its PFN, whoever maps it; the pages of all of them, sorted by PFN, give
 * which are mapped by more than one process, of which kind, and by which
 * VMAs.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/libmmscope.h"
#include "lib/json.h"
#include "cmd.h"

#define MAX_PIDS	16

enum kind { K_ANON, K_FILE, K_SHMEM, K_KSM, K_ZERO, K_OTHER, K_NR };

static const char *const kind_name[K_NR] = {
	"anon", "file", "shmem", "ksm", "zero", "other",
};

static const char *const kind_text[K_NR] = {
	"anonymous, not yet copied on write", "file (page cache)",
	"shmem, SysV, memfd", "KSM-merged", "the zero page",
	"other (no struct page: PFN maps, reserved)",
};

struct page_ref {
	uint64_t pfn;
	uint16_t proc;		/* index in the pids given */
	uint8_t kind;
	uint32_t vma;		/* index in that process's VMAs */
};

struct proc {
	uint32_t pid;
	struct mmscope_vma *vmas;
	size_t nvmas, capvmas;
	uint64_t exclusive[K_NR];	/* pages */
};

struct collect {
	struct proc *p;
	uint16_t idx;
	struct page_ref *refs;
	size_t n, cap;
	uint64_t page_size;
	int err;
};

static void help_shared(FILE *f)
{
	fprintf(f,
		"Usage: %s shared [--json] PID PID...\n"
		"\n"
		"The physical pages mapped by more than one of the processes (2 to %d),\n"
		"found by their page-frame numbers in each one's live page tables: in\n"
		"all, by kind (anonymous pages still shared after fork, not yet copied\n"
		"on write; file pages of the page cache; shmem, SysV and memfd pages;\n"
		"KSM-merged pages; the zero page), and per group of VMAs that map them\n"
		"together; then the pages each process maps alone.  A page counts once,\n"
		"however many times it is mapped; sizes in kB.  The processes are read\n"
		"one after the other: pages that move meanwhile may be missed.\n"
		"  --json              one JSON object, sizes in kB\n",
		prog, MAX_PIDS);
}

static int add_vma(const struct mmscope_vma *v, void *arg)
{
	struct proc *p = arg;

	if (grow_array(&p->vmas, &p->capvmas, p->nvmas + 1, sizeof(*p->vmas), 64))
		return -ENOMEM;
	p->vmas[p->nvmas++] = *v;
	return 0;
}

static uint32_t vma_of(const struct proc *p, uint64_t addr)
{
	size_t lo = 0, hi = p->nvmas;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (p->vmas[mid].end <= addr)
			lo = mid + 1;
		else if (p->vmas[mid].start > addr)
			hi = mid;
		else
			return mid;
	}
	return UINT32_MAX;
}

static enum kind kind_of(const struct mmscope_pt_rec *r)
{
	uint32_t f = r->page.flags;

	if (f & (MMSCOPE_PAGE_F_ZERO | MMSCOPE_PAGE_F_HUGE_ZERO))
		return K_ZERO;
	if (!r->has_page || (f & MMSCOPE_PAGE_F_RESERVED))
		return K_OTHER;
	if (f & MMSCOPE_PAGE_F_KSM)
		return K_KSM;
	if (f & MMSCOPE_PAGE_F_ANON)
		return K_ANON;
	if (f & MMSCOPE_PAGE_F_SWAPBACKED)
		return K_SHMEM;
	return K_FILE;
}

static int add_pages(const struct mmscope_pt_rec *r, void *arg)
{
	struct collect *c = arg;
	uint64_t n = (r->end - r->start) / c->page_size, i;
	enum kind k = kind_of(r);

	if (!r->has_pfn || r->kind != MMSCOPE_PTE_PRESENT)
		return 0;
	for (i = 0; i < n; i++) {
		if (grow_array(&c->refs, &c->cap, c->n + 1, sizeof(*c->refs), 4096))
			return -ENOMEM;
		c->refs[c->n++] = (struct page_ref){
			.pfn = r->pfn + i, .proc = c->idx, .kind = k,
			.vma = vma_of(c->p, r->start + i * c->page_size),
		};
	}
	return 0;
}

static int by_pfn(const void *a, const void *b)
{
	const struct page_ref *x = a, *y = b;

	if (x->pfn != y->pfn)
		return x->pfn < y->pfn ? -1 : 1;
	if (x->proc != y->proc)
		return x->proc - y->proc;
	return x->vma < y->vma ? -1 : x->vma > y->vma;
}

/* A group of VMAs mapping the same pages: one VMA per process at most. */
struct group {
	uint32_t vma[MAX_PIDS];		/* UINT32_MAX: that process is not in */
	uint64_t pages[K_NR];
};

struct result {
	struct group *g;
	size_t n, cap;
	uint64_t shared[K_NR];		/* pages */
};

static struct group *group_of(struct result *res, const uint32_t *vma, int nproc)
{
	size_t i;

	for (i = 0; i < res->n; i++)
		if (!memcmp(res->g[i].vma, vma, nproc * sizeof(*vma)))
			return &res->g[i];
	if (grow_array(&res->g, &res->cap, res->n + 1, sizeof(*res->g), 32))
		return NULL;
	memset(&res->g[res->n], 0, sizeof(res->g[0]));
	memcpy(res->g[res->n].vma, vma, nproc * sizeof(*vma));
	return &res->g[res->n++];
}

/* Sweep the sorted pages: each PFN once, with the processes that map it. */
static int sweep(struct page_ref *refs, size_t n, struct proc *procs, int nproc,
		 struct result *res)
{
	size_t i = 0;

	while (i < n) {
		uint32_t vma[MAX_PIDS];
		size_t j = i;
		int k, in = 0;

		for (k = 0; k < nproc; k++)
			vma[k] = UINT32_MAX;
		for (; j < n && refs[j].pfn == refs[i].pfn; j++) {
			if (vma[refs[j].proc] == UINT32_MAX) {
				vma[refs[j].proc] = refs[j].vma;
				in++;
			}
		}
		if (in > 1) {
			struct group *g = group_of(res, vma, nproc);

			if (!g)
				return -ENOMEM;
			g->pages[refs[i].kind]++;
			res->shared[refs[i].kind]++;
		} else {
			procs[refs[i].proc].exclusive[refs[i].kind]++;
		}
		i = j;
	}
	return 0;
}

static uint64_t sum(const uint64_t *v)
{
	uint64_t s = 0;
	int k;

	for (k = 0; k < K_NR; k++)
		s += v[k];
	return s;
}

/* The biggest groups first. */
static int by_size(const void *a, const void *b)
{
	uint64_t x = sum(((const struct group *)a)->pages);
	uint64_t y = sum(((const struct group *)b)->pages);

	return x < y ? 1 : x > y ? -1 : 0;
}

static const char *vma_label(const struct mmscope_vma *v)
{
	return v->name[0] ? v->name : "[anon]";
}

static void print_json(struct proc *procs, int nproc, const struct result *res,
		       uint64_t kb)
{
	struct json j;
	size_t i;
	int k, p;

	json_init(&j, stdout);
	json_obj_begin(&j, NULL);
	json_arr_begin(&j, "pids");
	for (p = 0; p < nproc; p++)
		json_u64(&j, NULL, procs[p].pid);
	json_arr_end(&j);
	json_obj_begin(&j, "shared_kb");
	json_u64(&j, "total", sum(res->shared) * kb);
	for (k = 0; k < K_NR; k++)
		json_u64(&j, kind_name[k], res->shared[k] * kb);
	json_obj_end(&j);
	json_arr_begin(&j, "groups");
	for (i = 0; i < res->n; i++) {
		json_obj_begin(&j, NULL);
		json_arr_begin(&j, "vmas");
		for (p = 0; p < nproc; p++) {
			const struct mmscope_vma *v;

			if (res->g[i].vma[p] == UINT32_MAX)
				continue;
			json_obj_begin(&j, NULL);
			json_u64(&j, "pid", procs[p].pid);
			if (res->g[i].vma[p] < procs[p].nvmas) {
				v = &procs[p].vmas[res->g[i].vma[p]];
				json_hex(&j, "start", v->start);
				json_hex(&j, "end", v->end);
				json_str(&j, "name", vma_label(v));
			}
			json_obj_end(&j);
		}
		json_arr_end(&j);
		json_obj_begin(&j, "kb");
		for (k = 0; k < K_NR; k++)
			json_u64(&j, kind_name[k], res->g[i].pages[k] * kb);
		json_obj_end(&j);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_arr_begin(&j, "exclusive");
	for (p = 0; p < nproc; p++) {
		json_obj_begin(&j, NULL);
		json_u64(&j, "pid", procs[p].pid);
		json_obj_begin(&j, "kb");
		json_u64(&j, "total", sum(procs[p].exclusive) * kb);
		for (k = 0; k < K_NR; k++)
			json_u64(&j, kind_name[k], procs[p].exclusive[k] * kb);
		json_obj_end(&j);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	json_finish(&j);
}

static void print_text(struct proc *procs, int nproc, const struct result *res,
		       uint64_t kb)
{
	size_t i;
	int k, p;

	printf("shared by more than one of them: %llu kB\n",
	       (unsigned long long)(sum(res->shared) * kb));
	for (k = 0; k < K_NR; k++)
		if (res->shared[k])
			printf("  %-44s %10llu kB\n", kind_text[k],
			       (unsigned long long)(res->shared[k] * kb));
	if (res->n)
		printf("\nby the VMAs that map them together:\n");
	for (i = 0; i < res->n; i++) {
		const char *sep = "  ";

		for (p = 0; p < nproc; p++) {
			const struct mmscope_vma *v;

			if (res->g[i].vma[p] == UINT32_MAX)
				continue;
			if (res->g[i].vma[p] >= procs[p].nvmas) {
				printf("%s%u ?", sep, procs[p].pid);
			} else {
				v = &procs[p].vmas[res->g[i].vma[p]];
				printf("%s%u %llx-%llx %s", sep, procs[p].pid,
				       (unsigned long long)v->start,
				       (unsigned long long)v->end, vma_label(v));
			}
			sep = "  +  ";
		}
		printf("\n     ");
		for (k = 0; k < K_NR; k++)
			if (res->g[i].pages[k])
				printf(" %s %llu kB", kind_name[k],
				       (unsigned long long)(res->g[i].pages[k] * kb));
		printf("\n");
	}
	printf("\nmapped by one of them only:\n");
	for (p = 0; p < nproc; p++) {
		printf("  %-8u %10llu kB:", procs[p].pid,
		       (unsigned long long)(sum(procs[p].exclusive) * kb));
		for (k = 0; k < K_NR; k++)
			if (procs[p].exclusive[k])
				printf(" %s %llu", kind_name[k],
				       (unsigned long long)(procs[p].exclusive[k] * kb));
		printf("\n");
	}
}

static int cmd_shared(int argc, char **argv)
{
	struct mmscope_pt_req req = {
		.flags = MMSCOPE_REQ_F_PAGE, .level = MMSCOPE_LEVEL_LEAVES,
	};
	struct proc procs[MAX_PIDS] = { 0 };
	struct collect c = { 0 };
	struct result res = { 0 };
	struct common_opts o;
	struct mmscope_info info;
	struct mmscope *m;
	int i, nproc, p, ret = 0;
	char what[64];

	i = parse_common("shared", &argc, argv, &o, help_shared, 0);
	nproc = argc - i;
	if (nproc < 2)
		die_usage("shared", "%s", "needs at least two PIDs");
	if (nproc > MAX_PIDS)
		die_usage("shared", "%s", "at most 16 PIDs");
	for (p = 0; p < nproc; p++) {
		int q;

		procs[p].pid = parse_pid("shared", argv[i + p]);
		for (q = 0; q < p; q++)
			if (procs[q].pid == procs[p].pid)
				die_usage("shared", "PID %s given twice", argv[i + p]);
	}
	m = open_or_exit();
	if (mmscope_info_get(m, &info)) {
		ret = report("shared", &m->err);
		goto out;
	}
	c.page_size = info.page_size;
	for (p = 0; p < nproc; p++) {
		snprintf(what, sizeof(what), "shared %u", procs[p].pid);
		ret = mmscope_vma_dump(m, procs[p].pid, add_vma, &procs[p]);
		c.p = &procs[p];
		c.idx = p;
		if (!ret)
			ret = mmscope_pt_dump(m, procs[p].pid, &req, add_pages, &c);
		if (ret) {
			ret = report(what, &m->err);
			goto out;
		}
	}
	qsort(c.refs, c.n, sizeof(*c.refs), by_pfn);
	if (sweep(c.refs, c.n, procs, nproc, &res)) {
		fprintf(stderr, "%s: shared: out of memory\n", prog);
		ret = EXIT_FAILED;
		goto out;
	}
	qsort(res.g, res.n, sizeof(*res.g), by_size);
	if (o.json)
		print_json(procs, nproc, &res, c.page_size >> 10);
	else
		print_text(procs, nproc, &res, c.page_size >> 10);
out:
	mmscope_close(m);
	for (p = 0; p < nproc; p++)
		free(procs[p].vmas);
	free(c.refs);
	free(res.g);
	return ret;
}

COMMAND(75, "shared", "PID PID...", "the physical pages processes share, by kind and VMA",
	cmd_shared, help_shared, NULL, 0);

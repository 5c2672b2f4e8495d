// SPDX-License-Identifier: GPL-2.0
/*
 * mmscope pt / vtop / ptstat against the kernel's own interfaces read in
 * the same VM: /proc/PID/pagemap (PFN, present, swapped, swap type and
 * offset, soft-dirty, exclusively mapped, file/shared), /proc/kpageflags,
 * /proc/kpagecount and /proc/PID/status (VmPTE).
 */
#include "lib/common.h"

#include <sys/prctl.h>

#include "lib/harness.h"

#define MiB (1UL << 20)
#define PM_PFN_MASK	((1ULL << 55) - 1)
#define PM_SOFT_DIRTY	(1ULL << 55)
#define PM_EXCLUSIVE	(1ULL << 56)
#define PM_FILE		(1ULL << 61)
#define PM_SWAP		(1ULL << 62)
#define PM_PRESENT	(1ULL << 63)

#define KPF_REFERENCED	2
#define KPF_LRU		5
#define KPF_COMPOUND_HEAD 15
#define KPF_COMPOUND_TAIL 16
#define KPF_HUGE	17
#define KPF_ANON	12
#define KPF_SWAPCACHE	13
#define KPF_SWAPBACKED	14
#define KPF_KSM		21
#define KPF_THP		22
#define KPF_ZERO_PAGE	24
#define KPF_MLOCKED	33

static long ps;

/* ---- the target -------------------------------------------------- */

struct layout {
	char *anon, *file_priv, *file_shared, *shared_anon, *thp, *zero;
	char *swapped, *prot_none, *ro, *locked;
};

static struct layout *lay;	/* in shared memory: the test reads it */

static char *map_aligned(size_t size, size_t align)
{
	char *p = mmap(NULL, size + align, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *a;

	if (p == MAP_FAILED)
		_exit(20);
	a = (char *)(((unsigned long)p + align - 1) & ~(align - 1));
	return a;
}

static void build(void *arg)
{
	char path[64];
	int fd, i;

	lay->anon = map_aligned(64 * ps, ps);
	madvise(lay->anon, 64 * ps, MADV_NOHUGEPAGE);
	memset(lay->anon, 1, 32 * ps);
	snprintf(path, sizeof(path), "/tmp/pt_test.%d", getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, 16 * ps))
		_exit(21);
	lay->file_priv = mmap(NULL, 8 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	lay->file_shared = mmap(NULL, 8 * ps, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 8 * ps);
	if (lay->file_priv == MAP_FAILED || lay->file_shared == MAP_FAILED)
		_exit(22);
	for (i = 0; i < 8; i++)
		(void)*(volatile char *)(lay->file_priv + i * ps);
	lay->file_priv[0] = 1;		/* COW */
	memset(lay->file_shared, 2, 4 * ps);
	close(fd);
	unlink(path);
	lay->shared_anon = mmap(NULL, 8 * ps, PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	memset(lay->shared_anon, 3, 8 * ps);
	lay->thp = map_aligned(4 * MiB, 2 * MiB);
	madvise(lay->thp, 4 * MiB, MADV_HUGEPAGE);
	memset(lay->thp, 4, 2 * MiB);
	lay->zero = map_aligned(16 * ps, ps);
	madvise(lay->zero, 16 * ps, MADV_NOHUGEPAGE);
	for (i = 0; i < 16; i++)
		(void)*(volatile char *)(lay->zero + i * ps);
	lay->swapped = map_aligned(32 * ps, ps);
	madvise(lay->swapped, 32 * ps, MADV_NOHUGEPAGE);
	memset(lay->swapped, 5, 32 * ps);
	for (i = 0; i < 5; i++)
		madvise(lay->swapped, 32 * ps, MADV_PAGEOUT);
	lay->prot_none = map_aligned(8 * ps, ps);
	madvise(lay->prot_none, 8 * ps, MADV_NOHUGEPAGE);
	memset(lay->prot_none, 6, 8 * ps);
	mprotect(lay->prot_none, 8 * ps, PROT_NONE);
	lay->ro = map_aligned(8 * ps, ps);
	madvise(lay->ro, 8 * ps, MADV_NOHUGEPAGE);
	memset(lay->ro, 7, 8 * ps);
	mprotect(lay->ro, 8 * ps, PROT_READ);
	lay->locked = map_aligned(8 * ps, ps);
	memset(lay->locked, 8, 8 * ps);
	mlock(lay->locked, 8 * ps);
}

FIXTURE(target) {
	pid_t pid;
	struct mmscope *m;
};

FIXTURE_SETUP(target)
{
	struct mmscope_error err;

	ps = sysconf(_SC_PAGESIZE);
	lay = mmap(NULL, sizeof(*lay), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, lay);
	self->pid = spawn_child(build, NULL);
	ASSERT_LT(0, self->pid);
	ASSERT_EQ(0, mmscope_open(&self->m, &err));
}

FIXTURE_TEARDOWN(target)
{
	mmscope_close(self->m);
	kill_child(self->pid);
}

/* ---- helpers ------------------------------------------------------ */

struct recs {
	struct mmscope_pt_rec *r;
	size_t n, cap;
};

static int collect(const struct mmscope_pt_rec *r, void *arg)
{
	struct recs *c = arg;

	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 1024;
		c->r = realloc(c->r, c->cap * sizeof(*c->r));
		if (!c->r)
			return -ENOMEM;
	}
	c->r[c->n++] = *r;
	return 0;
}

static int dump(struct mmscope *m, pid_t pid, uint32_t flags, int level,
		uint64_t start, uint64_t end, struct recs *out)
{
	struct mmscope_pt_req req = {
		.flags = flags, .level = level, .start = start, .end = end,
	};

	memset(out, 0, sizeof(*out));
	return mmscope_pt_dump(m, pid, &req, collect, out);
}

/* The leaf record covering @addr, or NULL. */
static const struct mmscope_pt_rec *find(const struct recs *c, uint64_t addr)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (c->r[mid].end <= addr)
			lo = mid + 1;
		else if (c->r[mid].start > addr)
			hi = mid;
		else
			return &c->r[mid];
	}
	return NULL;
}

static uint64_t read_u64_at(int fd, off_t off)
{
	uint64_t v = 0;

	if (pread(fd, &v, sizeof(v), off) != sizeof(v))
		return ~0ULL;
	return v;
}

/* VMAs with VM_SOFTDIRTY: pagemap reports every page of them soft-dirty. */
struct sd_vmas {
	uint64_t start[256], end[256];
	int n;
};

static int note_sd(const struct mmscope_vma *v, void *arg)
{
	struct sd_vmas *s = arg;

	if (strstr(v->vmflags, "sd ") && s->n < 256) {
		s->start[s->n] = v->start;
		s->end[s->n++] = v->end;
	}
	return 0;
}

static bool in_sd_vma(const struct sd_vmas *s, uint64_t a)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (a >= s->start[i] && a < s->end[i])
			return true;
	return false;
}

/* ---- tests -------------------------------------------------------- */

/*
 * Every page of every VMA: our entries against pagemap, and the pages
 * behind them against kpageflags and kpagecount.
 */
TEST_F(target, entries_equal_pagemap_kpageflags_kpagecount)
{
	char path[64], *maps = proc_read(self->pid, "maps"), *line;
	int pm, kf = open("/proc/kpageflags", O_RDONLY);
	int kc = open("/proc/kpagecount", O_RDONLY);
	unsigned long pages = 0, present = 0, swapped = 0, bad = 0;
	unsigned long huge = 0, zero = 0, protnone = 0, file = 0;
	struct sd_vmas sd = { .n = 0 };
	char *ksm = read_file("/sys/kernel/mm/ksm/pages_shared", NULL);
	/*
	 * With no page merged by KSM, no page is KSM: 6.12's kpageflags then
	 * still sets KPF_KSM on every anonymous page (it tests the mapping's
	 * low bits against PAGE_MAPPING_KSM with "&"), so its KPF_KSM is
	 * compared only while KSM has merged something.
	 */
	bool ksm_active = ksm && atol(ksm) > 0;
	struct recs c;

	ASSERT_NE(NULL, maps);
	ASSERT_EQ(0, mmscope_vma_dump(self->m, self->pid, note_sd, &sd));
	ASSERT_LE(0, kf);
	ASSERT_LE(0, kc);
	snprintf(path, sizeof(path), "/proc/%d/pagemap", self->pid);
	pm = open(path, O_RDONLY);
	ASSERT_LE(0, pm);
	ASSERT_EQ(0, dump(self->m, self->pid, MMSCOPE_REQ_F_NONPRESENT | MMSCOPE_REQ_F_PAGE,
			  MMSCOPE_LEVEL_LEAVES, 0, 0, &c));
	for (line = maps; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		unsigned long long s, e, a;

		if (sscanf(line, "%llx-%llx", &s, &e) != 2 || strstr(line, "[vsyscall]"))
			continue;
		for (a = s; a < e; a += ps) {
			uint64_t pme = read_u64_at(pm, (a / ps) * 8);
			const struct mmscope_pt_rec *r = find(&c, a);
			bool ours_present = r && (r->kind == MMSCOPE_PTE_PRESENT ||
						  r->kind == MMSCOPE_PTE_PROTNONE);
			bool ours_swap = r && r->kind == MMSCOPE_PTE_SWAP;
			uint64_t pfn;

			pages++;
			if (!!(pme & PM_PRESENT) != ours_present ||
			    !!(pme & PM_SWAP) != ours_swap) {
				if (bad++ < 5)
					fprintf(stderr, "# %llx: pagemap %#llx, mmscope %s\n", a,
						(unsigned long long)pme,
						r ? mmscope_pte_kind_name(r->kind) : "nothing");
				continue;
			}
			if (!r)
				continue;
			/* pagemap: the entry's bit, or the VMA's VM_SOFTDIRTY */
			if (!!(pme & PM_SOFT_DIRTY) !=
			    (!!(r->flags & MMSCOPE_PTE_F_SOFT_DIRTY) || in_sd_vma(&sd, a))) {
				if (bad++ < 5)
					fprintf(stderr, "# %llx: soft-dirty differs\n", a);
			}
			if (ours_swap) {
				swapped++;
				if ((pme & 0x1f) != r->swap_type ||
				    ((pme & PM_PFN_MASK) >> 5) != r->swap_offset) {
					if (bad++ < 5)
						fprintf(stderr, "# %llx: swap %llu:%#llx vs %u:%#llx\n", a,
							(unsigned long long)(pme & 0x1f),
							(unsigned long long)((pme & PM_PFN_MASK) >> 5),
							r->swap_type, (unsigned long long)r->swap_offset);
				}
				continue;
			}
			if (!ours_present)
				continue;
			present++;
			pfn = r->pfn + ((a - r->start) / ps);
			if ((pme & PM_PFN_MASK) != pfn) {
				if (bad++ < 5)
					fprintf(stderr, "# %llx: pfn %#llx vs %#llx\n", a,
						(unsigned long long)(pme & PM_PFN_MASK),
						(unsigned long long)pfn);
				continue;
			}
			if (r->level == MMSCOPE_LEVEL_PMD)
				huge++;
			if (r->kind == MMSCOPE_PTE_PROTNONE)
				protnone++;
			if (!r->has_page)
				continue;
			if (r->page.flags & MMSCOPE_PAGE_F_ZERO) {
				uint64_t kflags = read_u64_at(kf, pfn * 8);

				zero++;
				if (!(kflags & (1ULL << KPF_ZERO_PAGE)) && bad++ < 5)
					fprintf(stderr, "# %llx: zero page without KPF_ZERO_PAGE\n", a);
				continue;
			}
			/* the page of a huge leaf: compare the head */
			if (r->start == a || r->level == MMSCOPE_LEVEL_PTE) {
				uint64_t kflags = read_u64_at(kf, pfn * 8);
				uint64_t kcount = read_u64_at(kc, pfn * 8);
				uint32_t pf = r->page.flags;
				bool anon = kflags & (1ULL << KPF_ANON);

				if (!anon)
					file++;
				bool kksm = ksm_active && (kflags & (1ULL << KPF_KSM));

				if (anon != !!(pf & MMSCOPE_PAGE_F_ANON) ||
				    kksm != !!(pf & MMSCOPE_PAGE_F_KSM) ||
				    !!(kflags & (1ULL << KPF_SWAPBACKED)) !=
				    !!(pf & MMSCOPE_PAGE_F_SWAPBACKED) ||
				    !!(kflags & (1ULL << KPF_MLOCKED)) != !!(pf & MMSCOPE_PAGE_F_MLOCKED) ||
				    !!(kflags & (1ULL << KPF_COMPOUND_HEAD)) != !!(pf & MMSCOPE_PAGE_F_HEAD) ||
				    kcount != r->page.mapcount) {
					if (bad++ < 5)
						fprintf(stderr, "# %llx pfn %#llx: kpageflags %#llx count %llu, mmscope flags %#x mapcount %u\n",
							a, (unsigned long long)pfn,
							(unsigned long long)kflags,
							(unsigned long long)kcount, pf,
							r->page.mapcount);
				}
				/* pagemap: exclusively mapped, file/shared */
				if (!!(pme & PM_EXCLUSIVE) != (r->page.mapcount == 1) ||
				    !!(pme & PM_FILE) != !(pf & MMSCOPE_PAGE_F_ANON)) {
					if (bad++ < 5)
						fprintf(stderr, "# %llx: pagemap %#llx, mapcount %u flags %#x\n",
							a, (unsigned long long)pme,
							r->page.mapcount, pf);
				}
			}
		}
	}
	TH_LOG("%lu pages: %lu present, %lu swapped, %lu THP, %lu zero, %lu protnone, %lu file",
	       pages, present, swapped, huge, zero, protnone, file);
	EXPECT_EQ(0, bad);
	/* the layout made all of these: the comparison covered them */
	EXPECT_LT(0, swapped);
	if (have_thp()) {
		EXPECT_LT(0, huge);
	} else {
		TH_LOG("this kernel has no THP (PREEMPT_RT): no PMD leaves compared");
	}
	EXPECT_LT(0, zero);
	EXPECT_LT(0, protnone);
	EXPECT_LT(0, file);
	free(c.r);
	free(maps);
	free(ksm);
	close(pm);
	close(kf);
	close(kc);
}

/* A THP region: one PMD leaf with the huge flag, mapping 2 MiB. */
TEST_F(target, thp_is_one_pmd_leaf)
{
	uint64_t a = (uint64_t)(unsigned long)lay->thp;
	struct recs c;

	if (!have_thp())
		SKIP(return, "this kernel has no THP (PREEMPT_RT)");
	ASSERT_EQ(0, dump(self->m, self->pid, MMSCOPE_REQ_F_PAGE, MMSCOPE_LEVEL_LEAVES,
			  a, a + 2 * MiB, &c));
	ASSERT_EQ(1, c.n);
	EXPECT_EQ(MMSCOPE_LEVEL_PMD, c.r[0].level);
	EXPECT_EQ(MMSCOPE_PTE_PRESENT, c.r[0].kind);
	EXPECT_TRUE(c.r[0].flags & MMSCOPE_PTE_F_HUGE);
	EXPECT_EQ(2 * MiB, c.r[0].end - c.r[0].start);
	EXPECT_EQ(9, c.r[0].page.order);
	free(c.r);
}

/* hugetlb: its leaf at its level (PMD for 2 MiB pages). */
static void hugetlb_layout(void *arg)
{
	char *p = mmap(NULL, 4 * MiB, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);

	if (p == MAP_FAILED)
		_exit(30);
	memset(p, 1, 4 * MiB);
	lay->anon = p;
}

TEST(hugetlb_leaf_at_its_level)
{
	struct mmscope_error err;
	struct mmscope_vtop v;
	struct mmscope *m;
	struct recs c;
	char path[64];
	pid_t pid;
	uint64_t a;
	size_t i;
	int pm;

	ps = sysconf(_SC_PAGESIZE);
	lay = mmap(NULL, sizeof(*lay), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid = spawn_child(hugetlb_layout, NULL);
	ASSERT_LT(0, pid) TH_LOG("no hugetlb pages? (vm-setup.sh reserves them)");
	a = (uint64_t)(unsigned long)lay->anon;
	ASSERT_EQ(0, mmscope_open(&m, &err));
	ASSERT_EQ(0, dump(m, pid, MMSCOPE_REQ_F_PAGE, MMSCOPE_LEVEL_LEAVES, a, a + 4 * MiB, &c));
	ASSERT_EQ(2, c.n);
	snprintf(path, sizeof(path), "/proc/%d/pagemap", pid);
	pm = open(path, O_RDONLY);
	ASSERT_LE(0, pm);
	for (i = 0; i < c.n; i++) {
		EXPECT_EQ(MMSCOPE_LEVEL_PMD, c.r[i].level);
		EXPECT_TRUE(c.r[i].flags & MMSCOPE_PTE_F_HUGE);
		EXPECT_TRUE(c.r[i].page.flags & MMSCOPE_PAGE_F_HUGETLB);
		EXPECT_EQ(2 * MiB, c.r[i].end - c.r[i].start);
		EXPECT_EQ(read_u64_at(pm, (c.r[i].start / ps) * 8) & PM_PFN_MASK, c.r[i].pfn);
	}
	ASSERT_EQ(0, mmscope_vtop(m, pid, a + 12345, &v));
	EXPECT_EQ(MMSCOPE_LEVEL_PMD, v.rec[v.n - 1].level);
	EXPECT_EQ(c.r[0].pfn * ps + 12345, v.rec[v.n - 1].phys);
	free(c.r);
	close(pm);
	mmscope_close(m);
	kill_child(pid);
}

/* mprotect: rw cleared; PROT_NONE: protnone, not present, right PFN. */
TEST_F(target, mprotect_and_prot_none)
{
	uint64_t ro = (uint64_t)(unsigned long)lay->ro;
	uint64_t pn = (uint64_t)(unsigned long)lay->prot_none;
	char path[64];
	struct recs c;
	size_t i;
	int pm;

	ASSERT_EQ(0, dump(self->m, self->pid, 0, MMSCOPE_LEVEL_LEAVES, ro, ro + 8 * ps, &c));
	ASSERT_EQ(8, c.n);
	for (i = 0; i < c.n; i++) {
		EXPECT_FALSE(c.r[i].flags & MMSCOPE_PTE_F_RW);
		EXPECT_TRUE(c.r[i].flags & MMSCOPE_PTE_F_PRESENT);
	}
	free(c.r);
	snprintf(path, sizeof(path), "/proc/%d/pagemap", self->pid);
	pm = open(path, O_RDONLY);
	ASSERT_LE(0, pm);
	ASSERT_EQ(0, dump(self->m, self->pid, 0, MMSCOPE_LEVEL_LEAVES, pn, pn + 8 * ps, &c));
	ASSERT_EQ(8, c.n);
	for (i = 0; i < c.n; i++) {
		uint64_t pme = read_u64_at(pm, (c.r[i].start / ps) * 8);

		EXPECT_EQ(MMSCOPE_PTE_PROTNONE, c.r[i].kind);
		EXPECT_TRUE(c.r[i].flags & MMSCOPE_PTE_F_PROTNONE);
		EXPECT_FALSE(c.r[i].flags & MMSCOPE_PTE_F_PRESENT);
		EXPECT_EQ(pme & PM_PFN_MASK, c.r[i].pfn);
	}
	free(c.r);
	close(pm);
}

/*
 * The leaf of @v: its last entry that is not a table.
 */
static const struct mmscope_pt_rec *vtop_leaf(const struct mmscope_vtop *v)
{
	const struct mmscope_pt_rec *leaf = NULL;
	int j;

	for (j = 0; j < v->n; j++)
		if (v->rec[j].kind != MMSCOPE_PTE_TABLE)
			leaf = &v->rec[j];
	return leaf;
}

/* The leaf of @v disagrees with pt's record @r (NULL: none) for @a: 1. */
static int vtop_differs(const struct mmscope_vtop *v, const struct mmscope_pt_rec *r,
			uint64_t a)
{
	const struct mmscope_pt_rec *leaf = vtop_leaf(v);

	if (!leaf)
		return 1;
	if (!r)
		return leaf->kind != MMSCOPE_PTE_NONE;
	if (leaf->kind != r->kind || leaf->level != r->level ||
	    leaf->entry != r->entry || leaf->pfn != r->pfn)
		return 1;
	if (leaf->has_phys &&
	    leaf->phys != ((r->pfn + (a - r->start) / ps) * ps | (a & (ps - 1))))
		return 1;
	return 0;
}

/*
 * vtop agrees with pt for 1,000 random addresses of the target.  The
 * target is idle, but its page tables are live: khugepaged may collapse
 * the THP area, reclaim may age an entry (its accessed bit) between the
 * full dump and a vtop.  So an address whose vtop disagrees with the full
 * dump is read again, a one-page pt dump next to a vtop, up to three
 * times; it counts as bad when every reading disagrees.
 */
TEST_F(target, vtop_agrees_with_pt)
{
	char *maps = proc_read(self->pid, "maps"), *line;
	uint64_t ranges[64][2];
	int nr = 0, i, bad = 0, mapped = 0, reread = 0;
	struct recs c;

	ASSERT_NE(NULL, maps);
	for (line = maps; line && *line && nr < 64; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		unsigned long long s, e;

		if (sscanf(line, "%llx-%llx", &s, &e) == 2 && !strstr(line, "[vsyscall]")) {
			ranges[nr][0] = s;
			ranges[nr][1] = e;
			nr++;
		}
	}
	ASSERT_EQ(0, dump(self->m, self->pid, MMSCOPE_REQ_F_NONPRESENT, MMSCOPE_LEVEL_LEAVES,
			  0, 0, &c));
	srand(42);
	for (i = 0; i < 1000; i++) {
		int k = rand() % nr, try;
		uint64_t a = ranges[k][0] + ((uint64_t)rand() * 4096 + rand()) %
			     (ranges[k][1] - ranges[k][0]);
		const struct mmscope_pt_rec *r;
		struct mmscope_vtop v;
		struct recs one;

		ASSERT_EQ(0, mmscope_vtop(self->m, self->pid, a, &v));
		ASSERT_NE(NULL, vtop_leaf(&v));
		mapped += vtop_leaf(&v)->has_phys;
		if (!vtop_differs(&v, find(&c, a), a))
			continue;
		reread++;
		for (try = 0; try < 3; try++) {
			ASSERT_EQ(0, dump(self->m, self->pid, MMSCOPE_REQ_F_NONPRESENT,
					  MMSCOPE_LEVEL_LEAVES, a & ~(uint64_t)(ps - 1),
					  (a & ~(uint64_t)(ps - 1)) + ps, &one));
			ASSERT_EQ(0, mmscope_vtop(self->m, self->pid, a, &v));
			r = find(&one, a);
			k = vtop_differs(&v, r, a);
			if (k && try == 2)
				TH_LOG("%#llx: vtop (%u at level %u, %#llx) and pt (%d at level %d, %#llx) disagree in three readings",
				       (unsigned long long)a, vtop_leaf(&v)->kind,
				       vtop_leaf(&v)->level,
				       (unsigned long long)vtop_leaf(&v)->entry,
				       r ? (int)r->kind : -1, r ? (int)r->level : -1,
				       r ? (unsigned long long)r->entry : 0ULL);
			free(one.r);
			if (!k)
				break;
		}
		bad += k;
	}
	TH_LOG("%d of 1000 random addresses mapped, %d read again", mapped, reread);
	EXPECT_EQ(0, bad);
	EXPECT_LT(100, mapped);
	free(c.r);
	free(maps);
}

/*
 * A range that starts and ends mid-page covers those pages whole: four
 * touched pages, [base + 0x123, base + 3 pages + 0x10), four entries
 * from base.  (A walk that stepped from an unaligned address ran past
 * the PTE table: found by the fuzzer under KASAN.)
 */
TEST_F(target, unaligned_range_is_whole_pages)
{
	uint64_t a = (uint64_t)(unsigned long)lay->anon;
	struct recs c;
	int i;

	ASSERT_EQ(0, dump(self->m, self->pid, 0, MMSCOPE_LEVEL_LEAVES,
			  a + 0x123, a + 3 * ps + 0x10, &c));
	ASSERT_EQ(4, c.n);
	for (i = 0; i < 4; i++) {
		EXPECT_EQ(a + i * ps, c.r[i].start);
		EXPECT_EQ(MMSCOPE_LEVEL_PTE, c.r[i].level);
		EXPECT_EQ(MMSCOPE_PTE_PRESENT, c.r[i].kind);
	}
	free(c.r);
}

/* Outside every VMA: a clear ENOENT. */
TEST_F(target, vtop_unmapped)
{
	struct mmscope_vtop v;

	EXPECT_EQ(-ENOENT, mmscope_vtop(self->m, self->pid, 0x1000, &v));
	EXPECT_NE(NULL, strstr(self->m->err.msg, "no VMA"));
}

/* ptstat: PUD + PMD + PTE table bytes equal VmPTE. */
TEST_F(target, ptstat_equals_vmpte)
{
	struct mmscope_ptstats st;
	char *status;
	uint64_t bytes;

	ASSERT_EQ(0, mmscope_pt_stats(self->m, self->pid, &st));
	status = proc_read(self->pid, "status");
	bytes = mmscope_ptstats_vmpte(&st);
	if (have_thp()) {
		EXPECT_LT(0, st.level[MMSCOPE_LEVEL_PTE].deposited);	/* the THP */
	} else {
		EXPECT_EQ(0, st.level[MMSCOPE_LEVEL_PTE].deposited);
	}
	EXPECT_EQ(status_field(status, "VmPTE"), (long long)(bytes >> 10));
	EXPECT_LT(0, st.level[MMSCOPE_LEVEL_PTE].tables);
	EXPECT_EQ(1, st.level[MMSCOPE_LEVEL_PGD].tables);
	free(status);
}

/* --compact coalesces; --level gives tables; the tool's outputs parse. */
TEST_F(target, compact_levels_and_tool)
{
	char pid[16], vma[32];
	struct recs full, compact, pmds;
	uint64_t a = (uint64_t)(unsigned long)lay->anon;
	struct run r;
	size_t i, covered = 0;

	ASSERT_EQ(0, dump(self->m, self->pid, 0, MMSCOPE_LEVEL_LEAVES, 0, 0, &full));
	ASSERT_EQ(0, dump(self->m, self->pid, MMSCOPE_REQ_F_COMPACT, MMSCOPE_LEVEL_LEAVES,
			  0, 0, &compact));
	EXPECT_LT(compact.n, full.n);
	for (i = 0; i < compact.n; i++)
		covered += compact.r[i].count;
	EXPECT_EQ(full.n, covered);
	ASSERT_EQ(0, dump(self->m, self->pid, 0, MMSCOPE_LEVEL_PMD, 0, 0, &pmds));
	for (i = 0; i < pmds.n; i++)
		EXPECT_EQ(MMSCOPE_LEVEL_PMD, pmds.r[i].level);
	EXPECT_LT(0, pmds.n);
	free(full.r);
	free(compact.r);
	free(pmds.r);

	snprintf(pid, sizeof(pid), "%d", self->pid);
	snprintf(vma, sizeof(vma), "%llx", (unsigned long long)a);
	run_tool(&r, 0, "pt", "--vma", vma, "--page", pid, NULL);
	EXPECT_EQ(0, r.status);
	EXPECT_EQ(32, count_lines(r.out));
	EXPECT_NE(NULL, strstr(r.out, "| page anon"));
	run_free(&r);
	run_tool(&r, 0, "pt", "--json", "--compact", pid, NULL);
	EXPECT_EQ(0, r.status);
	EXPECT_EQ(1, count_lines(r.out));
	EXPECT_NE(NULL, strstr(r.out, "\"entries\":["));
	run_free(&r);
	run_tool(&r, 0, "vtop", pid, vma, NULL);
	EXPECT_EQ(0, r.status);
	EXPECT_NE(NULL, strstr(r.out, "PTE:"));
	EXPECT_NE(NULL, strstr(r.out, "PAGE: pfn"));
	run_free(&r);
	run_tool(&r, 0, "ptstat", pid, NULL);
	EXPECT_EQ(0, r.status);
	EXPECT_NE(NULL, strstr(r.out, "VmPTE"));
	run_free(&r);
	run_tool(&r, 0, "pt", "--level", "pxd", pid, NULL);
	EXPECT_EQ(2, r.status);
	run_free(&r);
}

/* The tool with its stdout in @path; its exit status. */
static int tool_to_file(const char *path, char *const argv[])
{
	const char *tool = getenv("MMSCOPE") ? getenv("MMSCOPE") : "mmscope";
	pid_t pid;
	int st;

	pid = fork();
	if (pid == 0) {
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		if (fd < 0 || dup2(fd, 1) < 0)
			_exit(126);
		execvp(tool, argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/*
 * --format raw: the documented header, then the records the library
 * decodes, one for one, in the same order (the entries are checked
 * against pagemap above).
 */
TEST_F(target, raw_records_are_the_dump)
{
	const char *path = "/tmp/mmscope-pt-raw.bin";
	struct mmscope_raw_header h;
	struct mmscope_pt_entry e;
	struct recs full;
	char pid[16], *argv[] = { "mmscope", "pt", "--format", "raw", "--page", pid, NULL };
	size_t i, n;
	struct stat st;
	struct run r;
	FILE *f;

	snprintf(pid, sizeof(pid), "%d", self->pid);
	ASSERT_EQ(0, dump(self->m, self->pid, MMSCOPE_REQ_F_PAGE, MMSCOPE_LEVEL_LEAVES,
			  0, 0, &full));
	ASSERT_EQ(0, tool_to_file(path, argv));
	ASSERT_EQ(0, stat(path, &st));
	ASSERT_LE(sizeof(h), (size_t)st.st_size);
	f = fopen(path, "r");
	ASSERT_NE(NULL, f);
	ASSERT_EQ(1, fread(&h, sizeof(h), 1, f));
	EXPECT_EQ(0, memcmp(h.magic, "MMSCOPE\0", 8));
	EXPECT_EQ(1, h.version);
	EXPECT_EQ(sizeof(struct mmscope_pt_entry), h.record_size);
	EXPECT_EQ((uint32_t)self->pid, h.pid);
	EXPECT_EQ(MMSCOPE_GENL_VERSION, h.protocol);
	EXPECT_EQ(0, h.reserved);
	ASSERT_EQ(0, (st.st_size - sizeof(h)) % h.record_size);
	n = (st.st_size - sizeof(h)) / h.record_size;
	EXPECT_EQ(full.n, n);
	for (i = 0; i < n && i < full.n; i++) {
		const struct mmscope_pt_rec *x = &full.r[i];

		bool same;

		ASSERT_EQ(1, fread(&e, sizeof(e), 1, f));
		same = e.start == x->start && e.end == x->end && e.level == x->level &&
		       e.kind == x->kind && e.pfn == x->pfn && e.count == x->count &&
		       !(e.has & MMSCOPE_PT_HAS_PAGE) == !x->has_page;
		EXPECT_TRUE(same);
		if (!same) {
			fprintf(stderr, "# record %zu: raw %llx-%llx pfn %llx, dump %llx-%llx pfn %llx\n",
				i, (unsigned long long)e.start, (unsigned long long)e.end,
				(unsigned long long)e.pfn, (unsigned long long)x->start,
				(unsigned long long)x->end, (unsigned long long)x->pfn);
			break;
		}
	}
	fclose(f);
	unlink(path);
	free(full.r);

	/* the refusals */
	run_tool(&r, 0, "pt", "--format", "xml", pid, NULL);
	EXPECT_EQ(2, r.status);
	EXPECT_NE(NULL, strstr(r.err, "not an output format"));
	run_free(&r);
	run_tool(&r, 0, "pt", "--json", "--format", "raw", pid, NULL);
	EXPECT_EQ(2, r.status);
	EXPECT_NE(NULL, strstr(r.err, "two output formats"));
	run_free(&r);
}

/* fork: one PFN, read-only, mapcount 2; the child writes: COW breaks. */
static int cow_pipe[2], go_pipe[2];

static void cow_parent(void *arg)
{
	char *p = map_aligned(ps, ps);
	char c = 0;

	p[0] = 1;
	lay->anon = p;
	if (fork() == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (write(cow_pipe[1], "f", 1) != 1 || read(go_pipe[0], &c, 1) != 1)
			_exit(1);
		p[0] = 2;	/* break COW */
		if (write(cow_pipe[1], "w", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	if (read(cow_pipe[0], &c, 1) != 1)
		_exit(2);
}

TEST(fork_cow)
{
	struct mmscope_error err;
	struct mmscope_vtop pv, cv, pv2, cv2;
	struct mmscope *m;
	char path[64], *children, c;
	pid_t parent, child;
	uint64_t a;

	ps = sysconf(_SC_PAGESIZE);
	lay = mmap(NULL, sizeof(*lay), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_EQ(0, pipe(cow_pipe));
	ASSERT_EQ(0, pipe(go_pipe));
	parent = spawn_child(cow_parent, NULL);
	ASSERT_LT(0, parent);
	snprintf(path, sizeof(path), "task/%d/children", parent);
	children = proc_read(parent, path);
	ASSERT_NE(NULL, children);
	child = atoi(children);
	ASSERT_LT(0, child);
	a = (uint64_t)(unsigned long)lay->anon;
	ASSERT_EQ(0, mmscope_open(&m, &err));

	ASSERT_EQ(0, mmscope_vtop(m, parent, a, &pv));
	ASSERT_EQ(0, mmscope_vtop(m, child, a, &cv));
	ASSERT_LT(0, pv.n);
	ASSERT_LT(0, cv.n);
	{
		const struct mmscope_pt_rec *p = &pv.rec[pv.n - 1], *q = &cv.rec[cv.n - 1];

		EXPECT_EQ(p->pfn, q->pfn);
		EXPECT_FALSE(p->flags & MMSCOPE_PTE_F_RW);
		EXPECT_FALSE(q->flags & MMSCOPE_PTE_F_RW);
		EXPECT_EQ(2, p->page.mapcount);
		EXPECT_TRUE(p->page.shared);
		EXPECT_FALSE(p->page.flags & MMSCOPE_PAGE_F_ANON_EXCLUSIVE);
	}
	/* the child writes */
	ASSERT_EQ(1, write(go_pipe[1], "g", 1));
	ASSERT_EQ(1, read(cow_pipe[0], &c, 1));
	ASSERT_EQ(0, mmscope_vtop(m, parent, a, &pv2));
	ASSERT_EQ(0, mmscope_vtop(m, child, a, &cv2));
	{
		const struct mmscope_pt_rec *p = &pv2.rec[pv2.n - 1], *q = &cv2.rec[cv2.n - 1];

		EXPECT_NE(p->pfn, q->pfn);
		EXPECT_EQ(1, p->page.mapcount);
		EXPECT_FALSE(p->page.shared);
		EXPECT_TRUE(q->flags & MMSCOPE_PTE_F_RW);
		/* a kernel without the bit: never set, and said so in INFO */
		EXPECT_EQ(!!(module_features() & MMSCOPE_FEAT_ANON_EXCLUSIVE),
			  !!(q->page.flags & MMSCOPE_PAGE_F_ANON_EXCLUSIVE));
	}
	mmscope_close(m);
	free(children);
	kill_child(parent);
}

/* munmap empties the range. */
static void unmap_layout(void *arg)
{
	char *p = map_aligned(64 * ps, ps);

	memset(p, 1, 64 * ps);
	lay->anon = p;
	munmap(p + 16 * ps, 16 * ps);
}

TEST(munmap_empties)
{
	struct mmscope_error err;
	struct mmscope_vtop v;
	struct mmscope *m;
	struct recs c;
	pid_t pid;
	uint64_t a;

	ps = sysconf(_SC_PAGESIZE);
	lay = mmap(NULL, sizeof(*lay), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid = spawn_child(unmap_layout, NULL);
	ASSERT_LT(0, pid);
	a = (uint64_t)(unsigned long)lay->anon;
	ASSERT_EQ(0, mmscope_open(&m, &err));
	ASSERT_EQ(0, dump(m, pid, MMSCOPE_REQ_F_NONPRESENT, MMSCOPE_LEVEL_LEAVES,
			  a + 16 * ps, a + 32 * ps, &c));
	EXPECT_EQ(0, c.n);
	free(c.r);
	ASSERT_EQ(0, dump(m, pid, 0, MMSCOPE_LEVEL_LEAVES, a, a + 64 * ps, &c));
	EXPECT_EQ(48, c.n);
	free(c.r);
	EXPECT_EQ(-ENOENT, mmscope_vtop(m, pid, a + 20 * ps, &v));
	mmscope_close(m);
	kill_child(pid);
}

TEST_HARNESS_MAIN

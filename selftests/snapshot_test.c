// SPDX-License-Identifier: GPL-2.0
/*
 * mmscope snapshot and diff against the same VM's /proc: a target makes a
 * scripted list of changes between two snapshots (a VMA created, one
 * removed, one grown in place, one shrunk, one split by mprotect, one
 * moved by mremap; pages touched, discarded, paged out to swap, and
 * copy-on-write pages of a private file mapping written).  The diff must
 * list exactly those VMA changes, each VMA's Rss, Anonymous and Swap
 * change must equal the difference of /proc/PID/smaps read at the same
 * two moments, and the page changes must equal what /proc/PID/pagemap
 * says of the same pages at those moments.
 */
#include "lib/common.h"

#include "lib/harness.h"
#include "lib/job.h"
#include "lib/json.h"

#define PG		4096UL
#define BASE		0x500000000000UL
#define SLOT		(64UL << 20)
#define PM_PFN_MASK	((1ULL << 55) - 1)
#define PM_SWAP		(1ULL << 62)
#define PM_PRESENT	(1ULL << 63)

enum { R_REMOVE, R_GROW, R_SHRINK, R_SPLIT, R_MOVE, R_TOUCH, R_DONTNEED,
       R_PAGEOUT, R_FILE, R_CREATE, R_MOVED_TO, R_NR };

static const unsigned long pages_of[R_NR] = {
	[R_REMOVE] = 16, [R_GROW] = 16, [R_SHRINK] = 32, [R_SPLIT] = 48,
	[R_MOVE] = 16, [R_TOUCH] = 16, [R_DONTNEED] = 16, [R_PAGEOUT] = 16,
	[R_FILE] = 8, [R_CREATE] = 8,
};

static char *at(int r)
{
	return (char *)(BASE + r * SLOT);
}

static int file_fd = -1;

static char *map_at(int r, unsigned long pages, int prot, int flags, int fd)
{
	char *p = mmap(at(r), pages * PG, prot, flags | MAP_FIXED_NOREPLACE, fd, 0);

	if (p != at(r))
		_exit(20 + r);
	return p;
}

static void script(struct job_child *c, void *arg)
{
	int r;

	for (r = 0; r <= R_PAGEOUT; r++) {
		char *p = map_at(r, pages_of[r], PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1);

		if (r != R_TOUCH)
			memset(p, 'a' + r, pages_of[r] * PG);
	}
	{
		char *f = map_at(R_FILE, pages_of[R_FILE], PROT_READ | PROT_WRITE,
				 MAP_PRIVATE, file_fd);
		volatile char sink;
		unsigned long i;

		for (i = 0; i < pages_of[R_FILE]; i++)
			sink = f[i * PG];
		(void)sink;
	}
	job_wait_go(c);
	/* the changes, between the two snapshots */
	munmap(at(R_REMOVE), pages_of[R_REMOVE] * PG);
	if (mremap(at(R_GROW), 16 * PG, 32 * PG, 0) != at(R_GROW))
		_exit(40);
	munmap(at(R_SHRINK) + 16 * PG, 16 * PG);
	mprotect(at(R_SPLIT) + 16 * PG, 16 * PG, PROT_READ);
	if (mremap(at(R_MOVE), 16 * PG, 16 * PG, MREMAP_MAYMOVE | MREMAP_FIXED,
		   at(R_MOVED_TO)) != at(R_MOVED_TO))
		_exit(41);
	memset(at(R_TOUCH), 't', 8 * PG);
	madvise(at(R_DONTNEED), 8 * PG, MADV_DONTNEED);
	madvise(at(R_PAGEOUT), 16 * PG, 21 /* MADV_PAGEOUT */);
	memset(at(R_FILE), 'w', 4 * PG);
	memset(map_at(R_CREATE, 8, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1), 'x', 8 * PG);
	job_report(c, "d", 1);
}

/* ---- /proc at one moment ------------------------------------------- */

struct pvma {
	unsigned long long start, end;
	long long rss, anon, swap;
};

struct moment {
	struct pvma v[512];
	int n;
	uint64_t pm[R_NR][64];		/* pagemap of each region's pages */
};

static void read_moment(struct __test_metadata *_metadata, pid_t pid, struct moment *m)
{
	char *smaps = proc_read(pid, "smaps"), *l, path[64];
	struct pvma *cur = NULL;
	int pm, r;

	ASSERT_NE(NULL, smaps);
	m->n = 0;
	for (l = smaps; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		unsigned long long s, e;
		long long v;

		if (sscanf(l, "%llx-%llx ", &s, &e) == 2 && strchr(l, '-') < strchr(l, ' ')) {
			ASSERT_LT(m->n, 512);
			cur = &m->v[m->n++];
			memset(cur, 0, sizeof(*cur));
			cur->start = s;
			cur->end = e;
		} else if (cur && sscanf(l, "Rss: %lld", &v) == 1) {
			cur->rss = v;
		} else if (cur && sscanf(l, "Anonymous: %lld", &v) == 1) {
			cur->anon = v;
		} else if (cur && sscanf(l, "Swap: %lld", &v) == 1) {
			cur->swap = v;
		}
	}
	free(smaps);
	snprintf(path, sizeof(path), "/proc/%d/pagemap", pid);
	pm = open(path, O_RDONLY);
	ASSERT_LE(0, pm);
	for (r = 0; r < R_NR; r++) {
		unsigned long i, base = (unsigned long)at(r);

		for (i = 0; i < 64; i++)
			if (pread(pm, &m->pm[r][i], 8, (base / PG + i) * 8) != 8)
				m->pm[r][i] = 0;
	}
	close(pm);
}

static bool same_moment(const struct moment *a, const struct moment *b)
{
	return a->n == b->n && !memcmp(a->v, b->v, a->n * sizeof(a->v[0])) &&
	       !memcmp(a->pm, b->pm, sizeof(a->pm));
}

/*
 * Snapshot @pid into @file between two readings of /proc, and keep the
 * reading in @m.  The target waits between its steps, but the page it
 * is about to run on can still fault in (its stack, its libc's data)
 * after it reported its step: /proc is the truth of the snapshot only
 * if it read the same before and after it, so try again until it does.
 * @flip gives the options in the other order.
 */
static void snapshot_between(struct __test_metadata *_metadata, pid_t pid,
			     struct moment *m, const char *file, bool flip)
{
	struct moment *after = calloc(1, sizeof(*after));
	char spid[16];
	struct run r;
	int tries;

	ASSERT_NE(NULL, after);
	snprintf(spid, sizeof(spid), "%d", pid);
	for (tries = 0; tries < 10; tries++) {
		read_moment(_metadata, pid, m);
		if (flip)
			run_tool(&r, 0, "snapshot", spid, "--pages", "--output", file, NULL);
		else
			run_tool(&r, 0, "snapshot", "--pages", "-o", file, spid, NULL);
		ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
		run_free(&r);
		read_moment(_metadata, pid, after);
		if (same_moment(m, after))
			break;
		TH_LOG("/proc moved while the snapshot was taken; again");
	}
	free(after);
	ASSERT_LT(tries, 10) TH_LOG("/proc never read the same around a snapshot");
}

static long long proc_sum(const struct moment *m, const struct jv *vmas,
			  const char *what)
{
	long long sum = 0;
	size_t i;
	int k;

	for (i = 0; vmas && i < vmas->n; i++) {
		uint64_t s = json_get_u64(&vmas->items[i], "start");

		for (k = 0; k < m->n; k++)
			if (m->v[k].start == s)
				sum += !strcmp(what, "rss_kb") ? m->v[k].rss :
				       !strcmp(what, "anonymous_kb") ? m->v[k].anon : m->v[k].swap;
	}
	return sum;
}

/* The change whose new (or old) side starts at @addr; NULL if none. */
static const struct jv *change_at(const struct jv *changes, uint64_t addr)
{
	size_t i;

	for (i = 0; i < changes->n; i++) {
		const struct jv *c = &changes->items[i];
		const struct jv *side = json_get(c, "new");

		if (!side || !side->n)
			side = json_get(c, "old");
		if (side && side->n && json_get_u64(&side->items[0], "start") == addr)
			return c;
	}
	return NULL;
}

static bool has_what(const struct jv *c, const char *w)
{
	const struct jv *what = json_get(c, "what");
	size_t i;

	for (i = 0; what && i < what->n; i++)
		if (!strcmp(what->items[i].str, w))
			return true;
	return false;
}

static int count_pm(const struct moment *m, int r, unsigned long n, uint64_t bit)
{
	unsigned long i;
	int c = 0;

	for (i = 0; i < n; i++)
		c += !!(m->pm[r][i] & bit);
	return c;
}

TEST(scripted_changes_are_the_diff)
{
	char path[128], fa[] = "/tmp/snap_a.json", fb[] = "/tmp/snap_b.json";
	struct moment *ma = calloc(1, sizeof(*ma)), *mb = calloc(1, sizeof(*mb));
	const struct jv *changes, *c;
	char spid[16], done, err[128];
	struct jv doc;
	struct job j;
	struct run r;
	size_t i;
	int k, whats = 0, swapped;

	ASSERT_TRUE(ma && mb);
	file_fd = disk_file("ext4", "snapshot_test.dat", 8 * PG, path, sizeof(path));
	ASSERT_LE(0, file_fd) TH_LOG("no ext4 disk in this VM");
	ASSERT_EQ(0, job_start(&j, script, NULL));
	snprintf(spid, sizeof(spid), "%d", j.pid);

	snapshot_between(_metadata, j.pid, ma, fa, false);
	ASSERT_EQ(0, job_step(&j, &done, 1));
	snapshot_between(_metadata, j.pid, mb, fb, true);

	run_tool(&r, 0, "diff", "--json", fa, fb, NULL);
	ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
	ASSERT_EQ(0, json_parse(r.out, &doc, err, sizeof(err))) TH_LOG("%s: %s", err, r.out);
	changes = json_get(&doc, "changes");
	ASSERT_NE(NULL, changes);

	/* exactly the scripted VMA changes */
	c = change_at(changes, (uint64_t)at(R_REMOVE));
	ASSERT_NE(NULL, c);
	EXPECT_TRUE(has_what(c, "removed"));
	c = change_at(changes, (uint64_t)at(R_GROW));
	ASSERT_NE(NULL, c);
	EXPECT_TRUE(has_what(c, "grown"));
	EXPECT_FALSE(has_what(c, "moved"));
	c = change_at(changes, (uint64_t)at(R_SHRINK));
	ASSERT_NE(NULL, c);
	EXPECT_TRUE(has_what(c, "shrunk"));
	c = change_at(changes, (uint64_t)at(R_SPLIT));
	ASSERT_NE(NULL, c);
	EXPECT_TRUE(has_what(c, "split"));
	EXPECT_TRUE(has_what(c, "re-protected"));
	EXPECT_EQ(3, json_get(c, "new")->n);
	c = change_at(changes, (uint64_t)at(R_MOVED_TO));
	ASSERT_NE(NULL, c);
	EXPECT_TRUE(has_what(c, "moved"));
	EXPECT_EQ((uint64_t)at(R_MOVE), json_get_u64(&json_get(c, "old")->items[0], "start"));
	c = change_at(changes, (uint64_t)at(R_CREATE));
	ASSERT_NE(NULL, c);
	EXPECT_TRUE(has_what(c, "created"));
	for (i = 0; i < changes->n; i++) {
		const struct jv *w = json_get(&changes->items[i], "what");

		if (w && w->n)
			whats++;
	}
	EXPECT_EQ(6, whats) TH_LOG("%s", r.out);

	/* every change's figures are the difference of /proc's */
	for (i = 0; i < changes->n; i++) {
		const struct jv *ch = &changes->items[i], *d = json_get(ch, "delta_kb");
		static const char *const keys[] = { "rss_kb", "anonymous_kb", "swap_kb" };

		for (k = 0; k < 3; k++) {
			const struct jv *v = json_get(d, keys[k]);
			long long got = v ? (long long)v->num : -12345;
			long long want = proc_sum(mb, json_get(ch, "new"), keys[k]) -
					 proc_sum(ma, json_get(ch, "old"), keys[k]);

			EXPECT_EQ(want, got) TH_LOG("change %zu, %s", i, keys[k]);
		}
	}

	/* the pages, as pagemap saw them */
#define PAGES(region, key) \
	json_get_u64(json_get(change_at(changes, (uint64_t)at(region)), "pages"), key)
	EXPECT_EQ(count_pm(mb, R_TOUCH, 16, PM_PRESENT) - count_pm(ma, R_TOUCH, 16, PM_PRESENT),
		  (int)PAGES(R_TOUCH, "became_resident"));
	EXPECT_EQ(8, (int)PAGES(R_TOUCH, "became_resident"));
	EXPECT_EQ(count_pm(ma, R_DONTNEED, 16, PM_PRESENT) - count_pm(mb, R_DONTNEED, 16, PM_PRESENT),
		  (int)PAGES(R_DONTNEED, "went_away"));
	swapped = count_pm(mb, R_PAGEOUT, 16, PM_SWAP);
	EXPECT_EQ(swapped, (int)PAGES(R_PAGEOUT, "swapped_out"));
	{
		int moved = 0;
		unsigned long p;

		for (p = 0; p < 8; p++)
			moved += (ma->pm[R_FILE][p] & PM_PRESENT) && (mb->pm[R_FILE][p] & PM_PRESENT) &&
				 (ma->pm[R_FILE][p] & PM_PFN_MASK) != (mb->pm[R_FILE][p] & PM_PFN_MASK);
		EXPECT_EQ(moved, (int)PAGES(R_FILE, "written"));
		EXPECT_EQ(4, moved);
	}
	EXPECT_EQ(8, (int)PAGES(R_CREATE, "became_resident"));
	TH_LOG("%zu changes, %d of VMAs; %d pages swapped out", changes->n, whats, swapped);

	/* the text report says the same */
	run_free(&r);
	run_tool(&r, 0, "diff", fa, fb, NULL);
	EXPECT_EQ(0, r.status);
	EXPECT_NE(NULL, strstr(r.out, "split, re-protected"));
	EXPECT_NE(NULL, strstr(r.out, "moved"));
	run_free(&r);
	/* and --since: the old file against now, no VMA changed since B */
	run_tool(&r, 0, "diff", spid, "--since", fb, "--json", NULL);
	EXPECT_EQ(0, r.status) TH_LOG("%s", r.err);
	{
		struct jv now;

		ASSERT_EQ(0, json_parse(r.out, &now, err, sizeof(err))) TH_LOG("%s", err);
		changes = json_get(&now, "changes");
		ASSERT_NE(NULL, changes);
		for (i = 0; i < changes->n; i++)
			EXPECT_EQ(0, json_get(&changes->items[i], "what")->n) TH_LOG("%s", r.out);
		json_free_value(&now);
	}
	run_free(&r);
	json_free_value(&doc);
	job_end(&j);
	close(file_fd);
	unlink(path);
	unlink(fa);
	unlink(fb);
	free(ma);
	free(mb);
}

/* Refusals that name the problem. */
TEST(usage)
{
	struct run r;

	run_tool(&r, 0, "diff", "/nonexistent-a", "/nonexistent-b", NULL);
	EXPECT_EQ(2, r.status);
	EXPECT_NE(NULL, strstr(r.err, "/nonexistent-a"));
	run_free(&r);
	run_tool(&r, 0, "diff", "1", NULL);
	EXPECT_EQ(2, r.status);
	run_free(&r);
	run_tool(&r, 0, "snapshot", NULL);
	EXPECT_EQ(2, r.status);
	run_free(&r);
	run_tool(&r, 0, "diff", "1", "--every", "0", NULL);
	EXPECT_EQ(2, r.status);
	run_free(&r);
}

TEST_HARNESS_MAIN

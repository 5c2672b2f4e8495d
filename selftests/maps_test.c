// SPDX-License-Identifier: GPL-2.0
/*
 * mmscope maps: byte for byte what /proc/PID/maps prints, read in the same
 * VM, for this process, pid 1 and children with varied layouts; VmFlags
 * equal to /proc/PID/smaps; --json well formed.
 */
#include "lib/common.h"

#include <dirent.h>
#include <pthread.h>
#include <sys/mman.h>

#include "lib/harness.h"

/* Compare our maps of @pid with /proc/PID/maps; retries while it moves. */
static int maps_equal_lib(pid_t pid, char **ours, char **theirs)
{
	struct mmscope_error err;
	struct mmscope *m;
	int tries, ret = -1;

	if (mmscope_open(&m, &err))
		return -err.code;
	for (tries = 0; tries < 5; tries++) {
		struct maps_buf b = { 0 };
		char *before, *after;

		before = proc_read(pid, "maps");
		ret = mmscope_vma_dump(m, pid, maps_collect, &b);
		after = proc_read(pid, "maps");
		free(*ours);
		free(*theirs);
		*ours = b.buf ? b.buf : strdup("");
		*theirs = after;
		if (!ret && before && after && !strcmp(before, after) &&
		    !strcmp(*ours, after)) {
			free(before);
			break;
		}
		free(before);
		if (!ret)
			ret = 1;
	}
	mmscope_close(m);
	return ret;
}

TEST(maps_self)
{
	char *ours = NULL, *theirs = NULL;
	int ret = maps_equal_lib(getpid(), &ours, &theirs);

	if (ret)
		TH_LOG("ours:\n%s\nproc:\n%s", ours, theirs);
	ASSERT_EQ(0, ret);
	ASSERT_GT(count_lines(theirs), 5);
	free(ours);
	free(theirs);
}

TEST(maps_pid1)
{
	char *proc = proc_read(1, "maps");
	struct run r;

	ASSERT_NE(NULL, proc);
	run_tool(&r, 0, "maps", "1", NULL);
	EXPECT_EQ(0, r.status);
	EXPECT_STREQ("", r.err);
	EXPECT_STREQ(proc, r.out);
	ASSERT_GT(count_lines(proc), 3);
	run_free(&r);
	free(proc);
}

enum layout { LAYOUT_MIXED, LAYOUT_MANY, LAYOUT_THREADS };

FIXTURE(child) {
	pid_t pid;
	char path[64];
};

FIXTURE_VARIANT(child) {
	enum layout layout;
	int nr_vmas;
};

FIXTURE_VARIANT_ADD(child, mixed) {
	.layout = LAYOUT_MIXED,
};

FIXTURE_VARIANT_ADD(child, many_vmas) {
	.layout = LAYOUT_MANY,
	.nr_vmas = 2500,
};

FIXTURE_VARIANT_ADD(child, two_threads) {
	.layout = LAYOUT_THREADS,
};

/*
 * The mixed layout: a private and a shared mapping of a file (one of them
 * written: COW), private anonymous memory, shared anonymous memory, a
 * PROT_NONE guard between two anonymous regions, and a mapping of a
 * deleted file whose name holds a newline (escaped by /proc as \012).
 */
static void build_mixed(const char *dir)
{
	char path[256], odd[256];
	long ps = sysconf(_SC_PAGESIZE);
	char *p;
	int fd;

	snprintf(path, sizeof(path), "%s/data", dir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, 16 * ps))
		_exit(2);
	p = mmap(NULL, 4 * ps, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED || p[0])
		_exit(3);
	p = mmap(NULL, 4 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 4 * ps);
	if (p == MAP_FAILED)
		_exit(3);
	p[0] = 1;	/* COW */
	p = mmap(NULL, 4 * ps, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 8 * ps);
	if (p == MAP_FAILED)
		_exit(3);
	p[0] = 1;
	p = mmap(NULL, 8 * ps, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || mprotect(p + 3 * ps, ps, PROT_NONE))
		_exit(4);
	memset(p, 1, 3 * ps);
	p = mmap(NULL, 4 * ps, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		_exit(5);
	p[0] = 1;
	p = mmap(NULL, ps, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	if (p == MAP_FAILED)
		_exit(6);
	snprintf(odd, sizeof(odd), "%s/odd\nname", dir);
	fd = open(odd, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, ps))
		_exit(7);
	p = mmap(NULL, ps, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		_exit(7);
	close(fd);
	unlink(odd);
}

/* @n VMAs: one anonymous region whose pages alternate protections. */
static void build_many(int n)
{
	long ps = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, n * ps, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int i;

	if (p == MAP_FAILED)
		_exit(2);
	for (i = 0; i < n; i += 2)
		if (mprotect(p + i * ps, ps, PROT_READ))
			_exit(3);
}

struct layout_req {
	enum layout layout;
	int nr_vmas;
	const char *dir;
};

static void build_layout(void *arg)
{
	struct layout_req *req = arg;
	pthread_t t;

	switch (req->layout) {
	case LAYOUT_MIXED:
		build_mixed(req->dir);
		break;
	case LAYOUT_MANY:
		build_many(req->nr_vmas);
		break;
	case LAYOUT_THREADS:
		if (pthread_create(&t, NULL, sleeper, NULL))
			_exit(2);
		break;
	}
}

/* A child with @layout, ready when this returns; -1 on failure. */
static pid_t spawn(enum layout layout, int nr_vmas, char *dir, size_t size)
{
	struct layout_req req = { layout, nr_vmas, dir };

	snprintf(dir, size, "/tmp/maps_test.%d.%d", getpid(), layout);
	mkdir(dir, 0700);
	return spawn_child(build_layout, &req);
}

static void unspawn(pid_t pid, const char *dir)
{
	char cmd[128];

	kill_child(pid);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		fprintf(stderr, "# cannot remove %s\n", dir);
}

FIXTURE_SETUP(child)
{
	self->pid = spawn(variant->layout, variant->nr_vmas, self->path,
			  sizeof(self->path));
	ASSERT_LT(0, self->pid);
}

FIXTURE_TEARDOWN(child)
{
	unspawn(self->pid, self->path);
}

TEST_F(child, tool_equals_proc)
{
	char *proc = proc_read(self->pid, "maps");
	struct run r;

	ASSERT_NE(NULL, proc);
	{
		char pid[16];

		snprintf(pid, sizeof(pid), "%d", self->pid);
		run_tool(&r, 0, "maps", pid, NULL);
	}
	EXPECT_EQ(0, r.status);
	EXPECT_STREQ("", r.err);
	EXPECT_STREQ(proc, r.out);
	if (variant->layout == LAYOUT_MANY)
		EXPECT_GE(count_lines(proc), (unsigned long)variant->nr_vmas);
	if (variant->layout == LAYOUT_MIXED) {
		EXPECT_NE(NULL, strstr(proc, "\\012name (deleted)"));
		EXPECT_NE(NULL, strstr(proc, "/dev/zero (deleted)"));
		EXPECT_NE(NULL, strstr(proc, "---p 00000000 00:00 0"));
	}
	run_free(&r);
	free(proc);
}

/* Every VMA's VmFlags and range equal /proc/PID/smaps. */
struct smaps_cmp {
	const char *smaps;	/* cursor into /proc/PID/smaps */
	int bad;
	unsigned long count;
};

static int smaps_check(const struct mmscope_vma *v, void *arg)
{
	struct smaps_cmp *c = arg;
	unsigned long long start, end;
	const char *flags;
	char want[512];
	size_t n;

	c->count++;
	if (!c->smaps || sscanf(c->smaps, "%llx-%llx", &start, &end) != 2 ||
	    start != v->start || end != v->end) {
		c->bad++;
		return 0;
	}
	flags = strstr(c->smaps, "\nVmFlags: ");
	if (!flags) {
		c->bad++;
		return 0;
	}
	flags += strlen("\nVmFlags: ");
	n = strcspn(flags, "\n");
	snprintf(want, sizeof(want), "%.*s", (int)n, flags);
	if (strcmp(want, v->vmflags)) {
		fprintf(stderr, "# %llx: smaps VmFlags '%s', mmscope '%s'\n",
			start, want, v->vmflags);
		c->bad++;
	}
	c->smaps = strchr(flags, '\n');
	if (c->smaps)
		c->smaps++;
	return 0;
}

TEST_F(child, vmflags_equal_smaps)
{
	char *smaps = proc_read(self->pid, "smaps");
	struct smaps_cmp c = { .smaps = smaps };
	struct mmscope_error err;
	struct mmscope *m;

	ASSERT_NE(NULL, smaps);
	ASSERT_EQ(0, mmscope_open(&m, &err));
	ASSERT_EQ(0, mmscope_vma_dump(m, self->pid, smaps_check, &c));
	EXPECT_EQ(0, c.bad);
	EXPECT_EQ(count_lines(proc_read(self->pid, "maps")), c.count);
	mmscope_close(m);
	free(smaps);
}

/* Kinds and fault handlers for the mixed layout, checked against /proc. */
struct kind_cmp {
	int bad;
	int seen_shared_anon, seen_private_file, seen_shared_file;
	int seen_private_anon;
};

static int kind_check(const struct mmscope_vma *v, void *arg)
{
	struct kind_cmp *c = arg;
	bool shared = v->perms & MMSCOPE_VMA_PERM_SHARED;
	bool zero = !strcmp(v->name, "/dev/zero (deleted)");

	switch (v->kind) {
	case MMSCOPE_VMA_KIND_SHARED_ANON:
		c->seen_shared_anon++;
		c->bad += !shared || !zero || strcmp(v->fault, "shmem_fault");
		break;
	case MMSCOPE_VMA_KIND_PRIVATE_FILE:
		c->seen_private_file++;
		c->bad += shared || v->name_kind != MMSCOPE_VMA_NAME_PATH ||
			  !v->ino || !v->ops[0] || !v->fault[0];
		break;
	case MMSCOPE_VMA_KIND_SHARED_FILE:
		c->seen_shared_file++;
		c->bad += !shared || v->name_kind != MMSCOPE_VMA_NAME_PATH ||
			  !v->ino || !v->fault[0];
		break;
	case MMSCOPE_VMA_KIND_PRIVATE_ANON:
		c->seen_private_anon++;
		c->bad += shared || v->ino || v->ops[0] ||
			  strcmp(v->fault, "do_anonymous_page");
		break;
	case MMSCOPE_VMA_KIND_SPECIAL:
		c->bad += v->name_kind != MMSCOPE_VMA_NAME_SPECIAL;
		break;
	default:
		c->bad++;
	}
	if (c->bad)
		fprintf(stderr, "# unexpected: %llx kind %s name '%s' ops '%s' fault '%s'\n",
			(unsigned long long)v->start,
			mmscope_vma_kind_name(v->kind), v->name, v->ops,
			v->fault);
	return 0;
}

TEST(long_kinds)
{
	struct kind_cmp c = { 0 };
	struct mmscope_error err;
	struct mmscope *m;
	char pid[16], dir[64];
	struct run r;
	pid_t child = spawn(LAYOUT_MIXED, 0, dir, sizeof(dir));

	ASSERT_LT(0, child);
	ASSERT_EQ(0, mmscope_open(&m, &err));
	ASSERT_EQ(0, mmscope_vma_dump(m, child, kind_check, &c));
	mmscope_close(m);
	EXPECT_EQ(0, c.bad);
	EXPECT_LE(1, c.seen_shared_anon);	/* ours (+ the harness's own) */
	EXPECT_LE(2, c.seen_shared_file);	/* data + the odd name */
	EXPECT_LE(3, c.seen_private_file);	/* 2 of data + the binary */
	EXPECT_LE(3, c.seen_private_anon);	/* around the guard, exec */

	snprintf(pid, sizeof(pid), "%d", child);
	run_tool(&r, 0, "maps", "--long", pid, NULL);
	EXPECT_EQ(0, r.status);
	EXPECT_NE(NULL, strstr(r.out, "kind shared-anon"));
	EXPECT_NE(NULL, strstr(r.out, "fault shmem_fault"));
	EXPECT_NE(NULL, strstr(r.out, "fault do_anonymous_page"));
	EXPECT_NE(NULL, strstr(r.out, "VmFlags: rd"));
	run_free(&r);
	unspawn(child, dir);
}

TEST_F(child, json)
{
	char *proc = proc_read(self->pid, "maps");
	unsigned long n = 0;
	char pid[16];
	const char *p;
	struct run r;

	ASSERT_NE(NULL, proc);
	snprintf(pid, sizeof(pid), "%d", self->pid);
	run_tool(&r, 0, "maps", "--json", pid, NULL);
	ASSERT_EQ(0, r.status);
	for (p = r.out; (p = strstr(p, "\"start\":\"0x")); p++)
		n++;
	EXPECT_EQ(count_lines(proc), n);
	EXPECT_EQ('{', r.out[0]);
	EXPECT_EQ(1, count_lines(r.out));
	EXPECT_NE(NULL, strstr(r.out, "\"vmas\":["));
	run_free(&r);
	free(proc);
}

/* Two threads: one mm; maps of either tid is the process's maps. */
TEST(thread_tid_maps)
{
	char task_dir[64], tid[300], dir[64], *proc;
	pid_t child = spawn(LAYOUT_THREADS, 0, dir, sizeof(dir));
	struct dirent *de;
	struct run r;
	DIR *d;
	int n = 0;

	ASSERT_LT(0, child);
	snprintf(task_dir, sizeof(task_dir), "/proc/%d/task", child);
	d = opendir(task_dir);
	ASSERT_NE(NULL, d);
	tid[0] = '\0';
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		n++;
		if (atoi(de->d_name) != child)
			snprintf(tid, sizeof(tid), "%s", de->d_name);
	}
	closedir(d);
	ASSERT_EQ(2, n);
	ASSERT_NE(0, tid[0]);
	proc = proc_read(child, "maps");
	run_tool(&r, 0, "maps", tid, NULL);
	EXPECT_EQ(0, r.status);
	EXPECT_STREQ(proc, r.out);
	run_free(&r);
	free(proc);
	unspawn(child, dir);
}

/*
 * A dump that spans several holds of mmap_lock while the target moves one
 * page back and forth between the two ends of 2,000 VMAs (mremap, which
 * write-locks the address space each time).  A dump that saw one state of
 * the mappings shows the page exactly once; one that mixed two states can
 * show it twice or not at all, and the module must have marked it
 * (NLM_F_DUMP_INTR).  --consistent prints only an unmarked answer.
 * Kernels without the count (MMSCOPE_FEAT_DUMP_CONSISTENT) never mark,
 * and the tool refuses --consistent there, saying why.
 */
struct mover {
	volatile int run;	/* 1: move the page as fast as it can */
	volatile unsigned long moves;
};

#define MOVER_VMAS	2000

static char *mover_lo, *mover_hi;	/* the page's two places */
static struct mover *mover;

static void *mover_thread(void *arg)
{
	long ps = sysconf(_SC_PAGESIZE);
	char *at = mover_lo;

	for (;;) {
		char *to = at == mover_lo ? mover_hi : mover_lo;

		if (!mover->run) {
			usleep(1000);
			continue;
		}
		if (mremap(at, ps, ps, MREMAP_MAYMOVE | MREMAP_FIXED, to) != to)
			_exit(4);
		at = to;
		mover->moves++;
	}
	return NULL;
}

static void build_mover(void *arg)
{
	pthread_t t;

	if (pthread_create(&t, NULL, mover_thread, NULL))
		_exit(2);
}

struct seen {
	unsigned long page;	/* the moving page, as often as shown */
	unsigned long vmas;
};

static int seen_one(const struct mmscope_vma *v, void *arg)
{
	struct seen *s = arg;

	s->vmas++;
	if ((v->start == (uintptr_t)mover_lo || v->start == (uintptr_t)mover_hi) &&
	    (v->perms & MMSCOPE_VMA_PERM_EXEC))
		s->page++;
	return 0;
}

/* lines of the tool's maps that show the moving page */
static unsigned long page_lines(const char *out)
{
	char lo[32], hi[32];
	unsigned long n = 0;
	const char *p;

	snprintf(lo, sizeof(lo), "%lx-", (unsigned long)(uintptr_t)mover_lo);
	snprintf(hi, sizeof(hi), "%lx-", (unsigned long)(uintptr_t)mover_hi);
	for (p = out; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, lo, strlen(lo)) || !strncmp(p, hi, strlen(hi)))
			n++;
	return n;
}

static int pt_count(const struct mmscope_pt_rec *r, void *arg)
{
	(*(unsigned long *)arg)++;
	return 0;
}

TEST(consistent)
{
	long ps = sysconf(_SC_PAGESIZE);
	struct mmscope_pt_req pt = { .level = MMSCOPE_LEVEL_LEAVES };
	struct mmscope_dump_req req = { 0 };
	unsigned long recs = 0;
	bool have = module_features() & MMSCOPE_FEAT_DUMP_CONSISTENT;
	unsigned long torn = 0, mixed = 0, unmarked_mixed = 0, i;
	struct mmscope_error err;
	struct mmscope *m;
	char pid_s[16];
	struct run r;
	char *region;
	pid_t pid;

	/* [page][MOVER_VMAS alternating VMAs][hole]: laid out before fork */
	mover = mmap(NULL, ps, PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	region = mmap(NULL, (MOVER_VMAS + 2) * ps, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, mover);
	ASSERT_NE(MAP_FAILED, region);
	mover_lo = region;
	mover_hi = region + (MOVER_VMAS + 1) * ps;
	memset(region, 1, (MOVER_VMAS + 1) * ps);	/* PTEs for pt to show */
	ASSERT_EQ(0, mprotect(mover_lo, ps, PROT_READ | PROT_EXEC));
	for (i = 1; i <= MOVER_VMAS; i += 2)
		ASSERT_EQ(0, mprotect(region + i * ps, ps, PROT_READ));
	ASSERT_EQ(0, munmap(mover_hi, ps));
	pid = spawn_child(build_mover, NULL);
	munmap(region, (MOVER_VMAS + 2) * ps);
	ASSERT_LT(0, pid);
	snprintf(pid_s, sizeof(pid_s), "%d", pid);
	ASSERT_EQ(0, mmscope_open(&m, &err));

	/* still: one state, never marked, and --consistent prints it */
	for (i = 0; i < 5; i++) {
		struct seen s = { 0 };

		ASSERT_EQ(0, mmscope_vma_dump_req(m, pid, &req, seen_one, &s));
		EXPECT_EQ(1, s.page);
		EXPECT_GE(s.vmas, MOVER_VMAS);
		EXPECT_FALSE(mmscope_dump_torn(m));
	}
	pt.start = (uintptr_t)mover_lo;
	pt.end = (uintptr_t)mover_hi + ps;
	ASSERT_EQ(0, mmscope_pt_dump(m, pid, &pt, pt_count, &recs));
	EXPECT_LE(MOVER_VMAS, recs);
	EXPECT_FALSE(mmscope_dump_torn(m));
	run_tool(&r, 0, "maps", pid_s, "--consistent", NULL);
	if (have) {
		EXPECT_EQ(0, r.status);
		EXPECT_EQ(1, page_lines(r.out));
		EXPECT_STREQ("", r.err);
	} else {
		EXPECT_EQ(1, r.status);
		EXPECT_NE(NULL, strstr(r.err, "keeps no count of changes"));
		EXPECT_STREQ("", r.out);
	}
	run_free(&r);

	/* moving: every dump that mixed two states is marked */
	mover->run = 1;
	while (mover->moves < 10)
		usleep(1000);
	/*
	 * A maps dump of these VMAs takes a few holds of mmap_lock; the page
	 * must move between two of them: 40 dumps at least, more (up to
	 * 1,000) until one is marked.
	 */
	for (i = 0; i < 40 || (have && !torn && i < 1000); i++) {
		struct seen s = { 0 };

		ASSERT_EQ(0, mmscope_vma_dump_req(m, pid, &req, seen_one, &s));
		torn += mmscope_dump_torn(m);
		if (s.page != 1) {
			mixed++;
			unmarked_mixed += !mmscope_dump_torn(m);
		}
	}
	TH_LOG("%lu dumps while the page moved %lu times: %lu marked, %lu showed it 0 or 2 times",
	       i, mover->moves, torn, mixed);
	if (have) {
		EXPECT_EQ(0, unmarked_mixed);
		EXPECT_LT(0, torn);
	} else {
		EXPECT_EQ(0, torn);
	}
	/* page tables too: their dump spans several holds as well */
	for (i = 0, torn = 0; i < 10; i++) {
		recs = 0;
		ASSERT_EQ(0, mmscope_pt_dump(m, pid, &pt, pt_count, &recs));
		torn += mmscope_dump_torn(m);
	}
	TH_LOG("10 page-table dumps of the moving target: %lu marked", torn);
	if (have) {
		EXPECT_LT(0, torn);
	} else {
		EXPECT_EQ(0, torn);
	}
	/* the tool says so, or (--consistent) prints one state or gives up */
	for (i = 0; have && i < 10; i++) {
		run_tool(&r, 0, "maps", pid_s, NULL);
		EXPECT_EQ(0, r.status);
		if (strstr(r.err, "changed while it was dumped"))
			break;
		EXPECT_STREQ("", r.err);
		EXPECT_EQ(1, page_lines(r.out));
		run_free(&r);
	}
	if (have) {
		EXPECT_GT(10, i) TH_LOG("no warning in 10 dumps of a moving target");
		if (i < 10)
			run_free(&r);
		run_tool(&r, 0, "pmap", "--consistent", pid_s, NULL);
		if (r.status == 0) {
			EXPECT_STREQ("", r.err);
		} else {
			EXPECT_EQ(1, r.status);
			EXPECT_NE(NULL, strstr(r.err, "no consistent answer"));
			EXPECT_STREQ("", r.out);
		}
		run_free(&r);
		run_tool(&r, 0, "maps", "--consistent", pid_s, NULL);
		if (r.status == 0) {
			EXPECT_EQ(1, page_lines(r.out));
			EXPECT_STREQ("", r.err);
		} else {
			EXPECT_EQ(1, r.status);
			EXPECT_NE(NULL, strstr(r.err, "no consistent answer"));
			EXPECT_STREQ("", r.out);
		}
		TH_LOG("maps --consistent of the moving target: exit %d", r.status);
		run_free(&r);
	}
	mmscope_close(m);
	kill_child(pid);
	munmap(mover, ps);
}

TEST_HARNESS_MAIN

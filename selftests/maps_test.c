// SPDX-License-Identifier: GPL-2.0
/*
 * mmscope maps: byte for byte what /proc/PID/maps prints, read in the same
 * VM, for this process, pid 1 and children with varied layouts; VmFlags
 * equal to /proc/PID/smaps; --json well formed.
 */
#include "common.h"

#include <dirent.h>
#include <pthread.h>

#include "harness.h"

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

TEST_HARNESS_MAIN

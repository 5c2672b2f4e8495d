// SPDX-License-Identifier: GPL-2.0
/*
 * mmscope smaps / rollup / pmap: every scenario's smaps and smaps_rollup,
 * computed by mmscope's own page-table walk, equal the running kernel's
 * /proc/PID/smaps and /proc/PID/smaps_rollup read in the same VM, byte for
 * byte (so field by field).
 *
 * Sharing-dependent figures are kept deterministic by the scenario: the
 * target's pages are shared only with processes that live as long as the
 * comparison, and the tool and the /proc reader are run the same way (one
 * extra process each, so even [vdso]'s Pss is the same for both).
 */
#include "lib/common.h"

#include <ctype.h>
#include <pthread.h>
#include <sys/mount.h>
#include <sys/prctl.h>

#include "lib/harness.h"

#define MiB (1UL << 20)
#define ALIGN_UP(x, a) (((x) + (a) - 1) & ~((a) - 1))

static long ps;

/* A region of @size bytes aligned to @align, anonymous private. */
static char *map_aligned(size_t size, size_t align, int prot, int flags)
{
	char *p = mmap(NULL, size + align, prot,
		       MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
	char *a;

	if (p == MAP_FAILED)
		_exit(20);
	a = (char *)ALIGN_UP((unsigned long)p, align);
	if (a > p)
		munmap(p, a - p);
	munmap(a + size, (p + size + align) - (a + size));
	return a;
}

static void touch(char *p, size_t len, bool write)
{
	volatile char sum = 0;
	size_t i;

	for (i = 0; i < len; i += ps) {
		if (write)
			p[i] = 1;
		else
			sum += p[i];
	}
}

/* A grandchild that keeps the (forked) memory mapped for the test. */
static pid_t keep_forked(void (*fn)(void *), void *arg)
{
	int fds[2];
	pid_t pid;

	if (pipe(fds))
		_exit(21);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (fn)
			fn(arg);
		child_ready(fds[1]);
	}
	close(fds[1]);
	if (pid < 0 || wait_ready(fds[0]))
		_exit(22);
	return pid;
}

static const char *file_dir = "/tmp/smaps_test.ramfs";

/* A file of @size bytes on ramfs (page cache, not shmem) or tmpfs. */
static int make_file(const char *name, size_t size, bool shmem)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", shmem ? "/tmp" : file_dir, name);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		_exit(23);
	{
		char *buf = calloc(1, size);

		memset(buf, 'x', size);
		if (write(fd, buf, size) != (ssize_t)size)
			_exit(24);
		free(buf);
	}
	return fd;
}

/* ---- scenarios: each runs in the target process ------------------- */

static void sc_anon_untouched(void)
{
	map_aligned(4 * MiB, ps, PROT_READ | PROT_WRITE, 0);
}

static void sc_anon_half(void)
{
	char *p = map_aligned(4 * MiB, ps, PROT_READ | PROT_WRITE, 0);

	madvise(p, 4 * MiB, MADV_NOHUGEPAGE);
	touch(p, 2 * MiB, true);
}

static void sc_anon_zero_page(void)
{
	char *p = map_aligned(1 * MiB, ps, PROT_READ | PROT_WRITE, 0);

	madvise(p, 1 * MiB, MADV_NOHUGEPAGE);
	touch(p, 1 * MiB, false);
}

static void sc_file_private_read(void)
{
	int fd = make_file("priv_read", 1 * MiB, false);
	char *p = mmap(NULL, 1 * MiB, PROT_READ, MAP_PRIVATE, fd, 0);

	touch(p, 1 * MiB, false);
}

static void sc_file_private_written(void)
{
	int fd = make_file("priv_written", 1 * MiB, false);
	char *p = mmap(NULL, 1 * MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);

	touch(p, 1 * MiB, false);
	touch(p, 512 * 1024, true);	/* COW: private anonymous dirty */
}

static void sc_file_shared_rw(void)
{
	int fd = make_file("shared_rw", 1 * MiB, false);
	char *p = mmap(NULL, 1 * MiB, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	touch(p, 768 * 1024, false);
	touch(p, 256 * 1024, true);
}

static void sc_shmem_file_private_written(void)
{
	int fd = make_file("smaps_test.shmem", 1 * MiB, true);
	char *p = mmap(NULL, 1 * MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);

	touch(p, 1 * MiB, false);
	touch(p, 256 * 1024, true);
	unlink("/tmp/smaps_test.shmem");
}

/*
 * 1 MiB of a fresh file on the VM's @fs disk (ext4 or xfs), written,
 * synced and dropped from the page cache, mapped: it is read back from
 * the disk.
 */
static char *disk_map(const char *fs, const char *name, int prot, int flags)
{
	char path[128];
	int fd = disk_file(fs, name, 1 * MiB, path, sizeof(path));
	char *p;

	if (fd < 0)
		_exit(70);
	drop_caches();	/* the mapping reads it back from the disk */
	p = mmap(NULL, 1 * MiB, prot, flags, fd, 0);
	if (p == MAP_FAILED)
		_exit(73);
	return p;
}

/* Clean page cache read from the disk, mapped privately. */
static void disk_private_clean(const char *fs)
{
	touch(disk_map(fs, "private_clean", PROT_READ, MAP_PRIVATE), 1 * MiB, false);
}

/* Private and writable: the written half becomes anonymous (COW). */
static void disk_private_cow(const char *fs)
{
	char *p = disk_map(fs, "private_cow", PROT_READ | PROT_WRITE, MAP_PRIVATE);

	touch(p, 1 * MiB, false);
	touch(p, 512 * 1024, true);
}

/* Shared and written: dirty page cache, not yet written back. */
static void disk_shared_dirty(const char *fs)
{
	char *p = disk_map(fs, "shared_dirty", PROT_READ | PROT_WRITE, MAP_SHARED);

	touch(p, 1 * MiB, false);
	touch(p, 256 * 1024, true);
}

/* Shared, written, then written back with msync(): clean again. */
static void disk_written_back(const char *fs)
{
	char *p = disk_map(fs, "written_back", PROT_READ | PROT_WRITE, MAP_SHARED);

	touch(p, 1 * MiB, true);
	if (msync(p, 1 * MiB, MS_SYNC))
		_exit(74);
}

static void sc_ext4_private_clean(void) { disk_private_clean("ext4"); }
static void sc_ext4_private_cow(void) { disk_private_cow("ext4"); }
static void sc_ext4_shared_dirty(void) { disk_shared_dirty("ext4"); }
static void sc_ext4_written_back(void) { disk_written_back("ext4"); }
static void sc_xfs_private_clean(void) { disk_private_clean("xfs"); }
static void sc_xfs_private_cow(void) { disk_private_cow("xfs"); }
static void sc_xfs_shared_dirty(void) { disk_shared_dirty("xfs"); }
static void sc_xfs_written_back(void) { disk_written_back("xfs"); }

/* fork() does not copy the page tables of shared mappings: map them */
static void read_1m(void *arg)
{
	touch(arg, 1 * MiB, false);
}

static void read_4m(void *arg)
{
	touch(arg, 4 * MiB, false);
}

static void sc_shared_anon_forked(void)
{
	char *p = mmap(NULL, 1 * MiB, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	touch(p, 1 * MiB, true);
	keep_forked(read_1m, p);	/* Pss halves */
}

static void write_half(void *arg)
{
	touch(arg, 512 * 1024, true);
}

static void sc_fork_cow_half(void)
{
	char *p = map_aligned(1 * MiB, ps, PROT_READ | PROT_WRITE, 0);

	madvise(p, 1 * MiB, MADV_NOHUGEPAGE);
	touch(p, 1 * MiB, true);
	keep_forked(write_half, p);	/* the child breaks COW on half */
}

static void sc_thp(void)
{
	char *p = map_aligned(4 * MiB, 2 * MiB, PROT_READ | PROT_WRITE, 0);

	madvise(p, 4 * MiB, MADV_HUGEPAGE);
	touch(p, 4 * MiB, true);
}

static void sc_thp_zero(void)
{
	char *p = map_aligned(4 * MiB, 2 * MiB, PROT_READ | PROT_WRITE, 0);

	madvise(p, 4 * MiB, MADV_HUGEPAGE);
	touch(p, 4 * MiB, false);	/* the huge zero page */
}

static void sc_thp_partial_unmap(void)
{
	char *p = map_aligned(4 * MiB, 2 * MiB, PROT_READ | PROT_WRITE, 0);

	madvise(p, 4 * MiB, MADV_HUGEPAGE);
	touch(p, 4 * MiB, true);
	munmap(p + 1 * MiB, 512 * 1024);	/* splits one PMD */
}

static void sc_locked(void)
{
	char *p = map_aligned(1 * MiB, ps, PROT_READ | PROT_WRITE, 0);
	char *q;

	touch(p, 1 * MiB, true);
	if (mlock(p, 512 * 1024))
		_exit(30);
	q = mmap(NULL, 1 * MiB, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
	if (q == MAP_FAILED)
		_exit(31);
	q = mmap(NULL, 1 * MiB, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (q == MAP_FAILED)
		_exit(32);
}

static void pageout(char *p, size_t len)
{
	int i;

	/* reclaim may leave a page or two: ask again */
	for (i = 0; i < 5; i++)
		madvise(p, len, MADV_PAGEOUT);
}

static void sc_swap(void)
{
	char *p = map_aligned(1 * MiB, ps, PROT_READ | PROT_WRITE, 0);

	madvise(p, 1 * MiB, MADV_NOHUGEPAGE);
	touch(p, 1 * MiB, true);
	pageout(p, 1 * MiB);
}

static void sc_swap_forked(void)
{
	char *p = map_aligned(1 * MiB, ps, PROT_READ | PROT_WRITE, 0);

	madvise(p, 1 * MiB, MADV_NOHUGEPAGE);
	touch(p, 1 * MiB, true);
	pageout(p, 1 * MiB);
	keep_forked(NULL, NULL);	/* the swap entries are shared */
}

static void sc_shmem_swap(void)
{
	char *p = mmap(NULL, 1 * MiB, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	touch(p, 1 * MiB, true);
	pageout(p, 1 * MiB);
}

static void sc_hugetlb_private(void)
{
	char *p = mmap(NULL, 4 * MiB, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);

	if (p == MAP_FAILED)
		_exit(40);
	touch(p, 4 * MiB, true);
}

static void sc_hugetlb_shared(void)
{
	char *p = mmap(NULL, 4 * MiB, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);

	if (p == MAP_FAILED)
		_exit(41);
	touch(p, 4 * MiB, true);
	keep_forked(read_4m, p);
}

static void sc_lazyfree(void)
{
	char *p = map_aligned(1 * MiB, ps, PROT_READ | PROT_WRITE, 0);

	madvise(p, 1 * MiB, MADV_NOHUGEPAGE);
	touch(p, 1 * MiB, true);
	madvise(p, 1 * MiB, MADV_FREE);
}

static void sc_heap_stack(void)
{
	char *h = sbrk(256 * 1024);
	char stack[64 * 1024];

	if (h == (void *)-1)
		_exit(50);
	touch(h, 256 * 1024, true);
	memset(stack, 1, sizeof(stack));
	asm volatile("" : : "r"(stack) : "memory");
}

static void sc_big(void)
{
	char *p = map_aligned(512 * MiB, 2 * MiB, PROT_READ | PROT_WRITE, 0);
	char *q = map_aligned(5000 * ps, ps, PROT_READ | PROT_WRITE, 0);
	int i;

	touch(p, 512 * MiB, true);
	for (i = 0; i < 5000; i += 2)
		if (mprotect(q + i * ps, ps, PROT_READ))
			_exit(60);
	touch(q + ps, ps, true);
}

/* ---- the comparison ------------------------------------------------ */

FIXTURE(smaps) {
	pid_t pid;
};

FIXTURE_VARIANT(smaps) {
	void (*setup)(void);
	const char *nonzero;	/* rollup fields the scenario must make > 0 */
	bool hugetlb;		/* needs the hugetlb pool */
	bool swap;		/* needs the swap device */
	const char *disk;	/* needs this file system's disk */
};

#define SCENARIO(n, fn, nz, h, s) \
	FIXTURE_VARIANT_ADD(smaps, n) { .setup = fn, .nonzero = nz, \
					.hugetlb = h, .swap = s }
#define DISK_SCENARIO(n, fn, nz, fs) \
	FIXTURE_VARIANT_ADD(smaps, n) { .setup = fn, .nonzero = nz, .disk = fs }

SCENARIO(anon_untouched, sc_anon_untouched, "Rss", false, false);
SCENARIO(anon_half_touched, sc_anon_half, "Anonymous", false, false);
SCENARIO(anon_zero_page, sc_anon_zero_page, "Rss", false, false);
SCENARIO(file_private_read, sc_file_private_read, "Pss_File", false, false);
SCENARIO(file_private_written, sc_file_private_written, "Anonymous Pss_File",
	 false, false);
SCENARIO(file_shared_rw, sc_file_shared_rw, "Pss_File", false, false);
DISK_SCENARIO(ext4_private_clean, sc_ext4_private_clean, "Pss_File Private_Clean", "ext4");
DISK_SCENARIO(ext4_private_cow, sc_ext4_private_cow, "Anonymous Pss_File", "ext4");
DISK_SCENARIO(ext4_shared_dirty, sc_ext4_shared_dirty, "Private_Dirty Pss_File", "ext4");
DISK_SCENARIO(ext4_written_back, sc_ext4_written_back, "Private_Clean Pss_File", "ext4");
DISK_SCENARIO(xfs_private_clean, sc_xfs_private_clean, "Pss_File Private_Clean", "xfs");
DISK_SCENARIO(xfs_private_cow, sc_xfs_private_cow, "Anonymous Pss_File", "xfs");
DISK_SCENARIO(xfs_shared_dirty, sc_xfs_shared_dirty, "Private_Dirty Pss_File", "xfs");
DISK_SCENARIO(xfs_written_back, sc_xfs_written_back, "Private_Clean Pss_File", "xfs");
SCENARIO(shmem_private_written, sc_shmem_file_private_written,
	 "Pss_Shmem Anonymous", false, false);
SCENARIO(shared_anon_forked, sc_shared_anon_forked, "Shared_Dirty", false,
	 false);
SCENARIO(fork_cow_half, sc_fork_cow_half, "Shared_Dirty Private_Dirty",
	 false, false);
SCENARIO(thp, sc_thp, "AnonHugePages", false, false);
SCENARIO(thp_huge_zero_page, sc_thp_zero, "Rss", false, false);
SCENARIO(thp_partially_unmapped, sc_thp_partial_unmap, "Anonymous", false,
	 false);
SCENARIO(mlock_map_locked_populate, sc_locked, "Locked", false, false);
SCENARIO(swap_pageout, sc_swap, "Swap SwapPss", false, true);
SCENARIO(swap_shared_by_fork, sc_swap_forked, "Swap SwapPss", false, true);
SCENARIO(shmem_swap, sc_shmem_swap, "Swap", false, true);
SCENARIO(hugetlb_private, sc_hugetlb_private, "Private_Hugetlb", true, false);
SCENARIO(hugetlb_shared, sc_hugetlb_shared, "Shared_Hugetlb", true, false);
SCENARIO(madv_free_lazyfree, sc_lazyfree, "LazyFree", false, false);
SCENARIO(heap_and_stack, sc_heap_stack, "Anonymous", false, false);
SCENARIO(big_5000_vmas_512mib, sc_big, "AnonHugePages", false, false);

static void run_setup(void *fn)
{
	((void (*)(void))fn)();
}

FIXTURE_SETUP(smaps)
{
	ps = sysconf(_SC_PAGESIZE);
	mkdir(file_dir, 0700);
	if (mount("ramfs", file_dir, "ramfs", 0, NULL) && errno != EBUSY)
		TH_LOG("mount ramfs: %s", strerror(errno));
	if (variant->hugetlb) {
		char *n = read_file("/proc/sys/vm/nr_hugepages", NULL);

		ASSERT_NE(NULL, n);
		ASSERT_LE(8, atoi(n)) TH_LOG("no hugetlb pool: vm-setup.sh not run?");
		free(n);
	}
	if (variant->disk) {
		char *m = read_file("/proc/mounts", NULL), want[64];

		snprintf(want, sizeof(want), " /mnt/%s %s ", variant->disk, variant->disk);
		ASSERT_NE(NULL, m);
		ASSERT_NE(NULL, strstr(m, want))
			TH_LOG("no %s disk on /mnt/%s: scripts/vm gives one", variant->disk, variant->disk);
		free(m);
	}
	if (variant->swap) {
		char *s = read_file("/proc/swaps", NULL);

		ASSERT_NE(NULL, s);
		ASSERT_LT(1, count_lines(s)) TH_LOG("no swap device: vm-setup.sh not run?");
		free(s);
	}
	self->pid = spawn_child(run_setup, (void *)variant->setup);
	ASSERT_LT(0, self->pid);
}

FIXTURE_TEARDOWN(smaps)
{
	kill_child(self->pid);
}

/*
 * Run "cat /proc/PID/F > a; mmscope CMD PID > b; cat /proc/PID/F > c" and
 * compare, until /proc gives the same twice around mmscope (at most 5
 * times).  Each phase runs one process besides the shell.
 */
static int compare_tool(pid_t pid, const char *procfile, const char *cmd,
			char **ours, char **theirs)
{
	char sh[512];
	int tries;

	for (tries = 0; tries < 5; tries++) {
		char *a, *c;

		snprintf(sh, sizeof(sh),
			 "cat /proc/%d/%s > /tmp/st.a; mmscope %s %d > /tmp/st.b; cat /proc/%d/%s > /tmp/st.c",
			 pid, procfile, cmd, pid, pid, procfile);
		if (system(sh))
			return -1;
		a = read_file("/tmp/st.a", NULL);
		c = read_file("/tmp/st.c", NULL);
		free(*ours);
		free(*theirs);
		*ours = read_file("/tmp/st.b", NULL);
		*theirs = c;
		if (a && c && *ours && !strcmp(a, c)) {
			char *want = smaps_expected(c);
			int ret = !want || strcmp(*ours, want) ? 1 : 0;

			free(a);
			free(want);
			return ret;
		}
		free(a);
	}
	return 2;
}

static void show_diff(const char *ours, const char *theirs)
{
	FILE *f = fopen("/tmp/st.ours", "w");

	if (f) {
		fputs(ours ? ours : "", f);
		fclose(f);
	}
	f = fopen("/tmp/st.proc", "w");
	if (f) {
		fputs(theirs ? theirs : "", f);
		fclose(f);
	}
	if (system("diff -u /tmp/st.proc /tmp/st.ours | head -60 | sed 's/^/# /'"))
		return;
}

/* The value of "Field:   N kB" in smaps_rollup text. */
static long long rollup_field(const char *text, const char *field)
{
	char key[64];
	const char *p;

	snprintf(key, sizeof(key), "\n%s:", field);
	p = strstr(text, key);
	return p ? strtoll(p + strlen(key), NULL, 10) : -1;
}

TEST_F_TIMEOUT(smaps, smaps_equals_proc, 600)
{
	char *ours = NULL, *theirs = NULL;
	int ret = compare_tool(self->pid, "smaps", "smaps", &ours, &theirs);

	if (ret)
		show_diff(ours, theirs);
	ASSERT_EQ(0, ret);
	EXPECT_LT(5, count_lines(theirs));
	free(ours);
	free(theirs);
}

TEST_F_TIMEOUT(smaps, rollup_equals_proc, 600)
{
	char *ours = NULL, *theirs = NULL, list[128], *tok, *save = NULL;
	int ret = compare_tool(self->pid, "smaps_rollup", "rollup", &ours, &theirs);

	if (ret)
		show_diff(ours, theirs);
	ASSERT_EQ(0, ret);
	/* the scenario did what it says: the kernel reports it too */
	snprintf(list, sizeof(list), "%s", variant->nonzero);
	for (tok = strtok_r(list, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		long long v = rollup_field(theirs, tok);

		if (!have_thp() && !strcmp(tok, "AnonHugePages")) {
			TH_LOG("this kernel has no THP (PREEMPT_RT): %s is %lld", tok, v);
			continue;
		}
		EXPECT_LT(0, v) TH_LOG("%s is %lld in /proc/PID/smaps_rollup", tok, v);
	}
	free(ours);
	free(theirs);
}

struct print_ctx {
	FILE *f;
	const struct mmscope_smaps_layout *layout;
};

static int print_one(const struct mmscope_vma *v, void *arg)
{
	struct print_ctx *p = arg;

	mmscope_print_smaps(p->f, v, p->layout);
	return 0;
}

/* The same through libmmscope in this process: no process in between. */
TEST_F_TIMEOUT(smaps, library_equals_proc, 600)
{
	struct mmscope_error err;
	struct mmscope_info info;
	struct mmscope *m;
	int tries, same = 0;

	ASSERT_EQ(0, mmscope_open(&m, &err));
	ASSERT_EQ(0, mmscope_info_get(m, &info));
	for (tries = 0; tries < 5 && !same; tries++) {
		struct mmscope_dump_req req = { .flags = MMSCOPE_REQ_F_SMAPS };
		char *before = proc_read(self->pid, "smaps"), *after, *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		struct print_ctx pc = { f, &info.smaps };

		ASSERT_EQ(0, mmscope_vma_dump_req(m, self->pid, &req, print_one, &pc));
		fclose(f);
		after = proc_read(self->pid, "smaps");
		if (!strcmp(before, after)) {
			char *want = smaps_expected(after);

			ASSERT_NE(NULL, want);
			if (strcmp(buf, want))
				show_diff(buf, want);
			EXPECT_STREQ(want, buf);
			free(want);
			same = 1;
		}
		free(before);
		free(after);
		free(buf);
	}
	EXPECT_TRUE(same);
	mmscope_close(m);
}

/* --vma, --range, pmap and --json agree with the full smaps. */
TEST_F_TIMEOUT(smaps, select_pmap_json, 600)
{
	char pid[16], *maps = proc_read(self->pid, "maps"), first[64], vma[64];
	unsigned long long s, e;
	struct run r;

	ASSERT_NE(NULL, maps);
	ASSERT_EQ(2, sscanf(maps, "%llx-%llx", &s, &e));
	snprintf(pid, sizeof(pid), "%d", self->pid);
	snprintf(vma, sizeof(vma), "%llx", s + 1);
	run_tool(&r, 0, "smaps", "--vma", vma, pid, NULL);
	EXPECT_EQ(0, r.status);
	snprintf(first, sizeof(first), "%08llx-%08llx ", s, e);
	EXPECT_EQ(0, strncmp(r.out, first, strlen(first)));
	EXPECT_EQ(NULL, strstr(r.out + 1, "\nVmFlags")
		  ? strstr(strstr(r.out + 1, "\nVmFlags") + 1, "\nVmFlags") : NULL);
	run_free(&r);

	run_tool(&r, 0, "pmap", pid, NULL);
	EXPECT_EQ(0, r.status);
	EXPECT_NE(NULL, strstr(r.out, " KB\n"));
	EXPECT_NE(NULL, strstr(r.out, "THPeligible"));
	EXPECT_EQ(count_lines(maps) + 4, count_lines(r.out));
	run_free(&r);

	run_tool(&r, 0, "smaps", "--json", pid, NULL);
	EXPECT_EQ(0, r.status);
	EXPECT_EQ(1, count_lines(r.out));
	EXPECT_NE(NULL, strstr(r.out, "\"pss_kb\":"));
	run_free(&r);
	run_tool(&r, 0, "rollup", "--json", pid, NULL);
	EXPECT_EQ(0, r.status);
	EXPECT_NE(NULL, strstr(r.out, "\"pss_anon_kb\":"));
	run_free(&r);
	free(maps);
}

/* A target whose second thread maps and unmaps in a loop. */
static void *churner(void *arg)
{
	for (;;) {
		char *p = mmap(NULL, 64 * 4096, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p != MAP_FAILED) {
			p[0] = 1;
			mprotect(p + 4096, 4096, PROT_READ);
			munmap(p, 64 * 4096);
		}
	}
	return NULL;
}

static void churn(void *arg)
{
	pthread_t t;

	if (pthread_create(&t, NULL, churner, NULL))
		_exit(70);
}

struct churn_check {
	uint64_t last_end;
	int bad;
};

static int churn_one(const struct mmscope_vma *v, void *arg)
{
	struct churn_check *c = arg;

	/* well formed: non-empty, ends ascending, figures present */
	if (v->start >= v->end || v->end <= c->last_end || !v->has_smaps ||
	    v->smaps.v[MMSCOPE_SMAPS_A_SIZE] != v->end - v->start ||
	    v->smaps.v[MMSCOPE_SMAPS_A_RSS] > v->end - v->start)
		c->bad++;
	c->last_end = v->end;
	return 0;
}

/* The module's features now (module_features() keeps its first answer). */
static uint64_t features_now(void)
{
	struct mmscope_error err;
	struct mmscope_info info;
	struct mmscope *m;
	uint64_t f = 0;

	if (mmscope_open(&m, &err))
		return 0;
	if (!mmscope_info_get(m, &info))
		f = info.features;
	mmscope_close(m);
	return f;
}

/* Write @val to the module parameter @name; 0 or -errno. */
static int set_param(const char *name, const char *val)
{
	char path[128];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "/sys/module/mmscope/parameters/%s", name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

static void many_vmas(void *arg)
{
	char *p = map_aligned(4 * MiB, ps, PROT_READ | PROT_WRITE, 0);
	size_t i;

	touch(p, 4 * MiB, true);
	/*
	 * Locked, so that reclaim's aging (MGLRU under the debug kernel's
	 * memory pressure) does not clear Referenced between two readings.
	 */
	if (mlock(p, 4 * MiB))
		_exit(23);
	/* every other 64 KiB read-only: 64 VMAs to walk one by one */
	for (i = 0; i < 4 * MiB; i += 128 * 1024)
		mprotect(p + i, 64 * 1024, PROT_READ);
}

/*
 * The lines of smaps (or smaps_rollup) text that no reclaim, aging or
 * copy on write of a neighbour moves while the target sleeps: each VMA's
 * header line, and its Size, Rss, Anonymous and Locked.  A new string.
 */
static char *stable_lines(const char *text)
{
	static const char *const keep[] = { "Size:", "Rss:", "Anonymous:", "Locked:" };
	char *out = malloc(strlen(text) + 1), *o = out;
	const char *p = text;

	while (out && *p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p + 1) : strlen(p), i;
		bool take = isxdigit((unsigned char)*p);

		for (i = 0; !take && i < sizeof(keep) / sizeof(keep[0]); i++)
			take = !strncmp(p, keep[i], strlen(keep[i]));
		if (take) {
			memcpy(o, p, len);
			o += len;
		}
		p += len;
	}
	if (out)
		*o = '\0';
	return out;
}

/* /proc/PID/@procfile and `mmscope @cmd PID`, their stable lines equal. */
static bool stable_equal(pid_t pid, const char *procfile, const char *cmd)
{
	char sh[256], *a, *b, *sa = NULL, *sb = NULL;
	bool same;

	snprintf(sh, sizeof(sh), "cat /proc/%d/%s > /tmp/sl.a; mmscope %s %d > /tmp/sl.b",
		 pid, procfile, cmd, pid);
	if (system(sh))
		return false;
	a = read_file("/tmp/sl.a", NULL);
	b = read_file("/tmp/sl.b", NULL);
	if (a && b) {
		sa = stable_lines(a);
		sb = stable_lines(b);
	}
	same = sa && sb && count_lines(sa) > 2 && !strcmp(sa, sb);
	if (!same)
		show_diff(sb, sa);
	free(a);
	free(b);
	free(sa);
	free(sb);
	return same;
}

/*
 * vma_lock=0 (at run time): walks under mmap_lock give the same VMAs and
 * figures as /proc, and status no longer lists vma-lock; set back, it
 * does again.  (Every smaps test compares whole texts with the VMA locks
 * on; this one only what cannot move between two readings.)
 */
TEST(vma_lock_off_same_answers)
{
	pid_t pid;

	if (!(module_features() & MMSCOPE_FEAT_VMA_LOCK))
		SKIP(return, "no per-VMA locks on this kernel: every walk holds mmap_lock");
	ps = sysconf(_SC_PAGESIZE);	/* the fixtures set it; this runs first */
	pid = keep_forked(many_vmas, NULL);
	ASSERT_EQ(0, set_param("vma_lock", "0"));
	EXPECT_EQ(0, features_now() & MMSCOPE_FEAT_VMA_LOCK);
	EXPECT_TRUE(stable_equal(pid, "smaps", "smaps"));
	EXPECT_TRUE(stable_equal(pid, "smaps_rollup", "rollup"));
	ASSERT_EQ(0, set_param("vma_lock", "1"));
	EXPECT_NE(0, features_now() & MMSCOPE_FEAT_VMA_LOCK);
	EXPECT_TRUE(stable_equal(pid, "smaps", "smaps"));
	kill_child(pid);
}

TEST(churning_target_dumped_1000_times)
{
	pid_t target = spawn_child(churn, NULL);
	struct mmscope_error err;
	struct mmscope *m;
	int i, bad = 0;

	ASSERT_LT(0, target);
	ASSERT_EQ(0, mmscope_open(&m, &err));
	for (i = 0; i < 1000; i++) {
		struct mmscope_dump_req req = { .flags = MMSCOPE_REQ_F_SMAPS };
		struct churn_check c = { 0 };
		struct mmscope_smaps roll;

		ASSERT_EQ(0, mmscope_vma_dump_req(m, target, &req, churn_one, &c));
		bad += c.bad;
		if (i % 10 == 0)
			ASSERT_EQ(0, mmscope_rollup_get(m, target, &roll));
	}
	EXPECT_EQ(0, bad);
	mmscope_close(m);
	kill_child(target);
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * mmscope faults and counters against the kernel's own
 * figures read in the same VM: /proc/PID/stat (minflt, majflt),
 * /proc/PID/pagemap (swapped pages), /proc/PID/smaps (AnonHugePages).
 *
 * Each scenario runs in a child process that waits for "go", runs its
 * workload and reports the addresses it used; the test traces only that
 * child (kernel-mode faults included, so that the session sees every fault
 * /proc/PID/stat counts) and compares.
 */
#include "lib/common.h"

#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <sys/socket.h>

#include "lib/harness.h"
#include "lib/job.h"

/* ---- scenarios ------------------------------------------------------ */

#define NPAGES 64

/* Exactly @n events in @n pages from @base, every one of class @fclass. */
static void expect_pages(struct __test_metadata *_metadata,
			 const struct trace *t, uint64_t base, size_t n,
			 int fclass)
{
	bool ok;

	EXPECT_EQ(n, count_in(&t->e, base, base + n * PAGE, fclass, &ok));
	EXPECT_TRUE(ok);
}

static void anon_job(struct job_child *c, void *arg)
{
	char *p = small_pages(NPAGES * PAGE);
	uint64_t base = (uintptr_t)p;
	size_t i;

	job_wait_go(c);
	for (i = 0; i < NPAGES; i++)
		p[i * PAGE + 7] = 1;
	job_report(c, &base, sizeof(base));
}

TEST(anon_pages_exactly)
{
	struct trace t;
	struct job j;
	uint64_t base;
	bool seen[NPAGES] = { 0 };
	size_t i;

	ASSERT_EQ(0, job_start(&j, anon_job, NULL));
	traced_step(_metadata, &j, &t, &base, sizeof(base));
	expect_pages(_metadata, &t, base, NPAGES, MMSCOPE_FAULT_ANON);
	for (i = 0; i < t.e.n; i++) {
		const struct mmscope_fault_event *ev = &t.e.ev[i];

		if (ev->address < base || ev->address >= base + NPAGES * PAGE)
			continue;
		EXPECT_EQ(7, ev->address % PAGE);
		EXPECT_EQ(MMSCOPE_ACCESS_WRITE, ev->access);
		EXPECT_EQ(MMSCOPE_MODE_USER, ev->mode);
		EXPECT_EQ(j.pid, ev->pid);
		EXPECT_EQ(base, ev->vma_start);
		EXPECT_NE(0, ev->ip);
		seen[(ev->address - base) / PAGE] = true;
	}
	for (i = 0; i < NPAGES; i++)
		EXPECT_TRUE(seen[i]);
	job_end(&j);
	free(t.e.ev);
}

/* A raw block device: its page cache can be dropped, unlike the rootfs. */
static char blockdev[64];

static int make_blockdev(void)
{
	char *id = read_file("/sys/class/zram-control/hot_add", NULL);
	char path[96], *buf;
	int fd, i;

	if (!id)
		return -1;
	snprintf(blockdev, sizeof(blockdev), "/dev/zram%d", atoi(id));
	snprintf(path, sizeof(path), "/sys/block/zram%d/disksize", atoi(id));
	free(id);
	fd = open(path, O_WRONLY);
	if (fd < 0 || write(fd, "8M", 2) != 2)
		return -1;
	close(fd);
	fd = open(blockdev, O_WRONLY);
	buf = malloc(MiB);
	if (fd < 0 || !buf)
		return -1;
	for (i = 0; i < 8; i++) {
		memset(buf, 'a' + i, MiB);
		if (write(fd, buf, MiB) != (ssize_t)MiB)
			return -1;
	}
	free(buf);
	fsync(fd);
	close(fd);
	return 0;
}

/* Map @arg (a path) twice, reading every page of each mapping once. */
static void file_job(struct job_child *c, void *arg)
{
	int fd = open(arg, O_RDONLY), round;
	volatile char sum = 0;

	for (round = 0; round < 2; round++) {
		char *p = mmap(NULL, NPAGES * PAGE, PROT_READ, MAP_SHARED, fd, 0);
		uint64_t base = (uintptr_t)p;
		size_t i;

		madvise(p, NPAGES * PAGE, MADV_RANDOM);
		job_wait_go(c);
		for (i = 0; i < NPAGES; i++)
			sum += p[i * PAGE];
		job_report(c, &base, sizeof(base));
		munmap(p, NPAGES * PAGE);
	}
}

/*
 * After dropping the caches, a mapping of @path faults every page in from
 * storage (MADV_RANDOM: no readahead): file-read, major, as /proc/PID/stat
 * counts them; a second mapping finds the page cache: minor hits.
 */
static void major_then_cache(struct __test_metadata *_metadata, const char *path)
{
	struct trace t;
	struct job j;
	uint64_t base;
	size_t i, n;
	bool ok;

	drop_caches();
	ASSERT_EQ(0, job_start(&j, file_job, (void *)path));
	traced_step(_metadata, &j, &t, &base, sizeof(base));
	expect_pages(_metadata, &t, base, NPAGES, MMSCOPE_FAULT_FILE_READ);
	for (i = 0; i < t.e.n; i++)
		if (t.e.ev[i].address >= base && t.e.ev[i].address < base + NPAGES * PAGE)
			EXPECT_TRUE(t.e.ev[i].flags & MMSCOPE_FAULTF_MAJOR);
	free(t.e.ev);

	traced_step(_metadata, &j, &t, &base, sizeof(base));
	n = count_in(&t.e, base, base + NPAGES * PAGE, MMSCOPE_FAULT_FILE_CACHE, &ok);
	EXPECT_GE(n, 1);
	EXPECT_LE(n, NPAGES);	/* fault-around maps several pages at once */
	EXPECT_TRUE(ok);
	for (i = 0; i < t.e.n; i++)
		EXPECT_FALSE(t.e.ev[i].flags & MMSCOPE_FAULTF_MAJOR);
	job_end(&j);
	free(t.e.ev);
}

/* A raw block device (zram) */
TEST(file_major_then_page_cache)
{
	ASSERT_EQ(0, make_blockdev()) TH_LOG("no zram device for a block-device mapping");
	major_then_cache(_metadata, blockdev);
}

/* The same from a file on a real file system on a virtio disk. */
static void disk_major(struct __test_metadata *_metadata, const char *fs)
{
	char path[128];

	int fd = disk_file(fs, "major", NPAGES * PAGE, path, sizeof(path));

	ASSERT_LE(0, fd) TH_LOG("no %s disk on /mnt/%s: scripts/vm gives one", fs, fs);
	close(fd);
	major_then_cache(_metadata, path);
}

TEST(ext4_major_faults_from_disk)
{
	disk_major(_metadata, "ext4");
}

TEST(xfs_major_faults_from_disk)
{
	disk_major(_metadata, "xfs");
}

#define RA_PAGES 256

struct ra_arg {
	const char *path;
	int advice;
};

/* Map the file with @advice and read it from start to end. */
static void ra_job(struct job_child *c, void *arg)
{
	const struct ra_arg *a = arg;
	int fd = open(a->path, O_RDONLY);
	char *p = mmap(NULL, RA_PAGES * PAGE, PROT_READ, MAP_SHARED, fd, 0);
	volatile char sum = 0;
	uint64_t base = (uintptr_t)p;
	size_t i;

	if (p == MAP_FAILED || madvise(p, RA_PAGES * PAGE, a->advice))
		_exit(1);
	job_wait_go(c);
	for (i = 0; i < RA_PAGES; i++)
		sum += p[i * PAGE];
	job_report(c, &base, sizeof(base));
}

/* The VmFlags of the VMA at @addr, from mmscope and from /proc, agree. */
static void vmflags_of(struct __test_metadata *_metadata, pid_t pid,
		       uint64_t addr, char *out, size_t size)
{
	char *smaps = proc_read(pid, "smaps"), head[32], *p;

	ASSERT_NE(NULL, smaps);
	snprintf(head, sizeof(head), "%llx-", (unsigned long long)addr);
	p = strstr(smaps, head);
	ASSERT_NE(NULL, p);
	p = strstr(p, "VmFlags: ");
	ASSERT_NE(NULL, p);
	p += strlen("VmFlags: ");
	snprintf(out, size, "%.*s", (int)strcspn(p, "\n"), p);
	free(smaps);
}

static int find_vmflags(const struct mmscope_vma *v, void *arg)
{
	char **want = arg;

	if (v->start == (uintptr_t)want[0])
		snprintf(want[1], 256, "%s", v->vmflags);
	return 0;
}

/*
 * Readahead: a MADV_SEQUENTIAL mapping ("sr" in VmFlags) read from the
 * disk takes far fewer faults than a MADV_RANDOM one ("rr"), which takes
 * one major fault per page; both as /proc/PID/stat counts them.
 */
static void readahead_run(struct __test_metadata *_metadata, int advice,
			  const char *flag, unsigned long long *faults,
			  unsigned long long *majors)
{
	char path[128], theirs[256], ours[256] = "";
	void *want[2];
	struct mmscope_error err;
	struct mmscope *m;
	struct ra_arg a;
	struct trace t;
	struct job j;
	uint64_t base;
	int fd;

	fd = disk_file("ext4", flag, RA_PAGES * PAGE, path, sizeof(path));
	ASSERT_LE(0, fd) TH_LOG("no ext4 disk on /mnt/ext4: scripts/vm gives one");
	close(fd);
	drop_caches();
	a.path = path;
	a.advice = advice;
	ASSERT_EQ(0, job_start(&j, ra_job, &a));
	traced_step(_metadata, &j, &t, &base, sizeof(base));
	totals(&t.e, faults, majors);
	*faults += *majors;
	vmflags_of(_metadata, j.pid, base, theirs, sizeof(theirs));
	want[0] = (void *)(uintptr_t)base;
	want[1] = ours;
	ASSERT_EQ(0, mmscope_open(&m, &err));
	ASSERT_EQ(0, mmscope_vma_dump(m, j.pid, find_vmflags, want));
	mmscope_close(m);
	EXPECT_STREQ(theirs, ours);
	EXPECT_NE(NULL, strstr(ours, flag)) TH_LOG("VmFlags: %s", ours);
	job_end(&j);
	free(t.e.ev);
}

TEST(readahead_sequential_versus_random)
{
	unsigned long long seq, seq_major, rnd, rnd_major;

	readahead_run(_metadata, MADV_SEQUENTIAL, "sr", &seq, &seq_major);
	readahead_run(_metadata, MADV_RANDOM, "rr", &rnd, &rnd_major);
	TH_LOG("%d pages from disk: MADV_SEQUENTIAL %llu faults (%llu major), "
	       "MADV_RANDOM %llu faults (%llu major)", RA_PAGES, seq, seq_major,
	       rnd, rnd_major);
	EXPECT_EQ(RA_PAGES, rnd_major);
	EXPECT_LT(seq * 4, rnd);
}

struct mvr_report {
	uint64_t base, end;	/* the pages the step touched */
	uint64_t pte_before;	/* VmPTE bytes before it (from mmscope) */
};

/* Page-table bytes (VmPTE) of @pid as mmscope reads them. */
static uint64_t pte_bytes(pid_t pid)
{
	struct mmscope_error err;
	struct mmscope_task t;
	struct mmscope *m;
	uint64_t v = ~0ULL;

	if (mmscope_open(&m, &err))
		return v;
	if (!mmscope_task_get(m, pid, &t)) {
		v = t.mm.v[MMSCOPE_MM_A_PGTABLES_BYTES];
		mmscope_task_free(&t);
	}
	mmscope_close(m);
	return v;
}

/* read() the whole file @arg into a fresh buffer (base pages). */
static void read_job(struct job_child *c, void *arg)
{
	size_t len = RA_PAGES * PAGE;
	char *buf = small_pages(len);
	int fd = open(arg, O_RDONLY);
	struct mvr_report r;
	size_t got = 0;

	if (fd < 0)
		_exit(1);
	job_wait_go(c);
	while (got < len) {
		ssize_t n = read(fd, buf + got, len - got);

		if (n <= 0)
			_exit(1);
		got += n;
	}
	r.base = (uintptr_t)buf;
	r.end = r.base + len;
	job_report(c, &r, sizeof(r));
}

/* mmap() the file @arg and read every page of it. */
static void map_job(struct job_child *c, void *arg)
{
	size_t len = RA_PAGES * PAGE, i;
	int fd = open(arg, O_RDONLY);
	char *p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	volatile char sum = 0;
	struct mvr_report r;

	if (p == MAP_FAILED)
		_exit(1);
	job_wait_go(c);
	for (i = 0; i < RA_PAGES; i++)
		sum += p[i * PAGE];
	r.base = (uintptr_t)p;
	r.end = r.base + len;
	job_report(c, &r, sizeof(r));
}

/*
 * mmap versus read() of the same file, in the page cache: read() copies
 * into a buffer whose every page faults once (anonymous), mmap maps the
 * page cache itself with fault-around (file faults, fewer than pages).
 * The faults (== /proc/PID/stat) and the page-table bytes (mmscope's
 * VmPTE == /proc/PID/status) of each are logged.
 */
static void mvr_run(struct __test_metadata *_metadata, const char *path,
		    bool use_mmap, unsigned long long *faults, long long *pte)
{
	struct mvr_report r;
	unsigned long long maj;
	long long before;
	struct trace t;
	struct job j;
	char *st;
	size_t in_file, in_anon;
	bool ok;

	ASSERT_EQ(0, job_start(&j, use_mmap ? map_job : read_job, (void *)path));
	before = pte_bytes(j.pid);
	traced_step(_metadata, &j, &t, &r, sizeof(r));
	totals(&t.e, faults, &maj);
	*faults += maj;
	EXPECT_EQ(0, maj);	/* all from the page cache */
	in_file = count_in(&t.e, r.base, r.end,
			   use_mmap ? MMSCOPE_FAULT_FILE_CACHE : MMSCOPE_FAULT_ANON, &ok);
	EXPECT_TRUE(ok);	/* every fault in the range of the one class */
	if (use_mmap) {
		EXPECT_LE(1, in_file);
		EXPECT_GT(RA_PAGES, in_file) TH_LOG("fault-around maps several pages a fault");
	} else {
		in_anon = in_file;
		EXPECT_EQ(RA_PAGES, in_anon);
	}
	*pte = pte_bytes(j.pid);
	st = proc_read(j.pid, "status");
	ASSERT_NE(NULL, st);
	EXPECT_EQ(status_field(st, "VmPTE") * 1024, *pte);
	free(st);
	*pte -= before;
	job_end(&j);
	free(t.e.ev);
}

TEST(mmap_versus_read)
{
	unsigned long long fm, fr;
	long long pm, pr;
	char path[128];
	int fd;

	fd = disk_file("ext4", "mvr", RA_PAGES * PAGE, path, sizeof(path));
	ASSERT_LE(0, fd) TH_LOG("no ext4 disk on /mnt/ext4: scripts/vm gives one");
	/* warm the page cache: both read the same cached pages */
	ASSERT_EQ(0, lseek(fd, 0, SEEK_SET));
	ASSERT_EQ(0, posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED));
	{
		char buf[PAGE];

		while (read(fd, buf, sizeof(buf)) > 0)
			;
	}
	close(fd);
	mvr_run(_metadata, path, false, &fr, &pr);
	mvr_run(_metadata, path, true, &fm, &pm);
	TH_LOG("%d cached pages: read() %llu faults, %lld page-table bytes more; "
	       "mmap %llu faults, %lld page-table bytes more", RA_PAGES, fr, pr,
	       fm, pm);
	EXPECT_LT(fm, fr);
}

static void cow_job(struct job_child *c, void *arg)
{
	char *p = small_pages(NPAGES * PAGE);
	uint64_t base = (uintptr_t)p;
	pid_t kid;
	size_t i;

	memset(p, 1, NPAGES * PAGE);
	kid = fork();
	if (!kid) {
		for (;;)
			pause();
	}
	job_wait_go(c);
	for (i = 0; i < NPAGES; i++)
		p[i * PAGE] = 2;
	kill(kid, SIGKILL);
	waitpid(kid, NULL, 0);
	job_report(c, &base, sizeof(base));
}

TEST(fork_then_write_copies)
{
	struct trace t;
	struct job j;
	uint64_t base;

	ASSERT_EQ(0, job_start(&j, cow_job, NULL));
	traced_step(_metadata, &j, &t, &base, sizeof(base));
	expect_pages(_metadata, &t, base, NPAGES, MMSCOPE_FAULT_COW);
	job_end(&j);
	free(t.e.ev);
}

static void zero_job(struct job_child *c, void *arg)
{
	char *p = small_pages(NPAGES * PAGE);
	uint64_t base = (uintptr_t)p;
	volatile char sum = 0;
	size_t i;

	job_wait_go(c);
	for (i = 0; i < NPAGES; i++)
		sum += p[i * PAGE];
	job_report(c, &base, sizeof(base));
	job_wait_go(c);
	for (i = 0; i < NPAGES; i++)
		p[i * PAGE] = 1;
	job_report(c, &base, sizeof(base));
}

TEST(read_zero_page_then_write)
{
	struct trace t;
	struct job j;
	uint64_t base;

	ASSERT_EQ(0, job_start(&j, zero_job, NULL));
	traced_step(_metadata, &j, &t, &base, sizeof(base));
	expect_pages(_metadata, &t, base, NPAGES, MMSCOPE_FAULT_ZERO);
	free(t.e.ev);
	/* the write replaces the zero page with a page of its own: a copy */
	traced_step(_metadata, &j, &t, &base, sizeof(base));
	expect_pages(_metadata, &t, base, NPAGES, MMSCOPE_FAULT_COW);
	job_end(&j);
	free(t.e.ev);
}

static void swap_job(struct job_child *c, void *arg)
{
	char *p = small_pages(NPAGES * PAGE);
	uint64_t res[2] = { (uintptr_t)p, 0 };
	volatile char sum = 0;
	uint64_t pm[NPAGES];
	size_t i;
	int fd;

	for (i = 0; i < NPAGES; i++)
		memset(p + i * PAGE, (int)i + 1, PAGE);
	madvise(p, NPAGES * PAGE, MADV_PAGEOUT);
	/* the truth: pagemap says which pages are in swap now */
	fd = open("/proc/self/pagemap", O_RDONLY);
	if (fd >= 0 && pread(fd, pm, sizeof(pm), (uintptr_t)p / PAGE * 8) ==
	    sizeof(pm))
		for (i = 0; i < NPAGES; i++)
			res[1] += !!(pm[i] & PM_SWAP);
	close(fd);
	job_wait_go(c);
	for (i = 0; i < NPAGES; i++)
		sum += p[i * PAGE];
	job_report(c, res, sizeof(res));
}

TEST(pageout_then_swapin)
{
	uint64_t res[2];
	struct trace t;
	struct job j;
	size_t i, majors = 0;

	ASSERT_EQ(0, job_start(&j, swap_job, NULL));
	traced_step(_metadata, &j, &t, res, sizeof(res));
	ASSERT_EQ(NPAGES, res[1]) TH_LOG("only %llu pages went to swap (is zram swap on?)",
					 (unsigned long long)res[1]);
	expect_pages(_metadata, &t, res[0], NPAGES, MMSCOPE_FAULT_SWAPIN);
	for (i = 0; i < t.e.n; i++)
		if (t.e.ev[i].fclass == MMSCOPE_FAULT_SWAPIN &&
		    (t.e.ev[i].flags & MMSCOPE_FAULTF_MAJOR))
			majors++;
	/* read back from the device: major (the /proc/PID/stat check agrees) */
	EXPECT_GE(majors, 1);
	job_end(&j);
	free(t.e.ev);
}

static void thp_job(struct job_child *c, void *arg)
{
	char *p = mmap(NULL, 4 * MiB, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *h = (char *)(((uintptr_t)p + 2 * MiB - 1) & ~(2 * MiB - 1));
	uint64_t base = (uintptr_t)h;
	size_t i;

	madvise(h, 2 * MiB, MADV_HUGEPAGE);
	job_wait_go(c);
	for (i = 0; i < 2 * MiB; i += PAGE)
		h[i] = 1;
	job_report(c, &base, sizeof(base));
}

TEST(thp_one_fault_for_2mib)
{
	struct trace t;
	struct job j;
	uint64_t base;
	size_t n;
	char *smaps, *at;
	bool ok;

	if (!have_thp())
		SKIP(return, "this kernel has no THP (PREEMPT_RT): no THP fault to see");
	ASSERT_EQ(0, job_start(&j, thp_job, NULL));
	traced_step(_metadata, &j, &t, &base, sizeof(base));
	/* the truth: smaps shows the 2 MiB as one anonymous huge page */
	smaps = proc_read(j.pid, "smaps");
	ASSERT_NE(NULL, smaps);
	at = strstr(smaps, "AnonHugePages:      2048 kB");
	ASSERT_NE(NULL, at) TH_LOG("no THP was allocated; cannot check");
	n = count_in(&t.e, base, base + 2 * MiB, MMSCOPE_FAULT_THP, &ok);
	EXPECT_EQ(1, n);
	EXPECT_TRUE(ok);
	free(smaps);
	job_end(&j);
	free(t.e.ev);
}

static sigjmp_buf segv_jmp;

static void on_segv(int sig)
{
	siglongjmp(segv_jmp, 1);
}

static void prot_none_job(struct job_child *c, void *arg)
{
	char *p = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t res[2] = { (uintptr_t)p + 5, 0 };
	volatile char x;

	signal(SIGSEGV, on_segv);
	job_wait_go(c);
	if (!sigsetjmp(segv_jmp, 1))
		x = p[5];
	else
		res[1] = 1;
	(void)x;
	job_report(c, res, sizeof(res));
}

TEST(prot_none_is_an_error)
{
	uint64_t res[2];
	struct trace t;
	struct job j;
	size_t n, i;
	bool ok;

	ASSERT_EQ(0, job_start(&j, prot_none_job, NULL));
	traced_step(_metadata, &j, &t, res, sizeof(res));
	ASSERT_EQ(1, res[1]) TH_LOG("the access did not raise SIGSEGV");
	n = count_in(&t.e, res[0], res[0] + 1, MMSCOPE_FAULT_ERROR, &ok);
	EXPECT_EQ(1, n);
	EXPECT_TRUE(ok);
	for (i = 0; i < t.e.n; i++)
		if (t.e.ev[i].address == res[0])
			EXPECT_EQ(MMSCOPE_FERR_ACCERR, t.e.ev[i].error);
	job_end(&j);
	free(t.e.ev);
}

/* Everything at once: anon, copy, file, swap; counters == /proc/PID/stat. */
static void mixed_job(struct job_child *c, void *arg)
{
	char *a = small_pages(NPAGES * PAGE);
	int fd = open("/proc/self/exe", O_RDONLY);
	char *f = mmap(NULL, 16 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	volatile char sum = 0;
	uint64_t done = 1;
	size_t i;

	job_wait_go(c);
	for (i = 0; i < NPAGES; i++)
		a[i * PAGE] = 1;
	madvise(a, NPAGES * PAGE, MADV_PAGEOUT);
	for (i = 0; i < NPAGES; i++)
		sum += a[i * PAGE];
	for (i = 0; i < 16; i++)
		sum += f[i * PAGE];
	for (i = 0; i < 16; i += 2)
		f[i * PAGE] = 1;
	madvise(a, NPAGES * PAGE, MADV_DONTNEED);
	for (i = 0; i < NPAGES; i++)
		sum += a[i * PAGE];
	job_report(c, &done, sizeof(done));
}

TEST(counters_equal_proc_stat)
{
	struct mmscope_counters c0, c1;
	struct mmscope_error err;
	unsigned long long min0, maj0, min1, maj1;
	struct mmscope *m;
	struct job j;
	uint64_t done;
	int k;

	ASSERT_EQ(0, mmscope_open(&m, &err));
	/* counting on while this socket is open */
	ASSERT_EQ(0, mmscope_counters_ctl(m, MMSCOPE_CTL_F_HOLD, NULL));
	ASSERT_EQ(0, job_start(&j, mixed_job, NULL));
	ASSERT_EQ(0, mmscope_counters_get(m, j.pid, &c0, NULL));
	ASSERT_EQ(0, stat_faults(j.pid, &min0, &maj0));
	ASSERT_EQ(0, job_step(&j, &done, sizeof(done)));
	ASSERT_EQ(0, stat_faults(j.pid, &min1, &maj1));
	ASSERT_EQ(0, mmscope_counters_get(m, j.pid, &c1, NULL));
	EXPECT_EQ(min1 - min0, c1.minor - c0.minor);
	EXPECT_EQ(maj1 - maj0, c1.major - c0.major);
	EXPECT_GT(c1.major - c0.major, 0);
	EXPECT_GE(c1.by_class[MMSCOPE_FAULT_ANON] - c0.by_class[MMSCOPE_FAULT_ANON],
		  NPAGES);
	EXPECT_GE(c1.by_class[MMSCOPE_FAULT_SWAPIN] - c0.by_class[MMSCOPE_FAULT_SWAPIN],
		  1);
	EXPECT_GE(c1.by_class[MMSCOPE_FAULT_ZERO] - c0.by_class[MMSCOPE_FAULT_ZERO],
		  NPAGES);
	/* classes and the histogram add up to the faults */
	{
		uint64_t sum = 0, hist = 0;

		for (k = 0; k < MMSCOPE_FAULT_NR_CLASSES; k++)
			sum += c1.by_class[k];
		for (k = 0; k < MMSCOPE_LAT_BUCKETS; k++)
			hist += c1.latency[k];
		EXPECT_EQ(c1.minor + c1.major + c1.errors, sum);
		EXPECT_EQ(sum, hist);
	}
	job_end(&j);
	mmscope_close(m);
}


TEST_HARNESS_MAIN

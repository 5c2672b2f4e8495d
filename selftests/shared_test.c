// SPDX-License-Identifier: GPL-2.0
/*
 * mmscope shared against the kernel's own interfaces read in the same VM:
 * the PFN of every present page of each process (/proc/PID/pagemap) and
 * its kind (/proc/kpageflags), intersected.  The family: a process and
 * its fork sharing anonymous memory partly written since (copy on write
 * broken on a quarter), a shared file mapping on ext4, a memfd, pages
 * KSM merged between them, and pages read but never written (the zero
 * page).
 */
#include "lib/common.h"

#include <sys/syscall.h>

#include "lib/harness.h"

#define PAGE		4096UL
#define PM_PFN_MASK	((1ULL << 55) - 1)
#define PM_PRESENT	(1ULL << 63)
#define KPF_ANON	12
#define KPF_SWAPBACKED	14
#define KPF_NOPAGE	20
#define KPF_KSM		21
#define KPF_ZERO_PAGE	24
#define KPF_RESERVED	32

enum kind { K_ANON, K_FILE, K_SHMEM, K_KSM, K_ZERO, K_OTHER, K_NR };
static const char *const kind_name[K_NR] = {
	"anon", "file", "shmem", "ksm", "zero", "other",
};

#define COW_PAGES	64
#define COW_WRITTEN	16
#define FILE_PAGES	8
#define MEMFD_PAGES	8
#define KSM_PAGES	16
#define ZERO_PAGES	8

struct family {
	pid_t a, b;
	int file_fd;
	volatile int ksm_ready[2];
};

static struct family *fam;

static void touch_read(const char *p, size_t pages)
{
	volatile char sink;
	size_t i;

	for (i = 0; i < pages; i++)
		sink = p[i * PAGE];
	(void)sink;
}

/* A region each process maps on its own, the same bytes in both: KSM's. */
static void ksm_region(int who)
{
	char *k = mmap(NULL, KSM_PAGES * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	size_t i;

	if (k == MAP_FAILED)
		_exit(20);
	for (i = 0; i < KSM_PAGES; i++)
		memset(k + i * PAGE, 'K' + i, PAGE);
	madvise(k, KSM_PAGES * PAGE, MADV_MERGEABLE);
	fam->ksm_ready[who] = 1;
}

static void build(void *arg)
{
	char *cow, *file, *mem, *zero;
	int mfd, ready[2];
	size_t i;
	pid_t b;

	cow = mmap(NULL, COW_PAGES * PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	file = mmap(NULL, FILE_PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
		    fam->file_fd, 0);
	mfd = syscall(SYS_memfd_create, "shared_test", 0);
	if (cow == MAP_FAILED || file == MAP_FAILED || mfd < 0 ||
	    ftruncate(mfd, MEMFD_PAGES * PAGE))
		_exit(10);
	mem = mmap(NULL, MEMFD_PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
		   mfd, 0);
	zero = mmap(NULL, ZERO_PAGES * PAGE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED || zero == MAP_FAILED)
		_exit(11);
	for (i = 0; i < COW_PAGES; i++)
		memset(cow + i * PAGE, 'c' + i % 16, PAGE);
	for (i = 0; i < MEMFD_PAGES; i++)
		mem[i * PAGE] = 'm';
	touch_read(file, FILE_PAGES);
	touch_read(zero, ZERO_PAGES);
	if (pipe(ready))
		_exit(12);
	b = fork();
	if (b < 0)
		_exit(13);
	if (b == 0) {
		/* the fork: breaks COW on a quarter, maps the rest anew */
		close(ready[0]);
		for (i = 0; i < COW_WRITTEN; i++)
			cow[i * PAGE] = 'w';
		touch_read(file, FILE_PAGES);
		touch_read(mem, MEMFD_PAGES);
		touch_read(zero, ZERO_PAGES);
		ksm_region(1);
		child_ready(ready[1]);
	}
	fam->b = b;
	close(ready[1]);
	if (wait_ready(ready[0]))
		_exit(14);
	ksm_region(0);
}

static long long sysfs_num(const char *path)
{
	char *s = read_file(path, NULL);
	long long v = s ? strtoll(s, NULL, 10) : -1;

	free(s);
	return v;
}

static void sysfs_write(const char *path, const char *v)
{
	int fd = open(path, O_WRONLY);

	if (fd >= 0) {
		if (write(fd, v, strlen(v)) < 0)
			perror(path);
		close(fd);
	}
}

/*
 * Pages of @pid that KSM merged (5.19+: /proc/PID/ksm_merging_pages);
 * before 5.19, the pages KSM shares in the whole system, -1 without it.
 * The system's count keeps pages of processes gone while ksmd is stopped:
 * only a count of the process's own says its pages were merged.
 */
static long long ksm_merged(pid_t pid)
{
	char path[64];
	long long n;

	snprintf(path, sizeof(path), "/proc/%d/ksm_merging_pages", pid);
	n = sysfs_num(path);
	return n >= 0 ? n : sysfs_num("/sys/kernel/mm/ksm/pages_shared");
}

/* Let ksmd merge the two KSM regions, then stop it; false without KSM. */
static bool ksm_merge(void)
{
	int i;

	if (access("/sys/kernel/mm/ksm/run", W_OK))
		return false;
	sysfs_write("/sys/kernel/mm/ksm/pages_to_scan", "10000");
	sysfs_write("/sys/kernel/mm/ksm/sleep_millisecs", "10");
	sysfs_write("/sys/kernel/mm/ksm/run", "1");
	for (i = 0; i < 600; i++) {
		if (ksm_merged(fam->a) >= KSM_PAGES && ksm_merged(fam->b) >= KSM_PAGES)
			break;
		usleep(100000);
	}
	sysfs_write("/sys/kernel/mm/ksm/run", "0");	/* merged pages stay */
	return true;
}

/* ---- the truth: pagemap and kpageflags ---------------------------- */

struct ref {
	uint64_t pfn;
	int proc;
	int kind;
};

struct truth {
	struct ref *r;
	size_t n, cap;
	uint64_t shared[K_NR], excl[2][K_NR];	/* pages */
};

/*
 * Some kernels (6.12's) set KPF_KSM on every anonymous page (a test of
 * mapping & PAGE_MAPPING_KSM that any anonymous mapping passes).  Then a
 * page is taken as KSM's only in a VMA that KSM may merge ("mg" in
 * VmFlags): KSM merges nothing else.  Whether this kernel does it is
 * seen on a page of this test's own that KSM never touched.
 */
static bool ksm_flag_lies;

static void ksm_flag_check(int kpf)
{
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t v = 0, f = 0;
	int pm = open("/proc/self/pagemap", O_RDONLY);

	p[0] = 1;
	if (pm >= 0 && pread(pm, &v, 8, (unsigned long)p / PAGE * 8) == 8 &&
	    (v & PM_PRESENT) &&
	    pread(kpf, &f, 8, (v & PM_PFN_MASK) * 8) == 8)
		ksm_flag_lies = f & (1ULL << KPF_KSM);
	if (pm >= 0)
		close(pm);
	munmap(p, PAGE);
}

static int kind_of(int kpf, uint64_t pfn, bool mergeable)
{
	uint64_t f = 0;

	if (pread(kpf, &f, sizeof(f), pfn * 8) != sizeof(f))
		return K_OTHER;
	if (f & (1ULL << KPF_ZERO_PAGE))
		return K_ZERO;
	if ((f & (1ULL << KPF_NOPAGE)) || (f & (1ULL << KPF_RESERVED)))
		return K_OTHER;
	/* see ksm_flag_on_every_anon_page: then only mergeable VMAs' count */
	if ((f & (1ULL << KPF_KSM)) && (!ksm_flag_lies || mergeable))
		return K_KSM;
	if (f & (1ULL << KPF_ANON))
		return K_ANON;
	if (f & (1ULL << KPF_SWAPBACKED))
		return K_SHMEM;
	return K_FILE;
}

/* Is @addr in a VMA with "mg" (VM_MERGEABLE) in @smaps's VmFlags? */
static bool mergeable_at(const char *smaps, unsigned long long addr)
{
	const char *line;
	bool in = false;

	for (line = smaps; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		unsigned long long s, e;

		if (sscanf(line, "%llx-%llx ", &s, &e) == 2 && line[strcspn(line, " ")] == ' ' &&
		    strchr(line, '-') < strchr(line, ' '))
			in = addr >= s && addr < e;
		else if (in && !strncmp(line, "VmFlags:", 8))
			return strstr(line, " mg") && strstr(line, " mg") < strchr(line, '\n');
	}
	return false;
}

static int read_truth(pid_t pid, int proc, int kpf, struct truth *t)
{
	char *maps = proc_read(pid, "maps"), *line, path[64];
	char *smaps = proc_read(pid, "smaps");
	int pm;

	snprintf(path, sizeof(path), "/proc/%d/pagemap", pid);
	pm = open(path, O_RDONLY);
	if (!maps || pm < 0)
		return -1;
	for (line = maps; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		unsigned long long s, e, a;

		if (sscanf(line, "%llx-%llx", &s, &e) != 2 || strstr(line, "[vsyscall]"))
			continue;
		for (a = s; a < e; a += PAGE) {
			uint64_t v = 0;

			if (pread(pm, &v, 8, a / PAGE * 8) != 8 || !(v & PM_PRESENT))
				continue;
			if (t->n == t->cap) {
				t->cap = t->cap ? 2 * t->cap : 4096;
				t->r = realloc(t->r, t->cap * sizeof(*t->r));
				if (!t->r)
					return -1;
			}
			t->r[t->n].pfn = v & PM_PFN_MASK;
			t->r[t->n].proc = proc;
			t->r[t->n].kind = kind_of(kpf, v & PM_PFN_MASK,
						  mergeable_at(smaps, a));
			t->n++;
		}
	}
	close(pm);
	free(maps);
	free(smaps);
	return 0;
}

static int by_pfn(const void *x, const void *y)
{
	const struct ref *a = x, *b = y;

	return a->pfn < b->pfn ? -1 : a->pfn > b->pfn;
}

static void sweep(struct truth *t)
{
	size_t i = 0, j;

	qsort(t->r, t->n, sizeof(*t->r), by_pfn);
	while (i < t->n) {
		int procs = 0;

		for (j = i; j < t->n && t->r[j].pfn == t->r[i].pfn; j++)
			procs |= 1 << t->r[j].proc;
		if (procs == 3)
			t->shared[t->r[i].kind]++;
		else
			t->excl[t->r[i].proc][t->r[i].kind]++;
		i = j;
	}
}

/* The number after "key": inside the object that follows @after. */
static long long json_num(const char *s, const char *after, const char *key)
{
	char k[64];
	const char *p = strstr(s, after), *end;

	if (!p)
		return -1;
	end = strchr(p + strlen(after), '}');
	snprintf(k, sizeof(k), "\"%s\":", key);
	p = strstr(p + strlen(after), k);
	if (!p || (end && p > end))
		return -1;
	return strtoll(p + strlen(k), NULL, 10);
}

FIXTURE(family) {
	char path[128];
	bool ksm;
};

FIXTURE_SETUP(family)
{
	fam = mmap(NULL, sizeof(*fam), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, fam);
	memset(fam, 0, sizeof(*fam));
	fam->file_fd = disk_file("ext4", "shared_test.dat", FILE_PAGES * PAGE,
				 self->path, sizeof(self->path));
	ASSERT_LE(0, fam->file_fd) TH_LOG("no ext4 disk in this VM");
	fam->a = spawn_child(build, NULL);
	ASSERT_LT(0, fam->a);
	ASSERT_LT(0, fam->b);
	self->ksm = ksm_merge();
}

FIXTURE_TEARDOWN(family)
{
	kill_child(fam->b);
	kill_child(fam->a);
	close(fam->file_fd);
	unlink(self->path);
}

TEST_F(family, shared_equals_pagemap_intersection)
{
	struct truth t = { 0 };
	char a[16], b[16], key[64];
	struct run r;
	int kpf, k, p;

	snprintf(a, sizeof(a), "%d", fam->a);
	snprintf(b, sizeof(b), "%d", fam->b);
	run_tool(&r, 0, "shared", "--json", a, b, NULL);
	ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
	kpf = open("/proc/kpageflags", O_RDONLY);
	ASSERT_LE(0, kpf);
	ksm_flag_check(kpf);
	if (ksm_flag_lies)
		TH_LOG("this kernel sets KPF_KSM on every anonymous page: KSM taken from mergeable VMAs");
	ASSERT_EQ(0, read_truth(fam->a, 0, kpf, &t));
	ASSERT_EQ(0, read_truth(fam->b, 1, kpf, &t));
	close(kpf);
	sweep(&t);
	for (k = 0; k < K_NR; k++) {
		EXPECT_EQ((long long)(t.shared[k] * 4),
			  json_num(r.out, "\"shared_kb\":{", kind_name[k]))
			TH_LOG("shared %s", kind_name[k]);
		for (p = 0; p < 2; p++) {
			snprintf(key, sizeof(key), "\"pid\":%d,\"kb\":{",
				 p ? fam->b : fam->a);
			EXPECT_EQ((long long)(t.excl[p][k] * 4),
				  json_num(r.out, key, kind_name[k]))
				TH_LOG("exclusive %s of %d", kind_name[k],
				       p ? fam->b : fam->a);
		}
	}
	/* the family made each kind it was meant to */
	EXPECT_LE((COW_PAGES - COW_WRITTEN) * 4, (long)t.shared[K_ANON] * 4);
	EXPECT_LE(FILE_PAGES * 4, (long)t.shared[K_FILE] * 4);
	EXPECT_LE(MEMFD_PAGES * 4, (long)t.shared[K_SHMEM] * 4);
	EXPECT_LE(4, (long)t.shared[K_ZERO] * 4);
	if (self->ksm)
		EXPECT_LE(KSM_PAGES * 4, (long)t.shared[K_KSM] * 4);
	TH_LOG("shared kB: anon %llu file %llu shmem %llu ksm %llu zero %llu other %llu",
	       (unsigned long long)t.shared[K_ANON] * 4,
	       (unsigned long long)t.shared[K_FILE] * 4,
	       (unsigned long long)t.shared[K_SHMEM] * 4,
	       (unsigned long long)t.shared[K_KSM] * 4,
	       (unsigned long long)t.shared[K_ZERO] * 4,
	       (unsigned long long)t.shared[K_OTHER] * 4);
	free(t.r);
	run_free(&r);
}

/* The text report names the kinds, and the VMA groups add up. */
TEST_F(family, text_and_usage)
{
	char a[16], b[16];
	struct run r;

	snprintf(a, sizeof(a), "%d", fam->a);
	snprintf(b, sizeof(b), "%d", fam->b);
	run_tool(&r, 0, "shared", a, b, NULL);
	ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
	EXPECT_NE(NULL, strstr(r.out, "anonymous, not yet copied on write"));
	EXPECT_NE(NULL, strstr(r.out, "shared_test.dat"));
	EXPECT_NE(NULL, strstr(r.out, "mapped by one of them only"));
	run_free(&r);
	run_tool(&r, 0, "shared", a, NULL);
	EXPECT_EQ(2, r.status);
	run_free(&r);
	run_tool(&r, 0, "shared", a, a, NULL);
	EXPECT_EQ(2, r.status);
	run_free(&r);
}

TEST_HARNESS_MAIN

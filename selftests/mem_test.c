// SPDX-License-Identifier: GPL-2.0
/*
 * mmscope mem against the kernel's own figures read in the same VM: RAM
 * (MemTotal of /proc/meminfo), the page tables of all processes
 * (PageTables, read before and after), the memory sections
 * (/sys/devices/system/memory: one block per present section, or
 * sections per block), and the struct page array's own pages
 * (nr_memmap_boot_pages + nr_memmap_pages of /proc/vmstat, 6.11 on).
 */
#include "lib/common.h"

#include <dirent.h>

#include "lib/harness.h"

/* "name value" of /proc/vmstat, or -1 when this kernel has no such line. */
static long long vmstat_field(const char *name)
{
	char *v = read_file("/proc/vmstat", NULL), *p;
	size_t n = strlen(name);
	long long out = -1;

	for (p = v; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (!strncmp(p, name, n) && p[n] == ' ') {
			out = strtoll(p + n + 1, NULL, 10);
			break;
		}
	}
	free(v);
	return out;
}

static long long meminfo_kb(const char *key)
{
	char *mi = read_file("/proc/meminfo", NULL);
	long long v = status_field(mi, key);

	free(mi);
	return v;
}

/* The memory blocks of /sys/devices/system/memory, and their size. */
static int memory_blocks(unsigned long long *block_bytes)
{
	DIR *d = opendir("/sys/devices/system/memory");
	char *bs = read_file("/sys/devices/system/memory/block_size_bytes", NULL);
	struct dirent *e;
	int n = 0;

	*block_bytes = bs ? strtoull(bs, NULL, 16) : 0;
	free(bs);
	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, "memory", 6) &&
		    e->d_name[6] >= '0' && e->d_name[6] <= '9')
			n++;
	closedir(d);
	return n;
}

FIXTURE(mem) {
	struct mmscope *m;
	struct mmscope_mem mem;
	long long pt_before, pt_after;
};

FIXTURE_SETUP(mem)
{
	struct mmscope_error err;

	ASSERT_EQ(0, mmscope_open(&self->m, &err));
	self->pt_before = meminfo_kb("PageTables");
	ASSERT_EQ(0, mmscope_mem_get(self->m, &self->mem)) TH_LOG("%s", self->m->err.msg);
	self->pt_after = meminfo_kb("PageTables");
}

FIXTURE_TEARDOWN(mem)
{
	mmscope_close(self->m);
}

/* RAM and the page size are the kernel's. */
TEST_F(mem, ram_is_memtotal)
{
	EXPECT_EQ(sysconf(_SC_PAGESIZE), self->mem.page_size);
	EXPECT_EQ(meminfo_kb("MemTotal"),
		  (long long)(self->mem.ram_pages * self->mem.page_size >> 10));
}

/* Page tables of all processes: PageTables, between two readings. */
TEST_F(mem, page_tables_are_meminfo)
{
	long long kb = self->mem.page_table_bytes >> 10;
	long long lo = self->pt_before < self->pt_after ? self->pt_before : self->pt_after;
	long long hi = self->pt_before < self->pt_after ? self->pt_after : self->pt_before;

	ASSERT_LE(0, lo);
	EXPECT_LE(lo, kb);
	EXPECT_GE(hi, kb);
	TH_LOG("page tables %lld kB, PageTables %lld..%lld kB", kb, lo, hi);
}

/*
 * Sections: /sys/devices/system/memory has one block per present section
 * when a block is a section (a VM's size), else a block per run of them.
 */
TEST_F(mem, sections_are_sysfs_memory_blocks)
{
	unsigned long long block, section = (unsigned long long)
		self->mem.section_pages * self->mem.page_size;
	int blocks = memory_blocks(&block);

	if (blocks < 0)
		SKIP(return, "no /sys/devices/system/memory (CONFIG_MEMORY_HOTPLUG off)");
	ASSERT_LT(0, blocks);
	ASSERT_LT(0, block);
	ASSERT_EQ(0, block % section);
	if (block == section) {
		EXPECT_EQ(blocks, (int)self->mem.sections);
	} else {
		EXPECT_TRUE(self->mem.sections >= (unsigned int)blocks &&
			    self->mem.sections <= blocks * (block / section));
	}
	TH_LOG("%u sections of %llu MiB, %d memory blocks of %llu MiB",
	       self->mem.sections, section >> 20, blocks, block >> 20);
}

/* The array: a struct page per frame of every section; it covers RAM. */
TEST_F(mem, memmap_covers_ram)
{
	EXPECT_EQ(0, self->mem.late_sections) TH_LOG("this VM has no memory added after boot");
	EXPECT_EQ((uint64_t)self->mem.sections * self->mem.section_pages,
		  self->mem.memmap_pages);
	EXPECT_EQ(self->mem.memmap_pages * self->mem.struct_page_size,
		  self->mem.memmap_bytes);
	EXPECT_LE(self->mem.ram_pages, self->mem.memmap_pages);
	EXPECT_LT(self->mem.struct_page_size, self->mem.page_size);
}

/*
 * The array's own pages, as the kernel counts them since 6.11: what it
 * allocated for struct pages at boot and since.  Equal to the sections'
 * arrays when nothing else is counted there (no page_ext user, no
 * hugetlb vmemmap freed).
 */
TEST_F(mem, memmap_is_vmstat)
{
	long long boot = vmstat_field("nr_memmap_boot_pages");
	long long late = vmstat_field("nr_memmap_pages");

	if (boot < 0 || late < 0)
		SKIP(return, "no nr_memmap_boot_pages in /proc/vmstat before 6.11");
	EXPECT_EQ((boot + late) * self->mem.page_size, (long long)self->mem.memmap_bytes)
		TH_LOG("vmstat: %lld boot + %lld later pages; mmscope: %llu bytes",
		       boot, late, (unsigned long long)self->mem.memmap_bytes);
}

/* The tool prints the same figures, as text and JSON. */
TEST_F(mem, tool_prints_them)
{
	char want[64];
	struct run r;

	run_tool(&r, 0, "mem", "--json", NULL);
	ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
	snprintf(want, sizeof(want), "\"memmap_bytes\":%llu",
		 (unsigned long long)self->mem.memmap_bytes);
	EXPECT_NE(NULL, strstr(r.out, want)) TH_LOG("%s", r.out);
	run_free(&r);
	run_tool(&r, 0, "mem", NULL);
	ASSERT_EQ(0, r.status) TH_LOG("%s", r.err);
	snprintf(want, sizeof(want), "%llu kB (MemTotal)",
		 (unsigned long long)(self->mem.ram_pages * self->mem.page_size >> 10));
	EXPECT_NE(NULL, strstr(r.out, want)) TH_LOG("%s", r.out);
	run_free(&r);
	run_tool(&r, 0, "mem", "extra", NULL);
	EXPECT_EQ(2, r.status);
	run_free(&r);
}

TEST_HARNESS_MAIN

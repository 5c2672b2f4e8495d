// SPDX-License-Identifier: GPL-2.0
/* mmscope mem: what the machine's page metadata costs. */

#include <stdio.h>

#include "lib/libmmscope.h"
#include "lib/json.h"
#include "cmd.h"

static void help_mem(FILE *f)
{
	fprintf(f,
		"Usage: %s mem [--json]\n"
		"\n"
		"What the machine's page metadata costs: the kernel keeps one struct\n"
		"page for every page frame of every memory section present (holes\n"
		"included), the memmap.  Its sections, struct pages, bytes per struct\n"
		"page and in all, set against RAM (MemTotal of /proc/meminfo) and\n"
		"against the page tables of all processes (PageTables).  Sections added\n"
		"after boot (memory hot-add, device memory) are counted whole and\n"
		"said apart: hot-add may give a section's array only to what it added.\n"
		"  --json              one JSON object, in bytes\n",
		prog);
}

static double pct(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * part / whole : 0.0;
}

static int cmd_mem(int argc, char **argv)
{
	struct common_opts o;
	struct mmscope_mem mem;
	struct mmscope *m;
	uint64_t ram;
	int i, ret;

	i = parse_common("mem", &argc, argv, &o, help_mem, 0);
	if (argc - i)
		die_usage("mem", "unexpected argument '%s'", argv[i]);
	m = open_or_exit();
	ret = mmscope_mem_get(m, &mem);
	ret = close_reporting(m, "mem", ret);
	if (ret)
		return ret;
	ram = mem.ram_pages * mem.page_size;
	if (o.json) {
		struct json j;

		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_u64(&j, "page_size", mem.page_size);
		json_u64(&j, "struct_page_size", mem.struct_page_size);
		json_u64(&j, "sections", mem.sections);
		json_u64(&j, "section_pages", mem.section_pages);
		json_u64(&j, "late_sections", mem.late_sections);
		json_u64(&j, "memmap_pages", mem.memmap_pages);
		json_u64(&j, "memmap_bytes", mem.memmap_bytes);
		json_u64(&j, "ram_bytes", ram);
		json_u64(&j, "page_table_bytes", mem.page_table_bytes);
		json_obj_end(&j);
		json_finish(&j);
		return 0;
	}
	printf("struct page array (memmap)\n");
	printf("  sections      %10u present, %u pages (%u MiB) each; %u added after boot\n",
	       mem.sections, mem.section_pages,
	       (unsigned int)((uint64_t)mem.section_pages * mem.page_size >> 20),
	       mem.late_sections);
	printf("  struct pages  %10llu (one per page frame, holes included)\n",
	       (unsigned long long)mem.memmap_pages);
	printf("  bytes each    %10u (%.2f%% of a %u-byte page)\n",
	       mem.struct_page_size, pct(mem.struct_page_size, mem.page_size),
	       mem.page_size);
	printf("  total         %10llu kB (%.2f%% of RAM)\n",
	       (unsigned long long)mem.memmap_bytes >> 10, pct(mem.memmap_bytes, ram));
	printf("RAM             %10llu kB (MemTotal)\n", (unsigned long long)ram >> 10);
	printf("page tables     %10llu kB (%.2f%% of RAM; all processes, PageTables)\n",
	       (unsigned long long)mem.page_table_bytes >> 10,
	       pct(mem.page_table_bytes, ram));
	if (mem.late_sections)
		printf("note: %u section(s) added after boot are counted whole\n",
		       mem.late_sections);
	return 0;
}

COMMAND(95, "mem", "", "what page metadata costs: struct pages, page tables",
	cmd_mem, help_mem, NULL, 0);

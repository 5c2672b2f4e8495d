// SPDX-License-Identifier: GPL-2.0
/*
 * MEM_GET: what the machine's page metadata costs.  The kernel keeps one
 * struct page per page frame of every memory section present (the
 * "memmap"), holes included; this counts the sections as the kernel
 * marks them, and sets the array against RAM and against the page tables
 * of all processes.
 */
#include <linux/mm.h>
#include <linux/mmzone.h>

#include "mmscope.h"
#include "wrapper/mem.h"

struct mmscope_memmap {
	u32 sections;		/* with a struct page array */
	u32 late;		/* of them, added after boot */
};

/*
 * Every section with its array (valid_section()).  Sections are only
 * added and removed under memory hotplug's lock, which a module cannot
 * take: a section being added or removed meanwhile may be counted or not,
 * as /sys/devices/system/memory shows it or not.  The roots of a sparse
 * mem_section table that were never allocated are skipped whole.
 */
static void mmscope_memmap_count(struct mmscope_memmap *mm)
{
	unsigned long nr = 0;

	memset(mm, 0, sizeof(*mm));
	while (nr < NR_MEM_SECTIONS) {
		struct mem_section *ms = __nr_to_section(nr);

		if (!ms) {
			nr = round_up(nr + 1, SECTIONS_PER_ROOT);
			continue;
		}
		if (valid_section(ms)) {
			mm->sections++;
			if (!early_section(ms))
				mm->late++;
		}
		nr++;
		if (!(nr % SECTIONS_PER_ROOT))
			cond_resched();
	}
}

int mmscope_nl_mem_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	u64 pages, ptbytes = (u64)mmscope_page_table_pages() << PAGE_SHIFT;
	struct mmscope_memmap mm;
	struct sk_buff *msg;
	struct nlattr *nest;
	void *hdr;

	mmscope_memmap_count(&mm);
	pages = (u64)mm.sections * PAGES_PER_SECTION;
	msg = mmscope_reply_new(info, NLMSG_GOODSIZE, &hdr);
	if (IS_ERR(msg))
		return PTR_ERR(msg);
	nest = nla_nest_start(msg, MMSCOPE_A_MEM);
	if (!nest ||
	    nla_put_u32(msg, MMSCOPE_MEM_A_PAGE_SIZE, PAGE_SIZE) ||
	    nla_put_u32(msg, MMSCOPE_MEM_A_STRUCT_PAGE_SIZE, sizeof(struct page)) ||
	    nla_put_u32(msg, MMSCOPE_MEM_A_SECTIONS, mm.sections) ||
	    nla_put_u32(msg, MMSCOPE_MEM_A_SECTION_PAGES, PAGES_PER_SECTION) ||
	    nla_put_u32(msg, MMSCOPE_MEM_A_LATE_SECTIONS, mm.late) ||
	    nla_put_u64_64bit(msg, MMSCOPE_MEM_A_MEMMAP_PAGES, pages,
			      MMSCOPE_MEM_A_PAD) ||
	    nla_put_u64_64bit(msg, MMSCOPE_MEM_A_MEMMAP_BYTES,
			      pages * sizeof(struct page), MMSCOPE_MEM_A_PAD) ||
	    nla_put_u64_64bit(msg, MMSCOPE_MEM_A_RAM_PAGES, totalram_pages(),
			      MMSCOPE_MEM_A_PAD) ||
	    nla_put_u64_64bit(msg, MMSCOPE_MEM_A_PAGE_TABLE_BYTES, ptbytes,
			      MMSCOPE_MEM_A_PAD))
		return mmscope_reply_too_big(info, msg);
	nla_nest_end(msg, nest);
	return mmscope_reply(info, msg, hdr);
}

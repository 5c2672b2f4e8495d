// SPDX-License-Identifier: GPL-2.0
/* libmmscope: the machine as a whole: MEM_GET. */
#include <errno.h>
#include <string.h>
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>

#include "libmmscope.h"
#include "internal.h"

static int parse_mem(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[MMSCOPE_MEM_A_MAX + 1];
	struct mmscope_mem *out = arg;
	struct nlattr *a = lib_reply_attr(msg, MMSCOPE_A_MEM, MMSCOPE_CMD_MEM_GET);

	if (!a || nla_parse_nested(tb, MMSCOPE_MEM_A_MAX, a, NULL))
		return -EBADMSG;
	if (!tb[MMSCOPE_MEM_A_PAGE_SIZE] || !tb[MMSCOPE_MEM_A_MEMMAP_PAGES] ||
	    !tb[MMSCOPE_MEM_A_STRUCT_PAGE_SIZE])
		return -EBADMSG;
	out->page_size = nla_get_u32(tb[MMSCOPE_MEM_A_PAGE_SIZE]);
	out->struct_page_size = nla_get_u32(tb[MMSCOPE_MEM_A_STRUCT_PAGE_SIZE]);
	if (tb[MMSCOPE_MEM_A_SECTIONS])
		out->sections = nla_get_u32(tb[MMSCOPE_MEM_A_SECTIONS]);
	if (tb[MMSCOPE_MEM_A_SECTION_PAGES])
		out->section_pages = nla_get_u32(tb[MMSCOPE_MEM_A_SECTION_PAGES]);
	if (tb[MMSCOPE_MEM_A_LATE_SECTIONS])
		out->late_sections = nla_get_u32(tb[MMSCOPE_MEM_A_LATE_SECTIONS]);
	out->memmap_pages = lib_get_u64(tb[MMSCOPE_MEM_A_MEMMAP_PAGES]);
	out->memmap_bytes = lib_get_u64(tb[MMSCOPE_MEM_A_MEMMAP_BYTES]);
	out->ram_pages = lib_get_u64(tb[MMSCOPE_MEM_A_RAM_PAGES]);
	out->page_table_bytes = lib_get_u64(tb[MMSCOPE_MEM_A_PAGE_TABLE_BYTES]);
	return 0;
}

int mmscope_mem_get(struct mmscope *m, struct mmscope_mem *out)
{
	memset(out, 0, sizeof(*out));
	return lib_simple_request(m, MMSCOPE_CMD_MEM_GET, 0, NULL, parse_mem, out);
}

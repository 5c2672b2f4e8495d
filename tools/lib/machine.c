// SPDX-License-Identifier: GPL-2.0
/* libmmscope: the machine as a whole: MEM_GET, CPUS_GET. */
#include <errno.h>
#include <stdlib.h>
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

static int parse_cpu(struct nlattr *a, struct mmscope_cpu *c)
{
	struct nlattr *tb[MMSCOPE_CPU_A_MAX + 1];

	if (nla_parse_nested(tb, MMSCOPE_CPU_A_MAX, a, NULL) ||
	    !tb[MMSCOPE_CPU_A_CPU] || !tb[MMSCOPE_CPU_A_MM])
		return -EBADMSG;
	memset(c, 0, sizeof(*c));
	c->cpu = nla_get_u32(tb[MMSCOPE_CPU_A_CPU]);
	c->mm = nla_get_u32(tb[MMSCOPE_CPU_A_MM]);
	c->pgd_phys = lib_get_u64(tb[MMSCOPE_CPU_A_PGD_PHYS]);
	if (tb[MMSCOPE_CPU_A_RUNNING_PID])
		c->running_pid = nla_get_u32(tb[MMSCOPE_CPU_A_RUNNING_PID]);
	if (tb[MMSCOPE_CPU_A_RUNNING_TID])
		c->running_tid = nla_get_u32(tb[MMSCOPE_CPU_A_RUNNING_TID]);
	lib_copy_str(c->running_comm, sizeof(c->running_comm),
		     tb[MMSCOPE_CPU_A_RUNNING_COMM]);
	c->running_kthread = tb[MMSCOPE_CPU_A_RUNNING_KTHREAD] &&
			     nla_get_u32(tb[MMSCOPE_CPU_A_RUNNING_KTHREAD]);
	if (tb[MMSCOPE_CPU_A_OWNER_PID]) {
		c->has_owner = true;
		c->owner_pid = nla_get_u32(tb[MMSCOPE_CPU_A_OWNER_PID]);
		lib_copy_str(c->owner_comm, sizeof(c->owner_comm),
			     tb[MMSCOPE_CPU_A_OWNER_COMM]);
	}
	c->lazy = tb[MMSCOPE_CPU_A_LAZY] ? (int)nla_get_u32(tb[MMSCOPE_CPU_A_LAZY]) : -1;
	if (tb[MMSCOPE_CPU_A_TLB_GEN]) {
		c->has_tlb_gen = true;
		c->tlb_gen = nla_get_u64(tb[MMSCOPE_CPU_A_TLB_GEN]);
	}
	if (tb[MMSCOPE_CPU_A_TLB_GEN_SEEN]) {
		c->has_tlb_gen_seen = true;
		c->tlb_gen_seen = nla_get_u64(tb[MMSCOPE_CPU_A_TLB_GEN_SEEN]);
	}
	return 0;
}

static int parse_cpus(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *h = nlmsg_hdr(msg);
	struct mmscope_cpus *out = arg;
	struct nlattr *a;
	int rem, n = 0, ret;

	if (((struct genlmsghdr *)nlmsg_data(h))->cmd != MMSCOPE_CMD_CPUS_GET)
		return -EBADMSG;
	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(h), 0),
			  genlmsg_attrlen(nlmsg_data(h), 0), rem)
		if (nla_type(a) == MMSCOPE_A_CPU)
			n++;
	free(out->cpu);
	out->cpu = calloc(n ? n : 1, sizeof(*out->cpu));
	out->n = 0;
	if (!out->cpu)
		return -ENOMEM;
	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(h), 0),
			  genlmsg_attrlen(nlmsg_data(h), 0), rem) {
		if (nla_type(a) != MMSCOPE_A_CPU)
			continue;
		ret = parse_cpu(a, &out->cpu[out->n]);
		if (ret)
			return ret;
		out->n++;
	}
	return 0;
}

int mmscope_cpus_get(struct mmscope *m, struct mmscope_cpus *out)
{
	int ret;

	memset(out, 0, sizeof(*out));
	ret = lib_simple_request(m, MMSCOPE_CMD_CPUS_GET, 0, NULL, parse_cpus, out);
	if (ret)
		mmscope_cpus_free(out);
	return ret;
}

void mmscope_cpus_free(struct mmscope_cpus *c)
{
	free(c->cpu);
	c->cpu = NULL;
	c->n = 0;
}

const char *mmscope_cpu_mm_name(uint32_t kind)
{
	static const char *const names[] = {
		[MMSCOPE_CPU_MM_USER] = "user",
		[MMSCOPE_CPU_MM_LAZY] = "lazy",
		[MMSCOPE_CPU_MM_KERNEL] = "kernel",
		[MMSCOPE_CPU_MM_OTHER] = "other",
	};

	return kind < sizeof(names) / sizeof(names[0]) && names[kind] ?
	       names[kind] : "?";
}

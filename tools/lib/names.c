// SPDX-License-Identifier: GPL-2.0
/* libmmscope: the names of every enum and flag of the protocol, in one place. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/genetlink.h>
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>

#include "libmmscope.h"
#include "internal.h"

const char *mmscope_attr_name(int type)
{
	switch (type) {
	case MMSCOPE_A_PAD: return "PAD";
	case MMSCOPE_A_PID: return "PID";
	case MMSCOPE_A_INFO: return "INFO";
	case MMSCOPE_A_TASK: return "TASK";
	case MMSCOPE_A_VMA: return "VMA";
	case MMSCOPE_A_FLAGS: return "FLAGS";
	case MMSCOPE_A_START: return "START";
	case MMSCOPE_A_END: return "END";
	case MMSCOPE_A_ROLLUP: return "ROLLUP";
	default: return NULL;
	}
}

void mmscope_strerror(const struct mmscope_error *err, char *buf, size_t size)
{
	const char *sys = strerror(err->code);
	size_t n = 0;

	if (!err->msg[0]) {
		snprintf(buf, size, "%s", sys);
		return;
	}
	n += snprintf(buf + n, size - n, "%s", err->msg);
	if (n < size && err->attr >= 0) {
		const char *name = mmscope_attr_name(err->attr);

		if (name)
			n += snprintf(buf + n, size - n, " (attribute %s)", name);
		else
			n += snprintf(buf + n, size - n, " (attribute %d)", err->attr);
	}
	if (n < size && err->miss_attr >= 0) {
		const char *name = mmscope_attr_name(err->miss_attr);

		if (name)
			n += snprintf(buf + n, size - n, " (missing attribute %s)", name);
		else
			n += snprintf(buf + n, size - n, " (missing attribute %d)",
				      err->miss_attr);
	}
	if (n < size && err->from_kernel)
		snprintf(buf + n, size - n, " [%s]", sys);
}

const char *mmscope_vma_kind_name(uint32_t kind)
{
	switch (kind) {
	case MMSCOPE_VMA_KIND_PRIVATE_ANON: return "private-anon";
	case MMSCOPE_VMA_KIND_PRIVATE_FILE: return "private-file";
	case MMSCOPE_VMA_KIND_SHARED_ANON: return "shared-anon";
	case MMSCOPE_VMA_KIND_SHARED_FILE: return "shared-file";
	case MMSCOPE_VMA_KIND_SPECIAL: return "special";
	default: return "unknown";
	}
}

const char *mmscope_vma_name_kind_name(uint32_t kind)
{
	switch (kind) {
	case MMSCOPE_VMA_NAME_NONE: return "none";
	case MMSCOPE_VMA_NAME_PATH: return "path";
	case MMSCOPE_VMA_NAME_SPECIAL: return "special";
	case MMSCOPE_VMA_NAME_HEAP: return "heap";
	case MMSCOPE_VMA_NAME_STACK: return "stack";
	case MMSCOPE_VMA_NAME_ANON: return "anon";
	default: return "unknown";
	}
}

static const char *const level_names[] = { "pgd", "p4d", "pud", "pmd", "pte" };

const char *mmscope_level_name(uint32_t level)
{
	return level <= MMSCOPE_LEVEL_PTE ? level_names[level] : "?";
}

int mmscope_level_parse(const char *name)
{
	int i;

	for (i = 0; i <= MMSCOPE_LEVEL_PTE; i++)
		if (!strcmp(name, level_names[i]))
			return i;
	return -1;
}

const char *mmscope_pte_kind_name(uint32_t kind)
{
	static const char *const names[] = {
		"none", "present", "protnone", "table", "swap", "migration",
		"device-private", "device-exclusive", "hwpoison", "marker", "bad",
	};

	return kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "?";
}

const char *mmscope_pte_flag_name(int bit)
{
	static const char *const names[] = {
		"present", "rw", "user", "pwt", "pcd", "accessed", "dirty", "huge",
		"global", "nx", "soft-dirty", "uffd-wp", "protnone", "special",
		"devmap", "inverted", "exclusive",
	};

	return bit >= 0 && bit < (int)(sizeof(names) / sizeof(names[0])) ?
	       names[bit] : NULL;
}

const char *mmscope_page_flag_name(int bit)
{
	static const char *const names[] = {
		"anon", "ksm", "lru", "active", "referenced", "dirty",
		"writeback", "swapbacked", "swapcache", "mlocked", "unevictable",
		"head", "tail", "zero", "huge-zero", "anon-exclusive", "hugetlb",
		"reserved",
	};

	return bit >= 0 && bit < (int)(sizeof(names) / sizeof(names[0])) ?
	       names[bit] : NULL;
}

static void flags_str(uint32_t flags, const char *(*name)(int), char *buf,
		      size_t size)
{
	size_t n = 0;
	int bit;

	buf[0] = '\0';
	for (bit = 0; bit < 32 && n < size; bit++) {
		if (!(flags & (1u << bit)) || !name(bit))
			continue;
		n += snprintf(buf + n, size - n, "%s%s", n ? " " : "", name(bit));
	}
}

void mmscope_pte_flags_str(uint32_t flags, char *buf, size_t size)
{
	flags_str(flags, mmscope_pte_flag_name, buf, size);
}

void mmscope_page_flags_str(uint32_t flags, char *buf, size_t size)
{
	flags_str(flags, mmscope_page_flag_name, buf, size);
}

static const char *const fault_class_names[MMSCOPE_FAULT_NR_CLASSES] = {
	[MMSCOPE_FAULT_OTHER] = "other",
	[MMSCOPE_FAULT_ANON] = "anon",
	[MMSCOPE_FAULT_ZERO] = "zero",
	[MMSCOPE_FAULT_FILE_CACHE] = "file",
	[MMSCOPE_FAULT_FILE_READ] = "file-read",
	[MMSCOPE_FAULT_SWAPIN] = "swapin",
	[MMSCOPE_FAULT_COW] = "cow",
	[MMSCOPE_FAULT_WP_REUSE] = "wp-reuse",
	[MMSCOPE_FAULT_SHARED] = "shared",
	[MMSCOPE_FAULT_THP] = "thp",
	[MMSCOPE_FAULT_HUGETLB] = "hugetlb",
	[MMSCOPE_FAULT_ERROR] = "error",
};

const char *mmscope_fault_class_name(uint32_t c)
{
	return c < MMSCOPE_FAULT_NR_CLASSES ? fault_class_names[c] : "?";
}

int mmscope_fault_class_parse(const char *s)
{
	int i;

	for (i = 0; i < MMSCOPE_FAULT_NR_CLASSES; i++)
		if (!strcmp(s, fault_class_names[i]))
			return i;
	return -1;
}

const char *mmscope_fault_error_name(uint32_t e)
{
	static const char *const n[] = {
		"", "SEGV_MAPERR", "SEGV_ACCERR", "SEGV_PKUERR", "SIGSEGV",
		"SIGBUS", "OOM", "HWPOISON",
	};

	return e < sizeof(n) / sizeof(n[0]) ? n[e] : "?";
}

const char *mmscope_tlb_reason_name(uint32_t r)
{
	static const char *const n[MMSCOPE_TLB_NR_REASONS] = {
		"task-switch", "remote-shootdown", "local-shootdown",
		"local-mm-shootdown", "ipi-sent",
	};

	return r < MMSCOPE_TLB_NR_REASONS ? n[r] : "?";
}

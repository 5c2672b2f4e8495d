// SPDX-License-Identifier: GPL-2.0
/* libmmscope: text exactly as /proc/PID/maps, smaps and smaps_rollup print it. */
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

static char *put_str(char *p, const char *s)
{
	size_t n = strlen(s);

	memcpy(p, s, n);
	return p + n;
}

/*
 * seq_path(m, path, "\n"): '\n' becomes "\012".  @p has room for 4 bytes
 * per byte of @src.
 */
static char *put_path(char *p, const char *src)
{
	for (; *src; src++) {
		if (*src == '\n')
			p = put_str(p, "\\012");
		else
			*p++ = *src;
	}
	return p;
}

/* show_map_vma(); returns the end of the line (after its '\n'). */
char *mmscope_put_maps_line(char *p, const struct mmscope_vma *v)
{
	/* show_vma_header_prefix(): the name column starts after 72 chars */
	const int width = 25 + (int)sizeof(void *) * 6 - 1;
	char *line = p;

	p = mmscope_fmt_hex(p, v->start, 8);
	*p++ = '-';
	p = mmscope_fmt_hex(p, v->end, 8);
	*p++ = ' ';
	*p++ = v->perms & MMSCOPE_VMA_PERM_READ ? 'r' : '-';
	*p++ = v->perms & MMSCOPE_VMA_PERM_WRITE ? 'w' : '-';
	*p++ = v->perms & MMSCOPE_VMA_PERM_EXEC ? 'x' : '-';
	*p++ = v->perms & MMSCOPE_VMA_PERM_SHARED ? 's' : 'p';
	*p++ = ' ';
	p = mmscope_fmt_hex(p, v->pgoff, 8);
	*p++ = ' ';
	p = mmscope_fmt_hex(p, v->dev_major, 2);
	*p++ = ':';
	p = mmscope_fmt_hex(p, v->dev_minor, 2);
	*p++ = ' ';
	p = mmscope_fmt_dec(p, v->ino, 0);
	*p++ = ' ';
	if (v->name_kind != MMSCOPE_VMA_NAME_NONE) {
		while (p - line < width)
			*p++ = ' ';
		*p++ = ' ';
		if (v->name_kind == MMSCOPE_VMA_NAME_PATH)
			p = put_path(p, v->name);
		else
			p = put_str(p, v->name);
	}
	*p++ = '\n';
	return p;
}

void mmscope_format_maps(const struct mmscope_vma *v, char *buf, size_t size)
{
	char line[MMSCOPE_MAPS_LINE_MAX];
	size_t n = mmscope_put_maps_line(line, v) - line;

	if (!size)
		return;
	if (n >= size)
		n = size - 1;
	memcpy(buf, line, n);
	buf[n] = '\0';
}

void mmscope_print_maps(FILE *f, const struct mmscope_vma *v)
{
	static char line[MMSCOPE_MAPS_LINE_MAX];

	fwrite(line, 1, mmscope_put_maps_line(line, v) - line, f);
}

#define F(a, l, k, fp, ro, w) { MMSCOPE_SMAPS_A_##a, l, k, fp, ro, w, sizeof(l) - 1 }
const struct mmscope_smaps_field mmscope_smaps_fields[] = {
	F(RSS,             "Rss:            ", "rss_kb", false, false, 8),
	F(PSS,             "Pss:            ", "pss_kb", true, false, 8),
	F(PSS_DIRTY,       "Pss_Dirty:      ", "pss_dirty_kb", true, false, 8),
	F(PSS_ANON,        "Pss_Anon:       ", "pss_anon_kb", true, true, 8),
	F(PSS_FILE,        "Pss_File:       ", "pss_file_kb", true, true, 8),
	F(PSS_SHMEM,       "Pss_Shmem:      ", "pss_shmem_kb", true, true, 8),
	F(SHARED_CLEAN,    "Shared_Clean:   ", "shared_clean_kb", false, false, 8),
	F(SHARED_DIRTY,    "Shared_Dirty:   ", "shared_dirty_kb", false, false, 8),
	F(PRIVATE_CLEAN,   "Private_Clean:  ", "private_clean_kb", false, false, 8),
	F(PRIVATE_DIRTY,   "Private_Dirty:  ", "private_dirty_kb", false, false, 8),
	F(REFERENCED,      "Referenced:     ", "referenced_kb", false, false, 8),
	F(ANONYMOUS,       "Anonymous:      ", "anonymous_kb", false, false, 8),
	F(KSM,             "KSM:            ", "ksm_kb", false, false, 8),
	F(LAZYFREE,        "LazyFree:       ", "lazyfree_kb", false, false, 8),
	F(ANON_HUGE,       "AnonHugePages:  ", "anon_huge_pages_kb", false, false, 8),
	F(SHMEM_PMD,       "ShmemPmdMapped: ", "shmem_pmd_mapped_kb", false, false, 8),
	F(FILE_PMD,        "FilePmdMapped:  ", "file_pmd_mapped_kb", false, false, 8),
	F(SHARED_HUGETLB,  "Shared_Hugetlb: ", "shared_hugetlb_kb", false, false, 8),
	F(PRIVATE_HUGETLB, "Private_Hugetlb: ", "private_hugetlb_kb", false, false, 7),
	F(SWAP,            "Swap:           ", "swap_kb", false, false, 8),
	F(SWAP_PSS,        "SwapPss:        ", "swap_pss_kb", true, false, 8),
	F(LOCKED,          "Locked:         ", "locked_kb", true, false, 8),
};
#undef F
const size_t mmscope_nr_smaps_fields =
	sizeof(mmscope_smaps_fields) / sizeof(mmscope_smaps_fields[0]);

uint64_t mmscope_smaps_kb(const struct mmscope_smaps *s,
			  const struct mmscope_smaps_field *f)
{
	uint64_t v = s->v[f->attr];

	if (f->fixed_point)
		v >>= MMSCOPE_PSS_SHIFT_BITS;
	return v >> 10;
}

bool mmscope_smaps_shown(const struct mmscope_smaps_layout *l,
			 const struct mmscope_smaps_field *f, bool rollup)
{
	if (f->rollup_only && !rollup)
		return false;
	return l->lines & (1ULL << f->attr);
}

bool mmscope_smaps_unavailable(const struct mmscope_smaps_layout *l,
			       const struct mmscope_smaps_field *f)
{
	return f->attr == MMSCOPE_SMAPS_A_SWAP_PSS && !l->swap_pss;
}

/* __show_smap() */
static char *put_fields(char *p, const struct mmscope_smaps *s, bool rollup,
			const struct mmscope_smaps_layout *l)
{
	size_t i;

	for (i = 0; i < mmscope_nr_smaps_fields; i++) {
		const struct mmscope_smaps_field *fl = &mmscope_smaps_fields[i];

		if (!mmscope_smaps_shown(l, fl, rollup))
			continue;
		memcpy(p, fl->label, MMSCOPE_SMAPS_LABEL_MAX);
		p += fl->label_len;
		if (mmscope_smaps_unavailable(l, fl)) {
			p = put_str(p, "unavailable\n");
			continue;
		}
		p = mmscope_fmt_dec(p, mmscope_smaps_kb(s, fl), fl->width);
		memcpy(p, " kB\n", 4);
		p += 4;
	}
	return p;
}

static char *put_kb_line(char *p, const char *label, uint64_t bytes)
{
	p = put_str(p, label);
	p = mmscope_fmt_dec(p, bytes >> 10, 8);
	return put_str(p, " kB\n");
}

void mmscope_print_smaps(FILE *f, const struct mmscope_vma *v,
			 const struct mmscope_smaps_layout *l)
{
	static char buf[MMSCOPE_MAPS_LINE_MAX + 4096];
	const struct mmscope_smaps *s = &v->smaps;
	char *p = mmscope_put_maps_line(buf, v);

	p = put_kb_line(p, "Size:           ", s->v[MMSCOPE_SMAPS_A_SIZE]);
	p = put_kb_line(p, "KernelPageSize: ", s->v[MMSCOPE_SMAPS_A_KERNEL_PAGE_SIZE]);
	p = put_kb_line(p, "MMUPageSize:    ", s->v[MMSCOPE_SMAPS_A_MMU_PAGE_SIZE]);
	p = put_fields(p, s, false, l);
	if (s->have[MMSCOPE_SMAPS_A_THP_ELIGIBLE]) {
		p = put_str(p, "THPeligible:    ");
		/* "%8u" or "%d" */
		p = mmscope_fmt_dec(p, s->v[MMSCOPE_SMAPS_A_THP_ELIGIBLE],
				    l->flags & MMSCOPE_SMAPS_F_THP_WIDE ? 8 : 0);
		*p++ = '\n';
	}
	if (s->have[MMSCOPE_SMAPS_A_PKEY]) {
		p = put_str(p, "ProtectionKey:  ");
		p = mmscope_fmt_dec(p, s->v[MMSCOPE_SMAPS_A_PKEY], 8);
		*p++ = '\n';
	}
	p = put_str(p, "VmFlags: ");
	p = put_str(p, v->vmflags);
	*p++ = '\n';
	fwrite(buf, 1, p - buf, f);
}

void mmscope_print_rollup(FILE *f, const struct mmscope_smaps *s,
			  const struct mmscope_smaps_layout *l)
{
	static struct mmscope_vma hdr;
	static char buf[MMSCOPE_MAPS_LINE_MAX + 4096];
	char *p;

	memset(&hdr, 0, sizeof(hdr));
	hdr.start = s->v[MMSCOPE_SMAPS_A_RANGE_START];
	hdr.end = s->v[MMSCOPE_SMAPS_A_RANGE_END];
	hdr.name_kind = MMSCOPE_VMA_NAME_SPECIAL;
	snprintf(hdr.name, sizeof(hdr.name), "[rollup]");
	p = mmscope_put_maps_line(buf, &hdr);
	p = put_fields(p, s, true, l);
	fwrite(buf, 1, p - buf, f);
}

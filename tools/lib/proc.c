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

/*
 * Number formatting as seq_put_hex_ll()/seq_put_decimal_ull_width().  A
 * page-level dump formats three 64-bit numbers a line for hundreds of
 * thousands of lines: hexadecimal goes two digits at a time, in place.
 */

static const char hex_pairs[513] =
	"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	"202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
	"404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
	"606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
	"808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
	"a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
	"c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
	"e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";

static inline char *fmt_hex(char *p, uint64_t v, int width)
{
	int n = v ? (64 - __builtin_clzll(v) + 3) / 4 : 1;
	char *e, *q;

	if (n < width) {
		if (width <= 16)	/* a store of fixed size, not a call */
			memcpy(p, "0000000000000000", 16);
		else
			memset(p, '0', width - n);
		p += width - n;
	}
	e = p + n;
	for (q = e; q - p >= 2; v >>= 8) {
		q -= 2;
		memcpy(q, &hex_pairs[(v & 0xff) * 2], 2);
	}
	if (q > p)
		*--q = hex_pairs[(v & 15) * 2 + 1];
	return e;
}

/* Decimal two digits at a time: a division by 100 rather than two by 10. */
static const char dec_pairs[201] =
	"00010203040506070809101112131415161718192021222324"
	"25262728293031323334353637383940414243444546474849"
	"50515253545556575859606162636465666768697071727374"
	"75767778798081828384858687888990919293949596979899";

static inline char *fmt_dec(char *p, uint64_t v, int width)
{
	char tmp[24], *q = tmp + sizeof(tmp);
	size_t n;

	if (v < 10 && width <= 8) {
		/* most figures of smaps: "       0" */
		memcpy(p, "        ", 8);
		p += width > 1 ? width - 1 : 0;
		*p++ = '0' + v;
		return p;
	}
	while (v >= 100) {
		q -= 2;
		memcpy(q, &dec_pairs[(v % 100) * 2], 2);
		v /= 100;
	}
	if (v >= 10) {
		q -= 2;
		memcpy(q, &dec_pairs[v * 2], 2);
	} else {
		*--q = '0' + v;
	}
	n = tmp + sizeof(tmp) - q;
	if ((int)n < width) {
		memset(p, ' ', width - n);
		p += width - n;
	}
	memcpy(p, q, n);
	return p + n;
}

/* In line where a dump formats: the exported ones for everyone else. */
char *mmscope_fmt_hex(char *p, uint64_t v, int width)
{
	return fmt_hex(p, v, width);
}

char *mmscope_fmt_dec(char *p, uint64_t v, int width)
{
	return fmt_dec(p, v, width);
}

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

/* Room one maps line needs at most. */
#define MAPS_LINE_MAX (128 + 4 * sizeof(((struct mmscope_vma *)0)->name))

/* show_map_vma(); returns the end of the line (after its '\n'). */
static char *put_maps_line(char *p, const struct mmscope_vma *v)
{
	/* show_vma_header_prefix(): the name column starts after 72 chars */
	const int width = 25 + (int)sizeof(void *) * 6 - 1;
	char *line = p;

	p = fmt_hex(p, v->start, 8);
	*p++ = '-';
	p = fmt_hex(p, v->end, 8);
	*p++ = ' ';
	*p++ = v->perms & MMSCOPE_VMA_PERM_READ ? 'r' : '-';
	*p++ = v->perms & MMSCOPE_VMA_PERM_WRITE ? 'w' : '-';
	*p++ = v->perms & MMSCOPE_VMA_PERM_EXEC ? 'x' : '-';
	*p++ = v->perms & MMSCOPE_VMA_PERM_SHARED ? 's' : 'p';
	*p++ = ' ';
	p = fmt_hex(p, v->pgoff, 8);
	*p++ = ' ';
	p = fmt_hex(p, v->dev_major, 2);
	*p++ = ':';
	p = fmt_hex(p, v->dev_minor, 2);
	*p++ = ' ';
	p = fmt_dec(p, v->ino, 0);
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
	char line[MAPS_LINE_MAX];
	size_t n = put_maps_line(line, v) - line;

	if (!size)
		return;
	if (n >= size)
		n = size - 1;
	memcpy(buf, line, n);
	buf[n] = '\0';
}

void mmscope_print_maps(FILE *f, const struct mmscope_vma *v)
{
	static char line[MAPS_LINE_MAX];

	fwrite(line, 1, put_maps_line(line, v) - line, f);
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
		p = fmt_dec(p, mmscope_smaps_kb(s, fl), fl->width);
		memcpy(p, " kB\n", 4);
		p += 4;
	}
	return p;
}

static char *put_kb_line(char *p, const char *label, uint64_t bytes)
{
	p = put_str(p, label);
	p = fmt_dec(p, bytes >> 10, 8);
	return put_str(p, " kB\n");
}

void mmscope_print_smaps(FILE *f, const struct mmscope_vma *v,
			 const struct mmscope_smaps_layout *l)
{
	static char buf[MAPS_LINE_MAX + 4096];
	const struct mmscope_smaps *s = &v->smaps;
	char *p = put_maps_line(buf, v);

	p = put_kb_line(p, "Size:           ", s->v[MMSCOPE_SMAPS_A_SIZE]);
	p = put_kb_line(p, "KernelPageSize: ", s->v[MMSCOPE_SMAPS_A_KERNEL_PAGE_SIZE]);
	p = put_kb_line(p, "MMUPageSize:    ", s->v[MMSCOPE_SMAPS_A_MMU_PAGE_SIZE]);
	p = put_fields(p, s, false, l);
	if (s->have[MMSCOPE_SMAPS_A_THP_ELIGIBLE]) {
		p = put_str(p, "THPeligible:    ");
		/* "%8u" or "%d" */
		p = fmt_dec(p, s->v[MMSCOPE_SMAPS_A_THP_ELIGIBLE],
				    l->flags & MMSCOPE_SMAPS_F_THP_WIDE ? 8 : 0);
		*p++ = '\n';
	}
	if (s->have[MMSCOPE_SMAPS_A_PKEY]) {
		p = put_str(p, "ProtectionKey:  ");
		p = fmt_dec(p, s->v[MMSCOPE_SMAPS_A_PKEY], 8);
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
	static char buf[MAPS_LINE_MAX + 4096];
	char *p;

	memset(&hdr, 0, sizeof(hdr));
	hdr.start = s->v[MMSCOPE_SMAPS_A_RANGE_START];
	hdr.end = s->v[MMSCOPE_SMAPS_A_RANGE_END];
	hdr.name_kind = MMSCOPE_VMA_NAME_SPECIAL;
	snprintf(hdr.name, sizeof(hdr.name), "[rollup]");
	p = put_maps_line(buf, &hdr);
	p = put_fields(p, s, true, l);
	fwrite(buf, 1, p - buf, f);
}

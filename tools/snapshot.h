/* SPDX-License-Identifier: GPL-2.0 */
/* What snapshot.c and diff.c share: a snapshot in memory. */
#ifndef MMSCOPE_SNAPSHOT_H
#define MMSCOPE_SNAPSHOT_H

#include <stdbool.h>
#include <stdint.h>

struct mmscope;

#define SNAP_VERSION	1

/* Page flags of a run. */
#define PG_DIRTY	1
#define PG_ANON		2
#define PG_EXCL		4	/* anonymous, exclusive to this mm */
#define PG_THP		8	/* part of a huge mapping or a large folio */
#define PG_COW		16	/* anonymous, mapped by more than one mm */

struct run {
	uint64_t first, count;	/* pages, from the VMA's first */
	char state;		/* 'p' present, 's' swapped */
	uint64_t pfn;		/* first PFN, or swap offset */
	uint32_t swap_type, flags;
};

struct svma {
	uint64_t start, end, pgoff, vm_pgoff, ino;
	uint32_t dev_major, dev_minor, perms, kind, name_kind;
	char *name;			/* malloc'ed */
	int64_t thp_eligible;		/* -1: unknown */
	uint64_t kb[64];		/* smaps figures, by field index */
	bool have[64];
	struct run *runs;
	size_t nruns, capruns;
	/* diff: identity */
	int space;
	uint64_t lo;			/* first page of the identity range */
};

struct snap {
	uint32_t pid, page_size;
	char comm[64];
	uint64_t time_ns;
	bool pages;
	uint64_t rss_anon, rss_file, rss_shmem, swap, pgtables, map_count;
	struct svma *v;
	size_t n, cap;
};

/* Take a snapshot of @pid; 0, or the exit status (the error printed). */
int snap_take(struct mmscope *m, uint32_t pid, bool pages, struct snap *s);
/* Read one from @path ('-': stdin); 0, or the exit status (said). */
int snap_load(const char *path, struct snap *s);
void snap_free(struct snap *s);
void snap_perms(uint32_t p, char out[5]);

#endif

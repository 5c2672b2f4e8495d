/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mmscope exporter: what the collector (exporter.c) and the exposition
 * (exporter-metrics.c) share.
 */
#ifndef MMSCOPE_EXPORTER_H
#define MMSCOPE_EXPORTER_H

#include <pthread.h>
#include <regex.h>
#include <stdbool.h>
#include <stdint.h>

#include "lib/libmmscope.h"

#define MAX_GROUPS	32

/* What the exporter knows of one process. */
struct proc_entry {
	uint32_t pid;
	char comm[64];
	char group[128];
	uint64_t rss_pages;		/* statm: the order of export */
	bool seen;			/* in this cycle's list */
	bool read;			/* figures were read at least once */
	bool fresh;			/* read in the last cycle */
	double read_at;			/* wall clock of the reading */
	struct mmscope_smaps rollup;
	struct mmscope_mm mm;
	bool has_counters;
	struct mmscope_counters cnt;
};

struct exporter {
	/* options */
	const char *listen, *textfile;
	bool once;
	double interval, budget;
	long top, max_series;
	enum { GROUP_COMM, GROUP_CGROUP, GROUP_REGEX } group_by;
	char *group_name[MAX_GROUPS];
	regex_t group_re[MAX_GROUPS];
	int ngroups;
	uint32_t *pids;
	size_t npids;
	/* collector state */
	struct mmscope *m;
	struct proc_entry *procs;
	size_t nprocs, cap;
	uint64_t max_map_count;
	uint64_t cycles, errors, omitted;
	double cycle_secs;
	unsigned int page_size;
	/* the last exposition, under lock */
	pthread_mutex_t lock;
	char *text;
	size_t text_len;
};

extern struct exporter ex;

/* Series one exported process takes (for --max-series). */
long exporter_series_per_process(void);
/* Largest RSS first, then by pid: the order of export. */
int exporter_by_rss(const void *a, const void *b);
/* The whole exposition of what the collector holds; malloc'ed. */
char *exporter_render(size_t *len);

#endif

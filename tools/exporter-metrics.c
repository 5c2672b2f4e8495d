// SPDX-License-Identifier: GPL-2.0
/*
 * mmscope exporter: the exposition, in Prometheus's text format (0.0.4):
 * HELP and TYPE before each family, its samples together, units in the
 * names (_bytes, _seconds), counters ending in _total, label values
 * escaped.  Figures are exactly those of the kernel's interfaces: the
 * rollup's lines in bytes as smaps_rollup prints them (kB * 1024).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "exporter.h"

/* ---- the exposition ---------------------------------------------- */

struct out {
	char *buf;
	size_t len, cap;
	bool oom;
};

static void __attribute__((format(printf, 2, 3))) out_printf(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(o->buf ? o->buf + o->len : NULL,
			      o->buf ? o->cap - o->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0) {
			o->oom = true;
			return;
		}
		if (o->buf && o->len + n < o->cap) {
			o->len += n;
			return;
		}
		if (grow_array(&o->buf, &o->cap, o->len + n + 1, 1, 65536)) {
			o->oom = true;
			return;
		}
	}
}

static void out_head(struct out *o, const char *name, const char *type, const char *help)
{
	out_printf(o, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* A label value as the text format wants it: \\, \" and \n escaped. */
static void escape_label(const char *s, char *buf, size_t size)
{
	size_t n = 0;

	for (; *s && n + 3 < size; s++) {
		if (*s == '\\' || *s == '"') {
			buf[n++] = '\\';
			buf[n++] = *s;
		} else if (*s == '\n') {
			buf[n++] = '\\';
			buf[n++] = 'n';
		} else {
			buf[n++] = *s;
		}
	}
	buf[n] = '\0';
}

static void labels_of(const struct proc_entry *p, char *buf, size_t size)
{
	char comm[160], group[300];

	escape_label(p->comm, comm, sizeof(comm));
	escape_label(p->group, group, sizeof(group));
	snprintf(buf, size, "pid=\"%u\",comm=\"%s\",group=\"%s\"", p->pid, comm, group);
}

/* smaps_rollup's line for @attr in bytes, as /proc prints it; false if absent. */
static bool rollup_bytes(const struct mmscope_smaps *s, int attr, uint64_t *v)
{
	size_t i;

	if (!s->have[attr])
		return false;
	for (i = 0; i < mmscope_nr_smaps_fields; i++)
		if (mmscope_smaps_fields[i].attr == attr) {
			*v = mmscope_smaps_kb(s, &mmscope_smaps_fields[i]) << 10;
			return true;
		}
	return false;
}

static const struct rollup_metric {
	int attr;
	const char *name, *help;
} rollup_metrics[] = {
	{ MMSCOPE_SMAPS_A_RSS, "mmscope_process_rss_bytes",
	  "Resident memory (smaps_rollup Rss)." },
	{ MMSCOPE_SMAPS_A_PSS, "mmscope_process_pss_bytes",
	  "Proportional set size (smaps_rollup Pss)." },
	{ MMSCOPE_SMAPS_A_PSS_ANON, "mmscope_process_pss_anon_bytes",
	  "Pss of anonymous memory (smaps_rollup Pss_Anon)." },
	{ MMSCOPE_SMAPS_A_PSS_FILE, "mmscope_process_pss_file_bytes",
	  "Pss of file pages (smaps_rollup Pss_File)." },
	{ MMSCOPE_SMAPS_A_PSS_SHMEM, "mmscope_process_pss_shmem_bytes",
	  "Pss of shmem (smaps_rollup Pss_Shmem)." },
	{ MMSCOPE_SMAPS_A_ANONYMOUS, "mmscope_process_anonymous_bytes",
	  "Anonymous memory (smaps_rollup Anonymous)." },
	{ MMSCOPE_SMAPS_A_SWAP, "mmscope_process_swap_bytes",
	  "Swapped-out anonymous memory (smaps_rollup Swap)." },
	{ MMSCOPE_SMAPS_A_SWAP_PSS, "mmscope_process_swap_pss_bytes",
	  "Proportional swap (smaps_rollup SwapPss; absent where mmscope status says unavailable)." },
	{ MMSCOPE_SMAPS_A_LOCKED, "mmscope_process_locked_bytes",
	  "Locked memory (smaps_rollup Locked)." },
};

static const struct mm_metric {
	int attr;
	bool pages;
	const char *name, *help;
} mm_metrics[] = {
	{ MMSCOPE_MM_A_RSS_FILE, true, "mmscope_process_rss_file_bytes",
	  "Resident file pages (RssFile of /proc/PID/status)." },
	{ MMSCOPE_MM_A_RSS_SHMEM, true, "mmscope_process_rss_shmem_bytes",
	  "Resident shmem (RssShmem of /proc/PID/status)." },
	{ MMSCOPE_MM_A_PGTABLES_BYTES, false, "mmscope_process_page_table_bytes",
	  "Page tables of the address space (VmPTE)." },
	{ MMSCOPE_MM_A_MAP_COUNT, false, "mmscope_process_vmas",
	  "VMAs of the address space (lines of /proc/PID/maps)." },
};

/* The histogram's bounds: whole log2 buckets of the module, 2^k - 1 ns. */
static const int lat_bits[] = { 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34 };

/* Series per exported process (for --max-series). */
long exporter_series_per_process(void)
{
	return ARRAY_LEN(rollup_metrics) + 3 /* thp */ + ARRAY_LEN(mm_metrics) +
	       1 /* headroom */ + 2 /* stale, timestamp */ + 2 /* minor, major */ +
	       MMSCOPE_FAULT_NR_CLASSES + 2 /* errors, retries */ +
	       ARRAY_LEN(lat_bits) + 3 /* +Inf, sum, count */ + MMSCOPE_TLB_NR_REASONS;
}

static void render_process_metrics(struct out *o, struct proc_entry **v, size_t n)
{
	static const struct { int attr; const char *kind; } thp[] = {
		{ MMSCOPE_SMAPS_A_ANON_HUGE, "anon" },
		{ MMSCOPE_SMAPS_A_SHMEM_PMD, "shmem" },
		{ MMSCOPE_SMAPS_A_FILE_PMD, "file" },
	};
	char l[512];
	size_t i, k, b;
	uint64_t x;

	for (k = 0; k < ARRAY_LEN(rollup_metrics); k++) {
		out_head(o, rollup_metrics[k].name, "gauge", rollup_metrics[k].help);
		for (i = 0; i < n; i++)
			if (rollup_bytes(&v[i]->rollup, rollup_metrics[k].attr, &x)) {
				labels_of(v[i], l, sizeof(l));
				out_printf(o, "%s{%s} %" PRIu64 "\n", rollup_metrics[k].name, l, x);
			}
	}
	out_head(o, "mmscope_process_thp_bytes", "gauge",
		 "Memory mapped by PMD-sized THPs, by kind (AnonHugePages, ShmemPmdMapped, FilePmdMapped).");
	for (i = 0; i < n; i++)
		for (k = 0; k < ARRAY_LEN(thp); k++)
			if (rollup_bytes(&v[i]->rollup, thp[k].attr, &x)) {
				labels_of(v[i], l, sizeof(l));
				out_printf(o, "mmscope_process_thp_bytes{%s,kind=\"%s\"} %" PRIu64 "\n",
					   l, thp[k].kind, x);
			}
	for (k = 0; k < ARRAY_LEN(mm_metrics); k++) {
		out_head(o, mm_metrics[k].name, "gauge", mm_metrics[k].help);
		for (i = 0; i < n; i++)
			if (v[i]->mm.have[mm_metrics[k].attr]) {
				x = v[i]->mm.v[mm_metrics[k].attr];
				labels_of(v[i], l, sizeof(l));
				out_printf(o, "%s{%s} %" PRIu64 "\n", mm_metrics[k].name, l,
					   mm_metrics[k].pages ? x * ex.page_size : x);
			}
	}
	out_head(o, "mmscope_process_vma_headroom", "gauge",
		 "VMAs the process may still map before vm.max_map_count.");
	for (i = 0; i < n; i++)
		if (v[i]->mm.have[MMSCOPE_MM_A_MAP_COUNT] && ex.max_map_count) {
			x = v[i]->mm.v[MMSCOPE_MM_A_MAP_COUNT];
			labels_of(v[i], l, sizeof(l));
			out_printf(o, "mmscope_process_vma_headroom{%s} %" PRId64 "\n", l,
				   (int64_t)ex.max_map_count - (int64_t)x);
		}
	out_head(o, "mmscope_process_stale", "gauge",
		 "1 when the last cycle did not reach the process: its figures are older.");
	for (i = 0; i < n; i++) {
		labels_of(v[i], l, sizeof(l));
		out_printf(o, "mmscope_process_stale{%s} %d\n", l, !v[i]->fresh);
	}
	out_head(o, "mmscope_process_read_timestamp_seconds", "gauge",
		 "When the process's figures were read (Unix time).");
	for (i = 0; i < n; i++) {
		labels_of(v[i], l, sizeof(l));
		out_printf(o, "mmscope_process_read_timestamp_seconds{%s} %.3f\n", l, v[i]->read_at);
	}

	out_head(o, "mmscope_faults_total", "counter",
		 "Page faults since counting began, minor and major, as /proc/PID/stat counts them.");
	for (i = 0; i < n; i++)
		if (v[i]->has_counters) {
			labels_of(v[i], l, sizeof(l));
			out_printf(o, "mmscope_faults_total{%s,type=\"minor\"} %" PRIu64 "\n",
				   l, (uint64_t)v[i]->cnt.minor);
			out_printf(o, "mmscope_faults_total{%s,type=\"major\"} %" PRIu64 "\n",
				   l, (uint64_t)v[i]->cnt.major);
		}
	out_head(o, "mmscope_faults_by_class_total", "counter",
		 "Page faults by what the kernel did (mmscope faults --help lists the classes).");
	for (i = 0; i < n; i++)
		if (v[i]->has_counters) {
			labels_of(v[i], l, sizeof(l));
			for (k = 0; k < MMSCOPE_FAULT_NR_CLASSES; k++)
				out_printf(o, "mmscope_faults_by_class_total{%s,class=\"%s\"} %" PRIu64 "\n",
					   l, mmscope_fault_class_name(k),
					   (uint64_t)v[i]->cnt.by_class[k]);
		}
	out_head(o, "mmscope_fault_retries_total", "counter",
		 "Fault tries that returned VM_FAULT_RETRY (the fault completed in a later try).");
	for (i = 0; i < n; i++)
		if (v[i]->has_counters) {
			labels_of(v[i], l, sizeof(l));
			out_printf(o, "mmscope_fault_retries_total{%s} %" PRIu64 "\n", l,
				   (uint64_t)v[i]->cnt.retries);
		}
	out_head(o, "mmscope_fault_errors_total", "counter",
		 "Faults that failed (a signal or OOM followed).");
	for (i = 0; i < n; i++)
		if (v[i]->has_counters) {
			labels_of(v[i], l, sizeof(l));
			out_printf(o, "mmscope_fault_errors_total{%s} %" PRIu64 "\n", l,
				   (uint64_t)v[i]->cnt.errors);
		}
	out_head(o, "mmscope_fault_latency_seconds", "histogram",
		 "Time from a fault's entry to its end, all its tries.");
	for (i = 0; i < n; i++) {
		uint64_t cum = 0, total = 0;
		int bit;

		if (!v[i]->has_counters)
			continue;
		labels_of(v[i], l, sizeof(l));
		for (b = 0; b < MMSCOPE_LAT_BUCKETS; b++)
			total += v[i]->cnt.latency[b];
		/* bucket b holds [2^b, 2^(b+1)) ns: le 2^k - 1 ns sums b < k */
		for (k = 0, b = 0; k < ARRAY_LEN(lat_bits); k++) {
			bit = lat_bits[k];
			for (; (int)b < bit && b < MMSCOPE_LAT_BUCKETS; b++)
				cum += v[i]->cnt.latency[b];
			out_printf(o, "mmscope_fault_latency_seconds_bucket{%s,le=\"%.9f\"} %" PRIu64 "\n",
				   l, ((1ULL << bit) - 1) / 1e9, cum);
		}
		out_printf(o, "mmscope_fault_latency_seconds_bucket{%s,le=\"+Inf\"} %" PRIu64 "\n",
			   l, total);
		out_printf(o, "mmscope_fault_latency_seconds_sum{%s} %.9f\n", l,
			   v[i]->cnt.latency_sum_ns / 1e9);
		out_printf(o, "mmscope_fault_latency_seconds_count{%s} %" PRIu64 "\n", l, total);
	}
	out_head(o, "mmscope_tlb_flushes_total", "counter",
		 "TLB flushes of the address space by reason (send-ipi: flush requests that sent IPIs).");
	for (i = 0; i < n; i++)
		if (v[i]->has_counters) {
			labels_of(v[i], l, sizeof(l));
			for (k = 0; k < MMSCOPE_TLB_NR_REASONS; k++)
				out_printf(o, "mmscope_tlb_flushes_total{%s,reason=\"%s\"} %" PRIu64 "\n",
					   l, mmscope_tlb_reason_name(k),
					   (uint64_t)v[i]->cnt.tlb[k]);
		}
}

int exporter_by_rss(const void *a, const void *b)
{
	const struct proc_entry *x = *(struct proc_entry *const *)a;
	const struct proc_entry *y = *(struct proc_entry *const *)b;

	if (x->rss_pages != y->rss_pages)
		return x->rss_pages < y->rss_pages ? 1 : -1;
	return x->pid < y->pid ? -1 : x->pid > y->pid;
}

/* The whole exposition of what the collector holds. */
char *exporter_render(size_t *len)
{
	struct proc_entry **v = calloc(ex.nprocs + 1, sizeof(*v));
	struct out o = { 0 };
	size_t i, n = 0, stale = 0;

	if (!v)
		return NULL;
	for (i = 0; i < ex.nprocs; i++)
		if (ex.procs[i].read) {
			v[n++] = &ex.procs[i];
			stale += !ex.procs[i].fresh;
		}
	qsort(v, n, sizeof(*v), exporter_by_rss);
	render_process_metrics(&o, v, n);
	out_head(&o, "mmscope_vma_limit", "gauge",
		 "vm.max_map_count: the VMAs a process may have.");
	out_printf(&o, "mmscope_vma_limit %" PRIu64 "\n", ex.max_map_count);
	out_head(&o, "mmscope_exporter_processes", "gauge",
		 "Processes by what the exporter did with them.");
	out_printf(&o, "mmscope_exporter_processes{state=\"exported\"} %zu\n", n);
	out_printf(&o, "mmscope_exporter_processes{state=\"stale\"} %zu\n", stale);
	out_printf(&o, "mmscope_exporter_processes{state=\"omitted\"} %" PRIu64 "\n", ex.omitted);
	out_head(&o, "mmscope_exporter_cycles_total", "counter",
		 "Collection cycles completed.");
	out_printf(&o, "mmscope_exporter_cycles_total %" PRIu64 "\n", ex.cycles);
	out_head(&o, "mmscope_exporter_cycle_duration_seconds", "gauge",
		 "How long the last collection cycle took.");
	out_printf(&o, "mmscope_exporter_cycle_duration_seconds %.6f\n", ex.cycle_secs);
	out_head(&o, "mmscope_exporter_budget_seconds", "gauge",
		 "The time a collection cycle may take (--budget).");
	out_printf(&o, "mmscope_exporter_budget_seconds %.3f\n", ex.once ? 0.0 : ex.budget);
	out_head(&o, "mmscope_exporter_read_errors_total", "counter",
		 "Requests for a process that failed (other than the process having exited).");
	out_printf(&o, "mmscope_exporter_read_errors_total %" PRIu64 "\n", ex.errors);
	free(v);
	if (o.oom) {
		free(o.buf);
		return NULL;
	}
	*len = o.len;
	return o.buf;
}


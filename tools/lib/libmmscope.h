/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libmmscope: talk to the mmscope kernel module over generic netlink.
 *
 * Used by the mmscope tool and by the selftests.  Every call returns 0 on
 * success or a negative errno; the details of the last error (the kernel's
 * ext-ack message, the attribute it points at) are kept in the handle.
 *
 * One file per part: transport.c (the connection, the receive loops,
 * errors), task.c (INFO_GET, TASK_GET), vma.c (maps/smaps dumps, rollup),
 * pt.c (PT_GET, VTOP, PT_STATS), trace.c (trace sessions, counters),
 * proc.c (text exactly as /proc prints it), names.c (every enum's names).
 */
#ifndef LIBMMSCOPE_H
#define LIBMMSCOPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <netlink/msg.h>

#include "../../module/uapi/linux/mmscope.h"
#include "../../module/uapi/linux/mmscope_records.h"
#include "fmt.h"

struct mmscope_error {
	int code;		/* positive errno, 0 if none */
	char msg[512];		/* the kernel's ext-ack message, or ours */
	int attr;		/* top-level attribute the kernel blamed, or -1 */
	int miss_attr;		/* attribute the kernel said was missing, or -1 */
	bool from_kernel;	/* msg came from the kernel's ext-ack */
};

struct mmscope {
	struct nl_sock *sk;
	int family;		/* generic netlink family id */
	unsigned int proto;	/* family version the module speaks */
	struct mmscope_error err;
	bool torn;		/* the last dump carried NLM_F_DUMP_INTR */
	char *evbuf;		/* the receive buffer (1 MiB), kept */
	/* If set: sees every message read from the kernel, as read. */
	void (*observe)(const struct nlmsghdr *h, void *arg);
	void *observe_arg;
};

struct mmscope_info {
	char version[64];
	unsigned int proto;
	char built_for[128];
	char running[128];
	uint64_t features;
	unsigned int page_size;
	struct mmscope_smaps_layout {
		uint64_t lines;		/* 1 << MMSCOPE_SMAPS_A_*: lines printed */
		uint32_t flags;		/* MMSCOPE_SMAPS_F_* */
		bool swap_pss;		/* SwapPss can be read (else unavailable) */
	} smaps;			/* how this kernel prints smaps */
	unsigned int dump_state;	/* bytes a dump keeps between chunks */
	unsigned int sessions;		/* trace sessions running */
	bool counting;			/* fault and TLB counting on */
	uint64_t trace_bytes;		/* kernel memory of sessions + counters */
	unsigned int hooks;		/* MMSCOPE_HOOK_* registered */
	uint64_t missed;		/* faults the hook could not follow */
};

/* The figures of /proc/PID/smaps (MMSCOPE_SMAPS_A_*), raw as sent. */
struct mmscope_smaps {
	uint64_t v[MMSCOPE_SMAPS_A_MAX + 1];
	bool have[MMSCOPE_SMAPS_A_MAX + 1];
};

/* One line of smaps: its label, its attribute, how it is printed. */
#define MMSCOPE_SMAPS_LABEL_MAX	17	/* "Private_Hugetlb: " */
struct mmscope_smaps_field {
	int attr;
	/* "Rss:            " as the kernel prints it: copied at a fixed size */
	char label[MMSCOPE_SMAPS_LABEL_MAX + 1];
	const char *key;	/* JSON key, e.g. "rss_kb" */
	bool fixed_point;	/* >> MMSCOPE_PSS_SHIFT_BITS before >> 10 */
	bool rollup_only;
	int width;
	unsigned int label_len;	/* strlen(label) */
};

/* In the order the kernel prints them (KSM only where it exists). */
extern const struct mmscope_smaps_field mmscope_smaps_fields[];
extern const size_t mmscope_nr_smaps_fields;

/* The kB value the kernel prints for @f. */
uint64_t mmscope_smaps_kb(const struct mmscope_smaps *s,
			  const struct mmscope_smaps_field *f);

struct mmscope_mm {
	uint64_t v[MMSCOPE_MM_A_MAX + 1];	/* indexed by MMSCOPE_MM_A_* */
	bool have[MMSCOPE_MM_A_MAX + 1];
};

struct mmscope_task {
	uint32_t pid, tgid;
	char comm[64];
	uint32_t flags;			/* MMSCOPE_TASK_F_* */
	uint32_t nr_threads;
	uint32_t *tids;
	size_t nr_tids;
	bool has_mm;
	struct mmscope_mm mm;
	/* a kernel thread running on a process's address space, now */
	bool borrows;
	uint32_t borrowed_cpu;
	bool borrowed_known;		/* the owner is known */
	uint32_t borrowed_pid;
	char borrowed_comm[16];
};

struct mmscope_vma {
	uint64_t start, end;
	uint32_t perms;			/* MMSCOPE_VMA_PERM_* */
	uint64_t pgoff;
	uint32_t dev_major, dev_minor;
	uint64_t ino;
	uint32_t name_kind;		/* MMSCOPE_VMA_NAME_* */
	char name[4200];		/* "" when none */
	uint64_t vm_flags;
	uint64_t vm_pgoff;		/* details: the kernel's vm_pgoff */
	char vmflags[256];		/* smaps VmFlags mnemonics */
	uint32_t kind;			/* MMSCOPE_VMA_KIND_* */
	bool anon_vma;
	char ops[160];			/* "" when none */
	char fault[160];		/* "" when none */
	bool has_smaps;
	struct mmscope_smaps smaps;
};

/* Options of a VMA dump. */
struct mmscope_dump_req {
	uint32_t flags;			/* MMSCOPE_REQ_F_* */
	uint64_t start, end;		/* 0, 0: everything */
};

/* Return non-zero to stop the dump (that value is returned). */
typedef int (*mmscope_vma_fn)(const struct mmscope_vma *vma, void *arg);

/*
 * Open a socket and find the family.  On failure returns a negative errno
 * and fills *err: -ENOENT when the module is not loaded, -EPROTO when it
 * speaks another protocol version than this tool.
 */
int mmscope_open(struct mmscope **out, struct mmscope_error *err);
void mmscope_close(struct mmscope *m);

int mmscope_info_get(struct mmscope *m, struct mmscope_info *info);
int mmscope_task_get(struct mmscope *m, uint32_t pid, struct mmscope_task *t);
void mmscope_task_free(struct mmscope_task *t);
/* Every VMA with its details (MMSCOPE_REQ_F_DETAILS). */
int mmscope_vma_dump(struct mmscope *m, uint32_t pid, mmscope_vma_fn fn,
		     void *arg);
/*
 * Whether the last VMA or page-table dump may mix states of the address
 * space: the module marked a message NLM_F_DUMP_INTR because the target
 * was write-locked while it was dumped.  Always false where the module
 * lacks MMSCOPE_FEAT_DUMP_CONSISTENT, which then says nothing.
 */
bool mmscope_dump_torn(const struct mmscope *m);
int mmscope_vma_dump_req(struct mmscope *m, uint32_t pid,
			 const struct mmscope_dump_req *req, mmscope_vma_fn fn,
			 void *arg);
/* smaps_rollup: @s gets the sums and RANGE_START/RANGE_END. */
int mmscope_rollup_get(struct mmscope *m, uint32_t pid,
		       struct mmscope_smaps *s);

/*
 * Low level, for tests that send malformed requests: a new request for
 * @cmd (flags: NLM_F_DUMP or 0), and its transaction.  @parse gets every
 * reply message of the family (may be NULL).
 */
struct nl_msg *mmscope_msg_new(struct mmscope *m, uint8_t cmd, int flags);
int mmscope_transact(struct mmscope *m, struct nl_msg *req,
		     int (*parse)(struct nl_msg *msg, void *arg), void *arg);

/* The name of a top-level request attribute ("PID"), or NULL. */
const char *mmscope_attr_name(int type);

/* "<message> (attribute PID)" or strerror(): what to print for m->err. */
void mmscope_strerror(const struct mmscope_error *err, char *buf, size_t size);

/* One line exactly as /proc/PID/maps prints it, with its '\n'. */
void mmscope_format_maps(const struct mmscope_vma *v, char *buf, size_t size);
/* The same line, written to @f. */
void mmscope_print_maps(FILE *f, const struct mmscope_vma *v);
/*
 * The same line formatted at @p, which has room for MMSCOPE_MAPS_LINE_MAX
 * bytes (no NUL written): the end of the line, after its newline.
 */
#define MMSCOPE_MAPS_LINE_MAX (128 + 4 * sizeof(((struct mmscope_vma *)0)->name))
char *mmscope_put_maps_line(char *p, const struct mmscope_vma *v);

/*
 * One VMA's block exactly as /proc/PID/smaps prints it on a kernel with
 * smaps @format (MMSCOPE_SMAPS_FMT_*); the whole of smaps_rollup.  Both
 * write to @f.
 */
void mmscope_print_smaps(FILE *f, const struct mmscope_vma *v,
			 const struct mmscope_smaps_layout *l);
void mmscope_print_rollup(FILE *f, const struct mmscope_smaps *s,
			  const struct mmscope_smaps_layout *l);
/* Does this kernel's smaps print @f's line (per VMA unless @rollup)? */
bool mmscope_smaps_shown(const struct mmscope_smaps_layout *l,
			 const struct mmscope_smaps_field *f, bool rollup);
/* A line this kernel prints but mmscope cannot read safely (SwapPss on 7.x). */
bool mmscope_smaps_unavailable(const struct mmscope_smaps_layout *l,
			       const struct mmscope_smaps_field *f);

const char *mmscope_vma_kind_name(uint32_t kind);
const char *mmscope_vma_name_kind_name(uint32_t kind);

/* ---- page tables ---- */

struct mmscope_page_info {
	uint32_t flags;		/* MMSCOPE_PAGE_F_* */
	uint32_t order, mapcount, refcount;
	bool shared;
};

struct mmscope_pt_rec {
	uint64_t start, end, entry, count;
	uint32_t level, kind, flags;	/* MMSCOPE_LEVEL_*, _PTE_*, _PTE_F_* */
	bool has_pfn, has_pkey, has_swap, has_page, has_table, has_phys;
	uint64_t pfn, swap_offset, table_phys, phys;
	uint32_t pkey, swap_type, index;
	struct mmscope_page_info page;
};

struct mmscope_pt_req {
	uint32_t flags;		/* MMSCOPE_REQ_F_NONPRESENT | _PAGE | _COMPACT */
	int level;		/* MMSCOPE_LEVEL_*; MMSCOPE_LEVEL_LEAVES: leaves */
	uint64_t start, end;	/* 0, 0: everything */
	bool has_addr;		/* the VMA that holds addr */
	uint64_t addr;
};

typedef int (*mmscope_pt_fn)(const struct mmscope_pt_rec *r, void *arg);

int mmscope_pt_dump(struct mmscope *m, uint32_t pid,
		    const struct mmscope_pt_req *req, mmscope_pt_fn fn, void *arg);

/*
 * The same dump, each record handed over as the kernel sent it: a struct
 * mmscope_pt_entry (<linux/mmscope_records.h>), @len bytes, which may be
 * longer than the structure this tool knows; never shorter.
 */
typedef int (*mmscope_pt_raw_fn)(const void *rec, size_t len, void *arg);
int mmscope_pt_dump_raw(struct mmscope *m, uint32_t pid,
			const struct mmscope_pt_req *req, mmscope_pt_raw_fn fn,
			void *arg);

/*
 * `mmscope pt --format raw`: this header, then one record per entry, each
 * record_size bytes (struct mmscope_pt_entry, host-endian), to the end of
 * the stream.  A reader checks magic and version, and steps by
 * record_size: a later version may make records longer, never shorter.
 */
#define MMSCOPE_RAW_MAGIC	"MMSCOPE\0"
#define MMSCOPE_RAW_VERSION	1
struct mmscope_raw_header {
	char magic[8];		/* "MMSCOPE" and a NUL */
	uint32_t version;	/* MMSCOPE_RAW_VERSION */
	uint32_t record_size;	/* bytes per record */
	uint32_t pid;		/* the target */
	uint32_t protocol;	/* the netlink protocol version */
	uint64_t reserved;	/* zero */
};

#define MMSCOPE_VTOP_MAX 8
struct mmscope_vtop {
	struct mmscope_pt_rec rec[MMSCOPE_VTOP_MAX];	/* top level first */
	struct mmscope_pt_entry entry[MMSCOPE_VTOP_MAX];	/* the same, as sent */
	int n;
	struct mmscope_vma vma;
};

int mmscope_vtop(struct mmscope *m, uint32_t pid, uint64_t addr,
		 struct mmscope_vtop *out);

struct mmscope_ptstat_level {
	bool present;
	uint64_t tables, entries, bytes, leaves;
	uint64_t deposited;		/* PTE level: under anonymous THPs */
	uint64_t hist[MMSCOPE_PTSTAT_BUCKETS];
};

struct mmscope_ptstats {
	struct mmscope_ptstat_level level[MMSCOPE_LEVEL_PTE + 1];
};

int mmscope_pt_stats(struct mmscope *m, uint32_t pid, struct mmscope_ptstats *out);
/* What VmPTE counts: PUD, PMD and PTE tables, deposited ones included. */
uint64_t mmscope_ptstats_vmpte(const struct mmscope_ptstats *st);

/* MEM_GET: what the machine's page metadata costs (machine.c). */
struct mmscope_mem {
	uint32_t page_size;
	uint32_t struct_page_size;	/* sizeof(struct page) */
	uint32_t sections;		/* memory sections present */
	uint32_t section_pages;		/* page frames per section */
	uint32_t late_sections;		/* of them, added after boot */
	uint64_t memmap_pages;		/* struct pages kept */
	uint64_t memmap_bytes;		/* the bytes they take */
	uint64_t ram_pages;		/* MemTotal, in pages */
	uint64_t page_table_bytes;	/* PageTables: of all processes */
};

int mmscope_mem_get(struct mmscope *m, struct mmscope_mem *out);

/* CPUS_GET: each online CPU's loaded address space (machine.c). */
struct mmscope_cpu {
	uint32_t cpu;
	uint32_t mm;			/* MMSCOPE_CPU_MM_* */
	uint64_t pgd_phys;
	uint32_t running_pid, running_tid;
	char running_comm[16];
	bool running_kthread;
	bool has_owner;
	uint32_t owner_pid;
	char owner_comm[16];
	int lazy;			/* 1, 0, or -1: unknown */
	bool has_tlb_gen, has_tlb_gen_seen;
	uint64_t tlb_gen, tlb_gen_seen;
};

struct mmscope_cpus {
	unsigned int n;
	struct mmscope_cpu *cpu;	/* n of them, malloc'ed */
};

int mmscope_cpus_get(struct mmscope *m, struct mmscope_cpus *out);
void mmscope_cpus_free(struct mmscope_cpus *c);
const char *mmscope_cpu_mm_name(uint32_t kind);

const char *mmscope_level_name(uint32_t level);
int mmscope_level_parse(const char *name);	/* -1 if unknown */
const char *mmscope_pte_kind_name(uint32_t kind);
/* Names of the set bits, ' '-separated, into @buf. */
void mmscope_pte_flags_str(uint32_t flags, char *buf, size_t size);
void mmscope_page_flags_str(uint32_t flags, char *buf, size_t size);
/* The names, for JSON arrays: NULL-terminated at bit 32. */
const char *mmscope_pte_flag_name(int bit);
const char *mmscope_page_flag_name(int bit);

/* ---- faults, TLB flushes, counters ---- */

struct mmscope_trace_req {
	const uint32_t *pids;		/* processes; none: all */
	size_t npids;
	uint32_t classes;		/* 1 << MMSCOPE_FAULT_*; 0: all */
	uint32_t flags;			/* MMSCOPE_TRACE_F_* */
	uint64_t min_latency_ns;
};

/* Totals of a session, as the kernel last reported them. */
struct mmscope_trace_stats {
	uint64_t events;		/* sent */
	uint64_t drops;			/* lost: ring full */
	uint64_t sock_drops;		/* lost: socket buffer full */
	uint64_t missed;		/* faults the hook could not follow */
};

/* What to do with events; a non-zero return stops the reading. */
struct mmscope_trace_cb {
	int (*fault)(const struct mmscope_fault_event *ev, void *arg);
	int (*tlb)(const struct mmscope_tlb_event *ev, void *arg);
	void *arg;
	uint32_t *session_seen;		/* internal */
	uint64_t *time_seen;		/* internal */
};

/*
 * Start a session on @m's socket: @session gets its id, @t0 the kernel's
 * clock (CLOCK_MONOTONIC ns) now.  Events that arrive with the reply go
 * to @cb.
 */
int mmscope_trace_start(struct mmscope *m, const struct mmscope_trace_req *r,
			const struct mmscope_trace_cb *cb, uint32_t *session,
			uint64_t *t0);
/*
 * Wait up to @timeout_ms (-1: forever) for events, then hand over what
 * has arrived.  Returns 0 (also on timeout), a callback's non-zero value
 * or a negative errno.
 */
int mmscope_trace_poll(struct mmscope *m, int timeout_ms,
		       const struct mmscope_trace_cb *cb,
		       struct mmscope_trace_stats *st);
/* Stop the session: the last events go to @cb, @st gets the totals. */
int mmscope_trace_stop(struct mmscope *m, uint32_t session,
		       const struct mmscope_trace_cb *cb,
		       struct mmscope_trace_stats *st);

struct mmscope_counting {
	bool on, enabled;
	uint32_t holders, entries, capacity;
	uint64_t untracked;
};

int mmscope_counters_get(struct mmscope *m, uint32_t pid,
			 struct mmscope_counters *c,
			 struct mmscope_counting *state);
/* MMSCOPE_CTL_F_* */
int mmscope_counters_ctl(struct mmscope *m, uint32_t flags,
			 struct mmscope_counting *state);

const char *mmscope_fault_class_name(uint32_t c);
int mmscope_fault_class_parse(const char *s);	/* -1 if unknown */
const char *mmscope_fault_error_name(uint32_t e);
const char *mmscope_tlb_reason_name(uint32_t r);
/* Upper bound of the histogram bucket holding quantile @q of the latencies. */
uint64_t mmscope_lat_quantile(const __u64 *hist, double q);

#endif /* LIBMMSCOPE_H */

/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR MIT) */
/*
 * mmscope: look inside the address space of a live process.
 *
 * This header is the one contract between the mmscope kernel module, the
 * mmscope tool, libmmscope and the selftests.
 *
 * Transport: generic netlink, family MMSCOPE_GENL_NAME, version
 * MMSCOPE_GENL_VERSION.  Loading is automatic on first use when the module is
 * installed (the family name is a module alias).
 *
 * Permissions: every command requires CAP_SYS_ADMIN in the initial user
 * namespace (checked against the opener of the netlink socket).  A caller
 * without it gets EPERM and an extended-ack message.
 *
 * PIDs are resolved in the pid namespace of the caller.  Any thread id is
 * accepted; the answer is about the address space (mm) of that thread.
 *
 * Errors: every error is a negative errno in the netlink ack (or, for dumps,
 * in the NLMSG_DONE message) together with an extended-ack message
 * (NLMSGERR_ATTR_MSG) that says what was wrong.  Set NETLINK_EXT_ACK on the
 * socket to receive it.  Requests are validated strictly: unknown
 * attributes, wrong lengths and out-of-range values are refused with EINVAL.
 * While the module is being unloaded, a new request gets ENODEV.
 *
 * Units: addresses and sizes in bytes unless the attribute says "pages"
 * (pages are MMSCOPE_INFO_A_PAGE_SIZE bytes).  No kernel virtual address is
 * ever sent to user space; physical addresses are.
 *
 * All integers are host-endian.  64-bit values are NLA_U64 padded with
 * MMSCOPE_A_PAD (or the nest's own PAD attribute).
 */
#ifndef _UAPI_LINUX_MMSCOPE_H
#define _UAPI_LINUX_MMSCOPE_H

#include <linux/types.h>

#define MMSCOPE_GENL_NAME	"mmscope"
#define MMSCOPE_GENL_VERSION	2

/**
 * enum mmscope_cmd - commands of the mmscope family
 * @MMSCOPE_CMD_UNSPEC: never used
 * @MMSCOPE_CMD_INFO_GET: doit.  Request: no attributes.  Reply:
 *	%MMSCOPE_A_INFO (nest of &enum mmscope_info_attr).
 * @MMSCOPE_CMD_TASK_GET: doit.  Request: %MMSCOPE_A_PID.  Reply:
 *	%MMSCOPE_A_TASK (nest of &enum mmscope_task_attr).  A task without an
 *	address space (kernel thread, exited or zombie task) is not an error:
 *	the reply says so in %MMSCOPE_TASK_A_FLAGS and has no
 *	%MMSCOPE_TASK_A_MM.
 * @MMSCOPE_CMD_VMA_GET: dump (NLM_F_DUMP).  Request: %MMSCOPE_A_PID.
 *	Reply: one message per VMA, in address order, each carrying
 *	%MMSCOPE_A_VMA (nest of &enum mmscope_vma_attr).  The gate area
 *	([vsyscall]), when the running kernel shows one in /proc/PID/maps,
 *	comes last.  The dump is resumable: each chunk takes the target's
 *	mmap_lock for reading on its own and continues at the end address of
 *	the last VMA sent, so it never stalls the target for the whole walk
 *	and survives the target changing its mappings between chunks (as
 *	/proc/PID/maps does).  A task without an address space fails with
 *	ENOENT.  Optional: %MMSCOPE_A_START and %MMSCOPE_A_END select the
 *	VMAs that intersect [START, END); %MMSCOPE_A_FLAGS with
 *	%MMSCOPE_REQ_F_SMAPS adds %MMSCOPE_VMA_A_SMAPS, the figures of
 *	/proc/PID/smaps, to each VMA.  Their page-table walk also runs in
 *	bounded pieces: mmap_lock is dropped when a writer waits or after a
 *	bounded number of entries, and the walk resumes at the saved address
 *	(a VMA that changed meanwhile is walked again from its start).
 * @MMSCOPE_CMD_ROLLUP_GET: doit.  Request: %MMSCOPE_A_PID.  Reply:
 *	%MMSCOPE_A_ROLLUP (nest of &enum mmscope_smaps_attr): the sums of
 *	/proc/PID/smaps_rollup, with %MMSCOPE_SMAPS_A_RANGE_START and
 *	%MMSCOPE_SMAPS_A_RANGE_END.  Walked in bounded pieces like VMA_GET.
 * @MMSCOPE_CMD_PT_GET: dump.  Request: %MMSCOPE_A_PID; optional
 *	%MMSCOPE_A_START/%MMSCOPE_A_END (range) or %MMSCOPE_A_ADDR (the VMA
 *	that holds it), %MMSCOPE_A_LEVEL (only entries of that level, tables
 *	included), %MMSCOPE_A_FLAGS (%MMSCOPE_REQ_F_NONPRESENT,
 *	%MMSCOPE_REQ_F_PAGE, %MMSCOPE_REQ_F_COMPACT).  Reply: one message per
 *	entry, or per run of entries (compact), each carrying %MMSCOPE_A_PT
 *	(&struct mmscope_pt_entry), in address order.  Without a level,
 *	the entries that map memory (leaves) are sent.  A message carries
 *	one or more %MMSCOPE_A_PT, in order.  Only page tables
 *	under VMAs are read, in bounded pieces like %MMSCOPE_CMD_VMA_GET.
 * @MMSCOPE_CMD_VTOP: doit.  Request: %MMSCOPE_A_PID, %MMSCOPE_A_ADDR.
 *	Reply: %MMSCOPE_A_VTOP: one %MMSCOPE_A_PT per level walked, from the
 *	top (with the table's physical address and the index used), the VMA
 *	(%MMSCOPE_A_VMA) and, on the leaf that maps a page, its physical
 *	address and the page.  An address outside every VMA
 *	fails with ENOENT.
 * @MMSCOPE_CMD_PT_STATS: doit.  Request: %MMSCOPE_A_PID.  Reply:
 *	%MMSCOPE_A_PT_STATS: one %MMSCOPE_A_PT_LEVEL nest (&enum
 *	mmscope_ptstat_attr) per level: tables, entries in use, bytes, an
 *	occupancy histogram.  The bytes of the PUD, PMD and PTE levels, plus
 *	the deposited PTE tables, add up to VmPTE of /proc/PID/status (which
 *	counts neither the PGD nor P4D tables).
 * @MMSCOPE_CMD_TRACE_START: doit.  Starts a trace session that sends
 *	the page faults (and, with %MMSCOPE_TRACE_F_TLB, the TLB flush
 *	requests) that pass its filters to the socket that asked, as
 *	%MMSCOPE_CMD_TRACE_EVENT messages.  Request, all optional:
 *	%MMSCOPE_A_PIDS (processes; absent: all), %MMSCOPE_A_CLASSES,
 *	%MMSCOPE_A_TRACE_FLAGS, %MMSCOPE_A_MIN_LATENCY.  Reply:
 *	%MMSCOPE_A_SESSION and %MMSCOPE_A_TIME (the clock of the events,
 *	now).  The session ends on %MMSCOPE_CMD_TRACE_STOP or when the socket
 *	is closed.  Events are kept in per-CPU rings of fixed size: when the
 *	reader falls behind they are dropped and counted, never waited for.
 *	At most %MMSCOPE_MAX_SESSIONS sessions at once (EBUSY).
 * @MMSCOPE_CMD_TRACE_STOP: doit, from the socket that started the session.
 *	Request: %MMSCOPE_A_SESSION.  Sends the events still in the rings,
 *	then replies with %MMSCOPE_A_SESSION and %MMSCOPE_A_TRACE_STATS.
 * @MMSCOPE_CMD_TRACE_EVENT: sent by the module to a session's socket
 *	(sequence number 0): %MMSCOPE_A_SESSION, %MMSCOPE_A_TRACE_STATS (the
 *	totals so far) and any number of %MMSCOPE_A_FAULT and %MMSCOPE_A_TLB,
 *	in time order per CPU.  Never a request.
 * @MMSCOPE_CMD_COUNTERS_GET: doit.  Request: %MMSCOPE_A_PID.  Reply:
 *	%MMSCOPE_A_COUNTERS (&struct mmscope_counters of the process's address
 *	space) and %MMSCOPE_A_COUNTING.  Fails with ENODATA while counting is
 *	off.
 * @MMSCOPE_CMD_COUNTERS_CTL: doit.  Request: %MMSCOPE_A_CTL_FLAGS.  Turns
 *	counting on or off for every process, or holds it on while the
 *	asking socket stays open (%MMSCOPE_CTL_F_HOLD), or resets the counts.
 *	Reply: %MMSCOPE_A_COUNTING.  Flags 0 changes nothing (the reply tells
 *	the state).  Counting costs nothing while it is off: no hook is
 *	registered.
 * @__MMSCOPE_CMD_MAX: internal
 * @MMSCOPE_CMD_MAX: highest command number
 */
enum mmscope_cmd {
	MMSCOPE_CMD_UNSPEC,
	MMSCOPE_CMD_INFO_GET,
	MMSCOPE_CMD_TASK_GET,
	MMSCOPE_CMD_VMA_GET,
	MMSCOPE_CMD_ROLLUP_GET,
	MMSCOPE_CMD_PT_GET,
	MMSCOPE_CMD_VTOP,
	MMSCOPE_CMD_PT_STATS,
	MMSCOPE_CMD_TRACE_START,
	MMSCOPE_CMD_TRACE_STOP,
	MMSCOPE_CMD_TRACE_EVENT,
	MMSCOPE_CMD_COUNTERS_GET,
	MMSCOPE_CMD_COUNTERS_CTL,

	__MMSCOPE_CMD_MAX
};

#define MMSCOPE_CMD_MAX (__MMSCOPE_CMD_MAX - 1)

/**
 * enum mmscope_attr - top-level attributes
 * @MMSCOPE_A_UNSPEC: never used
 * @MMSCOPE_A_PAD: padding for 64-bit attributes
 * @MMSCOPE_A_PID: u32, request: the pid (or tid) in the caller's pid
 *	namespace, 1..4194304 (PID_MAX_LIMIT)
 * @MMSCOPE_A_INFO: nest, reply of %MMSCOPE_CMD_INFO_GET
 * @MMSCOPE_A_TASK: nest, reply of %MMSCOPE_CMD_TASK_GET
 * @MMSCOPE_A_VMA: nest, one per message of %MMSCOPE_CMD_VMA_GET
 * @MMSCOPE_A_FLAGS: u32, request: &enum mmscope_req_flag bits; unknown
 *	bits are refused
 * @MMSCOPE_A_START: u64, request: first address of interest
 * @MMSCOPE_A_END: u64, request: first address past the range of interest
 *	(must be above START)
 * @MMSCOPE_A_ROLLUP: nest, reply of %MMSCOPE_CMD_ROLLUP_GET
 * @MMSCOPE_A_ADDR: u64, request: a user virtual address
 * @MMSCOPE_A_LEVEL: u32, request: &enum mmscope_level
 * @MMSCOPE_A_PT: binary, &struct mmscope_pt_entry: one page-table entry
 * @MMSCOPE_A_VTOP: nest, reply of %MMSCOPE_CMD_VTOP: %MMSCOPE_A_PT nests
 *	(top level first) and %MMSCOPE_A_VMA
 * @MMSCOPE_A_PT_STATS: nest, reply of %MMSCOPE_CMD_PT_STATS
 * @MMSCOPE_A_PT_LEVEL: nest of &enum mmscope_ptstat_attr, in PT_STATS
 * @MMSCOPE_A_SESSION: u32, a trace session
 * @MMSCOPE_A_PIDS: binary, request: 1..%MMSCOPE_MAX_TRACE_PIDS u32 pids
 *	(processes, in the caller's pid namespace) to trace
 * @MMSCOPE_A_CLASSES: u32, request: bits (1 << &enum mmscope_fault_class)
 *	of the classes to trace (absent: all)
 * @MMSCOPE_A_TRACE_FLAGS: u32, request: &enum mmscope_trace_flag bits
 * @MMSCOPE_A_MIN_LATENCY: u64, request: only faults that took at least
 *	this many nanoseconds
 * @MMSCOPE_A_TIME: u64, CLOCK_MONOTONIC now, in nanoseconds
 * @MMSCOPE_A_FAULT: binary, &struct mmscope_fault_event
 * @MMSCOPE_A_TLB: binary, &struct mmscope_tlb_event
 * @MMSCOPE_A_TRACE_STATS: nest of &enum mmscope_stats_attr
 * @MMSCOPE_A_COUNTERS: binary, &struct mmscope_counters
 * @MMSCOPE_A_CTL_FLAGS: u32, request: &enum mmscope_ctl_flag bits
 * @MMSCOPE_A_COUNTING: nest of &enum mmscope_counting_attr
 * @__MMSCOPE_A_MAX: internal
 * @MMSCOPE_A_MAX: highest attribute number
 */
enum mmscope_attr {
	MMSCOPE_A_UNSPEC,
	MMSCOPE_A_PAD,
	MMSCOPE_A_PID,
	MMSCOPE_A_INFO,
	MMSCOPE_A_TASK,
	MMSCOPE_A_VMA,
	MMSCOPE_A_FLAGS,
	MMSCOPE_A_START,
	MMSCOPE_A_END,
	MMSCOPE_A_ROLLUP,
	MMSCOPE_A_ADDR,
	MMSCOPE_A_LEVEL,
	MMSCOPE_A_PT,
	MMSCOPE_A_VTOP,
	MMSCOPE_A_PT_STATS,
	MMSCOPE_A_PT_LEVEL,
	MMSCOPE_A_SESSION,
	MMSCOPE_A_PIDS,
	MMSCOPE_A_CLASSES,
	MMSCOPE_A_TRACE_FLAGS,
	MMSCOPE_A_MIN_LATENCY,
	MMSCOPE_A_TIME,
	MMSCOPE_A_FAULT,
	MMSCOPE_A_TLB,
	MMSCOPE_A_TRACE_STATS,
	MMSCOPE_A_COUNTERS,
	MMSCOPE_A_CTL_FLAGS,
	MMSCOPE_A_COUNTING,

	__MMSCOPE_A_MAX
};

#define MMSCOPE_A_MAX (__MMSCOPE_A_MAX - 1)

/**
 * enum mmscope_req_flag - bits of %MMSCOPE_A_FLAGS
 * @MMSCOPE_REQ_F_SMAPS: %MMSCOPE_CMD_VMA_GET: add the smaps figures
 *	(%MMSCOPE_VMA_A_SMAPS) and the VmFlags mnemonics
 * @MMSCOPE_REQ_F_DETAILS: %MMSCOPE_CMD_VMA_GET: add what /proc/PID/maps
 *	does not show: %MMSCOPE_VMA_A_VM_FLAGS, %MMSCOPE_VMA_A_VMFLAGS,
 *	%MMSCOPE_VMA_A_KIND, %MMSCOPE_VMA_A_ANON_VMA, %MMSCOPE_VMA_A_OPS,
 *	%MMSCOPE_VMA_A_FAULT.  Without it a VMA carries only what maps
 *	prints, which keeps large dumps cheap.
 * @MMSCOPE_REQ_F_NONPRESENT: %MMSCOPE_CMD_PT_GET: also entries that map
 *	nothing now: swap, migration, device, marker entries, and empty
 *	(none) entries inside existing tables
 * @MMSCOPE_REQ_F_PAGE: %MMSCOPE_CMD_PT_GET: add the struct page details
 *	(%MMSCOPE_PT_HAS_PAGE) of every entry that maps a page
 * @MMSCOPE_REQ_F_COMPACT: %MMSCOPE_CMD_PT_GET: coalesce adjacent entries
 *	of one level with the same kind and flags into one record (as
 *	ptdump does); PFN and page details then describe the first entry
 */
enum mmscope_req_flag {
	MMSCOPE_REQ_F_SMAPS = 1 << 0,
	MMSCOPE_REQ_F_DETAILS = 1 << 1,
	MMSCOPE_REQ_F_NONPRESENT = 1 << 2,
	MMSCOPE_REQ_F_PAGE = 1 << 3,
	MMSCOPE_REQ_F_COMPACT = 1 << 4,
};

#define MMSCOPE_REQ_F_ALL	(MMSCOPE_REQ_F_SMAPS | MMSCOPE_REQ_F_DETAILS | \
				 MMSCOPE_REQ_F_NONPRESENT | MMSCOPE_REQ_F_PAGE | \
				 MMSCOPE_REQ_F_COMPACT)

/* Highest valid pid (PID_MAX_LIMIT on 64-bit kernels). */
#define MMSCOPE_PID_MAX		4194304

/**
 * enum mmscope_feature - bits of %MMSCOPE_INFO_A_FEATURES
 * @MMSCOPE_FEAT_TASK: %MMSCOPE_CMD_TASK_GET
 * @MMSCOPE_FEAT_MAPS: %MMSCOPE_CMD_VMA_GET with names, flags, kinds, ops
 * @MMSCOPE_FEAT_GATE: the gate area ([vsyscall]) can be reported; without
 *	it a kernel booted with vsyscall=emulate|xonly would show one line in
 *	/proc/PID/maps that mmscope cannot
 * @MMSCOPE_FEAT_SMAPS: %MMSCOPE_REQ_F_SMAPS and %MMSCOPE_CMD_ROLLUP_GET
 * @MMSCOPE_FEAT_THP_ELIGIBLE: THPeligible can be computed (the kernel's
 *	THP settings were found); without it %MMSCOPE_SMAPS_A_THP_ELIGIBLE
 *	is absent
 * @MMSCOPE_FEAT_SWAP_PSS: swap counts can be read; without it
 *	%MMSCOPE_SMAPS_A_SWAP_PSS is never sent and SwapPss is unavailable
 *	(7.x keeps swap counts in a table private to mm/)
 * @MMSCOPE_FEAT_PT: %MMSCOPE_CMD_PT_GET, %MMSCOPE_CMD_VTOP,
 *	%MMSCOPE_CMD_PT_STATS
 * @MMSCOPE_FEAT_FAULTS: fault tracing and counting (the handle_mm_fault
 *	hook can be registered)
 * @MMSCOPE_FEAT_TLB: TLB flush counting and tracing (the tlb_flush
 *	tracepoint and the flush hooks can be registered)
 * @MMSCOPE_FEAT_ANON_EXCLUSIVE: the kernel marks anonymous pages mapped
 *	exclusively (PageAnonExclusive, 5.19+); without it
 *	%MMSCOPE_PAGE_F_ANON_EXCLUSIVE and %MMSCOPE_PTE_F_EXCLUSIVE are never
 *	set, which then says nothing about the page
 * @MMSCOPE_FEAT_ATTR_MISS: a refusal for a missing attribute also names it
 *	in NLMSGERR_ATTR_MISS_TYPE (the kernel's netlink has it from 6.0);
 *	without it only the ext-ack message says which
 * @MMSCOPE_FEAT_DUMP_ERR_ATTR: a refused dump request (%MMSCOPE_CMD_VMA_GET,
 *	%MMSCOPE_CMD_PT_GET) names the offending attribute in its NLMSG_DONE
 *	(NLMSGERR_ATTR_OFFS, and NLMSGERR_ATTR_MISS_TYPE with
 *	%MMSCOPE_FEAT_ATTR_MISS), as a doit ack does; before 6.2 a dump's
 *	NLMSG_DONE carries only the message.  Attributes are parsed after
 *	the permission check, never by genetlink before it.
 * @MMSCOPE_FEAT_DUMP_CONSISTENT: a %MMSCOPE_CMD_VMA_GET or
 *	%MMSCOPE_CMD_PT_GET dump whose target was write-locked (its mappings
 *	may have changed) between the dump's first hold of mmap_lock and a
 *	message carries NLM_F_DUMP_INTR on that message: an answer without
 *	it on any message saw one state of the mappings throughout (page
 *	contents and counts still move, as in /proc).  Without it (before
 *	the per-VMA lock sequence) the kernel counts no such changes and
 *	NLM_F_DUMP_INTR is never set, which then says nothing.
 */
enum mmscope_feature {
	MMSCOPE_FEAT_TASK = 1 << 0,
	MMSCOPE_FEAT_MAPS = 1 << 1,
	MMSCOPE_FEAT_GATE = 1 << 2,
	MMSCOPE_FEAT_SMAPS = 1 << 3,
	MMSCOPE_FEAT_THP_ELIGIBLE = 1 << 4,
	MMSCOPE_FEAT_SWAP_PSS = 1 << 5,
	MMSCOPE_FEAT_PT = 1 << 6,
	MMSCOPE_FEAT_FAULTS = 1 << 7,
	MMSCOPE_FEAT_TLB = 1 << 8,
	MMSCOPE_FEAT_ANON_EXCLUSIVE = 1 << 9,
	MMSCOPE_FEAT_ATTR_MISS = 1 << 10,
	MMSCOPE_FEAT_DUMP_ERR_ATTR = 1 << 11,
	MMSCOPE_FEAT_DUMP_CONSISTENT = 1 << 12,
};

/**
 * enum mmscope_smaps_flag - bits of %MMSCOPE_INFO_A_SMAPS_FLAGS: how the
 *	running kernel prints /proc/PID/smaps, beyond which lines it prints
 *	(%MMSCOPE_INFO_A_SMAPS_LINES)
 * @MMSCOPE_SMAPS_F_THP_WIDE: "THPeligible:    %8u" (otherwise "%d")
 */
enum mmscope_smaps_flag {
	MMSCOPE_SMAPS_F_THP_WIDE = 1 << 0,
};

/**
 * enum mmscope_info_attr - module information (nested in %MMSCOPE_A_INFO)
 * @MMSCOPE_INFO_A_UNSPEC: never used
 * @MMSCOPE_INFO_A_PAD: padding
 * @MMSCOPE_INFO_A_VERSION: string, module version
 * @MMSCOPE_INFO_A_PROTO: u32, %MMSCOPE_GENL_VERSION the module speaks
 * @MMSCOPE_INFO_A_BUILT_FOR: string, kernel release the module was built for
 * @MMSCOPE_INFO_A_RUNNING: string, kernel release running now
 * @MMSCOPE_INFO_A_FEATURES: u64, &enum mmscope_feature bits
 * @MMSCOPE_INFO_A_PAGE_SIZE: u32, bytes in a base page
 * @MMSCOPE_INFO_A_SMAPS_FLAGS: u32, &enum mmscope_smaps_flag bits
 * @MMSCOPE_INFO_A_DUMP_STATE: u32, the most kernel memory one dump keeps
 *	between its chunks, in bytes, whatever the size of the target (each
 *	chunk adds one netlink message buffer of at most 32 KiB)
 * @MMSCOPE_INFO_A_SESSIONS: u32, trace sessions running
 * @MMSCOPE_INFO_A_COUNTING: u32, 1 while fault and TLB counting is on
 * @MMSCOPE_INFO_A_TRACE_BYTES: u64, kernel memory held now by trace
 *	sessions and counters, in bytes
 * @MMSCOPE_INFO_A_HOOKS: u32, &enum mmscope_hook bits: hooks registered now
 * @MMSCOPE_INFO_A_MISSED: u64, faults the handle_mm_fault hook could not
 *	follow since it was registered (all its instances busy)
 * @MMSCOPE_INFO_A_SMAPS_LINES: u64, the lines the running kernel's
 *	/proc/PID/smaps and smaps_rollup print between Rss and Locked, as
 *	bits (1 << %MMSCOPE_SMAPS_A_*); a line whose attribute is absent from
 *	a VMA is 0, except SwapPss without %MMSCOPE_FEAT_SWAP_PSS, which is
 *	unavailable
 * @__MMSCOPE_INFO_A_MAX: internal
 * @MMSCOPE_INFO_A_MAX: highest attribute number
 */
enum mmscope_info_attr {
	MMSCOPE_INFO_A_UNSPEC,
	MMSCOPE_INFO_A_PAD,
	MMSCOPE_INFO_A_VERSION,
	MMSCOPE_INFO_A_PROTO,
	MMSCOPE_INFO_A_BUILT_FOR,
	MMSCOPE_INFO_A_RUNNING,
	MMSCOPE_INFO_A_FEATURES,
	MMSCOPE_INFO_A_PAGE_SIZE,
	MMSCOPE_INFO_A_SMAPS_FLAGS,
	MMSCOPE_INFO_A_DUMP_STATE,
	MMSCOPE_INFO_A_SESSIONS,
	MMSCOPE_INFO_A_COUNTING,
	MMSCOPE_INFO_A_TRACE_BYTES,
	MMSCOPE_INFO_A_HOOKS,
	MMSCOPE_INFO_A_MISSED,
	MMSCOPE_INFO_A_SMAPS_LINES,

	__MMSCOPE_INFO_A_MAX
};

#define MMSCOPE_INFO_A_MAX (__MMSCOPE_INFO_A_MAX - 1)

/**
 * enum mmscope_task_flag - bits of %MMSCOPE_TASK_A_FLAGS
 * @MMSCOPE_TASK_F_KTHREAD: a kernel thread: it has no user address space
 * @MMSCOPE_TASK_F_NO_MM: no address space now (kernel thread, or a task
 *	that has exited and released it)
 * @MMSCOPE_TASK_F_ZOMBIE: exited, waiting to be reaped by its parent
 * @MMSCOPE_TASK_F_EXITING: exit has begun (PF_EXITING)
 * @MMSCOPE_TASK_F_TIDS_TRUNCATED: the thread list grew while it was read;
 *	%MMSCOPE_TASK_A_TIDS is incomplete
 */
enum mmscope_task_flag {
	MMSCOPE_TASK_F_KTHREAD = 1 << 0,
	MMSCOPE_TASK_F_NO_MM = 1 << 1,
	MMSCOPE_TASK_F_ZOMBIE = 1 << 2,
	MMSCOPE_TASK_F_EXITING = 1 << 3,
	MMSCOPE_TASK_F_TIDS_TRUNCATED = 1 << 4,
};

/**
 * enum mmscope_task_attr - a task (nested in %MMSCOPE_A_TASK)
 * @MMSCOPE_TASK_A_UNSPEC: never used
 * @MMSCOPE_TASK_A_PAD: padding
 * @MMSCOPE_TASK_A_PID: u32, the pid asked for (caller's namespace)
 * @MMSCOPE_TASK_A_TGID: u32, its thread-group id (caller's namespace)
 * @MMSCOPE_TASK_A_COMM: string, the task's comm
 * @MMSCOPE_TASK_A_FLAGS: u32, &enum mmscope_task_flag bits
 * @MMSCOPE_TASK_A_NR_THREADS: u32, threads in the thread group (the Threads
 *	line of /proc/PID/status)
 * @MMSCOPE_TASK_A_TIDS: nest of u32 (attribute type = index + 1): the tids
 *	(caller's namespace) of the threads of the group that use this mm
 * @MMSCOPE_TASK_A_MM: nest of &enum mmscope_mm_attr, absent without an mm
 * @__MMSCOPE_TASK_A_MAX: internal
 * @MMSCOPE_TASK_A_MAX: highest attribute number
 */
enum mmscope_task_attr {
	MMSCOPE_TASK_A_UNSPEC,
	MMSCOPE_TASK_A_PAD,
	MMSCOPE_TASK_A_PID,
	MMSCOPE_TASK_A_TGID,
	MMSCOPE_TASK_A_COMM,
	MMSCOPE_TASK_A_FLAGS,
	MMSCOPE_TASK_A_NR_THREADS,
	MMSCOPE_TASK_A_TIDS,
	MMSCOPE_TASK_A_MM,

	__MMSCOPE_TASK_A_MAX
};

#define MMSCOPE_TASK_A_MAX (__MMSCOPE_TASK_A_MAX - 1)

/**
 * enum mmscope_mm_attr - an address space (nested in %MMSCOPE_TASK_A_MM)
 *
 * All values are u64.  Counters are read the way /proc/PID/status reads
 * them on the running kernel (exact sums of the per-CPU RSS counters).
 *
 * @MMSCOPE_MM_A_UNSPEC: never used
 * @MMSCOPE_MM_A_PAD: padding
 * @MMSCOPE_MM_A_USERS: mm_users (users of the address space; includes the
 *	reference mmscope holds while it answers)
 * @MMSCOPE_MM_A_COUNT: mm_count (references to struct mm_struct)
 * @MMSCOPE_MM_A_MAP_COUNT: number of VMAs
 * @MMSCOPE_MM_A_TOTAL_VM: pages mapped (VmSize)
 * @MMSCOPE_MM_A_LOCKED_VM: pages mlocked (VmLck)
 * @MMSCOPE_MM_A_PINNED_VM: pages pinned (VmPin)
 * @MMSCOPE_MM_A_DATA_VM: private writable non-stack pages (VmData)
 * @MMSCOPE_MM_A_EXEC_VM: executable non-writable pages
 * @MMSCOPE_MM_A_STACK_VM: stack pages (VmStk)
 * @MMSCOPE_MM_A_RSS_FILE: resident file pages (RssFile)
 * @MMSCOPE_MM_A_RSS_ANON: resident anonymous pages (RssAnon)
 * @MMSCOPE_MM_A_RSS_SHMEM: resident shmem pages (RssShmem)
 * @MMSCOPE_MM_A_SWAP_ENTS: swap entries (VmSwap)
 * @MMSCOPE_MM_A_HIWATER_RSS: peak resident pages (VmHWM)
 * @MMSCOPE_MM_A_HIWATER_VM: peak mapped pages (VmPeak)
 * @MMSCOPE_MM_A_PGTABLES_BYTES: bytes of page tables (VmPTE)
 * @MMSCOPE_MM_A_START_CODE: layout: start of the code segment
 * @MMSCOPE_MM_A_END_CODE: end of code
 * @MMSCOPE_MM_A_START_DATA: start of data
 * @MMSCOPE_MM_A_END_DATA: end of data
 * @MMSCOPE_MM_A_START_BRK: start of the heap
 * @MMSCOPE_MM_A_BRK: current program break
 * @MMSCOPE_MM_A_START_STACK: start of the main stack
 * @MMSCOPE_MM_A_ARG_START: start of the argument strings
 * @MMSCOPE_MM_A_ARG_END: end of the argument strings
 * @MMSCOPE_MM_A_ENV_START: start of the environment strings
 * @MMSCOPE_MM_A_ENV_END: end of the environment strings
 * @MMSCOPE_MM_A_PGD_PHYS: physical address of the top-level page table
 * @__MMSCOPE_MM_A_MAX: internal
 * @MMSCOPE_MM_A_MAX: highest attribute number
 */
enum mmscope_mm_attr {
	MMSCOPE_MM_A_UNSPEC,
	MMSCOPE_MM_A_PAD,
	MMSCOPE_MM_A_USERS,
	MMSCOPE_MM_A_COUNT,
	MMSCOPE_MM_A_MAP_COUNT,
	MMSCOPE_MM_A_TOTAL_VM,
	MMSCOPE_MM_A_LOCKED_VM,
	MMSCOPE_MM_A_PINNED_VM,
	MMSCOPE_MM_A_DATA_VM,
	MMSCOPE_MM_A_EXEC_VM,
	MMSCOPE_MM_A_STACK_VM,
	MMSCOPE_MM_A_RSS_FILE,
	MMSCOPE_MM_A_RSS_ANON,
	MMSCOPE_MM_A_RSS_SHMEM,
	MMSCOPE_MM_A_SWAP_ENTS,
	MMSCOPE_MM_A_HIWATER_RSS,
	MMSCOPE_MM_A_HIWATER_VM,
	MMSCOPE_MM_A_PGTABLES_BYTES,
	MMSCOPE_MM_A_START_CODE,
	MMSCOPE_MM_A_END_CODE,
	MMSCOPE_MM_A_START_DATA,
	MMSCOPE_MM_A_END_DATA,
	MMSCOPE_MM_A_START_BRK,
	MMSCOPE_MM_A_BRK,
	MMSCOPE_MM_A_START_STACK,
	MMSCOPE_MM_A_ARG_START,
	MMSCOPE_MM_A_ARG_END,
	MMSCOPE_MM_A_ENV_START,
	MMSCOPE_MM_A_ENV_END,
	MMSCOPE_MM_A_PGD_PHYS,

	__MMSCOPE_MM_A_MAX
};

#define MMSCOPE_MM_A_MAX (__MMSCOPE_MM_A_MAX - 1)

/**
 * enum mmscope_vma_perm - bits of %MMSCOPE_VMA_A_PERMS (the rwxs/p column)
 * @MMSCOPE_VMA_PERM_READ: VM_READ
 * @MMSCOPE_VMA_PERM_WRITE: VM_WRITE
 * @MMSCOPE_VMA_PERM_EXEC: VM_EXEC
 * @MMSCOPE_VMA_PERM_SHARED: VM_MAYSHARE ('s' rather than 'p')
 */
enum mmscope_vma_perm {
	MMSCOPE_VMA_PERM_READ = 1 << 0,
	MMSCOPE_VMA_PERM_WRITE = 1 << 1,
	MMSCOPE_VMA_PERM_EXEC = 1 << 2,
	MMSCOPE_VMA_PERM_SHARED = 1 << 3,
};

/**
 * enum mmscope_vma_name_kind - where %MMSCOPE_VMA_A_NAME comes from
 * @MMSCOPE_VMA_NAME_NONE: no name (anonymous memory)
 * @MMSCOPE_VMA_NAME_PATH: the path of the mapped file, as d_path() gives it
 *	(" (deleted)" included); /proc escapes '\n' in it as "\012"
 * @MMSCOPE_VMA_NAME_SPECIAL: a name given by the mapping's vm_ops, e.g.
 *	[vdso], [vvar], [vsyscall]
 * @MMSCOPE_VMA_NAME_HEAP: [heap]
 * @MMSCOPE_VMA_NAME_STACK: [stack]
 * @MMSCOPE_VMA_NAME_ANON: a name set with PR_SET_VMA_ANON_NAME; the NAME
 *	attribute holds the whole "[anon:...]" or "[anon_shmem:...]" text
 */
enum mmscope_vma_name_kind {
	MMSCOPE_VMA_NAME_NONE,
	MMSCOPE_VMA_NAME_PATH,
	MMSCOPE_VMA_NAME_SPECIAL,
	MMSCOPE_VMA_NAME_HEAP,
	MMSCOPE_VMA_NAME_STACK,
	MMSCOPE_VMA_NAME_ANON,
};

/**
 * enum mmscope_vma_kind - what backs the VMA (%MMSCOPE_VMA_A_KIND)
 * @MMSCOPE_VMA_KIND_PRIVATE_ANON: private anonymous memory
 * @MMSCOPE_VMA_KIND_PRIVATE_FILE: private mapping of a file (copy on write)
 * @MMSCOPE_VMA_KIND_SHARED_ANON: shared anonymous memory (MAP_SHARED |
 *	MAP_ANONYMOUS, SysV shm: an internal shmem file)
 * @MMSCOPE_VMA_KIND_SHARED_FILE: shared mapping of a file
 * @MMSCOPE_VMA_KIND_SPECIAL: kernel-provided mapping without a file
 *	(vdso, vvar, gate area, driver mappings)
 */
enum mmscope_vma_kind {
	MMSCOPE_VMA_KIND_PRIVATE_ANON,
	MMSCOPE_VMA_KIND_PRIVATE_FILE,
	MMSCOPE_VMA_KIND_SHARED_ANON,
	MMSCOPE_VMA_KIND_SHARED_FILE,
	MMSCOPE_VMA_KIND_SPECIAL,
};

/**
 * enum mmscope_vma_attr - a VMA (nested in %MMSCOPE_A_VMA)
 * @MMSCOPE_VMA_A_UNSPEC: never used
 * @MMSCOPE_VMA_A_PAD: padding
 * @MMSCOPE_VMA_A_START: u64, first address
 * @MMSCOPE_VMA_A_END: u64, first address past the end
 * @MMSCOPE_VMA_A_PERMS: u32, &enum mmscope_vma_perm bits
 * @MMSCOPE_VMA_A_PGOFF: u64, file offset in bytes (0 without a file)
 * @MMSCOPE_VMA_A_DEV_MAJOR: u32, major of the file's device (0 without)
 * @MMSCOPE_VMA_A_DEV_MINOR: u32, minor of the file's device (0 without)
 * @MMSCOPE_VMA_A_INO: u64, the file's inode number (0 without)
 * @MMSCOPE_VMA_A_NAME: string, the name /proc/PID/maps shows (absent when
 *	it shows none)
 * @MMSCOPE_VMA_A_NAME_KIND: u32, &enum mmscope_vma_name_kind
 * @MMSCOPE_VMA_A_VM_FLAGS: u64, raw vm_flags of the running kernel (bit
 *	meanings differ between kernels: prefer %MMSCOPE_VMA_A_VMFLAGS);
 *	with %MMSCOPE_REQ_F_DETAILS
 * @MMSCOPE_VMA_A_VMFLAGS: string, the VmFlags mnemonics exactly as the
 *	running kernel prints them in /proc/PID/smaps ("rd wr mr mw me ac ")
 * @MMSCOPE_VMA_A_KIND: u32, &enum mmscope_vma_kind
 * @MMSCOPE_VMA_A_ANON_VMA: flag, the VMA has an anon_vma (it has or had
 *	private anonymous pages)
 * @MMSCOPE_VMA_A_OPS: string, symbol of the VMA's vm_operations_struct
 *	(absent for anonymous memory)
 * @MMSCOPE_VMA_A_FAULT: string, symbol of the function that handles page
 *	faults in this VMA (vm_ops->fault, or do_anonymous_page for anonymous
 *	memory; absent when the ops have no fault handler)
 * @MMSCOPE_VMA_A_SMAPS: nest of &enum mmscope_smaps_attr, with
 *	%MMSCOPE_REQ_F_SMAPS
 * @__MMSCOPE_VMA_A_MAX: internal
 * @MMSCOPE_VMA_A_MAX: highest attribute number
 */
enum mmscope_vma_attr {
	MMSCOPE_VMA_A_UNSPEC,
	MMSCOPE_VMA_A_PAD,
	MMSCOPE_VMA_A_START,
	MMSCOPE_VMA_A_END,
	MMSCOPE_VMA_A_PERMS,
	MMSCOPE_VMA_A_PGOFF,
	MMSCOPE_VMA_A_DEV_MAJOR,
	MMSCOPE_VMA_A_DEV_MINOR,
	MMSCOPE_VMA_A_INO,
	MMSCOPE_VMA_A_NAME,
	MMSCOPE_VMA_A_NAME_KIND,
	MMSCOPE_VMA_A_VM_FLAGS,
	MMSCOPE_VMA_A_VMFLAGS,
	MMSCOPE_VMA_A_KIND,
	MMSCOPE_VMA_A_ANON_VMA,
	MMSCOPE_VMA_A_OPS,
	MMSCOPE_VMA_A_FAULT,
	MMSCOPE_VMA_A_SMAPS,

	__MMSCOPE_VMA_A_MAX
};

#define MMSCOPE_VMA_A_MAX (__MMSCOPE_VMA_A_MAX - 1)

/* Fixed-point shift of the Pss-like figures (PSS_SHIFT of task_mmu.c). */
#define MMSCOPE_PSS_SHIFT_BITS	12

/**
 * enum mmscope_smaps_attr - the figures of /proc/PID/smaps
 *
 * In a VMA's nest, a figure that is zero is left out (absent means 0),
 * and so are PSS_ANON, PSS_FILE and PSS_SHMEM (only smaps_rollup prints
 * them);
 * SIZE, KERNEL_PAGE_SIZE, MMU_PAGE_SIZE, THP_ELIGIBLE and PKEY are always
 * there when the kernel prints them.  The rollup carries every figure.
 *
 * All u64 in bytes, except: the Pss-like figures (PSS, PSS_DIRTY,
 * PSS_ANON, PSS_FILE, PSS_SHMEM, SWAP_PSS, LOCKED) are bytes <<
 * %MMSCOPE_PSS_SHIFT_BITS, exactly as the kernel sums them (it prints
 * value >> 12 >> 10 kB); THP_ELIGIBLE and PKEY are u32.  Computed the way
 * the running kernel's fs/proc/task_mmu.c computes them.
 *
 * @MMSCOPE_SMAPS_A_UNSPEC: never used
 * @MMSCOPE_SMAPS_A_PAD: padding
 * @MMSCOPE_SMAPS_A_SIZE: Size (per VMA only)
 * @MMSCOPE_SMAPS_A_KERNEL_PAGE_SIZE: KernelPageSize (per VMA only)
 * @MMSCOPE_SMAPS_A_MMU_PAGE_SIZE: MMUPageSize (per VMA only)
 * @MMSCOPE_SMAPS_A_RSS: Rss
 * @MMSCOPE_SMAPS_A_PSS: Pss (fixed point)
 * @MMSCOPE_SMAPS_A_PSS_DIRTY: Pss_Dirty (fixed point)
 * @MMSCOPE_SMAPS_A_PSS_ANON: Pss_Anon (fixed point; smaps_rollup prints it)
 * @MMSCOPE_SMAPS_A_PSS_FILE: Pss_File (fixed point; smaps_rollup prints it)
 * @MMSCOPE_SMAPS_A_PSS_SHMEM: Pss_Shmem (fixed point; rollup prints it)
 * @MMSCOPE_SMAPS_A_SHARED_CLEAN: Shared_Clean
 * @MMSCOPE_SMAPS_A_SHARED_DIRTY: Shared_Dirty
 * @MMSCOPE_SMAPS_A_PRIVATE_CLEAN: Private_Clean
 * @MMSCOPE_SMAPS_A_PRIVATE_DIRTY: Private_Dirty
 * @MMSCOPE_SMAPS_A_REFERENCED: Referenced
 * @MMSCOPE_SMAPS_A_ANONYMOUS: Anonymous
 * @MMSCOPE_SMAPS_A_KSM: KSM (only on kernels whose smaps prints it)
 * @MMSCOPE_SMAPS_A_LAZYFREE: LazyFree
 * @MMSCOPE_SMAPS_A_ANON_HUGE: AnonHugePages
 * @MMSCOPE_SMAPS_A_SHMEM_PMD: ShmemPmdMapped
 * @MMSCOPE_SMAPS_A_FILE_PMD: FilePmdMapped
 * @MMSCOPE_SMAPS_A_SHARED_HUGETLB: Shared_Hugetlb
 * @MMSCOPE_SMAPS_A_PRIVATE_HUGETLB: Private_Hugetlb
 * @MMSCOPE_SMAPS_A_SWAP: Swap
 * @MMSCOPE_SMAPS_A_SWAP_PSS: SwapPss (fixed point)
 * @MMSCOPE_SMAPS_A_LOCKED: Locked (fixed point)
 * @MMSCOPE_SMAPS_A_THP_ELIGIBLE: u32, THPeligible (per VMA; absent when
 *	it cannot be computed on this kernel)
 * @MMSCOPE_SMAPS_A_PKEY: u32, ProtectionKey (per VMA; only when the
 *	kernel prints it, i.e. protection keys are enabled)
 * @MMSCOPE_SMAPS_A_RANGE_START: rollup: start of the first VMA
 * @MMSCOPE_SMAPS_A_RANGE_END: rollup: end of the last VMA
 * @__MMSCOPE_SMAPS_A_MAX: internal
 * @MMSCOPE_SMAPS_A_MAX: highest attribute number
 */
enum mmscope_smaps_attr {
	MMSCOPE_SMAPS_A_UNSPEC,
	MMSCOPE_SMAPS_A_PAD,
	MMSCOPE_SMAPS_A_SIZE,
	MMSCOPE_SMAPS_A_KERNEL_PAGE_SIZE,
	MMSCOPE_SMAPS_A_MMU_PAGE_SIZE,
	MMSCOPE_SMAPS_A_RSS,
	MMSCOPE_SMAPS_A_PSS,
	MMSCOPE_SMAPS_A_PSS_DIRTY,
	MMSCOPE_SMAPS_A_PSS_ANON,
	MMSCOPE_SMAPS_A_PSS_FILE,
	MMSCOPE_SMAPS_A_PSS_SHMEM,
	MMSCOPE_SMAPS_A_SHARED_CLEAN,
	MMSCOPE_SMAPS_A_SHARED_DIRTY,
	MMSCOPE_SMAPS_A_PRIVATE_CLEAN,
	MMSCOPE_SMAPS_A_PRIVATE_DIRTY,
	MMSCOPE_SMAPS_A_REFERENCED,
	MMSCOPE_SMAPS_A_ANONYMOUS,
	MMSCOPE_SMAPS_A_KSM,
	MMSCOPE_SMAPS_A_LAZYFREE,
	MMSCOPE_SMAPS_A_ANON_HUGE,
	MMSCOPE_SMAPS_A_SHMEM_PMD,
	MMSCOPE_SMAPS_A_FILE_PMD,
	MMSCOPE_SMAPS_A_SHARED_HUGETLB,
	MMSCOPE_SMAPS_A_PRIVATE_HUGETLB,
	MMSCOPE_SMAPS_A_SWAP,
	MMSCOPE_SMAPS_A_SWAP_PSS,
	MMSCOPE_SMAPS_A_LOCKED,
	MMSCOPE_SMAPS_A_THP_ELIGIBLE,
	MMSCOPE_SMAPS_A_PKEY,
	MMSCOPE_SMAPS_A_RANGE_START,
	MMSCOPE_SMAPS_A_RANGE_END,

	__MMSCOPE_SMAPS_A_MAX
};

#define MMSCOPE_SMAPS_A_MAX (__MMSCOPE_SMAPS_A_MAX - 1)

/**
 * enum mmscope_level - page-table levels (x86-64)
 * @MMSCOPE_LEVEL_PGD: top level (CR3)
 * @MMSCOPE_LEVEL_P4D: only with 5-level paging; folded into PGD otherwise
 * @MMSCOPE_LEVEL_PUD: 1 GiB per entry
 * @MMSCOPE_LEVEL_PMD: 2 MiB per entry
 * @MMSCOPE_LEVEL_PTE: 4 KiB per entry
 * @MMSCOPE_LEVEL_LEAVES: request only: the entries that map memory, at
 *	whatever level (the default)
 */
enum mmscope_level {
	MMSCOPE_LEVEL_PGD,
	MMSCOPE_LEVEL_P4D,
	MMSCOPE_LEVEL_PUD,
	MMSCOPE_LEVEL_PMD,
	MMSCOPE_LEVEL_PTE,
	MMSCOPE_LEVEL_LEAVES,
};

/**
 * enum mmscope_pte_kind - what an entry is (&struct mmscope_pt_entry.kind)
 * @MMSCOPE_PTE_NONE: empty
 * @MMSCOPE_PTE_PRESENT: maps memory (a leaf)
 * @MMSCOPE_PTE_PROTNONE: maps memory but PROT_NONE (or NUMA hinting):
 *	the hardware present bit is clear, the PFN is valid
 * @MMSCOPE_PTE_TABLE: points to a table of the next level
 * @MMSCOPE_PTE_SWAP: a swap entry (swap_type and swap_offset)
 * @MMSCOPE_PTE_MIGRATION: a migration entry (PFN of the page moving)
 * @MMSCOPE_PTE_DEVICE_PRIVATE: device private memory (PFN)
 * @MMSCOPE_PTE_DEVICE_EXCLUSIVE: device exclusive access (PFN)
 * @MMSCOPE_PTE_HWPOISON: a hardware-poisoned page (PFN)
 * @MMSCOPE_PTE_MARKER: a PTE marker (uffd-wp, poisoned, guard)
 * @MMSCOPE_PTE_BAD: anything else
 */
enum mmscope_pte_kind {
	MMSCOPE_PTE_NONE,
	MMSCOPE_PTE_PRESENT,
	MMSCOPE_PTE_PROTNONE,
	MMSCOPE_PTE_TABLE,
	MMSCOPE_PTE_SWAP,
	MMSCOPE_PTE_MIGRATION,
	MMSCOPE_PTE_DEVICE_PRIVATE,
	MMSCOPE_PTE_DEVICE_EXCLUSIVE,
	MMSCOPE_PTE_HWPOISON,
	MMSCOPE_PTE_MARKER,
	MMSCOPE_PTE_BAD,
};

/**
 * enum mmscope_pte_flag - decoded entry bits (&struct mmscope_pt_entry.flags); one
 * vocabulary for every level, the tool's text and its JSON
 * @MMSCOPE_PTE_F_PRESENT: hardware present bit
 * @MMSCOPE_PTE_F_RW: writable
 * @MMSCOPE_PTE_F_USER: user accessible
 * @MMSCOPE_PTE_F_PWT: write-through
 * @MMSCOPE_PTE_F_PCD: cache disabled
 * @MMSCOPE_PTE_F_ACCESSED: accessed (young)
 * @MMSCOPE_PTE_F_DIRTY: dirty (hardware or saved dirty)
 * @MMSCOPE_PTE_F_HUGE: PSE: a huge leaf at PMD/PUD level
 * @MMSCOPE_PTE_F_GLOBAL: global
 * @MMSCOPE_PTE_F_NX: no execute
 * @MMSCOPE_PTE_F_SOFT_DIRTY: soft-dirty (present or swap entry)
 * @MMSCOPE_PTE_F_UFFD_WP: userfaultfd write-protected (present or swap)
 * @MMSCOPE_PTE_F_PROTNONE: PROT_NONE / NUMA hinting entry
 * @MMSCOPE_PTE_F_SPECIAL: special (no struct page to count: zero page,
 *	PFN maps)
 * @MMSCOPE_PTE_F_DEVMAP: device memory mapping
 * @MMSCOPE_PTE_F_INVERTED: stored with inverted PFN bits (L1TF mitigation
 *	of non-present entries); the PFN and swap offset are decoded
 * @MMSCOPE_PTE_F_EXCLUSIVE: swap/migration entry of an exclusive
 *	anonymous page
 */
enum mmscope_pte_flag {
	MMSCOPE_PTE_F_PRESENT = 1 << 0,
	MMSCOPE_PTE_F_RW = 1 << 1,
	MMSCOPE_PTE_F_USER = 1 << 2,
	MMSCOPE_PTE_F_PWT = 1 << 3,
	MMSCOPE_PTE_F_PCD = 1 << 4,
	MMSCOPE_PTE_F_ACCESSED = 1 << 5,
	MMSCOPE_PTE_F_DIRTY = 1 << 6,
	MMSCOPE_PTE_F_HUGE = 1 << 7,
	MMSCOPE_PTE_F_GLOBAL = 1 << 8,
	MMSCOPE_PTE_F_NX = 1 << 9,
	MMSCOPE_PTE_F_SOFT_DIRTY = 1 << 10,
	MMSCOPE_PTE_F_UFFD_WP = 1 << 11,
	MMSCOPE_PTE_F_PROTNONE = 1 << 12,
	MMSCOPE_PTE_F_SPECIAL = 1 << 13,
	MMSCOPE_PTE_F_DEVMAP = 1 << 14,
	MMSCOPE_PTE_F_INVERTED = 1 << 15,
	MMSCOPE_PTE_F_EXCLUSIVE = 1 << 16,
};

/**
 * enum mmscope_page_flag - struct page / folio state (page_flags)
 * @MMSCOPE_PAGE_F_ANON: anonymous
 * @MMSCOPE_PAGE_F_KSM: merged by KSM
 * @MMSCOPE_PAGE_F_LRU: on an LRU list
 * @MMSCOPE_PAGE_F_ACTIVE: on the active list
 * @MMSCOPE_PAGE_F_REFERENCED: referenced
 * @MMSCOPE_PAGE_F_DIRTY: dirty
 * @MMSCOPE_PAGE_F_WRITEBACK: under writeback
 * @MMSCOPE_PAGE_F_SWAPBACKED: swap backed (anonymous or shmem)
 * @MMSCOPE_PAGE_F_SWAPCACHE: in the swap cache
 * @MMSCOPE_PAGE_F_MLOCKED: mlocked
 * @MMSCOPE_PAGE_F_UNEVICTABLE: unevictable
 * @MMSCOPE_PAGE_F_HEAD: head page of a large folio
 * @MMSCOPE_PAGE_F_TAIL: tail page of a large folio
 * @MMSCOPE_PAGE_F_ZERO: the shared zero page
 * @MMSCOPE_PAGE_F_HUGE_ZERO: the huge zero page
 * @MMSCOPE_PAGE_F_ANON_EXCLUSIVE: anonymous and exclusive to one mm
 *	(PageAnonExclusive): no COW pending
 * @MMSCOPE_PAGE_F_HUGETLB: a hugetlb page
 * @MMSCOPE_PAGE_F_RESERVED: reserved (kernel-owned, e.g. vdso)
 */
enum mmscope_page_flag {
	MMSCOPE_PAGE_F_ANON = 1 << 0,
	MMSCOPE_PAGE_F_KSM = 1 << 1,
	MMSCOPE_PAGE_F_LRU = 1 << 2,
	MMSCOPE_PAGE_F_ACTIVE = 1 << 3,
	MMSCOPE_PAGE_F_REFERENCED = 1 << 4,
	MMSCOPE_PAGE_F_DIRTY = 1 << 5,
	MMSCOPE_PAGE_F_WRITEBACK = 1 << 6,
	MMSCOPE_PAGE_F_SWAPBACKED = 1 << 7,
	MMSCOPE_PAGE_F_SWAPCACHE = 1 << 8,
	MMSCOPE_PAGE_F_MLOCKED = 1 << 9,
	MMSCOPE_PAGE_F_UNEVICTABLE = 1 << 10,
	MMSCOPE_PAGE_F_HEAD = 1 << 11,
	MMSCOPE_PAGE_F_TAIL = 1 << 12,
	MMSCOPE_PAGE_F_ZERO = 1 << 13,
	MMSCOPE_PAGE_F_HUGE_ZERO = 1 << 14,
	MMSCOPE_PAGE_F_ANON_EXCLUSIVE = 1 << 15,
	MMSCOPE_PAGE_F_HUGETLB = 1 << 16,
	MMSCOPE_PAGE_F_RESERVED = 1 << 17,
};

/**
 * enum mmscope_pt_has - bits of &struct mmscope_pt_entry.has: which of its
 * optional fields hold a value
 * @MMSCOPE_PT_HAS_PFN: @pfn: the page frame the entry points to (memory,
 *	or the next table)
 * @MMSCOPE_PT_HAS_PKEY: @pkey: protection key of a present leaf
 * @MMSCOPE_PT_HAS_SWAP: @swap_type and @swap_offset of a swap entry
 * @MMSCOPE_PT_HAS_PAGE: the page_* fields: the struct page behind it
 * @MMSCOPE_PT_HAS_TABLE: vtop: @table_phys and @index
 * @MMSCOPE_PT_HAS_PHYS: vtop: @phys, on the leaf
 * @MMSCOPE_PT_PAGE_SHARED: the page is anonymous and mapped more than
 *	once: shared with another mm, copy on write pending
 */
enum mmscope_pt_has {
	MMSCOPE_PT_HAS_PFN = 1 << 0,
	MMSCOPE_PT_HAS_PKEY = 1 << 1,
	MMSCOPE_PT_HAS_SWAP = 1 << 2,
	MMSCOPE_PT_HAS_PAGE = 1 << 3,
	MMSCOPE_PT_HAS_TABLE = 1 << 4,
	MMSCOPE_PT_HAS_PHYS = 1 << 5,
	MMSCOPE_PT_PAGE_SHARED = 1 << 6,
};

/**
 * struct mmscope_pt_entry - one page-table entry, or a run of them
 *
 * The payload of %MMSCOPE_A_PT (binary, host-endian): page-table dumps
 * carry hundreds of thousands of these, so they are one fixed structure
 * rather than nested attributes.  A reader must accept a payload longer
 * than the structure it knows (later versions may append fields).
 *
 * @start: first virtual address the record covers
 * @end: first address past it
 * @entry: the raw entry (of the first, for a run)
 * @count: entries in the record (1 unless compact)
 * @pfn: see %MMSCOPE_PT_HAS_PFN
 * @swap_offset: see %MMSCOPE_PT_HAS_SWAP
 * @table_phys: vtop: physical address of the table holding the entry
 * @phys: vtop: the physical address the virtual address maps to
 * @level: &enum mmscope_level
 * @kind: &enum mmscope_pte_kind
 * @flags: &enum mmscope_pte_flag bits
 * @has: &enum mmscope_pt_has bits
 * @pkey: see %MMSCOPE_PT_HAS_PKEY
 * @swap_type: see %MMSCOPE_PT_HAS_SWAP
 * @index: vtop: index of the entry in its table
 * @page_flags: &enum mmscope_page_flag bits
 * @page_order: order of the page's folio (0: a single page)
 * @page_mapcount: the page's precise mapcount, as smaps uses it
 * @page_refcount: the folio's reference count
 * @reserved: zero
 */
struct mmscope_pt_entry {
	__u64 start;
	__u64 end;
	__u64 entry;
	__u64 count;
	__u64 pfn;
	__u64 swap_offset;
	__u64 table_phys;
	__u64 phys;
	__u32 level;
	__u32 kind;
	__u32 flags;
	__u32 has;
	__u32 pkey;
	__u32 swap_type;
	__u32 index;
	__u32 page_flags;
	__u32 page_order;
	__u32 page_mapcount;
	__u32 page_refcount;
	__u32 reserved;
};

/* Buckets of the occupancy histogram: entries used 0, 1, 2-3, ... 512. */
#define MMSCOPE_PTSTAT_BUCKETS	11

/**
 * enum mmscope_ptstat_attr - one level in %MMSCOPE_CMD_PT_STATS
 * @MMSCOPE_PTSTAT_A_UNSPEC: never used
 * @MMSCOPE_PTSTAT_A_PAD: padding
 * @MMSCOPE_PTSTAT_A_LEVEL: u32, &enum mmscope_level
 * @MMSCOPE_PTSTAT_A_TABLES: u64, tables of this level
 * @MMSCOPE_PTSTAT_A_ENTRIES: u64, entries in use (not none) in them
 * @MMSCOPE_PTSTAT_A_BYTES: u64, bytes of those tables
 * @MMSCOPE_PTSTAT_A_LEAVES: u64, entries that map memory directly
 * @MMSCOPE_PTSTAT_A_HIST: binary, %MMSCOPE_PTSTAT_BUCKETS u64 counts:
 *	tables with 0, 1, 2-3, 4-7, ... 256-511, 512 entries in use
 * @MMSCOPE_PTSTAT_A_DEPOSITED: u64, PTE level: PTE tables the kernel
 *	keeps deposited under anonymous THP mappings (to split them later
 *	without allocating); not in any walk, but counted in VmPTE
 * @__MMSCOPE_PTSTAT_A_MAX: internal
 * @MMSCOPE_PTSTAT_A_MAX: highest attribute number
 */
enum mmscope_ptstat_attr {
	MMSCOPE_PTSTAT_A_UNSPEC,
	MMSCOPE_PTSTAT_A_PAD,
	MMSCOPE_PTSTAT_A_LEVEL,
	MMSCOPE_PTSTAT_A_TABLES,
	MMSCOPE_PTSTAT_A_ENTRIES,
	MMSCOPE_PTSTAT_A_BYTES,
	MMSCOPE_PTSTAT_A_LEAVES,
	MMSCOPE_PTSTAT_A_HIST,
	MMSCOPE_PTSTAT_A_DEPOSITED,

	__MMSCOPE_PTSTAT_A_MAX
};

#define MMSCOPE_PTSTAT_A_MAX (__MMSCOPE_PTSTAT_A_MAX - 1)

/* Most trace sessions at once, and most pids one session may name. */
#define MMSCOPE_MAX_SESSIONS	16
#define MMSCOPE_MAX_TRACE_PIDS	64

/**
 * enum mmscope_hook - bits of %MMSCOPE_INFO_A_HOOKS
 * @MMSCOPE_HOOK_FAULT: kretprobe on handle_mm_fault
 * @MMSCOPE_HOOK_SIGNAL: tracepoint signal:signal_generate (faults that end
 *	in SIGSEGV/SIGBUS before reaching handle_mm_fault) and
 *	exceptions:page_fault_user (their start time)
 * @MMSCOPE_HOOK_TLB: tracepoint tlb:tlb_flush and sched:sched_switch (to
 *	know the address space a task switch flushes for)
 * @MMSCOPE_HOOK_TLB_REQ: kprobes on flush_tlb_mm_range and
 *	native_flush_tlb_multi
 * @MMSCOPE_HOOK_MMDROP: kprobe on __mmdrop (counters of an address space
 *	end with it)
 */
enum mmscope_hook {
	MMSCOPE_HOOK_FAULT = 1 << 0,
	MMSCOPE_HOOK_SIGNAL = 1 << 1,
	MMSCOPE_HOOK_TLB = 1 << 2,
	MMSCOPE_HOOK_TLB_REQ = 1 << 3,
	MMSCOPE_HOOK_MMDROP = 1 << 4,
};

/**
 * enum mmscope_fault_class - what a page fault did
 * @MMSCOPE_FAULT_OTHER: nothing visible: the entry was already there
 *	(spurious, another thread was faster), NUMA hinting, migration wait,
 *	special mappings
 * @MMSCOPE_FAULT_ANON: a new anonymous page (first touch, or a write to
 *	the zero page is %MMSCOPE_FAULT_COW)
 * @MMSCOPE_FAULT_ZERO: the shared zero page mapped for a read
 * @MMSCOPE_FAULT_FILE_CACHE: a file page found in the page cache
 * @MMSCOPE_FAULT_FILE_READ: a file page read from storage (major)
 * @MMSCOPE_FAULT_SWAPIN: a page brought back from swap (major when read
 *	from the device, minor when still in the swap cache)
 * @MMSCOPE_FAULT_COW: a write that copied the page (fork, private file
 *	mapping, the zero page)
 * @MMSCOPE_FAULT_WP_REUSE: a write to a write-protected page that was
 *	made writable in place (no copy)
 * @MMSCOPE_FAULT_SHARED: a page of shared memory (shmem, tmpfs, SysV,
 *	MAP_SHARED|MAP_ANONYMOUS)
 * @MMSCOPE_FAULT_THP: a transparent huge page mapped at PMD level
 * @MMSCOPE_FAULT_HUGETLB: a fault in a hugetlb mapping
 * @MMSCOPE_FAULT_ERROR: the fault failed: SIGSEGV, SIGBUS, OOM, poison
 *	(&enum mmscope_fault_error says which)
 * @MMSCOPE_FAULT_NR_CLASSES: number of classes
 */
enum mmscope_fault_class {
	MMSCOPE_FAULT_OTHER,
	MMSCOPE_FAULT_ANON,
	MMSCOPE_FAULT_ZERO,
	MMSCOPE_FAULT_FILE_CACHE,
	MMSCOPE_FAULT_FILE_READ,
	MMSCOPE_FAULT_SWAPIN,
	MMSCOPE_FAULT_COW,
	MMSCOPE_FAULT_WP_REUSE,
	MMSCOPE_FAULT_SHARED,
	MMSCOPE_FAULT_THP,
	MMSCOPE_FAULT_HUGETLB,
	MMSCOPE_FAULT_ERROR,

	MMSCOPE_FAULT_NR_CLASSES
};

#define MMSCOPE_FAULT_CLASSES_ALL	((1U << MMSCOPE_FAULT_NR_CLASSES) - 1)

/**
 * enum mmscope_fault_error - why a fault of class %MMSCOPE_FAULT_ERROR failed
 * @MMSCOPE_FERR_NONE: not an error
 * @MMSCOPE_FERR_MAPERR: SIGSEGV, no VMA at the address (SEGV_MAPERR)
 * @MMSCOPE_FERR_ACCERR: SIGSEGV, the VMA forbids the access (SEGV_ACCERR)
 * @MMSCOPE_FERR_PKUERR: SIGSEGV, a protection key forbids it (SEGV_PKUERR)
 * @MMSCOPE_FERR_SIGSEGV: handle_mm_fault returned VM_FAULT_SIGSEGV
 * @MMSCOPE_FERR_SIGBUS: SIGBUS (e.g. past the end of a mapped file)
 * @MMSCOPE_FERR_OOM: out of memory
 * @MMSCOPE_FERR_HWPOISON: a poisoned page
 */
enum mmscope_fault_error {
	MMSCOPE_FERR_NONE,
	MMSCOPE_FERR_MAPERR,
	MMSCOPE_FERR_ACCERR,
	MMSCOPE_FERR_PKUERR,
	MMSCOPE_FERR_SIGSEGV,
	MMSCOPE_FERR_SIGBUS,
	MMSCOPE_FERR_OOM,
	MMSCOPE_FERR_HWPOISON,
};

/**
 * enum mmscope_fault_access - the access that faulted
 * @MMSCOPE_ACCESS_READ: a read
 * @MMSCOPE_ACCESS_WRITE: a write
 * @MMSCOPE_ACCESS_EXEC: an instruction fetch
 */
enum mmscope_fault_access {
	MMSCOPE_ACCESS_READ,
	MMSCOPE_ACCESS_WRITE,
	MMSCOPE_ACCESS_EXEC,
};

/**
 * enum mmscope_fault_mode - where the fault came from
 * @MMSCOPE_MODE_USER: user mode
 * @MMSCOPE_MODE_KERNEL: kernel mode touching user memory (copy_to_user...)
 * @MMSCOPE_MODE_GUP: get_user_pages() and friends (no trap at all)
 */
enum mmscope_fault_mode {
	MMSCOPE_MODE_USER,
	MMSCOPE_MODE_KERNEL,
	MMSCOPE_MODE_GUP,
};

/**
 * enum mmscope_fault_flag - bits of &struct mmscope_fault_event flags
 * @MMSCOPE_FAULTF_MAJOR: a major fault, as /proc/PID/stat counts it (the
 *	last try said VM_FAULT_MAJOR, or an earlier try had to wait)
 * @MMSCOPE_FAULTF_RETRIED: handle_mm_fault was entered more than once for
 *	this fault (VM_FAULT_RETRY); the latency covers every try
 * @MMSCOPE_FAULTF_NO_VMA: the VMA fields are not known (the fault failed
 *	before a VMA was found)
 * @MMSCOPE_FAULTF_NO_LATENCY: the latency is not known
 * @MMSCOPE_FAULTF_REMOTE: the faulting task is not in the process that
 *	owns the memory (get_user_pages on another process)
 */
enum mmscope_fault_flag {
	MMSCOPE_FAULTF_MAJOR = 1 << 0,
	MMSCOPE_FAULTF_RETRIED = 1 << 1,
	MMSCOPE_FAULTF_NO_VMA = 1 << 2,
	MMSCOPE_FAULTF_NO_LATENCY = 1 << 3,
	MMSCOPE_FAULTF_REMOTE = 1 << 4,
};

/**
 * enum mmscope_trace_flag - bits of %MMSCOPE_A_TRACE_FLAGS
 * @MMSCOPE_TRACE_F_MAJOR: only major faults
 * @MMSCOPE_TRACE_F_KERNEL: also faults taken in kernel mode and by
 *	get_user_pages (by default only user-mode faults are sent)
 * @MMSCOPE_TRACE_F_TLB: also TLB flush requests (&struct mmscope_tlb_event)
 *	made by, or for, the traced processes
 * @MMSCOPE_TRACE_F_NO_FAULTS: no fault events (with %MMSCOPE_TRACE_F_TLB:
 *	only TLB flushes)
 */
enum mmscope_trace_flag {
	MMSCOPE_TRACE_F_MAJOR = 1 << 0,
	MMSCOPE_TRACE_F_KERNEL = 1 << 1,
	MMSCOPE_TRACE_F_TLB = 1 << 2,
	MMSCOPE_TRACE_F_NO_FAULTS = 1 << 3,
};

#define MMSCOPE_TRACE_F_ALL	(MMSCOPE_TRACE_F_MAJOR | MMSCOPE_TRACE_F_KERNEL | \
				 MMSCOPE_TRACE_F_TLB | MMSCOPE_TRACE_F_NO_FAULTS)

/**
 * struct mmscope_fault_event - one page fault (%MMSCOPE_A_FAULT, binary)
 *
 * A fault is one event however many times handle_mm_fault was entered for
 * it (VM_FAULT_RETRY).  A reader must accept a payload longer than the
 * structure it knows.
 *
 * @time_ns: CLOCK_MONOTONIC when the fault began
 * @latency_ns: time spent handling it (every try)
 * @address: the faulting user address
 * @ip: the faulting instruction, for user-mode faults (0 otherwise: no
 *	kernel address is ever sent)
 * @vma_start: the VMA (see %MMSCOPE_FAULTF_NO_VMA)
 * @vma_end: first address past the VMA
 * @vma_pgoff: file offset of vma_start, in bytes
 * @pid: process (thread group) id, in the session's pid namespace
 * @tid: thread id, likewise
 * @cpu: CPU where the fault ended
 * @fclass: &enum mmscope_fault_class
 * @flags: &enum mmscope_fault_flag bits
 * @access: &enum mmscope_fault_access
 * @mode: &enum mmscope_fault_mode
 * @vma_perms: &enum mmscope_vma_perm bits
 * @vma_kind: &enum mmscope_vma_kind
 * @error: &enum mmscope_fault_error
 * @comm: the thread's name
 * @vma_name: the file name (last component) or [heap], [stack],
 *	[anon:...], [vdso]...; empty for anonymous memory
 */
struct mmscope_fault_event {
	__u64 time_ns;
	__u64 latency_ns;
	__u64 address;
	__u64 ip;
	__u64 vma_start;
	__u64 vma_end;
	__u64 vma_pgoff;
	__u32 pid;
	__u32 tid;
	__u32 cpu;
	__u32 fclass;
	__u32 flags;
	__u32 access;
	__u32 mode;
	__u32 vma_perms;
	__u32 vma_kind;
	__u32 error;
	char comm[16];
	char vma_name[64];
};

/**
 * enum mmscope_tlb_flag - bits of &struct mmscope_tlb_event flags
 * @MMSCOPE_TLBF_FULL: the whole address space is flushed (the range was
 *	TLB_FLUSH_ALL or longer than the kernel's single-page ceiling)
 * @MMSCOPE_TLBF_FREED_TABLES: page tables were freed (every CPU of the mm
 *	gets an IPI, lazy ones too)
 */
enum mmscope_tlb_flag {
	MMSCOPE_TLBF_FULL = 1 << 0,
	MMSCOPE_TLBF_FREED_TABLES = 1 << 1,
};

/**
 * struct mmscope_tlb_event - one TLB flush request (%MMSCOPE_A_TLB, binary)
 *
 * A call of flush_tlb_mm_range(): who asked, for which address space, how
 * much, and how many other CPUs the address space is loaded on (each of
 * them is sent an IPI unless it is in lazy TLB mode).
 *
 * @time_ns: CLOCK_MONOTONIC
 * @start: first user address of the range (0 for a full flush)
 * @end: first address past it (0 for a full flush)
 * @pages: base pages in the range (0 for a full flush)
 * @pid: the asking process, in the session's pid namespace
 * @tid: the asking thread
 * @cpu: the asking CPU
 * @target_pid: the process that owns the flushed address space (0 when
 *	not known)
 * @cpus: other CPUs in the address space's CPU mask
 * @flags: &enum mmscope_tlb_flag bits
 * @stride_shift: log2 of the stride (12, or 21 for PMD-sized entries)
 * @reserved: zero
 * @comm: the asking thread's name
 */
struct mmscope_tlb_event {
	__u64 time_ns;
	__u64 start;
	__u64 end;
	__u64 pages;
	__u32 pid;
	__u32 tid;
	__u32 cpu;
	__u32 target_pid;
	__u32 cpus;
	__u32 flags;
	__u32 stride_shift;
	__u32 reserved;
	char comm[16];
};

/**
 * enum mmscope_stats_attr - totals of a trace session (%MMSCOPE_A_TRACE_STATS)
 * @MMSCOPE_STATS_A_UNSPEC: never used
 * @MMSCOPE_STATS_A_PAD: padding
 * @MMSCOPE_STATS_A_EVENTS: u64, events sent
 * @MMSCOPE_STATS_A_DROPS: u64, events lost because a per-CPU ring was full
 *	(the reader or the sending worker fell behind)
 * @MMSCOPE_STATS_A_SOCK_DROPS: u64, events lost because the socket's
 *	receive buffer was full
 * @MMSCOPE_STATS_A_MISSED: u64, faults the handle_mm_fault hook could not
 *	follow since the session started (every instance busy)
 * @__MMSCOPE_STATS_A_MAX: internal
 * @MMSCOPE_STATS_A_MAX: highest attribute number
 */
enum mmscope_stats_attr {
	MMSCOPE_STATS_A_UNSPEC,
	MMSCOPE_STATS_A_PAD,
	MMSCOPE_STATS_A_EVENTS,
	MMSCOPE_STATS_A_DROPS,
	MMSCOPE_STATS_A_SOCK_DROPS,
	MMSCOPE_STATS_A_MISSED,

	__MMSCOPE_STATS_A_MAX
};

#define MMSCOPE_STATS_A_MAX (__MMSCOPE_STATS_A_MAX - 1)

/**
 * enum mmscope_tlb_reason - TLB flushes by reason (the tlb_flush tracepoint)
 * @MMSCOPE_TLB_TASK_SWITCH: flushed when switching to a task of the
 *	address space (its ASID was stale)
 * @MMSCOPE_TLB_REMOTE_SHOOTDOWN: flushed on a CPU because another CPU asked
 *	(IPI received)
 * @MMSCOPE_TLB_LOCAL_SHOOTDOWN: flushed locally without an address space
 *	(kernel or batched flushes)
 * @MMSCOPE_TLB_LOCAL_MM_SHOOTDOWN: flushed locally for the address space
 * @MMSCOPE_TLB_SEND_IPI: flushes for which other CPUs were sent IPIs
 * @MMSCOPE_TLB_NR_REASONS: number of reasons
 */
enum mmscope_tlb_reason {
	MMSCOPE_TLB_TASK_SWITCH,
	MMSCOPE_TLB_REMOTE_SHOOTDOWN,
	MMSCOPE_TLB_LOCAL_SHOOTDOWN,
	MMSCOPE_TLB_LOCAL_MM_SHOOTDOWN,
	MMSCOPE_TLB_SEND_IPI,

	MMSCOPE_TLB_NR_REASONS
};

/* Buckets of the fault latency histogram: [0] < 2 ns, [i] 2^i .. 2^(i+1) - 1 ns. */
#define MMSCOPE_LAT_BUCKETS	40

/**
 * struct mmscope_counters - faults and TLB flushes of one address space
 *
 * The payload of %MMSCOPE_A_COUNTERS.  Counts start when counting is
 * turned on, or when the address space is created (exec, fork) while it
 * is on, whichever is later (@since_ns).  Faults are charged to the
 * process of the faulting task, as /proc/PID/stat charges them: @minor and
 * @major move exactly as its minflt and majflt fields.  A reader must
 * accept a payload longer than the structure it knows.
 *
 * @since_ns: CLOCK_MONOTONIC when these counts began
 * @minor: completed faults that were minor (as /proc/PID/stat minflt)
 * @major: completed faults that were major (as majflt)
 * @errors: faults that failed (SIGSEGV, SIGBUS, OOM)
 * @retries: VM_FAULT_RETRY returns (not faults: a fault that retried is
 *	counted once, when it completes)
 * @kernel: faults taken in kernel mode (included in minor/major)
 * @gup: faults taken by get_user_pages (included in minor/major)
 * @latency_sum_ns: sum of the latencies of the faults
 * @by_class: faults by &enum mmscope_fault_class
 * @latency: log2 histogram of fault latencies (%MMSCOPE_LAT_BUCKETS)
 * @tlb: TLB flushes of this address space by &enum mmscope_tlb_reason
 *	(%MMSCOPE_TLB_SEND_IPI: flush requests that sent IPIs)
 * @tlb_ipi_cpus: CPUs those IPI flushes were sent to, in all
 * @tlb_requests: flush requests (flush_tlb_mm_range) for this address space
 * @tlb_full: requests that flush everything
 * @tlb_ranged: requests that flush a range of pages
 * @tlb_pages: base pages in the ranged requests
 * @tlb_initiated: flush requests made by this process's threads (for any
 *	address space)
 */
struct mmscope_counters {
	__u64 since_ns;
	__u64 minor;
	__u64 major;
	__u64 errors;
	__u64 retries;
	__u64 kernel;
	__u64 gup;
	__u64 latency_sum_ns;
	__u64 by_class[16];
	__u64 latency[MMSCOPE_LAT_BUCKETS];
	__u64 tlb[8];
	__u64 tlb_ipi_cpus;
	__u64 tlb_requests;
	__u64 tlb_full;
	__u64 tlb_ranged;
	__u64 tlb_pages;
	__u64 tlb_initiated;
};

/**
 * enum mmscope_ctl_flag - bits of %MMSCOPE_A_CTL_FLAGS
 * @MMSCOPE_CTL_F_ENABLE: turn counting on until turned off
 * @MMSCOPE_CTL_F_DISABLE: turn it off (holds of open sockets remain)
 * @MMSCOPE_CTL_F_HOLD: keep counting on while the asking socket is open
 * @MMSCOPE_CTL_F_RESET: forget every count
 */
enum mmscope_ctl_flag {
	MMSCOPE_CTL_F_ENABLE = 1 << 0,
	MMSCOPE_CTL_F_DISABLE = 1 << 1,
	MMSCOPE_CTL_F_HOLD = 1 << 2,
	MMSCOPE_CTL_F_RESET = 1 << 3,
};

#define MMSCOPE_CTL_F_ALL	(MMSCOPE_CTL_F_ENABLE | MMSCOPE_CTL_F_DISABLE | \
				 MMSCOPE_CTL_F_HOLD | MMSCOPE_CTL_F_RESET)

/**
 * enum mmscope_counting_attr - counting state (%MMSCOPE_A_COUNTING)
 * @MMSCOPE_COUNTING_A_UNSPEC: never used
 * @MMSCOPE_COUNTING_A_PAD: padding
 * @MMSCOPE_COUNTING_A_ON: u32, 1 while counting
 * @MMSCOPE_COUNTING_A_ENABLED: u32, 1 when turned on until turned off
 *	(command or module parameter)
 * @MMSCOPE_COUNTING_A_HOLDERS: u32, open sockets holding counting on
 * @MMSCOPE_COUNTING_A_ENTRIES: u32, address spaces counted now
 * @MMSCOPE_COUNTING_A_CAPACITY: u32, most address spaces counted at once
 * @MMSCOPE_COUNTING_A_UNTRACKED: u64, events not counted because every
 *	entry was in use
 * @__MMSCOPE_COUNTING_A_MAX: internal
 * @MMSCOPE_COUNTING_A_MAX: highest attribute number
 */
enum mmscope_counting_attr {
	MMSCOPE_COUNTING_A_UNSPEC,
	MMSCOPE_COUNTING_A_PAD,
	MMSCOPE_COUNTING_A_ON,
	MMSCOPE_COUNTING_A_ENABLED,
	MMSCOPE_COUNTING_A_HOLDERS,
	MMSCOPE_COUNTING_A_ENTRIES,
	MMSCOPE_COUNTING_A_CAPACITY,
	MMSCOPE_COUNTING_A_UNTRACKED,

	__MMSCOPE_COUNTING_A_MAX
};

#define MMSCOPE_COUNTING_A_MAX (__MMSCOPE_COUNTING_A_MAX - 1)

#endif /* _UAPI_LINUX_MMSCOPE_H */

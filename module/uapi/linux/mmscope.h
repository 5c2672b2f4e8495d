/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/mmscope.yaml */
/* YNL-GEN uapi header */
/* To regenerate run: tools/net/ynl/ynl-regen.sh */

#ifndef _UAPI_LINUX_MMSCOPE_H
#define _UAPI_LINUX_MMSCOPE_H

#define MMSCOPE_GENL_NAME	"mmscope"
#define MMSCOPE_GENL_VERSION	4

#define MMSCOPE_PID_MAX			4194304
#define MMSCOPE_PSS_SHIFT_BITS		12
#define MMSCOPE_PTSTAT_BUCKETS		11
#define MMSCOPE_MAX_SESSIONS		16
#define MMSCOPE_MAX_TRACE_PIDS		64
#define MMSCOPE_LAT_BUCKETS		40
#define MMSCOPE_FAULT_NR_CLASSES	12
#define MMSCOPE_TLB_NR_REASONS		5

/**
 * enum mmscope_req_flag - bits of %MMSCOPE_A_FLAGS
 * @MMSCOPE_REQ_F_SMAPS: %MMSCOPE_CMD_VMA_GET: add the smaps figures
 *   (%MMSCOPE_VMA_A_SMAPS) and the VmFlags mnemonics
 * @MMSCOPE_REQ_F_DETAILS: %MMSCOPE_CMD_VMA_GET: add what /proc/PID/maps does
 *   not show: %MMSCOPE_VMA_A_VM_FLAGS, %MMSCOPE_VMA_A_VMFLAGS,
 *   %MMSCOPE_VMA_A_KIND, %MMSCOPE_VMA_A_ANON_VMA, %MMSCOPE_VMA_A_OPS,
 *   %MMSCOPE_VMA_A_FAULT. Without it a VMA carries only what maps prints,
 *   which keeps large dumps cheap.
 * @MMSCOPE_REQ_F_NONPRESENT: %MMSCOPE_CMD_PT_GET: also entries that map
 *   nothing now: swap, migration, device, marker entries, and empty (none)
 *   entries inside existing tables
 * @MMSCOPE_REQ_F_PAGE: %MMSCOPE_CMD_PT_GET: add the struct page details
 *   (%MMSCOPE_PT_HAS_PAGE) of every entry that maps a page
 * @MMSCOPE_REQ_F_COMPACT: %MMSCOPE_CMD_PT_GET: coalesce adjacent entries of
 *   one level with the same kind and flags into one record (as ptdump does);
 *   PFN and page details then describe the first entry
 * @MMSCOPE_REQ_F_RECORDS: %MMSCOPE_CMD_VMA_GET: each VMA as one
 *   %MMSCOPE_A_VMA_REC (&struct mmscope_vma_rec and its strings) followed,
 *   with %MMSCOPE_REQ_F_SMAPS, by one %MMSCOPE_A_SMAPS_REC (&struct
 *   mmscope_smaps_rec and its figures), several VMAs to a message, instead of
 *   one %MMSCOPE_A_VMA nest a message: the same facts in a few attributes
 *   rather than a dozen or more, which is most of what a large dump costs.
 *   What mmscope's own tool asks for.
 * @MMSCOPE_REQ_F_MAPS_RECORDS: %MMSCOPE_CMD_VMA_GET: each VMA as one
 *   %MMSCOPE_A_MAPS_REC (&struct mmscope_maps_rec and its name), several VMAs
 *   to a message: only what /proc/PID/maps prints, in 40 bytes and the name
 *   where %MMSCOPE_REQ_F_RECORDS takes 88. Refused with %MMSCOPE_REQ_F_SMAPS
 *   or %MMSCOPE_REQ_F_DETAILS, whose facts it has no room for. What mmscope's
 *   own tool asks for a plain maps dump.
 */
enum mmscope_req_flag {
	MMSCOPE_REQ_F_SMAPS = 1,
	MMSCOPE_REQ_F_DETAILS = 2,
	MMSCOPE_REQ_F_NONPRESENT = 4,
	MMSCOPE_REQ_F_PAGE = 8,
	MMSCOPE_REQ_F_COMPACT = 16,
	MMSCOPE_REQ_F_RECORDS = 32,
	MMSCOPE_REQ_F_MAPS_RECORDS = 64,

	/* private: */
	MMSCOPE_REQ_F_MASK = 127,
};

/**
 * enum mmscope_feature - bits of %MMSCOPE_INFO_A_FEATURES
 * @MMSCOPE_FEAT_TASK: %MMSCOPE_CMD_TASK_GET
 * @MMSCOPE_FEAT_MAPS: %MMSCOPE_CMD_VMA_GET with names, flags, kinds, ops
 * @MMSCOPE_FEAT_GATE: the gate area ([vsyscall]) can be reported; without it a
 *   kernel booted with vsyscall=emulate|xonly would show one line in
 *   /proc/PID/maps that mmscope cannot
 * @MMSCOPE_FEAT_SMAPS: %MMSCOPE_REQ_F_SMAPS and %MMSCOPE_CMD_ROLLUP_GET
 * @MMSCOPE_FEAT_THP_ELIGIBLE: THPeligible can be computed (the kernel's THP
 *   settings were found); without it %MMSCOPE_SMAPS_A_THP_ELIGIBLE is absent
 * @MMSCOPE_FEAT_SWAP_PSS: swap counts can be read; without it
 *   %MMSCOPE_SMAPS_A_SWAP_PSS is never sent and SwapPss is unavailable (7.x
 *   keeps swap counts in a table private to mm/)
 * @MMSCOPE_FEAT_PT: %MMSCOPE_CMD_PT_GET, %MMSCOPE_CMD_VTOP,
 *   %MMSCOPE_CMD_PT_STATS
 * @MMSCOPE_FEAT_FAULTS: fault tracing and counting (the handle_mm_fault hook
 *   can be registered)
 * @MMSCOPE_FEAT_TLB: TLB flush counting and tracing (the tlb_flush tracepoint
 *   and the flush hooks can be registered)
 * @MMSCOPE_FEAT_ANON_EXCLUSIVE: the kernel marks anonymous pages mapped
 *   exclusively (PageAnonExclusive, 5.19+); without it
 *   %MMSCOPE_PAGE_F_ANON_EXCLUSIVE and %MMSCOPE_PTE_F_EXCLUSIVE are never set,
 *   which then says nothing about the page
 * @MMSCOPE_FEAT_ATTR_MISS: a refusal for a missing attribute also names it in
 *   NLMSGERR_ATTR_MISS_TYPE (the kernel's netlink has it from 6.0); without it
 *   only the ext-ack message says which
 * @MMSCOPE_FEAT_DUMP_ERR_ATTR: a refused dump request (%MMSCOPE_CMD_VMA_GET,
 *   %MMSCOPE_CMD_PT_GET) names the offending attribute in its NLMSG_DONE
 *   (NLMSGERR_ATTR_OFFS, and NLMSGERR_ATTR_MISS_TYPE with
 *   %MMSCOPE_FEAT_ATTR_MISS), as a doit ack does; before 6.2 a dump's
 *   NLMSG_DONE carries only the message. Attributes are parsed after the
 *   permission check, never by genetlink before it.
 * @MMSCOPE_FEAT_DUMP_CONSISTENT: a %MMSCOPE_CMD_VMA_GET or %MMSCOPE_CMD_PT_GET
 *   dump whose target was write-locked (its mappings may have changed) between
 *   the dump's first hold of mmap_lock and a message carries NLM_F_DUMP_INTR
 *   on that message: an answer without it on any message saw one state of the
 *   mappings throughout (page contents and counts still move, as in /proc).
 *   Without it (before the per-VMA lock sequence) the kernel counts no such
 *   changes and NLM_F_DUMP_INTR is never set, which then says nothing.
 * @MMSCOPE_FEAT_CPU_TLB_GEN: %MMSCOPE_CMD_CPUS_GET reports the TLB generation
 *   each CPU has flushed up to (%MMSCOPE_CPU_A_TLB_GEN_SEEN, read from the
 *   CPU's own TLB state, which the kernel does not export: found by name and
 *   checked against the CPU's page-table root); and whether a CPU is in lazy
 *   TLB mode on 5.10 (later kernels export it)
 * @MMSCOPE_FEAT_VMA_LOCK: smaps (%MMSCOPE_CMD_VMA_GET with
 *   %MMSCOPE_REQ_F_SMAPS), the rollup and %MMSCOPE_CMD_PT_GET hold each VMA
 *   they walk by its own read lock (the kernel's per-VMA locks) rather than
 *   the target's mmap_lock, as the kernel's page faults do: the target's mmap,
 *   munmap and mprotect of other mappings never wait for them. Without it
 *   (before 6.4, or with the module parameter vma_lock=0) they hold mmap_lock
 *   in bounded pieces and let a waiting writer in between.
 */
enum mmscope_feature {
	MMSCOPE_FEAT_TASK = 1,
	MMSCOPE_FEAT_MAPS = 2,
	MMSCOPE_FEAT_GATE = 4,
	MMSCOPE_FEAT_SMAPS = 8,
	MMSCOPE_FEAT_THP_ELIGIBLE = 16,
	MMSCOPE_FEAT_SWAP_PSS = 32,
	MMSCOPE_FEAT_PT = 64,
	MMSCOPE_FEAT_FAULTS = 128,
	MMSCOPE_FEAT_TLB = 256,
	MMSCOPE_FEAT_ANON_EXCLUSIVE = 512,
	MMSCOPE_FEAT_ATTR_MISS = 1024,
	MMSCOPE_FEAT_DUMP_ERR_ATTR = 2048,
	MMSCOPE_FEAT_DUMP_CONSISTENT = 4096,
	MMSCOPE_FEAT_CPU_TLB_GEN = 8192,
	MMSCOPE_FEAT_VMA_LOCK = 16384,
};

/**
 * enum mmscope_smaps_flag - bits of %MMSCOPE_INFO_A_SMAPS_FLAGS: how the
 *   running kernel prints /proc/PID/smaps, beyond which lines it prints
 *   (%MMSCOPE_INFO_A_SMAPS_LINES)
 * @MMSCOPE_SMAPS_F_THP_WIDE: "THPeligible: %8u" (otherwise "%d")
 */
enum mmscope_smaps_flag {
	MMSCOPE_SMAPS_F_THP_WIDE = 1,
};

/**
 * enum mmscope_task_flag - bits of %MMSCOPE_TASK_A_FLAGS
 * @MMSCOPE_TASK_F_KTHREAD: a kernel thread: it has no user address space
 * @MMSCOPE_TASK_F_NO_MM: no address space now (kernel thread, or a task that
 *   has exited and released it)
 * @MMSCOPE_TASK_F_ZOMBIE: exited, waiting to be reaped by its parent
 * @MMSCOPE_TASK_F_EXITING: exit has begun (PF_EXITING)
 * @MMSCOPE_TASK_F_TIDS_TRUNCATED: the thread list grew while it was read;
 *   %MMSCOPE_TASK_A_TIDS is incomplete
 */
enum mmscope_task_flag {
	MMSCOPE_TASK_F_KTHREAD = 1,
	MMSCOPE_TASK_F_NO_MM = 2,
	MMSCOPE_TASK_F_ZOMBIE = 4,
	MMSCOPE_TASK_F_EXITING = 8,
	MMSCOPE_TASK_F_TIDS_TRUNCATED = 16,
};

/**
 * enum mmscope_vma_perm - bits of %MMSCOPE_VMA_A_PERMS (the rwxs/p column)
 * @MMSCOPE_VMA_PERM_READ: VM_READ
 * @MMSCOPE_VMA_PERM_WRITE: VM_WRITE
 * @MMSCOPE_VMA_PERM_EXEC: VM_EXEC
 * @MMSCOPE_VMA_PERM_SHARED: VM_MAYSHARE ('s' rather than 'p')
 */
enum mmscope_vma_perm {
	MMSCOPE_VMA_PERM_READ = 1,
	MMSCOPE_VMA_PERM_WRITE = 2,
	MMSCOPE_VMA_PERM_EXEC = 4,
	MMSCOPE_VMA_PERM_SHARED = 8,
};

/**
 * enum mmscope_vma_name_kind - where %MMSCOPE_VMA_A_NAME comes from
 * @MMSCOPE_VMA_NAME_NONE: no name (anonymous memory)
 * @MMSCOPE_VMA_NAME_PATH: the path of the mapped file, as d_path() gives it ("
 *   (deleted)" included); /proc escapes '\n' in it as "\012"
 * @MMSCOPE_VMA_NAME_SPECIAL: a name given by the mapping's vm_ops, e.g.
 *   [vdso], [vvar], [vsyscall]
 * @MMSCOPE_VMA_NAME_HEAP: [heap]
 * @MMSCOPE_VMA_NAME_STACK: [stack]
 * @MMSCOPE_VMA_NAME_ANON: a name set with PR_SET_VMA_ANON_NAME; the NAME
 *   attribute holds the whole "[anon:...]" or "[anon_shmem:...]" text
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
 *   MAP_ANONYMOUS, SysV shm: an internal shmem file)
 * @MMSCOPE_VMA_KIND_SHARED_FILE: shared mapping of a file
 * @MMSCOPE_VMA_KIND_SPECIAL: kernel-provided mapping without a file (vdso,
 *   vvar, gate area, driver mappings)
 */
enum mmscope_vma_kind {
	MMSCOPE_VMA_KIND_PRIVATE_ANON,
	MMSCOPE_VMA_KIND_PRIVATE_FILE,
	MMSCOPE_VMA_KIND_SHARED_ANON,
	MMSCOPE_VMA_KIND_SHARED_FILE,
	MMSCOPE_VMA_KIND_SPECIAL,
};

/**
 * enum mmscope_cpu_mm - whose address space a CPU's page-table root (CR3)
 *   points at (%MMSCOPE_CPU_A_MM)
 * @MMSCOPE_CPU_MM_USER: the address space of the process running on the CPU,
 *   its own
 * @MMSCOPE_CPU_MM_LAZY: a process's address space, borrowed by the kernel
 *   thread (or the idle task) running on the CPU: lazy TLB mode, the previous
 *   task's page tables left loaded until a flush or a switch needs them gone
 * @MMSCOPE_CPU_MM_KERNEL: the kernel's own (init_mm): no process's address
 *   space is loaded
 * @MMSCOPE_CPU_MM_OTHER: the root matches neither the running task's address
 *   space nor the kernel's: caught between two (a switch in progress)
 */
enum mmscope_cpu_mm {
	MMSCOPE_CPU_MM_USER,
	MMSCOPE_CPU_MM_LAZY,
	MMSCOPE_CPU_MM_KERNEL,
	MMSCOPE_CPU_MM_OTHER,
};

/**
 * enum mmscope_level - page-table levels (x86-64)
 * @MMSCOPE_LEVEL_PGD: top level (CR3)
 * @MMSCOPE_LEVEL_P4D: only with 5-level paging; folded into PGD otherwise
 * @MMSCOPE_LEVEL_PUD: 1 GiB per entry
 * @MMSCOPE_LEVEL_PMD: 2 MiB per entry
 * @MMSCOPE_LEVEL_PTE: 4 KiB per entry
 * @MMSCOPE_LEVEL_LEAVES: request only: the entries that map memory, at
 *   whatever level (the default)
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
 * @MMSCOPE_PTE_PROTNONE: maps memory but PROT_NONE (or NUMA hinting): the
 *   hardware present bit is clear, the PFN is valid
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
 * enum mmscope_pte_flag - decoded entry bits (&struct mmscope_pt_entry.flags);
 *   one vocabulary for every level, the tool's text and its JSON
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
 * @MMSCOPE_PTE_F_SPECIAL: special (no struct page to count: zero page, PFN
 *   maps)
 * @MMSCOPE_PTE_F_DEVMAP: device memory mapping
 * @MMSCOPE_PTE_F_INVERTED: stored with inverted PFN bits (L1TF mitigation of
 *   non-present entries); the PFN and swap offset are decoded
 * @MMSCOPE_PTE_F_EXCLUSIVE: swap/migration entry of an exclusive anonymous
 *   page
 */
enum mmscope_pte_flag {
	MMSCOPE_PTE_F_PRESENT = 1,
	MMSCOPE_PTE_F_RW = 2,
	MMSCOPE_PTE_F_USER = 4,
	MMSCOPE_PTE_F_PWT = 8,
	MMSCOPE_PTE_F_PCD = 16,
	MMSCOPE_PTE_F_ACCESSED = 32,
	MMSCOPE_PTE_F_DIRTY = 64,
	MMSCOPE_PTE_F_HUGE = 128,
	MMSCOPE_PTE_F_GLOBAL = 256,
	MMSCOPE_PTE_F_NX = 512,
	MMSCOPE_PTE_F_SOFT_DIRTY = 1024,
	MMSCOPE_PTE_F_UFFD_WP = 2048,
	MMSCOPE_PTE_F_PROTNONE = 4096,
	MMSCOPE_PTE_F_SPECIAL = 8192,
	MMSCOPE_PTE_F_DEVMAP = 16384,
	MMSCOPE_PTE_F_INVERTED = 32768,
	MMSCOPE_PTE_F_EXCLUSIVE = 65536,
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
 *   (PageAnonExclusive): no COW pending
 * @MMSCOPE_PAGE_F_HUGETLB: a hugetlb page
 * @MMSCOPE_PAGE_F_RESERVED: reserved (kernel-owned, e.g. vdso)
 */
enum mmscope_page_flag {
	MMSCOPE_PAGE_F_ANON = 1,
	MMSCOPE_PAGE_F_KSM = 2,
	MMSCOPE_PAGE_F_LRU = 4,
	MMSCOPE_PAGE_F_ACTIVE = 8,
	MMSCOPE_PAGE_F_REFERENCED = 16,
	MMSCOPE_PAGE_F_DIRTY = 32,
	MMSCOPE_PAGE_F_WRITEBACK = 64,
	MMSCOPE_PAGE_F_SWAPBACKED = 128,
	MMSCOPE_PAGE_F_SWAPCACHE = 256,
	MMSCOPE_PAGE_F_MLOCKED = 512,
	MMSCOPE_PAGE_F_UNEVICTABLE = 1024,
	MMSCOPE_PAGE_F_HEAD = 2048,
	MMSCOPE_PAGE_F_TAIL = 4096,
	MMSCOPE_PAGE_F_ZERO = 8192,
	MMSCOPE_PAGE_F_HUGE_ZERO = 16384,
	MMSCOPE_PAGE_F_ANON_EXCLUSIVE = 32768,
	MMSCOPE_PAGE_F_HUGETLB = 65536,
	MMSCOPE_PAGE_F_RESERVED = 131072,
};

/**
 * enum mmscope_pt_has - bits of &struct mmscope_pt_entry.has: which of its
 *   optional fields hold a value
 * @MMSCOPE_PT_HAS_PFN: @pfn: the page frame the entry points to (memory, or
 *   the next table)
 * @MMSCOPE_PT_HAS_PKEY: @pkey: protection key of a present leaf
 * @MMSCOPE_PT_HAS_SWAP: @swap_type and @swap_offset of a swap entry
 * @MMSCOPE_PT_HAS_PAGE: the page_* fields: the struct page behind it
 * @MMSCOPE_PT_HAS_TABLE: vtop: @table_phys and @index
 * @MMSCOPE_PT_HAS_PHYS: vtop: @phys, on the leaf
 * @MMSCOPE_PT_PAGE_SHARED: the page is anonymous and mapped more than once:
 *   shared with another mm, copy on write pending
 */
enum mmscope_pt_has {
	MMSCOPE_PT_HAS_PFN = 1,
	MMSCOPE_PT_HAS_PKEY = 2,
	MMSCOPE_PT_HAS_SWAP = 4,
	MMSCOPE_PT_HAS_PAGE = 8,
	MMSCOPE_PT_HAS_TABLE = 16,
	MMSCOPE_PT_HAS_PHYS = 32,
	MMSCOPE_PT_PAGE_SHARED = 64,
};

/**
 * enum mmscope_hook - bits of %MMSCOPE_INFO_A_HOOKS
 * @MMSCOPE_HOOK_FAULT: kretprobe on handle_mm_fault
 * @MMSCOPE_HOOK_SIGNAL: tracepoint signal:signal_generate (faults that end in
 *   SIGSEGV/SIGBUS before reaching handle_mm_fault) and
 *   exceptions:page_fault_user (their start time)
 * @MMSCOPE_HOOK_TLB: tracepoint tlb:tlb_flush and sched:sched_switch (to know
 *   the address space a task switch flushes for)
 * @MMSCOPE_HOOK_TLB_REQ: kprobes on flush_tlb_mm_range and
 *   native_flush_tlb_multi
 * @MMSCOPE_HOOK_MMDROP: kprobe on __mmdrop (counters of an address space end
 *   with it)
 */
enum mmscope_hook {
	MMSCOPE_HOOK_FAULT = 1,
	MMSCOPE_HOOK_SIGNAL = 2,
	MMSCOPE_HOOK_TLB = 4,
	MMSCOPE_HOOK_TLB_REQ = 8,
	MMSCOPE_HOOK_MMDROP = 16,
};

/**
 * enum mmscope_fault_class - what a page fault did
 * @MMSCOPE_FAULT_OTHER: nothing visible: the entry was already there
 *   (spurious, another thread was faster), NUMA hinting, migration wait,
 *   special mappings
 * @MMSCOPE_FAULT_ANON: a new anonymous page (first touch, or a write to the
 *   zero page is %MMSCOPE_FAULT_COW)
 * @MMSCOPE_FAULT_ZERO: the shared zero page mapped for a read
 * @MMSCOPE_FAULT_FILE_CACHE: a file page found in the page cache
 * @MMSCOPE_FAULT_FILE_READ: a file page read from storage (major)
 * @MMSCOPE_FAULT_SWAPIN: a page brought back from swap (major when read from
 *   the device, minor when still in the swap cache)
 * @MMSCOPE_FAULT_COW: a write that copied the page (fork, private file
 *   mapping, the zero page)
 * @MMSCOPE_FAULT_WP_REUSE: a write to a write-protected page that was made
 *   writable in place (no copy)
 * @MMSCOPE_FAULT_SHARED: a page of shared memory (shmem, tmpfs, SysV,
 *   MAP_SHARED|MAP_ANONYMOUS)
 * @MMSCOPE_FAULT_THP: a transparent huge page mapped at PMD level
 * @MMSCOPE_FAULT_HUGETLB: a fault in a hugetlb mapping
 * @MMSCOPE_FAULT_ERROR: the fault failed: SIGSEGV, SIGBUS, OOM, poison (&enum
 *   mmscope_fault_error says which)
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
};

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
 * @MMSCOPE_FAULTF_MAJOR: a major fault, as /proc/PID/stat counts it (the last
 *   try said VM_FAULT_MAJOR, or an earlier try had to wait)
 * @MMSCOPE_FAULTF_RETRIED: handle_mm_fault was entered more than once for this
 *   fault (VM_FAULT_RETRY); the latency covers every try
 * @MMSCOPE_FAULTF_NO_VMA: the VMA fields are not known (the fault failed
 *   before a VMA was found)
 * @MMSCOPE_FAULTF_NO_LATENCY: the latency is not known
 * @MMSCOPE_FAULTF_REMOTE: the faulting task is not in the process that owns
 *   the memory (get_user_pages on another process)
 */
enum mmscope_fault_flag {
	MMSCOPE_FAULTF_MAJOR = 1,
	MMSCOPE_FAULTF_RETRIED = 2,
	MMSCOPE_FAULTF_NO_VMA = 4,
	MMSCOPE_FAULTF_NO_LATENCY = 8,
	MMSCOPE_FAULTF_REMOTE = 16,
};

/**
 * enum mmscope_trace_flag - bits of %MMSCOPE_A_TRACE_FLAGS
 * @MMSCOPE_TRACE_F_MAJOR: only major faults
 * @MMSCOPE_TRACE_F_KERNEL: also faults taken in kernel mode and by
 *   get_user_pages (by default only user-mode faults are sent)
 * @MMSCOPE_TRACE_F_TLB: also TLB flush requests (&struct mmscope_tlb_event)
 *   made by, or for, the traced processes
 * @MMSCOPE_TRACE_F_NO_FAULTS: no fault events (with %MMSCOPE_TRACE_F_TLB: only
 *   TLB flushes)
 */
enum mmscope_trace_flag {
	MMSCOPE_TRACE_F_MAJOR = 1,
	MMSCOPE_TRACE_F_KERNEL = 2,
	MMSCOPE_TRACE_F_TLB = 4,
	MMSCOPE_TRACE_F_NO_FAULTS = 8,

	/* private: */
	MMSCOPE_TRACE_F_MASK = 15,
};

/**
 * enum mmscope_tlb_flag - bits of &struct mmscope_tlb_event flags
 * @MMSCOPE_TLBF_FULL: the whole address space is flushed (the range was
 *   TLB_FLUSH_ALL or longer than the kernel's single-page ceiling)
 * @MMSCOPE_TLBF_FREED_TABLES: page tables were freed (every CPU of the mm gets
 *   an IPI, lazy ones too)
 */
enum mmscope_tlb_flag {
	MMSCOPE_TLBF_FULL = 1,
	MMSCOPE_TLBF_FREED_TABLES = 2,
};

/**
 * enum mmscope_tlb_reason - TLB flushes by reason (the tlb_flush tracepoint)
 * @MMSCOPE_TLB_TASK_SWITCH: flushed when switching to a task of the address
 *   space (its ASID was stale)
 * @MMSCOPE_TLB_REMOTE_SHOOTDOWN: flushed on a CPU because another CPU asked
 *   (IPI received)
 * @MMSCOPE_TLB_LOCAL_SHOOTDOWN: flushed locally without an address space
 *   (kernel or batched flushes)
 * @MMSCOPE_TLB_LOCAL_MM_SHOOTDOWN: flushed locally for the address space
 * @MMSCOPE_TLB_SEND_IPI: flushes for which other CPUs were sent IPIs
 */
enum mmscope_tlb_reason {
	MMSCOPE_TLB_TASK_SWITCH,
	MMSCOPE_TLB_REMOTE_SHOOTDOWN,
	MMSCOPE_TLB_LOCAL_SHOOTDOWN,
	MMSCOPE_TLB_LOCAL_MM_SHOOTDOWN,
	MMSCOPE_TLB_SEND_IPI,
};

/**
 * enum mmscope_ctl_flag - bits of %MMSCOPE_A_CTL_FLAGS
 * @MMSCOPE_CTL_F_ENABLE: turn counting on until turned off
 * @MMSCOPE_CTL_F_DISABLE: turn it off (holds of open sockets remain)
 * @MMSCOPE_CTL_F_HOLD: keep counting on while the asking socket is open
 * @MMSCOPE_CTL_F_RESET: forget every count
 */
enum mmscope_ctl_flag {
	MMSCOPE_CTL_F_ENABLE = 1,
	MMSCOPE_CTL_F_DISABLE = 2,
	MMSCOPE_CTL_F_HOLD = 4,
	MMSCOPE_CTL_F_RESET = 8,

	/* private: */
	MMSCOPE_CTL_F_MASK = 15,
};

/**
 * enum mmscope_vma_rec_flag - bits of &struct mmscope_vma_rec flags
 * @MMSCOPE_VMA_REC_F_ANON_VMA: the VMA has an anon_vma (with
 *   %MMSCOPE_VMA_REC_F_DETAILS)
 * @MMSCOPE_VMA_REC_F_DETAILS: asked with %MMSCOPE_REQ_F_DETAILS: vm-flags,
 *   vm-pgoff, kind and %MMSCOPE_VMA_REC_F_ANON_VMA are filled in, and the ops
 *   and fault strings are sent when the VMA has them
 */
enum mmscope_vma_rec_flag {
	MMSCOPE_VMA_REC_F_ANON_VMA = 1,
	MMSCOPE_VMA_REC_F_DETAILS = 2,
};

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
	MMSCOPE_A_CPU,
	MMSCOPE_A_MEM,
	MMSCOPE_A_VMA_REC,
	MMSCOPE_A_SMAPS_REC,
	MMSCOPE_A_MAPS_REC,

	__MMSCOPE_A_MAX
};
#define MMSCOPE_A_MAX (__MMSCOPE_A_MAX - 1)

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
	MMSCOPE_TASK_A_BORROWED_CPU,
	MMSCOPE_TASK_A_BORROWED_PID,
	MMSCOPE_TASK_A_BORROWED_COMM,

	__MMSCOPE_TASK_A_MAX
};
#define MMSCOPE_TASK_A_MAX (__MMSCOPE_TASK_A_MAX - 1)

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
	MMSCOPE_VMA_A_VM_PGOFF,

	__MMSCOPE_VMA_A_MAX
};
#define MMSCOPE_VMA_A_MAX (__MMSCOPE_VMA_A_MAX - 1)

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

enum mmscope_mem_attr {
	MMSCOPE_MEM_A_UNSPEC,
	MMSCOPE_MEM_A_PAD,
	MMSCOPE_MEM_A_PAGE_SIZE,
	MMSCOPE_MEM_A_STRUCT_PAGE_SIZE,
	MMSCOPE_MEM_A_SECTIONS,
	MMSCOPE_MEM_A_SECTION_PAGES,
	MMSCOPE_MEM_A_LATE_SECTIONS,
	MMSCOPE_MEM_A_MEMMAP_PAGES,
	MMSCOPE_MEM_A_MEMMAP_BYTES,
	MMSCOPE_MEM_A_RAM_PAGES,
	MMSCOPE_MEM_A_PAGE_TABLE_BYTES,

	__MMSCOPE_MEM_A_MAX
};
#define MMSCOPE_MEM_A_MAX (__MMSCOPE_MEM_A_MAX - 1)

enum mmscope_cpu_attr {
	MMSCOPE_CPU_A_UNSPEC,
	MMSCOPE_CPU_A_PAD,
	MMSCOPE_CPU_A_CPU,
	MMSCOPE_CPU_A_MM,
	MMSCOPE_CPU_A_PGD_PHYS,
	MMSCOPE_CPU_A_RUNNING_PID,
	MMSCOPE_CPU_A_RUNNING_TID,
	MMSCOPE_CPU_A_RUNNING_COMM,
	MMSCOPE_CPU_A_RUNNING_KTHREAD,
	MMSCOPE_CPU_A_OWNER_PID,
	MMSCOPE_CPU_A_OWNER_COMM,
	MMSCOPE_CPU_A_LAZY,
	MMSCOPE_CPU_A_TLB_GEN,
	MMSCOPE_CPU_A_TLB_GEN_SEEN,

	__MMSCOPE_CPU_A_MAX
};
#define MMSCOPE_CPU_A_MAX (__MMSCOPE_CPU_A_MAX - 1)

enum mmscope_cmd {
	MMSCOPE_CMD_INFO_GET = 1,
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
	MMSCOPE_CMD_MEM_GET,
	MMSCOPE_CMD_CPUS_GET,

	__MMSCOPE_CMD_MAX
};
#define MMSCOPE_CMD_MAX (__MMSCOPE_CMD_MAX - 1)

#endif /* _UAPI_LINUX_MMSCOPE_H */

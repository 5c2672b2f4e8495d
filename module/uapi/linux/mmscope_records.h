/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * mmscope's binary records: the structures carried by the pt, fault, tlb
 * and counters attributes (Documentation/netlink/specs/mmscope.yaml, where
 * each is a struct definition).  YNL does not render structures into a
 * uAPI header, so they are written here by hand; scripts/spec checks that
 * their members, types, sizes and order are the spec's.
 */
#ifndef _UAPI_LINUX_MMSCOPE_RECORDS_H
#define _UAPI_LINUX_MMSCOPE_RECORDS_H

#include <linux/types.h>
#include "mmscope.h"

/* Every fault class, as a mask of (1 << enum mmscope_fault_class). */
#define MMSCOPE_FAULT_CLASSES_ALL	((1U << MMSCOPE_FAULT_NR_CLASSES) - 1)

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
 * struct mmscope_vma_rec - one VMA (%MMSCOPE_A_VMA_REC, binary)
 *
 * Sent for %MMSCOPE_CMD_VMA_GET with %MMSCOPE_REQ_F_RECORDS: this
 * structure, then at offset @size its strings, each with its NUL and
 * each only if its length is not 0, in this order: name, VmFlags, ops,
 * fault.  A reader takes the strings from offset @size, which later
 * versions may grow by appending members.  The same facts as the
 * %MMSCOPE_A_VMA nest.
 *
 * @start: first address of the VMA
 * @end: first address past it
 * @pgoff: file offset in bytes (the maps column; 0 without a file)
 * @ino: inode number of the file (0 without a file)
 * @vm_flags: the kernel's vm_flags (details)
 * @vm_pgoff: the kernel's vm_pgoff, in pages (details)
 * @size: bytes of this structure as sent; the strings follow it
 * @perms: &enum mmscope_vma_perm bits
 * @dev_major: device of the file (0 without a file)
 * @dev_minor: likewise
 * @name_kind: &enum mmscope_vma_name_kind
 * @kind: &enum mmscope_vma_kind (details)
 * @flags: &enum mmscope_vma_rec_flag bits
 * @name_len: bytes of the name with its NUL; 0 when the VMA has none
 * @vmflags_len: bytes of the VmFlags mnemonics with their NUL (with
 *	%MMSCOPE_REQ_F_SMAPS or %MMSCOPE_REQ_F_DETAILS; else 0)
 * @ops_len: bytes of the vm_operations symbol with its NUL (details; 0
 *	when none)
 * @fault_len: bytes of the fault handler symbol with its NUL (details; 0
 *	when none)
 * @reserved: zero
 */
struct mmscope_vma_rec {
	__u64 start;
	__u64 end;
	__u64 pgoff;
	__u64 ino;
	__u64 vm_flags;
	__u64 vm_pgoff;
	__u32 size;
	__u32 perms;
	__u32 dev_major;
	__u32 dev_minor;
	__u32 name_kind;
	__u32 kind;
	__u32 flags;
	__u16 name_len;
	__u16 vmflags_len;
	__u16 ops_len;
	__u16 fault_len;
	__u32 reserved;
};

/**
 * struct mmscope_maps_rec - one line of maps (%MMSCOPE_A_MAPS_REC, binary)
 *
 * Sent for %MMSCOPE_CMD_VMA_GET with %MMSCOPE_REQ_F_MAPS_RECORDS: this
 * structure, then the name with its NUL when @name_len is not 0.  The
 * name is the last @name_len bytes of the payload: a reader takes it from
 * there, as later versions may append members before it.  The facts of
 * one /proc/PID/maps line, as &struct mmscope_vma_rec has them.
 *
 * @start: first address of the VMA
 * @end: first address past it
 * @pgoff: file offset in bytes (the maps column; 0 without a file)
 * @ino: inode number of the file (0 without a file)
 * @dev: device of the file (0 without a file), encoded as stat(2)'s
 *	st_dev: major (bits 8-19), minor (bits 0-7 and 20-31)
 * @name_len: bytes of the name with its NUL; 0 when the VMA has none
 * @perms: &enum mmscope_vma_perm bits
 * @name_kind: &enum mmscope_vma_name_kind
 */
struct mmscope_maps_rec {
	__u64 start;
	__u64 end;
	__u64 pgoff;
	__u64 ino;
	__u32 dev;
	__u16 name_len;
	__u8 perms;
	__u8 name_kind;
};

/**
 * struct mmscope_smaps_rec - the smaps figures of one VMA
 *
 * The payload of %MMSCOPE_A_SMAPS_REC, right after the %MMSCOPE_A_VMA_REC
 * of its VMA: this structure, then one __u64 for each bit set in
 * @present, in increasing bit order: the figure of that &enum
 * mmscope_smaps_attr, in that attribute's units.  The figures present
 * are the ones the %MMSCOPE_VMA_A_SMAPS nest would carry.
 *
 * @present: 1 << &enum mmscope_smaps_attr of each figure that follows
 */
struct mmscope_smaps_rec {
	__u64 present;
};

#endif /* _UAPI_LINUX_MMSCOPE_RECORDS_H */

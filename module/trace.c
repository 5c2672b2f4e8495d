// SPDX-License-Identifier: GPL-2.0
/*
 * Fault and TLB hooks.
 *
 * Faults: a kretprobe on handle_mm_fault().  Its entry handler notes the
 * time, the VMA (still locked by the caller) and the entry that maps the
 * address; its return handler reads the entry again and classifies the
 * fault from what changed and from the vm_fault_t.  A VM_FAULT_RETRY
 * return is not a fault: its start time is kept for the try that
 * completes (looked up by task), so a retried fault is one event and its
 * latency covers every try.  Faults that fail before handle_mm_fault (no
 * VMA, wrong permissions) are seen as the SIGSEGV/SIGBUS they raise
 * (signal:signal_generate), timed from exceptions:page_fault_user.
 *
 * TLB: the tlb:tlb_flush tracepoint counts flushes by reason for the
 * address space loaded on the CPU (for a task switch, the one being
 * switched to: sched:sched_switch tells which); kprobes on
 * flush_tlb_mm_range() and native_flush_tlb_multi() tell who asked, for
 * which address space, how much, and how many CPUs were sent IPIs.
 *
 * Every handler runs in atomic context and does bounded work: it reads a
 * few words, counts under a raw spinlock (counters.c) and copies a fixed
 * record into per-CPU rings (session.c).  Nothing here sleeps, allocates
 * or sends.  A hook is registered only while a session or counting needs
 * it.  No kernel function is called through an address found by name.
 */
#include <linux/hash.h>
#include <linux/kprobes.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sched/mm.h>
#include <linux/signal.h>
#include <linux/swap.h>
#include <linux/tracepoint.h>
#include <asm/tlbflush.h>
#include <asm/trap_pf.h>

#include "mmscope.h"
#include "trace.h"
#include "account.h"
#include "wrapper/mm.h"
#include "wrapper/pgtable.h"
#include "wrapper/leaf.h"
#include "wrapper/tlb.h"

/* ---------------------------------------------------------------------
 * The entry that maps an address, read without locks the way
 * get_user_pages_fast() reads it: interrupts off, so that page tables
 * freed meanwhile (RCU or IPI synchronised) stay readable.
 */
enum mmscope_ps_state {
	MMSCOPE_PS_NONE,	/* no entry */
	MMSCOPE_PS_PRESENT,	/* maps a page */
	MMSCOPE_PS_SWAP,	/* a swap entry */
	MMSCOPE_PS_OTHER,	/* migration, device, marker, unknown */
};

struct mmscope_ps {
	unsigned long pfn;
	u8 state;
	u8 level;		/* MMSCOPE_LEVEL_* of the entry */
	bool write;
	bool zero;		/* the zero page or the huge zero page */
};

static void mmscope_peek(struct mm_struct *mm, unsigned long addr,
			 struct mmscope_ps *ps)
{
	unsigned long irqflags;
	pgd_t pgd;
	p4d_t p4d;
	pud_t pud;
	pmd_t pmd;
	pte_t pte;

	memset(ps, 0, sizeof(*ps));
	if (!mmscope_peek_safe(mm)) {
		ps->state = MMSCOPE_PS_OTHER;
		return;
	}
	local_irq_save(irqflags);
	pgd = READ_ONCE(*pgd_offset(mm, addr));
	if (pgd_none(pgd) || pgd_bad(pgd))
		goto out;
	p4d = READ_ONCE(*p4d_offset(&pgd, addr));
	if (p4d_none(p4d) || p4d_bad(p4d))
		goto out;
	ps->level = MMSCOPE_LEVEL_PUD;
	pud = READ_ONCE(*pud_offset(&p4d, addr));
	if (pud_none(pud))
		goto out;
	if (mmscope_pud_is_leaf(pud)) {
		if (pud_present(pud)) {
			ps->state = MMSCOPE_PS_PRESENT;
			ps->pfn = pud_pfn(pud);
			ps->write = pud_write(pud);
		} else {
			ps->state = MMSCOPE_PS_OTHER;
		}
		goto out;
	}
	if (pud_bad(pud))
		goto out;
	ps->level = MMSCOPE_LEVEL_PMD;
	pmd = mmscope_pmdp_get(pmd_offset(&pud, addr));
	if (pmd_none(pmd))
		goto out;
	if (mmscope_pmd_is_huge(pmd)) {
		if (pmd_present(pmd)) {
			ps->state = MMSCOPE_PS_PRESENT;
			ps->pfn = pmd_pfn(pmd);
			ps->write = pmd_write(pmd);
			ps->zero = ps->pfn == mmscope_huge_zero_pfn_now();
		} else {
			ps->state = MMSCOPE_PS_OTHER;
		}
		goto out;
	}
	if (pmd_bad(pmd))
		goto out;
	ps->level = MMSCOPE_LEVEL_PTE;
	pte = READ_ONCE(*pte_offset_kernel(&pmd, addr));
	if (pte_none(pte))
		goto out;
	if (pte_present(pte)) {
		ps->state = MMSCOPE_PS_PRESENT;
		ps->pfn = pte_pfn(pte);
		ps->write = pte_write(pte);
		ps->zero = is_zero_pfn(ps->pfn);
	} else {
		struct mmscope_leaf l;

		mmscope_pte_leaf(pte, &l);
		ps->state = l.kind == MMSCOPE_LEAF_SWAP ? MMSCOPE_PS_SWAP :
							   MMSCOPE_PS_OTHER;
	}
out:
	local_irq_restore(irqflags);
}

/* ---------------------------------------------------------------------
 * Per-task notes between two hook calls of the same fault: the start of
 * a try that returned VM_FAULT_RETRY, or "this failure was reported" (so
 * that the signal it raises is not a second event).  A task has at most
 * one note; only the task itself reads or clears it.
 */
enum { MMSCOPE_NOTE_RETRY = 1, MMSCOPE_NOTE_ERROR };

#define MMSCOPE_NOTE_BITS	7
#define MMSCOPE_NOTE_PROBE	8
#define MMSCOPE_NOTE_STALE_NS	(10ULL * NSEC_PER_SEC)

struct mmscope_note {
	struct task_struct *task;
	unsigned long addr;
	u64 ts;
	int kind;
};

static struct mmscope_note mmscope_notes[1 << MMSCOPE_NOTE_BITS];
static atomic_t mmscope_notes_used;

static struct mmscope_note *mmscope_note_slot(unsigned int i)
{
	return &mmscope_notes[i & ((1 << MMSCOPE_NOTE_BITS) - 1)];
}

static void mmscope_note_put(int kind, unsigned long addr, u64 ts)
{
	unsigned int h = hash_ptr(current, MMSCOPE_NOTE_BITS), i;
	u64 now = ktime_get_mono_fast_ns();
	struct mmscope_note *n = NULL;

	for (i = 0; i < MMSCOPE_NOTE_PROBE; i++) {
		struct mmscope_note *p = mmscope_note_slot(h + i);
		struct task_struct *t = READ_ONCE(p->task);

		if (t == current) {
			/* a second retry of the same fault keeps its start */
			if (kind == MMSCOPE_NOTE_RETRY && p->kind == kind &&
			    p->addr == addr)
				return;
			n = p;
			break;
		}
		if (!t && !cmpxchg(&p->task, NULL, current)) {
			atomic_inc(&mmscope_notes_used);
			n = p;
			break;
		}
		/* the note of a task killed between two tries */
		if (t && now - READ_ONCE(p->ts) > MMSCOPE_NOTE_STALE_NS &&
		    cmpxchg(&p->task, t, current) == t) {
			n = p;
			break;
		}
	}
	if (!n)
		return;
	n->addr = addr;
	WRITE_ONCE(n->ts, ts);
	n->kind = kind;
}

/* Take (and clear) the current task's note; true if it is @kind at @addr. */
static bool mmscope_note_take(int kind, unsigned long addr, u64 *ts)
{
	unsigned int h, i;

	if (!atomic_read(&mmscope_notes_used))
		return false;
	h = hash_ptr(current, MMSCOPE_NOTE_BITS);
	for (i = 0; i < MMSCOPE_NOTE_PROBE; i++) {
		struct mmscope_note *p = mmscope_note_slot(h + i);
		bool match;

		if (READ_ONCE(p->task) != current)
			continue;
		match = p->kind == kind && p->addr == addr;
		if (match && ts)
			*ts = p->ts;
		/* fields read above before the slot is free for others */
		smp_store_release(&p->task, NULL);
		atomic_dec(&mmscope_notes_used);
		return match;
	}
	return false;
}

/* ---------------------------------------------------------------------
 * The fault hook.
 */
struct mmscope_fault_ctx {
	u64 start;
	struct mm_struct *mm;
	unsigned long address;
	unsigned long ip;
	unsigned long vm_start;
	unsigned long vm_end;
	unsigned long pgoff;
	unsigned int flags;
	u32 perms;
	u32 kind;
	u8 mode;
	bool anon;
	bool special;
	bool shared_mem;
	bool vm_shared;
	bool hugetlb;
	bool named;
	struct mmscope_ps before;
	char name[MMSCOPE_EV_NAME_LEN];
};

/* The name a fault event gives the VMA; never sleeps, never allocates. */
static void mmscope_ev_vma_name(struct vm_area_struct *vma, char *buf,
				size_t len)
{
	const char *anon = mmscope_anon_vma_name(vma);
	struct mm_struct *mm = vma->vm_mm;
	const char *name = NULL;

	buf[0] = '\0';
	if (vma->vm_file) {
		if (anon)
			snprintf(buf, len, "[anon_shmem:%s]", anon);
		else
			snprintf(buf, len, "%pD", vma->vm_file);
		return;
	}
	if (vma->vm_ops && vma->vm_ops->name)
		name = vma->vm_ops->name(vma);
	if (!name && mmscope_vma_is_heap(vma, mm))
		name = "[heap]";
	else if (!name && mmscope_vma_is_stack(vma, mm))
		name = "[stack]";
	if (name)
		strscpy(buf, name, len);
	else if (anon)
		snprintf(buf, len, "[anon:%s]", anon);
}

static int mmscope_fault_entry(struct kretprobe_instance *ri,
			       struct pt_regs *regs)
{
	struct mmscope_fault_ctx *c = (void *)ri->data;
	struct vm_area_struct *vma = (void *)regs_get_kernel_argument(regs, 0);
	struct pt_regs *uregs = (void *)regs_get_kernel_argument(regs, 3);
	struct file *file = vma->vm_file;

	c->start = ktime_get_mono_fast_ns();
	c->address = regs_get_kernel_argument(regs, 1);
	c->flags = regs_get_kernel_argument(regs, 2);
	c->mm = vma->vm_mm;
	c->ip = 0;
	if (!uregs) {
		c->mode = MMSCOPE_MODE_GUP;
	} else if (user_mode(uregs)) {
		c->mode = MMSCOPE_MODE_USER;
		c->ip = instruction_pointer(uregs);
	} else {
		c->mode = MMSCOPE_MODE_KERNEL;
	}
	c->hugetlb = is_vm_hugetlb_page(vma);
	c->anon = vma_is_anonymous(vma);
	c->special = !file && vma->vm_ops;
	c->vm_shared = vma->vm_flags & VM_SHARED;
	c->shared_mem = file && (vma->vm_flags & VM_MAYSHARE) &&
			mmscope_is_shmem_mapping(file->f_mapping);
	if (c->hugetlb)
		memset(&c->before, 0, sizeof(c->before));
	else
		mmscope_peek(c->mm, c->address, &c->before);

	/* What only events need: skipped while nobody traces. */
	c->named = atomic_read(&mmscope_fault_sessions) > 0;
	if (c->named) {
		c->vm_start = vma->vm_start;
		c->vm_end = vma->vm_end;
		c->pgoff = file ? (u64)vma->vm_pgoff << PAGE_SHIFT : 0;
		c->perms = mmscope_vma_perms(vma->vm_flags);
		c->kind = mmscope_vma_kind(vma);
		mmscope_ev_vma_name(vma, c->name, sizeof(c->name));
	}
	return 0;
}

/* What the fault did, from the entry before and after it. */
static u32 mmscope_classify(const struct mmscope_fault_ctx *c,
			    const struct mmscope_ps *after, bool major)
{
	const struct mmscope_ps *b = &c->before;
	bool write = c->flags & FAULT_FLAG_WRITE;

	if (c->hugetlb)
		return MMSCOPE_FAULT_HUGETLB;
	/* a huge leaf now */
	if (after->state == MMSCOPE_PS_PRESENT &&
	    after->level <= MMSCOPE_LEVEL_PMD) {
		if (b->state == MMSCOPE_PS_PRESENT && b->level == after->level) {
			if (!write)
				return MMSCOPE_FAULT_OTHER;
			return b->pfn == after->pfn ? MMSCOPE_FAULT_WP_REUSE :
						      MMSCOPE_FAULT_COW;
		}
		return after->zero ? MMSCOPE_FAULT_ZERO : MMSCOPE_FAULT_THP;
	}
	if (b->state == MMSCOPE_PS_SWAP)
		return MMSCOPE_FAULT_SWAPIN;
	if (c->special)
		return MMSCOPE_FAULT_OTHER;
	/* a huge leaf before, split since: a write broke it up */
	if (b->state == MMSCOPE_PS_PRESENT && b->level <= MMSCOPE_LEVEL_PMD)
		return write ? MMSCOPE_FAULT_COW : MMSCOPE_FAULT_OTHER;
	if (b->state == MMSCOPE_PS_NONE) {
		if (c->anon) {
			if (after->state != MMSCOPE_PS_PRESENT)
				return MMSCOPE_FAULT_OTHER;
			return after->zero ? MMSCOPE_FAULT_ZERO :
					     MMSCOPE_FAULT_ANON;
		}
		if (c->shared_mem)
			return MMSCOPE_FAULT_SHARED;
		if (write && !c->vm_shared)
			return MMSCOPE_FAULT_COW;
		return major ? MMSCOPE_FAULT_FILE_READ :
			       MMSCOPE_FAULT_FILE_CACHE;
	}
	if (b->state == MMSCOPE_PS_PRESENT && write &&
	    after->state == MMSCOPE_PS_PRESENT)
		return after->pfn == b->pfn ? MMSCOPE_FAULT_WP_REUSE :
					      MMSCOPE_FAULT_COW;
	return MMSCOPE_FAULT_OTHER;
}

static u32 mmscope_fault_error(vm_fault_t ret)
{
	if (ret & VM_FAULT_OOM)
		return MMSCOPE_FERR_OOM;
	if (ret & VM_FAULT_SIGBUS)
		return MMSCOPE_FERR_SIGBUS;
	if (ret & (VM_FAULT_HWPOISON | VM_FAULT_HWPOISON_LARGE))
		return MMSCOPE_FERR_HWPOISON;
	return MMSCOPE_FERR_SIGSEGV;
}

static u32 mmscope_fault_access(unsigned int flags)
{
	if (flags & FAULT_FLAG_INSTRUCTION)
		return MMSCOPE_ACCESS_EXEC;
	return flags & FAULT_FLAG_WRITE ? MMSCOPE_ACCESS_WRITE :
					  MMSCOPE_ACCESS_READ;
}

/* Who and where, for any event: global pids (the worker translates). */
static void mmscope_ev_who(u32 *pid, u32 *tid, u32 *cpu, char comm[16])
{
	BUILD_BUG_ON(TASK_COMM_LEN < 16);
	*pid = task_tgid_nr(current);
	*tid = task_pid_nr(current);
	*cpu = raw_smp_processor_id();
	memcpy(comm, current->comm, 16);
	comm[15] = '\0';
}

static void mmscope_ev_task(struct mmscope_fault_event *ev)
{
	mmscope_ev_who(&ev->pid, &ev->tid, &ev->cpu, ev->comm);
}

static int mmscope_fault_return(struct kretprobe_instance *ri,
				struct pt_regs *regs)
{
	struct mmscope_fault_ctx *c = (void *)ri->data;
	vm_fault_t ret = regs_return_value(regs);
	struct mm_struct *charged = current->mm ?: c->mm;
	struct mmscope_fault_event ev;
	struct mmscope_ps after;
	u32 fclass, flags = 0, err = MMSCOPE_FERR_NONE;
	u64 start = c->start, now;

	if (ret & VM_FAULT_RETRY) {
		/* not a fault: the try that completes it is */
		mmscope_note_put(MMSCOPE_NOTE_RETRY, c->address, c->start);
		mmscope_count_retry(charged);
		return 0;
	}
	now = ktime_get_mono_fast_ns();
	if (mmscope_note_take(MMSCOPE_NOTE_RETRY, c->address, &start))
		flags |= MMSCOPE_FAULTF_RETRIED;
	if (ret & VM_FAULT_ERROR) {
		fclass = MMSCOPE_FAULT_ERROR;
		err = mmscope_fault_error(ret);
		/* the signal this raises is this event, not another one */
		mmscope_note_put(MMSCOPE_NOTE_ERROR, c->address, now);
	} else {
		/* exactly as mm_account_fault() decides */
		bool major = (ret & VM_FAULT_MAJOR) ||
			     (c->flags & FAULT_FLAG_TRIED);

		if (major)
			flags |= MMSCOPE_FAULTF_MAJOR;
		if (c->hugetlb)
			memset(&after, 0, sizeof(after));
		else
			mmscope_peek(c->mm, c->address, &after);
		fclass = mmscope_classify(c, &after, major);
	}
	mmscope_count_fault(charged, fclass, flags, c->mode, now - start);

	if (!c->named || !atomic_read(&mmscope_fault_sessions))
		return 0;
	memset(&ev, 0, sizeof(ev));
	mmscope_ev_task(&ev);
	ev.time_ns = start;
	ev.latency_ns = now - start;
	ev.address = c->address;
	ev.ip = c->ip;
	ev.vma_start = c->vm_start;
	ev.vma_end = c->vm_end;
	ev.vma_pgoff = c->pgoff;
	ev.fclass = fclass;
	if (current->mm != c->mm)
		flags |= MMSCOPE_FAULTF_REMOTE;
	ev.flags = flags;
	ev.access = mmscope_fault_access(c->flags);
	ev.mode = c->mode;
	ev.vma_perms = c->perms;
	ev.vma_kind = c->kind;
	ev.error = err;
	memcpy(ev.vma_name, c->name, sizeof(ev.vma_name));
	mmscope_sessions_fault(&ev);
	return 0;
}

static struct kretprobe mmscope_fault_rp;

static int mmscope_fault_hook_on(void)
{
	memset(&mmscope_fault_rp, 0, sizeof(mmscope_fault_rp));
	mmscope_fault_rp.kp.symbol_name = "handle_mm_fault";
	mmscope_fault_rp.entry_handler = mmscope_fault_entry;
	mmscope_fault_rp.handler = mmscope_fault_return;
	mmscope_fault_rp.data_size = sizeof(struct mmscope_fault_ctx);
	/* faults sleep (I/O, locks): room for many at once */
	mmscope_fault_rp.maxactive = max_t(int, 256, 32 * num_possible_cpus());
	return register_kretprobe(&mmscope_fault_rp);
}

/* ---------------------------------------------------------------------
 * Faults that fail before handle_mm_fault: the signal they raise.
 */
struct mmscope_pf {
	struct task_struct *task;
	unsigned long addr;
	unsigned long ip;
	unsigned long error_code;
	u64 ts;
};

static DEFINE_PER_CPU(struct mmscope_pf, mmscope_pf);

static void mmscope_tp_page_fault_user(void *data, unsigned long address,
				       struct pt_regs *regs,
				       unsigned long error_code)
{
	struct mmscope_pf *pf = this_cpu_ptr(&mmscope_pf);

	pf->task = current;
	pf->addr = address;
	pf->ip = regs ? instruction_pointer(regs) : 0;
	pf->error_code = error_code;
	pf->ts = ktime_get_mono_fast_ns();
}

static u32 mmscope_signal_error(int sig, int code)
{
	if (sig == SIGSEGV) {
		switch (code) {
		case SEGV_MAPERR:
			return MMSCOPE_FERR_MAPERR;
		case SEGV_ACCERR:
			return MMSCOPE_FERR_ACCERR;
		case SEGV_PKUERR:
			return MMSCOPE_FERR_PKUERR;
		}
	} else if (sig == SIGBUS) {
		switch (code) {
		case BUS_ADRERR:
		case BUS_OBJERR:
		case BUS_MCEERR_AR:
			return MMSCOPE_FERR_SIGBUS;
		}
	}
	return MMSCOPE_FERR_NONE;
}

static void mmscope_tp_signal_generate(void *data, int sig,
				       struct kernel_siginfo *info,
				       struct task_struct *task, int group,
				       int result)
{
	struct mmscope_fault_event ev;
	struct mmscope_pf *pf;
	unsigned long addr;
	bool matched;
	u64 now;
	u32 err;

	if ((sig != SIGSEGV && sig != SIGBUS) || task != current ||
	    (unsigned long)info <= (unsigned long)SEND_SIG_PRIV ||
	    !SI_FROMKERNEL(info) || !current->mm)
		return;
	err = mmscope_signal_error(sig, info->si_code);
	if (err == MMSCOPE_FERR_NONE)
		return;
	addr = (unsigned long)info->si_addr;
	if (mmscope_note_take(MMSCOPE_NOTE_ERROR, addr, NULL))
		return;		/* the fault hook reported it */

	now = ktime_get_mono_fast_ns();
	pf = this_cpu_ptr(&mmscope_pf);
	matched = pf->task == current && pf->addr == addr;
	memset(&ev, 0, sizeof(ev));
	ev.flags = MMSCOPE_FAULTF_NO_VMA;
	if (matched) {
		ev.time_ns = pf->ts;
		ev.latency_ns = now - pf->ts;
		ev.ip = pf->ip;
		if (pf->error_code & X86_PF_INSTR)
			ev.access = MMSCOPE_ACCESS_EXEC;
		else if (pf->error_code & X86_PF_WRITE)
			ev.access = MMSCOPE_ACCESS_WRITE;
		pf->task = NULL;
	} else {
		ev.time_ns = now;
		ev.flags |= MMSCOPE_FAULTF_NO_LATENCY;
	}
	mmscope_count_fault(current->mm, MMSCOPE_FAULT_ERROR, ev.flags,
			    MMSCOPE_MODE_USER, ev.latency_ns);
	if (!atomic_read(&mmscope_fault_sessions))
		return;
	mmscope_ev_task(&ev);
	ev.address = addr;
	ev.fclass = MMSCOPE_FAULT_ERROR;
	ev.mode = MMSCOPE_MODE_USER;
	ev.error = err;
	mmscope_sessions_fault(&ev);
}

/* ---------------------------------------------------------------------
 * TLB flushes.
 */
/*
 * The last task switch seen on this CPU.  Only compared and used between
 * the sched_switch tracepoint and the tlb_flush of that same switch (both
 * inside __schedule() with interrupts off); cleared before the tracepoints
 * are registered, so nothing of an earlier registration is ever read.
 */
struct mmscope_switch {
	struct task_struct *prev;
	struct task_struct *next;
	struct mm_struct *next_mm;
};

static DEFINE_PER_CPU(struct mmscope_switch, mmscope_switch);

static void mmscope_tp_sched_switch(void *data, bool preempt,
				    struct task_struct *prev,
				    struct task_struct *next,
				    unsigned int prev_state)
{
	struct mmscope_switch *sw = this_cpu_ptr(&mmscope_switch);

	sw->prev = prev;
	sw->next = next;
	sw->next_mm = next->mm;
}

static void mmscope_switch_reset(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		memset(per_cpu_ptr(&mmscope_switch, cpu), 0,
		       sizeof(struct mmscope_switch));
}

static void mmscope_tp_tlb_flush(void *data, int reason, unsigned long pages)
{
	struct mm_struct *mm = current->active_mm;
	struct mmscope_switch *sw;
	u32 r;

	if (!pages)
		return;		/* traced, but nothing was flushed */
	switch (reason) {
	case TLB_FLUSH_ON_TASK_SWITCH:
		/*
		 * In context_switch() current is still the previous task and
		 * sched_switch has just said which task and mm come next.
		 * Otherwise exec and kthread_use_mm() switch current's own
		 * active_mm, and text_poke() or EFI a temporary mm that is
		 * nobody's: the page table now loaded says which it was.
		 */
		sw = this_cpu_ptr(&mmscope_switch);
		if (current == sw->prev && current != sw->next)
			mm = sw->next_mm;
		sw->prev = NULL;
		r = MMSCOPE_TLB_TASK_SWITCH;
		break;
	case TLB_REMOTE_SHOOTDOWN:
		r = MMSCOPE_TLB_REMOTE_SHOOTDOWN;
		break;
	case TLB_LOCAL_SHOOTDOWN:
		r = MMSCOPE_TLB_LOCAL_SHOOTDOWN;
		break;
	case TLB_LOCAL_MM_SHOOTDOWN:
		r = MMSCOPE_TLB_LOCAL_MM_SHOOTDOWN;
		break;
	default:
		return;		/* IPIs sent: counted by the kprobe */
	}
	/* Only the mm whose page table is loaded had its TLB entries flushed. */
	if (mm && read_cr3_pa() == __pa(mm->pgd))
		mmscope_count_tlb(mm, r, 0);
}

static unsigned long *mmscope_flush_ceiling;

/* Other CPUs in @mask, as the flush will see them. */
static u32 mmscope_other_cpus(const struct cpumask *mask)
{
	u32 n = cpumask_weight(mask);

	return n - !!cpumask_test_cpu(raw_smp_processor_id(), mask);
}

/* flush_tlb_mm_range(mm, start, end, stride_shift, freed_tables) */
static int mmscope_kp_flush_range(struct kprobe *p, struct pt_regs *regs)
{
	struct mm_struct *mm = (void *)regs_get_kernel_argument(regs, 0);
	unsigned long start = regs_get_kernel_argument(regs, 1);
	unsigned long end = regs_get_kernel_argument(regs, 2);
	unsigned int stride = regs_get_kernel_argument(regs, 3);
	bool freed = regs_get_kernel_argument(regs, 4) & 0xff;
	unsigned long ceiling = mmscope_flush_ceiling ?
				READ_ONCE(*mmscope_flush_ceiling) : 33;
	struct mmscope_tlb_event ev;
	bool full;

	if (!mm)
		return 0;
	if (stride >= BITS_PER_LONG)
		stride = PAGE_SHIFT;
	full = end == TLB_FLUSH_ALL || end < start ||
	       ((end - start) >> stride) > ceiling;
	mmscope_count_tlb_req(mm, current->mm, full,
			      full ? 0 : (end - start) >> PAGE_SHIFT);
	if (!atomic_read(&mmscope_tlb_sessions))
		return 0;

	memset(&ev, 0, sizeof(ev));
	ev.time_ns = ktime_get_mono_fast_ns();
	if (!full) {
		ev.start = start;
		ev.end = end;
		ev.pages = (end - start) >> PAGE_SHIFT;
	}
	mmscope_ev_who(&ev.pid, &ev.tid, &ev.cpu, ev.comm);
	ev.cpus = mmscope_other_cpus(mm_cpumask(mm));
	ev.flags = (full ? MMSCOPE_TLBF_FULL : 0) |
		   (freed ? MMSCOPE_TLBF_FREED_TABLES : 0);
	ev.stride_shift = stride;
	mmscope_sessions_tlb(&ev, mmscope_mm_owner_tgid(mm));
	return 0;
}

/* MMSCOPE_FLUSH_IPI_SYMBOL(cpumask, info): IPIs are being sent */
static int mmscope_kp_flush_multi(struct kprobe *p, struct pt_regs *regs)
{
	const struct cpumask *mask = (void *)regs_get_kernel_argument(regs, 0);
	struct mm_struct *mm =
		mmscope_flush_info_mm((void *)regs_get_kernel_argument(regs, 1));

	if (mm)
		mmscope_count_tlb(mm, MMSCOPE_TLB_SEND_IPI,
				  mmscope_other_cpus(mask));
	return 0;
}

/* __mmdrop(mm): the address space is freed; so are its counts */
static int mmscope_kp_mmdrop(struct kprobe *p, struct pt_regs *regs)
{
	mmscope_count_mmdrop((void *)regs_get_kernel_argument(regs, 0));
	return 0;
}

static struct kprobe mmscope_kp[3];
static const struct {
	const char *symbol;
	kprobe_pre_handler_t handler;
} mmscope_kp_def[3] = {
	{ "flush_tlb_mm_range", mmscope_kp_flush_range },
	{ MMSCOPE_FLUSH_IPI_SYMBOL, mmscope_kp_flush_multi },
	{ "__mmdrop", mmscope_kp_mmdrop },
};

static int mmscope_kprobe_on(int i)
{
	memset(&mmscope_kp[i], 0, sizeof(mmscope_kp[i]));
	mmscope_kp[i].symbol_name = mmscope_kp_def[i].symbol;
	mmscope_kp[i].pre_handler = mmscope_kp_def[i].handler;
	return register_kprobe(&mmscope_kp[i]);
}

/* ---------------------------------------------------------------------
 * Tracepoints, found by name (their objects are not exported).
 */
enum {
	MMSCOPE_TP_PF_USER,
	MMSCOPE_TP_SIGNAL,
	MMSCOPE_TP_TLB,
	MMSCOPE_TP_SWITCH,
	MMSCOPE_TP_NR
};

static const struct {
	const char *name;
	void *probe;
} mmscope_tp_def[MMSCOPE_TP_NR] = {
	[MMSCOPE_TP_PF_USER] = { "page_fault_user", mmscope_tp_page_fault_user },
	[MMSCOPE_TP_SIGNAL] = { "signal_generate", mmscope_tp_signal_generate },
	[MMSCOPE_TP_TLB] = { "tlb_flush", mmscope_tp_tlb_flush },
	[MMSCOPE_TP_SWITCH] = { "sched_switch", mmscope_tp_sched_switch },
};

static struct tracepoint *mmscope_tp[MMSCOPE_TP_NR];

static void mmscope_tp_find(struct tracepoint *tp, void *priv)
{
	int i;

	for (i = 0; i < MMSCOPE_TP_NR; i++)
		if (!strcmp(tp->name, mmscope_tp_def[i].name))
			mmscope_tp[i] = tp;
}

static int mmscope_tp_on(int i)
{
	if (!mmscope_tp[i])
		return -ENOENT;
	return tracepoint_probe_register(mmscope_tp[i], mmscope_tp_def[i].probe,
					 NULL);
}

static void mmscope_tp_off(int i)
{
	tracepoint_probe_unregister(mmscope_tp[i], mmscope_tp_def[i].probe,
				    NULL);
}

/* ---------------------------------------------------------------------
 * Registration, by reference count per hook.
 */
#define MMSCOPE_NR_HOOKS	5

static DEFINE_MUTEX(mmscope_hook_lock);
static unsigned int mmscope_hook_refs[MMSCOPE_NR_HOOKS];
static u32 mmscope_hooks_on;

static void mmscope_hook_err(int bit, int ret, struct netlink_ext_ack *extack)
{
	pr_warn("mmscope: cannot register hook %d: %d\n", bit, ret);
	switch (1 << bit) {
	case MMSCOPE_HOOK_FAULT:
		NL_SET_ERR_MSG(extack,
			       "cannot register the kretprobe on handle_mm_fault");
		break;
	case MMSCOPE_HOOK_SIGNAL:
		NL_SET_ERR_MSG(extack,
			       "cannot hook tracepoints signal_generate, page_fault_user");
		break;
	case MMSCOPE_HOOK_TLB:
		NL_SET_ERR_MSG(extack,
			       "cannot hook tracepoints tlb_flush, sched_switch");
		break;
	case MMSCOPE_HOOK_TLB_REQ:
		NL_SET_ERR_MSG(extack,
			       "cannot kprobe flush_tlb_mm_range, " MMSCOPE_FLUSH_IPI_SYMBOL);
		break;
	default:
		NL_SET_ERR_MSG(extack, "cannot register the kprobe on __mmdrop");
		break;
	}
}

static int mmscope_hook_register(int bit)
{
	int ret;

	switch (1 << bit) {
	case MMSCOPE_HOOK_FAULT:
		return mmscope_fault_hook_on();
	case MMSCOPE_HOOK_SIGNAL:
		ret = mmscope_tp_on(MMSCOPE_TP_PF_USER);
		if (ret)
			return ret;
		ret = mmscope_tp_on(MMSCOPE_TP_SIGNAL);
		if (ret)
			mmscope_tp_off(MMSCOPE_TP_PF_USER);
		return ret;
	case MMSCOPE_HOOK_TLB:
		mmscope_switch_reset();	/* tlb_flush is not registered */
		ret = mmscope_tp_on(MMSCOPE_TP_SWITCH);
		if (ret)
			return ret;
		ret = mmscope_tp_on(MMSCOPE_TP_TLB);
		if (ret)
			mmscope_tp_off(MMSCOPE_TP_SWITCH);
		return ret;
	case MMSCOPE_HOOK_TLB_REQ:
		ret = mmscope_kprobe_on(0);
		if (ret)
			return ret;
		ret = mmscope_kprobe_on(1);
		if (ret)
			unregister_kprobe(&mmscope_kp[0]);
		return ret;
	case MMSCOPE_HOOK_MMDROP:
		return mmscope_kprobe_on(2);
	}
	return -EINVAL;
}

static void mmscope_hook_unregister(int bit)
{
	switch (1 << bit) {
	case MMSCOPE_HOOK_FAULT:
		/* in-flight instances return through the trampoline only */
		unregister_kretprobe(&mmscope_fault_rp);
		break;
	case MMSCOPE_HOOK_SIGNAL:
		mmscope_tp_off(MMSCOPE_TP_SIGNAL);
		mmscope_tp_off(MMSCOPE_TP_PF_USER);
		tracepoint_synchronize_unregister();
		break;
	case MMSCOPE_HOOK_TLB:
		mmscope_tp_off(MMSCOPE_TP_TLB);
		mmscope_tp_off(MMSCOPE_TP_SWITCH);
		tracepoint_synchronize_unregister();
		break;
	case MMSCOPE_HOOK_TLB_REQ:
		unregister_kprobe(&mmscope_kp[1]);
		unregister_kprobe(&mmscope_kp[0]);
		break;
	case MMSCOPE_HOOK_MMDROP:
		unregister_kprobe(&mmscope_kp[2]);
		break;
	}
}

static void mmscope_hooks_put_locked(u32 hooks)
{
	int bit;

	for (bit = MMSCOPE_NR_HOOKS - 1; bit >= 0; bit--) {
		if (!(hooks & (1 << bit)) || WARN_ON(!mmscope_hook_refs[bit]))
			continue;
		if (--mmscope_hook_refs[bit])
			continue;
		mmscope_hook_unregister(bit);
		mmscope_hooks_on &= ~(1 << bit);
	}
}

/* Register @hooks (MMSCOPE_HOOK_* bits) not registered yet; all or none. */
int mmscope_hooks_get(u32 hooks, struct netlink_ext_ack *extack)
{
	u32 done = 0;
	int bit, ret = 0;

	mutex_lock(&mmscope_hook_lock);
	for (bit = 0; bit < MMSCOPE_NR_HOOKS; bit++) {
		if (!(hooks & (1 << bit)))
			continue;
		if (!mmscope_hook_refs[bit]) {
			ret = mmscope_hook_register(bit);
			if (ret) {
				mmscope_hook_err(bit, ret, extack);
				break;
			}
			mmscope_hooks_on |= 1 << bit;
		}
		mmscope_hook_refs[bit]++;
		done |= 1 << bit;
	}
	if (ret)
		mmscope_hooks_put_locked(done);
	mutex_unlock(&mmscope_hook_lock);
	return ret;
}

void mmscope_hooks_put(u32 hooks)
{
	mutex_lock(&mmscope_hook_lock);
	mmscope_hooks_put_locked(hooks);
	mutex_unlock(&mmscope_hook_lock);
}

u32 mmscope_hooks_registered(void)
{
	return READ_ONCE(mmscope_hooks_on);
}

u64 mmscope_fault_missed(void)
{
	return (mmscope_hooks_registered() & MMSCOPE_HOOK_FAULT) ?
	       READ_ONCE(mmscope_fault_rp.nmissed) : 0;
}

u64 mmscope_hooks_features(void)
{
	u64 f = 0;

	if (IS_ENABLED(CONFIG_KRETPROBES))
		f |= MMSCOPE_FEAT_FAULTS;
	if (IS_ENABLED(CONFIG_KPROBES) && mmscope_tp[MMSCOPE_TP_TLB] &&
	    mmscope_tp[MMSCOPE_TP_SWITCH])
		f |= MMSCOPE_FEAT_TLB;
	return f;
}

/* Kernel memory of the fault hook's instances while it is registered. */
size_t mmscope_hooks_bytes(void)
{
	if (!(mmscope_hooks_registered() & MMSCOPE_HOOK_FAULT))
		return 0;
	return (size_t)mmscope_fault_rp.maxactive *
	       (sizeof(struct kretprobe_instance) +
		sizeof(struct mmscope_fault_ctx));
}

int mmscope_trace_init(void)
{
	int i;

	for_each_kernel_tracepoint(mmscope_tp_find, NULL);
	for (i = 0; i < MMSCOPE_TP_NR; i++)
		if (!mmscope_tp[i])
			pr_info("mmscope: tracepoint %s not found\n",
				mmscope_tp_def[i].name);
	mmscope_flush_ceiling = mmscope_ksym_data("tlb_single_page_flush_ceiling");
	if (mmscope_flush_ceiling && (*mmscope_flush_ceiling < 1 ||
				      *mmscope_flush_ceiling > (1UL << 20)))
		mmscope_flush_ceiling = NULL;
	return 0;
}

/* Called once every session and counting are gone. */
void mmscope_trace_exit(void)
{
	int bit;

	mutex_lock(&mmscope_hook_lock);
	for (bit = 0; bit < MMSCOPE_NR_HOOKS; bit++) {
		if (WARN_ON(mmscope_hook_refs[bit])) {
			mmscope_hook_refs[bit] = 1;
			mmscope_hooks_put_locked(1 << bit);
		}
	}
	mutex_unlock(&mmscope_hook_lock);
}

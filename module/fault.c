// SPDX-License-Identifier: GPL-2.0
/*
 * The fault hooks.
 *
 * A kretprobe on handle_mm_fault().  Its entry handler notes the time,
 * the VMA (still locked by the caller) and the entry that maps the
 * address; its return handler reads the entry again and classifies the
 * fault from what changed and from the vm_fault_t.  A VM_FAULT_RETRY
 * return is not a fault: its start time is kept for the try that
 * completes (looked up by task), so a retried fault is one event and its
 * latency covers every try.  Faults that fail before handle_mm_fault (no
 * VMA, wrong permissions) are seen as the SIGSEGV/SIGBUS they raise
 * (signal:signal_generate), timed from exceptions:page_fault_user.
 *
 * Every handler runs in atomic context and does bounded work (see
 * trace.c); the fault hook's counts go to counters.c, its events to the
 * sessions' rings (session.c).
 */
#include <linux/hash.h>
#include <linux/kprobes.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/signal.h>
#include <linux/swap.h>
#include <asm/trap_pf.h>

#include "mmscope.h"
#include "trace.h"
#include "hooks.h"
#include "account.h"
#include "wrapper/mm.h"
#include "wrapper/pgtable.h"
#include "wrapper/leaf.h"

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

static void mmscope_ev_task(struct mmscope_fault_event *ev)
{
	mmscope_ev_who(&ev->pid, &ev->tid, &ev->cpu, ev->comm);
}

static void mmscope_fault_send(const struct mmscope_fault_ctx *c,
			       u64 start, u64 now, u32 fclass, u32 flags,
			       u32 err);

static int mmscope_fault_return(struct kretprobe_instance *ri,
				struct pt_regs *regs)
{
	struct mmscope_fault_ctx *c = (void *)ri->data;
	vm_fault_t ret = regs_return_value(regs);
	struct mm_struct *charged = current->mm ?: c->mm;
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

	if (c->named && atomic_read(&mmscope_fault_sessions))
		mmscope_fault_send(c, start, now, fclass, flags, err);
	return 0;
}

/*
 * The event of a fault, to the sessions.  Out of line: the event is 176
 * bytes of stack that the kernel's automatic zeroing of stack variables
 * (INIT_STACK_ALL_ZERO) would clear on every fault, traced or not.
 */
static noinline void mmscope_fault_send(const struct mmscope_fault_ctx *c,
					u64 start, u64 now, u32 fclass,
					u32 flags, u32 err)
{
	struct mmscope_fault_event ev;

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
}

static struct kretprobe mmscope_fault_rp;

int mmscope_fault_hook_on(void)
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

void mmscope_tp_page_fault_user(void *data, unsigned long address,
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

void mmscope_tp_signal_generate(void *data, int sig,
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

void mmscope_fault_hook_off(void)
{
	/* in-flight instances return through the trampoline only */
	unregister_kretprobe(&mmscope_fault_rp);
}

u64 mmscope_fault_missed(void)
{
	return (mmscope_hooks_registered() & MMSCOPE_HOOK_FAULT) ?
	       READ_ONCE(mmscope_fault_rp.nmissed) : 0;
}

/* Kernel memory of the fault hook's instances while it is registered. */
size_t mmscope_fault_hook_bytes(void)
{
	return (size_t)mmscope_fault_rp.maxactive *
	       (sizeof(struct kretprobe_instance) +
		sizeof(struct mmscope_fault_ctx));
}

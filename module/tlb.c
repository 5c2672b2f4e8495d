// SPDX-License-Identifier: GPL-2.0
/*
 * The TLB hooks.
 *
 * The tlb:tlb_flush tracepoint counts flushes by reason for the address
 * space loaded on the CPU (for a task switch, the one being switched to:
 * sched:sched_switch tells which); kprobes on flush_tlb_mm_range() and
 * native_flush_tlb_multi() tell who asked, for which address space, how
 * much, and how many CPUs were sent IPIs; one on __mmdrop() ends the
 * counts of an address space.
 */
#include <linux/kprobes.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <asm/tlbflush.h>

#include "mmscope.h"
#include "trace.h"
#include "hooks.h"
#include "wrapper/mm.h"
#include "wrapper/tlb.h"

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

void mmscope_tp_sched_switch(void *data, bool preempt,
			     struct task_struct *prev,
			     struct task_struct *next,
			     unsigned int prev_state)
{
	struct mmscope_switch *sw = this_cpu_ptr(&mmscope_switch);

	sw->prev = prev;
	sw->next = next;
	sw->next_mm = next->mm;
}

void mmscope_switch_reset(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		memset(per_cpu_ptr(&mmscope_switch, cpu), 0,
		       sizeof(struct mmscope_switch));
}

void mmscope_tp_tlb_flush(void *data, int reason, unsigned long pages)
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

int mmscope_kprobe_on(int i)
{
	memset(&mmscope_kp[i], 0, sizeof(mmscope_kp[i]));
	mmscope_kp[i].symbol_name = mmscope_kp_def[i].symbol;
	mmscope_kp[i].pre_handler = mmscope_kp_def[i].handler;
	return register_kprobe(&mmscope_kp[i]);
}

void mmscope_kprobe_off(int i)
{
	unregister_kprobe(&mmscope_kp[i]);
}

/* The kernel's ceiling of a ranged flush, if it can be read. */
void mmscope_tlb_init(void)
{
	mmscope_flush_ceiling = mmscope_ksym_data("tlb_single_page_flush_ceiling");
	if (mmscope_flush_ceiling && (*mmscope_flush_ceiling < 1 ||
				      *mmscope_flush_ceiling > (1UL << 20)))
		mmscope_flush_ceiling = NULL;
}

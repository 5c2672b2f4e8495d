/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mmscope: what the hook handlers (fault.c, tlb.c) and their registration
 * (trace.c) share.
 */
#ifndef _MMSCOPE_HOOKS_H
#define _MMSCOPE_HOOKS_H

#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/string.h>

struct kernel_siginfo;
struct pt_regs;

/* Who and where, for any event: global pids (the worker translates). */
static inline void mmscope_ev_who(u32 *pid, u32 *tid, u32 *cpu, char comm[16])
{
	BUILD_BUG_ON(TASK_COMM_LEN < 16);
	*pid = task_tgid_nr(current);
	*tid = task_pid_nr(current);
	*cpu = raw_smp_processor_id();
	memcpy(comm, current->comm, 16);
	comm[15] = '\0';
}

/* fault.c */
int mmscope_fault_hook_on(void);
void mmscope_fault_hook_off(void);
size_t mmscope_fault_hook_bytes(void);
void mmscope_tp_page_fault_user(void *data, unsigned long address,
				struct pt_regs *regs, unsigned long error_code);
void mmscope_tp_signal_generate(void *data, int sig,
				struct kernel_siginfo *info,
				struct task_struct *task, int group, int result);

/* tlb.c */
void mmscope_tlb_init(void);
void mmscope_switch_reset(void);
void mmscope_tp_sched_switch(void *data, bool preempt,
			     struct task_struct *prev,
			     struct task_struct *next,
			     unsigned int prev_state);
void mmscope_tp_tlb_flush(void *data, int reason, unsigned long pages);
/* the kprobes: 0 flush_tlb_mm_range, 1 the IPI sender, 2 __mmdrop */
int mmscope_kprobe_on(int i);
void mmscope_kprobe_off(int i);

#endif /* _MMSCOPE_HOOKS_H */

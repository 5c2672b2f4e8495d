// SPDX-License-Identifier: GPL-2.0
/*
 * The hooks: found, registered while a session or counting needs them
 * (by reference count per hook), and unregistered.  The handlers are in
 * fault.c (faults and the signals of failed ones) and tlb.c (TLB
 * flushes).
 *
 * Every handler runs in atomic context and does bounded work: it reads a
 * few words, counts under a raw spinlock (counters.c) and copies a fixed
 * record into per-CPU rings (session.c).  Nothing there sleeps, allocates
 * or sends.  No kernel function is called through an address found by
 * name.
 */
#include <linux/kprobes.h>
#include <linux/mutex.h>
#include <linux/tracepoint.h>

#include "mmscope.h"
#include "trace.h"
#include "hooks.h"
#include "wrapper/tlb.h"

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
			mmscope_kprobe_off(0);
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
		mmscope_fault_hook_off();
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
		mmscope_kprobe_off(1);
		mmscope_kprobe_off(0);
		break;
	case MMSCOPE_HOOK_MMDROP:
		mmscope_kprobe_off(2);
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
	return mmscope_fault_hook_bytes();
}

int mmscope_trace_init(void)
{
	int i;

	for_each_kernel_tracepoint(mmscope_tp_find, NULL);
	for (i = 0; i < MMSCOPE_TP_NR; i++)
		if (!mmscope_tp[i])
			pr_info("mmscope: tracepoint %s not found\n",
				mmscope_tp_def[i].name);
	mmscope_tlb_init();
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

// SPDX-License-Identifier: GPL-2.0
/*
 * CPUS_GET: each CPU's loaded address space.  Each online CPU reads its
 * own state in an IPI, so that what it reports held at one moment there:
 * the page-table root in CR3, whose address space it is (the running
 * task's own, one borrowed by a kernel thread in lazy TLB mode, or the
 * kernel's), the task running, and the TLB generation the CPU has seen
 * against the address space's.
 *
 * In the IPI the loaded address space cannot go away: a CPU holds a
 * reference to what it has loaded (the running task's mm, or the lazy
 * reference of a kernel thread's active_mm) until it switches, and it
 * cannot switch while it runs the handler.  The tasks seen are pinned
 * (get_task_struct) until the reply is built.  The CPU's TLB state
 * (cpu_tlbstate) is not exported: it is found by name and only read
 * through copy_from_kernel_nofault(), and only used when its loaded_mm
 * is the address space CR3 points at.
 */
#include <linux/cpu.h>
#include <linux/mm.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <asm/special_insns.h>
#include <asm/processor-flags.h>

#include "mmscope.h"
#include "wrapper/mm.h"
#include "wrapper/tlb.h"

struct mmscope_cpu_seen {
	u32 cpu;
	u32 kind;			/* MMSCOPE_CPU_MM_* */
	u64 pgd_phys;
	struct task_struct *running;	/* pinned */
	struct task_struct *owner;	/* pinned, or NULL */
	char running_comm[16];
	char owner_comm[16];
	bool kthread;
	int lazy;			/* -1: cannot tell */
	bool have_gen, have_seen;
	u64 tlb_gen, tlb_gen_seen;
	/* in: what every CPU compares with */
	struct mmscope_tlb_state __percpu *tlbstate;
	u64 init_pgd_phys;		/* 0: unknown */
};

/* This CPU's TLB generation for @mm, if its own TLB state says so. */
static bool mmscope_cpu_gen_seen(struct mmscope_tlb_state *ts, struct mm_struct *mm,
				 u64 *seen)
{
	struct mm_struct *loaded;
	struct mmscope_tlb_context ctx;
	u16 asid;

	if (copy_from_kernel_nofault(&loaded, &ts->loaded_mm, sizeof(loaded)) ||
	    copy_from_kernel_nofault(&asid, &ts->loaded_mm_asid, sizeof(asid)) ||
	    loaded != mm || asid >= MMSCOPE_TLB_NR_DYN_ASIDS ||
	    copy_from_kernel_nofault(&ctx, &ts->ctxs[asid], sizeof(ctx)) ||
	    ctx.ctx_id != mm->context.ctx_id)
		return false;
	*seen = ctx.tlb_gen;
	return true;
}

/* In the IPI, on the CPU: what it has loaded, and who runs. */
static void mmscope_cpu_read(void *arg)
{
	struct mmscope_cpu_seen *c = arg;
	struct task_struct *t = current, *owner = NULL;
	struct mmscope_tlb_state *ts = c->tlbstate ? this_cpu_ptr(c->tlbstate) : NULL;
	u64 cr3 = __read_cr3() & CR3_ADDR_MASK;
	struct mm_struct *mm = NULL;

	c->pgd_phys = cr3;
	c->running = t;
	get_task_struct(t);
	memcpy(c->running_comm, t->comm, sizeof(c->running_comm));
	c->running_comm[sizeof(c->running_comm) - 1] = '\0';
	c->kthread = !!(t->flags & PF_KTHREAD);
	if (t->mm && __pa(t->mm->pgd) == cr3) {
		mm = t->mm;
		c->kind = MMSCOPE_CPU_MM_USER;
		owner = t->group_leader;
	} else if (t->active_mm && __pa(t->active_mm->pgd) == cr3 &&
		   mmscope_mm_is_user(t->active_mm)) {
		mm = t->active_mm;
		c->kind = MMSCOPE_CPU_MM_LAZY;
#ifdef CONFIG_MEMCG
		rcu_read_lock();
		owner = rcu_dereference(mm->owner);
		if (owner)
			get_task_struct(owner);
		rcu_read_unlock();
		if (owner) {
			c->owner = owner;
			memcpy(c->owner_comm, owner->comm, sizeof(c->owner_comm));
			owner = NULL;
		}
#endif
	} else if ((t->active_mm && __pa(t->active_mm->pgd) == cr3) ||
		   (c->init_pgd_phys && c->init_pgd_phys == cr3)) {
		c->kind = MMSCOPE_CPU_MM_KERNEL;
	} else {
		c->kind = MMSCOPE_CPU_MM_OTHER;
	}
	if (owner) {
		get_task_struct(owner);
		c->owner = owner;
		memcpy(c->owner_comm, owner->comm, sizeof(c->owner_comm));
	}
	c->owner_comm[sizeof(c->owner_comm) - 1] = '\0';
	c->lazy = mmscope_cpu_is_lazy(ts);
	if (mm) {
		c->have_gen = true;
		c->tlb_gen = atomic64_read(&mm->context.tlb_gen);
		if (ts)
			c->have_seen = mmscope_cpu_gen_seen(ts, mm, &c->tlb_gen_seen);
	}
}

/* cpu_tlbstate, found by name (unexported), or NULL. */
static struct mmscope_tlb_state __percpu *mmscope_tlbstate(void)
{
	return (struct mmscope_tlb_state __percpu *)
		(unsigned long)mmscope_ksym_data("cpu_tlbstate");
}

u64 mmscope_cpus_features(void)
{
	return mmscope_tlbstate() ? MMSCOPE_FEAT_CPU_TLB_GEN : 0;
}

/* The physical address of init_mm's top-level table, 0 if unknown. */
static u64 mmscope_init_pgd_phys(void)
{
	struct mm_struct *init = mmscope_ksym_data("init_mm");
	pgd_t *pgd;

	if (!init || copy_from_kernel_nofault(&pgd, &init->pgd, sizeof(pgd)) ||
	    !virt_addr_valid(pgd))
		return 0;
	return __pa(pgd);
}

static int mmscope_put_cpu(struct sk_buff *msg, const struct mmscope_cpu_seen *c,
			   struct pid_namespace *ns)
{
	struct nlattr *nest = nla_nest_start(msg, MMSCOPE_A_CPU);

	if (!nest ||
	    nla_put_u32(msg, MMSCOPE_CPU_A_CPU, c->cpu) ||
	    nla_put_u32(msg, MMSCOPE_CPU_A_MM, c->kind) ||
	    nla_put_u64_64bit(msg, MMSCOPE_CPU_A_PGD_PHYS, c->pgd_phys,
			      MMSCOPE_CPU_A_PAD) ||
	    nla_put_u32(msg, MMSCOPE_CPU_A_RUNNING_PID,
			task_tgid_nr_ns(c->running, ns)) ||
	    nla_put_u32(msg, MMSCOPE_CPU_A_RUNNING_TID,
			task_pid_nr_ns(c->running, ns)) ||
	    nla_put_string(msg, MMSCOPE_CPU_A_RUNNING_COMM, c->running_comm) ||
	    nla_put_u32(msg, MMSCOPE_CPU_A_RUNNING_KTHREAD, c->kthread))
		return -EMSGSIZE;
	if (c->owner &&
	    (nla_put_u32(msg, MMSCOPE_CPU_A_OWNER_PID,
			 task_tgid_nr_ns(c->owner, ns)) ||
	     nla_put_string(msg, MMSCOPE_CPU_A_OWNER_COMM, c->owner_comm)))
		return -EMSGSIZE;
	if (c->lazy >= 0 && nla_put_u32(msg, MMSCOPE_CPU_A_LAZY, c->lazy))
		return -EMSGSIZE;
	if (c->have_gen &&
	    nla_put_u64_64bit(msg, MMSCOPE_CPU_A_TLB_GEN, c->tlb_gen,
			      MMSCOPE_CPU_A_PAD))
		return -EMSGSIZE;
	if (c->have_seen &&
	    nla_put_u64_64bit(msg, MMSCOPE_CPU_A_TLB_GEN_SEEN, c->tlb_gen_seen,
			      MMSCOPE_CPU_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/* Room for one CPU's nest: numbers, two comms, headers. */
#define MMSCOPE_CPU_MSG	256

int mmscope_nl_cpus_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mmscope_tlb_state __percpu *tlbstate = mmscope_tlbstate();
	struct pid_namespace *ns = task_active_pid_ns(current);
	u64 init_pgd = mmscope_init_pgd_phys();
	struct mmscope_cpu_seen *seen;
	unsigned int n = 0, i, cpu;
	struct sk_buff *msg;
	void *hdr;
	int ret = 0;

	cpus_read_lock();
	seen = kcalloc(num_online_cpus(), sizeof(*seen), GFP_KERNEL);
	if (!seen) {
		cpus_read_unlock();
		NL_SET_ERR_MSG(info->extack, "out of memory");
		return -ENOMEM;
	}
	for_each_online_cpu(cpu) {
		struct mmscope_cpu_seen *c = &seen[n];

		c->cpu = cpu;
		c->tlbstate = tlbstate;
		c->init_pgd_phys = init_pgd;
		c->lazy = -1;
		ret = smp_call_function_single(cpu, mmscope_cpu_read, c, 1);
		if (ret)
			break;
		n++;
	}
	cpus_read_unlock();
	if (ret) {
		NL_SET_ERR_MSG(info->extack, "a CPU did not answer the IPI");
		goto out;
	}
	msg = mmscope_reply_new(info, NLMSG_GOODSIZE + n * MMSCOPE_CPU_MSG, &hdr);
	if (IS_ERR(msg)) {
		ret = PTR_ERR(msg);
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (mmscope_put_cpu(msg, &seen[i], ns)) {
			ret = mmscope_reply_too_big(info, msg);
			goto out;
		}
	}
	ret = mmscope_reply(info, msg, hdr);
out:
	for (i = 0; i < n; i++) {
		put_task_struct(seen[i].running);
		if (seen[i].owner)
			put_task_struct(seen[i].owner);
	}
	kfree(seen);
	return ret;
}

struct mmscope_borrow {
	struct task_struct *task;	/* in */
	bool running;
	struct task_struct *owner;	/* pinned, or NULL */
	char comm[16];
};

static void mmscope_borrow_read(void *arg)
{
	struct mmscope_borrow *b = arg;
	struct task_struct *t = current;
	struct mm_struct *mm = t->mm ? t->mm : t->active_mm;

	if (t != b->task || !mm || !mmscope_mm_is_user(mm))
		return;
	b->running = true;
#ifdef CONFIG_MEMCG
	rcu_read_lock();
	b->owner = rcu_dereference(mm->owner);
	if (b->owner) {
		get_task_struct(b->owner);
		memcpy(b->comm, b->owner->comm, sizeof(b->comm));
		b->comm[sizeof(b->comm) - 1] = '\0';
	}
	rcu_read_unlock();
#endif
}

/*
 * A kernel thread's borrowed address space, put into TASK_GET's reply:
 * only while it runs on a process's page tables, as its CPU sees it in
 * an IPI (a thread that moved or stopped meanwhile borrows nothing then).
 */
int mmscope_put_task_borrowed(struct sk_buff *msg, struct task_struct *task)
{
	struct mmscope_borrow b = { .task = task };
	int cpu, ret = 0;

	/* the CPU it last ran on: the IPI looks whether it runs there now */
	cpus_read_lock();
	cpu = task_cpu(task);
	if (cpu_online(cpu))
		smp_call_function_single(cpu, mmscope_borrow_read, &b, 1);
	cpus_read_unlock();
	if (!b.running)
		return 0;
	if (nla_put_u32(msg, MMSCOPE_TASK_A_BORROWED_CPU, cpu))
		ret = -EMSGSIZE;
	else if (b.owner &&
		 (nla_put_u32(msg, MMSCOPE_TASK_A_BORROWED_PID, task_tgid_vnr(b.owner)) ||
		  nla_put_string(msg, MMSCOPE_TASK_A_BORROWED_COMM, b.comm)))
		ret = -EMSGSIZE;
	if (b.owner)
		put_task_struct(b.owner);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * pid -> task -> mm, with references and permission checks, and the
 * TASK_GET command.
 */
#include <linux/capability.h>
#include <linux/pid.h>
#include <linux/threads.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/mmap_lock.h>
#include <linux/rcupdate.h>
#include <linux/io.h>

#include "mmscope.h"
#include "wrapper/genetlink.h"
#include "wrapper/mm.h"

int mmscope_check_perm(struct sk_buff *skb, struct netlink_ext_ack *extack)
{
	if (!netlink_capable(skb, CAP_SYS_ADMIN)) {
		NL_SET_ERR_MSG(extack,
			       "permission denied: mmscope needs CAP_SYS_ADMIN in the initial user namespace");
		return -EPERM;
	}
	if (READ_ONCE(mmscope_unloading)) {
		NL_SET_ERR_MSG(extack, "mmscope is being unloaded");
		return -ENODEV;
	}
	return 0;
}

/* Resolve MMSCOPE_A_PID in the caller's pid namespace; takes a reference. */
struct task_struct *mmscope_task_get(const struct nlattr *pid_attr,
				     struct netlink_ext_ack *extack)
{
	struct task_struct *task = NULL;
	struct pid *pid;
	u32 nr;

	if (!pid_attr) {
		NL_SET_ERR_MSG(extack,
			       "missing PID attribute: the request must name a process");
		NL_SET_ERR_ATTR_MISS(extack, NULL, MMSCOPE_A_PID);
		return ERR_PTR(-EINVAL);
	}

	BUILD_BUG_ON(MMSCOPE_PID_MAX != PID_MAX_LIMIT);
	nr = nla_get_u32(pid_attr);
	if (nr < 1 || nr > MMSCOPE_PID_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, pid_attr,
				    "pid out of range: it must be 1..4194304");
		return ERR_PTR(-EINVAL);
	}
	pid = find_get_pid(nr);
	if (pid) {
		task = get_pid_task(pid, PIDTYPE_PID);
		put_pid(pid);
	}
	if (!task) {
		NL_SET_ERR_MSG_ATTR(extack, pid_attr,
				    "no such process in the caller's pid namespace");
		return ERR_PTR(-ESRCH);
	}
	return task;
}

/*
 * The task's address space with a reference (mmput() it), or an ERR_PTR
 * with an ext-ack message that says why there is none.
 */
struct mm_struct *mmscope_task_mm(struct task_struct *task,
				  struct netlink_ext_ack *extack)
{
	struct mm_struct *mm = get_task_mm(task);

	if (mm)
		return mm;
	if (task->flags & PF_KTHREAD)
		NL_SET_ERR_MSG(extack,
			       "the pid is a kernel thread: it has no user address space");
	else if (READ_ONCE(task->exit_state))
		NL_SET_ERR_MSG(extack,
			       "the process has exited (zombie): its address space is gone");
	else
		NL_SET_ERR_MSG(extack,
			       "the process has no address space (it is exiting)");
	return ERR_PTR(-ENOENT);
}

static int mmscope_put_u64(struct sk_buff *msg, int type, u64 val)
{
	return nla_put_u64_64bit(msg, type, val, MMSCOPE_MM_A_PAD);
}

static int mmscope_fill_mm(struct sk_buff *msg, struct mm_struct *mm)
{
	unsigned long anon, file, shmem, rss, hiwater_rss, hiwater_vm;
	struct {
		int type;
		u64 val;
	} v[] = {
		{ MMSCOPE_MM_A_USERS, atomic_read(&mm->mm_users) },
		{ MMSCOPE_MM_A_COUNT, atomic_read(&mm->mm_count) },
		{ MMSCOPE_MM_A_MAP_COUNT, READ_ONCE(mm->map_count) },
		{ MMSCOPE_MM_A_TOTAL_VM, READ_ONCE(mm->total_vm) },
		{ MMSCOPE_MM_A_LOCKED_VM, READ_ONCE(mm->locked_vm) },
		{ MMSCOPE_MM_A_PINNED_VM, atomic64_read(&mm->pinned_vm) },
		{ MMSCOPE_MM_A_DATA_VM, READ_ONCE(mm->data_vm) },
		{ MMSCOPE_MM_A_EXEC_VM, READ_ONCE(mm->exec_vm) },
		{ MMSCOPE_MM_A_STACK_VM, READ_ONCE(mm->stack_vm) },
		{ MMSCOPE_MM_A_SWAP_ENTS, mmscope_mm_counter(mm, MM_SWAPENTS) },
		{ MMSCOPE_MM_A_PGTABLES_BYTES, mm_pgtables_bytes(mm) },
		{ MMSCOPE_MM_A_START_CODE, mm->start_code },
		{ MMSCOPE_MM_A_END_CODE, mm->end_code },
		{ MMSCOPE_MM_A_START_DATA, mm->start_data },
		{ MMSCOPE_MM_A_END_DATA, mm->end_data },
		{ MMSCOPE_MM_A_START_BRK, mm->start_brk },
		{ MMSCOPE_MM_A_BRK, mm->brk },
		{ MMSCOPE_MM_A_START_STACK, mm->start_stack },
		{ MMSCOPE_MM_A_PGD_PHYS, virt_to_phys(mm->pgd) },
	};
	unsigned long arg_start, arg_end, env_start, env_end;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(v); i++)
		if (mmscope_put_u64(msg, v[i].type, v[i].val))
			return -EMSGSIZE;

	spin_lock(&mm->arg_lock);
	arg_start = mm->arg_start;
	arg_end = mm->arg_end;
	env_start = mm->env_start;
	env_end = mm->env_end;
	spin_unlock(&mm->arg_lock);

	/* As /proc/PID/status computes VmRSS, VmHWM and VmPeak. */
	anon = mmscope_mm_counter(mm, MM_ANONPAGES);
	file = mmscope_mm_counter(mm, MM_FILEPAGES);
	shmem = mmscope_mm_counter(mm, MM_SHMEMPAGES);
	rss = anon + file + shmem;
	hiwater_rss = max(rss, READ_ONCE(mm->hiwater_rss));
	hiwater_vm = max(READ_ONCE(mm->total_vm), READ_ONCE(mm->hiwater_vm));

	if (mmscope_put_u64(msg, MMSCOPE_MM_A_ARG_START, arg_start) ||
	    mmscope_put_u64(msg, MMSCOPE_MM_A_ARG_END, arg_end) ||
	    mmscope_put_u64(msg, MMSCOPE_MM_A_ENV_START, env_start) ||
	    mmscope_put_u64(msg, MMSCOPE_MM_A_ENV_END, env_end) ||
	    mmscope_put_u64(msg, MMSCOPE_MM_A_RSS_ANON, anon) ||
	    mmscope_put_u64(msg, MMSCOPE_MM_A_RSS_FILE, file) ||
	    mmscope_put_u64(msg, MMSCOPE_MM_A_RSS_SHMEM, shmem) ||
	    mmscope_put_u64(msg, MMSCOPE_MM_A_HIWATER_RSS, hiwater_rss) ||
	    mmscope_put_u64(msg, MMSCOPE_MM_A_HIWATER_VM, hiwater_vm))
		return -EMSGSIZE;
	return 0;
}

/* The tids of the thread group that use @mm; sets *truncated if cut. */
static int mmscope_fill_tids(struct sk_buff *msg, struct task_struct *task,
			     struct mm_struct *mm, int max, bool *truncated)
{
	struct task_struct *t;
	struct nlattr *nest;
	int idx = 0;

	nest = nla_nest_start(msg, MMSCOPE_TASK_A_TIDS);
	if (!nest)
		return -EMSGSIZE;
	rcu_read_lock();
	for_each_thread(task, t) {
		if (READ_ONCE(t->mm) != mm)
			continue;
		if (idx >= max || nla_put_u32(msg, idx + 1, task_pid_vnr(t))) {
			*truncated = true;
			break;
		}
		idx++;
	}
	rcu_read_unlock();
	nla_nest_end(msg, nest);
	return 0;
}

int mmscope_nl_task_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct mm_struct *mm = NULL;
	struct task_struct *task;
	char comm[TASK_COMM_LEN];
	struct nlattr *nest, *mm_nest;
	bool truncated = false;
	struct sk_buff *msg;
	u32 flags = 0;
	int max_tids;
	size_t size;
	void *hdr;
	int ret;

	task = mmscope_task_get(info->attrs[MMSCOPE_A_PID], extack);
	if (IS_ERR(task))
		return PTR_ERR(task);

	if (task->flags & PF_KTHREAD)
		flags |= MMSCOPE_TASK_F_KTHREAD;
	else
		mm = get_task_mm(task);
	if (!mm)
		flags |= MMSCOPE_TASK_F_NO_MM;
	if (READ_ONCE(task->exit_state) & EXIT_ZOMBIE)
		flags |= MMSCOPE_TASK_F_ZOMBIE;
	if (READ_ONCE(task->flags) & PF_EXITING)
		flags |= MMSCOPE_TASK_F_EXITING;

	/* Room for every thread the group has now, plus some that may come. */
	max_tids = get_nr_threads(task) + 64;
	size = NLMSG_GOODSIZE + nla_total_size(sizeof(u32)) * max_tids;
	msg = mmscope_reply_new(info, size, &hdr);
	if (IS_ERR(msg)) {
		ret = PTR_ERR(msg);
		goto out;
	}
	nest = nla_nest_start(msg, MMSCOPE_A_TASK);
	if (!nest)
		goto too_big;

	get_task_comm(comm, task);
	if (nla_put_u32(msg, MMSCOPE_TASK_A_PID, task_pid_vnr(task)) ||
	    nla_put_u32(msg, MMSCOPE_TASK_A_TGID, task_tgid_vnr(task)) ||
	    nla_put_string(msg, MMSCOPE_TASK_A_COMM, comm) ||
	    nla_put_u32(msg, MMSCOPE_TASK_A_NR_THREADS, get_nr_threads(task)))
		goto too_big;

	if (mm) {
		if (mmscope_fill_tids(msg, task, mm, max_tids, &truncated))
			goto too_big;
		if (truncated)
			flags |= MMSCOPE_TASK_F_TIDS_TRUNCATED;
		mm_nest = nla_nest_start(msg, MMSCOPE_TASK_A_MM);
		if (!mm_nest || mmscope_fill_mm(msg, mm))
			goto too_big;
		nla_nest_end(msg, mm_nest);
	} else if ((flags & MMSCOPE_TASK_F_KTHREAD) &&
		   mmscope_put_task_borrowed(msg, task)) {
		goto too_big;
	}
	if (nla_put_u32(msg, MMSCOPE_TASK_A_FLAGS, flags))
		goto too_big;
	nla_nest_end(msg, nest);
	ret = mmscope_reply(info, msg, hdr);
	goto out;

too_big:
	ret = mmscope_reply_too_big(info, msg);
out:
	if (mm)
		mmput(mm);
	put_task_struct(task);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Trace sessions: TRACE_START, TRACE_STOP, and the worker that sends.
 *
 * A session belongs to the netlink socket that started it.  The hooks
 * (fault.c, tlb.c) filter each event against every session and copy it
 * into the session's ring of the current CPU: a fixed array of records,
 * written with interrupts off by the one CPU that owns it, never waiting:
 * a full ring drops the event and counts it.  A delayed work item drains the
 * rings every tick into TRACE_EVENT messages unicast to the session's
 * socket; a socket whose receive buffer is full loses those events
 * (counted) rather than holding kernel memory.  The session ends on
 * TRACE_STOP (which first sends what is left) or when its socket closes
 * (NETLINK_URELEASE).  Kernel memory per session is fixed at its start.
 */
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <linux/pid_namespace.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>

#include "mmscope.h"
#include "wrapper/genetlink.h"
#include "trace.h"

/* Payload of one TRACE_EVENT message: about 90 fault events. */
#define MMSCOPE_EV_PAYLOAD	(16384 - 512)
/* Room kept at the end of a message for the stats nest. */
#define MMSCOPE_STATS_ROOM	64
/* Ticks between two drains. */
#define MMSCOPE_FLUSH_DELAY	1

struct mmscope_ring {
	u32 head;		/* next slot to fill (this CPU, irqs off) */
	u32 tail;		/* next slot to send (the worker) */
	u64 drops;		/* events lost: the ring was full */
	struct mmscope_rec recs[];
};

struct mmscope_session {
	struct list_head node;		/* mmscope_sessions (RCU) */
	struct list_head dead;		/* detached, waiting to be freed */
	u32 id;
	u32 portid;
	struct net *net;
	struct pid_namespace *pidns;
	u32 flags;			/* MMSCOPE_TRACE_F_* */
	u32 classes;			/* 1 << MMSCOPE_FAULT_* */
	u64 min_latency;
	u32 npids;
	u32 pids[MMSCOPE_MAX_TRACE_PIDS];	/* global tgids */
	u32 hooks;
	u32 mask;			/* ring slots - 1 */
	struct mmscope_ring **rings;	/* one per possible CPU */
	struct delayed_work work;
	struct mutex flush_lock;	/* one drain at a time */
	bool stopping;
	bool sock_full;			/* this drain: the socket refused */
	bool gone;			/* the socket is closed */
	u64 events;			/* sent */
	u64 sock_drops;
	u64 missed0;			/* the fault hook's misses at start */
	size_t bytes;
};

static LIST_HEAD(mmscope_sessions);
static DEFINE_MUTEX(mmscope_session_lock);
static unsigned int mmscope_nsessions;
static u32 mmscope_session_id;
static struct workqueue_struct *mmscope_wq;

atomic_t mmscope_fault_sessions = ATOMIC_INIT(0);
atomic_t mmscope_tlb_sessions = ATOMIC_INIT(0);

/* ---------------------------------------------------------------------
 * Producers: hook context, atomic.
 */

/* A global pid number as the session's pid namespace sees it; 0: unseen. */
static u32 mmscope_pid_in(const struct mmscope_session *s, u32 nr)
{
	struct pid *pid;
	u32 vnr = 0;

	if (s->pidns == &init_pid_ns || !nr)
		return nr;
	rcu_read_lock();
	pid = find_pid_ns(nr, &init_pid_ns);
	if (pid)
		vnr = pid_nr_ns(pid, s->pidns);
	rcu_read_unlock();
	return vnr;
}

/*
 * Translate the pids of @rec in place; false if the session may not see
 * it.  Done when the record is made, while the task is alive: a process
 * that exits before the worker runs would have no pid left to translate.
 */
static bool mmscope_rec_visible(const struct mmscope_session *s,
				struct mmscope_rec *rec)
{
	u32 *pid, *tid;

	if (s->pidns == &init_pid_ns) {
		if (rec->type == MMSCOPE_REC_TLB)
			rec->t.target_pid = rec->target_tgid;
		return true;
	}
	if (rec->type == MMSCOPE_REC_FAULT) {
		pid = &rec->f.pid;
		tid = &rec->f.tid;
	} else {
		pid = &rec->t.pid;
		tid = &rec->t.tid;
		rec->t.target_pid = mmscope_pid_in(s, rec->target_tgid);
	}
	*pid = mmscope_pid_in(s, *pid);
	*tid = mmscope_pid_in(s, *tid);
	if (rec->type == MMSCOPE_REC_TLB)
		return *pid || rec->t.target_pid;
	return *pid && *tid;
}

static void mmscope_ring_put(struct mmscope_session *s, u32 type,
			     const void *ev, u32 target)
{
	struct mmscope_ring *r;
	unsigned long irqflags;
	u32 head;

	local_irq_save(irqflags);
	r = s->rings[raw_smp_processor_id()];
	head = r->head;
	/* pairs with the consumer's release: the slot was read before */
	if (head - smp_load_acquire(&r->tail) > s->mask) {
		r->drops++;
	} else {
		struct mmscope_rec *rec = &r->recs[head & s->mask];

		rec->type = type;
		rec->target_tgid = target;
		/* fixed sizes: a few stores, not a byte an iteration */
		if (type == MMSCOPE_REC_FAULT)
			memcpy(&rec->f, ev, sizeof(rec->f));
		else
			memcpy(&rec->t, ev, sizeof(rec->t));
		if (mmscope_rec_visible(s, rec)) {
			/* written before the consumer can see it */
			smp_store_release(&r->head, head + 1);
		}
	}
	local_irq_restore(irqflags);
}

static bool mmscope_session_has_pid(const struct mmscope_session *s, u32 tgid)
{
	u32 i;

	if (!s->npids)
		return true;
	for (i = 0; i < s->npids; i++)
		if (s->pids[i] == tgid)
			return true;
	return false;
}

void mmscope_sessions_fault(const struct mmscope_fault_event *ev)
{
	struct mmscope_session *s;

	rcu_read_lock();
	list_for_each_entry_rcu(s, &mmscope_sessions, node) {
		if (s->flags & MMSCOPE_TRACE_F_NO_FAULTS)
			continue;
		if (ev->mode != MMSCOPE_MODE_USER &&
		    !(s->flags & MMSCOPE_TRACE_F_KERNEL))
			continue;
		if ((s->flags & MMSCOPE_TRACE_F_MAJOR) &&
		    !(ev->flags & MMSCOPE_FAULTF_MAJOR))
			continue;
		if (!(s->classes & (1U << ev->fclass)) ||
		    ev->latency_ns < s->min_latency ||
		    !mmscope_session_has_pid(s, ev->pid))
			continue;
		mmscope_ring_put(s, MMSCOPE_REC_FAULT, ev, 0);
	}
	rcu_read_unlock();
}

void mmscope_sessions_tlb(const struct mmscope_tlb_event *ev, u32 target_tgid)
{
	struct mmscope_session *s;

	rcu_read_lock();
	list_for_each_entry_rcu(s, &mmscope_sessions, node) {
		if (!(s->flags & MMSCOPE_TRACE_F_TLB))
			continue;
		if (!mmscope_session_has_pid(s, ev->pid) &&
		    !mmscope_session_has_pid(s, target_tgid))
			continue;
		mmscope_ring_put(s, MMSCOPE_REC_TLB, ev,
				 target_tgid);
	}
	rcu_read_unlock();
}

/* ---------------------------------------------------------------------
 * The consumer: process context.
 */

static u64 mmscope_session_drops(const struct mmscope_session *s)
{
	u64 drops = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		drops += READ_ONCE(s->rings[cpu]->drops);
	return drops;
}

static int mmscope_put_stats(struct sk_buff *skb, struct mmscope_session *s)
{
	struct nlattr *nest = nla_nest_start(skb, MMSCOPE_A_TRACE_STATS);

	if (!nest ||
	    nla_put_u64_64bit(skb, MMSCOPE_STATS_A_EVENTS, s->events,
			      MMSCOPE_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, MMSCOPE_STATS_A_DROPS,
			      mmscope_session_drops(s), MMSCOPE_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, MMSCOPE_STATS_A_SOCK_DROPS, s->sock_drops,
			      MMSCOPE_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, MMSCOPE_STATS_A_MISSED,
			      mmscope_fault_missed() - s->missed0,
			      MMSCOPE_STATS_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static void mmscope_ev_send(struct mmscope_session *s, struct sk_buff *skb,
			    void *hdr, u32 n)
{
	int ret;

	s->events += n;
	if (mmscope_put_stats(skb, s)) {
		/* cannot happen: room is kept for it */
		nlmsg_free(skb);
		s->events -= n;
		s->sock_drops += n;
		return;
	}
	genlmsg_end(skb, hdr);
	ret = genlmsg_unicast(s->net, skb, s->portid);
	if (!ret)
		return;
	s->events -= n;
	s->sock_drops += n;
	if (ret == -ECONNREFUSED)
		s->gone = true;
	else
		s->sock_full = true;
}

/*
 * A message for @pending records (fault events at most: the larger kind),
 * MMSCOPE_EV_PAYLOAD at most.  Sized to what is there: the kernel zeroes
 * every buffer it allocates (init_on_alloc, on in Debian's kernels), and a
 * drain of a few events would clear 16 KiB for them.
 */
static struct sk_buff *mmscope_ev_msg(struct mmscope_session *s, void **hdr,
				      u32 pending)
{
	size_t size = MMSCOPE_STATS_ROOM + nla_total_size(sizeof(u32)) +
		      (size_t)max_t(u32, pending, 1) *
		      nla_total_size(sizeof(struct mmscope_fault_event));
	struct sk_buff *skb;

	skb = genlmsg_new(min_t(size_t, size, MMSCOPE_EV_PAYLOAD), GFP_KERNEL);

	if (!skb)
		return NULL;
	*hdr = genlmsg_put(skb, 0, 0, &mmscope_genl_family, 0,
			   MMSCOPE_CMD_TRACE_EVENT);
	if (!*hdr || nla_put_u32(skb, MMSCOPE_A_SESSION, s->id)) {
		nlmsg_free(skb);
		return NULL;
	}
	return skb;
}

/*
 * One record into the message: copies of fixed size, which the compiler
 * makes a few stores, where nla_put()'s memcpy() of a size it does not
 * know is a byte an iteration on CPUs with fast short "rep movsb".
 */
static int mmscope_ev_put(struct sk_buff *skb, const struct mmscope_rec *rec)
{
	struct nlattr *a;

	if (rec->type == MMSCOPE_REC_FAULT) {
		a = nla_reserve(skb, MMSCOPE_A_FAULT, sizeof(rec->f));
		if (!a)
			return -EMSGSIZE;
		memcpy(nla_data(a), &rec->f, sizeof(rec->f));
	} else {
		a = nla_reserve(skb, MMSCOPE_A_TLB, sizeof(rec->t));
		if (!a)
			return -EMSGSIZE;
		memcpy(nla_data(a), &rec->t, sizeof(rec->t));
	}
	return 0;
}

/* Records waiting in the rings of the CPUs after @cpu (a snapshot). */
static u32 mmscope_ev_later(struct mmscope_session *s, int cpu)
{
	u32 n = 0;

	while ((cpu = cpumask_next(cpu, cpu_possible_mask)) < nr_cpu_ids) {
		struct mmscope_ring *r = s->rings[cpu];

		n += READ_ONCE(r->head) - r->tail;
	}
	return n;
}

/* Send what the rings hold. */
static void mmscope_session_flush(struct mmscope_session *s)
{
	struct sk_buff *skb = NULL;
	void *hdr = NULL;
	u32 n = 0;
	int cpu;

	mutex_lock(&s->flush_lock);
	s->sock_full = false;
	for_each_possible_cpu(cpu) {
		struct mmscope_ring *r = s->rings[cpu];
		/* pairs with the producer's release: records are complete */
		u32 tail = r->tail, head = smp_load_acquire(&r->head);

		while (tail != head) {
			struct mmscope_rec *rec = &r->recs[tail & s->mask];
			bool fault = rec->type == MMSCOPE_REC_FAULT;
			size_t len = fault ? sizeof(rec->f) : sizeof(rec->t);

			if (s->sock_full || s->gone) {
				s->sock_drops++;
				tail++;
				continue;
			}
			if (skb && skb_tailroom(skb) <
				   nla_total_size(len) + MMSCOPE_STATS_ROOM) {
				mmscope_ev_send(s, skb, hdr, n);
				skb = NULL;
				/* what went out may be reused (read before) */
				smp_store_release(&r->tail, tail);
				continue;
			}
			if (!skb) {
				skb = mmscope_ev_msg(s, &hdr, head - tail +
						     mmscope_ev_later(s, cpu));
				n = 0;
				if (!skb) {
					s->sock_drops++;
					tail++;
					continue;
				}
			}
			if (mmscope_ev_put(skb, rec))
				s->sock_drops++;
			else
				n++;
			tail++;
		}
		/* records are read before producers may reuse the slots */
		smp_store_release(&r->tail, tail);
	}
	if (skb && n)
		mmscope_ev_send(s, skb, hdr, n);
	else if (skb)
		nlmsg_free(skb);
	mutex_unlock(&s->flush_lock);
}

static void mmscope_session_work(struct work_struct *work)
{
	struct mmscope_session *s = container_of(to_delayed_work(work),
						 struct mmscope_session, work);

	mmscope_session_flush(s);
	if (!READ_ONCE(s->stopping) && !s->gone)
		queue_delayed_work(mmscope_wq, &s->work, MMSCOPE_FLUSH_DELAY);
}

/* ---------------------------------------------------------------------
 * Life of a session.
 */
static void mmscope_session_free(struct mmscope_session *s)
{
	int cpu;

	if (s->rings) {
		for_each_possible_cpu(cpu)
			vfree(s->rings[cpu]);
		kfree(s->rings);
	}
	if (s->net)
		put_net(s->net);
	if (s->pidns)
		put_pid_ns(s->pidns);
	kfree(s);
}

/*
 * Take @s off the list and the hooks (mmscope_session_lock held).  Hooks
 * may still be writing into its rings until an RCU grace period has
 * passed: only then mmscope_session_stop().
 */
static void mmscope_session_detach(struct mmscope_session *s)
{
	list_del_rcu(&s->node);
	mmscope_nsessions--;
	if (!(s->flags & MMSCOPE_TRACE_F_NO_FAULTS))
		atomic_dec(&mmscope_fault_sessions);
	if (s->flags & MMSCOPE_TRACE_F_TLB)
		atomic_dec(&mmscope_tlb_sessions);
	mmscope_hooks_put(s->hooks);
}

static void mmscope_session_stop(struct mmscope_session *s)
{
	WRITE_ONCE(s->stopping, true);
	cancel_delayed_work_sync(&s->work);
}

/*
 * End every session that @match accepts (all when NULL): one grace
 * period for all of them, however many there are.
 */
static void mmscope_sessions_end(bool (*match)(struct mmscope_session *s,
					       void *arg), void *arg)
{
	struct mmscope_session *s, *tmp;
	LIST_HEAD(dead);

	mutex_lock(&mmscope_session_lock);
	list_for_each_entry_safe(s, tmp, &mmscope_sessions, node) {
		if (match && !match(s, arg))
			continue;
		mmscope_session_detach(s);
		list_add(&s->dead, &dead);
	}
	mutex_unlock(&mmscope_session_lock);
	if (list_empty(&dead))
		return;
	synchronize_rcu();
	list_for_each_entry_safe(s, tmp, &dead, dead) {
		mmscope_session_stop(s);
		mmscope_session_free(s);
	}
}

static int mmscope_session_alloc_rings(struct mmscope_session *s)
{
	size_t ring = sizeof(struct mmscope_ring) +
		      (size_t)mmscope_ring_events * sizeof(struct mmscope_rec);
	int cpu;

	s->mask = mmscope_ring_events - 1;
	s->rings = kcalloc(nr_cpu_ids, sizeof(*s->rings), GFP_KERNEL);
	if (!s->rings)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		s->rings[cpu] = vzalloc(ring);
		if (!s->rings[cpu])
			return -ENOMEM;
		s->bytes += ring;
	}
	s->bytes += sizeof(*s) + nr_cpu_ids * sizeof(*s->rings);
	return 0;
}

/* MMSCOPE_A_PIDS: pids in the caller's namespace -> global tgids */
static int mmscope_session_pids(struct mmscope_session *s,
				const struct nlattr *attr,
				struct netlink_ext_ack *extack)
{
	const u32 *nr = nla_data(attr);
	u32 i, n = nla_len(attr) / sizeof(u32);

	if (!n || nla_len(attr) % sizeof(u32)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "PIDS must hold 1 to 64 u32 pids");
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		struct task_struct *task;

		if (nr[i] < 1 || nr[i] > MMSCOPE_PID_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "pid out of range: it must be 1..4194304");
			return -EINVAL;
		}
		rcu_read_lock();
		task = pid_task(find_vpid(nr[i]), PIDTYPE_PID);
		if (task)
			s->pids[i] = task_tgid_nr(task);
		rcu_read_unlock();
		if (!task) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "no such process in the caller's pid namespace");
			return -ESRCH;
		}
	}
	s->npids = n;
	return 0;
}

static int mmscope_session_reply(struct genl_info *info,
				 struct mmscope_session *s, bool stats)
{
	struct sk_buff *msg;
	void *hdr;

	msg = mmscope_reply_new(info, NLMSG_GOODSIZE, &hdr);
	if (IS_ERR(msg))
		return PTR_ERR(msg);
	if (nla_put_u32(msg, MMSCOPE_A_SESSION, s->id) ||
	    nla_put_u64_64bit(msg, MMSCOPE_A_TIME, ktime_get_mono_fast_ns(),
			      MMSCOPE_A_PAD) ||
	    (stats && mmscope_put_stats(msg, s))) {
		return mmscope_reply_too_big(info, msg);
	}
	return mmscope_reply(info, msg, hdr);
}

int mmscope_nl_trace_start_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **attrs = info->attrs;
	struct mmscope_session *s;
	int ret;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s) {
		NL_SET_ERR_MSG(extack, "out of memory for the session");
		return -ENOMEM;
	}
	s->classes = MMSCOPE_FAULT_CLASSES_ALL;
	if (attrs[MMSCOPE_A_CLASSES])
		s->classes = nla_get_u32(attrs[MMSCOPE_A_CLASSES]);
	if (attrs[MMSCOPE_A_TRACE_FLAGS])
		s->flags = nla_get_u32(attrs[MMSCOPE_A_TRACE_FLAGS]);
	if (attrs[MMSCOPE_A_MIN_LATENCY])
		s->min_latency = nla_get_u64(attrs[MMSCOPE_A_MIN_LATENCY]);
	ret = -EINVAL;
	if (!s->classes) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[MMSCOPE_A_CLASSES],
				    "CLASSES selects no fault class");
		goto fail;
	}
	if ((s->flags & MMSCOPE_TRACE_F_NO_FAULTS) &&
	    !(s->flags & MMSCOPE_TRACE_F_TLB)) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[MMSCOPE_A_TRACE_FLAGS],
				    "NO_FAULTS without TLB leaves nothing to trace");
		goto fail;
	}
	if (attrs[MMSCOPE_A_PIDS]) {
		ret = mmscope_session_pids(s, attrs[MMSCOPE_A_PIDS], extack);
		if (ret)
			goto fail;
	}
	ret = mmscope_session_alloc_rings(s);
	if (ret) {
		NL_SET_ERR_MSG(extack, "out of memory for the session's rings");
		goto fail;
	}
	s->portid = info->snd_portid;
	s->net = get_net(genl_info_net(info));
	s->pidns = get_pid_ns(task_active_pid_ns(current));
	s->hooks = (s->flags & MMSCOPE_TRACE_F_NO_FAULTS ? 0 : MMSCOPE_HOOKS_TRACE) |
		   (s->flags & MMSCOPE_TRACE_F_TLB ? MMSCOPE_HOOKS_TRACE_TLB : 0);
	mutex_init(&s->flush_lock);
	INIT_DELAYED_WORK(&s->work, mmscope_session_work);

	mutex_lock(&mmscope_session_lock);
	if (mmscope_nsessions >= MMSCOPE_MAX_SESSIONS) {
		mutex_unlock(&mmscope_session_lock);
		NL_SET_ERR_MSG(extack, "too many trace sessions (16 at most)");
		ret = -EBUSY;
		goto fail;
	}
	ret = mmscope_hooks_get(s->hooks, extack);
	if (ret) {
		mutex_unlock(&mmscope_session_lock);
		goto fail;
	}
	s->missed0 = mmscope_fault_missed();
	if (!++mmscope_session_id)
		mmscope_session_id = 1;
	s->id = mmscope_session_id;
	if (!(s->flags & MMSCOPE_TRACE_F_NO_FAULTS))
		atomic_inc(&mmscope_fault_sessions);
	if (s->flags & MMSCOPE_TRACE_F_TLB)
		atomic_inc(&mmscope_tlb_sessions);
	list_add_tail_rcu(&s->node, &mmscope_sessions);
	mmscope_nsessions++;
	queue_delayed_work(mmscope_wq, &s->work, MMSCOPE_FLUSH_DELAY);
	mutex_unlock(&mmscope_session_lock);

	/* the session runs even if this reply is lost: it is the socket's */
	mmscope_session_reply(info, s, false);
	return 0;

fail:
	mmscope_session_free(s);
	return ret;
}

int mmscope_nl_trace_stop_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct mmscope_session *s, *found = NULL;
	u32 id;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, MMSCOPE_A_SESSION)) {
		NL_SET_ERR_MSG(extack, "missing SESSION attribute: which session to stop");
		return -EINVAL;
	}
	id = nla_get_u32(info->attrs[MMSCOPE_A_SESSION]);

	mutex_lock(&mmscope_session_lock);
	list_for_each_entry(s, &mmscope_sessions, node) {
		if (s->id == id && s->portid == info->snd_portid &&
		    net_eq(s->net, genl_info_net(info))) {
			found = s;
			break;
		}
	}
	if (found)
		mmscope_session_detach(found);
	mutex_unlock(&mmscope_session_lock);
	if (!found) {
		NL_SET_ERR_MSG_ATTR(extack, info->attrs[MMSCOPE_A_SESSION],
				    "no such trace session on this socket");
		return -ENOENT;
	}
	/*
	 * Off the list: no other path reaches it.  The grace period (no
	 * hook writes into its rings after it) is waited for without the
	 * lock, so that other sessions start and stop meanwhile.
	 */
	synchronize_rcu();
	mmscope_session_stop(found);
	/* what the rings still hold goes out before the reply */
	mmscope_session_flush(found);
	ret = mmscope_session_reply(info, found, true);
	mmscope_session_free(found);
	return ret;
}

struct mmscope_socket {
	struct net *net;
	u32 portid;
};

static bool mmscope_session_of(struct mmscope_session *s, void *arg)
{
	struct mmscope_socket *sk = arg;

	return s->portid == sk->portid && net_eq(s->net, sk->net);
}

/* The socket @portid of @net closed: the sessions it started end. */
void mmscope_sessions_release(struct net *net, u32 portid)
{
	struct mmscope_socket sk = { net, portid };

	mmscope_sessions_end(mmscope_session_of, &sk);
}

u32 mmscope_sessions_count(void)
{
	return READ_ONCE(mmscope_nsessions);
}

size_t mmscope_sessions_bytes(void)
{
	struct mmscope_session *s;
	size_t bytes = 0;

	mutex_lock(&mmscope_session_lock);
	list_for_each_entry(s, &mmscope_sessions, node)
		bytes += s->bytes;
	mutex_unlock(&mmscope_session_lock);
	return bytes;
}

int mmscope_session_init(void)
{
	if (!is_power_of_2(mmscope_ring_events) || mmscope_ring_events < 64 ||
	    mmscope_ring_events > 65536) {
		pr_err("mmscope: ring_events must be a power of 2, 64..65536\n");
		return -EINVAL;
	}
	mmscope_wq = alloc_workqueue("mmscope", WQ_UNBOUND, 0);
	if (!mmscope_wq)
		return -ENOMEM;
	return 0;
}

/* After the family is gone: no request can start a session any more. */
void mmscope_session_exit(void)
{
	mmscope_sessions_end(NULL, NULL);
	destroy_workqueue(mmscope_wq);
}

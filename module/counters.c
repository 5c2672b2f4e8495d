// SPDX-License-Identifier: GPL-2.0
/*
 * Per-address-space fault and TLB counters: COUNTERS_GET, COUNTERS_CTL.
 *
 * While counting is on, every fault and TLB flush is charged to an entry
 * of a fixed table found by the mm pointer (a key, never dereferenced
 * here).  Entries come from a pool allocated when counting starts; the
 * __mmdrop hook gives an entry back when its address space is freed, so a
 * new mm at the same address starts from zero.  When every entry is in
 * use, events of new address spaces are only counted as "untracked".
 * Each bucket has a raw spinlock taken with interrupts off: the hooks run
 * in process, softirq and hard interrupt context (TLB IPIs).
 */
#include <linux/hash.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <net/net_namespace.h>

#include "mmscope.h"
#include "trace.h"
#include "wrapper/genetlink.h"
#include "wrapper/mm.h"

#define MMSCOPE_CNT_BITS	10

struct mmscope_cnt {
	struct hlist_node node;
	struct mm_struct *mm;
	struct mmscope_counters c;
};

struct mmscope_cnt_bucket {
	raw_spinlock_t lock;
	struct hlist_head head;
};

struct mmscope_cnt_table {
	struct mmscope_cnt_bucket b[1 << MMSCOPE_CNT_BITS];
	raw_spinlock_t pool_lock;	/* inside a bucket lock */
	struct hlist_head pool;
	unsigned int used;
	unsigned int capacity;
	atomic64_t untracked;
	struct mmscope_cnt entries[];
};

static struct mmscope_cnt_table __rcu *mmscope_cnt;

/* A socket that holds counting on (MMSCOPE_CTL_F_HOLD). */
struct mmscope_holder {
	struct list_head node;
	struct net *net;	/* compared, never dereferenced */
	u32 portid;
};

static DEFINE_MUTEX(mmscope_cnt_mutex);
static bool mmscope_cnt_enabled;
static LIST_HEAD(mmscope_holders);
static unsigned int mmscope_nholders;

static size_t mmscope_cnt_table_size(unsigned int capacity)
{
	return sizeof(struct mmscope_cnt_table) +
	       (size_t)capacity * sizeof(struct mmscope_cnt);
}

static struct mmscope_cnt_table *mmscope_cnt_table_new(void)
{
	unsigned int cap = mmscope_counters_max, i;
	struct mmscope_cnt_table *t = vzalloc(mmscope_cnt_table_size(cap));

	if (!t)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(t->b); i++) {
		raw_spin_lock_init(&t->b[i].lock);
		INIT_HLIST_HEAD(&t->b[i].head);
	}
	raw_spin_lock_init(&t->pool_lock);
	INIT_HLIST_HEAD(&t->pool);
	for (i = 0; i < cap; i++)
		hlist_add_head(&t->entries[i].node, &t->pool);
	t->capacity = cap;
	atomic64_set(&t->untracked, 0);
	return t;
}

static struct mmscope_cnt_bucket *mmscope_cnt_bucket(struct mmscope_cnt_table *t,
						     struct mm_struct *mm)
{
	return &t->b[hash_ptr(mm, MMSCOPE_CNT_BITS)];
}

/* The entry of @mm in @b (locked); a new one if @create and one is free. */
static struct mmscope_counters *mmscope_cnt_find(struct mmscope_cnt_table *t,
						 struct mmscope_cnt_bucket *b,
						 struct mm_struct *mm,
						 bool create)
{
	struct mmscope_cnt *e;

	hlist_for_each_entry(e, &b->head, node)
		if (e->mm == mm)
			return &e->c;
	if (!create)
		return NULL;
	raw_spin_lock(&t->pool_lock);
	e = hlist_entry_safe(t->pool.first, struct mmscope_cnt, node);
	if (e) {
		hlist_del(&e->node);
		t->used++;
	}
	raw_spin_unlock(&t->pool_lock);
	if (!e) {
		atomic64_inc(&t->untracked);
		return NULL;
	}
	memset(&e->c, 0, sizeof(e->c));
	e->mm = mm;
	e->c.since_ns = ktime_get_mono_fast_ns();
	hlist_add_head(&e->node, &b->head);
	return &e->c;
}

/* A bucket locked with interrupts off, inside an RCU read section. */
struct mmscope_cnt_ctx {
	struct mmscope_cnt_table *t;
	struct mmscope_cnt_bucket *b;
	unsigned long flags;
};

/*
 * The counters of @mm, created if @create and one is free, with their
 * bucket locked: mmscope_cnt_unlock() after use.  NULL (nothing locked)
 * while counting is off (then x->t is NULL) or when none is free.
 */
static struct mmscope_counters *mmscope_cnt_lock(struct mm_struct *mm,
						 bool create,
						 struct mmscope_cnt_ctx *x)
{
	struct mmscope_cnt_table *t;
	struct mmscope_counters *c;

	rcu_read_lock();
	t = rcu_dereference(mmscope_cnt);
	x->t = t;	/* NULL: counting was off when asked */
	if (!t || !mm) {
		rcu_read_unlock();
		return NULL;
	}
	x->b = mmscope_cnt_bucket(t, mm);
	raw_spin_lock_irqsave(&x->b->lock, x->flags);
	c = mmscope_cnt_find(t, x->b, mm, create);
	if (!c) {
		raw_spin_unlock_irqrestore(&x->b->lock, x->flags);
		rcu_read_unlock();
	}
	return c;
}

static void mmscope_cnt_unlock(struct mmscope_cnt_ctx *x)
{
	raw_spin_unlock_irqrestore(&x->b->lock, x->flags);
	rcu_read_unlock();
}

void mmscope_count_fault(struct mm_struct *mm, u32 fclass, u32 flags,
			 u32 mode, u64 latency)
{
	struct mmscope_counters *c;
	struct mmscope_cnt_ctx x;

	if (fclass >= MMSCOPE_FAULT_NR_CLASSES)
		return;
	c = mmscope_cnt_lock(mm, true, &x);
	if (!c)
		return;
	if (fclass == MMSCOPE_FAULT_ERROR)
		c->errors++;
	else if (flags & MMSCOPE_FAULTF_MAJOR)
		c->major++;
	else
		c->minor++;
	if (mode == MMSCOPE_MODE_KERNEL)
		c->kernel++;
	else if (mode == MMSCOPE_MODE_GUP)
		c->gup++;
	c->by_class[fclass]++;
	if (!(flags & MMSCOPE_FAULTF_NO_LATENCY)) {
		c->latency[mmscope_lat_bucket(latency)]++;
		c->latency_sum_ns += latency;
	}
	mmscope_cnt_unlock(&x);
}

void mmscope_count_retry(struct mm_struct *mm)
{
	struct mmscope_cnt_ctx x;
	struct mmscope_counters *c = mmscope_cnt_lock(mm, true, &x);

	if (c) {
		c->retries++;
		mmscope_cnt_unlock(&x);
	}
}

void mmscope_count_tlb(struct mm_struct *mm, u32 reason, u32 cpus)
{
	struct mmscope_counters *c;
	struct mmscope_cnt_ctx x;

	if (reason >= MMSCOPE_TLB_NR_REASONS || !mmscope_mm_is_user(mm))
		return;
	c = mmscope_cnt_lock(mm, true, &x);
	if (!c)
		return;
	c->tlb[reason]++;
	c->tlb_ipi_cpus += cpus;
	mmscope_cnt_unlock(&x);
}

void mmscope_count_tlb_req(struct mm_struct *mm, struct mm_struct *asker,
			   bool full, u64 pages)
{
	struct mmscope_counters *c = NULL;
	struct mmscope_cnt_ctx x;

	if (mmscope_mm_is_user(mm))
		c = mmscope_cnt_lock(mm, true, &x);
	if (c) {
		c->tlb_requests++;
		if (full) {
			c->tlb_full++;
		} else {
			c->tlb_ranged++;
			c->tlb_pages += pages;
		}
		mmscope_cnt_unlock(&x);
	}
	c = mmscope_cnt_lock(asker, true, &x);
	if (c) {
		c->tlb_initiated++;
		mmscope_cnt_unlock(&x);
	}
}

void mmscope_count_mmdrop(struct mm_struct *mm)
{
	struct mmscope_cnt_ctx x;
	struct mmscope_counters *c = mmscope_cnt_lock(mm, false, &x);
	struct mmscope_cnt *e;

	if (!c)
		return;
	e = container_of(c, struct mmscope_cnt, c);
	hlist_del(&e->node);
	e->mm = NULL;
	raw_spin_lock(&x.t->pool_lock);
	hlist_add_head(&e->node, &x.t->pool);
	x.t->used--;
	raw_spin_unlock(&x.t->pool_lock);
	mmscope_cnt_unlock(&x);
}

/* ---------------------------------------------------------------------
 * On and off.
 */

/*
 * Make the table and the hooks match what is wanted (lock held).  The
 * table is there only while the __mmdrop hook is: published after the
 * hooks are registered, withdrawn before they go.  An entry made while
 * nothing gives it back at __mmdrop would outlive its address space, and
 * a new one at the same address would inherit its counts.
 */
static int mmscope_counting_apply(struct netlink_ext_ack *extack)
{
	struct mmscope_cnt_table *t = rcu_dereference_protected(mmscope_cnt,
					lockdep_is_held(&mmscope_cnt_mutex));
	bool want = mmscope_cnt_enabled || mmscope_nholders;
	int ret;

	if (want && !t) {
		t = mmscope_cnt_table_new();
		if (!t) {
			NL_SET_ERR_MSG(extack, "out of memory for the counters");
			return -ENOMEM;
		}
		ret = mmscope_hooks_get(MMSCOPE_HOOKS_COUNT, extack);
		if (ret) {
			vfree(t);
			return ret;
		}
		rcu_assign_pointer(mmscope_cnt, t);
	} else if (!want && t) {
		RCU_INIT_POINTER(mmscope_cnt, NULL);
		synchronize_rcu();
		mmscope_hooks_put(MMSCOPE_HOOKS_COUNT);
		vfree(t);
	}
	return 0;
}

/* Forget every count: a fresh table (lock held, counting on). */
static int mmscope_counting_reset(struct netlink_ext_ack *extack)
{
	struct mmscope_cnt_table *old = rcu_dereference_protected(mmscope_cnt,
					lockdep_is_held(&mmscope_cnt_mutex));
	struct mmscope_cnt_table *t;

	if (!old)
		return 0;
	t = mmscope_cnt_table_new();
	if (!t) {
		NL_SET_ERR_MSG(extack, "out of memory for the counters");
		return -ENOMEM;
	}
	rcu_assign_pointer(mmscope_cnt, t);
	synchronize_rcu();
	vfree(old);
	return 0;
}

bool mmscope_counting_on(void)
{
	return rcu_access_pointer(mmscope_cnt);
}

size_t mmscope_counters_bytes(void)
{
	return mmscope_counting_on() ?
	       mmscope_cnt_table_size(mmscope_counters_max) : 0;
}

void mmscope_counters_release(struct net *net, u32 portid)
{
	struct mmscope_holder *h, *tmp;
	bool changed = false;

	mutex_lock(&mmscope_cnt_mutex);
	list_for_each_entry_safe(h, tmp, &mmscope_holders, node) {
		if (h->portid != portid || !net_eq(h->net, net))
			continue;
		list_del(&h->node);
		kfree(h);
		mmscope_nholders--;
		changed = true;
	}
	if (changed)
		mmscope_counting_apply(NULL);
	mutex_unlock(&mmscope_cnt_mutex);
}

static bool mmscope_holder_find(struct net *net, u32 portid)
{
	struct mmscope_holder *h;

	list_for_each_entry(h, &mmscope_holders, node)
		if (h->portid == portid && net_eq(h->net, net))
			return true;
	return false;
}

/* ---------------------------------------------------------------------
 * Netlink.
 */
static int mmscope_put_counting(struct sk_buff *msg)
{
	struct mmscope_cnt_table *t;
	struct nlattr *nest = nla_nest_start(msg, MMSCOPE_A_COUNTING);
	u32 used = 0, cap = 0;
	u64 untracked = 0;

	rcu_read_lock();
	t = rcu_dereference(mmscope_cnt);
	if (t) {
		used = READ_ONCE(t->used);
		cap = t->capacity;
		untracked = atomic64_read(&t->untracked);
	}
	rcu_read_unlock();
	if (!nest ||
	    nla_put_u32(msg, MMSCOPE_COUNTING_A_ON, !!cap) ||
	    nla_put_u32(msg, MMSCOPE_COUNTING_A_ENABLED, mmscope_cnt_enabled) ||
	    nla_put_u32(msg, MMSCOPE_COUNTING_A_HOLDERS, mmscope_nholders) ||
	    nla_put_u32(msg, MMSCOPE_COUNTING_A_ENTRIES, used) ||
	    nla_put_u32(msg, MMSCOPE_COUNTING_A_CAPACITY, cap) ||
	    nla_put_u64_64bit(msg, MMSCOPE_COUNTING_A_UNTRACKED, untracked,
			      MMSCOPE_COUNTING_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int mmscope_counters_reply(struct genl_info *info,
				  const struct mmscope_counters *c)
{
	struct sk_buff *msg;
	void *hdr;

	msg = mmscope_reply_new(info, sizeof(*c) + 512, &hdr);
	if (IS_ERR(msg))
		return PTR_ERR(msg);
	if ((c && nla_put(msg, MMSCOPE_A_COUNTERS, sizeof(*c), c)) ||
	    mmscope_put_counting(msg)) {
		return mmscope_reply_too_big(info, msg);
	}
	return mmscope_reply(info, msg, hdr);
}

int mmscope_nl_counters_ctl_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct net *net = genl_info_net(info);
	struct mmscope_holder *hold = NULL;
	bool was_enabled;
	u32 flags;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, MMSCOPE_A_CTL_FLAGS)) {
		NL_SET_ERR_MSG(extack, "missing CTL_FLAGS attribute: what to do");
		return -EINVAL;
	}
	flags = nla_get_u32(info->attrs[MMSCOPE_A_CTL_FLAGS]);
	if ((flags & MMSCOPE_CTL_F_ENABLE) && (flags & MMSCOPE_CTL_F_DISABLE)) {
		NL_SET_ERR_MSG_ATTR(extack, info->attrs[MMSCOPE_A_CTL_FLAGS],
				    "ENABLE and DISABLE together");
		return -EINVAL;
	}

	mutex_lock(&mmscope_cnt_mutex);
	was_enabled = mmscope_cnt_enabled;
	if (flags & MMSCOPE_CTL_F_ENABLE)
		mmscope_cnt_enabled = true;
	if (flags & MMSCOPE_CTL_F_DISABLE)
		mmscope_cnt_enabled = false;
	if ((flags & MMSCOPE_CTL_F_HOLD) &&
	    !mmscope_holder_find(net, info->snd_portid)) {
		hold = kzalloc(sizeof(*hold), GFP_KERNEL);
		if (!hold) {
			mmscope_cnt_enabled = was_enabled;
			ret = -ENOMEM;
			NL_SET_ERR_MSG(extack, "out of memory for the hold");
			goto out;
		}
		hold->net = net;
		hold->portid = info->snd_portid;
		list_add(&hold->node, &mmscope_holders);
		mmscope_nholders++;
	}
	ret = mmscope_counting_apply(extack);
	if (ret) {
		/* as before: nothing half done */
		mmscope_cnt_enabled = was_enabled;
		if (hold) {
			list_del(&hold->node);
			kfree(hold);
			mmscope_nholders--;
		}
		goto out;
	}
	if (flags & MMSCOPE_CTL_F_RESET)
		ret = mmscope_counting_reset(extack);
out:
	mutex_unlock(&mmscope_cnt_mutex);
	if (ret)
		return ret;
	return mmscope_counters_reply(info, NULL);
}

int mmscope_nl_counters_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct mmscope_counters *copy, *c;
	struct mmscope_cnt_ctx x;
	struct mm_struct *mm;
	bool found = false;
	int ret;

	mm = mmscope_req_mm(info->attrs, extack);
	if (IS_ERR(mm))
		return PTR_ERR(mm);
	copy = kmalloc(sizeof(*copy), GFP_KERNEL);
	if (!copy) {
		mmput(mm);
		NL_SET_ERR_MSG(extack, "out of memory for the reply");
		return -ENOMEM;
	}
	/* asking starts the counts of an address space not seen yet */
	c = mmscope_cnt_lock(mm, true, &x);
	if (c) {
		*copy = *c;
		found = true;
		mmscope_cnt_unlock(&x);
	}
	mmput(mm);
	if (!found) {
		kfree(copy);
		/* off when asked: it may be on again by now, entries free */
		if (!x.t) {
			NL_SET_ERR_MSG(extack,
				       "counting is off: turn it on with COUNTERS_CTL (mmscope counters --enable)");
			return -ENODATA;
		}
		NL_SET_ERR_MSG(extack,
			       "every counter entry is in use (module parameter counters_max)");
		return -ENOSPC;
	}
	ret = mmscope_counters_reply(info, copy);
	kfree(copy);
	return ret;
}

int mmscope_counters_init(bool enable)
{
	int ret = 0;

	if (mmscope_counters_max < 16 || mmscope_counters_max > 1048576) {
		pr_err("mmscope: counters_max must be 16..1048576\n");
		return -EINVAL;
	}
	if (enable) {
		mutex_lock(&mmscope_cnt_mutex);
		mmscope_cnt_enabled = true;
		ret = mmscope_counting_apply(NULL);
		if (ret)
			mmscope_cnt_enabled = false;
		mutex_unlock(&mmscope_cnt_mutex);
	}
	return ret;
}

void mmscope_counters_exit(void)
{
	struct mmscope_holder *h, *tmp;

	mutex_lock(&mmscope_cnt_mutex);
	list_for_each_entry_safe(h, tmp, &mmscope_holders, node) {
		list_del(&h->node);
		kfree(h);
	}
	mmscope_nholders = 0;
	mmscope_cnt_enabled = false;
	mmscope_counting_apply(NULL);
	mutex_unlock(&mmscope_cnt_mutex);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * VMA iteration and naming, and the VMA_GET dump.
 *
 * The dump takes the target's mmap_lock for reading once per chunk (one
 * netlink skb, at most MMSCOPE_VMA_CHUNK VMAs or MMSCOPE_REC_CHUNK
 * records, less if a writer waits) and continues from the end of the
 * last VMA it sent, as /proc/PID/maps does.
 */
#include <linux/dcache.h>
#include <linux/kallsyms.h>
#include <linux/kdev_t.h>
#include <linux/limits.h>
#include <linux/log2.h>
#include <linux/mmap_lock.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>

#include "mmscope.h"
#include "account.h"
#include "wrapper/genetlink.h"
#include "wrapper/mm.h"
#include "wrapper/vmflags.h"
#include "wrapper/page.h"
#include "wrapper/vmalock.h"

/*
 * Most VMAs sent under one hold of mmap_lock.  Records without smaps
 * figures are bounded by their message instead (some 700 maps records
 * fill one): a fresh message, cleared when allocated, costs more than
 * holding mmap_lock on, and a writer's wait ends the chunk at once.
 */
#define MMSCOPE_VMA_CHUNK	256
#define MMSCOPE_REC_CHUNK	4096

/* Most page-table entries visited under one hold of mmap_lock. */
#define MMSCOPE_WALK_BUDGET	4096

/*
 * Room for a VMA message with the longest path d_path() gives us, its
 * VmFlags and two symbol names (KSYM_SYMBOL_LEN each).
 */
#define MMSCOPE_VMA_MSG_MAX	(PATH_MAX + 2048)

enum mmscope_vma_state {
	MMSCOPE_VMA_INIT,
	MMSCOPE_VMA_WALK,
	MMSCOPE_VMA_GATE,
	MMSCOPE_VMA_DONE,
};

/*
 * Symbol names of vm_ops and fault handlers: a VMA dump meets only a few
 * distinct ones, and looking each up in kallsyms is not cheap.
 */
#define MMSCOPE_SYM_CACHE	8
struct mmscope_sym_cache {
	const void *ptr[MMSCOPE_SYM_CACHE];
	char name[MMSCOPE_SYM_CACHE][KSYM_SYMBOL_LEN];
	unsigned int next;
};

/* Dump state, allocated by the first chunk; ctx holds a pointer to it. */
struct mmscope_vma_dump {
	struct mmscope_sym_cache syms;
	struct mm_struct *mm;	/* mmget() reference */
	char buf[PATH_MAX];	/* names */
	unsigned long cursor;	/* next address to show */
	unsigned long end;	/* first address past the range asked for */
	int state;
	bool smaps;
	bool details;
	bool records;	/* MMSCOPE_REQ_F_RECORDS or MAPS_RECORDS */
	bool maps_rec;	/* MMSCOPE_REQ_F_MAPS_RECORDS */
	void *hdr;	/* records: the message being filled, in this chunk's skb */
	struct mmscope_vma_acc acc;
	struct mmscope_mss mss;
	/*
	 * A record's scratch: here, not on the stack, where the kernel's
	 * automatic zeroing of stack variables (INIT_STACK_ALL_ZERO) would
	 * clear it for every VMA.
	 */
	char vmflags[BITS_PER_LONG * 3 + 1];
	u64 val[MMSCOPE_SMAPS_A_MAX + 1];
};

size_t mmscope_vma_dump_state_size(void)
{
	return sizeof(struct mmscope_vma_dump);
}

static const char *mmscope_vmflags[BITS_PER_LONG];

/*
 * The gate area (x86 [vsyscall] page).  get_gate_vma() is not exported;
 * its two inputs are read (never called) through mmscope_ksym_data().
 */
static struct vm_area_struct *mmscope_gate;
static const int *mmscope_vsyscall_mode;
#define MMSCOPE_VSYSCALL_NONE	2	/* enum { EMULATE, XONLY, NONE } */

bool mmscope_gate_known(void)
{
	return mmscope_gate && mmscope_vsyscall_mode;
}

static struct vm_area_struct *mmscope_gate_vma(struct mm_struct *mm)
{
	if (!mmscope_gate_known())
		return NULL;
	if (!mmscope_mm_has_vsyscall(mm))
		return NULL;
	if (READ_ONCE(*mmscope_vsyscall_mode) == MMSCOPE_VSYSCALL_NONE)
		return NULL;
	return mmscope_gate;
}

int mmscope_vma_init(void)
{
#ifdef CONFIG_X86_VSYSCALL_EMULATION
	struct vm_area_struct *gate = mmscope_ksym_data("gate_vma");
	const int *mode = mmscope_ksym_data("vsyscall_mode");

	/* Trust what we found only if it looks like what we expect. */
	if (gate && mode && gate->vm_start == VSYSCALL_ADDR &&
	    gate->vm_end == VSYSCALL_ADDR + PAGE_SIZE && !gate->vm_mm &&
	    *mode >= 0 && *mode <= MMSCOPE_VSYSCALL_NONE) {
		mmscope_gate = gate;
		mmscope_vsyscall_mode = mode;
	} else {
		pr_info("mmscope: gate area not found; [vsyscall] will not be reported\n");
	}
#endif
	mmscope_vmflags_table(mmscope_vmflags);
	return 0;
}

/* "rd wr mr " as show_smap_vma_flags(); @buf holds 3 bytes a bit + 1. */
static void mmscope_vma_flags_str(vm_flags_t flags, char *buf)
{
	unsigned long bits = flags;
	char *p = buf;
	int i;

	for_each_set_bit(i, &bits, BITS_PER_LONG) {
		const char *m = mmscope_vmflags[i];

		if (!m[0])
			continue;
		*p++ = m[0];
		*p++ = m[1];
		*p++ = ' ';
	}
	*p = '\0';
}

/*
 * The name /proc/PID/maps gives this VMA, the way the running kernel's
 * fs/proc/task_mmu.c show_map_vma() decides it.  @mm is NULL for the gate
 * area.  Returns the name (in @buf or static) or NULL.
 */
static const char *mmscope_vma_name(struct vm_area_struct *vma,
				    struct mm_struct *mm, char *buf, u32 *kind)
{
	const char *anon = vma->vm_mm ? mmscope_anon_vma_name(vma) : NULL;
	const char *name;

	if (vma->vm_file) {
		if (anon) {
			snprintf(buf, PATH_MAX, "[anon_shmem:%s]", anon);
			*kind = MMSCOPE_VMA_NAME_ANON;
			return buf;
		}
		name = d_path(mmscope_file_path(vma->vm_file), buf, PATH_MAX);
		*kind = MMSCOPE_VMA_NAME_PATH;
		return IS_ERR(name) ? "(path too long)" : name;
	}

	*kind = MMSCOPE_VMA_NAME_SPECIAL;
	if (vma->vm_ops && vma->vm_ops->name) {
		name = vma->vm_ops->name(vma);
		if (name)
			return name;
	}
	if (!vma->vm_mm)
		return "[vdso]";

	if (mmscope_vma_is_heap(vma, mm)) {
		*kind = MMSCOPE_VMA_NAME_HEAP;
		return "[heap]";
	}
	if (mmscope_vma_is_stack(vma, mm)) {
		*kind = MMSCOPE_VMA_NAME_STACK;
		return "[stack]";
	}
	if (anon) {
		snprintf(buf, PATH_MAX, "[anon:%s]", anon);
		*kind = MMSCOPE_VMA_NAME_ANON;
		return buf;
	}
	*kind = MMSCOPE_VMA_NAME_NONE;
	return NULL;
}

/* The rwxs/p column (MMSCOPE_VMA_PERM_* bits). */
u32 mmscope_vma_perms(vm_flags_t flags)
{
	return (flags & VM_READ ? MMSCOPE_VMA_PERM_READ : 0) |
	       (flags & VM_WRITE ? MMSCOPE_VMA_PERM_WRITE : 0) |
	       (flags & VM_EXEC ? MMSCOPE_VMA_PERM_EXEC : 0) |
	       (flags & VM_MAYSHARE ? MMSCOPE_VMA_PERM_SHARED : 0);
}

/* What backs the VMA (MMSCOPE_VMA_KIND_*); safe in atomic context. */
u32 mmscope_vma_kind(struct vm_area_struct *vma)
{
	struct file *file = vma->vm_file;
	bool shared = vma->vm_flags & VM_MAYSHARE;

	if (!file) {
		if (!vma->vm_mm || vma->vm_ops)
			return MMSCOPE_VMA_KIND_SPECIAL;
		return shared ? MMSCOPE_VMA_KIND_SHARED_ANON :
				MMSCOPE_VMA_KIND_PRIVATE_ANON;
	}
	/* MAP_SHARED|MAP_ANONYMOUS and SysV shm: a kernel-internal file. */
	if (IS_PRIVATE(file_inode(file)))
		return shared ? MMSCOPE_VMA_KIND_SHARED_ANON :
				MMSCOPE_VMA_KIND_PRIVATE_ANON;
	return shared ? MMSCOPE_VMA_KIND_SHARED_FILE :
			MMSCOPE_VMA_KIND_PRIVATE_FILE;
}

static const char *mmscope_sym_name(const void *ptr,
				    struct mmscope_sym_cache *c)
{
	unsigned int i;

	for (i = 0; i < MMSCOPE_SYM_CACHE; i++)
		if (c->ptr[i] == ptr)
			return c->name[i];
	i = c->next++ % MMSCOPE_SYM_CACHE;
	c->ptr[i] = ptr;
	snprintf(c->name[i], sizeof(c->name[i]), "%ps", ptr);
	return c->name[i];
}

/* The vm_operations and fault handler symbols details show, or NULL. */
static void mmscope_vma_syms(struct vm_area_struct *vma,
			     struct mmscope_sym_cache *syms,
			     const char **ops, const char **fault)
{
	*ops = NULL;
	*fault = NULL;
	if (vma->vm_ops) {
		*ops = mmscope_sym_name(vma->vm_ops, syms);
		if (vma->vm_ops->fault)
			*fault = mmscope_sym_name(vma->vm_ops->fault, syms);
	} else if (!vma->vm_file && vma->vm_mm) {
		/* handle_pte_fault() -> do_anonymous_page() */
		*fault = "do_anonymous_page";
	}
}

/* What /proc/PID/maps prints: range, perms, offset, device, inode, name. */
int mmscope_put_vma_maps(struct sk_buff *skb, struct vm_area_struct *vma,
			 struct mm_struct *mm, char *buf)
{
	const struct inode *inode = NULL;
	vm_flags_t flags = vma->vm_flags;
	u32 perms = mmscope_vma_perms(flags);
	const char *name;
	u32 kind;

	if (nla_put_u64_64bit(skb, MMSCOPE_VMA_A_START, vma->vm_start,
			      MMSCOPE_VMA_A_PAD) ||
	    nla_put_u64_64bit(skb, MMSCOPE_VMA_A_END, vma->vm_end,
			      MMSCOPE_VMA_A_PAD) ||
	    nla_put_u32(skb, MMSCOPE_VMA_A_PERMS, perms))
		return -EMSGSIZE;
	if (vma->vm_file) {
		inode = mmscope_file_inode(vma->vm_file);
		if (nla_put_u64_64bit(skb, MMSCOPE_VMA_A_PGOFF,
				      (u64)vma->vm_pgoff << PAGE_SHIFT,
				      MMSCOPE_VMA_A_PAD) ||
		    nla_put_u32(skb, MMSCOPE_VMA_A_DEV_MAJOR,
				MAJOR(inode->i_sb->s_dev)) ||
		    nla_put_u32(skb, MMSCOPE_VMA_A_DEV_MINOR,
				MINOR(inode->i_sb->s_dev)) ||
		    nla_put_u64_64bit(skb, MMSCOPE_VMA_A_INO, inode->i_ino,
				      MMSCOPE_VMA_A_PAD))
			return -EMSGSIZE;
	}
	name = mmscope_vma_name(vma, mm, buf, &kind);
	if (nla_put_u32(skb, MMSCOPE_VMA_A_NAME_KIND, kind) ||
	    (name && nla_put_string(skb, MMSCOPE_VMA_A_NAME, name)))
		return -EMSGSIZE;
	return 0;
}

/* What maps does not show: kind, anon_vma, ops, fault handler. */
static int mmscope_put_vma_details(struct sk_buff *skb,
				   struct vm_area_struct *vma,
				   struct mmscope_sym_cache *syms)
{
	const char *ops, *fault;

	if (nla_put_u64_64bit(skb, MMSCOPE_VMA_A_VM_FLAGS, vma->vm_flags,
			      MMSCOPE_VMA_A_PAD) ||
	    nla_put_u64_64bit(skb, MMSCOPE_VMA_A_VM_PGOFF, vma->vm_pgoff,
			      MMSCOPE_VMA_A_PAD) ||
	    nla_put_u32(skb, MMSCOPE_VMA_A_KIND, mmscope_vma_kind(vma)))
		return -EMSGSIZE;
	if (vma->anon_vma && nla_put_flag(skb, MMSCOPE_VMA_A_ANON_VMA))
		return -EMSGSIZE;
	mmscope_vma_syms(vma, syms, &ops, &fault);
	if ((ops && nla_put_string(skb, MMSCOPE_VMA_A_OPS, ops)) ||
	    (fault && nla_put_string(skb, MMSCOPE_VMA_A_FAULT, fault)))
		return -EMSGSIZE;
	return 0;
}

/*
 * One VMA message: what maps shows; with details, the rest; with @mss,
 * the smaps figures.  @mm is NULL for the gate VMA.
 */
static int mmscope_vma_fill(struct sk_buff *skb, struct netlink_callback *cb,
			    struct vm_area_struct *vma, struct mm_struct *mm,
			    struct mmscope_vma_dump *d, const struct mmscope_mss *mss)
{
	char vmflags[BITS_PER_LONG * 3 + 1];
	struct nlattr *nest;
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &mmscope_genl_family, NLM_F_MULTI,
			  MMSCOPE_CMD_VMA_GET);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, MMSCOPE_A_VMA);
	if (!nest || mmscope_put_vma_maps(skb, vma, mm, d->buf))
		goto cancel;
	if (d->details && mmscope_put_vma_details(skb, vma, &d->syms))
		goto cancel;
	if (d->details || mss) {
		mmscope_vma_flags_str(vma->vm_flags, vmflags);
		if (nla_put_string(skb, MMSCOPE_VMA_A_VMFLAGS, vmflags))
			goto cancel;
	}
	if (mss) {
		struct nlattr *sm = nla_nest_start(skb, MMSCOPE_VMA_A_SMAPS);

		if (!sm || mmscope_put_vma_smaps(skb, vma) ||
		    mmscope_show_smap(skb, mss, false))
			goto cancel;
		nla_nest_end(skb, sm);
	}
	nla_nest_end(skb, nest);
	/* only on a message that goes out: it advances cb->prev_seq */
	genl_dump_check_consistent(cb, hdr);
	genlmsg_end(skb, hdr);
	return 0;

cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* A string of a VMA record: its bytes with the NUL, or 0 for none. */
static u16 mmscope_rec_len(const char *s)
{
	return s ? min_t(size_t, strlen(s) + 1, U16_MAX) : 0;
}

static char *mmscope_rec_str(char *p, const char *s, u16 len)
{
	if (!len)
		return p;
	memcpy(p, s, len - 1);
	p[len - 1] = '\0';
	return p + len;
}

/*
 * One VMA as MMSCOPE_A_VMA_REC, and with @mss MMSCOPE_A_SMAPS_REC, into
 * the message being filled (MMSCOPE_REQ_F_RECORDS).  Both or nothing:
 * -EMSGSIZE leaves the message as it was.  @mm is NULL for the gate VMA.
 */
static int mmscope_vma_rec(struct sk_buff *skb, struct vm_area_struct *vma,
			   struct mm_struct *mm, struct mmscope_vma_dump *d,
			   const struct mmscope_mss *mss)
{
	char *vmflags = d->vmflags;
	const char *name, *ops = NULL, *fault = NULL;
	void *mark = skb_tail_pointer(skb);
	struct mmscope_vma_rec *r;
	u16 nlen, flen = 0, olen, xlen;
	struct nlattr *a;
	u32 kind;
	char *p;

	name = mmscope_vma_name(vma, mm, d->buf, &kind);
	nlen = mmscope_rec_len(name);
	if (d->details || mss) {
		mmscope_vma_flags_str(vma->vm_flags, vmflags);
		flen = mmscope_rec_len(vmflags);
	}
	if (d->details)
		mmscope_vma_syms(vma, &d->syms, &ops, &fault);
	olen = mmscope_rec_len(ops);
	xlen = mmscope_rec_len(fault);

	a = nla_reserve(skb, MMSCOPE_A_VMA_REC,
			sizeof(*r) + nlen + flen + olen + xlen);
	if (!a)
		return -EMSGSIZE;
	r = nla_data(a);
	/*
	 * Every member stored one by one: a memset() here is "rep stos", a
	 * loop of its own a VMA under an emulated CPU.
	 */
	BUILD_BUG_ON(sizeof(*r) != 88);	/* a member added: set it here */
	r->start = vma->vm_start;
	r->end = vma->vm_end;
	r->size = sizeof(*r);
	r->perms = mmscope_vma_perms(vma->vm_flags);
	r->pgoff = 0;
	r->ino = 0;
	r->dev_major = 0;
	r->dev_minor = 0;
	if (vma->vm_file) {
		const struct inode *inode = mmscope_file_inode(vma->vm_file);

		r->pgoff = (u64)vma->vm_pgoff << PAGE_SHIFT;
		r->dev_major = MAJOR(inode->i_sb->s_dev);
		r->dev_minor = MINOR(inode->i_sb->s_dev);
		r->ino = inode->i_ino;
	}
	r->name_kind = kind;
	r->flags = 0;
	r->vm_flags = 0;
	r->vm_pgoff = 0;
	r->kind = 0;
	r->reserved = 0;
	if (d->details) {
		r->flags |= MMSCOPE_VMA_REC_F_DETAILS;
		r->vm_flags = vma->vm_flags;
		r->vm_pgoff = vma->vm_pgoff;
		r->kind = mmscope_vma_kind(vma);
		if (vma->anon_vma)
			r->flags |= MMSCOPE_VMA_REC_F_ANON_VMA;
	}
	r->name_len = nlen;
	r->vmflags_len = flen;
	r->ops_len = olen;
	r->fault_len = xlen;
	p = (char *)(r + 1);
	p = mmscope_rec_str(p, name, nlen);
	p = mmscope_rec_str(p, vmflags, flen);
	p = mmscope_rec_str(p, ops, olen);
	mmscope_rec_str(p, fault, xlen);

	if (mss) {
		u64 *val = d->val;
		unsigned long bits;
		struct mmscope_smaps_rec *sr;
		int type, n = 0;
		u64 *v;

		bits = mmscope_vma_figures(vma, val) |
		       mmscope_smap_figures(mss, false, val);
		a = nla_reserve_64bit(skb, MMSCOPE_A_SMAPS_REC,
				      sizeof(*sr) + hweight64(bits) * sizeof(u64),
				      MMSCOPE_A_PAD);
		if (!a) {
			nlmsg_trim(skb, mark);
			return -EMSGSIZE;
		}
		sr = nla_data(a);
		sr->present = bits;
		v = (u64 *)(sr + 1);
		for_each_set_bit(type, &bits, MMSCOPE_SMAPS_A_MAX + 1)
			v[n++] = val[type];
	}
	return 0;
}

/*
 * One VMA as MMSCOPE_A_MAPS_REC (MMSCOPE_REQ_F_MAPS_RECORDS): what a maps
 * line shows, in less than half the bytes of MMSCOPE_A_VMA_REC, which a
 * large dump pays for three times (the message is cleared when allocated,
 * filled, copied out).  -EMSGSIZE leaves the message as it was.  @mm is
 * NULL for the gate VMA.
 */
static int mmscope_maps_rec(struct sk_buff *skb, struct vm_area_struct *vma,
			    struct mm_struct *mm, struct mmscope_vma_dump *d)
{
	struct mmscope_maps_rec *r;
	const char *name;
	struct nlattr *a;
	u32 kind;
	u16 nlen;

	name = mmscope_vma_name(vma, mm, d->buf, &kind);
	nlen = mmscope_rec_len(name);
	a = nla_reserve(skb, MMSCOPE_A_MAPS_REC, sizeof(*r) + nlen);
	if (!a)
		return -EMSGSIZE;
	r = nla_data(a);
	/* every member stored one by one, as in mmscope_vma_rec() */
	BUILD_BUG_ON(sizeof(*r) != 40);	/* a member added: set it here */
	r->start = vma->vm_start;
	r->end = vma->vm_end;
	r->pgoff = 0;
	r->ino = 0;
	r->dev = 0;
	if (vma->vm_file) {
		const struct inode *inode = mmscope_file_inode(vma->vm_file);

		r->pgoff = (u64)vma->vm_pgoff << PAGE_SHIFT;
		r->ino = inode->i_ino;
		r->dev = new_encode_dev(inode->i_sb->s_dev);
	}
	r->name_len = nlen;
	r->perms = mmscope_vma_perms(vma->vm_flags);
	r->name_kind = kind;
	mmscope_rec_str((char *)(r + 1), name, nlen);
	return 0;
}

/* Records: the message being filled, opened if there is none. */
static int mmscope_vma_rec_msg(struct sk_buff *skb, struct netlink_callback *cb,
			       struct mmscope_vma_dump *d)
{
	if (d->hdr)
		return 0;
	d->hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
			     cb->nlh->nlmsg_seq, &mmscope_genl_family,
			     NLM_F_MULTI, MMSCOPE_CMD_VMA_GET);
	return d->hdr ? 0 : -EMSGSIZE;
}

/* Records: end the message being filled; one without a VMA is dropped. */
static void mmscope_vma_rec_end(struct sk_buff *skb,
				struct netlink_callback *cb,
				struct mmscope_vma_dump *d)
{
	if (!d->hdr)
		return;
	if (genlmsg_len(d->hdr) > 0) {
		/* only on a message that goes out: it advances cb->prev_seq */
		genl_dump_check_consistent(cb, d->hdr);
		genlmsg_end(skb, d->hdr);
	} else {
		genlmsg_cancel(skb, d->hdr);
	}
	d->hdr = NULL;
}

/* One VMA into the chunk, as a message of its own or as records. */
static int mmscope_vma_emit(struct sk_buff *skb, struct netlink_callback *cb,
			    struct vm_area_struct *vma, struct mm_struct *mm,
			    struct mmscope_vma_dump *d,
			    const struct mmscope_mss *mss)
{
	if (!d->records)
		return mmscope_vma_fill(skb, cb, vma, mm, d, mss);
	if (mmscope_vma_rec_msg(skb, cb, d))
		return -EMSGSIZE;
	if (d->maps_rec)
		return mmscope_maps_rec(skb, vma, mm, d);
	return mmscope_vma_rec(skb, vma, mm, d, mss);
}

/*
 * The range of a request: MMSCOPE_A_START/END, or everything.  Returns 0
 * or -EINVAL with a message.
 */
int mmscope_req_range(struct nlattr **attrs, struct netlink_ext_ack *extack,
		      unsigned long *start, unsigned long *end)
{
	*start = 0;
	*end = ULONG_MAX;
	if (attrs[MMSCOPE_A_START])
		*start = nla_get_u64(attrs[MMSCOPE_A_START]);
	if (attrs[MMSCOPE_A_END])
		*end = nla_get_u64(attrs[MMSCOPE_A_END]);
	if (*end <= *start) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[MMSCOPE_A_END] ?: attrs[MMSCOPE_A_START],
				    "empty range: END must be above START");
		return -EINVAL;
	}
	return 0;
}

/* Resolve the pid of a request to its mm, with a reference. */
struct mm_struct *mmscope_req_mm(struct nlattr **attrs,
				 struct netlink_ext_ack *extack)
{
	struct task_struct *task;
	struct mm_struct *mm;

	task = mmscope_task_get(attrs[MMSCOPE_A_PID], extack);
	if (IS_ERR(task))
		return ERR_CAST(task);
	mm = mmscope_task_mm(task, extack);
	put_task_struct(task);
	return mm;
}

bool mmscope_hold_by_vma(void)
{
	return MMSCOPE_HAVE_VMA_LOCK && READ_ONCE(mmscope_vma_lock_param);
}

/*
 * The VMA at or above @addr by its own read lock, or NULL (take mmap_lock).
 * Where it is found is read without a lock: it is trusted only if no
 * writer held mmap_lock from before that read until after the lock was
 * taken (mm_lock_seq even and unchanged), so that no VMA can have been
 * put between @addr and it meanwhile; then that generation is the
 * dump's, as under mmap_lock.
 */
static struct vm_area_struct *mmscope_hold_vma_lock(struct mmscope_hold *h,
						    unsigned long addr)
{
	struct vm_area_struct *vma;
	unsigned long start;
	unsigned int gen;

	if (h->mmap_only || !mmscope_hold_by_vma())
		return NULL;
	gen = mmscope_mm_generation_unlocked(h->mm);
	if (gen & 1)
		return NULL;	/* a writer is at work: wait for it */
	/* mostly, the next VMA begins where the last one ended */
	vma = mmscope_vma_lock(h->mm, addr);
	if (!vma) {
		/* none above: the end, confirmed under mmap_lock */
		if (!mmscope_vma_next_hint(h->mm, addr, &start) ||
		    start == addr)
			return NULL;	/* or one at @addr could not be locked */
		vma = mmscope_vma_lock(h->mm, start);
		if (!vma)
			return NULL;
	}
	if (mmscope_mm_generation_unlocked(h->mm) != gen) {
		mmscope_vma_unlock(vma);
		return NULL;
	}
	h->locked = vma;
	if (h->cb)
		mmscope_dump_generation(h->cb, gen);
	return vma;
}

struct vm_area_struct *mmscope_hold_next(struct mmscope_hold *h,
					 unsigned long addr)
{
	struct vm_area_struct *vma;

	if (h->locked) {
		mmscope_vma_unlock(h->locked);
		h->locked = NULL;
	}
	if (!h->mmap) {
		vma = mmscope_hold_vma_lock(h, addr);
		if (vma)
			return vma;
		if (mmap_read_lock_killable(h->mm))
			return ERR_PTR(-EINTR);
		h->mmap = true;
		if (h->cb)
			mmscope_dump_locked(h->cb, h->mm);
	}
	/* the VMA after the last one, from where the last one was found */
	if (h->it_end && addr == h->it_end)
		vma = mmscope_vma_iter_next(&h->it);
	else
		vma = mmscope_vma_iter_first(&h->it, h->mm, addr);
	h->it_end = vma ? vma->vm_end : 0;
	return vma;
}

void mmscope_hold_drop(struct mmscope_hold *h)
{
	if (h->locked) {
		mmscope_vma_unlock(h->locked);
		h->locked = NULL;
	}
	if (h->mmap) {
		mmap_read_unlock(h->mm);
		h->mmap = false;
		h->it_end = 0;
	}
}

/* A VMA that changed this often while being walked is taken as it is. */
#define MMSCOPE_MAX_RESTARTS	4

/*
 * Account @vma (the first VMA that ends above @cursor, or NULL) if it
 * starts below @end into @mss, walking its page tables in pieces;
 * between pieces the hold is dropped and taken again, and a VMA that
 * changed meanwhile is accounted again from its start (at most
 * MMSCOPE_MAX_RESTARTS times; then, as /proc does, the walk goes on over
 * what is there).  @from is where accounting starts in a VMA that begins
 * below it.
 *
 * Called and returns with the VMA held by @h; returns the VMA, NULL when
 * there is none, or ERR_PTR(-EINTR) (nothing held) when a fatal signal
 * came while waiting for mmap_lock.
 */
static struct vm_area_struct *
mmscope_account_next(struct mmscope_hold *h, struct vm_area_struct *vma,
		     unsigned long cursor, unsigned long end,
		     unsigned long from, struct mmscope_vma_acc *acc,
		     struct mmscope_mss *mss)
{
	int restarts = 0;

	for (;;) {
		if (!vma || vma->vm_start >= end)
			return NULL;
		if (!mmscope_acc_same_vma(acc, vma)) {
			if (acc->started && restarts >= MMSCOPE_MAX_RESTARTS) {
				mmscope_acc_adopt(acc, vma);
			} else {
				restarts += acc->started;
				memset(mss, 0, sizeof(*mss));
				mmscope_acc_begin(acc, mss, vma, from);
			}
		}
		if (mmscope_smap_gather_stats(acc, mss, vma, !!h->locked,
					      MMSCOPE_WALK_BUDGET))
			return vma;
		mmscope_hold_drop(h);
		cond_resched();
		vma = mmscope_hold_next(h, cursor);
		if (IS_ERR(vma))
			return vma;
	}
}

int mmscope_nl_vma_get_start(struct netlink_callback *cb)
{
	struct mmscope_vma_dump **dp = (void *)cb->ctx;

	BUILD_BUG_ON(sizeof(*dp) > sizeof(cb->ctx));
	*dp = NULL;
	/* One VMA message must always fit, whatever its path. */
	cb->min_dump_alloc = MMSCOPE_VMA_MSG_MAX;
	return 0;
}

int mmscope_nl_vma_get_done(struct netlink_callback *cb)
{
	struct mmscope_vma_dump **dp = (void *)cb->ctx;
	struct mmscope_vma_dump *d = *dp;

	if (d) {
		if (d->mm)
			mmput(d->mm);
		kvfree(d);
		*dp = NULL;
	}
	return 0;
}

/*
 * First chunk: check permission, parse the request and resolve the pid
 * here rather than in ->start, so that errors carry an ext-ack message on every kernel (6.1
 * gives ->start no ext-ack) and the pid is resolved in the caller's
 * context.
 */
static int mmscope_vma_dump_begin(struct netlink_callback *cb,
				  struct mmscope_vma_dump **dp)
{
	struct nlattr *attrs[MMSCOPE_A_MAX + 1];
	struct mmscope_vma_dump *d;
	unsigned long start, end;
	struct mm_struct *mm;
	u32 flags = 0;
	int ret;

	ret = mmscope_req_parse(cb->skb, cb->nlh, attrs, cb->extack);
	if (ret)
		return ret;
	if (attrs[MMSCOPE_A_FLAGS])
		flags = nla_get_u32(attrs[MMSCOPE_A_FLAGS]);
	if ((flags & MMSCOPE_REQ_F_MAPS_RECORDS) &&
	    (flags & (MMSCOPE_REQ_F_SMAPS | MMSCOPE_REQ_F_DETAILS))) {
		NL_SET_ERR_MSG_ATTR(cb->extack, attrs[MMSCOPE_A_FLAGS],
				    "MAPS_RECORDS carry neither the SMAPS figures nor the DETAILS: ask for RECORDS");
		return -EINVAL;
	}
	ret = mmscope_req_range(attrs, cb->extack, &start, &end);
	if (ret)
		return ret;
	mm = mmscope_req_mm(attrs, cb->extack);
	if (IS_ERR(mm))
		return PTR_ERR(mm);
	d = kvzalloc(sizeof(*d), GFP_KERNEL);
	if (!d) {
		mmput(mm);
		NL_SET_ERR_MSG(cb->extack, "out of memory");
		return -ENOMEM;
	}
	d->mm = mm;
	d->cursor = start;
	d->end = end;
	d->smaps = flags & MMSCOPE_REQ_F_SMAPS;
	d->details = flags & MMSCOPE_REQ_F_DETAILS;
	d->maps_rec = flags & MMSCOPE_REQ_F_MAPS_RECORDS;
	d->records = d->maps_rec || (flags & MMSCOPE_REQ_F_RECORDS);
	d->state = MMSCOPE_VMA_WALK;
	*dp = d;
	return 0;
}

/*
 * One chunk of VMAs.  Returns how many were sent, or a negative errno.
 * maps holds mmap_lock for the chunk (a VMA costs little); smaps holds
 * each VMA by its own lock where it can, and walks its pages.
 */
static int mmscope_vma_dump_walk(struct sk_buff *skb,
				 struct netlink_callback *cb,
				 struct mmscope_vma_dump *d)
{
	struct mmscope_hold h = {
		.mm = d->mm, .cb = cb, .mmap_only = !d->smaps,
	};
	const int chunk = d->records && !d->smaps ? MMSCOPE_REC_CHUNK :
						    MMSCOPE_VMA_CHUNK;
	struct vm_area_struct *vma;
	int sent = 0, ret = 0;

	for (;;) {
		if (sent >= chunk)
			break;
		if (sent && h.mmap && !h.mmap_only && mmscope_hold_by_vma())
			mmscope_hold_drop(&h);	/* back to the VMAs' own locks */
		else if (sent && h.mmap && mmap_lock_is_contended(d->mm))
			break;
		vma = mmscope_hold_next(&h, d->cursor);
		if (IS_ERR(vma))
			goto intr;
		if (vma && vma->vm_start >= d->end)
			vma = NULL;
		if (d->smaps) {
			vma = mmscope_account_next(&h, vma, d->cursor, d->end,
						   0, &d->acc, &d->mss);
			if (IS_ERR(vma))
				goto intr;
		}
		if (!vma) {
			d->state = MMSCOPE_VMA_GATE;
			break;
		}
		ret = mmscope_vma_emit(skb, cb, vma, d->mm, d,
				       d->smaps ? &d->mss : NULL);
		if (ret)
			break;
		d->cursor = vma->vm_end;
		d->acc.started = false;
		sent++;
	}
	mmscope_hold_drop(&h);
	if (ret && !sent) {
		NL_SET_ERR_MSG(cb->extack,
			       "a VMA did not fit in an empty dump message");
		return ret;
	}
	return sent;
intr:
	NL_SET_ERR_MSG(cb->extack,
		       "interrupted while waiting for the target's mmap_lock");
	return -EINTR;
}

int mmscope_nl_vma_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct mmscope_vma_dump **dp = (void *)cb->ctx;
	struct mmscope_vma_dump *d = *dp;
	struct vm_area_struct *vma;
	int sent = 0;
	int ret;

	if (!d) {
		ret = mmscope_vma_dump_begin(cb, dp);
		if (ret)
			return ret;
		d = *dp;
	}

	if (d->state == MMSCOPE_VMA_WALK) {
		sent = mmscope_vma_dump_walk(skb, cb, d);
		if (sent < 0) {
			/* what went before it still goes out, then the error */
			mmscope_vma_rec_end(skb, cb, d);
			return sent;
		}
		if (d->state == MMSCOPE_VMA_WALK)
			goto out;
	}

	if (d->state == MMSCOPE_VMA_GATE) {
		vma = mmscope_gate_vma(d->mm);
		if (vma && vma->vm_end > d->cursor && vma->vm_start < d->end) {
			/* the gate VMA has no page tables of its own to walk */
			struct mmscope_mss none = {};

			ret = mmscope_vma_emit(skb, cb, vma, NULL, d,
					       d->smaps ? &none : NULL);
			if (ret && !sent) {
				mmscope_vma_rec_end(skb, cb, d);
				NL_SET_ERR_MSG(cb->extack,
					       "the gate VMA did not fit in an empty dump message");
				return ret;
			}
			if (ret)
				goto out;	/* next chunk */
		}
		d->state = MMSCOPE_VMA_DONE;
	}
out:
	mmscope_vma_rec_end(skb, cb, d);
	return skb->len;
}

/*
 * The sums of smaps_rollup over every VMA of @mm, walked in bounded
 * pieces, each VMA held by its own lock where it can be.  Returns 0 or
 * -EINTR.
 */
static int mmscope_rollup_walk(struct mm_struct *mm, struct mmscope_mss *total,
			       struct mmscope_mss *mss, unsigned long *first,
			       unsigned long *last_end)
{
	struct mmscope_hold h = { .mm = mm };
	struct mmscope_vma_acc acc = {};
	struct vm_area_struct *vma;
	bool any = false;

	for (;;) {
		vma = mmscope_hold_next(&h, *last_end);
		if (!IS_ERR(vma))
			vma = mmscope_account_next(&h, vma, *last_end, ULONG_MAX,
						   *last_end, &acc, mss);
		if (IS_ERR(vma))
			return -EINTR;
		if (!vma)
			break;
		if (!any)
			*first = vma->vm_start;
		any = true;
		mmscope_mss_add(total, mss);
		*last_end = vma->vm_end;
		acc.started = false;
		/*
		 * By the VMAs' own locks: a reschedule point after every VMA
		 * (a rollup is one request, and thousands of small VMAs went
		 * by without one); under mmap_lock, back to those locks, or
		 * let a writer in.
		 */
		if (mmscope_hold_by_vma() ||
		    (h.mmap && mmap_lock_is_contended(mm))) {
			mmscope_hold_drop(&h);
			cond_resched();
		}
	}
	mmscope_hold_drop(&h);
	return 0;
}

/* smaps_rollup: the sums over every VMA, walked in bounded pieces. */
int mmscope_nl_rollup_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	unsigned long first = 0, last_end = 0;
	struct mmscope_mss *total;
	struct nlattr *nest;
	struct mm_struct *mm;
	struct sk_buff *msg;
	void *hdr;
	int ret = 0;

	mm = mmscope_req_mm(info->attrs, extack);
	if (IS_ERR(mm))
		return PTR_ERR(mm);
	total = kzalloc(2 * sizeof(*total), GFP_KERNEL);
	if (!total) {
		mmput(mm);
		NL_SET_ERR_MSG(extack, "out of memory");
		return -ENOMEM;
	}
	ret = mmscope_rollup_walk(mm, total, total + 1, &first, &last_end);
	if (ret) {
		NL_SET_ERR_MSG(extack,
			       "interrupted while waiting for the target's mmap_lock");
		goto out;
	}

	msg = mmscope_reply_new(info, NLMSG_GOODSIZE, &hdr);
	if (IS_ERR(msg)) {
		ret = PTR_ERR(msg);
		goto out;
	}
	nest = nla_nest_start(msg, MMSCOPE_A_ROLLUP);
	if (!nest || mmscope_show_smap(msg, total, true) ||
	    nla_put_u64_64bit(msg, MMSCOPE_SMAPS_A_RANGE_START, first,
			      MMSCOPE_SMAPS_A_PAD) ||
	    nla_put_u64_64bit(msg, MMSCOPE_SMAPS_A_RANGE_END, last_end,
			      MMSCOPE_SMAPS_A_PAD)) {
		ret = mmscope_reply_too_big(info, msg);
		goto out;
	}
	nla_nest_end(msg, nest);
	ret = mmscope_reply(info, msg, hdr);
out:
	kfree(total);
	mmput(mm);
	return ret;
}

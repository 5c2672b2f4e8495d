// SPDX-License-Identifier: GPL-2.0
/*
 * VMA iteration and naming, and the VMA_GET dump.
 *
 * The dump takes the target's mmap_lock for reading once per chunk (one
 * netlink skb, at most MMSCOPE_VMA_CHUNK VMAs, less if a writer waits) and
 * continues from the end of the last VMA it sent, as /proc/PID/maps does.
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
#include "compat.h"

/* Most VMAs sent under one hold of mmap_lock. */
#define MMSCOPE_VMA_CHUNK	256

/* Room for a VMA message with the longest path d_path() gives us. */
#define MMSCOPE_VMA_MSG_MAX	(PATH_MAX + 1024)

enum mmscope_vma_state {
	MMSCOPE_VMA_INIT,
	MMSCOPE_VMA_WALK,
	MMSCOPE_VMA_GATE,
	MMSCOPE_VMA_DONE,
};

/* Dump state, kept in netlink_callback::ctx between chunks. */
struct mmscope_vma_dump {
	struct mm_struct *mm;	/* mmget() reference, from the first chunk */
	char *buf;		/* PATH_MAX bytes for names */
	unsigned long cursor;	/* next address to show */
	int state;
};

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

static void mmscope_vma_flags_str(vm_flags_t flags, char *buf, size_t size)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < BITS_PER_LONG; i++) {
		if (!mmscope_vmflags[i][0] || !(flags & (1UL << i)))
			continue;
		len += scnprintf(buf + len, size - len, "%s ", mmscope_vmflags[i]);
	}
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

static u32 mmscope_vma_kind(struct vm_area_struct *vma)
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

static int mmscope_put_sym(struct sk_buff *skb, int type, const void *ptr)
{
	char sym[KSYM_SYMBOL_LEN];

	snprintf(sym, sizeof(sym), "%ps", ptr);
	return nla_put_string(skb, type, sym);
}

static int mmscope_vma_fill(struct sk_buff *skb, struct netlink_callback *cb,
			    struct vm_area_struct *vma, struct mm_struct *mm,
			    char *buf)
{
	const struct inode *inode = NULL;
	char vmflags[BITS_PER_LONG * 3 + 1];
	vm_flags_t flags = vma->vm_flags;
	struct nlattr *nest;
	const char *name;
	u32 perms = 0;
	u32 kind;
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &mmscope_genl_family, NLM_F_MULTI,
			  MMSCOPE_CMD_VMA_GET);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, MMSCOPE_A_VMA);
	if (!nest)
		goto cancel;

	if (flags & VM_READ)
		perms |= MMSCOPE_VMA_PERM_READ;
	if (flags & VM_WRITE)
		perms |= MMSCOPE_VMA_PERM_WRITE;
	if (flags & VM_EXEC)
		perms |= MMSCOPE_VMA_PERM_EXEC;
	if (flags & VM_MAYSHARE)
		perms |= MMSCOPE_VMA_PERM_SHARED;
	if (vma->vm_file)
		inode = mmscope_file_inode(vma->vm_file);
	mmscope_vma_flags_str(flags, vmflags, sizeof(vmflags));

	if (nla_put_u64_64bit(skb, MMSCOPE_VMA_A_START, vma->vm_start,
			      MMSCOPE_VMA_A_PAD) ||
	    nla_put_u64_64bit(skb, MMSCOPE_VMA_A_END, vma->vm_end,
			      MMSCOPE_VMA_A_PAD) ||
	    nla_put_u32(skb, MMSCOPE_VMA_A_PERMS, perms) ||
	    nla_put_u64_64bit(skb, MMSCOPE_VMA_A_PGOFF,
			      inode ? (u64)vma->vm_pgoff << PAGE_SHIFT : 0,
			      MMSCOPE_VMA_A_PAD) ||
	    nla_put_u32(skb, MMSCOPE_VMA_A_DEV_MAJOR,
			inode ? MAJOR(inode->i_sb->s_dev) : 0) ||
	    nla_put_u32(skb, MMSCOPE_VMA_A_DEV_MINOR,
			inode ? MINOR(inode->i_sb->s_dev) : 0) ||
	    nla_put_u64_64bit(skb, MMSCOPE_VMA_A_INO, inode ? inode->i_ino : 0,
			      MMSCOPE_VMA_A_PAD) ||
	    nla_put_u64_64bit(skb, MMSCOPE_VMA_A_VM_FLAGS, flags,
			      MMSCOPE_VMA_A_PAD) ||
	    nla_put_string(skb, MMSCOPE_VMA_A_VMFLAGS, vmflags) ||
	    nla_put_u32(skb, MMSCOPE_VMA_A_KIND, mmscope_vma_kind(vma)))
		goto cancel;

	name = mmscope_vma_name(vma, mm, buf, &kind);
	if (nla_put_u32(skb, MMSCOPE_VMA_A_NAME_KIND, kind) ||
	    (name && nla_put_string(skb, MMSCOPE_VMA_A_NAME, name)))
		goto cancel;

	if (vma->anon_vma && nla_put_flag(skb, MMSCOPE_VMA_A_ANON_VMA))
		goto cancel;
	if (vma->vm_ops) {
		if (mmscope_put_sym(skb, MMSCOPE_VMA_A_OPS, vma->vm_ops) ||
		    (vma->vm_ops->fault &&
		     mmscope_put_sym(skb, MMSCOPE_VMA_A_FAULT,
				     vma->vm_ops->fault)))
			goto cancel;
	} else if (!vma->vm_file && vma->vm_mm) {
		/* handle_pte_fault() -> do_anonymous_page() */
		if (nla_put_string(skb, MMSCOPE_VMA_A_FAULT,
				   "do_anonymous_page"))
			goto cancel;
	}

	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;

cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

int mmscope_nl_vma_start(struct netlink_callback *cb)
{
	struct mmscope_vma_dump *d = (void *)cb->ctx;

	BUILD_BUG_ON(sizeof(*d) > sizeof(cb->ctx));
	memset(d, 0, sizeof(*d));
	/* One VMA message must always fit, whatever its path. */
	cb->min_dump_alloc = MMSCOPE_VMA_MSG_MAX;
	return 0;
}

int mmscope_nl_vma_done(struct netlink_callback *cb)
{
	struct mmscope_vma_dump *d = (void *)cb->ctx;

	if (d->mm)
		mmput(d->mm);
	kfree(d->buf);
	d->mm = NULL;
	d->buf = NULL;
	return 0;
}

/*
 * First chunk: check permission and resolve the pid here rather than in
 * ->start, so that errors carry an ext-ack message on every kernel (6.1
 * gives ->start no ext-ack) and the pid is resolved in the caller's
 * context.
 */
static int mmscope_vma_dump_begin(struct netlink_callback *cb,
				  struct mmscope_vma_dump *d)
{
	struct nlattr **attrs = mmscope_dump_attrs(cb);
	struct task_struct *task;
	struct mm_struct *mm;
	int ret;

	ret = mmscope_check_perm(cb->skb, cb->extack);
	if (ret)
		return ret;
	task = mmscope_task_get(attrs[MMSCOPE_A_PID], cb->extack);
	if (IS_ERR(task))
		return PTR_ERR(task);
	mm = mmscope_task_mm(task, cb->extack);
	put_task_struct(task);
	if (IS_ERR(mm))
		return PTR_ERR(mm);

	d->buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!d->buf) {
		mmput(mm);
		NL_SET_ERR_MSG(cb->extack, "out of memory");
		return -ENOMEM;
	}
	d->mm = mm;
	d->cursor = 0;
	d->state = MMSCOPE_VMA_WALK;
	return 0;
}

int mmscope_nl_vma_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct mmscope_vma_dump *d = (void *)cb->ctx;
	struct vm_area_struct *vma;
	int sent = 0;
	int ret = 0;

	if (d->state == MMSCOPE_VMA_INIT) {
		ret = mmscope_vma_dump_begin(cb, d);
		if (ret)
			return ret;
	}

	if (d->state == MMSCOPE_VMA_WALK) {
		VMA_ITERATOR(vmi, d->mm, d->cursor);

		if (mmap_read_lock_killable(d->mm)) {
			NL_SET_ERR_MSG(cb->extack,
				       "interrupted while waiting for the target's mmap_lock");
			return -EINTR;
		}
		for_each_vma(vmi, vma) {
			if (sent >= MMSCOPE_VMA_CHUNK ||
			    (sent && mmap_lock_is_contended(d->mm)))
				break;
			ret = mmscope_vma_fill(skb, cb, vma, d->mm, d->buf);
			if (ret)
				break;
			d->cursor = vma->vm_end;
			sent++;
		}
		if (!vma)
			d->state = MMSCOPE_VMA_GATE;
		mmap_read_unlock(d->mm);

		if (ret && !sent) {
			NL_SET_ERR_MSG(cb->extack,
				       "a VMA did not fit in an empty dump message");
			return ret;
		}
		if (d->state == MMSCOPE_VMA_WALK)
			return skb->len;
	}

	if (d->state == MMSCOPE_VMA_GATE) {
		vma = mmscope_gate_vma(d->mm);
		if (vma) {
			ret = mmscope_vma_fill(skb, cb, vma, NULL, d->buf);
			if (ret && !sent) {
				NL_SET_ERR_MSG(cb->extack,
					       "the gate VMA did not fit in an empty dump message");
				return ret;
			}
			if (ret)
				return skb->len;	/* next chunk */
		}
		d->state = MMSCOPE_VMA_DONE;
	}
	return skb->len;
}

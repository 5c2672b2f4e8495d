/* SPDX-License-Identifier: GPL-2.0 */
/* mmscope: declarations shared by the files of the module. */
#ifndef _MMSCOPE_H
#define _MMSCOPE_H

#include <linux/types.h>
#include <linux/sched.h>
#include <linux/mm_types.h>
#include <net/genetlink.h>

#include "uapi/linux/mmscope.h"
#include "uapi/linux/mmscope_records.h"
#include "netlink-gen.h"
#include "wrapper/vmaiter.h"

#define MMSCOPE_VERSION "0.1.0"

/* main.c */
extern struct genl_family mmscope_genl_family;

/* ksym.c: addresses of unexported data (never functions), or NULL */
void *mmscope_ksym_data(const char *name);

/* task.c */
int mmscope_check_perm(struct sk_buff *skb, struct netlink_ext_ack *extack);
struct task_struct *mmscope_task_get(const struct nlattr *pid_attr,
				     struct netlink_ext_ack *extack);
struct mm_struct *mmscope_task_mm(struct task_struct *task,
				  struct netlink_ext_ack *extack);

/* vma.c */
int mmscope_vma_init(void);
bool mmscope_gate_known(void);
u32 mmscope_vma_perms(vm_flags_t flags);
u32 mmscope_vma_kind(struct vm_area_struct *vma);
int mmscope_put_vma_maps(struct sk_buff *skb, struct vm_area_struct *vma,
			 struct mm_struct *mm, char *buf);
int mmscope_req_range(struct nlattr **attrs, struct netlink_ext_ack *extack,
		      unsigned long *start, unsigned long *end);
struct mm_struct *mmscope_req_mm(struct nlattr **attrs,
				 struct netlink_ext_ack *extack);

/*
 * The VMA a walk reads, held: by its own read lock where the kernel has
 * per-VMA locks (the target's mmap, munmap and mprotect elsewhere do not
 * wait for it), else, or when that lock cannot be had at once, under
 * mmap_lock held for reading (which then stays held for the next VMAs
 * until mmscope_hold_drop()).  Nothing is held between a drop and the
 * next mmscope_hold_next(); never across the return of a dumpit.
 */
struct mmscope_hold {
	struct mm_struct *mm;
	struct netlink_callback *cb;	/* a dump's, told of each hold, or NULL */
	struct vm_area_struct *locked;	/* held by its own read lock */
	bool mmap;			/* mmap_lock held for reading */
	bool mmap_only;			/* never by the VMA's own lock */
	/* under mmap_lock: where the last VMA was, and where it ended */
	struct mmscope_vma_iter it;
	unsigned long it_end;		/* 0: none (always without mmap_lock) */
};

/*
 * The first VMA that ends above @addr, held (a VMA held by its own lock
 * before is let go first); NULL when there is none (mmap_lock is then
 * held), ERR_PTR(-EINTR) on a fatal signal while waiting (nothing held).
 */
extern bool mmscope_vma_lock_param;	/* module parameter vma_lock */
/* Walks hold VMAs by their own locks (this kernel has them, and vma_lock=1). */
bool mmscope_hold_by_vma(void);
struct vm_area_struct *mmscope_hold_next(struct mmscope_hold *h,
					 unsigned long addr);
void mmscope_hold_drop(struct mmscope_hold *h);

/* pt.c */
size_t mmscope_pt_dump_state_size(void);
size_t mmscope_vma_dump_state_size(void);

/* cpus.c */
u64 mmscope_cpus_features(void);
int mmscope_put_task_borrowed(struct sk_buff *msg, struct task_struct *task);

/* netlink.c */
void mmscope_dump_locked(struct netlink_callback *cb, struct mm_struct *mm);
void mmscope_dump_generation(struct netlink_callback *cb, unsigned int gen);
int mmscope_req_parse(struct sk_buff *skb, const struct nlmsghdr *nlh,
		      struct nlattr **attrs, struct netlink_ext_ack *extack);
struct sk_buff *mmscope_reply_new(struct genl_info *info, size_t size,
				  void **hdr);
int mmscope_reply(struct genl_info *info, struct sk_buff *msg, void *hdr);
int mmscope_reply_too_big(struct genl_info *info, struct sk_buff *msg);
int mmscope_genl_register(void);
void mmscope_genl_unregister(void);
extern bool mmscope_unloading;

#endif /* _MMSCOPE_H */

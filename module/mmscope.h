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

/* pt.c */
size_t mmscope_pt_dump_state_size(void);
size_t mmscope_vma_dump_state_size(void);

/* cpus.c */
u64 mmscope_cpus_features(void);
int mmscope_put_task_borrowed(struct sk_buff *msg, struct task_struct *task);

/* netlink.c */
void mmscope_dump_locked(struct netlink_callback *cb, struct mm_struct *mm);
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

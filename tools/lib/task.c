// SPDX-License-Identifier: GPL-2.0
/* libmmscope: INFO_GET and TASK_GET: the module, and a task with its address space. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/genetlink.h>
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>

#include "libmmscope.h"
#include "internal.h"

static int parse_info(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[MMSCOPE_INFO_A_MAX + 1];
	struct mmscope_info *info = arg;
	struct nlattr *a = lib_reply_attr(msg, MMSCOPE_A_INFO, MMSCOPE_CMD_INFO_GET);

	if (!a || nla_parse_nested(tb, MMSCOPE_INFO_A_MAX, a, NULL))
		return -EBADMSG;
	lib_copy_str(info->version, sizeof(info->version), tb[MMSCOPE_INFO_A_VERSION]);
	lib_copy_str(info->built_for, sizeof(info->built_for), tb[MMSCOPE_INFO_A_BUILT_FOR]);
	lib_copy_str(info->running, sizeof(info->running), tb[MMSCOPE_INFO_A_RUNNING]);
	if (tb[MMSCOPE_INFO_A_PROTO])
		info->proto = nla_get_u32(tb[MMSCOPE_INFO_A_PROTO]);
	if (tb[MMSCOPE_INFO_A_FEATURES])
		info->features = nla_get_u64(tb[MMSCOPE_INFO_A_FEATURES]);
	if (tb[MMSCOPE_INFO_A_PAGE_SIZE])
		info->page_size = nla_get_u32(tb[MMSCOPE_INFO_A_PAGE_SIZE]);
	if (tb[MMSCOPE_INFO_A_SMAPS_FLAGS])
		info->smaps.flags = nla_get_u32(tb[MMSCOPE_INFO_A_SMAPS_FLAGS]);
	if (tb[MMSCOPE_INFO_A_SMAPS_LINES])
		info->smaps.lines = nla_get_u64(tb[MMSCOPE_INFO_A_SMAPS_LINES]);
	info->smaps.swap_pss = info->features & MMSCOPE_FEAT_SWAP_PSS;
	if (tb[MMSCOPE_INFO_A_DUMP_STATE])
		info->dump_state = nla_get_u32(tb[MMSCOPE_INFO_A_DUMP_STATE]);
	if (tb[MMSCOPE_INFO_A_SESSIONS])
		info->sessions = nla_get_u32(tb[MMSCOPE_INFO_A_SESSIONS]);
	if (tb[MMSCOPE_INFO_A_COUNTING])
		info->counting = nla_get_u32(tb[MMSCOPE_INFO_A_COUNTING]);
	if (tb[MMSCOPE_INFO_A_TRACE_BYTES])
		info->trace_bytes = nla_get_u64(tb[MMSCOPE_INFO_A_TRACE_BYTES]);
	if (tb[MMSCOPE_INFO_A_HOOKS])
		info->hooks = nla_get_u32(tb[MMSCOPE_INFO_A_HOOKS]);
	if (tb[MMSCOPE_INFO_A_MISSED])
		info->missed = nla_get_u64(tb[MMSCOPE_INFO_A_MISSED]);
	return 0;
}

int mmscope_info_get(struct mmscope *m, struct mmscope_info *info)
{
	memset(info, 0, sizeof(*info));
	return lib_simple_request(m, MMSCOPE_CMD_INFO_GET, 0, NULL, parse_info, info);
}

static int parse_task(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[MMSCOPE_TASK_A_MAX + 1];
	struct mmscope_task *t = arg;
	struct nlattr *a = lib_reply_attr(msg, MMSCOPE_A_TASK, MMSCOPE_CMD_TASK_GET);
	struct nlattr *pos;
	int rem;

	if (!a || nla_parse_nested(tb, MMSCOPE_TASK_A_MAX, a, NULL))
		return -EBADMSG;
	if (tb[MMSCOPE_TASK_A_PID])
		t->pid = nla_get_u32(tb[MMSCOPE_TASK_A_PID]);
	if (tb[MMSCOPE_TASK_A_TGID])
		t->tgid = nla_get_u32(tb[MMSCOPE_TASK_A_TGID]);
	lib_copy_str(t->comm, sizeof(t->comm), tb[MMSCOPE_TASK_A_COMM]);
	if (tb[MMSCOPE_TASK_A_FLAGS])
		t->flags = nla_get_u32(tb[MMSCOPE_TASK_A_FLAGS]);
	if (tb[MMSCOPE_TASK_A_NR_THREADS])
		t->nr_threads = nla_get_u32(tb[MMSCOPE_TASK_A_NR_THREADS]);
	if (tb[MMSCOPE_TASK_A_TIDS]) {
		size_t n = 0;

		nla_for_each_nested(pos, tb[MMSCOPE_TASK_A_TIDS], rem)
			n++;
		t->tids = calloc(n ? n : 1, sizeof(*t->tids));
		if (!t->tids)
			return -ENOMEM;
		nla_for_each_nested(pos, tb[MMSCOPE_TASK_A_TIDS], rem)
			if (nla_len(pos) == sizeof(uint32_t))
				t->tids[t->nr_tids++] = nla_get_u32(pos);
	}
	if (tb[MMSCOPE_TASK_A_BORROWED_CPU]) {
		t->borrows = true;
		t->borrowed_cpu = nla_get_u32(tb[MMSCOPE_TASK_A_BORROWED_CPU]);
	}
	if (tb[MMSCOPE_TASK_A_BORROWED_PID]) {
		t->borrowed_known = true;
		t->borrowed_pid = nla_get_u32(tb[MMSCOPE_TASK_A_BORROWED_PID]);
		lib_copy_str(t->borrowed_comm, sizeof(t->borrowed_comm),
			     tb[MMSCOPE_TASK_A_BORROWED_COMM]);
	}
	if (tb[MMSCOPE_TASK_A_MM]) {
		struct nlattr *mb[MMSCOPE_MM_A_MAX + 1];
		int i;

		if (nla_parse_nested(mb, MMSCOPE_MM_A_MAX, tb[MMSCOPE_TASK_A_MM], NULL))
			return -EBADMSG;
		t->has_mm = true;
		for (i = MMSCOPE_MM_A_PAD + 1; i <= MMSCOPE_MM_A_MAX; i++) {
			if (!mb[i] || nla_len(mb[i]) != sizeof(uint64_t))
				continue;
			t->mm.v[i] = nla_get_u64(mb[i]);
			t->mm.have[i] = true;
		}
	}
	return 0;
}

int mmscope_task_get(struct mmscope *m, uint32_t pid, struct mmscope_task *t)
{
	int ret;

	memset(t, 0, sizeof(*t));
	ret = lib_simple_request(m, MMSCOPE_CMD_TASK_GET, 0, &pid, parse_task, t);
	if (ret)
		mmscope_task_free(t);
	return ret;
}

void mmscope_task_free(struct mmscope_task *t)
{
	free(t->tids);
	t->tids = NULL;
	t->nr_tids = 0;
}

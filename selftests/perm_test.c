// SPDX-License-Identifier: GPL-2.0
/*
 * mmscope refuses what it must, before reading anything: every command
 * from a caller without CAP_SYS_ADMIN in the initial user namespace
 * (EPERM and a message, whatever it sends), and malformed requests sent
 * raw (EINVAL, the offending or missing attribute named in the ext-ack).
 */
#include "lib/common.h"

#include <sched.h>

#include "lib/harness.h"
#include "lib/spec-gen.h"

/*
 * Every request of the spec (spec-gen.h), sent as the module expects it
 * (a dump or a doit, with every attribute it takes, well formed):
 * each must be refused with EPERM and the message.  Returns how many
 * were not; prints them.
 */
static int all_commands_refused(struct mmscope *m, const char *who)
{
	const struct spec_request *req = spec_requests;
	const size_t n = sizeof(spec_requests) / sizeof(spec_requests[0]);
	int bad = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		struct nl_msg *msg = mmscope_msg_new(m, req[i].cmd,
						     req[i].dump ? NLM_F_DUMP : 0);
		uint32_t one = 1;
		int j, ret;

		if (!msg)
			return 100;
		/* every attribute the spec gives the request, well formed */
		for (j = 0; j < SPEC_REQ_ATTRS_MAX && req[i].attrs[j]; j++) {
			uint16_t t = req[i].attrs[j];

			if (spec_attr_kind[t] == SPEC_U64)
				nla_put_u64(msg, t, 0x400000);
			else if (spec_attr_kind[t] == SPEC_BINARY)
				nla_put(msg, t, sizeof(one), &one);
			else
				nla_put_u32(msg, t, 1);
		}
		ret = mmscope_transact(m, msg, NULL, NULL);
		nlmsg_free(msg);
		if (ret != -EPERM || !m->err.from_kernel ||
		    !strstr(m->err.msg, "CAP_SYS_ADMIN")) {
			printf("# %s: command %u answered %d \"%s\"\n", who,
			       req[i].cmd, ret, m->err.msg);
			bad++;
		}
	}
	/* and the same commands sent as the wrong kind (dump for doit...) */
	for (i = 0; i < n; i++) {
		struct nl_msg *msg = mmscope_msg_new(m, req[i].cmd,
						     req[i].dump ? 0 : NLM_F_DUMP);
		int ret;

		if (!msg)
			return 100;
		ret = mmscope_transact(m, msg, NULL, NULL);
		nlmsg_free(msg);
		if (ret != -EPERM || !strstr(m->err.msg, "CAP_SYS_ADMIN")) {
			printf("# %s: command %u (%s) answered %d \"%s\"\n", who,
			       req[i].cmd, req[i].dump ? "doit" : "dump", ret,
			       m->err.msg);
			bad++;
		}
	}
	return bad;
}

/* Every command refuses a caller without CAP_SYS_ADMIN. */
TEST(unprivileged)
{
	pid_t pid;
	int st;
	struct run r;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct mmscope_error err;
		struct mmscope_info info;
		struct mmscope_task t;
		struct mmscope *m;
		int bad = 0;

		if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(10);
		if (mmscope_open(&m, &err))
			_exit(11);
		bad += mmscope_info_get(m, &info) != -EPERM ||
		       !strstr(m->err.msg, "CAP_SYS_ADMIN");
		bad += mmscope_task_get(m, 1, &t) != -EPERM ||
		       !strstr(m->err.msg, "CAP_SYS_ADMIN");
		bad += mmscope_vma_dump(m, 1, maps_collect,
					&(struct maps_buf){ 0 }) != -EPERM ||
		       !strstr(m->err.msg, "CAP_SYS_ADMIN");
		bad += all_commands_refused(m, "nobody");
		mmscope_close(m);
		_exit(bad);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));

	run_tool(&r, 65534, "maps", "1", NULL);
	EXPECT_EQ(1, r.status);
	EXPECT_STREQ("", r.out);
	EXPECT_NE(NULL, strstr(r.err, "permission denied"));
	EXPECT_NE(NULL, strstr(r.err, "CAP_SYS_ADMIN"));
	run_free(&r);
	run_tool(&r, 65534, "task", "1", NULL);
	EXPECT_EQ(1, r.status);
	EXPECT_NE(NULL, strstr(r.err, "CAP_SYS_ADMIN"));
	run_free(&r);
}

/* Root in a new user namespace is not root: EPERM with the message. */
TEST(user_namespace_refused)
{
	pid_t pid = fork();
	int st;

	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct mmscope_error err;
		struct mmscope_task t;
		struct mmscope *m;

		if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(10);
		if (unshare(CLONE_NEWUSER))
			_exit(11);	/* CAP_SYS_ADMIN, but only in there */
		if (mmscope_open(&m, &err))
			_exit(12);
		if (mmscope_task_get(m, 1, &t) != -EPERM ||
		    !strstr(m->err.msg, "CAP_SYS_ADMIN"))
			_exit(13);
		if (all_commands_refused(m, "root of a user namespace"))
			_exit(14);
		mmscope_close(m);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	EXPECT_EQ(0, WEXITSTATUS(st));
}

/* Malformed requests, sent raw. */
FIXTURE(raw) {
	struct mmscope *m;
};

FIXTURE_SETUP(raw)
{
	struct mmscope_error err;

	ASSERT_EQ(0, mmscope_open(&self->m, &err));
}

FIXTURE_TEARDOWN(raw)
{
	mmscope_close(self->m);
}

enum raw_attr { RAW_NONE, RAW_U32, RAW_U64, RAW_STR, RAW_UNKNOWN,
		RAW_REPLY_ATTR, RAW_BAD_FLAGS, RAW_SMAPS_FLAG, RAW_EMPTY_RANGE,
		RAW_FLAGS };

FIXTURE_VARIANT(raw) {
	uint8_t cmd;
	int dump;
	enum raw_attr attr;
	uint32_t val;
	int err;
	const char *msg;
	int blamed;		/* attribute the ack points at, -1: none */
};

#define RAW(name, c, d, a, v, e, s, b)				\
	FIXTURE_VARIANT_ADD(raw, name) {			\
		.cmd = c, .dump = d, .attr = a, .val = v,	\
		.err = e, .msg = s, .blamed = b,		\
	}

RAW(task_missing_pid, MMSCOPE_CMD_TASK_GET, 0, RAW_NONE, 0, EINVAL,
    "missing PID", -1);
RAW(maps_missing_pid, MMSCOPE_CMD_VMA_GET, 1, RAW_NONE, 0, EINVAL,
    "missing PID", -1);
RAW(task_pid_u64, MMSCOPE_CMD_TASK_GET, 0, RAW_U64, 1, EINVAL,
    "invalid attribute length", MMSCOPE_A_PID);
RAW(maps_pid_string, MMSCOPE_CMD_VMA_GET, 1, RAW_STR, 1, EINVAL,
    "invalid attribute length", MMSCOPE_A_PID);
RAW(task_unknown_attr, MMSCOPE_CMD_TASK_GET, 0, RAW_UNKNOWN, 1, EINVAL,
    "Unknown attribute type", -1);
RAW(maps_unknown_attr, MMSCOPE_CMD_VMA_GET, 1, RAW_UNKNOWN, 1, EINVAL,
    "Unknown attribute type", -1);
RAW(task_reply_attr_in_request, MMSCOPE_CMD_TASK_GET, 0, RAW_REPLY_ATTR, 1,
    EINVAL, "Unsupported attribute", MMSCOPE_A_TASK);
RAW(info_with_pid, MMSCOPE_CMD_INFO_GET, 0, RAW_U32, 1, EINVAL,
    "Unsupported attribute", MMSCOPE_A_PID);
RAW(task_negative_pid, MMSCOPE_CMD_TASK_GET, 0, RAW_U32, (uint32_t)-1,
    EINVAL, "pid out of range", MMSCOPE_A_PID);
RAW(maps_negative_pid, MMSCOPE_CMD_VMA_GET, 1, RAW_U32, (uint32_t)-5,
    EINVAL, "pid out of range", -1);
RAW(task_zero_pid, MMSCOPE_CMD_TASK_GET, 0, RAW_U32, 0, EINVAL,
    "pid out of range", MMSCOPE_A_PID);
RAW(task_huge_pid, MMSCOPE_CMD_TASK_GET, 0, RAW_U32, 5000000, EINVAL,
    "pid out of range", MMSCOPE_A_PID);
RAW(task_max_pid, MMSCOPE_CMD_TASK_GET, 0, RAW_U32, 4194304, ESRCH,
    "no such process", MMSCOPE_A_PID);
RAW(maps_unknown_flag_bit, MMSCOPE_CMD_VMA_GET, 1, RAW_BAD_FLAGS, 1, EINVAL,
    "reserved bit", MMSCOPE_A_FLAGS);
RAW(pt_smaps_flag, MMSCOPE_CMD_PT_GET, 1, RAW_SMAPS_FLAG, 1, EINVAL,
    "PT_GET takes only", MMSCOPE_A_FLAGS);
RAW(pt_maps_records_flag, MMSCOPE_CMD_PT_GET, 1, RAW_FLAGS,
    MMSCOPE_REQ_F_MAPS_RECORDS, EINVAL, "PT_GET takes only", MMSCOPE_A_FLAGS);
RAW(maps_records_with_smaps, MMSCOPE_CMD_VMA_GET, 1, RAW_FLAGS,
    MMSCOPE_REQ_F_MAPS_RECORDS | MMSCOPE_REQ_F_SMAPS, EINVAL,
    "MAPS_RECORDS carry neither", MMSCOPE_A_FLAGS);
RAW(maps_records_with_details, MMSCOPE_CMD_VMA_GET, 1, RAW_FLAGS,
    MMSCOPE_REQ_F_MAPS_RECORDS | MMSCOPE_REQ_F_RECORDS |
    MMSCOPE_REQ_F_DETAILS, EINVAL, "MAPS_RECORDS carry neither",
    MMSCOPE_A_FLAGS);
RAW(maps_empty_range, MMSCOPE_CMD_VMA_GET, 1, RAW_EMPTY_RANGE, 1, EINVAL,
    "empty range", -1);
RAW(rollup_missing_pid, MMSCOPE_CMD_ROLLUP_GET, 0, RAW_NONE, 0, EINVAL,
    "missing PID", -1);
RAW(rollup_range_not_accepted, MMSCOPE_CMD_ROLLUP_GET, 0, RAW_EMPTY_RANGE, 1,
    EINVAL, "Unsupported attribute", MMSCOPE_A_START);

static int count_msgs(struct nl_msg *msg, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

TEST_F(raw, refused)
{
	struct nl_msg *req = mmscope_msg_new(self->m, variant->cmd,
					     variant->dump ? NLM_F_DUMP : 0);
	int replies = 0, ret, tlvs;

	ASSERT_NE(NULL, req);
	switch (variant->attr) {
	case RAW_NONE:
		break;
	case RAW_U32:
		ASSERT_EQ(0, nla_put_u32(req, MMSCOPE_A_PID, variant->val));
		break;
	case RAW_U64:
		ASSERT_EQ(0, nla_put_u64(req, MMSCOPE_A_PID, variant->val));
		break;
	case RAW_STR:
		ASSERT_EQ(0, nla_put_string(req, MMSCOPE_A_PID, "1"));
		break;
	case RAW_UNKNOWN:
		ASSERT_EQ(0, nla_put_u32(req, MMSCOPE_A_PID, variant->val));
		ASSERT_EQ(0, nla_put_u32(req, 100, 1));
		break;
	case RAW_REPLY_ATTR:
		ASSERT_EQ(0, nla_put_u32(req, MMSCOPE_A_PID, variant->val));
		ASSERT_EQ(0, nla_put_u32(req, MMSCOPE_A_TASK, 1));
		break;
	case RAW_BAD_FLAGS:
		ASSERT_EQ(0, nla_put_u32(req, MMSCOPE_A_PID, variant->val));
		ASSERT_EQ(0, nla_put_u32(req, MMSCOPE_A_FLAGS, 1u << 31));
		break;
	case RAW_SMAPS_FLAG:	/* a flag of VMA_GET, not of PT_GET */
		ASSERT_EQ(0, nla_put_u32(req, MMSCOPE_A_PID, getpid()));
		ASSERT_EQ(0, nla_put_u32(req, MMSCOPE_A_FLAGS,
					 MMSCOPE_REQ_F_SMAPS));
		break;
	case RAW_FLAGS:		/* flags that exclude each other */
		ASSERT_EQ(0, nla_put_u32(req, MMSCOPE_A_PID, getpid()));
		ASSERT_EQ(0, nla_put_u32(req, MMSCOPE_A_FLAGS, variant->val));
		break;
	case RAW_EMPTY_RANGE:
		ASSERT_EQ(0, nla_put_u32(req, MMSCOPE_A_PID, variant->val));
		ASSERT_EQ(0, nla_put_u64(req, MMSCOPE_A_START, 0x10000));
		ASSERT_EQ(0, nla_put_u64(req, MMSCOPE_A_END, 0x1000));
		break;
	}
	ret = mmscope_transact(self->m, req, count_msgs, &replies);
	nlmsg_free(req);
	EXPECT_EQ(-variant->err, ret);
	EXPECT_EQ(0, replies);
	EXPECT_TRUE(self->m->err.from_kernel);
	EXPECT_NE(NULL, strstr(self->m->err.msg, variant->msg));
	/*
	 * Before 6.2 a dump's NLMSG_DONE carries only the message, not the
	 * offending attribute nor the missing-attribute TLV (the module says
	 * so: DUMP_ERR_ATTR); a doit ack carries both on every kernel whose
	 * netlink has the TLV (ATTR_MISS).
	 */
	tlvs = !variant->dump || (module_features() & MMSCOPE_FEAT_DUMP_ERR_ATTR);
	if (variant->blamed >= 0)
		EXPECT_EQ(tlvs ? variant->blamed : -1, self->m->err.attr);
	if (variant->attr == RAW_NONE)
		EXPECT_EQ(tlvs && (module_features() & MMSCOPE_FEAT_ATTR_MISS) ?
			  MMSCOPE_A_PID : -1, self->m->err.miss_attr);
	TH_LOG("%s -> %s", variant->msg, self->m->err.msg);
}

TEST_HARNESS_MAIN

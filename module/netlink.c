// SPDX-License-Identifier: GPL-2.0
/*
 * The mmscope generic-netlink family: the permission check and parsing of
 * every request (its policies and ops are generated from the spec, in
 * netlink-gen.c), refusals, replies, INFO_GET.
 */
#include <linux/utsname.h>
#include <generated/utsrelease.h>

#include "mmscope.h"
#include "account.h"
#include "wrapper/genetlink.h"
#include "wrapper/mm.h"
#include "wrapper/smaps.h"
#include "wrapper/page.h"
#include "trace.h"

/*
 * Every request, doit or dump: the permission check first, then its
 * attributes, parsed strictly against the command's policy.  The ops
 * carry no policy, so genetlink parses nothing before this: a caller
 * without the privilege gets EPERM and its message whatever it sends,
 * and learns nothing about what a well-formed request looks like.
 */
int mmscope_req_parse(struct sk_buff *skb, const struct nlmsghdr *nlh,
		      struct nlattr **attrs, struct netlink_ext_ack *extack)
{
	const struct genlmsghdr *gnlh = nlmsg_data(nlh);
	u16 flags = nlh->nlmsg_flags;
	int ret;

	ret = mmscope_check_perm(skb, extack);
	if (ret)
		return ret;
	/* What genetlink checks for new families, on every kernel. */
	if (gnlh->reserved) {
		NL_SET_ERR_MSG(extack, "genlmsghdr.reserved field is not 0");
		return -EINVAL;
	}
	if ((flags & NLM_F_DUMP) == NLM_F_DUMP)
		flags &= ~NLM_F_DUMP;
	if (flags & ~(NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO)) {
		NL_SET_ERR_MSG(extack,
			       "ambiguous or reserved bits set in nlmsg_flags");
		return -EINVAL;
	}
	/* the generated ops call this for requests only */
	if (WARN_ON_ONCE(gnlh->cmd > MMSCOPE_CMD_MAX ||
			 !mmscope_requests[gnlh->cmd].policy)) {
		NL_SET_ERR_MSG(extack, "not a request of mmscope");
		return -EOPNOTSUPP;
	}
	return nlmsg_parse(nlh, GENL_HDRLEN, attrs, MMSCOPE_A_MAX,
			   mmscope_requests[gnlh->cmd].policy, extack);
}

/*
 * A dump that spans several holds of @mm's mmap_lock calls this after
 * taking it, each time: the messages it puts from then on carry
 * NLM_F_DUMP_INTR (genl_dump_check_consistent()) if the address space was
 * write-locked since the dump's first hold, so that user space knows the
 * answer may mix states.  The generation is even under the read lock:
 * gen | 1 is never 0, which netlink takes for "not tracked".
 */
void mmscope_dump_locked(struct netlink_callback *cb, struct mm_struct *mm)
{
	unsigned int gen;

	if (mmscope_mm_generation(mm, &gen))
		mmscope_dump_generation(cb, gen);
}

/* The same, for a VMA held by its own lock: @gen, read even and stable. */
void mmscope_dump_generation(struct netlink_callback *cb, unsigned int gen)
{
	cb->seq = gen | 1;
	if (!cb->prev_seq)
		cb->prev_seq = cb->seq;
}

int mmscope_nl_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attrs[MMSCOPE_A_MAX + 1];
	u8 cmd = info->genlhdr->cmd;
	int ret;

	if (cmd > MMSCOPE_CMD_MAX || !mmscope_requests[cmd].doit) {
		NL_SET_ERR_MSG(info->extack, "mmscope has no handler for this command");
		return -EOPNOTSUPP;
	}
	ret = mmscope_req_parse(skb, info->nlhdr, attrs, info->extack);
	if (ret)
		return ret;
	info->attrs = attrs;
	return mmscope_requests[cmd].doit(skb, info);
}

/*
 * The genetlink core answers a command it has no handler for with a bare
 * EOPNOTSUPP.  So that every refused request says why, each command has
 * both a doit and a dump handler, and the numbers that are no request
 * (0 and TRACE_EVENT, which only the module sends) have handlers too: the
 * ones below refuse, with a message, after the permission check.
 */
enum { MMSCOPE_WANT_DUMP, MMSCOPE_WANT_DOIT, MMSCOPE_NO_REQUEST };

static int mmscope_refuse(struct sk_buff *skb, struct netlink_ext_ack *extack,
			  int why)
{
	int ret = mmscope_check_perm(skb, extack);

	if (ret)
		return ret;
	switch (why) {
	case MMSCOPE_WANT_DUMP:
		NL_SET_ERR_MSG(extack,
			       "this command is a dump: send it with NLM_F_DUMP");
		break;
	case MMSCOPE_WANT_DOIT:
		NL_SET_ERR_MSG(extack,
			       "this command is not a dump: send it without NLM_F_DUMP");
		break;
	default:
		NL_SET_ERR_MSG(extack,
			       "not a request: command 0 is unused and TRACE_EVENT is sent by mmscope only");
	}
	return -EOPNOTSUPP;
}

int mmscope_nl_only_dump(struct sk_buff *skb, struct genl_info *info)
{
	return mmscope_refuse(skb, info->extack, MMSCOPE_WANT_DUMP);
}

/* Dump refusals come from the first dump call: 6.1 gives ->start no ext-ack. */
int mmscope_nl_not_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return mmscope_refuse(cb->skb, cb->extack, MMSCOPE_WANT_DOIT);
}

int mmscope_nl_no_request(struct sk_buff *skb, struct genl_info *info)
{
	return mmscope_refuse(skb, info->extack, MMSCOPE_NO_REQUEST);
}

int mmscope_nl_no_request_dump(struct sk_buff *skb,
			       struct netlink_callback *cb)
{
	return mmscope_refuse(cb->skb, cb->extack, MMSCOPE_NO_REQUEST);
}

struct genl_family mmscope_genl_family __ro_after_init = {
	.name = MMSCOPE_GENL_NAME,
	.version = MMSCOPE_GENL_VERSION,
	.module = THIS_MODULE,
	.ops = mmscope_genl_ops,
	.n_ops = ARRAY_SIZE(mmscope_genl_ops),
	.netnsok = true,
	.parallel_ops = true,
	MMSCOPE_GENL_CORE_CHECKS_FROM(MMSCOPE_CMD_MAX + 1)
};

int mmscope_nl_info_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *nest;
	struct sk_buff *msg;
	u64 features = MMSCOPE_FEAT_TASK | MMSCOPE_FEAT_MAPS | MMSCOPE_FEAT_SMAPS |
		       MMSCOPE_FEAT_PT;
	void *hdr;

	if (mmscope_gate_known())
		features |= MMSCOPE_FEAT_GATE;
	features |= mmscope_account_features();
	if (MMSCOPE_HAVE_ANON_EXCLUSIVE)
		features |= MMSCOPE_FEAT_ANON_EXCLUSIVE;
	if (MMSCOPE_HAVE_ATTR_MISS)
		features |= MMSCOPE_FEAT_ATTR_MISS;
	if (MMSCOPE_HAVE_DUMP_ERR_ATTR)
		features |= MMSCOPE_FEAT_DUMP_ERR_ATTR;
	if (MMSCOPE_HAVE_MM_GENERATION)
		features |= MMSCOPE_FEAT_DUMP_CONSISTENT;
	if (mmscope_hold_by_vma())
		features |= MMSCOPE_FEAT_VMA_LOCK;
	features |= mmscope_hooks_features();
	features |= mmscope_cpus_features();

	msg = mmscope_reply_new(info, NLMSG_GOODSIZE, &hdr);
	if (IS_ERR(msg))
		return PTR_ERR(msg);
	nest = nla_nest_start(msg, MMSCOPE_A_INFO);
	if (!nest ||
	    nla_put_string(msg, MMSCOPE_INFO_A_VERSION, MMSCOPE_VERSION) ||
	    nla_put_u32(msg, MMSCOPE_INFO_A_PROTO, MMSCOPE_GENL_VERSION) ||
	    nla_put_string(msg, MMSCOPE_INFO_A_BUILT_FOR, UTS_RELEASE) ||
	    nla_put_string(msg, MMSCOPE_INFO_A_RUNNING, init_utsname()->release) ||
	    nla_put_u64_64bit(msg, MMSCOPE_INFO_A_FEATURES, features,
			      MMSCOPE_INFO_A_PAD) ||
	    nla_put_u32(msg, MMSCOPE_INFO_A_PAGE_SIZE, PAGE_SIZE) ||
	    nla_put_u32(msg, MMSCOPE_INFO_A_SMAPS_FLAGS, mmscope_smaps_flags()) ||
	    nla_put_u64_64bit(msg, MMSCOPE_INFO_A_SMAPS_LINES,
			      mmscope_smaps_lines(), MMSCOPE_INFO_A_PAD) ||
	    nla_put_u32(msg, MMSCOPE_INFO_A_DUMP_STATE,
			max(mmscope_vma_dump_state_size(),
			    mmscope_pt_dump_state_size())) ||
	    nla_put_u32(msg, MMSCOPE_INFO_A_SESSIONS, mmscope_sessions_count()) ||
	    nla_put_u32(msg, MMSCOPE_INFO_A_COUNTING, mmscope_counting_on()) ||
	    nla_put_u64_64bit(msg, MMSCOPE_INFO_A_TRACE_BYTES,
			      mmscope_sessions_bytes() + mmscope_counters_bytes() +
			      mmscope_hooks_bytes(), MMSCOPE_INFO_A_PAD) ||
	    nla_put_u32(msg, MMSCOPE_INFO_A_HOOKS, mmscope_hooks_registered()) ||
	    nla_put_u64_64bit(msg, MMSCOPE_INFO_A_MISSED, mmscope_fault_missed(),
			      MMSCOPE_INFO_A_PAD))
		goto too_big;
	nla_nest_end(msg, nest);
	return mmscope_reply(info, msg, hdr);

too_big:
	return mmscope_reply_too_big(info, msg);
}

/*
 * A reply to @info's request (the same command), of @size bytes, with its
 * header; an ERR_PTR, the ext-ack said, when there is no memory for it.
 * Filled, it goes out with mmscope_reply().
 */
struct sk_buff *mmscope_reply_new(struct genl_info *info, size_t size,
				  void **hdr)
{
	struct sk_buff *msg = genlmsg_new(size, GFP_KERNEL);

	if (!msg) {
		NL_SET_ERR_MSG(info->extack, "out of memory for the reply");
		return ERR_PTR(-ENOMEM);
	}
	*hdr = genlmsg_put_reply(msg, info, &mmscope_genl_family, 0,
				 info->genlhdr->cmd);
	if (!*hdr)
		return ERR_PTR(mmscope_reply_too_big(info, msg));
	return msg;
}

/* Send @msg, made by mmscope_reply_new(); it is consumed. */
int mmscope_reply(struct genl_info *info, struct sk_buff *msg, void *hdr)
{
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* What a reply whose attributes did not fit answers; frees @msg (or NULL). */
int mmscope_reply_too_big(struct genl_info *info, struct sk_buff *msg)
{
	nlmsg_free(msg);
	NL_SET_ERR_MSG(info->extack, "the reply did not fit in its message");
	return -EMSGSIZE;
}

/*
 * A socket closed: what it held ends, in each place that keeps something
 * per socket (the sessions it started, its hold on counting).  The family
 * owns the sockets' lifecycle, so the sinks never call each other.
 */
static int mmscope_netlink_notify(struct notifier_block *nb,
				  unsigned long event, void *ptr)
{
	struct netlink_notify *n = ptr;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC)
		return NOTIFY_DONE;
	mmscope_sessions_release(n->net, n->portid);
	mmscope_counters_release(n->net, n->portid);
	return NOTIFY_DONE;
}

static struct notifier_block mmscope_netlink_nb = {
	.notifier_call = mmscope_netlink_notify,
};

/* The socket watcher first: no socket can hold anything before the family. */
int mmscope_genl_register(void)
{
	int ret = netlink_register_notifier(&mmscope_netlink_nb);

	if (ret)
		return ret;
	ret = genl_register_family(&mmscope_genl_family);
	if (ret)
		netlink_unregister_notifier(&mmscope_netlink_nb);
	return ret;
}

/* Set by module exit: requests still arriving are refused at once. */
bool mmscope_unloading;

/*
 * Unregistering waits for genetlink's cb_lock, for writing, while every
 * request in flight holds it for reading.  Requests that arrive meanwhile
 * are refused before doing any work, so that the readers drain: on 5.10,
 * where a reader may still take an rwsem that a writer waits for, clients
 * sending long requests (session rings, walks) without a pause kept
 * rmmod waiting for good.
 */
void mmscope_genl_unregister(void)
{
	WRITE_ONCE(mmscope_unloading, true);
	genl_unregister_family(&mmscope_genl_family);
	/* what sockets still hold ends with the sessions and the counters */
	netlink_unregister_notifier(&mmscope_netlink_nb);
}

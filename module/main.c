// SPDX-License-Identifier: GPL-2.0
/*
 * mmscope: look inside the address space of a live process.
 *
 * Module init/exit.  Everything is answered over the generic-netlink family
 * "mmscope" (see uapi/linux/mmscope.h); the family name is a module alias,
 * so the first request loads the module when it is installed.
 */
#include <linux/module.h>

#include "mmscope.h"
#include "account.h"
#include "trace.h"

unsigned int mmscope_ring_events = 4096;
module_param_named(ring_events, mmscope_ring_events, uint, 0444);
MODULE_PARM_DESC(ring_events,
		 "events each trace session keeps per CPU before dropping (power of 2, 64..65536)");

unsigned int mmscope_counters_max = 4096;
module_param_named(counters_max, mmscope_counters_max, uint, 0444);
MODULE_PARM_DESC(counters_max, "address spaces counted at once (16..1048576)");

/* read at each VMA a walk takes: it may change while the module is loaded */
bool mmscope_vma_lock_param = true;
module_param_named(vma_lock, mmscope_vma_lock_param, bool, 0644);
MODULE_PARM_DESC(vma_lock,
		 "walk each VMA under its own read lock where the kernel has per-VMA locks (0: under mmap_lock)");

static bool mmscope_counters_param;
module_param_named(counters, mmscope_counters_param, bool, 0444);
MODULE_PARM_DESC(counters, "count faults and TLB flushes from load on");

static int __init mmscope_init(void)
{
	int ret;

	ret = mmscope_vma_init();
	if (ret)
		return ret;
	ret = mmscope_account_init();
	if (ret)
		return ret;
	ret = mmscope_trace_init();
	if (ret)
		return ret;
	ret = mmscope_session_init();
	if (ret)
		goto err_trace;
	ret = mmscope_counters_init(mmscope_counters_param);
	if (ret)
		goto err_session;
	ret = mmscope_genl_register();
	if (ret) {
		pr_err("mmscope: cannot register the generic netlink family: %d\n",
		       ret);
		goto err_counters;
	}
	pr_info("mmscope " MMSCOPE_VERSION " loaded (protocol %d)\n",
		MMSCOPE_GENL_VERSION);
	return 0;

err_counters:
	mmscope_counters_exit();
err_session:
	mmscope_session_exit();
err_trace:
	mmscope_trace_exit();
	return ret;
}

static void __exit mmscope_exit(void)
{
	/* no request runs after this; then sessions, counting, hooks */
	mmscope_genl_unregister();
	mmscope_session_exit();
	mmscope_counters_exit();
	mmscope_trace_exit();
}

module_init(mmscope_init);
module_exit(mmscope_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("mmscope: address spaces, page tables, faults and TLB flushes of live processes");
MODULE_VERSION(MMSCOPE_VERSION);
MODULE_ALIAS_GENL_FAMILY(MMSCOPE_GENL_NAME);

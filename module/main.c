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

static int __init mmscope_init(void)
{
	int ret;

	ret = mmscope_vma_init();
	if (ret)
		return ret;
	ret = mmscope_account_init();
	if (ret)
		return ret;
	ret = mmscope_genl_register();
	if (ret) {
		pr_err("mmscope: cannot register the generic netlink family: %d\n",
		       ret);
		return ret;
	}
	pr_info("mmscope " MMSCOPE_VERSION " loaded (protocol %d)\n",
		MMSCOPE_GENL_VERSION);
	return 0;
}

static void __exit mmscope_exit(void)
{
	mmscope_genl_unregister();
}

module_init(mmscope_init);
module_exit(mmscope_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("mmscope: address spaces, page tables, faults and TLB flushes of live processes");
MODULE_VERSION(MMSCOPE_VERSION);
MODULE_ALIAS_GENL_FAMILY(MMSCOPE_GENL_NAME);

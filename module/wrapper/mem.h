/* SPDX-License-Identifier: GPL-2.0 */
/* The machine's memory across kernels: page-table pages of all processes. */
#ifndef _MMSCOPE_WRAPPER_MEM_H
#define _MMSCOPE_WRAPPER_MEM_H

#include <linux/version.h>
#include <linux/vmstat.h>

/* NR_PAGETABLE (PageTables of /proc/meminfo): a node stat from 5.11. */
static inline unsigned long mmscope_page_table_pages(void)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 11, 0)
	return global_node_page_state(NR_PAGETABLE);
#else
	return global_zone_page_state(NR_PAGETABLE);
#endif
}

#endif /* _MMSCOPE_WRAPPER_MEM_H */

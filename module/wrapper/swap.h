/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Swap devices across kernels.  Up to 6.x a swap device counts the
 * references to each of its slots in a byte array (swap_map, with
 * continuation pages past SWAP_MAP_MAX) under the cluster's or device's
 * lock: mmscope reads it as swp_swapcount() does.  7.x keeps the counts in
 * a swap table private to mm/ and swp_swapcount() is not exported: there
 * SwapPss cannot be read safely and is reported unavailable.
 */
#ifndef _MMSCOPE_WRAPPER_SWAP_H
#define _MMSCOPE_WRAPPER_SWAP_H

#include <linux/version.h>
#include <linux/highmem.h>
#include <linux/swap.h>

#ifdef SWAP_HAS_CACHE
#define MMSCOPE_HAVE_SWAP_MAP	1
#endif

/* Map a (continuation) page of swap_map under a spinlock. */
static inline void *mmscope_kmap_local(struct page *page)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 11, 0)
	return kmap_local_page(page);
#else
	return kmap_atomic(page);
#endif
}

static inline void mmscope_kunmap_local(void *addr)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 11, 0)
	kunmap_local(addr);
#else
	kunmap_atomic(addr);
#endif
}

#endif /* _MMSCOPE_WRAPPER_SWAP_H */

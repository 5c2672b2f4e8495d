// SPDX-License-Identifier: GPL-2.0
/*
 * The one place that finds an unexported kernel object by name.
 *
 * Only *data* is ever looked up, and only read.  No function is ever called
 * through an address found here: on kernels built with IBT a function that
 * is not exported may have lost its ENDBR landing pad, and calling it would
 * oops.
 *
 * There is no exported kallsyms_lookup_name(); registering a kprobe on a
 * data symbol resolves the name (kprobe_lookup_name) and then fails the
 * text check with -EINVAL, leaving the resolved address in kp.addr.
 * Callers check what they read for plausibility before trusting it.
 */
#include <linux/kprobes.h>

#include "mmscope.h"

void *mmscope_ksym_data(const char *name)
{
#ifdef CONFIG_KPROBES
	struct kprobe kp = { .symbol_name = name };
	int ret;

	ret = register_kprobe(&kp);
	if (!ret) {
		/* A function, not data: never use it. */
		unregister_kprobe(&kp);
		return NULL;
	}
	if (ret != -EINVAL || !kp.addr || IS_ERR(kp.addr))
		return NULL;
	return kp.addr;
#else
	return NULL;
#endif
}

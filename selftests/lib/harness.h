/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kselftest harness, with a longer timeout per test: under the debug
 * kernel (KASAN, lockdep, kmemleak) in TCG a test runs ~30 times slower
 * than on 6.12, and the harness's 30 s would cut tests that are fine.
 * A test that hangs still ends, and fails, after 10 minutes.
 */
#ifndef MMSCOPE_SELFTEST_HARNESS_H
#define MMSCOPE_SELFTEST_HARNESS_H

#include "kselftest_harness.h"

#undef TEST_TIMEOUT_DEFAULT
#define TEST_TIMEOUT_DEFAULT 600

#endif

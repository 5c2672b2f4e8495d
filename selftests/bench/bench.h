/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers of the benchmark programs (make bench). */
#ifndef MMSCOPE_BENCH_H
#define MMSCOPE_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* Wall time of one shell command, in ns; a failing command ends the bench. */
static inline uint64_t timed(const char *cmd)
{
	uint64_t t0 = now_ns();

	if (system(cmd)) {
		fprintf(stderr, "bench: '%s' failed\n", cmd);
		exit(1);
	}
	return now_ns() - t0;
}

static inline int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

#endif

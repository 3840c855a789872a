/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench.h - helpers shared by the benchmark programs.
 *
 * A benchmark computes one 64-bit checksum over everything it did and
 * prints it as "NAME: checksum 0x...". run.sh compares that line between
 * QEMU and xvm-soft, so a translator that computes a wrong answer fails
 * the benchmark instead of looking fast. Where a program can check itself
 * (a sort is sorted, a decompressor gives back its input), it does, and
 * exits 1 on a mismatch.
 */
#ifndef XVM_BENCH_H
#define XVM_BENCH_H

#include "guest.h"

/* Fold a value into a running checksum (one round of a 64-bit mixer). */
static inline u64 bench_mix(u64 sum, u64 v)
{
	sum ^= v + 0x9e3779b97f4a7c15ULL + (sum << 6) + (sum >> 2);
	sum *= 0xff51afd7ed558ccdULL;
	return sum ^ (sum >> 32);
}

static inline int bench_result(const char *name, u64 sum)
{
	con_printf("%s: checksum 0x%016lx\n", name, sum);
	return 0;
}

static inline int bench_fail(const char *name, const char *what, u64 a,
			     u64 b)
{
	con_printf("%s: FAILED %s (0x%lx != 0x%lx)\n", name, what, a, b);
	return 1;
}

#endif /* XVM_BENCH_H */

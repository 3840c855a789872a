// SPDX-License-Identifier: GPL-2.0
/*
 * null.c - an empty guest: run.sh times it to report what starting and
 * stopping each emulator costs, which every benchmark's figure includes.
 */
#include "bench.h"

int main(void)
{
	return bench_result("null", 0);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * bitops.c - clz, cls, rbit, rev, rev16, rev32 on both widths, over edge
 * values and single-bit patterns.
 */
#include "corpus.h"

typedef u64 (*bit_fn)(u64 v);

#define DEF_1(op, r)							\
static u64 op##_##r(u64 v)						\
{									\
	u64 res = 0xdeaddeaddeaddeadUL;					\
									\
	__asm__(#op " %" #r "0, %" #r "1" : "+r"(res) : "r"(v));	\
	return res;							\
}

DEF_1(clz, x) DEF_1(cls, x) DEF_1(rbit, x) DEF_1(rev, x)
DEF_1(rev16, x) DEF_1(rev32, x)
DEF_1(clz, w) DEF_1(cls, w) DEF_1(rbit, w) DEF_1(rev, w) DEF_1(rev16, w)

struct bit_row {
	const char *name;
	bit_fn fn;
};

static const struct bit_row rows[] = {
	{ "clz.x", clz_x }, { "cls.x", cls_x }, { "rbit.x", rbit_x },
	{ "rev.x", rev_x }, { "rev16.x", rev16_x }, { "rev32.x", rev32_x },
	{ "clz.w", clz_w }, { "cls.w", cls_w }, { "rbit.w", rbit_w },
	{ "rev.w", rev_w }, { "rev16.w", rev16_w },
};

static void run_value(u64 v)
{
	unsigned int i;

	con_put_hex(v, 16);
	con_putc(':');
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		con_putc(i % 4 ? ' ' : '\n');
		con_put_hex(rows[i].fn(v), 16);
	}
	con_putc('\n');
}

int main(void)
{
	unsigned int i;

	for (i = 0; i < N_EDGES; i++)
		run_value(edge_values[i]);
	for (i = 0; i < 64; i += 7)
		run_value(1UL << i);
	run_value(0xc000000000000000UL);
	run_value(0x3fffffffffffffffUL);
	run_value(0x00000000c0000000UL);
	run_value(0xffffffff3fffffffUL);
	return 16;
}

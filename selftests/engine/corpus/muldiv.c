// SPDX-License-Identifier: GPL-2.0
/*
 * muldiv.c - multiplies (low, high, widening, accumulating) and divides,
 * including division by zero (result 0) and INT_MIN / -1 (result INT_MIN).
 */
#include "corpus.h"

static const u64 md_values[] = {
	0x0000000000000000UL, 0x0000000000000001UL, 0x0000000000000003UL,
	0x000000007fffffffUL, 0x0000000080000000UL, 0x00000000ffffffffUL,
	0x7fffffffffffffffUL, 0x8000000000000000UL, 0xffffffffffffffffUL,
	0xfffffffffffffffdUL, 0xffffffff80000000UL, 0x0123456789abcdefUL,
};

/* Accumulator for madd/msub and the widening forms. */
#define ACC	0x8000000000000007UL

typedef u64 (*md_fn)(u64 a, u64 b);

#define DEF_2(op, r)							\
static u64 op##_##r(u64 a, u64 b)					\
{									\
	u64 res;							\
									\
	__asm__(#op " %" #r "0, %" #r "1, %" #r "2"			\
		: "=r"(res) : "r"(a), "r"(b));				\
	return res;							\
}

#define DEF_3(op, r)							\
static u64 op##_##r(u64 a, u64 b)					\
{									\
	u64 res;							\
									\
	__asm__(#op " %" #r "0, %" #r "1, %" #r "2, %" #r "3"		\
		: "=r"(res) : "r"(a), "r"(b), "r"(ACC));		\
	return res;							\
}

/* Widening: 32-bit sources, 64-bit destination (and accumulator). */
#define DEF_L2(op)							\
static u64 op##_l(u64 a, u64 b)						\
{									\
	u64 res;							\
									\
	__asm__(#op " %x0, %w1, %w2" : "=r"(res) : "r"(a), "r"(b));	\
	return res;							\
}

#define DEF_L3(op)							\
static u64 op##_l(u64 a, u64 b)						\
{									\
	u64 res;							\
									\
	__asm__(#op " %x0, %w1, %w2, %x3"				\
		: "=r"(res) : "r"(a), "r"(b), "r"(ACC));		\
	return res;							\
}

DEF_2(mul, x) DEF_2(mneg, x) DEF_2(smulh, x) DEF_2(umulh, x)
DEF_2(udiv, x) DEF_2(sdiv, x)
DEF_3(madd, x) DEF_3(msub, x)
DEF_2(mul, w) DEF_2(mneg, w) DEF_2(udiv, w) DEF_2(sdiv, w)
DEF_3(madd, w) DEF_3(msub, w)
DEF_L2(smull) DEF_L2(umull) DEF_L2(smnegl) DEF_L2(umnegl)
DEF_L3(smaddl) DEF_L3(smsubl) DEF_L3(umaddl) DEF_L3(umsubl)

struct md_row {
	const char *name;
	md_fn fn;
};

static const struct md_row rows[] = {
	{ "mul.x", mul_x }, { "mneg.x", mneg_x }, { "smulh", smulh_x },
	{ "umulh", umulh_x }, { "udiv.x", udiv_x }, { "sdiv.x", sdiv_x },
	{ "madd.x", madd_x }, { "msub.x", msub_x },
	{ "mul.w", mul_w }, { "mneg.w", mneg_w }, { "udiv.w", udiv_w },
	{ "sdiv.w", sdiv_w }, { "madd.w", madd_w }, { "msub.w", msub_w },
	{ "smull", smull_l }, { "umull", umull_l }, { "smnegl", smnegl_l },
	{ "umnegl", umnegl_l }, { "smaddl", smaddl_l }, { "smsubl", smsubl_l },
	{ "umaddl", umaddl_l }, { "umsubl", umsubl_l },
};

int main(void)
{
	unsigned int i, j, k;

	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		for (j = 0; j < ARRAY_SIZE(md_values); j++) {
			con_printf("%s %016lx:", rows[i].name, md_values[j]);
			for (k = 0; k < ARRAY_SIZE(md_values); k++) {
				con_putc(k % 4 ? ' ' : '\n');
				con_put_hex(rows[i].fn(md_values[j],
						       md_values[k]), 16);
			}
			con_putc('\n');
		}
	}
	return 15;
}

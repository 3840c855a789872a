// SPDX-License-Identifier: GPL-2.0
/*
 * condsel.c - conditional select and conditional compare under every
 * condition code and every NZCV input (variants in insns/condsel.S).
 *
 * csel family: one row per (op, condition) with the result for each of
 * the 16 NZCV inputs. ccmp/ccmn: one line per (op, condition, operands)
 * with the 16 resulting NZCV values as hex digits.
 */
#include "corpus.h"

/* Distinct operands; the w forms also see junk in the upper halves. */
#define SEL_A	0xaaaaaaaa00001111UL
#define SEL_B	0xbbbbbbbb80002222UL

DECLARE_INSN_TABLE(sel);
DECLARE_INSN_TABLE(ccmp);

static const u64 ccmp_operands[][2] = {
	{ 0, 0 },
	{ 1, 31 },
	{ 31, 0xffffffffffffffe1UL },
	{ 0x7fffffffffffffffUL, 0xffffffffffffffffUL },
	{ 0x8000000000000000UL, 1 },
	{ 0xffffffff80000000UL, 0x000000007fffffffUL },
	{ 0x00000000ffffffffUL, 0x0000000100000001UL },
};

int main(void)
{
	const struct insn_row *row;
	unsigned int i, k;
	u64 unused;

	for_each_insn_row(row, sel) {
		con_printf("%s", row->name);
		for (i = 0; i < 16; i++) {
			con_putc(i % 4 ? ' ' : '\n');
			con_put_hex(row->fn(SEL_A, SEL_B, nzcv_of(i), &unused),
				    16);
		}
		con_putc('\n');
	}
	for_each_insn_row(row, ccmp) {
		for (k = 0; k < ARRAY_SIZE(ccmp_operands); k++) {
			const u64 *ab = ccmp_operands[k];

			con_printf("%-16s %016lx %016lx ", row->name, ab[0],
				   ab[1]);
			for (i = 0; i < 16; i++)
				con_put_hex(row->fn(ab[0], ab[1], nzcv_of(i),
						    &unused) >> 28, 1);
			con_putc('\n');
		}
	}
	return 11;
}

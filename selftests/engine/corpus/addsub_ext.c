// SPDX-License-Identifier: GPL-2.0
/*
 * addsub_ext.c - add/sub with immediates (both shifts), with shifted
 * registers (lsl/lsr/asr by 0..63), with extended registers (uxtb..sxtx,
 * left shift 0..4), flag-setting and not, the cmp/cmn aliases, and with
 * SP as an operand. Variants are in insns/addsub_ext.S.
 */
#include "corpus.h"

DECLARE_INSN_TABLE(ext);
DECLARE_INSN_TABLE(shift);
DECLARE_INSN_TABLE(imm);
DECLARE_INSN_TABLE(sp);

static const u64 ext_a[] = {
	0x0000000000000000UL, 0x7fffffffffffffffUL, 0xffffffffffffff80UL,
	0x0123456789abcdefUL,
};

static const u64 ext_b[] = {
	0x0000000000000080UL, 0x00000000ffff8000UL, 0xfedcba9880000001UL,
	0xffffffffffffffffUL, 0x000000000000007fUL,
};

static void run(const struct insn_row *row)
{
	unsigned int j, k;
	u64 res, f;

	con_printf("%s\n", row->name);
	for (j = 0; j < ARRAY_SIZE(ext_a); j++) {
		for (k = 0; k < ARRAY_SIZE(ext_b); k++) {
			res = row->fn(ext_a[j], ext_b[k], 0, &f);
			con_putc(' ');
			con_put_hex(res, 16);
			con_putc(' ');
			put_flags(f);
		}
		con_putc('\n');
	}
}

int main(void)
{
	const struct insn_row *row;

	for_each_insn_row(row, ext)
		run(row);
	for_each_insn_row(row, shift)
		run(row);
	for_each_insn_row(row, imm)
		run(row);
	for_each_insn_row(row, sp)
		run(row);
	return 20;
}

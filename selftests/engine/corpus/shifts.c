// SPDX-License-Identifier: GPL-2.0
/*
 * shifts.c - shifts and rotates by immediate (0, 1, 31, 32, 63 where the
 * width allows) and by register, where the amount is taken modulo the
 * data size: 0, 1, 31, 32, 33, 63, 64, 65, 127, 128, 255, -1, and
 * amounts with junk in the upper bits. Variants are in insns/shifts.S.
 */
#include "corpus.h"

DECLARE_INSN_TABLE(imm);
DECLARE_INSN_TABLE(var);

static const u64 shift_inputs[] = {
	0x0000000000000001UL, 0x8000000000000000UL, 0xffffffffffffffffUL,
	0x0123456789abcdefUL, 0x0000000080000000UL, 0x7fffffff7fffffffUL,
};

static const u64 amounts[] = {
	0, 1, 31, 32, 33, 63, 64, 65, 127, 128, 255,
	0xffffffffffffffffUL, 0xffffffffffffffe0UL, 0x100000021UL,
};

static void print_row(const struct insn_row *row, u64 amount)
{
	unsigned int j;
	u64 unused;

	for (j = 0; j < ARRAY_SIZE(shift_inputs); j++) {
		con_putc(j % 3 ? ' ' : '\n');
		con_put_hex(row->fn(shift_inputs[j], amount, 0, &unused), 16);
	}
	con_putc('\n');
}

int main(void)
{
	const struct insn_row *row;
	unsigned int k;

	for_each_insn_row(row, imm) {
		con_printf("%s", row->name);
		print_row(row, 0);
	}
	for_each_insn_row(row, var) {
		for (k = 0; k < ARRAY_SIZE(amounts); k++) {
			con_printf("%s by %lx:", row->name, amounts[k]);
			print_row(row, amounts[k]);
		}
	}
	return 12;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * logic.c - logical operations: bitmask immediates of every element size
 * and rotation class (and/orr/eor/ands/tst), and the shifted-register
 * forms (and/bic/orr/orn/eor/eon/ands/bics with lsl/lsr/asr/ror).
 * Variants are in insns/logic.S.
 */
#include "corpus.h"

DECLARE_INSN_TABLE(imm);
DECLARE_INSN_TABLE(reg);

static const u64 logic_inputs[] = {
	0x0000000000000000UL, 0xffffffffffffffffUL, 0x0123456789abcdefUL,
	0x8000000000000001UL, 0x00000000ffffffffUL,
};

static void print_result(u64 res, u64 nzcv)
{
	con_putc(' ');
	con_put_hex(res, 16);
	con_putc(' ');
	put_flags(nzcv);
}

int main(void)
{
	const struct insn_row *row;
	unsigned int j, k;
	u64 res, f;

	for_each_insn_row(row, imm) {
		con_printf("%s\n ", row->name);
		for (j = 0; j < ARRAY_SIZE(logic_inputs); j++) {
			res = row->fn(logic_inputs[j], 0, 0, &f);
			print_result(res, f);
		}
		con_putc('\n');
	}
	for_each_insn_row(row, reg) {
		con_printf("%s\n", row->name);
		for (j = 0; j < ARRAY_SIZE(logic_inputs); j++) {
			con_putc(' ');
			for (k = 0; k < ARRAY_SIZE(logic_inputs); k++) {
				res = row->fn(logic_inputs[j],
					      logic_inputs[k] ^ 0x5a5a, 0, &f);
				print_result(res, f);
			}
			con_putc('\n');
		}
	}
	return 14;
}

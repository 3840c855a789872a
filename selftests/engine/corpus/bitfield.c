// SPDX-License-Identifier: GPL-2.0
/*
 * bitfield.c - ubfx/sbfx/bfi/bfxil/ubfiz/sbfiz, raw ubfm/sbfm/bfm with
 * immr > imms (the wrapping case), extr, and the sign/zero extension
 * aliases, at the edges of the field positions (insns/bitfield.S).
 */
#include "corpus.h"

DECLARE_INSN_TABLE(bf);

static const u64 bf_inputs[] = {
	0xffffffffffffffffUL, 0x8000000000000001UL, 0x0123456789abcdefUL,
	0x00000000ffffffffUL, 0x5555555555555555UL,
};

/* Destination contents for the inserting forms (bfi, bfxil, bfm). */
#define BF_DEST	0xa5a5a5a5a5a5a5a5UL

int main(void)
{
	const struct insn_row *row;
	unsigned int j;
	u64 unused, v;

	for_each_insn_row(row, bf) {
		con_printf("%-14s", row->name);
		for (j = 0; j < ARRAY_SIZE(bf_inputs); j++) {
			v = bf_inputs[j];
			con_putc(' ');
			/* extr's second source is derived from the first. */
			con_put_hex(row->fn(v, ~v * 3, BF_DEST, &unused), 16);
		}
		con_putc('\n');
	}
	return 13;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * regdump.c - the printing half of the register dump; regdump.S saves
 * the registers and calls regdump_frame().
 *
 * Format, fixed so that two emulators' dumps compare byte for byte:
 *
 *   x00 0000000000000000 x01 0000000000000000 x02 ... x03 ...
 *   ...
 *   x28 ... x29 ... x30 ... sp  ...
 *   nzcv 60000000 nZCv
 */
#include "guest.h"

void regdump_frame(const u64 *frame)
{
	static const char flag_names[] = "NZCV";
	u32 nzcv = (u32)frame[32];
	int i;

	for (i = 0; i < 32; i++) {
		if (i < 31) {
			con_putc('x');
			con_putc((char)('0' + i / 10));
			con_putc((char)('0' + i % 10));
		} else {
			con_puts("sp ");
		}
		con_putc(' ');
		con_put_hex(frame[i], 16);
		con_putc(i % 4 == 3 ? '\n' : ' ');
	}
	con_puts("nzcv ");
	con_put_hex(nzcv, 8);
	con_putc(' ');
	for (i = 0; i < 4; i++) {
		char c = flag_names[i];

		con_putc(nzcv & (1u << (31 - i)) ? c : (char)(c + 'a' - 'A'));
	}
	con_putc('\n');
}

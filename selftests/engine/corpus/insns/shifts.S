/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Variants for shifts.c: shifts and rotates of a (x0) by an immediate
 * ("imm" table) or by the register b (x1, "var" table).
 */
#include "rows.inc"

	.text

	.macro	shift_imm op, r, n
	row	imm, \op\().\r #\n
	\op	\r\()0, \r\()0, #\n
	ret
	.endm

	.macro	shift_var op, r
	row	var, \op\().\r
	\op	\r\()0, \r\()0, \r\()1
	ret
	.endm

	table_begin imm
	.irp	n, 0, 1, 31, 32, 63
	.irp	op, lsl, lsr, asr, ror
	shift_imm \op, x, \n
	.endr
	.endr
	.irp	n, 0, 1, 16, 31
	.irp	op, lsl, lsr, asr, ror
	shift_imm \op, w, \n
	.endr
	.endr
	table_end imm

	table_begin var
	.irp	r, x, w
	.irp	op, lslv, lsrv, asrv, rorv
	shift_var \op, \r
	.endr
	.endr
	table_end var

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Variants for logic.c. Every function starts with NZCV = 1111 so that
 * the flag-setting forms visibly clear C and V, and stores the flags
 * through x3.
 *
 *   imm: and/orr/eor/ands/tst of a (x0) with a bitmask immediate
 *   reg: and/bic/orr/orn/eor/eon/ands/bics of a and b (x1) shifted
 */
#include "rows.inc"

	.text

	.macro	all_flags
	mov	x9, #0xf0000000
	msr	nzcv, x9
	.endm

	.macro	logic_imm op, r, imm
	row	imm, \op\().\r #\imm
	all_flags
	mov	x4, xzr
	\op	\r\()4, \r\()0, #\imm
	save_flags
	mov	x0, x4
	ret
	.endm

	.macro	tst_imm r, imm
	row	imm, tst.\r #\imm
	all_flags
	tst	\r\()0, #\imm
	save_flags
	mov	x0, xzr
	ret
	.endm

	.macro	imm_all r, imm
	.irp	op, and, orr, eor, ands
	logic_imm \op, \r, \imm
	.endr
	tst_imm	\r, \imm
	.endm

	.macro	logic_reg op, r, sh, n
	row	reg, \op\().\r \sh \n
	all_flags
	\op	\r\()0, \r\()0, \r\()1, \sh #\n
	save_flags
	ret
	.endm

	.macro	reg_all r, sh, n
	.irp	op, and, bic, orr, orn, eor, eon, ands, bics
	logic_reg \op, \r, \sh, \n
	.endr
	.endm

	table_begin imm
	/* Element sizes 2..64, runs of ones of all lengths, rotated. */
	.irp	imm, 0x5555555555555555, 0xaaaaaaaaaaaaaaaa, 0x3333333333333333
	imm_all	x, \imm
	.endr
	.irp	imm, 0x8888888888888888, 0x0f0f0f0f0f0f0f0f, 0x8181818181818181
	imm_all	x, \imm
	.endr
	.irp	imm, 0x00ff00ff00ff00ff, 0xfff0fff0fff0fff0, 0xffff0000ffff0000
	imm_all	x, \imm
	.endr
	.irp	imm, 0x00000000ffffffff, 0x0000000000000001, 0x8000000000000000
	imm_all	x, \imm
	.endr
	.irp	imm, 0x7fffffffffffffff, 0xfffffffffffffffe, 0xe00000000000003f
	imm_all	x, \imm
	.endr
	.irp	imm, 0x0000ffffffffffff, 0x1111111111111111, 0x00000ff000000ff0
	imm_all	x, \imm
	.endr
	.irp	imm, 0x55555555, 0xff00ff00, 0x00000001, 0x80000000, 0x7fffffff
	imm_all	w, \imm
	.endr
	.irp	imm, 0xfffffffe, 0xf000000f, 0x0ffffff0, 0x66666666
	imm_all	w, \imm
	.endr
	table_end imm

	table_begin reg
	reg_all	x, lsl, 0
	reg_all	x, lsl, 63
	reg_all	x, lsr, 1
	reg_all	x, asr, 32
	reg_all	x, ror, 63
	reg_all	w, lsl, 0
	reg_all	w, lsr, 31
	reg_all	w, asr, 31
	reg_all	w, ror, 1
	reg_all	w, ror, 16
	table_end reg

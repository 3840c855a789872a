/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Variants for addsub_ext.c: add/sub of a (x0) and b (x1) with extended
 * and shifted registers and with immediates, the cmp/cmn aliases, and SP
 * as an operand. Flags start clear and are stored through x3. Results
 * that involve SP are returned relative to SP, which both sides agree on
 * only up to the stack's position. Names are single words (NAME is one
 * macro argument) with "_" for spaces.
 */
#include "rows.inc"

	.text

	.macro	op3 tbl, name, text:vararg
	row	\tbl, \name
	msr	nzcv, xzr
	\text
	save_flags
	ret
	.endm

	.macro	ext op, kind, sh
	op3	ext, \op\().x_\kind\()_\sh, \op x0, x0, w1, \kind #\sh
	op3	ext, \op\().w_\kind\()_\sh, \op w0, w0, w1, \kind #\sh
	.endm

	.macro	ext64 op, kind, sh
	op3	ext, \op\().x_\kind\()_\sh, \op x0, x0, x1, \kind #\sh
	.endm

	.macro	shift op, sh, n
	op3	shift, \op\().x_\sh\()_\n, \op x0, x0, x1, \sh #\n
	op3	shift, \op\().w_\sh\()_\n, \op w0, w0, w1, \sh #\n
	.endm

	.macro	shift64 op, sh, n
	op3	shift, \op\().x_\sh\()_\n, \op x0, x0, x1, \sh #\n
	.endm

	.macro	imm op, imm, sh
	op3	imm, \op\().x_#\imm\()_lsl_\sh, \op x0, x0, #\imm, lsl #\sh
	op3	imm, \op\().w_#\imm\()_lsl_\sh, \op w0, w0, #\imm, lsl #\sh
	.endm

	table_begin ext
	.irp	op, add, adds, sub, subs
	ext	\op, uxtb, 0
	ext	\op, uxth, 1
	ext	\op, uxtw, 2
	ext	\op, sxtb, 3
	ext	\op, sxth, 4
	ext	\op, sxtw, 0
	ext64	\op, uxtx, 4
	ext64	\op, sxtx, 1
	.endr
	table_end ext

	table_begin shift
	.irp	op, add, adds, sub, subs
	shift	\op, lsl, 0
	shift	\op, lsl, 31
	shift	\op, lsr, 1
	shift	\op, asr, 31
	shift64	\op, lsl, 63
	shift64	\op, asr, 63
	shift64	\op, lsr, 32
	.endr
	table_end shift

	table_begin imm
	.irp	op, add, adds, sub, subs
	imm	\op, 0, 0
	imm	\op, 1, 0
	imm	\op, 4095, 0
	imm	\op, 4095, 12
	imm	\op, 1, 12
	.endr
	/* The compare aliases only set flags. */
	op3	imm, cmp.x_uxtw_2, cmp x0, w1, uxtw #2
	op3	imm, cmn.w_sxth_0, cmn w0, w1, sxth #0
	op3	imm, cmp.x_#3_lsl_12, cmp x0, #3, lsl #12
	op3	imm, cmn.w_#1, cmn w0, #1
	table_end imm

	/* Register 31 as SP: the result minus SP. */
	.macro	sp_op name, text:vararg
	row	sp, \name
	msr	nzcv, xzr
	\text
	save_flags
	mov	x9, sp
	sub	x0, x0, x9
	ret
	.endm

	table_begin sp
	sp_op	add_sp_b, add x0, sp, x1, lsl #0
	sp_op	adds_sp_#16, adds x0, sp, #16
	sp_op	subs_sp_a_uxtb, subs x0, sp, w0, uxtb #0
	sp_op	sub_sp_b_sxtw_1, sub x0, sp, w1, sxtw #1
	table_end sp

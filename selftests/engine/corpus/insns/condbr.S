/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Variants for condbr.c: one flag-setting comparison of a (x0) and b (x1),
 * then a conditional branch for each of the 14 conditions. The result has
 * bit i set when the branch on condition i (in encoding order) was taken.
 * Nothing in the chain of branches touches the flags.
 */
#include "rows.inc"

	.text

	.macro	branch cond, bit
	b.\cond	1f
	b	2f
1:	orr	x5, x5, #\bit
2:
	.endm

	.macro	compare name, text:vararg
	row	cmp, \name
	mov	x5, xzr
	\text
	branch	eq, 0x1
	branch	ne, 0x2
	branch	cs, 0x4
	branch	cc, 0x8
	branch	mi, 0x10
	branch	pl, 0x20
	branch	vs, 0x40
	branch	vc, 0x80
	branch	hi, 0x100
	branch	ls, 0x200
	branch	ge, 0x400
	branch	lt, 0x800
	branch	gt, 0x1000
	branch	le, 0x2000
	mov	x0, x5
	ret
	.endm

	table_begin cmp
	compare	cmp.x, cmp x0, x1
	compare	cmp.w, cmp w0, w1
	compare	cmn.x, cmn x0, x1
	compare	cmn.w, cmn w0, w1
	compare	tst.x, tst x0, x1
	compare	tst.w, tst w0, w1
	compare	adds.x, adds x4, x0, x1
	compare	subs.w, subs w4, w0, w1
	compare	cmp_#4095, cmp x0, #4095
	compare	cmn_#1<<12, cmn w0, #1, lsl #12
	table_end cmp

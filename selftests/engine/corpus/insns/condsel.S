/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Variants for condsel.c: each function sets NZCV from c (x2) first.
 *
 *   sel:  csel/csinc/csinv/csneg of a and b under each condition;
 *         cset/csetm under each condition they accept
 *   ccmp: ccmp/ccmn (register and immediate) of a and b under each
 *         condition, returning the resulting NZCV
 */
#include "rows.inc"

	.text

	.macro	sel op, r, cond
	row	sel, \op\().\r \cond
	msr	nzcv, x2
	\op	\r\()0, \r\()0, \r\()1, \cond
	ret
	.endm

	.macro	set op, cond
	row	sel, \op \cond
	msr	nzcv, x2
	\op	x0, \cond
	ret
	.endm

	.macro	ccmp_reg op, r, nzcv, cond
	row	ccmp, \op\().\r #\nzcv \cond
	msr	nzcv, x2
	\op	\r\()0, \r\()1, #\nzcv, \cond
	mrs	x0, nzcv
	ret
	.endm

	.macro	ccmp_imm op, r, imm, nzcv, cond
	row	ccmp, \op\().\r \imm,#\nzcv \cond
	msr	nzcv, x2
	\op	\r\()0, #\imm, #\nzcv, \cond
	mrs	x0, nzcv
	ret
	.endm

	table_begin sel
	.irp	cond, eq, ne, cs, cc, mi, pl, vs, vc, hi, ls, ge, lt, gt, le, al, nv
	.irp	r, x, w
	.irp	op, csel, csinc, csinv, csneg
	sel	\op, \r, \cond
	.endr
	.endr
	.endr
	.irp	cond, eq, ne, cs, cc, mi, pl, vs, vc, hi, ls, ge, lt, gt, le
	set	cset, \cond
	set	csetm, \cond
	.endr
	table_end sel

	table_begin ccmp
	.irp	cond, eq, ne, cs, cc, mi, pl, vs, vc, hi, ls, ge, lt, gt, le, al, nv
	ccmp_reg ccmp, x, 10, \cond
	ccmp_reg ccmn, x, 10, \cond
	ccmp_reg ccmp, w, 5, \cond
	ccmp_reg ccmn, w, 5, \cond
	ccmp_imm ccmp, x, 31, 5, \cond
	ccmp_imm ccmn, x, 1, 10, \cond
	ccmp_imm ccmp, w, 0, 10, \cond
	ccmp_imm ccmn, w, 31, 5, \cond
	.endr
	table_end ccmp

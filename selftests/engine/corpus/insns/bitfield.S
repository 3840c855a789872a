/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Variants for bitfield.c: bitfield moves of a (x0) into a destination
 * that starts out as c (x2), so the inserting forms show what they keep.
 */
#include "rows.inc"

	.text

	.macro	bf op, r, p, q
	row	bf, \op\().\r \p,\q
	mov	x4, x2
	\op	\r\()4, \r\()0, #\p, #\q
	mov	x0, x4
	ret
	.endm

	.macro	fields r, p, q
	.irp	op, ubfx, sbfx, bfi, bfxil, ubfiz, sbfiz
	bf	\op, \r, \p, \q
	.endr
	.endm

	.macro	raw r, immr, imms
	.irp	op, ubfm, sbfm, bfm
	bf	\op, \r, \immr, \imms
	.endr
	.endm

	/* extr takes its low part from b (x1). */
	.macro	extr_row r, lsb
	row	bf, extr.\r \lsb
	extr	\r\()0, \r\()0, \r\()1, #\lsb
	ret
	.endm

	.macro	ext op, rd
	row	bf, \op\().\rd
	mov	x4, x2
	\op	\rd\()4, w0
	mov	x0, x4
	ret
	.endm

	table_begin bf
	/* (lsb, width) pairs at the edges of both widths. */
	fields	x, 0, 1
	fields	x, 0, 8
	fields	x, 0, 32
	fields	x, 0, 63
	fields	x, 0, 64
	fields	x, 1, 63
	fields	x, 31, 1
	fields	x, 31, 2
	fields	x, 32, 32
	fields	x, 63, 1
	fields	x, 60, 4
	fields	x, 7, 50
	fields	w, 0, 1
	fields	w, 0, 16
	fields	w, 0, 32
	fields	w, 1, 31
	fields	w, 15, 2
	fields	w, 31, 1
	fields	w, 16, 16
	/* Raw (immr, imms), including immr > imms. */
	raw	x, 0, 63
	raw	x, 63, 0
	raw	x, 63, 62
	raw	x, 1, 0
	raw	x, 32, 31
	raw	x, 17, 5
	raw	x, 5, 17
	raw	x, 0, 0
	raw	w, 0, 31
	raw	w, 31, 0
	raw	w, 31, 30
	raw	w, 1, 0
	raw	w, 16, 15
	raw	w, 9, 3
	.irp	lsb, 0, 1, 31, 32, 63
	extr_row x, \lsb
	.endr
	.irp	lsb, 0, 1, 16, 31
	extr_row w, \lsb
	.endr
	ext	sxtb, x
	ext	sxth, x
	ext	sxtw, x
	ext	sxtb, w
	ext	sxth, w
	ext	uxtb, w
	ext	uxth, w
	table_end bf

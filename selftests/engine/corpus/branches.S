/* SPDX-License-Identifier: GPL-2.0 */
/*
 * branches.S - every kind of branch: b, bl, br, blr, ret (to x30 and to
 * another register), b.cond under all 16 conditions and NZCV values,
 * cbz/cbnz on both widths (with junk above a W operand), tbz/tbnz on bits
 * 0, 31, 32 and 63, and an indirect jump table.
 */
	.text
	.balign	4

/*
 * Run one b.<cond> for each NZCV value and collect a 16-bit mask of the
 * inputs for which it was taken into x0 (one bit per NZCV value).
 */
	.macro	cond_mask cond
	mov	x0, xzr
	mov	x1, #15
1:	lsl	x2, x1, #28
	msr	nzcv, x2
	b.\cond	2f
	b	3f
2:	mov	x3, #1
	lsl	x3, x3, x1
	orr	x0, x0, x3
3:	subs	x1, x1, #1
	b.pl	1b
	.endm

	.macro	cond_row cond, reg
	cond_mask \cond
	mov	\reg, x0
	.endm

/* x0 = 1 if "insn" branches to its label, else 0. */
	.macro	taken insn:vararg
	mov	x0, #1
	\insn, 1f
	mov	x0, #0
1:
	.endm

	.global	main
	.type	main, %function
main:
	stp	x29, x30, [sp, #-16]!
	mov	x29, sp

	cond_row eq, x4
	cond_row ne, x5
	cond_row cs, x6
	cond_row cc, x7
	cond_row mi, x8
	cond_row pl, x9
	cond_row vs, x10
	cond_row vc, x11
	cond_row hi, x12
	cond_row ls, x13
	cond_row ge, x14
	cond_row lt, x15
	cond_row gt, x16
	cond_row le, x17
	cond_row al, x18
	cond_row nv, x19
	bl	regdump

	/* cbz/cbnz: x1 = 1 << 32 is zero only as a W register. */
	mov	x1, #1
	lsl	x1, x1, #32
	taken	cbz x1
	mov	x10, x0
	taken	cbz w1
	mov	x11, x0
	taken	cbnz x1
	mov	x12, x0
	taken	cbnz w1
	mov	x13, x0
	taken	cbz xzr
	mov	x14, x0
	taken	cbnz wzr
	mov	x15, x0
	/* tbz/tbnz: x2 has bits 63 and 0 set. */
	mov	x2, #0x8000000000000001
	taken	tbz x2, #0
	mov	x16, x0
	taken	tbnz x2, #0
	mov	x17, x0
	taken	tbz w2, #31
	mov	x18, x0
	taken	tbnz x2, #63
	mov	x19, x0
	taken	tbz x2, #63
	mov	x20, x0
	taken	tbnz x2, #32
	mov	x21, x0
	mov	x3, #0x80000000
	taken	tbnz w3, #31
	mov	x22, x0
	taken	tbz x3, #32
	mov	x23, x0
	bl	regdump

	/* bl/ret, blr/br, ret to a register other than x30. */
	mov	x9, xzr
	bl	leaf_add1			/* x9 = 1 */
	adr	x1, leaf_add2
	blr	x1				/* x9 = 3 */
	adr	x2, 1f
	br	x2
	mov	x9, #-1				/* skipped */
1:	adr	x3, 2f
	b	ret_via_x3
	mov	x9, #-2				/* skipped */
2:	add	x9, x9, #100
	mov	x10, x30			/* the last bl's link */
	adr	x11, leaf_add1
	sub	x10, x10, x11			/* print it relatively */
	bl	regdump

	/* A jump table of relative offsets, walked for i = 0..5. */
	mov	x12, xzr			/* accumulated results */
	mov	x13, xzr			/* i */
3:	adr	x14, jump_table
	ldrsw	x15, [x14, x13, lsl #2]
	add	x15, x14, x15
	br	x15
case0:	add	x12, x12, #1
	b	4f
case1:	add	x12, x12, #20
	b	4f
case2:	lsl	x12, x12, #1
	b	4f
case3:	eor	x12, x12, #0xff00
	b	4f
4:	add	x13, x13, #1
	cmp	x13, #6
	b.lo	3b
	mov	x0, x12
	mov	x1, x13
	bl	regdump

	/* Backward loops with b.ne and cbnz, forward chains of b. */
	mov	x0, #1000
	mov	x1, xzr
5:	add	x1, x1, x0
	subs	x0, x0, #1
	b.ne	5b
	mov	x2, #77
6:	sub	x2, x2, #1
	cbnz	x2, 6b
	b	7f
	mov	x3, #-1
7:	b	8f
	mov	x3, #-2
8:	mov	x3, #8
	bl	regdump

	mov	w0, #22
	ldp	x29, x30, [sp], #16
	ret
	.size	main, . - main

leaf_add1:
	add	x9, x9, #1
	ret

leaf_add2:
	add	x9, x9, #2
	ret

ret_via_x3:
	add	x9, x9, #10
	ret	x3

	.balign	4
jump_table:
	.word	case0 - jump_table
	.word	case1 - jump_table
	.word	case2 - jump_table
	.word	case3 - jump_table
	.word	case1 - jump_table
	.word	case3 - jump_table

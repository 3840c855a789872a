/* SPDX-License-Identifier: GPL-2.0 */
/*
 * regdump_test.S - the register dump itself: every register gets a
 * distinct value, flags are set, and two back-to-back dumps must print the
 * same values (apart from x30, the link) and leave everything as it was.
 */
	.text
	.balign	4
	.global	main
	.type	main, %function
main:
	stp	x29, x30, [sp, #-16]!
	stp	x19, x20, [sp, #-16]!
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18
	movz	x\n, #(0x1111 * ((\n % 15) + 1)), lsl #48
	movk	x\n, #\n
	.endr
	.irp	n, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29
	movn	x\n, #\n, lsl #32
	.endr
	mov	x30, #0x3030
	mov	x19, #0x4000
	lsl	x19, x19, #16
	msr	nzcv, x19
	bl	regdump
	bl	regdump
	/* The dump preserved every register: sum them to prove it. */
	mov	x19, xzr
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18
	eor	x19, x19, x\n, ror #\n
	.endr
	.irp	n, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29
	eor	x19, x19, x\n, ror #\n
	.endr
	cset	x20, eq
	cset	x21, ne
	bl	regdump

	mov	w0, #26
	ldp	x19, x20, [sp], #16
	ldp	x29, x30, [sp], #16
	ret
	.size	main, . - main

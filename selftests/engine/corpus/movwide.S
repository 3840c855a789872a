/* SPDX-License-Identifier: GPL-2.0 */
/*
 * movwide.S - move-wide immediates (movz/movn/movk at every halfword, both
 * widths), bitmask-immediate moves, and PC-relative adr/adrp, with a
 * register dump after each group.
 */
	.text
	.balign	4
	.global	main
	.type	main, %function
main:
	stp	x29, x30, [sp, #-16]!
	mov	x29, sp

	/* movz: each halfword position, both widths. */
	movz	x0, #0xffff
	movz	x1, #0x8001, lsl #16
	movz	x2, #0x1234, lsl #32
	movz	x3, #0xfedc, lsl #48
	movz	w4, #0xabcd
	movz	w5, #0x8000, lsl #16
	movz	x6, #0
	/* movn: the inverse, and w forms that zero the upper half. */
	movn	x7, #0
	movn	x8, #0x1234, lsl #16
	movn	x9, #0xffff, lsl #48
	movn	w10, #0
	movn	w11, #0xffff, lsl #16
	movn	w12, #0x7fff
	/* movk: keep the other halfwords. */
	mov	x13, #-1
	movk	x13, #0, lsl #48
	movk	x13, #0x5a5a, lsl #16
	mov	x14, xzr
	movk	x14, #0xffff, lsl #48
	movk	x14, #1
	mov	w15, #-1
	movk	w15, #0x1234, lsl #16
	mov	x16, #-1
	movk	w16, #0x4321
	/* Bitmask immediates through orr with the zero register. */
	mov	x17, #0x5555555555555555
	mov	w18, #0xff00ff00
	mov	x19, #0xfffffffffffffffe
	mov	x20, #0x00ff00ff00ff00ff
	mov	w21, #0x7fffffff
	/* Mixed: a full 64-bit constant in four steps. */
	movz	x22, #0xdef0
	movk	x22, #0x9abc, lsl #16
	movk	x22, #0x5678, lsl #32
	movk	x22, #0x1234, lsl #48
	mov	x23, #0
	mov	x24, #0
	mov	x25, #0
	mov	x26, #0
	mov	x27, #0
	mov	x28, #0
	bl	regdump

	/* adr/adrp: print absolute values and distances to symbols. */
	adr	x0, main
	adr	x1, .
	adr	x2, label_ahead
	adrp	x3, main
	adrp	x4, far_data
	add	x5, x4, :lo12:far_data
	ldr	x6, =far_data
	sub	x7, x5, x6
	sub	x8, x2, x1
	adr	x9, label_back
label_ahead:
	adrp	x10, label_ahead
	sub	x11, x2, x10
	ldr	x12, [x5]
	bl	regdump

	mov	w0, #19
	ldp	x29, x30, [sp], #16
	ret
label_back:
	.size	main, . - main

	.data
	.balign	8
	.skip	5000
far_data:
	.quad	0x1122334455667788

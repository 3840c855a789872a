/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ldst_modes.S - every load/store addressing mode and size: unsigned
 * offset (up to the largest scaled offset), unscaled, pre- and post-index
 * with writeback, register offset (lsl, uxtw, sxtw, sxtx, with junk above
 * the W index), literal, pairs (ldp/stp/ldpsw/ldnp/stnp), SP-based and
 * zero-register stores. All accesses are naturally aligned: with the MMU
 * off memory is Device memory.
 */
	.macro	dump_buf
	adrp	x0, buf
	add	x0, x0, :lo12:buf
	mov	x1, #512
	mov	x2, #0
	bl	guest_hash
	bl	regdump
	.endm

	.text
	.balign	4
	.global	main
	.type	main, %function
main:
	stp	x29, x30, [sp, #-16]!
	mov	x29, sp
	adrp	x20, buf
	add	x20, x20, :lo12:buf		/* x20: buf */
	add	x22, x20, #256			/* x22: middle of buf */

	/* Unsigned scaled offsets, every size and sign extension. */
	ldrb	w0, [x20, #1]
	ldrh	w1, [x20, #2]
	ldr	w2, [x20, #4]
	ldr	x3, [x20, #8]
	ldrsb	w4, [x20, #0x83]
	ldrsb	x5, [x20, #0x84]
	ldrsh	w6, [x20, #0x86]
	ldrsh	x7, [x20, #0x88]
	ldrsw	x8, [x20, #0x8c]
	ldrsw	x9, [x20, #0x90]
	/* The largest offsets, from bases below buf. */
	sub	x21, x20, #4095
	ldrb	w10, [x21, #4095]
	mov	x21, #8190
	sub	x21, x20, x21
	ldrh	w11, [x21, #8190]
	ldrsh	x12, [x21, #8190]
	mov	x21, #16380
	sub	x21, x20, x21
	ldr	w13, [x21, #16380]
	mov	x21, #32760
	sub	x21, x20, x21
	ldr	x14, [x21, #32760]
	ldrsb	x15, [x20, #0xff]
	ldrsh	w16, [x20, #0xfe]
	mov	x17, #-1
	ldrb	w17, [x20, #0x80]		/* zero-extends into x17 */
	mov	x18, #-1
	ldr	w18, [x20, #0xf0]
	mov	x19, #-1
	ldrsb	w19, [x20, #0xf7]		/* w form: upper 32 bits 0 */
	bl	regdump

	/* Unscaled offsets, negative and positive. */
	ldurb	w0, [x22, #-256]
	ldurh	w1, [x22, #-254]
	ldur	w2, [x22, #-252]
	ldur	x3, [x22, #-248]
	ldursb	w4, [x22, #-1]
	ldursb	x5, [x22, #255]
	ldursh	w6, [x22, #-2]
	ldursh	x7, [x22, #254]
	ldursw	x8, [x22, #-4]
	ldur	x9, [x22, #248]
	ldur	x10, [x22, #0]
	bl	regdump

	/* Pre- and post-index with writeback. */
	add	x23, x20, #64
	ldr	x0, [x23, #8]!
	ldrh	w1, [x23], #-2
	ldrsb	x2, [x23, #-1]!
	ldrsb	w3, [x23], #255
	ldrsh	x4, [x23, #-254]!
	ldrh	w5, [x23], #2
	ldrsw	x6, [x23, #-4]!
	ldrb	w7, [x23], #-4
	ldrsh	w8, [x23, #128]!
	ldr	x10, [x23], #-128
	sub	x9, x23, x20			/* offset of x23 in buf */
	bl	regdump

	/* Register offsets: lsl, uxtw, sxtw (negative), sxtx, plain. */
	mov	x1, #5
	ldr	x0, [x20, x1, lsl #3]
	mov	x2, #0x1234
	movk	x2, #0xabcd, lsl #32		/* junk above the W index */
	and	x2, x2, #0xffffffff0000003f
	ldr	w3, [x20, w2, uxtw #2]
	mov	x4, #-7
	movk	x4, #0x55aa, lsl #48		/* still negative as a W */
	ldrh	w5, [x22, w4, sxtw #1]
	ldrb	w6, [x22, w4, sxtw]
	mov	x7, #-3
	ldr	x8, [x22, x7, sxtx #3]
	ldrsw	x9, [x22, x7, lsl #2]
	mov	x10, #33
	ldrb	w11, [x20, x10]
	ldrsb	w12, [x20, x10, lsl #0]
	ldrsb	x13, [x22, w4, sxtw #0]
	ldrsh	w14, [x22, x7, sxtx #1]
	ldr	x15, [x22, w4, sxtw #3]
	ldr	w16, [x22, w4, sxtw #2]
	ldrb	w17, [x20, w2, uxtw]
	bl	regdump

	/* Literals and prefetches. */
	ldr	x0, lit64
	ldr	w1, lit32
	ldrsw	x2, litneg
	ldr	x3, =0x0badc0ffee0ddf00d
	ldr	w4, =0x89abcdef
	prfm	pldl1keep, lit64
	prfm	pstl2strm, [x20, #64]
	prfm	pldl3keep, [x20, x1, lsl #3]
	prfum	pldl1strm, [x22, #-3]
	bl	regdump

	/* Stores of every size and mode, then a hash of the buffer. */
	mov	x0, #0x1111111111111111
	movk	x0, #0x8899, lsl #0
	strb	w0, [x20, #0]
	strh	w0, [x20, #2]
	str	w0, [x20, #4]
	str	x0, [x20, #8]
	sturb	w0, [x22, #-255]
	sturh	w0, [x22, #-6]
	stur	w0, [x22, #-12]
	stur	x0, [x22, #-24]
	add	x24, x20, #128
	str	x0, [x24, #8]!
	strh	w0, [x24], #-2
	strb	w0, [x24, #-1]!
	strb	w0, [x24], #-5
	str	w0, [x24, #-4]!
	mov	x1, #9
	str	x0, [x20, x1, lsl #3]
	mov	x2, #-10
	strh	w0, [x22, w2, sxtw #1]
	str	w0, [x22, w2, sxtw #2]
	strb	w0, [x22, x2]
	str	xzr, [x20, #160]
	strh	wzr, [x20, #170]
	strb	wzr, [x20, #171]
	sub	x25, x24, x20
	dump_buf

	/* Pairs: offset, pre, post, signed words, non-temporal. */
	ldp	x0, x1, [x20, #16]
	ldp	w2, w3, [x20, #-8 + 32]
	add	x26, x20, #256
	ldp	x4, x5, [x26, #-16]!
	ldp	w6, w7, [x26], #8
	ldpsw	x8, x9, [x20, #48]
	ldpsw	x10, x11, [x26, #-8]!
	ldpsw	x12, x13, [x26], #-248
	ldnp	x14, x15, [x20, #64]
	ldnp	w16, w17, [x20, #200]
	add	x27, x22, #248
	ldp	x18, x19, [x27, #-504]
	sub	x27, x22, #256
	ldp	x21, x23, [x27, #496]
	sub	x28, x26, x20
	bl	regdump

	ldr	x0, =0x0102030405060708
	mvn	x1, x0
	add	x26, x20, #300
	stp	x0, x1, [x20, #304]
	stp	w0, w1, [x26, #-4]!
	stp	x1, x0, [x26], #32
	stp	w1, w0, [x26, #8]
	stnp	x0, x1, [x20, #352]
	stnp	w1, w0, [x26, #40]
	stp	xzr, xzr, [x20, #384]
	stp	wzr, w0, [x26, #72]
	sub	x28, x26, x20
	dump_buf

	/* SP-based addressing. */
	mov	x0, #0x7777
	mov	x1, #0x8888
	str	x0, [sp, #-16]!
	stp	x0, x1, [sp, #-16]!
	ldr	w2, [sp, #8]
	ldp	x3, x4, [sp], #16
	ldr	x5, [sp], #16
	str	x1, [sp, #-8]
	ldur	x6, [sp, #-8]
	mov	x7, #-16
	ldr	x8, [sp, x7]
	bl	regdump

	mov	w0, #21
	ldp	x29, x30, [sp], #16
	ret

	.balign	8
lit64:	.quad	0xfedcba9876543210
lit32:	.word	0x80000001
litneg:	.word	0x87654321
	.ltorg
	.size	main, . - main

	.data
	.balign	16
buf:
	.set	i, 0
	.rept	512
	.byte	(i * 37 + 11) & 0xff
	.set	i, i + 1
	.endr

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * regdump.S - "bl regdump" prints every general register, SP and NZCV
 * and returns with all of them as they were.
 *
 * The frame is 34 doublewords on the stack: x0..x30, the caller's SP,
 * NZCV and a pad that keeps SP 16-byte aligned. x30 is dumped as the bl
 * left it, that is, the return address.
 */
	.text
	.balign	4
	.global	regdump
	.type	regdump, %function
regdump:
	sub	sp, sp, #272
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	mrs	x0, nzcv
	add	x1, sp, #272
	stp	x30, x1, [sp, #240]
	str	x0, [sp, #256]
	mov	x0, sp
	bl	regdump_frame
	ldr	x0, [sp, #256]
	msr	nzcv, x0
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
	add	sp, sp, #272
	ret
	.size	regdump, . - regdump

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * smc.S - self-modifying code. Instructions that already ran are
 * overwritten, the caches are synchronised the architected way
 * (dc cvau; dsb ish; ic ivau; dsb ish; isb), and the code runs again:
 * the new instructions must take effect, every time.
 *
 *  1. a function whose "movz w0, #imm" is rewritten 200 times;
 *  2. a loop that rewrites an instruction of its own body;
 *  3. a store that rewrites the instruction right after the isb that
 *     follows it, in the same straight-line run of code;
 *  4. a whole function body replaced by another one (four instructions,
 *     including a branch).
 */
	/* sync_insn xaddr: make the instruction at [xaddr] visible. */
	.macro	sync_insn reg
	dc	cvau, \reg
	dsb	ish
	ic	ivau, \reg
	dsb	ish
	isb
	.endm

	.text
	.balign	4
	.global	main
	.type	main, %function
main:
	stp	x29, x30, [sp, #-16]!
	stp	x19, x20, [sp, #-16]!
	stp	x21, x22, [sp, #-16]!

	/* 1. Rewrite the immediate of a called function. */
	bl	patch_me
	mov	x19, x0				/* 1, as assembled */
	mov	x20, xzr			/* sum of results */
	mov	x21, xzr			/* mismatches */
	mov	x22, #2
	adr	x1, patch_me
1:	mov	w2, #0x52800000			/* movz w0, #0 */
	orr	w2, w2, w22, lsl #5
	str	w2, [x1]
	sync_insn x1
	bl	patch_me
	add	x20, x20, x0
	cmp	x0, x22
	cinc	x21, x21, ne
	add	x22, x22, #1
	cmp	x22, #202
	b.lo	1b
	mov	x0, x19
	mov	x1, x20
	mov	x2, x21
	bl	regdump

	/* 2. A loop that rewrites its own increment from #1 to #5. */
	mov	x3, xzr
	mov	x4, #10
	adr	x5, 2f
	ldr	w6, 3f				/* "add x3, x3, #5" */
2:	add	x3, x3, #1
	str	w6, [x5]
	sync_insn x5
	subs	x4, x4, #1
	b.ne	2b
	mov	x0, x3				/* 1 + 9 * 5 = 46 */
	bl	regdump

	/* 3. Rewrite the instruction just after the isb. */
	mov	x7, #3
4:	adr	x8, 5f
	ldr	w9, 6f				/* "mov x10, #0x77" */
	mov	x10, xzr
	str	w9, [x8]
	sync_insn x8
5:	mov	x10, #0x11			/* replaced before it runs */
	mov	x11, x10
	subs	x7, x7, #1
	b.ne	4b
	mov	x0, x11
	bl	regdump

	/* 4. Replace a whole function, run it, put the original back. */
	bl	victim
	mov	x19, x0
	adr	x1, victim
	adr	x2, replacement
	mov	x3, #4
7:	ldr	w4, [x2], #4
	str	w4, [x1]
	sync_insn x1
	add	x1, x1, #4
	subs	x3, x3, #1
	b.ne	7b
	mov	x0, #6
	bl	victim
	mov	x20, x0
	adr	x1, victim
	adr	x2, original
	mov	x3, #4
8:	ldr	w4, [x2], #4
	str	w4, [x1]
	sync_insn x1
	add	x1, x1, #4
	subs	x3, x3, #1
	b.ne	8b
	bl	victim
	mov	x2, x0
	mov	x0, x19
	mov	x1, x20
	bl	regdump

	mov	w0, #27
	ldp	x21, x22, [sp], #16
	ldp	x19, x20, [sp], #16
	ldp	x29, x30, [sp], #16
	ret

	.balign	4
3:	add	x3, x3, #5
6:	mov	x10, #0x77
	.size	main, . - main

	.balign	4
patch_me:
	movz	w0, #1
	ret

victim:
	mov	x0, #0x1234
	nop
	nop
	ret

original:					/* a copy of victim */
	mov	x0, #0x1234
	nop
	nop
	ret

replacement:
	add	x0, x0, x0, lsl #4		/* x0 * 17 */
	b	1f
	mov	x0, #-1
1:	ret

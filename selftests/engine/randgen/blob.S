/* SPDX-License-Identifier: GPL-2.0 */
/*
 * blob.S - links a randgen blob ("blocks.bin", found through the
 * assembler's include path) into a runner image, with the trampoline that
 * calls one block.
 *
 * void rg_call(const void *code, u64 *frame): blocks clobber every
 * register and run with SP = frame, so the callee-saved registers and
 * the real SP are kept aside here.
 */
	.text
	.balign	4
	.global	rg_call
	.type	rg_call, %function
rg_call:
	stp	x29, x30, [sp, #-96]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	mov	x9, sp
	adrp	x10, rg_saved_sp
	str	x9, [x10, :lo12:rg_saved_sp]
	mov	sp, x1
	blr	x0
	adrp	x10, rg_saved_sp
	ldr	x9, [x10, :lo12:rg_saved_sp]
	mov	sp, x9
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #96
	ret
	.size	rg_call, . - rg_call

	.bss
	.balign	8
rg_saved_sp:
	.skip	8

	.section .text.rg_blob, "ax"
	.balign	4096
	.global	rg_blob
rg_blob:
	.incbin	"blocks.bin"

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * start.S - entry of the demo guest. vmctl (and the arm64 boot protocol)
 * hand over at EL1 with the MMU off and the device tree's address in x0;
 * QEMU's -kernel with an ELF leaves x0 at 0, which demo_main() copes with.
 * Set a stack, clear .bss, call demo_main(dtb) and power off when it returns.
 */
	.section .text.start, "ax"
	.balign	4
	.global	_start
	.type	_start, %function
_start:
	mov	x19, x0
	msr	daifset, #0xf
	adrp	x0, __stack_top
	add	x0, x0, :lo12:__stack_top
	mov	sp, x0
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
1:	cmp	x0, x1
	b.hs	2f
	str	xzr, [x0], #8
	b	1b
2:	mov	x0, x19
	bl	demo_main
	bl	power_off
	.size	_start, . - _start

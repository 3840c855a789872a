/* SPDX-License-Identifier: GPL-2.0 */
/*
 * start.S - entry point of every test image.
 *
 * The emulator enters at EL1 with the MMU and caches off, exceptions
 * masked and the image loaded at its link address. We install a vector
 * table (so a stray exception is reported instead of looping), allow
 * FP/SIMD register access (FPCR/FPSR reads trap otherwise), turn on
 * alignment checking, set the stack, clear .bss, zero the registers and
 * flags, call main() and exit with its return value.
 *
 * With the MMU off all data accesses are to Device memory, where hardware
 * faults unaligned accesses whatever SCTLR_EL1.A says; QEMU only checks
 * them with A set, so setting it makes the oracle as strict as hardware.
 */
	.section .text.start, "ax"
	.balign	4
	.global	_start
	.type	_start, %function
_start:
	msr	daifset, #0xf
	msr	spsel, #1			/* run on SP_EL1, as exceptions do */
	adrp	x0, guest_vectors
	add	x0, x0, :lo12:guest_vectors
	msr	vbar_el1, x0
	mov	x0, #(3 << 20)			/* CPACR_EL1.FPEN: no traps */
	msr	cpacr_el1, x0
	mrs	x0, sctlr_el1
	orr	x0, x0, #(1 << 1)		/* SCTLR_EL1.A */
	msr	sctlr_el1, x0
	isb
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
	/*
	 * Start main() from a known state: whatever the loader left in the
	 * registers differs between QEMU and xvm, and assembly tests dump
	 * registers they never set.
	 */
2:	msr	nzcv, xzr
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	mov	x\n, xzr
	.endr
	.irp	n, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30
	mov	x\n, xzr
	.endr
	bl	main
	b	guest_exit
	.size	_start, . - _start

/*
 * Each of the 16 vectors saves x0/x1 and the caller's x30, then reports
 * its own index; guest_exception() never returns.
 */
	.macro	vector idx
	.balign	0x80
	stp	x0, x1, [sp, #-16]!
	mov	x0, #\idx
	b	guest_vector_common
	.endm

	.section .text.vectors, "ax"
	.balign	0x800
	.global	guest_vectors
guest_vectors:
	.irp	idx, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	vector	\idx
	.endr

guest_vector_common:
	mrs	x1, esr_el1
	mrs	x2, elr_el1
	mrs	x3, far_el1
	mrs	x4, spsr_el1
	bl	guest_exception
1:	b	1b

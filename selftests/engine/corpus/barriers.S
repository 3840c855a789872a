/* SPDX-License-Identifier: GPL-2.0 */
/*
 * barriers.S - barriers and hints must execute as no-ops for data: every
 * dmb/dsb domain and type, isb, nop, yield, sev, sevl (then wfe, which the
 * local event makes return at once), csdb, unallocated hint encodings,
 * and prefetches. Registers and flags are dumped before and after; they
 * must not change apart from the counter that proves the code ran.
 */
	.text
	.balign	4
	.global	main
	.type	main, %function
main:
	stp	x29, x30, [sp, #-16]!
	mov	x29, sp
	mov	x0, #0x1234
	mov	x1, #-1
	mov	x2, #0x8000000000000000
	mov	x3, xzr
	mov	x4, #0x9000000
	lsl	x4, x4, #4
	msr	nzcv, x4
	bl	regdump

	.irp	opt, sy, st, ld, ish, ishst, ishld, nsh, nshst, nshld, osh, oshst, oshld
	dmb	\opt
	add	x3, x3, #1
	dsb	\opt
	add	x3, x3, #1
	.endr
	isb
	isb	sy
	nop
	yield
	sev
	sevl
	wfe			/* the event sevl set: no wait */
	csdb
	hint	#0x7f		/* unallocated hints are nops */
	hint	#0x33
	hint	#0x6
	prfm	pldl1keep, [sp]
	prfm	pstl3strm, [sp, #8]
	prfm	plil1keep, main
	add	x3, x3, #1
	bl	regdump

	mov	w0, #25
	ldp	x29, x30, [sp], #16
	ret
	.size	main, . - main

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hw_guests.S - A64 guests of hw_run_test.c, each a function at its own
 * symbol, position independent; the test loads the whole text at the
 * start of guest RAM and points PC at one. Registers the test sets are
 * named; every guest ends in an HVC the test checks (x0.. in args).
 */
	.text
	.align	2

/* x0 = 0xabcd1234, x1 = 7, HVC #0x11; then x0 + 1, HVC #0x22. */
	.globl	g_hvc
g_hvc:
	movz	x0, #0x1234
	movk	x0, #0xabcd, lsl #16
	mov	x1, #7
	hvc	#0x11
	add	x0, x0, #1
	hvc	#0x22
	b	.

/* Writes the bytes 0, 1, 2, ... (x3 of them) to the device at x2. */
	.globl	g_wburst
g_wburst:
	mov	x1, #0
1:	strb	w1, [x2]
	add	x1, x1, #1
	cmp	x1, x3
	b.ne	1b
	hvc	#0
	b	.

/* Reads 8, 2 and 1 (sign-extended) bytes from the device at x2. */
	.globl	g_read
g_read:
	ldr	x0, [x2]
	ldrh	w1, [x2, #8]
	ldrsb	x4, [x2, #16]
	str	w0, [x2, #24]
	hvc	#0
	b	.

	.globl	g_spin
g_spin:
	b	g_spin

/* x0 = 1 + 2 + ... + x3, through a RAM word at x5 on every step. */
	.globl	g_loop
g_loop:
	mov	x0, #0
	mov	x1, #1
1:	add	x0, x0, x1
	str	x0, [x5]
	ldr	x0, [x5]
	add	x1, x1, #1
	cmp	x1, x3
	b.ls	1b
	hvc	#0
	b	.

/* Runs a function, rewrites its first instruction, runs it again. */
	.globl	g_smc
g_smc:
	adr	x1, 2f
	ldr	w2, 3f
	bl	2f
	mov	x6, x0
	str	w2, [x1]
	isb
	bl	2f
	mov	x7, x0
	hvc	#0
	b	.
2:	mov	x0, #1
	ret
3:	.word	0xd2800540		/* mov x0, #42 */

	.globl	g_undef
g_undef:
	udf	#0

/* A load from x2, where the test put nothing. */
	.globl	g_nothing
g_nothing:
	ldr	x0, [x2]
	hvc	#0
	b	.

/*
 * Stores into its own code page (emulated by the host, the page holding
 * code stays write-protected) between a compare and the branch that
 * reads its flags: x0 = how many of x2 = 100 .. 1 are >= 50 (51).
 */
	.globl	g_codestore
g_codestore:
	adr	x1, 9f
	mov	x2, #100
	mov	x0, #0
1:	cmp	x2, #50
	str	x2, [x1]
	b.lt	2f
	add	x0, x0, #1
2:	subs	x2, x2, #1
	b.ne	1b
	ldr	x3, [x1]
	hvc	#0
	b	.
	.balign	8
9:	.quad	0

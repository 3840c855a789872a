/* SPDX-License-Identifier: GPL-2.0 */
/*
 * guests.S - the small guests of cli_test.sh, one per -D option:
 *
 *   IMAGE     a Linux arm64 Image: the boot protocol header (with the PE
 *             header of an EFI stub, whose section says how long the file
 *             is), then checks of what the boot protocol promises: x0 the
 *             8-byte aligned device tree (its magic), x1-x3 zero, loaded
 *             at a 2 MiB boundary plus text_offset, EL1 with the MMU off.
 *             It prints "image ok x0=<hex>" or what failed, and powers off.
 *   HELLO     prints "hello x0=<hex>" and powers off (a raw binary).
 *   UNDEF     an undefined instruction (UDF #0).
 *   ABORT     a load from 0x10 where nothing is mapped.
 *   SEMIEXIT  semihosting SYS_EXIT with status 42.
 *   SMC       SMC #0, undefined without EL3.
 *   HANG      spins forever (--timeout, Ctrl-A x, signals).
 *   MMU       turns the MMU on (SCTLR_EL1.M): not supported yet.
 *   RESET     counts its boots in a data word, prints "boot <n>", and
 *             asks PSCI for a reset: a reboot reloads the image, so it
 *             always prints "boot 1".
 *   PSCI      prints PSCI_VERSION, PSCI_FEATURES(SYSTEM_OFF), CPU_ON and
 *             AFFINITY_INFO(0) results, then powers off with CPU_OFF.
 *
 * Position-independent (adr only), so that a raw binary runs anywhere.
 */
#define UART		0x09000000
#define PSCI_VERSION	0x84000000
#define PSCI_CPU_OFF	0x84000002
#define PSCI_CPU_ON	0xc4000003
#define PSCI_AFFINITY	0xc4000004
#define PSCI_OFF	0x84000008
#define PSCI_RESET	0x84000009
#define PSCI_FEATURES	0x8400000a

	.macro	mov32 reg, val
	movz	\reg, #((\val) & 0xffff)
	movk	\reg, #((\val) >> 16), lsl #16
	.endm

	/* Print the string at label \s. */
	.macro	say s
	adr	x0, \s
	bl	puts
	.endm

	/* Print register \r in hex (it must not be x0-x3 or x30). */
	.macro	hex r
	mov	x0, \r
	bl	puthex
	.endm

	.text
	.global	_start
_start:
#ifdef IMAGE
hdr:
	.inst	0xfa405a4d		/* code0: "MZ", ccmp x18, #0, #0xd, pl */
	b	entry			/* code1 */
	.quad	0x80000			/* text_offset */
	.quad	file_end - hdr + 4096	/* image_size: 4 KiB of .bss too */
	.quad	0xa			/* flags: LE, 4K pages, anywhere */
	.quad	0, 0, 0			/* res2, res3, res4 */
	.ascii	"ARM\x64"		/* magic */
	.long	pe - hdr		/* res5: PE header offset */
pe:
	.ascii	"PE\0\0"
	.short	0xaa64			/* Machine: arm64 */
	.short	1			/* NumberOfSections */
	.long	0, 0, 0			/* TimeDateStamp, symbol table */
	.short	0			/* SizeOfOptionalHeader */
	.short	0x206			/* Characteristics */
	.ascii	".text\0\0\0"		/* the one section: all of the file */
	.long	file_end - hdr		/* VirtualSize */
	.long	0			/* VirtualAddress */
	.long	file_end - hdr		/* SizeOfRawData */
	.long	0			/* PointerToRawData */
	.long	0, 0			/* relocations, line numbers */
	.short	0, 0
	.long	0x60000020		/* code, readable, executable */
	.balign	8
entry:
	mov	x19, x0
	cbnz	x1, bad_regs
	cbnz	x2, bad_regs
	cbnz	x3, bad_regs
	adr	x4, hdr
	and	x5, x4, #0x1fffff
	cmp	x5, #0x80000
	b.ne	bad_place
	tst	x19, #7
	b.ne	bad_dtb
	ldr	w6, [x19]
	rev	w6, w6
	mov32	w7, 0xd00dfeed
	cmp	w6, w7
	b.ne	bad_dtb
	mrs	x6, CurrentEL
	cmp	x6, #(1 << 2)
	b.ne	bad_el
	mrs	x6, sctlr_el1
	tbnz	x6, #0, bad_el
	adr	x6, file_end			/* .bss: image_size covers it */
	ldr	x7, [x6]
	cbnz	x7, bad_bss
	say	s_image
	hex	x19
	say	s_at
	adr	x20, hdr
	hex	x20
	say	s_nl
	b	off
bad_regs:
	say	s_regs
	b	off
bad_place:
	say	s_place
	hex	x4
	say	s_nl
	b	off
bad_dtb:
	say	s_dtb
	hex	x19
	say	s_nl
	b	off
bad_el:
	say	s_el
	b	off
bad_bss:
	say	s_bss
	b	off
#endif

#ifdef HELLO
	mov	x19, x0
	say	s_hello
	hex	x19
	say	s_nl
	b	off
#endif

#ifdef UNDEF
	nop
	udf	#0
#endif

#ifdef ABORT
	mov	x1, #0x10
	ldr	x2, [x1]
	b	off
#endif

#ifdef SEMIEXIT
	adr	x1, semi_block
	mov	x0, #0x18			/* SYS_EXIT */
	hlt	#0xf000
	b	off
#endif

#ifdef SMC
	smc	#0
	b	off
#endif

#ifdef HANG
	say	s_hang
1:	b	1b
#endif

#ifdef MMU
	mrs	x1, sctlr_el1
	orr	x1, x1, #1
	msr	sctlr_el1, x1
	isb
	b	off
#endif

#ifdef RESET
	adr	x1, boots
	ldr	x19, [x1]
	add	x19, x19, #1
	str	x19, [x1]
	say	s_boot
	add	x0, x19, #'0'
	bl	putc
	say	s_nl
	mov32	w0, PSCI_RESET
	hvc	#0
	say	s_noreset
	b	off
#endif

#ifdef PSCI
	mov32	w0, PSCI_VERSION
	hvc	#0
	mov	x19, x0
	mov32	w0, PSCI_FEATURES
	mov32	w1, PSCI_OFF
	hvc	#0
	mov	x20, x0
	mov32	w0, PSCI_CPU_ON
	mov	x1, #1
	adr	x2, _start
	mov	x3, #0
	hvc	#0
	mov	x21, x0
	mov32	w0, PSCI_AFFINITY
	mov	x1, #0
	mov	x2, #0
	hvc	#0
	mov	x22, x0
	say	s_psci
	hex	x19
	say	s_sp
	hex	x20
	say	s_sp
	hex	x21
	say	s_sp
	hex	x22
	say	s_nl
	mov32	w0, PSCI_CPU_OFF
	hvc	#0
	say	s_nooff
#endif

off:
	mov32	w0, PSCI_OFF
	hvc	#0
1:	wfi
	b	1b

/* putc(x0): one character to the PL011. */
putc:
	mov	x1, #UART
	strb	w0, [x1]
	ret

/* puts(x0): a NUL-terminated string. */
puts:
	mov	x1, #UART
1:	ldrb	w2, [x0], #1
	cbz	w2, 2f
	strb	w2, [x1]
	b	1b
2:	ret

/* puthex(x0): 16 hex digits. */
puthex:
	mov	x1, #UART
	mov	x2, #60
1:	lsr	x3, x0, x2
	and	x3, x3, #0xf
	cmp	x3, #10
	add	x4, x3, #'0'
	add	x5, x3, #('a' - 10)
	csel	x3, x4, x5, lo
	strb	w3, [x1]
	subs	x2, x2, #4
	b.ge	1b
	ret

	.balign	8
semi_block:
	.quad	0x20026, 42		/* ADP_Stopped_ApplicationExit, 42 */
boots:
	.quad	0
s_image:	.asciz	"image ok x0="
s_at:		.asciz	" at="
s_regs:		.asciz	"image bad: x1-x3 not zero\n"
s_place:	.asciz	"image bad: loaded at "
s_dtb:		.asciz	"image bad: no device tree at x0="
s_el:		.asciz	"image bad: not EL1 with the MMU off\n"
s_bss:		.asciz	"image bad: .bss not zero\n"
s_hello:	.asciz	"hello x0="
s_hang:		.asciz	"hanging\n"
s_boot:		.asciz	"boot "
s_noreset:	.asciz	"reset returned\n"
s_psci:		.asciz	"psci "
s_nooff:	.asciz	"cpu_off returned\n"
s_sp:		.asciz	" "
s_nl:		.asciz	"\n"
	.balign	8
file_end:

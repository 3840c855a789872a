/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gprs.S - included by the entry routines of both backends
 * (vmx_vmenter.S, svm_vmrun.S), not assembled on its own: offsets in
 * struct hw_regs.gpr (the x86 register numbers, enum hw_gpr in hw.h) and
 * the register moves they share.
 */
#ifndef XVM_HW_GPRS_S
#define XVM_HW_GPRS_S

#define GPR_RAX		(0 * 8)
#define GPR_RCX		(1 * 8)
#define GPR_RDX		(2 * 8)
#define GPR_RBX		(3 * 8)
#define GPR_RBP		(5 * 8)
#define GPR_RSI		(6 * 8)
#define GPR_RDI		(7 * 8)
#define GPR_R8		(8 * 8)
#define GPR_R9		(9 * 8)
#define GPR_R10		(10 * 8)
#define GPR_R11		(11 * 8)
#define GPR_R12		(12 * 8)
#define GPR_R13		(13 * 8)
#define GPR_R14		(14 * 8)
#define GPR_R15		(15 * 8)

/*
 * The guest's RCX, RBX, RBP, RSI, RDI and R8-R15 from the array at \base;
 * RAX, RDX and RSP are each backend's business (one of RAX and RDX is
 * \base).
 */
.macro HW_LOAD_GPRS base
	mov	GPR_RCX(\base), %rcx
	mov	GPR_RBX(\base), %rbx
	mov	GPR_RBP(\base), %rbp
	mov	GPR_RSI(\base), %rsi
	mov	GPR_RDI(\base), %rdi
	mov	GPR_R8(\base), %r8
	mov	GPR_R9(\base), %r9
	mov	GPR_R10(\base), %r10
	mov	GPR_R11(\base), %r11
	mov	GPR_R12(\base), %r12
	mov	GPR_R13(\base), %r13
	mov	GPR_R14(\base), %r14
	mov	GPR_R15(\base), %r15
.endm

/* Every GPR but RAX (which holds the array) and RSP into the array. */
.macro HW_SAVE_GPRS
	mov	%rcx, GPR_RCX(%rax)
	mov	%rdx, GPR_RDX(%rax)
	mov	%rbx, GPR_RBX(%rax)
	mov	%rbp, GPR_RBP(%rax)
	mov	%rsi, GPR_RSI(%rax)
	mov	%rdi, GPR_RDI(%rax)
	mov	%r8, GPR_R8(%rax)
	mov	%r9, GPR_R9(%rax)
	mov	%r10, GPR_R10(%rax)
	mov	%r11, GPR_R11(%rax)
	mov	%r12, GPR_R12(%rax)
	mov	%r13, GPR_R13(%rax)
	mov	%r14, GPR_R14(%rax)
	mov	%r15, GPR_R15(%rax)
.endm

/*
 * No guest value stays in a caller-saved register but RAX (the callee-
 * saved ones are popped after): none may steer the host's speculation.
 */
.macro HW_CLEAR_CALLER_SAVED
	xor	%ecx, %ecx
	xor	%edx, %edx
	xor	%esi, %esi
	xor	%edi, %edi
	xor	%r8d, %r8d
	xor	%r9d, %r9d
	xor	%r10d, %r10d
	xor	%r11d, %r11d
.endm

#endif /* XVM_HW_GPRS_S */

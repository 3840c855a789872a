/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmx_vmenter.S - one VM entry of the VMX backend, and where the VM exit
 * lands (the VMCS HOST_RIP).
 *
 * int xvm_vmx_vmenter(u64 *gpr, unsigned long resume)
 *
 * Interrupts are off. The host's callee-saved registers and @gpr go on
 * the stack, HOST_RSP gets the stack pointer at that point, the guest
 * GPRs are loaded from @gpr (enum hw_gpr order; RSP is the VMCS's
 * GUEST_RSP) and VMLAUNCH (@resume == 0) or VMRESUME runs. A VM exit
 * comes back at xvm_vmx_exit with that stack and every GPR but RSP still
 * the guest's: they are stored to @gpr and the host's popped.
 */
#include <linux/linkage.h>
#include <asm/asm.h>
#include <asm/unwind_hints.h>
#include "vmcs.h"

/* Offsets in the u64 array of struct hw_regs (module/hw/hw.h). */
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

	.text

SYM_FUNC_START(xvm_vmx_vmenter)
	push	%rbp
	mov	%rsp, %rbp
	push	%r15
	push	%r14
	push	%r13
	push	%r12
	push	%rbx
	/* @gpr: the exit path finds it at the top of the stack. */
	push	%rdi

	/* The stack the VM exit will find. */
	mov	$VMCS_HOST_RSP, %eax
	vmwrite	%rsp, %rax
	jbe	.Lvmfail

	/* ZF = !@resume, kept across the loads (MOV leaves the flags). */
	test	%rsi, %rsi

	mov	%rdi, %rax
	mov	GPR_RCX(%rax), %rcx
	mov	GPR_RDX(%rax), %rdx
	mov	GPR_RBX(%rax), %rbx
	mov	GPR_RBP(%rax), %rbp
	mov	GPR_RSI(%rax), %rsi
	mov	GPR_RDI(%rax), %rdi
	mov	GPR_R8(%rax), %r8
	mov	GPR_R9(%rax), %r9
	mov	GPR_R10(%rax), %r10
	mov	GPR_R11(%rax), %r11
	mov	GPR_R12(%rax), %r12
	mov	GPR_R13(%rax), %r13
	mov	GPR_R14(%rax), %r14
	mov	GPR_R15(%rax), %r15
	mov	GPR_RAX(%rax), %rax

	jz	.Lvmlaunch

	/*
	 * A successful VMRESUME/VMLAUNCH continues at xvm_vmx_exit (HOST_RIP),
	 * not at the next instruction: objtool is told to keep the unwind
	 * state of this point for that label.
	 */
	UNWIND_HINT_SAVE
.Lvmresume:
	vmresume
	jmp	.Lvmfail_guest_regs

.Lvmlaunch:
	vmlaunch
	jmp	.Lvmfail_guest_regs

	_ASM_EXTABLE(.Lvmresume, .Lfault)
	_ASM_EXTABLE(.Lvmlaunch, .Lfault)

SYM_INNER_LABEL(xvm_vmx_exit, SYM_L_GLOBAL)
	UNWIND_HINT_RESTORE
	ENDBR

	/* Guest RAX aside, @gpr in RAX. */
	push	%rax
	mov	8(%rsp), %rax
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
	popq	GPR_RAX(%rax)

	/*
	 * No guest value stays in a caller-saved register (the callee-saved
	 * ones are popped below): nothing speculative can use them.
	 */
	xor	%ecx, %ecx
	xor	%edx, %edx
	xor	%esi, %esi
	xor	%edi, %edi
	xor	%r8d, %r8d
	xor	%r9d, %r9d
	xor	%r10d, %r10d
	xor	%r11d, %r11d
	mov	$XVM_VMENTER_OK, %eax

.Lout:
	/* Drop @gpr, restore the host's registers. */
	add	$8, %rsp
	pop	%rbx
	pop	%r12
	pop	%r13
	pop	%r14
	pop	%r15
	pop	%rbp
	RET

	/*
	 * VMLAUNCH/VMRESUME failed (CF or ZF) and fell through: the guest's
	 * values are in the registers, the stack is as HOST_RSP says.
	 */
.Lvmfail_guest_regs:
	xor	%ecx, %ecx
	xor	%edx, %edx
	xor	%esi, %esi
	xor	%edi, %edi
	xor	%r8d, %r8d
	xor	%r9d, %r9d
	xor	%r10d, %r10d
	xor	%r11d, %r11d
.Lvmfail:
	mov	$XVM_VMENTER_VMFAIL, %eax
	jmp	.Lout

	/* VMLAUNCH/VMRESUME faulted (not in VMX operation). */
.Lfault:
	mov	$XVM_VMENTER_FAULT, %eax
	jmp	.Lout
SYM_FUNC_END(xvm_vmx_vmenter)

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
#include "hw/gprs.S"
#include "vmcs.h"

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
	HW_LOAD_GPRS %rax
	mov	GPR_RDX(%rax), %rdx
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
	HW_SAVE_GPRS
	popq	GPR_RAX(%rax)
	HW_CLEAR_CALLER_SAVED
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
	HW_CLEAR_CALLER_SAVED
.Lvmfail:
	mov	$XVM_VMENTER_VMFAIL, %eax
	jmp	.Lout

	/* VMLAUNCH/VMRESUME faulted (not in VMX operation). */
.Lfault:
	mov	$XVM_VMENTER_FAULT, %eax
	jmp	.Lout
SYM_FUNC_END(xvm_vmx_vmenter)

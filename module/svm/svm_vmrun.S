/* SPDX-License-Identifier: GPL-2.0 */
/*
 * svm_vmrun.S - one entry into SVM guest mode (svm.h, svm_vmrun()).
 *
 * VMRUN saves and #VMEXIT restores only part of the host state (AMD APM
 * vol. 2, 15.5.1): RIP, RSP, RAX, RFLAGS, CR0, CR3, CR4, EFER, GDTR, IDTR
 * and ES, CS, SS, DS. What VMLOAD and VMSAVE move (FS, GS, TR and LDTR
 * with their hidden parts, KernelGSBase, STAR, LSTAR, CSTAR, SFMASK and
 * the SYSENTER MSRs) is saved here to a per-CPU page before the entry and
 * loaded back after the exit; the guest's copy of the same state comes
 * from, and goes back to, its VMCB. Between the two VMLOADs GS holds the
 * guest's base, so nothing in here may touch per-CPU data; GIF is clear
 * the whole time, so no interrupt or NMI can run either.
 *
 * The other GPRs are the guest's between the loads and the stores below;
 * RAX holds the VMCB address for VMRUN, and #VMEXIT gives back the host's
 * RAX and RSP (the guest's are in the VMCB).
 */
#include <linux/linkage.h>
#include <asm/asm.h>

/* Offsets in the GPR array: the x86 register numbers (enum hw_gpr). */
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

/* What this routine keeps on its stack while the guest runs. */
#define STK_HOST_PA	0
#define STK_VMCB_PA	8
#define STK_GPR		16

	.text

/* void svm_vmrun(u64 vmcb_pa, u64 host_pa, u64 *gpr) */
SYM_FUNC_START(svm_vmrun)
	/* The host's callee-saved registers: the guest overwrites them. */
	push	%rbp
	push	%r15
	push	%r14
	push	%r13
	push	%r12
	push	%rbx

	push	%rdx			/* STK_GPR */
	push	%rdi			/* STK_VMCB_PA */
	push	%rsi			/* STK_HOST_PA */

	/* Host FS, GS, TR, LDTR and MSRs out, the guest's in. */
	mov	%rsi, %rax
	vmsave	%rax
	mov	%rdi, %rax
	vmload	%rax

	/* The guest's GPRs; RDX, which points at them, last. */
	mov	GPR_RCX(%rdx), %rcx
	mov	GPR_RBX(%rdx), %rbx
	mov	GPR_RBP(%rdx), %rbp
	mov	GPR_RSI(%rdx), %rsi
	mov	GPR_RDI(%rdx), %rdi
	mov	GPR_R8(%rdx), %r8
	mov	GPR_R9(%rdx), %r9
	mov	GPR_R10(%rdx), %r10
	mov	GPR_R11(%rdx), %r11
	mov	GPR_R12(%rdx), %r12
	mov	GPR_R13(%rdx), %r13
	mov	GPR_R14(%rdx), %r14
	mov	GPR_R15(%rdx), %r15
	mov	GPR_RDX(%rdx), %rdx

	/*
	 * RFLAGS.IF set at VMRUN: with V_INTR_MASKING a physical interrupt
	 * in the guest is then an INTR intercept. GIF is clear, so the host
	 * takes nothing between the sti and the cli (the sti's interrupt
	 * shadow covers the vmrun anyway); #VMEXIT restores this RFLAGS.
	 */
	sti
	vmrun	%rax
	cli

	/* RAX and RSP are the host's again; the other GPRs the guest's. */
	mov	STK_GPR(%rsp), %rax
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

	/*
	 * Leave no guest value in a caller-saved register (the callee-saved
	 * ones are popped below): none may steer the host's speculation.
	 */
	xor	%ecx, %ecx
	xor	%edx, %edx
	xor	%esi, %esi
	xor	%edi, %edi
	xor	%r8d, %r8d
	xor	%r9d, %r9d
	xor	%r10d, %r10d
	xor	%r11d, %r11d

	/* The guest's FS, GS, TR, LDTR and MSRs back, the host's in. */
	mov	STK_VMCB_PA(%rsp), %rax
	vmsave	%rax
	mov	STK_HOST_PA(%rsp), %rax
	vmload	%rax
	xor	%eax, %eax

	add	$24, %rsp
	pop	%rbx
	pop	%r12
	pop	%r13
	pop	%r14
	pop	%r15
	pop	%rbp
	RET
SYM_FUNC_END(svm_vmrun)

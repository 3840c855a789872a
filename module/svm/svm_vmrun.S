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
#include "hw/gprs.S"

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
	HW_LOAD_GPRS %rdx
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
	HW_SAVE_GPRS
	HW_CLEAR_CALLER_SAVED

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

// SPDX-License-Identifier: GPL-2.0
/*
 * vmx_enable.c - VMX operation on one CPU: VMXON and VMXOFF, and the VMX
 * backend's VM ops, which hold VMX on while the VM exists.
 *
 * Entering VMX operation (Intel SDM vol. 3C, 24.7 and 24.8): the firmware
 * must allow VMX outside SMX in IA32_FEATURE_CONTROL (xvm sets and locks
 * it if nobody did), CR0 and CR4 must satisfy the IA32_VMX_CR{0,4}_FIXED
 * MSRs with CR4.VMXE set, and VMXON takes the physical address of a
 * 4 KiB-aligned region that starts with the VMCS revision identifier.
 * CR4.VMXE already set means another hypervisor (e.g. kvm_intel) is in VMX
 * operation on this CPU: xvm never executes VMXON over it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <asm/asm.h>
#include <asm/io.h>
#include <asm/msr.h>
#include <asm/msr-index.h>
#include <asm/perf_event.h>
#include <asm/processor.h>
#include <asm/processor-flags.h>
#include <asm/special_insns.h>
#include <asm/tlbflush.h>
#include "core/backend.h"
#include "core/compat.h"
#include "core/ownership.h"

#define CPUID1_ECX_VMX			BIT(5)
/* IA32_VMX_BASIC (SDM vol. 3D, A.1) */
#define VMX_BASIC_REVISION_MASK		0x7fffffffULL
#define VMX_BASIC_REGION_SIZE(b)	(((b) >> 32) & 0x1fff)
#define VMX_BASIC_32BIT_ADDRESSES	BIT_ULL(48)
/* IA32_VMX_EPT_VPID_CAP (SDM vol. 3D, A.10) */
#define EPT_CAP_INVEPT			BIT_ULL(20)
#define EPT_CAP_INVEPT_ALL_CONTEXT	BIT_ULL(26)
#define INVEPT_ALL_CONTEXT		2UL

/* The VMXON results below. */
enum { VMX_INSN_OK, VMX_INSN_VMFAIL, VMX_INSN_FAULT };

static DEFINE_PER_CPU(struct xvm_hw_cpu, xvm_vmx_cpu);

static bool vmx_cpu_present(void)
{
	return cpuid_ecx(1) & CPUID1_ECX_VMX;
}

static bool vmx_cpu_is_on(void)
{
	return (__read_cr4() | cr4_read_shadow()) & X86_CR4_VMXE;
}

/* VMXON: VMX_INSN_OK, VMX_INSN_VMFAIL (CF or ZF set) or VMX_INSN_FAULT. */
static int vmx_vmxon(u64 pa)
{
	u8 ret = VMX_INSN_FAULT;	/* kept if VMXON faults */

	asm volatile("1: vmxon %[pa]\n\t"
		     "setna %[ret]\n\t"
		     "2:\n\t"
		     _ASM_EXTABLE(1b, 2b)
		     : [ret] "+q" (ret)
		     : [pa] "m" (pa)
		     : "cc", "memory");
	return ret;
}

/* VMXOFF; false if it faulted (the CPU was not in VMX operation). */
static bool vmx_vmxoff(void)
{
	u8 fault = 1;

	asm volatile("1: vmxoff\n\t"
		     "movb $0, %[fault]\n\t"
		     "2:\n\t"
		     _ASM_EXTABLE(1b, 2b)
		     : [fault] "+q" (fault)
		     :
		     : "cc", "memory");
	return !fault;
}

/*
 * Drop whatever EPT-derived translations a previous owner of VMX left in
 * this CPU's TLBs, so that they never mix with xvm's.
 */
static void vmx_invept_all(void)
{
	struct { u64 eptp, reserved; } desc = { 0, 0 };
	u64 cap;

	if (xvm_rdmsr_safe(MSR_IA32_VMX_EPT_VPID_CAP, &cap) ||
	    !(cap & EPT_CAP_INVEPT) || !(cap & EPT_CAP_INVEPT_ALL_CONTEXT))
		return;
	asm volatile("1: invept %[desc], %[type]\n\t"
		     "2:\n\t"
		     _ASM_EXTABLE(1b, 2b)
		     :
		     : [desc] "m" (desc), [type] "r" (INVEPT_ALL_CONTEXT)
		     : "cc", "memory");
}

static int vmx_refuse(struct xvm_hw_cpu *c, int err, const char *why)
{
	c->why = why;
	return err;
}

/*
 * IA32_FEATURE_CONTROL must allow VMXON where this CPU runs (outside SMX,
 * or inside it when CR4.SMXE is set). Unlocked, xvm sets the bit and
 * locks the MSR, as the SDM requires before VMXON; locked without it,
 * only the firmware setup can change it.
 */
static int vmx_feature_control(struct xvm_hw_cpu *c, unsigned long cr4)
{
	u64 need = cr4 & X86_CR4_SMXE ? FEAT_CTL_VMX_ENABLED_INSIDE_SMX :
					FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX;
	u64 feat;

	if (xvm_rdmsr_safe(MSR_IA32_FEAT_CTL, &feat))
		return vmx_refuse(c, -ENODEV,
				  "IA32_FEATURE_CONTROL cannot be read");
	if (feat & FEAT_CTL_LOCKED) {
		if (!(feat & need))
			return vmx_refuse(c, -ENODEV,
					  "VMX disabled by the BIOS (IA32_FEATURE_CONTROL locked without VMX)");
		return 0;
	}
	if (xvm_wrmsr_safe(MSR_IA32_FEAT_CTL, feat | need | FEAT_CTL_LOCKED))
		return vmx_refuse(c, -ENODEV,
				  "IA32_FEATURE_CONTROL cannot be written");
	return 0;
}

/* Do CR0 and CR4 (with VMXE) meet the fixed bits of VMX operation? */
static int vmx_fixed_bits(struct xvm_hw_cpu *c, unsigned long cr4)
{
	u64 cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
	unsigned long cr0 = read_cr0();

	if (xvm_rdmsr_safe(MSR_IA32_VMX_CR0_FIXED0, &cr0_fixed0) ||
	    xvm_rdmsr_safe(MSR_IA32_VMX_CR0_FIXED1, &cr0_fixed1) ||
	    xvm_rdmsr_safe(MSR_IA32_VMX_CR4_FIXED0, &cr4_fixed0) ||
	    xvm_rdmsr_safe(MSR_IA32_VMX_CR4_FIXED1, &cr4_fixed1))
		return vmx_refuse(c, -EIO, "the VMX fixed-bit MSRs cannot be read");
	/*
	 * CR4.VMXE is the one bit xvm may change; any other bit VMX wants
	 * differently belongs to the kernel, and the answer is no.
	 */
	cr4 |= X86_CR4_VMXE;
	if ((cr0 & cr0_fixed0) != cr0_fixed0 || (cr0 & ~cr0_fixed1))
		return vmx_refuse(c, -EIO, "CR0 does not meet IA32_VMX_CR0_FIXED0/1");
	if ((cr4 & cr4_fixed0) != cr4_fixed0 || (cr4 & ~cr4_fixed1))
		return vmx_refuse(c, -EIO, "CR4 does not meet IA32_VMX_CR4_FIXED0/1");
	return 0;
}

/* Interrupts off, on the CPU (ownership.c). */
static int vmx_cpu_enable(struct xvm_hw_cpu *c)
{
	unsigned long cr4 = __read_cr4();
	u64 basic;
	int ret;

	if ((cr4 | cr4_read_shadow()) & X86_CR4_VMXE)
		return vmx_refuse(c, -EBUSY, "CR4.VMXE set");
	ret = vmx_feature_control(c, cr4);
	if (ret)
		return ret;
	if (xvm_rdmsr_safe(MSR_IA32_VMX_BASIC, &basic))
		return vmx_refuse(c, -EIO, "IA32_VMX_BASIC cannot be read");
	if (VMX_BASIC_REGION_SIZE(basic) > PAGE_SIZE ||
	    (basic & VMX_BASIC_32BIT_ADDRESSES))
		return vmx_refuse(c, -EIO, "unsupported VMXON region format in IA32_VMX_BASIC");
	ret = vmx_fixed_bits(c, cr4);
	if (ret)
		return ret;

	/* The region: revision identifier, bit 31 clear; the rest zero. */
	*(u32 *)page_address(c->area) = basic & VMX_BASIC_REVISION_MASK;
	/* Intel PT must know: some CPUs cannot trace in VMX operation. */
	intel_pt_handle_vmx(1);
	cr4_set_bits(X86_CR4_VMXE);
	ret = vmx_vmxon(page_to_phys(c->area));
	if (ret != VMX_INSN_OK) {
		cr4_clear_bits(X86_CR4_VMXE);
		intel_pt_handle_vmx(0);
		return vmx_refuse(c, -EIO, ret == VMX_INSN_FAULT ?
				  "VMXON faulted" : "VMXON failed (VMfail)");
	}
	vmx_invept_all();
	return 0;
}

static void vmx_cpu_disable(struct xvm_hw_cpu *c)
{
	/*
	 * A fault means VMX operation was left behind xvm's back; CR4.VMXE
	 * is cleared all the same, so the CPU ends as xvm found it.
	 */
	if (!vmx_vmxoff())
		pr_warn_once("VMXOFF faulted: the CPU had left VMX operation\n");
	cr4_clear_bits(X86_CR4_VMXE);
	intel_pt_handle_vmx(0);
}

struct xvm_hw xvm_vmx_hw = {
	.name		= "VMX",
	.tag		= "vmx",
	.busy_reg	= "CR4.VMXE set",
	.busy_hint	= "is kvm_intel loaded with a VM?",
	.cpu_present	= vmx_cpu_present,
	.cpu_is_on	= vmx_cpu_is_on,
	.cpu_enable	= vmx_cpu_enable,
	.cpu_disable	= vmx_cpu_disable,
	.cpu		= &xvm_vmx_cpu,
};

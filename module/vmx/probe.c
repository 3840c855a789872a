// SPDX-License-Identifier: GPL-2.0
/*
 * probe.c - does this CPU offer Intel VMX with EPT that xvm may use?
 *
 * The checks follow the order a user would fix them in: the CPU must
 * report VMX, the firmware must leave it enabled, EPT must be there with a
 * 4-level walk and write-back tables, and nobody else may hold VMX (xvm
 * itself may: then CR4.VMXE is set by xvm, and VMX stays usable).
 */
#include <asm/msr.h>
#include <asm/msr-index.h>
#include <asm/processor.h>
#include <asm/special_insns.h>
#include <asm/processor-flags.h>
#include "core/ownership.h"
#include "core/compat.h"
#include "core/xvm.h"

#define CPUID1_ECX_VMX			BIT(5)
/* High halves of the capability MSRs hold the allowed-1 settings. */
#define PROCBASED_ACTIVATE_SECONDARY	BIT(31)
#define SECONDARY_ENABLE_EPT		BIT(1)
#define EPT_CAP_WALK_4			BIT_ULL(6)
#define EPT_CAP_MEMTYPE_WB		BIT_ULL(14)

static void report(struct xvm_hw_report *r, u32 status, const char *why)
{
	r->status = status;
	r->reason = why;
}

/* Must run with preemption disabled: it reads this CPU's registers. */
void vmx_probe(struct xvm_hw_report *r)
{
	u64 feat, procbased, secondary, ept;

	if (!(cpuid_ecx(1) & CPUID1_ECX_VMX))
		return report(r, XVM_HW_ABSENT, "CPUID reports no VMX");

	if (xvm_rdmsr_safe(MSR_IA32_FEAT_CTL, &feat))
		feat = 0;
	if ((feat & FEAT_CTL_LOCKED) &&
	    !(feat & FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX))
		return report(r, XVM_HW_DISABLED,
			      "VMX disabled by the BIOS (IA32_FEATURE_CONTROL locked)");

	if (xvm_rdmsr_safe(MSR_IA32_VMX_PROCBASED_CTLS, &procbased) ||
	    !((procbased >> 32) & PROCBASED_ACTIVATE_SECONDARY))
		return report(r, XVM_HW_NO_NESTED_PAGING,
			      "no VMX secondary controls, hence no EPT");
	if (xvm_rdmsr_safe(MSR_IA32_VMX_PROCBASED_CTLS2, &secondary) ||
	    !((secondary >> 32) & SECONDARY_ENABLE_EPT))
		return report(r, XVM_HW_NO_NESTED_PAGING, "VMX without EPT");
	if (xvm_rdmsr_safe(MSR_IA32_VMX_EPT_VPID_CAP, &ept) ||
	    !(ept & EPT_CAP_WALK_4) || !(ept & EPT_CAP_MEMTYPE_WB))
		return report(r, XVM_HW_NO_NESTED_PAGING,
			      "EPT lacks 4-level walks or write-back tables");

	if ((__read_cr4() & X86_CR4_VMXE) && !xvm_hw_owned_here(&xvm_vmx_hw))
		return report(r, XVM_HW_IN_USE,
			      "CR4.VMXE already set: another hypervisor (e.g. kvm_intel) owns VMX");

	report(r, XVM_HW_USABLE, "VMX with EPT");
}

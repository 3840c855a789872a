// SPDX-License-Identifier: GPL-2.0
/*
 * probe.c - does this CPU offer AMD SVM with nested paging that xvm may use?
 * EFER.SVME set by anyone but xvm itself means another hypervisor owns SVM.
 */
#include <asm/msr.h>
#include <asm/msr-index.h>
#include <asm/processor.h>
#include "core/ownership.h"
#include "core/compat.h"
#include "core/xvm.h"

#define CPUID_80000001_ECX_SVM	BIT(2)
#define CPUID_8000000A_EDX_NPT	BIT(0)
#define VM_CR_SVMDIS		BIT_ULL(4)	/* AMD APM vol. 2, 15.30.1 */

static void report(struct xvm_hw_report *r, u32 status, const char *why)
{
	r->status = status;
	r->reason = why;
}

/* Must run with preemption disabled: it reads this CPU's registers. */
void svm_probe(struct xvm_hw_report *r)
{
	u64 vm_cr, efer;

	if (cpuid_eax(0x80000000) < 0x80000001 ||
	    !(cpuid_ecx(0x80000001) & CPUID_80000001_ECX_SVM))
		return report(r, XVM_HW_ABSENT, "CPUID reports no SVM");

	if (!xvm_rdmsr_safe(MSR_VM_CR, &vm_cr) && (vm_cr & VM_CR_SVMDIS))
		return report(r, XVM_HW_DISABLED,
			      "SVM disabled by the BIOS (VM_CR.SVMDIS)");

	if (cpuid_eax(0x80000000) < 0x8000000a ||
	    !(cpuid_edx(0x8000000a) & CPUID_8000000A_EDX_NPT))
		return report(r, XVM_HW_NO_NESTED_PAGING, "SVM without NPT");

	if (!xvm_rdmsr_safe(MSR_EFER, &efer) && (efer & EFER_SVME) &&
	    !xvm_hw_owned_here(&xvm_svm_hw))
		return report(r, XVM_HW_IN_USE,
			      "EFER.SVME already set: another hypervisor (e.g. kvm_amd) owns SVM");

	report(r, XVM_HW_USABLE, "SVM with NPT");
}

// SPDX-License-Identifier: GPL-2.0
/*
 * svm_enable.c - SVM on one CPU: EFER.SVME and the host save area, and the
 * SVM backend's VM ops, which hold SVM on while the VM exists.
 *
 * Enabling SVM (AMD APM vol. 2, 15.4 and 15.30): VM_CR.SVMDIS clear (the
 * firmware may forbid SVM), the physical address of a 4 KiB host save
 * area in VM_HSAVE_PA, then EFER.SVME. EFER.SVME already set means
 * another hypervisor (e.g. kvm_amd) owns SVM on this CPU: xvm leaves it.
 */
#include <linux/mem_encrypt.h>
#include <linux/mm.h>
#include <asm/asm.h>
#include <asm/io.h>
#include <asm/msr.h>
#include <asm/msr-index.h>
#include <asm/processor.h>
#include "core/backend.h"
#include "core/compat.h"
#include "core/ownership.h"

#define CPUID_80000001_ECX_SVM	BIT(2)
#define VM_CR_SVMDIS		BIT_ULL(4)	/* APM vol. 2, 15.30.1 */

static DEFINE_PER_CPU(struct xvm_hw_cpu, xvm_svm_cpu);

static bool svm_cpu_present(void)
{
	return cpuid_eax(0x80000000) >= 0x80000001 &&
	       (cpuid_ecx(0x80000001) & CPUID_80000001_ECX_SVM);
}

static bool svm_cpu_is_on(void)
{
	u64 efer;

	return !xvm_rdmsr_safe(MSR_EFER, &efer) && (efer & EFER_SVME);
}

static int svm_refuse(struct xvm_hw_cpu *c, int err, const char *why)
{
	c->why = why;
	return err;
}

/* Interrupts off, on the CPU (ownership.c). */
static int svm_cpu_enable(struct xvm_hw_cpu *c)
{
	u64 efer, vm_cr;

	if (xvm_rdmsr_safe(MSR_EFER, &efer))
		return svm_refuse(c, -EIO, "EFER cannot be read");
	if (efer & EFER_SVME)
		return svm_refuse(c, -EBUSY, "EFER.SVME set");
	if (!xvm_rdmsr_safe(MSR_VM_CR, &vm_cr) && (vm_cr & VM_CR_SVMDIS))
		return svm_refuse(c, -ENODEV,
				  "SVM disabled by the BIOS (VM_CR.SVMDIS)");
	/* With memory encryption (SME) the address carries the C-bit. */
	if (xvm_wrmsr_safe(MSR_VM_HSAVE_PA, __sme_set(page_to_phys(c->area))))
		return svm_refuse(c, -EIO, "VM_HSAVE_PA cannot be written");
	if (xvm_wrmsr_safe(MSR_EFER, efer | EFER_SVME)) {
		xvm_wrmsr_safe(MSR_VM_HSAVE_PA, 0);
		return svm_refuse(c, -EIO, "EFER.SVME cannot be set");
	}
	return 0;
}

static void svm_cpu_disable(struct xvm_hw_cpu *c)
{
	u64 efer;

	xvm_wrmsr_safe(MSR_VM_HSAVE_PA, 0);
	if (xvm_rdmsr_safe(MSR_EFER, &efer) || !(efer & EFER_SVME))
		return;
	/*
	 * GIF must be 1 when SVM goes off, or INIT and NMI stay blocked;
	 * xvm never clears it outside VMRUN, but STGI costs nothing. It
	 * faults only if SVME went off meanwhile: then GIF is 1 anyway.
	 */
	asm volatile("1: stgi\n\t"
		     "2:\n\t"
		     _ASM_EXTABLE(1b, 2b)
		     : : : "memory");
	xvm_wrmsr_safe(MSR_EFER, efer & ~EFER_SVME);
}

struct xvm_hw xvm_svm_hw = {
	.name		= "SVM",
	.tag		= "svm",
	.busy_reg	= "EFER.SVME set",
	.busy_hint	= "is kvm_amd loaded?",
	.cpu_present	= svm_cpu_present,
	.cpu_is_on	= svm_cpu_is_on,
	.cpu_enable	= svm_cpu_enable,
	.cpu_disable	= svm_cpu_disable,
	.cpu		= &xvm_svm_cpu,
};

// SPDX-License-Identifier: GPL-2.0
/*
 * backend.c - which backend a new VM gets.
 *
 * The hardware backends are probed at each XVM_CREATE_VM because their
 * availability can change (another hypervisor may take VMX or SVM). A
 * backend whose ops are NULL is known and probed but cannot run guest
 * code yet: its VMs get empty ops, and XVM_RUN fails with EOPNOTSUPP.
 * VMX and SVM have ops that hold their extension on while a VM exists
 * (vm_init, vm_destroy; ownership.c) but no vcpu_run yet, with the same
 * EOPNOTSUPP.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitops.h>
#include <linux/preempt.h>
#include <linux/printk.h>
#include <linux/smp.h>
#include "backend.h"
#include "ownership.h"

static const struct xvm_backend xvm_backends[] = {
	{
		.id	= XVM_BACKEND_VMX,
		.name	= "VMX",
		.probe	= vmx_probe,
		.ops	= &xvm_vmx_ops,
		.hw	= &xvm_vmx_hw,
	},
	{
		.id	= XVM_BACKEND_SVM,
		.name	= "SVM",
		.probe	= svm_probe,
		.ops	= &xvm_svm_ops,
		.hw	= &xvm_svm_hw,
	},
};

static const struct xvm_backend_ops xvm_no_ops;

/* Both reports, and the CPU they were read on. */
static unsigned int xvm_probe_all(struct xvm_hw_report *vmx,
				  struct xvm_hw_report *svm)
{
	unsigned int cpu;

	preempt_disable();
	cpu = smp_processor_id();
	vmx_probe(vmx);
	svm_probe(svm);
	preempt_enable();
	return cpu;
}

void xvm_probe_backends(struct xvm_hw_report *vmx, struct xvm_hw_report *svm)
{
	xvm_probe_all(vmx, svm);
}

/*
 * The one dmesg line of a refused XVM_CREATE_VM (rate limited: userland
 * may ask in a loop): another owner as xvm_hw_get() words it, else why
 * each backend considered is unusable.
 */
static void xvm_backend_refusal(unsigned long flags, int err, unsigned int cpu,
				const struct xvm_hw_report *report)
{
	const struct xvm_backend *vmx = &xvm_backends[0], *svm = &xvm_backends[1];
	unsigned int i;

	for (i = 0; err == -EBUSY && i < ARRAY_SIZE(xvm_backends); i++)
		if ((!flags || (flags & xvm_backends[i].id)) &&
		    report[i].status == XVM_HW_IN_USE)
			return xvm_hw_report_busy(xvm_backends[i].hw, cpu);
	if (flags == vmx->id || flags == svm->id) {
		i = flags == vmx->id ? 0 : 1;
		pr_err_ratelimited("cannot create a VM: %s unavailable: %s\n",
				   xvm_backends[i].name, report[i].reason);
	} else {
		pr_err_ratelimited("cannot create a VM: no usable backend (%s: %s; %s: %s)\n",
				   vmx->name, report[0].reason,
				   svm->name, report[1].reason);
	}
}

int xvm_backend_select(unsigned long flags, const struct xvm_backend **be)
{
	struct xvm_hw_report report[ARRAY_SIZE(xvm_backends)];
	unsigned int i, cpu;
	bool busy = false;
	int err;

	BUILD_BUG_ON(ARRAY_SIZE(xvm_backends) != 2);
	if ((flags & ~(unsigned long)XVM_VM_BACKEND_MASK) || hweight_long(flags) > 1)
		return -EINVAL;
	cpu = xvm_probe_all(&report[0], &report[1]);
	for (i = 0; i < ARRAY_SIZE(xvm_backends); i++) {
		if (flags && !(flags & xvm_backends[i].id))
			continue;
		if (report[i].status == XVM_HW_USABLE) {
			*be = &xvm_backends[i];
			return 0;
		}
		if (report[i].status == XVM_HW_IN_USE)
			busy = true;
	}
	err = busy ? -EBUSY : -ENODEV;
	xvm_backend_refusal(flags, err, cpu, report);
	return err;
}

const struct xvm_backend_ops *xvm_backend_ops(const struct xvm_backend *be)
{
	if (READ_ONCE(xvm_selftest_backend))
		return &xvm_selftest_backend_ops;
	return be->ops ? be->ops : &xvm_no_ops;
}

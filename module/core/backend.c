// SPDX-License-Identifier: GPL-2.0
/*
 * backend.c - which backend a new VM gets.
 *
 * The hardware backends are probed at each XVM_CREATE_VM because their
 * availability can change (another hypervisor may take VMX or SVM). A
 * backend whose ops are NULL is known and probed but cannot run guest
 * code yet: its VMs get empty ops, and XVM_RUN fails with EOPNOTSUPP.
 */
#include <linux/bitops.h>
#include <linux/preempt.h>
#include "backend.h"

static const struct xvm_backend xvm_backends[] = {
	{
		.id	= XVM_BACKEND_VMX,
		.name	= "VMX",
		.probe	= vmx_probe,
	},
	{
		.id	= XVM_BACKEND_SVM,
		.name	= "SVM",
		.probe	= svm_probe,
	},
};

static const struct xvm_backend_ops xvm_no_ops;

void xvm_probe_backends(struct xvm_hw_report *vmx, struct xvm_hw_report *svm)
{
	preempt_disable();
	vmx_probe(vmx);
	svm_probe(svm);
	preempt_enable();
}

int xvm_backend_select(unsigned long flags, const struct xvm_backend **be)
{
	struct xvm_hw_report report[ARRAY_SIZE(xvm_backends)];
	bool busy = false;
	unsigned int i;

	BUILD_BUG_ON(ARRAY_SIZE(xvm_backends) != 2);
	if ((flags & ~(unsigned long)XVM_VM_BACKEND_MASK) || hweight_long(flags) > 1)
		return -EINVAL;
	xvm_probe_backends(&report[0], &report[1]);
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
	return busy ? -EBUSY : -ENODEV;
}

const struct xvm_backend_ops *xvm_backend_ops(const struct xvm_backend *be)
{
	if (READ_ONCE(xvm_selftest_backend))
		return &xvm_selftest_backend_ops;
	return be->ops ? be->ops : &xvm_no_ops;
}

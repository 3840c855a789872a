/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xvm.h - declarations shared inside xvm.ko (core <-> backends).
 *
 * The core calls the backends; backends never call each other.
 */
#ifndef XVM_CORE_XVM_H
#define XVM_CORE_XVM_H

#include <linux/types.h>
#include "uapi/linux/xvm.h"

/* What a backend's probe found on this CPU: an XVM_HW_* code and why. */
struct xvm_hw_report {
	u32 status;
	const char *reason;
};

void vmx_probe(struct xvm_hw_report *report);
void svm_probe(struct xvm_hw_report *report);

#endif /* XVM_CORE_XVM_H */

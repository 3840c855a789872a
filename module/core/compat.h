/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat.h - kernel API differences across the kernels xvm builds for
 * (Debian's 6.1 and newer). Code calls the xvm_* names; only this file
 * knows which kernel spells them how.
 */
#ifndef XVM_CORE_COMPAT_H
#define XVM_CORE_COMPAT_H

#include <asm/msr.h>

/*
 * Linux 6.16 renamed the 64-bit MSR accessors from *msrl* to *msrq*;
 * Kbuild defines XVM_HAVE_MSRQ when the kernel's <asm/msr.h> has them.
 */
#ifdef XVM_HAVE_MSRQ
#define xvm_rdmsr_safe(msr, p)		rdmsrq_safe(msr, p)
#define xvm_wrmsr_safe(msr, val)	wrmsrq_safe(msr, val)
#else
#define xvm_rdmsr_safe(msr, p)		rdmsrl_safe(msr, p)
#define xvm_wrmsr_safe(msr, val)	wrmsrl_safe(msr, val)
#endif

#endif /* XVM_CORE_COMPAT_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * regs.h - the vCPU register file that userland reads and writes between
 * runs: core registers (struct xvm_regs), the system registers below and
 * V0-V31. Backends read and write them as vcpu->sysregs[XVM_SR_*].
 */
#ifndef XVM_CORE_REGS_H
#define XVM_CORE_REGS_H

#include <linux/types.h>
#include "uapi/linux/xvm.h"

struct xvm_core_vcpu;

enum xvm_sysreg {
	XVM_SR_MIDR_EL1,
	XVM_SR_MPIDR_EL1,
	XVM_SR_SCTLR_EL1,
	XVM_SR_CPACR_EL1,
	XVM_SR_TTBR0_EL1,
	XVM_SR_TTBR1_EL1,
	XVM_SR_TCR_EL1,
	XVM_SR_SPSR_EL1,
	XVM_SR_ELR_EL1,
	XVM_SR_AFSR0_EL1,
	XVM_SR_AFSR1_EL1,
	XVM_SR_ESR_EL1,
	XVM_SR_FAR_EL1,
	XVM_SR_PAR_EL1,
	XVM_SR_MAIR_EL1,
	XVM_SR_AMAIR_EL1,
	XVM_SR_VBAR_EL1,
	XVM_SR_CONTEXTIDR_EL1,
	XVM_SR_TPIDR_EL1,
	XVM_SR_CNTKCTL_EL1,
	XVM_SR_CSSELR_EL1,
	XVM_SR_MDSCR_EL1,
	XVM_SR_TPIDR_EL0,
	XVM_SR_TPIDRRO_EL0,
	XVM_SR_FPCR,
	XVM_SR_FPSR,
	XVM_SR_CNTFRQ_EL0,
	XVM_SR_CNTV_CTL_EL0,
	XVM_SR_CNTV_CVAL_EL0,
	XVM_NR_SYSREGS
};

/* Architectural reset: EL1h, DAIF masked, MMU off, PC 0. */
void xvm_regs_reset(struct xvm_core_vcpu *vcpu);

/* XVM_SET_REGS: 0 or -EINVAL (PSTATE names a mode xvm cannot run). */
int xvm_regs_check(const struct xvm_regs *regs);

int xvm_get_one_reg(struct xvm_core_vcpu *vcpu, const struct xvm_one_reg *r);
int xvm_set_one_reg(struct xvm_core_vcpu *vcpu, const struct xvm_one_reg *r);
int xvm_get_reg_list(struct xvm_core_vcpu *vcpu,
		     struct xvm_reg_list __user *list);

#endif /* XVM_CORE_REGS_H */

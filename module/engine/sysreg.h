/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sysreg.h - system registers, exception entry and return: the C helpers
 * behind MRS, MSR, SVC, BRK and ERET.
 */
#ifndef XVM_ENGINE_SYSREG_H
#define XVM_ENGINE_SYSREG_H

#include "host.h"
#include "a64/decode.h"

struct xvm_vcpu;

#define SR(op0, op1, crn, crm, op2)	A64_SYSREG(op0, op1, crn, crm, op2)

#define SR_MIDR_EL1		SR(3, 0, 0, 0, 0)
#define SR_MPIDR_EL1		SR(3, 0, 0, 0, 5)
#define SR_REVIDR_EL1		SR(3, 0, 0, 0, 6)
#define SR_ID_AA64PFR0_EL1	SR(3, 0, 0, 4, 0)
#define SR_ID_AA64DFR0_EL1	SR(3, 0, 0, 5, 0)
#define SR_ID_AA64ISAR0_EL1	SR(3, 0, 0, 6, 0)
#define SR_ID_AA64MMFR0_EL1	SR(3, 0, 0, 7, 0)
#define SR_SCTLR_EL1		SR(3, 0, 1, 0, 0)
#define SR_CPACR_EL1		SR(3, 0, 1, 0, 2)
#define SR_TTBR0_EL1		SR(3, 0, 2, 0, 0)
#define SR_TTBR1_EL1		SR(3, 0, 2, 0, 1)
#define SR_TCR_EL1		SR(3, 0, 2, 0, 2)
#define SR_SPSR_EL1		SR(3, 0, 4, 0, 0)
#define SR_ELR_EL1		SR(3, 0, 4, 0, 1)
#define SR_SP_EL0		SR(3, 0, 4, 1, 0)
#define SR_SPSEL		SR(3, 0, 4, 2, 0)
#define SR_CURRENTEL		SR(3, 0, 4, 2, 2)
#define SR_AFSR0_EL1		SR(3, 0, 5, 1, 0)
#define SR_AFSR1_EL1		SR(3, 0, 5, 1, 1)
#define SR_ESR_EL1		SR(3, 0, 5, 2, 0)
#define SR_FAR_EL1		SR(3, 0, 6, 0, 0)
#define SR_PAR_EL1		SR(3, 0, 7, 4, 0)
#define SR_MAIR_EL1		SR(3, 0, 10, 2, 0)
#define SR_AMAIR_EL1		SR(3, 0, 10, 3, 0)
#define SR_VBAR_EL1		SR(3, 0, 12, 0, 0)
#define SR_CONTEXTIDR_EL1	SR(3, 0, 13, 0, 1)
#define SR_TPIDR_EL1		SR(3, 0, 13, 0, 4)
#define SR_CNTKCTL_EL1		SR(3, 0, 14, 1, 0)
#define SR_CCSIDR_EL1		SR(3, 1, 0, 0, 0)
#define SR_CLIDR_EL1		SR(3, 1, 0, 0, 1)
#define SR_CSSELR_EL1		SR(3, 2, 0, 0, 0)
#define SR_CTR_EL0		SR(3, 3, 0, 0, 1)
#define SR_DCZID_EL0		SR(3, 3, 0, 0, 7)
#define SR_NZCV			SR(3, 3, 4, 2, 0)
#define SR_DAIF			SR(3, 3, 4, 2, 1)
#define SR_FPCR			SR(3, 3, 4, 4, 0)
#define SR_FPSR			SR(3, 3, 4, 4, 1)
#define SR_TPIDR_EL0		SR(3, 3, 13, 0, 2)
#define SR_TPIDRRO_EL0		SR(3, 3, 13, 0, 3)
#define SR_CNTFRQ_EL0		SR(3, 3, 14, 0, 0)
#define SR_CNTPCT_EL0		SR(3, 3, 14, 0, 1)
#define SR_CNTVCT_EL0		SR(3, 3, 14, 0, 2)
#define SR_CNTP_TVAL_EL0	SR(3, 3, 14, 2, 0)
#define SR_CNTP_CTL_EL0		SR(3, 3, 14, 2, 1)
#define SR_CNTP_CVAL_EL0	SR(3, 3, 14, 2, 2)
#define SR_CNTV_TVAL_EL0	SR(3, 3, 14, 3, 0)
#define SR_CNTV_CTL_EL0		SR(3, 3, 14, 3, 1)
#define SR_CNTV_CVAL_EL0	SR(3, 3, 14, 3, 2)
#define SR_MDSCR_EL1		SR(2, 0, 0, 2, 2)

/* Exception classes (ESR_ELx.EC) the engine raises. */
#define EC_UNKNOWN		0x00
#define EC_SVC64		0x15
#define EC_BRK64		0x3c

/* Does MSR to @sysreg change how later code must be translated? */
bool xvm_sysreg_write_ends_block(u32 sysreg);

u64 xvm_helper_mrs(struct xvm_vcpu *vcpu, u64 sysreg);
void xvm_helper_msr(struct xvm_vcpu *vcpu, u64 sysreg, u64 val);
void xvm_helper_msr_imm(struct xvm_vcpu *vcpu, u64 op, u64 crm);
void xvm_helper_exception(struct xvm_vcpu *vcpu, u64 ec_iss, u64 ret_pc);
void xvm_helper_eret(struct xvm_vcpu *vcpu);

/* Take a synchronous exception to EL1 (C callers, e.g. data aborts). */
void xvm_take_exception(struct xvm_vcpu *vcpu, u32 ec, u32 iss, u64 ret_pc);

#endif /* XVM_ENGINE_SYSREG_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * sysreg.c - system registers, exception entry and exception return.
 *
 * The guest is a Cortex-A57-like ARMv8.0 CPU with EL0 and EL1 only, both
 * AArch64.  Reads of registers this file does not know raise an undefined
 * instruction exit, except in the ID, debug and PMU spaces where Linux
 * probes freely and RAZ/WI is what an absent feature looks like.
 *
 * Helpers run with guest state written back (struct a64_cpu is exact,
 * NZCV is in vcpu->nzcv) and cpu.pc at the instruction.
 */
#include "vcpu.h"
#include "sysreg.h"

#define MIDR_CORTEX_A57		0x411fd070ULL
#define MPIDR_UNIPROCESSOR	0x80000000ULL
#define CTR_A57			0x8444c004ULL
#define DCZID_64_BYTES		0x4ULL
#define CLIDR_A57		0x0a200023ULL
#define ID_PFR0_EL01_A64	0x11ULL		/* EL0, EL1: AArch64 only */
#define ID_ISAR0_CRC32		0x10000ULL
#define ID_MMFR0_A57		0x1124ULL
#define ID_DFR0_V8		0x6ULL
#define CCSIDR_A57_L1D		0x701fe00aULL
#define CNT_ISTATUS		BIT(2)

static void undefined(struct xvm_vcpu *vcpu, u32 insn)
{
	struct xvm_exit *x = xvm_raise_exit(vcpu, XVM_EXIT_UNDEFINED,
					    vcpu->cpu.pc);

	x->undef.insn = insn;
}

static void unsupported(struct xvm_vcpu *vcpu, const char *what)
{
	struct xvm_exit *x = xvm_raise_exit(vcpu, XVM_EXIT_UNSUPPORTED,
					    vcpu->cpu.pc);

	x->what = what;
}

static u64 counter(struct xvm_vcpu *vcpu)
{
	return vcpu->ops->counter ? vcpu->ops->counter(vcpu->opaque) : 0;
}

static u64 timer_ctl(u64 ctl, u64 cval, u64 now)
{
	ctl &= 3;
	if ((ctl & 1) && now >= cval)
		ctl |= CNT_ISTATUS;
	return ctl;
}

/* Registers that read as zero and ignore writes. */
static bool is_raz_wi(u32 sr)
{
	unsigned int op0 = sr >> 14, op1 = (sr >> 11) & 7;
	unsigned int crn = (sr >> 7) & 15, crm = (sr >> 3) & 15;

	if (op0 == 2)				/* debug */
		return true;
	if (op0 == 3 && op1 == 0 && crn == 0 && crm >= 1)
		return true;			/* ID registers */
	return op0 == 3 && crn == 9;		/* PMU */
}

#define CPU_REG(sr, field) { sr, __builtin_offsetof(struct a64_cpu, field) }

/* Registers that are plain storage, read and written as they are. */
static const struct {
	u16 sr;
	u16 offset;
} plain_regs[] = {
	CPU_REG(SR_CPACR_EL1, cpacr_el1),
	CPU_REG(SR_TTBR0_EL1, ttbr0_el1),
	CPU_REG(SR_TTBR1_EL1, ttbr1_el1),
	CPU_REG(SR_TCR_EL1, tcr_el1),
	CPU_REG(SR_SPSR_EL1, spsr_el1),
	CPU_REG(SR_ELR_EL1, elr_el1),
	CPU_REG(SR_AFSR0_EL1, afsr0_el1),
	CPU_REG(SR_AFSR1_EL1, afsr1_el1),
	CPU_REG(SR_ESR_EL1, esr_el1),
	CPU_REG(SR_FAR_EL1, far_el1),
	CPU_REG(SR_PAR_EL1, par_el1),
	CPU_REG(SR_MAIR_EL1, mair_el1),
	CPU_REG(SR_AMAIR_EL1, amair_el1),
	CPU_REG(SR_VBAR_EL1, vbar_el1),
	CPU_REG(SR_CONTEXTIDR_EL1, contextidr_el1),
	CPU_REG(SR_TPIDR_EL1, tpidr_el1),
	CPU_REG(SR_CNTKCTL_EL1, cntkctl_el1),
	CPU_REG(SR_CSSELR_EL1, csselr_el1),
	CPU_REG(SR_TPIDR_EL0, tpidr_el0),
	CPU_REG(SR_TPIDRRO_EL0, tpidrro_el0),
	CPU_REG(SR_CNTV_CVAL_EL0, cntv_cval_el0),
	CPU_REG(SR_CNTP_CVAL_EL0, cntp_cval_el0),
	CPU_REG(SR_MDSCR_EL1, mdscr_el1),
};

/* Read-only identification registers of this CPU. */
static const struct {
	u16 sr;
	u64 value;
} id_regs[] = {
	{ SR_MIDR_EL1, MIDR_CORTEX_A57 },
	{ SR_MPIDR_EL1, MPIDR_UNIPROCESSOR },
	{ SR_REVIDR_EL1, 0 },
	{ SR_ID_AA64PFR0_EL1, ID_PFR0_EL01_A64 },
	{ SR_ID_AA64DFR0_EL1, ID_DFR0_V8 },
	{ SR_ID_AA64ISAR0_EL1, ID_ISAR0_CRC32 },
	{ SR_ID_AA64MMFR0_EL1, ID_MMFR0_A57 },
	{ SR_CLIDR_EL1, CLIDR_A57 },
	{ SR_CCSIDR_EL1, CCSIDR_A57_L1D },
	{ SR_CTR_EL0, CTR_A57 },
	{ SR_DCZID_EL0, DCZID_64_BYTES },
};

static u64 *plain_reg(struct a64_cpu *cpu, u32 sr)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(plain_regs); i++)
		if (plain_regs[i].sr == sr)
			return (u64 *)((u8 *)cpu + plain_regs[i].offset);
	return NULL;
}

static bool id_reg(u32 sr, u64 *v)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(id_regs); i++) {
		if (id_regs[i].sr == sr) {
			*v = id_regs[i].value;
			return true;
		}
	}
	return false;
}

/* EL0 may only touch the registers with op1 = 3 (the EL0 space). */
static bool el0_denied(struct xvm_vcpu *vcpu, u32 sr)
{
	return a64_current_el(&vcpu->cpu) == 0 && ((sr >> 11) & 7) != 3;
}

static bool read_special(struct xvm_vcpu *vcpu, u32 sr, u64 *v)
{
	struct a64_cpu *cpu = &vcpu->cpu;
	u64 now = counter(vcpu);

	switch (sr) {
	case SR_SCTLR_EL1:
		*v = cpu->sctlr_el1;
		break;
	case SR_SP_EL0:
		*v = a64_sp_el(cpu, 0);
		break;
	case SR_SPSEL:
		*v = cpu->pstate & PSTATE_SP;
		break;
	case SR_CURRENTEL:
		*v = cpu->pstate & 0xc;
		break;
	case SR_NZCV:
		*v = xvm_nzcv_get(vcpu);
		break;
	case SR_DAIF:
		*v = cpu->pstate & PSTATE_DAIF;
		break;
	case SR_FPCR:
		*v = cpu->fpcr;
		break;
	case SR_FPSR:
		*v = cpu->fpsr;
		break;
	case SR_CNTFRQ_EL0:
		*v = cpu->cntfrq_el0;
		break;
	case SR_CNTPCT_EL0:
		*v = now;
		break;
	case SR_CNTVCT_EL0:
		*v = now - cpu->cntvoff;
		break;
	case SR_CNTV_CTL_EL0:
		*v = timer_ctl(cpu->cntv_ctl_el0, cpu->cntv_cval_el0,
			       now - cpu->cntvoff);
		break;
	case SR_CNTP_CTL_EL0:
		*v = timer_ctl(cpu->cntp_ctl_el0, cpu->cntp_cval_el0, now);
		break;
	case SR_CNTV_TVAL_EL0:
		*v = (u32)(cpu->cntv_cval_el0 - (now - cpu->cntvoff));
		break;
	case SR_CNTP_TVAL_EL0:
		*v = (u32)(cpu->cntp_cval_el0 - now);
		break;
	default:
		return id_reg(sr, v);
	}
	return true;
}

/* MRS; @arg is the register in bits 15:0 and the instruction above. */
u64 xvm_helper_mrs(struct xvm_vcpu *vcpu, u64 arg)
{
	u32 sr = arg & 0xffff;
	u64 *p, v;

	if (el0_denied(vcpu, sr)) {
		undefined(vcpu, arg >> 32);
		return 0;
	}
	p = plain_reg(&vcpu->cpu, sr);
	if (p)
		return *p;
	if (read_special(vcpu, sr, &v))
		return v;
	if (is_raz_wi(sr))
		return 0;
	undefined(vcpu, arg >> 32);
	return 0;
}

static bool write_special(struct xvm_vcpu *vcpu, u32 sr, u64 v)
{
	struct a64_cpu *cpu = &vcpu->cpu;
	u64 now = counter(vcpu);

	switch (sr) {
	case SR_SCTLR_EL1:
		if (v & SCTLR_M) {
			unsupported(vcpu, "guest MMU (SCTLR_EL1.M = 1)");
			return true;
		}
		cpu->sctlr_el1 = v;
		break;
	case SR_SP_EL0:
		a64_set_sp_el(cpu, 0, v);
		break;
	case SR_SPSEL:
		a64_switch_mode(cpu, (cpu->pstate & ~(u64)PSTATE_SP) |
				(v & PSTATE_SP));
		break;
	case SR_NZCV:
		xvm_nzcv_set(vcpu, v);
		break;
	case SR_DAIF:
		cpu->pstate = (cpu->pstate & ~(u64)PSTATE_DAIF) |
			      (v & PSTATE_DAIF);
		break;
	case SR_FPCR:
		cpu->fpcr = (u32)v;
		break;
	case SR_FPSR:
		cpu->fpsr = (u32)v;
		break;
	case SR_CNTV_CTL_EL0:
		cpu->cntv_ctl_el0 = v & 3;
		break;
	case SR_CNTP_CTL_EL0:
		cpu->cntp_ctl_el0 = v & 3;
		break;
	case SR_CNTV_TVAL_EL0:
		cpu->cntv_cval_el0 = now - cpu->cntvoff + (s64)(s32)v;
		break;
	case SR_CNTP_TVAL_EL0:
		cpu->cntp_cval_el0 = now + (s64)(s32)v;
		break;
	default:
		return false;
	}
	return true;
}

void xvm_helper_msr(struct xvm_vcpu *vcpu, u64 arg, u64 val)
{
	u32 sr = arg & 0xffff;
	u64 *p;

	if (el0_denied(vcpu, sr) ||
	    (sr == SR_TPIDRRO_EL0 && a64_current_el(&vcpu->cpu) == 0)) {
		undefined(vcpu, arg >> 32);
		return;
	}
	if (write_special(vcpu, sr, val))
		return;
	p = plain_reg(&vcpu->cpu, sr);
	if (p) {
		*p = val;
		return;
	}
	if (!is_raz_wi(sr))
		undefined(vcpu, arg >> 32);
}

/* MSR SPSel / DAIFSet / DAIFClr, #imm; @op is op1:op2. */
void xvm_helper_msr_imm(struct xvm_vcpu *vcpu, u64 op, u64 crm)
{
	struct a64_cpu *cpu = &vcpu->cpu;
	u64 bits = (crm & 0xf) << 6;

	switch (op) {
	case 0x05:		/* SPSel */
		a64_switch_mode(cpu, (cpu->pstate & ~(u64)PSTATE_SP) |
				(crm & 1));
		break;
	case 0x1e:		/* DAIFSet */
		cpu->pstate |= bits;
		break;
	case 0x1f:		/* DAIFClr */
		cpu->pstate &= ~bits;
		break;
	}
}

bool xvm_sysreg_write_ends_block(u32 sr)
{
	switch (sr) {
	case SR_SCTLR_EL1:
	case SR_SPSEL:
	case SR_DAIF:
	case SR_CPACR_EL1:
	case SR_TTBR0_EL1:
	case SR_TTBR1_EL1:
	case SR_TCR_EL1:
		return true;
	default:
		return false;
	}
}

void xvm_take_exception(struct xvm_vcpu *vcpu, u32 ec, u32 iss, u64 ret_pc)
{
	struct a64_cpu *cpu = &vcpu->cpu;
	u64 old = (cpu->pstate & ~(u64)PSTATE_NZCV) | xvm_nzcv_get(vcpu);
	u64 offset;

	if (a64_current_el(cpu) == 0)
		offset = 0x400;
	else
		offset = (old & PSTATE_SP) ? 0x200 : 0;
	cpu->spsr_el1 = old;
	cpu->elr_el1 = ret_pc;
	cpu->esr_el1 = (u64)ec << 26 | BIT(25) | (iss & 0x1ffffff);
	a64_switch_mode(cpu, (old & ~(u64)(PSTATE_M | PSTATE_SS |
					   PSTATE_IL)) |
			PSTATE_DAIF | PSTATE_EL1h);
	cpu->pc = cpu->vbar_el1 + offset;
	vcpu->excl_addr = ~0ULL;
}

/* SVC, BRK: @ec_iss is EC << 32 | ISS. */
void xvm_helper_exception(struct xvm_vcpu *vcpu, u64 ec_iss, u64 ret_pc)
{
	xvm_take_exception(vcpu, ec_iss >> 32, (u32)ec_iss, ret_pc);
}

void xvm_helper_eret(struct xvm_vcpu *vcpu)
{
	struct a64_cpu *cpu = &vcpu->cpu;
	u64 spsr = cpu->spsr_el1;
	u64 m = spsr & PSTATE_M;

	if (m != PSTATE_EL0t && m != PSTATE_EL1t && m != PSTATE_EL1h) {
		/* Illegal return: stay at this EL, PSTATE.IL set. */
		spsr = (spsr & ~(u64)PSTATE_M) | (cpu->pstate & PSTATE_M) |
		       PSTATE_IL;
	}
	xvm_nzcv_set(vcpu, spsr & PSTATE_NZCV);
	a64_switch_mode(cpu, spsr);
	cpu->pc = cpu->elr_el1;
	vcpu->excl_addr = ~0ULL;
}

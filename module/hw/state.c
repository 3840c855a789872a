// SPDX-License-Identifier: GPL-2.0
/*
 * state.c - the guest's registers kept in step between the core's
 * register file (what XVM_GET_REGS/ONE_REG show) and the engine's
 * struct a64_cpu, which translated code works on.
 */
#include "core/vm.h"
#include "engine/engine.h"
#include "hw/runtime.h"

/* Offsets of the 64-bit engine fields; 0 = not kept by the engine. */
static const u16 sysreg_field[XVM_NR_SYSREGS] = {
	[XVM_SR_SCTLR_EL1] = offsetof(struct a64_cpu, sctlr_el1),
	[XVM_SR_CPACR_EL1] = offsetof(struct a64_cpu, cpacr_el1),
	[XVM_SR_TTBR0_EL1] = offsetof(struct a64_cpu, ttbr0_el1),
	[XVM_SR_TTBR1_EL1] = offsetof(struct a64_cpu, ttbr1_el1),
	[XVM_SR_TCR_EL1] = offsetof(struct a64_cpu, tcr_el1),
	[XVM_SR_SPSR_EL1] = offsetof(struct a64_cpu, spsr_el1),
	[XVM_SR_ELR_EL1] = offsetof(struct a64_cpu, elr_el1),
	[XVM_SR_AFSR0_EL1] = offsetof(struct a64_cpu, afsr0_el1),
	[XVM_SR_AFSR1_EL1] = offsetof(struct a64_cpu, afsr1_el1),
	[XVM_SR_ESR_EL1] = offsetof(struct a64_cpu, esr_el1),
	[XVM_SR_FAR_EL1] = offsetof(struct a64_cpu, far_el1),
	[XVM_SR_PAR_EL1] = offsetof(struct a64_cpu, par_el1),
	[XVM_SR_MAIR_EL1] = offsetof(struct a64_cpu, mair_el1),
	[XVM_SR_AMAIR_EL1] = offsetof(struct a64_cpu, amair_el1),
	[XVM_SR_VBAR_EL1] = offsetof(struct a64_cpu, vbar_el1),
	[XVM_SR_CONTEXTIDR_EL1] = offsetof(struct a64_cpu, contextidr_el1),
	[XVM_SR_TPIDR_EL1] = offsetof(struct a64_cpu, tpidr_el1),
	[XVM_SR_CNTKCTL_EL1] = offsetof(struct a64_cpu, cntkctl_el1),
	[XVM_SR_CSSELR_EL1] = offsetof(struct a64_cpu, csselr_el1),
	[XVM_SR_MDSCR_EL1] = offsetof(struct a64_cpu, mdscr_el1),
	[XVM_SR_TPIDR_EL0] = offsetof(struct a64_cpu, tpidr_el0),
	[XVM_SR_TPIDRRO_EL0] = offsetof(struct a64_cpu, tpidrro_el0),
	[XVM_SR_CNTFRQ_EL0] = offsetof(struct a64_cpu, cntfrq_el0),
	[XVM_SR_CNTV_CTL_EL0] = offsetof(struct a64_cpu, cntv_ctl_el0),
	[XVM_SR_CNTV_CVAL_EL0] = offsetof(struct a64_cpu, cntv_cval_el0),
};

static u64 *engine_sysreg(struct a64_cpu *cpu, unsigned int i)
{
	return sysreg_field[i] ? (u64 *)((u8 *)cpu + sysreg_field[i]) : NULL;
}

void hw_state_to_engine(struct hw_vcpu *v)
{
	struct xvm_core_vcpu *vcpu = v->core;
	struct a64_cpu *cpu = xvm_vcpu_cpu(v->engine);
	const struct xvm_regs *r = &vcpu->regs;
	unsigned int i;
	u64 *f;

	/*
	 * Userland moved the PC (a new program?): what it wrote into guest
	 * memory behind the engine's back must not run stale translations.
	 */
	if (cpu->pc != r->pc)
		xvm_vcpu_flush(v->engine);
	memcpy(cpu->x, r->x, sizeof(cpu->x));
	cpu->pc = r->pc;
	cpu->pstate = r->pstate;
	cpu->sp_el0 = r->sp_el0;
	cpu->sp_el1 = r->sp_el1;
	/* The active stack pointer lives in cpu->sp. */
	cpu->sp = (r->pstate & PSTATE_M) == PSTATE_EL1h ?
		  r->sp_el1 : r->sp_el0;
	for (i = 0; i < XVM_NR_SYSREGS; i++) {
		f = engine_sysreg(cpu, i);
		if (f)
			*f = vcpu->sysregs[i];
	}
	cpu->fpcr = vcpu->sysregs[XVM_SR_FPCR];
	cpu->fpsr = vcpu->sysregs[XVM_SR_FPSR];
	memcpy(cpu->v, vcpu->vregs, sizeof(cpu->v));
}

void hw_state_from_engine(struct hw_vcpu *v)
{
	struct xvm_core_vcpu *vcpu = v->core;
	struct a64_cpu *cpu = xvm_vcpu_cpu(v->engine);
	struct xvm_regs *r = &vcpu->regs;
	unsigned int i;
	u64 *f;

	memcpy(r->x, cpu->x, sizeof(r->x));
	r->pc = cpu->pc;
	r->pstate = cpu->pstate;
	r->sp_el0 = a64_sp_el(cpu, 0);
	r->sp_el1 = a64_sp_el(cpu, 1);
	for (i = 0; i < XVM_NR_SYSREGS; i++) {
		f = engine_sysreg(cpu, i);
		if (f)
			vcpu->sysregs[i] = *f;
	}
	vcpu->sysregs[XVM_SR_FPCR] = cpu->fpcr;
	vcpu->sysregs[XVM_SR_FPSR] = cpu->fpsr;
	memcpy(vcpu->vregs, cpu->v, sizeof(vcpu->vregs));
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cpu.h - architectural state of one AArch64 guest CPU.
 *
 * This is what a host sees and edits between two runs of a vCPU: the
 * general registers, the stack pointers, PC, PSTATE and the handful of
 * system registers that the engine implements.  Translated code keeps
 * some of it in host registers while it runs; all of it is up to date
 * whenever xvm_vcpu_run() has returned.
 */
#ifndef XVM_ENGINE_CPU_H
#define XVM_ENGINE_CPU_H

#include "host.h"

/* PSTATE bits, in their SPSR positions. */
#define PSTATE_N		BIT(31)
#define PSTATE_Z		BIT(30)
#define PSTATE_C		BIT(29)
#define PSTATE_V		BIT(28)
#define PSTATE_NZCV		(PSTATE_N | PSTATE_Z | PSTATE_C | PSTATE_V)
#define PSTATE_SS		BIT(21)
#define PSTATE_IL		BIT(20)
#define PSTATE_D		BIT(9)
#define PSTATE_A		BIT(8)
#define PSTATE_I		BIT(7)
#define PSTATE_F		BIT(6)
#define PSTATE_DAIF		(PSTATE_D | PSTATE_A | PSTATE_I | PSTATE_F)
#define PSTATE_M		0xf	/* M[3:0]: EL in [3:2], SPSel in [0] */
#define PSTATE_SP		BIT(0)

#define PSTATE_EL0t		0x0
#define PSTATE_EL1t		0x4
#define PSTATE_EL1h		0x5

/* SCTLR_EL1 bits the engine looks at. */
#define SCTLR_M			BIT(0)
#define SCTLR_A			BIT(1)
#define SCTLR_SA		BIT(3)
#define SCTLR_UCI		BIT(26)
#define SCTLR_UCT		BIT(15)
#define SCTLR_DZE		BIT(14)
#define SCTLR_RES1		0x30d00800ULL

/*
 * Guest CPU state.  x[] and sp come first so that translated code reaches
 * them with short displacements.  sp is the stack pointer that PSTATE
 * selects right now; sp_el0 / sp_el1 hold the banked value of the one that
 * is not selected (the selected one's slot is stale).  Use a64_sp_el() and
 * a64_set_sp_el() rather than touching the banked fields directly.
 */
struct a64_cpu {
	u64 x[31];		/* x0..x30 */
	u64 sp;			/* the active stack pointer */
	u64 pc;
	u64 pstate;		/* NZCV, DAIF, M[3:0] as in SPSR_ELx */
	u64 sp_el0;
	u64 sp_el1;

	u64 tpidr_el0;
	u64 tpidrro_el0;
	u64 tpidr_el1;
	u32 fpcr;
	u32 fpsr;

	/* EL1 system registers. */
	u64 sctlr_el1;
	u64 vbar_el1;
	u64 elr_el1;
	u64 spsr_el1;
	u64 esr_el1;
	u64 far_el1;
	u64 cpacr_el1;
	u64 ttbr0_el1;
	u64 ttbr1_el1;
	u64 tcr_el1;
	u64 mair_el1;
	u64 amair_el1;
	u64 contextidr_el1;
	u64 afsr0_el1;
	u64 afsr1_el1;
	u64 par_el1;
	u64 mdscr_el1;
	u64 csselr_el1;
	u64 cntkctl_el1;

	/* Generic timer, virtual view: CNTVCT = host count - cntvoff. */
	u64 cntfrq_el0;
	u64 cntvoff;
	u64 cntv_ctl_el0;
	u64 cntv_cval_el0;
	u64 cntp_ctl_el0;
	u64 cntp_cval_el0;

	/* FP/SIMD registers; no FP/SIMD data processing is translated yet. */
	u64 v[32][2];
};

static inline unsigned int a64_current_el(const struct a64_cpu *cpu)
{
	return (cpu->pstate >> 2) & 3;
}

static inline u64 *a64_banked_sp(struct a64_cpu *cpu, unsigned int el)
{
	return el ? &cpu->sp_el1 : &cpu->sp_el0;
}

/* The stack pointer that M[3:0] selects: SP_EL0 or SP_ELx. */
static inline unsigned int a64_sp_sel_el(u64 pstate)
{
	return (pstate & PSTATE_SP) ? (pstate >> 2) & 3 : 0;
}

static inline u64 a64_sp_el(struct a64_cpu *cpu, unsigned int el)
{
	if (a64_sp_sel_el(cpu->pstate) == el)
		return cpu->sp;
	return *a64_banked_sp(cpu, el);
}

static inline void a64_set_sp_el(struct a64_cpu *cpu, unsigned int el,
				 u64 val)
{
	if (a64_sp_sel_el(cpu->pstate) == el)
		cpu->sp = val;
	else
		*a64_banked_sp(cpu, el) = val;
}

/*
 * Change PSTATE.M (exception entry/return, MSR SPSel): bank the old stack
 * pointer and bring in the newly selected one.
 */
static inline void a64_switch_mode(struct a64_cpu *cpu, u64 new_pstate)
{
	unsigned int old_sel = a64_sp_sel_el(cpu->pstate);
	unsigned int new_sel = a64_sp_sel_el(new_pstate);

	if (old_sel != new_sel) {
		*a64_banked_sp(cpu, old_sel) = cpu->sp;
		cpu->sp = *a64_banked_sp(cpu, new_sel);
	}
	cpu->pstate = new_pstate;
}

/* Reset state: EL1h, interrupts masked, MMU off, as -kernel boots. */
void a64_cpu_reset(struct a64_cpu *cpu, u64 entry);

#endif /* XVM_ENGINE_CPU_H */

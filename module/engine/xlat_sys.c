// SPDX-License-Identifier: GPL-2.0
/*
 * xlat_sys.c - hints, barriers, system register moves, cache and TLB
 * maintenance, exception generation and return.
 *
 * Most of these call C (sysreg.c, memory.c); the few that are hot in
 * ordinary code (TPIDR_EL0 moves, barriers, hints) are inline.  One vCPU
 * per guest for now and x86 ordering make DMB and DSB no-ops.
 */
#include "xlat.h"
#include "sysreg.h"
#include "memory.h"

#define SEMIHOSTING_HLT		0xf000

static void xlat_nop(struct xlat_ctx *c, const struct a64_insn *in)
{
}

static void xlat_wfi(struct xlat_ctx *c, const struct a64_insn *in)
{
	xlat_exit_raise(c, XVM_EXIT_HALT, 0, c->pc + 4);
}

static void xlat_clrex(struct xlat_ctx *c, const struct a64_insn *in)
{
	struct x86_mem mon = ENV_MEM(excl_addr);

	x86_mov_mi(&c->e, 64, &mon, -1);
}

/* Context synchronization: later instructions come from a new block. */
static void xlat_isb(struct xlat_ctx *c, const struct a64_insn *in)
{
	xlat_exit_direct(c, c->pc + 4);
}

static void xlat_undef(struct xlat_ctx *c, const struct a64_insn *in)
{
	xlat_exit_raise(c, XVM_EXIT_UNDEFINED, in->raw, c->pc);
}

/* ---- Exception generation and return -------------------------------- */

static void xlat_exception(struct xlat_ctx *c, const struct a64_insn *in)
{
	u32 imm = A64_F(in, imm16);
	u64 ec = in->op == A64_OP_SVC ? EC_SVC64 : EC_BRK64;
	u64 ret = in->op == A64_OP_SVC ? c->pc + 4 : c->pc;
	struct xlat_arg args[] = {
		{ XA_IMM, ec << 32 | imm },
		{ XA_IMM, ret },
	};

	xlat_call(c, xvm_helper_exception, args, ARRAY_SIZE(args),
		  XLAT_CALL_WRITES_REGS);
	xlat_exit_dispatch_pc_set(c);
}

static void xlat_call_insn(struct xlat_ctx *c, const struct a64_insn *in)
{
	u32 imm = A64_F(in, imm16);
	u32 reason;

	switch (in->op) {
	case A64_OP_HVC:
		reason = XVM_EXIT_HVC;
		break;
	case A64_OP_SMC:
		reason = XVM_EXIT_SMC;
		break;
	default:
		reason = imm == SEMIHOSTING_HLT ? XVM_EXIT_SEMIHOST :
						  XVM_EXIT_HLT;
		break;
	}
	xlat_exit_raise(c, reason, imm, c->pc + 4);
}

static void xlat_eret(struct xlat_ctx *c, const struct a64_insn *in)
{
	if (c->el == 0) {
		xlat_undef(c, in);
		return;
	}
	xlat_call(c, xvm_helper_eret, NULL, 0, XLAT_CALL_WRITES_REGS);
	xlat_exit_dispatch_pc_set(c);
}

/* ---- System register moves ------------------------------------------ */

static s32 inline_reg_off(u32 sr, bool write, unsigned int el)
{
	switch (sr) {
	case SR_TPIDR_EL0:
		return ENV_OFF(cpu.tpidr_el0);
	case SR_TPIDRRO_EL0:
		return write && el == 0 ? 0 : ENV_OFF(cpu.tpidrro_el0);
	default:
		return 0;
	}
}

static void xlat_mrs(struct xlat_ctx *c, const struct a64_insn *in)
{
	u32 sr = a64_sysreg(in);
	s32 off = inline_reg_off(sr, false, c->el);
	unsigned int rt = A64_F(in, rt);
	struct xlat_arg arg = { XA_IMM, (u64)in->raw << 32 | sr };

	if (off) {
		struct x86_mem m = env_mem(off);

		if (rt != 31)
			x86_mov_rm(&c->e, 64, xr_write(c, rt), &m);
		return;
	}
	xlat_call(c, xvm_helper_mrs, &arg, 1, XLAT_CALL_MAY_EXIT);
	if (rt != 31)
		x86_mov_rr(&c->e, 64, xr_write(c, rt), X86_RAX);
}

static void xlat_msr(struct xlat_ctx *c, const struct a64_insn *in)
{
	u32 sr = a64_sysreg(in);
	s32 off = inline_reg_off(sr, true, c->el);
	unsigned int rt = A64_F(in, rt);
	struct xlat_arg args[] = {
		{ XA_IMM, (u64)in->raw << 32 | sr },
		{ rt == 31 ? XA_IMM : XA_GREG, rt == 31 ? 0 : rt },
	};

	if (off) {
		struct x86_mem m = env_mem(off);

		if (rt == 31)
			x86_mov_mi(&c->e, 64, &m, 0);
		else
			x86_mov_mr(&c->e, 64, &m, xr_read(c, rt));
		return;
	}
	xlat_call(c, xvm_helper_msr, args, ARRAY_SIZE(args),
		  XLAT_CALL_MAY_EXIT | XLAT_CALL_WRITES_REGS);
	if (xvm_sysreg_write_ends_block(sr))
		xlat_exit_direct(c, c->pc + 4);
}

static void xlat_msr_imm(struct xlat_ctx *c, const struct a64_insn *in)
{
	unsigned int op1 = (in->raw >> 16) & 7, op2 = (in->raw >> 5) & 7;
	struct xlat_arg args[] = {
		{ XA_IMM, op1 << 3 | op2 },
		{ XA_IMM, A64_F(in, crm) },
	};

	if (c->el == 0) {
		xlat_undef(c, in);
		return;
	}
	xlat_call(c, xvm_helper_msr_imm, args, ARRAY_SIZE(args),
		  XLAT_CALL_WRITES_REGS);
	xlat_exit_direct(c, c->pc + 4);
}

/* ---- Cache, TLB and address translation maintenance (SYS) ----------- */

static void helper_dc_zva(struct xvm_vcpu *vcpu, u64 addr)
{
	static const u8 zero[64];

	xvm_guest_write(vcpu, addr & ~63ULL, zero, sizeof(zero));
}

static void helper_ic_ivau(struct xvm_vcpu *vcpu, u64 addr)
{
	xvm_invalidate_code(vcpu, addr & ~63ULL, 64);
}

static void helper_ic_iallu(struct xvm_vcpu *vcpu)
{
	xvm_invalidate_code(vcpu, 0, ~0ULL);
}

/* AT S1E*: with the MMU off every address translates to itself. */
static void helper_at(struct xvm_vcpu *vcpu, u64 addr)
{
	vcpu->cpu.par_el1 = addr & GENMASK_ULL(47, 12);
}

/* DC CVAC, CVAU, CIVAC (any EL); DC IVAC, ISW, CSW, CISW (EL1). */
static bool is_dc_maintenance(unsigned int op1, unsigned int crm,
			      unsigned int op2, unsigned int el)
{
	if (op1 == 3)
		return (crm == 10 || crm == 11 || crm == 14) && op2 == 1;
	return op1 == 0 && el && (crm == 6 || crm == 10 || crm == 14) &&
	       (op2 == 1 || op2 == 2);
}

static void xlat_sys(struct xlat_ctx *c, const struct a64_insn *in)
{
	unsigned int op1 = A64_F(in, op1), crn = A64_F(in, crn);
	unsigned int crm = A64_F(in, crm), op2 = A64_F(in, op2);
	unsigned int rt = A64_F(in, rt);
	struct xlat_arg arg = { rt == 31 ? XA_IMM : XA_GREG,
				rt == 31 ? 0 : rt };
	const void *fn = NULL;
	unsigned int flags = 0;

	if (crn == 8 && c->el)				/* TLBI */
		return;
	if (crn != 7)
		goto undef;
	if (op1 == 3 && crm == 4 && op2 == 1) {		/* DC ZVA */
		fn = helper_dc_zva;
		flags = XLAT_CALL_MAY_EXIT;
	} else if (op1 == 3 && crm == 5 && op2 == 1) {	/* IC IVAU */
		fn = helper_ic_ivau;
	} else if (op1 == 0 && (crm == 1 || crm == 5) && op2 == 0 && c->el) {
		fn = helper_ic_iallu;			/* IC IALLU(IS) */
	} else if (crm == 8 && op1 == 0 && op2 < 4 && c->el) {
		fn = helper_at;				/* AT S1E1*, S1E0* */
	} else if (!is_dc_maintenance(op1, crm, op2, c->el)) {
		goto undef;
	}
	if (fn)
		xlat_call(c, fn, &arg, 1, flags);
	return;
undef:
	xlat_undef(c, in);
}

const struct xlat_entry xlat_sys_table[] = {
	XLAT_ENTRY(NOP, 0, 0, xlat_nop),
	XLAT_ENTRY(YIELD, 0, 0, xlat_nop),
	XLAT_ENTRY(WFE, 0, 0, xlat_nop),
	XLAT_ENTRY(WFI, 1, 0, xlat_wfi),
	XLAT_ENTRY(SEV, 0, 0, xlat_nop),
	XLAT_ENTRY(SEVL, 0, 0, xlat_nop),
	XLAT_ENTRY(HINT, 0, 0, xlat_nop),
	XLAT_ENTRY(CLREX, 0, 0, xlat_clrex),
	XLAT_ENTRY(DSB, 0, 0, xlat_nop),
	XLAT_ENTRY(DMB, 0, 0, xlat_nop),
	XLAT_ENTRY(ISB, 1, 0, xlat_isb),
	XLAT_ENTRY(SVC, 1, 0, xlat_exception),
	XLAT_ENTRY(BRK, 1, 0, xlat_exception),
	XLAT_ENTRY(HVC, 1, 0, xlat_call_insn),
	XLAT_ENTRY(SMC, 1, 0, xlat_call_insn),
	XLAT_ENTRY(HLT, 1, 0, xlat_call_insn),
	XLAT_ENTRY(ERET, 1, 0, xlat_eret),
	XLAT_ENTRY(MRS, 0, XLAT_NZCV_READ, xlat_mrs),
	XLAT_ENTRY(MSR_reg, XLAT_END_MAYBE, 0, xlat_msr),
	XLAT_ENTRY(MSR_imm, 1, 0, xlat_msr_imm),
	XLAT_ENTRY(SYS, 0, 0, xlat_sys),
	XLAT_ENTRY(SYSL, 1, 0, xlat_undef),
};

const unsigned int xlat_sys_count = ARRAY_SIZE(xlat_sys_table);

bool xlat_sys_ends_block(const struct a64_insn *in)
{
	return in->op == A64_OP_MSR_reg &&
	       xvm_sysreg_write_ends_block(a64_sysreg(in));
}

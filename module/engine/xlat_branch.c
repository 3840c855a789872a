// SPDX-License-Identifier: GPL-2.0
/*
 * xlat_branch.c - branches.  Every branch ends its block: direct ones
 * through chainable exit slots, indirect ones through the jump cache.
 */
#include "xlat.h"

static void xlat_b(struct xlat_ctx *c, const struct a64_insn *in)
{
	u64 target = c->pc + 4 * (s64)A64_F(in, imm26);

	if (in->op == A64_OP_BL) {
		xlat_mov_imm(c, 64, xr_write(c, 30), c->pc + 4);
		xlat_exit_direct(c, target);
		return;
	}
	xlat_goto(c, target);
}

static void xlat_b_cond(struct xlat_ctx *c, const struct a64_insn *in)
{
	u64 target = c->pc + 4 * (s64)A64_F(in, imm19);
	u64 next = c->pc + 4;
	unsigned int cond = A64_F(in, cond);

	if (cond >= 14) {			/* AL, NV: always */
		xlat_goto(c, target);
		return;
	}
	xlat_branch_prepare(c, target, next);
	xlat_branch_cond(c, xf_cond(c, cond), target, next);
}

static void xlat_cbz(struct xlat_ctx *c, const struct a64_insn *in)
{
	u64 target = c->pc + 4 * (s64)A64_F(in, imm19);
	u64 next = c->pc + 4;
	bool nz = in->op == A64_OP_CBNZ;
	enum x86_reg t;

	if (A64_F(in, rt) == 31) {		/* XZR is always zero */
		xlat_goto(c, nz ? next : target);
		return;
	}
	t = xr_read(c, A64_F(in, rt));
	xlat_branch_prepare(c, target, next);
	xf_clobber(c);
	x86_test_rr(&c->e, insn_bits(in), t, t);
	xlat_branch_cond(c, nz ? X86_CC_NE : X86_CC_E, target, next);
}

static void xlat_tbz(struct xlat_ctx *c, const struct a64_insn *in)
{
	u64 target = c->pc + 4 * (s64)A64_F(in, imm14);
	u64 next = c->pc + 4;
	unsigned int bit = a64_tb_bit(in);
	bool nz = in->op == A64_OP_TBNZ;
	enum x86_reg t;

	if (A64_F(in, rt) == 31) {
		xlat_goto(c, nz ? next : target);
		return;
	}
	t = xr_read(c, A64_F(in, rt));
	xlat_branch_prepare(c, target, next);
	xf_clobber(c);
	if (bit < 31) {
		x86_test_ri(&c->e, 32, t, (s32)(1U << bit));
		xlat_branch_cond(c, nz ? X86_CC_NE : X86_CC_E, target, next);
	} else {
		x86_bt_ri(&c->e, X86_BT, 64, t, bit);	/* CF = the bit */
		xlat_branch_cond(c, nz ? X86_CC_C : X86_CC_NC, target, next);
	}
}

static void xlat_br(struct xlat_ctx *c, const struct a64_insn *in)
{
	unsigned int rn = A64_F(in, rn);
	enum x86_reg t = xr_src(c, rn, false, X86_RCX);

	if (in->op == A64_OP_BLR) {
		/* Read the target before writing x30: BLR x30 is valid. */
		xlat_mov(c, 64, X86_RCX, t);
		t = X86_RCX;
		xlat_mov_imm(c, 64, xr_write(c, 30), c->pc + 4);
	}
	xlat_exit_indirect(c, t);
}

const struct xlat_entry xlat_branch_table[] = {
	XLAT_ENTRY(B, 1, 0, xlat_b),
	XLAT_ENTRY(BL, 1, 0, xlat_b),
	XLAT_ENTRY(B_cond, 1, XLAT_NZCV_READ, xlat_b_cond),
	XLAT_ENTRY(CBZ, 1, 0, xlat_cbz),
	XLAT_ENTRY(CBNZ, 1, 0, xlat_cbz),
	XLAT_ENTRY(TBZ, 1, 0, xlat_tbz),
	XLAT_ENTRY(TBNZ, 1, 0, xlat_tbz),
	XLAT_ENTRY(BR, 1, 0, xlat_br),
	XLAT_ENTRY(BLR, 1, 0, xlat_br),
	XLAT_ENTRY(RET, 1, 0, xlat_br),
};

const unsigned int xlat_branch_count = ARRAY_SIZE(xlat_branch_table);

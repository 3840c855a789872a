// SPDX-License-Identifier: GPL-2.0
/*
 * xlat_mem.c - loads and stores.
 *
 * The handlers here only work out the address and the registers; the
 * access itself (TLB probe, slow path, fault) is the backend's.  A fault
 * must leave the guest as if the instruction had not started, so the
 * allocator state is recorded before any destination register is claimed,
 * and base-register writeback is emitted after the access.
 */
#include "xlat.h"

enum addr_mode {
	AM_OFFSET,	/* [Xn, #imm] */
	AM_PRE,		/* [Xn, #imm]! */
	AM_POST,	/* [Xn], #imm */
	AM_REG,		/* [Xn, Rm, extend #shift] */
	AM_LITERAL,	/* label */
};

struct ldst {
	enum addr_mode mode;
	s64 imm;
	unsigned int rn, rt, rt2;
};

/* [base + extend(Rm) << shift] with the index in its own register or rcx. */
static struct x86_mem reg_offset(struct xlat_ctx *c, const struct a64_insn *in,
				 enum x86_reg base, unsigned int size_log2)
{
	unsigned int shift = A64_F(in, S) ? size_log2 : 0;
	unsigned int option = A64_F(in, option);
	enum x86_reg idx;

	if (A64_F(in, rm) == 31)		/* XZR: no index */
		return x86_mem(base, 0);
	idx = xr_read(c, A64_F(in, rm));
	if (option == 2) {			/* UXTW */
		x86_mov_rr(&c->e, 32, X86_RCX, idx);
		idx = X86_RCX;
	} else if (option == 6) {		/* SXTW */
		x86_movsx_rr(&c->e, 64, 32, X86_RCX, idx);
		idx = X86_RCX;
	}
	if (shift > 3) {			/* 128-bit, LSL #4 */
		xf_clobber(c);
		xlat_mov(c, 64, X86_RCX, idx);
		x86_shift_ri(&c->e, X86_SHL, 64, X86_RCX, shift);
		return x86_mem_idx(base, X86_RCX, 1, 0);
	}
	return x86_mem_idx(base, idx, 1 << shift, 0);
}

/*
 * Emit the access described by @a and @l.  Loads of a register that is
 * also the written-back base (CONSTRAINED UNPREDICTABLE) end with the
 * base's new value, as QEMU does.
 */
static void do_ldst(struct xlat_ctx *c, const struct a64_insn *in,
		    struct xlat_access *a, const struct ldst *l)
{
	bool wback = l->mode == AM_PRE || l->mode == AM_POST;
	bool clash = wback && !a->store && !a->fp &&
		     (l->rt == l->rn || (a->pair && l->rt2 == l->rn));
	struct x86_mem scratch = ENV_MEM(scratch);
	enum x86_reg base = X86_NOREG;
	struct xlat_regs before;

	if (l->mode == AM_LITERAL) {
		xlat_mov_imm(c, 64, X86_RDX, c->pc + l->imm);
		a->addr = x86_mem(X86_RDX, 0);
	} else {
		base = xr_read(c, l->rn);
		if (l->mode == AM_REG)
			a->addr = reg_offset(c, in, base, a->size_log2);
		else
			a->addr = x86_mem(base, l->mode == AM_POST ? 0 :
					  (s32)l->imm);
	}
	if (clash) {
		struct x86_mem next = x86_mem(base, (s32)l->imm);

		x86_lea(&c->e, 64, X86_RAX, &next);
		x86_mov_mr(&c->e, 64, &scratch, X86_RAX);
	}
	if (!a->fp && a->store) {
		a->reg = l->rt == 31 ? X86_NOREG : xr_read(c, l->rt);
		if (a->pair)
			a->reg2 = l->rt2 == 31 ? X86_NOREG :
				  xr_read(c, l->rt2);
	}
	before = c->regs;
	if (!a->fp && !a->store) {
		a->reg = l->rt == 31 ? X86_NOREG : xr_write(c, l->rt);
		if (a->pair)
			a->reg2 = l->rt2 == 31 ? X86_NOREG :
				  xr_write(c, l->rt2);
	}
	a->before = &before;
	c->be->emit_access(c, a);
	if (clash) {
		x86_mov_rm(&c->e, 64, xr_rmw(c, l->rn), &scratch);
	} else if (wback && l->imm) {
		enum x86_reg b = xr_rmw(c, l->rn);
		struct x86_mem next = x86_mem(b, (s32)l->imm);

		x86_lea(&c->e, 64, b, &next);
	}
}

static enum addr_mode mode_of(enum a64_op op)
{
	switch (op) {
	case A64_OP_STR_pre: case A64_OP_LDR_pre: case A64_OP_LDRS_pre:
	case A64_OP_LDRSW_pre: case A64_OP_STR_fp_pre: case A64_OP_LDR_fp_pre:
	case A64_OP_STP_pre: case A64_OP_LDP_pre: case A64_OP_LDPSW_pre:
	case A64_OP_STP_fp_pre: case A64_OP_LDP_fp_pre:
		return AM_PRE;
	case A64_OP_STR_post: case A64_OP_LDR_post: case A64_OP_LDRS_post:
	case A64_OP_LDRSW_post: case A64_OP_STR_fp_post:
	case A64_OP_LDR_fp_post: case A64_OP_STP_post: case A64_OP_LDP_post:
	case A64_OP_LDPSW_post: case A64_OP_STP_fp_post:
	case A64_OP_LDP_fp_post:
		return AM_POST;
	case A64_OP_STR_reg: case A64_OP_LDR_reg: case A64_OP_LDRS_reg:
	case A64_OP_LDRSW_reg: case A64_OP_STR_fp_reg: case A64_OP_LDR_fp_reg:
		return AM_REG;
	default:
		return AM_OFFSET;
	}
}

static bool is_store(enum a64_op op)
{
	switch (op) {
	case A64_OP_STR_imm: case A64_OP_STUR: case A64_OP_STR_post:
	case A64_OP_STR_pre: case A64_OP_STTR: case A64_OP_STR_reg:
	case A64_OP_STR_fp_imm: case A64_OP_STUR_fp: case A64_OP_STR_fp_post:
	case A64_OP_STR_fp_pre: case A64_OP_STR_fp_reg:
	case A64_OP_STP_post: case A64_OP_STP_off: case A64_OP_STP_pre:
	case A64_OP_STNP: case A64_OP_STP_fp_post: case A64_OP_STP_fp_off:
	case A64_OP_STP_fp_pre: case A64_OP_STNP_fp:
		return true;
	default:
		return false;
	}
}

static void fill_ldst(struct ldst *l, const struct a64_insn *in,
		      unsigned int scale)
{
	l->mode = mode_of(in->op);
	l->rn = A64_F(in, rn);
	l->rt = A64_F(in, rt);
	l->rt2 = A64_F(in, rt2);
	switch (in->op) {
	case A64_OP_STR_imm: case A64_OP_LDR_imm: case A64_OP_LDRS_imm:
	case A64_OP_LDRSW_imm: case A64_OP_STR_fp_imm: case A64_OP_LDR_fp_imm:
		l->imm = (s64)A64_F(in, imm12) << scale;
		break;
	default:
		l->imm = A64_F(in, imm9);
		break;
	}
}

/*
 * The access of an integer load or store other than literal and exclusive
 * forms; false for anything else.
 */
static bool describe(const struct a64_insn *in, struct xlat_access *a,
		     struct ldst *l)
{
	memset(a, 0, sizeof(*a));
	a->store = is_store(in->op);
	switch (in->op) {
	case A64_OP_LDRS_imm: case A64_OP_LDURS: case A64_OP_LDRS_post:
	case A64_OP_LDRS_pre: case A64_OP_LDTRS: case A64_OP_LDRS_reg:
		a->size_log2 = A64_F(in, size);		/* byte or half */
		a->sign = true;
		a->to32 = A64_F(in, opc);
		break;
	case A64_OP_LDRSW_imm: case A64_OP_LDURSW: case A64_OP_LDRSW_post:
	case A64_OP_LDRSW_pre: case A64_OP_LDTRSW: case A64_OP_LDRSW_reg:
		a->size_log2 = 2;
		a->sign = true;
		break;
	case A64_OP_STR_imm: case A64_OP_LDR_imm: case A64_OP_STUR:
	case A64_OP_LDUR: case A64_OP_STR_post: case A64_OP_LDR_post:
	case A64_OP_STR_pre: case A64_OP_LDR_pre: case A64_OP_STTR:
	case A64_OP_LDTR: case A64_OP_STR_reg: case A64_OP_LDR_reg:
		a->size_log2 = A64_F(in, size);
		break;
	case A64_OP_LDPSW_post: case A64_OP_LDPSW_off: case A64_OP_LDPSW_pre:
		a->size_log2 = 2;
		a->sign = true;
		a->pair = true;
		break;
	case A64_OP_STP_post: case A64_OP_LDP_post: case A64_OP_STP_off:
	case A64_OP_LDP_off: case A64_OP_STP_pre: case A64_OP_LDP_pre:
	case A64_OP_STNP: case A64_OP_LDNP:
		a->size_log2 = A64_F(in, sf) ? 3 : 2;
		a->pair = true;
		break;
	default:
		return false;
	}
	fill_ldst(l, in, a->size_log2);
	if (a->pair)
		l->imm = (s64)A64_F(in, imm7) << a->size_log2;
	return true;
}

static bool groupable(const struct a64_insn *in, struct xlat_access *a,
		      struct ldst *l)
{
	return describe(in, a, l) && l->mode != AM_REG;
}

/* Loads into the base with writeback: do_ldst() handles them alone. */
static bool loads_base_with_writeback(const struct xlat_access *a,
				      const struct ldst *l)
{
	return !a->store && l->mode != AM_OFFSET &&
	       (l->rt == l->rn || (a->pair && l->rt2 == l->rn));
}

/* Guest registers a member names, to bound what the group pins. */
static u32 member_regs(const struct xlat_access *a, const struct ldst *l)
{
	return BIT(l->rn) | BIT(l->rt) | (a->pair ? BIT(l->rt2) : 0);
}

/* Claim member @k's registers and record its state for a fault. */
static void claim_member(struct xlat_ctx *c, struct xlat_group *g,
			 unsigned int k, const struct ldst *l)
{
	struct xlat_access *a = &g->m[k].a;

	if (a->store) {
		a->reg = l->rt == 31 ? X86_NOREG : xr_read(c, l->rt);
		if (a->pair)
			a->reg2 = l->rt2 == 31 ? X86_NOREG : xr_read(c, l->rt2);
	}
	g->m[k].before = c->regs;
	a->before = &g->m[k].before;
	if (!a->store) {
		a->reg = l->rt == 31 ? X86_NOREG : xr_write(c, l->rt);
		if (a->pair)
			a->reg2 = l->rt2 == 31 ? X86_NOREG :
				  xr_write(c, l->rt2);
	}
	if (g->m[k].wback)
		xr_rmw(c, l->rn);
}

/*
 * Loads and stores right after this one off the same base register, up
 * to one that replaces the base, share one TLB probe.  Returns false when
 * there is no such group.
 */
static bool try_group(struct xlat_ctx *c, const struct a64_insn *in)
{
	unsigned int end = c->rb[c->cur].first + c->rb[c->cur].n;
	struct xlat_group *g = &c->group;
	struct ldst l[XLAT_MAX_GROUP];
	s32 delta = 0, bytes;
	u32 regs = 0;
	unsigned int k;

	if (!c->be->emit_group)
		return false;
	for (k = 0; k < XLAT_MAX_GROUP && c->idx + k < end; k++) {
		const struct a64_insn *m = &c->insns[c->order[c->idx + k]];
		struct xlat_access *a = &g->m[k].a;

		if (!groupable(m, a, &l[k]) || (k && l[k].rn != l[0].rn) ||
		    xlat_nr_regs(regs | member_regs(a, &l[k])) > 8 ||
		    loads_base_with_writeback(a, &l[k]))
			break;
		regs |= member_regs(a, &l[k]);
		g->m[k].off = delta + (l[k].mode == AM_POST ? 0 : l[k].imm);
		g->m[k].wback = l[k].mode == AM_OFFSET ? 0 : l[k].imm;
		g->m[k].pc = c->rb[c->cur].pc +
			     4 * (c->order[c->idx + k] - c->rb[c->cur].first);
		delta += g->m[k].wback;
		bytes = (a->pair ? 2 : 1) << a->size_log2;
		if (!k || g->m[k].off < g->lo)
			g->lo = g->m[k].off;
		if (!k || g->m[k].off + bytes > g->hi)
			g->hi = g->m[k].off + bytes;
		/* A load into the base ends the group. */
		if (!a->store && (l[k].rt == l[k].rn ||
				  (a->pair && l[k].rt2 == l[k].rn))) {
			k++;
			break;
		}
	}
	if (k < 2)
		return false;
	g->n = k;
	g->store = false;
	g->base = xr_read(c, l[0].rn);
	for (k = 0; k < g->n; k++) {
		struct xlat_access *a = &g->m[k].a;
		s32 imm = l[k].mode == AM_POST ? 0 : (s32)l[k].imm;

		g->store |= a->store;
		a->addr = x86_mem(g->base, imm);
		claim_member(c, g, k, &l[k]);
	}
	c->be->emit_group(c, g);
	c->skip = g->n - 1;
	return true;
}

/* Integer single-register loads and stores. */
static void xlat_ldst(struct xlat_ctx *c, const struct a64_insn *in)
{
	struct xlat_access a;
	struct ldst l;

	if (try_group(c, in))
		return;
	describe(in, &a, &l);
	do_ldst(c, in, &a, &l);
}

/* SIMD&FP single-register loads and stores: B, H, S, D or Q. */
static void xlat_ldst_fp(struct xlat_ctx *c, const struct a64_insn *in)
{
	struct xlat_access a = { .store = is_store(in->op), .fp = true };
	struct ldst l;

	a.size_log2 = A64_F(in, Q) ? 4 : A64_F(in, size);
	a.vreg = A64_F(in, rt);
	fill_ldst(&l, in, a.size_log2);
	do_ldst(c, in, &a, &l);
}

static void xlat_ldst_pair(struct xlat_ctx *c, const struct a64_insn *in)
{
	struct xlat_access a;
	struct ldst l;

	if (try_group(c, in))
		return;
	describe(in, &a, &l);
	do_ldst(c, in, &a, &l);
}

static void xlat_ldst_pair_fp(struct xlat_ctx *c, const struct a64_insn *in)
{
	struct xlat_access a = {
		.store = is_store(in->op), .pair = true, .fp = true,
	};
	struct ldst l;

	a.size_log2 = 2 + A64_F(in, opc);
	a.vreg = A64_F(in, rt);
	a.vreg2 = A64_F(in, rt2);
	fill_ldst(&l, in, 0);
	l.imm = (s64)A64_F(in, imm7) << a.size_log2;
	do_ldst(c, in, &a, &l);
}

static void xlat_ld_literal(struct xlat_ctx *c, const struct a64_insn *in)
{
	struct xlat_access a = { 0 };
	struct ldst l = {
		.mode = AM_LITERAL,
		.imm = 4 * (s64)A64_F(in, imm19),
		.rt = A64_F(in, rt),
	};

	if (in->op == A64_OP_LDR_fp_lit) {
		a.fp = true;
		a.vreg = l.rt;
		a.size_log2 = 2 + A64_F(in, opc);
	} else if (in->op == A64_OP_LDRSW_lit) {
		a.size_log2 = 2;
		a.sign = true;
	} else {
		a.size_log2 = A64_F(in, sf) ? 3 : 2;
	}
	do_ldst(c, in, &a, &l);
}

static void xlat_prefetch(struct xlat_ctx *c, const struct a64_insn *in)
{
}

/* ---- Exclusive and ordered accesses --------------------------------- */

/*
 * One vCPU per address space for now: the monitor is the address of the
 * last load-exclusive, and a store-exclusive to the same address succeeds.
 * x86 ordering (TSO) already gives acquire loads and release stores.
 */
static void xlat_load_excl(struct xlat_ctx *c, const struct a64_insn *in)
{
	bool pair = in->op == A64_OP_LDXP || in->op == A64_OP_LDAXP;
	struct xlat_access a = { .pair = pair };
	struct x86_mem mon = ENV_MEM(excl_addr);
	struct xlat_regs before;

	a.size_log2 = pair ? 2 + A64_F(in, sz) : A64_F(in, size);
	x86_mov_rr(&c->e, 64, X86_RDX, xr_read(c, A64_F(in, rn)));
	if (in->op != A64_OP_LDAR)
		x86_mov_mr(&c->e, 64, &mon, X86_RDX);
	a.addr = x86_mem(X86_RDX, 0);
	before = c->regs;
	a.reg = xr_dst(c, A64_F(in, rt), false);
	if (a.reg == XLAT_DISCARD)
		a.reg = X86_NOREG;
	if (pair) {
		a.reg2 = xr_dst(c, A64_F(in, rt2), false);
		if (a.reg2 == XLAT_DISCARD)
			a.reg2 = X86_NOREG;
	}
	a.before = &before;
	c->be->emit_access(c, &a);
}

static void xlat_store_excl(struct xlat_ctx *c, const struct a64_insn *in)
{
	bool pair = in->op == A64_OP_STXP || in->op == A64_OP_STLXP;
	bool plain = in->op == A64_OP_STLR;
	struct xlat_access a = { .store = true, .pair = pair };
	struct x86_mem mon = ENV_MEM(excl_addr);
	struct x86_emitter *e = &c->e;
	struct xlat_regs before;
	enum x86_reg status = X86_NOREG;
	u8 *fail = NULL, *done;

	a.size_log2 = pair ? 2 + A64_F(in, sz) : A64_F(in, size);
	x86_mov_rr(e, 64, X86_RDX, xr_read(c, A64_F(in, rn)));
	a.addr = x86_mem(X86_RDX, 0);
	a.reg = A64_F(in, rt) == 31 ? X86_NOREG : xr_read(c, A64_F(in, rt));
	if (pair)
		a.reg2 = A64_F(in, rt2) == 31 ? X86_NOREG :
			 xr_read(c, A64_F(in, rt2));
	before = c->regs;
	a.before = &before;
	if (!plain) {
		status = xr_write(c, A64_F(in, rs));
		if (A64_F(in, rs) == 31)	/* Ws is never SP: WZR */
			status = X86_RAX;
		xf_clobber(c);
		x86_alu_rm(e, X86_CMP, 64, X86_RDX, &mon);
		x86_mov_mi(e, 64, &mon, -1);	/* monitor opens either way */
		fail = x86_jcc32(e, X86_CC_NE, NULL);
	}
	c->be->emit_access(c, &a);
	if (plain)
		return;
	x86_mov_ri_keep_flags(e, 32, status, 0);
	done = x86_jmp32(e, NULL);
	x86_patch_rel32(fail, x86_here(e));
	x86_mov_ri_keep_flags(e, 32, status, 1);
	x86_patch_rel32(done, x86_here(e));
}

#define LDST(o)		XLAT_ENTRY(o, 0, 0, xlat_ldst)
#define LDST_FP(o)	XLAT_ENTRY(o, 0, 0, xlat_ldst_fp)
#define PAIR(o)		XLAT_ENTRY(o, 0, 0, xlat_ldst_pair)
#define PAIR_FP(o)	XLAT_ENTRY(o, 0, 0, xlat_ldst_pair_fp)

const struct xlat_entry xlat_mem_table[] = {
	LDST(STR_imm), LDST(LDR_imm), LDST(LDRS_imm), LDST(LDRSW_imm),
	LDST(STUR), LDST(LDUR), LDST(LDURS), LDST(LDURSW),
	LDST(STR_post), LDST(LDR_post), LDST(LDRS_post), LDST(LDRSW_post),
	LDST(STR_pre), LDST(LDR_pre), LDST(LDRS_pre), LDST(LDRSW_pre),
	LDST(STTR), LDST(LDTR), LDST(LDTRS), LDST(LDTRSW),
	LDST(STR_reg), LDST(LDR_reg), LDST(LDRS_reg), LDST(LDRSW_reg),
	LDST_FP(STR_fp_imm), LDST_FP(LDR_fp_imm),
	LDST_FP(STUR_fp), LDST_FP(LDUR_fp),
	LDST_FP(STR_fp_post), LDST_FP(LDR_fp_post),
	LDST_FP(STR_fp_pre), LDST_FP(LDR_fp_pre),
	LDST_FP(STR_fp_reg), LDST_FP(LDR_fp_reg),
	PAIR(STP_post), PAIR(LDP_post), PAIR(LDPSW_post),
	PAIR(STP_off), PAIR(LDP_off), PAIR(LDPSW_off),
	PAIR(STP_pre), PAIR(LDP_pre), PAIR(LDPSW_pre),
	PAIR(STNP), PAIR(LDNP),
	PAIR_FP(STP_fp_post), PAIR_FP(LDP_fp_post),
	PAIR_FP(STP_fp_off), PAIR_FP(LDP_fp_off),
	PAIR_FP(STP_fp_pre), PAIR_FP(LDP_fp_pre),
	PAIR_FP(STNP_fp), PAIR_FP(LDNP_fp),
	XLAT_ENTRY(LDR_lit, 0, 0, xlat_ld_literal),
	XLAT_ENTRY(LDRSW_lit, 0, 0, xlat_ld_literal),
	XLAT_ENTRY(LDR_fp_lit, 0, 0, xlat_ld_literal),
	XLAT_ENTRY(PRFM_lit, 0, 0, xlat_prefetch),
	XLAT_ENTRY(PRFM_imm, 0, 0, xlat_prefetch),
	XLAT_ENTRY(PRFUM, 0, 0, xlat_prefetch),
	XLAT_ENTRY(PRFM_reg, 0, 0, xlat_prefetch),
	XLAT_ENTRY(LDXR, 0, 0, xlat_load_excl),
	XLAT_ENTRY(LDAXR, 0, 0, xlat_load_excl),
	XLAT_ENTRY(LDXP, 0, 0, xlat_load_excl),
	XLAT_ENTRY(LDAXP, 0, 0, xlat_load_excl),
	XLAT_ENTRY(LDAR, 0, 0, xlat_load_excl),
	XLAT_ENTRY(STXR, 0, 0, xlat_store_excl),
	XLAT_ENTRY(STLXR, 0, 0, xlat_store_excl),
	XLAT_ENTRY(STXP, 0, 0, xlat_store_excl),
	XLAT_ENTRY(STLXP, 0, 0, xlat_store_excl),
	XLAT_ENTRY(STLR, 0, 0, xlat_store_excl),
};

const unsigned int xlat_mem_count = ARRAY_SIZE(xlat_mem_table);

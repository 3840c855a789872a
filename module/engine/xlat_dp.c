// SPDX-License-Identifier: GPL-2.0
/*
 * xlat_dp.c - data processing with immediates and shifted/extended
 * registers: ADR, add/subtract, logical, move wide, bitfield, extract.
 *
 * W-register forms use 32-bit x86 operations, which clear the upper half
 * of their destination exactly as A64 does.  Operations that do not set
 * guest flags prefer lea/mov and leave EFLAGS (and so a live guest NZCV)
 * alone; where an EFLAGS-clobbering instruction is needed, xf_clobber()
 * saves NZCV first if it is still needed.
 */
#include "xlat.h"

enum { SH_LSL, SH_LSR, SH_ASR, SH_ROR };

static const u8 shift_ops[] = { X86_SHL, X86_SHR, X86_SAR, X86_ROR };

static bool is_commutative(enum x86_alu op)
{
	return op == X86_ADD || op == X86_AND || op == X86_OR ||
	       op == X86_XOR;
}

/* d = n op m; may use rax.  The caller has dealt with EFLAGS. */
void xlat_alu3(struct xlat_ctx *c, enum x86_alu op, unsigned int bits,
	       enum x86_reg d, enum x86_reg n, enum x86_reg m)
{
	struct x86_emitter *e = &c->e;

	if (d == n) {
		x86_alu_rr(e, op, bits, d, m);
	} else if (d == m && is_commutative(op)) {
		x86_alu_rr(e, op, bits, d, n);
	} else if (d == m) {
		x86_mov_rr(e, bits, X86_RAX, n);
		x86_alu_rr(e, op, bits, X86_RAX, m);
		x86_mov_rr(e, bits, d, X86_RAX);
	} else {
		x86_mov_rr(e, bits, d, n);
		x86_alu_rr(e, op, bits, d, m);
	}
}

/* d = n op imm, imm already truncated to the operation size; uses rcx. */
static void alu_imm(struct xlat_ctx *c, enum x86_alu op, unsigned int bits,
		    enum x86_reg d, enum x86_reg n, u64 imm)
{
	struct x86_emitter *e = &c->e;

	if (bits == 64 && (s64)imm != (s32)imm) {
		x86_mov_ri_keep_flags(e, 64, X86_RCX, imm);
		xlat_alu3(c, op, bits, d, n, X86_RCX);
		return;
	}
	if (d != n)
		x86_mov_rr(e, bits, d, n);
	x86_alu_ri(e, op, bits, d, (s32)imm);
}

/*
 * The shifted-register operand: @m itself, or rax holding it shifted.
 * lea does small left shifts without touching EFLAGS.
 */
static enum x86_reg shifted(struct xlat_ctx *c, unsigned int bits,
			    enum x86_reg m, unsigned int type,
			    unsigned int amount)
{
	struct x86_emitter *e = &c->e;

	if (!amount)
		return m;
	if (type == SH_LSL && amount <= 3) {
		struct x86_mem a = x86_mem_idx(X86_NOREG, m, 1 << amount, 0);

		x86_lea(e, bits, X86_RAX, &a);
		return X86_RAX;
	}
	if (type == SH_ROR && xlat_has(c, XVM_CFG_HOST_BMI2)) {
		x86_rorx(e, bits, X86_RAX, m, amount);
		return X86_RAX;
	}
	xf_clobber(c);
	x86_mov_rr(e, bits, X86_RAX, m);
	x86_shift_ri(e, (enum x86_shift)shift_ops[type], bits, X86_RAX,
		     amount);
	return X86_RAX;
}

/* Flag-setting d = n op m (ADDS, SUBS, ANDS); d may be the discard. */
static void alu_flags(struct xlat_ctx *c, enum x86_alu op, unsigned int bits,
		      enum x86_reg d, enum x86_reg n, enum x86_reg m)
{
	xf_clobber(c);
	if (d == XLAT_DISCARD && op == X86_SUB)
		x86_alu_rr(&c->e, X86_CMP, bits, n, m);
	else if (d == XLAT_DISCARD && op == X86_AND)
		x86_test_rr(&c->e, bits, n, m);
	else
		xlat_alu3(c, op, bits, d, n, m);
	xf_set(c, op == X86_SUB);
}

static bool dst_is_zr(const struct a64_insn *in)
{
	return A64_F(in, rd) == 31 && !(in->flags & A64_FL_RD_SP);
}

/* ---- PC-relative addressing ---------------------------------------- */

static void xlat_adr(struct xlat_ctx *c, const struct a64_insn *in)
{
	u64 base = in->op == A64_OP_ADRP ? c->pc & XVM_PAGE_MASK : c->pc;
	enum x86_reg d;

	if (dst_is_zr(in))
		return;
	d = xr_write(c, A64_F(in, rd));
	xlat_mov_imm(c, 64, d, base + a64_adr_offset(in));
}

/* ---- Add/subtract (immediate) --------------------------------------- */

static void xlat_addsub_imm(struct xlat_ctx *c, const struct a64_insn *in)
{
	unsigned int bits = insn_bits(in);
	bool sub = in->op == A64_OP_SUB_imm || in->op == A64_OP_SUBS_imm;
	bool setflags = in->op == A64_OP_ADDS_imm || in->op == A64_OP_SUBS_imm;
	s32 imm = A64_F(in, imm12) << (A64_F(in, sh) ? 12 : 0);
	enum x86_reg n = xr_read(c, A64_F(in, rn));	/* rn=31 is SP */
	enum x86_reg d;

	if (!setflags) {
		struct x86_mem a = x86_mem(n, sub ? -imm : imm);

		d = xr_write(c, A64_F(in, rd));		/* rd=31 is SP */
		if (imm)
			x86_lea(&c->e, bits, d, &a);
		else
			xlat_mov(c, bits, d, n);
		return;
	}
	d = xr_dst(c, A64_F(in, rd), false);
	xf_clobber(c);
	if (d == XLAT_DISCARD && sub) {
		x86_alu_ri(&c->e, X86_CMP, bits, n, imm);
	} else {
		if (d != n)
			x86_mov_rr(&c->e, bits, d, n);
		x86_alu_ri(&c->e, sub ? X86_SUB : X86_ADD, bits, d, imm);
	}
	xf_set(c, sub);
}

/* ---- Logical (immediate) -------------------------------------------- */

static void xlat_logic_imm(struct xlat_ctx *c, const struct a64_insn *in)
{
	static const u8 ops[] = { X86_AND, X86_OR, X86_XOR, X86_AND };
	unsigned int bits = insn_bits(in);
	unsigned int opc = in->op == A64_OP_AND_imm ? 0 :
			   in->op == A64_OP_ORR_imm ? 1 :
			   in->op == A64_OP_EOR_imm ? 2 : 3;
	u64 imm, tmask;
	enum x86_reg n, d;

	a64_decode_bit_masks(A64_F(in, N), A64_F(in, imms), A64_F(in, immr),
			     bits == 64, &imm, &tmask);
	if (bits == 32)
		imm = (u32)imm;
	if (opc == 1 && A64_F(in, rn) == 31) {		/* MOV (bitmask) */
		d = xr_write(c, A64_F(in, rd));
		xlat_mov_imm(c, bits, d, imm);
		return;
	}
	n = xr_src(c, A64_F(in, rn), false, X86_RAX);	/* rcx: alu_imm */
	if (opc == 3) {
		d = xr_dst(c, A64_F(in, rd), false);
		xf_clobber(c);
		if (d == XLAT_DISCARD && (bits == 32 || (s64)imm == (s32)imm))
			x86_test_ri(&c->e, bits, n, (s32)imm);
		else
			alu_imm(c, X86_AND, bits, d, n, imm);
		xf_set(c, false);
		return;
	}
	d = xr_write(c, A64_F(in, rd));			/* rd=31 is SP */
	xf_clobber(c);
	alu_imm(c, (enum x86_alu)ops[opc], bits, d, n, imm);
}

/* ---- Move wide (immediate) ------------------------------------------ */

static void xlat_movewide(struct xlat_ctx *c, const struct a64_insn *in)
{
	unsigned int bits = insn_bits(in);
	unsigned int shift = 16 * A64_F(in, hw);
	u64 imm = (u64)A64_F(in, imm16) << shift;
	u64 mask = 0xffffULL << shift;
	enum x86_reg d;

	if (dst_is_zr(in))
		return;
	if (in->op != A64_OP_MOVK) {
		if (in->op == A64_OP_MOVN)
			imm = ~imm;
		if (bits == 32)
			imm = (u32)imm;
		d = xr_write(c, A64_F(in, rd));
		xlat_mov_imm(c, bits, d, imm);
		return;
	}
	d = xr_rmw(c, A64_F(in, rd));
	if (bits == 64 && shift == 0) {
		/* A 16-bit move keeps bits 63:16, without touching flags. */
		x86_mov_ri(&c->e, 16, d, imm);
		return;
	}
	xf_clobber(c);
	alu_imm(c, X86_AND, bits, d, d, bits == 32 ? (u32)~mask : ~mask);
	if (imm)
		alu_imm(c, X86_OR, bits, d, d, imm);
}

/* ---- Bitfield -------------------------------------------------------- */

/* d = bits [lsb + w - 1 : lsb] of n, zero- or sign-extended. */
static void extract(struct xlat_ctx *c, unsigned int bits, enum x86_reg d,
		    enum x86_reg n, unsigned int lsb, unsigned int w,
		    bool sign)
{
	struct x86_emitter *e = &c->e;

	if (lsb == 0 && (w == 8 || w == 16 || (w == 32 && bits == 64))) {
		if (sign)
			x86_movsx_rr(e, bits, w, d, n);
		else
			x86_movzx_rr(e, 32, w, d, n);
		return;
	}
	xf_clobber(c);
	xlat_mov(c, bits, d, n);
	if (lsb + w == bits) {
		if (lsb)
			x86_shift_ri(e, sign ? X86_SAR : X86_SHR, bits, d, lsb);
	} else if (!sign && w < 32) {
		if (lsb)
			x86_shift_ri(e, X86_SHR, bits, d, lsb);
		x86_alu_ri(e, X86_AND, 32, d, (s32)((1U << w) - 1));
	} else {
		x86_shift_ri(e, X86_SHL, bits, d, bits - lsb - w);
		x86_shift_ri(e, sign ? X86_SAR : X86_SHR, bits, d, bits - w);
	}
}

/* d = (n & mask(w)) << shift, the field zero- or sign-extended. */
static void place(struct xlat_ctx *c, unsigned int bits, enum x86_reg d,
		  enum x86_reg n, unsigned int w, unsigned int shift,
		  bool sign)
{
	struct x86_emitter *e = &c->e;

	if (shift + w == bits && shift <= 3 && shift) {
		struct x86_mem a = x86_mem_idx(X86_NOREG, n, 1 << shift, 0);

		x86_lea(e, bits, d, &a);		/* LSL #1..3 */
		return;
	}
	xf_clobber(c);
	xlat_mov(c, bits, d, n);
	if (shift + w == bits) {
		x86_shift_ri(e, X86_SHL, bits, d, shift);
	} else if (!sign && w < 32) {
		x86_alu_ri(e, X86_AND, 32, d, (s32)((1U << w) - 1));
		if (shift)
			x86_shift_ri(e, X86_SHL, bits, d, shift);
	} else {
		x86_shift_ri(e, X86_SHL, bits, d, bits - w);
		if (bits - w - shift)
			x86_shift_ri(e, sign ? X86_SAR : X86_SHR, bits, d,
				     bits - w - shift);
	}
}

static void xlat_bitfield(struct xlat_ctx *c, const struct a64_insn *in)
{
	unsigned int bits = insn_bits(in);
	unsigned int r = A64_F(in, immr), s = A64_F(in, imms);
	bool sign = in->op == A64_OP_SBFM;
	enum x86_reg n, d;
	u64 mask;

	if (dst_is_zr(in))
		return;
	n = xr_src(c, A64_F(in, rn), false, X86_RCX);
	if (in->op != A64_OP_BFM) {
		d = xr_write(c, A64_F(in, rd));
		if (s >= r)
			extract(c, bits, d, n, r, s - r + 1, sign);
		else
			place(c, bits, d, n, s + 1, bits - r, sign);
		return;
	}
	/* BFM: build the field in rax, then merge it into Rd. */
	if (s >= r) {
		extract(c, bits, X86_RAX, n, r, s - r + 1, false);
		mask = GENMASK_ULL(s - r, 0);
	} else {
		place(c, bits, X86_RAX, n, s + 1, bits - r, false);
		mask = GENMASK_ULL(bits - r + s, bits - r);
	}
	d = xr_rmw(c, A64_F(in, rd));
	xf_clobber(c);
	alu_imm(c, X86_AND, bits, d, d, bits == 32 ? (u32)~mask : ~mask);
	x86_alu_rr(&c->e, X86_OR, bits, d, X86_RAX);
}

/* ---- Extract --------------------------------------------------------- */

static void xlat_extr(struct xlat_ctx *c, const struct a64_insn *in)
{
	unsigned int bits = insn_bits(in);
	unsigned int lsb = A64_F(in, imms);
	enum x86_reg n, m, d;

	if (dst_is_zr(in))
		return;
	n = xr_src(c, A64_F(in, rn), false, X86_RCX);
	m = xr_src(c, A64_F(in, rm), false, X86_RAX);
	d = xr_write(c, A64_F(in, rd));
	if (!lsb) {
		xlat_mov(c, bits, d, m);
	} else if (A64_F(in, rn) == A64_F(in, rm) &&
		   xlat_has(c, XVM_CFG_HOST_BMI2)) {
		x86_rorx(&c->e, bits, d, n, lsb);	/* ROR (immediate) */
	} else {
		xf_clobber(c);
		xlat_mov(c, bits, X86_RAX, m);
		x86_shrd_rri(&c->e, bits, X86_RAX, n, lsb);
		x86_mov_rr(&c->e, bits, d, X86_RAX);
	}
}

/* ---- Logical (shifted register) ------------------------------------- */

static void xlat_logic_reg(struct xlat_ctx *c, const struct a64_insn *in)
{
	unsigned int bits = insn_bits(in);
	enum a64_op op = in->op;
	bool invert = op == A64_OP_BIC_reg || op == A64_OP_ORN_reg ||
		      op == A64_OP_EON_reg || op == A64_OP_BICS_reg;
	bool setflags = op == A64_OP_ANDS_reg || op == A64_OP_BICS_reg;
	enum x86_alu alu = (op == A64_OP_ORR_reg || op == A64_OP_ORN_reg) ?
			   X86_OR : (op == A64_OP_EOR_reg ||
				     op == A64_OP_EON_reg) ? X86_XOR : X86_AND;
	enum x86_reg n, m, d;

	if (dst_is_zr(in) && !setflags)
		return;
	m = xr_src(c, A64_F(in, rm), false, X86_RAX);
	m = shifted(c, bits, m, A64_F(in, shift), A64_F(in, imm6));
	if (invert) {
		xlat_mov(c, 64, X86_RAX, m);
		x86_unary_r(&c->e, X86_NOT, bits, X86_RAX);
		m = X86_RAX;
	}
	if (alu == X86_OR && A64_F(in, rn) == 31) {	/* MOV, MVN */
		d = xr_write(c, A64_F(in, rd));
		xlat_mov(c, bits, d, m);
		return;
	}
	n = xr_src(c, A64_F(in, rn), false, X86_RCX);
	d = xr_dst(c, A64_F(in, rd), false);
	if (setflags) {
		alu_flags(c, X86_AND, bits, d, n, m);
		return;
	}
	xf_clobber(c);
	xlat_alu3(c, alu, bits, d, n, m);
}

/* ---- Add/subtract (shifted register) -------------------------------- */

static void xlat_addsub_reg(struct xlat_ctx *c, const struct a64_insn *in)
{
	unsigned int bits = insn_bits(in);
	bool sub = in->op == A64_OP_SUB_reg || in->op == A64_OP_SUBS_reg;
	bool setflags = in->op == A64_OP_ADDS_reg || in->op == A64_OP_SUBS_reg;
	unsigned int type = A64_F(in, shift), amount = A64_F(in, imm6);
	enum x86_reg n, m, d;

	if (dst_is_zr(in) && !setflags)
		return;
	m = xr_src(c, A64_F(in, rm), false, X86_RAX);
	n = xr_src(c, A64_F(in, rn), false, X86_RCX);
	if (!setflags && !sub && type == SH_LSL && amount <= 3) {
		struct x86_mem a = x86_mem_idx(n, m, 1 << amount, 0);

		d = xr_write(c, A64_F(in, rd));
		x86_lea(&c->e, bits, d, &a);
		return;
	}
	m = shifted(c, bits, m, type, amount);
	d = xr_dst(c, A64_F(in, rd), false);
	if (setflags) {
		alu_flags(c, sub ? X86_SUB : X86_ADD, bits, d, n, m);
		return;
	}
	if (!sub) {
		struct x86_mem a = x86_mem_idx(n, m, 1, 0);

		x86_lea(&c->e, bits, d, &a);
		return;
	}
	xf_clobber(c);
	if (A64_F(in, rn) == 31) {			/* NEG */
		xlat_mov(c, bits, d, m);
		x86_unary_r(&c->e, X86_NEG, bits, d);
		return;
	}
	xlat_alu3(c, X86_SUB, bits, d, n, m);
}

/* ---- Add/subtract (extended register) ------------------------------- */

/* rax = ExtendReg(m, option, shift) */
static enum x86_reg extended(struct xlat_ctx *c, enum x86_reg m,
			     unsigned int option, unsigned int shift)
{
	static const u8 widths[] = { 8, 16, 32, 64 };
	unsigned int w = widths[option & 3];
	struct x86_emitter *e = &c->e;

	if (w == 64 && !shift)
		return m;
	if (w == 64)
		x86_mov_rr(e, 64, X86_RAX, m);
	else if (option & 4)
		x86_movsx_rr(e, 64, w, X86_RAX, m);
	else
		x86_movzx_rr(e, 32, w, X86_RAX, m);
	if (shift) {
		struct x86_mem a = x86_mem_idx(X86_NOREG, X86_RAX,
					       1 << (shift & 3), 0);

		if (shift <= 3) {
			x86_lea(e, 64, X86_RAX, &a);
		} else {
			xf_clobber(c);
			x86_shift_ri(e, X86_SHL, 64, X86_RAX, shift);
		}
	}
	return X86_RAX;
}

static void xlat_addsub_ext(struct xlat_ctx *c, const struct a64_insn *in)
{
	unsigned int bits = insn_bits(in);
	bool sub = in->op == A64_OP_SUB_ext || in->op == A64_OP_SUBS_ext;
	bool setflags = in->op == A64_OP_ADDS_ext || in->op == A64_OP_SUBS_ext;
	enum x86_reg n, m, d;

	m = xr_src(c, A64_F(in, rm), false, X86_RAX);
	m = extended(c, m, A64_F(in, option), A64_F(in, imm3));
	n = xr_read(c, A64_F(in, rn));			/* rn=31 is SP */
	if (setflags) {
		d = xr_dst(c, A64_F(in, rd), false);
		alu_flags(c, sub ? X86_SUB : X86_ADD, bits, d, n, m);
		return;
	}
	d = xr_write(c, A64_F(in, rd));			/* rd=31 is SP */
	if (!sub) {
		struct x86_mem a = x86_mem_idx(n, m, 1, 0);

		x86_lea(&c->e, bits, d, &a);
		return;
	}
	xf_clobber(c);
	xlat_alu3(c, X86_SUB, bits, d, n, m);
}

const struct xlat_entry xlat_dp_table[] = {
	XLAT_ENTRY(ADR, 0, 0, xlat_adr),
	XLAT_ENTRY(ADRP, 0, 0, xlat_adr),
	XLAT_ENTRY(ADD_imm, 0, 0, xlat_addsub_imm),
	XLAT_ENTRY(SUB_imm, 0, 0, xlat_addsub_imm),
	XLAT_ENTRY(ADDS_imm, 0, XLAT_NZCV_WRITE, xlat_addsub_imm),
	XLAT_ENTRY(SUBS_imm, 0, XLAT_NZCV_WRITE, xlat_addsub_imm),
	XLAT_ENTRY(AND_imm, 0, 0, xlat_logic_imm),
	XLAT_ENTRY(ORR_imm, 0, 0, xlat_logic_imm),
	XLAT_ENTRY(EOR_imm, 0, 0, xlat_logic_imm),
	XLAT_ENTRY(ANDS_imm, 0, XLAT_NZCV_WRITE, xlat_logic_imm),
	XLAT_ENTRY(MOVN, 0, 0, xlat_movewide),
	XLAT_ENTRY(MOVZ, 0, 0, xlat_movewide),
	XLAT_ENTRY(MOVK, 0, 0, xlat_movewide),
	XLAT_ENTRY(SBFM, 0, 0, xlat_bitfield),
	XLAT_ENTRY(BFM, 0, 0, xlat_bitfield),
	XLAT_ENTRY(UBFM, 0, 0, xlat_bitfield),
	XLAT_ENTRY(EXTR, 0, 0, xlat_extr),
	XLAT_ENTRY(AND_reg, 0, 0, xlat_logic_reg),
	XLAT_ENTRY(BIC_reg, 0, 0, xlat_logic_reg),
	XLAT_ENTRY(ORR_reg, 0, 0, xlat_logic_reg),
	XLAT_ENTRY(ORN_reg, 0, 0, xlat_logic_reg),
	XLAT_ENTRY(EOR_reg, 0, 0, xlat_logic_reg),
	XLAT_ENTRY(EON_reg, 0, 0, xlat_logic_reg),
	XLAT_ENTRY(ANDS_reg, 0, XLAT_NZCV_WRITE, xlat_logic_reg),
	XLAT_ENTRY(BICS_reg, 0, XLAT_NZCV_WRITE, xlat_logic_reg),
	XLAT_ENTRY(ADD_reg, 0, 0, xlat_addsub_reg),
	XLAT_ENTRY(SUB_reg, 0, 0, xlat_addsub_reg),
	XLAT_ENTRY(ADDS_reg, 0, XLAT_NZCV_WRITE, xlat_addsub_reg),
	XLAT_ENTRY(SUBS_reg, 0, XLAT_NZCV_WRITE, xlat_addsub_reg),
	XLAT_ENTRY(ADD_ext, 0, 0, xlat_addsub_ext),
	XLAT_ENTRY(SUB_ext, 0, 0, xlat_addsub_ext),
	XLAT_ENTRY(ADDS_ext, 0, XLAT_NZCV_WRITE, xlat_addsub_ext),
	XLAT_ENTRY(SUBS_ext, 0, XLAT_NZCV_WRITE, xlat_addsub_ext),
};

const unsigned int xlat_dp_count = ARRAY_SIZE(xlat_dp_table);

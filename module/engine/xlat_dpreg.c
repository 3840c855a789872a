// SPDX-License-Identifier: GPL-2.0
/*
 * xlat_dpreg.c - data processing on registers: add/subtract with carry,
 * conditional compare and select, one-, two- and three-source operations.
 */
#include "xlat.h"

static bool dst_is_zr(const struct a64_insn *in)
{
	return A64_F(in, rd) == 31;
}

static bool cond_always(unsigned int cond)
{
	return cond >= 14;
}

/* ---- Add/subtract with carry ---------------------------------------- */

static void xlat_adc_sbc(struct xlat_ctx *c, const struct a64_insn *in)
{
	unsigned int bits = insn_bits(in);
	bool sbc = in->op == A64_OP_SBC || in->op == A64_OP_SBCS;
	bool setflags = in->op == A64_OP_ADCS || in->op == A64_OP_SBCS;
	enum x86_alu op = sbc ? X86_SBB : X86_ADC;
	enum x86_reg n, m, d;

	if (dst_is_zr(in) && !setflags)
		return;
	/* NZCV is read here and, without S, still needed afterwards. */
	xf_sync(c);
	xf_need_cf(c, sbc);		/* x86 sbb subtracts NOT C */
	n = xr_src(c, A64_F(in, rn), false, X86_RCX);
	m = xr_src(c, A64_F(in, rm), false, X86_RAX);
	d = xr_dst(c, A64_F(in, rd), false);
	if (d == n) {
		x86_alu_rr(&c->e, op, bits, d, m);
	} else if (d == m && !sbc) {
		x86_alu_rr(&c->e, op, bits, d, n);
	} else if (d == m) {
		x86_mov_rr(&c->e, bits, X86_RAX, n);
		x86_alu_rr(&c->e, op, bits, X86_RAX, m);
		x86_mov_rr(&c->e, bits, d, X86_RAX);
	} else {
		x86_mov_rr(&c->e, bits, d, n);
		x86_alu_rr(&c->e, op, bits, d, m);
	}
	if (setflags)
		xf_set(c, sbc);
	else
		c->fl = XF_MEM;
}

/* ---- Conditional compare -------------------------------------------- */

static void xlat_ccmp(struct xlat_ctx *c, const struct a64_insn *in)
{
	unsigned int bits = insn_bits(in);
	bool cmn = in->op == A64_OP_CCMN_reg || in->op == A64_OP_CCMN_imm;
	bool imm = in->op == A64_OP_CCMN_imm || in->op == A64_OP_CCMP_imm;
	unsigned int cond = A64_F(in, cond);
	struct x86_emitter *e = &c->e;
	u8 *to_true = NULL, *to_done = NULL;
	enum x86_reg n, m = X86_NOREG;
	enum x86_cc cc = X86_CC_E;

	if (!cond_always(cond))
		cc = xf_cond(c, cond);
	n = xr_src(c, A64_F(in, rn), false, X86_RCX);
	if (!imm)
		m = xr_src(c, A64_F(in, rm), false, X86_RDX);
	if (!cond_always(cond)) {
		to_true = x86_jcc8(e, cc, NULL);
		xf_emit_load_imm(c, A64_F(in, nzcv), !cmn);
		to_done = x86_jmp8(e, NULL);
		x86_patch_rel8(to_true, x86_here(e));
	}
	if (cmn) {
		x86_mov_rr(e, bits, X86_RAX, n);
		if (imm)
			x86_alu_ri(e, X86_ADD, bits, X86_RAX, A64_F(in, imm5));
		else
			x86_alu_rr(e, X86_ADD, bits, X86_RAX, m);
	} else if (imm) {
		x86_alu_ri(e, X86_CMP, bits, n, A64_F(in, imm5));
	} else {
		x86_alu_rr(e, X86_CMP, bits, n, m);
	}
	x86_patch_rel8(to_done, x86_here(e));
	xf_set(c, !cmn);
}

/* ---- Conditional select --------------------------------------------- */

/* CSET / CSETM: both sources XZR. */
static void cset(struct xlat_ctx *c, const struct a64_insn *in,
		 enum x86_cc cc, enum x86_reg d)
{
	struct x86_mem minus1 = x86_mem(X86_RAX, -1);
	unsigned int bits = insn_bits(in);

	if (in->op == A64_OP_CSINC) {
		x86_setcc(&c->e, x86_cc_invert(cc), X86_RAX);
		x86_movzx_rr(&c->e, 32, 8, d, X86_RAX);
	} else {			/* CSINV: cond ? 0 : -1 */
		x86_setcc(&c->e, cc, X86_RAX);
		x86_movzx_rr(&c->e, 32, 8, X86_RAX, X86_RAX);
		x86_lea(&c->e, bits, d, &minus1);
	}
}

static void xlat_csel(struct xlat_ctx *c, const struct a64_insn *in)
{
	unsigned int bits = insn_bits(in);
	unsigned int cond = A64_F(in, cond);
	struct x86_emitter *e = &c->e;
	struct x86_mem plus1;
	enum x86_reg n, m, d;
	enum x86_cc cc;

	if (dst_is_zr(in))
		return;
	if (cond_always(cond)) {
		n = xr_src(c, A64_F(in, rn), false, X86_RCX);
		d = xr_write(c, A64_F(in, rd));
		xlat_mov(c, bits, d, n);
		return;
	}
	cc = xf_cond(c, cond);
	if (A64_F(in, rn) == 31 && A64_F(in, rm) == 31 &&
	    (in->op == A64_OP_CSINC || in->op == A64_OP_CSINV)) {
		cset(c, in, cc, xr_write(c, A64_F(in, rd)));
		return;
	}
	n = xr_src(c, A64_F(in, rn), false, X86_RCX);
	m = xr_src(c, A64_F(in, rm), false, X86_RAX);
	switch (in->op) {
	case A64_OP_CSINC:
		plus1 = x86_mem(m, 1);
		x86_lea(e, bits, X86_RAX, &plus1);
		m = X86_RAX;
		break;
	case A64_OP_CSNEG:	/* -m = ~m + 1, without touching EFLAGS */
		xlat_mov(c, 64, X86_RAX, m);
		x86_unary_r(e, X86_NOT, bits, X86_RAX);
		plus1 = x86_mem(X86_RAX, 1);
		x86_lea(e, bits, X86_RAX, &plus1);
		m = X86_RAX;
		break;
	case A64_OP_CSINV:
		xlat_mov(c, 64, X86_RAX, m);
		x86_unary_r(e, X86_NOT, bits, X86_RAX);
		m = X86_RAX;
		break;
	default:
		break;
	}
	d = xr_write(c, A64_F(in, rd));
	if (d == n) {
		x86_cmov_rr(e, x86_cc_invert(cc), bits, d, m);
	} else if (d == m) {
		x86_cmov_rr(e, cc, bits, d, n);
	} else {
		x86_mov_rr(e, bits, d, m);
		x86_cmov_rr(e, cc, bits, d, n);
	}
}

/* ---- Data-processing (1 source) ------------------------------------- */

/* rax = ((rax >> s) & mask) | ((rax & mask) << s); uses rcx, rdx. */
static void swap_groups(struct xlat_ctx *c, unsigned int bits,
			unsigned int s, u64 mask)
{
	struct x86_emitter *e = &c->e;

	x86_mov_ri(e, 64, X86_RDX, bits == 32 ? (u32)mask : mask);
	x86_mov_rr(e, bits, X86_RCX, X86_RAX);
	x86_shift_ri(e, X86_SHR, bits, X86_RCX, s);
	x86_alu_rr(e, X86_AND, bits, X86_RCX, X86_RDX);
	x86_alu_rr(e, X86_AND, bits, X86_RAX, X86_RDX);
	x86_shift_ri(e, X86_SHL, bits, X86_RAX, s);
	x86_alu_rr(e, X86_OR, bits, X86_RAX, X86_RCX);
}

/* rax = number of leading zeros of rax (bits wide). */
static void count_leading_zeros(struct xlat_ctx *c, unsigned int bits)
{
	struct x86_emitter *e = &c->e;

	if (xlat_has(c, XVM_CFG_HOST_LZCNT)) {
		x86_lzcnt_rr(e, bits, X86_RAX, X86_RAX);
		return;
	}
	/* bsr leaves the index of the top bit; 2 * bits - 1 stands for 0. */
	x86_mov_ri(e, 32, X86_RCX, 2 * bits - 1);
	x86_bsr_rr(e, bits, X86_RAX, X86_RAX);
	x86_cmov_rr(e, X86_CC_E, bits, X86_RAX, X86_RCX);
	x86_alu_ri(e, X86_XOR, 32, X86_RAX, bits - 1);
}

static void xlat_dp1(struct xlat_ctx *c, const struct a64_insn *in)
{
	unsigned int bits = in->op == A64_OP_REV32 ? 64 : insn_bits(in);
	struct x86_emitter *e = &c->e;
	struct x86_mem minus1 = x86_mem(X86_RAX, -1);
	enum x86_reg n, d;

	if (dst_is_zr(in))
		return;
	n = xr_src(c, A64_F(in, rn), false, X86_RAX);
	xf_clobber(c);
	xlat_mov(c, bits, X86_RAX, n);
	switch (in->op) {
	case A64_OP_RBIT:
		x86_bswap(e, bits, X86_RAX);
		swap_groups(c, bits, 4, 0x0f0f0f0f0f0f0f0fULL);
		swap_groups(c, bits, 2, 0x3333333333333333ULL);
		swap_groups(c, bits, 1, 0x5555555555555555ULL);
		break;
	case A64_OP_REV16:
		swap_groups(c, bits, 8, 0x00ff00ff00ff00ffULL);
		break;
	case A64_OP_REV32:
		x86_bswap(e, 64, X86_RAX);
		x86_shift_ri(e, X86_ROR, 64, X86_RAX, 32);
		break;
	case A64_OP_REV:
		x86_bswap(e, bits, X86_RAX);
		break;
	case A64_OP_CLZ:
		count_leading_zeros(c, bits);
		break;
	case A64_OP_CLS:
		/* CLS(x) = CLZ(x ^ (x >> 1, arithmetic)) - 1 */
		x86_mov_rr(e, bits, X86_RCX, X86_RAX);
		x86_shift_ri(e, X86_SAR, bits, X86_RCX, 1);
		x86_alu_rr(e, X86_XOR, bits, X86_RAX, X86_RCX);
		count_leading_zeros(c, bits);
		x86_lea(e, 32, X86_RAX, &minus1);
		break;
	default:
		break;
	}
	d = xr_write(c, A64_F(in, rd));
	x86_mov_rr(e, bits, d, X86_RAX);
}

/* ---- Data-processing (2 source) ------------------------------------- */

static void xlat_div(struct xlat_ctx *c, const struct a64_insn *in)
{
	unsigned int bits = insn_bits(in);
	bool sign = in->op == A64_OP_SDIV;
	struct x86_emitter *e = &c->e;
	u8 *zero, *not_m1 = NULL, *done = NULL;
	enum x86_reg n, m, d;

	if (dst_is_zr(in))
		return;
	if (A64_F(in, rm) == 31) {	/* x / 0 = 0 in A64 */
		d = xr_write(c, A64_F(in, rd));
		xlat_mov_imm(c, bits, d, 0);
		return;
	}
	n = xr_src(c, A64_F(in, rn), false, X86_RCX);
	m = xr_read(c, A64_F(in, rm));
	xf_clobber(c);
	x86_alu_rr(e, X86_XOR, 32, X86_RAX, X86_RAX);
	x86_test_rr(e, bits, m, m);
	zero = x86_jcc8(e, X86_CC_E, NULL);
	x86_mov_rr(e, bits, X86_RAX, n);
	if (sign) {
		/* INT_MIN / -1 traps on x86; A64 gives INT_MIN (= -n). */
		x86_alu_ri(e, X86_CMP, bits, m, -1);
		not_m1 = x86_jcc8(e, X86_CC_NE, NULL);
		x86_unary_r(e, X86_NEG, bits, X86_RAX);
		done = x86_jmp8(e, NULL);
		x86_patch_rel8(not_m1, x86_here(e));
		if (bits == 64)
			x86_cqo(e);
		else
			x86_cdq(e);
		x86_unary_r(e, X86_IDIV, bits, m);
	} else {
		x86_alu_rr(e, X86_XOR, 32, X86_RDX, X86_RDX);
		x86_unary_r(e, X86_DIV, bits, m);
	}
	x86_patch_rel8(zero, x86_here(e));
	x86_patch_rel8(done, x86_here(e));
	d = xr_write(c, A64_F(in, rd));
	x86_mov_rr(e, bits, d, X86_RAX);
}

static void xlat_shiftv(struct xlat_ctx *c, const struct a64_insn *in)
{
	static const u8 legacy[] = { X86_SHL, X86_SHR, X86_SAR, X86_ROR };
	unsigned int bits = insn_bits(in);
	unsigned int kind = in->op == A64_OP_LSLV ? 0 :
			    in->op == A64_OP_LSRV ? 1 :
			    in->op == A64_OP_ASRV ? 2 : 3;
	struct x86_emitter *e = &c->e;
	enum x86_reg n, m, d;

	if (dst_is_zr(in))
		return;
	n = xr_src(c, A64_F(in, rn), false, X86_RAX);
	m = xr_src(c, A64_F(in, rm), false, X86_RCX);
	d = xr_write(c, A64_F(in, rd));
	if (kind < 3 && xlat_has(c, XVM_CFG_HOST_BMI2)) {
		if (kind == 0)
			x86_shlx(e, bits, d, n, m);
		else if (kind == 1)
			x86_shrx(e, bits, d, n, m);
		else
			x86_sarx(e, bits, d, n, m);
		return;
	}
	/* x86 masks the count to 5 or 6 bits, exactly as A64 does. */
	xf_clobber(c);
	xlat_mov(c, 64, X86_RCX, m);
	xlat_mov(c, bits, d, n);
	x86_shift_rcl(e, (enum x86_shift)legacy[kind], bits, d);
}

/* CRC-32 (polynomial 0x04C11DB7, bit-reflected) has no x86 instruction. */
static u64 helper_crc32(struct xvm_vcpu *vcpu, u64 acc, u64 val, u64 bytes)
{
	u32 crc = (u32)acc;
	unsigned int i, j;

	for (i = 0; i < bytes; i++) {
		crc ^= (u8)(val >> (8 * i));
		for (j = 0; j < 8; j++)
			crc = (crc >> 1) ^ (0xedb88320U & -(crc & 1));
	}
	return crc;
}

static void xlat_crc32(struct xlat_ctx *c, const struct a64_insn *in)
{
	unsigned int size = A64_F(in, sz);
	struct x86_emitter *e = &c->e;
	enum x86_reg n, m, d;

	if (!A64_F(in, C)) {
		struct xlat_arg args[] = {
			{ XA_GREG, A64_F(in, rn) },
			{ XA_GREG, A64_F(in, rm) },
			{ XA_IMM, 1U << size },
		};

		/* XZR operands: an immediate 0 (val is already 0). */
		if (A64_F(in, rn) == 31)
			args[0] = (struct xlat_arg){ XA_IMM, 0 };
		if (A64_F(in, rm) == 31)
			args[1] = (struct xlat_arg){ XA_IMM, 0 };
		xlat_call(c, helper_crc32, args, ARRAY_SIZE(args), 0);
		if (!dst_is_zr(in))
			x86_mov_rr(e, 32, xr_write(c, A64_F(in, rd)),
				   X86_RAX);
		return;
	}
	if (dst_is_zr(in))
		return;
	n = xr_src(c, A64_F(in, rn), false, X86_RAX);
	m = xr_src(c, A64_F(in, rm), false, X86_RCX);
	xf_clobber(c);
	x86_mov_rr(e, 32, X86_RAX, n);
	x86_crc32_rr(e, 8 << size, X86_RAX, m);
	d = xr_write(c, A64_F(in, rd));
	x86_mov_rr(e, 32, d, X86_RAX);
}

/* ---- Data-processing (3 source) ------------------------------------- */

static void xlat_madd(struct xlat_ctx *c, const struct a64_insn *in)
{
	unsigned int bits = 64;
	bool sub = in->op == A64_OP_MSUB || in->op == A64_OP_SMSUBL ||
		   in->op == A64_OP_UMSUBL;
	bool wide_s = in->op == A64_OP_SMADDL || in->op == A64_OP_SMSUBL;
	bool wide_u = in->op == A64_OP_UMADDL || in->op == A64_OP_UMSUBL;
	struct x86_emitter *e = &c->e;
	enum x86_reg n, m, a, d;

	if (in->op == A64_OP_MADD || in->op == A64_OP_MSUB)
		bits = insn_bits(in);
	if (dst_is_zr(in))
		return;
	n = xr_src(c, A64_F(in, rn), false, X86_RAX);
	m = xr_src(c, A64_F(in, rm), false, X86_RCX);
	xf_clobber(c);
	if (wide_s) {
		x86_movsx_rr(e, 64, 32, X86_RAX, n);
		x86_movsx_rr(e, 64, 32, X86_RCX, m);
	} else if (wide_u) {
		x86_mov_rr(e, 32, X86_RAX, n);
		x86_mov_rr(e, 32, X86_RCX, m);
	} else {
		xlat_mov(c, 64, X86_RAX, n);
		xlat_mov(c, 64, X86_RCX, m);
	}
	x86_imul_rr(e, bits, X86_RAX, X86_RCX);
	if (A64_F(in, ra) != 31) {
		a = xr_read(c, A64_F(in, ra));
		if (sub) {
			x86_mov_rr(e, bits, X86_RCX, a);
			x86_alu_rr(e, X86_SUB, bits, X86_RCX, X86_RAX);
			x86_mov_rr(e, bits, X86_RAX, X86_RCX);
		} else {
			x86_alu_rr(e, X86_ADD, bits, X86_RAX, a);
		}
	} else if (sub) {
		x86_unary_r(e, X86_NEG, bits, X86_RAX);
	}
	d = xr_write(c, A64_F(in, rd));
	x86_mov_rr(e, bits, d, X86_RAX);
}

static void xlat_mulh(struct xlat_ctx *c, const struct a64_insn *in)
{
	struct x86_emitter *e = &c->e;
	enum x86_reg n, m, d;

	if (dst_is_zr(in))
		return;
	n = xr_src(c, A64_F(in, rn), false, X86_RAX);
	m = xr_src(c, A64_F(in, rm), false, X86_RCX);
	xf_clobber(c);
	xlat_mov(c, 64, X86_RAX, n);
	x86_unary_r(e, in->op == A64_OP_SMULH ? X86_IMUL1 : X86_MUL, 64, m);
	d = xr_write(c, A64_F(in, rd));
	x86_mov_rr(e, 64, d, X86_RDX);
}

const struct xlat_entry xlat_dpreg_table[] = {
	XLAT_ENTRY(ADC, 0, XLAT_NZCV_READ, xlat_adc_sbc),
	XLAT_ENTRY(SBC, 0, XLAT_NZCV_READ, xlat_adc_sbc),
	XLAT_ENTRY(ADCS, 0, XLAT_NZCV_READ | XLAT_NZCV_WRITE, xlat_adc_sbc),
	XLAT_ENTRY(SBCS, 0, XLAT_NZCV_READ | XLAT_NZCV_WRITE, xlat_adc_sbc),
	XLAT_ENTRY(CCMN_reg, 0, XLAT_NZCV_READ | XLAT_NZCV_WRITE, xlat_ccmp),
	XLAT_ENTRY(CCMP_reg, 0, XLAT_NZCV_READ | XLAT_NZCV_WRITE, xlat_ccmp),
	XLAT_ENTRY(CCMN_imm, 0, XLAT_NZCV_READ | XLAT_NZCV_WRITE, xlat_ccmp),
	XLAT_ENTRY(CCMP_imm, 0, XLAT_NZCV_READ | XLAT_NZCV_WRITE, xlat_ccmp),
	XLAT_ENTRY(CSEL, 0, XLAT_NZCV_READ, xlat_csel),
	XLAT_ENTRY(CSINC, 0, XLAT_NZCV_READ, xlat_csel),
	XLAT_ENTRY(CSINV, 0, XLAT_NZCV_READ, xlat_csel),
	XLAT_ENTRY(CSNEG, 0, XLAT_NZCV_READ, xlat_csel),
	XLAT_ENTRY(RBIT, 0, 0, xlat_dp1),
	XLAT_ENTRY(REV16, 0, 0, xlat_dp1),
	XLAT_ENTRY(REV32, 0, 0, xlat_dp1),
	XLAT_ENTRY(REV, 0, 0, xlat_dp1),
	XLAT_ENTRY(CLZ, 0, 0, xlat_dp1),
	XLAT_ENTRY(CLS, 0, 0, xlat_dp1),
	XLAT_ENTRY(UDIV, 0, 0, xlat_div),
	XLAT_ENTRY(SDIV, 0, 0, xlat_div),
	XLAT_ENTRY(LSLV, 0, 0, xlat_shiftv),
	XLAT_ENTRY(LSRV, 0, 0, xlat_shiftv),
	XLAT_ENTRY(ASRV, 0, 0, xlat_shiftv),
	XLAT_ENTRY(RORV, 0, 0, xlat_shiftv),
	XLAT_ENTRY(CRC32, 0, XLAT_CALLS, xlat_crc32),
	XLAT_ENTRY(MADD, 0, 0, xlat_madd),
	XLAT_ENTRY(MSUB, 0, 0, xlat_madd),
	XLAT_ENTRY(SMADDL, 0, 0, xlat_madd),
	XLAT_ENTRY(SMSUBL, 0, 0, xlat_madd),
	XLAT_ENTRY(UMADDL, 0, 0, xlat_madd),
	XLAT_ENTRY(UMSUBL, 0, 0, xlat_madd),
	XLAT_ENTRY(SMULH, 0, 0, xlat_mulh),
	XLAT_ENTRY(UMULH, 0, 0, xlat_mulh),
};

const unsigned int xlat_dpreg_count = ARRAY_SIZE(xlat_dpreg_table);

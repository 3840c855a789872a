// SPDX-License-Identifier: GPL-2.0
/*
 * x86/emit_vec.c - x86-64 encoder: VEX-encoded BMI1/BMI2 instructions and
 * the SSE instructions the translator uses for 128-bit data and CRC/GHASH
 * style arithmetic.
 */
#include "x86/insn.h"

/* VEX.LZ.<pp>.<map>.W<bits == 64> <opcode> /r with three registers. */
static void emit_vex(struct x86_emitter *e, enum x86_vex_map map,
		     enum x86_vex_pp pp, u8 opcode, unsigned int bits,
		     unsigned int reg, unsigned int vvvv, unsigned int rm)
{
	struct x86_insn in;

	x86_insn_init(&in);
	x86_insn_check(&in, bits == 32 || bits == 64);
	x86_insn_vex_rr(&in, map, pp, bits == 64, opcode, reg, vvvv, rm);
	x86_insn_commit(e, &in);
}

void x86_shlx(struct x86_emitter *e, unsigned int bits,
	      enum x86_reg dst, enum x86_reg src, enum x86_reg count)
{
	emit_vex(e, X86_MAP_0F38, X86_PP_66, 0xf7, bits, dst, count, src);
}

void x86_shrx(struct x86_emitter *e, unsigned int bits,
	      enum x86_reg dst, enum x86_reg src, enum x86_reg count)
{
	emit_vex(e, X86_MAP_0F38, X86_PP_F2, 0xf7, bits, dst, count, src);
}

void x86_sarx(struct x86_emitter *e, unsigned int bits,
	      enum x86_reg dst, enum x86_reg src, enum x86_reg count)
{
	emit_vex(e, X86_MAP_0F38, X86_PP_F3, 0xf7, bits, dst, count, src);
}

void x86_rorx(struct x86_emitter *e, unsigned int bits,
	      enum x86_reg dst, enum x86_reg src, u8 count)
{
	struct x86_insn in;

	/* VEX.vvvv is unused: encoded as 1111, i.e. register 0 inverted */
	x86_insn_init(&in);
	x86_insn_check(&in, bits == 32 || bits == 64);
	x86_insn_vex_rr(&in, X86_MAP_0F3A, X86_PP_F2, bits == 64, 0xf0,
			dst, 0, src);
	x86_insn_imm(&in, count, 1);
	x86_insn_commit(e, &in);
}

void x86_andn(struct x86_emitter *e, unsigned int bits,
	      enum x86_reg dst, enum x86_reg a, enum x86_reg b)
{
	emit_vex(e, X86_MAP_0F38, X86_PP_NONE, 0xf2, bits, dst, a, b);
}

void x86_bzhi(struct x86_emitter *e, unsigned int bits,
	      enum x86_reg dst, enum x86_reg src, enum x86_reg index)
{
	emit_vex(e, X86_MAP_0F38, X86_PP_NONE, 0xf5, bits, dst, index, src);
}

/*
 * SSE instructions: the prefix (66/F2/F3) is part of the opcode.  @gpr_bits
 * is the size of a general register operand (32, or 64 for REX.W), or 0
 * where there is none.
 */
#define NO_GPR	0
#define NO_IMM	(-1)

static u32 gpr_flags(struct x86_insn *in, unsigned int gpr_bits)
{
	x86_insn_check(in, gpr_bits == NO_GPR || gpr_bits == 32 ||
		       gpr_bits == 64);
	return gpr_bits == 64 ? X86_F_W : 0;
}

static void emit_sse_rr(struct x86_emitter *e, u32 op, unsigned int gpr_bits,
			unsigned int reg, unsigned int rm, int imm8)
{
	struct x86_insn in;

	x86_insn_init(&in);
	x86_insn_rr(&in, op | gpr_flags(&in, gpr_bits), reg, rm);
	if (imm8 != NO_IMM)
		x86_insn_imm(&in, (u64)imm8, 1);
	x86_insn_commit(e, &in);
}

static void emit_sse_rm(struct x86_emitter *e, u32 op, unsigned int reg,
			const struct x86_mem *m, bool ok)
{
	struct x86_insn in;

	x86_insn_init(&in);
	x86_insn_check(&in, ok);
	x86_insn_rm(&in, op, reg, m);
	x86_insn_commit(e, &in);
}

void x86_movd_xr(struct x86_emitter *e, unsigned int bits,
		 enum x86_xmm dst, enum x86_reg src)
{
	emit_sse_rr(e, X86_OP2(0x0f, 0x6e) | X86_P66, bits, dst, src, NO_IMM);
}

void x86_movd_rx(struct x86_emitter *e, unsigned int bits,
		 enum x86_reg dst, enum x86_xmm src)
{
	emit_sse_rr(e, X86_OP2(0x0f, 0x7e) | X86_P66, bits, src, dst, NO_IMM);
}

void x86_movq_xx(struct x86_emitter *e, enum x86_xmm dst, enum x86_xmm src)
{
	emit_sse_rr(e, X86_OP2(0x0f, 0x7e) | X86_PF3, NO_GPR, dst, src,
		    NO_IMM);
}

void x86_pinsr(struct x86_emitter *e, unsigned int bits,
	       enum x86_xmm dst, enum x86_reg src, u8 lane)
{
	emit_sse_rr(e, X86_OP3(0x0f, 0x3a, 0x22) | X86_P66, bits, dst, src,
		    lane);
}

void x86_pextr(struct x86_emitter *e, unsigned int bits,
	       enum x86_reg dst, enum x86_xmm src, u8 lane)
{
	emit_sse_rr(e, X86_OP3(0x0f, 0x3a, 0x16) | X86_P66, bits, src, dst,
		    lane);
}

/* movq xmm, m64 (F3 0F 7E) or movd xmm, m32 (66 0F 6E). */
void x86_movd_xm(struct x86_emitter *e, unsigned int bits,
		 enum x86_xmm dst, const struct x86_mem *m)
{
	u32 op = bits == 64 ? X86_OP2(0x0f, 0x7e) | X86_PF3 :
			      X86_OP2(0x0f, 0x6e) | X86_P66;

	emit_sse_rm(e, op, dst, m, bits == 32 || bits == 64);
}

/* movq m64, xmm (66 0F D6) or movd m32, xmm (66 0F 7E). */
void x86_movd_mx(struct x86_emitter *e, unsigned int bits,
		 const struct x86_mem *m, enum x86_xmm src)
{
	u32 op = X86_OP2(0x0f, bits == 64 ? 0xd6 : 0x7e) | X86_P66;

	emit_sse_rm(e, op, src, m, bits == 32 || bits == 64);
}

void x86_movdqu_xm(struct x86_emitter *e, enum x86_xmm dst,
		   const struct x86_mem *m)
{
	emit_sse_rm(e, X86_OP2(0x0f, 0x6f) | X86_PF3, dst, m, true);
}

void x86_movdqu_mx(struct x86_emitter *e, const struct x86_mem *m,
		   enum x86_xmm src)
{
	emit_sse_rm(e, X86_OP2(0x0f, 0x7f) | X86_PF3, src, m, true);
}

void x86_movups_xm(struct x86_emitter *e, enum x86_xmm dst,
		   const struct x86_mem *m)
{
	emit_sse_rm(e, X86_OP2(0x0f, 0x10), dst, m, true);
}

void x86_movups_mx(struct x86_emitter *e, const struct x86_mem *m,
		   enum x86_xmm src)
{
	emit_sse_rm(e, X86_OP2(0x0f, 0x11), src, m, true);
}

void x86_movaps_xx(struct x86_emitter *e, enum x86_xmm dst, enum x86_xmm src)
{
	emit_sse_rr(e, X86_OP2(0x0f, 0x28), NO_GPR, dst, src, NO_IMM);
}

void x86_pxor_xx(struct x86_emitter *e, enum x86_xmm dst, enum x86_xmm src)
{
	emit_sse_rr(e, X86_OP2(0x0f, 0xef) | X86_P66, NO_GPR, dst, src,
		    NO_IMM);
}

void x86_pclmulqdq_xx(struct x86_emitter *e, enum x86_xmm dst,
		      enum x86_xmm src, u8 imm)
{
	emit_sse_rr(e, X86_OP3(0x0f, 0x3a, 0x44) | X86_P66, NO_GPR, dst, src,
		    imm);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * x86/emit.c - x86-64 encoder: buffer handling, moves and integer ALU.
 *
 * Each function assembles one instruction with the x86/insn.h helpers and
 * commits it whole.  Branches, patching and miscellaneous instructions are
 * in emit_ctl.c, SSE and VEX (BMI) instructions in emit_vec.c.
 */
#include "x86/insn.h"

void x86_emit_init(struct x86_emitter *e, void *buf, unsigned long size)
{
	e->start = buf;
	e->cur = buf;
	e->end = e->start + size;
	e->overflow = false;
	e->invalid = false;
}

void x86_emit_bytes(struct x86_emitter *e, const void *p, unsigned long len)
{
	if (e->overflow)
		return;
	if ((unsigned long)(e->end - e->cur) < len) {
		e->overflow = true;
		return;
	}
	memcpy(e->cur, p, len);
	e->cur += len;
}

void x86_emit_u8(struct x86_emitter *e, u8 v)
{
	x86_emit_bytes(e, &v, 1);
}

void x86_emit_u32(struct x86_emitter *e, u32 v)
{
	u8 b[4];

	x86_put_le32(b, v);
	x86_emit_bytes(e, b, sizeof(b));
}

void x86_emit_u64(struct x86_emitter *e, u64 v)
{
	u8 b[8];

	x86_put_le32(b, (u32)v);
	x86_put_le32(b + 4, (u32)(v >> 32));
	x86_emit_bytes(e, b, sizeof(b));
}

bool x86_rel32_reachable(const void *insn_end, const void *target)
{
	return x86_fits_s32(x86_distance(insn_end, target));
}

/* Emit "op reg, rm" on registers, sized by @bits. */
static void emit_rr(struct x86_emitter *e, u32 op, unsigned int bits,
		    unsigned int reg, unsigned int rm)
{
	struct x86_insn in;

	x86_insn_init(&in);
	x86_insn_rr(&in, op | x86_insn_size(&in, bits), reg, rm);
	x86_insn_commit(e, &in);
}

/* Emit "op reg, [m]", sized by @bits. */
static void emit_rm(struct x86_emitter *e, u32 op, unsigned int bits,
		    unsigned int reg, const struct x86_mem *m)
{
	struct x86_insn in;

	x86_insn_init(&in);
	x86_insn_rm(&in, op | x86_insn_size(&in, bits), reg, m);
	x86_insn_commit(e, &in);
}

/* Emit "op /digit rm" with an immediate of @imm_bytes. */
static void emit_digit_r(struct x86_emitter *e, u32 op, unsigned int bits,
			 unsigned int digit, unsigned int rm, u64 imm,
			 unsigned int imm_bytes)
{
	struct x86_insn in;

	x86_insn_init(&in);
	x86_insn_rr(&in, op | x86_insn_size_rm(&in, bits), digit, rm);
	x86_insn_imm(&in, imm, imm_bytes);
	x86_insn_commit(e, &in);
}

static void emit_digit_m(struct x86_emitter *e, u32 op, unsigned int bits,
			 unsigned int digit, const struct x86_mem *m, u64 imm,
			 unsigned int imm_bytes)
{
	struct x86_insn in;

	x86_insn_init(&in);
	x86_insn_rm(&in, op | x86_insn_size_rm(&in, bits), digit, m);
	x86_insn_imm(&in, imm, imm_bytes);
	x86_insn_commit(e, &in);
}

/* A one-byte opcode for 8-bit operands and the next one for the others. */
static u32 op_w(u8 opcode, unsigned int bits)
{
	return X86_OP1(bits == 8 ? opcode : opcode + 1);
}

static u32 op_0f_w(u8 opcode, unsigned int bits)
{
	return X86_OP2(0x0f, bits == 8 ? opcode : opcode + 1);
}

/* Bytes of an immediate of an operation of @bits (imm32 for 64-bit). */
static unsigned int imm_bytes(unsigned int bits)
{
	return bits == 64 ? 4 : bits / 8;
}

/* A bad request that no instruction can express. */
static void emit_invalid(struct x86_emitter *e)
{
	struct x86_insn in;

	x86_insn_init(&in);
	in.bad = true;
	x86_insn_commit(e, &in);
}

void x86_mov_rr(struct x86_emitter *e, unsigned int bits,
		enum x86_reg dst, enum x86_reg src)
{
	emit_rr(e, op_w(0x88, bits), bits, src, dst);
}

static void mov_ri(struct x86_emitter *e, unsigned int bits,
		   enum x86_reg dst, u64 imm, bool may_clobber_flags)
{
	struct x86_insn in;

	if (may_clobber_flags && (bits == 32 || bits == 64) &&
	    (bits == 64 ? imm : (u32)imm) == 0) {
		x86_alu_rr(e, X86_XOR, 32, dst, dst);
		return;
	}
	x86_insn_init(&in);
	if (bits == 64 && imm > 0xffffffffULL && x86_fits_s32((s64)imm)) {
		/* mov r/m64, imm32 sign-extends: shorter than imm64 */
		x86_insn_rr(&in, X86_OP1(0xc7) | X86_F_W, 0, dst);
		x86_insn_imm(&in, imm, 4);
	} else {
		if (bits == 64 && imm <= 0xffffffffULL)
			bits = 32;	/* the 32-bit form zero-extends */
		x86_insn_o(&in, X86_OP1(bits == 8 ? 0xb0 : 0xb8) |
			   x86_insn_size_rm(&in, bits), dst);
		x86_insn_imm(&in, imm, bits / 8);
	}
	x86_insn_commit(e, &in);
}

void x86_mov_ri(struct x86_emitter *e, unsigned int bits,
		enum x86_reg dst, u64 imm)
{
	mov_ri(e, bits, dst, imm, true);
}

void x86_mov_ri_keep_flags(struct x86_emitter *e, unsigned int bits,
			   enum x86_reg dst, u64 imm)
{
	mov_ri(e, bits, dst, imm, false);
}

void x86_mov_rm(struct x86_emitter *e, unsigned int bits,
		enum x86_reg dst, const struct x86_mem *m)
{
	emit_rm(e, op_w(0x8a, bits), bits, dst, m);
}

void x86_mov_mr(struct x86_emitter *e, unsigned int bits,
		const struct x86_mem *m, enum x86_reg src)
{
	emit_rm(e, op_w(0x88, bits), bits, src, m);
}

void x86_mov_mi(struct x86_emitter *e, unsigned int bits,
		const struct x86_mem *m, s32 imm)
{
	emit_digit_m(e, op_w(0xc6, bits), bits, 0, m, (u64)imm,
		     imm_bytes(bits));
}

/*
 * The opcode of movzx/movsx from @src_bits, or 0 for the 32-bit source
 * cases, which are plain moves or movsxd.  A 64-bit movzx destination is
 * encoded as the equivalent, shorter 32-bit one.
 */
static u32 extend_op(bool sign, unsigned int *dst_bits,
		     unsigned int src_bits)
{
	if (!sign && *dst_bits == 64)
		*dst_bits = 32;
	switch (src_bits) {
	case 8:
		return X86_OP2(0x0f, sign ? 0xbe : 0xb6) | X86_F_BRM;
	case 16:
		return X86_OP2(0x0f, sign ? 0xbf : 0xb7);
	}
	return 0;
}

/* Is @dst_bits a valid destination for extending @src_bits? */
static bool extend_ok(bool sign, unsigned int dst_bits, unsigned int src_bits)
{
	if (src_bits == 32)
		return sign ? dst_bits == 64 : dst_bits >= 32;
	return (src_bits == 8 || src_bits == 16) && dst_bits > src_bits &&
	       dst_bits <= 64;
}

static void extend_rr(struct x86_emitter *e, bool sign, unsigned int dst_bits,
		      unsigned int src_bits, enum x86_reg dst,
		      enum x86_reg src)
{
	struct x86_insn in;
	u32 op;

	if (!extend_ok(sign, dst_bits, src_bits)) {
		emit_invalid(e);
		return;
	}
	op = extend_op(sign, &dst_bits, src_bits);
	if (src_bits == 32) {
		if (!sign) {
			x86_mov_rr(e, 32, dst, src);
			return;
		}
		op = X86_OP1(0x63);
	}
	x86_insn_init(&in);
	x86_insn_rr(&in, op | x86_insn_size_rm(&in, dst_bits), dst, src);
	x86_insn_commit(e, &in);
}

static void extend_rm(struct x86_emitter *e, bool sign, unsigned int dst_bits,
		      unsigned int src_bits, enum x86_reg dst,
		      const struct x86_mem *m)
{
	struct x86_insn in;
	u32 op;

	if (!extend_ok(sign, dst_bits, src_bits)) {
		emit_invalid(e);
		return;
	}
	op = extend_op(sign, &dst_bits, src_bits);
	if (src_bits == 32) {
		if (!sign) {
			x86_mov_rm(e, 32, dst, m);
			return;
		}
		op = X86_OP1(0x63);
	}
	x86_insn_init(&in);
	x86_insn_rm(&in, op | x86_insn_size_rm(&in, dst_bits), dst, m);
	x86_insn_commit(e, &in);
}

void x86_movzx_rr(struct x86_emitter *e, unsigned int dst_bits,
		  unsigned int src_bits, enum x86_reg dst, enum x86_reg src)
{
	extend_rr(e, false, dst_bits, src_bits, dst, src);
}

void x86_movsx_rr(struct x86_emitter *e, unsigned int dst_bits,
		  unsigned int src_bits, enum x86_reg dst, enum x86_reg src)
{
	extend_rr(e, true, dst_bits, src_bits, dst, src);
}

void x86_movzx_rm(struct x86_emitter *e, unsigned int dst_bits,
		  unsigned int src_bits, enum x86_reg dst,
		  const struct x86_mem *m)
{
	extend_rm(e, false, dst_bits, src_bits, dst, m);
}

void x86_movsx_rm(struct x86_emitter *e, unsigned int dst_bits,
		  unsigned int src_bits, enum x86_reg dst,
		  const struct x86_mem *m)
{
	extend_rm(e, true, dst_bits, src_bits, dst, m);
}

void x86_load_zx(struct x86_emitter *e, unsigned int bits,
		 enum x86_reg dst, const struct x86_mem *m)
{
	if (bits == 64)
		x86_mov_rm(e, 64, dst, m);
	else
		x86_movzx_rm(e, 32, bits, dst, m);
}

void x86_load_sx(struct x86_emitter *e, unsigned int dst_bits,
		 unsigned int bits, enum x86_reg dst,
		 const struct x86_mem *m)
{
	if (bits == dst_bits)
		x86_mov_rm(e, bits, dst, m);
	else
		x86_movsx_rm(e, dst_bits, bits, dst, m);
}

void x86_lea(struct x86_emitter *e, unsigned int bits,
	     enum x86_reg dst, const struct x86_mem *m)
{
	if (bits == 8) {
		emit_invalid(e);
		return;
	}
	emit_rm(e, X86_OP1(0x8d), bits, dst, m);
}

void x86_xchg_rr(struct x86_emitter *e, unsigned int bits,
		 enum x86_reg a, enum x86_reg b)
{
	emit_rr(e, op_w(0x86, bits), bits, b, a);
}

void x86_xchg_mr(struct x86_emitter *e, unsigned int bits,
		 const struct x86_mem *m, enum x86_reg r)
{
	emit_rm(e, op_w(0x86, bits), bits, r, m);
}

void x86_lock(struct x86_emitter *e)
{
	struct x86_insn in;

	x86_insn_init(&in);
	x86_insn_byte(&in, 0xf0);
	x86_insn_commit(e, &in);
}

void x86_cmpxchg_mr(struct x86_emitter *e, unsigned int bits,
		    const struct x86_mem *m, enum x86_reg r, bool lock)
{
	if (lock)
		x86_lock(e);
	emit_rm(e, op_0f_w(0xb0, bits), bits, r, m);
}

void x86_cmpxchg16b(struct x86_emitter *e, const struct x86_mem *m,
		    bool lock)
{
	if (lock)
		x86_lock(e);
	emit_digit_m(e, X86_OP2(0x0f, 0xc7), 64, 1, m, 0, 0);
}

void x86_xadd_mr(struct x86_emitter *e, unsigned int bits,
		 const struct x86_mem *m, enum x86_reg r, bool lock)
{
	if (lock)
		x86_lock(e);
	emit_rm(e, op_0f_w(0xc0, bits), bits, r, m);
}

/* push/pop default to 64-bit operands: no REX.W. */
static void emit_o(struct x86_emitter *e, u8 opcode, enum x86_reg r)
{
	struct x86_insn in;

	x86_insn_init(&in);
	x86_insn_o(&in, X86_OP1(opcode), r);
	x86_insn_commit(e, &in);
}

void x86_push_r(struct x86_emitter *e, enum x86_reg r)
{
	emit_o(e, 0x50, r);
}

void x86_pop_r(struct x86_emitter *e, enum x86_reg r)
{
	emit_o(e, 0x58, r);
}

void x86_push_i(struct x86_emitter *e, s32 imm)
{
	struct x86_insn in;
	bool short_form = x86_fits_s8(imm);

	x86_insn_init(&in);
	x86_insn_byte(&in, short_form ? 0x6a : 0x68);
	x86_insn_imm(&in, (u64)imm, short_form ? 1 : 4);
	x86_insn_commit(e, &in);
}

/* The ALU group: "op r/m, r" is opcode op * 8 (+1), "op r, r/m" +2 (+3). */
void x86_alu_rr(struct x86_emitter *e, enum x86_alu op, unsigned int bits,
		enum x86_reg dst, enum x86_reg src)
{
	emit_rr(e, op_w((u8)(op << 3), bits), bits, src, dst);
}

void x86_alu_rm(struct x86_emitter *e, enum x86_alu op, unsigned int bits,
		enum x86_reg dst, const struct x86_mem *m)
{
	emit_rm(e, op_w((u8)((op << 3) + 2), bits), bits, dst, m);
}

void x86_alu_mr(struct x86_emitter *e, enum x86_alu op, unsigned int bits,
		const struct x86_mem *m, enum x86_reg src)
{
	emit_rm(e, op_w((u8)(op << 3), bits), bits, src, m);
}

/* The immediate as the instruction sees it: truncated to the operand. */
static s64 imm_value(unsigned int bits, s32 imm)
{
	if (bits == 8)
		return (s8)imm;
	if (bits == 16)
		return (s16)imm;
	return imm;
}

/* Opcode of the 80/81/83 group for @imm at @bits, with its imm size. */
static u32 alu_imm_op(unsigned int bits, s32 imm, unsigned int *bytes)
{
	if (bits == 8) {
		*bytes = 1;
		return X86_OP1(0x80);
	}
	if (x86_fits_s8(imm_value(bits, imm))) {
		*bytes = 1;
		return X86_OP1(0x83);
	}
	*bytes = imm_bytes(bits);
	return X86_OP1(0x81);
}

void x86_alu_ri(struct x86_emitter *e, enum x86_alu op, unsigned int bits,
		enum x86_reg dst, s32 imm)
{
	unsigned int bytes;
	u32 opcode = alu_imm_op(bits, imm, &bytes);
	struct x86_insn in;

	if (dst == X86_RAX && opcode != X86_OP1(0x83)) {
		/* the accumulator form saves the ModRM byte */
		x86_insn_init(&in);
		x86_insn_op(&in, op_w((u8)((op << 3) + 4), bits) |
			    x86_insn_size_rm(&in, bits));
		x86_insn_imm(&in, (u64)imm, bytes);
		x86_insn_commit(e, &in);
		return;
	}
	emit_digit_r(e, opcode, bits, op, dst, (u64)imm, bytes);
}

void x86_alu_mi(struct x86_emitter *e, enum x86_alu op, unsigned int bits,
		const struct x86_mem *m, s32 imm)
{
	unsigned int bytes;
	u32 opcode = alu_imm_op(bits, imm, &bytes);

	emit_digit_m(e, opcode, bits, op, m, (u64)imm, bytes);
}

void x86_test_rr(struct x86_emitter *e, unsigned int bits,
		 enum x86_reg a, enum x86_reg b)
{
	emit_rr(e, op_w(0x84, bits), bits, b, a);
}

void x86_test_ri(struct x86_emitter *e, unsigned int bits,
		 enum x86_reg r, s32 imm)
{
	struct x86_insn in;

	if (r == X86_RAX) {
		x86_insn_init(&in);
		x86_insn_op(&in, op_w(0xa8, bits) |
			    x86_insn_size_rm(&in, bits));
		x86_insn_imm(&in, (u64)imm, imm_bytes(bits));
		x86_insn_commit(e, &in);
		return;
	}
	emit_digit_r(e, op_w(0xf6, bits), bits, 0, r, (u64)imm,
		     imm_bytes(bits));
}

void x86_test_mi(struct x86_emitter *e, unsigned int bits,
		 const struct x86_mem *m, s32 imm)
{
	emit_digit_m(e, op_w(0xf6, bits), bits, 0, m, (u64)imm,
		     imm_bytes(bits));
}

void x86_unary_r(struct x86_emitter *e, enum x86_unop op, unsigned int bits,
		 enum x86_reg r)
{
	emit_digit_r(e, op_w(0xf6, bits), bits, op, r, 0, 0);
}

void x86_unary_m(struct x86_emitter *e, enum x86_unop op, unsigned int bits,
		 const struct x86_mem *m)
{
	emit_digit_m(e, op_w(0xf6, bits), bits, op, m, 0, 0);
}

void x86_inc_r(struct x86_emitter *e, unsigned int bits, enum x86_reg r)
{
	emit_digit_r(e, op_w(0xfe, bits), bits, 0, r, 0, 0);
}

void x86_dec_r(struct x86_emitter *e, unsigned int bits, enum x86_reg r)
{
	emit_digit_r(e, op_w(0xfe, bits), bits, 1, r, 0, 0);
}

void x86_inc_m(struct x86_emitter *e, unsigned int bits,
	       const struct x86_mem *m)
{
	emit_digit_m(e, op_w(0xfe, bits), bits, 0, m, 0, 0);
}

void x86_dec_m(struct x86_emitter *e, unsigned int bits,
	       const struct x86_mem *m)
{
	emit_digit_m(e, op_w(0xfe, bits), bits, 1, m, 0, 0);
}

/* Most 0F-map instructions have no 8-bit form. */
static void emit_rr_nobyte(struct x86_emitter *e, u32 op, unsigned int bits,
			   unsigned int reg, unsigned int rm)
{
	if (bits == 8)
		emit_invalid(e);
	else
		emit_rr(e, op, bits, reg, rm);
}

void x86_imul_rr(struct x86_emitter *e, unsigned int bits,
		 enum x86_reg dst, enum x86_reg src)
{
	emit_rr_nobyte(e, X86_OP2(0x0f, 0xaf), bits, dst, src);
}

void x86_imul_rm(struct x86_emitter *e, unsigned int bits,
		 enum x86_reg dst, const struct x86_mem *m)
{
	if (bits == 8)
		emit_invalid(e);
	else
		emit_rm(e, X86_OP2(0x0f, 0xaf), bits, dst, m);
}

void x86_imul_rri(struct x86_emitter *e, unsigned int bits,
		  enum x86_reg dst, enum x86_reg src, s32 imm)
{
	bool short_form = x86_fits_s8(imm_value(bits, imm));
	struct x86_insn in;

	x86_insn_init(&in);
	x86_insn_check(&in, bits != 8);
	x86_insn_rr(&in, X86_OP1(short_form ? 0x6b : 0x69) |
		    x86_insn_size(&in, bits), dst, src);
	x86_insn_imm(&in, (u64)imm, short_form ? 1 : imm_bytes(bits));
	x86_insn_commit(e, &in);
}

void x86_cdq(struct x86_emitter *e)
{
	x86_emit_u8(e, 0x99);
}

void x86_cqo(struct x86_emitter *e)
{
	static const u8 cqo[] = { 0x48, 0x99 };

	x86_emit_bytes(e, cqo, sizeof(cqo));
}

void x86_shift_ri(struct x86_emitter *e, enum x86_shift op,
		  unsigned int bits, enum x86_reg r, u8 count)
{
	if (count == 1)
		emit_digit_r(e, op_w(0xd0, bits), bits, op, r, 0, 0);
	else
		emit_digit_r(e, op_w(0xc0, bits), bits, op, r, count, 1);
}

void x86_shift_rcl(struct x86_emitter *e, enum x86_shift op,
		   unsigned int bits, enum x86_reg r)
{
	emit_digit_r(e, op_w(0xd2, bits), bits, op, r, 0, 0);
}

/* shld/shrd: ModRM.rm is the destination, ModRM.reg the source. */
static void emit_double_shift(struct x86_emitter *e, u8 opcode,
			      unsigned int bits, enum x86_reg dst,
			      enum x86_reg src, int count)
{
	struct x86_insn in;

	x86_insn_init(&in);
	x86_insn_check(&in, bits != 8);
	x86_insn_rr(&in, X86_OP2(0x0f, opcode) | x86_insn_size(&in, bits),
		    src, dst);
	if (count >= 0)
		x86_insn_imm(&in, (u64)count, 1);
	x86_insn_commit(e, &in);
}

void x86_shld_rri(struct x86_emitter *e, unsigned int bits,
		  enum x86_reg dst, enum x86_reg src, u8 count)
{
	emit_double_shift(e, 0xa4, bits, dst, src, count);
}

void x86_shrd_rri(struct x86_emitter *e, unsigned int bits,
		  enum x86_reg dst, enum x86_reg src, u8 count)
{
	emit_double_shift(e, 0xac, bits, dst, src, count);
}

void x86_shld_rrcl(struct x86_emitter *e, unsigned int bits,
		   enum x86_reg dst, enum x86_reg src)
{
	emit_double_shift(e, 0xa5, bits, dst, src, -1);
}

void x86_shrd_rrcl(struct x86_emitter *e, unsigned int bits,
		   enum x86_reg dst, enum x86_reg src)
{
	emit_double_shift(e, 0xad, bits, dst, src, -1);
}

void x86_bswap(struct x86_emitter *e, unsigned int bits, enum x86_reg r)
{
	struct x86_insn in;

	x86_insn_init(&in);
	x86_insn_check(&in, bits == 32 || bits == 64);
	x86_insn_o(&in, X86_OP2(0x0f, 0xc8) | x86_insn_size(&in, bits), r);
	x86_insn_commit(e, &in);
}

void x86_bsf_rr(struct x86_emitter *e, unsigned int bits,
		enum x86_reg dst, enum x86_reg src)
{
	emit_rr_nobyte(e, X86_OP2(0x0f, 0xbc), bits, dst, src);
}

void x86_bsr_rr(struct x86_emitter *e, unsigned int bits,
		enum x86_reg dst, enum x86_reg src)
{
	emit_rr_nobyte(e, X86_OP2(0x0f, 0xbd), bits, dst, src);
}

void x86_lzcnt_rr(struct x86_emitter *e, unsigned int bits,
		  enum x86_reg dst, enum x86_reg src)
{
	emit_rr_nobyte(e, X86_OP2(0x0f, 0xbd) | X86_PF3, bits, dst, src);
}

void x86_tzcnt_rr(struct x86_emitter *e, unsigned int bits,
		  enum x86_reg dst, enum x86_reg src)
{
	emit_rr_nobyte(e, X86_OP2(0x0f, 0xbc) | X86_PF3, bits, dst, src);
}

void x86_popcnt_rr(struct x86_emitter *e, unsigned int bits,
		   enum x86_reg dst, enum x86_reg src)
{
	emit_rr_nobyte(e, X86_OP2(0x0f, 0xb8) | X86_PF3, bits, dst, src);
}

void x86_bt_ri(struct x86_emitter *e, enum x86_bt op, unsigned int bits,
	       enum x86_reg r, u8 bit)
{
	if (bits == 8)
		emit_invalid(e);
	else
		emit_digit_r(e, X86_OP2(0x0f, 0xba), bits, op, r, bit, 1);
}

/* bt r, r is 0F A3; bts/btr/btc follow at steps of 8. */
void x86_bt_rr(struct x86_emitter *e, enum x86_bt op, unsigned int bits,
	       enum x86_reg r, enum x86_reg bit)
{
	u8 opcode = (u8)(0xa3 + ((op - X86_BT) << 3));

	emit_rr_nobyte(e, X86_OP2(0x0f, opcode), bits, bit, r);
}

void x86_setcc(struct x86_emitter *e, enum x86_cc cc, enum x86_reg r)
{
	emit_digit_r(e, X86_OP2(0x0f, 0x90 + (cc & 15)), 8, 0, r, 0, 0);
}

void x86_cmov_rr(struct x86_emitter *e, enum x86_cc cc, unsigned int bits,
		 enum x86_reg dst, enum x86_reg src)
{
	emit_rr_nobyte(e, X86_OP2(0x0f, 0x40 + (cc & 15)), bits, dst, src);
}

void x86_cmov_rm(struct x86_emitter *e, enum x86_cc cc, unsigned int bits,
		 enum x86_reg dst, const struct x86_mem *m)
{
	if (bits == 8)
		emit_invalid(e);
	else
		emit_rm(e, X86_OP2(0x0f, 0x40 + (cc & 15)), bits, dst, m);
}

void x86_crc32_rr(struct x86_emitter *e, unsigned int src_bits,
		  enum x86_reg dst, enum x86_reg src)
{
	u32 op = X86_OP3(0x0f, 0x38, src_bits == 8 ? 0xf0 : 0xf1) | X86_PF2;
	struct x86_insn in;

	/* only the source is sized; the 64-bit form has a 64-bit dst */
	x86_insn_init(&in);
	x86_insn_rr(&in, op | x86_insn_size_rm(&in, src_bits), dst, src);
	x86_insn_commit(e, &in);
}

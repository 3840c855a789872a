/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86/emit.h - x86-64 machine code encoder for the translation engine.
 *
 * The translator writes host code into a caller-supplied buffer through a
 * struct x86_emitter.  Every emit function checks the room left before it
 * writes: an instruction that does not fit is not written at all, and the
 * sticky @overflow flag is set.  Once set, nothing more is emitted, so the
 * translator checks the flag once per block, flushes the code cache and
 * retries.  A request that cannot be encoded (RSP as an index, a rel32 out
 * of range, a bad scale or size) sets the sticky @invalid flag instead: that
 * is a translator bug, never a reason to retry.
 *
 * Code is assumed to run at the address it is written to: rel32 and
 * RIP-relative operands are computed from the buffer addresses.
 *
 * Conventions:
 *  - "bits" is the operand size: 8, 16, 32 or 64.  32-bit operations zero
 *    the upper half of the destination, as the hardware does.
 *  - For 8-bit operands, registers 4..7 mean SPL, BPL, SIL, DIL (a REX
 *    prefix is emitted for them); AH, CH, DH and BH are never produced.
 *  - Suffixes name operand kinds in Intel order, destination first:
 *    r = general register, m = memory, i = immediate, x = XMM register,
 *    cl = count in CL.  x86_alu_mr(e, op, bits, mem, src) is "op mem, src".
 *  - Functions that emit a branch return the address of its rel8/rel32
 *    field (a "site") for x86_patch_rel8()/x86_patch_rel32(), or NULL if
 *    nothing was emitted; patching a NULL site does nothing.  A NULL target
 *    leaves the field 0 (branch to the next instruction) until patched.
 */
#ifndef XVM_ENGINE_X86_EMIT_H
#define XVM_ENGINE_X86_EMIT_H

#include "host.h"

struct x86_emitter {
	u8 *start;		/* first byte of the buffer */
	u8 *cur;		/* where the next instruction goes */
	u8 *end;		/* one past the last writable byte */
	bool overflow;		/* sticky: an instruction did not fit */
	bool invalid;		/* sticky: an unencodable request was made */
};

/* General purpose registers, in hardware numbering. */
enum x86_reg {
	X86_RAX, X86_RCX, X86_RDX, X86_RBX,
	X86_RSP, X86_RBP, X86_RSI, X86_RDI,
	X86_R8, X86_R9, X86_R10, X86_R11,
	X86_R12, X86_R13, X86_R14, X86_R15,
	X86_NOREG,		/* no base or no index in a memory operand */
	X86_RIP,		/* base only: RIP-relative operand */
};

/* XMM registers, in hardware numbering. */
enum x86_xmm {
	X86_XMM0, X86_XMM1, X86_XMM2, X86_XMM3,
	X86_XMM4, X86_XMM5, X86_XMM6, X86_XMM7,
	X86_XMM8, X86_XMM9, X86_XMM10, X86_XMM11,
	X86_XMM12, X86_XMM13, X86_XMM14, X86_XMM15,
};

/* Condition codes in x86 numbering; cc ^ 1 is the opposite condition. */
enum x86_cc {
	X86_CC_O, X86_CC_NO, X86_CC_B, X86_CC_AE,
	X86_CC_E, X86_CC_NE, X86_CC_BE, X86_CC_A,
	X86_CC_S, X86_CC_NS, X86_CC_P, X86_CC_NP,
	X86_CC_L, X86_CC_GE, X86_CC_LE, X86_CC_G,
	X86_CC_C = X86_CC_B,
	X86_CC_NC = X86_CC_AE,
	X86_CC_Z = X86_CC_E,
	X86_CC_NZ = X86_CC_NE,
};

static inline enum x86_cc x86_cc_invert(enum x86_cc cc)
{
	return (enum x86_cc)(cc ^ 1);
}

/* The ALU group, numbered as the /digit of opcodes 80/81/83. */
enum x86_alu {
	X86_ADD, X86_OR, X86_ADC, X86_SBB,
	X86_AND, X86_SUB, X86_XOR, X86_CMP,
};

/* Shifts and rotates, numbered as the /digit of opcodes C0/C1/D0-D3. */
enum x86_shift {
	X86_ROL = 0, X86_ROR = 1, X86_RCL = 2, X86_RCR = 3,
	X86_SHL = 4, X86_SHR = 5, X86_SAR = 7,
};

/* One-operand group F6/F7, numbered as its /digit. */
enum x86_unop {
	X86_NOT = 2, X86_NEG = 3,
	X86_MUL = 4,		/* rDX:rAX = rAX * src, unsigned */
	X86_IMUL1 = 5,		/* rDX:rAX = rAX * src, signed */
	X86_DIV = 6,		/* rAX, rDX = rDX:rAX / src, unsigned */
	X86_IDIV = 7,		/* rAX, rDX = rDX:rAX / src, signed */
};

/* Bit test group, numbered as the /digit of 0F BA. */
enum x86_bt {
	X86_BT = 4, X86_BTS = 5, X86_BTR = 6, X86_BTC = 7,
};

/*
 * A memory operand: [base + index * scale + disp].  base may be X86_NOREG
 * (absolute sign-extended disp32) or X86_RIP (then @target is the absolute
 * address referenced and disp is ignored); index may be X86_NOREG but never
 * X86_RSP; scale is 1, 2, 4 or 8.  Build them with the helpers below.
 */
struct x86_mem {
	u8 base;
	u8 index;
	u8 scale;
	s32 disp;
	const void *target;
};

static inline struct x86_mem x86_mem(enum x86_reg base, s32 disp)
{
	struct x86_mem m = {
		.base = base, .index = X86_NOREG, .scale = 1, .disp = disp,
	};

	return m;
}

static inline struct x86_mem x86_mem_idx(enum x86_reg base,
					 enum x86_reg index,
					 unsigned int scale, s32 disp)
{
	struct x86_mem m = {
		.base = base, .index = index, .scale = scale, .disp = disp,
	};

	return m;
}

static inline struct x86_mem x86_mem_rip(const void *target)
{
	struct x86_mem m = {
		.base = X86_RIP, .index = X86_NOREG, .scale = 1,
		.target = target,
	};

	return m;
}

static inline struct x86_mem x86_mem_abs(s32 addr)
{
	return x86_mem(X86_NOREG, addr);
}

/* Buffer management. */
void x86_emit_init(struct x86_emitter *e, void *buf, unsigned long size);

static inline u8 *x86_here(const struct x86_emitter *e)
{
	return e->cur;
}

static inline unsigned long x86_emit_size(const struct x86_emitter *e)
{
	return e->cur - e->start;
}

static inline bool x86_emit_ok(const struct x86_emitter *e)
{
	return !e->overflow && !e->invalid;
}

/* Raw bytes and data (literal pools); nothing is emitted partially. */
void x86_emit_bytes(struct x86_emitter *e, const void *p, unsigned long len);
void x86_emit_u8(struct x86_emitter *e, u8 v);
void x86_emit_u32(struct x86_emitter *e, u32 v);
void x86_emit_u64(struct x86_emitter *e, u64 v);

/* Is @target reachable by a rel32 whose instruction ends at @insn_end? */
bool x86_rel32_reachable(const void *insn_end, const void *target);

/* Data movement. */
void x86_mov_rr(struct x86_emitter *e, unsigned int bits,
		enum x86_reg dst, enum x86_reg src);
/*
 * dst = imm (truncated to bits) with the shortest encoding.  For 32 and 64
 * bits a zero becomes "xor dst32, dst32", which clobbers the flags; use
 * x86_mov_ri_keep_flags() where the flags are live.
 */
void x86_mov_ri(struct x86_emitter *e, unsigned int bits,
		enum x86_reg dst, u64 imm);
void x86_mov_ri_keep_flags(struct x86_emitter *e, unsigned int bits,
			   enum x86_reg dst, u64 imm);
/* Load dst (bits) from memory; 8/16-bit loads merge, see x86_load_zx(). */
void x86_mov_rm(struct x86_emitter *e, unsigned int bits,
		enum x86_reg dst, const struct x86_mem *m);
/* Store src (bits) to memory. */
void x86_mov_mr(struct x86_emitter *e, unsigned int bits,
		const struct x86_mem *m, enum x86_reg src);
/* Store imm (sign-extended from 32 bits when bits == 64). */
void x86_mov_mi(struct x86_emitter *e, unsigned int bits,
		const struct x86_mem *m, s32 imm);

/*
 * Zero/sign extension.  src_bits is 8, 16 or 32, dst_bits 16, 32 or 64.
 * movzx with src_bits 32 is "mov dst32, src32"; movsx with src_bits 32 is
 * movsxd (dst_bits 64).  A 64-bit movzx is encoded as the equivalent and
 * shorter 32-bit one.
 */
void x86_movzx_rr(struct x86_emitter *e, unsigned int dst_bits,
		  unsigned int src_bits, enum x86_reg dst, enum x86_reg src);
void x86_movsx_rr(struct x86_emitter *e, unsigned int dst_bits,
		  unsigned int src_bits, enum x86_reg dst, enum x86_reg src);
void x86_movzx_rm(struct x86_emitter *e, unsigned int dst_bits,
		  unsigned int src_bits, enum x86_reg dst,
		  const struct x86_mem *m);
void x86_movsx_rm(struct x86_emitter *e, unsigned int dst_bits,
		  unsigned int src_bits, enum x86_reg dst,
		  const struct x86_mem *m);

/* Guest-style loads: zero- or sign-extend @bits from memory into 64 bits. */
void x86_load_zx(struct x86_emitter *e, unsigned int bits,
		 enum x86_reg dst, const struct x86_mem *m);
void x86_load_sx(struct x86_emitter *e, unsigned int dst_bits,
		 unsigned int bits, enum x86_reg dst,
		 const struct x86_mem *m);

/* dst = effective address of m; bits is 32 or 64. */
void x86_lea(struct x86_emitter *e, unsigned int bits,
	     enum x86_reg dst, const struct x86_mem *m);

void x86_xchg_rr(struct x86_emitter *e, unsigned int bits,
		 enum x86_reg a, enum x86_reg b);
/* xchg with memory is implicitly locked. */
void x86_xchg_mr(struct x86_emitter *e, unsigned int bits,
		 const struct x86_mem *m, enum x86_reg r);
/* cmpxchg m, r: compares with rAX; @lock adds the LOCK prefix. */
void x86_cmpxchg_mr(struct x86_emitter *e, unsigned int bits,
		    const struct x86_mem *m, enum x86_reg r, bool lock);
/* cmpxchg16b m: compares RDX:RAX, stores RCX:RBX; m must be 16-aligned. */
void x86_cmpxchg16b(struct x86_emitter *e, const struct x86_mem *m,
		    bool lock);
void x86_xadd_mr(struct x86_emitter *e, unsigned int bits,
		 const struct x86_mem *m, enum x86_reg r, bool lock);
/* A LOCK prefix for the next instruction (an ALU op with a memory dst). */
void x86_lock(struct x86_emitter *e);

void x86_push_r(struct x86_emitter *e, enum x86_reg r);
void x86_pop_r(struct x86_emitter *e, enum x86_reg r);
void x86_push_i(struct x86_emitter *e, s32 imm);
void x86_pushfq(struct x86_emitter *e);
void x86_popfq(struct x86_emitter *e);
void x86_lahf(struct x86_emitter *e);
void x86_sahf(struct x86_emitter *e);

/*
 * ALU group.  Immediates are truncated to bits (sign-extended from 32 for
 * 64-bit operations); the imm8 form is used whenever it fits.
 */
void x86_alu_rr(struct x86_emitter *e, enum x86_alu op, unsigned int bits,
		enum x86_reg dst, enum x86_reg src);
void x86_alu_ri(struct x86_emitter *e, enum x86_alu op, unsigned int bits,
		enum x86_reg dst, s32 imm);
void x86_alu_rm(struct x86_emitter *e, enum x86_alu op, unsigned int bits,
		enum x86_reg dst, const struct x86_mem *m);
void x86_alu_mr(struct x86_emitter *e, enum x86_alu op, unsigned int bits,
		const struct x86_mem *m, enum x86_reg src);
void x86_alu_mi(struct x86_emitter *e, enum x86_alu op, unsigned int bits,
		const struct x86_mem *m, s32 imm);

void x86_test_rr(struct x86_emitter *e, unsigned int bits,
		 enum x86_reg a, enum x86_reg b);
void x86_test_ri(struct x86_emitter *e, unsigned int bits,
		 enum x86_reg r, s32 imm);
void x86_test_mi(struct x86_emitter *e, unsigned int bits,
		 const struct x86_mem *m, s32 imm);

/* not/neg/mul/imul/div/idiv with one operand. */
void x86_unary_r(struct x86_emitter *e, enum x86_unop op, unsigned int bits,
		 enum x86_reg r);
void x86_unary_m(struct x86_emitter *e, enum x86_unop op, unsigned int bits,
		 const struct x86_mem *m);
void x86_inc_r(struct x86_emitter *e, unsigned int bits, enum x86_reg r);
void x86_dec_r(struct x86_emitter *e, unsigned int bits, enum x86_reg r);
void x86_inc_m(struct x86_emitter *e, unsigned int bits,
	       const struct x86_mem *m);
void x86_dec_m(struct x86_emitter *e, unsigned int bits,
	       const struct x86_mem *m);

/* Two- and three-operand imul (bits 16, 32, 64). */
void x86_imul_rr(struct x86_emitter *e, unsigned int bits,
		 enum x86_reg dst, enum x86_reg src);
void x86_imul_rm(struct x86_emitter *e, unsigned int bits,
		 enum x86_reg dst, const struct x86_mem *m);
void x86_imul_rri(struct x86_emitter *e, unsigned int bits,
		  enum x86_reg dst, enum x86_reg src, s32 imm);

/* Sign-extend rAX into rDX: cdq (32) and cqo (64). */
void x86_cdq(struct x86_emitter *e);
void x86_cqo(struct x86_emitter *e);

/* Shifts and rotates; a count of 1 uses the short D0/D1 form. */
void x86_shift_ri(struct x86_emitter *e, enum x86_shift op,
		  unsigned int bits, enum x86_reg r, u8 count);
void x86_shift_rcl(struct x86_emitter *e, enum x86_shift op,
		   unsigned int bits, enum x86_reg r);
/* shld/shrd dst, src, count (bits 16, 32, 64). */
void x86_shld_rri(struct x86_emitter *e, unsigned int bits,
		  enum x86_reg dst, enum x86_reg src, u8 count);
void x86_shrd_rri(struct x86_emitter *e, unsigned int bits,
		  enum x86_reg dst, enum x86_reg src, u8 count);
void x86_shld_rrcl(struct x86_emitter *e, unsigned int bits,
		   enum x86_reg dst, enum x86_reg src);
void x86_shrd_rrcl(struct x86_emitter *e, unsigned int bits,
		   enum x86_reg dst, enum x86_reg src);

/* BMI1/BMI2 (bits 32 or 64); these leave the flags alone except andn. */
void x86_shlx(struct x86_emitter *e, unsigned int bits,
	      enum x86_reg dst, enum x86_reg src, enum x86_reg count);
void x86_shrx(struct x86_emitter *e, unsigned int bits,
	      enum x86_reg dst, enum x86_reg src, enum x86_reg count);
void x86_sarx(struct x86_emitter *e, unsigned int bits,
	      enum x86_reg dst, enum x86_reg src, enum x86_reg count);
void x86_rorx(struct x86_emitter *e, unsigned int bits,
	      enum x86_reg dst, enum x86_reg src, u8 count);
/* dst = ~a & b (sets flags). */
void x86_andn(struct x86_emitter *e, unsigned int bits,
	      enum x86_reg dst, enum x86_reg a, enum x86_reg b);
/* dst = src with bits from index[7:0] upwards cleared (sets flags). */
void x86_bzhi(struct x86_emitter *e, unsigned int bits,
	      enum x86_reg dst, enum x86_reg src, enum x86_reg index);

/* Byte swap (bits 32 or 64). */
void x86_bswap(struct x86_emitter *e, unsigned int bits, enum x86_reg r);

/* Bit scans and counts (bits 16, 32, 64). */
void x86_bsf_rr(struct x86_emitter *e, unsigned int bits,
		enum x86_reg dst, enum x86_reg src);
void x86_bsr_rr(struct x86_emitter *e, unsigned int bits,
		enum x86_reg dst, enum x86_reg src);
void x86_lzcnt_rr(struct x86_emitter *e, unsigned int bits,
		  enum x86_reg dst, enum x86_reg src);
void x86_tzcnt_rr(struct x86_emitter *e, unsigned int bits,
		  enum x86_reg dst, enum x86_reg src);
void x86_popcnt_rr(struct x86_emitter *e, unsigned int bits,
		   enum x86_reg dst, enum x86_reg src);

/* bt/bts/btr/btc r, imm8 and r, r (bits 16, 32, 64). */
void x86_bt_ri(struct x86_emitter *e, enum x86_bt op, unsigned int bits,
	       enum x86_reg r, u8 bit);
void x86_bt_rr(struct x86_emitter *e, enum x86_bt op, unsigned int bits,
	       enum x86_reg r, enum x86_reg bit);

/* setcc r8 (only the low byte of r is written). */
void x86_setcc(struct x86_emitter *e, enum x86_cc cc, enum x86_reg r);
/* cmovcc (bits 16, 32, 64; 32 zero-extends even when not taken). */
void x86_cmov_rr(struct x86_emitter *e, enum x86_cc cc, unsigned int bits,
		 enum x86_reg dst, enum x86_reg src);
void x86_cmov_rm(struct x86_emitter *e, enum x86_cc cc, unsigned int bits,
		 enum x86_reg dst, const struct x86_mem *m);

/* Flags. */
void x86_clc(struct x86_emitter *e);
void x86_stc(struct x86_emitter *e);
void x86_cmc(struct x86_emitter *e);

/*
 * Branches.  The rel8 forms set @invalid when a known target is out of
 * range; x86_jcc()/x86_jmp() pick rel8 when a known target is in range
 * and rel32 otherwise (also for a NULL target).
 */
u8 *x86_jcc8(struct x86_emitter *e, enum x86_cc cc, const void *target);
u8 *x86_jcc32(struct x86_emitter *e, enum x86_cc cc, const void *target);
u8 *x86_jcc(struct x86_emitter *e, enum x86_cc cc, const void *target);
u8 *x86_jmp8(struct x86_emitter *e, const void *target);
u8 *x86_jmp32(struct x86_emitter *e, const void *target);
u8 *x86_jmp(struct x86_emitter *e, const void *target);
void x86_jmp_r(struct x86_emitter *e, enum x86_reg r);
void x86_jmp_m(struct x86_emitter *e, const struct x86_mem *m);
u8 *x86_call(struct x86_emitter *e, const void *target);
void x86_call_r(struct x86_emitter *e, enum x86_reg r);
void x86_call_m(struct x86_emitter *e, const struct x86_mem *m);
/*
 * Call/jump to an absolute address: rel32 when reachable, else
 * "mov scratch, imm64; call/jmp scratch".
 */
void x86_call_abs(struct x86_emitter *e, const void *target,
		  enum x86_reg scratch);
void x86_jmp_abs(struct x86_emitter *e, const void *target,
		 enum x86_reg scratch);
void x86_ret(struct x86_emitter *e);

/* Point a branch site at @target.  rel8: false if out of range. */
void x86_patch_rel32(u8 *site, const void *target);
bool x86_patch_rel8(u8 *site, const void *target);

/*
 * A 5-byte "jmp rel32" that never crosses an 8-byte boundary (nops are
 * emitted before it as needed), so that x86_patch_jmp() can retarget it
 * with one atomic 8-byte store while other CPUs execute it.  Returns the
 * address of the E9 opcode byte, or NULL if nothing was emitted.
 */
u8 *x86_jmp_patchable(struct x86_emitter *e, const void *target);
/*
 * Atomically retarget a jump made by x86_jmp_patchable().  The store
 * rewrites the whole 8-byte word holding the jump with its other bytes
 * unchanged, so the caller must not be emitting into that same word at
 * the same time (patch and emit under the code cache's lock).
 */
void x86_patch_jmp(u8 *jmp, const void *target);

/* Miscellaneous. */
void x86_mfence(struct x86_emitter *e);
void x86_lfence(struct x86_emitter *e);
void x86_sfence(struct x86_emitter *e);
void x86_pause(struct x86_emitter *e);
void x86_int3(struct x86_emitter *e);
void x86_ud2(struct x86_emitter *e);
void x86_hlt(struct x86_emitter *e);
void x86_vmcall(struct x86_emitter *e);
void x86_vmmcall(struct x86_emitter *e);
void x86_rdtsc(struct x86_emitter *e);
/* @len bytes of the recommended multi-byte nops. */
void x86_nop(struct x86_emitter *e, unsigned int len);
/* Pad with nops until cur is a multiple of @align (a power of two). */
void x86_align(struct x86_emitter *e, unsigned int align);

/* crc32 dst32, src (src_bits 8..64; 64 uses dst64, same CRC32C value). */
void x86_crc32_rr(struct x86_emitter *e, unsigned int src_bits,
		  enum x86_reg dst, enum x86_reg src);

/* SSE: GPR <-> XMM (bits 32: movd, 64: movq; movd zero-extends). */
void x86_movd_xr(struct x86_emitter *e, unsigned int bits,
		 enum x86_xmm dst, enum x86_reg src);
void x86_movd_rx(struct x86_emitter *e, unsigned int bits,
		 enum x86_reg dst, enum x86_xmm src);
/* movq xmm, xmm: copy the low 64 bits, zero the high 64. */
void x86_movq_xx(struct x86_emitter *e, enum x86_xmm dst, enum x86_xmm src);
/* pinsrd/pinsrq and pextrd/pextrq (SSE4.1; bits 32 or 64). */
void x86_pinsr(struct x86_emitter *e, unsigned int bits,
	       enum x86_xmm dst, enum x86_reg src, u8 lane);
void x86_pextr(struct x86_emitter *e, unsigned int bits,
	       enum x86_reg dst, enum x86_xmm src, u8 lane);
/* 32/64-bit loads (zeroing the rest) and stores of the low element. */
void x86_movd_xm(struct x86_emitter *e, unsigned int bits,
		 enum x86_xmm dst, const struct x86_mem *m);
void x86_movd_mx(struct x86_emitter *e, unsigned int bits,
		 const struct x86_mem *m, enum x86_xmm src);
/* 128-bit unaligned loads and stores. */
void x86_movdqu_xm(struct x86_emitter *e, enum x86_xmm dst,
		   const struct x86_mem *m);
void x86_movdqu_mx(struct x86_emitter *e, const struct x86_mem *m,
		   enum x86_xmm src);
void x86_movups_xm(struct x86_emitter *e, enum x86_xmm dst,
		   const struct x86_mem *m);
void x86_movups_mx(struct x86_emitter *e, const struct x86_mem *m,
		   enum x86_xmm src);
void x86_movaps_xx(struct x86_emitter *e, enum x86_xmm dst,
		   enum x86_xmm src);
void x86_pxor_xx(struct x86_emitter *e, enum x86_xmm dst, enum x86_xmm src);
/* pclmulqdq dst, src, imm: imm bit 0 picks dst's qword, bit 4 src's. */
void x86_pclmulqdq_xx(struct x86_emitter *e, enum x86_xmm dst,
		      enum x86_xmm src, u8 imm);

#endif /* XVM_ENGINE_X86_EMIT_H */

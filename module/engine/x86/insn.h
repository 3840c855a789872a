/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86/insn.h - the one place that knows prefixes, REX, VEX, ModRM and SIB.
 *
 * Private to the x86 encoder (x86/emit*.c).  An instruction is assembled
 * into a struct x86_insn on the stack and then committed to the emitter in
 * one piece, so that a buffer overflow never leaves half an instruction
 * behind and a RIP-relative displacement can be computed from the final
 * instruction length.
 */
#ifndef XVM_ENGINE_X86_INSN_H
#define XVM_ENGINE_X86_INSN_H

#include "x86/emit.h"

#define X86_MAX_INSN	15

struct x86_insn {
	u8 b[16];
	u8 len;
	bool bad;		/* unencodable: commit a ud2 instead */
	s8 rip_at;		/* offset of a RIP-relative disp32, or -1 */
	const void *rip_target;
};

/*
 * An opcode descriptor packs the opcode bytes with what goes in front of
 * them: bits 0-23 hold up to three opcode bytes (the last in bits 0-7),
 * bits 24-25 their count, bits 26-27 a mandatory prefix, and the X86_F_*
 * flags say how the operand size and byte registers are encoded.
 */
#define X86_OP1(a)		((1u << 24) | (a))
#define X86_OP2(a, b)		((2u << 24) | ((a) << 8) | (b))
#define X86_OP3(a, b, c)	((3u << 24) | ((a) << 16) | ((b) << 8) | (c))
#define X86_P66			BIT(26)
#define X86_PF3			(2u << 26)
#define X86_PF2			(3u << 26)
#define X86_F_W			BIT(28)	/* REX.W: 64-bit operand */
#define X86_F_OSZ		BIT(29)	/* 0x66: 16-bit operand */
#define X86_F_BREG		BIT(30)	/* ModRM.reg is an 8-bit reg */
#define X86_F_BRM		BIT(31)	/* ModRM.rm / +r is an 8-bit reg */

/* VEX opcode maps and implied prefixes (VEX.mmmmm and VEX.pp). */
enum x86_vex_map { X86_MAP_0F = 1, X86_MAP_0F38 = 2, X86_MAP_0F3A = 3 };
enum x86_vex_pp { X86_PP_NONE, X86_PP_66, X86_PP_F3, X86_PP_F2 };

void x86_insn_init(struct x86_insn *in);
void x86_insn_byte(struct x86_insn *in, u8 b);
void x86_insn_imm(struct x86_insn *in, u64 v, unsigned int bytes);

/* Flags for an operand of @bits in both ModRM fields; marks bad sizes. */
u32 x86_insn_size(struct x86_insn *in, unsigned int bits);
/* The same when ModRM.reg is an opcode extension (/digit). */
u32 x86_insn_size_rm(struct x86_insn *in, unsigned int bits);
/* Mark @in bad unless @ok. */
void x86_insn_check(struct x86_insn *in, bool ok);

/* op reg, rm with both operands registers (ModRM.mod = 3). */
void x86_insn_rr(struct x86_insn *in, u32 op, unsigned int reg,
		 unsigned int rm);
/* op reg, [mem]. */
void x86_insn_rm(struct x86_insn *in, u32 op, unsigned int reg,
		 const struct x86_mem *m);
/* op+reg: the register in the low three bits of the last opcode byte. */
void x86_insn_o(struct x86_insn *in, u32 op, unsigned int reg);
/* A bare opcode with its prefixes. */
void x86_insn_op(struct x86_insn *in, u32 op);
/* VEX-encoded op reg, vvvv, rm with register operands. */
void x86_insn_vex_rr(struct x86_insn *in, enum x86_vex_map map,
		     enum x86_vex_pp pp, bool w, u8 opcode, unsigned int reg,
		     unsigned int vvvv, unsigned int rm);

/*
 * Write @in at e->cur.  Returns where it went, or NULL if nothing was
 * written (overflow).  A bad instruction sets e->invalid and is replaced
 * by ud2 so that code the translator failed to check traps when run.
 */
u8 *x86_insn_commit(struct x86_emitter *e, struct x86_insn *in);

/* Does @v fit in a sign-extended 8/32-bit field? */
static inline bool x86_fits_s8(s64 v)
{
	return v >= -128 && v <= 127;
}

static inline bool x86_fits_s32(s64 v)
{
	return v >= -2147483648LL && v <= 2147483647LL;
}

/* Store a little-endian 32-bit field (a displacement or immediate). */
static inline void x86_put_le32(u8 *p, u32 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
	p[2] = (u8)(v >> 16);
	p[3] = (u8)(v >> 24);
}

/* Distance from @from to @to, as a branch displacement sees it. */
static inline s64 x86_distance(const void *from, const void *to)
{
	return (s64)((unsigned long)to - (unsigned long)from);
}

#endif /* XVM_ENGINE_X86_INSN_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * x86/insn.c - prefixes, REX, VEX, ModRM and SIB for the x86-64 encoder.
 */
#include "x86/insn.h"

#define REX_BASE	0x40
#define REX_W		0x08
#define REX_R		0x04
#define REX_X		0x02
#define REX_B		0x01

/* ModRM.rm / SIB values with a special meaning. */
#define RM_SIB		4	/* a SIB byte follows */
#define RM_DISP32	5	/* mod 00: RIP-relative, or no base in SIB */
#define SIB_NO_INDEX	4

static const u8 mandatory_prefix[4] = { 0, 0x66, 0xf3, 0xf2 };

void x86_insn_init(struct x86_insn *in)
{
	memset(in, 0, sizeof(*in));
	in->rip_at = -1;
}

void x86_insn_byte(struct x86_insn *in, u8 b)
{
	if (in->len >= X86_MAX_INSN) {
		in->bad = true;
		return;
	}
	in->b[in->len++] = b;
}

void x86_insn_imm(struct x86_insn *in, u64 v, unsigned int bytes)
{
	unsigned int i;

	for (i = 0; i < bytes; i++)
		x86_insn_byte(in, (u8)(v >> (8 * i)));
}

void x86_insn_check(struct x86_insn *in, bool ok)
{
	if (!ok)
		in->bad = true;
}

static u32 size_flags(struct x86_insn *in, unsigned int bits, u32 byte_flags)
{
	switch (bits) {
	case 8:
		return byte_flags;
	case 16:
		return X86_F_OSZ;
	case 32:
		return 0;
	case 64:
		return X86_F_W;
	}
	in->bad = true;
	return 0;
}

u32 x86_insn_size(struct x86_insn *in, unsigned int bits)
{
	return size_flags(in, bits, X86_F_BREG | X86_F_BRM);
}

u32 x86_insn_size_rm(struct x86_insn *in, unsigned int bits)
{
	return size_flags(in, bits, X86_F_BRM);
}

/* SPL, BPL, SIL and DIL exist only when a REX prefix is present. */
static bool needs_rex_for_byte(unsigned int reg)
{
	return reg >= X86_RSP && reg <= X86_RDI;
}

/*
 * Emit the legacy prefixes, the REX prefix if any and the opcode bytes.
 * @rex holds the R/X/B bits; @force_rex asks for a REX even without them.
 */
static void put_opcode(struct x86_insn *in, u32 op, u8 rex, bool force_rex)
{
	unsigned int n = (op >> 24) & 3;

	if (op & X86_F_OSZ)
		x86_insn_byte(in, 0x66);
	if ((op >> 26) & 3)
		x86_insn_byte(in, mandatory_prefix[(op >> 26) & 3]);
	if (op & X86_F_W)
		rex |= REX_W;
	if (rex || force_rex)
		x86_insn_byte(in, REX_BASE | rex);
	while (n--)
		x86_insn_byte(in, (u8)(op >> (8 * n)));
}

static u8 modrm(unsigned int mod, unsigned int reg, unsigned int rm)
{
	return (u8)((mod << 6) | ((reg & 7) << 3) | (rm & 7));
}

static bool is_gpr(unsigned int r)
{
	return r <= X86_R15;
}

void x86_insn_rr(struct x86_insn *in, u32 op, unsigned int reg,
		 unsigned int rm)
{
	bool force = false;
	u8 rex = 0;

	x86_insn_check(in, reg <= 15 && rm <= 15);
	if (reg & 8)
		rex |= REX_R;
	if (rm & 8)
		rex |= REX_B;
	if ((op & X86_F_BREG) && needs_rex_for_byte(reg))
		force = true;
	if ((op & X86_F_BRM) && needs_rex_for_byte(rm))
		force = true;
	put_opcode(in, op, rex, force);
	x86_insn_byte(in, modrm(3, reg, rm));
}

void x86_insn_o(struct x86_insn *in, u32 op, unsigned int reg)
{
	bool force = (op & X86_F_BRM) && needs_rex_for_byte(reg);

	x86_insn_check(in, is_gpr(reg));
	put_opcode(in, op + (reg & 7), (reg & 8) ? REX_B : 0, force);
}

void x86_insn_op(struct x86_insn *in, u32 op)
{
	put_opcode(in, op, 0, false);
}

static unsigned int scale_bits(struct x86_insn *in, unsigned int scale)
{
	switch (scale) {
	case 1:
		return 0;
	case 2:
		return 1;
	case 4:
		return 2;
	case 8:
		return 3;
	}
	in->bad = true;
	return 0;
}

static void put_rip_relative(struct x86_insn *in, unsigned int reg,
			     const struct x86_mem *m)
{
	x86_insn_check(in, m->index == X86_NOREG);
	x86_insn_byte(in, modrm(0, reg, RM_DISP32));
	in->rip_at = (s8)in->len;
	in->rip_target = m->target;
	x86_insn_imm(in, 0, 4);
}

/*
 * ModRM, SIB and displacement of a memory operand.  The special cases:
 * rm = 100 means "SIB follows", so RSP/R12 as a base need a SIB; mod = 00
 * with rm/base = 101 means "disp32, no base" (RIP-relative without SIB),
 * so RBP/R13 as a base need an explicit disp8 of 0; index = 100 in the
 * SIB means "no index", so RSP cannot be an index.
 */
static void put_mem(struct x86_insn *in, unsigned int reg,
		    const struct x86_mem *m)
{
	bool has_index = m->index != X86_NOREG;
	unsigned int ss = has_index ? scale_bits(in, m->scale) : 0;
	unsigned int index = has_index ? m->index : SIB_NO_INDEX;
	unsigned int mod;

	if (m->base == X86_RIP) {
		put_rip_relative(in, reg, m);
		return;
	}
	x86_insn_check(in, !has_index ||
		       (is_gpr(m->index) && m->index != X86_RSP));
	if (m->base == X86_NOREG) {
		x86_insn_byte(in, modrm(0, reg, RM_SIB));
		x86_insn_byte(in, modrm(ss, index, RM_DISP32));
		x86_insn_imm(in, (u32)m->disp, 4);
		return;
	}
	x86_insn_check(in, is_gpr(m->base));
	if (m->disp == 0 && (m->base & 7) != RM_DISP32)
		mod = 0;
	else if (x86_fits_s8(m->disp))
		mod = 1;
	else
		mod = 2;
	if (has_index || (m->base & 7) == RM_SIB) {
		x86_insn_byte(in, modrm(mod, reg, RM_SIB));
		x86_insn_byte(in, modrm(ss, index, m->base));
	} else {
		x86_insn_byte(in, modrm(mod, reg, m->base));
	}
	if (mod == 1)
		x86_insn_imm(in, (u32)m->disp, 1);
	else if (mod == 2)
		x86_insn_imm(in, (u32)m->disp, 4);
}

void x86_insn_rm(struct x86_insn *in, u32 op, unsigned int reg,
		 const struct x86_mem *m)
{
	bool force = (op & X86_F_BREG) && needs_rex_for_byte(reg);
	u8 rex = 0;

	x86_insn_check(in, reg <= 15);
	if (reg & 8)
		rex |= REX_R;
	if (m->index != X86_NOREG && (m->index & 8) && is_gpr(m->index))
		rex |= REX_X;
	if (is_gpr(m->base) && (m->base & 8))
		rex |= REX_B;
	put_opcode(in, op, rex, force);
	put_mem(in, reg, m);
}

/*
 * The three-byte VEX prefix: R, X, B and vvvv are stored inverted.
 * Operand length L is always 0 (scalar/128-bit).
 */
void x86_insn_vex_rr(struct x86_insn *in, enum x86_vex_map map,
		     enum x86_vex_pp pp, bool w, u8 opcode, unsigned int reg,
		     unsigned int vvvv, unsigned int rm)
{
	u8 rxb = 0;

	x86_insn_check(in, reg <= 15 && vvvv <= 15 && rm <= 15);
	if (!(reg & 8))
		rxb |= 0x80;
	rxb |= 0x40;		/* no index register */
	if (!(rm & 8))
		rxb |= 0x20;
	x86_insn_byte(in, 0xc4);
	x86_insn_byte(in, rxb | map);
	x86_insn_byte(in, (u8)((w ? 0x80 : 0) | ((~vvvv & 15) << 3) | pp));
	x86_insn_byte(in, opcode);
	x86_insn_byte(in, modrm(3, reg, rm));
}

static const u8 ud2_bytes[] = { 0x0f, 0x0b };

u8 *x86_insn_commit(struct x86_emitter *e, struct x86_insn *in)
{
	u8 *at = e->cur;

	if (e->overflow)
		return NULL;
	if (!in->bad && in->rip_at >= 0) {
		s64 disp = x86_distance(at + in->len, in->rip_target);

		if (x86_fits_s32(disp))
			x86_put_le32(&in->b[in->rip_at], (u32)disp);
		else
			in->bad = true;
	}
	if (in->bad) {
		e->invalid = true;
		memcpy(in->b, ud2_bytes, sizeof(ud2_bytes));
		in->len = sizeof(ud2_bytes);
	}
	if ((unsigned long)(e->end - at) < in->len) {
		e->overflow = true;
		return NULL;
	}
	memcpy(at, in->b, in->len);
	e->cur = at + in->len;
	return in->bad ? NULL : at;
}

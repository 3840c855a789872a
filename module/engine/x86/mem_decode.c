// SPDX-License-Identifier: GPL-2.0
/*
 * x86/mem_decode.c - length and operand decoding of the loads and stores
 * translated code uses, for MMIO emulation (see x86/mem_decode.h).
 *
 * Accepted: [66] [REX] opcode ModRM [SIB] [disp8/disp32] [imm8/16/32],
 * with a memory ModRM (mod != 3). The REX prefix must come last, as the
 * hardware ignores one that does not. The address itself is not computed:
 * the fault reports it.
 */
#include "x86/mem_decode.h"

#define REX_W	0x8
#define REX_R	0x4

/* Bytes of ModRM, SIB and displacement at @p, or -1 if cut short. */
static int modrm_len(const u8 *p, unsigned int avail)
{
	unsigned int mod, rm, len = 1;

	if (avail < 1)
		return -1;
	mod = p[0] >> 6;
	rm = p[0] & 7;
	if (mod == 3)
		return -1;		/* register operand: no access */
	if (rm == 4) {
		if (avail < 2)
			return -1;
		len++;
		if (mod == 0 && (p[1] & 7) == 5)
			len += 4;	/* no base: disp32 */
	} else if (mod == 0 && rm == 5) {
		len += 4;		/* RIP-relative disp32 */
	}
	if (mod == 1)
		len += 1;
	else if (mod == 2)
		len += 4;
	return len <= avail ? (int)len : -1;
}

/* Little-endian immediate of @n bytes, sign-extended. */
static u64 get_simm(const u8 *p, unsigned int n)
{
	u64 v = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		v |= (u64)p[i] << (8 * i);
	return (u64)((s64)(v << (64 - 8 * n)) >> (64 - 8 * n));
}

int x86_decode_mem(const u8 *code, unsigned int avail,
		   struct x86_mem_access *a)
{
	unsigned int pos = 0, opsize = 4, rex = 0, imm_bytes = 0;
	unsigned int op;
	int mlen;

	memset(a, 0, sizeof(*a));
	if (pos < avail && code[pos] == 0x66) {
		opsize = 2;
		pos++;
	}
	if (pos < avail && (code[pos] & 0xf0) == 0x40)
		rex = code[pos++];
	if (rex & REX_W)
		opsize = 8;
	if (pos >= avail)
		return -1;
	op = code[pos++];
	if (op == 0x0f) {
		if (pos >= avail)
			return -1;
		op = 0x0f00 | code[pos++];
	}
	if (pos >= avail)
		return -1;
	a->reg = ((code[pos] >> 3) & 7) | (rex & REX_R ? 8 : 0);
	a->dst_bits = opsize * 8;

	switch (op) {
	case 0x88:			/* mov r/m8, r8 */
	case 0x8a:			/* mov r8, r/m8 */
		a->size = 1;
		a->dst_bits = 8;
		/* without REX, 8-bit registers 4-7 are AH, CH, DH, BH */
		if (!rex && a->reg >= 4)
			return -1;
		break;
	case 0x89:			/* mov r/m, r */
	case 0x8b:			/* mov r, r/m */
		a->size = opsize;
		break;
	case 0xc6:			/* mov r/m8, imm8 */
	case 0xc7:			/* mov r/m, imm16/32 */
		if (code[pos] & 0x38)
			return -1;	/* only /0 is a move */
		a->size = op == 0xc6 ? 1 : opsize;
		imm_bytes = a->size == 8 ? 4 : a->size;
		a->reg = 0;
		a->dst_bits = 0;
		a->imm = true;
		break;
	case 0x0fb6:			/* movzx r, r/m8 */
	case 0x0fb7:			/* movzx r, r/m16 */
	case 0x0fbe:			/* movsx r, r/m8 */
	case 0x0fbf:			/* movsx r, r/m16 */
		a->size = op & 1 ? 2 : 1;
		a->sign = op >= 0x0fbe;
		break;
	case 0x63:			/* movsxd r64, r/m32 */
		if (!(rex & REX_W))
			return -1;
		a->size = 4;
		a->sign = true;
		break;
	default:
		return -1;
	}
	a->write = op == 0x88 || op == 0x89 || a->imm;
	if (a->write)
		a->dst_bits = 0;

	mlen = modrm_len(code + pos, avail - pos);
	if (mlen < 0)
		return -1;
	pos += mlen;
	if (avail - pos < imm_bytes)
		return -1;
	if (imm_bytes) {
		a->imm_val = get_simm(code + pos, imm_bytes);
		if (a->size < 8)
			a->imm_val &= BIT_ULL(8 * a->size) - 1;
	}
	a->len = pos + imm_bytes;
	return 0;
}

static u64 size_mask(unsigned int bytes)
{
	return bytes >= 8 ? ~0ULL : BIT_ULL(8 * bytes) - 1;
}

u64 x86_mem_store_value(const struct x86_mem_access *a, const u64 *gpr)
{
	u64 v = a->imm ? a->imm_val : gpr[a->reg & 15];

	return v & size_mask(a->size);
}

void x86_mem_load_apply(const struct x86_mem_access *a, u64 *gpr, u64 data)
{
	unsigned int bits = 8 * a->size;
	u64 *r = &gpr[a->reg & 15];

	data &= size_mask(a->size);
	if (a->sign && bits < 64)
		data = (u64)((s64)(data << (64 - bits)) >> (64 - bits));
	switch (a->dst_bits) {
	case 8:
	case 16:
		*r = (*r & ~size_mask(a->dst_bits / 8)) |
		     (data & size_mask(a->dst_bits / 8));
		break;
	case 32:
		*r = (u32)data;
		break;
	default:
		*r = data;
		break;
	}
}

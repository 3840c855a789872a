// SPDX-License-Identifier: GPL-2.0
/*
 * randgen.c - seeded generator of random, valid A64 integer code blocks.
 *
 *   randgen [--seed S] [--first N] [--blocks K] [--map FILE] -o BLOB
 *
 * Writes K blocks (global indices N .. N+K-1 of the stream for seed S) in
 * the format of randgen.h. A block depends only on (S, its global index),
 * so any block can be regenerated alone with --first and --blocks 1.
 * The map file lists "index code_off code_len body_off body_len" per
 * block, for disassembling a block that misbehaves.
 *
 * Blocks cover data processing (immediate and register, flag-setting
 * forms, bitfield, extract, conditional select/compare, multiply/divide
 * with high halves, CRC32), loads and stores of every size and addressing
 * mode into the scratch buffer, exclusives and acquire/release, literal
 * loads, forward branches of every kind inside the block, and NZCV moves.
 * Operands are biased towards edge values.
 *
 * Only encodings whose behaviour the architecture fixes are generated, so
 * that QEMU is a valid oracle: no writeback with Rn == Rt, no load pair
 * with Rt == Rt2, no store-exclusive with Rs == Rt or Rs == Rn, no SP or
 * x28 destinations, no unaligned or out-of-range memory accesses, no
 * store-exclusive without the load-exclusive right before it.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef __UINT8_TYPE__ u8;
typedef __UINT32_TYPE__ u32;
typedef __UINT64_TYPE__ u64;
typedef __INT64_TYPE__ s64;

#include "randgen.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define XBASE		28	/* scratch pointer, never written */
#define XZR		31	/* or SP, depending on the encoding */

#define MAX_INSNS	512
#define MAX_UNITS	128
#define MAX_LITERALS	128
#define N_INIT_LITS	32	/* x0..x30 and NZCV */
#define LIT_NZCV	31

/* Immediate ranges of the scratch window, see randgen.h. */
#define REACH		RG_SCRATCH_REACH

struct fixup {
	int insn;		/* index of the instruction to patch */
	int target;		/* unit index, or literal index */
	enum { FIX_BCOND, FIX_CB, FIX_TB, FIX_B, FIX_ADR, FIX_LIT } kind;
};

struct block {
	u64 rng;
	u32 insn[MAX_INSNS];
	int n;
	int unit_start[MAX_UNITS + 1];
	int nunits;
	int body_start, body_end;
	u64 lit[MAX_LITERALS];
	int nlit;
	struct fixup fix[MAX_INSNS];
	int nfix;
};

/* ---------------------------------------------------------------------
 * Random numbers
 */

static u64 splitmix64(u64 x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static u64 rnd(struct block *b)
{
	b->rng = splitmix64(b->rng);
	return b->rng;
}

/* Uniform in [0, n). */
static u32 below(struct block *b, u32 n)
{
	return (u32)(rnd(b) % n);
}

/* Uniform in [lo, hi]. */
static s64 range(struct block *b, s64 lo, s64 hi)
{
	return lo + (s64)(rnd(b) % (u64)(hi - lo + 1));
}

static bool chance(struct block *b, u32 percent)
{
	return below(b, 100) < percent;
}

/* Values where integer arithmetic goes wrong first. */
static u64 edge_value(struct block *b)
{
	static const u64 edges[] = {
		0, 1, 2, 3, 31, 32, 33, 63, 64, 65, 127, 128, 255,
		0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000,
		0xffffffff, 0x100000000ULL, 0x7fffffffffffffffULL,
		0x8000000000000000ULL, 0xffffffffffffffffULL,
		0xfffffffffffffffeULL, 0xffffffff80000000ULL,
		0xffffffff7fffffffULL, 0x00000000fffffffeULL,
		0x8000000000000001ULL, 0x0123456789abcdefULL,
	};
	u64 r;

	switch (below(b, 6)) {
	case 0:
	case 1:
		return edges[below(b, ARRAY_SIZE(edges))];
	case 2:
		r = 1ULL << below(b, 64);
		return chance(b, 50) ? r : r - 1;
	case 3:
		return (u64)range(b, -300, 300);
	case 4:
		return rnd(b) & 0xffffffff;
	default:
		return rnd(b);
	}
}

/* ---------------------------------------------------------------------
 * Emission
 */

static void emit(struct block *b, u32 insn)
{
	if (b->n >= MAX_INSNS) {
		fprintf(stderr, "randgen: block too long\n");
		exit(1);
	}
	b->insn[b->n++] = insn;
}

static void fixup(struct block *b, int kind, int target)
{
	b->fix[b->nfix].insn = b->n;
	b->fix[b->nfix].kind = kind;
	b->fix[b->nfix].target = target;
	b->nfix++;
}

static int add_literal(struct block *b, u64 v)
{
	b->lit[b->nlit] = v;
	return b->nlit++;
}

/* Destinations: never SP or x28; XZR only where allow_zr says so. */
static u32 pick_dst(struct block *b, bool allow_zr)
{
	u32 r;

	do {
		r = below(b, allow_zr ? 32 : 31);
	} while (r == XBASE);
	return r;
}

/* Any source register; 31 is XZR (or SP where the encoding says so). */
static u32 pick_src(struct block *b)
{
	return chance(b, 5) ? XBASE : below(b, 32);
}

/* A general register other than x28, XZR/SP and the ones in "avoid". */
static u32 pick_other(struct block *b, u32 avoid1, u32 avoid2)
{
	u32 r;

	do {
		r = below(b, 31);
	} while (r == XBASE || r == avoid1 || r == avoid2);
	return r;
}

static u32 pick_cond(struct block *b)
{
	return below(b, 16);
}

/* Shift amounts of a datasize: mostly the edges. */
static u32 pick_shift(struct block *b, bool sf)
{
	u32 size = sf ? 64 : 32;

	switch (below(b, 4)) {
	case 0:
		return 0;
	case 1:
		return size - 1;
	case 2:
		return chance(b, 50) ? 1 : size / 2;
	default:
		return below(b, size);
	}
}

static u32 pick_imm12(struct block *b)
{
	switch (below(b, 4)) {
	case 0:
		return 0;
	case 1:
		return 4095;
	case 2:
		return below(b, 16);
	default:
		return below(b, 4096);
	}
}

/* ---------------------------------------------------------------------
 * Encodings (Arm ARM, A64 base instructions)
 */

static u32 enc_addsub_imm(bool sf, bool sub, bool s, bool sh, u32 imm12,
			  u32 rn, u32 rd)
{
	return 0x11000000 | sf << 31 | sub << 30 | s << 29 | sh << 22 |
	       imm12 << 10 | rn << 5 | rd;
}

static u32 enc_logic_imm(bool sf, u32 opc, u32 n, u32 immr, u32 imms,
			 u32 rn, u32 rd)
{
	return 0x12000000 | sf << 31 | opc << 29 | n << 22 | immr << 16 |
	       imms << 10 | rn << 5 | rd;
}

static u32 enc_movw(bool sf, u32 opc, u32 hw, u32 imm16, u32 rd)
{
	return 0x12800000 | sf << 31 | opc << 29 | hw << 21 | imm16 << 5 | rd;
}

static u32 enc_bitfield(bool sf, u32 opc, u32 immr, u32 imms, u32 rn,
			u32 rd)
{
	return 0x13000000 | sf << 31 | opc << 29 | sf << 22 | immr << 16 |
	       imms << 10 | rn << 5 | rd;
}

static u32 enc_extr(bool sf, u32 rm, u32 imms, u32 rn, u32 rd)
{
	return 0x13800000 | sf << 31 | sf << 22 | rm << 16 | imms << 10 |
	       rn << 5 | rd;
}

static u32 enc_adr(bool page, s64 imm, u32 rd)
{
	u32 v = (u32)imm & 0x1fffff;

	return 0x10000000 | page << 31 | (v & 3) << 29 | (v >> 2) << 5 | rd;
}

static u32 enc_addsub_shift(bool sf, bool sub, bool s, u32 shift, u32 rm,
			    u32 imm6, u32 rn, u32 rd)
{
	return 0x0b000000 | sf << 31 | sub << 30 | s << 29 | shift << 22 |
	       rm << 16 | imm6 << 10 | rn << 5 | rd;
}

static u32 enc_addsub_ext(bool sf, bool sub, bool s, u32 rm, u32 option,
			  u32 imm3, u32 rn, u32 rd)
{
	return 0x0b200000 | sf << 31 | sub << 30 | s << 29 | rm << 16 |
	       option << 13 | imm3 << 10 | rn << 5 | rd;
}

static u32 enc_logic_shift(bool sf, u32 opc, u32 shift, bool n, u32 rm,
			   u32 imm6, u32 rn, u32 rd)
{
	return 0x0a000000 | sf << 31 | opc << 29 | shift << 22 | n << 21 |
	       rm << 16 | imm6 << 10 | rn << 5 | rd;
}

static u32 enc_adc(bool sf, bool sub, bool s, u32 rm, u32 rn, u32 rd)
{
	return 0x1a000000 | sf << 31 | sub << 30 | s << 29 | rm << 16 |
	       rn << 5 | rd;
}

static u32 enc_ccmp(bool sf, bool cmp, bool imm, u32 rm_imm, u32 cond,
		    u32 rn, u32 nzcv)
{
	return 0x3a400000 | sf << 31 | cmp << 30 | rm_imm << 16 |
	       cond << 12 | imm << 11 | rn << 5 | nzcv;
}

static u32 enc_csel(bool sf, bool op, u32 op2, u32 rm, u32 cond, u32 rn,
		    u32 rd)
{
	return 0x1a800000 | sf << 31 | op << 30 | rm << 16 | cond << 12 |
	       op2 << 10 | rn << 5 | rd;
}

static u32 enc_dp1(bool sf, u32 opcode, u32 rn, u32 rd)
{
	return 0x5ac00000 | sf << 31 | opcode << 10 | rn << 5 | rd;
}

static u32 enc_dp2(bool sf, u32 opcode, u32 rm, u32 rn, u32 rd)
{
	return 0x1ac00000 | sf << 31 | rm << 16 | opcode << 10 | rn << 5 | rd;
}

static u32 enc_dp3(bool sf, u32 op31, bool o0, u32 rm, u32 ra, u32 rn,
		   u32 rd)
{
	return 0x1b000000 | sf << 31 | op31 << 21 | rm << 16 | o0 << 15 |
	       ra << 10 | rn << 5 | rd;
}

/* Loads and stores: opc is 00 store, 01 load, 10 load signed to X, 11 to W. */
static u32 enc_ldst_uimm(u32 size, u32 opc, u32 imm12, u32 rn, u32 rt)
{
	return 0x39000000 | size << 30 | opc << 22 | imm12 << 10 | rn << 5 |
	       rt;
}

/* op2: 00 unscaled, 01 post-index, 11 pre-index. */
static u32 enc_ldst_simm(u32 size, u32 opc, s64 simm9, u32 op2, u32 rn,
			 u32 rt)
{
	return 0x38000000 | size << 30 | opc << 22 |
	       ((u32)simm9 & 0x1ff) << 12 | op2 << 10 | rn << 5 | rt;
}

static u32 enc_ldst_reg(u32 size, u32 opc, u32 rm, u32 option, bool s,
			u32 rn, u32 rt)
{
	return 0x38200800 | size << 30 | opc << 22 | rm << 16 |
	       option << 13 | s << 12 | rn << 5 | rt;
}

/* opc: 00 ldr w, 01 ldr x, 10 ldrsw, 11 prfm. */
static u32 enc_ldr_lit(u32 opc, s64 words, u32 rt)
{
	return 0x18000000 | opc << 30 | ((u32)words & 0x7ffff) << 5 | rt;
}

/* type: 000 non-temporal, 001 post-index, 010 offset, 011 pre-index. */
static u32 enc_ldstp(u32 opc, u32 type, bool load, s64 imm7, u32 rt2,
		     u32 rn, u32 rt)
{
	return 0x28000000 | opc << 30 | type << 23 | load << 22 |
	       ((u32)imm7 & 0x7f) << 15 | rt2 << 10 | rn << 5 | rt;
}

static u32 enc_excl(u32 size, u32 o2, bool load, u32 o1, u32 rs, u32 o0,
		    u32 rt2, u32 rn, u32 rt)
{
	return 0x08000000 | size << 30 | o2 << 23 | load << 22 | o1 << 21 |
	       rs << 16 | o0 << 15 | rt2 << 10 | rn << 5 | rt;
}

#define INSN_NOP	0xd503201f
#define INSN_RET	0xd65f03c0

static u32 enc_mrs_nzcv(u32 rt)
{
	return 0xd53b4200 | rt;
}

static u32 enc_msr_nzcv(u32 rt)
{
	return 0xd51b4200 | rt;
}

/* ---------------------------------------------------------------------
 * Data processing
 */

/* x[rd] = x[XBASE] + off, for a base register of memory gadgets. */
static void emit_base(struct block *b, u32 rd, s64 off)
{
	emit(b, enc_addsub_imm(true, off < 0, false, false,
			       (u32)(off < 0 ? -off : off), XBASE, rd));
}

/*
 * Every random draw below is a statement or an initialiser of its own:
 * C leaves the order of evaluating function arguments open, and a seed
 * must give the same blocks whichever compiler built randgen.
 */
static void gen_addsub_imm(struct block *b)
{
	bool sf = chance(b, 60), s = chance(b, 50), sub = chance(b, 50);
	bool sh = chance(b, 25);
	u32 imm = pick_imm12(b), rn = pick_src(b);
	/* Rd = 31 is SP unless flags are set; Rn = 31 is SP (readable). */
	u32 rd = pick_dst(b, s);

	emit(b, enc_addsub_imm(sf, sub, s, sh, imm, rn, rd));
}

/* A valid bitmask immediate: a rotated run of ones in a 2..64 element. */
static void pick_bitmask(struct block *b, bool sf, u32 *n, u32 *immr,
			 u32 *imms)
{
	u32 log_e = 1 + below(b, sf ? 6 : 5), e = 1u << log_e;
	u32 ones = 1 + below(b, e - 1);

	*n = e == 64;
	*imms = ((~(e * 2 - 1)) & 0x3f) | (ones - 1);
	*immr = below(b, e);
}

static void gen_logic_imm(struct block *b)
{
	bool sf = chance(b, 60);
	u32 opc = below(b, 4), n, immr, imms;

	u32 rn, rd;

	pick_bitmask(b, sf, &n, &immr, &imms);
	rn = pick_src(b);
	/* Only ANDS (opc 3) may name XZR; the others would write SP. */
	rd = pick_dst(b, opc == 3);
	emit(b, enc_logic_imm(sf, opc, n, immr, imms, rn, rd));
}

static void gen_movw(struct block *b)
{
	static const u32 opcs[] = { 0, 2, 3 };	/* movn, movz, movk */
	bool sf = chance(b, 60);
	u32 imm16, opc, hw, rd;

	switch (below(b, 4)) {
	case 0:
		imm16 = 0;
		break;
	case 1:
		imm16 = 0xffff;
		break;
	case 2:
		imm16 = 0x8000;
		break;
	default:
		imm16 = below(b, 0x10000);
		break;
	}
	opc = opcs[below(b, 3)];
	hw = below(b, sf ? 4 : 2);
	rd = pick_dst(b, true);
	emit(b, enc_movw(sf, opc, hw, imm16, rd));
}

static void gen_bitfield(struct block *b)
{
	bool sf = chance(b, 60);
	u32 opc = below(b, 3), immr = pick_shift(b, sf);
	u32 imms = pick_shift(b, sf), rn = pick_src(b);
	u32 rd = pick_dst(b, true);

	emit(b, enc_bitfield(sf, opc, immr, imms, rn, rd));
}

static void gen_extr(struct block *b)
{
	bool sf = chance(b, 60);
	u32 rn = pick_src(b);
	/* Rn == Rm is the ror alias. */
	u32 rm = chance(b, 25) ? rn : pick_src(b);
	u32 lsb = pick_shift(b, sf), rd = pick_dst(b, true);

	emit(b, enc_extr(sf, rm, lsb, rn, rd));
}

static void gen_adr(struct block *b)
{
	bool page = chance(b, 40);
	s64 imm = range(b, -4096, 4096);
	u32 rd = pick_dst(b, true);

	emit(b, enc_adr(page, imm, rd));
}

static void gen_addsub_shift(struct block *b)
{
	bool sf = chance(b, 60), sub = chance(b, 50), s = chance(b, 50);
	/* Shift type 11 (ror) is reserved here. */
	u32 shift = below(b, 3), rm = pick_src(b), amount = pick_shift(b, sf);
	u32 rn = pick_src(b), rd = pick_dst(b, true);

	emit(b, enc_addsub_shift(sf, sub, s, shift, rm, amount, rn, rd));
}

static void gen_addsub_ext(struct block *b)
{
	bool sf = chance(b, 60), s = chance(b, 50), sub = chance(b, 50);
	u32 rm = pick_src(b), option = below(b, 8), amount = below(b, 5);
	u32 rn = pick_src(b), rd = pick_dst(b, s);

	emit(b, enc_addsub_ext(sf, sub, s, rm, option, amount, rn, rd));
}

static void gen_logic_shift(struct block *b)
{
	bool sf = chance(b, 60);
	u32 opc = below(b, 4), shift = below(b, 4);
	bool invert = chance(b, 30);
	u32 rm = pick_src(b), amount = pick_shift(b, sf), rn = pick_src(b);
	u32 rd = pick_dst(b, true);

	emit(b, enc_logic_shift(sf, opc, shift, invert, rm, amount, rn, rd));
}

static void gen_adc(struct block *b)
{
	bool sf = chance(b, 60), sub = chance(b, 50), s = chance(b, 50);
	u32 rm = pick_src(b), rn = pick_src(b), rd = pick_dst(b, true);

	emit(b, enc_adc(sf, sub, s, rm, rn, rd));
}

static void gen_ccmp(struct block *b)
{
	bool imm = chance(b, 40), sf = chance(b, 60), cmp = chance(b, 50);
	u32 rm = imm ? below(b, 32) : pick_src(b), cond = pick_cond(b);
	u32 rn = pick_src(b), nzcv = below(b, 16);

	emit(b, enc_ccmp(sf, cmp, imm, rm, cond, rn, nzcv));
}

static void gen_csel(struct block *b)
{
	bool sf = chance(b, 60), op = chance(b, 50);
	u32 op2 = below(b, 2), rm = pick_src(b), cond = pick_cond(b);
	u32 rn = pick_src(b), rd = pick_dst(b, true);

	emit(b, enc_csel(sf, op, op2, rm, cond, rn, rd));
}

static void gen_dp1(struct block *b)
{
	static const u32 ops32[] = { 0, 1, 2, 4, 5 };	/* no opcode 3 */
	bool sf = chance(b, 60);
	u32 op = sf ? below(b, 6) : ops32[below(b, 5)];
	u32 rn = pick_src(b), rd = pick_dst(b, true);

	emit(b, enc_dp1(sf, op, rn, rd));
}

static void gen_dp2(struct block *b)
{
	static const u32 ops[] = { 2, 3, 8, 9, 10, 11 };
	bool sf = chance(b, 60);
	u32 op, rm, rn, rd;

	if (chance(b, 25)) {
		/* CRC32{,C}{B,H,W} take sf = 0, CRC32{,C}X sf = 1. */
		op = 16 + below(b, 8);
		sf = (op & 3) == 3;
	} else {
		op = ops[below(b, ARRAY_SIZE(ops))];
	}
	rm = pick_src(b);
	rn = pick_src(b);
	rd = pick_dst(b, true);
	emit(b, enc_dp2(sf, op, rm, rn, rd));
}

static void gen_dp3(struct block *b)
{
	u32 kind = below(b, 5), rd = pick_dst(b, true);
	bool sf = chance(b, 60), o0 = chance(b, 50);
	u32 rm = pick_src(b), ra = pick_src(b), rn = pick_src(b);

	switch (kind) {
	case 0:		/* madd, msub */
		emit(b, enc_dp3(sf, 0, o0, rm, ra, rn, rd));
		break;
	case 1:		/* smaddl, smsubl */
	case 2:		/* umaddl, umsubl */
		emit(b, enc_dp3(true, kind == 1 ? 1 : 5, o0, rm, ra, rn, rd));
		break;
	default:	/* smulh, umulh: Ra must be 31 */
		emit(b, enc_dp3(true, kind == 3 ? 2 : 6, false, rm, XZR, rn,
				rd));
		break;
	}
}

/* ---------------------------------------------------------------------
 * Loads and stores, all within REACH bytes of x28 and aligned
 */

struct access {
	u32 size;	/* log2 of the bytes accessed */
	u32 opc;	/* 0 store, 1 load, 2 signed to X, 3 signed to W */
};

static struct access pick_access(struct block *b)
{
	struct access a;

	a.size = below(b, 4);
	if (chance(b, 40)) {
		a.opc = 0;
	} else if (a.size < 3 && chance(b, 40)) {
		/* ldrsw exists only to X; ldrsb/ldrsh to both. */
		a.opc = a.size == 2 || chance(b, 50) ? 2 : 3;
	} else {
		a.opc = 1;
	}
	return a;
}

/* The transfer register: a store may read anything but SP. */
static u32 pick_rt(struct block *b, struct access a, u32 avoid)
{
	u32 r;

	do {
		r = a.opc ? pick_dst(b, true) : below(b, 32);
	} while (r == avoid && avoid != XZR);
	return r;
}

static void gen_ldst_uimm(struct block *b)
{
	struct access a = pick_access(b);
	u32 bytes = 1u << a.size, rn = XBASE, imm, rt;
	s64 base = 0, max;

	if (chance(b, 40)) {
		/* From a base below x28, so larger offsets stay in range. */
		rn = pick_other(b, XZR, XZR);
		base = -16 * range(b, 0, REACH / 16);
		emit_base(b, rn, base);
	}
	max = (REACH - base) / bytes - 1;
	if (max > 4095)
		max = 4095;
	imm = (u32)range(b, 0, max);
	rt = pick_rt(b, a, XZR);
	emit(b, enc_ldst_uimm(a.size, a.opc, imm, rn, rt));
}

static void gen_ldst_unscaled(struct block *b)
{
	struct access a = pick_access(b);
	s64 bytes = 1 << a.size;
	s64 off = range(b, -256 / bytes, 255 / bytes) * bytes;
	u32 rt = pick_rt(b, a, XZR);

	emit(b, enc_ldst_simm(a.size, a.opc, off, 0, XBASE, rt));
}

static void gen_ldst_index(struct block *b)
{
	struct access a = pick_access(b);
	u32 rn = pick_other(b, XZR, XZR);
	s64 bytes = 1 << a.size;
	/* rn in [-512, 496]; one step of at most 256 stays in range. */
	s64 base = 16 * range(b, -32, 31);
	s64 off = range(b, -256 / bytes, 255 / bytes) * bytes;
	u32 mode = chance(b, 50) ? 1 : 3;		/* post, pre */
	/* Writeback with Rt == Rn is not predictable. */
	u32 rt = pick_rt(b, a, rn);

	emit_base(b, rn, base);
	emit(b, enc_ldst_simm(a.size, a.opc, off, mode, rn, rt));
}

/*
 * Register offset: an index register is made from a random source with
 * ubfiz/sbfiz (0..127 or -64..63 elements, pre-scaled when S is 0 so the
 * address stays aligned), with junk above bit 31 for the W extends.
 */
static void gen_ldst_reg(struct block *b)
{
	static const u32 options[] = { 2, 3, 6, 7 };	/* uxtw lsl sxtw sxtx */
	struct access a = pick_access(b);
	u32 option = options[below(b, 4)], ri = pick_other(b, XZR, XZR);
	bool s = chance(b, 60), is_signed = option & 4;
	u32 pre = s ? 0 : a.size, src = pick_src(b), junk = pick_src(b);
	bool add_junk = !(option & 1) && chance(b, 70);
	u32 rt = pick_rt(b, a, XZR);

	/* ubfiz/sbfiz xi, xsrc, #pre, #7 */
	emit(b, enc_bitfield(true, is_signed ? 0 : 2, (64 - pre) & 63, 6,
			     src, ri));
	if (add_junk)				/* eor xi, xi, xj, lsl #32 */
		emit(b, enc_logic_shift(true, 2, 0, false, junk, 32, ri, ri));
	emit(b, enc_ldst_reg(a.size, a.opc, ri, option, s, XBASE, rt));
}

static void gen_ldr_literal(struct block *b)
{
	u32 opc = below(b, 4), rt = pick_dst(b, true);
	int lit = add_literal(b, edge_value(b));

	if (opc == 3)
		rt = below(b, 6);		/* prfm: a PLD hint */
	fixup(b, FIX_LIT, lit);
	emit(b, enc_ldr_lit(opc, 0, rt));
}

static void gen_prfm(struct block *b)
{
	static const u32 ops[] = { 0, 1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 13,
				   16, 17, 18, 19, 20, 21 };

	u32 imm = below(b, REACH / 8), op = ops[below(b, ARRAY_SIZE(ops))];

	emit(b, enc_ldst_uimm(3, 2, imm, XBASE, op));
}

static void gen_ldst_pair(struct block *b)
{
	u32 type = below(b, 4), opc, rn = XBASE, rt, rt2;
	bool load = chance(b, 60), wb;
	s64 imm;

	/* opc 00 W, 01 LDPSW (loads only), 10 X */
	if (load && chance(b, 25))
		opc = 1;
	else
		opc = chance(b, 50) ? 2 : 0;
	if (type == 0 && opc == 1)
		type = 2;			/* there is no ldnpsw */
	wb = type & 1;
	if (wb) {
		rn = pick_other(b, XZR, XZR);
		emit_base(b, rn, 16 * range(b, -32, 31));
	}
	/*
	 * An even imm7 keeps X pairs 16-byte and W pairs 8-byte aligned; it
	 * reaches 512 bytes (X) or 256 (W) either side of the base.
	 */
	imm = 2 * range(b, -32, 31);
	if (load) {
		rt = pick_other(b, wb ? rn : XZR, XZR);
		rt2 = pick_other(b, rt, wb ? rn : XZR);
	} else {
		rt = pick_rt(b, (struct access){ 0, 0 }, wb ? rn : XZR);
		rt2 = pick_rt(b, (struct access){ 0, 0 }, wb ? rn : XZR);
	}
	emit(b, enc_ldstp(opc, type, load, imm, rt2, rn, rt));
}

/*
 * Exclusives: a load-exclusive immediately followed by the matching
 * store-exclusive to the same address, so the store succeeds everywhere.
 */
static void gen_exclusive(struct block *b)
{
	u32 rn = pick_other(b, XZR, XZR), size, rt, rt2, rs, rv, rv2;
	bool acq_rel = chance(b, 50), pair = chance(b, 25);

	emit_base(b, rn, 16 * range(b, -32, 31));
	if (pair) {
		size = 2 + below(b, 2);		/* W or X pairs */
		rt = pick_other(b, rn, XZR);
		rt2 = pick_other(b, rt, rn);
		emit(b, enc_excl(size, 0, true, 1, XZR, acq_rel, rt2, rn, rt));
		rv = below(b, 32);
		rv2 = below(b, 32);
		do {
			rs = pick_other(b, rn, rv);
		} while (rs == rv2);
		emit(b, enc_excl(size, 0, false, 1, rs, acq_rel, rv2, rn, rv));
		return;
	}
	size = below(b, 4);
	rt = pick_other(b, rn, XZR);
	emit(b, enc_excl(size, 0, true, 0, XZR, acq_rel, XZR, rn, rt));
	rv = below(b, 32);
	rs = pick_other(b, rn, rv);
	emit(b, enc_excl(size, 0, false, 0, rs, acq_rel, XZR, rn, rv));
}

/* Load-acquire / store-release, and clrex. */
static void gen_acq_rel(struct block *b)
{
	u32 rn = pick_other(b, XZR, XZR), size = below(b, 4), rt;
	bool load = chance(b, 50);
	s64 base;

	if (chance(b, 10)) {
		emit(b, 0xd503305f | below(b, 16) << 8);	/* clrex */
		return;
	}
	base = 16 * range(b, -32, 31);
	rt = load ? pick_dst(b, true) : below(b, 32);
	emit_base(b, rn, base);
	emit(b, enc_excl(size, 1, load, 0, XZR, 1, XZR, rn, rt));
}

/* ---------------------------------------------------------------------
 * System, hints, branches
 */

static void gen_nzcv(struct block *b)
{
	u32 rt = pick_other(b, XZR, XZR);

	if (chance(b, 50)) {
		emit(b, enc_mrs_nzcv(pick_dst(b, true)));
		return;
	}
	/* and xt, xsrc, #0xf0000000; msr nzcv, xt */
	emit(b, enc_logic_imm(true, 0, 1, 36, 3, pick_src(b), rt));
	emit(b, enc_msr_nzcv(rt));
}

static void gen_hint(struct block *b)
{
	static const u32 dsb_crm[] = { 1, 2, 3, 5, 6, 7, 9, 10, 11, 13, 14,
				       15 };

	switch (below(b, 6)) {
	case 0:
		emit(b, INSN_NOP);
		break;
	case 1:
		emit(b, 0xd503203f);			/* yield */
		break;
	case 2:
		emit(b, 0xd503229f);			/* csdb */
		break;
	case 3:
		emit(b, 0xd50330bf | below(b, 16) << 8);	/* dmb */
		break;
	case 4:
		emit(b, 0xd503309f | dsb_crm[below(b, 12)] << 8);
		break;
	default:
		emit(b, 0xd5033fdf);			/* isb */
		break;
	}
}

/*
 * A forward branch over the next 0..3 units; the target is resolved once
 * the body is complete (past its end means the epilogue).
 */
static void gen_branch(struct block *b, int unit)
{
	int target = unit + 1 + (int)below(b, 4);
	bool sf, nonzero;
	u32 rt, rn;

	switch (below(b, 7)) {
	case 0:
	case 1:
		fixup(b, FIX_BCOND, target);
		emit(b, 0x54000000 | pick_cond(b));
		break;
	case 2:
		sf = chance(b, 60);
		nonzero = chance(b, 50);
		rt = pick_src(b);
		fixup(b, FIX_CB, target);
		emit(b, 0x34000000 | sf << 31 | nonzero << 24 | rt);
		break;
	case 3:
		rt = pick_src(b);
		fixup(b, FIX_TB, target);
		/* Bit 63, 31, 0 or any; tbz/tbnz */
		switch (below(b, 4)) {
		case 0:
			rn = 63;
			break;
		case 1:
			rn = 31;
			break;
		case 2:
			rn = 0;
			break;
		default:
			rn = below(b, 64);
			break;
		}
		emit(b, 0x36000000 | (rn >> 5) << 31 | chance(b, 50) << 24 |
			 (rn & 31) << 19 | rt);
		break;
	case 4:
		fixup(b, FIX_B, target);
		emit(b, chance(b, 30) ? 0x94000000 : 0x14000000);  /* bl, b */
		break;
	default:
		/* adr xn, target; br/blr/ret xn */
		rn = pick_other(b, XZR, XZR);
		fixup(b, FIX_ADR, target);
		emit(b, enc_adr(false, 0, rn));
		emit(b, (chance(b, 40) ? 0xd61f0000 :
			 chance(b, 50) ? 0xd63f0000 : 0xd65f0000) | rn << 5);
		break;
	}
}

/* ---------------------------------------------------------------------
 * Blocks
 */

typedef void (*gen_fn)(struct block *b);

static const struct {
	gen_fn fn;
	u32 weight;
} generators[] = {
	{ gen_addsub_imm, 8 }, { gen_logic_imm, 6 }, { gen_movw, 5 },
	{ gen_bitfield, 6 }, { gen_extr, 3 }, { gen_adr, 2 },
	{ gen_addsub_shift, 8 }, { gen_addsub_ext, 5 },
	{ gen_logic_shift, 6 }, { gen_adc, 5 }, { gen_ccmp, 5 },
	{ gen_csel, 6 }, { gen_dp1, 4 }, { gen_dp2, 6 }, { gen_dp3, 6 },
	{ gen_ldst_uimm, 6 }, { gen_ldst_unscaled, 3 },
	{ gen_ldst_index, 4 }, { gen_ldst_reg, 4 }, { gen_ldr_literal, 2 },
	{ gen_prfm, 1 }, { gen_ldst_pair, 4 }, { gen_exclusive, 2 },
	{ gen_acq_rel, 2 }, { gen_nzcv, 3 }, { gen_hint, 1 },
};

static void gen_unit(struct block *b, int unit)
{
	u32 total = 0, r;
	size_t i;

	if (chance(b, 8)) {
		gen_branch(b, unit);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(generators); i++)
		total += generators[i].weight;
	r = below(b, total);
	for (i = 0; r >= generators[i].weight; i++)
		r -= generators[i].weight;
	generators[i].fn(b);
}

static void prologue(struct block *b)
{
	u32 r;

	/* str x30, [sp, #RET]; ldr x28, [sp, #SCRATCH] */
	emit(b, enc_ldst_uimm(3, 0, RG_FRAME_RET, XZR, 30));
	emit(b, enc_ldst_uimm(3, 1, RG_FRAME_SCRATCH, XZR, XBASE));
	fixup(b, FIX_LIT, LIT_NZCV);
	emit(b, enc_ldr_lit(1, 0, 0));
	emit(b, enc_msr_nzcv(0));
	for (r = 0; r <= 30; r++) {
		if (r == XBASE)
			continue;
		fixup(b, FIX_LIT, (int)r);
		emit(b, enc_ldr_lit(1, 0, r));
	}
}

static void epilogue(struct block *b)
{
	u32 r;

	/* stp x0, x1, [sp] ... stp x28, x29, [sp, #224]; str x30 */
	for (r = 0; r < 30; r += 2)
		emit(b, enc_ldstp(2, 2, false, r, r + 1, XZR, r));
	emit(b, enc_ldst_uimm(3, 0, 30, XZR, 30));
	emit(b, enc_mrs_nzcv(0));
	emit(b, enc_ldst_uimm(3, 0, RG_FRAME_NZCV, XZR, 0));
	emit(b, enc_ldst_uimm(3, 1, RG_FRAME_RET, XZR, 30));
	emit(b, INSN_RET);
}

static void init_literals(struct block *b)
{
	int r;

	b->nlit = 0;
	for (r = 0; r <= 30; r++)
		add_literal(b, edge_value(b));
	add_literal(b, (u64)below(b, 16) << 28);	/* NZCV */
}

static void resolve(struct block *b, int lit_base)
{
	int i;

	for (i = 0; i < b->nfix; i++) {
		const struct fixup *f = &b->fix[i];
		int at = f->insn, to;
		s64 d;

		if (f->kind == FIX_LIT) {
			to = lit_base + 2 * f->target;
		} else {
			to = f->target >= b->nunits ? b->body_end
						    : b->unit_start[f->target];
		}
		d = to - at;
		switch (f->kind) {
		case FIX_BCOND:
		case FIX_CB:
		case FIX_LIT:
			b->insn[at] |= ((u32)d & 0x7ffff) << 5;
			break;
		case FIX_TB:
			b->insn[at] |= ((u32)d & 0x3fff) << 5;
			break;
		case FIX_B:
			b->insn[at] |= (u32)d & 0x3ffffff;
			break;
		case FIX_ADR:
			b->insn[at] |= enc_adr(false, d * 4, 0) & 0x60ffffe0;
			break;
		}
	}
}

/*
 * Build block 'index' of the stream for 'seed' into b; returns the total
 * number of 32-bit words (instructions, then the literal pool).
 */
static int build_block(struct block *b, u64 seed, u64 index, u32 *words)
{
	int i, unit, lit_base, n;

	memset(b, 0, sizeof(*b));
	b->rng = splitmix64(seed ^ splitmix64(index + 1));
	init_literals(b);
	prologue(b);
	b->body_start = b->n;
	b->nunits = 8 + (int)below(b, 40);
	for (unit = 0; unit < b->nunits; unit++) {
		b->unit_start[unit] = b->n;
		gen_unit(b, unit);
	}
	b->body_end = b->n;
	epilogue(b);
	/* The literal pool starts 8-byte aligned, after the code. */
	lit_base = b->n + (b->n & 1);
	resolve(b, lit_base);
	n = 0;
	for (i = 0; i < b->n; i++)
		words[n++] = b->insn[i];
	if (b->n & 1)
		words[n++] = INSN_NOP;
	for (i = 0; i < b->nlit; i++) {
		words[n++] = (u32)b->lit[i];
		words[n++] = (u32)(b->lit[i] >> 32);
	}
	return n;
}

static void put32(unsigned char *p, u32 v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static void put64(unsigned char *p, u64 v)
{
	put32(p, (u32)v);
	put32(p + 4, (u32)(v >> 32));
}

static u64 parse_u64(const char *s)
{
	char *end;
	u64 v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || end == s) {
		fprintf(stderr, "randgen: bad number '%s'\n", s);
		exit(2);
	}
	return v;
}

static void usage(void)
{
	fputs("Usage: randgen [--seed S] [--first N] [--blocks K] [--map FILE] -o BLOB\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	static u32 words[MAX_INSNS + 2 * MAX_LITERALS + 2];
	const char *out_path = NULL, *map_path = NULL;
	u64 seed = 1, first = 0, nblocks = 1000, i;
	unsigned char hdr[32], ent[16];
	FILE *out, *map = NULL;
	struct block *b;
	long table_off, code_off;
	int a, n, w;

	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--seed") && a + 1 < argc)
			seed = parse_u64(argv[++a]);
		else if (!strcmp(argv[a], "--first") && a + 1 < argc)
			first = parse_u64(argv[++a]);
		else if (!strcmp(argv[a], "--blocks") && a + 1 < argc)
			nblocks = parse_u64(argv[++a]);
		else if (!strcmp(argv[a], "--map") && a + 1 < argc)
			map_path = argv[++a];
		else if (!strcmp(argv[a], "-o") && a + 1 < argc)
			out_path = argv[++a];
		else
			usage();
	}
	if (!out_path || !nblocks || nblocks > 1000000)
		usage();
	out = fopen(out_path, "wb");
	if (map_path)
		map = fopen(map_path, "w");
	b = malloc(sizeof(*b));
	if (!out || (map_path && !map) || !b) {
		perror("randgen");
		return 1;
	}

	memset(hdr, 0, sizeof(hdr));
	table_off = sizeof(hdr);
	put32(hdr, RG_MAGIC);
	put32(hdr + 4, (u32)nblocks);
	put64(hdr + 8, seed);
	put64(hdr + 16, first);
	put32(hdr + 24, (u32)table_off);
	fwrite(hdr, sizeof(hdr), 1, out);

	/* Code follows the table, 16-byte aligned. */
	code_off = (table_off + (long)nblocks * (long)sizeof(ent) + 15) & ~15L;
	for (i = 0; i < nblocks; i++) {
		fseek(out, code_off, SEEK_SET);
		n = build_block(b, seed, first + i, words);
		for (w = 0; w < n; w++) {
			unsigned char le[4];

			put32(le, words[w]);
			fwrite(le, 4, 1, out);
		}
		fseek(out, table_off + (long)(i * sizeof(ent)), SEEK_SET);
		put32(ent, (u32)code_off);
		put32(ent + 4, (u32)b->n * 4);
		put64(ent + 8, splitmix64(b->rng));
		fwrite(ent, sizeof(ent), 1, out);
		if (map)
			fprintf(map, "%llu %ld %d %ld %d\n",
				(unsigned long long)(first + i), code_off,
				b->n * 4, code_off + b->body_start * 4,
				(b->body_end - b->body_start) * 4);
		code_off += ((long)n * 4 + 15) & ~15L;
	}
	if (fclose(out) || (map && fclose(map))) {
		perror("randgen");
		return 1;
	}
	free(b);
	return 0;
}

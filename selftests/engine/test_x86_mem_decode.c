// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the MMIO load/store decoder (module/engine/x86/mem_decode.h).
 *
 * The instructions come from the engine's own encoder (x86/emit.h), over
 * every register and size and many memory operands (each base, index and
 * scale, disp8/disp32 boundaries, RIP-relative, absolute). For each one
 * the decoded length and operands must match what was emitted, every
 * shorter prefix of the bytes must be refused, and the register results of
 * x86_mem_load_apply() / x86_mem_store_value() must be the architectural
 * ones, written out below with C casts.
 */
#include <stdio.h>
#include <string.h>

/* the engine headers first: the harness defines ARRAY_SIZE only if unset */
#include "x86/emit.h"
#include "x86/mem_decode.h"
#include "kselftest_harness.h"

#define BUF	32
#define MAX_LOG	20

/* What an emitted instruction does, for the reference semantics. */
enum form {
	F_MOV_RM,		/* mov r, [m]: 8/16 merge, 32 zero-extends */
	F_MOV_MR,		/* mov [m], r */
	F_MOV_MI,		/* mov [m], imm */
	F_ZX,			/* zero-extend src_bits into dst_bits */
	F_SX,			/* sign-extend src_bits into dst_bits */
};

struct want {
	enum form form;
	unsigned int dst_bits;	/* loads: destination operand size */
	unsigned int src_bits;	/* bits accessed */
	unsigned int reg;
	s32 imm;
	/* what the decoder must say */
	bool sign;
	unsigned int dec_dst_bits;
};

struct ctx {
	unsigned long checked;
	unsigned long fails;
	u8 rip_target[64];
};

static const u64 patterns[] = {
	0xffeeddccbbaa9988ULL, 0x7f6e5d4c3b2a1908ULL,
	0x8080808080808080ULL, 0x0000000000000000ULL,
	0xffffffffffffffffULL,
};

static const s32 disps[] = {
	0, 1, -1, 127, -128, 128, -129, 0x12345678, (s32)0x80000000,
};

static const s32 imms[] = {
	0, -1, 0x7f, -128, 0x1234, 0x12345678, (s32)0x80000000,
};

static u64 mask(unsigned int bits)
{
	return bits >= 64 ? ~0ULL : (1ULL << bits) - 1;
}

/* The architectural result of a load of @data into a register @old. */
static u64 arch_load(const struct want *w, u64 old, u64 data)
{
	u64 v;

	if (w->form == F_SX) {
		switch (w->src_bits) {
		case 8:
			v = (u64)(s64)(s8)data;
			break;
		case 16:
			v = (u64)(s64)(s16)data;
			break;
		default:
			v = (u64)(s64)(s32)data;
			break;
		}
	} else {
		v = data & mask(w->src_bits);
	}
	switch (w->dst_bits) {
	case 8:
		return (old & ~0xffULL) | (u8)v;
	case 16:
		return (old & ~0xffffULL) | (u16)v;
	case 32:
		return (u32)v;
	}
	return v;
}

static void fail(struct ctx *c, const u8 *buf, unsigned int len,
		 const char *what)
{
	unsigned int i;

	if (c->fails++ >= MAX_LOG)
		return;
	fprintf(stderr, "#   %s:", what);
	for (i = 0; i < len; i++)
		fprintf(stderr, " %02x", buf[i]);
	fprintf(stderr, "\n");
}

static bool same(const struct x86_mem_access *a, const struct x86_mem_access *b)
{
	return a->len == b->len && a->size == b->size &&
	       a->write == b->write && a->imm == b->imm &&
	       a->sign == b->sign && a->reg == b->reg &&
	       a->dst_bits == b->dst_bits && a->imm_val == b->imm_val;
}

static void check_semantics(struct ctx *c, const u8 *buf, unsigned int len,
			    const struct want *w,
			    const struct x86_mem_access *a)
{
	u64 gpr[16], want_gpr[16];
	unsigned int p, i;

	for (p = 0; p < ARRAY_SIZE(patterns); p++) {
		for (i = 0; i < 16; i++)
			gpr[i] = 0x0123456789abcdefULL * (i + 1) ^ patterns[p];
		if (w->form == F_MOV_MR) {
			gpr[w->reg] = patterns[p];
			if (x86_mem_store_value(a, gpr) !=
			    (patterns[p] & mask(w->src_bits)))
				fail(c, buf, len, "store value");
			continue;
		}
		if (w->form == F_MOV_MI) {
			if (x86_mem_store_value(a, gpr) !=
			    ((u64)(s64)w->imm & mask(w->src_bits)))
				fail(c, buf, len, "store immediate");
			continue;
		}
		memcpy(want_gpr, gpr, sizeof(gpr));
		want_gpr[w->reg] = arch_load(w, gpr[w->reg], patterns[p]);
		x86_mem_load_apply(a, gpr, patterns[p] & mask(w->src_bits));
		if (memcmp(gpr, want_gpr, sizeof(gpr)))
			fail(c, buf, len, "load result");
	}
}

/* Emit one instruction of @w on @m and check everything about it. */
static void check(struct ctx *c, const struct want *w, const struct x86_mem *m)
{
	struct x86_mem_access a, b, exp = { 0 };
	/* static, like ctx.rip_target: within rel32 reach of it */
	static u8 buf[BUF];
	struct x86_emitter e;
	unsigned int len, n;

	memset(buf, 0xcc, sizeof(buf));
	x86_emit_init(&e, buf, sizeof(buf));
	switch (w->form) {
	case F_MOV_RM:
		x86_mov_rm(&e, w->dst_bits, w->reg, m);
		break;
	case F_MOV_MR:
		x86_mov_mr(&e, w->src_bits, m, w->reg);
		break;
	case F_MOV_MI:
		x86_mov_mi(&e, w->src_bits, m, w->imm);
		break;
	case F_ZX:
		if (w->dst_bits == 16)
			x86_movzx_rm(&e, 16, w->src_bits, w->reg, m);
		else
			x86_load_zx(&e, w->src_bits, w->reg, m);
		break;
	case F_SX:
		if (w->dst_bits == 16)
			x86_movsx_rm(&e, 16, w->src_bits, w->reg, m);
		else
			x86_load_sx(&e, w->dst_bits, w->src_bits, w->reg, m);
		break;
	}
	len = x86_emit_size(&e);
	c->checked++;
	if (!x86_emit_ok(&e)) {
		fail(c, buf, len, "encoder refused");
		return;
	}

	exp.len = len;
	exp.size = w->src_bits / 8;
	exp.write = w->form == F_MOV_MR || w->form == F_MOV_MI;
	exp.imm = w->form == F_MOV_MI;
	exp.sign = w->sign;
	exp.reg = exp.imm ? 0 : w->reg;
	exp.dst_bits = exp.write ? 0 : w->dec_dst_bits;
	if (exp.imm)
		exp.imm_val = (u64)(s64)w->imm & mask(w->src_bits);

	if (x86_decode_mem(buf, sizeof(buf), &a) || !same(&a, &exp)) {
		fail(c, buf, len, "decode");
		return;
	}
	if (x86_decode_mem(buf, len, &b) || !same(&a, &b))
		fail(c, buf, len, "decode with exact length");
	for (n = 0; n < len; n++)
		if (x86_decode_mem(buf, n, &b) != -1)
			fail(c, buf, len, "truncated input accepted");
	check_semantics(c, buf, len, w, &a);
}

/* Every form the encoder has for plain loads and stores, on @m. */
static void check_all_forms(struct ctx *c, const struct x86_mem *m)
{
	static const unsigned int sx[][2] = {	/* dst_bits, src_bits */
		{ 32, 8 }, { 32, 16 }, { 32, 32 },
		{ 64, 8 }, { 64, 16 }, { 64, 32 }, { 64, 64 },
		{ 16, 8 },
	};
	unsigned int r, bits, i;
	struct want w;

	for (r = 0; r < 16; r++) {
		for (bits = 8; bits <= 64; bits *= 2) {
			w = (struct want){ .form = F_MOV_RM, .dst_bits = bits,
					   .src_bits = bits, .reg = r,
					   .dec_dst_bits = bits };
			check(c, &w, m);
			w.form = F_MOV_MR;
			check(c, &w, m);
			/* load_zx: movzx into r32, or mov r32/r64 */
			w = (struct want){ .form = F_ZX, .dst_bits = 64,
					   .src_bits = bits, .reg = r,
					   .dec_dst_bits = bits == 64 ? 64 : 32 };
			check(c, &w, m);
		}
		w = (struct want){ .form = F_ZX, .dst_bits = 16, .src_bits = 8,
				   .reg = r, .dec_dst_bits = 16 };
		check(c, &w, m);
		for (i = 0; i < ARRAY_SIZE(sx); i++) {
			bool ext = sx[i][0] != sx[i][1];

			w = (struct want){ .form = ext ? F_SX : F_MOV_RM,
					   .dst_bits = sx[i][0],
					   .src_bits = sx[i][1], .reg = r,
					   .sign = ext, .dec_dst_bits = sx[i][0] };
			check(c, &w, m);
		}
	}
	for (bits = 8; bits <= 64; bits *= 2) {
		for (i = 0; i < ARRAY_SIZE(imms); i++) {
			w = (struct want){ .form = F_MOV_MI, .src_bits = bits,
					   .imm = imms[i] };
			check(c, &w, m);
		}
	}
}

TEST(encoder_loads_and_stores)
{
	static struct ctx c;
	unsigned int base, index, scale, d;
	struct x86_mem m;

	for (base = 0; base <= X86_RIP; base++) {
		if (base == X86_RIP) {
			m = x86_mem_rip(&c.rip_target[base]);
			check_all_forms(&c, &m);
			continue;
		}
		for (index = 0; index <= X86_NOREG; index++) {
			if (index == X86_RSP)
				continue;
			for (scale = 1; scale <= 8; scale *= 2) {
				if (index == X86_NOREG && scale > 1)
					break;
				for (d = 0; d < ARRAY_SIZE(disps); d++) {
					m = x86_mem_idx(base, index, scale,
							disps[d]);
					check_all_forms(&c, &m);
				}
			}
		}
	}
	TH_LOG("%lu instructions checked", c.checked);
	EXPECT_LT(1000000UL, c.checked);
	EXPECT_EQ(0UL, c.fails);
}

/* Register-direct forms of the same opcodes access no memory. */
TEST(register_forms_refused)
{
	struct x86_mem_access a;
	struct x86_emitter e;
	unsigned int r, s, bits;
	u8 buf[BUF];

	for (r = 0; r < 16; r++) {
		for (s = 0; s < 16; s++) {
			for (bits = 8; bits <= 64; bits *= 2) {
				x86_emit_init(&e, buf, sizeof(buf));
				x86_mov_rr(&e, bits, r, s);
				ASSERT_TRUE(x86_emit_ok(&e));
				EXPECT_EQ(-1, x86_decode_mem(buf, sizeof(buf), &a));
			}
			x86_emit_init(&e, buf, sizeof(buf));
			x86_movzx_rr(&e, 32, 8, r, s);
			EXPECT_EQ(-1, x86_decode_mem(buf, sizeof(buf), &a));
			x86_emit_init(&e, buf, sizeof(buf));
			x86_movsx_rr(&e, 64, 16, r, s);
			EXPECT_EQ(-1, x86_decode_mem(buf, sizeof(buf), &a));
			x86_emit_init(&e, buf, sizeof(buf));
			x86_movsx_rr(&e, 64, 32, r, s);
			ASSERT_TRUE(x86_emit_ok(&e));
			EXPECT_EQ(-1, x86_decode_mem(buf, sizeof(buf), &a));
		}
	}
}

/* Other instructions with a memory operand are not loads or stores. */
TEST(other_instructions_refused)
{
	struct x86_mem m = x86_mem_idx(X86_RBX, X86_R9, 4, 0x40);
	struct x86_mem_access a;
	struct x86_emitter e;
	u8 buf[BUF];

	x86_emit_init(&e, buf, sizeof(buf));
	x86_lea(&e, 64, X86_RAX, &m);
	EXPECT_EQ(-1, x86_decode_mem(buf, sizeof(buf), &a));
	x86_emit_init(&e, buf, sizeof(buf));
	x86_alu_rm(&e, X86_ADD, 32, X86_RCX, &m);
	EXPECT_EQ(-1, x86_decode_mem(buf, sizeof(buf), &a));
	x86_emit_init(&e, buf, sizeof(buf));
	x86_alu_mr(&e, X86_SUB, 64, &m, X86_R12);
	EXPECT_EQ(-1, x86_decode_mem(buf, sizeof(buf), &a));
	x86_emit_init(&e, buf, sizeof(buf));
	x86_alu_mi(&e, X86_CMP, 8, &m, 5);
	EXPECT_EQ(-1, x86_decode_mem(buf, sizeof(buf), &a));
	x86_emit_init(&e, buf, sizeof(buf));
	x86_test_mi(&e, 16, &m, 5);
	EXPECT_EQ(-1, x86_decode_mem(buf, sizeof(buf), &a));
}

struct raw {
	u8 b[16];
	unsigned int n;
};

TEST(raw_refused)
{
	static const struct raw bad[] = {
		{ { 0x90 }, 1 },			/* nop */
		{ { 0x0f, 0x0b }, 2 },			/* ud2 */
		{ { 0x0f, 0xb8, 0x00 }, 3 },		/* popcnt without F3 */
		{ { 0x8a, 0x20 }, 2 },			/* mov ah, [rax] */
		{ { 0x88, 0x3b }, 2 },			/* mov [rbx], bh */
		{ { 0x63, 0x00 }, 2 },			/* movsxd without REX.W */
		{ { 0xc7, 0x08, 1, 0, 0, 0 }, 6 },	/* c7 /1 */
		{ { 0xc6, 0x38, 1 }, 3 },		/* c6 /7 */
		{ { 0x48, 0x66, 0x89, 0x00 }, 4 },	/* REX not last */
		{ { 0x66, 0x66, 0x89, 0x00 }, 4 },
		{ { 0x2e, 0x89, 0x00 }, 3 },		/* cs: */
		{ { 0x67, 0x89, 0x00 }, 3 },		/* addr32 */
		{ { 0xf0, 0x89, 0x00 }, 3 },		/* lock */
		{ { 0x48 }, 1 },			/* REX alone */
		{ { 0x0f }, 1 },			/* escape alone */
		{ { 0x8b }, 1 },			/* no ModRM */
		{ { 0x8b, 0x04 }, 2 },			/* no SIB */
		{ { 0x8b, 0x44, 0x24 }, 3 },		/* no disp8 */
		{ { 0x8b, 0x05, 1, 2, 3 }, 5 },		/* short disp32 */
		{ { 0xc7, 0x00, 1, 2, 3 }, 5 },		/* short imm32 */
		{ { 0 }, 0 },				/* nothing */
	};
	struct x86_mem_access a;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		EXPECT_EQ(-1, x86_decode_mem(bad[i].b, bad[i].n, &a))
			TH_LOG("case %u", i);
}

TEST(raw_accepted)
{
	static const struct {
		struct raw r;
		struct x86_mem_access a;
	} good[] = {
		/* mov qword [rax], -1 (imm32 sign-extended) */
		{ { { 0x48, 0xc7, 0x00, 0xff, 0xff, 0xff, 0xff }, 7 },
		  { .len = 7, .size = 8, .write = true, .imm = true,
		    .imm_val = ~0ULL } },
		/* mov word [rax + 0x10], 0x1234 */
		{ { { 0x66, 0xc7, 0x40, 0x10, 0x34, 0x12 }, 6 },
		  { .len = 6, .size = 2, .write = true, .imm = true,
		    .imm_val = 0x1234 } },
		/* mov eax, [0x12345678] (SIB, no base, no index) */
		{ { { 0x8b, 0x04, 0x25, 0x78, 0x56, 0x34, 0x12 }, 7 },
		  { .len = 7, .size = 4, .dst_bits = 32 } },
		/* mov r15, [rip + x] */
		{ { { 0x4c, 0x8b, 0x3d, 1, 2, 3, 4 }, 7 },
		  { .len = 7, .size = 8, .reg = 15, .dst_bits = 64 } },
		/* mov eax, [r13 + 0] */
		{ { { 0x41, 0x8b, 0x45, 0x00 }, 4 },
		  { .len = 4, .size = 4, .dst_bits = 32 } },
		/* mov eax, [r13 * 1 + 0] (SIB base 101, mod 00: disp32) */
		{ { { 0x42, 0x8b, 0x04, 0x2d, 0, 0, 0, 0 }, 8 },
		  { .len = 8, .size = 4, .dst_bits = 32 } },
		/* mov spl, [rax] */
		{ { { 0x40, 0x8a, 0x20 }, 3 },
		  { .len = 3, .size = 1, .reg = 4, .dst_bits = 8 } },
		/* mov [rbx], bl */
		{ { { 0x88, 0x1b }, 2 },
		  { .len = 2, .size = 1, .write = true, .reg = 3 } },
		/* movsxd r8, dword [rsp + 8] */
		{ { { 0x4c, 0x63, 0x44, 0x24, 0x08 }, 5 },
		  { .len = 5, .size = 4, .sign = true, .reg = 8,
		    .dst_bits = 64 } },
		/* movsx rdx, word [rcx + 0x100] */
		{ { { 0x48, 0x0f, 0xbf, 0x91, 0, 1, 0, 0 }, 8 },
		  { .len = 8, .size = 2, .sign = true, .reg = 2,
		    .dst_bits = 64 } },
	};
	struct x86_mem_access a;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		ASSERT_EQ(0, x86_decode_mem(good[i].r.b, good[i].r.n, &a))
			TH_LOG("case %u", i);
		EXPECT_TRUE(same(&a, &good[i].a))
			TH_LOG("case %u", i);
	}
}

TEST(apply_examples)
{
	struct x86_mem_access a = { .size = 1, .reg = 3, .dst_bits = 8 };
	u64 gpr[16] = { 0 };

	gpr[3] = 0x1122334455667788ULL;
	x86_mem_load_apply(&a, gpr, 0xf0);
	EXPECT_EQ(0x11223344556677f0ULL, gpr[3]);
	a = (struct x86_mem_access){ .size = 1, .reg = 3, .sign = true,
				     .dst_bits = 64 };
	x86_mem_load_apply(&a, gpr, 0x80);
	EXPECT_EQ(0xffffffffffffff80ULL, gpr[3]);
	a = (struct x86_mem_access){ .size = 2, .reg = 3, .sign = true,
				     .dst_bits = 32 };
	x86_mem_load_apply(&a, gpr, 0x8000);
	EXPECT_EQ(0x00000000ffff8000ULL, gpr[3]);
	gpr[3] = ~0ULL;
	a = (struct x86_mem_access){ .size = 4, .reg = 3, .dst_bits = 32 };
	x86_mem_load_apply(&a, gpr, 0x12345678);
	EXPECT_EQ(0x12345678ULL, gpr[3]);
	gpr[5] = 0xaabbccddeeff0011ULL;
	a = (struct x86_mem_access){ .size = 2, .write = true, .reg = 5 };
	EXPECT_EQ(0x0011ULL, x86_mem_store_value(&a, gpr));
}

TEST_HARNESS_MAIN

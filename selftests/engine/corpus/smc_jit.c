// SPDX-License-Identifier: GPL-2.0
/*
 * smc_jit.c - a tiny JIT: random straight-line programs over one 64-bit
 * value are encoded as A64 into the same buffer again and again, the
 * caches synchronised with the line sizes from CTR_EL0, and the code
 * called. Each program's result must equal the C interpretation of the
 * same program, so stale translations of an earlier program show up.
 */
#include "corpus.h"

enum jit_op { OP_ADD, OP_SUB, OP_EOR, OP_MUL, OP_ROR, OP_UDIV, OP_CLZ,
	      OP_MAX };

struct jit_insn {
	enum jit_op op;
	u64 imm;
};

#define MAX_INSNS	24
#define CODE_WORDS	(MAX_INSNS * 6 + 4)

static u32 code[CODE_WORDS] __aligned(4096);

static u64 ror64(u64 v, unsigned int n)
{
	return n ? (v >> n) | (v << (64 - n)) : v;
}

static u64 interpret(const struct jit_insn *p, int n, u64 x)
{
	for (; n--; p++) {
		switch (p->op) {
		case OP_ADD:
			x += p->imm;
			break;
		case OP_SUB:
			x -= p->imm;
			break;
		case OP_EOR:
			x ^= p->imm;
			break;
		case OP_MUL:
			x *= p->imm;
			break;
		case OP_ROR:
			x = ror64(x, p->imm & 63);
			break;
		case OP_UDIV:
			x = p->imm ? x / p->imm : 0;
			break;
		default:
			x = x ? (u64)__builtin_clzl(x) : 64;
			break;
		}
	}
	return x;
}

/* x1 = imm, in four movz/movk steps. */
static u32 *emit_imm(u32 *c, u64 imm)
{
	int hw;

	*c++ = 0xd2800001 | (u32)(imm & 0xffff) << 5;		/* movz x1 */
	for (hw = 1; hw < 4; hw++)				/* movk x1 */
		*c++ = 0xf2800001 | hw << 21 |
		       (u32)((imm >> (16 * hw)) & 0xffff) << 5;
	return c;
}

static int compile(const struct jit_insn *p, int n)
{
	u32 *c = code;

	for (; n--; p++) {
		if (p->op != OP_CLZ)
			c = emit_imm(c, p->imm);
		switch (p->op) {
		case OP_ADD:
			*c++ = 0x8b010000;		/* add x0, x0, x1 */
			break;
		case OP_SUB:
			*c++ = 0xcb010000;		/* sub x0, x0, x1 */
			break;
		case OP_EOR:
			*c++ = 0xca010000;		/* eor x0, x0, x1 */
			break;
		case OP_MUL:
			*c++ = 0x9b017c00;		/* mul x0, x0, x1 */
			break;
		case OP_ROR:
			*c++ = 0x9ac12c00;		/* ror x0, x0, x1 */
			break;
		case OP_UDIV:
			*c++ = 0x9ac10800;		/* udiv x0, x0, x1 */
			break;
		default:
			*c++ = 0xdac01000;		/* clz x0, x0 */
			break;
		}
	}
	*c++ = 0xd65f03c0;				/* ret */
	return (int)(c - code);
}

static void sync_code(const void *start, int words)
{
	u64 ctr, dline, iline, p;
	u64 begin = (u64)(unsigned long)start, end = begin + 4 * (u64)words;

	__asm__ __volatile__("mrs %0, ctr_el0" : "=r"(ctr));
	dline = 4UL << ((ctr >> 16) & 0xf);
	iline = 4UL << (ctr & 0xf);
	for (p = begin & ~(dline - 1); p < end; p += dline)
		__asm__ __volatile__("dc cvau, %0" : : "r"(p) : "memory");
	__asm__ __volatile__("dsb ish" : : : "memory");
	for (p = begin & ~(iline - 1); p < end; p += iline)
		__asm__ __volatile__("ic ivau, %0" : : "r"(p) : "memory");
	__asm__ __volatile__("dsb ish\n\tisb" : : : "memory");
}

static const u64 imm_pool[] = {
	0, 1, 3, 63, 64, 0x7fffffffffffffffUL, 0x8000000000000000UL,
	~0UL, 0x9e3779b97f4a7c15UL, 0xffffffff00000000UL,
};

int main(void)
{
	struct jit_insn prog[MAX_INSNS];
	u64 seed = 0x1234567, x, want, got, hash = 0;
	int round, i, n, words, bad = 0;

	for (round = 0; round < 300; round++) {
		n = 1 + (int)(guest_rand(&seed) % MAX_INSNS);
		for (i = 0; i < n; i++) {
			u64 r = guest_rand(&seed);

			prog[i].op = (enum jit_op)(r % OP_MAX);
			prog[i].imm = r & 0x100 ? imm_pool[(r >> 9) % 10]
						: guest_rand(&seed);
		}
		words = compile(prog, n);
		sync_code(code, words);
		x = guest_rand(&seed);
		want = interpret(prog, n, x);
		got = ((u64 (*)(u64))(unsigned long)code)(x);
		hash = guest_hash(&got, sizeof(got), hash);
		if (got != want) {
			bad++;
			con_printf("round %d: jit %016lx, interpreter %016lx\n",
				   round, got, want);
		}
	}
	con_printf("300 programs, %d wrong, hash %016lx\n", bad, hash);
	return bad ? 1 : 28;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * addsub_flags.c - add/sub with and without carry, 32 and 64 bits, flag
 * setting and not, over every pair of edge values (and both carry inputs
 * for the forms that read C).
 * Each line: op carry-in a b = result flags-out.
 */
#include "corpus.h"

typedef u64 (*binop_fn)(u64 a, u64 b, u64 nzcv_in, u64 *nzcv_out);

/*
 * The flags are set to nzcv_in before the instruction so that carry-using
 * forms see a known C and non-flag-setting forms can be seen to leave the
 * flags alone.
 */
#define DEF_OP(insn, r)							\
static u64 insn##_##r(u64 a, u64 b, u64 nzcv_in, u64 *nzcv_out)		\
{									\
	u64 res, f;							\
									\
	__asm__ __volatile__("msr nzcv, %x[in]\n\t"			\
			     #insn " %" #r "[res], %" #r "[a], %" #r "[b]\n\t"	\
			     "mrs %x[f], nzcv"				\
			     : [res] "=&r"(res), [f] "=&r"(f)		\
			     : [a] "r"(a), [b] "r"(b), [in] "r"(nzcv_in)	\
			     : "cc");					\
	*nzcv_out = f;							\
	return res;							\
}

DEF_OP(add, x)
DEF_OP(adds, x)
DEF_OP(sub, x)
DEF_OP(subs, x)
DEF_OP(adc, x)
DEF_OP(adcs, x)
DEF_OP(sbc, x)
DEF_OP(sbcs, x)
DEF_OP(add, w)
DEF_OP(adds, w)
DEF_OP(sub, w)
DEF_OP(subs, w)
DEF_OP(adc, w)
DEF_OP(adcs, w)
DEF_OP(sbc, w)
DEF_OP(sbcs, w)

/* Unary aliases: negs is subs from xzr, ngcs is sbcs from xzr. */
#define DEF_UNARY(insn, r)						\
static u64 insn##_##r(u64 a, u64 b, u64 nzcv_in, u64 *nzcv_out)		\
{									\
	u64 res, f;							\
									\
	__asm__ __volatile__("msr nzcv, %x[in]\n\t"			\
			     #insn " %" #r "[res], %" #r "[a]\n\t"		\
			     "mrs %x[f], nzcv"				\
			     : [res] "=&r"(res), [f] "=&r"(f)		\
			     : [a] "r"(a), [in] "r"(nzcv_in)		\
			     : "cc");					\
	*nzcv_out = f;							\
	return res;							\
}

DEF_UNARY(negs, x)
DEF_UNARY(ngcs, x)
DEF_UNARY(negs, w)
DEF_UNARY(ngcs, w)

struct op {
	const char *name;
	binop_fn fn;
	bool unary;
	bool carry;
};

static const struct op ops[] = {
	{ "add.x", add_x }, { "adds.x", adds_x },
	{ "sub.x", sub_x }, { "subs.x", subs_x },
	{ "adc.x", adc_x, false, true }, { "adcs.x", adcs_x, false, true },
	{ "sbc.x", sbc_x, false, true }, { "sbcs.x", sbcs_x, false, true },
	{ "add.w", add_w }, { "adds.w", adds_w },
	{ "sub.w", sub_w }, { "subs.w", subs_w },
	{ "adc.w", adc_w, false, true }, { "adcs.w", adcs_w, false, true },
	{ "sbc.w", sbc_w, false, true }, { "sbcs.w", sbcs_w, false, true },
	{ "negs.x", negs_x, true }, { "ngcs.x", ngcs_x, true, true },
	{ "negs.w", negs_w, true }, { "ngcs.w", ngcs_w, true, true },
};

static void run_op(const struct op *op, u64 flags_in)
{
	unsigned int i, j;
	u64 res, f;

	for (i = 0; i < N_EDGES; i++) {
		for (j = 0; j < (op->unary ? 1 : N_EDGES); j++) {
			res = op->fn(edge_values[i], edge_values[j], flags_in,
				     &f);
			con_printf("%-6s %c %016lx", op->name,
				   flags_in & NZCV_C ? 'C' : 'c',
				   edge_values[i]);
			if (!op->unary)
				con_printf(" %016lx", edge_values[j]);
			con_printf(" = %016lx ", res);
			put_flags(f);
			con_putc('\n');
		}
	}
}

int main(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		/*
		 * Carry clear with N and V set (which forms that do not set
		 * flags must leave alone), then carry set alone.
		 */
		run_op(&ops[i], NZCV_N | NZCV_V);
		if (ops[i].carry)
			run_op(&ops[i], NZCV_C);
	}
	return 10;
}

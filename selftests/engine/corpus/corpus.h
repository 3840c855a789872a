/* SPDX-License-Identifier: GPL-2.0 */
/*
 * corpus.h - helpers shared by the corpus programs: edge-value operands
 * and flag printing.
 */
#ifndef XVM_CORPUS_H
#define XVM_CORPUS_H

#include "guest.h"

#define NZCV_N	BIT(31)
#define NZCV_Z	BIT(30)
#define NZCV_C	BIT(29)
#define NZCV_V	BIT(28)

/* Operands where integer arithmetic goes wrong first. */
static const u64 edge_values[] = {
	0x0000000000000000UL, 0x0000000000000001UL, 0x000000000000007fUL,
	0x0000000000000080UL, 0x000000007fffffffUL, 0x0000000080000000UL,
	0x00000000ffffffffUL, 0x0000000100000000UL, 0x7fffffffffffffffUL,
	0x8000000000000000UL, 0xfffffffffffffffeUL, 0xffffffffffffffffUL,
	0x0123456789abcdefUL,
};

#define N_EDGES	ARRAY_SIZE(edge_values)

/* "nZcV": upper case for a set flag. */
static inline void put_flags(u64 nzcv)
{
	con_putc(nzcv & NZCV_N ? 'N' : 'n');
	con_putc(nzcv & NZCV_Z ? 'Z' : 'z');
	con_putc(nzcv & NZCV_C ? 'C' : 'c');
	con_putc(nzcv & NZCV_V ? 'V' : 'v');
}

/* The 16 NZCV inputs, in the bit positions msr nzcv expects. */
static inline u64 nzcv_of(unsigned int i)
{
	return (u64)(i & 0xf) << 28;
}

/*
 * A generated instruction variant (see insns/rows.inc): its name and a
 * function u64 fn(u64 a, u64 b, u64 c, u64 *flags).
 */
struct insn_row {
	const char *name;
	u64 (*fn)(u64 a, u64 b, u64 c, u64 *flags);
};

#define DECLARE_INSN_TABLE(tbl)						\
	extern const struct insn_row tbl##_rows[], tbl##_rows_end[]

#define for_each_insn_row(row, tbl)					\
	for ((row) = tbl##_rows; (row) < tbl##_rows_end; (row)++)

#endif /* XVM_CORPUS_H */

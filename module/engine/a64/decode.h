/* SPDX-License-Identifier: GPL-2.0 */
/*
 * decode.h - table-driven decoder for A64 (AArch64) instructions.
 *
 * Every encoding the engine understands is one line of a64/insns.def.
 * That file is an X-macro table: this header expands it into enum a64_op
 * and decode.c expands it into the pattern table the decoder runs on.
 * See Documentation/engine-decoder.rst for the table syntax.
 *
 * Decoding a word fills struct a64_insn: the op and every field named in
 * the matching pattern, indexed by enum a64_field.  Fields absent from the
 * pattern read as 0.  Fields listed with a sign width in insns.def
 * (imm26, imm19, imm14, imm9, imm7, immhi) are sign-extended at decode
 * time; all others are zero-extended.
 *
 * Register number 31 means SP or ZR depending on the instruction: the
 * decoder leaves it as 31 and sets A64_FL_RD_SP / A64_FL_RN_SP in
 * insn->flags where the Arm ARM reads 31 as SP for that operand.
 */
#ifndef XVM_ENGINE_A64_DECODE_H
#define XVM_ENGINE_A64_DECODE_H

#include "host.h"

/* Field kinds, from the A64_FIELD() list at the top of insns.def. */
enum a64_field {
#define A64_FIELD(name, sign_width) A64_F_##name,
#include "a64/insns.def"
	A64_NR_FIELDS
};

/* One enumerator per A64() line of insns.def; 0 is "undefined". */
enum a64_op {
	A64_OP_UNDEF = 0,
#define A64(name, pattern, attrs) A64_OP_##name,
#include "a64/insns.def"
	A64_NR_OPS
};

/* insn->flags: register 31 in this operand means SP, not ZR. */
#define A64_FL_RD_SP	BIT(0)
#define A64_FL_RN_SP	BIT(1)

struct a64_insn {
	enum a64_op op;
	u32 raw;		/* the instruction word */
	u16 flags;		/* A64_FL_* */
	u16 pattern;		/* index of the matching table line */
	s32 f[A64_NR_FIELDS];	/* decoded fields, see top of file */
};

/* Field value by name: A64_F(insn, rd) is insn->f[A64_F_rd]. */
#define A64_F(insn, name)	((insn)->f[A64_F_##name])

/*
 * Decoded form of one table line, exposed for tests and diagnostics.
 * A word matches when (raw & mask) == value; then each clause is an
 * "unallocated when all of these conditions hold" rule, and each bit of
 * @checks a special predicate (A64_CHECK_*) that must accept the word.
 */
#define A64_MAX_PFIELDS		8
#define A64_MAX_CLAUSES		4
#define A64_MAX_CONDS		3

enum a64_rel { A64_REL_EQ, A64_REL_NE, A64_REL_GT, A64_REL_LT };

#define A64_COND_CONST	0xff	/* rhs_field: compare with value */

struct a64_cond {
	u8 field;		/* enum a64_field */
	u8 rel;			/* enum a64_rel */
	u8 rhs_field;		/* enum a64_field, or A64_COND_CONST */
	u32 mask;		/* applied to the field before comparing */
	u32 value;
};

struct a64_clause {
	u8 nconds;
	struct a64_cond cond[A64_MAX_CONDS];
};

struct a64_field_loc {
	u8 field;		/* enum a64_field */
	u8 lsb;
	u8 width;
	u8 is_signed;		/* sign-extend (width is the kind's sign width) */
};

#define A64_CHECK_BITMASK	BIT(0)	/* logical immediate is not reserved */

struct a64_pattern {
	enum a64_op op;
	const char *text;	/* pattern string, as written in insns.def */
	const char *attrs;	/* attribute string, as written */
	u32 mask;		/* fixed bits */
	u32 value;		/* their values */
	u16 flags;		/* A64_FL_* copied into the insn */
	u8 checks;		/* A64_CHECK_* */
	u8 nfields;
	u8 nclauses;
	struct a64_field_loc fld[A64_MAX_PFIELDS];
	struct a64_clause clause[A64_MAX_CLAUSES];
};

/*
 * Parse the table and build the dispatch index.  Call once, before any
 * decode and not concurrently with one (module init); returns 0, or a
 * negative value if the table is malformed (which the selftests catch).
 * Until it has run, every word decodes to A64_OP_UNDEF.
 */
int a64_decoder_init(void);

/*
 * Decode @raw into @insn and return insn->op.  Unallocated and unsupported
 * encodings give A64_OP_UNDEF (with insn->raw set and no fields).
 */
enum a64_op a64_decode(u32 raw, struct a64_insn *insn);

/* Same result by a plain scan of the whole table: reference for tests. */
enum a64_op a64_decode_linear(u32 raw, struct a64_insn *insn);

/*
 * Does @raw match line @p (from a64_pattern_at()), including its
 * unallocated-encoding rules?
 */
bool a64_pattern_accepts(const struct a64_pattern *p, u32 raw);

unsigned int a64_nr_patterns(void);
const struct a64_pattern *a64_pattern_at(unsigned int index);

const char *a64_op_name(enum a64_op op);
const char *a64_field_name(enum a64_field field);

/* "eq", "ne", "cs", "cc", ... "al", "nv" for a 4-bit condition. */
const char *a64_cond_name(u32 cond);

/*
 * DecodeBitMasks() of the Arm ARM (shared pseudocode): expand the logical
 * immediate / bitfield fields N:immr:imms into the element-replicated
 * wmask and tmask, as for the logical (immediate) instructions
 * (immediate=TRUE).  Returns false for reserved encodings (and for N=1 when
 * !is64).  For 32-bit operations only the low 32 bits are meaningful.
 */
bool a64_decode_bit_masks(u32 n, u32 imms, u32 immr, bool is64,
			  u64 *wmask, u64 *tmask);

/*
 * The same for SBFM/BFM/UBFM (DecodeBitMasks with immediate=FALSE): there
 * an all-ones imms is a valid encoding (e.g. ASR #0, SXTW).
 */
bool a64_decode_bitfield_masks(u32 n, u32 imms, u32 immr, bool is64,
			       u64 *wmask, u64 *tmask);

/* Sign-extend the low @bits bits of @value (1 <= bits <= 64). */
static inline s64 a64_sext(u64 value, unsigned int bits)
{
	unsigned int shift = 64 - bits;

	return (s64)(value << shift) >> shift;
}

/* Byte offset of ADR (immhi:immlo) or ADRP (immhi:immlo:Zeros(12)). */
static inline s64 a64_adr_offset(const struct a64_insn *insn)
{
	s64 imm = (s64)insn->f[A64_F_immhi] * 4 + insn->f[A64_F_immlo];

	return insn->op == A64_OP_ADRP ? imm * 4096 : imm;
}

/* Bit number tested by TBZ/TBNZ: b5:b40. */
static inline unsigned int a64_tb_bit(const struct a64_insn *insn)
{
	return (insn->f[A64_F_b5] << 5) | insn->f[A64_F_b40];
}

/*
 * System register of MRS/MSR (register) packed as op0:op1:CRn:CRm:op2,
 * i.e. bits [20:5] of the word; compare with A64_SYSREG().
 */
#define A64_SYSREG(op0, op1, crn, crm, op2)				\
	(((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))

static inline u32 a64_sysreg(const struct a64_insn *insn)
{
	return (insn->raw >> 5) & 0xffff;
}

#endif /* XVM_ENGINE_A64_DECODE_H */

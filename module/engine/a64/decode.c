// SPDX-License-Identifier: GPL-2.0
/*
 * decode.c - the A64 decoder, built at init from a64/insns.def.
 *
 * a64_decoder_init() parses every pattern string of the table into a
 * mask/value pair, a field layout and its unallocated-encoding rules, then
 * indexes the lines by the top A64_DISPATCH_BITS bits of the word: each of
 * those buckets lists, most specific first, the lines that can match a
 * word with that prefix.  Decoding is one bucket lookup and a short scan.
 *
 * The parsed tables are the only writable globals; they are filled once
 * and read-only afterwards, so concurrent VMs may decode at will.
 */
#include "a64/decode.h"

#define A64_DISPATCH_BITS	11
#define A64_DISPATCH_SHIFT	(32 - A64_DISPATCH_BITS)
#define A64_NR_BUCKETS		BIT(A64_DISPATCH_BITS)
#define A64_MAX_CANDS		2048	/* about 900 used */

struct a64_line {
	enum a64_op op;
	const char *pattern;
	const char *attrs;
};

static const struct a64_line a64_lines[] = {
#define A64(name, pattern, attrs) { A64_OP_##name, pattern, attrs },
#define A64_ALT(name, pattern, attrs) { A64_OP_##name, pattern, attrs },
#include "a64/insns.def"
};

#define A64_NR_LINES	ARRAY_SIZE(a64_lines)

/* Indexed by enum a64_op: the table order, after "UNDEF". */
static const struct {
	const char *name;
} a64_ops[A64_NR_OPS] = {
	{ "UNDEF" },
#define A64(name, pattern, attrs) { #name },
#include "a64/insns.def"
};

/* Indexed by enum a64_field. */
static const struct {
	const char *name;
	u8 sign_width;
} a64_fields[A64_NR_FIELDS] = {
#define A64_FIELD(name, sign_width) { #name, sign_width },
#include "a64/insns.def"
};

/* Filled by a64_decoder_init(), read-only afterwards. */
static struct a64_pattern a64_pats[A64_NR_LINES];
static u16 a64_order[A64_NR_LINES];		/* most specific first */
static u16 a64_bucket_start[A64_NR_BUCKETS + 1];
static u16 a64_cands[A64_MAX_CANDS];

/* ---- Table parsing --------------------------------------------------- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Field kind named by s[0..len), or -1. */
static int field_lookup(const char *s, unsigned int len)
{
	unsigned int i, j;

	for (i = 0; i < A64_NR_FIELDS; i++) {
		const char *name = a64_fields[i].name;

		for (j = 0; j < len && name[j] == s[j]; j++)
			;
		if (j == len && !name[len])
			return i;
	}
	return -1;
}

/* Parse a decimal number at *s; advance *s.  Returns -1 if none. */
static s64 parse_number(const char **s)
{
	s64 v = 0;

	if (!is_digit(**s))
		return -1;
	while (is_digit(**s)) {
		v = v * 10 + (**s - '0');
		if (v > 0xffffffff)
			return -1;
		(*s)++;
	}
	return v;
}

static int add_field(struct a64_pattern *p, int field, unsigned int lsb,
		     unsigned int width)
{
	unsigned int i, sign_width;

	if (p->nfields >= A64_MAX_PFIELDS)
		return -1;
	for (i = 0; i < p->nfields; i++)
		if (p->fld[i].field == field)
			return -1;	/* one segment per field */
	/* A signed kind is only ever written at its full width. */
	sign_width = a64_fields[field].sign_width;
	if (sign_width && sign_width != width)
		return -1;
	p->fld[p->nfields].field = field;
	p->fld[p->nfields].lsb = lsb;
	p->fld[p->nfields].width = width;
	p->fld[p->nfields].is_signed = !!sign_width;
	p->nfields++;
	return 0;
}

/* One "name:width" or "name=bits" token; *pos is the next free bit + 1. */
static int parse_field_token(struct a64_pattern *p, const char **s,
			     unsigned int *pos)
{
	const char *name = *s;
	unsigned int len = 0, width = 0;
	bool is_fixed;
	u32 fixed = 0;
	int field;
	s64 w;

	while (is_ident(name[len]))
		len++;
	field = field_lookup(name, len);
	*s += len;
	if (field < 0 || (**s != ':' && **s != '='))
		return -1;
	is_fixed = *(*s)++ == '=';
	if (is_fixed) {
		while (**s == '0' || **s == '1') {
			fixed = fixed * 2 + (**s - '0');
			width++;
			(*s)++;
		}
	} else {
		w = parse_number(s);
		if (w < 1 || w > 32)
			return -1;
		width = w;
	}
	if (!width || width > *pos)
		return -1;
	*pos -= width;
	if (is_fixed) {
		p->mask |= (u32)GENMASK_ULL(*pos + width - 1, *pos);
		p->value |= fixed << *pos;
	}
	return add_field(p, field, *pos, width);
}

static int parse_pattern(struct a64_pattern *p, const char *s)
{
	unsigned int pos = 32;

	for (;;) {
		while (is_space(*s))
			s++;
		if (!*s)
			break;
		if (*s == '0' || *s == '1' || *s == '-') {
			while (*s == '0' || *s == '1' || *s == '-') {
				if (!pos)
					return -1;
				pos--;
				if (*s != '-')
					p->mask |= BIT(pos);
				if (*s == '1')
					p->value |= BIT(pos);
				s++;
			}
		} else if (parse_field_token(p, &s, &pos) < 0) {
			return -1;
		}
		if (*s && !is_space(*s))
			return -1;
	}
	return pos ? -1 : 0;
}

static bool pattern_has_field(const struct a64_pattern *p, int field)
{
	unsigned int i;

	for (i = 0; i < p->nfields; i++)
		if (p->fld[i].field == field)
			return true;
	return false;
}

/* One condition "field[&mask] rel value-or-field" of a '!' clause. */
static int parse_cond(const struct a64_pattern *p, struct a64_cond *c,
		      const char **s)
{
	unsigned int len = 0;
	int field;
	s64 v;

	while (is_ident((*s)[len]))
		len++;
	field = field_lookup(*s, len);
	if (field < 0 || !pattern_has_field(p, field))
		return -1;
	*s += len;
	c->field = field;
	c->mask = ~0U;
	if (**s == '&') {
		(*s)++;
		v = parse_number(s);
		if (v < 0)
			return -1;
		c->mask = v;
	}
	if (**s == '!' && (*s)[1] == '=') {
		c->rel = A64_REL_NE;
		*s += 2;
	} else if (**s == '=' || **s == '>' || **s == '<') {
		c->rel = **s == '=' ? A64_REL_EQ :
			 **s == '>' ? A64_REL_GT : A64_REL_LT;
		(*s)++;
	} else {
		return -1;
	}
	c->rhs_field = A64_COND_CONST;
	if (is_digit(**s)) {
		v = parse_number(s);
		if (v < 0)
			return -1;
		c->value = v;
		return 0;
	}
	for (len = 0; is_ident((*s)[len]); len++)
		;
	field = field_lookup(*s, len);
	if (field < 0 || !pattern_has_field(p, field))
		return -1;
	c->rhs_field = field;
	*s += len;
	return 0;
}

static int parse_clause(struct a64_pattern *p, const char **s)
{
	struct a64_clause *cl;

	if (p->nclauses >= A64_MAX_CLAUSES)
		return -1;
	cl = &p->clause[p->nclauses++];
	for (;;) {
		if (cl->nconds >= A64_MAX_CONDS)
			return -1;
		if (parse_cond(p, &cl->cond[cl->nconds++], s) < 0)
			return -1;
		if (**s != ',')
			return 0;
		(*s)++;
	}
}

static bool token_is(const char *s, const char *word)
{
	while (*word && *s == *word) {
		s++;
		word++;
	}
	return !*word && (!*s || is_space(*s));
}

static int parse_attrs(struct a64_pattern *p, const char *s)
{
	for (;;) {
		while (is_space(*s))
			s++;
		if (!*s)
			return 0;
		if (*s == '!') {
			s++;
			if (parse_clause(p, &s) < 0)
				return -1;
		} else if (token_is(s, "@bitmask")) {
			if (!pattern_has_field(p, A64_F_N) ||
			    !pattern_has_field(p, A64_F_sf))
				return -1;
			p->checks |= A64_CHECK_BITMASK;
			s += 8;
		} else if (token_is(s, "rd=sp")) {
			p->flags |= A64_FL_RD_SP;
			s += 5;
		} else if (token_is(s, "rn=sp")) {
			p->flags |= A64_FL_RN_SP;
			s += 5;
		} else {
			return -1;
		}
		if (*s && !is_space(*s))
			return -1;
	}
}

/* ---- Dispatch index ------------------------------------------------- */

static unsigned int popcount32(u32 v)
{
	unsigned int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

/* Order lines by descending number of fixed bits, stable by line. */
static void sort_by_specificity(void)
{
	unsigned int i, j;

	for (i = 0; i < A64_NR_LINES; i++) {
		u16 cur = i;
		unsigned int bits = popcount32(a64_pats[cur].mask);

		for (j = i; j > 0; j--) {
			if (popcount32(a64_pats[a64_order[j - 1]].mask) >= bits)
				break;
			a64_order[j] = a64_order[j - 1];
		}
		a64_order[j] = cur;
	}
}

static bool bucket_may_match(const struct a64_pattern *p, u32 bucket)
{
	u32 top = (u32)GENMASK_ULL(31, A64_DISPATCH_SHIFT);
	u32 prefix = bucket << A64_DISPATCH_SHIFT;

	return !((prefix ^ p->value) & p->mask & top);
}

static int build_buckets(void)
{
	unsigned int n = 0, b, i;

	for (b = 0; b < A64_NR_BUCKETS; b++) {
		a64_bucket_start[b] = n;
		for (i = 0; i < A64_NR_LINES; i++) {
			if (!bucket_may_match(&a64_pats[a64_order[i]], b))
				continue;
			if (n >= A64_MAX_CANDS)
				return -1;
			a64_cands[n++] = a64_order[i];
		}
	}
	a64_bucket_start[A64_NR_BUCKETS] = n;
	return 0;
}

int a64_decoder_init(void)
{
	unsigned int i;

	BUILD_BUG_ON(A64_MAX_CANDS > 0xffff);
	BUILD_BUG_ON(A64_NR_LINES > 0xffff);
	for (i = 0; i < A64_NR_LINES; i++) {
		struct a64_pattern *p = &a64_pats[i];

		memset(p, 0, sizeof(*p));
		p->op = a64_lines[i].op;
		p->text = a64_lines[i].pattern;
		p->attrs = a64_lines[i].attrs;
		if (parse_pattern(p, p->text) < 0 ||
		    parse_attrs(p, p->attrs) < 0)
			return -1;
	}
	sort_by_specificity();
	return build_buckets();
}

/* ---- Decoding --------------------------------------------------------- */

static bool cond_holds(const struct a64_cond *c, const struct a64_insn *insn)
{
	u32 v = (u32)insn->f[c->field] & c->mask;
	u32 rhs = c->rhs_field == A64_COND_CONST ? c->value :
		  (u32)insn->f[c->rhs_field];

	switch (c->rel) {
	case A64_REL_EQ:
		return v == rhs;
	case A64_REL_NE:
		return v != rhs;
	case A64_REL_GT:
		return v > rhs;
	default:
		return v < rhs;
	}
}

/* Is the decoded insn allocated under the line's rules? */
static bool rules_allow(const struct a64_pattern *p,
			const struct a64_insn *insn)
{
	unsigned int i, j;
	u64 wmask, tmask;

	for (i = 0; i < p->nclauses; i++) {
		const struct a64_clause *cl = &p->clause[i];

		for (j = 0; j < cl->nconds; j++)
			if (!cond_holds(&cl->cond[j], insn))
				break;
		if (j == cl->nconds)
			return false;
	}
	if ((p->checks & A64_CHECK_BITMASK) &&
	    !a64_decode_bit_masks(insn->f[A64_F_N], insn->f[A64_F_imms],
				  insn->f[A64_F_immr], insn->f[A64_F_sf],
				  &wmask, &tmask))
		return false;
	return true;
}

static enum a64_op decode_undef(u32 raw, struct a64_insn *insn)
{
	memset(insn, 0, sizeof(*insn));
	insn->raw = raw;
	insn->op = A64_OP_UNDEF;
	return A64_OP_UNDEF;
}

/* Fill @insn from a line whose mask/value matched @raw. */
static enum a64_op decode_with(unsigned int index, u32 raw,
			       struct a64_insn *insn)
{
	const struct a64_pattern *p = &a64_pats[index];
	unsigned int i;

	memset(insn, 0, sizeof(*insn));
	insn->raw = raw;
	for (i = 0; i < p->nfields; i++) {
		const struct a64_field_loc *fl = &p->fld[i];
		/* Move the field to the top, then shift it back down. */
		u32 top = raw << (32 - fl->lsb - fl->width);
		unsigned int down = 32 - fl->width;

		insn->f[fl->field] = fl->is_signed ? (s32)top >> down :
				     (s32)(top >> down);
	}
	if (!rules_allow(p, insn))
		return decode_undef(raw, insn);
	insn->op = p->op;
	insn->flags = p->flags;
	insn->pattern = index;
	return p->op;
}

enum a64_op a64_decode(u32 raw, struct a64_insn *insn)
{
	unsigned int b = raw >> A64_DISPATCH_SHIFT;
	unsigned int i, end = a64_bucket_start[b + 1];

	for (i = a64_bucket_start[b]; i < end; i++) {
		const struct a64_pattern *p = &a64_pats[a64_cands[i]];

		if ((raw & p->mask) == p->value)
			return decode_with(a64_cands[i], raw, insn);
	}
	return decode_undef(raw, insn);
}

enum a64_op a64_decode_linear(u32 raw, struct a64_insn *insn)
{
	unsigned int i;

	for (i = 0; i < A64_NR_LINES; i++) {
		const struct a64_pattern *p = &a64_pats[a64_order[i]];

		if ((raw & p->mask) == p->value)
			return decode_with(a64_order[i], raw, insn);
	}
	return decode_undef(raw, insn);
}

bool a64_pattern_accepts(const struct a64_pattern *p, u32 raw)
{
	struct a64_insn insn;

	if ((raw & p->mask) != p->value)
		return false;
	return decode_with(p - a64_pats, raw, &insn) != A64_OP_UNDEF;
}

unsigned int a64_nr_patterns(void)
{
	return A64_NR_LINES;
}

const struct a64_pattern *a64_pattern_at(unsigned int index)
{
	return index < A64_NR_LINES ? &a64_pats[index] : NULL;
}

const char *a64_op_name(enum a64_op op)
{
	return (unsigned int)op < A64_NR_OPS ? a64_ops[op].name : "?";
}

const char *a64_field_name(enum a64_field field)
{
	return (unsigned int)field < A64_NR_FIELDS ?
	       a64_fields[field].name : "?";
}

const char *a64_cond_name(u32 cond)
{
	static const char names[16][3] = {
		"eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc",
		"hi", "ls", "ge", "lt", "gt", "le", "al", "nv",
	};

	return names[cond & 15];
}

/* ---- DecodeBitMasks -------------------------------------------------- */

/* Low @n bits set, 0 <= n <= 64. */
static u64 ones(unsigned int n)
{
	return n >= 64 ? ~0ULL : (1ULL << n) - 1;
}

/* Rotate the low @esize bits of @v right by @r. */
static u64 ror_elem(u64 v, unsigned int r, unsigned int esize)
{
	if (!r)
		return v;
	return ((v >> r) | (v << (esize - r))) & ones(esize);
}

static u64 replicate(u64 elem, unsigned int esize)
{
	for (; esize < 64; esize *= 2)
		elem |= elem << esize;
	return elem;
}

static bool decode_masks(u32 n, u32 imms, u32 immr, bool is64,
			 bool immediate, u64 *wmask, u64 *tmask)
{
	u32 combined = ((n & 1) << 6) | (~imms & 0x3f);
	unsigned int len, levels, s, r, d, esize;

	if (!combined)
		return false;
	len = 31 - __builtin_clz(combined);
	if (len < 1 || (!is64 && len > 5))
		return false;
	levels = ones(len);
	s = imms & levels;
	r = immr & levels;
	if (immediate && s == levels)
		return false;
	d = (s - r) & levels;
	esize = 1U << len;
	*wmask = replicate(ror_elem(ones(s + 1), r, esize), esize);
	*tmask = replicate(ones(d + 1), esize);
	return true;
}

bool a64_decode_bit_masks(u32 n, u32 imms, u32 immr, bool is64,
			  u64 *wmask, u64 *tmask)
{
	return decode_masks(n, imms, immr, is64, true, wmask, tmask);
}

bool a64_decode_bitfield_masks(u32 n, u32 imms, u32 immr, bool is64,
			       u64 *wmask, u64 *tmask)
{
	return decode_masks(n, imms, immr, is64, false, wmask, tmask);
}

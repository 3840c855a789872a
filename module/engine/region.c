// SPDX-License-Identifier: GPL-2.0
/*
 * region.c - what gets translated together, and what the translator
 * learns about it before emitting any code.
 *
 * A translation starts as one basic block.  If that block's direct
 * branches lead to more blocks of the same guest page, those are decoded
 * too and the whole set becomes a region: its guest registers get one
 * host register each for the whole region (loaded once on entry), and
 * branches between its blocks become plain jumps.  Loops whose body has
 * some control flow then run entirely in host registers.  A region needs
 * every register it names to fit (11 host registers), and only
 * instructions that never call out of translated code.
 *
 * Then two analyses run on the decoded instructions: compare sinking and
 * NZCV liveness (see xlat.h and flags.c).
 */
#include "xlat.h"

#define ALLOCATABLE_REGS	11

/* Decode one basic block at @pc into insns[first..]; returns its length. */
static unsigned int decode_block(struct xlat_ctx *c, const u8 *page, u64 pc,
				 unsigned int first)
{
	unsigned int n = 0;

	while (n < XLAT_BLOCK_INSNS && first + n < XLAT_MAX_INSNS) {
		struct a64_insn *in = &c->insns[first + n];
		const struct xlat_entry *e;
		u32 word;

		memcpy(&word, page + (pc & ~XVM_PAGE_MASK), 4);
		a64_decode(word, in);
		e = xlat_entry_or_undef(in);
		if (xlat_is_undefined(e) && n)
			break;		/* its own block reports it */
		n++;
		pc += 4;
		if (xlat_ends_block(e, in) || !(pc & ~XVM_PAGE_MASK))
			break;
	}
	return n;
}

/*
 * Every register an instruction names (fields of its encoding pattern):
 * a superset of the registers it touches.  31 stands for SP and ZR alike.
 */
u32 xlat_regs_named(const struct a64_insn *in)
{
	const struct a64_pattern *p = a64_pattern_at(in->pattern);
	u32 regs = 0;
	unsigned int i;

	for (i = 0; p && i < p->nfields; i++) {
		switch (p->fld[i].field) {
		case A64_F_rd: case A64_F_rn: case A64_F_rm: case A64_F_ra:
		case A64_F_rt: case A64_F_rt2: case A64_F_rs:
			regs |= BIT(in->f[p->fld[i].field]);
			break;
		}
	}
	if (in->op == A64_OP_BL || in->op == A64_OP_BLR)
		regs |= BIT(30);		/* the link register */
	return regs;
}

static u32 regs_written(const struct a64_insn *in)
{
	return xlat_op_class(in->op) == XLAT_OPC_ALU ?
	       BIT(A64_F(in, rd)) : xlat_regs_named(in);
}

/* Target of a direct branch that may stay in the region. */
static bool direct_target(const struct a64_insn *in, u64 pc, u64 *target)
{
	switch (in->op) {
	case A64_OP_B:
		*target = pc + 4 * (s64)A64_F(in, imm26);
		return true;
	case A64_OP_B_cond:
	case A64_OP_CBZ:
	case A64_OP_CBNZ:
		*target = pc + 4 * (s64)A64_F(in, imm19);
		return true;
	case A64_OP_TBZ:
	case A64_OP_TBNZ:
		*target = pc + 4 * (s64)A64_F(in, imm14);
		return true;
	default:
		return false;
	}
}

static bool falls_through(const struct a64_insn *in)
{
	const struct xlat_entry *e = xlat_entry_or_undef(in);

	if (!xlat_ends_block(e, in))
		return true;
	switch (in->op) {
	case A64_OP_B_cond:
		return A64_F(in, cond) < 14;
	case A64_OP_CBZ: case A64_OP_CBNZ: case A64_OP_TBZ: case A64_OP_TBNZ:
		return true;
	default:
		return false;
	}
}

/*
 * Where block @k continues, when it continues at a known address: up to
 * two PCs.  Returns how many; indirect branches and calls give none.
 */
static unsigned int successors(struct xlat_ctx *c, unsigned int k,
			       u64 succ[2])
{
	const struct xlat_rblock *b = &c->rb[k];
	const struct a64_insn *last = &c->insns[b->first + b->n - 1];
	u64 last_pc = b->pc + 4 * (b->n - 1);
	unsigned int n = 0;
	u64 target;

	if (direct_target(last, last_pc, &target))
		succ[n++] = target;
	if (falls_through(last))
		succ[n++] = last_pc + 4;
	return n;
}

/* May block insns[first..first+n) live in a region? */
static bool region_safe(struct xlat_ctx *c, unsigned int first,
			unsigned int n, u32 *regs)
{
	unsigned int i;

	*regs = 0;
	for (i = first; i < first + n; i++) {
		const struct a64_insn *in = &c->insns[i];
		const struct xlat_entry *e = xlat_entry_or_undef(in);

		if (xlat_is_undefined(e) || (e->flags & XLAT_CALLS) ||
		    xlat_op_class(in->op) == XLAT_OPC_OTHER)
			return false;
		*regs |= xlat_regs_named(in);
	}
	return true;
}

static int find_block(struct xlat_ctx *c, u64 pc)
{
	unsigned int i;

	for (i = 0; i < c->nrb; i++)
		if (c->rb[i].pc == pc)
			return i;
	return -1;
}

static bool has_internal_edge(struct xlat_ctx *c)
{
	unsigned int k, j, n;
	u64 succ[2];

	for (k = 0; k < c->nrb; k++) {
		n = successors(c, k, succ);
		for (j = 0; j < n; j++)
			if (find_block(c, succ[j]) >= 0)
				return true;
	}
	return false;
}

/* Grow the region breadth-first from its first block. */
static void grow(struct xlat_ctx *c, const u8 *page, u32 used)
{
	unsigned int k, j, n, used_insns = c->rb[0].n;
	u64 succ[2];

	for (k = 0; k < c->nrb && c->nrb < XLAT_MAX_RBLOCKS; k++) {
		n = successors(c, k, succ);
		for (j = 0; j < n && c->nrb < XLAT_MAX_RBLOCKS; j++) {
			struct xlat_rblock *b = &c->rb[c->nrb];
			u32 regs;

			if ((succ[j] ^ c->block_pc) & XVM_PAGE_MASK ||
			    find_block(c, succ[j]) >= 0)
				continue;
			b->pc = succ[j];
			b->first = used_insns;
			b->n = decode_block(c, page, b->pc, used_insns);
			if (!b->n || !region_safe(c, b->first, b->n, &regs) ||
			    xlat_nr_regs(used | regs) > ALLOCATABLE_REGS)
				continue;
			used |= regs;
			used_insns += b->n;
			c->nrb++;
		}
	}
	c->region_used = used;
}

/*
 * Every cycle through a region has a branch to a lower or equal address;
 * the blocks such branches lead to check the exit-request flag, and so
 * does the entry block (cycles may run through other translations).
 */
static void mark_loop_heads(struct xlat_ctx *c)
{
	unsigned int k, j, n;
	u64 succ[2];
	int s;

	for (k = 0; k < c->nrb; k++)
		c->rb[k].loop_head = k == 0;
	for (k = 0; c->region && k < c->nrb; k++) {
		n = successors(c, k, succ);
		for (j = 0; j < n; j++) {
			s = find_block(c, succ[j]);
			if (s >= 0 && succ[j] <= c->rb[k].pc)
				c->rb[s].loop_head = true;
		}
	}
}

void xlat_build_region(struct xlat_ctx *c, const u8 *page)
{
	unsigned int i;
	u32 used;

	c->nrb = 1;
	c->rb[0].pc = c->block_pc;
	c->rb[0].first = 0;
	c->rb[0].n = decode_block(c, page, c->block_pc, 0);
	c->region = false;
	c->region_used = 0;
	c->region_dirty = 0;
	if (region_safe(c, 0, c->rb[0].n, &used) &&
	    xlat_nr_regs(used) <= ALLOCATABLE_REGS) {
		grow(c, page, used);
		c->region = has_internal_edge(c);
	}
	if (!c->region)
		c->nrb = 1;
	mark_loop_heads(c);
	c->n = c->rb[c->nrb - 1].first + c->rb[c->nrb - 1].n;
	for (i = 0; c->region && i < c->n; i++)
		c->region_dirty |= regs_written(&c->insns[i]);
}

/* ---- Compare sinking ------------------------------------------------- */

static bool independent(const struct a64_insn *a, const struct a64_insn *b)
{
	u32 wa = regs_written(a), wb = regs_written(b);

	return !(wa & xlat_regs_named(b)) && !(wb & xlat_regs_named(a));
}

static bool is_flag_setter(const struct a64_insn *in)
{
	const struct xlat_entry *e = xlat_entry_or_undef(in);

	return xlat_op_class(in->op) == XLAT_OPC_ALU &&
	       (e->flags & XLAT_NZCV_WRITE) && !(e->flags & XLAT_NZCV_READ);
}

static bool crossable(const struct a64_insn *setter,
		      const struct a64_insn *in)
{
	const struct xlat_entry *e = xlat_entry_or_undef(in);

	return xlat_op_class(in->op) == XLAT_OPC_ALU &&
	       !(e->flags & (XLAT_NZCV_READ | XLAT_NZCV_WRITE)) &&
	       independent(setter, in);
}

/*
 * Compilers hoist compares away from their branches; x86 flags do not
 * survive the ALU work in between.  Sink each flag-setting ALU
 * instruction past independent flag-free ALU instructions to just before
 * its consumer, so that NZCV goes straight from the compare to the
 * branch.  Only non-faulting instructions are crossed, so the guest
 * state at any exception is unchanged.
 */
static void sink_block(struct xlat_ctx *c, unsigned int first,
		       unsigned int end)
{
	unsigned int p, q, k;

	for (p = first; p < end; p++) {
		const struct a64_insn *in = &c->insns[c->order[p]];
		const struct xlat_entry *e;
		u16 moved;

		if (!is_flag_setter(in))
			continue;
		for (q = p + 1; q < end; q++)
			if (!crossable(in, &c->insns[c->order[q]]))
				break;
		if (q == p + 1)
			continue;
		if (q < end) {
			e = xlat_entry_or_undef(&c->insns[c->order[q]]);
			if (!(e->flags & XLAT_NZCV_READ) && !e->ends_block)
				continue;
		}
		moved = c->order[p];
		for (k = p; k + 1 < q; k++)
			c->order[k] = c->order[k + 1];
		c->order[q - 1] = moved;
		p--;		/* look at the instruction now in slot p */
	}
}

void xlat_sink_compares(struct xlat_ctx *c)
{
	unsigned int i;

	for (i = 0; i < c->n; i++)
		c->order[i] = i;
	for (i = 0; i < c->nrb; i++)
		sink_block(c, c->rb[i].first, c->rb[i].first + c->rb[i].n);
	for (i = 0; i < c->n; i++)
		c->names[i] = xlat_regs_named(&c->insns[c->order[i]]);
}

/* ---- NZCV liveness --------------------------------------------------- */

/* Are the flags live where block @k ends, given the other blocks? */
static bool live_out(struct xlat_ctx *c, unsigned int k)
{
	const struct xlat_rblock *b = &c->rb[k];
	const struct a64_insn *last = &c->insns[b->first + b->n - 1];
	unsigned int j, n;
	u64 succ[2];
	int s;

	if (xlat_ends_block(xlat_entry_or_undef(last), last) &&
	    !direct_target(last, 0, &succ[0]))
		return true;		/* calls, indirect branches, ... */
	if (b->live_out_ext)
		return true;
	n = successors(c, k, succ);
	for (j = 0; j < n; j++) {
		s = c->region ? find_block(c, succ[j]) : -1;
		if (s >= 0 && c->rb[s].flags_live)
			return true;
	}
	return false;
}

/* Backwards through block @k; returns whether its entry changed. */
static bool block_liveness(struct xlat_ctx *c, unsigned int k)
{
	struct xlat_rblock *b = &c->rb[k];
	bool live = live_out(c, k), old = b->flags_live;
	int i;

	for (i = b->first + b->n - 1; i >= (int)b->first; i--) {
		const struct xlat_entry *e =
			xlat_entry_or_undef(&c->insns[c->order[i]]);

		if (e->flags & XLAT_NZCV_READ)
			live = true;
		else if (e->flags & XLAT_NZCV_WRITE)
			live = false;
		c->flags_live_in[i] = live;
	}
	b->flags_live = live;
	return live != old;
}

/*
 * NZCV liveness per emission slot.  Successors outside the translation
 * are peeked at (xlat_flags_live_at()); inside a region the blocks are
 * iterated to a fixed point.
 */
void xlat_flag_liveness(struct xlat_ctx *c)
{
	unsigned int k, j, n;
	bool changed = true;
	u64 succ[2];

	for (k = 0; k < c->nrb; k++) {
		struct xlat_rblock *b = &c->rb[k];

		b->flags_live = false;
		b->live_out_ext = false;
		n = successors(c, k, succ);
		for (j = 0; j < n; j++) {
			if (c->region && find_block(c, succ[j]) >= 0)
				continue;
			if (xlat_flags_live_at(c, succ[j]))
				b->live_out_ext = true;
		}
	}
	while (changed) {
		changed = false;
		for (k = c->nrb; k-- > 0;)
			changed |= block_liveness(c, k);
	}
}

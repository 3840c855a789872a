// SPDX-License-Identifier: GPL-2.0
/*
 * xlat.c - translation of one guest block, or of a region of blocks.
 *
 * Everything is decoded before any code is emitted (region.c): knowing
 * every instruction lets the translator sink compares next to their
 * branches, skip saving flags that a later instruction overwrites, and
 * keep a region's registers in host registers across its branches.  A
 * block ends after a branch, an exception-generating or state-changing
 * system instruction, before an instruction that cannot be translated, at
 * the end of a guest page, or after XLAT_BLOCK_INSNS.
 *
 * Emission then calls one handler per instruction (the tables of
 * xlat_dp.c, xlat_dpreg.c, xlat_mem.c, xlat_branch.c, xlat_sys.c and
 * xlat_simd.c) and continues with the next instruction if the last one
 * did not leave.
 */
#include "xlat.h"

static const struct xlat_entry *op_table[A64_NR_OPS];
static u8 op_class[A64_NR_OPS];

static void add_table(const struct xlat_entry *t, unsigned int n,
		      enum xlat_op_class cls)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (t[i].op >= A64_NR_OPS)
			continue;
		op_table[t[i].op] = &t[i];
		op_class[t[i].op] = cls;
	}
}

int xlat_init(void)
{
	add_table(xlat_dp_table, xlat_dp_count, XLAT_OPC_ALU);
	add_table(xlat_dpreg_table, xlat_dpreg_count, XLAT_OPC_ALU);
	add_table(xlat_mem_table, xlat_mem_count, XLAT_OPC_MEM);
	add_table(xlat_branch_table, xlat_branch_count, XLAT_OPC_BRANCH);
	add_table(xlat_sys_table, xlat_sys_count, XLAT_OPC_OTHER);
	add_table(xlat_simd_table, xlat_simd_count, XLAT_OPC_ALU);
	return 0;
}

const struct xlat_entry *xlat_entry_of(enum a64_op op)
{
	return (unsigned int)op < A64_NR_OPS ? op_table[op] : NULL;
}

enum xlat_op_class xlat_op_class(enum a64_op op)
{
	return (unsigned int)op < A64_NR_OPS ? op_class[op] : XLAT_OPC_OTHER;
}

static void xlat_undefined(struct xlat_ctx *c, const struct a64_insn *in)
{
	u32 reason = in->op == A64_OP_UNDEF ? XVM_EXIT_UNDEFINED :
					      XVM_EXIT_UNSUPPORTED;

	xlat_exit_raise(c, reason, in->raw, c->pc);
}

static const struct xlat_entry undefined_entry = {
	.op = A64_OP_UNDEF,
	.ends_block = XLAT_END_YES,
	.fn = xlat_undefined,
};

/* The handler of @in; unallocated and untranslated ops share one. */
const struct xlat_entry *xlat_entry_or_undef(const struct a64_insn *in)
{
	const struct xlat_entry *e = xlat_entry_of(in->op);

	return e ? e : &undefined_entry;
}

bool xlat_is_undefined(const struct xlat_entry *e)
{
	return e == &undefined_entry;
}

bool xlat_ends_block(const struct xlat_entry *e, const struct a64_insn *in)
{
	return e->ends_block == XLAT_END_YES ||
	       (e->ends_block == XLAT_END_MAYBE && xlat_sys_ends_block(in));
}

static void count_insns(struct xlat_ctx *c, const struct xlat_rblock *b)
{
	struct x86_mem insns = ENV_MEM(insns);

	x86_alu_mi(&c->e, X86_ADD, 64, &insns, b->n);
}

/* Stop here if the host asked for an exit; registers as they are now. */
static void emit_exit_check(struct xlat_ctx *c, const struct xlat_rblock *b)
{
	struct x86_mem req = ENV_MEM(exit_request);
	u8 *stub = x86_here(&c->ce);

	x86_alu_mi(&c->e, X86_CMP, 8, &req, 0);
	x86_jcc32(&c->e, X86_CC_NE, stub);
	xr_emit_writeback(&c->ce, &c->regs);
	xlat_set_pc(&c->ce, b->pc);
	x86_mov_ri(&c->ce, 32, X86_RAX, XLAT_EXIT_REQUEST);
	x86_jmp(&c->ce, c->vcpu->cache.exit);

	if (c->vcpu->flags & XVM_CFG_COUNT_INSNS)
		count_insns(c, b);
}

/* A region loads all its registers once, before its first block. */
static void emit_region_entry(struct xlat_ctx *c)
{
	unsigned int g;

	for (g = 0; g < XLAT_NR_GREGS; g++)
		if (c->region_used & BIT(g))
			xr_read(c, g);
	c->regs.dirty = c->region_dirty;
	c->region_regs = c->regs;
}

static void emit_rblock(struct xlat_ctx *c, unsigned int k)
{
	struct xlat_rblock *b = &c->rb[k];
	unsigned int i, end = b->first + b->n;

	if (c->region) {
		/* The state every jump into a region block agrees on. */
		if (b->loop_head)
			x86_align(&c->e, 16);
		c->regs = c->region_regs;
		c->fl = XF_MEM;
		c->cf_inv = false;
	}
	b->label = x86_here(&c->e);
	c->cur = k;
	c->ended = false;
	if (b->loop_head)
		emit_exit_check(c, b);
	else if (c->vcpu->flags & XVM_CFG_COUNT_INSNS)
		count_insns(c, b);
	for (i = b->first; i < end && !c->ended; i++) {
		const struct a64_insn *in = &c->insns[c->order[i]];

		c->idx = i;
		c->pc = b->pc + 4 * (c->order[i] - b->first);
		c->skip = 0;
		xr_insn_begin(c);
		xlat_entry_or_undef(in)->fn(c, in);
		i += c->skip;
	}
	if (!c->ended) {
		c->idx = end;
		c->pc = b->pc + 4 * b->n;
		xlat_goto(c, c->pc);
	}
}

static void setup_emitters(struct xlat_ctx *c)
{
	struct xlat_cache *cache = &c->vcpu->cache;

	x86_emit_init(&c->e, cache->cur, cache->cold_start - cache->cur);
	x86_emit_init(&c->ce, cache->cold_cur,
		      cache->base + cache->size - cache->cold_cur);
}

static void raise_internal(struct xvm_vcpu *vcpu, u64 pc, const char *what)
{
	struct xvm_exit *x = xvm_raise_exit(vcpu, XVM_EXIT_INTERNAL, pc);

	x->what = what;
}

/*
 * One attempt at emitting the translation into the free part of the
 * cache.  Returns 1 when it fit, 0 when the cache is full, -1 on a
 * translator bug.
 */
static int emit_translation(struct xlat_ctx *c)
{
	struct xlat_block *b = xlat_block_alloc(c->vcpu);
	unsigned int k;

	if (!b)
		return 0;
	c->block = b;
	b->pc = c->block_pc;
	b->mode = c->vcpu->mode;
	b->first_exit = c->vcpu->cache.nr_slots;
	c->nfix = 0;
	c->fl = XF_MEM;
	c->cf_inv = false;
	for (k = 0; k < c->nrb; k++)
		c->rb[k].label = NULL;
	xr_reset(c);
	setup_emitters(c);
	x86_align(&c->e, 16);
	b->code = x86_here(&c->e);
	if (c->region)
		emit_region_entry(c);
	for (k = 0; k < c->nrb; k++)
		emit_rblock(c, k);
	for (k = 0; k < c->nfix; k++)
		x86_patch_rel32(c->fix[k].site, c->rb[c->fix[k].rb].label);
	if (c->e.invalid || c->ce.invalid)
		return -1;
	if (c->e.overflow || c->ce.overflow)
		return 0;
	return 1;
}

/* The guest bytes the translation covers, for invalidation. */
static void set_span(struct xlat_ctx *c, struct xlat_block *b)
{
	unsigned int k;

	b->lo = c->rb[0].pc;
	b->hi = c->rb[0].pc + 4 * c->rb[0].n;
	for (k = 1; k < c->nrb; k++) {
		if (c->rb[k].pc < b->lo)
			b->lo = c->rb[k].pc;
		if (c->rb[k].pc + 4 * c->rb[k].n > b->hi)
			b->hi = c->rb[k].pc + 4 * c->rb[k].n;
	}
}

static void fetch_fault(struct xvm_vcpu *vcpu, u64 pc)
{
	struct xvm_exit *x = xvm_raise_exit(vcpu, XVM_EXIT_BAD_ACCESS, pc);

	x->bad.addr = pc;
	x->bad.size = 4;
	x->bad.fetch = 1;
	if (pc & 3)
		x->what = "misaligned PC";
}

struct xlat_block *xlat_translate(struct xvm_vcpu *vcpu, u64 pc)
{
	struct xlat_ctx *c = vcpu->xlat;
	struct xlat_cache *cache = &vcpu->cache;
	struct xlat_exit_slot *s;
	struct xlat_block *b;
	const u8 *page;
	unsigned int i;
	int r;

	page = xvm_fetch_page(vcpu, pc);
	if (!page || (pc & 3)) {
		fetch_fault(vcpu, pc);
		return NULL;
	}
	c->vcpu = vcpu;
	c->be = vcpu->hw ? &xlat_backend_hw : &xlat_backend_soft;
	c->block_pc = pc;
	c->el = a64_current_el(&vcpu->cpu);
	xlat_build_region(c, page);
	xlat_sink_compares(c);
	xlat_flag_liveness(c);

	r = emit_translation(c);
	if (r == 0) {
		xlat_cache_flush(vcpu);
		r = emit_translation(c);
	}
	if (r <= 0) {
		raise_internal(vcpu, pc, r ? "translator emitted bad code" :
				      "block does not fit in the code cache");
		return NULL;
	}
	b = c->block;
	set_span(c, b);
	b->code_size = x86_here(&c->e) - b->code;
	cache->cur = x86_here(&c->e);
	cache->cold_cur = x86_here(&c->ce);
	xlat_block_commit(vcpu, b);
	for (i = 0; i < b->nr_exits; i++) {
		s = &cache->slots[b->first_exit + i];
		if (s->target_pc == b->pc)
			xlat_chain(vcpu, s, b);
	}
	vcpu->stats.translations++;
	vcpu->stats.guest_insns_translated += c->n;
	vcpu->stats.code_bytes = cache->cur - cache->blocks_start +
				 (cache->cold_cur - cache->cold_start);
	return b;
}

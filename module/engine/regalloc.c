// SPDX-License-Identifier: GPL-2.0
/*
 * regalloc.c - guest registers in host registers, within one block.
 *
 * Every block starts with all guest registers in memory (struct a64_cpu).
 * The first read of a guest register loads it into a free host register;
 * a write only claims one.  Modified registers are marked dirty and stored
 * back at block exits, before calls out of translated code and when their
 * host register is taken for another guest register (least recently used
 * first).  The registers of the current instruction are pinned so that
 * allocating one operand never evicts another.
 */
#include "xlat.h"

/* Callee-saved registers first: they survive calls to C helpers. */
static const u8 alloc_order[] = {
	X86_RBX, X86_R12, X86_R13, X86_R14, X86_R15,
	X86_RSI, X86_RDI, X86_R8, X86_R9, X86_R10, X86_R11,
};

bool xr_is_callee_saved(enum x86_reg r)
{
	return r == X86_RBX || r == X86_RBP || (r >= X86_R12 && r <= X86_R15);
}

void xr_reset(struct xlat_ctx *c)
{
	struct xlat_regs *r = &c->regs;

	memset(r->host_of, -1, sizeof(r->host_of));
	memset(r->guest_of, -1, sizeof(r->guest_of));
	r->dirty = 0;
	r->pinned = 0;
}

void xr_insn_begin(struct xlat_ctx *c)
{
	c->regs.pinned = 0;
}

static void emit_store(struct x86_emitter *e, unsigned int g, int h)
{
	struct x86_mem m = env_mem(greg_off(g));

	x86_mov_mr(e, 64, &m, (enum x86_reg)h);
}

static void release(struct xlat_ctx *c, int h)
{
	struct xlat_regs *r = &c->regs;
	int g = r->guest_of[h];

	if (g < 0)
		return;
	if (r->dirty & BIT(g))
		emit_store(&c->e, g, h);
	r->dirty &= ~(u32)BIT(g);
	r->host_of[g] = -1;
	r->guest_of[h] = -1;
}

/* Emission slots until guest register @g is named again in this block. */
static unsigned int next_use(struct xlat_ctx *c, int g)
{
	unsigned int end = c->rb[c->cur].first + c->rb[c->cur].n;
	unsigned int p;

	for (p = c->idx + 1; p < end; p++)
		if (c->names[p] & BIT(g))
			return p - c->idx;
	return ~0U;
}

/*
 * A free host register, or the one whose guest register is needed again
 * furthest ahead in the block (never, ideally), a clean one if possible.
 */
static int pick_host(struct xlat_ctx *c)
{
	struct xlat_regs *r = &c->regs;
	unsigned int i, dist, best_dist = 0;
	bool best_dirty = true;
	int best = -1;

	for (i = 0; i < ARRAY_SIZE(alloc_order); i++) {
		int h = alloc_order[i];

		if (r->guest_of[h] < 0)
			return h;
	}
	for (i = 0; i < ARRAY_SIZE(alloc_order); i++) {
		int h = alloc_order[i], g = r->guest_of[h];
		bool dirty = r->dirty & BIT(g);

		if (r->pinned & BIT(h))
			continue;
		dist = next_use(c, g);
		if (best < 0 || dist > best_dist ||
		    (dist == best_dist && best_dirty && !dirty)) {
			best = h;
			best_dist = dist;
			best_dirty = dirty;
		}
	}
	/* An instruction uses at most five registers: never all pinned. */
	release(c, best);
	return best;
}

static enum x86_reg claim(struct xlat_ctx *c, unsigned int g, bool load)
{
	struct xlat_regs *r = &c->regs;
	int h = r->host_of[g];

	if (h < 0) {
		h = pick_host(c);
		r->host_of[g] = h;
		r->guest_of[h] = g;
		if (load) {
			struct x86_mem m = env_mem(greg_off(g));

			x86_mov_rm(&c->e, 64, (enum x86_reg)h, &m);
		}
	}
	r->pinned |= BIT(h);
	return (enum x86_reg)h;
}

enum x86_reg xr_read(struct xlat_ctx *c, unsigned int g)
{
	return claim(c, g, true);
}

enum x86_reg xr_write(struct xlat_ctx *c, unsigned int g)
{
	enum x86_reg h = claim(c, g, false);

	c->regs.dirty |= BIT(g);
	return h;
}

enum x86_reg xr_rmw(struct xlat_ctx *c, unsigned int g)
{
	enum x86_reg h = claim(c, g, true);

	c->regs.dirty |= BIT(g);
	return h;
}

enum x86_reg xr_src(struct xlat_ctx *c, unsigned int r, bool sp,
		    enum x86_reg zero)
{
	if (r == 31 && !sp) {
		x86_mov_ri_keep_flags(&c->e, 32, zero, 0);
		return zero;
	}
	return xr_read(c, r);
}

enum x86_reg xr_dst(struct xlat_ctx *c, unsigned int r, bool sp)
{
	if (r == 31 && !sp)
		return XLAT_DISCARD;
	return xr_write(c, r);
}

void xr_emit_writeback(struct x86_emitter *e, const struct xlat_regs *r)
{
	unsigned int g;

	for (g = 0; g < XLAT_NR_GREGS; g++)
		if ((r->dirty & BIT(g)) && r->host_of[g] >= 0)
			emit_store(e, g, r->host_of[g]);
}

void xr_writeback(struct xlat_ctx *c)
{
	xr_emit_writeback(&c->e, &c->regs);
	c->regs.dirty = 0;
}

void xr_forget(struct xlat_ctx *c, bool keep_callee_saved)
{
	struct xlat_regs *r = &c->regs;
	unsigned int h;

	for (h = 0; h < 16; h++) {
		int g = r->guest_of[h];

		if (g < 0)
			continue;
		if (keep_callee_saved && xr_is_callee_saved(h))
			continue;
		r->host_of[g] = -1;
		r->guest_of[h] = -1;
	}
}

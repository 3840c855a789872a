// SPDX-License-Identifier: GPL-2.0
/*
 * backend_soft.c - how translated code reaches guest memory and C in the
 * soft accelerator: an inline software-TLB probe with a C slow path, and
 * plain calls to helpers.
 *
 * This file is the only place that emits calls out of translated code.
 * A hardware backend (translated code running inside a VM with guest RAM
 * mapped by EPT/NPT) provides another struct xlat_backend: direct
 * accesses, and exits to root mode where this one calls C.
 *
 * Inline access, address in rdx:
 *
 *	rorx rax, rdx, PAGE_SHIFT - ENTRY_SHIFT	; (mov + shr without BMI2)
 *	and  eax, (TLB_SIZE - 1) << ENTRY_SHIFT
 *	lea  rcx, [rdx + size - 1]	; the page of the last byte must
 *	and  rcx, PAGE_MASK		; match: page crossers go slow
 *	cmp  rcx, [env + rax + tlb.read/write]
 *	jne  slow			; cold section
 *	add  rdx, [env + rax + tlb.addend]
 *	mov  reg, [rdx]
 */
#include "xlat.h"
#include "memory.h"

static const u8 arg_regs[] = {
	X86_RDI, X86_RSI, X86_RDX, X86_RCX, X86_R8, X86_R9,
};

static const u8 caller_saved[] = {
	X86_RSI, X86_RDI, X86_R8, X86_R9, X86_R10, X86_R11,
};

static u32 memop_of(const struct xlat_access *a)
{
	u32 m = a->size_log2;

	if (a->sign)
		m |= MEMOP_SIGN;
	if (a->to32)
		m |= MEMOP_TO32;
	if (a->pair)
		m |= MEMOP_PAIR;
	if (a->fp)
		m |= MEMOP_FP | (u32)a->vreg << MEMOP_VREG_SHIFT |
		     (u32)a->vreg2 << MEMOP_VREG2_SHIFT;
	return m;
}

/* Host registers holding guest values that a C call would clobber. */
static unsigned int live_caller_saved(struct xlat_ctx *c, u8 *regs)
{
	unsigned int i, n = 0;

	for (i = 0; i < ARRAY_SIZE(caller_saved); i++)
		if (c->regs.guest_of[caller_saved[i]] >= 0)
			regs[n++] = caller_saved[i];
	return n;
}

static void load_reg(struct x86_emitter *e, const struct xlat_access *a,
		     enum x86_reg dst, const struct x86_mem *m)
{
	unsigned int bits = 8 << a->size_log2;

	if (dst == X86_NOREG)
		dst = X86_RCX;
	if (!a->sign || bits == 64)
		x86_load_zx(e, bits, dst, m);
	else
		x86_load_sx(e, a->to32 ? 32 : 64, bits, dst, m);
}

static void store_reg(struct x86_emitter *e, const struct xlat_access *a,
		      enum x86_reg src, const struct x86_mem *m)
{
	unsigned int bits = 8 << a->size_log2;

	if (src == X86_NOREG)
		x86_mov_mi(e, bits, m, 0);
	else
		x86_mov_mr(e, bits, m, src);
}

/* Copy @size bytes between guest memory at [rdx + off] and V[v]. */
static void access_vreg(struct x86_emitter *e, const struct xlat_access *a,
			unsigned int v, s32 off)
{
	s32 voff = ENV_OFF(cpu.v[0][0]) + 16 * (s32)v;
	unsigned int bits = 8 << a->size_log2;
	struct x86_mem g = x86_mem(X86_RDX, off);
	struct x86_mem r = env_mem(voff);
	struct x86_mem rhi = env_mem(voff + 8);
	struct x86_mem ghi = x86_mem(X86_RDX, off + 8);

	if (bits == 128) {
		if (a->store) {
			x86_mov_rm(e, 64, X86_RCX, &r);
			x86_mov_mr(e, 64, &g, X86_RCX);
			x86_mov_rm(e, 64, X86_RCX, &rhi);
			x86_mov_mr(e, 64, &ghi, X86_RCX);
		} else {
			x86_mov_rm(e, 64, X86_RCX, &g);
			x86_mov_mr(e, 64, &r, X86_RCX);
			x86_mov_rm(e, 64, X86_RCX, &ghi);
			x86_mov_mr(e, 64, &rhi, X86_RCX);
		}
		return;
	}
	if (a->store) {
		x86_mov_rm(e, bits < 32 ? 32 : bits, X86_RCX, &r);
		x86_mov_mr(e, bits, &g, X86_RCX);
	} else {
		x86_load_zx(e, bits, X86_RCX, &g);
		x86_mov_mr(e, 64, &r, X86_RCX);
		x86_mov_mi(e, 64, &rhi, 0);
	}
}

/* The access itself, at host address rdx + @disp. */
void xlat_emit_direct(struct x86_emitter *e, const struct xlat_access *a,
		      s32 disp)
{
	s32 size = 1 << a->size_log2;
	struct x86_mem m0 = x86_mem(X86_RDX, disp);
	struct x86_mem m1 = x86_mem(X86_RDX, disp + size);

	if (a->fp) {
		access_vreg(e, a, a->vreg, disp);
		if (a->pair)
			access_vreg(e, a, a->vreg2, disp + size);
		return;
	}
	if (a->store) {
		store_reg(e, a, a->reg, &m0);
		if (a->pair)
			store_reg(e, a, a->reg2, &m1);
		return;
	}
	/*
	 * Second register first: the first may be the one the pair's
	 * address came from, and rdx is what the access uses anyway.
	 */
	if (a->pair)
		load_reg(e, a, a->reg2, &m1);
	load_reg(e, a, a->reg, &m0);
}

/*
 * Cold code: the access of @a (guest address in rdx) through C, then on
 * to @cont (or the next cold code if NULL).  On a fault the guest state
 * goes back to a->before and the vCPU leaves.
 */
static void emit_slow_path(struct xlat_ctx *c, const struct xlat_access *a,
			   u64 pc, u8 *cont)
{
	struct x86_emitter *e = &c->ce;
	struct x86_mem pending = ENV_MEM(exit_pending);
	struct x86_mem vcpu = env_mem(-XLAT_ENV_BIAS);
	u8 saved[ARRAY_SIZE(caller_saved)];
	unsigned int n = live_caller_saved(c, saved), i;
	u8 *fault, *ok;

	for (i = 0; i < n; i++)
		x86_push_r(e, saved[i]);
	if (n & 1)
		x86_alu_ri(e, X86_SUB, 64, X86_RSP, 8);
	if (a->store) {
		/* Values first: their registers double as arguments. */
		if (a->reg == X86_NOREG || a->fp)
			x86_mov_ri(e, 32, X86_RCX, 0);
		else
			x86_mov_rr(e, 64, X86_RCX, a->reg);
		if (a->reg2 == X86_NOREG || !a->pair || a->fp)
			x86_mov_ri(e, 32, X86_R8, 0);
		else
			x86_mov_rr(e, 64, X86_R8, a->reg2);
	}
	xlat_set_pc(e, pc);
	x86_mov_rr(e, 64, X86_RSI, X86_RDX);
	x86_mov_ri(e, 32, X86_RDX, memop_of(a));
	x86_lea(e, 64, X86_RDI, &vcpu);
	x86_call_abs(e, a->store ? (const void *)xvm_slow_store :
				   (const void *)xvm_slow_load, X86_RAX);
	if (n & 1)
		x86_alu_ri(e, X86_ADD, 64, X86_RSP, 8);
	for (i = n; i-- > 0;)
		x86_pop_r(e, saved[i]);
	x86_alu_mi(e, X86_CMP, 8, &pending, 0);
	fault = x86_jcc32(e, X86_CC_NE, NULL);
	if (!a->store && !a->fp) {
		if (a->pair && a->reg2 != X86_NOREG)
			x86_mov_rr(e, 64, a->reg2, X86_RDX);
		if (a->reg != X86_NOREG)
			x86_mov_rr(e, 64, a->reg, X86_RAX);
	}
	ok = x86_jmp32(e, cont);

	/* Fault: the instruction did nothing; state as before it. */
	x86_patch_rel32(fault, x86_here(e));
	xr_emit_writeback(e, a->before);
	x86_jmp(e, c->vcpu->cache.exit_host);
	if (!cont)
		x86_patch_rel32(ok, x86_here(e));
}

/*
 * Probe the TLB for @bytes bytes at the guest address in rdx: on a hit rdx
 * becomes the host address, otherwise control goes to @slow.
 */
static void emit_probe(struct xlat_ctx *c, s32 bytes, bool store, u8 *slow)
{
	struct x86_emitter *e = &c->e;
	s32 tag_off = store ? ENV_OFF(tlb[0].write) : ENV_OFF(tlb[0].read);
	struct x86_mem tag = x86_mem_idx(XLAT_ENV, X86_RAX, 1, tag_off);
	struct x86_mem addend = x86_mem_idx(XLAT_ENV, X86_RAX, 1,
					    ENV_OFF(tlb[0].addend));
	struct x86_mem last = x86_mem(X86_RDX, bytes - 1);

	BUILD_BUG_ON(sizeof(struct xvm_tlb_entry) != 1 << XVM_TLB_ENTRY_SHIFT);
	/* rax = the entry's offset: the bits rotated in are masked off. */
	if (xlat_has(c, XVM_CFG_HOST_BMI2)) {
		x86_rorx(e, 64, X86_RAX, X86_RDX,
			 XVM_PAGE_SHIFT - XVM_TLB_ENTRY_SHIFT);
	} else {
		x86_mov_rr(e, 64, X86_RAX, X86_RDX);
		x86_shift_ri(e, X86_SHR, 64, X86_RAX,
			     XVM_PAGE_SHIFT - XVM_TLB_ENTRY_SHIFT);
	}
	x86_alu_ri(e, X86_AND, 32, X86_RAX,
		   (XVM_TLB_SIZE - 1) << XVM_TLB_ENTRY_SHIFT);
	if (bytes > 1)
		x86_lea(e, 64, X86_RCX, &last);
	else
		x86_mov_rr(e, 64, X86_RCX, X86_RDX);
	x86_alu_ri(e, X86_AND, 64, X86_RCX, (s32)XVM_PAGE_MASK);
	x86_alu_rm(e, X86_CMP, 64, X86_RCX, &tag);
	x86_jcc32(e, X86_CC_NE, slow);
	x86_alu_rm(e, X86_ADD, 64, X86_RDX, &addend);
}

static void soft_emit_access(struct xlat_ctx *c, const struct xlat_access *a)
{
	s32 bytes = (a->pair ? 2 : 1) << a->size_log2;

	xf_clobber(c);
	if (a->addr.base != X86_RDX || a->addr.index != X86_NOREG ||
	    a->addr.disp)
		x86_lea(&c->e, 64, X86_RDX, &a->addr);
	emit_probe(c, bytes, a->store, x86_here(&c->ce));
	xlat_emit_direct(&c->e, a, 0);
	emit_slow_path(c, a, c->pc, x86_here(&c->e));
}

void xlat_emit_writeback(struct x86_emitter *e, enum x86_reg base,
			 s32 delta)
{
	struct x86_mem next = x86_mem(base, delta);

	if (delta)
		x86_lea(e, 64, base, &next);
}

/*
 * One probe covers all members; if it fails (another page, a device, a
 * page with code for stores), the cold copy does each member through C,
 * in order, each with its own precise fault.
 */
static void soft_emit_group(struct xlat_ctx *c, const struct xlat_group *g)
{
	struct x86_mem first = x86_mem(g->base, g->lo);
	u8 *cold = x86_here(&c->ce), *cont;
	unsigned int k;

	xf_clobber(c);
	x86_lea(&c->e, 64, X86_RDX, &first);
	emit_probe(c, g->hi - g->lo, g->store, cold);
	for (k = 0; k < g->n; k++) {
		xlat_emit_direct(&c->e, &g->m[k].a, g->m[k].off - g->lo);
		xlat_emit_writeback(&c->e, g->base, g->m[k].wback);
	}
	cont = x86_here(&c->e);
	for (k = 0; k < g->n; k++) {
		x86_lea(&c->ce, 64, X86_RDX, &g->m[k].a.addr);
		emit_slow_path(c, &g->m[k].a, g->m[k].pc, NULL);
		xlat_emit_writeback(&c->ce, g->base, g->m[k].wback);
	}
	x86_jmp(&c->ce, cont);
}

/*
 * Before a call to C: the guest state written back, pc stored and the
 * arguments in rsi, rdx, ... (rdi, the vCPU, is the caller's).
 */
void xlat_emit_call_args(struct xlat_ctx *c, const struct xlat_arg *args,
			 unsigned int nargs)
{
	struct x86_emitter *e = &c->e;
	unsigned int i;

	xlat_sync_all(c);
	/* rax-sourced arguments first: set_pc may need rax. */
	for (i = 0; i < nargs && i + 1 < ARRAY_SIZE(arg_regs); i++)
		if (args[i].kind == XA_RAX)
			x86_mov_rr(e, 64, arg_regs[i + 1], X86_RAX);
	xlat_set_pc(e, c->pc);
	for (i = 0; i < nargs && i + 1 < ARRAY_SIZE(arg_regs); i++) {
		struct x86_mem m = env_mem(greg_off(args[i].val));

		if (args[i].kind == XA_IMM)
			x86_mov_ri_keep_flags(e, 64, arg_regs[i + 1],
					      args[i].val);
		else if (args[i].kind == XA_GREG)
			x86_mov_rm(e, 64, arg_regs[i + 1], &m);
	}
}

static void soft_emit_call(struct xlat_ctx *c, const void *fn,
			   const struct xlat_arg *args, unsigned int nargs,
			   unsigned int flags)
{
	struct x86_emitter *e = &c->e;
	struct x86_mem vcpu = env_mem(-XLAT_ENV_BIAS);
	struct x86_mem pending = ENV_MEM(exit_pending);

	xlat_emit_call_args(c, args, nargs);
	x86_lea(e, 64, X86_RDI, &vcpu);
	x86_call_abs(e, fn, X86_RAX);
	xr_forget(c, !(flags & XLAT_CALL_WRITES_REGS));
	c->fl = XF_MEM;
	if (flags & XLAT_CALL_MAY_EXIT) {
		x86_alu_mi(e, X86_CMP, 8, &pending, 0);
		x86_jcc32(e, X86_CC_NE, c->vcpu->cache.exit_host);
	}
}

const struct xlat_backend xlat_backend_soft = {
	.emit_access = soft_emit_access,
	.emit_group = soft_emit_group,
	.emit_call = soft_emit_call,
};

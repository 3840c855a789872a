// SPDX-License-Identifier: GPL-2.0
/*
 * exits.c - how translated code leaves a block: trampolines, chained
 * direct branches, the inline jump-cache probe of indirect branches, and
 * returns to the dispatcher.
 *
 * Every exit first writes the guest state back (dirty registers, NZCV),
 * so that a block boundary is always a point where struct a64_cpu is
 * exact; only PC may be stale, and the code that returns to C stores it.
 */
#include "xlat.h"

typedef int (*xlat_enter_fn)(void *env, const void *code);

/* Frame built by the enter trampoline: six pushes and 8 bytes of pad. */
static const u8 saved_regs[] = {
	X86_RBP, X86_RBX, X86_R12, X86_R13, X86_R14, X86_R15,
};

static const u8 endbr64[] = { 0xf3, 0x0f, 0x1e, 0xfa };

static const u8 vmcall[] = { 0x0f, 0x01, 0xc1 };
static const u8 vmmcall[] = { 0x0f, 0x01, 0xd9 };
static const u8 ud2[] = { 0x0f, 0x0b };

/* The hypercall instruction of the vCPU's hardware host. */
void xlat_emit_hypercall(struct xvm_vcpu *vcpu, struct x86_emitter *e)
{
	if (vcpu->flags & XVM_CFG_HW_VMX)
		x86_emit_bytes(e, vmcall, sizeof(vmcall));
	else
		x86_emit_bytes(e, vmmcall, sizeof(vmmcall));
}

/*
 * Under a hardware host the host enters blocks itself (no frame to build)
 * and translated code leaves with a hypercall, eax = enum xlat_exit.
 */
static int emit_hw_trampolines(struct xvm_vcpu *vcpu, struct x86_emitter *e)
{
	struct xlat_cache *c = &vcpu->cache;

	c->enter = NULL;
	c->exit = x86_here(e);
	xlat_emit_hypercall(vcpu, e);
	x86_emit_bytes(e, ud2, sizeof(ud2));	/* never resumed */

	x86_align(e, 16);
	c->exit_lookup = x86_here(e);
	x86_mov_ri(e, 32, X86_RAX, XLAT_EXIT_LOOKUP);
	x86_jmp(e, c->exit);

	x86_align(e, 16);
	c->exit_host = x86_here(e);
	x86_mov_ri(e, 32, X86_RAX, XLAT_EXIT_HOST);
	x86_jmp(e, c->exit);

	x86_align(e, 64);
	if (!x86_emit_ok(e))
		return -1;
	c->blocks_start = x86_here(e);
	return 0;
}

int xlat_emit_trampolines(struct xvm_vcpu *vcpu)
{
	struct xlat_cache *c = &vcpu->cache;
	struct x86_emitter e;
	int i;

	x86_emit_init(&e, c->base, 256);
	if (vcpu->hw)
		return emit_hw_trampolines(vcpu, &e);

	/* int enter(void *env, const void *code) */
	c->enter = x86_here(&e);
	x86_emit_bytes(&e, endbr64, sizeof(endbr64));
	for (i = 0; i < (int)ARRAY_SIZE(saved_regs); i++)
		x86_push_r(&e, saved_regs[i]);
	x86_alu_ri(&e, X86_SUB, 64, X86_RSP, 8);
	x86_mov_rr(&e, 64, XLAT_ENV, X86_RDI);
	x86_jmp_r(&e, X86_RSI);

	/* Back to the dispatcher with eax = enum xlat_exit. */
	x86_align(&e, 16);
	c->exit = x86_here(&e);
	x86_alu_ri(&e, X86_ADD, 64, X86_RSP, 8);
	for (i = ARRAY_SIZE(saved_regs) - 1; i >= 0; i--)
		x86_pop_r(&e, saved_regs[i]);
	x86_ret(&e);

	x86_align(&e, 16);
	c->exit_lookup = x86_here(&e);
	x86_mov_ri(&e, 32, X86_RAX, XLAT_EXIT_LOOKUP);
	x86_jmp(&e, c->exit);

	x86_align(&e, 16);
	c->exit_host = x86_here(&e);
	x86_mov_ri(&e, 32, X86_RAX, XLAT_EXIT_HOST);
	x86_jmp(&e, c->exit);

	x86_align(&e, 64);
	if (!x86_emit_ok(&e))
		return -1;
	c->blocks_start = x86_here(&e);
	return 0;
}

/* Run translated code at @code until it returns to the dispatcher. */
int xlat_enter(struct xvm_vcpu *vcpu, const void *code)
{
	xlat_enter_fn enter = (xlat_enter_fn)(void *)vcpu->cache.enter;
	u64 env = (u64)(unsigned long)vcpu + XLAT_ENV_BIAS;

	if (vcpu->hw)
		return vcpu->hw->enter(vcpu->opaque, XLAT_ENV, env, code);
	return enter((void *)(unsigned long)env, code);
}

/* Finish what a hardware host suspended mid-block (xvm_hw_suspend). */
int xlat_resume(struct xvm_vcpu *vcpu)
{
	return vcpu->hw->enter(vcpu->opaque, XLAT_ENV,
			       (u64)(unsigned long)vcpu + XLAT_ENV_BIAS, NULL);
}

void xlat_set_pc(struct x86_emitter *e, u64 pc)
{
	struct x86_mem m = ENV_MEM(cpu.pc);

	if ((s64)pc == (s32)pc) {
		x86_mov_mi(e, 64, &m, (s32)pc);
	} else {
		x86_mov_ri_keep_flags(e, 64, X86_RAX, pc);
		x86_mov_mr(e, 64, &m, X86_RAX);
	}
}

void xlat_sync_all(struct xlat_ctx *c)
{
	xf_sync(c);
	xr_writeback(c);
}

/*
 * Does the code at @pc read NZCV before setting all of it?  A short scan
 * of its first instructions; anything unclear counts as a read.  Exits to
 * code that overwrites the flags need not save them.
 */
bool xlat_flags_live_at(struct xlat_ctx *c, u64 pc)
{
	const u8 *page = xvm_fetch_page(c->vcpu, pc);
	unsigned int i;

	if (!page || (pc & 3))
		return true;
	for (i = 0; i < 32 && (pc & ~XVM_PAGE_MASK) + 4 * i < XVM_PAGE_SIZE;
	     i++) {
		const struct xlat_entry *e;
		struct a64_insn in;
		u32 word;

		memcpy(&word, page + (pc & ~XVM_PAGE_MASK) + 4 * i, 4);
		a64_decode(word, &in);
		e = xlat_entry_of(in.op);
		if (!e || (e->flags & XLAT_NZCV_READ) || e->ends_block)
			return true;
		if (e->flags & XLAT_NZCV_WRITE)
			return false;
	}
	return true;
}

/* Leaving the block: registers back to memory, NZCV if still needed. */
void xlat_sync_exit(struct xlat_ctx *c, bool flags_live)
{
	if (flags_live)
		xf_sync(c);
	xr_writeback(c);
}

/* The region block that starts at @pc, or -1. */
int xlat_internal(struct xlat_ctx *c, u64 pc)
{
	unsigned int i;

	if (!c->region)
		return -1;
	for (i = 0; i < c->nrb; i++)
		if (c->rb[i].pc == pc)
			return i;
	return -1;
}

/* Does the code a branch to @pc leads to need NZCV? */
bool xlat_succ_flags_live(struct xlat_ctx *c, u64 pc)
{
	int i = xlat_internal(c, pc);

	return i >= 0 ? c->rb[i].flags_live : xlat_flags_live_at(c, pc);
}

/* Cold stub: leave through the dispatcher, asking it to chain @s. */
static u8 *emit_chain_stub(struct xlat_ctx *c, struct xlat_exit_slot *s)
{
	struct x86_mem m = ENV_MEM(chain_slot);
	u8 *stub = x86_here(&c->ce);

	xlat_set_pc(&c->ce, s->target_pc);
	x86_mov_mi(&c->ce, 32, &m, (s32)xlat_slot_id(c->vcpu, s));
	x86_mov_ri(&c->ce, 32, X86_RAX, XLAT_EXIT_CHAIN);
	x86_jmp(&c->ce, c->vcpu->cache.exit);
	return stub;
}

/* A chainable exit through the rel32 field at @site. */
static void new_slot(struct xlat_ctx *c, u64 target, u8 *site)
{
	struct xlat_exit_slot *s = xlat_slot_alloc(c->vcpu, c->block);

	if (!s) {
		c->e.overflow = true;	/* the pool is full: flush, retry */
		return;
	}
	s->target_pc = target;
	s->site = site;
	s->stub = emit_chain_stub(c, s);
	x86_patch_rel32(site, s->stub);
}

/* A chainable jmp in @e, at the end of an exit path. */
static void slot_jmp(struct xlat_ctx *c, struct x86_emitter *e, u64 target)
{
	u8 *jmp = x86_jmp_patchable(e, NULL);

	if (jmp)
		new_slot(c, target, jmp + 1);
}

/* A jump to region block @i, patched later if it is not emitted yet. */
static void jump_internal(struct xlat_ctx *c, int cc, int i)
{
	u8 *site;

	/* The next block is emitted right here: just fall into it. */
	if (cc < 0 && i == (int)c->cur + 1 && !c->rb[i].loop_head)
		return;
	if (cc < 0)
		site = x86_jmp32(&c->e, c->rb[i].label);
	else
		site = x86_jcc32(&c->e, (enum x86_cc)cc, c->rb[i].label);
	if (c->rb[i].label || !site)
		return;
	if (c->nfix == XLAT_MAX_FIXUPS) {
		c->e.invalid = true;
		return;
	}
	c->fix[c->nfix].site = site;
	c->fix[c->nfix].rb = i;
	c->nfix++;
}

void xlat_exit_direct(struct xlat_ctx *c, u64 target)
{
	xlat_sync_exit(c, xlat_flags_live_at(c, target));
	slot_jmp(c, &c->e, target);
	c->ended = true;
}

/* Unconditional transfer to @target: inside the region or out. */
void xlat_goto(struct xlat_ctx *c, u64 target)
{
	int i = xlat_internal(c, target);

	if (i < 0) {
		xlat_exit_direct(c, target);
		return;
	}
	if (c->rb[i].flags_live)
		xf_sync(c);
	jump_internal(c, -1, i);
	c->ended = true;
}

/*
 * Before computing the condition of a two-way branch: NZCV saved if a
 * side needs it (saving may flip CF, so this comes first), and outside a
 * region the registers written back, since both sides leave.
 */
void xlat_branch_prepare(struct xlat_ctx *c, u64 taken, u64 not_taken)
{
	if (xlat_succ_flags_live(c, taken) ||
	    xlat_succ_flags_live(c, not_taken))
		xf_sync(c);
	if (!c->region)
		xr_writeback(c);
}

/*
 * Two-way branch on EFLAGS condition @cc.  Inside a region the guest
 * registers are written back only on the paths that leave it.
 */
void xlat_branch_cond(struct xlat_ctx *c, enum x86_cc cc, u64 taken,
		      u64 not_taken)
{
	int i = xlat_internal(c, taken);
	u8 *site;

	if (i >= 0) {
		jump_internal(c, cc, i);
	} else if (!c->region) {
		site = x86_jcc32(&c->e, cc, NULL);
		if (site)
			new_slot(c, taken, site);
	} else {
		x86_jcc32(&c->e, cc, x86_here(&c->ce));
		xr_emit_writeback(&c->ce, &c->regs);
		slot_jmp(c, &c->ce, taken);
	}
	i = xlat_internal(c, not_taken);
	if (i >= 0) {
		jump_internal(c, -1, i);
	} else {
		if (c->region)
			xr_emit_writeback(&c->e, &c->regs);
		slot_jmp(c, &c->e, not_taken);
	}
	c->ended = true;
}

/*
 * Indirect branch to the address in host register @target: probe the
 * jump cache inline and jump straight to the block on a hit.
 */
void xlat_exit_indirect(struct xlat_ctx *c, enum x86_reg target)
{
	struct x86_mem probe = x86_mem_idx(XLAT_ENV, X86_RDX, 4,
					   ENV_OFF(jc[0].pc));
	struct x86_mem code = x86_mem_idx(XLAT_ENV, X86_RDX, 4,
					  ENV_OFF(jc[0].code));
	struct x86_mem pc = ENV_MEM(cpu.pc);
	u8 *miss;

	BUILD_BUG_ON(sizeof(struct xvm_jc_entry) != 16);
	xf_sync(c);
	x86_mov_rr(&c->e, 64, X86_RAX, target);
	xr_writeback(c);
	x86_mov_rr(&c->e, 32, X86_RDX, X86_RAX);
	x86_alu_ri(&c->e, X86_AND, 32, X86_RDX, (XVM_JC_SIZE - 1) << 2);
	x86_alu_rm(&c->e, X86_CMP, 64, X86_RAX, &probe);
	miss = x86_here(&c->ce);
	x86_jcc32(&c->e, X86_CC_NE, miss);
	x86_jmp_m(&c->e, &code);

	x86_mov_mr(&c->ce, 64, &pc, X86_RAX);
	x86_jmp(&c->ce, c->vcpu->cache.exit_lookup);
	c->fl = XF_MEM;
	c->ended = true;
}

/* Continue at @next_pc through the C dispatcher. */
void xlat_exit_dispatch(struct xlat_ctx *c, u64 next_pc)
{
	xlat_sync_all(c);
	xlat_set_pc(&c->e, next_pc);
	x86_jmp(&c->e, c->vcpu->cache.exit_lookup);
	c->ended = true;
}

/* Same, with cpu.pc already stored by a helper. */
void xlat_exit_dispatch_pc_set(struct xlat_ctx *c)
{
	xlat_sync_all(c);
	x86_jmp(&c->e, c->vcpu->cache.exit_lookup);
	c->ended = true;
}

static void helper_raise(struct xvm_vcpu *vcpu, u64 reason, u64 info)
{
	struct xvm_exit *x = xvm_raise_exit(vcpu, reason, vcpu->cpu.pc);

	switch (reason) {
	case XVM_EXIT_UNDEFINED:
	case XVM_EXIT_UNSUPPORTED:
		x->undef.insn = info;
		if (reason == XVM_EXIT_UNSUPPORTED)
			x->what = "instruction not implemented";
		break;
	default:
		x->call.imm = info;
		break;
	}
}

/*
 * Leave to the host with @reason.  @next_pc is where the guest resumes:
 * the next instruction for calls (HVC, semihosting), this one for faults.
 */
void xlat_exit_raise(struct xlat_ctx *c, u32 reason, u32 info, u64 next_pc)
{
	struct xlat_arg args[] = {
		{ XA_IMM, reason },
		{ XA_IMM, info },
	};

	xlat_call(c, helper_raise, args, ARRAY_SIZE(args), 0);
	if (next_pc != c->pc)
		xlat_set_pc(&c->e, next_pc);
	x86_jmp(&c->e, c->vcpu->cache.exit_host);
	c->ended = true;
}

void xlat_call(struct xlat_ctx *c, const void *fn,
	       const struct xlat_arg *args, unsigned int nargs,
	       unsigned int flags)
{
	c->be->emit_call(c, fn, args, nargs, flags);
}

void xlat_mov_imm(struct xlat_ctx *c, unsigned int bits, enum x86_reg r,
		  u64 imm)
{
	if (c->fl == XF_MEM)
		x86_mov_ri(&c->e, bits, r, imm);
	else
		x86_mov_ri_keep_flags(&c->e, bits, r, imm);
}

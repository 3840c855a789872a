// SPDX-License-Identifier: GPL-2.0
/*
 * backend_hw.c - how translated code reaches guest memory and C when it
 * runs inside a VM (VMX non-root or SVM guest mode, module/hw/).
 *
 * Guest memory is mapped at the guest's addresses in the VM's paging, so
 * an access is the plain instruction with no probe: RAM is reached
 * through EPT/NPT at full speed, and a device access faults to the host,
 * which decodes the instruction (x86/mem_decode.c) and emulates it. The
 * forms emitted here are exactly those the decoder knows.
 *
 * A call to C becomes a hypercall with rax = the function: the host
 * calls it (xvm_hw_call) and resumes with its result in rax. Only
 * functions recorded here at translation time may be called.
 */
#include "xlat.h"

static bool hw_fn_allow(struct xvm_vcpu *vcpu, const void *fn)
{
	unsigned int i;

	for (i = 0; i < vcpu->nr_hw_fns; i++)
		if (vcpu->hw_fns[i] == fn)
			return true;
	if (vcpu->nr_hw_fns == XVM_HW_MAX_FNS)
		return false;
	vcpu->hw_fns[vcpu->nr_hw_fns++] = fn;
	return true;
}

/*
 * Guest addresses live in the lower half of the VM's paging; the runtime
 * (the vCPU struct, the code cache) is mirrored in the upper half. Bit 63
 * cleared, an upper-half address is non-canonical and faults (#GP), so no
 * guest address reaches the runtime. The shifts clobber EFLAGS: callers
 * first let the flag tracker save live guest flags (xf_clobber).
 */
static void hw_fence_address(struct xlat_ctx *c)
{
	x86_shift_ri(&c->e, X86_SHL, 64, X86_RDX, 1);
	x86_shift_ri(&c->e, X86_SHR, 64, X86_RDX, 1);
}

/*
 * Remember that the access about to be emitted is guest instruction @pc.
 * Code is emitted at increasing addresses; what lies at or after this one
 * was code discarded (a translation that failed) or dropped (a flush).
 */
static void hw_record_pc(struct xlat_ctx *c, u64 pc)
{
	struct xvm_vcpu *vcpu = c->vcpu;
	u64 rip = (u64)(unsigned long)x86_here(&c->e);

	while (vcpu->nr_hw_pcs && vcpu->hw_pcs[vcpu->nr_hw_pcs - 1].rip >= rip)
		vcpu->nr_hw_pcs--;
	if (vcpu->nr_hw_pcs == vcpu->max_hw_pcs)
		return;
	vcpu->hw_pcs[vcpu->nr_hw_pcs].rip = rip;
	vcpu->hw_pcs[vcpu->nr_hw_pcs].pc = pc;
	vcpu->nr_hw_pcs++;
}

static void hw_emit_access(struct xlat_ctx *c, const struct xlat_access *a)
{
	xf_clobber(c);
	if (a->addr.base != X86_RDX || a->addr.index != X86_NOREG ||
	    a->addr.disp)
		x86_lea(&c->e, 64, X86_RDX, &a->addr);
	hw_fence_address(c);
	hw_record_pc(c, c->pc);
	xlat_emit_direct(&c->e, a, 0);
}

static void hw_emit_group(struct xlat_ctx *c, const struct xlat_group *g)
{
	struct x86_mem first = x86_mem(g->base, g->lo);
	unsigned int k;

	xf_clobber(c);
	x86_lea(&c->e, 64, X86_RDX, &first);
	hw_fence_address(c);
	for (k = 0; k < g->n; k++) {
		hw_record_pc(c, g->m[k].pc);
		xlat_emit_direct(&c->e, &g->m[k].a, g->m[k].off - g->lo);
		xlat_emit_writeback(&c->e, g->base, g->m[k].wback);
	}
}

static void hw_emit_call(struct xlat_ctx *c, const void *fn,
			 const struct xlat_arg *args, unsigned int nargs,
			 unsigned int flags)
{
	static const u8 ud2[] = { 0x0f, 0x0b };
	struct x86_emitter *e = &c->e;
	struct x86_mem vcpu = env_mem(-XLAT_ENV_BIAS);
	struct x86_mem pending = ENV_MEM(exit_pending);

	xlat_emit_call_args(c, args, nargs);
	x86_lea(e, 64, X86_RDI, &vcpu);
	if (hw_fn_allow(c->vcpu, fn)) {
		x86_mov_ri(e, 64, X86_RAX, (u64)(unsigned long)fn);
		xlat_emit_hypercall(c->vcpu, e);
	} else {
		/* Cannot happen with the engine's few helpers: a loud #UD. */
		x86_emit_bytes(e, ud2, sizeof(ud2));
	}
	xr_forget(c, !(flags & XLAT_CALL_WRITES_REGS));
	c->fl = XF_MEM;
	if (flags & XLAT_CALL_MAY_EXIT) {
		x86_alu_mi(e, X86_CMP, 8, &pending, 0);
		x86_jcc32(e, X86_CC_NE, c->vcpu->cache.exit_host);
	}
}

const struct xlat_backend xlat_backend_hw = {
	.emit_access = hw_emit_access,
	.emit_group = hw_emit_group,
	.emit_call = hw_emit_call,
};

typedef u64 (*hw_fn_t)(struct xvm_vcpu *vcpu, u64 a1, u64 a2, u64 a3,
		       u64 a4, u64 a5);

bool xvm_hw_call(struct xvm_vcpu *vcpu, u64 fn, const u64 *args, u64 *ret)
{
	unsigned int i;

	for (i = 0; i < vcpu->nr_hw_fns; i++) {
		if ((u64)(unsigned long)vcpu->hw_fns[i] == fn) {
			hw_fn_t f = (hw_fn_t)(unsigned long)fn;

			*ret = f(vcpu, args[0], args[1], args[2], args[3],
				 args[4]);
			return true;
		}
	}
	return false;
}

bool xvm_hw_code_written(struct xvm_vcpu *vcpu, u64 gpa, u64 len)
{
	xlat_cache_invalidate(vcpu, gpa, len);
	return xlat_page_has_code(vcpu, gpa & XVM_PAGE_MASK, XVM_PAGE_SIZE);
}

int xvm_hw_suspend(struct xvm_vcpu *vcpu, const struct xvm_exit *exit)
{
	vcpu->exit = *exit;
	vcpu->exit_pending = 1;
	vcpu->hw_suspended = true;
	return XLAT_EXIT_HOST;
}

/* The guest PC of the access at (or whose instructions contain) @rip. */
static bool hw_access_pc(const struct xvm_vcpu *vcpu, u64 rip, u64 *pc)
{
	u32 lo = 0, hi = vcpu->nr_hw_pcs;

	/* The last record at or before @rip. */
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (vcpu->hw_pcs[mid].rip <= rip)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* An access is a few instructions (128-bit: four movs). */
	if (!lo || rip - vcpu->hw_pcs[lo - 1].rip >= 32)
		return false;
	*pc = vcpu->hw_pcs[lo - 1].pc;
	return true;
}

u64 xvm_hw_guest_pc(struct xvm_vcpu *vcpu, u64 rip)
{
	const struct xlat_cache *c = &vcpu->cache;
	const u8 *p = (const u8 *)(unsigned long)rip;
	unsigned int i;
	u64 pc;

	if (hw_access_pc(vcpu, rip, &pc))
		return pc;
	/* Hot code only: cold code (slow paths, stubs) lies elsewhere. */
	for (i = 0; i < c->nr_blocks; i++) {
		const struct xlat_block *b = &c->blocks[i];

		if (b->code && b->code <= p && p < b->code + b->code_size)
			return b->pc;
	}
	return ~0ULL;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * vcpu.c - the engine API: vCPU lifetime and the run loop.
 *
 * xvm_vcpu_run() is a small dispatcher: find (or translate) the block for
 * the guest PC, enter it, and act on how translated code came back.  Most
 * of the time it does not come back at all: direct branches are chained
 * block to block and indirect ones find their target in the jump cache,
 * so the dispatcher only sees misses, exit requests and real exits.
 */
#include "engine.h"
#include "vcpu.h"
#include "xlat.h"

int xvm_engine_init(void)
{
	int r = a64_decoder_init();

	if (r)
		return r;
	return xlat_init();
}

void a64_cpu_reset(struct a64_cpu *cpu, u64 entry)
{
	memset(cpu, 0, sizeof(*cpu));
	cpu->pc = entry;
	cpu->pstate = PSTATE_DAIF | PSTATE_EL1h;
	cpu->sctlr_el1 = SCTLR_RES1;
}

struct xvm_vcpu *xvm_vcpu_create(const struct xvm_vcpu_config *cfg)
{
	const struct xvm_host_ops *ops = cfg->ops;
	struct xvm_vcpu *vcpu;

	BUILD_BUG_ON(__builtin_offsetof(struct a64_cpu, sp) !=
		     __builtin_offsetof(struct a64_cpu, x[0]) + 31 * 8);
	BUILD_BUG_ON(__builtin_offsetof(struct xvm_vcpu, cpu) != 0);
	u32 hw = cfg->flags & XVM_CFG_HW;

	if (!ops || !ops->alloc || !ops->free || !ops->ram_page ||
	    !ops->mmio)
		return NULL;
	if (hw && (hw == XVM_CFG_HW || !cfg->hw || !cfg->hw->enter ||
		   !cfg->hw->complete_mmio))
		return NULL;
	vcpu = ops->alloc(cfg->opaque, sizeof(*vcpu));
	if (!vcpu)
		return NULL;
	vcpu->ops = ops;
	vcpu->opaque = cfg->opaque;
	vcpu->flags = cfg->flags;
	vcpu->hw = hw ? cfg->hw : NULL;
	vcpu->excl_addr = ~0ULL;
	vcpu->xlat = ops->alloc(cfg->opaque, sizeof(*vcpu->xlat));
	if (!vcpu->xlat || xlat_cache_init(vcpu, cfg->code, cfg->code_size)) {
		xvm_vcpu_destroy(vcpu);
		return NULL;
	}
	if (hw) {
		/*
		 * One access per 64 bytes of code is plenty; if not, the
		 * accesses past the end report their block's PC.
		 */
		vcpu->max_hw_pcs = cfg->code_size / 64;
		vcpu->hw_pcs = ops->alloc(cfg->opaque, vcpu->max_hw_pcs *
					  sizeof(*vcpu->hw_pcs));
		if (!vcpu->hw_pcs) {
			xvm_vcpu_destroy(vcpu);
			return NULL;
		}
	}
	xvm_tlb_flush(vcpu);
	xvm_jc_flush(vcpu);
	a64_cpu_reset(&vcpu->cpu, 0);
	vcpu->cpu.cntfrq_el0 = cfg->cntfrq ? cfg->cntfrq : 62500000;
	return vcpu;
}

void xvm_vcpu_destroy(struct xvm_vcpu *vcpu)
{
	void *opaque;

	if (!vcpu)
		return;
	opaque = vcpu->opaque;
	xlat_cache_destroy(vcpu);
	if (vcpu->hw_pcs)
		vcpu->ops->free(opaque, vcpu->hw_pcs);
	if (vcpu->xlat)
		vcpu->ops->free(opaque, vcpu->xlat);
	vcpu->ops->free(opaque, vcpu);
}

struct a64_cpu *xvm_vcpu_cpu(struct xvm_vcpu *vcpu)
{
	return &vcpu->cpu;
}

void xvm_vcpu_request_exit(struct xvm_vcpu *vcpu)
{
	__atomic_store_n(&vcpu->exit_request, 1, __ATOMIC_RELEASE);
}

void xvm_vcpu_complete_mmio(struct xvm_vcpu *vcpu, u64 data)
{
	struct xvm_exit *x = &vcpu->exit;

	if (x->reason != XVM_EXIT_MMIO)
		return;
	if (vcpu->hw) {
		if (vcpu->hw_suspended && !x->mmio.write)
			vcpu->hw->complete_mmio(vcpu->opaque, data);
		return;
	}
	vcpu->mmio_done.valid = true;
	vcpu->mmio_done.addr = x->mmio.addr;
	vcpu->mmio_done.size = x->mmio.size;
	vcpu->mmio_done.write = x->mmio.write;
	vcpu->mmio_done.data = data;
}

void xvm_vcpu_invalidate(struct xvm_vcpu *vcpu, u64 gpa, u64 len)
{
	xlat_cache_invalidate(vcpu, gpa, len);
}

void xvm_vcpu_flush(struct xvm_vcpu *vcpu)
{
	xlat_cache_flush(vcpu);
	xvm_tlb_flush(vcpu);
}

const struct xvm_stats *xvm_vcpu_stats(const struct xvm_vcpu *vcpu)
{
	return &vcpu->stats;
}

static const char *const exit_names[XVM_NR_EXITS] = {
	[XVM_EXIT_NONE] = "none",
	[XVM_EXIT_REQUEST] = "exit request",
	[XVM_EXIT_UNDEFINED] = "undefined instruction",
	[XVM_EXIT_SEMIHOST] = "semihosting call",
	[XVM_EXIT_HLT] = "HLT",
	[XVM_EXIT_HVC] = "HVC",
	[XVM_EXIT_SMC] = "SMC",
	[XVM_EXIT_HALT] = "wait for interrupt",
	[XVM_EXIT_MMIO] = "MMIO access",
	[XVM_EXIT_BAD_ACCESS] = "bad access",
	[XVM_EXIT_UNSUPPORTED] = "unsupported",
	[XVM_EXIT_INTERNAL] = "internal error",
};

const char *xvm_exit_name(u32 reason)
{
	return reason < XVM_NR_EXITS ? exit_names[reason] : "?";
}

/* Publish @b in the jump cache so that indirect branches find it inline. */
static void jc_fill(struct xvm_vcpu *vcpu, struct xlat_block *b)
{
	struct xvm_jc_entry *j = &vcpu->jc[(b->pc >> 2) & (XVM_JC_SIZE - 1)];

	j->pc = b->pc;
	j->code = b->code;
}

static struct xlat_block *find_block(struct xvm_vcpu *vcpu, u64 pc)
{
	struct xlat_block *b = xlat_cache_lookup(vcpu, pc, vcpu->mode);

	if (!b)
		b = xlat_translate(vcpu, pc);
	if (b)
		jc_fill(vcpu, b);
	return b;
}

/* After XLAT_EXIT_CHAIN: patch the exit that brought us here. */
static struct xlat_block *chain_from(struct xvm_vcpu *vcpu, u32 slot_id)
{
	u64 flushes = vcpu->stats.flushes;
	struct xlat_exit_slot *s;
	struct xlat_block *to;

	to = find_block(vcpu, vcpu->cpu.pc);
	if (!to || flushes != vcpu->stats.flushes)
		return to;		/* a flush dropped the slot */
	s = xlat_slot_get(vcpu, slot_id);
	if (s && s->target_pc == to->pc && s->owner->mode == to->mode)
		xlat_chain(vcpu, s, to);
	return to;
}

/* Exception entry, ERET or the host may have changed the EL. */
static void update_mode(struct xvm_vcpu *vcpu)
{
	u32 mode = xvm_mode_key(&vcpu->cpu);

	if (mode != vcpu->mode) {
		vcpu->mode = mode;
		xvm_jc_flush(vcpu);
	}
}

static void sync_out(struct xvm_vcpu *vcpu)
{
	vcpu->cpu.pstate = (vcpu->cpu.pstate & ~(u64)PSTATE_NZCV) |
			   xvm_nzcv_get(vcpu);
}

static int finish(struct xvm_vcpu *vcpu, struct xvm_exit *exit)
{
	sync_out(vcpu);
	vcpu->exit_pending = 0;
	vcpu->stats.exits++;
	vcpu->stats.insns = vcpu->insns;
	*exit = vcpu->exit;
	return exit->reason;
}

int xvm_vcpu_run(struct xvm_vcpu *vcpu, struct xvm_exit *exit)
{
	bool resume = vcpu->hw_suspended;
	struct xlat_block *b = NULL;
	int r;

	xvm_nzcv_set(vcpu, vcpu->cpu.pstate & PSTATE_NZCV);
	vcpu->exit_pending = 0;
	vcpu->hw_suspended = false;
	memset(&vcpu->exit, 0, sizeof(vcpu->exit));
	for (;;) {
		if (resume) {
			/* A hardware host stopped mid-block: finish it. */
			resume = false;
			r = xlat_resume(vcpu);
		} else {
			if (__atomic_load_n(&vcpu->exit_request,
					    __ATOMIC_ACQUIRE)) {
				vcpu->exit_request = 0;
				xvm_raise_exit(vcpu, XVM_EXIT_REQUEST,
					       vcpu->cpu.pc);
				return finish(vcpu, exit);
			}
			if (!b) {
				update_mode(vcpu);
				b = find_block(vcpu, vcpu->cpu.pc);
			}
			if (!b)
				return finish(vcpu, exit);
			vcpu->stats.dispatches++;
			r = xlat_enter(vcpu, b->code);
		}
		b = NULL;
		if (r == XLAT_EXIT_CHAIN) {
			b = chain_from(vcpu, vcpu->chain_slot);
			if (!b)
				return finish(vcpu, exit);
		} else if (r == XLAT_EXIT_HOST) {
			return finish(vcpu, exit);
		}
	}
}

// SPDX-License-Identifier: GPL-2.0
/*
 * selftest_backend.c - a backend for the kselftests: its vCPUs run the
 * register machine of selftest_guest.h instead of AArch64 code, through
 * the same ops and run loop a hardware backend uses. Only VMs created
 * while the module parameter selftest_backend is set get it.
 */
#include <linux/slab.h>
#include "selftest_guest.h"
#include "vm.h"

struct xvm_tg_vcpu {
	u8 read_reg;		/* the LOAD waiting for its device value */
};

static int xvm_tg_vcpu_init(struct xvm_core_vcpu *vcpu)
{
	vcpu->backend_priv = kzalloc(sizeof(struct xvm_tg_vcpu),
				     GFP_KERNEL_ACCOUNT);
	return vcpu->backend_priv ? 0 : -ENOMEM;
}

static void xvm_tg_vcpu_destroy(struct xvm_core_vcpu *vcpu)
{
	kfree(vcpu->backend_priv);
}

static int xvm_tg_fail(struct xvm_core_vcpu *vcpu, u64 why)
{
	struct xvm_run *run = vcpu->run;

	run->exit_reason = XVM_EXIT_INTERNAL_ERROR;
	run->internal.suberror = XVM_INTERNAL_ERROR_EMULATION;
	run->internal.ndata = 2;
	run->internal.data[0] = vcpu->regs.pc;
	run->internal.data[1] = why;
	return XVM_RUN_EXIT;
}

static bool xvm_tg_size_ok(u8 size)
{
	return size == 1 || size == 2 || size == 4 || size == 8;
}

static u64 xvm_tg_mask(u8 size)
{
	return size == 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
}

static int xvm_tg_load(struct xvm_core_vcpu *vcpu,
		       const struct xvm_tg_insn *insn)
{
	struct xvm_tg_vcpu *tg = vcpu->backend_priv;
	u64 val = 0;

	vcpu->regs.pc += sizeof(*insn);
	if (!xvm_vm_read_guest(vcpu->vm, insn->addr, &val, insn->size)) {
		vcpu->regs.x[insn->reg] = val;
		return XVM_RUN_CONTINUE;
	}
	tg->read_reg = insn->reg;
	vcpu->mmio = (struct xvm_mmio) {
		.gpa	= insn->addr,
		.size	= insn->size,
	};
	return XVM_RUN_MMIO;
}

static int xvm_tg_store(struct xvm_core_vcpu *vcpu,
			const struct xvm_tg_insn *insn)
{
	u64 val = vcpu->regs.x[insn->reg] & xvm_tg_mask(insn->size);

	vcpu->regs.pc += sizeof(*insn);
	if (!xvm_vm_write_guest(vcpu->vm, insn->addr, &val, insn->size))
		return XVM_RUN_CONTINUE;
	vcpu->mmio = (struct xvm_mmio) {
		.gpa	= insn->addr,
		.data	= val,
		.size	= insn->size,
		.write	= true,
	};
	return XVM_RUN_MMIO;
}

static int xvm_tg_hvc(struct xvm_core_vcpu *vcpu, u64 imm)
{
	struct xvm_run *run = vcpu->run;
	unsigned int i;

	run->exit_reason = XVM_EXIT_HYPERCALL;
	run->hypercall.kind = XVM_HYPERCALL_HVC;
	run->hypercall.imm = imm;
	for (i = 0; i < ARRAY_SIZE(run->hypercall.args); i++)
		run->hypercall.args[i] = vcpu->regs.x[i];
	for (i = 0; i < ARRAY_SIZE(run->hypercall.ret); i++)
		run->hypercall.ret[i] = vcpu->regs.x[i];
	return XVM_RUN_EXIT;
}

static int xvm_tg_event(struct xvm_core_vcpu *vcpu, u64 type)
{
	struct xvm_run *run = vcpu->run;

	run->exit_reason = XVM_EXIT_SYSTEM_EVENT;
	run->system_event.type = type;
	run->system_event.ndata = 0;
	return XVM_RUN_EXIT;
}

/* One instruction: XVM_RUN_CONTINUE to go on, or what to return. */
static int xvm_tg_step(struct xvm_core_vcpu *vcpu,
		       const struct xvm_tg_insn *insn)
{
	u64 *x = &vcpu->regs.x[insn->reg];

	switch (insn->op) {
	case XVM_TG_NOP:
		break;
	case XVM_TG_LOAD:
		return xvm_tg_load(vcpu, insn);
	case XVM_TG_STORE:
		return xvm_tg_store(vcpu, insn);
	case XVM_TG_MOV:
		*x = insn->imm;
		break;
	case XVM_TG_ADD:
		*x += insn->imm;
		break;
	case XVM_TG_BNE:
		if (*x != insn->imm) {
			vcpu->regs.pc = insn->addr;
			return XVM_RUN_CONTINUE;
		}
		break;
	case XVM_TG_SPIN:
		return XVM_RUN_CONTINUE;
	case XVM_TG_HVC:
		vcpu->regs.pc += sizeof(*insn);
		return xvm_tg_hvc(vcpu, insn->imm);
	case XVM_TG_EVENT:
		vcpu->regs.pc += sizeof(*insn);
		return xvm_tg_event(vcpu, insn->imm);
	}
	vcpu->regs.pc += sizeof(*insn);
	return XVM_RUN_CONTINUE;
}

static int xvm_tg_vcpu_run(struct xvm_core_vcpu *vcpu)
{
	struct xvm_tg_insn insn;
	unsigned int budget;
	int ret;

	vcpu->state_dirty = false;
	for (budget = XVM_TG_BUDGET; budget; budget--) {
		u64 pc = vcpu->regs.pc;

		if (!IS_ALIGNED(pc, sizeof(insn)) ||
		    xvm_vm_read_guest(vcpu->vm, pc, &insn, sizeof(insn)))
			return xvm_tg_fail(vcpu, 0);
		if (insn.op >= XVM_TG_NR_OPS || insn.reg > 30 ||
		    ((insn.op == XVM_TG_LOAD || insn.op == XVM_TG_STORE) &&
		     !xvm_tg_size_ok(insn.size)))
			return xvm_tg_fail(vcpu, 1);
		vcpu->stats.guest_insns++;
		ret = xvm_tg_step(vcpu, &insn);
		if (ret != XVM_RUN_CONTINUE || insn.op == XVM_TG_SPIN)
			return ret;
	}
	return XVM_RUN_CONTINUE;
}

static void xvm_tg_complete_mmio(struct xvm_core_vcpu *vcpu, u64 data)
{
	struct xvm_tg_vcpu *tg = vcpu->backend_priv;

	vcpu->regs.x[tg->read_reg] = data;
}

const struct xvm_backend_ops xvm_selftest_backend_ops = {
	.vcpu_init		= xvm_tg_vcpu_init,
	.vcpu_destroy		= xvm_tg_vcpu_destroy,
	.vcpu_run		= xvm_tg_vcpu_run,
	.vcpu_complete_mmio	= xvm_tg_complete_mmio,
};

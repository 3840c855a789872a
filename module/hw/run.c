// SPDX-License-Identifier: GPL-2.0
/*
 * run.c - the hardware backends' side of XVM_RUN, shared by VMX and SVM:
 * the backend ops of both (xvm_vmx_ops, xvm_svm_ops), the engine's host
 * and hardware hooks, and the loop that enters the guest and handles its
 * exits.
 *
 * One XVM_RUN round: the core calls vcpu_run; it runs the engine's
 * dispatcher (xvm_vcpu_run), which translates and enters blocks through
 * hw_enter(); hw_enter() loops entering the VM until translated code
 * leaves for the dispatcher (a hypercall with a small rax). On the way it
 * calls C for translated code (hypercalls with rax = a function), maps
 * guest pages on first touch, and decodes device accesses, which stop
 * the vCPU mid-block until the core has delivered them (xvm_hw_suspend).
 *
 * Between two entries the thread is an ordinary preemptible one:
 * preemption is off only from loading the VMCS/VMCB to the VM exit,
 * interrupts only around the entry itself. Every entry ends at the next
 * host interrupt at the latest (external-interrupt exiting / the INTR
 * intercept; on VMX also the preemption timer), so a guest that spins
 * still lets the host schedule, and a signal or a request makes the
 * engine leave at the next block boundary, where the state is exact.
 */
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/rcupdate.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/timekeeping.h>
#include "core/ownership.h"
#include "core/vm.h"
#include "engine/engine.h"
#include "engine/x86/mem_decode.h"
#include "hw/runtime.h"

#define HW_CNTFRQ		62500000ULL	/* the board's 62.5 MHz */

static bool count_insns;
module_param(count_insns, bool, 0644);
MODULE_PARM_DESC(count_insns,
		 "Count guest instructions exactly on VMX/SVM (slower; stats guest_insns), for vCPUs that first run after it is set");

/* ---- the engine's host ops --------------------------------------------- */

static void *hw_alloc(void *opaque, unsigned long size)
{
	return vzalloc(size);
}

static void hw_free(void *opaque, void *ptr)
{
	vfree(ptr);
}

/* vm->slots_lock is held: vcpu_run holds it throughout. */
static void *hw_ram_page(void *opaque, u64 gpa)
{
	struct hw_vcpu *v = opaque;
	struct page *pg;
	bool ro;

	pg = xvm_gpa_page(v->hvm->vm, gpa, &ro);
	return pg && !ro ? page_address(pg) : NULL;
}

/* Device accesses of C helpers (not of translated code): none yet. */
static int hw_mmio(void *opaque, u64 gpa, unsigned int size, bool write,
		   u64 *data)
{
	return XVM_MMIO_UNMAPPED;
}

static u64 hw_counter(void *opaque)
{
	/* 62.5 MHz: one tick per 16 ns. */
	return ktime_get_mono_fast_ns() >> 4;
}

static const struct xvm_host_ops hw_host_ops = {
	.alloc		= hw_alloc,
	.free		= hw_free,
	.ram_page	= hw_ram_page,
	.mmio		= hw_mmio,
	.counter	= hw_counter,
};

/* ---- entering the VM --------------------------------------------------- */

/* Something wants the engine out: let it leave at a block boundary. */
static void hw_check_leave(struct hw_vcpu *v)
{
	if (signal_pending(current) || READ_ONCE(v->core->requests) ||
	    READ_ONCE(v->core->run->immediate_exit))
		xvm_vcpu_request_exit(v->engine);
}

static void hw_enter_once(struct hw_vcpu *v)
{
	struct hw_vm *hvm = v->hvm;
	u64 gen;
	int cpu;

	hw_check_leave(v);
	cond_resched();
	cpu = get_cpu();
	v->hvm->arch->load(v, cpu);
	gen = READ_ONCE(hvm->tlb_gen);
	if (v->tlb_gen != gen) {
		v->tlb_gen = gen;
		v->flush_tlb = true;
	}
	local_irq_disable();
	hvm->arch->enter(v);
	local_irq_enable();
	put_cpu();
}

/* Leave run with a fatal exit: the VM cannot go on. */
static int hw_fail(struct hw_vcpu *v, u32 reason, const char *what, u64 addr)
{
	struct xvm_exit x = {
		.reason = reason,
		.pc = xvm_hw_guest_pc(v->engine, v->regs.rip),
		.what = what,
	};

	x.bad.addr = addr;
	v->failed = true;
	return xvm_hw_suspend(v->engine, &x);
}

static bool hw_rip_in_code(struct hw_vcpu *v, unsigned int len)
{
	unsigned long rip = v->regs.rip, base = (unsigned long)v->code;

	return rip >= base && rip - base <= v->code_size - len;
}

/* Decode the access translated code made at RIP. */
static int hw_decode(struct hw_vcpu *v, struct x86_mem_access *a)
{
	unsigned long left;

	if (!hw_rip_in_code(v, 1))
		return -1;
	left = (unsigned long)v->code + v->code_size - v->regs.rip;
	return x86_decode_mem((const u8 *)(unsigned long)v->regs.rip,
			      min(left, 15UL), a);
}

/* A store to a RAM page with code: drop what it overwrites. */
static int hw_code_write(struct hw_vcpu *v, struct page *pg)
{
	struct x86_mem_access a;
	u64 gpa = v->exit.gpa, val;
	u8 *host;

	if (hw_decode(v, &a) || a.write == false)
		return hw_fail(v, XVM_EXIT_INTERNAL,
			       "store to code not decoded", gpa);
	if (!xvm_hw_code_written(v->engine, gpa, a.size)) {
		hw_space_code_page(v->hvm, gpa, true);
		return -1;		/* the store runs again */
	}
	/* Code stays in the page: keep it protected, store here. */
	if ((gpa & ~PAGE_MASK) + a.size > PAGE_SIZE)
		return hw_fail(v, XVM_EXIT_UNSUPPORTED,
			       "store across a code page boundary", gpa);
	val = x86_mem_store_value(&a, v->regs.gpr);
	host = (u8 *)page_address(pg) + (gpa & ~PAGE_MASK);
	memcpy(host, &val, a.size);
	v->regs.rip += a.len;
	return -1;
}

/* A device access: stop for the core (writes are done for the guest). */
static int hw_device(struct hw_vcpu *v)
{
	struct x86_mem_access *a = &v->mmio;
	struct xvm_exit x = {
		.reason = XVM_EXIT_MMIO,
		.pc = xvm_hw_guest_pc(v->engine, v->regs.rip),
	};

	if (hw_decode(v, a))
		return hw_fail(v, XVM_EXIT_UNSUPPORTED,
			       "device access not decoded", v->exit.gpa);
	x.mmio.addr = v->exit.gpa;
	x.mmio.size = a->size;
	x.mmio.write = a->write;
	/*
	 * While the access waits, the registers are those of the block's
	 * start, but the PC is the access's: what userland reports for an
	 * access to nothing (XVM_EXIT_UNCLAIMED_MMIO).
	 */
	if (x.pc != ~0ULL)
		xvm_vcpu_cpu(v->engine)->pc = x.pc;
	if (a->write) {
		x.mmio.data = x86_mem_store_value(a, v->regs.gpr);
		v->regs.rip += a->len;
	}
	return xvm_hw_suspend(v->engine, &x);
}

static int hw_npf(struct hw_vcpu *v)
{
	struct page *pg;
	bool ro;

	pg = xvm_gpa_page(v->hvm->vm, v->exit.gpa, &ro);
	if (!pg)
		return hw_device(v);
	if (v->exit.fetch)
		return hw_fail(v, XVM_EXIT_INTERNAL, "fetch from guest RAM",
			       v->exit.gpa);
	if (v->exit.write && ro)
		return hw_fail(v, XVM_EXIT_BAD_ACCESS, NULL, v->exit.gpa);
	if (v->exit.write && v->exit.present)
		return hw_code_write(v, pg);
	/* A slot mapped after the fault was taken: just go on. */
	return -1;
}

static int hw_exception(struct hw_vcpu *v)
{
	const struct hw_exit *e = &v->exit;

	switch (e->vector) {
	case 14:	/* #PF */
		if (!(e->error_code & 1) && !hw_space_fault(v->hvm, e->cr2))
			return -1;
		return hw_fail(v, XVM_EXIT_BAD_ACCESS, NULL, e->cr2);
	case 13:	/* #GP: a non-canonical guest address */
		return hw_fail(v, XVM_EXIT_BAD_ACCESS, NULL, ~0ULL);
	default:
		return hw_fail(v, XVM_EXIT_INTERNAL,
			       "exception in translated code", e->vector);
	}
}

/* C for translated code: rax = the function, arguments in rsi .. r9. */
static int hw_call(struct hw_vcpu *v)
{
	u64 *g = v->regs.gpr;
	u64 args[5] = { g[HW_RSI], g[HW_RDX], g[HW_RCX], g[HW_R8], g[HW_R9] };

	if (!xvm_hw_call(v->engine, g[HW_RAX], args, &g[HW_RAX]))
		return hw_fail(v, XVM_EXIT_INTERNAL, "hypercall to no function",
			       g[HW_RAX]);
	v->regs.rip += v->exit.insn_len;
	return -1;
}

/* One exit: -1 to enter again, else what hw_enter returns. */
static int hw_handle_exit(struct hw_vcpu *v)
{
	switch (v->exit.kind) {
	case HW_EXIT_INTR:
		return -1;
	case HW_EXIT_HYPERCALL:
		if (v->regs.gpr[HW_RAX] < XVM_HW_RET_LIMIT)
			return v->regs.gpr[HW_RAX];
		return hw_call(v);
	case HW_EXIT_NPF:
		return hw_npf(v);
	case HW_EXIT_EXCEPTION:
		return hw_exception(v);
	case HW_EXIT_SHUTDOWN:
		return hw_fail(v, XVM_EXIT_INTERNAL, "triple fault", 0);
	case HW_EXIT_FAIL_ENTRY:
		pr_warn_ratelimited("xvm: %s VM entry failed: reason %#llx qualification %#llx error %u\n",
				    v->hvm->arch->name, v->exit.hw_reason,
				    v->exit.qual, v->exit.insn_error);
		v->entry_failed = true;
		return hw_fail(v, XVM_EXIT_INTERNAL, "VM entry failed", 0);
	default:
		return hw_fail(v, XVM_EXIT_INTERNAL, "unexpected VM exit",
			       v->exit.hw_reason);
	}
}

static int hw_enter(void *opaque, unsigned int env_reg, u64 env,
		    const void *code)
{
	struct hw_vcpu *v = opaque;
	int r;

	if (code) {
		v->regs.gpr[env_reg] = env;
		v->regs.gpr[HW_RSP] = (u64)(unsigned long)v->stack +
				      HW_STACK_SIZE;
		v->regs.rip = (u64)(unsigned long)code;
		v->regs.rflags = X86_EFLAGS_FIXED;
	}
	do {
		hw_enter_once(v);
		r = hw_handle_exit(v);
	} while (r < 0);
	return r;
}

static void hw_complete_mmio(void *opaque, u64 data)
{
	struct hw_vcpu *v = opaque;

	x86_mem_load_apply(&v->mmio, v->regs.gpr, data);
	v->regs.rip += v->mmio.len;
}

static void hw_protect_code(void *opaque, u64 gpa)
{
	struct hw_vcpu *v = opaque;

	hw_space_code_page(v->hvm, gpa, false);
}

static const struct xvm_hw_hooks hw_hooks = {
	.enter		= hw_enter,
	.complete_mmio	= hw_complete_mmio,
	.protect_code	= hw_protect_code,
};

int hw_engine_create(struct hw_vcpu *v)
{
	struct xvm_vcpu_config cfg = {
		.code = v->code,
		.code_size = v->code_size,
		.ops = &hw_host_ops,
		.opaque = v,
		.flags = v->hvm->arch->engine_flag,
		.cntfrq = HW_CNTFRQ,
		.hw = &hw_hooks,
	};

	if (READ_ONCE(count_insns))
		cfg.flags |= XVM_CFG_COUNT_INSNS;
	if (boot_cpu_has(X86_FEATURE_BMI2))
		cfg.flags |= XVM_CFG_HOST_BMI2;
	if (boot_cpu_has(X86_FEATURE_ABM))
		cfg.flags |= XVM_CFG_HOST_LZCNT;
	v->engine = xvm_vcpu_create(&cfg);
	return v->engine ? 0 : -ENOMEM;
}

/* ---- engine exits to core results --------------------------------------- */

static int hw_exit_hypercall(struct hw_vcpu *v, const struct xvm_exit *x,
			     u32 kind)
{
	struct xvm_run *run = v->core->run;
	unsigned int i;

	run->exit_reason = XVM_EXIT_HYPERCALL;
	run->hypercall.kind = kind;
	run->hypercall.imm = x->call.imm;
	for (i = 0; i < ARRAY_SIZE(run->hypercall.args); i++)
		run->hypercall.args[i] = v->core->regs.x[i];
	/* Registers userland leaves alone keep their values. */
	for (i = 0; i < ARRAY_SIZE(run->hypercall.ret); i++)
		run->hypercall.ret[i] = v->core->regs.x[i];
	return XVM_RUN_EXIT;
}

static int hw_exit_crash(struct hw_vcpu *v, const struct xvm_exit *x)
{
	struct xvm_run *run = v->core->run;

	if (v->entry_failed) {
		run->exit_reason = XVM_EXIT_FAIL_ENTRY;
		run->fail_entry.hardware_entry_failure_reason =
			v->exit.hw_reason;
		run->fail_entry.error = v->exit.insn_error;
		run->fail_entry.cpu = v->cpu;
		return XVM_RUN_EXIT;
	}
	run->exit_reason = XVM_EXIT_INTERNAL_ERROR;
	run->internal.suberror = x->reason == XVM_EXIT_INTERNAL ?
				 XVM_INTERNAL_ERROR_BACKEND :
				 XVM_INTERNAL_ERROR_EMULATION;
	run->internal.ndata = 3;
	run->internal.data[0] = x->pc;
	run->internal.data[1] = x->reason;
	if (x->reason == XVM_EXIT_UNDEFINED)
		run->internal.data[2] = x->undef.insn;
	else
		run->internal.data[2] = x->bad.addr;
	/* What the engine said went wrong, as text from data[3] on. */
	if (x->what) {
		char *text = (char *)&run->internal.data[3];
		size_t room = sizeof(run->internal.data) - 3 * sizeof(u64);
		ssize_t len = strscpy(text, x->what, room);

		if (len < 0)
			len = room - 1;
		run->internal.ndata += DIV_ROUND_UP(len + 1, sizeof(u64));
	}
	return XVM_RUN_EXIT;
}

static int hw_map_exit(struct hw_vcpu *v, const struct xvm_exit *x)
{
	struct xvm_mmio *m = &v->core->mmio;

	switch (x->reason) {
	case XVM_EXIT_REQUEST:
		return XVM_RUN_CONTINUE;
	case XVM_EXIT_HALT:
		/* No interrupt can arrive yet (no GIC): do not spin. */
		schedule_timeout_interruptible(1);
		return XVM_RUN_CONTINUE;
	case XVM_EXIT_MMIO:
		m->gpa = x->mmio.addr;
		m->data = x->mmio.data;
		m->size = x->mmio.size;
		m->write = x->mmio.write;
		return XVM_RUN_MMIO;
	case XVM_EXIT_HVC:
		return hw_exit_hypercall(v, x, XVM_HYPERCALL_HVC);
	case XVM_EXIT_SMC:
		return hw_exit_hypercall(v, x, XVM_HYPERCALL_SMC);
	case XVM_EXIT_SEMIHOST:
		return hw_exit_hypercall(v, x, XVM_HYPERCALL_SEMIHOST);
	default:
		return hw_exit_crash(v, x);
	}
}

static void hw_update_stats(struct hw_vcpu *v)
{
	const struct xvm_stats *s = xvm_vcpu_stats(v->engine);
	struct xvm_vcpu_stats *cs = &v->core->stats;

	cs->translations = s->translations;
	cs->code_cache_bytes = s->code_bytes;
	cs->guest_insns = s->insns;
	cs->vm_entries = v->entries;
}

static int hw_vcpu_setup(struct hw_vcpu *v);

static int hw_vcpu_run(struct xvm_core_vcpu *vcpu)
{
	struct hw_vcpu *v = vcpu->backend_priv;
	struct xvm_vm *vm = vcpu->vm;
	struct xvm_exit x;
	int r;

	if (v->failed)
		return hw_exit_crash(v, &v->last_exit);
	/*
	 * Nothing delivers interrupts to the guest yet (the distributor
	 * keeps the SPI state for the GIC to come): a changed line needs
	 * no more than this one return to the core, not an exit per block.
	 */
	clear_bit(XVM_REQ_IRQ, &vcpu->requests);
	if (!v->ready) {
		r = hw_vcpu_setup(v);
		if (r)
			return r;
	}
	mutex_lock(&vm->slots_lock);
	/* Translations of memory that changed its backing must go. */
	if (v->map_gen != v->hvm->map_gen) {
		v->map_gen = v->hvm->map_gen;
		xvm_vcpu_flush(v->engine);
	}
	if (vcpu->state_dirty) {
		hw_state_to_engine(v);
		vcpu->state_dirty = false;
	}
	WRITE_ONCE(v->task, current);
	xvm_vcpu_run(v->engine, &x);
	WRITE_ONCE(v->task, NULL);
	hw_state_from_engine(v);
	mutex_unlock(&vm->slots_lock);
	hw_update_stats(v);
	if (v->failed)
		v->last_exit = x;
	r = hw_map_exit(v, &x);
	return r;
}

static void hw_vcpu_complete_mmio(struct xvm_core_vcpu *vcpu, u64 data)
{
	struct hw_vcpu *v = vcpu->backend_priv;

	xvm_vcpu_complete_mmio(v->engine, data);
}

static void hw_vcpu_kick(struct xvm_core_vcpu *vcpu)
{
	struct hw_vcpu *v = vcpu->backend_priv;
	struct task_struct *t;

	/*
	 * The IPI makes the VM exit; the loop then sees the request. The
	 * task is only set while it is inside the engine, and task structs
	 * are freed after an RCU grace period.
	 */
	rcu_read_lock();
	t = READ_ONCE(v->task);
	if (t)
		kick_process(t);
	rcu_read_unlock();
}

/* ---- VMs and vCPUs ------------------------------------------------------ */

static int hw_vm_init_arch(struct xvm_vm *vm, const struct hw_arch_ops *arch)
{
	struct hw_vm *hvm;
	int r;

	r = xvm_hw_get(arch->ext);
	if (r)
		return r;
	hvm = kzalloc(sizeof(*hvm), GFP_KERNEL_ACCOUNT);
	if (!hvm) {
		r = -ENOMEM;
		goto put;
	}
	hvm->vm = vm;
	hvm->arch = arch;
	r = hw_space_init(hvm);
	if (r)
		goto free;
	r = arch->vm_init(hvm);
	if (r)
		goto space;
	vm->backend_priv = hvm;
	return 0;
space:
	hw_space_destroy(hvm);
free:
	kfree(hvm);
put:
	xvm_hw_put(arch->ext);
	return r;
}

static int hw_vmx_vm_init(struct xvm_vm *vm)
{
	return hw_vm_init_arch(vm, &hw_vmx_arch);
}

static int hw_svm_vm_init(struct xvm_vm *vm)
{
	return hw_vm_init_arch(vm, &hw_svm_arch);
}

static void hw_vm_destroy(struct xvm_vm *vm)
{
	struct hw_vm *hvm = vm->backend_priv;
	const struct hw_arch_ops *arch = hvm->arch;

	arch->vm_destroy(hvm);
	hw_space_destroy(hvm);
	kfree(hvm);
	vm->backend_priv = NULL;
	xvm_hw_put(arch->ext);
}

static int hw_memslot_update(struct xvm_vm *vm,
			     const struct xvm_memslot *slot, bool add)
{
	struct hw_vm *hvm = vm->backend_priv;

	lockdep_assert_held(&vm->slots_lock);
	hvm->map_gen++;
	if (!add) {
		/* No vCPU is inside vcpu_run: it holds slots_lock. */
		hw_space_unmap_slot(hvm, slot);
		return 0;
	}
	return hw_space_map_slot(hvm, slot);
}

static void hw_vcpu_free(struct hw_vcpu *v)
{
	if (v->arch)
		v->hvm->arch->vcpu_destroy(v);
	hw_runtime_destroy(v);
	kfree(v);
}

/*
 * The runtime, the engine and the VMCS/VMCB cost megabytes: a vCPU gets
 * them at its first XVM_RUN, which fails with their error (ENOMEM, or
 * EOPNOTSUPP when the CPU lacks a control xvm needs; dmesg says which).
 */
static int hw_vcpu_setup(struct hw_vcpu *v)
{
	int r = hw_runtime_init(v);

	/* Testing aid: a failure after the runtime is mapped. */
	if (!r && READ_ONCE(xvm_fail_next_setup) &&
	    cmpxchg(&xvm_fail_next_setup, true, false))
		r = -ENOMEM;
	if (!r)
		r = v->hvm->arch->vcpu_init(v);
	if (r) {
		if (v->arch)
			v->hvm->arch->vcpu_destroy(v);
		v->arch = NULL;
		hw_runtime_unmap(v);
		hw_runtime_destroy(v);
		hw_runtime_clear(v);
		return r;
	}
	v->ready = true;
	return 0;
}

static int hw_vcpu_init(struct xvm_core_vcpu *vcpu)
{
	struct hw_vm *hvm = vcpu->vm->backend_priv;
	struct hw_vcpu *v;

	v = kzalloc(sizeof(*v), GFP_KERNEL_ACCOUNT);
	if (!v)
		return -ENOMEM;
	v->hvm = hvm;
	v->core = vcpu;
	v->cpu = -1;
	v->tlb_gen = READ_ONCE(hvm->tlb_gen) - 1;
	vcpu->backend_priv = v;
	return 0;
}

static void hw_vcpu_destroy(struct xvm_core_vcpu *vcpu)
{
	if (vcpu->backend_priv)
		hw_vcpu_free(vcpu->backend_priv);
	vcpu->backend_priv = NULL;
}

const struct xvm_backend_ops xvm_vmx_ops = {
	.vm_init		= hw_vmx_vm_init,
	.vm_destroy		= hw_vm_destroy,
	.memslot_update		= hw_memslot_update,
	.vcpu_init		= hw_vcpu_init,
	.vcpu_destroy		= hw_vcpu_destroy,
	.vcpu_run		= hw_vcpu_run,
	.vcpu_complete_mmio	= hw_vcpu_complete_mmio,
	.vcpu_kick		= hw_vcpu_kick,
};

const struct xvm_backend_ops xvm_svm_ops = {
	.vm_init		= hw_svm_vm_init,
	.vm_destroy		= hw_vm_destroy,
	.memslot_update		= hw_memslot_update,
	.vcpu_init		= hw_vcpu_init,
	.vcpu_destroy		= hw_vcpu_destroy,
	.vcpu_run		= hw_vcpu_run,
	.vcpu_complete_mmio	= hw_vcpu_complete_mmio,
	.vcpu_kick		= hw_vcpu_kick,
};

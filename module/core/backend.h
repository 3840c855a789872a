/* SPDX-License-Identifier: GPL-2.0 */
/*
 * backend.h - the one interface between the core and a backend that runs
 * guest code (VMX, SVM; the selftest backend for the kselftests).
 *
 * The core owns the file descriptors, guest memory, the register file,
 * the I/O rings and the run loop (vcpu.c). A backend fills a struct
 * xvm_backend_ops and plugs into that loop; every op may be NULL, and a
 * VM whose backend has no vcpu_run cannot run (XVM_RUN fails with
 * EOPNOTSUPP).
 *
 * Contexts: every op runs in process context and may sleep, except
 * vcpu_kick, which may be called from any context with interrupts on.
 */
#ifndef XVM_CORE_BACKEND_H
#define XVM_CORE_BACKEND_H

#include "xvm.h"

struct xvm_vm;
struct xvm_core_vcpu;
struct xvm_hw;
struct xvm_memslot;

/* What ops->vcpu_run returns when it does not fail. */
enum xvm_run_result {
	/*
	 * A safe point (block boundary) and nothing for the core: it checks
	 * signals, requests and rescheduling, then calls vcpu_run again.
	 */
	XVM_RUN_CONTINUE,
	/*
	 * A device access the backend cannot service: vcpu->mmio says what.
	 * A write is done once the core has it; for a read the core calls
	 * vcpu_complete_mmio with the value before the next vcpu_run.
	 */
	XVM_RUN_MMIO,
	/* An exit for userland: the backend filled vcpu->run's exit. */
	XVM_RUN_EXIT,
};

struct xvm_backend_ops {
	/* Per-VM setup (e.g. turn VMX on, nested page table root). */
	int (*vm_init)(struct xvm_vm *vm);
	void (*vm_destroy)(struct xvm_vm *vm);

	/*
	 * A memory slot appears (@add, its pages pinned) or goes. Called
	 * with vm->slots_lock held. On removal the backend must make sure,
	 * before it returns, that no vCPU can reach the slot's pages any
	 * more (unmap, flush, kick): the core unpins them right after. An
	 * error refuses an added slot.
	 */
	int (*memslot_update)(struct xvm_vm *vm,
			      const struct xvm_memslot *slot, bool add);

	/* vcpu_init runs with vm->lock held; vcpu_destroy at VM teardown. */
	int (*vcpu_init)(struct xvm_core_vcpu *vcpu);
	void (*vcpu_destroy)(struct xvm_core_vcpu *vcpu);

	/*
	 * Run the guest until something needs the core; an enum
	 * xvm_run_result or -errno (XVM_RUN returns it). On entry
	 * vcpu->regs, vcpu->sysregs and vcpu->vregs hold the guest state
	 * (reload it if vcpu->state_dirty, then clear it); on return they
	 * must hold it again. Must return in bounded time, and soon after
	 * vcpu_kick.
	 */
	int (*vcpu_run)(struct xvm_core_vcpu *vcpu);

	/* The value of the read that vcpu_run reported as XVM_RUN_MMIO. */
	void (*vcpu_complete_mmio)(struct xvm_core_vcpu *vcpu, u64 data);

	/*
	 * Make a vCPU inside vcpu_run return soon (an IPI to its CPU).
	 * Called after a request bit was set; any context.
	 */
	void (*vcpu_kick)(struct xvm_core_vcpu *vcpu);
};

/* One hardware backend as the core knows it. */
struct xvm_backend {
	u32 id;				/* XVM_BACKEND_* */
	const char *name;
	void (*probe)(struct xvm_hw_report *report);
	const struct xvm_backend_ops *ops;	/* NULL: cannot run guests */
	struct xvm_hw *hw;		/* its extension (ownership.h) */
};

/* Probe both backends on the current CPU (preemption off inside). */
void xvm_probe_backends(struct xvm_hw_report *vmx, struct xvm_hw_report *svm);

/*
 * The backend for XVM_CREATE_VM @flags, if usable now: 0 and *@be, or
 * -EINVAL (bad flags), -EBUSY (another hypervisor owns it), -ENODEV; the
 * last two with one dmesg line saying why.
 */
int xvm_backend_select(unsigned long flags, const struct xvm_backend **be);

/* The ops a new VM of backend @be runs with (the selftest backend's). */
const struct xvm_backend_ops *xvm_backend_ops(const struct xvm_backend *be);

/* The hardware backends' ops (module/vmx/, module/svm/). */
extern const struct xvm_backend_ops xvm_vmx_ops;
extern const struct xvm_backend_ops xvm_svm_ops;

/* The selftest backend (selftest_backend.c), enabled by its parameter. */
extern const struct xvm_backend_ops xvm_selftest_backend_ops;
extern bool xvm_selftest_backend;

#endif /* XVM_CORE_BACKEND_H */

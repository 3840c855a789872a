/* SPDX-License-Identifier: GPL-2.0 */
/*
 * runtime.h - the address spaces of a hardware VM and the non-root
 * environment of its vCPUs (runtime.c), and the guest state kept in step
 * between the core's register file and the engine's (state.c).
 */
#ifndef XVM_HW_RUNTIME_H
#define XVM_HW_RUNTIME_H

#include "hw/hw.h"

#define HW_STACK_SIZE		(2 * PAGE_SIZE)
#define HW_CODE_SIZE		(4UL << 20)	/* code cache per vCPU */

/* The VM's two page tables; guest RAM is mapped by slot. */
int hw_space_init(struct hw_vm *hvm);
void hw_space_destroy(struct hw_vm *hvm);

/* Map or unmap one memory slot in the nested table. */
int hw_space_map_slot(struct hw_vm *hvm, const struct xvm_memslot *slot);
void hw_space_unmap_slot(struct hw_vm *hvm, const struct xvm_memslot *slot);

/*
 * A guest page fault on @va (guest MMU off: identity): map its 2 MiB.
 * -EFAULT if @va lies outside the guest-physical space.
 */
int hw_space_fault(struct hw_vm *hvm, u64 va);

/* Guest RAM page @gpa holds code (false) or no longer does (true). */
int hw_space_code_page(struct hw_vm *hvm, u64 gpa, bool writable);

/* The runtime of @v: stack, GDT/TSS/IDT, code cache, engine, env. */
int hw_runtime_init(struct hw_vcpu *v);
void hw_runtime_unmap(struct hw_vcpu *v);
void hw_runtime_destroy(struct hw_vcpu *v);
void hw_runtime_clear(struct hw_vcpu *v);

/* The engine's vCPU over v->code (run.c). */
int hw_engine_create(struct hw_vcpu *v);

/* Register files: core (vcpu->regs, sysregs, vregs) <-> engine. */
void hw_state_to_engine(struct hw_vcpu *v);
void hw_state_from_engine(struct hw_vcpu *v);

#endif /* XVM_HW_RUNTIME_H */

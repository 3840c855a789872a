/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hw.h - what the VMX and SVM backends share: the non-root environment the
 * module builds for translated code, the per-VM and per-vCPU state, the
 * one exit format both report, and the small table of what differs
 * (struct hw_arch_ops).
 *
 * Translated code runs in 64-bit mode in (VMX non-root / SVM guest mode)
 * under page tables the module builds (hw_vm.pt). Two halves:
 *
 *  - the lower half is the guest's address space: with the guest MMU off
 *    a guest address is its guest-physical address, mapped 1:1 with
 *    2 MiB pages filled on demand (page faults exit) below rt_base;
 *  - the runtime: every page translated code touches besides guest memory
 *    (the engine's vCPU struct, the code cache, the stack, GDT/IDT/TSS)
 *    appears at the same virtual address as in the host kernel, so the
 *    pointers the translator embeds are valid on both sides.
 *
 * Below that, nested paging (hw_vm.npt: EPT or NPT) maps guest-physical
 * addresses: guest RAM slots 1:1 from 0 up to rt_base, and runtime pages
 * in a window from there (HW_RT_GPA_SIZE). A guest access to an address
 * without RAM exits (EPT violation / nested page fault) and becomes MMIO.
 */
#ifndef XVM_HW_HW_H
#define XVM_HW_HW_H

#include <linux/types.h>
#include <linux/mutex.h>
#include "engine/engine.h"
#include "engine/x86/mem_decode.h"
#include "hw/pgtable.h"

struct xvm_vm;
struct xvm_core_vcpu;
struct xvm_vcpu;		/* the engine's vCPU */
struct xvm_memslot;
struct xvm_hw;
struct task_struct;
struct hw_vm;
struct hw_vcpu;

/*
 * Guest-physical window of the runtime pages: the top 1 GiB of what both
 * the guest's space (XVM_IPA_BITS) and the CPU (its physical address
 * width: nested and guest page tables cannot point higher) allow. Guest
 * memory and devices cannot be there (hw_vm.rt_base).
 */
#define HW_RT_GPA_SIZE		(1ULL << 30)
#define HW_RT_GPA_PAGES		(HW_RT_GPA_SIZE >> PAGE_SHIFT)

/* Selectors of the runtime GDT. */
#define HW_SEL_CODE		0x08
#define HW_SEL_DATA		0x10
#define HW_SEL_TSS		0x18

/* x86 GPR numbers (the instruction encoding's). */
enum hw_gpr {
	HW_RAX, HW_RCX, HW_RDX, HW_RBX, HW_RSP, HW_RBP, HW_RSI, HW_RDI,
	HW_R8, HW_R9, HW_R10, HW_R11, HW_R12, HW_R13, HW_R14, HW_R15,
	HW_NR_GPRS
};

/* The x86 register state of translated code while it is not running. */
struct hw_regs {
	u64 gpr[HW_NR_GPRS];		/* gpr[HW_RSP] is RSP */
	u64 rip;
	u64 rflags;
};

/*
 * The non-root environment of a vCPU: what the arch code loads into the
 * VMCS guest-state area / the VMCB save area at vcpu_init. Built by
 * runtime.c; never changes afterwards.
 */
struct hw_guest_env {
	u64 cr0;			/* PE MP ET NE WP PG */
	u64 cr3;			/* root of hw_vm.pt (a runtime GPA) */
	u64 cr4;			/* PAE; the arch adds what it must */
	u64 efer;			/* LME LMA NXE; SVM adds SVME */
	u64 pat;			/* 0x0007040600070406 (power-on) */
	u64 gdt_base;			/* linear (runtime) addresses */
	u16 gdt_limit;
	u64 idt_base;
	u16 idt_limit;
	u64 tss_base;
	u16 tss_limit;
	/*
	 * CS = HW_SEL_CODE (64-bit, DPL 0), DS/ES/SS = HW_SEL_DATA, FS and
	 * GS null with base 0, TR = HW_SEL_TSS (busy 64-bit TSS), LDTR null.
	 */
};

/* How one entry ended, in terms both backends share. */
enum hw_exit_kind {
	HW_EXIT_NONE,
	/* VMCALL / VMMCALL; insn_len is 3. */
	HW_EXIT_HYPERCALL,
	/* EPT violation / nested page fault at gpa. */
	HW_EXIT_NPF,
	/* An exception in the guest (all are intercepted). */
	HW_EXIT_EXCEPTION,
	/*
	 * External interrupt, NMI, preemption timer, INIT...: nothing to do,
	 * the host takes the interrupt when the run loop enables them.
	 */
	HW_EXIT_INTR,
	/* Triple fault (shutdown intercept / VMX exit reason 2). */
	HW_EXIT_SHUTDOWN,
	/* The entry itself failed: fail_reason and insn_error say why. */
	HW_EXIT_FAIL_ENTRY,
	/* Any other exit: hw_reason and qual hold the raw values. */
	HW_EXIT_UNEXPECTED,
};

struct hw_exit {
	enum hw_exit_kind kind;
	u32 insn_len;			/* HYPERCALL */
	/* NPF */
	u64 gpa;
	bool write;
	bool fetch;
	bool present;			/* a protection fault, not a missing page */
	/* EXCEPTION */
	u32 vector;
	u32 error_code;
	bool has_error_code;
	u64 cr2;			/* #PF */
	/* FAIL_ENTRY, UNEXPECTED */
	u64 hw_reason;			/* VMX basic exit reason / SVM EXITCODE */
	u64 qual;			/* exit qualification / EXITINFO1 */
	u32 insn_error;			/* VM-instruction error (VMX) */
};

/*
 * What differs between VMX and SVM. All run in process context unless
 * said otherwise.
 */
struct hw_arch_ops {
	const char *name;		/* "VMX" / "SVM" */
	struct xvm_hw *ext;		/* its ownership (core/ownership.h) */
	enum hw_pt_format npt_format;	/* HW_PT_EPT / HW_PT_NPT */
	/* The engine's hypercall instruction: vmcall (VMX) or vmmcall. */
	u32 engine_flag;		/* XVM_CFG_HW_VMX / XVM_CFG_HW_SVM */

	/* Per-VM state (ASID; EPTP from vm->npt's root). */
	int (*vm_init)(struct hw_vm *vm);
	void (*vm_destroy)(struct hw_vm *vm);

	/* VMCS / VMCB for @v from v->env; the arch data goes in v->arch. */
	int (*vcpu_init)(struct hw_vcpu *v);
	/* May be called on any CPU; must release the VMCS everywhere. */
	void (*vcpu_destroy)(struct hw_vcpu *v);

	/*
	 * Preemption off, interrupts on: make @v runnable on this CPU
	 * (VMCLEAR on the previous CPU and VMPTRLD here, host-state fields
	 * of this CPU, the SVM ASID/TLB choice). Called before every enter.
	 */
	void (*load)(struct hw_vcpu *v, int cpu);

	/*
	 * Interrupts and preemption off: enter with v->regs, leave at the
	 * first exit with v->regs updated and v->exit filled in. If
	 * v->flush_tlb is set, flush this VM's guest TLB entries (EPT /
	 * NPT and guest-linear) on this entry and clear it. Never loops.
	 */
	void (*enter)(struct hw_vcpu *v);
};

/* A VM on a hardware backend (xvm_vm.backend_priv). */
struct hw_vm {
	struct xvm_vm *vm;
	const struct hw_arch_ops *arch;
	struct mutex lock;		/* pt, npt, the runtime window */
	struct hw_pt pt;		/* x86 paging of translated code */
	struct hw_pt npt;		/* EPT / NPT */
	u64 rt_base;			/* the runtime window; guest space below */
	unsigned long rt_next;		/* next free runtime window page */
	u32 asid;			/* SVM */
	u64 eptp;			/* VMX */
	u64 tlb_gen;			/* bumped when a vCPU must flush */
	u64 map_gen;			/* bumped when a slot comes or goes */
};

/* A vCPU on a hardware backend (xvm_core_vcpu.backend_priv). */
struct hw_vcpu {
	struct hw_vm *hvm;
	struct xvm_core_vcpu *core;
	struct xvm_vcpu *engine;	/* translator state, vmalloc'ed */
	struct hw_guest_env env;
	struct hw_regs regs;
	struct hw_exit exit;
	bool ready;			/* runtime and VMCS/VMCB built */
	bool flush_tlb;			/* arch: flush on the next entry */
	u64 tlb_gen;			/* hvm->tlb_gen last flushed for */
	u64 map_gen;			/* hvm->map_gen the engine knows */
	int cpu;			/* last CPU it was loaded on, or -1 */
	void *arch;			/* VMCS / VMCB and friends */

	/* runtime.c */
	void *stack;			/* HW_STACK_SIZE bytes */
	void *sys_page;			/* GDT, TSS, IDT stub */
	void *code;			/* code cache */
	unsigned long code_size;

	/* run.c */
	struct task_struct *task;	/* the thread in XVM_RUN, for kicks */
	struct x86_mem_access mmio;	/* the device read it waits for */
	bool failed;			/* the VM cannot go on: last_exit */
	bool entry_failed;		/* ... because VM entry failed */
	struct xvm_exit last_exit;
	u64 entries;			/* stats: VM entries */
};

extern const struct hw_arch_ops hw_vmx_arch;
extern const struct hw_arch_ops hw_svm_arch;

#endif /* XVM_HW_HW_H */

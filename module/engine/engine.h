/* SPDX-License-Identifier: GPL-2.0 */
/*
 * engine.h - the translation engine as its hosts see it.
 *
 * A host (the kernel module's vCPU code, or the user-space soft
 * accelerator) creates a vCPU with a code cache and a set of callbacks,
 * fills in its guest state and runs it.  xvm_vcpu_run() executes
 * translated code until something needs the host, and describes that in a
 * struct xvm_exit.  Guest state (struct a64_cpu) is only valid and only
 * writable between runs.
 */
#ifndef XVM_ENGINE_ENGINE_H
#define XVM_ENGINE_ENGINE_H

#include "host.h"
#include "cpu.h"

struct xvm_vcpu;

/* Why xvm_vcpu_run() returned. */
enum xvm_exit_reason {
	XVM_EXIT_NONE,
	XVM_EXIT_REQUEST,	/* the exit-request flag was seen */
	XVM_EXIT_UNDEFINED,	/* unallocated encoding: undef.insn at pc */
	XVM_EXIT_SEMIHOST,	/* HLT #0xF000: x0/x1 hold the call */
	XVM_EXIT_HLT,		/* HLT with another immediate (call.imm) */
	XVM_EXIT_HVC,		/* HVC #imm (PSCI and friends) */
	XVM_EXIT_SMC,		/* SMC #imm */
	XVM_EXIT_HALT,		/* WFI or WFE */
	XVM_EXIT_MMIO,		/* device access the host must complete */
	XVM_EXIT_BAD_ACCESS,	/* access to a guest address with nothing */
	XVM_EXIT_UNSUPPORTED,	/* a feature the engine does not have yet */
	XVM_EXIT_INTERNAL,	/* engine failure, e.g. code cache too small */
	XVM_NR_EXITS
};

/*
 * An exit.  @pc is the address of the instruction that caused it.  For
 * exits that complete an instruction (SEMIHOST, HLT, HVC, SMC, HALT) the
 * guest PC already points past it when run returns; for the others the
 * guest PC is @pc and the instruction has had no effect.
 */
struct xvm_exit {
	u32 reason;		/* enum xvm_exit_reason */
	u64 pc;
	const char *what;	/* UNSUPPORTED, INTERNAL: what went wrong */
	union {
		struct {
			u32 insn;
		} undef;	/* UNDEFINED, and UNSUPPORTED instructions */
		struct {
			u32 imm;
		} call;		/* SEMIHOST, HLT, HVC, SMC */
		struct {
			u64 addr;
			u64 data;	/* for writes; reads: see complete_mmio */
			u8 size;	/* bytes: 1, 2, 4 or 8 */
			u8 write;
		} mmio;
		struct {
			u64 addr;
			u8 size;
			u8 write;
			u8 fetch;	/* instruction fetch, not a data access */
		} bad;
	};
};

/* Return values of xvm_host_ops.mmio. */
enum xvm_mmio_result {
	XVM_MMIO_OK,		/* done; for reads *data holds the value */
	XVM_MMIO_UNMAPPED,	/* nothing at this address: bad access */
	XVM_MMIO_EXIT,		/* leave run with XVM_EXIT_MMIO */
};

/*
 * What the engine needs from its host.  All are called from the vCPU's own
 * thread, inside xvm_vcpu_run() or create/destroy.
 */
struct xvm_host_ops {
	/* Zeroed memory for the engine's tables, and its release. */
	void *(*alloc)(void *opaque, unsigned long size);
	void (*free)(void *opaque, void *ptr);
	/*
	 * Host address of the guest-physical page at @gpa (4 KiB aligned)
	 * when it is plain RAM that translated code may read, write and
	 * fetch from directly; NULL when it is not RAM.
	 */
	void *(*ram_page)(void *opaque, u64 gpa);
	/* Device access (size 1, 2, 4 or 8 bytes). */
	int (*mmio)(void *opaque, u64 gpa, unsigned int size, bool write,
		    u64 *data);
	/* The generic timer's count (CNTPCT_EL0), at cntfrq Hz. */
	u64 (*counter)(void *opaque);
};

/* xvm_vcpu_config.flags */
#define XVM_CFG_COUNT_INSNS	BIT(0)	/* keep stats.insns exact (slower) */
#define XVM_CFG_HOST_BMI2	BIT(1)	/* host has BMI2: shlx, rorx, ... */
#define XVM_CFG_HOST_LZCNT	BIT(2)	/* host has LZCNT */
#define XVM_CFG_HW_VMX		BIT(3)	/* runs in VMX non-root: vmcall */
#define XVM_CFG_HW_SVM		BIT(4)	/* runs in SVM guest mode: vmmcall */
#define XVM_CFG_HW		(XVM_CFG_HW_VMX | XVM_CFG_HW_SVM)

/*
 * Hardware hosts (XVM_CFG_HW_*): translated code runs inside a VM whose
 * paging maps guest memory 1:1 and the engine's own memory at the same
 * addresses as the host's (module/hw/hw.h). Guest memory is accessed
 * directly; a device access faults to the host. Where the soft
 * accelerator calls C, translated code executes the hypercall
 * instruction with rax = the C function and its arguments in rsi, rdx,
 * rcx, r8 and r9: the host calls xvm_hw_call(). It leaves for the
 * dispatcher with the hypercall and rax = an XVM_HW_RET_* value below
 * XVM_HW_RET_LIMIT.
 */
#define XVM_HW_RET_LIMIT	16

struct xvm_hw_hooks {
	/*
	 * Run translated code at @code with host register number @env_reg
	 * holding @env (code NULL: resume exactly where it stopped, see
	 * xvm_hw_suspend) until it leaves for the dispatcher; return the rax
	 * it left with. May call xvm_hw_call(), xvm_hw_code_written() and
	 * xvm_hw_suspend() before returning.
	 */
	int (*enter)(void *opaque, unsigned int env_reg, u64 env,
		     const void *code);
	/* The value of the read that an xvm_hw_suspend() left pending. */
	void (*complete_mmio)(void *opaque, u64 data);
	/* Guest page @gpa now holds translated code: stores to it must exit. */
	void (*protect_code)(void *opaque, u64 gpa);
};

struct xvm_vcpu_config {
	/*
	 * Code cache: writable and executable, used at this address.  Its
	 * size bounds the translations kept at once; when it fills up every
	 * translation is dropped.  At least 64 KiB.
	 */
	void *code;
	unsigned long code_size;
	const struct xvm_host_ops *ops;
	void *opaque;		/* passed back to every op */
	u32 flags;		/* XVM_CFG_* */
	u64 cntfrq;		/* counter frequency reported to the guest */
	const struct xvm_hw_hooks *hw;	/* with XVM_CFG_HW_*, else NULL */
};

/* Counters a host may print; all are cumulative. */
struct xvm_stats {
	u64 translations;	/* blocks translated */
	u64 guest_insns_translated;
	u64 insns;		/* guest instructions run (COUNT_INSNS) */
	u64 chains;		/* direct branches patched to their target */
	u64 dispatches;		/* returns to the C dispatcher */
	u64 exits;		/* returns to the host */
	u64 flushes;		/* whole code cache dropped */
	u64 invalidations;	/* blocks dropped for self-modifying code */
	u64 tlb_misses;		/* software TLB refills */
	u64 slow_accesses;	/* memory accesses through C */
	u64 code_bytes;		/* translated code currently in the cache */
};

/* Once, before anything else (builds the decoder's tables). */
int xvm_engine_init(void);

struct xvm_vcpu *xvm_vcpu_create(const struct xvm_vcpu_config *cfg);
void xvm_vcpu_destroy(struct xvm_vcpu *vcpu);

/* The guest state; read and write it only while the vCPU is not running. */
struct a64_cpu *xvm_vcpu_cpu(struct xvm_vcpu *vcpu);

/*
 * Run until an exit.  Returns exit->reason.  The exit-request flag is
 * cleared when it causes an XVM_EXIT_REQUEST.
 */
int xvm_vcpu_run(struct xvm_vcpu *vcpu, struct xvm_exit *exit);

/*
 * Ask a running vCPU to return at its next block boundary.  Safe from any
 * thread or from a signal handler; a request made while the vCPU is not
 * running makes the next run return at once.
 */
void xvm_vcpu_request_exit(struct xvm_vcpu *vcpu);

/*
 * Finish the access of an XVM_EXIT_MMIO exit: @data is the value read (for
 * writes it is ignored).  The next run re-executes the instruction, which
 * then takes @data instead of calling the host again.
 */
void xvm_vcpu_complete_mmio(struct xvm_vcpu *vcpu, u64 data);

/*
 * The host changed guest memory behind the guest's back (loading an image,
 * DMA): drop translations of [gpa, gpa + len).
 */
void xvm_vcpu_invalidate(struct xvm_vcpu *vcpu, u64 gpa, u64 len);

/* The guest memory map changed: drop every translation and TLB entry. */
void xvm_vcpu_flush(struct xvm_vcpu *vcpu);

const struct xvm_stats *xvm_vcpu_stats(const struct xvm_vcpu *vcpu);

/*
 * Hardware hosts, from inside hw->enter. xvm_hw_call: run the C function
 * @fn translated code asked for with the five arguments it passed (the
 * vCPU is the implicit first); -EPERM in *@ret's place when @fn is not a
 * function this vCPU's translations call (returns false).
 */
bool xvm_hw_call(struct xvm_vcpu *vcpu, u64 fn, const u64 *args, u64 *ret);
/*
 * A store hit guest page @gpa, which holds code, at [@gpa, @gpa + @len):
 * drop the translations there. True if the page still holds code (the
 * host then performs the store itself and keeps the page protected).
 */
bool xvm_hw_code_written(struct xvm_vcpu *vcpu, u64 gpa, u64 len);
/*
 * Stop mid-block for the host: run returns @exit (e.g. an MMIO read the
 * host must complete); the next run resumes through hw->enter(NULL)
 * after xvm_vcpu_complete_mmio() reached hw->complete_mmio. hw->enter
 * returns the value this returns.
 */
int xvm_hw_suspend(struct xvm_vcpu *vcpu, const struct xvm_exit *exit);
/*
 * The guest PC of the instruction whose translation holds host address
 * @rip: exact for guest memory accesses, else the PC of the block, or ~0
 * outside every block.
 */
u64 xvm_hw_guest_pc(struct xvm_vcpu *vcpu, u64 rip);

/* "undefined instruction", "semihosting call", ... for messages. */
const char *xvm_exit_name(u32 reason);

#endif /* XVM_ENGINE_ENGINE_H */

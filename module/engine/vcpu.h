/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vcpu.h - the engine's private view of a vCPU.
 *
 * Translated code addresses a struct xvm_vcpu through one host register
 * (the "env" register, see xlat.h) that points XLAT_ENV_BIAS bytes into
 * it, so that all 32 guest register slots are reached with 8-bit
 * displacements.
 */
#ifndef XVM_ENGINE_VCPU_H
#define XVM_ENGINE_VCPU_H

#include "host.h"
#include "engine.h"
#include "cache.h"

struct xlat_ctx;

/*
 * Software TLB: guest page -> host address, direct mapped.  An entry's
 * tags hold the guest page address when translated code may access the
 * page directly; XVM_TLB_INVALID makes the inline compare fail and the
 * access go through C.  The write tag stays invalid for pages holding
 * translated code, so that stores to them are checked (self-modifying
 * code).
 */
#define XVM_PAGE_SHIFT		12
#define XVM_PAGE_SIZE		BIT(XVM_PAGE_SHIFT)
#define XVM_PAGE_MASK		(~(u64)(XVM_PAGE_SIZE - 1))

#define XVM_TLB_BITS		10
#define XVM_TLB_SIZE		BIT(XVM_TLB_BITS)
#define XVM_TLB_INVALID		(~0ULL)

struct xvm_tlb_entry {
	u64 read;
	u64 write;
	u64 addend;		/* host address - guest address */
	u64 pad;
};

#define XVM_TLB_ENTRY_SHIFT	5	/* log2(sizeof(struct xvm_tlb_entry)) */

/*
 * Jump cache for indirect branches: guest PC -> translated code, direct
 * mapped on PC bits [XVM_JC_BITS + 1:2].  Translated code probes it inline
 * and falls back to the C dispatcher on a miss.
 */
#define XVM_JC_BITS		10
#define XVM_JC_SIZE		BIT(XVM_JC_BITS)
#define XVM_JC_INVALID		(~0ULL)

struct xvm_jc_entry {
	u64 pc;
	void *code;
};

/* Result of translated code, returned in eax to the dispatcher. */
enum xlat_exit {
	XLAT_EXIT_LOOKUP,	/* continue at cpu.pc through the dispatcher */
	XLAT_EXIT_CHAIN,	/* same, and patch exit slot chain_slot */
	XLAT_EXIT_REQUEST,	/* the exit-request flag was set */
	XLAT_EXIT_HOST,		/* vcpu->exit is filled in: return it */
};

/* An MMIO access that the host completed after an XVM_EXIT_MMIO. */
struct xvm_mmio_done {
	bool valid;
	bool write;
	u8 size;
	u64 addr;
	u64 data;
};

/* Distinct C functions translated code may call (backend_hw.c). */
#define XVM_HW_MAX_FNS		32

/*
 * Hardware hosts: where each guest memory access lies in the code cache
 * and the guest PC of its instruction, in code order (backend_hw.c).
 */
struct xvm_hw_pc {
	u64 rip;
	u64 pc;
};

struct xvm_vcpu {
	struct a64_cpu cpu;		/* must stay first: see XLAT_ENV_BIAS */

	/* Hot fields that translated code reads or writes. */
	u64 nzcv;			/* NZCV as x86 RFLAGS, see flags.c */
	u8 exit_request;		/* set by xvm_vcpu_request_exit() */
	u8 exit_pending;		/* a helper filled in @exit */
	u32 chain_slot;			/* exit slot of an XLAT_EXIT_CHAIN */
	u64 excl_addr;			/* exclusive monitor, or ~0 */
	u64 excl_val;
	u64 excl_val2;
	u64 insns;			/* XVM_CFG_COUNT_INSNS counter */
	u64 scratch;			/* a spill slot for translated code */
	struct xvm_tlb_entry tlb[XVM_TLB_SIZE];
	struct xvm_jc_entry jc[XVM_JC_SIZE];

	/* Cold state. */
	struct xvm_exit exit;
	struct xvm_mmio_done mmio_done;
	const struct xvm_host_ops *ops;
	void *opaque;
	u32 flags;
	u32 mode;			/* block key of the current PSTATE */
	struct xlat_cache cache;
	struct xlat_ctx *xlat;		/* translator scratch space */
	const struct xvm_hw_hooks *hw;	/* hardware host, or NULL */
	bool hw_suspended;		/* stopped mid-block: resume first */
	unsigned int nr_hw_fns;
	const void *hw_fns[XVM_HW_MAX_FNS];	/* C that translations call */
	struct xvm_hw_pc *hw_pcs;	/* sorted by rip; may be full */
	u32 nr_hw_pcs;
	u32 max_hw_pcs;
	struct xvm_stats stats;
};

/*
 * A translation depends on the exception level (system register access
 * checks); blocks are looked up by PC and this key.
 */
static inline u32 xvm_mode_key(const struct a64_cpu *cpu)
{
	return a64_current_el(cpu);
}

/* NZCV between the host image in vcpu->nzcv and PSTATE bits. */
u64 xvm_nzcv_get(const struct xvm_vcpu *vcpu);
void xvm_nzcv_set(struct xvm_vcpu *vcpu, u64 pstate_nzcv);

/* Leave translated code at the next check with @exit filled in. */
static inline struct xvm_exit *xvm_raise_exit(struct xvm_vcpu *vcpu,
					      u32 reason, u64 pc)
{
	memset(&vcpu->exit, 0, sizeof(vcpu->exit));
	vcpu->exit.reason = reason;
	vcpu->exit.pc = pc;
	vcpu->exit_pending = 1;
	return &vcpu->exit;
}

/* Software TLB maintenance (tlb.c). */
void xvm_tlb_flush(struct xvm_vcpu *vcpu);
void xvm_tlb_protect_page(struct xvm_vcpu *vcpu, u64 page);
void xvm_jc_flush(struct xvm_vcpu *vcpu);

/* Drop translations of guest-physical [addr, addr + len) (smc.c). */
void xvm_invalidate_code(struct xvm_vcpu *vcpu, u64 addr, u64 len);

/* Host address of a RAM byte for instruction fetch, or NULL. */
const u8 *xvm_fetch_page(struct xvm_vcpu *vcpu, u64 pc);

#endif /* XVM_ENGINE_VCPU_H */

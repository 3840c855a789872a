/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memory.h - guest memory accesses that translated code cannot do inline:
 * software TLB misses, device registers, page-crossing accesses, stores
 * to pages that hold translated code.
 */
#ifndef XVM_ENGINE_MEMORY_H
#define XVM_ENGINE_MEMORY_H

#include "host.h"

struct xvm_vcpu;

/* How translated code describes an access to the slow path. */
#define MEMOP_SIZE_MASK		0x7	/* log2 bytes per register, 0..4 */
#define MEMOP_SIGN		BIT(3)	/* sign-extend loads */
#define MEMOP_TO32		BIT(4)	/* ... to 32 bits, then zero-extend */
#define MEMOP_PAIR		BIT(5)	/* two registers */
#define MEMOP_FP		BIT(6)	/* SIMD&FP registers vreg, vreg2 */
#define MEMOP_VREG_SHIFT	8
#define MEMOP_VREG2_SHIFT	13

static inline u32 memop_vreg(u32 memop, unsigned int which)
{
	return (memop >> (which ? MEMOP_VREG2_SHIFT : MEMOP_VREG_SHIFT)) & 31;
}

/* Two values: SysV returns this in rax:rdx. */
struct xvm_pair {
	u64 lo;
	u64 hi;
};

/*
 * Slow paths called from translated code with cpu.pc set to the access's
 * instruction.  On a fault they raise an exit (vcpu->exit_pending) and the
 * caller abandons the instruction.
 */
struct xvm_pair xvm_slow_load(struct xvm_vcpu *vcpu, u64 addr, u32 memop);
void xvm_slow_store(struct xvm_vcpu *vcpu, u64 addr, u32 memop,
		    u64 val, u64 val2);

/* Plain accesses for helpers (DC ZVA, semihosting, exceptions). */
bool xvm_guest_read(struct xvm_vcpu *vcpu, u64 addr, void *buf, u64 len);
bool xvm_guest_write(struct xvm_vcpu *vcpu, u64 addr, const void *buf,
		     u64 len);

#endif /* XVM_ENGINE_MEMORY_H */

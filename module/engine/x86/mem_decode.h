/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86/mem_decode.h - decode the x86-64 loads and stores that translated
 * code performs, for emulating one that faulted on a device (MMIO) page.
 *
 * Only the plain moves the engine's encoder emits are known: mov (88, 89,
 * 8A, 8B, C6 /0, C7 /0), movzx (0F B6/B7), movsx (0F BE/BF) and movsxd
 * (REX.W 63), with an optional 0x66 prefix followed by an optional REX
 * prefix, and a memory operand in any ModRM/SIB/displacement form.
 */
#ifndef XVM_ENGINE_X86_MEM_DECODE_H
#define XVM_ENGINE_X86_MEM_DECODE_H

#include "host.h"

struct x86_mem_access {
	u8 len;		/* instruction length in bytes */
	u8 size;	/* bytes accessed: 1, 2, 4 or 8 */
	bool write;	/* a store */
	bool imm;	/* a store of an immediate (imm_val) */
	bool sign;	/* a load that sign-extends */
	u8 reg;		/* GPR number 0-15: load destination / store source */
	u8 dst_bits;	/* load: 8/16 (merge into the low bits), 32 (zero-extends to 64), 64 */
	u64 imm_val;
};

/*
 * Decode the instruction in the @avail bytes at @code into @a: 0, or -1
 * when the bytes are not a load/store form this decoder knows (or are cut
 * short). 8-bit registers 4-7 without a REX prefix (AH..BH) are refused.
 */
int x86_decode_mem(const u8 *code, unsigned int avail,
		   struct x86_mem_access *a);

/* The value a store writes (from gpr[] or the immediate), truncated to a->size. */
u64 x86_mem_store_value(const struct x86_mem_access *a, const u64 *gpr);

/* Put a load's @data (a->size bytes, zero-extended) into gpr[] as the instruction would. */
void x86_mem_load_apply(const struct x86_mem_access *a, u64 *gpr, u64 data);

#endif /* XVM_ENGINE_X86_MEM_DECODE_H */

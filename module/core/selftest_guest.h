/* SPDX-License-Identifier: GPL-2.0 */
/*
 * selftest_guest.h - the instruction set of the selftest backend's guest,
 * shared by the module (selftest_backend.c) and the kselftests.
 *
 * With the module parameter selftest_backend=1, vCPUs do not run AArch64
 * code: they run a tiny register machine whose program lies in guest RAM
 * at PC. That exercises the generic run loop (signals, requests, the I/O
 * rings, memory slots, system events) without a hardware backend. It is
 * a test aid, not part of the API.
 *
 * An instruction is 32 bytes at a 32-byte aligned PC, little-endian.
 * Registers are the vCPU's x0..x30. LOAD and STORE go to guest RAM where
 * RAM is (and writable, for STORE) and are device accesses elsewhere, as
 * on hardware.
 */
#ifndef XVM_SELFTEST_GUEST_H
#define XVM_SELFTEST_GUEST_H

#include <linux/types.h>

struct xvm_tg_insn {
	__u8 op;		/* XVM_TG_* */
	__u8 reg;		/* x0..x30 */
	__u8 size;		/* LOAD, STORE: 1, 2, 4 or 8 */
	__u8 pad[5];
	__u64 addr;		/* LOAD, STORE: address; BNE: target */
	__u64 imm;
	__u64 pad2;
};

enum xvm_tg_op {
	XVM_TG_NOP,
	XVM_TG_LOAD,		/* x[reg] = [addr] */
	XVM_TG_STORE,		/* [addr] = x[reg] */
	XVM_TG_MOV,		/* x[reg] = imm */
	XVM_TG_ADD,		/* x[reg] += imm */
	XVM_TG_BNE,		/* if (x[reg] != imm) pc = addr */
	XVM_TG_SPIN,		/* pc = pc: forever */
	XVM_TG_HVC,		/* XVM_EXIT_HYPERCALL, HVC #imm */
	XVM_TG_EVENT,		/* XVM_EXIT_SYSTEM_EVENT, type imm */
	XVM_TG_NR_OPS
};

/* Instructions run per entry before the run loop looks around again. */
#define XVM_TG_BUDGET		64

#endif /* XVM_SELFTEST_GUEST_H */

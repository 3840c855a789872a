/* SPDX-License-Identifier: GPL-2.0 */
/*
 * soft_priv.h - the soft accelerator's private state.
 */
#ifndef XVM_SOFT_PRIV_H
#define XVM_SOFT_PRIV_H

#include "soft.h"
#include "engine.h"

struct soft_vm {
	struct soft_config cfg;
	u8 *ram;			/* mmap'ed guest RAM */
	u64 ram_base;
	u64 ram_size;
	void *code;			/* mmap'ed code cache */
	unsigned long code_size;
	struct xvm_vcpu *vcpu;
	u64 image_end;		/* first byte after the image */
	u64 start_ns;		/* for the generic timer */
	int next_handle;		/* semihosting SYS_OPEN */
};

#endif /* XVM_SOFT_PRIV_H */

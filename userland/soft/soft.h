/* SPDX-License-Identifier: GPL-2.0 */
/*
 * soft.h - the soft accelerator: the translation engine run in user space
 * as a bare-metal AArch64 machine shaped like QEMU's "virt" board with
 * the MMU off: RAM, a PL011 UART and, if asked for, Arm semihosting.
 */
#ifndef XVM_SOFT_H
#define XVM_SOFT_H

#include "host.h"

#define SOFT_RAM_BASE		0x40000000ULL
#define SOFT_RAM_SIZE		(256ULL << 20)
#define SOFT_LOAD_ADDR		0x40080000ULL	/* raw images, as QEMU */
#define SOFT_UART_BASE		0x09000000ULL
#define SOFT_CNTFRQ		62500000ULL	/* as QEMU's virt board */

/* Process exit statuses of the runner. */
#define SOFT_EXIT_USAGE		2	/* bad command line or image */
#define SOFT_EXIT_TIMEOUT	124
#define SOFT_EXIT_CRASH		125

struct soft_config {
	u64 ram_size;
	bool semihosting;
	double timeout;			/* seconds, 0 for none */
	bool stats;
	unsigned long code_size;	/* code cache bytes, 0: default */
};

struct soft_vm;

/* NULL on failure, with a message on stderr. */
struct soft_vm *soft_vm_create(const struct soft_config *cfg);
void soft_vm_destroy(struct soft_vm *vm);

/*
 * Load an AArch64 ELF (by its program headers) or, for anything else, a
 * raw image at @load_addr; set the entry point.  Returns 0, or -1 with a
 * message in @err.
 */
int soft_load_image(struct soft_vm *vm, const char *path, u64 load_addr,
		    char *err, size_t errlen);
int soft_load_buffer(struct soft_vm *vm, const void *image, size_t size,
		     u64 load_addr, char *err, size_t errlen);

/* Run to the end; returns the process exit status. */
int soft_vm_run(struct soft_vm *vm);

/* Host pointer to guest RAM at @gpa for @len bytes, or NULL. */
void *soft_ram(struct soft_vm *vm, u64 gpa, u64 len);

/* Internal: devices and semihosting (pl011.c, semihost.c). */
struct xvm_vcpu;

int pl011_access(struct soft_vm *vm, u64 offset, unsigned int size,
		 bool write, u64 *data);
/* Returns -1 to continue, or the process exit status. */
int semihost_call(struct soft_vm *vm, struct xvm_vcpu *vcpu);
void soft_output(struct soft_vm *vm, const void *buf, size_t len);

#endif /* XVM_SOFT_H */

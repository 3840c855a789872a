// SPDX-License-Identifier: GPL-2.0
/*
 * soft_run.c - run a guest on the soft accelerator (userland/soft).
 *
 * libxvm-soft gives the machine: guest RAM, the engine's vCPU, the PL011
 * and semihosting. vmctl lays out guest memory itself (loader.c), starts
 * the vCPU as the arm64 boot protocol says (x0 = device tree) and drives
 * xvm_vcpu_run() with its own loop, because the exits are where vmctl's
 * policy lives: PSCI, reboot, --timeout, Ctrl-A x, the exit statuses.
 * soft.h has no call for the registers or the vCPU, so this file (alone
 * in vmctl) reaches into soft_priv.h for them.
 */
#include <sys/mman.h>
#include <time.h>

#include "soft_priv.h"
#include "vmctl.h"

/* A64 encodings, for messages about exits that are undefined here. */
#define A64_HLT		0xd4400000U
#define A64_SMC		0xd4000003U

/* How long an idle vCPU (WFI, nothing can wake it) waits per exit. */
#define IDLE_NS		1000000L

BUILD_BUG_ON(SOFT_RAM_BASE != BOARD_RAM_BASE);
BUILD_BUG_ON(SOFT_UART_BASE != BOARD_UART_BASE);
BUILD_BUG_ON(SOFT_CNTFRQ != BOARD_CNTFRQ);

static void kick(void *vcpu)
{
	xvm_vcpu_request_exit(vcpu);
}

#define guest_crash(x, ...)	guest_crash_at((x)->pc, __VA_ARGS__)

static int bad_access(const struct xvm_exit *x)
{
	if (x->bad.fetch)
		return guest_crash(x, "instruction abort: fetch from 0x%lx%s",
				   x->bad.addr, board_hole_name(x->bad.addr));
	return guest_crash(x, "data abort: %u-byte %s at 0x%lx%s",
			   x->bad.size, x->bad.write ? "write" : "read",
			   x->bad.addr, board_hole_name(x->bad.addr));
}

/* Put the images in zeroed RAM and the vCPU in its boot state. */
static void boot_vcpu(struct soft_vm *vm, struct boot *b)
{
	struct a64_cpu *cpu = xvm_vcpu_cpu(vm->vcpu);
	u8 *ram = soft_ram(vm, b->ram_base, b->ram_size);

	/* Private anonymous memory: dropped pages read back as zeros. */
	madvise(ram, b->ram_size, MADV_DONTNEED);
	boot_copy(b, ram);
	vm->image_end = boot_image_end(b);
	a64_cpu_reset(cpu, b->entry);
	cpu->cntfrq_el0 = BOARD_CNTFRQ;
	cpu->x[0] = b->dtb_addr;	/* x1..x3 are 0, as Linux wants */
	xvm_vcpu_flush(vm->vcpu);
}

static int on_psci(struct soft_vm *vm, struct boot *b,
		   const struct run_opts *o)
{
	enum psci_action action = psci_call(xvm_vcpu_cpu(vm->vcpu)->x);

	if (action == PSCI_CONTINUE || psci_end(action, o) < 0) {
		if (action == PSCI_RESET)
			boot_vcpu(vm, b);
		return -1;
	}
	return 0;
}

static int on_idle(void)
{
	struct timespec ts = { .tv_nsec = IDLE_NS };

	nanosleep(&ts, NULL);
	return -1;
}

/* One exit: -1 to go on, else the exit status. */
static int handle_exit(struct soft_vm *vm, struct boot *b,
		       const struct run_opts *o, const struct xvm_exit *x)
{
	switch (x->reason) {
	case XVM_EXIT_REQUEST:
		return stop_status(o);
	case XVM_EXIT_HVC:
		return on_psci(vm, b, o);
	case XVM_EXIT_HALT:
		return on_idle();
	case XVM_EXIT_SEMIHOST:
		if (o->semihosting)
			return semihost_call(vm, vm->vcpu);
		return guest_crash(x, "undefined instruction 0x%08x (no --semihosting)",
				   A64_HLT | x->call.imm << 5);
	case XVM_EXIT_UNDEFINED:
		return guest_crash(x, "undefined instruction 0x%08x",
				   x->undef.insn);
	case XVM_EXIT_UNSUPPORTED:
		if (x->undef.insn)
			return guest_crash(x, "unsupported instruction 0x%08x",
					   x->undef.insn);
		return guest_crash(x, "unsupported: %s", x->what);
	case XVM_EXIT_BAD_ACCESS:
		return bad_access(x);
	case XVM_EXIT_SMC:
		return guest_crash(x, "undefined instruction 0x%08x (SMC: no EL3)",
				   A64_SMC | x->call.imm << 5);
	case XVM_EXIT_HLT:
		return guest_crash(x, "undefined instruction 0x%08x (HLT)",
				   A64_HLT | x->call.imm << 5);
	default:
		return guest_crash(x, "%s%s%s", xvm_exit_name(x->reason),
				   x->what ? ": " : "", x->what ? x->what : "");
	}
}

int soft_run(struct boot *b, const struct run_opts *o)
{
	struct soft_config cfg = {
		.ram_size = b->ram_size,
		.semihosting = o->semihosting,
	};
	struct soft_vm *vm;
	struct xvm_exit x;
	int status;

	vm = soft_vm_create(&cfg);
	if (!vm)
		return VMCTL_EXIT_FAILURE;
	boot_vcpu(vm, b);
	stop_set_kick(kick, vm->vcpu);
	if (stop_reason(NULL))		/* before the kick was set */
		kick(vm->vcpu);
	do {
		xvm_vcpu_run(vm->vcpu, &x);
		status = handle_exit(vm, b, o, &x);
	} while (status < 0);
	stop_set_kick(NULL, NULL);
	soft_vm_destroy(vm);
	return status;
}

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
#include <stdarg.h>
#include <string.h>
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

static int guest_crash(const struct xvm_exit *x, const char *fmt, ...)
	__printf(2, 3);

static int guest_crash(const struct xvm_exit *x, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	vmctl_err("guest crash at PC 0x%lx: %s", x->pc, why);
	return VMCTL_EXIT_CRASH;
}

/* What lives at a guest-physical address the soft machine leaves empty. */
static const char *hole_name(u64 addr)
{
	if (addr - BOARD_GICD_BASE < BOARD_GIC_SIZE)
		return " (GIC distributor: not emulated yet)";
	if (addr - BOARD_GICC_BASE < BOARD_GIC_SIZE)
		return " (GIC CPU interface: not emulated yet)";
	if (addr - BOARD_RTC_BASE < BOARD_DEV_SIZE)
		return " (PL031 RTC: not emulated yet)";
	return ", where nothing is mapped";
}

static int bad_access(const struct xvm_exit *x)
{
	if (x->bad.fetch)
		return guest_crash(x, "instruction abort: fetch from 0x%lx%s",
				   x->bad.addr, hole_name(x->bad.addr));
	return guest_crash(x, "data abort: %u-byte %s at 0x%lx%s",
			   x->bad.size, x->bad.write ? "write" : "read",
			   x->bad.addr, hole_name(x->bad.addr));
}

/* Put the images in zeroed RAM and the vCPU in its boot state. */
static void boot_vcpu(struct soft_vm *vm, struct boot *b)
{
	struct a64_cpu *cpu = xvm_vcpu_cpu(vm->vcpu);
	u8 *ram = soft_ram(vm, b->ram_base, b->ram_size);
	unsigned int i;

	/* Private anonymous memory: dropped pages read back as zeros. */
	madvise(ram, b->ram_size, MADV_DONTNEED);
	boot_copy(b, ram);
	vm->image_end = b->ram_base;
	for (i = 0; i < b->nr_chunks; i++)
		if (!strcmp(b->chunk[i].what, "kernel") &&
		    b->chunk[i].gpa + b->chunk[i].memsz > vm->image_end)
			vm->image_end = b->chunk[i].gpa + b->chunk[i].memsz;
	a64_cpu_reset(cpu, b->entry);
	cpu->cntfrq_el0 = BOARD_CNTFRQ;
	cpu->x[0] = b->dtb_addr;	/* x1..x3 are 0, as Linux wants */
	xvm_vcpu_flush(vm->vcpu);
}

static int on_psci(struct soft_vm *vm, struct boot *b,
		   const struct run_opts *o)
{
	struct a64_cpu *cpu = xvm_vcpu_cpu(vm->vcpu);

	switch (psci_call(cpu->x)) {
	case PSCI_POWER_OFF:
		if (o->verbose)
			vmctl_err("the guest powered off");
		return 0;
	case PSCI_RESET:
		if (o->no_reboot) {
			if (o->verbose)
				vmctl_err("the guest asked for a reset (--no-reboot)");
			return 0;
		}
		if (o->verbose)
			vmctl_err("the guest asked for a reset: rebooting");
		boot_vcpu(vm, b);
		return -1;
	default:
		return -1;
	}
}

static int on_stop(const struct run_opts *o)
{
	int sig;

	switch (stop_reason(&sig)) {
	case STOP_TIMEOUT:
		vmctl_err("timeout: stopped the guest after %g s", o->timeout);
		return VMCTL_EXIT_TIMEOUT;
	case STOP_QUIT:
		return 0;
	case STOP_SIGNAL:
		return 128 + sig;
	default:
		return -1;	/* a kick that was not for a stop */
	}
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
		return on_stop(o);
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

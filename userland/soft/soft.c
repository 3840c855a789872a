// SPDX-License-Identifier: GPL-2.0
/*
 * soft.c - the soft accelerator's machine: guest RAM, the code cache, the
 * host callbacks of the engine and the run loop that turns exits into
 * device accesses, semihosting calls or the end of the run.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <time.h>

#include "soft_priv.h"

#define DEFAULT_CODE_SIZE	(64UL << 20)
#define UART_SIZE		0x1000

/* PSCI function ids (SMC32/SMC64 calling convention). */
#define PSCI_VERSION		0x84000000U
#define PSCI_CPU_OFF		0x84000002U
#define PSCI_CPU_ON_64		0xc4000003U
#define PSCI_SYSTEM_OFF		0x84000008U
#define PSCI_SYSTEM_RESET	0x84000009U
#define PSCI_FEATURES		0x8400000aU
#define PSCI_VERSION_1_1	0x10001
#define PSCI_NOT_SUPPORTED	((u64)-1)

/* Instruction words for messages: HLT #0 and SMC #0. */
#define A64_HLT			0xd4400000U
#define A64_SMC			0xd4000003U

/*
 * The vCPU the timeout signal stops (one machine per process); both are
 * accessed with atomics since a signal handler shares them.
 */
static struct xvm_vcpu *timeout_vcpu;
static int timed_out;

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void *host_alloc(void *opaque, unsigned long size)
{
	return calloc(1, size);
}

static void host_free(void *opaque, void *ptr)
{
	free(ptr);
}

static void *host_ram_page(void *opaque, u64 gpa)
{
	struct soft_vm *vm = opaque;

	if (gpa - vm->ram_base >= vm->ram_size)
		return NULL;
	return vm->ram + (gpa - vm->ram_base);
}

static int host_mmio(void *opaque, u64 gpa, unsigned int size, bool write,
		     u64 *data)
{
	struct soft_vm *vm = opaque;

	if (gpa - SOFT_UART_BASE < UART_SIZE)
		return pl011_access(vm, gpa - SOFT_UART_BASE, size, write,
				    data);
	return XVM_MMIO_UNMAPPED;
}

/* The generic timer counts at SOFT_CNTFRQ from machine creation. */
static u64 host_counter(void *opaque)
{
	struct soft_vm *vm = opaque;
	u64 ns = now_ns() - vm->start_ns;

	return ns / 1000000000ULL * SOFT_CNTFRQ +
	       ns % 1000000000ULL * SOFT_CNTFRQ / 1000000000ULL;
}

static const struct xvm_host_ops soft_ops = {
	.alloc = host_alloc,
	.free = host_free,
	.ram_page = host_ram_page,
	.mmio = host_mmio,
	.counter = host_counter,
};

static u32 host_features(void)
{
	u32 f = 0;

	__builtin_cpu_init();
	if (__builtin_cpu_supports("bmi2"))
		f |= XVM_CFG_HOST_BMI2;
	if (__builtin_cpu_supports("abm"))
		f |= XVM_CFG_HOST_LZCNT;
	return f;
}

struct soft_vm *soft_vm_create(const struct soft_config *cfg)
{
	struct xvm_vcpu_config vc = { 0 };
	struct soft_vm *vm;

	if (xvm_engine_init()) {
		fprintf(stderr, "xvm-soft: engine initialisation failed\n");
		return NULL;
	}
	vm = calloc(1, sizeof(*vm));
	if (!vm)
		return NULL;
	vm->cfg = *cfg;
	vm->ram_base = SOFT_RAM_BASE;
	vm->ram_size = cfg->ram_size ? cfg->ram_size : SOFT_RAM_SIZE;
	vm->code_size = cfg->code_size ? cfg->code_size : DEFAULT_CODE_SIZE;
	vm->next_handle = 1;
	vm->start_ns = now_ns();
	vm->ram = mmap(NULL, vm->ram_size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	vm->code = mmap(NULL, vm->code_size,
			PROT_READ | PROT_WRITE | PROT_EXEC,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (vm->ram == MAP_FAILED || vm->code == MAP_FAILED) {
		fprintf(stderr, "xvm-soft: cannot map guest memory: %s\n",
			strerror(errno));
		vm->ram = vm->ram == MAP_FAILED ? NULL : vm->ram;
		vm->code = vm->code == MAP_FAILED ? NULL : vm->code;
		soft_vm_destroy(vm);
		return NULL;
	}
	vc.code = vm->code;
	vc.code_size = vm->code_size;
	vc.ops = &soft_ops;
	vc.opaque = vm;
	vc.cntfrq = SOFT_CNTFRQ;
	vc.flags = host_features() | (cfg->stats ? XVM_CFG_COUNT_INSNS : 0);
	vm->vcpu = xvm_vcpu_create(&vc);
	if (!vm->vcpu) {
		fprintf(stderr, "xvm-soft: cannot create the vCPU\n");
		soft_vm_destroy(vm);
		return NULL;
	}
	a64_cpu_reset(xvm_vcpu_cpu(vm->vcpu), vm->ram_base);
	xvm_vcpu_cpu(vm->vcpu)->cntfrq_el0 = SOFT_CNTFRQ;
	return vm;
}

void soft_vm_destroy(struct soft_vm *vm)
{
	if (!vm)
		return;
	xvm_vcpu_destroy(vm->vcpu);
	if (vm->ram)
		munmap(vm->ram, vm->ram_size);
	if (vm->code)
		munmap(vm->code, vm->code_size);
	free(vm);
}

void *soft_ram(struct soft_vm *vm, u64 gpa, u64 len)
{
	u64 off = gpa - vm->ram_base;

	if (off > vm->ram_size || len > vm->ram_size - off)
		return NULL;
	return vm->ram + off;
}

void soft_output(struct soft_vm *vm, const void *buf, size_t len)
{
	fwrite(buf, 1, len, stdout);
}

static void on_alarm(int sig)
{
	struct xvm_vcpu *vcpu = __atomic_load_n(&timeout_vcpu,
						__ATOMIC_ACQUIRE);

	__atomic_store_n(&timed_out, 1, __ATOMIC_RELEASE);
	if (vcpu)
		xvm_vcpu_request_exit(vcpu);
}

static void arm_timeout(struct soft_vm *vm)
{
	struct itimerval it = { 0 };
	struct sigaction sa = { 0 };
	double t = vm->cfg.timeout;

	if (t <= 0)
		return;
	__atomic_store_n(&timeout_vcpu, vm->vcpu, __ATOMIC_RELEASE);
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	it.it_value.tv_sec = (time_t)t;
	it.it_value.tv_usec = (suseconds_t)((t - (double)(time_t)t) * 1e6);
	if (!it.it_value.tv_sec && !it.it_value.tv_usec)
		it.it_value.tv_usec = 1;
	setitimer(ITIMER_REAL, &it, NULL);
}

static void disarm_timeout(void)
{
	struct itimerval it = { 0 };

	setitimer(ITIMER_REAL, &it, NULL);
	__atomic_store_n(&timeout_vcpu, NULL, __ATOMIC_RELEASE);
}

static void print_stats(struct soft_vm *vm)
{
	const struct xvm_stats *s = xvm_vcpu_stats(vm->vcpu);

	fprintf(stderr, "xvm-soft: translations %lu (guest insns %lu)",
		s->translations, s->guest_insns_translated);
	fprintf(stderr, ", blocks chained %lu, dispatches %lu, exits %lu",
		s->chains, s->dispatches, s->exits);
	fprintf(stderr, ", flushes %lu, invalidations %lu, tlb misses %lu",
		s->flushes, s->invalidations, s->tlb_misses);
	fprintf(stderr, ", slow accesses %lu, guest insns run %lu",
		s->slow_accesses, s->insns);
	fprintf(stderr, ", code bytes %lu\n", s->code_bytes);
}

static int crash(struct soft_vm *vm, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "xvm-soft: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return SOFT_EXIT_CRASH;
}

/* PSCI over HVC #0, as QEMU's virt board without EL2 offers it. */
static int psci_call(struct soft_vm *vm, struct a64_cpu *cpu)
{
	switch ((u32)cpu->x[0]) {
	case PSCI_VERSION:
		cpu->x[0] = PSCI_VERSION_1_1;
		return -1;
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
		return 0;
	case PSCI_FEATURES:
		cpu->x[0] = PSCI_NOT_SUPPORTED;
		return -1;
	default:
		cpu->x[0] = PSCI_NOT_SUPPORTED;
		return -1;
	}
}

static int handle_exit(struct soft_vm *vm, const struct xvm_exit *x)
{
	struct a64_cpu *cpu = xvm_vcpu_cpu(vm->vcpu);

	switch (x->reason) {
	case XVM_EXIT_REQUEST:
		return __atomic_load_n(&timed_out, __ATOMIC_RELAXED) ?
		       SOFT_EXIT_TIMEOUT : -1;
	case XVM_EXIT_SEMIHOST:
		if (vm->cfg.semihosting)
			return semihost_call(vm, vm->vcpu);
		return crash(vm,
			     "undefined instruction 0x%08x at PC 0x%lx (semihosting is off)",
			     A64_HLT | x->call.imm << 5, x->pc);
	case XVM_EXIT_HALT:
		return -1;	/* no interrupt sources: WFI returns */
	case XVM_EXIT_HVC:
		return psci_call(vm, cpu);
	case XVM_EXIT_UNDEFINED:
		return crash(vm, "undefined instruction 0x%08x at PC 0x%lx",
			     x->undef.insn, x->pc);
	case XVM_EXIT_UNSUPPORTED:
		if (x->undef.insn)
			return crash(vm,
				     "unsupported instruction 0x%08x at PC 0x%lx",
				     x->undef.insn, x->pc);
		return crash(vm, "unsupported: %s at PC 0x%lx", x->what, x->pc);
	case XVM_EXIT_BAD_ACCESS:
		if (x->bad.fetch)
			return crash(vm,
				     "instruction abort: fetch from unmapped 0x%lx",
				     x->pc);
		return crash(vm, "data abort: access to unmapped 0x%lx at PC 0x%lx",
			     x->bad.addr, x->pc);
	case XVM_EXIT_SMC:	/* no EL3: SMC is undefined */
		return crash(vm, "undefined instruction 0x%08x at PC 0x%lx",
			     A64_SMC | x->call.imm << 5, x->pc);
	case XVM_EXIT_HLT:	/* halting debug is not enabled */
		return crash(vm, "undefined instruction 0x%08x at PC 0x%lx",
			     A64_HLT | x->call.imm << 5, x->pc);
	default:
		return crash(vm, "%s: %s at PC 0x%lx", xvm_exit_name(x->reason),
			     x->what ? x->what : "?", x->pc);
	}
}

int soft_vm_run(struct soft_vm *vm)
{
	struct xvm_exit x;
	int status;

	arm_timeout(vm);
	do {
		xvm_vcpu_run(vm->vcpu, &x);
		status = handle_exit(vm, &x);
	} while (status < 0);
	disarm_timeout();
	if (status == SOFT_EXIT_TIMEOUT) {
		fflush(stdout);
		fprintf(stderr, "xvm-soft: timeout after %g s\n",
			vm->cfg.timeout);
	}
	fflush(stdout);
	if (vm->cfg.stats)
		print_stats(vm);
	return status;
}

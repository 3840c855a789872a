// SPDX-License-Identifier: GPL-2.0
/*
 * hw_run.c - run a guest on a hardware backend of xvm.ko (VMX or SVM).
 *
 * The same board, images and boot registers as the soft accelerator,
 * through the ioctl API of Documentation/api.rst: a VM of the backend
 * asked for, guest RAM as anonymous memory in memory slot 0 at the
 * board's RAM base, the PL011 as an I/O range whose requests come on the
 * vCPU's ring, one vCPU whose run area says why XVM_RUN returned.
 *
 * The devices and semihosting are libxvm-soft's own (pl011.c,
 * semihost.c): they work on a struct soft_vm, which here is only a view
 * of the guest RAM mapped for xvm.ko, and semihosting reads and writes
 * its registers in an engine vCPU that never runs. PSCI, the exit
 * statuses and the stop reasons are shared with soft_run.c.
 *
 * Stopping (--timeout, Ctrl-A x, SIGINT...) kicks the vCPU thread: the
 * kick sets run->immediate_exit, so that XVM_RUN does not enter the guest
 * again, and sends SIG_KICK to the thread, whose handler is installed
 * without SA_RESTART, so that a running XVM_RUN (or a semihosting read)
 * returns EINTR. The run loop then finds the recorded reason.
 *
 * A guest reset (PSCI SYSTEM_RESET) makes a new VM: fresh zeroed RAM,
 * a vCPU in its reset state, the images loaded again.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/xvm.h>

#include "soft_priv.h"
#include "vmctl.h"

#define XVM_DEV			"/dev/xvm"

#define RAM_SLOT		0
#define COOKIE_UART		1	/* the PL011's I/O range */
#define PSTATE_BOOT		0x3c5	/* EL1h, D, A, I and F masked */
#define REG_CNTFRQ_EL0		XVM_REG_SYSREG(3, 3, 14, 0, 0)
#define SIG_KICK		SIGUSR1
#define REGFILE_CODE_SIZE	(64UL << 10)	/* the engine's minimum */

/* A64 encodings, for messages about calls that are undefined here. */
#define A64_HLT			0xd4400000U
#define A64_SMC			0xd4000003U
#define A64_INSN_SIZE		4

BUILD_BUG_ON(SOFT_RAM_BASE != BOARD_RAM_BASE);
BUILD_BUG_ON(SOFT_UART_BASE != BOARD_UART_BASE);

struct hw_vm {
	unsigned int backend;	/* XVM_BACKEND_* */
	const char *name;	/* "VMX", "SVM" */
	int sys;		/* /dev/xvm */
	int vm;
	int vcpu;
	u32 id;			/* the VM's id, as monitoring shows it */

	u8 *ram;
	u64 ram_size;

	struct xvm_run *run;
	size_t run_size;
	struct xvm_io_request *req;
	struct xvm_io_completion *cpl;
	u32 entries;		/* per ring, a power of two */
	u32 req_tail;		/* ours: we consume requests */
	u32 cpl_head;		/* ours: we produce completions */
	bool read_done;		/* a completion went out for read_seq */
	u32 read_seq;

	pthread_t thread;	/* the vCPU thread, where kicks go */

	struct soft_vm dev;	/* libxvm-soft's view of guest RAM */
	struct xvm_vcpu *regfile;	/* semihosting's registers */
	void *regfile_code;
};

static int sys_err(const char *fmt, ...) __printf(1, 2);

/* "WHAT: strerror(errno)", returning -1. */
static int sys_err(const char *fmt, ...)
{
	char what[256];
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	vmctl_err("%s: %s", what, strerror(err));
	return -1;
}

/* ---- the kick ------------------------------------------------------- */

static void on_kick(int sig)
{
}

/* Any thread, or a signal handler: XVM_RUN returns EINTR soon. */
static void kick(void *arg)
{
	struct hw_vm *h = arg;

	__atomic_store_n(&h->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
	pthread_kill(h->thread, SIG_KICK);
}

/*
 * The handler stays installed after the run: a kick may still be on its
 * way to the thread when the run loop has already ended.
 */
static int kick_init(struct hw_vm *h)
{
	struct sigaction sa;
	sigset_t set;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_kick;
	sa.sa_flags = 0;	/* no SA_RESTART: XVM_RUN returns EINTR */
	sigemptyset(&sa.sa_mask);
	sigemptyset(&set);
	sigaddset(&set, SIG_KICK);
	h->thread = pthread_self();
	if (sigaction(SIG_KICK, &sa, NULL) ||
	    pthread_sigmask(SIG_UNBLOCK, &set, NULL))
		return sys_err("cannot set up the vCPU's signal");
	return 0;
}

static void kick_start(struct hw_vm *h)
{
	stop_set_kick(kick, h);
	if (stop_reason(NULL))		/* before the kick was set */
		kick(h);
}

/* ---- semihosting's register file ------------------------------------ */

static void *regfile_alloc(void *opaque, unsigned long size)
{
	return calloc(1, size);
}

static void regfile_free(void *opaque, void *ptr)
{
	free(ptr);
}

static void *regfile_ram_page(void *opaque, u64 gpa)
{
	return NULL;
}

static int regfile_mmio(void *opaque, u64 gpa, unsigned int size,
			bool write, u64 *data)
{
	return XVM_MMIO_UNMAPPED;
}

static const struct xvm_host_ops regfile_ops = {
	.alloc = regfile_alloc,
	.free = regfile_free,
	.ram_page = regfile_ram_page,
	.mmio = regfile_mmio,
};

/*
 * semihost_call() takes its arguments from an engine vCPU and leaves its
 * result there: one that never runs, with the smallest code cache.
 */
static int regfile_create(struct hw_vm *h)
{
	struct xvm_vcpu_config vc = { 0 };

	h->regfile_code = mmap(NULL, REGFILE_CODE_SIZE,
			       PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (h->regfile_code == MAP_FAILED) {
		h->regfile_code = NULL;
		return sys_err("semihosting");
	}
	vc.code = h->regfile_code;
	vc.code_size = REGFILE_CODE_SIZE;
	vc.ops = &regfile_ops;
	vc.opaque = h;
	vc.cntfrq = BOARD_CNTFRQ;
	if (!xvm_engine_init())
		h->regfile = xvm_vcpu_create(&vc);
	if (!h->regfile) {
		vmctl_err("semihosting: cannot create its register file");
		return -1;
	}
	return 0;
}

static void regfile_destroy(struct hw_vm *h)
{
	if (h->regfile)
		xvm_vcpu_destroy(h->regfile);
	if (h->regfile_code)
		munmap(h->regfile_code, REGFILE_CODE_SIZE);
	h->regfile = NULL;
	h->regfile_code = NULL;
}

/* ---- the VM --------------------------------------------------------- */

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Release what hw_open() got; safe on a partly opened VM, and twice. */
static void hw_close(struct hw_vm *h)
{
	if (h->run)
		munmap(h->run, h->run_size);
	h->run = NULL;
	close_fd(&h->vcpu);
	close_fd(&h->vm);
	if (h->ram)
		munmap(h->ram, h->ram_size);
	h->ram = NULL;
	h->dev.ram = NULL;
	close_fd(&h->sys);
}

static int set_memory(struct hw_vm *h, const struct boot *b)
{
	struct xvm_memory_region mr = {
		.slot = RAM_SLOT,
		.guest_phys_addr = b->ram_base,
		.memory_size = b->ram_size,
		.userspace_addr = (uintptr_t)h->ram,
	};
	int max;

	if (!ioctl(h->vm, XVM_SET_MEMORY_REGION, &mr))
		return 0;
	if (errno != E2BIG)
		return sys_err("cannot give %lu MiB of RAM to the guest",
			       b->ram_size >> 20);
	max = ioctl(h->sys, XVM_CHECK_EXTENSION, XVM_CAP_MAX_MEMORY_MB);
	vmctl_err("--mem %luM: xvm.ko allows %d MiB per VM (module parameter max_guest_mem_mb)",
		  b->ram_size >> 20, max);
	return -1;
}

static int register_uart(struct hw_vm *h)
{
	struct xvm_io_range io = {
		.guest_phys_addr = BOARD_UART_BASE,
		.size = BOARD_DEV_SIZE,
		.cookie = COOKIE_UART,
	};

	if (ioctl(h->vm, XVM_REGISTER_IO_RANGE, &io))
		return sys_err("cannot register the PL011 with xvm.ko");
	return 0;
}

/* Map the vCPU's run area and check the rings it describes. */
static int map_run(struct hw_vm *h)
{
	long size = ioctl(h->sys, XVM_CHECK_EXTENSION, XVM_CAP_VCPU_MMAP_SIZE);
	struct xvm_run *run;
	u64 n;

	if (size < (long)sizeof(*run)) {
		vmctl_err("xvm.ko reports a run area of %ld bytes", size);
		return -1;
	}
	h->run_size = size;
	run = mmap(NULL, h->run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		   h->vcpu, 0);
	if (run == MAP_FAILED)
		return sys_err("cannot map the vCPU's run area");
	h->run = run;
	n = run->ring_entries;
	if (!n || n & (n - 1) ||
	    run->req_offset % 8 || run->cpl_offset % 8 ||
	    run->req_offset + n * sizeof(*h->req) > h->run_size ||
	    run->cpl_offset + n * sizeof(*h->cpl) > h->run_size) {
		vmctl_err("the vCPU's run area has inconsistent rings (%u entries at %u and %u of %zu bytes)",
			  run->ring_entries, run->req_offset,
			  run->cpl_offset, h->run_size);
		return -1;
	}
	h->entries = n;
	h->req = (void *)((u8 *)run + run->req_offset);
	h->cpl = (void *)((u8 *)run + run->cpl_offset);
	/* Our own indices; the kernel never reads them back. */
	h->req_tail = run->req.tail;
	h->cpl_head = run->cpl.head;
	h->read_done = false;
	return 0;
}

/* The vCPU as the arm64 boot protocol wants it, as soft_run.c does it. */
static int boot_regs(struct hw_vm *h, const struct boot *b)
{
	u64 cntfrq = BOARD_CNTFRQ;
	struct xvm_one_reg one = {
		.id = REG_CNTFRQ_EL0,
		.addr = (uintptr_t)&cntfrq,
	};
	struct xvm_regs regs;

	memset(&regs, 0, sizeof(regs));
	regs.pc = b->entry;
	regs.x[0] = b->dtb_addr;	/* x1..x3 are 0, as Linux wants */
	regs.pstate = PSTATE_BOOT;
	if (ioctl(h->vcpu, XVM_SET_REGS, &regs))
		return sys_err("cannot set the vCPU's registers");
	if (ioctl(h->vcpu, XVM_SET_ONE_REG, &one))
		return sys_err("cannot set the vCPU's CNTFRQ_EL0");
	return 0;
}

/* A VM with the images in its RAM and its vCPU ready to boot them. */
static int hw_open(struct hw_vm *h, const struct boot *b)
{
	struct xvm_vm_stats st;
	int v;

	h->sys = open(XVM_DEV, O_RDWR | O_CLOEXEC);
	if (h->sys < 0)
		return sys_err("cannot open %s", XVM_DEV);
	v = ioctl(h->sys, XVM_GET_API_VERSION, 0);
	if (v != XVM_API_VERSION) {
		vmctl_err("xvm.ko speaks API %d, vmctl API %d", v,
			  XVM_API_VERSION);
		return -1;
	}
	h->vm = ioctl(h->sys, XVM_CREATE_VM, h->backend);
	if (h->vm < 0)
		return sys_err("cannot create a VM on xvm.ko's %s backend (dmesg may say more)",
			       h->name);
	h->ram_size = b->ram_size;
	h->ram = mmap(NULL, h->ram_size, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (h->ram == MAP_FAILED) {
		h->ram = NULL;
		return sys_err("cannot map %lu MiB of guest RAM",
			       b->ram_size >> 20);
	}
	h->dev.ram = h->ram;
	boot_copy(b, h->ram);		/* fresh anonymous memory: zeros */
	if (set_memory(h, b) || register_uart(h))
		return -1;
	h->vcpu = ioctl(h->vm, XVM_CREATE_VCPU, 0);
	if (h->vcpu < 0)
		return sys_err("cannot create the vCPU");
	if (map_run(h) || boot_regs(h, b))
		return -1;
	h->id = ioctl(h->vm, XVM_GET_STATS, &st) ? 0 : st.id;
	return 0;
}

/* A reset: a new VM, booted afresh. -1 to go on, else the exit status. */
static int reboot(struct hw_vm *h, const struct boot *b)
{
	stop_set_kick(NULL, NULL);	/* the run area goes away */
	hw_close(h);
	if (hw_open(h, b))
		return VMCTL_EXIT_FAILURE;
	kick_start(h);
	return -1;
}

/* ---- the I/O rings -------------------------------------------------- */

static bool put_completion(struct hw_vm *h, u32 seq, u64 data)
{
	struct xvm_run *run = h->run;
	struct xvm_io_completion *c;
	u32 tail = __atomic_load_n(&run->cpl.tail, __ATOMIC_ACQUIRE);

	if (h->cpl_head - tail >= h->entries) {
		vmctl_err("the completion ring is full (head %u, tail %u)",
			  h->cpl_head, tail);
		return false;
	}
	c = &h->cpl[h->cpl_head & (h->entries - 1)];
	c->data = data;
	c->seq = seq;
	c->flags = 0;
	__atomic_store_n(&run->cpl.head, ++h->cpl_head, __ATOMIC_RELEASE);
	h->read_done = true;
	h->read_seq = seq;
	return true;
}

/* One guest access to an I/O range: the PL011 of libxvm-soft. */
static bool serve_request(struct hw_vm *h, const struct xvm_io_request *r)
{
	bool write = r->op == XVM_IO_WRITE;
	u64 data = r->data;

	if (r->cookie == COOKIE_UART &&
	    r->addr - BOARD_UART_BASE < BOARD_DEV_SIZE)
		pl011_access(&h->dev, r->addr - BOARD_UART_BASE, r->size,
			     write, &data);
	else
		data = 0;	/* not a range of ours: reads as zero */
	if (write)
		return true;
	return put_completion(h, r->seq, data);
}

/*
 * Take every request on the ring, in order: posted writes, and the read
 * the vCPU may wait for, last. False, with a message, if the ring is
 * broken.
 */
static bool serve_requests(struct hw_vm *h)
{
	struct xvm_run *run = h->run;
	struct xvm_io_request r;
	u32 head = __atomic_load_n(&run->req.head, __ATOMIC_ACQUIRE);

	if (head - h->req_tail > h->entries) {
		vmctl_err("the request ring is inconsistent (head %u, tail %u)",
			  head, h->req_tail);
		return false;
	}
	while (h->req_tail != head) {
		memcpy(&r, &h->req[h->req_tail & (h->entries - 1)], sizeof(r));
		__atomic_store_n(&run->req.tail, ++h->req_tail,
				 __ATOMIC_RELEASE);
		if (!serve_request(h, &r))
			return false;
	}
	return true;
}

/* ---- exits ---------------------------------------------------------- */

/* The guest's PC now, for messages; ~0 if it cannot be read. */
static u64 guest_pc(struct hw_vm *h)
{
	struct xvm_regs regs;

	if (ioctl(h->vcpu, XVM_GET_REGS, &regs))
		return ~0ULL;
	return regs.pc;
}

/* A call the vCPU has completed: its PC is past the instruction. */
static u64 call_pc(struct hw_vm *h)
{
	return guest_pc(h) - A64_INSN_SIZE;
}

static int on_intr(struct hw_vm *h, const struct run_opts *o)
{
	int status;

	/* Clear first: a stop recorded after the check kicks again. */
	__atomic_store_n(&h->run->immediate_exit, 0, __ATOMIC_SEQ_CST);
	status = stop_status(o);
	if (status >= 0 && o->verbose)
		fprintf(stderr, "vmctl: stopped at PC %#llx\n",
			(unsigned long long)guest_pc(h));
	return status;
}

static int on_io(struct hw_vm *h)
{
	struct xvm_run *run = h->run;

	if (run->io.reason != XVM_IO_WAIT_COMPLETION)
		return -1;	/* XVM_IO_WAIT_SPACE: the ring was drained */
	if (!h->read_done || h->read_seq != run->io.seq) {
		vmctl_err("XVM_RUN waits for the read with seq %u, which is not on the request ring",
			  run->io.seq);
		return VMCTL_EXIT_FAILURE;
	}
	h->read_done = false;
	return -1;
}

static int on_unclaimed_mmio(struct hw_vm *h)
{
	struct xvm_run *run = h->run;
	u64 addr = run->mmio.phys_addr;

	return guest_crash_at(guest_pc(h), "data abort: %u-byte %s at 0x%lx%s",
			      run->mmio.len,
			      run->mmio.is_write ? "write" : "read", addr,
			      board_hole_name(addr));
}

static int on_system_event(struct hw_vm *h, const struct boot *b,
			   const struct run_opts *o)
{
	struct xvm_run *run = h->run;

	switch (run->system_event.type) {
	case XVM_SYSTEM_EVENT_SHUTDOWN:
		return psci_end(PSCI_POWER_OFF, o);
	case XVM_SYSTEM_EVENT_RESET:
		if (psci_end(PSCI_RESET, o))
			return reboot(h, b);
		return 0;
	case XVM_SYSTEM_EVENT_CRASH:
		return guest_crash_at(guest_pc(h),
				      "xvm.ko reports a crash (system event)");
	default:
		vmctl_err("XVM_RUN: unknown system event %u",
			  run->system_event.type);
		return VMCTL_EXIT_FAILURE;
	}
}

static int on_psci(struct hw_vm *h, const struct boot *b,
		   const struct run_opts *o)
{
	struct xvm_run *run = h->run;
	enum psci_action action;
	u64 x[4];

	memcpy(x, run->hypercall.args, sizeof(x));
	action = psci_call(x);
	memcpy(run->hypercall.ret, x, sizeof(x));
	if (action == PSCI_CONTINUE)
		return -1;
	if (psci_end(action, o))
		return reboot(h, b);
	return 0;
}

static int on_semihost(struct hw_vm *h, const struct run_opts *o)
{
	struct xvm_run *run = h->run;
	struct a64_cpu *cpu;
	int status;

	if (!o->semihosting)
		return guest_crash_at(call_pc(h),
				      "undefined instruction 0x%08x (no --semihosting)",
				      A64_HLT | run->hypercall.imm << 5);
	cpu = xvm_vcpu_cpu(h->regfile);
	cpu->x[0] = run->hypercall.args[0];
	cpu->x[1] = run->hypercall.args[1];
	status = semihost_call(&h->dev, h->regfile);
	if (status >= 0)
		return status;
	run->hypercall.ret[0] = cpu->x[0];
	return -1;
}

static int on_hypercall(struct hw_vm *h, const struct boot *b,
			const struct run_opts *o)
{
	struct xvm_run *run = h->run;

	switch (run->hypercall.kind) {
	case XVM_HYPERCALL_HVC:
		return on_psci(h, b, o);
	case XVM_HYPERCALL_SMC:
		return guest_crash_at(call_pc(h),
				      "undefined instruction 0x%08x (SMC: no EL3)",
				      A64_SMC | run->hypercall.imm << 5);
	case XVM_HYPERCALL_SEMIHOST:
		return on_semihost(h, o);
	default:
		vmctl_err("XVM_RUN: unknown hypercall kind %u",
			  run->hypercall.kind);
		return VMCTL_EXIT_FAILURE;
	}
}

static int on_fail_entry(struct hw_vm *h)
{
	struct xvm_run *run = h->run;

	return guest_crash_at(guest_pc(h),
			      "the %s backend could not enter the guest (hardware reason 0x%lx, error %u, host CPU %u)",
			      h->name,
			      (u64)run->fail_entry.hardware_entry_failure_reason,
			      run->fail_entry.error, run->fail_entry.cpu);
}

/*
 * An instruction the module cannot run: data[0] is its PC, data[1] the
 * engine's exit reason (enum xvm_exit_reason), data[2] the instruction,
 * the address or the HLT's immediate; said as soft_run.c says them.
 */
static int emulation_crash(u64 pc, u64 reason, u64 arg, const char *what)
{
	switch (reason) {
	case XVM_EXIT_UNDEFINED:
		return guest_crash_at(pc, "undefined instruction 0x%08x",
				      (u32)arg);
	case XVM_EXIT_UNSUPPORTED:
		if (what)
			return guest_crash_at(pc, "unsupported: %s", what);
		if (!(u32)arg)
			return guest_crash_at(pc, "unsupported: a feature xvm.ko does not have yet");
		return guest_crash_at(pc, "unsupported instruction 0x%08x",
				      (u32)arg);
	case XVM_EXIT_HLT:		/* @arg: the immediate */
		return guest_crash_at(pc, "undefined instruction 0x%08x (HLT)",
				      A64_HLT | (u32)(arg & 0xffff) << 5);
	case XVM_EXIT_BAD_ACCESS:
		return guest_crash_at(pc, "data abort at 0x%lx%s", arg,
				      board_hole_name(arg));
	default:
		if (what)
			return guest_crash_at(pc, "%s: %s (0x%lx)",
					      xvm_exit_name(reason), what, arg);
		if (reason < XVM_NR_EXITS)
			return guest_crash_at(pc, "%s (0x%lx)",
					      xvm_exit_name(reason), arg);
		return guest_crash_at(pc, "exit reason %lu (0x%lx)", reason,
				      arg);
	}
}

/* The engine's words from data[3] on, if any (NUL-terminated there). */
static const char *internal_text(struct xvm_run *run, u32 n)
{
	const char *text = (const char *)&run->internal.data[3];
	size_t room = (n - 3) * sizeof(u64);

	if (n <= 3 || !memchr(text, 0, room) || !text[0])
		return NULL;
	return text;
}

static int on_internal_error(struct hw_vm *h)
{
	struct xvm_run *run = h->run;
	u32 sub = run->internal.suberror, i;
	u32 n = run->internal.ndata;
	bool emulation = sub == XVM_INTERNAL_ERROR_EMULATION;
	char data[16 * 20 + 1] = "";
	size_t len = 0;

	if (n > ARRAY_SIZE(run->internal.data))
		n = ARRAY_SIZE(run->internal.data);
	if (emulation && n >= 3)
		return emulation_crash(run->internal.data[0],
				       run->internal.data[1],
				       run->internal.data[2], internal_text(run, n));
	if (sub == XVM_INTERNAL_ERROR_BACKEND && n >= 3 && internal_text(run, n))
		return guest_crash_at(run->internal.data[0],
				      "xvm.ko's backend failed: %s (0x%lx)",
				      internal_text(run, n),
				      (u64)run->internal.data[2]);
	for (i = emulation ? 1 : 0; i < n; i++)
		len += snprintf(data + len, sizeof(data) - len, " 0x%lx",
				(u64)run->internal.data[i]);
	return guest_crash_at(emulation && n ? run->internal.data[0] :
			      guest_pc(h), "%s%s%s",
			      emulation ? "an instruction xvm.ko cannot run" :
			      sub == XVM_INTERNAL_ERROR_BACKEND ?
			      "xvm.ko's backend failed" :
			      "internal error of xvm.ko",
			      n > (emulation ? 1U : 0U) ? "; data" : "", data);
}

/* One exit: -1 to go on, else the exit status. */
static int handle_exit(struct hw_vm *h, const struct boot *b,
		       const struct run_opts *o, u32 reason)
{
	switch (reason) {
	case XVM_EXIT_INTR:
		return on_intr(h, o);
	case XVM_EXIT_IO:
		return on_io(h);
	case XVM_EXIT_UNCLAIMED_MMIO:
		return on_unclaimed_mmio(h);
	case XVM_EXIT_SYSTEM_EVENT:
		return on_system_event(h, b, o);
	case XVM_EXIT_HYPERCALL:
		return on_hypercall(h, b, o);
	case XVM_EXIT_FAIL_ENTRY:
		return on_fail_entry(h);
	case XVM_EXIT_INTERNAL_ERROR:
		return on_internal_error(h);
	default:
		vmctl_err("XVM_RUN: unknown exit reason %u", reason);
		return VMCTL_EXIT_FAILURE;
	}
}

static int run_failed(struct hw_vm *h)
{
	if (errno == EOPNOTSUPP)
		vmctl_err("xvm.ko's %s backend cannot run guests on this CPU (dmesg says why)",
			  h->name);
	else
		sys_err("XVM_RUN");
	return VMCTL_EXIT_FAILURE;
}

static int hw_loop(struct hw_vm *h, const struct boot *b,
		   const struct run_opts *o)
{
	u32 reason;
	int status;

	do {
		reason = XVM_EXIT_INTR;
		if (!ioctl(h->vcpu, XVM_RUN, 0))
			reason = h->run->exit_reason;
		else if (errno != EINTR)
			return run_failed(h);
		/* Posted writes come before whatever ended the run. */
		if (!serve_requests(h))
			return VMCTL_EXIT_FAILURE;
		status = handle_exit(h, b, o, reason);
	} while (status < 0);
	return status;
}

/* -v: how often the guest left the VM, per guest instruction if counted. */
static void print_counts(struct hw_vm *h)
{
	struct xvm_vm_stats st;

	if (h->vm < 0 || ioctl(h->vm, XVM_GET_STATS, &st))
		return;
	if (st.guest_insns)
		vmctl_err("%llu VM entries for %llu guest instructions: %.1f per million",
			  (unsigned long long)st.vm_entries,
			  (unsigned long long)st.guest_insns,
			  1e6 * st.vm_entries / st.guest_insns);
	else
		vmctl_err("%llu VM entries (guest instructions not counted)",
			  (unsigned long long)st.vm_entries);
}

int hw_run(struct boot *b, const struct run_opts *o, unsigned int backend)
{
	struct hw_vm h = {
		.backend = backend,
		.name = backend == XVM_BACKEND_VMX ? "VMX" : "SVM",
		.sys = -1,
		.vm = -1,
		.vcpu = -1,
	};
	int status = VMCTL_EXIT_FAILURE;

	h.dev.cfg.ram_size = b->ram_size;
	h.dev.cfg.semihosting = o->semihosting;
	h.dev.ram_base = b->ram_base;
	h.dev.ram_size = b->ram_size;
	h.dev.image_end = boot_image_end(b);
	h.dev.next_handle = 1;
	if (kick_init(&h) || (o->semihosting && regfile_create(&h)))
		goto out;
	h.dev.vcpu = h.regfile;
	if (hw_open(&h, b))
		goto out;
	if (o->verbose)
		vmctl_err("running on xvm.ko's %s backend: VM %u", h.name,
			  h.id);
	kick_start(&h);
	status = hw_loop(&h, b, o);
	stop_set_kick(NULL, NULL);
	if (o->verbose)
		print_counts(&h);
out:
	hw_close(&h);
	regfile_destroy(&h);
	return status;
}

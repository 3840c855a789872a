// SPDX-License-Identifier: GPL-2.0
/*
 * hw_run_test - real A64 guests (hw_guests.S) on the hardware backend of
 * the host (VMX in the vmx rig, SVM in the svm rig): hypercalls and
 * resumption, device writes and reads through the rings, a posted-write
 * burst larger than the ring, self-modifying code, crashes, a spinning
 * guest stopped by a signal, loops that do not exit per block, and 100
 * create/run/destroy cycles that leave VMX/SVM off.
 *
 * Without a usable hardware backend every test is skipped (and says why).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "kselftest_harness.h"
#include "xvm_util.h"
#include "hw_guests.h"

extern const unsigned char hw_guests_bin[], hw_guests_end[];

#define RAM_SIZE	(2UL << 20)
#define DATA_OFF	0x100000	/* a RAM word for g_loop */
#define DEV_COOKIE	0x5eed

/* What an unexpected exit said, for the log. */
static const char *exit_str(const struct xvm_run *run)
{
	static char buf[160];

	if (run->exit_reason == XVM_EXIT_INTERNAL_ERROR)
		snprintf(buf, sizeof(buf),
			 "internal error %u: pc %#llx reason %llu data %#llx",
			 run->internal.suberror,
			 (unsigned long long)run->internal.data[0],
			 (unsigned long long)run->internal.data[1],
			 (unsigned long long)run->internal.data[2]);
	else if (run->exit_reason == XVM_EXIT_FAIL_ENTRY)
		snprintf(buf, sizeof(buf), "entry failed: reason %#llx error %u",
			 (unsigned long long)
			 run->fail_entry.hardware_entry_failure_reason,
			 run->fail_entry.error);
	else
		snprintf(buf, sizeof(buf), "exit %u", run->exit_reason);
	return buf;
}

static int hw_backend(void)
{
	long mask;

	if (xvm_require_module(false))
		return 0;
	mask = xvm_cap(XVM_CAP_BACKENDS);
	if (mask < 0)
		return 0;
	return mask & (XVM_BACKEND_VMX | XVM_BACKEND_SVM);
}

FIXTURE(hw) {
	int vm, vcpu;
	struct xvm_run *run;
	uint8_t *ram;
	int backend;
};

FIXTURE_SETUP(hw)
{
	self->vm = self->vcpu = -1;
	self->run = NULL;
	self->ram = NULL;
	self->backend = hw_backend();
	if (!self->backend)
		SKIP(return, "no usable VMX or SVM backend on this host");
	self->ram = xvm_alloc_mem(RAM_SIZE);
	ASSERT_NE(NULL, self->ram);
	memcpy(self->ram, hw_guests_bin, hw_guests_end - hw_guests_bin);
	self->vm = xvm_new_vm();
	ASSERT_LE(0, self->vm);
	ASSERT_EQ(0, xvm_set_mem(self->vm, 0, 0, TEST_RAM_GPA, RAM_SIZE,
				 self->ram));
	ASSERT_EQ(0, xvm_io_range(self->vm, true, TEST_DEV_GPA, 0x1000,
				  DEV_COOKIE));
	self->vcpu = xvm_create_vcpu(self->vm, 0);
	ASSERT_LE(0, self->vcpu);
	self->run = xvm_map_run(self->vcpu);
	ASSERT_NE(NULL, self->run);
}

FIXTURE_TEARDOWN(hw)
{
	if (self->run)
		xvm_unmap_run(self->run);
	if (self->vcpu >= 0)
		close(self->vcpu);
	if (self->vm >= 0)
		close(self->vm);
	if (self->ram)
		munmap(self->ram, RAM_SIZE);
}

/* Start the guest at @off with x2 = the device, x3 = @x3, x5 = data. */
static int start(int vcpu, uint64_t off, uint64_t x3)
{
	struct xvm_regs r;
	int ret = xvm_get_regs(vcpu, &r);

	if (ret)
		return ret;
	r.pc = TEST_RAM_GPA + off;
	r.x[2] = TEST_DEV_GPA;
	r.x[3] = x3;
	r.x[5] = TEST_RAM_GPA + DATA_OFF;
	return xvm_set_regs(vcpu, &r);
}

TEST_F(hw, hypercall_args_and_resume)
{
	struct xvm_run *run = self->run;

	ASSERT_EQ(0, start(self->vcpu, G_HVC_OFF, 0));
	ASSERT_EQ(0, xvm_run(self->vcpu));
	ASSERT_EQ(XVM_EXIT_HYPERCALL, run->exit_reason)
		TH_LOG("%s", exit_str(run));
	EXPECT_EQ(XVM_HYPERCALL_HVC, run->hypercall.kind);
	EXPECT_EQ(0x11, run->hypercall.imm);
	EXPECT_EQ(0xabcd1234, run->hypercall.args[0]);
	EXPECT_EQ(7, run->hypercall.args[1]);
	/* x0 comes back from userland; x1 keeps its value. */
	run->hypercall.ret[0] = 1000;
	ASSERT_EQ(0, xvm_run(self->vcpu));
	ASSERT_EQ(XVM_EXIT_HYPERCALL, run->exit_reason)
		TH_LOG("%s", exit_str(run));
	EXPECT_EQ(0x22, run->hypercall.imm);
	EXPECT_EQ(1001, run->hypercall.args[0]);
	EXPECT_EQ(7, run->hypercall.args[1]);
}

/* Run, servicing the rings, until an exit other than XVM_EXIT_IO. */
static int run_serviced(int vcpu, struct xvm_run *run, uint8_t *seen,
			size_t max, size_t *n, const uint64_t *reads,
			size_t nreads)
{
	struct xvm_io_request req;
	size_t r = 0;
	int ret;

	for (;;) {
		ret = xvm_run(vcpu);
		if (ret)
			return ret;
		while (xvm_pop_request(run, &req)) {
			if (req.cookie != DEV_COOKIE)
				return -EPROTO;
			if (req.op == XVM_IO_WRITE) {
				if (*n < max && req.addr == TEST_DEV_GPA &&
				    req.size == 1)
					seen[*n] = req.data;
				(*n)++;
				continue;
			}
			if (r == nreads ||
			    !xvm_push_completion(run, req.seq, reads[r++], 0))
				return -EPROTO;
		}
		if (run->exit_reason != XVM_EXIT_IO)
			return 0;
	}
}

TEST_F(hw, write_burst_larger_than_ring_in_order)
{
	size_t count = 3 * self->run->ring_entries + 17, n = 0, i;
	uint8_t *seen = calloc(count, 1);

	ASSERT_NE(NULL, seen);
	ASSERT_EQ(0, start(self->vcpu, G_WBURST_OFF, count));
	ASSERT_EQ(0, run_serviced(self->vcpu, self->run, seen, count, &n, NULL, 0));
	ASSERT_EQ(XVM_EXIT_HYPERCALL, self->run->exit_reason)
		TH_LOG("%s", exit_str(self->run));
	ASSERT_EQ(count, n);
	for (i = 0; i < count; i++)
		ASSERT_EQ((uint8_t)i, seen[i]) TH_LOG("write %zu", i);
	free(seen);
}

TEST_F(hw, reads_complete_with_userland_values)
{
	uint64_t reads[] = { 0x1122334455667788ULL, 0xbeef, 0x80 };
	struct xvm_io_request req;
	struct xvm_run *run = self->run;
	uint8_t last[1];
	size_t n = 0;

	ASSERT_EQ(0, start(self->vcpu, G_READ_OFF, 0));
	ASSERT_EQ(0, run_serviced(self->vcpu, self->run, last, 0, &n, reads, 3));
	ASSERT_EQ(XVM_EXIT_HYPERCALL, run->exit_reason)
		TH_LOG("%s", exit_str(run));
	EXPECT_EQ(0x1122334455667788ULL, run->hypercall.args[0]);
	EXPECT_EQ(0xbeef, run->hypercall.args[1]);
	EXPECT_EQ(0xffffffffffffff80ULL, run->hypercall.args[4]);
	/* The 32-bit store after the reads was posted, with its value. */
	EXPECT_EQ(1, n);
	EXPECT_FALSE(xvm_pop_request(run, &req));
}

TEST_F(hw, loop_runs_without_exits_per_block)
{
	struct xvm_irq_line line = { .spi = 3, .level = 1 };
	struct xvm_vm_stats st;
	uint64_t steps = 1000000;

	/* An interrupt line changed before: it must not slow the loop. */
	ASSERT_EQ(0, xvm_ioctl(self->vm, XVM_IRQ_LINE, &line));
	ASSERT_EQ(0, start(self->vcpu, G_LOOP_OFF, steps));
	ASSERT_EQ(0, xvm_run(self->vcpu));
	ASSERT_EQ(XVM_EXIT_HYPERCALL, self->run->exit_reason)
		TH_LOG("%s", exit_str(self->run));
	EXPECT_EQ(steps * (steps + 1) / 2, self->run->hypercall.args[0]);
	EXPECT_EQ(steps * (steps + 1) / 2,
		  *(uint64_t *)(self->ram + DATA_OFF));
	ASSERT_EQ(0, xvm_stats(self->vm, &st));
	TH_LOG("%llu VM entries for %llu loop iterations",
	       (unsigned long long)st.vm_entries, (unsigned long long)steps);
	/* Chained blocks stay inside the VM: far fewer entries than steps. */
	EXPECT_GT(steps / 100, st.vm_entries);
}

TEST_F(hw, self_modifying_code_runs_the_new_code)
{
	ASSERT_EQ(0, start(self->vcpu, G_SMC_OFF, 0));
	ASSERT_EQ(0, xvm_run(self->vcpu));
	ASSERT_EQ(XVM_EXIT_HYPERCALL, self->run->exit_reason)
		TH_LOG("%s", exit_str(self->run));
	EXPECT_EQ(1, self->run->hypercall.args[6]);
	EXPECT_EQ(42, self->run->hypercall.args[7]);
}

TEST_F(hw, stores_into_a_code_page_keep_flags_and_data)
{
	ASSERT_EQ(0, start(self->vcpu, G_CODESTORE_OFF, 0));
	ASSERT_EQ(0, xvm_run(self->vcpu));
	ASSERT_EQ(XVM_EXIT_HYPERCALL, self->run->exit_reason)
		TH_LOG("%s", exit_str(self->run));
	EXPECT_EQ(51, self->run->hypercall.args[0]);
	EXPECT_EQ(1, self->run->hypercall.args[3]);
}

/* Other memory in the same place: its code runs, not old translations. */
TEST_F(hw, replaced_memory_runs_its_own_code)
{
	const uint32_t movz_4321 = 0xd2886420;	/* movz x0, #0x4321 */
	uint8_t *ram2 = xvm_alloc_mem(RAM_SIZE);
	struct xvm_run *run = self->run;
	struct xvm_regs r;

	ASSERT_NE(NULL, ram2);
	ASSERT_EQ(0, start(self->vcpu, G_HVC_OFF, 0));
	ASSERT_EQ(0, xvm_run(self->vcpu));
	ASSERT_EQ(XVM_EXIT_HYPERCALL, run->exit_reason)
		TH_LOG("%s", exit_str(run));
	EXPECT_EQ(0xabcd1234, run->hypercall.args[0]);

	memcpy(ram2, hw_guests_bin, hw_guests_end - hw_guests_bin);
	memcpy(ram2 + G_HVC_OFF, &movz_4321, sizeof(movz_4321));
	ASSERT_EQ(0, xvm_set_mem(self->vm, 0, 0, TEST_RAM_GPA, 0, NULL));
	ASSERT_EQ(0, xvm_set_mem(self->vm, 0, 0, TEST_RAM_GPA, RAM_SIZE,
				 ram2));
	ASSERT_EQ(0, xvm_get_regs(self->vcpu, &r));
	r.pc = TEST_RAM_GPA + G_HVC_OFF;	/* the same PC as before */
	ASSERT_EQ(0, xvm_set_regs(self->vcpu, &r));
	ASSERT_EQ(0, xvm_run(self->vcpu));
	ASSERT_EQ(XVM_EXIT_HYPERCALL, run->exit_reason)
		TH_LOG("%s", exit_str(run));
	EXPECT_EQ(0xabcd4321, run->hypercall.args[0]);
	munmap(ram2, RAM_SIZE);
}

TEST_F(hw, undefined_instruction_is_an_internal_error_with_pc)
{
	struct xvm_run *run = self->run;

	ASSERT_EQ(0, start(self->vcpu, G_UNDEF_OFF, 0));
	ASSERT_EQ(0, xvm_run(self->vcpu));
	ASSERT_EQ(XVM_EXIT_INTERNAL_ERROR, run->exit_reason)
		TH_LOG("%s", exit_str(run));
	ASSERT_LE(2, run->internal.ndata);
	EXPECT_EQ(TEST_RAM_GPA + G_UNDEF_OFF, run->internal.data[0]);
	/* Never retried: the next run says the same. */
	ASSERT_EQ(0, xvm_run(self->vcpu));
	EXPECT_EQ(XVM_EXIT_INTERNAL_ERROR, run->exit_reason);
}

TEST_F(hw, load_from_nothing_is_unclaimed_mmio)
{
	struct xvm_run *run = self->run;
	struct xvm_regs r;

	ASSERT_EQ(0, xvm_get_regs(self->vcpu, &r));
	r.pc = TEST_RAM_GPA + G_NOTHING_OFF;
	r.x[2] = 0x10;
	ASSERT_EQ(0, xvm_set_regs(self->vcpu, &r));
	ASSERT_EQ(0, xvm_run(self->vcpu));
	ASSERT_EQ(XVM_EXIT_UNCLAIMED_MMIO, run->exit_reason)
		TH_LOG("%s", exit_str(run));
	EXPECT_EQ(0x10, run->mmio.phys_addr);
	EXPECT_EQ(8, run->mmio.len);
	EXPECT_EQ(0, run->mmio.is_write);
	/* Userland may answer it: the load completes with that value. */
	run->mmio.data = 0x77;
	ASSERT_EQ(0, xvm_run(self->vcpu));
	ASSERT_EQ(XVM_EXIT_HYPERCALL, run->exit_reason)
		TH_LOG("%s", exit_str(run));
	EXPECT_EQ(0x77, run->hypercall.args[0]);
}

/* The runtime is mirrored at kernel addresses: out of the guest's reach. */
TEST_F(hw, kernel_address_is_a_bad_access)
{
	struct xvm_run *run = self->run;
	struct xvm_regs r;

	ASSERT_EQ(0, xvm_get_regs(self->vcpu, &r));
	r.pc = TEST_RAM_GPA + G_NOTHING_OFF;
	r.x[2] = 0xffffc90000001000ULL;		/* vmalloc space */
	ASSERT_EQ(0, xvm_set_regs(self->vcpu, &r));
	ASSERT_EQ(0, xvm_run(self->vcpu));
	ASSERT_EQ(XVM_EXIT_INTERNAL_ERROR, run->exit_reason)
		TH_LOG("%s", exit_str(run));
	EXPECT_EQ(XVM_INTERNAL_ERROR_EMULATION, run->internal.suberror);
	EXPECT_EQ(9, run->internal.data[1]);	/* XVM_EXIT_BAD_ACCESS */
}

static void on_alarm(int sig)
{
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

TEST_F(hw, spinning_guest_is_stopped_by_a_signal)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct xvm_regs r;
	double t0;
	int ret, i;

	sigaction(SIGALRM, &sa, NULL);
	ASSERT_EQ(0, start(self->vcpu, G_SPIN_OFF, 0));
	for (i = 0; i < 3; i++) {
		t0 = now();
		ualarm(200000, 0);
		ret = xvm_run(self->vcpu);
		EXPECT_EQ(-EINTR, ret);
		EXPECT_EQ(XVM_EXIT_INTR, self->run->exit_reason);
		EXPECT_GT(1.0, now() - t0);
		/* Consistent state: the PC is the spin loop's. */
		ASSERT_EQ(0, xvm_get_regs(self->vcpu, &r));
		EXPECT_EQ(TEST_RAM_GPA + G_SPIN_OFF, r.pc);
	}
	signal(SIGALRM, SIG_DFL);
}

/*
 * From xvm's debugfs view (/sys/kernel/debug/xvm/ownership): VMs holding
 * VMX/SVM, and CPUs where it is not off (for xvm or anyone). -1 each if
 * the file cannot be read.
 */
static void ext_state(int *users, int *cpus_on)
{
	char line[256], tag[16], st[16];
	FILE *f = fopen("/sys/kernel/debug/xvm/ownership", "r");
	int n, cpu;

	*users = *cpus_on = -1;
	if (!f)
		return;
	*users = *cpus_on = 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%15s users %d", tag, &n) == 2)
			*users += n;
		else if (sscanf(line, "cpu%d %15s %15s", &cpu, tag, st) == 3 &&
			 strcmp(st, "off") && strcmp(st, "offline"))
			(*cpus_on)++;
	}
	fclose(f);
}

/* A VM over @ram with one vCPU at @pc, its run area mapped. */
struct guest {
	int vm, vcpu;
	struct xvm_run *run;
};

static int guest_start(struct guest *g, uint8_t *ram, uint64_t pc)
{
	struct xvm_regs r;
	int ret;

	g->vcpu = -1;
	g->run = NULL;
	g->vm = xvm_new_vm();
	if (g->vm < 0)
		return g->vm;
	ret = xvm_set_mem(g->vm, 0, 0, TEST_RAM_GPA, RAM_SIZE, ram);
	if (ret)
		return ret;
	g->vcpu = xvm_create_vcpu(g->vm, 0);
	if (g->vcpu < 0)
		return g->vcpu;
	g->run = xvm_map_run(g->vcpu);
	if (!g->run)
		return -errno;
	ret = xvm_get_regs(g->vcpu, &r);
	if (ret)
		return ret;
	r.pc = pc;
	return xvm_set_regs(g->vcpu, &r);
}

static void guest_end(struct guest *g)
{
	if (g->run)
		xvm_unmap_run(g->run);
	if (g->vcpu >= 0)
		close(g->vcpu);
	if (g->vm >= 0)
		close(g->vm);
}

/*
 * A VM entry the CPU refuses (debugfs fail_entry breaks the next vCPU's
 * guest state): reported once as XVM_EXIT_FAIL_ENTRY, never retried, the
 * VM crashed; the next VM runs normally.
 */
TEST(failed_entry_is_reported_not_retried)
{
	struct xvm_vm_stats st;
	struct guest g;
	uint8_t *ram;
	int i, fd;

	if (!hw_backend())
		SKIP(return, "no usable VMX or SVM backend on this host");
	fd = open("/sys/kernel/debug/xvm/fail_entry", O_WRONLY);
	if (fd < 0)
		SKIP(return, "no debugfs xvm/fail_entry");
	ASSERT_EQ(1, write(fd, "1", 1));
	close(fd);
	ram = xvm_alloc_mem(RAM_SIZE);
	ASSERT_NE(NULL, ram);
	memcpy(ram, hw_guests_bin, hw_guests_end - hw_guests_bin);
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, guest_start(&g, ram, TEST_RAM_GPA + G_HVC_OFF));
		ASSERT_EQ(0, xvm_run(g.vcpu));
		if (i == 0) {
			ASSERT_EQ(XVM_EXIT_FAIL_ENTRY, g.run->exit_reason)
				TH_LOG("%s", exit_str(g.run));
			/* The same answer again, at once, without entering. */
			ASSERT_EQ(0, xvm_run(g.vcpu));
			EXPECT_EQ(XVM_EXIT_FAIL_ENTRY, g.run->exit_reason);
			ASSERT_EQ(0, xvm_stats(g.vm, &st));
			EXPECT_EQ(XVM_VM_STATE_CRASHED, st.state);
			EXPECT_GE(1, st.vm_entries);
		} else {
			ASSERT_EQ(XVM_EXIT_HYPERCALL, g.run->exit_reason)
				TH_LOG("%s", exit_str(g.run));
		}
		guest_end(&g);
	}
	munmap(ram, RAM_SIZE);
}

/*
 * A vCPU whose setup at its first XVM_RUN fails (debugfs fail_setup)
 * returns the error with nothing half built: the next XVM_RUN sets it up
 * again and runs the guest.
 */
TEST(failed_setup_returns_the_error_then_runs)
{
	struct guest g;
	uint8_t *ram;
	int fd;

	if (!hw_backend())
		SKIP(return, "no usable VMX or SVM backend on this host");
	fd = open("/sys/kernel/debug/xvm/fail_setup", O_WRONLY);
	if (fd < 0)
		SKIP(return, "no debugfs xvm/fail_setup");
	ASSERT_EQ(1, write(fd, "1", 1));
	close(fd);
	ram = xvm_alloc_mem(RAM_SIZE);
	ASSERT_NE(NULL, ram);
	memcpy(ram, hw_guests_bin, hw_guests_end - hw_guests_bin);
	ASSERT_EQ(0, guest_start(&g, ram, TEST_RAM_GPA + G_HVC_OFF));
	EXPECT_EQ(-ENOMEM, xvm_run(g.vcpu));
	ASSERT_EQ(0, xvm_run(g.vcpu));
	ASSERT_EQ(XVM_EXIT_HYPERCALL, g.run->exit_reason)
		TH_LOG("%s", exit_str(g.run));
	guest_end(&g);
	munmap(ram, RAM_SIZE);
}

TEST(hundred_create_run_destroy_cycles)
{
	long long pins0, pins1;
	int i, users, cpus_on;
	uint8_t *ram;

	if (!hw_backend())
		SKIP(return, "no usable VMX or SVM backend on this host");
	ram = xvm_alloc_mem(RAM_SIZE);
	ASSERT_NE(NULL, ram);
	memcpy(ram, hw_guests_bin, hw_guests_end - hw_guests_bin);
	pins0 = pins_held();
	for (i = 0; i < 100; i++) {
		struct guest g;

		ASSERT_EQ(0, guest_start(&g, ram, TEST_RAM_GPA + G_HVC_OFF));
		ASSERT_EQ(0, xvm_run(g.vcpu));
		ASSERT_EQ(XVM_EXIT_HYPERCALL, g.run->exit_reason)
			TH_LOG("%s", exit_str(g.run));
		ASSERT_EQ(0xabcd1234, g.run->hypercall.args[0]);
		guest_end(&g);
	}
	pins1 = pins_held();
	if (pins0 >= 0 && pins1 >= 0)
		EXPECT_EQ(pins0, pins1);
	munmap(ram, RAM_SIZE);
	/* The last VM gone: no user, CR4.VMXE / EFER.SVME clear everywhere. */
	ext_state(&users, &cpus_on);
	EXPECT_EQ(0, users);
	EXPECT_EQ(0, cpus_on);
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * run_test.c - XVM_RUN, the generic run loop and the I/O rings, driven by
 * the selftest backend (module parameter selftest_backend=1): its vCPUs
 * run the small register machine of module/core/selftest_guest.h from
 * guest RAM, through the same run loop a hardware backend plugs into.
 *
 * What a hardware backend adds (AArch64 code doing the same accesses)
 * is tested once one exists; the ring protocol, posted writes, parked
 * reads, full rings, signals, requests and system events are tested
 * here.
 */
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/time.h>
#include <time.h>
#include "kselftest_harness.h"
#include "xvm_util.h"

#define SZ_4K		0x1000ULL
#define RAM_SIZE	0x100000ULL
#define DATA_GPA	(TEST_RAM_GPA + 0x80000)	/* guest data page */
#define COOKIE		0xc0ffee00ULL

FIXTURE(run) {
	int vm, vcpu;
	void *mem;
	struct xvm_run *run;
	struct tg_prog prog;
};

static int set_pc(int vcpu, uint64_t pc)
{
	struct xvm_regs regs;
	int ret = xvm_get_regs(vcpu, &regs);

	if (ret)
		return ret;
	regs.pc = pc;
	return xvm_set_regs(vcpu, &regs);
}

static uint64_t get_x(int vcpu, int n)
{
	struct xvm_regs regs;

	if (xvm_get_regs(vcpu, &regs))
		return -1;
	return regs.x[n];
}

static uint64_t get_pc(int vcpu)
{
	struct xvm_regs regs;

	if (xvm_get_regs(vcpu, &regs))
		return -1;
	return regs.pc;
}

FIXTURE_SETUP(run)
{
	int ret = xvm_require_module(true);

	ASSERT_EQ(0, ret) TH_LOG("loading xvm with the selftest backend: %s",
				 strerror(-ret));
	self->vm = xvm_new_vm();
	ASSERT_LE(0, self->vm) TH_LOG("VM: %s", strerror(-self->vm));
	self->vcpu = xvm_create_vcpu(self->vm, 0);
	ASSERT_LE(0, self->vcpu);
	self->mem = xvm_alloc_mem(RAM_SIZE);
	ASSERT_NE(NULL, self->mem);
	ASSERT_EQ(0, xvm_set_mem(self->vm, 0, 0, TEST_RAM_GPA, RAM_SIZE,
				 self->mem));
	ASSERT_EQ(0, xvm_io_range(self->vm, true, TEST_DEV_GPA, SZ_4K, COOKIE));
	self->run = xvm_map_run(self->vcpu);
	ASSERT_NE(NULL, self->run);
	self->prog.code = self->mem;
	self->prog.gpa = TEST_RAM_GPA;
	self->prog.n = 0;
	ASSERT_EQ(0, set_pc(self->vcpu, TEST_RAM_GPA));
}

FIXTURE_TEARDOWN(run)
{
	xvm_unmap_run(self->run);
	close(self->vcpu);
	close(self->vm);
	munmap(self->mem, RAM_SIZE);
}

/* Run until an exit that is not XVM_EXIT_INTR; 0 or -errno. */
static int run_once(int vcpu)
{
	return xvm_run(vcpu);
}

TEST_F(run, shutdown)
{
	struct tg_prog *p = &self->prog;
	struct xvm_vm_stats st;
	uint64_t end;

	tg_mov(p, 0, 42);
	tg_mov(p, 30, 0x1234);
	tg_event(p, XVM_SYSTEM_EVENT_SHUTDOWN);
	end = tg_pc(p);
	ASSERT_EQ(0, run_once(self->vcpu));
	EXPECT_EQ(XVM_EXIT_SYSTEM_EVENT, self->run->exit_reason);
	EXPECT_EQ(XVM_SYSTEM_EVENT_SHUTDOWN, self->run->system_event.type);
	EXPECT_EQ(42, get_x(self->vcpu, 0));
	EXPECT_EQ(0x1234, get_x(self->vcpu, 30));
	EXPECT_EQ(end, get_pc(self->vcpu));
	ASSERT_EQ(0, xvm_stats(self->vm, &st));
	EXPECT_EQ(XVM_VM_STATE_SHUTDOWN, st.state);
	EXPECT_EQ(3, st.guest_insns);
	EXPECT_EQ(1, st.exits[XVM_EXIT_SYSTEM_EVENT]);
}

TEST_F(run, states_and_crash)
{
	struct tg_prog *p = &self->prog;
	struct xvm_vm_stats st;

	tg_event(p, XVM_SYSTEM_EVENT_RESET);
	tg_event(p, XVM_SYSTEM_EVENT_CRASH);
	ASSERT_EQ(0, xvm_stats(self->vm, &st));
	EXPECT_EQ(XVM_VM_STATE_CREATED, st.state);
	ASSERT_EQ(0, run_once(self->vcpu));
	EXPECT_EQ(XVM_EXIT_SYSTEM_EVENT, self->run->exit_reason);
	EXPECT_EQ(XVM_SYSTEM_EVENT_RESET, self->run->system_event.type);
	/* A reset is not an end: the VM has run and stopped. */
	ASSERT_EQ(0, xvm_stats(self->vm, &st));
	EXPECT_EQ(XVM_VM_STATE_STOPPED, st.state);
	ASSERT_EQ(0, run_once(self->vcpu));
	EXPECT_EQ(XVM_SYSTEM_EVENT_CRASH, self->run->system_event.type);
	ASSERT_EQ(0, xvm_stats(self->vm, &st));
	EXPECT_EQ(XVM_VM_STATE_CRASHED, st.state);
	EXPECT_EQ(2, st.exits[XVM_EXIT_SYSTEM_EVENT]);
}

/* Guest RAM is the user's memory: both see each other's writes. */
TEST_F(run, guest_ram)
{
	struct tg_prog *p = &self->prog;
	uint64_t *data = (uint64_t *)((char *)self->mem +
				      (DATA_GPA - TEST_RAM_GPA));

	data[0] = 0x1122334455667788ULL;
	tg_load(p, 1, 8, DATA_GPA);
	tg_load(p, 2, 2, DATA_GPA + 2);
	tg_mov(p, 3, 0xdeadbeefcafef00dULL);
	tg_store(p, 3, 4, DATA_GPA + 8);
	tg_store(p, 3, 8, DATA_GPA + 0x1000 - 4);	/* across a page */
	tg_event(p, XVM_SYSTEM_EVENT_SHUTDOWN);
	ASSERT_EQ(0, run_once(self->vcpu));
	ASSERT_EQ(XVM_EXIT_SYSTEM_EVENT, self->run->exit_reason);
	EXPECT_EQ(0x1122334455667788ULL, get_x(self->vcpu, 1));
	EXPECT_EQ(0x5566, get_x(self->vcpu, 2));
	EXPECT_EQ(0xcafef00d, data[1]);
	EXPECT_EQ(0xcafef00d, ((uint32_t *)data)[0x1000 / 4 - 1]);
	EXPECT_EQ(0xdeadbeef, ((uint32_t *)data)[0x1000 / 4]);
}

/* Writes to an I/O range are posted: no exit, in order, on the ring. */
TEST_F(run, posted_writes)
{
	struct tg_prog *p = &self->prog;
	struct xvm_io_request req;
	struct xvm_vm_stats st;
	struct pollfd pfd = { .fd = self->vcpu, .events = POLLIN };

	tg_mov(p, 1, 0x1122334455667788ULL);
	tg_store(p, 1, 1, TEST_DEV_GPA);
	tg_store(p, 1, 2, TEST_DEV_GPA + 0x10);
	tg_store(p, 1, 4, TEST_DEV_GPA + 0x20);
	tg_store(p, 1, 8, TEST_DEV_GPA + 0xff8);
	tg_event(p, XVM_SYSTEM_EVENT_SHUTDOWN);
	EXPECT_EQ(0, poll(&pfd, 1, 0));
	ASSERT_EQ(0, run_once(self->vcpu));
	ASSERT_EQ(XVM_EXIT_SYSTEM_EVENT, self->run->exit_reason);
	EXPECT_EQ(4, xvm_requests_pending(self->run));
	EXPECT_EQ(1, poll(&pfd, 1, 0));
	EXPECT_EQ(POLLIN, pfd.revents);

	ASSERT_TRUE(xvm_pop_request(self->run, &req));
	EXPECT_EQ(TEST_DEV_GPA, req.addr);
	EXPECT_EQ(0x88, req.data);
	EXPECT_EQ(COOKIE, req.cookie);
	EXPECT_EQ(0, req.seq);
	EXPECT_EQ(1, req.size);
	EXPECT_EQ(XVM_IO_WRITE, req.op);
	ASSERT_TRUE(xvm_pop_request(self->run, &req));
	EXPECT_EQ(TEST_DEV_GPA + 0x10, req.addr);
	EXPECT_EQ(0x7788, req.data);
	EXPECT_EQ(1, req.seq);
	EXPECT_EQ(2, req.size);
	ASSERT_TRUE(xvm_pop_request(self->run, &req));
	EXPECT_EQ(0x55667788, req.data);
	EXPECT_EQ(4, req.size);
	ASSERT_TRUE(xvm_pop_request(self->run, &req));
	EXPECT_EQ(TEST_DEV_GPA + 0xff8, req.addr);
	EXPECT_EQ(0x1122334455667788ULL, req.data);
	EXPECT_EQ(8, req.size);
	EXPECT_EQ(3, req.seq);
	EXPECT_FALSE(xvm_pop_request(self->run, &req));
	pfd.revents = 0;
	EXPECT_EQ(0, poll(&pfd, 1, 0));

	ASSERT_EQ(0, xvm_stats(self->vm, &st));
	EXPECT_EQ(4, st.io_requests);
	EXPECT_EQ(0, st.io_completions);
	EXPECT_EQ(0, st.exits[XVM_EXIT_IO]);
}

/* A read parks the vCPU until userland completes it. */
TEST_F(run, read_waits_for_completion)
{
	struct tg_prog *p = &self->prog;
	struct xvm_io_request req;
	struct xvm_vm_stats st;
	uint64_t after_read;

	tg_mov(p, 1, 0xaa);
	tg_store(p, 1, 1, TEST_DEV_GPA);	/* posted, before the read */
	tg_load(p, 2, 2, TEST_DEV_GPA + 0x40);
	after_read = tg_pc(p);
	tg_store(p, 2, 4, TEST_DEV_GPA + 0x80);	/* uses the value */
	tg_event(p, XVM_SYSTEM_EVENT_SHUTDOWN);

	ASSERT_EQ(0, run_once(self->vcpu));
	ASSERT_EQ(XVM_EXIT_IO, self->run->exit_reason);
	EXPECT_EQ(XVM_IO_WAIT_COMPLETION, self->run->io.reason);
	EXPECT_EQ(1, self->run->io.seq);
	/* The write came first, then the read. */
	ASSERT_TRUE(xvm_pop_request(self->run, &req));
	EXPECT_EQ(XVM_IO_WRITE, req.op);
	ASSERT_TRUE(xvm_pop_request(self->run, &req));
	EXPECT_EQ(XVM_IO_READ, req.op);
	EXPECT_EQ(TEST_DEV_GPA + 0x40, req.addr);
	EXPECT_EQ(2, req.size);
	EXPECT_EQ(0, req.data);
	EXPECT_EQ(COOKIE, req.cookie);
	EXPECT_EQ(1, req.seq);
	/* The instruction is done; only its value is due. */
	EXPECT_EQ(after_read, get_pc(self->vcpu));

	/* No completion yet: the vCPU stays parked, again and again. */
	ASSERT_EQ(0, run_once(self->vcpu));
	EXPECT_EQ(XVM_EXIT_IO, self->run->exit_reason);
	EXPECT_EQ(XVM_IO_WAIT_COMPLETION, self->run->io.reason);
	EXPECT_EQ(1, self->run->io.seq);
	EXPECT_EQ(after_read, get_pc(self->vcpu));

	/* Only the low 2 bytes count. */
	ASSERT_TRUE(xvm_push_completion(self->run, req.seq,
					0xffffffff0000beefULL, 0));
	ASSERT_EQ(0, run_once(self->vcpu));
	ASSERT_EQ(XVM_EXIT_SYSTEM_EVENT, self->run->exit_reason);
	EXPECT_EQ(0xbeef, get_x(self->vcpu, 2));
	ASSERT_TRUE(xvm_pop_request(self->run, &req));
	EXPECT_EQ(XVM_IO_WRITE, req.op);
	EXPECT_EQ(0xbeef, req.data);
	EXPECT_EQ(2, req.seq);
	/* The kernel took the completion. */
	EXPECT_EQ(1, self->run->cpl.tail);

	ASSERT_EQ(0, xvm_stats(self->vm, &st));
	EXPECT_EQ(3, st.io_requests);
	EXPECT_EQ(1, st.io_completions);
	EXPECT_EQ(2, st.exits[XVM_EXIT_IO]);
}

/* Completions that do not match the waiting read are refused, untaken. */
TEST_F(run, bad_completions)
{
	struct tg_prog *p = &self->prog;
	struct xvm_io_completion *c = xvm_cpl_entries(self->run);
	struct xvm_io_request req;

	tg_load(p, 5, 8, TEST_DEV_GPA);
	tg_event(p, XVM_SYSTEM_EVENT_SHUTDOWN);
	ASSERT_EQ(0, run_once(self->vcpu));
	ASSERT_EQ(XVM_EXIT_IO, self->run->exit_reason);
	ASSERT_TRUE(xvm_pop_request(self->run, &req));

	/* Wrong seq. */
	ASSERT_TRUE(xvm_push_completion(self->run, req.seq + 1, 1, 0));
	EXPECT_EQ(-EINVAL, run_once(self->vcpu));
	EXPECT_EQ(0, self->run->cpl.tail);
	/* Flags set. */
	c[0].seq = req.seq;
	c[0].flags = 1;
	EXPECT_EQ(-EINVAL, run_once(self->vcpu));
	EXPECT_EQ(0, self->run->cpl.tail);
	/* An impossible head. */
	c[0].flags = 0;
	self->run->cpl.head = 1000;
	EXPECT_EQ(-EINVAL, run_once(self->vcpu));
	EXPECT_EQ(0, self->run->cpl.tail);
	/* Fixed: it goes on. */
	self->run->cpl.head = 1;
	c[0].data = 0x55;
	ASSERT_EQ(0, run_once(self->vcpu));
	EXPECT_EQ(XVM_EXIT_SYSTEM_EVENT, self->run->exit_reason);
	EXPECT_EQ(0x55, get_x(self->vcpu, 5));
}

/*
 * A burst of posted writes larger than the ring: the vCPU stops when it
 * is full (XVM_EXIT_IO, XVM_IO_WAIT_SPACE) and goes on once userland has
 * taken some; no byte is lost, repeated or reordered.
 */
TEST_F_TIMEOUT(run, burst_larger_than_ring, 120)
{
	struct tg_prog *p = &self->prog;
	struct xvm_io_request req;
	struct xvm_vm_stats st;
	unsigned int got = 0, full = 0, rounds = 0;
	uint64_t loop;
	const unsigned int n = 1000;

	tg_mov(p, 1, 0);
	loop = tg_store(p, 1, 1, TEST_DEV_GPA + 0x100);
	tg_add(p, 1, 1);
	tg_bne(p, 1, n, loop);
	tg_event(p, XVM_SYSTEM_EVENT_SHUTDOWN);

	for (;;) {
		ASSERT_LT(rounds++, 100);
		ASSERT_EQ(0, run_once(self->vcpu));
		if (self->run->exit_reason == XVM_EXIT_SYSTEM_EVENT)
			break;
		ASSERT_EQ(XVM_EXIT_IO, self->run->exit_reason);
		ASSERT_EQ(XVM_IO_WAIT_SPACE, self->run->io.reason);
		/* Full: every slot taken, and one more write held back. */
		EXPECT_EQ(256, xvm_requests_pending(self->run));
		EXPECT_EQ(got + 256, self->run->io.seq);
		full++;
		/* Take some, not all, to vary where the ring wraps. */
		while (xvm_requests_pending(self->run) > 37 * (full % 3)) {
			ASSERT_TRUE(xvm_pop_request(self->run, &req));
			ASSERT_EQ(got & 0xff, req.data);
			ASSERT_EQ(got, req.seq);
			ASSERT_EQ(TEST_DEV_GPA + 0x100, req.addr);
			got++;
		}
	}
	while (xvm_pop_request(self->run, &req)) {
		ASSERT_EQ(got & 0xff, req.data);
		ASSERT_EQ(got, req.seq);
		got++;
	}
	EXPECT_EQ(n, got);
	EXPECT_LE(3, full);
	ASSERT_EQ(0, xvm_stats(self->vm, &st));
	EXPECT_EQ(n, st.io_requests);
	EXPECT_EQ(full, st.exits[XVM_EXIT_IO]);
}

/* A read that finds the ring full waits for space, then its value. */
TEST_F(run, read_into_full_ring)
{
	struct tg_prog *p = &self->prog;
	struct xvm_io_request req;
	uint64_t loop;
	int i;

	tg_mov(p, 1, 0);
	loop = tg_store(p, 1, 4, TEST_DEV_GPA);
	tg_add(p, 1, 1);
	tg_bne(p, 1, 256, loop);
	tg_load(p, 2, 4, TEST_DEV_GPA + 4);
	tg_event(p, XVM_SYSTEM_EVENT_SHUTDOWN);

	ASSERT_EQ(0, run_once(self->vcpu));
	ASSERT_EQ(XVM_EXIT_IO, self->run->exit_reason);
	ASSERT_EQ(XVM_IO_WAIT_SPACE, self->run->io.reason);
	EXPECT_EQ(256, self->run->io.seq);
	/* Still full: still waiting. */
	ASSERT_EQ(0, run_once(self->vcpu));
	ASSERT_EQ(XVM_IO_WAIT_SPACE, self->run->io.reason);
	for (i = 0; i < 256; i++) {
		ASSERT_TRUE(xvm_pop_request(self->run, &req));
		ASSERT_EQ(i, req.data);
	}
	ASSERT_EQ(0, run_once(self->vcpu));
	ASSERT_EQ(XVM_EXIT_IO, self->run->exit_reason);
	ASSERT_EQ(XVM_IO_WAIT_COMPLETION, self->run->io.reason);
	ASSERT_TRUE(xvm_pop_request(self->run, &req));
	EXPECT_EQ(XVM_IO_READ, req.op);
	EXPECT_EQ(256, req.seq);
	ASSERT_TRUE(xvm_push_completion(self->run, 256, 0x77777777, 0));
	ASSERT_EQ(0, run_once(self->vcpu));
	EXPECT_EQ(XVM_EXIT_SYSTEM_EVENT, self->run->exit_reason);
	EXPECT_EQ(0x77777777, get_x(self->vcpu, 2));
}

/* Userland writing an impossible tail: EINVAL, and nothing is lost. */
TEST_F(run, corrupt_request_ring)
{
	struct tg_prog *p = &self->prog;
	struct xvm_io_request req;

	tg_mov(p, 1, 1);
	tg_store(p, 1, 1, TEST_DEV_GPA);
	tg_mov(p, 1, 2);
	tg_store(p, 1, 1, TEST_DEV_GPA);
	tg_event(p, XVM_SYSTEM_EVENT_SHUTDOWN);
	self->run->req.tail = 5;	/* ahead of the head */
	EXPECT_EQ(-EINVAL, run_once(self->vcpu));
	EXPECT_EQ(-EINVAL, run_once(self->vcpu));
	self->run->req.tail = 0;
	ASSERT_EQ(0, run_once(self->vcpu));
	EXPECT_EQ(XVM_EXIT_SYSTEM_EVENT, self->run->exit_reason);
	ASSERT_TRUE(xvm_pop_request(self->run, &req));
	EXPECT_EQ(1, req.data);
	ASSERT_TRUE(xvm_pop_request(self->run, &req));
	EXPECT_EQ(2, req.data);
	EXPECT_FALSE(xvm_pop_request(self->run, &req));
}

/* Accesses nobody claims exit to userland one at a time, as in KVM. */
TEST_F(run, unclaimed_mmio)
{
	struct tg_prog *p = &self->prog;

	tg_mov(p, 1, 0xabcdef);
	tg_store(p, 1, 2, 0x0a000000);
	tg_load(p, 3, 4, 0x0a000010);
	tg_event(p, XVM_SYSTEM_EVENT_SHUTDOWN);

	ASSERT_EQ(0, run_once(self->vcpu));
	ASSERT_EQ(XVM_EXIT_UNCLAIMED_MMIO, self->run->exit_reason);
	EXPECT_EQ(0x0a000000, self->run->mmio.phys_addr);
	EXPECT_EQ(0xcdef, self->run->mmio.data);
	EXPECT_EQ(2, self->run->mmio.len);
	EXPECT_EQ(1, self->run->mmio.is_write);
	ASSERT_EQ(0, run_once(self->vcpu));
	ASSERT_EQ(XVM_EXIT_UNCLAIMED_MMIO, self->run->exit_reason);
	EXPECT_EQ(0x0a000010, self->run->mmio.phys_addr);
	EXPECT_EQ(4, self->run->mmio.len);
	EXPECT_EQ(0, self->run->mmio.is_write);
	self->run->mmio.data = 0x1122334455667788ULL;
	ASSERT_EQ(0, run_once(self->vcpu));
	EXPECT_EQ(XVM_EXIT_SYSTEM_EVENT, self->run->exit_reason);
	EXPECT_EQ(0x55667788, get_x(self->vcpu, 3));
	EXPECT_EQ(0, xvm_requests_pending(self->run));
}

/* A write to a read-only slot is a device access, not a RAM write. */
TEST_F(run, read_only_slot)
{
	struct tg_prog *p = &self->prog;
	void *rom = xvm_alloc_mem(SZ_4K);

	ASSERT_NE(NULL, rom);
	memset(rom, 0x5a, SZ_4K);
	ASSERT_EQ(0, xvm_set_mem(self->vm, 1, XVM_MEM_READONLY, 0x0, SZ_4K,
				 rom));
	tg_load(p, 1, 8, 0x100);
	tg_store(p, 1, 1, 0x100);
	tg_event(p, XVM_SYSTEM_EVENT_SHUTDOWN);
	ASSERT_EQ(0, run_once(self->vcpu));
	ASSERT_EQ(XVM_EXIT_UNCLAIMED_MMIO, self->run->exit_reason);
	EXPECT_EQ(0x100, self->run->mmio.phys_addr);
	EXPECT_TRUE(self->run->mmio.is_write);
	EXPECT_EQ(0x5a5a5a5a5a5a5a5aULL, get_x(self->vcpu, 1));
	ASSERT_EQ(0, run_once(self->vcpu));
	EXPECT_EQ(XVM_EXIT_SYSTEM_EVENT, self->run->exit_reason);
	EXPECT_EQ(0x5a, ((unsigned char *)rom)[0x100]);
	munmap(rom, SZ_4K);
}

TEST_F(run, hypercall)
{
	struct tg_prog *p = &self->prog;
	int i;

	for (i = 0; i < 8; i++)
		tg_mov(p, i, 100 + i);
	tg_hvc(p, 0x4242);
	tg_event(p, XVM_SYSTEM_EVENT_SHUTDOWN);
	ASSERT_EQ(0, run_once(self->vcpu));
	ASSERT_EQ(XVM_EXIT_HYPERCALL, self->run->exit_reason);
	EXPECT_EQ(XVM_HYPERCALL_HVC, self->run->hypercall.kind);
	EXPECT_EQ(0x4242, self->run->hypercall.imm);
	for (i = 0; i < 8; i++)
		EXPECT_EQ(100 + i, self->run->hypercall.args[i]);
	/* ret starts as x0..x3: what userland leaves alone stays. */
	for (i = 0; i < 4; i++)
		EXPECT_EQ(100 + i, self->run->hypercall.ret[i]);
	self->run->hypercall.ret[0] = 0;
	self->run->hypercall.ret[2] = -1ULL;
	ASSERT_EQ(0, run_once(self->vcpu));
	ASSERT_EQ(XVM_EXIT_SYSTEM_EVENT, self->run->exit_reason);
	EXPECT_EQ(0, get_x(self->vcpu, 0));
	EXPECT_EQ(101, get_x(self->vcpu, 1));
	EXPECT_EQ(-1ULL, get_x(self->vcpu, 2));
	EXPECT_EQ(103, get_x(self->vcpu, 3));
	EXPECT_EQ(104, get_x(self->vcpu, 4));
}

TEST_F(run, internal_error)
{
	struct xvm_vm_stats st;
	struct xvm_tg_insn *bad;

	/* Outside RAM. */
	ASSERT_EQ(0, set_pc(self->vcpu, 0x1000));
	ASSERT_EQ(0, run_once(self->vcpu));
	ASSERT_EQ(XVM_EXIT_INTERNAL_ERROR, self->run->exit_reason);
	EXPECT_EQ(XVM_INTERNAL_ERROR_EMULATION, self->run->internal.suberror);
	EXPECT_EQ(0x1000, self->run->internal.data[0]);
	/* An unknown operation. */
	bad = self->prog.code;
	memset(bad, 0, sizeof(*bad));
	bad->op = 200;
	ASSERT_EQ(0, set_pc(self->vcpu, TEST_RAM_GPA));
	ASSERT_EQ(0, run_once(self->vcpu));
	ASSERT_EQ(XVM_EXIT_INTERNAL_ERROR, self->run->exit_reason);
	EXPECT_EQ(TEST_RAM_GPA, self->run->internal.data[0]);
	/* The guest cannot go on: crashed, for good. */
	ASSERT_EQ(0, xvm_stats(self->vm, &st));
	EXPECT_EQ(XVM_VM_STATE_CRASHED, st.state);
	EXPECT_EQ(2, st.exits[XVM_EXIT_INTERNAL_ERROR]);
}

TEST_F(run, immediate_exit)
{
	struct tg_prog *p = &self->prog;
	struct xvm_vm_stats st;

	tg_mov(p, 0, 1);
	tg_event(p, XVM_SYSTEM_EVENT_SHUTDOWN);
	self->run->immediate_exit = 1;
	EXPECT_EQ(-EINTR, run_once(self->vcpu));
	EXPECT_EQ(XVM_EXIT_INTR, self->run->exit_reason);
	EXPECT_EQ(TEST_RAM_GPA, get_pc(self->vcpu));
	EXPECT_EQ(0, get_x(self->vcpu, 0));
	self->run->immediate_exit = 0;
	ASSERT_EQ(0, run_once(self->vcpu));
	EXPECT_EQ(XVM_EXIT_SYSTEM_EVENT, self->run->exit_reason);
	EXPECT_EQ(1, get_x(self->vcpu, 0));
	ASSERT_EQ(0, xvm_stats(self->vm, &st));
	EXPECT_EQ(1, st.exits[XVM_EXIT_INTR]);
}

static void on_signal(int sig)
{
	(void)sig;
}

struct runner {
	int vcpu;
	int ret;
	int started;
};

static void *run_thread(void *arg)
{
	struct runner *r = arg;

	__atomic_store_n(&r->started, 1, __ATOMIC_RELEASE);
	r->ret = xvm_run(r->vcpu);
	return NULL;
}

/* Wait (up to 10 s) until a vCPU of @vm is inside XVM_RUN. */
static bool wait_running(int vm)
{
	struct xvm_vm_stats st;
	int i;

	for (i = 0; i < 1000; i++) {
		if (!xvm_stats(vm, &st) && st.state == XVM_VM_STATE_RUNNING)
			return true;
		usleep(10000);
	}
	return false;
}

static void install_handler(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);	/* no SA_RESTART */
	sigaction(SIGALRM, &sa, NULL);
}

/* A signal ends XVM_RUN with EINTR; the guest is where it was. */
TEST_F(run, signal_interrupts_spinning_guest)
{
	struct tg_prog *p = &self->prog;
	struct runner r = { .vcpu = self->vcpu };
	struct xvm_vm_stats st;
	uint64_t spin;
	pthread_t t;

	install_handler();
	tg_mov(p, 0, 7);
	spin = tg_spin(p);
	ASSERT_EQ(0, pthread_create(&t, NULL, run_thread, &r));
	/* While it spins, the VM is running. */
	EXPECT_TRUE(wait_running(self->vm));
	usleep(50000);
	pthread_kill(t, SIGUSR1);
	pthread_join(t, NULL);
	EXPECT_EQ(-EINTR, r.ret);
	EXPECT_EQ(XVM_EXIT_INTR, self->run->exit_reason);
	EXPECT_EQ(spin, get_pc(self->vcpu));
	EXPECT_EQ(7, get_x(self->vcpu, 0));
	ASSERT_EQ(0, xvm_stats(self->vm, &st));
	EXPECT_EQ(XVM_VM_STATE_STOPPED, st.state);
	EXPECT_EQ(1, st.exits[XVM_EXIT_INTR]);
	EXPECT_LT(10, st.guest_insns);
}

/*
 * Interrupted over and over by a timer, a counting loop still counts
 * exactly: every XVM_RUN resumes where the last one stopped.
 */
TEST_F_TIMEOUT(run, resumes_exactly, 120)
{
	struct itimerval it = {
		.it_interval = { .tv_usec = 2000 },
		.it_value = { .tv_usec = 2000 },
	};
	struct tg_prog *p = &self->prog;
	unsigned int eintr = 0;
	const uint64_t n = 20000;
	struct xvm_vm_stats st;
	uint64_t loop;
	int ret;

	install_handler();
	tg_mov(p, 0, 0);
	tg_mov(p, 1, 0);
	loop = tg_add(p, 0, 1);
	tg_add(p, 1, 3);
	tg_bne(p, 0, n, loop);
	tg_event(p, XVM_SYSTEM_EVENT_SHUTDOWN);
	ASSERT_EQ(0, setitimer(ITIMER_REAL, &it, NULL));
	for (;;) {
		ret = run_once(self->vcpu);
		if (ret == -EINTR) {
			EXPECT_EQ(XVM_EXIT_INTR, self->run->exit_reason);
			eintr++;
			continue;
		}
		break;
	}
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	ASSERT_EQ(0, ret);
	EXPECT_EQ(XVM_EXIT_SYSTEM_EVENT, self->run->exit_reason);
	EXPECT_EQ(n, get_x(self->vcpu, 0));
	EXPECT_EQ(3 * n, get_x(self->vcpu, 1));
	ASSERT_EQ(0, xvm_stats(self->vm, &st));
	/* 2 + 3 per round + the event: nothing ran twice or was skipped. */
	EXPECT_EQ(2 + 3 * n + 1, st.guest_insns);
	EXPECT_EQ(eintr, st.exits[XVM_EXIT_INTR]);
	TH_LOG("%u interruptions", eintr);
}

/* A signal while a read waits leaves it waiting; nothing is lost. */
TEST_F(run, signal_while_read_waits)
{
	struct tg_prog *p = &self->prog;
	struct xvm_io_request req;

	tg_load(p, 4, 1, TEST_DEV_GPA);
	tg_event(p, XVM_SYSTEM_EVENT_SHUTDOWN);
	ASSERT_EQ(0, run_once(self->vcpu));
	ASSERT_EQ(XVM_EXIT_IO, self->run->exit_reason);
	ASSERT_TRUE(xvm_pop_request(self->run, &req));
	/* immediate_exit is seen only when the guest could run. */
	self->run->immediate_exit = 1;
	ASSERT_EQ(0, run_once(self->vcpu));
	EXPECT_EQ(XVM_EXIT_IO, self->run->exit_reason);
	ASSERT_TRUE(xvm_push_completion(self->run, req.seq, 0x99, 0));
	/* The value is taken, then the exit request stops the vCPU. */
	EXPECT_EQ(-EINTR, run_once(self->vcpu));
	EXPECT_EQ(0x99, get_x(self->vcpu, 4));
	self->run->immediate_exit = 0;
	ASSERT_EQ(0, run_once(self->vcpu));
	EXPECT_EQ(XVM_EXIT_SYSTEM_EVENT, self->run->exit_reason);
}

/* poll() wakes up an I/O thread when a request is posted. */
TEST_F(run, poll_wakes_io_thread)
{
	struct tg_prog *p = &self->prog;
	struct pollfd pfd = { .fd = self->vcpu, .events = POLLIN };
	struct runner r = { .vcpu = self->vcpu };
	struct xvm_io_request req;
	pthread_t t;
	uint64_t spin;

	install_handler();
	tg_mov(p, 1, 0x31);
	tg_store(p, 1, 1, TEST_DEV_GPA);
	spin = tg_spin(p);
	ASSERT_EQ(0, pthread_create(&t, NULL, run_thread, &r));
	EXPECT_EQ(1, poll(&pfd, 1, 10000));
	EXPECT_EQ(POLLIN, pfd.revents);
	/* The vCPU went on: it is spinning, not waiting. */
	ASSERT_TRUE(xvm_pop_request(self->run, &req));
	EXPECT_EQ(0x31, req.data);
	pthread_kill(t, SIGUSR1);
	pthread_join(t, NULL);
	EXPECT_EQ(-EINTR, r.ret);
	EXPECT_EQ(spin, get_pc(self->vcpu));
}

/* A system event on one vCPU reaches each other vCPU once. */
TEST_F(run, system_event_reaches_other_vcpus)
{
	struct tg_prog *p = &self->prog;
	struct runner r;
	struct xvm_run *run1;
	struct xvm_vm_stats st;
	uint64_t spin, off;
	pthread_t t;
	int vcpu1;

	install_handler();
	spin = tg_spin(p);
	off = tg_event(p, XVM_SYSTEM_EVENT_SHUTDOWN);
	vcpu1 = xvm_create_vcpu(self->vm, 1);
	ASSERT_LE(0, vcpu1);
	run1 = xvm_map_run(vcpu1);
	ASSERT_NE(NULL, run1);
	ASSERT_EQ(0, set_pc(vcpu1, spin));
	ASSERT_EQ(0, set_pc(self->vcpu, off));

	r = (struct runner){ .vcpu = vcpu1 };
	ASSERT_EQ(0, pthread_create(&t, NULL, run_thread, &r));
	while (!__atomic_load_n(&r.started, __ATOMIC_ACQUIRE))
		usleep(1000);
	usleep(50000);
	ASSERT_EQ(0, run_once(self->vcpu));
	EXPECT_EQ(XVM_EXIT_SYSTEM_EVENT, self->run->exit_reason);
	pthread_join(t, NULL);
	EXPECT_EQ(0, r.ret);
	EXPECT_EQ(XVM_EXIT_SYSTEM_EVENT, run1->exit_reason);
	EXPECT_EQ(XVM_SYSTEM_EVENT_SHUTDOWN, run1->system_event.type);
	EXPECT_EQ(spin, get_pc(vcpu1));
	ASSERT_EQ(0, xvm_stats(self->vm, &st));
	EXPECT_EQ(XVM_VM_STATE_SHUTDOWN, st.state);
	EXPECT_EQ(2, st.exits[XVM_EXIT_SYSTEM_EVENT]);

	/* Once: the next run of vCPU 1 runs its guest again. */
	r.started = 0;
	ASSERT_EQ(0, pthread_create(&t, NULL, run_thread, &r));
	usleep(50000);
	pthread_kill(t, SIGUSR1);
	pthread_join(t, NULL);
	EXPECT_EQ(-EINTR, r.ret);
	xvm_unmap_run(run1);
	close(vcpu1);
}

struct kicker {
	pthread_t target;
	unsigned int delay_us;
};

static void *kick_thread(void *arg)
{
	struct kicker *k = arg;

	usleep(k->delay_us);
	pthread_kill(k->target, SIGUSR1);
	return NULL;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Another thread's ioctls on a running vCPU wait for XVM_RUN to end. */
TEST_F(run, ioctls_wait_for_run)
{
	struct tg_prog *p = &self->prog;
	struct runner r = { .vcpu = self->vcpu };
	struct kicker k = { .delay_us = 300000 };
	struct xvm_regs regs;
	pthread_t t, kt;
	double t0;

	install_handler();
	tg_mov(p, 9, 99);
	tg_spin(p);
	ASSERT_EQ(0, pthread_create(&t, NULL, run_thread, &r));
	ASSERT_TRUE(wait_running(self->vm));
	k.target = t;
	t0 = now_s();
	ASSERT_EQ(0, pthread_create(&kt, NULL, kick_thread, &k));
	ASSERT_EQ(0, xvm_get_regs(self->vcpu, &regs));
	EXPECT_LE(0.25, now_s() - t0);
	EXPECT_EQ(99, regs.x[9]);
	pthread_join(kt, NULL);
	pthread_join(t, NULL);
	EXPECT_EQ(-EINTR, r.ret);
}

/* A slot deleted while the guest uses it: its accesses become MMIO. */
TEST_F(run, delete_slot_while_running)
{
	struct tg_prog *p = &self->prog;
	struct runner r = { .vcpu = self->vcpu };
	long long pins;
	uint64_t loop;
	void *mem1;
	pthread_t t;

	mem1 = xvm_alloc_mem(SZ_4K);
	ASSERT_NE(NULL, mem1);
	ASSERT_EQ(0, xvm_set_mem(self->vm, 1, 0, 0x80000000ULL, SZ_4K, mem1));
	pins = pins_held();
	loop = tg_load(p, 1, 8, 0x80000000ULL + 0x10);
	tg_bne(p, 0, 1, loop);
	ASSERT_EQ(0, pthread_create(&t, NULL, run_thread, &r));
	while (!__atomic_load_n(&r.started, __ATOMIC_ACQUIRE))
		usleep(1000);
	usleep(50000);
	ASSERT_EQ(0, xvm_set_mem(self->vm, 1, 0, 0, 0, NULL));
	EXPECT_EQ(pins - 1, pins_held());
	pthread_join(t, NULL);
	EXPECT_EQ(0, r.ret);
	EXPECT_EQ(XVM_EXIT_UNCLAIMED_MMIO, self->run->exit_reason);
	EXPECT_EQ(0x80000010ULL, self->run->mmio.phys_addr);
	EXPECT_FALSE(self->run->mmio.is_write);
	munmap(mem1, SZ_4K);
}

/* Closing every fd while a vCPU runs in another thread is safe. */
TEST_F(run, close_while_running)
{
	struct tg_prog *p = &self->prog;
	struct runner r = { .vcpu = self->vcpu };
	long long pins = pins_held();
	pthread_t t;

	install_handler();
	tg_spin(p);
	ASSERT_EQ(0, pthread_create(&t, NULL, run_thread, &r));
	while (!__atomic_load_n(&r.started, __ATOMIC_ACQUIRE))
		usleep(1000);
	usleep(50000);
	close(self->vm);
	self->vm = xvm_new_vm();	/* for the teardown */
	/* The running vCPU keeps its VM and its memory. */
	EXPECT_EQ(pins, pins_held());
	pthread_kill(t, SIGUSR1);
	pthread_join(t, NULL);
	EXPECT_EQ(-EINTR, r.ret);
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * vcpu_test.c - the vCPU file descriptor without a guest running: core
 * registers, the one-register interface, the register list, the bounds
 * of its mapping, poll, and XVM_RUN on a backend that cannot run guests
 * yet.
 */
#include <poll.h>
#include "kselftest_harness.h"
#include "xvm_util.h"

#define SYSREG(op0, op1, crn, crm, op2)	XVM_REG_SYSREG(op0, op1, crn, crm, op2)
#define MIDR_EL1	SYSREG(3, 0, 0, 0, 0)
#define MPIDR_EL1	SYSREG(3, 0, 0, 0, 5)
#define SCTLR_EL1	SYSREG(3, 0, 1, 0, 0)
#define TTBR0_EL1	SYSREG(3, 0, 2, 0, 0)
#define VBAR_EL1	SYSREG(3, 0, 12, 0, 0)
#define FPCR		SYSREG(3, 3, 4, 4, 0)
#define CNTFRQ_EL0	SYSREG(3, 3, 14, 0, 0)

FIXTURE(vcpu) {
	int vm, vcpu;
	long mmap_size;
};

FIXTURE_SETUP(vcpu)
{
	int ret = xvm_require_module(false);

	ASSERT_EQ(0, ret) TH_LOG("loading xvm: %s", strerror(-ret));
	self->vm = xvm_new_vm();
	ASSERT_LE(0, self->vm) TH_LOG("VM: %s", strerror(-self->vm));
	self->vcpu = xvm_create_vcpu(self->vm, 17);
	ASSERT_LE(0, self->vcpu);
	self->mmap_size = xvm_cap(XVM_CAP_VCPU_MMAP_SIZE);
	ASSERT_LT(0, self->mmap_size);
}

FIXTURE_TEARDOWN(vcpu)
{
	close(self->vcpu);
	close(self->vm);
}

TEST_F(vcpu, unknown_ioctl_is_enotty)
{
	EXPECT_EQ(-1, ioctl(self->vcpu, _IO(XVMIO, 0x9f), 0));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(self->vcpu, XVM_CREATE_VCPU, 1));
	EXPECT_EQ(ENOTTY, errno);
}

/* Reset state: EL1h with DAIF masked, everything else 0. */
TEST_F(vcpu, reset_registers)
{
	struct xvm_regs regs;
	int i;

	memset(&regs, 0xff, sizeof(regs));
	ASSERT_EQ(0, xvm_get_regs(self->vcpu, &regs));
	for (i = 0; i < 31; i++)
		EXPECT_EQ(0, regs.x[i]);
	EXPECT_EQ(0, regs.sp_el0);
	EXPECT_EQ(0, regs.sp_el1);
	EXPECT_EQ(0, regs.pc);
	EXPECT_EQ(0x3c5, regs.pstate);
}

TEST_F(vcpu, set_get_registers)
{
	struct xvm_regs in, out;
	int i;

	for (i = 0; i < 31; i++)
		in.x[i] = 0x1111111111111111ULL * (i % 15 + 1) + i;
	in.sp_el0 = 0xffff000012345670ULL;
	in.sp_el1 = 0x0000ffff87654320ULL;
	in.pc = 0x40080000;
	in.pstate = 0xf0000000 | 0x3c0 | 0x4;	/* NZCV, DAIF, EL1t */
	ASSERT_EQ(0, xvm_set_regs(self->vcpu, &in));
	ASSERT_EQ(0, xvm_get_regs(self->vcpu, &out));
	EXPECT_EQ(0, memcmp(&in, &out, sizeof(in)));
	/* EL0t is a valid mode too. */
	in.pstate = 0;
	EXPECT_EQ(0, xvm_set_regs(self->vcpu, &in));
}

TEST_F(vcpu, set_registers_bad_pstate)
{
	static const uint64_t bad[] = {
		0x9,			/* EL2h */
		0xd,			/* EL3h */
		0x1,			/* EL0 with SP_ELx: no such mode */
		0x10 | 0x5,		/* AArch32 */
		0x3c5 | (1ULL << 22),	/* PAN: not in ARMv8.0 */
		0x3c5 | (1ULL << 32),	/* reserved */
		0x3c5 | (1ULL << 63),
	};
	struct xvm_regs regs, now;
	unsigned int i;

	ASSERT_EQ(0, xvm_get_regs(self->vcpu, &regs));
	regs.x[0] = 42;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		regs.pstate = bad[i];
		EXPECT_EQ(-EINVAL, xvm_set_regs(self->vcpu, &regs))
			TH_LOG("pstate %#llx", (unsigned long long)bad[i]);
	}
	/* Nothing was taken. */
	ASSERT_EQ(0, xvm_get_regs(self->vcpu, &now));
	EXPECT_EQ(0, now.x[0]);
	EXPECT_EQ(0x3c5, now.pstate);
	EXPECT_EQ(-EFAULT, xvm_ioctl(self->vcpu, XVM_SET_REGS, (void *)8));
	EXPECT_EQ(-EFAULT, xvm_ioctl(self->vcpu, XVM_GET_REGS, (void *)8));
}

TEST_F(vcpu, one_reg_sysregs)
{
	uint64_t v = 0;

	EXPECT_EQ(0, xvm_get_reg(self->vcpu, MIDR_EL1, &v));
	EXPECT_EQ(0x411fd070, v);	/* Cortex-A57 */
	/* vCPU 17: Aff0 1, Aff1 1; bit 31 is RES1. */
	EXPECT_EQ(0, xvm_get_reg(self->vcpu, MPIDR_EL1, &v));
	EXPECT_EQ(0x80000101, v);
	EXPECT_EQ(0, xvm_get_reg(self->vcpu, SCTLR_EL1, &v));
	EXPECT_EQ(0x30d00800, v);
	EXPECT_EQ(0, xvm_get_reg(self->vcpu, CNTFRQ_EL0, &v));
	EXPECT_EQ(62500000, v);

	v = 0x40001000;
	EXPECT_EQ(0, xvm_set_reg(self->vcpu, TTBR0_EL1, &v));
	v = 0x40002000;
	EXPECT_EQ(0, xvm_set_reg(self->vcpu, VBAR_EL1, &v));
	EXPECT_EQ(0, xvm_get_reg(self->vcpu, TTBR0_EL1, &v));
	EXPECT_EQ(0x40001000, v);
	EXPECT_EQ(0, xvm_get_reg(self->vcpu, VBAR_EL1, &v));
	EXPECT_EQ(0x40002000, v);

	/* MIDR_EL1 is fixed: its own value only. */
	v = 0x410fd034;
	EXPECT_EQ(-EINVAL, xvm_set_reg(self->vcpu, MIDR_EL1, &v));
	v = 0x411fd070;
	EXPECT_EQ(0, xvm_set_reg(self->vcpu, MIDR_EL1, &v));
	/* MPIDR_EL1: RES1 and RES0 bits are checked. */
	v = 0x80000003;
	EXPECT_EQ(0, xvm_set_reg(self->vcpu, MPIDR_EL1, &v));
	v = 0x3;
	EXPECT_EQ(-EINVAL, xvm_set_reg(self->vcpu, MPIDR_EL1, &v));
	v = 0x80000003 | (1ULL << 45);
	EXPECT_EQ(-EINVAL, xvm_set_reg(self->vcpu, MPIDR_EL1, &v));
	EXPECT_EQ(0, xvm_get_reg(self->vcpu, MPIDR_EL1, &v));
	EXPECT_EQ(0x80000003, v);
	/* 32-bit registers. */
	v = 1ULL << 32;
	EXPECT_EQ(-EINVAL, xvm_set_reg(self->vcpu, FPCR, &v));
	v = 0x03000000;
	EXPECT_EQ(0, xvm_set_reg(self->vcpu, FPCR, &v));
}

TEST_F(vcpu, one_reg_vregs)
{
	uint64_t in[2] = { 0x0123456789abcdefULL, 0xfedcba9876543210ULL };
	uint64_t out[2] = { 0, 0 };

	EXPECT_EQ(0, xvm_set_reg(self->vcpu, XVM_REG_FPSIMD_V(31), in));
	EXPECT_EQ(0, xvm_get_reg(self->vcpu, XVM_REG_FPSIMD_V(31), out));
	EXPECT_EQ(in[0], out[0]);
	EXPECT_EQ(in[1], out[1]);
	EXPECT_EQ(0, xvm_get_reg(self->vcpu, XVM_REG_FPSIMD_V(0), out));
	EXPECT_EQ(0, out[0]);
	EXPECT_EQ(0, out[1]);
}

TEST_F(vcpu, one_reg_bad_ids)
{
	uint64_t v[2] = { 0, 0 };
	uint64_t fpsimd_v32 = XVM_REG_ARM64 | XVM_REG_SIZE_U128 |
			      XVM_REG_ARM64_FPSIMD | 32;

	/* Well-formed, but no such register: ENOENT. */
	EXPECT_EQ(-ENOENT, xvm_get_reg(self->vcpu, SYSREG(3, 0, 15, 15, 7), v));
	EXPECT_EQ(-ENOENT, xvm_set_reg(self->vcpu, SYSREG(3, 4, 1, 1, 0), v));
	EXPECT_EQ(-ENOENT, xvm_get_reg(self->vcpu, fpsimd_v32, v));
	EXPECT_EQ(-ENOENT, xvm_get_reg(self->vcpu, XVM_REG_ARM64 |
				       XVM_REG_SIZE_U64 | (0x0010ULL << 16), v));
	/* Malformed: EINVAL. */
	EXPECT_EQ(-EINVAL, xvm_get_reg(self->vcpu, 0, v));
	EXPECT_EQ(-EINVAL, xvm_get_reg(self->vcpu, (MIDR_EL1 &
			    ~XVM_REG_ARCH_MASK) | 0x4000000000000000ULL, v));
	EXPECT_EQ(-EINVAL, xvm_get_reg(self->vcpu, (MIDR_EL1 &
			    ~XVM_REG_SIZE_MASK) | XVM_REG_SIZE_U128, v));
	EXPECT_EQ(-EINVAL, xvm_get_reg(self->vcpu, (XVM_REG_FPSIMD_V(0) &
			    ~XVM_REG_SIZE_MASK) | XVM_REG_SIZE_U64, v));
	EXPECT_EQ(-EINVAL, xvm_get_reg(self->vcpu, MIDR_EL1 | (1ULL << 40),
				       v));
	EXPECT_EQ(-EINVAL, xvm_set_reg(self->vcpu, MIDR_EL1 | (1ULL << 32),
				       v));
	/* Bad value pointers. */
	EXPECT_EQ(-EFAULT, xvm_get_reg(self->vcpu, TTBR0_EL1, (void *)8));
	EXPECT_EQ(-EFAULT, xvm_set_reg(self->vcpu, TTBR0_EL1, (void *)8));
	EXPECT_EQ(-EFAULT, xvm_ioctl(self->vcpu, XVM_GET_ONE_REG, (void *)8));
}

TEST_F(vcpu, reg_list)
{
	struct xvm_reg_list head = { .n = 0 };
	struct xvm_reg_list *list;
	uint64_t v[2], n, i;
	int vregs = 0;

	/* Too small: E2BIG, and n says how many there are. */
	EXPECT_EQ(-E2BIG, xvm_ioctl(self->vcpu, XVM_GET_REG_LIST, &head));
	n = head.n;
	ASSERT_LT(32, n);
	list = calloc(1, sizeof(*list) + n * sizeof(uint64_t));
	ASSERT_NE(NULL, list);
	list->n = n - 1;
	EXPECT_EQ(-E2BIG, xvm_ioctl(self->vcpu, XVM_GET_REG_LIST, list));
	list->n = n;
	ASSERT_EQ(0, xvm_ioctl(self->vcpu, XVM_GET_REG_LIST, list));
	EXPECT_EQ(n, list->n);
	/* Every listed register can be read and written back as it is. */
	for (i = 0; i < n; i++) {
		EXPECT_EQ(0, xvm_get_reg(self->vcpu, list->reg[i], v))
			TH_LOG("reg %#llx", (unsigned long long)list->reg[i]);
		EXPECT_EQ(0, xvm_set_reg(self->vcpu, list->reg[i], v))
			TH_LOG("reg %#llx", (unsigned long long)list->reg[i]);
		if ((list->reg[i] & XVM_REG_GROUP_MASK) == XVM_REG_ARM64_FPSIMD)
			vregs++;
	}
	EXPECT_EQ(32, vregs);
	free(list);
	EXPECT_EQ(-EFAULT, xvm_ioctl(self->vcpu, XVM_GET_REG_LIST, (void *)8));
}

TEST_F(vcpu, mmap_run_area)
{
	struct xvm_run *run;
	char *p;

	run = mmap(NULL, self->mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		   self->vcpu, 0);
	ASSERT_NE(MAP_FAILED, run);
	EXPECT_EQ(256, run->ring_entries);
	EXPECT_EQ(getpagesize(), run->req_offset);
	EXPECT_EQ(run->req_offset + 256 * sizeof(struct xvm_io_request),
		  run->cpl_offset);
	EXPECT_EQ(self->mmap_size, run->cpl_offset +
		  256 * sizeof(struct xvm_io_completion));
	EXPECT_EQ(0, run->req.head);
	EXPECT_EQ(0, run->req.tail);
	EXPECT_EQ(0, run->cpl.head);
	/* Two mappings are the same memory. */
	p = mmap(NULL, self->mmap_size, PROT_READ, MAP_SHARED, self->vcpu, 0);
	ASSERT_NE(MAP_FAILED, p);
	run->immediate_exit = 7;
	EXPECT_EQ(7, ((struct xvm_run *)p)->immediate_exit);
	munmap(p, self->mmap_size);
	/* Part of it, at an offset. */
	p = mmap(NULL, getpagesize(), PROT_READ | PROT_WRITE, MAP_SHARED,
		 self->vcpu, run->req_offset);
	ASSERT_NE(MAP_FAILED, p);
	munmap(p, getpagesize());
	/* The mapping cannot grow. */
	EXPECT_EQ(MAP_FAILED, mremap(run, self->mmap_size,
				     self->mmap_size + getpagesize(), 0));
	munmap(run, self->mmap_size);
}

TEST_F(vcpu, mmap_bounds)
{
	long page = getpagesize(), size = self->mmap_size;

	/* Private mappings would be copies the kernel never sees. */
	EXPECT_EQ(MAP_FAILED, mmap(NULL, size, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE, self->vcpu, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(MAP_FAILED, mmap(NULL, size, PROT_READ, MAP_PRIVATE,
				   self->vcpu, 0));
	EXPECT_EQ(EINVAL, errno);
	/* Too large, or past the end. */
	EXPECT_EQ(MAP_FAILED, mmap(NULL, size + page, PROT_READ, MAP_SHARED,
				   self->vcpu, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(MAP_FAILED, mmap(NULL, 2 * page, PROT_READ, MAP_SHARED,
				   self->vcpu, size - page));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(MAP_FAILED, mmap(NULL, page, PROT_READ, MAP_SHARED,
				   self->vcpu, size));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(MAP_FAILED, mmap(NULL, page, PROT_READ, MAP_SHARED,
				   self->vcpu, 1L << 40));
	EXPECT_EQ(EINVAL, errno);
}

/* The VM fd and /dev/xvm have nothing to map. */
TEST_F(vcpu, mmap_other_fds)
{
	int sys = xvm_open_dev();

	ASSERT_LE(0, sys);
	EXPECT_EQ(MAP_FAILED, mmap(NULL, getpagesize(), PROT_READ, MAP_SHARED,
				   self->vm, 0));
	EXPECT_EQ(ENODEV, errno);
	EXPECT_EQ(MAP_FAILED, mmap(NULL, getpagesize(), PROT_READ, MAP_SHARED,
				   sys, 0));
	EXPECT_EQ(ENODEV, errno);
	close(sys);
}

/*
 * XVM_RUN with no memory: the first fetch finds nothing, a guest crash
 * reported as an internal error with the PC, and the VM is crashed.
 */
TEST_F(vcpu, run_without_memory_is_a_guest_crash)
{
	struct xvm_vm_stats st;
	struct xvm_regs regs;
	struct xvm_run *run = xvm_map_run(self->vcpu);

	ASSERT_NE(NULL, run);
	EXPECT_EQ(-1, ioctl(self->vcpu, XVM_RUN, 1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, xvm_run(self->vcpu));
	EXPECT_EQ(XVM_EXIT_INTERNAL_ERROR, run->exit_reason);
	EXPECT_EQ(XVM_INTERNAL_ERROR_EMULATION, run->internal.suberror);
	EXPECT_EQ(0, run->internal.data[0]);
	ASSERT_EQ(0, xvm_get_regs(self->vcpu, &regs));
	EXPECT_EQ(0, regs.pc);
	ASSERT_EQ(0, xvm_stats(self->vm, &st));
	EXPECT_EQ(XVM_VM_STATE_CRASHED, st.state);
	xvm_unmap_run(run);
}

TEST_F(vcpu, poll_without_requests)
{
	struct pollfd p = { .fd = self->vcpu, .events = POLLIN };

	EXPECT_EQ(0, poll(&p, 1, 0));
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * vm_test.c - XVM_CREATE_VM and the VM file descriptor: capabilities,
 * backend choice, memory slots, vCPU creation, SPIs, I/O ranges and
 * statistics, each on its happy path and with every bad input.
 *
 * Run as root where xvm.ko matches the running kernel (the rigs do this).
 */
#include <pthread.h>
#include <sys/resource.h>
#include "kselftest_harness.h"
#include "xvm_util.h"

#define SZ_4K	0x1000ULL
#define SZ_64K	0x10000ULL
#define SZ_1M	0x100000ULL

/* ---- the system fd ---------------------------------------------------- */

FIXTURE(sys) {
	int fd;
	char max_mem[32];
};

FIXTURE_SETUP(sys)
{
	int ret = xvm_require_module(false);

	ASSERT_EQ(0, ret) TH_LOG("loading xvm: %s", strerror(-ret));
	xvm_param_read("max_guest_mem_mb", self->max_mem,
		       sizeof(self->max_mem));
	self->fd = xvm_open_dev();
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(sys)
{
	if (self->max_mem[0])
		xvm_param_write("max_guest_mem_mb", self->max_mem);
	close(self->fd);
}

TEST_F(sys, capabilities)
{
	char param[8];
	long mmap_size = ioctl(self->fd, XVM_CHECK_EXTENSION,
			       XVM_CAP_VCPU_MMAP_SIZE);
	long ring = ioctl(self->fd, XVM_CHECK_EXTENSION, XVM_CAP_RING_ENTRIES);

	EXPECT_EQ(64, ioctl(self->fd, XVM_CHECK_EXTENSION, XVM_CAP_MAX_VCPUS));
	EXPECT_EQ(32, ioctl(self->fd, XVM_CHECK_EXTENSION,
			    XVM_CAP_MAX_MEM_SLOTS));
	EXPECT_LT(0, ioctl(self->fd, XVM_CHECK_EXTENSION,
			   XVM_CAP_MAX_MEMORY_MB));
	EXPECT_EQ(256, ring);
	EXPECT_EQ(0, ring & (ring - 1));
	EXPECT_EQ(XVM_GIC_V2, ioctl(self->fd, XVM_CHECK_EXTENSION,
				    XVM_CAP_GIC_VERSIONS));
	EXPECT_EQ(256, ioctl(self->fd, XVM_CHECK_EXTENSION, XVM_CAP_NR_SPIS));
	EXPECT_EQ(64, ioctl(self->fd, XVM_CHECK_EXTENSION,
			    XVM_CAP_MAX_IO_RANGES));
	EXPECT_EQ(40, ioctl(self->fd, XVM_CHECK_EXTENSION, XVM_CAP_IPA_BITS));
	xvm_param_read("selftest_backend", param, sizeof(param));
	EXPECT_EQ(param[0] == 'Y' ? 0 : 1,
		  ioctl(self->fd, XVM_CHECK_EXTENSION, XVM_CAP_RUNS_A64));
	/* The run page and both rings, whole pages. */
	EXPECT_EQ(0, mmap_size % getpagesize());
	EXPECT_LE((long)(getpagesize() + ring * (sizeof(struct xvm_io_request) +
				sizeof(struct xvm_io_completion))), mmap_size);
}

/* XVM_CAP_MAX_MEMORY_MB follows the max_guest_mem_mb parameter. */
TEST_F(sys, max_memory_follows_parameter)
{
	EXPECT_EQ(16384, atoi(self->max_mem));
	ASSERT_EQ(0, xvm_param_write("max_guest_mem_mb", "123"));
	EXPECT_EQ(123, ioctl(self->fd, XVM_CHECK_EXTENSION,
			     XVM_CAP_MAX_MEMORY_MB));
	/* 0 would read as "unknown capability": refused. */
	EXPECT_EQ(-EINVAL, xvm_param_write("max_guest_mem_mb", "0"));
	EXPECT_EQ(-EINVAL, xvm_param_write("max_guest_mem_mb", "lots"));
	EXPECT_EQ(123, ioctl(self->fd, XVM_CHECK_EXTENSION,
			     XVM_CAP_MAX_MEMORY_MB));
}

TEST_F(sys, create_vm_auto)
{
	int mask = ioctl(self->fd, XVM_CHECK_EXTENSION, XVM_CAP_BACKENDS);
	struct xvm_vm_stats st;
	int vm;

	if (!mask) {
		EXPECT_TRUE(xvm_create_vm(self->fd, 0) == -ENODEV ||
			    xvm_create_vm(self->fd, 0) == -EBUSY);
		SKIP(return, "no usable backend on this host");
	}
	vm = xvm_create_vm(self->fd, XVM_VM_BACKEND_AUTO);
	ASSERT_LE(0, vm) TH_LOG("XVM_CREATE_VM: %s", strerror(-vm));
	/* The VM fd is close-on-exec, like every fd xvm makes. */
	EXPECT_EQ(FD_CLOEXEC, fcntl(vm, F_GETFD) & FD_CLOEXEC);
	ASSERT_EQ(0, xvm_stats(vm, &st));
	/* Auto prefers VMX, then SVM. */
	EXPECT_EQ(mask & XVM_BACKEND_VMX ? XVM_BACKEND_VMX : XVM_BACKEND_SVM,
		  st.backend);
	EXPECT_NE(0, st.id);
	EXPECT_EQ(XVM_VM_STATE_CREATED, st.state);
	EXPECT_EQ(0, st.nr_vcpus);
	EXPECT_EQ(0, st.mem_bytes);
	close(vm);
}

/* Each backend by name: usable ones give a VM, the others an errno. */
TEST_F(sys, create_vm_by_backend)
{
	static const struct { unsigned long flag; long cap; } b[] = {
		{ XVM_BACKEND_VMX, XVM_CAP_VMX },
		{ XVM_BACKEND_SVM, XVM_CAP_SVM },
	};
	struct xvm_vm_stats st;
	unsigned int i;
	int status, vm;

	for (i = 0; i < 2; i++) {
		status = ioctl(self->fd, XVM_CHECK_EXTENSION, b[i].cap);
		vm = xvm_create_vm(self->fd, b[i].flag);
		if (status == XVM_HW_USABLE) {
			ASSERT_LE(0, vm);
			ASSERT_EQ(0, xvm_stats(vm, &st));
			EXPECT_EQ(b[i].flag, st.backend);
			close(vm);
		} else if (status == XVM_HW_IN_USE) {
			EXPECT_EQ(-EBUSY, vm);
		} else {
			EXPECT_EQ(-ENODEV, vm);
		}
	}
}

TEST_F(sys, create_vm_bad_flags)
{
	EXPECT_EQ(-EINVAL, xvm_create_vm(self->fd,
					 XVM_BACKEND_VMX | XVM_BACKEND_SVM));
	EXPECT_EQ(-EINVAL, xvm_create_vm(self->fd, 1UL << 2));
	EXPECT_EQ(-EINVAL, xvm_create_vm(self->fd, 1UL << 31));
	EXPECT_EQ(-EINVAL, xvm_create_vm(self->fd, -1UL));
}

/* Ids are unique and grow; many VMs live at once in one process. */
TEST_F(sys, many_vms)
{
	struct xvm_vm_stats st;
	int vm[32], i;
	uint32_t last = 0;

	for (i = 0; i < 32; i++) {
		vm[i] = xvm_create_vm(self->fd, 0);
		ASSERT_LE(0, vm[i]) TH_LOG("VM %d: %s", i, strerror(-vm[i]));
		ASSERT_EQ(0, xvm_stats(vm[i], &st));
		EXPECT_LT(last, st.id);
		last = st.id;
		ASSERT_LE(0, xvm_create_vcpu(vm[i], 0));
	}
	for (i = 0; i < 32; i++)
		close(vm[i]);
}

/*
 * The shipped udev rule (copied next to the tests) matches the device the
 * module registers and gives it mode 0660, group xvm. The rigs run no
 * udev, so the rule is checked against sysfs, key by key.
 */
TEST(udev_rule_matches_device)
{
	char line[512], link[256], *p;
	bool kernel = false, subsystem = false, group = false, mode = false;
	ssize_t n;
	FILE *f;

	ASSERT_EQ(0, xvm_require_module(false));
	f = fopen("99-xvm.rules", "r");
	if (!f)
		SKIP(return, "99-xvm.rules is not next to the tests");
	n = readlink("/sys/class/misc/xvm/subsystem", link, sizeof(link) - 1);
	ASSERT_LT(0, n);
	link[n] = 0;
	p = strrchr(link, '/');
	ASSERT_NE(NULL, p);
	ASSERT_STREQ("misc", p + 1);
	ASSERT_EQ(0, access("/sys/class/misc/xvm/dev", R_OK));
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || !strstr(line, "KERNEL"))
			continue;
		kernel = strstr(line, "KERNEL==\"xvm\"");
		subsystem = strstr(line, "SUBSYSTEM==\"misc\"");
		group = strstr(line, "GROUP=\"xvm\"");
		mode = strstr(line, "MODE=\"0660\"");
	}
	fclose(f);
	EXPECT_TRUE(kernel);
	EXPECT_TRUE(subsystem);
	EXPECT_TRUE(group);
	EXPECT_TRUE(mode);
}

/* ---- the VM fd -------------------------------------------------------- */

FIXTURE(vm) {
	int vm;
	void *mem;
	size_t mem_size;
	char max_mem[32];
};

FIXTURE_SETUP(vm)
{
	int ret = xvm_require_module(false);

	ASSERT_EQ(0, ret) TH_LOG("loading xvm: %s", strerror(-ret));
	xvm_param_read("max_guest_mem_mb", self->max_mem,
		       sizeof(self->max_mem));
	ASSERT_NE(0, self->max_mem[0]);
	self->vm = xvm_new_vm();
	ASSERT_LE(0, self->vm) TH_LOG("VM: %s", strerror(-self->vm));
	self->mem_size = 4 * SZ_1M;
	self->mem = xvm_alloc_mem(self->mem_size);
	ASSERT_NE(NULL, self->mem);
}

FIXTURE_TEARDOWN(vm)
{
	xvm_param_write("max_guest_mem_mb", self->max_mem);
	if (self->vm >= 0)
		close(self->vm);
	munmap(self->mem, self->mem_size);
}

TEST_F(vm, unknown_ioctl_is_enotty)
{
	EXPECT_EQ(-1, ioctl(self->vm, _IO(XVMIO, 0x5f), 0));
	EXPECT_EQ(ENOTTY, errno);
	/* System and vCPU ioctls mean nothing here. */
	EXPECT_EQ(-1, ioctl(self->vm, XVM_CREATE_VM, 0));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(self->vm, XVM_RUN, 0));
	EXPECT_EQ(ENOTTY, errno);
}

TEST_F(vm, create_vcpu)
{
	struct xvm_vm_stats st;
	int a, b;

	a = xvm_create_vcpu(self->vm, 0);
	ASSERT_LE(0, a);
	EXPECT_EQ(FD_CLOEXEC, fcntl(a, F_GETFD) & FD_CLOEXEC);
	b = xvm_create_vcpu(self->vm, 63);
	ASSERT_LE(0, b);
	EXPECT_EQ(-EEXIST, xvm_create_vcpu(self->vm, 0));
	EXPECT_EQ(-EEXIST, xvm_create_vcpu(self->vm, 63));
	EXPECT_EQ(-EINVAL, xvm_create_vcpu(self->vm, 64));
	EXPECT_EQ(-EINVAL, xvm_create_vcpu(self->vm, 1UL << 32));
	EXPECT_EQ(-EINVAL, xvm_create_vcpu(self->vm, -1UL));
	ASSERT_EQ(0, xvm_stats(self->vm, &st));
	EXPECT_EQ(2, st.nr_vcpus);
	/* A vCPU's id stays taken after its fd is closed (as in KVM). */
	close(a);
	EXPECT_EQ(-EEXIST, xvm_create_vcpu(self->vm, 0));
	close(b);
}

TEST_F(vm, all_vcpus)
{
	struct xvm_vm_stats st;
	int fds[64], i;

	for (i = 0; i < 64; i++) {
		fds[i] = xvm_create_vcpu(self->vm, i);
		ASSERT_LE(0, fds[i]) TH_LOG("vCPU %d: %s", i, strerror(-fds[i]));
	}
	ASSERT_EQ(0, xvm_stats(self->vm, &st));
	EXPECT_EQ(64, st.nr_vcpus);
	for (i = 0; i < 64; i++)
		close(fds[i]);
}

TEST_F(vm, memory_slot_add_delete)
{
	long long pins = pins_held();
	struct xvm_vm_stats st;

	ASSERT_EQ(0, xvm_set_mem(self->vm, 0, 0, TEST_RAM_GPA, SZ_1M,
				 self->mem));
	ASSERT_EQ(0, xvm_set_mem(self->vm, 31, 0, TEST_RAM_GPA + SZ_1M,
				 SZ_64K, (char *)self->mem + SZ_1M));
	ASSERT_EQ(0, xvm_stats(self->vm, &st));
	EXPECT_EQ(SZ_1M + SZ_64K, st.mem_bytes);
	EXPECT_EQ(pins + (long long)((SZ_1M + SZ_64K) / SZ_4K), pins_held());

	/* Size 0 deletes; deleting what is not there is ENOENT. */
	EXPECT_EQ(0, xvm_set_mem(self->vm, 0, 0, 0, 0, NULL));
	EXPECT_EQ(-ENOENT, xvm_set_mem(self->vm, 0, 0, 0, 0, NULL));
	EXPECT_EQ(-ENOENT, xvm_set_mem(self->vm, 5, 0, 0, 0, NULL));
	ASSERT_EQ(0, xvm_stats(self->vm, &st));
	EXPECT_EQ(SZ_64K, st.mem_bytes);
	/* The slot and its range are free again. */
	EXPECT_EQ(0, xvm_set_mem(self->vm, 0, 0, TEST_RAM_GPA, SZ_1M,
				 self->mem));
	close(self->vm);
	self->vm = -1;
	EXPECT_EQ(pins, pins_held());
}

TEST_F(vm, memory_slot_bad_arguments)
{
	char *m = self->mem;

	/* Slot number, flags. */
	EXPECT_EQ(-EINVAL, xvm_set_mem(self->vm, 32, 0, TEST_RAM_GPA, SZ_4K, m));
	EXPECT_EQ(-EINVAL, xvm_set_mem(self->vm, -1U, 0, TEST_RAM_GPA, SZ_4K, m));
	EXPECT_EQ(-EINVAL, xvm_set_mem(self->vm, 0, 2, TEST_RAM_GPA, SZ_4K, m));
	EXPECT_EQ(-EINVAL, xvm_set_mem(self->vm, 0, 1U << 31, TEST_RAM_GPA,
				       SZ_4K, m));
	/* Alignment of address, size and user address. */
	EXPECT_EQ(-EINVAL, xvm_set_mem(self->vm, 0, 0, TEST_RAM_GPA + 8, SZ_4K,
				       m));
	EXPECT_EQ(-EINVAL, xvm_set_mem(self->vm, 0, 0, TEST_RAM_GPA, 100, m));
	EXPECT_EQ(-EINVAL, xvm_set_mem(self->vm, 0, 0, TEST_RAM_GPA,
				       SZ_4K + 1, m));
	EXPECT_EQ(-EINVAL, xvm_set_mem(self->vm, 0, 0, TEST_RAM_GPA, SZ_4K,
				       m + 16));
	/* Guest-physical wrap-around and the 40-bit limit. */
	EXPECT_EQ(-EINVAL, xvm_set_mem(self->vm, 0, 0, -SZ_4K, 2 * SZ_4K, m));
	EXPECT_EQ(-EINVAL, xvm_set_mem(self->vm, 0, 0, (1ULL << 40) - SZ_4K,
				       2 * SZ_4K, m));
	EXPECT_EQ(-EINVAL, xvm_set_mem(self->vm, 0, 0, 1ULL << 40, SZ_4K, m));
	EXPECT_EQ(-EINVAL, xvm_set_mem(self->vm, 0, 0, TEST_RAM_GPA,
				       -SZ_4K, m));
	/* User address wrap-around, and a kernel address. */
	EXPECT_EQ(-EINVAL, xvm_set_mem(self->vm, 0, 0, TEST_RAM_GPA, 2 * SZ_4K,
				       (void *)-SZ_4K));
	EXPECT_EQ(-EFAULT, xvm_set_mem(self->vm, 0, 0, TEST_RAM_GPA, SZ_4K,
				       (void *)0xffff888000000000ULL));
	/* A bad pointer to the argument. */
	EXPECT_EQ(-1, ioctl(self->vm, XVM_SET_MEMORY_REGION, (void *)8));
	EXPECT_EQ(EFAULT, errno);
}

TEST_F(vm, memory_slot_overlaps)
{
	char *m = self->mem;

	ASSERT_EQ(0, xvm_set_mem(self->vm, 0, 0, TEST_RAM_GPA, SZ_1M, m));
	/* Same slot again, in use. */
	EXPECT_EQ(-EBUSY, xvm_set_mem(self->vm, 0, 0, TEST_RAM_GPA + 2 * SZ_1M,
				      SZ_4K, m));
	/* Any overlap with another slot. */
	EXPECT_EQ(-EEXIST, xvm_set_mem(self->vm, 1, 0, TEST_RAM_GPA, SZ_4K, m));
	EXPECT_EQ(-EEXIST, xvm_set_mem(self->vm, 1, 0, TEST_RAM_GPA - SZ_4K,
				       2 * SZ_4K, m));
	EXPECT_EQ(-EEXIST, xvm_set_mem(self->vm, 1, 0,
				       TEST_RAM_GPA + SZ_1M - SZ_4K, 2 * SZ_4K,
				       m));
	EXPECT_EQ(-EEXIST, xvm_set_mem(self->vm, 1, 0, TEST_RAM_GPA - SZ_4K,
				       SZ_1M + 2 * SZ_4K, m));
	/* Touching is fine. */
	EXPECT_EQ(0, xvm_set_mem(self->vm, 1, 0, TEST_RAM_GPA + SZ_1M, SZ_4K,
				 m + SZ_1M));
	EXPECT_EQ(0, xvm_set_mem(self->vm, 2, 0, TEST_RAM_GPA - SZ_4K, SZ_4K,
				 m + 2 * SZ_1M));
	/* Overlap with an I/O range. */
	ASSERT_EQ(0, xvm_io_range(self->vm, true, TEST_DEV_GPA, SZ_4K, 1));
	EXPECT_EQ(-EEXIST, xvm_set_mem(self->vm, 3, 0, TEST_DEV_GPA, SZ_4K,
				       m + 3 * SZ_1M));
}

TEST_F(vm, memory_slot_unmapped_user_memory)
{
	long long pins = pins_held();
	char *m = self->mem;

	/* A hole in the middle: nothing stays pinned. */
	ASSERT_EQ(0, munmap(m + 8 * SZ_4K, SZ_4K));
	EXPECT_EQ(-EFAULT, xvm_set_mem(self->vm, 0, 0, TEST_RAM_GPA,
				       16 * SZ_4K, m));
	EXPECT_EQ(pins, pins_held());
	/* Nothing mapped at all. */
	EXPECT_EQ(-EFAULT, xvm_set_mem(self->vm, 0, 0, TEST_RAM_GPA, SZ_4K,
				       m + 8 * SZ_4K));
	EXPECT_EQ(pins, pins_held());
}

TEST_F(vm, memory_slot_read_only_user_memory)
{
	long long pins = pins_held();
	char *m = self->mem;
	struct xvm_vm_stats st;

	memset(m, 1, 16 * SZ_4K);
	ASSERT_EQ(0, mprotect(m, 16 * SZ_4K, PROT_READ));
	/* The guest would write it: refused, nothing left pinned. */
	EXPECT_EQ(-EFAULT, xvm_set_mem(self->vm, 0, 0, TEST_RAM_GPA,
				       16 * SZ_4K, m));
	EXPECT_EQ(pins, pins_held());
	/* As guest ROM it is fine. */
	EXPECT_EQ(0, xvm_set_mem(self->vm, 0, XVM_MEM_READONLY, TEST_RAM_GPA,
				 16 * SZ_4K, m));
	ASSERT_EQ(0, xvm_stats(self->vm, &st));
	EXPECT_EQ(16 * SZ_4K, st.mem_bytes);
	EXPECT_EQ(0, xvm_set_mem(self->vm, 0, 0, 0, 0, NULL));
	EXPECT_EQ(pins, pins_held());
	/* PROT_NONE cannot be pinned at all. */
	ASSERT_EQ(0, mprotect(m, 16 * SZ_4K, PROT_NONE));
	EXPECT_EQ(-EFAULT, xvm_set_mem(self->vm, 0, XVM_MEM_READONLY,
				       TEST_RAM_GPA, 16 * SZ_4K, m));
	EXPECT_EQ(pins, pins_held());
}

/* max_guest_mem_mb bounds one VM's RAM, counted over all its slots. */
TEST_F(vm, memory_limit)
{
	char *m = self->mem;
	long long pins = pins_held();

	ASSERT_EQ(0, xvm_param_write("max_guest_mem_mb", "2"));
	EXPECT_EQ(-E2BIG, xvm_set_mem(self->vm, 0, 0, TEST_RAM_GPA,
				      2 * SZ_1M + SZ_4K, m));
	EXPECT_EQ(0, xvm_set_mem(self->vm, 0, 0, TEST_RAM_GPA, SZ_1M, m));
	EXPECT_EQ(0, xvm_set_mem(self->vm, 1, 0, TEST_RAM_GPA + SZ_1M, SZ_1M,
				 m + SZ_1M));
	EXPECT_EQ(-E2BIG, xvm_set_mem(self->vm, 2, 0, TEST_RAM_GPA + 2 * SZ_1M,
				      SZ_4K, m + 2 * SZ_1M));
	EXPECT_EQ(pins + (long long)(2 * SZ_1M / SZ_4K), pins_held());
	/* Lowering the limit below what the VM has keeps its slots. */
	ASSERT_EQ(0, xvm_param_write("max_guest_mem_mb", "1"));
	EXPECT_EQ(-E2BIG, xvm_set_mem(self->vm, 2, 0, TEST_RAM_GPA + 2 * SZ_1M,
				      SZ_4K, m + 2 * SZ_1M));
	EXPECT_EQ(pins + (long long)(2 * SZ_1M / SZ_4K), pins_held());
	EXPECT_EQ(0, xvm_param_write("max_guest_mem_mb", "2"));
	/* Room again once a slot goes. */
	EXPECT_EQ(0, xvm_set_mem(self->vm, 1, 0, 0, 0, NULL));
	EXPECT_EQ(0, xvm_set_mem(self->vm, 2, 0, TEST_RAM_GPA + 2 * SZ_1M,
				 SZ_4K, m + 2 * SZ_1M));
}

/* Slots over shared memory (memfd) work as over anonymous memory. */
TEST_F(vm, memory_slot_shmem)
{
	long long pins = pins_held();
	int fd = memfd_create("xvm-guest-ram", MFD_CLOEXEC);
	void *m;

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ftruncate(fd, SZ_1M));
	m = mmap(NULL, SZ_1M, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ASSERT_NE(MAP_FAILED, m);
	EXPECT_EQ(0, xvm_set_mem(self->vm, 0, 0, TEST_RAM_GPA, SZ_1M, m));
	EXPECT_EQ(pins + (long long)(SZ_1M / SZ_4K), pins_held());
	/* The pins outlive the user's mapping and fd, until the slot goes. */
	munmap(m, SZ_1M);
	close(fd);
	EXPECT_EQ(pins + (long long)(SZ_1M / SZ_4K), pins_held());
	EXPECT_EQ(0, xvm_set_mem(self->vm, 0, 0, 0, 0, NULL));
	EXPECT_EQ(pins, pins_held());
}

TEST_F(vm, irq_line)
{
	struct xvm_irq_line line = { .spi = 1, .level = 1 };
	struct xvm_spi_state st = { .spi = 1 };

	ASSERT_EQ(0, xvm_ioctl(self->vm, XVM_GET_SPI_STATE, &st));
	EXPECT_EQ(0, st.state);
	ASSERT_EQ(0, xvm_ioctl(self->vm, XVM_IRQ_LINE, &line));
	ASSERT_EQ(0, xvm_ioctl(self->vm, XVM_GET_SPI_STATE, &st));
	EXPECT_EQ(XVM_SPI_LEVEL | XVM_SPI_PENDING, st.state);
	/* Raising it again changes nothing; other SPIs stay low. */
	ASSERT_EQ(0, xvm_ioctl(self->vm, XVM_IRQ_LINE, &line));
	st.spi = 2;
	ASSERT_EQ(0, xvm_ioctl(self->vm, XVM_GET_SPI_STATE, &st));
	EXPECT_EQ(0, st.state);
	/* Level-sensitive: lowering the line ends the pending state. */
	line.level = 0;
	ASSERT_EQ(0, xvm_ioctl(self->vm, XVM_IRQ_LINE, &line));
	st.spi = 1;
	ASSERT_EQ(0, xvm_ioctl(self->vm, XVM_GET_SPI_STATE, &st));
	EXPECT_EQ(0, st.state);
	/* The last SPI. */
	line.spi = 255;
	line.level = 1;
	ASSERT_EQ(0, xvm_ioctl(self->vm, XVM_IRQ_LINE, &line));
	st.spi = 255;
	ASSERT_EQ(0, xvm_ioctl(self->vm, XVM_GET_SPI_STATE, &st));
	EXPECT_EQ(XVM_SPI_LEVEL | XVM_SPI_PENDING, st.state);
}

TEST_F(vm, irq_line_bad_arguments)
{
	struct xvm_irq_line line = { .spi = 256, .level = 1 };
	struct xvm_spi_state st = { .spi = 256 };

	EXPECT_EQ(-EINVAL, xvm_ioctl(self->vm, XVM_IRQ_LINE, &line));
	line.spi = -1U;
	EXPECT_EQ(-EINVAL, xvm_ioctl(self->vm, XVM_IRQ_LINE, &line));
	line.spi = 0;
	line.level = 2;
	EXPECT_EQ(-EINVAL, xvm_ioctl(self->vm, XVM_IRQ_LINE, &line));
	EXPECT_EQ(-EFAULT, xvm_ioctl(self->vm, XVM_IRQ_LINE, (void *)8));
	EXPECT_EQ(-EINVAL, xvm_ioctl(self->vm, XVM_GET_SPI_STATE, &st));
	EXPECT_EQ(-EFAULT, xvm_ioctl(self->vm, XVM_GET_SPI_STATE, (void *)8));
}

TEST_F(vm, io_ranges)
{
	struct xvm_io_range r = {
		.guest_phys_addr = TEST_DEV_GPA, .size = SZ_4K,
	};
	int i;

	EXPECT_EQ(0, xvm_io_range(self->vm, true, TEST_DEV_GPA, SZ_4K, 7));
	/* Any overlap with a range or a slot. */
	EXPECT_EQ(-EEXIST, xvm_io_range(self->vm, true, TEST_DEV_GPA, 1, 0));
	EXPECT_EQ(-EEXIST, xvm_io_range(self->vm, true, TEST_DEV_GPA - 1, 2, 0));
	EXPECT_EQ(-EEXIST, xvm_io_range(self->vm, true,
					TEST_DEV_GPA + SZ_4K - 1, 2, 0));
	ASSERT_EQ(0, xvm_set_mem(self->vm, 0, 0, TEST_RAM_GPA, SZ_1M,
				 self->mem));
	EXPECT_EQ(-EEXIST, xvm_io_range(self->vm, true,
					TEST_RAM_GPA + SZ_1M - 4, 8, 0));
	/* Touching is fine; byte granularity is fine. */
	EXPECT_EQ(0, xvm_io_range(self->vm, true, TEST_DEV_GPA + SZ_4K, 3, 0));
	EXPECT_EQ(0, xvm_io_range(self->vm, true, TEST_DEV_GPA - 1, 1, 0));
	/* Bad sizes, wrap-around, beyond the guest-physical space. */
	EXPECT_EQ(-EINVAL, xvm_io_range(self->vm, true, 0x1000, 0, 0));
	EXPECT_EQ(-EINVAL, xvm_io_range(self->vm, true, -16ULL, 32, 0));
	EXPECT_EQ(-EINVAL, xvm_io_range(self->vm, true, (1ULL << 40) - 4, 8,
					0));
	/* Flags and padding must be 0. */
	r.guest_phys_addr = 0x1000;
	r.flags = 1;
	EXPECT_EQ(-EINVAL, xvm_ioctl(self->vm, XVM_REGISTER_IO_RANGE, &r));
	r.flags = 0;
	r.pad = 1;
	EXPECT_EQ(-EINVAL, xvm_ioctl(self->vm, XVM_REGISTER_IO_RANGE, &r));
	EXPECT_EQ(-EINVAL, xvm_ioctl(self->vm, XVM_UNREGISTER_IO_RANGE, &r));
	EXPECT_EQ(-EFAULT, xvm_ioctl(self->vm, XVM_REGISTER_IO_RANGE,
				     (void *)8));

	/* Unregistering takes exactly what was registered. */
	EXPECT_EQ(-ENOENT, xvm_io_range(self->vm, false, TEST_DEV_GPA, 16, 0));
	EXPECT_EQ(-ENOENT, xvm_io_range(self->vm, false, 0x1000, SZ_4K, 0));
	EXPECT_EQ(0, xvm_io_range(self->vm, false, TEST_DEV_GPA, SZ_4K, 0));
	EXPECT_EQ(-ENOENT, xvm_io_range(self->vm, false, TEST_DEV_GPA, SZ_4K,
					0));
	EXPECT_EQ(0, xvm_io_range(self->vm, true, TEST_DEV_GPA, SZ_4K, 0));

	/* Up to XVM_CAP_MAX_IO_RANGES (64) in all; 3 are there. */
	for (i = 3; i < 64; i++)
		ASSERT_EQ(0, xvm_io_range(self->vm, true,
					  0x100000ULL + i * SZ_4K, SZ_4K, i));
	EXPECT_EQ(-ENOSPC, xvm_io_range(self->vm, true, 0x80000000ULL, SZ_4K,
					0));
	EXPECT_EQ(0, xvm_io_range(self->vm, false, 0x100000ULL + 10 * SZ_4K,
				  SZ_4K, 0));
	EXPECT_EQ(0, xvm_io_range(self->vm, true, 0x80000000ULL, SZ_4K, 0));
	/* A slot cannot cover a range either. */
	EXPECT_EQ(-EEXIST, xvm_set_mem(self->vm, 1, 0, 0x100000ULL, SZ_1M,
				       (char *)self->mem + SZ_1M));
}

TEST_F(vm, stats)
{
	struct xvm_vm_stats st;
	int vcpu, i;

	ASSERT_EQ(0, xvm_stats(self->vm, &st));
	EXPECT_NE(0, st.id);
	EXPECT_EQ(XVM_VM_STATE_CREATED, st.state);
	EXPECT_EQ(0, st.nr_vcpus);
	EXPECT_EQ(0, st.translations);
	EXPECT_EQ(0, st.guest_insns);
	EXPECT_EQ(0, st.io_requests);
	for (i = 0; i < XVM_NR_EXIT_REASONS; i++)
		EXPECT_EQ(0, st.exits[i]);
	EXPECT_EQ(0, st.vm_entries);
	for (i = 0; i < 13; i++)
		EXPECT_EQ(0, st.reserved[i]);
	vcpu = xvm_create_vcpu(self->vm, 3);
	ASSERT_LE(0, vcpu);
	ASSERT_EQ(0, xvm_set_mem(self->vm, 0, 0, TEST_RAM_GPA, SZ_64K,
				 self->mem));
	ASSERT_EQ(0, xvm_stats(self->vm, &st));
	EXPECT_EQ(1, st.nr_vcpus);
	EXPECT_EQ(SZ_64K, st.mem_bytes);
	EXPECT_EQ(-EFAULT, xvm_ioctl(self->vm, XVM_GET_STATS, (void *)8));
	close(vcpu);
}

/*
 * Out of file descriptors: creating a VM or a vCPU fails with EMFILE and
 * leaves nothing behind; the vCPU id stays free.
 */
TEST_F(vm, out_of_fds)
{
	struct rlimit old, rl;
	struct xvm_vm_stats st;
	int sys, fd, vcpu;

	sys = xvm_open_dev();
	ASSERT_LE(0, sys);
	ASSERT_EQ(0, getrlimit(RLIMIT_NOFILE, &old));
	/* The lowest free fd is the limit: no new fd fits. */
	fd = dup(0);
	ASSERT_LE(0, fd);
	close(fd);
	rl = old;
	rl.rlim_cur = fd;
	ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &rl));
	EXPECT_EQ(-EMFILE, xvm_create_vm(sys, 0));
	EXPECT_EQ(-EMFILE, xvm_create_vcpu(self->vm, 3));
	ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &old));
	ASSERT_EQ(0, xvm_stats(self->vm, &st));
	EXPECT_EQ(0, st.nr_vcpus);
	vcpu = xvm_create_vcpu(self->vm, 3);
	EXPECT_LE(0, vcpu);
	ASSERT_EQ(0, xvm_stats(self->vm, &st));
	EXPECT_EQ(1, st.nr_vcpus);
	close(vcpu);
	close(sys);
}

struct racer {
	int vm;
	unsigned long id;
	int ret;
	void *mem;
	pthread_barrier_t *go;
};

static void *create_vcpu_thread(void *arg)
{
	struct racer *r = arg;

	pthread_barrier_wait(r->go);
	r->ret = xvm_create_vcpu(r->vm, r->id);
	return NULL;
}

/* Threads racing for one vCPU id: exactly one gets it. */
TEST_F(vm, concurrent_create_vcpu)
{
	struct racer r[8];
	pthread_barrier_t go;
	pthread_t t[8];
	struct xvm_vm_stats st;
	int i, won = 0;

	for (int round = 0; round < 2; round++) {
		pthread_barrier_init(&go, NULL, 8);
		for (i = 0; i < 8; i++) {
			/* Round 0: all want id 5; round 1: each its own. */
			r[i] = (struct racer){ .vm = self->vm, .go = &go,
					       .id = round ? 10 + i : 5 };
			ASSERT_EQ(0, pthread_create(&t[i], NULL,
						    create_vcpu_thread, &r[i]));
		}
		for (i = 0; i < 8; i++) {
			pthread_join(t[i], NULL);
			if (r[i].ret >= 0) {
				won++;
				close(r[i].ret);
			} else {
				EXPECT_EQ(-EEXIST, r[i].ret);
				EXPECT_EQ(0, round);
			}
		}
		pthread_barrier_destroy(&go);
	}
	EXPECT_EQ(1 + 8, won);
	ASSERT_EQ(0, xvm_stats(self->vm, &st));
	EXPECT_EQ(9, st.nr_vcpus);
}

static void *slot_thread(void *arg)
{
	struct racer *r = arg;
	uint64_t gpa = TEST_RAM_GPA + r->id * SZ_1M;
	int i, ret;

	pthread_barrier_wait(r->go);
	for (i = 0; i < 50 && !r->ret; i++) {
		ret = xvm_set_mem(r->vm, r->id, 0, gpa, SZ_64K, r->mem);
		if (!ret)
			ret = xvm_io_range(r->vm, true, gpa + SZ_64K, SZ_4K, 0);
		if (!ret)
			ret = xvm_io_range(r->vm, false, gpa + SZ_64K, SZ_4K, 0);
		if (!ret)
			ret = xvm_set_mem(r->vm, r->id, 0, 0, 0, NULL);
		r->ret = ret;
	}
	return NULL;
}

/* Threads changing the memory map at once, while stats are read. */
TEST_F(vm, concurrent_memory_map)
{
	long long pins = pins_held();
	struct xvm_vm_stats st;
	pthread_barrier_t go;
	struct racer r[4];
	pthread_t t[4];
	int i;

	pthread_barrier_init(&go, NULL, 5);
	for (i = 0; i < 4; i++) {
		r[i] = (struct racer){ .vm = self->vm, .id = i, .go = &go,
				       .mem = (char *)self->mem + i * SZ_1M };
		ASSERT_EQ(0, pthread_create(&t[i], NULL, slot_thread, &r[i]));
	}
	pthread_barrier_wait(&go);
	for (i = 0; i < 200; i++) {
		ASSERT_EQ(0, xvm_stats(self->vm, &st));
		ASSERT_GE(4 * SZ_64K, st.mem_bytes);
		ASSERT_EQ(0, st.mem_bytes % SZ_64K);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		EXPECT_EQ(0, r[i].ret) TH_LOG("thread %d: %s", i,
					      strerror(-r[i].ret));
	}
	pthread_barrier_destroy(&go);
	ASSERT_EQ(0, xvm_stats(self->vm, &st));
	EXPECT_EQ(0, st.mem_bytes);
	EXPECT_EQ(pins, pins_held());
}

TEST_HARNESS_MAIN

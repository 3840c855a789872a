// SPDX-License-Identifier: GPL-2.0
/*
 * xvm_sys_test.c - the system file descriptor /dev/xvm: loading and
 * unloading the module, the API version, the capability report.
 *
 * Run as root where xvm.ko matches the running kernel (the rigs do this).
 * $XVM_RIG ("svm" or "vmx") says which backend the machine must offer.
 */
#include <sys/ioctl.h>
#include <linux/xvm.h>
#include "kselftest_harness.h"
#include "module_util.h"

FIXTURE(sys) {
	int fd;
	bool loaded_here;
};

FIXTURE_SETUP(sys)
{
	int ret;

	self->loaded_here = false;
	if (!xvm_module_loaded()) {
		ret = xvm_module_load();
		ASSERT_EQ(0, ret) TH_LOG("loading %s: %s", xvm_ko_path(),
					 strerror(-ret));
		self->loaded_here = true;
	}
	self->fd = xvm_open_dev();
	ASSERT_LE(0, self->fd) TH_LOG("open %s: %s", XVM_DEV,
				      strerror(-self->fd));
}

FIXTURE_TEARDOWN(sys)
{
	if (self->fd >= 0)
		close(self->fd);
	if (self->loaded_here)
		EXPECT_EQ(0, xvm_module_unload());
}

TEST_F(sys, api_version)
{
	EXPECT_EQ(XVM_API_VERSION, ioctl(self->fd, XVM_GET_API_VERSION, 0));
}

TEST_F(sys, api_version_rejects_argument)
{
	EXPECT_EQ(-1, ioctl(self->fd, XVM_GET_API_VERSION, 1));
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(sys, unknown_ioctl_is_enotty)
{
	EXPECT_EQ(-1, ioctl(self->fd, _IO(XVMIO, 0x1f), 0));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(self->fd, _IO('T', 0x01), 0));
	EXPECT_EQ(ENOTTY, errno);
}

TEST_F(sys, unknown_capability_is_zero)
{
	EXPECT_EQ(0, ioctl(self->fd, XVM_CHECK_EXTENSION, 0));
	EXPECT_EQ(0, ioctl(self->fd, XVM_CHECK_EXTENSION, 0x7fffffff));
	EXPECT_EQ(0, ioctl(self->fd, XVM_CHECK_EXTENSION, -1L));
}

TEST_F(sys, device_node_mode)
{
	struct stat st;

	ASSERT_EQ(0, stat(XVM_DEV, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(0660, st.st_mode & 0777);
}

/* The backend statuses agree with each other and with XVM_CAP_BACKENDS. */
TEST_F(sys, backends_consistent)
{
	int vmx = ioctl(self->fd, XVM_CHECK_EXTENSION, XVM_CAP_VMX);
	int svm = ioctl(self->fd, XVM_CHECK_EXTENSION, XVM_CAP_SVM);
	int mask = ioctl(self->fd, XVM_CHECK_EXTENSION, XVM_CAP_BACKENDS);

	ASSERT_GE(vmx, XVM_HW_USABLE);
	ASSERT_LE(vmx, XVM_HW_INCOMPLETE);
	ASSERT_GE(svm, XVM_HW_USABLE);
	ASSERT_LE(svm, XVM_HW_INCOMPLETE);
	EXPECT_EQ(vmx == XVM_HW_USABLE, !!(mask & XVM_BACKEND_VMX));
	EXPECT_EQ(svm == XVM_HW_USABLE, !!(mask & XVM_BACKEND_SVM));
	EXPECT_EQ(0, mask & ~(XVM_BACKEND_VMX | XVM_BACKEND_SVM));
}

/*
 * The report agrees with what the kernel itself found: /proc/cpuinfo lists
 * "svm" and "npt" on AMD-V hosts, "vmx" and (6.1+) "ept" in "vmx flags" on
 * VT-x hosts.
 */
TEST_F(sys, backends_match_cpuinfo)
{
	int vmx = ioctl(self->fd, XVM_CHECK_EXTENSION, XVM_CAP_VMX);
	int svm = ioctl(self->fd, XVM_CHECK_EXTENSION, XVM_CAP_SVM);
	bool cpu_svm = cpuinfo_has("flags", "svm");
	bool cpu_vmx = cpuinfo_has("flags", "vmx");

	EXPECT_EQ(cpu_svm, svm != XVM_HW_ABSENT);
	EXPECT_EQ(cpu_vmx, vmx != XVM_HW_ABSENT);
	if (cpu_svm && !cpuinfo_has("flags", "npt"))
		EXPECT_EQ(XVM_HW_NO_NESTED_PAGING, svm);
	if (cpu_vmx && !cpuinfo_has("vmx flags", "ept"))
		EXPECT_EQ(XVM_HW_NO_NESTED_PAGING, vmx);
}

/* In a rig the machine is known: the emulated backend must be usable. */
TEST_F(sys, rig_backend_usable)
{
	const char *rig = getenv("XVM_RIG");
	int mask = ioctl(self->fd, XVM_CHECK_EXTENSION, XVM_CAP_BACKENDS);

	if (!rig || !*rig)
		SKIP(return, "XVM_RIG not set: not inside a test rig");
	if (!strcmp(rig, "svm")) {
		EXPECT_EQ(XVM_HW_USABLE,
			  ioctl(self->fd, XVM_CHECK_EXTENSION, XVM_CAP_SVM));
		EXPECT_EQ(XVM_HW_ABSENT,
			  ioctl(self->fd, XVM_CHECK_EXTENSION, XVM_CAP_VMX));
		EXPECT_EQ(XVM_BACKEND_SVM, mask);
	} else if (!strcmp(rig, "vmx")) {
		EXPECT_EQ(XVM_HW_USABLE,
			  ioctl(self->fd, XVM_CHECK_EXTENSION, XVM_CAP_VMX));
		EXPECT_EQ(XVM_HW_ABSENT,
			  ioctl(self->fd, XVM_CHECK_EXTENSION, XVM_CAP_SVM));
		EXPECT_EQ(XVM_BACKEND_VMX, mask);
	} else {
		ASSERT_TRUE(false) TH_LOG("unknown XVM_RIG '%s'", rig);
	}
}

/* Unloading is refused while /dev/xvm is open, and works once closed. */
TEST(unload_refused_while_open)
{
	int fd, ret;

	if (!xvm_module_loaded())
		ASSERT_EQ(0, xvm_module_load());
	fd = xvm_open_dev();
	ASSERT_LE(0, fd);
	ret = xvm_module_unload();
	EXPECT_TRUE(ret == -EBUSY || ret == -EWOULDBLOCK)
		TH_LOG("delete_module with /dev/xvm open: %s", strerror(-ret));
	EXPECT_TRUE(xvm_module_loaded());
	EXPECT_EQ(XVM_API_VERSION, ioctl(fd, XVM_GET_API_VERSION, 0));
	close(fd);
	EXPECT_EQ(0, xvm_module_unload());
	EXPECT_FALSE(xvm_module_loaded());
}

/* Repeated load/unload leaves no stale state: the node comes and goes. */
TEST(load_unload_cycles)
{
	int i, fd;

	if (xvm_module_loaded())
		ASSERT_EQ(0, xvm_module_unload());
	for (i = 0; i < 10; i++) {
		ASSERT_EQ(0, xvm_module_load()) TH_LOG("cycle %d", i);
		EXPECT_EQ(-EEXIST, xvm_module_load());
		fd = xvm_open_dev();
		ASSERT_LE(0, fd) TH_LOG("cycle %d: open: %s", i, strerror(-fd));
		EXPECT_EQ(XVM_API_VERSION, ioctl(fd, XVM_GET_API_VERSION, 0));
		close(fd);
		ASSERT_EQ(0, xvm_module_unload()) TH_LOG("cycle %d", i);
		EXPECT_FALSE(xvm_module_loaded());
	}
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - xvm.ko entry points and the system file descriptor /dev/xvm.
 *
 * /dev/xvm answers API version and capability queries and creates VMs,
 * which hang below it as their own file descriptors (vm.c, vcpu.c;
 * Documentation/api.rst).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include "engine/engine.h"
#include "ownership.h"
#include "vm.h"

/* At least 1: XVM_CAP_MAX_MEMORY_MB reports it, and 0 means "unknown". */
static int xvm_set_max_guest_mem_mb(const char *val,
				    const struct kernel_param *kp)
{
	unsigned int mb;
	int ret;

	ret = kstrtouint(val, 0, &mb);
	if (ret)
		return ret;
	if (!mb)
		return -EINVAL;
	WRITE_ONCE(*(unsigned int *)kp->arg, mb);
	return 0;
}

static const struct kernel_param_ops xvm_max_guest_mem_mb_ops = {
	.set	= xvm_set_max_guest_mem_mb,
	.get	= param_get_uint,
};

unsigned int xvm_max_guest_mem_mb = 16384;
module_param_cb(max_guest_mem_mb, &xvm_max_guest_mem_mb_ops,
		&xvm_max_guest_mem_mb, 0644);
MODULE_PARM_DESC(max_guest_mem_mb,
		 "Guest RAM one VM may pin, in MiB, at least 1 (default 16384); checked when a memory slot is added");

bool xvm_selftest_backend;
module_param_named(selftest_backend, xvm_selftest_backend, bool, 0444);
MODULE_PARM_DESC(selftest_backend,
		 "Run new VMs on the selftest backend's test machine instead of AArch64 (for the kselftests only)");

static long xvm_check_backends(unsigned long cap)
{
	struct xvm_hw_report vmx, svm;
	long mask = 0;

	xvm_probe_backends(&vmx, &svm);
	switch (cap) {
	case XVM_CAP_VMX:
		return vmx.status;
	case XVM_CAP_SVM:
		return svm.status;
	default:
		if (vmx.status == XVM_HW_USABLE)
			mask |= XVM_BACKEND_VMX;
		if (svm.status == XVM_HW_USABLE)
			mask |= XVM_BACKEND_SVM;
		return mask;
	}
}

static long xvm_check_extension(unsigned long cap)
{
	switch (cap) {
	case XVM_CAP_BACKENDS:
	case XVM_CAP_VMX:
	case XVM_CAP_SVM:
		return xvm_check_backends(cap);
	case XVM_CAP_MAX_VCPUS:
		return XVM_MAX_VCPUS;
	case XVM_CAP_MAX_MEM_SLOTS:
		return XVM_MAX_MEM_SLOTS;
	case XVM_CAP_MAX_MEMORY_MB:
		return min_t(unsigned int, READ_ONCE(xvm_max_guest_mem_mb),
			     INT_MAX);
	case XVM_CAP_RING_ENTRIES:
		return XVM_RING_ENTRIES;
	case XVM_CAP_GIC_VERSIONS:
		return XVM_GIC_V2;
	case XVM_CAP_VCPU_MMAP_SIZE:
		return XVM_VCPU_MMAP_SIZE;
	case XVM_CAP_NR_SPIS:
		return XVM_NR_SPIS;
	case XVM_CAP_MAX_IO_RANGES:
		return XVM_MAX_IO_RANGES;
	case XVM_CAP_IPA_BITS:
		return XVM_IPA_BITS;
	case XVM_CAP_RUNS_A64:
		/* The selftest backend's register machine runs instead. */
		return !xvm_selftest_backend;
	default:
		return 0;
	}
}

static long xvm_dev_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	switch (cmd) {
	case XVM_GET_API_VERSION:
		if (arg)
			return -EINVAL;
		return XVM_API_VERSION;
	case XVM_CHECK_EXTENSION:
		return xvm_check_extension(arg);
	case XVM_CREATE_VM:
		return xvm_vm_create(arg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations xvm_dev_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= xvm_dev_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice xvm_dev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "xvm",
	.fops	= &xvm_dev_fops,
	.mode	= 0660,
};

static void xvm_report_backend(const char *name,
			       const struct xvm_hw_report *r)
{
	if (r->status == XVM_HW_USABLE)
		pr_info("%s backend usable (%s)\n", name, r->reason);
	else
		pr_info("%s backend unavailable: %s\n", name, r->reason);
}

static int __init xvm_init(void)
{
	struct xvm_hw_report vmx, svm;
	int ret;

	/* The translator's decoder tables, before any VM can exist. */
	ret = xvm_engine_init();
	if (ret) {
		pr_err("xvm: the translation engine failed to start (%d)\n", ret);
		return ret;
	}

	ret = xvm_netlink_init();
	if (ret)
		return ret;
	ret = xvm_ownership_init();
	if (ret) {
		xvm_netlink_exit();
		return ret;
	}
	ret = misc_register(&xvm_dev);
	if (ret) {
		pr_err("cannot register /dev/xvm: %d\n", ret);
		xvm_ownership_exit();
		xvm_netlink_exit();
		return ret;
	}
	xvm_probe_backends(&vmx, &svm);
	pr_info("loaded, API version %d\n", XVM_API_VERSION);
	xvm_report_backend("VMX", &vmx);
	xvm_report_backend("SVM", &svm);
	return 0;
}

static void __exit xvm_exit(void)
{
	misc_deregister(&xvm_dev);
	xvm_ownership_exit();
	xvm_netlink_exit();
	pr_info("unloaded\n");
}

module_init(xvm_init);
module_exit(xvm_exit);

MODULE_DESCRIPTION("xvm: AArch64 guests on x86-64 through binary translation and VMX/SVM");
MODULE_LICENSE("GPL");
MODULE_VERSION(XVM_VERSION);

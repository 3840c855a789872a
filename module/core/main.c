// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - xvm.ko entry points and the system file descriptor /dev/xvm.
 *
 * /dev/xvm answers API version and capability queries. VMs hang below it
 * as their own file descriptors (Documentation/api.rst).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/preempt.h>
#include "xvm.h"

/* Probe both backends on the current CPU; the answer can change at run time
 * (another hypervisor may take VMX or SVM), so it is never cached.
 */
static void xvm_probe_all(struct xvm_hw_report *vmx, struct xvm_hw_report *svm)
{
	preempt_disable();
	vmx_probe(vmx);
	svm_probe(svm);
	preempt_enable();
}

static long xvm_check_extension(unsigned long cap)
{
	struct xvm_hw_report vmx, svm;
	long mask = 0;

	xvm_probe_all(&vmx, &svm);
	switch (cap) {
	case XVM_CAP_BACKENDS:
		if (vmx.status == XVM_HW_USABLE)
			mask |= XVM_BACKEND_VMX;
		if (svm.status == XVM_HW_USABLE)
			mask |= XVM_BACKEND_SVM;
		return mask;
	case XVM_CAP_VMX:
		return vmx.status;
	case XVM_CAP_SVM:
		return svm.status;
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

	ret = misc_register(&xvm_dev);
	if (ret) {
		pr_err("cannot register /dev/xvm: %d\n", ret);
		return ret;
	}
	xvm_probe_all(&vmx, &svm);
	pr_info("loaded, API version %d\n", XVM_API_VERSION);
	xvm_report_backend("VMX", &vmx);
	xvm_report_backend("SVM", &svm);
	return 0;
}

static void __exit xvm_exit(void)
{
	misc_deregister(&xvm_dev);
	pr_info("unloaded\n");
}

module_init(xvm_init);
module_exit(xvm_exit);

MODULE_DESCRIPTION("xvm: AArch64 guests on x86-64 through binary translation and VMX/SVM");
MODULE_LICENSE("GPL");
MODULE_VERSION(XVM_VERSION);

/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * xvm.h - user-space API of xvm, the AArch64-on-x86-64 hypervisor module.
 *
 * Documentation/api.rst describes every ioctl, its argument, its return
 * value and its errors. The API is a tree of file descriptors, as KVM's:
 * /dev/xvm (system) -> VM fd -> vCPU fd. Features are discovered with
 * XVM_CHECK_EXTENSION, never by comparing versions; XVM_API_VERSION only
 * changes if the API breaks, which it must not.
 */
#ifndef _UAPI_LINUX_XVM_H
#define _UAPI_LINUX_XVM_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define XVM_API_VERSION		1

/* The ioctl magic; 0xE7 is unclaimed in the kernel's ioctl-number list. */
#define XVMIO			0xE7

/*
 * ioctl number ranges: 0x00-0x1f system fd, 0x20-0x5f VM fd,
 * 0x60-0x9f vCPU fd. Numbers are never reused.
 */

/* System ioctls (/dev/xvm). Their argument must be 0 unless stated. */
#define XVM_GET_API_VERSION	_IO(XVMIO, 0x00)
#define XVM_CHECK_EXTENSION	_IO(XVMIO, 0x01)	/* arg: XVM_CAP_* */

/*
 * Capabilities for XVM_CHECK_EXTENSION. An unknown capability returns 0,
 * so every answer that means "known" is non-zero.
 */
#define XVM_CAP_BACKENDS	1	/* mask of XVM_BACKEND_* usable now */
#define XVM_CAP_VMX		2	/* XVM_HW_* status of Intel VMX + EPT */
#define XVM_CAP_SVM		3	/* XVM_HW_* status of AMD SVM + NPT */

/* Hardware backends, as bits in the XVM_CAP_BACKENDS answer. */
#define XVM_BACKEND_VMX		(1U << 0)	/* Intel VT-x with EPT */
#define XVM_BACKEND_SVM		(1U << 1)	/* AMD-V with nested paging */

/*
 * Status of one hardware backend on this host (XVM_CAP_VMX, XVM_CAP_SVM).
 * The module also names the reason in one dmesg line when it loads.
 */
#define XVM_HW_USABLE		1	/* present, enabled, free: usable */
#define XVM_HW_ABSENT		2	/* the CPU does not report it (CPUID) */
#define XVM_HW_DISABLED		3	/* disabled by the firmware (BIOS lock) */
#define XVM_HW_NO_NESTED_PAGING	4	/* no usable EPT / NPT */
#define XVM_HW_IN_USE		5	/* another hypervisor owns it (e.g. KVM) */
#define XVM_HW_INCOMPLETE	6	/* lacks another control xvm requires */

#endif /* _UAPI_LINUX_XVM_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * xvm.c - what xvm.ko offers on this host, and which accelerator runs a
 * guest.
 *
 * --accel auto takes a hardware backend (VMX, else SVM) only if it can
 * really run guest code: the capability queries say whether VMX or SVM is
 * usable and whether VMs run AArch64 code (XVM_CAP_RUNS_A64: not while
 * the module runs its selftest backend). Otherwise it says in one line
 * why, and takes the soft accelerator. --accel vmx or svm takes that backend
 * on the same conditions, or fails saying why. hw_run.c drives it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/xvm.h>

#include "vmctl.h"

#define XVM_DEV		"/dev/xvm"

static int xvm_open(void)
{
	return open(XVM_DEV, O_RDWR | O_CLOEXEC);
}

int xvm_info_get(struct xvm_info *xi)
{
	int fd = xvm_open();

	memset(xi, 0, sizeof(*xi));
	if (fd < 0) {
		xi->open_errno = errno;
		return -1;
	}
	xi->api_version = ioctl(fd, XVM_GET_API_VERSION, 0);
	xi->backends = ioctl(fd, XVM_CHECK_EXTENSION, XVM_CAP_BACKENDS);
	xi->vmx = ioctl(fd, XVM_CHECK_EXTENSION, XVM_CAP_VMX);
	xi->svm = ioctl(fd, XVM_CHECK_EXTENSION, XVM_CAP_SVM);
	xi->runs_a64 = ioctl(fd, XVM_CHECK_EXTENSION, XVM_CAP_RUNS_A64);
	close(fd);
	return 0;
}

const char *xvm_hw_status_name(int status)
{
	switch (status) {
	case XVM_HW_USABLE:
		return "usable";
	case XVM_HW_ABSENT:
		return "absent (CPUID does not report it)";
	case XVM_HW_DISABLED:
		return "disabled by the firmware";
	case XVM_HW_NO_NESTED_PAGING:
		return "without nested paging (EPT/NPT)";
	case XVM_HW_IN_USE:
		return "owned by another hypervisor (e.g. KVM)";
	case XVM_HW_INCOMPLETE:
		return "lacking a control xvm needs";
	default:
		return "unknown";
	}
}

bool host_cpu_has(const char *flag)
{
	char line[4096], *p;
	size_t n = strlen(flag);
	bool found = false;
	FILE *f;

	f = fopen("/proc/cpuinfo", "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "flags", 5))
			continue;
		for (p = strstr(line, flag); p && !found; p = strstr(p + 1, flag))
			found = p[-1] == ' ' && (p[n] == ' ' || p[n] == '\n');
		break;
	}
	fclose(f);
	return found;
}

const char *accel_name(enum accel_kind kind)
{
	switch (kind) {
	case ACCEL_SOFT:
		return "soft";
	case ACCEL_VMX:
		return "vmx";
	case ACCEL_SVM:
		return "svm";
	default:
		return "auto";
	}
}

/* Why the module cannot be used; "" when it can. */
static void module_problem(const struct xvm_info *xi, char *why, size_t len)
{
	if (xi->open_errno == ENOENT)
		snprintf(why, len, "xvm.ko is not loaded (no %s)", XVM_DEV);
	else if (xi->open_errno == EACCES || xi->open_errno == EPERM)
		snprintf(why, len,
			 "cannot open %s: %s (members of group xvm can, see 'make udev-install')",
			 XVM_DEV, strerror(xi->open_errno));
	else if (xi->open_errno)
		snprintf(why, len, "cannot open %s: %s", XVM_DEV,
			 strerror(xi->open_errno));
	else if (xi->api_version != XVM_API_VERSION)
		snprintf(why, len, "xvm.ko speaks API %d, vmctl API %d",
			 xi->api_version, XVM_API_VERSION);
	else
		why[0] = '\0';
}

/* Why @kind cannot run guests here; "" when it can. */
static void backend_problem(const struct xvm_info *xi, enum accel_kind kind,
			    char *why, size_t len)
{
	bool vmx = kind == ACCEL_VMX;
	const char *name = vmx ? "VMX" : "SVM";
	int status = vmx ? xi->vmx : xi->svm;

	module_problem(xi, why, len);
	if (why[0]) {
		if (!host_cpu_has(vmx ? "vmx" : "svm")) {
			size_t n = strlen(why);

			snprintf(why + n, len - n,
				 ", and this CPU does not report %s either",
				 name);
		}
		return;
	}
	if (status != XVM_HW_USABLE) {
		snprintf(why, len, "%s is %s on this host", name,
			 xvm_hw_status_name(status));
		return;
	}
	if (xi->runs_a64 != 1)
		snprintf(why, len,
			 "xvm.ko's %s backend runs no AArch64 code (selftest_backend=1)",
			 name);
	else
		why[0] = '\0';
}

int accel_choose(enum accel_kind want, bool quiet, enum accel_kind *got)
{
	static const enum accel_kind hw[] = { ACCEL_VMX, ACCEL_SVM };
	static const unsigned int mask[] = { XVM_BACKEND_VMX, XVM_BACKEND_SVM };
	char why[768], one[256];
	struct xvm_info xi;
	unsigned int i;
	bool tried;
	size_t n;

	*got = ACCEL_SOFT;
	if (want == ACCEL_SOFT)
		return 0;
	xvm_info_get(&xi);
	if (want != ACCEL_AUTO) {
		backend_problem(&xi, want, why, sizeof(why));
		if (!why[0]) {
			*got = want;
			return 0;
		}
		vmctl_err("--accel %s: %s", accel_name(want), why);
		return -1;
	}
	/* auto: VMX, else SVM, as XVM_CREATE_VM with 0 chooses. */
	module_problem(&xi, why, sizeof(why));
	if (!why[0] && !xi.backends)
		snprintf(why, sizeof(why),
			 "no hardware backend is usable (VMX %s, SVM %s)",
			 xvm_hw_status_name(xi.vmx),
			 xvm_hw_status_name(xi.svm));
	tried = !why[0];
	for (i = 0; tried && i < ARRAY_SIZE(hw); i++) {
		if (!(xi.backends & mask[i]))
			continue;
		backend_problem(&xi, hw[i], one, sizeof(one));
		if (!one[0]) {
			*got = hw[i];
			return 0;
		}
		n = strlen(why);
		snprintf(why + n, sizeof(why) - n, "%s%s", n ? "; " : "", one);
	}
	if (!why[0])	/* a backend went away between the two questions */
		snprintf(why, sizeof(why), "no hardware backend is usable");
	if (!quiet)
		vmctl_err("%s; using the soft accelerator", why);
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * module_util.h - load, unload and open xvm.ko from a selftest.
 *
 * The tests load the module themselves (finit_module), so loading and
 * unloading are part of what they check. The module file is $XVM_KO,
 * or ./xvm.ko.
 */
#ifndef XVM_SELFTEST_MODULE_UTIL_H
#define XVM_SELFTEST_MODULE_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define XVM_DEV "/dev/xvm"

static inline const char *xvm_ko_path(void)
{
	const char *p = getenv("XVM_KO");

	return p && *p ? p : "./xvm.ko";
}

static inline bool xvm_module_loaded(void)
{
	return access("/sys/module/xvm", F_OK) == 0;
}

/* Load xvm.ko with @params (e.g. "selftest_backend=1"). 0 or -errno. */
static inline int xvm_module_load_params(const char *params)
{
	int fd = open(xvm_ko_path(), O_RDONLY | O_CLOEXEC);
	int ret;

	if (fd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, fd, params, 0) ? -errno : 0;
	close(fd);
	return ret;
}

/* Returns 0 or -errno. */
static inline int xvm_module_load(void)
{
	return xvm_module_load_params("");
}

/* Returns 0 or -errno; O_NONBLOCK: fail with EWOULDBLOCK/EBUSY if in use. */
static inline int xvm_module_unload(void)
{
	return syscall(SYS_delete_module, "xvm", O_NONBLOCK) ? -errno : 0;
}

/*
 * devtmpfs creates the node asynchronously after misc_register(); wait for
 * it a bounded time. Returns the fd or -errno.
 */
static inline int xvm_open_dev(void)
{
	int i, fd = -ENOENT;

	for (i = 0; i < 200; i++) {
		fd = open(XVM_DEV, O_RDWR | O_CLOEXEC);
		if (fd >= 0 || errno != ENOENT)
			return fd >= 0 ? fd : -errno;
		usleep(10000);
	}
	return -ENOENT;
}

/* Does a line of /proc/cpuinfo starting with @key list @flag? */
static inline bool cpuinfo_has(const char *key, const char *flag)
{
	char line[8192];
	bool found = false;
	FILE *f = fopen("/proc/cpuinfo", "r");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		char *tok, *save;

		if (strncmp(line, key, strlen(key)) || !strchr(line, ':'))
			continue;
		for (tok = strtok_r(strchr(line, ':') + 1, " \t\n", &save);
		     tok; tok = strtok_r(NULL, " \t\n", &save))
			if (!strcmp(tok, flag))
				found = true;
		break;
	}
	fclose(f);
	return found;
}

#endif /* XVM_SELFTEST_MODULE_UTIL_H */

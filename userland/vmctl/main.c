// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - vmctl's command dispatch, in the style of git: "vmctl COMMAND
 * [OPTIONS]", each command with its own --help. Also the helpers every
 * command uses: messages and number parsing.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/xvm.h>

#include "vmctl.h"

#ifndef VMCTL_VERSION
#define VMCTL_VERSION "unknown"
#endif

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "run", cmd_run, "boot a guest and run it" },
	{ "list", cmd_list, "list the VMs of xvm.ko" },
	{ "stats", cmd_stats, "show a VM's counters" },
	{ "events", cmd_events, "follow VM lifecycle events" },
	{ "irq", cmd_irq, "drive a VM's interrupt line" },
};

static void vmsg(const char *fmt, va_list ap)
{
	fflush(stdout);
	fputs("vmctl: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void vmctl_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

int usage_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	return VMCTL_EXIT_USAGE;
}

bool parse_u64(const char *s, u64 *out)
{
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return false;
	errno = 0;
	*out = strtoull(s, &end, 0);
	return !errno && !*end;
}

bool parse_size(const char *s, u64 *out)
{
	unsigned int shift;
	char *end;
	u64 v;

	if (!*s || *s == '-' || *s == '+')
		return false;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return false;
	switch (*end) {
	case 'k': case 'K':
		shift = 10;
		break;
	case 'm': case 'M':
	case '\0':		/* as QEMU's -m: a plain number is MiB */
		shift = 20;
		break;
	case 'g': case 'G':
		shift = 30;
		break;
	default:
		return false;
	}
	if (*end && end[1])
		return false;
	if (v > (~0ULL >> shift))
		return false;
	*out = v << shift;
	return true;
}

static void print_usage(FILE *f)
{
	unsigned int i;

	fprintf(f, "usage: vmctl [--version] [--help] COMMAND [ARGS]\n\n");
	fprintf(f, "Commands:\n");
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name,
			commands[i].summary);
	fprintf(f, "\n'vmctl COMMAND --help' describes one command;\n"
		"'vmctl run --kernel IMAGE' boots a guest. See vmctl(1).\n");
}

static int print_version(void)
{
	struct xvm_info xi;

	printf("vmctl %s (xvm API %d)\n", VMCTL_VERSION, XVM_API_VERSION);
	if (xvm_info_get(&xi)) {
		if (xi.open_errno == ENOENT)
			printf("xvm.ko: not loaded (no /dev/xvm)\n");
		else
			printf("xvm.ko: /dev/xvm: %s\n",
			       strerror(xi.open_errno));
		return 0;
	}
	printf("xvm.ko: loaded, API version %d; VMX %s, SVM %s\n",
	       xi.api_version, xvm_hw_status_name(xi.vmx),
	       xvm_hw_status_name(xi.svm));
	return 0;
}

int main(int argc, char **argv)
{
	const char *name;
	unsigned int i;

	if (argc < 2) {
		print_usage(stderr);
		return VMCTL_EXIT_USAGE;
	}
	name = argv[1];
	if (!strcmp(name, "--version") || !strcmp(name, "version"))
		return print_version();
	if (!strcmp(name, "--help") || !strcmp(name, "-h") ||
	    !strcmp(name, "help")) {
		if (argc > 2 && strcmp(name, "help") == 0) {
			/* "vmctl help CMD" is "vmctl CMD --help". */
			argv[1] = argv[2];
			argv[2] = "--help";
			for (i = 0; i < ARRAY_SIZE(commands); i++)
				if (!strcmp(argv[1], commands[i].name))
					return commands[i].fn(2, argv + 1);
			return usage_err("'%s' is not a vmctl command",
					 argv[1]);
		}
		print_usage(stdout);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(name, commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	if (name[0] == '-')
		usage_err("unknown option '%s'", name);
	else
		usage_err("'%s' is not a vmctl command; see 'vmctl --help'",
			  name);
	return VMCTL_EXIT_USAGE;
}

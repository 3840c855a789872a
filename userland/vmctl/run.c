// SPDX-License-Identifier: GPL-2.0
/*
 * run.c - "vmctl run": boot a guest and run it to its end.
 *
 * Everything the command line names is read and checked first (files,
 * image format, memory layout, device tree, accelerator); only then is a
 * console file created and a VM made, so that bad input leaves nothing
 * behind and exits with status 2.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <linux/xvm.h>

#include "vmctl.h"

struct run_args {
	enum accel_kind accel;
	u64 mem;
	u64 cpus;
	const char *kernel;
	const char *initrd;
	const char *dtb;
	const char *dump_dtb;
	const char *append;
	bool has_load_addr;
	u64 load_addr;
	enum console_kind console;
	const char *console_path;
	bool quiet;
	struct run_opts opts;
};

enum {
	OPT_ACCEL = 256,
	OPT_CPUS,
	OPT_DTB,
	OPT_DUMP_DTB,
	OPT_APPEND,
	OPT_LOAD_ADDR,
	OPT_CONSOLE,
	OPT_SEMIHOSTING,
	OPT_TIMEOUT,
	OPT_NO_REBOOT,
};

static const struct option run_options[] = {
	{ "accel", required_argument, NULL, OPT_ACCEL },
	{ "mem", required_argument, NULL, 'm' },
	{ "cpus", required_argument, NULL, OPT_CPUS },
	{ "kernel", required_argument, NULL, 'k' },
	{ "initrd", required_argument, NULL, 'i' },
	{ "dtb", required_argument, NULL, OPT_DTB },
	{ "dump-dtb", required_argument, NULL, OPT_DUMP_DTB },
	{ "append", required_argument, NULL, OPT_APPEND },
	{ "load-addr", required_argument, NULL, OPT_LOAD_ADDR },
	{ "console", required_argument, NULL, OPT_CONSOLE },
	{ "semihosting", no_argument, NULL, OPT_SEMIHOSTING },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "no-reboot", no_argument, NULL, OPT_NO_REBOOT },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void run_usage(FILE *f)
{
	fprintf(f,
		"usage: vmctl run [OPTIONS] --kernel IMAGE\n"
		"\n"
		"Boot IMAGE (a Linux arm64 Image, an AArch64 ELF, or a raw binary\n"
		"with --load-addr) on QEMU's \"virt\" board and run it to its end.\n"
		"\n"
		"  -k, --kernel FILE      the image (also the one argument)\n"
		"  -i, --initrd FILE      initial ramdisk, below the device tree\n"
		"      --dtb FILE         device tree to use instead of the generated one\n"
		"      --append STRING    kernel command line (/chosen/bootargs)\n"
		"      --load-addr ADDR   load a raw binary at ADDR and start there\n"
		"  -m, --mem SIZE         guest RAM at 0x40000000 (default 256M;\n"
		"                         suffixes K, M, G; a plain number is MiB)\n"
		"      --cpus N           vCPUs (only 1 for now)\n"
		"      --accel ACCEL      auto (default), vmx, svm or soft\n"
		"      --console WHERE    stdio (default), file:PATH or none\n"
		"      --semihosting      enable Arm semihosting (HLT #0xf000)\n"
		"      --timeout SECONDS  stop the guest after SECONDS (status 124)\n"
		"      --no-reboot        exit on a guest reset instead of rebooting\n"
		"      --dump-dtb FILE    write the guest's device tree and exit\n"
		"  -v, --verbose          print the memory layout and why it ended\n"
		"  -q, --quiet            no notice about the accelerator chosen\n"
		"  -h, --help             this help\n"
		"\n"
		"Exit status: 0 when the guest powers off (PSCI SYSTEM_OFF) or\n"
		"Ctrl-A x is pressed; the guest's code for a semihosting exit;\n"
		"124 on timeout; 125 when the guest crashes; 2 for bad input;\n"
		"1 when vmctl itself fails. See vmctl(1).\n");
}

static int parse_accel(const char *s, enum accel_kind *kind)
{
	static const enum accel_kind all[] = {
		ACCEL_AUTO, ACCEL_SOFT, ACCEL_VMX, ACCEL_SVM,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(all); i++) {
		if (!strcmp(s, accel_name(all[i]))) {
			*kind = all[i];
			return 0;
		}
	}
	return usage_err("--accel '%s': choose auto, vmx, svm or soft", s);
}

static int parse_timeout(const char *s, double *t)
{
	char *end;

	*t = strtod(s, &end);
	if (end == s || *end || !(*t > 0) || *t > 1e9)
		return usage_err("--timeout '%s': give a number of seconds above 0",
				 s);
	return 0;
}

static int parse_mem(const char *s, u64 *mem)
{
	if (!parse_size(s, mem))
		return usage_err("--mem '%s': give a size such as 512M or 2G",
				 s);
	if (*mem < RAM_MIN || *mem > RAM_MAX || *mem % SZ_2M)
		return usage_err("--mem '%s': give a multiple of 2 MiB from %llu MiB to %llu GiB",
				 s, RAM_MIN >> 20, RAM_MAX >> 30);
	return 0;
}

static int parse_cpus(const char *s, u64 *cpus)
{
	if (!parse_u64(s, cpus) || !*cpus)
		return usage_err("--cpus '%s': give a number of vCPUs", s);
	if (*cpus > 1)
		return usage_err("--cpus %lu: only 1 vCPU is supported for now (no SMP yet)",
				 *cpus);
	return 0;
}

/* One option; 0, or an exit status. */
static int parse_one(int c, const char *arg, struct run_args *a)
{
	switch (c) {
	case OPT_ACCEL:
		return parse_accel(arg, &a->accel);
	case 'm':
		return parse_mem(arg, &a->mem);
	case OPT_CPUS:
		return parse_cpus(arg, &a->cpus);
	case 'k':
		a->kernel = arg;
		return 0;
	case 'i':
		a->initrd = arg;
		return 0;
	case OPT_DTB:
		a->dtb = arg;
		return 0;
	case OPT_DUMP_DTB:
		a->dump_dtb = arg;
		return 0;
	case OPT_APPEND:
		a->append = arg;
		return 0;
	case OPT_LOAD_ADDR:
		a->has_load_addr = true;
		if (!parse_u64(arg, &a->load_addr))
			return usage_err("--load-addr '%s': give an address such as 0x40080000",
					 arg);
		return 0;
	case OPT_CONSOLE:
		if (console_parse(arg, &a->console, &a->console_path))
			return usage_err("--console '%s': choose stdio, file:PATH or none",
					 arg);
		return 0;
	case OPT_SEMIHOSTING:
		a->opts.semihosting = true;
		return 0;
	case OPT_TIMEOUT:
		return parse_timeout(arg, &a->opts.timeout);
	case OPT_NO_REBOOT:
		a->opts.no_reboot = true;
		return 0;
	case 'v':
		a->opts.verbose = true;
		return 0;
	case 'q':
		a->quiet = true;
		return 0;
	default:
		return VMCTL_EXIT_USAGE;
	}
}

/* 0 to run, -1 after --help, else an exit status. */
static int parse_args(int argc, char **argv, struct run_args *a)
{
	int c, r;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":m:k:i:vqh", run_options,
				NULL)) != -1) {
		if (c == 'h') {
			run_usage(stdout);
			return -1;
		}
		if (c == '?')
			return usage_err("run: unknown option '%s'; see 'vmctl run --help'",
					 argv[optind - 1]);
		if (c == ':')
			return usage_err("run: option '%s' needs a value",
					 argv[optind - 1]);
		r = parse_one(c, optarg, a);
		if (r)
			return r;
	}
	if (optind < argc && !a->kernel)
		a->kernel = argv[optind++];
	if (optind < argc)
		return usage_err("run: unexpected argument '%s'", argv[optind]);
	if (!a->kernel && !a->dump_dtb)
		return usage_err("run: no kernel; give --kernel IMAGE (see 'vmctl run --help')");
	if (a->has_load_addr && !a->kernel)
		return usage_err("run: --load-addr without --kernel");
	return 0;
}

int guest_crash_at(u64 pc, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	vmctl_err("guest crash at PC 0x%lx: %s", pc, why);
	return VMCTL_EXIT_CRASH;
}

const char *board_hole_name(u64 addr)
{
	if (addr - BOARD_GICD_BASE < BOARD_GIC_SIZE)
		return " (GIC distributor: not emulated yet)";
	if (addr - BOARD_GICC_BASE < BOARD_GIC_SIZE)
		return " (GIC CPU interface: not emulated yet)";
	if (addr - BOARD_RTC_BASE < BOARD_DEV_SIZE)
		return " (PL031 RTC: not emulated yet)";
	return ", where nothing is mapped";
}

/* Read and check everything; 0 or -1 (bad input, message printed). */
static int prepare(const struct run_args *a, struct boot *b)
{
	b->ram_base = BOARD_RAM_BASE;
	b->ram_size = a->mem;
	b->append = a->append;
	b->has_load_addr = a->has_load_addr;
	b->load_addr = a->load_addr;
	if (a->kernel && blob_read(&b->kernel, a->kernel, "kernel"))
		return -1;
	if (a->initrd && blob_read(&b->initrd, a->initrd, "initrd"))
		return -1;
	if (a->dtb && blob_read(&b->dtb_file, a->dtb, "--dtb"))
		return -1;
	if (boot_plan(b) || fdt_prepare(b) || boot_check(b))
		return -1;
	return 0;
}

static int run_guest(const struct run_args *a, struct boot *b)
{
	enum accel_kind accel;
	int status, sig;

	if (accel_choose(a->accel, a->quiet, &accel))
		return VMCTL_EXIT_USAGE;
	if (console_open(a->console, a->console_path))
		return VMCTL_EXIT_USAGE;
	if (a->opts.verbose)
		boot_print(b, stderr);
	if (console_is_raw() && !a->quiet)
		vmctl_err("console on this terminal: Ctrl-A x quits, Ctrl-A h helps");
	stop_arm(a->opts.timeout);
	if (accel == ACCEL_SOFT)
		status = soft_run(b, &a->opts);
	else
		status = hw_run(b, &a->opts, accel == ACCEL_VMX ?
				XVM_BACKEND_VMX : XVM_BACKEND_SVM);
	console_close(status == VMCTL_EXIT_FAILURE);
	stop_disarm();
	if (stop_reason(&sig) == STOP_SIGNAL) {
		/* Die of the signal, now that the terminal is back. */
		signal(sig, SIG_DFL);
		raise(sig);
	}
	return status;
}

int cmd_run(int argc, char **argv)
{
	struct run_args a = {
		.accel = ACCEL_AUTO,
		.mem = RAM_DEFAULT,
		.cpus = 1,
		.console = CONSOLE_STDIO,
	};
	struct boot b = { 0 };
	int status;

	status = parse_args(argc, argv, &a);
	if (status)
		return status < 0 ? 0 : status;
	if (prepare(&a, &b)) {
		status = VMCTL_EXIT_USAGE;
	} else if (a.dump_dtb) {
		status = fdt_dump(&b, a.dump_dtb) ? VMCTL_EXIT_USAGE : 0;
		if (!status && a.opts.verbose)
			boot_print(&b, stderr);
	} else {
		status = run_guest(&a, &b);
	}
	boot_free(&b);
	return status;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - xvm-soft: run a bare-metal AArch64 program on the soft
 * accelerator, as "qemu-system-aarch64 -M virt -cpu cortex-a57 -kernel"
 * would.
 *
 * Exit status: the guest's (semihosting exit, PSCI SYSTEM_OFF = 0), 124
 * on timeout, 125 when the guest crashes (one line on stderr says why), 2
 * for a bad command line or image.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "soft.h"

static void print_usage(FILE *f)
{
	fprintf(f,
		"usage: xvm-soft [--semihosting] [--mem SIZE] [--timeout SECONDS]\n"
		"                [--load-addr ADDR] [--stats] IMAGE\n"
		"\n"
		"  --semihosting     enable Arm semihosting (HLT #0xF000)\n"
		"  --mem SIZE        guest RAM at 0x40000000 (default 256M;\n"
		"                    suffixes K, M, G)\n"
		"  --timeout SECS    stop with status 124 after SECS seconds\n"
		"  --load-addr ADDR  where a raw (non-ELF) image goes\n"
		"                    (default 0x40080000)\n"
		"  --stats           print translator counters on stderr\n");
}

static bool parse_size(const char *s, unsigned long long *out)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 0);
	unsigned int shift = 0;

	if (end == s)
		return false;
	switch (*end) {
	case 'k': case 'K':
		shift = 10;
		end++;
		break;
	case 'm': case 'M':
		shift = 20;
		end++;
		break;
	case 'g': case 'G':
		shift = 30;
		end++;
		break;
	case '\0':
		shift = 20;	/* as QEMU's -m: plain numbers are MiB */
		break;
	}
	if (*end || !v || v > (64ULL << 30) >> shift)
		return false;
	*out = v << shift;
	return true;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "semihosting", no_argument, NULL, 's' },
		{ "mem", required_argument, NULL, 'm' },
		{ "timeout", required_argument, NULL, 't' },
		{ "load-addr", required_argument, NULL, 'l' },
		{ "stats", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct soft_config cfg = { .ram_size = SOFT_RAM_SIZE };
	unsigned long long load_addr = SOFT_LOAD_ADDR, v;
	struct soft_vm *vm;
	char err[256], *end;
	int c, status;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			cfg.semihosting = true;
			break;
		case 'm':
			if (!parse_size(optarg, &v) || (v & 0xfff)) {
				fprintf(stderr, "xvm-soft: bad --mem '%s'\n",
					optarg);
				return 2;
			}
			cfg.ram_size = v;
			break;
		case 't':
			cfg.timeout = strtod(optarg, &end);
			/* Written so that NaN fails too; a year is plenty. */
			if (end == optarg || *end ||
			    !(cfg.timeout >= 0 && cfg.timeout <= 366 * 86400.0)) {
				fprintf(stderr, "xvm-soft: bad --timeout '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'l':
			load_addr = strtoull(optarg, &end, 0);
			if (end == optarg || *end) {
				fprintf(stderr,
					"xvm-soft: bad --load-addr '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'S':
			cfg.stats = true;
			break;
		case 'h':
			print_usage(stdout);
			return 0;
		default:
			print_usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		print_usage(stderr);
		return 2;
	}
	vm = soft_vm_create(&cfg);
	if (!vm)
		return 2;
	if (soft_load_image(vm, argv[optind], load_addr, err, sizeof(err))) {
		fprintf(stderr, "xvm-soft: %s\n", err);
		soft_vm_destroy(vm);
		return 2;
	}
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	status = soft_vm_run(vm);
	soft_vm_destroy(vm);
	return status;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmctl.h - what the parts of vmctl share: exit statuses, the board the
 * guest sees, the boot plan (images and where they go in guest memory),
 * and the entry points of each file.
 */
#ifndef VMCTL_H
#define VMCTL_H

#include <stdio.h>
#include <signal.h>

#include "host.h"

/* Process exit statuses (Documentation/vmctl.rst, "EXIT STATUS"). */
#define VMCTL_EXIT_FAILURE	1	/* vmctl itself failed, no module */
#define VMCTL_EXIT_USAGE	2	/* bad command line or input file */
#define VMCTL_EXIT_TIMEOUT	124	/* --timeout expired */
#define VMCTL_EXIT_CRASH	125	/* the guest cannot go on */

/*
 * The board: QEMU's "virt" machine as ../shared/BRIEF.md section 2
 * describes it, with a GICv2.
 */
#define BOARD_RAM_BASE		0x40000000ULL
#define BOARD_GICD_BASE		0x08000000ULL
#define BOARD_GICC_BASE		0x08010000ULL
#define BOARD_GIC_SIZE		0x10000ULL
#define BOARD_UART_BASE		0x09000000ULL
#define BOARD_RTC_BASE		0x09010000ULL
#define BOARD_DEV_SIZE		0x1000ULL
#define BOARD_UART_SPI		1
#define BOARD_RTC_SPI		2
#define BOARD_CNTFRQ		62500000U
#define BOARD_APB_CLOCK		24000000U	/* the PL011's and PL031's */

/* Guest memory: --mem bounds and where the device tree goes. */
#define RAM_DEFAULT		(256ULL << 20)
#define RAM_MIN			(4ULL << 20)
#define RAM_MAX			(64ULL << 30)
#define DTB_MAX_SIZE		(2ULL << 20)	/* arm64 boot protocol */
#define SZ_2M			(2ULL << 20)

#define __attr(x)		__attribute__((x))
#define __printf(a, b)		__attr(__format__(printf, a, b))

/* @a is a power of two. */
static inline u64 align_down(u64 x, u64 a)
{
	return x & ~(a - 1);
}

static inline u64 align_up(u64 x, u64 a)
{
	return align_down(x + a - 1, a);
}

/* main.c: messages on stderr, each one line starting with "vmctl: ". */
void vmctl_err(const char *fmt, ...) __printf(1, 2);
/* The same, returning VMCTL_EXIT_USAGE. */
int usage_err(const char *fmt, ...) __printf(1, 2);
/* SIZE as --mem takes it (K, M, G suffixes; plain numbers are MiB). */
bool parse_size(const char *s, u64 *out);
/* A number in C syntax (0x... for hex), the whole string. */
bool parse_u64(const char *s, u64 *out);

int cmd_run(int argc, char **argv);

/* What "vmctl run" asks of every accelerator's run loop. */
struct run_opts {
	bool semihosting;
	bool no_reboot;
	bool verbose;
	double timeout;
};

/*
 * run.c, for the accelerators' run loops: "guest crash at PC 0x...: WHY"
 * on stderr, returning VMCTL_EXIT_CRASH; and what the board has at a
 * guest-physical address no accelerator emulates, for such messages
 * (" (GIC distributor: not emulated yet)", ", where nothing is mapped").
 */
int guest_crash_at(u64 pc, const char *fmt, ...) __printf(2, 3);
const char *board_hole_name(u64 addr);
int cmd_list(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_events(int argc, char **argv);
int cmd_irq(int argc, char **argv);

/* ---- loader.c: images and the guest memory layout -------------------- */

/* A file read whole. */
struct blob {
	const char *path;
	u8 *data;
	size_t size;
};

enum image_kind {
	IMAGE_NONE,
	IMAGE_ELF,		/* AArch64 ELF, by its program headers */
	IMAGE_LINUX,		/* Linux arm64 Image, boot protocol header */
	IMAGE_RAW,		/* raw binary at --load-addr */
};

/* One piece of guest memory to fill: @filesz bytes, then zeros. */
struct chunk {
	const char *what;	/* "kernel", "initrd", "device tree" */
	u64 gpa;
	const u8 *data;
	u64 filesz;
	u64 memsz;
};

#define BOOT_MAX_CHUNKS		32

/* Everything a run puts in guest memory, and the registers it starts with. */
struct boot {
	u64 ram_base;
	u64 ram_size;

	struct blob kernel;
	enum image_kind kind;
	bool has_load_addr;
	u64 load_addr;		/* --load-addr */
	u64 entry;		/* first PC */

	struct blob initrd;
	u64 initrd_start;	/* when initrd.data */

	struct blob dtb_file;	/* --dtb, when given */
	const char *append;	/* --append, or NULL */
	void *dtb;		/* the device tree the guest gets */
	u64 dtb_addr;

	struct chunk chunk[BOOT_MAX_CHUNKS];
	unsigned int nr_chunks;
};

/* Read @path whole; on failure a message naming @what, and -1. */
int blob_read(struct blob *b, const char *path, const char *what);
void blob_free(struct blob *b);

/*
 * Recognise the kernel image and plan where everything goes: kernel
 * chunks, initrd below the device tree slot at the top of RAM. The device
 * tree itself must be built (fdt.c) before boot_check(). Both print one
 * message and return -1 on bad input.
 */
int boot_plan(struct boot *b);
/* Add the device tree chunk; every chunk must fit RAM and none overlap. */
int boot_check(struct boot *b);
/* Put every chunk into guest memory through @ram (host view of RAM). */
void boot_copy(const struct boot *b, u8 *ram);
/* The first byte after the kernel's chunks (semihosting's heap base). */
u64 boot_image_end(const struct boot *b);
/* "Linux arm64 Image", "AArch64 ELF", "raw binary". */
const char *image_kind_name(enum image_kind kind);
void boot_print(const struct boot *b, FILE *f);
void boot_free(struct boot *b);

/* ---- fdt.c: the device tree -------------------------------------------- */

/*
 * Set b->dtb: a generated tree describing the board, or the --dtb file
 * checked and patched with /chosen (bootargs, initrd). -1 with a message
 * on bad input.
 */
int fdt_prepare(struct boot *b);
/* Write the prepared tree to @path (--dump-dtb). */
int fdt_dump(const struct boot *b, const char *path);
u64 fdt_size(const struct boot *b);

/* ---- console.c: where the guest's UART goes ---------------------------- */

enum console_kind {
	CONSOLE_STDIO,
	CONSOLE_FILE,
	CONSOLE_NONE,
};

/* Parse "stdio", "file:PATH" or "none"; -1 if it is none of them. */
int console_parse(const char *spec, enum console_kind *kind,
		  const char **path);
/*
 * Point the guest's output (the process's stdout) at the console and, on
 * a terminal, switch it to raw mode with an input thread for Ctrl-A
 * commands. -1 with a message if the file cannot be created.
 */
int console_open(enum console_kind kind, const char *path);
/* Undo console_open(); @failed: remove a file it created. Idempotent. */
void console_close(bool failed);
/* Async-signal-safe: put the terminal back as it was (fatal signals). */
void console_restore_tty(void);
/* Whether the console is a terminal in raw mode (Ctrl-A x works). */
bool console_is_raw(void);

/* ---- stop.c: why a running guest is asked to stop ---------------------- */

enum stop_reason {
	STOP_NONE,
	STOP_TIMEOUT,		/* --timeout expired */
	STOP_QUIT,		/* Ctrl-A x on the console */
	STOP_SIGNAL,		/* SIGINT, SIGTERM, SIGHUP, SIGPIPE */
};

/*
 * The accelerator registers how to interrupt its vCPU (async-signal-safe,
 * callable from any thread); stop_request() records the first reason and
 * calls it.
 */
void stop_set_kick(void (*kick)(void *arg), void *arg);
void stop_request(enum stop_reason reason, int sig);
enum stop_reason stop_reason(int *sig);
/*
 * The exit status the recorded reason means (124 with a message for a
 * timeout, 0 for Ctrl-A x, 128 + signal), or -1 when there is none.
 */
int stop_status(const struct run_opts *o);
/*
 * Signal handlers and the --timeout alarm for a run; stop_disarm() takes
 * them away and forgets the kick.
 */
void stop_arm(double timeout);
void stop_disarm(void);

/* ---- psci.c: PSCI through HVC, shared by every accelerator ------------- */

enum psci_action {
	PSCI_CONTINUE,		/* results in the registers, go on */
	PSCI_POWER_OFF,		/* SYSTEM_OFF, or the only CPU's CPU_OFF */
	PSCI_RESET,		/* SYSTEM_RESET */
};

/* x[0..3] in: the call; out: its results. */
enum psci_action psci_call(u64 x[4]);
/*
 * How PSCI_POWER_OFF or PSCI_RESET ends the run: 0 (exit status 0), or -1
 * when the accelerator must reboot the guest (a reset without
 * --no-reboot); says which on stderr with --verbose.
 */
int psci_end(enum psci_action action, const struct run_opts *o);

/* ---- soft_run.c: the soft accelerator ---------------------------------- */

/* Boot @b on the soft accelerator and run it; returns the exit status. */
int soft_run(struct boot *b, const struct run_opts *o);

/* ---- hw_run.c: a hardware backend of xvm.ko ---------------------------- */

/*
 * Boot @b on xvm.ko's @backend (XVM_BACKEND_VMX or XVM_BACKEND_SVM) and
 * run it; returns the exit status.
 */
int hw_run(struct boot *b, const struct run_opts *o, unsigned int backend);

/* ---- xvm.c: the module, /dev/xvm ------------------------------------- */

enum accel_kind {
	ACCEL_AUTO,
	ACCEL_SOFT,
	ACCEL_VMX,
	ACCEL_SVM,
};

/* What /dev/xvm says about this host. */
struct xvm_info {
	int open_errno;		/* 0 when /dev/xvm opened */
	int api_version;
	unsigned int backends;	/* XVM_BACKEND_* usable now */
	int vmx;		/* XVM_HW_* */
	int svm;
	int runs_a64;		/* XVM_CAP_RUNS_A64 */
};

int xvm_info_get(struct xvm_info *xi);
/* "usable", "CPUID reports none", ... for an XVM_HW_* status. */
const char *xvm_hw_status_name(int status);
/* Whether /proc/cpuinfo lists @flag ("vmx", "svm"). */
bool host_cpu_has(const char *flag);
/*
 * Pick the accelerator for @want: on failure -1 with a message (an
 * explicit hardware backend that is not usable); ACCEL_AUTO falls back to
 * soft with a one-line notice unless @quiet.
 */
int accel_choose(enum accel_kind want, bool quiet, enum accel_kind *got);
const char *accel_name(enum accel_kind kind);

#endif /* VMCTL_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * demo.h - the demo guest's view of its board: the PL011, the generic
 * timer, PSCI and the device tree it was handed.
 */
#ifndef VMCTL_DEMO_H
#define VMCTL_DEMO_H

#include <stdbool.h>
#include <stddef.h>

typedef __UINT8_TYPE__ u8;
typedef __UINT32_TYPE__ u32;
typedef __UINT64_TYPE__ u64;
typedef __INT64_TYPE__ s64;

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define BIT(n)		(1UL << (n))
#define __attr(x)	__attribute__((x))
#define __noreturn	__attr(__noreturn__)
#define __printf(a, b)	__attr(__format__(printf, a, b))

/* PSCI function ids and return values (DEN0022). */
#define PSCI_VERSION		0x84000000U
#define PSCI_CPU_ON_64		0xc4000003U
#define PSCI_SYSTEM_OFF		0x84000008U
#define PSCI_FEATURES		0x8400000aU
#define PSCI_NOT_SUPPORTED	(-1)

/* What the device tree says, as far as the demo cares. */
struct board {
	const void *fdt;
	u32 fdt_size;
	const char *compatible;
	const char *model;
	u64 mem_base;
	u64 mem_size;
	unsigned int cpus;
	const char *cpu_compatible;
	const char *enable_method;
	const char *psci_compatible;
	const char *psci_method;
	const char *bootargs;
	const char *stdout_path;
	bool has_initrd;
	u64 initrd_start;
	u64 initrd_end;
	bool has_gic;
	bool has_timer;
	bool has_uart;
	bool has_rtc;
};

/* board.c */
void putc_uart(char c);
void print(const char *fmt, ...) __printf(1, 2);
u64 counter(void);
u64 counter_freq(void);
unsigned int current_el(void);
bool mmu_enabled(void);
s64 psci(u32 fn, u64 a1, u64 a2, u64 a3);
void __noreturn power_off(void);
/* Fill @b from the tree at @fdt; false if there is none there. */
bool board_read(const void *fdt, struct board *b);
/* Whether the space-separated bootargs hold @word, or "@word=N" (*val). */
bool bootarg(const struct board *b, const char *word, unsigned int *val);
u32 fnv1a(const void *p, u64 len, u32 h);

/* The C library function the compiler may call on its own. */
void *memset(void *d, int c, size_t n);

/* demo.c: start.S calls it with x0, the device tree. */
int demo_main(const void *fdt);

#endif /* VMCTL_DEMO_H */

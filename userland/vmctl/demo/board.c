// SPDX-License-Identifier: GPL-2.0
/*
 * board.c - what the demo guest needs from its machine, written for the
 * bare metal: a polled PL011, a printf of a few conversions, the generic
 * timer, PSCI calls through HVC and a small flattened device tree reader.
 */
#include <stdarg.h>

#include "demo.h"

#define UART_BASE	0x09000000UL
#define UARTDR		0x000
#define UARTFR		0x018
#define FR_TXFF		BIT(5)		/* transmit FIFO full */

#define FDT_MAGIC	0xd00dfeedU
#define FDT_BEGIN_NODE	1
#define FDT_END_NODE	2
#define FDT_PROP	3
#define FDT_NOP		4
#define FDT_END		9

/* The compiler may call it for structure assignments; no libc here. */
void *memset(void *d, int c, size_t n)
{
	u8 *p = d;

	while (n--)
		*p++ = (u8)c;
	return d;
}

/* Device accesses: one load or store each, never merged or moved. */
static inline u32 mmio_read32(unsigned long addr)
{
	u32 v;

	asm volatile("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void mmio_write32(unsigned long addr, u32 v)
{
	asm volatile("str %w0, [%1]" : : "r"(v), "r"(addr) : "memory");
}

void putc_uart(char c)
{
	if (c == '\n')
		putc_uart('\r');
	while (mmio_read32(UART_BASE + UARTFR) & FR_TXFF)
		;
	mmio_write32(UART_BASE + UARTDR, (u8)c);
}

static void put_str(const char *s, int width, bool left)
{
	int n = 0;

	while (s[n])
		n++;
	for (; !left && n < width; width--)
		putc_uart(' ');
	while (*s)
		putc_uart(*s++);
	for (; left && n < width; width--)
		putc_uart(' ');
}

static void put_num(u64 v, unsigned int base, int width, char pad)
{
	char buf[24];
	int n = 0;

	do {
		buf[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	for (; width > n; width--)
		putc_uart(pad);
	while (n)
		putc_uart(buf[--n]);
}

/* %s %c %d %u %x %lu %lx %ld %%, with a width and '0' or '-' flags. */
void print(const char *fmt, ...)
{
	bool is_long, left;
	va_list ap;
	char pad;
	int width;
	s64 v;

	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			putc_uart(*fmt);
			continue;
		}
		fmt++;
		left = *fmt == '-';
		fmt += left;
		pad = *fmt == '0' ? '0' : ' ';
		for (width = 0; *fmt >= '0' && *fmt <= '9'; fmt++)
			width = width * 10 + *fmt - '0';
		is_long = *fmt == 'l';
		fmt += is_long;
		switch (*fmt) {
		case 's':
			put_str(va_arg(ap, const char *), width, left);
			break;
		case 'c':
			putc_uart((char)va_arg(ap, int));
			break;
		case 'd':
			v = is_long ? va_arg(ap, long) : va_arg(ap, int);
			if (v < 0) {
				putc_uart('-');
				v = -v;
			}
			put_num(v, 10, width, pad);
			break;
		case 'u':
		case 'x':
			put_num(is_long ? va_arg(ap, unsigned long) :
				va_arg(ap, unsigned int),
				*fmt == 'x' ? 16 : 10, width, pad);
			break;
		default:
			putc_uart(*fmt);
			break;
		}
	}
	va_end(ap);
}

u64 counter(void)
{
	u64 v;

	asm volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
	return v;
}

u64 counter_freq(void)
{
	u64 v;

	asm volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

unsigned int current_el(void)
{
	u64 v;

	asm volatile("mrs %0, CurrentEL" : "=r"(v));
	return (v >> 2) & 3;
}

bool mmu_enabled(void)
{
	u64 v;

	asm volatile("mrs %0, sctlr_el1" : "=r"(v));
	return v & 1;
}

s64 psci(u32 fn, u64 a1, u64 a2, u64 a3)
{
	register u64 x0 asm("x0") = fn;
	register u64 x1 asm("x1") = a1;
	register u64 x2 asm("x2") = a2;
	register u64 x3 asm("x3") = a3;

	asm volatile("hvc #0"
		     : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
		     :
		     : "memory");
	return (s64)x0;
}

void power_off(void)
{
	psci(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		asm volatile("wfi");
}

u32 fnv1a(const void *p, u64 len, u32 h)
{
	const u8 *s = p;

	while (len--)
		h = (h ^ *s++) * 16777619U;
	return h;
}

/* ---- the flattened device tree ------------------------------------------ */

static u32 be32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

static u64 be_cells(const void *p, u32 len)
{
	return len == 8 ? (u64)be32(p) << 32 | be32((const u8 *)p + 4) :
	       be32(p);
}

static bool streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static bool prefix(const char *s, const char *p)
{
	while (*p && *s == *p)
		s++, p++;
	return !*p;
}

/* One property of the node @node (its name), @parent its parent's. */
static void take_prop(struct board *b, const char *parent, const char *node,
		      const char *name, const u8 *val, u32 len)
{
	const char *s = (const char *)val;

	if (!*node) {
		if (streq(name, "compatible"))
			b->compatible = s;
		else if (streq(name, "model"))
			b->model = s;
	} else if (prefix(node, "memory") && streq(name, "reg") && len >= 16) {
		b->mem_base = be_cells(val, 8);
		b->mem_size = be_cells(val + 8, 8);
	} else if (streq(parent, "cpus") && prefix(node, "cpu@")) {
		if (streq(name, "compatible"))
			b->cpu_compatible = s;
		else if (streq(name, "enable-method"))
			b->enable_method = s;
	} else if (streq(node, "psci")) {
		if (streq(name, "compatible"))
			b->psci_compatible = s;
		else if (streq(name, "method"))
			b->psci_method = s;
	} else if (streq(node, "chosen")) {
		if (streq(name, "bootargs"))
			b->bootargs = s;
		else if (streq(name, "stdout-path"))
			b->stdout_path = s;
		else if (streq(name, "linux,initrd-start"))
			b->initrd_start = be_cells(val, len);
		else if (streq(name, "linux,initrd-end"))
			b->initrd_end = be_cells(val, len);
		b->has_initrd = b->initrd_end > b->initrd_start;
	}
}

static void take_node(struct board *b, const char *parent, const char *node)
{
	if (streq(parent, "cpus") && prefix(node, "cpu@"))
		b->cpus++;
	else if (streq(node, "timer"))
		b->has_timer = true;
	else if (prefix(node, "intc@"))
		b->has_gic = true;
	else if (prefix(node, "pl011@"))
		b->has_uart = true;
	else if (prefix(node, "pl031@"))
		b->has_rtc = true;
}

static u32 align4(u32 x)
{
	return (x + 3) & ~3U;
}

bool board_read(const void *fdt, struct board *b)
{
	const u8 *base = fdt, *p, *strings;
	const char *path[8] = { "" };
	unsigned int depth = 0;
	u32 tok, len;

	*b = (struct board){ .fdt = fdt };
	if (!fdt || be32(base) != FDT_MAGIC)
		return false;
	b->fdt_size = be32(base + 4);
	p = base + be32(base + 8);
	strings = base + be32(base + 12);
	for (;;) {
		tok = be32(p);
		p += 4;
		switch (tok) {
		case FDT_BEGIN_NODE:
			if (depth < 7)
				path[depth + 1] = (const char *)p;
			if (depth >= 1 && depth < 7)
				take_node(b, path[depth], path[depth + 1]);
			depth++;
			while (*p)
				p++;
			p = base + align4(p + 1 - base);
			break;
		case FDT_END_NODE:
			depth--;
			break;
		case FDT_PROP:
			len = be32(p);
			if (depth >= 1 && depth < 8)
				take_prop(b, depth > 1 ? path[depth - 1] : "",
					  depth > 1 ? path[depth] : "",
					  (const char *)strings + be32(p + 4),
					  p + 8, len);
			p += 8 + align4(len);
			break;
		case FDT_NOP:
			break;
		default:
			return true;	/* FDT_END, or something broken */
		}
	}
}

bool bootarg(const struct board *b, const char *word, unsigned int *val)
{
	const char *s = b->bootargs, *w;

	while (s && *s) {
		while (*s == ' ')
			s++;
		for (w = word; *w && *s == *w; w++)
			s++;
		if (!*w && (!*s || *s == ' '))
			return true;
		if (!*w && *s == '=') {
			for (*val = 0, s++; *s >= '0' && *s <= '9'; s++)
				*val = *val * 10 + *s - '0';
			return true;
		}
		while (*s && *s != ' ')
			s++;
	}
	return false;
}

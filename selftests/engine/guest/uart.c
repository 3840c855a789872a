// SPDX-License-Identifier: GPL-2.0
/*
 * uart.c - polled output on the PL011 of QEMU's virt board.
 *
 * Emulators accept bytes written to the data register without any
 * initialisation, so the kit neither programs the baud rate nor polls the
 * flag register: that keeps the access pattern to one store per byte.
 */
#include "guest.h"

#define PL011_BASE	0x09000000UL
#define PL011_DR	0x000

/* One 32-bit store, exactly as written: this is a device register. */
static inline void pl011_write(u32 v)
{
	__asm__ __volatile__("str %w0, [%1]"
			     : : "r"(v), "r"(PL011_BASE + PL011_DR) : "memory");
}

void uart_putc(char c)
{
	/* Bytes already queued for semihosting must come out first. */
	con_flush();
	pl011_write((u8)c);
}

void uart_puts(const char *s)
{
	while (*s)
		uart_putc(*s++);
}

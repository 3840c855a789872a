// SPDX-License-Identifier: GPL-2.0
/*
 * uart.c - bytes stored to the PL011 data register reach the console,
 * interleaved with semihosting output in program order.
 */
#include "guest.h"

int main(void)
{
	int i;

	con_puts("semihosting first\n");
	uart_puts("uart: hello from the PL011\n");
	for (i = 0; i < 4; i++) {
		con_printf("sh %d;", i);
		uart_putc((char)('0' + i));
		uart_putc('\n');
	}
	/* Byte and word stores both write the data register. */
	__asm__ __volatile__("strb %w0, [%2]\n\t"
			     "str %w1, [%2]\n\t"
			     "str %w3, [%2]"
			     : : "r"('B'), "r"('W'), "r"(0x09000000UL), "r"('\n')
			     : "memory");
	con_puts("semihosting last\n");
	return 17;
}

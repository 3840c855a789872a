// SPDX-License-Identifier: GPL-2.0
/*
 * hello.c - the smallest useful program: every semihosting output call
 * the kit uses, and number printing.
 */
#include "guest.h"

int main(void)
{
	static const char msg[] = "SYS_WRITE0 works\n";

	sh_writec('S');
	sh_writec('\n');
	sh_write0(msg);
	con_puts("hello from the guest\n");
	con_put_hex(0x0123456789abcdefULL, 16);
	con_putc(' ');
	con_put_dec(-9223372036854775807LL - 1);
	con_putc(' ');
	con_put_udec(18446744073709551615ULL);
	con_putc('\n');
	con_printf("%d %u %x %lx %s %c|%5d|%-5d|%05d|\n", -42, 42u, 0xbeef,
		   0xdeadbeefcafeUL, "str", 'c', 7, 7, 7);
	return 42;
}

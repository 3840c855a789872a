// SPDX-License-Identifier: GPL-2.0
/*
 * semihost.c - Arm semihosting calls for AArch64 guests.
 *
 * The operation number goes in w0 and a pointer to its parameter block in
 * x1; "hlt #0xf000" hands them to the host, which returns its result in x0.
 */
#include "guest.h"

#define SYS_WRITEC		0x03
#define SYS_WRITE0		0x04
#define SYS_WRITE		0x05
#define SYS_EXIT_EXTENDED	0x20

/* The reason code for a normal application exit (ADP_Stopped_*). */
#define ADP_STOPPED_APPLICATION_EXIT	0x20026

long sh_call(unsigned long op, const void *arg)
{
	register unsigned long x0 __asm__("x0") = op;
	register const void *x1 __asm__("x1") = arg;

	/* The host reads and writes guest memory behind our back. */
	__asm__ __volatile__("hlt #0xf000"
			     : "+r"(x0)
			     : "r"(x1)
			     : "memory");
	return (long)x0;
}

void sh_writec(char c)
{
	sh_call(SYS_WRITEC, &c);
}

void sh_write0(const char *s)
{
	sh_call(SYS_WRITE0, s);
}

/* Returns the number of bytes that were NOT written, as the host says. */
long sh_write(long handle, const void *buf, unsigned long len)
{
	u64 block[3] = { (u64)handle, (u64)(unsigned long)buf, len };

	return sh_call(SYS_WRITE, block);
}

void __noreturn sh_exit(int code)
{
	u64 block[2] = { ADP_STOPPED_APPLICATION_EXIT, (u64)(s64)code };

	sh_call(SYS_EXIT_EXTENDED, block);
	/* A host that ignored the request leaves us nothing better to do. */
	for (;;)
		__asm__ __volatile__("wfi");
}

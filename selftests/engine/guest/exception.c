// SPDX-License-Identifier: GPL-2.0
/*
 * exception.c - report an unexpected exception and stop.
 *
 * No test takes exceptions on purpose; one that does is broken (or the
 * emulator is), so print what the vector saw and exit with
 * GUEST_EXIT_EXCEPTION.
 */
#include "guest.h"

void __noreturn guest_exception(u64 vector, u64 esr, u64 elr, u64 far,
				u64 spsr);

void __noreturn guest_exception(u64 vector, u64 esr, u64 elr, u64 far,
				u64 spsr)
{
	con_printf("\nEXCEPTION vector %lu esr %08lx elr %016lx far %016lx spsr %08lx\n",
		   vector, esr, elr, far, spsr);
	guest_exit(GUEST_EXIT_EXCEPTION);
}

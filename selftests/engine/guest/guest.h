/* SPDX-License-Identifier: GPL-2.0 */
/*
 * guest.h - the bare-metal AArch64 test kit used by the engine's
 * differential corpus.
 *
 * Programs run at EL1 with the MMU off, straight from the ELF image that
 * QEMU (or xvm-soft) loads at 0x40080000. Output goes through Arm
 * semihosting (HLT #0xF000) into a small line buffer, or directly to the
 * PL011 UART at 0x09000000. main()'s return value becomes the exit status
 * of the emulator process through SYS_EXIT_EXTENDED.
 */
#ifndef XVM_GUEST_H
#define XVM_GUEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef __UINT8_TYPE__ u8;
typedef __UINT16_TYPE__ u16;
typedef __UINT32_TYPE__ u32;
typedef __UINT64_TYPE__ u64;
typedef __INT8_TYPE__ s8;
typedef __INT16_TYPE__ s16;
typedef __INT32_TYPE__ s32;
typedef __INT64_TYPE__ s64;

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define BIT(n)		(1UL << (n))
#define __attr(x)	__attribute__((x))
#define __noreturn	__attr(__noreturn__)
#define __aligned(n)	__attr(__aligned__(n))
#define __packed	__attr(__packed__)
#define __printf(a, b)	__attr(__format__(printf, a, b))
#define noinline	__attr(__noinline__)

/* Keep the compiler from caching memory across this point. */
static inline void barrier(void)
{
	__asm__ __volatile__("" : : : "memory");
}

/* Make the compiler assume that p's pointee is read and written here. */
static inline void escape(void *p)
{
	__asm__ __volatile__("" : : "r"(p) : "memory");
}

/* Exit status used when the guest takes an exception it did not expect. */
#define GUEST_EXIT_EXCEPTION	126

/* Raw semihosting calls (semihost.c); no buffering. */
long sh_call(unsigned long op, const void *arg);
void sh_writec(char c);
void sh_write0(const char *s);
long sh_write(long handle, const void *buf, unsigned long len);
void __noreturn sh_exit(int code);

/*
 * Buffered console on top of SYS_WRITE0 (print.c). The buffer is flushed
 * when full, by con_flush(), before any UART output and at exit, so the
 * order in which bytes reach the host's stdout is the program order.
 */
void con_putc(char c);
void con_puts(const char *s);
void con_write(const char *s, unsigned long len);
void con_put_hex(u64 v, int digits);
void con_put_udec(u64 v);
void con_put_dec(s64 v);
int con_printf(const char *fmt, ...) __printf(1, 2);
int con_vprintf(const char *fmt, va_list ap);
int guest_snprintf(char *buf, unsigned long size, const char *fmt, ...)
	__printf(3, 4);
int guest_vsnprintf(char *buf, unsigned long size, const char *fmt,
		    va_list ap);
void con_flush(void);

/* Flush the console and leave through SYS_EXIT_EXTENDED. */
void __noreturn guest_exit(int code);

/* PL011 data register (uart.c). */
void uart_putc(char c);
void uart_puts(const char *s);

/*
 * Register dump (regdump.S). From assembly, "bl regdump" prints x0-x30,
 * SP and NZCV and returns with every register and the flags unchanged
 * (x30 then holds the return address, as the bl wrote it). regdump_frame()
 * prints a frame in the same layout: x0..x30 at [0..30], SP at [31],
 * NZCV at [32].
 */
void regdump(void);
void regdump_frame(const u64 *frame);

/* A 64-bit FNV-1a over a byte range, for printing memory compactly. */
u64 guest_hash(const void *p, unsigned long len, u64 seed);

/* Minimal libc for freestanding code (libc.c). */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

/* Deterministic pseudo-random numbers (xorshift64*). */
static inline u64 guest_rand(u64 *state)
{
	u64 x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

int main(void);

#endif /* XVM_GUEST_H */

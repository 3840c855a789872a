// SPDX-License-Identifier: GPL-2.0
/*
 * libc.c - the few string functions GCC may call from freestanding code.
 *
 * With the MMU off every data access is to Device memory, where unaligned
 * accesses fault, so word copies are used only when both pointers share
 * the word alignment. This file is built with
 * -fno-tree-loop-distribute-patterns so that GCC does not turn the loops
 * below back into calls to themselves.
 */
#include "guest.h"

static bool both_aligned(const void *a, const void *b, unsigned long align)
{
	return !(((unsigned long)a | (unsigned long)b) & (align - 1));
}

void *memcpy(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;

	if (both_aligned(d, s, 8)) {
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(u64 *)d = *(const u64 *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	u8 *d = dst;
	u64 pattern = 0x0101010101010101ULL * (u8)c;

	for (; n && ((unsigned long)d & 7); n--)
		*d++ = (u8)c;
	for (; n >= 8; n -= 8, d += 8)
		*(u64 *)d = pattern;
	while (n--)
		*d++ = (u8)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x < *y ? -1 : 1;
	}
	return 0;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (u8)*a - (u8)*b;
}

u64 guest_hash(const void *p, unsigned long len, u64 seed)
{
	const u8 *b = p;
	u64 h = 0xcbf29ce484222325ULL ^ seed;

	while (len--) {
		h ^= *b++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

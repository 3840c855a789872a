// SPDX-License-Identifier: GPL-2.0
/*
 * exclusive.c - load/store exclusive loops of every size (ldxr/stxr,
 * ldaxr/stlxr, ldxp/stxp, ldaxp/stlxp), store-exclusive failing after
 * clrex, and load-acquire/store-release (ldar/stlr) of every size.
 *
 * Only outcomes the architecture fixes are printed: a retry loop's final
 * memory value, and the failure of a store-exclusive with no reservation.
 * How often a loop retried is the implementation's business.
 */
#include "corpus.h"

static u64 cell64 __aligned(16);
static u32 cell32 __aligned(8);
static u16 cell16 __aligned(8);
static u8 cell8 __aligned(8);
static u64 pair64[2] __aligned(16);
static u32 pair32[2] __aligned(8);

static u8 fadd8(u8 *p, u8 v)
{
	u32 old, tmp, fail;

	__asm__ __volatile__("1:	ldxrb %w[old], %[mem]\n\t"
			     "add %w[tmp], %w[old], %w[v]\n\t"
			     "stxrb %w[fail], %w[tmp], %[mem]\n\t"
			     "cbnz %w[fail], 1b"
			     : [old] "=&r"(old), [tmp] "=&r"(tmp),
			       [fail] "=&r"(fail), [mem] "+Q"(*p)
			     : [v] "r"(v)
			     : "memory");
	return (u8)old;
}

static u16 fadd16(u16 *p, u16 v)
{
	u32 old, tmp, fail;

	__asm__ __volatile__("1:	ldaxrh %w[old], %[mem]\n\t"
			     "add %w[tmp], %w[old], %w[v]\n\t"
			     "stlxrh %w[fail], %w[tmp], %[mem]\n\t"
			     "cbnz %w[fail], 1b"
			     : [old] "=&r"(old), [tmp] "=&r"(tmp),
			       [fail] "=&r"(fail), [mem] "+Q"(*p)
			     : [v] "r"(v)
			     : "memory");
	return (u16)old;
}

static u32 fadd32(u32 *p, u32 v)
{
	u32 old, tmp, fail;

	__asm__ __volatile__("1:	ldxr %w[old], %[mem]\n\t"
			     "add %w[tmp], %w[old], %w[v]\n\t"
			     "stlxr %w[fail], %w[tmp], %[mem]\n\t"
			     "cbnz %w[fail], 1b"
			     : [old] "=&r"(old), [tmp] "=&r"(tmp),
			       [fail] "=&r"(fail), [mem] "+Q"(*p)
			     : [v] "r"(v)
			     : "memory");
	return old;
}

static u64 fadd64(u64 *p, u64 v)
{
	u64 old, tmp;
	u32 fail;

	__asm__ __volatile__("1:	ldaxr %[old], %[mem]\n\t"
			     "add %[tmp], %[old], %[v]\n\t"
			     "stxr %w[fail], %[tmp], %[mem]\n\t"
			     "cbnz %w[fail], 1b"
			     : [old] "=&r"(old), [tmp] "=&r"(tmp),
			       [fail] "=&r"(fail), [mem] "+Q"(*p)
			     : [v] "r"(v)
			     : "memory");
	return old;
}

/* Swap the two halves of a pair atomically; returns the old low half. */
static u64 swap_pair64(u64 *p, bool acq_rel)
{
	u64 lo, hi;
	u32 fail;

	if (acq_rel)
		__asm__ __volatile__("1:	ldaxp %[lo], %[hi], [%[p]]\n\t"
				     "stlxp %w[fail], %[hi], %[lo], [%[p]]\n\t"
				     "cbnz %w[fail], 1b"
				     : [lo] "=&r"(lo), [hi] "=&r"(hi),
				       [fail] "=&r"(fail)
				     : [p] "r"(p)
				     : "memory");
	else
		__asm__ __volatile__("1:	ldxp %[lo], %[hi], [%[p]]\n\t"
				     "stxp %w[fail], %[hi], %[lo], [%[p]]\n\t"
				     "cbnz %w[fail], 1b"
				     : [lo] "=&r"(lo), [hi] "=&r"(hi),
				       [fail] "=&r"(fail)
				     : [p] "r"(p)
				     : "memory");
	return lo;
}

static u32 inc_pair32(u32 *p)
{
	u32 lo, hi, fail;

	__asm__ __volatile__("1:	ldxp %w[lo], %w[hi], [%[p]]\n\t"
			     "add %w[lo], %w[lo], #1\n\t"
			     "sub %w[hi], %w[hi], #1\n\t"
			     "stxp %w[fail], %w[lo], %w[hi], [%[p]]\n\t"
			     "cbnz %w[fail], 1b"
			     : [lo] "=&r"(lo), [hi] "=&r"(hi),
			       [fail] "=&r"(fail)
			     : [p] "r"(p)
			     : "memory");
	return lo;
}

/* After clrex the monitor is open: the store must fail and not write. */
static u32 store_after_clrex(u64 *p)
{
	u64 old;
	u32 fail;

	__asm__ __volatile__("ldxr %[old], [%[p]]\n\t"
			     "clrex\n\t"
			     "stxr %w[fail], %[v], [%[p]]"
			     : [old] "=&r"(old), [fail] "=&r"(fail)
			     : [p] "r"(p), [v] "r"(0xbadUL)
			     : "memory");
	return fail;
}

static void acquire_release(void)
{
	u64 x;
	u32 w;
	u16 h;
	u8 b;

	__asm__ __volatile__("stlr %[v], [%[p]]" : : [v] "r"(0x1122334455667788UL),
			     [p] "r"(&cell64) : "memory");
	__asm__ __volatile__("stlr %w[v], [%[p]]" : : [v] "r"(0xdeadbeefU),
			     [p] "r"(&cell32) : "memory");
	__asm__ __volatile__("stlrh %w[v], [%[p]]" : : [v] "r"(0xfffffeedU),
			     [p] "r"(&cell16) : "memory");
	__asm__ __volatile__("stlrb %w[v], [%[p]]" : : [v] "r"(0x1234U),
			     [p] "r"(&cell8) : "memory");
	__asm__ __volatile__("ldar %[x], [%[p]]" : [x] "=r"(x)
			     : [p] "r"(&cell64) : "memory");
	__asm__ __volatile__("ldar %w[x], [%[p]]" : [x] "=r"(w)
			     : [p] "r"(&cell32) : "memory");
	__asm__ __volatile__("ldarh %w[x], [%[p]]" : [x] "=r"(h)
			     : [p] "r"(&cell16) : "memory");
	__asm__ __volatile__("ldarb %w[x], [%[p]]" : [x] "=r"(b)
			     : [p] "r"(&cell8) : "memory");
	con_printf("ldar/stlr %016lx %08x %04x %02x\n", x, w, h, b);
}

int main(void)
{
	u64 sum = 0;
	int i;

	for (i = 0; i < 1000; i++) {
		sum += fadd8(&cell8, 3);
		sum += fadd16(&cell16, 1000);
		sum += fadd32(&cell32, 0x10001);
		sum += fadd64(&cell64, 0x123456789UL);
	}
	con_printf("fetch-add %02x %04x %08x %016lx sum %016lx\n", cell8,
		   cell16, cell32, cell64, sum);

	pair64[0] = 0x1111111111111111UL;
	pair64[1] = 0x2222222222222222UL;
	sum = swap_pair64(pair64, false);
	sum = sum * 3 + swap_pair64(pair64, true);
	sum = sum * 3 + swap_pair64(pair64, false);
	con_printf("pair64 %016lx %016lx %016lx\n", pair64[0], pair64[1], sum);

	pair32[0] = 0xfffffff0;
	pair32[1] = 5;
	for (i = 0; i < 20; i++)
		sum += inc_pair32(pair32);
	con_printf("pair32 %08x %08x %016lx\n", pair32[0], pair32[1], sum);

	cell64 = 42;
	con_printf("stxr after clrex: status %u value %lu\n",
		   store_after_clrex(&cell64), cell64);

	acquire_release();
	return 23;
}

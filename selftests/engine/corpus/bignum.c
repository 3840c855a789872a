// SPDX-License-Identifier: GPL-2.0
/*
 * bignum.c - multi-precision arithmetic on 64-bit limbs, with the carry
 * chains written as adds/adcs and the products as mul/umulh: 2^1000 and
 * 100! printed in decimal (the digits come from __int128 division in
 * libgcc), and the 2000th Fibonacci number.
 */
#include "corpus.h"

#define LIMBS	64

struct big {
	u64 l[LIMBS];
};

/* r = a + b with an adds/adcs chain, two limbs per step. */
static void big_add(struct big *r, const struct big *a, const struct big *b)
{
	u64 carry = 0, x, y;
	int i;

	for (i = 0; i < LIMBS; i += 2) {
		__asm__("cmp %[c], #1\n\t"	/* C = carry */
			"adcs %[x], %[a0], %[b0]\n\t"
			"adcs %[y], %[a1], %[b1]\n\t"
			"cset %[c], cs"
			: [x] "=&r"(x), [y] "=&r"(y), [c] "+r"(carry)
			: [a0] "r"(a->l[i]), [b0] "r"(b->l[i]),
			  [a1] "r"(a->l[i + 1]), [b1] "r"(b->l[i + 1])
			: "cc");
		r->l[i] = x;
		r->l[i + 1] = y;
	}
}

/* a *= m, using mul for the low half and umulh for the high half. */
static void big_mul_small(struct big *a, u64 m)
{
	u64 carry = 0, lo, hi;
	int i;

	for (i = 0; i < LIMBS; i++) {
		__asm__("mul %[lo], %[a], %[m]\n\t"
			"umulh %[hi], %[a], %[m]\n\t"
			"adds %[lo], %[lo], %[c]\n\t"
			"adc %[hi], %[hi], xzr"
			: [lo] "=&r"(lo), [hi] "=&r"(hi)
			: [a] "r"(a->l[i]), [m] "r"(m), [c] "r"(carry)
			: "cc");
		a->l[i] = lo;
		carry = hi;
	}
}

/* a /= d, returning the remainder (d < 2^32 keeps it simple). */
static u64 big_div_small(struct big *a, u64 d)
{
	__uint128_t rem = 0;
	int i;

	for (i = LIMBS - 1; i >= 0; i--) {
		__uint128_t cur = rem << 64 | a->l[i];

		a->l[i] = (u64)(cur / d);
		rem = cur % d;
	}
	return (u64)rem;
}

static bool big_zero(const struct big *a)
{
	int i;

	for (i = 0; i < LIMBS; i++)
		if (a->l[i])
			return false;
	return true;
}

static char digits[LIMBS * 20 + 1];

static void big_print(const char *name, const struct big *v)
{
	struct big t = *v;
	int n = 0, i;
	u64 chunk;

	/* 19 decimal digits at a time, least significant first. */
	do {
		chunk = big_div_small(&t, 10000000000000000000UL);
		for (i = 0; i < 19; i++) {
			digits[n++] = (char)('0' + chunk % 10);
			chunk /= 10;
		}
	} while (!big_zero(&t));
	while (n > 1 && digits[n - 1] == '0')
		n--;
	con_printf("%s (%d digits) ", name, n);
	while (n)
		con_putc(digits[--n]);
	con_putc('\n');
}

static struct big x, y, z;

int main(void)
{
	int i;

	x.l[0] = 1;
	for (i = 0; i < 1000; i++)
		big_add(&x, &x, &x);
	big_print("2^1000", &x);

	memset(&x, 0, sizeof(x));
	x.l[0] = 1;
	for (i = 2; i <= 100; i++)
		big_mul_small(&x, (u64)i);
	big_print("100!", &x);

	memset(&x, 0, sizeof(x));
	memset(&y, 0, sizeof(y));
	y.l[0] = 1;
	for (i = 0; i < 2000; i++) {
		big_add(&z, &x, &y);
		x = y;
		y = z;
	}
	con_printf("fib(2000) hash %016lx\n", guest_hash(&x, sizeof(x), 0));
	return 36;
}

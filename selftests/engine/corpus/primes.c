// SPDX-License-Identifier: GPL-2.0
/*
 * primes.c - a bit-array sieve to 200000 and a deterministic Miller-Rabin
 * test for 64-bit numbers, whose modular multiplication goes through
 * 128-bit products (mul/umulh) and libgcc's 128-bit remainder.
 */
#include "corpus.h"

#define LIMIT	200000

static u64 composite[LIMIT / 64 + 1];

static u64 mulmod(u64 a, u64 b, u64 m)
{
	return (u64)((__uint128_t)a * b % m);
}

static u64 powmod(u64 b, u64 e, u64 m)
{
	u64 r = 1;

	b %= m;
	while (e) {
		if (e & 1)
			r = mulmod(r, b, m);
		b = mulmod(b, b, m);
		e >>= 1;
	}
	return r;
}

/* These bases decide primality for every n < 2^64. */
static bool is_prime(u64 n)
{
	static const u64 bases[] = { 2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31,
				     37 };
	u64 d = n - 1, x;
	unsigned int i, r = 0, k;

	if (n < 2)
		return false;
	for (i = 0; i < ARRAY_SIZE(bases); i++)
		if (n % bases[i] == 0)
			return n == bases[i];
	while (!(d & 1)) {
		d >>= 1;
		r++;
	}
	for (i = 0; i < ARRAY_SIZE(bases); i++) {
		x = powmod(bases[i], d, n);
		if (x == 1 || x == n - 1)
			continue;
		for (k = 1; k < r; k++) {
			x = mulmod(x, x, n);
			if (x == n - 1)
				break;
		}
		if (k == r)
			return false;
	}
	return true;
}

int main(void)
{
	static const u64 probes[] = {
		18446744073709551557UL,		/* largest 64-bit prime */
		18446744073709551615UL,
		9223372036854775783UL,
		4294967291UL, 4294967297UL,	/* 641 * 6700417 */
		3825123056546413051UL,		/* strong pseudoprime */
		1000000000000000003UL,
	};
	u64 i, j, count = 0, sum = 0, mr_mismatch = 0;

	for (i = 2; i * i < LIMIT; i++) {
		if (composite[i / 64] >> (i % 64) & 1)
			continue;
		for (j = i * i; j < LIMIT; j += i)
			composite[j / 64] |= 1UL << (j % 64);
	}
	for (i = 2; i < LIMIT; i++) {
		bool prime = !(composite[i / 64] >> (i % 64) & 1);

		count += prime;
		sum += prime ? i : 0;
		if (i < 20000)
			mr_mismatch += prime != is_prime(i);
	}
	con_printf("primes below %d: %lu, sum %lu, sieve/MR mismatches %lu\n",
		   LIMIT, count, sum, mr_mismatch);
	for (i = 0; i < ARRAY_SIZE(probes); i++)
		con_printf("%20lu %s\n", probes[i],
			   is_prime(probes[i]) ? "prime" : "composite");
	return mr_mismatch ? 1 : 37;
}

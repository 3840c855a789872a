// SPDX-License-Identifier: GPL-2.0
/*
 * hashtab.c - an open-addressing hash table (linear probing, tombstones)
 * keyed by 64-bit integers hashed with a SipHash-style add-rotate-xor
 * mixer, under a mix of inserts, lookups and deletes; plus FNV-1a over
 * short strings. The table's contents are checked against a bitmap.
 */
#include "bench.h"

#define TABLE_BITS	15
#define TABLE_SIZE	BIT(TABLE_BITS)
#define KEY_SPACE	(TABLE_SIZE / 2)	/* load stays below 1/2 */
#define OPS		(96 * 1024)
#define ROUNDS		110

#define SLOT_EMPTY	0
#define SLOT_DEAD	1

struct slot {
	u64 key;	/* key + 2; 0 and 1 mark empty and deleted */
	u64 value;
};

static struct slot table[TABLE_SIZE];
static u8 present[KEY_SPACE];

static inline u64 rol64(u64 x, unsigned int n)
{
	return (x << n) | (x >> (64 - n));
}

/* Two SipRounds over (key, k0, k1, len), folded to 64 bits. */
static u64 sip_mix(u64 key, u64 k0, u64 k1)
{
	u64 v0 = k0 ^ 0x736f6d6570736575ULL, v1 = k1 ^ 0x646f72616e646f6dULL;
	u64 v2 = k0 ^ 0x6c7967656e657261ULL, v3 = k1 ^ 0x7465646279746573ULL;
	int i;

	v3 ^= key;
	for (i = 0; i < 2; i++) {
		v0 += v1; v1 = rol64(v1, 13); v1 ^= v0; v0 = rol64(v0, 32);
		v2 += v3; v3 = rol64(v3, 16); v3 ^= v2;
		v0 += v3; v3 = rol64(v3, 21); v3 ^= v0;
		v2 += v1; v1 = rol64(v1, 17); v1 ^= v2; v2 = rol64(v2, 32);
	}
	v0 ^= key;
	return v0 ^ v1 ^ v2 ^ v3;
}

static u32 probe(u64 key, u64 k0, u64 k1, bool *found)
{
	u32 i = sip_mix(key, k0, k1) & (TABLE_SIZE - 1), dead = ~0u;

	for (;; i = (i + 1) & (TABLE_SIZE - 1)) {
		if (table[i].key == key + 2) {
			*found = true;
			return i;
		}
		if (table[i].key == SLOT_EMPTY) {
			*found = false;
			return dead != ~0u ? dead : i;
		}
		if (table[i].key == SLOT_DEAD && dead == ~0u)
			dead = i;
	}
}

static u64 fnv1a(const char *s, unsigned long len)
{
	u64 h = 0xcbf29ce484222325ULL;

	while (len--) {
		h ^= (u8)*s++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

int main(void)
{
	u64 seed = 0xa0761d6478bd642fULL, sum = 0, k0, k1, key;
	unsigned long op, live;
	char name[24];
	bool found;
	int round, len;
	u32 i;

	for (round = 0; round < ROUNDS; round++) {
		k0 = guest_rand(&seed);
		k1 = guest_rand(&seed);
		for (i = 0; i < TABLE_SIZE; i++)
			table[i].key = SLOT_EMPTY;
		for (i = 0; i < KEY_SPACE; i++)
			present[i] = 0;
		for (op = 0; op < OPS; op++) {
			key = guest_rand(&seed) % KEY_SPACE;
			i = probe(key, k0, k1, &found);
			if (found != present[key])
				return bench_fail("hashtab", "membership",
						  found, present[key]);
			switch (guest_rand(&seed) % 4) {
			case 0:
			case 1:		/* insert or update */
				if (!found)
					table[i].key = key + 2;
				table[i].value = op;
				present[key] = 1;
				break;
			case 2:		/* delete */
				if (found)
					table[i].key = SLOT_DEAD;
				present[key] = 0;
				break;
			default:	/* lookup */
				sum = bench_mix(sum, found ? table[i].value : 0);
				break;
			}
		}
		/* Tombstones pile up; a full sweep must find them all. */
		for (i = 0, live = 0; i < TABLE_SIZE; i++)
			live += table[i].key > SLOT_DEAD;
		sum = bench_mix(sum, live);
		for (i = 0; i < 4096; i++) {
			len = guest_snprintf(name, sizeof(name), "key-%u-%d", i,
					     round);
			sum = bench_mix(sum, fnv1a(name, len));
		}
	}
	return bench_result("hashtab", sum);
}

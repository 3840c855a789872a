// SPDX-License-Identifier: GPL-2.0
/*
 * sha256.c - SHA-256 (FIPS 180-4) in plain integer code, hashing a chain
 * of messages of varying length, each derived from the previous digest.
 * The digests of "abc" and of the empty message are checked first.
 */
#include "bench.h"

#define MSG_SIZE	(16 * 1024)
#define MESSAGES	3600

struct sha256 {
	u32 h[8];
	u8 block[64];
	unsigned int fill;
	u64 length;
};

static const u32 round_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline u32 ror32(u32 x, unsigned int n)
{
	return (x >> n) | (x << (32 - n));
}

static void sha256_block(u32 *h, const u8 *p)
{
	u32 w[64], a, b, c, d, e, f, g, hh, t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (u32)p[4 * i] << 24 | (u32)p[4 * i + 1] << 16 |
		       (u32)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (i = 16; i < 64; i++)
		w[i] = w[i - 16] + w[i - 7] +
		       (ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^
			(w[i - 15] >> 3)) +
		       (ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^
			(w[i - 2] >> 10));
	a = h[0]; b = h[1]; c = h[2]; d = h[3];
	e = h[4]; f = h[5]; g = h[6]; hh = h[7];
	for (i = 0; i < 64; i++) {
		t1 = hh + (ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25)) +
		     ((e & f) ^ (~e & g)) + round_k[i] + w[i];
		t2 = (ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22)) +
		     ((a & b) ^ (a & c) ^ (b & c));
		hh = g; g = f; f = e; e = d + t1;
		d = c; c = b; b = a; a = t1 + t2;
	}
	h[0] += a; h[1] += b; h[2] += c; h[3] += d;
	h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

static void sha256_init(struct sha256 *s)
{
	static const u32 iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	int i;

	for (i = 0; i < 8; i++)
		s->h[i] = iv[i];
	s->fill = 0;
	s->length = 0;
}

static void sha256_update(struct sha256 *s, const u8 *p, unsigned long len)
{
	s->length += len;
	while (len) {
		if (!s->fill && len >= 64) {
			sha256_block(s->h, p);
			p += 64;
			len -= 64;
			continue;
		}
		s->block[s->fill++] = *p++;
		len--;
		if (s->fill == 64) {
			sha256_block(s->h, s->block);
			s->fill = 0;
		}
	}
}

static void sha256_final(struct sha256 *s, u8 *digest)
{
	u64 bits = s->length * 8;
	static const u8 pad = 0x80, zero;
	u8 len_be[8];
	int i;

	sha256_update(s, &pad, 1);
	while (s->fill != 56)
		sha256_update(s, &zero, 1);
	for (i = 0; i < 8; i++)
		len_be[i] = bits >> (56 - 8 * i);
	sha256_update(s, len_be, 8);
	for (i = 0; i < 32; i++)
		digest[i] = s->h[i / 4] >> (24 - 8 * (i % 4));
}

static u64 first_word(const u8 *d)
{
	u64 v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | d[i];
	return v;
}

static u8 msg[MSG_SIZE];

int main(void)
{
	struct sha256 s;
	u8 digest[32];
	u64 seed = 0x51a2b3c4d5e6f708ULL, sum = 0;
	int m, i;

	sha256_init(&s);
	sha256_update(&s, (const u8 *)"abc", 3);
	sha256_final(&s, digest);
	if (first_word(digest) != 0xba7816bf8f01cfeaULL)
		return bench_fail("sha256", "\"abc\"", first_word(digest),
				  0xba7816bf8f01cfeaULL);
	sha256_init(&s);
	sha256_final(&s, digest);
	if (first_word(digest) != 0xe3b0c44298fc1c14ULL)
		return bench_fail("sha256", "\"\"", first_word(digest),
				  0xe3b0c44298fc1c14ULL);

	for (i = 0; i < MSG_SIZE; i++)
		msg[i] = guest_rand(&seed) >> 56;
	for (m = 0; m < MESSAGES; m++) {
		unsigned long len = MSG_SIZE - (guest_rand(&seed) % 256);
		unsigned long split = guest_rand(&seed) % 100;

		/* Feed it in two parts so the buffered path runs too. */
		sha256_init(&s);
		sha256_update(&s, msg, split);
		sha256_update(&s, msg + split, len - split);
		sha256_final(&s, digest);
		for (i = 0; i < 32; i++)
			msg[(m * 32 + i) % MSG_SIZE] ^= digest[i];
		sum = bench_mix(sum, first_word(digest));
	}
	return bench_result("sha256", sum);
}

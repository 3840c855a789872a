// SPDX-License-Identifier: GPL-2.0
/*
 * hash.c - SHA-256 (checked against the FIPS 180-2 test vectors), FNV-1a,
 * a MurmurHash3-style 64-bit finaliser and Adler-32 over generated data.
 * (The 100000 x "a" digest was computed with the host's sha256sum.)
 */
#include "corpus.h"

struct sha256 {
	u32 h[8];
	u8 block[64];
	u64 length;
	unsigned int fill;
};

static const u32 sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b,
	0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
	0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7,
	0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152,
	0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
	0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
	0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
	0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static u32 ror32(u32 v, unsigned int n)
{
	return (v >> n) | (v << (32 - n));
}

static void sha256_block(struct sha256 *s)
{
	u32 w[64], a, b, c, d, e, f, g, h, t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (u32)s->block[4 * i] << 24 |
		       (u32)s->block[4 * i + 1] << 16 |
		       (u32)s->block[4 * i + 2] << 8 | s->block[4 * i + 3];
	for (; i < 64; i++)
		w[i] = w[i - 16] + w[i - 7] +
		       (ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^
			(w[i - 15] >> 3)) +
		       (ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^
			(w[i - 2] >> 10));
	a = s->h[0]; b = s->h[1]; c = s->h[2]; d = s->h[3];
	e = s->h[4]; f = s->h[5]; g = s->h[6]; h = s->h[7];
	for (i = 0; i < 64; i++) {
		t1 = h + (ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25)) +
		     ((e & f) ^ (~e & g)) + sha256_k[i] + w[i];
		t2 = (ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22)) +
		     ((a & b) ^ (a & c) ^ (b & c));
		h = g; g = f; f = e; e = d + t1;
		d = c; c = b; b = a; a = t1 + t2;
	}
	s->h[0] += a; s->h[1] += b; s->h[2] += c; s->h[3] += d;
	s->h[4] += e; s->h[5] += f; s->h[6] += g; s->h[7] += h;
}

static void sha256_init(struct sha256 *s)
{
	static const u32 iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372,
				   0xa54ff53a, 0x510e527f, 0x9b05688c,
				   0x1f83d9ab, 0x5be0cd19 };

	memcpy(s->h, iv, sizeof(iv));
	s->length = 0;
	s->fill = 0;
}

static void sha256_update(struct sha256 *s, const void *data,
			  unsigned long len)
{
	const u8 *p = data;

	s->length += len;
	while (len--) {
		s->block[s->fill++] = *p++;
		if (s->fill == 64) {
			sha256_block(s);
			s->fill = 0;
		}
	}
}

static void sha256_final(struct sha256 *s, u8 out[32])
{
	u64 bits = s->length * 8;
	u8 pad = 0x80;
	int i;

	sha256_update(s, &pad, 1);
	pad = 0;
	while (s->fill != 56)
		sha256_update(s, &pad, 1);
	for (i = 7; i >= 0; i--) {
		pad = (u8)(bits >> (8 * i));
		sha256_update(s, &pad, 1);
	}
	for (i = 0; i < 32; i++)
		out[i] = (u8)(s->h[i / 4] >> (24 - 8 * (i % 4)));
}

static bool sha256_check(const char *msg, unsigned long repeat,
			 const char *want_hex)
{
	struct sha256 s;
	char hex[65];
	u8 d[32];
	int i;

	sha256_init(&s);
	while (repeat--)
		sha256_update(&s, msg, strlen(msg));
	sha256_final(&s, d);
	for (i = 0; i < 32; i++)
		guest_snprintf(hex + 2 * i, 3, "%02x", d[i]);
	con_printf("sha256 %s\n", hex);
	return !strcmp(hex, want_hex);
}

static u64 murmur_mix(u64 k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdUL;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53UL;
	k ^= k >> 33;
	return k;
}

static u32 adler32(const u8 *p, unsigned long len)
{
	u32 a = 1, b = 0;

	while (len--) {
		a = (a + *p++) % 65521;
		b = (b + a) % 65521;
	}
	return b << 16 | a;
}

static u8 data[8192];

int main(void)
{
	u64 seed = 5, m = 0;
	int bad = 0;
	unsigned int i;

	bad += !sha256_check("abc", 1,
		"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	bad += !sha256_check("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
			     1,
		"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	bad += !sha256_check("a", 100000,
		"6d1cf22d7cc09b085dfc25ee1a1f3ae0265804c607bc2074ad253bcc82fd81ee");
	for (i = 0; i < sizeof(data); i++)
		data[i] = (u8)(guest_rand(&seed) >> 56);
	for (i = 0; i < 1000; i++)
		m = murmur_mix(m + i);
	con_printf("fnv1a %016lx murmur %016lx adler32 %08x\n",
		   guest_hash(data, sizeof(data), 0), m,
		   adler32(data, sizeof(data)));
	con_printf("vectors failed: %d\n", bad);
	return bad ? 1 : 32;
}

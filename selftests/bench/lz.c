// SPDX-License-Identifier: GPL-2.0
/*
 * lz.c - an LZ77 compressor with hash-chain match finding (as in deflate),
 * emitting LZSS-style tokens, and its decompressor, over text made of
 * words drawn from a skewed vocabulary. Every buffer must decompress back
 * to its input.
 */
#include "bench.h"

#define TEXT_SIZE	(48 * 1024)
#define ROUNDS		100
#define WINDOW		4096		/* offsets fit in 12 bits */
#define MIN_MATCH	3
#define MAX_MATCH	(MIN_MATCH + 15)	/* lengths in 4 bits */
#define HASH_BITS	12
#define MAX_CHAIN	48

static const char *const vocabulary[] = {
	"the ", "of ", "and ", "a ", "to ", "in ", "is ", "you ", "that ",
	"it ", "he ", "was ", "for ", "on ", "are ", "as ", "with ", "his ",
	"they ", "I ", "at ", "be ", "this ", "have ", "from ", "or ", "one ",
	"had ", "by ", "word ", "but ", "not ", "what ", "all ", "were ",
	"translation ", "register ", "instruction ", "guest ", "host ",
	"block ", "cache ", "branch ", "memory ", "page ", "table ", "flag ",
	"exception ", "interrupt ", "timer ", ".\n", ", ", "; ",
};

static u8 text[TEXT_SIZE];
static u8 packed[TEXT_SIZE + TEXT_SIZE / 8 + 16];
static u8 unpacked[TEXT_SIZE];
static u16 head[1 << HASH_BITS];
static u16 chain[TEXT_SIZE];	/* previous position with the same hash */

static unsigned long make_text(u64 *seed)
{
	unsigned long n = 0;
	const char *w;
	u64 r;

	while (n < TEXT_SIZE) {
		r = guest_rand(seed);
		/* Low indexes are far likelier: r % a % b skews toward 0. */
		w = vocabulary[(r >> 8) % ARRAY_SIZE(vocabulary) %
			       ((r & 31) + 1)];
		while (*w && n < TEXT_SIZE)
			text[n++] = *w++;
	}
	return n;
}

static inline unsigned int hash3(const u8 *p)
{
	u32 v = (u32)p[0] << 16 | (u32)p[1] << 8 | p[2];

	return (v * 2654435761u) >> (32 - HASH_BITS);
}

/*
 * Output: a flag byte for each group of eight tokens (bit set: match),
 * a literal is its byte, a match is two bytes: length - 3 in the top four
 * bits, offset - 1 in the other twelve.
 */
static noinline unsigned long compress(const u8 *in, unsigned long len,
				       u8 *out)
{
	unsigned long pos = 0, o = 0, flag_at = 0, best_len, best_off;
	unsigned long cand, limit, l;
	unsigned int tokens = 0, h, depth;

	for (h = 0; h < ARRAY_SIZE(head); h++)
		head[h] = 0xffff;
	while (pos < len) {
		if (!(tokens++ & 7)) {
			flag_at = o++;
			out[flag_at] = 0;
		}
		best_len = 0;
		best_off = 0;
		if (pos + MIN_MATCH <= len) {
			h = hash3(in + pos);
			cand = head[h];
			limit = len - pos < MAX_MATCH ? len - pos : MAX_MATCH;
			for (depth = 0; cand != 0xffff && depth < MAX_CHAIN &&
			     pos - cand <= WINDOW; depth++) {
				for (l = 0; l < limit && in[cand + l] ==
				     in[pos + l]; l++)
					;
				if (l > best_len) {
					best_len = l;
					best_off = pos - cand;
					if (l == limit)
						break;
				}
				cand = chain[cand];
			}
			chain[pos] = head[h];
			head[h] = pos;
		}
		if (best_len >= MIN_MATCH) {
			out[flag_at] |= 1 << ((tokens - 1) & 7);
			out[o++] = (best_len - MIN_MATCH) << 4 |
				   (best_off - 1) >> 8;
			out[o++] = best_off - 1;
			/* Index the positions the match covers. */
			for (l = 1; l < best_len; l++) {
				if (pos + l + MIN_MATCH > len)
					break;
				h = hash3(in + pos + l);
				chain[pos + l] = head[h];
				head[h] = pos + l;
			}
			pos += best_len;
		} else {
			out[o++] = in[pos++];
		}
	}
	return o;
}

static noinline unsigned long decompress(const u8 *in, unsigned long len,
					 u8 *out)
{
	unsigned long i = 0, o = 0, n, off;
	unsigned int flags = 0, k = 8;

	while (i < len) {
		if (k == 8) {
			flags = in[i++];
			k = 0;
			continue;
		}
		if (flags & (1 << k++)) {
			n = (in[i] >> 4) + MIN_MATCH;
			off = ((in[i] & 15) << 8 | in[i + 1]) + 1;
			i += 2;
			while (n--) {
				out[o] = out[o - off];
				o++;
			}
		} else {
			out[o++] = in[i++];
		}
	}
	return o;
}

int main(void)
{
	u64 seed = 0x6c7a3e5f12345678ULL, sum = 0;
	unsigned long n, c, d, i;
	int round;

	for (round = 0; round < ROUNDS; round++) {
		n = make_text(&seed);
		c = compress(text, n, packed);
		d = decompress(packed, c, unpacked);
		if (d != n)
			return bench_fail("lz", "length", d, n);
		for (i = 0; i < n; i++)
			if (unpacked[i] != text[i])
				return bench_fail("lz", "byte", unpacked[i],
						  text[i]);
		sum = bench_mix(sum, c);
		sum = bench_mix(sum, guest_hash(packed, c, round));
	}
	return bench_result("lz", sum);
}

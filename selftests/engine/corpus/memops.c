// SPDX-License-Identifier: GPL-2.0
/*
 * memops.c - memory access from C at every size and signedness: struct
 * copies, memmove overlaps in both directions, byte-wise access to
 * misaligned fields (packed structs compile to byte loads under
 * -mstrict-align), sign extension of narrow loads, and a ring buffer.
 */
#include "corpus.h"

struct mixed {
	s8 a;
	s16 b;
	s32 c;
	s64 d;
	u8 e;
	u16 f;
	u32 g;
	u64 h;
};

struct __packed packed {
	u8 tag;
	u32 word;
	u16 half;
	u64 dword;
};

static u8 arena[1024] __aligned(16);

int main(void)
{
	static struct mixed src = { -5, -300, -70000, -5000000000L, 250,
				    65000, 4000000000u, 0x8000000000000000UL };
	struct mixed dst[4];
	struct packed *pk;
	s8 *sb = (s8 *)arena;
	s16 *sh = (s16 *)arena;
	s32 *sw = (s32 *)arena;
	u64 seed = 77, sum = 0, ring[17], head = 0;
	int i;

	for (i = 0; i < 4; i++) {
		dst[i] = src;
		dst[i].c += i;
	}
	con_printf("struct %ld %ld %ld %ld %u %u %u %lx\n", (long)dst[3].a,
		   (long)dst[3].b, (long)dst[3].c, dst[3].d, dst[3].e,
		   dst[3].f, dst[3].g, dst[3].h);

	for (i = 0; i < 1024; i++)
		arena[i] = (u8)(i * 7);
	memmove(arena + 3, arena, 500);		/* overlap, forwards */
	memmove(arena + 600, arena + 611, 300);	/* overlap, backwards */
	con_printf("memmove %016lx\n", guest_hash(arena, sizeof(arena), 0));

	/* Packed fields at odd offsets, accessed through byte loads. */
	pk = (struct packed *)(arena + 1);
	pk->tag = 0xaa;
	pk->word = 0xdeadbeef;
	pk->half = 0xcafe;
	pk->dword = 0x0123456789abcdefUL;
	con_printf("packed %02x %08x %04x %016lx %016lx\n", pk->tag,
		   pk->word, pk->half, pk->dword,
		   guest_hash(arena, 24, 0));

	/* Narrow signed loads, stores of every width. */
	for (i = 0; i < 256; i++) {
		u64 r = guest_rand(&seed);

		arena[i] = (u8)r;
		barrier();
		sum += (u64)(s64)sb[i] + (u64)(s64)sh[i / 2] +
		       (u64)(s64)sw[i / 4];
	}
	con_printf("signed loads %016lx\n", sum);

	for (i = 0; i < 1000; i++) {
		ring[head] = guest_rand(&seed);
		head = (head + 1) % ARRAY_SIZE(ring);
	}
	con_printf("ring %016lx head %lu\n", guest_hash(ring, sizeof(ring), 0),
		   head);
	return 38;
}

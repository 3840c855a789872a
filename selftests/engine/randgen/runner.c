// SPDX-License-Identifier: GPL-2.0
/*
 * runner.c - runs the blocks of a randgen blob (linked in by blob.S) and
 * prints, for each, every register, NZCV and a hash of the scratch
 * buffer. Lines start with the block's global index so that the first
 * differing line of two runs names the block.
 */
#include "guest.h"
#include "randgen.h"

static u64 scratch[RG_SCRATCH_SIZE / 8] __aligned(64);
static u64 frame[RG_FRAME_WORDS] __aligned(16);

static void fill_scratch(u64 seed)
{
	unsigned int i;

	seed |= 1;
	for (i = 0; i < ARRAY_SIZE(scratch); i++)
		scratch[i] = guest_rand(&seed);
}

static u64 scratch_hash(void)
{
	u64 h = 0xcbf29ce484222325UL;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(scratch); i++) {
		h = (h ^ scratch[i]) * 0x100000001b3UL;
		h ^= h >> 29;
	}
	return h;
}

/* Formatting by hand: this runs once per block, thousands of times. */
static char *put_hex(char *p, u64 v, int digits)
{
	while (digits-- > 0)
		*p++ = "0123456789abcdef"[(v >> (4 * digits)) & 0xf];
	return p;
}

static char *put_index(char *p, u64 index)
{
	int i;

	for (i = 6; i >= 0; i--, index /= 10)
		p[i] = (char)('0' + index % 10);
	return p + 7;
}

static void print_block(u64 index)
{
	char line[96], *p = line;
	int i;

	for (i = 0; i < 32; i++) {
		if (i % 4 == 0)
			p = put_index(line, index);
		*p++ = ' ';
		if (i < 31) {
			*p++ = 'x';
			*p++ = (char)('0' + i / 10);
			*p++ = (char)('0' + i % 10);
			*p++ = ' ';
			p = put_hex(p, frame[i], 16);
		} else {
			memcpy(p, "nzcv ", 5);
			p = put_hex(p + 5, frame[RG_FRAME_NZCV], 8);
		}
		if (i % 4 == 3) {
			*p++ = '\n';
			con_write(line, (unsigned long)(p - line));
		}
	}
	p = put_index(line, index);
	memcpy(p, " sum ", 5);
	p = put_hex(p + 5, scratch_hash(), 16);
	*p++ = '\n';
	con_write(line, (unsigned long)(p - line));
}

int main(void)
{
	const struct rg_header *h = (const void *)rg_blob;
	const struct rg_entry *e;
	u32 i;

	if (h->magic != RG_MAGIC) {
		con_puts("runner: not a randgen blob\n");
		return 1;
	}
	e = (const void *)(rg_blob + h->table_off);
	con_printf("randgen seed %lu blocks %lu..%lu\n", h->seed, h->first,
		   h->first + h->nblocks - 1);
	for (i = 0; i < h->nblocks; i++) {
		fill_scratch(e[i].scratch_seed);
		memset(frame, 0, sizeof(frame));
		frame[RG_FRAME_SCRATCH] = (u64)(unsigned long)scratch +
					  RG_SCRATCH_REACH;
		rg_call(rg_blob + e[i].code_off, frame);
		print_block(h->first + i);
	}
	con_puts("done\n");
	return 77;
}

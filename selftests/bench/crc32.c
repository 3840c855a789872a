// SPDX-License-Identifier: GPL-2.0
/*
 * crc32.c - table-driven software CRC-32 (the zlib/Ethernet polynomial),
 * byte at a time and slice-by-8, over a buffer that changes a little
 * between passes. The two must agree, and the check value of "123456789"
 * must come out right.
 */
#include "bench.h"

#define CRC32_POLY	0xedb88320u	/* reflected 0x04c11db7 */
#define BUF_SIZE	(64 * 1024)
#define PASSES		1400

static u32 table[8][256];
static u8 buf[BUF_SIZE] __aligned(8);

static void build_tables(void)
{
	u32 crc;
	int i, k;

	for (i = 0; i < 256; i++) {
		crc = i;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (CRC32_POLY & -(crc & 1));
		table[0][i] = crc;
	}
	for (i = 0; i < 256; i++)
		for (k = 1; k < 8; k++)
			table[k][i] = (table[k - 1][i] >> 8) ^
				      table[0][table[k - 1][i] & 0xff];
}

static noinline u32 crc_bytewise(u32 crc, const u8 *p, unsigned long len)
{
	crc = ~crc;
	while (len--)
		crc = (crc >> 8) ^ table[0][(crc ^ *p++) & 0xff];
	return ~crc;
}

/* Eight bytes per step; p must be 8-byte aligned (strict alignment). */
static noinline u32 crc_slice8(u32 crc, const u8 *p, unsigned long len)
{
	const u64 *q = (const u64 *)p;
	u64 v;

	crc = ~crc;
	for (; len >= 8; len -= 8) {
		v = *q++ ^ crc;
		crc = table[7][v & 0xff] ^ table[6][(v >> 8) & 0xff] ^
		      table[5][(v >> 16) & 0xff] ^ table[4][(v >> 24) & 0xff] ^
		      table[3][(v >> 32) & 0xff] ^ table[2][(v >> 40) & 0xff] ^
		      table[1][(v >> 48) & 0xff] ^ table[0][v >> 56];
	}
	p = (const u8 *)q;
	while (len--)
		crc = (crc >> 8) ^ table[0][(crc ^ *p++) & 0xff];
	return ~crc;
}

int main(void)
{
	static const u8 check[] = "123456789";
	u64 seed = 0x2545f4914f6cdd1dULL, sum = 0;
	u32 a, b;
	int pass, i;

	build_tables();
	a = crc_bytewise(0, check, 9);
	b = crc_slice8(0, check, 9);
	if (a != 0xcbf43926u || b != a)
		return bench_fail("crc32", "check value", a, b);

	for (i = 0; i < BUF_SIZE; i++)
		buf[i] = guest_rand(&seed) >> 56;
	for (pass = 0; pass < PASSES; pass++) {
		/* Change a few bytes so that no pass repeats another. */
		for (i = 0; i < 16; i++)
			buf[guest_rand(&seed) % BUF_SIZE] ^= 1 << (i & 7);
		a = crc_bytewise(pass, buf, BUF_SIZE);
		b = crc_slice8(pass, buf, BUF_SIZE);
		if (a != b)
			return bench_fail("crc32", "slice-by-8", a, b);
		/* And an unaligned tail, byte at a time. */
		a = crc_bytewise(a, buf + 3, BUF_SIZE - 3);
		sum = bench_mix(sum, a);
	}
	return bench_result("crc32", sum);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * crc32.c - CRC32 and CRC32C instructions of every size, checked against a
 * bit-at-a-time software CRC and the standard check values.
 */
#include "corpus.h"

#define CRC32_POLY	0xedb88320u	/* reflected 0x04c11db7 */
#define CRC32C_POLY	0x82f63b78u	/* reflected 0x1edc6f41 */

static u32 crc_soft(u32 crc, const u8 *p, unsigned long len, u32 poly)
{
	int k;

	while (len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (poly & -(crc & 1));
	}
	return crc;
}

#define DEF_CRC(op, r)							\
static u32 do_##op(u32 crc, u64 data)					\
{									\
	__asm__(#op " %w0, %w0, %" #r "1" : "+r"(crc) : "r"(data));	\
	return crc;							\
}

DEF_CRC(crc32b, w) DEF_CRC(crc32h, w) DEF_CRC(crc32w, w)
DEF_CRC(crc32x, x)
DEF_CRC(crc32cb, w) DEF_CRC(crc32ch, w) DEF_CRC(crc32cw, w)
DEF_CRC(crc32cx, x)

struct crc_unit {
	const char *name;
	unsigned int size;
	u32 (*fn)(u32 crc, u64 data);
	u32 poly;
};

static const struct crc_unit units[] = {
	{ "crc32b", 1, do_crc32b, CRC32_POLY },
	{ "crc32h", 2, do_crc32h, CRC32_POLY },
	{ "crc32w", 4, do_crc32w, CRC32_POLY },
	{ "crc32x", 8, do_crc32x, CRC32_POLY },
	{ "crc32cb", 1, do_crc32cb, CRC32C_POLY },
	{ "crc32ch", 2, do_crc32ch, CRC32C_POLY },
	{ "crc32cw", 4, do_crc32cw, CRC32C_POLY },
	{ "crc32cx", 8, do_crc32cx, CRC32C_POLY },
};

static u8 data[1024] __aligned(8);

/* Little-endian load of 'size' bytes, the way the CRC consumes them. */
static u64 load_le(const u8 *p, unsigned int size)
{
	u64 v = 0;

	while (size--)
		v = (v << 8) | p[size];
	return v;
}

static u32 crc_insn(const struct crc_unit *u, u32 crc, const u8 *p,
		    unsigned long len)
{
	unsigned long i;

	for (i = 0; i < len; i += u->size)
		crc = u->fn(crc, load_le(p + i, u->size));
	return crc;
}

int main(void)
{
	static const char check[] = "12345678";
	u64 seed = 0x9e3779b97f4a7c15UL;
	unsigned int i, bad = 0;
	u32 hw, sw;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (u8)guest_rand(&seed);

	for (i = 0; i < ARRAY_SIZE(units); i++) {
		const struct crc_unit *u = &units[i];

		hw = crc_insn(u, ~0u, data, sizeof(data));
		sw = crc_soft(~0u, data, sizeof(data), u->poly);
		con_printf("%-8s data %08x soft %08x", u->name, hw, sw);
		bad += hw != sw;
		/* Seeds with the top and bottom bits set, operand junk. */
		hw = u->fn(0x80000001u, 0xffffffffffffffffUL);
		sw = u->fn(0, 0);
		con_printf(" edge %08x zero %08x", hw, sw);
		/* The standard check value of "123456789". */
		hw = ~crc_insn(u, ~0u, (const u8 *)check, 8);
		hw = ~crc_insn(&units[i & 4], ~hw, (const u8 *)"9", 1);
		con_printf(" check %08x\n", hw);
		bad += hw != (u->poly == CRC32_POLY ? 0xcbf43926u
						    : 0xe3069283u);
	}
	con_printf("mismatches %u\n", bad);
	return bad ? 1 : 18;
}

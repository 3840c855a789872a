// SPDX-License-Identifier: GPL-2.0
/*
 * test_translate_insn.c - single instructions through the translator.
 *
 * Each case is a few hand-assembled A64 words followed by a semihosting
 * HLT that ends the run.  The ALU cases' expected registers and NZCV come
 * from running the same words under qemu-system-aarch64 -cpu cortex-a57
 * (the reference the engine is checked against); the memory cases state
 * their expectations in the test.
 */
/* Before the harness: host.h defines ARRAY_SIZE unconditionally. */
#include "test_translate.h"
#include "kselftest_harness.h"

struct alu_case {
	const char *name;
	u32 words[6];
	unsigned int n;
	u64 in[4];		/* x0..x3 */
	u64 nzcv_in;		/* NZCV as 4 bits */
	u64 out[4];
	u64 nzcv_out;
};

static const struct alu_case alu_cases[] = {
	/* add x0, x1, #4095 */
	{ "add_imm",
	  { 0x913ffc20 }, 1,
	  { 0x0ULL, 0x5ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x1004ULL, 0x5ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* add w0, w1, #1, lsl #12 */
	{ "add_imm_lsl12",
	  { 0x11400420 }, 1,
	  { 0x0ULL, 0xffffffffffff0000ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0xffff1000ULL, 0xffffffffffff0000ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* adds x0, x1, x2 */
	{ "adds_carry",
	  { 0xab020020 }, 1,
	  { 0x0ULL, 0xffffffffffffffffULL, 0x1ULL, 0x0ULL }, 0x0,
	  { 0x0ULL, 0xffffffffffffffffULL, 0x1ULL, 0x0ULL }, 0x6 },
	/* adds x0, x1, x2 */
	{ "adds_overflow",
	  { 0xab020020 }, 1,
	  { 0x0ULL, 0x7fffffffffffffffULL, 0x1ULL, 0x0ULL }, 0x0,
	  { 0x8000000000000000ULL, 0x7fffffffffffffffULL, 0x1ULL, 0x0ULL }, 0x9 },
	/* adds w0, w1, w2 */
	{ "adds_w_carry",
	  { 0x2b020020 }, 1,
	  { 0x0ULL, 0xffffffffULL, 0x1ULL, 0x0ULL }, 0x0,
	  { 0x0ULL, 0xffffffffULL, 0x1ULL, 0x0ULL }, 0x6 },
	/* adds w0, w1, #1 */
	{ "adds_w_overflow",
	  { 0x31000420 }, 1,
	  { 0x0ULL, 0x7fffffffULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x80000000ULL, 0x7fffffffULL, 0x0ULL, 0x0ULL }, 0x9 },
	/* subs x0, x1, x2 */
	{ "subs_borrow",
	  { 0xeb020020 }, 1,
	  { 0x0ULL, 0x1ULL, 0x2ULL, 0x0ULL }, 0x0,
	  { 0xffffffffffffffffULL, 0x1ULL, 0x2ULL, 0x0ULL }, 0x8 },
	/* subs x0, x1, x2 */
	{ "subs_equal",
	  { 0xeb020020 }, 1,
	  { 0x0ULL, 0x7ULL, 0x7ULL, 0x0ULL }, 0x0,
	  { 0x0ULL, 0x7ULL, 0x7ULL, 0x0ULL }, 0x6 },
	/* subs x0, x1, #1 */
	{ "subs_overflow",
	  { 0xf1000420 }, 1,
	  { 0x0ULL, 0x8000000000000000ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x7fffffffffffffffULL, 0x8000000000000000ULL, 0x0ULL, 0x0ULL }, 0x3 },
	/* cmp w1, w2 */
	{ "cmp_w",
	  { 0x6b02003f }, 1,
	  { 0x0ULL, 0x100000000ULL, 0x1ULL, 0x0ULL }, 0x0,
	  { 0x0ULL, 0x100000000ULL, 0x1ULL, 0x0ULL }, 0x8 },
	/* cmn x1, #1 */
	{ "cmn_imm",
	  { 0xb100043f }, 1,
	  { 0x0ULL, 0xffffffffffffffffULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x0ULL, 0xffffffffffffffffULL, 0x0ULL, 0x0ULL }, 0x6 },
	/* sub x0, x1, x2, lsl #3 */
	{ "sub_sp_form",
	  { 0xcb020c20 }, 1,
	  { 0x0ULL, 0x64ULL, 0x3ULL, 0x0ULL }, 0x0,
	  { 0x4cULL, 0x64ULL, 0x3ULL, 0x0ULL }, 0x0 },
	/* neg x0, x1 */
	{ "neg",
	  { 0xcb0103e0 }, 1,
	  { 0x0ULL, 0x5ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0xfffffffffffffffbULL, 0x5ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* negs x0, x1 */
	{ "negs_zero",
	  { 0xeb0103e0 }, 1,
	  { 0x0ULL, 0x0ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x0ULL, 0x0ULL, 0x0ULL, 0x0ULL }, 0x6 },
	/* add x0, x1, w2, sxtb #2 */
	{ "add_ext_sxtb",
	  { 0x8b228820 }, 1,
	  { 0x0ULL, 0x3e8ULL, 0x80ULL, 0x0ULL }, 0x0,
	  { 0x1e8ULL, 0x3e8ULL, 0x80ULL, 0x0ULL }, 0x0 },
	/* add x0, x1, w2, uxtw */
	{ "add_ext_uxtw",
	  { 0x8b224020 }, 1,
	  { 0x0ULL, 0x1ULL, 0xffffffff00000005ULL, 0x0ULL }, 0x0,
	  { 0x6ULL, 0x1ULL, 0xffffffff00000005ULL, 0x0ULL }, 0x0 },
	/* subs x0, x1, w2, sxth */
	{ "subs_ext_sxth",
	  { 0xeb22a020 }, 1,
	  { 0x0ULL, 0x0ULL, 0xffffULL, 0x0ULL }, 0x0,
	  { 0x1ULL, 0x0ULL, 0xffffULL, 0x0ULL }, 0x0 },
	/* adc x0, x1, x2 */
	{ "adc",
	  { 0x9a020020 }, 1,
	  { 0x0ULL, 0x1ULL, 0x2ULL, 0x0ULL }, 0x2,
	  { 0x4ULL, 0x1ULL, 0x2ULL, 0x0ULL }, 0x2 },
	/* adc x0, x1, x2 */
	{ "adc_nocarry",
	  { 0x9a020020 }, 1,
	  { 0x0ULL, 0x1ULL, 0x2ULL, 0x0ULL }, 0x0,
	  { 0x3ULL, 0x1ULL, 0x2ULL, 0x0ULL }, 0x0 },
	/* adcs x0, x1, x2 */
	{ "adcs_wrap",
	  { 0xba020020 }, 1,
	  { 0x0ULL, 0xffffffffffffffffULL, 0x0ULL, 0x0ULL }, 0x2,
	  { 0x0ULL, 0xffffffffffffffffULL, 0x0ULL, 0x0ULL }, 0x6 },
	/* sbc x0, x1, x2 */
	{ "sbc",
	  { 0xda020020 }, 1,
	  { 0x0ULL, 0xaULL, 0x3ULL, 0x0ULL }, 0x0,
	  { 0x6ULL, 0xaULL, 0x3ULL, 0x0ULL }, 0x0 },
	/* sbcs x0, x1, x2 */
	{ "sbcs_carry_set",
	  { 0xfa020020 }, 1,
	  { 0x0ULL, 0xaULL, 0x3ULL, 0x0ULL }, 0x2,
	  { 0x7ULL, 0xaULL, 0x3ULL, 0x0ULL }, 0x2 },
	/* sbcs w0, w1, w2 */
	{ "sbcs_w",
	  { 0x7a020020 }, 1,
	  { 0x0ULL, 0x0ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0xffffffffULL, 0x0ULL, 0x0ULL, 0x0ULL }, 0x8 },
	/* ngc x0, x1 */
	{ "ngc",
	  { 0xda0103e0 }, 1,
	  { 0x0ULL, 0x5ULL, 0x0ULL, 0x0ULL }, 0x2,
	  { 0xfffffffffffffffbULL, 0x5ULL, 0x0ULL, 0x0ULL }, 0x2 },
	/* and x0, x1, #0xff00ff00ff00ff00 */
	{ "and_imm",
	  { 0x92089c20 }, 1,
	  { 0x0ULL, 0xffffffffffffffffULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0xff00ff00ff00ff00ULL, 0xffffffffffffffffULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* orr w0, w1, #0x80000001 */
	{ "orr_imm_w",
	  { 0x32010420 }, 1,
	  { 0x0ULL, 0xffffffff00000000ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x80000001ULL, 0xffffffff00000000ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* eor x0, x1, #0x5555555555555555 */
	{ "eor_imm",
	  { 0xd200f020 }, 1,
	  { 0x0ULL, 0xffffULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x555555555555aaaaULL, 0xffffULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* ands x0, x1, #0x8000000000000000 */
	{ "ands_imm_neg",
	  { 0xf2410020 }, 1,
	  { 0x0ULL, 0xffffffffffffffffULL, 0x0ULL, 0x0ULL }, 0xf,
	  { 0x8000000000000000ULL, 0xffffffffffffffffULL, 0x0ULL, 0x0ULL }, 0x8 },
	/* tst w1, #0xff */
	{ "tst_zero",
	  { 0x72001c3f }, 1,
	  { 0x0ULL, 0x100ULL, 0x0ULL, 0x0ULL }, 0x3,
	  { 0x0ULL, 0x100ULL, 0x0ULL, 0x0ULL }, 0x4 },
	/* mov x0, #0x00ff00ff00ff00ff */
	{ "mov_bitmask",
	  { 0xb2009fe0 }, 1,
	  { 0x1ULL, 0x0ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0xff00ff00ff00ffULL, 0x0ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* bic x0, x1, x2, lsl #4 */
	{ "bic_reg",
	  { 0x8a221020 }, 1,
	  { 0x0ULL, 0xffffffffffffffffULL, 0xfULL, 0x0ULL }, 0x0,
	  { 0xffffffffffffff0fULL, 0xffffffffffffffffULL, 0xfULL, 0x0ULL }, 0x0 },
	/* orn w0, w1, w2 */
	{ "orn_reg",
	  { 0x2a220020 }, 1,
	  { 0x0ULL, 0x0ULL, 0xf0f0f0f0ULL, 0x0ULL }, 0x0,
	  { 0xf0f0f0fULL, 0x0ULL, 0xf0f0f0f0ULL, 0x0ULL }, 0x0 },
	/* eon x0, x1, x2, ror #8 */
	{ "eon_ror",
	  { 0xcae22020 }, 1,
	  { 0x0ULL, 0x1234ULL, 0xffULL, 0x0ULL }, 0x0,
	  { 0xffffffffffedcbULL, 0x1234ULL, 0xffULL, 0x0ULL }, 0x0 },
	/* bics x0, x1, x2 */
	{ "bics_flags",
	  { 0xea220020 }, 1,
	  { 0x0ULL, 0xf0ULL, 0xf0ULL, 0x0ULL }, 0xf,
	  { 0x0ULL, 0xf0ULL, 0xf0ULL, 0x0ULL }, 0x4 },
	/* mvn w0, w1 */
	{ "mvn",
	  { 0x2a2103e0 }, 1,
	  { 0x0ULL, 0x12345678ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0xedcba987ULL, 0x12345678ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* mov w0, w1 */
	{ "mov_w_zero_ext",
	  { 0x2a0103e0 }, 1,
	  { 0xffffffffffffffffULL, 0xaaaaaaaabbbbbbbbULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0xbbbbbbbbULL, 0xaaaaaaaabbbbbbbbULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* movz x0, #0xbeef, lsl #32 */
	{ "movz",
	  { 0xd2d7dde0 }, 1,
	  { 0xffffffffffffffffULL, 0x0ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0xbeef00000000ULL, 0x0ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* movn w0, #0x1234, lsl #16 */
	{ "movn_w",
	  { 0x12a24680 }, 1,
	  { 0xffffffffffffffffULL, 0x0ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0xedcbffffULL, 0x0ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* movk x0, #0x5678 */
	{ "movk_hw0",
	  { 0xf28acf00 }, 1,
	  { 0x1111222233334444ULL, 0x0ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x1111222233335678ULL, 0x0ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* movk x0, #0xabcd, lsl #48 */
	{ "movk_hw3",
	  { 0xf2f579a0 }, 1,
	  { 0x1111222233334444ULL, 0x0ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0xabcd222233334444ULL, 0x0ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* movk w0, #0xabcd, lsl #16 */
	{ "movk_w_hw1",
	  { 0x72b579a0 }, 1,
	  { 0x1111222233334444ULL, 0x0ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0xabcd4444ULL, 0x0ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* ubfx x0, x1, #4, #8 */
	{ "ubfx",
	  { 0xd3442c20 }, 1,
	  { 0x0ULL, 0x12345ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x34ULL, 0x12345ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* sbfx x0, x1, #4, #8 */
	{ "sbfx",
	  { 0x93442c20 }, 1,
	  { 0x0ULL, 0xf80ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0xfffffffffffffff8ULL, 0xf80ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* sbfx w0, w1, #31, #1 */
	{ "sbfx_w",
	  { 0x131f7c20 }, 1,
	  { 0x0ULL, 0x80000000ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0xffffffffULL, 0x80000000ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* ubfiz x0, x1, #60, #4 */
	{ "ubfiz",
	  { 0xd3440c20 }, 1,
	  { 0x0ULL, 0xffULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0xf000000000000000ULL, 0xffULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* sbfiz x0, x1, #8, #4 */
	{ "sbfiz",
	  { 0x93780c20 }, 1,
	  { 0x0ULL, 0xfULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0xffffffffffffff00ULL, 0xfULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* bfi x0, x1, #8, #16 */
	{ "bfi",
	  { 0xb3783c20 }, 1,
	  { 0xffffffffffffffffULL, 0x1234ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0xffffffffff1234ffULL, 0x1234ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* bfxil w0, w1, #4, #8 */
	{ "bfxil_w",
	  { 0x33042c20 }, 1,
	  { 0xffffffff00000000ULL, 0xabcdULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0xbcULL, 0xabcdULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* lsl x0, x1, #63 */
	{ "lsl_imm",
	  { 0xd3410020 }, 1,
	  { 0x0ULL, 0x3ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x8000000000000000ULL, 0x3ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* lsr w0, w1, #31 */
	{ "lsr_imm_w",
	  { 0x531f7c20 }, 1,
	  { 0x0ULL, 0xffffffffULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x1ULL, 0xffffffffULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* asr x0, x1, #4 */
	{ "asr_imm",
	  { 0x9344fc20 }, 1,
	  { 0x0ULL, 0x8000000000000000ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0xf800000000000000ULL, 0x8000000000000000ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* sxtb x0, w1 */
	{ "sxtb",
	  { 0x93401c20 }, 1,
	  { 0x0ULL, 0x80ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0xffffffffffffff80ULL, 0x80ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* sxth w0, w1 */
	{ "sxth_w",
	  { 0x13003c20 }, 1,
	  { 0x0ULL, 0x8000ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0xffff8000ULL, 0x8000ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* sxtw x0, w1 */
	{ "sxtw",
	  { 0x93407c20 }, 1,
	  { 0x0ULL, 0x80000000ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0xffffffff80000000ULL, 0x80000000ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* uxtb w0, w1 */
	{ "uxtb",
	  { 0x53001c20 }, 1,
	  { 0x0ULL, 0x1ffULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0xffULL, 0x1ffULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* extr x0, x1, x2, #16 */
	{ "extr",
	  { 0x93c24020 }, 1,
	  { 0x0ULL, 0x1111ULL, 0x2222333344445555ULL, 0x0ULL }, 0x0,
	  { 0x1111222233334444ULL, 0x1111ULL, 0x2222333344445555ULL, 0x0ULL }, 0x0 },
	/* ror w0, w1, #4 */
	{ "ror_imm",
	  { 0x13811020 }, 1,
	  { 0x0ULL, 0x1234567fULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0xf1234567ULL, 0x1234567fULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* lsl x0, x1, x2 */
	{ "lslv",
	  { 0x9ac22020 }, 1,
	  { 0x0ULL, 0x1ULL, 0x41ULL, 0x0ULL }, 0x0,
	  { 0x2ULL, 0x1ULL, 0x41ULL, 0x0ULL }, 0x0 },
	/* lsr w0, w1, w2 */
	{ "lsrv_w",
	  { 0x1ac22420 }, 1,
	  { 0x0ULL, 0x80000000ULL, 0x21ULL, 0x0ULL }, 0x0,
	  { 0x40000000ULL, 0x80000000ULL, 0x21ULL, 0x0ULL }, 0x0 },
	/* asr x0, x1, x2 */
	{ "asrv",
	  { 0x9ac22820 }, 1,
	  { 0x0ULL, 0x8000000000000000ULL, 0x3fULL, 0x0ULL }, 0x0,
	  { 0xffffffffffffffffULL, 0x8000000000000000ULL, 0x3fULL, 0x0ULL }, 0x0 },
	/* ror x0, x1, x2 */
	{ "rorv",
	  { 0x9ac22c20 }, 1,
	  { 0x0ULL, 0x1ULL, 0x1ULL, 0x0ULL }, 0x0,
	  { 0x8000000000000000ULL, 0x1ULL, 0x1ULL, 0x0ULL }, 0x0 },
	/* mul x0, x1, x2 */
	{ "mul",
	  { 0x9b027c20 }, 1,
	  { 0x0ULL, 0x100000001ULL, 0x100000001ULL, 0x0ULL }, 0x0,
	  { 0x200000001ULL, 0x100000001ULL, 0x100000001ULL, 0x0ULL }, 0x0 },
	/* mul w0, w1, w2 */
	{ "mul_w",
	  { 0x1b027c20 }, 1,
	  { 0x0ULL, 0xffffffffULL, 0xffffffffULL, 0x0ULL }, 0x0,
	  { 0x1ULL, 0xffffffffULL, 0xffffffffULL, 0x0ULL }, 0x0 },
	/* madd x0, x1, x2, x3 */
	{ "madd",
	  { 0x9b020c20 }, 1,
	  { 0x0ULL, 0x3ULL, 0x4ULL, 0x5ULL }, 0x0,
	  { 0x11ULL, 0x3ULL, 0x4ULL, 0x5ULL }, 0x0 },
	/* msub x0, x1, x2, x3 */
	{ "msub",
	  { 0x9b028c20 }, 1,
	  { 0x0ULL, 0x3ULL, 0x4ULL, 0x5ULL }, 0x0,
	  { 0xfffffffffffffff9ULL, 0x3ULL, 0x4ULL, 0x5ULL }, 0x0 },
	/* mneg x0, x1, x2 */
	{ "mneg",
	  { 0x9b02fc20 }, 1,
	  { 0x0ULL, 0x3ULL, 0x4ULL, 0x5ULL }, 0x0,
	  { 0xfffffffffffffff4ULL, 0x3ULL, 0x4ULL, 0x5ULL }, 0x0 },
	/* smull x0, w1, w2 */
	{ "smull",
	  { 0x9b227c20 }, 1,
	  { 0x0ULL, 0xffffffffULL, 0x2ULL, 0x0ULL }, 0x0,
	  { 0xfffffffffffffffeULL, 0xffffffffULL, 0x2ULL, 0x0ULL }, 0x0 },
	/* umull x0, w1, w2 */
	{ "umull",
	  { 0x9ba27c20 }, 1,
	  { 0x0ULL, 0xffffffffULL, 0x2ULL, 0x0ULL }, 0x0,
	  { 0x1fffffffeULL, 0xffffffffULL, 0x2ULL, 0x0ULL }, 0x0 },
	/* smsubl x0, w1, w2, x3 */
	{ "smsubl",
	  { 0x9b228c20 }, 1,
	  { 0x0ULL, 0xfffffffeULL, 0x3ULL, 0x64ULL }, 0x0,
	  { 0x6aULL, 0xfffffffeULL, 0x3ULL, 0x64ULL }, 0x0 },
	/* umaddl x0, w1, w2, x3 */
	{ "umaddl",
	  { 0x9ba20c20 }, 1,
	  { 0x0ULL, 0xffffffffULL, 0xffffffffULL, 0x1ULL }, 0x0,
	  { 0xfffffffe00000002ULL, 0xffffffffULL, 0xffffffffULL, 0x1ULL }, 0x0 },
	/* smulh x0, x1, x2 */
	{ "smulh",
	  { 0x9b427c20 }, 1,
	  { 0x0ULL, 0xffffffffffffffffULL, 0x2ULL, 0x0ULL }, 0x0,
	  { 0xffffffffffffffffULL, 0xffffffffffffffffULL, 0x2ULL, 0x0ULL }, 0x0 },
	/* umulh x0, x1, x2 */
	{ "umulh",
	  { 0x9bc27c20 }, 1,
	  { 0x0ULL, 0xffffffffffffffffULL, 0xffffffffffffffffULL, 0x0ULL }, 0x0,
	  { 0xfffffffffffffffeULL, 0xffffffffffffffffULL,
	    0xffffffffffffffffULL, 0x0ULL }, 0x0 },
	/* udiv x0, x1, x2 */
	{ "udiv",
	  { 0x9ac20820 }, 1,
	  { 0x0ULL, 0x64ULL, 0x7ULL, 0x0ULL }, 0x0,
	  { 0xeULL, 0x64ULL, 0x7ULL, 0x0ULL }, 0x0 },
	/* udiv x0, x1, x2 */
	{ "udiv_zero",
	  { 0x9ac20820 }, 1,
	  { 0x5ULL, 0x64ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x0ULL, 0x64ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* sdiv x0, x1, x2 */
	{ "sdiv_neg",
	  { 0x9ac20c20 }, 1,
	  { 0x0ULL, 0xffffffffffffff9cULL, 0x7ULL, 0x0ULL }, 0x0,
	  { 0xfffffffffffffff2ULL, 0xffffffffffffff9cULL, 0x7ULL, 0x0ULL }, 0x0 },
	/* sdiv x0, x1, x2 */
	{ "sdiv_overflow",
	  { 0x9ac20c20 }, 1,
	  { 0x0ULL, 0x8000000000000000ULL, 0xffffffffffffffffULL, 0x0ULL }, 0x0,
	  { 0x8000000000000000ULL, 0x8000000000000000ULL,
	    0xffffffffffffffffULL, 0x0ULL }, 0x0 },
	/* sdiv w0, w1, w2 */
	{ "sdiv_w_overflow",
	  { 0x1ac20c20 }, 1,
	  { 0x0ULL, 0x80000000ULL, 0xffffffffULL, 0x0ULL }, 0x0,
	  { 0x80000000ULL, 0x80000000ULL, 0xffffffffULL, 0x0ULL }, 0x0 },
	/* sdiv w0, w1, wzr */
	{ "sdiv_zero",
	  { 0x1adf0c20 }, 1,
	  { 0x7ULL, 0x64ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x0ULL, 0x64ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* clz x0, x1 */
	{ "clz",
	  { 0xdac01020 }, 1,
	  { 0x0ULL, 0x100000000000ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x13ULL, 0x100000000000ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* clz w0, w1 */
	{ "clz_zero_w",
	  { 0x5ac01020 }, 1,
	  { 0x0ULL, 0x0ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x20ULL, 0x0ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* cls x0, x1 */
	{ "cls",
	  { 0xdac01420 }, 1,
	  { 0x0ULL, 0xfff0000000000000ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0xbULL, 0xfff0000000000000ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* cls w0, w1 */
	{ "cls_w",
	  { 0x5ac01420 }, 1,
	  { 0x0ULL, 0x1ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x1eULL, 0x1ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* rbit x0, x1 */
	{ "rbit",
	  { 0xdac00020 }, 1,
	  { 0x0ULL, 0x1ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x8000000000000000ULL, 0x1ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* rbit w0, w1 */
	{ "rbit_w",
	  { 0x5ac00020 }, 1,
	  { 0x0ULL, 0x12345678ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x1e6a2c48ULL, 0x12345678ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* rev x0, x1 */
	{ "rev",
	  { 0xdac00c20 }, 1,
	  { 0x0ULL, 0x102030405060708ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x807060504030201ULL, 0x102030405060708ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* rev w0, w1 */
	{ "rev_w",
	  { 0x5ac00820 }, 1,
	  { 0x0ULL, 0x102030405060708ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x8070605ULL, 0x102030405060708ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* rev16 x0, x1 */
	{ "rev16",
	  { 0xdac00420 }, 1,
	  { 0x0ULL, 0x102030405060708ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x201040306050807ULL, 0x102030405060708ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* rev32 x0, x1 */
	{ "rev32",
	  { 0xdac00820 }, 1,
	  { 0x0ULL, 0x102030405060708ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x403020108070605ULL, 0x102030405060708ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* crc32b w0, w1, w2 */
	{ "crc32b",
	  { 0x1ac24020 }, 1,
	  { 0x0ULL, 0xffffffffULL, 0x61ULL, 0x0ULL }, 0x0,
	  { 0x174841bcULL, 0xffffffffULL, 0x61ULL, 0x0ULL }, 0x0 },
	/* crc32x w0, w1, x2 */
	{ "crc32x",
	  { 0x9ac24c20 }, 1,
	  { 0x0ULL, 0x0ULL, 0x123456789abcdefULL, 0x0ULL }, 0x0,
	  { 0x21193d2eULL, 0x0ULL, 0x123456789abcdefULL, 0x0ULL }, 0x0 },
	/* crc32cw w0, w1, w2 */
	{ "crc32cw",
	  { 0x1ac25820 }, 1,
	  { 0x0ULL, 0xffffffffULL, 0x12345678ULL, 0x0ULL }, 0x0,
	  { 0x4dece20cULL, 0xffffffffULL, 0x12345678ULL, 0x0ULL }, 0x0 },
	/* crc32cx w0, w1, x2 */
	{ "crc32cx",
	  { 0x9ac25c20 }, 1,
	  { 0x0ULL, 0x1234ULL, 0x123456789abcdefULL, 0x0ULL }, 0x0,
	  { 0xdae27dfULL, 0x1234ULL, 0x123456789abcdefULL, 0x0ULL }, 0x0 },
	/* cmp x1, x2; csel x0, x1, x2, lt */
	{ "csel_taken",
	  { 0xeb02003f, 0x9a82b020 }, 2,
	  { 0x0ULL, 0x1ULL, 0x2ULL, 0x0ULL }, 0x0,
	  { 0x1ULL, 0x1ULL, 0x2ULL, 0x0ULL }, 0x8 },
	/* cmp x1, x2; csel x0, x1, x2, gt */
	{ "csel_not",
	  { 0xeb02003f, 0x9a82c020 }, 2,
	  { 0x0ULL, 0x1ULL, 0x2ULL, 0x0ULL }, 0x0,
	  { 0x2ULL, 0x1ULL, 0x2ULL, 0x0ULL }, 0x8 },
	/* cmp x1, x2; csinc x0, x1, x2, hi */
	{ "csinc_hi",
	  { 0xeb02003f, 0x9a828420 }, 2,
	  { 0x0ULL, 0x5ULL, 0x2ULL, 0x0ULL }, 0x0,
	  { 0x5ULL, 0x5ULL, 0x2ULL, 0x0ULL }, 0x2 },
	/* cmp x1, x2; csinc x0, x1, x2, hi */
	{ "csinc_ls",
	  { 0xeb02003f, 0x9a828420 }, 2,
	  { 0x0ULL, 0x2ULL, 0x5ULL, 0x0ULL }, 0x0,
	  { 0x6ULL, 0x2ULL, 0x5ULL, 0x0ULL }, 0x8 },
	/* cmp w1, w2; csinv w0, w1, w2, eq */
	{ "csinv_w",
	  { 0x6b02003f, 0x5a820020 }, 2,
	  { 0x0ULL, 0x1ULL, 0x2ULL, 0x0ULL }, 0x0,
	  { 0xfffffffdULL, 0x1ULL, 0x2ULL, 0x0ULL }, 0x8 },
	/* cmp x1, x2; csneg x0, x1, x2, ge */
	{ "csneg",
	  { 0xeb02003f, 0xda82a420 }, 2,
	  { 0x0ULL, 0xfffffffffffffffdULL, 0x2ULL, 0x0ULL }, 0x0,
	  { 0xfffffffffffffffeULL, 0xfffffffffffffffdULL, 0x2ULL, 0x0ULL }, 0xa },
	/* cmp x1, x2; cset x0, cs */
	{ "cset_cs",
	  { 0xeb02003f, 0x9a9f37e0 }, 2,
	  { 0x0ULL, 0x5ULL, 0x5ULL, 0x0ULL }, 0x0,
	  { 0x1ULL, 0x5ULL, 0x5ULL, 0x0ULL }, 0x6 },
	/* cmp x1, x2; csetm w0, mi */
	{ "csetm_mi",
	  { 0xeb02003f, 0x5a9f53e0 }, 2,
	  { 0x0ULL, 0x1ULL, 0x2ULL, 0x0ULL }, 0x0,
	  { 0xffffffffULL, 0x1ULL, 0x2ULL, 0x0ULL }, 0x8 },
	/* adds x3, x1, x2; cinc x0, x0, vs */
	{ "cinc_vs",
	  { 0xab020023, 0x9a807400 }, 2,
	  { 0xaULL, 0x7fffffffffffffffULL, 0x1ULL, 0x0ULL }, 0x0,
	  { 0xbULL, 0x7fffffffffffffffULL, 0x1ULL, 0x8000000000000000ULL }, 0x9 },
	/* cmp x1, #1; ccmp x2, #3, #0, eq */
	{ "ccmp_true",
	  { 0xf100043f, 0xfa430840 }, 2,
	  { 0x0ULL, 0x1ULL, 0x3ULL, 0x0ULL }, 0x0,
	  { 0x0ULL, 0x1ULL, 0x3ULL, 0x0ULL }, 0x6 },
	/* cmp x1, #1; ccmp x2, #3, #9, ne */
	{ "ccmp_false",
	  { 0xf100043f, 0xfa431849 }, 2,
	  { 0x0ULL, 0x1ULL, 0x3ULL, 0x0ULL }, 0x0,
	  { 0x0ULL, 0x1ULL, 0x3ULL, 0x0ULL }, 0x9 },
	/* cmp x1, x1; ccmn x2, x3, #2, eq */
	{ "ccmn_reg",
	  { 0xeb01003f, 0xba430042 }, 2,
	  { 0x0ULL, 0x0ULL, 0xffffffffffffffffULL, 0x1ULL }, 0x0,
	  { 0x0ULL, 0x0ULL, 0xffffffffffffffffULL, 0x1ULL }, 0x6 },
	/* cmp x1, #0; ccmp x2, x3, #4, ne; cset x0, hi */
	{ "ccmp_hi_after",
	  { 0xf100003f, 0xfa431044, 0x9a9f97e0 }, 3,
	  { 0x0ULL, 0x1ULL, 0x9ULL, 0x3ULL }, 0x0,
	  { 0x1ULL, 0x1ULL, 0x9ULL, 0x3ULL }, 0x2 },
	/* cmp x1, x2; b.lt 1f; mov x0, #1; 1: add x0, x0, #2 */
	{ "b_cond_lt",
	  { 0xeb02003f, 0x5400004b, 0xd2800020, 0x91000800 }, 4,
	  { 0x0ULL, 0xffffffffffffffffULL, 0x1ULL, 0x0ULL }, 0x0,
	  { 0x2ULL, 0xffffffffffffffffULL, 0x1ULL, 0x0ULL }, 0xa },
	/* cmp x1, x2; b.lo 1f; mov x0, #1; 1: add x0, x0, #2 */
	{ "b_cond_lo",
	  { 0xeb02003f, 0x54000043, 0xd2800020, 0x91000800 }, 4,
	  { 0x0ULL, 0xffffffffffffffffULL, 0x1ULL, 0x0ULL }, 0x0,
	  { 0x3ULL, 0xffffffffffffffffULL, 0x1ULL, 0x0ULL }, 0xa },
	/* cmp w1, w2; b.hi 1f; mov x0, #1; 1: add x0, x0, #2 */
	{ "b_cond_hi_w",
	  { 0x6b02003f, 0x54000048, 0xd2800020, 0x91000800 }, 4,
	  { 0x0ULL, 0x3ULL, 0x2ULL, 0x0ULL }, 0x0,
	  { 0x2ULL, 0x3ULL, 0x2ULL, 0x0ULL }, 0x2 },
	/* adds x3, x1, x2; b.vs 1f; mov x0, #1; 1: add x0, x0, #2 */
	{ "b_cond_vs",
	  { 0xab020023, 0x54000046, 0xd2800020, 0x91000800 }, 4,
	  { 0x0ULL, 0x8000000000000000ULL, 0xffffffffffffffffULL, 0x0ULL }, 0x0,
	  { 0x2ULL, 0x8000000000000000ULL, 0xffffffffffffffffULL,
	    0x7fffffffffffffffULL }, 0x3 },
	/* cbz w1, 1f; mov x0, #1; 1: add x0, x0, #2 */
	{ "cbz_taken",
	  { 0x34000041, 0xd2800020, 0x91000800 }, 3,
	  { 0x0ULL, 0x100000000ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x2ULL, 0x100000000ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* cbnz x1, 1f; mov x0, #1; 1: add x0, x0, #2 */
	{ "cbnz_x",
	  { 0xb5000041, 0xd2800020, 0x91000800 }, 3,
	  { 0x0ULL, 0x100000000ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x2ULL, 0x100000000ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* tbz x1, #63, 1f; mov x0, #1; 1: add x0, x0, #2 */
	{ "tbz_63",
	  { 0xb6f80041, 0xd2800020, 0x91000800 }, 3,
	  { 0x0ULL, 0x8000000000000000ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x3ULL, 0x8000000000000000ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* tbnz w1, #31, 1f; mov x0, #1; 1: add x0, x0, #2 */
	{ "tbnz_31",
	  { 0x37f80041, 0xd2800020, 0x91000800 }, 3,
	  { 0x0ULL, 0x80000000ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x2ULL, 0x80000000ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* tbnz x1, #3, 1f; mov x0, #1; 1: add x0, x0, #2 */
	{ "tbnz_3",
	  { 0x37180041, 0xd2800020, 0x91000800 }, 3,
	  { 0x0ULL, 0x7ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x3ULL, 0x7ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* mov x0, #0; 1: add x0, x0, x1; subs x1, x1, #1; b.ne 1b */
	{ "loop_sum",
	  { 0xd2800000, 0x8b010000, 0xf1000421, 0x54ffffc1 }, 4,
	  { 0x0ULL, 0x64ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x13baULL, 0x0ULL, 0x0ULL, 0x0ULL }, 0x6 },
	/* mov x0, #0; 1: add x0, x0, #3; sub x1, x1, #1; cbnz x1, 1b */
	{ "loop_cbnz",
	  { 0xd2800000, 0x91000c00, 0xd1000421, 0xb5ffffc1 }, 4,
	  { 0x0ULL, 0xaULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x1eULL, 0x0ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/*
	 * subs x3, x1, x2
	 * add x0, x1, x2, lsr #1
	 * eor x3, x3, x0
	 * b.eq 1f
	 * mov x0, #0
	 * 1: cset x2, eq
	 */
	{ "flags_across_alu",
	  { 0xeb020023, 0x8b420420, 0xca000063, 0x54000040, 0xd2800000,
	    0x9a9f17e2 }, 6,
	  { 0x0ULL, 0x4ULL, 0x4ULL, 0x0ULL }, 0x0,
	  { 0x6ULL, 0x4ULL, 0x1ULL, 0x6ULL }, 0x6 },
	/*
	 * bl 1f
	 * add x0, x0, #1
	 * b 2f
	 * 1: mov x0, #40
	 * ret
	 * 2: add x0, x0, #1
	 */
	{ "bl_ret",
	  { 0x94000003, 0x91000400, 0x14000003, 0xd2800500, 0xd65f03c0,
	    0x91000400 }, 6,
	  { 0x0ULL, 0x0ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x2aULL, 0x0ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* cmp x1, x2; mrs x0, nzcv */
	{ "mrs_nzcv",
	  { 0xeb02003f, 0xd53b4200 }, 2,
	  { 0x0ULL, 0x1ULL, 0x2ULL, 0x0ULL }, 0x0,
	  { 0x80000000ULL, 0x1ULL, 0x2ULL, 0x0ULL }, 0x8 },
	/* msr nzcv, x1; cset x0, vs */
	{ "msr_nzcv",
	  { 0xd51b4201, 0x9a9f77e0 }, 2,
	  { 0x0ULL, 0x10000000ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x1ULL, 0x10000000ULL, 0x0ULL, 0x0ULL }, 0x1 },
	/* msr nzcv, x1; cset x0, hi */
	{ "msr_nzcv_hi",
	  { 0xd51b4201, 0x9a9f97e0 }, 2,
	  { 0x0ULL, 0x20000000ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x1ULL, 0x20000000ULL, 0x0ULL, 0x0ULL }, 0x2 },
	/* msr tpidr_el0, x1; mrs x0, tpidr_el0 */
	{ "tpidr",
	  { 0xd51bd041, 0xd53bd040 }, 2,
	  { 0x0ULL, 0x1234ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x1234ULL, 0x1234ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* mrs x0, currentel */
	{ "currentel",
	  { 0xd5384240 }, 1,
	  { 0x0ULL, 0x0ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x4ULL, 0x0ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/*
	 * mov x0, sp
	 * add sp, sp, #16
	 * mov x1, sp
	 * sub x0, x1, x0
	 * sub sp, sp, #16
	 * mov x1, xzr
	 */
	{ "mov_sp",
	  { 0x910003e0, 0x910043ff, 0x910003e1, 0xcb000020, 0xd10043ff,
	    0xaa1f03e1 }, 6,
	  { 0x0ULL, 0x0ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x10ULL, 0x0ULL, 0x0ULL, 0x0ULL }, 0x0 },
	/* adds xzr, x1, x2; cset x0, cs */
	{ "zr_dst",
	  { 0xab02003f, 0x9a9f37e0 }, 2,
	  { 0x0ULL, 0xffffffffffffffffULL, 0x1ULL, 0x0ULL }, 0x0,
	  { 0x1ULL, 0xffffffffffffffffULL, 0x1ULL, 0x0ULL }, 0x6 },
	/* adr x0, 1f; adr x1, .; nop; 1: sub x0, x0, x1; mov x1, xzr */
	{ "adr",
	  { 0x10000060, 0x10000001, 0xd503201f, 0xcb010000, 0xaa1f03e1 }, 5,
	  { 0x0ULL, 0x0ULL, 0x0ULL, 0x0ULL }, 0x0,
	  { 0x8ULL, 0x0ULL, 0x0ULL, 0x0ULL }, 0x0 },
};

/* Run @words; the program must reach its final HLT. */
static void run_words(struct __test_metadata *_metadata, struct tvm *t,
		      const u32 *words, unsigned int n)
{
	struct xvm_exit x;

	tvm_program(t, words, n);
	ASSERT_EQ(XVM_EXIT_SEMIHOST, tvm_run(t, &x));
	ASSERT_EQ(TVM_RAM_BASE + 4 * n, x.pc);
	ASSERT_EQ(TVM_RAM_BASE + 4 * n + 4, t->cpu->pc);
}

TEST(alu_against_qemu)
{
	struct tvm *t = tvm_new();
	unsigned int i, r;

	ASSERT_NE(NULL, t);
	for (i = 0; i < ARRAY_SIZE(alu_cases); i++) {
		const struct alu_case *c = &alu_cases[i];
		struct xvm_exit x;

		a64_cpu_reset(t->cpu, TVM_RAM_BASE);
		t->cpu->sp = TVM_RAM_BASE + TVM_RAM_SIZE - 64;
		for (r = 0; r < 4; r++)
			t->cpu->x[r] = c->in[r];
		t->cpu->pstate |= c->nzcv_in << 28;
		tvm_program(t, c->words, c->n);
		EXPECT_EQ(XVM_EXIT_SEMIHOST, tvm_run(t, &x))
			TH_LOG("%s: exit %s", c->name, xvm_exit_name(x.reason));
		for (r = 0; r < 4; r++) {
			EXPECT_EQ(c->out[r], t->cpu->x[r])
				TH_LOG("%s: x%u", c->name, r);
		}
		EXPECT_EQ(c->nzcv_out, tvm_nzcv(t))
			TH_LOG("%s: nzcv", c->name);
	}
	tvm_free_all(t);
}

/* The same cases, translated without BMI2 and LZCNT. */
TEST(alu_without_host_extensions)
{
	struct tvm *t = tvm_new_flags(1UL << 20, 0);
	unsigned int i, r;

	ASSERT_NE(NULL, t);
	for (i = 0; i < ARRAY_SIZE(alu_cases); i++) {
		const struct alu_case *c = &alu_cases[i];
		struct xvm_exit x;

		a64_cpu_reset(t->cpu, TVM_RAM_BASE);
		t->cpu->sp = TVM_RAM_BASE + TVM_RAM_SIZE - 64;
		for (r = 0; r < 4; r++)
			t->cpu->x[r] = c->in[r];
		t->cpu->pstate |= c->nzcv_in << 28;
		tvm_program(t, c->words, c->n);
		EXPECT_EQ(XVM_EXIT_SEMIHOST, tvm_run(t, &x))
			TH_LOG("%s: exit %s", c->name, xvm_exit_name(x.reason));
		for (r = 0; r < 4; r++) {
			EXPECT_EQ(c->out[r], t->cpu->x[r])
				TH_LOG("%s: x%u", c->name, r);
		}
		EXPECT_EQ(c->nzcv_out, tvm_nzcv(t))
			TH_LOG("%s: nzcv", c->name);
	}
	tvm_free_all(t);
}

/* ConditionHolds() of the Arm ARM, on NZCV as 4 bits. */
static bool condition_holds(unsigned int cond, unsigned int nzcv)
{
	bool n = nzcv & 8, z = nzcv & 4, c = nzcv & 2, v = nzcv & 1;
	bool r;

	switch (cond >> 1) {
	case 0:
		r = z;
		break;
	case 1:
		r = c;
		break;
	case 2:
		r = n;
		break;
	case 3:
		r = v;
		break;
	case 4:
		r = c && !z;
		break;
	case 5:
		r = n == v;
		break;
	case 6:
		r = n == v && !z;
		break;
	default:
		r = true;
		break;
	}
	return (cond & 1) && cond != 15 ? !r : r;
}

static unsigned int nzcv_of(u64 a, u64 b, bool add)
{
	u64 r = add ? a + b : a - b;
	bool c = add ? r < a : a >= b;
	bool v = add ? (~(a ^ b) & (a ^ r)) >> 63 : ((a ^ b) & (a ^ r)) >> 63;

	return (r >> 63) << 3 | (r == 0) << 2 | c << 1 | v;
}

/*
 * Every condition after CMP (host CF is a borrow), CMN (host CF is the
 * carry) and MSR NZCV (flags from memory), consumed by CSINC and by B.cond.
 */
TEST(conditions_exhaustive)
{
	static const u64 vals[] = {
		0, 1, 2, 5, 0x7fffffffffffffffULL, 0x8000000000000000ULL,
		0xffffffffffffffffULL,
	};
	unsigned int nv = ARRAY_SIZE(vals), k;
	struct tvm *t = tvm_new();

	ASSERT_NE(NULL, t);
	for (k = 0; k < nv * nv * 3 * 16 * 2; k++) {
		unsigned int i = k % nv, j = k / nv % nv, op = k / nv / nv % 3;
		unsigned int cond = k / nv / nv / 3 % 16, use = k / nv / nv / 48;
		unsigned int nzcv = op == 2 ? (i * 7 + j) & 15 :
				    nzcv_of(vals[i], vals[j], op == 1);
		struct xvm_exit x;
		u32 prog[4];

		/* cmp x1, x2 / cmn x1, x2 / msr nzcv, x3 */
		prog[0] = op == 0 ? 0xeb02003f : op == 1 ? 0xab02003f :
				    0xd51b4203;
		if (use == 0) {
			/* csinc x0, xzr, xzr, cond: x0 = !cond */
			prog[1] = 0x9a9f07e0 | cond << 12;
			prog[2] = A64_NOP;
		} else {
			/* b.cond +8; mov x0, #1 */
			prog[1] = 0x54000040 | cond;
			prog[2] = 0xd2800020;
		}
		a64_cpu_reset(t->cpu, TVM_RAM_BASE);
		t->cpu->x[1] = vals[i];
		t->cpu->x[2] = vals[j];
		t->cpu->x[3] = (u64)nzcv << 28;
		tvm_program(t, prog, 3);
		ASSERT_EQ(XVM_EXIT_SEMIHOST, tvm_run(t, &x));
		EXPECT_EQ(!condition_holds(cond, nzcv), t->cpu->x[0])
			TH_LOG("op %u cond %u use %u on %#llx, %#llx", op,
			       cond, use, (unsigned long long)vals[i],
			       (unsigned long long)vals[j]);
		EXPECT_EQ(nzcv, tvm_nzcv(t));
	}
	tvm_free_all(t);
}

#define DATA	(TVM_RAM_BASE + 0x8000)

/* Every byte around DATA holds the low byte of its own address. */
static struct tvm *data_vm(void)
{
	struct tvm *t = tvm_new();
	u64 a;

	if (!t)
		return NULL;
	for (a = DATA - 0x1000; a < DATA + 0x1000; a++)
		*(u8 *)tvm_mem(t, a) = (u8)a;
	return t;
}

TEST(load_store_sizes)
{
	/*
	 *	strb w2, [x1]
	 *	strh w2, [x1, #2]
	 *	str w2, [x1, #4]
	 *	str x2, [x1, #8]
	 *	ldrb w3, [x1]
	 *	ldrsb x4, [x1]
	 *	ldrsh w5, [x1, #2]
	 *	ldrsw x6, [x1, #4]
	 *	ldr x7, [x1, #8]
	 */
	static const u32 sizes[] = {
		0x39000022, 0x79000422, 0xb9000422, 0xf9000422,
		0x39400023, 0x39800024, 0x79c00425, 0xb9800426,
		0xf9400427,
	};
	u64 v = 0xf1e2d3c4b5a69788ULL;
	struct tvm *t = data_vm();

	ASSERT_NE(NULL, t);
	t->cpu->x[1] = DATA;
	t->cpu->x[2] = v;
	run_words(_metadata, t, sizes, ARRAY_SIZE(sizes));
	EXPECT_EQ(0x88, t->cpu->x[3]);
	EXPECT_EQ(0xffffffffffffff88ULL, t->cpu->x[4]);
	EXPECT_EQ(0xffff9788ULL, t->cpu->x[5]);
	EXPECT_EQ(0xffffffffb5a69788ULL, t->cpu->x[6]);
	EXPECT_EQ(v, t->cpu->x[7]);
	EXPECT_EQ(0xb5a6978897880188ULL, tvm_get64(t, DATA));
	tvm_free_all(t);
}

TEST(load_store_writeback)
{
	/*
	 *	ldr x3, [x1, #8]!
	 *	ldr x4, [x1], #-8
	 *	ldrb w5, [x1, #1]!
	 *	str x2, [x1, #-1]!
	 *	ldur x6, [x1, #1]
	 */
	static const u32 index[] = {
		0xf8408c23, 0xf85f8424, 0x38401c25, 0xf81ffc22,
		0xf8401026,
	};
	u64 v = 0xf1e2d3c4b5a69788ULL;
	struct tvm *t = data_vm();

	ASSERT_NE(NULL, t);
	t->cpu->x[1] = DATA;
	t->cpu->x[2] = v;
	run_words(_metadata, t, index, ARRAY_SIZE(index));
	EXPECT_EQ(DATA, t->cpu->x[1]);
	EXPECT_EQ(0x0f0e0d0c0b0a0908ULL, t->cpu->x[3]);
	EXPECT_EQ(0x0f0e0d0c0b0a0908ULL, t->cpu->x[4]);
	EXPECT_EQ(1, t->cpu->x[5]);
	EXPECT_EQ(0x08f1e2d3c4b5a697ULL, t->cpu->x[6]);
	EXPECT_EQ(v, tvm_get64(t, DATA));
	tvm_free_all(t);
}

TEST(load_store_register_offset)
{
	/*
	 *	ldr x3, [x1, x2, lsl #3]
	 *	ldr w4, [x1, w5, sxtw #2]
	 *	ldrh w6, [x1, x2]
	 *	str x2, [x1, w2, uxtw]
	 */
	static const u32 regoff[] = {
		0xf8627823, 0xb865d824, 0x78626826, 0xf8224822,
	};
	struct tvm *t = data_vm();

	ASSERT_NE(NULL, t);
	t->cpu->x[1] = DATA;
	t->cpu->x[2] = 2;
	t->cpu->x[5] = 0xffffffffULL;		/* w5 = -1 */
	run_words(_metadata, t, regoff, ARRAY_SIZE(regoff));
	EXPECT_EQ(0x1716151413121110ULL, t->cpu->x[3]);
	EXPECT_EQ(0xfffefdfcULL, t->cpu->x[4]);
	EXPECT_EQ(0x0302, t->cpu->x[6]);
	EXPECT_EQ(2, tvm_get64(t, DATA + 2));
	tvm_free_all(t);
}

TEST(load_store_pairs)
{
	/*
	 *	stp x2, x3, [x1, #16]
	 *	ldp x4, x5, [x1, #16]
	 *	ldpsw x6, x7, [x1, #16]
	 *	stp w2, w3, [x1, #-8]!
	 *	ldp w8, w9, [x1], #8
	 */
	static const u32 pairs[] = {
		0xa9010c22, 0xa9411424, 0x69421c26, 0x29bf0c22,
		0x28c12428,
	};
	u64 a = 0x1111111122222222ULL, b = 0x80000000fffffffeULL;
	struct tvm *t = data_vm();

	ASSERT_NE(NULL, t);
	t->cpu->x[1] = DATA;
	t->cpu->x[2] = a;
	t->cpu->x[3] = b;
	run_words(_metadata, t, pairs, ARRAY_SIZE(pairs));
	EXPECT_EQ(a, t->cpu->x[4]);
	EXPECT_EQ(b, t->cpu->x[5]);
	EXPECT_EQ(0x22222222, t->cpu->x[6]);
	EXPECT_EQ(0x11111111, t->cpu->x[7]);
	EXPECT_EQ(0x22222222, t->cpu->x[8]);
	EXPECT_EQ(0xfffffffeULL, t->cpu->x[9]);
	EXPECT_EQ(DATA, t->cpu->x[1]);
	EXPECT_EQ(0xfffffffe22222222ULL, tvm_get64(t, DATA - 8));
	tvm_free_all(t);
}

/* Accesses that straddle a page go through the slow path, bytewise. */
TEST(load_store_crossing_a_page)
{
	/*
	 *	str x2, [x1]
	 *	ldr x3, [x1]
	 *	ldrh w4, [x1, #3]
	 *	stp x2, x2, [x1, #-8]
	 *	ldp x5, x6, [x1, #-8]
	 */
	static const u32 crosspage[] = {
		0xf9000022, 0xf9400023, 0x78403024, 0xa93f8822,
		0xa97f9825,
	};
	u64 v = 0x0102030405060708ULL;
	struct tvm *t = data_vm();

	ASSERT_NE(NULL, t);
	t->cpu->x[1] = TVM_RAM_BASE + 0x9000 - 4;
	t->cpu->x[2] = v;
	run_words(_metadata, t, crosspage, ARRAY_SIZE(crosspage));
	EXPECT_EQ(v, t->cpu->x[3]);
	EXPECT_EQ(0x0405, t->cpu->x[4]);
	EXPECT_EQ(v, t->cpu->x[5]);
	EXPECT_EQ(v, t->cpu->x[6]);
	EXPECT_EQ(v, tvm_get64(t, TVM_RAM_BASE + 0x9000 - 4));
	tvm_free_all(t);
}

/*
 * An access group whose bytes straddle a page: the shared probe fails and
 * every member goes through the slow path, writeback included.
 *
 *	ldp x2, x3, [x1]
 *	ldp x4, x5, [x1, #16]
 *	str x2, [x1, #-8]!
 *	ldr x6, [x1, #32]
 */
TEST(access_group_across_a_page)
{
	static const u32 prog[] = {
		0xa9400c22, 0xa9411424, 0xf81f8c22, 0xf9401026,
	};
	u64 base = TVM_RAM_BASE + 0x9000 - 8;
	struct tvm *t = data_vm();
	u64 w[4];
	unsigned int i;

	ASSERT_NE(NULL, t);
	for (i = 0; i < 4; i++)
		w[i] = tvm_get64(t, base + 8 * i);
	t->cpu->x[1] = base;
	run_words(_metadata, t, prog, ARRAY_SIZE(prog));
	EXPECT_EQ(w[0], t->cpu->x[2]);
	EXPECT_EQ(w[1], t->cpu->x[3]);
	EXPECT_EQ(w[2], t->cpu->x[4]);
	EXPECT_EQ(w[3], t->cpu->x[5]);
	EXPECT_EQ(base - 8, t->cpu->x[1]);
	EXPECT_EQ(w[0], tvm_get64(t, base - 8));
	EXPECT_EQ(w[3], t->cpu->x[6]);
	EXPECT_GE(xvm_vcpu_stats(t->vcpu)->slow_accesses, 4);
	tvm_free_all(t);
}

TEST(load_literal)
{
	/*
	 *	ldr x3, 1f
	 *	ldrsw x4, 1f
	 *	b 2f
	 *	1: .quad 0x8899aabbccddeeff
	 *	2: nop
	 */
	static const u32 literal[] = {
		0x58000063, 0x98000044, 0x14000003, 0xccddeeff,
		0x8899aabb, 0xd503201f,
	};
	struct tvm *t = tvm_new();

	ASSERT_NE(NULL, t);
	run_words(_metadata, t, literal, ARRAY_SIZE(literal));
	EXPECT_EQ(0x8899aabbccddeeffULL, t->cpu->x[3]);
	EXPECT_EQ(0xffffffffccddeeffULL, t->cpu->x[4]);
	tvm_free_all(t);
}

TEST(exclusives)
{
	/*
	 *	ldxr x3, [x1]
	 *	add x3, x3, #1
	 *	stxr w4, x3, [x1]
	 *	stxr w5, x3, [x1]
	 *	ldaxr w6, [x1]
	 *	clrex
	 *	stlxr w7, w6, [x1]
	 *	ldxp x8, x9, [x1]
	 *	stxp w10, x9, x8, [x1]
	 */
	static const u32 excl[] = {
		0xc85f7c23, 0x91000463, 0xc8047c23, 0xc8057c23,
		0x885ffc26, 0xd5033f5f, 0x8807fc26, 0xc87f2428,
		0xc82a2029,
	};
	struct tvm *t = tvm_new();

	ASSERT_NE(NULL, t);
	tvm_set64(t, DATA, 5);
	tvm_set64(t, DATA + 8, 9);
	t->cpu->x[1] = DATA;
	run_words(_metadata, t, excl, ARRAY_SIZE(excl));
	EXPECT_EQ(0, t->cpu->x[4]);		/* first store succeeds */
	EXPECT_EQ(1, t->cpu->x[5]);		/* monitor now open */
	EXPECT_EQ(6, t->cpu->x[6]);
	EXPECT_EQ(1, t->cpu->x[7]);		/* after CLREX */
	EXPECT_EQ(6, t->cpu->x[8]);
	EXPECT_EQ(9, t->cpu->x[9]);
	EXPECT_EQ(0, t->cpu->x[10]);
	EXPECT_EQ(9, tvm_get64(t, DATA));
	EXPECT_EQ(6, tvm_get64(t, DATA + 8));
	tvm_free_all(t);
}

TEST(simd_fp_loads_and_stores)
{
	/*
	 *	str q0, [x1]
	 *	ldr q1, [x1]
	 *	ldr d2, [x1, #8]
	 *	str s0, [x1, #32]
	 *	ldp q3, q4, [x1]
	 *	stp d0, d1, [x1, #64]
	 *	ldr b5, [x1, #1]
	 */
	static const u32 fp[] = {
		0x3d800020, 0x3dc00021, 0xfd400422, 0xbd002020,
		0xad401023, 0x6d040420, 0x3d400425,
	};
	struct tvm *t = data_vm();
	unsigned int i;

	ASSERT_NE(NULL, t);
	for (i = 0; i < 6; i++) {
		t->cpu->v[i][0] = 0xdead0000 + i;
		t->cpu->v[i][1] = 0xbeef0000 + i;
	}
	t->cpu->v[0][0] = 0x1111;
	t->cpu->v[0][1] = 0x2222;
	t->cpu->x[1] = DATA;
	run_words(_metadata, t, fp, ARRAY_SIZE(fp));
	EXPECT_EQ(0x1111, t->cpu->v[1][0]);
	EXPECT_EQ(0x2222, t->cpu->v[1][1]);
	EXPECT_EQ(0x2222, t->cpu->v[2][0]);
	EXPECT_EQ(0, t->cpu->v[2][1]);
	EXPECT_EQ(0x1111, t->cpu->v[3][0]);
	EXPECT_EQ(0x2222, t->cpu->v[3][1]);
	EXPECT_EQ(0x1716151413121110ULL, t->cpu->v[4][0]);
	EXPECT_EQ(0x11, t->cpu->v[5][0]);
	EXPECT_EQ(0, t->cpu->v[5][1]);
	EXPECT_EQ(0x2726252400001111ULL, tvm_get64(t, DATA + 32));
	EXPECT_EQ(0x1111, tvm_get64(t, DATA + 64));
	EXPECT_EQ(0x1111, tvm_get64(t, DATA + 72));
	tvm_free_all(t);
}

/*
 *	fmov d0, x1
 *	fmov s1, w2
 *	fmov v2.d[1], x1
 *	fmov x3, d2
 *	fmov x4, v2.d[1]
 *	fmov w5, s1
 *	dup v3.8b, w2
 *	dup v4.4s, w1
 *	ins v5.h[3], w2
 *	umov w6, v4.s[1]
 *	smov x7, v3.b[2]
 *	mov x8, v2.d[1]
 */
TEST(moves_between_general_and_simd_registers)
{
	static const u32 prog[] = {
		0x9e670020, 0x1e270041, 0x9eaf0022, 0x9e660043,
		0x9eae0044, 0x1e260025, 0x0e010c43, 0x4e040c24,
		0x4e0e1c45, 0x0e0c3c86, 0x4e052c67, 0x4e183c48,
	};
	u64 x1 = 0x1122334455667788ULL, x2 = 0xaabbccddeeff0011ULL;
	struct tvm *t = tvm_new();
	unsigned int i;

	ASSERT_NE(NULL, t);
	for (i = 0; i < 6; i++) {
		t->cpu->v[i][0] = 0x1111111100000000ULL * i + 0x2222;
		t->cpu->v[i][1] = 0x3333333300000000ULL * i + 0x4444;
	}
	t->cpu->x[1] = x1;
	t->cpu->x[2] = x2;
	run_words(_metadata, t, prog, ARRAY_SIZE(prog));
	EXPECT_EQ(x1, t->cpu->v[0][0]);
	EXPECT_EQ(0, t->cpu->v[0][1]);
	EXPECT_EQ(0xeeff0011ULL, t->cpu->v[1][0]);
	EXPECT_EQ(0, t->cpu->v[1][1]);
	EXPECT_EQ(0x2222222200002222ULL, t->cpu->v[2][0]);
	EXPECT_EQ(x1, t->cpu->v[2][1]);
	EXPECT_EQ(0x2222222200002222ULL, t->cpu->x[3]);
	EXPECT_EQ(x1, t->cpu->x[4]);
	EXPECT_EQ(0xeeff0011ULL, t->cpu->x[5]);
	EXPECT_EQ(0x1111111111111111ULL, t->cpu->v[3][0]);
	EXPECT_EQ(0, t->cpu->v[3][1]);
	EXPECT_EQ(0x5566778855667788ULL, t->cpu->v[4][0]);
	EXPECT_EQ(0x5566778855667788ULL, t->cpu->v[4][1]);
	EXPECT_EQ(0x0011555500002222ULL, t->cpu->v[5][0]);
	EXPECT_EQ(0xffffffff00004444ULL, t->cpu->v[5][1]);
	EXPECT_EQ(0x55667788, t->cpu->x[6]);
	EXPECT_EQ(0x11, t->cpu->x[7]);
	EXPECT_EQ(x1, t->cpu->x[8]);
	tvm_free_all(t);
}

TEST(device_accesses)
{
	/* ldr w3, [x6]; str w2, [x6, #8]; ldrb w4, [x6, #3] */
	static const u32 mmio[] = { 0xb94000c3, 0xb90008c2, 0x39400cc4 };
	struct tvm *t = tvm_new();

	ASSERT_NE(NULL, t);
	t->dev_read_value = 0xcafef00d12345678ULL;
	t->cpu->x[6] = TVM_DEV_BASE;
	t->cpu->x[2] = 0xabcdef;
	run_words(_metadata, t, mmio, ARRAY_SIZE(mmio));
	EXPECT_EQ(0x12345678, t->cpu->x[3]);
	EXPECT_EQ(0x78, t->cpu->x[4]);
	EXPECT_EQ(2, t->dev_reads);
	EXPECT_EQ(1, t->dev_writes);
	EXPECT_EQ(0xabcdef, t->dev_data);
	tvm_free_all(t);
}

/* A device the host completes outside run: exit, complete, re-execute. */
TEST(device_access_completed_by_the_host)
{
	/* ldr w3, [x6]; str w2, [x6, #8]; ldrb w4, [x6, #3] */
	static const u32 mmio[] = { 0xb94000c3, 0xb90008c2, 0x39400cc4 };
	struct tvm *t = tvm_new();
	struct xvm_exit x;

	ASSERT_NE(NULL, t);
	t->dev_defer = true;
	t->cpu->x[6] = TVM_DEV_BASE;
	t->cpu->x[2] = 0xabcdef;
	tvm_program(t, mmio, ARRAY_SIZE(mmio));
	ASSERT_EQ(XVM_EXIT_MMIO, tvm_run(t, &x));
	EXPECT_EQ(TVM_DEV_BASE, x.mmio.addr);
	EXPECT_EQ(4, x.mmio.size);
	EXPECT_EQ(0, x.mmio.write);
	EXPECT_EQ(TVM_RAM_BASE, t->cpu->pc);
	xvm_vcpu_complete_mmio(t->vcpu, 0x55667788);
	ASSERT_EQ(XVM_EXIT_MMIO, tvm_run(t, &x));
	EXPECT_EQ(0x55667788, t->cpu->x[3]);
	EXPECT_EQ(TVM_DEV_BASE + 8, x.mmio.addr);
	EXPECT_EQ(1, x.mmio.write);
	EXPECT_EQ(0xabcdef, x.mmio.data);
	xvm_vcpu_complete_mmio(t->vcpu, 0);
	ASSERT_EQ(XVM_EXIT_MMIO, tvm_run(t, &x));
	EXPECT_EQ(1, x.mmio.size);
	xvm_vcpu_complete_mmio(t->vcpu, 0x1ff);
	ASSERT_EQ(XVM_EXIT_SEMIHOST, tvm_run(t, &x));
	EXPECT_EQ(0xff, t->cpu->x[4]);
	tvm_free_all(t);
}

TEST(zero_register_operands)
{
	/* str xzr, [x1]; stp xzr, xzr, [x1, #8]; ldr xzr, [x1, #8] */
	static const u32 zr[] = { 0xf900003f, 0xa900fc3f, 0xf940043f };
	struct tvm *t = data_vm();

	ASSERT_NE(NULL, t);
	t->cpu->x[1] = DATA;
	run_words(_metadata, t, zr, ARRAY_SIZE(zr));
	EXPECT_EQ(0, tvm_get64(t, DATA));
	EXPECT_EQ(0, tvm_get64(t, DATA + 8));
	EXPECT_EQ(0, tvm_get64(t, DATA + 16));
	EXPECT_EQ(0x1f1e1d1c1b1a1918ULL, tvm_get64(t, DATA + 24));
	tvm_free_all(t);
}

TEST(dc_zva_zeroes_a_block)
{
	/* dc zva, x1 */
	static const u32 dczva[] = { 0xd50b7421 };
	struct tvm *t = data_vm();

	ASSERT_NE(NULL, t);
	t->cpu->x[1] = DATA + 0x53;
	run_words(_metadata, t, dczva, ARRAY_SIZE(dczva));
	EXPECT_EQ(0x3f3e3d3c3b3a3938ULL, tvm_get64(t, DATA + 0x38));
	EXPECT_EQ(0, tvm_get64(t, DATA + 0x40));
	EXPECT_EQ(0, tvm_get64(t, DATA + 0x78));
	EXPECT_EQ(0x8786858483828180ULL, tvm_get64(t, DATA + 0x80));
	tvm_free_all(t);
}

TEST(acquire_release)
{
	/* stlr x2, [x1]; ldar x3, [x1]; stlrb w2, [x5]; ldarb w4, [x5] */
	static const u32 ldar[] = {
		0xc89ffc22, 0xc8dffc23, 0x089ffca2, 0x08dffca4,
	};
	struct tvm *t = data_vm();

	ASSERT_NE(NULL, t);
	t->cpu->x[1] = DATA;
	t->cpu->x[5] = DATA + 16;
	t->cpu->x[2] = 0x123456789ULL;
	run_words(_metadata, t, ldar, ARRAY_SIZE(ldar));
	EXPECT_EQ(0x123456789ULL, t->cpu->x[3]);
	EXPECT_EQ(0x89, t->cpu->x[4]);
	EXPECT_EQ(0x123456789ULL, tvm_get64(t, DATA));
	tvm_free_all(t);
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * test_translate_exits.c - how a vCPU stops: undefined instructions, bad
 * accesses, the exit-request flag (timeouts), calls to the host (HVC,
 * WFI), guest exceptions, and garbage that must never hurt the host.
 */
/* Before the harness: host.h defines ARRAY_SIZE unconditionally. */
#include "test_translate.h"
#include "kselftest_harness.h"

/*
 *	mov x0, #5
 *	.word 0
 */
static const u32 undef_mid[] = {
	0xd28000a0, 0x00000000,
};

/*
 *	mov x2, #7
 *	ldr x0, [x1], #8
 */
static const u32 bad_load[] = {
	0xd28000e2, 0xf8408420,
};

/*
 *	mov x2, #7
 *	str x2, [x1, #16]!
 */
static const u32 bad_store[] = {
	0xd28000e2, 0xf8010c22,
};

/*
 *	mov x2, #7
 *	br x1
 */
static const u32 bad_fetch[] = {
	0xd28000e2, 0xd61f0020,
};

/*
 *	b .
 */
static const u32 spin[] = {
	0x14000000,
};

/*
 *	1: add x0, x0, #1
 *	b 1b
 */
static const u32 count_loop[] = {
	0x91000400, 0x17ffffff,
};

/*
 *	1: add x0, x0, #1
 *	add x2, x2, x0
 *	subs x1, x1, #0
 *	b.ne 1b
 */
static const u32 reg_loop[] = {
	0x91000400, 0x8b000042, 0xf1000021, 0x54ffffa1,
};

/*
 *	svc #0x42
 *	mov x4, #1
 */
static const u32 svc_main[] = {
	0xd4000841, 0xd2800024,
};

/*
 *	mrs x2, esr_el1
 *	mrs x3, elr_el1
 *	mrs x5, spsr_el1
 *	mrs x6, currentel
 *	eret
 */
static const u32 svc_handler[] = {
	0xd5385202, 0xd5384023, 0xd5384005, 0xd5384246, 0xd69f03e0,
};

/*
 *	mov x7, #9
 *	brk #0x7
 *	mov x4, #1
 */
static const u32 brk_main[] = {
	0xd2800127, 0xd42000e0, 0xd2800024,
};

/*
 *	mrs x2, esr_el1
 *	mrs x3, elr_el1
 *	add x3, x3, #4
 *	msr elr_el1, x3
 *	eret
 */
static const u32 brk_handler[] = {
	0xd5385202, 0xd5384023, 0x91001063, 0xd5184023, 0xd69f03e0,
};

/*
 *	mov x0, #0x40000000
 *	add x0, x0, #0x100
 *	msr elr_el1, x0
 *	msr spsr_el1, xzr
 *	eret
 */
static const u32 el0_main[] = {
	0xd2a80000, 0x91040000, 0xd5184020, 0xd518401f, 0xd69f03e0,
};

/*
 *	mov x9, #33
 *	mrs x10, currentel
 *	svc #1
 */
static const u32 el0_code[] = {
	0xd2800429, 0xd538424a, 0xd4000021,
};

/*
 *	mrs x2, esr_el1
 *	mrs x6, currentel
 *	mrs x8, spsr_el1
 */
static const u32 el0_handler[] = {
	0xd5385202, 0xd5384246, 0xd5384008,
};

/*
 *	hvc #0x12
 */
static const u32 hvc[] = {
	0xd4000242,
};

/*
 *	wfi
 *	mov x3, #3
 */
static const u32 wfi[] = {
	0xd503207f, 0xd2800063,
};

#define UNMAPPED	0x1000ULL
#define VBAR		(TVM_RAM_BASE + 0x800)

TEST(undefined_instruction_stops_the_vcpu)
{
	struct tvm *t = tvm_new();
	struct xvm_exit x;

	ASSERT_NE(NULL, t);
	tvm_program(t, undef_mid, ARRAY_SIZE(undef_mid));
	ASSERT_EQ(XVM_EXIT_UNDEFINED, tvm_run(t, &x));
	EXPECT_EQ(TVM_RAM_BASE + 4, x.pc);
	EXPECT_EQ(TVM_RAM_BASE + 4, t->cpu->pc);
	EXPECT_EQ(0, x.undef.insn);
	EXPECT_EQ(5, t->cpu->x[0]);		/* the mov before it ran */

	/* It stays stopped there. */
	ASSERT_EQ(XVM_EXIT_UNDEFINED, tvm_run(t, &x));
	EXPECT_EQ(TVM_RAM_BASE + 4, x.pc);
	tvm_free_all(t);
}

/* A faulting access leaves the instruction undone: base not written. */
TEST(load_from_unmapped_address)
{
	struct tvm *t = tvm_new();
	struct xvm_exit x;

	ASSERT_NE(NULL, t);
	t->cpu->x[0] = 0x1234;
	t->cpu->x[1] = UNMAPPED;
	tvm_program(t, bad_load, ARRAY_SIZE(bad_load));
	ASSERT_EQ(XVM_EXIT_BAD_ACCESS, tvm_run(t, &x));
	EXPECT_EQ(UNMAPPED, x.bad.addr);
	EXPECT_EQ(8, x.bad.size);
	EXPECT_EQ(0, x.bad.write);
	EXPECT_EQ(0, x.bad.fetch);
	EXPECT_EQ(TVM_RAM_BASE + 4, x.pc);
	EXPECT_EQ(TVM_RAM_BASE + 4, t->cpu->pc);
	EXPECT_EQ(7, t->cpu->x[2]);
	EXPECT_EQ(0x1234, t->cpu->x[0]);
	EXPECT_EQ(UNMAPPED, t->cpu->x[1]);
	tvm_free_all(t);
}

TEST(store_to_unmapped_address)
{
	struct tvm *t = tvm_new();
	struct xvm_exit x;

	ASSERT_NE(NULL, t);
	t->cpu->x[1] = UNMAPPED;
	tvm_program(t, bad_store, ARRAY_SIZE(bad_store));
	ASSERT_EQ(XVM_EXIT_BAD_ACCESS, tvm_run(t, &x));
	EXPECT_EQ(UNMAPPED + 16, x.bad.addr);
	EXPECT_EQ(1, x.bad.write);
	EXPECT_EQ(TVM_RAM_BASE + 4, x.pc);
	EXPECT_EQ(UNMAPPED, t->cpu->x[1]);
	EXPECT_EQ(7, t->cpu->x[2]);
	tvm_free_all(t);
}

TEST(fetch_from_unmapped_address)
{
	struct tvm *t = tvm_new();
	struct xvm_exit x;

	ASSERT_NE(NULL, t);
	t->cpu->x[1] = UNMAPPED;
	tvm_program(t, bad_fetch, ARRAY_SIZE(bad_fetch));
	ASSERT_EQ(XVM_EXIT_BAD_ACCESS, tvm_run(t, &x));
	EXPECT_EQ(1, x.bad.fetch);
	EXPECT_EQ(UNMAPPED, x.pc);
	EXPECT_EQ(UNMAPPED, t->cpu->pc);
	EXPECT_EQ(7, t->cpu->x[2]);
	tvm_free_all(t);
}

/*
 * Loads off one base share one TLB probe; when the second one faults,
 * the first has happened and nothing after it has.
 *
 *	ldp x2, x3, [x1]
 *	ldp x4, x5, [x1, #16]
 *	str x2, [x1, #-8]!
 *	ldr x6, [x1, #32]
 */
static const u32 group_fault[] = {
	0xa9400c22, 0xa9411424, 0xf81f8c22, 0xf9401026,
};

TEST(fault_in_the_middle_of_an_access_group)
{
	u64 top = TVM_RAM_BASE + TVM_RAM_SIZE;
	struct tvm *t = tvm_new();
	struct xvm_exit x;

	ASSERT_NE(NULL, t);
	tvm_set64(t, top - 16, 0x1111);
	tvm_set64(t, top - 8, 0x2222);
	t->cpu->x[1] = top - 16;
	t->cpu->x[4] = 44;
	t->cpu->x[5] = 55;
	tvm_program(t, group_fault, ARRAY_SIZE(group_fault));
	ASSERT_EQ(XVM_EXIT_BAD_ACCESS, tvm_run(t, &x));
	EXPECT_EQ(top, x.bad.addr);
	EXPECT_EQ(TVM_RAM_BASE + 4, x.pc);
	EXPECT_EQ(0x1111, t->cpu->x[2]);
	EXPECT_EQ(0x2222, t->cpu->x[3]);
	EXPECT_EQ(44, t->cpu->x[4]);
	EXPECT_EQ(55, t->cpu->x[5]);
	EXPECT_EQ(top - 16, t->cpu->x[1]);
	tvm_free_all(t);
}

/* "b ." never ends by itself: the exit-request flag stops it. */
TEST(exit_request_stops_an_endless_loop)
{
	struct tvm *t = tvm_new();
	struct tvm_kick kick;
	struct xvm_exit x;

	ASSERT_NE(NULL, t);
	tvm_program(t, spin, ARRAY_SIZE(spin));
	tvm_kick_start(&kick, t, 50);
	ASSERT_EQ(XVM_EXIT_REQUEST, tvm_run(t, &x));
	tvm_kick_join(&kick);
	EXPECT_EQ(TVM_RAM_BASE, t->cpu->pc);
	EXPECT_GT(xvm_vcpu_stats(t->vcpu)->insns, 1000);
	tvm_free_all(t);
}

/* Registers are exact when a request stops a loop mid-way. */
TEST(exit_request_leaves_exact_state)
{
	struct tvm *t = tvm_new();
	struct tvm_kick kick;
	struct xvm_exit x;
	u64 n;

	ASSERT_NE(NULL, t);
	tvm_program(t, count_loop, ARRAY_SIZE(count_loop));
	tvm_kick_start(&kick, t, 30);
	ASSERT_EQ(XVM_EXIT_REQUEST, tvm_run(t, &x));
	tvm_kick_join(&kick);
	n = t->cpu->x[0];
	EXPECT_GT(n, 100);
	EXPECT_EQ(TVM_RAM_BASE, t->cpu->pc);
	/* Carry on where it stopped, for one more round trip. */
	tvm_kick_start(&kick, t, 10);
	ASSERT_EQ(XVM_EXIT_REQUEST, tvm_run(t, &x));
	tvm_kick_join(&kick);
	EXPECT_GT(t->cpu->x[0], n);
	tvm_free_all(t);
}

/* Same for a loop whose registers live in host registers. */
TEST(exit_request_in_register_loop)
{
	struct tvm *t = tvm_new();
	struct tvm_kick kick;
	struct xvm_exit x;
	u64 n, sum;

	ASSERT_NE(NULL, t);
	t->cpu->x[1] = 1;
	tvm_program(t, reg_loop, ARRAY_SIZE(reg_loop));
	tvm_kick_start(&kick, t, 30);
	ASSERT_EQ(XVM_EXIT_REQUEST, tvm_run(t, &x));
	tvm_kick_join(&kick);
	n = t->cpu->x[0];
	sum = t->cpu->x[2];
	EXPECT_GT(n, 100);
	EXPECT_EQ(n * (n + 1) / 2, sum);	/* x2 = 1 + 2 + ... + x0 */
	EXPECT_EQ(TVM_RAM_BASE, t->cpu->pc);
	tvm_free_all(t);
}

TEST(exit_request_before_run)
{
	struct tvm *t = tvm_new();
	struct xvm_exit x;

	ASSERT_NE(NULL, t);
	tvm_program(t, count_loop, 0);		/* just the HLT */
	xvm_vcpu_request_exit(t->vcpu);
	ASSERT_EQ(XVM_EXIT_REQUEST, tvm_run(t, &x));
	EXPECT_EQ(TVM_RAM_BASE, t->cpu->pc);
	/* The request was consumed. */
	ASSERT_EQ(XVM_EXIT_SEMIHOST, tvm_run(t, &x));
	tvm_free_all(t);
}

TEST(svc_enters_the_vector_and_eret_returns)
{
	struct tvm *t = tvm_new();
	struct xvm_exit x;

	ASSERT_NE(NULL, t);
	tvm_put(t, VBAR + 0x200, svc_handler, ARRAY_SIZE(svc_handler));
	t->cpu->vbar_el1 = VBAR;
	t->cpu->pstate |= 0x9ULL << 28;		/* N and V: SPSR keeps them */
	tvm_program(t, svc_main, ARRAY_SIZE(svc_main));
	ASSERT_EQ(XVM_EXIT_SEMIHOST, tvm_run(t, &x));
	EXPECT_EQ(0x56000042ULL, t->cpu->x[2]);	/* EC 0x15, IL, imm */
	EXPECT_EQ(TVM_RAM_BASE + 4, t->cpu->x[3]);
	EXPECT_EQ(0x900003c5ULL, t->cpu->x[5]);	/* NV, DAIF, EL1h */
	EXPECT_EQ(4, t->cpu->x[6]);		/* CurrentEL: EL1 */
	EXPECT_EQ(1, t->cpu->x[4]);
	EXPECT_EQ(0x9, tvm_nzcv(t));
	tvm_free_all(t);
}

TEST(brk_reports_itself_as_return_address)
{
	struct tvm *t = tvm_new();
	struct xvm_exit x;

	ASSERT_NE(NULL, t);
	tvm_put(t, VBAR + 0x200, brk_handler, ARRAY_SIZE(brk_handler));
	t->cpu->vbar_el1 = VBAR;
	tvm_program(t, brk_main, ARRAY_SIZE(brk_main));
	ASSERT_EQ(XVM_EXIT_SEMIHOST, tvm_run(t, &x));
	EXPECT_EQ(0xf2000007ULL, t->cpu->x[2]);	/* EC 0x3c */
	EXPECT_EQ(TVM_RAM_BASE + 8, t->cpu->x[3]);
	EXPECT_EQ(1, t->cpu->x[4]);
	tvm_free_all(t);
}

/* ERET to EL0; EL1 registers are off limits there; SVC comes back. */
TEST(el0_and_back)
{
	u32 hlt = A64_HLT_SEMI;
	struct tvm *t = tvm_new();
	struct xvm_exit x;

	ASSERT_NE(NULL, t);
	t->cpu->vbar_el1 = VBAR;
	tvm_put(t, TVM_RAM_BASE + 0x100, el0_code, ARRAY_SIZE(el0_code));
	tvm_put(t, VBAR + 0x400, el0_handler, ARRAY_SIZE(el0_handler));
	tvm_put(t, VBAR + 0x400 + 4 * ARRAY_SIZE(el0_handler), &hlt, 1);
	tvm_program(t, el0_main, ARRAY_SIZE(el0_main));
	ASSERT_EQ(XVM_EXIT_UNDEFINED, tvm_run(t, &x));
	EXPECT_EQ(TVM_RAM_BASE + 0x104, x.pc);	/* mrs currentel at EL0 */
	EXPECT_EQ(33, t->cpu->x[9]);
	EXPECT_EQ(0, (t->cpu->pstate >> 2) & 3);

	t->cpu->pc += 4;			/* skip it, as a handler would */
	ASSERT_EQ(XVM_EXIT_SEMIHOST, tvm_run(t, &x));
	EXPECT_EQ(0x56000001ULL, t->cpu->x[2]);
	EXPECT_EQ(4, t->cpu->x[6]);
	EXPECT_EQ(0, t->cpu->x[8] & 0xf);	/* came from EL0t */
	tvm_free_all(t);
}

TEST(hvc_and_wfi_go_to_the_host)
{
	struct tvm *t = tvm_new();
	struct xvm_exit x;

	ASSERT_NE(NULL, t);
	tvm_program(t, hvc, ARRAY_SIZE(hvc));
	ASSERT_EQ(XVM_EXIT_HVC, tvm_run(t, &x));
	EXPECT_EQ(0x12, x.call.imm);
	EXPECT_EQ(TVM_RAM_BASE, x.pc);
	EXPECT_EQ(TVM_RAM_BASE + 4, t->cpu->pc);

	tvm_program(t, wfi, ARRAY_SIZE(wfi));
	ASSERT_EQ(XVM_EXIT_HALT, tvm_run(t, &x));
	EXPECT_EQ(TVM_RAM_BASE + 4, t->cpu->pc);
	ASSERT_EQ(XVM_EXIT_SEMIHOST, tvm_run(t, &x));
	EXPECT_EQ(3, t->cpu->x[3]);
	tvm_free_all(t);
}

static u64 rng_state = 0x2545f4914f6cdd1dULL;

static u64 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Encodings the decoder knows, with random fields. */
static const u32 templates[] = {
	0x91000000, 0xab000000, 0xeb000000, 0x8a000000, 0x92400000,
	0xd3400000, 0x93400000, 0x9ac00800, 0x9b000000, 0x1a800000,
	0xfa400000, 0xf9400000, 0xf9000000, 0xa9400000, 0xa9000000,
	0x38400400, 0xb8600800, 0x54000000, 0xb4000000, 0x36000000,
	0x14000000, 0xd61f0000, 0xd65f0000, 0xc85f7c00, 0xc8007c00,
	0xd5033f9f, 0xd5384000, 0xd51b4200, 0xd50b7520, 0x3d800000,
	0xd4000001, 0xd69f03e0, 0x58000000, 0x9ac02000,
};

/*
 * Garbage in: random words and randomly filled encodings, with random
 * registers pointing into RAM, the device page or nowhere.  Whatever the
 * guest does, run must return a valid exit and the host must survive.
 */
TEST(garbage_never_hurts_the_engine)
{
	struct tvm *t = tvm_new_flags(256 * 1024, 0);
	unsigned int round, i, exits[XVM_NR_EXITS] = { 0 };

	ASSERT_NE(NULL, t);
	for (round = 0; round < 3000; round++) {
		u32 words[64];
		struct tvm_kick kick;
		struct xvm_exit x;
		int r, tries;

		for (i = 0; i < ARRAY_SIZE(words); i++) {
			u32 w = (u32)rng();

			if (round & 1)
				w = templates[w % ARRAY_SIZE(templates)] |
				    ((u32)rng() & 0x03ffffff & (u32)rng());
			words[i] = w;
		}
		a64_cpu_reset(t->cpu, TVM_RAM_BASE);
		for (i = 0; i < 31; i++) {
			u64 v = rng();

			switch (v & 3) {
			case 0:
				v = TVM_RAM_BASE + (v >> 8) % TVM_RAM_SIZE;
				break;
			case 1:
				v = TVM_DEV_BASE + ((v >> 8) & 0xff8);
				break;
			case 2:
				v >>= (v >> 2) & 63;
				break;
			}
			t->cpu->x[i] = v;
		}
		t->cpu->sp = TVM_RAM_BASE + TVM_RAM_SIZE / 2;
		t->cpu->vbar_el1 = TVM_RAM_BASE + 0x800 * (rng() & 1);
		tvm_program(t, words, ARRAY_SIZE(words));
		for (tries = 0; tries < 4; tries++) {
			tvm_kick_start(&kick, t, 5);
			r = tvm_run(t, &x);
			tvm_kick_join(&kick);
			ASSERT_GT(r, XVM_EXIT_NONE);
			ASSERT_LT(r, XVM_NR_EXITS);
			exits[r]++;
			if (r != XVM_EXIT_REQUEST && r != XVM_EXIT_HALT &&
			    r != XVM_EXIT_HVC && r != XVM_EXIT_SMC &&
			    r != XVM_EXIT_MMIO)
				break;
		}
	}
	for (i = 0; i < XVM_NR_EXITS; i++)
		TH_LOG("%s: %u", xvm_exit_name(i), exits[i]);
	/* Both kinds of ending happened. */
	EXPECT_GT(exits[XVM_EXIT_UNDEFINED] + exits[XVM_EXIT_UNSUPPORTED], 0);
	EXPECT_GT(exits[XVM_EXIT_BAD_ACCESS] + exits[XVM_EXIT_SEMIHOST], 0);
	EXPECT_EQ(0, exits[XVM_EXIT_INTERNAL]);
	tvm_free_all(t);
}

TEST_HARNESS_MAIN

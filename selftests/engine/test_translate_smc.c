// SPDX-License-Identifier: GPL-2.0
/*
 * test_translate_smc.c - self-modifying code: guest stores over code
 * that has been translated, with and without the cache maintenance the
 * architecture asks for, and stores next to code that must not cost a
 * retranslation.
 */
/* Before the harness: host.h defines ARRAY_SIZE unconditionally. */
#include "test_translate.h"
#include "kselftest_harness.h"

/*
 *	adr x1, target
 *	ldr w2, newinsn
 *	bl target
 *	mov x3, x0
 *	str w2, [x1]
 *	dc cvau, x1
 *	dsb ish
 *	ic ivau, x1
 *	dsb ish
 *	isb
 *	bl target
 *	b done
 *	target: mov x0, #1
 *	ret
 *	newinsn: .word 0xd2800040
 *	done: nop
 */
static const u32 smc_ic[] = {
	0x10000181, 0x180001a2, 0x9400000a, 0xaa0003e3, 0xb9000022, 0xd50b7b21,
	0xd5033b9f, 0xd50b7521, 0xd5033b9f, 0xd5033fdf, 0x94000002, 0x14000004,
	0xd2800020, 0xd65f03c0, 0xd2800040, 0xd503201f,
};

/*
 *	adr x1, target
 *	ldr w2, newinsn
 *	bl target
 *	mov x3, x0
 *	str w2, [x1]
 *	bl target
 *	b done
 *	target: mov x0, #1
 *	ret
 *	newinsn: .word 0xd2800040
 *	done: nop
 */
static const u32 smc_store_only[] = {
	0x100000e1, 0x18000102, 0x94000005, 0xaa0003e3, 0xb9000022, 0x94000002,
	0x14000004, 0xd2800020, 0xd65f03c0, 0xd2800040, 0xd503201f,
};

/*
 *	mov x0, #0
 *	mov x4, #10
 *	adr x1, patch
 *	loop:
 *	patch: add x0, x0, #1
 *	ldr w2, [x1]
 *	add w2, w2, #0x400
 *	str w2, [x1]
 *	dc cvau, x1
 *	dsb ish
 *	ic ivau, x1
 *	dsb ish
 *	isb
 *	subs x4, x4, #1
 *	b.ne loop
 */
static const u32 smc_patch_loop[] = {
	0xd2800000, 0xd2800144, 0x10000021, 0x91000400, 0xb9400022, 0x11100042,
	0xb9000022, 0xd50b7b21, 0xd5033b9f, 0xd50b7521, 0xd5033b9f, 0xd5033fdf,
	0xf1000484, 0x54fffec1,
};

/*
 *	adr x1, buf
 *	mov x2, #0
 *	mov x3, #200
 *	1: str x2, [x1, x2, lsl #3]
 *	add x2, x2, #1
 *	and x2, x2, #15
 *	subs x3, x3, #1
 *	b.ne 1b
 *	b done
 *	.balign 64
 *	buf: .fill 16, 8, 0
 *	done: ldr x0, [x1, #8]
 */
static const u32 data_same_page[] = {
	0x10000201, 0xd2800002, 0xd2801903, 0xf8227822, 0x91000442, 0x92400c42,
	0xf1000463, 0x54ffff81, 0x14000028, 0xd503201f, 0xd503201f, 0xd503201f,
	0xd503201f, 0xd503201f, 0xd503201f, 0xd503201f, 0x00000000, 0x00000000,
	0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000,
	0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000,
	0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000,
	0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000,
	0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000000,
	0xf9400420,
};

static void run_to_end(struct __test_metadata *_metadata, struct tvm *t)
{
	struct xvm_exit x;

	ASSERT_EQ(XVM_EXIT_SEMIHOST, tvm_run(t, &x))
		TH_LOG("exit %s at 0x%llx", xvm_exit_name(x.reason),
		       (unsigned long long)x.pc);
}

/* Store, DC CVAU, DSB, IC IVAU, DSB, ISB: the new code runs. */
TEST(store_then_cache_maintenance)
{
	struct tvm *t = tvm_new();

	ASSERT_NE(NULL, t);
	tvm_program(t, smc_ic, ARRAY_SIZE(smc_ic));
	run_to_end(_metadata, t);
	EXPECT_EQ(1, t->cpu->x[3]);		/* the old target */
	EXPECT_EQ(2, t->cpu->x[0]);		/* the patched one */
	EXPECT_GE(xvm_vcpu_stats(t->vcpu)->invalidations, 1);
	tvm_free_all(t);
}

/* The engine also notices the store itself. */
TEST(store_alone_is_seen)
{
	struct tvm *t = tvm_new();

	ASSERT_NE(NULL, t);
	tvm_program(t, smc_store_only, ARRAY_SIZE(smc_store_only));
	run_to_end(_metadata, t);
	EXPECT_EQ(1, t->cpu->x[3]);
	EXPECT_EQ(2, t->cpu->x[0]);
	tvm_free_all(t);
}

/* A loop that rewrites its own first instruction every iteration. */
TEST(code_patching_itself_in_a_loop)
{
	struct tvm *t = tvm_new();

	ASSERT_NE(NULL, t);
	tvm_program(t, smc_patch_loop, ARRAY_SIZE(smc_patch_loop));
	run_to_end(_metadata, t);
	/* add x0, x0, #1, then #2, ... #10 */
	EXPECT_EQ(55, t->cpu->x[0]);
	EXPECT_EQ(0x91002c00, tvm_get32(t, TVM_RAM_BASE + 12));
	tvm_free_all(t);
}

/*
 * Stores to data that shares a page with code go through C (the page is
 * write-protected in the TLB) but invalidate nothing.
 */
TEST(data_next_to_code_is_not_code)
{
	struct tvm *t = tvm_new();
	const struct xvm_stats *s;

	ASSERT_NE(NULL, t);
	tvm_program(t, data_same_page, ARRAY_SIZE(data_same_page));
	run_to_end(_metadata, t);
	s = xvm_vcpu_stats(t->vcpu);
	EXPECT_EQ(1, t->cpu->x[0]);		/* buf[1] after the loop */
	EXPECT_EQ(0, s->invalidations);
	EXPECT_GE(s->slow_accesses, 200);
	tvm_free_all(t);
}

/* A store into the block being run changes the next run, not this one. */
TEST(store_into_the_running_block)
{
	/*
	 *	adr x1, 1f
	 *	ldr w2, 2f
	 *	str w2, [x1]
	 * 1:	mov x0, #1
	 *	b 3f
	 * 2:	mov x0, #2
	 * 3:
	 */
	static const u32 prog[] = {
		0x10000061, 0x18000082, 0xb9000022, 0xd2800020,
		0x14000002, 0xd2800040,
	};
	struct tvm *t = tvm_new();

	ASSERT_NE(NULL, t);
	tvm_program(t, prog, ARRAY_SIZE(prog));
	run_to_end(_metadata, t);
	/* The block had been translated: it runs to its end as it was. */
	EXPECT_EQ(1, t->cpu->x[0]);
	EXPECT_EQ(0xd2800040, tvm_get32(t, TVM_RAM_BASE + 12));
	t->cpu->pc = TVM_RAM_BASE;
	run_to_end(_metadata, t);
	EXPECT_EQ(2, t->cpu->x[0]);
	tvm_free_all(t);
}

TEST_HARNESS_MAIN

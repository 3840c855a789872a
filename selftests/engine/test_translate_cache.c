// SPDX-License-Identifier: GPL-2.0
/*
 * test_translate_cache.c - the code cache: lookup by PC, direct-branch
 * chaining, the jump cache of indirect branches, flushing when full and
 * invalidation of translations.
 */
/* Before the harness: host.h defines ARRAY_SIZE unconditionally. */
#include "test_translate.h"
#include "vcpu.h"
#include "cache.h"
#include "kselftest_harness.h"

/*
 *	mov x0, #0
 *	mov x1, #1000
 *	L: add x0, x0, #2
 *	b M
 *	nop
 *	M: subs x1, x1, #1
 *	b.ne L
 */
static const u32 chain_loop[] = {
	0xd2800000, 0xd2807d01, 0x91000800, 0x14000002, 0xd503201f, 0xf1000421,
	0x54ffff81,
};

/*
 *	mov x0, #0
 *	mov x1, #500
 *	L: bl f
 *	subs x1, x1, #1
 *	b.ne L
 *	b done
 *	f: add x0, x0, #3
 *	ret
 *	done: nop
 */
static const u32 call_loop[] = {
	0xd2800000, 0xd2803e81, 0x94000004, 0xf1000421, 0x54ffffc1, 0x14000003,
	0x91000c00, 0xd65f03c0, 0xd503201f,
};

/*
 *	mov x0, #1
 */
static const u32 one[] = {
	0xd2800020,
};

/*
 *	mov x0, #2
 */
static const u32 two[] = {
	0xd2800040,
};

static void run_to_end(struct __test_metadata *_metadata, struct tvm *t)
{
	struct xvm_exit x;

	ASSERT_EQ(XVM_EXIT_SEMIHOST, tvm_run(t, &x))
		TH_LOG("exit %s at 0x%llx", xvm_exit_name(x.reason),
		       (unsigned long long)x.pc);
}

TEST(lookup_finds_and_reuses_a_block)
{
	struct tvm *t = tvm_new();
	struct xlat_block *b;

	ASSERT_NE(NULL, t);
	tvm_program(t, one, ARRAY_SIZE(one));
	run_to_end(_metadata, t);
	EXPECT_EQ(1, t->cpu->x[0]);
	EXPECT_EQ(1, xvm_vcpu_stats(t->vcpu)->translations);
	b = xlat_cache_lookup(t->vcpu, TVM_RAM_BASE, 1);
	ASSERT_NE(NULL, b);
	EXPECT_EQ(TVM_RAM_BASE, b->pc);
	EXPECT_EQ(8, b->hi - b->lo);		/* mov + hlt */
	EXPECT_EQ(NULL, xlat_cache_lookup(t->vcpu, TVM_RAM_BASE + 4, 1));
	EXPECT_EQ(NULL, xlat_cache_lookup(t->vcpu, TVM_RAM_BASE, 0));

	/* Running it again does not translate again. */
	t->cpu->pc = TVM_RAM_BASE;
	t->cpu->x[0] = 0;
	run_to_end(_metadata, t);
	EXPECT_EQ(1, t->cpu->x[0]);
	EXPECT_EQ(1, xvm_vcpu_stats(t->vcpu)->translations);
	tvm_free_all(t);
}

/*
 * The loop of chain_loop split over two pages, so that it is two
 * translations: L at the start of RAM, M one page up.
 */
#define PAGE_M		(TVM_RAM_BASE + 0x1000)

static void load_split_loop(struct tvm *t)
{
	u32 b_m = 0x14000000 | ((0x1000 - 12) / 4);	/* b PAGE_M */
	u32 m[] = {
		0xf1000421,				/* subs x1, x1, #1 */
		0x54000001 | ((-(0x1000 - 4) / 4) & 0x7ffff) << 5,
							/* b.ne L */
		A64_HLT_SEMI,
	};
	u32 l[] = { 0xd2800000, 0xd2807d01, 0x91000800, b_m };

	tvm_put(t, TVM_RAM_BASE, l, ARRAY_SIZE(l));
	tvm_put(t, PAGE_M, m, ARRAY_SIZE(m));
	t->cpu->pc = TVM_RAM_BASE;
}

/* The translation an exit of @b to @target_pc is chained to. */
static struct xlat_block *chained_to(struct tvm *t, struct xlat_block *b,
				     u64 target_pc)
{
	struct xlat_cache *c = &t->vcpu->cache;
	unsigned int i;

	for (i = 0; i < b->nr_exits; i++)
		if (c->slots[b->first_exit + i].target_pc == target_pc)
			return c->slots[b->first_exit + i].target;
	return NULL;
}

/* A loop over two pages runs chained, without coming back to C. */
TEST(direct_branches_are_chained)
{
	struct tvm *t = tvm_new();
	const struct xvm_stats *s;
	struct xlat_block *m, *l;

	ASSERT_NE(NULL, t);
	load_split_loop(t);
	run_to_end(_metadata, t);
	s = xvm_vcpu_stats(t->vcpu);
	EXPECT_EQ(2000, t->cpu->x[0]);
	EXPECT_EQ(0, t->cpu->x[1]);
	EXPECT_GE(s->chains, 2);
	EXPECT_LT(s->dispatches, 10);
	m = xlat_cache_lookup(t->vcpu, PAGE_M, 1);
	l = xlat_cache_lookup(t->vcpu, TVM_RAM_BASE + 0x8, 1);
	ASSERT_NE(NULL, m);
	ASSERT_NE(NULL, l);
	EXPECT_EQ(l, chained_to(t, m, TVM_RAM_BASE + 8));
	EXPECT_EQ(m, chained_to(t, l, PAGE_M));
	tvm_free_all(t);
}

/* Within one page the same loop is one region: no chaining needed. */
TEST(loop_in_one_page_is_one_region)
{
	struct tvm *t = tvm_new();
	const struct xvm_stats *s;
	struct xlat_block *b;

	ASSERT_NE(NULL, t);
	tvm_program(t, chain_loop, ARRAY_SIZE(chain_loop));
	run_to_end(_metadata, t);
	s = xvm_vcpu_stats(t->vcpu);
	EXPECT_EQ(2000, t->cpu->x[0]);
	EXPECT_LE(s->translations, 2);		/* the region, the HLT */
	EXPECT_LT(s->dispatches, 4);
	b = xlat_cache_lookup(t->vcpu, TVM_RAM_BASE, 1);
	ASSERT_NE(NULL, b);
	EXPECT_EQ(TVM_RAM_BASE, b->lo);
	EXPECT_EQ(TVM_RAM_BASE + 4 * ARRAY_SIZE(chain_loop), b->hi);
	tvm_free_all(t);
}

/*
 * A region whose registers fill the host registers, with a call (which
 * writes x30) in one of its blocks: every block must still find every
 * register where the region keeps it.
 *
 *	add x1, x1, x2; add x3, x3, x4; add x5, x5, x6; add x7, x7, x8
 *	cbz x9, 2f
 *	bl f
 * 2:	add x0, x0, x1; add x0, x0, x3; add x0, x0, x5; add x0, x0, x7
 *	add x0, x0, x2
 *	subs x9, x9, #1
 *	b.pl 1f
 *	b 3f
 * 1:	add x10, x10, #1
 *	b 3f
 * f:	add x0, x0, #1000
 *	ret
 * 3:	nop
 */
static const u32 region_call[] = {
	0x8b020021, 0x8b040063, 0x8b0600a5, 0x8b0800e7, 0xb4000049,
	0x9400000b, 0x8b010000, 0x8b030000, 0x8b050000, 0x8b070000,
	0x8b020000, 0xf1000529, 0x54000045, 0x14000005, 0x9100054a,
	0x14000003, 0x910fa000, 0xd65f03c0, 0xd503201f,
};

TEST(region_with_a_call_keeps_its_registers)
{
	struct tvm *t = tvm_new();
	unsigned int call, r;

	ASSERT_NE(NULL, t);
	for (call = 0; call < 2; call++) {
		u64 x[11], lr = 0x77;

		for (r = 0; r < 11; r++)
			x[r] = 0x1000 * (r + 1) + call;
		x[9] = call;
		a64_cpu_reset(t->cpu, TVM_RAM_BASE);
		for (r = 0; r < 11; r++)
			t->cpu->x[r] = x[r];
		t->cpu->x[30] = lr;
		tvm_program(t, region_call, ARRAY_SIZE(region_call));
		run_to_end(_metadata, t);

		x[1] += x[2];
		x[3] += x[4];
		x[5] += x[6];
		x[7] += x[8];
		if (x[9]) {
			lr = TVM_RAM_BASE + 0x18;
			x[0] += 1000;
		}
		x[0] += x[1] + x[3] + x[5] + x[7] + x[2];
		x[9]--;
		if ((s64)x[9] >= 0)
			x[10]++;
		for (r = 0; r < 11; r++) {
			EXPECT_EQ(x[r], t->cpu->x[r])
				TH_LOG("call %u: x%u", call, r);
		}
		EXPECT_EQ(lr, t->cpu->x[30]);
	}
	tvm_free_all(t);
}

/* Dropping a translation unchains every jump into it. */
TEST(invalidation_unchains)
{
	u32 subs2 = 0xf1000821;			/* subs x1, x1, #2 */
	struct tvm *t = tvm_new();
	struct xlat_block *l;

	ASSERT_NE(NULL, t);
	load_split_loop(t);
	run_to_end(_metadata, t);
	l = xlat_cache_lookup(t->vcpu, TVM_RAM_BASE + 0x8, 1);
	ASSERT_NE(NULL, l);
	ASSERT_NE(NULL, chained_to(t, l, PAGE_M));

	tvm_put(t, PAGE_M, &subs2, 1);		/* invalidates M */
	EXPECT_EQ(NULL, chained_to(t, l, PAGE_M));
	EXPECT_EQ(NULL, xlat_cache_lookup(t->vcpu, PAGE_M, 1));
	EXPECT_GE(xvm_vcpu_stats(t->vcpu)->invalidations, 1);
	EXPECT_NE(NULL, xlat_cache_lookup(t->vcpu, TVM_RAM_BASE + 0x8, 1));

	t->cpu->pc = TVM_RAM_BASE;
	run_to_end(_metadata, t);
	EXPECT_EQ(1000, t->cpu->x[0]);		/* 500 iterations of +2 */
	tvm_free_all(t);
}

/* Without invalidation the old translation runs; with it, the new code. */
TEST(host_writes_need_invalidation)
{
	struct tvm *t = tvm_new();

	ASSERT_NE(NULL, t);
	tvm_program(t, one, ARRAY_SIZE(one));
	run_to_end(_metadata, t);
	EXPECT_EQ(1, t->cpu->x[0]);

	memcpy(tvm_mem(t, TVM_RAM_BASE), two, sizeof(two));
	t->cpu->pc = TVM_RAM_BASE;
	run_to_end(_metadata, t);
	EXPECT_EQ(1, t->cpu->x[0]);		/* stale, as the API says */

	xvm_vcpu_invalidate(t->vcpu, TVM_RAM_BASE, 4);
	t->cpu->pc = TVM_RAM_BASE;
	run_to_end(_metadata, t);
	EXPECT_EQ(2, t->cpu->x[0]);
	EXPECT_EQ(2, xvm_vcpu_stats(t->vcpu)->translations);
	tvm_free_all(t);
}

/* Returns find their target in the jump cache, inline. */
TEST(indirect_branches_use_the_jump_cache)
{
	struct tvm *t = tvm_new();
	const struct xvm_stats *s;

	ASSERT_NE(NULL, t);
	tvm_program(t, call_loop, ARRAY_SIZE(call_loop));
	run_to_end(_metadata, t);
	s = xvm_vcpu_stats(t->vcpu);
	EXPECT_EQ(1500, t->cpu->x[0]);
	EXPECT_LT(s->dispatches, 20);
	tvm_free_all(t);
}

/*
 * A chain of 3000 small blocks (a load, an add, a branch to the next),
 * run 3 times through a 64 KiB code cache, cannot fit: the cache is
 * flushed and refilled, and the result stays right.
 */
TEST(full_cache_is_flushed)
{
	struct tvm *t = tvm_new_flags(64 * 1024, 0);
	unsigned int i, n = 3000, words = 3 * n + 4;
	u32 *prog = calloc(words, 4);
	struct xvm_exit x;

	ASSERT_NE(NULL, t);
	ASSERT_NE(NULL, prog);
	prog[0] = 0xd2800000;			/* mov x0, #0 */
	prog[1] = 0xd2800061;			/* mov x1, #3 */
	for (i = 0; i < n; i++) {
		prog[2 + 3 * i] = 0xf94003e2;	/* ldr x2, [sp] */
		prog[3 + 3 * i] = 0x91000400;	/* add x0, x0, #1 */
		prog[4 + 3 * i] = 0x14000001;	/* b .+4 */
	}
	prog[2 + 3 * n] = 0xf1000421;		/* subs x1, x1, #1 */
	/* b.ne back to the first load */
	prog[3 + 3 * n] = 0x54000001 | ((-(3 * n + 1) & 0x7ffff) << 5);
	t->cpu->sp = TVM_RAM_BASE + TVM_RAM_SIZE - 16;
	tvm_program(t, prog, words);
	ASSERT_EQ(XVM_EXIT_SEMIHOST, tvm_run(t, &x));
	EXPECT_EQ(3 * n, t->cpu->x[0]);
	EXPECT_GE(xvm_vcpu_stats(t->vcpu)->flushes, 1);
	EXPECT_GT(xvm_vcpu_stats(t->vcpu)->translations, n / 16);

	/* An explicit flush drops everything. */
	xvm_vcpu_flush(t->vcpu);
	EXPECT_EQ(NULL, xlat_cache_lookup(t->vcpu, TVM_RAM_BASE, 1));
	free(prog);
	tvm_free_all(t);
}

/* Invalidating a range larger than the cached pages walks the pages. */
TEST(invalidate_everything)
{
	struct tvm *t = tvm_new();

	ASSERT_NE(NULL, t);
	load_split_loop(t);
	run_to_end(_metadata, t);
	xvm_vcpu_invalidate(t->vcpu, 0, ~0ULL);
	EXPECT_EQ(NULL, xlat_cache_lookup(t->vcpu, TVM_RAM_BASE, 1));
	EXPECT_EQ(NULL, xlat_cache_lookup(t->vcpu, TVM_RAM_BASE + 8, 1));
	EXPECT_EQ(NULL, xlat_cache_lookup(t->vcpu, PAGE_M, 1));
	t->cpu->pc = TVM_RAM_BASE;
	run_to_end(_metadata, t);
	EXPECT_EQ(2000, t->cpu->x[0]);
	EXPECT_GE(xvm_vcpu_stats(t->vcpu)->invalidations, 2);
	tvm_free_all(t);
}

TEST_HARNESS_MAIN

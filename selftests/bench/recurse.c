// SPDX-License-Identifier: GPL-2.0
/*
 * recurse.c - call-heavy recursive code: naive Fibonacci, building and
 * walking complete binary trees (the "binary-trees" benchmark, nodes from
 * a pool), and counting N-queens solutions by backtracking.
 */
#include "bench.h"

#define FIB_N		24
#define TREE_DEPTH	14
#define QUEENS		9
#define ROUNDS		220

struct node {
	struct node *left, *right;
	u32 value;
};

static struct node pool[2 << TREE_DEPTH];
static unsigned long pool_used;

static noinline u64 fib(u32 n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static noinline struct node *build(int depth, u32 value)
{
	struct node *n = &pool[pool_used++];

	n->value = value;
	if (depth) {
		n->left = build(depth - 1, 2 * value);
		n->right = build(depth - 1, 2 * value + 1);
	} else {
		n->left = NULL;
		n->right = NULL;
	}
	return n;
}

/* Sum of value * (depth + 1) over the tree. */
static noinline u64 walk(const struct node *n, u64 depth)
{
	if (!n)
		return 0;
	return n->value * (depth + 1) + walk(n->left, depth + 1) +
	       walk(n->right, depth + 1);
}

static noinline u32 queens(u32 n, u32 row, u32 cols, u32 diag1, u32 diag2)
{
	u32 free, bit, count = 0;

	if (row == n)
		return 1;
	free = ~(cols | diag1 | diag2) & ((1u << n) - 1);
	while (free) {
		bit = free & -free;
		free ^= bit;
		count += queens(n, row + 1, cols | bit, (diag1 | bit) << 1,
				(diag2 | bit) >> 1);
	}
	return count;
}

int main(void)
{
	static const u32 solutions[] = { 1, 0, 0, 2, 10, 4, 40, 92, 352, 724 };
	u64 sum = 0, v;
	int round, d;

	for (round = 0; round < ROUNDS; round++) {
		sum = bench_mix(sum, fib(FIB_N + (round & 1)));
		for (d = 4; d <= TREE_DEPTH; d += 2) {
			pool_used = 0;
			v = walk(build(d, round + 1), 0);
			if (pool_used != (2UL << d) - 1)
				return bench_fail("recurse", "tree size",
						  pool_used, (2UL << d) - 1);
			sum = bench_mix(sum, v);
		}
		v = queens(QUEENS - (round & 1), 0, 0, 0, 0);
		if (v != solutions[QUEENS - (round & 1) - 1])
			return bench_fail("recurse", "queens", v,
					  solutions[QUEENS - (round & 1) - 1]);
		sum = bench_mix(sum, v);
	}
	return bench_result("recurse", sum);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * jumptable.c - indirect control flow from C: a dense switch (compiled to
 * a jump table and br), calls through a table of function pointers (blr),
 * computed gotos, and a tail-calling state machine.
 */
#include "corpus.h"

static noinline u64 dense_switch(u64 x, unsigned int k)
{
	switch (k) {
	case 0: return x + 1;
	case 1: return x * 3;
	case 2: return x ^ 0x5555;
	case 3: return x >> 3;
	case 4: return x << 7;
	case 5: return ~x;
	case 6: return x - 1000;
	case 7: return x * x;
	case 8: return x | 0x8000000000000000UL;
	case 9: return x & 0xffff;
	case 10: return x / 7;
	case 11: return x % 1001;
	case 12: return (x << 32) | (x >> 32);
	case 13: return x + (x >> 1);
	default: return x;
	}
}

static u64 f_add(u64 x) { return x + 0x1234; }
static u64 f_mul(u64 x) { return x * 0x9e3779b97f4a7c15UL; }
static u64 f_rot(u64 x) { return (x << 13) | (x >> 51); }
static u64 f_neg(u64 x) { return -x; }

static u64 (*const fns[])(u64) = { f_add, f_mul, f_rot, f_neg };

static u64 computed_goto(const u8 *ops, int n)
{
	static const void *const labels[] = {
		&&op_inc, &&op_dbl, &&op_sq, &&op_end,
	};
	u64 acc = 1;
	int pc = 0;

	goto *labels[ops[pc]];
op_inc:
	acc++;
	goto *labels[ops[++pc]];
op_dbl:
	acc <<= 1;
	goto *labels[ops[++pc]];
op_sq:
	acc *= acc;
	goto *labels[ops[++pc]];
op_end:
	return acc + (u64)n;
}

/* Collatz steps as mutually tail-calling states. */
static u64 state_even(u64 x, u64 steps);
static u64 state_odd(u64 x, u64 steps);

static noinline u64 state_next(u64 x, u64 steps)
{
	if (x == 1)
		return steps;
	return (x & 1) ? state_odd(x, steps + 1) : state_even(x, steps + 1);
}

static noinline u64 state_even(u64 x, u64 steps)
{
	return state_next(x / 2, steps);
}

static noinline u64 state_odd(u64 x, u64 steps)
{
	return state_next(3 * x + 1, steps);
}

int main(void)
{
	static const u8 ops[] = { 0, 1, 1, 2, 0, 2, 1, 0, 3 };
	u64 seed = 99, x = 0x0123456789abcdefUL, y;
	unsigned int i;

	for (i = 0; i < 64; i++) {
		x = dense_switch(x, (unsigned int)(guest_rand(&seed) % 16));
		if (i % 8 == 7)
			con_printf("switch %2u %016lx\n", i, x);
	}
	y = 7;
	for (i = 0; i < 40; i++)
		y = fns[(y >> 7) & 3](y) + i;
	con_printf("fnptr %016lx\n", y);
	con_printf("goto %lu\n", computed_goto(ops, ARRAY_SIZE(ops)));
	y = 0;
	for (i = 1; i < 1000; i += 37)
		y = y * 31 + state_next(i, 0);
	con_printf("collatz %016lx\n", y);
	return 29;
}

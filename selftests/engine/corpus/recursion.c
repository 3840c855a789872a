// SPDX-License-Identifier: GPL-2.0
/*
 * recursion.c - deep and branchy recursion: an 8000-deep linear recursion
 * (big stack), naive Fibonacci, Ackermann(2, n) and (3, n), and the
 * Towers of Hanoi, all through bl/ret with real stack frames.
 */
#include "corpus.h"

static noinline u64 deep(u64 n, u64 acc)
{
	u64 frame[4] = { n, acc, n ^ acc, n * 3 };

	/* Keep the frame in memory, as if something else could see it. */
	escape(frame);
	if (!n)
		return acc;
	/* Not a tail call: the frame is read after the return. */
	return deep(n - 1, acc * 31 + n) ^ frame[2];
}

static noinline u64 fib(u64 n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static noinline u64 ackermann(u64 m, u64 n)
{
	if (!m)
		return n + 1;
	if (!n)
		return ackermann(m - 1, 1);
	return ackermann(m - 1, ackermann(m, n - 1));
}

static u64 moves_hash;

static noinline void hanoi(int n, int from, int to, int via)
{
	if (!n)
		return;
	hanoi(n - 1, from, via, to);
	moves_hash = moves_hash * 7 + (u64)(from * 3 + to);
	hanoi(n - 1, via, to, from);
}

int main(void)
{
	con_printf("deep %016lx\n", deep(8000, 1));
	con_printf("fib(25) %lu\n", fib(25));
	con_printf("ack(2,300) %lu ack(3,6) %lu\n", ackermann(2, 300),
		   ackermann(3, 6));
	hanoi(16, 0, 2, 1);
	con_printf("hanoi %016lx\n", moves_hash);
	return 30;
}

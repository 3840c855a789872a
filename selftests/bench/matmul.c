// SPDX-License-Identifier: GPL-2.0
/*
 * matmul.c - 32-bit integer matrix multiply, C = A * B, in the
 * cache-friendly i-k-j order, with the result fed back as the next A.
 * Each product is checked against a plain i-j-k dot product at a few
 * sample positions.
 */
#include "bench.h"

#define DIM		96
#define PRODUCTS	260

static u32 mat_a[DIM][DIM], mat_b[DIM][DIM], mat_c[DIM][DIM];

static noinline void multiply(u32 (*c)[DIM], u32 (*a)[DIM], u32 (*b)[DIM])
{
	int i, j, k;
	u32 x;

	for (i = 0; i < DIM; i++) {
		for (j = 0; j < DIM; j++)
			c[i][j] = 0;
		for (k = 0; k < DIM; k++) {
			x = a[i][k];
			for (j = 0; j < DIM; j++)
				c[i][j] += x * b[k][j];
		}
	}
}

static u32 dot(u32 (*a)[DIM], u32 (*b)[DIM], int i, int j)
{
	u32 s = 0;
	int k;

	for (k = 0; k < DIM; k++)
		s += a[i][k] * b[k][j];
	return s;
}

int main(void)
{
	u64 seed = 0x0ddba11c0ffee123ULL, sum = 0;
	int p, i, j, n;

	for (i = 0; i < DIM; i++) {
		for (j = 0; j < DIM; j++) {
			mat_a[i][j] = guest_rand(&seed) >> 48;
			mat_b[i][j] = (guest_rand(&seed) >> 56) - 128;
		}
	}
	for (p = 0; p < PRODUCTS; p++) {
		multiply(mat_c, mat_a, mat_b);
		for (n = 0; n < 8; n++) {
			i = guest_rand(&seed) % DIM;
			j = guest_rand(&seed) % DIM;
			if (mat_c[i][j] != dot(mat_a, mat_b, i, j))
				return bench_fail("matmul", "dot product",
						  mat_c[i][j],
						  dot(mat_a, mat_b, i, j));
		}
		/* Keep the entries small enough to stay interesting. */
		for (i = 0; i < DIM; i++)
			for (j = 0; j < DIM; j++)
				mat_a[i][j] = (mat_c[i][j] >> 7) ^ (i * j);
		for (i = 0; i < DIM; i += 7)
			for (j = 0; j < DIM; j += 5)
				sum = bench_mix(sum, mat_c[i][j]);
	}
	return bench_result("matmul", sum);
}

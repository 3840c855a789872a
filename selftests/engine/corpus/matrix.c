// SPDX-License-Identifier: GPL-2.0
/*
 * matrix.c - integer matrices: multiplication (checked against the
 * transpose identity (AB)^T = B^T A^T), fast exponentiation of a
 * Fibonacci matrix modulo a prime, and exact determinants with the
 * fraction-free Bareiss algorithm.
 */
#include "corpus.h"

#define DIM	24

typedef s64 mat[DIM][DIM];

static mat a, b, c, at, bt, ct, tmp;

static void mul(mat r, mat x, mat y)
{
	int i, j, k;
	s64 s;

	for (i = 0; i < DIM; i++) {
		for (j = 0; j < DIM; j++) {
			s = 0;
			for (k = 0; k < DIM; k++)
				s += x[i][k] * y[k][j];
			tmp[i][j] = s;
		}
	}
	memcpy(r, tmp, sizeof(mat));
}

static void transpose(mat r, mat x)
{
	int i, j;

	for (i = 0; i < DIM; i++)
		for (j = 0; j < DIM; j++)
			r[j][i] = x[i][j];
}

#define P	1000000007UL

/* [[1 1][1 0]]^n mod P, by squaring. */
static u64 fib_mod(u64 n)
{
	u64 r[4] = { 1, 0, 0, 1 }, m[4] = { 1, 1, 1, 0 }, t[4];

	while (n) {
		if (n & 1) {
			t[0] = (r[0] * m[0] + r[1] * m[2]) % P;
			t[1] = (r[0] * m[1] + r[1] * m[3]) % P;
			t[2] = (r[2] * m[0] + r[3] * m[2]) % P;
			t[3] = (r[2] * m[1] + r[3] * m[3]) % P;
			memcpy(r, t, sizeof(t));
		}
		t[0] = (m[0] * m[0] + m[1] * m[2]) % P;
		t[1] = (m[0] * m[1] + m[1] * m[3]) % P;
		t[2] = (m[2] * m[0] + m[3] * m[2]) % P;
		t[3] = (m[2] * m[1] + m[3] * m[3]) % P;
		memcpy(m, t, sizeof(t));
		n >>= 1;
	}
	return r[1];
}

/* Exact determinant of a small integer matrix (Bareiss). */
static s64 det(s64 *m, int n)
{
	s64 prev = 1, t;
	int i, j, k, sign = 1;

	for (k = 0; k < n - 1; k++) {
		if (!m[k * n + k]) {
			for (i = k + 1; i < n && !m[i * n + k]; i++)
				;
			if (i == n)
				return 0;
			for (j = 0; j < n; j++) {
				t = m[k * n + j];
				m[k * n + j] = m[i * n + j];
				m[i * n + j] = t;
			}
			sign = -sign;
		}
		for (i = k + 1; i < n; i++)
			for (j = k + 1; j < n; j++)
				m[i * n + j] = (m[i * n + j] * m[k * n + k] -
						m[i * n + k] * m[k * n + j]) /
					       prev;
		prev = m[k * n + k];
	}
	return sign * m[(n - 1) * n + n - 1];
}

int main(void)
{
	u64 seed = 31337;
	s64 m[36];
	int i, j, bad = 0;

	for (i = 0; i < DIM; i++) {
		for (j = 0; j < DIM; j++) {
			a[i][j] = (s64)(guest_rand(&seed) % 2001) - 1000;
			b[i][j] = (s64)(guest_rand(&seed) % 201) - 100;
		}
	}
	mul(c, a, b);
	transpose(at, a);
	transpose(bt, b);
	mul(ct, bt, at);
	for (i = 0; i < DIM; i++)
		for (j = 0; j < DIM; j++)
			bad += ct[j][i] != c[i][j];
	con_printf("product %016lx c[0][0] %ld c[23][23] %ld\n",
		   guest_hash(c, sizeof(mat), 0), c[0][0], c[DIM - 1][DIM - 1]);
	mul(c, c, c);
	con_printf("square %016lx\n", guest_hash(c, sizeof(mat), 0));

	con_printf("fib mod p: %lu %lu %lu\n", fib_mod(10), fib_mod(1000),
		   fib_mod(1000000000000000000UL));

	for (i = 0; i < 36; i++)
		m[i] = (s64)(guest_rand(&seed) % 19) - 9;
	con_printf("det6 %ld", det(m, 6));
	for (i = 0; i < 16; i++)
		m[i] = (i % 5) ? 0 : 1;			/* identity */
	con_printf(" det4(I) %ld", det(m, 4));
	for (i = 0; i < 9; i++)
		m[i] = i + 1;				/* singular */
	con_printf(" det3 %ld\n", det(m, 3));
	con_printf("transpose mismatches %d\n", bad);
	return bad ? 1 : 35;
}

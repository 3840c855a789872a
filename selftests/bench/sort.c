// SPDX-License-Identifier: GPL-2.0
/*
 * sort.c - quicksort (median of three, insertion sort for short runs) and
 * top-down mergesort of the same pseudo-random arrays. Both results must
 * be sorted and equal.
 */
#include "bench.h"

#define N_ELEMS		(32 * 1024)
#define ROUNDS		80
#define SMALL_RUN	16

static u32 qs_buf[N_ELEMS], ms_buf[N_ELEMS], ms_tmp[N_ELEMS];

static void insertion_sort(u32 *v, long n)
{
	long i, j;
	u32 x;

	for (i = 1; i < n; i++) {
		x = v[i];
		for (j = i; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

static inline void swap(u32 *a, u32 *b)
{
	u32 t = *a;

	*a = *b;
	*b = t;
}

static void quicksort(u32 *v, long n)
{
	long i, j, mid;
	u32 pivot;

	while (n > SMALL_RUN) {
		mid = n / 2;
		if (v[mid] < v[0])
			swap(&v[mid], &v[0]);
		if (v[n - 1] < v[0])
			swap(&v[n - 1], &v[0]);
		if (v[n - 1] < v[mid])
			swap(&v[n - 1], &v[mid]);
		pivot = v[mid];
		i = -1;
		j = n;
		for (;;) {
			do
				i++;
			while (v[i] < pivot);
			do
				j--;
			while (v[j] > pivot);
			if (i >= j)
				break;
			swap(&v[i], &v[j]);
		}
		/* Recurse into the smaller half, loop on the larger. */
		if (j + 1 < n - j - 1) {
			quicksort(v, j + 1);
			v += j + 1;
			n -= j + 1;
		} else {
			quicksort(v + j + 1, n - j - 1);
			n = j + 1;
		}
	}
	insertion_sort(v, n);
}

static void merge_sort(u32 *v, u32 *tmp, long n)
{
	long mid = n / 2, i = 0, j = mid, k = 0;

	if (n <= SMALL_RUN) {
		insertion_sort(v, n);
		return;
	}
	merge_sort(v, tmp, mid);
	merge_sort(v + mid, tmp + mid, n - mid);
	while (i < mid && j < n)
		tmp[k++] = v[j] < v[i] ? v[j++] : v[i++];
	while (i < mid)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	for (i = 0; i < n; i++)
		v[i] = tmp[i];
}

int main(void)
{
	u64 seed = 0x9c2f0b5e1d3a4877ULL, sum = 0;
	int round;
	long i;

	for (round = 0; round < ROUNDS; round++) {
		/* Odd rounds have many duplicates, which quicksort must bear. */
		for (i = 0; i < N_ELEMS; i++) {
			u32 x = guest_rand(&seed) >> 32;

			qs_buf[i] = round & 1 ? x % 1000 : x;
			ms_buf[i] = qs_buf[i];
		}
		quicksort(qs_buf, N_ELEMS);
		merge_sort(ms_buf, ms_tmp, N_ELEMS);
		for (i = 0; i < N_ELEMS; i++) {
			if (qs_buf[i] != ms_buf[i])
				return bench_fail("sort", "quick vs merge",
						  qs_buf[i], ms_buf[i]);
			if (i && qs_buf[i - 1] > qs_buf[i])
				return bench_fail("sort", "order",
						  qs_buf[i - 1], qs_buf[i]);
		}
		for (i = 0; i < N_ELEMS; i += 61)
			sum = bench_mix(sum, qs_buf[i]);
	}
	return bench_result("sort", sum);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * sort.c - quicksort, merge sort, heapsort and insertion sort on the same
 * pseudo-random arrays (signed 64-bit, unsigned 32-bit, bytes); each
 * result is checked for order and printed as a hash.
 */
#include "corpus.h"

#define N	2000

static s64 a64[N], b64[N], tmp64[N];
static u32 a32[N];
static u8 a8[N];

static void quicksort(s64 *v, long lo, long hi)
{
	while (lo < hi) {
		s64 pivot = v[lo + (hi - lo) / 2], t;
		long i = lo, j = hi;

		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				t = v[i];
				v[i++] = v[j];
				v[j--] = t;
			}
		}
		/* Recurse into the smaller half to bound the depth. */
		if (j - lo < hi - i) {
			quicksort(v, lo, j);
			lo = i;
		} else {
			quicksort(v, i, hi);
			hi = j;
		}
	}
}

static void merge_sort(s64 *v, s64 *tmp, long n)
{
	long mid = n / 2, i = 0, j = mid, k = 0;

	if (n < 2)
		return;
	merge_sort(v, tmp, mid);
	merge_sort(v + mid, tmp, n - mid);
	while (i < mid && j < n)
		tmp[k++] = v[i] <= v[j] ? v[i++] : v[j++];
	while (i < mid)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, (unsigned long)n * sizeof(*v));
}

static void sift_down(u32 *v, long root, long n)
{
	long child;
	u32 t;

	while ((child = 2 * root + 1) < n) {
		if (child + 1 < n && v[child] < v[child + 1])
			child++;
		if (v[root] >= v[child])
			return;
		t = v[root];
		v[root] = v[child];
		v[child] = t;
		root = child;
	}
}

static void heapsort(u32 *v, long n)
{
	long i;
	u32 t;

	for (i = n / 2 - 1; i >= 0; i--)
		sift_down(v, i, n);
	for (i = n - 1; i > 0; i--) {
		t = v[0];
		v[0] = v[i];
		v[i] = t;
		sift_down(v, 0, i);
	}
}

static void insertion_sort(u8 *v, long n)
{
	long i, j;
	u8 t;

	for (i = 1; i < n; i++) {
		t = v[i];
		for (j = i; j > 0 && v[j - 1] > t; j--)
			v[j] = v[j - 1];
		v[j] = t;
	}
}

#define CHECK_SORTED(v, n) ({						\
	long _i, _bad = 0;						\
	for (_i = 1; _i < (n); _i++)					\
		_bad += (v)[_i - 1] > (v)[_i];				\
	_bad;								\
})

int main(void)
{
	u64 seed = 0xfeedface;
	long i, bad = 0;
	int round;

	for (round = 0; round < 3; round++) {
		for (i = 0; i < N; i++) {
			u64 r = guest_rand(&seed);

			/* Round 1 has many duplicates, round 2 is sorted. */
			a64[i] = round == 1 ? (s64)(r % 17) - 8 :
				 round == 2 ? i * 5 - 7000 : (s64)r;
			b64[i] = a64[i];
			a32[i] = (u32)(r >> 17);
			a8[i] = (u8)(r >> 40);
		}
		quicksort(a64, 0, N - 1);
		merge_sort(b64, tmp64, N);
		heapsort(a32, N);
		insertion_sort(a8, N);
		bad += CHECK_SORTED(a64, N) + CHECK_SORTED(b64, N) +
		       CHECK_SORTED(a32, N) + CHECK_SORTED(a8, N);
		bad += memcmp(a64, b64, sizeof(a64)) != 0;
		con_printf("round %d: %016lx %016lx %016lx min %ld max %ld\n",
			   round, guest_hash(a64, sizeof(a64), 0),
			   guest_hash(a32, sizeof(a32), 0),
			   guest_hash(a8, sizeof(a8), 0), a64[0], a64[N - 1]);
	}
	con_printf("out of order: %ld\n", bad);
	return bad ? 1 : 31;
}

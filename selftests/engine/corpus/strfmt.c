// SPDX-License-Identifier: GPL-2.0
/*
 * strfmt.c - string formatting and manipulation: the kit's snprintf with
 * widths, precision, padding and every integer conversion, truncation,
 * integer to string in bases 2..36 and back, word reversal, and a simple
 * substring search.
 */
#include "corpus.h"

static int to_base(char *buf, u64 v, unsigned int base)
{
	static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
	char tmp[65];
	int n = 0, i;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return n;
}

static u64 from_base(const char *s, unsigned int base)
{
	u64 v = 0;

	for (; *s; s++)
		v = v * base + (u64)(*s <= '9' ? *s - '0' : *s - 'a' + 10);
	return v;
}

static void reverse(char *s, long n)
{
	long i;
	char t;

	for (i = 0; i < n / 2; i++) {
		t = s[i];
		s[i] = s[n - 1 - i];
		s[n - 1 - i] = t;
	}
}

/* Reverse the order of words in place: reverse all, then each word. */
static void reverse_words(char *s)
{
	long n = (long)strlen(s), start = 0, i;

	reverse(s, n);
	for (i = 0; i <= n; i++) {
		if (s[i] == ' ' || s[i] == '\0') {
			reverse(s + start, i - start);
			start = i + 1;
		}
	}
}

static long find(const char *hay, const char *needle)
{
	long i, j;

	for (i = 0; hay[i]; i++) {
		for (j = 0; needle[j] && hay[i + j] == needle[j]; j++)
			;
		if (!needle[j])
			return i;
	}
	return -1;
}

int main(void)
{
	static const s64 ints[] = { 0, 1, -1, 42, -2147483648L, 2147483647,
				    -9223372036854775807L - 1,
				    9223372036854775807L };
	char buf[128], small[8];
	char text[] = "the quick brown fox jumps over the lazy dog";
	unsigned int i, base;
	int n, bad = 0;
	u64 v;

	for (i = 0; i < ARRAY_SIZE(ints); i++) {
		n = guest_snprintf(buf, sizeof(buf),
				   "[%d|%5d|%-6d|%06d|%+d|%ld|%lu|%lx|%lX|%lo|%.3d]",
				   (int)ints[i], (int)ints[i], (int)ints[i],
				   (int)ints[i], (int)ints[i], ints[i],
				   (u64)ints[i], (u64)ints[i], (u64)ints[i],
				   (u64)ints[i], (int)(ints[i] % 100));
		con_printf("%3d %s\n", n, buf);
	}
	n = guest_snprintf(small, sizeof(small), "%s=%d", "truncated", 12345);
	con_printf("truncation: %d '%s'\n", n, small);
	con_printf("strings: '%s' '%10s' '%-10s|' '%.4s' '%c%c'\n", "abc",
		   "right", "left", "precision", 'o', 'k');

	v = 0xfedcba9876543210UL;
	for (base = 2; base <= 36; base += 1) {
		to_base(buf, v, base);
		bad += from_base(buf, base) != v;
		if (base % 7 == 2 || base == 36)
			con_printf("base %2u: %s\n", base, buf);
		v = v * 6364136223846793005UL + 1442695040888963407UL;
	}
	reverse_words(text);
	con_printf("%s\n", text);
	con_printf("find: %ld %ld %ld\n", find(text, "fox"),
		   find(text, "dog"), find(text, "cat"));
	con_printf("round trip errors: %d\n", bad);
	return bad ? 1 : 33;
}

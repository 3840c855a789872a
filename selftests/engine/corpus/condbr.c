// SPDX-License-Identifier: GPL-2.0
/*
 * condbr.c - flags produced by real comparisons (cmp, cmn, tst, adds,
 * subs on both widths) over pairs of edge values, consumed by conditional
 * branches of all 14 conditions (insns/condbr.S). Each line is one
 * comparison and shows, per condition, whether the branch was taken.
 */
#include "corpus.h"

DECLARE_INSN_TABLE(cmp);

static const char cond_names[14][3] = {
	"eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge",
	"lt", "gt", "le",
};

int main(void)
{
	const struct insn_row *row;
	unsigned int j, k, c;
	u64 m, unused;

	con_puts("taken:");
	for (c = 0; c < 14; c++)
		con_printf(" %s", cond_names[c]);
	con_putc('\n');
	for_each_insn_row(row, cmp) {
		for (j = 0; j < N_EDGES; j += 2) {
			for (k = 1; k < N_EDGES; k += 3) {
				m = row->fn(edge_values[j], edge_values[k], 0,
					    &unused);
				con_printf("%-10s %016lx %016lx ", row->name,
					   edge_values[j], edge_values[k]);
				for (c = 0; c < 14; c++)
					con_putc(m >> c & 1 ? 'T' : '.');
				con_putc('\n');
			}
		}
	}
	return 40;
}

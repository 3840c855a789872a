// SPDX-License-Identifier: GPL-2.0
/*
 * sysregs.c - system registers reachable from ordinary code: NZCV (all 16
 * values written, read back, and observed through conditions), TPIDR_EL0,
 * FPCR (the architected control bits), FPSR (the cumulative flags and QC)
 * and CNTVCT_EL0, of which only monotonicity is checked since its value
 * is timing.
 */
#include "corpus.h"

static u64 read_nzcv(void)
{
	u64 v;

	__asm__ __volatile__("mrs %0, nzcv" : "=r"(v));
	return v;
}

static void write_nzcv(u64 v)
{
	__asm__ __volatile__("msr nzcv, %0" : : "r"(v) : "cc");
}

/*
 * Only the flag bits are written: the reserved bits of NZCV may hold what
 * was written to them on some implementations.
 */
static void nzcv_roundtrip(void)
{
	unsigned int i;
	u64 v, hi, ge;

	con_puts("nzcv:");
	for (i = 0; i < 16; i++) {
		write_nzcv(nzcv_of(i));
		v = read_nzcv();
		/* Let a condition see the value too. */
		__asm__ __volatile__("msr nzcv, %2\n\t"
				     "cset %0, hi\n\t"
				     "cset %1, ge"
				     : "=r"(hi), "=r"(ge) : "r"(nzcv_of(i))
				     : "cc");
		con_printf(" %08lx/%lu%lu", v, hi, ge);
	}
	con_putc('\n');
}

static void tpidr(void)
{
	static const u64 values[] = { 0, ~0UL, 0x8000000000000001UL,
				      0x0123456789abcdefUL };
	unsigned int i;
	u64 v;

	con_puts("tpidr_el0:");
	for (i = 0; i < ARRAY_SIZE(values); i++) {
		__asm__ __volatile__("msr tpidr_el0, %0" : : "r"(values[i]));
		__asm__ __volatile__("mrs %0, tpidr_el0" : "=r"(v));
		con_printf(" %016lx", v);
	}
	con_putc('\n');
}

/* AHP, DN, FZ and RMode: the FPCR bits every implementation has. */
#define FPCR_BITS	(0x7UL << 24 | 0x3UL << 22)
/* IOC, DZC, OFC, UFC, IXC, IDC and QC in FPSR. */
#define FPSR_BITS	(0x9fUL | 1UL << 27)

static void fp_control(void)
{
	static const u64 fpcr_values[] = { 0, 1UL << 24, 1UL << 25,
					   1UL << 26, 1UL << 22, 2UL << 22,
					   3UL << 22, FPCR_BITS };
	unsigned int i;
	u64 v;

	con_puts("fpcr:");
	for (i = 0; i < ARRAY_SIZE(fpcr_values); i++) {
		__asm__ __volatile__("msr fpcr, %0" : : "r"(fpcr_values[i]));
		__asm__ __volatile__("mrs %0, fpcr" : "=r"(v));
		con_printf(" %08lx", v & FPCR_BITS);
	}
	__asm__ __volatile__("msr fpcr, xzr");
	con_puts("\nfpsr:");
	for (i = 0; i < 8; i++) {
		u64 w = i == 7 ? 1UL << 27 : 1UL << i;

		if (i == 5 || i == 6)
			continue;
		__asm__ __volatile__("msr fpsr, %0" : : "r"(w));
		__asm__ __volatile__("mrs %0, fpsr" : "=r"(v));
		con_printf(" %08lx", v & FPSR_BITS);
	}
	__asm__ __volatile__("msr fpsr, %0" : : "r"(FPSR_BITS));
	__asm__ __volatile__("mrs %0, fpsr" : "=r"(v));
	con_printf(" %08lx", v & FPSR_BITS);
	__asm__ __volatile__("msr fpsr, xzr");
	__asm__ __volatile__("mrs %0, fpsr" : "=r"(v));
	con_printf(" %08lx\n", v & FPSR_BITS);
}

static u64 read_cntvct(void)
{
	u64 v;

	__asm__ __volatile__("isb\n\tmrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
}

static int counter(void)
{
	u64 prev = read_cntvct(), now;
	unsigned int i, backwards = 0;
	u64 spin;

	for (i = 0; i < 1000; i++) {
		for (spin = 0; spin < 100; spin++)
			barrier();
		now = read_cntvct();
		backwards += now < prev;
		prev = now;
	}
	con_printf("cntvct_el0: %s\n", backwards ? "went backwards" : "monotonic");
	return backwards;
}

int main(void)
{
	nzcv_roundtrip();
	tpidr();
	fp_control();
	return counter() ? 1 : 24;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * xlat_simd.c - moves between general registers and SIMD&FP registers:
 * FMOV (general), DUP (general), INS (general), UMOV, SMOV.
 *
 * SIMD&FP registers live in struct a64_cpu (v[n][0] is the low 64 bits)
 * and are never cached in host registers, so these are loads and stores
 * of the vCPU; they leave EFLAGS alone.
 */
#include "xlat.h"

static struct x86_mem vreg(unsigned int n, unsigned int byte)
{
	return env_mem(ENV_OFF(cpu.v[0][0]) + 16 * (s32)n + (s32)byte);
}

/* V[d] = the low @bits of general register @n, the rest zeroed. */
static void to_vreg(struct xlat_ctx *c, unsigned int d, unsigned int n,
		    unsigned int bits)
{
	struct x86_mem lo = vreg(d, 0), hi = vreg(d, 8);
	enum x86_reg r = xr_src(c, n, false, X86_RAX);

	if (bits == 32) {
		x86_mov_rr(&c->e, 32, X86_RAX, r);
		r = X86_RAX;
	}
	x86_mov_mr(&c->e, 64, &lo, r);
	x86_mov_mi(&c->e, 64, &hi, 0);
}

static void xlat_fmov(struct xlat_ctx *c, const struct a64_insn *in)
{
	unsigned int d = A64_F(in, rd), n = A64_F(in, rn);
	struct x86_mem m;

	switch (in->op) {
	case A64_OP_FMOV_s_w:
		to_vreg(c, d, n, 32);
		return;
	case A64_OP_FMOV_d_x:
		to_vreg(c, d, n, 64);
		return;
	case A64_OP_FMOV_d1_x:		/* V[d].D[1] only */
		m = vreg(d, 8);
		if (n == 31)
			x86_mov_mi(&c->e, 64, &m, 0);
		else
			x86_mov_mr(&c->e, 64, &m, xr_read(c, n));
		return;
	default:
		break;
	}
	if (d == 31)
		return;			/* to WZR/XZR */
	m = vreg(n, in->op == A64_OP_FMOV_x_d1 ? 8 : 0);
	if (in->op == A64_OP_FMOV_w_s)
		x86_mov_rm(&c->e, 32, xr_write(c, d), &m);
	else
		x86_mov_rm(&c->e, 64, xr_write(c, d), &m);
}

/*
 * imm5: the lowest set bit gives the element size, the bits above it the
 * index.  Returns log2 of the element size in bytes.
 */
static unsigned int element(u32 imm5, unsigned int *index)
{
	unsigned int size = 0;

	while (size < 3 && !(imm5 & BIT(size)))
		size++;
	*index = imm5 >> (size + 1);
	return size;
}

static void xlat_dup_ins(struct xlat_ctx *c, const struct a64_insn *in)
{
	unsigned int d = A64_F(in, rd), n = A64_F(in, rn), index, i;
	unsigned int size = element(A64_F(in, imm5), &index);
	unsigned int bytes = 1 << size, bits = 8 * bytes;
	unsigned int total = in->op == A64_OP_INS_gen ? bytes :
			     A64_F(in, Q) ? 16 : 8;
	enum x86_reg r = xr_src(c, n, false, X86_RAX);
	struct x86_mem m;

	if (in->op == A64_OP_INS_gen) {
		m = vreg(d, index * bytes);
		x86_mov_mr(&c->e, bits, &m, r);
		return;
	}
	for (i = 0; i < total; i += bytes) {
		m = vreg(d, i);
		x86_mov_mr(&c->e, bits, &m, r);
	}
	if (total == 8) {
		m = vreg(d, 8);
		x86_mov_mi(&c->e, 64, &m, 0);
	}
}

static void xlat_umov_smov(struct xlat_ctx *c, const struct a64_insn *in)
{
	unsigned int d = A64_F(in, rd), n = A64_F(in, rn), index;
	unsigned int size = element(A64_F(in, imm5), &index);
	unsigned int bits = 8 << size;
	struct x86_mem m = vreg(n, index << size);
	enum x86_reg r;

	if (d == 31)
		return;
	r = xr_write(c, d);
	if (in->op == A64_OP_UMOV)
		x86_load_zx(&c->e, bits, r, &m);
	else
		x86_load_sx(&c->e, A64_F(in, Q) ? 64 : 32, bits, r, &m);
}

const struct xlat_entry xlat_simd_table[] = {
	XLAT_ENTRY(FMOV_w_s, 0, 0, xlat_fmov),
	XLAT_ENTRY(FMOV_s_w, 0, 0, xlat_fmov),
	XLAT_ENTRY(FMOV_x_d, 0, 0, xlat_fmov),
	XLAT_ENTRY(FMOV_d_x, 0, 0, xlat_fmov),
	XLAT_ENTRY(FMOV_x_d1, 0, 0, xlat_fmov),
	XLAT_ENTRY(FMOV_d1_x, 0, 0, xlat_fmov),
	XLAT_ENTRY(DUP_gen, 0, 0, xlat_dup_ins),
	XLAT_ENTRY(INS_gen, 0, 0, xlat_dup_ins),
	XLAT_ENTRY(UMOV, 0, 0, xlat_umov_smov),
	XLAT_ENTRY(SMOV, 0, 0, xlat_umov_smov),
};

const unsigned int xlat_simd_count = ARRAY_SIZE(xlat_simd_table);

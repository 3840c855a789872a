// SPDX-License-Identifier: GPL-2.0
/*
 * flags.c - guest NZCV in host EFLAGS.
 *
 * A64 and x86 agree on N (SF), Z (ZF) and V (OF) for additions,
 * subtractions and logical operations, and on C for additions.  For
 * subtractions x86 sets CF to the borrow, the inverse of A64's C; rather
 * than fixing that after every compare the translator remembers, per
 * point in the block, whether host CF holds C or NOT C (c->cf_inv) and
 * picks condition codes accordingly.  Only HI and LS have no x86 condition
 * when CF is not inverted; a cmc turns it around there.
 *
 * In memory (vcpu->nzcv) the flags are an x86 RFLAGS image with CF = C,
 * stored by "pushfq; pop [env + nzcv]": saving touches no general
 * register and no flag, so it can be emitted anywhere.  Loading goes
 * through sahf (SF, ZF, CF) and an add that overflows exactly when the
 * image's OF is set; it clobbers rax, and so only happens at the start of
 * an instruction that consumes the flags, before it loads any operand.
 *
 * Saving happens only when host code is about to clobber EFLAGS while the
 * flags are still needed (liveness computed per block from the decoded
 * instructions), and at block exits.
 */
#include "xlat.h"

/* RFLAGS bits, and the lahf/seto image xf_emit_load_imm() builds. */
#define RF_CF		BIT(0)
#define RF_ZF		BIT(6)
#define RF_SF		BIT(7)
#define RF_OF		BIT(11)
#define IMG_SF		BIT(15)
#define IMG_ZF		BIT(14)
#define IMG_RES1	BIT(9)
#define IMG_CF		BIT(8)
#define IMG_OF		BIT(0)

u64 xvm_nzcv_get(const struct xvm_vcpu *vcpu)
{
	u64 f = vcpu->nzcv;
	u64 v = 0;

	if (f & RF_SF)
		v |= PSTATE_N;
	if (f & RF_ZF)
		v |= PSTATE_Z;
	if (f & RF_CF)
		v |= PSTATE_C;
	if (f & RF_OF)
		v |= PSTATE_V;
	return v;
}

void xvm_nzcv_set(struct xvm_vcpu *vcpu, u64 pstate_nzcv)
{
	u64 f = BIT(1);			/* RFLAGS bit 1 always reads as 1 */

	if (pstate_nzcv & PSTATE_N)
		f |= RF_SF;
	if (pstate_nzcv & PSTATE_Z)
		f |= RF_ZF;
	if (pstate_nzcv & PSTATE_C)
		f |= RF_CF;
	if (pstate_nzcv & PSTATE_V)
		f |= RF_OF;
	vcpu->nzcv = f;
}

/* lahf/seto layout of @pstate: AH = SF ZF - - - - 1 CF, AL = OF. */
static u16 image_of(u64 pstate, bool cf_inv)
{
	u16 img = IMG_RES1;

	if (pstate & PSTATE_N)
		img |= IMG_SF;
	if (pstate & PSTATE_Z)
		img |= IMG_ZF;
	if (!!(pstate & PSTATE_C) != cf_inv)
		img |= IMG_CF;
	if (pstate & PSTATE_V)
		img |= IMG_OF;
	return img;
}

/* pop qword [env + off]: 8F /0 with a disp32 off rbp. */
static void emit_pop_env(struct x86_emitter *e, s32 off)
{
	u8 insn[6] = { 0x8f, 0x85 };

	BUILD_BUG_ON(XLAT_ENV != X86_RBP);
	memcpy(&insn[2], &off, 4);
	x86_emit_bytes(e, insn, sizeof(insn));
}

static void emit_save(struct xlat_ctx *c)
{
	if (c->cf_inv)
		x86_cmc(&c->e);
	x86_pushfq(&c->e);
	emit_pop_env(&c->e, ENV_OFF(nzcv));
	c->cf_inv = false;
	c->fl = XF_BOTH;
}

/* Clobbers rax: see the top of the file. */
static void emit_restore(struct xlat_ctx *c)
{
	struct x86_mem m = ENV_MEM(nzcv);

	x86_movzx_rm(&c->e, 32, 16, X86_RAX, &m);
	x86_shift_ri(&c->e, X86_ROL, 16, X86_RAX, 8);	/* AL = OF's byte */
	x86_alu_ri(&c->e, X86_AND, 8, X86_RAX, RF_OF >> 8);
	x86_alu_ri(&c->e, X86_ADD, 8, X86_RAX, 0x80 - (RF_OF >> 8));
	x86_sahf(&c->e);
	c->cf_inv = false;
	c->fl = XF_BOTH;
}

/* Host code is about to overwrite EFLAGS. */
void xf_clobber(struct xlat_ctx *c)
{
	if (c->fl == XF_HOST && c->flags_live_in[c->idx])
		emit_save(c);
	if (c->fl != XF_HOST)
		c->fl = XF_MEM;
}

/* A guest instruction has just set all of NZCV in EFLAGS. */
void xf_set(struct xlat_ctx *c, bool cf_inv)
{
	c->fl = XF_HOST;
	c->cf_inv = cf_inv;
}

/* Make vcpu->nzcv current (block exits, calls out). */
void xf_sync(struct xlat_ctx *c)
{
	if (c->fl == XF_HOST)
		emit_save(c);
}

static void need_host(struct xlat_ctx *c)
{
	if (c->fl == XF_MEM)
		emit_restore(c);
}

void xf_need_cf(struct xlat_ctx *c, bool inverted)
{
	need_host(c);
	if (c->cf_inv != inverted) {
		x86_cmc(&c->e);
		c->cf_inv = inverted;
	}
}

/* EFLAGS hold NZCV afterwards; returns the x86 condition for @cond. */
enum x86_cc xf_cond(struct xlat_ctx *c, unsigned int cond)
{
	static const u8 plain[14] = {
		X86_CC_E, X86_CC_NE, X86_CC_B, X86_CC_AE,
		X86_CC_S, X86_CC_NS, X86_CC_O, X86_CC_NO,
		X86_CC_A, X86_CC_BE,	/* valid only with CF inverted */
		X86_CC_GE, X86_CC_L, X86_CC_G, X86_CC_LE,
	};
	enum x86_cc cc;

	need_host(c);
	if (cond == 8 || cond == 9)
		xf_need_cf(c, true);
	cc = (enum x86_cc)plain[cond];
	if ((cond == 2 || cond == 3) && c->cf_inv)
		cc = x86_cc_invert(cc);
	return cc;
}

/*
 * EFLAGS = the constant @nzcv, CF inverted if @cf_inv (the other arm of a
 * conditional compare must leave the same CF polarity).  Clobbers rax.
 */
void xf_emit_load_imm(struct xlat_ctx *c, unsigned int nzcv, bool cf_inv)
{
	u16 img = image_of((u64)nzcv << 28, cf_inv);

	x86_mov_ri(&c->e, 32, X86_RAX, img);
	x86_alu_ri(&c->e, X86_ADD, 8, X86_RAX, 0x7f);
	x86_sahf(&c->e);
}

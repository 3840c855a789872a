// SPDX-License-Identifier: GPL-2.0
/*
 * x86/emit_ctl.c - x86-64 encoder: branches, patching, nops and the
 * instructions without operands.
 */
#include "x86/insn.h"

#define JMP_REL32	0xe9
#define JMP_REL32_LEN	5
#define PATCH_WORD	8	/* bytes one atomic store can rewrite */

/*
 * Emit a branch whose displacement of @rel_bytes ends the instruction.
 * Returns the address of the displacement field, or NULL.
 */
static u8 *emit_branch(struct x86_emitter *e, u32 op, unsigned int rel_bytes,
		       const void *target)
{
	struct x86_insn in;
	s64 rel = 0;
	u8 *at;

	x86_insn_init(&in);
	x86_insn_op(&in, op);
	if (target) {
		rel = x86_distance(e->cur + in.len + rel_bytes, target);
		if (rel_bytes == 1)
			x86_insn_check(&in, x86_fits_s8(rel));
		else
			x86_insn_check(&in, x86_fits_s32(rel));
	}
	x86_insn_imm(&in, (u64)rel, rel_bytes);
	at = x86_insn_commit(e, &in);
	return at ? at + in.len - rel_bytes : NULL;
}

/* Would a rel8 branch of @len bytes at e->cur reach @target? */
static bool short_reaches(struct x86_emitter *e, unsigned int len,
			  const void *target)
{
	return target && x86_fits_s8(x86_distance(e->cur + len, target));
}

u8 *x86_jcc8(struct x86_emitter *e, enum x86_cc cc, const void *target)
{
	return emit_branch(e, X86_OP1(0x70 + (cc & 15)), 1, target);
}

u8 *x86_jcc32(struct x86_emitter *e, enum x86_cc cc, const void *target)
{
	return emit_branch(e, X86_OP2(0x0f, 0x80 + (cc & 15)), 4, target);
}

u8 *x86_jcc(struct x86_emitter *e, enum x86_cc cc, const void *target)
{
	if (short_reaches(e, 2, target))
		return x86_jcc8(e, cc, target);
	return x86_jcc32(e, cc, target);
}

u8 *x86_jmp8(struct x86_emitter *e, const void *target)
{
	return emit_branch(e, X86_OP1(0xeb), 1, target);
}

u8 *x86_jmp32(struct x86_emitter *e, const void *target)
{
	return emit_branch(e, X86_OP1(JMP_REL32), 4, target);
}

u8 *x86_jmp(struct x86_emitter *e, const void *target)
{
	if (short_reaches(e, 2, target))
		return x86_jmp8(e, target);
	return x86_jmp32(e, target);
}

u8 *x86_call(struct x86_emitter *e, const void *target)
{
	return emit_branch(e, X86_OP1(0xe8), 4, target);
}

/* FF /2 (call) and FF /4 (jmp) default to 64-bit operands. */
static void emit_ff_r(struct x86_emitter *e, unsigned int digit,
		      enum x86_reg r)
{
	struct x86_insn in;

	x86_insn_init(&in);
	x86_insn_rr(&in, X86_OP1(0xff), digit, r);
	x86_insn_commit(e, &in);
}

static void emit_ff_m(struct x86_emitter *e, unsigned int digit,
		      const struct x86_mem *m)
{
	struct x86_insn in;

	x86_insn_init(&in);
	x86_insn_rm(&in, X86_OP1(0xff), digit, m);
	x86_insn_commit(e, &in);
}

void x86_jmp_r(struct x86_emitter *e, enum x86_reg r)
{
	emit_ff_r(e, 4, r);
}

void x86_jmp_m(struct x86_emitter *e, const struct x86_mem *m)
{
	emit_ff_m(e, 4, m);
}

void x86_call_r(struct x86_emitter *e, enum x86_reg r)
{
	emit_ff_r(e, 2, r);
}

void x86_call_m(struct x86_emitter *e, const struct x86_mem *m)
{
	emit_ff_m(e, 2, m);
}

void x86_call_abs(struct x86_emitter *e, const void *target,
		  enum x86_reg scratch)
{
	if (x86_rel32_reachable(e->cur + 5, target)) {
		x86_call(e, target);
		return;
	}
	x86_mov_ri_keep_flags(e, 64, scratch, (unsigned long)target);
	x86_call_r(e, scratch);
}

void x86_jmp_abs(struct x86_emitter *e, const void *target,
		 enum x86_reg scratch)
{
	if (x86_rel32_reachable(e->cur + 5, target)) {
		x86_jmp32(e, target);
		return;
	}
	x86_mov_ri_keep_flags(e, 64, scratch, (unsigned long)target);
	x86_jmp_r(e, scratch);
}

void x86_patch_rel32(u8 *site, const void *target)
{
	if (site)
		x86_put_le32(site, (u32)x86_distance(site + 4, target));
}

bool x86_patch_rel8(u8 *site, const void *target)
{
	s64 rel;

	if (!site)
		return true;
	rel = x86_distance(site + 1, target);
	if (!x86_fits_s8(rel))
		return false;
	*site = (u8)rel;
	return true;
}

u8 *x86_jmp_patchable(struct x86_emitter *e, const void *target)
{
	unsigned int offset = (unsigned long)e->cur & (PATCH_WORD - 1);
	u8 *site;

	if (offset + JMP_REL32_LEN > PATCH_WORD)
		x86_nop(e, PATCH_WORD - offset);
	site = x86_jmp32(e, target);
	return site ? site - 1 : NULL;
}

/*
 * The jump lies within one aligned 8-byte word: rebuild that word with
 * the new displacement and store it at once, so that a CPU running the
 * code sees either the old jump or the new one, never a mix.
 */
void x86_patch_jmp(u8 *jmp, const void *target)
{
	unsigned long addr = (unsigned long)jmp;
	u8 *word = (u8 *)(addr & ~(unsigned long)(PATCH_WORD - 1));
	unsigned int offset = addr & (PATCH_WORD - 1);
	u8 bytes[PATCH_WORD];
	u64 value;

	if (!jmp)
		return;
	memcpy(bytes, word, PATCH_WORD);
	bytes[offset] = JMP_REL32;
	x86_put_le32(&bytes[offset + 1],
		     (u32)x86_distance(jmp + JMP_REL32_LEN, target));
	memcpy(&value, bytes, PATCH_WORD);
	__atomic_store_n((u64 *)word, value, __ATOMIC_RELAXED);
}

/* Instructions made of fixed bytes only. */
static void emit_fixed(struct x86_emitter *e, u32 op)
{
	struct x86_insn in;

	x86_insn_init(&in);
	x86_insn_op(&in, op);
	x86_insn_commit(e, &in);
}

void x86_ret(struct x86_emitter *e)
{
	emit_fixed(e, X86_OP1(0xc3));
}

void x86_pushfq(struct x86_emitter *e)
{
	emit_fixed(e, X86_OP1(0x9c));
}

void x86_popfq(struct x86_emitter *e)
{
	emit_fixed(e, X86_OP1(0x9d));
}

void x86_lahf(struct x86_emitter *e)
{
	emit_fixed(e, X86_OP1(0x9f));
}

void x86_sahf(struct x86_emitter *e)
{
	emit_fixed(e, X86_OP1(0x9e));
}

void x86_clc(struct x86_emitter *e)
{
	emit_fixed(e, X86_OP1(0xf8));
}

void x86_stc(struct x86_emitter *e)
{
	emit_fixed(e, X86_OP1(0xf9));
}

void x86_cmc(struct x86_emitter *e)
{
	emit_fixed(e, X86_OP1(0xf5));
}

void x86_mfence(struct x86_emitter *e)
{
	emit_fixed(e, X86_OP3(0x0f, 0xae, 0xf0));
}

void x86_lfence(struct x86_emitter *e)
{
	emit_fixed(e, X86_OP3(0x0f, 0xae, 0xe8));
}

void x86_sfence(struct x86_emitter *e)
{
	emit_fixed(e, X86_OP3(0x0f, 0xae, 0xf8));
}

void x86_pause(struct x86_emitter *e)
{
	emit_fixed(e, X86_OP1(0x90) | X86_PF3);
}

void x86_int3(struct x86_emitter *e)
{
	emit_fixed(e, X86_OP1(0xcc));
}

void x86_ud2(struct x86_emitter *e)
{
	emit_fixed(e, X86_OP2(0x0f, 0x0b));
}

void x86_hlt(struct x86_emitter *e)
{
	emit_fixed(e, X86_OP1(0xf4));
}

void x86_vmcall(struct x86_emitter *e)
{
	emit_fixed(e, X86_OP3(0x0f, 0x01, 0xc1));
}

void x86_vmmcall(struct x86_emitter *e)
{
	emit_fixed(e, X86_OP3(0x0f, 0x01, 0xd9));
}

void x86_rdtsc(struct x86_emitter *e)
{
	emit_fixed(e, X86_OP2(0x0f, 0x31));
}

/* The recommended single-instruction nops of 1 to 9 bytes. */
#define MAX_NOP		9
static const u8 nops[MAX_NOP][MAX_NOP] = {
	{ 0x90 },
	{ 0x66, 0x90 },
	{ 0x0f, 0x1f, 0x00 },
	{ 0x0f, 0x1f, 0x40, 0x00 },
	{ 0x0f, 0x1f, 0x44, 0x00, 0x00 },
	{ 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 },
	{ 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00 },
	{ 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
	{ 0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
};

void x86_nop(struct x86_emitter *e, unsigned int len)
{
	while (len) {
		unsigned int n = len < MAX_NOP ? len : MAX_NOP;

		x86_emit_bytes(e, nops[n - 1], n);
		len -= n;
	}
}

void x86_align(struct x86_emitter *e, unsigned int align)
{
	if (!align || (align & (align - 1))) {
		e->invalid = true;
		return;
	}
	x86_nop(e, -(unsigned long)e->cur & (align - 1));
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xlat.h - the translator's private interface: translation context,
 * guest register allocation, NZCV tracking, block exits and calls out of
 * translated code.
 *
 * Host register use inside translated code:
 *
 *   rbp   env: struct xvm_vcpu + XLAT_ENV_BIAS
 *   rsp   host stack, 16-byte aligned inside blocks
 *   rax, rcx, rdx
 *         scratch for the instruction being translated; rdx doubles as
 *         the sink for results written to XZR
 *   rbx, r12-r15, rsi, rdi, r8-r11
 *         guest registers, allocated per block on first use
 *
 * Translated code of one guest instruction is emitted by one small
 * function per op (xlat_dp.c, xlat_mem.c, xlat_branch.c, xlat_sys.c);
 * their tables are merged into one dispatch array at init.
 */
#ifndef XVM_ENGINE_XLAT_H
#define XVM_ENGINE_XLAT_H

#include "host.h"
#include "vcpu.h"
#include "a64/decode.h"
#include "x86/emit.h"

#define XLAT_ENV		X86_RBP
#define XLAT_ENV_BIAS		128
#define XLAT_DISCARD		X86_RDX	/* destination for XZR results */

/* Displacement of a struct xvm_vcpu field from the env register. */
#define ENV_OFF(field) \
	((s32)__builtin_offsetof(struct xvm_vcpu, field) - XLAT_ENV_BIAS)

static inline struct x86_mem env_mem(s32 off)
{
	return x86_mem(XLAT_ENV, off);
}

#define ENV_MEM(field)		env_mem(ENV_OFF(field))

/* Guest register numbers as the allocator sees them: 31 is SP. */
#define XLAT_NR_GREGS		32
#define XLAT_SP			31

static inline s32 greg_off(unsigned int g)
{
	return ENV_OFF(cpu.x[0]) + 8 * (s32)g;	/* cpu.sp follows x30 */
}

/* Longest block, and most instructions and blocks in one region. */
#define XLAT_BLOCK_INSNS	128
#define XLAT_MAX_INSNS		256
#define XLAT_MAX_RBLOCKS	16

/* Where the guest NZCV lives at this point of the block. */
enum xlat_flags_where {
	XF_MEM,		/* only in vcpu->nzcv */
	XF_HOST,	/* only in host EFLAGS */
	XF_BOTH,	/* in both (host copy may have CF inverted) */
};

struct xlat_regs {
	s8 host_of[XLAT_NR_GREGS];	/* host register or -1 */
	s8 guest_of[16];		/* guest register or -1 */
	u32 dirty;			/* guest regs newer in the host */
	u16 pinned;			/* host regs of this instruction */
};

struct xlat_ctx;

/* A memory access for the backend to emit; see backend_soft.c. */
struct xlat_access {
	u8 size_log2;		/* per register: 0..3, 4 for 128-bit */
	bool store;
	bool sign;		/* sign-extend the loaded value */
	bool to32;		/* ... into 32 bits (LDRS* Wt) */
	bool pair;		/* two registers at addr and addr + size */
	bool exclusive;		/* LDXR: record the exclusive monitor */
	bool fp;		/* SIMD&FP register: vreg, vreg2 */
	u8 vreg, vreg2;
	/* Address: [base + index * scale + disp], without the env register. */
	struct x86_mem addr;
	/* Loads: destinations; stores: sources (X86_NOREG = zero). */
	enum x86_reg reg, reg2;
	/* Allocator state before the instruction: what a fault restores. */
	const struct xlat_regs *before;
};

/*
 * Consecutive loads and stores off one base register, probed as one:
 * members' offsets are from the base's value at the start of the group
 * (earlier members' writeback included), and each member keeps its own
 * allocator state for a precise fault.
 */
#define XLAT_MAX_GROUP		6

struct xlat_group {
	enum x86_reg base;
	unsigned int n;
	s32 lo, hi;			/* bytes touched, from the base */
	bool store;			/* some member stores */
	struct {
		struct xlat_access a;	/* a.addr: from the current base */
		s32 off;		/* from the base at group start */
		s32 wback;		/* base += wback after the access */
		u64 pc;
		struct xlat_regs before;
	} m[XLAT_MAX_GROUP];
};

/* Calls out of translated code. */
enum xlat_arg_kind { XA_NONE, XA_IMM, XA_GREG, XA_RAX };

struct xlat_arg {
	enum xlat_arg_kind kind;
	u64 val;		/* immediate, or guest register number */
};

#define XLAT_CALL_MAY_EXIT	BIT(0)	/* helper may raise an exit */
#define XLAT_CALL_WRITES_REGS	BIT(1)	/* helper changes guest x[] / sp */

/*
 * The seam between the translator and the way translated code reaches
 * memory and C.  The soft accelerator's implementation probes a software
 * TLB and calls C helpers; a hardware backend, whose translated code runs
 * in a guest context with guest RAM mapped, would emit plain accesses and
 * leave to root mode instead of calling.
 */
struct xlat_backend {
	void (*emit_access)(struct xlat_ctx *c, const struct xlat_access *a);
	/* Optional: a group of accesses (NULL: one at a time). */
	void (*emit_group)(struct xlat_ctx *c, const struct xlat_group *g);
	/*
	 * Call @fn(vcpu, args...).  State is written back first; on return
	 * rax holds the result.
	 */
	void (*emit_call)(struct xlat_ctx *c, const void *fn,
			  const struct xlat_arg *args, unsigned int nargs,
			  unsigned int flags);
};

extern const struct xlat_backend xlat_backend_soft;
extern const struct xlat_backend xlat_backend_hw;

/* Shared by both backends (backend_soft.c). */
void xlat_emit_direct(struct x86_emitter *e, const struct xlat_access *a,
		      s32 disp);
void xlat_emit_writeback(struct x86_emitter *e, enum x86_reg base,
			 s32 delta);
void xlat_emit_call_args(struct xlat_ctx *c, const struct xlat_arg *args,
			 unsigned int nargs);

/*
 * A block of the translation.  A region (several blocks of one guest page
 * linked by direct branches) keeps every guest register it uses in the
 * same host register throughout, so that branches between its blocks are
 * plain jumps.
 */
struct xlat_rblock {
	u64 pc;
	u16 first;			/* its instructions: insns[first..] */
	u16 n;
	u8 *label;			/* its code, once emitted */
	bool flags_live;		/* NZCV live on entry */
	bool live_out_ext;		/* some exit needs NZCV */
	bool loop_head;			/* target of a backward branch */
};

/* A jump to a region block not emitted yet. */
struct xlat_fixup {
	u8 *site;			/* rel32 field */
	u8 rb;
};

#define XLAT_MAX_FIXUPS		(4 * XLAT_MAX_RBLOCKS)

struct xlat_ctx {
	struct xvm_vcpu *vcpu;
	const struct xlat_backend *be;
	struct x86_emitter e;		/* block body */
	struct x86_emitter ce;		/* cold code: slow paths, stubs */
	struct xlat_block *block;
	u64 block_pc;
	u64 pc;				/* of the instruction being emitted */
	unsigned int el;
	unsigned int idx;		/* its index in insns[] */
	unsigned int n;			/* instructions in the block */
	bool ended;			/* an exit has been emitted */
	unsigned int skip;		/* further slots the handler consumed */
	struct xlat_regs regs;
	enum xlat_flags_where fl;
	bool cf_inv;			/* host CF holds NOT C */
	bool region;			/* static register assignment */
	u32 region_used;		/* guest registers the region names */
	u32 region_dirty;		/* guest registers the region writes */
	struct xlat_regs region_regs;	/* allocation at every region block */
	unsigned int nrb;		/* blocks in rb[] */
	unsigned int cur;		/* the one being emitted */
	unsigned int nfix;
	struct xlat_rblock rb[XLAT_MAX_RBLOCKS];
	struct xlat_fixup fix[XLAT_MAX_FIXUPS];
	struct xlat_group group;	/* scratch for xlat_mem.c */
	struct a64_insn insns[XLAT_MAX_INSNS];
	u16 order[XLAT_MAX_INSNS];	/* emission order, per block */
	u32 names[XLAT_MAX_INSNS];	/* registers named, by slot */
	bool flags_live_in[XLAT_MAX_INSNS + 1];	/* by emission slot */
};

/* One handler per op; returns nothing, sets c->ended if it left. */
typedef void (*xlat_fn)(struct xlat_ctx *c, const struct a64_insn *in);

struct xlat_entry {
	u16 op;
	u8 ends_block;			/* XLAT_END_* */
	u8 flags;			/* XLAT_NZCV_* */
	xlat_fn fn;
};

#define XLAT_END_NO		0
#define XLAT_END_YES		1
#define XLAT_END_MAYBE		2	/* ask xlat_sys_ends_block() */

#define XLAT_NZCV_READ		BIT(0)
#define XLAT_NZCV_WRITE		BIT(1)	/* sets all four */
#define XLAT_CALLS		BIT(2)	/* may call out of translated code */

#define XLAT_ENTRY(o, end, fl, f) \
	{ .op = A64_OP_##o, .ends_block = (end), .flags = (fl), .fn = (f) }

extern const struct xlat_entry xlat_dp_table[];
extern const unsigned int xlat_dp_count;
extern const struct xlat_entry xlat_dpreg_table[];
extern const unsigned int xlat_dpreg_count;
extern const struct xlat_entry xlat_mem_table[];
extern const unsigned int xlat_mem_count;
extern const struct xlat_entry xlat_branch_table[];
extern const unsigned int xlat_branch_count;
extern const struct xlat_entry xlat_sys_table[];
extern const unsigned int xlat_sys_count;
extern const struct xlat_entry xlat_simd_table[];
extern const unsigned int xlat_simd_count;

bool xlat_sys_ends_block(const struct a64_insn *in);

/* What the block analyses may assume about an op (xlat.c). */
enum xlat_op_class {
	XLAT_OPC_OTHER,		/* system: may call out, change state */
	XLAT_OPC_ALU,		/* registers only, never faults */
	XLAT_OPC_MEM,		/* loads and stores */
	XLAT_OPC_BRANCH,
};

/* xlat.c: per-op facts, and translation of one block or region. */
const struct xlat_entry *xlat_entry_of(enum a64_op op);
const struct xlat_entry *xlat_entry_or_undef(const struct a64_insn *in);
bool xlat_is_undefined(const struct xlat_entry *e);
bool xlat_ends_block(const struct xlat_entry *e, const struct a64_insn *in);
enum xlat_op_class xlat_op_class(enum a64_op op);
int xlat_init(void);

/* region.c */
u32 xlat_regs_named(const struct a64_insn *in);
void xlat_build_region(struct xlat_ctx *c, const u8 *page);
void xlat_sink_compares(struct xlat_ctx *c);
void xlat_flag_liveness(struct xlat_ctx *c);
struct xlat_block *xlat_translate(struct xvm_vcpu *vcpu, u64 pc);
int xlat_emit_trampolines(struct xvm_vcpu *vcpu);
int xlat_enter(struct xvm_vcpu *vcpu, const void *code);
int xlat_resume(struct xvm_vcpu *vcpu);
void xlat_emit_hypercall(struct xvm_vcpu *vcpu, struct x86_emitter *e);

/* regalloc.c */
void xr_reset(struct xlat_ctx *c);
void xr_insn_begin(struct xlat_ctx *c);
enum x86_reg xr_read(struct xlat_ctx *c, unsigned int g);
enum x86_reg xr_write(struct xlat_ctx *c, unsigned int g);
enum x86_reg xr_rmw(struct xlat_ctx *c, unsigned int g);
/* Operand register 31 as ZR: reads give 0 in @zero, writes go nowhere. */
enum x86_reg xr_src(struct xlat_ctx *c, unsigned int r, bool sp,
		    enum x86_reg zero);
enum x86_reg xr_dst(struct xlat_ctx *c, unsigned int r, bool sp);
void xr_writeback(struct xlat_ctx *c);
void xr_emit_writeback(struct x86_emitter *e, const struct xlat_regs *r);
/* Forget host copies (after a call); they must be written back. */
void xr_forget(struct xlat_ctx *c, bool keep_callee_saved);
bool xr_is_callee_saved(enum x86_reg r);

/* flags.c */
void xf_clobber(struct xlat_ctx *c);
void xf_set(struct xlat_ctx *c, bool cf_inv);
void xf_sync(struct xlat_ctx *c);
enum x86_cc xf_cond(struct xlat_ctx *c, unsigned int cond);
void xf_need_cf(struct xlat_ctx *c, bool inverted);
void xf_emit_load_imm(struct xlat_ctx *c, unsigned int nzcv, bool cf_inv);

/* exits.c */
void xlat_set_pc(struct x86_emitter *e, u64 pc);
void xlat_sync_all(struct xlat_ctx *c);
bool xlat_flags_live_at(struct xlat_ctx *c, u64 pc);
void xlat_sync_exit(struct xlat_ctx *c, bool flags_live);
int xlat_internal(struct xlat_ctx *c, u64 pc);
bool xlat_succ_flags_live(struct xlat_ctx *c, u64 pc);
void xlat_branch_prepare(struct xlat_ctx *c, u64 taken, u64 not_taken);
void xlat_branch_cond(struct xlat_ctx *c, enum x86_cc cc, u64 taken,
		      u64 not_taken);
void xlat_goto(struct xlat_ctx *c, u64 target);
void xlat_exit_direct(struct xlat_ctx *c, u64 target);
void xlat_exit_indirect(struct xlat_ctx *c, enum x86_reg target);
void xlat_exit_dispatch(struct xlat_ctx *c, u64 next_pc);
void xlat_exit_dispatch_pc_set(struct xlat_ctx *c);
void xlat_exit_raise(struct xlat_ctx *c, u32 reason, u32 info, u64 next_pc);
void xlat_call(struct xlat_ctx *c, const void *fn,
	       const struct xlat_arg *args, unsigned int nargs,
	       unsigned int flags);

/* d = n op m for the x86 ALU group (xlat_dp.c); may use rax. */
void xlat_alu3(struct xlat_ctx *c, enum x86_alu op, unsigned int bits,
	       enum x86_reg d, enum x86_reg n, enum x86_reg m);

/* Small emit helpers used by several handler files. */
void xlat_mov_imm(struct xlat_ctx *c, unsigned int bits, enum x86_reg r,
		  u64 imm);

static inline bool xlat_has(const struct xlat_ctx *c, u32 cfg_flag)
{
	return c->vcpu->flags & cfg_flag;
}

/* How many guest registers in @set (no libgcc popcount in the kernel). */
static inline unsigned int xlat_nr_regs(u32 set)
{
	unsigned int n = 0;

	for (; set; set &= set - 1)
		n++;
	return n;
}

static inline unsigned int insn_bits(const struct a64_insn *in)
{
	return A64_F(in, sf) ? 64 : 32;
}

/*
 * dst = src, zero-extended from @bits; a 64-bit copy to itself is
 * dropped, a 32-bit one is not (it clears the upper half).
 */
static inline void xlat_mov(struct xlat_ctx *c, unsigned int bits,
			    enum x86_reg dst, enum x86_reg src)
{
	if (dst != src || bits != 64)
		x86_mov_rr(&c->e, bits, dst, src);
}

#endif /* XVM_ENGINE_XLAT_H */

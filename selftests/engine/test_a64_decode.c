// SPDX-License-Identifier: GPL-2.0
/*
 * test_a64_decode.c - the A64 decoder against the GNU assembler and
 * disassembler.
 *
 * Known instructions are assembled at test time with aarch64-linux-gnu-as
 * and their decoded op and fields compared with the table below; random
 * words are decoded and disassembled with aarch64-linux-gnu-objdump, and
 * both must agree on the mnemonic family and on what is undefined.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

/* Before the harness: host.h defines ARRAY_SIZE unconditionally. */
#include "a64/decode.h"

#include "kselftest_harness.h"

#define AS	"aarch64-linux-gnu-as"
#define OBJCOPY	"aarch64-linux-gnu-objcopy"
#define OBJDUMP	"aarch64-linux-gnu-objdump"
#define LD	"aarch64-linux-gnu-ld"

/*
 * One assembler line, the op it must decode to and the fields to check,
 * as "field=value ..." (decimal, negative or 0x hex).  Pseudo fields:
 * @adr (a64_adr_offset), @tb (a64_tb_bit), @sysreg=op0.op1.crn.crm.op2,
 * @flags (insn->flags).
 */
struct asm_case {
	const char *text;
	enum a64_op op;
	const char *fields;
};

#define C(text, op, fields) { text, A64_OP_##op, fields }

static const struct asm_case asm_cases[] = {
	/* PC-rel. addressing */
	C("adr x0, . + 1048575", ADR, "rd=0 immlo=3 immhi=262143 @adr=1048575"),
	C("adr x30, . - 1048576", ADR, "rd=30 immlo=0 immhi=-262144 @adr=-1048576"),
	C("adr x5, . + 1", ADR, "rd=5 immlo=1 immhi=0 @adr=1"),
	C("adrp x1, . + 4096", ADRP, "rd=1 immlo=1 immhi=0 @adr=4096"),
	C("adrp x2, . - 4294967296", ADRP, "rd=2 immlo=0 immhi=-262144 @adr=-4294967296"),
	C("adrp x3, . + 4294963200", ADRP, "rd=3 immlo=3 immhi=262143"),

	/* Add/subtract (immediate) */
	C("add x0, x1, #4095", ADD_imm, "sf=1 sh=0 imm12=4095 rn=1 rd=0 @flags=3"),
	C("add sp, sp, #1, lsl #12", ADD_imm, "sf=1 sh=1 imm12=1 rn=31 rd=31"),
	C("add w3, wsp, #0", ADD_imm, "sf=0 sh=0 imm12=0 rn=31 rd=3"),
	C("adds x2, sp, #12", ADDS_imm, "sf=1 imm12=12 rn=31 rd=2 @flags=2"),
	C("cmn w0, #4095, lsl #12", ADDS_imm, "sf=0 sh=1 imm12=4095 rn=0 rd=31"),
	C("sub sp, sp, #0x10", SUB_imm, "sf=1 sh=0 imm12=16 rn=31 rd=31 @flags=3"),
	C("sub w1, w2, #4095, lsl #12", SUB_imm, "sf=0 sh=1 imm12=4095 rn=2 rd=1"),
	C("cmp x0, #1", SUBS_imm, "sf=1 imm12=1 rn=0 rd=31"),
	C("subs w5, wsp, #7", SUBS_imm, "sf=0 imm12=7 rn=31 rd=5"),

	/* Logical (immediate) */
	C("and x0, x1, #0xff", AND_imm, "sf=1 N=1 immr=0 imms=7 rn=1 rd=0 @flags=1"),
	C("and sp, x2, #0xfffffffffffffffe", AND_imm, "sf=1 N=1 immr=63 imms=62 rn=2 rd=31"),
	C("and w0, w1, #0x55555555", AND_imm, "sf=0 N=0 immr=0 imms=60"),
	C("orr w0, wzr, #0x1", ORR_imm, "sf=0 N=0 immr=0 imms=0 rn=31 rd=0"),
	C("orr x1, x2, #0x0f0f0f0f0f0f0f0f", ORR_imm, "sf=1 N=0 immr=0 imms=51"),
	C("eor x3, x4, #0x8000000000000000", EOR_imm, "sf=1 N=1 immr=1 imms=0 rn=4 rd=3"),
	C("eor wsp, w5, #0xfffffffe", EOR_imm, "sf=0 N=0 immr=31 imms=30 rd=31"),
	C("ands x0, x1, #0x3", ANDS_imm, "sf=1 N=1 immr=0 imms=1 @flags=0"),
	C("tst w0, #0x80000000", ANDS_imm, "sf=0 N=0 immr=1 imms=0 rn=0 rd=31"),

	/* Move wide (immediate) */
	C("movn x0, #0xffff, lsl #48", MOVN, "sf=1 hw=3 imm16=65535 rd=0"),
	C("movn w1, #0", MOVN, "sf=0 hw=0 imm16=0 rd=1"),
	C("movz w0, #0x1234, lsl #16", MOVZ, "sf=0 hw=1 imm16=0x1234 rd=0"),
	C("movz x30, #0xffff, lsl #32", MOVZ, "sf=1 hw=2 imm16=0xffff rd=30"),
	C("movk x2, #0xbeef, lsl #48", MOVK, "sf=1 hw=3 imm16=0xbeef rd=2"),
	C("movk w3, #1", MOVK, "sf=0 hw=0 imm16=1 rd=3"),

	/* Bitfield, extract */
	C("asr x0, x1, #63", SBFM, "sf=1 N=1 immr=63 imms=63 rn=1 rd=0"),
	C("sxtb w2, w3", SBFM, "sf=0 N=0 immr=0 imms=7 rn=3 rd=2"),
	C("sbfm x4, x5, #1, #2", SBFM, "sf=1 N=1 immr=1 imms=2"),
	C("bfi x0, x1, #8, #4", BFM, "sf=1 N=1 immr=56 imms=3"),
	C("bfxil w2, w3, #4, #8", BFM, "sf=0 N=0 immr=4 imms=11 rn=3 rd=2"),
	C("lsl x0, x1, #4", UBFM, "sf=1 N=1 immr=60 imms=59"),
	C("lsr w2, w3, #31", UBFM, "sf=0 N=0 immr=31 imms=31"),
	C("uxth w0, w1", UBFM, "sf=0 immr=0 imms=15"),
	C("extr x0, x1, x2, #63", EXTR, "sf=1 N=1 rm=2 imms=63 rn=1 rd=0"),
	C("ror w3, w4, #5", EXTR, "sf=0 N=0 rm=4 imms=5 rn=4 rd=3"),

	/* Branches */
	C("b . + 134217724", B, "imm26=33554431"),
	C("b . - 134217728", B, "imm26=-33554432"),
	C("bl . + 4", BL, "imm26=1"),
	C("bl . - 4", BL, "imm26=-1"),
	C("b.eq . + 8", B_cond, "cond=0 imm19=2"),
	C("b.nv . - 1048576", B_cond, "cond=15 imm19=-262144"),
	C("b.ge . + 1048572", B_cond, "cond=10 imm19=262143"),
	C("cbz x0, . + 4", CBZ, "sf=1 rt=0 imm19=1"),
	C("cbz wzr, . - 1048576", CBZ, "sf=0 rt=31 imm19=-262144"),
	C("cbnz w30, . - 4", CBNZ, "sf=0 rt=30 imm19=-1"),
	C("cbnz x1, . + 1048572", CBNZ, "sf=1 rt=1 imm19=262143"),
	C("tbz x0, #63, . + 32764", TBZ, "b5=1 b40=31 imm14=8191 rt=0 @tb=63"),
	C("tbz w2, #5, . + 4", TBZ, "b5=0 b40=5 imm14=1 rt=2 @tb=5"),
	C("tbnz w1, #0, . - 32768", TBNZ, "b5=0 b40=0 imm14=-8192 rt=1 @tb=0"),
	C("tbnz x30, #32, . - 4", TBNZ, "b5=1 b40=0 imm14=-1 rt=30 @tb=32"),
	C("br x16", BR, "rn=16"),
	C("br xzr", BR, "rn=31"),
	C("blr x30", BLR, "rn=30"),
	C("blr x0", BLR, "rn=0"),
	C("ret", RET, "rn=30"),
	C("ret x1", RET, "rn=1"),
	C("eret", ERET, ""),

	/* Exception generation */
	C("svc #0", SVC, "imm16=0"),
	C("svc #0xffff", SVC, "imm16=0xffff"),
	C("hvc #1", HVC, "imm16=1"),
	C("smc #0x1234", SMC, "imm16=0x1234"),
	C("brk #0x3e8", BRK, "imm16=1000"),
	C("hlt #0xf000", HLT, "imm16=0xf000"),

	/* Hints, barriers, PSTATE */
	C("nop", NOP, ""),
	C("yield", YIELD, ""),
	C("wfe", WFE, ""),
	C("wfi", WFI, ""),
	C("sev", SEV, ""),
	C("sevl", SEVL, ""),
	C("hint #6", HINT, "crm=0 op2=6"),
	C("hint #127", HINT, "crm=15 op2=7"),
	C("hint #34", HINT, "crm=4 op2=2"),
	C("esb", HINT, "crm=2 op2=0"),
	C("clrex", CLREX, "crm=15"),
	C("clrex #5", CLREX, "crm=5"),
	C("dsb sy", DSB, "crm=15"),
	C("dsb ish", DSB, "crm=11"),
	C("dmb ishld", DMB, "crm=9"),
	C("dmb oshst", DMB, "crm=2"),
	C("isb", ISB, "crm=15"),
	C("isb #3", ISB, "crm=3"),
	C("msr spsel, #1", MSR_imm, "op1=0 op2=5 crm=1"),
	C("msr daifset, #15", MSR_imm, "op1=3 op2=6 crm=15"),
	C("msr daifclr, #2", MSR_imm, "op1=3 op2=7 crm=2"),

	/* System instructions and system register moves */
	C("dc zva, x0", SYS, "op1=3 crn=7 crm=4 op2=1 rt=0"),
	C("ic iallu", SYS, "op1=0 crn=7 crm=5 op2=0 rt=31"),
	C("tlbi vmalle1", SYS, "op1=0 crn=8 crm=7 op2=0 rt=31"),
	C("at s1e1r, x1", SYS, "op1=0 crn=7 crm=8 op2=0 rt=1"),
	C("sys #7, c15, c15, #7, x5", SYS, "op1=7 crn=15 crm=15 op2=7 rt=5"),
	C("sysl x0, #0, c0, c0, #0", SYSL, "op1=0 crn=0 crm=0 op2=0 rt=0"),
	C("sysl x30, #7, c15, c15, #7", SYSL, "op1=7 crn=15 crm=15 op2=7 rt=30"),
	C("msr tpidr_el0, x0", MSR_reg, "o0=1 op1=3 crn=13 crm=0 op2=2 rt=0 @sysreg=3.3.13.0.2"),
	C("msr s2_0_c0_c0_0, x1", MSR_reg, "o0=0 op1=0 crn=0 crm=0 op2=0 rt=1 @sysreg=2.0.0.0.0"),
	C("msr nzcv, xzr", MSR_reg, "rt=31 @sysreg=3.3.4.2.0"),
	C("mrs x0, midr_el1", MRS, "o0=1 op1=0 crn=0 crm=0 op2=0 rt=0 @sysreg=3.0.0.0.0"),
	C("mrs x1, currentel", MRS, "rt=1 @sysreg=3.0.4.2.2"),
	C("mrs x30, s3_7_c15_c15_7", MRS, "o0=1 op1=7 crn=15 crm=15 op2=7 rt=30"),

	/* Logical (shifted register) */
	C("and x0, x1, x2, lsl #63", AND_reg, "sf=1 shift=0 rm=2 imm6=63 rn=1 rd=0 @flags=0"),
	C("and w0, w1, w2, ror #31", AND_reg, "sf=0 shift=3 imm6=31"),
	C("bic x3, x4, x5, asr #1", BIC_reg, "sf=1 shift=2 rm=5 imm6=1 rn=4 rd=3"),
	C("bic w0, wzr, w1", BIC_reg, "sf=0 rn=31 rm=1"),
	C("orr x0, x1, x2, lsr #2", ORR_reg, "sf=1 shift=1 imm6=2"),
	C("mov x0, x1", ORR_reg, "sf=1 rn=31 rm=1 rd=0 imm6=0"),
	C("orn w0, w1, w2, lsl #3", ORN_reg, "sf=0 shift=0 imm6=3"),
	C("mvn x0, x1", ORN_reg, "sf=1 rn=31 rm=1"),
	C("eor x0, x1, x2", EOR_reg, "sf=1 rm=2 rn=1 rd=0"),
	C("eor wzr, w1, w2, asr #5", EOR_reg, "sf=0 shift=2 imm6=5 rd=31"),
	C("eon w3, w4, w5, ror #7", EON_reg, "sf=0 shift=3 imm6=7 rm=5 rn=4 rd=3"),
	C("eon x3, x4, x5", EON_reg, "sf=1"),
	C("ands x0, x1, x2, asr #63", ANDS_reg, "sf=1 shift=2 imm6=63"),
	C("tst w0, w1", ANDS_reg, "sf=0 rd=31 rn=0 rm=1"),
	C("bics x0, x1, x2", BICS_reg, "sf=1 rm=2"),
	C("bics wzr, w1, w2, lsl #1", BICS_reg, "sf=0 rd=31 imm6=1"),

	/* Add/subtract (shifted register) */
	C("add x0, x1, x2, lsl #63", ADD_reg, "sf=1 shift=0 imm6=63 rm=2 rn=1 rd=0 @flags=0"),
	C("add w0, w1, w2, asr #31", ADD_reg, "sf=0 shift=2 imm6=31"),
	C("add x0, x1, xzr", ADD_reg, "rm=31"),
	C("adds x0, x1, x2, lsr #5", ADDS_reg, "sf=1 shift=1 imm6=5"),
	C("cmn w0, w1", ADDS_reg, "sf=0 rd=31 rn=0 rm=1"),
	C("sub x0, x1, x2", SUB_reg, "sf=1 rm=2 rn=1 rd=0"),
	C("neg w0, w1, lsl #3", SUB_reg, "sf=0 rn=31 rm=1 imm6=3"),
	C("subs x0, x1, x2, asr #4", SUBS_reg, "sf=1 shift=2 imm6=4"),
	C("cmp x0, x1", SUBS_reg, "rd=31 rn=0 rm=1"),
	C("negs x2, x3", SUBS_reg, "rd=2 rn=31 rm=3"),

	/* Add/subtract (extended register) */
	C("add x0, sp, w1, uxtw #4", ADD_ext, "sf=1 option=2 imm3=4 rm=1 rn=31 rd=0 @flags=3"),
	C("add sp, sp, x0", ADD_ext, "sf=1 option=3 imm3=0 rn=31 rd=31"),
	C("add w0, w1, w2, sxtb", ADD_ext, "sf=0 option=4 imm3=0"),
	C("adds x0, sp, x1, sxtx #1", ADDS_ext, "sf=1 option=7 imm3=1 rn=31 @flags=2"),
	C("cmn x2, w3, uxth #4", ADDS_ext, "sf=1 option=1 imm3=4 rd=31 rn=2 rm=3"),
	C("sub sp, sp, x1, uxtx #1", SUB_ext, "sf=1 option=3 imm3=1 rd=31 rn=31"),
	C("sub w0, w1, w2, uxtb", SUB_ext, "sf=0 option=0 imm3=0"),
	C("subs x0, x1, w2, sxth #3", SUBS_ext, "sf=1 option=5 imm3=3"),
	C("cmp sp, x1", SUBS_ext, "sf=1 option=3 rd=31 rn=31 rm=1"),

	/* Add/subtract (with carry) */
	C("adc x0, x1, x2", ADC, "sf=1 rm=2 rn=1 rd=0"),
	C("adc wzr, w3, w4", ADC, "sf=0 rd=31"),
	C("adcs x0, x1, x2", ADCS, "sf=1"),
	C("adcs w5, w6, wzr", ADCS, "sf=0 rm=31"),
	C("sbc w0, w1, w2", SBC, "sf=0 rm=2"),
	C("ngc x0, x1", SBC, "sf=1 rn=31 rm=1"),
	C("sbcs x5, x6, x7", SBCS, "sf=1 rd=5 rn=6 rm=7"),
	C("ngcs w0, w1", SBCS, "sf=0 rn=31"),

	/* Conditional compare, conditional select */
	C("ccmn x0, x1, #15, eq", CCMN_reg, "sf=1 rm=1 cond=0 rn=0 nzcv=15"),
	C("ccmn w2, w3, #0, nv", CCMN_reg, "sf=0 cond=15 nzcv=0"),
	C("ccmp x1, x2, #4, ne", CCMP_reg, "sf=1 rm=2 cond=1 rn=1 nzcv=4"),
	C("ccmp wzr, w3, #1, al", CCMP_reg, "sf=0 rn=31 cond=14"),
	C("ccmn x0, #31, #2, lt", CCMN_imm, "sf=1 imm5=31 cond=11 nzcv=2"),
	C("ccmn w1, #0, #0, eq", CCMN_imm, "sf=0 imm5=0 rn=1"),
	C("ccmp w3, #0, #8, hi", CCMP_imm, "sf=0 imm5=0 cond=8 rn=3 nzcv=8"),
	C("ccmp x4, #17, #15, le", CCMP_imm, "sf=1 imm5=17 cond=13"),
	C("csel x0, x1, x2, eq", CSEL, "sf=1 rm=2 cond=0 rn=1 rd=0"),
	C("csel w3, w4, w5, nv", CSEL, "sf=0 cond=15"),
	C("csinc x0, x1, x2, lt", CSINC, "sf=1 cond=11"),
	C("cset w0, eq", CSINC, "sf=0 rn=31 rm=31 cond=1 rd=0"),
	C("csinv x0, x1, x2, ge", CSINV, "sf=1 cond=10"),
	C("csetm x1, lo", CSINV, "sf=1 rn=31 rm=31 cond=2"),
	C("csneg w0, w1, w2, mi", CSNEG, "sf=0 cond=4"),
	C("cneg x0, x1, vs", CSNEG, "sf=1 rn=1 rm=1 cond=7"),

	/* Data-processing (1 source) */
	C("rbit x0, x1", RBIT, "sf=1 rn=1 rd=0"),
	C("rbit w2, w3", RBIT, "sf=0 rn=3 rd=2"),
	C("rev16 x0, x1", REV16, "sf=1"),
	C("rev16 w2, w3", REV16, "sf=0"),
	C("rev32 x0, x1", REV32, "rn=1 rd=0"),
	C("rev32 xzr, x30", REV32, "rn=30 rd=31"),
	C("rev w0, w1", REV, "sf=0 rn=1 rd=0"),
	C("rev x2, x3", REV, "sf=1 rn=3 rd=2"),
	C("clz x0, x1", CLZ, "sf=1"),
	C("clz w30, wzr", CLZ, "sf=0 rn=31 rd=30"),
	C("cls w0, w1", CLS, "sf=0"),
	C("cls x0, x1", CLS, "sf=1"),

	/* Data-processing (2 source) */
	C("udiv x0, x1, x2", UDIV, "sf=1 rm=2 rn=1 rd=0"),
	C("udiv w0, w1, wzr", UDIV, "sf=0 rm=31"),
	C("sdiv w0, w1, w2", SDIV, "sf=0"),
	C("sdiv x3, x4, x5", SDIV, "sf=1 rm=5"),
	C("lslv x0, x1, x2", LSLV, "sf=1"),
	C("lsl w0, w1, w2", LSLV, "sf=0"),
	C("lsr x0, x1, x2", LSRV, "sf=1"),
	C("lsrv w0, w1, w2", LSRV, "sf=0"),
	C("asr w0, w1, w2", ASRV, "sf=0"),
	C("asrv x0, x1, x2", ASRV, "sf=1"),
	C("ror x0, x1, x2", RORV, "sf=1"),
	C("rorv w0, w1, w2", RORV, "sf=0"),
	C("crc32b w0, w1, w2", CRC32, "sf=0 C=0 sz=0 rm=2 rn=1 rd=0"),
	C("crc32h w0, w1, w2", CRC32, "sf=0 C=0 sz=1"),
	C("crc32w w0, w1, w2", CRC32, "sf=0 C=0 sz=2"),
	C("crc32x w0, w1, x2", CRC32, "sf=1 C=0 sz=3"),
	C("crc32cb w0, w1, w2", CRC32, "sf=0 C=1 sz=0"),
	C("crc32ch w0, w1, w2", CRC32, "sf=0 C=1 sz=1"),
	C("crc32cw w0, w1, w2", CRC32, "sf=0 C=1 sz=2"),
	C("crc32cx w3, w4, x5", CRC32, "sf=1 C=1 sz=3 rm=5 rn=4 rd=3"),

	/* Data-processing (3 source) */
	C("madd x0, x1, x2, x3", MADD, "sf=1 rm=2 ra=3 rn=1 rd=0"),
	C("mul w0, w1, w2", MADD, "sf=0 ra=31"),
	C("msub x0, x1, x2, x3", MSUB, "sf=1 ra=3"),
	C("mneg w0, w1, w2", MSUB, "sf=0 ra=31"),
	C("smaddl x0, w1, w2, x3", SMADDL, "rm=2 ra=3 rn=1 rd=0"),
	C("smull x0, w1, w2", SMADDL, "ra=31"),
	C("smsubl x0, w1, w2, x3", SMSUBL, "ra=3"),
	C("smnegl x4, w5, w6", SMSUBL, "ra=31 rd=4"),
	C("smulh x0, x1, x2", SMULH, "rm=2 rn=1 rd=0"),
	C("smulh xzr, xzr, xzr", SMULH, "rm=31 rn=31 rd=31"),
	C("umaddl x0, w1, w2, x3", UMADDL, "ra=3"),
	C("umull x0, w1, w2", UMADDL, "ra=31"),
	C("umsubl x0, w1, w2, x30", UMSUBL, "ra=30"),
	C("umnegl x0, w1, w2", UMSUBL, "ra=31"),
	C("umulh x0, x1, x2", UMULH, "rm=2 rn=1 rd=0"),
	C("umulh x30, x29, x28", UMULH, "rm=28 rn=29 rd=30"),

	/* Load/store exclusive, acquire/release */
	C("stxr w0, x1, [x2]", STXR, "size=3 rs=0 rt=1 rn=2 @flags=2"),
	C("stxrb w3, w4, [sp]", STXR, "size=0 rs=3 rt=4 rn=31"),
	C("stlxr w0, w1, [x2]", STLXR, "size=2 rs=0 rt=1"),
	C("stlxrh w5, w6, [x7]", STLXR, "size=1 rs=5 rt=6 rn=7"),
	C("ldxr x0, [x1]", LDXR, "size=3 rt=0 rn=1"),
	C("ldxrb w2, [sp]", LDXR, "size=0 rt=2 rn=31"),
	C("ldxrh w2, [x3]", LDXR, "size=1"),
	C("ldaxr w0, [x1]", LDAXR, "size=2"),
	C("ldaxrh w2, [x3]", LDAXR, "size=1 rt=2 rn=3"),
	C("stxp w0, x1, x2, [x3]", STXP, "sz=1 rs=0 rt=1 rt2=2 rn=3"),
	C("stxp w4, w5, w6, [sp]", STXP, "sz=0 rs=4 rt=5 rt2=6 rn=31"),
	C("stlxp w0, x1, x2, [x3]", STLXP, "sz=1 rs=0 rt=1 rt2=2"),
	C("stlxp w7, w8, w9, [x10]", STLXP, "sz=0 rs=7"),
	C("ldxp x0, x1, [x2]", LDXP, "sz=1 rt=0 rt2=1 rn=2"),
	C("ldxp w3, w4, [sp]", LDXP, "sz=0 rt=3 rt2=4 rn=31"),
	C("ldaxp x0, x1, [x2]", LDAXP, "sz=1"),
	C("ldaxp w5, w6, [x7]", LDAXP, "sz=0 rt=5 rt2=6"),
	C("stlr x0, [x1]", STLR, "size=3 rt=0 rn=1"),
	C("stlrb w2, [sp]", STLR, "size=0 rn=31"),
	C("stlrh w3, [x4]", STLR, "size=1"),
	C("stlr w5, [x6]", STLR, "size=2"),
	C("ldar w0, [x1]", LDAR, "size=2"),
	C("ldarb w0, [x1]", LDAR, "size=0"),
	C("ldarh w0, [sp]", LDAR, "size=1 rn=31"),
	C("ldar x30, [x29]", LDAR, "size=3 rt=30 rn=29"),

	/* Load register (literal) */
	C("ldr w0, . + 4", LDR_lit, "sf=0 imm19=1 rt=0"),
	C("ldr x1, . - 1048576", LDR_lit, "sf=1 imm19=-262144 rt=1"),
	C("ldrsw x0, . + 1048572", LDRSW_lit, "imm19=262143"),
	C("ldrsw x30, . - 4", LDRSW_lit, "imm19=-1 rt=30"),
	C("prfm pldl1keep, . + 8", PRFM_lit, "rt=0 imm19=2"),
	C("prfm #31, . - 4", PRFM_lit, "rt=31 imm19=-1"),
	C("ldr s0, . + 4", LDR_fp_lit, "opc=0 imm19=1"),
	C("ldr d1, . + 8", LDR_fp_lit, "opc=1 imm19=2 rt=1"),
	C("ldr q31, . - 4", LDR_fp_lit, "opc=2 imm19=-1 rt=31"),

	/* Load/store pairs */
	C("stnp x0, x1, [x2, #504]", STNP, "sf=1 imm7=63 rt=0 rt2=1 rn=2"),
	C("stnp w0, w1, [sp, #-256]", STNP, "sf=0 imm7=-64 rn=31"),
	C("ldnp x0, x1, [x2, #-512]", LDNP, "sf=1 imm7=-64"),
	C("ldnp w3, w4, [x5, #252]", LDNP, "sf=0 imm7=63 rt=3 rt2=4 rn=5"),
	C("stnp s0, s1, [x2, #4]", STNP_fp, "opc=0 imm7=1"),
	C("stnp d0, d1, [sp, #-8]", STNP_fp, "opc=1 imm7=-1 rn=31"),
	C("stnp q0, q1, [x0, #1008]", STNP_fp, "opc=2 imm7=63"),
	C("ldnp q30, q31, [sp, #-1024]", LDNP_fp, "opc=2 imm7=-64 rt=30 rt2=31"),
	C("ldnp s2, s3, [x4]", LDNP_fp, "opc=0 imm7=0"),
	C("stp x29, x30, [sp], #16", STP_post, "sf=1 imm7=2 rt=29 rt2=30 rn=31 @flags=2"),
	C("stp w0, w1, [x2], #-256", STP_post, "sf=0 imm7=-64"),
	C("ldp x29, x30, [sp], #16", LDP_post, "sf=1 imm7=2"),
	C("ldp w0, w1, [x2], #252", LDP_post, "sf=0 imm7=63"),
	C("ldpsw x0, x1, [x2], #-4", LDPSW_post, "imm7=-1 rt=0 rt2=1 rn=2"),
	C("ldpsw x3, x4, [sp], #252", LDPSW_post, "imm7=63"),
	C("stp x0, x1, [sp, #-512]", STP_off, "sf=1 imm7=-64"),
	C("stp wzr, wzr, [x0]", STP_off, "sf=0 imm7=0 rt=31 rt2=31"),
	C("ldp x2, x3, [x4, #8]", LDP_off, "sf=1 imm7=1"),
	C("ldp w2, w3, [x4, #-4]", LDP_off, "sf=0 imm7=-1"),
	C("ldpsw x0, x1, [sp, #252]", LDPSW_off, "imm7=63"),
	C("ldpsw x0, x1, [x5, #-256]", LDPSW_off, "imm7=-64"),
	C("stp x29, x30, [sp, #-16]!", STP_pre, "sf=1 imm7=-2"),
	C("stp w1, w2, [x3, #252]!", STP_pre, "sf=0 imm7=63"),
	C("ldp x0, x1, [x2, #504]!", LDP_pre, "sf=1 imm7=63"),
	C("ldp w0, w1, [sp, #-256]!", LDP_pre, "sf=0 imm7=-64"),
	C("ldpsw x0, x1, [x2, #-256]!", LDPSW_pre, "imm7=-64"),
	C("ldpsw x0, x1, [x2, #8]!", LDPSW_pre, "imm7=2"),
	C("stp d8, d9, [sp], #-16", STP_fp_post, "opc=1 imm7=-2 rt=8 rt2=9"),
	C("stp q0, q1, [x0], #32", STP_fp_post, "opc=2 imm7=2"),
	C("ldp s0, s1, [x0], #4", LDP_fp_post, "opc=0 imm7=1"),
	C("ldp q0, q1, [sp], #-1024", LDP_fp_post, "opc=2 imm7=-64"),
	C("stp q0, q1, [sp, #-1024]", STP_fp_off, "opc=2 imm7=-64"),
	C("stp s4, s5, [x6, #252]", STP_fp_off, "opc=0 imm7=63"),
	C("ldp d0, d1, [x0, #504]", LDP_fp_off, "opc=1 imm7=63"),
	C("ldp q2, q3, [x4]", LDP_fp_off, "opc=2 imm7=0"),
	C("stp s0, s1, [sp, #-8]!", STP_fp_pre, "opc=0 imm7=-2"),
	C("stp d0, d1, [x2, #16]!", STP_fp_pre, "opc=1 imm7=2"),
	C("ldp q2, q3, [x1, #1008]!", LDP_fp_pre, "opc=2 imm7=63"),
	C("ldp s2, s3, [x1, #-4]!", LDP_fp_pre, "opc=0 imm7=-1"),

	/* Load/store register (unscaled immediate) */
	C("stur x0, [x1, #-256]", STUR, "size=3 imm9=-256 rn=1 rt=0"),
	C("sturb w0, [sp, #255]", STUR, "size=0 imm9=255 rn=31"),
	C("sturh w1, [x2, #1]", STUR, "size=1 imm9=1"),
	C("stur w3, [x4, #-1]", STUR, "size=2 imm9=-1"),
	C("ldur x0, [x1, #255]", LDUR, "size=3 imm9=255"),
	C("ldurb w0, [x1]", LDUR, "size=0 imm9=0"),
	C("ldurh w2, [sp, #-256]", LDUR, "size=1 imm9=-256"),
	C("ldur w5, [x6, #3]", LDUR, "size=2 imm9=3"),
	C("ldursb x0, [x1, #-1]", LDURS, "size=0 opc=0 imm9=-1"),
	C("ldursb w0, [x1]", LDURS, "size=0 opc=1"),
	C("ldursh x2, [sp, #255]", LDURS, "size=1 opc=0 imm9=255"),
	C("ldursh w3, [x4, #-256]", LDURS, "size=1 opc=1 imm9=-256"),
	C("ldursw x0, [x1, #-256]", LDURSW, "imm9=-256"),
	C("ldursw x0, [x1, #255]", LDURSW, "imm9=255"),
	C("prfum pldl1keep, [x0, #-256]", PRFUM, "rt=0 imm9=-256"),
	C("prfum #31, [sp, #255]", PRFUM, "rt=31 imm9=255 rn=31"),
	C("stur b0, [x1, #-1]", STUR_fp, "size=0 Q=0 imm9=-1"),
	C("stur h1, [x2]", STUR_fp, "size=1 Q=0"),
	C("stur s2, [sp, #255]", STUR_fp, "size=2 Q=0 imm9=255"),
	C("stur d3, [x4, #-256]", STUR_fp, "size=3 Q=0 imm9=-256"),
	C("stur q4, [x5, #16]", STUR_fp, "size=0 Q=1 imm9=16"),
	C("ldur q31, [sp, #-256]", LDUR_fp, "size=0 Q=1 imm9=-256 rt=31"),
	C("ldur b0, [x0]", LDUR_fp, "size=0 Q=0"),
	C("ldur d1, [x1, #8]", LDUR_fp, "size=3 Q=0 imm9=8"),

	/* Load/store register (immediate post-indexed) */
	C("str x0, [x1], #-256", STR_post, "size=3 imm9=-256"),
	C("strb w0, [sp], #255", STR_post, "size=0 imm9=255 rn=31"),
	C("strh w1, [x2], #2", STR_post, "size=1 imm9=2"),
	C("str w3, [x4], #4", STR_post, "size=2 imm9=4"),
	C("ldr x0, [sp], #16", LDR_post, "size=3 imm9=16"),
	C("ldrb w1, [x2], #-1", LDR_post, "size=0 imm9=-1"),
	C("ldrh w3, [x4], #255", LDR_post, "size=1 imm9=255"),
	C("ldr w5, [x6], #-256", LDR_post, "size=2 imm9=-256"),
	C("ldrsb x0, [x1], #1", LDRS_post, "size=0 opc=0 imm9=1"),
	C("ldrsh w2, [x3], #-2", LDRS_post, "size=1 opc=1 imm9=-2"),
	C("ldrsw x0, [x1], #4", LDRSW_post, "imm9=4"),
	C("ldrsw x0, [sp], #-256", LDRSW_post, "imm9=-256"),
	C("str q0, [sp], #-256", STR_fp_post, "size=0 Q=1 imm9=-256"),
	C("str d1, [x2], #8", STR_fp_post, "size=3 Q=0 imm9=8"),
	C("ldr s0, [x1], #4", LDR_fp_post, "size=2 Q=0"),
	C("ldr b2, [x3], #255", LDR_fp_post, "size=0 Q=0 imm9=255"),

	/* Load/store register (unprivileged) */
	C("sttr x0, [x1, #-256]", STTR, "size=3 imm9=-256"),
	C("sttrb w0, [sp, #255]", STTR, "size=0 imm9=255"),
	C("sttrh w1, [x2]", STTR, "size=1"),
	C("sttr w3, [x4, #1]", STTR, "size=2 imm9=1"),
	C("ldtr x0, [x1]", LDTR, "size=3"),
	C("ldtrb w2, [x3, #-1]", LDTR, "size=0 imm9=-1"),
	C("ldtrh w4, [x5, #2]", LDTR, "size=1"),
	C("ldtr w6, [sp, #255]", LDTR, "size=2 rn=31"),
	C("ldtrsb x0, [x1]", LDTRS, "size=0 opc=0"),
	C("ldtrsh w2, [x3, #-256]", LDTRS, "size=1 opc=1 imm9=-256"),
	C("ldtrsw x0, [sp, #255]", LDTRSW, "imm9=255"),
	C("ldtrsw x1, [x2, #-1]", LDTRSW, "imm9=-1"),

	/* Load/store register (immediate pre-indexed) */
	C("str x0, [sp, #-16]!", STR_pre, "size=3 imm9=-16 rn=31"),
	C("strb w1, [x2, #255]!", STR_pre, "size=0 imm9=255"),
	C("strh w3, [x4, #-256]!", STR_pre, "size=1 imm9=-256"),
	C("ldr x0, [x1, #8]!", LDR_pre, "size=3 imm9=8"),
	C("ldrb w0, [sp, #-1]!", LDR_pre, "size=0 imm9=-1"),
	C("ldrsb w0, [x1, #1]!", LDRS_pre, "size=0 opc=1"),
	C("ldrsh x2, [x3, #-256]!", LDRS_pre, "size=1 opc=0 imm9=-256"),
	C("ldrsw x0, [x1, #255]!", LDRSW_pre, "imm9=255"),
	C("ldrsw x0, [x1, #-8]!", LDRSW_pre, "imm9=-8"),
	C("str q1, [sp, #-32]!", STR_fp_pre, "size=0 Q=1 imm9=-32"),
	C("str h0, [x0, #2]!", STR_fp_pre, "size=1 Q=0 imm9=2"),
	C("ldr d0, [x1, #-8]!", LDR_fp_pre, "size=3 Q=0 imm9=-8"),
	C("ldr q0, [x2, #16]!", LDR_fp_pre, "size=0 Q=1 imm9=16"),

	/* Load/store register (register offset) */
	C("str x0, [x1, x2]", STR_reg, "size=3 option=3 S=0 rm=2 rn=1 rt=0"),
	C("str x0, [x1, x2, lsl #3]", STR_reg, "size=3 option=3 S=1"),
	C("strb w0, [sp, w1, uxtw]", STR_reg, "size=0 option=2 S=0 rn=31"),
	C("strh w3, [x4, w5, sxtw #1]", STR_reg, "size=1 option=6 S=1"),
	C("str w6, [x7, x8, sxtx #2]", STR_reg, "size=2 option=7 S=1"),
	C("ldr x0, [x1, w2, sxtw #3]", LDR_reg, "size=3 option=6 S=1"),
	C("ldrb w0, [x1, x2]", LDR_reg, "size=0 option=3 S=0"),
	C("ldrh w0, [x1, x2, lsl #1]", LDR_reg, "size=1 S=1"),
	C("ldr w0, [sp, xzr]", LDR_reg, "size=2 rm=31 rn=31"),
	C("ldrsb x0, [x1, x2]", LDRS_reg, "size=0 opc=0"),
	C("ldrsh w0, [x1, w2, uxtw #1]", LDRS_reg, "size=1 opc=1 option=2 S=1"),
	C("ldrsw x0, [x1, x2, lsl #2]", LDRSW_reg, "S=1 option=3"),
	C("ldrsw x0, [x1, w2, sxtw]", LDRSW_reg, "S=0 option=6"),
	C("prfm pldl1keep, [x0, x1]", PRFM_reg, "rt=0 rm=1 rn=0"),
	C("prfm pstl3strm, [sp, w2, sxtw #3]", PRFM_reg, "rt=21 option=6 S=1 rn=31"),
	C("str q0, [x1, x2, lsl #4]", STR_fp_reg, "size=0 Q=1 S=1"),
	C("str b0, [x1, x2]", STR_fp_reg, "size=0 Q=0 S=0"),
	C("str d0, [sp, w1, uxtw #3]", STR_fp_reg, "size=3 Q=0 option=2 S=1"),
	C("ldr s0, [x1, x2, lsl #2]", LDR_fp_reg, "size=2 Q=0 S=1"),
	C("ldr h1, [x2, w3, sxtw]", LDR_fp_reg, "size=1 option=6 S=0"),
	C("ldr q2, [x3, x4]", LDR_fp_reg, "size=0 Q=1"),

	/* Load/store register (unsigned immediate) */
	C("str x0, [x1, #32760]", STR_imm, "size=3 imm12=4095 rn=1 rt=0"),
	C("strb w0, [sp]", STR_imm, "size=0 imm12=0 rn=31"),
	C("strh w1, [x2, #8190]", STR_imm, "size=1 imm12=4095"),
	C("str w3, [x4, #4]", STR_imm, "size=2 imm12=1"),
	C("ldr x0, [sp, #8]", LDR_imm, "size=3 imm12=1"),
	C("ldrb w0, [x1, #4095]", LDR_imm, "size=0 imm12=4095"),
	C("ldrh w0, [x1, #2]", LDR_imm, "size=1 imm12=1"),
	C("ldr w0, [x1, #16380]", LDR_imm, "size=2 imm12=4095"),
	C("ldrsb x0, [x1, #4095]", LDRS_imm, "size=0 opc=0 imm12=4095"),
	C("ldrsb w0, [x1]", LDRS_imm, "size=0 opc=1"),
	C("ldrsh x0, [sp, #8190]", LDRS_imm, "size=1 opc=0 imm12=4095"),
	C("ldrsh w0, [x1, #2]", LDRS_imm, "size=1 opc=1 imm12=1"),
	C("ldrsw x0, [x1, #16380]", LDRSW_imm, "imm12=4095"),
	C("ldrsw x0, [sp]", LDRSW_imm, "imm12=0 rn=31"),
	C("prfm pldl1keep, [x0]", PRFM_imm, "rt=0 imm12=0"),
	C("prfm plil2strm, [sp, #32760]", PRFM_imm, "rt=11 imm12=4095"),
	C("str q0, [x0, #65520]", STR_fp_imm, "size=0 Q=1 imm12=4095"),
	C("str b1, [x2, #4095]", STR_fp_imm, "size=0 Q=0 imm12=4095"),
	C("str h2, [x3, #2]", STR_fp_imm, "size=1 Q=0 imm12=1"),
	C("str s3, [x4, #4]", STR_fp_imm, "size=2 Q=0 imm12=1"),
	C("str d4, [sp, #32760]", STR_fp_imm, "size=3 Q=0 imm12=4095"),
	C("ldr q0, [sp]", LDR_fp_imm, "size=0 Q=1 imm12=0"),
	C("ldr d0, [x1, #8]", LDR_fp_imm, "size=3 imm12=1"),
	C("ldr s31, [x30, #16380]", LDR_fp_imm, "size=2 imm12=4095 rt=31 rn=30"),

	/* FMOV (general), Advanced SIMD copy (general) */
	C("fmov w0, s1", FMOV_w_s, "rd=0 rn=1"),
	C("fmov wzr, s31", FMOV_w_s, "rd=31 rn=31"),
	C("fmov s2, w3", FMOV_s_w, "rd=2 rn=3"),
	C("fmov s31, wzr", FMOV_s_w, "rd=31 rn=31"),
	C("fmov x4, d5", FMOV_x_d, "rd=4 rn=5"),
	C("fmov d6, x7", FMOV_d_x, "rd=6 rn=7"),
	C("fmov x8, v9.d[1]", FMOV_x_d1, "rd=8 rn=9"),
	C("fmov v10.d[1], x11", FMOV_d1_x, "rd=10 rn=11"),
	C("dup v0.4s, w1", DUP_gen, "Q=1 imm5=4 rn=1 rd=0"),
	C("dup v0.8b, w2", DUP_gen, "Q=0 imm5=1"),
	C("dup v1.2d, x3", DUP_gen, "Q=1 imm5=8"),
	C("dup v2.4h, w4", DUP_gen, "Q=0 imm5=2"),
	C("ins v0.s[1], w1", INS_gen, "imm5=12 rn=1 rd=0"),
	C("mov v0.d[1], x1", INS_gen, "imm5=24"),
	C("ins v1.b[15], w2", INS_gen, "imm5=31"),
	C("smov x0, v1.s[1]", SMOV, "Q=1 imm5=12"),
	C("smov w0, v1.b[0]", SMOV, "Q=0 imm5=1"),
	C("smov w2, v3.h[7]", SMOV, "Q=0 imm5=30 rn=3 rd=2"),
	C("umov w0, v1.b[15]", UMOV, "Q=0 imm5=31"),
	C("umov x0, v1.d[1]", UMOV, "Q=1 imm5=24"),
	C("mov w0, v1.s[3]", UMOV, "Q=0 imm5=28"),
};

/* Hand-built unallocated words, with the rule that makes them so. */
static const struct {
	u32 word;
	const char *why;
} undef_cases[] = {
	{ 0x00000000, "UDF #0" },
	{ 0x12400000, "logical immediate with sf=0, N=1" },
	{ 0x9200fc00, "logical immediate with reserved imms" },
	{ 0x52c00000, "MOVZ W with hw=2" },
	{ 0x8bc00000, "ADD (shifted) with shift=ROR" },
	{ 0x0b008000, "ADD W (shifted) with imm6=32" },
	{ 0x8b201400, "ADD (extended) with imm3=5" },
	{ 0xf8600800, "LDR (register) with option=000" },
	{ 0x93000000, "SBFM X with N=0" },
	{ 0x13008000, "SBFM W with imms=32" },
	{ 0x7d800000, "STR SIMD&FP with opc<1>=1 and size=01" },
	{ 0xed400000, "LDP SIMD&FP with opc=11" },
	{ 0x4e043c00, "UMOV X from an S element" },
	{ 0x1ac04c00, "CRC32X with sf=0" },
	{ 0x9ac04000, "CRC32B with sf=1" },
	{ 0xf9800000 | (1 << 22), "LDRSW-like with size=11 opc=11" },
	{ 0xd500409f | (1 << 16), "MSR (immediate) with unallocated op1" },
};

/* ---- Helpers --------------------------------------------------------- */

static bool tool_available(const char *tool)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", tool);
	return system(cmd) == 0;
}

/* Best-effort command (cleanup, diagnostics): its status does not matter. */
static void run_quietly(const char *cmd)
{
	int rc = system(cmd);

	(void)rc;
}

static int field_by_name(const char *name, size_t len)
{
	int i;

	for (i = 0; i < A64_NR_FIELDS; i++) {
		const char *f = a64_field_name(i);

		if (strlen(f) == len && !strncmp(f, name, len))
			return i;
	}
	return -1;
}

static bool pattern_has_field(const struct a64_pattern *p, int field)
{
	int i;

	for (i = 0; i < p->nfields; i++)
		if (p->fld[i].field == field)
			return true;
	return false;
}

/*
 * Assemble @n lines in a fresh temp dir; return malloc'd words (exactly
 * one per line) or NULL with a message in @err.
 */
static u32 *assemble(const char *const *lines, size_t n, char *err,
		     size_t errlen)
{
	char dir[] = "/tmp/a64dec.XXXXXX", path[512], cmd[2048];
	u32 *words = NULL;
	FILE *f;
	size_t i;
	long size;

	if (!mkdtemp(dir)) {
		snprintf(err, errlen, "mkdtemp: %s", strerror(errno));
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/t.s", dir);
	f = fopen(path, "w");
	if (!f) {
		snprintf(err, errlen, "cannot create the source file");
		goto out;
	}
	fputs("\t.text\n", f);
	for (i = 0; i < n; i++)
		fprintf(f, "\t%s\n", lines[i]);
	fclose(f);
	snprintf(cmd, sizeof(cmd),
		 "cd %s && " AS " -march=armv8-a+crc -o t.o t.s 2> as.err && "
		 LD " -Ttext=0x200000000 -e 0 -o t.elf t.o && "
		 OBJCOPY " -O binary -j .text t.elf t.bin", dir);
	if (system(cmd)) {
		snprintf(cmd, sizeof(cmd), "head -20 %s/as.err >&2", dir);
		run_quietly(cmd);
		snprintf(err, errlen, "assembler failed (see above)");
		goto out;
	}
	snprintf(path, sizeof(path), "%s/t.bin", dir);
	f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "no binary");
		goto out;
	}
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	if (size != (long)(n * 4)) {
		snprintf(err, errlen, "%ld bytes for %zu lines", size, n);
		fclose(f);
		goto out;
	}
	words = malloc(n * 4);
	if (words && fread(words, 4, n, f) != n) {
		free(words);
		words = NULL;
		snprintf(err, errlen, "short read");
	}
	fclose(f);
out:
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	run_quietly(cmd);
	return words;
}

/*
 * Check @insn against "field=value ..."; return 0 or describe the first
 * mismatch in @msg.
 */
static int check_fields(const struct a64_insn *insn, const char *spec,
			char *msg, size_t msglen)
{
	const struct a64_pattern *p = a64_pattern_at(insn->pattern);
	const char *s = spec;

	while (*s) {
		const char *name = s, *eq = strchr(s, '=');
		long long want, got;
		char *end;
		int field;

		if (!eq) {
			snprintf(msg, msglen, "bad spec '%s'", s);
			return -1;
		}
		if (!strncmp(name, "@sysreg=", 8)) {
			unsigned int v[5];

			if (sscanf(eq + 1, "%u.%u.%u.%u.%u", &v[0], &v[1], &v[2],
				   &v[3], &v[4]) != 5) {
				snprintf(msg, msglen, "bad @sysreg");
				return -1;
			}
			want = A64_SYSREG(v[0], v[1], v[2], v[3], v[4]);
			end = (char *)eq + 1 + strcspn(eq + 1, " ");
		} else {
			want = strtoll(eq + 1, &end, 0);
		}
		if (!strncmp(name, "@adr=", 5)) {
			got = a64_adr_offset(insn);
		} else if (!strncmp(name, "@tb=", 4)) {
			got = a64_tb_bit(insn);
		} else if (!strncmp(name, "@sysreg=", 8)) {
			got = a64_sysreg(insn);
		} else if (!strncmp(name, "@flags=", 7)) {
			got = insn->flags;
		} else {
			field = field_by_name(name, eq - name);
			if (field < 0 || !pattern_has_field(p, field)) {
				snprintf(msg, msglen, "field %.*s not in pattern",
					 (int)(eq - name), name);
				return -1;
			}
			got = insn->f[field];
		}
		if (got != want) {
			snprintf(msg, msglen, "%.*s = %lld, want %lld",
				 (int)(eq - name), name, got, want);
			return -1;
		}
		s = end;
		while (*s == ' ')
			s++;
	}
	return 0;
}

/* ---- 1, 2: assembled instructions, coverage ---------------------------- */

TEST(init)
{
	ASSERT_EQ(0, a64_decoder_init());
	ASSERT_EQ(0, a64_decoder_init());	/* idempotent */
	EXPECT_STREQ("UNDEF", a64_op_name(A64_OP_UNDEF));
	EXPECT_STREQ("ADD_imm", a64_op_name(A64_OP_ADD_imm));
	EXPECT_STREQ("imm12", a64_field_name(A64_F_imm12));
	EXPECT_STREQ("eq", a64_cond_name(0));
	EXPECT_STREQ("cs", a64_cond_name(2));
	EXPECT_STREQ("nv", a64_cond_name(15));
	EXPECT_EQ(-1, a64_sext(0x1ff, 9));
	EXPECT_EQ(255, a64_sext(0xff, 9));
	EXPECT_EQ(-33554432, a64_sext(0x2000000, 26));
}

TEST(assembled_instructions)
{
	size_t n = ARRAY_SIZE(asm_cases), i, bad = 0;
	const char **lines = calloc(n, sizeof(*lines));
	char err[256];
	u32 *words;

	ASSERT_EQ(0, a64_decoder_init());
	ASSERT_TRUE(tool_available(AS) && tool_available(LD) &&
		    tool_available(OBJCOPY));
	ASSERT_NE(NULL, lines);
	for (i = 0; i < n; i++)
		lines[i] = asm_cases[i].text;
	words = assemble(lines, n, err, sizeof(err));
	if (!words)
		TH_LOG("%s", err);
	ASSERT_NE(NULL, words);
	for (i = 0; i < n; i++) {
		const struct asm_case *c = &asm_cases[i];
		struct a64_insn insn;
		char msg[128];

		a64_decode(words[i], &insn);
		if (insn.op != c->op) {
			TH_LOG("'%s' (%08x): %s, want %s", c->text, words[i],
			       a64_op_name(insn.op), a64_op_name(c->op));
			bad++;
			continue;
		}
		if (insn.raw != words[i] ||
		    check_fields(&insn, c->fields, msg, sizeof(msg))) {
			TH_LOG("'%s' (%08x): %s", c->text, words[i], msg);
			bad++;
		}
	}
	free(words);
	free(lines);
	EXPECT_EQ(0, bad);
}

TEST(unallocated_words)
{
	size_t i;

	ASSERT_EQ(0, a64_decoder_init());
	for (i = 0; i < ARRAY_SIZE(undef_cases); i++) {
		struct a64_insn insn;

		insn.op = A64_OP_NOP;
		a64_decode(undef_cases[i].word, &insn);
		if (insn.op != A64_OP_UNDEF)
			TH_LOG("%08x (%s) decodes as %s", undef_cases[i].word,
			       undef_cases[i].why, a64_op_name(insn.op));
		EXPECT_EQ(A64_OP_UNDEF, insn.op);
		EXPECT_EQ(undef_cases[i].word, insn.raw);
	}
}

/* Every op, and every line of insns.def, is hit by an assembled case. */
TEST(coverage)
{
	size_t n = ARRAY_SIZE(asm_cases), i, missing = 0;
	unsigned int np = a64_nr_patterns();
	const char **lines = calloc(n, sizeof(*lines));
	bool op_seen[A64_NR_OPS] = { false };
	bool *pat_seen = calloc(np, sizeof(bool));
	char err[256];
	u32 *words;

	ASSERT_EQ(0, a64_decoder_init());
	ASSERT_NE(NULL, lines);
	ASSERT_NE(NULL, pat_seen);
	for (i = 0; i < n; i++) {
		lines[i] = asm_cases[i].text;
		op_seen[asm_cases[i].op] = true;
	}
	for (i = 1; i < A64_NR_OPS; i++) {
		if (!op_seen[i]) {
			TH_LOG("op %s has no test line", a64_op_name(i));
			missing++;
		}
	}
	words = assemble(lines, n, err, sizeof(err));
	ASSERT_NE(NULL, words);
	for (i = 0; i < n; i++) {
		struct a64_insn insn;

		if (a64_decode(words[i], &insn) != A64_OP_UNDEF)
			pat_seen[insn.pattern] = true;
	}
	for (i = 0; i < np; i++) {
		if (!pat_seen[i]) {
			TH_LOG("pattern %s \"%s\" has no test line",
			       a64_op_name(a64_pattern_at(i)->op),
			       a64_pattern_at(i)->text);
			missing++;
		}
	}
	free(words);
	free(lines);
	free(pat_seen);
	EXPECT_EQ(0, missing);
}

/* ---- 4: ambiguity ----------------------------------------------------- */

/*
 * Overlaps the table means to have: a specific line carved out of a
 * general one.  Any other overlap is a mistake in insns.def.
 */
static const struct {
	enum a64_op specific, general;
} allowed_overlaps[] = {
	{ A64_OP_NOP, A64_OP_HINT },
	{ A64_OP_YIELD, A64_OP_HINT },
	{ A64_OP_WFE, A64_OP_HINT },
	{ A64_OP_WFI, A64_OP_HINT },
	{ A64_OP_SEV, A64_OP_HINT },
	{ A64_OP_SEVL, A64_OP_HINT },
};

static bool overlap_allowed(enum a64_op a, enum a64_op b)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(allowed_overlaps); i++)
		if (allowed_overlaps[i].specific == a &&
		    allowed_overlaps[i].general == b)
			return true;
	return false;
}

TEST(no_ambiguity)
{
	unsigned int np = a64_nr_patterns(), i, j, bad = 0, overlaps = 0;

	ASSERT_EQ(0, a64_decoder_init());
	for (i = 0; i < np; i++) {
		const struct a64_pattern *a = a64_pattern_at(i);

		for (j = i + 1; j < np; j++) {
			const struct a64_pattern *b = a64_pattern_at(j);
			const struct a64_pattern *spec, *gen;
			int pa = __builtin_popcount(a->mask);
			int pb = __builtin_popcount(b->mask);

			if ((a->value ^ b->value) & a->mask & b->mask)
				continue;	/* disjoint */
			overlaps++;
			if (pa == pb) {
				TH_LOG("ambiguous: %s \"%s\" and %s \"%s\"",
				       a64_op_name(a->op), a->text,
				       a64_op_name(b->op), b->text);
				bad++;
				continue;
			}
			spec = pa > pb ? a : b;
			gen = pa > pb ? b : a;
			/* The specific line must refine the general one. */
			if ((spec->mask & gen->mask) != gen->mask ||
			    !overlap_allowed(spec->op, gen->op)) {
				TH_LOG("unintended overlap: %s \"%s\" in %s \"%s\"",
				       a64_op_name(spec->op), spec->text,
				       a64_op_name(gen->op), gen->text);
				bad++;
			}
		}
	}
	EXPECT_EQ(ARRAY_SIZE(allowed_overlaps), overlaps);
	EXPECT_EQ(0, bad);
}

/* ---- 3: random words against objdump ---------------------------------- */

/*
 * objdump mnemonics each op may print, aliases included (an op may have
 * several rows).  A trailing '%' stands for the size suffix of the insn's
 * size field (b, h or none); a trailing '*' matches any suffix.
 */
static const struct {
	enum a64_op op;
	const char *mnems;
} op_mnems[] = {
#define M(op, m) { A64_OP_##op, m }
	M(ADR, "adr"), M(ADRP, "adrp"),
	M(ADD_imm, "add mov"), M(ADDS_imm, "adds cmn"),
	M(SUB_imm, "sub"), M(SUBS_imm, "subs cmp"),
	M(AND_imm, "and"), M(ORR_imm, "orr mov"), M(EOR_imm, "eor"),
	M(ANDS_imm, "ands tst"),
	M(MOVN, "movn mov"), M(MOVZ, "movz mov"), M(MOVK, "movk"),
	M(SBFM, "sbfm asr sbfiz sbfx sxtb sxth sxtw"),
	M(BFM, "bfm bfi bfxil bfc"),
	M(UBFM, "ubfm lsl lsr ubfiz ubfx uxtb uxth"),
	M(EXTR, "extr ror"),
	M(B, "b"), M(BL, "bl"), M(B_cond, "b.*"),
	M(CBZ, "cbz"), M(CBNZ, "cbnz"), M(TBZ, "tbz"), M(TBNZ, "tbnz"),
	M(BR, "br"), M(BLR, "blr"), M(RET, "ret"), M(ERET, "eret"),
	M(SVC, "svc"), M(HVC, "hvc"), M(SMC, "smc"), M(BRK, "brk"),
	M(HLT, "hlt"),
	M(NOP, "nop"), M(YIELD, "yield"), M(WFE, "wfe"), M(WFI, "wfi"),
	M(SEV, "sev"), M(SEVL, "sevl"),
	M(HINT, "hint dgh xpaclri pacia1716 pacib1716 autia1716 autib1716"),
	M(HINT, "esb psb tsb csdb bti paciaz paciasp pacibz pacibsp"),
	M(HINT, "autiaz autiasp autibz autibsp clearbhb chkfeat gcsb stshh"),
	M(CLREX, "clrex"), M(DSB, "dsb ssbb pssbb"), M(DMB, "dmb"),
	M(ISB, "isb"),
	M(MSR_imm, "msr"),
	M(SYS, "sys dc ic at tlbi cfp dvp cpp brb cosp"),
	M(SYSL, "sysl"), M(MSR_reg, "msr"), M(MRS, "mrs"),
	M(AND_reg, "and"), M(BIC_reg, "bic"), M(ORR_reg, "orr mov"),
	M(ORN_reg, "orn mvn"), M(EOR_reg, "eor"), M(EON_reg, "eon"),
	M(ANDS_reg, "ands tst"), M(BICS_reg, "bics"),
	M(ADD_reg, "add"), M(ADDS_reg, "adds cmn"), M(SUB_reg, "sub neg"),
	M(SUBS_reg, "subs cmp negs"),
	M(ADD_ext, "add"), M(ADDS_ext, "adds cmn"), M(SUB_ext, "sub"),
	M(SUBS_ext, "subs cmp"),
	M(ADC, "adc"), M(ADCS, "adcs"), M(SBC, "sbc ngc"),
	M(SBCS, "sbcs ngcs"),
	M(CCMN_reg, "ccmn"), M(CCMP_reg, "ccmp"), M(CCMN_imm, "ccmn"),
	M(CCMP_imm, "ccmp"),
	M(CSEL, "csel"), M(CSINC, "csinc cset cinc"),
	M(CSINV, "csinv csetm cinv"), M(CSNEG, "csneg cneg"),
	M(RBIT, "rbit"), M(REV16, "rev16"), M(REV32, "rev32"),
	M(REV, "rev"), M(CLZ, "clz"), M(CLS, "cls"),
	M(UDIV, "udiv"), M(SDIV, "sdiv"), M(LSLV, "lsl lslv"),
	M(LSRV, "lsr lsrv"), M(ASRV, "asr asrv"), M(RORV, "ror rorv"),
	M(CRC32, "crc32b crc32h crc32w crc32x"),
	M(CRC32, "crc32cb crc32ch crc32cw crc32cx"),
	M(MADD, "madd mul"), M(MSUB, "msub mneg"),
	M(SMADDL, "smaddl smull"), M(SMSUBL, "smsubl smnegl"),
	M(SMULH, "smulh"), M(UMADDL, "umaddl umull"),
	M(UMSUBL, "umsubl umnegl"), M(UMULH, "umulh"),
	M(STXR, "stxr%"), M(STLXR, "stlxr%"), M(LDXR, "ldxr%"),
	M(LDAXR, "ldaxr%"), M(STXP, "stxp"), M(STLXP, "stlxp"),
	M(LDXP, "ldxp"), M(LDAXP, "ldaxp"), M(STLR, "stlr%"),
	M(LDAR, "ldar%"),
	M(LDR_lit, "ldr"), M(LDRSW_lit, "ldrsw"), M(PRFM_lit, "prfm"),
	M(LDR_fp_lit, "ldr"),
	M(STNP, "stnp"), M(LDNP, "ldnp"), M(STNP_fp, "stnp"),
	M(LDNP_fp, "ldnp"),
	M(STP_post, "stp"), M(LDP_post, "ldp"), M(LDPSW_post, "ldpsw"),
	M(STP_off, "stp"), M(LDP_off, "ldp"), M(LDPSW_off, "ldpsw"),
	M(STP_pre, "stp"), M(LDP_pre, "ldp"), M(LDPSW_pre, "ldpsw"),
	M(STP_fp_post, "stp"), M(LDP_fp_post, "ldp"),
	M(STP_fp_off, "stp"), M(LDP_fp_off, "ldp"),
	M(STP_fp_pre, "stp"), M(LDP_fp_pre, "ldp"),
	M(STUR, "stur%"), M(LDUR, "ldur%"), M(LDURS, "ldurs%"),
	M(LDURSW, "ldursw"), M(PRFUM, "prfum"), M(STUR_fp, "stur"),
	M(LDUR_fp, "ldur"),
	M(STR_post, "str%"), M(LDR_post, "ldr%"), M(LDRS_post, "ldrs%"),
	M(LDRSW_post, "ldrsw"), M(STR_fp_post, "str"),
	M(LDR_fp_post, "ldr"),
	M(STTR, "sttr%"), M(LDTR, "ldtr%"), M(LDTRS, "ldtrs%"),
	M(LDTRSW, "ldtrsw"),
	M(STR_pre, "str%"), M(LDR_pre, "ldr%"), M(LDRS_pre, "ldrs%"),
	M(LDRSW_pre, "ldrsw"), M(STR_fp_pre, "str"), M(LDR_fp_pre, "ldr"),
	M(STR_reg, "str%"), M(LDR_reg, "ldr%"), M(LDRS_reg, "ldrs%"),
	M(LDRSW_reg, "ldrsw"), M(PRFM_reg, "prfm"), M(STR_fp_reg, "str"),
	M(LDR_fp_reg, "ldr"),
	M(STR_imm, "str%"), M(LDR_imm, "ldr%"), M(LDRS_imm, "ldrs%"),
	M(LDRSW_imm, "ldrsw"), M(PRFM_imm, "prfm"), M(STR_fp_imm, "str"),
	M(LDR_fp_imm, "ldr"),
	M(FMOV_w_s, "fmov"), M(FMOV_s_w, "fmov"), M(FMOV_x_d, "fmov"),
	M(FMOV_d_x, "fmov"), M(FMOV_x_d1, "fmov"), M(FMOV_d1_x, "fmov"),
	M(DUP_gen, "dup"), M(INS_gen, "ins mov"), M(SMOV, "smov"),
	M(UMOV, "umov mov"),
#undef M
};

static bool has_mnems(enum a64_op op)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(op_mnems); i++)
		if (op_mnems[i].op == op)
			return true;
	return false;
}

/* Is @mnem one of the space-separated names of @list for @insn? */
static bool mnem_in_list(const struct a64_insn *insn, const char *list,
			 const char *mnem)
{
	static const char *const size_suffix[] = { "b", "h", "", "" };
	char want[32];
	const char *s;

	for (s = list; *s; ) {
		size_t len = strcspn(s, " ");

		snprintf(want, sizeof(want), "%.*s", (int)len, s);
		if (len && want[len - 1] == '%') {
			want[len - 1] = 0;
			strcat(want, size_suffix[insn->f[A64_F_size] & 3]);
			if (!strcmp(want, mnem))
				return true;
		} else if (len && want[len - 1] == '*') {
			if (!strncmp(want, mnem, len - 1))
				return true;
		} else if (!strcmp(want, mnem)) {
			return true;
		}
		s += len;
		while (*s == ' ')
			s++;
	}
	return false;
}

/* Does objdump's @mnem belong to the family of @insn? */
static bool mnem_matches(const struct a64_insn *insn, const char *mnem)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(op_mnems); i++)
		if (op_mnems[i].op == insn->op &&
		    mnem_in_list(insn, op_mnems[i].mnems, mnem))
			return true;
	return false;
}

TEST(every_op_has_mnemonics)
{
	int op;

	for (op = 1; op < A64_NR_OPS; op++) {
		if (!has_mnems(op))
			TH_LOG("no objdump mnemonics for %s", a64_op_name(op));
		EXPECT_TRUE(has_mnems(op));
	}
}

static u32 xorshift32(u32 *state)
{
	u32 x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x;
}

#define NR_UNIFORM	300000
#define NR_PER_PATTERN	512
#define NR_FLIPS	4

/*
 * Uniform random words, plus words built from each pattern: its fixed bits
 * with random fields, and the same with one fixed bit flipped (which
 * probes the edges of every encoding).
 */
static u32 *make_words(u32 seed, size_t *count)
{
	unsigned int np = a64_nr_patterns(), i, k, b;
	size_t n = 0, max = NR_UNIFORM + (size_t)np * (NR_PER_PATTERN + 32 * NR_FLIPS);
	u32 *w = malloc(max * sizeof(*w));
	u32 st = seed ? seed : 1;

	if (!w)
		return NULL;
	for (i = 0; i < NR_UNIFORM; i++)
		w[n++] = xorshift32(&st);
	for (i = 0; i < np; i++) {
		const struct a64_pattern *p = a64_pattern_at(i);

		for (k = 0; k < NR_PER_PATTERN; k++)
			w[n++] = p->value | (xorshift32(&st) & ~p->mask);
		for (b = 0; b < 32; b++) {
			if (!(p->mask & (1U << b)))
				continue;
			for (k = 0; k < NR_FLIPS; k++)
				w[n++] = (p->value | (xorshift32(&st) & ~p->mask)) ^
					 (1U << b);
		}
	}
	*count = n;
	return w;
}

FIXTURE(objdump) {
	char dir[64];
};

FIXTURE_SETUP(objdump)
{
	strcpy(self->dir, "/tmp/a64dec.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
}

FIXTURE_TEARDOWN(objdump)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", self->dir);
	run_quietly(cmd);
}

TEST_F_TIMEOUT(objdump, random_words, 300)
{
	const char *env = getenv("A64_DECODE_SEED");
	u32 seed = env ? strtoul(env, NULL, 0) : 0x5eed1234;
	size_t n, i, checked = 0, bad = 0, undef_bad = 0, accepted = 0;
	char path[128], cmd[512], line[512];
	u32 *words;
	FILE *f;

	ASSERT_EQ(0, a64_decoder_init());
	ASSERT_TRUE(tool_available(OBJDUMP));
	TH_LOG("seed 0x%08x (set A64_DECODE_SEED to change)", seed);
	words = make_words(seed, &n);
	ASSERT_NE(NULL, words);

	snprintf(path, sizeof(path), "%s/w.bin", self->dir);
	f = fopen(path, "wb");
	ASSERT_NE(NULL, f);
	ASSERT_EQ(n, fwrite(words, 4, n, f));
	fclose(f);
	snprintf(cmd, sizeof(cmd),
		 OBJDUMP " -D -z -b binary -m aarch64 --no-show-raw-insn %s",
		 path);
	f = popen(cmd, "r");
	ASSERT_NE(NULL, f);
	while (fgets(line, sizeof(line), f)) {
		struct a64_insn insn, ref;
		unsigned long addr;
		char mnem[64];
		bool undef;

		if (sscanf(line, " %lx:\t%63s", &addr, mnem) != 2 ||
		    addr % 4 || addr / 4 >= n)
			continue;
		i = addr / 4;
		checked++;
		a64_decode(words[i], &insn);
		a64_decode_linear(words[i], &ref);
		if (memcmp(&insn, &ref, sizeof(insn))) {
			if (bad++ < 20)
				TH_LOG("seed 0x%08x word %08x: dispatch %s, linear %s",
				       seed, words[i], a64_op_name(insn.op),
				       a64_op_name(ref.op));
		}
		undef = !strcmp(mnem, ".inst") || !strcmp(mnem, "udf") ||
			strstr(line, "undefined");
		if (insn.op == A64_OP_UNDEF)
			continue;
		accepted++;
		if (undef) {
			if (undef_bad++ < 30)
				TH_LOG("seed 0x%08x word %08x: we decode %s, objdump: %s",
				       seed, words[i], a64_op_name(insn.op),
				       strtok(line, "\n"));
		} else if (!mnem_matches(&insn, mnem)) {
			if (bad++ < 30)
				TH_LOG("seed 0x%08x word %08x: we decode %s, objdump: %s",
				       seed, words[i], a64_op_name(insn.op),
				       strtok(line, "\n"));
		}
	}
	ASSERT_EQ(0, pclose(f));
	TH_LOG("%zu words, %zu accepted by the decoder", checked, accepted);
	EXPECT_EQ(n, checked);
	EXPECT_EQ(0, undef_bad);
	EXPECT_EQ(0, bad);
	free(words);
}

/* ---- 5: bitmask immediates -------------------------------------------- */

/* Every logical immediate, built from its definition (not the decoder). */
static size_t all_logical_immediates(u64 *out, bool is64)
{
	unsigned int esize, s, r;
	size_t n = 0;

	for (esize = 2; esize <= (is64 ? 64U : 32U); esize *= 2) {
		for (s = 1; s < esize; s++) {
			for (r = 0; r < esize; r++) {
				u64 emask = esize == 64 ? ~0ULL : (1ULL << esize) - 1;
				u64 e = (1ULL << s) - 1, v;
				unsigned int k;

				if (r)
					e = ((e >> r) | (e << (esize - r))) & emask;
				v = e;
				for (k = esize; k < 64; k *= 2)
					v |= v << k;
				out[n++] = is64 ? v : v & 0xffffffffULL;
			}
		}
	}
	return n;
}

TEST(bitmask_immediates)
{
	static u64 imms[6000];
	int pass;

	ASSERT_EQ(0, a64_decoder_init());
	for (pass = 0; pass < 2; pass++) {
		bool is64 = pass == 0;
		size_t n = all_logical_immediates(imms, is64), i, bad = 0;
		char **lines = calloc(n, sizeof(*lines));
		char err[256];
		u32 *words;

		ASSERT_EQ(is64 ? 5334 : 1302, n);
		ASSERT_NE(NULL, lines);
		for (i = 0; i < n; i++) {
			lines[i] = malloc(64);
			ASSERT_NE(NULL, lines[i]);
			snprintf(lines[i], 64, is64 ? "and x0, x0, #0x%llx" :
				 "and w0, w0, #0x%llx",
				 (unsigned long long)imms[i]);
		}
		words = assemble((const char *const *)lines, n, err,
				 sizeof(err));
		if (!words)
			TH_LOG("%s", err);
		ASSERT_NE(NULL, words);
		for (i = 0; i < n; i++) {
			struct a64_insn insn;
			u64 wmask = 0, tmask = 0;
			u64 want = imms[i];
			bool ok;

			a64_decode(words[i], &insn);
			ok = insn.op == A64_OP_AND_imm &&
			     a64_decode_bit_masks(insn.f[A64_F_N],
						  insn.f[A64_F_imms],
						  insn.f[A64_F_immr], is64,
						  &wmask, &tmask);
			if (!is64)
				wmask &= 0xffffffffULL;
			if (!ok || wmask != want) {
				if (bad++ < 20)
					TH_LOG("'%s' (%08x): %s wmask %llx",
					       lines[i], words[i],
					       a64_op_name(insn.op),
					       (unsigned long long)wmask);
			}
			free(lines[i]);
		}
		EXPECT_EQ(0, bad);
		free(words);
		free(lines);
	}
}

/*
 * Element size (log2) of N:imms per the Arm ARM, and whether that encoding
 * is a valid logical immediate, written independently of the decoder.
 */
static bool logical_encoding_valid(unsigned int n, unsigned int imms,
				   bool is64, unsigned int *len)
{
	unsigned int inv = ~imms & 0x3f, ones;

	if (n)
		*len = 6;
	else if (inv)
		*len = 31 - __builtin_clz(inv);
	else
		*len = 0;
	ones = (1U << *len) - 1;
	if (*len < 1 || (imms & ones) == ones)
		return false;	/* no element size, or all ones */
	return is64 || !n;
}

/* The encodings the helper accepts are exactly the architectural ones. */
TEST(bitmask_reserved)
{
	unsigned int n, immr, imms, len, valid64 = 0, valid32 = 0;
	u64 w, t;

	for (n = 0; n < 2; n++) {
		for (immr = 0; immr < 64; immr++) {
			for (imms = 0; imms < 64; imms++) {
				bool ok64 = logical_encoding_valid(n, imms, true,
								   &len);
				bool ok32 = logical_encoding_valid(n, imms,
								   false, &len);

				EXPECT_EQ(ok64, a64_decode_bit_masks(n, imms, immr,
								     true, &w, &t));
				EXPECT_EQ(ok32, a64_decode_bit_masks(n, imms, immr,
								     false, &w, &t));
				valid64 += ok64 && immr < (1U << len);
				valid32 += ok32 && immr < (1U << len);
			}
		}
	}
	/* Canonical encodings (immr below the element size), one per value. */
	EXPECT_EQ(5334, valid64);
	EXPECT_EQ(1302, valid32);
	/* N=0, imms=111111 has no element size; N=0 imms=11110x are 2-bit. */
	EXPECT_FALSE(a64_decode_bit_masks(0, 0x3f, 0, true, &w, &t));
	EXPECT_FALSE(a64_decode_bit_masks(0, 0x3d, 0, true, &w, &t));
	EXPECT_TRUE(a64_decode_bit_masks(0, 0x3c, 1, true, &w, &t));
	EXPECT_EQ(0xaaaaaaaaaaaaaaaaULL, w);
}

/* Bitfield form: tmask/wmask as the Arm ARM's UBFM/SBFM pseudocode uses. */
TEST(bitfield_masks)
{
	u64 w, t;

	/* LSL X, #4 = UBFM immr=60 imms=59: wmask = ROR(ones(60), 60). */
	ASSERT_TRUE(a64_decode_bitfield_masks(1, 59, 60, true, &w, &t));
	EXPECT_EQ(0xfffffffffffffff0ULL, w);
	EXPECT_EQ(~0ULL, t);
	/* ASR X, #63 = SBFM immr=63 imms=63: reserved as a logical imm. */
	EXPECT_FALSE(a64_decode_bit_masks(1, 63, 63, true, &w, &t));
	ASSERT_TRUE(a64_decode_bitfield_masks(1, 63, 63, true, &w, &t));
	EXPECT_EQ(~0ULL, w);
	EXPECT_EQ(1ULL, t);
	/* UBFX W, #8, #4 = UBFM immr=8 imms=11. */
	ASSERT_TRUE(a64_decode_bitfield_masks(0, 11, 8, false, &w, &t));
	EXPECT_EQ(0xff00000fULL, w & 0xffffffffULL);
	EXPECT_EQ(0xfULL, t & 0xffffffffULL);
	EXPECT_FALSE(a64_decode_bitfield_masks(1, 11, 8, false, &w, &t));
}

TEST_HARNESS_MAIN

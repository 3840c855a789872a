// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the x86-64 encoder (module/engine/x86/emit.h).
 *
 * Each test emits a sequence of instructions and records, for every emit
 * call, the text that objdump's Intel syntax must print for it and where
 * the instruction must end.  The buffer is then disassembled with objdump
 * and compared line by line, so both the operands and the instruction
 * boundaries are checked.  Exact bytes are checked where the choice of
 * encoding matters (disp8 vs disp32, imm8, short branches), and a few
 * sequences are executed to check what they compute.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

/* the engine header first: the harness defines ARRAY_SIZE only if unset */
#include "x86/emit.h"
#include "kselftest_harness.h"

#define BUF_SIZE	(256 * 1024)
#define MAX_LINES	16384
#define NO_END		(-1L)

static const char *const r64[] = {
	"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};

static const char *const r32[] = {
	"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
	"r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d",
};

static const char *const r16[] = {
	"ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
	"r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w",
};

static const char *const r8[] = {
	"al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
	"r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b",
};

static const char *const cc_names[] = {
	"o", "no", "b", "ae", "e", "ne", "be", "a",
	"s", "ns", "p", "np", "l", "ge", "le", "g",
};

static const char *const alu_names[] = {
	"add", "or", "adc", "sbb", "and", "sub", "xor", "cmp",
};

static const unsigned int sizes[] = { 8, 16, 32, 64 };

static const char *reg_name(unsigned int bits, unsigned int r)
{
	switch (bits) {
	case 8:
		return r8[r];
	case 16:
		return r16[r];
	case 32:
		return r32[r];
	}
	return r64[r];
}

static const char *ptr_name(unsigned int bits)
{
	switch (bits) {
	case 8:
		return "BYTE PTR ";
	case 16:
		return "WORD PTR ";
	case 32:
		return "DWORD PTR ";
	case 128:
		return "XMMWORD PTR ";
	}
	return "QWORD PTR ";
}

/* An immediate as objdump prints it: truncated to the operand size. */
static unsigned long long imm_text(unsigned int bits, long long imm)
{
	if (bits == 64)
		return (unsigned long long)imm;
	return (unsigned long long)imm & ((1ULL << bits) - 1);
}

struct seq {
	struct x86_emitter e;
	u8 *buf;
	int n;
	char *text[MAX_LINES];
	long end[MAX_LINES];
	char mem[128];		/* last operand made by mem_text() */
	long rip_comment;	/* target offset of a RIP operand, or -1 */
};

static struct seq *seq_new(void)
{
	struct seq *s = calloc(1, sizeof(*s));

	if (!s)
		abort();
	/* page aligned so objdump's addresses have the buffer's alignment */
	s->buf = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (s->buf == MAP_FAILED)
		abort();
	x86_emit_init(&s->e, s->buf, BUF_SIZE);
	s->rip_comment = -1;
	return s;
}

static void seq_free(struct seq *s)
{
	int i;

	for (i = 0; i < s->n; i++)
		free(s->text[i]);
	munmap(s->buf, BUF_SIZE);
	free(s);
}

/* An address @off bytes from @p, possibly far outside its object. */
static void *addr_at(const void *p, long off)
{
	return (void *)((unsigned long)p + off);
}

static long offset_of(struct seq *s, const void *p)
{
	return (const u8 *)p - s->buf;
}

/* Record the text of the instruction(s) just emitted, ending at @end. */
static int vexpect_at(struct seq *s, long end, const char *fmt, va_list ap)
{
	char *t, *full;

	if (s->n >= MAX_LINES || vasprintf(&t, fmt, ap) < 0)
		abort();
	if (s->rip_comment >= 0) {
		if (asprintf(&full, "%s # 0x%lx", t, s->rip_comment) < 0)
			abort();
		free(t);
		t = full;
		s->rip_comment = -1;
	}
	s->text[s->n] = t;
	s->end[s->n] = end;
	return s->n++;
}

/* The last emit call produced exactly this one instruction. */
static int
expect(struct seq *s, const char *fmt, ...)
{
	va_list ap;
	int i;

	va_start(ap, fmt);
	i = vexpect_at(s, offset_of(s, s->e.cur), fmt, ap);
	va_end(ap);
	return i;
}

/* One of several instructions of the last call: end not checked. */
static int
expect_part(struct seq *s, const char *fmt, ...)
{
	va_list ap;
	int i;

	va_start(ap, fmt);
	i = vexpect_at(s, NO_END, fmt, ap);
	va_end(ap);
	return i;
}

/* Replace the text of line @i (a branch patched later). */
static void
expect_set(struct seq *s, int i, const char *fmt, ...)
{
	va_list ap;

	free(s->text[i]);
	va_start(ap, fmt);
	if (vasprintf(&s->text[i], fmt, ap) < 0)
		abort();
	va_end(ap);
}

/*
 * The text of memory operand @m in objdump's syntax.  A RIP-relative
 * operand prints as "[rip]" (the displacement is normalised away) and
 * the target objdump computes in its comment is checked instead.
 */
static const char *mem_text(struct seq *s, const struct x86_mem *m)
{
	char *p = s->mem;
	const char *sep = "";
	bool show_disp;

	if (m->base == X86_RIP) {
		s->rip_comment = offset_of(s, m->target);
		return "[rip]";
	}
	if (m->base == X86_NOREG && m->index == X86_NOREG) {
		sprintf(p, "ds:0x%x", (unsigned int)m->disp);
		return p;
	}
	p += sprintf(p, "[");
	if (m->base != X86_NOREG) {
		p += sprintf(p, "%s", r64[m->base]);
		sep = "+";
	}
	if (m->index != X86_NOREG)
		p += sprintf(p, "%s%s*%u", sep, r64[m->index], m->scale);
	/* RBP/R13 as a base and "no base" always carry a displacement */
	show_disp = m->disp || m->base == X86_NOREG ||
		    m->base == X86_RBP || m->base == X86_R13;
	if (show_disp && m->disp < 0)
		p += sprintf(p, "-0x%llx", -(long long)m->disp);
	else if (show_disp)
		p += sprintf(p, "+0x%x", m->disp);
	sprintf(p, "]");
	return s->mem;
}

/* Collapse runs of blanks and shorten "[rip+0x..]" to "[rip]". */
static void normalise(char *t)
{
	char *r = t, *w = t;

	while (*r) {
		if (*r == ' ' && (w == t || w[-1] == ' ')) {
			r++;
			continue;
		}
		if (!strncmp(r, "[rip+", 5) || !strncmp(r, "[rip-", 5)) {
			char *close = strchr(r, ']');

			if (close) {
				r = close + 1;
				memcpy(w, "[rip]", 5);
				w += 5;
				continue;
			}
		}
		*w++ = *r++;
	}
	while (w > t && (w[-1] == ' ' || w[-1] == '\n'))
		w--;
	*w = 0;
}

struct decoded {
	long addr;
	long len;
	char text[256];
};

/* Disassemble buf[0, len) with objdump; returns the instruction count. */
static int disassemble(const u8 *buf, long len, struct decoded *out, int max)
{
	char path[] = "/tmp/test_x86_emit.XXXXXX";
	char cmd[256], line[512];
	int fd = mkstemp(path), n = 0;
	FILE *f;

	if (fd < 0 || write(fd, buf, len) != len)
		abort();
	close(fd);
	snprintf(cmd, sizeof(cmd),
		 "objdump -D -b binary -mi386:x86-64 -M intel --insn-width=16 %s",
		 path);
	f = popen(cmd, "r");
	if (!f)
		abort();
	while (fgets(line, sizeof(line), f)) {
		char *tab1 = strchr(line, '\t'), *tab2, *p;
		long bytes = 0;

		if (!tab1 || !strchr(line, ':'))
			continue;
		tab2 = strchr(tab1 + 1, '\t');
		if (!tab2 || n >= max)
			continue;
		for (p = tab1 + 1; p < tab2; p++)
			if (p[0] != ' ' && (p[1] == ' ' || p[1] == '\t'))
				bytes++;
		out[n].addr = strtol(line, NULL, 16);
		out[n].len = bytes;
		snprintf(out[n].text, sizeof(out[n].text), "%s", tab2 + 1);
		normalise(out[n].text);
		n++;
	}
	pclose(f);
	unlink(path);
	return n;
}

/* Compare the disassembly of @s with its expectations. */
static void check_seq(struct __test_metadata *_metadata, struct seq *s)
{
	static struct decoded d[MAX_LINES];
	int n, i, bad = 0;

	ASSERT_FALSE(s->e.overflow);
	ASSERT_FALSE(s->e.invalid);
	n = disassemble(s->buf, offset_of(s, s->e.cur), d, MAX_LINES);
	for (i = 0; i < n && i < s->n; i++) {
		bool text_ok = !strcmp(d[i].text, s->text[i]);
		bool end_ok = s->end[i] == NO_END ||
			      d[i].addr + d[i].len == s->end[i];

		if (text_ok && end_ok)
			continue;
		if (bad++ < 10)
			TH_LOG("#%d at 0x%lx: want \"%s\" to 0x%lx, got \"%s\" to 0x%lx",
			       i, d[i].addr, s->text[i], s->end[i], d[i].text,
			       d[i].addr + d[i].len);
	}
	EXPECT_EQ(0, bad);
	ASSERT_EQ(s->n, n);
}

static void check_and_free(struct __test_metadata *_metadata, struct seq *s)
{
	check_seq(_metadata, s);
	seq_free(s);
}

TEST(mov_reg_reg)
{
	struct seq *s = seq_new();
	unsigned int i, d, r;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		for (d = 0; d < 16; d++) {
			for (r = 0; r < 16; r++) {
				x86_mov_rr(&s->e, sizes[i], d, r);
				expect(s, "mov %s,%s", reg_name(sizes[i], d),
				       reg_name(sizes[i], r));
			}
		}
	}
	check_and_free(_metadata, s);
}

TEST(mov_imm)
{
	static const u64 values[] = {
		0, 1, 0x7f, 0x80, 0x7fffffff, 0x80000000, 0xffffffff,
		0x100000000ULL, 0x123456789abcdefULL, 0xffffffff80000000ULL,
		0xfffffffffffffff0ULL, 0xffffffffffffffffULL,
		0x8000000000000000ULL, 0xfffffffe00000000ULL,
	};
	struct seq *s = seq_new();
	unsigned int r, v;

	for (r = 0; r < 16; r++) {
		for (v = 0; v < ARRAY_SIZE(values); v++) {
			u64 imm = values[v];

			x86_mov_ri(&s->e, 64, r, imm);
			if (!imm)
				expect(s, "xor %s,%s", r32[r], r32[r]);
			else if (imm <= 0xffffffff)
				expect(s, "mov %s,0x%llx", r32[r],
				       (unsigned long long)imm);
			else if (imm >= 0xffffffff80000000ULL)
				expect(s, "mov %s,0x%llx", r64[r],
				       (unsigned long long)imm);
			else
				expect(s, "movabs %s,0x%llx", r64[r],
				       (unsigned long long)imm);

			x86_mov_ri_keep_flags(&s->e, 32, r, imm);
			expect(s, "mov %s,0x%llx", r32[r], imm_text(32, imm));
			x86_mov_ri(&s->e, 16, r, imm);
			expect(s, "mov %s,0x%llx", r16[r], imm_text(16, imm));
			x86_mov_ri(&s->e, 8, r, imm);
			expect(s, "mov %s,0x%llx", r8[r], imm_text(8, imm));
		}
		x86_mov_ri(&s->e, 32, r, 0x100000000ULL);
		expect(s, "xor %s,%s", r32[r], r32[r]);
		x86_mov_ri_keep_flags(&s->e, 64, r, 0);
		expect(s, "mov %s,0x0", r32[r]);
	}
	check_and_free(_metadata, s);
}

/* Memory operands covering every base, index, scale and disp class. */
static void each_mem(void (*fn)(struct seq *s, const struct x86_mem *m),
		     struct seq *s)
{
	static const s32 disps[] = {
		0, 1, 0x7f, -0x80, 0x80, -0x81, 0x12345678, -0x12345678,
	};
	static const u8 bases[] = {
		X86_RAX, X86_RSP, X86_RBP, X86_R12, X86_R13, X86_R15,
		X86_NOREG,
	};
	static const u8 scales[] = { 1, 2, 4, 8 };
	unsigned int b, i, d, sc;
	struct x86_mem m;

	for (b = 0; b < 16; b++) {
		for (d = 0; d < ARRAY_SIZE(disps); d++) {
			m = x86_mem(b, disps[d]);
			fn(s, &m);
		}
	}
	for (b = 0; b < ARRAY_SIZE(bases); b++) {
		for (i = 0; i < 16; i++) {
			if (i == X86_RSP)
				continue;
			for (sc = 0; sc < ARRAY_SIZE(scales); sc++) {
				m = x86_mem_idx(bases[b], i, scales[sc],
						disps[(i + sc) % 8]);
				fn(s, &m);
			}
		}
	}
	m = x86_mem_abs(0x1234);
	fn(s, &m);
	m = x86_mem_abs(0x7ffffff0);
	fn(s, &m);
	m = x86_mem_rip(s->buf + 0x30000);
	fn(s, &m);
	m = x86_mem_rip(s->buf);
	fn(s, &m);
}

static void load_store_mem(struct seq *s, const struct x86_mem *m)
{
	unsigned int i, bits;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		bits = sizes[i];
		x86_mov_rm(&s->e, bits, X86_R9, m);
		expect(s, "mov %s,%s%s", reg_name(bits, X86_R9),
		       ptr_name(bits), mem_text(s, m));
		x86_mov_mr(&s->e, bits, m, X86_RSI);
		expect(s, "mov %s%s,%s", ptr_name(bits), mem_text(s, m),
		       reg_name(bits, X86_RSI));
		x86_mov_mi(&s->e, bits, m, -2);
		expect(s, "mov %s%s,0x%llx", ptr_name(bits), mem_text(s, m),
		       imm_text(bits, -2));
	}
}

TEST(memory_operands)
{
	struct seq *s = seq_new();

	each_mem(load_store_mem, s);
	check_and_free(_metadata, s);
}

/* Every register as the ModRM.reg operand of a load and a store. */
TEST(load_store_all_regs)
{
	struct x86_mem m1, m2;
	struct seq *s = seq_new();
	unsigned int i, r, bits;

	m1 = x86_mem(X86_R13, 0);
	m2 = x86_mem_idx(X86_R12, X86_R11, 8, -0x40);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		bits = sizes[i];
		for (r = 0; r < 16; r++) {
			x86_mov_mr(&s->e, bits, &m1, r);
			expect(s, "mov %s[r13+0x0],%s", ptr_name(bits),
			       reg_name(bits, r));
			x86_mov_rm(&s->e, bits, r, &m2);
			expect(s, "mov %s,%s[r12+r11*8-0x40]",
			       reg_name(bits, r), ptr_name(bits));
		}
	}
	check_and_free(_metadata, s);
}

TEST(extend_and_lea)
{
	struct x86_mem m = x86_mem_idx(X86_RBP, X86_R10, 2, 0x100);
	struct seq *s = seq_new();
	unsigned int d, r;

	for (d = 0; d < 16; d++) {
		for (r = 0; r < 16; r++) {
			x86_movzx_rr(&s->e, 32, 8, d, r);
			expect(s, "movzx %s,%s", r32[d], r8[r]);
			x86_movzx_rr(&s->e, 64, 16, d, r);
			expect(s, "movzx %s,%s", r32[d], r16[r]);
			x86_movzx_rr(&s->e, 16, 8, d, r);
			expect(s, "movzx %s,%s", r16[d], r8[r]);
			x86_movzx_rr(&s->e, 64, 32, d, r);
			expect(s, "mov %s,%s", r32[d], r32[r]);
			x86_movsx_rr(&s->e, 64, 8, d, r);
			expect(s, "movsx %s,%s", r64[d], r8[r]);
			x86_movsx_rr(&s->e, 32, 16, d, r);
			expect(s, "movsx %s,%s", r32[d], r16[r]);
			x86_movsx_rr(&s->e, 64, 32, d, r);
			expect(s, "movsxd %s,%s", r64[d], r32[r]);
		}
		x86_movzx_rm(&s->e, 32, 8, d, &m);
		expect(s, "movzx %s,BYTE PTR [rbp+r10*2+0x100]", r32[d]);
		x86_movzx_rm(&s->e, 32, 16, d, &m);
		expect(s, "movzx %s,WORD PTR [rbp+r10*2+0x100]", r32[d]);
		x86_movsx_rm(&s->e, 64, 16, d, &m);
		expect(s, "movsx %s,WORD PTR [rbp+r10*2+0x100]", r64[d]);
		x86_movsx_rm(&s->e, 64, 32, d, &m);
		expect(s, "movsxd %s,DWORD PTR [rbp+r10*2+0x100]", r64[d]);
		x86_load_zx(&s->e, 8, d, &m);
		expect(s, "movzx %s,BYTE PTR [rbp+r10*2+0x100]", r32[d]);
		x86_load_zx(&s->e, 32, d, &m);
		expect(s, "mov %s,DWORD PTR [rbp+r10*2+0x100]", r32[d]);
		x86_load_zx(&s->e, 64, d, &m);
		expect(s, "mov %s,QWORD PTR [rbp+r10*2+0x100]", r64[d]);
		x86_load_sx(&s->e, 32, 8, d, &m);
		expect(s, "movsx %s,BYTE PTR [rbp+r10*2+0x100]", r32[d]);
		x86_load_sx(&s->e, 64, 64, d, &m);
		expect(s, "mov %s,QWORD PTR [rbp+r10*2+0x100]", r64[d]);
		x86_lea(&s->e, 64, d, &m);
		expect(s, "lea %s,[rbp+r10*2+0x100]", r64[d]);
		x86_lea(&s->e, 32, d, &m);
		expect(s, "lea %s,[rbp+r10*2+0x100]", r32[d]);
	}
	check_and_free(_metadata, s);
}

static const s32 alu_imms[] = {
	0, 1, 0x7f, 0x80, -1, -0x80, -0x81, 0x1234, 0x12345678, -0x12345678,
};

TEST(alu)
{
	struct x86_mem m = x86_mem_idx(X86_RSP, X86_R9, 4, 8);
	struct seq *s = seq_new();
	unsigned int op, i, r, v, bits;

	for (op = 0; op < 8; op++) {
		const char *name = alu_names[op];

		for (i = 0; i < ARRAY_SIZE(sizes); i++) {
			bits = sizes[i];
			for (r = 0; r < 16; r++) {
				x86_alu_rr(&s->e, op, bits, r, 15 - r);
				expect(s, "%s %s,%s", name, reg_name(bits, r),
				       reg_name(bits, 15 - r));
				x86_alu_rm(&s->e, op, bits, r, &m);
				expect(s, "%s %s,%s[rsp+r9*4+0x8]", name,
				       reg_name(bits, r), ptr_name(bits));
				x86_alu_mr(&s->e, op, bits, &m, r);
				expect(s, "%s %s[rsp+r9*4+0x8],%s", name,
				       ptr_name(bits), reg_name(bits, r));
			}
			for (r = 0; r < 16; r += 3) {
				for (v = 0; v < ARRAY_SIZE(alu_imms); v++) {
					x86_alu_ri(&s->e, op, bits, r,
						   alu_imms[v]);
					expect(s, "%s %s,0x%llx", name,
					       reg_name(bits, r),
					       imm_text(bits, alu_imms[v]));
				}
			}
			for (v = 0; v < ARRAY_SIZE(alu_imms); v++) {
				x86_alu_mi(&s->e, op, bits, &m, alu_imms[v]);
				expect(s, "%s %s[rsp+r9*4+0x8],0x%llx", name,
				       ptr_name(bits),
				       imm_text(bits, alu_imms[v]));
			}
		}
	}
	check_and_free(_metadata, s);
}

TEST(test_unary_incdec)
{
	static const char *const unops[] = {
		NULL, NULL, "not", "neg", "mul", "imul", "div", "idiv",
	};
	struct x86_mem m = x86_mem(X86_R12, -4);
	struct seq *s = seq_new();
	unsigned int op, i, r, v, bits;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		bits = sizes[i];
		for (r = 0; r < 16; r++) {
			x86_test_rr(&s->e, bits, r, (r + 5) & 15);
			expect(s, "test %s,%s", reg_name(bits, r),
			       reg_name(bits, (r + 5) & 15));
			x86_test_ri(&s->e, bits, r, alu_imms[r % 10]);
			expect(s, "test %s,0x%llx", reg_name(bits, r),
			       imm_text(bits, alu_imms[r % 10]));
			for (op = X86_NOT; op <= X86_IDIV; op++) {
				x86_unary_r(&s->e, op, bits, r);
				expect(s, "%s %s", unops[op],
				       reg_name(bits, r));
			}
			x86_inc_r(&s->e, bits, r);
			expect(s, "inc %s", reg_name(bits, r));
			x86_dec_r(&s->e, bits, r);
			expect(s, "dec %s", reg_name(bits, r));
		}
		for (v = 0; v < ARRAY_SIZE(alu_imms); v++) {
			x86_test_mi(&s->e, bits, &m, alu_imms[v]);
			expect(s, "test %s[r12-0x4],0x%llx", ptr_name(bits),
			       imm_text(bits, alu_imms[v]));
		}
		for (op = X86_NOT; op <= X86_IDIV; op++) {
			x86_unary_m(&s->e, op, bits, &m);
			expect(s, "%s %s[r12-0x4]", unops[op], ptr_name(bits));
		}
		x86_inc_m(&s->e, bits, &m);
		expect(s, "inc %s[r12-0x4]", ptr_name(bits));
		x86_dec_m(&s->e, bits, &m);
		expect(s, "dec %s[r12-0x4]", ptr_name(bits));
	}
	check_and_free(_metadata, s);
}

TEST(shifts)
{
	static const char *const names[] = {
		"rol", "ror", "rcl", "rcr", "shl", "shr", NULL, "sar",
	};
	static const u8 counts[] = { 1, 2, 31, 63 };
	struct seq *s = seq_new();
	unsigned int op, i, r, c, bits;

	for (op = 0; op < 8; op++) {
		if (!names[op])
			continue;
		for (i = 0; i < ARRAY_SIZE(sizes); i++) {
			bits = sizes[i];
			for (r = 0; r < 16; r++) {
				c = counts[r & 3];
				x86_shift_ri(&s->e, op, bits, r, c);
				if (c == 1)
					expect(s, "%s %s,1", names[op],
					       reg_name(bits, r));
				else
					expect(s, "%s %s,0x%x", names[op],
					       reg_name(bits, r), c);
				x86_shift_rcl(&s->e, op, bits, r);
				expect(s, "%s %s,cl", names[op],
				       reg_name(bits, r));
			}
		}
	}
	for (i = 1; i < ARRAY_SIZE(sizes); i++) {
		bits = sizes[i];
		for (r = 0; r < 16; r++) {
			x86_shld_rri(&s->e, bits, r, 15 - r, 7);
			expect(s, "shld %s,%s,0x7", reg_name(bits, r),
			       reg_name(bits, 15 - r));
			x86_shrd_rri(&s->e, bits, r, 15 - r, 9);
			expect(s, "shrd %s,%s,0x9", reg_name(bits, r),
			       reg_name(bits, 15 - r));
			x86_shld_rrcl(&s->e, bits, r, 15 - r);
			expect(s, "shld %s,%s,cl", reg_name(bits, r),
			       reg_name(bits, 15 - r));
			x86_shrd_rrcl(&s->e, bits, r, 15 - r);
			expect(s, "shrd %s,%s,cl", reg_name(bits, r),
			       reg_name(bits, 15 - r));
		}
	}
	check_and_free(_metadata, s);
}

TEST(bmi)
{
	struct seq *s = seq_new();
	unsigned int r, a, b, bits;

	for (bits = 32; bits <= 64; bits += 32) {
		for (r = 0; r < 16; r++) {
			a = (r + 3) & 15;
			b = (r + 9) & 15;
			x86_shlx(&s->e, bits, r, a, b);
			expect(s, "shlx %s,%s,%s", reg_name(bits, r),
			       reg_name(bits, a), reg_name(bits, b));
			x86_shrx(&s->e, bits, r, a, b);
			expect(s, "shrx %s,%s,%s", reg_name(bits, r),
			       reg_name(bits, a), reg_name(bits, b));
			x86_sarx(&s->e, bits, r, a, b);
			expect(s, "sarx %s,%s,%s", reg_name(bits, r),
			       reg_name(bits, a), reg_name(bits, b));
			x86_rorx(&s->e, bits, r, a, (u8)(r + 1));
			expect(s, "rorx %s,%s,0x%x", reg_name(bits, r),
			       reg_name(bits, a), r + 1);
			x86_andn(&s->e, bits, r, a, b);
			expect(s, "andn %s,%s,%s", reg_name(bits, r),
			       reg_name(bits, a), reg_name(bits, b));
			x86_bzhi(&s->e, bits, r, a, b);
			expect(s, "bzhi %s,%s,%s", reg_name(bits, r),
			       reg_name(bits, a), reg_name(bits, b));
		}
	}
	check_and_free(_metadata, s);
}

TEST(mul_bits_and_counts)
{
	static const char *const bt_names[] = { "bt", "bts", "btr", "btc" };
	struct x86_mem m = x86_mem(X86_RBP, 0x10);
	struct seq *s = seq_new();
	unsigned int i, r, o, bits;

	x86_cdq(&s->e);
	expect(s, "cdq");
	x86_cqo(&s->e);
	expect(s, "cqo");
	for (i = 1; i < ARRAY_SIZE(sizes); i++) {
		bits = sizes[i];
		for (r = 0; r < 16; r++) {
			unsigned int o2 = 15 - r;
			const char *d = reg_name(bits, r);
			const char *a = reg_name(bits, o2);

			x86_imul_rr(&s->e, bits, r, o2);
			expect(s, "imul %s,%s", d, a);
			x86_imul_rm(&s->e, bits, r, &m);
			expect(s, "imul %s,%s[rbp+0x10]", d, ptr_name(bits));
			x86_imul_rri(&s->e, bits, r, o2, 100);
			expect(s, "imul %s,%s,0x64", d, a);
			x86_imul_rri(&s->e, bits, r, o2, -1000);
			expect(s, "imul %s,%s,0x%llx", d, a,
			       imm_text(bits, -1000));
			x86_bsf_rr(&s->e, bits, r, o2);
			expect(s, "bsf %s,%s", d, a);
			x86_bsr_rr(&s->e, bits, r, o2);
			expect(s, "bsr %s,%s", d, a);
			x86_lzcnt_rr(&s->e, bits, r, o2);
			expect(s, "lzcnt %s,%s", d, a);
			x86_tzcnt_rr(&s->e, bits, r, o2);
			expect(s, "tzcnt %s,%s", d, a);
			x86_popcnt_rr(&s->e, bits, r, o2);
			expect(s, "popcnt %s,%s", d, a);
			for (o = 0; o < 4; o++) {
				x86_bt_ri(&s->e, X86_BT + o, bits, r, 13);
				expect(s, "%s %s,0xd", bt_names[o], d);
				x86_bt_rr(&s->e, X86_BT + o, bits, r, o2);
				expect(s, "%s %s,%s", bt_names[o], d, a);
			}
			if (bits == 16)
				continue;
			x86_bswap(&s->e, bits, r);
			expect(s, "bswap %s", d);
		}
	}
	check_and_free(_metadata, s);
}

TEST(setcc_cmov)
{
	struct x86_mem m = x86_mem_idx(X86_R13, X86_RAX, 1, 0);
	struct seq *s = seq_new();
	unsigned int cc, r, bits;

	for (cc = 0; cc < 16; cc++) {
		EXPECT_EQ(cc ^ 1, x86_cc_invert(cc));
		for (r = 0; r < 16; r++) {
			x86_setcc(&s->e, cc, r);
			expect(s, "set%s %s", cc_names[cc], r8[r]);
			for (bits = 16; bits <= 64; bits *= 2) {
				x86_cmov_rr(&s->e, cc, bits, r, (r + 1) & 15);
				expect(s, "cmov%s %s,%s", cc_names[cc],
				       reg_name(bits, r),
				       reg_name(bits, (r + 1) & 15));
			}
			x86_cmov_rm(&s->e, cc, 64, r, &m);
			expect(s, "cmov%s %s,QWORD PTR [r13+rax*1+0x0]",
			       cc_names[cc], r64[r]);
		}
	}
	EXPECT_EQ(X86_CC_NE, x86_cc_invert(X86_CC_E));
	EXPECT_EQ(X86_CC_G, x86_cc_invert(X86_CC_LE));
	EXPECT_EQ(X86_CC_AE, x86_cc_invert(X86_CC_B));
	check_and_free(_metadata, s);
}

TEST(exchange_and_atomics)
{
	struct x86_mem m = x86_mem(X86_R12, 0);
	struct x86_mem m2 = x86_mem_idx(X86_RDI, X86_R8, 8, 0x20);
	struct seq *s = seq_new();
	unsigned int i, r, bits;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		bits = sizes[i];
		for (r = 0; r < 16; r++) {
			const char *n = reg_name(bits, r);

			x86_xchg_rr(&s->e, bits, r, (r + 7) & 15);
			expect(s, "xchg %s,%s", n,
			       reg_name(bits, (r + 7) & 15));
			x86_xchg_mr(&s->e, bits, &m, r);
			expect(s, "xchg %s[r12],%s", ptr_name(bits), n);
			x86_cmpxchg_mr(&s->e, bits, &m2, r, true);
			expect(s, "lock cmpxchg %s[rdi+r8*8+0x20],%s",
			       ptr_name(bits), n);
			x86_cmpxchg_mr(&s->e, bits, &m2, r, false);
			expect(s, "cmpxchg %s[rdi+r8*8+0x20],%s",
			       ptr_name(bits), n);
			x86_xadd_mr(&s->e, bits, &m, r, true);
			expect(s, "lock xadd %s[r12],%s", ptr_name(bits), n);
			x86_xadd_mr(&s->e, bits, &m, r, false);
			expect(s, "xadd %s[r12],%s", ptr_name(bits), n);
			x86_lock(&s->e);
			x86_alu_mr(&s->e, X86_OR, bits, &m2, r);
			expect(s, "lock or %s[rdi+r8*8+0x20],%s",
			       ptr_name(bits), n);
		}
	}
	x86_cmpxchg16b(&s->e, &m2, true);
	expect(s, "lock cmpxchg16b OWORD PTR [rdi+r8*8+0x20]");
	x86_cmpxchg16b(&s->e, &m, false);
	expect(s, "cmpxchg16b OWORD PTR [r12]");
	check_and_free(_metadata, s);
}

TEST(stack_flags_misc)
{
	struct seq *s = seq_new();
	unsigned int r;

	for (r = 0; r < 16; r++) {
		x86_push_r(&s->e, r);
		expect(s, "push %s", r64[r]);
		x86_pop_r(&s->e, r);
		expect(s, "pop %s", r64[r]);
	}
	x86_push_i(&s->e, 5);
	expect(s, "push 0x5");
	x86_push_i(&s->e, -5);
	expect(s, "push 0xfffffffffffffffb");
	x86_push_i(&s->e, 0x12345);
	expect(s, "push 0x12345");
	x86_pushfq(&s->e);
	expect(s, "pushf");
	x86_popfq(&s->e);
	expect(s, "popf");
	x86_lahf(&s->e);
	expect(s, "lahf");
	x86_sahf(&s->e);
	expect(s, "sahf");
	x86_clc(&s->e);
	expect(s, "clc");
	x86_stc(&s->e);
	expect(s, "stc");
	x86_cmc(&s->e);
	expect(s, "cmc");
	x86_mfence(&s->e);
	expect(s, "mfence");
	x86_lfence(&s->e);
	expect(s, "lfence");
	x86_sfence(&s->e);
	expect(s, "sfence");
	x86_pause(&s->e);
	expect(s, "pause");
	x86_int3(&s->e);
	expect(s, "int3");
	x86_ud2(&s->e);
	expect(s, "ud2");
	x86_hlt(&s->e);
	expect(s, "hlt");
	x86_vmcall(&s->e);
	expect(s, "vmcall");
	x86_vmmcall(&s->e);
	expect(s, "vmmcall");
	x86_rdtsc(&s->e);
	expect(s, "rdtsc");
	x86_ret(&s->e);
	expect(s, "ret");
	check_and_free(_metadata, s);
}

TEST(sse_and_crc32)
{
	static const char *const clmul[] = {
		"pclmullqlqdq", "pclmulhqlqdq", "pclmullqhqdq", "pclmulhqhqdq",
	};
	static const u8 clmul_imm[] = { 0x00, 0x01, 0x10, 0x11 };
	struct x86_mem m = x86_mem_idx(X86_R13, X86_R14, 2, -0x100);
	struct seq *s = seq_new();
	unsigned int x, r;

	for (x = 0; x < 16; x++) {
		r = 15 - x;
		x86_movd_xr(&s->e, 64, x, r);
		expect(s, "movq xmm%u,%s", x, r64[r]);
		x86_movd_xr(&s->e, 32, x, r);
		expect(s, "movd xmm%u,%s", x, r32[r]);
		x86_movd_rx(&s->e, 64, r, x);
		expect(s, "movq %s,xmm%u", r64[r], x);
		x86_movd_rx(&s->e, 32, r, x);
		expect(s, "movd %s,xmm%u", r32[r], x);
		x86_movq_xx(&s->e, x, r);
		expect(s, "movq xmm%u,xmm%u", x, r);
		x86_pinsr(&s->e, 64, x, r, 1);
		expect(s, "pinsrq xmm%u,%s,0x1", x, r64[r]);
		x86_pinsr(&s->e, 32, x, r, 3);
		expect(s, "pinsrd xmm%u,%s,0x3", x, r32[r]);
		x86_pextr(&s->e, 64, r, x, 1);
		expect(s, "pextrq %s,xmm%u,0x1", r64[r], x);
		x86_pextr(&s->e, 32, r, x, 2);
		expect(s, "pextrd %s,xmm%u,0x2", r32[r], x);
		x86_movd_xm(&s->e, 64, x, &m);
		expect(s, "movq xmm%u,QWORD PTR [r13+r14*2-0x100]", x);
		x86_movd_xm(&s->e, 32, x, &m);
		expect(s, "movd xmm%u,DWORD PTR [r13+r14*2-0x100]", x);
		x86_movd_mx(&s->e, 64, &m, x);
		expect(s, "movq QWORD PTR [r13+r14*2-0x100],xmm%u", x);
		x86_movd_mx(&s->e, 32, &m, x);
		expect(s, "movd DWORD PTR [r13+r14*2-0x100],xmm%u", x);
		x86_movdqu_xm(&s->e, x, &m);
		expect(s, "movdqu xmm%u,XMMWORD PTR [r13+r14*2-0x100]", x);
		x86_movdqu_mx(&s->e, &m, x);
		expect(s, "movdqu XMMWORD PTR [r13+r14*2-0x100],xmm%u", x);
		x86_movups_xm(&s->e, x, &m);
		expect(s, "movups xmm%u,XMMWORD PTR [r13+r14*2-0x100]", x);
		x86_movups_mx(&s->e, &m, x);
		expect(s, "movups XMMWORD PTR [r13+r14*2-0x100],xmm%u", x);
		x86_movaps_xx(&s->e, x, r);
		expect(s, "movaps xmm%u,xmm%u", x, r);
		x86_pxor_xx(&s->e, x, r);
		expect(s, "pxor xmm%u,xmm%u", x, r);
		x86_pclmulqdq_xx(&s->e, x, r, clmul_imm[x & 3]);
		expect(s, "%s xmm%u,xmm%u", clmul[x & 3], x, r);
		x86_crc32_rr(&s->e, 8, x, r);
		expect(s, "crc32 %s,%s", r32[x], r8[r]);
		x86_crc32_rr(&s->e, 16, x, r);
		expect(s, "crc32 %s,%s", r32[x], r16[r]);
		x86_crc32_rr(&s->e, 32, x, r);
		expect(s, "crc32 %s,%s", r32[x], r32[r]);
		x86_crc32_rr(&s->e, 64, x, r);
		expect(s, "crc32 %s,%s", r64[x], r64[r]);
	}
	m = x86_mem_rip(s->buf);
	x86_movdqu_xm(&s->e, X86_XMM9, &m);
	expect(s, "movdqu xmm9,XMMWORD PTR %s", mem_text(s, &m));
	check_and_free(_metadata, s);
}

TEST(branches)
{
	struct x86_mem m = x86_mem(X86_R12, 8);
	struct seq *s = seq_new();
	int line8, line32[16];
	u8 *site8, *sites32[16], *back, *p;
	unsigned int cc, r;
	long t;

	for (cc = 0; cc < 16; cc++) {
		back = x86_here(&s->e);
		t = offset_of(s, back);
		x86_jcc8(&s->e, cc, back);
		expect(s, "j%s 0x%lx", cc_names[cc], t);
		x86_jcc32(&s->e, cc, back);
		expect(s, "j%s 0x%lx", cc_names[cc], t);
		/* a near backward target gets the 2-byte form */
		p = x86_here(&s->e);
		x86_jcc(&s->e, cc, back);
		expect(s, "j%s 0x%lx", cc_names[cc], t);
		EXPECT_EQ(2, s->e.cur - p);
		/* a far one, and an unknown one, rel32 */
		p = x86_here(&s->e);
		x86_jcc(&s->e, cc, s->buf + 0x30000);
		expect(s, "j%s 0x30000", cc_names[cc]);
		EXPECT_EQ(6, s->e.cur - p);
		p = x86_here(&s->e);
		x86_jcc(&s->e, cc, NULL);
		expect(s, "j%s 0x%lx", cc_names[cc], offset_of(s, s->e.cur));
		EXPECT_EQ(6, s->e.cur - p);
		/* forward rel8, patched to the next-but-one instruction */
		site8 = x86_jcc8(&s->e, cc, NULL);
		line8 = expect(s, "?");
		ASSERT_NE(NULL, site8);
		EXPECT_EQ(s->e.cur - 1, site8);
		x86_ret(&s->e);
		expect(s, "ret");
		EXPECT_FALSE(x86_patch_rel8(site8, s->buf + 0x10000));
		EXPECT_TRUE(x86_patch_rel8(site8, s->e.cur));
		expect_set(s, line8, "j%s 0x%lx", cc_names[cc],
			   offset_of(s, s->e.cur));
		sites32[cc] = x86_jcc32(&s->e, cc, NULL);
		line32[cc] = expect(s, "?");
		ASSERT_NE(NULL, sites32[cc]);
		EXPECT_EQ(s->e.cur - 4, sites32[cc]);
	}
	for (cc = 0; cc < 16; cc++) {
		t = 0x10000 + 0x100 * cc;
		x86_patch_rel32(sites32[cc], s->buf + t);
		expect_set(s, line32[cc], "j%s 0x%lx", cc_names[cc], t);
	}
	x86_patch_rel32(NULL, s->buf);
	EXPECT_TRUE(x86_patch_rel8(NULL, s->buf));

	p = x86_here(&s->e);
	x86_jmp8(&s->e, p);
	expect(s, "jmp 0x%lx", offset_of(s, p));
	x86_jmp32(&s->e, p);
	expect(s, "jmp 0x%lx", offset_of(s, p));
	x86_jmp(&s->e, p);
	expect(s, "jmp 0x%lx", offset_of(s, p));
	EXPECT_EQ(2, s->e.cur - p - 7);
	x86_jmp(&s->e, s->buf);
	expect(s, "jmp 0x0");
	x86_jmp(&s->e, s->buf + 0x20000);
	expect(s, "jmp 0x20000");
	x86_call(&s->e, s->buf + 0x30000);
	expect(s, "call 0x30000");
	x86_call(&s->e, s->buf);
	expect(s, "call 0x0");
	for (r = 0; r < 16; r++) {
		x86_jmp_r(&s->e, r);
		expect(s, "jmp %s", r64[r]);
		x86_call_r(&s->e, r);
		expect(s, "call %s", r64[r]);
	}
	x86_jmp_m(&s->e, &m);
	expect(s, "jmp QWORD PTR [r12+0x8]");
	x86_call_m(&s->e, &m);
	expect(s, "call QWORD PTR [r12+0x8]");
	m = x86_mem_rip(s->buf + 0x1000);
	x86_call_m(&s->e, &m);
	expect(s, "call QWORD PTR %s", mem_text(s, &m));
	x86_jmp_m(&s->e, &m);
	expect(s, "jmp QWORD PTR %s", mem_text(s, &m));

	x86_call_abs(&s->e, s->buf + 0x100, X86_R11);
	expect(s, "call 0x100");
	x86_jmp_abs(&s->e, s->buf + 0x200, X86_R11);
	expect(s, "jmp 0x200");
	t = (long)addr_at(s->buf, 0x100000000L);
	x86_call_abs(&s->e, (void *)t, X86_R11);
	expect_part(s, "movabs r11,0x%lx", t);
	expect(s, "call r11");
	x86_jmp_abs(&s->e, (void *)t, X86_RAX);
	expect_part(s, "movabs rax,0x%lx", t);
	expect(s, "jmp rax");
	check_and_free(_metadata, s);
}

/* objdump's text for the nop of each length emitted by x86_nop(). */
static const char *const nop_text[] = {
	NULL, "nop", "xchg ax,ax", "nop DWORD PTR [rax]",
	"nop DWORD PTR [rax+0x0]", "nop DWORD PTR [rax+rax*1+0x0]",
	"nop WORD PTR [rax+rax*1+0x0]", "nop DWORD PTR [rax+0x0]",
	"nop DWORD PTR [rax+rax*1+0x0]", "nop WORD PTR [rax+rax*1+0x0]",
};

TEST(nops_and_align)
{
	struct seq *s = seq_new();
	unsigned int len, n, align;
	u8 *p;

	for (len = 1; len <= 30; len++) {
		p = x86_here(&s->e);
		x86_nop(&s->e, len);
		ASSERT_EQ(len, s->e.cur - p);
		for (n = len; n > 9; n -= 9)
			expect_part(s, "%s", nop_text[9]);
		expect(s, "%s", nop_text[n]);
	}
	for (align = 1; align <= 64; align *= 2) {
		for (len = 0; len < 70; len += 7) {
			x86_nop(&s->e, len);
			for (n = len; n > 9; n -= 9)
				expect_part(s, "%s", nop_text[9]);
			if (n)
				expect(s, "%s", nop_text[n]);
			p = x86_here(&s->e);
			x86_align(&s->e, align);
			EXPECT_EQ(0, (unsigned long)s->e.cur % align);
			ASSERT_LT(s->e.cur - p, align);
			for (n = s->e.cur - p; n > 9; n -= 9)
				expect_part(s, "%s", nop_text[9]);
			if (n)
				expect(s, "%s", nop_text[n]);
		}
	}
	check_and_free(_metadata, s);
}

/* Emit @lead one-byte nops, then a patchable jump; check its placement. */
static u8 *patchable_at(struct __test_metadata *_metadata, struct seq *s,
			unsigned int lead, const void *target)
{
	unsigned int i, off;
	u8 *j;

	for (i = 0; i < lead; i++) {
		x86_nop(&s->e, 1);
		expect(s, "nop");
	}
	off = (unsigned long)s->e.cur & 7;
	j = x86_jmp_patchable(&s->e, target);
	if (off > 3)
		expect_part(s, "%s", nop_text[8 - off]);
	expect(s, "jmp 0x%lx", offset_of(s, target));
	ASSERT_NE(NULL, j);
	EXPECT_EQ(0xe9, j[0]);
	EXPECT_EQ(j + 5, s->e.cur);
	/* the 5 bytes lie within one aligned 8-byte word */
	EXPECT_EQ((unsigned long)j / 8, ((unsigned long)j + 4) / 8);
	return j;
}

TEST(patchable_jump)
{
	u8 *jumps[16], before[24];
	struct seq *s = seq_new();
	int lines[16];
	unsigned int lead, i;

	/* room before the first jump for the check of its neighbours */
	for (i = 0; i < 8; i++) {
		x86_int3(&s->e);
		expect(s, "int3");
	}
	for (lead = 0; lead < 16; lead++) {
		jumps[lead] = patchable_at(_metadata, s, lead, s->buf);
		lines[lead] = s->n - 1;
	}
	for (lead = 0; lead < 16; lead++) {
		u8 *j = jumps[lead];
		u8 *word = (u8 *)((unsigned long)j & ~7UL);
		long target = 0x4000 + 0x40 * lead;

		memcpy(before, word - 8, sizeof(before));
		x86_patch_jmp(j, s->buf + target);
		expect_set(s, lines[lead], "jmp 0x%lx", target);
		/* only the displacement changed */
		for (i = 0; i < sizeof(before); i++) {
			u8 *p = word - 8 + i;

			if (p > j && p < j + 5)
				continue;
			EXPECT_EQ(before[i], p[0]);
		}
	}
	/* retarget backwards, far and to itself */
	x86_patch_jmp(jumps[3], s->buf);
	expect_set(s, lines[3], "jmp 0x0");
	x86_patch_jmp(jumps[4], s->buf + 0x3ffff);
	expect_set(s, lines[4], "jmp 0x3ffff");
	x86_patch_jmp(jumps[5], jumps[5]);
	expect_set(s, lines[5], "jmp 0x%lx", offset_of(s, jumps[5]));
	check_and_free(_metadata, s);
}

/* Exact bytes where the choice of encoding matters. */
struct bytes_case {
	const char *what;
	u8 len;
	u8 bytes[15];
};

static void emit_bytes_cases(struct x86_emitter *e, u8 *ends[], int *n)
{
	struct x86_mem m;

#define CASE(stmt) do { stmt; ends[(*n)++] = e->cur; } while (0)
	m = x86_mem(X86_RAX, 0);
	CASE(x86_mov_rm(e, 64, X86_RCX, &m));
	m = x86_mem(X86_RAX, 0x7f);
	CASE(x86_mov_rm(e, 64, X86_RCX, &m));
	m = x86_mem(X86_RAX, 0x80);
	CASE(x86_mov_rm(e, 64, X86_RCX, &m));
	m = x86_mem(X86_RAX, -0x80);
	CASE(x86_mov_rm(e, 64, X86_RCX, &m));
	m = x86_mem(X86_RBP, 0);
	CASE(x86_mov_rm(e, 64, X86_RCX, &m));
	m = x86_mem(X86_R13, 0);
	CASE(x86_mov_rm(e, 64, X86_RCX, &m));
	m = x86_mem(X86_RSP, 0);
	CASE(x86_mov_rm(e, 64, X86_RCX, &m));
	m = x86_mem(X86_R12, 0);
	CASE(x86_mov_rm(e, 32, X86_R9, &m));
	m = x86_mem_idx(X86_R13, X86_R12, 8, 0);
	CASE(x86_mov_rm(e, 64, X86_RAX, &m));
	m = x86_mem_abs(0x1000);
	CASE(x86_mov_rm(e, 32, X86_RAX, &m));
	m = x86_mem_rip(e->cur + 7 + 0x10);
	CASE(x86_mov_rm(e, 64, X86_RAX, &m));
	m = x86_mem_rip(e->cur + 10 - 0x20);
	CASE(x86_mov_mi(e, 32, &m, 5));
	CASE(x86_mov_rr(e, 8, X86_RSI, X86_RAX));
	CASE(x86_mov_rr(e, 8, X86_RAX, X86_RBX));
	CASE(x86_setcc(e, X86_CC_E, X86_RDI));
	CASE(x86_setcc(e, X86_CC_E, X86_RBX));
	CASE(x86_movzx_rr(e, 32, 8, X86_RSP, X86_RAX));
	CASE(x86_mov_ri(e, 64, X86_RAX, 0));
	CASE(x86_mov_ri(e, 64, X86_R8, 0xffffffff));
	CASE(x86_mov_ri(e, 64, X86_RAX, -1ULL));
	CASE(x86_mov_ri(e, 64, X86_R15, 0x123456789ULL));
	CASE(x86_alu_ri(e, X86_ADD, 64, X86_RAX, 8));
	CASE(x86_alu_ri(e, X86_ADD, 64, X86_RAX, 0x1000));
	CASE(x86_alu_ri(e, X86_SUB, 64, X86_RCX, 0x1000));
	CASE(x86_alu_ri(e, X86_CMP, 8, X86_RAX, 1));
	CASE(x86_alu_ri(e, X86_AND, 16, X86_RDX, 0xff00));
	CASE(x86_alu_ri(e, X86_AND, 16, X86_RDX, 0xff80));
	CASE(x86_alu_ri(e, X86_XOR, 8, X86_RDI, 0x80));
	CASE(x86_imul_rri(e, 16, X86_RAX, X86_RCX, 0xfff0));
	CASE(x86_test_ri(e, 32, X86_RAX, 1));
	CASE(x86_shift_ri(e, X86_SHL, 32, X86_RAX, 1));
	CASE(x86_jcc8(e, X86_CC_E, e->cur));
	CASE(x86_jcc32(e, X86_CC_E, e->cur + 6));
	CASE(x86_jmp32(e, e->cur));
	CASE(x86_shlx(e, 64, X86_R8, X86_R9, X86_R10));
	CASE(x86_andn(e, 32, X86_RAX, X86_RCX, X86_RDX));
	CASE(x86_crc32_rr(e, 8, X86_RAX, X86_RSI));
	CASE(x86_popcnt_rr(e, 16, X86_RAX, X86_RCX));
	CASE(x86_cmpxchg_mr(e, 64, &(struct x86_mem){ X86_RDI, X86_NOREG,
			    1, 0, NULL }, X86_RCX, true));
#undef CASE
}

static const struct bytes_case bytes_cases[] = {
	{ "[rax]", 3, { 0x48, 0x8b, 0x08 } },
	{ "disp8 max", 4, { 0x48, 0x8b, 0x48, 0x7f } },
	{ "disp32", 7, { 0x48, 0x8b, 0x88, 0x80, 0x00, 0x00, 0x00 } },
	{ "disp8 min", 4, { 0x48, 0x8b, 0x48, 0x80 } },
	{ "[rbp] disp8 0", 4, { 0x48, 0x8b, 0x4d, 0x00 } },
	{ "[r13] disp8 0", 4, { 0x49, 0x8b, 0x4d, 0x00 } },
	{ "[rsp] sib", 4, { 0x48, 0x8b, 0x0c, 0x24 } },
	{ "[r12] sib", 4, { 0x45, 0x8b, 0x0c, 0x24 } },
	{ "[r13+r12*8]", 5, { 0x4b, 0x8b, 0x44, 0xe5, 0x00 } },
	{ "abs", 7, { 0x8b, 0x04, 0x25, 0x00, 0x10, 0x00, 0x00 } },
	{ "rip load", 7, { 0x48, 0x8b, 0x05, 0x10, 0x00, 0x00, 0x00 } },
	{ "rip store imm", 10,
	  { 0xc7, 0x05, 0xe0, 0xff, 0xff, 0xff, 0x05, 0x00, 0x00, 0x00 } },
	{ "mov sil,al", 3, { 0x40, 0x88, 0xc6 } },
	{ "mov al,bl", 2, { 0x88, 0xd8 } },
	{ "sete dil", 4, { 0x40, 0x0f, 0x94, 0xc7 } },
	{ "sete bl", 3, { 0x0f, 0x94, 0xc3 } },
	{ "movzx esp,al", 3, { 0x0f, 0xb6, 0xe0 } },
	{ "xor eax,eax", 2, { 0x31, 0xc0 } },
	{ "mov r8d,imm32", 6, { 0x41, 0xb8, 0xff, 0xff, 0xff, 0xff } },
	{ "mov rax,simm32", 7, { 0x48, 0xc7, 0xc0, 0xff, 0xff, 0xff, 0xff } },
	{ "movabs", 10,
	  { 0x49, 0xbf, 0x89, 0x67, 0x45, 0x23, 0x01, 0x00, 0x00, 0x00 } },
	{ "add imm8", 4, { 0x48, 0x83, 0xc0, 0x08 } },
	{ "add rax imm32", 6, { 0x48, 0x05, 0x00, 0x10, 0x00, 0x00 } },
	{ "sub rcx imm32", 7, { 0x48, 0x81, 0xe9, 0x00, 0x10, 0x00, 0x00 } },
	{ "cmp al", 2, { 0x3c, 0x01 } },
	{ "and dx imm16", 5, { 0x66, 0x81, 0xe2, 0x00, 0xff } },
	{ "and dx imm8", 4, { 0x66, 0x83, 0xe2, 0x80 } },
	{ "xor dil imm8", 4, { 0x40, 0x80, 0xf7, 0x80 } },
	{ "imul ax imm8", 4, { 0x66, 0x6b, 0xc1, 0xf0 } },
	{ "test eax", 5, { 0xa9, 0x01, 0x00, 0x00, 0x00 } },
	{ "shl 1", 2, { 0xd1, 0xe0 } },
	{ "je self", 2, { 0x74, 0xfe } },
	{ "je next", 6, { 0x0f, 0x84, 0x00, 0x00, 0x00, 0x00 } },
	{ "jmp self", 5, { 0xe9, 0xfb, 0xff, 0xff, 0xff } },
	{ "shlx", 5, { 0xc4, 0x42, 0xa9, 0xf7, 0xc1 } },
	{ "andn", 5, { 0xc4, 0xe2, 0x70, 0xf2, 0xc2 } },
	{ "crc32 eax,sil", 6, { 0xf2, 0x40, 0x0f, 0x38, 0xf0, 0xc6 } },
	{ "popcnt ax,cx", 5, { 0x66, 0xf3, 0x0f, 0xb8, 0xc1 } },
	{ "lock cmpxchg", 5, { 0xf0, 0x48, 0x0f, 0xb1, 0x0f } },
};

TEST(exact_bytes)
{
	u8 *buf = malloc(4096), *ends[64], *p;
	struct x86_emitter e;
	int n = 0, i;

	ASSERT_NE(NULL, buf);
	x86_emit_init(&e, buf, 4096);
	emit_bytes_cases(&e, ends, &n);
	ASSERT_EQ(ARRAY_SIZE(bytes_cases), n);
	ASSERT_TRUE(x86_emit_ok(&e));
	p = buf;
	for (i = 0; i < n; i++) {
		const struct bytes_case *c = &bytes_cases[i];

		EXPECT_EQ(c->len, ends[i] - p) TH_LOG("%s", c->what);
		if (c->len == ends[i] - p)
			EXPECT_EQ(0, memcmp(p, c->bytes, c->len))
				TH_LOG("%s", c->what);
		p = ends[i];
	}
	free(buf);
}

TEST(data_and_buffer)
{
	static const u8 want[] = {
		0x5a, 0x78, 0x56, 0x34, 0x12,
		0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,
		0xde, 0xad,
	};
	struct x86_emitter e;
	u8 buf[32];

	memset(buf, 0, sizeof(buf));
	x86_emit_init(&e, buf, sizeof(buf));
	EXPECT_EQ((u8 *)buf, x86_here(&e));
	EXPECT_EQ(0, x86_emit_size(&e));
	x86_emit_u8(&e, 0x5a);
	x86_emit_u32(&e, 0x12345678);
	x86_emit_u64(&e, 0x1122334455667788ULL);
	x86_emit_bytes(&e, "\xde\xad", 2);
	ASSERT_EQ(sizeof(want), x86_emit_size(&e));
	EXPECT_EQ((u8 *)buf + sizeof(want), x86_here(&e));
	EXPECT_EQ(0, memcmp(buf, want, sizeof(want)));
	EXPECT_TRUE(x86_emit_ok(&e));
	/* data never goes in partially either */
	x86_emit_bytes(&e, buf, sizeof(buf) - sizeof(want) + 1);
	EXPECT_TRUE(e.overflow);
	EXPECT_EQ(sizeof(want), x86_emit_size(&e));
	EXPECT_EQ(0, buf[sizeof(want)]);

	EXPECT_TRUE(x86_rel32_reachable(buf, addr_at(buf, 100)));
	EXPECT_TRUE(x86_rel32_reachable(buf, addr_at(buf, 0x7fffffffL)));
	EXPECT_FALSE(x86_rel32_reachable(buf, addr_at(buf, 0x80000000L)));
	EXPECT_TRUE(x86_rel32_reachable(buf, addr_at(buf, -0x80000000L)));
	EXPECT_FALSE(x86_rel32_reachable(buf, addr_at(buf, -0x80000001L)));
}

/* A mix of instructions of every length class. */
static void emit_mix(struct x86_emitter *e)
{
	struct x86_mem m = x86_mem_idx(X86_R13, X86_R9, 8, 0x12345678);
	struct x86_mem rip = x86_mem_rip(e->start);
	int i;

	for (i = 0; i < 6; i++) {
		x86_ret(e);
		x86_mov_ri(e, 64, X86_R15, 0x123456789abcdefULL);
		x86_alu_mi(e, X86_ADD, 64, &m, 0x7fffffff);
		x86_jcc32(e, X86_CC_NE, e->start);
		x86_movdqu_xm(e, X86_XMM15, &rip);
		x86_jmp_patchable(e, e->start);
		x86_nop(e, 13);
		x86_emit_u64(e, 0x1122334455667788ULL);
		x86_pclmulqdq_xx(e, X86_XMM8, X86_XMM9, 0x11);
	}
}

TEST(overflow_never_writes_past_end)
{
	enum { GUARD = 64, MAX = 448 };
	/* equally aligned, so the patchable jump gets the same padding */
	u8 *mem = aligned_alloc(64, MAX + 2 * GUARD);
	u8 *ref = aligned_alloc(64, MAX);
	struct x86_emitter e;
	unsigned int size, i;
	unsigned long full;

	ASSERT_NE(NULL, mem);
	ASSERT_NE(NULL, ref);
	/* the whole mix, for reference */
	x86_emit_init(&e, ref, MAX);
	emit_mix(&e);
	ASSERT_TRUE(x86_emit_ok(&e));
	full = x86_emit_size(&e);
	ASSERT_LT(full, MAX);
	for (size = 0; size <= full + 8; size++) {
		memset(mem, 0xa5, MAX + 2 * GUARD);
		x86_emit_init(&e, mem + GUARD, size);
		emit_mix(&e);
		EXPECT_EQ(size < full, e.overflow);
		EXPECT_FALSE(e.invalid);
		EXPECT_LE(e.cur, e.end);
		for (i = 0; i < GUARD; i++)
			ASSERT_EQ(0xa5, mem[i]);
		for (i = GUARD + size; i < MAX + 2 * GUARD; i++)
			ASSERT_EQ(0xa5, mem[i])
				TH_LOG("size %u byte %u", size, i - GUARD);
		/* once full, nothing more: not even a 1-byte ret */
		if (e.overflow) {
			u8 *at = e.cur;

			x86_ret(&e);
			x86_emit_u8(&e, 0xc3);
			EXPECT_EQ(at, e.cur);
			EXPECT_NE(0xc3, at < e.end ? *at : 0);
			EXPECT_EQ(NULL, x86_jmp32(&e, e.start));
			EXPECT_EQ(NULL, x86_jmp_patchable(&e, e.start));
			EXPECT_EQ(NULL, x86_call(&e, e.start));
		}
	}
	free(mem);
	free(ref);
}

TEST(invalid_requests)
{
	struct x86_mem m = x86_mem_idx(X86_RAX, X86_RSP, 1, 0);
	struct x86_emitter e;
	u8 buf[64];

	x86_emit_init(&e, buf, sizeof(buf));
	x86_mov_rm(&e, 64, X86_RAX, &m);
	EXPECT_TRUE(e.invalid);
	EXPECT_FALSE(e.overflow);
	EXPECT_FALSE(x86_emit_ok(&e));
	/* replaced by ud2 so that unchecked code traps */
	ASSERT_EQ(2, x86_emit_size(&e));
	EXPECT_EQ(0x0f, buf[0]);
	EXPECT_EQ(0x0b, buf[1]);

	x86_emit_init(&e, buf, sizeof(buf));
	m = x86_mem_idx(X86_RAX, X86_RCX, 3, 0);
	x86_mov_rm(&e, 64, X86_RAX, &m);
	EXPECT_TRUE(e.invalid);

	x86_emit_init(&e, buf, sizeof(buf));
	m = x86_mem_rip(addr_at(buf, 0x100000000L));
	x86_mov_rm(&e, 64, X86_RAX, &m);
	EXPECT_TRUE(e.invalid);

	x86_emit_init(&e, buf, sizeof(buf));
	EXPECT_EQ(NULL, x86_jcc8(&e, X86_CC_E, addr_at(buf, 200)));
	EXPECT_TRUE(e.invalid);

	x86_emit_init(&e, buf, sizeof(buf));
	EXPECT_EQ(NULL, x86_call(&e, addr_at(buf, 0x100000000L)));
	EXPECT_TRUE(e.invalid);

	x86_emit_init(&e, buf, sizeof(buf));
	x86_mov_rr(&e, 12, X86_RAX, X86_RCX);
	EXPECT_TRUE(e.invalid);

	x86_emit_init(&e, buf, sizeof(buf));
	x86_imul_rr(&e, 8, X86_RAX, X86_RCX);
	EXPECT_TRUE(e.invalid);

	x86_emit_init(&e, buf, sizeof(buf));
	x86_movsx_rr(&e, 32, 32, X86_RAX, X86_RCX);
	EXPECT_TRUE(e.invalid);

	x86_emit_init(&e, buf, sizeof(buf));
	x86_shlx(&e, 16, X86_RAX, X86_RCX, X86_RDX);
	EXPECT_TRUE(e.invalid);

	x86_emit_init(&e, buf, sizeof(buf));
	x86_movd_xr(&e, 16, X86_XMM0, X86_RCX);
	EXPECT_TRUE(e.invalid);

	x86_emit_init(&e, buf, sizeof(buf));
	x86_align(&e, 3);
	EXPECT_TRUE(e.invalid);

	/* the flags are sticky and valid code still passes */
	x86_emit_init(&e, buf, sizeof(buf));
	x86_ret(&e);
	EXPECT_TRUE(x86_emit_ok(&e));
}

/* Executable memory for running emitted code. */
struct jit {
	u8 *mem;
	struct x86_emitter e;
};

static bool jit_open(struct jit *j)
{
	j->mem = mmap(NULL, 65536, PROT_READ | PROT_WRITE | PROT_EXEC,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (j->mem == MAP_FAILED)
		return false;
	x86_emit_init(&j->e, j->mem, 65536);
	return true;
}

typedef u64 (*fn2_t)(u64 a, u64 b);

/* Start a function at the next 16-byte boundary. */
static fn2_t jit_fn(struct jit *j)
{
	x86_align(&j->e, 16);
	return (fn2_t)(void *)x86_here(&j->e);
}

static u64 parity_flag(u64 v)
{
	return !__builtin_parity((unsigned int)(v & 0xff));
}

/* What cmp a, b sets condition @cc to. */
static u64 cc_after_cmp(unsigned int cc, u64 a, u64 b)
{
	u64 r = a - b;
	bool cf = a < b, zf = a == b, sf = (s64)r < 0;
	bool of = ((a ^ b) & (a ^ r)) >> 63;
	bool v;

	switch (cc >> 1) {
	case 0:
		v = of;
		break;
	case 1:
		v = cf;
		break;
	case 2:
		v = zf;
		break;
	case 3:
		v = cf || zf;
		break;
	case 4:
		v = sf;
		break;
	case 5:
		v = parity_flag(r);
		break;
	case 6:
		v = sf != of;
		break;
	default:
		v = zf || sf != of;
		break;
	}
	return (cc & 1) ? !v : v;
}

TEST(execute)
{
	static const u64 values[] = {
		0, 1, 2, 0x7f, 0x80, 0xffffffff, 0x80000000, 0x100000000ULL,
		0x7fffffffffffffffULL, 0x8000000000000000ULL, -1ULL, -2ULL,
		0x123456789abcdefULL, 0xffffffff80000000ULL,
	};
	fn2_t setcc_fn[16], jcc_fn[16], imm_fn[ARRAY_SIZE(values)];
	fn2_t add, umulh, load, patched;
	u64 data[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct x86_mem m;
	unsigned int cc, i, k;
	struct jit j;
	u8 *lit, *jmp, *site, *ret1, *ret2;

	if (!jit_open(&j))
		SKIP(return, "no executable memory");

	add = jit_fn(&j);
	x86_mov_rr(&j.e, 64, X86_RAX, X86_RDI);
	x86_alu_rr(&j.e, X86_ADD, 64, X86_RAX, X86_RSI);
	x86_ret(&j.e);

	umulh = jit_fn(&j);
	x86_mov_rr(&j.e, 64, X86_RAX, X86_RDI);
	x86_unary_r(&j.e, X86_MUL, 64, X86_RSI);
	x86_mov_rr(&j.e, 64, X86_RAX, X86_RDX);
	x86_ret(&j.e);

	for (i = 0; i < ARRAY_SIZE(values); i++) {
		imm_fn[i] = jit_fn(&j);
		x86_mov_ri(&j.e, 64, X86_R11, values[i]);
		x86_mov_rr(&j.e, 64, X86_RAX, X86_R11);
		x86_ret(&j.e);
	}

	/* sum of [rdi + rsi*8] through r12/r13 bases and a RIP literal */
	lit = x86_here(&j.e);
	x86_emit_u64(&j.e, 1000);
	load = jit_fn(&j);
	x86_push_r(&j.e, X86_R12);
	x86_push_r(&j.e, X86_R13);
	x86_mov_rr(&j.e, 64, X86_R12, X86_RDI);
	x86_lea(&j.e, 64, X86_R13, &(struct x86_mem){ X86_RDI, X86_RSI, 8,
		-8, NULL });
	m = x86_mem_idx(X86_R12, X86_RSI, 8, 0);
	x86_mov_rm(&j.e, 64, X86_RAX, &m);
	m = x86_mem(X86_R13, 0);
	x86_alu_rm(&j.e, X86_ADD, 64, X86_RAX, &m);
	m = x86_mem_rip(lit);
	x86_alu_rm(&j.e, X86_ADD, 64, X86_RAX, &m);
	x86_pop_r(&j.e, X86_R13);
	x86_pop_r(&j.e, X86_R12);
	x86_ret(&j.e);

	for (cc = 0; cc < 16; cc++) {
		setcc_fn[cc] = jit_fn(&j);
		x86_alu_rr(&j.e, X86_CMP, 64, X86_RDI, X86_RSI);
		x86_mov_ri_keep_flags(&j.e, 64, X86_RAX, 0);
		x86_setcc(&j.e, cc, X86_RAX);
		x86_ret(&j.e);

		jcc_fn[cc] = jit_fn(&j);
		x86_alu_rr(&j.e, X86_CMP, 64, X86_RDI, X86_RSI);
		site = x86_jcc8(&j.e, cc, NULL);
		x86_mov_ri(&j.e, 32, X86_RAX, 0);
		x86_ret(&j.e);
		ASSERT_TRUE(x86_patch_rel8(site, x86_here(&j.e)));
		x86_mov_ri(&j.e, 32, X86_RAX, 1);
		x86_ret(&j.e);
	}

	patched = jit_fn(&j);
	jmp = x86_jmp_patchable(&j.e, NULL);
	ret1 = x86_here(&j.e);
	x86_mov_ri(&j.e, 32, X86_RAX, 1);
	x86_ret(&j.e);
	ret2 = x86_here(&j.e);
	x86_mov_ri(&j.e, 32, X86_RAX, 2);
	x86_ret(&j.e);

	ASSERT_TRUE(x86_emit_ok(&j.e));

	EXPECT_EQ(7, add(3, 4));
	EXPECT_EQ(0, add(-1ULL, 1));
	for (i = 0; i < ARRAY_SIZE(values); i++) {
		EXPECT_EQ(values[i], imm_fn[i](0, 0));
		for (k = 0; k < ARRAY_SIZE(values); k++) {
			u64 a = values[i], b = values[k];

			EXPECT_EQ((u64)(((__uint128_t)a * b) >> 64),
				  umulh(a, b));
			for (cc = 0; cc < 16; cc++) {
				u64 want = cc_after_cmp(cc, a, b);

				ASSERT_EQ(want, setcc_fn[cc](a, b))
					TH_LOG("set%s %llx, %llx",
					       cc_names[cc],
					       (unsigned long long)a,
					       (unsigned long long)b);
				ASSERT_EQ(want, jcc_fn[cc](a, b))
					TH_LOG("j%s %llx, %llx",
					       cc_names[cc],
					       (unsigned long long)a,
					       (unsigned long long)b);
			}
		}
	}
	EXPECT_EQ(1000 + 3 + 2, load((u64)data, 2));
	EXPECT_EQ(1000 + 8 + 7, load((u64)data, 7));

	/* a NULL target jumps to the next instruction until patched */
	EXPECT_EQ(1, patched(0, 0));
	x86_patch_jmp(jmp, ret2);
	EXPECT_EQ(2, patched(0, 0));
	x86_patch_jmp(jmp, ret1);
	EXPECT_EQ(1, patched(0, 0));

	munmap(j.mem, 65536);
}

TEST(execute_crc32)
{
	static const u8 msg[] = "123456789";
	struct jit j;
	fn2_t crc8, crc64;
	u64 word;
	u32 want;
	unsigned int i, b;

	if (!__builtin_cpu_supports("sse4.2"))
		SKIP(return, "no SSE4.2");
	if (!jit_open(&j))
		SKIP(return, "no executable memory");
	crc8 = jit_fn(&j);
	x86_mov_rr(&j.e, 32, X86_RAX, X86_RDI);
	x86_mov_rr(&j.e, 64, X86_R10, X86_RSI);
	x86_crc32_rr(&j.e, 8, X86_RAX, X86_R10);
	x86_ret(&j.e);
	crc64 = jit_fn(&j);
	x86_mov_rr(&j.e, 32, X86_R9, X86_RDI);
	x86_crc32_rr(&j.e, 64, X86_R9, X86_RSI);
	x86_mov_rr(&j.e, 64, X86_RAX, X86_R9);
	x86_ret(&j.e);
	ASSERT_TRUE(x86_emit_ok(&j.e));

	/* CRC32C("123456789") is the standard check value 0xe3069283 */
	want = ~0u;
	for (i = 0; i < 9; i++)
		want = (u32)crc8(want, msg[i]);
	EXPECT_EQ(0xe3069283, ~want);

	/* 8 bytes at once match 8 single bytes */
	memcpy(&word, msg, 8);
	want = ~0u;
	for (i = 0; i < 8; i++) {
		want ^= msg[i];
		for (b = 0; b < 8; b++)
			want = (want >> 1) ^ (0x82f63b78 & -(want & 1));
	}
	EXPECT_EQ(want, crc64(~0u, word));
	munmap(j.mem, 65536);
}

TEST_HARNESS_MAIN

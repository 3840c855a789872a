// SPDX-License-Identifier: GPL-2.0
/*
 * interp.c - a tiny stack-machine bytecode interpreter with threaded
 * dispatch (computed goto, one indirect branch per bytecode, as in CPython
 * or Lua), running a recursive Fibonacci, a nested loop over an array and
 * a sieve of Eratosthenes. Results are checked against the same
 * computations done in C.
 */
#include "bench.h"

enum op {
	OP_PUSH,	/* imm: push imm */
	OP_ARG,		/* imm: push the frame's argument imm */
	OP_GET,		/* imm: push global imm */
	OP_SET,		/* imm: pop into global imm */
	OP_LOAD,	/* i -> heap[i] */
	OP_STORE,	/* i v -> ; heap[i] = v */
	OP_ADD, OP_SUB, OP_MUL, OP_XOR, OP_SHR,
	OP_LT,		/* a b -> a < b */
	OP_JZ,		/* imm: pop, jump if zero */
	OP_JMP,		/* imm */
	OP_CALL,	/* imm: call with one argument on the stack */
	OP_RET,		/* pop the result, drop the frame, push the result */
	OP_HALT,	/* pop the result and stop */
	N_OPS
};

#define STACK_SIZE	4096
#define CODE_SIZE	512
#define HEAP_SIZE	8192
#define N_GLOBALS	8

struct frame {
	int ret_pc;
	int base;
};

struct vm {
	s64 stack[STACK_SIZE];
	struct frame frames[STACK_SIZE];
	s64 globals[N_GLOBALS];
	s64 heap[HEAP_SIZE];
	u64 steps;
};

struct asm_buf {
	s32 code[CODE_SIZE];
	int len;
};

static struct vm the_vm;

static int emit(struct asm_buf *a, enum op op)
{
	a->code[a->len++] = op;
	return a->len - 1;
}

/* Returns where the immediate went, for back-patching jumps. */
static int emit_imm(struct asm_buf *a, enum op op, s32 imm)
{
	a->code[a->len++] = op;
	a->code[a->len++] = imm;
	return a->len - 1;
}

static s64 run(struct vm *vm, const s32 *code, int pc, s64 arg)
{
	static void *const dispatch[N_OPS] = {
		[OP_PUSH] = &&do_push, [OP_ARG] = &&do_arg,
		[OP_GET] = &&do_get, [OP_SET] = &&do_set,
		[OP_LOAD] = &&do_load, [OP_STORE] = &&do_store,
		[OP_ADD] = &&do_add, [OP_SUB] = &&do_sub,
		[OP_MUL] = &&do_mul, [OP_XOR] = &&do_xor,
		[OP_SHR] = &&do_shr, [OP_LT] = &&do_lt,
		[OP_JZ] = &&do_jz, [OP_JMP] = &&do_jmp,
		[OP_CALL] = &&do_call, [OP_RET] = &&do_ret,
		[OP_HALT] = &&do_halt,
	};
	s64 *sp = vm->stack;
	struct frame *fp = vm->frames;
	u64 steps = 0;
	s64 v;

	fp->base = 0;
	*sp++ = arg;
	steps++;
	goto *dispatch[code[pc++]];
do_push:
	*sp++ = code[pc++];
	steps++;
	goto *dispatch[code[pc++]];
do_arg:
	*sp++ = vm->stack[fp->base + code[pc++]];
	steps++;
	goto *dispatch[code[pc++]];
do_get:
	*sp++ = vm->globals[code[pc++]];
	steps++;
	goto *dispatch[code[pc++]];
do_set:
	vm->globals[code[pc++]] = *--sp;
	steps++;
	goto *dispatch[code[pc++]];
do_load:
	sp[-1] = vm->heap[sp[-1] & (HEAP_SIZE - 1)];
	steps++;
	goto *dispatch[code[pc++]];
do_store:
	sp -= 2;
	vm->heap[sp[0] & (HEAP_SIZE - 1)] = sp[1];
	steps++;
	goto *dispatch[code[pc++]];
do_add:
	sp--;
	sp[-1] += sp[0];
	steps++;
	goto *dispatch[code[pc++]];
do_sub:
	sp--;
	sp[-1] -= sp[0];
	steps++;
	goto *dispatch[code[pc++]];
do_mul:
	sp--;
	sp[-1] *= sp[0];
	steps++;
	goto *dispatch[code[pc++]];
do_xor:
	sp--;
	sp[-1] ^= sp[0];
	steps++;
	goto *dispatch[code[pc++]];
do_shr:
	sp--;
	sp[-1] = (u64)sp[-1] >> (sp[0] & 63);
	steps++;
	goto *dispatch[code[pc++]];
do_lt:
	sp--;
	sp[-1] = sp[-1] < sp[0];
	steps++;
	goto *dispatch[code[pc++]];
do_jz:
	v = *--sp;
	pc = v ? pc + 1 : code[pc];
	steps++;
	goto *dispatch[code[pc++]];
do_jmp:
	pc = code[pc];
	steps++;
	goto *dispatch[code[pc++]];
do_call:
	fp++;
	fp->ret_pc = pc + 1;
	fp->base = sp - vm->stack - 1;
	pc = code[pc];
	steps++;
	goto *dispatch[code[pc++]];
do_ret:
	v = sp[-1];
	sp = vm->stack + fp->base;
	*sp++ = v;
	pc = fp->ret_pc;
	fp--;
	steps++;
	goto *dispatch[code[pc++]];
do_halt:
	vm->steps += steps;
	return sp[-1];
}

/* fib(n) = n < 2 ? n : fib(n - 1) + fib(n - 2), then HALT. */
static int asm_fib(struct asm_buf *a)
{
	int entry, fib, jz;

	entry = a->len;
	emit_imm(a, OP_CALL, 0);
	emit(a, OP_HALT);
	fib = a->len;
	a->code[entry + 1] = fib;
	emit_imm(a, OP_ARG, 0);
	emit_imm(a, OP_PUSH, 2);
	emit(a, OP_LT);
	jz = emit_imm(a, OP_JZ, 0);
	emit_imm(a, OP_ARG, 0);
	emit(a, OP_RET);
	a->code[jz] = a->len;
	emit_imm(a, OP_ARG, 0);
	emit_imm(a, OP_PUSH, 1);
	emit(a, OP_SUB);
	emit_imm(a, OP_CALL, fib);
	emit_imm(a, OP_ARG, 0);
	emit_imm(a, OP_PUSH, 2);
	emit(a, OP_SUB);
	emit_imm(a, OP_CALL, fib);
	emit(a, OP_ADD);
	emit(a, OP_RET);
	return entry;
}

/*
 * g0 = 0 (i), g1 = 0 (acc); while (i < n) { heap[i] = heap[i] * 3 + i;
 * acc = (acc ^ heap[i]) + (acc >> 7); i = i + 1 } HALT acc.
 */
static int asm_loop(struct asm_buf *a)
{
	int entry = a->len, top, jz;

	emit_imm(a, OP_PUSH, 0);
	emit_imm(a, OP_SET, 0);
	emit_imm(a, OP_PUSH, 0);
	emit_imm(a, OP_SET, 1);
	top = a->len;
	emit_imm(a, OP_GET, 0);
	emit_imm(a, OP_ARG, 0);
	emit(a, OP_LT);
	jz = emit_imm(a, OP_JZ, 0);
	emit_imm(a, OP_GET, 0);			/* heap[i] = ... */
	emit_imm(a, OP_GET, 0);
	emit(a, OP_LOAD);
	emit_imm(a, OP_PUSH, 3);
	emit(a, OP_MUL);
	emit_imm(a, OP_GET, 0);
	emit(a, OP_ADD);
	emit(a, OP_STORE);
	emit_imm(a, OP_GET, 1);			/* acc = ... */
	emit_imm(a, OP_GET, 0);
	emit(a, OP_LOAD);
	emit(a, OP_XOR);
	emit_imm(a, OP_GET, 1);
	emit_imm(a, OP_PUSH, 7);
	emit(a, OP_SHR);
	emit(a, OP_ADD);
	emit_imm(a, OP_SET, 1);
	emit_imm(a, OP_GET, 0);			/* i = i + 1 */
	emit_imm(a, OP_PUSH, 1);
	emit(a, OP_ADD);
	emit_imm(a, OP_SET, 0);
	emit_imm(a, OP_JMP, top);
	a->code[jz] = a->len;
	emit_imm(a, OP_GET, 1);
	emit(a, OP_HALT);
	return entry;
}

/* Counts the primes below n (n <= HEAP_SIZE) with heap[] as the sieve. */
static int asm_sieve(struct asm_buf *a)
{
	int entry = a->len, outer, inner, skip, marked, jz_out, jz_in;

	emit_imm(a, OP_PUSH, 0);		/* clear heap[0..n) */
	emit_imm(a, OP_SET, 0);
	outer = a->len;
	emit_imm(a, OP_GET, 0);
	emit_imm(a, OP_ARG, 0);
	emit(a, OP_LT);
	jz_out = emit_imm(a, OP_JZ, 0);
	emit_imm(a, OP_GET, 0);
	emit_imm(a, OP_PUSH, 0);
	emit(a, OP_STORE);
	emit_imm(a, OP_GET, 0);
	emit_imm(a, OP_PUSH, 1);
	emit(a, OP_ADD);
	emit_imm(a, OP_SET, 0);
	emit_imm(a, OP_JMP, outer);
	a->code[jz_out] = a->len;
	emit_imm(a, OP_PUSH, 2);		/* g0 = i = 2, g2 = count */
	emit_imm(a, OP_SET, 0);
	emit_imm(a, OP_PUSH, 0);
	emit_imm(a, OP_SET, 2);
	outer = a->len;
	emit_imm(a, OP_GET, 0);
	emit_imm(a, OP_ARG, 0);
	emit(a, OP_LT);
	jz_out = emit_imm(a, OP_JZ, 0);
	emit_imm(a, OP_GET, 0);			/* marked: on to the next i */
	emit(a, OP_LOAD);
	skip = emit_imm(a, OP_JZ, 0);
	marked = emit_imm(a, OP_JMP, 0);
	a->code[skip] = a->len;
	emit_imm(a, OP_GET, 2);			/* count++ */
	emit_imm(a, OP_PUSH, 1);
	emit(a, OP_ADD);
	emit_imm(a, OP_SET, 2);
	emit_imm(a, OP_GET, 0);			/* j = i + i */
	emit_imm(a, OP_GET, 0);
	emit(a, OP_ADD);
	emit_imm(a, OP_SET, 1);
	inner = a->len;
	emit_imm(a, OP_GET, 1);
	emit_imm(a, OP_ARG, 0);
	emit(a, OP_LT);
	jz_in = emit_imm(a, OP_JZ, 0);
	emit_imm(a, OP_GET, 1);
	emit_imm(a, OP_PUSH, 1);
	emit(a, OP_STORE);
	emit_imm(a, OP_GET, 1);
	emit_imm(a, OP_GET, 0);
	emit(a, OP_ADD);
	emit_imm(a, OP_SET, 1);
	emit_imm(a, OP_JMP, inner);
	a->code[jz_in] = a->len;
	a->code[marked] = a->len;
	emit_imm(a, OP_GET, 0);
	emit_imm(a, OP_PUSH, 1);
	emit(a, OP_ADD);
	emit_imm(a, OP_SET, 0);
	emit_imm(a, OP_JMP, outer);
	a->code[jz_out] = a->len;
	emit_imm(a, OP_GET, 2);
	emit(a, OP_HALT);
	return entry;
}

static s64 fib_c(s64 n)
{
	return n < 2 ? n : fib_c(n - 1) + fib_c(n - 2);
}

static s64 loop_c(s64 n, s64 *heap)
{
	s64 i, acc = 0;

	for (i = 0; i < n; i++) {
		heap[i & (HEAP_SIZE - 1)] = heap[i & (HEAP_SIZE - 1)] * 3 + i;
		acc = (acc ^ heap[i & (HEAP_SIZE - 1)]) + ((u64)acc >> 7);
	}
	return acc;
}

static s64 primes_c(s64 n)
{
	s64 i, count = 0;

	for (i = 2; i < n; i++) {
		s64 d;

		for (d = 2; d * d <= i && i % d; d++)
			;
		count += d * d > i;
	}
	return count;
}

/* What the sieve leaves in the heap: 1 for composites below n. */
static void sieve_c(s64 n, s64 *heap)
{
	s64 i, j;

	for (i = 0; i < n; i++)
		heap[i] = 0;
	for (i = 2; i < n; i++)
		if (!heap[i])
			for (j = i + i; j < n; j += i)
				heap[j] = 1;
}

#define FIB_N		22
#define LOOP_N		20000
#define SIEVE_N		8000
#define REPEATS		45

static s64 shadow_heap[HEAP_SIZE];

int main(void)
{
	static struct asm_buf prog;
	struct vm *vm = &the_vm;
	int fib, loop, sieve, r;
	u64 sum = 0;
	s64 v, want;

	fib = asm_fib(&prog);
	loop = asm_loop(&prog);
	sieve = asm_sieve(&prog);
	for (r = 0; r < REPEATS; r++) {
		v = run(vm, prog.code, fib, FIB_N + (r & 1));
		want = fib_c(FIB_N + (r & 1));
		if (v != want)
			return bench_fail("interp", "fib", v, want);
		sum = bench_mix(sum, v);

		v = run(vm, prog.code, loop, LOOP_N);
		want = loop_c(LOOP_N, shadow_heap);
		if (v != want)
			return bench_fail("interp", "loop", v, want);
		sum = bench_mix(sum, v);

		v = run(vm, prog.code, sieve, SIEVE_N - r);
		want = primes_c(SIEVE_N - r);
		if (v != want)
			return bench_fail("interp", "sieve", v, want);
		sum = bench_mix(sum, v);
		sieve_c(SIEVE_N - r, shadow_heap);
		sum = bench_mix(sum, vm->steps);
	}
	return bench_result("interp", sum);
}

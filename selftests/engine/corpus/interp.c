// SPDX-License-Identifier: GPL-2.0
/*
 * interp.c - a small stack-machine bytecode interpreter (switch dispatch)
 * running three programs: iterative Fibonacci, a prime sieve over a data
 * array, and Euclid's gcd over pairs.
 */
#include "corpus.h"

enum {
	PUSH,	/* push imm */
	LOAD,	/* push var[imm] */
	STORE,	/* var[imm] = pop */
	ADD, SUB, MUL, MOD,
	LT,	/* a b -> a < b */
	JZ,	/* pop; jump to imm if zero */
	JMP,
	ALOAD,	/* i -> mem[i] */
	ASTORE,	/* i v -> mem[i] = v */
	PRINT,	/* pop and print */
	HALT,
};

struct vm {
	s64 stack[64];
	s64 var[8];
	s64 mem[1024];
	int sp;
	u64 steps;
};

static s64 pop(struct vm *vm)
{
	return vm->stack[--vm->sp];
}

static void push(struct vm *vm, s64 v)
{
	vm->stack[vm->sp++] = v;
}

static void run(struct vm *vm, const s64 *code)
{
	int pc = 0;
	s64 a, b;

	for (;;) {
		s64 op = code[pc++];

		vm->steps++;
		switch (op) {
		case PUSH:
			push(vm, code[pc++]);
			break;
		case LOAD:
			push(vm, vm->var[code[pc++]]);
			break;
		case STORE:
			vm->var[code[pc++]] = pop(vm);
			break;
		case ADD:
			b = pop(vm);
			push(vm, pop(vm) + b);
			break;
		case SUB:
			b = pop(vm);
			push(vm, pop(vm) - b);
			break;
		case MUL:
			b = pop(vm);
			push(vm, pop(vm) * b);
			break;
		case MOD:
			b = pop(vm);
			a = pop(vm);
			push(vm, b ? a % b : 0);
			break;
		case LT:
			b = pop(vm);
			push(vm, pop(vm) < b);
			break;
		case JZ:
			if (!pop(vm))
				pc = (int)code[pc];
			else
				pc++;
			break;
		case JMP:
			pc = (int)code[pc];
			break;
		case ALOAD:
			push(vm, vm->mem[pop(vm) & 1023]);
			break;
		case ASTORE:
			b = pop(vm);
			vm->mem[pop(vm) & 1023] = b;
			break;
		case PRINT:
			con_printf("%ld ", pop(vm));
			break;
		default:
			return;
		}
	}
}

/*
 * Programs are written through a tiny assembler so that jumps name labels
 * instead of hand-counted offsets.
 */
struct prog {
	s64 code[256];
	int n;
	int label[16];
	int fixup[32];		/* code index holding a label number */
	int nfixup;
};

static void emit(struct prog *p, s64 op)
{
	p->code[p->n++] = op;
}

static void emit1(struct prog *p, s64 op, s64 imm)
{
	emit(p, op);
	emit(p, imm);
}

static void jump(struct prog *p, s64 op, int label)
{
	emit(p, op);
	p->fixup[p->nfixup++] = p->n;
	emit(p, label);
}

static void here(struct prog *p, int label)
{
	p->label[label] = p->n;
}

static const s64 *link(struct prog *p)
{
	int i;

	for (i = 0; i < p->nfixup; i++)
		p->code[p->fixup[i]] = p->label[p->code[p->fixup[i]]];
	return p->code;
}

/* v0 = a, v1 = b, v2 = i: print fib(90). */
static const s64 *fib_prog(struct prog *p)
{
	emit1(p, PUSH, 0); emit1(p, STORE, 0);
	emit1(p, PUSH, 1); emit1(p, STORE, 1);
	emit1(p, PUSH, 0); emit1(p, STORE, 2);
	here(p, 0);
	emit1(p, LOAD, 2); emit1(p, PUSH, 90); emit(p, LT);
	jump(p, JZ, 1);
	emit1(p, LOAD, 0); emit1(p, LOAD, 1); emit(p, ADD);
	emit1(p, LOAD, 1); emit1(p, STORE, 0); emit1(p, STORE, 1);
	emit1(p, LOAD, 2); emit1(p, PUSH, 1); emit(p, ADD);
	emit1(p, STORE, 2);
	jump(p, JMP, 0);
	here(p, 1);
	emit1(p, LOAD, 0); emit(p, PRINT); emit(p, HALT);
	return link(p);
}

/* Sieve below 1000 in mem[] (v0 = i, v1 = j), then count (v2). */
static const s64 *sieve_prog(struct prog *p)
{
	emit1(p, PUSH, 2); emit1(p, STORE, 0);
	here(p, 0);				/* for i while i * i < 1000 */
	emit1(p, LOAD, 0); emit1(p, LOAD, 0); emit(p, MUL);
	emit1(p, PUSH, 1000); emit(p, LT);
	jump(p, JZ, 3);
	emit1(p, LOAD, 0); emit(p, ALOAD);
	jump(p, JZ, 1);				/* i not marked: a prime */
	jump(p, JMP, 2);
	here(p, 1);
	emit1(p, LOAD, 0); emit1(p, LOAD, 0); emit(p, MUL);
	emit1(p, STORE, 1);
	here(p, 4);				/* for j = i * i; j < 1000 */
	emit1(p, LOAD, 1); emit1(p, PUSH, 1000); emit(p, LT);
	jump(p, JZ, 2);
	emit1(p, LOAD, 1); emit1(p, PUSH, 1); emit(p, ASTORE);
	emit1(p, LOAD, 1); emit1(p, LOAD, 0); emit(p, ADD);
	emit1(p, STORE, 1);
	jump(p, JMP, 4);
	here(p, 2);				/* i++ */
	emit1(p, LOAD, 0); emit1(p, PUSH, 1); emit(p, ADD);
	emit1(p, STORE, 0);
	jump(p, JMP, 0);
	here(p, 3);				/* count unmarked from 2 */
	emit1(p, PUSH, 2); emit1(p, STORE, 0);
	emit1(p, PUSH, 0); emit1(p, STORE, 2);
	here(p, 5);
	emit1(p, LOAD, 0); emit1(p, PUSH, 1000); emit(p, LT);
	jump(p, JZ, 7);
	emit1(p, LOAD, 0); emit(p, ALOAD);
	jump(p, JZ, 6);
	jump(p, JMP, 8);
	here(p, 6);
	emit1(p, LOAD, 2); emit1(p, PUSH, 1); emit(p, ADD);
	emit1(p, STORE, 2);
	here(p, 8);
	emit1(p, LOAD, 0); emit1(p, PUSH, 1); emit(p, ADD);
	emit1(p, STORE, 0);
	jump(p, JMP, 5);
	here(p, 7);
	emit1(p, LOAD, 2); emit(p, PRINT); emit(p, HALT);
	return link(p);
}

/* gcd(v0, v1) by repeated modulo. */
static const s64 *gcd_prog(struct prog *p)
{
	here(p, 0);
	emit1(p, LOAD, 1);
	jump(p, JZ, 1);
	emit1(p, LOAD, 0); emit1(p, LOAD, 1); emit(p, MOD);
	emit1(p, LOAD, 1); emit1(p, STORE, 0); emit1(p, STORE, 1);
	jump(p, JMP, 0);
	here(p, 1);
	emit1(p, LOAD, 0); emit(p, PRINT); emit(p, HALT);
	return link(p);
}

static struct vm vm;
static struct prog progs[3];

int main(void)
{
	static const s64 pairs[][2] = { { 1071, 462 }, { 0x7fffffff, 65537 },
					{ 1L << 40, 1L << 20 }, { 17, 0 },
					{ 270, 192 }, { -48, 18 } };
	const s64 *gcd;
	unsigned int i;

	run(&vm, fib_prog(&progs[0]));
	run(&vm, sieve_prog(&progs[1]));
	gcd = gcd_prog(&progs[2]);
	for (i = 0; i < ARRAY_SIZE(pairs); i++) {
		vm.var[0] = pairs[i][0];
		vm.var[1] = pairs[i][1];
		run(&vm, gcd);
	}
	con_printf("\nsteps %lu stack %d\n", vm.steps, vm.sp);
	return 34;
}

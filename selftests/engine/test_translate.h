/* SPDX-License-Identifier: GPL-2.0 */
/*
 * test_translate.h - a tiny host for running guest code through the
 * engine in the translator's selftests: 1 MiB of RAM at 0x40000000, a
 * device page at 0x09000000 that records accesses, and an mmap'ed code
 * cache.  Guest programs are arrays of hand-assembled A64 words; a
 * "HLT #0xF000" (a semihosting call) ends each of them.
 */
#ifndef XVM_TEST_TRANSLATE_H
#define XVM_TEST_TRANSLATE_H

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"

#define TVM_RAM_BASE	0x40000000ULL
#define TVM_RAM_SIZE	BIT(20)
#define TVM_DEV_BASE	0x09000000ULL
#define TVM_DEV_SIZE	0x1000ULL

#define A64_HLT_SEMI	0xd45e0000U	/* hlt #0xf000 */
#define A64_NOP		0xd503201fU
#define A64_B_SELF	0x14000000U	/* b . */

struct tvm {
	struct xvm_vcpu *vcpu;
	struct a64_cpu *cpu;
	u8 *ram;
	void *code;
	unsigned long code_size;
	/* The device page: last access, and what reads return. */
	unsigned int dev_reads, dev_writes;
	u64 dev_addr, dev_data, dev_read_value;
	unsigned int dev_size;
	bool dev_defer;			/* answer XVM_MMIO_EXIT */
};

static inline void *tvm_alloc(void *opaque, unsigned long size)
{
	return calloc(1, size);
}

static inline void tvm_free(void *opaque, void *p)
{
	free(p);
}

static inline void *tvm_ram_page(void *opaque, u64 gpa)
{
	struct tvm *t = opaque;

	if (gpa - TVM_RAM_BASE >= TVM_RAM_SIZE)
		return NULL;
	return t->ram + (gpa - TVM_RAM_BASE);
}

static inline int tvm_mmio(void *opaque, u64 gpa, unsigned int size,
			   bool write, u64 *data)
{
	struct tvm *t = opaque;

	if (gpa - TVM_DEV_BASE >= TVM_DEV_SIZE)
		return XVM_MMIO_UNMAPPED;
	if (t->dev_defer)
		return XVM_MMIO_EXIT;
	t->dev_addr = gpa;
	t->dev_size = size;
	if (write) {
		t->dev_writes++;
		t->dev_data = *data;
	} else {
		t->dev_reads++;
		*data = t->dev_read_value;
	}
	return XVM_MMIO_OK;
}

static inline u64 tvm_counter(void *opaque)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 62500000ULL + ts.tv_nsec / 16;
}

static const struct xvm_host_ops tvm_ops = {
	.alloc = tvm_alloc,
	.free = tvm_free,
	.ram_page = tvm_ram_page,
	.mmio = tvm_mmio,
	.counter = tvm_counter,
};

/* A machine with @code_size bytes of code cache and the given flags. */
static inline struct tvm *tvm_new_flags(unsigned long code_size, u32 flags)
{
	struct xvm_vcpu_config cfg = { 0 };
	struct tvm *t = calloc(1, sizeof(*t));

	if (!t || xvm_engine_init())
		return NULL;
	t->ram = mmap(NULL, TVM_RAM_SIZE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	t->code_size = code_size;
	t->code = mmap(NULL, code_size, PROT_READ | PROT_WRITE | PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (t->ram == MAP_FAILED || t->code == MAP_FAILED)
		return NULL;
	cfg.code = t->code;
	cfg.code_size = code_size;
	cfg.ops = &tvm_ops;
	cfg.opaque = t;
	cfg.flags = flags;
	t->vcpu = xvm_vcpu_create(&cfg);
	if (!t->vcpu)
		return NULL;
	t->cpu = xvm_vcpu_cpu(t->vcpu);
	a64_cpu_reset(t->cpu, TVM_RAM_BASE);
	t->cpu->sp = TVM_RAM_BASE + TVM_RAM_SIZE;
	return t;
}

static inline struct tvm *tvm_new(void)
{
	return tvm_new_flags(1UL << 20, XVM_CFG_COUNT_INSNS);
}

static inline void tvm_free_all(struct tvm *t)
{
	if (!t)
		return;
	xvm_vcpu_destroy(t->vcpu);
	munmap(t->ram, TVM_RAM_SIZE);
	munmap(t->code, t->code_size);
	free(t);
}

/* Host view of guest RAM. */
static inline void *tvm_mem(struct tvm *t, u64 gpa)
{
	return t->ram + (gpa - TVM_RAM_BASE);
}

/* Copy @n words to @gpa (the host changed guest code: invalidate). */
static inline void tvm_put(struct tvm *t, u64 gpa, const u32 *words,
			   unsigned int n)
{
	memcpy(tvm_mem(t, gpa), words, 4 * n);
	xvm_vcpu_invalidate(t->vcpu, gpa, 4 * n);
}

static inline u32 tvm_get32(struct tvm *t, u64 gpa)
{
	u32 v;

	memcpy(&v, tvm_mem(t, gpa), 4);
	return v;
}

static inline u64 tvm_get64(struct tvm *t, u64 gpa)
{
	u64 v;

	memcpy(&v, tvm_mem(t, gpa), 8);
	return v;
}

static inline void tvm_set64(struct tvm *t, u64 gpa, u64 v)
{
	memcpy(tvm_mem(t, gpa), &v, 8);
}

/* Load @n words at the start of RAM, followed by the semihosting HLT. */
static inline void tvm_program(struct tvm *t, const u32 *words,
			       unsigned int n)
{
	u32 end = A64_HLT_SEMI;

	tvm_put(t, TVM_RAM_BASE, words, n);
	tvm_put(t, TVM_RAM_BASE + 4 * n, &end, 1);
	t->cpu->pc = TVM_RAM_BASE;
}

static inline int tvm_run(struct tvm *t, struct xvm_exit *x)
{
	memset(x, 0, sizeof(*x));
	return xvm_vcpu_run(t->vcpu, x);
}

static inline u64 tvm_nzcv(struct tvm *t)
{
	return (t->cpu->pstate >> 28) & 0xf;
}

/*
 * A thread that asks the vCPU to exit after @ms milliseconds, unless
 * tvm_kick_join() comes first: a request left pending would stop the
 * next run at once.
 */
struct tvm_kick {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool done;
	struct xvm_vcpu *vcpu;
	unsigned int ms;
};

static inline void *tvm_kick_fn(void *arg)
{
	struct tvm_kick *k = arg;
	struct timespec until;
	int r = 0;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += (long)k->ms * 1000000L;
	until.tv_sec += until.tv_nsec / 1000000000L;
	until.tv_nsec %= 1000000000L;
	pthread_mutex_lock(&k->lock);
	while (!k->done && r == 0)
		r = pthread_cond_timedwait(&k->cond, &k->lock, &until);
	if (!k->done)
		xvm_vcpu_request_exit(k->vcpu);
	pthread_mutex_unlock(&k->lock);
	return NULL;
}

static inline void tvm_kick_start(struct tvm_kick *k, struct tvm *t,
				  unsigned int ms)
{
	k->vcpu = t->vcpu;
	k->ms = ms;
	k->done = false;
	pthread_mutex_init(&k->lock, NULL);
	pthread_cond_init(&k->cond, NULL);
	pthread_create(&k->thread, NULL, tvm_kick_fn, k);
}

/* Call off the kick (if it has not fired yet) and wait for it. */
static inline void tvm_kick_join(struct tvm_kick *k)
{
	pthread_mutex_lock(&k->lock);
	k->done = true;
	pthread_cond_signal(&k->cond);
	pthread_mutex_unlock(&k->lock);
	pthread_join(k->thread, NULL);
	pthread_mutex_destroy(&k->lock);
	pthread_cond_destroy(&k->cond);
}

#endif /* XVM_TEST_TRANSLATE_H */

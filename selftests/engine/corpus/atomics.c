// SPDX-License-Identifier: GPL-2.0
/*
 * atomics.c - C11 atomics as GCC expands them for ARMv8.0 (exclusive
 * load/store loops with acquire/release variants): fetch-add/sub/and/or/
 * xor, exchange, strong and weak compare-exchange, at 1, 2, 4 and 8 bytes,
 * plus a spinlock-protected counter.
 */
#include "corpus.h"

static u8 a8;
static u16 a16;
static u32 a32;
static u64 a64;
static u32 lock;
static u64 counter;

#define EXERCISE(var, type)						\
({									\
	type _old, _exp;						\
	u64 _h = 0;							\
	int _i;								\
									\
	for (_i = 0; _i < 100; _i++) {					\
		_old = __atomic_fetch_add(&var, (type)(_i * 3), __ATOMIC_SEQ_CST); \
		_h = _h * 31 + _old;					\
		_old = __atomic_fetch_xor(&var, (type)0x5a5a5a5a5a5a5a5aUL, \
					  __ATOMIC_ACQ_REL);		\
		_h = _h * 31 + _old;					\
		_old = __atomic_fetch_or(&var, (type)(1UL << (_i % (8 * sizeof(type)))), \
					 __ATOMIC_RELEASE);		\
		_h = _h * 31 + _old;					\
		_old = __atomic_fetch_and(&var, (type)~(3UL << (_i % 7)), \
					  __ATOMIC_ACQUIRE);		\
		_h = _h * 31 + _old;					\
		_old = __atomic_fetch_sub(&var, (type)7, __ATOMIC_RELAXED); \
		_h = _h * 31 + _old;					\
		_old = __atomic_exchange_n(&var, (type)(_old * 5 + 1),	\
					   __ATOMIC_SEQ_CST);		\
		_h = _h * 31 + _old;					\
		_exp = (type)(_old * 5 + 1);				\
		_h = _h * 31 + __atomic_compare_exchange_n(&var, &_exp,	\
			(type)(_exp + 9), false, __ATOMIC_SEQ_CST,	\
			__ATOMIC_RELAXED);				\
		_exp = (type)(_exp + 1);	/* wrong: must fail */	\
		_h = _h * 31 + __atomic_compare_exchange_n(&var, &_exp,	\
			(type)0, false, __ATOMIC_ACQ_REL,		\
			__ATOMIC_ACQUIRE);				\
		_h = _h * 31 + _exp;	/* the value it saw */		\
	}								\
	_h;								\
})

static void spin_lock(u32 *l)
{
	u32 expected;

	do {
		expected = 0;
	} while (!__atomic_compare_exchange_n(l, &expected, 1, true,
					      __ATOMIC_ACQUIRE,
					      __ATOMIC_RELAXED));
}

static void spin_unlock(u32 *l)
{
	__atomic_store_n(l, 0, __ATOMIC_RELEASE);
}

int main(void)
{
	int i;

	con_printf("u8  %016lx %02x\n", EXERCISE(a8, u8), a8);
	con_printf("u16 %016lx %04x\n", EXERCISE(a16, u16), a16);
	con_printf("u32 %016lx %08x\n", EXERCISE(a32, u32), a32);
	con_printf("u64 %016lx %016lx\n", EXERCISE(a64, u64), a64);
	for (i = 0; i < 500; i++) {
		spin_lock(&lock);
		counter += (u64)i;
		spin_unlock(&lock);
	}
	con_printf("locked counter %lu lock %u\n", counter,
		   __atomic_load_n(&lock, __ATOMIC_SEQ_CST));
	return 39;
}

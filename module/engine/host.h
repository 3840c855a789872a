/* SPDX-License-Identifier: GPL-2.0 */
/*
 * host.h - the engine's only window on its host.
 *
 * The translation engine is one body of portable C compiled twice: into
 * xvm.ko (with __KERNEL__ defined) and into the user-space soft accelerator.
 * Engine files include this header and nothing else from the host: no
 * <linux/...> and no libc headers appear anywhere else under engine/.
 */
#ifndef XVM_ENGINE_HOST_H
#define XVM_ENGINE_HOST_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#include <linux/compiler.h>
#include <linux/build_bug.h>
#include <linux/bits.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/cdefs.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)
#define BUILD_BUG_ON(cond) _Static_assert(!(cond), #cond)
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define BIT(n)		(1UL << (n))
#define BIT_ULL(n)	(1ULL << (n))
#define GENMASK_ULL(h, l) \
	((~0ULL << (l)) & (~0ULL >> (63 - (h))))
#define __maybe_unused	__attribute_maybe_unused__	/* <sys/cdefs.h> */
#define fallthrough	__attribute__((__fallthrough__))
#endif

#endif /* XVM_ENGINE_HOST_H */

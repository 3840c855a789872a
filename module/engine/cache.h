/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cache.h - the code cache: translated blocks, their lookup by guest PC,
 * direct-branch chaining and invalidation by guest page.
 *
 * The host hands the engine one executable region.  Its start holds the
 * trampolines that enter and leave translated code.  The rest is split in
 * two: block bodies are appended to the first part, and their cold code
 * (memory slow paths, exit stubs) to the second, so that the code that
 * runs is dense.  When either part is full everything is dropped at once
 * ("flush").  Block descriptors live in a separate array allocated
 * through the host's alloc op.
 */
#ifndef XVM_ENGINE_CACHE_H
#define XVM_ENGINE_CACHE_H

#include "host.h"

struct xlat_block;

/*
 * A direct branch leaving a translation.  Until its target is translated,
 * @site (a rel32 field of a jmp or jcc) points at @stub, code that returns
 * to the dispatcher with XLAT_EXIT_CHAIN; the dispatcher then points @site
 * at the target's code ("chaining") and records the slot on the target's
 * incoming list so that it can be undone.  Slots come from one pool; a
 * slot's index is its id.
 */
struct xlat_exit_slot {
	u8 *site;
	u8 *stub;
	u64 target_pc;
	struct xlat_block *owner;
	struct xlat_block *target;	/* NULL while unchained */
	struct xlat_exit_slot *next_in;	/* on target->incoming */
};

/*
 * One translation: a block, or a region of blocks of one guest page
 * translated together.  It is entered at @pc only and covers the guest
 * bytes [lo, hi).
 */
struct xlat_block {
	u64 pc;
	u64 lo;
	u64 hi;
	u32 mode;
	u32 code_size;
	u8 *code;
	u32 first_exit;			/* in the slot pool */
	u16 nr_exits;
	bool valid;
	struct xlat_block *hash_next;
	struct xlat_block *page_next;	/* same guest page */
	struct xlat_exit_slot *incoming;
};

/* A guest page that holds translated code. */
struct xlat_page {
	u64 page;			/* guest page number */
	u64 code_map;			/* 64-byte granules with code */
	struct xlat_block *blocks;
	struct xlat_page *hash_next;
};

#define XLAT_GRANULE_SHIFT	6	/* 4096 / 64 granules per page */

struct xlat_cache {
	u8 *base;
	unsigned long size;
	u8 *blocks_start;		/* first byte after the trampolines */
	u8 *cur;			/* next free byte for block bodies */
	u8 *cold_start;			/* second part: slow paths, stubs */
	u8 *cold_cur;

	struct xlat_block *blocks;
	u32 nr_blocks;
	u32 max_blocks;
	struct xlat_exit_slot *slots;
	u32 nr_slots;
	u32 max_slots;
	struct xlat_block **hash;
	u32 hash_mask;

	struct xlat_page *pages;
	u32 nr_pages;
	struct xlat_page **page_hash;
	u32 page_hash_mask;

	/* Trampolines (see trampoline.c). */
	u8 *enter;			/* int enter(env, code) */
	u8 *exit;			/* return eax to the dispatcher */
	u8 *exit_lookup;		/* eax = LOOKUP, then exit */
	u8 *exit_host;			/* eax = HOST, then exit */
};

struct xvm_vcpu;

int xlat_cache_init(struct xvm_vcpu *vcpu, void *code, unsigned long size);
void xlat_cache_destroy(struct xvm_vcpu *vcpu);
/* Drop every block; the trampolines stay. */
void xlat_cache_flush(struct xvm_vcpu *vcpu);

struct xlat_block *xlat_cache_lookup(struct xvm_vcpu *vcpu, u64 pc,
				     u32 mode);
/* A descriptor for a new block, or NULL when the table is full. */
struct xlat_block *xlat_block_alloc(struct xvm_vcpu *vcpu);
/* Make a fully emitted block visible to lookups. */
void xlat_block_commit(struct xvm_vcpu *vcpu, struct xlat_block *b);

/* A new exit slot of @owner, or NULL when the pool is full. */
struct xlat_exit_slot *xlat_slot_alloc(struct xvm_vcpu *vcpu,
				       struct xlat_block *owner);
u32 xlat_slot_id(struct xvm_vcpu *vcpu, const struct xlat_exit_slot *s);
/* The slot behind an id from translated code; NULL if it is stale. */
struct xlat_exit_slot *xlat_slot_get(struct xvm_vcpu *vcpu, u32 id);

/* Point exit slot @s at @to. */
void xlat_chain(struct xvm_vcpu *vcpu, struct xlat_exit_slot *s,
		struct xlat_block *to);

/* Drop the blocks whose guest code overlaps [addr, addr + len). */
void xlat_cache_invalidate(struct xvm_vcpu *vcpu, u64 addr, u64 len);

/* Does the guest page @page hold code overlapping [addr, addr+len)? */
bool xlat_page_has_code(struct xvm_vcpu *vcpu, u64 addr, u64 len);
struct xlat_page *xlat_page_find(struct xvm_vcpu *vcpu, u64 page);

#endif /* XVM_ENGINE_CACHE_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * cache.c - translated blocks: lookup by guest PC, chaining, invalidation.
 *
 * Blocks never cross a guest page, so each belongs to exactly one
 * struct xlat_page.  A page remembers which 64-byte granules hold code it
 * translated: a store into such a granule (seen by the store slow path,
 * because the TLB keeps write tags of code pages invalid) drops the blocks
 * it overlaps; a store elsewhere in the page only pays the slow path.
 */
#include "vcpu.h"
#include "xlat.h"
#include "x86/emit.h"

static u32 pow2_at_least(u32 n)
{
	u32 p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

static u32 pc_hash(u64 pc, u32 mask)
{
	u64 h = (pc >> 2) ^ (pc >> 13) ^ (pc >> 29);

	return (u32)h & mask;
}

static u32 page_hash(u64 page, u32 mask)
{
	return (u32)(page ^ (page >> 11) ^ (page >> 23)) & mask;
}

int xlat_cache_init(struct xvm_vcpu *vcpu, void *code, unsigned long size)
{
	struct xlat_cache *c = &vcpu->cache;
	const struct xvm_host_ops *ops = vcpu->ops;
	unsigned long n = size / 256;

	if (size < 64 * 1024 || size > (1UL << 30))
		return -1;
	c->base = code;
	c->size = size;
	c->max_blocks = n < 256 ? 256 : n;
	c->hash_mask = pow2_at_least(c->max_blocks) - 1;
	c->page_hash_mask = c->hash_mask;

	c->blocks = ops->alloc(vcpu->opaque,
			       c->max_blocks * sizeof(*c->blocks));
	c->hash = ops->alloc(vcpu->opaque,
			     (c->hash_mask + 1UL) * sizeof(*c->hash));
	c->pages = ops->alloc(vcpu->opaque,
			      c->max_blocks * sizeof(*c->pages));
	c->max_slots = 4 * c->max_blocks;
	c->slots = ops->alloc(vcpu->opaque,
			      c->max_slots * sizeof(*c->slots));
	c->page_hash = ops->alloc(vcpu->opaque,
				  (c->page_hash_mask + 1UL) *
				  sizeof(*c->page_hash));
	if (!c->blocks || !c->hash || !c->pages || !c->page_hash ||
	    !c->slots)
		return -1;

	if (xlat_emit_trampolines(vcpu))
		return -1;
	c->cur = c->blocks_start;
	/* Cold code is about as large as hot code, stubs included. */
	c->cold_start = c->blocks_start +
			((c->base + size - c->blocks_start) / 2 & ~63UL);
	c->cold_cur = c->cold_start;
	return 0;
}

void xlat_cache_destroy(struct xvm_vcpu *vcpu)
{
	struct xlat_cache *c = &vcpu->cache;
	void *opaque = vcpu->opaque;

	if (c->blocks)
		vcpu->ops->free(opaque, c->blocks);
	if (c->hash)
		vcpu->ops->free(opaque, c->hash);
	if (c->pages)
		vcpu->ops->free(opaque, c->pages);
	if (c->page_hash)
		vcpu->ops->free(opaque, c->page_hash);
	if (c->slots)
		vcpu->ops->free(opaque, c->slots);
	memset(c, 0, sizeof(*c));
}

void xlat_cache_flush(struct xvm_vcpu *vcpu)
{
	struct xlat_cache *c = &vcpu->cache;

	c->nr_blocks = 0;
	c->nr_pages = 0;
	c->nr_slots = 0;
	memset(c->hash, 0, (c->hash_mask + 1UL) * sizeof(*c->hash));
	memset(c->page_hash, 0,
	       (c->page_hash_mask + 1UL) * sizeof(*c->page_hash));
	c->cur = c->blocks_start;
	c->cold_cur = c->cold_start;
	vcpu->nr_hw_pcs = 0;
	xvm_jc_flush(vcpu);
	vcpu->stats.flushes++;
	vcpu->stats.code_bytes = 0;
}

struct xlat_block *xlat_cache_lookup(struct xvm_vcpu *vcpu, u64 pc,
				     u32 mode)
{
	struct xlat_cache *c = &vcpu->cache;
	struct xlat_block *b = c->hash[pc_hash(pc, c->hash_mask)];

	for (; b; b = b->hash_next)
		if (b->pc == pc && b->mode == mode)
			return b;
	return NULL;
}

struct xlat_block *xlat_block_alloc(struct xvm_vcpu *vcpu)
{
	struct xlat_cache *c = &vcpu->cache;
	struct xlat_block *b;

	if (c->nr_blocks >= c->max_blocks)
		return NULL;
	b = &c->blocks[c->nr_blocks];
	memset(b, 0, sizeof(*b));
	return b;
}

struct xlat_page *xlat_page_find(struct xvm_vcpu *vcpu, u64 page)
{
	struct xlat_cache *c = &vcpu->cache;
	struct xlat_page *p = c->page_hash[page_hash(page, c->page_hash_mask)];

	for (; p; p = p->hash_next)
		if (p->page == page)
			return p;
	return NULL;
}

static struct xlat_page *page_get(struct xvm_vcpu *vcpu, u64 page)
{
	struct xlat_cache *c = &vcpu->cache;
	struct xlat_page *p = xlat_page_find(vcpu, page);
	u32 h;

	if (p)
		return p;
	/* nr_pages <= nr_blocks < max_blocks: there is always room. */
	p = &c->pages[c->nr_pages++];
	memset(p, 0, sizeof(*p));
	p->page = page;
	h = page_hash(page, c->page_hash_mask);
	p->hash_next = c->page_hash[h];
	c->page_hash[h] = p;
	return p;
}

static u64 granules(u64 addr, u64 len)
{
	unsigned int first = (addr & (XVM_PAGE_SIZE - 1)) >>
			     XLAT_GRANULE_SHIFT;
	unsigned int last = ((addr + len - 1) & (XVM_PAGE_SIZE - 1)) >>
			    XLAT_GRANULE_SHIFT;

	return GENMASK_ULL(last, first);
}

void xlat_block_commit(struct xvm_vcpu *vcpu, struct xlat_block *b)
{
	struct xlat_cache *c = &vcpu->cache;
	struct xlat_page *p = page_get(vcpu, b->pc >> XVM_PAGE_SHIFT);
	u32 h = pc_hash(b->pc, c->hash_mask);

	b->valid = true;
	b->hash_next = c->hash[h];
	c->hash[h] = b;
	b->page_next = p->blocks;
	p->blocks = b;
	p->code_map |= granules(b->lo, b->hi - b->lo);
	c->nr_blocks++;
	xvm_tlb_protect_page(vcpu, b->pc & XVM_PAGE_MASK);
	if (vcpu->hw && vcpu->hw->protect_code)
		vcpu->hw->protect_code(vcpu->opaque, b->pc & XVM_PAGE_MASK);
}

struct xlat_exit_slot *xlat_slot_alloc(struct xvm_vcpu *vcpu,
				       struct xlat_block *owner)
{
	struct xlat_cache *c = &vcpu->cache;
	struct xlat_exit_slot *s;

	if (c->nr_slots >= c->max_slots)
		return NULL;
	s = &c->slots[c->nr_slots++];
	memset(s, 0, sizeof(*s));
	s->owner = owner;
	owner->nr_exits++;
	return s;
}

u32 xlat_slot_id(struct xvm_vcpu *vcpu, const struct xlat_exit_slot *s)
{
	return (u32)(s - vcpu->cache.slots);
}

struct xlat_exit_slot *xlat_slot_get(struct xvm_vcpu *vcpu, u32 id)
{
	struct xlat_cache *c = &vcpu->cache;

	if (id >= c->nr_slots || !c->slots[id].owner->valid)
		return NULL;
	return &c->slots[id];
}

void xlat_chain(struct xvm_vcpu *vcpu, struct xlat_exit_slot *s,
		struct xlat_block *to)
{
	if (s->target || !to->valid)
		return;
	x86_patch_rel32(s->site, to->code);
	s->target = to;
	s->next_in = to->incoming;
	to->incoming = s;
	vcpu->stats.chains++;
}

static void unchain_slot(struct xlat_exit_slot *s)
{
	struct xlat_exit_slot **pp;

	if (!s->target)
		return;
	for (pp = &s->target->incoming; *pp; pp = &(*pp)->next_in) {
		if (*pp == s) {
			*pp = s->next_in;
			break;
		}
	}
	x86_patch_rel32(s->site, s->stub);
	s->target = NULL;
	s->next_in = NULL;
}

static void unlink_hash(struct xlat_cache *c, struct xlat_block *b)
{
	struct xlat_block **pp = &c->hash[pc_hash(b->pc, c->hash_mask)];

	for (; *pp; pp = &(*pp)->hash_next) {
		if (*pp == b) {
			*pp = b->hash_next;
			return;
		}
	}
}

/* Make @b unreachable; its code stays in place until the next flush. */
static void block_invalidate(struct xvm_vcpu *vcpu, struct xlat_block *b)
{
	unsigned int i;

	while (b->incoming)
		unchain_slot(b->incoming);
	for (i = 0; i < b->nr_exits; i++)
		unchain_slot(&vcpu->cache.slots[b->first_exit + i]);
	unlink_hash(&vcpu->cache, b);
	b->valid = false;
	vcpu->stats.invalidations++;
}

/* Written so that ranges reaching the top of the address space work. */
static bool overlaps(const struct xlat_block *b, u64 addr, u64 len)
{
	if (b->lo >= addr)
		return b->lo - addr < len;
	return addr - b->lo < b->hi - b->lo;
}

static void page_invalidate(struct xvm_vcpu *vcpu, struct xlat_page *p,
			    u64 addr, u64 len)
{
	struct xlat_block **pp = &p->blocks;
	struct xlat_block *b;

	p->code_map = 0;
	while ((b = *pp)) {
		if (overlaps(b, addr, len)) {
			*pp = b->page_next;
			block_invalidate(vcpu, b);
			continue;
		}
		p->code_map |= granules(b->lo, b->hi - b->lo);
		pp = &b->page_next;
	}
}

void xlat_cache_invalidate(struct xvm_vcpu *vcpu, u64 addr, u64 len)
{
	struct xlat_cache *c = &vcpu->cache;
	u64 first, last, page;
	bool any = false;
	u32 i;

	if (!len)
		return;
	if (addr + len < addr)			/* wraps: up to the top */
		len = -addr;
	first = addr >> XVM_PAGE_SHIFT;
	last = (addr + len - 1) >> XVM_PAGE_SHIFT;
	if (last - first >= c->nr_pages) {
		/* Fewer pages with code than pages in the range. */
		for (i = 0; i < c->nr_pages; i++) {
			struct xlat_page *p = &c->pages[i];

			if (p->page >= first && p->page <= last && p->blocks) {
				page_invalidate(vcpu, p, addr, len);
				any = true;
			}
		}
	} else {
		for (page = first; page <= last; page++) {
			struct xlat_page *p = xlat_page_find(vcpu, page);

			if (p && p->blocks) {
				page_invalidate(vcpu, p, addr, len);
				any = true;
			}
		}
	}
	if (any)
		xvm_jc_flush(vcpu);
}

bool xlat_page_has_code(struct xvm_vcpu *vcpu, u64 addr, u64 len)
{
	struct xlat_page *p = xlat_page_find(vcpu, addr >> XVM_PAGE_SHIFT);
	u64 in_page = XVM_PAGE_SIZE - (addr & (XVM_PAGE_SIZE - 1));

	if (!p || !p->code_map)
		return false;
	if (len > in_page)
		len = in_page;
	return (p->code_map & granules(addr, len)) != 0;
}

void xvm_invalidate_code(struct xvm_vcpu *vcpu, u64 addr, u64 len)
{
	xlat_cache_invalidate(vcpu, addr, len);
}

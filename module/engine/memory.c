// SPDX-License-Identifier: GPL-2.0
/*
 * memory.c - the software TLB and the C side of guest memory accesses.
 *
 * With the guest MMU off a guest address is a guest-physical address.  A
 * TLB entry caches "page -> host address" for RAM pages; translated code
 * compares the page of the last byte it touches against the entry's read
 * or write tag and adds the entry's addend on a hit.  Everything else
 * lands here: refills, device registers (the host's mmio op), accesses
 * that cross a page, and stores to pages holding translated code, which
 * first drop the translations they overwrite.
 */
#include "vcpu.h"
#include "memory.h"
#include "cache.h"

void xvm_tlb_flush(struct xvm_vcpu *vcpu)
{
	unsigned int i;

	for (i = 0; i < XVM_TLB_SIZE; i++) {
		vcpu->tlb[i].read = XVM_TLB_INVALID;
		vcpu->tlb[i].write = XVM_TLB_INVALID;
		vcpu->tlb[i].addend = 0;
	}
}

static struct xvm_tlb_entry *tlb_entry(struct xvm_vcpu *vcpu, u64 addr)
{
	return &vcpu->tlb[(addr >> XVM_PAGE_SHIFT) & (XVM_TLB_SIZE - 1)];
}

/* @page now holds translated code: route stores to it through C. */
void xvm_tlb_protect_page(struct xvm_vcpu *vcpu, u64 page)
{
	struct xvm_tlb_entry *t = tlb_entry(vcpu, page);

	if (t->write == page)
		t->write = XVM_TLB_INVALID;
}

void xvm_jc_flush(struct xvm_vcpu *vcpu)
{
	unsigned int i;

	for (i = 0; i < XVM_JC_SIZE; i++) {
		vcpu->jc[i].pc = XVM_JC_INVALID;
		vcpu->jc[i].code = NULL;
	}
}

static bool page_has_code(struct xvm_vcpu *vcpu, u64 page)
{
	struct xlat_page *p = xlat_page_find(vcpu, page >> XVM_PAGE_SHIFT);

	return p && p->code_map;
}

/* Host address of the RAM page holding @addr, refilling the TLB. */
static u8 *ram_page(struct xvm_vcpu *vcpu, u64 addr)
{
	u64 page = addr & XVM_PAGE_MASK;
	struct xvm_tlb_entry *t = tlb_entry(vcpu, page);
	u8 *host;

	if (t->read == page)
		return (u8 *)(unsigned long)(page + t->addend);
	host = vcpu->ops->ram_page(vcpu->opaque, page);
	if (!host)
		return NULL;
	vcpu->stats.tlb_misses++;
	t->read = page;
	t->addend = (u64)(unsigned long)host - page;
	t->write = page_has_code(vcpu, page) ? XVM_TLB_INVALID : page;
	return host;
}

const u8 *xvm_fetch_page(struct xvm_vcpu *vcpu, u64 pc)
{
	return ram_page(vcpu, pc);
}

static void bad_access(struct xvm_vcpu *vcpu, u64 addr, unsigned int size,
		       bool write)
{
	struct xvm_exit *x = xvm_raise_exit(vcpu, XVM_EXIT_BAD_ACCESS,
					    vcpu->cpu.pc);

	x->bad.addr = addr;
	x->bad.size = size;
	x->bad.write = write;
}

static u64 size_mask(unsigned int size)
{
	return size >= 8 ? ~0ULL : (1ULL << (8 * size)) - 1;
}

/* A device access: the host handles it now, or later through an exit. */
static bool mmio(struct xvm_vcpu *vcpu, u64 addr, unsigned int size,
		 bool write, u64 *val)
{
	struct xvm_mmio_done *done = &vcpu->mmio_done;
	struct xvm_exit *x;
	int r;

	if (done->valid && done->addr == addr && done->size == size &&
	    done->write == write) {
		done->valid = false;
		if (!write)
			*val = done->data & size_mask(size);
		return true;
	}
	r = vcpu->ops->mmio(vcpu->opaque, addr, size, write, val);
	if (r == XVM_MMIO_OK) {
		if (!write)
			*val &= size_mask(size);
		return true;
	}
	if (r == XVM_MMIO_UNMAPPED) {
		bad_access(vcpu, addr, size, write);
		return false;
	}
	x = xvm_raise_exit(vcpu, XVM_EXIT_MMIO, vcpu->cpu.pc);
	x->mmio.addr = addr;
	x->mmio.size = size;
	x->mmio.write = write;
	x->mmio.data = write ? *val : 0;
	return false;
}

static u64 load_le(const u8 *p, unsigned int size)
{
	u64 v = 0;

	memcpy(&v, p, size);		/* x86 hosts are little-endian */
	return v;
}

/* One naturally sized piece (1..8 bytes) within one page. */
static bool read_piece(struct xvm_vcpu *vcpu, u64 addr, unsigned int size,
		       u64 *val)
{
	u8 *host = ram_page(vcpu, addr);

	if (host) {
		*val = load_le(host + (addr & ~XVM_PAGE_MASK), size);
		return true;
	}
	return mmio(vcpu, addr, size, false, val);
}

static bool write_piece(struct xvm_vcpu *vcpu, u64 addr, unsigned int size,
			u64 val)
{
	u8 *host = ram_page(vcpu, addr);
	struct xvm_tlb_entry *t;

	if (!host)
		return mmio(vcpu, addr, size, true, &val);
	if (xlat_page_has_code(vcpu, addr, size)) {
		u64 page = addr & XVM_PAGE_MASK;

		xlat_cache_invalidate(vcpu, addr, size);
		t = tlb_entry(vcpu, page);
		if (!page_has_code(vcpu, page) && t->read == page)
			t->write = page;
	}
	memcpy(host + (addr & ~XVM_PAGE_MASK), &val, size);
	return true;
}

static bool crosses_page(u64 addr, unsigned int size)
{
	return ((addr ^ (addr + size - 1)) & XVM_PAGE_MASK) != 0;
}

static bool read_sized(struct xvm_vcpu *vcpu, u64 addr, unsigned int size,
		       u64 *val)
{
	unsigned int i;
	u64 b;

	if (!crosses_page(addr, size))
		return read_piece(vcpu, addr, size, val);
	*val = 0;
	for (i = 0; i < size; i++) {
		if (!read_piece(vcpu, addr + i, 1, &b))
			return false;
		*val |= b << (8 * i);
	}
	return true;
}

static bool write_sized(struct xvm_vcpu *vcpu, u64 addr, unsigned int size,
			u64 val)
{
	unsigned int i;

	if (!crosses_page(addr, size))
		return write_piece(vcpu, addr, size, val);
	/* Check both pages first so that a fault writes nothing. */
	if (!ram_page(vcpu, addr) || !ram_page(vcpu, addr + size - 1)) {
		for (i = 0; i < size; i++)
			if (!write_piece(vcpu, addr + i, 1, val >> (8 * i)))
				return false;
		return true;
	}
	for (i = 0; i < size; i++)
		write_piece(vcpu, addr + i, 1, val >> (8 * i));
	return true;
}

bool xvm_guest_read(struct xvm_vcpu *vcpu, u64 addr, void *buf, u64 len)
{
	u8 *p = buf;
	u64 v;

	for (; len; len--, addr++, p++) {
		if (!read_piece(vcpu, addr, 1, &v))
			return false;
		*p = (u8)v;
	}
	return true;
}

bool xvm_guest_write(struct xvm_vcpu *vcpu, u64 addr, const void *buf,
		     u64 len)
{
	const u8 *p = buf;

	for (; len; len--, addr++, p++)
		if (!write_piece(vcpu, addr, 1, *p))
			return false;
	return true;
}

static u64 extend(u64 v, u32 memop)
{
	unsigned int bits = 8 << (memop & MEMOP_SIZE_MASK);

	if (!(memop & MEMOP_SIGN) || bits >= 64)
		return v;
	v = (u64)((s64)(v << (64 - bits)) >> (64 - bits));
	if (memop & MEMOP_TO32)
		v = (u32)v;
	return v;
}

/* SIMD&FP register @v takes @size bytes from memory, the rest zeroed. */
static bool load_vreg(struct xvm_vcpu *vcpu, u64 addr, unsigned int size,
		      unsigned int v)
{
	u64 lo = 0, hi = 0;

	if (size == 16) {
		if (!read_sized(vcpu, addr, 8, &lo) ||
		    !read_sized(vcpu, addr + 8, 8, &hi))
			return false;
	} else if (!read_sized(vcpu, addr, size, &lo)) {
		return false;
	}
	vcpu->cpu.v[v][0] = lo;
	vcpu->cpu.v[v][1] = hi;
	return true;
}

static bool store_vreg(struct xvm_vcpu *vcpu, u64 addr, unsigned int size,
		       unsigned int v)
{
	if (size == 16)
		return write_sized(vcpu, addr, 8, vcpu->cpu.v[v][0]) &&
		       write_sized(vcpu, addr + 8, 8, vcpu->cpu.v[v][1]);
	return write_sized(vcpu, addr, size, vcpu->cpu.v[v][0]);
}

struct xvm_pair xvm_slow_load(struct xvm_vcpu *vcpu, u64 addr, u32 memop)
{
	unsigned int size = 1U << (memop & MEMOP_SIZE_MASK);
	struct xvm_pair r = { 0, 0 };
	u64 lo, hi = 0;

	vcpu->stats.slow_accesses++;
	if (memop & MEMOP_FP) {
		struct xvm_pair keep[2];
		unsigned int v1 = memop_vreg(memop, 0);
		unsigned int v2 = memop_vreg(memop, 1);

		/* Load both before writing either: a fault changes nothing. */
		memcpy(&keep[0], vcpu->cpu.v[v1], 16);
		memcpy(&keep[1], vcpu->cpu.v[v2], 16);
		if (!load_vreg(vcpu, addr, size, v1))
			return r;
		if ((memop & MEMOP_PAIR) &&
		    !load_vreg(vcpu, addr + size, size, v2)) {
			memcpy(vcpu->cpu.v[v1], &keep[0], 16);
			return r;
		}
		return r;
	}
	if (!read_sized(vcpu, addr, size, &lo))
		return r;
	if ((memop & MEMOP_PAIR) && !read_sized(vcpu, addr + size, size, &hi))
		return r;
	r.lo = extend(lo, memop);
	r.hi = extend(hi, memop);
	return r;
}

void xvm_slow_store(struct xvm_vcpu *vcpu, u64 addr, u32 memop,
		    u64 val, u64 val2)
{
	unsigned int size = 1U << (memop & MEMOP_SIZE_MASK);
	bool pair = memop & MEMOP_PAIR;

	vcpu->stats.slow_accesses++;
	if (memop & MEMOP_FP) {
		if (!store_vreg(vcpu, addr, size, memop_vreg(memop, 0)))
			return;
		if (pair)
			store_vreg(vcpu, addr + size, size,
				   memop_vreg(memop, 1));
		return;
	}
	if (!write_sized(vcpu, addr, size, val))
		return;
	if (pair)
		write_sized(vcpu, addr + size, size, val2);
}

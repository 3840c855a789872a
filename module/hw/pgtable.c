// SPDX-License-Identifier: GPL-2.0
/*
 * pgtable.c - the module's 4-level page tables: x86-64 paging for
 * translated code (HW_PT_X86), AMD NPT (HW_PT_NPT) and Intel EPT
 * (HW_PT_EPT). See pgtable.h for the API.
 *
 * The three formats share the radix layout (9 index bits per level from
 * bit 47 down, 2 MiB leaves at level 2 marked by bit 7) and differ only in
 * how an entry is encoded:
 *
 *   HW_PT_X86  table: P|RW        leaf: P, RW if W, NX if !X; U/S=0
 *   HW_PT_NPT  table: P|RW|US     leaf: P|US, RW if W, NX if !X
 *   HW_PT_EPT  table: R|W|X       leaf: R/W/X from prot, memory type WB
 *
 * A table entry holds the address the hardware walker sees (from the
 * table_addr callback: a guest-physical one for HW_PT_X86), which the
 * module cannot turn back into a kernel pointer. So every table above
 * level 1 has a shadow page, hung off its page->private, holding the
 * kernel addresses of its 512 children.
 */
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/bits.h>
#include <linux/compiler.h>
#include <asm/barrier.h>
#include "hw/pgtable.h"

#define PT_LEVELS	4
#define PT_ENTRIES	512

/* x86-64 and NPT entry bits */
#define PTE_P		BIT_ULL(0)
#define PTE_RW		BIT_ULL(1)
#define PTE_US		BIT_ULL(2)
#define PTE_NX		BIT_ULL(63)

/* EPT entry bits */
#define EPTE_RWX	GENMASK_ULL(2, 0)
#define EPTE_MT_WB	(6ULL << 3)

/* All formats: a 2 MiB leaf at level 2. */
#define PTE_PS		BIT_ULL(7)

#define PT_ADDR_4K	GENMASK_ULL(51, 12)
#define PT_ADDR_2M	GENMASK_ULL(51, 21)

static unsigned int pt_shift(unsigned int level)
{
	return 12 + 9 * (level - 1);
}

static unsigned int pt_index(u64 va, unsigned int level)
{
	return (va >> pt_shift(level)) & (PT_ENTRIES - 1);
}

/* Is @va an address the table can map at all? */
static bool pt_va_ok(const struct hw_pt *pt, u64 va)
{
	if (pt->fmt == HW_PT_X86)
		return (u64)((s64)(va << 16) >> 16) == va;
	return va < BIT_ULL(48);
}

static bool pt_present(const struct hw_pt *pt, u64 e)
{
	return pt->fmt == HW_PT_EPT ? e & EPTE_RWX : e & PTE_P;
}

static u64 pt_table_entry(const struct hw_pt *pt, u64 addr)
{
	switch (pt->fmt) {
	case HW_PT_X86:
		return addr | PTE_P | PTE_RW;
	case HW_PT_NPT:
		return addr | PTE_P | PTE_RW | PTE_US;
	default:
		return addr | EPTE_RWX;
	}
}

static u64 pt_leaf_entry(const struct hw_pt *pt, u64 pa, unsigned int prot,
			 unsigned int level)
{
	u64 e = pa | (level == HW_PT_2M ? PTE_PS : 0);

	if (pt->fmt == HW_PT_EPT)
		return e | (prot & EPTE_RWX) | EPTE_MT_WB;
	e |= PTE_P;
	if (pt->fmt == HW_PT_NPT)
		e |= PTE_US;
	if (prot & HW_PROT_W)
		e |= PTE_RW;
	if (!(prot & HW_PROT_X))
		e |= PTE_NX;
	return e;
}

static unsigned int pt_leaf_prot(const struct hw_pt *pt, u64 e)
{
	unsigned int prot = HW_PROT_R;

	if (pt->fmt == HW_PT_EPT)
		return e & EPTE_RWX;
	if (e & PTE_RW)
		prot |= HW_PROT_W;
	if (!(e & PTE_NX))
		prot |= HW_PROT_X;
	return prot;
}

/* The kernel addresses of the children of a table above level 1. */
static u64 **pt_children(u64 *table)
{
	return (u64 **)page_private(virt_to_page(table));
}

/*
 * A new zeroed table for @level: its kernel address, and in *@addr the
 * address the walker sees. NULL when out of memory.
 */
static u64 *pt_alloc_table(struct hw_pt *pt, unsigned int level, u64 *addr)
{
	struct page *pg, *shadow = NULL;

	pg = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	if (!pg)
		return NULL;
	if (level > 1) {
		shadow = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);
		if (!shadow)
			goto fail;
		set_page_private(pg, (unsigned long)page_address(shadow));
	}
	*addr = pt->table_addr(pt->ctx, pg);
	if (!*addr)
		goto fail;
	list_add_tail(&pg->lru, &pt->pages);
	pt->nr_pages++;
	return page_address(pg);

fail:
	if (shadow)
		__free_page(shadow);
	__free_page(pg);
	return NULL;
}

/*
 * Walk to @va: the entry where the walk stops (a leaf, a missing entry,
 * or the level-1 entry) and in *@level its level.
 */
static u64 *pt_find(const struct hw_pt *pt, u64 va, unsigned int *level)
{
	u64 *table = pt->root;
	unsigned int l;
	u64 *e;

	for (l = PT_LEVELS; ; l--) {
		e = &table[pt_index(va, l)];
		if (l == 1 || !pt_present(pt, *e) || (l == 2 && (*e & PTE_PS)))
			break;
		table = pt_children(table)[pt_index(va, l)];
	}
	*level = l;
	return e;
}

int hw_pt_init(struct hw_pt *pt, enum hw_pt_format fmt,
	       hw_pt_table_addr_fn table_addr, void *ctx)
{
	pt->fmt = fmt;
	pt->table_addr = table_addr;
	pt->ctx = ctx;
	INIT_LIST_HEAD(&pt->pages);
	pt->nr_pages = 0;
	if (fmt != HW_PT_X86 && fmt != HW_PT_NPT && fmt != HW_PT_EPT)
		return -EINVAL;
	pt->root = pt_alloc_table(pt, PT_LEVELS, &pt->root_addr);
	return pt->root ? 0 : -ENOMEM;
}

void hw_pt_destroy(struct hw_pt *pt)
{
	struct page *pg, *tmp;

	if (!pt->pages.next)		/* never initialised */
		return;
	list_for_each_entry_safe(pg, tmp, &pt->pages, lru) {
		list_del(&pg->lru);
		if (page_private(pg))
			free_page(page_private(pg));
		set_page_private(pg, 0);
		__free_page(pg);
	}
	pt->root = NULL;
	pt->root_addr = 0;
	pt->nr_pages = 0;
}

int hw_pt_map(struct hw_pt *pt, u64 va, u64 pa, unsigned int prot,
	      unsigned int level)
{
	unsigned int target = level == HW_PT_2M ? 2 : 1;
	u64 size = BIT_ULL(pt_shift(target));
	u64 *table = pt->root, *child, e, addr;
	unsigned int l, i, idx;

	if (level > HW_PT_2M || (va | pa) & (size - 1) ||
	    pa & ~GENMASK_ULL(51, 0) || !pt_va_ok(pt, va))
		return -EINVAL;
	for (l = PT_LEVELS; l > target; l--) {
		idx = pt_index(va, l);
		e = table[idx];
		if (pt_present(pt, e) && !(l == 2 && (e & PTE_PS))) {
			table = pt_children(table)[idx];
			continue;
		}
		child = pt_alloc_table(pt, l - 1, &addr);
		if (!child)
			return -ENOMEM;
		/* A 4K map inside a 2M leaf: split it, keeping the rest. */
		for (i = 0; pt_present(pt, e) && i < PT_ENTRIES; i++)
			child[i] = pt_leaf_entry(pt, (e & PT_ADDR_2M) +
						 i * PAGE_SIZE,
						 pt_leaf_prot(pt, e), HW_PT_4K);
		pt_children(table)[idx] = child;
		smp_wmb();		/* the child is complete before it shows */
		WRITE_ONCE(table[idx], pt_table_entry(pt, addr));
		table = child;
	}
	idx = pt_index(va, target);
	if (target == 2)
		pt_children(table)[idx] = NULL;
	WRITE_ONCE(table[idx], pt_leaf_entry(pt, pa, prot, level));
	return 0;
}

int hw_pt_protect(struct hw_pt *pt, u64 va, unsigned int prot)
{
	unsigned int l;
	u64 *e;

	if (!pt_va_ok(pt, va))
		return -ENOENT;
	e = pt_find(pt, va, &l);
	if (l != 1 || !pt_present(pt, *e))
		return -ENOENT;
	WRITE_ONCE(*e, pt_leaf_entry(pt, *e & PT_ADDR_4K, prot, HW_PT_4K));
	return 0;
}

void hw_pt_unmap(struct hw_pt *pt, u64 va, u64 len)
{
	u64 end = va + len, next;
	unsigned int l;
	u64 *e;

	if (end < va)		/* wraps: up to the top of the space */
		end = ~0ULL;
	for (va &= PAGE_MASK; va < end && pt_va_ok(pt, va); va = next) {
		e = pt_find(pt, va, &l);
		if (l == 1)
			WRITE_ONCE(*e, 0);
		/* skip the rest of a 2M leaf or of a missing table */
		next = (va | (BIT_ULL(pt_shift(l)) - 1)) + 1;
		if (!next)
			break;
	}
}

bool hw_pt_lookup(struct hw_pt *pt, u64 va, u64 *pa, unsigned int *prot)
{
	unsigned int l;
	u64 e, mask;

	if (!pt_va_ok(pt, va))
		return false;
	e = READ_ONCE(*pt_find(pt, va, &l));
	if (l > 2 || !pt_present(pt, e))
		return false;
	mask = l == 2 ? PT_ADDR_2M : PT_ADDR_4K;
	*pa = (e & mask) | (va & (BIT_ULL(pt_shift(l)) - 1));
	*prot = pt_leaf_prot(pt, e);
	return true;
}

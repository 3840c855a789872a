/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pgtable.h - 4-level radix page tables built by the module, in the three
 * formats it needs: x86-64 paging for translated code (HW_PT_X86), AMD
 * nested page tables (HW_PT_NPT) and Intel EPT (HW_PT_EPT).
 *
 * A table page is a zeroed host page. Its address as the hardware sees it
 * (for HW_PT_X86 a guest-physical address in the runtime window, for the
 * nested formats a host-physical one) comes from the table_addr callback,
 * which for HW_PT_X86 also maps the page into the nested table.
 */
#ifndef XVM_HW_PGTABLE_H
#define XVM_HW_PGTABLE_H

#include <linux/types.h>
#include <linux/list.h>

struct page;

enum hw_pt_format {
	HW_PT_X86,
	HW_PT_NPT,
	HW_PT_EPT,
};

/* Access rights of a mapping. */
#define HW_PROT_R	BIT(0)
#define HW_PROT_W	BIT(1)
#define HW_PROT_X	BIT(2)

/* Leaf sizes. */
#define HW_PT_4K	0
#define HW_PT_2M	1

/*
 * The address of a new table page @pg as the walker sees it; 0 (never a
 * valid table address for callers) on failure.
 */
typedef u64 (*hw_pt_table_addr_fn)(void *ctx, struct page *pg);

struct hw_pt {
	enum hw_pt_format fmt;
	hw_pt_table_addr_fn table_addr;
	void *ctx;
	u64 *root;			/* kernel address of the PML4 */
	u64 root_addr;			/* what CR3 / nCR3 / EPTP point at */
	struct list_head pages;		/* every table page (page->lru) */
	unsigned long nr_pages;
};

int hw_pt_init(struct hw_pt *pt, enum hw_pt_format fmt,
	       hw_pt_table_addr_fn table_addr, void *ctx);
/* Frees every table page; the table must not be in use any more. */
void hw_pt_destroy(struct hw_pt *pt);

/*
 * Map [@va, @va + size) to @pa (both aligned to the size of @level) with
 * @prot, replacing what was there (a 2M leaf replaces a table below it,
 * freeing nothing: callers map 2M leaves only where no 4K ones exist).
 * 0, -ENOMEM, or -EINVAL (unaligned, non-canonical for HW_PT_X86, or
 * above 2^48 for the nested formats). Caller flushes TLBs.
 */
int hw_pt_map(struct hw_pt *pt, u64 va, u64 pa, unsigned int prot,
	      unsigned int level);

/* Change the rights of the 4K leaf at @va: 0, or -ENOENT if none. */
int hw_pt_protect(struct hw_pt *pt, u64 va, unsigned int prot);

/* Remove the 4K leaves in [@va, @va + @len); tables stay. */
void hw_pt_unmap(struct hw_pt *pt, u64 va, u64 len);

/*
 * Look @va up: true and *@pa (of the byte), *@prot if a leaf maps it.
 */
bool hw_pt_lookup(struct hw_pt *pt, u64 va, u64 *pa, unsigned int *prot);

#endif /* XVM_HW_PGTABLE_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * runtime.c - the address spaces of a hardware VM and the environment its
 * translated code runs in (see hw.h for the layout).
 *
 * Nested table (EPT/NPT): guest RAM slots at their guest-physical
 * addresses, each pinned page mapped 4 KiB at a time; runtime pages in a
 * window from rt_base, handed out in order and never reused while the VM
 * lives. Nothing else: any other guest-physical access exits.
 *
 * x86 paging of translated code: guest addresses below rt_base
 * identity-mapped with 2 MiB pages on first touch (read/write, never
 * executable), runtime pages at their kernel addresses. Guest accesses
 * cannot reach the runtime: translated code clears bit 63 of every guest
 * address (engine/backend_hw.c), which makes any upper-half address
 * non-canonical (#GP, an exit).
 */
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include "core/ownership.h"
#include "core/vm.h"
#include "engine/engine.h"
#include "engine/vcpu.h"
#include "hw/runtime.h"

#define SZ_2M_MASK		(~((u64)SZ_2M - 1))

/* Descriptors of the runtime GDT (Intel SDM vol. 3, 3.4.5). */
#define GDT_CODE64		0x00209b0000000000ULL	/* P, S, code, L */
#define GDT_DATA		0x0000930000000000ULL	/* P, S, data RW */
#define GDT_TSS_TYPE		0x89ULL			/* P, 64-bit TSS */
#define SYS_GDT_OFF		0
#define SYS_TSS_OFF		128
#define SYS_IDT_OFF		512
#define SYS_IDT_VECTORS		32
#define TSS_SIZE		104

static u64 rt_window_page(struct hw_vm *hvm, struct page *pg,
			  unsigned int prot)
{
	u64 gpa;

	if (hvm->rt_next >= HW_RT_GPA_PAGES)
		return 0;
	gpa = hvm->rt_base + ((u64)hvm->rt_next << PAGE_SHIFT);
	if (hw_pt_map(&hvm->npt, gpa, page_to_phys(pg), prot, HW_PT_4K))
		return 0;
	hvm->rt_next++;
	return gpa;
}

/* Tables of the x86 paging live in the window (walks write A/D bits). */
static u64 pt_table_addr(void *ctx, struct page *pg)
{
	return rt_window_page(ctx, pg, HW_PROT_R | HW_PROT_W);
}

static u64 npt_table_addr(void *ctx, struct page *pg)
{
	return page_to_phys(pg);
}

int hw_space_init(struct hw_vm *hvm)
{
	int r;

	mutex_init(&hvm->lock);
	hvm->rt_base = (1ULL << min_t(unsigned int, XVM_IPA_BITS,
				      boot_cpu_data.x86_phys_bits)) -
		       HW_RT_GPA_SIZE;
	r = hw_pt_init(&hvm->npt, hvm->arch->npt_format, npt_table_addr, hvm);
	if (r)
		return r;
	mutex_lock(&hvm->lock);
	r = hw_pt_init(&hvm->pt, HW_PT_X86, pt_table_addr, hvm);
	mutex_unlock(&hvm->lock);
	if (r)
		hw_pt_destroy(&hvm->npt);
	return r;
}

void hw_space_destroy(struct hw_vm *hvm)
{
	hw_pt_destroy(&hvm->pt);
	hw_pt_destroy(&hvm->npt);
}

static void hw_space_changed(struct hw_vm *hvm)
{
	WRITE_ONCE(hvm->tlb_gen, hvm->tlb_gen + 1);
}

int hw_space_map_slot(struct hw_vm *hvm, const struct xvm_memslot *slot)
{
	unsigned int prot = HW_PROT_R | HW_PROT_W | HW_PROT_X;
	u64 i, n = slot->size >> PAGE_SHIFT;
	int r = 0;

	if (slot->gpa + slot->size > hvm->rt_base) {
		pr_warn_ratelimited("xvm: guest RAM at %#llx-%#llx: above %#llx, where %s guests' physical space ends on this CPU\n",
				    slot->gpa, slot->gpa + slot->size - 1,
				    hvm->rt_base, hvm->arch->name);
		return -E2BIG;
	}
	if (slot->flags & XVM_MEM_READONLY)
		prot &= ~HW_PROT_W;
	mutex_lock(&hvm->lock);
	for (i = 0; i < n && !r; i++)
		r = hw_pt_map(&hvm->npt, slot->gpa + (i << PAGE_SHIFT),
			      page_to_phys(slot->pages[i]), prot, HW_PT_4K);
	if (r)
		hw_pt_unmap(&hvm->npt, slot->gpa, slot->size);
	hw_space_changed(hvm);
	mutex_unlock(&hvm->lock);
	return r;
}

void hw_space_unmap_slot(struct hw_vm *hvm, const struct xvm_memslot *slot)
{
	mutex_lock(&hvm->lock);
	hw_pt_unmap(&hvm->npt, slot->gpa, slot->size);
	hw_space_changed(hvm);
	mutex_unlock(&hvm->lock);
}

int hw_space_fault(struct hw_vm *hvm, u64 va)
{
	u64 base = va & SZ_2M_MASK;
	int r;

	if (va >= hvm->rt_base)
		return -EFAULT;
	mutex_lock(&hvm->lock);
	r = hw_pt_map(&hvm->pt, base, base, HW_PROT_R | HW_PROT_W, HW_PT_2M);
	mutex_unlock(&hvm->lock);
	return r;
}

int hw_space_code_page(struct hw_vm *hvm, u64 gpa, bool writable)
{
	unsigned int prot = HW_PROT_R | HW_PROT_X;
	u64 pa;
	int r;

	mutex_lock(&hvm->lock);
	if (!hw_pt_lookup(&hvm->npt, gpa, &pa, &prot)) {
		r = -ENOENT;
	} else {
		if (writable)
			prot |= HW_PROT_W;
		else
			prot &= ~HW_PROT_W;
		r = hw_pt_protect(&hvm->npt, gpa & PAGE_MASK, prot);
		hw_space_changed(hvm);
	}
	mutex_unlock(&hvm->lock);
	return r;
}

/* Map kernel memory [va, va + len) at the same address inside the VM. */
static int hw_space_mirror(struct hw_vm *hvm, const void *va,
			   unsigned long len, unsigned int prot)
{
	unsigned long p = (unsigned long)va & PAGE_MASK;
	unsigned long end = PAGE_ALIGN((unsigned long)va + len);
	struct page *pg;
	int r = 0;
	u64 gpa;

	prot |= HW_PROT_R;
	mutex_lock(&hvm->lock);
	for (; p < end && !r; p += PAGE_SIZE) {
		pg = is_vmalloc_addr((void *)p) ? vmalloc_to_page((void *)p) :
						  virt_to_page((void *)p);
		gpa = rt_window_page(hvm, pg, prot);
		r = gpa ? hw_pt_map(&hvm->pt, p, gpa, prot, HW_PT_4K) :
			  -ENOMEM;
	}
	mutex_unlock(&hvm->lock);
	return r;
}

/* Undo hw_space_mirror() for what of [va, va + len) it mapped. */
static void hw_space_unmirror(struct hw_vm *hvm, const void *va,
			      unsigned long len)
{
	unsigned long p = (unsigned long)va & PAGE_MASK;
	unsigned long end = PAGE_ALIGN((unsigned long)va + len);
	unsigned int prot;
	u64 gpa;

	if (!va)
		return;
	mutex_lock(&hvm->lock);
	for (; p < end; p += PAGE_SIZE) {
		if (!hw_pt_lookup(&hvm->pt, p, &gpa, &prot))
			continue;
		hw_pt_unmap(&hvm->npt, gpa & PAGE_MASK, PAGE_SIZE);
		hw_pt_unmap(&hvm->pt, p, PAGE_SIZE);
	}
	hw_space_changed(hvm);
	mutex_unlock(&hvm->lock);
}

/* GDT (null, code, data, TSS), the TSS, and an IDT of absent gates. */
static void hw_build_sys_page(struct hw_vcpu *v)
{
	u8 *sys = v->sys_page;
	u64 *gdt = (u64 *)(sys + SYS_GDT_OFF);
	u64 tss = (u64)(unsigned long)(sys + SYS_TSS_OFF);
	struct hw_guest_env *env = &v->env;

	gdt[HW_SEL_CODE / 8] = GDT_CODE64;
	gdt[HW_SEL_DATA / 8] = GDT_DATA;
	gdt[HW_SEL_TSS / 8] = (TSS_SIZE - 1) | (tss & 0xffffff) << 16 |
			      GDT_TSS_TYPE << 40 |
			      ((tss >> 24) & 0xff) << 56;
	gdt[HW_SEL_TSS / 8 + 1] = tss >> 32;
	/* TSS: I/O map base past the end, i.e. no I/O bitmap. */
	*(u16 *)(sys + SYS_TSS_OFF + 102) = TSS_SIZE;

	env->gdt_base = (u64)(unsigned long)gdt;
	env->gdt_limit = HW_SEL_TSS + 16 - 1;
	env->tss_base = tss;
	env->tss_limit = TSS_SIZE - 1;
	/*
	 * Every exception is intercepted, interrupts are masked (IF=0) and
	 * NMIs exit, so no gate is ever used: an absent gate would end in
	 * a triple fault, which exits too.
	 */
	env->idt_base = (u64)(unsigned long)(sys + SYS_IDT_OFF);
	env->idt_limit = SYS_IDT_VECTORS * 16 - 1;
}

/*
 * Take the runtime of @v out of the VM's tables, so that they keep no
 * pages it frees (a setup that failed; the VM itself lives on).
 */
void hw_runtime_unmap(struct hw_vcpu *v)
{
	hw_space_unmirror(v->hvm, v->stack, HW_STACK_SIZE);
	hw_space_unmirror(v->hvm, v->sys_page, PAGE_SIZE);
	hw_space_unmirror(v->hvm, v->code, v->code_size);
	if (v->engine)
		hw_space_unmirror(v->hvm, v->engine, sizeof(*v->engine));
}

int hw_runtime_init(struct hw_vcpu *v)
{
	struct hw_vm *hvm = v->hvm;
	int r;

	v->stack = vzalloc(HW_STACK_SIZE);
	v->sys_page = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	v->code_size = HW_CODE_SIZE;
	v->code = vzalloc(v->code_size);
	if (!v->stack || !v->sys_page || !v->code)
		return -ENOMEM;
	hw_build_sys_page(v);
	r = hw_engine_create(v);
	if (r)
		return r;

	r = hw_space_mirror(hvm, v->stack, HW_STACK_SIZE, HW_PROT_W);
	if (!r)
		r = hw_space_mirror(hvm, v->sys_page, PAGE_SIZE, HW_PROT_W);
	/* Code: executable and read-only inside; the host writes it. */
	if (!r)
		r = hw_space_mirror(hvm, v->code, v->code_size, HW_PROT_X);
	if (!r)
		r = hw_space_mirror(hvm, v->engine, sizeof(*v->engine),
				    HW_PROT_W);
	if (r) {
		hw_runtime_unmap(v);
		return r;
	}

	v->env.cr0 = X86_CR0_PE | X86_CR0_MP | X86_CR0_ET | X86_CR0_NE |
		     X86_CR0_WP | X86_CR0_PG;
	v->env.cr3 = hvm->pt.root_addr;
	v->env.cr4 = X86_CR4_PAE;
	v->env.efer = EFER_LME | EFER_LMA | EFER_NX;
	v->env.pat = 0x0007040600070406ULL;
	/* Testing aid: long mode without PAE, which every entry refuses. */
	if (READ_ONCE(xvm_fail_next_entry) &&
	    cmpxchg(&xvm_fail_next_entry, true, false))
		v->env.cr4 &= ~X86_CR4_PAE;
	return 0;
}

/*
 * Frees what hw_runtime_init allocated. Its mappings in the VM's tables
 * go with the VM (or with hw_runtime_unmap() before, if the VM lives on);
 * window addresses are never reused.
 */
void hw_runtime_destroy(struct hw_vcpu *v)
{
	xvm_vcpu_destroy(v->engine);
	vfree(v->code);
	free_page((unsigned long)v->sys_page);
	vfree(v->stack);
}

void hw_runtime_clear(struct hw_vcpu *v)
{
	v->engine = NULL;
	v->code = NULL;
	v->sys_page = NULL;
	v->stack = NULL;
}

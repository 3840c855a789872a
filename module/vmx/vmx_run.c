// SPDX-License-Identifier: GPL-2.0
/*
 * vmx_run.c - the VMX side of the hardware backend (struct hw_arch_ops):
 * EPT pointer, one VMCS per vCPU, VM entry and the decoding of VM exits.
 *
 * VMX operation itself (VMXON on every CPU while a VM exists) belongs to
 * vmx_enable.c and core/ownership.c; this file only runs while it is on.
 *
 * The VMCS (Intel SDM vol. 3C, ch. 25-28):
 *  - vcpu_init computes every control from what xvm requires and what it
 *    would like against the capability MSRs (the TRUE ones when
 *    IA32_VMX_BASIC says they exist), makes the region current on this
 *    CPU, writes every field that never changes and VMCLEARs it again, so
 *    that a failing VMWRITE fails vcpu_init;
 *  - load makes it current on the CPU that will enter (VMCLEAR on the
 *    previous one first) and writes the host state of that CPU;
 *  - enter writes what changes per entry (guest RIP/RSP/RFLAGS, host CR3,
 *    CR4, FS and GS), runs vmx_vmenter.S, undoes what a VM exit does to
 *    the host behind Linux's back (GDT and TR limits, LDTR, FS/GS
 *    selectors, DR7, IA32_DEBUGCTL) and fills in v->exit.
 *
 * Translated code never leaves 64-bit mode and never touches CR3, MSRs or
 * I/O ports: anything of the kind exits and is reported as unexpected.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <asm/cpufeature.h>
#include <asm/debugreg.h>
#include <asm/desc.h>
#include <asm/io.h>
#include <asm/msr-index.h>
#include <asm/processor.h>
#include <asm/processor-flags.h>
#include <asm/segment.h>
#include <asm/special_insns.h>
#include <asm/trapnr.h>
#include <asm/tsc.h>
#include "core/compat.h"
#include "core/ownership.h"
#include "engine/engine.h"
#include "hw/hw.h"
#include "vmx/vmcs.h"

#ifndef XVM_CFG_HW_VMX
#define XVM_CFG_HW_VMX		BIT(7)
#endif

/* Guest RFLAGS bits an entry accepts in 64-bit mode (no VM, bit 1 set). */
#define VMX_RFLAGS_OK		0x3d7fd5UL
#define VMX_RFLAGS_FIXED	X86_EFLAGS_FIXED

/* DR7 after reset: bit 10 reads as 1. */
#define VMX_DR7_INIT		0x400UL

/* Access rights (SDM vol. 3C, 25.4.1). */
#define VMX_AR_CODE64		0xa09b	/* exec/read, accessed, P, L, G */
#define VMX_AR_DATA		0xc093	/* read/write, accessed, P, D/B, G */
#define VMX_AR_TSS_BUSY		0x008b	/* busy 64-bit TSS, P */

struct vmx_vcpu {
	struct page *vmcs;
	u64 vmcs_pa;
	u32 revision;
	/* Controls, from vcpu_init. */
	u32 pin, proc, proc2, exit_ctl, entry_ctl;
	unsigned long invept_type;
	u32 timer_ticks;		/* 0: no preemption timer */
	/* Guest CR0/CR4 as loaded (fixed bits applied). */
	unsigned long guest_cr0, guest_cr4;

	bool launched;			/* VMRESUME next */
	bool need_setup;		/* the constant fields must be written */
	bool flush;			/* INVEPT on the next entry (new CPU) */
	int clear_err;			/* VMCLEAR on the previous CPU */
	int err;			/* first failing VMWRITE since load */
	unsigned long err_field;

	/* Host state as last written to this VMCS; ~0: unknown. */
	unsigned long host_cr3, host_cr4;
	u32 host_fs_sel, host_gs_sel;
	/* This CPU's GDTR as Linux loaded it (a VM exit sets the limit to 0xffff). */
	struct {
		u16 limit;
		unsigned long base;
	} __packed host_gdt;
};

/* One VMWRITE; the first failure is kept in vx->err / vx->err_field. */
static void vw(struct vmx_vcpu *vx, unsigned long field, unsigned long val)
{
	int err = vmx_vmwrite(field, val);

	if (err && !vx->err) {
		vx->err = err;
		vx->err_field = field;
	}
}

/* ---- controls ------------------------------------------------------- */

struct vmx_ctl_bit {
	u32 bit;
	const char *name;
};

/*
 * One control field: the allowed-0 bits of the capability MSR (low half)
 * must be 1, only its allowed-1 bits (high half) may be. Every @req bit
 * must be allowed, @opt bits are taken where allowed, @off bits must be
 * allowed to be 0. -EOPNOTSUPP, with one line naming the control, if not.
 */
static int vmx_ctl(const char *what, u32 msr, const struct vmx_ctl_bit *req,
		   unsigned int nr_req, u32 opt, const struct vmx_ctl_bit *off,
		   unsigned int nr_off, u32 *out)
{
	u32 must, may, ctl;
	unsigned int i;
	u64 cap;

	if (xvm_rdmsr_safe(msr, &cap)) {
		pr_warn("VMX: capability MSR %#x of the %s controls cannot be read\n",
			msr, what);
		return -EOPNOTSUPP;
	}
	must = (u32)cap;
	may = (u32)(cap >> 32);
	ctl = must;
	for (i = 0; i < nr_req; i++) {
		if (!(may & req[i].bit)) {
			pr_warn("VMX: the CPU lacks the %s control \"%s\", which xvm requires\n",
				what, req[i].name);
			return -EOPNOTSUPP;
		}
		ctl |= req[i].bit;
	}
	for (i = 0; i < nr_off; i++) {
		if (must & off[i].bit) {
			pr_warn("VMX: the CPU forces the %s control \"%s\", which xvm cannot use\n",
				what, off[i].name);
			return -EOPNOTSUPP;
		}
	}
	*out = ctl | (opt & may);
	return 0;
}

static const struct vmx_ctl_bit vmx_pin_req[] = {
	{ PIN_EXT_INTR_EXITING, "external-interrupt exiting" },
	{ PIN_NMI_EXITING, "NMI exiting" },
};

static const struct vmx_ctl_bit vmx_proc_req[] = {
	{ PROC_HLT_EXITING, "HLT exiting" },
	{ PROC_UNCOND_IO_EXITING, "unconditional I/O exiting" },
	{ PROC_SECONDARY, "activate secondary controls" },
};

static const struct vmx_ctl_bit vmx_proc_off[] = {
	{ PROC_USE_IO_BITMAPS, "use I/O bitmaps" },
	{ PROC_USE_MSR_BITMAPS, "use MSR bitmaps" },
};

static const struct vmx_ctl_bit vmx_proc2_req[] = {
	{ PROC2_ENABLE_EPT, "enable EPT" },
};

static const struct vmx_ctl_bit vmx_exit_req[] = {
	{ EXIT_HOST_64BIT, "host address-space size" },
	{ EXIT_SAVE_EFER, "save IA32_EFER" },
	{ EXIT_LOAD_EFER, "load IA32_EFER" },
};

static const struct vmx_ctl_bit vmx_exit_off[] = {
	{ EXIT_ACK_INTR, "acknowledge interrupt on exit" },
};

static const struct vmx_ctl_bit vmx_entry_req[] = {
	{ ENTRY_IA32E_GUEST, "IA-32e mode guest" },
	{ ENTRY_LOAD_EFER, "load IA32_EFER" },
};

static int vmx_setup_controls(struct vmx_vcpu *vx)
{
	bool true_ctls;
	u64 basic, misc, ept;
	int r;

	if (xvm_rdmsr_safe(MSR_IA32_VMX_BASIC, &basic) ||
	    xvm_rdmsr_safe(MSR_IA32_VMX_MISC, &misc) ||
	    xvm_rdmsr_safe(MSR_IA32_VMX_EPT_VPID_CAP, &ept)) {
		pr_warn("VMX: the VMX capability MSRs cannot be read\n");
		return -EOPNOTSUPP;
	}
	vx->revision = basic & VMXCAP_BASIC_REVISION;
	true_ctls = basic & VMXCAP_BASIC_TRUE_CTLS;

	r = vmx_ctl("pin-based", true_ctls ? MSR_IA32_VMX_TRUE_PINBASED_CTLS :
		    MSR_IA32_VMX_PINBASED_CTLS, vmx_pin_req,
		    ARRAY_SIZE(vmx_pin_req), PIN_PREEMPTION_TIMER, NULL, 0,
		    &vx->pin);
	if (!r)
		r = vmx_ctl("primary processor-based",
			    true_ctls ? MSR_IA32_VMX_TRUE_PROCBASED_CTLS :
			    MSR_IA32_VMX_PROCBASED_CTLS, vmx_proc_req,
			    ARRAY_SIZE(vmx_proc_req),
			    PROC_MWAIT_EXITING | PROC_MONITOR_EXITING |
			    PROC_RDPMC_EXITING, vmx_proc_off,
			    ARRAY_SIZE(vmx_proc_off), &vx->proc);
	if (!r)
		r = vmx_ctl("secondary processor-based",
			    MSR_IA32_VMX_PROCBASED_CTLS2, vmx_proc2_req,
			    ARRAY_SIZE(vmx_proc2_req), PROC2_WBINVD_EXITING,
			    NULL, 0, &vx->proc2);
	if (!r)
		r = vmx_ctl("VM-exit", true_ctls ? MSR_IA32_VMX_TRUE_EXIT_CTLS :
			    MSR_IA32_VMX_EXIT_CTLS, vmx_exit_req,
			    ARRAY_SIZE(vmx_exit_req),
			    EXIT_SAVE_PAT | EXIT_LOAD_PAT | EXIT_SAVE_DEBUG |
			    EXIT_SAVE_PREEMPTION_TIMER, vmx_exit_off,
			    ARRAY_SIZE(vmx_exit_off), &vx->exit_ctl);
	if (!r)
		r = vmx_ctl("VM-entry", true_ctls ? MSR_IA32_VMX_TRUE_ENTRY_CTLS :
			    MSR_IA32_VMX_ENTRY_CTLS, vmx_entry_req,
			    ARRAY_SIZE(vmx_entry_req),
			    ENTRY_LOAD_PAT | ENTRY_LOAD_DEBUG, NULL, 0,
			    &vx->entry_ctl);
	if (r)
		return r;

	/*
	 * Without "load IA32_PAT" on both sides the guest simply runs with
	 * the host's PAT (same memory types): take both or neither.
	 */
	if (!(vx->exit_ctl & EXIT_LOAD_PAT) ||
	    !(vx->entry_ctl & ENTRY_LOAD_PAT)) {
		vx->exit_ctl &= ~(EXIT_LOAD_PAT | EXIT_SAVE_PAT);
		vx->entry_ctl &= ~ENTRY_LOAD_PAT;
	}
	/* The preemption timer: re-armed at every entry with one slice. */
	if (vx->pin & PIN_PREEMPTION_TIMER) {
		/* tsc_khz TSC ticks: 1 ms (1 GHz if unknown). */
		u64 ticks = tsc_khz ? tsc_khz : 1000000;

		ticks >>= misc & VMXCAP_MISC_TIMER_RATE;
		vx->timer_ticks = clamp_t(u64, ticks, 1, U32_MAX);
	} else {
		vx->exit_ctl &= ~EXIT_SAVE_PREEMPTION_TIMER;
	}
	vx->invept_type = ept & VMXCAP_INVEPT_SINGLE ? INVEPT_SINGLE_CONTEXT :
			  INVEPT_ALL_CONTEXT;
	return 0;
}

/* ---- the VMCS fields ------------------------------------------------ */

static int vmx_fixed_crs(struct hw_vcpu *v)
{
	struct vmx_vcpu *vx = v->arch;
	u64 cr0_0, cr0_1, cr4_0, cr4_1;
	unsigned long cr4;

	if (xvm_rdmsr_safe(MSR_IA32_VMX_CR0_FIXED0, &cr0_0) ||
	    xvm_rdmsr_safe(MSR_IA32_VMX_CR0_FIXED1, &cr0_1) ||
	    xvm_rdmsr_safe(MSR_IA32_VMX_CR4_FIXED0, &cr4_0) ||
	    xvm_rdmsr_safe(MSR_IA32_VMX_CR4_FIXED1, &cr4_1))
		return -EOPNOTSUPP;
	/*
	 * VMX needs CR4.VMXE in the guest; translated code uses SSE (and,
	 * with the host's XCR0, VEX encodings), which need the OS bits the
	 * host has set.
	 */
	cr4 = v->env.cr4 | X86_CR4_VMXE |
	      (__read_cr4() & (X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT |
			       X86_CR4_OSXSAVE));
	vx->guest_cr0 = (v->env.cr0 | cr0_0) & cr0_1;
	vx->guest_cr4 = (cr4 | cr4_0) & cr4_1;
	if (vx->guest_cr0 != (v->env.cr0 | cr0_0) ||
	    vx->guest_cr4 != (cr4 | cr4_0)) {
		pr_warn("VMX: the guest CR0/CR4 %#llx/%#llx do not meet IA32_VMX_CR0/CR4_FIXED1\n",
			v->env.cr0, v->env.cr4);
		return -EOPNOTSUPP;
	}
	return 0;
}

/* Guest state (SDM vol. 3C, 25.4; checked as in 27.3.1). */
static void vmx_write_guest(struct hw_vcpu *v)
{
	const struct hw_guest_env *env = &v->env;
	struct vmx_vcpu *vx = v->arch;

	vw(vx, VMCS_GUEST_CR0, vx->guest_cr0);
	vw(vx, VMCS_GUEST_CR3, env->cr3);
	vw(vx, VMCS_GUEST_CR4, vx->guest_cr4);
	vw(vx, VMCS_GUEST_DR7, VMX_DR7_INIT);
	vw(vx, VMCS_GUEST_DEBUGCTL, 0);
	vw(vx, VMCS_GUEST_EFER, env->efer);
	/* The field exists only with the PAT controls. */
	if (vx->entry_ctl & ENTRY_LOAD_PAT)
		vw(vx, VMCS_GUEST_PAT, env->pat);
	vw(vx, VMCS_GUEST_RFLAGS, VMX_RFLAGS_FIXED);

	/* CS: 64-bit code, DPL 0. */
	vw(vx, VMCS_GUEST_CS_SEL, HW_SEL_CODE);
	vw(vx, VMCS_GUEST_CS_BASE, 0);
	vw(vx, VMCS_GUEST_CS_LIMIT, 0xffffffff);
	vw(vx, VMCS_GUEST_CS_AR, VMX_AR_CODE64);
	/* SS, DS, ES: flat data, DPL 0 (SS.DPL = CS.DPL). */
	vw(vx, VMCS_GUEST_SS_SEL, HW_SEL_DATA);
	vw(vx, VMCS_GUEST_SS_BASE, 0);
	vw(vx, VMCS_GUEST_SS_LIMIT, 0xffffffff);
	vw(vx, VMCS_GUEST_SS_AR, VMX_AR_DATA);
	vw(vx, VMCS_GUEST_DS_SEL, HW_SEL_DATA);
	vw(vx, VMCS_GUEST_DS_BASE, 0);
	vw(vx, VMCS_GUEST_DS_LIMIT, 0xffffffff);
	vw(vx, VMCS_GUEST_DS_AR, VMX_AR_DATA);
	vw(vx, VMCS_GUEST_ES_SEL, HW_SEL_DATA);
	vw(vx, VMCS_GUEST_ES_BASE, 0);
	vw(vx, VMCS_GUEST_ES_LIMIT, 0xffffffff);
	vw(vx, VMCS_GUEST_ES_AR, VMX_AR_DATA);
	/* FS, GS, LDTR: null and unusable, base 0. */
	vw(vx, VMCS_GUEST_FS_SEL, 0);
	vw(vx, VMCS_GUEST_FS_BASE, 0);
	vw(vx, VMCS_GUEST_FS_LIMIT, 0);
	vw(vx, VMCS_GUEST_FS_AR, VMX_AR_UNUSABLE);
	vw(vx, VMCS_GUEST_GS_SEL, 0);
	vw(vx, VMCS_GUEST_GS_BASE, 0);
	vw(vx, VMCS_GUEST_GS_LIMIT, 0);
	vw(vx, VMCS_GUEST_GS_AR, VMX_AR_UNUSABLE);
	vw(vx, VMCS_GUEST_LDTR_SEL, 0);
	vw(vx, VMCS_GUEST_LDTR_BASE, 0);
	vw(vx, VMCS_GUEST_LDTR_LIMIT, 0);
	vw(vx, VMCS_GUEST_LDTR_AR, VMX_AR_UNUSABLE);
	/* TR: the busy 64-bit TSS of the runtime GDT (byte granular). */
	vw(vx, VMCS_GUEST_TR_SEL, HW_SEL_TSS);
	vw(vx, VMCS_GUEST_TR_BASE, env->tss_base);
	vw(vx, VMCS_GUEST_TR_LIMIT, env->tss_limit);
	vw(vx, VMCS_GUEST_TR_AR, VMX_AR_TSS_BUSY);
	vw(vx, VMCS_GUEST_GDTR_BASE, env->gdt_base);
	vw(vx, VMCS_GUEST_GDTR_LIMIT, env->gdt_limit);
	vw(vx, VMCS_GUEST_IDTR_BASE, env->idt_base);
	vw(vx, VMCS_GUEST_IDTR_LIMIT, env->idt_limit);

	vw(vx, VMCS_GUEST_SYSENTER_CS, 0);
	vw(vx, VMCS_GUEST_SYSENTER_ESP, 0);
	vw(vx, VMCS_GUEST_SYSENTER_EIP, 0);
	vw(vx, VMCS_GUEST_ACTIVITY, 0);		/* active */
	vw(vx, VMCS_GUEST_INTERRUPTIBILITY, 0);
	vw(vx, VMCS_GUEST_PENDING_DBG, 0);
	vw(vx, VMCS_LINK_POINTER, ~0UL);
}

/* Controls and the host state that is the same on every CPU. */
static void vmx_write_constant(struct hw_vcpu *v)
{
	struct vmx_vcpu *vx = v->arch;

	vw(vx, VMCS_PIN_CONTROLS, vx->pin);
	vw(vx, VMCS_PROC_CONTROLS, vx->proc);
	vw(vx, VMCS_PROC_CONTROLS2, vx->proc2);
	vw(vx, VMCS_EXIT_CONTROLS, vx->exit_ctl);
	vw(vx, VMCS_ENTRY_CONTROLS, vx->entry_ctl);
	vw(vx, VMCS_EXCEPTION_BITMAP, 0xffffffff);
	vw(vx, VMCS_PF_ERROR_MASK, 0);		/* every #PF exits */
	vw(vx, VMCS_PF_ERROR_MATCH, 0);
	vw(vx, VMCS_CR3_TARGET_COUNT, 0);
	vw(vx, VMCS_EXIT_MSR_STORE_COUNT, 0);
	vw(vx, VMCS_EXIT_MSR_LOAD_COUNT, 0);
	vw(vx, VMCS_ENTRY_MSR_LOAD_COUNT, 0);
	vw(vx, VMCS_ENTRY_INTR_INFO, 0);
	vw(vx, VMCS_EPT_POINTER, v->hvm->eptp);
	/* The guest owns no CR0/CR4 bit: it reads what the env says. */
	vw(vx, VMCS_CR0_MASK, ~0UL);
	vw(vx, VMCS_CR4_MASK, ~0UL);
	vw(vx, VMCS_CR0_SHADOW, v->env.cr0);
	vw(vx, VMCS_CR4_SHADOW, v->env.cr4);
	if (vx->timer_ticks)
		vw(vx, VMCS_PREEMPTION_TIMER, vx->timer_ticks);

	vw(vx, VMCS_HOST_CS_SEL, __KERNEL_CS);
	vw(vx, VMCS_HOST_SS_SEL, __KERNEL_DS);
	vw(vx, VMCS_HOST_DS_SEL, 0);
	vw(vx, VMCS_HOST_ES_SEL, 0);
	vw(vx, VMCS_HOST_TR_SEL, GDT_ENTRY_TSS * 8);
	vw(vx, VMCS_HOST_RIP, (unsigned long)xvm_vmx_exit);

	vmx_write_guest(v);

	/* What enter writes when it differs: force the first write. */
	vx->host_cr3 = ~0UL;
	vx->host_cr4 = ~0UL;
	vx->host_fs_sel = ~0U;
	vx->host_gs_sel = ~0U;
}

static u64 vmx_rdmsr(u32 msr)
{
	u64 val = 0;

	xvm_rdmsr_safe(msr, &val);
	return val;
}

/*
 * The host state of this CPU (SDM vol. 3C, 25.5 and 27.2.2): descriptor
 * tables and TSS (per-CPU addresses), kernel GS base and SYSENTER stack
 * (per CPU), CR0, EFER, PAT. Preemption off.
 */
static void vmx_write_cpu_host(struct vmx_vcpu *vx)
{
	struct {
		u16 limit;
		unsigned long base;
	} __packed idt;
	const u64 *tss;
	unsigned long tss_base;

	asm volatile("sgdt %0" : "=m" (vx->host_gdt));
	asm volatile("sidt %0" : "=m" (idt));
	/* The base in this CPU's 16-byte TSS descriptor. */
	tss = (const u64 *)(vx->host_gdt.base + GDT_ENTRY_TSS * 8);
	tss_base = ((tss[0] >> 16) & 0xffffff) |
		   (((tss[0] >> 56) & 0xff) << 24) | (tss[1] << 32);

	vw(vx, VMCS_HOST_GDTR_BASE, vx->host_gdt.base);
	vw(vx, VMCS_HOST_IDTR_BASE, idt.base);
	vw(vx, VMCS_HOST_TR_BASE, tss_base);
	vw(vx, VMCS_HOST_GS_BASE, vmx_rdmsr(MSR_GS_BASE));
	vw(vx, VMCS_HOST_SYSENTER_CS, vmx_rdmsr(MSR_IA32_SYSENTER_CS));
	vw(vx, VMCS_HOST_SYSENTER_ESP, vmx_rdmsr(MSR_IA32_SYSENTER_ESP));
	vw(vx, VMCS_HOST_SYSENTER_EIP, vmx_rdmsr(MSR_IA32_SYSENTER_EIP));
	vw(vx, VMCS_HOST_CR0, read_cr0());
	vw(vx, VMCS_HOST_EFER, vmx_rdmsr(MSR_EFER));
	if (vx->exit_ctl & EXIT_LOAD_PAT)
		vw(vx, VMCS_HOST_PAT, vmx_rdmsr(MSR_IA32_CR_PAT));
}

/* ---- VM ------------------------------------------------------------- */

static int vmx_vm_init(struct hw_vm *vm)
{
	u64 proc, proc2, ept;

	if (xvm_rdmsr_safe(MSR_IA32_VMX_PROCBASED_CTLS, &proc) ||
	    !((proc >> 32) & PROC_SECONDARY) ||
	    xvm_rdmsr_safe(MSR_IA32_VMX_PROCBASED_CTLS2, &proc2) ||
	    !((proc2 >> 32) & PROC2_ENABLE_EPT) ||
	    xvm_rdmsr_safe(MSR_IA32_VMX_EPT_VPID_CAP, &ept) ||
	    !(ept & VMXCAP_EPT_WALK_4) || !(ept & VMXCAP_EPT_WB) ||
	    !(ept & VMXCAP_INVEPT) ||
	    !(ept & (VMXCAP_INVEPT_SINGLE | VMXCAP_INVEPT_ALL))) {
		pr_warn_ratelimited("VMX: no EPT with a 4-level walk, write-back tables and INVEPT\n");
		return -EOPNOTSUPP;
	}
	vm->eptp = vm->npt.root_addr | EPTP_MT_WB | EPTP_WALK_4;
	return 0;
}

static void vmx_invept_cpu(void *data)
{
	const struct hw_vm *vm = data;
	u64 ept = vmx_rdmsr(MSR_IA32_VMX_EPT_VPID_CAP);

	if (ept & VMXCAP_INVEPT_ALL)
		vmx_invept(INVEPT_ALL_CONTEXT, 0);
	else
		vmx_invept(INVEPT_SINGLE_CONTEXT, vm->eptp);
}

/*
 * The EPT tables are freed after this: no CPU may keep guest-physical
 * translations derived from them (a new VM may get the same root page,
 * hence the same EPTP). Every online CPU drops them; CPUs offline now
 * drop everything when VMX is turned on there again (vmx_enable.c).
 */
static void vmx_vm_destroy(struct hw_vm *vm)
{
	if (vm->eptp)
		on_each_cpu(vmx_invept_cpu, vm, 1);
}

/* ---- vCPU ----------------------------------------------------------- */

/* VMCLEAR where the VMCS was last current (smp_call_function_single). */
static void vmx_clear_on_cpu(void *data)
{
	struct vmx_vcpu *vx = data;

	vx->clear_err = vmx_vmclear(vx->vmcs_pa);
}

/*
 * A fresh region: revision identifier, VMCLEAR, then current here for the
 * constant fields, and VMCLEAR again so that it is active nowhere.
 * Preemption off.
 */
static int vmx_init_region(struct hw_vcpu *v, bool leave_current)
{
	struct vmx_vcpu *vx = v->arch;
	int r;

	memset(page_address(vx->vmcs), 0, PAGE_SIZE);
	*(u32 *)page_address(vx->vmcs) = vx->revision;
	vx->launched = false;
	r = vmx_vmclear(vx->vmcs_pa);
	if (!r)
		r = vmx_vmptrld(vx->vmcs_pa);
	if (r)
		return r;
	vx->err = 0;
	vmx_write_constant(v);
	if (vx->err)
		pr_warn("VMX: VMWRITE of VMCS field %#lx failed (VM-instruction error %lu)\n",
			vx->err_field, vmx_read(VMCS_INSN_ERROR));
	r = vx->err;
	if (!leave_current) {
		int c = vmx_vmclear(vx->vmcs_pa);

		r = r ? r : c;
	}
	return r;
}

static int vmx_vcpu_init(struct hw_vcpu *v)
{
	struct vmx_vcpu *vx;
	int r;

#ifdef X86_FEATURE_FRED
	/* NMI exits are handed to Linux with INT 2, which FRED does not take. */
	if (cpu_feature_enabled(X86_FEATURE_FRED)) {
		pr_warn("VMX: FRED is enabled: NMIs during guest execution cannot be forwarded\n");
		return -EOPNOTSUPP;
	}
#endif
	/*
	 * Guest CR3 (a runtime GPA) must fit the physical-address width, or
	 * every entry fails with an invalid guest state.
	 */
	if (v->env.cr3 >> boot_cpu_data.x86_phys_bits) {
		pr_warn("VMX: guest CR3 %#llx is beyond the %u-bit physical address width\n",
			v->env.cr3, boot_cpu_data.x86_phys_bits);
		return -EOPNOTSUPP;
	}
	vx = kzalloc(sizeof(*vx), GFP_KERNEL_ACCOUNT);
	if (!vx)
		return -ENOMEM;
	r = vmx_setup_controls(vx);
	if (r)
		goto free;
	v->arch = vx;
	r = vmx_fixed_crs(v);
	if (r)
		goto free;
	vx->vmcs = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	if (!vx->vmcs) {
		r = -ENOMEM;
		goto free;
	}
	vx->vmcs_pa = page_to_phys(vx->vmcs);

	preempt_disable();
	r = vmx_init_region(v, false);
	preempt_enable();
	if (r) {
		__free_page(vx->vmcs);
		r = r == -ENOMEM ? r : -EIO;
		goto free;
	}
	return 0;
free:
	v->arch = NULL;
	kfree(vx);
	return r;
}

static void vmx_vcpu_destroy(struct hw_vcpu *v)
{
	struct vmx_vcpu *vx = v->arch;

	if (!vx)
		return;
	/* An offline CPU left VMX operation: nothing holds the VMCS there. */
	if (v->cpu >= 0)
		smp_call_function_single(v->cpu, vmx_clear_on_cpu, vx, 1);
	__free_page(vx->vmcs);
	kfree(vx);
	v->arch = NULL;
}

/* Preemption off, interrupts on. */
static void vmx_load(struct hw_vcpu *v, int cpu)
{
	struct vmx_vcpu *vx = v->arch;
	int old = v->cpu;

	if (old != cpu) {
		if (old >= 0) {
			/*
			 * If the old CPU cannot VMCLEAR (it went offline and
			 * left VMX operation), the copy in memory may be
			 * stale: start from a fresh region.
			 */
			vx->clear_err = -ENXIO;
			if (smp_call_function_single(old, vmx_clear_on_cpu,
						     vx, 1) || vx->clear_err)
				vx->need_setup = true;
			vx->launched = false;
		}
		/* Translations of this EPTP here may predate EPT changes. */
		vx->flush = true;
	}
	v->cpu = cpu;
	vx->err = 0;
	if (vx->need_setup) {
		if (vmx_init_region(v, true))
			return;		/* vx->need_setup stays: enter fails */
		vx->need_setup = false;
	} else if (vmx_vmptrld(vx->vmcs_pa)) {
		vx->err = -EIO;
		vx->err_field = 0;
		return;
	}
	if (old != cpu)
		vmx_write_cpu_host(vx);
}

/* ---- entry and exit ------------------------------------------------- */

static u16 vmx_sldt(void)
{
	u16 sel;

	asm volatile("sldt %0" : "=r" (sel));
	return sel;
}

static void vmx_lldt(u16 sel)
{
	asm volatile("lldt %0" : : "r" (sel) : "memory");
}

static void vmx_fail(struct hw_vcpu *v, u64 reason, u64 qual)
{
	struct hw_exit *e = &v->exit;

	e->kind = HW_EXIT_FAIL_ENTRY;
	e->hw_reason = reason;
	e->qual = qual;
	e->insn_error = vmx_read(VMCS_INSN_ERROR);
}

static void vmx_decode_exit(struct hw_vcpu *v)
{
	struct hw_exit *e = &v->exit;
	u32 reason = vmx_read(VMCS_EXIT_REASON);
	u32 basic = EXIT_REASON_BASIC(reason);
	u64 qual = vmx_read(VMCS_EXIT_QUAL);
	u32 info;

	if (reason & EXIT_REASON_ENTRY_FAIL) {
		e->kind = HW_EXIT_FAIL_ENTRY;
		e->hw_reason = basic;
		e->qual = qual;
		return;
	}
	switch (basic) {
	case EXIT_EXCEPTION_NMI:
		info = vmx_read(VMCS_EXIT_INTR_INFO);
		if (INTR_INFO_TYPE(info) == INTR_TYPE_NMI) {
			e->kind = HW_EXIT_INTR;
			break;
		}
		e->kind = HW_EXIT_EXCEPTION;
		e->vector = INTR_INFO_VECTOR(info);
		if (info & INTR_INFO_ERROR_VALID) {
			e->has_error_code = true;
			e->error_code = vmx_read(VMCS_EXIT_INTR_ERROR);
		}
		if (e->vector == X86_TRAP_PF)
			e->cr2 = qual;
		break;
	case EXIT_EXT_INTR:
	case EXIT_INIT:
	case EXIT_SIPI:
	case EXIT_PREEMPTION_TIMER:
		e->kind = HW_EXIT_INTR;
		break;
	case EXIT_TRIPLE_FAULT:
		e->kind = HW_EXIT_SHUTDOWN;
		break;
	case EXIT_VMCALL:
		e->kind = HW_EXIT_HYPERCALL;
		e->insn_len = vmx_read(VMCS_EXIT_INSN_LEN);
		break;
	case EXIT_EPT_VIOLATION:
		e->kind = HW_EXIT_NPF;
		e->gpa = vmx_read(VMCS_GUEST_PHYS_ADDR);
		e->write = qual & EPT_QUAL_WRITE;
		e->fetch = qual & EPT_QUAL_FETCH;
		e->present = qual & EPT_QUAL_PRESENT;
		break;
	case EXIT_EPT_MISCONFIG:
		e->kind = HW_EXIT_UNEXPECTED;
		e->hw_reason = basic;
		e->qual = vmx_read(VMCS_GUEST_PHYS_ADDR);
		break;
	default:
		e->kind = HW_EXIT_UNEXPECTED;
		e->hw_reason = basic;
		e->qual = qual;
		break;
	}
}

/*
 * An NMI or a machine check that arrived in the guest was taken by the
 * VM exit, not by Linux: hand it over now, interrupts still off. NMIs
 * stay blocked after such an exit until the next IRET, which the NMI
 * handler's own IRET provides (as KVM did before calling the handler
 * directly). FRED hosts are refused in vcpu_init.
 */
static void vmx_forward_nmi_mce(void)
{
	u32 reason = vmx_read(VMCS_EXIT_REASON);
	u32 info;

	if (EXIT_REASON_BASIC(reason) == 41) {	/* #MC during VM entry */
		asm volatile("int $0x12");
		return;
	}
	if (reason != EXIT_EXCEPTION_NMI)
		return;
	info = vmx_read(VMCS_EXIT_INTR_INFO);
	if (!(info & INTR_INFO_VALID))
		return;
	if (INTR_INFO_TYPE(info) == INTR_TYPE_NMI)
		asm volatile("int $2");
	else if (INTR_INFO_VECTOR(info) == X86_TRAP_MC)
		asm volatile("int $0x12");
}

/* Interrupts and preemption off. */
static void vmx_enter(struct hw_vcpu *v)
{
	struct vmx_vcpu *vx = v->arch;
	struct hw_exit *e = &v->exit;
	u64 fs_base = 0, kernel_gs_base = 0, debugctl = 0;
	unsigned long cr3, cr4;
	u16 fs_sel, gs_sel, ds_sel, es_sel, ldt_sel;
	u32 host_fs_sel, host_gs_sel;
	int r;

	memset(e, 0, sizeof(*e));
	v->entries++;
	if (vx->need_setup || vx->err) {
		vmx_fail(v, 0, vx->err_field);
		return;
	}

	vw(vx, VMCS_GUEST_RIP, v->regs.rip);
	vw(vx, VMCS_GUEST_RSP, v->regs.gpr[HW_RSP]);
	vw(vx, VMCS_GUEST_RFLAGS,
	   (v->regs.rflags & VMX_RFLAGS_OK) | VMX_RFLAGS_FIXED);
	if (vx->timer_ticks)
		vw(vx, VMCS_PREEMPTION_TIMER, vx->timer_ticks);

	/* Host state that belongs to the task, not to the CPU. */
	cr3 = __read_cr3();
	if (cr3 != vx->host_cr3) {
		vw(vx, VMCS_HOST_CR3, cr3);
		vx->host_cr3 = cr3;
	}
	cr4 = __read_cr4();
	if (cr4 != vx->host_cr4) {
		vw(vx, VMCS_HOST_CR4, cr4);
		vx->host_cr4 = cr4;
	}
	/*
	 * A VM exit loads FS and GS from the host-state fields, which only
	 * take RPL 0 / GDT selectors: others are loaded back afterwards.
	 */
	savesegment(fs, fs_sel);
	savesegment(gs, gs_sel);
	savesegment(ds, ds_sel);
	savesegment(es, es_sel);
	xvm_rdmsr_safe(MSR_FS_BASE, &fs_base);
	vw(vx, VMCS_HOST_FS_BASE, fs_base);
	host_fs_sel = fs_sel & 7 ? 0 : fs_sel;
	host_gs_sel = gs_sel & 7 ? 0 : gs_sel;
	if (host_fs_sel != vx->host_fs_sel) {
		vw(vx, VMCS_HOST_FS_SEL, host_fs_sel);
		vx->host_fs_sel = host_fs_sel;
	}
	if (host_gs_sel != vx->host_gs_sel) {
		vw(vx, VMCS_HOST_GS_SEL, host_gs_sel);
		vx->host_gs_sel = host_gs_sel;
	}
	if (gs_sel & 7)
		xvm_rdmsr_safe(MSR_KERNEL_GS_BASE, &kernel_gs_base);

	/*
	 * Without VPID, VM entries and exits flush linear and combined
	 * mappings; guest-physical ones need INVEPT.
	 */
	if (v->flush_tlb || vx->flush) {
		if (vmx_invept(vx->invept_type, v->hvm->eptp))
			pr_warn_once("VMX: INVEPT failed\n");
		v->flush_tlb = false;
		vx->flush = false;
	}
	if (vx->err) {
		vmx_fail(v, 0, vx->err_field);
		return;
	}

	xvm_rdmsr_safe(MSR_IA32_DEBUGCTLMSR, &debugctl);
	ldt_sel = vmx_sldt();

	r = xvm_vmx_vmenter(v->regs.gpr, vx->launched);

	/*
	 * What a VM exit did to the host (SDM vol. 3C, 28.5): GDTR limit
	 * 0xffff, TR limit 0x67, LDTR null, DS/ES/FS/GS from the host
	 * fields, DR7 0x400, IA32_DEBUGCTL 0.
	 */
	asm volatile("lgdt %0" : : "m" (vx->host_gdt));
	invalidate_tss_limit();
	if (ldt_sel)
		vmx_lldt(ldt_sel);
	if (ds_sel)
		loadsegment(ds, ds_sel);
	if (es_sel)
		loadsegment(es, es_sel);
	if (fs_sel & 7) {
		loadsegment(fs, fs_sel);
		xvm_wrmsr_safe(MSR_FS_BASE, fs_base);
	}
	if (gs_sel & 7) {
		load_gs_index(gs_sel);
		xvm_wrmsr_safe(MSR_KERNEL_GS_BASE, kernel_gs_base);
	}
	if (debugctl)
		xvm_wrmsr_safe(MSR_IA32_DEBUGCTLMSR, debugctl);
	if (hw_breakpoint_active())
		hw_breakpoint_restore();

	if (r != XVM_VMENTER_OK) {
		vmx_fail(v, 0, r);
		if (r == XVM_VMENTER_FAULT)
			e->insn_error = 0;
		return;
	}
	vmx_forward_nmi_mce();

	v->regs.rip = vmx_read(VMCS_GUEST_RIP);
	v->regs.gpr[HW_RSP] = vmx_read(VMCS_GUEST_RSP);
	v->regs.rflags = vmx_read(VMCS_GUEST_RFLAGS);
	vmx_decode_exit(v);
	if (e->kind != HW_EXIT_FAIL_ENTRY)
		vx->launched = true;
}

const struct hw_arch_ops hw_vmx_arch = {
	.name		= "VMX",
	.ext		= &xvm_vmx_hw,
	.npt_format	= HW_PT_EPT,
	.engine_flag	= XVM_CFG_HW_VMX,
	.vm_init	= vmx_vm_init,
	.vm_destroy	= vmx_vm_destroy,
	.vcpu_init	= vmx_vcpu_init,
	.vcpu_destroy	= vmx_vcpu_destroy,
	.load		= vmx_load,
	.enter		= vmx_enter,
};

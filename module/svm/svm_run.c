// SPDX-License-Identifier: GPL-2.0
/*
 * svm_run.c - the SVM half of the hardware backend (struct hw_arch_ops,
 * hw/hw.h): a VMCB per vCPU, the ASIDs, the guest entry and the decoding
 * of #VMEXIT. AMD APM vol. 2, chapter 15, and appendix B for the VMCB.
 *
 * ASIDs. Each VM gets one of the ASIDs 1 to XSVM_MAX_ASID (fewer if the
 * CPU has fewer), the least used one; with more VMs than that, VMs share
 * ASIDs. Sharing is safe because TLB entries are never trusted across
 * VMCBs: the CPUs xvm must run on (QEMU's included) need not have
 * flush-by-ASID, so an entry flushes the whole TLB (TLB_CONTROL 1)
 *  - on the first entry of a VMCB on a CPU, and whenever another VMCB
 *    ran on this CPU since this one last did (a per-CPU VMCB id),
 *  - when the vCPU last ran on another CPU (the flush it may have got
 *    there did not reach this CPU's TLB),
 *  - when the run loop asks for it (hw_vcpu.flush_tlb).
 * VMCB ids are never reused, so a freed VMCB's successor at the same
 * address is never taken for it.
 *
 * Host state. VMRUN saves only part of the host's state; svm_vmrun.S
 * saves the rest with VMSAVE to a per-CPU page (not the VM_HSAVE_PA
 * area, which belongs to the processor) and loads it back with VMLOAD.
 * The IOPM and MSRPM, all ones (every port and every MSR intercepted),
 * are shared by every vCPU: the processor only reads them. The per-CPU
 * pages and the maps exist while VMs of this backend exist.
 *
 * Every entry reloads the whole VMCB (clean bits 0): xvm writes few
 * fields and exits are not frequent enough for the saving to matter.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/gfp.h>
#include <linux/lockdep.h>
#include <linux/mem_encrypt.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <asm/debugreg.h>
#include <asm/io.h>
#include <asm/msr-index.h>
#include <asm/processor.h>
#include <asm/processor-flags.h>
#include <asm/traps.h>
#include "core/ownership.h"
#include "engine/engine.h"
#include "svm/svm.h"

#include "hw/hw.h"

/* The ASIDs xvm uses: 1 to 15 (0 is the host's). */
#define XSVM_MAX_ASID		15

/* Sizes of the permission maps (APM vol. 2, 15.10.1 and 15.11). */
#define XSVM_IOPM_ORDER		2	/* 12 KiB used */
#define XSVM_MSRPM_ORDER	1	/* 8 KiB */

/* Guest debug registers: every breakpoint off, DR6 at its reset value. */
#define XSVM_DR6_INIT		0xffff0ff0ULL
#define XSVM_DR7_INIT		0x00000400ULL

/* Segment attributes of the runtime GDT's descriptors. */
#define XSVM_ATTR_CODE64	(XSVM_ATTR_TYPE(0xb) | XSVM_ATTR_S | \
				 XSVM_ATTR_DPL(0) | XSVM_ATTR_P | \
				 XSVM_ATTR_L | XSVM_ATTR_G)
#define XSVM_ATTR_DATA		(XSVM_ATTR_TYPE(0x3) | XSVM_ATTR_S | \
				 XSVM_ATTR_DPL(0) | XSVM_ATTR_P | \
				 XSVM_ATTR_DB | XSVM_ATTR_G)
#define XSVM_ATTR_TSS64_BUSY	(XSVM_ATTR_TYPE(0xb) | XSVM_ATTR_P)

/* Exceptions that push an error code, reported in EXITINFO1. */
#define XSVM_EXC_ERROR_CODE	(BIT(X86_TRAP_DF) | BIT(X86_TRAP_TS) | \
				 BIT(X86_TRAP_NP) | BIT(X86_TRAP_SS) | \
				 BIT(X86_TRAP_GP) | BIT(X86_TRAP_PF) | \
				 BIT(X86_TRAP_AC) | BIT(21) | BIT(29) | \
				 BIT(30))

/* Per vCPU (hw_vcpu.arch). */
struct svm_vcpu {
	struct page *vmcb_page;
	struct xsvm_vmcb *vmcb;
	u64 vmcb_pa;			/* as VMRUN takes it (C-bit included) */
	u64 id;				/* unique, never reused; 0 is none */
	int cpu;			/* CPU of the last load, or -1 */
	bool flush;			/* flush the TLB at the next entry */
};

/* Per CPU. */
struct svm_cpu {
	struct page *host_save;		/* VMSAVE area of the host */
	u64 host_save_pa;
	u64 last_vmcb;			/* id of the VMCB loaded last, or 0 */
};

static DEFINE_PER_CPU(struct svm_cpu, svm_cpus);

/* Everything below is under svm_lock. */
static DEFINE_MUTEX(svm_lock);
static unsigned int svm_vms;		/* VMs of this backend */
static unsigned int svm_max_asid;	/* 0 while there are none */
static unsigned int svm_asid_users[XSVM_MAX_ASID + 1];
static struct page *svm_iopm;
static struct page *svm_msrpm;

static atomic64_t svm_vmcb_ids = ATOMIC64_INIT(0);

static inline void svm_clgi(void)
{
	asm volatile("clgi" : : : "memory");
}

static inline void svm_stgi(void)
{
	asm volatile("stgi" : : : "memory");
}

/* The address of @pg as the processor takes it in the VMCB and rAX. */
static u64 svm_pa(struct page *pg)
{
	return __sme_set(page_to_phys(pg));
}

/* The layout of svm.h against the offsets of appendix B. */
static void svm_check_layout(void)
{
	BUILD_BUG_ON(sizeof(struct xsvm_seg) != 16);
	BUILD_BUG_ON(sizeof(struct xsvm_ctrl) != 0x400);
	BUILD_BUG_ON(sizeof(struct xsvm_state) != 0xc00);
	BUILD_BUG_ON(sizeof(struct xsvm_vmcb) != PAGE_SIZE);

	BUILD_BUG_ON(offsetof(struct xsvm_ctrl, intercept_exc) != 0x008);
	BUILD_BUG_ON(offsetof(struct xsvm_ctrl, intercept3) != 0x00c);
	BUILD_BUG_ON(offsetof(struct xsvm_ctrl, intercept4) != 0x010);
	BUILD_BUG_ON(offsetof(struct xsvm_ctrl, pause_filter_thresh) != 0x03c);
	BUILD_BUG_ON(offsetof(struct xsvm_ctrl, iopm_base_pa) != 0x040);
	BUILD_BUG_ON(offsetof(struct xsvm_ctrl, msrpm_base_pa) != 0x048);
	BUILD_BUG_ON(offsetof(struct xsvm_ctrl, tsc_offset) != 0x050);
	BUILD_BUG_ON(offsetof(struct xsvm_ctrl, asid) != 0x058);
	BUILD_BUG_ON(offsetof(struct xsvm_ctrl, tlb_control) != 0x05c);
	BUILD_BUG_ON(offsetof(struct xsvm_ctrl, int_ctl) != 0x060);
	BUILD_BUG_ON(offsetof(struct xsvm_ctrl, int_state) != 0x068);
	BUILD_BUG_ON(offsetof(struct xsvm_ctrl, exit_code) != 0x070);
	BUILD_BUG_ON(offsetof(struct xsvm_ctrl, exit_info1) != 0x078);
	BUILD_BUG_ON(offsetof(struct xsvm_ctrl, exit_info2) != 0x080);
	BUILD_BUG_ON(offsetof(struct xsvm_ctrl, exit_int_info) != 0x088);
	BUILD_BUG_ON(offsetof(struct xsvm_ctrl, np_ctl) != 0x090);
	BUILD_BUG_ON(offsetof(struct xsvm_ctrl, event_inj) != 0x0a8);
	BUILD_BUG_ON(offsetof(struct xsvm_ctrl, ncr3) != 0x0b0);
	BUILD_BUG_ON(offsetof(struct xsvm_ctrl, clean) != 0x0c0);
	BUILD_BUG_ON(offsetof(struct xsvm_ctrl, next_rip) != 0x0c8);
	BUILD_BUG_ON(offsetof(struct xsvm_ctrl, insn_len) != 0x0d0);

#define XSVM_SAVE(f)	(0x400 + offsetof(struct xsvm_state, f))
	BUILD_BUG_ON(offsetof(struct xsvm_vmcb, state) != 0x400);
	BUILD_BUG_ON(XSVM_SAVE(cs) != 0x410);
	BUILD_BUG_ON(XSVM_SAVE(fs) != 0x440);
	BUILD_BUG_ON(XSVM_SAVE(gdtr) != 0x460);
	BUILD_BUG_ON(XSVM_SAVE(idtr) != 0x480);
	BUILD_BUG_ON(XSVM_SAVE(tr) != 0x490);
	BUILD_BUG_ON(XSVM_SAVE(cpl) != 0x4cb);
	BUILD_BUG_ON(XSVM_SAVE(efer) != 0x4d0);
	BUILD_BUG_ON(XSVM_SAVE(cr4) != 0x548);
	BUILD_BUG_ON(XSVM_SAVE(cr3) != 0x550);
	BUILD_BUG_ON(XSVM_SAVE(cr0) != 0x558);
	BUILD_BUG_ON(XSVM_SAVE(dr7) != 0x560);
	BUILD_BUG_ON(XSVM_SAVE(dr6) != 0x568);
	BUILD_BUG_ON(XSVM_SAVE(rflags) != 0x570);
	BUILD_BUG_ON(XSVM_SAVE(rip) != 0x578);
	BUILD_BUG_ON(XSVM_SAVE(rsp) != 0x5d8);
	BUILD_BUG_ON(XSVM_SAVE(rax) != 0x5f8);
	BUILD_BUG_ON(XSVM_SAVE(star) != 0x600);
	BUILD_BUG_ON(XSVM_SAVE(kernel_gs_base) != 0x620);
	BUILD_BUG_ON(XSVM_SAVE(sysenter_eip) != 0x638);
	BUILD_BUG_ON(XSVM_SAVE(cr2) != 0x640);
	BUILD_BUG_ON(XSVM_SAVE(g_pat) != 0x668);
	BUILD_BUG_ON(XSVM_SAVE(dbgctl) != 0x670);
#undef XSVM_SAVE

	/* svm_vmrun.S indexes the GPR array by register number. */
	BUILD_BUG_ON(HW_RCX != 1 || HW_RDX != 2 || HW_RBX != 3 ||
		     HW_RBP != 5 || HW_RSI != 6 || HW_RDI != 7 ||
		     HW_R8 != 8 || HW_R15 != 15);
}

/* ---- per VM: ASIDs and the shared pages ------------------------------ */

static void svm_global_free(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct svm_cpu *c = per_cpu_ptr(&svm_cpus, cpu);

		if (c->host_save)
			__free_page(c->host_save);
		c->host_save = NULL;
		c->host_save_pa = 0;
	}
	if (svm_iopm)
		__free_pages(svm_iopm, XSVM_IOPM_ORDER);
	if (svm_msrpm)
		__free_pages(svm_msrpm, XSVM_MSRPM_ORDER);
	svm_iopm = NULL;
	svm_msrpm = NULL;
	svm_max_asid = 0;
}

/* The first VM: the ASID range, the per-CPU pages and the maps. */
static int svm_global_alloc(void)
{
	unsigned int cpu, nasid;

	/* CPUID Fn8000_000A EBX: the number of ASIDs, the host's included. */
	nasid = cpuid_eax(0x80000000) >= 0x8000000a ?
		cpuid_ebx(0x8000000a) : 0;
	if (nasid < 2) {
		pr_err_ratelimited("SVM: the CPU reports %u ASIDs\n", nasid);
		return -ENODEV;
	}
	svm_max_asid = min_t(unsigned int, nasid - 1, XSVM_MAX_ASID);

	for_each_possible_cpu(cpu) {
		struct svm_cpu *c = per_cpu_ptr(&svm_cpus, cpu);

		c->host_save = alloc_pages_node(cpu_to_node(cpu),
						GFP_KERNEL | __GFP_ZERO, 0);
		if (!c->host_save)
			goto nomem;
		c->host_save_pa = svm_pa(c->host_save);
	}
	svm_iopm = alloc_pages(GFP_KERNEL, XSVM_IOPM_ORDER);
	svm_msrpm = alloc_pages(GFP_KERNEL, XSVM_MSRPM_ORDER);
	if (!svm_iopm || !svm_msrpm)
		goto nomem;
	memset(page_address(svm_iopm), 0xff, PAGE_SIZE << XSVM_IOPM_ORDER);
	memset(page_address(svm_msrpm), 0xff, PAGE_SIZE << XSVM_MSRPM_ORDER);
	return 0;
nomem:
	svm_global_free();
	return -ENOMEM;
}

static int svm_vm_init(struct hw_vm *vm)
{
	unsigned int asid, best = 1;
	int ret = 0;

	mutex_lock(&svm_lock);
	if (!svm_vms) {
		ret = svm_global_alloc();
		if (ret)
			goto out;
	}
	for (asid = 2; asid <= svm_max_asid; asid++)
		if (svm_asid_users[asid] < svm_asid_users[best])
			best = asid;
	svm_asid_users[best]++;
	vm->asid = best;
	svm_vms++;
out:
	mutex_unlock(&svm_lock);
	return ret;
}

static void svm_vm_destroy(struct hw_vm *vm)
{
	mutex_lock(&svm_lock);
	if (!WARN_ON_ONCE(!vm->asid || vm->asid > XSVM_MAX_ASID ||
			  !svm_asid_users[vm->asid] || !svm_vms)) {
		svm_asid_users[vm->asid]--;
		vm->asid = 0;
		if (!--svm_vms)
			svm_global_free();
	}
	mutex_unlock(&svm_lock);
}

/* ---- per vCPU: the VMCB ---------------------------------------------- */

static void svm_set_seg(struct xsvm_seg *seg, u16 sel, u16 attrib,
			u32 limit, u64 base)
{
	seg->sel = sel;
	seg->attrib = attrib;
	seg->limit = limit;
	seg->base = base;
}

static void svm_init_vmcb(struct hw_vcpu *v, struct xsvm_vmcb *vmcb)
{
	struct xsvm_ctrl *ctrl = &vmcb->ctrl;
	struct xsvm_state *st = &vmcb->state;
	const struct hw_guest_env *env = &v->env;

	/* Writes to CR0, CR3, CR4 and CR8: translated code never does. */
	ctrl->intercept_cr = BIT(16 + 0) | BIT(16 + 3) | BIT(16 + 4) |
			     BIT(16 + 8);
	ctrl->intercept_exc = ~0U;
	ctrl->intercept3 = XSVM_INT3_INTR | XSVM_INT3_NMI | XSVM_INT3_SMI |
			   XSVM_INT3_INIT | XSVM_INT3_CPUID | XSVM_INT3_INVD |
			   XSVM_INT3_HLT | XSVM_INT3_INVLPGA |
			   XSVM_INT3_IOIO_PROT | XSVM_INT3_MSR_PROT |
			   XSVM_INT3_TASK_SWITCH | XSVM_INT3_FERR_FREEZE |
			   XSVM_INT3_SHUTDOWN;
	/* VMRUN must be intercepted: VMRUN fails its checks otherwise. */
	ctrl->intercept4 = XSVM_INT4_VMRUN | XSVM_INT4_VMMCALL |
			   XSVM_INT4_VMLOAD | XSVM_INT4_VMSAVE |
			   XSVM_INT4_STGI | XSVM_INT4_CLGI | XSVM_INT4_SKINIT |
			   XSVM_INT4_WBINVD | XSVM_INT4_MONITOR |
			   XSVM_INT4_MWAIT | XSVM_INT4_MWAIT_ARMED |
			   XSVM_INT4_XSETBV;
	ctrl->iopm_base_pa = svm_pa(svm_iopm);
	ctrl->msrpm_base_pa = svm_pa(svm_msrpm);
	ctrl->asid = v->hvm->asid;
	ctrl->tlb_control = XSVM_TLB_FLUSH_ALL;
	/* The host's RFLAGS.IF masks physical interrupts, not the guest's. */
	ctrl->int_ctl = XSVM_V_INTR_MASKING;
	ctrl->np_ctl = XSVM_NP_ENABLE;
	ctrl->ncr3 = v->hvm->npt.root_addr;
	ctrl->clean = 0;

	svm_set_seg(&st->cs, HW_SEL_CODE, XSVM_ATTR_CODE64, 0xffffffff, 0);
	svm_set_seg(&st->ds, HW_SEL_DATA, XSVM_ATTR_DATA, 0xffffffff, 0);
	svm_set_seg(&st->es, HW_SEL_DATA, XSVM_ATTR_DATA, 0xffffffff, 0);
	svm_set_seg(&st->ss, HW_SEL_DATA, XSVM_ATTR_DATA, 0xffffffff, 0);
	/* Null selectors with base 0; VMLOAD takes them from here. */
	svm_set_seg(&st->fs, 0, XSVM_ATTR_DATA, 0xffffffff, 0);
	svm_set_seg(&st->gs, 0, XSVM_ATTR_DATA, 0xffffffff, 0);
	svm_set_seg(&st->ldtr, 0, 0, 0, 0);
	svm_set_seg(&st->tr, HW_SEL_TSS, XSVM_ATTR_TSS64_BUSY,
		    env->tss_limit, env->tss_base);
	svm_set_seg(&st->gdtr, 0, 0, env->gdt_limit, env->gdt_base);
	svm_set_seg(&st->idtr, 0, 0, env->idt_limit, env->idt_base);
	st->cpl = 0;

	/* VMRUN refuses a guest EFER without SVME. */
	st->efer = env->efer | EFER_SVME;
	st->cr0 = env->cr0;
	st->cr3 = env->cr3;
	st->cr4 = env->cr4;
	st->dr6 = XSVM_DR6_INIT;
	st->dr7 = XSVM_DR7_INIT;
	st->rflags = X86_EFLAGS_FIXED;
	st->g_pat = env->pat;
}

static int svm_vcpu_init(struct hw_vcpu *v)
{
	struct svm_vcpu *s;

	svm_check_layout();
	s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);
	if (!s)
		return -ENOMEM;
	s->vmcb_page = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	if (!s->vmcb_page) {
		kfree(s);
		return -ENOMEM;
	}
	s->vmcb = page_address(s->vmcb_page);
	s->vmcb_pa = svm_pa(s->vmcb_page);
	s->id = atomic64_inc_return(&svm_vmcb_ids);
	s->cpu = -1;
	s->flush = true;
	svm_init_vmcb(v, s->vmcb);
	v->arch = s;
	return 0;
}

/*
 * Nothing of the VMCB stays in a CPU after #VMEXIT, and the per-CPU ids
 * never match a later VMCB: the pages can go right away.
 */
static void svm_vcpu_destroy(struct hw_vcpu *v)
{
	struct svm_vcpu *s = v->arch;

	if (!s)
		return;
	__free_page(s->vmcb_page);
	kfree(s);
	v->arch = NULL;
}

/* Preemption off: the TLB decision for the next entry on @cpu. */
static void svm_load(struct hw_vcpu *v, int cpu)
{
	struct svm_vcpu *s = v->arch;
	struct svm_cpu *c = per_cpu_ptr(&svm_cpus, cpu);

	/*
	 * The flag stays set until an entry has flushed: a load without an
	 * entry after it leaves the flush for the next one.
	 */
	if (c->last_vmcb != s->id || s->cpu != cpu)
		s->flush = true;
	c->last_vmcb = s->id;
	s->cpu = cpu;
	v->cpu = cpu;
	s->vmcb->ctrl.clean = 0;
}

/* ---- entry and exit -------------------------------------------------- */

static void svm_decode_exit(struct hw_vcpu *v, const struct xsvm_ctrl *ctrl)
{
	struct hw_exit *e = &v->exit;
	u64 code = ctrl->exit_code;
	u32 vector;

	/* An event the guest was being delivered: kept for the report. */
	if (ctrl->exit_int_info & XSVM_EVTINFO_VALID)
		e->qual = ctrl->exit_int_info;

	if (code >= XSVM_EXIT_EXCP_BASE && code <= XSVM_EXIT_EXCP_LAST) {
		vector = code - XSVM_EXIT_EXCP_BASE;
		e->kind = HW_EXIT_EXCEPTION;
		e->vector = vector;
		if (XSVM_EXC_ERROR_CODE & BIT(vector)) {
			e->has_error_code = true;
			e->error_code = ctrl->exit_info1;
		}
		if (vector == X86_TRAP_PF)
			e->cr2 = ctrl->exit_info2;
		return;
	}

	switch (code) {
	case XSVM_EXIT_VMMCALL:
		e->kind = HW_EXIT_HYPERCALL;
		e->insn_len = XSVM_VMMCALL_LEN;
		break;
	case XSVM_EXIT_NPF:
		e->kind = HW_EXIT_NPF;
		e->gpa = ctrl->exit_info2;
		e->present = ctrl->exit_info1 & XSVM_NPF_PRESENT;
		e->write = ctrl->exit_info1 & XSVM_NPF_WRITE;
		e->fetch = ctrl->exit_info1 & XSVM_NPF_FETCH;
		break;
	case XSVM_EXIT_INTR:
	case XSVM_EXIT_NMI:
	case XSVM_EXIT_SMI:
	case XSVM_EXIT_INIT:
		e->kind = HW_EXIT_INTR;
		break;
	case XSVM_EXIT_SHUTDOWN:
		e->kind = HW_EXIT_SHUTDOWN;
		break;
	default:
		e->hw_reason = code;
		/*
		 * VMEXIT_INVALID (-1) and the other negative codes. QEMU
		 * stores them zero-extended from 32 bits; no valid code has
		 * bit 31 set.
		 */
		if ((s32)(u32)code < 0) {
			e->kind = HW_EXIT_FAIL_ENTRY;
			break;
		}
		e->kind = HW_EXIT_UNEXPECTED;
		e->qual = ctrl->exit_info1;
		break;
	}
}

/* Interrupts and preemption off. */
static void svm_enter(struct hw_vcpu *v)
{
	struct svm_vcpu *s = v->arch;
	struct xsvm_vmcb *vmcb = s->vmcb;
	struct svm_cpu *c = this_cpu_ptr(&svm_cpus);
	int cpu = smp_processor_id();

	lockdep_assert_irqs_disabled();
	memset(&v->exit, 0, sizeof(v->exit));

	/*
	 * SVM lost on this CPU (a refused enable at resume): clgi and VMRUN
	 * would fault.
	 */
	if (unlikely(!xvm_hw_owned_here(&xvm_svm_hw) || !c->host_save)) {
		v->exit.kind = HW_EXIT_FAIL_ENTRY;
		v->exit.hw_reason = XSVM_EXIT_INVALID;
		return;
	}
	if (WARN_ON_ONCE(s->cpu != cpu))
		svm_load(v, cpu);
	if (v->flush_tlb) {
		s->flush = true;
		v->flush_tlb = false;
	}

	vmcb->ctrl.tlb_control = s->flush ? XSVM_TLB_FLUSH_ALL :
					    XSVM_TLB_NOTHING;
	vmcb->state.rip = v->regs.rip;
	vmcb->state.rsp = v->regs.gpr[HW_RSP];
	vmcb->state.rflags = v->regs.rflags | X86_EFLAGS_FIXED;
	vmcb->state.rax = v->regs.gpr[HW_RAX];

	/* GIF clear: svm_vmrun sets RFLAGS.IF and nothing gets in. */
	svm_clgi();
	svm_vmrun(s->vmcb_pa, c->host_save_pa, v->regs.gpr);
	svm_stgi();

	/* #VMEXIT leaves the host's DR7 with every breakpoint off. */
	if (hw_breakpoint_active())
		hw_breakpoint_restore();

	v->entries++;
	svm_decode_exit(v, &vmcb->ctrl);
	/*
	 * A VMRUN that failed its checks ran nothing (and flushed nothing);
	 * the save area then holds no guest state to read back.
	 */
	if (v->exit.kind == HW_EXIT_FAIL_ENTRY)
		return;
	s->flush = false;
	v->regs.rip = vmcb->state.rip;
	v->regs.gpr[HW_RSP] = vmcb->state.rsp;
	v->regs.rflags = vmcb->state.rflags;
	v->regs.gpr[HW_RAX] = vmcb->state.rax;

	/*
	 * A machine check in the guest was intercepted: hand it to the
	 * host's handler, as if it had happened here.
	 */
	if (IS_ENABLED(CONFIG_X86_MCE) &&
	    vmcb->ctrl.exit_code == XSVM_EXIT_EXCP_BASE + X86_TRAP_MC)
		asm volatile("int $0x12");
}

const struct hw_arch_ops hw_svm_arch = {
	.name		= "SVM",
	.ext		= &xvm_svm_hw,
	.npt_format	= HW_PT_NPT,
	.engine_flag	= XVM_CFG_HW_SVM,
	.vm_init	= svm_vm_init,
	.vm_destroy	= svm_vm_destroy,
	.vcpu_init	= svm_vcpu_init,
	.vcpu_destroy	= svm_vcpu_destroy,
	.load		= svm_load,
	.enter		= svm_enter,
};

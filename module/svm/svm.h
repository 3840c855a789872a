/* SPDX-License-Identifier: GPL-2.0 */
/*
 * svm.h - the VMCB as the SVM backend uses it (AMD APM vol. 2, appendix
 * B), the intercepts and exit codes it knows, and the VMRUN routine of
 * svm_vmrun.S.
 *
 * Only the fields xvm reads or writes have names; everything else is
 * padding named after its offset. svm_run.c checks the offsets at build
 * time. The names carry an XSVM_ / xsvm_ prefix so that they can never
 * clash with the kernel's <asm/svm.h>.
 */
#ifndef XVM_SVM_SVM_H
#define XVM_SVM_SVM_H

#include <linux/bits.h>
#include <linux/types.h>

/* ---- control area (offset 0x000) ------------------------------------ */

/* Intercept vector 3 (offset 0x00c). */
#define XSVM_INT3_INTR		BIT(0)
#define XSVM_INT3_NMI		BIT(1)
#define XSVM_INT3_SMI		BIT(2)
#define XSVM_INT3_INIT		BIT(3)
#define XSVM_INT3_CPUID		BIT(18)
#define XSVM_INT3_INVD		BIT(22)
#define XSVM_INT3_HLT		BIT(24)
#define XSVM_INT3_INVLPGA	BIT(26)
#define XSVM_INT3_IOIO_PROT	BIT(27)
#define XSVM_INT3_MSR_PROT	BIT(28)
#define XSVM_INT3_TASK_SWITCH	BIT(29)
#define XSVM_INT3_FERR_FREEZE	BIT(30)
#define XSVM_INT3_SHUTDOWN	BIT(31)

/* Intercept vector 4 (offset 0x010). */
#define XSVM_INT4_VMRUN		BIT(0)
#define XSVM_INT4_VMMCALL	BIT(1)
#define XSVM_INT4_VMLOAD	BIT(2)
#define XSVM_INT4_VMSAVE	BIT(3)
#define XSVM_INT4_STGI		BIT(4)
#define XSVM_INT4_CLGI		BIT(5)
#define XSVM_INT4_SKINIT	BIT(6)
#define XSVM_INT4_WBINVD	BIT(9)
#define XSVM_INT4_MONITOR	BIT(10)
#define XSVM_INT4_MWAIT		BIT(11)
#define XSVM_INT4_MWAIT_ARMED	BIT(12)
#define XSVM_INT4_XSETBV	BIT(13)

/* TLB_CONTROL (offset 0x05c). */
#define XSVM_TLB_NOTHING	0
#define XSVM_TLB_FLUSH_ALL	1	/* every entry, every ASID */

/* int_ctl (offset 0x060). */
#define XSVM_V_INTR_MASKING	BIT(24)

/* np_ctl (offset 0x090). */
#define XSVM_NP_ENABLE		BIT_ULL(0)

/* EXITINTINFO and EVENTINJ. */
#define XSVM_EVTINFO_VALID	BIT_ULL(31)

/* EXITINFO1 of a nested page fault. */
#define XSVM_NPF_PRESENT	BIT_ULL(0)
#define XSVM_NPF_WRITE		BIT_ULL(1)
#define XSVM_NPF_FETCH		BIT_ULL(4)

/* EXITCODE values (appendix C). */
#define XSVM_EXIT_EXCP_BASE	0x040	/* + vector, 0x40 to 0x5f */
#define XSVM_EXIT_EXCP_LAST	0x05f
#define XSVM_EXIT_INTR		0x060
#define XSVM_EXIT_NMI		0x061
#define XSVM_EXIT_SMI		0x062
#define XSVM_EXIT_INIT		0x063
#define XSVM_EXIT_SHUTDOWN	0x07f
#define XSVM_EXIT_VMMCALL	0x081
#define XSVM_EXIT_NPF		0x400
#define XSVM_EXIT_INVALID	((u64)-1)	/* VMRUN consistency checks */

/* The length of vmmcall (0f 01 d9): no next-RIP support is assumed. */
#define XSVM_VMMCALL_LEN	3

struct xsvm_ctrl {
	u32 intercept_cr;		/* 0x000: reads 15:0, writes 31:16 */
	u32 intercept_dr;		/* 0x004 */
	u32 intercept_exc;		/* 0x008: one bit per vector */
	u32 intercept3;			/* 0x00c: XSVM_INT3_* */
	u32 intercept4;			/* 0x010: XSVM_INT4_* */
	u32 intercept5;			/* 0x014 */
	u8 rsvd_0x018[0x03c - 0x018];
	u16 pause_filter_thresh;	/* 0x03c */
	u16 pause_filter_count;		/* 0x03e */
	u64 iopm_base_pa;		/* 0x040 */
	u64 msrpm_base_pa;		/* 0x048 */
	u64 tsc_offset;			/* 0x050 */
	u32 asid;			/* 0x058 */
	u8 tlb_control;			/* 0x05c */
	u8 rsvd_0x05d[3];
	u32 int_ctl;			/* 0x060: V_TPR, V_IRQ, V_INTR_MASKING */
	u32 int_vector;			/* 0x064 */
	u64 int_state;			/* 0x068: interrupt shadow */
	u64 exit_code;			/* 0x070 */
	u64 exit_info1;			/* 0x078 */
	u64 exit_info2;			/* 0x080 */
	u64 exit_int_info;		/* 0x088 */
	u64 np_ctl;			/* 0x090: XSVM_NP_ENABLE */
	u64 avic_apic_bar;		/* 0x098 */
	u64 ghcb_pa;			/* 0x0a0 */
	u64 event_inj;			/* 0x0a8 */
	u64 ncr3;			/* 0x0b0 */
	u64 virt_ext;			/* 0x0b8: LBR and VMLOAD virtualization */
	u32 clean;			/* 0x0c0: VMCB clean bits */
	u32 rsvd_0x0c4;
	u64 next_rip;			/* 0x0c8 */
	u8 insn_len;			/* 0x0d0 */
	u8 insn_bytes[15];		/* 0x0d1 */
	u8 rsvd_0x0e0[0x400 - 0x0e0];
};

/* ---- state save area (offset 0x400) --------------------------------- */

/*
 * A segment: the attributes are descriptor bits 47:40 in attrib 7:0 and
 * descriptor bits 55:52 in attrib 11:8.
 */
struct xsvm_seg {
	u16 sel;
	u16 attrib;
	u32 limit;
	u64 base;
};

#define XSVM_ATTR_TYPE(t)	((t) & 0xf)
#define XSVM_ATTR_S		BIT(4)		/* code or data */
#define XSVM_ATTR_DPL(d)	(((d) & 3) << 5)
#define XSVM_ATTR_P		BIT(7)
#define XSVM_ATTR_L		BIT(9)		/* 64-bit code */
#define XSVM_ATTR_DB		BIT(10)
#define XSVM_ATTR_G		BIT(11)

struct xsvm_state {
	struct xsvm_seg es;		/* 0x000 */
	struct xsvm_seg cs;		/* 0x010 */
	struct xsvm_seg ss;		/* 0x020 */
	struct xsvm_seg ds;		/* 0x030 */
	struct xsvm_seg fs;		/* 0x040 */
	struct xsvm_seg gs;		/* 0x050 */
	struct xsvm_seg gdtr;		/* 0x060: limit and base only */
	struct xsvm_seg ldtr;		/* 0x070 */
	struct xsvm_seg idtr;		/* 0x080: limit and base only */
	struct xsvm_seg tr;		/* 0x090 */
	u8 rsvd_0x0a0[0x0cb - 0x0a0];
	u8 cpl;				/* 0x0cb */
	u32 rsvd_0x0cc;
	u64 efer;			/* 0x0d0 */
	u8 rsvd_0x0d8[0x148 - 0x0d8];
	u64 cr4;			/* 0x148 */
	u64 cr3;			/* 0x150 */
	u64 cr0;			/* 0x158 */
	u64 dr7;			/* 0x160 */
	u64 dr6;			/* 0x168 */
	u64 rflags;			/* 0x170 */
	u64 rip;			/* 0x178 */
	u8 rsvd_0x180[0x1d8 - 0x180];
	u64 rsp;			/* 0x1d8 */
	u8 rsvd_0x1e0[0x1f8 - 0x1e0];
	u64 rax;			/* 0x1f8 */
	u64 star;			/* 0x200 */
	u64 lstar;			/* 0x208 */
	u64 cstar;			/* 0x210 */
	u64 sfmask;			/* 0x218 */
	u64 kernel_gs_base;		/* 0x220 */
	u64 sysenter_cs;		/* 0x228 */
	u64 sysenter_esp;		/* 0x230 */
	u64 sysenter_eip;		/* 0x238 */
	u64 cr2;			/* 0x240 */
	u8 rsvd_0x248[0x268 - 0x248];
	u64 g_pat;			/* 0x268 */
	u64 dbgctl;			/* 0x270 */
	u8 rsvd_0x278[0xc00 - 0x278];
};

/* One 4 KiB page. */
struct xsvm_vmcb {
	struct xsvm_ctrl ctrl;		/* 0x000 */
	struct xsvm_state state;	/* 0x400 */
};

/*
 * svm_vmrun.S: one guest entry. VMSAVE the host's FS, GS, TR, LDTR and
 * syscall MSRs to @host_pa, VMLOAD the guest's from @vmcb_pa, load the
 * guest GPRs from @gpr (indexed by enum hw_gpr; RAX and RSP come from the
 * VMCB and their slots are left alone), VMRUN with host RFLAGS.IF set,
 * and on #VMEXIT store the guest GPRs back to @gpr, VMSAVE the guest's
 * state to @vmcb_pa and VMLOAD the host's from @host_pa. The caller holds
 * GIF clear (clgi) and host interrupts disabled around the call.
 */
void svm_vmrun(u64 vmcb_pa, u64 host_pa, u64 *gpr);

#endif /* XVM_SVM_SVM_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmcs.h - the parts of the VMCS format the VMX backend uses (Intel SDM
 * vol. 3D, appendix B for the field encodings, appendix A for the
 * capability MSRs, vol. 3C ch. 25 for the controls), and small wrappers
 * of the VMX instructions that report failure instead of trapping.
 *
 * Every wrapper returns 0 on success, -EIO on VMfailInvalid/VMfailValid
 * (CF or ZF set) and -EFAULT if the instruction faulted (the CPU is not
 * in VMX operation, say): never a BUG.
 */
#ifndef XVM_VMX_VMCS_H
#define XVM_VMX_VMCS_H

#include <linux/bits.h>
#ifndef __ASSEMBLY__
#include <linux/errno.h>
#include <linux/types.h>
#include <asm/asm.h>
#endif

/* ---- 16-bit fields --------------------------------------------------- */
#define VMCS_GUEST_ES_SEL		0x0800
#define VMCS_GUEST_CS_SEL		0x0802
#define VMCS_GUEST_SS_SEL		0x0804
#define VMCS_GUEST_DS_SEL		0x0806
#define VMCS_GUEST_FS_SEL		0x0808
#define VMCS_GUEST_GS_SEL		0x080a
#define VMCS_GUEST_LDTR_SEL		0x080c
#define VMCS_GUEST_TR_SEL		0x080e
#define VMCS_HOST_ES_SEL		0x0c00
#define VMCS_HOST_CS_SEL		0x0c02
#define VMCS_HOST_SS_SEL		0x0c04
#define VMCS_HOST_DS_SEL		0x0c06
#define VMCS_HOST_FS_SEL		0x0c08
#define VMCS_HOST_GS_SEL		0x0c0a
#define VMCS_HOST_TR_SEL		0x0c0c

/* ---- 64-bit fields --------------------------------------------------- */
#define VMCS_EPT_POINTER		0x201a
#define VMCS_GUEST_PHYS_ADDR		0x2400	/* read-only */
#define VMCS_LINK_POINTER		0x2800
#define VMCS_GUEST_DEBUGCTL		0x2802
#define VMCS_GUEST_PAT			0x2804
#define VMCS_GUEST_EFER			0x2806
#define VMCS_HOST_PAT			0x2c00
#define VMCS_HOST_EFER			0x2c02

/* ---- 32-bit fields --------------------------------------------------- */
#define VMCS_PIN_CONTROLS		0x4000
#define VMCS_PROC_CONTROLS		0x4002
#define VMCS_EXCEPTION_BITMAP		0x4004
#define VMCS_PF_ERROR_MASK		0x4006
#define VMCS_PF_ERROR_MATCH		0x4008
#define VMCS_CR3_TARGET_COUNT		0x400a
#define VMCS_EXIT_CONTROLS		0x400c
#define VMCS_EXIT_MSR_STORE_COUNT	0x400e
#define VMCS_EXIT_MSR_LOAD_COUNT	0x4010
#define VMCS_ENTRY_CONTROLS		0x4012
#define VMCS_ENTRY_MSR_LOAD_COUNT	0x4014
#define VMCS_ENTRY_INTR_INFO		0x4016
#define VMCS_PROC_CONTROLS2		0x401e
#define VMCS_INSN_ERROR			0x4400	/* read-only from here */
#define VMCS_EXIT_REASON		0x4402
#define VMCS_EXIT_INTR_INFO		0x4404
#define VMCS_EXIT_INTR_ERROR		0x4406
#define VMCS_EXIT_INSN_LEN		0x440c
#define VMCS_GUEST_ES_LIMIT		0x4800
#define VMCS_GUEST_CS_LIMIT		0x4802
#define VMCS_GUEST_SS_LIMIT		0x4804
#define VMCS_GUEST_DS_LIMIT		0x4806
#define VMCS_GUEST_FS_LIMIT		0x4808
#define VMCS_GUEST_GS_LIMIT		0x480a
#define VMCS_GUEST_LDTR_LIMIT		0x480c
#define VMCS_GUEST_TR_LIMIT		0x480e
#define VMCS_GUEST_GDTR_LIMIT		0x4810
#define VMCS_GUEST_IDTR_LIMIT		0x4812
#define VMCS_GUEST_ES_AR		0x4814
#define VMCS_GUEST_CS_AR		0x4816
#define VMCS_GUEST_SS_AR		0x4818
#define VMCS_GUEST_DS_AR		0x481a
#define VMCS_GUEST_FS_AR		0x481c
#define VMCS_GUEST_GS_AR		0x481e
#define VMCS_GUEST_LDTR_AR		0x4820
#define VMCS_GUEST_TR_AR		0x4822
#define VMCS_GUEST_INTERRUPTIBILITY	0x4824
#define VMCS_GUEST_ACTIVITY		0x4826
#define VMCS_GUEST_SYSENTER_CS		0x482a
#define VMCS_PREEMPTION_TIMER		0x482e
#define VMCS_HOST_SYSENTER_CS		0x4c00

/* ---- natural-width fields -------------------------------------------- */
#define VMCS_CR0_MASK			0x6000
#define VMCS_CR4_MASK			0x6002
#define VMCS_CR0_SHADOW			0x6004
#define VMCS_CR4_SHADOW			0x6006
#define VMCS_EXIT_QUAL			0x6400	/* read-only */
#define VMCS_GUEST_CR0			0x6800
#define VMCS_GUEST_CR3			0x6802
#define VMCS_GUEST_CR4			0x6804
#define VMCS_GUEST_ES_BASE		0x6806
#define VMCS_GUEST_CS_BASE		0x6808
#define VMCS_GUEST_SS_BASE		0x680a
#define VMCS_GUEST_DS_BASE		0x680c
#define VMCS_GUEST_FS_BASE		0x680e
#define VMCS_GUEST_GS_BASE		0x6810
#define VMCS_GUEST_LDTR_BASE		0x6812
#define VMCS_GUEST_TR_BASE		0x6814
#define VMCS_GUEST_GDTR_BASE		0x6816
#define VMCS_GUEST_IDTR_BASE		0x6818
#define VMCS_GUEST_DR7			0x681a
#define VMCS_GUEST_RSP			0x681c
#define VMCS_GUEST_RIP			0x681e
#define VMCS_GUEST_RFLAGS		0x6820
#define VMCS_GUEST_PENDING_DBG		0x6822
#define VMCS_GUEST_SYSENTER_ESP		0x6824
#define VMCS_GUEST_SYSENTER_EIP		0x6826
#define VMCS_HOST_CR0			0x6c00
#define VMCS_HOST_CR3			0x6c02
#define VMCS_HOST_CR4			0x6c04
#define VMCS_HOST_FS_BASE		0x6c06
#define VMCS_HOST_GS_BASE		0x6c08
#define VMCS_HOST_TR_BASE		0x6c0a
#define VMCS_HOST_GDTR_BASE		0x6c0c
#define VMCS_HOST_IDTR_BASE		0x6c0e
#define VMCS_HOST_SYSENTER_ESP		0x6c10
#define VMCS_HOST_SYSENTER_EIP		0x6c12
#define VMCS_HOST_RSP			0x6c14	/* vmx_vmenter.S uses it */
#define VMCS_HOST_RIP			0x6c16

/* ---- controls (SDM vol. 3C, 25.6 - 25.8) ---------------------------- */
#define PIN_EXT_INTR_EXITING		BIT(0)
#define PIN_NMI_EXITING			BIT(3)
#define PIN_PREEMPTION_TIMER		BIT(6)

#define PROC_HLT_EXITING		BIT(7)
#define PROC_MWAIT_EXITING		BIT(10)
#define PROC_RDPMC_EXITING		BIT(11)
#define PROC_UNCOND_IO_EXITING		BIT(24)
#define PROC_USE_IO_BITMAPS		BIT(25)
#define PROC_USE_MSR_BITMAPS		BIT(28)
#define PROC_MONITOR_EXITING		BIT(29)
#define PROC_SECONDARY			BIT(31)

#define PROC2_ENABLE_EPT		BIT(1)
#define PROC2_WBINVD_EXITING		BIT(6)

#define EXIT_SAVE_DEBUG			BIT(2)
#define EXIT_HOST_64BIT			BIT(9)
#define EXIT_ACK_INTR			BIT(15)
#define EXIT_SAVE_PAT			BIT(18)
#define EXIT_LOAD_PAT			BIT(19)
#define EXIT_SAVE_EFER			BIT(20)
#define EXIT_LOAD_EFER			BIT(21)
#define EXIT_SAVE_PREEMPTION_TIMER	BIT(22)

#define ENTRY_LOAD_DEBUG		BIT(2)
#define ENTRY_IA32E_GUEST		BIT(9)
#define ENTRY_LOAD_PAT			BIT(14)
#define ENTRY_LOAD_EFER			BIT(15)

/* ---- capability MSRs (SDM vol. 3D, appendix A) ---------------------- */
#define VMXCAP_BASIC_REVISION		0x7fffffffULL
#define VMXCAP_BASIC_TRUE_CTLS		BIT_ULL(55)
#define VMXCAP_MISC_TIMER_RATE		0x1fULL
#define VMXCAP_EPT_WALK_4		BIT_ULL(6)
#define VMXCAP_EPT_WB			BIT_ULL(14)
#define VMXCAP_INVEPT			BIT_ULL(20)
#define VMXCAP_INVEPT_SINGLE		BIT_ULL(25)
#define VMXCAP_INVEPT_ALL		BIT_ULL(26)

/* EPTP (SDM vol. 3C, 25.6.11): WB paging structures, 4-level walk. */
#define EPTP_MT_WB			6ULL
#define EPTP_WALK_4			(3ULL << 3)

#define INVEPT_SINGLE_CONTEXT		1UL
#define INVEPT_ALL_CONTEXT		2UL

/* ---- exit information (SDM vol. 3C, 28.2, appendix C) --------------- */
#define EXIT_REASON_BASIC(r)		((r) & 0xffff)
#define EXIT_REASON_ENTRY_FAIL		BIT(31)

#define EXIT_EXCEPTION_NMI		0
#define EXIT_EXT_INTR			1
#define EXIT_TRIPLE_FAULT		2
#define EXIT_INIT			3
#define EXIT_SIPI			4
#define EXIT_VMCALL			18
#define EXIT_EPT_VIOLATION		48
#define EXIT_EPT_MISCONFIG		49
#define EXIT_PREEMPTION_TIMER		52

#define INTR_INFO_VECTOR(i)		((i) & 0xff)
#define INTR_INFO_TYPE(i)		(((i) >> 8) & 7)
#define INTR_INFO_ERROR_VALID		BIT(11)
#define INTR_INFO_VALID			BIT(31)
#define INTR_TYPE_NMI			2

#define EPT_QUAL_WRITE			BIT_ULL(1)
#define EPT_QUAL_FETCH			BIT_ULL(2)
#define EPT_QUAL_PRESENT		(7ULL << 3)

/* Access rights of unusable segments (SDM vol. 3C, 25.4.1). */
#define VMX_AR_UNUSABLE			BIT(16)

#define XVM_VMENTER_OK		0
#define XVM_VMENTER_VMFAIL	1
#define XVM_VMENTER_FAULT	2

#ifndef __ASSEMBLY__

/* ---- the instructions ----------------------------------------------- */

/*
 * The common tail: CF or ZF set means VMfail; the exception table entry
 * turns a fault into -EFAULT (the label after the setna is skipped).
 */
static inline int vmx_insn_result(u8 failed, u8 faulted)
{
	if (faulted)
		return -EFAULT;
	return failed ? -EIO : 0;
}

static inline int vmx_vmclear(u64 pa)
{
	u8 failed = 0, faulted = 1;

	asm volatile("1: vmclear %[pa]\n\t"
		     "setna %[failed]\n\t"
		     "movb $0, %[faulted]\n\t"
		     "2:\n\t"
		     _ASM_EXTABLE(1b, 2b)
		     : [failed] "+q" (failed), [faulted] "+q" (faulted)
		     : [pa] "m" (pa)
		     : "cc", "memory");
	return vmx_insn_result(failed, faulted);
}

static inline int vmx_vmptrld(u64 pa)
{
	u8 failed = 0, faulted = 1;

	asm volatile("1: vmptrld %[pa]\n\t"
		     "setna %[failed]\n\t"
		     "movb $0, %[faulted]\n\t"
		     "2:\n\t"
		     _ASM_EXTABLE(1b, 2b)
		     : [failed] "+q" (failed), [faulted] "+q" (faulted)
		     : [pa] "m" (pa)
		     : "cc", "memory");
	return vmx_insn_result(failed, faulted);
}

static inline int vmx_vmwrite(unsigned long field, unsigned long val)
{
	u8 failed = 0, faulted = 1;

	asm volatile("1: vmwrite %[val], %[field]\n\t"
		     "setna %[failed]\n\t"
		     "movb $0, %[faulted]\n\t"
		     "2:\n\t"
		     _ASM_EXTABLE(1b, 2b)
		     : [failed] "+q" (failed), [faulted] "+q" (faulted)
		     : [field] "r" (field), [val] "rm" (val)
		     : "cc");
	return vmx_insn_result(failed, faulted);
}

/* VMREAD: 0 and *@val, or -EIO / -EFAULT with *@val = 0. */
static inline int vmx_vmread(unsigned long field, unsigned long *val)
{
	unsigned long v = 0;
	u8 failed = 0, faulted = 1;

	asm volatile("1: vmread %[field], %[v]\n\t"
		     "setna %[failed]\n\t"
		     "movb $0, %[faulted]\n\t"
		     "2:\n\t"
		     _ASM_EXTABLE(1b, 2b)
		     : [failed] "+q" (failed), [faulted] "+q" (faulted),
		       [v] "+r" (v)
		     : [field] "r" (field)
		     : "cc");
	*val = failed || faulted ? 0 : v;
	return vmx_insn_result(failed, faulted);
}

/* A field's value, 0 if it cannot be read (exit decoding only). */
static inline unsigned long vmx_read(unsigned long field)
{
	unsigned long v;

	vmx_vmread(field, &v);
	return v;
}

static inline int vmx_invept(unsigned long type, u64 eptp)
{
	struct { u64 eptp, reserved; } desc = { eptp, 0 };
	u8 failed = 0, faulted = 1;

	asm volatile("1: invept %[desc], %[type]\n\t"
		     "setna %[failed]\n\t"
		     "movb $0, %[faulted]\n\t"
		     "2:\n\t"
		     _ASM_EXTABLE(1b, 2b)
		     : [failed] "+q" (failed), [faulted] "+q" (faulted)
		     : [desc] "m" (desc), [type] "r" (type)
		     : "cc", "memory");
	return vmx_insn_result(failed, faulted);
}

/*
 * vmx_vmenter.S: enter with the guest GPRs in @gpr (indexed by enum
 * hw_gpr; gpr[HW_RSP] is not used, RSP comes from the VMCS), VMLAUNCH if
 * @resume is 0 else VMRESUME. Returns 0 after a VM exit with @gpr
 * updated, 1 if the VMWRITE of HOST_RSP or VMLAUNCH/VMRESUME failed
 * (VMfail; the guest GPRs are then not saved), 2 if VMLAUNCH/VMRESUME
 * faulted.
 */
int xvm_vmx_vmenter(u64 *gpr, unsigned long resume);
/* Where a VM exit lands (HOST_RIP); not callable. */
void xvm_vmx_exit(void);

#endif /* !__ASSEMBLY__ */

#endif /* XVM_VMX_VMCS_H */

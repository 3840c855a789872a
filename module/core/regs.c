// SPDX-License-Identifier: GPL-2.0
/*
 * regs.c - the vCPU register file: reset values, XVM_SET_REGS checks and
 * the one-register interface (XVM_GET_ONE_REG, XVM_SET_ONE_REG,
 * XVM_GET_REG_LIST).
 *
 * Register ids follow KVM's arm64 layout (uapi/linux/xvm.h). A malformed
 * id (another architecture, reserved bits set, a size that does not fit
 * its group) is EINVAL; a well-formed id of a register xvm does not have
 * is ENOENT.
 */
#include <linux/kernel.h>
#include <linux/uaccess.h>
#include "vm.h"

#define SR(op0, op1, crn, crm, op2)	XVM_REG_SYSREG(op0, op1, crn, crm, op2)

/* How a write to a system register is checked. */
enum xvm_sysreg_check {
	XVM_SR_ANY,		/* any value */
	XVM_SR_FIXED,		/* only the value it has */
	XVM_SR_U32,		/* a 32-bit register: bits 63:32 are 0 */
	XVM_SR_MPIDR,		/* RES1 bit 31, RES0 bits 63:40 and 29:25 */
};

struct xvm_sysreg_desc {
	u64 id;
	u64 reset;
	u8 check;		/* enum xvm_sysreg_check */
};

/* Cortex-A57 r1p0, the feature set the engine models. */
#define XVM_MIDR_CORTEX_A57	0x411fd070ULL
/* SCTLR_EL1 RES1 bits (ARMv8.0); MMU and caches off. */
#define XVM_SCTLR_EL1_RESET	0x30d00800ULL
/* CNTFRQ_EL0 that the generic timer reports: 62.5 MHz, as QEMU's virt. */
#define XVM_CNTFRQ_RESET	62500000ULL

static const struct xvm_sysreg_desc xvm_sysregs[XVM_NR_SYSREGS] = {
	[XVM_SR_MIDR_EL1]	= { SR(3, 0, 0, 0, 0), XVM_MIDR_CORTEX_A57,
				    XVM_SR_FIXED },
	[XVM_SR_MPIDR_EL1]	= { SR(3, 0, 0, 0, 5), 0, XVM_SR_MPIDR },
	[XVM_SR_SCTLR_EL1]	= { SR(3, 0, 1, 0, 0), XVM_SCTLR_EL1_RESET },
	[XVM_SR_CPACR_EL1]	= { SR(3, 0, 1, 0, 2) },
	[XVM_SR_TTBR0_EL1]	= { SR(3, 0, 2, 0, 0) },
	[XVM_SR_TTBR1_EL1]	= { SR(3, 0, 2, 0, 1) },
	[XVM_SR_TCR_EL1]	= { SR(3, 0, 2, 0, 2) },
	[XVM_SR_SPSR_EL1]	= { SR(3, 0, 4, 0, 0) },
	[XVM_SR_ELR_EL1]	= { SR(3, 0, 4, 0, 1) },
	[XVM_SR_AFSR0_EL1]	= { SR(3, 0, 5, 1, 0) },
	[XVM_SR_AFSR1_EL1]	= { SR(3, 0, 5, 1, 1) },
	[XVM_SR_ESR_EL1]	= { SR(3, 0, 5, 2, 0) },
	[XVM_SR_FAR_EL1]	= { SR(3, 0, 6, 0, 0) },
	[XVM_SR_PAR_EL1]	= { SR(3, 0, 7, 4, 0) },
	[XVM_SR_MAIR_EL1]	= { SR(3, 0, 10, 2, 0) },
	[XVM_SR_AMAIR_EL1]	= { SR(3, 0, 10, 3, 0) },
	[XVM_SR_VBAR_EL1]	= { SR(3, 0, 12, 0, 0) },
	[XVM_SR_CONTEXTIDR_EL1]	= { SR(3, 0, 13, 0, 1) },
	[XVM_SR_TPIDR_EL1]	= { SR(3, 0, 13, 0, 4) },
	[XVM_SR_CNTKCTL_EL1]	= { SR(3, 0, 14, 1, 0) },
	[XVM_SR_CSSELR_EL1]	= { SR(3, 2, 0, 0, 0) },
	[XVM_SR_MDSCR_EL1]	= { SR(2, 0, 0, 2, 2) },
	[XVM_SR_TPIDR_EL0]	= { SR(3, 3, 13, 0, 2) },
	[XVM_SR_TPIDRRO_EL0]	= { SR(3, 3, 13, 0, 3) },
	[XVM_SR_FPCR]		= { SR(3, 3, 4, 4, 0), 0, XVM_SR_U32 },
	[XVM_SR_FPSR]		= { SR(3, 3, 4, 4, 1), 0, XVM_SR_U32 },
	[XVM_SR_CNTFRQ_EL0]	= { SR(3, 3, 14, 0, 0), XVM_CNTFRQ_RESET,
				    XVM_SR_U32 },
	[XVM_SR_CNTV_CTL_EL0]	= { SR(3, 3, 14, 3, 1), 0, XVM_SR_U32 },
	[XVM_SR_CNTV_CVAL_EL0]	= { SR(3, 3, 14, 3, 2) },
};

#define XVM_NR_VREGS		32
#define XVM_NR_ONE_REGS		(XVM_NR_SYSREGS + XVM_NR_VREGS)

/* PSTATE bits a vCPU may hold (ARMv8.0 AArch64), and its modes. */
#define XVM_PSTATE_NZCV		GENMASK_ULL(31, 28)
#define XVM_PSTATE_SS		BIT_ULL(21)
#define XVM_PSTATE_IL		BIT_ULL(20)
#define XVM_PSTATE_DAIF		GENMASK_ULL(9, 6)
#define XVM_PSTATE_M		GENMASK_ULL(4, 0)
#define XVM_PSTATE_VALID	(XVM_PSTATE_NZCV | XVM_PSTATE_SS | \
				 XVM_PSTATE_IL | XVM_PSTATE_DAIF | XVM_PSTATE_M)
#define XVM_PSTATE_EL0t		0x0
#define XVM_PSTATE_EL1t		0x4
#define XVM_PSTATE_EL1h		0x5

/* MPIDR_EL1 from a vCPU id, as KVM builds it: Aff0 4 bits, Aff1, Aff2. */
static u64 xvm_mpidr_of(u32 id)
{
	return BIT_ULL(31) | (id & 0xf) | (((id >> 4) & 0xff) << 8) |
	       (u64)((id >> 12) & 0xff) << 16;
}

void xvm_regs_reset(struct xvm_core_vcpu *vcpu)
{
	unsigned int i;

	memset(&vcpu->regs, 0, sizeof(vcpu->regs));
	vcpu->regs.pstate = XVM_PSTATE_DAIF | XVM_PSTATE_EL1h;
	for (i = 0; i < XVM_NR_SYSREGS; i++)
		vcpu->sysregs[i] = xvm_sysregs[i].reset;
	vcpu->sysregs[XVM_SR_MPIDR_EL1] = xvm_mpidr_of(vcpu->id);
	memset(vcpu->vregs, 0, sizeof(vcpu->vregs));
	vcpu->state_dirty = true;
}

int xvm_regs_check(const struct xvm_regs *regs)
{
	u64 mode = regs->pstate & XVM_PSTATE_M;

	if (regs->pstate & ~XVM_PSTATE_VALID)
		return -EINVAL;
	if (mode != XVM_PSTATE_EL0t && mode != XVM_PSTATE_EL1t &&
	    mode != XVM_PSTATE_EL1h)
		return -EINVAL;
	return 0;
}

static int xvm_sysreg_index(u64 id)
{
	unsigned int i;

	for (i = 0; i < XVM_NR_SYSREGS; i++)
		if (xvm_sysregs[i].id == id)
			return i;
	return -ENOENT;
}

/*
 * Where register @id lives in @vcpu and how big it is: 0 with *@val and
 * *@size set, -EINVAL (malformed) or -ENOENT (no such register).
 */
static int xvm_one_reg_find(struct xvm_core_vcpu *vcpu, u64 id, u64 **val,
			    unsigned int *size, int *sysreg)
{
	u64 index = id & XVM_REG_INDEX_MASK;
	int sr;

	if ((id & XVM_REG_ARCH_MASK) != XVM_REG_ARM64 ||
	    (id & XVM_REG_RESERVED_MASK))
		return -EINVAL;
	switch (id & XVM_REG_GROUP_MASK) {
	case XVM_REG_ARM64_SYSREG:
		if ((id & XVM_REG_SIZE_MASK) != XVM_REG_SIZE_U64)
			return -EINVAL;
		sr = xvm_sysreg_index(id);
		if (sr < 0)
			return sr;
		*val = &vcpu->sysregs[sr];
		*size = sizeof(u64);
		*sysreg = sr;
		return 0;
	case XVM_REG_ARM64_FPSIMD:
		if ((id & XVM_REG_SIZE_MASK) != XVM_REG_SIZE_U128)
			return -EINVAL;
		if (index >= XVM_NR_VREGS)
			return -ENOENT;
		*val = vcpu->vregs[index];
		*size = sizeof(vcpu->vregs[index]);
		*sysreg = -1;
		return 0;
	default:
		return -ENOENT;
	}
}

int xvm_get_one_reg(struct xvm_core_vcpu *vcpu, const struct xvm_one_reg *r)
{
	unsigned int size;
	int sysreg, ret;
	u64 *val;

	ret = xvm_one_reg_find(vcpu, r->id, &val, &size, &sysreg);
	if (ret)
		return ret;
	if (copy_to_user(u64_to_user_ptr(r->addr), val, size))
		return -EFAULT;
	return 0;
}

static bool xvm_sysreg_value_ok(int sr, u64 old, u64 val)
{
	switch (xvm_sysregs[sr].check) {
	case XVM_SR_FIXED:
		return val == old;
	case XVM_SR_U32:
		return !(val >> 32);
	case XVM_SR_MPIDR:
		return (val & BIT_ULL(31)) &&
		       !(val & (GENMASK_ULL(63, 40) | GENMASK_ULL(29, 25)));
	default:
		return true;
	}
}

int xvm_set_one_reg(struct xvm_core_vcpu *vcpu, const struct xvm_one_reg *r)
{
	u64 buf[2];
	unsigned int size;
	int sysreg, ret;
	u64 *val;

	ret = xvm_one_reg_find(vcpu, r->id, &val, &size, &sysreg);
	if (ret)
		return ret;
	if (copy_from_user(buf, u64_to_user_ptr(r->addr), size))
		return -EFAULT;
	if (sysreg >= 0 && !xvm_sysreg_value_ok(sysreg, *val, buf[0]))
		return -EINVAL;
	memcpy(val, buf, size);
	vcpu->state_dirty = true;
	return 0;
}

int xvm_get_reg_list(struct xvm_core_vcpu *vcpu,
		     struct xvm_reg_list __user *list)
{
	u64 __user *out = list->reg;
	u64 n, id;
	unsigned int i;

	if (get_user(n, &list->n))
		return -EFAULT;
	if (put_user((u64)XVM_NR_ONE_REGS, &list->n))
		return -EFAULT;
	if (n < XVM_NR_ONE_REGS)
		return -E2BIG;
	for (i = 0; i < XVM_NR_ONE_REGS; i++) {
		if (i < XVM_NR_SYSREGS)
			id = xvm_sysregs[i].id;
		else
			id = XVM_REG_FPSIMD_V(i - XVM_NR_SYSREGS);
		if (put_user(id, out + i))
			return -EFAULT;
	}
	return 0;
}

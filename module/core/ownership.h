/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ownership.h - VMX or SVM enabled on every CPU while xvm has VMs.
 *
 * An extension is on while at least one VM of its backend exists: the
 * first VM's vm_init enables it on every online CPU (xvm_hw_get), the
 * last VM's vm_destroy turns it off again (xvm_hw_put). CPUs that come
 * online meanwhile get it, CPUs that go offline lose it, suspend turns it
 * off on the boot CPU and resume turns it on again; reboot and kexec turn
 * it off everywhere. Never over another owner: a CPU where the extension
 * is already on refuses with -EBUSY, and everything done so far is undone.
 *
 * What is shared between VMX and SVM lives here (the count, the locking,
 * hotplug, suspend, the debugfs view); a backend supplies only what it
 * does on one CPU (struct xvm_hw). Documentation/architecture.rst,
 * "Hardware ownership", describes the design.
 */
#ifndef XVM_CORE_OWNERSHIP_H
#define XVM_CORE_OWNERSHIP_H

#include <linux/mm_types.h>
#include <linux/percpu.h>
#include <linux/types.h>

/* One CPU's state of one extension; a per-CPU variable of the backend. */
struct xvm_hw_cpu {
	/*
	 * The page the extension needs on this CPU (VMXON region, host save
	 * area): allocated before it is turned on, kept while VMs exist
	 * (also across offline periods), freed with the last VM.
	 */
	struct page *area;
	/* xvm turned the extension on here; only this CPU writes it. */
	bool on;
	/* Why the last cpu_enable failed, for the one dmesg line. */
	int err;
	const char *why;
	/* Times xvm turned it on here (the debugfs view). */
	unsigned long enables;
};

/*
 * What a backend does on one CPU. cpu_enable and cpu_disable run on that
 * CPU with interrupts disabled and must not sleep.
 */
struct xvm_hw {
	const char *name;	/* "VMX": messages */
	const char *tag;	/* "vmx": the debugfs view */
	/* For the -EBUSY line: the register and a hint at its owner. */
	const char *busy_reg;
	const char *busy_hint;

	/* The CPU has the extension at all (CPUID); any context. */
	bool (*cpu_present)(void);
	/* The extension is enabled here, whoever enabled it. */
	bool (*cpu_is_on)(void);
	/*
	 * Turn it on with c->area: 0, or -errno with c->why set: -EBUSY
	 * another owner, -ENODEV disabled by the firmware, -EIO the CPU
	 * refused. On failure nothing may be left changed.
	 */
	int (*cpu_enable)(struct xvm_hw_cpu *c);
	/* Turn it off; only called where cpu_enable succeeded. */
	void (*cpu_disable)(struct xvm_hw_cpu *c);

	/* Per-CPU state (a DEFINE_PER_CPU of the backend). */
	struct xvm_hw_cpu __percpu *cpu;
	/* VMs holding the extension on; under the ownership lock. */
	unsigned int users;
};

extern struct xvm_hw xvm_vmx_hw;
extern struct xvm_hw xvm_svm_hw;

/*
 * Take the extension for one more VM, enabling it on every online CPU for
 * the first: 0, -EBUSY (another hypervisor owns it on some CPU, or
 * the machine is shutting down), -ENODEV (disabled by the firmware), -EIO
 * (the CPU refused), -ENOMEM. Process context; may sleep.
 */
int xvm_hw_get(struct xvm_hw *hw);
/* Give it back; the last VM turns it off everywhere. May sleep. */
void xvm_hw_put(struct xvm_hw *hw);

/* The dmesg line of a refusal because another owner has it on @cpu. */
void xvm_hw_report_busy(const struct xvm_hw *hw, unsigned int cpu);

/*
 * xvm holds the extension enabled on the current CPU (so that the probe does
 * not report xvm itself as "another hypervisor"). Preemption disabled.
 */
static inline bool xvm_hw_owned_here(struct xvm_hw *hw)
{
	return this_cpu_ptr(hw->cpu)->on;
}

/* debugfs fail_entry: the next hardware vCPU's VM entries fail. */
extern bool xvm_fail_next_entry;
/* debugfs fail_setup: the next hardware vCPU setup fails (ENOMEM). */
extern bool xvm_fail_next_setup;

/* Module load and unload: hotplug state, syscore ops, debugfs file. */
int xvm_ownership_init(void);
void xvm_ownership_exit(void);

#endif /* XVM_CORE_OWNERSHIP_H */

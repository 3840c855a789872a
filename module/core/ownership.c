// SPDX-License-Identifier: GPL-2.0
/*
 * ownership.c - VMX or SVM enabled on every CPU while VMs of its backend
 * exist (see ownership.h and Documentation/architecture.rst).
 *
 * Locks: cpus_read_lock() is taken before xvm_hw_lock, so that the set of
 * online CPUs is stable while the extension goes on or off everywhere; the
 * hotplug callbacks run with the hotplug lock held for writing and take
 * xvm_hw_lock only. The syscore callbacks run with one CPU left and
 * interrupts off: they read the counts without the lock, as KVM does.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/gfp.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/smp.h>
#include <linux/syscore_ops.h>
#include <linux/topology.h>
#include "ownership.h"

static struct xvm_hw *const xvm_hws[] = { &xvm_vmx_hw, &xvm_svm_hw };

static DEFINE_MUTEX(xvm_hw_lock);
/* Set at reboot or kexec: no extension goes on any more. */
static bool xvm_hw_shutdown;
static int xvm_hp_state;
static struct dentry *xvm_debugfs_dir;

/*
 * A testing aid (debugfs fail_entry): the next vCPU to set up on VMX or
 * SVM gets a guest state that VM entry refuses (module/hw/runtime.c).
 */
bool xvm_fail_next_entry;
/* debugfs fail_setup: the next vCPU setup fails with ENOMEM, once. */
bool xvm_fail_next_setup;
/*
 * A testing aid (debugfs fail_cpu): enabling fails on this CPU as if the
 * CPU refused, so that the tests can check what a refusal undoes; -1: off.
 */
static int xvm_hw_fail_cpu = -1;

/* ---- one CPU -------------------------------------------------------- */

/* On the CPU, interrupts off (IPI, syscore). */
static void xvm_hw_enable_here(void *arg)
{
	struct xvm_hw *hw = arg;
	struct xvm_hw_cpu *c = this_cpu_ptr(hw->cpu);

	c->why = NULL;
	if (c->on) {
		c->err = 0;
		return;
	}
	if (smp_processor_id() == READ_ONCE(xvm_hw_fail_cpu)) {
		c->err = -EIO;
		c->why = "failure injected through debugfs (fail_cpu)";
		return;
	}
	c->err = c->area ? hw->cpu_enable(c) : -ENOMEM;
	if (!c->err) {
		c->on = true;
		c->enables++;
	}
}

static void xvm_hw_disable_here(void *arg)
{
	struct xvm_hw *hw = arg;
	struct xvm_hw_cpu *c = this_cpu_ptr(hw->cpu);

	if (!c->on)
		return;
	hw->cpu_disable(c);
	c->on = false;
}

static int xvm_hw_alloc_area(struct xvm_hw *hw, unsigned int cpu)
{
	struct xvm_hw_cpu *c = per_cpu_ptr(hw->cpu, cpu);

	if (!c->area)
		c->area = alloc_pages_node(cpu_to_node(cpu),
					   GFP_KERNEL | __GFP_ZERO, 0);
	return c->area ? 0 : -ENOMEM;
}

static void xvm_hw_free_areas(struct xvm_hw *hw)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct xvm_hw_cpu *c = per_cpu_ptr(hw->cpu, cpu);

		WARN_ON_ONCE(c->on);
		if (c->area) {
			__free_page(c->area);
			c->area = NULL;
		}
	}
}

void xvm_hw_report_busy(const struct xvm_hw *hw, unsigned int cpu)
{
	pr_err_ratelimited("%s is in use by another hypervisor (%s on CPU %u; %s)\n",
			   hw->name, hw->busy_reg, cpu, hw->busy_hint);
}

/* The one dmesg line of a refusal (userland can repeat it: rate limited). */
static void xvm_hw_report(struct xvm_hw *hw, unsigned int cpu)
{
	const struct xvm_hw_cpu *c = per_cpu_ptr(hw->cpu, cpu);

	if (c->err == -EBUSY)
		xvm_hw_report_busy(hw, cpu);
	else if (c->err != -ENOMEM)
		pr_err_ratelimited("%s cannot be enabled on CPU %u: %s (error %d)\n",
				   hw->name, cpu,
				   c->why ? c->why : "unknown reason", c->err);
}

/* ---- every CPU ------------------------------------------------------ */

/* The first VM: enabled on every online CPU, or nowhere. */
static int xvm_hw_enable_all(struct xvm_hw *hw)
{
	unsigned int cpu;
	int ret;

	lockdep_assert_held(&xvm_hw_lock);
	for_each_online_cpu(cpu) {
		ret = xvm_hw_alloc_area(hw, cpu);
		if (ret)
			goto free;
	}
	on_each_cpu(xvm_hw_enable_here, hw, 1);
	for_each_online_cpu(cpu) {
		ret = per_cpu_ptr(hw->cpu, cpu)->err;
		if (ret) {
			on_each_cpu(xvm_hw_disable_here, hw, 1);
			xvm_hw_report(hw, cpu);
			goto free;
		}
	}
	return 0;
free:
	xvm_hw_free_areas(hw);
	return ret;
}

int xvm_hw_get(struct xvm_hw *hw)
{
	int ret = 0;

	cpus_read_lock();
	mutex_lock(&xvm_hw_lock);
	if (xvm_hw_shutdown)
		ret = -EBUSY;
	else if (!hw->users)
		ret = xvm_hw_enable_all(hw);
	if (!ret)
		hw->users++;
	mutex_unlock(&xvm_hw_lock);
	cpus_read_unlock();
	return ret;
}

void xvm_hw_put(struct xvm_hw *hw)
{
	cpus_read_lock();
	mutex_lock(&xvm_hw_lock);
	if (!WARN_ON_ONCE(!hw->users) && !--hw->users) {
		on_each_cpu(xvm_hw_disable_here, hw, 1);
		xvm_hw_free_areas(hw);
	}
	mutex_unlock(&xvm_hw_lock);
	cpus_read_unlock();
}

/* ---- CPU hotplug ---------------------------------------------------- */

/*
 * A CPU comes online while VMs exist: the extension goes on there too, or
 * the CPU does not come online (as with KVM).
 */
static int xvm_hw_cpu_online(unsigned int cpu)
{
	unsigned int i, j;
	int ret = 0;

	mutex_lock(&xvm_hw_lock);
	for (i = 0; i < ARRAY_SIZE(xvm_hws); i++) {
		if (!xvm_hws[i]->users)
			continue;
		ret = xvm_hw_alloc_area(xvm_hws[i], cpu);
		if (ret)
			break;
		smp_call_function_single(cpu, xvm_hw_enable_here, xvm_hws[i], 1);
		ret = per_cpu_ptr(xvm_hws[i]->cpu, cpu)->err;
		if (ret) {
			xvm_hw_report(xvm_hws[i], cpu);
			break;
		}
	}
	/* Undo the extensions turned on before the one that failed. */
	if (ret)
		for (j = 0; j < i; j++)
			if (xvm_hws[j]->users)
				smp_call_function_single(cpu, xvm_hw_disable_here,
							 xvm_hws[j], 1);
	mutex_unlock(&xvm_hw_lock);
	return ret;
}

/* A CPU goes offline: off there; its area stays for when it returns. */
static int xvm_hw_cpu_offline(unsigned int cpu)
{
	unsigned int i;

	mutex_lock(&xvm_hw_lock);
	for (i = 0; i < ARRAY_SIZE(xvm_hws); i++)
		if (xvm_hws[i]->users)
			smp_call_function_single(cpu, xvm_hw_disable_here,
						 xvm_hws[i], 1);
	mutex_unlock(&xvm_hw_lock);
	return 0;
}

/* ---- suspend, resume, reboot ---------------------------------------- */

/*
 * Suspend: the other CPUs went offline already (the hotplug callback
 * turned the extension off there); this is the last one.
 */
static int xvm_hw_suspend(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(xvm_hws); i++)
		if (xvm_hws[i]->users)
			xvm_hw_disable_here(xvm_hws[i]);
	return 0;
}

/*
 * Resume: on again on the boot CPU (the others come back through the
 * hotplug callback). Resume cannot fail: a refusal is logged and the CPU
 * stays without the extension, which xvm_hw_owned_here() then reports.
 */
static void xvm_hw_resume(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(xvm_hws); i++) {
		if (!xvm_hws[i]->users)
			continue;
		xvm_hw_enable_here(xvm_hws[i]);
		if (this_cpu_ptr(xvm_hws[i]->cpu)->err)
			xvm_hw_report(xvm_hws[i], smp_processor_id());
	}
}

/*
 * Reboot and kexec: off everywhere, so that the next kernel or the
 * firmware finds the CPUs as they were (VMX root blocks INIT).
 */
static void xvm_hw_shutdown_all(void)
{
	unsigned int i;

	mutex_lock(&xvm_hw_lock);
	xvm_hw_shutdown = true;
	for (i = 0; i < ARRAY_SIZE(xvm_hws); i++)
		if (xvm_hws[i]->users)
			on_each_cpu(xvm_hw_disable_here, xvm_hws[i], 1);
	mutex_unlock(&xvm_hw_lock);
}

/*
 * Linux 6.19 gave the syscore callbacks a context argument (struct
 * syscore); Kbuild defines XVM_HAVE_STRUCT_SYSCORE where the header has it.
 */
#ifdef XVM_HAVE_STRUCT_SYSCORE
static int xvm_syscore_suspend(void *data)
{
	return xvm_hw_suspend();
}

static void xvm_syscore_resume(void *data)
{
	xvm_hw_resume();
}

static void xvm_syscore_shutdown(void *data)
{
	xvm_hw_shutdown_all();
}

static const struct syscore_ops xvm_syscore_ops = {
	.suspend	= xvm_syscore_suspend,
	.resume		= xvm_syscore_resume,
	.shutdown	= xvm_syscore_shutdown,
};

static struct syscore xvm_syscore = { .ops = &xvm_syscore_ops };

static void xvm_register_syscore(void)
{
	register_syscore(&xvm_syscore);
}

static void xvm_unregister_syscore(void)
{
	unregister_syscore(&xvm_syscore);
}
#else
static struct syscore_ops xvm_syscore_ops = {
	.suspend	= xvm_hw_suspend,
	.resume		= xvm_hw_resume,
	.shutdown	= xvm_hw_shutdown_all,
};

static void xvm_register_syscore(void)
{
	register_syscore_ops(&xvm_syscore_ops);
}

static void xvm_unregister_syscore(void)
{
	unregister_syscore_ops(&xvm_syscore_ops);
}
#endif

/* ---- debugfs: /sys/kernel/debug/xvm/ownership ------------------------ */

enum xvm_hw_view { XVM_HW_OFF, XVM_HW_ON, XVM_HW_FOREIGN, XVM_HW_LOST };

static const char *const xvm_hw_view_names[] = {
	[XVM_HW_OFF]		= "off",
	[XVM_HW_ON]		= "on",
	[XVM_HW_FOREIGN]	= "foreign",
	[XVM_HW_LOST]		= "lost",
};

struct xvm_hw_look {
	struct xvm_hw *hw;
	enum xvm_hw_view view;
	unsigned long enables;
};

/* What the CPU's registers say, next to what xvm believes. */
static void xvm_hw_look_here(void *arg)
{
	struct xvm_hw_look *look = arg;
	bool set = look->hw->cpu_is_on();
	bool ours = this_cpu_ptr(look->hw->cpu)->on;

	look->enables = this_cpu_ptr(look->hw->cpu)->enables;

	if (set)
		look->view = ours ? XVM_HW_ON : XVM_HW_FOREIGN;
	else
		look->view = ours ? XVM_HW_LOST : XVM_HW_OFF;
}

static int xvm_ownership_show(struct seq_file *m, void *unused)
{
	struct xvm_hw_look look;
	unsigned int i, cpu, areas;

	cpus_read_lock();
	mutex_lock(&xvm_hw_lock);
	for (i = 0; i < ARRAY_SIZE(xvm_hws); i++) {
		if (!xvm_hws[i]->cpu_present())
			continue;
		areas = 0;
		for_each_possible_cpu(cpu)
			areas += !!per_cpu_ptr(xvm_hws[i]->cpu, cpu)->area;
		seq_printf(m, "%s users %u areas %u\n", xvm_hws[i]->tag,
			   xvm_hws[i]->users, areas);
	}
	for_each_present_cpu(cpu) {
		for (i = 0; i < ARRAY_SIZE(xvm_hws); i++) {
			if (!xvm_hws[i]->cpu_present())
				continue;
			if (!cpu_online(cpu)) {
				seq_printf(m, "cpu%u %s offline\n", cpu,
					   xvm_hws[i]->tag);
				continue;
			}
			look.hw = xvm_hws[i];
			smp_call_function_single(cpu, xvm_hw_look_here, &look, 1);
			seq_printf(m, "cpu%u %s %s enables %lu\n", cpu,
				   xvm_hws[i]->tag, xvm_hw_view_names[look.view],
				   look.enables);
		}
	}
	mutex_unlock(&xvm_hw_lock);
	cpus_read_unlock();
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(xvm_ownership);

static ssize_t xvm_fail_cpu_read(struct file *file, char __user *buf,
				 size_t len, loff_t *pos)
{
	char val[16];
	int n = scnprintf(val, sizeof(val), "%d\n", READ_ONCE(xvm_hw_fail_cpu));

	return simple_read_from_buffer(buf, len, pos, val, n);
}

static ssize_t xvm_fail_cpu_write(struct file *file, const char __user *buf,
				  size_t len, loff_t *pos)
{
	int cpu, ret;

	ret = kstrtoint_from_user(buf, len, 0, &cpu);
	if (ret)
		return ret;
	if (cpu < -1)
		return -EINVAL;
	WRITE_ONCE(xvm_hw_fail_cpu, cpu);
	return len;
}

static const struct file_operations xvm_fail_cpu_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.read	= xvm_fail_cpu_read,
	.write	= xvm_fail_cpu_write,
	.llseek	= default_llseek,
};

/* ---- module --------------------------------------------------------- */

int xvm_ownership_init(void)
{
	int ret;

	ret = cpuhp_setup_state_nocalls(CPUHP_AP_ONLINE_DYN, "xvm/hw:online",
					xvm_hw_cpu_online, xvm_hw_cpu_offline);
	if (ret < 0) {
		pr_err("cannot register a CPU hotplug state: %d\n", ret);
		return ret;
	}
	xvm_hp_state = ret;
	xvm_register_syscore();
	/* debugfs is optional: its functions take and ignore errors. */
	xvm_debugfs_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("ownership", 0444, xvm_debugfs_dir, NULL,
			    &xvm_ownership_fops);
	debugfs_create_file("fail_cpu", 0600, xvm_debugfs_dir, NULL,
			    &xvm_fail_cpu_fops);
	debugfs_create_bool("fail_entry", 0600, xvm_debugfs_dir,
			    &xvm_fail_next_entry);
	debugfs_create_bool("fail_setup", 0600, xvm_debugfs_dir,
			    &xvm_fail_next_setup);
	return 0;
}

/* No VM is left (each holds the module). */
void xvm_ownership_exit(void)
{
	unsigned int i;

	debugfs_remove(xvm_debugfs_dir);
	xvm_unregister_syscore();
	cpuhp_remove_state_nocalls(xvm_hp_state);
	for (i = 0; i < ARRAY_SIZE(xvm_hws); i++)
		WARN_ON_ONCE(xvm_hws[i]->users);
}

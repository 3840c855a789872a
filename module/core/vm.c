// SPDX-License-Identifier: GPL-2.0
/*
 * vm.c - XVM_CREATE_VM and the VM file descriptor: creation, teardown,
 * the VM ioctls, snapshots for monitoring and guest-wide events.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/anon_inodes.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "uapi/linux/xvm_netlink.h"
#include "vm.h"

void xvm_vm_get(struct xvm_vm *vm)
{
	kref_get(&vm->kref);
}

/* Counters of all vCPUs. Called with vm->lock held (vcpus stable). */
static void xvm_vm_sum(struct xvm_vm *vm, struct xvm_vcpu_stats *sum)
{
	const struct xvm_vcpu_stats *s;
	unsigned int i, r;

	lockdep_assert_held(&vm->lock);
	memset(sum, 0, sizeof(*sum));
	for (i = 0; i < XVM_MAX_VCPUS; i++) {
		if (!vm->vcpus[i])
			continue;
		s = &vm->vcpus[i]->stats;
		for (r = 0; r < XVM_NR_EXIT_REASONS; r++)
			sum->exits[r] += READ_ONCE(s->exits[r]);
		sum->io_requests += READ_ONCE(s->io_requests);
		sum->io_completions += READ_ONCE(s->io_completions);
		sum->translations += READ_ONCE(s->translations);
		sum->code_cache_bytes += READ_ONCE(s->code_cache_bytes);
		sum->guest_insns += READ_ONCE(s->guest_insns);
		sum->vm_entries += READ_ONCE(s->vm_entries);
	}
}

static u32 xvm_vm_state(struct xvm_vm *vm)
{
	if (vm->end_state)
		return vm->end_state;
	if (atomic_read(&vm->nr_running))
		return XVM_VM_STATE_RUNNING;
	return READ_ONCE(vm->has_run) ? XVM_VM_STATE_STOPPED :
					XVM_VM_STATE_CREATED;
}

/* Fill @info and, if non-NULL, @sum, consistently. */
static void xvm_vm_collect(struct xvm_vm *vm, struct xvm_vm_info *info,
			   struct xvm_vcpu_stats *sum)
{
	struct xvm_vcpu_stats local;
	unsigned int r;

	BUILD_BUG_ON(XVM_STATS_NR_EXIT_REASONS != XVM_NR_EXIT_REASONS);
	if (!sum)
		sum = &local;
	memset(info, 0, sizeof(*info));
	mutex_lock(&vm->lock);
	info->id = vm->id;
	info->owner_tgid = vm->owner_tgid;
	info->owner_uid = vm->owner_uid;
	info->mem_bytes = vm->mem_bytes;
	info->nr_vcpus = vm->nr_vcpus;
	info->backend = vm->backend->id;
	info->state = xvm_vm_state(vm);
	xvm_vm_sum(vm, sum);
	mutex_unlock(&vm->lock);
	for (r = 0; r < XVM_NR_EXIT_REASONS; r++)
		info->exits[r] = sum->exits[r];
	info->translations = sum->translations;
	info->code_cache_bytes = sum->code_cache_bytes;
	info->guest_insns = sum->guest_insns;
	info->vm_entries = sum->vm_entries;
}

void xvm_vm_snapshot(struct xvm_vm *vm, struct xvm_vm_info *info)
{
	xvm_vm_collect(vm, info, NULL);
}

static void xvm_vm_release(struct kref *kref)
{
	struct xvm_vm *vm = container_of(kref, struct xvm_vm, kref);
	struct xvm_vm_info *info;
	unsigned int i;

	/* The last statistics go with the event; no event if no memory. */
	info = kmalloc(sizeof(*info), GFP_KERNEL);
	if (info)
		xvm_vm_snapshot(vm, info);
	xvm_registry_remove(vm);

	for (i = 0; i < XVM_MAX_VCPUS; i++)
		if (vm->vcpus[i])
			xvm_core_vcpu_free(vm->vcpus[i]);
	xvm_io_ranges_free(vm);
	xvm_memslots_free(vm);
	if (vm->ops->vm_destroy)
		vm->ops->vm_destroy(vm);
	mutex_destroy(&vm->lock);
	mutex_destroy(&vm->slots_lock);
	kfree(vm);

	if (info) {
		xvm_netlink_notify(info, XVM_NL_EVENT_DESTROYED);
		kfree(info);
	}
	module_put(THIS_MODULE);
}

/* Process context only: the last put tears the VM down, which sleeps. */
void xvm_vm_put(struct xvm_vm *vm)
{
	might_sleep();
	kref_put(&vm->kref, xvm_vm_release);
}

static void xvm_vm_notify(struct xvm_vm *vm, u32 event)
{
	struct xvm_vm_info *info = kmalloc(sizeof(*info), GFP_KERNEL);

	if (info) {
		xvm_vm_snapshot(vm, info);
		xvm_netlink_notify(info, event);
		kfree(info);
	}
}

/* Enter end state @state; true if the VM was not in it already. */
static bool xvm_vm_end(struct xvm_vm *vm, u32 state)
{
	bool changed;

	mutex_lock(&vm->lock);
	changed = vm->end_state != state && vm->end_state !=
		  XVM_VM_STATE_CRASHED;
	if (changed)
		vm->end_state = state;
	mutex_unlock(&vm->lock);
	return changed;
}

/* The guest cannot go on (a failed entry, an internal error). */
void xvm_vm_crashed(struct xvm_vm *vm)
{
	if (xvm_vm_end(vm, XVM_VM_STATE_CRASHED))
		xvm_vm_notify(vm, XVM_NL_EVENT_GUEST_CRASH);
}

/*
 * A vCPU reported a system event: record it, tell the other vCPUs (each
 * leaves XVM_RUN with the same event once) and monitoring.
 */
void xvm_vm_system_event(struct xvm_vm *vm, struct xvm_core_vcpu *from,
			 u32 type)
{
	struct xvm_core_vcpu *vcpu;
	unsigned int i;

	WRITE_ONCE(vm->system_event, type);
	for (i = 0; i < XVM_MAX_VCPUS; i++) {
		/* Pairs with the release that published the vCPU. */
		vcpu = smp_load_acquire(&vm->vcpus[i]);
		if (vcpu && vcpu != from)
			xvm_core_vcpu_request(vcpu, XVM_REQ_SYSTEM_EVENT);
	}

	switch (type) {
	case XVM_SYSTEM_EVENT_CRASH:
		xvm_vm_crashed(vm);
		break;
	case XVM_SYSTEM_EVENT_SHUTDOWN:
		if (xvm_vm_end(vm, XVM_VM_STATE_SHUTDOWN))
			xvm_vm_notify(vm, XVM_NL_EVENT_GUEST_SHUTDOWN);
		break;
	default:
		/* A reset: the guest goes on, monitoring hears of it. */
		xvm_vm_notify(vm, XVM_NL_EVENT_GUEST_SHUTDOWN);
		break;
	}
}

static int xvm_vm_get_stats(struct xvm_vm *vm, void __user *argp)
{
	struct xvm_vcpu_stats sum;
	struct xvm_vm_stats *st;
	struct xvm_vm_info *info;
	int ret = 0;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	info = kmalloc(sizeof(*info), GFP_KERNEL);
	if (!st || !info) {
		ret = -ENOMEM;
		goto out;
	}
	xvm_vm_collect(vm, info, &sum);
	st->id = info->id;
	st->backend = info->backend;
	st->state = info->state;
	st->nr_vcpus = info->nr_vcpus;
	st->mem_bytes = info->mem_bytes;
	st->translations = info->translations;
	st->code_cache_bytes = info->code_cache_bytes;
	st->guest_insns = info->guest_insns;
	st->io_requests = sum.io_requests;
	st->io_completions = sum.io_completions;
	st->vm_entries = info->vm_entries;
	memcpy(st->exits, info->exits, sizeof(st->exits));
	if (copy_to_user(argp, st, sizeof(*st)))
		ret = -EFAULT;
out:
	kfree(info);
	kfree(st);
	return ret;
}

static long xvm_vm_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	struct xvm_vm *vm = file->private_data;
	void __user *argp = (void __user *)arg;
	union {
		struct xvm_memory_region mr;
		struct xvm_irq_line line;
		struct xvm_io_range range;
		struct xvm_spi_state spi;
	} u;
	int ret;

	switch (cmd) {
	case XVM_CREATE_VCPU:
		return xvm_core_vcpu_create(vm, arg);
	case XVM_SET_MEMORY_REGION:
		if (copy_from_user(&u.mr, argp, sizeof(u.mr)))
			return -EFAULT;
		return xvm_set_memory_region(vm, &u.mr);
	case XVM_IRQ_LINE:
		if (copy_from_user(&u.line, argp, sizeof(u.line)))
			return -EFAULT;
		return xvm_irq_line(vm, &u.line);
	case XVM_REGISTER_IO_RANGE:
	case XVM_UNREGISTER_IO_RANGE:
		if (copy_from_user(&u.range, argp, sizeof(u.range)))
			return -EFAULT;
		if (cmd == XVM_REGISTER_IO_RANGE)
			return xvm_io_range_register(vm, &u.range);
		return xvm_io_range_unregister(vm, &u.range);
	case XVM_GET_STATS:
		return xvm_vm_get_stats(vm, argp);
	case XVM_GET_SPI_STATE:
		if (copy_from_user(&u.spi, argp, sizeof(u.spi)))
			return -EFAULT;
		ret = xvm_get_spi_state(vm, &u.spi);
		if (!ret && copy_to_user(argp, &u.spi, sizeof(u.spi)))
			ret = -EFAULT;
		return ret;
	default:
		return -ENOTTY;
	}
}

static int xvm_vm_file_release(struct inode *inode, struct file *file)
{
	xvm_vm_put(file->private_data);
	return 0;
}

static const struct file_operations xvm_vm_fops = {
	.owner		= THIS_MODULE,
	.release	= xvm_vm_file_release,
	.unlocked_ioctl	= xvm_vm_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

long xvm_vm_create(unsigned long flags)
{
	const struct xvm_backend *be;
	struct xvm_vm_info *info;
	struct file *file;
	struct xvm_vm *vm;
	int fd, ret;

	ret = xvm_backend_select(flags, &be);
	if (ret)
		return ret;
	info = kmalloc(sizeof(*info), GFP_KERNEL);
	vm = kzalloc(sizeof(*vm), GFP_KERNEL_ACCOUNT);
	if (!vm || !info) {
		ret = -ENOMEM;
		goto fail_free;
	}
	kref_init(&vm->kref);
	mutex_init(&vm->slots_lock);
	mutex_init(&vm->lock);
	atomic_set(&vm->nr_running, 0);
	xvm_gicd_init(&vm->gicd);
	vm->backend = be;
	vm->ops = xvm_backend_ops(be);
	vm->owner_tgid = task_tgid_nr(current);
	vm->owner_uid = current_euid();

	if (vm->ops->vm_init) {
		ret = vm->ops->vm_init(vm);
		if (ret)
			goto fail_free;
	}
	ret = xvm_registry_add(vm);
	if (ret)
		goto fail_backend;
	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0) {
		ret = fd;
		goto fail_registry;
	}
	file = anon_inode_getfile("xvm-vm", &xvm_vm_fops, vm, O_RDWR);
	if (IS_ERR(file)) {
		ret = PTR_ERR(file);
		goto fail_fd;
	}
	/* Taken before the fd exists: once installed, it may be closed. */
	__module_get(THIS_MODULE);
	xvm_vm_snapshot(vm, info);
	/*
	 * Announce before installing: once the fd exists another thread may
	 * close it, and "destroyed" must never overtake "created".
	 */
	xvm_netlink_notify(info, XVM_NL_EVENT_CREATED);
	kfree(info);
	fd_install(fd, file);
	return fd;

fail_fd:
	put_unused_fd(fd);
fail_registry:
	xvm_registry_remove(vm);
fail_backend:
	if (vm->ops->vm_destroy)
		vm->ops->vm_destroy(vm);
fail_free:
	kfree(vm);
	kfree(info);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * registry.c - the live VMs by id, for monitoring (registry.h).
 *
 * A VM is in the registry from just before its fd exists until its last
 * reference goes. Ids count up from 1 and are never reused while the
 * module is loaded. Walking the registry takes xvm_registry_lock, then a
 * VM's lock for its snapshot; a VM leaves the registry (under
 * xvm_registry_lock) before it is torn down, so whatever the walk finds
 * under the lock is alive, though its last reference may already be gone
 * (it is then being torn down): xvm_registry_call() takes a reference only
 * if one is left.
 */
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/xarray.h>
#include "vm.h"

static DEFINE_MUTEX(xvm_registry_lock);
static DEFINE_XARRAY(xvm_registry);
static u32 xvm_registry_next_id = 1;

int xvm_registry_add(struct xvm_vm *vm)
{
	int ret;

	mutex_lock(&xvm_registry_lock);
	if (!xvm_registry_next_id) {
		/* 2^32 - 1 VMs since the module loaded: no id left. */
		ret = -ENOSPC;
		goto out;
	}
	ret = xa_insert(&xvm_registry, xvm_registry_next_id, vm, GFP_KERNEL);
	if (!ret)
		vm->id = xvm_registry_next_id++;
out:
	mutex_unlock(&xvm_registry_lock);
	return ret;
}

void xvm_registry_remove(struct xvm_vm *vm)
{
	mutex_lock(&xvm_registry_lock);
	xa_erase(&xvm_registry, vm->id);
	mutex_unlock(&xvm_registry_lock);
}

int xvm_registry_for_each(u32 start_id,
			  int (*fn)(const struct xvm_vm_info *info, void *arg),
			  void *arg)
{
	unsigned long index = start_id;
	struct xvm_vm_info *info;
	struct xvm_vm *vm;
	int ret = 0;

	info = kmalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	for (;;) {
		mutex_lock(&xvm_registry_lock);
		vm = xa_find(&xvm_registry, &index, U32_MAX, XA_PRESENT);
		if (vm)
			xvm_vm_snapshot(vm, info);
		mutex_unlock(&xvm_registry_lock);
		if (!vm)
			break;
		ret = fn(info, arg);
		if (ret || index == U32_MAX)
			break;
		index++;
	}
	kfree(info);
	return ret;
}

int xvm_registry_get(u32 id, struct xvm_vm_info *info)
{
	struct xvm_vm *vm;

	mutex_lock(&xvm_registry_lock);
	vm = xa_load(&xvm_registry, id);
	if (vm)
		xvm_vm_snapshot(vm, info);
	mutex_unlock(&xvm_registry_lock);
	return vm ? 0 : -ENOENT;
}

int xvm_registry_call(u32 id,
		      int (*fn)(struct xvm_vm *vm,
				const struct xvm_vm_info *info, void *arg),
		      void *arg)
{
	struct xvm_vm_info *info;
	struct xvm_vm *vm;
	int ret;

	info = kmalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	mutex_lock(&xvm_registry_lock);
	vm = xa_load(&xvm_registry, id);
	/* Its last put may have happened: it is leaving the registry. */
	if (vm && !kref_get_unless_zero(&vm->kref))
		vm = NULL;
	mutex_unlock(&xvm_registry_lock);
	if (!vm) {
		kfree(info);
		return -ENOENT;
	}
	xvm_vm_snapshot(vm, info);
	ret = fn(vm, info, arg);
	/* Without xvm_registry_lock: the last put takes it. */
	xvm_vm_put(vm);
	kfree(info);
	return ret;
}

int xvm_registry_irq_line(struct xvm_vm *vm, u32 spi, u32 level)
{
	const struct xvm_irq_line line = { .spi = spi, .level = level };

	return xvm_irq_line(vm, &line);
}

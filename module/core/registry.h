/* SPDX-License-Identifier: GPL-2.0 */
/*
 * registry.h - the list of live VMs, as the monitoring side sees it.
 *
 * The VM code (vm.c) owns VMs and keeps them in a registry; monitoring
 * (netlink.c) never touches a struct xvm_vm. It reads snapshots and is told
 * about lifecycle events, so the two sides share only this header.
 */
#ifndef XVM_CORE_REGISTRY_H
#define XVM_CORE_REGISTRY_H

#include <linux/types.h>
#include <linux/uidgid.h>

/* Exit reasons counted per VM; the index is the XVM_EXIT_* value. */
#define XVM_STATS_NR_EXIT_REASONS	32

/* A consistent copy of one VM's public state, taken under the VM's lock. */
struct xvm_vm_info {
	u32 id;			/* unique while the module is loaded */
	pid_t owner_tgid;	/* process that created it (init ns) */
	kuid_t owner_uid;	/* its effective uid at creation */
	u64 mem_bytes;		/* guest RAM currently registered */
	u32 nr_vcpus;
	u32 backend;		/* XVM_BACKEND_* of uapi/linux/xvm.h */
	u32 state;		/* XVM_VM_STATE_* of uapi/linux/xvm_netlink.h */
	u64 exits[XVM_STATS_NR_EXIT_REASONS];
	u64 translations;	/* blocks translated */
	u64 code_cache_bytes;	/* bytes of translated code held */
	u64 guest_insns;	/* guest instructions, where counted */
	u64 vm_entries;		/* hardware backends: entries into the VM */
};

/*
 * Call @fn for each live VM with id >= @start_id, in increasing id order,
 * until @fn returns non-zero; returns that value (0 when all were visited).
 * @fn runs without any VM lock held and must not sleep for long.
 */
int xvm_registry_for_each(u32 start_id,
			  int (*fn)(const struct xvm_vm_info *info, void *arg),
			  void *arg);

/* Snapshot of one VM by id; -ENOENT if there is none. */
int xvm_registry_get(u32 id, struct xvm_vm_info *info);

struct xvm_vm;

/*
 * Call @fn on the live VM @id with a reference on it held (no lock), and
 * with @info a snapshot of it taken under that reference; returns what
 * @fn returns, or -ENOENT if there is no such VM (or it is going away),
 * -ENOMEM. Process context: @fn may sleep; dropping the reference may
 * tear the VM down. @fn must not keep @vm.
 */
int xvm_registry_call(u32 id,
		      int (*fn)(struct xvm_vm *vm,
				const struct xvm_vm_info *info, void *arg),
		      void *arg);

/* Drive SPI @spi of @vm to @level (XVM_IRQ_LINE); -EINVAL if out of range. */
int xvm_registry_irq_line(struct xvm_vm *vm, u32 spi, u32 level);

/* Lifecycle events, multicast by netlink.c (XVM_NL_EVENT_* values). */
void xvm_netlink_notify(const struct xvm_vm_info *info, u32 event);

int xvm_netlink_init(void);
void xvm_netlink_exit(void);

#endif /* XVM_CORE_REGISTRY_H */

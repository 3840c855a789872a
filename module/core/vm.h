/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vm.h - VMs and vCPUs inside the core: what the VM fd and the vCPU fd
 * stand for, shared by vm.c, vcpu.c, memory.c, irq.c, regs.c and the
 * backends.
 *
 * Lifetimes: a VM is reference counted. Its fd holds one reference and
 * every vCPU fd another (a mapping of a run area holds its vCPU fd), so
 * the fds may be closed in any order; vCPUs live as long as their VM (as
 * in KVM) and go with its last reference. A VM also holds a reference on
 * the module.
 *
 * Locks, outermost first: vcpu->mutex, vm->slots_lock, vm->lock,
 * vm->gicd.lock. xvm_registry_lock (registry.c) is taken before vm->lock
 * and with no other. No VM-wide lock is held while taking a vcpu->mutex.
 */
#ifndef XVM_CORE_VM_H
#define XVM_CORE_VM_H

#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/uidgid.h>
#include <linux/wait.h>
#include "backend.h"
#include "regs.h"
#include "registry.h"
#include "ring.h"

/* Limits; XVM_CHECK_EXTENSION reports them. */
#define XVM_MAX_VCPUS		64
#define XVM_MAX_MEM_SLOTS	32
#define XVM_MAX_IO_RANGES	64
#define XVM_NR_SPIS		256	/* SPIs 0..255: INTIDs 32..287 */
#define XVM_IPA_BITS		40	/* guest-physical space: 1 TiB */
#define XVM_RING_ENTRIES	256

/* Guest RAM granule: memory slots are made of 4 KiB pages. */
#define XVM_GUEST_PAGE_SIZE	4096ULL

/* Layout of a vCPU's mapping: the run page, requests, completions. */
#define XVM_RUN_REQ_OFFSET	PAGE_SIZE
#define XVM_RUN_REQ_BYTES	(XVM_RING_ENTRIES * sizeof(struct xvm_io_request))
#define XVM_RUN_CPL_OFFSET	(XVM_RUN_REQ_OFFSET + XVM_RUN_REQ_BYTES)
#define XVM_RUN_CPL_BYTES	(XVM_RING_ENTRIES * sizeof(struct xvm_io_completion))
#define XVM_VCPU_MMAP_SIZE	(XVM_RUN_CPL_OFFSET + XVM_RUN_CPL_BYTES)

/* One memory slot; size 0 means unused. Changed under vm->slots_lock. */
struct xvm_memslot {
	u64 gpa;
	u64 size;
	unsigned long uaddr;
	u32 flags;			/* XVM_MEM_* */
	struct page **pages;		/* size / 4 KiB pinned pages */
};

/* One registered I/O range: [start, last]. */
struct xvm_io_range_entry {
	u64 start;
	u64 last;
	u64 cookie;
};

/* The I/O ranges of a VM, sorted by start; replaced whole under RCU. */
struct xvm_io_ranges {
	struct rcu_head rcu;
	u32 nr;
	struct xvm_io_range_entry range[];
};

/*
 * The minimal distributor: input levels and pending state of the SPIs.
 * All SPIs are level-sensitive until the full GIC lets the guest choose.
 */
struct xvm_gicd {
	spinlock_t lock;
	DECLARE_BITMAP(level, XVM_NR_SPIS);
	DECLARE_BITMAP(pending, XVM_NR_SPIS);
};

struct xvm_vm {
	struct kref kref;
	u32 id;				/* registry id; 0 until registered */
	pid_t owner_tgid;
	kuid_t owner_uid;
	const struct xvm_backend *backend;
	const struct xvm_backend_ops *ops;
	void *backend_priv;		/* the backend's per-VM data */

	/*
	 * The guest-physical map: slots and I/O ranges change under it
	 * (pinning may take long, so not under lock). Readers of slots hold
	 * it too; I/O ranges are read under RCU.
	 */
	struct mutex slots_lock;
	struct xvm_memslot slots[XVM_MAX_MEM_SLOTS];
	struct xvm_io_ranges __rcu *io_ranges;

	struct mutex lock;		/* everything below but gicd */
	u64 mem_bytes;
	/* Set once each (release), read locklessly (acquire). */
	struct xvm_core_vcpu *vcpus[XVM_MAX_VCPUS];
	u32 nr_vcpus;
	bool has_run;			/* some vCPU entered the guest */
	u32 end_state;			/* 0, or XVM_VM_STATE_SHUTDOWN/CRASHED */
	u32 system_event;		/* the last XVM_SYSTEM_EVENT_*, for others */
	atomic_t nr_running;		/* vCPUs inside XVM_RUN */

	struct xvm_gicd gicd;
};

/* Counters of one vCPU, written by its own thread only. */
struct xvm_vcpu_stats {
	u64 exits[XVM_NR_EXIT_REASONS];
	u64 io_requests;
	u64 io_completions;
	u64 translations;
	u64 code_cache_bytes;
	u64 guest_insns;
	u64 vm_entries;			/* hardware backends: VM entries */
};

/* vcpu->requests bits: work for the run loop, from other threads. */
#define XVM_REQ_SYSTEM_EVENT	0	/* exit with vm->system_event */
#define XVM_REQ_IRQ		1	/* the interrupt state changed */

/* A device access the backend handed to the core (XVM_RUN_MMIO). */
struct xvm_mmio {
	u64 gpa;
	u64 data;			/* writes */
	u8 size;			/* 1, 2, 4 or 8 */
	bool write;
};

/*
 * The core's vCPU (the engine has its own struct xvm_vcpu: the translator
 * state a backend keeps in backend_priv).
 */
struct xvm_core_vcpu {
	struct xvm_vm *vm;
	u32 id;
	struct mutex mutex;		/* ioctls, XVM_RUN included */

	struct xvm_run *run;		/* shared with userland */
	struct xvm_ring req_ring;	/* producer: the kernel */
	struct xvm_ring cpl_ring;	/* consumer: the kernel */
	wait_queue_head_t io_wq;	/* poll(): requests to take */

	/* Guest state while outside ops->vcpu_run (backend.h). */
	struct xvm_regs regs;
	u64 sysregs[XVM_NR_SYSREGS];
	u64 vregs[32][2];
	bool state_dirty;		/* changed since the backend saw it */

	unsigned long requests;		/* XVM_REQ_* bits */
	struct xvm_mmio mmio;		/* set by the backend */

	/* Waits across XVM_RUN calls (vcpu.c). */
	bool req_stashed;		/* stash is not on the ring yet */
	struct xvm_io_request stash;
	bool read_waiting;		/* a read's completion is due */
	u32 read_seq;
	u8 read_size;
	bool unclaimed_read;		/* run->mmio.data is due */
	bool hypercall_done;		/* run->hypercall.ret is due */

	struct xvm_vcpu_stats stats;
	void *backend_priv;
};

/* vm.c */
long xvm_vm_create(unsigned long flags);
void xvm_vm_get(struct xvm_vm *vm);
void xvm_vm_put(struct xvm_vm *vm);
void xvm_vm_snapshot(struct xvm_vm *vm, struct xvm_vm_info *info);
void xvm_vm_system_event(struct xvm_vm *vm, struct xvm_core_vcpu *from,
			 u32 type);
void xvm_vm_crashed(struct xvm_vm *vm);

/* registry.c */
int xvm_registry_add(struct xvm_vm *vm);
void xvm_registry_remove(struct xvm_vm *vm);

/* memory.c */
int xvm_set_memory_region(struct xvm_vm *vm,
			  const struct xvm_memory_region *mr);
void xvm_memslots_free(struct xvm_vm *vm);
int xvm_io_range_register(struct xvm_vm *vm, const struct xvm_io_range *r);
int xvm_io_range_unregister(struct xvm_vm *vm, const struct xvm_io_range *r);
bool xvm_io_range_find(struct xvm_vm *vm, u64 gpa, unsigned int size,
		       u64 *cookie);
void xvm_io_ranges_free(struct xvm_vm *vm);
/* Under vm->slots_lock: the RAM page at @gpa (NULL: none), read-only? */
struct page *xvm_gpa_page(struct xvm_vm *vm, u64 gpa, bool *ro);
int xvm_vm_read_guest(struct xvm_vm *vm, u64 gpa, void *buf,
		      unsigned int len);
int xvm_vm_write_guest(struct xvm_vm *vm, u64 gpa, const void *buf,
		       unsigned int len);

/* main.c: module parameters */
extern unsigned int xvm_max_guest_mem_mb;

/* irq.c */
void xvm_gicd_init(struct xvm_gicd *gicd);
int xvm_irq_line(struct xvm_vm *vm, const struct xvm_irq_line *line);
int xvm_get_spi_state(struct xvm_vm *vm, struct xvm_spi_state *st);

/* vcpu.c */
int xvm_core_vcpu_create(struct xvm_vm *vm, unsigned long id);
void xvm_core_vcpu_free(struct xvm_core_vcpu *vcpu);
void xvm_core_vcpu_request(struct xvm_core_vcpu *vcpu, unsigned int req);

#endif /* XVM_CORE_VM_H */

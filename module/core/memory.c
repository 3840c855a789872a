// SPDX-License-Identifier: GPL-2.0
/*
 * memory.c - a VM's guest-physical map: memory slots (userland memory the
 * module pins and the guest sees as RAM) and I/O ranges (guest-physical
 * ranges whose accesses userland services through the vCPU rings).
 *
 * Both change under vm->slots_lock. Pinning runs under it but not under
 * vm->lock, so that monitoring and the other VM ioctls are not held up by
 * a large slot. I/O ranges are looked up on every device access, so
 * vCPUs read them under RCU; a change publishes a new sorted copy.
 */
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include "vm.h"

/* Pages pinned (or unpinned) per call, between two reschedule points. */
#define XVM_PIN_CHUNK		512

#define XVM_IPA_LIMIT		(1ULL << XVM_IPA_BITS)

/* Does [a, a + alen) meet [b, b + blen)? Neither wraps. */
static bool xvm_ranges_meet(u64 a, u64 alen, u64 b, u64 blen)
{
	return a < b + blen && b < a + alen;
}

/* Is [gpa, gpa + size) a valid guest-physical range (size > 0)? */
static bool xvm_gpa_range_ok(u64 gpa, u64 size)
{
	u64 end;

	return size && !check_add_overflow(gpa, size, &end) &&
	       end <= XVM_IPA_LIMIT;
}

/* Does anything in the map (but slot @skip) meet [gpa, gpa + size)? */
static bool xvm_map_busy(struct xvm_vm *vm, u64 gpa, u64 size,
			 const struct xvm_memslot *skip)
{
	const struct xvm_io_ranges *ranges;
	unsigned int i;

	lockdep_assert_held(&vm->slots_lock);
	for (i = 0; i < XVM_MAX_MEM_SLOTS; i++) {
		const struct xvm_memslot *s = &vm->slots[i];

		if (s != skip && s->size &&
		    xvm_ranges_meet(gpa, size, s->gpa, s->size))
			return true;
	}
	ranges = rcu_dereference_protected(vm->io_ranges,
					   lockdep_is_held(&vm->slots_lock));
	for (i = 0; ranges && i < ranges->nr; i++) {
		const struct xvm_io_range_entry *r = &ranges->range[i];

		if (xvm_ranges_meet(gpa, size, r->start, r->last - r->start + 1))
			return true;
	}
	return false;
}

static void xvm_unpin(struct page **pages, unsigned long npages, bool dirty)
{
	unsigned long done, n;

	for (done = 0; done < npages; done += n) {
		n = min_t(unsigned long, npages - done, XVM_PIN_CHUNK);
		unpin_user_pages_dirty_lock(pages + done, n, dirty);
		cond_resched();
	}
}

/* Pin the slot's user memory into slot->pages. 0 or -errno, nothing kept. */
static int xvm_memslot_pin(struct xvm_memslot *slot)
{
	unsigned long npages = slot->size >> PAGE_SHIFT, done = 0;
	unsigned int gup = FOLL_LONGTERM;
	struct page **pages;
	int ret;

	if (!(slot->flags & XVM_MEM_READONLY))
		gup |= FOLL_WRITE;
	pages = kvcalloc(npages, sizeof(*pages), GFP_KERNEL_ACCOUNT);
	if (!pages)
		return -ENOMEM;
	while (done < npages) {
		int n = min_t(unsigned long, npages - done, XVM_PIN_CHUNK);

		ret = pin_user_pages_fast(slot->uaddr + done * PAGE_SIZE, n,
					  gup, pages + done);
		if (ret <= 0) {
			/* Unmapped, not writable, or not pinnable memory. */
			ret = ret ? ret : -EFAULT;
			goto fail;
		}
		done += ret;
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			goto fail;
		}
		cond_resched();
	}
	slot->pages = pages;
	return 0;
fail:
	xvm_unpin(pages, done, false);
	kvfree(pages);
	return ret;
}

static void xvm_memslot_unpin(struct xvm_memslot *slot)
{
	xvm_unpin(slot->pages, slot->size >> PAGE_SHIFT,
		  !(slot->flags & XVM_MEM_READONLY));
	kvfree(slot->pages);
	slot->pages = NULL;
}

static int xvm_memslot_delete(struct xvm_vm *vm, struct xvm_memslot *slot)
{
	if (vm->ops->memslot_update)
		vm->ops->memslot_update(vm, slot, false);
	mutex_lock(&vm->lock);
	vm->mem_bytes -= slot->size;
	mutex_unlock(&vm->lock);
	xvm_memslot_unpin(slot);
	memset(slot, 0, sizeof(*slot));
	return 0;
}

/* The checks of a new slot that do not depend on the map. */
static int xvm_memslot_check(const struct xvm_memory_region *mr)
{
	u64 uend;

	if (!IS_ALIGNED(mr->guest_phys_addr, XVM_GUEST_PAGE_SIZE) ||
	    !IS_ALIGNED(mr->memory_size, XVM_GUEST_PAGE_SIZE) ||
	    !IS_ALIGNED(mr->userspace_addr, XVM_GUEST_PAGE_SIZE))
		return -EINVAL;
	if (!xvm_gpa_range_ok(mr->guest_phys_addr, mr->memory_size))
		return -EINVAL;
	if (check_add_overflow(mr->userspace_addr, mr->memory_size, &uend))
		return -EINVAL;
	if (mr->userspace_addr != (unsigned long)mr->userspace_addr ||
	    !access_ok(u64_to_user_ptr(mr->userspace_addr), mr->memory_size))
		return -EFAULT;
	return 0;
}

static int xvm_memslot_create(struct xvm_vm *vm, struct xvm_memslot *slot,
			      const struct xvm_memory_region *mr)
{
	u64 limit = (u64)READ_ONCE(xvm_max_guest_mem_mb) << 20;
	struct xvm_memslot new = {
		.gpa	= mr->guest_phys_addr,
		.size	= mr->memory_size,
		.uaddr	= mr->userspace_addr,
		.flags	= mr->flags,
	};
	int ret;

	if (slot->size)
		return -EBUSY;
	if (xvm_map_busy(vm, new.gpa, new.size, NULL))
		return -EEXIST;
	/* mem_bytes only changes under slots_lock, which we hold. */
	if (new.size > limit || vm->mem_bytes > limit - new.size)
		return -E2BIG;
	ret = xvm_memslot_pin(&new);
	if (ret)
		return ret;
	*slot = new;
	if (vm->ops->memslot_update) {
		ret = vm->ops->memslot_update(vm, slot, true);
		if (ret) {
			xvm_memslot_unpin(slot);
			memset(slot, 0, sizeof(*slot));
			return ret;
		}
	}
	mutex_lock(&vm->lock);
	vm->mem_bytes += new.size;
	mutex_unlock(&vm->lock);
	return 0;
}

int xvm_set_memory_region(struct xvm_vm *vm,
			  const struct xvm_memory_region *mr)
{
	struct xvm_memslot *slot;
	int ret;

	BUILD_BUG_ON(PAGE_SIZE != XVM_GUEST_PAGE_SIZE);
	if (mr->slot >= XVM_MAX_MEM_SLOTS || (mr->flags & ~XVM_MEM_READONLY))
		return -EINVAL;
	if (mr->memory_size) {
		ret = xvm_memslot_check(mr);
		if (ret)
			return ret;
	}

	mutex_lock(&vm->slots_lock);
	slot = &vm->slots[mr->slot];
	if (!mr->memory_size)
		ret = slot->size ? xvm_memslot_delete(vm, slot) : -ENOENT;
	else
		ret = xvm_memslot_create(vm, slot, mr);
	mutex_unlock(&vm->slots_lock);
	return ret;
}

/* At VM teardown: no vCPU runs, nobody else holds the VM. */
void xvm_memslots_free(struct xvm_vm *vm)
{
	unsigned int i;

	mutex_lock(&vm->slots_lock);
	for (i = 0; i < XVM_MAX_MEM_SLOTS; i++)
		if (vm->slots[i].size)
			xvm_memslot_delete(vm, &vm->slots[i]);
	mutex_unlock(&vm->slots_lock);
}

/* The page of guest RAM at @gpa and whether the guest may write it. */
struct page *xvm_gpa_page(struct xvm_vm *vm, u64 gpa, bool *ro)
{
	unsigned int i;

	lockdep_assert_held(&vm->slots_lock);
	for (i = 0; i < XVM_MAX_MEM_SLOTS; i++) {
		const struct xvm_memslot *s = &vm->slots[i];

		if (s->size && gpa >= s->gpa && gpa - s->gpa < s->size) {
			*ro = s->flags & XVM_MEM_READONLY;
			return s->pages[(gpa - s->gpa) >> PAGE_SHIFT];
		}
	}
	return NULL;
}

/*
 * Copy guest RAM from or to the kernel. 0, -ENOENT (some byte is not
 * RAM) or -EACCES (writing a read-only slot); nothing copied on error.
 */
static int xvm_guest_copy(struct xvm_vm *vm, u64 gpa, void *buf,
			  unsigned int len, bool write)
{
	unsigned int off, n, done;
	struct page *page;
	bool ro;
	void *p;
	u64 end;

	if (check_add_overflow(gpa, (u64)len, &end))
		return -ENOENT;
	mutex_lock(&vm->slots_lock);
	/* Check every page first, so that a failing copy changes nothing. */
	for (done = 0; done < len; done += n) {
		off = offset_in_page(gpa + done);
		n = min_t(unsigned int, len - done, PAGE_SIZE - off);
		if (!xvm_gpa_page(vm, gpa + done, &ro)) {
			mutex_unlock(&vm->slots_lock);
			return -ENOENT;
		}
		if (write && ro) {
			mutex_unlock(&vm->slots_lock);
			return -EACCES;
		}
	}
	for (done = 0; done < len; done += n) {
		off = offset_in_page(gpa + done);
		n = min_t(unsigned int, len - done, PAGE_SIZE - off);
		page = xvm_gpa_page(vm, gpa + done, &ro);
		p = kmap_local_page(page);
		if (write)
			memcpy(p + off, buf + done, n);
		else
			memcpy(buf + done, p + off, n);
		kunmap_local(p);
	}
	mutex_unlock(&vm->slots_lock);
	return 0;
}

int xvm_vm_read_guest(struct xvm_vm *vm, u64 gpa, void *buf,
		      unsigned int len)
{
	return xvm_guest_copy(vm, gpa, buf, len, false);
}

int xvm_vm_write_guest(struct xvm_vm *vm, u64 gpa, const void *buf,
		       unsigned int len)
{
	return xvm_guest_copy(vm, gpa, (void *)buf, len, true);
}

/* ---- I/O ranges ------------------------------------------------------ */

static int xvm_io_range_args(const struct xvm_io_range *r)
{
	if (r->flags || r->pad)
		return -EINVAL;
	if (!xvm_gpa_range_ok(r->guest_phys_addr, r->size))
		return -EINVAL;
	return 0;
}

static struct xvm_io_ranges *xvm_io_ranges_alloc(u32 nr)
{
	struct xvm_io_ranges *ranges;

	ranges = kzalloc(struct_size(ranges, range, nr), GFP_KERNEL_ACCOUNT);
	if (ranges)
		ranges->nr = nr;
	return ranges;
}

static void xvm_io_ranges_publish(struct xvm_vm *vm,
				  struct xvm_io_ranges *old,
				  struct xvm_io_ranges *new)
{
	rcu_assign_pointer(vm->io_ranges, new);
	if (old)
		kfree_rcu(old, rcu);
}

int xvm_io_range_register(struct xvm_vm *vm, const struct xvm_io_range *r)
{
	struct xvm_io_ranges *old, *new;
	u32 nr, i, at;
	int ret;

	ret = xvm_io_range_args(r);
	if (ret)
		return ret;
	mutex_lock(&vm->slots_lock);
	old = rcu_dereference_protected(vm->io_ranges,
					lockdep_is_held(&vm->slots_lock));
	nr = old ? old->nr : 0;
	if (xvm_map_busy(vm, r->guest_phys_addr, r->size, NULL)) {
		ret = -EEXIST;
		goto out;
	}
	if (nr >= XVM_MAX_IO_RANGES) {
		ret = -ENOSPC;
		goto out;
	}
	new = xvm_io_ranges_alloc(nr + 1);
	if (!new) {
		ret = -ENOMEM;
		goto out;
	}
	for (at = 0; at < nr && old->range[at].start < r->guest_phys_addr; at++)
		;
	for (i = 0; i < nr; i++)
		new->range[i < at ? i : i + 1] = old->range[i];
	new->range[at].start = r->guest_phys_addr;
	new->range[at].last = r->guest_phys_addr + r->size - 1;
	new->range[at].cookie = r->cookie;
	xvm_io_ranges_publish(vm, old, new);
out:
	mutex_unlock(&vm->slots_lock);
	return ret;
}

int xvm_io_range_unregister(struct xvm_vm *vm, const struct xvm_io_range *r)
{
	struct xvm_io_ranges *old, *new = NULL;
	u64 last;
	u32 i, j;
	int ret;

	ret = xvm_io_range_args(r);
	if (ret)
		return ret;
	last = r->guest_phys_addr + r->size - 1;
	mutex_lock(&vm->slots_lock);
	old = rcu_dereference_protected(vm->io_ranges,
					lockdep_is_held(&vm->slots_lock));
	for (i = 0; old && i < old->nr; i++)
		if (old->range[i].start == r->guest_phys_addr &&
		    old->range[i].last == last)
			break;
	if (!old || i == old->nr) {
		ret = -ENOENT;
		goto out;
	}
	if (old->nr > 1) {
		new = xvm_io_ranges_alloc(old->nr - 1);
		if (!new) {
			ret = -ENOMEM;
			goto out;
		}
		for (j = 0; j < old->nr; j++)
			if (j != i)
				new->range[j < i ? j : j - 1] = old->range[j];
	}
	xvm_io_ranges_publish(vm, old, new);
out:
	mutex_unlock(&vm->slots_lock);
	return ret;
}

bool xvm_io_range_find(struct xvm_vm *vm, u64 gpa, unsigned int size,
		       u64 *cookie)
{
	const struct xvm_io_ranges *ranges;
	u64 last = gpa + size - 1;
	bool found = false;
	u32 i;

	if (last < gpa)
		return false;
	rcu_read_lock();
	ranges = rcu_dereference(vm->io_ranges);
	for (i = 0; ranges && i < ranges->nr; i++) {
		const struct xvm_io_range_entry *r = &ranges->range[i];

		if (gpa >= r->start && last <= r->last) {
			*cookie = r->cookie;
			found = true;
			break;
		}
	}
	rcu_read_unlock();
	return found;
}

/* At VM teardown: no vCPU runs, so no reader is left. */
void xvm_io_ranges_free(struct xvm_vm *vm)
{
	kfree(rcu_dereference_protected(vm->io_ranges, true));
	RCU_INIT_POINTER(vm->io_ranges, NULL);
}

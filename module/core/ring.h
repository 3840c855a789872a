/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ring.h - the kernel's side of a vCPU's single-producer/single-consumer
 * rings in the shared run area (struct xvm_run in uapi/linux/xvm.h).
 *
 * Userland can write anything into the shared memory at any time, so the
 * kernel keeps its own index (the producer's head or the consumer's tail)
 * here and never reads it back; it only reads the other side's index and
 * checks that it is plausible. Entries are copied out before they are
 * looked at.
 *
 * Ordering: a producer writes the entry, then store-releases the new head;
 * a consumer load-acquires the head, reads the entry, then store-releases
 * the new tail; a producer load-acquires the tail before it reuses a slot.
 */
#ifndef XVM_CORE_RING_H
#define XVM_CORE_RING_H

#include <linux/types.h>
#include "uapi/linux/xvm.h"

struct xvm_ring {
	struct xvm_ring_index *index;	/* shared */
	void *entries;			/* shared */
	u32 nr;				/* entries, a power of two */
	u32 entry_size;
	u32 next;	/* private: producer's head, or consumer's tail */
};

void xvm_ring_init(struct xvm_ring *ring, struct xvm_ring_index *index,
		   void *entries, u32 nr, u32 entry_size);

/*
 * Producer: copy @entry in at index ring->next and publish it. 0,
 * -ENOSPC (full), or -EINVAL (the consumer's tail is impossible).
 */
int xvm_ring_put(struct xvm_ring *ring, const void *entry);

/*
 * Consumer: copy the oldest entry out without taking it. 0, -EAGAIN
 * (empty), or -EINVAL (the producer's head is impossible).
 */
int xvm_ring_peek(struct xvm_ring *ring, void *entry);

/* Consumer: take the entry xvm_ring_peek() returned. */
void xvm_ring_consume(struct xvm_ring *ring);

/* Producer: are there entries the consumer has not taken? */
bool xvm_ring_busy(const struct xvm_ring *ring);

#endif /* XVM_CORE_RING_H */

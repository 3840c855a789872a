// SPDX-License-Identifier: GPL-2.0
/*
 * ring.c - single-producer/single-consumer rings shared with userland
 * (ring.h). Indices run freely over u32; an index's slot is index & (nr-1).
 */
#include <asm/barrier.h>
#include <linux/compiler.h>
#include <linux/string.h>
#include "ring.h"

void xvm_ring_init(struct xvm_ring *ring, struct xvm_ring_index *index,
		   void *entries, u32 nr, u32 entry_size)
{
	ring->index = index;
	ring->entries = entries;
	ring->nr = nr;
	ring->entry_size = entry_size;
	ring->next = 0;
}

static void *xvm_ring_slot(const struct xvm_ring *ring, u32 idx)
{
	return ring->entries + (size_t)(idx & (ring->nr - 1)) * ring->entry_size;
}

int xvm_ring_put(struct xvm_ring *ring, const void *entry)
{
	/* The consumer is done with the slots before its tail. */
	u32 tail = smp_load_acquire(&ring->index->tail);
	u32 used = ring->next - tail;

	if (used > ring->nr)
		return -EINVAL;
	if (used == ring->nr)
		return -ENOSPC;
	memcpy(xvm_ring_slot(ring, ring->next), entry, ring->entry_size);
	/* The entry before the index that publishes it. */
	smp_store_release(&ring->index->head, ring->next + 1);
	WRITE_ONCE(ring->next, ring->next + 1);
	return 0;
}

int xvm_ring_peek(struct xvm_ring *ring, void *entry)
{
	/* The entries before the head are written. */
	u32 head = smp_load_acquire(&ring->index->head);
	u32 avail = head - ring->next;

	if (avail > ring->nr)
		return -EINVAL;
	if (!avail)
		return -EAGAIN;
	memcpy(entry, xvm_ring_slot(ring, ring->next), ring->entry_size);
	return 0;
}

void xvm_ring_consume(struct xvm_ring *ring)
{
	/* Our reads of the entry before the producer may reuse its slot. */
	smp_store_release(&ring->index->tail, ring->next + 1);
	ring->next++;
}

bool xvm_ring_busy(const struct xvm_ring *ring)
{
	return READ_ONCE(ring->index->tail) != READ_ONCE(ring->next);
}

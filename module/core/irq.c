// SPDX-License-Identifier: GPL-2.0
/*
 * irq.c - the minimal in-kernel interrupt controller: the distributor's
 * view of the shared peripheral interrupts (SPIs) that userland devices
 * raise with XVM_IRQ_LINE.
 *
 * It keeps each SPI's input level and pending state. Every SPI is
 * level-sensitive, so an SPI is pending while its line is high; the full
 * GIC (configuration, enable, priority, routing, acknowledge) builds on
 * this state. A change of pending state asks every vCPU to look at its
 * interrupts again (XVM_REQ_IRQ).
 */
#include <linux/bitmap.h>
#include <linux/spinlock.h>
#include "vm.h"

void xvm_gicd_init(struct xvm_gicd *gicd)
{
	spin_lock_init(&gicd->lock);
	bitmap_zero(gicd->level, XVM_NR_SPIS);
	bitmap_zero(gicd->pending, XVM_NR_SPIS);
}

static void xvm_irq_notify(struct xvm_vm *vm)
{
	struct xvm_core_vcpu *vcpu;
	unsigned int i;

	for (i = 0; i < XVM_MAX_VCPUS; i++) {
		/* Pairs with the release that published the vCPU. */
		vcpu = smp_load_acquire(&vm->vcpus[i]);
		if (vcpu)
			xvm_core_vcpu_request(vcpu, XVM_REQ_IRQ);
	}
}

int xvm_irq_line(struct xvm_vm *vm, const struct xvm_irq_line *line)
{
	struct xvm_gicd *gicd = &vm->gicd;
	bool changed;

	if (line->spi >= XVM_NR_SPIS || line->level > 1)
		return -EINVAL;
	spin_lock(&gicd->lock);
	if (line->level)
		__set_bit(line->spi, gicd->level);
	else
		__clear_bit(line->spi, gicd->level);
	/* Level-sensitive: pending follows the line. */
	changed = test_bit(line->spi, gicd->pending) != !!line->level;
	if (line->level)
		__set_bit(line->spi, gicd->pending);
	else
		__clear_bit(line->spi, gicd->pending);
	spin_unlock(&gicd->lock);
	if (changed)
		xvm_irq_notify(vm);
	return 0;
}

int xvm_get_spi_state(struct xvm_vm *vm, struct xvm_spi_state *st)
{
	struct xvm_gicd *gicd = &vm->gicd;

	if (st->spi >= XVM_NR_SPIS)
		return -EINVAL;
	spin_lock(&gicd->lock);
	st->state = (test_bit(st->spi, gicd->level) ? XVM_SPI_LEVEL : 0) |
		    (test_bit(st->spi, gicd->pending) ? XVM_SPI_PENDING : 0);
	spin_unlock(&gicd->lock);
	return 0;
}

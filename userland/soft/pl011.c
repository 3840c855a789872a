// SPDX-License-Identifier: GPL-2.0
/*
 * pl011.c - the smallest PL011 UART that bare-metal code and Linux's
 * earlycon are happy with: the data register prints, the flag register
 * always says "transmit FIFO empty, nothing received", the rest reads as
 * the reset values and ignores writes.
 */
#include "soft_priv.h"

#define UARTDR		0x000
#define UARTFR		0x018
#define UARTCR		0x030
#define UARTPERIPHID0	0xfe0

#define FR_RXFE		0x10	/* receive FIFO empty */
#define FR_TXFE		0x80	/* transmit FIFO empty */
#define CR_RESET	0x300	/* TXE | RXE */

/* Peripheral and PrimeCell ids at 0xfe0..0xffc, as on ARM's PL011. */
static const u8 pl011_id[8] = {
	0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
};

int pl011_access(struct soft_vm *vm, u64 offset, unsigned int size,
		 bool write, u64 *data)
{
	if (write) {
		if (offset == UARTDR) {
			u8 c = (u8)*data;

			soft_output(vm, &c, 1);
		}
		return XVM_MMIO_OK;
	}
	switch (offset) {
	case UARTFR:
		*data = FR_TXFE | FR_RXFE;
		break;
	case UARTCR:
		*data = CR_RESET;
		break;
	default:
		if (offset >= UARTPERIPHID0 && offset < 0x1000 && !(offset & 3))
			*data = pl011_id[(offset - UARTPERIPHID0) / 4];
		else
			*data = 0;
		break;
	}
	return XVM_MMIO_OK;
}

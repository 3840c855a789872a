// SPDX-License-Identifier: GPL-2.0
/*
 * fdt.c - the device tree the guest finds at x0.
 *
 * Without --dtb, vmctl writes one with libfdt that describes the board of
 * BRIEF section 2 the way QEMU's "virt" machine does, so that Linux binds
 * the same drivers: memory, one Cortex-A57 started through PSCI 1.x over
 * HVC, the architected timer, a GICv2, the PL011 and the PL031 (both with
 * the fixed 24 MHz APB clock the AMBA bus asks for) and /chosen. With
 * --dtb the file is checked and only /chosen is patched: bootargs from
 * --append, the initrd's place from --initrd.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libfdt.h>

#include "vmctl.h"

#define PHANDLE_GIC		1
#define PHANDLE_CLK		2

/* Interrupt specifiers of arm,cortex-a15-gic: type, number, flags. */
#define GIC_SPI			0
#define GIC_PPI			1
#define IRQ_LEVEL_HIGH		4
#define GIC_PPI_CPUS(n)		((((1U << (n)) - 1) & 0xff) << 8)

/* The timer's PPIs: secure and non-secure physical, virtual, hypervisor. */
#define PPI_TIMER_SEC		13
#define PPI_TIMER_PHYS		14
#define PPI_TIMER_VIRT		11	/* INTID 27 */
#define PPI_TIMER_HYP		10

#define UART_NODE		"pl011@9000000"
#define RTC_NODE		"pl031@9010000"

/* Room for what the generated tree holds, plus a long --append. */
#define FDT_BUILD_SLACK		(16 * 1024)

/*
 * The tree under construction. The first libfdt error sticks and every
 * later call is skipped, so the node writers need no error paths.
 */
struct tree {
	void *fdt;
	int err;
};

static void begin(struct tree *t, const char *name)
{
	if (!t->err)
		t->err = fdt_begin_node(t->fdt, name);
}

static void end(struct tree *t)
{
	if (!t->err)
		t->err = fdt_end_node(t->fdt);
}

static void prop(struct tree *t, const char *name, const void *val, int len)
{
	if (!t->err)
		t->err = fdt_property(t->fdt, name, val, len);
}

static void prop_str(struct tree *t, const char *name, const char *s)
{
	prop(t, name, s, strlen(s) + 1);
}

/* A string list: "a\0b" with its final NUL. */
#define prop_strings(t, name, list)	prop(t, name, list, sizeof(list))

static void prop_u32(struct tree *t, const char *name, u32 v)
{
	fdt32_t be = cpu_to_fdt32(v);

	prop(t, name, &be, sizeof(be));
}

static void prop_u64(struct tree *t, const char *name, u64 v)
{
	fdt64_t be = cpu_to_fdt64(v);

	prop(t, name, &be, sizeof(be));
}

static void prop_cells(struct tree *t, const char *name, const u32 *cells,
		       unsigned int n)
{
	fdt32_t be[16];
	unsigned int i;

	for (i = 0; i < n && i < ARRAY_SIZE(be); i++)
		be[i] = cpu_to_fdt32(cells[i]);
	prop(t, name, be, i * sizeof(be[0]));
}

/* reg = <addr size> with #address-cells = #size-cells = 2. */
static void prop_reg(struct tree *t, u64 addr, u64 size)
{
	const u32 reg[] = { addr >> 32, (u32)addr, size >> 32, (u32)size };

	prop_cells(t, "reg", reg, ARRAY_SIZE(reg));
}

static void node_psci(struct tree *t)
{
	begin(t, "psci");
	prop_strings(t, "compatible", "arm,psci-1.0\0arm,psci-0.2");
	prop_str(t, "method", "hvc");
	end(t);
}

static void node_memory(struct tree *t, const struct boot *b)
{
	char name[32];

	snprintf(name, sizeof(name), "memory@%lx", b->ram_base);
	begin(t, name);
	prop_str(t, "device_type", "memory");
	prop_reg(t, b->ram_base, b->ram_size);
	end(t);
}

static void node_cpus(struct tree *t)
{
	begin(t, "cpus");
	prop_u32(t, "#address-cells", 1);
	prop_u32(t, "#size-cells", 0);
	begin(t, "cpu@0");
	prop_str(t, "device_type", "cpu");
	prop_str(t, "compatible", "arm,cortex-a57");
	prop_u32(t, "reg", 0);
	prop_str(t, "enable-method", "psci");
	end(t);
	end(t);
}

static void node_timer(struct tree *t)
{
	const u32 flags = GIC_PPI_CPUS(1) | IRQ_LEVEL_HIGH;
	const u32 irqs[] = {
		GIC_PPI, PPI_TIMER_SEC, flags,
		GIC_PPI, PPI_TIMER_PHYS, flags,
		GIC_PPI, PPI_TIMER_VIRT, flags,
		GIC_PPI, PPI_TIMER_HYP, flags,
	};

	begin(t, "timer");
	prop_str(t, "compatible", "arm,armv8-timer");
	prop_cells(t, "interrupts", irqs, ARRAY_SIZE(irqs));
	end(t);
}

static void node_gic(struct tree *t)
{
	const u32 reg[] = {
		0, BOARD_GICD_BASE, 0, BOARD_GIC_SIZE,
		0, BOARD_GICC_BASE, 0, BOARD_GIC_SIZE,
	};

	begin(t, "intc@8000000");
	prop_str(t, "compatible", "arm,cortex-a15-gic");
	prop_u32(t, "#interrupt-cells", 3);
	prop(t, "interrupt-controller", NULL, 0);
	prop_cells(t, "reg", reg, ARRAY_SIZE(reg));
	prop_u32(t, "phandle", PHANDLE_GIC);
	end(t);
}

static void node_clock(struct tree *t)
{
	begin(t, "apb-pclk");
	prop_str(t, "compatible", "fixed-clock");
	prop_u32(t, "#clock-cells", 0);
	prop_u32(t, "clock-frequency", BOARD_APB_CLOCK);
	prop_str(t, "clock-output-names", "clk24mhz");
	prop_u32(t, "phandle", PHANDLE_CLK);
	end(t);
}

static void node_uart(struct tree *t)
{
	const u32 irq[] = { GIC_SPI, BOARD_UART_SPI, IRQ_LEVEL_HIGH };
	const u32 clocks[] = { PHANDLE_CLK, PHANDLE_CLK };

	begin(t, UART_NODE);
	prop_strings(t, "compatible", "arm,pl011\0arm,primecell");
	prop_reg(t, BOARD_UART_BASE, BOARD_DEV_SIZE);
	prop_cells(t, "interrupts", irq, ARRAY_SIZE(irq));
	prop_strings(t, "clock-names", "uartclk\0apb_pclk");
	prop_cells(t, "clocks", clocks, ARRAY_SIZE(clocks));
	end(t);
}

static void node_rtc(struct tree *t)
{
	const u32 irq[] = { GIC_SPI, BOARD_RTC_SPI, IRQ_LEVEL_HIGH };

	begin(t, RTC_NODE);
	prop_strings(t, "compatible", "arm,pl031\0arm,primecell");
	prop_reg(t, BOARD_RTC_BASE, BOARD_DEV_SIZE);
	prop_cells(t, "interrupts", irq, ARRAY_SIZE(irq));
	prop_str(t, "clock-names", "apb_pclk");
	prop_u32(t, "clocks", PHANDLE_CLK);
	end(t);
}

static void node_chosen(struct tree *t, const struct boot *b)
{
	begin(t, "chosen");
	if (b->append)
		prop_str(t, "bootargs", b->append);
	prop_str(t, "stdout-path", "/" UART_NODE);
	if (b->initrd.data) {
		prop_u64(t, "linux,initrd-start", b->initrd_start);
		prop_u64(t, "linux,initrd-end",
			 b->initrd_start + b->initrd.size);
	}
	end(t);
}

static int build_tree(void *fdt, int size, const struct boot *b)
{
	struct tree t = { .fdt = fdt };

	t.err = fdt_create(fdt, size);
	if (!t.err)
		t.err = fdt_finish_reservemap(fdt);
	begin(&t, "");
	prop_str(&t, "compatible", "linux,dummy-virt");
	prop_str(&t, "model", "xvm virt");
	prop_u32(&t, "#address-cells", 2);
	prop_u32(&t, "#size-cells", 2);
	prop_u32(&t, "interrupt-parent", PHANDLE_GIC);
	node_psci(&t);
	node_memory(&t, b);
	node_cpus(&t);
	node_timer(&t);
	node_gic(&t);
	node_clock(&t);
	node_uart(&t);
	node_rtc(&t);
	node_chosen(&t, b);
	end(&t);
	return t.err ? t.err : fdt_finish(fdt);
}

static int patch_chosen(void *fdt, const struct boot *b)
{
	int node = fdt_path_offset(fdt, "/chosen"), r = 0;

	if (node == -FDT_ERR_NOTFOUND)
		node = fdt_add_subnode(fdt, 0, "chosen");
	if (node < 0)
		return node;
	if (b->append)
		r = fdt_setprop_string(fdt, node, "bootargs", b->append);
	if (!r && b->initrd.data)
		r = fdt_setprop_u64(fdt, node, "linux,initrd-start",
				    b->initrd_start);
	if (!r && b->initrd.data)
		r = fdt_setprop_u64(fdt, node, "linux,initrd-end",
				    b->initrd_start + b->initrd.size);
	return r ? r : fdt_pack(fdt);
}

static size_t slack(const struct boot *b)
{
	return FDT_BUILD_SLACK + (b->append ? strlen(b->append) : 0);
}

static int prepare_user_tree(struct boot *b)
{
	const struct blob *f = &b->dtb_file;
	size_t size;
	int r;

	r = f->size < FDT_V1_SIZE ? -FDT_ERR_TRUNCATED :
	    fdt_check_header(f->data);
	if (!r && fdt_totalsize(f->data) > f->size)
		r = -FDT_ERR_TRUNCATED;
	if (!r)
		r = fdt_check_full(f->data, f->size);
	if (r) {
		vmctl_err("--dtb '%s' is not a valid device tree blob: %s",
			  f->path, fdt_strerror(r));
		return -1;
	}
	size = fdt_totalsize(f->data) + slack(b);
	b->dtb = malloc(size);
	if (!b->dtb) {
		vmctl_err("out of memory");
		return -1;
	}
	r = fdt_open_into(f->data, b->dtb, size);
	if (!r)
		r = patch_chosen(b->dtb, b);
	if (r) {
		vmctl_err("--dtb '%s': cannot set /chosen: %s", f->path,
			  fdt_strerror(r));
		return -1;
	}
	return 0;
}

int fdt_prepare(struct boot *b)
{
	size_t size = slack(b);
	int r;

	if (b->dtb_file.data) {
		if (prepare_user_tree(b))
			return -1;
	} else {
		b->dtb = malloc(size);
		if (!b->dtb) {
			vmctl_err("out of memory");
			return -1;
		}
		r = build_tree(b->dtb, size, b);
		if (r) {
			vmctl_err("cannot build the device tree: %s",
				  fdt_strerror(r));
			return -1;
		}
	}
	if (fdt_size(b) > DTB_MAX_SIZE) {
		vmctl_err("the device tree is %lu bytes; the arm64 boot protocol allows %llu",
			  fdt_size(b), DTB_MAX_SIZE);
		return -1;
	}
	return 0;
}

u64 fdt_size(const struct boot *b)
{
	return fdt_totalsize(b->dtb);
}

int fdt_dump(const struct boot *b, const char *path)
{
	size_t size = fdt_size(b), done = 0;
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		vmctl_err("--dump-dtb '%s': %s", path, strerror(errno));
		return -1;
	}
	while (done < size) {
		n = write(fd, (const u8 *)b->dtb + done, size - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			vmctl_err("--dump-dtb '%s': %s", path,
				  strerror(errno));
			close(fd);
			unlink(path);
			return -1;
		}
		done += n;
	}
	if (close(fd)) {
		vmctl_err("--dump-dtb '%s': %s", path, strerror(errno));
		unlink(path);
		return -1;
	}
	return 0;
}

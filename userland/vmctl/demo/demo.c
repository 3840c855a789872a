// SPDX-License-Identifier: GPL-2.0
/*
 * demo.c - the guest "make demo" boots: it says what board it found in
 * its device tree, draws the Mandelbrot set in ASCII (in colour, and then
 * zooming into the Seahorse Valley, if the command line asks with
 * "color" and "zoom=FRAMES"), checks PSCI and powers itself off.
 *
 * Integer arithmetic only (Q24 fixed point): the soft accelerator does
 * not translate floating point yet, and the output must be the same on
 * every machine, QEMU included, so that tests can compare it.
 */
#include "demo.h"

#define WIDTH		76
#define HEIGHT		30
#define FRAC		24
#define ONE		((s64)1 << FRAC)
#define FIX(x)		((s64)((x) * (double)ONE))
#define MAX_ITER	96
#define FPS		20

/*
 * Plain palette: how many iterations a point takes to escape, in
 * roughly logarithmic steps, and "@" for the set itself.
 */
static const struct {
	unsigned int below;
	char c;
} shades[] = {
	{ 3, ' ' }, { 4, '.' }, { 5, ',' }, { 6, ':' }, { 7, ';' },
	{ 9, '-' }, { 11, '=' }, { 14, '+' }, { 18, '*' }, { 26, 'o' },
	{ 40, '%' }, { ~0U, '#' },
};

/* A ring of 256-colour background shades for the colour mode. */
static const u8 colours[] = {
	17, 18, 19, 20, 21, 27, 33, 39, 45, 51, 50, 49, 48, 47, 46, 82,
	118, 154, 190, 226, 220, 214, 208, 202, 196, 197, 198, 199, 200, 201,
	165, 129, 93, 57,
};

struct view {
	s64 cx;			/* centre */
	s64 cy;
	s64 step_x;		/* one column */
	s64 step_y;		/* one row */
	unsigned int max_iter;
	bool colour;
};

static unsigned int escape_time(s64 cr, s64 ci, unsigned int max)
{
	s64 zr = 0, zi = 0, zr2 = 0, zi2 = 0;
	unsigned int i;

	for (i = 0; i < max && zr2 + zi2 <= 4 * ONE; i++) {
		zi = ((zr * zi) >> (FRAC - 1)) + ci;
		zr = zr2 - zi2 + cr;
		zr2 = (zr * zr) >> FRAC;
		zi2 = (zi * zi) >> FRAC;
	}
	return i;
}

/* One point; in colour, an escape sequence only when the colour changes. */
static void plot(const struct view *v, unsigned int it, int *last, u32 *hash)
{
	unsigned int i;
	int colour;
	char c = '@';

	if (v->colour) {
		colour = it >= v->max_iter ? 16 :
			 colours[it % sizeof(colours)];
		if (colour != *last)
			print("\033[48;5;%um", colour);
		*last = colour;
		putc_uart(' ');
		return;
	}
	for (i = 0; it < v->max_iter && i < ARRAY_SIZE(shades); i++) {
		if (it < shades[i].below) {
			c = shades[i].c;
			break;
		}
	}
	*hash = fnv1a(&c, 1, *hash);
	putc_uart(c);
}

/* Draw one picture; returns the iterations it took. */
static u64 draw(const struct view *v, u32 *hash)
{
	unsigned int row, col, it;
	int last;
	s64 x0 = v->cx - v->step_x * (WIDTH / 2);
	/* Rows at half steps: none runs along the real axis. */
	s64 y0 = v->cy + v->step_y * HEIGHT / 2 - v->step_y / 2;
	u64 total = 0;

	for (row = 0; row < HEIGHT; row++) {
		last = -1;
		for (col = 0; col < WIDTH; col++) {
			it = escape_time(x0 + col * v->step_x,
					 y0 - row * v->step_y, v->max_iter);
			total += it;
			plot(v, it, &last, hash);
		}
		print(v->colour ? "\033[0m\n" : "\n");
	}
	return total;
}

static u64 ms_since(u64 start)
{
	return (counter() - start) * 1000 / counter_freq();
}

/* Frames zooming into the Seahorse Valley, paced at FPS. */
static void zoom(struct view v, unsigned int frames)
{
	u64 tick = counter_freq() / FPS, next = counter();
	unsigned int f;
	u32 hash = 0;

	v.cx = FIX(-0.743643887);
	v.cy = FIX(0.131825904);
	print("\033[2J");
	for (f = 0; f < frames; f++) {
		print("\033[H");
		draw(&v, &hash);
		print("frame %u/%u, max %u iterations\033[K\n", f + 1,
		      frames, v.max_iter);
		v.step_x = v.step_x * 15 / 16;
		v.step_y = v.step_y * 15 / 16;
		if (v.max_iter < 2000)
			v.max_iter += 6;
		next += tick;
		while (counter() < next)
			asm volatile("wfi");
	}
}

static void describe(const struct board *b, const void *fdt)
{
	print("  device tree  ");
	if (!b->fdt_size) {
		print("none (x0 = 0x%lx)\n", (unsigned long)fdt);
		return;
	}
	print("0x%lx, %u bytes: %s \"%s\"\n", (unsigned long)fdt,
	      b->fdt_size, b->compatible ? b->compatible : "?",
	      b->model ? b->model : "");
	print("  memory       %lu MiB at 0x%lx\n", b->mem_size >> 20,
	      b->mem_base);
	print("  cpus         %u x %s, enable-method %s\n", b->cpus,
	      b->cpu_compatible ? b->cpu_compatible : "?",
	      b->enable_method ? b->enable_method : "none");
	print("  psci         %s via %s\n",
	      b->psci_compatible ? b->psci_compatible : "none",
	      b->psci_method ? b->psci_method : "-");
	print("  devices      %s%s%s%s\n", b->has_gic ? "gic " : "",
	      b->has_timer ? "timer " : "", b->has_uart ? "pl011 " : "",
	      b->has_rtc ? "pl031" : "");
	print("  stdout-path  %s\n", b->stdout_path ? b->stdout_path : "-");
	print("  bootargs     \"%s\"\n", b->bootargs ? b->bootargs : "");
	if (b->has_initrd)
		print("  initrd       0x%lx-0x%lx, %lu bytes, fnv1a 0x%08x\n",
		      b->initrd_start, b->initrd_end,
		      b->initrd_end - b->initrd_start,
		      fnv1a((const void *)b->initrd_start,
			    b->initrd_end - b->initrd_start, 2166136261U));
	else
		print("  initrd       none\n");
}

static void check_psci(void)
{
	s64 v = psci(PSCI_VERSION, 0, 0, 0);
	s64 on = psci(PSCI_CPU_ON_64, 1, 0, 0);

	print("  psci         version %ld.%ld, CPU_ON %s\n", v >> 16,
	      v & 0xffff, on == PSCI_NOT_SUPPORTED ? "not supported" : "?");
}

int demo_main(const void *fdt)
{
	struct view v = {
		.cx = FIX(-0.7),
		.step_x = FIX(2.8) / WIDTH,
		.step_y = FIX(2.4) / HEIGHT,
		.max_iter = MAX_ITER,
	};
	unsigned int frames = 0;
	struct board b;
	u32 hash = 2166136261U;
	u64 start, iters;

	board_read(fdt, &b);
	v.colour = bootarg(&b, "color", &frames);
	print("\nxvm demo: a bare-metal AArch64 guest at EL%u, MMU %s\n\n",
	      current_el(), mmu_enabled() ? "on" : "off");
	describe(&b, fdt);
	print("  timer        %lu Hz\n", counter_freq());
	check_psci();
	print("\n");
	start = counter();
	iters = draw(&v, &hash);
	print("\n  %ux%u points, %lu iterations, picture fnv1a 0x%08x\n",
	      WIDTH, HEIGHT, iters, hash);
	print("  drawn in %lu ms\n", ms_since(start));
	if (bootarg(&b, "zoom", &frames) && frames)
		zoom(v, frames);
	print("  powering off (PSCI SYSTEM_OFF)\n");
	return 0;
}

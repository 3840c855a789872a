// SPDX-License-Identifier: GPL-2.0
/*
 * semihost.c - Arm semihosting (HLT #0xF000) for AArch64 guests, the
 * subset that bare-metal tests use, behaving as QEMU 7.2 does:
 * WRITEC and WRITE0 leave 0xdeadbeef in x0, the A64 SYS_EXIT takes a
 * parameter block whose subcode is the exit status of an application
 * exit.  Files are not reachable: only the console handle exists (":tt",
 * or handles 1 and 2 for stdout and stderr).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "soft_priv.h"

#define SYS_OPEN		0x01
#define SYS_CLOSE		0x02
#define SYS_WRITEC		0x03
#define SYS_WRITE0		0x04
#define SYS_WRITE		0x05
#define SYS_READ		0x06
#define SYS_READC		0x07
#define SYS_ISERROR		0x08
#define SYS_ISTTY		0x09
#define SYS_FLEN		0x0c
#define SYS_CLOCK		0x10
#define SYS_TIME		0x11
#define SYS_ERRNO		0x13
#define SYS_GET_CMDLINE		0x15
#define SYS_HEAPINFO		0x16
#define SYS_EXIT		0x18
#define SYS_EXIT_EXTENDED	0x20
#define SYS_ELAPSED		0x30
#define SYS_TICKFREQ		0x31

#define ADP_STOPPED_APPLICATION_EXIT	0x20026
#define SEMI_DEAD		0xdeadbeefULL
#define SEMI_ERROR		((u64)-1)

/* Word @i of the parameter block at @block; false if not in RAM. */
static bool arg(struct soft_vm *vm, u64 block, unsigned int i,
		u64 *v)
{
	u64 *p = soft_ram(vm, block + 8 * i, 8);

	if (!p)
		return false;
	memcpy(v, p, 8);
	return true;
}

static bool is_console(struct soft_vm *vm, u64 handle)
{
	return handle >= 1 && handle < (u64)vm->next_handle + 2;
}

static u64 sys_open(struct soft_vm *vm, u64 block)
{
	u64 name, mode, len;
	char *s;

	if (!arg(vm, block, 0, &name) || !arg(vm, block, 1, &mode) ||
	    !arg(vm, block, 2, &len))
		return SEMI_ERROR;
	s = soft_ram(vm, name, len + 1);
	if (!s || len != 3 || memcmp(s, ":tt", 3))
		return SEMI_ERROR;
	return vm->next_handle++;
}

static u64 sys_write(struct soft_vm *vm, u64 block)
{
	u64 handle, buf, len;
	void *p;

	if (!arg(vm, block, 0, &handle) || !arg(vm, block, 1, &buf) ||
	    !arg(vm, block, 2, &len))
		return SEMI_ERROR;
	if (!is_console(vm, handle))
		return SEMI_ERROR;
	p = soft_ram(vm, buf, len);
	if (!p)
		return len;
	if (handle == 2) {
		fflush(stdout);
		fwrite(p, 1, len, stderr);
	} else {
		soft_output(vm, p, len);
	}
	return 0;
}

static u64 sys_write0(struct soft_vm *vm, u64 addr)
{
	char *s = soft_ram(vm, addr, 1);
	u64 max;

	if (!s)
		return SEMI_DEAD;
	max = vm->ram_size - (addr - vm->ram_base);
	soft_output(vm, s, strnlen(s, max));
	return SEMI_DEAD;
}

static u64 sys_read(struct soft_vm *vm, u64 block)
{
	u64 handle, buf, len;
	void *p;
	size_t n;

	if (!arg(vm, block, 0, &handle) || !arg(vm, block, 1, &buf) ||
	    !arg(vm, block, 2, &len))
		return SEMI_ERROR;
	p = soft_ram(vm, buf, len);
	if (!is_console(vm, handle) || !p)
		return SEMI_ERROR;
	fflush(stdout);
	n = fread(p, 1, len, stdin);
	return len - n;
}

/* Heap above the image, stack at the top of RAM. */
static u64 sys_heapinfo(struct soft_vm *vm, u64 block)
{
	u64 *p, top = vm->ram_base + vm->ram_size;
	u64 info[4];

	if (!arg(vm, block, 0, &info[0]))
		return SEMI_ERROR;
	p = soft_ram(vm, info[0], sizeof(info));
	if (!p)
		return SEMI_ERROR;
	info[0] = (vm->image_end + 15) & ~15ULL;
	info[1] = top - (1ULL << 20);
	info[2] = top;
	info[3] = top - (1ULL << 20);
	memcpy(p, info, sizeof(info));
	return 0;
}

/* A64 SYS_EXIT and SYS_EXIT_EXTENDED both take {reason, subcode}. */
static int sys_exit(struct soft_vm *vm, u64 block)
{
	u64 reason, subcode;

	if (!arg(vm, block, 0, &reason) || !arg(vm, block, 1, &subcode))
		return 1;
	if (reason != ADP_STOPPED_APPLICATION_EXIT)
		return 1;
	return (int)(subcode & 0xff);
}

/* Ticks of SYS_TICKFREQ since the program started (host CPU time). */
static u64 sys_elapsed(struct soft_vm *vm, u64 block)
{
	u64 *p = soft_ram(vm, block, 8);
	u64 ticks;

	if (!p)
		return SEMI_ERROR;
	ticks = (u64)clock() * (SOFT_CNTFRQ / CLOCKS_PER_SEC);
	memcpy(p, &ticks, 8);
	return 0;
}

int semihost_call(struct soft_vm *vm, struct xvm_vcpu *vcpu)
{
	struct a64_cpu *cpu = xvm_vcpu_cpu(vcpu);
	u64 op = (u32)cpu->x[0], a = cpu->x[1], ret = SEMI_ERROR;
	u8 *c;
	int ch;

	switch (op) {
	case SYS_OPEN:
		ret = sys_open(vm, a);
		break;
	case SYS_CLOSE:
		ret = 0;
		break;
	case SYS_WRITEC:
		c = soft_ram(vm, a, 1);
		if (c)
			soft_output(vm, c, 1);
		ret = SEMI_DEAD;
		break;
	case SYS_WRITE0:
		ret = sys_write0(vm, a);
		break;
	case SYS_WRITE:
		ret = sys_write(vm, a);
		break;
	case SYS_READ:
		ret = sys_read(vm, a);
		break;
	case SYS_READC:
		fflush(stdout);
		ch = getchar();
		ret = ch == EOF ? SEMI_ERROR : (u64)ch;
		break;
	case SYS_ISERROR:
		ret = (s64)a < 0;
		break;
	case SYS_ISTTY:
		ret = 0;
		if (arg(vm, a, 0, &ret))
			ret = is_console(vm, ret);
		break;
	case SYS_CLOCK:
		ret = (u64)clock() / (CLOCKS_PER_SEC / 100);
		break;
	case SYS_TIME:
		ret = (u64)time(NULL);
		break;
	case SYS_ERRNO:
		ret = 0;
		break;
	case SYS_HEAPINFO:
		ret = sys_heapinfo(vm, a);
		break;
	case SYS_EXIT:
	case SYS_EXIT_EXTENDED:
		fflush(stdout);
		return sys_exit(vm, a);
	case SYS_ELAPSED:
		ret = sys_elapsed(vm, a);
		break;
	case SYS_TICKFREQ:
		ret = SOFT_CNTFRQ;
		break;
	case SYS_FLEN:
	case SYS_GET_CMDLINE:
	default:
		ret = SEMI_ERROR;
		break;
	}
	cpu->x[0] = ret;
	return -1;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * loader.c - put a guest image into RAM the way QEMU's -kernel does for a
 * bare-metal program: an AArch64 ELF by its PT_LOAD program headers
 * (physical addresses) with its entry point, anything else as a raw image
 * at the load address, entered at its first byte.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "soft_priv.h"

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static bool fits(struct soft_vm *vm, u64 addr, u64 len)
{
	return soft_ram(vm, addr, len);
}

static int check_header(const Elf64_Ehdr *eh, size_t size, char *err,
			size_t errlen)
{
	if (size < sizeof(*eh))
		return fail(err, errlen, "truncated ELF header");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return fail(err, errlen,
			    "not a 64-bit little-endian ELF image");
	if (eh->e_machine != EM_AARCH64)
		return fail(err, errlen,
			    "not an AArch64 ELF image (e_machine %u)",
			    eh->e_machine);
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return fail(err, errlen, "ELF image is not executable");
	if (!eh->e_phnum || eh->e_phentsize != sizeof(Elf64_Phdr))
		return fail(err, errlen, "ELF image has no program headers");
	if (eh->e_phoff > size ||
	    (size - eh->e_phoff) / sizeof(Elf64_Phdr) < eh->e_phnum)
		return fail(err, errlen, "truncated ELF program headers");
	return 0;
}

static int load_elf(struct soft_vm *vm, const u8 *image, size_t size,
		    char *err, size_t errlen)
{
	const Elf64_Ehdr *eh = (const void *)image;
	const Elf64_Phdr *ph;
	unsigned int i, loaded = 0;
	u64 end = 0;

	if (check_header(eh, size, err, errlen))
		return -1;
	ph = (const void *)(image + eh->e_phoff);
	/* Validate everything before touching guest memory. */
	for (i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD || !ph[i].p_memsz)
			continue;
		if (ph[i].p_offset > size ||
		    ph[i].p_filesz > size - ph[i].p_offset)
			return fail(err, errlen, "truncated ELF segment %u", i);
		if (ph[i].p_filesz > ph[i].p_memsz)
			return fail(err, errlen, "bad ELF segment %u", i);
		if (!fits(vm, ph[i].p_paddr, ph[i].p_memsz))
			return fail(err, errlen,
				    "segment %u (0x%lx+0x%lx) does not fit in guest RAM",
				    i, ph[i].p_paddr, ph[i].p_memsz);
		loaded++;
	}
	if (!loaded)
		return fail(err, errlen, "ELF image has nothing to load");
	if (!fits(vm, eh->e_entry, 4))
		return fail(err, errlen, "entry point 0x%lx is outside guest RAM",
			    eh->e_entry);
	for (i = 0; i < eh->e_phnum; i++) {
		u8 *dst;

		if (ph[i].p_type != PT_LOAD || !ph[i].p_memsz)
			continue;
		dst = soft_ram(vm, ph[i].p_paddr, ph[i].p_memsz);
		memcpy(dst, image + ph[i].p_offset, ph[i].p_filesz);
		memset(dst + ph[i].p_filesz, 0,
		       ph[i].p_memsz - ph[i].p_filesz);
		if (ph[i].p_paddr + ph[i].p_memsz > end)
			end = ph[i].p_paddr + ph[i].p_memsz;
	}
	vm->image_end = end;
	xvm_vcpu_cpu(vm->vcpu)->pc = eh->e_entry;
	return 0;
}

int soft_load_buffer(struct soft_vm *vm, const void *image, size_t size,
		     u64 load_addr, char *err, size_t errlen)
{
	struct a64_cpu *cpu = xvm_vcpu_cpu(vm->vcpu);
	int r;

	if (!size)
		return fail(err, errlen, "empty image");
	a64_cpu_reset(cpu, load_addr);
	cpu->cntfrq_el0 = SOFT_CNTFRQ;
	if (size >= SELFMAG && !memcmp(image, ELFMAG, SELFMAG)) {
		r = load_elf(vm, image, size, err, errlen);
	} else {
		if (load_addr & 3)
			return fail(err, errlen,
				    "load address 0x%lx is not 4-byte aligned",
				    load_addr);
		if (!fits(vm, load_addr, size))
			return fail(err, errlen,
				    "image (%zu bytes at 0x%lx) does not fit in guest RAM",
				    size, load_addr);
		memcpy(soft_ram(vm, load_addr, size), image, size);
		vm->image_end = load_addr + size;
		r = 0;
	}
	if (!r)
		xvm_vcpu_invalidate(vm->vcpu, vm->ram_base, vm->ram_size);
	return r;
}

int soft_load_image(struct soft_vm *vm, const char *path, u64 load_addr,
		    char *err, size_t errlen)
{
	struct stat st;
	u8 *buf;
	ssize_t n;
	size_t got = 0;
	int fd, r;

	/* O_NONBLOCK: a FIFO or device must be refused, not waited on. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return fail(err, errlen, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return fail(err, errlen, "%s: not a regular file", path);
	}
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf) {
		close(fd);
		return fail(err, errlen, "%s: out of memory", path);
	}
	while (got < (size_t)st.st_size) {
		n = read(fd, buf + got, st.st_size - got);
		if (n <= 0)
			break;
		got += n;
	}
	close(fd);
	r = soft_load_buffer(vm, buf, got, load_addr, err, errlen);
	free(buf);
	return r;
}

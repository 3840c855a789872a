// SPDX-License-Identifier: GPL-2.0
/*
 * loader.c - recognise the kernel image and lay out guest memory.
 *
 * Three kinds of kernel: an AArch64 ELF, loaded by its program headers;
 * a Linux arm64 Image, placed as its boot protocol header asks (at a
 * 2 MiB aligned base plus text_offset); a raw binary at --load-addr.
 * The device tree takes a 2 MiB slot at the top of RAM, the initrd goes
 * right below it. Everything is checked before guest memory is touched:
 * each piece must lie in RAM and no two may overlap.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmctl.h"

/* The arm64 Image header (Documentation/arm64/booting.rst). */
#define IMAGE_HDR_SIZE		64
#define IMAGE_MAGIC_OFF		0x38
#define IMAGE_MAGIC		0x644d5241U	/* "ARM\x64" */
#define IMAGE_PE_OFF		0x3c
#define IMAGE_FLAG_BE		BIT(0)
#define IMAGE_OLD_TEXT_OFFSET	0x80000ULL	/* when image_size is 0 */

/* PE/COFF, as the EFI stub of an Image carries it. */
#define PE_COFF_HDR_SIZE	24		/* "PE\0\0" + file header */
#define PE_SECTION_SIZE		40
#define PE_MACHINE_ARM64	0xaa64

static u16 get16(const u8 *p)
{
	return p[0] | p[1] << 8;
}

static u32 get32(const u8 *p)
{
	return get16(p) | (u32)get16(p + 2) << 16;
}

static u64 get64(const u8 *p)
{
	return get32(p) | (u64)get32(p + 4) << 32;
}

int blob_read(struct blob *b, const char *path, const char *what)
{
	struct stat st;
	size_t got = 0;
	ssize_t n;
	int fd;

	b->path = path;
	/* O_NONBLOCK: a FIFO or a device is refused below, not waited on. */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		vmctl_err("cannot open %s '%s': %s", what, path,
			  strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		vmctl_err("%s '%s' is not a regular file", what, path);
		close(fd);
		return -1;
	}
	if (!st.st_size) {
		vmctl_err("%s '%s' is empty", what, path);
		close(fd);
		return -1;
	}
	b->data = malloc(st.st_size);
	if (!b->data) {
		vmctl_err("%s '%s': out of memory", what, path);
		close(fd);
		return -1;
	}
	while (got < (size_t)st.st_size) {
		n = read(fd, b->data + got, st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			vmctl_err("cannot read %s '%s': %s", what, path,
				  n ? strerror(errno) : "file shrank");
			close(fd);
			blob_free(b);
			return -1;
		}
		got += n;
	}
	close(fd);
	b->size = got;
	return 0;
}

void blob_free(struct blob *b)
{
	free(b->data);
	b->data = NULL;
	b->size = 0;
}

const char *image_kind_name(enum image_kind kind)
{
	switch (kind) {
	case IMAGE_ELF:
		return "AArch64 ELF";
	case IMAGE_LINUX:
		return "Linux arm64 Image";
	case IMAGE_RAW:
		return "raw binary";
	default:
		return "no image";
	}
}

static int add_chunk(struct boot *b, const char *what, u64 gpa,
		     const u8 *data, u64 filesz, u64 memsz)
{
	struct chunk *c;

	if (b->nr_chunks == BOOT_MAX_CHUNKS) {
		vmctl_err("kernel '%s' has more than %d segments to load",
			  b->kernel.path, BOOT_MAX_CHUNKS - 2);
		return -1;
	}
	c = &b->chunk[b->nr_chunks++];
	c->what = what;
	c->gpa = gpa;
	c->data = data;
	c->filesz = filesz;
	c->memsz = memsz;
	return 0;
}

/* With its article, for "kernel 'x' is an x86-64 ELF image". */
static const char *elf_machine_name(unsigned int machine)
{
	switch (machine) {
	case EM_X86_64:
		return "an x86-64";
	case EM_386:
		return "an i386";
	case EM_ARM:
		return "a 32-bit Arm";
	case EM_RISCV:
		return "a RISC-V";
	case EM_PPC64:
		return "a PowerPC 64";
	case EM_S390:
		return "an s390";
	default:
		return NULL;
	}
}

static int elf_header_ok(const struct boot *b, const Elf64_Ehdr *eh)
{
	const char *path = b->kernel.path, *name;
	unsigned int machine;

	if (b->kernel.size < sizeof(*eh)) {
		vmctl_err("kernel '%s': truncated ELF header", path);
		return -1;
	}
	/* e_machine has the same offset in 32-bit ELF headers. */
	machine = eh->e_machine;
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB) {
		vmctl_err("kernel '%s' is a big-endian ELF image, not AArch64",
			  path);
		return -1;
	}
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 || machine != EM_AARCH64) {
		name = elf_machine_name(machine);
		if (name)
			vmctl_err("kernel '%s' is %s ELF image, not AArch64",
				  path, name);
		else
			vmctl_err("kernel '%s' is a %s ELF image for machine %u, not AArch64",
				  path, eh->e_ident[EI_CLASS] == ELFCLASS64 ?
				  "64-bit" : "32-bit", machine);
		return -1;
	}
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN) {
		vmctl_err("kernel '%s' is an ELF %s, not an executable", path,
			  eh->e_type == ET_REL ? "object file" : "file");
		return -1;
	}
	if (!eh->e_phnum || eh->e_phentsize != sizeof(Elf64_Phdr) ||
	    eh->e_phoff > b->kernel.size ||
	    (b->kernel.size - eh->e_phoff) / sizeof(Elf64_Phdr) <
	    eh->e_phnum) {
		vmctl_err("kernel '%s': truncated or missing ELF program headers",
			  path);
		return -1;
	}
	return 0;
}

static int plan_elf(struct boot *b)
{
	const Elf64_Ehdr *eh = (const void *)b->kernel.data;
	const Elf64_Phdr *ph;
	unsigned int i, loads = 0;

	if (elf_header_ok(b, eh))
		return -1;
	ph = (const void *)(b->kernel.data + eh->e_phoff);
	for (i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD || !ph[i].p_memsz)
			continue;
		if (ph[i].p_offset > b->kernel.size ||
		    ph[i].p_filesz > b->kernel.size - ph[i].p_offset) {
			vmctl_err("kernel '%s': ELF segment %u is truncated",
				  b->kernel.path, i);
			return -1;
		}
		if (ph[i].p_filesz > ph[i].p_memsz) {
			vmctl_err("kernel '%s': ELF segment %u is larger in the file than in memory",
				  b->kernel.path, i);
			return -1;
		}
		if (add_chunk(b, "kernel", ph[i].p_paddr,
			      b->kernel.data + ph[i].p_offset,
			      ph[i].p_filesz, ph[i].p_memsz))
			return -1;
		loads++;
	}
	if (!loads) {
		vmctl_err("kernel '%s': the ELF image has nothing to load",
			  b->kernel.path);
		return -1;
	}
	b->kind = IMAGE_ELF;
	b->entry = eh->e_entry;
	return 0;
}

/*
 * The EFI stub's PE/COFF header, when the Image has one, says how many
 * bytes of the file its sections occupy: a shorter file was cut.
 */
static int image_pe_check(const struct boot *b)
{
	const u8 *d = b->kernel.data;
	size_t size = b->kernel.size;
	u32 pe = get32(d + IMAGE_PE_OFF), nsec, opt, i, sec, end;

	if (!pe || pe > size || size - pe < PE_COFF_HDR_SIZE ||
	    memcmp(d + pe, "PE\0\0", 4))
		return 0;	/* no EFI stub: nothing more to check */
	if (get16(d + pe + 4) != PE_MACHINE_ARM64) {
		vmctl_err("kernel '%s': its PE/COFF header is for machine 0x%x, not arm64",
			  b->kernel.path, get16(d + pe + 4));
		return -1;
	}
	nsec = get16(d + pe + 6);
	opt = get16(d + pe + 20);
	sec = pe + PE_COFF_HDR_SIZE + opt;
	if (sec > size || (size - sec) / PE_SECTION_SIZE < nsec) {
		vmctl_err("kernel '%s': truncated Linux Image (%zu bytes end inside its PE/COFF header)",
			  b->kernel.path, size);
		return -1;
	}
	for (i = 0; i < nsec; i++, sec += PE_SECTION_SIZE) {
		end = get32(d + sec + 20) + get32(d + sec + 16);
		if (end > size) {
			vmctl_err("kernel '%s': truncated Linux Image (%zu bytes, its sections need %u)",
				  b->kernel.path, size, end);
			return -1;
		}
	}
	return 0;
}

static int plan_image(struct boot *b)
{
	const u8 *d = b->kernel.data;
	u64 text_offset, image_size, flags, base;

	if (b->kernel.size < IMAGE_HDR_SIZE) {
		vmctl_err("kernel '%s': truncated Linux Image (%zu bytes, the header alone is %d)",
			  b->kernel.path, b->kernel.size, IMAGE_HDR_SIZE);
		return -1;
	}
	text_offset = get64(d + 8);
	image_size = get64(d + 16);
	flags = get64(d + 24);
	if (flags & IMAGE_FLAG_BE) {
		vmctl_err("kernel '%s' is a big-endian Linux Image; xvm runs little-endian guests",
			  b->kernel.path);
		return -1;
	}
	if (!image_size) {
		/* Before Linux 3.17: text_offset was not filled in. */
		text_offset = IMAGE_OLD_TEXT_OFFSET;
		image_size = b->kernel.size;
	}
	if (text_offset & 3 || text_offset >= b->ram_size) {
		vmctl_err("kernel '%s': bad text_offset 0x%lx in the Image header",
			  b->kernel.path, text_offset);
		return -1;
	}
	if (image_pe_check(b))
		return -1;
	if (image_size < b->kernel.size)
		image_size = b->kernel.size;
	base = align_up(b->ram_base, SZ_2M);
	b->kind = IMAGE_LINUX;
	b->entry = base + text_offset;
	return add_chunk(b, "kernel", b->entry, d, b->kernel.size,
			 image_size);
}

/* Formats we can name, to say why a file is refused. */
static int plan_foreign(const struct boot *b)
{
	const u8 *d = b->kernel.data;
	const char *path = b->kernel.path;
	size_t size = b->kernel.size;

	if (size >= 2 && d[0] == 0x1f && d[1] == 0x8b) {
		vmctl_err("kernel '%s' is gzip-compressed: decompress it first (gunzip -c '%s' > Image)",
			  path, path);
		return -1;
	}
	if (size >= 0x206 && !memcmp(d + 0x202, "HdrS", 4)) {
		vmctl_err("kernel '%s' is an x86 Linux kernel (bzImage), not an arm64 one",
			  path);
		return -1;
	}
	if (size >= 2 && d[0] == 'M' && d[1] == 'Z') {
		if (size < IMAGE_HDR_SIZE)
			vmctl_err("kernel '%s': truncated Linux Image (%zu bytes, the header alone is %d)",
				  path, size, IMAGE_HDR_SIZE);
		else
			vmctl_err("kernel '%s' is a PE/COFF executable without the Linux arm64 Image header",
				  path);
		return -1;
	}
	return 0;
}

static int plan_kernel(struct boot *b)
{
	const u8 *d = b->kernel.data;
	size_t size = b->kernel.size;
	const char *what = NULL;

	if (size >= SELFMAG && !memcmp(d, ELFMAG, SELFMAG)) {
		what = "an AArch64 ELF (loaded by its program headers)";
		if (!b->has_load_addr)
			return plan_elf(b);
	} else if (size >= IMAGE_MAGIC_OFF + 4 &&
		   get32(d + IMAGE_MAGIC_OFF) == IMAGE_MAGIC) {
		what = "a Linux arm64 Image (placed by its header)";
		if (!b->has_load_addr)
			return plan_image(b);
	}
	if (what) {
		vmctl_err("--load-addr is for raw binaries; '%s' is %s",
			  b->kernel.path, what);
		return -1;
	}
	if (plan_foreign(b))
		return -1;
	if (!b->has_load_addr) {
		vmctl_err("kernel '%s' is neither an AArch64 ELF nor a Linux arm64 Image (give --load-addr to load a raw binary)",
			  b->kernel.path);
		return -1;
	}
	if (b->load_addr & 3) {
		vmctl_err("--load-addr 0x%lx is not 4-byte aligned",
			  b->load_addr);
		return -1;
	}
	b->kind = IMAGE_RAW;
	b->entry = b->load_addr;
	return add_chunk(b, "kernel", b->load_addr, d, size, size);
}

int boot_plan(struct boot *b)
{
	u64 room;

	b->nr_chunks = 0;
	b->dtb_addr = align_down(b->ram_base + b->ram_size - DTB_MAX_SIZE,
				 SZ_2M);
	if (b->kernel.data && plan_kernel(b))
		return -1;
	if (!b->initrd.data)
		return 0;
	room = b->dtb_addr - b->ram_base;
	if (b->initrd.size > room) {
		vmctl_err("initrd '%s' (%zu bytes) does not fit in guest RAM below the device tree at 0x%lx (--mem %lu MiB)",
			  b->initrd.path, b->initrd.size, b->dtb_addr,
			  b->ram_size >> 20);
		return -1;
	}
	b->initrd_start = align_down(b->dtb_addr - b->initrd.size, 4096);
	return add_chunk(b, "initrd", b->initrd_start, b->initrd.data,
			 b->initrd.size, b->initrd.size);
}

static const char *chunk_name(const struct boot *b, const struct chunk *c,
			      char *buf, size_t len)
{
	const char *path = NULL;

	if (!strcmp(c->what, "kernel"))
		path = b->kernel.path;
	else if (!strcmp(c->what, "initrd"))
		path = b->initrd.path;
	else if (b->dtb_file.data)
		path = b->dtb_file.path;
	if (path)
		snprintf(buf, len, "%s '%s' (0x%lx-0x%lx)", c->what, path,
			 c->gpa, c->gpa + c->memsz);
	else
		snprintf(buf, len, "%s (0x%lx-0x%lx)", c->what, c->gpa,
			 c->gpa + c->memsz);
	return buf;
}

static bool in_ram(const struct boot *b, u64 gpa, u64 len)
{
	return gpa >= b->ram_base && gpa - b->ram_base <= b->ram_size &&
	       len <= b->ram_size - (gpa - b->ram_base);
}

int boot_check(struct boot *b)
{
	char n1[512], n2[512];
	const struct chunk *c, *d;
	unsigned int i, j;

	if (add_chunk(b, "device tree", b->dtb_addr, b->dtb, fdt_size(b),
		      fdt_size(b)))
		return -1;
	for (i = 0; i < b->nr_chunks; i++) {
		c = &b->chunk[i];
		if (!in_ram(b, c->gpa, c->memsz)) {
			vmctl_err("%s does not fit in guest RAM 0x%lx-0x%lx (--mem %lu MiB)",
				  chunk_name(b, c, n1, sizeof(n1)),
				  b->ram_base, b->ram_base + b->ram_size,
				  b->ram_size >> 20);
			return -1;
		}
	}
	for (i = 0; i < b->nr_chunks; i++) {
		c = &b->chunk[i];
		for (j = i + 1; j < b->nr_chunks; j++) {
			d = &b->chunk[j];
			if (c->gpa >= d->gpa + d->memsz ||
			    d->gpa >= c->gpa + c->memsz)
				continue;
			vmctl_err("%s overlaps %s",
				  chunk_name(b, c, n1, sizeof(n1)),
				  chunk_name(b, d, n2, sizeof(n2)));
			return -1;
		}
	}
	if (b->kernel.data && !in_ram(b, b->entry, 4)) {
		vmctl_err("kernel '%s': entry point 0x%lx is outside guest RAM",
			  b->kernel.path, b->entry);
		return -1;
	}
	return 0;
}

void boot_copy(const struct boot *b, u8 *ram)
{
	const struct chunk *c;
	unsigned int i;

	for (i = 0; i < b->nr_chunks; i++) {
		c = &b->chunk[i];
		memcpy(ram + (c->gpa - b->ram_base), c->data, c->filesz);
		memset(ram + (c->gpa - b->ram_base) + c->filesz, 0,
		       c->memsz - c->filesz);
	}
}

u64 boot_image_end(const struct boot *b)
{
	u64 end = b->ram_base;
	unsigned int i;

	for (i = 0; i < b->nr_chunks; i++)
		if (!strcmp(b->chunk[i].what, "kernel") &&
		    b->chunk[i].gpa + b->chunk[i].memsz > end)
			end = b->chunk[i].gpa + b->chunk[i].memsz;
	return end;
}

void boot_print(const struct boot *b, FILE *f)
{
	char name[512];
	unsigned int i;

	fprintf(f, "vmctl: RAM 0x%lx-0x%lx (%lu MiB)\n", b->ram_base,
		b->ram_base + b->ram_size, b->ram_size >> 20);
	for (i = 0; i < b->nr_chunks; i++)
		fprintf(f, "vmctl: %s\n",
			chunk_name(b, &b->chunk[i], name, sizeof(name)));
	if (b->kernel.data)
		fprintf(f, "vmctl: %s, entry 0x%lx, x0 = 0x%lx\n",
			image_kind_name(b->kind), b->entry, b->dtb_addr);
}

void boot_free(struct boot *b)
{
	blob_free(&b->kernel);
	blob_free(&b->initrd);
	blob_free(&b->dtb_file);
	free(b->dtb);
	b->dtb = NULL;
}

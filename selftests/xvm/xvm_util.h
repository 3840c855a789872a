/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xvm_util.h - a small library for the xvm kselftests, after KVM's
 * selftests kvm_util: open /dev/xvm, create VMs and vCPUs, give a VM
 * memory, map a vCPU's run area, service its rings, and write programs
 * for the selftest backend's guest (module/core/selftest_guest.h).
 *
 * Functions return -errno (or a negative value) on failure and never
 * exit, so that tests can check the errors themselves.
 */
#ifndef XVM_SELFTEST_XVM_UTIL_H
#define XVM_SELFTEST_XVM_UTIL_H

#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <linux/xvm.h>
#include <linux/xvm_netlink.h>
#include "module_util.h"
#include "../../module/core/selftest_guest.h"

/* Where the tests put guest RAM: QEMU virt's RAM base. */
#define TEST_RAM_GPA		0x40000000ULL
/* A device page the tests register as an I/O range. */
#define TEST_DEV_GPA		0x09000000ULL

/* ---- module --------------------------------------------------------- */

/* The current value of module parameter @name, or "" if none. */
static inline void xvm_param_read(const char *name, char *buf, size_t len)
{
	char path[128];
	FILE *f;

	buf[0] = 0;
	snprintf(path, sizeof(path), "/sys/module/xvm/parameters/%s", name);
	f = fopen(path, "r");
	if (!f)
		return;
	if (!fgets(buf, len, f))
		buf[0] = 0;
	buf[strcspn(buf, "\n")] = 0;
	fclose(f);
}

/* 0 or -errno. */
static inline int xvm_param_write(const char *name, const char *val)
{
	char path[128];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "/sys/module/xvm/parameters/%s", name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) != (ssize_t)strlen(val))
		ret = -errno;
	close(fd);
	return ret;
}

/*
 * Make sure xvm is loaded with the selftest backend on or off, reloading
 * it if needed (which fails if something holds it). 0 or -errno.
 */
static inline int xvm_require_module(bool selftest_backend)
{
	char val[16];

	if (xvm_module_loaded()) {
		xvm_param_read("selftest_backend", val, sizeof(val));
		if ((val[0] == 'Y') == selftest_backend)
			return 0;
		if (xvm_module_unload())
			return -EBUSY;
	}
	return xvm_module_load_params(selftest_backend ?
				      "selftest_backend=1" : "");
}

/* ---- VMs and vCPUs -------------------------------------------------- */

static inline int xvm_ioctl(int fd, unsigned long cmd, const void *arg)
{
	return ioctl(fd, cmd, arg) < 0 ? -errno : 0;
}

/* A new VM fd, or -errno. */
static inline int xvm_create_vm(int sys_fd, unsigned long flags)
{
	int fd = ioctl(sys_fd, XVM_CREATE_VM, flags);

	return fd < 0 ? -errno : fd;
}

/* Open /dev/xvm, create a VM and close /dev/xvm: the VM fd or -errno. */
static inline int xvm_new_vm(void)
{
	int sys = xvm_open_dev(), vm;

	if (sys < 0)
		return sys;
	vm = xvm_create_vm(sys, XVM_VM_BACKEND_AUTO);
	close(sys);
	return vm;
}

static inline int xvm_create_vcpu(int vm_fd, unsigned long id)
{
	int fd = ioctl(vm_fd, XVM_CREATE_VCPU, id);

	return fd < 0 ? -errno : fd;
}

static inline int xvm_set_mem(int vm_fd, uint32_t slot, uint32_t flags,
			      uint64_t gpa, uint64_t size, void *uaddr)
{
	struct xvm_memory_region mr = {
		.slot = slot,
		.flags = flags,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uintptr_t)uaddr,
	};

	return xvm_ioctl(vm_fd, XVM_SET_MEMORY_REGION, &mr);
}

static inline int xvm_io_range(int vm_fd, bool reg, uint64_t gpa,
			       uint64_t size, uint64_t cookie)
{
	struct xvm_io_range r = {
		.guest_phys_addr = gpa,
		.size = size,
		.cookie = cookie,
	};

	return xvm_ioctl(vm_fd, reg ? XVM_REGISTER_IO_RANGE :
			 XVM_UNREGISTER_IO_RANGE, &r);
}

static inline int xvm_stats(int vm_fd, struct xvm_vm_stats *st)
{
	memset(st, 0xa5, sizeof(*st));
	return xvm_ioctl(vm_fd, XVM_GET_STATS, st);
}

/* Anonymous read-write memory for guest RAM, or NULL. */
static inline void *xvm_alloc_mem(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

static inline long xvm_cap(long cap)
{
	int sys = xvm_open_dev();
	long ret;

	if (sys < 0)
		return sys;
	ret = ioctl(sys, XVM_CHECK_EXTENSION, cap);
	close(sys);
	return ret;
}

/* The vCPU's run area, mapped whole; NULL on failure (errno set). */
static inline struct xvm_run *xvm_map_run(int vcpu_fd)
{
	long size = xvm_cap(XVM_CAP_VCPU_MMAP_SIZE);
	void *p;

	if (size <= 0)
		return NULL;
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu_fd, 0);
	return p == MAP_FAILED ? NULL : p;
}

static inline void xvm_unmap_run(struct xvm_run *run)
{
	munmap(run, xvm_cap(XVM_CAP_VCPU_MMAP_SIZE));
}

/* XVM_RUN: 0 or -errno. */
static inline int xvm_run(int vcpu_fd)
{
	return ioctl(vcpu_fd, XVM_RUN, 0) < 0 ? -errno : 0;
}

static inline int xvm_get_regs(int vcpu_fd, struct xvm_regs *regs)
{
	return xvm_ioctl(vcpu_fd, XVM_GET_REGS, regs);
}

static inline int xvm_set_regs(int vcpu_fd, const struct xvm_regs *regs)
{
	return xvm_ioctl(vcpu_fd, XVM_SET_REGS, regs);
}

static inline int xvm_get_reg(int vcpu_fd, uint64_t id, void *val)
{
	struct xvm_one_reg r = { .id = id, .addr = (uintptr_t)val };

	return xvm_ioctl(vcpu_fd, XVM_GET_ONE_REG, &r);
}

static inline int xvm_set_reg(int vcpu_fd, uint64_t id, const void *val)
{
	struct xvm_one_reg r = { .id = id, .addr = (uintptr_t)val };

	return xvm_ioctl(vcpu_fd, XVM_SET_ONE_REG, &r);
}

/* ---- the rings, userland's side ------------------------------------- */

static inline struct xvm_io_request *xvm_req_entries(struct xvm_run *run)
{
	return (void *)((char *)run + run->req_offset);
}

static inline struct xvm_io_completion *xvm_cpl_entries(struct xvm_run *run)
{
	return (void *)((char *)run + run->cpl_offset);
}

/* Take the oldest request; false if there is none. */
static inline bool xvm_pop_request(struct xvm_run *run,
				   struct xvm_io_request *req)
{
	uint32_t tail = run->req.tail;	/* ours: we are the consumer */
	uint32_t head = __atomic_load_n(&run->req.head, __ATOMIC_ACQUIRE);

	if (head == tail)
		return false;
	*req = xvm_req_entries(run)[tail & (run->ring_entries - 1)];
	__atomic_store_n(&run->req.tail, tail + 1, __ATOMIC_RELEASE);
	return true;
}

/* Requests on the ring not taken yet. */
static inline uint32_t xvm_requests_pending(struct xvm_run *run)
{
	return __atomic_load_n(&run->req.head, __ATOMIC_ACQUIRE) -
	       run->req.tail;
}

/* Put a completion; false if the ring is full. */
static inline bool xvm_push_completion(struct xvm_run *run, uint32_t seq,
				       uint64_t data, uint32_t flags)
{
	uint32_t head = run->cpl.head;	/* ours: we are the producer */
	uint32_t tail = __atomic_load_n(&run->cpl.tail, __ATOMIC_ACQUIRE);
	struct xvm_io_completion *c;

	if (head - tail == run->ring_entries)
		return false;
	c = &xvm_cpl_entries(run)[head & (run->ring_entries - 1)];
	c->data = data;
	c->seq = seq;
	c->flags = flags;
	__atomic_store_n(&run->cpl.head, head + 1, __ATOMIC_RELEASE);
	return true;
}

/* ---- programs for the selftest backend's guest ----------------------- */

struct tg_prog {
	struct xvm_tg_insn *code;	/* in the guest RAM mapping */
	uint64_t gpa;			/* guest address of code[0] */
	unsigned int n;
};

/* Emit one instruction; returns its guest address. */
static inline uint64_t tg_emit(struct tg_prog *p, uint8_t op, uint8_t reg,
			       uint8_t size, uint64_t addr, uint64_t imm)
{
	struct xvm_tg_insn *i = &p->code[p->n];

	memset(i, 0, sizeof(*i));
	i->op = op;
	i->reg = reg;
	i->size = size;
	i->addr = addr;
	i->imm = imm;
	return p->gpa + (uint64_t)p->n++ * sizeof(*i);
}

static inline uint64_t tg_pc(const struct tg_prog *p)
{
	return p->gpa + (uint64_t)p->n * sizeof(struct xvm_tg_insn);
}

#define tg_mov(p, r, v)		tg_emit(p, XVM_TG_MOV, r, 0, 0, v)
#define tg_add(p, r, v)		tg_emit(p, XVM_TG_ADD, r, 0, 0, v)
#define tg_bne(p, r, v, to)	tg_emit(p, XVM_TG_BNE, r, 0, to, v)
#define tg_load(p, r, sz, a)	tg_emit(p, XVM_TG_LOAD, r, sz, a, 0)
#define tg_store(p, r, sz, a)	tg_emit(p, XVM_TG_STORE, r, sz, a, 0)
#define tg_spin(p)		tg_emit(p, XVM_TG_SPIN, 0, 0, 0, 0)
#define tg_hvc(p, imm)		tg_emit(p, XVM_TG_HVC, 0, 0, 0, imm)
#define tg_event(p, type)	tg_emit(p, XVM_TG_EVENT, 0, 0, 0, type)

/* ---- system counters ------------------------------------------------ */

/* A value from /proc/meminfo in kB, or -1. */
static inline long meminfo_kb(const char *key)
{
	char line[256];
	long val = -1;
	size_t len = strlen(key);
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, len) && line[len] == ':') {
			val = strtol(line + len + 1, NULL, 10);
			break;
		}
	fclose(f);
	return val;
}

/* A counter from /proc/vmstat, or -1. */
static inline long long vmstat_value(const char *key)
{
	char name[128];
	long long val;
	long long found = -1;
	FILE *f = fopen("/proc/vmstat", "r");

	if (!f)
		return -1;
	while (fscanf(f, "%127s %lld", name, &val) == 2)
		if (!strcmp(name, key)) {
			found = val;
			break;
		}
	fclose(f);
	return found;
}

/*
 * The vmstat counters are kept per CPU and folded lazily: writing
 * /proc/sys/vm/stat_refresh (root) folds them now.
 */
static inline void vmstat_refresh(void)
{
	int fd = open("/proc/sys/vm/stat_refresh", O_WRONLY | O_CLOEXEC);

	if (fd >= 0) {
		if (write(fd, "1", 1) < 0)
			perror("stat_refresh");
		close(fd);
	}
}

/* Pins held now, system-wide. */
static inline long long pins_held(void)
{
	vmstat_refresh();
	return vmstat_value("nr_foll_pin_acquired") -
	       vmstat_value("nr_foll_pin_released");
}

#endif /* XVM_SELFTEST_XVM_UTIL_H */

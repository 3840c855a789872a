/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * xvm.h - user-space API of xvm, the AArch64-on-x86-64 hypervisor module.
 *
 * Documentation/api.rst describes every ioctl, its argument, its return
 * value and its errors. The API is a tree of file descriptors, as KVM's:
 * /dev/xvm (system) -> VM fd -> vCPU fd. Features are discovered with
 * XVM_CHECK_EXTENSION, never by comparing versions; XVM_API_VERSION only
 * changes if the API breaks, which it must not.
 */
#ifndef _UAPI_LINUX_XVM_H
#define _UAPI_LINUX_XVM_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define XVM_API_VERSION		1

/* The ioctl magic; 0xE7 is unclaimed in the kernel's ioctl-number list. */
#define XVMIO			0xE7

/*
 * ioctl number ranges: 0x00-0x1f system fd, 0x20-0x5f VM fd,
 * 0x60-0x9f vCPU fd. Numbers are never reused.
 */

/* System ioctls (/dev/xvm). Their argument must be 0 unless stated. */
#define XVM_GET_API_VERSION	_IO(XVMIO, 0x00)
#define XVM_CHECK_EXTENSION	_IO(XVMIO, 0x01)	/* arg: XVM_CAP_* */
#define XVM_CREATE_VM		_IO(XVMIO, 0x02)	/* arg: XVM_VM_* flags */

/* VM ioctls (a VM fd). */
#define XVM_CREATE_VCPU		_IO(XVMIO, 0x20)	/* arg: vCPU id */
#define XVM_SET_MEMORY_REGION	_IOW(XVMIO, 0x21, struct xvm_memory_region)
#define XVM_IRQ_LINE		_IOW(XVMIO, 0x22, struct xvm_irq_line)
#define XVM_REGISTER_IO_RANGE	_IOW(XVMIO, 0x23, struct xvm_io_range)
#define XVM_UNREGISTER_IO_RANGE	_IOW(XVMIO, 0x24, struct xvm_io_range)
#define XVM_GET_STATS		_IOR(XVMIO, 0x25, struct xvm_vm_stats)
#define XVM_GET_SPI_STATE	_IOWR(XVMIO, 0x26, struct xvm_spi_state)

/* vCPU ioctls (a vCPU fd). */
#define XVM_RUN			_IO(XVMIO, 0x60)
#define XVM_GET_REGS		_IOR(XVMIO, 0x61, struct xvm_regs)
#define XVM_SET_REGS		_IOW(XVMIO, 0x62, struct xvm_regs)
#define XVM_GET_ONE_REG		_IOW(XVMIO, 0x63, struct xvm_one_reg)
#define XVM_SET_ONE_REG		_IOW(XVMIO, 0x64, struct xvm_one_reg)
#define XVM_GET_REG_LIST	_IOWR(XVMIO, 0x65, struct xvm_reg_list)

/*
 * Capabilities for XVM_CHECK_EXTENSION. An unknown capability returns 0,
 * so every answer that means "known" is non-zero.
 */
#define XVM_CAP_BACKENDS	1	/* mask of XVM_BACKEND_* usable now */
#define XVM_CAP_VMX		2	/* XVM_HW_* status of Intel VMX + EPT */
#define XVM_CAP_SVM		3	/* XVM_HW_* status of AMD SVM + NPT */
#define XVM_CAP_MAX_VCPUS	4	/* vCPUs per VM; ids 0 .. n-1 */
#define XVM_CAP_MAX_MEM_SLOTS	5	/* memory slots per VM */
#define XVM_CAP_MAX_MEMORY_MB	6	/* guest RAM per VM, MiB (tunable) */
#define XVM_CAP_RING_ENTRIES	7	/* entries in each I/O ring */
#define XVM_CAP_GIC_VERSIONS	8	/* mask of XVM_GIC_* */
#define XVM_CAP_VCPU_MMAP_SIZE	9	/* bytes of a vCPU fd's mapping */
#define XVM_CAP_NR_SPIS		10	/* SPIs of the interrupt controller */
#define XVM_CAP_MAX_IO_RANGES	11	/* I/O ranges per VM */
#define XVM_CAP_IPA_BITS	12	/* guest-physical address bits */
#define XVM_CAP_RUNS_A64	13	/* VMX/SVM VMs run AArch64 code now */

/* Hardware backends, as bits in the XVM_CAP_BACKENDS answer. */
#define XVM_BACKEND_VMX		(1U << 0)	/* Intel VT-x with EPT */
#define XVM_BACKEND_SVM		(1U << 1)	/* AMD-V with nested paging */

/*
 * Status of one hardware backend on this host (XVM_CAP_VMX, XVM_CAP_SVM).
 * The module also names the reason in one dmesg line when it loads.
 */
#define XVM_HW_USABLE		1	/* present, enabled, free: usable */
#define XVM_HW_ABSENT		2	/* the CPU does not report it (CPUID) */
#define XVM_HW_DISABLED		3	/* disabled by the firmware (BIOS lock) */
#define XVM_HW_NO_NESTED_PAGING	4	/* no usable EPT / NPT */
#define XVM_HW_IN_USE		5	/* another hypervisor owns it (e.g. KVM) */
#define XVM_HW_INCOMPLETE	6	/* lacks another control xvm requires */

/* Interrupt controller models, as bits in the XVM_CAP_GIC_VERSIONS answer. */
#define XVM_GIC_V2		(1U << 0)
#define XVM_GIC_V3		(1U << 1)

/*
 * XVM_CREATE_VM flags: which backend runs the VM. 0 lets the module choose
 * (VMX, else SVM); one XVM_BACKEND_* bit asks for that backend.
 */
#define XVM_VM_BACKEND_AUTO	0
#define XVM_VM_BACKEND_MASK	(XVM_BACKEND_VMX | XVM_BACKEND_SVM)

/* ---- VM fd ---------------------------------------------------------- */

/*
 * XVM_SET_MEMORY_REGION: guest RAM. @userspace_addr .. + @memory_size of
 * the caller's memory (anonymous, shmem or hugetlbfs) is pinned and seen
 * by the guest at @guest_phys_addr. All three are multiples of 4 KiB.
 * A @memory_size of 0 deletes the slot.
 */
struct xvm_memory_region {
	__u32 slot;		/* 0 .. XVM_CAP_MAX_MEM_SLOTS - 1 */
	__u32 flags;		/* XVM_MEM_* */
	__u64 guest_phys_addr;
	__u64 memory_size;
	__u64 userspace_addr;
};

/* The guest may only read the slot; its writes reach userland as MMIO. */
#define XVM_MEM_READONLY	(1U << 0)

/* XVM_IRQ_LINE: drive the input line of one shared peripheral interrupt. */
struct xvm_irq_line {
	__u32 spi;		/* SPI number: GIC INTID - 32 */
	__u32 level;		/* 1 asserted, 0 deasserted */
};

/* XVM_GET_SPI_STATE: the interrupt controller's view of one SPI. */
struct xvm_spi_state {
	__u32 spi;		/* in */
	__u32 state;		/* out: XVM_SPI_* */
};

#define XVM_SPI_LEVEL		(1U << 0)	/* the input line is high */
#define XVM_SPI_PENDING		(1U << 1)	/* the interrupt is pending */

/*
 * XVM_REGISTER_IO_RANGE: guest accesses to [@guest_phys_addr, + @size)
 * become requests on the accessing vCPU's ring, tagged with @cookie.
 * XVM_UNREGISTER_IO_RANGE takes the same address and size back.
 */
struct xvm_io_range {
	__u64 guest_phys_addr;
	__u64 size;
	__u64 cookie;		/* copied into each request; any value */
	__u32 flags;		/* must be 0 */
	__u32 pad;		/* must be 0 */
};

/* Exit reasons counted in struct xvm_vm_stats; also its array size. */
#define XVM_NR_EXIT_REASONS	32

/* XVM_GET_STATS: counters of one VM, as the netlink family reports them. */
struct xvm_vm_stats {
	__u32 id;		/* the VM's id, unique while xvm is loaded */
	__u32 backend;		/* XVM_BACKEND_* */
	__u32 state;		/* XVM_VM_STATE_* of linux/xvm_netlink.h */
	__u32 nr_vcpus;
	__u64 mem_bytes;	/* guest RAM in memory slots */
	__u64 translations;	/* blocks translated */
	__u64 code_cache_bytes;	/* translated code held */
	__u64 guest_insns;	/* guest instructions run, where counted */
	__u64 io_requests;	/* requests put on the vCPUs' rings */
	__u64 io_completions;	/* completions taken from the rings */
	__u64 exits[XVM_NR_EXIT_REASONS];	/* XVM_RUN returns, by reason */
	__u64 vm_entries;	/* hardware backends: entries into the VM */
	__u64 reserved[13];	/* 0; later counters go here */
};

/* ---- vCPU fd: registers --------------------------------------------- */

/* XVM_GET_REGS, XVM_SET_REGS: the core registers. */
struct xvm_regs {
	__u64 x[31];		/* x0 .. x30 */
	__u64 sp_el0;
	__u64 sp_el1;
	__u64 pc;
	__u64 pstate;		/* as in SPSR_EL1; AArch64 EL0t, EL1t, EL1h */
};

/* XVM_GET_ONE_REG, XVM_SET_ONE_REG: one register by id, through @addr. */
struct xvm_one_reg {
	__u64 id;		/* XVM_REG_* */
	__u64 addr;		/* user pointer to the value (size from @id) */
};

/* XVM_GET_REG_LIST: the ids XVM_GET_ONE_REG knows. */
struct xvm_reg_list {
	__u64 n;		/* in: room in @reg; out: number of ids */
	__u64 reg[];
};

/*
 * Register ids, laid out as KVM's arm64 ones: bits 63:56 architecture,
 * 55:52 log2 of the size in bytes, 51:32 zero, 31:16 group, 15:0 index.
 */
#define XVM_REG_ARCH_MASK	0xff00000000000000ULL
#define XVM_REG_ARM64		0x6000000000000000ULL
#define XVM_REG_SIZE_SHIFT	52
#define XVM_REG_SIZE_MASK	0x00f0000000000000ULL
#define XVM_REG_SIZE_U64	0x0030000000000000ULL
#define XVM_REG_SIZE_U128	0x0040000000000000ULL
#define XVM_REG_RESERVED_MASK	0x000fffff00000000ULL
#define XVM_REG_GROUP_MASK	0x00000000ffff0000ULL
#define XVM_REG_INDEX_MASK	0x000000000000ffffULL

/* System registers (64 bits), by their MRS/MSR encoding. */
#define XVM_REG_ARM64_SYSREG	(0x0013ULL << 16)
#define XVM_REG_SYSREG(op0, op1, crn, crm, op2)				\
	(XVM_REG_ARM64 | XVM_REG_SIZE_U64 | XVM_REG_ARM64_SYSREG |	\
	 ((__u64)(op0) << 14) | ((__u64)(op1) << 11) |			\
	 ((__u64)(crn) << 7) | ((__u64)(crm) << 3) | (__u64)(op2))

/* FP/SIMD registers V0 .. V31 (128 bits, little-endian). */
#define XVM_REG_ARM64_FPSIMD	(0x0014ULL << 16)
#define XVM_REG_FPSIMD_V(n)						\
	(XVM_REG_ARM64 | XVM_REG_SIZE_U128 | XVM_REG_ARM64_FPSIMD |	\
	 ((__u64)(n) & 0x1f))

/* ---- vCPU fd: the shared run area ----------------------------------- */

/*
 * mmap() of a vCPU fd (MAP_SHARED, offset 0, up to XVM_CAP_VCPU_MMAP_SIZE
 * bytes) gives struct xvm_run at offset 0 and the two I/O rings at the
 * offsets it names. Documentation/api.rst describes the protocol.
 */

/* Exit reasons: why XVM_RUN returned (struct xvm_run.exit_reason). */
#define XVM_EXIT_UNKNOWN		0
#define XVM_EXIT_INTR			1	/* signal or immediate_exit */
#define XVM_EXIT_UNCLAIMED_MMIO		2	/* run->mmio */
#define XVM_EXIT_IO			3	/* run->io: the vCPU waits */
#define XVM_EXIT_SYSTEM_EVENT		4	/* run->system_event */
#define XVM_EXIT_HYPERCALL		5	/* run->hypercall */
#define XVM_EXIT_FAIL_ENTRY		6	/* run->fail_entry */
#define XVM_EXIT_INTERNAL_ERROR		7	/* run->internal */

/* run->io.reason */
#define XVM_IO_WAIT_COMPLETION	1	/* a read waits for its completion */
#define XVM_IO_WAIT_SPACE	2	/* the request ring is full */

/* run->system_event.type */
#define XVM_SYSTEM_EVENT_SHUTDOWN	1
#define XVM_SYSTEM_EVENT_RESET		2
#define XVM_SYSTEM_EVENT_CRASH		3

/* run->hypercall.kind */
#define XVM_HYPERCALL_HVC	1
#define XVM_HYPERCALL_SMC	2
#define XVM_HYPERCALL_SEMIHOST	3

/* run->internal.suberror */
#define XVM_INTERNAL_ERROR_EMULATION	1	/* an instruction it cannot run */
#define XVM_INTERNAL_ERROR_BACKEND	2	/* the backend failed */

/* The indices of one ring; head and tail sit in cache lines of their own. */
struct xvm_ring_index {
	__u32 head;		/* written by the producer only */
	__u32 pad0[15];
	__u32 tail;		/* written by the consumer only */
	__u32 pad1[15];
};

struct xvm_run {
	/* in: set by userland */
	__u8 immediate_exit;	/* XVM_RUN returns EINTR before entering */
	__u8 pad0[7];

	/* out: set by XVM_RUN */
	__u32 exit_reason;	/* XVM_EXIT_* */
	__u32 pad1;

	/* the rings, fixed for the vCPU's life */
	__u32 ring_entries;	/* entries per ring, a power of two */
	__u32 req_offset;	/* struct xvm_io_request[ring_entries] */
	__u32 cpl_offset;	/* struct xvm_io_completion[ring_entries] */
	__u32 pad2;

	union {
		/* XVM_EXIT_UNCLAIMED_MMIO */
		struct {
			__u64 phys_addr;
			__u64 data;	/* read: userland puts the value here */
			__u32 len;	/* 1, 2, 4 or 8 */
			__u8 is_write;
			__u8 pad[3];
		} mmio;
		/* XVM_EXIT_IO */
		struct {
			__u32 reason;	/* XVM_IO_WAIT_* */
			__u32 seq;	/* the request's seq */
		} io;
		/* XVM_EXIT_SYSTEM_EVENT */
		struct {
			__u32 type;	/* XVM_SYSTEM_EVENT_* */
			__u32 ndata;
			__u64 data[16];
		} system_event;
		/* XVM_EXIT_HYPERCALL */
		struct {
			__u32 kind;	/* XVM_HYPERCALL_* */
			__u32 imm;	/* the instruction's immediate */
			__u64 args[8];	/* x0 .. x7 at the call */
			__u64 ret[4];	/* x0 .. x3 after it: userland's */
		} hypercall;
		/* XVM_EXIT_FAIL_ENTRY */
		struct {
			__u64 hardware_entry_failure_reason;
			__u32 error;	/* VM-instruction error, if any */
			__u32 cpu;	/* host CPU */
		} fail_entry;
		/* XVM_EXIT_INTERNAL_ERROR */
		struct {
			__u32 suberror;	/* XVM_INTERNAL_ERROR_* */
			__u32 ndata;
			__u64 data[16];
		} internal;
		char padding[256];
	};

	__u8 pad3[224];

	/* offset 512: request ring (kernel -> user), 640: completions */
	struct xvm_ring_index req;
	struct xvm_ring_index cpl;
};

/* A request: one guest access to a registered I/O range. */
struct xvm_io_request {
	__u64 addr;		/* guest-physical address */
	__u64 data;		/* writes: the value, zero-extended */
	__u64 cookie;		/* the range's cookie */
	__u32 seq;		/* the ring index it was put at */
	__u8 size;		/* 1, 2, 4 or 8 bytes */
	__u8 op;		/* XVM_IO_READ, XVM_IO_WRITE */
	__u16 pad;
};

#define XVM_IO_READ		0
#define XVM_IO_WRITE		1

/* A completion: the value of one read request. */
struct xvm_io_completion {
	__u64 data;		/* the value read (low @size bytes count) */
	__u32 seq;		/* the read request's seq */
	__u32 flags;		/* must be 0 */
};

#endif /* _UAPI_LINUX_XVM_H */

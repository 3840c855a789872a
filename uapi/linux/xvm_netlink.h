/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * xvm_netlink.h - the "xvm" generic netlink family: which VMs exist, their
 * statistics, and their lifecycle events.
 *
 * Documentation/api.rst ("Monitoring: the xvm generic netlink family")
 * describes every command, attribute and error. Resolve the family by name
 * (XVM_NL_FAMILY_NAME) through the generic netlink controller; its version
 * is XVM_NL_FAMILY_VERSION. Like the ioctl API, the family only grows:
 * commands, attributes and values are never renumbered or reused.
 */
#ifndef _UAPI_LINUX_XVM_NETLINK_H
#define _UAPI_LINUX_XVM_NETLINK_H

#define XVM_NL_FAMILY_NAME	"xvm"
#define XVM_NL_FAMILY_VERSION	1

/* Multicast group of lifecycle events (XVM_NL_CMD_EVENT messages). */
#define XVM_NL_MCGRP_EVENTS	"events"

enum xvm_nl_cmd {
	XVM_NL_CMD_UNSPEC,
	/* do: one VM, by XVM_NL_A_VM_ID; dump: every VM the caller sees */
	XVM_NL_CMD_GET_VM,
	/* do: one VM's statistics, by XVM_NL_A_VM_ID; dump: all visible */
	XVM_NL_CMD_GET_STATS,
	/* kernel to the events group only: a lifecycle event */
	XVM_NL_CMD_EVENT,
	/* do: SPI XVM_NL_A_IRQ_SPI of VM XVM_NL_A_VM_ID to its level */
	XVM_NL_CMD_SET_IRQ,

	__XVM_NL_CMD_MAX,
	XVM_NL_CMD_MAX = __XVM_NL_CMD_MAX - 1
};

/*
 * Top-level attributes. Requests may carry only XVM_NL_A_VM_ID, and
 * XVM_NL_CMD_SET_IRQ the XVM_NL_A_IRQ_* ones too.
 */
enum xvm_nl_attr {
	XVM_NL_A_UNSPEC,
	XVM_NL_A_PAD,			/* alignment of 64-bit values */
	XVM_NL_A_VM_ID,			/* u32 */
	XVM_NL_A_VM_OWNER_PID,		/* u32: creator's tgid, init ns */
	XVM_NL_A_VM_OWNER_UID,		/* u32: creator's euid */
	XVM_NL_A_VM_MEM_BYTES,		/* u64: guest RAM registered */
	XVM_NL_A_VM_NR_VCPUS,		/* u32 */
	XVM_NL_A_VM_BACKEND,		/* u32: XVM_BACKEND_* (xvm.h) */
	XVM_NL_A_VM_STATE,		/* u32: XVM_VM_STATE_* */
	XVM_NL_A_STATS_EXITS,		/* nest of XVM_NL_EXITS_A_EXIT */
	XVM_NL_A_STATS_TRANSLATIONS,	/* u64: blocks translated */
	XVM_NL_A_STATS_CODE_CACHE_BYTES, /* u64: translated code held */
	XVM_NL_A_STATS_GUEST_INSNS,	/* u64: 0 where not counted */
	XVM_NL_A_EVENT,			/* u32: XVM_NL_EVENT_* */
	XVM_NL_A_IRQ_SPI,		/* u32: SPI, GIC INTID - 32 */
	XVM_NL_A_IRQ_LEVEL,		/* u32: 1 asserted, 0 deasserted */
	XVM_NL_A_STATS_VM_ENTRIES,	/* u64: entries into VMX/SVM */

	__XVM_NL_A_MAX,
	XVM_NL_A_MAX = __XVM_NL_A_MAX - 1
};

/* Inside XVM_NL_A_STATS_EXITS: one nest per exit reason that occurred. */
enum xvm_nl_exits_attr {
	XVM_NL_EXITS_A_UNSPEC,
	XVM_NL_EXITS_A_EXIT,		/* nest: XVM_NL_EXIT_A_* */

	__XVM_NL_EXITS_A_MAX,
	XVM_NL_EXITS_A_MAX = __XVM_NL_EXITS_A_MAX - 1
};

/* Inside XVM_NL_EXITS_A_EXIT. */
enum xvm_nl_exit_attr {
	XVM_NL_EXIT_A_UNSPEC,
	XVM_NL_EXIT_A_PAD,
	XVM_NL_EXIT_A_REASON,		/* u32: XVM_EXIT_* (xvm.h) */
	XVM_NL_EXIT_A_COUNT,		/* u64: exits with that reason */

	__XVM_NL_EXIT_A_MAX,
	XVM_NL_EXIT_A_MAX = __XVM_NL_EXIT_A_MAX - 1
};

/* XVM_NL_A_VM_STATE values; 0 is never reported. */
#define XVM_VM_STATE_CREATED	1	/* no vCPU entered XVM_RUN yet */
#define XVM_VM_STATE_RUNNING	2	/* a vCPU is inside XVM_RUN */
#define XVM_VM_STATE_STOPPED	3	/* has run; none in XVM_RUN now */
#define XVM_VM_STATE_SHUTDOWN	4	/* the guest shut itself down */
#define XVM_VM_STATE_CRASHED	5	/* the guest cannot go on */

/* XVM_NL_A_EVENT values; 0 is never sent. */
#define XVM_NL_EVENT_CREATED		1	/* XVM_CREATE_VM made it */
#define XVM_NL_EVENT_DESTROYED		2	/* its last fd closed */
#define XVM_NL_EVENT_GUEST_SHUTDOWN	3	/* PSCI SYSTEM_OFF, RESET */
#define XVM_NL_EVENT_GUEST_CRASH	4	/* now CRASHED */

#endif /* _UAPI_LINUX_XVM_NETLINK_H */

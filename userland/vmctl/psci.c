// SPDX-License-Identifier: GPL-2.0
/*
 * psci.c - the Power State Coordination Interface the guest reaches with
 * HVC #0, as the device tree's /psci node (1.x, method "hvc") promises.
 *
 * One vCPU for now: SYSTEM_OFF and the only CPU's CPU_OFF power the machine
 * off, SYSTEM_RESET reboots it, CPU_ON is refused with NOT_SUPPORTED until
 * SMP lands, CPU_SUSPEND returns at once (a standby state, like WFI).
 */
#include "vmctl.h"

#define PSCI_VERSION			0x84000000U
#define PSCI_CPU_SUSPEND		0x84000001U
#define PSCI_CPU_SUSPEND_64		0xc4000001U
#define PSCI_CPU_OFF			0x84000002U
#define PSCI_CPU_ON			0x84000003U
#define PSCI_CPU_ON_64			0xc4000003U
#define PSCI_AFFINITY_INFO		0x84000004U
#define PSCI_AFFINITY_INFO_64		0xc4000004U
#define PSCI_MIGRATE_INFO_TYPE		0x84000006U
#define PSCI_SYSTEM_OFF			0x84000008U
#define PSCI_SYSTEM_RESET		0x84000009U
#define PSCI_FEATURES			0x8400000aU

#define PSCI_VERSION_1_1		0x10001U

#define PSCI_SUCCESS			0
#define PSCI_NOT_SUPPORTED		((u64)-1)
#define PSCI_INVALID_PARAMETERS		((u64)-2)

#define AFFINITY_ON			0
#define MIGRATE_NOT_NEEDED		2	/* no Trusted OS */

#define MPIDR_AFF_MASK			0xff00ffffffULL

/* The functions PSCI_FEATURES reports as implemented. */
static bool implemented(u32 fn)
{
	switch (fn) {
	case PSCI_VERSION:
	case PSCI_CPU_SUSPEND:
	case PSCI_CPU_SUSPEND_64:
	case PSCI_CPU_OFF:
	case PSCI_AFFINITY_INFO:
	case PSCI_AFFINITY_INFO_64:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
		return true;
	default:
		return false;
	}
}

/* CPU 0 is the only one: its MPIDR affinity fields are all zero. */
static u64 affinity_info(u32 fn, u64 mpidr)
{
	if (fn == PSCI_AFFINITY_INFO)
		mpidr = (u32)mpidr;
	return mpidr & MPIDR_AFF_MASK ? PSCI_INVALID_PARAMETERS : AFFINITY_ON;
}

enum psci_action psci_call(u64 x[4])
{
	u32 fn = (u32)x[0];

	switch (fn) {
	case PSCI_VERSION:
		x[0] = PSCI_VERSION_1_1;
		break;
	case PSCI_SYSTEM_OFF:
	case PSCI_CPU_OFF:
		return PSCI_POWER_OFF;
	case PSCI_SYSTEM_RESET:
		return PSCI_RESET;
	case PSCI_CPU_SUSPEND:
	case PSCI_CPU_SUSPEND_64:
		x[0] = PSCI_SUCCESS;
		break;
	case PSCI_AFFINITY_INFO:
	case PSCI_AFFINITY_INFO_64:
		x[0] = affinity_info(fn, x[1]);
		break;
	case PSCI_MIGRATE_INFO_TYPE:
		x[0] = MIGRATE_NOT_NEEDED;
		break;
	case PSCI_FEATURES:
		x[0] = implemented((u32)x[1]) ? PSCI_SUCCESS :
		       PSCI_NOT_SUPPORTED;
		break;
	case PSCI_CPU_ON:
	case PSCI_CPU_ON_64:
	default:
		x[0] = PSCI_NOT_SUPPORTED;
		break;
	}
	return PSCI_CONTINUE;
}

int psci_end(enum psci_action action, const struct run_opts *o)
{
	if (action == PSCI_POWER_OFF) {
		if (o->verbose)
			vmctl_err("the guest powered off");
		return 0;
	}
	if (o->no_reboot) {
		if (o->verbose)
			vmctl_err("the guest asked for a reset (--no-reboot)");
		return 0;
	}
	if (o->verbose)
		vmctl_err("the guest asked for a reset: rebooting");
	return -1;
}

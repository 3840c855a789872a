// SPDX-License-Identifier: GPL-2.0
/*
 * hold_vm.c - keep one xvm VM alive for module_test.sh to look at: it
 * creates a VM (the module picks the backend), one vCPU and 16 MiB of
 * guest RAM, prints "vm <id>" and waits SECONDS (or until killed).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/xvm.h>

#define HOLD_RAM	(16UL << 20)
#define HOLD_RAM_BASE	0x40000000ULL

int main(int argc, char **argv)
{
	struct xvm_memory_region region = {
		.guest_phys_addr = HOLD_RAM_BASE,
		.memory_size = HOLD_RAM,
	};
	struct xvm_vm_stats stats;
	int sys, vm, vcpu;
	void *ram;

	if (argc != 2) {
		fprintf(stderr, "usage: hold_vm SECONDS\n");
		return 2;
	}
	sys = open("/dev/xvm", O_RDWR | O_CLOEXEC);
	if (sys < 0) {
		perror("hold_vm: /dev/xvm");
		return 1;
	}
	ram = mmap(NULL, HOLD_RAM, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	vm = ioctl(sys, XVM_CREATE_VM, 0);
	vcpu = vm < 0 ? -1 : ioctl(vm, XVM_CREATE_VCPU, 0);
	region.userspace_addr = (unsigned long)ram;
	if (ram == MAP_FAILED || vm < 0 || vcpu < 0 ||
	    ioctl(vm, XVM_SET_MEMORY_REGION, &region) ||
	    ioctl(vm, XVM_GET_STATS, &stats)) {
		perror("hold_vm: cannot make the VM");
		return 1;
	}
	printf("vm %u\n", stats.id);
	fflush(stdout);
	sleep(atoi(argv[1]));
	return 0;
}

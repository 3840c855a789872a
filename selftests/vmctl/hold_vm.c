// SPDX-License-Identifier: GPL-2.0
/*
 * hold_vm.c - keep one xvm VM alive for module_test.sh to look at: it
 * creates a VM (the module picks the backend), one vCPU and 16 MiB of
 * guest RAM, prints "vm <id>" and waits SECONDS (or until killed). With
 * SPI, each SIGUSR1 prints that SPI's XVM_GET_SPI_STATE as "spi <n> <state>"
 * (XVM_SPI_* bits), so that the script sees what "vmctl irq" did.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
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
	struct xvm_spi_state st = { 0 };
	struct xvm_vm_stats stats;
	struct timespec end, now, left;
	int sys, vm, vcpu;
	sigset_t usr1;
	void *ram;

	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: hold_vm SECONDS [SPI]\n");
		return 2;
	}
	/* Blocked before anyone knows the VM: taken by sigtimedwait(). */
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
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
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += atoi(argv[1]);
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		left.tv_sec = end.tv_sec - now.tv_sec;
		left.tv_nsec = end.tv_nsec - now.tv_nsec;
		if (left.tv_nsec < 0) {
			left.tv_sec--;
			left.tv_nsec += 1000000000L;
		}
		if (left.tv_sec < 0)
			break;
		if (sigtimedwait(&usr1, NULL, &left) != SIGUSR1 || argc != 3)
			continue;
		st.spi = atoi(argv[2]);
		if (ioctl(vm, XVM_GET_SPI_STATE, &st))
			perror("hold_vm: XVM_GET_SPI_STATE");
		else
			printf("spi %u %u\n", st.spi, st.state);
		fflush(stdout);
	}
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * lifetime_test.c - file descriptor lifetimes: closing the system, VM and
 * vCPU fds (and unmapping run areas) in every order, VMs in many threads
 * and processes, 1,000 create/destroy cycles without growth in slab,
 * vmalloc or pinned memory, and module unload refused while any VM
 * exists.
 */
#include <pthread.h>
#include <sys/wait.h>
#include "kselftest_harness.h"
#include "xvm_util.h"

#define SZ_4K	0x1000ULL
#define SZ_64K	0x10000ULL

/* A VM with one vCPU, a 64 KiB slot and a mapped run area. */
struct full_vm {
	int sys, vm, vcpu;
	struct xvm_run *run;
	void *mem;
};

static int full_vm_make(struct full_vm *f, bool map)
{
	int ret;

	memset(f, 0, sizeof(*f));
	f->vm = f->vcpu = -1;
	f->sys = xvm_open_dev();
	if (f->sys < 0)
		return f->sys;
	f->vm = xvm_create_vm(f->sys, 0);
	if (f->vm < 0)
		return f->vm;
	f->vcpu = xvm_create_vcpu(f->vm, 0);
	if (f->vcpu < 0)
		return f->vcpu;
	f->mem = xvm_alloc_mem(SZ_64K);
	if (!f->mem)
		return -ENOMEM;
	ret = xvm_set_mem(f->vm, 0, 0, TEST_RAM_GPA, SZ_64K, f->mem);
	if (ret)
		return ret;
	if (map) {
		f->run = xvm_map_run(f->vcpu);
		if (!f->run)
			return -errno;
	}
	return 0;
}

FIXTURE(life) {
	long long pins;
};

FIXTURE_SETUP(life)
{
	int ret = xvm_require_module(false);

	ASSERT_EQ(0, ret) TH_LOG("loading xvm: %s", strerror(-ret));
	self->pins = pins_held();
}

FIXTURE_TEARDOWN(life)
{
}

/* Every order of closing the three fds and unmapping the run area. */
TEST_F(life, close_orders)
{
	/* 0: sys, 1: vm, 2: vcpu, 3: munmap */
	static const int orders[][4] = {
		{ 0, 1, 2, 3 }, { 0, 2, 1, 3 }, { 1, 0, 2, 3 }, { 1, 2, 0, 3 },
		{ 2, 0, 1, 3 }, { 2, 1, 0, 3 }, { 3, 2, 1, 0 }, { 3, 1, 2, 0 },
		{ 1, 3, 0, 2 }, { 2, 3, 1, 0 }, { 1, 2, 3, 0 }, { 0, 1, 3, 2 },
	};
	struct xvm_regs regs;
	struct full_vm f;
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(orders); i++) {
		ASSERT_EQ(0, full_vm_make(&f, true)) TH_LOG("order %u", i);
		EXPECT_EQ(self->pins + 16, pins_held());
		for (j = 0; j < 4; j++) {
			switch (orders[i][j]) {
			case 0:
				close(f.sys);
				break;
			case 1:
				close(f.vm);
				break;
			case 2:
				/* Still fully usable before it goes. */
				EXPECT_EQ(0, xvm_get_regs(f.vcpu, &regs));
				close(f.vcpu);
				break;
			case 3:
				/* The mapping is still the live run area. */
				EXPECT_EQ(256, f.run->ring_entries);
				xvm_unmap_run(f.run);
				break;
			}
		}
		/* Everything is gone: the pins with it. */
		EXPECT_EQ(self->pins, pins_held()) TH_LOG("order %u", i);
		munmap(f.mem, SZ_64K);
	}
}

/* A vCPU fd keeps its VM: usable after the VM fd and /dev/xvm close. */
TEST_F(life, vcpu_outlives_vm_fd)
{
	struct xvm_regs regs;
	struct full_vm f;
	uint64_t midr;

	ASSERT_EQ(0, full_vm_make(&f, true));
	close(f.vm);
	close(f.sys);
	EXPECT_EQ(0, xvm_get_regs(f.vcpu, &regs));
	regs.x[5] = 55;
	EXPECT_EQ(0, xvm_set_regs(f.vcpu, &regs));
	EXPECT_EQ(0, xvm_get_reg(f.vcpu, XVM_REG_SYSREG(3, 0, 0, 0, 0), &midr));
	/* It runs (and stops at once: immediate_exit). */
	f.run->immediate_exit = 1;	/* the mapping is still writable */
	EXPECT_EQ(-EINTR, xvm_run(f.vcpu));
	EXPECT_EQ(XVM_EXIT_INTR, f.run->exit_reason);
	EXPECT_EQ(self->pins + 16, pins_held());
	close(f.vcpu);
	/* The mapping alone still holds everything. */
	EXPECT_EQ(self->pins + 16, pins_held());
	EXPECT_EQ(256, f.run->ring_entries);
	xvm_unmap_run(f.run);
	EXPECT_EQ(self->pins, pins_held());
	munmap(f.mem, SZ_64K);
}

/* A process that exits without closing anything leaves nothing behind. */
TEST_F(life, exit_without_closing)
{
	int status, i;
	pid_t pid;

	for (i = 0; i < 4; i++) {
		pid = fork();
		ASSERT_LE(0, pid);
		if (pid == 0) {
			struct full_vm f;

			_exit(full_vm_make(&f, i & 1) ? 1 : 0);
		}
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));
	}
	EXPECT_EQ(self->pins, pins_held());
}

/* A forked child shares the VM; it lives until both have closed it. */
TEST_F(life, fork_shares_vm)
{
	struct xvm_vm_stats st;
	struct full_vm f;
	int status;
	pid_t pid;

	ASSERT_EQ(0, full_vm_make(&f, true));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		/* The child's fds and mapping are the parent's VM. */
		f.run->immediate_exit = 0x5a;
		_exit(xvm_create_vcpu(f.vm, 1) >= 0 ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));
	EXPECT_EQ(0x5a, f.run->immediate_exit);
	ASSERT_EQ(0, xvm_stats(f.vm, &st));
	EXPECT_EQ(2, st.nr_vcpus);
	EXPECT_EQ(SZ_64K, st.mem_bytes);
	close(f.vcpu);
	close(f.vm);
	close(f.sys);
	xvm_unmap_run(f.run);
	munmap(f.mem, SZ_64K);
	EXPECT_EQ(self->pins, pins_held());
}

struct churn {
	int iterations;
	int failures;
	int last_error;
};

static void *churn_thread(void *arg)
{
	struct churn *c = arg;
	struct full_vm f;
	int i, ret;

	for (i = 0; i < c->iterations; i++) {
		ret = full_vm_make(&f, i & 1);
		if (ret) {
			c->failures++;
			c->last_error = ret;
		}
		if (f.run)
			xvm_unmap_run(f.run);
		if (f.vcpu >= 0)
			close(f.vcpu);
		if (f.vm >= 0)
			close(f.vm);
		if (f.sys >= 0)
			close(f.sys);
		if (f.mem)
			munmap(f.mem, SZ_64K);
	}
	return NULL;
}

/* Threads creating and destroying VMs at the same time. */
TEST_F_TIMEOUT(life, concurrent_threads, 300)
{
	struct churn c[6];
	pthread_t t[6];
	int i;

	for (i = 0; i < 6; i++) {
		c[i] = (struct churn){ .iterations = 100 };
		ASSERT_EQ(0, pthread_create(&t[i], NULL, churn_thread, &c[i]));
	}
	for (i = 0; i < 6; i++) {
		pthread_join(t[i], NULL);
		EXPECT_EQ(0, c[i].failures) TH_LOG("thread %d: %s", i,
						   strerror(-c[i].last_error));
	}
	EXPECT_EQ(self->pins, pins_held());
}

/* Processes doing the same, each with its own VMs. */
TEST_F_TIMEOUT(life, concurrent_processes, 300)
{
	int i, status;
	pid_t pid[4];

	for (i = 0; i < 4; i++) {
		pid[i] = fork();
		ASSERT_LE(0, pid[i]);
		if (pid[i] == 0) {
			struct churn c = { .iterations = 100 };

			churn_thread(&c);
			_exit(c.failures ? 1 : 0);
		}
	}
	for (i = 0; i < 4; i++) {
		ASSERT_EQ(pid[i], waitpid(pid[i], &status, 0));
		EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));
	}
	EXPECT_EQ(self->pins, pins_held());
}

/*
 * 1,000 VMs, each with a vCPU (and its run area mapped), a memory slot
 * and an I/O range, created and destroyed: what the kernel holds in slab,
 * vmalloc and pins must not grow. A leak of one VM or vCPU per cycle
 * would add megabytes; the thresholds leave room for noise only.
 */
TEST_F_TIMEOUT(life, cycles_do_not_leak, 600)
{
	long slab0, slab1, vmalloc0, vmalloc1;
	long long acquired0, acquired1;
	struct full_vm f;
	int i;

	/* Warm the caches up first. */
	for (i = 0; i < 50; i++) {
		ASSERT_EQ(0, full_vm_make(&f, true));
		xvm_unmap_run(f.run);
		close(f.vcpu);
		close(f.vm);
		close(f.sys);
		munmap(f.mem, SZ_64K);
	}
	usleep(200000);
	slab0 = meminfo_kb("Slab");
	vmalloc0 = meminfo_kb("VmallocUsed");
	vmstat_refresh();
	acquired0 = vmstat_value("nr_foll_pin_acquired");
	ASSERT_LT(0, slab0);
	ASSERT_LE(0, acquired0);

	for (i = 0; i < 1000; i++) {
		ASSERT_EQ(0, full_vm_make(&f, true)) TH_LOG("cycle %d", i);
		ASSERT_EQ(0, xvm_io_range(f.vm, true, TEST_DEV_GPA, SZ_4K, i));
		xvm_unmap_run(f.run);
		close(f.vcpu);
		close(f.vm);
		close(f.sys);
		munmap(f.mem, SZ_64K);
	}
	/* Let RCU free what it defers (files, I/O range tables). */
	usleep(500000);
	slab1 = meminfo_kb("Slab");
	vmalloc1 = meminfo_kb("VmallocUsed");
	vmstat_refresh();
	acquired1 = vmstat_value("nr_foll_pin_acquired");

	TH_LOG("slab %ld -> %ld kB, vmalloc %ld -> %ld kB, %lld pins",
	       slab0, slab1, vmalloc0, vmalloc1, acquired1 - acquired0);
	/* Every cycle pinned its 16 pages, and all were released. */
	EXPECT_LE(1000 * 16, acquired1 - acquired0);
	EXPECT_EQ(self->pins, pins_held());
	/* One leaked VM + vCPU per cycle would be > 3 MB of slab. */
	EXPECT_GT(1024, slab1 - slab0);
	/* One leaked run area per cycle would be 16 MB of vmalloc. */
	if (vmalloc0 > 0)
		EXPECT_GT(2048, vmalloc1 - vmalloc0);
}

/* Unloading is refused while any VM (or vCPU, or mapping) is left. */
TEST(unload_refused_while_a_vm_exists)
{
	struct full_vm f;
	int ret;

	ASSERT_EQ(0, xvm_require_module(false));
	ASSERT_EQ(0, full_vm_make(&f, true));
	close(f.sys);
	ret = xvm_module_unload();
	EXPECT_TRUE(ret == -EBUSY || ret == -EWOULDBLOCK)
		TH_LOG("unload with a VM fd open: %s", strerror(-ret));
	close(f.vm);
	ret = xvm_module_unload();
	EXPECT_TRUE(ret == -EBUSY || ret == -EWOULDBLOCK)
		TH_LOG("unload with a vCPU fd open: %s", strerror(-ret));
	close(f.vcpu);
	ret = xvm_module_unload();
	EXPECT_TRUE(ret == -EBUSY || ret == -EWOULDBLOCK)
		TH_LOG("unload with a run area mapped: %s", strerror(-ret));
	EXPECT_TRUE(xvm_module_loaded());
	xvm_unmap_run(f.run);
	EXPECT_EQ(0, xvm_module_unload());
	EXPECT_FALSE(xvm_module_loaded());
	munmap(f.mem, SZ_64K);
	/* And it loads again. */
	EXPECT_EQ(0, xvm_require_module(false));
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * ownership_test.c - VMX/SVM ownership: the first VM turns the extension
 * on for every online CPU, the last one turns it off; VMs in several
 * processes share it; refusals undo everything; CPU hotplug, suspend and
 * resume; and coexistence with KVM, both ways.
 *
 * What the CPUs hold is read from /sys/kernel/debug/xvm/ownership, which
 * the module fills from each CPU's own registers (CR4.VMXE, EFER.SVME):
 *
 *   vmx users 1 areas 2
 *   cpu0 vmx on enables 3    on: set by xvm; off: clear; foreign: set by
 *   cpu1 vmx offline         someone else; lost: xvm's, but found clear;
 *                            enables: times xvm turned it on there
 *
 * Run as root where xvm.ko matches the running kernel (the rigs do this);
 * $XVM_RIG ("svm" or "vmx") says which extension the machine has. The KVM
 * test loads the kernel's own KVM modules from /kmod (rig option -k) and
 * is skipped without them; the hotplug test needs two CPUs (-s 2), the
 * suspend test /sys/power/pm_test (CONFIG_PM_DEBUG: the svm rig's kernel).
 */
#include <sys/wait.h>
#include "kselftest_harness.h"
#include "xvm_util.h"

#define OWN_FILE	"/sys/kernel/debug/xvm/ownership"
#define FAIL_FILE	"/sys/kernel/debug/xvm/fail_cpu"
#define OWN_MAX_CPUS	256

/* KVM's ioctls (include/uapi/linux/kvm.h), without its header. */
#define KVM_GET_API_VERSION	_IO(0xAE, 0x00)
#define KVM_CREATE_VM		_IO(0xAE, 0x01)
#define KVM_CREATE_VCPU		_IO(0xAE, 0x41)

/* ---- the debugfs view -------------------------------------------------- */

struct own {
	int users, areas;		/* -1: no line for the extension */
	int ncpus;			/* CPUs listed: cpu0 .. ncpus - 1 */
	char state[OWN_MAX_CPUS][12];	/* "" if not listed */
	unsigned long enables[OWN_MAX_CPUS];
};

/* Read the view for extension @tag ("vmx", "svm"): 0 or -errno. */
static int own_read(const char *tag, struct own *o)
{
	char line[128], t[16], st[12];
	unsigned long n;
	int a, b, fields;
	FILE *f = fopen(OWN_FILE, "r");

	memset(o, 0, sizeof(*o));
	o->users = o->areas = -1;
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%15s users %d areas %d", t, &a, &b) == 3) {
			if (!strcmp(t, tag)) {
				o->users = a;
				o->areas = b;
			}
			continue;
		}
		n = 0;
		fields = sscanf(line, "cpu%d %15s %11s enables %lu", &a, t, st, &n);
		if (fields >= 3) {
			if (strcmp(t, tag) || a < 0 || a >= OWN_MAX_CPUS)
				continue;
			strcpy(o->state[a], st);
			o->enables[a] = n;
			if (a + 1 > o->ncpus)
				o->ncpus = a + 1;
		}
	}
	fclose(f);
	return o->users < 0 ? -ENOENT : 0;
}

static int own_count(const struct own *o, const char *state)
{
	int i, n = 0;

	for (i = 0; i < o->ncpus; i++)
		n += !strcmp(o->state[i], state);
	return n;
}

/* CPUs listed and online. */
static int own_online(const struct own *o)
{
	int i, n = 0;

	for (i = 0; i < o->ncpus; i++)
		n += o->state[i][0] && strcmp(o->state[i], "offline");
	return n;
}

/*
 * CPUs online in both views whose count of enables did not grow by
 * @delta (each printed).
 */
static int enables_moved(const struct own *a, const struct own *b,
			 unsigned long delta)
{
	int i, bad = 0;

	for (i = 0; i < a->ncpus && i < b->ncpus; i++) {
		if (!a->state[i][0] || !strcmp(a->state[i], "offline") ||
		    !b->state[i][0] || !strcmp(b->state[i], "offline"))
			continue;
		if (b->enables[i] != a->enables[i] + delta) {
			fprintf(stderr, "#   cpu%d: enables %lu -> %lu, not +%lu\n",
				i, a->enables[i], b->enables[i], delta);
			bad++;
		}
	}
	return bad;
}

static void own_dump(const struct own *o)
{
	int i;

	fprintf(stderr, "#   users %d areas %d:", o->users, o->areas);
	for (i = 0; i < o->ncpus; i++)
		fprintf(stderr, " cpu%d=%s", i, o->state[i]);
	fprintf(stderr, "\n");
}

/* Every online CPU in state @state, with @users VMs holding it. */
#define EXPECT_OWN(tag, users_, state_) do {				\
	struct own _o;							\
	ASSERT_EQ(0, own_read(tag, &_o));				\
	EXPECT_EQ(users_, _o.users);					\
	EXPECT_LT(0, own_online(&_o));					\
	EXPECT_EQ(own_online(&_o), own_count(&_o, state_))		\
		own_dump(&_o);						\
	if (!(users_)) {						\
		EXPECT_EQ(0, _o.areas);					\
	} else {							\
		EXPECT_LE(own_online(&_o), _o.areas);			\
	}								\
} while (0)

static int write_str(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

static int fail_cpu(int cpu)
{
	char val[16];

	snprintf(val, sizeof(val), "%d", cpu);
	return write_str(FAIL_FILE, val);
}

/* ---- the kernel log ---------------------------------------------------- */

/* /dev/kmsg positioned after the last record: what follows is new. */
static int kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

/* Lines logged since kmsg_open() that contain @text. */
static int kmsg_count(int fd, const char *text)
{
	char rec[2048];
	ssize_t n;
	int count = 0;

	for (;;) {
		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)	/* overwritten: go on */
			continue;
		if (n <= 0)
			break;
		rec[n] = 0;
		if (strstr(rec, text))
			count++;
	}
	return count;
}

/* ---- CPU hotplug ------------------------------------------------------- */

static int cpu_set_online(int cpu, bool on)
{
	char path[96];

	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/online",
		 cpu);
	return write_str(path, on ? "1" : "0");
}

/* The highest-numbered online CPU that can go offline, or -1. */
static int hotplug_cpu(const struct own *o)
{
	char path[96];
	int i;

	if (own_online(o) < 2)
		return -1;
	for (i = o->ncpus - 1; i > 0; i--) {
		snprintf(path, sizeof(path),
			 "/sys/devices/system/cpu/cpu%d/online", i);
		if (!strcmp(o->state[i], "off") && !access(path, W_OK))
			return i;
	}
	return -1;
}

/* ---- suspend ----------------------------------------------------------- */

#define PM_TEST		"/sys/power/pm_test"
#define PM_TEST_DELAY	"/sys/module/suspend/parameters/pm_test_delay"

/* Does the one-line file @path list the word @word? */
#define SEPARATORS	"[] \t\n"
static bool file_has_word(const char *path, const char *word)
{
	char line[256], *tok, *save;
	bool found = false;
	FILE *f = fopen(path, "r");

	if (!f)
		return false;
	if (fgets(line, sizeof(line), f))
		for (tok = strtok_r(line, SEPARATORS, &save); tok && !found;
		     tok = strtok_r(NULL, SEPARATORS, &save))
			found = !strcmp(tok, word);
	fclose(f);
	return found;
}

/*
 * Suspend to RAM with pm_test "core": CPUs offline, the syscore suspend
 * and resume callbacks, all but the sleep itself (and no 5 s wait).
 * 0 or -errno.
 */
static int suspend_core(void)
{
	char delay[16] = "5";
	FILE *f = fopen(PM_TEST_DELAY, "r");
	int ret;

	if (f) {
		if (!fgets(delay, sizeof(delay), f))
			strcpy(delay, "5");
		fclose(f);
	}
	ret = write_str(PM_TEST_DELAY, "0");
	if (!ret)
		ret = write_str(PM_TEST, "core");
	if (!ret)
		ret = write_str("/sys/power/state", "mem");
	write_str(PM_TEST, "none");
	write_str(PM_TEST_DELAY, delay);
	return ret;
}

/*
 * Run a one-instruction guest (HVC #0x5) on @vm: 0 when it comes back with
 * that hypercall, else -errno or the unexpected exit reason.
 */
static int run_hvc_guest(int vm)
{
	const uint32_t hvc5 = 0xd40000a2;	/* hvc #0x5 */
	struct xvm_regs regs;
	struct xvm_run *run;
	int vcpu, ret;
	uint8_t *ram;

	ram = xvm_alloc_mem(1 << 20);
	if (!ram)
		return -ENOMEM;
	memcpy(ram, &hvc5, sizeof(hvc5));
	ret = xvm_set_mem(vm, 0, 0, TEST_RAM_GPA, 1 << 20, ram);
	vcpu = ret ? ret : xvm_create_vcpu(vm, 0);
	if (vcpu < 0) {
		munmap(ram, 1 << 20);
		return vcpu;
	}
	run = xvm_map_run(vcpu);
	ret = run ? xvm_get_regs(vcpu, &regs) : -errno;
	if (!ret) {
		regs.pc = TEST_RAM_GPA;
		ret = xvm_set_regs(vcpu, &regs);
	}
	if (!ret)
		ret = xvm_run(vcpu);
	if (!ret && (run->exit_reason != XVM_EXIT_HYPERCALL ||
		     run->hypercall.imm != 5))
		ret = run->exit_reason;
	if (run)
		xvm_unmap_run(run);
	close(vcpu);
	munmap(ram, 1 << 20);
	return ret;
}

/* ---- KVM modules ------------------------------------------------------- */

struct kvm_mods {
	char name[8][128];		/* loaded here, in load order */
	int n;
};

/*
 * Load the modules /kmod/ORDER lists (the rig's -k): 0, -ENOENT when
 * there is no such list, or -errno of the first that fails (EEXIST, a
 * module loaded already, is fine).
 */
static int kvm_load(struct kvm_mods *m)
{
	char line[128], path[192];
	FILE *f = fopen("/kmod/ORDER", "r");
	int fd, ret = 0;
	char *p;

	m->n = 0;
	if (!f)
		return -ENOENT;
	while (!ret && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		if (!line[0])
			continue;
		snprintf(path, sizeof(path), "/kmod/%s", line);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			ret = -errno;
			break;
		}
		if (syscall(SYS_finit_module, fd, "", 0)) {
			if (errno != EEXIST)
				ret = -errno;
		} else if (m->n < 8) {
			/* The module's name: kvm-amd.ko is kvm_amd. */
			snprintf(m->name[m->n], sizeof(m->name[0]), "%s", line);
			p = strstr(m->name[m->n], ".ko");
			if (p)
				*p = 0;
			for (p = m->name[m->n]; *p; p++)
				if (*p == '-')
					*p = '_';
			m->n++;
		}
		close(fd);
	}
	fclose(f);
	return ret;
}

/* Unload what kvm_load() loaded, last first; false if one stays. */
static bool kvm_unload(struct kvm_mods *m)
{
	bool ok = true;
	int i, try;

	for (i = m->n - 1; i >= 0; i--) {
		/* A VM's last reference may go a moment after its fd. */
		for (try = 0; try < 50; try++) {
			if (!syscall(SYS_delete_module, m->name[i], O_NONBLOCK))
				break;
			usleep(20000);
		}
		if (try == 50) {
			fprintf(stderr, "#   cannot unload %s: %s\n", m->name[i],
				strerror(errno));
			ok = false;
		}
	}
	m->n = 0;
	return ok;
}

static int kvm_open(void)
{
	int i, fd = -1;

	/* devtmpfs makes the node a moment after the module loads. */
	for (i = 0; i < 200; i++) {
		fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
		if (fd >= 0 || errno != ENOENT)
			break;
		usleep(10000);
	}
	return fd;
}

/* ---- the fixture ------------------------------------------------------- */

FIXTURE(own) {
	int sys;
	const char *tag;	/* "vmx" or "svm" */
	unsigned long flag;	/* XVM_BACKEND_VMX or _SVM */
	long cap;		/* XVM_CAP_VMX or _SVM */
	const char *busy;	/* the start of the -EBUSY dmesg line */
	int hp_cpu;		/* a CPU the test took offline, or -1 */
};

FIXTURE_SETUP(own)
{
	const char *rig = getenv("XVM_RIG");
	int ret = xvm_require_module(false);

	self->sys = -1;
	self->hp_cpu = -1;
	ASSERT_EQ(0, ret) TH_LOG("loading xvm: %s", strerror(-ret));
	self->sys = xvm_open_dev();
	ASSERT_LE(0, self->sys);
	if (rig && *rig)
		self->tag = rig;
	else if (ioctl(self->sys, XVM_CHECK_EXTENSION, XVM_CAP_VMX) == XVM_HW_USABLE)
		self->tag = "vmx";
	else if (ioctl(self->sys, XVM_CHECK_EXTENSION, XVM_CAP_SVM) == XVM_HW_USABLE)
		self->tag = "svm";
	else
		SKIP(return, "no usable VMX or SVM on this host");
	if (!strcmp(self->tag, "vmx")) {
		self->flag = XVM_BACKEND_VMX;
		self->cap = XVM_CAP_VMX;
		self->busy = "VMX is in use by another hypervisor (CR4.VMXE set on CPU ";
	} else {
		ASSERT_STREQ("svm", self->tag);
		self->flag = XVM_BACKEND_SVM;
		self->cap = XVM_CAP_SVM;
		self->busy = "SVM is in use by another hypervisor (EFER.SVME set on CPU ";
	}
	if (access(OWN_FILE, R_OK)) {
		ASSERT_FALSE(rig && *rig) TH_LOG("%s: %s", OWN_FILE, strerror(errno));
		SKIP(return, "debugfs is not mounted");
	}
	ASSERT_EQ(XVM_HW_USABLE, ioctl(self->sys, XVM_CHECK_EXTENSION, self->cap));
	ASSERT_EQ(0, fail_cpu(-1));
}

FIXTURE_TEARDOWN(own)
{
	fail_cpu(-1);
	if (self->hp_cpu >= 0)
		cpu_set_online(self->hp_cpu, true);
	if (self->sys >= 0)
		close(self->sys);
}

/*
 * The first VM turns the extension on for every online CPU, more VMs share
 * it, the last one's end (its fd or, later, its last vCPU fd) turns it
 * off, and the probe never takes xvm's own ownership for another's.
 */
TEST_F(own, first_vm_on_last_vm_off)
{
	int vm1, vm2, vm3, vcpu;
	long mask;

	EXPECT_OWN(self->tag, 0, "off");
	vm1 = xvm_create_vm(self->sys, self->flag);
	ASSERT_LE(0, vm1) TH_LOG("XVM_CREATE_VM: %s", strerror(-vm1));
	EXPECT_OWN(self->tag, 1, "on");

	/* Ours, so still usable: the probe is not fooled. */
	EXPECT_EQ(XVM_HW_USABLE, ioctl(self->sys, XVM_CHECK_EXTENSION, self->cap));
	mask = ioctl(self->sys, XVM_CHECK_EXTENSION, XVM_CAP_BACKENDS);
	EXPECT_TRUE(mask & self->flag);

	vm2 = xvm_create_vm(self->sys, XVM_VM_BACKEND_AUTO);
	ASSERT_LE(0, vm2) TH_LOG("XVM_CREATE_VM(auto): %s", strerror(-vm2));
	vm3 = xvm_create_vm(self->sys, self->flag);
	ASSERT_LE(0, vm3);
	EXPECT_OWN(self->tag, 3, "on");
	vcpu = xvm_create_vcpu(vm2, 0);
	ASSERT_LE(0, vcpu);
	/* The backend runs it: with no memory at PC 0, a guest crash. */
	EXPECT_EQ(0, xvm_run(vcpu));

	close(vm1);
	EXPECT_OWN(self->tag, 2, "on");
	close(vm3);
	/* vm2's vCPU fd holds it. */
	close(vm2);
	EXPECT_OWN(self->tag, 1, "on");
	close(vcpu);
	EXPECT_OWN(self->tag, 0, "off");
}

static int wait_byte(int fd)
{
	char c;

	return read(fd, &c, 1) == 1 ? c : -1;
}

static void send_byte(int fd, char c)
{
	if (write(fd, &c, 1) != 1)
		perror("pipe");
}

/* VMs of two processes share one enablement; the last one ends it. */
TEST_F(own, two_processes_share)
{
	int to_child[2], to_parent[2], vm, status;
	pid_t pid;

	ASSERT_EQ(0, pipe(to_child));
	ASSERT_EQ(0, pipe(to_parent));
	vm = xvm_create_vm(self->sys, self->flag);
	ASSERT_LE(0, vm);
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		int mine;

		close(vm);		/* the inherited one: not ours */
		mine = xvm_new_vm();
		send_byte(to_parent[1], mine >= 0 ? 'y' : 'n');
		wait_byte(to_child[0]);
		if (mine >= 0)
			close(mine);
		_exit(mine >= 0 ? 0 : 1);
	}
	ASSERT_EQ('y', wait_byte(to_parent[0]));
	EXPECT_OWN(self->tag, 2, "on");
	close(vm);
	EXPECT_OWN(self->tag, 1, "on");
	send_byte(to_child[1], 'g');
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));
	EXPECT_OWN(self->tag, 0, "off");
	close(to_child[0]);
	close(to_child[1]);
	close(to_parent[0]);
	close(to_parent[1]);
}

/* A VM fd inherited across fork: on until the last process closes it. */
TEST_F(own, inherited_fd_keeps_it_on)
{
	int to_child[2], vm, status;
	pid_t pid;

	ASSERT_EQ(0, pipe(to_child));
	vm = xvm_create_vm(self->sys, self->flag);
	ASSERT_LE(0, vm);
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		wait_byte(to_child[0]);
		close(vm);
		_exit(0);
	}
	close(vm);
	EXPECT_OWN(self->tag, 1, "on");
	send_byte(to_child[1], 'g');
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status));
	EXPECT_OWN(self->tag, 0, "off");
	close(to_child[0]);
	close(to_child[1]);
}

/*
 * 100 first-VM/last-VM cycles, each turning the extension on and off on
 * every CPU: nothing left on, no per-CPU area left, slab stable.
 */
TEST_F_TIMEOUT(own, cycles_leave_nothing, 600)
{
	long slab0, slab1;
	int i, vm, vcpu;
	struct own o;

	for (i = 0; i < 5; i++) {
		vm = xvm_create_vm(self->sys, self->flag);
		ASSERT_LE(0, vm);
		close(vm);
	}
	usleep(200000);
	slab0 = meminfo_kb("Slab");
	ASSERT_LT(0, slab0);
	for (i = 0; i < 100; i++) {
		vm = xvm_create_vm(self->sys, self->flag);
		ASSERT_LE(0, vm) TH_LOG("cycle %d: %s", i, strerror(-vm));
		vcpu = xvm_create_vcpu(vm, 0);
		ASSERT_LE(0, vcpu);
		if (i % 10 == 0) {
			ASSERT_EQ(0, own_read(self->tag, &o));
			ASSERT_EQ(1, o.users);
			ASSERT_EQ(own_online(&o), own_count(&o, "on"))
				own_dump(&o);
		}
		close(vcpu);
		close(vm);
		if (i % 10 == 9) {
			ASSERT_EQ(0, own_read(self->tag, &o));
			ASSERT_EQ(0, o.users);
			ASSERT_EQ(0, o.areas);
			ASSERT_EQ(own_online(&o), own_count(&o, "off"))
				own_dump(&o);
		}
	}
	usleep(500000);
	slab1 = meminfo_kb("Slab");
	TH_LOG("slab %ld -> %ld kB over 100 cycles", slab0, slab1);
	EXPECT_OWN(self->tag, 0, "off");
	/* One leaked VM per cycle would be hundreds of kB. */
	EXPECT_GT(256, slab1 - slab0);
}

/*
 * A CPU that refuses (injected through debugfs fail_cpu) fails the first
 * VM with EIO and one dmesg line, and the CPUs that had said yes are
 * turned off again: nothing left on, no area kept. A VM made while the
 * extension is on anyway does not touch the CPUs.
 */
TEST_F(own, refusal_undoes_everything)
{
	char line[96];
	struct own o;
	int kmsg, vm, vm2, cpu;

	ASSERT_EQ(0, own_read(self->tag, &o));
	/* The last online CPU: with several, the others said yes first. */
	for (cpu = o.ncpus - 1; cpu > 0 && strcmp(o.state[cpu], "off"); cpu--)
		;
	kmsg = kmsg_open();
	ASSERT_LE(0, kmsg);
	ASSERT_EQ(0, fail_cpu(cpu));
	EXPECT_EQ(-EIO, xvm_create_vm(self->sys, self->flag));
	EXPECT_EQ(-EIO, xvm_create_vm(self->sys, XVM_VM_BACKEND_AUTO));
	EXPECT_OWN(self->tag, 0, "off");
	snprintf(line, sizeof(line), "cannot be enabled on CPU %d: failure injected",
		 cpu);
	EXPECT_EQ(2, kmsg_count(kmsg, line));
	close(kmsg);
	/* Nobody else owns it: the report does not change. */
	EXPECT_EQ(XVM_HW_USABLE, ioctl(self->sys, XVM_CHECK_EXTENSION, self->cap));

	ASSERT_EQ(0, fail_cpu(-1));
	vm = xvm_create_vm(self->sys, self->flag);
	ASSERT_LE(0, vm);
	EXPECT_OWN(self->tag, 1, "on");
	/* On already: the second VM only counts. */
	ASSERT_EQ(0, fail_cpu(cpu));
	vm2 = xvm_create_vm(self->sys, self->flag);
	EXPECT_LE(0, vm2);
	EXPECT_OWN(self->tag, 2, "on");
	ASSERT_EQ(0, fail_cpu(-1));
	close(vm2);
	close(vm);
	EXPECT_OWN(self->tag, 0, "off");
	EXPECT_EQ(-EINVAL, fail_cpu(-2));
}

/*
 * CPU hotplug: a CPU going offline while VMs exist is dropped, and turned
 * on again when it comes back; a CPU that refuses does not come online; a
 * CPU that was offline when the first VM came gets it when it returns.
 */
TEST_F(own, cpu_hotplug)
{
	unsigned long enables;
	struct own o;
	int cpu, vm, ret;

	ASSERT_EQ(0, own_read(self->tag, &o));
	cpu = hotplug_cpu(&o);
	if (cpu < 0)
		SKIP(return, "needs two online CPUs, one of them hotpluggable (rig -s 2)");

	vm = xvm_create_vm(self->sys, self->flag);
	ASSERT_LE(0, vm);
	EXPECT_OWN(self->tag, 1, "on");
	self->hp_cpu = cpu;
	ASSERT_EQ(0, own_read(self->tag, &o));
	enables = o.enables[cpu];
	ASSERT_EQ(0, cpu_set_online(cpu, false));
	ASSERT_EQ(0, own_read(self->tag, &o));
	EXPECT_STREQ("offline", o.state[cpu]);
	EXPECT_EQ(own_online(&o), own_count(&o, "on")) own_dump(&o);
	EXPECT_EQ(1, o.users);
	ASSERT_EQ(0, cpu_set_online(cpu, true));
	EXPECT_OWN(self->tag, 1, "on");
	/* Off when it went, on again when it came back. */
	ASSERT_EQ(0, own_read(self->tag, &o));
	EXPECT_EQ(enables + 1, o.enables[cpu]);

	/* A refusal keeps the CPU offline, and the rest as it was. */
	ASSERT_EQ(0, cpu_set_online(cpu, false));
	ASSERT_EQ(0, fail_cpu(cpu));
	ret = cpu_set_online(cpu, true);
	EXPECT_EQ(-EIO, ret);
	ASSERT_EQ(0, fail_cpu(-1));
	ASSERT_EQ(0, own_read(self->tag, &o));
	EXPECT_STREQ("offline", o.state[cpu]);
	EXPECT_EQ(own_online(&o), own_count(&o, "on")) own_dump(&o);
	ASSERT_EQ(0, cpu_set_online(cpu, true));
	EXPECT_OWN(self->tag, 1, "on");
	close(vm);
	EXPECT_OWN(self->tag, 0, "off");

	/* Offline when the first VM comes: on when it returns. */
	ASSERT_EQ(0, cpu_set_online(cpu, false));
	vm = xvm_create_vm(self->sys, self->flag);
	ASSERT_LE(0, vm);
	ASSERT_EQ(0, own_read(self->tag, &o));
	EXPECT_STREQ("offline", o.state[cpu]);
	EXPECT_EQ(own_online(&o), own_count(&o, "on")) own_dump(&o);
	EXPECT_EQ(own_online(&o), o.areas);
	ASSERT_EQ(0, cpu_set_online(cpu, true));
	self->hp_cpu = -1;
	EXPECT_OWN(self->tag, 1, "on");
	close(vm);
	EXPECT_OWN(self->tag, 0, "off");
}

/*
 * Suspend and resume while a VM exists: the extension goes off on every
 * CPU (secondary CPUs on their way offline, the last one in the syscore
 * suspend callback) and on again on resume, so each CPU's count of
 * enables grows by one; without a VM it stays off.
 */
TEST_F(own, suspend_resume)
{
	struct own before, after;
	int vm, kmsg;

	if (access(PM_TEST, W_OK) || !file_has_word("/sys/power/state", "mem"))
		SKIP(return, "needs suspend to RAM and /sys/power/pm_test (CONFIG_PM_DEBUG)");
	vm = xvm_create_vm(self->sys, self->flag);
	ASSERT_LE(0, vm);
	ASSERT_EQ(0, own_read(self->tag, &before));
	kmsg = kmsg_open();
	ASSERT_LE(0, kmsg);
	ASSERT_EQ(0, suspend_core());
	/* The syscore callbacks ran: pm_test waited at the "core" level. */
	EXPECT_EQ(1, kmsg_count(kmsg, "suspend debug: Waiting"));
	close(kmsg);
	EXPECT_OWN(self->tag, 1, "on");
	ASSERT_EQ(0, own_read(self->tag, &after));
	EXPECT_EQ(0, enables_moved(&before, &after, 1));
	close(vm);
	EXPECT_OWN(self->tag, 0, "off");

	ASSERT_EQ(0, own_read(self->tag, &before));
	ASSERT_EQ(0, suspend_core());
	EXPECT_OWN(self->tag, 0, "off");
	ASSERT_EQ(0, own_read(self->tag, &after));
	EXPECT_EQ(0, enables_moved(&before, &after, 0));
}

/*
 * KVM (Debian's own modules, loaded here from /kmod) turns the extension
 * on only while a KVM VM exists on 6.1. While one does, xvm refuses with
 * EBUSY and one dmesg line and reports XVM_HW_IN_USE; afterwards it works.
 * While an xvm VM exists, KVM_CREATE_VM fails and nothing breaks; after
 * it, KVM works again.
 */
TEST_F(own, kvm_coexistence)
{
	struct kvm_mods mods = { .n = 0 };
	int ret, kvm, kvm_vm, kvm_vcpu, vm, kmsg;
	long status;

	ret = kvm_load(&mods);
	if (ret == -ENOENT && access("/dev/kvm", F_OK))
		SKIP(return, "no KVM modules (/kmod/ORDER: run the rig with -k)");
	ASSERT_EQ(0, ret) TH_LOG("loading KVM: %s", strerror(-ret));
	kvm = kvm_open();
	ASSERT_LE(0, kvm) TH_LOG("/dev/kvm: %s", strerror(errno));
	EXPECT_EQ(12, ioctl(kvm, KVM_GET_API_VERSION, 0));

	status = ioctl(self->sys, XVM_CHECK_EXTENSION, self->cap);
	if (status == XVM_HW_IN_USE) {
		/* A KVM that takes the extension when it loads (6.12+). */
		EXPECT_EQ(-EBUSY, xvm_create_vm(self->sys, self->flag));
		close(kvm);
		kvm_unload(&mods);
		SKIP(return, "KVM holds the extension as soon as it loads");
	}
	ASSERT_EQ(XVM_HW_USABLE, status);

	/* KVM first: xvm refuses cleanly. */
	kvm_vm = ioctl(kvm, KVM_CREATE_VM, 0);
	ASSERT_LE(0, kvm_vm) TH_LOG("KVM_CREATE_VM: %s", strerror(errno));
	EXPECT_OWN(self->tag, 0, "foreign");
	EXPECT_EQ(XVM_HW_IN_USE, ioctl(self->sys, XVM_CHECK_EXTENSION, self->cap));
	EXPECT_FALSE(ioctl(self->sys, XVM_CHECK_EXTENSION, XVM_CAP_BACKENDS) &
		     self->flag);
	kmsg = kmsg_open();
	ASSERT_LE(0, kmsg);
	EXPECT_EQ(-EBUSY, xvm_create_vm(self->sys, self->flag));
	EXPECT_EQ(1, kmsg_count(kmsg, self->busy));
	EXPECT_EQ(-EBUSY, xvm_create_vm(self->sys, XVM_VM_BACKEND_AUTO));
	EXPECT_EQ(1, kmsg_count(kmsg, self->busy));
	close(kmsg);
	/* Nothing changed for KVM: its VM still takes a vCPU. */
	EXPECT_OWN(self->tag, 0, "foreign");
	kvm_vcpu = ioctl(kvm_vm, KVM_CREATE_VCPU, 0);
	EXPECT_LE(0, kvm_vcpu) TH_LOG("KVM_CREATE_VCPU: %s", strerror(errno));
	if (kvm_vcpu >= 0)
		close(kvm_vcpu);
	close(kvm_vm);
	EXPECT_OWN(self->tag, 0, "off");
	EXPECT_EQ(XVM_HW_USABLE, ioctl(self->sys, XVM_CHECK_EXTENSION, self->cap));

	/* xvm first: KVM fails to enable it and leaves xvm's state alone. */
	vm = xvm_create_vm(self->sys, self->flag);
	ASSERT_LE(0, vm) TH_LOG("XVM_CREATE_VM after KVM: %s", strerror(-vm));
	EXPECT_OWN(self->tag, 1, "on");
	/* ... and runs a guest after KVM's VM is gone. */
	EXPECT_EQ(0, run_hvc_guest(vm));
	kvm_vm = ioctl(kvm, KVM_CREATE_VM, 0);
	EXPECT_EQ(-1, kvm_vm);
	EXPECT_EQ(EBUSY, errno);
	if (kvm_vm >= 0)
		close(kvm_vm);
	EXPECT_OWN(self->tag, 1, "on");
	EXPECT_EQ(XVM_HW_USABLE, ioctl(self->sys, XVM_CHECK_EXTENSION, self->cap));
	close(vm);
	EXPECT_OWN(self->tag, 0, "off");

	/* And KVM works again. */
	kvm_vm = ioctl(kvm, KVM_CREATE_VM, 0);
	EXPECT_LE(0, kvm_vm) TH_LOG("KVM_CREATE_VM after xvm: %s", strerror(errno));
	if (kvm_vm >= 0) {
		EXPECT_OWN(self->tag, 0, "foreign");
		close(kvm_vm);
	}
	EXPECT_OWN(self->tag, 0, "off");
	close(kvm);
	EXPECT_TRUE(kvm_unload(&mods));
}

TEST_HARNESS_MAIN

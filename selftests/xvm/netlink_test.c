// SPDX-License-Identifier: GPL-2.0
/*
 * netlink_test.c - the "xvm" generic netlink family, through libnl-genl-3:
 * the family resolves; dumps list exactly the VMs that exist, across as
 * many skbs as they need; per-VM gets and statistics; lifecycle events in
 * order; an unprivileged caller sees only its own VMs and cannot join the
 * events group; malformed requests fail with EINVAL and break nothing.
 *
 * Run as root where xvm.ko matches the running kernel (the rigs do this).
 */
#include <grp.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <linux/xvm.h>
#include "kselftest_harness.h"
#include "module_util.h"
#include "netlink_util.h"

#define NOBODY		65534
#define GUEST_RAM	0x40000000ULL
#define SLOT_BYTES	(2ULL << 20)

FIXTURE(nl) {
	int sys;
	bool loaded_here;
	struct xnl nl;
	uint32_t backends;	/* XVM_CAP_BACKENDS */
};

FIXTURE_SETUP(nl)
{
	int ret;

	self->sys = -1;
	self->loaded_here = false;
	if (!xvm_module_loaded()) {
		ret = xvm_module_load();
		ASSERT_EQ(0, ret) TH_LOG("loading %s: %s", xvm_ko_path(),
					 strerror(-ret));
		self->loaded_here = true;
	}
	self->sys = xvm_open_dev();
	ASSERT_LE(0, self->sys) TH_LOG("open %s: %s", XVM_DEV,
				       strerror(-self->sys));
	self->backends = ioctl(self->sys, XVM_CHECK_EXTENSION,
			       XVM_CAP_BACKENDS);
	ret = xnl_open(&self->nl, 0);
	ASSERT_EQ(0, ret) TH_LOG("family \"%s\" does not resolve",
				 XVM_NL_FAMILY_NAME);
}

FIXTURE_TEARDOWN(nl)
{
	xnl_close(&self->nl);
	if (self->sys >= 0)
		close(self->sys);
	/* VM, vCPU and netlink fds a failed assertion left open. */
	close_range(3, ~0U, 0);
	if (self->loaded_here)
		EXPECT_EQ(0, xvm_module_unload());
}

/* Without a usable backend (outside the rigs) no VM can be created. */
#define SKIP_WITHOUT_BACKEND_MSG "no usable backend: VMs cannot be created"

static void close_all(int *fds, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

static struct xnl_list *new_list(void)
{
	return calloc(1, sizeof(struct xnl_list));
}

TEST_F(nl, family_resolves)
{
	struct nl_cache *cache = NULL;
	struct genl_family *fam;

	ASSERT_LT(0, self->nl.family);
	ASSERT_EQ(0, genl_ctrl_alloc_cache(self->nl.sk, &cache));
	fam = genl_ctrl_search_by_name(cache, XVM_NL_FAMILY_NAME);
	ASSERT_NE(NULL, fam);
	EXPECT_EQ(self->nl.family, genl_family_get_id(fam));
	EXPECT_EQ(XVM_NL_FAMILY_VERSION, genl_family_get_version(fam));
	genl_family_put(fam);
	nl_cache_free(cache);
}

/*
 * The events group exists where the kernel can keep it to CAP_SYS_ADMIN
 * (GENL_MCAST_CAP_SYS_ADMIN: 6.7, and 6.1.y since the backport).
 */
static bool have_events(struct xnl *nl)
{
	return genl_ctrl_resolve_grp(nl->sk, XVM_NL_FAMILY_NAME,
				     XVM_NL_MCGRP_EVENTS) >= 0;
}

#define SKIP_WITHOUT_EVENTS_MSG \
	"no events group: this kernel cannot restrict it to CAP_SYS_ADMIN"

/* The group resolves, and root may join it. */
TEST_F(nl, events_group_root_joins)
{
	if (!have_events(&self->nl))
		SKIP(return, SKIP_WITHOUT_EVENTS_MSG);
	EXPECT_EQ(0, xnl_join_events(&self->nl));
}

/*
 * Three VMs with 1, 2 and 3 vCPUs, the second with 2 MiB of RAM: the dump
 * lists exactly them, with their owner, vCPUs, memory, backend and state.
 */
TEST_F(nl, dump_lists_created_vms)
{
	struct xnl_list *l = new_list();
	struct xvm_memory_region mr = {
		.slot = 0,
		.guest_phys_addr = GUEST_RAM,
		.memory_size = SLOT_BYTES,
	};
	int vm[3] = { -1, -1, -1 }, vcpu[6], nvcpu = 0;
	uint32_t ids[3];
	void *ram;
	int i, j, first = 0;

	if (!self->backends)
		SKIP(return, SKIP_WITHOUT_BACKEND_MSG);
	ASSERT_NE(NULL, l);
	ASSERT_EQ(0, xnl_dump(&self->nl, XVM_NL_CMD_GET_VM, l));
	ASSERT_EQ(0, xnl_count_pid(l, getpid(), NULL));

	ram = mmap(NULL, SLOT_BYTES, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, ram);
	mr.userspace_addr = (uintptr_t)ram;
	for (i = 0; i < 3; i++) {
		vm[i] = ioctl(self->sys, XVM_CREATE_VM, 0);
		ASSERT_LE(0, vm[i]) TH_LOG("XVM_CREATE_VM: %s", strerror(errno));
		for (j = 0; j <= i; j++) {
			vcpu[nvcpu] = ioctl(vm[i], XVM_CREATE_VCPU, j);
			ASSERT_LE(0, vcpu[nvcpu]) TH_LOG("vm %d vcpu %d: %s",
							 i, j, strerror(errno));
			nvcpu++;
		}
	}
	ASSERT_EQ(0, ioctl(vm[1], XVM_SET_MEMORY_REGION, &mr))
		TH_LOG("XVM_SET_MEMORY_REGION: %s", strerror(errno));

	ASSERT_EQ(0, xnl_dump(&self->nl, XVM_NL_CMD_GET_VM, l));
	EXPECT_FALSE(l->bad_cmd);
	ASSERT_EQ(3, xnl_count_pid(l, getpid(), &first))
		TH_LOG("%d VMs in the dump", l->n);
	/* Root sees all VMs; nothing else runs in the rig. */
	EXPECT_EQ(3, l->n);
	for (i = 0; i < 3; i++) {
		const struct xnl_vm *v = &l->vm[first + i];

		ASSERT_TRUE(v->complete) TH_LOG("VM %d: attribute missing", i);
		EXPECT_EQ(getpid(), v->owner_pid);
		EXPECT_EQ(geteuid(), v->owner_uid);
		/* Created in this order: ids increase, dumps sort by id. */
		EXPECT_EQ(i + 1, v->nr_vcpus);
		EXPECT_EQ(i == 1 ? SLOT_BYTES : 0, v->mem_bytes);
		EXPECT_EQ(XVM_VM_STATE_CREATED, v->state);
		EXPECT_NE(0, v->backend & self->backends);
		EXPECT_EQ(0, v->backend & (v->backend - 1));
		if (i)
			EXPECT_LT(ids[i - 1], v->id);
		ids[i] = v->id;
	}

	/* Each one alone, by id, says the same. */
	for (i = 0; i < 3; i++) {
		const struct xnl_vm *d = &l->vm[first + i];
		struct xnl_list *one = new_list();

		ASSERT_NE(NULL, one);
		ASSERT_EQ(0, xnl_get(&self->nl, XVM_NL_CMD_GET_VM, ids[i], one));
		ASSERT_EQ(1, one->n);
		EXPECT_FALSE(one->bad_cmd);
		EXPECT_TRUE(one->vm[0].complete);
		EXPECT_EQ(0, memcmp(d, &one->vm[0], sizeof(*d)));
		free(one);
	}

	close_all(vcpu, nvcpu);
	close_all(vm, 3);
	munmap(ram, SLOT_BYTES);

	/* Gone from the dump, and by id, once closed. */
	ASSERT_EQ(0, xnl_dump(&self->nl, XVM_NL_CMD_GET_VM, l));
	EXPECT_EQ(0, xnl_count_pid(l, getpid(), NULL));
	for (i = 0; i < 3; i++)
		EXPECT_EQ(-ENOENT, xnl_get(&self->nl, XVM_NL_CMD_GET_VM,
					   ids[i], l));
	free(l);
}

TEST_F(nl, get_unknown_id_is_enoent)
{
	struct xnl_list *l = new_list();

	ASSERT_NE(NULL, l);
	EXPECT_EQ(-ENOENT, xnl_get(&self->nl, XVM_NL_CMD_GET_VM, 0, l));
	EXPECT_EQ(-ENOENT, xnl_get(&self->nl, XVM_NL_CMD_GET_VM,
				   0xffffffff, l));
	EXPECT_EQ(-ENOENT, xnl_get(&self->nl, XVM_NL_CMD_GET_STATS, 0, l));
	EXPECT_EQ(-ENOENT, xnl_get(&self->nl, XVM_NL_CMD_GET_STATS,
				   0xffffffff, l));
	EXPECT_EQ(0, l->n);
	free(l);
}

/* Statistics of a VM that never ran: all there, all zero. */
TEST_F(nl, stats_of_new_vm)
{
	struct xnl_list *l = new_list(), *all = new_list();
	struct xnl_list *vms = new_list();
	const struct xnl_stats *st;
	int vm, vcpu, i, found = 0, first = 0;
	uint32_t id;

	if (!self->backends)
		SKIP(return, SKIP_WITHOUT_BACKEND_MSG);
	ASSERT_NE(NULL, l);
	ASSERT_NE(NULL, all);
	ASSERT_NE(NULL, vms);
	vm = ioctl(self->sys, XVM_CREATE_VM, 0);
	ASSERT_LE(0, vm) TH_LOG("XVM_CREATE_VM: %s", strerror(errno));
	vcpu = ioctl(vm, XVM_CREATE_VCPU, 0);
	ASSERT_LE(0, vcpu);
	ASSERT_EQ(0, xnl_dump(&self->nl, XVM_NL_CMD_GET_VM, vms));
	ASSERT_EQ(1, xnl_count_pid(vms, getpid(), &first));
	id = vms->vm[first].id;

	ASSERT_EQ(0, xnl_get(&self->nl, XVM_NL_CMD_GET_STATS, id, l));
	ASSERT_EQ(1, l->n);
	EXPECT_FALSE(l->bad_cmd);
	st = &l->stats[0];
	ASSERT_TRUE(st->complete) TH_LOG("a statistics attribute is missing");
	EXPECT_TRUE(st->exits_sane);
	EXPECT_EQ(id, st->id);
	EXPECT_EQ(0, st->nr_exit_entries);
	EXPECT_EQ(0, st->translations);
	EXPECT_EQ(0, st->code_cache_bytes);
	EXPECT_EQ(0, st->guest_insns);

	/* The statistics dump has it too, once. */
	ASSERT_EQ(0, xnl_dump(&self->nl, XVM_NL_CMD_GET_STATS, all));
	EXPECT_FALSE(all->bad_cmd);
	for (i = 0; i < all->n; i++) {
		EXPECT_TRUE(all->stats[i].complete);
		if (all->stats[i].id == id) {
			found++;
			EXPECT_EQ(0, memcmp(st, &all->stats[i], sizeof(*st)));
		}
	}
	EXPECT_EQ(1, found);

	close(vcpu);
	close(vm);
	EXPECT_EQ(-ENOENT, xnl_get(&self->nl, XVM_NL_CMD_GET_STATS, id, l));
	free(vms);
	free(all);
	free(l);
}

/*
 * More VMs than one dump skb holds (a 4 KiB receive buffer, no MSG_PEEK:
 * the kernel fills one page-sized skb per read): every VM once, in id
 * order, and the dump took several reads.
 */
TEST_F(nl, dump_spans_many_skbs)
{
	enum { N = 100 };
	static const uint8_t cmds[] = { XVM_NL_CMD_GET_VM,
					XVM_NL_CMD_GET_STATS };
	struct xnl_list *l = new_list();
	struct xnl small;
	int vm[N], i, c, seen;
	uint32_t last;

	if (!self->backends)
		SKIP(return, SKIP_WITHOUT_BACKEND_MSG);
	ASSERT_NE(NULL, l);
	for (i = 0; i < N; i++)
		vm[i] = -1;
	for (i = 0; i < N; i++) {
		vm[i] = ioctl(self->sys, XVM_CREATE_VM, 0);
		ASSERT_LE(0, vm[i]) TH_LOG("VM %d: XVM_CREATE_VM: %s", i,
					   strerror(errno));
	}
	ASSERT_EQ(0, xnl_open(&small, 4096));

	for (c = 0; c < 2; c++) {
		ASSERT_EQ(0, xnl_dump(&small, cmds[c], l)) TH_LOG("cmd %d", cmds[c]);
		EXPECT_FALSE(l->bad_cmd);
		EXPECT_LE(2, xnl_recv_calls)
			TH_LOG("cmd %d: %d VMs in %d reads", cmds[c], l->n,
			       xnl_recv_calls);
		ASSERT_LE(N, l->n);
		ASSERT_GE(XNL_MAX_VMS, l->n);
		seen = 0;
		last = 0;
		for (i = 0; i < l->n; i++) {
			uint32_t id = cmds[c] == XVM_NL_CMD_GET_VM ?
				      l->vm[i].id : l->stats[i].id;

			EXPECT_LT(last, id) TH_LOG("entry %d: id %u after %u",
						  i, id, last);
			last = id;
			if (cmds[c] == XVM_NL_CMD_GET_VM) {
				EXPECT_TRUE(l->vm[i].complete);
				if (l->vm[i].owner_pid == (uint32_t)getpid())
					seen++;
			} else {
				EXPECT_TRUE(l->stats[i].complete);
				seen++;
			}
		}
		/* Ours are all there; as root nobody else's are hidden. */
		EXPECT_EQ(cmds[c] == XVM_NL_CMD_GET_VM ? N : l->n, seen);
	}
	xnl_close(&small);
	close_all(vm, N);
	free(l);
}

/* An event of @type for VM @id owned by this process, at @ev. */
static bool is_event(const struct xnl_vm *ev, uint32_t type, uint32_t id)
{
	return ev->complete && ev->cmd == XVM_NL_CMD_EVENT &&
	       ev->event == type && ev->id == id &&
	       ev->owner_pid == (uint32_t)getpid();
}

TEST_F(nl, events_created_then_destroyed)
{
	struct xnl_list *l = new_list();
	struct xnl_events *e = calloc(1, sizeof(*e));
	int vm, first = 0, ret;
	uint32_t id;

	if (!self->backends)
		SKIP(return, SKIP_WITHOUT_BACKEND_MSG);
	if (!have_events(&self->nl))
		SKIP(return, SKIP_WITHOUT_EVENTS_MSG);
	ASSERT_NE(NULL, l);
	ASSERT_NE(NULL, e);
	ret = xnl_events_open(e);
	ASSERT_EQ(0, ret) TH_LOG("joining \"%s\": %s", XVM_NL_MCGRP_EVENTS,
				 strerror(-ret));
	vm = ioctl(self->sys, XVM_CREATE_VM, 0);
	ASSERT_LE(0, vm) TH_LOG("XVM_CREATE_VM: %s", strerror(errno));
	ASSERT_EQ(1, xnl_events_wait(e, 1, 5000));
	EXPECT_TRUE(e->ev[0].complete);
	EXPECT_EQ(XVM_NL_CMD_EVENT, e->ev[0].cmd);
	EXPECT_EQ(XVM_NL_EVENT_CREATED, e->ev[0].event);
	EXPECT_EQ(getpid(), e->ev[0].owner_pid);
	EXPECT_EQ(0, e->ev[0].nr_vcpus);
	EXPECT_EQ(XVM_VM_STATE_CREATED, e->ev[0].state);
	id = e->ev[0].id;

	/* The id in the event is the VM the dump shows. */
	ASSERT_EQ(0, xnl_dump(&self->nl, XVM_NL_CMD_GET_VM, l));
	ASSERT_EQ(1, xnl_count_pid(l, getpid(), &first));
	EXPECT_EQ(id, l->vm[first].id);

	close(vm);
	ASSERT_EQ(2, xnl_events_wait(e, 2, 5000));
	EXPECT_TRUE(is_event(&e->ev[1], XVM_NL_EVENT_DESTROYED, id))
		TH_LOG("second event: %u for VM %u", e->ev[1].event,
		       e->ev[1].id);
	/* Nothing more. */
	EXPECT_EQ(2, xnl_events_wait(e, 3, 200));
	xnl_events_close(e);
	free(e);
	free(l);
}

/*
 * A vCPU fd keeps its VM: closing the VM fd first sends no event; the
 * VM is destroyed, and said so, when the vCPU fd goes. Two VMs created
 * back to back report in order.
 */
TEST_F(nl, events_follow_lifetime)
{
	struct xnl_events *e = calloc(1, sizeof(*e));
	int vm[2], vcpu, ret;

	if (!self->backends)
		SKIP(return, SKIP_WITHOUT_BACKEND_MSG);
	if (!have_events(&self->nl))
		SKIP(return, SKIP_WITHOUT_EVENTS_MSG);
	ASSERT_NE(NULL, e);
	ret = xnl_events_open(e);
	ASSERT_EQ(0, ret) TH_LOG("joining \"%s\": %s", XVM_NL_MCGRP_EVENTS,
				 strerror(-ret));
	vm[0] = ioctl(self->sys, XVM_CREATE_VM, 0);
	ASSERT_LE(0, vm[0]) TH_LOG("XVM_CREATE_VM: %s", strerror(errno));
	vm[1] = ioctl(self->sys, XVM_CREATE_VM, 0);
	ASSERT_LE(0, vm[1]) TH_LOG("XVM_CREATE_VM: %s", strerror(errno));
	vcpu = ioctl(vm[0], XVM_CREATE_VCPU, 0);
	ASSERT_LE(0, vcpu);
	ASSERT_EQ(2, xnl_events_wait(e, 2, 5000));
	ASSERT_EQ(XVM_NL_EVENT_CREATED, e->ev[0].event);
	ASSERT_EQ(XVM_NL_EVENT_CREATED, e->ev[1].event);
	EXPECT_LT(e->ev[0].id, e->ev[1].id);

	close(vm[0]);
	EXPECT_EQ(2, xnl_events_wait(e, 3, 300));
	close(vm[1]);
	ASSERT_EQ(3, xnl_events_wait(e, 3, 5000));
	EXPECT_TRUE(is_event(&e->ev[2], XVM_NL_EVENT_DESTROYED,
			     e->ev[1].id));
	close(vcpu);
	ASSERT_EQ(4, xnl_events_wait(e, 4, 5000));
	EXPECT_TRUE(is_event(&e->ev[3], XVM_NL_EVENT_DESTROYED,
			     e->ev[0].id));
	EXPECT_EQ(1, e->ev[3].nr_vcpus);
	xnl_events_close(e);
	free(e);
}

/* What the unprivileged child saw, for the parent to judge. */
struct unpriv_report {
	char failed[96];	/* a setup step that failed, or "" */
	int err;		/* its errno */
	uid_t euid;
	int dump_err, n, n_stats, stats_dump_err;
	struct xnl_vm seen[4];
	uint32_t stats_ids[4];
	int get_root_err, stats_root_err, get_own_err, own_n;
	struct xnl_vm own;
	int join_err;
};

/* The child's part; returns the setup step that failed, or NULL. */
static const char *unpriv_child(int sys, uint32_t root_id,
				struct unpriv_report *r)
{
	struct xnl_list *l;
	struct xnl nl;
	int i;

	if (setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) ||
	    setresuid(NOBODY, NOBODY, NOBODY))
		return "dropping to nobody";
	r->euid = geteuid();
	/* /dev/xvm was opened by root, as a launcher would pass it on. */
	if (ioctl(sys, XVM_CREATE_VM, 0) < 0)
		return "XVM_CREATE_VM as nobody";
	/* Everything netlink is opened as nobody. */
	if (xnl_open(&nl, 0))
		return "resolving the family as nobody";
	l = new_list();
	if (!l)
		return "calloc";

	r->dump_err = xnl_dump(&nl, XVM_NL_CMD_GET_VM, l);
	r->n = l->n;
	for (i = 0; i < l->n && i < 4; i++)
		r->seen[i] = l->vm[i];
	r->stats_dump_err = xnl_dump(&nl, XVM_NL_CMD_GET_STATS, l);
	r->n_stats = l->n;
	for (i = 0; i < l->n && i < 4; i++)
		r->stats_ids[i] = l->stats[i].id;
	r->get_root_err = xnl_get(&nl, XVM_NL_CMD_GET_VM, root_id, l);
	r->stats_root_err = xnl_get(&nl, XVM_NL_CMD_GET_STATS, root_id, l);
	if (r->n >= 1) {
		r->get_own_err = xnl_get(&nl, XVM_NL_CMD_GET_VM,
					 r->seen[0].id, l);
		r->own_n = l->n;
		r->own = l->vm[0];
	}
	r->join_err = xnl_join_events(&nl);
	xnl_close(&nl);
	free(l);
	return NULL;
}

/*
 * A process that dropped to nobody sees its own VM and not root's, by
 * dump or by id; it cannot join the events group. Root sees both.
 */
TEST_F(nl, unprivileged_sees_only_own_vms)
{
	struct unpriv_report *r;
	struct xnl_list *l = new_list();
	int vm, first = 0, status, go[2], done[2];
	const struct xnl_vm *theirs;
	uint32_t root_id;
	const char *failed;
	pid_t pid;
	char c;

	if (!self->backends)
		SKIP(return, SKIP_WITHOUT_BACKEND_MSG);
	ASSERT_NE(NULL, l);
	r = mmap(NULL, sizeof(*r), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, r);
	memset(r, 0, sizeof(*r));
	vm = ioctl(self->sys, XVM_CREATE_VM, 0);
	ASSERT_LE(0, vm) TH_LOG("XVM_CREATE_VM: %s", strerror(errno));
	ASSERT_EQ(0, xnl_dump(&self->nl, XVM_NL_CMD_GET_VM, l));
	ASSERT_EQ(1, xnl_count_pid(l, getpid(), &first));
	root_id = l->vm[first].id;
	ASSERT_EQ(0, pipe(go));
	ASSERT_EQ(0, pipe(done));

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		close(go[1]);
		close(done[0]);
		failed = unpriv_child(self->sys, root_id, r);
		if (failed) {
			r->err = errno;
			snprintf(r->failed, sizeof(r->failed), "%s", failed);
		}
		/* Report written; keep its VM alive until root has looked. */
		if (write(done[1], "x", 1) != 1 || read(go[0], &c, 1) < 0)
			_exit(1);
		_exit(0);
	}
	close(go[0]);
	close(done[1]);
	/* One byte when the child has reported, none if it died. */
	EXPECT_EQ(1, read(done[0], &c, 1));
	close(done[0]);

	/* Root sees both VMs, the child's with its owner. */
	ASSERT_EQ(0, xnl_dump(&self->nl, XVM_NL_CMD_GET_VM, l));
	theirs = NULL;
	if (xnl_count_pid(l, pid, &first) == 1)
		theirs = &l->vm[first];
	close(go[1]);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, r->failed[0]) TH_LOG("child: %s: %s", r->failed,
					  strerror(r->err));
	ASSERT_EQ(0, WEXITSTATUS(status));
	ASSERT_NE(NULL, theirs) TH_LOG("root does not see nobody's VM");
	EXPECT_EQ(NOBODY, theirs->owner_uid);
	EXPECT_NE(NULL, xnl_find(l, root_id));

	EXPECT_EQ(NOBODY, r->euid);
	EXPECT_EQ(0, r->dump_err);
	ASSERT_EQ(1, r->n) TH_LOG("nobody sees %d VMs", r->n);
	EXPECT_EQ(theirs->id, r->seen[0].id);
	EXPECT_NE(root_id, r->seen[0].id);
	EXPECT_EQ(pid, r->seen[0].owner_pid);
	EXPECT_EQ(NOBODY, r->seen[0].owner_uid);
	EXPECT_EQ(0, r->stats_dump_err);
	EXPECT_EQ(1, r->n_stats);
	EXPECT_EQ(theirs->id, r->stats_ids[0]);
	EXPECT_EQ(-ENOENT, r->get_root_err);
	EXPECT_EQ(-ENOENT, r->stats_root_err);
	EXPECT_EQ(0, r->get_own_err);
	EXPECT_EQ(1, r->own_n);
	EXPECT_EQ(theirs->id, r->own.id);
	EXPECT_EQ(have_events(&self->nl) ? -EPERM : -ENOENT, r->join_err)
		TH_LOG("nobody joining \"%s\": %s", XVM_NL_MCGRP_EVENTS,
		       strerror(-r->join_err));

	close(vm);
	munmap(r, sizeof(*r));
	free(l);
}

/* ---- malformed requests -------------------------------------------- */

/* A GET_VM request for @id whose attribute is then broken by @how. */
enum breakage { ATTR_LONG, ATTR_SHORT, ATTR_HDR_SHORT };

static int send_broken(struct xnl *nl, enum breakage how)
{
	struct nl_msg *msg = xnl_msg(nl, 0, XVM_NL_CMD_GET_VM);
	struct nlattr *a;

	if (!msg)
		return -ENOMEM;
	a = nla_reserve(msg, XVM_NL_A_VM_ID, sizeof(uint32_t));
	if (!a) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	memset(nla_data(a), 0, sizeof(uint32_t));
	switch (how) {
	case ATTR_LONG:		/* runs past the end of the message */
		a->nla_len = 64;
		break;
	case ATTR_SHORT:	/* says 2 bytes of payload */
		a->nla_len = NLA_HDRLEN + 2;
		break;
	case ATTR_HDR_SHORT:	/* shorter than its own header */
		a->nla_len = 2;
		break;
	}
	return xnl_transact(nl, msg, NULL);
}

TEST_F(nl, malformed_requests_are_einval)
{
	struct xnl_list *l = new_list();
	struct nl_msg *msg;
	int vm, first = 0;
	uint32_t id;

	if (!self->backends)
		SKIP(return, SKIP_WITHOUT_BACKEND_MSG);
	ASSERT_NE(NULL, l);
	vm = ioctl(self->sys, XVM_CREATE_VM, 0);
	ASSERT_LE(0, vm) TH_LOG("XVM_CREATE_VM: %s", strerror(errno));
	ASSERT_EQ(0, xnl_dump(&self->nl, XVM_NL_CMD_GET_VM, l));
	ASSERT_EQ(1, xnl_count_pid(l, getpid(), &first));
	id = l->vm[first].id;

	/* The VM id is missing. */
	EXPECT_EQ(-EINVAL, xnl_transact(&self->nl,
		  xnl_msg(&self->nl, 0, XVM_NL_CMD_GET_VM), NULL));
	EXPECT_EQ(-EINVAL, xnl_transact(&self->nl,
		  xnl_msg(&self->nl, 0, XVM_NL_CMD_GET_STATS), NULL));

	/* The id as a u16, a u64, a string. */
	msg = xnl_msg(&self->nl, 0, XVM_NL_CMD_GET_VM);
	ASSERT_NE(NULL, msg);
	ASSERT_EQ(0, nla_put_u16(msg, XVM_NL_A_VM_ID, id));
	EXPECT_EQ(-EINVAL, xnl_transact(&self->nl, msg, NULL));
	msg = xnl_msg(&self->nl, 0, XVM_NL_CMD_GET_STATS);
	ASSERT_NE(NULL, msg);
	ASSERT_EQ(0, nla_put_u64(msg, XVM_NL_A_VM_ID, id));
	EXPECT_EQ(-EINVAL, xnl_transact(&self->nl, msg, NULL));
	msg = xnl_msg(&self->nl, 0, XVM_NL_CMD_GET_VM);
	ASSERT_NE(NULL, msg);
	ASSERT_EQ(0, nla_put_string(msg, XVM_NL_A_VM_ID, "1"));
	EXPECT_EQ(-EINVAL, xnl_transact(&self->nl, msg, NULL));

	/* A right id next to an attribute requests may not carry. */
	msg = xnl_msg(&self->nl, 0, XVM_NL_CMD_GET_VM);
	ASSERT_NE(NULL, msg);
	ASSERT_EQ(0, nla_put_u32(msg, XVM_NL_A_VM_ID, id));
	ASSERT_EQ(0, nla_put_u32(msg, XVM_NL_A_VM_OWNER_PID, getpid()));
	EXPECT_EQ(-EINVAL, xnl_transact(&self->nl, msg, NULL));
	msg = xnl_msg(&self->nl, 0, XVM_NL_CMD_GET_VM);
	ASSERT_NE(NULL, msg);
	ASSERT_EQ(0, nla_put_u32(msg, XVM_NL_A_VM_ID, id));
	ASSERT_EQ(0, nla_put_u32(msg, XVM_NL_A_MAX + 1, 0));
	EXPECT_EQ(-EINVAL, xnl_transact(&self->nl, msg, NULL));

	/* Dumps are validated as strictly. */
	msg = xnl_msg(&self->nl, NLM_F_DUMP, XVM_NL_CMD_GET_VM);
	ASSERT_NE(NULL, msg);
	ASSERT_EQ(0, nla_put_u64(msg, XVM_NL_A_VM_ID, id));
	EXPECT_EQ(-EINVAL, xnl_transact(&self->nl, msg, NULL));
	msg = xnl_msg(&self->nl, NLM_F_DUMP, XVM_NL_CMD_GET_STATS);
	ASSERT_NE(NULL, msg);
	ASSERT_EQ(0, nla_put_u32(msg, XVM_NL_A_STATS_TRANSLATIONS, 0));
	EXPECT_EQ(-EINVAL, xnl_transact(&self->nl, msg, NULL));

	/* Attributes whose length lies. */
	EXPECT_EQ(-EINVAL, send_broken(&self->nl, ATTR_LONG));
	EXPECT_EQ(-EINVAL, send_broken(&self->nl, ATTR_SHORT));
	EXPECT_EQ(-EINVAL, send_broken(&self->nl, ATTR_HDR_SHORT));

	/* genlmsghdr.reserved must be 0. */
	msg = xnl_msg(&self->nl, 0, XVM_NL_CMD_GET_VM);
	ASSERT_NE(NULL, msg);
	ASSERT_EQ(0, nla_put_u32(msg, XVM_NL_A_VM_ID, id));
	((struct genlmsghdr *)nlmsg_data(nlmsg_hdr(msg)))->reserved = 1;
	EXPECT_EQ(-EINVAL, xnl_transact(&self->nl, msg, NULL));

	/* Commands that are not requests. */
	EXPECT_EQ(-EOPNOTSUPP, xnl_transact(&self->nl,
		  xnl_msg(&self->nl, 0, XVM_NL_CMD_EVENT), NULL));
	EXPECT_EQ(-EOPNOTSUPP, xnl_transact(&self->nl,
		  xnl_msg(&self->nl, 0, XVM_NL_CMD_UNSPEC), NULL));
	EXPECT_EQ(-EOPNOTSUPP, xnl_transact(&self->nl,
		  xnl_msg(&self->nl, 0, 200), NULL));

	/* And the family still answers. */
	EXPECT_EQ(0, xnl_get(&self->nl, XVM_NL_CMD_GET_VM, id, l));
	EXPECT_EQ(1, l->n);
	EXPECT_EQ(id, l->vm[0].id);
	EXPECT_EQ(0, xnl_get(&self->nl, XVM_NL_CMD_GET_STATS, id, l));
	EXPECT_EQ(1, l->n);
	close(vm);
	free(l);
}

/* ---- XVM_NL_CMD_SET_IRQ ----------------------------------------------- */

/* XVM_NL_CMD_SET_IRQ with the attributes asked for (-1: left out). */
static int set_irq(struct xnl *nl, int64_t id, int64_t spi, int64_t level)
{
	struct nl_msg *msg = xnl_msg(nl, 0, XVM_NL_CMD_SET_IRQ);

	if (!msg)
		return -ENOMEM;
	if ((id >= 0 && nla_put_u32(msg, XVM_NL_A_VM_ID, id)) ||
	    (spi >= 0 && nla_put_u32(msg, XVM_NL_A_IRQ_SPI, spi)) ||
	    (level >= 0 && nla_put_u32(msg, XVM_NL_A_IRQ_LEVEL, level))) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return xnl_transact(nl, msg, NULL);
}

/* XVM_GET_SPI_STATE of @spi on the VM fd, or ~0 on error. */
static uint32_t spi_state(int vm, uint32_t spi)
{
	struct xvm_spi_state st = { .spi = spi };

	return ioctl(vm, XVM_GET_SPI_STATE, &st) ? ~0U : st.state;
}

/* The VM id of @vm, from its XVM_GET_STATS. */
static uint32_t vm_id(int vm)
{
	struct xvm_vm_stats st;

	return ioctl(vm, XVM_GET_STATS, &st) ? 0 : st.id;
}

/* Set and cleared through netlink, read back on the VM fd. */
TEST_F(nl, set_irq_drives_the_line)
{
	const uint32_t both = XVM_SPI_LEVEL | XVM_SPI_PENDING;
	uint32_t id, nr_spis;
	int vm;

	if (!self->backends)
		SKIP(return, SKIP_WITHOUT_BACKEND_MSG);
	vm = ioctl(self->sys, XVM_CREATE_VM, 0);
	ASSERT_LE(0, vm) TH_LOG("XVM_CREATE_VM: %s", strerror(errno));
	id = vm_id(vm);
	ASSERT_NE(0, id);
	nr_spis = ioctl(self->sys, XVM_CHECK_EXTENSION, XVM_CAP_NR_SPIS);
	ASSERT_LT(5, nr_spis);

	EXPECT_EQ(0, spi_state(vm, 5));
	EXPECT_EQ(0, set_irq(&self->nl, id, 5, 1));
	EXPECT_EQ(both, spi_state(vm, 5));
	EXPECT_EQ(0, spi_state(vm, 4));
	EXPECT_EQ(0, spi_state(vm, 6));
	/* Asserting it again changes nothing. */
	EXPECT_EQ(0, set_irq(&self->nl, id, 5, 1));
	EXPECT_EQ(both, spi_state(vm, 5));
	EXPECT_EQ(0, set_irq(&self->nl, id, 5, 0));
	EXPECT_EQ(0, spi_state(vm, 5));
	/* The last SPI. */
	EXPECT_EQ(0, set_irq(&self->nl, id, nr_spis - 1, 1));
	EXPECT_EQ(both, spi_state(vm, nr_spis - 1));
	EXPECT_EQ(0, set_irq(&self->nl, id, nr_spis - 1, 0));
	EXPECT_EQ(0, spi_state(vm, nr_spis - 1));
	close(vm);
}

TEST_F(nl, set_irq_errors)
{
	struct nl_msg *msg;
	uint32_t id, nr_spis;
	int vm;

	if (!self->backends)
		SKIP(return, SKIP_WITHOUT_BACKEND_MSG);
	vm = ioctl(self->sys, XVM_CREATE_VM, 0);
	ASSERT_LE(0, vm) TH_LOG("XVM_CREATE_VM: %s", strerror(errno));
	id = vm_id(vm);
	ASSERT_NE(0, id);
	nr_spis = ioctl(self->sys, XVM_CHECK_EXTENSION, XVM_CAP_NR_SPIS);

	/* SPI or level out of range. */
	EXPECT_EQ(-EINVAL, set_irq(&self->nl, id, nr_spis, 1));
	EXPECT_EQ(-EINVAL, set_irq(&self->nl, id, 0xffffffffLL, 1));
	EXPECT_EQ(-EINVAL, set_irq(&self->nl, id, 0, 2));
	EXPECT_EQ(-EINVAL, set_irq(&self->nl, id, 0, 0xffffffffLL));
	/* Each attribute is required. */
	EXPECT_EQ(-EINVAL, set_irq(&self->nl, -1, 0, 1));
	EXPECT_EQ(-EINVAL, set_irq(&self->nl, id, -1, 1));
	EXPECT_EQ(-EINVAL, set_irq(&self->nl, id, 0, -1));
	/* Strict: a wrong type, an attribute it may not carry. */
	msg = xnl_msg(&self->nl, 0, XVM_NL_CMD_SET_IRQ);
	ASSERT_NE(NULL, msg);
	ASSERT_EQ(0, nla_put_u32(msg, XVM_NL_A_VM_ID, id));
	ASSERT_EQ(0, nla_put_u16(msg, XVM_NL_A_IRQ_SPI, 0));
	ASSERT_EQ(0, nla_put_u32(msg, XVM_NL_A_IRQ_LEVEL, 1));
	EXPECT_EQ(-EINVAL, xnl_transact(&self->nl, msg, NULL));
	msg = xnl_msg(&self->nl, 0, XVM_NL_CMD_SET_IRQ);
	ASSERT_NE(NULL, msg);
	ASSERT_EQ(0, nla_put_u32(msg, XVM_NL_A_VM_ID, id));
	ASSERT_EQ(0, nla_put_u32(msg, XVM_NL_A_IRQ_SPI, 0));
	ASSERT_EQ(0, nla_put_u32(msg, XVM_NL_A_IRQ_LEVEL, 1));
	ASSERT_EQ(0, nla_put_u32(msg, XVM_NL_A_EVENT, 1));
	EXPECT_EQ(-EINVAL, xnl_transact(&self->nl, msg, NULL));
	/* Not a dump; and the GET requests take no IRQ attribute. */
	EXPECT_EQ(-EOPNOTSUPP, xnl_transact(&self->nl,
		  xnl_msg(&self->nl, NLM_F_DUMP, XVM_NL_CMD_SET_IRQ), NULL));
	msg = xnl_msg(&self->nl, 0, XVM_NL_CMD_GET_VM);
	ASSERT_NE(NULL, msg);
	ASSERT_EQ(0, nla_put_u32(msg, XVM_NL_A_VM_ID, id));
	ASSERT_EQ(0, nla_put_u32(msg, XVM_NL_A_IRQ_SPI, 0));
	EXPECT_EQ(-EINVAL, xnl_transact(&self->nl, msg, NULL));
	/* No line moved on any of these. */
	EXPECT_EQ(0, spi_state(vm, 0));

	/* Unknown VMs; and one just closed. */
	EXPECT_EQ(-ENOENT, set_irq(&self->nl, 0, 0, 1));
	EXPECT_EQ(-ENOENT, set_irq(&self->nl, 0xffffffffLL, 0, 1));
	close(vm);
	EXPECT_EQ(-ENOENT, set_irq(&self->nl, id, 0, 1));
}

struct irq_report {
	char failed[64];
	int err;
	int root_err, own_err, own_bad_err;
	uint32_t own_state;
};

/* The child's part; returns the setup step that failed, or NULL. */
static const char *irq_child(int sys, uint32_t root_id, struct irq_report *r)
{
	struct xnl nl;
	int vm;

	if (setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) ||
	    setresuid(NOBODY, NOBODY, NOBODY))
		return "dropping to nobody";
	vm = ioctl(sys, XVM_CREATE_VM, 0);
	if (vm < 0)
		return "XVM_CREATE_VM as nobody";
	if (xnl_open(&nl, 0))
		return "resolving the family as nobody";
	r->root_err = set_irq(&nl, root_id, 3, 1);
	r->own_err = set_irq(&nl, vm_id(vm), 3, 1);
	r->own_bad_err = set_irq(&nl, vm_id(vm), 3, 7);
	r->own_state = spi_state(vm, 3);
	xnl_close(&nl);
	close(vm);
	return NULL;
}

/* Nobody drives the lines of his own VMs, not those of root's. */
TEST_F(nl, set_irq_unprivileged)
{
	struct irq_report *r;
	const char *failed;
	int vm, status;
	uint32_t id;
	pid_t pid;

	if (!self->backends)
		SKIP(return, SKIP_WITHOUT_BACKEND_MSG);
	r = mmap(NULL, sizeof(*r), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, r);
	memset(r, 0, sizeof(*r));
	vm = ioctl(self->sys, XVM_CREATE_VM, 0);
	ASSERT_LE(0, vm) TH_LOG("XVM_CREATE_VM: %s", strerror(errno));
	id = vm_id(vm);
	ASSERT_NE(0, id);

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		failed = irq_child(self->sys, id, r);
		if (failed) {
			r->err = errno;
			snprintf(r->failed, sizeof(r->failed), "%s", failed);
		}
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, r->failed[0]) TH_LOG("child: %s: %s", r->failed,
					  strerror(r->err));
	EXPECT_EQ(-ENOENT, r->root_err);
	EXPECT_EQ(0, spi_state(vm, 3));
	EXPECT_EQ(0, r->own_err);
	EXPECT_EQ(-EINVAL, r->own_bad_err);
	EXPECT_EQ(XVM_SPI_LEVEL | XVM_SPI_PENDING, r->own_state);
	/* Root may drive anyone's: his own here. */
	EXPECT_EQ(0, set_irq(&self->nl, id, 3, 1));
	EXPECT_EQ(XVM_SPI_LEVEL | XVM_SPI_PENDING, spi_state(vm, 3));
	close(vm);
	munmap(r, sizeof(*r));
}

/*
 * Unloading the module takes the family away from sockets that hold it
 * (one of them in the events group), and loading it again brings it back.
 */
TEST_F(nl, family_follows_module)
{
	struct xnl_events *old = calloc(1, sizeof(*old));
	struct xnl_events *now = calloc(1, sizeof(*now));
	struct xnl_list *l = new_list();
	int ret, vm;

	if (!self->backends)
		SKIP(return, SKIP_WITHOUT_BACKEND_MSG);
	if (!have_events(&self->nl))
		SKIP(return, SKIP_WITHOUT_EVENTS_MSG);
	ASSERT_NE(NULL, old);
	ASSERT_NE(NULL, now);
	ASSERT_NE(NULL, l);
	ret = xnl_events_open(old);
	ASSERT_EQ(0, ret);
	close(self->sys);
	self->sys = -1;
	ret = xvm_module_unload();
	if (ret == -EWOULDBLOCK || ret == -EBUSY)
		SKIP(return, "xvm.ko is held by another process");
	ASSERT_EQ(0, ret);
	EXPECT_FALSE(xvm_module_loaded());
	EXPECT_GT(0, genl_ctrl_resolve(self->nl.sk, XVM_NL_FAMILY_NAME));
	/* The old family id is answered with an error, not a crash. */
	EXPECT_GT(0, xnl_dump(&self->nl, XVM_NL_CMD_GET_VM, l));

	ASSERT_EQ(0, xvm_module_load());
	self->sys = xvm_open_dev();
	ASSERT_LE(0, self->sys);
	ret = xnl_events_open(now);
	ASSERT_EQ(0, ret);
	vm = ioctl(self->sys, XVM_CREATE_VM, 0);
	ASSERT_LE(0, vm) TH_LOG("XVM_CREATE_VM: %s", strerror(errno));
	close(vm);
	EXPECT_EQ(2, xnl_events_wait(now, 2, 5000));
	EXPECT_EQ(XVM_NL_EVENT_CREATED, now->ev[0].event);
	EXPECT_EQ(XVM_NL_EVENT_DESTROYED, now->ev[1].event);
	/* The old membership died with the old family. */
	EXPECT_EQ(0, xnl_events_wait(old, 1, 300));
	xnl_events_close(now);
	xnl_events_close(old);
	free(now);
	free(old);
	free(l);
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * netlink.c - "vmctl list", "stats", "events" and "irq": the xvm generic
 * netlink family (uapi/linux/xvm_netlink.h) through libnl-genl-3.
 *
 * Tables for people by default, --json for scripts: list and stats print
 * one JSON array, events one JSON object per line as they come. All of
 * them need xvm.ko: without it they say so and exit with status 1.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include <linux/xvm.h>
#include <linux/xvm_netlink.h>

#include "vmctl.h"

/* One VM, as XVM_NL_CMD_GET_VM and XVM_NL_CMD_EVENT describe it. */
struct vm_info {
	u32 event;
	u32 id;
	u32 pid;
	u32 uid;
	u64 mem;
	u32 vcpus;
	u32 backend;
	u32 state;
};

/* One VM's XVM_NL_CMD_GET_STATS. */
struct vm_stats {
	u32 id;
	u64 translations;
	u64 code_cache;
	u64 guest_insns;
	u64 vm_entries;
	u64 exits[XVM_NR_EXIT_REASONS];
};

/* What a request or dump brought back. */
struct reply {
	u8 cmd;
	unsigned int n;
	unsigned int room;
	void *items;		/* struct vm_info or struct vm_stats */
	size_t item_size;
	int error;		/* -errno from the kernel */
	bool done;
	bool bad;		/* a message vmctl could not read */
};

struct mon {
	struct nl_sock *sk;
	int family;
};

static const char *const exit_names[] = {
	[XVM_EXIT_UNKNOWN] = "unknown",
	[XVM_EXIT_INTR] = "intr",
	[XVM_EXIT_UNCLAIMED_MMIO] = "unclaimed_mmio",
	[XVM_EXIT_IO] = "io",
	[XVM_EXIT_SYSTEM_EVENT] = "system_event",
	[XVM_EXIT_HYPERCALL] = "hypercall",
	[XVM_EXIT_FAIL_ENTRY] = "fail_entry",
	[XVM_EXIT_INTERNAL_ERROR] = "internal_error",
};

static const char *const state_names[] = {
	[XVM_VM_STATE_CREATED] = "created",
	[XVM_VM_STATE_RUNNING] = "running",
	[XVM_VM_STATE_STOPPED] = "stopped",
	[XVM_VM_STATE_SHUTDOWN] = "shutdown",
	[XVM_VM_STATE_CRASHED] = "crashed",
};

static const char *const event_names[] = {
	[XVM_NL_EVENT_CREATED] = "created",
	[XVM_NL_EVENT_DESTROYED] = "destroyed",
	[XVM_NL_EVENT_GUEST_SHUTDOWN] = "shutdown",
	[XVM_NL_EVENT_GUEST_CRASH] = "crash",
};

static const char *name_in(const char *const *table, size_t n, u32 i)
{
	return i < n && table[i] ? table[i] : "unknown";
}

static const char *state_name(u32 state)
{
	return name_in(state_names, ARRAY_SIZE(state_names), state);
}

static const char *event_name(u32 event)
{
	return name_in(event_names, ARRAY_SIZE(event_names), event);
}

static const char *backend_name(u32 backend)
{
	switch (backend) {
	case XVM_BACKEND_VMX:
		return "vmx";
	case XVM_BACKEND_SVM:
		return "svm";
	default:
		return "unknown";
	}
}

/* ---- the socket -------------------------------------------------------- */

static void mon_close(struct mon *nl)
{
	if (nl->sk)
		nl_socket_free(nl->sk);
	nl->sk = NULL;
}

/* Exit status 1 with a message when xvm.ko (or its family) is not there. */
static int mon_open(struct mon *nl, const char *cmd)
{
	struct timeval tv = { .tv_sec = 10 };
	int r;

	nl->sk = nl_socket_alloc();
	if (!nl->sk) {
		vmctl_err("%s: out of memory", cmd);
		return VMCTL_EXIT_FAILURE;
	}
	r = genl_connect(nl->sk);
	if (r) {
		vmctl_err("%s: cannot open a generic netlink socket: %s", cmd,
			  nl_geterror(r));
		mon_close(nl);
		return VMCTL_EXIT_FAILURE;
	}
	/* A reply that never comes must not hang vmctl. */
	setsockopt(nl_socket_get_fd(nl->sk), SOL_SOCKET, SO_RCVTIMEO, &tv,
		   sizeof(tv));
	nl->family = genl_ctrl_resolve(nl->sk, XVM_NL_FAMILY_NAME);
	if (nl->family >= 0)
		return 0;
	if (access("/sys/module/xvm", F_OK) == 0)
		vmctl_err("%s: xvm.ko is loaded but its netlink family is not visible here (it lives in the initial network namespace only)",
			  cmd);
	else
		vmctl_err("%s: xvm.ko is not loaded (no '%s' generic netlink family)",
			  cmd, XVM_NL_FAMILY_NAME);
	mon_close(nl);
	return VMCTL_EXIT_FAILURE;
}

static bool get_u32(struct nlattr *a, u32 *v)
{
	if (!a || nla_len(a) != sizeof(u32))
		return false;
	*v = nla_get_u32(a);
	return true;
}

static bool get_u64(struct nlattr *a, u64 *v)
{
	if (!a || nla_len(a) != sizeof(u64))
		return false;
	*v = nla_get_u64(a);
	return true;
}

static bool parse_vm(struct nlmsghdr *nlh, struct vm_info *v)
{
	struct nlattr *tb[XVM_NL_A_MAX + 1];

	memset(v, 0, sizeof(*v));
	if (genlmsg_parse(nlh, 0, tb, XVM_NL_A_MAX, NULL))
		return false;
	if (tb[XVM_NL_A_EVENT] && !get_u32(tb[XVM_NL_A_EVENT], &v->event))
		return false;
	return get_u32(tb[XVM_NL_A_VM_ID], &v->id) &&
	       get_u32(tb[XVM_NL_A_VM_OWNER_PID], &v->pid) &&
	       get_u32(tb[XVM_NL_A_VM_OWNER_UID], &v->uid) &&
	       get_u64(tb[XVM_NL_A_VM_MEM_BYTES], &v->mem) &&
	       get_u32(tb[XVM_NL_A_VM_NR_VCPUS], &v->vcpus) &&
	       get_u32(tb[XVM_NL_A_VM_BACKEND], &v->backend) &&
	       get_u32(tb[XVM_NL_A_VM_STATE], &v->state);
}

static bool parse_exits(struct nlattr *exits, struct vm_stats *s)
{
	struct nlattr *exit, *tb[XVM_NL_EXIT_A_MAX + 1];
	u32 reason;
	u64 count;
	int rem;

	nla_for_each_nested(exit, exits, rem) {
		if (nla_type(exit) != XVM_NL_EXITS_A_EXIT)
			continue;	/* newer attributes: ignore */
		if (nla_parse_nested(tb, XVM_NL_EXIT_A_MAX, exit, NULL) ||
		    !get_u32(tb[XVM_NL_EXIT_A_REASON], &reason) ||
		    !get_u64(tb[XVM_NL_EXIT_A_COUNT], &count))
			return false;
		if (reason < XVM_NR_EXIT_REASONS)
			s->exits[reason] = count;
	}
	return true;
}

static bool parse_stats(struct nlmsghdr *nlh, struct vm_stats *s)
{
	struct nlattr *tb[XVM_NL_A_MAX + 1];

	memset(s, 0, sizeof(*s));
	if (genlmsg_parse(nlh, 0, tb, XVM_NL_A_MAX, NULL))
		return false;
	/* Newer than the rest: absent from older modules. */
	if (tb[XVM_NL_A_STATS_VM_ENTRIES] &&
	    !get_u64(tb[XVM_NL_A_STATS_VM_ENTRIES], &s->vm_entries))
		return false;
	return get_u32(tb[XVM_NL_A_VM_ID], &s->id) &&
	       get_u64(tb[XVM_NL_A_STATS_TRANSLATIONS], &s->translations) &&
	       get_u64(tb[XVM_NL_A_STATS_CODE_CACHE_BYTES], &s->code_cache) &&
	       get_u64(tb[XVM_NL_A_STATS_GUEST_INSNS], &s->guest_insns) &&
	       tb[XVM_NL_A_STATS_EXITS] &&
	       parse_exits(tb[XVM_NL_A_STATS_EXITS], s);
}

/* Room for one more item; NULL when out of memory. */
static void *reply_slot(struct reply *r)
{
	void *items;

	if (r->n == r->room) {
		r->room = r->room ? 2 * r->room : 16;
		items = realloc(r->items, r->room * r->item_size);
		if (!items)
			return NULL;
		r->items = items;
	}
	return (u8 *)r->items + r->n * r->item_size;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct reply *r = arg;
	void *slot;
	bool ok;

	if (((struct genlmsghdr *)nlmsg_data(nlh))->cmd != r->cmd)
		return NL_OK;
	slot = reply_slot(r);
	if (!slot) {
		r->bad = true;
		return NL_OK;
	}
	if (r->cmd == XVM_NL_CMD_GET_STATS)
		ok = parse_stats(nlh, slot);
	else
		ok = parse_vm(nlh, slot);
	if (ok)
		r->n++;
	else
		r->bad = true;
	return NL_OK;
}

/* NLMSG_DONE ends a dump; an int in it is the dump's error. */
static int on_finish(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct reply *r = arg;
	int err = 0;

	if (nlmsg_datalen(nlh) >= (int)sizeof(err))
		memcpy(&err, nlmsg_data(nlh), sizeof(err));
	r->error = err < 0 ? err : 0;
	r->done = true;
	return NL_STOP;
}

static int on_ack(struct nl_msg *msg, void *arg)
{
	((struct reply *)arg)->done = true;
	return NL_STOP;
}

static int on_error(struct sockaddr_nl *nla, struct nlmsgerr *err, void *arg)
{
	struct reply *r = arg;

	r->error = err->error;
	r->done = true;
	return NL_STOP;
}

/* Send @cmd (a dump when @id < 0) and collect the answer in @r. */
static int transact(struct mon *nl, u8 cmd, long id, struct reply *r)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int ret = -NLE_NOMEM;

	r->cmd = cmd;
	r->item_size = cmd == XVM_NL_CMD_GET_STATS ? sizeof(struct vm_stats) :
			   sizeof(struct vm_info);
	if (!msg || !cb ||
	    !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
			 id < 0 ? NLM_F_DUMP : 0, cmd,
			 XVM_NL_FAMILY_VERSION) ||
	    (id >= 0 && nla_put_u32(msg, XVM_NL_A_VM_ID, id)))
		goto out;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, on_finish, r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, r);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, r);
	ret = nl_send_auto(nl->sk, msg);
	while (ret >= 0 && !r->done)
		ret = nl_recvmsgs(nl->sk, cb);
out:
	nlmsg_free(msg);
	nl_cb_put(cb);
	if (ret < 0 && !r->done) {
		vmctl_err("netlink: %s", nl_geterror(ret));
		return -1;
	}
	return 0;
}

/* ---- output -------------------------------------------------------------- */

static void print_size(u64 bytes)
{
	if (bytes && !(bytes & ((1ULL << 30) - 1)))
		printf("%lu GiB", bytes >> 30);
	else if (bytes && !(bytes & ((1ULL << 20) - 1)))
		printf("%lu MiB", bytes >> 20);
	else
		printf("%lu B", bytes);
}

static void print_vm_json(const struct vm_info *v)
{
	printf("{");
	if (v->event)
		printf("\"event\":\"%s\",", event_name(v->event));
	printf("\"id\":%u,\"owner_pid\":%u,\"owner_uid\":%u,", v->id, v->pid,
	       v->uid);
	printf("\"mem_bytes\":%lu,\"vcpus\":%u,", v->mem, v->vcpus);
	printf("\"backend\":\"%s\",\"state\":\"%s\"}", backend_name(v->backend),
	       state_name(v->state));
}

static void print_vm_header(bool event)
{
	printf("%s%6s %8s %8s %-7s %-9s %5s  %s\n", event ? "EVENT     " : "",
	       "ID", "PID", "UID", "BACKEND", "STATE", "VCPUS", "MEMORY");
}

static void print_vm_row(const struct vm_info *v)
{
	if (v->event)
		printf("%-9s ", event_name(v->event));
	printf("%6u %8u %8u %-7s %-9s %5u  ", v->id, v->pid, v->uid,
	       backend_name(v->backend), state_name(v->state),
	       v->vcpus);
	print_size(v->mem);
	printf("\n");
}

static void print_stats_json(const struct vm_stats *s)
{
	const char *sep = "";
	unsigned int i;

	printf("{\"id\":%u,\"translations\":%lu,", s->id, s->translations);
	printf("\"code_cache_bytes\":%lu,\"guest_insns\":%lu,",
	       s->code_cache, s->guest_insns);
	printf("\"vm_entries\":%lu,\"exits\":{", s->vm_entries);
	for (i = 0; i < XVM_NR_EXIT_REASONS; i++) {
		if (!s->exits[i])
			continue;
		if (i < ARRAY_SIZE(exit_names) && exit_names[i])
			printf("%s\"%s\":%lu", sep, exit_names[i], s->exits[i]);
		else
			printf("%s\"%u\":%lu", sep, i, s->exits[i]);
		sep = ",";
	}
	printf("}}");
}

static void print_stats_table(const struct vm_stats *s)
{
	unsigned int i;

	printf("VM %u\n", s->id);
	printf("  %-22s %lu\n", "translations", s->translations);
	printf("  %-22s %lu\n", "code cache bytes", s->code_cache);
	printf("  %-22s %lu%s\n", "guest instructions", s->guest_insns,
	       s->guest_insns ? "" : " (not counted)");
	printf("  %-22s %lu\n", "VM entries", s->vm_entries);
	printf("  exits:\n");
	for (i = 0; i < XVM_NR_EXIT_REASONS; i++) {
		if (i < ARRAY_SIZE(exit_names) && exit_names[i])
			printf("    %-20s %lu\n", exit_names[i], s->exits[i]);
		else if (s->exits[i])
			printf("    %-20u %lu\n", i, s->exits[i]);
	}
}

/* ---- the commands ---------------------------------------------------------- */

static const struct option json_options[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "count", required_argument, NULL, 'c' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/*
 * Options common to the monitoring commands: --json, --help and (events
 * only) --count. Returns 0, -1 after --help, or an exit status.
 */
static int parse_common(int argc, char **argv, const char *usage,
			bool *json, u64 *count)
{
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":jh", json_options, NULL)) != -1) {
		switch (c) {
		case 'j':
			*json = true;
			break;
		case 'h':
			printf("%s", usage);
			return -1;
		case 'c':
			if (count && parse_u64(optarg, count) && *count)
				break;
			fallthrough;
		default:
			fprintf(stderr, "%s", usage);
			return VMCTL_EXIT_USAGE;
		}
	}
	return 0;
}

/* Kernel errors of a request, as words. */
static int request_error(const char *cmd, int err, long id)
{
	if (err == -ENOENT && id >= 0)
		vmctl_err("%s: no VM %ld (or it is not yours to see)", cmd, id);
	else
		vmctl_err("%s: %s", cmd, strerror(-err));
	return VMCTL_EXIT_FAILURE;
}

int cmd_list(int argc, char **argv)
{
	static const char usage[] =
		"usage: vmctl list [--json]\n"
		"\n"
		"List the VMs of xvm.ko that you can see (root sees all):\n"
		"id, owner pid and uid, backend, state, vCPUs and guest RAM.\n"
		"  --json   one JSON array instead of the table\n";
	struct reply r = { 0 };
	const struct vm_info *v;
	struct mon nl;
	bool json = false;
	unsigned int i;
	int status;

	status = parse_common(argc, argv, usage, &json, NULL);
	if (status || optind != argc)
		return status < 0 ? 0 : VMCTL_EXIT_USAGE;
	status = mon_open(&nl, "list");
	if (status)
		return status;
	if (transact(&nl, XVM_NL_CMD_GET_VM, -1, &r) || r.error) {
		status = r.error ? request_error("list", r.error, -1) :
			 VMCTL_EXIT_FAILURE;
		goto out;
	}
	v = r.items;
	if (!json)
		print_vm_header(false);
	for (i = 0; i < r.n; i++) {
		if (json) {
			printf(i ? "," : "[");
			print_vm_json(&v[i]);
		} else {
			print_vm_row(&v[i]);
		}
	}
	if (json)
		printf(r.n ? "]\n" : "[]\n");
out:
	free(r.items);
	mon_close(&nl);
	return status;
}

int cmd_stats(int argc, char **argv)
{
	static const char usage[] =
		"usage: vmctl stats [--json] [VM]\n"
		"\n"
		"Counters of VM (an id from 'vmctl list'), or of every VM you\n"
		"can see: blocks translated, code cache, guest instructions\n"
		"and XVM_RUN exits by reason.\n"
		"  --json   one JSON array instead of the table\n";
	struct reply r = { 0 };
	const struct vm_stats *s;
	long id = -1;
	struct mon nl;
	bool json = false;
	unsigned int i;
	int status;
	u64 v;

	status = parse_common(argc, argv, usage, &json, NULL);
	if (status)
		return status < 0 ? 0 : status;
	if (argc - optind > 1)
		return usage_err("stats: one VM at most; see 'vmctl stats --help'");
	if (optind < argc) {
		if (!parse_u64(argv[optind], &v) || v > 0xffffffffULL)
			return usage_err("stats: '%s' is not a VM id",
					 argv[optind]);
		id = v;
	}
	status = mon_open(&nl, "stats");
	if (status)
		return status;
	if (transact(&nl, XVM_NL_CMD_GET_STATS, id, &r) || r.error) {
		status = r.error ? request_error("stats", r.error, id) :
			 VMCTL_EXIT_FAILURE;
		goto out;
	}
	s = r.items;
	for (i = 0; i < r.n; i++) {
		if (json) {
			printf(i ? "," : "[");
			print_stats_json(&s[i]);
		} else {
			print_stats_table(&s[i]);
		}
	}
	if (json)
		printf(r.n ? "]\n" : "[]\n");
out:
	free(r.items);
	mon_close(&nl);
	return status;
}

struct event_sink {
	bool json;
	u64 left;		/* events to print before exiting; 0: all */
	bool stop;
};

static int on_event(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct event_sink *e = arg;
	struct vm_info v;

	if (((struct genlmsghdr *)nlmsg_data(nlh))->cmd != XVM_NL_CMD_EVENT ||
	    !parse_vm(nlh, &v))
		return NL_OK;
	if (e->json) {
		print_vm_json(&v);
		printf("\n");
	} else {
		print_vm_row(&v);
	}
	fflush(stdout);
	if (e->left && !--e->left) {
		e->stop = true;
		return NL_STOP;
	}
	return NL_OK;
}

/* Multicast messages carry sequence number 0: take every one. */
static int any_seq(struct nl_msg *msg, void *arg)
{
	return NL_OK;
}

static int join_events(struct mon *nl)
{
	int grp, r;

	grp = genl_ctrl_resolve_grp(nl->sk, XVM_NL_FAMILY_NAME,
				    XVM_NL_MCGRP_EVENTS);
	if (grp < 0) {
		vmctl_err("events: this xvm.ko has no events group (its kernel lacks GENL_MCAST_CAP_SYS_ADMIN)");
		return VMCTL_EXIT_FAILURE;
	}
	r = nl_socket_add_membership(nl->sk, grp);
	if (r == -NLE_PERM) {
		vmctl_err("events: following every VM's events needs CAP_SYS_ADMIN (run as root)");
		return VMCTL_EXIT_FAILURE;
	}
	if (r) {
		vmctl_err("events: cannot join the events group: %s",
			  nl_geterror(r));
		return VMCTL_EXIT_FAILURE;
	}
	return 0;
}

static int follow_events(struct mon *nl, struct event_sink *e)
{
	struct timeval tv = { 0 };
	int r;

	/* Block for as long as it takes: no receive timeout here. */
	setsockopt(nl_socket_get_fd(nl->sk), SOL_SOCKET, SO_RCVTIMEO, &tv,
		   sizeof(tv));
	nl_socket_disable_seq_check(nl->sk);
	nl_socket_modify_cb(nl->sk, NL_CB_VALID, NL_CB_CUSTOM, on_event, e);
	nl_socket_modify_cb(nl->sk, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, any_seq,
			    NULL);
	while (!e->stop) {
		r = nl_recvmsgs_default(nl->sk);
		if (r == -NLE_NOMEM) {
			vmctl_err("events: some events were lost (the socket overflowed); 'vmctl list' shows the VMs now");
			continue;
		}
		if (r < 0 && !e->stop) {
			vmctl_err("events: %s", nl_geterror(r));
			return VMCTL_EXIT_FAILURE;
		}
	}
	return 0;
}

int cmd_events(int argc, char **argv)
{
	static const char usage[] =
		"usage: vmctl events [--json] [--count N]\n"
		"\n"
		"Print the lifecycle events of every VM as they happen: created,\n"
		"destroyed, shutdown (PSCI SYSTEM_OFF or reset), crash. Needs\n"
		"CAP_SYS_ADMIN.\n"
		"  --json      one JSON object per line\n"
		"  --count N   exit after N events\n";
	struct event_sink e = { 0 };
	struct mon nl;
	int status;

	status = parse_common(argc, argv, usage, &e.json, &e.left);
	if (status || optind != argc)
		return status < 0 ? 0 : VMCTL_EXIT_USAGE;
	status = mon_open(&nl, "events");
	if (status)
		return status;
	status = join_events(&nl);
	if (!status) {
		if (!e.json)
			print_vm_header(true);
		fflush(stdout);
		status = follow_events(&nl, &e);
	}
	mon_close(&nl);
	return status;
}

/* XVM_NL_CMD_SET_IRQ: only an ack or an error comes back. */
static int set_irq(struct mon *nl, u32 id, u32 spi, u32 level,
		   struct reply *r)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);
	int ret = -NLE_NOMEM;

	r->cmd = XVM_NL_CMD_SET_IRQ;
	r->item_size = sizeof(struct vm_info);
	if (!msg || !cb ||
	    !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0, 0,
			 XVM_NL_CMD_SET_IRQ, XVM_NL_FAMILY_VERSION) ||
	    nla_put_u32(msg, XVM_NL_A_VM_ID, id) ||
	    nla_put_u32(msg, XVM_NL_A_IRQ_SPI, spi) ||
	    nla_put_u32(msg, XVM_NL_A_IRQ_LEVEL, level))
		goto out;
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_ack, r);
	nl_cb_err(cb, NL_CB_CUSTOM, on_error, r);
	/* The ack is what tells: always ask for it. */
	nl_socket_enable_auto_ack(nl->sk);
	ret = nl_send_auto(nl->sk, msg);
	while (ret >= 0 && !r->done)
		ret = nl_recvmsgs(nl->sk, cb);
out:
	nlmsg_free(msg);
	nl_cb_put(cb);
	if (ret < 0 && !r->done) {
		vmctl_err("netlink: %s", nl_geterror(ret));
		return -1;
	}
	return 0;
}

/*
 * Drive an SPI of any VM the caller sees (its own; root: all) through
 * XVM_NL_CMD_SET_IRQ, as XVM_IRQ_LINE does on the VM's own fd.
 */
int cmd_irq(int argc, char **argv)
{
	static const char usage[] =
		"usage: vmctl irq VM SPI [LEVEL]\n"
		"\n"
		"Drive the input line of shared peripheral interrupt SPI (GIC\n"
		"INTID - 32) of VM: LEVEL 1 (the default) asserts it, 0\n"
		"deasserts it. Your own VMs only, unless you are root.\n";
	static const struct option irq_options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct reply r = { 0 };
	u64 vm, spi, level = 1;
	struct mon nl;
	int c, status;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", irq_options, NULL)) != -1) {
		if (c == 'h') {
			printf("%s", usage);
			return 0;
		}
		fprintf(stderr, "%s", usage);
		return VMCTL_EXIT_USAGE;
	}
	if (argc - optind < 2 || argc - optind > 3) {
		fprintf(stderr, "%s", usage);
		return VMCTL_EXIT_USAGE;
	}
	if (!parse_u64(argv[optind], &vm) || vm > 0xffffffffULL)
		return usage_err("irq: '%s' is not a VM id", argv[optind]);
	if (!parse_u64(argv[optind + 1], &spi) || spi > 987)
		return usage_err("irq: '%s' is not an SPI number (0 to 987)",
				 argv[optind + 1]);
	if (argc - optind == 3 &&
	    (!parse_u64(argv[optind + 2], &level) || level > 1))
		return usage_err("irq: level '%s' is neither 0 nor 1",
				 argv[optind + 2]);
	status = mon_open(&nl, "irq");
	if (status)
		return status;
	if (set_irq(&nl, vm, spi, level, &r)) {
		status = VMCTL_EXIT_FAILURE;
	} else if (r.error == -EINVAL) {
		vmctl_err("irq: VM %llu has no SPI %llu, or level %llu is refused: %s",
			  (unsigned long long)vm, (unsigned long long)spi,
			  (unsigned long long)level, strerror(EINVAL));
		status = VMCTL_EXIT_FAILURE;
	} else if (r.error) {
		status = request_error("irq", r.error, vm);
	}
	mon_close(&nl);
	return status;
}

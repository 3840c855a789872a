/* SPDX-License-Identifier: GPL-2.0 */
/*
 * netlink_util.h - talk to the "xvm" generic netlink family through
 * libnl-genl-3 from a selftest: requests, dumps, events, and messages
 * broken on purpose.
 *
 * Every function returns 0 or -errno, where errno is what the kernel put
 * in its NLMSG_ERROR reply (or EIO when libnl itself failed), so a test
 * compares it with the errno Documentation/api.rst promises.
 */
#ifndef XVM_SELFTEST_NETLINK_UTIL_H
#define XVM_SELFTEST_NETLINK_UTIL_H

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/family.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <linux/xvm_netlink.h>

#define XNL_MAX_VMS		256
#define XNL_MAX_EXIT_REASONS	64
#define XNL_MAX_EVENTS		64

/* One VM as XVM_NL_CMD_GET_VM or XVM_NL_CMD_EVENT describes it. */
struct xnl_vm {
	uint8_t cmd;
	bool complete;		/* every attribute there, right sizes */
	uint32_t event;		/* XVM_NL_A_EVENT, 0 if absent */
	uint32_t id;
	uint32_t owner_pid;
	uint32_t owner_uid;
	uint64_t mem_bytes;
	uint32_t nr_vcpus;
	uint32_t backend;
	uint32_t state;
};

/* One VM's XVM_NL_CMD_GET_STATS message. */
struct xnl_stats {
	bool complete;
	bool exits_sane;	/* every exit nest well formed, no repeat */
	uint32_t id;
	uint32_t nr_exit_entries;
	uint64_t exits[XNL_MAX_EXIT_REASONS];
	uint64_t translations;
	uint64_t code_cache_bytes;
	uint64_t guest_insns;
};

/* What one request or dump brought back. */
struct xnl_list {
	int n;			/* messages; more than XNL_MAX_VMS are counted */
	bool bad_cmd;		/* a message with an unexpected command */
	uint8_t want_cmd;
	union {
		struct xnl_vm vm[XNL_MAX_VMS];
		struct xnl_stats stats[XNL_MAX_VMS];
	};
};

struct xnl {
	struct nl_sock *sk;
	int family;
};

/* recv() calls of the last xnl_transact(): > 1 means several skbs. */
static int xnl_recv_calls;

/* Open a socket and resolve the family. @msg_buf: 0 for libnl's default
 * (MSG_PEEK, any size), else a fixed receive buffer of that many bytes.
 */
static inline int xnl_open(struct xnl *nl, size_t msg_buf)
{
	struct timeval tv = { .tv_sec = 5 };

	nl->family = -1;
	nl->sk = nl_socket_alloc();
	if (!nl->sk)
		return -ENOMEM;
	if (genl_connect(nl->sk)) {
		nl_socket_free(nl->sk);
		nl->sk = NULL;
		return -EIO;
	}
	/* Never block a test forever on a reply that does not come. */
	setsockopt(nl_socket_get_fd(nl->sk), SOL_SOCKET, SO_RCVTIMEO,
		   &tv, sizeof(tv));
	if (msg_buf) {
		nl_socket_disable_msg_peek(nl->sk);
		nl_socket_set_msg_buf_size(nl->sk, msg_buf);
	}
	nl->family = genl_ctrl_resolve(nl->sk, XVM_NL_FAMILY_NAME);
	return nl->family < 0 ? -ENOENT : 0;
}

static inline void xnl_close(struct xnl *nl)
{
	if (nl->sk)
		nl_socket_free(nl->sk);
	nl->sk = NULL;
}

/* A request of @nl's family; NULL if out of memory. */
static inline struct nl_msg *xnl_msg(const struct xnl *nl, int flags,
				     uint8_t cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (msg && !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family,
				0, flags, cmd, XVM_NL_FAMILY_VERSION)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

static inline bool xnl_get_u32(struct nlattr *a, uint32_t *v)
{
	if (!a || nla_len(a) != sizeof(uint32_t))
		return false;
	*v = nla_get_u32(a);
	return true;
}

static inline bool xnl_get_u64(struct nlattr *a, uint64_t *v)
{
	if (!a || nla_len(a) != sizeof(uint64_t))
		return false;
	*v = nla_get_u64(a);
	return true;
}

static inline void xnl_parse_vm(struct nlmsghdr *nlh, struct xnl_vm *vm)
{
	struct nlattr *tb[XVM_NL_A_MAX + 1];

	memset(vm, 0, sizeof(*vm));
	vm->cmd = ((struct genlmsghdr *)nlmsg_data(nlh))->cmd;
	if (genlmsg_parse(nlh, 0, tb, XVM_NL_A_MAX, NULL))
		return;
	if (tb[XVM_NL_A_EVENT] && !xnl_get_u32(tb[XVM_NL_A_EVENT], &vm->event))
		return;
	vm->complete =
		xnl_get_u32(tb[XVM_NL_A_VM_ID], &vm->id) &&
		xnl_get_u32(tb[XVM_NL_A_VM_OWNER_PID], &vm->owner_pid) &&
		xnl_get_u32(tb[XVM_NL_A_VM_OWNER_UID], &vm->owner_uid) &&
		xnl_get_u64(tb[XVM_NL_A_VM_MEM_BYTES], &vm->mem_bytes) &&
		xnl_get_u32(tb[XVM_NL_A_VM_NR_VCPUS], &vm->nr_vcpus) &&
		xnl_get_u32(tb[XVM_NL_A_VM_BACKEND], &vm->backend) &&
		xnl_get_u32(tb[XVM_NL_A_VM_STATE], &vm->state);
}

static inline bool xnl_parse_exits(struct nlattr *exits, struct xnl_stats *st)
{
	struct nlattr *exit;
	int rem;

	nla_for_each_nested(exit, exits, rem) {
		struct nlattr *tb[XVM_NL_EXIT_A_MAX + 1];
		uint32_t reason;
		uint64_t count;

		if (nla_type(exit) != XVM_NL_EXITS_A_EXIT ||
		    nla_parse_nested(tb, XVM_NL_EXIT_A_MAX, exit, NULL) ||
		    !xnl_get_u32(tb[XVM_NL_EXIT_A_REASON], &reason) ||
		    !xnl_get_u64(tb[XVM_NL_EXIT_A_COUNT], &count) ||
		    reason >= XNL_MAX_EXIT_REASONS || st->exits[reason] ||
		    !count)
			return false;
		st->exits[reason] = count;
		st->nr_exit_entries++;
	}
	return rem == 0;
}

static inline void xnl_parse_stats(struct nlmsghdr *nlh,
				   struct xnl_stats *st)
{
	struct nlattr *tb[XVM_NL_A_MAX + 1];

	memset(st, 0, sizeof(*st));
	if (genlmsg_parse(nlh, 0, tb, XVM_NL_A_MAX, NULL))
		return;
	st->complete =
		xnl_get_u32(tb[XVM_NL_A_VM_ID], &st->id) &&
		tb[XVM_NL_A_STATS_EXITS] &&
		xnl_get_u64(tb[XVM_NL_A_STATS_TRANSLATIONS],
			    &st->translations) &&
		xnl_get_u64(tb[XVM_NL_A_STATS_CODE_CACHE_BYTES],
			    &st->code_cache_bytes) &&
		xnl_get_u64(tb[XVM_NL_A_STATS_GUEST_INSNS], &st->guest_insns);
	if (st->complete)
		st->exits_sane = xnl_parse_exits(tb[XVM_NL_A_STATS_EXITS], st);
}

struct xnl_req {
	struct xnl_list *out;
	int error;
	bool done;
};

static int xnl_valid_cb(struct nl_msg *msg, void *arg)
{
	struct xnl_req *req = arg;
	struct xnl_list *out = req->out;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	uint8_t cmd = ((struct genlmsghdr *)nlmsg_data(nlh))->cmd;

	if (!out)
		return NL_OK;
	if (cmd != out->want_cmd)
		out->bad_cmd = true;
	if (out->n < XNL_MAX_VMS) {
		if (out->want_cmd == XVM_NL_CMD_GET_STATS)
			xnl_parse_stats(nlh, &out->stats[out->n]);
		else
			xnl_parse_vm(nlh, &out->vm[out->n]);
	}
	out->n++;
	return NL_OK;
}

/* NLMSG_DONE ends a dump; a negative int in it is the dump's error. */
static int xnl_finish_cb(struct nl_msg *msg, void *arg)
{
	struct xnl_req *req = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	int err = 0;

	if (nlmsg_datalen(nlh) >= (int)sizeof(int))
		memcpy(&err, nlmsg_data(nlh), sizeof(err));
	req->error = err < 0 ? err : 0;
	req->done = true;
	return NL_STOP;
}

static int xnl_ack_cb(struct nl_msg *msg, void *arg)
{
	((struct xnl_req *)arg)->done = true;
	return NL_STOP;
}

static int xnl_error_cb(struct sockaddr_nl *nla, struct nlmsgerr *err,
			void *arg)
{
	struct xnl_req *req = arg;

	req->error = err->error;
	req->done = true;
	return NL_STOP;
}

static int xnl_counting_recv(struct nl_sock *sk, struct sockaddr_nl *nla,
			     unsigned char **buf, struct ucred **creds)
{
	xnl_recv_calls++;
	return nl_recv(sk, nla, buf, creds);
}

/*
 * Send @msg (freed here) and read every reply: messages into @out (may be
 * NULL), until the ACK, the NLMSG_DONE of a dump or an error.
 */
static inline int xnl_transact(struct xnl *nl, struct nl_msg *msg,
			       struct xnl_list *out)
{
	struct xnl_req req = { .out = out };
	struct nl_cb *cb;
	int ret;

	if (!msg)
		return -ENOMEM;
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, xnl_valid_cb, &req);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, xnl_finish_cb, &req);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, xnl_ack_cb, &req);
	nl_cb_err(cb, NL_CB_CUSTOM, xnl_error_cb, &req);
	nl_cb_overwrite_recv(cb, xnl_counting_recv);
	xnl_recv_calls = 0;

	ret = nl_send_auto(nl->sk, msg);
	nlmsg_free(msg);
	while (ret >= 0 && !req.done)
		ret = nl_recvmsgs(nl->sk, cb);
	nl_cb_put(cb);
	if (!req.done)
		return -EIO;
	return req.error;
}

/* XVM_NL_CMD_GET_VM or _GET_STATS: a dump, or one VM by @id. */
static inline int xnl_dump(struct xnl *nl, uint8_t cmd, struct xnl_list *out)
{
	memset(out, 0, sizeof(*out));
	out->want_cmd = cmd;
	return xnl_transact(nl, xnl_msg(nl, NLM_F_DUMP, cmd), out);
}

static inline int xnl_get(struct xnl *nl, uint8_t cmd, uint32_t id,
			  struct xnl_list *out)
{
	struct nl_msg *msg = xnl_msg(nl, 0, cmd);

	memset(out, 0, sizeof(*out));
	out->want_cmd = cmd;
	if (msg && nla_put_u32(msg, XVM_NL_A_VM_ID, id)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return xnl_transact(nl, msg, out);
}

/* The VMs of @l owned by process @pid: how many, and the first's index. */
static inline int xnl_count_pid(const struct xnl_list *l, uint32_t pid,
				int *first)
{
	int i, n = 0;

	for (i = 0; i < l->n && i < XNL_MAX_VMS; i++) {
		if (l->vm[i].owner_pid != pid)
			continue;
		if (!n && first)
			*first = i;
		n++;
	}
	return n;
}

static inline const struct xnl_vm *xnl_find(const struct xnl_list *l,
					    uint32_t id)
{
	int i;

	for (i = 0; i < l->n && i < XNL_MAX_VMS; i++)
		if (l->vm[i].id == id)
			return &l->vm[i];
	return NULL;
}

/* ---- events -------------------------------------------------------- */

struct xnl_events {
	struct xnl nl;
	struct nl_cb *cb;
	int n;
	struct xnl_vm ev[XNL_MAX_EVENTS];
};

static int xnl_event_cb(struct nl_msg *msg, void *arg)
{
	struct xnl_events *e = arg;

	if (e->n < XNL_MAX_EVENTS)
		xnl_parse_vm(nlmsg_hdr(msg), &e->ev[e->n]);
	e->n++;
	return NL_OK;
}

/* Multicast messages have sequence number 0: accept every one. */
static int xnl_any_seq_cb(struct nl_msg *msg, void *arg)
{
	return NL_OK;
}

/* Join the events group: 0, or -errno of NETLINK_ADD_MEMBERSHIP. */
static inline int xnl_join_events(struct xnl *nl)
{
	int grp = genl_ctrl_resolve_grp(nl->sk, XVM_NL_FAMILY_NAME,
					XVM_NL_MCGRP_EVENTS);

	if (grp < 0)
		return -ENOENT;
	if (setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK,
		       NETLINK_ADD_MEMBERSHIP, &grp, sizeof(grp)))
		return -errno;
	return 0;
}

static inline int xnl_events_open(struct xnl_events *e)
{
	int ret;

	memset(e, 0, sizeof(*e));
	ret = xnl_open(&e->nl, 0);
	if (ret)
		return ret;
	ret = xnl_join_events(&e->nl);
	if (ret)
		return ret;
	e->cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!e->cb)
		return -ENOMEM;
	nl_cb_set(e->cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, xnl_any_seq_cb, NULL);
	nl_cb_set(e->cb, NL_CB_VALID, NL_CB_CUSTOM, xnl_event_cb, e);
	return 0;
}

static inline void xnl_events_close(struct xnl_events *e)
{
	if (e->cb)
		nl_cb_put(e->cb);
	e->cb = NULL;
	xnl_close(&e->nl);
}

/* Read events until @n have arrived or @ms pass; returns e->n. */
static inline int xnl_events_wait(struct xnl_events *e, int n, int ms)
{
	struct pollfd pfd = { .fd = nl_socket_get_fd(e->nl.sk),
			      .events = POLLIN };

	while (e->n < n && poll(&pfd, 1, ms) > 0)
		if (nl_recvmsgs(e->nl.sk, e->cb) < 0)
			break;
	return e->n;
}

#endif /* XVM_SELFTEST_NETLINK_UTIL_H */

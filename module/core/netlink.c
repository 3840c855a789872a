// SPDX-License-Identifier: GPL-2.0
/*
 * netlink.c - the "xvm" generic netlink family: which VMs exist, their
 * statistics and their lifecycle events (uapi/linux/xvm_netlink.h).
 *
 * Monitoring never looks inside a VM: it reads snapshots through the
 * registry (registry.h) and the VM code tells it about lifecycle events.
 * The one request that acts on a VM, XVM_NL_CMD_SET_IRQ, goes through the
 * registry too, which holds a reference on the VM meanwhile.
 *
 * Who sees what: a caller with CAP_SYS_ADMIN in the initial user namespace
 * (both the socket's opener and the sender, as netlink_capable() checks)
 * sees every VM. Anyone else sees only the VMs whose owner uid is both the
 * sender's effective uid and the socket opener's; other VMs do not exist
 * for him (ENOENT, never EPERM, so that ids do not leak). The same rule
 * says whose interrupt lines a caller may drive. The events group carries
 * every VM's events, so joining it needs CAP_SYS_ADMIN.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/net.h>
#include <linux/netlink.h>
#include <linux/user_namespace.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include "registry.h"
#include "uapi/linux/xvm_netlink.h"

/*
 * The events group may be offered only where the kernel can restrict who
 * joins it: GENL_MCAST_CAP_SYS_ADMIN (6.7, backported to 6.1.y). Without
 * it, any user could join and watch every VM's events.
 */
#ifdef GENL_MCAST_CAP_SYS_ADMIN
#define XVM_NL_HAVE_EVENTS	1
#else
#define XVM_NL_HAVE_EVENTS	0
#endif

enum xvm_nl_groups {
	XVM_NL_GRP_EVENTS,
};

/* Who asked: what the request may see. */
struct xvm_nl_caller {
	bool see_all;
	kuid_t uid;		/* INVALID_UID: sees no VM of its own */
};

/* Dump state kept in cb->ctx between the skbs of one dump. */
struct xvm_nl_dump_ctx {
	u64 next_id;		/* first VM id not yet visited */
	struct xvm_nl_caller caller;
};

/* One step of a dump, handed to xvm_registry_for_each(). */
struct xvm_nl_dump_step {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	struct xvm_nl_dump_ctx *ctx;
	struct user_namespace *ns;
	u8 cmd;
};

static struct genl_family xvm_nl_family;

/* Set once the family is registered; events before that are dropped. */
static bool xvm_nl_registered;

/* The file of the socket a request came from, NULL for kernel sockets. */
static const struct file *xvm_nl_sock_file(const struct sk_buff *skb)
{
	const struct sock *sk = NETLINK_CB(skb).sk;

	if (!sk || !sk->sk_socket)
		return NULL;
	return sk->sk_socket->file;
}

/*
 * Called in the sender's context (a doit, or a dump's start): current is
 * the process that sent @skb.
 */
static void xvm_nl_caller_init(const struct sk_buff *skb,
			       struct xvm_nl_caller *caller)
{
	const struct file *file = xvm_nl_sock_file(skb);
	kuid_t euid = current_euid();

	caller->see_all = file && netlink_capable(skb, CAP_SYS_ADMIN);
	if (file && uid_eq(file->f_cred->euid, euid))
		caller->uid = euid;
	else
		caller->uid = INVALID_UID;
}

static bool xvm_nl_visible(const struct xvm_nl_caller *caller,
			   const struct xvm_vm_info *info)
{
	if (caller->see_all)
		return true;
	return uid_valid(caller->uid) && uid_eq(caller->uid, info->owner_uid);
}

/* Owner uids are reported as the reader's socket opener sees them. */
static struct user_namespace *xvm_nl_reader_ns(const struct sk_buff *skb)
{
	const struct file *file = xvm_nl_sock_file(skb);

	return file ? file->f_cred->user_ns : &init_user_ns;
}

static int xvm_nl_put_vm(struct sk_buff *skb, const struct xvm_vm_info *info,
			 struct user_namespace *ns)
{
	if (nla_put_u32(skb, XVM_NL_A_VM_ID, info->id) ||
	    nla_put_u32(skb, XVM_NL_A_VM_OWNER_PID, info->owner_tgid) ||
	    nla_put_u32(skb, XVM_NL_A_VM_OWNER_UID,
			from_kuid_munged(ns, info->owner_uid)) ||
	    nla_put_u64_64bit(skb, XVM_NL_A_VM_MEM_BYTES, info->mem_bytes,
			      XVM_NL_A_PAD) ||
	    nla_put_u32(skb, XVM_NL_A_VM_NR_VCPUS, info->nr_vcpus) ||
	    nla_put_u32(skb, XVM_NL_A_VM_BACKEND, info->backend) ||
	    nla_put_u32(skb, XVM_NL_A_VM_STATE, info->state))
		return -EMSGSIZE;
	return 0;
}

/* Exits by reason: one nest per reason that occurred at least once. */
static int xvm_nl_put_exits(struct sk_buff *skb,
			    const struct xvm_vm_info *info)
{
	struct nlattr *exits, *exit;
	u32 reason;

	exits = nla_nest_start(skb, XVM_NL_A_STATS_EXITS);
	if (!exits)
		return -EMSGSIZE;
	for (reason = 0; reason < XVM_STATS_NR_EXIT_REASONS; reason++) {
		if (!info->exits[reason])
			continue;
		exit = nla_nest_start(skb, XVM_NL_EXITS_A_EXIT);
		if (!exit ||
		    nla_put_u32(skb, XVM_NL_EXIT_A_REASON, reason) ||
		    nla_put_u64_64bit(skb, XVM_NL_EXIT_A_COUNT,
				      info->exits[reason], XVM_NL_EXIT_A_PAD))
			return -EMSGSIZE;
		nla_nest_end(skb, exit);
	}
	nla_nest_end(skb, exits);
	return 0;
}

static int xvm_nl_put_stats(struct sk_buff *skb,
			    const struct xvm_vm_info *info)
{
	if (nla_put_u32(skb, XVM_NL_A_VM_ID, info->id) ||
	    xvm_nl_put_exits(skb, info) ||
	    nla_put_u64_64bit(skb, XVM_NL_A_STATS_TRANSLATIONS,
			      info->translations, XVM_NL_A_PAD) ||
	    nla_put_u64_64bit(skb, XVM_NL_A_STATS_CODE_CACHE_BYTES,
			      info->code_cache_bytes, XVM_NL_A_PAD) ||
	    nla_put_u64_64bit(skb, XVM_NL_A_STATS_GUEST_INSNS,
			      info->guest_insns, XVM_NL_A_PAD) ||
	    nla_put_u64_64bit(skb, XVM_NL_A_STATS_VM_ENTRIES,
			      info->vm_entries, XVM_NL_A_PAD))
		return -EMSGSIZE;
	return 0;
}

/*
 * One whole message about one VM: XVM_NL_CMD_GET_VM and XVM_NL_CMD_EVENT
 * carry the VM's description (the event adds its XVM_NL_EVENT_* value),
 * XVM_NL_CMD_GET_STATS its statistics. Nothing is left in @skb on error.
 */
static int xvm_nl_fill(struct sk_buff *skb, u32 portid, u32 seq, int flags,
		       u8 cmd, const struct xvm_vm_info *info,
		       struct user_namespace *ns, u32 event)
{
	void *hdr;
	int err;

	hdr = genlmsg_put(skb, portid, seq, &xvm_nl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	switch (cmd) {
	case XVM_NL_CMD_GET_STATS:
		err = xvm_nl_put_stats(skb, info);
		break;
	case XVM_NL_CMD_EVENT:
		err = nla_put_u32(skb, XVM_NL_A_EVENT, event) ?:
		      xvm_nl_put_vm(skb, info, ns);
		break;
	default:
		err = xvm_nl_put_vm(skb, info, ns);
		break;
	}
	if (err) {
		genlmsg_cancel(skb, hdr);
		return err;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* XVM_NL_CMD_GET_VM and XVM_NL_CMD_GET_STATS on one VM. */
static int xvm_nl_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct xvm_nl_caller caller;
	struct xvm_vm_info *vm;
	struct sk_buff *msg;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, XVM_NL_A_VM_ID))
		return -EINVAL;

	/* Larger than a stack frame should carry (the exit counters). */
	vm = kmalloc(sizeof(*vm), GFP_KERNEL);
	if (!vm)
		return -ENOMEM;
	xvm_nl_caller_init(skb, &caller);
	err = xvm_registry_get(nla_get_u32(info->attrs[XVM_NL_A_VM_ID]), vm);
	if (!err && !xvm_nl_visible(&caller, vm))
		err = -ENOENT;
	if (err) {
		GENL_SET_ERR_MSG(info, "no such VM");
		goto out;
	}

	msg = genlmsg_new(GENLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg) {
		err = -ENOMEM;
		goto out;
	}
	err = xvm_nl_fill(msg, info->snd_portid, info->snd_seq, 0,
			  info->genlhdr->cmd, vm, xvm_nl_reader_ns(skb), 0);
	if (err) {
		nlmsg_free(msg);
		goto out;
	}
	err = genlmsg_reply(msg, info);
out:
	kfree(vm);
	return err;
}

/* What XVM_NL_CMD_SET_IRQ asks, handed to xvm_registry_call(). */
struct xvm_nl_set_irq {
	struct xvm_nl_caller caller;
	u32 spi;
	u32 level;
};

static int xvm_nl_set_irq_one(struct xvm_vm *vm,
			      const struct xvm_vm_info *info, void *arg)
{
	const struct xvm_nl_set_irq *req = arg;

	if (!xvm_nl_visible(&req->caller, info))
		return -ENOENT;
	return xvm_registry_irq_line(vm, req->spi, req->level);
}

/* XVM_NL_CMD_SET_IRQ: XVM_IRQ_LINE on a VM the caller sees. */
static int xvm_nl_set_irq_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct xvm_nl_set_irq req;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, XVM_NL_A_VM_ID) ||
	    GENL_REQ_ATTR_CHECK(info, XVM_NL_A_IRQ_SPI) ||
	    GENL_REQ_ATTR_CHECK(info, XVM_NL_A_IRQ_LEVEL))
		return -EINVAL;

	xvm_nl_caller_init(skb, &req.caller);
	req.spi = nla_get_u32(info->attrs[XVM_NL_A_IRQ_SPI]);
	req.level = nla_get_u32(info->attrs[XVM_NL_A_IRQ_LEVEL]);
	err = xvm_registry_call(nla_get_u32(info->attrs[XVM_NL_A_VM_ID]),
				xvm_nl_set_irq_one, &req);
	if (err == -ENOENT)
		GENL_SET_ERR_MSG(info, "no such VM");
	else if (err == -EINVAL)
		GENL_SET_ERR_MSG(info, "SPI or level out of range");
	return err;
}

static struct xvm_nl_dump_ctx *xvm_nl_dump_ctx(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct xvm_nl_dump_ctx) > sizeof(cb->ctx));
	return (struct xvm_nl_dump_ctx *)cb->ctx;
}

/*
 * The start of a dump runs in the sender's context; the later parts may
 * run in whoever reads the socket. So the caller is judged here, once.
 */
static int xvm_nl_dump_start(struct netlink_callback *cb)
{
	struct xvm_nl_dump_ctx *ctx = xvm_nl_dump_ctx(cb);

	ctx->next_id = 0;
	xvm_nl_caller_init(cb->skb, &ctx->caller);
	return 0;
}

static int xvm_nl_dump_one(const struct xvm_vm_info *info, void *arg)
{
	struct xvm_nl_dump_step *step = arg;
	int err;

	if (xvm_nl_visible(&step->ctx->caller, info)) {
		err = xvm_nl_fill(step->skb, NETLINK_CB(step->cb->skb).portid,
				  step->cb->nlh->nlmsg_seq, NLM_F_MULTI,
				  step->cmd, info, step->ns, 0);
		if (err)
			return err;	/* full: the next skb starts here */
	}
	step->ctx->next_id = (u64)info->id + 1;
	return 0;
}

/*
 * Fill @skb with the VMs from ctx->next_id on, in id order. VM ids are
 * never reused while the module is loaded, so resuming by id neither
 * repeats nor skips a VM that lives through the whole dump.
 */
static int xvm_nl_dump(struct sk_buff *skb, struct netlink_callback *cb,
		       u8 cmd)
{
	struct xvm_nl_dump_step step = {
		.skb	= skb,
		.cb	= cb,
		.ctx	= xvm_nl_dump_ctx(cb),
		.ns	= xvm_nl_reader_ns(cb->skb),
		.cmd	= cmd,
	};
	int err;

	if (step.ctx->next_id > U32_MAX)
		return 0;
	err = xvm_registry_for_each(step.ctx->next_id, xvm_nl_dump_one,
				    &step);
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	if (err)
		return err;
	/* All visited: a last call finds nothing and ends the dump. */
	return skb->len;
}

static int xvm_nl_get_vm_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	return xvm_nl_dump(skb, cb, XVM_NL_CMD_GET_VM);
}

static int xvm_nl_get_stats_dumpit(struct sk_buff *skb,
				   struct netlink_callback *cb)
{
	return xvm_nl_dump(skb, cb, XVM_NL_CMD_GET_STATS);
}

/*
 * Requests carry at most a VM id (and XVM_NL_CMD_SET_IRQ an SPI and a
 * level: the GET ops stop at XVM_NL_A_VM_ID); anything else is rejected
 * (strict). The ranges of the SPI and level are checked by irq.c.
 */
static const struct nla_policy xvm_nl_policy[XVM_NL_A_MAX + 1] = {
	[XVM_NL_A_VM_ID] = { .type = NLA_U32 },
	[XVM_NL_A_IRQ_SPI] = { .type = NLA_U32 },
	[XVM_NL_A_IRQ_LEVEL] = { .type = NLA_U32 },
};

static const struct genl_ops xvm_nl_ops[] = {
	{
		.cmd	= XVM_NL_CMD_GET_VM,
		.policy	= xvm_nl_policy,
		.maxattr = XVM_NL_A_VM_ID,
		.doit	= xvm_nl_get_doit,
		.start	= xvm_nl_dump_start,
		.dumpit	= xvm_nl_get_vm_dumpit,
	},
	{
		.cmd	= XVM_NL_CMD_GET_STATS,
		.policy	= xvm_nl_policy,
		.maxattr = XVM_NL_A_VM_ID,
		.doit	= xvm_nl_get_doit,
		.start	= xvm_nl_dump_start,
		.dumpit	= xvm_nl_get_stats_dumpit,
	},
	{
		.cmd	= XVM_NL_CMD_SET_IRQ,
		.doit	= xvm_nl_set_irq_doit,
	},
};

#if XVM_NL_HAVE_EVENTS
static const struct genl_multicast_group xvm_nl_mcgrps[] = {
	[XVM_NL_GRP_EVENTS] = {
		.name	= XVM_NL_MCGRP_EVENTS,
		.flags	= GENL_MCAST_CAP_SYS_ADMIN,
	},
};
#endif

/*
 * VMs are not per network namespace, and unprivileged callers are told
 * apart by uid, so the family lives in the initial namespace only.
 * resv_start_op is 0: every command is validated strictly.
 */
static struct genl_family xvm_nl_family __ro_after_init = {
	.name		= XVM_NL_FAMILY_NAME,
	.version	= XVM_NL_FAMILY_VERSION,
	.maxattr	= XVM_NL_A_MAX,
	.policy		= xvm_nl_policy,
	.netnsok	= false,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= xvm_nl_ops,
	.n_ops		= ARRAY_SIZE(xvm_nl_ops),
#if XVM_NL_HAVE_EVENTS
	.mcgrps		= xvm_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(xvm_nl_mcgrps),
#endif
};

/*
 * Multicast one lifecycle event. Process context: it may sleep. Events
 * are lossy as all netlink multicast is: a reader that falls behind gets
 * ENOBUFS and must dump again.
 */
void xvm_netlink_notify(const struct xvm_vm_info *info, u32 event)
{
	struct sk_buff *msg;

	might_sleep();
	if (!XVM_NL_HAVE_EVENTS || !READ_ONCE(xvm_nl_registered) ||
	    genl_has_listeners(&xvm_nl_family, &init_net,
			       XVM_NL_GRP_EVENTS) <= 0)
		return;

	msg = genlmsg_new(GENLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return;
	if (xvm_nl_fill(msg, 0, 0, 0, XVM_NL_CMD_EVENT, info, &init_user_ns,
			event)) {
		nlmsg_free(msg);
		return;
	}
	/* -ESRCH when the last listener just left: nothing to do. */
	genlmsg_multicast(&xvm_nl_family, msg, 0, XVM_NL_GRP_EVENTS,
			  GFP_KERNEL);
}

int xvm_netlink_init(void)
{
	int err;

	err = genl_register_family(&xvm_nl_family);
	if (err) {
		pr_err("cannot register generic netlink family %s: %d\n",
		       XVM_NL_FAMILY_NAME, err);
		return err;
	}
	if (!XVM_NL_HAVE_EVENTS)
		pr_info("no netlink events: kernel lacks GENL_MCAST_CAP_SYS_ADMIN\n");
	WRITE_ONCE(xvm_nl_registered, true);
	return 0;
}

void xvm_netlink_exit(void)
{
	WRITE_ONCE(xvm_nl_registered, false);
	genl_unregister_family(&xvm_nl_family);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * vcpu.c - the vCPU file descriptor: its shared run area (mmap), the
 * register ioctls, and XVM_RUN, the generic run loop that every backend
 * plugs into (backend.h).
 *
 * The run loop, once per entry into the guest: finish what the last exit
 * left open (a read's value, a request the full ring could not take, a
 * hypercall's results), check immediate_exit, signals and requests from
 * other threads, reschedule if needed, then let the backend run the guest
 * to its next exit. Device accesses to a registered I/O range go on the
 * request ring: writes are posted and the guest goes on; a read stops the
 * vCPU (XVM_EXIT_IO) until its completion is on the completion ring; a
 * full ring stops it too. Everything a stopped vCPU waits for is kept
 * here, not in the backend, so a signal (EINTR) can end XVM_RUN at any
 * such point and the next XVM_RUN resumes exactly there.
 */
#include <linux/anon_inodes.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include "vm.h"

static_assert(offsetof(struct xvm_run, req) == 512);
static_assert(offsetof(struct xvm_run, cpl) == 640);
static_assert(sizeof(struct xvm_run) <= PAGE_SIZE);
static_assert(XVM_VCPU_MMAP_SIZE % PAGE_SIZE == 0);
static_assert(sizeof(struct xvm_io_request) == 32);
static_assert(sizeof(struct xvm_io_completion) == 16);

void xvm_core_vcpu_request(struct xvm_core_vcpu *vcpu, unsigned int req)
{
	set_bit(req, &vcpu->requests);
	if (vcpu->vm->ops->vcpu_kick)
		vcpu->vm->ops->vcpu_kick(vcpu);
}

static u64 xvm_size_mask(unsigned int size)
{
	return size >= 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
}

static int xvm_exit_io(struct xvm_core_vcpu *vcpu, u32 reason, u32 seq)
{
	vcpu->run->exit_reason = XVM_EXIT_IO;
	vcpu->run->io.reason = reason;
	vcpu->run->io.seq = seq;
	return 0;
}

static void xvm_complete_read(struct xvm_core_vcpu *vcpu, u64 data)
{
	data &= xvm_size_mask(vcpu->read_size);
	if (vcpu->vm->ops->vcpu_complete_mmio)
		vcpu->vm->ops->vcpu_complete_mmio(vcpu, data);
}

/* Put @req on the request ring, giving it its seq. 0, -ENOSPC, -EINVAL. */
static int xvm_put_request(struct xvm_core_vcpu *vcpu,
			   struct xvm_io_request *req)
{
	int ret;

	req->seq = vcpu->req_ring.next;
	ret = xvm_ring_put(&vcpu->req_ring, req);
	if (ret)
		return ret;
	if (req->op == XVM_IO_READ) {
		vcpu->read_seq = req->seq;
		vcpu->read_waiting = true;
	}
	vcpu->stats.io_requests++;
	if (wq_has_sleeper(&vcpu->io_wq))
		wake_up_interruptible_poll(&vcpu->io_wq, EPOLLIN | EPOLLRDNORM);
	return 0;
}

/*
 * Finish what the last exit left open. 1: the guest may run; 0: an exit
 * for userland is set; -EINVAL: the rings are inconsistent, nothing was
 * taken from them.
 */
static int xvm_vcpu_resume(struct xvm_core_vcpu *vcpu)
{
	struct xvm_run *run = vcpu->run;
	struct xvm_io_completion cpl;
	unsigned int i;
	int ret;

	if (vcpu->hypercall_done) {
		for (i = 0; i < ARRAY_SIZE(run->hypercall.ret); i++)
			vcpu->regs.x[i] = READ_ONCE(run->hypercall.ret[i]);
		vcpu->state_dirty = true;
		vcpu->hypercall_done = false;
	}
	if (vcpu->unclaimed_read) {
		xvm_complete_read(vcpu, READ_ONCE(run->mmio.data));
		vcpu->unclaimed_read = false;
	}
	if (vcpu->req_stashed) {
		ret = xvm_put_request(vcpu, &vcpu->stash);
		if (ret == -ENOSPC)
			return xvm_exit_io(vcpu, XVM_IO_WAIT_SPACE,
					   vcpu->req_ring.next);
		if (ret)
			return ret;
		vcpu->req_stashed = false;
	}
	if (vcpu->read_waiting) {
		ret = xvm_ring_peek(&vcpu->cpl_ring, &cpl);
		if (ret == -EAGAIN)
			return xvm_exit_io(vcpu, XVM_IO_WAIT_COMPLETION,
					   vcpu->read_seq);
		if (ret)
			return ret;
		if (cpl.seq != vcpu->read_seq || cpl.flags)
			return -EINVAL;
		xvm_ring_consume(&vcpu->cpl_ring);
		vcpu->stats.io_completions++;
		vcpu->read_waiting = false;
		xvm_complete_read(vcpu, cpl.data);
	}
	return 1;
}

/* A device access in a registered I/O range: onto the request ring. */
static int xvm_vcpu_io_request(struct xvm_core_vcpu *vcpu, u64 cookie)
{
	const struct xvm_mmio *m = &vcpu->mmio;
	struct xvm_io_request req = {
		.addr	= m->gpa,
		.data	= m->write ? m->data & xvm_size_mask(m->size) : 0,
		.cookie	= cookie,
		.size	= m->size,
		.op	= m->write ? XVM_IO_WRITE : XVM_IO_READ,
	};
	int ret;

	if (!m->write)
		vcpu->read_size = m->size;
	ret = xvm_put_request(vcpu, &req);
	if (ret) {
		/* Keep it for the next XVM_RUN: the access is done for the
		 * guest, only its delivery waits.
		 */
		vcpu->stash = req;
		vcpu->req_stashed = true;
		if (!m->write)
			vcpu->read_waiting = true;
		if (ret != -ENOSPC)
			return ret;
		return xvm_exit_io(vcpu, XVM_IO_WAIT_SPACE,
				   vcpu->req_ring.next);
	}
	if (!m->write)
		return xvm_exit_io(vcpu, XVM_IO_WAIT_COMPLETION, req.seq);
	return 1;	/* posted */
}

static int xvm_vcpu_mmio(struct xvm_core_vcpu *vcpu)
{
	const struct xvm_mmio *m = &vcpu->mmio;
	struct xvm_run *run = vcpu->run;
	u64 cookie;

	if (WARN_ON_ONCE(m->size != 1 && m->size != 2 && m->size != 4 &&
			 m->size != 8))
		return -EIO;
	if (xvm_io_range_find(vcpu->vm, m->gpa, m->size, &cookie))
		return xvm_vcpu_io_request(vcpu, cookie);

	run->exit_reason = XVM_EXIT_UNCLAIMED_MMIO;
	run->mmio.phys_addr = m->gpa;
	run->mmio.data = m->write ? m->data & xvm_size_mask(m->size) : 0;
	run->mmio.len = m->size;
	run->mmio.is_write = m->write;
	if (!m->write) {
		vcpu->read_size = m->size;
		vcpu->unclaimed_read = true;
	}
	return 0;
}

/* The backend set an exit for userland; the core's part of it. */
static int xvm_vcpu_backend_exit(struct xvm_core_vcpu *vcpu)
{
	struct xvm_run *run = vcpu->run;
	u32 type;

	switch (READ_ONCE(run->exit_reason)) {
	case XVM_EXIT_SYSTEM_EVENT:
		type = READ_ONCE(run->system_event.type);
		if (type >= XVM_SYSTEM_EVENT_SHUTDOWN &&
		    type <= XVM_SYSTEM_EVENT_CRASH)
			xvm_vm_system_event(vcpu->vm, vcpu, type);
		break;
	case XVM_EXIT_HYPERCALL:
		vcpu->hypercall_done = true;
		break;
	case XVM_EXIT_FAIL_ENTRY:
	case XVM_EXIT_INTERNAL_ERROR:
		xvm_vm_crashed(vcpu->vm);
		break;
	}
	return 0;
}

/* Before each entry. 1: enter; 0: exit for userland; -EINTR. */
static int xvm_vcpu_pre_entry(struct xvm_core_vcpu *vcpu)
{
	struct xvm_run *run = vcpu->run;

	if (READ_ONCE(run->immediate_exit) || signal_pending(current)) {
		run->exit_reason = XVM_EXIT_INTR;
		return -EINTR;
	}
	if (test_and_clear_bit(XVM_REQ_SYSTEM_EVENT, &vcpu->requests)) {
		run->exit_reason = XVM_EXIT_SYSTEM_EVENT;
		run->system_event.type = READ_ONCE(vcpu->vm->system_event);
		run->system_event.ndata = 0;
		return 0;
	}
	cond_resched();
	return 1;
}

static int xvm_vcpu_handle(struct xvm_core_vcpu *vcpu, int result)
{
	switch (result) {
	case XVM_RUN_CONTINUE:
		return 1;
	case XVM_RUN_MMIO:
		return xvm_vcpu_mmio(vcpu);
	case XVM_RUN_EXIT:
		return xvm_vcpu_backend_exit(vcpu);
	default:
		WARN_ONCE(1, "xvm: backend returned %d from vcpu_run\n", result);
		return -EIO;
	}
}

static int xvm_core_vcpu_run(struct xvm_core_vcpu *vcpu)
{
	const struct xvm_backend_ops *ops = vcpu->vm->ops;
	struct xvm_vm *vm = vcpu->vm;
	u32 reason;
	int ret;

	if (!ops->vcpu_run)
		return -EOPNOTSUPP;
	atomic_inc(&vm->nr_running);
	WRITE_ONCE(vm->has_run, true);

	ret = xvm_vcpu_resume(vcpu);
	while (ret > 0) {
		ret = xvm_vcpu_pre_entry(vcpu);
		if (ret <= 0)
			break;
		ret = ops->vcpu_run(vcpu);
		if (ret >= 0)
			ret = xvm_vcpu_handle(vcpu, ret);
	}

	if (ret == -EINTR)
		vcpu->run->exit_reason = XVM_EXIT_INTR;
	if (ret == 0 || ret == -EINTR) {
		reason = ret ? XVM_EXIT_INTR : READ_ONCE(vcpu->run->exit_reason);
		if (reason < XVM_NR_EXIT_REASONS)
			vcpu->stats.exits[reason]++;
	}
	atomic_dec(&vm->nr_running);
	return ret;
}

static long xvm_vcpu_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	struct xvm_core_vcpu *vcpu = file->private_data;
	void __user *argp = (void __user *)arg;
	struct xvm_one_reg one;
	struct xvm_regs regs;
	long ret;

	if (mutex_lock_killable(&vcpu->mutex))
		return -EINTR;
	switch (cmd) {
	case XVM_RUN:
		ret = arg ? -EINVAL : xvm_core_vcpu_run(vcpu);
		break;
	case XVM_GET_REGS:
		ret = copy_to_user(argp, &vcpu->regs, sizeof(vcpu->regs)) ?
			-EFAULT : 0;
		break;
	case XVM_SET_REGS:
		ret = -EFAULT;
		if (copy_from_user(&regs, argp, sizeof(regs)))
			break;
		ret = xvm_regs_check(&regs);
		if (ret)
			break;
		vcpu->regs = regs;
		vcpu->state_dirty = true;
		break;
	case XVM_GET_ONE_REG:
	case XVM_SET_ONE_REG:
		ret = -EFAULT;
		if (copy_from_user(&one, argp, sizeof(one)))
			break;
		if (cmd == XVM_GET_ONE_REG)
			ret = xvm_get_one_reg(vcpu, &one);
		else
			ret = xvm_set_one_reg(vcpu, &one);
		break;
	case XVM_GET_REG_LIST:
		ret = xvm_get_reg_list(vcpu, argp);
		break;
	default:
		ret = -ENOTTY;
		break;
	}
	mutex_unlock(&vcpu->mutex);
	return ret;
}

/*
 * The run area: shared and writable only (MAP_PRIVATE would give
 * userland a copy the kernel never sees), within XVM_VCPU_MMAP_SIZE.
 */
static int xvm_vcpu_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct xvm_core_vcpu *vcpu = file->private_data;
	unsigned long pages = vma_pages(vma);
	unsigned long total = XVM_VCPU_MMAP_SIZE >> PAGE_SHIFT;

	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	if (vma->vm_pgoff >= total || pages > total - vma->vm_pgoff)
		return -EINVAL;
	return remap_vmalloc_range(vma, vcpu->run, vma->vm_pgoff);
}

static __poll_t xvm_vcpu_poll(struct file *file, poll_table *wait)
{
	struct xvm_core_vcpu *vcpu = file->private_data;

	poll_wait(file, &vcpu->io_wq, wait);
	return xvm_ring_busy(&vcpu->req_ring) ? EPOLLIN | EPOLLRDNORM : 0;
}

static int xvm_vcpu_release(struct inode *inode, struct file *file)
{
	struct xvm_core_vcpu *vcpu = file->private_data;

	xvm_vm_put(vcpu->vm);
	return 0;
}

static const struct file_operations xvm_vcpu_fops = {
	.owner		= THIS_MODULE,
	.release	= xvm_vcpu_release,
	.unlocked_ioctl	= xvm_vcpu_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.mmap		= xvm_vcpu_mmap,
	.poll		= xvm_vcpu_poll,
	.llseek		= noop_llseek,
};

static struct xvm_core_vcpu *xvm_core_vcpu_alloc(struct xvm_vm *vm, u32 id)
{
	struct xvm_core_vcpu *vcpu;
	struct xvm_run *run;

	BUILD_BUG_ON(XVM_RUN_REQ_OFFSET % 64 || XVM_RUN_CPL_OFFSET % 64);
	vcpu = kzalloc(sizeof(*vcpu), GFP_KERNEL_ACCOUNT);
	if (!vcpu)
		return NULL;
	run = vmalloc_user(XVM_VCPU_MMAP_SIZE);
	if (!run) {
		kfree(vcpu);
		return NULL;
	}
	vcpu->vm = vm;
	vcpu->id = id;
	vcpu->run = run;
	mutex_init(&vcpu->mutex);
	init_waitqueue_head(&vcpu->io_wq);
	run->ring_entries = XVM_RING_ENTRIES;
	run->req_offset = XVM_RUN_REQ_OFFSET;
	run->cpl_offset = XVM_RUN_CPL_OFFSET;
	xvm_ring_init(&vcpu->req_ring, &run->req,
		      (void *)run + XVM_RUN_REQ_OFFSET, XVM_RING_ENTRIES,
		      sizeof(struct xvm_io_request));
	xvm_ring_init(&vcpu->cpl_ring, &run->cpl,
		      (void *)run + XVM_RUN_CPL_OFFSET, XVM_RING_ENTRIES,
		      sizeof(struct xvm_io_completion));
	xvm_regs_reset(vcpu);
	return vcpu;
}

static void xvm_core_vcpu_dealloc(struct xvm_core_vcpu *vcpu)
{
	vfree(vcpu->run);
	mutex_destroy(&vcpu->mutex);
	kfree(vcpu);
}

/* Teardown with the VM: no fd and no mapping of the vCPU is left. */
void xvm_core_vcpu_free(struct xvm_core_vcpu *vcpu)
{
	if (vcpu->vm->ops->vcpu_destroy)
		vcpu->vm->ops->vcpu_destroy(vcpu);
	xvm_core_vcpu_dealloc(vcpu);
}

int xvm_core_vcpu_create(struct xvm_vm *vm, unsigned long id)
{
	struct xvm_core_vcpu *vcpu;
	char name[24];
	int ret, fd;

	if (id >= XVM_MAX_VCPUS)
		return -EINVAL;
	mutex_lock(&vm->lock);
	if (vm->vcpus[id]) {
		ret = -EEXIST;
		goto out;
	}
	vcpu = xvm_core_vcpu_alloc(vm, id);
	if (!vcpu) {
		ret = -ENOMEM;
		goto out;
	}
	if (vm->ops->vcpu_init) {
		ret = vm->ops->vcpu_init(vcpu);
		if (ret) {
			xvm_core_vcpu_dealloc(vcpu);
			goto out;
		}
	}
	/*
	 * The vCPU fd's reference. Our caller's VM fd keeps the VM alive
	 * through this ioctl, so the vCPU fd may be closed (and this
	 * reference dropped) as soon as it is installed.
	 */
	xvm_vm_get(vm);
	snprintf(name, sizeof(name), "xvm-vcpu:%lu", id);
	fd = anon_inode_getfd(name, &xvm_vcpu_fops, vcpu, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		ret = fd;
		refcount_dec(&vm->kref.refcount);	/* never the last */
		xvm_core_vcpu_free(vcpu);
		goto out;
	}
	/* Publish it whole to lockless readers (irq.c, vm.c). */
	smp_store_release(&vm->vcpus[id], vcpu);
	vm->nr_vcpus++;
	ret = fd;
out:
	mutex_unlock(&vm->lock);
	return ret;
}

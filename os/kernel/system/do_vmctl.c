/*
 * VMCTL: requests between the kernel and VM.
 *   BECOME_VM:  the caller resolves page faults from now on
 *   GET_PF:     out .ep (who waits), .target (whose address space), .addr,
 *               .err, .eip, .kind; ep is MX_NONE when no request is queued
 *   PF_DONE:    in .ep, .err (0 resolved, or a negative error)
 *   MEMINFO:    out .mem_total, .mem_free (frames)
 */
#include "../system.h"

int do_sys_VMCTL(struct proc *caller, mx_message *m)
{
	struct kc_vmctl *a = MX_BODY(m, struct kc_vmctl);
	struct proc *p;
	switch (a->op) {
	case MX_VMCTL_BECOME_VM:
		vm_endpoint = caller->p_endpoint;
		return MX_OK;
	case MX_VMCTL_GET_PF:
		if (caller->p_endpoint != vm_endpoint)
			return -MX_EPERM;
		p = vm_next_request();
		a->ep = p ? p->p_endpoint : MX_NONE;
		if (p) {
			a->target = p->p_pf_target;
			a->addr = p->p_pf_addr;
			a->err = p->p_pf_err;
			a->eip = p->p_pf_eip;
			a->kind = p->p_pf_kind;
		}
		return MX_OK;
	case MX_VMCTL_PF_DONE: {
		if (caller->p_endpoint != vm_endpoint)
			return -MX_EPERM;
		int r = ep_to_proc(a->ep, &p);
		if (r != MX_OK)
			return r;
		vm_request_done(p, (int)a->err);
		return MX_OK;
	}
	case MX_VMCTL_MEMINFO:
		a->mem_total = frames_total();
		a->mem_free = frames_free();
		kinfo.mem_free_frames = a->mem_free;
		return MX_OK;
	}
	return -MX_EINVAL;
}

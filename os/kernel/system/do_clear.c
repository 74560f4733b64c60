/*
 * CLEAR: free the slot of a process that has exited (PM, after VM freed
 * its memory).  Its endpoint dies: every later message to it fails with
 * EDEADSRCDST, and the slot's next user gets a new generation.
 *   in: kc_proc.ep
 */
#include "../system.h"

int do_sys_CLEAR(struct proc *caller, mx_message *m)
{
	struct kc_proc *a = MX_BODY(m, struct kc_proc);
	struct proc *p;
	if (!EP_OK(a->ep) || MX_EP_SLOT(a->ep) >= MX_NR_SLOTS)
		return -MX_EINVAL;
	p = &proc[MX_EP_SLOT(a->ep)];
	if (isemptyp(p) || p->p_endpoint != a->ep)
		return -MX_EDEADSRCDST;
	if (iskernelp(p) || p == caller)
		return -MX_EPERM;
	TRACE(MX_TK_EXIT, 0, p->p_endpoint, caller->p_endpoint, 0, (uint32_t)p->p_exit_status);
	proc_free(p);
	return MX_OK;
}

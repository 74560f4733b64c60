/*
 * IOPENABLE: let a driver run I/O instructions itself by raising its IOPL
 * to 3, as sys_enable_iop does in the seeds.  Only for processes whose
 * privileges name I/O ports.
 *   in: kc_proc.ep
 */
#include "../system.h"

int do_sys_IOPENABLE(struct proc *caller, mx_message *m)
{
	struct kc_proc *a = MX_BODY(m, struct kc_proc);
	struct proc *p;
	int r = kc_proc(caller, a->ep, &p);
	if (r != MX_OK)
		return r;
	if (p != caller && p->p_parent != caller->p_endpoint)
		return -MX_EPERM;
	if (!p->p_priv->s_io_len[0] && !p->p_priv->s_io_len[1])
		return -MX_EPERM;
	p->p_reg.eflags |= EFLAGS_IOPL;
	p->p_misc_flags |= MX_MF_IOPL;
	return MX_OK;
}

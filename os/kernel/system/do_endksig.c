/*
 * ENDKSIG: a signal manager is done with a process's kernel signals; it
 * may run again (or is notified about again if more arrived meanwhile).
 *   in: kc_sig.ep
 */
#include "../system.h"

int do_sys_ENDKSIG(struct proc *caller, mx_message *m)
{
	struct kc_sig *a = MX_BODY(m, struct kc_sig);
	struct proc *p;
	int r = ep_to_proc(a->ep, &p);
	if (r == -MX_EDEADSRCDST && EP_OK(a->ep) && MX_EP_SLOT(a->ep) < MX_NR_SLOTS &&
	    proc[MX_EP_SLOT(a->ep)].p_endpoint == a->ep &&
	    (proc[MX_EP_SLOT(a->ep)].p_rts_flags & MX_RTS_EXITING))
		return MX_OK;                    /* exiting: the manager will clear it */
	if (r != MX_OK)
		return r;
	if (p->p_priv->s_sig_mgr != caller->p_endpoint)
		return -MX_EPERM;
	if (p->p_ksig_pending) {
		mini_notify(&proc[MX_SYSTEM], caller->p_endpoint);
		return MX_OK;
	}
	RTS_UNSET(p, MX_RTS_SIG_PENDING);
	return MX_OK;
}

/*
 * GETKSIG: a signal manager takes a process with pending kernel signals.
 *   out: kc_sig.ep (MX_NONE if there is none), .sigs
 * The process stays stopped (RTS_SIG_PENDING) until ENDKSIG.
 */
#include "../system.h"

int do_sys_GETKSIG(struct proc *caller, mx_message *m)
{
	struct kc_sig *a = MX_BODY(m, struct kc_sig);
	a->ep = MX_NONE;
	a->sigs = 0;
	for (int i = MX_NR_TASKS; i < MX_NR_SLOTS; i++) {
		struct proc *p = &proc[i];
		if (isemptyp(p) || !p->p_ksig_pending || !(p->p_rts_flags & MX_RTS_SIG_PENDING))
			continue;
		if (p->p_priv->s_sig_mgr != caller->p_endpoint)
			continue;
		a->ep = p->p_endpoint;
		a->sigs = p->p_ksig_pending;
		p->p_ksig_pending = 0;
		break;
	}
	return MX_OK;
}

/*
 * KILL: post a signal to a process through its signal manager (RS and PM
 * use it for system processes; a manager posting to itself is refused).
 *   in: kc_sig.ep, .signo
 */
#include "../system.h"

int do_sys_KILL(struct proc *caller, mx_message *m)
{
	struct kc_sig *a = MX_BODY(m, struct kc_sig);
	struct proc *p;
	int r = ep_to_proc(a->ep, &p);
	if (r != MX_OK)
		return r;
	if (iskernelp(p) || a->signo <= 0 || a->signo >= 32)
		return -MX_EINVAL;
	TRACE(MX_TK_SIGNAL, 0, caller->p_endpoint, p->p_endpoint, a->signo, 0);
	return cause_sig(p, a->signo);
}

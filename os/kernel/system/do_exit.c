/*
 * EXIT: a system process ends itself.
 *   in: kc_exit.status
 * With a signal manager, the process stops (RTS_EXITING) and the manager
 * hears of it as a kernel signal (SIGKILL) and clears the slot; without
 * one, the kernel frees the slot at once.
 */
#include "../system.h"

int do_sys_EXIT(struct proc *caller, mx_message *m)
{
	struct kc_exit *a = MX_BODY(m, struct kc_exit);
	caller->p_exit_status = a->status;
	mx_endpoint_t mgr = caller->p_priv->s_sig_mgr;
	if (mgr == MX_NONE || !ep_proc(mgr)) {
		proc_kill(caller, a->status);
		return KC_SUSPEND;
	}
	TRACE(MX_TK_EXIT, 0, caller->p_endpoint, mgr, 0, (uint32_t)a->status);
	caller->p_ksig_pending |= 1u << 9;       /* SIGKILL */
	RTS_SET(caller, MX_RTS_EXITING | MX_RTS_SIG_PENDING);
	mini_notify(&proc[MX_SYSTEM], mgr);
	return KC_SUSPEND;
}

/*
 * RUNCTL: stop or resume a process (PM's stop for signals and debuggers).
 *   in: kc_runctl.ep, .action (MX_RC_STOP, MX_RC_RESUME), .flags (MX_RC_DELAY)
 * With MX_RC_DELAY a process blocked sending to or awaiting a reply from a
 * server is not stopped (EBUSY): the caller stops it when that call ends,
 * as the seeds' "delay calls" describe.
 */
#include "../system.h"

int do_sys_RUNCTL(struct proc *caller, mx_message *m)
{
	struct kc_runctl *a = MX_BODY(m, struct kc_runctl);
	struct proc *p;
	int r = kc_proc(caller, a->ep, &p);
	if (r != MX_OK)
		return r;
	if (iskernelp(p) || p == caller)
		return -MX_EPERM;
	switch (a->action) {
	case MX_RC_STOP:
		if ((a->flags & MX_RC_DELAY) && (p->p_misc_flags & MX_MF_REPLY_PEND))
			return -MX_EBUSY;
		proc_stop(p);
		return MX_OK;
	case MX_RC_RESUME:
		proc_resume(p);
		return MX_OK;
	}
	return -MX_EINVAL;
}

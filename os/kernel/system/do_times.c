/*
 * TIMES: a process's accounting and the uptime.
 *   in: kc_proc.ep   out: .user_ticks, .sys_ticks, .cycles, .uptime_ticks
 */
#include "../system.h"

int do_sys_TIMES(struct proc *caller, mx_message *m)
{
	struct kc_proc *a = MX_BODY(m, struct kc_proc);
	struct proc *p;
	int r = kc_proc(caller, a->ep, &p);
	if (r != MX_OK)
		return r;
	a->user_ticks = p->p_user_ticks;
	a->sys_ticks = p->p_sys_ticks;
	a->cycles = p->p_cycles + (p == caller ? rdtsc() - p->p_run_start : 0);
	a->uptime_ticks = uptime;
	return MX_OK;
}

/*
 * SCHEDCTL: set a process's priority and quantum.
 *   in: kc_schedctl.ep, .priority (-1 keeps it), .quantum (-1 keeps it)
 */
#include "../system.h"

int do_sys_SCHEDCTL(struct proc *caller, mx_message *m)
{
	struct kc_schedctl *a = MX_BODY(m, struct kc_schedctl);
	struct proc *p;
	int r = kc_proc(caller, a->ep, &p);
	if (r != MX_OK)
		return r;
	if (iskernelp(p) || a->priority >= MX_NR_QUEUES - 1 || a->priority < -1 || a->quantum == 0 || a->quantum > 1000)
		return -MX_EINVAL;
	proc_set_prio(p, a->priority, a->quantum);
	return MX_OK;
}

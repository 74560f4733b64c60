/*
 * spawn: run a function in a new system process, a copy of the caller
 * (tests, benchmarks and scenarios use it in place of PM and RS, which
 * they may run without).  The child gets its own privileges: every IPC
 * primitive, the kernel calls in kcalls, the label name, and the right to
 * talk to its parent (unless flags has SPAWN_NO_ALLOW); it exits with fn's
 * result when fn returns.
 */
#include <string.h>
#include "mxsys.h"

int spawn(int (*fn)(void *), void *arg, uint32_t kcalls, const char *name, int flags, mx_endpoint_t *child)
{
	mx_endpoint_t ep = MX_NONE;
	int r = sys_fork(MX_SELF, MX_FORK_COPYMEM, &ep);
	if (r == 0)
		sys_exit(fn(arg));               /* the child */
	if (r < 0)
		return r;
	struct kc_privctl pc;
	memset(&pc, 0, sizeof(pc));
	pc.op = MX_PRIV_SET_SYS;
	pc.flags = MX_PF_SYS_PROC | MX_PF_PREEMPTIBLE;
	pc.trap_mask = 0x7e;
	pc.kcall_mask[0] = kcalls;
	pc.sig_mgr = (uint32_t)MX_NONE;
	strncpy(pc.name, name ? name : "child", sizeof(pc.name) - 1);
	/* Allow IPC with the parent before the child runs (unless told not to). */
	if ((r = sys_privctl(ep, &pc)) < 0)
		return r;
	if (!(flags & SPAWN_NO_ALLOW) && (r = sys_allow(ep, MX_SELF, 1)) < 0)
		return r;
	*child = ep;
	return 0;
}

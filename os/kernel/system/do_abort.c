/*
 * ABORT: stop the machine (PM on reboot or power-off; tests leaving QEMU
 * with their result through the isa-debug-exit device).
 *   in: kc_abort.how (MX_ABORT_*), .code
 */
#include "../system.h"

int do_sys_ABORT(struct proc *caller, mx_message *m)
{
	struct kc_abort *a = MX_BODY(m, struct kc_abort);
	if (a->how < MX_ABORT_HALT || a->how > MX_ABORT_EXIT)
		return -MX_EINVAL;
	kprintf("MX stopping: %s asked for %s (code %d)\n", caller->p_name,
		a->how == MX_ABORT_HALT ? "halt" : a->how == MX_ABORT_REBOOT ? "reboot" :
		a->how == MX_ABORT_POWEROFF ? "power-off" : "exit", a->code);
	shutdown((int)a->how, a->code);
}

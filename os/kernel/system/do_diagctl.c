/*
 * DIAGCTL: print a diagnostic through the kernel (console, log ring and
 * channel), so a process can report even when TTY or VFS is stuck.
 *   in: kc_diagctl.addr, .len (at most 512 bytes are printed)
 */
#include "../system.h"

int do_sys_DIAGCTL(struct proc *caller, mx_message *m)
{
	struct kc_diagctl *a = MX_BODY(m, struct kc_diagctl);
	char buf[512];
	uint32_t len = a->len < sizeof(buf) ? a->len : sizeof(buf);
	int r = kc_copy_fault(caller, caller, a->addr, len, 0);
	if (r != MX_OK)
		return r;
	copy_from_user(caller, a->addr, buf, len);
	kputs_raw(buf, len);
	return (int)len;
}

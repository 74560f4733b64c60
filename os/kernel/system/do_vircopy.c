/*
 * VIRCOPY: copy between any two user address spaces (PM, VM, VFS, memory
 * driver).  MX_SELF names the caller.  An unmapped page in either space is
 * brought in by VM and the call runs again.
 *   in: kc_copy.src_ep, .src_addr, .dst_ep, .dst_addr, .bytes
 */
#include "../system.h"

int do_sys_VIRCOPY(struct proc *caller, mx_message *m)
{
	struct kc_copy *a = MX_BODY(m, struct kc_copy);
	struct proc *src, *dst;
	int r;
	if ((r = kc_proc(caller, a->src_ep, &src)) != MX_OK || (r = kc_proc(caller, a->dst_ep, &dst)) != MX_OK)
		return r;
	if (iskernelp(src) || iskernelp(dst))
		return -MX_EPERM;
	if (a->bytes == 0)
		return MX_OK;
	if ((r = kc_copy_fault(caller, src, a->src_addr, a->bytes, 0)) != MX_OK)
		return r;
	if ((r = kc_copy_fault(caller, dst, a->dst_addr, a->bytes, 1)) != MX_OK)
		return r;
	return copy_user_user(src, a->src_addr, dst, a->dst_addr, a->bytes);
}

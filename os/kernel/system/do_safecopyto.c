/*
 * SAFECOPYTO: copy from the caller's memory into a grant made to it.
 *   in: kc_copy.src_ep (the granter), .src_addr (grant id), .dst_addr
 *       (offset in the grant), .my_addr, .bytes
 */
#include "grant.h"

int do_sys_SAFECOPYTO(struct proc *caller, mx_message *m)
{
	return safecopy(caller, m, 1);
}

/*
 * SAFECOPYFROM: copy from a grant made to the caller into its own memory.
 *   in: kc_copy.src_ep (the granter: the m_source of the request that
 *       carried the grant), .src_addr (grant id), .dst_addr (offset in the
 *       grant), .my_addr, .bytes
 */
#include "grant.h"

int do_sys_SAFECOPYFROM(struct proc *caller, mx_message *m)
{
	return safecopy(caller, m, 0);
}

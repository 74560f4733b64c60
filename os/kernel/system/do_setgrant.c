/*
 * SETGRANT: declare the caller's grant table (in its own memory).
 *   in: kc_setgrant.addr, .entries (0 removes the table)
 * Only processes with their own privileges keep a table: user processes
 * share one priv and make no grants.
 */
#include "../system.h"

int do_sys_SETGRANT(struct proc *caller, mx_message *m)
{
	struct kc_setgrant *a = MX_BODY(m, struct kc_setgrant);
	if (caller->p_priv->s_id == 0)
		return -MX_EPERM;
	if (a->entries > 4096 || !user_range_ok(a->addr, a->entries * sizeof(mx_grant)))
		return -MX_EINVAL;
	caller->p_priv->s_grant_table = a->entries ? a->addr : 0;
	caller->p_priv->s_grant_entries = a->entries;
	return MX_OK;
}

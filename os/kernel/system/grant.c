/*
 * Grants: a process declares a table of grants in its own memory
 * (SETGRANT); each names a grantee, a range of the granter's memory and the
 * access allowed.  SAFECOPYFROM/TO copy between the caller and a grant made
 * *to the caller*: the kernel checks the grantee, the access and the bounds
 * against the granter's table, read through the granter's page tables.
 * The granter is always given by the caller as the process that sent it the
 * grant (m_source), never taken from a message field: that is the seeds'
 * confused-deputy rule.
 */
#include "grant.h"

int grant_check(struct proc *caller, struct proc *granter, uint32_t grant, uint32_t offset,
		uint32_t bytes, uint32_t access, uint32_t *addr)
{
	struct priv *gp = granter->p_priv;
	mx_grant g;
	if (gp->s_id == 0)
		return -MX_EPERM;             /* user processes make no grants */
	if (grant >= gp->s_grant_entries || !gp->s_grant_table)
		return -MX_EINVAL;
	if (copy_from_user(granter, gp->s_grant_table + grant * sizeof(g), &g, sizeof(g)) != MX_OK)
		return -MX_EFAULT;
	if (!(g.flags & MX_GF_USED))
		return -MX_EINVAL;
	if (g.grantee != MX_ANY && g.grantee != caller->p_endpoint)
		return -MX_EPERM;
	if ((g.flags & access) != access)
		return -MX_EPERM;
	if (offset > g.size || bytes > g.size - offset)
		return -MX_EINVAL;
	*addr = g.addr + offset;
	return MX_OK;
}

int safecopy(struct proc *caller, mx_message *m, int to_granter)
{
	struct kc_copy *a = MX_BODY(m, struct kc_copy);
	struct proc *granter;
	uint32_t gaddr;
	int r = ep_to_proc(a->src_ep, &granter);
	if (r != MX_OK)
		return r;
	if (granter == caller || iskernelp(granter))
		return -MX_EPERM;
	r = grant_check(caller, granter, a->src_addr, a->dst_addr, a->bytes,
			to_granter ? MX_GF_WRITE : MX_GF_READ, &gaddr);
	if (r != MX_OK)
		return r;
	if (a->bytes == 0)
		return MX_OK;
	if ((r = kc_copy_fault(caller, granter, gaddr, a->bytes, to_granter)) != MX_OK)
		return r;
	if ((r = kc_copy_fault(caller, caller, a->my_addr, a->bytes, !to_granter)) != MX_OK)
		return r;
	if (to_granter)
		return copy_user_user(caller, a->my_addr, granter, gaddr, a->bytes);
	return copy_user_user(granter, gaddr, caller, a->my_addr, a->bytes);
}

/*
 * PRIVCTL: give a process privileges (RS starting a service, PM or a test
 * harness releasing a forked child).
 *   in: kc_privctl.ep, .op, .flags, .trap_mask, .kcall_mask, .sig_mgr,
 *       .irq_mask, .io_base/.io_len, .name; for ALLOW/DISALLOW .other
 *   out: kc_privctl.priv_id
 * SET_SYS gives a private priv (send mask empty until ALLOW); SET_USER puts
 * the process on the shared user priv.  Either lets a NO_PRIV process run.
 * Remembered permissions naming the process (priv_remember) are applied.
 */
#include "../system.h"

int do_sys_PRIVCTL(struct proc *caller, mx_message *m)
{
	struct kc_privctl *a = MX_BODY(m, struct kc_privctl);
	struct proc *p, *o;
	int r = kc_proc(caller, a->ep, &p);
	if (r != MX_OK)
		return r;
	if (iskernelp(p))
		return -MX_EPERM;
	switch (a->op) {
	case MX_PRIV_SET_SYS: {
		struct priv *sp = p->p_priv;
		if (!sp || sp->s_id == 0) {
			if (!(sp = priv_alloc()))
				return -MX_ENOSPC;
			sp->s_proc_nr = p->p_nr;
		}
		sp->s_flags = (a->flags | MX_PF_SYS_PROC) & 0x1f;
		sp->s_trap_mask = a->trap_mask & 0x7e;
		sp->s_kcall_mask = a->kcall_mask[0] & ~1u;
		sp->s_sig_mgr = a->sig_mgr;
		sp->s_irq_mask = a->irq_mask & 0xfff8;     /* never the clock, cascade or channel */
		for (int i = 0; i < 2; i++) {
			sp->s_io_base[i] = a->io_base[i];
			sp->s_io_len[i] = a->io_len[i];
		}
		a->name[sizeof(a->name) - 1] = 0;
		strlcpy_k(sp->s_name, a->name[0] ? a->name : p->p_name, sizeof(sp->s_name));
		p->p_priv = sp;
		p->p_misc_flags |= MX_MF_SYSTEM;
		priv_apply_pending(sp);
		a->priv_id = sp->s_id;
		RTS_UNSET(p, MX_RTS_NO_PRIV);
		return MX_OK;
	}
	case MX_PRIV_SET_USER:
		if (p->p_priv && p->p_priv->s_id != 0) {
			irq_release_all(p);
			priv_release(p->p_priv);
		}
		p->p_priv = &priv[0];
		p->p_misc_flags &= ~(MX_MF_SYSTEM | MX_MF_IOPL);
		p->p_reg.eflags &= ~EFLAGS_IOPL;
		a->priv_id = 0;
		RTS_UNSET(p, MX_RTS_NO_PRIV);
		return MX_OK;
	case MX_PRIV_SIGMGR:
		/* PM tracing a system process takes its signals over from RS, and gives them back. */
		if (!p->p_priv || p->p_priv->s_id == 0)
			return -MX_EINVAL;
		p->p_priv->s_sig_mgr = (mx_endpoint_t)a->sig_mgr;
		return MX_OK;
	case MX_PRIV_ALLOW:
	case MX_PRIV_DISALLOW:
		if (a->other == MX_NONE) {
			o = NULL;
		} else if ((r = kc_proc(caller, a->other, &o)) != MX_OK) {
			return r;
		}
		{
			struct priv *other = o ? o->p_priv : &priv[0];   /* NONE: the user processes */
			if (a->op == MX_PRIV_ALLOW)
				return priv_allow(p->p_priv, other);
			priv_disallow(p->p_priv, other);
			return MX_OK;
		}
	}
	return -MX_EINVAL;
}

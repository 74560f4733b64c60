/*
 * SIGSEND: PM delivers a caught signal: the process's registers are saved
 * on its own stack in a signal frame, and it resumes in the handler with
 * the signal number as argument, returning to the trampoline (which makes
 * the sigreturn call).
 *   in: kc_sig.ep, .signo, .handler, .trampoline, .mask (restored by SIGRETURN)
 */
#include "../system.h"
#include "sigframe.h"

int do_sys_SIGSEND(struct proc *caller, mx_message *m)
{
	struct kc_sig *a = MX_BODY(m, struct kc_sig);
	struct proc *p;
	int r = ep_to_proc(a->ep, &p);
	if (r != MX_OK)
		return r;
	if (iskernelp(p) || !user_range_ok(a->handler, 1))
		return -MX_EINVAL;
	struct sigframe f;
	f.ret = a->trampoline;
	f.signo = (uint32_t)a->signo;
	f.ctx_addr = 0;
	f.ctx.regs = p->p_reg;
	f.ctx.mask = a->mask;
	f.ctx.magic = SIGFRAME_MAGIC;
	uint32_t sp = (p->p_reg.esp - sizeof(f)) & ~15u;
	f.ctx_addr = sp + offsetof(struct sigframe, ctx);
	if ((r = kc_copy_fault(caller, p, sp, sizeof(f), 1)) != MX_OK)
		return r;
	copy_to_user(p, sp, &f, sizeof(f));
	p->p_reg.esp = sp;
	p->p_reg.eip = a->handler;
	p->p_reg.eflags &= ~EFLAGS_TF;
	TRACE(MX_TK_SIGNAL, MX_TF_KERNEL, caller->p_endpoint, p->p_endpoint, a->signo, a->handler);
	return MX_OK;
}

/*
 * SIGRETURN: restore the registers saved by SIGSEND (PM, on the process's
 * sigreturn request).  Segment registers and privileged flags cannot be
 * changed this way.
 *   in: kc_sig.ep, .ctx (address of the saved context in the process)
 *   out: kc_sig.mask (the mask saved at SIGSEND)
 */
#include "../system.h"
#include "sigframe.h"

int do_sys_SIGRETURN(struct proc *caller, mx_message *m)
{
	struct kc_sig *a = MX_BODY(m, struct kc_sig);
	struct proc *p;
	struct sigcontext_k c;
	int r = ep_to_proc(a->ep, &p);
	if (r != MX_OK)
		return r;
	if ((r = kc_copy_fault(caller, p, a->ctx, sizeof(c), 0)) != MX_OK)
		return r;
	copy_from_user(p, a->ctx, &c, sizeof(c));
	if (c.magic != SIGFRAME_MAGIC)
		return -MX_EINVAL;
	uint32_t keep = p->p_reg.eflags & (EFLAGS_IOPL | EFLAGS_IF);
	c.regs.cs = UCODE_SEL;
	c.regs.ds = c.regs.es = c.regs.fs = c.regs.gs = c.regs.ss = UDATA_SEL;
	c.regs.eflags = (c.regs.eflags & 0x00000cd5) | keep;   /* arithmetic flags, DF, OF */
	p->p_reg = c.regs;
	a->mask = c.mask;
	if ((p->p_rts_flags & MX_RTS_RECEIVING) && (p->p_misc_flags & MX_MF_REPLY_PEND)) {
		p->p_misc_flags &= ~MX_MF_REPLY_PEND;
		RTS_UNSET(p, MX_RTS_RECEIVING);
	}
	return MX_OK;
}

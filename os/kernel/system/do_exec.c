/*
 * EXEC: start a process afresh after VM has built its new address space.
 *   in: kc_exec.ep, .pc, .sp, .ps_strings (passed in %ebx), .name
 * Registers are reset; a pending SENDREC wait is dropped (PM does not reply
 * to a successful exec).  A traced process stops with SIGTRAP (PM decides).
 */
#include "../system.h"

int do_sys_EXEC(struct proc *caller, mx_message *m)
{
	struct kc_exec *a = MX_BODY(m, struct kc_exec);
	struct proc *p;
	int r = kc_proc(caller, a->ep, &p);
	if (r != MX_OK)
		return r;
	if (iskernelp(p) || !user_range_ok(a->pc, 1) || !user_range_ok(a->sp - 4, 4))
		return -MX_EINVAL;
	memset(&p->p_reg, 0, sizeof(p->p_reg));
	p->p_reg.cs = UCODE_SEL;
	p->p_reg.ds = p->p_reg.es = p->p_reg.fs = p->p_reg.gs = p->p_reg.ss = UDATA_SEL;
	p->p_reg.eip = a->pc;
	p->p_reg.esp = a->sp;
	p->p_reg.ebx = a->ps_strings;
	p->p_reg.eflags = EFLAGS_IF | ((p->p_misc_flags & MX_MF_IOPL) ? EFLAGS_IOPL : 0);
	a->name[sizeof(a->name) - 1] = 0;
	strlcpy_k(p->p_name, a->name, sizeof(p->p_name));
	p->p_alarm = 0;
	TRACE(MX_TK_EXEC, 0, p->p_endpoint, MX_NONE, 0, a->pc);
	if (p->p_rts_flags & MX_RTS_RECEIVING) {
		p->p_misc_flags &= ~MX_MF_REPLY_PEND;
		RTS_UNSET(p, MX_RTS_RECEIVING);
	}
	return MX_OK;
}

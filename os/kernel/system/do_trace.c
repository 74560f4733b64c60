/*
 * TRACE: PM's ptrace support.
 *   in: kc_trace.req, .ep, .addr, .data   out: .data
 * PEEK/POKE read and write a word of the process's memory (POKE writes
 * even read-only text, as a debugger setting a breakpoint must);
 * GETREG/SETREG a word of its saved registers (SETREG cannot change
 * segments or privileged flags); STEP sets or clears the trap flag; SYSCALL
 * makes every IPC trap of the process stop it (PM turns the stops into
 * SIGTRAP for the tracer); GETPRIV reads a word of its priv structure (the
 * seeds' T_GETUSER extension); TRACER records the tracer's endpoint.
 */
#include "../system.h"

int do_sys_TRACE(struct proc *caller, mx_message *m)
{
	struct kc_trace *a = MX_BODY(m, struct kc_trace);
	struct proc *p;
	int r = ep_to_proc(a->ep, &p);
	if (r != MX_OK)
		return r;
	if (iskernelp(p))
		return -MX_EPERM;
	switch (a->req) {
	case MX_TR_PEEK:
		if ((r = kc_copy_fault(caller, p, a->addr, 4, 0)) != MX_OK)
			return r;
		return copy_from_user(p, a->addr, &a->data, 4);
	case MX_TR_POKE: {
		if (!user_range_ok(a->addr, 4))
			return -MX_EFAULT;
		for (uint32_t off = 0; off < 4; off++) {
			uint32_t va = a->addr + off;
			uint32_t *pte = pte_find(p->p_cr3, va, 0);
			if (!pte || !(*pte & MX_PTE_P)) {
				if ((r = kc_copy_fault(caller, p, va, 1, 0)) != MX_OK)
					return r;
				pte = pte_find(p->p_cr3, va, 0);
			}
			if ((*pte & MX_PTE_COW) && cow_break(p->p_cr3, va & ~0xfffu) != MX_OK)
				return -MX_ENOMEM;
			uint8_t *b = (uint8_t *)P2V(*pte & ~0xfffu) + (va & 0xfff);
			*b = (uint8_t)(a->data >> (8 * off));
		}
		return MX_OK;
	}
	case MX_TR_GETREG:
		if (a->addr > sizeof(struct stackframe) - 4 || (a->addr & 3))
			return -MX_EINVAL;
		a->data = ((uint32_t *)&p->p_reg)[a->addr / 4];
		return MX_OK;
	case MX_TR_SETREG: {
		if (a->addr > sizeof(struct stackframe) - 4 || (a->addr & 3))
			return -MX_EINVAL;
		uint32_t off = a->addr;
		if (off == offsetof(struct stackframe, cs) || off == offsetof(struct stackframe, ss) ||
		    off <= offsetof(struct stackframe, ds) || off == offsetof(struct stackframe, vector) ||
		    off == offsetof(struct stackframe, err))
			return -MX_EPERM;
		if (off == offsetof(struct stackframe, eflags))
			a->data = (a->data & 0x00000dd5) | (p->p_reg.eflags & (EFLAGS_IOPL | EFLAGS_IF));
		((uint32_t *)&p->p_reg)[off / 4] = a->data;
		return MX_OK;
	}
	case MX_TR_STEP:
		if (a->data)
			p->p_reg.eflags |= EFLAGS_TF, p->p_misc_flags |= MX_MF_STEP;
		else
			p->p_reg.eflags &= ~EFLAGS_TF, p->p_misc_flags &= ~MX_MF_STEP;
		return MX_OK;
	case MX_TR_SYSCALL:
		if (a->data)
			p->p_misc_flags |= MX_MF_SC_TRACE;
		else
			p->p_misc_flags &= ~(MX_MF_SC_TRACE | MX_MF_SC_ACTIVE | MX_MF_SC_ENTRY);
		return MX_OK;
	case MX_TR_TRACER:
		/* PM records who traces p (tools show it); data = tracer endpoint or MX_NONE. */
		p->p_tracer = (mx_endpoint_t)a->data;
		if (p->p_tracer == MX_NONE)
			p->p_misc_flags &= ~(MX_MF_TRACED | MX_MF_SC_TRACE | MX_MF_SC_ACTIVE | MX_MF_SC_ENTRY | MX_MF_STEP);
		else
			p->p_misc_flags |= MX_MF_TRACED;
		return MX_OK;
	case MX_TR_GETPRIV:
		if (a->addr > sizeof(struct priv) - 4 || (a->addr & 3))
			return -MX_EINVAL;
		a->data = ((uint32_t *)p->p_priv)[a->addr / 4];
		return MX_OK;
	}
	return -MX_EINVAL;
}

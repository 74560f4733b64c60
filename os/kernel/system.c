/*
 * The SYSTEM task's dispatcher.  Checks, in order: the message is readable,
 * the call number is in range, the caller's kernel-call mask allows it
 * (ECALLDENIED), a handler exists.  The handler's result goes to the
 * caller's %eax and the message's m_type; out-fields are copied back.
 */
#include "system.h"

#define MAP(name, num, group, text) [MX_SYS_##name] = do_sys_##name,
static const kcall_handler kcall_table[MX_NR_KCALLS] = {
	MX_KCALLS(MAP)
};
#undef MAP

void system_init(void)
{
}

int kc_proc(struct proc *caller, mx_endpoint_t ep, struct proc **pp)
{
	if (ep == MX_SELF) {
		*pp = caller;
		return MX_OK;
	}
	return ep_to_proc(ep, pp);
}

int kc_copy_fault(struct proc *caller, struct proc *who, uint32_t va, uint32_t len, int write)
{
	uint32_t fault_va;
	int r = user_check(who, va, len, write, &fault_va);
	if (r == MX_OK)
		return MX_OK;
	/* VM brings the page in (in whichever address space it is missing) and
	 * the caller's kernel call runs again.  VM itself cannot wait for VM. */
	if (r == -MX_EFAULT && vm_endpoint != MX_NONE && caller->p_endpoint != vm_endpoint &&
	    user_range_ok(fault_va, 1) && !iskernelp(who))
		return vm_request(caller, who, fault_va, write ? 2 : 0, MX_PF_KERNEL);
	return r;
}

void do_kcall(struct proc *caller)
{
	uint32_t addr = caller->p_reg.ecx;
	mx_message m;
	uint64_t t0 = rdtsc();
	int call = 0, r;

	kinfo.kcalls++;
	caller->p_kcalls++;
	r = kc_copy_fault(caller, caller, addr, sizeof(m), 1);
	if (r == KC_SUSPEND)
		return;
	if (r == MX_OK) {
		copy_from_user(caller, addr, &m, sizeof(m));
		call = m.m_type;
		caller->p_last_kcall = (uint32_t)call;
		if (call <= 0 || call >= MX_NR_KCALLS)
			r = -MX_EBADCALL;
		else if (!(caller->p_priv->s_kcall_mask & (1u << call)))
			r = -MX_ECALLDENIED;
		else if (!kcall_table[call])
			r = -MX_EBADCALL;
		else
			r = kcall_table[call](caller, &m);
		if (r == KC_SUSPEND)
			return;
		m.m_source = MX_SYSTEM;
		m.m_type = r;
		if (copy_to_user(caller, addr, &m, sizeof(m)) != MX_OK)
			r = -MX_EFAULT;
	}
	if (r < 0)
		kinfo.kcall_errors++;
	/* The caller may have exited (EXIT): its slot is free, its endpoint stays in the record. */
	if (!isemptyp(caller))
		caller->p_reg.eax = (uint32_t)r;
	TRACE(MX_TK_KCALL, r < 0 ? MX_TF_ERR : 0, caller->p_endpoint, MX_SYSTEM, call, (uint32_t)(rdtsc() - t0));
}

/*
 * FORK: create a process as a copy of a parent's slot.
 *   in:  kc_fork.parent, kc_fork.flags (MX_FORK_COPYMEM: copy its pages too;
 *        MX_FORK_SLOT: use kc_fork.child_slot, which must be free)
 *   out: kc_fork.child, kc_fork.child_slot; result: the child's endpoint
 * The child gets the parent's registers and, if the parent waits in a
 * SENDREC (as when it asked PM to fork), the same wait, so the reply the
 * caller sends it later is its return from fork().  Without COPYMEM the
 * child's address space is empty (VM fills it).  A child of a system
 * process does not run until its privileges are set (RTS_NO_PRIV).
 */
#include "../system.h"

int do_sys_FORK(struct proc *caller, mx_message *m)
{
	struct kc_fork *a = MX_BODY(m, struct kc_fork);
	struct proc *parent, *child;
	int r = kc_proc(caller, a->parent, &parent);
	if (r != MX_OK)
		return r;
	if (iskernelp(parent))
		return -MX_EPERM;
	if (a->flags & MX_FORK_SLOT) {
		if (a->child_slot < MX_NR_BOOT_FIXED || a->child_slot >= MX_NR_SLOTS)
			return -MX_EINVAL;
		if (!(child = proc_alloc_slot((int)a->child_slot)))
			return -MX_EBUSY;
	} else if (!(child = proc_alloc())) {
		return -MX_EAGAIN;
	}
	uint32_t pgdir = pgdir_new();
	if (!pgdir)
		return -MX_ENOMEM;

	mx_endpoint_t ep = child->p_endpoint;
	int nr = child->p_nr;
	*child = *parent;
	child->p_endpoint = ep;
	child->p_nr = nr;
	child->p_cr3 = pgdir;
	child->p_parent = parent->p_endpoint;
	child->p_caller_q = child->p_q_link = child->p_nextready = child->p_vm_next = NULL;
	child->p_user_ticks = child->p_sys_ticks = child->p_cycles = 0;
	child->p_sent = child->p_recvd = child->p_notifies = child->p_kcalls = 0;
	child->p_alarm = 0;
	child->p_ksig_pending = 0;
	child->p_tracer = MX_NONE;
	child->p_misc_flags &= ~(MX_MF_TRACED | MX_MF_SC_TRACE | MX_MF_SC_ACTIVE | MX_MF_STEP | MX_MF_ASYNMSG);
	child->p_reg.eflags &= ~EFLAGS_TF;
	/* Only a wait for a reply carries over; anything else the parent was doing does not. */
	uint32_t keep = child->p_rts_flags & MX_RTS_RECEIVING;
	if (!(child->p_misc_flags & MX_MF_REPLY_PEND) || (child->p_rts_flags & MX_RTS_SENDING))
		keep = 0;
	child->p_rts_flags = keep | MX_RTS_BOOTING;
	if (parent == caller)
		child->p_reg.eax = 0;            /* the caller forked itself: the child sees 0 */
	if (parent->p_priv->s_flags & MX_PF_SYS_PROC) {
		child->p_priv = &priv[0];
		child->p_rts_flags |= MX_RTS_NO_PRIV;
		child->p_misc_flags &= ~MX_MF_SYSTEM;
	}
	if (a->flags & MX_FORK_COPYMEM) {
		struct kc_vmmap cp = { .op = MX_VMMAP_COPYAS, .ep = ep, .src_ep = parent->p_endpoint };
		mx_message mm;
		memcpy(mm.m_u.raw, &cp, sizeof(cp));
		child->p_rts_flags &= ~MX_RTS_SLOT_FREE;
		r = do_sys_VMMAP(caller, &mm);
		if (r < 0) {
			pgdir_free(pgdir);
			child->p_cr3 = 0;
			child->p_rts_flags = MX_RTS_SLOT_FREE;
			return r;
		}
	}
	kinfo.nr_procs_live++;
	a->child = ep;
	a->child_slot = (uint32_t)nr;
	TRACE(MX_TK_FORK, 0, parent->p_endpoint, ep, 0, 0);
	/* It runs once BOOTING clears (now) and any wait or NO_PRIV ends. */
	child->p_rts_flags &= ~MX_RTS_BOOTING;
	if (child->p_rts_flags == 0)
		enqueue(child);
	return ep;
}

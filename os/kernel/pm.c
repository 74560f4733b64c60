/*
 * The kernel's side of process life: slots and endpoints, exit, kernel
 * signals and stop/resume.  PM and VM hold the policy; these are the
 * mechanisms their kernel calls use.
 */
#include "kernel.h"
#include "proc.h"
#include "priv.h"

void proc_init(void)
{
	for (int i = 0; i < MX_NR_SLOTS; i++) {
		struct proc *p = &proc[i];
		memset(p, 0, sizeof(*p));
		p->p_nr = i;
		p->p_endpoint = MX_EP(0, i);
		p->p_rts_flags = MX_RTS_SLOT_FREE;
		p->p_sendto = p->p_getfrom = MX_NONE;
		p->p_parent = p->p_tracer = MX_NONE;
	}
	/* priv[0]: shared by user processes; they may use SENDREC, SEND and RECEIVE. */
	priv[0].s_id = 0;
	priv[0].s_proc_nr = -1;
	priv[0].s_flags = MX_PF_PREEMPTIBLE | MX_PF_BILLABLE;
	priv[0].s_trap_mask = (1u << MX_SENDREC) | (1u << MX_SEND) | (1u << MX_RECEIVE);
	priv[0].s_sig_mgr = MX_PM;
	strlcpy_k(priv[0].s_name, "user", sizeof(priv[0].s_name));
	for (int i = 1; i < MX_NR_PRIVS; i++)
		priv[i].s_proc_nr = -1;
}

/* Slot i, if free, reset with its generation advanced; NULL if in use. */
struct proc *proc_alloc_slot(int i)
{
	struct proc *p = &proc[i];
	if (!isemptyp(p))
		return NULL;
	int gen = MX_EP_GEN(p->p_endpoint) + 1;
	if (gen > MX_GEN_MASK)
		gen = 1;
	mx_endpoint_t ep = MX_EP(gen, i);
	memset(p, 0, sizeof(*p));
	p->p_nr = i;
	p->p_endpoint = ep;
	p->p_rts_flags = MX_RTS_SLOT_FREE;
	p->p_sendto = p->p_getfrom = MX_NONE;
	p->p_parent = p->p_tracer = MX_NONE;
	return p;
}

/* A free slot above the boot processes (round robin, so endpoints are not reused at once), or NULL. */
struct proc *proc_alloc(void)
{
	static int next = MX_NR_BOOT_FIXED;
	for (int n = 0; n < MX_NR_SLOTS - MX_NR_BOOT_FIXED; n++) {
		int i = next + n;
		if (i >= MX_NR_SLOTS)
			i -= MX_NR_SLOTS - MX_NR_BOOT_FIXED;
		struct proc *p = proc_alloc_slot(i);
		if (p) {
			next = i + 1 >= MX_NR_SLOTS ? MX_NR_BOOT_FIXED : i + 1;
			return p;
		}
	}
	return NULL;
}

/* Release everything p holds and free its slot (its endpoint dies). */
void proc_free(struct proc *p)
{
	if (p->p_rts_flags == 0)
		dequeue(p);
	ipc_cancel(p);
	irq_release_all(p);
	if (p->p_rts_flags & MX_RTS_PAGEFAULT)
		vm_forget(p);
	if (p->p_cr3 && p->p_cr3 != kernel_pgdir) {
		if (rcr3() == p->p_cr3)
			lcr3(kernel_pgdir);
		pgdir_free(p->p_cr3);
	}
	p->p_cr3 = 0;
	if (p->p_priv && p->p_priv->s_id != 0)
		priv_release(p->p_priv);
	p->p_priv = NULL;
	p->p_alarm = 0;
	p->p_rts_flags = MX_RTS_SLOT_FREE;
	p->p_misc_flags = 0;
	if (proc_ptr == p)
		proc_ptr = &proc[MX_IDLE];
	kinfo.nr_procs_live--;
}

/* The kernel ends p itself (no signal manager): record it and free the slot. */
void proc_kill(struct proc *p, int status)
{
	p->p_exit_status = status;
	TRACE(MX_TK_EXIT, MX_TF_KERNEL, p->p_endpoint, MX_SYSTEM, 0, (uint32_t)status);
	proc_free(p);
}

/*
 * Post kernel signal sig to p.  Its signal manager is notified (from
 * SYSTEM) and fetches it with GETKSIG; p does not run until ENDKSIG.
 * Without a manager the kernel ends p.
 */
int cause_sig(struct proc *p, int sig)
{
	TRACE(MX_TK_SIGNAL, MX_TF_KERNEL, MX_SYSTEM, p->p_endpoint, sig, 0);
	mx_endpoint_t mgr = p->p_priv ? p->p_priv->s_sig_mgr : MX_NONE;
	if (mgr == MX_NONE || !ep_proc(mgr) || mgr == p->p_endpoint) {
		proc_kill(p, 0x80 | sig);
		return MX_OK;
	}
	p->p_ksig_pending |= 1u << sig;
	if (!(p->p_rts_flags & MX_RTS_SIG_PENDING)) {
		RTS_SET(p, MX_RTS_SIG_PENDING);
		mini_notify(&proc[MX_SYSTEM], mgr);
	}
	return MX_OK;
}

void proc_stop(struct proc *p)
{
	RTS_SET(p, MX_RTS_PROC_STOP);
}

void proc_resume(struct proc *p)
{
	RTS_UNSET(p, MX_RTS_PROC_STOP);
}

/*
 * Requests from the kernel to VM: hardware page faults and unmapped IPC or
 * copy buffers found by the kernel.  The process waits (RTS_PAGEFAULT) on a
 * FIFO until VM takes the request (VMCTL GET_PF) and answers (VMCTL
 * PF_DONE).  A kernel-found fault restarts the interrupted trap
 * instruction, so the IPC or kernel call runs again from the start.
 */
#include "kernel.h"
#include "proc.h"

mx_endpoint_t vm_endpoint = MX_NONE;
static struct proc *vm_head, *vm_tail;

int vm_request(struct proc *p, struct proc *target, uint32_t addr, uint32_t err, int kind)
{
	struct proc *vm = ep_proc(vm_endpoint);
	if (!vm)
		return -MX_EFAULT;
	p->p_pf_target = target->p_endpoint;
	p->p_pf_addr = addr;
	p->p_pf_err = err;
	p->p_pf_eip = p->p_reg.eip;
	p->p_pf_kind = (uint32_t)kind;
	p->p_vm_next = NULL;
	if (vm_tail)
		vm_tail->p_vm_next = p;
	else
		vm_head = p;
	vm_tail = p;
	RTS_SET(p, MX_RTS_PAGEFAULT);
	mini_notify(&proc[MX_SYSTEM], vm_endpoint);
	return -MX_ESUSPEND;
}

/* The oldest request VM has not taken yet, removed from the queue. */
struct proc *vm_next_request(void)
{
	struct proc *p = vm_head;
	if (p) {
		vm_head = p->p_vm_next;
		if (!vm_head)
			vm_tail = NULL;
		p->p_vm_next = NULL;
	}
	return p;
}

/* Drop p from the queue (it is exiting). */
void vm_forget(struct proc *p)
{
	struct proc *prev = NULL;
	for (struct proc *xp = vm_head; xp; prev = xp, xp = xp->p_vm_next)
		if (xp == p) {
			if (prev)
				prev->p_vm_next = xp->p_vm_next;
			else
				vm_head = xp->p_vm_next;
			if (vm_tail == p)
				vm_tail = prev;
			return;
		}
}

void vm_request_done(struct proc *p, int result)
{
	if (!(p->p_rts_flags & MX_RTS_PAGEFAULT))
		return;
	if (result == MX_OK) {
		if (p->p_pf_kind == MX_PF_KERNEL)
			p->p_reg.eip -= 2;               /* re-run "int $0x30/0x31" */
	} else if (p->p_pf_kind == MX_PF_KERNEL) {
		p->p_reg.eax = (uint32_t)-MX_EFAULT;  /* the call fails, the process lives */
	} else {
		RTS_UNSET(p, MX_RTS_PAGEFAULT);
		cause_sig(p, 11);
		return;
	}
	RTS_UNSET(p, MX_RTS_PAGEFAULT);
}

/*
 * Exceptions in user mode.  A page fault goes to VM when VM runs (the
 * process waits, RTS_PAGEFAULT); everything else, and a fault VM cannot
 * resolve, becomes a signal through the process's signal manager, or kills
 * the process with a register dump when it has none.
 */
#include "kernel.h"
#include "proc.h"
#include "priv.h"

#define SIGTRAP 5
#define SIGFPE  8
#define SIGSEGV 11
#define SIGILL  4
#define SIGBUS  7

const char *exception_name(unsigned vec);

void exception(struct proc *p, struct stackframe *f)
{
	int sig;
	switch (f->vector) {
	case 14: {
		uint32_t addr = rcr2();
		kinfo.pgfaults++;
		TRACE(MX_TK_PGFAULT, 0, p->p_endpoint, MX_VM, (int32_t)f->err, addr);
		if (vm_endpoint != MX_NONE && p->p_endpoint != vm_endpoint &&
		    vm_request(p, p, addr, f->err, MX_PF_HW) != -MX_EFAULT)
			return;
		sig = SIGSEGV;
		break;
	}
	case 0:  sig = SIGFPE; break;
	case 1:  sig = SIGTRAP; f->eflags &= ~EFLAGS_TF; break;
	case 3:  sig = SIGTRAP; break;
	case 6:  sig = SIGILL; break;
	case 13: sig = SIGSEGV; break;
	case 17: sig = SIGBUS; break;
	default: sig = SIGSEGV; break;
	}
	if (p->p_priv->s_sig_mgr == MX_NONE) {
		kprintf("kernel: %s (endpoint %d) caused %s; killed\n",
			p->p_name, p->p_endpoint, exception_name(f->vector));
		dump_frame(f, f->vector == 14 ? rcr2() : 0);
	}
	cause_sig(p, sig);
}

/*
 * trap(): every entry into the kernel comes here from entry.S.  From user
 * mode the frame is the running process's p_reg; we handle the event and
 * return the frame of whichever process runs next.  From kernel mode only
 * the idle loop can be interrupted; we handle the interrupt and return to
 * it.  An exception in kernel mode is a kernel bug: panic with the frame.
 */
#include "kernel.h"
#include "proc.h"

struct stackframe *trap(struct stackframe *f);
struct stackframe *irq_frame;         /* the frame an interrupt arrived on */

struct stackframe *trap(struct stackframe *f)
{
	uint32_t vec = f->vector;
	irq_frame = f;
	if (unlikely(!(f->cs & 3))) {
		if (vec >= 32 && vec < 48) {
			irq_handle((int)vec - 32);
			return f;
		}
		kprintf("\nMX kernel panic: exception in kernel mode\n");
		dump_frame(f, rcr2());
		shutdown(MX_ABORT_EXIT, 3);
	}

	struct proc *p = proc_ptr;
	if (vec == MX_IPC_VECTOR)
		do_ipc(p, (int)f->eax, (mx_endpoint_t)f->ebx, f->ecx);
	else if (vec == MX_KCALL_VECTOR)
		do_kcall(p);
	else if (vec >= 32 && vec < 48)
		irq_handle((int)vec - 32);
	else
		exception(p, f);
	return schedule();
}

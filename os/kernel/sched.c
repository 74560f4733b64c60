/*
 * Scheduling: MX_NR_QUEUES priority queues, round robin within a queue.
 * A process is on a queue exactly when its runtime flags are clear; the
 * running process stays at the head of its queue until it blocks or its
 * quantum ends.  When nothing is runnable the kernel halts in IDLE's name
 * with interrupts on, and interrupts taken there return to the idle loop.
 */
#include "kernel.h"
#include "proc.h"

static struct proc *rdy_head[MX_NR_QUEUES], *rdy_tail[MX_NR_QUEUES];
static uint32_t rdy_bits;

void enqueue(struct proc *p)
{
	int q = (int)p->p_priority;
	p->p_nextready = NULL;
	if (rdy_head[q])
		rdy_tail[q]->p_nextready = p;
	else
		rdy_head[q] = p;
	rdy_tail[q] = p;
	rdy_bits |= 1u << q;
}

void dequeue(struct proc *p)
{
	int q = (int)p->p_priority;
	struct proc *prev = NULL;
	for (struct proc *xp = rdy_head[q]; xp; prev = xp, xp = xp->p_nextready) {
		if (xp != p)
			continue;
		if (prev)
			prev->p_nextready = xp->p_nextready;
		else
			rdy_head[q] = xp->p_nextready;
		if (rdy_tail[q] == p)
			rdy_tail[q] = prev;
		if (!rdy_head[q])
			rdy_bits &= ~(1u << q);
		return;
	}
}

struct proc *pick_proc(void)
{
	if (!rdy_bits)
		return NULL;
	return rdy_head[__builtin_ctz(rdy_bits)];
}

static void switch_to(struct proc *next)
{
	uint64_t now = rdtsc();
	struct proc *prev = proc_ptr;
	if (prev)
		prev->p_cycles += now - prev->p_run_start;
	next->p_run_start = now;
	if (next->p_cr3 && rcr3() != next->p_cr3)
		lcr3(next->p_cr3);
	tss_set_esp0((uint32_t)(&next->p_reg + 1));
	proc_ptr = next;
	kinfo.switches++;
	TRACE(MX_TK_SWITCH, 0, prev ? prev->p_endpoint : MX_NONE, next->p_endpoint, 0, 0);
}

/* A traced system call returned: stop for the tracer before the process sees the result. */
static void syscall_exit_stop(struct proc *p)
{
	p->p_misc_flags &= ~MX_MF_SC_ACTIVE;
	proc_stop(p);
	cause_sig(p, 5);                        /* SIGTRAP */
}

/* Choose what runs next; returns the frame to resume. */
struct stackframe *schedule(void)
{
	struct proc *next = pick_proc();
	while (unlikely(next && (next->p_misc_flags & MX_MF_SC_ACTIVE))) {
		syscall_exit_stop(next);
		next = pick_proc();
	}
	if (!next) {
		switch_to(&proc[MX_IDLE]);
		while (!(next = pick_proc()) || (next->p_misc_flags & MX_MF_SC_ACTIVE)) {
			if (next) {
				syscall_exit_stop(next);
				continue;
			}
			dbgchan_poll();
			halt();
		}
	}
	if (next != proc_ptr)
		switch_to(next);
	return &next->p_reg;
}

/* A clock tick charged to p: rotate it to the back of its queue when its quantum ends. */
void sched_tick(struct proc *p)
{
	if (p->p_rts_flags || p->p_nr == MX_IDLE)
		return;
	if (p->p_ticks_left > 0)
		p->p_ticks_left--;
	if (p->p_ticks_left == 0) {
		p->p_ticks_left = p->p_quantum;
		dequeue(p);
		enqueue(p);
	}
}

void proc_set_prio(struct proc *p, int prio, int quantum)
{
	if (quantum > 0) {
		p->p_quantum = (uint32_t)quantum;
		p->p_ticks_left = (uint32_t)quantum;
	}
	if (prio >= 0 && prio < MX_NR_QUEUES - 1 && (uint32_t)prio != p->p_priority) {
		int runnable = p->p_rts_flags == 0;
		if (runnable)
			dequeue(p);
		p->p_priority = (uint32_t)prio;
		if (runnable)
			enqueue(p);
	}
}

/*
 * The process table.  One entry per kernel task and process; the fields a
 * host tool may read are listed (offset, size, kind) in mx_info by
 * mxinfo.c, so the layout here can change without breaking the tools.
 * The kernel is not preemptible and runs with interrupts off: no field
 * needs a lock.
 */
#ifndef MX_PROC_H
#define MX_PROC_H

#include "kernel.h"

struct proc {
	struct stackframe p_reg;      /* saved registers; must stay first */
	uint32_t p_cr3;               /* physical address of its page directory */

	/* identity */
	mx_endpoint_t p_endpoint;
	int32_t  p_nr;                /* slot in proc[] */
	char     p_name[16];
	mx_endpoint_t p_parent;       /* who forked it (kernel's view) */

	/* state: runnable when p_rts_flags == 0 */
	uint32_t p_rts_flags;         /* MX_RTS_* */
	uint32_t p_misc_flags;        /* MX_MF_* */

	/* scheduling */
	uint32_t p_priority;          /* queue, 0 = highest */
	uint32_t p_quantum;           /* ticks per quantum */
	uint32_t p_ticks_left;
	struct proc *p_nextready;

	/* IPC */
	struct priv *p_priv;
	mx_endpoint_t p_sendto;       /* SENDING: destination */
	mx_endpoint_t p_getfrom;      /* RECEIVING: source or MX_ANY */
	struct proc *p_caller_q;      /* processes blocked sending to this one */
	struct proc *p_q_link;        /* next in that queue */
	uint32_t p_msg_addr;          /* user address of the message being sent/received */
	mx_message p_sendmsg;         /* the message it is trying to send */
	uint64_t p_block_tsc;         /* when it blocked (SEND, RECEIVE) */
	uint64_t p_sendrec_tsc;       /* when its SENDREC started */

	/* signals from the kernel, waiting for the signal manager */
	uint32_t p_ksig_pending;

	/* accounting */
	uint64_t p_user_ticks, p_sys_ticks;
	uint64_t p_cycles;            /* TSC ticks spent running */
	uint64_t p_run_start;         /* TSC when it last got the CPU */
	uint32_t p_sent, p_recvd, p_notifies, p_kcalls;

	/* clock */
	uint64_t p_alarm;             /* tick at which CLOCK notifies it, 0 = none */

	/* page faults and kernel-detected faults waiting for VM */
	uint32_t p_pf_addr, p_pf_err, p_pf_eip, p_pf_kind;
	mx_endpoint_t p_pf_target;    /* address space the fault is in (itself, or a copy's target) */
	struct proc *p_vm_next;

	/* debugging */
	mx_endpoint_t p_tracer;       /* endpoint of its tracer (PM's view), or MX_NONE */
	int32_t p_exit_status;
	uint32_t p_last_kcall;        /* number of its latest kernel call */
};

extern struct proc proc[MX_NR_SLOTS];
extern struct proc *proc_ptr;         /* the process whose frame the CPU runs */
extern uint32_t ipc_pairs[MX_NR_SLOTS][MX_NR_SLOTS];

#define proc_addr(slot) (&proc[(slot)])
#define isemptyp(p)     ((p)->p_rts_flags & MX_RTS_SLOT_FREE)
#define iskernelp(p)    ((p)->p_nr < MX_NR_TASKS)

/* Set and clear runtime flags, keeping the ready queues in step. */
#define RTS_SET(p, f) do { \
	if ((p)->p_rts_flags == 0) dequeue(p); \
	(p)->p_rts_flags |= (f); } while (0)
#define RTS_UNSET(p, f) do { \
	uint32_t rts_old_ = (p)->p_rts_flags; \
	(p)->p_rts_flags &= ~(f); \
	if (rts_old_ != 0 && (p)->p_rts_flags == 0) enqueue(p); } while (0)

/* proc.c: IPC */
int do_ipc(struct proc *caller, int call, mx_endpoint_t ep, uint32_t addr);
int mini_notify(struct proc *src, mx_endpoint_t dst);
int ep_to_proc(mx_endpoint_t ep, struct proc **pp);
struct proc *ep_proc(mx_endpoint_t ep);
void ipc_cancel(struct proc *p);
void ipc_deliver_notify_bits(struct proc *dst);
/* senda.c */
int do_senda(struct proc *caller, uint32_t table, uint32_t count);
int try_async(struct proc *dst);

/* sched.c */
void sched_init(void);
void enqueue(struct proc *p);
void dequeue(struct proc *p);
struct proc *pick_proc(void);
struct stackframe *schedule(void);
void sched_tick(struct proc *p);
void proc_set_prio(struct proc *p, int prio, int quantum);

/* pm.c (kernel side of process management) */
void proc_init(void);
struct proc *proc_alloc(void);
struct proc *proc_alloc_slot(int slot);
void proc_free(struct proc *p);
void proc_kill(struct proc *p, int status);
int cause_sig(struct proc *p, int sig);
void proc_stop(struct proc *p);
void proc_resume(struct proc *p);

/* vmreq.c */
extern mx_endpoint_t vm_endpoint;
int vm_request(struct proc *p, struct proc *target, uint32_t addr, uint32_t err, int kind);
struct proc *vm_next_request(void);
void vm_request_done(struct proc *p, int result);
void vm_forget(struct proc *p);

/* exception.c */
void exception(struct proc *p, struct stackframe *f);

/* system.c */
void do_kcall(struct proc *caller);
void system_init(void);

#endif

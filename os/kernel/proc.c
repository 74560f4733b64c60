/*
 * Message passing: SEND, RECEIVE, SENDREC, NOTIFY, SENDNB (SENDA is in
 * senda.c).  Rendezvous semantics as in MINIX: a message is copied straight
 * into a waiting receiver's buffer, or the sender blocks on the receiver's
 * caller queue.  A call that blocks returns SUSPEND and its result is put
 * in the caller's %eax when it is woken.
 *
 * Every delivery updates the per-process counters and the pair matrix,
 * always, and records trace events when tracing is on:
 *   SEND        delivered at once (arg = round trip when it ends a SENDREC)
 *   SEND_BLOCK  the sender blocks;  RECV  the receiver later takes it
 *               (arg = how long the sender waited)
 *   RECV_BLOCK  a plain RECEIVE blocks (a SENDREC's receive half does not
 *               emit one: the SEND record's MX_TF_SENDREC says it)
 */
#include "kernel.h"
#include "proc.h"
#include "priv.h"

struct proc proc[MX_NR_SLOTS];
struct proc *proc_ptr;
uint32_t ipc_pairs[MX_NR_SLOTS][MX_NR_SLOTS];

#define SUSPEND (-MX_ESUSPEND)

/*
 * The kernel address of the 64-byte message at user address va in p, when
 * it lies within one page that p may read (and write, if write: breaking
 * copy-on-write).  NULL otherwise: the caller takes the slow path.
 */
static inline mx_message *msg_kaddr(struct proc *p, uint32_t va, int write)
{
	if (unlikely((va & (PAGE_SIZE - 1)) > PAGE_SIZE - sizeof(mx_message) || va >= USER_TOP))
		return NULL;
	uint32_t pde = ((uint32_t *)P2V(p->p_cr3))[va >> 22];
	if (unlikely(!(pde & MX_PTE_P)))
		return NULL;
	uint32_t *ptep = (uint32_t *)P2V(pde & ~0xfffu) + ((va >> 12) & 0x3ff);
	uint32_t need = write ? (MX_PTE_P | MX_PTE_U | MX_PTE_W) : (MX_PTE_P | MX_PTE_U);
	if (unlikely((*ptep & need) != need)) {
		if (!write || (*ptep & (MX_PTE_P | MX_PTE_U)) != (MX_PTE_P | MX_PTE_U) ||
		    cow_break(p->p_cr3, va & ~(PAGE_SIZE - 1)) != MX_OK)
			return NULL;
	}
	return (mx_message *)((uint8_t *)P2V(*ptep & ~0xfffu) + (va & (PAGE_SIZE - 1)));
}

/* Copy message m from src into dst's receive buffer, stamped with src's endpoint. */
static inline int deliver(struct proc *dst, const mx_message *m, mx_endpoint_t src)
{
	mx_message *d = msg_kaddr(dst, dst->p_msg_addr, 1);
	if (likely(d != NULL)) {
		memcpy(d, m, sizeof(*d));
		d->m_source = src;
		return MX_OK;
	}
	mx_message tmp = *m;
	tmp.m_source = src;
	return copy_to_user(dst, dst->p_msg_addr, &tmp, sizeof(tmp));
}

/* The live process with endpoint ep, or EDEADSRCDST. */
int ep_to_proc(mx_endpoint_t ep, struct proc **pp)
{
	if (!EP_OK(ep) || MX_EP_SLOT(ep) >= MX_NR_SLOTS)
		return -MX_EDEADSRCDST;
	struct proc *p = &proc[MX_EP_SLOT(ep)];
	if (p->p_endpoint != ep || (p->p_rts_flags & (MX_RTS_SLOT_FREE | MX_RTS_EXITING)))
		return -MX_EDEADSRCDST;
	*pp = p;
	return MX_OK;
}

struct proc *ep_proc(mx_endpoint_t ep)
{
	struct proc *p;
	return ep_to_proc(ep, &p) == MX_OK ? p : NULL;
}

static void ipc_fail(struct proc *caller, mx_endpoint_t target, int call, int r)
{
	kinfo.ipc_errors++;
	TRACE(MX_TK_IPC_ERR, MX_TF_ERR, caller->p_endpoint, target, call, (uint32_t)-r);
}

static inline void count_delivery(struct proc *src, struct proc *dst)
{
	src->p_sent++;
	dst->p_recvd++;
	ipc_pairs[src->p_nr][dst->p_nr]++;
}

/* Wake a receiver with result r (its message was written, or failed). */
static inline void wake_receiver(struct proc *dst, int r)
{
	dst->p_reg.eax = (uint32_t)r;
	dst->p_misc_flags &= ~MX_MF_REPLY_PEND;
	RTS_UNSET(dst, MX_RTS_RECEIVING);
}

/* Does a receiver blocked as dst accept a message from src now? */
static inline int accepts(const struct proc *dst, mx_endpoint_t src)
{
	return (dst->p_rts_flags & (MX_RTS_RECEIVING | MX_RTS_SENDING)) == MX_RTS_RECEIVING &&
		(dst->p_getfrom == MX_ANY || dst->p_getfrom == src);
}

/*
 * Send message m (in the caller's memory or its p_sendmsg) to dst_e.  With
 * nb, fail with ENOTREADY instead of blocking.  A blocked sender's message
 * is kept in its p_sendmsg until the receiver takes it.
 */
static int mini_send(struct proc *caller, const mx_message *m, mx_endpoint_t dst_e, int nb, int sendrec)
{
	struct proc *dst;
	int r = ep_to_proc(dst_e, &dst);
	if (r != MX_OK)
		return r;
	if (!may_send_to(caller, dst))
		return -MX_ECALLDENIED;

	if (accepts(dst, caller->p_endpoint)) {
		uint32_t arg = 0;
		int flags = (sendrec ? MX_TF_SENDREC : 0) | (nb ? MX_TF_NB : 0);
		if (dst->p_misc_flags & MX_MF_REPLY_PEND) {
			arg = (uint32_t)(rdtsc() - dst->p_sendrec_tsc);
			flags |= MX_TF_REPLY | MX_TF_RTT;
		}
		int32_t type = m->m_type;
		r = deliver(dst, m, caller->p_endpoint);
		if (r != MX_OK) {
			wake_receiver(dst, r);
			return r;
		}
		count_delivery(caller, dst);
		TRACE(MX_TK_SEND, flags, caller->p_endpoint, dst_e, type, arg);
		wake_receiver(dst, MX_OK);
		return MX_OK;
	}
	if (nb)
		return -MX_ENOTREADY;

	/* Refuse to close a cycle of blocked senders. */
	struct proc *xp = dst;
	for (int hops = 0; (xp->p_rts_flags & MX_RTS_SENDING) && hops < MX_NR_SLOTS; hops++) {
		xp = ep_proc(xp->p_sendto);
		if (!xp)
			break;
		if (xp == caller)
			return -MX_ELOCKED;
	}

	if (m != &caller->p_sendmsg)
		caller->p_sendmsg = *m;
	caller->p_sendmsg.m_source = caller->p_endpoint;
	caller->p_sendto = dst_e;
	caller->p_block_tsc = rdtsc();
	caller->p_q_link = NULL;
	struct proc **qp = &dst->p_caller_q;
	while (*qp)
		qp = &(*qp)->p_q_link;
	*qp = caller;
	RTS_SET(caller, MX_RTS_SENDING);
	TRACE(MX_TK_SEND_BLOCK, sendrec ? MX_TF_SENDREC : 0, caller->p_endpoint, dst_e,
		caller->p_sendmsg.m_type, 0);
	return SUSPEND;
}

/* Build the notification from sender sp (a priv's owner) to dst. */
static void make_notify(mx_message *m, struct proc *src, struct proc *dst)
{
	uint64_t now = rdtsc();
	memset(m, 0, sizeof(*m));
	m->m_source = src->p_endpoint;
	m->m_type = MX_NOTIFY_MESSAGE;
	m->m_u.notify.tsc_lo = (uint32_t)now;
	m->m_u.notify.tsc_hi = (uint32_t)(now >> 32);
	if (src->p_nr == MX_HARDWARE) {
		m->m_u.notify.bits = dst->p_priv->s_int_pending;
		dst->p_priv->s_int_pending = 0;
	}
}

/* Take a pending notification for caller matching src_e, if any. */
static int take_notify(struct proc *caller, mx_endpoint_t src_e)
{
	struct priv *sp = caller->p_priv;
	for (int w = 0; w < PRIV_WORDS; w++) {
		uint32_t bits = sp->s_notify_pending[w];
		while (bits) {
			int id = w * 32 + __builtin_ctz(bits);
			bits &= bits - 1;
			struct priv *np = &priv[id];
			if (np->s_proc_nr < 0)
				continue;
			struct proc *src = &proc[np->s_proc_nr];
			if (src_e != MX_ANY && src->p_endpoint != src_e)
				continue;
			mx_message m;
			make_notify(&m, src, caller);
			int r = deliver(caller, &m, src->p_endpoint);
			if (r != MX_OK)
				return r;
			priv_bit_clear(sp->s_notify_pending, id);
			count_delivery(src, caller);
			TRACE(MX_TK_RECV, 0, src->p_endpoint, caller->p_endpoint, MX_NOTIFY_MESSAGE, 0);
			return 1;
		}
	}
	return 0;
}

static int mini_receive(struct proc *caller, mx_endpoint_t src_e)
{
	if (src_e != MX_ANY) {
		struct proc *src;
		int r = ep_to_proc(src_e, &src);
		if (r != MX_OK)
			return r;
	}
	int sendrec = caller->p_misc_flags & MX_MF_REPLY_PEND;

	if (!sendrec) {
		int r = take_notify(caller, src_e);
		if (r != 0)
			return r < 0 ? r : MX_OK;
	}

	for (struct proc **qp = &caller->p_caller_q; *qp; qp = &(*qp)->p_q_link) {
		struct proc *sender = *qp;
		if (src_e != MX_ANY && sender->p_endpoint != src_e)
			continue;
		int r = deliver(caller, &sender->p_sendmsg, sender->p_endpoint);
		if (r != MX_OK)
			return r;
		*qp = sender->p_q_link;
		sender->p_q_link = NULL;
		count_delivery(sender, caller);
		TRACE(MX_TK_RECV, 0, sender->p_endpoint, caller->p_endpoint, sender->p_sendmsg.m_type,
			(uint32_t)(rdtsc() - sender->p_block_tsc));
		if (!(sender->p_misc_flags & MX_MF_REPLY_PEND))
			sender->p_reg.eax = MX_OK;
		RTS_UNSET(sender, MX_RTS_SENDING);
		return MX_OK;
	}

	if (caller->p_misc_flags & MX_MF_ASYNMSG) {
		caller->p_getfrom = src_e;
		if (try_async(caller))
			return MX_OK;
	}

	caller->p_getfrom = src_e;
	caller->p_block_tsc = rdtsc();
	RTS_SET(caller, MX_RTS_RECEIVING);
	if (!sendrec)
		TRACE(MX_TK_RECV_BLOCK, 0, caller->p_endpoint, src_e, 0, 0);
	return SUSPEND;
}

/*
 * Notify dst on behalf of src: deliver now if dst waits for it, else leave
 * a pending bit (coalescing repeated notifications).
 */
int mini_notify(struct proc *src, mx_endpoint_t dst_e)
{
	struct proc *dst;
	int r = ep_to_proc(dst_e, &dst);
	if (r != MX_OK)
		return r;
	src->p_notifies++;
	if (accepts(dst, src->p_endpoint) && !(dst->p_misc_flags & MX_MF_REPLY_PEND)) {
		mx_message m;
		make_notify(&m, src, dst);
		r = deliver(dst, &m, src->p_endpoint);
		count_delivery(src, dst);
		TRACE(MX_TK_NOTIFY, 0, src->p_endpoint, dst_e, MX_NOTIFY_MESSAGE, 1);
		wake_receiver(dst, r);
		return MX_OK;
	}
	if (!(dst->p_priv->s_flags & MX_PF_SYS_PROC))
		return -MX_ENOTREADY;            /* user processes share one priv */
	priv_bit_set(dst->p_priv->s_notify_pending, src->p_priv->s_id);
	TRACE(MX_TK_NOTIFY, 0, src->p_endpoint, dst_e, MX_NOTIFY_MESSAGE, 0);
	return MX_OK;
}

/* Ask VM to bring in the page at fault_va, or fail with EFAULT if no VM. */
static int buffer_fault(struct proc *caller, uint32_t fault_va, int write, int r)
{
	if (r == -MX_EFAULT && vm_endpoint != MX_NONE && caller->p_endpoint != vm_endpoint &&
	    user_range_ok(fault_va, 1))
		return vm_request(caller, caller, fault_va, write ? 2 : 0, MX_PF_KERNEL);
	return r;
}

/*
 * System-call tracing (ptrace T_SYSCALL): a traced process stops before its
 * IPC trap runs (the trap is re-run when it is resumed) and again when the
 * call returns (see sched.c).  Each stop is a SIGTRAP for its signal
 * manager, which tells the tracer.
 */
static int syscall_entry_stop(struct proc *caller)
{
	if (caller->p_misc_flags & MX_MF_SC_ENTRY) {
		caller->p_misc_flags &= ~MX_MF_SC_ENTRY;
		caller->p_misc_flags |= MX_MF_SC_ACTIVE;
		return 0;
	}
	caller->p_misc_flags |= MX_MF_SC_ENTRY;
	caller->p_reg.eip -= 2;                 /* "int $0x30" runs again on resume */
	proc_stop(caller);
	cause_sig(caller, 5);                   /* SIGTRAP */
	return 1;
}

/* The IPC trap: dispatch, check the caller's rights, set the result. */
int do_ipc(struct proc *caller, int call, mx_endpoint_t ep, uint32_t addr)
{
	int r;
	uint32_t fault_va;
	kinfo.ipc_calls++;
	if (unlikely(caller->p_misc_flags & MX_MF_SC_TRACE) && syscall_entry_stop(caller))
		return SUSPEND;

	if (call <= 0 || call >= MX_IPC_NR_CALLS) {
		r = -MX_EBADCALL;
		goto fail;
	}
	if (!(caller->p_priv->s_trap_mask & (1u << call))) {
		r = -MX_ECALLDENIED;
		goto fail;
	}
	if (call == MX_SENDA) {
		r = do_senda(caller, addr, (uint32_t)ep);
		goto done;
	}
	if (call == MX_NOTIFY) {
		struct proc *dst;
		r = ep_to_proc(ep, &dst);
		if (r == MX_OK && !may_send_to(caller, dst))
			r = -MX_ECALLDENIED;
		if (r == MX_OK)
			r = mini_notify(caller, ep);
		goto done;
	}

	/* Find the caller's message: in place when it lies in one page, else a copy. */
	int needs_write = (call == MX_RECEIVE || call == MX_SENDREC);
	mx_message *m = msg_kaddr(caller, addr, needs_write);
	if (unlikely(!m)) {
		r = user_check(caller, addr, sizeof(mx_message), needs_write, &fault_va);
		if (r != MX_OK) {
			r = buffer_fault(caller, fault_va, needs_write, r);
			goto done;
		}
		m = &caller->p_sendmsg;
		if (call != MX_RECEIVE)
			copy_from_user(caller, addr, m, sizeof(*m));
	}
	caller->p_msg_addr = addr;
	/* Only the NOTIFY primitive makes notifications: no process can forge one. */
	if (call != MX_RECEIVE && m->m_type == MX_NOTIFY_MESSAGE) {
		r = -MX_EBADREQUEST;
		goto done;
	}

	switch (call) {
	case MX_SENDREC:
		if (ep == MX_ANY) {
			r = -MX_EDEADSRCDST;
			break;
		}
		caller->p_sendrec_tsc = rdtsc();
		caller->p_misc_flags |= MX_MF_REPLY_PEND;
		r = mini_send(caller, m, ep, 0, 1);
		if (r == MX_OK) {
			r = mini_receive(caller, ep);
		} else if (r == SUSPEND) {
			/* Blocked sending; it will wait for the reply when the send completes. */
			caller->p_getfrom = ep;
			caller->p_rts_flags |= MX_RTS_RECEIVING;
		}
		if (r != SUSPEND && r != MX_OK)
			caller->p_misc_flags &= ~MX_MF_REPLY_PEND;
		break;
	case MX_SEND:
	case MX_SENDNB:
		r = mini_send(caller, m, ep, call == MX_SENDNB, 0);
		break;
	case MX_RECEIVE:
		r = mini_receive(caller, ep);
		break;
	}
done:
	if (r == SUSPEND)
		return r;
	if (r < 0) {
fail:
		ipc_fail(caller, ep, call, r);
	}
	caller->p_reg.eax = (uint32_t)r;
	return r;
}

/*
 * Take p out of every IPC relation before its slot is cleared: senders
 * queued on it and processes receiving from it fail with EDEADSRCDST, and
 * it leaves any queue it is on.
 */
void ipc_cancel(struct proc *p)
{
	if (p->p_rts_flags & MX_RTS_SENDING) {
		struct proc *dst = ep_proc(p->p_sendto);
		if (dst) {
			for (struct proc **qp = &dst->p_caller_q; *qp; qp = &(*qp)->p_q_link)
				if (*qp == p) {
					*qp = p->p_q_link;
					break;
				}
		}
	}
	for (struct proc *s = p->p_caller_q; s; ) {
		struct proc *next = s->p_q_link;
		s->p_q_link = NULL;
		s->p_reg.eax = (uint32_t)-MX_EDEADSRCDST;
		s->p_misc_flags &= ~MX_MF_REPLY_PEND;
		RTS_UNSET(s, MX_RTS_SENDING | MX_RTS_RECEIVING);
		s = next;
	}
	p->p_caller_q = NULL;
	for (int i = 0; i < MX_NR_SLOTS; i++) {
		struct proc *rp = &proc[i];
		if (rp == p || isemptyp(rp))
			continue;
		if ((rp->p_rts_flags & MX_RTS_RECEIVING) && !(rp->p_rts_flags & MX_RTS_SENDING) &&
		    rp->p_getfrom == p->p_endpoint) {
			rp->p_reg.eax = (uint32_t)-MX_EDEADSRCDST;
			rp->p_misc_flags &= ~MX_MF_REPLY_PEND;
			RTS_UNSET(rp, MX_RTS_RECEIVING);
		}
	}
	if (p->p_priv && p->p_priv->s_id > 0)
		for (int i = 0; i < MX_NR_PRIVS; i++) {
			priv_bit_clear(priv[i].s_notify_pending, p->p_priv->s_id);
			priv_bit_clear(priv[i].s_asyn_pending, p->p_priv->s_id);
		}
}

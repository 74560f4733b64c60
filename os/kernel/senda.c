/*
 * SENDA: asynchronous sends from a table in the sender's memory.
 *
 * The kernel delivers each valid entry at once if its destination is
 * waiting; otherwise it leaves a pending bit in the destination's priv and
 * delivers the entry when the destination next receives (try_async).  A
 * delivered or failed entry gets MX_AMF_DONE and its result; with
 * MX_AMF_NOTIFY the sender is notified (by the destination) when it is done.
 * Entries are checked against the send mask like every other primitive.
 */
#include "kernel.h"
#include "proc.h"
#include "priv.h"

#define SUSPEND (-MX_ESUSPEND)

static int read_entry(struct proc *sender, uint32_t i, mx_asynmsg *e)
{
	return copy_from_user(sender, sender->p_priv->s_asyntab + i * sizeof(*e), e, sizeof(*e));
}

static void finish_entry(struct proc *sender, uint32_t i, mx_asynmsg *e, int result, struct proc *dst)
{
	uint32_t at = sender->p_priv->s_asyntab + i * sizeof(*e);
	e->result = result;
	e->flags |= MX_AMF_DONE;
	copy_to_user(sender, at + offsetof(mx_asynmsg, flags), &e->flags, 12);
	if ((e->flags & MX_AMF_NOTIFY) && dst)
		mini_notify(dst, sender->p_endpoint);
}

/*
 * Copy entry e of sender into dst's receive buffer.  now: dst is blocked
 * receiving and is woken; otherwise dst is in the middle of its own
 * RECEIVE call, which returns the result.
 */
static int deliver_entry(struct proc *sender, mx_asynmsg *e, struct proc *dst, int now)
{
	e->msg.m_source = sender->p_endpoint;
	int r = copy_to_user(dst, dst->p_msg_addr, &e->msg, sizeof(mx_message));
	if (r == MX_OK) {
		sender->p_sent++;
		dst->p_recvd++;
		ipc_pairs[sender->p_nr][dst->p_nr]++;
		TRACE(MX_TK_SENDA, 0, sender->p_endpoint, dst->p_endpoint, e->msg.m_type, now ? 1 : 2);
	}
	dst->p_misc_flags &= ~MX_MF_REPLY_PEND;
	if (now) {
		dst->p_reg.eax = (uint32_t)r;
		RTS_UNSET(dst, MX_RTS_RECEIVING);
	}
	return r;
}

static int waiting_for(struct proc *dst, struct proc *sender, const mx_asynmsg *e)
{
	if ((dst->p_rts_flags & (MX_RTS_RECEIVING | MX_RTS_SENDING)) != MX_RTS_RECEIVING)
		return 0;
	if (dst->p_getfrom != MX_ANY && dst->p_getfrom != sender->p_endpoint)
		return 0;
	if ((dst->p_misc_flags & MX_MF_REPLY_PEND) && (e->flags & MX_AMF_NOREPLY))
		return 0;
	return 1;
}

int do_senda(struct proc *caller, uint32_t table, uint32_t count)
{
	struct priv *sp = caller->p_priv;
	uint32_t fault_va;
	if (count > MX_SENDA_MAX)
		return -MX_EINVAL;
	int r = user_check(caller, table, count * sizeof(mx_asynmsg), 1, &fault_va);
	if (r != MX_OK)
		return r;
	sp->s_asyntab = table;
	sp->s_asynsize = count;

	for (uint32_t i = 0; i < count; i++) {
		mx_asynmsg e;
		if (read_entry(caller, i, &e) != MX_OK)
			return -MX_EFAULT;
		if (!(e.flags & MX_AMF_VALID) || (e.flags & MX_AMF_DONE))
			continue;
		struct proc *dst;
		r = ep_to_proc(e.dst, &dst);
		if (r == MX_OK && !may_send_to(caller, dst))
			r = -MX_ECALLDENIED;
		if (r == MX_OK && e.msg.m_type == MX_NOTIFY_MESSAGE)
			r = -MX_EBADREQUEST;         /* notifications come from NOTIFY only */
		if (r != MX_OK) {
			TRACE(MX_TK_IPC_ERR, MX_TF_ERR, caller->p_endpoint, e.dst, MX_SENDA, (uint32_t)-r);
			finish_entry(caller, i, &e, r, NULL);
			continue;
		}
		if (waiting_for(dst, caller, &e)) {
			r = deliver_entry(caller, &e, dst, 1);
			finish_entry(caller, i, &e, r, dst);
			continue;
		}
		priv_bit_set(dst->p_priv->s_asyn_pending, sp->s_id);
		dst->p_misc_flags |= MX_MF_ASYNMSG;
		TRACE(MX_TK_SENDA, 0, caller->p_endpoint, e.dst, e.msg.m_type, 0);
	}
	return MX_OK;
}

/*
 * dst is about to block receiving (p_getfrom set): deliver one pending
 * asynchronous message it accepts.  Returns 1 if one was delivered.
 */
int try_async(struct proc *dst)
{
	struct priv *dp = dst->p_priv;
	int more = 0;
	for (int id = 0; id < MX_NR_PRIVS; id++) {
		if (!priv_bit_get(dp->s_asyn_pending, id))
			continue;
		struct priv *sp = &priv[id];
		if (sp->s_proc_nr < 0 || !sp->s_flags) {
			priv_bit_clear(dp->s_asyn_pending, id);
			continue;
		}
		struct proc *sender = &proc[sp->s_proc_nr];
		int left = 0, done = 0;
		for (uint32_t i = 0; i < sp->s_asynsize; i++) {
			mx_asynmsg e;
			if (read_entry(sender, i, &e) != MX_OK)
				break;
			if (!(e.flags & MX_AMF_VALID) || (e.flags & MX_AMF_DONE) || e.dst != dst->p_endpoint)
				continue;
			if (done || !(dst->p_getfrom == MX_ANY || dst->p_getfrom == sender->p_endpoint) ||
			    ((dst->p_misc_flags & MX_MF_REPLY_PEND) && (e.flags & MX_AMF_NOREPLY))) {
				left = 1;
				continue;
			}
			int r = deliver_entry(sender, &e, dst, 0);
			finish_entry(sender, i, &e, r, dst);
			done = 1;
		}
		if (!left)
			priv_bit_clear(dp->s_asyn_pending, id);
		else
			more = 1;
		if (done) {
			for (int j = id + 1; j < MX_NR_PRIVS && !more; j++)
				more = priv_bit_get(dp->s_asyn_pending, j);
			if (!more)
				dst->p_misc_flags &= ~MX_MF_ASYNMSG;
			return 1;
		}
	}
	if (!more)
		dst->p_misc_flags &= ~MX_MF_ASYNMSG;
	return 0;
}

/*
 * PM's main loop: receive; kernel signals arrive as notifications from
 * SYSTEM and timers from CLOCK; requests are dispatched through table.c.
 * A handler returns the reply's m_type, or EDONTREPLY when the caller stays
 * suspended (wait, pause, sleep) or is gone (exit, exec).  Replies use
 * SENDNB, so a caller that did not SENDREC cannot block PM.
 */
#include "pm.h"

typedef int (*pm_handler)(struct mproc *mp, mx_message *m);
extern const pm_handler pm_calls[];
extern const int pm_ncalls;

struct mproc mproc[MX_NR_SLOTS];

struct mproc *mp_by_ep(mx_endpoint_t ep)
{
	if (ep < 0 || MX_EP_SPECIAL(ep) || MX_EP_SLOT(ep) >= MX_NR_SLOTS)
		return NULL;
	struct mproc *mp = &mproc[MX_EP_SLOT(ep)];
	return MP_INUSE(mp) && mp->pub.ep == ep && !(mp->pub.flags & MX_PMF_ZOMBIE) ? mp : NULL;
}

struct mproc *mp_by_pid(mx_pid_t pid)
{
	for (int i = 0; i < MX_NR_SLOTS; i++)
		if (MP_INUSE(&mproc[i]) && mproc[i].pub.pid == pid)
			return &mproc[i];
	return NULL;
}

void reply_to(mx_endpoint_t ep, int result, mx_message *m)
{
	mx_message empty;
	if (!m) {
		memset(&empty, 0, sizeof(empty));
		m = &empty;
	}
	m->m_type = result;
	mx_sendnb(ep, m);
}

/* Answer mp's pending request, then deliver signals its call was holding back. */
int reply(struct mproc *mp, int result, mx_message *m)
{
	reply_to(mp->pub.ep, result, m);
	mp->waiting = PW_NONE;
	sig_check_pending(mp);
	return MX_OK;
}

int main(void)
{
	register_table();
	time_update();
	adopt_boot_processes();
	for (;;) {
		mx_message m;
		if (mx_receive(MX_ANY, &m) != MX_OK)
			continue;
		if (is_notify(&m) && MX_EP_SLOT(m.m_source) < MX_NR_TASKS) {
			if (m.m_source == MX_SYSTEM)
				ksig_handle();
			else if (m.m_source == MX_CLOCK)
				timers_expired();
			continue;
		}
		mx_endpoint_t who = m.m_source;
		struct mproc *mp = mp_by_ep(who);
		int idx = m.m_type - MX_PM_BASE, r;
		if (idx < 0 || idx >= pm_ncalls || !pm_calls[idx])
			r = -MX_ENOSYS;
		else if (!mp)
			r = -MX_EPERM;                 /* a process PM does not manage */
		else
			r = pm_calls[idx](mp, &m);
		if (r == -MX_EDONTREPLY)
			continue;
		if (mp && mp_by_ep(who) == mp)
			reply(mp, r, &m);
		else
			reply_to(who, r, &m);
	}
}

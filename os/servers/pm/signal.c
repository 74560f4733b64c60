/*
 * Signals: posting, default actions, catching (the kernel pushes the frame
 * with SIGSEND), masks, and the kernel's signals (faults) from GETKSIG.
 *
 * A caught signal needs the process out of any call: a call suspended in
 * PM ends with EINTR at once, a call suspended in VFS is ended by asking
 * VFS (VFS_PM_UNPAUSE); a process in a call to another server is stopped
 * when that call ends (the delivery is retried at the next clock tick).
 */
#include "pm.h"

#define SIG_DEFAULT_IGNORE (SIGBIT(SIGCHLD) | SIGBIT(SIGURG) | SIGBIT(SIGWINCH) | SIGBIT(SIGCONT))
#define SIG_DEFAULT_STOP   (SIGBIT(SIGSTOP) | SIGBIT(SIGTSTP) | SIGBIT(SIGTTIN) | SIGBIT(SIGTTOU))
#define SIG_CORE           (SIGBIT(SIGQUIT) | SIGBIT(SIGILL) | SIGBIT(SIGTRAP) | SIGBIT(SIGABRT) | \
                            SIGBIT(SIGBUS) | SIGBIT(SIGFPE) | SIGBIT(SIGSEGV))
#define SIG_UNCATCHABLE    (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))

static int retry_armed;

static void stop_proc(struct mproc *mp, int sig)
{
	if (mp->pub.flags & MX_PMF_STOPPED)
		return;
	sys_runctl(mp->pub.ep, MX_RC_STOP, 0);
	mp->pub.flags |= MX_PMF_STOPPED;
	mp->stop_sig = sig;
	mp->stop_reported = 0;
	struct mproc *parent = mp->parent >= 0 ? &mproc[mp->parent] : NULL;
	if (parent && MP_INUSE(parent)) {
		if (parent->waiting == PW_WAIT && (parent->wait_options & MX_WUNTRACED) &&
		    (parent->wait_pid == -1 || parent->wait_pid == mp->pub.pid)) {
			mx_message m;
			memset(&m, 0, sizeof(m));
			mp->stop_reported = 1;
			MX_BODY(&m, struct pm_waitpid)->status = MX_W_STOPPED(sig);
			parent->pub.flags &= ~MX_PMF_WAITING;
			reply(parent, mp->pub.pid, &m);
		} else {
			sig_post(parent, SIGCHLD);
		}
	}
}

static void continue_proc(struct mproc *mp)
{
	if (!(mp->pub.flags & MX_PMF_STOPPED))
		return;
	mp->pub.flags &= ~MX_PMF_STOPPED;
	sys_runctl(mp->pub.ep, MX_RC_RESUME, 0);
}

/* End a call mp is suspended in (PM or VFS) with EINTR. */
static void interrupt_call(struct mproc *mp)
{
	if (mp->waiting != PW_NONE) {
		mx_message m;
		memset(&m, 0, sizeof(m));
		enum pm_wait w = mp->waiting;
		time_update();
		if (w == PW_SLEEP && mp->sleep_until > now_ticks)    /* nanosleep reports what was left */
			MX_BODY(&m, struct pm_sleep)->left_ms = (uint32_t)((mp->sleep_until - now_ticks) * 10);
		mp->waiting = PW_NONE;
		mp->pub.flags &= ~(MX_PMF_WAITING | MX_PMF_PAUSED | MX_PMF_SLEEPING);
		mp->sleep_until = 0;
		reply_to(mp->pub.ep, w == PW_WAIT || w == PW_SLEEP || w == PW_PAUSE || w == PW_SIGSUSPEND ? -MX_EINTR : 0, &m);
		return;
	}
	struct mx_procinfo pi;
	if (sys_getinfo(MX_GI_PROC, &pi, sizeof(pi), (uint32_t)mp->pub.ep) < 0)
		return;
	int waits_vfs = (pi.rts & MX_RTS_SENDING) ? pi.sendto == MX_VFS :
			(pi.rts & MX_RTS_RECEIVING) && pi.getfrom == MX_VFS;
	if (waits_vfs) {
		mx_message s;
		memset(&s, 0, sizeof(s));
		s.m_type = MX_VFS_PM_UNPAUSE;
		MX_BODY(&s, struct vfs_pm_unpause)->ep = mp->pub.ep;
		mx_sendrec(MX_VFS, &s);
	}
}

/* Run the handler for sig now if mp can be stopped; 0 if it must wait for its call to end. */
static int catch_now(struct mproc *mp, int sig)
{
	/* After the handler the mask returns to what it was, or to the mask before sigsuspend. */
	uint32_t restore = mp->waiting == PW_SIGSUSPEND ? mp->saved_mask : mp->pub.sig_mask;
	interrupt_call(mp);
	int r = sys_runctl(mp->pub.ep, MX_RC_STOP, MX_RC_DELAY);
	if (r == -MX_EBUSY)
		return 0;
	if (r < 0)
		return 1;                          /* gone: nothing to deliver to */
	struct mx_sigaction *act = &mp->act[sig];
	struct kc_sig k;
	memset(&k, 0, sizeof(k));
	k.ep = mp->pub.ep;
	k.signo = sig;
	k.handler = act->handler;
	k.trampoline = mp->trampoline;
	k.mask = restore;
	r = sys_sigsend(&k);
	if (r == MX_OK) {
		mp->pub.sig_mask = restore;
		mp->pub.sig_mask |= act->mask;
		if (!(act->flags & MX_SA_NODEFER))
			mp->pub.sig_mask |= SIGBIT(sig);
		if (act->flags & MX_SA_RESETHAND) {
			act->handler = MX_SIG_DFL;
			mp->sig_catch &= ~SIGBIT(sig);
		}
	}
	if (!(mp->pub.flags & MX_PMF_STOPPED))
		sys_runctl(mp->pub.ep, MX_RC_RESUME, 0);
	if (r < 0)
		exit_proc(mp, MX_W_SIGNALED(SIGSEGV) | MX_W_CORE);   /* no room for the frame */
	return 1;
}

/* Act on sig.  for_tracer: a traced process stops instead, and its tracer decides. */
static void deliver(struct mproc *mp, int sig, int for_tracer)
{
	uint32_t bit = SIGBIT(sig);
	if (for_tracer && mp->pub.tracer && sig != SIGKILL) {
		trace_stop(mp, sig);
		return;
	}
	if (sig == SIGKILL) {
		exit_proc(mp, MX_W_SIGNALED(SIGKILL));
		return;
	}
	if (mp->sig_catch & bit) {
		if (!catch_now(mp, sig)) {
			mp->deliver_later |= bit;
			sig_retry_later();
		}
		return;
	}
	if (bit & SIG_DEFAULT_IGNORE)
		return;
	if (bit & SIG_DEFAULT_STOP) {
		stop_proc(mp, sig);
		return;
	}
	exit_proc(mp, MX_W_SIGNALED(sig) | ((bit & SIG_CORE) ? MX_W_CORE : 0));
}

/* Post sig to mp: its tracer decides (traced), or ignore it, hold it (blocked) or act on it. */
static void post(struct mproc *mp, int sig, int for_tracer)
{
	uint32_t bit = SIGBIT(sig);
	if (!MP_INUSE(mp) || (mp->pub.flags & (MX_PMF_ZOMBIE | MX_PMF_EXITING)) || sig <= 0 || sig >= MX_NSIG)
		return;
	sys_trace_emit(MX_TK_SIGNAL, MX_PM, mp->pub.ep, sig, 0, 0);
	if (sig == SIGCONT && !(for_tracer && mp->pub.tracer)) {
		continue_proc(mp);
		mp->pub.sig_pending &= ~SIG_DEFAULT_STOP;
	}
	if (bit & SIG_DEFAULT_STOP)
		mp->pub.sig_pending &= ~SIGBIT(SIGCONT);
	if ((mp->sig_ignore & bit) && !(bit & SIG_UNCATCHABLE))
		return;
	if ((mp->pub.sig_mask & bit) && !(bit & SIG_UNCATCHABLE)) {
		mp->pub.sig_pending |= bit;
		return;
	}
	deliver(mp, sig, for_tracer);
}

void sig_post(struct mproc *mp, int sig)
{
	post(mp, sig, 1);
}

/* The tracer let sig through (T_RESUME with a signal): act on it as if untraced. */
void sig_deliver_traced(struct mproc *mp, int sig)
{
	post(mp, sig, 0);
}

/* Deliver signals that became unblocked (after a reply, sigprocmask, sigreturn). */
void sig_check_pending(struct mproc *mp)
{
	for (;;) {
		if (!MP_INUSE(mp) || (mp->pub.flags & (MX_PMF_ZOMBIE | MX_PMF_EXITING)))
			return;
		uint32_t ready = (mp->pub.sig_pending & ~mp->pub.sig_mask) | mp->deliver_later;
		if (!ready)
			return;
		int sig = __builtin_ctz(ready);
		uint32_t bit = SIGBIT(sig);
		mp->pub.sig_pending &= ~bit;
		mp->deliver_later &= ~bit;
		deliver(mp, sig, 1);
		if (mp->deliver_later & bit)
			return;                        /* still in a call: retried at the next tick */
	}
}

/* Try held deliveries again at the next tick. */
void sig_retry_later(void)
{
	if (!retry_armed) {
		retry_armed = 1;
		timers_update();
	}
}

int sig_retry_due(void);
int sig_retry_due(void)
{
	if (!retry_armed)
		return 0;
	retry_armed = 0;
	for (int i = 0; i < MX_NR_SLOTS; i++)
		if (MP_INUSE(&mproc[i]) && mproc[i].deliver_later)
			sig_check_pending(&mproc[i]);
	return 1;
}

int sig_retry_armed(void);
int sig_retry_armed(void)
{
	return retry_armed;
}

/* Signals from the kernel: faults (SIGSEGV ...), SYS_KILL from a system process. */
void ksig_handle(void)
{
	for (;;) {
		mx_endpoint_t ep;
		uint32_t sigs;
		if (sys_getksig(&ep, &sigs) < 0 || ep == MX_NONE)
			return;
		struct mproc *mp = mp_by_ep(ep);
		if (mp && mp->pub.tracer && (sigs & SIGBIT(SIGTRAP))) {
			/* A stop the kernel made for system-call tracing is told apart from a breakpoint. */
			struct mx_procinfo pi;
			if (sys_getinfo(MX_GI_PROC, &pi, sizeof(pi), (uint32_t)ep) >= 0 && (pi.misc & MX_MF_SC_TRACE)) {
				sigs &= ~SIGBIT(SIGTRAP);
				trace_stop(mp, SIGTRAP | MX_SYSCALL_STOP);
			}
		}
		for (int sig = 1; mp && sig < MX_NSIG; sig++)
			if (sigs & SIGBIT(sig)) {
				/* A fault's signal cannot be blocked or ignored: the instruction would fault again. */
				if (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE) {
					mp->pub.sig_mask &= ~SIGBIT(sig);
					mp->sig_ignore &= ~SIGBIT(sig);
				}
				sig_post(mp, sig);
			}
		sys_endksig(ep);
	}
}

/* Users may signal users; system processes only the superuser and other system processes. */
static int may_signal(struct mproc *from, struct mproc *to)
{
	return !(to->pub.flags & MX_PMF_SYSTEM) || (from->pub.flags & MX_PMF_SYSTEM) || from->pub.uid == 0;
}

int do_kill(struct mproc *mp, mx_message *m)
{
	struct pm_kill *a = MX_BODY(m, struct pm_kill);
	if (a->sig < 0 || a->sig >= MX_NSIG)
		return -MX_EINVAL;
	int found = 0, denied = 0;
	for (int i = 0; i < MX_NR_SLOTS; i++) {
		struct mproc *t = &mproc[i];
		if (!MP_INUSE(t) || (t->pub.flags & MX_PMF_ZOMBIE))
			continue;
		int match = a->pid > 0 ? t->pub.pid == a->pid :
			    a->pid == 0 ? t->pub.pgrp == mp->pub.pgrp :
			    a->pid == -1 ? t->pub.pid > 1 && t != mp && !(t->pub.flags & MX_PMF_SYSTEM) :
			    (t->pub.flags & MX_PMF_SYSTEM) ? 0 :
			    t->pub.pgrp == -a->pid;
		if (!match)
			continue;
		if (!may_signal(mp, t)) {
			denied++;
			continue;
		}
		found++;
		if (a->sig == 0)
			continue;
		if (t->pub.flags & MX_PMF_SYSTEM) {
			/* A service's signals go through the kernel to its manager (RS), which may restart it. */
			sys_kill(t->pub.ep, a->sig);
		} else if (t == mp) {
			if (!(mp->sig_ignore & SIGBIT(a->sig)) || (SIGBIT(a->sig) & SIG_UNCATCHABLE))
				mp->pub.sig_pending |= SIGBIT(a->sig);   /* delivered after the reply */
		} else
			sig_post(t, a->sig);
	}
	if (found)
		return 0;
	return denied ? -MX_EPERM : -MX_ESRCH;
}

int do_sigaction(struct mproc *mp, mx_message *m)
{
	struct pm_sigaction *a = MX_BODY(m, struct pm_sigaction);
	int sig = a->sig;
	if (sig <= 0 || sig >= MX_NSIG)
		return -MX_EINVAL;
	if (a->oact && sys_vircopy(MX_SELF, (uint32_t)&mp->act[sig], mp->pub.ep, a->oact, sizeof(struct mx_sigaction)) < 0)
		return -MX_EFAULT;
	if (!a->act)
		return 0;
	if (SIGBIT(sig) & SIG_UNCATCHABLE)
		return -MX_EINVAL;
	struct mx_sigaction na;
	if (sys_vircopy(mp->pub.ep, a->act, MX_SELF, (uint32_t)&na, sizeof(na)) < 0)
		return -MX_EFAULT;
	mp->act[sig] = na;
	mp->act[sig].mask &= ~SIG_UNCATCHABLE;
	mp->sig_ignore &= ~SIGBIT(sig);
	mp->sig_catch &= ~SIGBIT(sig);
	if (na.handler == MX_SIG_IGN) {
		mp->sig_ignore |= SIGBIT(sig);
		mp->pub.sig_pending &= ~SIGBIT(sig);
	} else if (na.handler != MX_SIG_DFL) {
		mp->sig_catch |= SIGBIT(sig);
		mp->trampoline = a->trampoline;
	}
	return 0;
}

int do_sigprocmask(struct mproc *mp, mx_message *m)
{
	struct pm_sigprocmask *a = MX_BODY(m, struct pm_sigprocmask);
	uint32_t set = a->set & ~SIG_UNCATCHABLE;
	a->old = mp->pub.sig_mask;
	switch (a->how) {
	case MX_SIG_BLOCK:   mp->pub.sig_mask |= set; break;
	case MX_SIG_UNBLOCK: mp->pub.sig_mask &= ~set; break;
	case MX_SIG_SETMASK: mp->pub.sig_mask = set; break;
	default:             return -MX_EINVAL;
	}
	return 0;                              /* newly unblocked signals follow the reply */
}

int do_sigsuspend(struct mproc *mp, mx_message *m)
{
	struct pm_sigsuspend *a = MX_BODY(m, struct pm_sigsuspend);
	mp->saved_mask = mp->pub.sig_mask;
	mp->pub.sig_mask = a->mask & ~SIG_UNCATCHABLE;
	mp->waiting = PW_SIGSUSPEND;
	mp->pub.flags |= MX_PMF_PAUSED;
	sig_check_pending(mp);               /* a pending, now unblocked signal ends it at once */
	return -MX_EDONTREPLY;
}

int do_pause(struct mproc *mp, mx_message *m)
{
	mp->waiting = PW_PAUSE;
	mp->pub.flags |= MX_PMF_PAUSED;
	return -MX_EDONTREPLY;
}

int do_sigpending(struct mproc *mp, mx_message *m)
{
	m->m_u.w[0] = mp->pub.sig_pending;
	return 0;
}

int do_sigreturn(struct mproc *mp, mx_message *m)
{
	struct pm_sigreturn *a = MX_BODY(m, struct pm_sigreturn);
	uint32_t mask = 0;
	int r = sys_sigreturn(mp->pub.ep, a->ctx, &mask);
	if (r < 0)
		return r;                          /* a bad context: the call fails, nothing changes */
	mp->pub.sig_mask = mask & ~SIG_UNCATCHABLE;
	sig_check_pending(mp);
	return -MX_EDONTREPLY;                 /* it resumes where the signal interrupted it */
}

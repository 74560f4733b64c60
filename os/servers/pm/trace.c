/*
 * ptrace(2), as in the seeds: T_OK, T_ATTACH/T_DETACH, T_RESUME, T_STEP,
 * T_SYSCALL, T_GET/SETINS, T_GET/SETDATA, T_GET/SETUSER (past the register
 * frame, T_GETUSER reads the process's privilege structure), T_SETOPT
 * (TO_TRACEFORK, TO_ALTEXEC) and T_EXIT.  There is no T_STOP: a debugger
 * stops its tracee with a signal.
 *
 * A traced process that gets a signal stops instead, and its tracer hears
 * of it through waitpid; T_RESUME/T_DETACH decide whether the signal is
 * delivered.  System processes can be traced by the superuser: PM takes
 * their kernel signals over from RS while they are traced.
 */
#include "pm.h"

enum {
#define PT_ENUM(name, num, text) PT_##name = num,
	MX_PTRACE_REQS(PT_ENUM)
#undef PT_ENUM
};

#define FRAME_BYTES 76      /* the saved-register frame T_GETUSER reads first */

static int set_sigmgr(struct mproc *mp, mx_endpoint_t mgr)
{
	struct kc_privctl pc;
	memset(&pc, 0, sizeof(pc));
	pc.op = MX_PRIV_SIGMGR;
	pc.sig_mgr = (uint32_t)mgr;
	return sys_privctl(mp->pub.ep, &pc);
}

static void set_tracer(struct mproc *t, struct mproc *tracer)
{
	t->pub.tracer = tracer ? tracer->pub.pid : 0;
	if (tracer)
		t->pub.flags |= MX_PMF_TRACED;
	else
		t->pub.flags &= ~MX_PMF_TRACED;
	sys_trace(MX_TR_TRACER, t->pub.ep, 0, &(uint32_t){ tracer ? (uint32_t)tracer->pub.ep : (uint32_t)MX_NONE });
	if (t->pub.flags & MX_PMF_SYSTEM)
		set_sigmgr(t, tracer ? MX_PM : MX_RS);
}

/* Stop a traced process for its tracer; the signal waits for the tracer's word. */
void trace_stop(struct mproc *mp, int sig)
{
	struct mproc *tracer = mp_by_pid(mp->pub.tracer);
	sys_runctl(mp->pub.ep, MX_RC_STOP, 0);
	mp->pub.flags |= MX_PMF_STOPPED;
	mp->stop_sig = sig;
	mp->stop_reported = 0;
	if (!tracer)
		return;
	if (tracer->waiting == PW_WAIT && trace_wait_check(tracer))
		return;
	sig_post(tracer, SIGCHLD);
}

/* Report a stopped tracee to a waiting tracer; 1 if it was answered. */
int trace_wait_check(struct mproc *tracer)
{
	for (int i = 0; i < MX_NR_SLOTS; i++) {
		struct mproc *t = &mproc[i];
		if (!MP_INUSE(t) || t->pub.tracer != tracer->pub.pid)
			continue;
		if (tracer->wait_pid > 0 && t->pub.pid != tracer->wait_pid)
			continue;
		if ((t->pub.flags & MX_PMF_STOPPED) && !t->stop_reported) {
			mx_message m;
			memset(&m, 0, sizeof(m));
			t->stop_reported = 1;
			MX_BODY(&m, struct pm_waitpid)->status = MX_W_STOPPED(t->stop_sig);
			tracer->pub.flags &= ~MX_PMF_WAITING;
			reply(tracer, t->pub.pid, &m);
			return 1;
		}
	}
	return 0;
}

/* A tracer is gone: its tracees continue untraced (the seeds' "never stopped forever"). */
void trace_tracer_gone(struct mproc *tracer)
{
	for (int i = 0; i < MX_NR_SLOTS; i++) {
		struct mproc *t = &mproc[i];
		if (!MP_INUSE(t) || t->pub.tracer != tracer->pub.pid || t == tracer)
			continue;
		sys_trace(MX_TR_SYSCALL, t->pub.ep, 0, &(uint32_t){ 0 });
		sys_trace(MX_TR_STEP, t->pub.ep, 0, &(uint32_t){ 0 });
		set_tracer(t, NULL);
		if (t->pub.flags & MX_PMF_STOPPED) {
			t->pub.flags &= ~MX_PMF_STOPPED;
			sys_runctl(t->pub.ep, MX_RC_RESUME, 0);
		}
	}
}

/* Resume a stopped tracee, delivering sig if it is not 0. */
static int resume(struct mproc *t, int sig)
{
	if (sig < 0 || sig >= MX_NSIG)
		return -MX_EINVAL;
	t->pub.flags &= ~MX_PMF_STOPPED;
	sys_runctl(t->pub.ep, MX_RC_RESUME, 0);
	if (sig)
		sig_deliver_traced(t, sig);
	return 0;
}

int do_ptrace(struct mproc *mp, mx_message *m)
{
	struct pm_ptrace *a = MX_BODY(m, struct pm_ptrace);
	struct mproc *t;
	uint32_t v = a->data;
	int r;

	if (a->req == PT_T_OK) {
		struct mproc *parent = mp->parent >= 0 ? &mproc[mp->parent] : NULL;
		if (!parent || !MP_INUSE(parent) || mp->pub.tracer)
			return -MX_EPERM;
		set_tracer(mp, parent);
		return 0;
	}
	t = mp_by_pid(a->pid);
	if (!t || (t->pub.flags & MX_PMF_ZOMBIE))
		return -MX_ESRCH;
	if (a->req == PT_T_ATTACH) {
		if (t == mp || t->pub.tracer || t->pub.pid == 1)
			return -MX_EPERM;
		if ((t->pub.flags & MX_PMF_SYSTEM) && (mp->pub.uid != 0 || MP_SLOT(t) == MX_PM))
			return -MX_EPERM;                 /* PM itself cannot be traced */
		if (mp->pub.uid != 0 && mp->pub.uid != t->pub.uid)
			return -MX_EPERM;
		set_tracer(t, mp);
		trace_stop(t, SIGSTOP);
		return 0;
	}
	if (t->pub.tracer != mp->pub.pid)
		return -MX_ESRCH;                     /* not our tracee */
	if (a->req < PT_T_GETINS || a->req > PT_T_SETOPT)
		return -MX_EINVAL;
	if (a->req != PT_T_DETACH && a->req != PT_T_EXIT && a->req != PT_T_SETOPT && !(t->pub.flags & MX_PMF_STOPPED))
		return -MX_EBUSY;                     /* it must be stopped */

	switch (a->req) {
	case PT_T_GETINS:
	case PT_T_GETDATA:
		r = sys_trace(MX_TR_PEEK, t->pub.ep, a->addr, &v);
		a->value = v;
		return r < 0 ? r : 0;
	case PT_T_SETINS:
	case PT_T_SETDATA:
		return sys_trace(MX_TR_POKE, t->pub.ep, a->addr, &v);
	case PT_T_GETUSER:
		if (a->addr < FRAME_BYTES)
			r = sys_trace(MX_TR_GETREG, t->pub.ep, a->addr, &v);
		else
			r = sys_trace(MX_TR_GETPRIV, t->pub.ep, a->addr - FRAME_BYTES, &v);
		a->value = v;
		return r < 0 ? r : 0;
	case PT_T_SETUSER:
		return sys_trace(MX_TR_SETREG, t->pub.ep, a->addr, &v);
	case PT_T_RESUME:
	case PT_T_STEP:
	case PT_T_SYSCALL:
		/* Each continues with exactly its own kind of stop armed. */
		if ((r = sys_trace(MX_TR_STEP, t->pub.ep, 0, &(uint32_t){ a->req == PT_T_STEP })) < 0 ||
		    (r = sys_trace(MX_TR_SYSCALL, t->pub.ep, 0, &(uint32_t){ a->req == PT_T_SYSCALL })) < 0)
			return r;
		return resume(t, (int)a->data);
	case PT_T_DETACH:
		sys_trace(MX_TR_SYSCALL, t->pub.ep, 0, &(uint32_t){ 0 });
		sys_trace(MX_TR_STEP, t->pub.ep, 0, &(uint32_t){ 0 });
		set_tracer(t, NULL);
		t->trace_opts = 0;
		if (t->pub.flags & MX_PMF_STOPPED)
			return resume(t, (int)a->data);
		return 0;
	case PT_T_SETOPT:
		if (a->data & ~(uint32_t)(MX_TO_TRACEFORK | MX_TO_ALTEXEC))
			return -MX_EINVAL;
		t->trace_opts = a->data;
		return 0;
	case PT_T_EXIT:
		exit_proc(t, MX_W_EXITED((int)a->data));
		return 0;
	}
	return -MX_EINVAL;
}

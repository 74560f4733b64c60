/*
 * Signals through PM.  Every sigaction passes PM the address of the
 * trampoline __sigreturn: the kernel's signal frame makes a handler return
 * into it (mx/pm.h), and it hands the saved context back to PM.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <mxlib.h>
#include "libc.h"

_Static_assert(sizeof(struct sigaction) == sizeof(struct mx_sigaction), "sigaction is mx_sigaction");

/*
 * Entered by the handler's `ret`, not by a call: the stack then holds the
 * signal number where a return address would be, and the context address
 * where a first argument would be, so ctx arrives as the argument.
 */
void __sigreturn(unsigned long ctx)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	MX_BODY(&m, struct pm_sigreturn)->ctx = (uint32_t)ctx;
	_syscall(MX_PM, MX_PM_SIGRETURN, &m);
	_exit(128 + SIGSEGV);                 /* PM refused the context: nothing to return to */
}

int sigaction(int sig, const struct sigaction *act, struct sigaction *oact)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct pm_sigaction *a = MX_BODY(&m, struct pm_sigaction);
	a->sig = sig;
	a->act = (uint32_t)act;
	a->oact = (uint32_t)oact;
	a->trampoline = (uint32_t)__sigreturn;
	return _syscall(MX_PM, MX_PM_SIGACTION, &m) < 0 ? -1 : 0;
}

sighandler_t signal(int sig, sighandler_t handler)
{
	struct sigaction sa, old;
	sa.sa_handler = handler;
	sa.sa_mask = 0;
	sa.sa_flags = 0;
	if (sigaction(sig, &sa, &old) < 0)
		return SIG_ERR;
	return old.sa_handler;
}

int sigprocmask(int how, const sigset_t *set, sigset_t *oset)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct pm_sigprocmask *a = MX_BODY(&m, struct pm_sigprocmask);
	a->how = set ? how : MX_SIG_BLOCK;    /* no set: only ask for the mask */
	a->set = set ? *set : 0;
	if (_syscall(MX_PM, MX_PM_SIGPROCMASK, &m) < 0)
		return -1;
	if (oset)
		*oset = a->old;
	return 0;
}

int sigsuspend(const sigset_t *mask)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	MX_BODY(&m, struct pm_sigsuspend)->mask = *mask;
	_syscall(MX_PM, MX_PM_SIGSUSPEND, &m);
	return -1;                            /* always EINTR */
}

int sigpending(sigset_t *set)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	if (_syscall(MX_PM, MX_PM_SIGPENDING, &m) < 0)
		return -1;
	*set = m.m_u.w[0];
	return 0;
}

int kill(pid_t pid, int sig)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct pm_kill *a = MX_BODY(&m, struct pm_kill);
	a->pid = pid;
	a->sig = sig;
	return _syscall(MX_PM, MX_PM_KILL, &m) < 0 ? -1 : 0;
}

int killpg(pid_t pgrp, int sig)
{
	if (pgrp <= 1) {
		errno = EINVAL;
		return -1;
	}
	return kill(-pgrp, sig);
}

int raise(int sig)
{
	return kill(getpid(), sig);
}

static int bad_sig(int sig)
{
	if (sig <= 0 || sig >= NSIG) {
		errno = EINVAL;
		return 1;
	}
	return 0;
}

int sigemptyset(sigset_t *set) { *set = 0; return 0; }
int sigfillset(sigset_t *set) { *set = ~(sigset_t)1; return 0; }

int sigaddset(sigset_t *set, int sig)
{
	if (bad_sig(sig))
		return -1;
	*set |= 1u << sig;
	return 0;
}

int sigdelset(sigset_t *set, int sig)
{
	if (bad_sig(sig))
		return -1;
	*set &= ~(1u << sig);
	return 0;
}

int sigismember(const sigset_t *set, int sig)
{
	if (bad_sig(sig))
		return -1;
	return (*set >> sig) & 1;
}

const char *signame(int sig)
{
	switch (sig) {
#define LIBC_SIG_CASE(name, num) case num: return #name;
	MX_SIGNALS(LIBC_SIG_CASE)
#undef LIBC_SIG_CASE
	}
	return NULL;
}

const char *const sys_siglist[NSIG] = {
	[SIGHUP] = "Hangup", [SIGINT] = "Interrupt", [SIGQUIT] = "Quit",
	[SIGILL] = "Illegal instruction", [SIGTRAP] = "Trace trap", [SIGABRT] = "Aborted",
	[SIGBUS] = "Bus error", [SIGFPE] = "Floating point exception", [SIGKILL] = "Killed",
	[SIGUSR1] = "User signal 1", [SIGSEGV] = "Segmentation fault", [SIGUSR2] = "User signal 2",
	[SIGPIPE] = "Broken pipe", [SIGALRM] = "Alarm clock", [SIGTERM] = "Terminated",
	[SIGSTKFLT] = "Stack fault", [SIGCHLD] = "Child exited", [SIGCONT] = "Continued",
	[SIGSTOP] = "Stopped (signal)", [SIGTSTP] = "Stopped", [SIGTTIN] = "Stopped (tty input)",
	[SIGTTOU] = "Stopped (tty output)", [SIGURG] = "Urgent I/O", [SIGWINCH] = "Window changed",
};

void siglongjmp(sigjmp_buf env, int val)
{
	if (env[6])
		sigprocmask(SIG_SETMASK, (sigset_t *)&env[7], NULL);
	longjmp(env, val);
}

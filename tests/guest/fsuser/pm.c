/* Raw PM calls for fsuser (see fsuser.h). */
#include "fsuser.h"

static int pm(int type, mx_message *m)
{
	return v_call(MX_PM, type, m);
}

int p_fork(void)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	return pm(MX_PM_FORK, &m);
}

void p_exit(int status)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	m.m_u.w[0] = (uint32_t)status;
	pm(MX_PM_EXIT, &m);
	for (;;)
		;
}

int p_waitpid(int pid, int *status, int options)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct pm_waitpid *a = MX_BODY(&m, struct pm_waitpid);
	a->pid = pid;
	a->options = (uint32_t)options;
	int r = pm(MX_PM_WAITPID, &m);
	if (r >= 0 && status)
		*status = a->status;
	return r;
}

int p_kill(int pid, int sig)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	MX_BODY(&m, struct pm_kill)->pid = pid;
	MX_BODY(&m, struct pm_kill)->sig = sig;
	return pm(MX_PM_KILL, &m);
}

int p_sleep(uint32_t ms)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	MX_BODY(&m, struct pm_sleep)->ms = ms;
	return pm(MX_PM_SLEEP, &m);
}

int p_getpid(void)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	return pm(MX_PM_GETPID, &m);
}

int p_setpgid(int pid, int pgid)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	MX_BODY(&m, struct pm_setpgid)->pid = pid;
	MX_BODY(&m, struct pm_setpgid)->pgid = pgid;
	return pm(MX_PM_SETPGID, &m);
}

/* The initial stack frame of pm.h: argc, argv offsets, NULL, (no envp) NULL, strings. */
int p_exec(const char *path, const char *const argv[])
{
	static uint32_t frame[256];
	int argc = 0;
	while (argv[argc])
		argc++;
	uint32_t strings = (uint32_t)(argc + 3) * 4, at = strings;
	frame[0] = (uint32_t)argc;
	for (int i = 0; i < argc; i++) {
		uint32_t n = (uint32_t)strlen(argv[i]) + 1;
		if (at + n > sizeof(frame))
			return -MX_E2BIG;
		frame[1 + i] = at;
		memcpy((char *)frame + at, argv[i], n);
		at += n;
	}
	frame[1 + argc] = 0;
	frame[2 + argc] = 0;
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct pm_exec *a = MX_BODY(&m, struct pm_exec);
	a->path = (uint32_t)path;
	a->path_len = (uint32_t)strlen(path);
	a->frame = (uint32_t)frame;
	a->frame_len = at;
	return pm(MX_PM_EXEC, &m);
}

/* Ignore sig (SIG_IGN needs no trampoline). */
int p_ignore(int sig)
{
	static struct mx_sigaction act = { .handler = MX_SIG_IGN };
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct pm_sigaction *a = MX_BODY(&m, struct pm_sigaction);
	a->sig = sig;
	a->act = (uint32_t)&act;
	return pm(MX_PM_SIGACTION, &m);
}

void fsuser_sigtramp(void);

/* Catch sig with handler (no SA_RESTART: a blocked call ends with EINTR). */
int p_catch(int sig, void (*handler)(int))
{
	static struct mx_sigaction act;
	act.handler = (uint32_t)handler;
	act.mask = 0;
	act.flags = 0;
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct pm_sigaction *a = MX_BODY(&m, struct pm_sigaction);
	a->sig = sig;
	a->act = (uint32_t)&act;
	a->trampoline = (uint32_t)fsuser_sigtramp;
	return pm(MX_PM_SIGACTION, &m);
}

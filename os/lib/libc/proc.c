/* Process calls to PM: fork, wait, ids, process groups, the process list, reboot. */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <mxlib.h>
#include "libc.h"

static mx_message *clear(mx_message *m)
{
	memset(m, 0, sizeof(*m));
	return m;
}

pid_t fork(void)
{
	mx_message m;
	/* Output still buffered would otherwise be written by both processes. */
	if (__libc_flush_hook)
		__libc_flush_hook();
	return _syscall(MX_PM, MX_PM_FORK, clear(&m));
}

pid_t waitpid(pid_t pid, int *status, int options)
{
	mx_message m;
	struct pm_waitpid *a = MX_BODY(clear(&m), struct pm_waitpid);
	a->pid = pid;
	a->options = (uint32_t)options;
	int r = _syscall(MX_PM, MX_PM_WAITPID, &m);
	if (r > 0 && status)
		*status = a->status;
	return r;
}

pid_t wait(int *status)
{
	return waitpid(-1, status, 0);
}

pid_t getpid(void)
{
	mx_message m;
	return _syscall(MX_PM, MX_PM_GETPID, clear(&m));
}

pid_t getppid(void)
{
	mx_message m;
	return _syscall(MX_PM, MX_PM_GETPPID, clear(&m));
}

pid_t getpgrp(void)
{
	mx_message m;
	return _syscall(MX_PM, MX_PM_GETPGRP, clear(&m));
}

int setpgid(pid_t pid, pid_t pgid)
{
	mx_message m;
	struct pm_setpgid *a = MX_BODY(clear(&m), struct pm_setpgid);
	a->pid = pid;
	a->pgid = pgid;
	return _syscall(MX_PM, MX_PM_SETPGID, &m) < 0 ? -1 : 0;
}

pid_t setsid(void)
{
	mx_message m;
	return _syscall(MX_PM, MX_PM_SETSID, clear(&m));
}

uid_t getuid(void)
{
	mx_message m;
	int r = _syscall(MX_PM, MX_PM_GETUID, clear(&m));
	return r < 0 ? 0 : (uid_t)r;
}

uid_t geteuid(void) { return getuid(); }
gid_t getgid(void) { return 0; }
gid_t getegid(void) { return 0; }

int getprocs(struct mx_psinfo *buf, int n)
{
	mx_message m;
	struct pm_getprocs *a = MX_BODY(clear(&m), struct pm_getprocs);
	a->buf = (uint32_t)buf;
	a->len = n < 0 ? 0 : (uint32_t)n * sizeof(*buf);
	return _syscall(MX_PM, MX_PM_GETPROCS, &m);
}

pid_t ep_to_pid(mx_endpoint_t ep)
{
	mx_message m;
	MX_BODY(clear(&m), struct pm_getepinfo)->ep = ep;
	return _syscall(MX_PM, MX_PM_GETEPINFO, &m);
}

int reboot(int how, int code)
{
	mx_message m;
	struct pm_reboot *a = MX_BODY(clear(&m), struct pm_reboot);
	a->how = how;
	a->code = code;
	if (__libc_flush_hook)
		__libc_flush_hook();
	return _syscall(MX_PM, MX_PM_REBOOT, &m) < 0 ? -1 : 0;
}

/* PM's requests: number (callnr.h) -> handler. */
#include "pm.h"

typedef int (*pm_handler)(struct mproc *mp, mx_message *m);

#define IDX(call) ((call) - MX_PM_BASE)
const pm_handler pm_calls[] = {
	[IDX(MX_PM_EXIT)]        = do_exit,         /* _exit(2) */
	[IDX(MX_PM_FORK)]        = do_fork,         /* fork(2) */
	[IDX(MX_PM_WAITPID)]     = do_waitpid,      /* waitpid(2) */
	[IDX(MX_PM_EXEC)]        = do_exec,         /* execve(2) */
	[IDX(MX_PM_GETPID)]      = do_getid,        /* getpid(2) */
	[IDX(MX_PM_GETPPID)]     = do_getid,        /* getppid(2) */
	[IDX(MX_PM_GETPGRP)]     = do_getid,        /* getpgrp(2) */
	[IDX(MX_PM_GETUID)]      = do_getid,        /* getuid(2) */
	[IDX(MX_PM_KILL)]        = do_kill,         /* kill(2) */
	[IDX(MX_PM_SIGACTION)]   = do_sigaction,    /* sigaction(2) */
	[IDX(MX_PM_SIGPROCMASK)] = do_sigprocmask,  /* sigprocmask(2) */
	[IDX(MX_PM_SIGRETURN)]   = do_sigreturn,    /* the signal trampoline */
	[IDX(MX_PM_SIGSUSPEND)]  = do_sigsuspend,   /* sigsuspend(2) */
	[IDX(MX_PM_SIGPENDING)]  = do_sigpending,   /* sigpending(2) */
	[IDX(MX_PM_ALARM)]       = do_alarm,        /* alarm(2) */
	[IDX(MX_PM_PAUSE)]       = do_pause,        /* pause(2) */
	[IDX(MX_PM_SETPGID)]     = do_setpgid,      /* setpgid(2) */
	[IDX(MX_PM_SETSID)]      = do_setsid,       /* setsid(2) */
	[IDX(MX_PM_TIMES)]       = do_times,        /* times(2) */
	[IDX(MX_PM_TIME)]        = do_time,         /* time(2) */
	[IDX(MX_PM_CLOCK)]       = do_time,         /* clock_gettime(2) */
	[IDX(MX_PM_REBOOT)]      = do_reboot,       /* reboot(2) */
	[IDX(MX_PM_GETPROCS)]    = do_getprocs,     /* the process list, for ps */
	[IDX(MX_PM_PTRACE)]      = do_ptrace,       /* ptrace(2) */
	[IDX(MX_PM_SLEEP)]       = do_sleep,        /* nanosleep(2) */
	[IDX(MX_PM_GETEPINFO)]   = do_getepinfo,    /* endpoint to pid and uid */
	[IDX(MX_PM_SETUID)]      = do_setuid,       /* setuid(2) */
	[IDX(MX_PM_SRV_FORK)]    = do_srv_fork,     /* RS: start a service */
	[IDX(MX_PM_SRV_KILL)]    = do_srv_kill,     /* RS: end a service */
};
const int pm_ncalls = (int)(sizeof(pm_calls) / sizeof(pm_calls[0]));

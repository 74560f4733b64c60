/*
 * PM: processes, signals, timers.  The process table mproc[] is indexed by
 * kernel slot; an entry's first part is the public record registered with
 * the kernel as "pm.procs".  Prototypes are grouped by file.
 */
#ifndef PM_PM_H
#define PM_PM_H

#include <string.h>
#include <mxsys.h>
#include <mx/callnr.h>
#include <mx/pm.h>
#include <mx/vm.h>
#include <mx/tables.h>

enum {
#define PM_SIG_ENUM(name, num) name = num,
	MX_SIGNALS(PM_SIG_ENUM)
#undef PM_SIG_ENUM
};
#define SIGBIT(s) (1u << (s))

/* Why a process is suspended in PM (no reply sent yet). */
enum pm_wait { PW_NONE, PW_WAIT, PW_PAUSE, PW_SIGSUSPEND, PW_SLEEP };

struct mproc {
	mx_pm_proc_ent pub;            /* pid, ep, ppid, pgrp, flags, sigs, status, tracer, name */
	int parent;                    /* slot of the parent, -1 if none */
	enum pm_wait waiting;
	mx_pid_t wait_pid;             /* PW_WAIT: which children */
	uint32_t wait_options;
	uint32_t sig_ignore, sig_catch;
	struct mx_sigaction act[MX_NSIG];
	uint32_t trampoline;
	uint32_t saved_mask;           /* mask to restore after a SIGSUSPEND's handler */
	uint32_t deliver_later;        /* caught signals waiting for the process to leave a call */
	uint64_t alarm_at, sleep_until;/* clock ticks, 0 = none */
	uint32_t child_user, child_sys;
	int stop_reported;             /* its stop was reported to a waiting parent (or tracer) */
	int stop_sig;
	uint32_t trace_opts;           /* MX_TO_* set by its tracer */
	int exit_told_tracer;          /* a zombie whose tracer has seen its end */
	int named_by_label;            /* a service RS started: exec keeps its label as its name */
};

extern struct mproc mproc[MX_NR_SLOTS];
extern mx_pid_t next_pid;
extern uint64_t now_ticks;
extern uint32_t boot_time;

#define MP_INUSE(mp) ((mp)->pub.flags & MX_PMF_INUSE)
#define MP_SLOT(mp)  ((int)((mp) - mproc))

/* main.c */
int reply(struct mproc *mp, int result, mx_message *m);
void reply_to(mx_endpoint_t ep, int result, mx_message *m);
struct mproc *mp_by_ep(mx_endpoint_t ep);
struct mproc *mp_by_pid(mx_pid_t pid);

/* proc.c */
int do_fork(struct mproc *mp, mx_message *m);
int do_exit(struct mproc *mp, mx_message *m);
int do_waitpid(struct mproc *mp, mx_message *m);
int do_exec(struct mproc *mp, mx_message *m);
int do_getid(struct mproc *mp, mx_message *m);
int do_setpgid(struct mproc *mp, mx_message *m);
int do_setsid(struct mproc *mp, mx_message *m);
int do_srv_fork(struct mproc *mp, mx_message *m);
int do_srv_kill(struct mproc *mp, mx_message *m);
int do_setuid(struct mproc *mp, mx_message *m);
void exit_proc(struct mproc *mp, int status);
void adopt_boot_processes(void);

/* signal.c */
int do_kill(struct mproc *mp, mx_message *m);
int do_sigaction(struct mproc *mp, mx_message *m);
int do_sigprocmask(struct mproc *mp, mx_message *m);
int do_sigreturn(struct mproc *mp, mx_message *m);
int do_sigsuspend(struct mproc *mp, mx_message *m);
int do_sigpending(struct mproc *mp, mx_message *m);
int do_pause(struct mproc *mp, mx_message *m);
void sig_post(struct mproc *mp, int sig);
void sig_check_pending(struct mproc *mp);
void ksig_handle(void);
void sig_retry_later(void);

/* time.c */
int do_alarm(struct mproc *mp, mx_message *m);
int do_sleep(struct mproc *mp, mx_message *m);
int do_times(struct mproc *mp, mx_message *m);
int do_time(struct mproc *mp, mx_message *m);
void timers_expired(void);
void timers_update(void);
void time_update(void);

/* trace.c */
int do_ptrace(struct mproc *mp, mx_message *m);
void trace_stop(struct mproc *mp, int sig);
int trace_wait_check(struct mproc *tracer);
void trace_tracer_gone(struct mproc *tracer);
void sig_deliver_traced(struct mproc *mp, int sig);

/* misc.c */
int do_getprocs(struct mproc *mp, mx_message *m);
int do_getepinfo(struct mproc *mp, mx_message *m);
int do_reboot(struct mproc *mp, mx_message *m);
void register_table(void);

#endif

/*
 * The PM protocol: message bodies of the PM_* requests (callnr.h) sent by
 * libc, and of the requests PM sends to VFS about processes (VFS_PM_*).
 * Replies carry the result in m_type (>= 0 or a negative error) and, where
 * noted, values in the same body.  Addresses are in the caller's address
 * space.  Call ordering that keeps the servers deadlock-free: users call PM,
 * VFS and VM; PM calls VFS and VM; VFS calls VM, file systems and drivers;
 * VM calls nobody; nobody calls PM synchronously but users.
 * Shared by the guest and the host tools.
 */
#ifndef MX_PM_H
#define MX_PM_H

#include <stdint.h>
#include "ipc.h"

typedef int32_t mx_pid_t;

struct pm_exit      { int32_t status; };
/* PM_FORK: no arguments; reply m_type = child's pid to the parent, 0 to the child. */
struct pm_waitpid   { mx_pid_t pid; uint32_t options; /* reply: */ int32_t status; };
#define MX_WNOHANG   1
#define MX_WUNTRACED 2
/* Wait status, as POSIX's macros decode it. */
#define MX_W_EXITED(code)  (((code) & 0xff) << 8)          /* WIFEXITED, WEXITSTATUS */
#define MX_W_SIGNALED(sig) ((sig) & 0x7f)                   /* WIFSIGNALED, WTERMSIG */
#define MX_W_CORE          0x80                              /* WCOREDUMP */
#define MX_W_STOPPED(sig)  ((((sig) & 0xff) << 8) | 0x7f)    /* WIFSTOPPED, WSTOPSIG */
/*
 * PM_EXEC: path, and a ready-made initial stack ("frame") built by libc:
 * argc, argv[], NULL, envp[], NULL, strings; the pointers in it are offsets
 * from the frame's start, relocated by VFS when it copies the frame to the
 * top of the new stack.
 */
struct pm_exec      { uint32_t path; uint32_t path_len; uint32_t frame; uint32_t frame_len; };
/*
 * path_len with MX_EXEC_IMAGE: path is the address of a whole ELF image of
 * (path_len & ~MX_EXEC_IMAGE) bytes in the memory of the caller's parent,
 * which must be a system process.  RS uses it to restart the drivers the
 * file system itself depends on (the memory driver serves the root disk).
 */
#define MX_EXEC_IMAGE 0x80000000u
struct pm_kill      { mx_pid_t pid; int32_t sig; };
/*
 * Signal delivery: the kernel pushes a frame {return address = trampoline,
 * signo, ctx}, so the handler runs as handler(signo) and "returns" into the
 * trampoline with %esp pointing at signo and ctx one word above it.  The
 * trampoline (libc) sends PM_SIGRETURN with that ctx; PM restores the
 * registers and the mask saved there.
 */
struct pm_sigaction { int32_t sig; uint32_t act; uint32_t oact; uint32_t trampoline; };
struct mx_sigaction { uint32_t handler; uint32_t mask; uint32_t flags; };
#define MX_SIG_DFL 0
#define MX_SIG_IGN 1
#define MX_SA_RESTART   0x1
#define MX_SA_NODEFER   0x2
#define MX_SA_RESETHAND 0x4
struct pm_sigprocmask { int32_t how; uint32_t set; /* reply: */ uint32_t old; };
#define MX_SIG_BLOCK   0
#define MX_SIG_UNBLOCK 1
#define MX_SIG_SETMASK 2
struct pm_sigreturn { uint32_t ctx; };
struct pm_sigsuspend { uint32_t mask; };
/* PM_SIGPENDING: reply body w[0] = pending set. */
struct pm_alarm     { uint32_t seconds; /* reply: */ uint32_t left; };
struct pm_setpgid   { mx_pid_t pid; mx_pid_t pgid; };
/* PM_GETPID / PM_GETPPID / PM_GETPGRP / PM_SETSID / PM_GETUID: reply m_type is the id. */
struct pm_times     { /* reply: clock ticks */ uint32_t user, sys, cuser, csys; uint32_t uptime_lo, uptime_hi; uint32_t hz; };
struct pm_time      { /* reply: */ uint32_t sec; uint32_t nsec; uint32_t boot_sec; };
struct pm_reboot    { int32_t how; /* MX_ABORT_* */ int32_t code; /* MX_ABORT_EXIT: QEMU's exit code */ };
struct pm_ptrace    { int32_t req; mx_pid_t pid; uint32_t addr; uint32_t data; /* reply: */ uint32_t value; };
/* PM_GETPROCS: fills buf with struct mx_psinfo entries; reply m_type = count. */
struct pm_getprocs  { uint32_t buf; uint32_t len; };
struct pm_sleep     { uint32_t ms; /* reply: */ uint32_t left_ms; };
struct pm_getepinfo { mx_endpoint_t ep; /* reply: */ mx_pid_t pid; mx_pid_t ppid; uint32_t flags; int32_t uid; };
struct pm_setuid    { int32_t uid; };
/*
 * PM_SRV_FORK (RS only): fork RS into a new system process named label.
 * Reply m_type = the child's endpoint; the child itself gets 0 and waits
 * (no privileges yet) until RS gives it its own.  PM_SRV_KILL (RS only):
 * end a system process (its files, memory and slot), at once: system
 * processes leave no zombie.
 */
struct pm_srv_fork  { char label[16]; };
struct pm_srv_kill  { mx_endpoint_t ep; int32_t sig; };

/* One process as PM_GETPROCS reports it (ps). */
struct mx_psinfo {
	mx_pid_t pid, ppid, pgrp;
	mx_endpoint_t ep;
	uint32_t pm_flags;      /* MX_PMF_* (tables.h) */
	uint32_t rts, misc;     /* kernel flags (procflags.h) */
	mx_endpoint_t peer;     /* SEND: destination; RECV: source */
	uint32_t user_ticks, sys_ticks;
	uint32_t priority;
	mx_pid_t tracer;
	char name[16];
};

/* ptrace requests (the seeds' T_*). */
#define MX_PTRACE_REQS(X) \
	X(T_STOP_UNUSED, -1, "(no T_STOP: stop a tracee with a signal)") \
	X(T_OK,        0, "trace me") \
	X(T_GETINS,    1, "read a word of text") \
	X(T_GETDATA,   2, "read a word of data") \
	X(T_GETUSER,   3, "read a word of the register frame (or priv, past its end)") \
	X(T_SETINS,    4, "write a word of text") \
	X(T_SETDATA,   5, "write a word of data") \
	X(T_SETUSER,   6, "write a word of the register frame") \
	X(T_RESUME,    7, "resume, delivering signal data") \
	X(T_EXIT,      8, "make the tracee exit") \
	X(T_STEP,      9, "single-step") \
	X(T_SYSCALL,  10, "resume, stopping at the next system-call entry or exit") \
	X(T_ATTACH,   11, "attach to a process") \
	X(T_DETACH,   12, "detach, resuming it") \
	X(T_SETOPT,   13, "set trace options (TO_*)")
#define MX_TO_TRACEFORK 0x1
#define MX_TO_ALTEXEC   0x2
/* A stop at a system call's entry or exit reports WSTOPSIG = SIGTRAP | MX_SYSCALL_STOP. */
#define MX_SYSCALL_STOP 0x80

/* Signal numbers (libc's signal.h uses these). */
#define MX_SIGNALS(X) \
	X(SIGHUP, 1) X(SIGINT, 2) X(SIGQUIT, 3) X(SIGILL, 4) X(SIGTRAP, 5) X(SIGABRT, 6) \
	X(SIGBUS, 7) X(SIGFPE, 8) X(SIGKILL, 9) X(SIGUSR1, 10) X(SIGSEGV, 11) X(SIGUSR2, 12) \
	X(SIGPIPE, 13) X(SIGALRM, 14) X(SIGTERM, 15) X(SIGSTKFLT, 16) X(SIGCHLD, 17) X(SIGCONT, 18) \
	X(SIGSTOP, 19) X(SIGTSTP, 20) X(SIGTTIN, 21) X(SIGTTOU, 22) X(SIGURG, 23) X(SIGWINCH, 28)
#define MX_NSIG 32

/* ---- PM to VFS ----------------------------------------------------------- */
struct vfs_pm_fork   { mx_endpoint_t parent; mx_endpoint_t child; mx_pid_t child_pid; };
struct vfs_pm_exit   { mx_endpoint_t ep; };
struct vfs_pm_setpid { mx_endpoint_t ep; mx_pid_t pid; };
/*
 * VFS_PM_EXEC: load path into ep.  VFS reads the ELF through the file
 * system, asks VM for the new address space (VM_EXEC_NEW), copies the
 * segments and the relocated frame; reply m_type 0 with pc/sp/ps filled,
 * or an error (the old image is then intact unless VM_EXEC_NEW succeeded,
 * in which case PM kills the process).
 */
struct vfs_pm_exec   { mx_endpoint_t ep; uint32_t path; uint32_t path_len; uint32_t frame; uint32_t frame_len;
                       /* reply: */ uint32_t pc, sp, ps; char name[16];
                       uint32_t lost;      /* on error: 1 if the old image is already gone */
                       mx_endpoint_t image_ep; /* MX_EXEC_IMAGE: whose memory holds the image */ };
/* VFS_PM_UNPAUSE: ep has a signal: end any call it is suspended in with EINTR. */
struct vfs_pm_unpause { mx_endpoint_t ep; };

MX_BODY_CHECK(struct pm_times);
MX_BODY_CHECK(struct vfs_pm_exec);

#endif

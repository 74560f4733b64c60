#ifndef _SIGNAL_H
#define _SIGNAL_H
#include <sys/types.h>
#include <mx/pm.h>

/* Signal numbers from the one list in mx/pm.h. */
enum {
#define LIBC_SIG_ENUM(name, num) name = num,
	MX_SIGNALS(LIBC_SIG_ENUM)
#undef LIBC_SIG_ENUM
};
#define NSIG MX_NSIG
#define SIGIOT SIGABRT

typedef uint32_t sigset_t;
typedef int sig_atomic_t;
typedef void (*sighandler_t)(int);

#define SIG_DFL ((sighandler_t)MX_SIG_DFL)
#define SIG_IGN ((sighandler_t)MX_SIG_IGN)
#define SIG_ERR ((sighandler_t)-1)

/* Laid out as struct mx_sigaction, so PM reads and writes it directly. */
struct sigaction {
	sighandler_t sa_handler;
	sigset_t sa_mask;
	int sa_flags;
};
#define SA_RESTART   MX_SA_RESTART
#define SA_NODEFER   MX_SA_NODEFER
#define SA_RESETHAND MX_SA_RESETHAND

#define SIG_BLOCK   MX_SIG_BLOCK
#define SIG_UNBLOCK MX_SIG_UNBLOCK
#define SIG_SETMASK MX_SIG_SETMASK

sighandler_t signal(int sig, sighandler_t handler);
int sigaction(int sig, const struct sigaction *act, struct sigaction *oact);
int sigprocmask(int how, const sigset_t *set, sigset_t *oset);
int sigsuspend(const sigset_t *mask);
int sigpending(sigset_t *set);
int kill(pid_t pid, int sig);
int killpg(pid_t pgrp, int sig);
int raise(int sig);
int sigemptyset(sigset_t *set);
int sigfillset(sigset_t *set);
int sigaddset(sigset_t *set, int sig);
int sigdelset(sigset_t *set, int sig);
int sigismember(const sigset_t *set, int sig);
const char *signame(int sig);          /* "SIGINT", or NULL */
extern const char *const sys_siglist[NSIG];
#endif

#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H
#include <sys/types.h>
#include <mx/pm.h>

/* The status layout is mx/pm.h's MX_W_*. */
#define WNOHANG   MX_WNOHANG
#define WUNTRACED MX_WUNTRACED
#define WEXITSTATUS(s) (((s) >> 8) & 0xff)
#define WTERMSIG(s)    ((s) & 0x7f)
#define WSTOPSIG(s)    WEXITSTATUS(s)
#define WIFEXITED(s)   (WTERMSIG(s) == 0)
#define WIFSTOPPED(s)  (((s) & 0xff) == 0x7f)
#define WIFSIGNALED(s) (WTERMSIG(s) != 0 && !WIFSTOPPED(s))
#define WCOREDUMP(s)   (((s) & MX_W_CORE) != 0)

pid_t wait(int *status);
pid_t waitpid(pid_t pid, int *status, int options);
#endif

/*
 * ptrace(2): T_* requests and TO_* options from os/include/mx/pm.h.
 *   long ptrace(int req, pid_t pid, long addr, long data);
 * T_GETINS, T_GETDATA and T_GETUSER return the word read (set errno to 0
 * first to tell a word of -1 from an error); the others return 0; every
 * error returns -1 with errno set (EPERM, ESRCH, EFAULT, EBUSY, EINVAL).
 * A stop at a system call reports WSTOPSIG(status) == (SIGTRAP | SYSCALL_STOP).
 */
#ifndef _SYS_PTRACE_H
#define _SYS_PTRACE_H
#include <sys/types.h>
#include <mx/pm.h>

enum {
#define LIBC_PT(name, num, text) name = num,
	MX_PTRACE_REQS(LIBC_PT)
#undef LIBC_PT
};
#define TO_TRACEFORK MX_TO_TRACEFORK
#define TO_ALTEXEC   MX_TO_ALTEXEC
#define SYSCALL_STOP MX_SYSCALL_STOP

long ptrace(int req, pid_t pid, long addr, long data);
#endif

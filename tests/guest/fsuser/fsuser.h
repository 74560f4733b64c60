/*
 * fsuser: the file-system suite's POSIX tests, run by an unprivileged user
 * process (forked and exec'd through PM like any program).  Results go to
 * /tmp/fsuser.log, one report line each, and /tmp/fsuser.done at the end;
 * fstest prints them (a user process has no console of its own yet).
 */
#ifndef FSUSER_H
#define FSUSER_H

#include <stdio.h>
#include "../fstest/ftest.h"
#include <mx/pm.h>

/* pm.c: raw PM calls */
int p_fork(void);                      /* child pid, or 0 in the child */
void p_exit(int status) __attribute__((noreturn));
int p_waitpid(int pid, int *status, int options);
int p_kill(int pid, int sig);
int p_sleep(uint32_t ms);
int p_getpid(void);
int p_exec(const char *path, const char *const argv[]);
int p_setpgid(int pid, int pgid);
int p_ignore(int sig);
int p_catch(int sig, void (*handler)(int));

/* Test lists (t_*.c) */
#define FSUSER_TESTS(X) \
	X(files_rw) X(files_big) X(files_truncate) X(files_append) X(files_unlinked_open) X(files_fill_disk) \
	X(dirs) X(dirs_getdents) X(rename) X(chdir_getcwd) X(dup_fcntl) X(errors) X(access_sync) \
	X(pipe_basic) X(pipe_nonblock) X(pipe_fork) X(pipe_bulk) X(pipe_epipe) X(select_pipe) \
	X(fork_shares_offset) X(exec) X(exec_errors) X(exit_while_blocked) X(signal_ends_pipe_read) \
	X(signal_ends_tty_read) X(exit_while_reading_tty) \
	X(mmap_file) X(dev_null_zero_kmem) X(tty) X(bad_vfs_requests) X(drivers_denied)
#define FSUSER_DECL(n) int t_##n(void);
FSUSER_TESTS(FSUSER_DECL)

int exec_child(int argc, char **argv);

#endif

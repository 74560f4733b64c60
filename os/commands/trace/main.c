/*
 * trace [-f] [-o FILE] COMMAND [ARG...]
 * trace [-f] [-o FILE] -p PID
 *
 * Print each system call of a process: its name, decoded arguments, result
 * (or errno by name) and the server the call went to (MX's system calls
 * are messages).  -f follows forks, -p attaches to a running process
 * (detached again when trace is interrupted), -o writes to FILE.  Signals
 * show as "--- SIGxxx ---" and are passed on; "+++ exited with N +++" ends.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <mx/callnr.h>
#include <mx/pm.h>
#include "trace.h"


#define MAXT 32
static struct call calls[MAXT];
static int in_call[MAXT];
static int follow, attached_pid;
static FILE *out;

static int slot(int pid)
{
	for (int i = 0; i < MAXT; i++)
		if (calls[i].pid == pid)
			return i;
	for (int i = 0; i < MAXT; i++)
		if (!calls[i].pid) {
			calls[i].pid = pid;
			in_call[i] = 0;
			return i;
		}
	return 0;
}

static const char *sig_name(int sig)
{
	switch (sig) {
#define S(name, num) case num: return #name;
	MX_SIGNALS(S)
#undef S
	}
	return "SIG?";
}

static void prefix(int pid)
{
	if (follow)
		fprintf(out, "[%d] ", pid);
}

/* A system-call stop: entry (decode the request) or exit (print the call and its result). */
static void syscall_stop(int pid)
{
	int i = slot(pid);
	struct call *c = &calls[i];
	if (!in_call[i]) {
		c->ipc = (int)pt_reg(pid, 11);
		c->server = (mx_endpoint_t)pt_reg(pid, 8);
		c->msg_addr = pt_reg(pid, 10);
		memset(&c->req, 0, sizeof(c->req));
		pt_read(pid, c->msg_addr, &c->req, sizeof(c->req));
		decode_entry(c);
		in_call[i] = 1;
		if (c->req.m_type == MX_PM_EXIT && c->ipc == MX_SENDREC) {
			prefix(pid);
			fprintf(out, "exit(%s) = ?\n", c->args);
		}
		return;
	}
	in_call[i] = 0;
	int result = (int)pt_reg(pid, 11);
	mx_message rep;
	memset(&rep, 0, sizeof(rep));
	if (c->ipc == MX_SENDREC)
		pt_read(pid, c->msg_addr, &rep, sizeof(rep));
	prefix(pid);
	decode_exit(c, result, &rep, out);
	fflush(out);
}

static void interrupted(int sig)
{
	(void)sig;
	if (attached_pid)
		pt(T_DETACH, attached_pid, 0, 0, NULL);
	_exit(130);
}

static void usage(int help)
{
	fprintf(help ? stdout : stderr, "usage: trace [-f] [-o FILE] COMMAND [ARG...]\n       trace [-f] [-o FILE] -p PID\n");
	if (help)
		printf("Run COMMAND (or attach to PID) under ptrace and print each system call: its\n"
		       "name, the server it went to, its arguments decoded and its result or error;\n"
		       "signals are marked.  -f follows forked children, -o writes to FILE.\n");
	exit(help ? 0 : 2);
}

int main(int argc, char **argv)
{
	int i = 1, pid = 0;
	out = stderr;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-f") == 0) {
			follow = 1;
		} else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
			if (!(out = fopen(argv[++i], "w"))) {
				fprintf(stderr, "trace: cannot write %s\n", argv[i]);
				return 1;
			}
		} else if (strcmp(argv[i], "-p") == 0 && i + 1 < argc) {
			pid = atoi(argv[++i]);
		} else {
			usage(strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0);
		}
	}
	if (!pid && i >= argc)
		usage(0);
	if (pid) {
		int r = pt(T_ATTACH, pid, 0, 0, NULL);
		if (r < 0) {
			fprintf(stderr, "trace: cannot attach to %d: %s\n", pid, mx_strerror(r));
			return 1;
		}
		attached_pid = pid;
		signal(SIGINT, interrupted);
		signal(SIGTERM, interrupted);
	} else {
		pid = fork();
		if (pid < 0) {
			perror("trace: fork");
			return 1;
		}
		if (pid == 0) {
			/* Stop first, so the tracer sees the execve itself. */
			pt(T_OK, 0, 0, 0, NULL);
			kill(getpid(), SIGSTOP);
			execvp(argv[i], argv + i);
			fprintf(stderr, "trace: %s: %s\n", argv[i], strerror(errno));
			_exit(127);
		}
	}
	int first = 1, live = 1;
	while (live > 0) {
		int status, w = waitpid(-1, &status, 0);
		if (w < 0)
			break;
		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			prefix(w);
			if (WIFEXITED(status))
				fprintf(out, "+++ exited with %d +++\n", WEXITSTATUS(status));
			else
				fprintf(out, "+++ killed by %s +++\n", sig_name(WTERMSIG(status)));
			calls[slot(w)].pid = 0;
			if (w == pid)
				live = 0;
			continue;
		}
		if (!WIFSTOPPED(status))
			continue;
		int sig = WSTOPSIG(status), pass = 0;
		if (first) {
			first = 0;
			pt(T_SETOPT, w, 0, follow ? MX_TO_TRACEFORK : 0, NULL);
		}
		if (sig == (SIGTRAP | MX_SYSCALL_STOP)) {
			syscall_stop(w);
		} else if (sig == SIGTRAP || sig == SIGSTOP) {
			/* the stop after exec, after attaching, or of a new child */
		} else {
			prefix(w);
			fprintf(out, "--- %s ---\n", sig_name(sig));
			pass = sig;
		}
		pt(T_SYSCALL, w, 0, (uint32_t)pass, NULL);
	}
	if (out != stderr)
		fclose(out);
	return 0;
}

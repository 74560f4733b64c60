/*
 * ptest.h: the POSIX guest tests' little framework (header only).  A test
 * program lists its cases and calls ptest_main(); each case returns 0 or
 * fails with CHECK(), and one line per case goes to standard output:
 *     TEST posix.<program>.<case> PASS
 *     TEST posix.<program>.<case> FAIL <why>
 * /bin/runtests runs the programs and adds up the lines.
 */
#ifndef PTEST_H
#define PTEST_H

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

struct ptest {
	const char *name;
	int (*fn)(void);
};

static char ptest_why[240];

/* Fail the current case with a message unless c holds. */
#define CHECK(c, ...) do { \
	if (!(c)) { \
		snprintf(ptest_why, sizeof(ptest_why), __VA_ARGS__); \
		return -1; \
	} \
} while (0)
/* A system call that must succeed: the message names it and errno. */
#define CHECK_SYS(c) CHECK((c) >= 0, "%s: %s (line %d)", #c, strerror(errno), __LINE__)
/* A system call that must fail with errno e. */
#define CHECK_ERR(c, e) do { \
	errno = 0; \
	long r_ = (long)(c); \
	CHECK(r_ == -1 && errno == (e), "%s: got %ld errno %s, want -1 %s (line %d)", #c, r_, \
	      strerrorname_np(errno) ? strerrorname_np(errno) : "0", strerrorname_np(e), __LINE__); \
} while (0)

/* How a wait status reads, for messages. */
static inline const char *ptest_status(int st)
{
	static char buf[48];
	if (WIFEXITED(st))
		snprintf(buf, sizeof(buf), "exit %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, sizeof(buf), "killed by %s", signame(WTERMSIG(st)) ? signame(WTERMSIG(st)) : "?");
	else if (WIFSTOPPED(st))
		snprintf(buf, sizeof(buf), "stopped by %s", signame(WSTOPSIG(st)) ? signame(WSTOPSIG(st)) : "?");
	else
		snprintf(buf, sizeof(buf), "status %#x", st);
	return buf;
}

/* Wait for pid; its wait status, or -1. */
static inline int ptest_wait(pid_t pid)
{
	int st;
	pid_t r;
	while ((r = waitpid(pid, &st, 0)) < 0 && errno == EINTR)
		;
	return r == pid ? st : -1;
}

/* Run fn in a child process; its wait status (e.g. to check that it dies of a signal). */
static inline int ptest_in_child(void (*fn)(void))
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		fn();
		_exit(0);
	}
	return pid < 0 ? -1 : ptest_wait(pid);
}

static inline int ptest_main(const char *prog, const struct ptest *t, int n)
{
	int fails = 0;
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 0; i < n; i++) {
		ptest_why[0] = 0;
		int r = t[i].fn();
		if (r == 0) {
			printf("TEST posix.%s.%s PASS\n", prog, t[i].name);
		} else {
			for (char *c = ptest_why; *c; c++)      /* one line per result */
				if (*c == '\n' || *c == '\r')
					*c = '|';
			printf("TEST posix.%s.%s FAIL %s\n", prog, t[i].name, ptest_why[0] ? ptest_why : "failed");
			fails++;
		}
		fflush(stdout);
	}
	return fails ? 1 : 0;
}

#define PTEST_COUNT(t) ((int)(sizeof(t) / sizeof((t)[0])))

#endif

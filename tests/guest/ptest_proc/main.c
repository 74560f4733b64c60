/*
 * ptest_proc: processes: fork, _exit and wait statuses, waitpid's options,
 * ids, exec with arguments and environment, PATH search, orphans adopted by
 * init, process groups, and many processes one after another.
 */
#include <fcntl.h>
#include "../include/ptest.h"

static int t_fork_wait(void)
{
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid == 0)
		_exit(getppid() == parent ? 42 : 1);
	CHECK_SYS(pid);
	int st = ptest_wait(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42, "child: %s (1: wrong ppid)", ptest_status(st));
	CHECK_ERR(wait(&st), ECHILD);
	return 0;
}

static int t_exit_codes(void)
{
	static const int codes[] = { 0, 1, 127, 255, 256 + 3 };
	for (int i = 0; i < 5; i++) {
		pid_t pid = fork();
		if (pid == 0)
			exit(codes[i]);
		int st = ptest_wait(pid);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == (codes[i] & 0xff), "exit(%d) gave %s", codes[i], ptest_status(st));
	}
	return 0;
}

static int t_wait_any_order(void)
{
	pid_t kids[4];
	for (int i = 0; i < 4; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			usleep((unsigned)(4 - i) * 20000);
			_exit(10 + i);
		}
		CHECK_SYS(kids[i]);
	}
	int seen = 0;
	for (int i = 0; i < 4; i++) {
		int st;
		pid_t r = wait(&st);
		CHECK(r > 0, "wait: %s", strerror(errno));
		int k = 0;
		while (k < 4 && kids[k] != r)
			k++;
		CHECK(k < 4, "wait returned a stranger %d", r);
		CHECK(WEXITSTATUS(st) == 10 + k, "child %d: %s", k, ptest_status(st));
		seen |= 1 << k;
	}
	CHECK(seen == 15, "children seen %#x", seen);
	return 0;
}

static int t_wnohang(void)
{
	int p[2];
	CHECK_SYS(pipe(p));
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		close(p[1]);
		read(p[0], &c, 1);                  /* until the parent says so */
		_exit(5);
	}
	close(p[0]);
	int st;
	CHECK(waitpid(pid, &st, WNOHANG) == 0, "WNOHANG on a running child did not return 0");
	write(p[1], "x", 1);
	close(p[1]);
	st = ptest_wait(pid);
	CHECK(WEXITSTATUS(st) == 5, "child: %s", ptest_status(st));
	CHECK_ERR(waitpid(pid, &st, WNOHANG), ECHILD);
	CHECK_ERR(waitpid(99999, &st, 0), ECHILD);
	return 0;
}

static int t_ids(void)
{
	CHECK(getpid() > 1, "getpid %d", getpid());
	CHECK(getppid() >= 1, "getppid %d", getppid());
	int p[2];
	CHECK_SYS(pipe(p));
	pid_t pid = fork();
	if (pid == 0) {
		pid_t me = getpid();
		write(p[1], &me, sizeof(me));
		_exit(0);
	}
	pid_t reported = 0;
	CHECK(read(p[0], &reported, sizeof(reported)) == sizeof(reported), "read pid");
	close(p[0]);
	close(p[1]);
	ptest_wait(pid);
	CHECK(reported == pid, "child says it is %d, fork said %d", reported, pid);
	CHECK(getuid() == 0, "uid %u", (unsigned)getuid());
	return 0;
}

static int t_exec(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(99);
	}
	int st = ptest_wait(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "/bin/true: %s", ptest_status(st));
	pid = fork();
	if (pid == 0) {
		execl("/bin/false", "false", (char *)NULL);
		_exit(99);
	}
	st = ptest_wait(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 1, "/bin/false: %s", ptest_status(st));
	return 0;
}

static int t_exec_fail(void)
{
	char *argv[] = { "nope", NULL };
	CHECK_ERR(execv("/bin/no-such-program", argv), ENOENT);
	CHECK_ERR(execv("/", argv), EACCES);
	/* Not an executable: exec fails and this process goes on. */
	int fd = open("/tmp/ptest_proc.notexec", O_WRONLY | O_CREAT | O_TRUNC, 0755);
	CHECK_SYS(fd);
	write(fd, "garbage, not ELF\n", 17);
	close(fd);
	errno = 0;
	CHECK(execv("/tmp/ptest_proc.notexec", argv) == -1, "exec of garbage returned");
	CHECK(errno == ENOEXEC || errno == EACCES, "exec of garbage: %s", strerror(errno));
	unlink("/tmp/ptest_proc.notexec");
	return 0;
}

/* exec self with arguments and environment; the new image checks them. */
static int t_exec_args_env(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { "ptest_proc", "--check-args", "one", "two words", "", NULL };
		char *envp[] = { "PTEST_A=alpha", "PTEST_B=", "PATH=/bin", NULL };
		execve("/bin/ptest_proc", argv, envp);
		_exit(99);
	}
	int st = ptest_wait(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the new image found: %s (2 argc, 3 argv, 4 env)", ptest_status(st));
	return 0;
}

static int check_args(int argc, char **argv)
{
	if (argc != 5)
		return 2;
	if (strcmp(argv[2], "one") || strcmp(argv[3], "two words") || strcmp(argv[4], ""))
		return 3;
	const char *a = getenv("PTEST_A"), *b = getenv("PTEST_B");
	if (!a || strcmp(a, "alpha") || !b || *b || getenv("HOME"))
		return 4;
	return 0;
}

static int t_execvp_path(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		setenv("PATH", "/nonexistent:/bin", 1);
		char *argv[] = { "false", NULL };
		execvp("false", argv);
		_exit(99);
	}
	int st = ptest_wait(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 1, "execvp false through PATH: %s", ptest_status(st));
	return 0;
}

/* A child's child outlives it: init adopts it (getppid becomes 1). */
static int t_orphan(void)
{
	int p[2];
	CHECK_SYS(pipe(p));
	pid_t pid = fork();
	if (pid == 0) {
		pid_t g = fork();
		if (g == 0) {
			pid_t pp = 0;
			for (int i = 0; i < 200 && (pp = getppid()) != 1; i++)
				usleep(10000);
			write(p[1], &pp, sizeof(pp));
			_exit(0);
		}
		_exit(0);
	}
	close(p[1]);
	ptest_wait(pid);
	pid_t pp = -1;
	CHECK(read(p[0], &pp, sizeof(pp)) == sizeof(pp), "the grandchild did not report");
	close(p[0]);
	CHECK(pp == 1, "orphan's parent is %d, not init", pp);
	return 0;
}

static int t_pgrp(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (setpgid(0, 0) < 0)
			_exit(2);
		_exit(getpgrp() == getpid() ? 0 : 3);
	}
	int st = ptest_wait(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child's own group: %s", ptest_status(st));
	CHECK_ERR(setpgid(99999, 0), ESRCH);
	pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	CHECK_SYS(setpgid(pid, pid));           /* the parent may move its child */
	CHECK_SYS(kill(-pid, SIGTERM));         /* and signal the whole group */
	st = ptest_wait(pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "group kill: %s", ptest_status(st));
	return 0;
}

static int t_many(void)
{
	for (int i = 0; i < 100; i++) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(i & 0x7f);
		CHECK(pid > 0, "fork %d: %s", i, strerror(errno));
		int st = ptest_wait(pid);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == (i & 0x7f), "child %d: %s", i, ptest_status(st));
	}
	return 0;
}

static int t_many_at_once(void)
{
	enum { N = 12 };                        /* ptest_vfsload goes past VFS's worker count */
	pid_t kids[N];
	int p[2];
	CHECK_SYS(pipe(p));
	for (int i = 0; i < N; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			char c;
			close(p[1]);
			read(p[0], &c, 1);
			_exit(0);
		}
		CHECK(kids[i] > 0, "fork %d: %s", i, strerror(errno));
	}
	close(p[0]);
	close(p[1]);                            /* everyone reads end of file and exits */
	for (int i = 0; i < N; i++) {
		int st = ptest_wait(kids[i]);
		CHECK(WIFEXITED(st), "child %d: %s", i, ptest_status(st));
	}
	return 0;
}

static const struct ptest tests[] = {
	{ "fork_wait", t_fork_wait },
	{ "exit_codes", t_exit_codes },
	{ "wait_any_order", t_wait_any_order },
	{ "wnohang", t_wnohang },
	{ "ids", t_ids },
	{ "exec", t_exec },
	{ "exec_fail", t_exec_fail },
	{ "exec_args_env", t_exec_args_env },
	{ "execvp_path", t_execvp_path },
	{ "orphan", t_orphan },
	{ "pgrp", t_pgrp },
	{ "many", t_many },
	{ "many_at_once", t_many_at_once },
};

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--check-args") == 0)
		return check_args(argc, argv);
	return ptest_main("proc", tests, PTEST_COUNT(tests));
}

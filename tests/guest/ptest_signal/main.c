/*
 * ptest_signal: handlers, sigaction's old action, SIG_IGN, masks and pending
 * signals, sigsuspend, SIGCHLD and wait statuses, kill between processes and
 * to process groups, alarm and pause, interrupted sleep, SA_RESETHAND,
 * SIGKILL that cannot be caught, SIGSTOP/SIGCONT, siglongjmp out of a handler.
 */
#include <setjmp.h>
#include <time.h>
#include "../include/ptest.h"

static volatile sig_atomic_t hits[NSIG];
static volatile sig_atomic_t inner_blocked;

static void count(int sig)
{
	hits[sig]++;
}

static void reset(void)
{
	for (int i = 0; i < NSIG; i++)
		hits[i] = 0;
	sigset_t none = 0;
	sigprocmask(SIG_SETMASK, &none, NULL);
}

static int t_handler(void)
{
	reset();
	struct sigaction sa = { count, 0, 0 }, old;
	CHECK_SYS(sigaction(SIGUSR1, &sa, &old));
	CHECK(old.sa_handler == SIG_DFL, "old action was not SIG_DFL");
	CHECK_SYS(raise(SIGUSR1));
	CHECK(hits[SIGUSR1] == 1, "handler ran %d times", hits[SIGUSR1]);
	CHECK_SYS(kill(getpid(), SIGUSR1));
	CHECK(hits[SIGUSR1] == 2, "handler ran %d times after kill", hits[SIGUSR1]);
	CHECK_SYS(sigaction(SIGUSR1, NULL, &old));
	CHECK(old.sa_handler == count, "sigaction did not report the handler");
	signal(SIGUSR1, SIG_DFL);
	return 0;
}

static int t_ignore(void)
{
	reset();
	CHECK(signal(SIGUSR2, SIG_IGN) != SIG_ERR, "signal: %s", strerror(errno));
	CHECK_SYS(raise(SIGUSR2));              /* ignored: we are still here */
	/* An ignored signal stays ignored across exec. */
	pid_t pid = fork();
	if (pid == 0) {
		execl("/bin/ptest_signal", "ptest_signal", "--raise", "12", (char *)NULL);
		_exit(99);
	}
	int st = ptest_wait(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "exec'd child raising SIGUSR2: %s", ptest_status(st));
	signal(SIGUSR2, SIG_DFL);
	return 0;
}

static int t_mask_pending(void)
{
	reset();
	signal(SIGUSR1, count);
	sigset_t set, old, pend;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK_SYS(sigprocmask(SIG_BLOCK, &set, &old));
	raise(SIGUSR1);
	raise(SIGUSR1);
	CHECK(hits[SIGUSR1] == 0, "a blocked signal was delivered");
	CHECK_SYS(sigpending(&pend));
	CHECK(sigismember(&pend, SIGUSR1) == 1, "SIGUSR1 not pending");
	CHECK_SYS(sigprocmask(SIG_SETMASK, &old, NULL));
	CHECK(hits[SIGUSR1] == 1, "unblocking delivered %d times (want once: signals do not queue)", hits[SIGUSR1]);
	CHECK_SYS(sigprocmask(SIG_BLOCK, NULL, &old));
	CHECK(!sigismember(&old, SIGUSR1), "mask still has SIGUSR1");
	signal(SIGUSR1, SIG_DFL);
	return 0;
}

static void check_blocked(int sig)
{
	sigset_t cur;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	inner_blocked = sigismember(&cur, sig) && sigismember(&cur, SIGUSR2);
	hits[sig]++;
}

/* During a handler its own signal and sa_mask are blocked; afterwards the old mask returns. */
static int t_handler_mask(void)
{
	reset();
	struct sigaction sa = { check_blocked, 1u << SIGUSR2, 0 };
	CHECK_SYS(sigaction(SIGUSR1, &sa, NULL));
	raise(SIGUSR1);
	CHECK(hits[SIGUSR1] == 1, "handler did not run");
	CHECK(inner_blocked, "SIGUSR1 and sa_mask were not blocked inside the handler");
	sigset_t cur;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	CHECK(cur == 0, "mask after the handler is %#x", (unsigned)cur);
	signal(SIGUSR1, SIG_DFL);
	return 0;
}

static int t_resethand(void)
{
	reset();
	struct sigaction sa = { count, 0, SA_RESETHAND }, old;
	CHECK_SYS(sigaction(SIGUSR1, &sa, NULL));
	raise(SIGUSR1);
	CHECK(hits[SIGUSR1] == 1, "handler did not run");
	CHECK_SYS(sigaction(SIGUSR1, NULL, &old));
	CHECK(old.sa_handler == SIG_DFL, "SA_RESETHAND did not restore SIG_DFL");
	return 0;
}

static int t_uncatchable(void)
{
	struct sigaction sa = { count, 0, 0 };
	CHECK_ERR(sigaction(SIGKILL, &sa, NULL), EINVAL);
	CHECK_ERR(sigaction(SIGSTOP, &sa, NULL), EINVAL);
	CHECK_ERR(sigaction(0, &sa, NULL), EINVAL);
	CHECK_ERR(sigaction(NSIG, &sa, NULL), EINVAL);
	CHECK_ERR(kill(getpid(), 1000), EINVAL);
	CHECK_ERR(kill(99999, SIGTERM), ESRCH);
	CHECK_SYS(kill(getpid(), 0));           /* signal 0: only checks */
	return 0;
}

static int t_default_kill(void)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGUSR1, SIGALRM, SIGKILL, SIGABRT };
	for (int i = 0; i < 6; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			for (;;)
				pause();
		}
		usleep(10000);
		CHECK_SYS(kill(pid, sigs[i]));
		int st = ptest_wait(pid);
		CHECK(WIFSIGNALED(st) && WTERMSIG(st) == sigs[i], "%s: %s", signame(sigs[i]), ptest_status(st));
	}
	return 0;
}

static int t_sigchld(void)
{
	reset();
	signal(SIGCHLD, count);
	pid_t pid = fork();
	if (pid == 0)
		_exit(3);
	for (int i = 0; i < 100 && !hits[SIGCHLD]; i++)
		usleep(10000);
	CHECK(hits[SIGCHLD] == 1, "SIGCHLD arrived %d times", hits[SIGCHLD]);
	int st = ptest_wait(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3, "child: %s", ptest_status(st));
	signal(SIGCHLD, SIG_DFL);
	return 0;
}

static void exit_7(int sig)
{
	_exit(7);
}

static int t_kill_other(void)
{
	int p[2];
	CHECK_SYS(pipe(p));
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGUSR1, exit_7);
		write(p[1], "r", 1);                   /* ready */
		for (;;)
			pause();
	}
	char c;
	CHECK(read(p[0], &c, 1) == 1, "child did not start");
	close(p[0]);
	close(p[1]);
	CHECK_SYS(kill(pid, SIGUSR1));
	int st = ptest_wait(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "child's handler: %s", ptest_status(st));
	return 0;
}

static int t_alarm_pause(void)
{
	reset();
	signal(SIGALRM, count);
	CHECK(alarm(1) == 0, "an alarm was already set");
	errno = 0;
	CHECK(pause() == -1 && errno == EINTR, "pause: %s", strerror(errno));
	CHECK(hits[SIGALRM] == 1, "SIGALRM %d times", hits[SIGALRM]);
	alarm(10);
	unsigned left = alarm(0);
	CHECK(left >= 9 && left <= 10, "alarm(0) said %u seconds were left", left);
	signal(SIGALRM, SIG_DFL);
	return 0;
}

static int t_sleep_interrupted(void)
{
	reset();
	signal(SIGALRM, count);
	alarm(1);
	unsigned left = sleep(5);
	CHECK(hits[SIGALRM] == 1, "no SIGALRM");
	CHECK(left >= 3 && left <= 5, "sleep(5) cut at 1 s left %u", left);
	struct timespec ts = { 0, 200 * 1000000 };
	CHECK_SYS(nanosleep(&ts, NULL));
	signal(SIGALRM, SIG_DFL);
	return 0;
}

static int t_sigsuspend(void)
{
	reset();
	signal(SIGUSR1, count);
	sigset_t block = 1u << SIGUSR1, old, waitmask = 0;
	sigprocmask(SIG_BLOCK, &block, &old);
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid == 0) {
		usleep(50000);
		kill(parent, SIGUSR1);
		_exit(0);
	}
	errno = 0;
	CHECK(sigsuspend(&waitmask) == -1 && errno == EINTR, "sigsuspend: %s", strerror(errno));
	CHECK(hits[SIGUSR1] == 1, "handler ran %d times", hits[SIGUSR1]);
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	CHECK(sigismember(&now, SIGUSR1), "sigsuspend did not restore the mask");
	sigprocmask(SIG_SETMASK, &old, NULL);
	ptest_wait(pid);
	signal(SIGUSR1, SIG_DFL);
	return 0;
}

static int t_stop_cont(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	usleep(10000);
	CHECK_SYS(kill(pid, SIGSTOP));
	int st;
	pid_t r = waitpid(pid, &st, WUNTRACED);
	CHECK(r == pid && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "after SIGSTOP: %s", ptest_status(st));
	CHECK_SYS(kill(pid, SIGCONT));
	CHECK_SYS(kill(pid, SIGTERM));
	st = ptest_wait(pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "after SIGCONT and SIGTERM: %s", ptest_status(st));
	return 0;
}

static sigjmp_buf jump;

static void jump_out(int sig)
{
	siglongjmp(jump, sig);
}

static int t_siglongjmp(void)
{
	reset();
	signal(SIGUSR1, jump_out);
	volatile int passes = 0;
	int r = sigsetjmp(jump, 1);
	passes++;
	if (r == 0) {
		raise(SIGUSR1);
		CHECK(0, "the handler returned instead of jumping");
	}
	CHECK(r == SIGUSR1 && passes == 2, "sigsetjmp returned %d after %d passes", r, passes);
	sigset_t cur;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	CHECK(!sigismember(&cur, SIGUSR1), "siglongjmp left SIGUSR1 blocked");
	signal(SIGUSR1, SIG_DFL);
	return 0;
}

static int t_group_kill(void)
{
	pid_t kids[3];
	pid_t leader = 0;
	for (int i = 0; i < 3; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			for (;;)
				pause();
		}
		if (!leader)
			leader = kids[i];
		CHECK_SYS(setpgid(kids[i], leader));
	}
	usleep(10000);
	CHECK_SYS(killpg(leader, SIGTERM));
	for (int i = 0; i < 3; i++) {
		int st = ptest_wait(kids[i]);
		CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "group member %d: %s", i, ptest_status(st));
	}
	return 0;
}

static const struct ptest tests[] = {
	{ "handler", t_handler },
	{ "ignore", t_ignore },
	{ "mask_pending", t_mask_pending },
	{ "handler_mask", t_handler_mask },
	{ "resethand", t_resethand },
	{ "uncatchable", t_uncatchable },
	{ "default_kill", t_default_kill },
	{ "sigchld", t_sigchld },
	{ "kill_other", t_kill_other },
	{ "alarm_pause", t_alarm_pause },
	{ "sleep_interrupted", t_sleep_interrupted },
	{ "sigsuspend", t_sigsuspend },
	{ "stop_cont", t_stop_cont },
	{ "siglongjmp", t_siglongjmp },
	{ "group_kill", t_group_kill },
};

int main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "--raise") == 0)
		return raise(atoi(argv[2])) == 0 ? 0 : 1;
	return ptest_main("signal", tests, PTEST_COUNT(tests));
}

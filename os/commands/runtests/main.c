/*
 * runtests [-x] [-s SUITE] [-t SECONDS] [PROGRAM...]: the guest test runner.
 * A PROGRAM without a '/' is looked up in /bin, then as /bin/ptest_PROGRAM.
 * (Not POSIX test(1): that is the shell's test/[ builtin.)
 *
 * Runs each test program (default: every /bin/ptest_* in name order), each
 * in its own process group with its standard output piped through the
 * runner, and reports in the format tests/harness/run_guest.py reads:
 *     TEST <suite>.<prog>.<case> PASS | FAIL <why>      (printed by the programs)
 *     TEST <suite>.<prog> FAIL <why>                    (a program that crashed,
 *                                                        hung or failed silently)
 *     SUITE <suite> DONE pass=N fail=M
 * A program that runs longer than SECONDS (default 60) is killed.  With -x
 * the runner then powers the machine off through PM_REBOOT: QEMU exits with
 * 0 if every test passed, 1 if not.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <mxlib.h>
#include <mx/kcall.h>

#define PREFIX "ptest_"

static const char *suite = "posix";
static int timeout_s = 60;
static int pass, fail;
static volatile int timed_out;

static void on_alarm(int sig)
{
	timed_out = 1;
}

static void report(const char *prog, const char *why)
{
	printf("TEST %s.%s FAIL %s\n", suite, prog, why);
	fflush(stdout);
	fail++;
}

/* Count and forward one line of a test's output. */
static void line(const char *prog, char *s, int *seen, int *seen_fail)
{
	char name[96], verdict[8];
	if (sscanf(s, "TEST %95s %7s", name, verdict) == 2 &&
	    (strcmp(verdict, "PASS") == 0 || strcmp(verdict, "FAIL") == 0)) {
		(*seen)++;
		if (verdict[0] == 'P') {
			pass++;
		} else {
			fail++;
			(*seen_fail)++;
		}
	}
	fputs(s, stdout);
	fputc('\n', stdout);
	fflush(stdout);
}

static void run_one(const char *prog)
{
	char path[300];
	snprintf(path, sizeof(path), "%s%s", strchr(prog, '/') ? "" : "/bin/", prog);
	if (!strchr(prog, '/') && access(path, X_OK) < 0)
		snprintf(path, sizeof(path), "/bin/" PREFIX "%s", prog);   /* "runtests pipe" runs ptest_pipe */
	const char *base = strrchr(path, '/') + 1;
	const char *shown = strncmp(base, PREFIX, strlen(PREFIX)) == 0 ? base + strlen(PREFIX) : base;
	int fds[2];
	if (pipe(fds) < 0) {
		report(shown, "runner: pipe failed");
		return;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		report(shown, "runner: fork failed");
		close(fds[0]);
		close(fds[1]);
		return;
	}
	if (pid == 0) {
		setpgid(0, 0);
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		signal(SIGALRM, SIG_DFL);
		execl(path, base, (char *)NULL);
		fprintf(stderr, "runtests: cannot run %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);
	close(fds[1]);
	timed_out = 0;
	alarm((unsigned)timeout_s);
	char buf[512];
	size_t len = 0;
	int seen = 0, seen_fail = 0;
	for (;;) {
		ssize_t n = read(fds[0], buf + len, sizeof(buf) - 1 - len);
		if (n < 0 && errno == EINTR) {
			if (timed_out)
				break;
			continue;
		}
		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = 0;
		char *s = buf, *nl;
		while ((nl = strchr(s, '\n'))) {
			*nl = 0;
			line(shown, s, &seen, &seen_fail);
			s = nl + 1;
		}
		len = strlen(s);
		memmove(buf, s, len + 1);
		if (len == sizeof(buf) - 1) {          /* a very long line: pass it on as it is */
			line(shown, buf, &seen, &seen_fail);
			len = 0;
		}
	}
	if (len) {
		buf[len] = 0;
		line(shown, buf, &seen, &seen_fail);
	}
	if (timed_out) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
	}
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	alarm(0);
	close(fds[0]);
	kill(-pid, SIGKILL);                        /* leftovers of its process group */
	char why[128];
	if (timed_out) {
		snprintf(why, sizeof(why), "timed out after %d s (%d results before)", timeout_s, seen);
		report(shown, why);
	} else if (WIFSIGNALED(st)) {
		snprintf(why, sizeof(why), "killed by %s after %d results", signame(WTERMSIG(st)) ? signame(WTERMSIG(st)) : "a signal", seen);
		report(shown, why);
	} else if (WEXITSTATUS(st) != 0 && seen_fail == 0) {
		snprintf(why, sizeof(why), "exit status %d with no failure reported", WEXITSTATUS(st));
		report(shown, why);
	} else if (seen == 0) {
		report(shown, "reported no results");
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every /bin/ptest_* program, sorted. */
static int find_tests(char ***out)
{
	DIR *d = opendir("/bin");
	int n = 0, cap = 16;
	char **v = malloc(sizeof(char *) * (size_t)cap);
	struct dirent *e;
	while (d && v && (e = readdir(d))) {
		if (strncmp(e->d_name, PREFIX, strlen(PREFIX)) != 0)
			continue;
		if (n == cap)
			v = realloc(v, sizeof(char *) * (size_t)(cap *= 2));
		if (v)
			v[n++] = strdup(e->d_name);
	}
	if (d)
		closedir(d);
	if (v)
		qsort(v, (size_t)n, sizeof(char *), cmp_str);
	*out = v;
	return v ? n : 0;
}

int main(int argc, char **argv)
{
	int poweroff = 0, c;
	while ((c = getopt(argc, argv, "xs:t:")) != -1) {
		switch (c) {
		case 'x': poweroff = 1; break;
		case 's': suite = optarg; break;
		case 't': timeout_s = atoi(optarg) > 0 ? atoi(optarg) : 60; break;
		default:
			fprintf(stderr, "usage: runtests [-x] [-s suite] [-t seconds] [program...]\n");
			return 2;
		}
	}
	signal(SIGALRM, on_alarm);
	signal(SIGPIPE, SIG_IGN);
	char **tests;
	int n;
	if (optind < argc) {
		tests = argv + optind;
		n = argc - optind;
	} else {
		n = find_tests(&tests);
	}
	printf("runtests: %d test program%s\n", n, n == 1 ? "" : "s");
	for (int i = 0; i < n; i++)
		run_one(tests[i]);
	printf("SUITE %s DONE pass=%d fail=%d\n", suite, pass, fail);
	fflush(stdout);
	if (poweroff) {
		sync();
		reboot(MX_ABORT_EXIT, fail || pass == 0 ? 1 : 0);
		fprintf(stderr, "runtests: power off failed: %s\n", strerror(errno));
	}
	return fail ? 1 : 0;
}

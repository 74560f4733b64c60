/*
 * init: the first user process (pid 1).
 *
 *   init                  run /etc/rc if it exists, then a shell on the console,
 *                         started again whenever it exits
 *   init CMD [ARGS...]    run CMD (found in /bin) instead first, then the shell
 *   init -p CMD [ARGS...] run CMD, then power the machine off: QEMU exits with
 *                         0 if CMD succeeded, 1 if not (for test runs)
 *
 * The boot command line splits arguments on spaces only, so a test image
 * names a program or a script: "init -p runtests -x" or "init sh /etc/rc.test".
 * Every orphan becomes init's child; init reaps them all.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>
#include <mxlib.h>
#include <mx/kcall.h>

static const char *const consoles[] = { "/dev/console", "/dev/tty", NULL };

/* The console as descriptors 0, 1 and 2. */
static void open_console(void)
{
	for (int i = 0; consoles[i]; i++) {
		int fd = open(consoles[i], O_RDWR);
		if (fd < 0)
			continue;
		if (fd != 0) {
			dup2(fd, 0);
			close(fd);
		}
		dup2(0, 1);
		dup2(0, 2);
		return;
	}
}

/* Start argv in a new session (its own process group, for the shell's job control). */
static pid_t start(char *const argv[])
{
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	setsid();
	tcsetpgrp(0, getpid());
	for (int s = 1; s < NSIG; s++)
		signal(s, SIG_DFL);
	execvp(argv[0], argv);
	fprintf(stderr, "init: cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* Reap children until pid exits; returns its wait status. */
static int wait_for(pid_t pid)
{
	for (;;) {
		int st;
		pid_t r = wait(&st);
		if (r == pid)
			return st;
		if (r < 0 && errno == ECHILD)
			return 0;
	}
}

static void describe(const char *what, int st)
{
	if (WIFSIGNALED(st))
		fprintf(stderr, "init: %s killed by %s\n", what, signame(WTERMSIG(st)) ? signame(WTERMSIG(st)) : "a signal");
	else if (WEXITSTATUS(st))
		fprintf(stderr, "init: %s exited with status %d\n", what, WEXITSTATUS(st));
}

int main(int argc, char **argv)
{
	open_console();
	setenv("PATH", "/bin", 1);
	setenv("HOME", "/", 1);
	setenv("TERM", "vt100", 0);
	chdir("/");
	/* Keyboard signals are for the foreground job, never for init. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);
	signal(SIGTTIN, SIG_IGN);
	signal(SIGTTOU, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGTERM, SIG_IGN);

	int a = 1, poweroff = 0;
	if (a < argc && strcmp(argv[a], "-p") == 0) {
		poweroff = 1;
		a++;
	}
	if (a < argc) {
		int st = wait_for(start(argv + a));
		describe(argv[a], st);
		if (poweroff) {
			int ok = WIFEXITED(st) && WEXITSTATUS(st) == 0;
			fflush(NULL);
			reboot(MX_ABORT_EXIT, ok ? 0 : 1);
			fprintf(stderr, "init: power off failed: %s\n", strerror(errno));
		}
	} else if (access("/etc/rc", R_OK) == 0) {
		char *rc[] = { "sh", "/etc/rc", NULL };
		describe("/etc/rc", wait_for(start(rc)));
	}

	char *sh[] = { "sh", NULL };
	time_t last = 0;
	int quick = 0;
	for (;;) {
		time_t now = time(NULL);
		quick = now - last < 2 ? quick + 1 : 0;
		last = now;
		if (quick >= 5) {
			fprintf(stderr, "init: the shell keeps exiting; waiting 10 seconds\n");
			sleep(10);
			quick = 0;
		}
		int st = wait_for(start(sh));
		describe("sh", st);
	}
}

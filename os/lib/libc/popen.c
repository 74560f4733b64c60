/* popen/pclose: a command run by /bin/sh -c with a pipe to or from it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

#define POPEN_MAX 8
static struct { FILE *f; pid_t pid; } kids[POPEN_MAX];

FILE *popen(const char *cmd, const char *mode)
{
	int reading = mode[0] == 'r';
	if ((mode[0] != 'r' && mode[0] != 'w') || mode[1]) {
		errno = EINVAL;
		return NULL;
	}
	int slot = 0;
	while (slot < POPEN_MAX && kids[slot].f)
		slot++;
	int fds[2];
	if (slot == POPEN_MAX) {
		errno = EMFILE;
		return NULL;
	}
	if (pipe(fds) < 0)
		return NULL;
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return NULL;
	}
	if (pid == 0) {
		dup2(fds[reading ? 1 : 0], reading ? 1 : 0);
		close(fds[0]);
		close(fds[1]);
		for (int i = 0; i < POPEN_MAX; i++)
			if (kids[i].f)
				close(fileno(kids[i].f));
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(fds[reading ? 1 : 0]);
	FILE *f = fdopen(fds[reading ? 0 : 1], mode);
	if (!f) {
		close(fds[reading ? 0 : 1]);
		waitpid(pid, NULL, 0);
		return NULL;
	}
	kids[slot].f = f;
	kids[slot].pid = pid;
	return f;
}

int pclose(FILE *f)
{
	int slot = 0;
	while (slot < POPEN_MAX && kids[slot].f != f)
		slot++;
	if (slot == POPEN_MAX) {
		errno = ECHILD;
		return -1;
	}
	pid_t pid = kids[slot].pid;
	kids[slot].f = NULL;
	fclose(f);
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return status;
}

/* kill [-s SIG | -SIG | -N] PID...: send a signal (default SIGTERM); kill -l lists the signals. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int sig_number(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);
	if (!*end && end != s)
		return n > 0 && n < NSIG ? (int)n : -1;
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (int i = 1; i < NSIG; i++)
		if (signame(i) && strcasecmp(signame(i) + 3, s) == 0)
			return i;
	return -1;
}

int main(int argc, char **argv)
{
	int sig = SIGTERM, i = 1;
	if (argc > 1 && strcmp(argv[1], "-l") == 0) {
		for (int s = 1; s < NSIG; s++)
			if (signame(s))
				printf("%2d %-8s %s\n", s, signame(s) + 3, sys_siglist[s] ? sys_siglist[s] : "");
		return 0;
	}
	if (i < argc && strcmp(argv[i], "-s") == 0 && i + 1 < argc) {
		sig = sig_number(argv[i + 1]);
		i += 2;
	} else if (i < argc && argv[i][0] == '-' && argv[i][1] && strcmp(argv[i], "--") != 0) {
		sig = sig_number(argv[i] + 1);
		i++;
	}
	if (sig < 0 || i >= argc) {
		fprintf(stderr, "usage: kill [-s sig | -sig] pid... | kill -l\n");
		return 1;
	}
	if (strcmp(argv[i], "--") == 0)
		i++;
	int status = 0;
	for (; i < argc; i++) {
		char *end;
		long pid = strtol(argv[i], &end, 10);
		if (*end || end == argv[i]) {
			fprintf(stderr, "kill: %s: not a process id\n", argv[i]);
			status = 1;
			continue;
		}
		if (kill((pid_t)pid, sig) < 0) {
			fprintf(stderr, "kill: %ld: %s\n", pid, strerror(errno));
			status = 1;
		}
	}
	return status;
}

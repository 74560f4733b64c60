/*
 * forkstorm [-p PARALLEL] [-s SECONDS] [-x PROGRAM]: keep PARALLEL
 * (default 4) children alive at all times for SECONDS (default 3), each a
 * fork and an exec of PROGRAM (default /bin/true) that is reaped and
 * replaced as soon as it exits.  Loads PM, VM (copy-on-write fork, fresh
 * address spaces), VFS (exec reads the binary) and the kernel's process
 * table.  Prints:
 *   forkstorm: 3 s, 4 at a time: 412 fork+exec+exit, 137/s, 0 failed
 * Exit status 0 if every child ran and exited 0.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	int parallel = 4, c;
	int seconds = 3;
	const char *prog = "/bin/true";
	while ((c = getopt(argc, argv, "p:s:x:h")) != -1) {
		switch (c) {
		case 'p': parallel = atoi(optarg); break;
		case 's': seconds = atoi(optarg); break;
		case 'x': prog = optarg; break;
		default:
			fprintf(c == 'h' ? stdout : stderr, "usage: forkstorm [-p PARALLEL] [-s SECONDS] [-x PROGRAM]\n"
				"Fork and exec PROGRAM (default /bin/true) as fast as possible, PARALLEL at a time.\n");
			return c == 'h' ? 0 : 2;
		}
	}
	if (parallel < 1 || parallel > 32 || seconds <= 0) {
		fprintf(stderr, "forkstorm: PARALLEL 1..32, SECONDS > 0\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	double start = now(), end = start + seconds;
	int running = 0, done = 0, failed = 0, fork_errors = 0, st;
	for (;;) {
		while (running < parallel && now() < end) {
			pid_t pid = fork();
			if (pid == 0) {
				execl(prog, prog, (char *)NULL);
				_exit(127);
			}
			if (pid < 0) {
				if (fork_errors++ < 3)
					fprintf(stderr, "forkstorm: fork: %s\n", strerror(errno));
				break;
			}
			running++;
		}
		if (!running)
			break;
		pid_t w = wait(&st);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		running--;
		done++;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			failed++;
	}
	double dt = now() - start;
	printf("forkstorm: %d s, %d at a time: %d fork+exec+exit, %d/s, %d failed, %d fork errors\n", seconds,
	       parallel, done, (int)(done / (dt > 0 ? dt : 1)), failed, fork_errors);
	return failed || !done;
}

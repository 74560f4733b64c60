/*
 * fsstorm [-p PROCS] [-s SECONDS] [-k MAX_KB] [-d DIR]: many processes
 * reading and writing files at once, through VFS, the file system and the
 * RAM disk.  Each of PROCS workers (default 4) loops for SECONDS (default
 * 3): create DIR/fsstorm.<pid>.<n> (DIR default /tmp), write a pattern of
 * up to MAX_KB (default 16) KB in chunks of varying size, read it back and
 * compare, stat it, unlink it.  Prints one line per worker and a total:
 *   fsstorm: 4 workers, 3 s: 812 files, 6.1 MB written and read back, 0 errors
 * Exit status 0 if no worker saw an error or a wrong byte.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint32_t rnd_state;
static uint32_t rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return rnd_state >> 8;
}

struct tally { uint32_t files, kb, errors; };

static void fail(struct tally *t, const char *what, const char *path)
{
	if (t->errors++ < 5)
		fprintf(stderr, "fsstorm[%d]: %s %s: %s\n", (int)getpid(), what, path, strerror(errno));
}

static int one_file(const char *dir, uint32_t n, uint32_t max, struct tally *t)
{
	static uint8_t out[64 * 1024], in[64 * 1024];
	char path[96];
	snprintf(path, sizeof(path), "%s/fsstorm.%d.%u", dir, (int)getpid(), n);
	uint32_t len = 1 + rnd() % max, seed = rnd();
	for (uint32_t i = 0; i < len; i++)
		out[i] = (uint8_t)(seed + i * 7 + (i >> 9));
	int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
	if (fd < 0) {
		fail(t, "create", path);
		return -1;
	}
	for (uint32_t off = 0; off < len; ) {
		uint32_t k = 1 + rnd() % 6000;
		if (k > len - off)
			k = len - off;
		ssize_t w = write(fd, out + off, k);
		if (w != (ssize_t)k) {
			fail(t, "write", path);
			close(fd);
			unlink(path);
			return -1;
		}
		off += k;
	}
	memset(in, 0, len);
	ssize_t r = lseek(fd, 0, SEEK_SET) == 0 ? read(fd, in, len) : -1;
	if (r != (ssize_t)len || memcmp(in, out, len) != 0) {
		errno = r < 0 ? errno : EIO;
		fail(t, "read back", path);
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || st.st_size != (off_t)len) {
		errno = EIO;
		fail(t, "size of", path);
	}
	close(fd);
	if (unlink(path) < 0)
		fail(t, "unlink", path);
	t->files++;
	t->kb += (len + 1023) / 1024;
	return 0;
}

static int worker(int id, const char *dir, int seconds, uint32_t max, int out_fd)
{
	struct tally t = { 0, 0, 0 };
	rnd_state = 0x9e3779b9u * (uint32_t)(id + 1);
	double end = now() + seconds;
	for (uint32_t n = 0; now() < end; n++)
		one_file(dir, n, max, &t);
	if (write(out_fd, &t, sizeof(t)) != sizeof(t))
		return 1;
	return t.errors ? 1 : 0;
}

int main(int argc, char **argv)
{
	int procs = 4, c;
	int seconds = 3;
	uint32_t max_kb = 16;
	const char *dir = "/tmp";
	while ((c = getopt(argc, argv, "p:s:k:d:h")) != -1) {
		switch (c) {
		case 'p': procs = atoi(optarg); break;
		case 's': seconds = atoi(optarg); break;
		case 'k': max_kb = (uint32_t)atoi(optarg); break;
		case 'd': dir = optarg; break;
		default:
			fprintf(c == 'h' ? stdout : stderr, "usage: fsstorm [-p PROCS] [-s SECONDS] [-k MAX_KB] [-d DIR]\n"
				"Many processes creating, writing, reading back and removing files at once.\n");
			return c == 'h' ? 0 : 2;
		}
	}
	if (procs < 1 || procs > 64 || seconds <= 0 || max_kb < 1 || max_kb > 64) {
		fprintf(stderr, "fsstorm: PROCS 1..64, SECONDS > 0, MAX_KB 1..64\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	int p[2];
	if (pipe(p) < 0) {
		perror("fsstorm: pipe");
		return 1;
	}
	for (int i = 0; i < procs; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			close(p[0]);
			_exit(worker(i, dir, seconds, max_kb * 1024, p[1]));
		}
		if (pid < 0) {
			perror("fsstorm: fork");
			procs = i;
			break;
		}
	}
	close(p[1]);
	struct tally sum = { 0, 0, 0 }, t;
	int got = 0, bad = 0, st;
	while (read(p[0], &t, sizeof(t)) == sizeof(t)) {
		sum.files += t.files;
		sum.kb += t.kb;
		sum.errors += t.errors;
		got++;
	}
	while (wait(&st) > 0)
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			bad++;
	printf("fsstorm: %d workers, %d s: %u files, %u KB written and read back, %u errors%s\n", procs, seconds,
	       sum.files, sum.kb, sum.errors, got == procs ? "" : " (a worker did not report)");
	return sum.errors || bad || got != procs || !sum.files;
}

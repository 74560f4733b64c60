/*
 * ptest_pipe: pipes: reading and writing, end of file when the writers are
 * gone, EPIPE and SIGPIPE when the readers are gone, a large transfer
 * between processes, dup2 into a program's standard input and output, a
 * reader that blocks until data comes, and what fstat and lseek say.
 */
#include <fcntl.h>
#include <sys/select.h>
#include <sys/stat.h>
#include "../include/ptest.h"

static int t_basic(void)
{
	int p[2];
	char buf[16];
	CHECK_SYS(pipe(p));
	CHECK(write(p[1], "hello", 5) == 5, "write: %s", strerror(errno));
	CHECK(read(p[0], buf, sizeof(buf)) == 5 && memcmp(buf, "hello", 5) == 0, "read back");
	CHECK_SYS(close(p[1]));
	CHECK(read(p[0], buf, sizeof(buf)) == 0, "no end of file after the writer closed");
	CHECK_SYS(close(p[0]));
	CHECK_ERR(write(p[1], "x", 1), EBADF);
	return 0;
}

static int t_epipe(void)
{
	int p[2];
	CHECK_SYS(pipe(p));
	close(p[0]);
	signal(SIGPIPE, SIG_IGN);
	CHECK_ERR(write(p[1], "x", 1), EPIPE);
	signal(SIGPIPE, SIG_DFL);
	pid_t pid = fork();
	if (pid == 0) {
		write(p[1], "x", 1);
		_exit(0);
	}
	int st = ptest_wait(pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE, "writer to a pipe without readers: %s", ptest_status(st));
	close(p[1]);
	return 0;
}

static int t_big_transfer(void)
{
	enum { TOTAL = 256 * 1024 };
	int p[2];
	CHECK_SYS(pipe(p));
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		unsigned char buf[1000];
		for (int sent = 0; sent < TOTAL; ) {
			int n = TOTAL - sent < (int)sizeof(buf) ? TOTAL - sent : (int)sizeof(buf);
			for (int i = 0; i < n; i++)
				buf[i] = (unsigned char)((sent + i) * 7);
			int w = (int)write(p[1], buf, (size_t)n);
			if (w <= 0)
				_exit(2);
			sent += w;
		}
		_exit(0);
	}
	close(p[1]);
	unsigned char buf[777];
	int got = 0, bad = -1;
	for (;;) {
		ssize_t n = read(p[0], buf, sizeof(buf));
		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] != (unsigned char)((got + i) * 7) && bad < 0)
				bad = got + (int)i;
		got += (int)n;
	}
	close(p[0]);
	int st = ptest_wait(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "writer: %s", ptest_status(st));
	CHECK(got == TOTAL, "received %d of %d bytes", got, TOTAL);
	CHECK(bad < 0, "byte %d is wrong", bad);
	return 0;
}

static int t_blocking_read(void)
{
	int p[2];
	CHECK_SYS(pipe(p));
	pid_t pid = fork();
	if (pid == 0) {
		usleep(200000);
		write(p[1], "late", 4);
		_exit(0);
	}
	close(p[1]);
	char buf[8];
	ssize_t n = read(p[0], buf, sizeof(buf));
	CHECK(n == 4 && memcmp(buf, "late", 4) == 0, "read returned %d", (int)n);
	close(p[0]);
	ptest_wait(pid);
	return 0;
}

/* echo data | cat, wired by hand: cat's output comes back through a second pipe. */
static int t_through_program(void)
{
	int in[2], out[2];
	CHECK_SYS(pipe(in));
	CHECK_SYS(pipe(out));
	pid_t pid = fork();
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[0]); close(in[1]); close(out[0]); close(out[1]);
		execl("/bin/cat", "cat", (char *)NULL);
		_exit(99);
	}
	close(in[0]);
	close(out[1]);
	write(in[1], "through cat\n", 12);
	close(in[1]);
	char buf[64];
	int got = 0;
	ssize_t n;
	while ((n = read(out[0], buf + got, sizeof(buf) - 1 - (size_t)got)) > 0)
		got += (int)n;
	buf[got] = 0;
	close(out[0]);
	int st = ptest_wait(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "cat: %s", ptest_status(st));
	CHECK(strcmp(buf, "through cat\n") == 0, "cat gave '%s'", buf);
	return 0;
}

static int t_stat_seek(void)
{
	int p[2];
	CHECK_SYS(pipe(p));
	struct stat st;
	CHECK_SYS(fstat(p[0], &st));
	CHECK(S_ISFIFO(st.st_mode), "fstat mode %o is not a FIFO", (unsigned)st.st_mode);
	CHECK_ERR(lseek(p[0], 0, SEEK_SET), ESPIPE);
	CHECK_ERR(write(p[0], "x", 1), EBADF);
	char c;
	CHECK_ERR(read(p[1], &c, 1), EBADF);
	close(p[0]);
	close(p[1]);
	return 0;
}

static int t_many_pipes(void)
{
	int fds[20];
	int n = 0;
	for (; n < 20; n += 2)
		CHECK(pipe(fds + n) == 0, "pipe %d: %s", n / 2, strerror(errno));
	for (int i = 0; i < n; i += 2) {
		char c = (char)('a' + i);
		CHECK(write(fds[i + 1], &c, 1) == 1, "write");
	}
	for (int i = 0; i < n; i += 2) {
		char c = 0;
		CHECK(read(fds[i], &c, 1) == 1 && c == 'a' + i, "pipe %d mixed up", i / 2);
		close(fds[i]);
		close(fds[i + 1]);
	}
	return 0;
}

static int t_nonblock(void)
{
	int p[2];
	CHECK_SYS(pipe(p));
	int fl = fcntl(p[0], F_GETFL);
	CHECK_SYS(fl);
	CHECK_SYS(fcntl(p[0], F_SETFL, fl | O_NONBLOCK));
	char c;
	CHECK_ERR(read(p[0], &c, 1), EAGAIN);
	close(p[0]);
	close(p[1]);
	return 0;
}

static int t_select(void)
{
	int p[2];
	CHECK_SYS(pipe(p));
	fd_set rd, wr;
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	struct timeval tv = { 0, 100000 };
	CHECK(select(p[0] + 1, &rd, NULL, NULL, &tv) == 0, "an empty pipe is readable");
	FD_ZERO(&wr);
	FD_SET(p[1], &wr);
	CHECK(select(p[1] + 1, NULL, &wr, NULL, &tv) == 1 && FD_ISSET(p[1], &wr), "an empty pipe is not writable");
	pid_t pid = fork();
	if (pid == 0) {
		usleep(100000);
		write(p[1], "s", 1);
		_exit(0);
	}
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	int n = select(p[0] + 1, &rd, NULL, NULL, NULL);    /* waits for the child */
	CHECK(n == 1 && FD_ISSET(p[0], &rd), "select for the child's write returned %d", n);
	ptest_wait(pid);
	close(p[0]);
	close(p[1]);
	return 0;
}

static const struct ptest tests[] = {
	{ "basic", t_basic },
	{ "epipe", t_epipe },
	{ "big_transfer", t_big_transfer },
	{ "blocking_read", t_blocking_read },
	{ "through_program", t_through_program },
	{ "stat_seek", t_stat_seek },
	{ "many_pipes", t_many_pipes },
	{ "nonblock", t_nonblock },
	{ "select", t_select },
};

int main(void)
{
	return ptest_main("pipe", tests, PTEST_COUNT(tests));
}

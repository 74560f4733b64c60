/*
 * ptest_vfsload: VFS under load (named to run last: if VFS wedges, the
 * other programs have already reported).  Many processes blocked at once
 * in reads of pipes (more than VFS has worker threads), then released;
 * many processes writing and reading their own files at the same time.
 */
#include <fcntl.h>
#include "../include/ptest.h"

static int blocked_readers(int n)
{
	int p[2];
	CHECK_SYS(pipe(p));
	pid_t kids[64];
	for (int i = 0; i < n; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			char c;
			close(p[1]);
			_exit(read(p[0], &c, 1) == 1 ? 0 : 1);
		}
		CHECK(kids[i] > 0, "fork %d: %s", i, strerror(errno));
	}
	close(p[0]);
	usleep(200000);                             /* let them all block */
	for (int i = 0; i < n; i++)
		CHECK(write(p[1], "x", 1) == 1, "write %d: %s", i, strerror(errno));
	close(p[1]);
	for (int i = 0; i < n; i++) {
		int st = ptest_wait(kids[i]);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "reader %d: %s", i, ptest_status(st));
	}
	return 0;
}

static int t_blocked_readers_8(void) { return blocked_readers(8); }
static int t_blocked_readers_40(void) { return blocked_readers(40); }

static int t_parallel_files(void)
{
	enum { N = 10, SIZE = 40 * 1024 };
	pid_t kids[N];
	for (int i = 0; i < N; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			char name[64], buf[1024];
			snprintf(name, sizeof(name), "/tmp/ptest_vfsload.%d", i);
			int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0644);
			if (fd < 0)
				_exit(2);
			memset(buf, 'a' + i, sizeof(buf));
			for (int k = 0; k < SIZE / 1024; k++)
				if (write(fd, buf, sizeof(buf)) != sizeof(buf))
					_exit(3);
			lseek(fd, 0, SEEK_SET);
			for (int k = 0; k < SIZE / 1024; k++) {
				if (read(fd, buf, sizeof(buf)) != sizeof(buf))
					_exit(4);
				for (size_t j = 0; j < sizeof(buf); j++)
					if (buf[j] != 'a' + i)
						_exit(5);
			}
			close(fd);
			unlink(name);
			_exit(0);
		}
		CHECK(kids[i] > 0, "fork %d: %s", i, strerror(errno));
	}
	for (int i = 0; i < N; i++) {
		int st = ptest_wait(kids[i]);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "writer %d: %s (2 open, 3 write, 4 read, 5 data)", i, ptest_status(st));
	}
	return 0;
}

static const struct ptest tests[] = {
	{ "blocked_readers_8", t_blocked_readers_8 },
	{ "parallel_files", t_parallel_files },
	{ "blocked_readers_40", t_blocked_readers_40 },
};

int main(void)
{
	return ptest_main("vfsload", tests, PTEST_COUNT(tests));
}

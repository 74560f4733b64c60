/* Pipes and select, within one process and between a parent and a child. */
#include "fsuser.h"

#define SIGPIPE 13

static uint8_t buf[16 * 1024];

int t_pipe_basic(void)
{
	int p[2];
	char b[16];
	struct mx_stat st;
	T_EQ(v_pipe(p, 0), 0, "pipe");
	T_EQ(v_write(p[1], "abc", 3), 3, "write");
	T_OK(v_fstat(p[0], &st), "fstat");
	T_CHECK(MX_S_ISFIFO(st.mode), "fstat mode %o is not a FIFO", st.mode);
	T_EQ(st.size, 3, "bytes in the pipe");
	T_EQ(v_read(p[0], b, 2), 2, "read part");
	T_EQ(v_read(p[0], b + 2, 10), 1, "read the rest (no waiting for more)");
	T_CHECK(memcmp(b, "abc", 3) == 0, "wrong bytes");
	T_EQ(v_write(p[0], "x", 1), -MX_EBADF, "write to the read end");
	T_EQ(v_read(p[1], b, 1), -MX_EBADF, "read from the write end");
	T_EQ(v_lseek(p[0], 0, MX_SEEK_SET), -MX_ESPIPE, "lseek on a pipe");
	T_EQ(v_write(p[1], "", 0), 0, "empty write");
	T_EQ(v_close(p[1]), 0, "close the write end");
	T_EQ(v_read(p[0], b, 10), 0, "end of file once the writers are gone");
	return v_close(p[0]);
}

int t_pipe_nonblock(void)
{
	int p[2];
	T_EQ(v_pipe(p, MX_O_NONBLOCK), 0, "pipe O_NONBLOCK");
	T_EQ(v_read(p[0], buf, 1), -MX_EAGAIN, "read an empty pipe");
	memset(buf, 'z', MX_PIPE_SIZE);
	T_EQ(v_write(p[1], buf, MX_PIPE_SIZE), MX_PIPE_SIZE, "fill the pipe");
	T_EQ(v_write(p[1], buf, 1), -MX_EAGAIN, "write to a full pipe");
	T_EQ(v_read(p[0], buf, 100), 100, "read some");
	T_EQ(v_write(p[1], buf, 200), -MX_EAGAIN, "atomic write that does not fit");
	T_EQ(v_write(p[1], buf, 100), 100, "atomic write that fits");
	v_close(p[0]);
	v_close(p[1]);
	return 0;
}

int t_pipe_fork(void)
{
	int p[2], status;
	char b[16];
	T_EQ(v_pipe(p, 0), 0, "pipe");
	int pid = p_fork();
	T_OK(pid, "fork");
	if (pid == 0) {
		v_close(p[0]);
		p_sleep(100);
		v_write(p[1], "ping", 4);
		p_exit(0);
	}
	v_close(p[1]);
	T_EQ(v_read(p[0], b, sizeof(b)), 4, "blocking read gets the child's write");
	T_CHECK(memcmp(b, "ping", 4) == 0, "wrong bytes");
	T_EQ(v_read(p[0], b, sizeof(b)), 0, "end of file when the child exits");
	T_EQ(p_waitpid(pid, &status, 0), pid, "waitpid");
	T_EQ(status, MX_W_EXITED(0), "child status");
	return v_close(p[0]);
}

/* 160 KiB through a 4 KiB pipe: both sides wait for each other many times. */
int t_pipe_bulk(void)
{
	const uint32_t total = 160 * 1024;
	int p[2], status;
	T_EQ(v_pipe(p, 0), 0, "pipe");
	int pid = p_fork();
	T_OK(pid, "fork");
	if (pid == 0) {
		v_close(p[0]);
		for (uint32_t off = 0; off < total; off += 10000) {
			uint32_t n = total - off < 10000 ? total - off : 10000;
			for (uint32_t i = 0; i < n; i++)
				buf[i] = (uint8_t)((off + i) % 251);
			if (v_write(p[1], buf, n) != (int)n)
				p_exit(1);
		}
		p_exit(0);
	}
	v_close(p[1]);
	uint32_t got = 0;
	int n;
	while ((n = v_read(p[0], buf, 3000)) > 0) {
		for (int i = 0; i < n; i++)
			T_CHECK(buf[i] == (uint8_t)((got + (uint32_t)i) % 251), "byte %u is wrong", got + (uint32_t)i);
		got += (uint32_t)n;
	}
	T_EQ(n, 0, "last read");
	T_EQ(got, total, "bytes through the pipe");
	T_EQ(p_waitpid(pid, &status, 0), pid, "waitpid");
	T_EQ(status, MX_W_EXITED(0), "writer's status");
	return v_close(p[0]);
}

int t_pipe_epipe(void)
{
	int p[2], status;
	T_EQ(v_pipe(p, 0), 0, "pipe");
	v_close(p[0]);
	int pid = p_fork();
	T_OK(pid, "fork");
	if (pid == 0) {
		v_write(p[1], "x", 1);               /* SIGPIPE kills us */
		p_exit(1);
	}
	T_EQ(p_waitpid(pid, &status, 0), pid, "waitpid");
	T_EQ(status, MX_W_SIGNALED(SIGPIPE), "writer killed by SIGPIPE");
	pid = p_fork();
	T_OK(pid, "fork");
	if (pid == 0) {
		p_ignore(SIGPIPE);
		p_exit(v_write(p[1], "x", 1) == -MX_EPIPE ? 0 : 1);
	}
	T_EQ(p_waitpid(pid, &status, 0), pid, "waitpid");
	T_EQ(status, MX_W_EXITED(0), "write without readers is EPIPE when SIGPIPE is ignored");
	return v_close(p[1]);
}

int t_select_pipe(void)
{
	int p[2], status;
	uint32_t rd, wr;
	T_EQ(v_pipe(p, 0), 0, "pipe");
	rd = 1u << p[0];
	T_EQ(v_select(32, &rd, NULL, 0), 0, "poll an empty pipe");
	rd = 1u << p[0];
	T_EQ(v_select(32, &rd, NULL, 100), 0, "select times out");
	rd = 1u << p[0];
	wr = 1u << p[1];
	T_EQ(v_select(32, &rd, &wr, -1), 1, "the write end is ready");
	T_EQ(wr, 1u << p[1], "ready write set");
	T_EQ(v_write(p[1], "s", 1), 1, "write");
	rd = 1u << p[0];
	T_EQ(v_select(32, &rd, NULL, -1), 1, "the read end is ready");
	T_EQ(rd, 1u << p[0], "ready read set");
	T_EQ(v_read(p[0], buf, 10), 1, "read");
	int pid = p_fork();
	T_OK(pid, "fork");
	if (pid == 0) {
		p_sleep(150);
		v_write(p[1], "late", 4);
		p_exit(0);
	}
	rd = 1u << p[0];
	T_EQ(v_select(32, &rd, NULL, 5000), 1, "select wakes when the child writes");
	T_EQ(v_read(p[0], buf, 10), 4, "read");
	T_EQ(p_waitpid(pid, &status, 0), pid, "waitpid");
	rd = 1u << 30;
	T_EQ(v_select(32, &rd, NULL, 0), -MX_EBADF, "select on a closed descriptor");
	T_EQ(v_select(33, NULL, NULL, 0), -MX_EINVAL, "select with nfds 33");
	v_close(p[0]);
	v_close(p[1]);
	return 0;
}

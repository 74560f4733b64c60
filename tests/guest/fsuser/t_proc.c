/* Descriptors across fork, exec and exit (VFS_PM_FORK, VFS_PM_EXEC, VFS_PM_EXIT). */
#include "fsuser.h"

int t_fork_shares_offset(void)
{
	int status;
	int fd = v_open("/tmp/shared", MX_O_CREAT | MX_O_RDWR | MX_O_TRUNC, 0644);
	T_OK(fd, "open");
	int pid = p_fork();
	T_OK(pid, "fork");
	if (pid == 0)
		p_exit(v_write(fd, "child", 5) == 5 ? 0 : 1);
	T_EQ(p_waitpid(pid, &status, 0), pid, "waitpid");
	T_EQ(status, MX_W_EXITED(0), "child status");
	T_EQ(v_lseek(fd, 0, MX_SEEK_CUR), 5, "the child's write moved the shared offset");
	v_close(fd);
	return v_unlink("/tmp/shared");
}

/* Run as "fsuser exec-child CLOEXEC_FD KEPT_FD" by t_exec. */
int exec_child(int argc, char **argv)
{
	char cwd[64];
	int bad = 0;
	if (argc != 4)
		return 10;
	int closed = argv[2][0] - '0', kept = argv[3][0] - '0';
	if (v_fcntl(closed, MX_F_GETFD, 0) != -MX_EBADF)
		bad |= 1;                            /* close-on-exec was not closed */
	if (v_fcntl(kept, MX_F_GETFD, 0) != 0)
		bad |= 2;                            /* an ordinary descriptor did not survive */
	if (v_getcwd(cwd, sizeof(cwd)) < 0 || strcmp(cwd, "/tmp") != 0)
		bad |= 4;                            /* the working directory did not survive */
	if (v_write(kept, "exec ok", 7) != 7)
		bad |= 8;
	return bad ? bad : 42;
}

int t_exec(void)
{
	int status;
	char b[16];
	int fd = v_open("/tmp/exec.out", MX_O_CREAT | MX_O_RDWR | MX_O_TRUNC, 0644);
	T_OK(fd, "open");
	int pid = p_fork();
	T_OK(pid, "fork");
	if (pid == 0) {
		int c = v_open("/tmp/exec.out", MX_O_RDONLY | MX_O_CLOEXEC, 0);
		char a2[2] = { (char)('0' + c), 0 }, a3[2] = { (char)('0' + fd), 0 };
		const char *argv[] = { "fsuser", "exec-child", a2, a3, NULL };
		v_chdir("/tmp");
		if (c < 0 || c > 9 || fd > 9)
			p_exit(20);
		int r = p_exec("/bin/fsuser", argv);
		p_exit(r == 0 ? 21 : 100 + (-r & 0x7f));
	}
	T_EQ(p_waitpid(pid, &status, 0), pid, "waitpid");
	T_EQ(status, MX_W_EXITED(42), "the exec'd program's status (1: cloexec kept, 2: fd lost, 4: cwd lost, 8: write failed)");
	T_EQ(v_lseek(fd, 0, MX_SEEK_SET), 0, "lseek");
	T_EQ(v_read(fd, b, sizeof(b)), 7, "read what the new program wrote");
	T_CHECK(memcmp(b, "exec ok", 7) == 0, "wrong contents");
	v_close(fd);
	return v_unlink("/tmp/exec.out");
}

int t_exec_errors(void)
{
	int status;
	int fd = v_open("/tmp/notelf", MX_O_CREAT | MX_O_WRONLY | MX_O_TRUNC, 0755);
	T_OK(fd, "create");
	T_EQ(v_write(fd, "#!/bin/sh\necho not an ELF file, not at all\n", 43), 43, "write");
	v_close(fd);
	int pid = p_fork();
	T_OK(pid, "fork");
	if (pid == 0) {
		const char *argv[] = { "x", NULL };
		int bad = 0;
		if (p_exec("/no/such/program", argv) != -MX_ENOENT)
			bad |= 1;
		if (p_exec("/tmp/notelf", argv) != -MX_ENOEXEC)
			bad |= 2;
		if (p_exec("/tmp", argv) != -MX_EACCES)
			bad |= 4;
		p_exit(bad);
	}
	T_EQ(p_waitpid(pid, &status, 0), pid, "waitpid");
	T_EQ(status, MX_W_EXITED(0), "failed execs return (1: ENOENT, 2: ENOEXEC, 4: EACCES wrong)");
	return v_unlink("/tmp/notelf");
}

/* A process killed while VFS serves a blocking read: VFS ends the call and closes its files. */
int t_exit_while_blocked(void)
{
	int p[2], status;
	char b[4];
	T_EQ(v_pipe(p, 0), 0, "pipe");
	int pid = p_fork();
	T_OK(pid, "fork");
	if (pid == 0) {
		v_read(p[0], b, 1);                  /* nobody ever writes */
		p_exit(1);
	}
	p_sleep(100);
	T_EQ(p_kill(pid, 9), 0, "kill");
	T_EQ(p_waitpid(pid, &status, 0), pid, "waitpid");
	T_EQ(status, MX_W_SIGNALED(9), "child's status");
	v_close(p[0]);
	p_ignore(13);
	T_EQ(v_write(p[1], "x", 1), -MX_EPIPE, "no reader left: the child's end was closed");
	v_close(p[1]);
	struct mx_stat st;
	T_EQ(v_stat("/", &st), 0, "VFS still serves");
	return 0;
}

#define SIGUSR1 10
static volatile int got_signal;

static void on_usr1(int sig)
{
	got_signal = sig;
}

/* Child: block reading fd; exit 0 if a caught signal ended the read with EINTR. */
static void read_until_signal(int fd)
{
	char b[4];
	got_signal = 0;
	if (p_catch(SIGUSR1, on_usr1) < 0)
		p_exit(3);
	int r = v_read(fd, b, sizeof(b));
	p_exit(r == -MX_EINTR && got_signal == SIGUSR1 ? 0 : r == -MX_EINTR ? 1 : 2);
}

/* PM's VFS_PM_UNPAUSE: a worker waiting on a pipe ends the call with EINTR. */
int t_signal_ends_pipe_read(void)
{
	int p[2], status;
	T_EQ(v_pipe(p, 0), 0, "pipe");
	int pid = p_fork();
	T_OK(pid, "fork");
	if (pid == 0)
		read_until_signal(p[0]);
	p_sleep(100);
	T_EQ(p_kill(pid, SIGUSR1), 0, "kill");
	T_EQ(p_waitpid(pid, &status, 0), pid, "waitpid");
	T_EQ(status, MX_W_EXITED(0), "the read ended with EINTR and the handler ran (1: no handler, 2: not EINTR)");
	v_close(p[0]);
	v_close(p[1]);
	return 0;
}

/* The same for a tty read: VFS cancels the driver's request (DEV_CANCEL). */
int t_signal_ends_tty_read(void)
{
	int status;
	int fd = v_open("/dev/console", MX_O_RDONLY, 0);
	T_OK(fd, "open the console");
	int pid = p_fork();
	T_OK(pid, "fork");
	if (pid == 0)
		read_until_signal(fd);
	p_sleep(100);
	T_EQ(p_kill(pid, SIGUSR1), 0, "kill");
	T_EQ(p_waitpid(pid, &status, 0), pid, "waitpid");
	T_EQ(status, MX_W_EXITED(0), "the tty read ended with EINTR and the handler ran (1: no handler, 2: not EINTR)");
	return v_close(fd);
}

int t_exit_while_reading_tty(void)
{
	int status;
	int fd = v_open("/dev/console", MX_O_RDONLY, 0);
	T_OK(fd, "open the console");
	int pid = p_fork();
	T_OK(pid, "fork");
	if (pid == 0) {
		char b[4];
		v_read(fd, b, sizeof(b));
		p_exit(1);
	}
	p_sleep(100);
	T_EQ(p_kill(pid, 9), 0, "kill");
	T_EQ(p_waitpid(pid, &status, 0), pid, "waitpid");
	T_EQ(status, MX_W_SIGNALED(9), "child's status");
	char c;
	T_EQ(v_fcntl(fd, MX_F_SETFL, MX_O_NONBLOCK), 0, "O_NONBLOCK");
	T_EQ(v_read(fd, &c, 1), -MX_EAGAIN, "the console still answers");
	return v_close(fd);
}

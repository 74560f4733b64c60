/*
 * tracetest: ptrace(2) and the trace command, in the spirit of MINIX's
 * ptrace test.  Run by init (`init -p tracetest`) on the full system.
 * Report lines: TEST ptrace.<name> PASS|FAIL <why>, SUITE ptrace DONE.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <mxsys.h>
#include <mx/callnr.h>

static char why[200];
#define CHECK(c, ...) do { if (!(c)) { snprintf(why, sizeof(why), __VA_ARGS__); return -1; } } while (0)

#define REG_EAX (11 * 4)
#define REG_EBX (8 * 4)
#define REG_ECX (10 * 4)
#define REG_EIP (14 * 4)

static volatile uint32_t shared_word = 0x11223344;

/* Wait for pid to stop; its stop signal, or -1 (with status in *st). */
static int wait_stop(pid_t pid, int *st)
{
	int s;
	if (waitpid(pid, &s, 0) != pid)
		return -1;
	if (st)
		*st = s;
	return WIFSTOPPED(s) ? WSTOPSIG(s) : -1;
}

static pid_t spin_child(void)
{
	pid_t pid = fork();
	if (pid == 0)
		for (;;)
			pause();
	return pid;
}

static void reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* ---- tests ---------------------------------------------------------------------- */

static int t_attach_detach(void)
{
	pid_t c = spin_child();
	CHECK(ptrace(T_ATTACH, c, 0, 0) == 0, "attach: %s", strerror(errno));
	CHECK(wait_stop(c, NULL) == SIGSTOP, "the tracee did not stop with SIGSTOP");
	errno = 0;
	long v = ptrace(T_GETDATA, c, (long)&shared_word, 0);
	CHECK(errno == 0 && (uint32_t)v == 0x11223344, "peek %lx: %s", v, strerror(errno));
	CHECK(ptrace(T_DETACH, c, 0, 0) == 0, "detach");
	CHECK(ptrace(T_GETDATA, c, (long)&shared_word, 0) == -1 && errno == ESRCH, "peek after detach must fail");
	/* It runs again: a signal now reaches it normally and ends it. */
	kill(c, SIGTERM);
	int st;
	CHECK(waitpid(c, &st, 0) == c && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "after detach: status %x", st);
	return 0;
}

static int t_peek_poke(void)
{
	int p[2];
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		ptrace(T_OK, 0, 0, 0);
		kill(getpid(), SIGSTOP);
		write(p[1], (const void *)&shared_word, 4);   /* what the tracer poked */
		_exit(0);
	}
	CHECK(wait_stop(c, NULL) == SIGSTOP, "stop");
	CHECK(ptrace(T_SETDATA, c, (long)&shared_word, 0x5a5a0001) == 0, "poke");
	CHECK((uint32_t)ptrace(T_GETDATA, c, (long)&shared_word, 0) == 0x5a5a0001, "peek after poke");
	CHECK(ptrace(T_GETDATA, c, 0xc0000000, 0) == -1 && errno == EFAULT, "peek a kernel address: %s", strerror(errno));
	CHECK(ptrace(T_GETUSER, c, 4096, 0) == -1 && errno == EINVAL, "GETUSER past the priv structure");
	errno = 0;
	ptrace(T_GETUSER, c, 76, 0);                        /* the first word of its priv structure */
	CHECK(errno == 0, "GETUSER of the priv structure: %s", strerror(errno));
	CHECK(ptrace(T_RESUME, c, 0, 0) == 0, "resume");
	uint32_t got = 0;
	read(p[0], &got, 4);
	int st;
	waitpid(c, &st, 0);
	CHECK(got == 0x5a5a0001, "the tracee saw %x", got);
	CHECK(shared_word == 0x11223344, "poke changed the tracer's own copy");
	close(p[0]);
	close(p[1]);
	return 0;
}

static int t_syscall_stops(void)
{
	pid_t c = fork();
	if (c == 0) {
		ptrace(T_OK, 0, 0, 0);
		kill(getpid(), SIGSTOP);
		getpid();
		getppid();
		_exit(3);
	}
	CHECK(wait_stop(c, NULL) == SIGSTOP, "stop");
	int types[8], n = 0, entries = 0, exits = 0, st = 0;
	for (int k = 0; k < 16 && n < 8; k++) {
		CHECK(ptrace(T_SYSCALL, c, 0, 0) == 0, "T_SYSCALL: %s", strerror(errno));
		int sig = wait_stop(c, &st);
		if (sig < 0)
			break;                                    /* exited: st has its status */
		CHECK(sig == (SIGTRAP | SYSCALL_STOP), "stop signal %x, want SIGTRAP|SYSCALL_STOP", sig);
		uint32_t msg = (uint32_t)ptrace(T_GETUSER, c, REG_ECX, 0);
		uint32_t type = (uint32_t)ptrace(T_GETDATA, c, (long)(msg + 4), 0);
		if (k % 2 == 0) {
			entries++;
			CHECK(ptrace(T_GETUSER, c, REG_EAX, 0) == MX_SENDREC, "entry stop: eax is not SENDREC");
			types[n++] = (int)type;
		} else {
			exits++;
		}
	}
	CHECK(n >= 3, "%d system calls seen", n);
	CHECK(types[0] == MX_PM_GETPID && types[1] == MX_PM_GETPPID && types[2] == MX_PM_EXIT,
	      "calls in order %x %x %x", types[0], types[1], types[2]);
	CHECK(exits == entries - 1, "%d entry and %d exit stops (exit has no exit stop)", entries, exits);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3, "exit status %x", st);
	return 0;
}

static int t_exec_stops(void)
{
	for (int alt = 0; alt < 2; alt++) {
		pid_t c = fork();
		if (c == 0) {
			ptrace(T_OK, 0, 0, 0);
			kill(getpid(), SIGSTOP);
			execl("/bin/true", "true", (char *)NULL);
			_exit(99);
		}
		CHECK(wait_stop(c, NULL) == SIGSTOP, "first stop");
		CHECK(ptrace(T_SETOPT, c, 0, alt ? TO_ALTEXEC : 0) == 0, "setopt");
		CHECK(ptrace(T_RESUME, c, 0, 0) == 0, "resume");
		int sig = wait_stop(c, NULL);
		CHECK(sig == (alt ? SIGSTOP : SIGTRAP), "stop after exec: %d, want %s", sig, alt ? "SIGSTOP" : "SIGTRAP");
		CHECK(ptrace(T_DETACH, c, 0, 0) == 0, "detach");
		int st;
		CHECK(waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 0, "true's status %x", st);
	}
	return 0;
}

static int t_single_step(void)
{
	pid_t c = fork();
	if (c == 0) {
		ptrace(T_OK, 0, 0, 0);
		kill(getpid(), SIGSTOP);
		for (volatile int i = 0; i < 1000; i++)
			;
		_exit(0);
	}
	CHECK(wait_stop(c, NULL) == SIGSTOP, "stop");
	uint32_t eip0 = (uint32_t)ptrace(T_GETUSER, c, REG_EIP, 0), eip = eip0;
	int steps = 0;
	for (; steps < 5; steps++) {
		CHECK(ptrace(T_STEP, c, 0, 0) == 0, "step");
		CHECK(wait_stop(c, NULL) == SIGTRAP, "a step stops with SIGTRAP");
		eip = (uint32_t)ptrace(T_GETUSER, c, REG_EIP, 0);
	}
	CHECK(eip != eip0, "eip did not move in 5 steps (%x)", eip);
	reap(c);
	return 0;
}

static int t_tracefork(void)
{
	pid_t c = fork();
	if (c == 0) {
		ptrace(T_OK, 0, 0, 0);
		kill(getpid(), SIGSTOP);
		pid_t g = fork();
		if (g == 0)
			_exit(7);
		int st;
		waitpid(g, &st, 0);
		_exit(WEXITSTATUS(st));
	}
	CHECK(wait_stop(c, NULL) == SIGSTOP, "stop");
	CHECK(ptrace(T_SETOPT, c, 0, TO_TRACEFORK) == 0, "setopt");
	CHECK(ptrace(T_RESUME, c, 0, 0) == 0, "resume");
	int st;
	pid_t g = waitpid(-1, &st, 0);
	CHECK(g > 0 && g != c && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "the grandchild was not followed (%d, %x)", g, st);
	CHECK(ptrace(T_GETDATA, g, (long)&shared_word, 0) != -1, "the grandchild is our tracee");
	CHECK(ptrace(T_DETACH, g, 0, 0) == 0, "detach the grandchild");
	CHECK(waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 7, "child's status %x", st);
	return 0;
}

/* The debugger hears of a traced child's exit before the child's parent does. */
static int t_tracer_told_first(void)
{
	int go[2], done[2];
	pipe(go);
	pipe(done);
	pid_t b = fork();
	if (b == 0) {
		char x;
		read(go[0], &x, 1);                         /* wait until traced */
		_exit(5);
	}
	pid_t tracer = fork();
	if (tracer == 0) {
		if (ptrace(T_ATTACH, b, 0, 0) < 0 || wait_stop(b, NULL) != SIGSTOP)
			_exit(10);
		ptrace(T_RESUME, b, 0, 0);
		write(go[1], "x", 1);
		int st;
		char x;
		read(done[0], &x, 1);                       /* let the parent look first */
		pid_t w = waitpid(b, &st, 0);
		_exit(w == b && WIFEXITED(st) && WEXITSTATUS(st) == 5 ? 0 : 11);
	}
	usleep(300000);
	int st;
	/* b has exited, but its tracer has not been told yet: the parent waits. */
	CHECK(waitpid(b, &st, WNOHANG) == 0, "the parent saw the exit before the tracer");
	write(done[1], "x", 1);
	CHECK(waitpid(tracer, &st, 0) == tracer && WIFEXITED(st) && WEXITSTATUS(st) == 0, "tracer's status %x", st);
	CHECK(waitpid(b, &st, 0) == b && WIFEXITED(st) && WEXITSTATUS(st) == 5, "then the parent: %x", st);
	return 0;
}

/* A debugger that dies never leaves its tracee stopped. */
static int t_debugger_death(void)
{
	pid_t c = spin_child();
	pid_t dbg = fork();
	if (dbg == 0) {
		if (ptrace(T_ATTACH, c, 0, 0) < 0 || wait_stop(c, NULL) != SIGSTOP)
			_exit(1);
		_exit(0);                                   /* dies with its tracee stopped */
	}
	int st;
	CHECK(waitpid(dbg, &st, 0) == dbg && WEXITSTATUS(st) == 0, "debugger failed");
	usleep(100000);
	kill(c, SIGTERM);
	CHECK(waitpid(c, &st, 0) == c && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
	      "the tracee is still stopped after its debugger died (%x)", st);
	return 0;
}

static int t_errors(void)
{
	pid_t c = spin_child();
	CHECK(ptrace(T_GETDATA, c, (long)&shared_word, 0) == -1 && errno == ESRCH, "peek without tracing: %s", strerror(errno));
	CHECK(ptrace(T_ATTACH, 1, 0, 0) == -1 && errno == EPERM, "attach to init");
	CHECK(ptrace(T_ATTACH, getpid(), 0, 0) == -1 && errno == EPERM, "attach to oneself");
	CHECK(ptrace(T_ATTACH, 29999, 0, 0) == -1 && errno == ESRCH, "attach to no process");
	CHECK(ptrace(T_ATTACH, c, 0, 0) == 0 && wait_stop(c, NULL) == SIGSTOP, "attach");
	CHECK(ptrace(T_ATTACH, c, 0, 0) == -1 && errno == EPERM, "attach twice");
	CHECK(ptrace(T_RESUME, c, 0, 0) == 0, "resume");
	CHECK(ptrace(T_GETDATA, c, (long)&shared_word, 0) == -1 && errno == EBUSY, "peek while it runs: %s", strerror(errno));
	CHECK(ptrace(T_RESUME, c, 0, 99) == -1, "resume with signal 99");
	CHECK(ptrace(77, c, 0, 0) == -1 && errno == EINVAL, "request 77: %s", strerror(errno));
	reap(c);
	CHECK(ptrace(T_GETDATA, c, 0, 0) == -1 && errno == ESRCH, "a dead tracee");
	/* System processes: the superuser may trace them, nobody else. */
	pid_t u = fork();
	if (u == 0) {
		mx_message m;
		memset(&m, 0, sizeof(m));
		m.m_type = MX_PM_SETUID;
		m.m_u.w[0] = 100;
		mx_sendrec(MX_PM, &m);
		/* pid 9 is a system process (the memory driver) on this boot. */
		_exit(ptrace(T_ATTACH, 9, 0, 0) == -1 && errno == EPERM ? 0 : 1);
	}
	int st;
	CHECK(waitpid(u, &st, 0) == u && WEXITSTATUS(st) == 0, "an unprivileged user attached to a system process");
	return 0;
}

/* System processes can be traced too (even VFS: the seeds' point): attach, look, detach. */
static int t_trace_system_process(void)
{
	int vfs_pid = 4;                                  /* vfs on this boot */
	CHECK(ptrace(T_ATTACH, vfs_pid, 0, 0) == 0, "attach to VFS: %s", strerror(errno));
	CHECK(wait_stop(vfs_pid, NULL) == SIGSTOP, "VFS did not stop");
	errno = 0;
	ptrace(T_GETUSER, vfs_pid, REG_EIP, 0);
	CHECK(errno == 0, "VFS's registers: %s", strerror(errno));
	CHECK(ptrace(T_DETACH, vfs_pid, 0, 0) == 0, "detach from VFS");
	FILE *f = fopen("/etc/system.conf", "r");
	CHECK(f != NULL, "VFS works again after the detach");
	fclose(f);
	return 0;
}

/* `trace ls /`: each line is a call, in order. */
static int t_trace_ls(void)
{
	int p[2];
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		dup2(p[1], 2);
		dup2(p[1], 1);
		for (int fd = 3; fd < 20; fd++)   /* earlier tests' descriptors: ls gets 3 */
			close(fd);
		execl("/bin/trace", "trace", "ls", "/", (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	static char out[8192];
	size_t n = 0;
	ssize_t k;
	while (n + 1 < sizeof(out) && ((k = read(p[0], out + n, sizeof(out) - 1 - n)) > 0 || (k < 0 && errno == EINTR)))
		if (k > 0)
			n += (size_t)k;
	out[n] = 0;
	close(p[0]);
	int st;
	waitpid(c, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "trace exited %x", st);
	static const char *const want[] = {
		"execve(\"/bin/ls\") = 0 <pm>",
		"open(\"/\", O_RDONLY|O_DIRECTORY) = 3 <vfs>",
		"getdents(3, ",
		"getdents(3, ",
		"close(3) = 0 <vfs>",
		"write(1, \"bin\\ndev\\netc\\ntmp\\n\", 16) = 16 <vfs>",   /* not a terminal: one per line */
		"exit(0) = ?",
		"+++ exited with 0 +++",
	};
	const char *at = out;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const char *hit = strstr(at, want[i]);
		if (!hit)
			printf("# trace ls output:\n%s\n", out);
		CHECK(hit != NULL, "line '%s' missing or out of order", want[i]);
		CHECK(hit == out || hit[-1] == '\n', "'%s' does not start a line", want[i]);
		at = hit + strlen(want[i]);
	}
	/* Every line is a decoded call with the server it went to (or an end line). */
	for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
		if (!strcmp(line, "bin") || !strcmp(line, "dev") || !strcmp(line, "etc") || !strcmp(line, "tmp") ||
		    strncmp(line, "+++", 3) == 0 || strncmp(line, "exit(", 5) == 0)
			continue;
		CHECK(strstr(line, " = ") && strchr(line, '<') && line[strlen(line) - 1] == '>', "an undecoded line: '%s'", line);
	}
	return 0;
}

struct test { const char *name; int (*fn)(void); };
static const struct test tests[] = {
	{ "attach_detach", t_attach_detach }, { "peek_poke", t_peek_poke }, { "syscall_stops", t_syscall_stops },
	{ "exec_stops", t_exec_stops }, { "single_step", t_single_step }, { "tracefork", t_tracefork },
	{ "tracer_told_first", t_tracer_told_first }, { "debugger_death", t_debugger_death },
	{ "errors", t_errors }, { "system_process", t_trace_system_process }, { "trace_ls", t_trace_ls },
};

int main(void)
{
	int pass = 0, fail = 0;
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		why[0] = 0;
		if (tests[i].fn() == 0) {
			printf("TEST ptrace.%s PASS\n", tests[i].name);
			pass++;
		} else {
			printf("TEST ptrace.%s FAIL %s\n", tests[i].name, why);
			fail++;
		}
	}
	printf("SUITE ptrace DONE pass=%d fail=%d\n", pass, fail);
	return fail ? 1 : 0;
}

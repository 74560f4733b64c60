/*
 * hang SCENARIO: leave MX stuck in one of the ways users meet, for the
 * toolkit to find (mxdump why, mxviz deadlock, mxtop, gdb's mx-why).
 * Each scenario prints one line saying what is now stuck and returns to
 * the shell; the stuck processes stay stuck until the machine stops
 * (noreply's reader until `hang crash` or `hang release`).
 *
 *   recv        services rcv-a and rcv-b in mutual RECEIVE
 *   cycle       services cyc-a -> cyc-b -> cyc-c -> cyc-a: a SENDREC cycle
 *               closed by an asynchronous send (see hangd)
 *   noreply     starts the stall driver if needed and a `cat /dev/stall`
 *               whose read the driver keeps and never answers
 *   release     the stall driver answers the reads it kept (end of file)
 *   crash       the stall driver crashes; RS restarts it, the kept reads
 *               end with EIO
 *   traced      a `sleep` stopped under ptrace by a tracer (a `hang`
 *               process) that never resumes it
 *   vfs [PATH]  the seeds' VFS lock-order deadlock on the vmnt of PATH's
 *               file system and PATH's vnode (default /tmp; VFS must run
 *               with its debug-deadlock argument) and a process whose
 *               stat(PATH) waits behind it.  After this, every call that
 *               resolves a path on that file system hangs: run it last.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <mxlib.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/wait.h>

static void usage(FILE *f)
{
	fprintf(f, "usage: hang recv | cycle | noreply | release | crash | traced | vfs [PATH]\n"
		   "Leave MX stuck in a known way for the tools to find (see 'hang --help').\n");
}

static void help(void)
{
	usage(stdout);
	printf("\n"
	       "  recv        services rcv-a and rcv-b in mutual RECEIVE\n"
	       "  cycle       services cyc-a -> cyc-b -> cyc-c -> cyc-a: SENDRECs closed by an\n"
	       "              asynchronous send the kernel's deadlock check cannot see\n"
	       "  noreply     a 'cat /dev/stall' whose read the stall driver never answers\n"
	       "  release     the stall driver answers the reads it kept (end of file)\n"
	       "  crash       the stall driver crashes: RS restarts it, kept reads get EIO\n"
	       "  traced      a 'sleep' stopped under ptrace by a tracer that never resumes it\n"
	       "  vfs [PATH]  VFS's lock-order deadlock on PATH (default /tmp) and a process\n"
	       "              whose stat(PATH) waits behind it; needs 'vfs debug-deadlock'.\n"
	       "              Path lookups on that file system hang afterwards: run it last.\n"
	       "\nThen ask the toolkit: mxdump why NAME, mxviz deadlock, mxtop, mx-why NAME.\n");
}

/* Run argv (a /bin program) and wait for it; its exit status, or -1. */
static int run(char *const argv[])
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execv(argv[0], argv);
		fprintf(stderr, "hang: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int service_up(const char *binary, const char *label, const char *args)
{
	char *argv[] = { "/bin/service", "up", (char *)binary, "-label", (char *)label, "-args", (char *)args, NULL };
	if (run(argv) != 0) {
		fprintf(stderr, "hang: 'service up %s -label %s' failed\n", binary, label);
		return -1;
	}
	return 0;
}

static int scen_recv(void)
{
	if (service_up("/bin/hangd", "rcv-a", "recv a") < 0 || service_up("/bin/hangd", "rcv-b", "recv b") < 0)
		return 1;
	printf("hang: rcv-a and rcv-b now RECEIVE from each other for good (try: mxdump why rcv-a)\n");
	return 0;
}

static int scen_cycle(void)
{
	if (service_up("/bin/hangd", "cyc-a", "cycle a") < 0 || service_up("/bin/hangd", "cyc-b", "cycle b") < 0 ||
	    service_up("/bin/hangd", "cyc-c", "cycle c") < 0)
		return 1;
	printf("hang: cyc-a -> cyc-b -> cyc-c -> cyc-a now wait for each other (try: mxviz deadlock)\n");
	return 0;
}

/* Open /dev/stall, starting the driver first if VFS has none for it. */
static int open_stall(int flags)
{
	int fd = open("/dev/stall", flags);
	if (fd >= 0 || errno != ENXIO)
		return fd;
	char *argv[] = { "/bin/service", "up", "/bin/stall", NULL };
	if (run(argv) != 0) {
		fprintf(stderr, "hang: 'service up /bin/stall' failed\n");
		return -1;
	}
	for (int i = 0; i < 100; i++) {                  /* until VFS has seen it in DS */
		if ((fd = open("/dev/stall", flags)) >= 0 || errno != ENXIO)
			return fd;
		usleep(20000);
	}
	return -1;
}

static int scen_noreply(void)
{
	int fd = open_stall(O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "hang: /dev/stall: %s\n", strerror(errno));
		return 1;
	}
	close(fd);
	pid_t pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0) {
			dup2(null, 1);
			close(null);
		}
		setpgid(0, 0);                           /* not in the shell's job: Ctrl-C there does not reach it */
		execl("/bin/cat", "cat", "/dev/stall", (char *)NULL);
		_exit(127);
	}
	if (pid < 0) {
		perror("hang: fork");
		return 1;
	}
	printf("hang: cat (pid %d) now waits for a read the stall driver never answers (try: mxdump why cat)\n",
	       (int)pid);
	return 0;
}

static int stall_write(const char *what)
{
	int fd = open_stall(O_WRONLY);
	if (fd < 0) {
		fprintf(stderr, "hang: /dev/stall: %s\n", strerror(errno));
		return -1;
	}
	ssize_t n = write(fd, what, strlen(what));
	int e = errno;
	close(fd);
	if (n < 0) {
		errno = e;
		return -1;
	}
	return 0;
}

static int scen_release(void)
{
	if (stall_write("release") < 0) {
		fprintf(stderr, "hang: release: %s\n", strerror(errno));
		return 1;
	}
	printf("hang: the stall driver answered the reads it kept\n");
	return 0;
}

static int scen_crash(void)
{
	/* The write never gets its answer: the driver dies on it, and VFS ends it with EIO. */
	if (stall_write("crash") == 0) {
		fprintf(stderr, "hang: the stall driver did not crash\n");
		return 1;
	}
	printf("hang: the stall driver crashed (%s); RS restarts it (try: service list)\n", strerror(errno));
	return 0;
}

static int scen_traced(void)
{
	pid_t tracer = fork();
	if (tracer < 0) {
		perror("hang: fork");
		return 1;
	}
	if (tracer > 0) {
		int st;
		/* The tracer reports once its tracee is stopped, then we are done. */
		if (waitpid(tracer, &st, WNOHANG) == 0)
			sleep(1);
		return 0;
	}
	setpgid(0, 0);
	pid_t tracee = fork();
	if (tracee == 0) {
		ptrace(T_OK, 0, 0, 0);
		execl("/bin/sleep", "sleep", "100000", (char *)NULL);   /* stops with SIGTRAP after exec */
		_exit(127);
	}
	int st;
	if (tracee < 0 || waitpid(tracee, &st, 0) != tracee || !WIFSTOPPED(st)) {
		fprintf(stderr, "hang: the tracee did not stop\n");
		_exit(1);
	}
	printf("hang: sleep (pid %d) is stopped under ptrace by hang (pid %d), which never resumes it "
	       "(try: mxdump why sleep)\n", (int)tracee, (int)getpid());
	fflush(stdout);
	for (;;)
		pause();
}

static int scen_vfs(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		fprintf(stderr, "hang: %s: %s\n", path, strerror(errno));
		return 1;
	}
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct vfs_debug_deadlock *a = MX_BODY(&m, struct vfs_debug_deadlock);
	a->where = MX_DL_ROOT;
	a->path = (uint32_t)path;
	a->path_len = (uint32_t)strlen(path);
	if (_syscall(MX_VFS, MX_VFS_DEBUG_DEADLOCK, &m) < 0) {
		fprintf(stderr, "hang: vfs: %s%s\n", strerror(errno),
			errno == EPERM ? " (start VFS with its debug-deadlock argument)" : "");
		return 1;
	}
	pid_t pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		stat(path, &st);                         /* waits behind the deadlock for good */
		_exit(0);
	}
	printf("hang: VFS threads %d and %d deadlocked on locks %d and %d; hang (pid %d) waits in stat(%s) "
	       "(try: mxdump why pid:%d)\n", (int)a->tid_a, (int)a->tid_b, (int)a->lock_vmnt, (int)a->lock_vnode,
	       (int)pid, path, (int)pid);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *s = argv[1];
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(s, "-h") || !strcmp(s, "--help")) {
		help();
		return 0;
	}
	if (argc == 2 && !strcmp(s, "recv"))
		return scen_recv();
	if (argc == 2 && !strcmp(s, "cycle"))
		return scen_cycle();
	if (argc == 2 && !strcmp(s, "noreply"))
		return scen_noreply();
	if (argc == 2 && !strcmp(s, "release"))
		return scen_release();
	if (argc == 2 && !strcmp(s, "crash"))
		return scen_crash();
	if (argc == 2 && !strcmp(s, "traced"))
		return scen_traced();
	if (argc <= 3 && !strcmp(s, "vfs"))
		return scen_vfs(argc == 3 ? argv[2] : "/tmp");
	usage(stderr);
	return 2;
}

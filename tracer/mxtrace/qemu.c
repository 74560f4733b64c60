/*
 * Starting QEMU for mxtrace run: guest RAM in a shared file, QMP, the
 * console (COM1) and the debug channel (COM2) on Unix sockets in a private
 * directory, the gdbstub where asked.  QEMU starts stopped (-S) so nothing
 * the guest says at boot is missed; it runs in its own session so a Ctrl-C
 * on the terminal reaches mxtrace only, which then stops it cleanly.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include "mxtrace.h"

int qemu_connect(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sa.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

const char *qemu_last_line(struct qemu *q, char *buf, size_t len)
{
	buf[0] = 0;
	FILE *f = fopen(q->log, "r");
	if (!f)
		return buf;
	char line[512];
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = 0;
		if (line[0])
			snprintf(buf, len, "%s", line);
	}
	fclose(f);
	return buf;
}

int qemu_start(struct qemu *q, const struct qemu_opts *o)
{
	memset(q, 0, sizeof(*q));
	snprintf(q->dir, sizeof(q->dir), "/tmp/mxtrace.XXXXXX");
	if (!mkdtemp(q->dir)) {
		error("cannot make a directory for QEMU's sockets: %s", strerror(errno));
		return -1;
	}
	snprintf(q->qmp, sizeof(q->qmp), "%s/qmp.sock", q->dir);
	snprintf(q->chan, sizeof(q->chan), "%s/chan.sock", q->dir);
	snprintf(q->con, sizeof(q->con), "%s/console.sock", q->dir);
	snprintf(q->log, sizeof(q->log), "%s/qemu.log", q->dir);
	if (o->shm_path) {
		snprintf(q->shm, sizeof(q->shm), "%s", o->shm_path);
		q->shm_named = 1;
	} else {
		snprintf(q->shm, sizeof(q->shm), "/dev/shm/mxtrace.%d.%s", (int)getpid(), q->dir + strlen("/tmp/mxtrace."));
	}
	long long mem = mxt_parse_size(o->mem);
	if (mem < (1 << 20)) {
		error("bad memory size '%s' (e.g. 128M)", o->mem);
		return -1;
	}
	char *argv[64 + 2 * 32];
	int n = 0;
	char ram[512], machine[64], qmp[200], chan[200], con[200], mods[4096], gdb[200], memarg[32];
	snprintf(memarg, sizeof(memarg), "%lldM", mem >> 20);
	snprintf(ram, sizeof(ram), "memory-backend-file,id=mxram,size=%lldM,mem-path=%s,share=on", mem >> 20, q->shm);
	snprintf(machine, sizeof(machine), "pc,memory-backend=mxram");
	snprintf(qmp, sizeof(qmp), "unix:%s,server=on,wait=off", q->qmp);
	snprintf(chan, sizeof(chan), "unix:%s,server=on,wait=off", q->chan);
	snprintf(con, sizeof(con), "unix:%s,server=on,wait=off", q->con);
	argv[n++] = (char *)o->qemu;
	argv[n++] = "-m"; argv[n++] = memarg;
	argv[n++] = "-no-reboot";
	argv[n++] = "-display"; argv[n++] = "none";
	argv[n++] = "-S";
	argv[n++] = "-device"; argv[n++] = "isa-debug-exit,iobase=0xf4,iosize=0x04";
	argv[n++] = "-object"; argv[n++] = ram;
	argv[n++] = "-machine"; argv[n++] = machine;
	argv[n++] = "-qmp"; argv[n++] = qmp;
	argv[n++] = "-serial"; argv[n++] = con;
	argv[n++] = "-serial"; argv[n++] = chan;
	if (o->gdb) {
		if (strncmp(o->gdb, "unix:", 5) == 0 || strchr(o->gdb, '/'))
			snprintf(gdb, sizeof(gdb), "unix:%s,server=on,wait=off", strncmp(o->gdb, "unix:", 5) ? o->gdb : o->gdb + 5);
		else
			snprintf(gdb, sizeof(gdb), "tcp:%s%s", o->gdb[0] == ':' ? "127.0.0.1" : "", o->gdb);
		snprintf(q->gdb, sizeof(q->gdb), "%s", o->gdb);
		argv[n++] = "-gdb"; argv[n++] = gdb;
	}
	if (o->icount) {
		argv[n++] = "-icount"; argv[n++] = "shift=0";
	}
	if (o->kvm) {
		argv[n++] = "-accel"; argv[n++] = "kvm";
	}
	argv[n++] = "-kernel"; argv[n++] = (char *)o->kernel;
	argv[n++] = "-append"; argv[n++] = (char *)(o->append ? o->append : "");
	if (o->modules && o->modules[0]) {
		snprintf(mods, sizeof(mods), "%s", o->modules);
		argv[n++] = "-initrd"; argv[n++] = mods;
	}
	for (int i = 0; i < o->nextra && n < (int)(sizeof(argv) / sizeof(argv[0])) - 1; i++)
		argv[n++] = o->extra[i];
	argv[n] = NULL;

	int logfd = open(q->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	pid_t pid = fork();
	if (pid < 0) {
		error("fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		setsid();
		int nul = open("/dev/null", O_RDONLY);
		dup2(nul, 0);
		if (logfd >= 0) {
			dup2(logfd, 1);
			dup2(logfd, 2);
		}
		execvp(argv[0], argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (logfd >= 0)
		close(logfd);
	q->pid = pid;
	/* Sockets and the RAM file appear once QEMU has parsed its options. */
	const char *need[] = { q->qmp, q->chan, q->con, q->shm };
	uint64_t deadline = mxt_now_ns() + 10000000000ull;
	for (int i = 0; i < 4; i++) {
		struct stat st;
		while (stat(need[i], &st) != 0) {
			int status;
			char line[512];
			if (waitpid(pid, &status, WNOHANG) == pid) {
				q->pid = 0;
				error("QEMU exited at start: %s", qemu_last_line(q, line, sizeof(line))[0] ? line : "no message");
				return -1;
			}
			if (mxt_now_ns() > deadline) {
				error("QEMU did not create %s within 10 s: %s", need[i], qemu_last_line(q, line, sizeof(line)));
				return -1;
			}
			mxt_sleep_us(5000);
		}
	}
	return 0;
}

void qemu_cleanup(struct qemu *q)
{
	if (q->pid > 0) {
		int status;
		if (waitpid(q->pid, &status, WNOHANG) == 0) {
			kill(-q->pid, SIGTERM);
			for (int i = 0; i < 100 && waitpid(q->pid, &status, WNOHANG) == 0; i++)
				mxt_sleep_us(20000);
			if (waitpid(q->pid, &status, WNOHANG) == 0) {
				kill(-q->pid, SIGKILL);
				waitpid(q->pid, &status, 0);
			}
		}
		q->pid = 0;
	}
	if (q->shm[0] && !q->shm_named)
		unlink(q->shm);
	if (q->dir[0]) {
		unlink(q->qmp);
		unlink(q->chan);
		unlink(q->con);
		unlink(q->log);
		rmdir(q->dir);
	}
}

/* mxtrace run: start QEMU wired for recording, record until Ctrl-C or the guest's end. */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "mxtrace.h"

static int run(int argc, char **argv);

const struct command cmd_run = {
	"run", run, "start MX in QEMU and record it until Ctrl-C or the guest's end",
	"usage: mxtrace run -o DB [OPTIONS] [-- QEMU-ARGS...]\n"
	"\n"
	"Start qemu-system-i386 with the guest's RAM in a shared file, QMP, the\n"
	"console (COM1) and the debug channel (COM2) on sockets mxtrace owns and a\n"
	"gdbstub, then record: the trace ring is drained live from shared RAM,\n"
	"channel frames (kernel log lines, dumps) are stored, a 'sample' snapshot\n"
	"is read every --sample-ms without stopping the guest.  Recording ends on\n"
	"Ctrl-C (or SIGTERM), after --duration, or when the guest or QEMU exits;\n"
	"then the guest is stopped, the ring drained a last time, a full snapshot\n"
	"taken and the last batch committed.  A progress line goes to stderr.\n"
	"SIGUSR1 (kill -USR1 PID) takes a full snapshot at once, noted \"on request\n"
	"N\": the way to snapshot a database while it is being recorded.\n"
	"\n"
	"  -o, --db FILE         the run database (created if missing)\n"
	"  -k, --kernel ELF      the kernel (default build/os/kernel.elf)\n"
	"  -m, --modules LIST    boot modules, comma-separated, each a path with its\n"
	"                        arguments, e.g. 'echod,ping 1000'; a name without '/'\n"
	"                        is taken from the bin/ directory next to the kernel\n"
	"                        (default: the full system as `make run` boots it,\n"
	"                        PM, VFS, ..., init and the root image; the console\n"
	"                        is output only: to type at MX's shell, `make run`\n"
	"                        and `mxtrace record`)\n"
	"  -a, --append LINE     the kernel command line (e.g. 'trace=0')\n"
	"      --mem SIZE        guest RAM (default 128M)\n"
	"      --icount          -icount shift=0: the TSC counts guest instructions\n"
	"      --kvm             use KVM instead of TCG\n"
	"      --gdb ADDR        gdbstub at HOST:PORT, :PORT or unix:PATH (default: a\n"
	"                        free TCP port on 127.0.0.1, printed); 'none' for none\n"
	"      --console FILE    COM1 into FILE (default: standard output)\n"
	"      --save-channel F  also keep the raw debug-channel bytes in F\n"
	"      --shm-path FILE   the shared RAM file (default: a private file in\n"
	"                        /dev/shm, removed at the end)\n"
	"  -t, --duration S      stop recording after S seconds\n"
	"      --sample-ms N     a live sample snapshot every N ms (default 1000; 0: none)\n"
	"      --batch N         events per committed transaction (default 50000)\n"
	"      --qemu PATH       the QEMU binary (default qemu-system-i386)\n"
	"      --no-progress     no progress line\n"
	"  -q, --quiet           only errors\n"
	"  -h, --help            this text\n"
	"\n"
	"Arguments after -- go to QEMU.  Exit status: 0 when the recording ended\n"
	"normally (Ctrl-C, --duration, guest exit), 1 on an error or if QEMU died.\n",
};

static int free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sa);
	int port = -1;
	if (fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 && getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
		port = ntohs(sa.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

/* "echod,ping 10" with names resolved in bindir. */
static int resolve_modules(const char *list, const char *bindir, char *out, size_t room)
{
	char *copy = strdup(list), *save = NULL;
	size_t o = 0;
	out[0] = 0;
	if (!copy)
		return -1;
	for (char *m = strtok_r(copy, ",", &save); m; m = strtok_r(NULL, ",", &save)) {
		while (*m == ' ')
			m++;
		char path[4096];
		size_t nl = strcspn(m, " ");
		if (memchr(m, '/', nl))
			snprintf(path, sizeof(path), "%.*s", (int)nl, m);
		else
			snprintf(path, sizeof(path), "%s/%.*s", bindir, (int)nl, m);
		if (access(path, R_OK) != 0) {
			error("boot module %s: %s", path, strerror(errno));
			free(copy);
			return -1;
		}
		int n = snprintf(out + o, room - o, "%s%s%s", o ? "," : "", path, m + nl);
		if (n < 0 || (size_t)n >= room - o) {
			error("boot module list too long");
			free(copy);
			return -1;
		}
		o += (size_t)n;
	}
	free(copy);
	return 0;
}

static int run(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "db", required_argument, 0, 'o' }, { "kernel", required_argument, 0, 'k' },
		{ "modules", required_argument, 0, 'm' }, { "append", required_argument, 0, 'a' },
		{ "mem", required_argument, 0, 'M' }, { "icount", no_argument, 0, 'I' },
		{ "kvm", no_argument, 0, 'K' }, { "gdb", required_argument, 0, 'g' },
		{ "console", required_argument, 0, 'c' }, { "save-channel", required_argument, 0, 'C' },
		{ "shm-path", required_argument, 0, 'S' }, { "duration", required_argument, 0, 't' },
		{ "sample-ms", required_argument, 0, 's' }, { "batch", required_argument, 0, 'B' },
		{ "qemu", required_argument, 0, 'Q' }, { "no-progress", no_argument, 0, 'P' },
		{ "quiet", no_argument, 0, 'q' }, { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 },
	};
	struct qemu_opts qo = { .qemu = "qemu-system-i386", .kernel = "build/os/kernel.elf", .mem = "128M" };
	const char *dbpath = NULL, *modules = NULL, *console = NULL, *save = NULL, *gdb = NULL;
	struct session_opts so = { .sample_ms = 1000, .gdb_ms = 50, .progress = 1, .final_snapshot = 1 };
	int quiet = 0, c;
	char *end;
	while ((c = getopt_long(argc, argv, "o:k:m:a:t:qh", lo, NULL)) != -1) {
		switch (c) {
		case 'o': dbpath = optarg; break;
		case 'k': qo.kernel = optarg; break;
		case 'm': modules = optarg; break;
		case 'a': qo.append = optarg; break;
		case 'M': qo.mem = optarg; break;
		case 'I': qo.icount = 1; break;
		case 'K': qo.kvm = 1; break;
		case 'g': gdb = optarg; break;
		case 'c': console = optarg; break;
		case 'C': save = optarg; break;
		case 'S': qo.shm_path = optarg; break;
		case 't':
			so.duration = strtod(optarg, &end);
			if (*end || so.duration <= 0) {
				error("bad duration '%s' (seconds)", optarg);
				return 2;
			}
			break;
		case 's': case 'B': {
			long v = strtol(optarg, &end, 10);
			if (*end || v < 0 || (c == 'B' && v == 0)) {
				error("bad number '%s'", optarg);
				return 2;
			}
			if (c == 's') so.sample_ms = (unsigned)v; else so.batch_rows = (size_t)v;
			break;
		}
		case 'Q': qo.qemu = optarg; break;
		case 'P': so.progress = 0; break;
		case 'q': quiet = 1; so.progress = 0; break;
		case 'h': return usage(&cmd_run, 0);
		default: return usage(&cmd_run, 1);
		}
	}
	if (!dbpath) {
		error("no database: give -o DB");
		return 2;
	}
	qo.extra = argv + optind;
	qo.nextra = argc - optind;
	char kdir[1024], bindir[1100], mods[4096] = "", gdbaddr[64];
	snprintf(kdir, sizeof(kdir), "%s", qo.kernel);
	snprintf(bindir, sizeof(bindir), "%s/bin", dirname(kdir));
	char full[1400];
	if (!modules) {                       /* the full system, as `make run` boots it */
		snprintf(full, sizeof(full), "pm,vfs debug-deadlock,rs,vm,ds,tty,memory,fs,is,init,%s/root.img", kdir);
		modules = full;
	}
	if (resolve_modules(modules, bindir, mods, sizeof(mods)) < 0)
		return 1;
	qo.modules = mods;
	if (!gdb) {
		int port = free_port();
		if (port > 0) {
			snprintf(gdbaddr, sizeof(gdbaddr), "127.0.0.1:%d", port);
			qo.gdb = gdbaddr;
		}
	} else if (strcmp(gdb, "none") != 0) {
		qo.gdb = gdb;
	}

	struct attach a;
	struct attach_opts ao = { .kernel = qo.kernel };
	if (attach_open(&ao, &a, 0) < 0)
		return 1;
	sqlite3 *db = open_db(dbpath);
	if (!db) {
		attach_close(&a);
		return 1;
	}
	FILE *con = stdout, *chan_save = NULL;
	if (console && !(con = fopen(console, "w"))) {
		error("%s: cannot write: %s", console, strerror(errno));
		goto fail_early;
	}
	if (save && !(chan_save = fopen(save, "w"))) {
		error("%s: cannot write: %s", save, strerror(errno));
		goto fail_early;
	}
	so.progress_lines = con == stdout && isatty(1);
	install_signals();
	struct qemu q;
	int rc = 1;
	if (qemu_start(&q, &qo) < 0)
		goto out;
	char err[MXT_ERRLEN], line[512];
	struct session s = { .db = db, .a = &a, .chan_fd = -1, .con_fd = -1, .con_out = con, .chan_save = chan_save,
			     .qemu_pid = q.pid, .quit_qemu = 1, .source = "shm", .o = so };
	if (!(a.qmp = mxt_qmp_connect(q.qmp, 5000, err))) {
		error("%s (QEMU: %s)", err, qemu_last_line(&q, line, sizeof(line)));
		goto out;
	}
	if ((s.con_fd = qemu_connect(q.con)) < 0 || (s.chan_fd = qemu_connect(q.chan)) < 0) {
		error("cannot connect to QEMU's serial sockets in %s: %s", q.dir, strerror(errno));
		goto out;
	}
	if (!(a.t = mxt_shm_open(q.shm, 1, err))) {
		error("%s", err);
		goto out;
	}
	if (!q.shm_named)
		unlink(q.shm);          /* freed when both QEMU and mxtrace let go of it */
	if (!quiet)
		info("QEMU %d started%s%s; recording into %s (Ctrl-C stops)", (int)q.pid,
		     qo.gdb ? ", gdbstub at " : "", qo.gdb ? qo.gdb : "", dbpath);
	if (mxt_qmp_cont(a.qmp) < 0) {
		error("starting the guest: %s", mxt_qmp_error(a.qmp));
		goto out;
	}
	int r = session_run(&s);
	if (s.qemu_status < 0) {
		mxt_qmp_quit(a.qmp);            /* the recording is over: so is this QEMU */
	}
	q.pid = s.qemu_pid;
	if (s.end_reason && !strcmp(s.end_reason, "qemu-died"))
		error("QEMU died during the run%s%s; everything received is in %s",
		      qemu_last_line(&q, line, sizeof(line))[0] ? ": " : "", line, dbpath);
	if (!quiet)
		info("%llu events, %llu lost; ended: %s", (unsigned long long)s.events, (unsigned long long)s.lost,
		     s.end_reason ? s.end_reason : "detached");
	rc = r < 0 || (s.end_reason && !strcmp(s.end_reason, "qemu-died")) ? 1 : 0;
	if (s.chan_fd >= 0)
		close(s.chan_fd);
	if (s.con_fd >= 0)
		close(s.con_fd);
out:
	qemu_cleanup(&q);
	attach_close(&a);
	mxt_db_close(db);
	if (con && con != stdout)
		fclose(con);
	if (chan_save)
		fclose(chan_save);
	return rc;
fail_early:
	attach_close(&a);
	mxt_db_close(db);
	if (con && con != stdout)
		fclose(con);
	return 1;
}

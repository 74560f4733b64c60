/* mxtrace record: attach to a QEMU that is already running and record it. */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "mxt/chan.h"
#include "mxtrace.h"

static int run(int argc, char **argv);

const struct command cmd_record = {
	"record", run, "attach to a running QEMU and record until Ctrl-C or the guest's end",
	"usage: mxtrace record -o DB (--shm FILE | --gdb ADDR | --chan SOCK) [OPTIONS]\n"
	"\n"
	"Attach to a QEMU that is already running MX and record it like 'run' does.\n"
	"The trace comes from, in order of preference: shared guest RAM (--shm: the\n"
	"ring is drained live, the guest never stops), the gdbstub (--gdb: every\n"
	"--gdb-ms the guest is stopped, the new records copied, the guest resumed),\n"
	"or the debug channel alone (--chan without the others: mxtrace asks the\n"
	"guest to stream its records as TRACE frames, a slow serial line).  With\n"
	"--qmp, QEMU's events are followed and the guest is stopped for the final\n"
	"full snapshot.  Ends on Ctrl-C, after --duration, or when QEMU exits.\n"
	"SIGUSR1 (kill -USR1 PID) takes a full snapshot at once, noted \"on request\n"
	"N\": the way to snapshot a database while it is being recorded.\n"
	"\n"
	"  -o, --db FILE         the run database (created if missing)\n"
	"      --shm FILE        QEMU's shared guest RAM file (memory-backend-file,share=on)\n"
	"      --gdb ADDR        QEMU's gdbstub: HOST:PORT, :PORT or unix:PATH\n"
	"      --chan SOCK       the debug channel: QEMU's -serial unix:SOCK,server=on\n"
	"      --qmp SOCK        QEMU's QMP socket\n"
	"  -k, --kernel ELF      find mx_info by symbol and check the build id\n"
	"  -t, --duration S      stop recording after S seconds\n"
	"      --sample-ms N     a sample snapshot every N ms (default 1000; 0: none)\n"
	"      --gdb-ms N        with --gdb: drain every N ms (default 50)\n"
	"      --save-channel F  keep the raw debug-channel bytes in F\n"
	"      --no-final-snapshot  no full snapshot at the end\n"
	"      --leave-stopped   leave the guest stopped at the end\n"
	"      --batch N         events per committed transaction (default 50000)\n"
	"      --no-progress     no progress line\n"
	"  -q, --quiet           only errors\n"
	"  -h, --help            this text\n",
};

static int send_cmd(int fd, uint32_t seq, uint32_t op, uint32_t arg0)
{
	struct mx_cmd c = { op, arg0, 0 };
	uint8_t wire[64];
	size_t n = mxt_frame_encode(MX_FR_CMD, 0, seq, &c, sizeof(c), wire);
	return write(fd, wire, n) == (ssize_t)n ? 0 : -1;
}

static void on_ack(void *ctx, const mx_frame_hdr *h, const uint8_t *p, const char *why)
{
	int *acked = ctx;
	(void)why;
	if (h && (h->type == MX_FR_ACK || h->type == MX_FR_ERROR) && h->len >= 4) {
		uint32_t seq;
		memcpy(&seq, p, 4);
		if (seq == 2)
			*acked = 1;
	}
}

/* Tell the guest to stop streaming and wait (a little) for its answer, so the
 * command is not lost with the connection and the stream really stops. */
static void stop_stream(int fd)
{
	int acked = 0;
	struct mxt_chan_dec *d = malloc(sizeof(*d));
	if (!d || send_cmd(fd, 2, MX_CMD_STREAM, 0) < 0) {
		free(d);
		return;
	}
	mxt_chan_init(d, on_ack, &acked);
	uint64_t deadline = mxt_now_ns() + 3000000000ull;
	while (!acked && mxt_now_ns() < deadline) {
		struct pollfd pf = { fd, POLLIN, 0 };
		if (poll(&pf, 1, 50) <= 0)
			continue;
		uint8_t buf[8192];
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n <= 0 && !(n < 0 && (errno == EAGAIN || errno == EINTR)))
			break;
		if (n > 0)
			mxt_chan_feed(d, buf, (size_t)n);
	}
	free(d);
}

static int run(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "db", required_argument, 0, 'o' }, { "shm", required_argument, 0, 's' },
		{ "gdb", required_argument, 0, 'g' }, { "chan", required_argument, 0, 'c' },
		{ "qmp", required_argument, 0, 'Q' }, { "kernel", required_argument, 0, 'k' },
		{ "duration", required_argument, 0, 't' }, { "sample-ms", required_argument, 0, 'S' },
		{ "gdb-ms", required_argument, 0, 'G' }, { "save-channel", required_argument, 0, 'C' },
		{ "no-final-snapshot", no_argument, 0, 'F' }, { "leave-stopped", no_argument, 0, 'L' },
		{ "batch", required_argument, 0, 'B' }, { "no-progress", no_argument, 0, 'P' },
		{ "quiet", no_argument, 0, 'q' }, { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 },
	};
	struct attach_opts ao = { 0 };
	struct session_opts so = { .sample_ms = 1000, .gdb_ms = 50, .progress = 1, .final_snapshot = 1 };
	const char *dbpath = NULL, *chan = NULL, *save = NULL;
	int quiet = 0, c;
	char *end;
	while ((c = getopt_long(argc, argv, "o:k:t:qh", lo, NULL)) != -1) {
		switch (c) {
		case 'o': dbpath = optarg; break;
		case 's': ao.shm = optarg; break;
		case 'g': ao.gdb = optarg; break;
		case 'c': chan = optarg; break;
		case 'Q': ao.qmp = optarg; break;
		case 'k': ao.kernel = optarg; break;
		case 't':
			so.duration = strtod(optarg, &end);
			if (*end || so.duration <= 0) {
				error("bad duration '%s' (seconds)", optarg);
				return 2;
			}
			break;
		case 'S': case 'G': case 'B': {
			long v = strtol(optarg, &end, 10);
			if (*end || v < 0 || (c != 'S' && v == 0)) {
				error("bad number '%s'", optarg);
				return 2;
			}
			if (c == 'S') so.sample_ms = (unsigned)v;
			else if (c == 'G') so.gdb_ms = (unsigned)v;
			else so.batch_rows = (size_t)v;
			break;
		}
		case 'C': save = optarg; break;
		case 'F': so.final_snapshot = 0; break;
		case 'L': so.leave_stopped = 1; break;
		case 'P': so.progress = 0; break;
		case 'q': quiet = 1; so.progress = 0; break;
		case 'h': return usage(&cmd_record, 0);
		default: return usage(&cmd_record, 1);
		}
	}
	if (!dbpath || optind != argc) {
		error(!dbpath ? "no database: give -o DB" : "unexpected argument '%s'", argv[optind]);
		return 2;
	}
	if (!ao.shm && !ao.gdb && !chan) {
		error("nothing to record from: give --shm FILE, --gdb ADDR or --chan SOCK");
		return 2;
	}
	if (ao.shm && ao.gdb) {
		error("give --shm or --gdb, not both (shared RAM needs no gdbstub)");
		return 2;
	}
	struct attach a;
	if (attach_open(&ao, &a, 0) < 0)
		return 1;
	sqlite3 *db = open_db(dbpath);
	if (!db) {
		attach_close(&a);
		return 1;
	}
	int rc = 1;
	struct session s = { .db = db, .a = &a, .chan_fd = -1, .con_fd = -1, .source = a.t ? a.t->source : "channel", .o = so };
	if (chan && (s.chan_fd = qemu_connect(chan)) < 0) {
		error("cannot connect to the debug channel at %s: %s", chan, strerror(errno));
		goto out;
	}
	if (save && !(s.chan_save = fopen(save, "w"))) {
		error("%s: cannot write: %s", save, strerror(errno));
		goto out;
	}
	install_signals();
	int streaming = !a.t && s.chan_fd >= 0;
	/* Channel only: ask for HELLO (a boot to file records under) and the record stream. */
	if (streaming && (send_cmd(s.chan_fd, 0, MX_CMD_HELLO, 0) < 0 || send_cmd(s.chan_fd, 1, MX_CMD_STREAM, 1) < 0)) {
		error("cannot write to the debug channel: %s", strerror(errno));
		goto out;
	}
	if (!quiet)
		info("recording %s into %s (Ctrl-C stops)", a.t ? a.t->source : "the debug channel", dbpath);
	int r = session_run(&s);
	if (streaming && s.chan_fd >= 0)
		stop_stream(s.chan_fd);
	if (!quiet)
		info("%llu events, %llu lost; ended: %s", (unsigned long long)s.events, (unsigned long long)s.lost,
		     s.end_reason ? s.end_reason : "detached");
	rc = r < 0 || (s.end_reason && !strcmp(s.end_reason, "qemu-died")) ? 1 : 0;
out:
	if (s.chan_fd >= 0)
		close(s.chan_fd);
	if (s.chan_save)
		fclose(s.chan_save);
	attach_close(&a);
	mxt_db_close(db);
	return rc;
}

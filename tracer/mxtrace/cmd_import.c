/* mxtrace import: a QEMU core file or a saved debug-channel stream. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "mxtrace.h"

static int run(int argc, char **argv);

const struct command cmd_import = {
	"import", run, "import a QEMU core file or a saved debug-channel stream",
	"usage: mxtrace import -o DB [OPTIONS] FILE...\n"
	"\n"
	"Each FILE is either a QEMU dump-guest-memory core (an ELF core file: read\n"
	"as a 'full' snapshot of the stopped guest, with the trace ring's records\n"
	"and the kernel log), or a raw debug-channel byte stream as mxtrace run\n"
	"saves it (--save-channel): HELLO starts a boot, TRACE batches become\n"
	"events, LOG lines the log, DUMP frames dumps; corrupt frames are skipped\n"
	"and the records they carried counted in losses.\n"
	"\n"
	"  -o, --db FILE        the run database (created if missing)\n"
	"  -k, --kernel ELF     (cores) find mx_info by symbol and check the build id\n"
	"      --format FMT     'core' or 'channel' (default: from the file's first bytes)\n"
	"  -q, --quiet          print nothing on success\n"
	"  -h, --help           this text\n",
};

static int import_core(sqlite3 *db, const char *path, const char *kernel, int quiet)
{
	struct attach_opts ao = { .core = path, .kernel = kernel };
	struct attach a;
	char err[MXT_ERRLEN];
	if (attach_open(&ao, &a, 1) < 0)
		return -1;
	if (attach_find_info(&a, 0, NULL) < 0) {
		attach_close(&a);
		return -1;
	}
	struct snap_job *j = calloc(1, sizeof(*j));
	struct mxt_writer_opts wo = { 0, 0, 0 };
	struct mxt_writer *w = j ? mxt_writer_new(db, &wo, err) : NULL;
	int rc = -1;
	if (!j || !w) {
		error("%s", j ? err : "out of memory");
		goto out;
	}
	if (mxt_image_read(a.t, &a.info, MXT_IMG_FULL, &j->img, err) < 0) {
		error("%s: %s", path, err);
		goto out;
	}
	struct mxt_boot boot;
	if (boot_open_sync(w, &a.info, &j->img.ring_hdr, j->img.boot, "core", kernel, &boot, err) < 0) {
		error("%s", err);
		goto out;
	}
	mxt_writer_boot_hz(w, boot.boot_id, a.info.mi.tsc_hz);
	uint64_t events = 0, lost = 0;
	if (j->img.ring) {
		struct mxt_target *rt = mxt_image_ring_target(&j->img, err);
		struct mxt_drain d;
		struct drain_sink sink = { w, boot.boot_id };
		if (!rt || mxt_drain_init(&d, rt, &a.info, boot.next_seq, err) < 0 ||
		    mxt_drain_poll(&d, sink_events, sink_loss, &sink, err) < 0) {
			error("%s: %s", path, err);
			mxt_target_close(rt);
			goto out;
		}
		events = d.kept;
		lost = d.lost_overwritten + d.lost_torn;
		mxt_drain_free(&d);
		mxt_target_close(rt);
	}
	j->boot_id = boot.boot_id;
	j->meta.kind = "full";
	j->meta.source = "core";
	j->meta.stopped_us = -1;
	snprintf(j->note, sizeof(j->note), "core file %s", path);
	j->meta.note = j->note;
	struct snap_job *job = j;
	j = NULL;
	if (mxt_writer_call(w, snap_job_write, job, snap_job_free) < 0 || mxt_writer_sync(w) < 0) {
		error("%s", mxt_writer_error(w));
		goto out;
	}
	if (!quiet)
		printf("%s: boot %lld%s, full snapshot, %llu events, %llu lost (mx_info found by %s)\n", path,
		       (long long)boot.boot_id, boot.existing ? "" : " (new)", (unsigned long long)events,
		       (unsigned long long)lost, a.info.how);
	rc = 0;
out:
	if (j)
		snap_job_free(j);
	if (w && mxt_writer_close(w, err) < 0) {
		error("%s", err);
		rc = -1;
	}
	attach_close(&a);
	return rc;
}

static int import_channel(sqlite3 *db, const char *path, int quiet)
{
	char err[MXT_ERRLEN];
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		error("%s: %s", path, strerror(errno));
		return -1;
	}
	struct mxt_writer_opts wo = { 0, 0, 1 };
	struct mxt_writer *w = mxt_writer_new(db, &wo, err);
	if (!w) {
		error("%s", err);
		close(fd);
		return -1;
	}
	struct mxt_ingest *in = malloc(sizeof(*in));
	if (!in) {
		error("out of memory");
		mxt_writer_close(w, NULL);
		close(fd);
		return -1;
	}
	mxt_ingest_init(in, w, -1, "channel");
	uint64_t t0 = mxt_now_ns();
	static uint8_t buf[1 << 16];
	ssize_t n;
	int rc = 0;
	while ((n = read(fd, buf, sizeof(buf))) > 0 && !stop_requested)
		mxt_ingest_bytes(in, buf, (size_t)n);
	if (n < 0) {
		error("%s: read failed: %s", path, strerror(errno));
		rc = -1;
	}
	close(fd);
	mxt_ingest_finish(in);
	if (mxt_writer_close(w, err) < 0) {
		error("%s", err);
		rc = -1;
	}
	double secs = (double)(mxt_now_ns() - t0) / 1e9;
	const struct mxt_chan_stats *s = &in->dec.st;
	if (in->boot_id < 0 && s->frames && !in->have_info)
		error("%s: no valid HELLO frame%s%s: the records could not be given a boot and were not stored", path,
		      in->err[0] ? "; last problem: " : "", in->err);
	if (!quiet || rc)
		printf("%s: %llu frames (%llu corrupt), %llu records in %.3f s (%.0f records/s), %llu lost, %llu log lines, %llu dumps\n",
		       path, (unsigned long long)s->frames, (unsigned long long)s->corrupt,
		       (unsigned long long)in->records, secs, secs > 0 ? (double)in->records / secs : 0.0,
		       (unsigned long long)in->lost, (unsigned long long)in->logs, (unsigned long long)in->dumps);
	if (in->boot_id < 0 && in->records)
		rc = -1;
	mxt_ingest_free(in);
	free(in);
	return rc;
}

static int is_elf(const char *path)
{
	unsigned char m[4] = { 0 };
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	size_t n = fread(m, 1, 4, f);
	fclose(f);
	return n == 4 && m[0] == 0x7f && m[1] == 'E' && m[2] == 'L' && m[3] == 'F';
}

static int run(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "db", required_argument, 0, 'o' }, { "kernel", required_argument, 0, 'k' },
		{ "format", required_argument, 0, 'f' }, { "quiet", no_argument, 0, 'q' },
		{ "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 },
	};
	const char *dbpath = NULL, *kernel = NULL, *format = NULL;
	int quiet = 0, c;
	while ((c = getopt_long(argc, argv, "o:k:qh", lo, NULL)) != -1) {
		switch (c) {
		case 'o': dbpath = optarg; break;
		case 'k': kernel = optarg; break;
		case 'f': format = optarg; break;
		case 'q': quiet = 1; break;
		case 'h': return usage(&cmd_import, 0);
		default: return usage(&cmd_import, 1);
		}
	}
	if (!dbpath || optind >= argc) {
		error(!dbpath ? "no database: give -o DB" : "no file to import");
		return 2;
	}
	if (format && strcmp(format, "core") && strcmp(format, "channel")) {
		error("unknown format '%s' (core or channel)", format);
		return 2;
	}
	for (int i = optind; i < argc; i++)
		if (access(argv[i], R_OK) != 0) {
			error("%s: %s", argv[i], strerror(errno));
			return 1;
		}
	install_signals();
	sqlite3 *db = open_db(dbpath);
	if (!db)
		return 1;
	int rc = 0;
	for (int i = optind; i < argc && rc == 0 && !stop_requested; i++) {
		int core = format ? !strcmp(format, "core") : is_elf(argv[i]);
		rc = core ? import_core(db, argv[i], kernel, quiet) : import_channel(db, argv[i], quiet);
	}
	mxt_db_close(db);
	return rc ? 1 : 0;
}

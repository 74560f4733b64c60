/* Helpers shared by the mxtrace commands. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "mxt/rsp.h"
#include "mxtrace.h"

const char *cmd_name = "mxtrace";
volatile sig_atomic_t stop_requested;
volatile sig_atomic_t snapshots_requested;

void error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s: ", cmd_name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

void info(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s: ", cmd_name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		snapshots_requested++;
	else
		stop_requested = 1;
}

void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

int usage(const struct command *c, int status)
{
	fputs(c->usage, status ? stderr : stdout);
	return status ? 2 : 0;
}

sqlite3 *open_db(const char *path)
{
	char err[512];
	sqlite3 *db = mxt_db_open(path, MXT_DB_CREATE, err, sizeof(err));
	if (!db)
		error("%s%s", err, strstr(err, "database is locked") ?
		      " (another mxtrace is writing it: to snapshot while it records, send it SIGUSR1)" : "");
	return db;
}

int attach_open(const struct attach_opts *o, struct attach *a, int need_target)
{
	char err[MXT_ERRLEN];
	memset(a, 0, sizeof(*a));
	int n = !!o->shm + !!o->gdb + !!o->core;
	if (n > 1) {
		error("give only one of --shm, --gdb and --core");
		return -1;
	}
	if (n == 0 && need_target) {
		error("no guest to read: give --shm FILE, --gdb ADDR or --core FILE");
		return -1;
	}
	if (o->kernel) {
		if (!(a->kernel = mxt_elf_open(o->kernel, err))) {
			error("%s", err);
			return -1;
		}
		a->kernel_path = o->kernel;
	}
	if (o->qmp && !(a->qmp = mxt_qmp_connect(o->qmp, 5000, err))) {
		error("%s", err);
		attach_close(a);
		return -1;
	}
	if (o->shm)
		a->t = mxt_shm_open(o->shm, 1, err);
	else if (o->gdb)
		a->t = mxt_gdb_open(o->gdb, err);
	else if (o->core)
		a->t = mxt_core_open(o->core, err);
	if (n && !a->t) {
		error("%s", err);
		attach_close(a);
		return -1;
	}
	return 0;
}

int attach_find_info(struct attach *a, int quiet, char *err)
{
	char buf[MXT_ERRLEN];
	if (!err)
		err = buf;
	if (mxt_info_find(a->t, a->kernel, &a->info, err) < 0) {
		if (!quiet)
			error("%s", err);
		return -1;
	}
	a->have_info = 1;
	return 0;
}

void attach_close(struct attach *a)
{
	mxt_target_close(a->t);
	mxt_qmp_close(a->qmp);
	mxt_elf_close(a->kernel);
	memset(a, 0, sizeof(*a));
}

int snap_job_write(sqlite3 *db, void *arg, char *err)
{
	struct snap_job *j = arg;
	return mxt_snapshot_write(db, j->boot_id, &j->img, &j->meta, &j->snap_id, err);
}

void snap_job_free(void *arg)
{
	struct snap_job *j = arg;
	mxt_image_free(&j->img);
	free(j);
}

struct boot_call {
	const struct mxt_info *in;
	const mx_trace_ring *ring;
	const mx_bootinfo *bi;
	const char *source, *kernel;
	struct mxt_boot *b;
	char err[MXT_ERRLEN];
	int rc;
};

static int boot_call(sqlite3 *db, void *arg, char *err)
{
	struct boot_call *c = arg;
	c->rc = mxt_boot_open(db, c->in, c->ring, c->bi, c->source, c->kernel, c->b, c->err);
	return c->rc < 0 ? mxt_errf(err, "%s", c->err) : 0;
}

int boot_open_sync(struct mxt_writer *w, const struct mxt_info *in, const mx_trace_ring *ring,
		   const mx_bootinfo *bi, const char *source, const char *kernel, struct mxt_boot *b, char *err)
{
	struct boot_call c = { in, ring, bi, source, kernel, b, "", 0 };
	if (mxt_writer_call(w, boot_call, &c, NULL) < 0 || mxt_writer_sync(w) < 0)
		return mxt_errf(err, "%s", mxt_writer_error(w));
	return 0;
}

struct end_call {
	int64_t boot_id;
	const char *reason;
};

static int end_call(sqlite3 *db, void *arg, char *err)
{
	struct end_call *c = arg;
	return mxt_boot_end(db, c->boot_id, c->reason, err);
}

int boot_end_sync(struct mxt_writer *w, int64_t boot_id, const char *reason)
{
	struct end_call c = { boot_id, reason };
	if (mxt_writer_call(w, end_call, &c, NULL) < 0)
		return -1;
	return mxt_writer_sync(w);
}

void sink_events(void *ctx, const struct mxt_ev *ev, size_t n)
{
	struct drain_sink *s = ctx;
	mxt_writer_events(s->w, s->boot_id, ev, n);
}

void sink_loss(void *ctx, uint64_t first, uint64_t count, const char *cause)
{
	struct drain_sink *s = ctx;
	mxt_writer_loss(s->w, s->boot_id, first, count, cause);
}

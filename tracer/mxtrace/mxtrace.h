/*
 * mxtrace: acquisition into the run database.  One file per command
 * (cmd_*.c), the recording loop shared by run and record (session.c),
 * QEMU's start-up for run (qemu.c), and the helpers below (common.c).
 */
#ifndef MXTRACE_H
#define MXTRACE_H

#include <signal.h>
#include <stdio.h>
#include <sys/types.h>
#include <sqlite3.h>
#include "mxt/db.h"
#include "mxt/drain.h"
#include "mxt/elf.h"
#include "mxt/info.h"
#include "mxt/ingest.h"
#include "mxt/qmp.h"
#include "mxt/snapshot.h"
#include "mxt/target.h"
#include "mxt/writer.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
	const char *usage;       /* the --help text */
};

extern const struct command cmd_run, cmd_record, cmd_snapshot, cmd_import, cmd_export, cmd_mem, cmd_ctl, cmd_migrate;

/* ---- common.c ---------------------------------------------------------------- */

extern const char *cmd_name;                 /* for messages: "mxtrace snapshot" */
extern volatile sig_atomic_t stop_requested; /* SIGINT or SIGTERM arrived */
extern volatile sig_atomic_t snapshots_requested;  /* SIGUSR1s arrived: full snapshots wanted (record, run) */

void error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void install_signals(void);
/* Print usage and return 0 for --help, 2 for a usage error. */
int usage(const struct command *c, int status);
/* Open (creating) the run database; NULL after printing the error. */
sqlite3 *open_db(const char *path);

/* Where the guest is read from: at most one of shm, gdb, core. */
struct attach_opts {
	const char *shm, *gdb, *core, *qmp, *kernel;
};

struct attach {
	struct mxt_target *t;    /* NULL when only the channel is used */
	struct mxt_qmp *qmp;
	struct mxt_elf *kernel;
	const char *kernel_path;
	struct mxt_info info;
	int have_info;
};

/* Open what o names; need_target: one of shm/gdb/core is required. */
int attach_open(const struct attach_opts *o, struct attach *a, int need_target);
/* Find mx_info (by symbol or scan); message printed on failure unless quiet. */
int attach_find_info(struct attach *a, int quiet, char *err);
void attach_close(struct attach *a);

/* A snapshot image and its metadata, for mxt_writer_call. */
struct snap_job {
	struct mxt_image img;
	int64_t boot_id;
	struct mxt_snap_meta meta;
	char note[256];
	int64_t snap_id;
};
int snap_job_write(sqlite3 *db, void *arg, char *err);
void snap_job_free(void *arg);

/* Open (find or add) the boot for an image's info, on the writer's thread. */
int boot_open_sync(struct mxt_writer *w, const struct mxt_info *in, const mx_trace_ring *ring,
		   const mx_bootinfo *bi, const char *source, const char *kernel, struct mxt_boot *b, char *err);
int boot_end_sync(struct mxt_writer *w, int64_t boot_id, const char *reason);

/* Drain callbacks: ctx is a struct drain_sink. */
struct drain_sink {
	struct mxt_writer *w;
	int64_t boot_id;
};
void sink_events(void *ctx, const struct mxt_ev *ev, size_t n);
void sink_loss(void *ctx, uint64_t first, uint64_t count, const char *cause);

/* ---- session.c: the recording loop of run and record ------------------------------ */

struct session_opts {
	unsigned sample_ms;      /* live sample snapshots; 0: none */
	unsigned gdb_ms;         /* gdb drain interval */
	double duration;         /* seconds; 0: until stopped */
	int progress;            /* progress line on stderr */
	int progress_lines;      /* whole lines, not one line redrawn (the console shares the terminal) */
	int final_snapshot;      /* full snapshot at the end */
	int leave_stopped;       /* record: leave the guest stopped at the end */
	size_t batch_rows;
};

struct session {
	sqlite3 *db;
	struct attach *a;
	int chan_fd;             /* debug channel socket, -1 if none */
	int con_fd;              /* console socket (run), -1 if none */
	FILE *con_out;
	FILE *chan_save;         /* the raw channel bytes, for mxtrace import */
	pid_t qemu_pid;          /* run: our QEMU */
	int quit_qemu;           /* run: quit QEMU at the end */
	const char *source;
	struct session_opts o;
	/* results */
	const char *end_reason;
	int qemu_status;         /* wait status once QEMU exited, -1 before */
	uint64_t events, lost;
};

int session_run(struct session *s);

/* ---- qemu.c ----------------------------------------------------------------------- */

struct qemu_opts {
	const char *qemu, *kernel, *modules, *append, *mem, *gdb, *shm_path;
	int icount, kvm;
	char **extra;
	int nextra;
};

struct qemu {
	pid_t pid;
	char dir[64];
	char shm[256];
	int shm_named;           /* --shm-path given: keep the file */
	char qmp[128], chan[128], con[128], log[128];
	char gdb[160];
};

int qemu_start(struct qemu *q, const struct qemu_opts *o);
/* Connect to a Unix socket QEMU serves; -1 with errno on failure. */
int qemu_connect(const char *path);
/* The last line QEMU printed (its error, when it failed). */
const char *qemu_last_line(struct qemu *q, char *buf, size_t len);
void qemu_cleanup(struct qemu *q);

#endif

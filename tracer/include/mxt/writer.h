/*
 * The database writer: everything an acquisition run stores goes through
 * it, in order.  Rows are written in batched transactions (a commit every
 * batch_rows events or commit_ms, whichever comes first, so WAL readers
 * such as mxtop see a recording run); at each commit the aggregate tables
 * (ipc_agg, ipc_lat_hist, kcall_agg, proc_agg) are brought up to date in
 * the same transaction.  Closing commits the last batch.
 *
 * Threaded, the writer owns the connection on its own thread and the
 * calls below only queue work (safe from any thread); otherwise they run
 * at once on the caller's thread.  A failed write is a one-line message
 * in mxt_writer_error(); later calls fail without touching the database.
 */
#ifndef MXT_WRITER_H
#define MXT_WRITER_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>
#include <mx/trace.h>
#include "mxt/util.h"

/* A record and its full record number (the ring's head counting). */
struct mxt_ev {
	uint64_t num;
	mx_trace_rec rec;
};

struct mxt_writer_opts {
	size_t batch_rows;       /* 0: 50000 */
	unsigned commit_ms;      /* 0: 250 */
	int threaded;
};

struct mxt_writer_stats {
	uint64_t events;         /* rows written (committed or in the open batch) */
	uint64_t lost;           /* records counted in losses */
	uint64_t commits;
	uint64_t queued;         /* events waiting for the writer thread */
};

struct mxt_writer;

struct mxt_writer *mxt_writer_new(sqlite3 *db, const struct mxt_writer_opts *o, char *err);
/* Commit what is left, stop the thread; 0, or -1 if any write failed. */
int mxt_writer_close(struct mxt_writer *w, char *err);
const char *mxt_writer_error(struct mxt_writer *w);
/* Has a write failed (nothing more will be stored)? */
int mxt_writer_failed(struct mxt_writer *w);
void mxt_writer_stats(struct mxt_writer *w, struct mxt_writer_stats *s);

/* The aggregation bucket width for a boot, in TSC ticks. */
int mxt_writer_boot(struct mxt_writer *w, int64_t boot_id, uint64_t bucket_ticks);
/* ipc_lat_hist_period: one histogram row per path, bin and this many buckets. */
#define MXT_HIST_PERIOD_BUCKETS 10
/* The same from the database's meta 'bucket_ticks', set from tsc_hz / 10 by the
 * first boot (looked up on the writer's thread). */
int mxt_writer_boot_hz(struct mxt_writer *w, int64_t boot_id, uint64_t tsc_hz);
/* Events of a boot (copied). */
int mxt_writer_events(struct mxt_writer *w, int64_t boot_id, const struct mxt_ev *ev, size_t n);
/* count records from first on that will never be stored, and why (a losses cause). */
int mxt_writer_loss(struct mxt_writer *w, int64_t boot_id, uint64_t first, uint64_t count, const char *cause);
/* Run fn on the writer's connection, in order with the rest, inside the
 * open transaction; fn returns 0 or -1 with a message in err; free_fn (optional) frees arg after. */
typedef int (*mxt_writer_fn)(sqlite3 *db, void *arg, char *err);
int mxt_writer_call(struct mxt_writer *w, mxt_writer_fn fn, void *arg, void (*free_fn)(void *));
/* Commit now and wait until everything queued so far is in the database. */
int mxt_writer_sync(struct mxt_writer *w);

/* ---- aggregates (agg.c) -------------------------------------------------- */

struct mxt_agg;
struct mxt_agg *mxt_agg_new(void);
void mxt_agg_free(struct mxt_agg *a);
void mxt_agg_boot(struct mxt_agg *a, int64_t boot_id, uint64_t bucket_ticks);
void mxt_agg_add(struct mxt_agg *a, int64_t boot_id, const mx_trace_rec *r);
/* Add the pending sums to the tables (upserts) and start over. */
int mxt_agg_flush(struct mxt_agg *a, sqlite3 *db, char *err);

#endif

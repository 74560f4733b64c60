/*
 * The database writer (see mxt/writer.h).  Work items are applied in the
 * order they were queued; the transaction is committed when it holds
 * batch_rows events, when it has been open commit_ms, on sync and on close.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mxt/snapshot.h"
#include "mxt/writer.h"

#define ROWS_PER_INSERT 128
#define EV_MASK ((1ull << 40) - 1)

enum { IT_EVENTS, IT_LOSS, IT_CALL, IT_BOOT, IT_SYNC };

struct item {
	struct item *next;
	int type;
	int64_t boot;
	size_t n;
	struct mxt_ev *ev;
	uint64_t first, count;
	char cause[24];
	mxt_writer_fn fn;
	void *arg;
	void (*free_fn)(void *);
	uint64_t sync_id;
};

struct mxt_writer {
	sqlite3 *db;
	size_t batch_rows;
	unsigned commit_ms;
	int threaded;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t work, progress;
	struct item *head, *tail;
	int closing;
	uint64_t sync_req, sync_done;
	/* the writer's own state */
	int failed;
	char err[MXT_ERRLEN];
	int in_txn;
	size_t rows_in_txn;
	uint64_t txn_start;
	sqlite3_stmt *ins[2][ROWS_PER_INSERT + 1];   /* [with ids?][rows]: prepared on first use */
	sqlite3_stmt *loss;
	int64_t next_rowid;      /* the id SQLite gives a row inserted without one (max + 1) */
	struct mxt_agg *agg;
	struct mxt_writer_stats st;
};

static int fail_sql(struct mxt_writer *w, const char *what)
{
	if (!w->failed)
		mxt_errf(w->err, "database: %s: %s", what, sqlite3_errmsg(w->db));
	__atomic_store_n(&w->failed, 1, __ATOMIC_RELEASE);
	return -1;
}

static int begin(struct mxt_writer *w)
{
	if (w->in_txn)
		return 0;
	/* IMMEDIATE: no other writer can add events between reading max(id) and writing. */
	if (sqlite3_exec(w->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return fail_sql(w, "BEGIN");
	sqlite3_stmt *st;
	w->next_rowid = -1;
	if (sqlite3_prepare_v2(w->db, "SELECT coalesce(max(id), 0) + 1 FROM events", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			w->next_rowid = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	w->in_txn = 1;
	w->rows_in_txn = 0;
	w->txn_start = mxt_now_ns();
	return 0;
}

static int commit(struct mxt_writer *w)
{
	if (!w->in_txn || w->failed)
		return w->failed ? -1 : 0;
	char e[MXT_ERRLEN];
	if (mxt_agg_flush(w->agg, w->db, e) < 0) {
		mxt_errf(w->err, "database: %s", e);
		__atomic_store_n(&w->failed, 1, __ATOMIC_RELEASE);
		sqlite3_exec(w->db, "ROLLBACK", NULL, NULL, NULL);
		w->in_txn = 0;
		return -1;
	}
	if (sqlite3_exec(w->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		fail_sql(w, "COMMIT");
		sqlite3_exec(w->db, "ROLLBACK", NULL, NULL, NULL);
		w->in_txn = 0;
		return -1;
	}
	w->in_txn = 0;
	w->st.commits++;
	return 0;
}

static void bind_ev(sqlite3_stmt *st, int p, int64_t boot, const struct mxt_ev *e)
{
	sqlite3_bind_int64(st, p, (int64_t)((uint64_t)boot << 40 | (e->num & EV_MASK)));
	sqlite3_bind_int64(st, p + 1, (int64_t)e->rec.tsc);
	sqlite3_bind_int(st, p + 2, e->rec.kind);
	sqlite3_bind_int(st, p + 3, e->rec.flags);
	sqlite3_bind_int(st, p + 4, e->rec.src);
	sqlite3_bind_int(st, p + 5, e->rec.dst);
	sqlite3_bind_int(st, p + 6, e->rec.type);
	sqlite3_bind_int64(st, p + 7, e->rec.arg);
}

/* Bind a record without its id (the row gets max(id) + 1). */
static void bind_rec(sqlite3_stmt *st, int p, const struct mxt_ev *e)
{
	sqlite3_bind_int64(st, p, (int64_t)e->rec.tsc);
	sqlite3_bind_int(st, p + 1, e->rec.kind);
	sqlite3_bind_int(st, p + 2, e->rec.flags);
	sqlite3_bind_int(st, p + 3, e->rec.src);
	sqlite3_bind_int(st, p + 4, e->rec.dst);
	sqlite3_bind_int(st, p + 5, e->rec.type);
	sqlite3_bind_int64(st, p + 6, e->rec.arg);
}

static int step_reset(struct mxt_writer *w, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : fail_sql(w, "inserting events");
}

/* "INSERT INTO events ... VALUES" for rows rows, with or without their ids. */
static sqlite3_stmt *insert_stmt(struct mxt_writer *w, int with_id, size_t rows)
{
	sqlite3_stmt **st = &w->ins[with_id][rows];
	if (*st)
		return *st;
	char sql[ROWS_PER_INSERT * 20 + 96];
	size_t n = (size_t)snprintf(sql, sizeof(sql), "INSERT INTO events %s VALUES ",
				    with_id ? "" : "(tsc, kind, flags, src, dst, type, arg)");
	for (size_t r = 0; r < rows; r++)
		n += (size_t)snprintf(sql + n, sizeof(sql) - n, "%s(?,?,?,?,?,?,?%s)", r ? "," : "", with_id ? ",?" : "");
	if (sqlite3_prepare_v2(w->db, sql, -1, st, NULL) != SQLITE_OK) {
		fail_sql(w, "preparing the event insert");
		*st = NULL;
	}
	return *st;
}

/*
 * Insert events by runs of consecutive record numbers, up to
 * ROWS_PER_INSERT rows a statement.  A run whose ids follow the table's
 * largest id goes in without ids: SQLite appends such rows without
 * searching the table for each, which is most of the cost of an insert.
 */
static int put_events(struct mxt_writer *w, int64_t boot, const struct mxt_ev *ev, size_t n)
{
	size_t i = 0;
	while (i < n) {
		int64_t id0 = (int64_t)((uint64_t)boot << 40 | (ev[i].num & EV_MASK));
		size_t run = 1;
		while (run < ROWS_PER_INSERT && i + run < n && ev[i + run].num == ev[i].num + run)
			run++;
		int with_id = id0 != w->next_rowid;
		sqlite3_stmt *st = insert_stmt(w, with_id, run);
		if (!st)
			return -1;
		for (size_t r = 0; r < run; r++) {
			if (with_id)
				bind_ev(st, 1 + 8 * (int)r, boot, &ev[i + r]);
			else
				bind_rec(st, 1 + 7 * (int)r, &ev[i + r]);
		}
		if (step_reset(w, st) < 0)
			return -1;
		int64_t end = id0 + (int64_t)run;
		if (w->next_rowid >= 0 && end > w->next_rowid)
			w->next_rowid = end;
		i += run;
	}
	for (i = 0; i < n; i++)
		mxt_agg_add(w->agg, boot, &ev[i].rec);
	w->rows_in_txn += n;
	w->st.events += n;
	return 0;
}

static int put_loss(struct mxt_writer *w, const struct item *it)
{
	char now[32];
	mxt_iso_now(now);
	sqlite3_bind_int64(w->loss, 1, it->boot);
	sqlite3_bind_int64(w->loss, 2, (int64_t)it->first);
	sqlite3_bind_int64(w->loss, 3, (int64_t)it->count);
	sqlite3_bind_text(w->loss, 4, it->cause, -1, SQLITE_STATIC);
	sqlite3_bind_text(w->loss, 5, now, -1, SQLITE_STATIC);
	int rc = sqlite3_step(w->loss);
	sqlite3_reset(w->loss);
	if (rc != SQLITE_DONE)
		return fail_sql(w, "recording a loss");
	w->st.lost += it->count;
	w->rows_in_txn++;
	return 0;
}

static void free_item(struct item *it)
{
	if (it->type == IT_CALL && it->free_fn)
		it->free_fn(it->arg);
	free(it->ev);
	free(it);
}

/* Apply one item (writer thread, or the caller when not threaded). */
static void apply(struct mxt_writer *w, struct item *it)
{
	if (w->failed && it->type != IT_SYNC)
		return;
	switch (it->type) {
	case IT_EVENTS:
		if (begin(w) == 0)
			put_events(w, it->boot, it->ev, it->n);
		break;
	case IT_LOSS:
		if (begin(w) == 0)
			put_loss(w, it);
		break;
	case IT_CALL:
		if (begin(w) == 0) {
			char e[MXT_ERRLEN] = "";
			if (it->fn(w->db, it->arg, e) < 0) {
				mxt_errf(w->err, "database: %s", e[0] ? e : sqlite3_errmsg(w->db));
				__atomic_store_n(&w->failed, 1, __ATOMIC_RELEASE);
			}
			w->rows_in_txn++;
		}
		break;
	case IT_BOOT:
		mxt_agg_boot(w->agg, it->boot, it->count ? mxt_bucket_ticks_hz(w->db, it->first) : it->first);
		break;
	case IT_SYNC:
		commit(w);
		break;
	}
	if (w->in_txn && (w->rows_in_txn >= w->batch_rows ||
			  mxt_now_ns() - w->txn_start >= (uint64_t)w->commit_ms * 1000000ull))
		commit(w);
}

static void *thread_main(void *arg)
{
	struct mxt_writer *w = arg;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->head && !w->closing) {
			if (w->in_txn) {
				uint64_t due = w->txn_start + (uint64_t)w->commit_ms * 1000000ull;
				if (mxt_now_ns() >= due) {
					pthread_mutex_unlock(&w->mu);
					commit(w);
					pthread_mutex_lock(&w->mu);
					continue;
				}
				struct timespec ts;
				clock_gettime(CLOCK_REALTIME, &ts);
				uint64_t wait = due - mxt_now_ns() + 1000000;
				ts.tv_sec += (time_t)(wait / 1000000000ull);
				ts.tv_nsec += (long)(wait % 1000000000ull);
				if (ts.tv_nsec >= 1000000000) {
					ts.tv_sec++;
					ts.tv_nsec -= 1000000000;
				}
				pthread_cond_timedwait(&w->work, &w->mu, &ts);
			} else {
				pthread_cond_wait(&w->work, &w->mu);
			}
		}
		if (!w->head && w->closing)
			break;
		struct item *it = w->head;
		w->head = it->next;
		if (!w->head)
			w->tail = NULL;
		if (it->type == IT_EVENTS)
			w->st.queued -= it->n;
		pthread_mutex_unlock(&w->mu);
		apply(w, it);
		pthread_mutex_lock(&w->mu);
		if (it->type == IT_SYNC) {
			w->sync_done = it->sync_id;
			pthread_cond_broadcast(&w->progress);
		}
		free_item(it);
	}
	pthread_mutex_unlock(&w->mu);
	commit(w);
	return NULL;
}

static int push(struct mxt_writer *w, struct item *it)
{
	if (!w->threaded) {
		apply(w, it);
		free_item(it);
		return w->failed ? -1 : 0;
	}
	pthread_mutex_lock(&w->mu);
	int failed = w->failed;
	if (!failed) {
		if (w->tail)
			w->tail->next = it;
		else
			w->head = it;
		w->tail = it;
		if (it->type == IT_EVENTS)
			w->st.queued += it->n;
		pthread_cond_signal(&w->work);
	}
	pthread_mutex_unlock(&w->mu);
	if (failed) {
		free_item(it);
		return -1;
	}
	return 0;
}

static struct item *new_item(struct mxt_writer *w, int type)
{
	struct item *it = calloc(1, sizeof(*it));
	if (!it && !w->failed) {
		mxt_errf(w->err, "out of memory queueing database work");
		__atomic_store_n(&w->failed, 1, __ATOMIC_RELEASE);
	}
	if (it)
		it->type = type;
	return it;
}

struct mxt_writer *mxt_writer_new(sqlite3 *db, const struct mxt_writer_opts *o, char *err)
{
	struct mxt_writer *w = calloc(1, sizeof(*w));
	if (!w) {
		mxt_errf(err, "out of memory");
		return NULL;
	}
	w->db = db;
	w->batch_rows = o && o->batch_rows ? o->batch_rows : 50000;
	w->commit_ms = o && o->commit_ms ? o->commit_ms : 250;
	w->threaded = o && o->threaded;
	w->agg = mxt_agg_new();
	sqlite3_exec(db, "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY",
		     NULL, NULL, NULL);
	if (!w->agg ||
	    sqlite3_prepare_v2(db, "INSERT INTO losses (boot_id, first_seq, count, cause, noticed_at) VALUES (?,?,?,?,?)",
			       -1, &w->loss, NULL) != SQLITE_OK) {
		mxt_errf(err, "database: %s", w->agg ? sqlite3_errmsg(db) : "out of memory");
		mxt_agg_free(w->agg);
		free(w);
		return NULL;
	}
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->work, NULL);
	pthread_cond_init(&w->progress, NULL);
	if (w->threaded && pthread_create(&w->th, NULL, thread_main, w) != 0) {
		mxt_errf(err, "cannot start the database writer thread");
		w->threaded = 0;
		mxt_writer_close(w, NULL);
		return NULL;
	}
	return w;
}

int mxt_writer_close(struct mxt_writer *w, char *err)
{
	if (!w)
		return 0;
	if (w->threaded) {
		pthread_mutex_lock(&w->mu);
		w->closing = 1;
		pthread_cond_signal(&w->work);
		pthread_mutex_unlock(&w->mu);
		pthread_join(w->th, NULL);
	}
	commit(w);
	while (w->head) {                       /* left after a failure */
		struct item *it = w->head;
		w->head = it->next;
		free_item(it);
	}
	int rc = w->failed ? -1 : 0;
	if (rc && err)
		mxt_errf(err, "%s", w->err);
	for (int k = 0; k < 2; k++)
		for (int r = 0; r <= ROWS_PER_INSERT; r++)
			sqlite3_finalize(w->ins[k][r]);
	sqlite3_finalize(w->loss);
	mxt_agg_free(w->agg);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->work);
	pthread_cond_destroy(&w->progress);
	free(w);
	return rc;
}

const char *mxt_writer_error(struct mxt_writer *w)
{
	return w->err;
}

int mxt_writer_failed(struct mxt_writer *w)
{
	return __atomic_load_n(&w->failed, __ATOMIC_ACQUIRE);
}

void mxt_writer_stats(struct mxt_writer *w, struct mxt_writer_stats *s)
{
	pthread_mutex_lock(&w->mu);
	*s = w->st;
	pthread_mutex_unlock(&w->mu);
}

int mxt_writer_boot(struct mxt_writer *w, int64_t boot_id, uint64_t bucket_ticks)
{
	struct item *it = new_item(w, IT_BOOT);
	if (!it)
		return -1;
	it->boot = boot_id;
	it->first = bucket_ticks;
	return push(w, it);
}

int mxt_writer_boot_hz(struct mxt_writer *w, int64_t boot_id, uint64_t tsc_hz)
{
	struct item *it = new_item(w, IT_BOOT);
	if (!it)
		return -1;
	it->boot = boot_id;
	it->first = tsc_hz;
	it->count = 1;
	return push(w, it);
}

int mxt_writer_events(struct mxt_writer *w, int64_t boot_id, const struct mxt_ev *ev, size_t n)
{
	if (n == 0)
		return w->failed ? -1 : 0;
	struct item *it = new_item(w, IT_EVENTS);
	if (!it)
		return -1;
	it->ev = malloc(n * sizeof(*ev));
	if (!it->ev) {
		free(it);
		mxt_errf(w->err, "out of memory queueing %zu events", n);
		__atomic_store_n(&w->failed, 1, __ATOMIC_RELEASE);
		return -1;
	}
	memcpy(it->ev, ev, n * sizeof(*ev));
	it->boot = boot_id;
	it->n = n;
	return push(w, it);
}

int mxt_writer_loss(struct mxt_writer *w, int64_t boot_id, uint64_t first, uint64_t count, const char *cause)
{
	if (count == 0)
		return 0;
	struct item *it = new_item(w, IT_LOSS);
	if (!it)
		return -1;
	it->boot = boot_id;
	it->first = first;
	it->count = count;
	snprintf(it->cause, sizeof(it->cause), "%s", cause);
	return push(w, it);
}

int mxt_writer_call(struct mxt_writer *w, mxt_writer_fn fn, void *arg, void (*free_fn)(void *))
{
	struct item *it = new_item(w, IT_CALL);
	if (!it) {
		if (free_fn)
			free_fn(arg);
		return -1;
	}
	it->fn = fn;
	it->arg = arg;
	it->free_fn = free_fn;
	return push(w, it);
}

int mxt_writer_sync(struct mxt_writer *w)
{
	struct item *it = new_item(w, IT_SYNC);
	if (!it)
		return -1;
	if (!w->threaded) {
		apply(w, it);
		free_item(it);
		return w->failed ? -1 : 0;
	}
	pthread_mutex_lock(&w->mu);
	uint64_t id = it->sync_id = ++w->sync_req;
	pthread_mutex_unlock(&w->mu);
	if (push(w, it) < 0)
		return -1;
	pthread_mutex_lock(&w->mu);
	while (w->sync_done < id && !w->failed)
		pthread_cond_wait(&w->progress, &w->mu);
	int failed = w->failed;
	pthread_mutex_unlock(&w->mu);
	return failed ? -1 : 0;
}

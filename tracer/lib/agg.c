/*
 * Incremental aggregates of the event stream, summed in memory between
 * commits and added to the tables with upserts at each commit.
 *
 *   ipc_agg       a delivered message: SEND (delivered at once), RECV (taken
 *                 from a blocked sender or a pending notification), NOTIFY
 *                 delivered at once, SENDA delivered at once.  Latency: a
 *                 SEND carrying a SENDREC round trip (MX_TF_RTT) and a RECV
 *                 of a blocked sender's message (the time it waited).
 *   ipc_lat_hist  those latencies, bin b = [2^b, 2^(b+1)), bin 0 also holds 0
 *   ipc_lat_hist_period  the same per period of MXT_HIST_PERIOD_BUCKETS buckets
 *                 (key: type * 64 + bin in one slot)
 *   kcall_agg     KCALL records: count, errors, durations
 *   proc_agg      run time between SWITCH records, messages sent and
 *                 received (as in ipc_agg), kernel calls
 */
#include <stdlib.h>
#include <string.h>
#include <mx/ipc.h>
#include "mxt/writer.h"

#define NK 5
#define NV 4
#define MAX_BOOTS 64
#define MAX_SPLIT 10000
#define HB_BINS   64                  /* histb packs type and bin: type * 64 + bin */

struct ent {
	int used;
	int64_t k[NK];
	int64_t v[NV];
};

struct map {
	struct ent *e;
	size_t cap, n;
};

struct boot_state {
	int64_t boot_id;
	uint64_t bucket_ticks;
	int have_cur;
	int32_t cur;
	uint64_t since;
};

struct mxt_agg {
	struct map ipc, hist, histb, kcall, proc;
	struct boot_state boots[MAX_BOOTS];
	int nboots;
};

static uint64_t hash(const int64_t *k)
{
	uint64_t h = 1469598103934665603ull;
	for (int i = 0; i < NK; i++) {
		h ^= (uint64_t)k[i];
		h *= 1099511628211ull;
		h ^= h >> 29;
	}
	return h;
}

static int grow(struct map *m)
{
	size_t cap = m->cap ? m->cap * 2 : 1024;
	struct ent *e = calloc(cap, sizeof(*e));
	if (!e)
		return -1;
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->e[i].used)
			continue;
		size_t j = hash(m->e[i].k) & (cap - 1);
		while (e[j].used)
			j = (j + 1) & (cap - 1);
		e[j] = m->e[i];
	}
	free(m->e);
	m->e = e;
	m->cap = cap;
	return 0;
}

/* The sums for key k, created zeroed; NULL if out of memory. */
static int64_t *get(struct map *m, int64_t k0, int64_t k1, int64_t k2, int64_t k3, int64_t k4)
{
	int64_t k[NK] = { k0, k1, k2, k3, k4 };
	if ((m->n + 1) * 2 > m->cap && grow(m) < 0)
		return NULL;
	size_t j = hash(k) & (m->cap - 1);
	while (m->e[j].used) {
		if (memcmp(m->e[j].k, k, sizeof(k)) == 0)
			return m->e[j].v;
		j = (j + 1) & (m->cap - 1);
	}
	m->e[j].used = 1;
	memcpy(m->e[j].k, k, sizeof(k));
	memset(m->e[j].v, 0, sizeof(m->e[j].v));
	m->n++;
	return m->e[j].v;
}

static void clear(struct map *m)
{
	if (m->n)
		memset(m->e, 0, m->cap * sizeof(*m->e));
	m->n = 0;
}

struct mxt_agg *mxt_agg_new(void)
{
	return calloc(1, sizeof(struct mxt_agg));
}

void mxt_agg_free(struct mxt_agg *a)
{
	if (!a)
		return;
	free(a->ipc.e);
	free(a->hist.e);
	free(a->histb.e);
	free(a->kcall.e);
	free(a->proc.e);
	free(a);
}

static struct boot_state *boot(struct mxt_agg *a, int64_t boot_id)
{
	for (int i = 0; i < a->nboots; i++)
		if (a->boots[i].boot_id == boot_id)
			return &a->boots[i];
	struct boot_state *b = &a->boots[a->nboots < MAX_BOOTS ? a->nboots++ : MAX_BOOTS - 1];
	memset(b, 0, sizeof(*b));
	b->boot_id = boot_id;
	b->bucket_ticks = 100000000;        /* until told: 0.1 s at 1 GHz */
	return b;
}

void mxt_agg_boot(struct mxt_agg *a, int64_t boot_id, uint64_t bucket_ticks)
{
	boot(a, boot_id)->bucket_ticks = bucket_ticks ? bucket_ticks : 1;
}

static int lat_bin(uint32_t v)
{
	return v <= 1 ? 0 : 31 - __builtin_clz(v);
}

static void message(struct mxt_agg *a, struct boot_state *b, const mx_trace_rec *r, int has_lat)
{
	int64_t bucket = (int64_t)(r->tsc / b->bucket_ticks);
	int64_t *v = get(&a->ipc, b->boot_id, bucket, r->src, r->dst, r->type);
	if (v) {
		v[0]++;
		if (has_lat) {
			v[1]++;
			v[2] += r->arg;
			if (r->arg > v[3])
				v[3] = r->arg;
		}
	}
	if (has_lat && (v = get(&a->hist, b->boot_id, r->src, r->dst, r->type, lat_bin(r->arg))))
		v[0]++;
	if (has_lat && (v = get(&a->histb, b->boot_id, r->src, r->dst, (int64_t)r->type * HB_BINS + lat_bin(r->arg),
				bucket / MXT_HIST_PERIOD_BUCKETS)))
		v[0]++;
	if ((v = get(&a->proc, b->boot_id, bucket, r->src, 0, 0)))
		v[1]++;
	if ((v = get(&a->proc, b->boot_id, bucket, r->dst, 0, 0)))
		v[2]++;
}

static void run_time(struct mxt_agg *a, struct boot_state *b, int32_t ep, uint64_t t0, uint64_t t1)
{
	for (int i = 0; t0 < t1; i++) {
		uint64_t bucket = t0 / b->bucket_ticks, end = (bucket + 1) * b->bucket_ticks;
		if (end > t1 || i == MAX_SPLIT)
			end = t1;
		int64_t *v = get(&a->proc, b->boot_id, (int64_t)bucket, ep, 0, 0);
		if (v)
			v[0] += (int64_t)(end - t0);
		t0 = end;
	}
}

void mxt_agg_add(struct mxt_agg *a, int64_t boot_id, const mx_trace_rec *r)
{
	struct boot_state *b = boot(a, boot_id);
	int64_t *v;
	switch (r->kind) {
	case MX_TK_SEND:
		message(a, b, r, (r->flags & MX_TF_RTT) != 0);
		break;
	case MX_TK_RECV:
		message(a, b, r, r->type != MX_NOTIFY_MESSAGE);
		break;
	case MX_TK_NOTIFY:
	case MX_TK_SENDA:
		if (r->arg == 1)
			message(a, b, r, 0);
		break;
	case MX_TK_KCALL: {
		int64_t bucket = (int64_t)(r->tsc / b->bucket_ticks);
		if ((v = get(&a->kcall, boot_id, bucket, r->src, r->type, 0))) {
			v[0]++;
			v[1] += (r->flags & MX_TF_ERR) != 0;
			v[2] += r->arg;
			if (r->arg > v[3])
				v[3] = r->arg;
		}
		if ((v = get(&a->proc, boot_id, bucket, r->src, 0, 0)))
			v[3]++;
		break;
	}
	case MX_TK_SWITCH:
		if (b->have_cur && r->tsc > b->since)
			run_time(a, b, b->cur, b->since, r->tsc);
		b->have_cur = 1;
		b->cur = r->dst;
		b->since = r->tsc;
		break;
	}
}

static int flush_map(sqlite3 *db, struct map *m, const char *sql, int nk, int nv, char *err)
{
	if (m->n == 0)
		return 0;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return mxt_errf(err, "aggregates: %s", sqlite3_errmsg(db));
	for (size_t i = 0; i < m->cap; i++) {
		const struct ent *e = &m->e[i];
		if (!e->used)
			continue;
		int p = 1;
		for (int k = 0; k < nk; k++)
			sqlite3_bind_int64(st, p++, e->k[k]);
		for (int k = 0; k < nv; k++)
			sqlite3_bind_int64(st, p++, e->v[k]);
		if (sqlite3_step(st) != SQLITE_DONE) {
			mxt_errf(err, "aggregates: %s", sqlite3_errmsg(db));
			sqlite3_finalize(st);
			return -1;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	clear(m);
	return 0;
}

/* histb: the key's type and bin come apart here (bin = low 6 bits). */
static int flush_histb(sqlite3 *db, struct map *m, char *err)
{
	for (size_t i = 0; i < m->cap; i++) {
		struct ent *e = &m->e[i];
		if (!e->used)
			continue;
		/* key (boot, src, dst, type * 64 + bin, period), sums (count): bound as
		 * boot, src, dst, type, period, then the values bin, count */
		int64_t tb = e->k[3], bin = tb & (HB_BINS - 1);
		e->k[3] = (tb - bin) / HB_BINS;
		e->v[1] = e->v[0];
		e->v[0] = bin;
	}
	return flush_map(db, m,
			 "INSERT INTO ipc_lat_hist_period (boot_id, src, dst, type, period, bin, count) VALUES (?,?,?,?,?,?,?) "
			 "ON CONFLICT (boot_id, src, dst, type, period, bin) DO UPDATE SET count = count + excluded.count",
			 5, 2, err);
}

int mxt_agg_flush(struct mxt_agg *a, sqlite3 *db, char *err)
{
	if (flush_map(db, &a->ipc,
		      "INSERT INTO ipc_agg (boot_id, bucket, src, dst, type, count, lat_n, lat_sum, lat_max) "
		      "VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (boot_id, bucket, src, dst, type) DO UPDATE SET "
		      "count = count + excluded.count, lat_n = lat_n + excluded.lat_n, "
		      "lat_sum = lat_sum + excluded.lat_sum, lat_max = max(lat_max, excluded.lat_max)", 5, 4, err) ||
	    flush_map(db, &a->hist,
		      "INSERT INTO ipc_lat_hist (boot_id, src, dst, type, bin, count) VALUES (?,?,?,?,?,?) "
		      "ON CONFLICT (boot_id, src, dst, type, bin) DO UPDATE SET count = count + excluded.count", 5, 1, err) ||
	    flush_histb(db, &a->histb, err) ||
	    flush_map(db, &a->kcall,
		      "INSERT INTO kcall_agg (boot_id, bucket, caller, call, count, errors, dur_sum, dur_max) "
		      "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (boot_id, bucket, caller, call) DO UPDATE SET "
		      "count = count + excluded.count, errors = errors + excluded.errors, "
		      "dur_sum = dur_sum + excluded.dur_sum, dur_max = max(dur_max, excluded.dur_max)", 4, 4, err) ||
	    flush_map(db, &a->proc,
		      "INSERT INTO proc_agg (boot_id, bucket, ep, run_ticks, sent, received, kcalls) "
		      "VALUES (?,?,?,?,?,?,?) ON CONFLICT (boot_id, bucket, ep) DO UPDATE SET "
		      "run_ticks = run_ticks + excluded.run_ticks, sent = sent + excluded.sent, "
		      "received = received + excluded.received, kcalls = kcalls + excluded.kcalls", 3, 4, err))
		return -1;
	return 0;
}

/*
 * mxviz ipc: who talks to whom, from the trace aggregates (ipc_agg) of the
 * snapshot's boot, over the whole run or a time window, or from the
 * snapshot's pair matrix when the run has no trace.  Edge width and colour
 * follow the weight (message count or total latency), so hot paths stand
 * out.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "mxt/names.h"
#include "viz.h"

struct path {
	int src, dst, type;     /* type -1: all types */
	long long count, lat_n;
	double lat_s;           /* total latency, seconds */
	double weight;
};

static int by_weight(const void *a, const void *b)
{
	const struct path *x = a, *y = b;
	if (x->weight != y->weight)
		return x->weight > y->weight ? -1 : 1;
	if (x->src != y->src)
		return x->src < y->src ? -1 : 1;
	if (x->dst != y->dst)
		return x->dst < y->dst ? -1 : 1;
	return x->type < y->type ? -1 : x->type > y->type;
}

static long long boot_of(struct viz *v)
{
	sqlite3_stmt *st;
	long long boot = -1;
	if (sqlite3_prepare_v2(v->db, "SELECT boot_id FROM snapshots WHERE snap_id = ?", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, v->snap);
		if (sqlite3_step(st) == SQLITE_ROW)
			boot = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	return boot;
}

static double bucket_ticks(struct viz *v)
{
	sqlite3_stmt *st;
	double bt = 0;
	if (sqlite3_prepare_v2(v->db, "SELECT value FROM meta WHERE key = 'bucket_ticks'", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			bt = sqlite3_column_double(st, 0);
		sqlite3_finalize(st);
	}
	if (bt <= 0 && v->wg->tsc_hz > 0)
		bt = v->wg->tsc_hz / 10;
	return bt;
}

/* Read the paths into *out; returns how many, -1 on error (v->err). */
static int read_paths(struct viz *v, struct path **out, int *from_pairs)
{
	long long boot = boot_of(v);
	double bt = bucket_ticks(v), hz = v->wg->tsc_hz;
	long long lo = 0, hi = (long long)1 << 62;
	int window = v->from > 0 || v->to >= 0;
	if (window) {
		if (bt <= 0 || hz <= 0) {
			snprintf(v->err, sizeof(v->err), "boot %lld has no TSC frequency: a time window cannot be used", boot);
			return -1;
		}
		lo = (long long)floor(v->from * hz / bt);
		if (v->to >= 0)
			hi = (long long)ceil(v->to * hz / bt);
	}
	char sql[512];
	snprintf(sql, sizeof(sql), "SELECT src, dst, %s, SUM(count), SUM(lat_sum), SUM(lat_n) FROM ipc_agg "
		 "WHERE boot_id = ?1 AND bucket >= ?2 AND bucket < ?3 GROUP BY src, dst%s",
		 v->by_type ? "type" : "-1", v->by_type ? ", type" : "");
	sqlite3_stmt *st;
	*from_pairs = 0;
	if (sqlite3_prepare_v2(v->db, sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(v->err, sizeof(v->err), "cannot read ipc_agg: %s", sqlite3_errmsg(v->db));
		return -1;
	}
	sqlite3_bind_int64(st, 1, boot);
	sqlite3_bind_int64(st, 2, lo);
	sqlite3_bind_int64(st, 3, hi);
	int n = 0, cap = 0;
	struct path *p = NULL;
	for (int pass = 0; pass < 2; pass++) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			if (n == cap) {
				cap = cap ? cap * 2 : 128;
				struct path *np = realloc(p, sizeof(*p) * (size_t)cap);
				if (!np) {
					free(p);
					sqlite3_finalize(st);
					snprintf(v->err, sizeof(v->err), "out of memory");
					return -1;
				}
				p = np;
			}
			struct path *q = &p[n++];
			q->src = sqlite3_column_int(st, 0);
			q->dst = sqlite3_column_int(st, 1);
			q->type = sqlite3_column_int(st, 2);
			q->count = sqlite3_column_int64(st, 3);
			q->lat_s = hz > 0 ? sqlite3_column_double(st, 4) / hz : 0;
			q->lat_n = sqlite3_column_int64(st, 5);
		}
		sqlite3_finalize(st);
		if (n || pass || window)
			break;
		/* No trace aggregates: the snapshot's pair matrix (counts since boot). */
		*from_pairs = 1;
		if (sqlite3_prepare_v2(v->db, "SELECT src, dst, -1, count, 0, 0 FROM ipc_pairs WHERE snap_id = ? "
				       "AND src IS NOT NULL AND dst IS NOT NULL AND count > 0", -1, &st, NULL) != SQLITE_OK) {
			snprintf(v->err, sizeof(v->err), "cannot read ipc_pairs: %s", sqlite3_errmsg(v->db));
			free(p);
			return -1;
		}
		sqlite3_bind_int64(st, 1, v->snap);
	}
	*out = p;
	return n;
}

Agraph_t *viz_ipc(struct viz *v)
{
	struct path *p = NULL;
	int from_pairs;
	int n = read_paths(v, &p, &from_pairs);
	if (n < 0)
		return NULL;
	if (!n) {
		if (v->from > 0 || v->to >= 0)
			snprintf(v->err, sizeof(v->err), "no IPC in that time window of snapshot %lld's boot", v->snap);
		else
			snprintf(v->err, sizeof(v->err), "snapshot %lld's boot has no IPC records and the snapshot no pair counts",
				 v->snap);
		free(p);
		return NULL;
	}
	int by_lat = v->by_latency && !from_pairs;
	for (int i = 0; i < n; i++)
		p[i].weight = by_lat ? p[i].lat_s : (double)p[i].count;
	qsort(p, (size_t)n, sizeof(*p), by_weight);
	int shown = v->top > 0 && v->top < n ? v->top : n;
	double maxw = p[0].weight > 0 ? p[0].weight : 1;

	char title[256], window[64] = "";
	if (v->from > 0 || v->to >= 0) {
		if (v->to >= 0)
			snprintf(window, sizeof(window), ", %.3g-%.3g s", v->from, v->to);
		else
			snprintf(window, sizeof(window), ", from %.3g s", v->from);
	}
	snprintf(title, sizeof(title), "IPC, snapshot %lld%s: %d path%s%s, weighted by %s%s", v->snap, window, shown,
		 shown > 1 ? "s" : "", shown < n ? " (heaviest)" : "", by_lat ? "total latency" : "message count",
		 from_pairs ? " (pair matrix: no trace in this run)" : "");
	Agraph_t *g = viz_graph("ipc", title);
	if (!g) {
		free(p);
		snprintf(v->err, sizeof(v->err), "out of memory");
		return NULL;
	}
	for (int i = 0; i < shown; i++) {
		Agnode_t *a = viz_proc(v, g, p[i].src), *b = viz_proc(v, g, p[i].dst);
		if (!a || !b)
			continue;
		Agedge_t *e = agedge(g, a, b, NULL, 1);
		char label[128], d[24], pw[16], tb[40] = "";
		if (p[i].type >= 0) {
			const char *t = mxt_msgtype_name(p[i].type);
			if (t)
				snprintf(tb, sizeof(tb), "%s ", t);
			else
				snprintf(tb, sizeof(tb), "0x%x ", (unsigned)p[i].type);
		}
		if (by_lat)
			snprintf(label, sizeof(label), "%s%s\n%lld msgs", tb, mxt_wg_duration(p[i].lat_s, d, sizeof(d)),
				 p[i].count);
		else if (p[i].lat_n > 0)
			snprintf(label, sizeof(label), "%s%lld\nmean %s", tb, p[i].count,
				 mxt_wg_duration(p[i].lat_s / (double)p[i].lat_n, d, sizeof(d)));
		else
			snprintf(label, sizeof(label), "%s%lld", tb, p[i].count);
		viz_set(e, "label", label);
		/* Heat over three decades below the heaviest path. */
		double r = p[i].weight > 0 ? (log10(p[i].weight / maxw) + 3) / 3 : 0;
		r = r < 0 ? 0 : r > 1 ? 1 : r;
		snprintf(pw, sizeof(pw), "%.1f", 0.5 + 5 * r);
		viz_set(e, "penwidth", pw);
		viz_set(e, "color", r > 0.85 ? VIZ_CYCLE_COLOR : r > 0.6 ? "#ff7f0e" : "#555555");
		viz_set(e, "weight", r > 0.6 ? "3" : "1");
	}
	snprintf(v->note, sizeof(v->note), "%d of %d IPC paths drawn%s", shown, n,
		 from_pairs ? " (from the snapshot's pair matrix: the run has no trace aggregates)" : "");
	if (v->by_latency && from_pairs)
		snprintf(v->note + strlen(v->note), sizeof(v->note) - strlen(v->note), "; no latencies, weighted by count");
	free(p);
	return g;
}

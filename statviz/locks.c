/*
 * mxviz locks: the threads and locks of a server (or of every server that
 * registers a lock table): who holds what in which mode, who waits for
 * what and since when.  Waits that are part of a deadlock are red.
 */
#include <stdlib.h>
#include <string.h>
#include <mx/tables.h>
#include "mxt/names.h"
#include "viz.h"

static const char *mode_name(int m)
{
	switch (m) {
#define M(name, num, text) case num: return text;
	MX_LOCK_MODES(M)
#undef M
	}
	return "?";
}

static double seconds_since(const struct mxt_wg *g, sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL || g->tsc < 0 || g->tsc_hz <= 0)
		return -1;
	long long since = sqlite3_column_int64(st, col);
	return since > 0 && since <= g->tsc ? (double)(g->tsc - since) / g->tsc_hz : -1;
}

/* Is the lock wait of thread (server, tid) on a holder part of a deadlock? */
static int wait_in_cycle(const struct mxt_wg *g, int server, int tid)
{
	char key[40];
	snprintf(key, sizeof(key), "t:%d:%d", server, tid);
	int n = mxt_wg_node(g, key);
	if (n < 0)
		return 0;
	const struct mxt_wnode *w = &g->nodes[n];
	for (int e = w->first_out; e < w->first_out + w->nout; e++)
		if (g->edges[e].reason == MXT_WR_LOCK && g->edges[e].in_cycle)
			return 1;
	return 0;
}

static Agnode_t *lock_node(Agraph_t *g, struct viz *v, int server, int id)
{
	char key[48], sub[48];
	snprintf(key, sizeof(key), "l:%d:%d", server, id);
	Agnode_t *n = agnode(g, key, 0);
	if (n)
		return n;
	char sk[24];
	snprintf(sk, sizeof(sk), "p:%d", server);
	int s = mxt_wg_node(v->wg, sk);
	Agraph_t *c = viz_cluster(g, s >= 0 ? v->wg->nodes[s].cluster : MXT_WC_DEAD);
	snprintf(sub, sizeof(sub), "cluster_locks_%d", server);
	Agraph_t *lc = agsubg(c, sub, 0);
	if (!lc) {
		char label[64];
		lc = agsubg(c, sub, 1);
		snprintf(label, sizeof(label), "%s locks", s >= 0 ? v->wg->nodes[s].name : sk);
		viz_set(lc, "label", label);
		viz_set(lc, "style", "dotted");
	}
	n = agnode(lc, key, 1);
	viz_set(n, "shape", "box");
	viz_set(n, "style", "filled");
	viz_set(n, "fillcolor", "#fff2cc");
	return n;
}

Agraph_t *viz_locks(struct viz *v)
{
	struct mxt_wg *wg = v->wg;
	int server = 0, one = 0;
	char title[256], label[160], d[24];
	if (v->server) {
		int n = mxt_wg_find(wg, v->server, v->err, sizeof(v->err));
		if (n < 0)
			return NULL;
		server = wg->nodes[n].ep;
		one = 1;
	}
	const char *where = one ? " AND server = ?2" : "";
	char sql[512];
	sqlite3_stmt *ls, *ts;
	snprintf(sql, sizeof(sql), "SELECT server, lock_id, name, mode, owner_tid, holders, since_tsc FROM locks "
		 "WHERE snap_id = ?1%s ORDER BY server, lock_id", where);
	if (sqlite3_prepare_v2(v->db, sql, -1, &ls, NULL) != SQLITE_OK) {
		snprintf(v->err, sizeof(v->err), "cannot read locks: %s", sqlite3_errmsg(v->db));
		return NULL;
	}
	snprintf(sql, sizeof(sql), "SELECT server, tid, client, req, lock_wait, lock_mode, since_tsc, state FROM threads "
		 "WHERE snap_id = ?1%s ORDER BY server, tid", where);
	if (sqlite3_prepare_v2(v->db, sql, -1, &ts, NULL) != SQLITE_OK) {
		snprintf(v->err, sizeof(v->err), "cannot read threads: %s", sqlite3_errmsg(v->db));
		sqlite3_finalize(ls);
		return NULL;
	}
	sqlite3_bind_int64(ls, 1, v->snap);
	sqlite3_bind_int64(ts, 1, v->snap);
	if (one) {
		sqlite3_bind_int(ls, 2, server);
		sqlite3_bind_int(ts, 2, server);
	}
	if (one)
		snprintf(title, sizeof(title), "Locks of %s, snapshot %lld", v->server, v->snap);
	else
		snprintf(title, sizeof(title), "Locks, snapshot %lld", v->snap);
	Agraph_t *g = viz_graph("locks", title);
	int nlocks = 0, nwaits = 0, ncycle = 0;
	/* Locks and who holds them. */
	while (g && sqlite3_step(ls) == SQLITE_ROW) {
		int srv = sqlite3_column_int(ls, 0), id = sqlite3_column_int(ls, 1), mode = sqlite3_column_int(ls, 3);
		int owner = sqlite3_column_type(ls, 4) == SQLITE_NULL ? -1 : sqlite3_column_int(ls, 4);
		unsigned holders = (unsigned)sqlite3_column_int64(ls, 5);
		const char *name = (const char *)sqlite3_column_text(ls, 2);
		nlocks++;
		if (!mode && !holders)
			continue;
		Agnode_t *ln = lock_node(g, v, srv, id);
		double held = seconds_since(wg, ls, 6);
		if (held >= 0)
			snprintf(label, sizeof(label), "%s\nheld %s for %s", name && *name ? name : "lock", mode_name(mode),
				 mxt_wg_duration(held, d, sizeof(d)));
		else
			snprintf(label, sizeof(label), "%s\nheld %s", name && *name ? name : "lock", mode_name(mode));
		viz_set(ln, "label", label);
		for (int t = 0; t < 32; t++) {
			if (!((holders >> t) & 1))
				continue;
			char tk[40];
			snprintf(tk, sizeof(tk), "t:%d:%d", srv, t);
			int tn = mxt_wg_node(wg, tk);
			if (tn < 0)
				tn = mxt_wg_add_node(wg, tk, NULL, "?");
			if (tn < 0)
				continue;
			Agedge_t *e = agedge(g, ln, viz_wnode(v, g, tn), NULL, 1);
			viz_set(e, "label", t == owner ? mode_name(mode) : "R");
			viz_set(e, "dir", "back");
			viz_set(e, "arrowtail", "dot");
		}
	}
	/* Threads, with what they serve and the locks they wait for. */
	int nthreads = 0;
	while (g && sqlite3_step(ts) == SQLITE_ROW) {
		int srv = sqlite3_column_int(ts, 0), tid = sqlite3_column_int(ts, 1);
		char tk[40], cb[96] = "", eb[24];
		snprintf(tk, sizeof(tk), "t:%d:%d", srv, tid);
		int tn = mxt_wg_node(wg, tk);
		if (tn < 0)
			continue;
		nthreads++;
		Agnode_t *a = viz_wnode(v, g, tn);
		const struct mxt_wnode *w = &wg->nodes[tn];
		if (sqlite3_column_type(ts, 2) != SQLITE_NULL && sqlite3_column_int(ts, 2) != MX_NONE) {
			int client = sqlite3_column_int(ts, 2);
			char ck[24];
			snprintf(ck, sizeof(ck), "p:%d", client);
			int cn = mxt_wg_node(wg, ck);
			const char *req = mxt_msgtype_name(sqlite3_column_int(ts, 3));
			snprintf(cb, sizeof(cb), "\nserves %s%s%s", cn >= 0 ? wg->nodes[cn].name : mxt_ep_str(client, eb, sizeof(eb)),
				 req ? " " : "", req ? req : "");
		}
		const char *tn_name = strchr(w->name, ':');
		snprintf(label, sizeof(label), "%s\n%s%s", tn_name ? tn_name + 1 : w->name, w->state, cb);
		viz_set(a, "label", label);
		int lw = sqlite3_column_type(ts, 4) == SQLITE_NULL ? -1 : sqlite3_column_int(ts, 4);
		if (lw < 0 || sqlite3_column_int(ts, 7) != MX_TS_LOCK_WAIT)
			continue;
		nwaits++;
		Agedge_t *e = agedge(g, a, lock_node(g, v, srv, lw), NULL, 1);
		double waited = seconds_since(wg, ts, 6);
		snprintf(label, sizeof(label), "wants %s\n%s", mode_name(sqlite3_column_int(ts, 5)),
			 mxt_wg_duration(waited, d, sizeof(d)));
		viz_set(e, "label", label);
		viz_set(e, "style", "dashed");
		if (wait_in_cycle(wg, srv, tid)) {
			ncycle++;
			viz_set(e, "color", VIZ_CYCLE_COLOR);
			viz_set(e, "fontcolor", VIZ_CYCLE_COLOR);
			viz_set(e, "penwidth", "3");
		}
	}
	sqlite3_finalize(ls);
	sqlite3_finalize(ts);
	if (!g) {
		snprintf(v->err, sizeof(v->err), "out of memory");
		return NULL;
	}
	if (!nlocks && !nthreads) {
		if (one)
			snprintf(v->err, sizeof(v->err), "%s has no lock or thread table in snapshot %lld", v->server, v->snap);
		else
			snprintf(v->err, sizeof(v->err), "snapshot %lld has no lock or thread tables", v->snap);
		agclose(g);
		return NULL;
	}
	snprintf(v->note, sizeof(v->note), "%d locks, %d threads, %d waiting for a lock%s", nlocks, nthreads, nwaits,
		 ncycle ? ", in a deadlock (red)" : "");
	return g;
}

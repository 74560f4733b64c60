/*
 * Wait-for graphs of a snapshot: loading from the wait_for view, strongly
 * connected components (iterative Tarjan), deadlocks, wait chains and the
 * "why is it stuck" verdict.  See mxt/waitgraph.h for the contract.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mx/endpoint.h>
#include <mx/tables.h>
#include <mx/procflags.h>
#include "mxt/db.h"
#include "mxt/names.h"
#include "mxt/waitgraph.h"

struct mxt_wg_priv {
	int node_cap, edge_cap;
	int *hash;              /* open addressing over node keys, -1 empty */
	int hash_cap;           /* power of two */
	int *reach_cycle;       /* per node: its best chain ends in a deadlock */
};

/* ---- names ------------------------------------------------------------- */

const char *mxt_wait_reason_name(int reason)
{
	switch (reason) {
#define R(name, num, sname, text) case num: return sname;
	MXT_WAIT_REASONS(R)
#undef R
	}
	return NULL;
}

int mxt_wait_reason_by_name(const char *name)
{
#define R(n, num, sname, text) if (strcmp(name, sname) == 0) return num;
	MXT_WAIT_REASONS(R)
#undef R
	return -1;
}

const char *mxt_verdict_name(int verdict)
{
	switch (verdict) {
#define V(name, num, sname, text) case num: return sname;
	MXT_VERDICTS(V)
#undef V
	}
	return NULL;
}

const char *mxt_wg_cluster_name(int cluster)
{
	static const char *const names[] = {
		[MXT_WC_TASK] = "kernel tasks", [MXT_WC_SERVER] = "servers",
		[MXT_WC_DRIVER] = "drivers", [MXT_WC_USER] = "user processes",
		[MXT_WC_DEAD] = "dead or unknown",
	};
	return cluster >= 0 && cluster <= MXT_WC_DEAD ? names[cluster] : "?";
}

/* ---- building ---------------------------------------------------------- */

static unsigned key_hash(const char *s)
{
	unsigned h = 2166136261u;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static int hash_grow(struct mxt_wg *g)
{
	struct mxt_wg_priv *p = g->priv;
	int cap = p->hash_cap ? p->hash_cap * 2 : 1024;
	int *h = malloc(sizeof(int) * (size_t)cap);
	if (!h)
		return -1;
	memset(h, 0xff, sizeof(int) * (size_t)cap);
	for (int i = 0; i < g->nnodes; i++) {
		unsigned k = key_hash(g->nodes[i].key) & (unsigned)(cap - 1);
		while (h[k] >= 0)
			k = (k + 1) & (unsigned)(cap - 1);
		h[k] = i;
	}
	free(p->hash);
	p->hash = h;
	p->hash_cap = cap;
	return 0;
}

int mxt_wg_node(const struct mxt_wg *g, const char *key)
{
	const struct mxt_wg_priv *p = g->priv;
	if (!p->hash_cap)
		return -1;
	unsigned k = key_hash(key) & (unsigned)(p->hash_cap - 1);
	while (p->hash[k] >= 0) {
		if (strcmp(g->nodes[p->hash[k]].key, key) == 0)
			return p->hash[k];
		k = (k + 1) & (unsigned)(p->hash_cap - 1);
	}
	return -1;
}

struct mxt_wg *mxt_wg_new(void)
{
	struct mxt_wg *g = calloc(1, sizeof(*g));
	if (!g)
		return NULL;
	g->priv = calloc(1, sizeof(*g->priv));
	if (!g->priv) {
		free(g);
		return NULL;
	}
	g->snap = -1;
	g->tsc = -1;
	return g;
}

/* Parse 'p:<ep>' or 't:<ep>:<tid>'. */
static int parse_key(const char *key, int *kind, long *ep, long *tid)
{
	char *end;
	if (key[0] == 'p' && key[1] == ':') {
		*ep = strtol(key + 2, &end, 10);
		*kind = MXT_WN_PROC;
		*tid = -1;
		return end != key + 2 && !*end ? 0 : -1;
	}
	if (key[0] == 't' && key[1] == ':') {
		*ep = strtol(key + 2, &end, 10);
		if (end == key + 2 || *end != ':')
			return -1;
		const char *t = end + 1;
		*tid = strtol(t, &end, 10);
		*kind = MXT_WN_THREAD;
		return end != t && !*end ? 0 : -1;
	}
	return -1;
}

int mxt_wg_add_node(struct mxt_wg *g, const char *key, const char *name, const char *state)
{
	int kind;
	long ep, tid;
	if (strlen(key) >= sizeof(g->nodes[0].key) || parse_key(key, &kind, &ep, &tid) < 0)
		return -1;
	int n = mxt_wg_node(g, key);
	if (n >= 0)
		return n;
	struct mxt_wg_priv *p = g->priv;
	if (g->nnodes == p->node_cap) {
		int cap = p->node_cap ? p->node_cap * 2 : 64;
		struct mxt_wnode *nn = realloc(g->nodes, sizeof(*nn) * (size_t)cap);
		if (!nn)
			return -1;
		g->nodes = nn;
		p->node_cap = cap;
	}
	if ((g->nnodes + 1) * 2 > p->hash_cap && hash_grow(g) < 0)
		return -1;
	n = g->nnodes++;
	struct mxt_wnode *v = &g->nodes[n];
	memset(v, 0, sizeof(*v));
	v->kind = kind;
	v->ep = (mx_endpoint_t)ep;
	v->tid = (int)tid;
	v->pid = -1;
	snprintf(v->key, sizeof(v->key), "%s", key);
	if (name)
		snprintf(v->name, sizeof(v->name), "%s", name);
	else if (kind == MXT_WN_PROC) {
		char eb[24];
		snprintf(v->name, sizeof(v->name), "%s", mxt_ep_str(v->ep, eb, sizeof(eb)));
	} else
		snprintf(v->name, sizeof(v->name), "%d/%d:t%d", MX_EP_SLOT(v->ep), MX_EP_GEN(v->ep), v->tid);
	snprintf(v->state, sizeof(v->state), "%s", state ? state : "");
	v->alive = 1;
	v->cluster = kind == MXT_WN_PROC && MX_EP_SLOT(v->ep) < MX_NR_TASKS ? MXT_WC_TASK : MXT_WC_USER;
	v->scc = -1;
	v->deadlock = -1;
	unsigned k = key_hash(key) & (unsigned)(p->hash_cap - 1);
	while (p->hash[k] >= 0)
		k = (k + 1) & (unsigned)(p->hash_cap - 1);
	p->hash[k] = n;
	g->analysed = 0;
	return n;
}

int mxt_wg_add_edge(struct mxt_wg *g, int from, int to, int reason, long long detail,
		    const char *label, long long since_tsc)
{
	struct mxt_wg_priv *p = g->priv;
	if (from < 0 || from >= g->nnodes || to < 0 || to >= g->nnodes)
		return -1;
	if (g->nedges == p->edge_cap) {
		int cap = p->edge_cap ? p->edge_cap * 2 : 64;
		struct mxt_wedge *ne = realloc(g->edges, sizeof(*ne) * (size_t)cap);
		if (!ne)
			return -1;
		g->edges = ne;
		p->edge_cap = cap;
	}
	int e = g->nedges++;
	struct mxt_wedge *w = &g->edges[e];
	memset(w, 0, sizeof(*w));
	w->from = from;
	w->to = to;
	w->reason = reason;
	w->detail = detail;
	snprintf(w->label, sizeof(w->label), "%s", label ? label : "");
	w->since_tsc = since_tsc;
	w->waited_tsc = -1;
	w->waited_s = -1;
	if (since_tsc >= 0 && g->tsc >= 0 && g->tsc >= since_tsc) {
		w->waited_tsc = g->tsc - since_tsc;
		if (g->tsc_hz > 0)
			w->waited_s = (double)w->waited_tsc / g->tsc_hz;
	}
	g->analysed = 0;
	return e;
}

static void free_deadlocks(struct mxt_wg *g)
{
	for (int i = 0; i < g->ndeadlocks; i++) {
		free(g->deadlocks[i].members);
		free(g->deadlocks[i].cycle);
		free(g->deadlocks[i].cycle_edges);
	}
	free(g->deadlocks);
	g->deadlocks = NULL;
	g->ndeadlocks = 0;
}

void mxt_wg_free(struct mxt_wg *g)
{
	if (!g)
		return;
	free_deadlocks(g);
	free(g->nodes);
	free(g->edges);
	free(g->priv->hash);
	free(g->priv->reach_cycle);
	free(g->priv);
	free(g);
}

/* ---- analysis ---------------------------------------------------------- */

/*
 * The analysis runs on compact arrays (CSR adjacency, per-node ints), not on
 * the wide node and edge records, so large graphs stay in the cache: a
 * 100,000-node graph needs about 3 MB of working set.
 */
struct csr {
	int n, m;
	int *start;             /* out-edges of v: adj[start[v] .. start[v+1]) */
	int *adj;               /* edge index order = g->edges order; adj[e] = head */
	int *scc;               /* component of each node */
};

/* Regroup edges by waiter (a stable counting sort, skipped when they are
 * already grouped) and fill first_out/nout/nin and the CSR arrays. */
static int group_edges(struct mxt_wg *g, struct csr *c)
{
	int n = g->nnodes, m = g->nedges, sorted = 1;
	c->n = n;
	c->m = m;
	c->start = calloc((size_t)n + 2, sizeof(int));
	c->adj = malloc(sizeof(int) * ((size_t)m + 1));
	c->scc = malloc(sizeof(int) * ((size_t)n + 1));
	if (!c->start || !c->adj || !c->scc)
		return -1;
	for (int e = 0; e < m; e++) {
		c->start[g->edges[e].from + 1]++;
		if (e && g->edges[e].from < g->edges[e - 1].from)
			sorted = 0;
	}
	for (int i = 0; i < n; i++)
		c->start[i + 1] += c->start[i];
	if (!sorted) {
		struct mxt_wedge *out = malloc(sizeof(*out) * ((size_t)m + 1));
		int *fill = malloc(sizeof(int) * ((size_t)n + 1));
		if (!out || !fill) {
			free(out);
			free(fill);
			return -1;
		}
		memcpy(fill, c->start, sizeof(int) * (size_t)n);
		for (int e = 0; e < m; e++)
			out[fill[g->edges[e].from]++] = g->edges[e];
		free(fill);
		free(g->edges);
		g->edges = out;
		g->priv->edge_cap = m + 1;
	}
	for (int e = 0; e < m; e++)
		c->adj[e] = g->edges[e].to;
	return 0;
}

/* Tarjan's algorithm with an explicit call stack.  Components are numbered
 * in completion order (every component reachable from C completes before
 * C); order[] receives the nodes in that order.  Returns the number of
 * components, -1 out of memory. */
static int tarjan(const struct csr *c, int *order)
{
	int n = c->n;
	int *index = malloc(sizeof(int) * ((size_t)n * 5 + 1));
	if (!index)
		return -1;
	int *low = index + n, *stack = low + n, *call = stack + n, *it = call + n;
	for (int i = 0; i < n; i++)
		index[i] = -1;
	int counter = 0, sp = 0, nscc = 0, ndone = 0;
	for (int s = 0; s < n; s++) {
		if (index[s] >= 0)
			continue;
		int cp = 0;
		call[cp++] = s;
		index[s] = low[s] = counter++;
		it[s] = c->start[s];
		stack[sp++] = s;
		c->scc[s] = -1;            /* -1: on the stack */
		while (cp) {
			int v = call[cp - 1];
			if (it[v] < c->start[v + 1]) {
				int w = c->adj[it[v]++];
				if (index[w] < 0) {
					index[w] = low[w] = counter++;
					it[w] = c->start[w];
					stack[sp++] = w;
					c->scc[w] = -1;
					call[cp++] = w;
				} else if (c->scc[w] == -1 && index[w] < low[v]) {
					low[v] = index[w];
				}
				continue;
			}
			cp--;
			if (low[v] == index[v]) {
				int w;
				do {
					w = stack[--sp];
					c->scc[w] = nscc;
					order[ndone++] = w;
				} while (w != v);
				nscc++;
			}
			if (cp) {
				int u = call[cp - 1];
				if (low[v] < low[u])
					low[u] = low[v];
			}
		}
	}
	free(index);
	return nscc;
}

/* The shortest closed walk through s inside its component (BFS over the
 * edges whose head has the same scc[]); fills cycle/cycle_edges (capacity:
 * component size) and returns its length.  seen[] is cleared on return. */
static int cycle_through(const struct mxt_wg *g, const int *scc, int s, int *cycle, int *cycle_edges,
			 int *parent_edge, int *queue, char *seen)
{
	int comp = scc[s], qh = 0, qt = 0, last = -1;
	queue[qt++] = s;
	seen[s] = 1;
	while (qh < qt && last < 0) {
		int v = queue[qh++];
		const struct mxt_wnode *nv = &g->nodes[v];
		for (int e = nv->first_out; e < nv->first_out + nv->nout; e++) {
			int w = g->edges[e].to;
			if (scc[w] != comp)
				continue;
			if (w == s) {
				last = e;
				break;
			}
			if (!seen[w]) {
				seen[w] = 1;
				parent_edge[w] = e;
				queue[qt++] = w;
			}
		}
	}
	for (int i = 0; i < qt; i++)
		seen[queue[i]] = 0;
	if (last < 0)
		return 0;
	/* Walk back from the closing edge to s, then reverse. */
	int len = 0;
	for (int e = last;;) {
		cycle_edges[len++] = e;
		int v = g->edges[e].from;
		if (v == s)
			break;
		e = parent_edge[v];
	}
	for (int i = 0; i < len / 2; i++) {
		int t = cycle_edges[i];
		cycle_edges[i] = cycle_edges[len - 1 - i];
		cycle_edges[len - 1 - i] = t;
	}
	for (int i = 0; i < len; i++)
		cycle[i] = g->edges[cycle_edges[i]].from;
	return len;
}

static int reason_rank(int reason)
{
	static const int rank[MXT_WR_MAX] = {
		[MXT_WR_SERVE] = 6, [MXT_WR_LOCK] = 5, [MXT_WR_IPC] = 4,
		[MXT_WR_REPLY] = 3, [MXT_WR_SEND] = 2, [MXT_WR_RECV] = 1, [MXT_WR_TRACE] = 1,
	};
	return reason >= 0 && reason < MXT_WR_MAX ? rank[reason] : 0;
}

/* Number the deadlocks (cyclic components) by their smallest member, so the
 * output is stable; dl[c] = deadlock of component c or -1.  Returns how many. */
static int number_deadlocks(const struct mxt_wg *g, const struct csr *c, int nscc, int *size, int *dl)
{
	for (int k = 0; k < nscc; k++)
		size[k] = 0, dl[k] = -1;
	for (int i = 0; i < c->n; i++)
		size[c->scc[i]]++;
	for (int k = 0; k < nscc; k++)
		if (size[k] > 1)
			dl[k] = -2;
	for (int e = 0; e < c->m; e++)
		if (g->edges[e].from == c->adj[e])
			dl[c->scc[c->adj[e]]] = -2;    /* a self-loop */
	int nd = 0;
	for (int i = 0; i < c->n; i++)
		if (dl[c->scc[i]] == -2)
			dl[c->scc[i]] = nd++;
	return nd;
}

int mxt_wg_analyse(struct mxt_wg *g)
{
	int n = g->nnodes, rc = -1;
	struct csr c = { 0 };
	free_deadlocks(g);
	g->analysed = 0;
	int *work = NULL, *reach = realloc(g->priv->reach_cycle, sizeof(int) * ((size_t)n + 1));
	char *seen = calloc((size_t)n + 1, 1);
	if (reach)
		g->priv->reach_cycle = reach;
	if (!reach || !seen || group_edges(g, &c) < 0)
		goto out;
	work = malloc(sizeof(int) * ((size_t)n * 6 + 1));
	if (!work)
		goto out;
	int *order = work, *size = order + n, *dl = size + n, *parent_edge = dl + n, *queue = parent_edge + n,
	    *depth = queue + n;
	int nscc = tarjan(&c, order);
	if (nscc < 0)
		goto out;
	g->nscc = nscc;
	int nd = number_deadlocks(g, &c, nscc, size, dl);
	g->deadlocks = calloc((size_t)nd + 1, sizeof(*g->deadlocks));
	if (!g->deadlocks)
		goto out;
	g->ndeadlocks = nd;
	/* In-degrees (in depth[] for now), then one pass over the wide records. */
	memset(depth, 0, sizeof(int) * (size_t)n);
	for (int e = 0; e < c.m; e++)
		depth[c.adj[e]]++;
	for (int i = 0; i < n; i++) {
		struct mxt_wnode *v = &g->nodes[i];
		v->first_out = c.start[i];
		v->nout = c.start[i + 1] - c.start[i];
		v->nin = depth[i];
		v->scc = c.scc[i];
		v->deadlock = dl[c.scc[i]];
	}
	for (int i = 0; i < n; i++) {
		int d = dl[c.scc[i]];
		if (d < 0)
			continue;
		struct mxt_deadlock *x = &g->deadlocks[d];
		if (!x->members) {
			int sz = size[c.scc[i]];
			x->members = malloc(sizeof(int) * (size_t)sz);
			x->cycle = malloc(sizeof(int) * (size_t)sz);
			x->cycle_edges = malloc(sizeof(int) * (size_t)sz);
			if (!x->members || !x->cycle || !x->cycle_edges)
				goto out;
			x->ncycle = cycle_through(g, c.scc, i, x->cycle, x->cycle_edges, parent_edge, queue, seen);
		}
		x->members[x->nmembers++] = i;
	}
	for (int e = 0; e < g->nedges; e++) {
		struct mxt_wedge *w = &g->edges[e];
		w->in_cycle = dl[c.scc[w->from]] >= 0 && c.scc[w->from] == c.scc[c.adj[e]];
	}
	/* Depths, sinks first (completion order): a chain stops at a cycle's entry. */
	for (int i = 0; i < n; i++) {
		int v = order[i];
		depth[v] = 0;
		reach[v] = dl[c.scc[v]] >= 0;
		if (reach[v])
			continue;
		for (int e = c.start[v]; e < c.start[v + 1]; e++) {
			int w = c.adj[e];
			int d = dl[c.scc[w]] >= 0 ? 1 : 1 + depth[w];
			if (d > depth[v])
				depth[v] = d;
			reach[v] |= reach[w];
		}
	}
	for (int i = 0; i < n; i++)
		g->nodes[i].depth = depth[i];
	g->analysed = 1;
	rc = 0;
out:
	if (rc < 0)
		free_deadlocks(g);
	free(c.start);
	free(c.adj);
	free(c.scc);
	free(work);
	free(seen);
	return rc;
}

/* ---- queries ----------------------------------------------------------- */

int mxt_wg_find(const struct mxt_wg *g, const char *spec, char *err, size_t errlen)
{
	char *end;
	int n;
	if (!spec || !*spec) {
		snprintf(err, errlen, "empty process name");
		return -1;
	}
	if ((spec[0] == 'p' || spec[0] == 't') && spec[1] == ':') {
		n = mxt_wg_node(g, spec);
		if (n < 0)
			snprintf(err, errlen, "no node %s in the wait-for graph", spec);
		return n;
	}
	long a = strtol(spec, &end, 10);
	if (end != spec && (*end == '/' || !*end)) {
		mx_endpoint_t ep = (mx_endpoint_t)a;
		if (*end == '/') {
			const char *gs = end + 1;
			long gen = strtol(gs, &end, 10);
			if (end == gs || *end) {
				snprintf(err, errlen, "bad endpoint '%s' (expected SLOT/GEN, a number or a name)", spec);
				return -1;
			}
			ep = MX_EP(gen, a);
		}
		char key[24];
		snprintf(key, sizeof(key), "p:%d", (int)ep);
		n = mxt_wg_node(g, key);
		if (n < 0 || !g->nodes[n].alive) {
			char eb[24];
			snprintf(err, errlen, "no process with endpoint %s in snapshot %lld", mxt_ep_str(ep, eb, sizeof(eb)), g->snap);
			return -1;
		}
		return n;
	}
	if (strncmp(spec, "pid:", 4) == 0) {
		long pid = strtol(spec + 4, &end, 10);
		for (int i = 0; !*end && end != spec + 4 && pid >= 0 && i < g->nnodes; i++)
			if (g->nodes[i].kind == MXT_WN_PROC && g->nodes[i].alive && g->nodes[i].pid == pid)
				return i;
		snprintf(err, errlen, "no process with pid %s in snapshot %lld", spec + 4, g->snap);
		return -1;
	}
	if (spec[0] == '#') {
		long slot = strtol(spec + 1, &end, 10);
		for (int i = 0; !*end && end != spec + 1 && i < g->nnodes; i++)
			if (g->nodes[i].kind == MXT_WN_PROC && g->nodes[i].alive && MX_EP_SLOT(g->nodes[i].ep) == slot)
				return i;
		snprintf(err, errlen, "no process in slot %s in snapshot %lld", spec + 1, g->snap);
		return -1;
	}
	int found = -1, count = 0;
	for (int i = 0; i < g->nnodes; i++) {
		const struct mxt_wnode *v = &g->nodes[i];
		if (strcmp(v->name, spec) == 0 && v->alive) {
			if (found < 0)
				found = i;
			count++;
		}
	}
	if (count > 1) {
		snprintf(err, errlen, "%d processes are named '%s': give an endpoint (SLOT/GEN)", count, spec);
		return -1;
	}
	if (found < 0)
		snprintf(err, errlen, "no process named '%s' in snapshot %lld", spec, g->snap);
	return found;
}

enum { WALK_WHY, WALK_LONGEST };

static int best_edge(const struct mxt_wg *g, int v, int mode)
{
	const struct mxt_wnode *nv = &g->nodes[v];
	const int *reach = g->priv->reach_cycle;
	int best = -1;
	long long bkey = -1;
	for (int e = nv->first_out; e < nv->first_out + nv->nout; e++) {
		const struct mxt_wedge *w = &g->edges[e];
		const struct mxt_wnode *t = &g->nodes[w->to];
		int depth = t->deadlock >= 0 ? 0 : t->depth;
		long long key = mode == WALK_WHY
			? ((long long)(reach && reach[w->to]) << 40) | ((long long)reason_rank(w->reason) << 32) | depth
			: ((long long)depth << 8) | reason_rank(w->reason);
		if (key > bkey) {
			bkey = key;
			best = e;
		}
	}
	return best;
}

int mxt_wg_next_edge(const struct mxt_wg *g, int n)
{
	return best_edge(g, n, WALK_WHY);
}

static int chain_push(struct mxt_chain *c, int *cap, int e)
{
	if (c->nedges == *cap) {
		int nc = *cap ? *cap * 2 : 8;
		int *ne = realloc(c->edges, sizeof(int) * (size_t)nc);
		if (!ne)
			return -1;
		c->edges = ne;
		*cap = nc;
	}
	c->edges[c->nedges++] = e;
	return 0;
}

/* Append the shortest closed walk from v around its deadlock back to v. */
static int chain_cycle(const struct mxt_wg *g, int v, struct mxt_chain *c, int *cap)
{
	int n = g->nnodes;
	int *buf = malloc(sizeof(int) * ((size_t)n * 5 + 1));
	char *seen = calloc((size_t)n + 1, 1);
	int rc = -1;
	if (buf && seen) {
		int *scc = buf + 4 * n;
		for (int i = 0; i < n; i++)
			scc[i] = g->nodes[i].scc;
		int len = cycle_through(g, scc, v, buf, buf + n, buf + 2 * n, buf + 3 * n, seen);
		rc = 0;
		for (int i = 0; i < len && rc == 0; i++)
			rc = chain_push(c, cap, buf[n + i]);
	}
	free(buf);
	free(seen);
	return rc;
}

static int classify_end(const struct mxt_wg *g, int v)
{
	const struct mxt_wnode *nv = &g->nodes[v];
	if (!nv->alive)
		return MXT_VERDICT_DEAD;
	if (nv->restarting)
		return MXT_VERDICT_RESTARTING;
	if (nv->runnable)
		return MXT_VERDICT_RUNNING;
	if (nv->recv_any)
		return MXT_VERDICT_IDLE;
	return MXT_VERDICT_BLOCKED;
}

int mxt_wg_why(const struct mxt_wg *g, int n, struct mxt_why *out)
{
	int cap = 0, v = n;
	memset(out, 0, sizeof(*out));
	out->node = n;
	out->chain.start = n;
	out->deadlock = -1;
	out->waited_s = -1;
	out->culprit = n;
	if (g->nodes[n].deadlock < 0 && g->nodes[n].nout == 0) {
		out->verdict = MXT_VERDICT_NOT_WAITING;
		return 0;
	}
	int tracer = -1;              /* the first stop under ptrace on the way: its tracer decides */
	for (;;) {
		if (g->nodes[v].deadlock >= 0) {
			if (chain_cycle(g, v, &out->chain, &cap) < 0)
				goto oom;
			out->verdict = MXT_VERDICT_DEADLOCK;
			out->deadlock = g->nodes[v].deadlock;
			out->culprit = v;
			break;
		}
		int e = best_edge(g, v, WALK_WHY);
		if (e < 0) {
			out->verdict = tracer >= 0 ? MXT_VERDICT_TRACED : classify_end(g, v);
			out->culprit = tracer >= 0 ? tracer : v;
			break;
		}
		if (chain_push(&out->chain, &cap, e) < 0)
			goto oom;
		if (g->nodes[v].suspended && (g->edges[e].reason == MXT_WR_REPLY || g->edges[e].reason == MXT_WR_IPC) &&
		    tracer < 0 &&
		    g->nodes[g->edges[e].to].ep == g->nodes[v].susp_server) {
			/* The server put the call aside until the event comes: its own state is not the cause. */
			out->verdict = MXT_VERDICT_SUSPENDED;
			out->culprit = v;
			break;
		}
		v = g->edges[e].to;
		if (tracer < 0 && g->edges[e].reason == MXT_WR_TRACE)
			tracer = v;
	}
	if (out->chain.nedges)
		out->waited_s = g->edges[out->chain.edges[0]].waited_s;
	return 0;
oom:
	mxt_wg_why_free(out);
	return -1;
}

void mxt_wg_why_free(struct mxt_why *w)
{
	mxt_wg_chain_free(&w->chain);
}

void mxt_wg_chain_free(struct mxt_chain *c)
{
	free(c->edges);
	c->edges = NULL;
	c->nedges = 0;
}

static int by_depth(const void *a, const void *b, void *arg)
{
	const struct mxt_wg *g = arg;
	const struct mxt_wnode *x = &g->nodes[*(const int *)a], *y = &g->nodes[*(const int *)b];
	if (x->depth != y->depth)
		return y->depth - x->depth;
	return *(const int *)a - *(const int *)b;
}

int mxt_wg_longest_chains(const struct mxt_wg *g, int max, struct mxt_chain *out)
{
	int ncand = 0, nout = 0;
	int *cand = malloc(sizeof(int) * ((size_t)g->nnodes + 1));
	if (!cand)
		return 0;
	for (int i = 0; i < g->nnodes; i++)
		if (g->nodes[i].nin == 0 && g->nodes[i].nout > 0)
			cand[ncand++] = i;
	qsort_r(cand, (size_t)ncand, sizeof(int), by_depth, (void *)g);
	for (int i = 0; i < ncand && nout < max; i++) {
		struct mxt_chain *c = &out[nout];
		int cap = 0, v = cand[i];
		memset(c, 0, sizeof(*c));
		c->start = v;
		while (g->nodes[v].deadlock < 0) {
			int e = best_edge(g, v, WALK_LONGEST);
			if (e < 0)
				break;
			if (chain_push(c, &cap, e) < 0) {
				mxt_wg_chain_free(c);
				free(cand);
				return nout;
			}
			v = g->edges[e].to;
		}
		nout++;
	}
	free(cand);
	return nout;
}

/* ---- text -------------------------------------------------------------- */

/* Three significant digits in the largest unit that keeps the value >= 1. */
const char *mxt_wg_duration(double s, char *buf, size_t len)
{
	static const char *const units[] = { "s", "ms", "us", "ns" };
	if (s < 0) {
		snprintf(buf, len, "?");
		return buf;
	}
	int u = 0;
	while (u < 3 && s < 1 && s > 0) {
		s *= 1000;
		u++;
	}
	snprintf(buf, len, s >= 100 ? "%.0f %s" : s >= 10 ? "%.1f %s" : "%.2f %s", s, units[u]);
	return buf;
}

const char *mxt_wg_edge_label(const struct mxt_wg *g, int e, char *buf, size_t len)
{
	const struct mxt_wedge *w = &g->edges[e];
	char d[24];
	const char *r = mxt_wait_reason_name(w->reason);
	size_t n = (size_t)snprintf(buf, len, "%s%s%s", r ? r : "?", w->label[0] ? " " : "", w->label);
	if (w->waited_s >= 0 && n < len)
		snprintf(buf + n, len - n, ", %s", mxt_wg_duration(w->waited_s, d, sizeof(d)));
	else if (w->waited_tsc >= 0 && n < len)
		snprintf(buf + n, len - n, ", %lld ticks", w->waited_tsc);
	return buf;
}

/* "sh (14/3)" or "vfs:worker2". */
static const char *node_text(const struct mxt_wg *g, int n, char *buf, size_t len)
{
	const struct mxt_wnode *v = &g->nodes[n];
	char eb[24];
	if (v->kind == MXT_WN_PROC && v->alive)
		snprintf(buf, len, "%s (%s)", v->name, mxt_ep_str(v->ep, eb, sizeof(eb)));
	else
		snprintf(buf, len, "%s", v->name);
	return buf;
}

/* Members of deadlock d as "a -> b -> c -> a". */
static void cycle_text(const struct mxt_wg *g, int d, char *buf, size_t len)
{
	const struct mxt_deadlock *dl = &g->deadlocks[d];
	size_t n = 0;
	buf[0] = 0;
	for (int i = 0; i <= dl->ncycle && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", i ? " -> " : "", g->nodes[dl->cycle[i % dl->ncycle]].name);
}

const char *mxt_wg_verdict_text(const struct mxt_wg *g, const struct mxt_why *w, char *buf, size_t len)
{
	char a[64], b[512];
	const struct mxt_wnode *c = &g->nodes[w->culprit];
	node_text(g, w->culprit, a, sizeof(a));
	switch (w->verdict) {
	case MXT_VERDICT_NOT_WAITING:
		snprintf(buf, len, "not waiting: %s is %s%s", a, c->state[0] ? c->state : "not blocked",
			 c->recv_any ? " (receiving from ANY)" : "");
		break;
	case MXT_VERDICT_DEADLOCK:
		cycle_text(g, w->deadlock, b, sizeof(b));
		snprintf(buf, len, "deadlock (%d members): %s", g->deadlocks[w->deadlock].nmembers, b);
		break;
	case MXT_VERDICT_DEAD:
		snprintf(buf, len, "waiting on a dead process: %s is not alive in snapshot %lld", a, g->snap);
		break;
	case MXT_VERDICT_RESTARTING:
		snprintf(buf, len, "waiting on a restarting service: RS is restarting %s", a);
		break;
	case MXT_VERDICT_RUNNING:
		snprintf(buf, len, "waiting on a running process: %s is %s", a, c->state[0] ? c->state : "runnable");
		break;
	case MXT_VERDICT_IDLE:
		snprintf(buf, len, "waiting on an idle process: %s is receiving from ANY, so it never took the request or "
			 "took it and has not answered (a lost request, or one waiting for an event such as input)", a);
		break;
	case MXT_VERDICT_TRACED:
		snprintf(buf, len, "stopped under ptrace: its tracer %s has not resumed it (the tracer is %s)", a,
			 c->state[0] ? c->state : "running");
		break;
	case MXT_VERDICT_SUSPENDED: {
		static const char *const what[] = {
#define MXT_SU_TEXT(name, num, sname, text) [num] = text,
			MXT_SUSPENSIONS(MXT_SU_TEXT)
#undef MXT_SU_TEXT
		};
		char sb[24];
		snprintf(sb, sizeof(sb), "p:%d", (int)c->susp_server);
		int sn = mxt_wg_node(g, sb);
		snprintf(buf, len, "suspended in %s: %s %s (an event, not a lost request)",
			 sn >= 0 ? g->nodes[sn].name : "a server", a,
			 c->suspended > 0 && c->suspended < MXT_SUSP_MAX ? what[c->suspended] : "waits for an event");
		break;
	}
	default:
		snprintf(buf, len, "waiting on a blocked process: %s is %s", a, c->state[0] ? c->state : "blocked");
		break;
	}
	return buf;
}

struct sbuf { char *s; size_t len, cap; int failed; };

static void sb_add(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_add(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	if (b->failed)
		return;
	for (;;) {
		va_start(ap, fmt);
		int n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? b->cap - b->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->failed = 1;
			return;
		}
		if (b->s && b->len + (size_t)n < b->cap) {
			b->len += (size_t)n;
			return;
		}
		size_t cap = (b->cap ? b->cap * 2 : 256) + (size_t)n;
		char *s = realloc(b->s, cap);
		if (!s) {
			b->failed = 1;
			return;
		}
		b->s = s;
		b->cap = cap;
	}
}

static char *sb_done(struct sbuf *b)
{
	if (b->failed) {
		free(b->s);
		return NULL;
	}
	if (!b->s)
		sb_add(b, "%s", "");
	return b->s;
}

char *mxt_wg_why_text(const struct mxt_wg *g, const struct mxt_why *w)
{
	struct sbuf b = { 0 };
	char a[64], c[64], l[128], v[768], d[24];
	node_text(g, w->node, a, sizeof(a));
	if (w->chain.nedges)
		sb_add(&b, "%s has waited %s:\n", a, mxt_wg_duration(w->waited_s, d, sizeof(d)));
	for (int i = 0; i < w->chain.nedges; i++) {
		int e = w->chain.edges[i];
		const struct mxt_wedge *ed = &g->edges[e];
		node_text(g, ed->from, a, sizeof(a));
		node_text(g, ed->to, c, sizeof(c));
		sb_add(&b, "  %2d. %-22s waits for %-22s %s%s\n", i + 1, a, c, mxt_wg_edge_label(g, e, l, sizeof(l)),
		       ed->in_cycle ? "  [cycle]" : "");
	}
	sb_add(&b, "verdict: %s\n", mxt_wg_verdict_text(g, w, v, sizeof(v)));
	return sb_done(&b);
}

char *mxt_wg_deadlocks_text(const struct mxt_wg *g)
{
	struct sbuf b = { 0 };
	char t[1024];
	if (!g->ndeadlocks)
		sb_add(&b, "no deadlock\n");
	for (int d = 0; d < g->ndeadlocks; d++) {
		cycle_text(g, d, t, sizeof(t));
		sb_add(&b, "deadlock %d (%d members): %s\n", d + 1, g->deadlocks[d].nmembers, t);
	}
	return sb_done(&b);
}

/* ---- loading from the database ----------------------------------------- */

static int prepare(sqlite3 *db, sqlite3_stmt **st, const char *sql, long long snap, char *err, size_t errlen)
{
	if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot read the wait-for graph: %s", sqlite3_errmsg(db));
		return -1;
	}
	sqlite3_bind_int64(*st, 1, snap);
	return 0;
}

static const char *thread_state_name(int s)
{
	switch (s) {
#define T(name, num, text) case num: return text;
	MX_THREAD_STATES(T)
#undef T
	}
	return "?";
}

static const char *lock_mode_name(int m)
{
	switch (m) {
#define M(name, num, text) case num: return text;
	MX_LOCK_MODES(M)
#undef M
	}
	return "?";
}

static int load_snapshot(struct mxt_wg *g, sqlite3 *db, long long snap, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	if (prepare(db, &st, "SELECT s.tsc, b.tsc_hz FROM snapshots s LEFT JOIN boots b ON b.boot_id = s.boot_id "
		    "WHERE s.snap_id = ?", snap, err, errlen) < 0)
		return -1;
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		snprintf(err, errlen, "no snapshot %lld in the database", snap);
		sqlite3_finalize(st);
		return -1;
	}
	g->snap = snap;
	g->tsc = sqlite3_column_type(st, 0) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 0);
	g->tsc_hz = sqlite3_column_type(st, 1) == SQLITE_NULL ? 0 : sqlite3_column_double(st, 1);
	sqlite3_finalize(st);
	return 0;
}

static int load_processes(struct mxt_wg *g, sqlite3 *db, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	char key[24];
	if (prepare(db, &st, "SELECT endpoint, name, state, peer, rts_flags, misc_flags, priv_id, pid FROM processes "
		    "WHERE snap_id = ? ORDER BY slot", g->snap, err, errlen) < 0)
		return -1;
	int nprocs = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int ep = sqlite3_column_int(st, 0);
		nprocs++;
		const char *state = (const char *)sqlite3_column_text(st, 2);
		snprintf(key, sizeof(key), "p:%d", ep);
		int n = mxt_wg_add_node(g, key, (const char *)sqlite3_column_text(st, 1), state);
		if (n < 0)
			continue;
		struct mxt_wnode *v = &g->nodes[n];
		state = state ? state : "";
		v->runnable = strcmp(state, "RUN") == 0 || strcmp(state, "READY") == 0;
		v->recv_any = strcmp(state, "RECV") == 0 && sqlite3_column_type(st, 3) == SQLITE_NULL;
		v->rts_flags = (uint32_t)sqlite3_column_int64(st, 4);
		v->misc_flags = (uint32_t)sqlite3_column_int64(st, 5);
		int priv = sqlite3_column_type(st, 6) == SQLITE_NULL ? 0 : sqlite3_column_int(st, 6);
		v->pid = sqlite3_column_type(st, 7) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 7);
		if (MX_EP_SLOT(ep) < MX_NR_TASKS)
			v->cluster = MXT_WC_TASK;
		else if ((v->misc_flags & MX_MF_SYSTEM) || priv > 0)
			v->cluster = MXT_WC_SERVER;
		else
			v->cluster = MXT_WC_USER;
	}
	sqlite3_finalize(st);
	if (!nprocs) {
		snprintf(err, errlen, "snapshot %lld is empty (no processes)", g->snap);
		return -1;
	}
	/* Drivers: processes that hook IRQs or own I/O ports, or drive a device. */
	if (mxt_db_has(db, "privileges") &&
	    prepare(db, &st, "SELECT endpoint FROM privileges WHERE snap_id = ?1 AND endpoint IS NOT NULL AND "
		    "(irq_mask <> 0 OR (io_ranges IS NOT NULL AND io_ranges <> '')) UNION "
		    "SELECT json_extract(data, '$.driver') FROM reg_rows WHERE snap_id = ?1 AND name = 'vfs.dmap'",
		    g->snap, err, errlen) == 0) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			snprintf(key, sizeof(key), "p:%d", sqlite3_column_int(st, 0));
			int n = mxt_wg_node(g, key);
			if (n >= 0 && g->nodes[n].cluster == MXT_WC_SERVER)
				g->nodes[n].cluster = MXT_WC_DRIVER;
		}
		sqlite3_finalize(st);
	}
	return 0;
}

/* Threads: nodes, and each one's wanted lock mode for the lock labels. */
static int load_threads(struct mxt_wg *g, sqlite3 *db, int **modes, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	char key[40], name[88], sk[24];
	if (prepare(db, &st, "SELECT server, tid, name, state, lock_mode FROM threads WHERE snap_id = ? "
		    "ORDER BY server, tid", g->snap, err, errlen) < 0)
		return -1;
	int cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int server = sqlite3_column_int(st, 0), tid = sqlite3_column_int(st, 1), state = sqlite3_column_int(st, 3);
		const char *tn = (const char *)sqlite3_column_text(st, 2);
		snprintf(sk, sizeof(sk), "p:%d", server);
		int s = mxt_wg_node(g, sk);
		char sname[40];
		if (s >= 0)
			snprintf(sname, sizeof(sname), "%s", g->nodes[s].name);
		else
			snprintf(sname, sizeof(sname), "%s", mxt_ep_str(server, sk, sizeof(sk)));
		if (tn && *tn)
			snprintf(name, sizeof(name), "%s:%s", sname, tn);
		else
			snprintf(name, sizeof(name), "%s:t%d", sname, tid);
		snprintf(key, sizeof(key), "t:%d:%d", server, tid);
		int n = mxt_wg_add_node(g, key, name, thread_state_name(state));
		if (n < 0)
			continue;
		struct mxt_wnode *v = &g->nodes[n];
		v->alive = s >= 0;
		v->runnable = v->alive && (state == MX_TS_RUNNING || state == MX_TS_READY);
		v->cluster = s >= 0 ? g->nodes[s].cluster : MXT_WC_DEAD;
		if (n >= cap) {
			int nc = (n + 1) * 2;
			int *m = realloc(*modes, sizeof(int) * (size_t)nc);
			if (!m)
				break;
			for (int i = cap; i < nc; i++)
				m[i] = -1;
			*modes = m;
			cap = nc;
		}
		(*modes)[n] = sqlite3_column_type(st, 4) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 4);
	}
	sqlite3_finalize(st);
	return cap;
}

static void lock_label(sqlite3_stmt *ls, int server, long long lock_id, int mode, char *buf, size_t len)
{
	const char *name = NULL;
	sqlite3_reset(ls);
	sqlite3_bind_int(ls, 2, server);
	sqlite3_bind_int64(ls, 3, lock_id);
	if (sqlite3_step(ls) == SQLITE_ROW)
		name = (const char *)sqlite3_column_text(ls, 0);
	char nb[32];
	if (!name || !*name) {
		snprintf(nb, sizeof(nb), "lock %lld", lock_id);
		name = nb;
	}
	if (mode >= 0)
		snprintf(buf, len, "%s (%s)", name, lock_mode_name(mode));
	else
		snprintf(buf, len, "%s", name);
}

static int load_edges(struct mxt_wg *g, sqlite3 *db, const int *modes, int nmodes, char *err, size_t errlen)
{
	sqlite3_stmt *st, *ls = NULL;
	if (prepare(db, &st, "SELECT waiter, waitee, reason, detail, since_tsc FROM wait_for WHERE snap_id = ?",
		    g->snap, err, errlen) < 0)
		return -1;
	if (prepare(db, &ls, "SELECT name FROM locks WHERE snap_id = ?1 AND server = ?2 AND lock_id = ?3",
		    g->snap, err, errlen) < 0) {
		sqlite3_finalize(st);
		return -1;
	}
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *a = (const char *)sqlite3_column_text(st, 0), *b = (const char *)sqlite3_column_text(st, 1);
		const char *r = (const char *)sqlite3_column_text(st, 2);
		if (!a || !b || !r)
			continue;
		int from = mxt_wg_add_node(g, a, NULL, NULL);
		int to = mxt_wg_node(g, b);
		if (to < 0) {
			to = mxt_wg_add_node(g, b, NULL, "DEAD");
			if (to >= 0) {
				g->nodes[to].alive = 0;
				g->nodes[to].cluster = MXT_WC_DEAD;
			}
		}
		if (from < 0 || to < 0)
			continue;
		int reason = mxt_wait_reason_by_name(r);
		long long detail = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 3);
		long long since = sqlite3_column_type(st, 4) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 4);
		char label[48] = "";
		if (reason == MXT_WR_LOCK && detail >= 0) {
			int mode = from < nmodes ? modes[from] : -1;
			lock_label(ls, g->nodes[from].ep, detail, mode, label, sizeof(label));
		} else if (reason != MXT_WR_RECV && detail >= 0) {
			/* An ipc edge's detail is the request the thread serves, not the message it waits for. */
			const char *t = mxt_msgtype_name((int)detail), *pre = reason == MXT_WR_IPC ? "for " : "";
			if (t)
				snprintf(label, sizeof(label), "%s%s", pre, t);
			else if (reason == MXT_WR_SEND || reason == MXT_WR_SERVE)
				snprintf(label, sizeof(label), "type 0x%llx", detail);
		}
		/* A wait on a thread that is not in the table: its server's liveness decides. */
		if (g->nodes[to].kind == MXT_WN_THREAD && !g->nodes[to].state[0]) {
			char sk[24];
			snprintf(sk, sizeof(sk), "p:%d", g->nodes[to].ep);
			int s = mxt_wg_node(g, sk);
			g->nodes[to].alive = s >= 0 && g->nodes[s].alive;
		}
		mxt_wg_add_edge(g, from, to, reason, detail, label, since);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(ls);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "cannot read the wait-for graph: %s", sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

/* Services RS is restarting: matched by endpoint, and by label for the new
 * incarnation. */
static void load_restarting(struct mxt_wg *g, sqlite3 *db)
{
	sqlite3_stmt *st;
	char err[256];
	if (prepare(db, &st, "SELECT json_extract(data, '$.ep'), json_extract(data, '$.flags'), "
		    "json_extract(data, '$.label') FROM reg_rows WHERE snap_id = ? AND name = 'rs.services'",
		    g->snap, err, sizeof(err)) < 0)
		return;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int ep = sqlite3_column_int(st, 0);
		unsigned flags = (unsigned)sqlite3_column_int64(st, 1);
		const char *label = (const char *)sqlite3_column_text(st, 2);
		if (!(flags & MX_RSF_INUSE))
			continue;
		for (int i = 0; i < g->nnodes; i++) {
			struct mxt_wnode *v = &g->nodes[i];
			if (v->kind != MXT_WN_PROC)
				continue;
			int match = v->ep == ep || (label && *label && v->alive && strcmp(v->name, label) == 0);
			if (!match)
				continue;
			if (flags & MX_RSF_RESTART)
				v->restarting = 1;
			if (!v->alive && label && *label)
				snprintf(v->name, sizeof(v->name), "%s (dead)", label);
		}
	}
	sqlite3_finalize(st);
}

static void mark_suspended(struct mxt_wg *g, const char *key, int susp, mx_endpoint_t server)
{
	int n = mxt_wg_node(g, key);
	if (n >= 0) {
		g->nodes[n].suspended = susp;
		g->nodes[n].susp_server = server;
	}
}

/*
 * Calls a server has put aside until an event: VFS's (vfs.fproc: a pipe,
 * select), PM's (pm.procs: wait, pause), and requests a driver keeps on
 * purpose (<label>.pending: a read waiting for input).  The server is the
 * table's owner.  A driver's entry names the requester; from VFS, the tag
 * names the worker thread that waits (MX_VFS_TAG_TID).
 */
static void load_suspensions(struct mxt_wg *g, sqlite3 *db)
{
	sqlite3_stmt *st;
	char err[256], key[40];
	if (prepare(db, &st, "SELECT r.name, json_extract(r.data, '$.ep'), json_extract(r.data, '$.blocked_on'), "
		    "json_extract(r.data, '$.flags'), t.owner, json_extract(r.data, '$.who'), json_extract(r.data, '$.tag'), "
		    "json_extract(r.data, '$.why') FROM reg_rows r JOIN reg_tables t ON t.snap_id = r.snap_id AND t.name = r.name "
		    "WHERE r.snap_id = ?1 AND (r.name IN ('vfs.fproc', 'pm.procs') OR r.name LIKE '%.pending')",
		    g->snap, err, sizeof(err)) < 0)
		return;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		mx_endpoint_t owner = (mx_endpoint_t)sqlite3_column_int(st, 4);
		if (strcmp(name, "vfs.fproc") == 0 || strcmp(name, "pm.procs") == 0) {
			int why = sqlite3_column_int(st, 2);
			unsigned flags = (unsigned)sqlite3_column_int64(st, 3);
			int susp = name[0] == 'v' ? (why == MX_FPB_PIPE ? MXT_SUSP_PIPE : why == MX_FPB_SELECT ? MXT_SUSP_SELECT : 0)
				: !(flags & MX_PMF_INUSE) ? 0 : (flags & MX_PMF_WAITING) ? MXT_SUSP_WAIT
				: (flags & MX_PMF_PAUSED) ? MXT_SUSP_PAUSE : (flags & MX_PMF_SLEEPING) ? MXT_SUSP_SLEEP : 0;
			if (susp) {
				snprintf(key, sizeof(key), "p:%d", sqlite3_column_int(st, 1));
				mark_suspended(g, key, susp, owner);
			}
			continue;
		}
		int who = sqlite3_column_int(st, 5);
		if (sqlite3_column_int(st, 7) != MX_PEND_INPUT || who == MX_NONE)
			continue;
		/* The worker thread of a server with threads, else the process. */
		snprintf(key, sizeof(key), "t:%d:%d", who, MX_VFS_TAG_TID((uint32_t)sqlite3_column_int64(st, 6)));
		if (mxt_wg_node(g, key) < 0)
			snprintf(key, sizeof(key), "p:%d", who);
		mark_suspended(g, key, MXT_SUSP_INPUT, owner);
	}
	sqlite3_finalize(st);
}

struct mxt_wg *mxt_wg_load(sqlite3 *db, long long snap, char *err, size_t errlen)
{
	static const char *const needed[] = { "snapshots", "processes", "reg_rows", "threads", "locks", "wait_for" };
	for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++)
		if (!mxt_db_has(db, needed[i])) {
			snprintf(err, errlen, "the database has no '%s' table or view (not an MX run database of schema %d)",
				 needed[i], MXT_SCHEMA_VERSION);
			return NULL;
		}
	if (snap < 0) {
		snap = mxt_db_latest_snapshot(db, "full");
		if (snap < 0) {
			snprintf(err, errlen, "the database has no full snapshot");
			return NULL;
		}
	}
	struct mxt_wg *g = mxt_wg_new();
	int *modes = NULL;
	if (!g) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	int nmodes = 0;
	if (load_snapshot(g, db, snap, err, errlen) < 0 || load_processes(g, db, err, errlen) < 0 ||
	    (nmodes = load_threads(g, db, &modes, err, errlen)) < 0 ||
	    load_edges(g, db, modes, nmodes, err, errlen) < 0)
		goto fail;
	load_restarting(g, db);
	load_suspensions(g, db);
	if (mxt_wg_analyse(g) < 0) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	free(modes);
	return g;
fail:
	free(modes);
	mxt_wg_free(g);
	return NULL;
}

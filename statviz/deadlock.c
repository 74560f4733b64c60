/*
 * mxviz deadlock: the wait-for graph of a snapshot (IPC blocking and lock
 * waits together), every cycle drawn as a deadlock; with no cycle, the
 * longest wait chains.
 */
#include <stdlib.h>
#include <string.h>
#include "viz.h"

/* Edge label: the reason and detail on one line, the time waited below. */
static void edge_label(const struct mxt_wg *g, int e, char *buf, size_t len)
{
	const struct mxt_wedge *w = &g->edges[e];
	char d[24];
	const char *r = mxt_wait_reason_name(w->reason);
	int n = snprintf(buf, len, "%s%s%s", r ? r : "?", w->label[0] ? " " : "", w->label);
	if (w->waited_s >= 0 && n >= 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, "\n%s", mxt_wg_duration(w->waited_s, d, sizeof(d)));
}

static void draw_edge(struct viz *v, Agraph_t *g, int e)
{
	const struct mxt_wedge *w = &v->wg->edges[e];
	Agnode_t *a = viz_wnode(v, g, w->from), *b = viz_wnode(v, g, w->to);
	Agedge_t *ed = agedge(g, a, b, NULL, 1);
	char label[128];
	edge_label(v->wg, e, label, sizeof(label));
	viz_set(ed, "label", label);
	if (w->reason == MXT_WR_LOCK)
		viz_set(ed, "style", "dashed");
	if (w->in_cycle) {
		viz_set(ed, "color", VIZ_CYCLE_COLOR);
		viz_set(ed, "fontcolor", VIZ_CYCLE_COLOR);
		viz_set(ed, "penwidth", "3");
	}
}

Agraph_t *viz_deadlock(struct viz *v)
{
	struct mxt_wg *wg = v->wg;
	char title[256];
	Agraph_t *g;
	if (wg->ndeadlocks) {
		snprintf(title, sizeof(title), "Wait-for graph, snapshot %lld: %d deadlock%s (red)", v->snap, wg->ndeadlocks,
			 wg->ndeadlocks > 1 ? "s" : "");
		char *text = mxt_wg_deadlocks_text(wg);
		snprintf(v->note, sizeof(v->note), "%s", text ? text : "");
		free(text);
		size_t n = strlen(v->note);
		if (n && v->note[n - 1] == '\n')
			v->note[n - 1] = 0;
		if (!(g = viz_graph("deadlock", title)))
			goto oom;
		/* Every wait, so the cycles are seen with who waits on them. */
		for (int e = 0; e < wg->nedges; e++)
			draw_edge(v, g, e);
		return g;
	}
	int max = v->chains > 0 ? v->chains : 5;
	struct mxt_chain *chains = calloc((size_t)max, sizeof(*chains));
	if (!chains)
		goto oom;
	int nc = mxt_wg_longest_chains(wg, max, chains);
	if (nc)
		snprintf(title, sizeof(title), "Wait-for graph, snapshot %lld: no deadlock; the %d longest wait chain%s",
			 v->snap, nc, nc > 1 ? "s" : "");
	else
		snprintf(title, sizeof(title), "Wait-for graph, snapshot %lld: no deadlock and nobody waits", v->snap);
	snprintf(v->note, sizeof(v->note), "no deadlock in snapshot %lld; %s", v->snap,
		 nc ? "drawing the longest wait chains" : "no process waits for another");
	g = viz_graph("deadlock", title);
	char *drawn = calloc((size_t)wg->nedges + 1, 1);
	for (int i = 0; g && drawn && i < nc; i++) {
		viz_wnode(v, g, chains[i].start);
		for (int k = 0; k < chains[i].nedges; k++)
			if (!drawn[chains[i].edges[k]]++)
				draw_edge(v, g, chains[i].edges[k]);
	}
	if (!drawn && g) {
		agclose(g);
		g = NULL;
	}
	free(drawn);
	for (int i = 0; i < nc; i++)
		mxt_wg_chain_free(&chains[i]);
	free(chains);
	if (g)
		return g;
oom:
	snprintf(v->err, sizeof(v->err), "out of memory");
	return NULL;
}

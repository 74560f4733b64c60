/*
 * mxviz building blocks: the snapshot, graphs with MX's defaults, role
 * clusters (kernel tasks, servers, drivers, user processes), process and
 * thread nodes, and output through Graphviz's gvc.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <graphviz/gvc.h>
#include "mxt/db.h"
#include "mxt/names.h"
#include "viz.h"

int viz_open(struct viz *v, sqlite3 *db, long long snap)
{
	v->db = db;
	v->wg = mxt_wg_load(db, snap, v->err, sizeof(v->err));
	if (!v->wg)
		return -1;
	v->snap = v->wg->snap;
	return 0;
}

void viz_close(struct viz *v)
{
	mxt_wg_free(v->wg);
	v->wg = NULL;
}

void viz_set(void *obj, const char *attr, const char *value)
{
	agsafeset(obj, (char *)attr, (char *)value, "");
}

Agraph_t *viz_graph(const char *name, const char *title)
{
	Agraph_t *g = agopen((char *)name, Agdirected, NULL);
	if (!g)
		return NULL;
	viz_set(g, "label", title);
	viz_set(g, "labelloc", "t");
	viz_set(g, "fontname", "Helvetica");
	viz_set(g, "fontsize", "14");
	viz_set(g, "rankdir", "LR");
	viz_set(g, "nodesep", "0.25");
	viz_set(g, "ranksep", "0.6");
	agattr(g, AGNODE, "fontname", "Helvetica");
	agattr(g, AGNODE, "fontsize", "10");
	agattr(g, AGNODE, "shape", "box");
	agattr(g, AGNODE, "style", "rounded,filled");
	agattr(g, AGNODE, "fillcolor", "white");
	agattr(g, AGEDGE, "fontname", "Helvetica");
	agattr(g, AGEDGE, "fontsize", "9");
	return g;
}

static const char *const role_fill[] = {
	[MXT_WC_TASK] = "#eeeeee", [MXT_WC_SERVER] = "#e3edf7", [MXT_WC_DRIVER] = "#e8f4e3",
	[MXT_WC_USER] = "#fbf3e0", [MXT_WC_DEAD] = "#f5f5f5",
};
static const char *const role_id[] = {
	[MXT_WC_TASK] = "cluster_tasks", [MXT_WC_SERVER] = "cluster_servers", [MXT_WC_DRIVER] = "cluster_drivers",
	[MXT_WC_USER] = "cluster_user", [MXT_WC_DEAD] = "cluster_dead",
};

Agraph_t *viz_cluster(Agraph_t *g, int role)
{
	if (role < 0 || role > MXT_WC_DEAD)
		role = MXT_WC_USER;
	Agraph_t *c = agsubg(g, (char *)role_id[role], 0);
	if (c)
		return c;
	c = agsubg(g, (char *)role_id[role], 1);
	viz_set(c, "label", mxt_wg_cluster_name(role));
	viz_set(c, "style", role == MXT_WC_DEAD ? "dashed" : "filled");
	viz_set(c, "fillcolor", role_fill[role]);
	viz_set(c, "color", "#999999");
	viz_set(c, "fontsize", "11");
	return c;
}

Agnode_t *viz_wnode(struct viz *v, Agraph_t *g, int n)
{
	const struct mxt_wnode *w = &v->wg->nodes[n];
	Agnode_t *a = agnode(g, (char *)w->key, 0);
	if (a)
		return a;
	Agraph_t *c = viz_cluster(g, w->alive ? w->cluster : MXT_WC_DEAD);
	char label[160], eb[24];
	if (w->kind == MXT_WN_THREAD) {
		char sub[48], sk[24];
		snprintf(sub, sizeof(sub), "cluster_thr_%d", (int)w->ep);
		Agraph_t *tc = agsubg(c, sub, 0);
		if (!tc) {
			tc = agsubg(c, sub, 1);
			snprintf(sk, sizeof(sk), "p:%d", (int)w->ep);
			int s = mxt_wg_node(v->wg, sk);
			snprintf(label, sizeof(label), "%s threads", s >= 0 ? v->wg->nodes[s].name : mxt_ep_str(w->ep, eb, sizeof(eb)));
			viz_set(tc, "label", label);
			viz_set(tc, "style", "dashed");
			viz_set(tc, "color", "#777777");
		}
		const char *tn = strchr(w->name, ':');
		snprintf(label, sizeof(label), "%s\n%s", tn ? tn + 1 : w->name, w->state);
		a = agnode(tc, (char *)w->key, 1);
		viz_set(a, "shape", "ellipse");
		viz_set(a, "style", "filled");
	} else {
		if (w->alive)
			snprintf(label, sizeof(label), "%s\n%s %s", w->name, mxt_ep_str(w->ep, eb, sizeof(eb)), w->state);
		else
			snprintf(label, sizeof(label), "%s\n%s", w->name, w->restarting ? "restarting" : "not alive");
		a = agnode(c, (char *)w->key, 1);
		if (!w->alive)
			viz_set(a, "style", "rounded,dashed");
	}
	viz_set(a, "label", label);
	viz_set(a, "tooltip", w->key);
	if (w->deadlock >= 0) {
		viz_set(a, "color", VIZ_CYCLE_COLOR);
		viz_set(a, "fillcolor", VIZ_CYCLE_FILL);
		viz_set(a, "penwidth", "2.5");
		viz_set(a, "fontcolor", VIZ_CYCLE_COLOR);
	} else if (w->restarting) {
		viz_set(a, "color", "#ff7f0e");
	}
	return a;
}

Agnode_t *viz_proc(struct viz *v, Agraph_t *g, int ep)
{
	char key[24];
	snprintf(key, sizeof(key), "p:%d", ep);
	int n = mxt_wg_node(v->wg, key);
	if (n < 0)
		n = mxt_wg_add_node(v->wg, key, NULL, "");
	if (n < 0)
		return NULL;
	/* Endpoints not in the snapshot (exited since) go with the dead. */
	if (!v->wg->nodes[n].state[0]) {
		v->wg->nodes[n].alive = 0;
		v->wg->nodes[n].cluster = MXT_WC_DEAD;
		snprintf(v->wg->nodes[n].state, sizeof(v->wg->nodes[n].state), "gone");
	}
	return viz_wnode(v, g, n);
}

int viz_write_dot(Agraph_t *g, FILE *f)
{
	return agwrite(g, f) == 0 && fflush(f) == 0 ? 0 : -1;
}

static int known_engine(GVC_t *gvc, const char *engine)
{
	int n = 0, found = 0;
	char **list = gvPluginList(gvc, "layout", &n, NULL);
	for (int i = 0; i < n; i++) {
		if (!strcmp(list[i], engine))
			found = 1;
		free(list[i]);
	}
	free(list);
	return found;
}

int viz_output(struct viz *v, Agraph_t *g)
{
	static const char *const formats[] = { "svg", "png", "pdf", "dot" };
	int ok = 0, rc = -1;
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		ok |= !strcmp(v->format, formats[i]);
	if (!ok) {
		snprintf(v->err, sizeof(v->err), "unknown output format '%s' (svg, png, pdf or dot)", v->format);
		return -1;
	}
	int to_stdout = !v->output || !strcmp(v->output, "-");
	if (to_stdout && isatty(1) && (!strcmp(v->format, "png") || !strcmp(v->format, "pdf"))) {
		snprintf(v->err, sizeof(v->err), "will not write %s to a terminal: give -o FILE", v->format);
		return -1;
	}
	FILE *f = to_stdout ? stdout : fopen(v->output, "wb");
	if (!f) {
		snprintf(v->err, sizeof(v->err), "%s: cannot write: %s", v->output, strerror(errno));
		return -1;
	}
	if (!strcmp(v->format, "dot")) {
		rc = viz_write_dot(g, f);
		if (rc < 0)
			snprintf(v->err, sizeof(v->err), "%s: write failed", to_stdout ? "stdout" : v->output);
	} else {
		GVC_t *gvc = gvContext();
		const char *engine = v->engine ? v->engine : "dot";
		if (!known_engine(gvc, engine)) {
			snprintf(v->err, sizeof(v->err), "unknown layout engine '%s' (try dot, neato, fdp, sfdp, circo, twopi)",
				 engine);
		} else if (gvLayout(gvc, g, engine) != 0) {
			snprintf(v->err, sizeof(v->err), "layout with %s failed", engine);
		} else {
			rc = gvRender(gvc, g, v->format, f);
			if (rc != 0 || fflush(f) != 0) {
				snprintf(v->err, sizeof(v->err), "rendering %s failed", v->format);
				rc = -1;
			}
			/* No gvFreeLayout: Graphviz 2.43's dot_cleanup double-frees on some
			 * clustered graphs, and dot(1) itself never frees its last layout.
			 * agclose() releases the graph; mxviz exits right after. */
		}
		gvFreeContext(gvc);
	}
	if (!to_stdout && fclose(f) != 0 && rc == 0) {
		snprintf(v->err, sizeof(v->err), "%s: write failed", v->output);
		rc = -1;
	}
	if (rc < 0 && !to_stdout)
		unlink(v->output);
	return rc;
}

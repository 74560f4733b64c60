/*
 * mxviz internals: each diagram is a function that builds a cgraph graph
 * from one snapshot; viz_output() lays it out and renders it.  The
 * builders return NULL with a one-line message in v->err.
 */
#ifndef MXVIZ_VIZ_H
#define MXVIZ_VIZ_H

#include <stdio.h>
#include <sqlite3.h>
#include <graphviz/cgraph.h>
#include "mxt/waitgraph.h"

struct viz {
	/* input */
	sqlite3 *db;
	long long snap;         /* resolved snapshot id */
	struct mxt_wg *wg;      /* the snapshot's processes and wait-for graph */
	/* output */
	const char *format;     /* "svg", "png", "pdf", "dot" */
	const char *engine;     /* layout engine, "dot" by default */
	const char *output;     /* file, NULL or "-" for stdout */
	/* deadlock */
	int chains;             /* chains drawn when there is no cycle */
	/* locks */
	const char *server;     /* NAME|EP, NULL for every server with locks */
	/* ipc */
	int by_latency;         /* weight edges by total latency instead of count */
	int by_type;            /* one edge per message type */
	int top;                /* keep the heaviest N edges, 0 for all */
	double from, to;        /* guest seconds since boot; to < 0: the end */
	/* results */
	char err[512];
	char note[512];         /* what the diagram says in one line, for stderr */
};

/* Open the snapshot (snap < 0: latest full) into v: 0 or -1 with v->err. */
int viz_open(struct viz *v, sqlite3 *db, long long snap);
void viz_close(struct viz *v);

Agraph_t *viz_deadlock(struct viz *v);
Agraph_t *viz_locks(struct viz *v);
Agraph_t *viz_ipc(struct viz *v);
Agraph_t *viz_vm(struct viz *v, const char *who);

/* Lay out and render g to v->output in v->format: 0 or -1 with v->err. */
int viz_output(struct viz *v, Agraph_t *g);
/* Write g as DOT (not laid out) to f. */
int viz_write_dot(Agraph_t *g, FILE *f);

/* ---- graph.c: building blocks shared by the diagrams ---- */
Agraph_t *viz_graph(const char *name, const char *title);
void viz_set(void *obj, const char *attr, const char *value);
/* The cluster of a role (MXT_WC_*), created on first use. */
Agraph_t *viz_cluster(Agraph_t *g, int role);
/* The node of wait-graph node n, in its role's cluster (threads in a
 * nested cluster of their server).  Created on first use. */
Agnode_t *viz_wnode(struct viz *v, Agraph_t *g, int n);
/* A process node by endpoint (for diagrams not built on wait edges). */
Agnode_t *viz_proc(struct viz *v, Agraph_t *g, int ep);
/* Deadlock colours, used by every diagram. */
#define VIZ_CYCLE_COLOR "#d62728"
#define VIZ_CYCLE_FILL  "#ffd6d6"

#endif

/*
 * Wait-for graphs: who waits for whom in one snapshot, which waits form a
 * deadlock, and why a given process is stuck.
 *
 * A graph is built from the database's wait_for view (tracer/schema.sql):
 * nodes are processes ('p:<endpoint>') and server threads
 * ('t:<server endpoint>:<tid>'); an edge A -> B means A cannot go on until
 * B acts.  mxt_wg_analyse() finds the strongly connected components in
 * linear time (an iterative Tarjan, no recursion), so every cycle, a
 * self-loop included, is reported as a deadlock, and prepares the chain
 * queries.  Everything is returned as structures; mxt_wg_why_text() and
 * mxt_wg_edge_label() format them as text for tools that print lines
 * (mxdump why, mxtop's wait-chain view).
 *
 * Usage:
 *     struct mxt_wg *g = mxt_wg_load(db, snap, err, sizeof(err));
 *     int n = mxt_wg_find(g, "sh", err, sizeof(err));
 *     struct mxt_why w;
 *     mxt_wg_why(g, n, &w);
 *     char *text = mxt_wg_why_text(g, &w);  ... free(text);
 *     mxt_wg_why_free(&w);
 *     mxt_wg_free(g);
 *
 * A graph is read-only after analysis: several threads may query it.
 */
#ifndef MXT_WAITGRAPH_H
#define MXT_WAITGRAPH_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>
#include <mx/endpoint.h>

/* Why an edge's waiter waits (the wait_for view's reason column). */
#define MXT_WAIT_REASONS(X) \
	X(SEND,  0, "send",  "blocked sending to the process") \
	X(RECV,  1, "recv",  "blocked receiving from that one process") \
	X(REPLY, 2, "reply", "sent a request (SENDREC), waits for the reply") \
	X(SERVE, 3, "serve", "its request is being served by the server thread") \
	X(LOCK,  4, "lock",  "thread waits for a lock the other thread holds") \
	X(IPC,   5, "ipc",   "thread waits for a reply from the process") \
	X(TRACE, 6, "trace", "stopped under ptrace, waits for its tracer to resume it")

enum mxt_wait_reason {
#define MXT_WR_ENUM(name, num, sname, text) MXT_WR_##name = num,
	MXT_WAIT_REASONS(MXT_WR_ENUM)
#undef MXT_WR_ENUM
	MXT_WR_MAX
};

const char *mxt_wait_reason_name(int reason);   /* "send", ...; NULL if unknown */
int mxt_wait_reason_by_name(const char *name);  /* -1 if unknown */

enum mxt_wnode_kind { MXT_WN_PROC = 0, MXT_WN_THREAD = 1 };

/* What the end of a wait chain says about the waiter. */
#define MXT_VERDICTS(X) \
	X(NOT_WAITING, 0, "not waiting",           "the process itself waits for nothing in the graph") \
	X(DEADLOCK,    1, "deadlock",              "the chain enters a cycle of waits") \
	X(DEAD,        2, "waiting on a dead process", "the chain ends at an endpoint that is not alive") \
	X(RESTARTING,  3, "waiting on a restarting service", "the chain ends at a service RS is restarting") \
	X(RUNNING,     4, "waiting on a running process", "the chain ends at a process that can run") \
	X(IDLE,        5, "waiting on an idle process", "the chain ends at a process receiving from ANY: the request or reply was lost") \
	X(BLOCKED,     6, "waiting on a blocked process", "the chain ends at a process blocked outside IPC (stopped, page fault, signal, ...)") \
	X(TRACED,      7, "stopped under ptrace", "the chain passes a process stopped by its tracer: the tracer has to resume it") \
	X(SUSPENDED,   8, "suspended", "a server put the call aside until an event: a pipe's other end, select, a child's exit, a signal, input")

/* Calls a server puts aside until an event: the caller waits for the event, not for the server. */
#define MXT_SUSPENSIONS(X) \
	X(NONE,   0, "",       "") \
	X(PIPE,   1, "pipe",   "waits on a pipe until another process writes to it or closes it") \
	X(SELECT, 2, "select", "waits in select until a descriptor is ready or the timeout passes") \
	X(WAIT,   3, "wait",   "waits in wait() for a child to exit or stop") \
	X(PAUSE,  4, "pause",  "waits in pause() or sigsuspend() for a signal") \
	X(INPUT,  5, "input",  "waits for input to arrive (at a terminal: for a line to be typed)") \
	X(SLEEP,  6, "sleep",  "waits in sleep() for its time to pass")

enum mxt_suspension {
#define MXT_SU_ENUM(name, num, sname, text) MXT_SUSP_##name = num,
	MXT_SUSPENSIONS(MXT_SU_ENUM)
#undef MXT_SU_ENUM
	MXT_SUSP_MAX
};

enum mxt_verdict {
#define MXT_VD_ENUM(name, num, sname, text) MXT_VERDICT_##name = num,
	MXT_VERDICTS(MXT_VD_ENUM)
#undef MXT_VD_ENUM
	MXT_VERDICT_MAX
};
const char *mxt_verdict_name(int verdict);      /* "deadlock", ... */

struct mxt_wnode {
	int kind;               /* MXT_WN_PROC or MXT_WN_THREAD */
	mx_endpoint_t ep;       /* the process, or the thread's server */
	int tid;                /* thread id; -1 for a process */
	int pid;                /* the process's PM pid, or -1 (kernel task, thread, unknown) */
	char key[40];           /* as in wait_for: "p:4", "t:5:2" */
	char name[40];          /* "sh", "vfs:worker2", or "dead 14/3" */
	char state[16];         /* process state ("RUN", "SEND", ...) or thread state ("lock-wait") */
	int alive;              /* process (thread: its server) is in the snapshot */
	int restarting;         /* RS marks this service as restarting or down */
	int runnable;           /* process RUN, or thread running/ready in a live server */
	int recv_any;           /* process blocked receiving from ANY */
	uint32_t rts_flags, misc_flags;  /* process flags (0 for threads) */
	int suspended;          /* MXT_SUSP_*: a server put its call aside until an event
				 * (vfs.fproc, pm.procs, a driver's <label>.pending) */
	mx_endpoint_t susp_server;  /* that server */
	int cluster;            /* MXT_WC_*: a grouping for diagrams */
	int first_out, nout;    /* out-edges: edges[first_out .. first_out + nout) */
	int nin;                /* in-degree */
	/* Set by mxt_wg_analyse: */
	int scc;                /* component number (0 .. nscc-1, reverse topological order) */
	int deadlock;           /* index in deadlocks[] if in a cycle, else -1 */
	int depth;              /* edges on the longest chain starting here (to a cycle's entry at most) */
};

/* Diagram clusters of a node (the process's role). */
enum { MXT_WC_TASK = 0, MXT_WC_SERVER = 1, MXT_WC_DRIVER = 2, MXT_WC_USER = 3, MXT_WC_DEAD = 4 };
const char *mxt_wg_cluster_name(int cluster);   /* "kernel tasks", "servers", ... */

struct mxt_wedge {
	int from, to;           /* node indices */
	int reason;             /* MXT_WR_* */
	long long detail;       /* message type (send/reply/serve/ipc), lock id (lock); -1 if none */
	char label[48];         /* "VFS_READ", "vnode 12 (W)", "" if nothing to say */
	long long since_tsc;    /* when the wait began; -1 if unknown */
	long long waited_tsc;   /* snapshot TSC - since_tsc; -1 if unknown */
	double waited_s;        /* waited_tsc in seconds (boots.tsc_hz); < 0 if unknown */
	int in_cycle;           /* both ends in the same deadlock */
};

/* One cyclic strongly connected component. */
struct mxt_deadlock {
	int nmembers;
	int *members;           /* node indices, ascending */
	int ncycle;             /* one closed walk through it: cycle[0] -> ... -> cycle[ncycle-1] -> cycle[0] */
	int *cycle;             /* node indices */
	int *cycle_edges;       /* edge indices: cycle_edges[i] goes from cycle[i] to cycle[(i+1) % ncycle] */
};

struct mxt_wg_priv;

struct mxt_wg {
	long long snap;         /* snapshot id, -1 for a graph built by hand */
	long long tsc;          /* snapshot TSC, -1 if unknown */
	double tsc_hz;          /* 0 if unknown */
	int nnodes, nedges;
	struct mxt_wnode *nodes;
	struct mxt_wedge *edges; /* grouped by waiter after analysis (see first_out) */
	int nscc;
	int ndeadlocks;
	struct mxt_deadlock *deadlocks;
	int analysed;
	struct mxt_wg_priv *priv;
};

/* ---- Building ---------------------------------------------------------- */

/* Load the wait-for graph of snapshot snap (-1: latest full snapshot) and
 * analyse it.  NULL with a one-line message in err on failure (no such
 * snapshot, a database without the wait_for view, an SQL error). */
struct mxt_wg *mxt_wg_load(sqlite3 *db, long long snap, char *err, size_t errlen);

/* An empty graph to fill by hand (tests, benchmarks, other sources). */
struct mxt_wg *mxt_wg_new(void);
/* Add a node and return its index (an existing one if key is known).  key
 * follows the wait_for forms 'p:<ep>' and 't:<ep>:<tid>'; name and state may
 * be NULL.  -1 on a malformed key or out of memory. */
int mxt_wg_add_node(struct mxt_wg *g, const char *key, const char *name, const char *state);
/* Add an edge between two node indices; returns its index or -1. */
int mxt_wg_add_edge(struct mxt_wg *g, int from, int to, int reason, long long detail,
		    const char *label, long long since_tsc);
/* Index of the node with this key, or -1. */
int mxt_wg_node(const struct mxt_wg *g, const char *key);
/* Find strongly connected components, deadlocks and chain depths.  O(V + E)
 * time and memory, iterative.  Edges are regrouped by waiter.  0 on
 * success, -1 out of memory.  Call again after adding nodes or edges. */
int mxt_wg_analyse(struct mxt_wg *g);
void mxt_wg_free(struct mxt_wg *g);

/* ---- Queries (after mxt_wg_analyse) ------------------------------------ */

/* The process node named by spec: an endpoint ("14/3" slot/gen, or the
 * number "3086"), a slot ("#14"), a PM pid ("pid:19"), a process name
 * ("sh"), or a node key ("p:4", "t:5:2").  -1 with a one-line message in err if none or if a name
 * is ambiguous. */
int mxt_wg_find(const struct mxt_wg *g, const char *spec, char *err, size_t errlen);

/* The step a chain takes from node n: the out-edge index, or -1 at the end.
 * Preference: an edge towards a deadlock, then serve > lock > ipc > reply >
 * send > recv, then the longer chain. */
int mxt_wg_next_edge(const struct mxt_wg *g, int n);

/* A wait chain: edges[0] leaves the start node, edges[i+1] leaves the node
 * edges[i] enters. */
struct mxt_chain {
	int start;
	int nedges;
	int *edges;
};

/* Why node n is stuck: the chain from n to the root cause, and a verdict.
 * For a deadlock the chain runs into the cycle and once around it. */
struct mxt_why {
	int node;
	struct mxt_chain chain;
	int verdict;            /* MXT_VERDICT_* */
	int culprit;            /* the node the verdict is about (end of chain, or cycle entry) */
	int deadlock;           /* index in deadlocks[] for MXT_VERDICT_DEADLOCK, else -1 */
	double waited_s;        /* how long n itself has waited (first edge), < 0 if unknown */
};
int mxt_wg_why(const struct mxt_wg *g, int n, struct mxt_why *out);   /* 0, or -1 out of memory */
void mxt_wg_why_free(struct mxt_why *w);

/* The longest wait chains (most edges first), at most max, each starting
 * at a waiter nobody waits for, distinct start nodes.  Returns how many
 * were stored in out (caller frees each with mxt_wg_chain_free). */
int mxt_wg_longest_chains(const struct mxt_wg *g, int max, struct mxt_chain *out);
void mxt_wg_chain_free(struct mxt_chain *c);

/* ---- Text ------------------------------------------------------------- */

/* "1.25 s", "340 ms", "12.0 us" (three digits), "?" if negative; buf >= 16. */
const char *mxt_wg_duration(double seconds, char *buf, size_t len);
/* An edge as one phrase: "SEND VFS_READ, 1.25 s" / "lock vnode 12 (W), 3 ms". */
const char *mxt_wg_edge_label(const struct mxt_wg *g, int e, char *buf, size_t len);
/* The verdict sentence for w: "deadlock: sh -> vfs:worker1 -> ...", ... */
const char *mxt_wg_verdict_text(const struct mxt_wg *g, const struct mxt_why *w, char *buf, size_t len);
/* The whole explanation, one line per step and the verdict last; malloc'd,
 * the caller frees it.  NULL if out of memory. */
char *mxt_wg_why_text(const struct mxt_wg *g, const struct mxt_why *w);
/* Every deadlock, one line each ("deadlock 1: a -> b -> a"), or "no
 * deadlock" ; malloc'd. */
char *mxt_wg_deadlocks_text(const struct mxt_wg *g);

#endif

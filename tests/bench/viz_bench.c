/*
 * Benchmarks of the wait-for graph analysis and of mxviz (not timed tests):
 *   - cycle detection (mxt_wg_analyse: Tarjan, deadlocks, chain depths) on
 *     in-memory graphs of 10,000, 100,000 and 1,000,000 nodes, to show it
 *     is linear;
 *   - loading and analysing a 10,000-node wait-for graph from a database;
 *   - mxviz rendering 200-process diagrams (deadlock, ipc) end to end.
 * Prints one row per figure for tests/bench/run_bench.py:
 *     BENCH figure | value | unit | target | command
 *
 *     build/bench/viz_bench [BUILD_DIR]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <mx/callnr.h>
#include <mx/tables.h>
#include "mxt/db.h"
#include "mxt/waitgraph.h"
#include "../lib/snapdb.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* n nodes, about 2n edges going forward, plus a cycle every 1,000 nodes. */
static struct mxt_wg *random_graph(int n)
{
	struct mxt_wg *g = mxt_wg_new();
	char key[32];
	for (int i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "t:%d:%d", 5 + i / 30000, i % 30000);
		mxt_wg_add_node(g, key, NULL, "lock-wait");
	}
	srand(1);
	for (int i = 0; i + 1 < n; i++)
		for (int k = 0; k < 2; k++) {
			int span = n - i - 1 < 100 ? n - i - 1 : 100;
			mxt_wg_add_edge(g, i, i + 1 + rand() % span, MXT_WR_LOCK, -1, NULL, -1);
		}
	for (int b = 0; b + 999 < n; b += 1000) {
		for (int i = b; i < b + 9; i++)
			mxt_wg_add_edge(g, i, i + 1, MXT_WR_IPC, -1, NULL, -1);
		mxt_wg_add_edge(g, b + 9, b, MXT_WR_SERVE, -1, NULL, -1);
	}
	return g;
}

/* Best of k runs of the analysis, in seconds. */
static double time_analyse(struct mxt_wg *g, int k)
{
	double best = 1e9;
	for (int r = 0; r < k; r++) {
		double t = now();
		if (mxt_wg_analyse(g) < 0) {
			fprintf(stderr, "viz_bench: out of memory\n");
			exit(1);
		}
		t = now() - t;
		if (t < best)
			best = t;
	}
	return best;
}

/* A database whose snapshot has a 10,000-node wait-for graph: 250
 * processes, each waiting on a VFS thread, 9,750 threads in chains of
 * IPC waits, a cycle per 100 threads. */
static void big_db(const char *path)
{
	sqlite3 *db = snapdb_create(path);
	snapdb_exec(db, "BEGIN");
	long long s = snapdb_snapshot(db, "full", SCEN_TSC);
	scen_boot(db, s);
	snapdb_regtable(db, s, "vfs.threads", MX_VFS, NULL);
	for (int p = 0; p < 250; p++)
		snapdb_proc(db, s, 14 + p, 1, "client", "REPLY-WAIT", MX_VFS, 9000000000LL, MX_VFS_READ);
	for (int t = 0; t < 9750; t++) {
		mx_endpoint_t client = t < 250 ? MX_EP(1, 14 + t) : MX_NONE;
		/* Thread t waits on client process (t + 1) % 250: chains through processes. */
		snapdb_thread(db, s, "vfs.threads", t, "worker", MX_TS_IPC_WAIT, client, MX_VFS_READ, -1, 0,
			      MX_EP(1, 14 + (t + 1) % 250), 9000000000LL);
	}
	snapdb_exec(db, "COMMIT");
	sqlite3_close(db);
}

/* 200 processes: chains of REPLY-WAIT through servers, two cycles, VFS threads. */
static void diagram_db(const char *path)
{
	sqlite3 *db = snapdb_create(path);
	snapdb_exec(db, "BEGIN");
	long long s = snapdb_snapshot(db, "full", SCEN_TSC);
	scen_boot(db, s);
	snapdb_regtable(db, s, "vfs.threads", MX_VFS, NULL);
	snapdb_regtable(db, s, "vfs.locks", MX_VFS, NULL);
	for (int p = 0; p < 186; p++) {
		int slot = 14 + p;
		if (p % 3 == 0)
			snapdb_proc(db, s, slot, 0, "worker", "REPLY-WAIT", MX_VFS, 8000000000LL + p, MX_VFS_READ);
		else if (p % 3 == 1)
			snapdb_proc(db, s, slot, 0, "client", "SEND", MX_EP(0, slot - 1), 9000000000LL, MX_TEST_BASE);
		else
			snapdb_proc(db, s, slot, 0, "busy", "RUN", MX_NONE, -1, -1);
	}
	/* Two cycles among user processes. */
	snapdb_exec(db, "UPDATE processes SET state = 'SEND', rts_flags = 2, peer = 201 WHERE snap_id = %lld AND slot = 200", s);
	snapdb_exec(db, "UPDATE processes SET state = 'SEND', rts_flags = 2, peer = 200 WHERE snap_id = %lld AND slot = 201", s);
	snapdb_exec(db, "UPDATE processes SET state = 'SEND', rts_flags = 2, peer = 150 WHERE snap_id = %lld AND slot = 152", s);
	snapdb_exec(db, "UPDATE processes SET state = 'SEND', rts_flags = 2, peer = 152 WHERE snap_id = %lld AND slot = 150", s);
	for (int t = 0; t < 8; t++)
		snapdb_thread(db, s, "vfs.threads", t, "worker", t < 4 ? MX_TS_LOCK_WAIT : MX_TS_IPC_WAIT,
			      MX_EP(0, 14 + 3 * t), MX_VFS_READ, t < 4 ? 1 : -1, MX_LM_WRITE, t < 4 ? MX_NONE : MX_FS,
			      8500000000LL);
	snapdb_lock(db, s, "vfs.locks", 1, "vnode 1", MX_LK_VNODE, 1, MX_LM_WRITE, 5, 1u << 5, 8000000000LL);
	/* An IPC matrix: 400 draws, 200 distinct paths. */
	for (int i = 0; i < 400; i++) {
		int a = 4 + i % 200, b = 4 + (i * 7 + 3) % 200;
		if (a == b)
			b = 4 + (b - 3) % 200;
		snapdb_exec(db, "INSERT OR IGNORE INTO ipc_pairs VALUES (%lld, %d, %d, %d, %d, %d)", s, a, b, a, b,
			    (i * 7919) % 100000 + 1);
	}
	snapdb_exec(db, "COMMIT");
	sqlite3_close(db);
}

static double run_cmd(const char *cmd, int k)
{
	double best = 1e9;
	for (int r = 0; r < k; r++) {
		double t = now();
		if (system(cmd) != 0) {
			fprintf(stderr, "viz_bench: failed: %s\n", cmd);
			exit(1);
		}
		t = now() - t;
		if (t < best)
			best = t;
	}
	return best;
}

int main(int argc, char **argv)
{
	const char *build = argc > 1 ? argv[1] : "build";
	char db1[64], db2[64], cmd[512], out[64];

	struct mxt_wg *g = random_graph(10000);
	double t10k = time_analyse(g, 20);
	int e10k = g->nedges, d10k = g->ndeadlocks;
	mxt_wg_free(g);
	g = random_graph(100000);
	double t100k = time_analyse(g, 5);
	int e100k = g->nedges, d100k = g->ndeadlocks;
	mxt_wg_free(g);
	printf("BENCH cycle detection, 10,000-node wait-for graph (%d edges, %d deadlocks; %.0f ns per node+edge) | %.2f | ms | linear | %s/bench/viz_bench\n",
	       e10k, d10k, t10k * 1e9 / (10000 + e10k), t10k * 1e3, build);
	printf("BENCH cycle detection, 100,000-node wait-for graph (%d edges, %d deadlocks; %.0f ns per node+edge) | %.2f | ms | linear | %s/bench/viz_bench\n",
	       e100k, d100k, t100k * 1e9 / (100000 + e100k), t100k * 1e3, build);
	g = random_graph(1000000);
	double t1m = time_analyse(g, 3);
	int e1m = g->nedges, d1m = g->ndeadlocks;
	mxt_wg_free(g);
	printf("BENCH cycle detection, 1,000,000-node wait-for graph (%d edges, %d deadlocks; %.0f ns per node+edge) | %.1f | ms | linear | %s/bench/viz_bench\n",
	       e1m, d1m, t1m * 1e9 / (1000000 + e1m), t1m * 1e3, build);
	printf("BENCH cycle detection time, 100,000 over 10,000 nodes (the smaller graph fits the CPU cache) | %.1f | x | about 10 | %s/bench/viz_bench\n",
	       t100k / t10k, build);
	printf("BENCH cycle detection time, 1,000,000 over 100,000 nodes | %.1f | x | about 10 | %s/bench/viz_bench\n",
	       t1m / t100k, build);

	snprintf(db1, sizeof(db1), "/tmp/viz-bench-%d-a.db", (int)getpid());
	big_db(db1);
	sqlite3 *db = mxt_db_open(db1, MXT_DB_READONLY, cmd, sizeof(cmd));
	double best = 1e9;
	int nodes = 0, dl = 0;
	for (int r = 0; r < 3 && db; r++) {
		double t = now();
		g = mxt_wg_load(db, -1, cmd, sizeof(cmd));
		t = now() - t;
		if (!g) {
			fprintf(stderr, "viz_bench: %s\n", cmd);
			return 1;
		}
		nodes = g->nnodes;
		dl = g->ndeadlocks;
		mxt_wg_free(g);
		best = t < best ? t : best;
	}
	mxt_db_close(db);
	printf("BENCH wait-for graph of %d nodes loaded from a snapshot and analysed (%d deadlocks) | %.0f | ms | - | %s/bench/viz_bench\n",
	       nodes, dl, best * 1e3, build);

	snprintf(db2, sizeof(db2), "/tmp/viz-bench-%d-b.db", (int)getpid());
	snprintf(out, sizeof(out), "/tmp/viz-bench-%d.svg", (int)getpid());
	diagram_db(db2);
	snprintf(cmd, sizeof(cmd), "%s/bin/mxviz -q --db %s deadlock -T svg -o %s", build, db2, out);
	printf("BENCH mxviz deadlock diagram, 200 processes, SVG (whole command) | %.0f | ms | < 1000 | %s\n", run_cmd(cmd, 3) * 1e3, cmd);
	snprintf(cmd, sizeof(cmd), "%s/bin/mxviz -q --db %s ipc --top 0 -T svg -o %s", build, db2, out);
	printf("BENCH mxviz ipc diagram, 200 processes, 200 paths, SVG (whole command) | %.0f | ms | < 1000 | %s\n",
	       run_cmd(cmd, 3) * 1e3, cmd);
	snprintf(cmd, sizeof(cmd), "%s/bin/mxviz -q --db %s ipc --top 50 -T svg -o %s", build, db2, out);
	printf("BENCH mxviz ipc diagram --top 50, 200 processes, SVG (whole command) | %.0f | ms | < 1000 | %s\n",
	       run_cmd(cmd, 3) * 1e3, cmd);
	unlink(db1);
	unlink(db2);
	unlink(out);
	return 0;
}

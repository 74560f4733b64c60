/*
 * The wait-for graph library (tracer/lib/waitgraph.c): cycles found by the
 * iterative Tarjan (self-loops, several cycles, large graphs), cycles
 * through locks and IPC loaded from a database, wait chains and the
 * verdicts of "why is it stuck".
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <mx/callnr.h>
#include <mx/tables.h>
#include <mx/procflags.h>
#include "mxt/db.h"
#include "mxt/waitgraph.h"
#include "../../lib/snapdb.h"

/* ---- graphs built by hand ----------------------------------------------- */

static int node(struct mxt_wg *g, int ep)
{
	char key[24];
	snprintf(key, sizeof(key), "p:%d", ep);
	int n = mxt_wg_add_node(g, key, NULL, "SEND");
	cr_assert_geq(n, 0);
	return n;
}

static void edge(struct mxt_wg *g, int a, int b)
{
	cr_assert_geq(mxt_wg_add_edge(g, a, b, MXT_WR_SEND, -1, NULL, -1), 0);
}

/* Sorted member list of deadlock d as a string "1,2,3" of endpoints. */
static const char *members(const struct mxt_wg *g, int d, char *buf, size_t len)
{
	size_t n = 0;
	buf[0] = 0;
	for (int i = 0; i < g->deadlocks[d].nmembers; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%d", i ? "," : "", g->nodes[g->deadlocks[d].members[i]].ep);
	return buf;
}

/* The cycle of a deadlock closes: each edge leaves the previous one's head. */
static void check_cycle(const struct mxt_wg *g, int d)
{
	const struct mxt_deadlock *dl = &g->deadlocks[d];
	cr_assert_gt(dl->ncycle, 0);
	for (int i = 0; i < dl->ncycle; i++) {
		const struct mxt_wedge *e = &g->edges[dl->cycle_edges[i]];
		cr_assert_eq(e->from, dl->cycle[i]);
		cr_assert_eq(e->to, dl->cycle[(i + 1) % dl->ncycle]);
		cr_assert(e->in_cycle);
		cr_assert_eq(g->nodes[e->from].deadlock, d);
	}
}

Test(waitgraph, empty_graph)
{
	struct mxt_wg *g = mxt_wg_new();
	cr_assert_eq(mxt_wg_analyse(g), 0);
	cr_assert_eq(g->ndeadlocks, 0);
	cr_assert_eq(g->nscc, 0);
	struct mxt_chain c[2];
	cr_assert_eq(mxt_wg_longest_chains(g, 2, c), 0);
	mxt_wg_free(g);
}

Test(waitgraph, bad_keys_rejected)
{
	struct mxt_wg *g = mxt_wg_new();
	cr_assert_lt(mxt_wg_add_node(g, "x:1", NULL, NULL), 0);
	cr_assert_lt(mxt_wg_add_node(g, "p:", NULL, NULL), 0);
	cr_assert_lt(mxt_wg_add_node(g, "t:5", NULL, NULL), 0);
	cr_assert_lt(mxt_wg_add_node(g, "p:12x", NULL, NULL), 0);
	cr_assert_geq(mxt_wg_add_node(g, "t:5:2", NULL, NULL), 0);
	cr_assert_eq(mxt_wg_add_node(g, "t:5:2", NULL, NULL), 0, "same key, same node");
	cr_assert_lt(mxt_wg_add_edge(g, 0, 7, MXT_WR_LOCK, -1, NULL, -1), 0);
	mxt_wg_free(g);
}

Test(waitgraph, self_loop_is_a_deadlock)
{
	struct mxt_wg *g = mxt_wg_new();
	int a = node(g, 20), b = node(g, 21);
	edge(g, a, a);
	edge(g, b, a);
	cr_assert_eq(mxt_wg_analyse(g), 0);
	cr_assert_eq(g->ndeadlocks, 1);
	cr_assert_eq(g->deadlocks[0].nmembers, 1);
	cr_assert_eq(g->deadlocks[0].members[0], a);
	cr_assert_eq(g->deadlocks[0].ncycle, 1);
	check_cycle(g, 0);
	cr_assert_eq(g->nodes[b].deadlock, -1);
	struct mxt_why w;
	cr_assert_eq(mxt_wg_why(g, b, &w), 0);
	cr_assert_eq(w.verdict, MXT_VERDICT_DEADLOCK);
	cr_assert_eq(w.culprit, a);
	cr_assert_eq(w.chain.nedges, 2, "b -> a, then once around the loop");
	mxt_wg_why_free(&w);
	mxt_wg_free(g);
}

Test(waitgraph, several_cycles_and_tails)
{
	struct mxt_wg *g = mxt_wg_new();
	/* 1<->2;  3->4->5->3;  6->7->1 (a tail into the first);  8->9 (no cycle). */
	int n[10];
	for (int i = 1; i <= 9; i++)
		n[i] = node(g, i + 100);
	edge(g, n[1], n[2]); edge(g, n[2], n[1]);
	edge(g, n[3], n[4]); edge(g, n[4], n[5]); edge(g, n[5], n[3]);
	edge(g, n[6], n[7]); edge(g, n[7], n[1]);
	edge(g, n[8], n[9]);
	cr_assert_eq(mxt_wg_analyse(g), 0);
	cr_assert_eq(g->ndeadlocks, 2);
	char buf[64];
	cr_assert_str_eq(members(g, 0, buf, sizeof(buf)), "101,102");
	cr_assert_str_eq(members(g, 1, buf, sizeof(buf)), "103,104,105");
	check_cycle(g, 0);
	check_cycle(g, 1);
	cr_assert_eq(g->deadlocks[1].ncycle, 3);
	for (int i = 6; i <= 9; i++)
		cr_assert_eq(g->nodes[n[i]].deadlock, -1, "node %d is not in a cycle", i);
	/* Tails: 6 reaches the cycle in two edges; 8 has a chain of one. */
	cr_assert_eq(g->nodes[n[6]].depth, 2);
	cr_assert_eq(g->nodes[n[8]].depth, 1);
	struct mxt_why w;
	mxt_wg_why(g, n[6], &w);
	cr_assert_eq(w.verdict, MXT_VERDICT_DEADLOCK);
	cr_assert_eq(w.deadlock, 0);
	cr_assert_eq(w.chain.nedges, 4);   /* 6->7, 7->1, 1->2, 2->1 */
	char *text = mxt_wg_why_text(g, &w);
	cr_assert(strstr(text, "verdict: deadlock (2 members): 101/0 -> 102/0 -> 101/0"), "%s", text);
	free(text);
	mxt_wg_why_free(&w);
	mxt_wg_why(g, n[8], &w);
	cr_assert_eq(w.verdict, MXT_VERDICT_BLOCKED, "9 is SEND-blocked on nothing in the graph");
	cr_assert_eq(w.culprit, n[9]);
	mxt_wg_why_free(&w);
	text = mxt_wg_deadlocks_text(g);
	cr_assert(strstr(text, "deadlock 1 (2 members)") && strstr(text, "deadlock 2 (3 members)"), "%s", text);
	free(text);
	mxt_wg_free(g);
}

Test(waitgraph, longest_chains_without_cycle)
{
	struct mxt_wg *g = mxt_wg_new();
	int a = node(g, 1), b = node(g, 2), c = node(g, 3), d = node(g, 4), e = node(g, 5), f = node(g, 6);
	edge(g, a, b); edge(g, b, c); edge(g, c, d);
	edge(g, e, f);
	edge(g, f, c);      /* e -> f -> c -> d: also three edges, but starts later */
	cr_assert_eq(mxt_wg_analyse(g), 0);
	cr_assert_eq(g->ndeadlocks, 0);
	struct mxt_chain ch[4];
	int k = mxt_wg_longest_chains(g, 4, ch);
	cr_assert_eq(k, 2, "two waiters nobody waits for");
	cr_assert_eq(ch[0].start, a);
	cr_assert_eq(ch[0].nedges, 3);
	cr_assert_eq(ch[1].start, e);
	cr_assert_eq(ch[1].nedges, 3);
	cr_assert_eq(g->edges[ch[0].edges[2]].to, d);
	for (int i = 0; i < k; i++)
		mxt_wg_chain_free(&ch[i]);
	mxt_wg_free(g);
}

/* A ring of n nodes and a tail of n into it: no recursion, one deadlock. */
static void ring_and_tail(int n)
{
	struct mxt_wg *g = mxt_wg_new();
	char key[32];
	for (int i = 0; i < 2 * n; i++) {
		snprintf(key, sizeof(key), "t:5:%d", i);
		cr_assert_eq(mxt_wg_add_node(g, key, NULL, NULL), i);
	}
	for (int i = 0; i < n; i++)
		mxt_wg_add_edge(g, i, (i + 1) % n, MXT_WR_LOCK, i, NULL, -1);
	for (int i = n; i < 2 * n - 1; i++)
		mxt_wg_add_edge(g, i + 1, i, MXT_WR_IPC, -1, NULL, -1);
	mxt_wg_add_edge(g, n, 0, MXT_WR_LOCK, -1, NULL, -1);
	cr_assert_eq(mxt_wg_analyse(g), 0);
	cr_assert_eq(g->ndeadlocks, 1);
	cr_assert_eq(g->deadlocks[0].nmembers, n);
	cr_assert_eq(g->deadlocks[0].ncycle, n);
	check_cycle(g, 0);
	cr_assert_eq(g->nodes[2 * n - 1].depth, n, "the tail's head is n edges from the ring");
	struct mxt_why w;
	cr_assert_eq(mxt_wg_why(g, 2 * n - 1, &w), 0);
	cr_assert_eq(w.verdict, MXT_VERDICT_DEADLOCK);
	cr_assert_eq(w.chain.nedges, 2 * n);
	mxt_wg_why_free(&w);
	mxt_wg_free(g);
}

Test(waitgraph, ten_thousand_node_ring) { ring_and_tail(5000); }
Test(waitgraph, hundred_thousand_node_ring) { ring_and_tail(50000); }

/* Random 10,000-node graph with planted cycles: exactly those are found. */
Test(waitgraph, ten_thousand_random_with_planted_cycles)
{
	enum { N = 10000, PLANTED = 50 };
	struct mxt_wg *g = mxt_wg_new();
	char key[24];
	srand(7);
	for (int i = 0; i < N; i++) {
		snprintf(key, sizeof(key), "p:%d", i);
		mxt_wg_add_node(g, key, NULL, NULL);
	}
	/* Forward edges only (i -> j > i): acyclic. */
	for (int i = 0; i < N - 1; i++)
		for (int k = 0; k < 2; k++)
			mxt_wg_add_edge(g, i, i + 1 + rand() % (N - i - 1 < 50 ? N - i - 1 : 50), MXT_WR_SEND, -1, NULL, -1);
	cr_assert_eq(mxt_wg_analyse(g), 0);
	cr_assert_eq(g->ndeadlocks, 0);
	/* Plant a path and a back edge in blocks of 100, 200 apart. */
	for (int c = 0; c < PLANTED; c++) {
		int base = c * 200;
		for (int i = base; i < base + 99; i++)
			mxt_wg_add_edge(g, i, i + 1, MXT_WR_SEND, -1, NULL, -1);
		mxt_wg_add_edge(g, base + 99, base, MXT_WR_LOCK, -1, NULL, -1);
	}
	cr_assert_eq(mxt_wg_analyse(g), 0);
	/* Each back edge closes at least one cycle; blocks 200 apart cannot merge
	 * because every edge goes at most 50 forward. */
	cr_assert_eq(g->ndeadlocks, PLANTED);
	for (int d = 0; d < g->ndeadlocks; d++)
		check_cycle(g, d);
	mxt_wg_free(g);
}

/* ---- graphs loaded from a database -------------------------------------- */

static char dbpath[64];
static sqlite3 *db;

static void open_db(void)
{
	snprintf(dbpath, sizeof(dbpath), "/tmp/mxt-wg-%d.db", (int)getpid());
	db = snapdb_create(dbpath);
}

static void close_db(void)
{
	sqlite3_close(db);
	unlink(dbpath);
	char wal[80];
	snprintf(wal, sizeof(wal), "%s-wal", dbpath);
	unlink(wal);
	snprintf(wal, sizeof(wal), "%s-shm", dbpath);
	unlink(wal);
}

static struct mxt_wg *load(long long snap)
{
	char err[256];
	struct mxt_wg *g = mxt_wg_load(db, snap, err, sizeof(err));
	cr_assert(g, "load failed: %s", err);
	return g;
}

static int find(struct mxt_wg *g, const char *who)
{
	char err[256];
	int n = mxt_wg_find(g, who, err, sizeof(err));
	cr_assert_geq(n, 0, "%s: %s", who, err);
	return n;
}

TestSuite(wgdb, .init = open_db, .fini = close_db);

Test(wgdb, the_issue_example_chain)
{
	long long s = scen_stuck(db);
	struct mxt_wg *g = load(s);
	cr_assert_eq(g->ndeadlocks, 0);
	struct mxt_why w;
	mxt_wg_why(g, find(g, "sh"), &w);
	cr_assert_eq(w.verdict, MXT_VERDICT_IDLE);
	cr_assert_str_eq(g->nodes[w.culprit].name, "memory");
	cr_assert_eq(w.chain.nedges, 4);
	static const char *const path[] = { "vfs:worker1", "vfs:worker2", "fs", "memory" };
	static const int reasons[] = { MXT_WR_SERVE, MXT_WR_LOCK, MXT_WR_IPC, MXT_WR_REPLY };
	for (int i = 0; i < 4; i++) {
		const struct mxt_wedge *e = &g->edges[w.chain.edges[i]];
		cr_assert_str_eq(g->nodes[e->to].name, path[i]);
		cr_assert_eq(e->reason, reasons[i]);
	}
	const struct mxt_wedge *lock = &g->edges[w.chain.edges[1]];
	cr_assert_str_eq(lock->label, "vnode 12 (W)");
	cr_assert_float_eq(lock->waited_s, 2.0, 1e-9);
	cr_assert_str_eq(g->edges[w.chain.edges[0]].label, "VFS_READ");
	cr_assert_str_eq(g->edges[w.chain.edges[3]].label, "DEV_READ");
	cr_assert_float_eq(w.waited_s, 2.0, 1e-9);
	char *text = mxt_wg_why_text(g, &w);
	cr_assert(strstr(text, "sh (20/2) has waited 2.00 s:\n"), "%s", text);
	cr_assert(strstr(text, "lock vnode 12 (W), 2.00 s"), "%s", text);
	cr_assert(strstr(text, "reply DEV_READ, 1.90 s"), "%s", text);
	cr_assert(strstr(text, "verdict: waiting on an idle process: memory (10/0)"), "%s", text);
	free(text);
	mxt_wg_why_free(&w);
	mxt_wg_free(g);
}

Test(wgdb, stopped_under_ptrace_waits_for_its_tracer)
{
	long long s = scen_full(db);           /* sh is stopped, traced by init; init waits for pm */
	struct mxt_wg *g = load(s);
	int sh = find(g, "sh"), init = find(g, "init"), traces = 0;
	for (int i = 0; i < g->nedges; i++) {
		const struct mxt_wedge *e = &g->edges[i];
		if (e->reason != MXT_WR_TRACE)
			continue;
		traces++;
		cr_assert_eq(e->from, sh);     /* only a stopped process waits for its tracer */
		cr_assert_eq(e->to, init);
	}
	cr_assert_eq(traces, 1);
	mxt_wg_free(g);
}

/* A debugger sits at its prompt (reading the terminal) while its tracee is
 * stopped: the verdict names the tracer, not the terminal driver. */
Test(wgdb, the_tracer_decides)
{
	long long s = snapdb_snapshot(db, "full", SCEN_TSC);
	scen_boot(db, s);
	snapdb_proc(db, s, 20, 1, "gdb", "REPLY-WAIT", MX_VFS, 9000000000LL, MX_VFS_READ);
	struct snapdb_proc prog = { .slot = 21, .gen = 1, .name = "prog", .state = "STOPPED", .peer = MX_NONE,
				    .blocked_tsc = -1, .pending_type = -1, .priority = 8, .quantum = 8,
				    .extra_misc = MX_MF_TRACED, .tracer = MX_EP(1, 20) };
	snapdb_proc_full(db, s, &prog);
	struct mxt_wg *g = load(s);
	struct mxt_why w;
	mxt_wg_why(g, find(g, "prog"), &w);
	cr_assert_eq(w.verdict, MXT_VERDICT_TRACED);
	cr_assert_str_eq(g->nodes[w.culprit].name, "gdb");
	cr_assert_eq(g->edges[w.chain.edges[0]].reason, MXT_WR_TRACE);
	char *text = mxt_wg_why_text(g, &w);
	cr_assert(strstr(text, "verdict: stopped under ptrace: its tracer gdb (20/1) has not resumed it"), "%s", text);
	free(text);
	mxt_wg_why_free(&w);
	/* gdb itself is not stopped: its own chain ends at the VFS read, no tracer in it. */
	mxt_wg_why(g, find(g, "gdb"), &w);
	cr_assert_neq(w.verdict, MXT_VERDICT_TRACED);
	mxt_wg_why_free(&w);
	mxt_wg_free(g);
}

Test(wgdb, mixed_lock_and_ipc_cycles)
{
	long long s = scen_deadlock(db);
	struct mxt_wg *g = load(s);
	cr_assert_eq(g->ndeadlocks, 2);
	char want[2][64] = { "", "" };
	for (int d = 0; d < 2; d++) {
		size_t n = 0;
		for (int i = 0; i < g->deadlocks[d].nmembers; i++)
			n += (size_t)snprintf(want[d] + n, sizeof(want[d]) - n, "%s%s", i ? " " : "",
					      g->nodes[g->deadlocks[d].members[i]].key);
		check_cycle(g, d);
	}
	/* Members ascend by node index: processes are loaded before threads. */
	cr_assert_str_eq(want[0], "p:11 t:5:1 t:5:2");
	cr_assert_str_eq(want[1], "p:30 p:31");
	/* The lock and ipc edges inside the first cycle. */
	int lock = 0, ipc = 0, serve = 0;
	for (int e = 0; e < g->nedges; e++) {
		if (!g->edges[e].in_cycle)
			continue;
		lock += g->edges[e].reason == MXT_WR_LOCK;
		ipc += g->edges[e].reason == MXT_WR_IPC;
		serve += g->edges[e].reason == MXT_WR_SERVE;
	}
	cr_assert_eq(lock, 1);
	cr_assert_eq(ipc, 1);
	cr_assert_eq(serve, 1);
	struct mxt_why w;
	mxt_wg_why(g, find(g, "sh"), &w);
	cr_assert_eq(w.verdict, MXT_VERDICT_DEADLOCK);
	cr_assert_eq(w.deadlock, 0);
	mxt_wg_why_free(&w);
	mxt_wg_why(g, find(g, "20/2"), &w);
	cr_assert_eq(w.verdict, MXT_VERDICT_DEADLOCK, "found by endpoint too");
	mxt_wg_why_free(&w);
	mxt_wg_why(g, find(g, "vfs"), &w);
	cr_assert_eq(w.verdict, MXT_VERDICT_NOT_WAITING, "vfs's main loop receives from ANY");
	mxt_wg_why_free(&w);
	mxt_wg_free(g);
}

Test(wgdb, verdicts_dead_restarting_running_blocked)
{
	long long s = snapdb_snapshot(db, "full", SCEN_TSC);
	scen_boot(db, s);
	snapdb_proc(db, s, 40, 0, "orphan", "RECV", MX_EP(3, 50), 9000000000LL, -1);   /* 50/3 is not alive */
	snapdb_proc(db, s, 50, 4, "other", "RUN", MX_NONE, -1, -1);                     /* slot 50 reused */
	snapdb_proc(db, s, 41, 0, "typer", "REPLY-WAIT", MX_TTY, 9000000000LL, MX_DEV_WRITE);
	snapdb_proc(db, s, 42, 0, "client", "SEND", MX_EP(0, 43), 9500000000LL, MX_TEST_BASE);
	snapdb_proc(db, s, 43, 0, "busy", "RUN", MX_NONE, -1, -1);
	snapdb_proc(db, s, 45, 0, "waiter", "SEND", MX_EP(0, 46), 9500000000LL, MX_TEST_BASE);
	snapdb_proc(db, s, 46, 0, "stopped", "STOPPED", MX_NONE, -1, -1);
	snapdb_regtable(db, s, "rs.services", MX_RS, NULL);
	snapdb_regrow(db, s, "rs.services", 0, "{\"ep\":9,\"flags\":%d,\"restarts\":2,\"backoff\":10,"
		      "\"last_ping_lo\":0,\"last_ping_hi\":0,\"label\":\"tty\",\"binary\":\"tty\"}",
		      MX_RSF_INUSE | MX_RSF_RESTART);
	struct mxt_wg *g = load(s);
	struct { const char *who; int verdict; const char *culprit; } cases[] = {
		{ "orphan", MXT_VERDICT_DEAD, "50/3" },
		{ "typer", MXT_VERDICT_RESTARTING, "tty" },
		{ "client", MXT_VERDICT_RUNNING, "busy" },
		{ "waiter", MXT_VERDICT_BLOCKED, "stopped" },
		{ "busy", MXT_VERDICT_NOT_WAITING, "busy" },
		{ "clock", MXT_VERDICT_NOT_WAITING, "clock" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mxt_why w;
		mxt_wg_why(g, find(g, cases[i].who), &w);
		cr_assert_eq(w.verdict, cases[i].verdict, "%s: verdict %s", cases[i].who, mxt_verdict_name(w.verdict));
		cr_assert_str_eq(g->nodes[w.culprit].name, cases[i].culprit);
		char v[512];
		mxt_wg_verdict_text(g, &w, v, sizeof(v));
		cr_assert(strstr(v, mxt_verdict_name(w.verdict)) == v, "%s", v);
		mxt_wg_why_free(&w);
	}
	mxt_wg_free(g);
}

/*
 * A process VFS has suspended on a pipe or in select, or PM in wait() or
 * pause(), waits for an event, not for the server: the chain stops at the
 * reply edge with that verdict, while a process waiting for a reply with
 * no such mark (or a mark of another server's) ends at the server (idle).
 */
Test(wgdb, suspended_calls_wait_for_an_event)
{
	long long s = snapdb_snapshot(db, "full", SCEN_TSC);
	scen_boot(db, s);
	snapdb_proc(db, s, 30, 1, "reader", "REPLY-WAIT", MX_VFS, SCEN_TSC - 3 * SNAPDB_TSC_HZ, -1);
	snapdb_proc(db, s, 31, 1, "waiter", "REPLY-WAIT", MX_VFS, SCEN_TSC - 2 * SNAPDB_TSC_HZ, -1);
	snapdb_proc(db, s, 32, 1, "plain", "REPLY-WAIT", MX_VFS, SCEN_TSC - SNAPDB_TSC_HZ, -1);
	snapdb_proc(db, s, 33, 1, "parent", "REPLY-WAIT", MX_PM, SCEN_TSC - SNAPDB_TSC_HZ, -1);
	snapdb_proc(db, s, 34, 1, "pauser", "REPLY-WAIT", MX_PM, SCEN_TSC - SNAPDB_TSC_HZ, -1);
	snapdb_proc(db, s, 35, 1, "odd", "REPLY-WAIT", MX_VFS, SCEN_TSC - SNAPDB_TSC_HZ, -1);
	snapdb_proc(db, s, 36, 1, "sleeper", "REPLY-WAIT", MX_PM, SCEN_TSC - SNAPDB_TSC_HZ, -1);
	snapdb_regtable(db, s, "pm.procs", MX_PM, NULL);
	snapdb_regrow(db, s, "pm.procs", 0, "{\"pid\":43,\"ep\":%d,\"flags\":%d}", (int)MX_EP(1, 33),
		      MX_PMF_INUSE | MX_PMF_WAITING);
	snapdb_regrow(db, s, "pm.procs", 1, "{\"pid\":44,\"ep\":%d,\"flags\":%d}", (int)MX_EP(1, 34),
		      MX_PMF_INUSE | MX_PMF_PAUSED);
	/* PM says odd waits in wait(), but odd waits for VFS: that is no suspension of PM's. */
	snapdb_regrow(db, s, "pm.procs", 2, "{\"pid\":45,\"ep\":%d,\"flags\":%d}", (int)MX_EP(1, 35),
		      MX_PMF_INUSE | MX_PMF_WAITING);
	snapdb_regrow(db, s, "pm.procs", 3, "{\"pid\":46,\"ep\":%d,\"flags\":%d}", (int)MX_EP(1, 36),
		      MX_PMF_INUSE | MX_PMF_SLEEPING);
	snapdb_regtable(db, s, "vfs.fproc", MX_VFS, NULL);
	snapdb_regrow(db, s, "vfs.fproc", 0, "{\"ep\":%d,\"pid\":40,\"blocked_on\":%d}", (int)MX_EP(1, 30), MX_FPB_PIPE);
	snapdb_regrow(db, s, "vfs.fproc", 1, "{\"ep\":%d,\"pid\":41,\"blocked_on\":%d}", (int)MX_EP(1, 31), MX_FPB_SELECT);
	snapdb_regrow(db, s, "vfs.fproc", 2, "{\"ep\":%d,\"pid\":42,\"blocked_on\":0}", (int)MX_EP(1, 32));
	struct mxt_wg *g = load(s);
	struct mxt_why w;
	char buf[512];
	mxt_wg_why(g, find(g, "reader"), &w);
	cr_assert_eq(w.verdict, MXT_VERDICT_SUSPENDED);
	cr_assert_str_eq(g->nodes[w.culprit].name, "reader");
	cr_assert_eq(w.chain.nedges, 1, "the reply edge to VFS is shown");
	cr_assert_str_eq(g->nodes[g->edges[w.chain.edges[0]].to].name, "vfs");
	mxt_wg_verdict_text(g, &w, buf, sizeof(buf));
	cr_assert(strstr(buf, "suspended in vfs: reader (30/1) waits on a pipe"), "%s", buf);
	mxt_wg_why_free(&w);
	mxt_wg_why(g, find(g, "waiter"), &w);
	cr_assert_eq(w.verdict, MXT_VERDICT_SUSPENDED);
	mxt_wg_verdict_text(g, &w, buf, sizeof(buf));
	cr_assert(strstr(buf, "waits in select"), "%s", buf);
	mxt_wg_why_free(&w);
	mxt_wg_why(g, find(g, "plain"), &w);
	cr_assert_eq(w.verdict, MXT_VERDICT_IDLE, "not suspended: VFS, receiving from ANY, has its request");
	cr_assert_str_eq(g->nodes[w.culprit].name, "vfs");
	mxt_wg_why_free(&w);
	mxt_wg_why(g, find(g, "parent"), &w);
	cr_assert_eq(w.verdict, MXT_VERDICT_SUSPENDED);
	mxt_wg_verdict_text(g, &w, buf, sizeof(buf));
	cr_assert(strstr(buf, "suspended in pm: parent (33/1) waits in wait() for a child"), "%s", buf);
	mxt_wg_why_free(&w);
	mxt_wg_why(g, find(g, "pauser"), &w);
	mxt_wg_verdict_text(g, &w, buf, sizeof(buf));
	cr_assert(strstr(buf, "suspended in pm: pauser (34/1) waits in pause()"), "%s", buf);
	mxt_wg_why_free(&w);
	mxt_wg_why(g, find(g, "sleeper"), &w);
	mxt_wg_verdict_text(g, &w, buf, sizeof(buf));
	cr_assert(strstr(buf, "suspended in pm: sleeper (36/1) waits in sleep()"), "%s", buf);
	mxt_wg_why_free(&w);
	mxt_wg_why(g, find(g, "odd"), &w);
	cr_assert_eq(w.verdict, MXT_VERDICT_IDLE, "the suspension is PM's, the wait VFS's");
	mxt_wg_why_free(&w);
	cr_assert_eq(g->ndeadlocks, 0);
	mxt_wg_free(g);
}

/*
 * A terminal read the tty driver keeps on purpose (tty.pending names VFS
 * and, by the tag, the worker) waits for input; the same wait on a driver
 * that lists nothing (a lost request) still ends at the idle driver.
 */
Test(wgdb, a_kept_read_waits_for_input)
{
	long long s = snapdb_snapshot(db, "full", SCEN_TSC);
	scen_boot(db, s);
	snapdb_proc(db, s, 14, 1, "sh", "REPLY-WAIT", MX_VFS, SCEN_TSC - 9 * SNAPDB_TSC_HZ, -1);
	snapdb_proc(db, s, 15, 1, "cat", "REPLY-WAIT", MX_VFS, SCEN_TSC - 9 * SNAPDB_TSC_HZ, -1);
	snapdb_proc(db, s, 16, 1, "stall", "RECV", MX_NONE, SCEN_TSC - SNAPDB_TSC_HZ, -1);
	snapdb_regtable(db, s, "vfs.threads", MX_VFS, NULL);
	snapdb_thread(db, s, "vfs.threads", 2, "worker2", MX_TS_IPC_WAIT, MX_EP(1, 14), MX_VFS_READ, -1, 0, MX_TTY,
		      SCEN_TSC - 9 * SNAPDB_TSC_HZ);
	snapdb_thread(db, s, "vfs.threads", 3, "worker3", MX_TS_IPC_WAIT, MX_EP(1, 15), MX_VFS_READ, -1, 0, MX_EP(1, 16),
		      SCEN_TSC - 9 * SNAPDB_TSC_HZ);
	snapdb_regtable(db, s, "tty.pending", MX_TTY, NULL);
	snapdb_regrow(db, s, "tty.pending", 0, "{\"who\":%d,\"tag\":%u,\"minor\":0,\"why\":%d}", MX_VFS,
		      MX_VFS_TAG(2, 77), MX_PEND_INPUT);
	snapdb_regrow(db, s, "tty.pending", 1, "{\"who\":%d,\"tag\":0,\"minor\":0,\"why\":0}", MX_NONE);
	struct mxt_wg *g = load(s);
	struct mxt_why w;
	char buf[512];
	mxt_wg_why(g, find(g, "sh"), &w);
	cr_assert_eq(w.verdict, MXT_VERDICT_SUSPENDED);
	cr_assert_str_eq(g->nodes[w.culprit].name, "vfs:worker2");
	cr_assert_eq(w.chain.nedges, 2, "sh -> worker2 -> tty");
	mxt_wg_verdict_text(g, &w, buf, sizeof(buf));
	cr_assert(strstr(buf, "suspended in tty: vfs:worker2 waits for input to arrive"), "%s", buf);
	mxt_wg_why_free(&w);
	mxt_wg_why(g, find(g, "cat"), &w);
	cr_assert_eq(w.verdict, MXT_VERDICT_IDLE, "stall keeps the read without saying so");
	cr_assert_str_eq(g->nodes[w.culprit].name, "stall");
	mxt_wg_why_free(&w);
	mxt_wg_free(g);
}

Test(wgdb, find_errors)
{
	long long s = snapdb_snapshot(db, "full", SCEN_TSC);
	scen_boot(db, s);
	snapdb_proc(db, s, 30, 0, "twin", "RUN", MX_NONE, -1, -1);
	snapdb_proc(db, s, 31, 0, "twin", "RUN", MX_NONE, -1, -1);
	snapdb_exec(db, "UPDATE processes SET pid = 1700 + slot WHERE snap_id = %lld AND slot IN (30, 31)", s);
	struct mxt_wg *g = load(s);
	char err[256];
	/* Twins told apart by pid. */
	cr_assert_eq(mxt_wg_find(g, "pid:1731", err, sizeof(err)), mxt_wg_find(g, "#31", err, sizeof(err)));
	cr_assert_neq(mxt_wg_find(g, "pid:1730", err, sizeof(err)), mxt_wg_find(g, "pid:1731", err, sizeof(err)));
	cr_assert_lt(mxt_wg_find(g, "pid:99", err, sizeof(err)), 0);
	cr_assert_str_eq(err, "no process with pid 99 in snapshot 1");
	cr_assert_lt(mxt_wg_find(g, "pid:x", err, sizeof(err)), 0);
	cr_assert_lt(mxt_wg_find(g, "pid:", err, sizeof(err)), 0);
	cr_assert_lt(mxt_wg_find(g, "nosuch", err, sizeof(err)), 0);
	cr_assert_str_eq(err, "no process named 'nosuch' in snapshot 1");
	cr_assert_lt(mxt_wg_find(g, "twin", err, sizeof(err)), 0);
	cr_assert(strstr(err, "2 processes are named 'twin'"), "%s", err);
	cr_assert_lt(mxt_wg_find(g, "77/3", err, sizeof(err)), 0);
	cr_assert_str_eq(err, "no process with endpoint 77/3 in snapshot 1");
	cr_assert_lt(mxt_wg_find(g, "4/x", err, sizeof(err)), 0);
	cr_assert(strstr(err, "bad endpoint"), "%s", err);
	cr_assert_lt(mxt_wg_find(g, "", err, sizeof(err)), 0);
	cr_assert_eq(mxt_wg_find(g, "4", err, sizeof(err)), mxt_wg_find(g, "pm", err, sizeof(err)));
	cr_assert_eq(mxt_wg_find(g, "#30", err, sizeof(err)), mxt_wg_find(g, "30/0", err, sizeof(err)));
	mxt_wg_free(g);
}

Test(wgdb, load_errors)
{
	char err[256];
	cr_assert_null(mxt_wg_load(db, -1, err, sizeof(err)));
	cr_assert_str_eq(err, "the database has no full snapshot");
	snapdb_snapshot(db, "full", SCEN_TSC);
	cr_assert_null(mxt_wg_load(db, 42, err, sizeof(err)));
	cr_assert_str_eq(err, "no snapshot 42 in the database");
	snapdb_exec(db, "DROP VIEW wait_for");
	cr_assert_null(mxt_wg_load(db, -1, err, sizeof(err)));
	cr_assert(strstr(err, "no 'wait_for' table or view"), "%s", err);
	cr_assert_null(strchr(err, '\n'));
}

Test(wgdb, latest_full_snapshot_is_default)
{
	long long a = scen_stuck(db);
	long long b = scen_deadlock(db);
	snapdb_snapshot(db, "sample", SCEN_TSC + 1);
	struct mxt_wg *g = load(-1);
	cr_assert_eq(g->snap, b);
	cr_assert_neq(a, b);
	cr_assert_eq(g->ndeadlocks, 2);
	mxt_wg_free(g);
}

/*
 * mxviz: the diagrams built from prepared snapshots (which nodes and edges,
 * which are drawn as a deadlock), their DOT rendered by the real `dot`, and
 * the command's errors.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <graphviz/cgraph.h>
#include <mx/callnr.h>
#include "mxt/db.h"
#include "../../../statviz/viz.h"
#include "../../lib/snapdb.h"

#define MXVIZ "build/bin/mxviz"

static char dbpath[64], tmp[64];
static sqlite3 *db;

static void setup(void)
{
	snprintf(dbpath, sizeof(dbpath), "/tmp/mxviz-test-%d.db", (int)getpid());
	snprintf(tmp, sizeof(tmp), "/tmp/mxviz-test-%d.out", (int)getpid());
	db = snapdb_create(dbpath);
}

static void teardown(void)
{
	char p[96];
	sqlite3_close(db);
	unlink(dbpath);
	unlink(tmp);
	snprintf(p, sizeof(p), "%s-wal", dbpath);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", dbpath);
	unlink(p);
}

TestSuite(viz, .init = setup, .fini = teardown);

static void open_viz(struct viz *v, long long snap)
{
	memset(v, 0, sizeof(*v));
	v->format = "svg";
	v->engine = "dot";
	v->to = -1;
	cr_assert_eq(viz_open(v, db, snap), 0, "%s", v->err);
}

static int is_red(void *obj)
{
	const char *c = agget(obj, "color");
	return c && !strcmp(c, VIZ_CYCLE_COLOR);
}

/* Space-separated sorted names of the red nodes. */
static void red_nodes(Agraph_t *g, char *buf, size_t len)
{
	const char *names[64];
	int n = 0;
	for (Agnode_t *a = agfstnode(g); a && n < 64; a = agnxtnode(g, a))
		if (is_red(a))
			names[n++] = agnameof(a);
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (strcmp(names[j], names[i]) < 0) {
				const char *t = names[i];
				names[i] = names[j];
				names[j] = t;
			}
	size_t k = 0;
	buf[0] = 0;
	for (int i = 0; i < n; i++)
		k += (size_t)snprintf(buf + k, len - k, "%s%s", i ? " " : "", names[i]);
}

static int count_edges(Agraph_t *g, int red_only)
{
	int n = 0;
	for (Agnode_t *a = agfstnode(g); a; a = agnxtnode(g, a))
		for (Agedge_t *e = agfstout(g, a); e; e = agnxtout(g, e))
			n += !red_only || is_red(e);
	return n;
}

/* Write g as DOT and lay it out with the real dot; returns the SVG's size. */
static long render_with_dot(Agraph_t *g)
{
	char dot[80], svg[80], cmd[256];
	snprintf(dot, sizeof(dot), "%s.dot", tmp);
	snprintf(svg, sizeof(svg), "%s.svg", tmp);
	FILE *f = fopen(dot, "w");
	cr_assert(f);
	cr_assert_eq(viz_write_dot(g, f), 0);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "dot -Tsvg %s -o %s 2>/dev/null", dot, svg);
	int st = system(cmd);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "dot failed on %s", dot);
	f = fopen(svg, "r");
	cr_assert(f);
	char head[512] = "";
	size_t n = fread(head, 1, sizeof(head) - 1, f);
	head[n] = 0;
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	fclose(f);
	cr_assert(strstr(head, "<svg"), "not SVG: %s", head);
	unlink(dot);
	unlink(svg);
	return size;
}

Test(viz, deadlock_draws_exactly_the_cycles_in_red)
{
	long long s = scen_deadlock(db);
	struct viz v;
	open_viz(&v, s);
	Agraph_t *g = viz_deadlock(&v);
	cr_assert(g, "%s", v.err);
	char red[512];
	red_nodes(g, red, sizeof(red));
	cr_assert_str_eq(red, "p:11 p:30 p:31 t:5:1 t:5:2");
	cr_assert_eq(count_edges(g, 1), 5, "3 edges in the lock/IPC cycle, 2 in the SEND cycle");
	cr_assert_eq(count_edges(g, 0), v.wg->nedges, "every wait is drawn");
	cr_assert(strstr(agget(g, "label"), "2 deadlocks"), "%s", agget(g, "label"));
	cr_assert(strstr(v.note, "deadlock 1 (3 members): fs -> vfs:worker1 -> vfs:worker2 -> fs"), "%s", v.note);
	/* Threads sit in their server's cluster, processes in their role's. */
	Agraph_t *servers = agsubg(g, "cluster_servers", 0), *user = agsubg(g, "cluster_user", 0);
	cr_assert(servers && user);
	cr_assert(agsubg(servers, "cluster_thr_5", 0));
	cr_assert(agnode(user, "p:30", 0) && agnode(servers, "p:11", 0));
	/* Edge labels: the lock's name and mode, the message type, the time. */
	Agnode_t *w1 = agnode(g, "t:5:1", 0);
	Agedge_t *e = agfstout(g, w1);
	cr_assert(e);
	cr_assert_str_eq(agget(e, "label"), "lock vnode 7 (W)\n5.00 s");
	cr_assert_gt(render_with_dot(g), 1000);
	agclose(g);
	viz_close(&v);
}

Test(viz, no_cycle_draws_the_longest_chains)
{
	long long s = scen_stuck(db);
	struct viz v;
	open_viz(&v, s);
	v.chains = 1;
	Agraph_t *g = viz_deadlock(&v);
	cr_assert(g, "%s", v.err);
	cr_assert(strstr(agget(g, "label"), "no deadlock"), "%s", agget(g, "label"));
	cr_assert(strstr(v.note, "no deadlock in snapshot"), "%s", v.note);
	char red[64];
	red_nodes(g, red, sizeof(red));
	cr_assert_str_eq(red, "");
	/* The longest chain: sh -> worker1 -> worker2 -> fs -> memory. */
	cr_assert_eq(count_edges(g, 0), 4);
	const char *keys[] = { "p:2068", "t:5:1", "t:5:2", "p:11", "p:10" };
	for (int i = 0; i < 5; i++)
		cr_assert(agnode(g, (char *)keys[i], 0), "%s missing", keys[i]);
	render_with_dot(g);
	agclose(g);
	viz_close(&v);
}

Test(viz, locks_of_a_server)
{
	long long s = scen_deadlock(db);
	struct viz v;
	open_viz(&v, s);
	v.server = "vfs";
	Agraph_t *g = viz_locks(&v);
	cr_assert(g, "%s", v.err);
	Agnode_t *lock = agnode(g, "l:5:7", 0);
	cr_assert(lock);
	cr_assert(strstr(agget(lock, "label"), "vnode 7\nheld W for 6.10 s"), "%s", agget(lock, "label"));
	/* worker1 (in the cycle) and worker3 (behind it) want the lock; worker2 holds it. */
	int wants = 0, red = 0;
	for (Agnode_t *a = agfstnode(g); a; a = agnxtnode(g, a))
		for (Agedge_t *e = agfstout(g, a); e; e = agnxtout(g, e))
			if (!strncmp(agget(e, "label"), "wants", 5)) {
				wants++;
				red += is_red(e);
				if (is_red(e))
					cr_assert_str_eq(agnameof(a), "t:5:1");
			}
	cr_assert_eq(wants, 2);
	cr_assert_eq(red, 1);
	Agnode_t *w1 = agnode(g, "t:5:1", 0);
	cr_assert(strstr(agget(w1, "label"), "serves fs VFS_STAT"), "%s", agget(w1, "label"));
	render_with_dot(g);
	agclose(g);
	viz_close(&v);
}

Test(viz, ipc_from_aggregates_and_pairs)
{
	long long s = scen_full(db);
	struct viz v;
	open_viz(&v, s);
	Agraph_t *g = viz_ipc(&v);
	cr_assert(g, "%s", v.err);
	cr_assert_eq(count_edges(g, 0), 7);
	cr_assert(strstr(agget(g, "label"), "pair matrix"), "%s", agget(g, "label"));
	/* The hottest path is red and thickest. */
	Agedge_t *hot = agedge(g, agnode(g, "p:4", 0), agnode(g, "p:13", 0), NULL, 0);
	cr_assert(hot && is_red(hot));
	cr_assert_str_eq(agget(hot, "penwidth"), "5.5");
	agclose(g);
	viz_close(&v);

	/* Trace aggregates: buckets of 0.1 s; a window picks some of them. */
	snapdb_exec(db, "INSERT INTO ipc_agg VALUES (1, 5, 2068, 5, %d, 10, 10, 50000, 9000),"
		    "(1, 5, 5, 11, %d, 20, 20, 400000, 30000), (1, 30, 2068, 5, %d, 5, 5, 25000, 6000),"
		    "(1, 30, 2068, 5, %d, 1, 1, 1000000, 1000000)",
		    MX_VFS_READ, MX_FS_READWRITE, MX_VFS_READ, MX_VFS_WRITE);
	open_viz(&v, s);
	v.by_type = 1;
	g = viz_ipc(&v);
	cr_assert(g, "%s", v.err);
	cr_assert_eq(count_edges(g, 0), 3, "sh->vfs READ and WRITE, vfs->fs");
	agclose(g);
	v.by_type = 0;
	v.from = 2.0;
	v.to = 4.0;
	g = viz_ipc(&v);
	cr_assert(g, "%s", v.err);
	cr_assert_eq(count_edges(g, 0), 1, "only bucket 30 (3.0 s)");
	Agedge_t *e = agfstout(g, agnode(g, "p:2068", 0));
	cr_assert_str_eq(agget(e, "label"), "6\nmean 171 us");
	agclose(g);
	v.from = 0;
	v.to = -1;
	v.by_latency = 1;
	g = viz_ipc(&v);
	cr_assert(g, "%s", v.err);
	e = agfstout(g, agnode(g, "p:2068", 0));
	cr_assert_str_eq(agget(e, "label"), "1.07 ms\n16 msgs");
	cr_assert(is_red(e), "sh -> vfs has the most latency");
	render_with_dot(g);
	agclose(g);
	v.from = 8;
	v.to = 9;
	cr_assert_null(viz_ipc(&v));
	cr_assert(strstr(v.err, "no IPC in that time window"), "%s", v.err);
	viz_close(&v);
}

Test(viz, vm_map_of_a_process)
{
	long long s = scen_full(db);
	snapdb_proc(db, s, 30, 0, "reader", "RUN", MX_NONE, -1, -1);
	snapdb_regrow(db, s, "vm.regions", 20, "{\"ep\":30,\"start\":1610612736,\"len\":8192,\"prot\":1,\"kind\":7,"
		      "\"pages\":2,\"shared_id\":17,\"offset\":0}");
	struct viz v;
	open_viz(&v, s);
	Agraph_t *g = viz_vm(&v, "sh");
	cr_assert(g, "%s", v.err);
	Agnode_t *map = agnode(g, "map", 0);
	const char *label = agget(map, "label");
	cr_assert(aghtmlstr((char *)label), "an HTML-like label");
	cr_assert(strstr(label, "08048000-08050000") && strstr(label, "file (id 17)") && strstr(label, "gap "), "%s", label);
	cr_assert(strstr(agget(g, "label"), "3 regions, 168 KiB virtual, 84 KiB resident"), "%s", agget(g, "label"));
	Agedge_t *e = agfstout(g, map);
	cr_assert(e, "a shared segment links to the other mapper");
	cr_assert_str_eq(agnameof(aghead(e)), "p:30");
	render_with_dot(g);
	agclose(g);
	cr_assert_null(viz_vm(&v, "nobody"));
	cr_assert_str_eq(v.err, "no process named 'nobody' in snapshot 1");
	cr_assert_null(viz_vm(&v, "idle"));
	cr_assert_str_eq(v.err, "idle (0/0) has no VM regions in snapshot 1");
	viz_close(&v);
}

Test(viz, missing_tables)
{
	long long s = snapdb_snapshot(db, "full", SCEN_TSC);
	scen_boot(db, s);
	struct viz v;
	open_viz(&v, s);
	cr_assert_null(viz_locks(&v));
	cr_assert_str_eq(v.err, "snapshot 1 has no lock or thread tables");
	cr_assert_null(viz_vm(&v, "pm"));
	cr_assert(strstr(v.err, "has no vm.regions table"), "%s", v.err);
	cr_assert_null(viz_ipc(&v));
	cr_assert(strstr(v.err, "no IPC records"), "%s", v.err);
	viz_close(&v);
}

/* ---- the command ---------------------------------------------------------- */

static int run(const char *args, char *err, size_t errlen, long *outsize)
{
	char cmd[512], errf[80];
	snprintf(errf, sizeof(errf), "%s.err", tmp);
	snprintf(cmd, sizeof(cmd), MXVIZ " %s >%s 2>%s", args, tmp, errf);
	int st = system(cmd);
	FILE *e = fopen(errf, "r");
	size_t n = e ? fread(err, 1, errlen - 1, e) : 0;
	err[n] = 0;
	if (e)
		fclose(e);
	unlink(errf);
	FILE *o = fopen(tmp, "r");
	*outsize = 0;
	if (o) {
		fseek(o, 0, SEEK_END);
		*outsize = ftell(o);
		fclose(o);
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

Test(viz, command_outputs)
{
	scen_deadlock(db);
	char args[256], err[1024];
	long size;
	snprintf(args, sizeof(args), "--db %s deadlock", dbpath);
	cr_assert_eq(run(args, err, sizeof(err), &size), 0, "%s", err);
	cr_assert_gt(size, 1000);
	cr_assert(strstr(err, "mxviz: deadlock 2 (2 members): ping -> pong -> ping"), "%s", err);
	const char *formats[] = { "png", "pdf", "dot" };
	for (int i = 0; i < 3; i++) {
		snprintf(args, sizeof(args), "--db %s -q -T %s -K neato locks", dbpath, formats[i]);
		cr_assert_eq(run(args, err, sizeof(err), &size), 0, "%s: %s", formats[i], err);
		cr_assert_gt(size, 100, "%s", formats[i]);
		cr_assert_str_eq(err, "");
	}
	char out[96];
	snprintf(out, sizeof(out), "%s.svg", tmp);
	snprintf(args, sizeof(args), "--db %s -o %s vm fs", dbpath, out);
	cr_assert_eq(run(args, err, sizeof(err), &size), 1, "fs has no regions here");
	cr_assert(access(out, F_OK) != 0, "no output file left behind");
}

static void one_line_error(const char *args, int status, const char *text)
{
	char err[2048];
	long size;
	int rc = run(args, err, sizeof(err), &size);
	cr_assert_eq(rc, status, "mxviz %s: status %d: %s", args, rc, err);
	cr_assert_eq(lines(err), 1, "mxviz %s: %s", args, err);
	cr_assert(strstr(err, text), "mxviz %s: %s", args, err);
}

Test(viz, command_bad_input)
{
	scen_stuck(db);
	char args[256];
	snprintf(args, sizeof(args), "--db %s -K nosuch deadlock", dbpath);
	one_line_error(args, 1, "unknown layout engine 'nosuch'");
	snprintf(args, sizeof(args), "--db %s -T gif deadlock", dbpath);
	one_line_error(args, 1, "unknown output format 'gif'");
	snprintf(args, sizeof(args), "--db %s vm nobody", dbpath);
	one_line_error(args, 1, "no process named 'nobody'");
	snprintf(args, sizeof(args), "--db %s vm 200/7", dbpath);
	one_line_error(args, 1, "no process with endpoint 200/7");
	snprintf(args, sizeof(args), "--db %s locks --server nobody", dbpath);
	one_line_error(args, 1, "no process named 'nobody'");
	snprintf(args, sizeof(args), "--db %s --snap 9 deadlock", dbpath);
	one_line_error(args, 1, "no snapshot 9 in the database");
	snprintf(args, sizeof(args), "--db %s ipc --weight loud", dbpath);
	one_line_error(args, 2, "--weight is count or latency");
	snprintf(args, sizeof(args), "--db %s ipc --from 3 --to 2", dbpath);
	one_line_error(args, 2, "--to must be after --from");
	snprintf(args, sizeof(args), "--db %s flowchart", dbpath);
	one_line_error(args, 2, "unknown diagram 'flowchart'");
	snprintf(args, sizeof(args), "--db %s vm", dbpath);
	one_line_error(args, 2, "usage: mxviz vm EP|NAME");
	one_line_error("--db /nonexistent.db deadlock", 1, "no such database");
	long long e = snapdb_snapshot(db, "full", SCEN_TSC);
	char want[64];
	snprintf(want, sizeof(want), "snapshot %lld is empty (no processes)", e);
	snprintf(args, sizeof(args), "--db %s deadlock", dbpath);
	one_line_error(args, 1, want);
	snapdb_exec(db, "DROP VIEW wait_for");
	one_line_error(args, 1, "the database has no 'wait_for' table or view");
}

/*
 * mxviz: Graphviz diagrams of a snapshot of a run database: the wait-for
 * graph with its deadlocks, a server's locks, the IPC graph, a process's
 * memory map.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mxt/db.h"
#include "viz.h"

static const char usage[] =
	"usage: mxviz [OPTIONS] deadlock        wait-for graph; cycles (deadlocks) in red\n"
	"       mxviz [OPTIONS] locks           threads and locks of the servers\n"
	"       mxviz [OPTIONS] ipc             who sends to whom, hot paths thick and red\n"
	"       mxviz [OPTIONS] vm EP|NAME      a process's memory map\n"
	"\n"
	"options:\n"
	"  --db FILE          run database (default: $MX_DB)\n"
	"  --snap ID          snapshot id (default: the latest full snapshot)\n"
	"  -T FORMAT          svg (default), png, pdf, or dot (the graph, not laid out)\n"
	"  -K ENGINE          Graphviz layout engine: dot (default), neato, fdp, sfdp, circo, twopi\n"
	"  -o FILE            output file (default: standard output)\n"
	"  -q                 do not print the one-line summary on standard error\n"
	"deadlock:\n"
	"  --chains N         with no deadlock, draw the N longest wait chains (default 5)\n"
	"locks:\n"
	"  --server NAME|EP   only this server's threads and locks\n"
	"ipc:\n"
	"  --weight count|latency   edge weight: messages (default) or total latency\n"
	"  --from SEC --to SEC      a time window in guest seconds since boot\n"
	"  --by-type          one edge per message type\n"
	"  --top N            only the N heaviest paths (default 50; 0: every path)\n"
	"\n"
	"EP is SLOT/GEN (14/3), an endpoint number, #SLOT, pid:PID, or a process name.\n"
	"Exit status: 0 success, 1 error (message on stderr), 2 usage.\n";

static int num(const char *s, double *out)
{
	char *end;
	*out = strtod(s, &end);
	return *s && !*end && *out >= 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	enum { O_DB = 256, O_SNAP, O_CHAINS, O_SERVER, O_WEIGHT, O_FROM, O_TO, O_BYTYPE, O_TOP };
	static const struct option opts[] = {
		{ "db", required_argument, NULL, O_DB }, { "snap", required_argument, NULL, O_SNAP },
		{ "chains", required_argument, NULL, O_CHAINS }, { "server", required_argument, NULL, O_SERVER },
		{ "weight", required_argument, NULL, O_WEIGHT }, { "from", required_argument, NULL, O_FROM },
		{ "to", required_argument, NULL, O_TO }, { "by-type", no_argument, NULL, O_BYTYPE },
		{ "top", required_argument, NULL, O_TOP }, { "help", no_argument, NULL, 'h' }, { 0 },
	};
	/* 50 paths: a diagram one can read, laid out in a moment even after a fork storm's thousands of processes. */
	struct viz v = { .format = "svg", .engine = "dot", .to = -1, .top = 50 };
	const char *path = getenv("MX_DB");
	long long snap = -1;
	int quiet = 0, c;
	double x;
	while ((c = getopt_long(argc, argv, "T:K:o:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'T': v.format = optarg; break;
		case 'K': v.engine = optarg; break;
		case 'o': v.output = optarg; break;
		case 'q': quiet = 1; break;
		case O_DB: path = optarg; break;
		case O_SNAP:
			if (num(optarg, &x) < 0 || x != (long long)x) {
				fprintf(stderr, "mxviz: bad snapshot id '%s'\n", optarg);
				return 2;
			}
			snap = (long long)x;
			break;
		case O_CHAINS:
		case O_TOP:
			if (num(optarg, &x) < 0 || x != (int)x || x < (c == O_TOP ? 0 : 1)) {
				fprintf(stderr, "mxviz: --%s needs a %s number, not '%s'\n", c == O_TOP ? "top" : "chains",
					c == O_TOP ? "non-negative" : "positive", optarg);
				return 2;
			}
			*(c == O_TOP ? &v.top : &v.chains) = (int)x;
			break;
		case O_SERVER: v.server = optarg; break;
		case O_WEIGHT:
			if (strcmp(optarg, "count") && strcmp(optarg, "latency")) {
				fprintf(stderr, "mxviz: --weight is count or latency, not '%s'\n", optarg);
				return 2;
			}
			v.by_latency = !strcmp(optarg, "latency");
			break;
		case O_FROM:
		case O_TO:
			if (num(optarg, &x) < 0) {
				fprintf(stderr, "mxviz: --%s needs seconds (>= 0), not '%s'\n", c == O_FROM ? "from" : "to", optarg);
				return 2;
			}
			*(c == O_FROM ? &v.from : &v.to) = x;
			break;
		case O_BYTYPE: v.by_type = 1; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind >= argc) {
		fputs(usage, stderr);
		return 2;
	}
	const char *cmd = argv[optind];
	int is_vm = !strcmp(cmd, "vm");
	if (strcmp(cmd, "deadlock") && strcmp(cmd, "locks") && strcmp(cmd, "ipc") && !is_vm) {
		fprintf(stderr, "mxviz: unknown diagram '%s' (deadlock, locks, ipc or vm)\n", cmd);
		return 2;
	}
	if (optind + (is_vm ? 2 : 1) != argc) {
		fprintf(stderr, is_vm ? "mxviz: usage: mxviz vm EP|NAME\n" : "mxviz: %s takes no argument\n", cmd);
		return 2;
	}
	if (v.to >= 0 && v.to <= v.from) {
		fprintf(stderr, "mxviz: --to must be after --from\n");
		return 2;
	}
	if (!path || !*path) {
		fprintf(stderr, "mxviz: no database: give --db FILE or set MX_DB\n");
		return 2;
	}
	char err[512];
	sqlite3 *db = mxt_db_open(path, MXT_DB_READONLY, err, sizeof(err));
	if (!db) {
		fprintf(stderr, "mxviz: %s\n", err);
		return 1;
	}
	int rc = 1;
	Agraph_t *g = NULL;
	if (viz_open(&v, db, snap) == 0) {
		if (!strcmp(cmd, "deadlock"))
			g = viz_deadlock(&v);
		else if (!strcmp(cmd, "locks"))
			g = viz_locks(&v);
		else if (!strcmp(cmd, "ipc"))
			g = viz_ipc(&v);
		else
			g = viz_vm(&v, argv[optind + 1]);
		if (g && viz_output(&v, g) == 0)
			rc = 0;
	}
	if (rc)
		fprintf(stderr, "mxviz: %s\n", v.err);
	else if (!quiet && v.note[0]) {
		for (char *line = strtok(v.note, "\n"); line; line = strtok(NULL, "\n"))
			fprintf(stderr, "mxviz: %s\n", line);
	}
	if (g)
		agclose(g);
	viz_close(&v);
	mxt_db_close(db);
	return rc;
}

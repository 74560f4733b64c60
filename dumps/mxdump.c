/*
 * mxdump: the IS dumps rendered from a snapshot of a run database, and the
 * "why is it stuck" chain.  The dump text comes from libdump, the renderer
 * the guest IS uses, so both read the same.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mxt/db.h"
#include "mxt/names.h"
#include "mxt/waitgraph.h"
#include "snapshot.h"

static const char usage[] =
	"usage: mxdump [--db FILE] [--snap ID] KEY...      render IS dumps (KEY: name, number or F-key; 'all')\n"
	"       mxdump [--db FILE] [--snap ID] why EP|NAME  the chain of waits from a process to the root cause\n"
	"       mxdump [--db FILE] [--snap ID] deadlocks    every cycle of waits in the snapshot\n"
	"       mxdump [--db FILE] list                     the dump keys and the database's snapshots\n"
	"\n"
	"Renders the MINIX-style IS dumps of a snapshot, field for field as the guest's IS\n"
	"prints them (format: docs/dumps.md).\n"
	"\n"
	"options:\n"
	"  --db FILE       run database (default: $MX_DB)\n"
	"  --snap ID       snapshot id (default: the latest full snapshot)\n"
	"  --compare       also compare each dump with the guest's own dump of the same\n"
	"                  snapshot (dumps table, source 'guest'); exit 1 if they differ\n"
	"  -h, --help      this text\n"
	"\n"
	"EP is SLOT/GEN (14/3), an endpoint number, #SLOT, pid:PID, or a process name.\n"
	"Exit status: 0 success, 1 error (message on stderr), 2 usage.\n";

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "mxdump: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return 1;
}

static int cmd_list(sqlite3 *db)
{
	printf("%-4s %-6s %-6s %s\n", "key", "F-key", "name", "title");
	for (const struct dump_def *d = dump_defs; d->key; d++)
		printf("%-4d %-6s %-6s %s\n", d->key, d->fkey, d->name, d->title);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT s.snap_id, s.kind, s.taken_at, s.source, "
			       "(SELECT count(*) FROM processes p WHERE p.snap_id = s.snap_id), "
			       "(SELECT count(*) FROM reg_tables r WHERE r.snap_id = s.snap_id), s.note "
			       "FROM snapshots s ORDER BY s.snap_id", -1, &st, NULL) != SQLITE_OK)
		return fail("cannot list snapshots: %s", sqlite3_errmsg(db));
	printf("\n%5s %-6s %-25s %-12s %5s %6s %s\n", "snap", "kind", "taken at", "source", "procs", "tables", "note");
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *note = (const char *)sqlite3_column_text(st, 6);
		printf("%5lld %-6s %-25s %-12s %5d %6d %s\n", sqlite3_column_int64(st, 0),
		       (const char *)sqlite3_column_text(st, 1), (const char *)sqlite3_column_text(st, 2),
		       (const char *)sqlite3_column_text(st, 3), sqlite3_column_int(st, 4), sqlite3_column_int(st, 5),
		       note ? note : "");
		n++;
	}
	sqlite3_finalize(st);
	if (!n)
		printf("(no snapshots)\n");
	return 0;
}

static char *render(const struct mxd_snapshot *s, int key, int *status)
{
	size_t size = 64 * 1024;
	for (;;) {
		char *buf = malloc(size);
		if (!buf)
			return NULL;
		struct dump_out o;
		dump_out_init(&o, buf, size);
		*status = dump_render(key, &s->in, &o);
		if (!dump_out_truncated(&o))
			return buf;
		size = o.len + 1;
		free(buf);
	}
}

/* Compare with the guest's dump of this snapshot; 0 same, 1 different or missing. */
static int compare(sqlite3 *db, const struct mxd_snapshot *s, int key, const char *text)
{
	sqlite3_stmt *st;
	const char *name = mxt_dump_name(key);
	if (sqlite3_prepare_v2(db, "SELECT text FROM dumps WHERE snap_id = ? AND key = ? AND source = 'guest' "
			       "ORDER BY dump_id DESC LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		return fail("cannot read dumps: %s", sqlite3_errmsg(db));
	sqlite3_bind_int64(st, 1, s->snap);
	sqlite3_bind_int(st, 2, key);
	int rc = 1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		fail("%s: no guest dump in snapshot %lld to compare with", name, s->snap);
	} else {
		const char *g = (const char *)sqlite3_column_text(st, 0);
		int line = 1;
		const char *a = text, *b = g;
		while (*a && *a == *b) {
			line += *a == '\n';
			a++, b++;
		}
		if (!*a && !*b) {
			fprintf(stderr, "mxdump: %s: same as the guest's dump\n", name);
			rc = 0;
		} else {
			fprintf(stderr, "mxdump: %s: differs from the guest's dump at line %d\n", name, line);
			const char *la = a, *lb = b;
			while (la > text && la[-1] != '\n') la--;
			while (lb > g && lb[-1] != '\n') lb--;
			fprintf(stderr, "  mxdump: %.*s\n  guest:  %.*s\n", (int)strcspn(la, "\n"), la, (int)strcspn(lb, "\n"), lb);
		}
	}
	sqlite3_finalize(st);
	return rc;
}

static int cmd_dumps(sqlite3 *db, long long snap, int nkeys, char **keys, int cmp)
{
	int wanted[64], n = 0, all = 0;
	for (int i = 0; i < nkeys; i++) {
		if (!strcmp(keys[i], "all")) {
			all = 1;
			for (const struct dump_def *d = dump_defs; d->key && n < 64; d++)
				wanted[n++] = d->key;
			continue;
		}
		int k = mxt_dump_by_name(keys[i]);
		if (k < 0 || !dump_find(k))
			return fail("unknown dump '%s' (mxdump list shows them)", keys[i]);
		if (n < 64)
			wanted[n++] = k;
	}
	struct mxd_snapshot s;
	char err[512];
	if (mxd_load(db, snap, &s, err, sizeof(err)) < 0)
		return fail("%s", err);
	int rc = 0;
	for (int i = 0; i < n; i++) {
		int status;
		char *text = render(&s, wanted[i], &status);
		if (!text) {
			rc = fail("out of memory");
			break;
		}
		fputs(text, stdout);
		if (i + 1 < n)
			fputc('\n', stdout);
		if (status == DUMP_UNAVAILABLE && !all) {
			char why[256];
			mxd_missing(&s, wanted[i], why, sizeof(why));
			fail("%s: %s", mxt_dump_name(wanted[i]), why[0] ? why : "a table it needs is not in the snapshot");
			rc = 1;
		}
		if (cmp && compare(db, &s, wanted[i], text))
			rc = 1;
		free(text);
	}
	mxd_free(&s);
	return rc;
}

static int cmd_why(sqlite3 *db, long long snap, const char *who)
{
	char err[512];
	struct mxt_wg *g = mxt_wg_load(db, snap, err, sizeof(err));
	if (!g)
		return fail("%s", err);
	int rc = 1;
	int n = mxt_wg_find(g, who, err, sizeof(err));
	if (n < 0) {
		fail("%s", err);
	} else {
		struct mxt_why w;
		char *text = NULL;
		if (mxt_wg_why(g, n, &w) == 0) {
			text = mxt_wg_why_text(g, &w);
			mxt_wg_why_free(&w);
		}
		if (text) {
			fputs(text, stdout);
			free(text);
			rc = 0;
		} else {
			fail("out of memory");
		}
	}
	mxt_wg_free(g);
	return rc;
}

static int cmd_deadlocks(sqlite3 *db, long long snap)
{
	char err[512];
	struct mxt_wg *g = mxt_wg_load(db, snap, err, sizeof(err));
	if (!g)
		return fail("%s", err);
	char *text = mxt_wg_deadlocks_text(g);
	if (text)
		fputs(text, stdout);
	free(text);
	mxt_wg_free(g);
	return text ? 0 : fail("out of memory");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' }, { "snap", required_argument, NULL, 's' },
		{ "compare", no_argument, NULL, 'c' }, { "help", no_argument, NULL, 'h' }, { 0 },
	};
	const char *path = getenv("MX_DB");
	long long snap = -1;
	int cmp = 0, c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		char *end;
		switch (c) {
		case 'd': path = optarg; break;
		case 's':
			snap = strtoll(optarg, &end, 10);
			if (!*optarg || *end || snap < 0) {
				fprintf(stderr, "mxdump: bad snapshot id '%s'\n", optarg);
				return 2;
			}
			break;
		case 'c': cmp = 1; break;
		case 'h': fputs(usage, stdout); return 0;
		default: fputs(usage, stderr); return 2;
		}
	}
	if (optind >= argc) {
		fputs(usage, stderr);
		return 2;
	}
	if (!path || !*path) {
		fprintf(stderr, "mxdump: no database: give --db FILE or set MX_DB\n");
		return 2;
	}
	const char *cmd = argv[optind];
	if (!strcmp(cmd, "why") && optind + 2 != argc) {
		fprintf(stderr, "mxdump: usage: mxdump why EP|NAME\n");
		return 2;
	}
	char err[512];
	sqlite3 *db = mxt_db_open(path, MXT_DB_READONLY, err, sizeof(err));
	if (!db)
		return fail("%s", err);
	int rc;
	if (!strcmp(cmd, "list"))
		rc = cmd_list(db);
	else if (!strcmp(cmd, "why"))
		rc = cmd_why(db, snap, argv[optind + 1]);
	else if (!strcmp(cmd, "deadlocks"))
		rc = cmd_deadlocks(db, snap);
	else
		rc = cmd_dumps(db, snap, argc - optind, argv + optind, cmp);
	mxt_db_close(db);
	return rc;
}

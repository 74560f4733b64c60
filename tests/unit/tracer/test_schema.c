/* The run database: creation, reopening, version checks, migration, bad files. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "mxt/db.h"
#include "helpers.h"

Test(schema, create_and_reopen)
{
	char path[256], err[512];
	sqlite3 *db = scratch_db(path, sizeof(path));
	cr_assert_eq(q1(db, "PRAGMA user_version"), MXT_SCHEMA_VERSION);
	for (const char *const *n = (const char *const[]){ "boots", "snapshots", "processes", "privileges", "irq_hooks",
			"ipc_pairs", "trace_status", "reg_tables", "reg_rows", "dumps", "events", "losses", "ipc_agg",
			"ipc_lat_hist", "ipc_lat_hist_period", "kcall_agg", "proc_agg", "kinfo", "log", "boot_modules",
			"chan_stats", "hot_ipc", "ipc_latency_pct", "vm_regions", "threads", "locks", "lock_waits", "wait_for", "proc_names",
			"loss_summary", NULL }; *n; n++)
		cr_assert(mxt_db_has(db, *n), "missing %s", *n);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL);
	sqlite3_step(st);
	cr_assert_str_eq((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	mxt_db_close(db);
	db = mxt_db_open(path, MXT_DB_READONLY, err, sizeof(err));
	cr_assert_not_null(db, "%s", err);
	cr_assert_eq(mxt_db_latest_snapshot(db, NULL), -1);
	mxt_db_close(db);
}

Test(schema, refuses_other_versions_and_other_files)
{
	char path[256], err[512];
	sqlite3 *db = scratch_db(path, sizeof(path));
	sqlite3_exec(db, "PRAGMA user_version = 7", NULL, NULL, NULL);
	mxt_db_close(db);
	cr_assert_null(mxt_db_open(path, MXT_DB_READONLY, err, sizeof(err)));
	cr_assert(strstr(err, "schema version 7"), "%s", err);

	snprintf(path + strlen(path) - 6, 16, "junk.db");
	FILE *f = fopen(path, "w");
	fputs("this is not a database, just text that is long enough to be read as a header......", f);
	fclose(f);
	cr_assert_null(mxt_db_open(path, MXT_DB_READONLY, err, sizeof(err)));
	cr_assert(strstr(err, "not an SQLite database"), "%s", err);

	snprintf(path + strlen(path) - 7, 16, "other.db");
	sqlite3_open(path, &db);
	sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL);
	sqlite3_close(db);
	cr_assert_null(mxt_db_open(path, MXT_DB_CREATE, err, sizeof(err)));
	cr_assert(strstr(err, "not an MX run database"), "%s", err);
	cr_assert_null(mxt_db_open("/nonexistent/dir/run.db", MXT_DB_CREATE, err, sizeof(err)));
	cr_assert(strstr(err, "cannot open"), "%s", err);
}

Test(schema, unwritable_file_is_refused_for_writing)
{
	char path[256], err[512];
	sqlite3 *db = scratch_db(path, sizeof(path));
	mxt_db_close(db);
	if (geteuid() == 0)
		cr_skip_test("root ignores file permissions");
	chmod(path, 0444);
	cr_assert_null(mxt_db_open(path, MXT_DB_CREATE, err, sizeof(err)));
	cr_assert(strstr(err, "read-only"), "%s", err);
}

Test(schema, migration_adds_what_an_older_file_lacks)
{
	char path[128], err[512];
	snprintf(path, sizeof(path), "%s/old.db", scratch_dir());
	sqlite3 *db;
	sqlite3_open(path, &db);
	/* A version-1 file as the first release of the schema wrote it: no tsc_boot, no kinfo. */
	cr_assert_eq(sqlite3_exec(db,
		"PRAGMA user_version = 1;"
		"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
		"CREATE TABLE boots (boot_id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, source TEXT NOT NULL,"
		" kernel TEXT, build_id TEXT, release TEXT, tsc_hz INTEGER, hz INTEGER, nr_slots INTEGER, cmdline TEXT,"
		" ended_at TEXT, end_reason TEXT);"
		"INSERT INTO boots (started_at, source) VALUES ('2024-01-01T00:00:00Z', 'gdb-scripts');",
		NULL, NULL, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
	sqlite3_close(db);
	db = mxt_db_open(path, MXT_DB_CREATE, err, sizeof(err));
	cr_assert_not_null(db, "%s", err);
	cr_assert(mxt_db_has(db, "kinfo"));
	cr_assert(mxt_db_has(db, "events"));
	cr_assert_eq(q1(db, "SELECT count(*) FROM pragma_table_info('boots') WHERE name IN ('tsc_boot', 'ring_nrecs')"), 2);
	cr_assert_eq(q1(db, "SELECT count(*) FROM boots WHERE source = 'gdb-scripts'"), 1, "old rows are kept");
	int added = -1;
	cr_assert_eq(mxt_db_migrate(db, &added, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(added, 0, "a second migration has nothing to do");
	mxt_db_close(db);
}

/* Bad input: every database mxtop cannot show gets a clear one-line message. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "mxt/db.h"
#include "fixture.h"
#include "mxtop_test.h"

static void expect_refused(const char *path, const char *words)
{
	char err[512] = "";
	query *q = query_open(path, err, sizeof(err));
	cr_expect_null(q, "%s opened", path);
	query_close(q);
	cr_expect(strstr(err, words), "message '%s' lacks '%s'", err, words);
	cr_expect_null(strchr(err, '\n'), "one line: %s", err);
}

Test(badinput, missing)
{
	expect_refused("/tmp/mxtop-test-there-is-no-such.db", "no such database");
}

Test(badinput, not_sqlite)
{
	const char *path = fx_tmp(".db");
	FILE *f = fopen(path, "w");
	cr_assert(f);
	for (int i = 0; i < 200; i++)
		fputs("this is a text file, not a database\n", f);
	fclose(f);
	expect_refused(path, "not an SQLite database");
}

Test(badinput, foreign_sqlite)
{
	const char *path = fx_tmp(".db");
	sqlite3 *db;
	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	fx_exec(db, "CREATE TABLE recipes (name TEXT, minutes INTEGER)");
	sqlite3_close(db);
	expect_refused(path, "not an MX run database");
}

Test(badinput, older_schema)
{
	const char *path = fx_create(1);
	sqlite3 *db;
	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	fx_exec(db, "PRAGMA user_version = 0");
	sqlite3_close(db);
	expect_refused(path, "schema version 0");
}

Test(badinput, incomplete_schema)
{
	const char *path = fx_create(1);
	sqlite3 *db;
	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	fx_exec(db, "DROP TABLE proc_agg");
	sqlite3_close(db);
	expect_refused(path, "no 'proc_agg' table");
}

/* A writer in the middle of a commit on a rollback-journal database. */
Test(badinput, locked, .timeout = 20)
{
	const char *path = fx_create(1);
	sqlite3 *w;
	cr_assert_eq(sqlite3_open(path, &w), SQLITE_OK);
	fx_exec(w, "PRAGMA journal_mode = DELETE");
	fx_exec(w, "BEGIN EXCLUSIVE");
	fx_exec(w, "INSERT INTO meta VALUES ('held', 'x')");
	expect_refused(path, "locked");
	fx_exec(w, "ROLLBACK");
	sqlite3_close(w);
}

Test(badinput, no_boot_yet)
{
	char err[256];
	const char *path = fx_tmp(".db");
	mxt_db_close(fx_writer(path));
	query *q = query_open(path, err, sizeof(err));
	cr_assert(q, "%s", err);
	cr_expect_neq(query_select_boot(q, 0, err, sizeof(err)), 0);
	cr_expect(strstr(err, "no boot recorded"), "%s", err);
	cr_expect_neq(query_select_boot(q, 5, err, sizeof(err)), 0);
	cr_expect(strstr(err, "no boot 5"), "%s", err);
	query_close(q);
}

Test(badinput, boot_without_snapshots)
{
	char err[256];
	const char *path = fx_tmp(".db");
	sqlite3 *w = fx_writer(path);
	fx_exec(w, "INSERT INTO boots (boot_id, started_at, source) VALUES (1, 'now', 'synthetic')");
	mxt_db_close(w);
	query *q = query_open(path, err, sizeof(err));
	cr_assert(q, "%s", err);
	cr_assert_eq(query_select_boot(q, 0, err, sizeof(err)), 0, "%s", err);
	frame f;
	frame_init(&f);
	cr_expect_neq(frame_load(q, 0, 0, &f, err, sizeof(err)), 0);
	cr_expect(strstr(err, "no snapshot in boot 1 yet"), "%s", err);
	frame_free(&f);
	query_close(q);
}

/* NULL counters and an unknown clock: "-", never garbage. */
Test(badinput, sparse_snapshot)
{
	char err[256];
	const char *path = fx_tmp(".db");
	sqlite3 *w = fx_writer(path);
	fx_exec(w, "INSERT INTO boots (boot_id, started_at, source) VALUES (1, 'now', 'core')");
	fx_exec(w, "INSERT INTO snapshots (snap_id, boot_id, kind, taken_at, source) VALUES (1, 1, 'full', 'now', 'core')");
	fx_exec(w, "INSERT INTO processes (snap_id, slot, endpoint, name, state, rts_flags, rts, misc_flags, misc) "
		"VALUES (1, 3, 3, 'x', '', 2, '', 0, '')");
	mxt_db_close(w);
	fmt_set_utf8(0);
	app a;
	options_defaults(&a.opt);
	a.opt.db = path;
	a.opt.once = 1;
	cr_assert_eq(app_open(&a, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(app_load(&a, err, sizeof(err)), 0, "%s", err);
	cr_expect_str_eq(a.f.procs[0].state, "SEND");   /* from the flags: mxt_proc_state */
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	text_frame(out, &a, 0);
	fclose(out);
	cr_expect(strstr(buf, "no rates yet"), "%s", buf);
	cr_expect(strstr(buf, "Uptime: -"), "%s", buf);
	free(buf);
	app_close(&a);
}

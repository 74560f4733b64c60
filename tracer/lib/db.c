/*
 * Opening, creating and checking run databases.  Readers use WAL so they
 * never lock out mxtrace while it records.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "mxt/db.h"
#include "schema_sql.h"

static int exec(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "%s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int user_version(sqlite3 *db)
{
	sqlite3_stmt *st;
	int v = -1;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	return v;
}

int mxt_db_has(sqlite3 *db, const char *name)
{
	sqlite3_stmt *st;
	int found = 0;
	if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE name = ?", -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

/*
 * Bring a version-1 file up to this build's schema: add the tables, views,
 * indexes and columns added within version 1 since the file was written
 * (by an older mxtrace or by the gdb-scripts).  Nothing is removed.
 */
int mxt_db_migrate(sqlite3 *db, int *added, char *err, size_t errlen)
{
	sqlite3 *ref = NULL;
	sqlite3_stmt *tabs = NULL, *cols = NULL, *have = NULL;
	int n = 0, rc = -1;
	if (sqlite3_open(":memory:", &ref) != SQLITE_OK || exec(ref, mxt_schema_sql, err, errlen))
		goto out;
	if (sqlite3_prepare_v2(ref, "SELECT name FROM sqlite_master WHERE type = 'table'", -1, &tabs, NULL) != SQLITE_OK)
		goto sqlerr;
	while (sqlite3_step(tabs) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(tabs, 0);
		if (!mxt_db_has(db, t))
			continue;               /* created whole below */
		char *q = sqlite3_mprintf("SELECT name, type FROM pragma_table_info(%Q)", t);
		int prc = sqlite3_prepare_v2(ref, q, -1, &cols, NULL);
		sqlite3_free(q);
		if (prc != SQLITE_OK)
			goto sqlerr;
		while (sqlite3_step(cols) == SQLITE_ROW) {
			const char *c = (const char *)sqlite3_column_text(cols, 0);
			const char *ty = (const char *)sqlite3_column_text(cols, 1);
			q = sqlite3_mprintf("SELECT 1 FROM pragma_table_info(%Q) WHERE name = %Q", t, c);
			prc = sqlite3_prepare_v2(db, q, -1, &have, NULL);
			sqlite3_free(q);
			if (prc != SQLITE_OK)
				goto sqlerr_db;
			int present = sqlite3_step(have) == SQLITE_ROW;
			sqlite3_finalize(have);
			have = NULL;
			if (present)
				continue;
			q = sqlite3_mprintf("ALTER TABLE \"%w\" ADD COLUMN \"%w\" %s", t, c, ty ? ty : "");
			int e = exec(db, q, err, errlen);
			sqlite3_free(q);
			if (e)
				goto out;
			n++;
		}
		sqlite3_finalize(cols);
		cols = NULL;
	}
	int objs_before = 0, objs_after = 0;
	sqlite3_stmt *cnt;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &cnt, NULL) == SQLITE_OK) {
		if (sqlite3_step(cnt) == SQLITE_ROW)
			objs_before = sqlite3_column_int(cnt, 0);
		sqlite3_finalize(cnt);
	}
	if (exec(db, mxt_schema_sql, err, errlen))
		goto out;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &cnt, NULL) == SQLITE_OK) {
		if (sqlite3_step(cnt) == SQLITE_ROW)
			objs_after = sqlite3_column_int(cnt, 0);
		sqlite3_finalize(cnt);
	}
	n += objs_after - objs_before;
	rc = 0;
	goto out;
sqlerr_db:
	snprintf(err, errlen, "%s", sqlite3_errmsg(db));
	goto out;
sqlerr:
	snprintf(err, errlen, "%s", sqlite3_errmsg(ref));
out:
	sqlite3_finalize(tabs);
	sqlite3_finalize(cols);
	sqlite3_finalize(have);
	sqlite3_close(ref);
	if (added)
		*added = n;
	return rc;
}

sqlite3 *mxt_db_open(const char *path, int flags, char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	int ro = flags & MXT_DB_READONLY;
	if (ro && access(path, F_OK) != 0) {
		snprintf(err, errlen, "%s: no such database", path);
		return NULL;
	}
	/* Writers use their connection from one thread at a time (mxtrace's writer
	 * thread owns it while it runs), so SQLite's per-call mutex is not needed. */
	int oflags = ro ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
		     ((flags & MXT_DB_CREATE) ? SQLITE_OPEN_CREATE : 0);
	if (sqlite3_open_v2(path, &db, oflags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: cannot open: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 2000);
	if (!ro && sqlite3_db_readonly(db, "main") == 1) {
		snprintf(err, errlen, "%s: cannot write: the file or its directory is read-only", path);
		sqlite3_close(db);
		return NULL;
	}
	/* Reading the schema fails on a file that is not SQLite at all. */
	int v = user_version(db);
	if (v < 0 || sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: not an SQLite database (%s)", path, sqlite3_errmsg(db));
		sqlite3_close(db);
		return NULL;
	}
	/* A new (empty) file gets the schema; a file with other tables is not ours. */
	sqlite3_stmt *cnt;
	int nobj = 0;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &cnt, NULL) == SQLITE_OK) {
		if (sqlite3_step(cnt) == SQLITE_ROW)
			nobj = sqlite3_column_int(cnt, 0);
		sqlite3_finalize(cnt);
	}
	int empty = !mxt_db_has(db, "boots");
	if (empty && nobj == 0 && !ro && (flags & MXT_DB_CREATE)) {
		/* Large pages: the event table is appended to in big batches. */
		if (exec(db, "PRAGMA page_size = 65536", err, errlen) || exec(db, "PRAGMA journal_mode = WAL", err, errlen) ||
		    exec(db, mxt_schema_sql, err, errlen)) {
			sqlite3_close(db);
			return NULL;
		}
		char sql[128];
		snprintf(sql, sizeof(sql), "INSERT OR REPLACE INTO meta VALUES ('format', 'mx-run'), ('schema', '%d')",
			 MXT_SCHEMA_VERSION);
		if (exec(db, sql, err, errlen)) {
			sqlite3_close(db);
			return NULL;
		}
		return db;
	}
	if (empty) {
		snprintf(err, errlen, "%s: not an MX run database (no 'boots' table)", path);
		sqlite3_close(db);
		return NULL;
	}
	v = user_version(db);
	if (v != MXT_SCHEMA_VERSION) {
		snprintf(err, errlen, "%s: schema version %d, this build reads version %d%s", path, v,
			 MXT_SCHEMA_VERSION, v < MXT_SCHEMA_VERSION ? " (older run: re-import it or open it with mxtrace migrate)" : "");
		sqlite3_close(db);
		return NULL;
	}
	if (!ro) {
		char why[256];
		if (exec(db, "PRAGMA journal_mode = WAL", why, sizeof(why)) || mxt_db_migrate(db, NULL, why, sizeof(why))) {
			snprintf(err, errlen, "%s: cannot write: %s", path, why);
			sqlite3_close(db);
			return NULL;
		}
	}
	return db;
}

void mxt_db_close(sqlite3 *db)
{
	sqlite3_close(db);
}

long long mxt_db_latest_snapshot(sqlite3 *db, const char *kind)
{
	sqlite3_stmt *st;
	long long id = -1;
	const char *sql = kind ? "SELECT max(snap_id) FROM snapshots WHERE kind = ?" : "SELECT max(snap_id) FROM snapshots";
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (kind)
		sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

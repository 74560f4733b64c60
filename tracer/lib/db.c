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

sqlite3 *mxt_db_open(const char *path, int flags, char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	int ro = flags & MXT_DB_READONLY;
	if (ro && access(path, F_OK) != 0) {
		snprintf(err, errlen, "%s: no such database", path);
		return NULL;
	}
	int oflags = ro ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | ((flags & MXT_DB_CREATE) ? SQLITE_OPEN_CREATE : 0);
	if (sqlite3_open_v2(path, &db, oflags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: cannot open: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 2000);
	/* Reading the schema fails on a file that is not SQLite at all. */
	int v = user_version(db);
	if (v < 0 || sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: not an SQLite database (%s)", path, sqlite3_errmsg(db));
		sqlite3_close(db);
		return NULL;
	}
	int empty = !mxt_db_has(db, "boots");
	if (empty && !ro && (flags & MXT_DB_CREATE)) {
		if (exec(db, "PRAGMA journal_mode = WAL", err, errlen) || exec(db, mxt_schema_sql, err, errlen)) {
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
	if (!ro)
		exec(db, "PRAGMA journal_mode = WAL", err, errlen);
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

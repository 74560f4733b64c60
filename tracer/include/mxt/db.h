/*
 * The run database (tracer/schema.sql, documented in tracer/schema.md).
 * Opening checks that the file is an MX run database of a version this
 * build understands; every failure is a one-line message in err.
 */
#ifndef MXT_DB_H
#define MXT_DB_H

#include <stddef.h>
#include <sqlite3.h>

#define MXT_SCHEMA_VERSION 1

enum {
	MXT_DB_READONLY = 0x1,   /* readers: mxtop, mxviz, mxdump */
	MXT_DB_CREATE   = 0x2,   /* writers: create the file and the schema if missing */
};

/* Open path; NULL with a message in err on failure.  A connection opened
 * for writing must be used by one thread at a time. */
sqlite3 *mxt_db_open(const char *path, int flags, char *err, size_t errlen);
void mxt_db_close(sqlite3 *db);
/* Add what this build's schema has and the file lacks (tables, views,
 * indexes, columns added within the version); *added counts them. */
int mxt_db_migrate(sqlite3 *db, int *added, char *err, size_t errlen);

/* The latest snapshot id of a kind ("full", "sample" or NULL for any), or -1. */
long long mxt_db_latest_snapshot(sqlite3 *db, const char *kind);
/* Does the database have this table or view? */
int mxt_db_has(sqlite3 *db, const char *name);

#endif

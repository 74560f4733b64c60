/* Shared by the tracer unit tests: scratch databases and synthetic guest data. */
#ifndef HELPERS_H
#define HELPERS_H

#include <sqlite3.h>
#include <stdint.h>
#include <mx/mxinfo.h>
#include <mx/trace.h>

/* A scratch directory, removed with its files when the test's process ends. */
const char *scratch_dir(void);
/* A new run database in a scratch directory; path (optional) gets its name. */
sqlite3 *scratch_db(char *path, size_t room);
/* One integer from a query. */
long long q1(sqlite3 *db, const char *sql);
/* A minimal valid mx_info that says it lives at physical pa. */
void fake_mxinfo(mx_info *mi, uint32_t pa);
/* Record number n of a synthetic stream. */
void fake_rec(mx_trace_rec *r, uint64_t n);

#endif

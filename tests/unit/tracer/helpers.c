/* Helpers for the tracer unit tests (see helpers.h). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "mxt/db.h"
#include "helpers.h"

static char scratch_dirs[8][32];
static int nscratch;

/* Remove the test's scratch directories when its process ends. */
static void remove_scratch(void)
{
	for (int i = 0; i < nscratch; i++) {
		DIR *d = opendir(scratch_dirs[i]);
		struct dirent *e;
		char p[600];
		while (d && (e = readdir(d)))
			if (e->d_name[0] != '.') {
				snprintf(p, sizeof(p), "%s/%s", scratch_dirs[i], e->d_name);
				unlink(p);
			}
		if (d)
			closedir(d);
		rmdir(scratch_dirs[i]);
	}
}

const char *scratch_dir(void)
{
	cr_assert_lt(nscratch, 8);
	char *dir = scratch_dirs[nscratch];
	snprintf(dir, sizeof(scratch_dirs[0]), "/tmp/mxt-unit.XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	if (nscratch++ == 0)
		atexit(remove_scratch);
	return dir;
}

sqlite3 *scratch_db(char *path, size_t room)
{
	char p[128], err[256];
	const char *dir = scratch_dir();
	snprintf(p, sizeof(p), "%s/run.db", dir);
	sqlite3 *db = mxt_db_open(p, MXT_DB_CREATE, err, sizeof(err));
	cr_assert_not_null(db, "%s", err);
	if (path)
		snprintf(path, room, "%s", p);
	return db;
}

long long q1(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;
	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

void fake_mxinfo(mx_info *mi, uint32_t pa)
{
	memset(mi, 0, sizeof(*mi));
	memcpy(mi->magic, MX_INFO_MAGIC, MX_INFO_MAGIC_LEN);
	mi->version = MX_INFO_VERSION;
	mi->size = sizeof(*mi);
	mi->kernel_base = 0xC0000000u;
	mi->self = mi->kernel_base + pa;
	mi->build_id_len = 20;
	for (int i = 0; i < 20; i++)
		mi->build_id[i] = (uint8_t)(0xa0 + i);
	strcpy(mi->release, "MX test");
	mi->tsc_hz = 1000000000ull;
	mi->hz = 100;
	mi->page_size = 4096;
	mi->nr_slots = 256;
	mi->nr_privs = 64;
}

void fake_rec(mx_trace_rec *r, uint64_t n)
{
	memset(r, 0, sizeof(*r));
	r->tsc = 1000 + n * 10;
	r->seq = (uint32_t)n;
	r->kind = n % 3 == 0 ? MX_TK_SEND : n % 3 == 1 ? MX_TK_RECV : MX_TK_KCALL;
	r->flags = n % 3 == 0 ? (MX_TF_RTT | MX_TF_REPLY) : 0;
	r->src = 14 + (int32_t)(n & 1);
	r->dst = 15 - (int32_t)(n & 1);
	r->type = 0x100;
	r->arg = (uint32_t)(n % 1000);
}

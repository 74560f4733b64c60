/*
 * The IS dumps: libdump's text for a prepared snapshot, field for field
 * (expected/<name>.txt, the format of docs/dumps.md).  This binary links
 * libdump built with the guest's printf engine (os/lib/libc/printf.c); the
 * mxdump tests below run build/bin/mxdump, which uses the host's printf,
 * on the same snapshot: both must produce the expected text, so the guest
 * IS and mxdump agree.  Also the adapter's decoders and mxdump's errors.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <mx/procflags.h>
#include "mxt/db.h"
#include "mxt/names.h"
#include "../../../dumps/snapshot.h"
#include "../../lib/snapdb.h"

#define MXDUMP "build/bin/mxdump"

static char dbpath[64];
static sqlite3 *db;
static long long snap;

static void setup(void)
{
	snprintf(dbpath, sizeof(dbpath), "/tmp/mxdump-test-%d.db", (int)getpid());
	db = snapdb_create(dbpath);
	snap = scen_full(db);
}

static void teardown(void)
{
	char p[96];
	sqlite3_close(db);
	unlink(dbpath);
	snprintf(p, sizeof(p), "%s-wal", dbpath);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", dbpath);
	unlink(p);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	cr_assert(f, "cannot open %s", path);
	static char buf[1 << 16];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
	return strdup(buf);
}

static char *expected(const char *name)
{
	char path[256];
	snprintf(path, sizeof(path), "tests/unit/dumps/expected/%s.txt", name);
	return slurp(path);
}

static int render(const struct mxd_snapshot *s, int key, char *buf, size_t size)
{
	struct dump_out o;
	dump_out_init(&o, buf, size);
	int rc = dump_render(key, &s->in, &o);
	cr_assert(!dump_out_truncated(&o));
	return rc;
}

/* Run mxdump; returns the exit status, output in out, errors in err. */
static int run(const char *args, char *out, size_t outlen, char *err, size_t errlen)
{
	char cmd[512], errf[64];
	snprintf(errf, sizeof(errf), "/tmp/mxdump-test-%d.err", (int)getpid());
	snprintf(cmd, sizeof(cmd), MXDUMP " %s 2>%s", args, errf);
	FILE *p = popen(cmd, "r");
	cr_assert(p);
	size_t n = fread(out, 1, outlen - 1, p);
	out[n] = 0;
	int st = pclose(p);
	FILE *e = fopen(errf, "r");
	n = e ? fread(err, 1, errlen - 1, e) : 0;
	err[n] = 0;
	if (e)
		fclose(e);
	unlink(errf);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int lines(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

TestSuite(dumps, .init = setup, .fini = teardown);

Test(dumps, every_dump_matches_its_documented_text)
{
	struct mxd_snapshot s;
	char err[256];
	cr_assert_eq(mxd_load(db, snap, &s, err, sizeof(err)), 0, "%s", err);
	static char buf[1 << 16];
	for (const struct dump_def *d = dump_defs; d->key; d++) {
		char *want = expected(d->name);
		cr_assert_eq(render(&s, d->key, buf, sizeof(buf)), DUMP_OK, "%s", d->name);
		cr_assert_str_eq(buf, want, "dump %s:\n--- got\n%s--- expected\n%s", d->name, buf, want);
		free(want);
	}
	mxd_free(&s);
}

Test(dumps, mxdump_prints_the_same_text)
{
	static char out[1 << 17], all[1 << 17], err[1024];
	char args[128];
	size_t n = 0;
	for (const struct dump_def *d = dump_defs; d->key; d++) {
		char *want = expected(d->name);
		n += (size_t)snprintf(all + n, sizeof(all) - n, "%s%s", d->key > 1 ? "\n" : "", want);
		snprintf(args, sizeof(args), "--db %s %s", dbpath, d->fkey);
		cr_assert_eq(run(args, out, sizeof(out), err, sizeof(err)), 0, "%s: %s", d->name, err);
		cr_assert_str_eq(out, want, "mxdump %s differs:\n%s", d->name, out);
		free(want);
	}
	snprintf(args, sizeof(args), "--db %s all", dbpath);
	cr_assert_eq(run(args, out, sizeof(out), err, sizeof(err)), 0, "%s", err);
	cr_assert_str_eq(out, all);
}

Test(dumps, dump_keys_by_number_name_and_fkey)
{
	static char a[1 << 16], b[1 << 16], c[1 << 16], err[512];
	char args[128];
	snprintf(args, sizeof(args), "--db %s 8", dbpath);
	cr_assert_eq(run(args, a, sizeof(a), err, sizeof(err)), 0);
	snprintf(args, sizeof(args), "--db %s vfs", dbpath);
	cr_assert_eq(run(args, b, sizeof(b), err, sizeof(err)), 0);
	snprintf(args, sizeof(args), "--db %s --snap %lld S-F2", dbpath, snap);
	cr_assert_eq(run(args, c, sizeof(c), err, sizeof(err)), 0);
	cr_assert_str_eq(a, b);
	cr_assert_str_eq(b, c);
	cr_assert(strncmp(a, "VFS processes, threads and locks\n", 33) == 0);
}

Test(dumps, missing_tables_are_reported)
{
	/* A sample snapshot: processes only. */
	long long s2 = snapdb_snapshot(db, "sample", SCEN_TSC);
	snapdb_proc(db, s2, 4, 0, "pm", "RECV", MX_NONE, 9000000000LL, -1);
	struct mxd_snapshot s;
	char err[256], why[256];
	static char buf[4096];
	cr_assert_eq(mxd_load(db, s2, &s, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(render(&s, MX_DUMP_PRIVS, buf, sizeof(buf)), DUMP_UNAVAILABLE);
	cr_assert_str_eq(buf, "Privileges and send masks\nnot available: the priv table could not be read\n");
	cr_assert_eq(render(&s, MX_DUMP_RS, buf, sizeof(buf)), DUMP_UNAVAILABLE);
	cr_assert_str_eq(buf, "RS services\nnot available: the rs.services table could not be read\n");
	cr_assert_str_eq(mxd_missing(&s, MX_DUMP_RS, why, sizeof(why)),
			 "snapshot 2 has no 'rs.services' table (not registered, or a sample snapshot)");
	cr_assert_eq(render(&s, MX_DUMP_PROCTAB, buf, sizeof(buf)), DUMP_OK);
	cr_assert_eq(render(&s, MX_DUMP_TRACE, buf, sizeof(buf)), DUMP_UNAVAILABLE);
	cr_assert_eq(dump_render(99, &s.in, &(struct dump_out){ buf, sizeof(buf), 0 }), DUMP_UNKNOWN);
	mxd_free(&s);

	/* A table the snapshot tried to read and could not. */
	snapdb_regtable(db, s2, "vm.regions", 7, "page table walk failed at 0x0804c000");
	cr_assert_eq(mxd_load(db, s2, &s, err, sizeof(err)), 0, "%s", err);
	cr_assert_str_eq(mxd_missing(&s, MX_DUMP_VM, why, sizeof(why)),
			 "the 'vm.regions' table of snapshot 2 could not be read: page table walk failed at 0x0804c000");
	mxd_free(&s);

	static char out[4096], e[1024];
	char args[128];
	snprintf(args, sizeof(args), "--db %s --snap %lld rs", dbpath, s2);
	cr_assert_eq(run(args, out, sizeof(out), e, sizeof(e)), 1);
	cr_assert_eq(lines(e), 1, "one line: %s", e);
	cr_assert(strstr(e, "mxdump: rs: snapshot 2 has no 'rs.services' table"), "%s", e);
}

Test(dumps, flags_and_states_agree_with_the_host_names)
{
	char a[DUMP_FLAGS_MAX], b[MXT_FLAGS_MAX];
	for (uint32_t f = 0; f < 0x400; f++) {
		cr_assert_str_eq(dump_rts_letters(f, a), (mxt_rts_letters(f, b), b));
		cr_assert_str_eq(dump_misc_letters(f, a), (mxt_misc_letters(f, b), b));
		cr_assert_str_eq(dump_priv_letters(f & 0x1f, a), (mxt_priv_letters(f & 0x1f, b), b));
		for (uint32_t m = 0; m < 2; m++)
			cr_assert_str_eq(dump_proc_state(f, m ? MX_MF_REPLY_PEND : 0), mxt_proc_state(f, m ? MX_MF_REPLY_PEND : 0));
	}
	for (int t = 0; t < 0x1000; t++) {
		const char *x = dump_msgtype_name(t), *y = mxt_msgtype_name(t);
		cr_assert((x == NULL) == (y == NULL) && (!x || !strcmp(x, y)), "type %#x", t);
	}
	char e1[24], e2[24];
	mx_endpoint_t eps[] = { 0, 5, MX_EP(3, 14), MX_ANY, MX_NONE, MX_SELF };
	for (size_t i = 0; i < sizeof(eps) / sizeof(eps[0]); i++)
		cr_assert_str_eq(dump_ep_str(eps[i], e1, sizeof(e1)), mxt_ep_str(eps[i], e2, sizeof(e2)));
}

Test(dumps, truncation_reports_the_full_length)
{
	struct mxd_snapshot s;
	char err[256], small[100];
	static char big[1 << 16];
	cr_assert_eq(mxd_load(db, snap, &s, err, sizeof(err)), 0);
	struct dump_out o;
	dump_out_init(&o, small, sizeof(small));
	dump_render(MX_DUMP_PROCTAB, &s.in, &o);
	cr_assert(dump_out_truncated(&o));
	cr_assert_eq(strlen(small), sizeof(small) - 1);
	size_t need = o.len;
	render(&s, MX_DUMP_PROCTAB, big, sizeof(big));
	cr_assert_eq(strlen(big), need);
	cr_assert(strncmp(big, small, sizeof(small) - 1) == 0);
	mxd_free(&s);
}

Test(decode, bitmaps)
{
	uint32_t w[2];
	cr_assert_eq(mxd_parse_bitmap("0100000080000000", w, 2), 0);
	cr_assert_eq(w[0], 1u << 0);
	cr_assert_eq(w[1], 1u << 7);
	cr_assert_eq(mxd_parse_bitmap("ff01", w, 2), 0);
	cr_assert_eq(w[0], 0x1ffu);
	cr_assert_eq(mxd_parse_bitmap("0x8001", w, 2), 0);
	cr_assert_eq(w[0], 0x8001u);
	cr_assert_eq(mxd_parse_bitmap("0x100000000", w, 2), 0);
	cr_assert_eq(w[0], 0u);
	cr_assert_eq(w[1], 1u);
	cr_assert_eq(mxd_parse_bitmap(NULL, w, 2), 0);
	cr_assert_eq(w[0] | w[1], 0u);
	cr_assert_eq(mxd_parse_bitmap("abc", w, 2), -1, "odd length");
	cr_assert_eq(mxd_parse_bitmap("zz", w, 2), -1);
	cr_assert_eq(mxd_parse_bitmap("0xq", w, 2), -1);
}

Test(decode, io_ranges)
{
	uint16_t b[2], l[2];
	cr_assert_eq(mxd_parse_io("0x60:1,3f8:8", b, l, 2), 2);
	cr_assert_eq(b[0], 0x60);
	cr_assert_eq(l[0], 1);
	cr_assert_eq(b[1], 0x3f8);
	cr_assert_eq(l[1], 8);
	cr_assert_eq(mxd_parse_io("1016:8", b, l, 2), 1);
	cr_assert_eq(b[0], 1016);
	cr_assert_eq(mxd_parse_io("", b, l, 2), 0);
	cr_assert_eq(mxd_parse_io(NULL, b, l, 2), 0);
	cr_assert_eq(mxd_parse_io("60", b, l, 2), -1);
	cr_assert_eq(mxd_parse_io("60:x", b, l, 2), -1);
	cr_assert_eq(mxd_parse_io("60:1;70:1", b, l, 2), -1);
}

/* ---- mxdump's bad input: one line on stderr, non-zero status ------------- */

static void one_line_error(const char *args, int status, const char *text)
{
	static char out[1 << 16], err[2048];
	int rc = run(args, out, sizeof(out), err, sizeof(err));
	cr_assert_eq(rc, status, "mxdump %s: status %d, stderr %s", args, rc, err);
	cr_assert_eq(lines(err), 1, "mxdump %s: %s", args, err);
	cr_assert(strstr(err, text), "mxdump %s: %s", args, err);
}

Test(dumps, bad_input)
{
	char args[256];
	snprintf(args, sizeof(args), "--db %s nosuchdump", dbpath);
	one_line_error(args, 1, "unknown dump 'nosuchdump'");
	snprintf(args, sizeof(args), "--db %s why nobody", dbpath);
	one_line_error(args, 1, "no process named 'nobody' in snapshot 1");
	snprintf(args, sizeof(args), "--db %s why 99/9", dbpath);
	one_line_error(args, 1, "no process with endpoint 99/9");
	snprintf(args, sizeof(args), "--db %s --snap 77 proc", dbpath);
	one_line_error(args, 1, "no snapshot 77 in the database");
	snprintf(args, sizeof(args), "--db %s --snap x proc", dbpath);
	one_line_error(args, 2, "bad snapshot id 'x'");
	one_line_error("--db /nonexistent/run.db proc", 1, "no such database");
	one_line_error("proc", 2, "no database");

	/* An empty snapshot. */
	long long e = snapdb_snapshot(db, "full", SCEN_TSC);
	snprintf(args, sizeof(args), "--db %s proc", dbpath);
	char want[64];
	snprintf(want, sizeof(want), "snapshot %lld is empty (no processes)", e);
	one_line_error(args, 1, want);
	snprintf(args, sizeof(args), "--db %s why sh", dbpath);
	one_line_error(args, 1, want);

	/* Not an MX database, and one without the snapshot tables. */
	char other[80];
	snprintf(other, sizeof(other), "/tmp/mxdump-test-%d-other.db", (int)getpid());
	sqlite3 *o;
	unlink(other);
	cr_assert_eq(sqlite3_open(other, &o), SQLITE_OK);
	sqlite3_exec(o, "CREATE TABLE t (x)", NULL, NULL, NULL);
	snprintf(args, sizeof(args), "--db %s proc", other);
	one_line_error(args, 1, "not an MX run database");
	sqlite3_exec(o, "CREATE TABLE boots (boot_id INTEGER); PRAGMA user_version = 1", NULL, NULL, NULL);
	one_line_error(args, 1, "the database has no 'snapshots' table");
	snprintf(args, sizeof(args), "--db %s why sh", other);
	one_line_error(args, 1, "the database has no 'snapshots' table or view");
	sqlite3_close(o);
	unlink(other);
}

Test(dumps, compare_with_the_guest_dump)
{
	static char out[1 << 16], err[2048];
	char args[256];
	char *want = expected("irqs");
	snapdb_exec(db, "INSERT INTO dumps (snap_id, boot_id, key, source, received_at, text) "
		    "VALUES (%lld, 1, %d, 'guest', 'now', %Q)", snap, MX_DUMP_IRQS, want);
	snprintf(args, sizeof(args), "--db %s --compare irqs", dbpath);
	cr_assert_eq(run(args, out, sizeof(out), err, sizeof(err)), 0, "%s", err);
	cr_assert(strstr(err, "irqs: same as the guest's dump"), "%s", err);
	want[strlen(want) - 3] = 'X';
	snapdb_exec(db, "INSERT INTO dumps (snap_id, boot_id, key, source, received_at, text) "
		    "VALUES (%lld, 1, %d, 'guest', 'later', %Q)", snap, MX_DUMP_IRQS, want);
	cr_assert_eq(run(args, out, sizeof(out), err, sizeof(err)), 1);
	cr_assert(strstr(err, "irqs: differs from the guest's dump at line 4"), "%s", err);
	snprintf(args, sizeof(args), "--db %s --compare rs", dbpath);
	cr_assert_eq(run(args, out, sizeof(out), err, sizeof(err)), 1);
	cr_assert(strstr(err, "no guest dump"), "%s", err);
	free(want);
}

Test(dumps, why_and_deadlocks_commands)
{
	static char out[1 << 16], err[2048];
	char args[256];
	long long s = scen_deadlock(db);
	snprintf(args, sizeof(args), "--db %s --snap %lld why sh", dbpath, s);
	cr_assert_eq(run(args, out, sizeof(out), err, sizeof(err)), 0, "%s", err);
	cr_assert(strstr(out, "verdict: deadlock (3 members): fs -> vfs:worker1 -> vfs:worker2 -> fs\n"), "%s", out);
	snprintf(args, sizeof(args), "--db %s deadlocks", dbpath);
	cr_assert_eq(run(args, out, sizeof(out), err, sizeof(err)), 0, "%s", err);
	cr_assert_str_eq(out, "deadlock 1 (3 members): fs -> vfs:worker1 -> vfs:worker2 -> fs\n"
			 "deadlock 2 (2 members): ping -> pong -> ping\n");
	snprintf(args, sizeof(args), "--db %s list", dbpath);
	cr_assert_eq(run(args, out, sizeof(out), err, sizeof(err)), 0, "%s", err);
	cr_assert(strstr(out, "12   S-F6   vm     VM regions\n"), "%s", out);
}

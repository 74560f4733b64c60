/* Sessions: live or replay, the time cursor (step, jump, play), --once text. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mxt/db.h"
#include "fixture.h"
#include "mxtop_test.h"

static app a;

static void open_app(const char *path, const char *extra_opt, const char *value)
{
	char err[256];
	fmt_set_utf8(0);
	options_defaults(&a.opt);
	a.opt.db = path;
	a.opt.once = 1;
	if (extra_opt && !strcmp(extra_opt, "at"))
		a.opt.at = value, a.opt.mode = MODE_REPLAY;
	if (extra_opt && !strcmp(extra_opt, "live"))
		a.opt.mode = MODE_LIVE;
	cr_assert_eq(app_open(&a, err, sizeof(err)), 0, "%s", err);
}

static void fini(void)
{
	app_close(&a);
}

TestSuite(app, .fini = fini);

Test(app, finished_run_replays_from_the_end)
{
	open_app(fx_create(1), NULL, NULL);
	cr_expect_not(a.live);
	cr_expect_eq(a.cursor, 2);
}

Test(app, recording_run_is_live)
{
	open_app(fx_create(0), NULL, NULL);
	cr_expect(a.live);
	cr_expect_eq(a.cursor, 2);
}

Test(app, jumps)
{
	char err[256];
	open_app(fx_create(1), "at", "#1");
	cr_expect_not(a.live);
	cr_expect_eq(a.cursor, 0);
	cr_expect_eq(app_jump(&a, "end", err, sizeof(err)), 0);
	cr_expect_eq(a.cursor, 2);
	cr_expect_eq(app_jump(&a, "start", err, sizeof(err)), 0);
	cr_expect_eq(a.cursor, 0);
	cr_expect_eq(app_jump(&a, "2.5", err, sizeof(err)), 0);    /* guest seconds: #2 at 2 s */
	cr_expect_eq(a.cursor, 1);
	cr_expect_eq(app_jump(&a, "+1", err, sizeof(err)), 0);
	cr_expect_eq(a.cursor, 2);
	cr_expect_eq(app_jump(&a, "-5s", err, sizeof(err)), 0);
	cr_expect_eq(a.cursor, 0);
	cr_expect_neq(app_jump(&a, "#99", err, sizeof(err)), 0);
	cr_expect(strstr(err, "no snapshot #99"), "%s", err);
	cr_expect_neq(app_jump(&a, "soon", err, sizeof(err)), 0);
	cr_expect(strstr(err, "#SNAPSHOT"), "%s", err);
	cr_expect_eq(app_snap_time(&a, 1), 2.0);
}

Test(app, steps_clamp)
{
	open_app(fx_create(1), "at", "start");
	cr_expect_eq(app_step(&a, -1), 0);
	cr_expect_eq(app_step(&a, 1), 1);
	cr_expect_eq(app_step(&a, 10), 2);
}

Test(app, play_advances_with_guest_time)
{
	char err[256];
	open_app(fx_create(1), "at", "start");
	a.playing = 1;
	a.speed = 1;
	cr_expect_eq(app_tick(&a, 0.5, err, sizeof(err)), 1, "%s", err);   /* the first frame */
	cr_expect_eq(a.cursor, 0);
	app_tick(&a, 0.6, err, sizeof(err));                           /* 1.1 s: #2 */
	cr_expect_eq(a.cursor, 1);
	cr_expect_eq(a.f.cur.id, 2);
	a.speed = 4;
	app_tick(&a, 1.0, err, sizeof(err));                           /* past the end: stop */
	cr_expect_eq(a.cursor, 2);
	cr_expect_not(a.playing);
}

Test(app, live_follows_new_snapshots_and_pause_freezes)
{
	char err[256];
	const char *path = fx_create(0);
	open_app(path, "live", NULL);
	cr_assert_eq(app_tick(&a, 1, err, sizeof(err)), 1, "%s", err);
	cr_expect_eq(a.f.cur.id, 3);
	cr_expect_eq(app_tick(&a, 1, err, sizeof(err)), 0);          /* nothing new */
	sqlite3 *w = fx_writer(path);
	fx_add_snapshot(w, 4, 4);
	cr_expect_eq(app_tick(&a, 1, err, sizeof(err)), 1);
	cr_expect_eq(a.f.cur.id, 4);
	a.paused = 1;
	fx_add_snapshot(w, 5, 5);
	cr_expect_eq(app_tick(&a, 1, err, sizeof(err)), 0);
	cr_expect_eq(a.f.cur.id, 4);
	a.paused = 0;
	cr_expect_eq(app_tick(&a, 1, err, sizeof(err)), 1);
	cr_expect_eq(a.f.cur.id, 5);
	/* Stepping back leaves live mode; L comes back. */
	app_step(&a, -2);
	cr_expect_not(a.live);
	app_tick(&a, 1, err, sizeof(err));
	cr_expect_eq(a.f.cur.id, 3);
	app_go_live(&a);
	app_tick(&a, 1, err, sizeof(err));
	cr_expect_eq(a.f.cur.id, 5);
	mxt_db_close(w);
}

Test(app, once_text)
{
	char err[256];
	open_app(fx_create(1), NULL, NULL);
	query_set_stuck(a.q, 2);
	cr_assert_eq(app_load(&a, err, sizeof(err)), 0, "%s", err);
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	text_frame(out, &a, 0);
	fclose(out);
	cr_expect(strstr(buf, "REPLAY  Snapshot #3 sample 3/3 t=3.00s (run ended)"), "%s", buf);
	cr_expect(strstr(buf, "Tasks: 7 total, 2 running, 2 idle, 3 blocked, 1 stuck, 2 deadlocked"), "%s", buf);
	cr_expect(strstr(buf, "Deadlock: 1 cycle: a->b->a; at full snapshot #1: 1 cycle: vfs:worker1->vfs:worker2->vfs:worker1"),
		  "%s", buf);
	cr_expect(strstr(buf, "Trace: 4000 rec/s, lost 10"), "%s", buf);
	cr_expect(strstr(buf, "CPU: 35.0% (user 22.0%, kernel 13.0%)"), "%s", buf);
	cr_expect(strstr(buf, "\n! "), "a stuck row is marked: %s", buf);
	cr_expect(strstr(buf, "\n* "), "a deadlocked row is marked: %s", buf);
	cr_expect(strstr(buf, "REPLY-WAIT<-vfs"), "%s", buf);
	cr_expect(strstr(buf, "SEND->b"), "%s", buf);
	free(buf);
}

Test(app, view_and_options_apply)
{
	char err[256];
	fmt_set_utf8(0);
	options_defaults(&a.opt);
	a.opt.db = fx_create(1);
	a.opt.view = "ipc";
	a.opt.sort = "-count";
	a.opt.filter = "busy";
	a.opt.once = 1;
	cr_assert_eq(app_open(&a, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(a.view, VIEW_IPC);
	cr_expect(app_table(&a)->ascending);
	cr_expect_str_eq(app_table(&a)->filter, "busy");
	cr_assert_eq(app_load(&a, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(app_table(&a)->norder, 1);
}

Test(app, sorting_by_a_lazy_column_reads_it_for_every_row)
{
	char err[256];
	options_defaults(&a.opt);
	a.opt.db = fx_create(1);
	a.opt.view = "ipc";
	a.opt.window_s = 3;
	a.opt.once = 1;
	cr_assert_eq(app_open(&a, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(app_load(&a, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(a.f.npairs, 2);
	int pending = 0;
	for (int i = 0; i < a.f.npairs; i++)
		pending += a.f.pairs[i].p99 == P99_PENDING;
	cr_expect_eq(pending, 1, "sorted by rate: p99 not read yet (a->b has no latency)");
	cr_assert_eq(table_set_sort(app_table(&a), "p99", err, sizeof(err)), 0);
	app_rebuild(&a);
	for (int i = 0; i < a.f.npairs; i++)
		cr_expect_neq(a.f.pairs[i].p99, P99_PENDING);
	const pair_row *top = table_row_at(app_table(&a), &a.f, 0);
	cr_expect_eq(top->p99, 8192);
}

Test(app, bad_sort_column_is_an_error)
{
	char err[256];
	options_defaults(&a.opt);
	a.opt.db = fx_create(1);
	a.opt.sort = "nope";
	cr_expect_neq(app_open(&a, err, sizeof(err)), 0);
	cr_expect(strstr(err, "no column 'nope' in the processes view"), "%s", err);
}

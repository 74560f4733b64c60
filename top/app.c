/* A viewing session: database, frame, tables and the time cursor. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "app.h"

static void set_cursor(app *a, int idx);

int app_open(app *a, char *err, size_t errlen)
{
	options o = a->opt;
	memset(a, 0, sizeof(*a));
	a->opt = o;
	frame_init(&a->f);
	for (int v = 0; v < VIEW_N; v++)
		table_init(&a->tables[v], views[v]);
	const view_class *vc = view_find(o.view ? o.view : "processes");
	if (!vc) {
		snprintf(err, errlen, "no view '%s'", o.view);
		return -1;
	}
	for (int v = 0; v < VIEW_N; v++)
		if (views[v] == vc)
			a->view = v;
	table *t = &a->tables[a->view];
	if (o.columns && table_set_columns(t, o.columns, err, errlen) < 0)
		return -1;
	if (o.sort && table_set_sort(t, o.sort, err, errlen) < 0)
		return -1;
	if (o.filter)
		table_set_filter(t, o.filter);
	t->tree = o.tree;

	a->q = query_open(o.db, err, errlen);
	if (!a->q)
		return -1;
	query_set_stuck(a->q, o.stuck_s);
	query_set_window(a->q, o.window_s);
	if (query_select_boot(a->q, o.boot, err, errlen) < 0)
		return -1;
	a->speed = o.speed > 0 ? o.speed : 1;
	a->live = o.mode == MODE_LIVE || (o.mode == MODE_AUTO && !query_boot(a->q)->ended);
	set_cursor(a, query_nsnaps(a->q) - 1);
	if (o.at && app_jump(a, o.at, err, errlen) < 0)
		return -1;
	return 0;
}

void app_close(app *a)
{
	for (int v = 0; v < VIEW_N; v++)
		table_free(&a->tables[v]);
	frame_free(&a->f);
	query_close(a->q);
	a->q = NULL;
}

table *app_table(app *a)
{
	return &a->tables[a->view];
}

int app_load(app *a, char *err, size_t errlen)
{
	if (frame_load(a->q, a->cursor, views[a->view]->load, &a->f, err, errlen) < 0)
		return -1;
	a->have_frame = 1;
	if (a->f.ipc_rate > a->ipc_peak)
		a->ipc_peak = a->f.ipc_rate;
	if (a->f.trace_rate > a->trace_peak)
		a->trace_peak = a->f.trace_rate;
	app_rebuild(a);
	return 0;
}

void app_rebuild(app *a)
{
	table *t = app_table(a);
	const view_class *v = t->v;
	if (!a->have_frame)
		return;
	if (v->prepare && v->columns[t->sort].lazy) {
		char err[256];
		int n = view_count(v, &a->f);
		for (int i = 0; i < n; i++)
			if (v->prepare(a->q, &a->f, i, err, sizeof(err)) < 0)
				break;
	}
	table_rebuild(t, &a->f);
}

void app_prepare(app *a, int first, int n)
{
	table *t = app_table(a);
	char err[256];
	if (!t->v->prepare || !a->have_frame)
		return;
	for (int pos = first < 0 ? 0 : first; pos < first + n && pos < t->norder; pos++)
		if (t->v->prepare(a->q, &a->f, t->order[pos].row, err, sizeof(err)) < 0)
			break;
}

void app_set_view(app *a, int view)
{
	if (view >= 0 && view < VIEW_N)
		a->view = view;
}

static double hz(const app *a)
{
	double h = query_boot(a->q)->tsc_hz;
	return h > 0 ? h : a->have_frame ? a->f.tsc_hz : 0;
}

double app_snap_time(const app *a, int index)
{
	const snap_ent *s = query_snap(a->q, index);
	double h = hz(a);
	return s && s->tsc >= 0 && h > 0 ? (double)s->tsc / h : -1;
}

static void set_cursor(app *a, int idx)
{
	int n = query_nsnaps(a->q);
	if (idx >= n)
		idx = n - 1;
	if (idx < 0)
		idx = 0;
	a->cursor = idx;
	const snap_ent *s = query_snap(a->q, idx);
	if (s && s->tsc >= 0)
		a->play_tsc = (double)s->tsc;
}

int app_step(app *a, int n)
{
	a->live = 0;
	set_cursor(a, a->cursor + n);
	return a->cursor;
}

void app_go_live(app *a)
{
	a->live = 1;
	a->playing = 0;
	a->paused = 0;
	set_cursor(a, query_nsnaps(a->q) - 1);
}

int app_jump(app *a, const char *when, char *err, size_t errlen)
{
	int n = query_nsnaps(a->q);
	while (*when == ' ')
		when++;
	if (n == 0) {
		snprintf(err, errlen, "no snapshot to jump to yet");
		return -1;
	}
	if (!strcasecmp(when, "start") || !strcasecmp(when, "begin")) {
		a->live = 0;
		set_cursor(a, 0);
		return 0;
	}
	if (!strcasecmp(when, "end")) {
		a->live = 0;
		set_cursor(a, n - 1);
		return 0;
	}
	char *end;
	if (*when == '#') {
		long long id = strtoll(when + 1, &end, 10);
		int idx = end != when + 1 && !*end ? query_find_snap(a->q, id) : -1;
		if (idx < 0) {
			snprintf(err, errlen, "no snapshot %s in boot %lld", when, query_boot(a->q)->id);
			return -1;
		}
		a->live = 0;
		set_cursor(a, idx);
		return 0;
	}
	double s = strtod(when, &end);
	if (end == when || (*end && strcmp(end, "s"))) {
		snprintf(err, errlen, "jump to '%s'? give #SNAPSHOT, SECONDS, +SECONDS, -SECONDS, start or end", when);
		return -1;
	}
	double h = hz(a);
	if (h <= 0) {
		snprintf(err, errlen, "the guest clock rate is unknown: jump by #SNAPSHOT");
		return -1;
	}
	if (*when == '+' || *when == '-') {
		double now = app_snap_time(a, a->cursor);
		if (now < 0) {
			snprintf(err, errlen, "the snapshot shown has no time: jump by #SNAPSHOT");
			return -1;
		}
		s += now;
	}
	a->live = 0;
	set_cursor(a, query_snap_at(a->q, (long long)(s * h)));
	return 0;
}

int app_tick(app *a, double elapsed, char *err, size_t errlen)
{
	if (a->paused)
		return 0;
	long long boot = query_boot(a->q)->id;
	int added = query_update(a->q, err, errlen);
	if (added < 0)
		return -1;
	int n = query_nsnaps(a->q);
	if (a->live) {
		long long newest = query_newest_boot(a->q);
		if (newest > boot && !a->opt.boot) {
			/* The guest rebooted: follow the new boot. */
			if (query_select_boot(a->q, newest, err, errlen) < 0)
				return -1;
			a->ipc_peak = a->trace_peak = 0;
			n = query_nsnaps(a->q);
		}
		set_cursor(a, n - 1);
	} else if (a->playing) {
		double h = hz(a);
		const snap_ent *cur = query_snap(a->q, a->cursor);
		if (h > 0 && cur && cur->tsc >= 0) {
			a->play_tsc += elapsed * a->speed * h;
			int idx = query_snap_at(a->q, (long long)a->play_tsc);
			if (idx < a->cursor)
				idx = a->cursor;
			a->cursor = idx;
		} else
			a->cursor++;
		if (a->cursor >= n - 1) {
			a->cursor = n - 1;
			if (query_boot(a->q)->ended)
				a->playing = 0;
		}
	}
	if (n == 0) {
		snprintf(err, errlen, "no snapshot in boot %lld yet: waiting for mxtrace", query_boot(a->q)->id);
		return -1;
	}
	const snap_ent *s = query_snap(a->q, a->cursor);
	if (a->have_frame && s && a->f.cur.id == s->id && a->f.boot.id == query_boot(a->q)->id &&
	    (a->f.loaded & views[a->view]->load) == views[a->view]->load && a->f.nsnaps == n)
		return 0;
	if (app_load(a, err, errlen) < 0)
		return -1;
	return 1;
}

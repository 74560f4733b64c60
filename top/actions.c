/*
 * Keys and mouse: one table of actions.  The table drives dispatch, the
 * function bar and the help page, so a key is described where it is bound.
 */
#include <ctype.h>
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "details.h"
#include "format.h"
#include "ui.h"

#define CTRL(c) ((c) & 0x1f)
#define KEY_ESC 27

typedef int (*action_fn)(ui *u, int ch);

typedef struct action {
	const char *keys;             /* as the help page shows them */
	const char *help;
	action_fn fn;
	int fkey;                     /* 1..10: its place on the function bar, 0 if none */
	const char *label;            /* its function bar label */
	int codes[8];                 /* key codes, 0-terminated */
} action;

double ui_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void ui_message(ui *u, int err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(u->msg, sizeof(u->msg), fmt, ap);
	va_end(ap);
	u->msg_err = err;
	u->msg_until = ui_now() + (err ? 6.0 : 3.0);
}

/* ---- pages ---------------------------------------------------------------- */

void ui_page_close(ui *u)
{
	for (int i = 0; i < u->nlines; i++)
		free(u->lines[i]);
	free(u->lines);
	u->lines = NULL;
	u->nlines = 0;
	u->page_scroll = 0;
	if (u->mode == IN_PAGE)
		u->mode = IN_NORMAL;
}

void ui_page_open(ui *u, int page, const char *title, const char *text)
{
	int keep = u->mode == IN_PAGE && u->page == page ? u->page_scroll : 0;
	ui_page_close(u);
	u->mode = IN_PAGE;
	u->page = page;
	snprintf(u->page_title, sizeof(u->page_title), "%s", title);
	const char *s = text ? text : "";
	int cap = 0;
	while (*s) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (u->nlines == cap) {
			cap = cap ? cap * 2 : 64;
			char **nl = realloc(u->lines, sizeof(char *) * (size_t)cap);
			if (!nl)
				break;
			u->lines = nl;
		}
		char *line = malloc(n + 1);
		if (!line)
			break;
		memcpy(line, s, n);
		line[n] = 0;
		u->lines[u->nlines++] = line;
		s = e ? e + 1 : s + n;
	}
	u->page_scroll = keep < u->nlines ? keep : 0;
}

/* ---- helpers ---------------------------------------------------------------- */

static table *tab(ui *u)
{
	return app_table(u->a);
}

static int select_pos(ui *u, int pos)
{
	table_select(tab(u), &u->a->f, pos);
	return H_HANDLED | H_REDRAW;
}

/* The process the selected row is about, or MX_NONE (with a message). */
static mx_endpoint_t selected_ep(ui *u)
{
	table *t = tab(u);
	const void *r = table_row_at(t, &u->a->f, t->selected);
	if (!r || !t->v->ep) {
		ui_message(u, 1, "no row selected");
		return MX_NONE;
	}
	mx_endpoint_t ep = t->v->ep(r);
	if (ep == MX_NONE || MX_EP_SPECIAL(ep)) {
		ui_message(u, 1, "the selected row is not about one process");
		return MX_NONE;
	}
	return ep;
}

/* ---- actions ---------------------------------------------------------------- */

static int act_help(ui *u, int ch)
{
	(void)ch;
	u->page = PAGE_HELP;
	ui_page_refresh(u);
	return H_HANDLED | H_REDRAW;
}

static int act_view(ui *u, int ch)
{
	int v = u->a->view;
	if (ch >= '1' && ch < '1' + VIEW_N)
		v = ch - '1';
	else if (ch == KEY_BTAB)
		v = (v + VIEW_N - 1) % VIEW_N;
	else
		v = (v + 1) % VIEW_N;
	app_set_view(u->a, v);
	u->hscroll = 0;
	return H_HANDLED | H_RELOAD;
}

static int act_search(ui *u, int ch)
{
	(void)ch;
	u->mode = IN_SEARCH;
	u->input[0] = 0;
	u->input_fail = 0;
	return H_HANDLED | H_REDRAW;
}

static int act_next_match(ui *u, int ch)
{
	table *t = tab(u);
	if (!u->input[0]) {
		ui_message(u, 1, "nothing to search for: / starts a search");
		return H_HANDLED | H_REDRAW;
	}
	int dir = ch == KEY_F(15) ? -1 : 1;
	int pos = table_search(t, &u->a->f, u->input, t->selected + dir, dir);
	if (pos < 0)
		ui_message(u, 1, "\"%s\" not found", u->input);
	else
		select_pos(u, pos);
	return H_HANDLED | H_REDRAW;
}

static int act_filter(ui *u, int ch)
{
	(void)ch;
	u->mode = IN_FILTER;
	snprintf(u->input, sizeof(u->input), "%s", tab(u)->filter);
	return H_HANDLED | H_REDRAW;
}

static int act_tree(ui *u, int ch)
{
	(void)ch;
	table *t = tab(u);
	if (!t->v->parent) {
		ui_message(u, 1, "the %s view has no tree (processes have one)", t->v->title);
		return H_HANDLED | H_REDRAW;
	}
	t->tree = !t->tree;
	return H_HANDLED | H_REBUILD;
}

static int act_sort_menu(ui *u, int ch)
{
	(void)ch;
	u->mode = IN_SORT;
	u->sort_pos = tab(u)->sort;
	return H_HANDLED | H_REDRAW;
}

static int act_sort_step(ui *u, int ch)
{
	table *t = tab(u);
	int i;
	for (i = 0; i < t->ncols && t->cols[i] != t->sort; i++)
		;
	int dir = (ch == '<' || ch == ',') ? -1 : 1;
	if (i == t->ncols)
		i = dir > 0 ? -1 : 0;
	i = (i + dir + t->ncols) % t->ncols;
	t->sort = t->cols[i];
	t->ascending = !t->v->columns[t->sort].desc;
	return H_HANDLED | H_REBUILD;
}

static int act_invert(ui *u, int ch)
{
	(void)ch;
	tab(u)->ascending = !tab(u)->ascending;
	return H_HANDLED | H_REBUILD;
}

static int act_quick_sort(ui *u, int ch)
{
	const char *name = ch == 'P' ? "cpu" : ch == 'T' ? "utime" : ch == 'B' ? "blocked" : "ep";
	table *t = tab(u);
	int c = view_column(t->v, name);
	if (c < 0) {
		ui_message(u, 1, "the %s view has no %s column", t->v->title, name);
		return H_HANDLED | H_REDRAW;
	}
	t->sort = c;
	t->ascending = !t->v->columns[c].desc;
	return H_HANDLED | H_REBUILD;
}

static int act_why(ui *u, int ch)
{
	(void)ch;
	if (!u->a->have_frame)
		return H_HANDLED;
	mx_endpoint_t ep = selected_ep(u);
	if (ep == MX_NONE)
		return H_HANDLED | H_REDRAW;
	u->page_ep = ep;
	u->page = PAGE_WHY;
	u->mode = IN_NORMAL;
	ui_page_refresh(u);
	return H_HANDLED | H_REDRAW;
}

static int act_events(ui *u, int ch)
{
	(void)ch;
	if (!u->a->have_frame)
		return H_HANDLED;
	mx_endpoint_t ep = selected_ep(u);
	if (ep == MX_NONE)
		return H_HANDLED | H_REDRAW;
	u->page_ep = ep;
	u->page = PAGE_EVENTS;
	u->mode = IN_NORMAL;
	ui_page_refresh(u);
	return H_HANDLED | H_REDRAW;
}

static int act_pause(ui *u, int ch)
{
	(void)ch;
	app *a = u->a;
	if (!a->live && a->playing) {
		a->playing = 0;
		ui_message(u, 0, "stopped");
		return H_HANDLED | H_REDRAW;
	}
	a->paused = !a->paused;
	ui_message(u, 0, a->paused ? "paused: the display is frozen (Z again to go on)" : "resumed");
	return H_HANDLED | H_RELOAD;
}

static int act_quit(ui *u, int ch)
{
	(void)u;
	(void)ch;
	return H_QUIT;
}

static int act_step(ui *u, int ch)
{
	app *a = u->a;
	int n = ch == '[' ? -1 : ch == ']' ? 1 : ch == '{' ? -10 : 10;
	if (query_nsnaps(a->q) == 0)
		return H_HANDLED;
	a->paused = 0;
	app_step(a, n);
	return H_HANDLED | H_RELOAD;
}

static int act_play(ui *u, int ch)
{
	(void)ch;
	app *a = u->a;
	if (a->live) {
		ui_message(u, 1, "live: step back with [ or jump with j to replay");
		return H_HANDLED | H_REDRAW;
	}
	a->paused = 0;
	if (!a->playing && a->cursor >= query_nsnaps(a->q) - 1) {
		char err[128];
		app_jump(a, "start", err, sizeof(err));   /* at the end: play from the start */
	}
	a->playing = !a->playing;
	ui_message(u, 0, a->playing ? "playing at x%g" : "stopped", a->speed);
	return H_HANDLED | H_RELOAD;
}

static int act_speed(ui *u, int ch)
{
	app *a = u->a;
	double s = ch == '+' || ch == '=' ? a->speed * 2 : a->speed / 2;
	if (s < 1.0 / 64)
		s = 1.0 / 64;
	if (s > 1024)
		s = 1024;
	a->speed = s;
	ui_message(u, 0, "play speed x%g", s);
	return H_HANDLED | H_REDRAW;
}

static int act_jump(ui *u, int ch)
{
	(void)ch;
	u->mode = IN_JUMP;
	u->input[0] = 0;
	return H_HANDLED | H_REDRAW;
}

static int act_live(ui *u, int ch)
{
	(void)ch;
	app_go_live(u->a);
	ui_message(u, 0, "live: following the newest snapshot");
	return H_HANDLED | H_RELOAD;
}

static int act_redraw(ui *u, int ch)
{
	(void)u;
	(void)ch;
	clearok(curscr, TRUE);
	return H_HANDLED | H_REDRAW;
}

static const action actions[] = {
	{ "F1 h ?", "this help", act_help, 1, "Help", { KEY_F(1), 'h', '?' } },
	{ "F2 Tab S-Tab", "next view (Shift-Tab: previous)", act_view, 2, "View", { KEY_F(2), '\t', KEY_BTAB } },
	{ "1 2 3 4 5", "views: processes, IPC, kernel calls, locks, threads", act_view, 0, NULL,
	  { '1', '2', '3', '4', '5' } },
	{ "F3 /", "search names as you type (F3 again: next match)", act_search, 3, "Search", { KEY_F(3), '/' } },
	{ "n S-F3", "next, previous match of the last search", act_next_match, 0, NULL, { 'n', KEY_F(15) } },
	{ "F4 \\", "filter: show only rows whose names contain a text (Esc clears)", act_filter, 4, "Filter",
	  { KEY_F(4), '\\' } },
	{ "F5 t", "processes as a tree by parent", act_tree, 5, "Tree", { KEY_F(5), 't' } },
	{ "F6", "choose the sort column", act_sort_menu, 6, "SortBy", { KEY_F(6) } },
	{ "< > , .", "sort by the column to the left, to the right", act_sort_step, 0, NULL, { '<', '>', ',', '.' } },
	{ "I", "invert the sort order", act_invert, 0, NULL, { 'I' } },
	{ "P T B N", "sort processes by CPU%, UTIME, BLOCKED, EP", act_quick_sort, 0, NULL, { 'P', 'T', 'B', 'N' } },
	{ "F7 w Enter", "wait chain of the selected process: why it is stuck, with a verdict", act_why, 7, "Why",
	  { KEY_F(7), 'w', '\n', '\r', KEY_ENTER } },
	{ "F8 e", "recent IPC of the selected process (from the event table)", act_events, 8, "IPC",
	  { KEY_F(8), 'e' } },
	{ "F9 Z z", "pause: freeze the display (replay: stop playing)", act_pause, 9, "Pause", { KEY_F(9), 'Z', 'z' } },
	{ "F10 q", "quit", act_quit, 10, "Quit", { KEY_F(10), 'q', 'Q' } },
	{ "[ ]", "replay: previous, next snapshot", act_step, 0, NULL, { '[', ']' } },
	{ "{ }", "replay: ten snapshots back, forward", act_step, 0, NULL, { '{', '}' } },
	{ "space", "replay: play, stop", act_play, 0, NULL, { ' ' } },
	{ "+ -", "replay: play faster, slower", act_speed, 0, NULL, { '+', '=', '-' } },
	{ "j", "replay: jump to #SNAPSHOT, SECONDS, +S, -S, start or end", act_jump, 0, NULL, { 'j' } },
	{ "L", "live: follow the newest snapshot", act_live, 0, NULL, { 'L' } },
	{ "Ctrl-L", "redraw the screen", act_redraw, 0, NULL, { CTRL('l') } },
};
static const int nactions = (int)(sizeof(actions) / sizeof(actions[0]));

/* ---- help and detail pages ------------------------------------------------ */

static char *help_text(const ui *u)
{
	size_t cap = 16384, o = 0;
	char *s = malloc(cap);
	if (!s)
		return NULL;
#define ADD(...) do { if (o < cap) o += (size_t)snprintf(s + o, cap - o, __VA_ARGS__); } while (0)
	ADD("mxtop shows an MX run database: live while mxtrace records it, or replayed with a time cursor.\n\n");
	ADD("Keys\n");
	for (int i = 0; i < nactions; i++)
		ADD("  %-22s %s\n", actions[i].keys, actions[i].help);
	ADD("  %-22s %s\n", "Up Down PgUp PgDn", "move the selection (Home, End: first, last row)");
	ADD("  %-22s %s\n", "Left Right", "scroll the columns sideways");
	ADD("  %-22s %s\n", "mouse", "click a row to select it, a column title to sort by it, a tab or a function key");
	ADD("\nMarks and colours\n");
	ADD("  *  member of a deadlock (a cycle in the wait-for graph)%s\n", u->color ? ", in red" : "");
	ADD("  !  stuck: waiting on one process or lock for more than %g s%s\n", u->a->opt.stuck_s,
	    u->color ? ", in yellow" : "");
	ADD("     (not a call a server put aside for an event: a pipe, select, wait(), pause())\n");
	ADD("  STATE  RUN, SEND%starget, RECV%ssource, REPLY-WAIT%sserver, RECV (from ANY: idle)\n", fmt_g->to, fmt_g->from,
	    fmt_g->from);
	ADD("\nViews and columns\n");
	for (int v = 0; v < VIEW_N; v++) {
		ADD("  %d %s: %s\n", v + 1, views[v]->title, views[v]->about);
		for (int c = 0; c < views[v]->ncolumns; c++)
			ADD("      %-9s %s\n", views[v]->columns[c].title, views[v]->columns[c].help);
	}
	ADD("\nRates are per guest second: process rates from the counters of the two latest\n"
	    "snapshots, IPC and kernel-call rates from the writer's aggregates over complete\n"
	    "buckets before the cursor.  Nothing reads the event table but the recent-IPC page.\n");
#undef ADD
	return s;
}

void ui_page_refresh(ui *u)
{
	app *a = u->a;
	char title[160], err[256], name[32];
	char *text = NULL;
	switch (u->page) {
	case PAGE_HELP:
		text = help_text(u);
		ui_page_open(u, PAGE_HELP, "mxtop help", text);
		break;
	case PAGE_WHY:
		frame_ep_name(&a->f, u->page_ep, name, sizeof(name));
		snprintf(title, sizeof(title), "Wait chain of %s at snapshot #%lld", name, a->f.cur.id);
		text = details_why(&a->f, u->page_ep);
		ui_page_open(u, PAGE_WHY, title, text ? text : "out of memory");
		break;
	case PAGE_EVENTS:
		frame_ep_name(&a->f, u->page_ep, name, sizeof(name));
		snprintf(title, sizeof(title), "Recent IPC of %s up to snapshot #%lld", name, a->f.cur.id);
		text = details_events(a->q, &a->f, u->page_ep, 200, err, sizeof(err));
		ui_page_open(u, PAGE_EVENTS, title, text ? text : err);
		break;
	}
	free(text);
}

const char *ui_fkey_label(int n)
{
	for (int i = 0; i < nactions; i++)
		if (actions[i].fkey == n)
			return actions[i].label;
	return "";
}

/* ---- input modes -------------------------------------------------------------- */

static int edit(ui *u, int ch)
{
	size_t n = strlen(u->input);
	if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		if (n)
			u->input[n - 1] = 0;
		return 1;
	}
	if (ch == CTRL('u')) {
		u->input[0] = 0;
		return 1;
	}
	if (ch >= 32 && ch < 127 && n + 1 < sizeof(u->input)) {
		u->input[n] = (char)ch;
		u->input[n + 1] = 0;
		return 1;
	}
	return 0;
}

static int is_move_key(int ch)
{
	return ch == KEY_UP || ch == KEY_DOWN || ch == KEY_PPAGE || ch == KEY_NPAGE || ch == KEY_HOME || ch == KEY_END;
}

static int key_search(ui *u, int ch)
{
	table *t = tab(u);
	if (ch == KEY_ESC || ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		u->mode = IN_NORMAL;
		return H_HANDLED | H_REDRAW;
	}
	if (ch == KEY_F(3) || ch == CTRL('n')) {
		int pos = table_search(t, &u->a->f, u->input, t->selected + 1, 1);
		u->input_fail = pos < 0;
		if (pos >= 0)
			select_pos(u, pos);
		return H_HANDLED | H_REDRAW;
	}
	if (is_move_key(ch)) {
		u->mode = IN_NORMAL;
		return ui_key(u, ch);
	}
	if (edit(u, ch)) {
		/* Incremental: the first match from the selected row on. */
		int pos = table_search(t, &u->a->f, u->input, t->selected < 0 ? 0 : t->selected, 1);
		u->input_fail = u->input[0] && pos < 0;
		if (pos >= 0)
			select_pos(u, pos);
	}
	return H_HANDLED | H_REDRAW;
}

static int key_filter(ui *u, int ch)
{
	table *t = tab(u);
	if (ch == KEY_ESC) {
		table_set_filter(t, "");
		u->mode = IN_NORMAL;
		return H_HANDLED | H_REBUILD;
	}
	if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		u->mode = IN_NORMAL;
		return H_HANDLED | H_REDRAW;
	}
	if (edit(u, ch)) {
		table_set_filter(t, u->input);
		return H_HANDLED | H_REBUILD;
	}
	return H_HANDLED;
}

static int key_jump(ui *u, int ch)
{
	char err[200];
	if (ch == KEY_ESC) {
		u->mode = IN_NORMAL;
		return H_HANDLED | H_REDRAW;
	}
	if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		u->mode = IN_NORMAL;
		if (app_jump(u->a, u->input, err, sizeof(err)) < 0) {
			ui_message(u, 1, "%s", err);
			return H_HANDLED | H_REDRAW;
		}
		u->a->paused = 0;
		return H_HANDLED | H_RELOAD;
	}
	edit(u, ch);
	return H_HANDLED | H_REDRAW;
}

static int key_sort(ui *u, int ch)
{
	table *t = tab(u);
	int n = t->v->ncolumns;
	switch (ch) {
	case KEY_UP:
		u->sort_pos = (u->sort_pos + n - 1) % n;
		return H_HANDLED | H_REDRAW;
	case KEY_DOWN:
		u->sort_pos = (u->sort_pos + 1) % n;
		return H_HANDLED | H_REDRAW;
	case KEY_HOME:
		u->sort_pos = 0;
		return H_HANDLED | H_REDRAW;
	case KEY_END:
		u->sort_pos = n - 1;
		return H_HANDLED | H_REDRAW;
	case '\n':
	case '\r':
	case KEY_ENTER:
		t->sort = u->sort_pos;
		t->ascending = !t->v->columns[t->sort].desc;
		u->mode = IN_NORMAL;
		return H_HANDLED | H_REBUILD;
	case KEY_ESC:
	case KEY_F(6):
	case 'q':
		u->mode = IN_NORMAL;
		return H_HANDLED | H_REDRAW;
	}
	return H_HANDLED;
}

static int key_page(ui *u, int ch)
{
	int rows = LINES - 2;
	int max = u->nlines - rows;
	if (max < 0)
		max = 0;
	switch (ch) {
	case KEY_ESC:
	case 'q':
	case KEY_F(10):
	case KEY_F(1):
	case 'h':
		ui_page_close(u);
		return H_HANDLED | H_REDRAW;
	case KEY_UP:
		u->page_scroll--;
		break;
	case KEY_DOWN:
		u->page_scroll++;
		break;
	case KEY_PPAGE:
		u->page_scroll -= rows;
		break;
	case KEY_NPAGE:
	case ' ':
		u->page_scroll += rows;
		break;
	case KEY_HOME:
		u->page_scroll = 0;
		break;
	case KEY_END:
		u->page_scroll = max;
		break;
	case KEY_F(5):
	case 'r':
		ui_page_refresh(u);
		break;
	case 'w':
	case KEY_F(7):
		if (u->page != PAGE_HELP) {
			u->page = PAGE_WHY;
			ui_page_refresh(u);
		}
		break;
	case 'e':
	case KEY_F(8):
		if (u->page != PAGE_HELP) {
			u->page = PAGE_EVENTS;
			ui_page_refresh(u);
		}
		break;
	default:
		return H_HANDLED;
	}
	if (u->page_scroll > max)
		u->page_scroll = max;
	if (u->page_scroll < 0)
		u->page_scroll = 0;
	return H_HANDLED | H_REDRAW;
}

static int key_move(ui *u, int ch)
{
	table *t = tab(u);
	int rows = u->table_rows > 0 ? u->table_rows : 10;
	switch (ch) {
	case KEY_UP:
		return select_pos(u, t->selected - 1);
	case KEY_DOWN:
		return select_pos(u, t->selected + 1);
	case KEY_PPAGE:
		return select_pos(u, t->selected - rows);
	case KEY_NPAGE:
		return select_pos(u, t->selected + rows);
	case KEY_HOME:
		return select_pos(u, 0);
	case KEY_END:
		return select_pos(u, t->norder - 1);
	case KEY_LEFT:
		u->hscroll = u->hscroll > 8 ? u->hscroll - 8 : 0;
		return H_HANDLED | H_REDRAW;
	case KEY_RIGHT:
		if (u->hscroll + COLS < table_line_width(t) + 8)
			u->hscroll += 8;
		return H_HANDLED | H_REDRAW;
	}
	return 0;
}

/* ---- mouse ---------------------------------------------------------------------- */

static int key_mouse(ui *u)
{
	MEVENT ev;
	if (getmouse(&ev) != OK || u->too_small)
		return H_HANDLED;
	int press = ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED);
	if (ev.bstate & BUTTON4_PRESSED)
		return u->mode == IN_PAGE ? key_page(u, KEY_UP) : select_pos(u, tab(u)->selected - 3);
#ifdef BUTTON5_PRESSED
	if (ev.bstate & BUTTON5_PRESSED)
		return u->mode == IN_PAGE ? key_page(u, KEY_DOWN) : select_pos(u, tab(u)->selected + 3);
#endif
	if (!press)
		return H_HANDLED;
	/* The function bar, in every mode. */
	if (ev.y == LINES - 1 && u->mode != IN_SEARCH && u->mode != IN_FILTER && u->mode != IN_JUMP) {
		if (u->mode == IN_PAGE)
			return key_page(u, KEY_ESC);
		for (int k = 0; k < 10; k++)
			if (ev.x >= u->fkey_x[k] && ev.x < u->fkey_x[k + 1])
				return ui_key(u, KEY_F(k + 1));
		return H_HANDLED;
	}
	if (u->mode == IN_PAGE)
		return H_HANDLED;
	table *t = tab(u);
	if (u->mode == IN_SORT) {
		int i = ev.y - u->sort_box_y - 1;
		if (ev.x >= u->sort_box_x && ev.x < u->sort_box_x + u->sort_box_w && i >= 0 && i < t->v->ncolumns) {
			u->sort_pos = i;
			return key_sort(u, '\n');
		}
		u->mode = IN_NORMAL;
		return H_HANDLED | H_REDRAW;
	}
	if (ev.y == UI_HEADER_LINES) {
		for (int v = 0; v < VIEW_N; v++)
			if (ev.x >= u->tab_x[v] && ev.x < u->tab_x[v + 1])
				return act_view(u, '1' + v);
		return H_HANDLED;
	}
	if (ev.y == u->table_top - 1) {
		for (int i = 0; i < t->ncols; i++)
			if (ev.x >= u->col_x[i] && ev.x < u->col_x[i + 1]) {
				table_sort_by(t, t->cols[i]);
				return H_HANDLED | H_REBUILD;
			}
		return H_HANDLED;
	}
	if (ev.y >= u->table_top && ev.y < u->table_top + u->table_rows) {
		int pos = t->scroll + ev.y - u->table_top;
		if (pos < t->norder) {
			select_pos(u, pos);
			if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
				return act_why(u, 'w');
		}
		return H_HANDLED | H_REDRAW;
	}
	return H_HANDLED;
}

/* ---- dispatch ---------------------------------------------------------------------- */

int ui_key(ui *u, int ch)
{
	if (ch == KEY_MOUSE)
		return key_mouse(u);
	if (ch == KEY_RESIZE)
		return H_HANDLED | H_REDRAW;
	switch (u->mode) {
	case IN_SEARCH:
		return key_search(u, ch);
	case IN_FILTER:
		return key_filter(u, ch);
	case IN_JUMP:
		return key_jump(u, ch);
	case IN_SORT:
		return key_sort(u, ch);
	case IN_PAGE:
		return key_page(u, ch);
	}
	if (u->too_small && ch != 'q' && ch != KEY_F(10) && ch != 'Q')
		return H_HANDLED;
	int r = key_move(u, ch);
	if (r)
		return r;
	if (ch == KEY_ESC) {
		u->msg[0] = 0;
		return H_HANDLED | H_REDRAW;
	}
	for (int i = 0; i < nactions; i++)
		for (int k = 0; k < 8 && actions[i].codes[k]; k++)
			if (actions[i].codes[k] == ch)
				return actions[i].fn(u, ch);
	return 0;
}

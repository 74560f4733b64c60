/*
 * The interactive screen: htop's layout (meters and phrases above, a tab
 * line, the table, the function bar below), drawn from the session's frame.
 */
#include <curses.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "format.h"
#include "header.h"
#include "ui.h"

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

/* ---- colours ------------------------------------------------------------------ */

typedef struct style_spec {
	short fg, bg;                 /* -1: the terminal's default */
	attr_t extra;                 /* added to the colour pair */
	attr_t mono;                  /* on a terminal without colours */
} style_spec;

#define GREY (-2)                     /* bright black where there are 16 colours, else bold black */

static const style_spec specs[UI_N] = {
	[STY_NORMAL] = { -1, -1, 0, A_NORMAL },
	[STY_DIM] = { GREY, -1, 0, A_DIM },
	[STY_GOOD] = { COLOR_GREEN, -1, 0, A_NORMAL },
	[STY_WARN] = { COLOR_YELLOW, -1, 0, A_BOLD },
	[STY_BAD] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[STY_INFO] = { COLOR_CYAN, -1, 0, A_NORMAL },
	[STY_BOLD] = { -1, -1, A_BOLD, A_BOLD },
	[UI_HEADER] = { COLOR_BLACK, COLOR_GREEN, 0, A_REVERSE },
	[UI_SORTCOL] = { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE | A_BOLD | A_UNDERLINE },
	[UI_SELECTED] = { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE },
	[UI_STUCK] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[UI_DEADLOCK] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_BOLD | A_UNDERLINE },
	[UI_FKEY] = { -1, -1, 0, A_NORMAL },
	[UI_FLABEL] = { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE },
	[UI_TAB] = { -1, -1, 0, A_NORMAL },
	[UI_TAB_ACTIVE] = { COLOR_BLACK, COLOR_GREEN, A_BOLD, A_REVERSE | A_BOLD },
	[UI_LABEL] = { COLOR_CYAN, -1, 0, A_NORMAL },
	[UI_METER_BRACKET] = { -1, -1, A_BOLD, A_BOLD },
	[UI_METER_USER] = { COLOR_GREEN, -1, 0, A_NORMAL },
	[UI_METER_SYS] = { COLOR_RED, -1, 0, A_NORMAL },
	[UI_METER_IPC] = { COLOR_CYAN, -1, 0, A_NORMAL },
	[UI_METER_TEXT] = { GREY, -1, 0, A_DIM },
	[UI_ERROR] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD },
	[UI_LIVE] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[UI_REPLAY] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[UI_PAUSED] = { COLOR_BLACK, COLOR_YELLOW, 0, A_REVERSE },
	[UI_PROMPT] = { -1, -1, 0, A_NORMAL },
	[UI_PROMPT_FAIL] = { COLOR_WHITE, COLOR_RED, 0, A_REVERSE },
	[UI_TITLE] = { COLOR_BLACK, COLOR_GREEN, 0, A_REVERSE },
};

static void colors_init(ui *u)
{
	u->color = u->color && has_colors();
	if (u->color) {
		start_color();
		use_default_colors();
	}
	for (int i = 0; i < UI_N; i++) {
		const style_spec *s = &specs[i];
		if (!u->color) {
			u->attr[i] = (int)s->mono;
			continue;
		}
		short fg = s->fg;
		attr_t extra = s->extra;
		if (fg == GREY) {
			fg = COLORS >= 16 ? 8 : COLOR_BLACK;
			if (COLORS < 16)
				extra |= A_BOLD;
		}
		if (i + 1 < COLOR_PAIRS && init_pair((short)(i + 1), fg, s->bg) == OK)
			u->attr[i] = (int)(COLOR_PAIR(i + 1) | extra);
		else
			u->attr[i] = (int)s->mono;
	}
}

/* ---- drawing helpers --------------------------------------------------------- */

/*
 * Draw s at column x of line y in attr, showing only what falls in
 * columns [x0, x1) (x may be left of x0: the start is cut).  Returns the
 * column after the text.
 */
static int put(int y, int x, int x0, int x1, const char *s, int attr)
{
	int w = fmt_width(s);
	int end = x + w;
	if (x < x0) {
		s = fmt_skip(s, x0 - x);
		x = x0;
	}
	if (x >= x1 || !*s)
		return end;
	char buf[4096];
	size_t n = fmt_bytes(s, x1 - x);
	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memcpy(buf, s, n);
	buf[n] = 0;
	attrset(attr);
	mvaddstr(y, x, buf);
	return end;
}

static void fill(int y, int attr)
{
	attrset(attr);
	mvhline(y, 0, ' ', COLS);
}

/* "Label: value" with the label in the label colour. */
static void phrase(ui *u, int y, int x, int x1, const char *s, int value_attr)
{
	const char *colon = strchr(s, ':');
	if (!colon) {
		put(y, x, x, x1, s, value_attr);
		return;
	}
	char label[64];
	size_t n = (size_t)(colon - s + 1);
	if (n >= sizeof(label))
		n = sizeof(label) - 1;
	memcpy(label, s, n);
	label[n] = 0;
	x = put(y, x, x, x1, label, u->attr[UI_LABEL]);
	put(y, x, x, x1, colon + 1, value_attr);
}

/* An htop bar meter: LBL[|||||||||      text] with two coloured segments. */
static void meter(ui *u, int y, int x, int w, const char *label, double v1, double v2, double max, const char *text,
		  int a1, int a2)
{
	int bw = w - 5;
	if (bw < 4)
		return;
	put(y, x, x, x + 3, label, u->attr[UI_LABEL]);
	put(y, x + 3, 0, COLS, "[", u->attr[UI_METER_BRACKET]);
	put(y, x + 4 + bw, 0, COLS, "]", u->attr[UI_METER_BRACKET]);
	int n1 = 0, n2 = 0;
	if (max > 0) {
		n1 = (int)lround((v1 > 0 ? v1 : 0) / max * bw);
		n2 = (int)lround((v1 + (v2 > 0 ? v2 : 0)) / max * bw) - n1;
	}
	if (n1 > bw)
		n1 = bw;
	if (n1 + n2 > bw)
		n2 = bw - n1;
	int tw = (int)strlen(text);
	if (tw > bw)
		tw = bw;
	for (int i = 0; i < bw; i++) {
		int ti = i - (bw - tw);
		char c = ti >= 0 ? text[ti] : ' ';
		int attr = ti >= 0 ? u->attr[UI_METER_TEXT] : u->attr[STY_NORMAL];
		if (i < n1 + n2) {
			attr = i < n1 ? u->attr[a1] : u->attr[a2];
			if (ti < 0)
				c = (i >= n1 && !u->color) ? '#' : '|';
		}
		char s[2] = { c, 0 };
		put(y, x + 4 + i, 0, COLS, s, attr);
	}
}

/* ---- the parts of the screen ------------------------------------------------- */

static void draw_header(ui *u)
{
	app *a = u->a;
	const frame *f = &a->f;
	int half = COLS / 2;
	int lw = half - 1, rx = half + 1;
	char t[64], line[1024], mode[48];
	if (!a->have_frame) {
		snprintf(line, sizeof(line), "mxtop: %s, boot %lld", a->opt.db, query_boot(a->q)->id);
		phrase(u, 0, 1, COLS, line, u->attr[STY_BOLD]);
		return;
	}
	double cpu = f->cpu_user >= 0 ? f->cpu_user + f->cpu_sys : -1;
	fmt_pct(t, sizeof(t), cpu);
	if (cpu >= 0)
		strcat(t, "%");
	meter(u, 0, 1, lw, "CPU", f->cpu_user, f->cpu_sys, 100, t, UI_METER_USER, UI_METER_SYS);
	if (f->mem_total > 0) {
		char used[16], total[16];
		fmt_size(used, sizeof(used), (double)(f->mem_total - f->mem_free));
		fmt_size(total, sizeof(total), (double)f->mem_total);
		snprintf(t, sizeof(t), "%s/%s", used, total);
	} else
		snprintf(t, sizeof(t), "not recorded");
	meter(u, 1, 1, lw, "Mem", (double)(f->mem_total - f->mem_free), 0, f->mem_total > 0 ? (double)f->mem_total : 1, t,
	      UI_METER_USER, UI_METER_USER);
	fmt_rate(t, sizeof(t), f->rates ? f->ipc_rate : -1);
	strcat(t, " msg/s");
	meter(u, 2, 1, lw, "IPC", f->ipc_rate, 0, a->ipc_peak > 0 ? a->ipc_peak : 1, t, UI_METER_IPC, UI_METER_IPC);
	fmt_rate(t, sizeof(t), f->trace_rate);
	strcat(t, " rec/s");
	meter(u, 3, 1, lw, "Trc", f->trace_rate, 0, a->trace_peak > 0 ? a->trace_peak : 1, t, UI_METER_IPC,
	      UI_METER_IPC);
	snprintf(t, sizeof(t), "#%lld %d/%d", f->cur.id, f->index + 1, query_nsnaps(a->q));
	meter(u, 4, 1, lw, "Run", f->index + 1, 0, query_nsnaps(a->q), t, UI_METER_BRACKET, UI_METER_BRACKET);

	hdr_tasks(f, line, sizeof(line));
	phrase(u, 0, rx, COLS, line, u->attr[f->nstuck || f->ndeadlocked ? UI_STUCK : STY_BOLD]);
	hdr_deadlock(f, line, sizeof(line));
	phrase(u, 1, rx, COLS, line, f->ncycles ? u->attr[UI_ERROR] : u->attr[STY_BOLD]);
	hdr_uptime(f, line, sizeof(line));
	int x = rx;
	phrase(u, 2, x, COLS, line, u->attr[STY_BOLD]);
	x += fmt_width(line) + 2;
	hdr_trace(f, line, sizeof(line));
	phrase(u, 2, x, COLS, line, u->attr[f->lost > 0 ? STY_BAD : STY_BOLD]);
	hdr_load(f, line, sizeof(line));
	phrase(u, 3, rx, COLS, line, u->attr[STY_BOLD]);
	hdr_mode(a, mode, sizeof(mode));
	x = put(4, rx, rx, COLS, mode, u->attr[a->paused ? UI_PAUSED : a->live ? UI_LIVE : UI_REPLAY]);
	hdr_cursor(a, line, sizeof(line));
	x = put(4, x + 1, rx, COLS, line, u->attr[STY_NORMAL]);
	hdr_rates(f, line, sizeof(line));
	put(4, x + 2, rx, COLS, line, u->attr[STY_DIM]);
}

static void draw_tabs(ui *u)
{
	app *a = u->a;
	int y = UI_HEADER_LINES, x = 1;
	char s[48];
	for (int v = 0; v < VIEW_N; v++) {
		u->tab_x[v] = x;
		snprintf(s, sizeof(s), " %d %s ", v + 1, views[v]->title);
		x = put(y, x, 0, COLS, s, u->attr[v == a->view ? UI_TAB_ACTIVE : UI_TAB]) + 1;
	}
	u->tab_x[VIEW_N] = x;
	char info[320];
	table *t = app_table(a);
	if (u->msg[0] && ui_now() < u->msg_until)
		snprintf(info, sizeof(info), "%s", u->msg);
	else {
		u->msg[0] = 0;
		if (t->filter[0])
			snprintf(info, sizeof(info), "filter \"%s\": %d of %d", t->filter, t->norder, t->total);
		else
			snprintf(info, sizeof(info), "%d rows%s", t->norder, t->tree && t->v->parent ? ", tree" : "");
	}
	int w = fmt_width(info);
	int ix = COLS - w - 1;
	if (ix < x + 1)
		ix = x + 1;
	put(y, ix, 0, COLS, info, u->attr[u->msg[0] && u->msg_err ? UI_ERROR : STY_DIM]);
}

static void draw_table(ui *u)
{
	app *a = u->a;
	table *t = app_table(a);
	const frame *f = &a->f;
	int hy = UI_HEADER_LINES + 1;
	u->table_top = hy + 1;
	u->table_rows = LINES - 1 - u->table_top;
	int total = COLS - 2;         /* the mark column and its space */
	char cell[512], fit[2048];

	/* Column titles, and where each column starts (for the mouse). */
	fill(hy, u->attr[UI_HEADER]);
	int x = 2 - u->hscroll;
	for (int i = 0; i < t->ncols; i++) {
		const column *c = &t->v->columns[t->cols[i]];
		int w = table_col_width(t, i, total);
		u->col_x[i] = x < 0 ? 0 : x;
		fmt_fit(fit, sizeof(fit), c->title, w, c->right);
		put(hy, x, 2, COLS, fit, u->attr[t->cols[i] == t->sort ? UI_SORTCOL : UI_HEADER]);
		x += w + 1;
	}
	u->col_x[t->ncols] = x < COLS ? x : COLS;

	if (!a->have_frame)
		return;
	if (t->norder == 0) {
		if (t->total && t->filter[0])
			snprintf(cell, sizeof(cell), "no row matches the filter \"%s\" (F4, Esc clears it)", t->filter);
		else
			snprintf(cell, sizeof(cell), "%s", t->v->empty);
		put(u->table_top + 1, 3, 0, COLS, cell, u->attr[STY_DIM]);
		return;
	}
	/* Keep the selection in sight. */
	if (t->selected < t->scroll)
		t->scroll = t->selected;
	if (t->selected >= t->scroll + u->table_rows)
		t->scroll = t->selected - u->table_rows + 1;
	if (t->scroll > t->norder - u->table_rows)
		t->scroll = t->norder - u->table_rows;
	if (t->scroll < 0)
		t->scroll = 0;

	app_prepare(a, t->scroll, u->table_rows);
	for (int r = 0; r < u->table_rows; r++) {
		int pos = t->scroll + r, y = u->table_top + r;
		if (pos >= t->norder)
			break;
		unsigned fl = t->v->flags(table_row_at(t, f, pos));
		int row_attr = pos == t->selected ? u->attr[UI_SELECTED]
			       : (fl & ROW_DEADLOCK) ? u->attr[UI_DEADLOCK]
			       : (fl & ROW_STUCK) ? u->attr[UI_STUCK] : -1;
		if (row_attr >= 0)
			fill(y, row_attr);
		char mark[2] = { table_mark(t, f, pos), 0 };
		put(y, 0, 0, COLS, mark, row_attr >= 0 ? row_attr : u->attr[(fl & ROW_DEADLOCK) ? UI_DEADLOCK : UI_STUCK]);
		x = 2 - u->hscroll;
		for (int i = 0; i < t->ncols; i++) {
			const column *c = &t->v->columns[t->cols[i]];
			int w = table_col_width(t, i, total), sty = STY_NORMAL;
			table_cell(t, f, pos, i, cell, sizeof(cell), &sty);
			fmt_fit(fit, sizeof(fit), cell, w, c->right);
			put(y, x, 2, COLS, fit, row_attr >= 0 ? row_attr : u->attr[sty]);
			x += w + 1;
		}
	}
}

static void draw_sort_menu(ui *u)
{
	table *t = app_table(u->a);
	int n = t->v->ncolumns, w = 14;
	for (int i = 0; i < n; i++)
		if ((int)strlen(t->v->columns[i].title) + 4 > w)
			w = (int)strlen(t->v->columns[i].title) + 4;
	int y0 = u->table_top - 1, x0 = 0;
	int h = n + 2;
	if (y0 + h > LINES - 1)
		h = LINES - 1 - y0;
	u->sort_box_y = y0;
	u->sort_box_x = x0;
	u->sort_box_w = w;
	char s[64];
	snprintf(s, sizeof(s), "%-*s", w, " Sort by");
	put(y0, x0, 0, COLS, s, u->attr[UI_HEADER]);
	for (int i = 0; i < n && i + 1 < h; i++) {
		snprintf(s, sizeof(s), " %c %-*s", i == t->sort ? '*' : ' ', w - 3, t->v->columns[i].title);
		put(y0 + 1 + i, x0, 0, COLS, s, u->attr[i == u->sort_pos ? UI_SELECTED : STY_NORMAL]);
	}
}

/* The function bar: F1Help F2View ... */
static void draw_fkeys(ui *u)
{
	int y = LINES - 1, x = 0;
	char k[8], l[16];
	fill(y, u->attr[UI_FLABEL]);
	for (int n = 1; n <= 10; n++) {
		u->fkey_x[n - 1] = x;
		snprintf(k, sizeof(k), "F%d", n);
		snprintf(l, sizeof(l), "%-6s", ui_fkey_label(n));
		x = put(y, x, 0, COLS, k, u->attr[UI_FKEY]);
		x = put(y, x, 0, COLS, l, u->attr[UI_FLABEL]);
	}
	u->fkey_x[10] = x;
}

/* A prompt on the bottom line; the cursor waits at its end. */
static void draw_prompt(ui *u)
{
	int y = LINES - 1;
	const char *label, *hint;
	switch (u->mode) {
	case IN_SEARCH:
		label = "Search: ";
		hint = "Enter Done  Esc Done  F3 Next  ";
		break;
	case IN_FILTER:
		label = "Filter: ";
		hint = "Enter Done  Esc Clear  ";
		break;
	default:
		label = "Jump to (#SNAPSHOT, SECONDS, +S, -S, start, end): ";
		hint = "Enter Go  Esc Cancel  ";
		break;
	}
	fill(y, u->attr[UI_PROMPT]);
	int x = put(y, 0, 0, COLS, hint, u->attr[UI_FLABEL]);
	x = put(y, x + 1, 0, COLS, label, u->attr[UI_LABEL]);
	int end = put(y, x, 0, COLS, u->input, u->attr[u->input_fail ? UI_PROMPT_FAIL : UI_PROMPT]);
	if (u->input_fail)
		put(y, end + 2, 0, COLS, "not found", u->attr[STY_BAD]);
	move(y, end < COLS - 1 ? end : COLS - 1);
	curs_set(1);
}

static void draw_page(ui *u)
{
	int rows = LINES - 2;
	fill(0, u->attr[UI_TITLE]);
	put(0, 1, 0, COLS, u->page_title, u->attr[UI_TITLE]);
	if (u->nlines > rows) {
		char s[48];
		snprintf(s, sizeof(s), "%d-%d/%d", u->page_scroll + 1,
			 u->page_scroll + rows < u->nlines ? u->page_scroll + rows : u->nlines, u->nlines);
		put(0, COLS - (int)strlen(s) - 1, 0, COLS, s, u->attr[UI_TITLE]);
	}
	for (int r = 0; r < rows && u->page_scroll + r < u->nlines; r++) {
		const char *l = u->lines[u->page_scroll + r];
		int attr = u->attr[STY_NORMAL];
		if (!strncmp(l, "verdict: deadlock", 17))
			attr = u->attr[UI_ERROR];
		else if (!strncmp(l, "verdict:", 8))
			attr = u->attr[UI_STUCK];
		else if (l[0] && l[0] != ' ' && u->page == PAGE_HELP)
			attr = u->attr[STY_BOLD];
		put(1 + r, 0, 0, COLS, l, attr);
	}
	int y = LINES - 1, x = 0;
	fill(y, u->attr[UI_FLABEL]);
	static const char *const keys[][2] = {
		{ "Esc", "Done  " }, { "Up/Dn", "Scroll  " }, { "PgUp/PgDn", "Page  " }, { "F5", "Refresh  " },
		{ "w", "Why  " }, { "e", "IPC  " },
	};
	int nk = u->page == PAGE_HELP ? 3 : 6;
	for (int i = 0; i < nk; i++) {
		x = put(y, x, 0, COLS, keys[i][0], u->attr[UI_FKEY]);
		x = put(y, x, 0, COLS, keys[i][1], u->attr[UI_FLABEL]);
	}
}

static void draw_too_small(ui *u)
{
	char l1[64], l2[64];
	snprintf(l1, sizeof(l1), "mxtop: terminal too small (%dx%d)", COLS, LINES);
	snprintf(l2, sizeof(l2), "needs at least %dx%d; q quits", UI_MIN_COLS, UI_MIN_LINES);
	const char *lines[] = { l1, l2 };
	int y0 = LINES / 2 - 1 > 0 ? LINES / 2 - 1 : 0;
	for (int i = 0; i < 2 && y0 + i < LINES; i++) {
		int w = (int)strlen(lines[i]);
		int x = w < COLS ? (COLS - w) / 2 : 0;
		put(y0 + i, x, 0, COLS, lines[i], u->attr[STY_BOLD]);
	}
}

static void draw(ui *u)
{
	erase();
	curs_set(0);
	u->too_small = COLS < UI_MIN_COLS || LINES < UI_MIN_LINES;
	if (u->too_small) {
		draw_too_small(u);
		refresh();
		return;
	}
	if (u->mode == IN_PAGE) {
		draw_page(u);
		refresh();
		return;
	}
	draw_header(u);
	draw_tabs(u);
	draw_table(u);
	if (!u->a->have_frame) {
		char s[320];
		snprintf(s, sizeof(s), "%s", u->msg[0] ? u->msg : "waiting for the first snapshot");
		put(u->table_top + 1, 3, 0, COLS, s, u->attr[STY_DIM]);
	}
	if (u->mode == IN_SORT)
		draw_sort_menu(u);
	if (u->mode == IN_SEARCH || u->mode == IN_FILTER || u->mode == IN_JUMP)
		draw_prompt(u);
	else
		draw_fkeys(u);
	refresh();
}

/* ---- the loop ------------------------------------------------------------------ */

static void after(ui *u, int flags)
{
	app *a = u->a;
	char err[256];
	if (flags & H_RELOAD) {
		int r = a->paused ? app_load(a, err, sizeof(err)) : app_tick(a, 0, err, sizeof(err));
		if (r < 0)
			ui_message(u, 1, "%s", err);
		else if (r == 0 && !a->paused && a->have_frame)
			app_rebuild(a);
	} else if ((flags & H_REBUILD) && a->have_frame)
		app_rebuild(a);
}

int screen_run(app *a)
{
	ui u;
	memset(&u, 0, sizeof(u));
	u.a = a;
	u.color = a->opt.color && !getenv("NO_COLOR");
	u.mouse = a->opt.mouse;

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		fprintf(stderr, "mxtop: cannot drive this terminal (TERM=%s); use --once for text\n",
			getenv("TERM") ? getenv("TERM") : "unset");
		return 1;
	}
	set_term(scr);
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	colors_init(&u);
	if (u.mouse) {
		mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
			  | BUTTON5_PRESSED
#endif
			  , NULL);
		mouseinterval(0);
	}

	char err[256];
	if (app_tick(a, 0, err, sizeof(err)) < 0)
		ui_message(&u, 1, "%s", err);
	double last = ui_now();
	while (!got_signal) {
		draw(&u);
		double period = a->opt.delay / 10.0, now = ui_now();
		int wait = (int)((last + period - now) * 1000);
		timeout(wait < 10 ? 10 : wait);
		int ch = getch();
		if (got_signal)
			break;
		if (ch == ERR) {
			now = ui_now();
			if (now >= last + period) {
				int r = app_tick(a, now - last, err, sizeof(err));
				if (r < 0)
					ui_message(&u, 1, "%s", err);
				else if (r > 0 && u.msg_err)
					u.msg[0] = 0;         /* the trouble is over */
				last = now;
			}
			continue;
		}
		int flags = ui_key(&u, ch);
		if (flags & H_QUIT)
			break;
		after(&u, flags);
	}
	ui_page_close(&u);
	endwin();
	delscreen(scr);
	return 0;
}

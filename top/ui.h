/*
 * The interactive screen (ncurses): state shared by the drawing code
 * (screen.c) and the key and mouse actions (actions.c).
 */
#ifndef MXTOP_UI_H
#define MXTOP_UI_H

#include "app.h"

/* What an action did; the screen loop tests the bits (htop's handler results). */
enum {
	H_HANDLED = 0x01,
	H_REDRAW  = 0x02,
	H_REBUILD = 0x04,             /* re-filter and re-sort the table */
	H_RELOAD  = 0x08,             /* read the frame at the cursor again */
	H_QUIT    = 0x10,
};

/* Input modes. */
enum { IN_NORMAL, IN_SEARCH, IN_FILTER, IN_JUMP, IN_SORT, IN_PAGE };

/* Pages that replace the table: help, wait chain, recent IPC. */
enum { PAGE_HELP, PAGE_WHY, PAGE_EVENTS };

/* Screen styles (besides the cell styles STY_* of view.h). */
enum {
	UI_HEADER = 16, UI_SORTCOL, UI_SELECTED, UI_STUCK, UI_DEADLOCK, UI_FKEY, UI_FLABEL, UI_TAB, UI_TAB_ACTIVE,
	UI_LABEL, UI_METER_BRACKET, UI_METER_USER, UI_METER_SYS, UI_METER_IPC, UI_METER_TEXT, UI_ERROR, UI_LIVE,
	UI_REPLAY, UI_PAUSED, UI_PROMPT, UI_PROMPT_FAIL, UI_TITLE, UI_N
};

#define UI_MIN_COLS 60
#define UI_MIN_LINES 13
#define UI_HEADER_LINES 5

typedef struct ui {
	app *a;
	int mode;                     /* IN_* */
	char input[64];               /* search, filter or jump text being typed */
	int input_fail;               /* search found nothing */
	int sort_pos;                 /* sort menu: highlighted column */
	int page;                     /* PAGE_* */
	char page_title[160];
	char **lines;                 /* page text */
	int nlines, page_scroll;
	mx_endpoint_t page_ep;
	int hscroll;
	char msg[256];                /* status message, shown on the tab line */
	int msg_err;
	double msg_until;
	int color, mouse;
	int attr[UI_N];
	/* layout of the last draw, for the mouse */
	int too_small;
	int table_top, table_rows;    /* first row line, rows shown */
	int tab_x[VIEW_N + 1];
	int fkey_x[11];               /* F1..F10 start columns; [10] the end */
	int col_x[32 + 1];            /* visible columns' start columns (with hscroll) */
	int sort_box_y, sort_box_x, sort_box_w;
} ui;

/* A key or mouse event: H_* bits. */
int ui_key(ui *u, int ch);
/* Status line message (error: in red). */
void ui_message(ui *u, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Open a page with text (takes a copy), or close it. */
void ui_page_open(ui *u, int page, const char *title, const char *text);
void ui_page_close(ui *u);
/* Fill the page for its kind (help, wait chain or recent IPC of u->page_ep). */
void ui_page_refresh(ui *u);
double ui_now(void);
/* The function bar's label of F-key n (1..10). */
const char *ui_fkey_label(int n);
/* Run the screen until the user quits; the exit status. */
int screen_run(app *a);

#endif

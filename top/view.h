/*
 * Views: what mxtop can show, each a table of rows from a frame.
 *
 * A view is data: a constant view_class with a column table.  Each column
 * names the row field it shows (offset and kind), so displaying, sorting,
 * filtering and --once printing are written once for every view; a column
 * with an unusual rendering supplies its own show function.  Column names
 * (the "name" key) are what --sort and --columns accept.
 */
#ifndef MXTOP_VIEW_H
#define MXTOP_VIEW_H

#include <stddef.h>
#include <stdint.h>
#include "query.h"

/* Cell styles: what a cell means; the screen maps them to colours. */
enum {
	STY_NORMAL,
	STY_DIM,                      /* nothing happening: zero, unknown, idle */
	STY_GOOD,                     /* running */
	STY_WARN,                     /* waiting on someone */
	STY_BAD,                      /* failed, lost */
	STY_INFO,                     /* names of peers, message types */
	STY_BOLD,                     /* large values */
	STY_N
};

/* How a column's field is read, compared and shown. */
enum {
	CK_INT,                       /* int, shown as is */
	CK_PRIO,                      /* int, -1 unknown */
	CK_COUNT,                     /* long long count, -1 unknown: 12.3k */
	CK_RATE,                      /* double per second, < 0 unknown */
	CK_PCT,                       /* double percent */
	CK_SECS,                      /* double seconds: a duration */
	CK_TICKS_D,                   /* double TSC ticks: a duration via the TSC rate */
	CK_TICKS_LL,                  /* long long TSC ticks, -1 unknown */
	CK_CPUTIME,                   /* double seconds as TIME+ */
	CK_EP,                        /* mx_endpoint_t as slot/gen */
	CK_EPNAME,                    /* mx_endpoint_t as the process's name */
	CK_MSGTYPE,                   /* int message type by name */
	CK_KCALL,                     /* int kernel call by name */
	CK_STR,                       /* char array */
	CK_CUSTOM,                    /* show() */
};

typedef struct column {
	const char *name;             /* key: "cpu" */
	const char *title;            /* header: "CPU%" */
	const char *help;             /* one line for the help screen */
	short width;                  /* display columns (the flexible column's minimum) */
	unsigned char right;          /* right-aligned */
	unsigned char flex;           /* takes the width left over; holds the tree */
	unsigned char text;           /* matched by the filter (when shown) */
	unsigned char find;           /* matched by the search: the row's name */
	unsigned char desc;           /* biggest first when chosen for sorting */
	unsigned char lazy;           /* read by the view's prepare(), for the rows shown */
	unsigned char kind;           /* CK_* */
	unsigned short off;           /* offsetof the field in the row */
	/* CK_CUSTOM: the text; key (optional): the number it sorts by. */
	void (*show)(const frame *f, const void *row, char *buf, size_t len);
	double (*key)(const frame *f, const void *row);
	/* Optional: the style of this cell. */
	int (*style)(const frame *f, const void *row);
} column;

typedef struct view_class {
	const char *name;             /* "processes"; also accepted: any unique prefix */
	const char *title;            /* tab: "Processes" */
	const char *about;            /* one line: what the rows are and where they come from */
	const column *columns;
	int ncolumns;
	const signed char *defaults;  /* visible columns by default, -1 terminated */
	int sort;                     /* default sort column */
	unsigned load;                /* LOAD_* it needs */
	const char *empty;            /* what an empty table says */
	/* The rows of this view in a frame: base, count and stride. */
	const void *(*rows)(const frame *f, int *n, size_t *stride);
	uint64_t (*id)(const void *row);                  /* identity across frames */
	unsigned (*flags)(const void *row);               /* ROW_* */
	/* Tree by parent: the parent's row index, -1 for a root.  NULL: no tree. */
	int (*parent)(const frame *f, const void *row);
	/* The process a row is about (wait chain, recent IPC); MX_NONE. */
	mx_endpoint_t (*ep)(const void *row);
	/*
	 * Optional: read what is too costly to read for every row (the lazy
	 * columns) for row i, once it is about to be shown.  -1 with err.
	 */
	int (*prepare)(query *q, frame *f, int i, char *err, size_t errlen);
} view_class;

enum { VIEW_PROCESSES, VIEW_IPC, VIEW_KCALLS, VIEW_LOCKS, VIEW_THREADS, VIEW_N };
extern const view_class *const views[VIEW_N];

/* The view named name (or a unique prefix of a name); NULL. */
const view_class *view_find(const char *name);
/* The column named name, or -1. */
int view_column(const view_class *v, const char *name);
/* The row at index i of a frame. */
const void *view_row(const view_class *v, const frame *f, int i);
int view_count(const view_class *v, const frame *f);

/* A cell's text and style. */
void view_cell(const view_class *v, const frame *f, const void *row, int col, char *buf, size_t len, int *style);
/*
 * The number a row sorts by in column col (unknown values lowest); 0 if
 * the column sorts by its text instead (names, message types).
 */
int view_sort_key(const view_class *v, const frame *f, const void *row, int col, double *key);
/* Compare two rows by a column: < 0, 0, > 0 in ascending order. */
int view_compare(const view_class *v, const frame *f, const void *a, const void *b, int col);

/* The state of a process as shown: "RUN", "SEND→vfs", "RECV←pm", "REPLY-WAIT←fs". */
void view_proc_state(const frame *f, const proc_row *p, char *buf, size_t len);

#endif

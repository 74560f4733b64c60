/*
 * A table: one view as the user arranged it (columns, sort, filter, tree)
 * and the rows of the current frame in display order, with the selection
 * kept on the same row (by identity) from frame to frame.
 */
#ifndef MXTOP_TABLE_H
#define MXTOP_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include "view.h"

#define TABLE_MAX_COLS 32
#define TABLE_MAX_DEPTH 64

typedef struct table_row {
	int row;                      /* index in the view's rows of the frame */
	short depth;                  /* tree depth, 0 for a root */
	uint64_t more;                /* tree: bit d set if the ancestor at depth d has later siblings */
} table_row;

typedef struct table {
	const view_class *v;
	int cols[TABLE_MAX_COLS];     /* visible columns, in order */
	int ncols;
	int sort;                     /* column the rows are sorted by */
	int ascending;
	int tree;
	char filter[64];
	/* the rows shown, after rebuild */
	table_row *order;
	int norder, cap;
	int total;                    /* rows in the frame before filtering */
	int selected;                 /* position in order, -1 if empty */
	uint64_t selected_id;
	int have_selected;
	int scroll;                   /* first position shown */
} table;

void table_init(table *t, const view_class *v);
void table_free(table *t);
/* Visible columns from a comma-separated list of names; -1 with err. */
int table_set_columns(table *t, const char *list, char *err, size_t errlen);
/* Sort by the column named name (a leading '-' reverses the order); -1 with err. */
int table_set_sort(table *t, const char *name, char *err, size_t errlen);
/* Sort by column c; choosing the current sort column again reverses the order. */
void table_sort_by(table *t, int c);
void table_set_filter(table *t, const char *text);

/* Filter, sort and (in tree mode) arrange the rows of f; keep the selection. */
void table_rebuild(table *t, const frame *f);
/* The row shown at position pos, or NULL. */
const void *table_row_at(const table *t, const frame *f, int pos);
/* Select position pos (clamped) and remember its identity. */
void table_select(table *t, const frame *f, int pos);
/*
 * The next position from start (inclusive) in direction dir (+1, -1) whose
 * name columns (process name; IPC source and destination; ...) contain
 * text; wraps around; -1 if none.
 */
int table_search(const table *t, const frame *f, const char *text, int start, int dir);
/* Does the row at pos match text in one of its visible text columns (the filter's test)? */
int table_matches(const table *t, const frame *f, int pos, const char *text);

/* The row's mark: '*' member of a deadlock, '!' stuck, ' ' otherwise. */
char table_mark(const table *t, const frame *f, int pos);

/* Width of visible column i given the total width (the flexible column takes the rest). */
int table_col_width(const table *t, int i, int total_width);
/* Natural width of a line (every column at its width, the flexible at its minimum). */
int table_line_width(const table *t);
/* A cell as shown at position pos: the tree prefix goes before the flexible column's text. */
void table_cell(const table *t, const frame *f, int pos, int i, char *buf, size_t len, int *style);
/*
 * A whole line, fitted to width display columns (0: natural, with the
 * flexible column as wide as its text): the header when pos < 0.
 */
char *table_line(const table *t, const frame *f, int pos, int width, char *buf, size_t len);

#endif

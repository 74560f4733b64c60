/*
 * A viewing session: the database, the frame shown, a table per view and
 * the time cursor (live: the newest snapshot; replay: a chosen one, moved
 * by steps, jumps and play).  No curses here: the screen and the --once
 * printer both drive a session.
 */
#ifndef MXTOP_APP_H
#define MXTOP_APP_H

#include "options.h"
#include "query.h"
#include "table.h"

typedef struct app {
	options opt;
	query *q;
	frame f;
	int have_frame;
	table tables[VIEW_N];
	int view;                     /* VIEW_* */
	int live;                     /* follow the newest snapshot */
	int cursor;                   /* time-line index of the snapshot shown */
	int paused;                   /* frozen: no re-reading, no play */
	int playing;
	double speed;
	double play_tsc;              /* play position in guest ticks */
	double ipc_peak, trace_peak;  /* meter scales */
} app;

/*
 * Open the database of a->opt and choose the boot, mode and cursor.  a->opt
 * must be set.  Returns 0, or -1 with a one-line message.
 */
int app_open(app *a, char *err, size_t errlen);
void app_close(app *a);

/* Read the frame at the cursor for the current view; -1 with err (the old frame stays). */
int app_load(app *a, char *err, size_t errlen);
/* Filter and sort the current table again (reading lazy columns first if it sorts by one). */
void app_rebuild(app *a);
/* Read the lazy columns of the rows shown at positions [first, first + n). */
void app_prepare(app *a, int first, int n);
/*
 * One refresh: in live mode follow new snapshots (and a newer boot), in
 * play mode advance the cursor by elapsed host seconds times the speed;
 * then load.  Returns 1 if a new frame was read, 0 if nothing changed,
 * -1 with err.
 */
int app_tick(app *a, double elapsed_s, char *err, size_t errlen);

/* Move the cursor by n snapshots (leaves live mode); returns the new index. */
int app_step(app *a, int n);
/*
 * Jump to WHEN: "#ID" (snapshot), "SECONDS" (guest time since boot),
 * "+S"/"-S" relative to the cursor, "start", "end".  -1 with err.
 */
int app_jump(app *a, const char *when, char *err, size_t errlen);
void app_go_live(app *a);
void app_set_view(app *a, int view);
table *app_table(app *a);
/* The guest time of a time-line index in seconds since boot, -1 if unknown. */
double app_snap_time(const app *a, int index);

#endif

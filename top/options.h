/* mxtop's command line. */
#ifndef MXTOP_OPTIONS_H
#define MXTOP_OPTIONS_H

#include <stdio.h>

enum { MODE_AUTO, MODE_LIVE, MODE_REPLAY };

typedef struct options {
	const char *db;
	int delay;                    /* refresh interval, tenths of a second */
	int mode;                     /* MODE_* */
	const char *at;               /* replay start: "#ID", "SECONDS", "start", "end" */
	long long boot;               /* 0: the newest */
	const char *view;
	const char *sort;
	const char *columns;
	const char *filter;
	int tree;
	double stuck_s;
	double window_s;              /* 0: the snapshot interval */
	double speed;                 /* replay play speed */
	int color;
	int mouse;
	int ascii;
	int once;
	const char *why;              /* --once: wait chain of a process */
	const char *events;           /* --once: recent IPC of a process */
	int nevents;
	int width;                    /* --once: line width, 0 for natural */
} options;

void options_defaults(options *o);
/*
 * Parse argv.  Returns 0 to run, 1 if --help or --version was printed to
 * out (exit 0), -1 with a one-line message in err (usage error, exit 2).
 */
int options_parse(options *o, int argc, char **argv, FILE *out, char *err, size_t errlen);
void options_usage(FILE *out);

#endif

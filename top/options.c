/* mxtop's command line: getopt_long over a table of options. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "options.h"
#include "view.h"

#define MXTOP_VERSION "1.0"

void options_defaults(options *o)
{
	memset(o, 0, sizeof(*o));
	o->delay = 10;
	o->mode = MODE_AUTO;
	o->stuck_s = 5.0;
	o->speed = 1.0;
	o->color = 1;
	o->mouse = 1;
	o->nevents = 40;
	o->view = "processes";
}

void options_usage(FILE *out)
{
	fprintf(out,
		"Usage: mxtop [OPTIONS] [--db] RUN.db\n"
		"\n"
		"An htop-like view of an MX run database: processes, IPC paths, kernel calls,\n"
		"locks and threads.  Follows a database mxtrace is still writing (live) or\n"
		"replays a finished run with a time cursor.\n"
		"\n"
		"Options:\n"
		"  --db FILE            the run database (or give it as the argument)\n"
		"  -d, --delay=TENTHS   refresh every TENTHS tenths of a second (default 10)\n"
		"      --live           follow the newest snapshot (default while the boot is recording)\n"
		"      --replay         replay with a time cursor (default for a finished boot)\n"
		"      --at=WHEN        start the replay at WHEN: #SNAPSHOT, SECONDS of guest time,\n"
		"                       'start' or 'end' (implies --replay)\n"
		"      --boot=N         show boot N (default: the newest)\n"
		"  -v, --view=VIEW      processes, ipc, kcalls, locks or threads (default processes)\n"
		"  -s, --sort=COLUMN    sort by COLUMN; a leading '-' reverses the order\n"
		"      --columns=LIST   comma-separated columns to show\n"
		"  -F, --filter=TEXT    show only rows whose names contain TEXT\n"
		"  -t, --tree           processes as a tree by parent\n"
		"      --stuck=SECONDS  blocked longer than this is stuck (default 5)\n"
		"      --window=SECONDS window of the IPC and kernel-call rates (default: the\n"
		"                       interval between the two latest snapshots)\n"
		"      --speed=X        replay play speed, guest seconds per second (default 1)\n"
		"  -C, --no-color       monochrome\n"
		"      --no-mouse       do not take the mouse\n"
		"      --ascii          ASCII arrows and tree lines even in a UTF-8 locale\n"
		"      --once           print one frame as plain text and exit\n"
		"      --why=PROC       with --once: the wait chain of PROC (name, slot/gen or #slot)\n"
		"      --events=PROC    with --once: the recent IPC of PROC\n"
		"  -n, --count=N        with --events: how many events (default 40)\n"
		"      --width=N        with --once: fit lines to N columns (default: natural width)\n"
		"  -h, --help           this help\n"
		"  -V, --version        the version\n"
		"\n"
		"Keys: F1/h help, 1-5 or Tab views, F3 or / search, F4 or \\ filter, F5 or t tree,\n"
		"F6 or < > sort column, I invert the order, w (F7) wait chain, e (F8) recent IPC,\n"
		"Z (F9) pause, [ ] step snapshots, { } ten snapshots, space play, + - speed,\n"
		"j jump to a time, L live, q (F10) quit.  The help screen (h) lists them all.\n"
		"\n"
		"Columns (for --sort and --columns):\n");
	for (int v = 0; v < VIEW_N; v++) {
		fprintf(out, "  %-10s", views[v]->name);
		for (int c = 0; c < views[v]->ncolumns; c++)
			fprintf(out, " %s", views[v]->columns[c].name);
		fprintf(out, "\n");
	}
	fprintf(out,
		"\n"
		"Exit status: 0 success, 1 the database could not be read, 2 usage error.\n");
}

enum { O_DB = 256, O_LIVE, O_REPLAY, O_AT, O_BOOT, O_COLUMNS, O_STUCK, O_WINDOW, O_SPEED, O_NOMOUSE,
       O_ASCII, O_ONCE, O_WHY, O_EVENTS, O_WIDTH };

static const struct option longopts[] = {
	{ "db", required_argument, NULL, O_DB },
	{ "delay", required_argument, NULL, 'd' },
	{ "live", no_argument, NULL, O_LIVE },
	{ "replay", no_argument, NULL, O_REPLAY },
	{ "at", required_argument, NULL, O_AT },
	{ "boot", required_argument, NULL, O_BOOT },
	{ "view", required_argument, NULL, 'v' },
	{ "sort", required_argument, NULL, 's' },
	{ "sort-key", required_argument, NULL, 's' },
	{ "columns", required_argument, NULL, O_COLUMNS },
	{ "filter", required_argument, NULL, 'F' },
	{ "tree", no_argument, NULL, 't' },
	{ "stuck", required_argument, NULL, O_STUCK },
	{ "window", required_argument, NULL, O_WINDOW },
	{ "speed", required_argument, NULL, O_SPEED },
	{ "no-color", no_argument, NULL, 'C' },
	{ "no-colour", no_argument, NULL, 'C' },
	{ "no-mouse", no_argument, NULL, O_NOMOUSE },
	{ "ascii", no_argument, NULL, O_ASCII },
	{ "once", no_argument, NULL, O_ONCE },
	{ "why", required_argument, NULL, O_WHY },
	{ "events", required_argument, NULL, O_EVENTS },
	{ "count", required_argument, NULL, 'n' },
	{ "width", required_argument, NULL, O_WIDTH },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static int number(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end || !(v >= lo && v <= hi))
		return -1;
	*out = v;
	return 0;
}

int options_parse(options *o, int argc, char **argv, FILE *out, char *err, size_t errlen)
{
	int c;
	double v;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:v:s:F:tCn:hV", longopts, NULL)) != -1) {
		switch (c) {
		case O_DB:
			o->db = optarg;
			break;
		case 'd':
			if (number(optarg, 1, 36000, &v)) {
				snprintf(err, errlen, "--delay wants tenths of a second from 1 to 36000, not '%s'", optarg);
				return -1;
			}
			o->delay = (int)v;
			break;
		case O_LIVE:
			o->mode = MODE_LIVE;
			break;
		case O_REPLAY:
			o->mode = MODE_REPLAY;
			break;
		case O_AT:
			o->at = optarg;
			o->mode = MODE_REPLAY;
			break;
		case O_BOOT:
			if (number(optarg, 1, 1e15, &v)) {
				snprintf(err, errlen, "--boot wants a boot number, not '%s'", optarg);
				return -1;
			}
			o->boot = (long long)v;
			break;
		case 'v':
			if (!view_find(optarg)) {
				snprintf(err, errlen, "no view '%s' (processes, ipc, kcalls, locks, threads)", optarg);
				return -1;
			}
			o->view = optarg;
			break;
		case 's':
			o->sort = optarg;
			break;
		case O_COLUMNS:
			o->columns = optarg;
			break;
		case 'F':
			o->filter = optarg;
			break;
		case 't':
			o->tree = 1;
			break;
		case O_STUCK:
			if (number(optarg, 0, 1e9, &o->stuck_s)) {
				snprintf(err, errlen, "--stuck wants seconds, not '%s'", optarg);
				return -1;
			}
			break;
		case O_WINDOW:
			if (number(optarg, 0, 1e9, &o->window_s)) {
				snprintf(err, errlen, "--window wants seconds, not '%s'", optarg);
				return -1;
			}
			break;
		case O_SPEED:
			if (number(optarg, 1e-3, 1e6, &o->speed)) {
				snprintf(err, errlen, "--speed wants a factor above 0, not '%s'", optarg);
				return -1;
			}
			break;
		case 'C':
			o->color = 0;
			break;
		case O_NOMOUSE:
			o->mouse = 0;
			break;
		case O_ASCII:
			o->ascii = 1;
			break;
		case O_ONCE:
			o->once = 1;
			break;
		case O_WHY:
			o->why = optarg;
			break;
		case O_EVENTS:
			o->events = optarg;
			break;
		case 'n':
			if (number(optarg, 1, 100000, &v)) {
				snprintf(err, errlen, "--count wants a number from 1 to 100000, not '%s'", optarg);
				return -1;
			}
			o->nevents = (int)v;
			break;
		case O_WIDTH:
			if (number(optarg, 20, 100000, &v)) {
				snprintf(err, errlen, "--width wants columns from 20, not '%s'", optarg);
				return -1;
			}
			o->width = (int)v;
			break;
		case 'h':
			options_usage(out);
			return 1;
		case 'V':
			fprintf(out, "mxtop %s\n", MXTOP_VERSION);
			return 1;
		case ':':
			snprintf(err, errlen, "option '%s' needs a value", argv[optind - 1]);
			return -1;
		default:
			snprintf(err, errlen, "unknown option '%s' (mxtop --help lists them)", argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc) {
		if (o->db || optind + 1 < argc) {
			snprintf(err, errlen, "one database only ('%s' is extra)", argv[o->db ? optind : optind + 1]);
			return -1;
		}
		o->db = argv[optind];
	}
	if (!o->db) {
		snprintf(err, errlen, "no database given (mxtop RUN.db; mxtop --help)");
		return -1;
	}
	if ((o->why || o->events) && !o->once) {
		snprintf(err, errlen, "--why and --events go with --once");
		return -1;
	}
	if (o->why && o->events) {
		snprintf(err, errlen, "--why or --events, not both");
		return -1;
	}
	return 0;
}

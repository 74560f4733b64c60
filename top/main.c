/*
 * mxtop: an htop-class view of MX processes, IPC and locks over a run
 * database, live or replayed.  See top/README.md and mxtop --help.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>
#include "details.h"
#include "format.h"
#include "text.h"
#include "ui.h"

/* --once: one frame, a wait chain or the recent IPC of a process, as text. */
static int run_once(app *a)
{
	char err[256];
	if (query_nsnaps(a->q) == 0) {
		fprintf(stderr, "mxtop: %s: no snapshot in boot %lld yet\n", a->opt.db, query_boot(a->q)->id);
		return 1;
	}
	if (app_load(a, err, sizeof(err)) < 0) {
		fprintf(stderr, "mxtop: %s: %s\n", a->opt.db, err);
		return 1;
	}
	if (!a->opt.why && !a->opt.events) {
		text_frame(stdout, a, a->opt.width);
		return 0;
	}
	const proc_row *p = details_find(&a->f, a->opt.why ? a->opt.why : a->opt.events, err, sizeof(err));
	if (!p) {
		fprintf(stderr, "mxtop: %s\n", err);
		return 1;
	}
	char *text = a->opt.why ? details_why(&a->f, p->ep)
				: details_events(a->q, &a->f, p->ep, a->opt.nevents, err, sizeof(err));
	if (!text) {
		fprintf(stderr, "mxtop: %s\n", a->opt.why ? "out of memory" : err);
		return 1;
	}
	fputs(text, stdout);
	free(text);
	return 0;
}

int main(int argc, char **argv)
{
	app a;
	char err[512];
	/* One thread uses each connection: no SQLite mutexes on every column read. */
	sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
	setlocale(LC_ALL, "");
	options_defaults(&a.opt);
	int r = options_parse(&a.opt, argc, argv, stdout, err, sizeof(err));
	if (r > 0)
		return 0;
	if (r < 0) {
		fprintf(stderr, "mxtop: %s\n", err);
		return 2;
	}
	fmt_set_utf8(!a.opt.ascii && fmt_locale_is_utf8());
	if (!a.opt.once && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		fprintf(stderr, "mxtop: not a terminal: use --once for a text frame\n");
		return 2;
	}
	if (app_open(&a, err, sizeof(err)) < 0) {
		fprintf(stderr, "mxtop: %s\n", err);
		app_close(&a);
		return 1;
	}
	r = a.opt.once ? run_once(&a) : screen_run(&a);
	app_close(&a);
	return r;
}

/* --once: a frame as plain text. */
#include <stdio.h>
#include <string.h>
#include "format.h"
#include "header.h"
#include "text.h"

void text_frame(FILE *out, app *a, int width)
{
	const frame *f = &a->f;
	table *t = app_table(a);
	const boot_info *b = query_boot(a->q);
	char l1[256], l2[256], l3[1024];

	hdr_mode(a, l1, sizeof(l1));
	hdr_cursor(a, l2, sizeof(l2));
	fprintf(out, "mxtop: %s, boot %lld (%s)  %s  %s\n", a->opt.db, b->id, b->source[0] ? b->source : "?", l1, l2);
	hdr_tasks(f, l1, sizeof(l1));
	fprintf(out, "%s\n", l1);
	hdr_deadlock(f, l3, sizeof(l3));
	fprintf(out, "%s\n", l3);
	hdr_load(f, l1, sizeof(l1));
	fprintf(out, "%s\n", l1);
	hdr_mem(f, l2, sizeof(l2));
	hdr_uptime(f, l1, sizeof(l1));
	fprintf(out, "%s  %s", l1, l2);
	hdr_trace(f, l2, sizeof(l2));
	fprintf(out, "  %s\n", l2);
	hdr_rates(f, l1, sizeof(l1));
	const column *sc = &t->v->columns[t->sort];
	fprintf(out, "View: %s, sorted by %s (%s)%s%s%s%s; %s\n", t->v->title, sc->title,
		t->ascending ? "ascending" : "descending", t->filter[0] ? ", filter \"" : "", t->filter,
		t->filter[0] ? "\"" : "", t->tree && t->v->parent ? ", tree" : "", l1);
	fprintf(out, "\n");

	app_prepare(a, 0, t->norder);
	static char line[8192];
	int w = width > 2 ? width - 2 : 0;
	fprintf(out, "  %s\n", table_line(t, f, -1, w, line, sizeof(line)));
	for (int i = 0; i < t->norder; i++) {
		char mark = table_mark(t, f, i);
		table_line(t, f, i, w, line, sizeof(line));
		fprintf(out, "%c %s\n", mark, line);
	}
	if (t->norder == 0) {
		if (t->total && t->filter[0])
			fprintf(out, "  (no row matches the filter \"%s\")\n", t->filter);
		else
			fprintf(out, "  (%s)\n", t->v->empty);
	}
}

/* The command line. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mxtop_test.h"

static int parse(options *o, char *err, const char *line)
{
	char buf[512], *argv[32];
	int argc = 0;
	snprintf(buf, sizeof(buf), "mxtop %s", line);
	for (char *save = NULL, *t = strtok_r(buf, " ", &save); t && argc < 31; t = strtok_r(NULL, " ", &save))
		argv[argc++] = t;
	argv[argc] = NULL;
	options_defaults(o);
	FILE *out = fopen("/dev/null", "w");
	int r = options_parse(o, argc, argv, out, err, 256);
	fclose(out);
	if (r == 0)
		o->db = strdup(o->db);      /* argv's buffer goes away */
	return r;
}

Test(options, defaults_and_values)
{
	options o;
	char err[256];
	cr_assert_eq(parse(&o, err, "run.db"), 0, "%s", err);
	cr_expect_str_eq(o.db, "run.db");
	cr_expect_eq(o.delay, 10);
	cr_expect_eq(o.mode, MODE_AUTO);
	cr_expect_eq(o.stuck_s, 5.0);
	cr_assert_eq(parse(&o, err, "-d 5 --view ipc -s -count --tree --stuck 2.5 --window 3 --speed 4 -C --once --db x.db"),
		     0, "%s", err);
	cr_expect_str_eq(o.db, "x.db");
	cr_expect_eq(o.delay, 5);
	cr_expect_str_eq(o.view, "ipc");
	cr_expect_eq(o.tree, 1);
	cr_expect_eq(o.stuck_s, 2.5);
	cr_expect_eq(o.window_s, 3.0);
	cr_expect_eq(o.speed, 4.0);
	cr_expect_eq(o.color, 0);
	cr_expect(o.once);
	cr_assert_eq(parse(&o, err, "--at #4 r.db"), 0, "%s", err);
	cr_expect_eq(o.mode, MODE_REPLAY);
	cr_assert_eq(parse(&o, err, "--once --why sh r.db"), 0, "%s", err);
	cr_expect_str_eq(o.why, "sh");
}

Test(options, errors)
{
	options o;
	char err[256];
	cr_expect_lt(parse(&o, err, ""), 0);
	cr_expect(strstr(err, "no database given"), "%s", err);
	cr_expect_lt(parse(&o, err, "--bogus r.db"), 0);
	cr_expect(strstr(err, "unknown option '--bogus'"), "%s", err);
	cr_expect_lt(parse(&o, err, "-d 0 r.db"), 0);
	cr_expect(strstr(err, "--delay"), "%s", err);
	cr_expect_lt(parse(&o, err, "--view nope r.db"), 0);
	cr_expect(strstr(err, "no view 'nope'"), "%s", err);
	cr_expect_lt(parse(&o, err, "--why sh r.db"), 0);
	cr_expect(strstr(err, "--once"), "%s", err);
	cr_expect_lt(parse(&o, err, "a.db b.db"), 0);
	cr_expect(strstr(err, "one database only"), "%s", err);
	cr_expect_lt(parse(&o, err, "r.db --delay"), 0);
	cr_expect(strstr(err, "needs a value"), "%s", err);
}

Test(options, help_lists_every_view_and_column)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	options_usage(out);
	fclose(out);
	cr_expect(strstr(buf, "Usage: mxtop"));
	for (int v = 0; v < VIEW_N; v++)
		for (int c = 0; c < views[v]->ncolumns; c++)
			cr_expect(strstr(buf, views[v]->columns[c].name), "%s", views[v]->columns[c].name);
	free(buf);
}

Test(options, views_by_prefix)
{
	cr_expect_eq(view_find("proc"), views[VIEW_PROCESSES]);
	cr_expect_eq(view_find("k"), views[VIEW_KCALLS]);
	cr_expect_eq(view_find("THREADS"), views[VIEW_THREADS]);
	cr_expect_null(view_find(""));
	cr_expect_null(view_find("x"));
}

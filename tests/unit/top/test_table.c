/* Tables: sorting by any column, filtering, search, tree, selection, lines. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "fixture.h"
#include "mxtop_test.h"

static query *q;
static frame f;
static table t;

static void setup(void)
{
	char err[256];
	fmt_set_utf8(0);
	frame_init(&f);
	q = query_open(fx_create(1), err, sizeof(err));
	cr_assert(q, "%s", err);
	cr_assert_eq(query_select_boot(q, 0, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(frame_load(q, 2, LOAD_ALL, &f, err, sizeof(err)), 0, "%s", err);
	table_init(&t, views[VIEW_PROCESSES]);
}

static void teardown(void)
{
	table_free(&t);
	frame_free(&f);
	query_close(q);
}

/* The names of the rows in display order, space separated. */
static const char *names(void)
{
	static char s[512];
	s[0] = 0;
	for (int i = 0; i < t.norder; i++) {
		const proc_row *p = table_row_at(&t, &f, i);
		strcat(s, i ? " " : "");
		strcat(s, p->name);
	}
	return s;
}

TestSuite(table, .init = setup, .fini = teardown);

Test(table, default_sort_is_cpu_descending)
{
	table_rebuild(&t, &f);
	cr_expect_eq(t.total, FX_NPROCS);
	cr_expect_eq(t.norder, FX_NPROCS);
	cr_expect_not(t.ascending);
	cr_expect_str_eq(names(), "idle busy pm vfs a b sh");   /* ties by endpoint */
}

Test(table, sort_by_any_column)
{
	char err[256];
	cr_assert_eq(table_set_sort(&t, "name", err, sizeof(err)), 0);
	table_rebuild(&t, &f);
	cr_expect_str_eq(names(), "a b busy idle pm sh vfs");
	table_sort_by(&t, view_column(t.v, "name"));          /* again: reversed */
	table_rebuild(&t, &f);
	cr_expect_str_eq(names(), "vfs sh pm idle busy b a");
	cr_assert_eq(table_set_sort(&t, "blocked", err, sizeof(err)), 0);
	table_rebuild(&t, &f);
	cr_expect_str_eq(names(), "sh a b idle pm vfs busy");   /* unknown last, ties by endpoint */
	cr_assert_eq(table_set_sort(&t, "-sent", err, sizeof(err)), 0);
	cr_expect(t.ascending);
	cr_assert_eq(table_set_sort(&t, "EP", err, sizeof(err)), 0);   /* titles work too */
	table_rebuild(&t, &f);
	cr_expect_str_eq(names(), "idle pm vfs sh a b busy");
	cr_expect_neq(table_set_sort(&t, "colour", err, sizeof(err)), 0);
	cr_expect(strstr(err, "no column 'colour'"), "%s", err);
	/* Every column of every view sorts without trouble. */
	for (int v = 0; v < VIEW_N; v++) {
		table tv;
		table_init(&tv, views[v]);
		for (int c = 0; c < views[v]->ncolumns; c++) {
			table_sort_by(&tv, c);
			table_rebuild(&tv, &f);
			cr_expect_eq(tv.norder, view_count(views[v], &f));
		}
		table_free(&tv);
	}
}

Test(table, filter_matches_names_and_states)
{
	table_set_filter(&t, "b");
	table_rebuild(&t, &f);
	cr_expect_str_eq(names(), "busy a b");     /* a is SEND->b */
	table_set_filter(&t, "REPLY");
	table_rebuild(&t, &f);
	cr_expect_str_eq(names(), "sh");
	table_set_filter(&t, "nothing-like-this");
	table_rebuild(&t, &f);
	cr_expect_eq(t.norder, 0);
	cr_expect_eq(t.selected, -1);
	table_set_filter(&t, "");
	table_rebuild(&t, &f);
	cr_expect_eq(t.norder, FX_NPROCS);
}

Test(table, search_wraps_and_reports_misses)
{
	table_rebuild(&t, &f);       /* idle busy pm vfs a b sh */
	int pos = table_search(&t, &f, "b", 0, 1);
	cr_expect_str_eq(((const proc_row *)table_row_at(&t, &f, pos))->name, "busy");
	int next = table_search(&t, &f, "b", pos + 1, 1);        /* names only: not a (SEND->b) */
	cr_expect_str_eq(((const proc_row *)table_row_at(&t, &f, next))->name, "b");
	int wrapped = table_search(&t, &f, "b", next + 1, 1);
	cr_expect_eq(wrapped, pos);
	cr_expect_eq(table_search(&t, &f, "zzz", 0, 1), -1);
	cr_expect_eq(table_search(&t, &f, "pm", FX_NPROCS - 1, -1), 2);
	cr_expect_eq(table_search(&t, &f, "vfs", 0, 1), 3);      /* not sh, which waits for vfs */
	/* The filter also looks at states. */
	cr_expect(table_matches(&t, &f, 6, "vfs"));
}

Test(table, selection_follows_the_row)
{
	char err[256];
	table_rebuild(&t, &f);
	int pos = table_search(&t, &f, "sh", 0, 1);
	table_select(&t, &f, pos);
	cr_assert_eq(table_set_sort(&t, "name", err, sizeof(err)), 0);
	table_rebuild(&t, &f);
	cr_expect_str_eq(((const proc_row *)table_row_at(&t, &f, t.selected))->name, "sh");
	/* Filtered out: the selection stays in range. */
	table_set_filter(&t, "pm");
	table_rebuild(&t, &f);
	cr_expect_eq(t.selected, 0);
}

Test(table, tree_by_parent)
{
	char err[256];
	cr_assert_eq(table_set_sort(&t, "name", err, sizeof(err)), 0);
	t.tree = 1;
	table_rebuild(&t, &f);
	cr_expect_str_eq(names(), "idle pm sh a b busy vfs");
	int depth[] = { 0, 0, 1, 2, 2, 2, 1 };
	for (int i = 0; i < t.norder; i++)
		cr_expect_eq(t.order[i].depth, depth[i], "row %d", i);
	char b[256];
	table_cell(&t, &f, 3, t.ncols - 1, b, sizeof(b), NULL);
	cr_expect_str_eq(b, "|  |- a");
	table_cell(&t, &f, 5, t.ncols - 1, b, sizeof(b), NULL);
	cr_expect_str_eq(b, "|  `- busy");
	table_cell(&t, &f, 6, t.ncols - 1, b, sizeof(b), NULL);
	cr_expect_str_eq(b, "`- vfs");
	/* Filtering out the parent makes its children roots. */
	table_set_filter(&t, "busy");
	table_rebuild(&t, &f);
	cr_expect_eq(t.norder, 1);
	cr_expect_eq(t.order[0].depth, 0);
}

Test(table, columns_and_lines)
{
	char err[512], line[1024];
	cr_assert_eq(table_set_columns(&t, "ep,name,cpu", err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(table_set_sort(&t, "ep", err, sizeof(err)), 0);
	table_rebuild(&t, &f);
	cr_expect_str_eq(table_line(&t, &f, -1, 0, line, sizeof(line)), "     EP NAME          CPU%");
	cr_expect_str_eq(table_line(&t, &f, 3, 0, line, sizeof(line)), "   14/2 sh             0.0");
	/* The flexible column takes what is left of a given width. */
	table_line(&t, &f, -1, 40, line, sizeof(line));
	cr_expect_eq(strlen(line), 40);
	cr_expect_neq(table_set_columns(&t, "ep,bogus", err, sizeof(err)), 0);
	cr_expect(strstr(err, "no column 'bogus'") && strstr(err, "kcalls"), "%s", err);
	cr_expect_eq(t.ncols, 3);
}

Test(table, marks)
{
	query_set_stuck(q, 2.0);
	char err[256];
	cr_assert_eq(frame_load(q, 2, 0, &f, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(table_set_sort(&t, "ep", err, sizeof(err)), 0);
	table_rebuild(&t, &f);
	const char *expect = "   !** ";    /* idle pm vfs sh a b busy */
	for (int i = 0; i < t.norder; i++)
		cr_expect_eq(table_mark(&t, &f, i), expect[i], "row %d", i);
}

Test(table, other_views)
{
	table tv;
	char line[1024], err[256];
	table_init(&tv, views[VIEW_IPC]);
	table_rebuild(&tv, &f);
	cr_assert_eq(tv.norder, 1);
	cr_assert_eq(tv.v->prepare(q, &f, tv.order[0].row, err, sizeof(err)), 0, "%s", err);
	table_line(&tv, &f, 0, 0, line, sizeof(line));
	/* p99 over the window, buckets 20-29 (period 2): 1.02 us (the whole run's would be 8.19 us) */
	cr_expect(strstr(line, "busy") && strstr(line, "pm") && strstr(line, "PM_FORK") && strstr(line, "1.02us"), "%s",
		  line);
	table_free(&tv);
	table_init(&tv, views[VIEW_LOCKS]);
	table_rebuild(&tv, &f);
	cr_assert_eq(tv.norder, 2);
	table_line(&tv, &f, 0, 0, line, sizeof(line));
	cr_expect(strstr(line, "vnode 12") && strstr(line, "worker2") && strstr(line, "worker1"), "%s", line);
	table_free(&tv);
	table_init(&tv, views[VIEW_THREADS]);
	table_rebuild(&tv, &f);
	cr_assert_eq(tv.norder, 3);
	table_line(&tv, &f, table_search(&tv, &f, "worker1", 0, 1), 0, line, sizeof(line));
	cr_expect(strstr(line, "worker1") && strstr(line, "lock vnode 12 (W)") && strstr(line, "sh"), "%s", line);
	table_free(&tv);
	table_init(&tv, views[VIEW_KCALLS]);
	table_rebuild(&tv, &f);
	cr_assert_eq(tv.norder, 1);
	table_line(&tv, &f, 0, 0, line, sizeof(line));
	cr_expect(strstr(line, "GETINFO"), "%s", line);
	table_free(&tv);
}

/*
 * Sorting by a number: by value in the direction chosen, ties by identity,
 * whatever the values (unknown, zero and minus zero, NaN, infinities, tiny
 * and huge), over enough rows for every byte of the radix sort to count.
 */
static double rate_key(const pair_row *p)
{
	return isnan(p->rate) ? -1e300 : p->rate;    /* NaN sorts as the lowest value */
}

static void expect_rate_order(const table *tv, const frame *g, int ascending)
{
	cr_assert_eq(tv->norder, g->npairs);
	for (int i = 1; i < tv->norder; i++) {
		const pair_row *a = table_row_at(tv, g, i - 1), *b = table_row_at(tv, g, i);
		double ka = rate_key(a), kb = rate_key(b);
		int before = ascending ? ka < kb : ka > kb;
		int tie = ka == kb && tv->v->id(a) < tv->v->id(b);
		cr_assert(before || tie, "rows %d and %d out of order: %g then %g (%s)", i - 1, i, a->rate, b->rate,
			  ascending ? "ascending" : "descending");
	}
}

Test(table, numbers_sort_by_value_then_identity)
{
	static const double special[] = { Q_UNKNOWN, 0.0, -0.0, NAN, INFINITY, -INFINITY, 1e-300, -1e-300, 1e300,
					  -1e300, 0.5, 1.0, 2.0, 1e6, 123.25, -7.0 };
	const int nspecial = sizeof(special) / sizeof(special[0]);
	char err[256];
	frame g;
	frame_init(&g);
	g.npairs = 3000;
	g.pairs = calloc((size_t)g.npairs, sizeof(*g.pairs));
	cr_assert(g.pairs);
	unsigned x = 12345;
	for (int i = 0; i < g.npairs; i++) {
		pair_row *p = &g.pairs[i];
		x = x * 1103515245u + 12345u;
		p->src = (int)(x >> 16) % 1000;
		p->dst = i;                   /* every path different */
		p->type = i % 7;
		/* Many ties: the special values, a few counts, and some distinct values. */
		p->rate = i % 3 == 0 ? special[(x >> 8) % (unsigned)nspecial]
			: i % 3 == 1 ? (double)((x >> 4) % 50) : (double)(x % 100000) / 7.0;
		p->count = (long long)((x >> 3) % 5);
	}
	table tv;
	table_init(&tv, views[VIEW_IPC]);
	table_rebuild(&tv, &g);                   /* MSG/s, biggest first */
	cr_expect_not(tv.ascending);
	expect_rate_order(&tv, &g, 0);
	cr_assert_eq(table_set_sort(&tv, "-rate", err, sizeof(err)), 0, "%s", err);
	table_rebuild(&tv, &g);
	expect_rate_order(&tv, &g, 1);
	/* Counts (long long) the same way; the first rows: the largest count, then by identity. */
	cr_assert_eq(table_set_sort(&tv, "count", err, sizeof(err)), 0, "%s", err);
	table_rebuild(&tv, &g);
	for (int i = 1; i < tv.norder; i++) {
		const pair_row *a = table_row_at(&tv, &g, i - 1), *b = table_row_at(&tv, &g, i);
		cr_assert(a->count > b->count || (a->count == b->count && tv.v->id(a) < tv.v->id(b)));
	}
	/* One row, and none. */
	g.npairs = 1;
	table_rebuild(&tv, &g);
	cr_expect_eq(tv.norder, 1);
	g.npairs = 0;
	table_rebuild(&tv, &g);
	cr_expect_eq(tv.norder, 0);
	table_free(&tv);
	frame_free(&g);
}

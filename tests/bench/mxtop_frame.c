/*
 * CPU time of one mxtop frame: read the frame at a snapshot (the per-frame
 * queries, the wait-for graph), filter and sort the table, and format every
 * cell of a 50-row screen, as the screen does on each refresh.  Frames
 * alternate between the last two snapshots so that, as in live mode, each
 * one reads a snapshot it has not read just before.  Prints the median per
 * view (and the 90th percentile in the figure's text) as a BENCH line for
 * tests/bench/run_bench.py: "BENCH figure | value | unit | target | command".
 *
 *     mxtop_frame DB [FRAMES] [VIEW[:SORT]...]
 *
 * VIEW:SORT sorts by that column (as mxtop's -s); a lazy column (p99) is
 * then read for every row before sorting, as mxtop does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "../../top/app.h"
#include "../../top/format.h"
#include "../../top/query.h"
#include "../../top/table.h"

static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: mxtop_frame DB [FRAMES] [VIEW[:SORT]...]\n");
		return 2;
	}
	const char *path = argv[1];
	int frames = argc > 2 ? atoi(argv[2]) : 50;
	if (frames < 2)
		frames = 2;
	const char *default_views[] = { "processes", "ipc", "kcalls", "locks" };
	const char **names = argc > 3 ? (const char **)argv + 3 : default_views;
	int nviews = argc > 3 ? argc - 3 : 4;
	char err[512];
	sqlite3_config(SQLITE_CONFIG_MULTITHREAD);     /* as mxtop does */
	fmt_set_utf8(1);
	query *q = query_open(path, err, sizeof(err));
	if (!q || query_select_boot(q, 0, err, sizeof(err)) < 0) {
		fprintf(stderr, "mxtop_frame: %s\n", err);
		return 1;
	}
	int n = query_nsnaps(q);
	if (n < 3) {
		fprintf(stderr, "mxtop_frame: %s has fewer than 3 snapshots\n", path);
		return 1;
	}
	/* The size of the event table, by its primary key (the frames never read it). */
	long long events = 0;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(query_db(q), "SELECT max(id) & 1099511627775 FROM events", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			events = sqlite3_column_int64(st, 0) + 1;
		sqlite3_finalize(st);
	}
	frame f;
	frame_init(&f);
	double *t = malloc(sizeof(double) * (size_t)frames);
	for (int v = 0; v < nviews; v++) {
		char vname[64];
		snprintf(vname, sizeof(vname), "%s", names[v]);
		char *sort = strchr(vname, ':');
		if (sort)
			*sort++ = 0;
		const view_class *vc = view_find(vname);
		if (!vc) {
			fprintf(stderr, "mxtop_frame: no view '%s'\n", vname);
			return 2;
		}
		table tb;
		table_init(&tb, vc);
		if (sort && table_set_sort(&tb, sort, err, sizeof(err)) < 0) {
			fprintf(stderr, "mxtop_frame: %s\n", err);
			return 2;
		}
		int lazy_sort = vc->prepare && vc->columns[tb.sort].lazy;
		long long chars = 0;
		for (int i = 0; i < frames; i++) {
			double t0 = cpu_ms();
			if (frame_load(q, n - 1 - i % 2, vc->load, &f, err, sizeof(err)) < 0) {
				fprintf(stderr, "mxtop_frame: %s\n", err);
				return 1;
			}
			for (int r = 0; lazy_sort && r < view_count(vc, &f); r++)
				vc->prepare(q, &f, r, err, sizeof(err));
			table_rebuild(&tb, &f);
			/* The lazy columns of the rows shown (as the screen reads them). */
			for (int r = 0; vc->prepare && r < 50 && r < tb.norder; r++)
				vc->prepare(q, &f, tb.order[r].row, err, sizeof(err));
			char line[4096];
			for (int r = 0; r < 50 && r < tb.norder; r++)
				chars += (long long)strlen(table_line(&tb, &f, r, 160, line, sizeof(line)));
			t[i] = cpu_ms() - t0;
		}
		qsort(t, (size_t)frames, sizeof(double), cmp);
		char sorted[80] = "";
		if (sort)
			snprintf(sorted, sizeof(sorted), " sorted by %s", sort);
		printf("BENCH mxtop frame CPU time, %s view%s: %d processes, %d rows, %lld events in the database "
		       "(median of %d frames, p90 %.2f ms) | %.2f | ms | %s | %s %s %d %s\n",
		       vc->name, sorted, f.nprocs, tb.total, events, frames, t[frames * 9 / 10], t[frames / 2],
		       lazy_sort ? "measured (reads every path's histogram)" : "< 10", argv[0], path, frames, names[v]);
		fflush(stdout);
		if (chars == 0)
			fprintf(stderr, "mxtop_frame: the %s view formatted nothing\n", vc->name);
		table_free(&tb);
	}
	free(t);
	frame_free(&f);
	query_close(q);
	return 0;
}

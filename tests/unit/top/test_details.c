/* Details of a process: finding it, its wait chain (shared waitgraph), its recent IPC. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "fixture.h"
#include "mxtop_test.h"

static query *q;
static frame f;

static void setup(void)
{
	char err[256];
	fmt_set_utf8(0);
	frame_init(&f);
	q = query_open(fx_create(1), err, sizeof(err));
	cr_assert(q, "%s", err);
	cr_assert_eq(query_select_boot(q, 0, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(frame_load(q, 2, 0, &f, err, sizeof(err)), 0, "%s", err);
}

static void teardown(void)
{
	frame_free(&f);
	query_close(q);
}

TestSuite(details, .init = setup, .fini = teardown);

Test(details, find_by_name_endpoint_slot_prefix)
{
	char err[256];
	cr_expect_eq(details_find(&f, "sh", err, sizeof(err))->ep, FX_SH);
	cr_expect_eq(details_find(&f, "14/2", err, sizeof(err))->ep, FX_SH);
	cr_expect_eq(details_find(&f, "#14", err, sizeof(err))->ep, FX_SH);
	cr_expect_eq(details_find(&f, "2062", err, sizeof(err))->ep, FX_SH);
	cr_expect_eq(details_find(&f, "bu", err, sizeof(err))->ep, FX_BUSY);
	cr_expect_eq(details_find(&f, "b", err, sizeof(err))->ep, FX_B);   /* exact name first */
	cr_expect_null(details_find(&f, "14/1", err, sizeof(err)));
	cr_expect(strstr(err, "no process '14/1'"), "%s", err);
	cr_expect_null(details_find(&f, "nobody", err, sizeof(err)));
}

Test(details, wait_chain_of_a_deadlocked_process)
{
	char *s = details_why(&f, FX_A);
	cr_assert(s);
	cr_expect(strstr(s, "Wait chain of a (20/0) at snapshot #3 (sample: process waits only)"), "%s", s);
	cr_expect(strstr(s, "verdict: deadlock"), "%s", s);
	cr_expect(strstr(s, "At the latest full snapshot #1"), "%s", s);
	free(s);
}

Test(details, wait_chain_through_server_threads_and_locks)
{
	char err[256];
	/* At the full snapshot, sh's request is served by a deadlocked VFS worker. */
	cr_assert_eq(frame_load(q, 0, 0, &f, err, sizeof(err)), 0, "%s", err);
	char *s = details_why(&f, FX_SH);
	cr_assert(s);
	cr_expect(strstr(s, "(full: processes, server threads and locks)"), "%s", s);
	cr_expect(strstr(s, "worker1"), "%s", s);
	cr_expect(strstr(s, "verdict: deadlock"), "%s", s);
	free(s);
}

Test(details, wait_chain_of_a_running_process)
{
	char *s = details_why(&f, FX_BUSY);
	cr_assert(s);
	cr_expect(strstr(s, "verdict: not waiting"), "%s", s);
	free(s);
}

Test(details, recent_ipc)
{
	char err[256];
	char *s = details_events(q, &f, FX_SH, 10, err, sizeof(err));
	cr_assert(s, "%s", err);
	cr_expect(strstr(s, "Recent IPC of sh (14/2) up to snapshot #3"), "%s", s);
	cr_expect(strstr(s, "send-blk"), "%s", s);
	cr_expect(strstr(s, "VFS_READ"), "%s", s);
	cr_expect(strstr(s, "sender blocks"), "%s", s);
	free(s);
	s = details_events(q, &f, FX_BUSY, 3, err, sizeof(err));
	cr_assert(s, "%s", err);
	cr_expect(strstr(s, "round trip 1.00us") || strstr(s, "sender waited 1.00us"), "%s", s);
	int lines = 0;
	for (const char *p = s; *p; p++)
		lines += *p == '\n';
	cr_expect_eq(lines, 3 + 3, "title, blank, header and three events:\n%s", s);
	free(s);
	s = details_events(q, &f, FX_VFS + 100, 3, err, sizeof(err));
	cr_assert(s, "%s", err);
	cr_expect(strstr(s, "No IPC of"), "%s", s);
	free(s);
}

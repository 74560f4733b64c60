/* mxtop formatting: values in fixed widths, names, fitting by display width. */
#include <criterion/criterion.h>
#include <string.h>
#include <mx/ipc.h>
#include "mxtop_test.h"

static char b[256];

static void ascii(void) { fmt_set_utf8(0); }
static void utf8(void) { fmt_set_utf8(1); }

Test(format, counts, .init = ascii)
{
	cr_expect_str_eq(fmt_count(b, sizeof(b), 0), "0");
	cr_expect_str_eq(fmt_count(b, sizeof(b), 9999), "9999");
	cr_expect_str_eq(fmt_count(b, sizeof(b), 12345), "12.3k");
	cr_expect_str_eq(fmt_count(b, sizeof(b), 123456), "123k");
	cr_expect_str_eq(fmt_count(b, sizeof(b), 999999), "1.00M");
	cr_expect_str_eq(fmt_count(b, sizeof(b), 1234567), "1.23M");
	cr_expect_str_eq(fmt_count(b, sizeof(b), 45.6e9), "45.6G");
	cr_expect_str_eq(fmt_count(b, sizeof(b), -1), "-");
}

Test(format, sizes)
{
	cr_expect_str_eq(fmt_size(b, sizeof(b), 512), "512B");
	cr_expect_str_eq(fmt_size(b, sizeof(b), 16384), "16.0K");
	cr_expect_str_eq(fmt_size(b, sizeof(b), 64.0 * 1024 * 1024), "64.0M");
	cr_expect_str_eq(fmt_size(b, sizeof(b), 1.5 * 1024 * 1024 * 1024), "1.5G");
	cr_expect_str_eq(fmt_size(b, sizeof(b), 200.0 * 1024 * 1024), "200M");
}

Test(format, rates, .init = ascii)
{
	cr_expect_str_eq(fmt_rate(b, sizeof(b), 0), "0");
	cr_expect_str_eq(fmt_rate(b, sizeof(b), 0.25), "0.25");
	cr_expect_str_eq(fmt_rate(b, sizeof(b), 12.34), "12.3");
	cr_expect_str_eq(fmt_rate(b, sizeof(b), 1234.4), "1234");
	cr_expect_str_eq(fmt_rate(b, sizeof(b), 45600), "45.6k");
	cr_expect_str_eq(fmt_rate(b, sizeof(b), Q_UNKNOWN), "-");
	cr_expect_str_eq(fmt_pct(b, sizeof(b), 34.56), "34.6");
	cr_expect_str_eq(fmt_pct(b, sizeof(b), -1), "-");
}

Test(format, durations, .init = ascii)
{
	cr_expect_str_eq(fmt_duration(b, sizeof(b), 0), "0");
	cr_expect_str_eq(fmt_duration(b, sizeof(b), 850e-9), "850ns");
	cr_expect_str_eq(fmt_duration(b, sizeof(b), 1.234e-6), "1.23us");
	cr_expect_str_eq(fmt_duration(b, sizeof(b), 350e-6), "350us");
	cr_expect_str_eq(fmt_duration(b, sizeof(b), 12.34e-3), "12.3ms");
	cr_expect_str_eq(fmt_duration(b, sizeof(b), 1.25), "1.25s");
	cr_expect_str_eq(fmt_duration(b, sizeof(b), 12.34), "12.3s");
	cr_expect_str_eq(fmt_duration(b, sizeof(b), 123), "2m03s");
	cr_expect_str_eq(fmt_duration(b, sizeof(b), 3720), "1h02m");
	cr_expect_str_eq(fmt_duration(b, sizeof(b), 3 * 86400 + 4 * 3600), "3d04h");
	cr_expect_str_eq(fmt_duration(b, sizeof(b), -1), "-");
	cr_expect_str_eq(fmt_ticks(b, sizeof(b), 2500, 1e9), "2.50us");
	cr_expect_str_eq(fmt_ticks(b, sizeof(b), 2500, 0), "2500");
}

Test(format, durations_utf8, .init = utf8)
{
	cr_expect_str_eq(fmt_duration(b, sizeof(b), 350e-6), "350\xc2\xb5s");
	cr_expect_eq(fmt_width(b), 5);
}

Test(format, cpu_and_uptime, .init = ascii)
{
	cr_expect_str_eq(fmt_cputime(b, sizeof(b), 65.43), "1:05.43");
	cr_expect_str_eq(fmt_cputime(b, sizeof(b), 0), "0:00.00");
	cr_expect_str_eq(fmt_cputime(b, sizeof(b), 3725), "1h02:05");
	cr_expect_str_eq(fmt_cputime(b, sizeof(b), 200 * 3600), "8d08h");
	cr_expect_str_eq(fmt_uptime(b, sizeof(b), 3725), "01:02:05");
	cr_expect_str_eq(fmt_uptime(b, sizeof(b), 90061), "1 day, 01:01:01");
	cr_expect_str_eq(fmt_uptime(b, sizeof(b), 2 * 86400), "2 days, 00:00:00");
}

Test(format, names, .init = ascii)
{
	cr_expect_str_eq(fmt_msgtype(b, sizeof(b), 0x202), "VFS_READ");
	cr_expect_str_eq(fmt_msgtype(b, sizeof(b), MX_NOTIFY_MESSAGE), "NOTIFY");
	cr_expect_str_eq(fmt_msgtype(b, sizeof(b), 0), "reply");
	cr_expect_str_eq(fmt_msgtype(b, sizeof(b), -22), "reply:EINVAL");
	cr_expect_str_eq(fmt_msgtype(b, sizeof(b), 0x7777), "0x7777");
	cr_expect_str_eq(fmt_kcall(b, sizeof(b), 25), "GETINFO");
	cr_expect_str_eq(fmt_kcall(b, sizeof(b), 999), "call 999");
}

Test(format, fit_ascii, .init = ascii)
{
	cr_expect_str_eq(fmt_fit(b, sizeof(b), "abc", 5, 0), "abc  ");
	cr_expect_str_eq(fmt_fit(b, sizeof(b), "abc", 5, 1), "  abc");
	cr_expect_str_eq(fmt_fit(b, sizeof(b), "abcdefgh", 5, 0), "abcd~");
	cr_expect_str_eq(fmt_fit(b, sizeof(b), "12345678", 5, 1), "~5678");
	cr_expect_str_eq(fmt_fit(b, sizeof(b), "abc", 0, 0), "");
	cr_expect_str_eq(fmt_fit(b, sizeof(b), NULL, 2, 0), "  ");
}

Test(format, fit_utf8, .init = utf8)
{
	/* "SEND→vfs": 8 columns, 10 bytes. */
	const char *s = "SEND\xe2\x86\x92vfs";
	cr_expect_eq(fmt_width(s), 8);
	fmt_fit(b, sizeof(b), s, 10, 0);
	cr_expect_eq(fmt_width(b), 10);
	cr_expect_eq(strlen(b), 12);
	fmt_fit(b, sizeof(b), s, 6, 0);
	cr_expect_str_eq(b, "SEND\xe2\x86\x92\xe2\x80\xa6");
	cr_expect_eq(fmt_width(b), 6);
	cr_expect_str_eq(fmt_skip(s, 5), "vfs");
	cr_expect_eq(fmt_bytes(s, 5), 7);
}

Test(format, contains)
{
	cr_expect(fmt_contains("REPLY-WAIT", "wait"));
	cr_expect(fmt_contains("anything", ""));
	cr_expect_not(fmt_contains("vfs", "vfsx"));
	cr_expect_not(fmt_contains(NULL, "x"));
}

Test(format, percentiles)
{
	long long bins[16] = { 0 };
	cr_expect_eq(hist_percentile(bins, 16, 99), -1);
	bins[9] = 290;
	bins[12] = 10;
	cr_expect_eq(hist_percentile(bins, 16, 50), 1024);
	cr_expect_eq(hist_percentile(bins, 16, 96), 1024);
	cr_expect_eq(hist_percentile(bins, 16, 99), 8192);
	cr_expect_eq(hist_percentile(bins, 16, 100), 8192);
}

Test(format, process_state, .init = ascii)
{
	frame f;
	frame_init(&f);
	proc_row rows[2];
	memset(rows, 0, sizeof(rows));
	rows[0].slot = 5;
	rows[0].ep = 5;
	strcpy(rows[0].name, "vfs");
	rows[1].slot = 14;
	rows[1].ep = MX_EP(2, 14);
	strcpy(rows[1].name, "sh");
	f.procs = rows;
	f.nprocs = 2;
	f.by_slot[5] = 0;
	f.by_slot[14] = 1;
	proc_row p;
	memset(&p, 0, sizeof(p));
	strcpy(p.state, "SEND");
	p.peer = 5;
	view_proc_state(&f, &p, b, sizeof(b));
	cr_expect_str_eq(b, "SEND->vfs");
	strcpy(p.state, "REPLY-WAIT");
	view_proc_state(&f, &p, b, sizeof(b));
	cr_expect_str_eq(b, "REPLY-WAIT<-vfs");
	strcpy(p.state, "RECV");
	p.peer = MX_ANY;
	view_proc_state(&f, &p, b, sizeof(b));
	cr_expect_str_eq(b, "RECV");
	p.peer = MX_EP(1, 14);              /* a stale generation: not sh */
	view_proc_state(&f, &p, b, sizeof(b));
	cr_expect_str_eq(b, "RECV<-14/1");
	p.peer = MX_EP(2, 14);
	view_proc_state(&f, &p, b, sizeof(b));
	cr_expect_str_eq(b, "RECV<-sh");
	strcpy(p.state, "STOPPED");               /* stopped by a signal: no tracer to wait for */
	p.tracer = MX_NONE;
	view_proc_state(&f, &p, b, sizeof(b));
	cr_expect_str_eq(b, "STOPPED");
	p.tracer = MX_EP(2, 14);                   /* stopped under ptrace: waits for sh */
	view_proc_state(&f, &p, b, sizeof(b));
	cr_expect_str_eq(b, "STOPPED<-sh");
	strcpy(p.state, "RUN");
	view_proc_state(&f, &p, b, sizeof(b));
	cr_expect_str_eq(b, "RUN");
}

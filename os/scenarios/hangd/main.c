/*
 * hangd: the services of the IPC hang scenarios (`hang recv`, `hang cycle`).
 * RS starts one copy per label (os/etc/system.conf gives each the right to
 * talk to the others and no heartbeats); the arguments name the scenario
 * and the part this copy plays:
 *
 *   hangd recv a|b     rcv-a and rcv-b: each RECEIVEs from the other only.
 *                      Neither ever sends, so both wait for good.  The
 *                      kernel has nothing to refuse: a receive is never
 *                      checked for deadlock.
 *   hangd cycle a|b|c  cyc-a, cyc-b, cyc-c: a SENDREC cycle closed by an
 *                      asynchronous send:
 *                        cyc-a  SENDREC to cyc-b
 *                        cyc-b  takes the request, SENDREC to cyc-c
 *                        cyc-c  takes it, SENDA to cyc-a (which never
 *                               blocks), then RECEIVEs cyc-a's answer
 *                      cyc-a waits for cyc-b's reply only, so cyc-c's
 *                      message is never delivered: a -> b -> c -> a.  No
 *                      blocking send closes the cycle, so the kernel's
 *                      ELOCKED check never sees it.
 *
 * Every part prints what it is about to do on the console first.
 */
#include <string.h>
#include <mxsys.h>
#include <driver.h>
#include <mx/callnr.h>

#define HANG_REQ (MX_TEST_BASE + 0x70)

/* The endpoint of label, waiting (up to 10 s) for RS to start it. */
static mx_endpoint_t peer(const char *label)
{
	mx_endpoint_t ep;
	for (int i = 0; i < 1000; i++) {
		if (ds_retrieve_label(label, &ep) == MX_OK)
			return ep;
		tickdelay(1);
	}
	sys_panic("hangd: %s never started", label);
}

/* The next request, skipping notifications (from ANY) or a message from src. */
static void take(mx_endpoint_t src, mx_message *m)
{
	int r;
	while ((r = mx_receive(src, m)) != MX_OK || (src == MX_ANY && is_notify(m)))
		if (r != MX_OK)
			sys_printf("hangd %s: receive: %s\n", sef_label(), mx_strerror(r));
}

static void recv_part(const char *me)
{
	const char *other = strcmp(me, "a") == 0 ? "rcv-b" : "rcv-a";
	mx_endpoint_t ep = peer(other);
	mx_message m;
	sys_printf("hangd %s: RECEIVE from %s (%d) only\n", sef_label(), other, ep);
	take(ep, &m);
	sys_printf("hangd %s: got a message from %s: the scenario is over\n", sef_label(), other);
}

static void cycle_part(const char *me)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	m.m_type = HANG_REQ;
	if (strcmp(me, "a") == 0) {
		mx_endpoint_t b = peer("cyc-b");
		peer("cyc-c");                      /* all three up before the cycle starts */
		sys_printf("hangd cyc-a: SENDREC to cyc-b (%d)\n", b);
		int r = mx_sendrec(b, &m);
		sys_printf("hangd cyc-a: SENDREC returned %s\n", mx_strerror(r));
	} else if (strcmp(me, "b") == 0) {
		take(MX_ANY, &m);
		mx_endpoint_t c = peer("cyc-c");
		sys_printf("hangd cyc-b: request from %d; SENDREC to cyc-c (%d)\n", m.m_source, c);
		int r = mx_sendrec(c, &m);
		sys_printf("hangd cyc-b: SENDREC returned %s\n", mx_strerror(r));
	} else {
		take(MX_ANY, &m);
		mx_endpoint_t a = peer("cyc-a");
		m.m_type = HANG_REQ;
		int r = asynsend(a, &m);
		sys_printf("hangd cyc-c: request from %d; SENDA to cyc-a (%d): %s; RECEIVE from cyc-a\n",
			   m.m_source, a, mx_strerror(r));
		take(a, &m);
		sys_printf("hangd cyc-c: cyc-a answered: the scenario is over\n");
	}
}

int main(int argc, char **argv)
{
	sef_startup();
	if (argc == 3 && strcmp(argv[1], "recv") == 0 && (!strcmp(argv[2], "a") || !strcmp(argv[2], "b")))
		recv_part(argv[2]);
	else if (argc == 3 && strcmp(argv[1], "cycle") == 0 &&
		 (!strcmp(argv[2], "a") || !strcmp(argv[2], "b") || !strcmp(argv[2], "c")))
		cycle_part(argv[2]);
	else
		sys_printf("usage: hangd recv a|b | hangd cycle a|b|c (a service: see the hang command)\n");
	/* Only reached if the scenario was broken up (or misused): stay a quiet service. */
	for (;;) {
		mx_message m;
		sef_receive(&m);
	}
}

/*
 * ipcbench [rounds]: IPC round-trip cost in guest TSC ticks (guest
 * instructions when QEMU runs with -icount shift=0).
 *
 *   pingpong   client SENDREC -> server, which replies with SEND
 *   chain      client -> server -> driver: the server SENDRECs the driver
 *              before replying
 * Each is measured with tracing off and on (default kinds) in the same
 * boot; with tracing on, the records each round trip wrote give the cost
 * per record.  Output lines (read by tests/bench/run_bench.py):
 *   IPCBENCH <test> trace=<off|on> rounds=<n> ticks_per_rt=<x.y> records_per_rt=<r>
 * Needs system privileges (it plays RS for its children): a boot module
 * or a service.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mxsys.h>
#include <mx/callnr.h>

#define BENCH_REQ (MX_TEST_BASE + 0x20)

static mx_endpoint_t driver_ep;

static int driver(void *arg)
{
	mx_message m;
	for (;;) {
		if (mx_receive(MX_ANY, &m) != MX_OK)
			return 1;
		mx_send(m.m_source, &m);
	}
}

static int server(void *arg)
{
	int chain = arg != NULL;
	mx_message m;
	for (;;) {
		if (mx_receive(MX_ANY, &m) != MX_OK)
			return 1;
		mx_endpoint_t client = m.m_source;
		if (chain)
			mx_sendrec(driver_ep, &m);
		mx_send(client, &m);
	}
}

static uint64_t trace_head(void)
{
	mx_trace_ring h;
	sys_getinfo(MX_GI_TRACEHDR, &h, sizeof(h), 0);
	return h.head;
}

static void trace_set(int on)
{
	struct kc_tracectl t;
	memset(&t, 0, sizeof(t));
	t.op = on ? MX_TC_ON : MX_TC_OFF;
	sys_tracectl(&t);
}

static void run(const char *name, mx_endpoint_t srv, long rounds, int traced)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	m.m_type = BENCH_REQ;
	trace_set(traced);
	for (int i = 0; i < 1000; i++)            /* warm up */
		mx_sendrec(srv, &m);
	uint64_t h0 = trace_head();
	uint64_t t0 = read_tsc();
	for (long i = 0; i < rounds; i++)
		mx_sendrec(srv, &m);
	uint64_t t1 = read_tsc();
	uint64_t h1 = trace_head();
	/* Ticks per round trip with one decimal, without floating point. */
	uint64_t tenths = (t1 - t0) * 10 / (uint64_t)rounds;
	uint64_t rec100 = (h1 - h0) * 100 / (uint64_t)rounds;
	sys_printf("IPCBENCH %s trace=%s rounds=%ld ticks_per_rt=%u.%u records_per_rt=%u.%02u\n", name,
		   traced ? "on" : "off", rounds, (unsigned)(tenths / 10), (unsigned)(tenths % 10),
		   (unsigned)(rec100 / 100), (unsigned)(rec100 % 100));
}

int main(int argc, char **argv)
{
	long rounds = argc > 1 ? atol(argv[1]) : 100000;
	mx_endpoint_t srv, chain_srv;
	if (spawn(driver, NULL, KC_CHILD_DEFAULT, "bdriver", 0, &driver_ep) < 0 ||
	    spawn(server, NULL, KC_CHILD_DEFAULT, "bserver", 0, &srv) < 0 ||
	    spawn(server, (void *)1, KC_CHILD_DEFAULT, "bchain", 0, &chain_srv) < 0 ||
	    sys_allow(chain_srv, driver_ep, 1) < 0) {
		sys_printf("ipcbench: cannot start its processes\n");
		sys_exit(1);
	}
	run("pingpong", srv, rounds, 0);
	run("pingpong", srv, rounds, 1);
	run("chain", chain_srv, rounds, 0);
	run("chain", chain_srv, rounds, 1);
	sys_printf("IPCBENCH DONE\n");
	if (argc > 2 && strcmp(argv[2], "exit") == 0)
		sys_abort(MX_ABORT_EXIT, 0);
	sys_exit(0);
}

/* The trace ring: exact records for a known exchange, switching and filtering. */
#include "ktest.h"

#define KIND(k) (1u << MX_TK_##k)
#define IPC_KINDS (KIND(SEND) | KIND(SEND_BLOCK) | KIND(RECV) | KIND(RECV_BLOCK) | KIND(NOTIFY))
#define DEFAULT_KINDS (~(KIND(SWITCH) | 1u))

static mx_trace_ring hdr;
static mx_trace_rec recs[64];

static uint64_t ring_head(void)
{
	sys_getinfo(MX_GI_TRACEHDR, &hdr, sizeof(hdr), 0);
	return hdr.head;
}

/* Records from number `from` on; returns how many (at most 64). */
static int ring_read(uint64_t from, uint64_t *first)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	m.m_type = MX_SYS_GETINFO;
	struct kc_getinfo *g = MX_BODY(&m, struct kc_getinfo);
	g->what = MX_GI_TRACERECS;
	g->addr = (uint32_t)recs;
	g->len = sizeof(recs);
	g->arg = (uint32_t)from;
	*first = 0;
	if (mx_kcall(&m) < 0)
		return -1;
	*first = g->arg;
	return (int)(g->len / sizeof(mx_trace_rec));
}

static int tctl(uint32_t op, uint32_t kinds, mx_endpoint_t ep, uint32_t clear)
{
	struct kc_tracectl t;
	memset(&t, 0, sizeof(t));
	t.op = op;
	t.kinds = kinds;
	t.ep = ep;
	t.clear = clear;
	return sys_tracectl(&t);
}

static void trace_defaults(void)
{
	tctl(MX_TC_FILTER_OFF, 0, 0, 0);
	tctl(MX_TC_SET_KINDS, DEFAULT_KINDS, 0, 0);
	tctl(MX_TC_ON, 0, 0, 0);
}

static int echo_loop(void *arg)
{
	mx_message m;
	for (;;) {
		if (mx_receive(MX_ANY, &m) != MX_OK)
			return 1;
		mx_send(m.m_source, &m);
	}
}

static int late_receiver(void *arg)
{
	mx_message m;
	tickdelay(5);
	mx_receive(self_ep, &m);
	for (;;)
		mx_receive(MX_CLOCK, &m);
	return 0;
}

struct want { int kind; mx_endpoint_t src, dst; int32_t type; int flags_set; int arg_pos; };

static int check_recs(uint64_t h0, const struct want *w, int n)
{
	uint64_t first;
	int got = ring_read(h0, &first);
	T_EQ(first, h0, "first record number returned");
	T_EQ(got, n, "records for the exchange");
	for (int i = 0; i < n; i++) {
		const mx_trace_rec *r = &recs[i];
		T_EQ(r->seq, (uint32_t)(h0 + i), "sequence number (no gaps)");
		T_EQ(r->kind, w[i].kind, "kind");
		T_EQ(r->src, w[i].src, "source");
		T_EQ(r->dst, w[i].dst, "destination");
		T_EQ(r->type, w[i].type, "type");
		T_CHECK((r->flags & w[i].flags_set) == w[i].flags_set, "record %d flags %x lack %x", i, r->flags, w[i].flags_set);
		T_CHECK(!w[i].arg_pos || r->arg > 0, "record %d: no latency", i);
		T_CHECK(i == 0 || r->tsc >= recs[i - 1].tsc, "time stamps go backwards at %d", i);
	}
	return 0;
}

int t_trace_exchange(void)
{
	mx_endpoint_t c, late;
	mx_message m;
	int r;
	T_EQ(child(echo_loop, NULL, &c), 0, "spawn echo");
	T_EQ(child(late_receiver, NULL, &late), 0, "spawn late receiver");
	tickdelay(1);                       /* c blocks in RECEIVE(ANY) */
	T_EQ(tctl(MX_TC_SET_KINDS, IPC_KINDS, 0, 0), 0, "kinds");
	T_EQ(tctl(MX_TC_FILTER_EP, 0, MX_SELF, 0), 0, "filter self");
	T_EQ(tctl(MX_TC_FILTER_EP, 0, c, 0), 0, "filter c");
	T_EQ(tctl(MX_TC_ON, 0, 0, 0), 0, "on");

	uint64_t h0 = ring_head();
	memset(&m, 0, sizeof(m));
	m.m_type = T_TYPE;
	T_EQ(mx_sendrec(c, &m), MX_OK, "sendrec");
	const struct want w1[] = {
		{ MX_TK_SEND, self_ep, c, T_TYPE, MX_TF_SENDREC, 0 },
		{ MX_TK_SEND, c, self_ep, T_TYPE, MX_TF_REPLY | MX_TF_RTT, 1 },
		{ MX_TK_RECV_BLOCK, c, MX_ANY, 0, 0, 0 },
	};
	if ((r = check_recs(h0, w1, 3)) != 0)
		goto out;

	/* A send that blocks: SEND_BLOCK now, RECV with the wait when taken. */
	T_EQ(tctl(MX_TC_FILTER_EP, 0, late, 0), 0, "filter late");
	h0 = ring_head();
	memset(&m, 0, sizeof(m));
	m.m_type = T_TYPE + 1;
	T_EQ(mx_send(late, &m), MX_OK, "send to the late receiver");
	const struct want w2[] = {
		{ MX_TK_SEND_BLOCK, self_ep, late, T_TYPE + 1, 0, 0 },
		{ MX_TK_NOTIFY, MX_CLOCK, late, MX_NOTIFY_MESSAGE, 0, 1 },   /* its alarm */
		{ MX_TK_RECV, self_ep, late, T_TYPE + 1, 0, 1 },
		{ MX_TK_RECV_BLOCK, late, MX_CLOCK, 0, 0, 0 },
	};
	r = check_recs(h0, w2, 4);
out:
	trace_defaults();
	kill_child(c);
	kill_child(late);
	return r;
}

int t_trace_off_and_filter(void)
{
	mx_endpoint_t c, other;
	mx_message m;
	int r = 0;
	T_EQ(child(echo_loop, NULL, &c), 0, "spawn");
	T_EQ(child(echo_loop, NULL, &other), 0, "spawn");
	tickdelay(1);

	/* Off: nothing is written, the skipped events are counted. */
	T_EQ(tctl(MX_TC_OFF, 0, 0, 0), 0, "off");
	uint64_t h0 = ring_head(), skipped0 = hdr.off_skipped;
	for (int i = 0; i < 5; i++) {
		memset(&m, 0, sizeof(m));
		mx_sendrec(c, &m);
	}
	uint64_t h1 = ring_head();
	if (h1 != h0) { r = t_failf("tracing off, yet %u records written", (unsigned)(h1 - h0)); goto out; }
	if (hdr.off_skipped < skipped0 + 10) { r = t_failf("off_skipped grew by %u, want >= 10", (unsigned)(hdr.off_skipped - skipped0)); goto out; }

	/* Only SEND records when only SEND is traced. */
	T_EQ(tctl(MX_TC_SET_KINDS, KIND(SEND), 0, 0), 0, "kinds");
	T_EQ(tctl(MX_TC_ON, 0, 0, 0), 0, "on");
	h0 = ring_head();
	uint64_t filtered0 = hdr.filtered;
	memset(&m, 0, sizeof(m));
	mx_sendrec(c, &m);
	uint64_t first;
	int n = ring_read(h0, &first);
	for (int i = 0; i < n; i++)
		if (recs[i].kind != MX_TK_SEND) { r = t_failf("record of kind %d with only SEND traced", recs[i].kind); goto out; }
	if (n < 2) { r = t_failf("%d SEND records for one round trip, want 2", n); goto out; }
	ring_head();
	if (hdr.filtered <= filtered0) { r = t_failf("filtered count did not grow"); goto out; }

	/* Endpoint filter: traffic between us and `other` is not recorded when only c is selected. */
	T_EQ(tctl(MX_TC_SET_KINDS, IPC_KINDS, 0, 0), 0, "kinds");
	T_EQ(tctl(MX_TC_FILTER_EP, 0, c, 0), 0, "filter c");
	h0 = ring_head();
	memset(&m, 0, sizeof(m));
	mx_sendrec(other, &m);
	n = ring_read(h0, &first);
	if (n != 0) { r = t_failf("%d records for unselected endpoints", n); goto out; }
	mx_sendrec(c, &m);
	n = ring_read(h0, &first);
	if (n < 2) { r = t_failf("%d records for the selected endpoint, want >= 2", n); goto out; }
	/* Removing c from the filter and turning it off restores everything. */
	T_EQ(tctl(MX_TC_FILTER_EP, 0, c, 1), 0, "unfilter c");
out:
	trace_defaults();
	kill_child(c);
	kill_child(other);
	return r;
}

/* Past nrecs records the ring overwrites its oldest; readers are told where it starts. */
int t_trace_counters(void)
{
	mx_endpoint_t c;
	mx_message m;
	int r = 0;
	T_EQ(child(echo_loop, NULL, &c), 0, "spawn");
	tickdelay(1);
	T_EQ(tctl(MX_TC_SET_KINDS, KIND(SEND), 0, 0), 0, "kinds");
	T_EQ(tctl(MX_TC_FILTER_EP, 0, c, 0), 0, "filter c");
	uint64_t h0 = ring_head();
	uint32_t nrecs = hdr.nrecs;
	for (uint32_t i = 0; i < nrecs / 2 + 100; i++) {
		memset(&m, 0, sizeof(m));
		mx_sendrec(c, &m);
	}
	tickdelay(2);                       /* the clock tick brings the header up to date */
	uint64_t h1 = ring_head();
	if (h1 - h0 < nrecs) { r = t_failf("only %u records for %u round trips", (unsigned)(h1 - h0), nrecs / 2 + 100); goto out; }
	if (hdr.overwritten != h1 - nrecs) { r = t_failf("overwritten %u, want head-nrecs %u", (unsigned)hdr.overwritten, (unsigned)(h1 - nrecs)); goto out; }
	uint64_t first;
	int n = ring_read(h0, &first);
	if (first != h1 - nrecs) { r = t_failf("oldest readable record %u, want %u", (unsigned)first, (unsigned)(h1 - nrecs)); goto out; }
	if (n != 64 || recs[0].seq != (uint32_t)first) { r = t_failf("read %d records starting at seq %u", n, recs[0].seq); goto out; }
out:
	trace_defaults();
	kill_child(c);
	return r;
}

/* IPC semantics: every primitive, masks, dead and stale endpoints, ELOCKED. */
#include "ktest.h"

/* A child that echoes count requests back to their senders. */
static int echo_child(void *arg)
{
	int n = (int)(intptr_t)arg;
	for (int i = 0; i < n; i++) {
		mx_message m;
		if (mx_receive(MX_ANY, &m) != MX_OK)
			return 1;
		m.m_u.w[1] = m.m_u.w[0] + 1;
		mx_send(m.m_source, &m);
	}
	return 0;
}

int t_sendrec_basic(void)
{
	mx_endpoint_t c;
	T_EQ(child(echo_child, (void *)3, &c), 0, "spawn");
	for (uint32_t i = 0; i < 3; i++) {
		mx_message m;
		memset(&m, 0, sizeof(m));
		m.m_type = T_TYPE;
		m.m_u.w[0] = 100 + i;
		m.m_source = 12345;                   /* must be overwritten by the kernel */
		T_EQ(mx_sendrec(c, &m), MX_OK, "sendrec");
		T_EQ(m.m_source, c, "reply source");
		T_EQ(m.m_type, T_TYPE, "reply type");
		T_EQ(m.m_u.w[1], 101 + i, "reply body");
	}
	return wait_gone(c) == 0 ? 0 : t_failf("child did not exit");
}

/* The child receives only after a delay: the parent's SEND blocks until then. */
static int late_receiver(void *arg)
{
	mx_endpoint_t parent = (mx_endpoint_t)(intptr_t)arg;
	tickdelay(3);
	mx_message m;
	if (mx_receive(parent, &m) != MX_OK)
		return 1;
	return report(parent, T_DONE, (int32_t)m.m_u.w[0]);
}

int t_send_receive_blocking(void)
{
	mx_endpoint_t c;
	T_EQ(child(late_receiver, (void *)(intptr_t)self_ep, &c), 0, "spawn");
	mx_message m;
	memset(&m, 0, sizeof(m));
	m.m_type = T_TYPE;
	m.m_u.w[0] = 77;
	uint64_t t0 = sys_uptime();
	T_EQ(mx_send(c, &m), MX_OK, "blocking send");
	T_CHECK(sys_uptime() - t0 >= 2, "send returned before the receiver received (%u ticks)", (unsigned)(sys_uptime() - t0));
	T_EQ(recv_timeout(c, &m, 100), MX_OK, "done report");
	T_EQ(m.m_u.w[0], 77, "message body seen by the receiver");
	return 0;
}

static int send_value(void *arg)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	m.m_type = T_TYPE;
	m.m_u.w[0] = (uint32_t)(intptr_t)arg;
	return mx_send(self_ep, &m) == MX_OK ? 0 : 1;
}

int t_receive_specific(void)
{
	mx_endpoint_t a, b;
	T_EQ(child(send_value, (void *)1, &a), 0, "spawn a");
	T_EQ(child(send_value, (void *)2, &b), 0, "spawn b");
	tickdelay(2);                         /* both are now blocked sending to us, a first */
	mx_message m;
	T_EQ(mx_receive(b, &m), MX_OK, "receive from b");
	T_EQ(m.m_source, b, "source");
	T_EQ(m.m_u.w[0], 2, "b's value");
	T_EQ(mx_receive(MX_ANY, &m), MX_OK, "receive any");
	T_EQ(m.m_source, a, "source");
	T_EQ(m.m_u.w[0], 1, "a's value");
	return 0;
}

/* Blocks receiving from a process that never sends. */
static int receive_from_clock(void *arg)
{
	mx_message m;
	mx_receive(MX_CLOCK, &m);
	return 0;
}

int t_sendnb_notready(void)
{
	mx_endpoint_t c;
	mx_message m;
	memset(&m, 0, sizeof(m));
	T_EQ(child(receive_from_clock, NULL, &c), 0, "spawn");
	tickdelay(1);
	T_EQ(mx_sendnb(c, &m), -MX_ENOTREADY, "sendnb to a process receiving from someone else");
	kill_child(c);
	return 0;
}

/* Only NOTIFY makes notifications: a message typed as one is refused, with every primitive. */
int t_forged_notify(void)
{
	mx_endpoint_t c;
	mx_message m;
	T_EQ(child(echo_child, (void *)1, &c), 0, "spawn");
	tickdelay(1);
	memset(&m, 0, sizeof(m));
	m.m_type = MX_NOTIFY_MESSAGE;
	T_EQ(mx_send(c, &m), -MX_EBADREQUEST, "send");
	T_EQ(mx_sendnb(c, &m), -MX_EBADREQUEST, "sendnb");
	T_EQ(mx_sendrec(c, &m), -MX_EBADREQUEST, "sendrec");
	static mx_asynmsg t[1];
	t[0].flags = MX_AMF_VALID;
	t[0].dst = c;
	t[0].msg.m_type = MX_NOTIFY_MESSAGE;
	T_EQ(mx_senda(t, 1), MX_OK, "senda");
	T_EQ(t[0].result, -MX_EBADREQUEST, "senda entry");
	mx_senda(t, 0);
	m.m_type = T_TYPE;
	T_EQ(mx_sendrec(c, &m), MX_OK, "a real request afterwards");
	return 0;
}

int t_send_to_self(void)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	T_EQ(mx_send(self_ep, &m), -MX_ECALLDENIED, "send to self");
	T_EQ(mx_sendnb(self_ep, &m), -MX_ECALLDENIED, "sendnb to self");
	T_EQ(mx_sendrec(self_ep, &m), -MX_ECALLDENIED, "sendrec to self");
	T_EQ(mx_notify(self_ep), -MX_ECALLDENIED, "notify self");
	return 0;
}

/* Try to send to the endpoint in arg and report the result to the parent. */
static int try_send(void *arg)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	int r = mx_sendnb((mx_endpoint_t)(intptr_t)arg, &m);
	int n = mx_notify((mx_endpoint_t)(intptr_t)arg);
	return report(self_ep, T_DONE, r == n ? r : 9999);
}

int t_send_mask_denied(void)
{
	mx_endpoint_t a, b;
	mx_message m;
	T_EQ(child(receive_from_clock, NULL, &b), 0, "spawn b");
	T_EQ(child(try_send, (void *)(intptr_t)b, &a), 0, "spawn a");
	T_EQ(recv_timeout(a, &m, 100), MX_OK, "a's report");
	T_EQ((int32_t)m.m_u.w[0], -MX_ECALLDENIED, "a -> b without permission");
	kill_child(b);
	return 0;
}

/* ktest's boot table entry names "ktpeer", which does not exist at boot:
 * a process given that label later may talk to ktest without any ALLOW. */
int t_delayed_permission(void)
{
	mx_endpoint_t c;
	mx_message m;
	T_EQ(child_named(send_value, (void *)42, "ktpeer", SPAWN_NO_ALLOW, &c), 0, "spawn ktpeer");
	T_EQ(recv_timeout(c, &m, 100), MX_OK, "message from the late label");
	T_EQ(m.m_u.w[0], 42, "body");
	T_EQ(child_named(send_value, (void *)43, "kother", SPAWN_NO_ALLOW, &c), 0, "spawn kother");
	T_EQ(recv_timeout(c, &m, 20), -MX_ETIMEDOUT, "no message from an unrelated label");
	return 0;
}

static int send_then_exit(void *arg)
{
	report(self_ep, T_DONE, 0);
	return 0;
}

int t_dead_endpoint(void)
{
	mx_endpoint_t c;
	mx_message m;
	T_EQ(child(send_then_exit, NULL, &c), 0, "spawn");
	T_EQ(recv_timeout(c, &m, 100), MX_OK, "goodbye");
	/* Receiving from it fails once it is gone, and so does sending to it. */
	int r = mx_receive(c, &m);
	T_EQ(r, -MX_EDEADSRCDST, "receive from an exited process");
	memset(&m, 0, sizeof(m));
	T_EQ(mx_send(c, &m), -MX_EDEADSRCDST, "send to an exited process");
	T_EQ(mx_notify(c), -MX_EDEADSRCDST, "notify an exited process");
	return 0;
}

int t_bogus_endpoints(void)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	const mx_endpoint_t bad[] = { MX_ANY, MX_NONE, MX_SELF, -5, 0x3ff0ffff, MX_EP(0, 1000), MX_EP(7, 200) };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		T_EQ(mx_send(bad[i], &m), -MX_EDEADSRCDST, "send to a bogus endpoint");
		T_EQ(mx_sendrec(bad[i], &m), -MX_EDEADSRCDST, "sendrec to a bogus endpoint");
		if (bad[i] != MX_ANY)
			T_EQ(mx_receive(bad[i], &m), -MX_EDEADSRCDST, "receive from a bogus endpoint");
	}
	/* Kernel tasks take no messages. */
	T_EQ(mx_send(MX_SYSTEM, &m), -MX_ECALLDENIED, "send to SYSTEM");
	T_EQ(mx_send(MX_IDLE, &m), -MX_ECALLDENIED, "send to IDLE");
	return 0;
}

static int raw_ipc(int call, uint32_t ebx, uint32_t ecx)
{
	int r;
	__asm__ volatile("int $0x30" : "=a"(r) : "a"(call), "b"(ebx), "c"(ecx) : "memory");
	return r;
}

int t_bad_ipc_call(void)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	T_EQ(raw_ipc(0, (uint32_t)self_ep, (uint32_t)&m), -MX_EBADCALL, "IPC call 0");
	T_EQ(raw_ipc(7, (uint32_t)self_ep, (uint32_t)&m), -MX_EBADCALL, "IPC call 7");
	T_EQ(raw_ipc(-1, (uint32_t)self_ep, (uint32_t)&m), -MX_EBADCALL, "IPC call -1");
	mx_message k;
	memset(&k, 0, sizeof(k));
	k.m_type = 0;
	T_EQ(mx_kcall(&k), -MX_EBADCALL, "kernel call 0");
	k.m_type = MX_NR_KCALLS;
	T_EQ(mx_kcall(&k), -MX_EBADCALL, "kernel call past the last");
	return 0;
}

static int exit_now(void *arg)
{
	return 0;
}

/* A slot reused by a new process gets a new generation: the old endpoint stays dead. */
int t_stale_endpoint(void)
{
	mx_endpoint_t first, c = MX_NONE;
	mx_message m;
	memset(&m, 0, sizeof(m));
	T_EQ(child(exit_now, NULL, &first), 0, "spawn");
	T_CHECK(wait_gone(first) == 0, "first child did not exit");
	int tries;
	for (tries = 0; tries < MX_NR_SLOTS; tries++) {
		T_EQ(child(receive_from_clock, NULL, &c), 0, "spawn");
		if (MX_EP_SLOT(c) == MX_EP_SLOT(first))
			break;
		kill_child(c);
		wait_gone(c);
	}
	T_CHECK(MX_EP_SLOT(c) == MX_EP_SLOT(first), "slot %d never reused in %d spawns", MX_EP_SLOT(first), tries);
	T_CHECK(c != first && MX_EP_GEN(c) != MX_EP_GEN(first), "reused slot kept generation %d", MX_EP_GEN(c));
	T_EQ(mx_send(first, &m), -MX_EDEADSRCDST, "send to the stale endpoint");
	T_EQ(mx_notify(first), -MX_EDEADSRCDST, "notify the stale endpoint");
	T_EQ(mx_sendnb(c, &m), -MX_ENOTREADY, "the new process is reachable");
	kill_child(c);
	return 0;
}

/* ELOCKED: the kernel refuses the send that would close a cycle of blocked senders. */
struct cyc { mx_endpoint_t to; int wait_go; };
static struct cyc cyc_args[3];

static int cycle_member(void *arg)
{
	struct cyc *c = arg;
	mx_message m;
	memset(&m, 0, sizeof(m));
	if (c->wait_go && mx_receive(self_ep, &m) != MX_OK)
		return 1;
	memset(&m, 0, sizeof(m));
	int r = mx_send(c->to, &m);
	return report(self_ep, T_DONE, r);
}

static int last_member(void *arg)
{
	/* Wait for GO with the target, then send to it. */
	mx_message m;
	if (mx_receive(self_ep, &m) != MX_OK)
		return 1;
	mx_endpoint_t to = (mx_endpoint_t)m.m_u.w[0];
	memset(&m, 0, sizeof(m));
	int r = mx_send(to, &m);
	return report(self_ep, T_DONE, r);
}

static int elocked(int n)
{
	mx_endpoint_t ep[3];
	/* ep[n-1] sends to ep[0] last, closing the cycle. */
	T_EQ(child(last_member, NULL, &ep[n - 1]), 0, "spawn last");
	for (int i = n - 2; i >= 0; i--) {
		cyc_args[i].to = ep[i + 1];
		cyc_args[i].wait_go = 0;
		T_EQ(child(cycle_member, &cyc_args[i], &ep[i]), 0, "spawn");
	}
	for (int i = 0; i < n; i++)
		T_EQ(sys_allow(ep[i], ep[(i + 1) % n], 1), 0, "allow");
	tickdelay(2);                        /* ep[0..n-2] are now blocked sending along the chain */
	mx_message m;
	memset(&m, 0, sizeof(m));
	m.m_u.w[0] = (uint32_t)ep[0];
	T_EQ(mx_send(ep[n - 1], &m), MX_OK, "go");
	T_EQ(recv_timeout(ep[n - 1], &m, 100), MX_OK, "last member's report");
	T_EQ((int32_t)m.m_u.w[0], -MX_ELOCKED, "the send closing the cycle");
	/* The last member is still alive: let it take the chain's messages so all finish. */
	for (int i = 0; i < n; i++)
		kill_child(ep[i]);
	return 0;
}

int t_elocked_two(void)
{
	return elocked(2);
}

int t_elocked_three(void)
{
	return elocked(3);
}

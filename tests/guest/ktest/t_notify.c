/* NOTIFY and SENDA. */
#include "ktest.h"

struct notifier { mx_endpoint_t to; int count; };
static struct notifier notifier_arg;

static int notifier(void *arg)
{
	struct notifier *n = arg;
	for (int i = 0; i < n->count; i++)
		if (mx_notify(n->to) != MX_OK)
			return 1;
	return report(n->to, T_DONE, 0);
}

/* Counts notifications until T_DONE, then tells the parent how many. */
static int coalesce_receiver(void *arg)
{
	mx_message m;
	int notifies = 0;
	if (mx_receive(self_ep, &m) != MX_OK)         /* wait for GO */
		return 1;
	for (;;) {
		if (mx_receive(MX_ANY, &m) != MX_OK)
			return 1;
		if (is_notify(&m))
			notifies++;
		else if (m.m_type == T_DONE)
			break;
	}
	return report(self_ep, T_DONE, notifies);
}

int t_notify_coalesce(void)
{
	mx_endpoint_t a, b;
	mx_message m;
	T_EQ(child(coalesce_receiver, NULL, &b), 0, "spawn receiver");
	notifier_arg.to = b;
	notifier_arg.count = 3;
	T_EQ(child(notifier, &notifier_arg, &a), 0, "spawn notifier");
	T_EQ(sys_allow(a, b, 1), 0, "allow");
	tickdelay(2);                       /* three notifies pending at b, a blocked sending T_DONE */
	memset(&m, 0, sizeof(m));
	m.m_type = T_GO;
	T_EQ(mx_send(b, &m), MX_OK, "go");
	T_EQ(recv_timeout(b, &m, 100), MX_OK, "receiver's report");
	T_EQ(m.m_u.w[0], 1, "notifications seen after three pending notifies");
	return 0;
}

/* Notify the parent; then stay alive (arg 0) or exit (arg 1). */
static int notify_parent(void *arg)
{
	mx_message m;
	if (mx_notify(self_ep) != MX_OK)
		return 1;
	while (!arg)
		mx_receive(MX_CLOCK, &m);
	return 0;
}

int t_notify_receive_specific(void)
{
	mx_endpoint_t a, b;
	mx_message m;
	T_EQ(child(notify_parent, (void *)0, &a), 0, "spawn a");
	T_EQ(child(notify_parent, (void *)0, &b), 0, "spawn b");
	tickdelay(2);
	T_EQ(mx_receive(b, &m), MX_OK, "receive b's notification");
	T_EQ(m.m_source, b, "source");
	T_EQ(m.m_type, MX_NOTIFY_MESSAGE, "type");
	T_EQ(mx_receive(MX_ANY, &m), MX_OK, "receive a's notification");
	T_EQ(m.m_source, a, "source");
	T_EQ(m.m_type, MX_NOTIFY_MESSAGE, "type");
	T_EQ(recv_timeout(MX_ANY, &m, 3), -MX_ETIMEDOUT, "nothing more");
	kill_child(a);
	kill_child(b);
	/* A notification from a process that exits before it is received is dropped with it. */
	T_EQ(child(notify_parent, (void *)1, &a), 0, "spawn a notifier that exits");
	T_CHECK(wait_gone(a) == 0, "notifier did not exit");
	T_EQ(recv_timeout(MX_ANY, &m, 3), -MX_ETIMEDOUT, "notification from an exited process");
	return 0;
}

static mx_asynmsg table[4];

/* Receive from the parent, then any, and report the sum of the first words. */
static int async_receiver(void *arg)
{
	mx_message m;
	uint32_t sum = 0;
	if (mx_receive(self_ep, &m) != MX_OK)
		return 1;
	sum += m.m_u.w[0];
	if (mx_receive(MX_ANY, &m) != MX_OK)
		return 1;
	sum += m.m_u.w[0];
	return report(self_ep, T_DONE, (int32_t)sum);
}

static void entry(int i, mx_endpoint_t dst, uint32_t flags, uint32_t value)
{
	memset(&table[i], 0, sizeof(table[i]));
	table[i].flags = flags;
	table[i].dst = dst;
	table[i].msg.m_type = T_TYPE;
	table[i].msg.m_u.w[0] = value;
}

int t_senda_delivery(void)
{
	mx_endpoint_t c;
	mx_message m;
	T_EQ(child(async_receiver, NULL, &c), 0, "spawn");
	tickdelay(1);                       /* c waits for a message from us */
	entry(0, c, MX_AMF_VALID, 5);
	entry(1, c, MX_AMF_VALID | MX_AMF_NOTIFY, 7);
	T_EQ(mx_senda(table, 2), MX_OK, "senda");
	T_CHECK(table[0].flags & MX_AMF_DONE, "entry 0 not delivered at once to a waiting receiver");
	T_EQ(table[0].result, MX_OK, "entry 0 result");
	T_CHECK(!(table[1].flags & MX_AMF_DONE), "entry 1 done before the receiver asked for it");
	/* c receives entry 1 later; AMF_NOTIFY brings us a notification from c. */
	T_EQ(recv_timeout(c, &m, 100), MX_OK, "notification");
	T_EQ(m.m_type, MX_NOTIFY_MESSAGE, "entry 1 completion is a notification");
	T_EQ(recv_timeout(c, &m, 100), MX_OK, "report");
	T_EQ(m.m_u.w[0], 12, "sum of both entries");
	T_CHECK(table[1].flags & MX_AMF_DONE, "entry 1 not marked done");
	T_EQ(table[1].result, MX_OK, "entry 1 result");
	T_EQ(mx_senda(table, 0), MX_OK, "clear the table");
	return 0;
}

static int exit_now(void *arg)
{
	return 0;
}

int t_senda_errors(void)
{
	mx_endpoint_t dead, stranger;
	T_EQ(mx_senda(table, MX_SENDA_MAX + 1), -MX_EINVAL, "count over the limit");
	T_EQ(mx_senda((mx_asynmsg *)0x10, 1), -MX_EFAULT, "table at a bad address");
	T_EQ(mx_senda((mx_asynmsg *)0xc0100000, 1), -MX_EFAULT, "table in the kernel");
	T_EQ(child(exit_now, NULL, &dead), 0, "spawn");
	T_CHECK(wait_gone(dead) == 0, "child did not exit");
	T_EQ(child_named(exit_now, NULL, "kstr", SPAWN_NO_ALLOW, &stranger), 0, "spawn");
	entry(0, dead, MX_AMF_VALID, 1);
	entry(1, MX_ANY, MX_AMF_VALID, 1);
	entry(2, 0, 0, 1);                  /* not valid: skipped */
	T_EQ(mx_senda(table, 3), MX_OK, "senda");
	T_CHECK(table[0].flags & MX_AMF_DONE, "entry to a dead endpoint not done");
	T_EQ(table[0].result, -MX_EDEADSRCDST, "entry to a dead endpoint");
	T_EQ(table[1].result, -MX_EDEADSRCDST, "entry to ANY");
	T_CHECK(!(table[2].flags & MX_AMF_DONE), "invalid entry was touched");
	/* The send mask applies to SENDA too (the seeds' fix): kstr was not allowed. */
	entry(0, stranger, MX_AMF_VALID, 1);
	T_EQ(mx_senda(table, 1), MX_OK, "senda");
	T_EQ(table[0].result, -MX_ECALLDENIED, "entry to a process we may not talk to");
	T_EQ(mx_senda(table, 0), MX_OK, "clear");
	return 0;
}

/* Sends a request after a delay; then reports the reply type and the type of the next message. */
static int noreply_client(void *arg)
{
	mx_message m;
	tickdelay(3);
	memset(&m, 0, sizeof(m));
	m.m_type = T_TYPE;
	if (mx_sendrec(self_ep, &m) != MX_OK)
		return 1;
	int32_t reply = m.m_type;
	if (mx_receive(MX_ANY, &m) != MX_OK)
		return 1;
	return report(self_ep, reply, (int32_t)m.m_u.w[0]);
}

int t_senda_noreply(void)
{
	mx_endpoint_t c;
	mx_message m;
	T_EQ(child(noreply_client, NULL, &c), 0, "spawn");
	tickdelay(1);                       /* c waits on the clock: the entry stays pending */
	entry(0, c, MX_AMF_VALID | MX_AMF_NOREPLY, 99);
	T_EQ(mx_senda(table, 1), MX_OK, "senda");
	T_EQ(recv_timeout(c, &m, 100), MX_OK, "request");
	/* c now waits for our reply; the NOREPLY entry must not be taken as one. */
	tickdelay(1);
	memset(&m, 0, sizeof(m));
	m.m_type = T_DONE;
	T_EQ(mx_send(c, &m), MX_OK, "reply");
	T_EQ(recv_timeout(c, &m, 100), MX_OK, "report");
	T_EQ(m.m_type, T_DONE, "the reply c got");
	T_EQ(m.m_u.w[0], 99, "the asynchronous message came after the reply");
	T_EQ(mx_senda(table, 0), MX_OK, "clear");
	return 0;
}

/* Helpers for ktest: children, timed receives, reports. */
#include "ktest.h"

/* Receive from src, giving up after ticks (returns -ETIMEDOUT). */
int recv_timeout(mx_endpoint_t src, mx_message *m, uint32_t ticks)
{
	sys_setalarm(ticks, 0, NULL);
	for (;;) {
		int r = mx_receive(MX_ANY, m);
		if (r != MX_OK) {
			sys_setalarm(0, 0, NULL);
			return r;
		}
		if (m->m_source == MX_CLOCK && is_notify(m))
			return -MX_ETIMEDOUT;
		if (src == MX_ANY || m->m_source == src) {
			sys_setalarm(0, 0, NULL);
			return MX_OK;
		}
		/* A stray message from an earlier test's child: drop it. */
	}
}

int child_named(int (*fn)(void *), void *arg, const char *label, int flags, mx_endpoint_t *ep)
{
	return spawn(fn, arg, KC_CHILD_DEFAULT, label, flags, ep);
}

int child(int (*fn)(void *), void *arg, mx_endpoint_t *ep)
{
	return child_named(fn, arg, "kchild", 0, ep);
}

int report(mx_endpoint_t to, int32_t type, int32_t value)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	m.m_type = type;
	m.m_u.w[0] = (uint32_t)value;
	return mx_send(to, &m);
}

/* Wait until ep no longer exists (sending to it fails). */
int wait_gone(mx_endpoint_t ep)
{
	for (int i = 0; i < 200; i++) {
		mx_message m;
		memset(&m, 0, sizeof(m));
		if (mx_sendnb(ep, &m) == -MX_EDEADSRCDST)
			return 0;
		tickdelay(1);
	}
	return -1;
}

void kill_child(mx_endpoint_t ep)
{
	sys_kill(ep, 9);
}

/* Let children finish exiting and drop anything left for us. */
void settle(void)
{
	mx_message m;
	tickdelay(1);
	while (recv_timeout(MX_ANY, &m, 1) == MX_OK)
		;
}

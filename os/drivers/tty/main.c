/*
 * The tty driver's main loop: interrupts arrive as notifications from
 * HARDWARE; requests go through table.c and are answered asynchronously
 * (a read that has to wait is answered when its line is complete).
 */
#include "tty.h"

typedef int (*dev_handler)(mx_message *m);
extern const dev_handler tty_calls[];
extern const int tty_ncalls;

struct tty ttys[NR_TTYS];

void reply(mx_endpoint_t to, uint32_t tag, uint32_t minor, int status)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	m.m_type = MX_DEV_REPLY;
	struct dev_reply *r = MX_BODY(&m, struct dev_reply);
	r->tag = tag;
	r->minor = minor;
	r->status = status;
	asynsend(to, &m);
}

int main(void)
{
	sef_startup();                          /* RS's handshake; our label in DS */
	for (int i = 0; i < NR_TTYS; i++)
		tty_init(&ttys[i]);
	console_init();
	pending_register();
	for (;;) {
		mx_message m;
		pending_publish();                     /* whatever the last message changed */
		if (sef_receive(&m) != MX_OK)          /* answers RS's heartbeats */
			continue;
		if (is_notify(&m) && m.m_source >= 0 && m.m_source < MX_NR_TASKS) {
			if (m.m_source == MX_HARDWARE)
				console_irq(m.m_u.notify.bits);
			continue;
		}
		if (m.m_source == MX_PM && m.m_type <= 0)
			continue;                  /* PM's answer to a signal we asked for */
		int idx = m.m_type - MX_DEV_BASE, r;
		if (idx < 0 || idx >= tty_ncalls || !tty_calls[idx])
			r = -MX_EBADREQUEST;
		else
			r = tty_calls[idx](&m);
		if (r != -MX_EDONTREPLY)
			reply(m.m_source, m.m_u.w[0], m.m_u.w[1], r);
	}
}

/*
 * The memory driver's main loop: receive a request, run its handler, and
 * answer with DEV_REPLY (asynchronously: a requester that is not waiting
 * gets it when it next receives).  Every request is answered; a bad one
 * with an error.
 */
#include "memory.h"

typedef int (*dev_handler)(mx_message *m);
extern const dev_handler mem_calls[];
extern const int mem_ncalls;

struct memdev memdevs[] = {
	[MX_MINOR_RAM]  = { .name = "ram", .writable = 1 },
	[MX_MINOR_KMEM] = { .name = "kmem" },
	[MX_MINOR_NULL] = { .name = "null", .writable = 1 },
	[MX_MINOR_ZERO] = { .name = "zero", .writable = 1 },
};
const int nr_memdevs = (int)(sizeof(memdevs) / sizeof(memdevs[0]));

int main(void)
{
	sef_startup();                          /* RS's handshake; our label in DS */
	if (ram_init() < 0)
		sys_printf("memory: no %s module: /dev/ram is empty\n", RAM_MODULE);
	for (;;) {
		mx_message m;
		if (sef_receive(&m) != MX_OK)          /* answers RS's heartbeats */
			continue;
		if (is_notify(&m) && m.m_source >= 0 && m.m_source < MX_NR_TASKS)
			continue;                      /* a forged "notification" is answered below */
		int idx = m.m_type - MX_DEV_BASE, r;
		if (idx < 0 || idx >= mem_ncalls || !mem_calls[idx])
			r = -MX_EBADREQUEST;
		else
			r = mem_calls[idx](&m);
		if (r == -MX_EDONTREPLY)
			continue;
		struct dev_reply *rep = MX_BODY(&m, struct dev_reply);
		uint32_t tag = rep->tag, minor = rep->minor;   /* the first two words of every request */
		memset(&m.m_u, 0, sizeof(m.m_u));
		m.m_type = MX_DEV_REPLY;
		rep->tag = tag;
		rep->minor = minor;
		rep->status = r;
		asynsend(m.m_source, &m);
	}
}

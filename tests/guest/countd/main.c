/*
 * countd: a test service that keeps a counter and recovers it after a
 * restart (from DS, where it publishes every change), to check RS crash
 * recovery end to end.  Requests: COUNT_INC (reply: the new value),
 * COUNT_GET, COUNT_CRASH (it faults on purpose; no reply).
 */
#include <string.h>
#include <mxsys.h>
#include <mx/callnr.h>
#include <mx/rs.h>

#define COUNT_INC   (MX_TEST_BASE + 0x40)
#define COUNT_GET   (MX_TEST_BASE + 0x41)
#define COUNT_CRASH (MX_TEST_BASE + 0x42)

static uint32_t count;

static int init(int type, uint32_t restarts)
{
	if (type == SEF_INIT_RESTART && ds_retrieve_u32("countd.count", &count) == MX_OK)
		sys_printf("countd: restarted (%u), recovered count %u from DS\n", restarts, count);
	return 0;
}

int main(void)
{
	sef_setcb_init(init);
	sef_startup();
	for (;;) {
		mx_message m;
		if (sef_receive(&m) != MX_OK || is_notify(&m))
			continue;
		int r;
		switch (m.m_type) {
		case COUNT_INC:
			count++;
			ds_publish_u32("countd.count", count);
			r = (int)count;
			break;
		case COUNT_GET:
			r = (int)count;
			break;
		case COUNT_CRASH:
			*(volatile uint32_t *)0 = count;     /* a real page fault */
			r = 0;
			break;
		default:
			r = -MX_EBADREQUEST;
		}
		m.m_type = r;
		mx_sendnb(m.m_source, &m);
	}
}

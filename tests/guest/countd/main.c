/*
 * countd: a test service that keeps a counter and recovers it after a
 * restart (from DS, where it publishes every change), to check RS crash
 * recovery end to end.  Requests: COUNT_INC (reply: the new value),
 * COUNT_GET, COUNT_CRASH (it faults on purpose; no reply), COUNT_HANG (it
 * stops answering, heartbeats too), COUNT_SUB and COUNT_NOTE (DS
 * subscriptions, which only system processes can receive).
 */
#include <string.h>
#include <mxsys.h>
#include <mx/callnr.h>
#include <mx/rs.h>

#define COUNT_INC   (MX_TEST_BASE + 0x40)
#define COUNT_GET   (MX_TEST_BASE + 0x41)
#define COUNT_CRASH (MX_TEST_BASE + 0x42)
#define COUNT_HANG  (MX_TEST_BASE + 0x43)  /* stop answering anything, heartbeats included */
#define COUNT_SUB   (MX_TEST_BASE + 0x44)  /* subscribe to the DS pattern in the body */
#define COUNT_NOTE  (MX_TEST_BASE + 0x45)  /* wait (<= 2 s) for DS's notification; reply the changed key's u32 */

static uint32_t count;
static int ds_changed;

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
		if (sef_receive(&m) != MX_OK)
			continue;
		if (is_notify(&m)) {
			ds_changed |= m.m_source == MX_DS;   /* kept for COUNT_NOTE */
			continue;
		}
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
		case COUNT_HANG:
			for (;;)
				;
		case COUNT_SUB:
			m.m_u.raw[MX_BODY_SIZE - 1] = 0;
			r = ds_subscribe((const char *)m.m_u.raw, 0);
			break;
		case COUNT_NOTE: {
			mx_message n;
			mx_endpoint_t client = m.m_source;
			sys_setalarm(200, 0, NULL);
			r = -MX_ETIMEDOUT;
			while (!ds_changed && mx_receive(MX_ANY, &n) == MX_OK && is_notify(&n)) {
				if (n.m_source == MX_CLOCK)
					break;
				if (n.m_source == MX_DS)
					ds_changed = 1;
			}
			if (ds_changed) {
				char key[32];
				uint32_t v = 0;
				int del;
				ds_changed = 0;
				r = ds_check(key, sizeof(key), &v, &del) == MX_OK ? (int)v : -MX_ESRCH;
			}
			sys_setalarm(0, 0, NULL);
			m.m_source = client;
			break;
		}
		default:
			r = -MX_EBADREQUEST;
		}
		m.m_type = r;
		mx_sendnb(m.m_source, &m);
	}
}

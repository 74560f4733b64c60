/* DS's main loop: requests through table.c, replies by SENDNB. */
#include "ds.h"

typedef int (*ds_handler)(mx_message *m);
#define IDX(call) ((call) - MX_DS_BASE)
static const ds_handler ds_calls[] = {
	[IDX(MX_DS_PUBLISH)]   = do_publish,
	[IDX(MX_DS_RETRIEVE)]  = do_retrieve,
	[IDX(MX_DS_SUBSCRIBE)] = do_subscribe,
	[IDX(MX_DS_CHECK)]     = do_check,
	[IDX(MX_DS_DELETE)]    = do_delete,
};

int main(void)
{
	sef_startup();
	store_init();
	for (;;) {
		mx_message m;
		if (sef_receive(&m) != MX_OK)
			continue;
		int idx = m.m_type - MX_DS_BASE, r;
		if (idx < 0 || idx >= (int)(sizeof(ds_calls) / sizeof(ds_calls[0])) || !ds_calls[idx])
			r = -MX_EBADREQUEST;
		else
			r = ds_calls[idx](&m);
		m.m_type = r;
		mx_sendnb(m.m_source, &m);
	}
}

/* Requests to handlers (DEV_* numbers from callnr.h). */
#include "memory.h"

#define IDX(call) ((call) - MX_DEV_BASE)

typedef int (*dev_handler)(mx_message *m);
const dev_handler mem_calls[] = {
	[IDX(MX_DEV_OPEN)]   = do_open,     /* open a minor */
	[IDX(MX_DEV_CLOSE)]  = do_close,
	[IDX(MX_DEV_READ)]   = do_rdwt,     /* read to the requester's grant */
	[IDX(MX_DEV_WRITE)]  = do_rdwt,     /* write from it */
	[IDX(MX_DEV_IOCTL)]  = do_ioctl,    /* none: ENOTTY */
	[IDX(MX_DEV_SELECT)] = do_select,   /* always ready */
	[IDX(MX_DEV_CANCEL)] = do_cancel,   /* nothing ever waits */
};
const int mem_ncalls = (int)(sizeof(mem_calls) / sizeof(mem_calls[0]));

/* Requests to handlers (DEV_* numbers from callnr.h). */
#include "tty.h"

#define IDX(call) ((call) - MX_DEV_BASE)

typedef int (*dev_handler)(mx_message *m);
const dev_handler tty_calls[] = {
	[IDX(MX_DEV_OPEN)]   = do_open,
	[IDX(MX_DEV_CLOSE)]  = do_close,
	[IDX(MX_DEV_READ)]   = do_read,     /* may wait for a line */
	[IDX(MX_DEV_WRITE)]  = do_write,
	[IDX(MX_DEV_IOCTL)]  = do_ioctl,    /* termios, process group, window size */
	[IDX(MX_DEV_SELECT)] = do_select,
	[IDX(MX_DEV_CANCEL)] = do_cancel,   /* a signal ends a waiting read */
};
const int tty_ncalls = (int)(sizeof(tty_calls) / sizeof(tty_calls[0]));

/*
 * A process's state as one word, from its kernel flags (procflags.h): the
 * words every tool shows (ps in the guest, mxtop, mxdump, the gdb-scripts):
 * RUN, SEND, RECV, REPLY-WAIT (a SENDREC whose send is done), STOPPED, ...
 * The IPC peer is shown beside it as SEND->x, RECV<-y, REPLY-WAIT<-z.
 * Shared by the guest and the host tools.
 */
#ifndef MX_PROCSTATE_H
#define MX_PROCSTATE_H

#include <stdint.h>
#include "procflags.h"

static inline const char *mx_proc_state(uint32_t rts, uint32_t misc)
{
	if (rts & MX_RTS_SLOT_FREE) return "FREE";
	if (rts & MX_RTS_EXITING) return "EXITING";
	if (rts & MX_RTS_BOOTING) return "BOOTING";
	if (rts & MX_RTS_PROC_STOP) return "STOPPED";
	if (rts & MX_RTS_SIG_PENDING) return "SIGNAL";
	if (rts & MX_RTS_PAGEFAULT) return "PAGEFAULT";
	if (rts & MX_RTS_NO_PRIV) return "NOPRIV";
	if (rts & MX_RTS_SENDING) return "SEND";
	if (rts & MX_RTS_RECEIVING) return (misc & MX_MF_REPLY_PEND) ? "REPLY-WAIT" : "RECV";
	return "RUN";
}

/* The arrow between the state and the peer: "->" toward a send's target, "<-" from a receive's source. */
static inline const char *mx_proc_state_arrow(uint32_t rts)
{
	if (rts & (MX_RTS_SLOT_FREE | MX_RTS_EXITING | MX_RTS_BOOTING | MX_RTS_PROC_STOP |
		   MX_RTS_SIG_PENDING | MX_RTS_PAGEFAULT | MX_RTS_NO_PRIV))
		return "";
	if (rts & MX_RTS_SENDING) return "->";
	if (rts & MX_RTS_RECEIVING) return "<-";
	return "";
}

#endif

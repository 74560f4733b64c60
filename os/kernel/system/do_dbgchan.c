/*
 * DBGCHAN: IS's use of the debug channel.
 *   SEND: in .type (DUMP, LOG, ERROR), .flags, .addr, .len: send one frame
 *   RECV: in .addr, .len (room); out .type (the command's seq), .len:
 *         take the next dump command the host sent (len 0 if none)
 */
#include "../system.h"
#include <mx/chan.h>

int do_sys_DBGCHAN(struct proc *caller, mx_message *m)
{
	struct kc_dbgchan *a = MX_BODY(m, struct kc_dbgchan);
	uint8_t buf[MX_FRAME_MAXPAYLOAD];
	int r;
	switch (a->op) {
	case MX_DC_SEND:
		if (a->len > sizeof(buf) || (a->type != MX_FR_DUMP && a->type != MX_FR_LOG &&
					     a->type != MX_FR_ERROR))
			return -MX_EINVAL;
		if ((r = kc_copy_fault(caller, caller, a->addr, a->len, 0)) != MX_OK)
			return r;
		copy_from_user(caller, a->addr, buf, a->len);
		r = dbgchan_send((int)a->type, (int)a->flags, buf, a->len);
		dbgchan_poll();
		return r;
	case MX_DC_RECV: {
		uint32_t seq = 0;
		int n = dbgchan_take_cmd(buf, a->len < sizeof(buf) ? a->len : sizeof(buf), &seq);
		if (n > 0) {
			if ((r = kc_copy_fault(caller, caller, a->addr, (uint32_t)n, 1)) != MX_OK)
				return r;
			copy_to_user(caller, a->addr, buf, (uint32_t)n);
		}
		a->type = seq;
		a->len = (uint32_t)n;
		return MX_OK;
	}
	}
	return -MX_EINVAL;
}

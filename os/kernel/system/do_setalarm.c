/*
 * SETALARM: CLOCK notifies the caller after some ticks (one alarm each).
 *   in: kc_setalarm.ticks (0 cancels), .absolute
 *   out: .prev_left, .now_lo/.now_hi
 */
#include "../system.h"

int do_sys_SETALARM(struct proc *caller, mx_message *m)
{
	struct kc_setalarm *a = MX_BODY(m, struct kc_setalarm);
	a->prev_left = (uint32_t)alarm_left(caller);
	a->now_lo = (uint32_t)uptime;
	a->now_hi = (uint32_t)(uptime >> 32);
	if (a->ticks == 0)
		return alarm_set(caller, 0);
	uint64_t when = a->absolute ? a->ticks : uptime + a->ticks;
	if (when <= uptime)
		when = uptime + 1;
	return alarm_set(caller, when);
}

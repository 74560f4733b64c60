/*
 * The clock: HZ ticks a second from the PIT.  Each tick advances uptime,
 * charges the tick to the running process (user or system time), ends
 * quanta, refreshes the trace control cache and fires expired alarms as
 * notifications from CLOCK.
 */
#include "kernel.h"
#include "proc.h"

volatile uint64_t uptime;
uint64_t tsc_hz;
static uint64_t next_alarm = ~0ull;

void clock_init(void)
{
	pit_init(HZ);
}

int alarm_set(struct proc *p, uint64_t when)
{
	p->p_alarm = when;
	if (when && when < next_alarm)
		next_alarm = when;
	return MX_OK;
}

uint64_t alarm_left(struct proc *p)
{
	return p->p_alarm > uptime ? p->p_alarm - uptime : 0;
}

static void fire_alarms(void)
{
	next_alarm = ~0ull;
	for (int i = 0; i < MX_NR_SLOTS; i++) {
		struct proc *p = &proc[i];
		if (!p->p_alarm || isemptyp(p))
			continue;
		if (p->p_alarm <= uptime) {
			p->p_alarm = 0;
			mini_notify(&proc[MX_CLOCK], p->p_endpoint);
		} else if (p->p_alarm < next_alarm) {
			next_alarm = p->p_alarm;
		}
	}
}

void clock_tick(struct stackframe *f)
{
	uptime++;
	kinfo.uptime_ticks = uptime;
	struct proc *p = proc_ptr;
	if (p) {
		if (p->p_nr == MX_IDLE || !(f->cs & 3))
			p->p_sys_ticks++;
		else
			p->p_user_ticks++;
		sched_tick(p);
	}
	trace_sync_ctl();
	dbgchan_poll();                         /* keep the debug channel moving under load */
	if (uptime >= next_alarm)
		fire_alarms();
}

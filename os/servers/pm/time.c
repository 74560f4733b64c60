/*
 * Time: alarm(2) and nanosleep for every process, from one kernel alarm
 * set for the earliest deadline; times(2); the time of day from the boot
 * time the kernel read from the CMOS clock.
 */
#include "pm.h"

#define HZ 100
uint64_t now_ticks;
uint32_t boot_time;
int sig_retry_due(void);
int sig_retry_armed(void);

void time_update(void)
{
	struct kc_proc t;
	if (sys_times(MX_SELF, &t) == 0)
		now_ticks = t.uptime_ticks;
	if (!boot_time) {
		mx_kinfo k;
		if (sys_getinfo(MX_GI_KINFO, &k, sizeof(k), 0) >= 0)
			boot_time = k.boot_time;
	}
}

/* Set the kernel alarm for the earliest deadline (or the next tick for held signals). */
void timers_update(void)
{
	uint64_t next = 0;
	for (int i = 0; i < MX_NR_SLOTS; i++) {
		struct mproc *mp = &mproc[i];
		if (!MP_INUSE(mp))
			continue;
		if (mp->alarm_at && (!next || mp->alarm_at < next))
			next = mp->alarm_at;
		if (mp->sleep_until && (!next || mp->sleep_until < next))
			next = mp->sleep_until;
	}
	time_update();
	if (sig_retry_armed() && (!next || next > now_ticks + 1))
		next = now_ticks + 1;
	sys_setalarm(next ? (uint32_t)(next > now_ticks ? next - now_ticks : 1) : 0, 0, NULL);
}

void timers_expired(void)
{
	time_update();
	sig_retry_due();
	for (int i = 0; i < MX_NR_SLOTS; i++) {
		struct mproc *mp = &mproc[i];
		if (!MP_INUSE(mp) || (mp->pub.flags & MX_PMF_ZOMBIE))
			continue;
		if (mp->sleep_until && mp->sleep_until <= now_ticks) {
			mp->sleep_until = 0;
			mp->pub.flags &= ~MX_PMF_SLEEPING;
			mx_message m;
			memset(&m, 0, sizeof(m));
			reply(mp, 0, &m);
		}
		if (mp->alarm_at && mp->alarm_at <= now_ticks) {
			mp->alarm_at = 0;
			sig_post(mp, SIGALRM);
		}
	}
	timers_update();
}

int do_alarm(struct mproc *mp, mx_message *m)
{
	struct pm_alarm *a = MX_BODY(m, struct pm_alarm);
	time_update();
	uint32_t left = mp->alarm_at > now_ticks ? (uint32_t)((mp->alarm_at - now_ticks + HZ - 1) / HZ) : 0;
	mp->alarm_at = a->seconds ? now_ticks + (uint64_t)a->seconds * HZ : 0;
	a->left = left;
	timers_update();
	return (int)left;
}

int do_sleep(struct mproc *mp, mx_message *m)
{
	struct pm_sleep *a = MX_BODY(m, struct pm_sleep);
	if (a->ms == 0)
		return 0;
	time_update();
	mp->sleep_until = now_ticks + (a->ms * HZ + 999) / 1000;
	mp->waiting = PW_SLEEP;
	mp->pub.flags |= MX_PMF_SLEEPING;
	timers_update();
	return -MX_EDONTREPLY;
}

int do_times(struct mproc *mp, mx_message *m)
{
	struct pm_times *a = MX_BODY(m, struct pm_times);
	struct kc_proc t;
	int r = sys_times(mp->pub.ep, &t);
	if (r < 0)
		return r;
	a->user = (uint32_t)t.user_ticks;
	a->sys = (uint32_t)t.sys_ticks;
	a->cuser = mp->child_user;
	a->csys = mp->child_sys;
	a->uptime_lo = (uint32_t)t.uptime_ticks;
	a->uptime_hi = (uint32_t)(t.uptime_ticks >> 32);
	a->hz = HZ;
	return 0;
}

int do_time(struct mproc *mp, mx_message *m)
{
	struct pm_time *a = MX_BODY(m, struct pm_time);
	time_update();
	a->boot_sec = boot_time;
	a->sec = boot_time + (uint32_t)(now_ticks / HZ);
	a->nsec = (uint32_t)(now_ticks % HZ) * (1000000000u / HZ);
	return 0;
}

/* Time and timers through PM: time, clock_gettime, times, alarm, pause, sleep. */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>
#include <sys/times.h>
#include <mxlib.h>

static int pm_time(int type, struct pm_time *out)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	if (_syscall(MX_PM, type, &m) < 0)
		return -1;
	*out = *MX_BODY(&m, struct pm_time);
	return 0;
}

time_t time(time_t *t)
{
	struct pm_time pt;
	if (pm_time(MX_PM_TIME, &pt) < 0)
		return (time_t)-1;
	if (t)
		*t = (time_t)pt.sec;
	return (time_t)pt.sec;
}

/* CLOCK_MONOTONIC counts from boot: the wall clock minus its value at boot. */
int clock_gettime(clockid_t id, struct timespec *ts)
{
	struct pm_time pt;
	if (id != CLOCK_REALTIME && id != CLOCK_MONOTONIC) {
		errno = EINVAL;
		return -1;
	}
	if (pm_time(MX_PM_CLOCK, &pt) < 0)
		return -1;
	ts->tv_sec = (time_t)(id == CLOCK_MONOTONIC ? pt.sec - pt.boot_sec : pt.sec);
	ts->tv_nsec = (long)pt.nsec;
	return 0;
}

int gettimeofday(struct timeval *tv, void *tz)
{
	struct timespec ts;
	if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
		return -1;
	tv->tv_sec = ts.tv_sec;
	tv->tv_usec = ts.tv_nsec / 1000;
	return 0;
}

static int pm_times(struct pm_times *out)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	if (_syscall(MX_PM, MX_PM_TIMES, &m) < 0)
		return -1;
	*out = *MX_BODY(&m, struct pm_times);
	return 0;
}

clock_t times(struct tms *t)
{
	struct pm_times pt;
	if (pm_times(&pt) < 0)
		return (clock_t)-1;
	if (t) {
		t->tms_utime = (clock_t)pt.user;
		t->tms_stime = (clock_t)pt.sys;
		t->tms_cutime = (clock_t)pt.cuser;
		t->tms_cstime = (clock_t)pt.csys;
	}
	return (clock_t)pt.uptime_lo;
}

/* Processor time used, in CLOCKS_PER_SEC units. */
clock_t clock(void)
{
	struct pm_times pt;
	if (pm_times(&pt) < 0 || pt.hz == 0)
		return (clock_t)-1;
	return (clock_t)((uint64_t)(pt.user + pt.sys) * CLOCKS_PER_SEC / pt.hz);
}

long sysconf(int name)
{
	struct pm_times pt;
	switch (name) {
	case _SC_CLK_TCK:
		return pm_times(&pt) < 0 || pt.hz == 0 ? 100 : (long)pt.hz;
	case _SC_PAGESIZE:
		return 4096;
	case _SC_OPEN_MAX:
		return 32;
	case _SC_ARG_MAX:
		return 64 * 1024;
	}
	errno = EINVAL;
	return -1;
}

unsigned alarm(unsigned seconds)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	MX_BODY(&m, struct pm_alarm)->seconds = seconds;
	if (_syscall(MX_PM, MX_PM_ALARM, &m) < 0)
		return 0;
	return MX_BODY(&m, struct pm_alarm)->left;
}

int pause(void)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	_syscall(MX_PM, MX_PM_PAUSE, &m);
	return -1;                            /* always EINTR */
}

/* Sleep ms milliseconds; *left gets what remains if a signal cut it short. */
static int sleep_ms(uint32_t ms, uint32_t *left)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	MX_BODY(&m, struct pm_sleep)->ms = ms;
	int r = _syscall(MX_PM, MX_PM_SLEEP, &m);
	*left = r < 0 ? MX_BODY(&m, struct pm_sleep)->left_ms : 0;
	return r < 0 ? -1 : 0;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	if (req->tv_nsec < 0 || req->tv_nsec >= 1000000000 || req->tv_sec < 0) {
		errno = EINVAL;
		return -1;
	}
	uint32_t left, ms = (uint32_t)req->tv_sec * 1000 + (uint32_t)(req->tv_nsec + 999999) / 1000000;
	int r = sleep_ms(ms, &left);
	if (r < 0 && rem) {
		rem->tv_sec = (time_t)(left / 1000);
		rem->tv_nsec = (long)(left % 1000) * 1000000;
	}
	return r;
}

unsigned sleep(unsigned seconds)
{
	uint32_t left;
	if (sleep_ms(seconds * 1000, &left) == 0)
		return 0;
	return errno == EINTR ? (left + 999) / 1000 : seconds;
}

int usleep(useconds_t usec)
{
	uint32_t left;
	return sleep_ms((usec + 999) / 1000, &left);
}

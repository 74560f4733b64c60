/* Calendar time: gmtime (MX keeps UTC only) and strftime's common conversions. */
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *const wday_name[7] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
static const char *const mon_name[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

struct tm *gmtime_r(const time_t *t, struct tm *tm)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	uint32_t s = (uint32_t)*t, days = s / 86400, rem = s % 86400;
	tm->tm_hour = (int)(rem / 3600);
	tm->tm_min = (int)(rem / 60 % 60);
	tm->tm_sec = (int)(rem % 60);
	tm->tm_wday = (int)((days + 4) % 7);        /* 1970-01-01 was a Thursday */
	int y = 1970;
	while (days >= (uint32_t)(leap(y) ? 366 : 365)) {
		days -= leap(y) ? 366 : 365;
		y++;
	}
	tm->tm_year = y - 1900;
	tm->tm_yday = (int)days;
	int m = 0;
	for (; m < 11; m++) {
		uint32_t md = (uint32_t)mdays[m] + (m == 1 && leap(y));
		if (days < md)
			break;
		days -= md;
	}
	tm->tm_mon = m;
	tm->tm_mday = (int)days + 1;
	tm->tm_isdst = 0;
	return tm;
}

struct tm *gmtime(const time_t *t)
{
	static struct tm tm;
	return gmtime_r(t, &tm);
}

struct tm *localtime(const time_t *t)
{
	return gmtime(t);
}

/* %Y %m %d %H %M %S %y %e %j %a %b %F %T %D %R %s %%; others are copied. */
size_t strftime(char *s, size_t max, const char *fmt, const struct tm *tm)
{
	size_t n = 0;
	char tmp[32];
	for (; *fmt; fmt++) {
		const char *piece = tmp;
		if (*fmt != '%') {
			tmp[0] = *fmt;
			tmp[1] = 0;
		} else {
			switch (*++fmt) {
			case 'Y': snprintf(tmp, sizeof(tmp), "%d", tm->tm_year + 1900); break;
			case 'y': snprintf(tmp, sizeof(tmp), "%02d", tm->tm_year % 100); break;
			case 'm': snprintf(tmp, sizeof(tmp), "%02d", tm->tm_mon + 1); break;
			case 'd': snprintf(tmp, sizeof(tmp), "%02d", tm->tm_mday); break;
			case 'e': snprintf(tmp, sizeof(tmp), "%2d", tm->tm_mday); break;
			case 'j': snprintf(tmp, sizeof(tmp), "%03d", tm->tm_yday + 1); break;
			case 'H': snprintf(tmp, sizeof(tmp), "%02d", tm->tm_hour); break;
			case 'M': snprintf(tmp, sizeof(tmp), "%02d", tm->tm_min); break;
			case 'S': snprintf(tmp, sizeof(tmp), "%02d", tm->tm_sec); break;
			case 'a': piece = wday_name[tm->tm_wday % 7]; break;
			case 'b': case 'h': piece = mon_name[tm->tm_mon % 12]; break;
			case 'F': snprintf(tmp, sizeof(tmp), "%d-%02d-%02d", tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday); break;
			case 'T': snprintf(tmp, sizeof(tmp), "%02d:%02d:%02d", tm->tm_hour, tm->tm_min, tm->tm_sec); break;
			case 'R': snprintf(tmp, sizeof(tmp), "%02d:%02d", tm->tm_hour, tm->tm_min); break;
			case 'D': snprintf(tmp, sizeof(tmp), "%02d/%02d/%02d", tm->tm_mon + 1, tm->tm_mday, tm->tm_year % 100); break;
			case '%': piece = "%"; break;
			case 0: fmt--; piece = ""; break;
			default: snprintf(tmp, sizeof(tmp), "%%%c", *fmt); break;
			}
		}
		size_t k = strlen(piece);
		if (n + k >= max)
			return 0;
		memcpy(s + n, piece, k);
		n += k;
	}
	if (n >= max)
		return 0;
	s[n] = 0;
	return n;
}

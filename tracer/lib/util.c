/* Small helpers: error messages, clocks, hex. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "mxt/util.h"

int mxt_errf(char *err, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err, MXT_ERRLEN, fmt, ap);
		va_end(ap);
		/* One line: a message never carries a newline from its inputs. */
		for (char *p = err; *p; p++)
			if (*p == '\n' || *p == '\r')
				*p = ' ';
	}
	return -1;
}

uint64_t mxt_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void mxt_iso_now(char out[32])
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, 32 - n, ".%03ldZ", ts.tv_nsec / 1000000);
}

void mxt_sleep_us(unsigned us)
{
	struct timespec ts = { us / 1000000, (long)(us % 1000000) * 1000 };
	nanosleep(&ts, NULL);
}

void mxt_hex(const void *p, size_t len, char *out)
{
	static const char d[] = "0123456789abcdef";
	const uint8_t *b = p;
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = d[b[i] >> 4];
		out[2 * i + 1] = d[b[i] & 15];
	}
	out[2 * len] = 0;
}

int mxt_hexval(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

int mxt_unhex(const char *s, size_t len, void *out)
{
	uint8_t *b = out;
	for (size_t i = 0; i < len; i++) {
		int hi = mxt_hexval((unsigned char)s[2 * i]), lo = hi < 0 ? -1 : mxt_hexval((unsigned char)s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		b[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

long long mxt_parse_size(const char *s)
{
	char *end;
	if (!s || !*s)
		return -1;
	long long v = strtoll(s, &end, 0);
	if (end == s || v < 0)
		return -1;
	switch (*end) {
	case 0: return v;
	case 'k': case 'K': v <<= 10; break;
	case 'm': case 'M': v <<= 20; break;
	case 'g': case 'G': v <<= 30; break;
	default: return -1;
	}
	return end[1] == 0 || ((end[1] == 'B' || end[1] == 'i') && (end[2] == 0 || (end[1] == 'i' && end[2] == 'B' && end[3] == 0))) ? v : -1;
}

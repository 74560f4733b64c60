/* t_failf: record why a test failed (shared by fstest and fsuser). */
#include <stdarg.h>
#include <stdio.h>
#include "ftest.h"

char t_why[200];

int t_failf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t_why, sizeof(t_why), fmt, ap);
	va_end(ap);
	return -1;
}

/* Error reporting: strerror, perror's text, assert's failure. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *strerror(int err)
{
	switch (err) {
	case 0: return "no error";
#define LIBC_ERR_CASE(name, num, text) case num: return text;
	MX_ERRORS(LIBC_ERR_CASE)
#undef LIBC_ERR_CASE
	}
	static char unknown[32];
	snprintf(unknown, sizeof(unknown), "unknown error %d", err);
	return unknown;
}

/* The symbolic name of an error ("ENOENT"), or NULL. */
const char *strerrorname_np(int err)
{
	switch (err) {
#define LIBC_ERRNAME_CASE(name, num, text) case num: return #name;
	MX_ERRORS(LIBC_ERRNAME_CASE)
#undef LIBC_ERRNAME_CASE
	}
	return NULL;
}

void __assert_fail(const char *expr, const char *file, int line, const char *func)
{
	fprintf(stderr, "assertion failed: %s, %s:%d in %s()\n", expr, file, line, func);
	abort();
}

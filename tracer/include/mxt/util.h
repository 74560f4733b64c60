/*
 * Small helpers shared by the library and the tools: one-line error
 * messages, host clocks, hex text.
 */
#ifndef MXT_UTIL_H
#define MXT_UTIL_H

#include <stddef.h>
#include <stdint.h>

#define MXT_ERRLEN 256

/* Format a one-line message into err (size MXT_ERRLEN); returns -1. */
int mxt_errf(char *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

uint64_t mxt_now_ns(void);                 /* CLOCK_MONOTONIC */
/* Host wall time as ISO 8601 with milliseconds, UTC ("2024-05-01T12:00:00.123Z"). */
void mxt_iso_now(char out[32]);
void mxt_sleep_us(unsigned us);

/* Lowercase hex of len bytes into out (2*len+1 bytes). */
void mxt_hex(const void *p, size_t len, char *out);
/* Parse hex text of exactly 2*len digits; -1 on a bad digit. */
int mxt_unhex(const char *s, size_t len, void *out);
int mxt_hexval(int c);                     /* 0..15, or -1 */

/* Parse a size with an optional K/M/G suffix (binary); -1 if malformed. */
long long mxt_parse_size(const char *s);

#endif

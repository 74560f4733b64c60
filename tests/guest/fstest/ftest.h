/*
 * The file-system suite's shared test helpers.  fstest (a system process)
 * and fsuser (a user process) each run a list of tests; a test returns 0
 * to pass or fails through T_CHECK/T_EQ, which record why.  Report lines:
 *   TEST fs.<name> PASS | FAIL <why>,  SUITE fs DONE pass=N fail=M
 */
#ifndef FTEST_H
#define FTEST_H

#include <stdint.h>
#include <string.h>
#include <mxsys.h>
#include <mx/callnr.h>
#include "vfscall.h"

extern char t_why[200];
int t_failf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define T_CHECK(cond, ...) do { if (!(cond)) return t_failf(__VA_ARGS__); } while (0)
#define T_EQ(got, want, what) do { long g_ = (long)(got), w_ = (long)(want); \
	if (g_ != w_) return t_failf("%s: got %ld (%s), want %ld (%s)", what, g_, \
				     g_ < 0 ? mx_strerror((int)g_) : "ok", w_, w_ < 0 ? mx_strerror((int)w_) : "ok"); } while (0)
#define T_OK(expr, what) do { long r_ = (long)(expr); \
	if (r_ < 0) return t_failf("%s: %s", what, mx_strerror((int)r_)); } while (0)

struct ftest {
	const char *name;
	int (*fn)(void);
};

#endif

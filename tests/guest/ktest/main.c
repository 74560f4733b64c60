/*
 * ktest main: run every test, print one TEST line each and the SUITE
 * line, then leave QEMU with 0 if all passed (isa-debug-exit).
 */
#include <stdarg.h>
#include <stdio.h>
#include "ktest.h"

mx_endpoint_t self_ep;
char t_why[160];

int t_failf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t_why, sizeof(t_why), fmt, ap);
	va_end(ap);
	return -1;
}

#define KTEST_ENTRY(n) { #n, t_##n },
static const struct ktest tests[] = { KTESTS_IPC(KTEST_ENTRY) };

int main(int argc, char **argv)
{
	struct mx_whoami who;
	if (sys_getinfo(MX_GI_WHOAMI, &who, sizeof(who), 0) < 0)
		sys_panic("cannot learn my endpoint");
	self_ep = who.ep;
	const char *only = argc > 1 ? argv[1] : NULL;
	int pass = 0, fail = 0;
	sys_printf("ktest: %d tests, endpoint %d\n", (int)(sizeof(tests) / sizeof(tests[0])), self_ep);
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		if (only && strcmp(only, tests[i].name) != 0)
			continue;
		t_why[0] = 0;
		int r = tests[i].fn();
		settle();
		if (r == 0) {
			sys_printf("TEST kernel.%s PASS\n", tests[i].name);
			pass++;
		} else {
			sys_printf("TEST kernel.%s FAIL %s\n", tests[i].name, t_why);
			fail++;
		}
	}
	sys_printf("SUITE kernel DONE pass=%d fail=%d\n", pass, fail);
	sys_abort(MX_ABORT_EXIT, fail ? 1 : 0);
	return 0;
}

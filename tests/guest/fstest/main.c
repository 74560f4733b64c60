/* fstest: see fstest.h. */
#include "fstest.h"

static int npass, nfail;

static void run(const char *name, int (*fn)(void))
{
	t_why[0] = 0;
	if (fn() == 0) {
		npass++;
		sys_printf("TEST fs.%s PASS\n", name);
	} else {
		nfail++;
		sys_printf("TEST fs.%s FAIL %s\n", name, t_why);
	}
}

int main(void)
{
	struct mx_stat st;
	v_stat("/", &st);                       /* VFS answers once the root is mounted */
#define FSTEST_RUN(n) run(#n, t_##n);
	FSTEST_EARLY(FSTEST_RUN)
	if (!relay_fsuser(50 * 100, &npass, &nfail)) {
		nfail++;
		sys_printf("TEST fs.fsuser_finished FAIL fsuser did not finish within 50 s\n");
	}
	FSTEST_LATE(FSTEST_RUN)
	sys_printf("SUITE fs DONE pass=%d fail=%d\n", npass, nfail);
	for (;;)
		tickdelay(1000);
}

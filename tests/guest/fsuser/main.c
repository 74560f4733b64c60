/*
 * fsuser: see fsuser.h.  Also the program the exec test runs: with
 * argument "exec-child" it checks what it inherited and exits.
 */
#include <stdio.h>
#include "fsuser.h"

static int logfd = -1;
static int npass, nfail;

static void say(const char *line)
{
	if (logfd >= 0)
		v_write(logfd, line, (uint32_t)strlen(line));
}

static const struct ftest tests[] = {
#define FSUSER_ENTRY(n) { #n, t_##n },
	FSUSER_TESTS(FSUSER_ENTRY)
};

int main(int argc, char **argv)
{
	char line[300];
	if (argc > 1 && strcmp(argv[1], "exec-child") == 0)
		return exec_child(argc, argv);
	logfd = v_open("/tmp/fsuser.log", MX_O_WRONLY | MX_O_CREAT | MX_O_TRUNC, 0644);
	for (unsigned i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		t_why[0] = 0;
		int r = tests[i].fn();
		if (r == 0) {
			npass++;
			snprintf(line, sizeof(line), "TEST fs.%s PASS\n", tests[i].name);
		} else {
			nfail++;
			snprintf(line, sizeof(line), "TEST fs.%s FAIL %s\n", tests[i].name, t_why);
		}
		say(line);
	}
	v_close(logfd);
	snprintf(line, sizeof(line), "pass=%d fail=%d\n", npass, nfail);
	v_write_file("/tmp/fsuser.done", line, (uint32_t)strlen(line));
	p_exit(0);
}

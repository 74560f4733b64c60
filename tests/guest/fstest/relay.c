/*
 * fsuser's results: it writes its report lines to /tmp/fsuser.log and
 * "pass=N fail=M" to /tmp/fsuser.done when it is finished; we wait for the
 * latter and print the former through the kernel, so that every report
 * line of the suite reaches the console whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include "fstest.h"

static char log_text[16 * 1024];

/* Wait up to ticks for fsuser; print its lines; add its counts. */
int relay_fsuser(uint32_t ticks, int *pass, int *fail)
{
	struct mx_stat st;
	uint32_t waited = 0;
	while (v_stat("/tmp/fsuser.done", &st) < 0 && waited < ticks) {
		tickdelay(10);
		waited += 10;
	}
	int done = waited < ticks || v_stat("/tmp/fsuser.done", &st) == 0;
	int fd = v_open("/tmp/fsuser.log", MX_O_RDONLY, 0), n = 0;
	if (fd >= 0) {
		n = v_read(fd, log_text, sizeof(log_text) - 1);
		v_close(fd);
	}
	log_text[n > 0 ? n : 0] = 0;
	for (char *line = log_text, *nl; *line; line = nl + 1) {
		if (!(nl = strchr(line, '\n')))
			break;
		*nl = 0;
		sys_printf("%s\n", line);
		if (strncmp(line, "TEST ", 5) == 0) {
			if (strstr(line, " PASS"))
				(*pass)++;
			else
				(*fail)++;
		}
	}
	return done;
}

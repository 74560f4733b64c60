/*
 * halt [-r | -p | -x CODE]: stop the machine through PM (which syncs the
 * file systems first).  Default: halt; -r reboots; -p powers off; -x
 * leaves QEMU with exit code CODE (tests).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mxlib.h>
#include <mx/kcall.h>

int main(int argc, char **argv)
{
	int how = MX_ABORT_HALT, code = 0;
	if (argc > 1 && strcmp(argv[1], "-r") == 0)
		how = MX_ABORT_REBOOT;
	else if (argc > 1 && strcmp(argv[1], "-p") == 0)
		how = MX_ABORT_POWEROFF;
	else if (argc > 2 && strcmp(argv[1], "-x") == 0)
		how = MX_ABORT_EXIT, code = atoi(argv[2]);
	else if (argc > 1) {
		fprintf(stderr, "usage: halt [-r | -p | -x code]\n");
		return 1;
	}
	reboot(how, code);
	fprintf(stderr, "halt: %s\n", strerror(errno));
	return 1;
}

/*
 * Program start and end: __libc_start runs main; exit runs the atexit
 * handlers, flushes stdio and ends the process through PM (system processes
 * that PM does not know end through the EXIT kernel call).
 */
#include <stdlib.h>
#include <string.h>
#include <mx/callnr.h>
#include "mxsys.h"
#include "libc.h"

int errno;
char **environ;
extern const char *mx_progname;
int main(int argc, char **argv, char **envp);

#define MAX_ATEXIT 16
static void (*atexit_fns[MAX_ATEXIT])(void);
static int natexit;
/* stdio's definition replaces this one when a program uses stdio. */
__attribute__((weak)) void (*__libc_flush_hook)(void);

int __libc_start(int argc, char **argv, char **envp);
int __libc_start(int argc, char **argv, char **envp)
{
	environ = envp;
	if (argc > 0 && argv[0]) {
		const char *b = strrchr(argv[0], '/');
		mx_progname = b ? b + 1 : argv[0];
	}
	return main(argc, argv, envp);
}

int atexit(void (*fn)(void))
{
	if (natexit >= MAX_ATEXIT)
		return -1;
	atexit_fns[natexit++] = fn;
	return 0;
}

void _exit(int status)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	m.m_type = MX_PM_EXIT;
	m.m_u.w[0] = (uint32_t)status;
	mx_sendrec(MX_PM, &m);           /* does not return if PM takes it */
	sys_exit(status);
}

void exit(int status)
{
	while (natexit > 0)
		atexit_fns[--natexit]();
	if (__libc_flush_hook)
		__libc_flush_hook();
	_exit(status);
}

/*
 * The path of every system call: a request message to a server (PM, VFS or
 * VM), the reply's m_type as the result, a negative result as errno.
 */
#include <errno.h>
#include <mxlib.h>
#include "mxsys.h"

int _syscall(mx_endpoint_t who, int type, mx_message *m)
{
	m->m_type = type;
	int r = mx_sendrec(who, m);
	if (r == 0)
		r = m->m_type;
	if (r < 0) {
		errno = -r;
		return -1;
	}
	return r;
}

const char *mx_call_name(int type)
{
	switch (type) {
#define LIBC_CALL_CASE(name, num, text) case num: return text;
	MX_ALL_CALLS(LIBC_CALL_CASE)
#undef LIBC_CALL_CASE
	}
	return NULL;
}

/* ptrace(2) (see <sys/ptrace.h>): one PM_PTRACE request. */
#include <errno.h>
#include <string.h>
#include <sys/ptrace.h>
#include <mx/callnr.h>
#include <mxsys.h>

long ptrace(int req, pid_t pid, long addr, long data)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct pm_ptrace *a = MX_BODY(&m, struct pm_ptrace);
	a->req = req;
	a->pid = pid;
	a->addr = (uint32_t)addr;
	a->data = (uint32_t)data;
	m.m_type = MX_PM_PTRACE;
	int r = mx_sendrec(MX_PM, &m);
	if (r == 0)
		r = m.m_type;
	if (r < 0) {
		errno = -r;
		return -1;
	}
	if (req == T_GETINS || req == T_GETDATA || req == T_GETUSER)
		return (long)a->value;
	return 0;
}

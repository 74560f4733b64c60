/*
 * testlog: lets user test programs print before VFS and the console driver
 * exist.  A request of type TESTLOG_PRINT carries up to 52 bytes of text in
 * its body (NUL-terminated or full); testlog prints it through the kernel
 * and replies 0.  TESTLOG_EXIT ends the machine with the code in w[0].
 */
#include <string.h>
#include <mxsys.h>
#include <mx/callnr.h>

#define TESTLOG_PRINT (MX_TEST_BASE + 0x30)
#define TESTLOG_EXIT  (MX_TEST_BASE + 0x31)

int main(void)
{
	for (;;) {
		mx_message m;
		if (mx_receive(MX_ANY, &m) != MX_OK || is_notify(&m))
			continue;
		int r = 0;
		if (m.m_type == TESTLOG_PRINT) {
			char buf[MX_BODY_SIZE + 1];
			memcpy(buf, m.m_u.raw, MX_BODY_SIZE);
			buf[MX_BODY_SIZE] = 0;
			sys_diagctl(buf, (uint32_t)strlen(buf));
		} else if (m.m_type == TESTLOG_EXIT) {
			sys_abort(MX_ABORT_EXIT, (int)m.m_u.w[0]);
		} else {
			r = -MX_EBADREQUEST;
		}
		m.m_type = r;
		mx_sendnb(m.m_source, &m);
	}
}

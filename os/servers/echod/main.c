/*
 * echod: the smallest server.  It answers every request with the same
 * message, type and body, so clients (ping, ipcbench) can measure a round
 * trip.  A request of type ECHO_STOP makes it exit.
 */
#include <mxsys.h>
#include "echo.h"

int main(void)
{
	mx_message m;
	uint32_t served = 0;
	for (;;) {
		int r = mx_receive(MX_ANY, &m);
		if (r != MX_OK) {
			sys_printf("echod: receive failed: %s\n", mx_strerror(r));
			continue;
		}
		if (is_notify(&m))
			continue;
		mx_endpoint_t who = m.m_source;
		int stop = m.m_type == ECHO_STOP;
		served++;
		if ((r = mx_send(who, &m)) != MX_OK)
			sys_printf("echod: reply to %d failed: %s\n", who, mx_strerror(r));
		if (stop) {
			sys_printf("echod: stopping after %u requests\n", served);
			sys_exit(0);
		}
	}
}

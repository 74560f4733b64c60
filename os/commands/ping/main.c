/*
 * ping [rounds] [report-every] [per-tick]: SENDREC round trips to echod,
 * printing the guest TSC ticks per round trip (instructions under -icount
 * shift=0).  With no rounds (or 0) it runs forever, reporting every 20000.
 * With per-tick, it paces itself: that many round trips, then it sleeps to
 * the next clock tick (a steady, known load for the debug-channel benchmark).
 */
#include <stdlib.h>
#include <mxsys.h>
#include "../../servers/echod/echo.h"

int main(int argc, char **argv)
{
	long rounds = argc > 1 ? atol(argv[1]) : 0;
	long every = argc > 2 ? atol(argv[2]) : 20000;
	long per_tick = argc > 3 ? atol(argv[3]) : 0;
	if (every <= 0)
		every = 20000;
	mx_endpoint_t echo = boot_ep_by_name("echod");
	if (echo == MX_NONE) {
		sys_printf("ping: no echod in the boot image\n");
		sys_exit(1);
	}
	sys_printf("ping: talking to echod (endpoint %d)\n", echo);
	uint64_t t0 = read_tsc();
	for (long i = 1; rounds == 0 || i <= rounds; i++) {
		mx_message m = {0};
		m.m_type = ECHO_PING;
		m.m_u.w[0] = (uint32_t)i;
		int r = mx_sendrec(echo, &m);
		if (r != MX_OK || m.m_type != ECHO_PING || m.m_u.w[0] != (uint32_t)i) {
			sys_printf("ping: round %ld failed: %s (type %d)\n", i, mx_strerror(r), m.m_type);
			sys_exit(1);
		}
		if (per_tick > 0 && i % per_tick == 0 && tickdelay(1) < 0) {
			sys_printf("ping: cannot sleep to the next tick\n");
			sys_exit(1);
		}
		if (i % every == 0) {
			uint64_t t1 = read_tsc();
			sys_printf("ping: %ld round trips, %u ticks each\n", i, (uint32_t)((t1 - t0) / (uint64_t)every));
			t0 = t1;
		}
	}
	sys_exit(0);
}

/*
 * Asynchronous sends (see driver.h).  One table of ASYN_SLOTS entries is
 * registered with the kernel at every SENDA call; an entry is free again
 * once the kernel marks it done.  When the table is full the oldest
 * undelivered message is waited for with a blocking SEND of a copy, which
 * can only happen if a destination stopped receiving for good.
 */
#include <string.h>
#include "mxsys.h"
#include "driver.h"

static mx_asynmsg table[ASYN_SLOTS];
static uint32_t used;                 /* highest entry ever used + 1 */

static int slot_free(const mx_asynmsg *e)
{
	return !(e->flags & MX_AMF_VALID) || (e->flags & MX_AMF_DONE);
}

int asyn_inflight(void)
{
	int n = 0;
	for (uint32_t i = 0; i < used; i++)
		if (!slot_free(&table[i]))
			n++;
	return n;
}

int asynsend(mx_endpoint_t dst, const mx_message *m)
{
	uint32_t i;
	for (i = 0; i < ASYN_SLOTS; i++)
		if (slot_free(&table[i]))
			break;
	if (i == ASYN_SLOTS) {
		/* Full: nobody is taking our messages.  Fall back to a plain send. */
		mx_message copy = *m;
		return mx_send(dst, &copy);
	}
	mx_asynmsg *e = &table[i];
	e->flags = 0;
	e->dst = dst;
	e->result = 0;
	e->msg = *m;
	e->flags = MX_AMF_VALID;
	if (i >= used)
		used = i + 1;
	int r = mx_senda(table, used);
	if (r == 0 && (e->flags & MX_AMF_DONE))
		r = e->result;                /* tried at once: delivered, or failed */
	return r;
}

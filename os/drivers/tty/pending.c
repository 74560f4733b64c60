/*
 * "tty.pending": the reads the driver keeps until a line is typed, published
 * through the kernel's table registry (os/include/mx/tables.h), so the host
 * tools can tell a shell waiting for input from a request a driver lost.
 * The table is a mirror of every tty's reads[], rebuilt after each message.
 */
#include <mx/tables.h>
#include "tty.h"

static mx_pending_ent pending_pub[NR_TTYS * TTY_NR_READS];

static const mx_field pending_fields[] = {
	MX_TABLE_FIELD(mx_pending_ent, who, MX_FK_EP),
	MX_TABLE_FIELD(mx_pending_ent, tag, MX_FK_U32),
	MX_TABLE_FIELD(mx_pending_ent, minor, MX_FK_U32),
	MX_TABLE_FIELD(mx_pending_ent, why, MX_FK_I32),
};

void pending_publish(void)
{
	for (int t = 0; t < NR_TTYS; t++)
		for (int i = 0; i < TTY_NR_READS; i++) {
			const struct pending_read *pr = &ttys[t].reads[i];
			mx_pending_ent *e = &pending_pub[t * TTY_NR_READS + i];
			e->who = pr->used ? pr->who : MX_NONE;
			e->tag = pr->used ? pr->tag : 0;
			e->minor = (uint32_t)t;
			e->why = pr->used ? MX_PEND_INPUT : 0;
		}
}

void pending_register(void)
{
	pending_publish();
	PUBLISH_TABLE("tty.pending", pending_pub, NR_TTYS * TTY_NR_READS, sizeof(mx_pending_ent), pending_fields);
}

/*
 * A QMP client (QEMU's JSON control protocol on a Unix socket), through
 * jansson: stop and continue around a consistent snapshot, status,
 * dump-guest-memory, quit, and the events STOP, RESUME, SHUTDOWN and
 * GUEST_PANICKED.  Events that arrive while a command waits are queued.
 */
#ifndef MXT_QMP_H
#define MXT_QMP_H

#include <stddef.h>
#include <jansson.h>
#include "mxt/util.h"

struct mxt_qmp;

struct mxt_qmp_event {
	char name[40];           /* "STOP", "SHUTDOWN", ... */
	double time;             /* QEMU's timestamp, seconds */
	json_t *data;            /* the event's data (owned by the caller), or NULL */
};

struct mxt_qmp *mxt_qmp_connect(const char *path, int timeout_ms, char *err);
void mxt_qmp_close(struct mxt_qmp *q);
const char *mxt_qmp_error(const struct mxt_qmp *q);
int mxt_qmp_fd(const struct mxt_qmp *q);

/* Run cmd with args (stolen; may be NULL); *ret (optional) gets "return". */
int mxt_qmp_exec(struct mxt_qmp *q, const char *cmd, json_t *args, json_t **ret);
int mxt_qmp_stop(struct mxt_qmp *q);
int mxt_qmp_cont(struct mxt_qmp *q);
/* status: "running", "paused", "shutdown", "internal-error", ... */
int mxt_qmp_status(struct mxt_qmp *q, char *status, size_t room, int *running);
/* dump-guest-memory into an ELF core at path (no paging: physical memory). */
int mxt_qmp_dump(struct mxt_qmp *q, const char *path);
int mxt_qmp_quit(struct mxt_qmp *q);

/* Read whatever arrived within timeout_ms; -1 once QEMU closed the socket. */
int mxt_qmp_poll(struct mxt_qmp *q, int timeout_ms);
/* Take the oldest queued event: 1 if there was one. */
int mxt_qmp_next_event(struct mxt_qmp *q, struct mxt_qmp_event *ev);
/* Has QEMU closed the connection (exited)? */
int mxt_qmp_gone(const struct mxt_qmp *q);

#endif

/*
 * libdriver: helpers shared by VFS, the file-system server and the drivers.
 *
 * asynsend() sends a message without ever blocking the sender: if the
 * destination is waiting it gets the message at once, otherwise the kernel
 * delivers it from a SENDA table when the destination next receives.  This
 * is how drivers and file systems answer VFS (and VFS sends its requests),
 * so no cycle of blocking sends can form between them.
 */
#ifndef DRIVER_H
#define DRIVER_H

#include <mx/ipc.h>

#define ASYN_SLOTS 64            /* at most MX_SENDA_MAX messages in flight */

int asynsend(mx_endpoint_t dst, const mx_message *m);   /* 0 or a negative error */
int asyn_inflight(void);          /* messages not delivered yet */

#endif

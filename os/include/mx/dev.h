/*
 * The driver protocol: message bodies of the DEV_* requests (callnr.h)
 * that VFS (character devices) and file-system servers (block devices)
 * send to drivers, and of the drivers' answers.
 *
 * Every request carries a tag chosen by the requester; the answer is a
 * message of type DEV_REPLY with the same tag and minor, so a requester
 * with several requests in flight can match them.  Data moves through a
 * grant: the requester grants the driver access to its own buffer, and the
 * driver copies with SAFECOPYFROM/SAFECOPYTO naming the requester's
 * endpoint (m_source, never a field of the message) as the granter.
 * Drivers answer VFS asynchronously (SENDA) and never call VFS or PM
 * synchronously.  A read that has to wait (the tty) is answered when the
 * data comes, or earlier if VFS sends DEV_CANCEL with the same tag.
 * Shared by the guest and the host tools.
 */
#ifndef MX_DEV_H
#define MX_DEV_H

#include <stdint.h>
#include "ipc.h"

/* Majors and minors (device numbers as vfs.h's MX_MAKEDEV builds them). */
#define MX_MAJOR_MEM    1      /* memory driver */
#define MX_MINOR_RAM      0    /* /dev/ram: the root file-system image (block) */
#define MX_MINOR_KMEM     2    /* /dev/kmem: read-only view of the kernel's exported objects */
#define MX_MINOR_NULL     3    /* /dev/null */
#define MX_MINOR_ZERO     5    /* /dev/zero */
#define MX_MAJOR_TTY    4      /* tty driver: minor 0 is the console (COM1 and the keyboard) */
#define MX_MINOR_CONSOLE  0
#define MX_MAJOR_CTTY   5      /* /dev/tty: the caller's terminal (VFS maps it to the console) */
#define MX_MAJOR_STALL  6      /* /dev/stall: the stall scenario driver (os/scenarios/stall), once RS starts it */
#define MX_NR_MAJORS    8

/* DEV_OPEN, DEV_CLOSE */
struct dev_open   { uint32_t tag; uint32_t minor; uint32_t flags; /* MX_O_* */
                    mx_endpoint_t user; int32_t pid; int32_t pgrp; };
/*
 * DEV_READ, DEV_WRITE: len bytes at byte position pos of the device,
 * to or from grant (offset 0).  Answer: status = bytes moved or an error.
 */
struct dev_io     { uint32_t tag; uint32_t minor; uint32_t pos; uint32_t grant; uint32_t len;
                    uint32_t flags; mx_endpoint_t user; };
#define MX_DEV_NONBLOCK 0x1    /* EAGAIN instead of waiting */
/*
 * DEV_IOCTL: req as in vfs.h; the argument (MX_IOC_SIZE(req) bytes) is in
 * grant, readable and, for MX_IOC_OUT, writable.  pgrp is the caller's
 * process group (job control).  Answer: status.
 */
struct dev_ioctl  { uint32_t tag; uint32_t minor; uint32_t req; uint32_t grant;
                    mx_endpoint_t user; int32_t pgrp; };
/*
 * DEV_SELECT: which of ops are ready now (answer status = the ready ops).
 * With MX_SEL_NOTIFY, ops not ready now are watched and reported once,
 * later, by a DEV_SEL_REPLY message {minor, ops}.
 */
struct dev_select { uint32_t tag; uint32_t minor; uint32_t ops; };
#define MX_SEL_RD     0x1
#define MX_SEL_WR     0x2
#define MX_SEL_ERR    0x4
#define MX_SEL_NOTIFY 0x8
/* DEV_CANCEL: end the request with this tag now (its answer: EINTR, or the bytes read so far). */
struct dev_cancel { uint32_t tag; uint32_t minor; };

/* DEV_REPLY (and DEV_SEL_REPLY, where tag is 0 and status the ready ops). */
struct dev_reply  { uint32_t tag; uint32_t minor; int32_t status; uint32_t ops; };

/* DEV_FKEY: tty to IS, a function key was pressed: key 1..12, plus MX_FKEY_SHIFT. */
struct dev_fkey   { uint32_t key; };
#define MX_FKEY_SHIFT 0x100

MX_BODY_CHECK(struct dev_io);
MX_BODY_CHECK(struct dev_ioctl);

#endif

/*
 * Names for the numbers in os/include/mx/: trace kinds, errors, IPC and
 * kernel calls, message types, flag letters, dump keys, frame types.
 * Generated from the same X-macro lists the guest compiles, never retyped.
 */
#ifndef MXT_NAMES_H
#define MXT_NAMES_H

#include <stddef.h>
#include <stdint.h>
#include <mx/endpoint.h>

const char *mxt_kind_name(int kind);          /* "send", "recv-blk", ... or NULL */
int mxt_kind_by_name(const char *name);       /* -1 if unknown */
const char *mxt_errno_name(int err);          /* err may be negative; "EDEADSRCDST", "OK" */
const char *mxt_errno_text(int err);
const char *mxt_ipc_name(int call);           /* "SENDREC" */
const char *mxt_kcall_name(int call);         /* "FORK" */
/* A message type: "PM_FORK", "NOTIFY", "VFS_READ"...; NULL if unknown. */
const char *mxt_msgtype_name(int type);
const char *mxt_dump_name(int key);           /* short name: "proc", "privs" */
int mxt_dump_by_name(const char *name);       /* key, also for "1".."12" and "F1"; -1 */
const char *mxt_dump_title(int key);
const char *mxt_frame_type_name(int type);

/* Flag words as fixed-width letter strings ('-' for a clear flag). */
#define MXT_FLAGS_MAX 16
void mxt_rts_letters(uint32_t flags, char out[MXT_FLAGS_MAX]);
void mxt_misc_letters(uint32_t flags, char out[MXT_FLAGS_MAX]);
void mxt_priv_letters(uint32_t flags, char out[MXT_FLAGS_MAX]);

/* "ANY", "NONE", "SELF", or "slot/gen" (e.g. "14/3"); buf >= 24 bytes. */
const char *mxt_ep_str(mx_endpoint_t ep, char *buf, size_t len);

/* Process state as the tools show it, from the RTS and misc flags:
 * "RUN" (runnable), "SEND", "RECV", "REPLY-WAIT", "STOPPED", "PAGEFAULT",
 * "SIGNAL", "EXITING", "BOOTING", "NOPRIV", "FREE". */
const char *mxt_proc_state(uint32_t rts, uint32_t misc);

#endif

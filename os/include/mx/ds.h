/*
 * The DS protocol: a store of named values (u32, short strings, labels),
 * with subscriptions by pattern ('*' and '?' globs) and notification on
 * change, as the seeds describe.  Every request uses struct ds_req; the
 * reply's m_type is the result and the body carries values back.
 * Shared by the guest and the host tools.
 */
#ifndef MX_DS_H
#define MX_DS_H

#include <stdint.h>
#include "ipc.h"
#include "tables.h"

#define MX_DS_KEY_MAX 24
#define MX_DS_STR_MAX 24

struct ds_req {
	char key[MX_DS_KEY_MAX];  /* key, or a pattern (SUBSCRIBE); NUL-terminated */
	uint32_t flags;           /* MX_DSF_U32 | MX_DSF_STR | MX_DSF_LABEL (tables.h); DS_F_* */
	uint32_t u32;             /* a u32 value, or a label's endpoint */
	char str[MX_DS_STR_MAX];  /* a string value (PUBLISH, RETRIEVE, CHECK) */
};
MX_BODY_CHECK(struct ds_req);

#define DS_F_INITIAL 0x100        /* SUBSCRIBE: report every key that matches now, too */
#define DS_F_DELETED 0x200        /* CHECK reply: the key was deleted */

/*
 * PUBLISH   key, flags (type), u32 or str.  Creates or updates; only the
 *           owner may update or delete a key while the owner lives.
 * RETRIEVE  key -> flags, u32, str; ESRCH if absent.
 * SUBSCRIBE pattern in key -> DS notifies the caller whenever a matching
 *           key is published, updated or deleted.
 * CHECK     -> the next changed key among the caller's subscriptions, with
 *           its value (or DS_F_DELETED); ESRCH when there is none left.
 * DELETE    key.
 */

#endif

/* Names for MX's numbers, generated from the X-macro lists in os/include/mx/. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <mx/errno.h>
#include <mx/ipc.h>
#include <mx/kcall.h>
#include <mx/trace.h>
#include <mx/procflags.h>
#include <mx/callnr.h>
#include <mx/dump.h>
#include <mx/chan.h>
#include "mxt/names.h"

const char *mxt_kind_name(int kind)
{
	switch (kind) {
#define K(name, num, sname, text) case num: return sname;
	MX_TRACE_KINDS(K)
#undef K
	}
	return NULL;
}

int mxt_kind_by_name(const char *name)
{
#define K(n, num, sname, text) if (strcasecmp(name, sname) == 0 || strcasecmp(name, #n) == 0) return num;
	MX_TRACE_KINDS(K)
#undef K
	return -1;
}

const char *mxt_errno_name(int err)
{
	if (err < 0)
		err = -err;
	if (err == 0)
		return "OK";
	switch (err) {
#define E(name, num, text) case num: return #name;
	MX_ERRORS(E)
#undef E
	}
	return NULL;
}

const char *mxt_errno_text(int err)
{
	if (err < 0)
		err = -err;
	if (err == 0)
		return "no error";
	switch (err) {
#define E(name, num, text) case num: return text;
	MX_ERRORS(E)
#undef E
	}
	return "unknown error";
}

const char *mxt_ipc_name(int call)
{
	switch (call) {
#define I(name, num, text) case num: return #name;
	MX_IPC_CALLS(I)
#undef I
	}
	return NULL;
}

const char *mxt_kcall_name(int call)
{
	switch (call) {
#define KC(name, num, group, text) case num: return #name;
	MX_KCALLS(KC)
#undef KC
	}
	return NULL;
}

const char *mxt_msgtype_name(int type)
{
	if (type == MX_NOTIFY_MESSAGE)
		return "NOTIFY";
	switch (type) {
#define C(name, num, text) case num: return #name;
	MX_ALL_CALLS(C)
#undef C
	}
	return NULL;
}

const char *mxt_dump_name(int key)
{
	switch (key) {
#define D(name, num, fkey, sname, title) case num: return sname;
	MX_DUMPS(D)
#undef D
	}
	return NULL;
}

const char *mxt_dump_title(int key)
{
	switch (key) {
#define D(name, num, fkey, sname, title) case num: return title;
	MX_DUMPS(D)
#undef D
	}
	return NULL;
}

int mxt_dump_by_name(const char *name)
{
	char *end;
	long v = strtol(name, &end, 10);
	if (*name && !*end)
		return v >= 1 && v < MX_DUMP_MAX ? (int)v : -1;
#define D(n, num, fkey, sname, title) \
	if (strcasecmp(name, sname) == 0 || strcasecmp(name, fkey) == 0 || strcasecmp(name, #n) == 0) return num;
	MX_DUMPS(D)
#undef D
	return -1;
}

const char *mxt_frame_type_name(int type)
{
	switch (type) {
#define F(name, num, dir, text) case num: return #name;
	MX_FRAME_TYPES(F)
#undef F
	}
	return NULL;
}

static void letters(uint32_t flags, char out[MXT_FLAGS_MAX], const uint32_t *bits, const char *ls, int n)
{
	int i;
	for (i = 0; i < n && i < MXT_FLAGS_MAX - 1; i++)
		out[i] = (flags & bits[i]) ? ls[i] : '-';
	out[i] = 0;
}

void mxt_rts_letters(uint32_t flags, char out[MXT_FLAGS_MAX])
{
#define B(name, bit, letter, text) bit,
#define L(name, bit, letter, text) letter,
	static const uint32_t bits[] = { MX_RTS_FLAGS(B) };
	static const char ls[] = { MX_RTS_FLAGS(L) };
	letters(flags, out, bits, ls, (int)(sizeof(bits) / sizeof(bits[0])));
}

void mxt_misc_letters(uint32_t flags, char out[MXT_FLAGS_MAX])
{
	static const uint32_t bits[] = { MX_MF_FLAGS(B) };
	static const char ls[] = { MX_MF_FLAGS(L) };
	letters(flags, out, bits, ls, (int)(sizeof(bits) / sizeof(bits[0])));
}

void mxt_priv_letters(uint32_t flags, char out[MXT_FLAGS_MAX])
{
	static const uint32_t bits[] = { MX_PF_FLAGS(B) };
	static const char ls[] = { MX_PF_FLAGS(L) };
	letters(flags, out, bits, ls, (int)(sizeof(bits) / sizeof(bits[0])));
#undef B
#undef L
}

const char *mxt_ep_str(mx_endpoint_t ep, char *buf, size_t len)
{
	if (ep == MX_ANY) return "ANY";
	if (ep == MX_NONE) return "NONE";
	if (ep == MX_SELF) return "SELF";
	snprintf(buf, len, "%d/%d", MX_EP_SLOT(ep), MX_EP_GEN(ep));
	return buf;
}

const char *mxt_proc_state(uint32_t rts, uint32_t misc)
{
	if (rts & MX_RTS_SLOT_FREE) return "FREE";
	if (rts & MX_RTS_EXITING) return "EXITING";
	if (rts & MX_RTS_BOOTING) return "BOOTING";
	if (rts & MX_RTS_PROC_STOP) return "STOPPED";
	if (rts & MX_RTS_SIG_PENDING) return "SIGNAL";
	if (rts & MX_RTS_PAGEFAULT) return "PAGEFAULT";
	if (rts & MX_RTS_NO_PRIV) return "NOPRIV";
	if (rts & MX_RTS_SENDING) return "SEND";
	if (rts & MX_RTS_RECEIVING) return (misc & MX_MF_REPLY_PEND) ? "REPLY-WAIT" : "RECV";
	return "RUN";
}

/* Diagnostics, time and names for system processes. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <mx/errno.h>
#include "mxsys.h"

const char *mx_progname = "?";

int sys_printf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = (int)sizeof(buf) - 1;
	return sys_diagctl(buf, (uint32_t)n);
}

void sys_panic(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	sys_printf("%s: panic: %s\n", mx_progname, buf);
	sys_exit(1);
}

uint64_t read_tsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

uint64_t sys_uptime(void)
{
	uint64_t now = 0;
	struct kc_proc p;
	if (sys_times(MX_SELF, &p) == 0)
		now = p.uptime_ticks;
	return now;
}

int is_notify(const mx_message *m)
{
	return m->m_type == MX_NOTIFY_MESSAGE;
}

int publish_table(const char *name, const void *addr, uint32_t count, uint32_t size, const mx_field *fields,
		   uint32_t nfields)
{
	mx_table_desc d;                       /* the kernel copies it */
	memset(&d, 0, sizeof(d));
	if (nfields > MX_TABLE_MAXFIELDS || strlen(name) >= sizeof(d.name))
		return -MX_EINVAL;
	strncpy(d.name, name, sizeof(d.name) - 1);
	d.addr = (uint32_t)addr;
	d.count = count;
	d.size = size;
	d.nfields = nfields;
	memcpy(d.fields, fields, sizeof(mx_field) * nfields);
	int r = sys_regtable(&d);
	if (r < 0)
		sys_printf("%s: cannot register the table %s: %s\n", mx_progname, name, mx_strerror(r));
	return r;
}

/* Wait for ticks clock ticks; other messages that arrive meanwhile are lost,
 * so only processes with nothing else to receive use it (as in the seeds). */
int tickdelay(uint32_t ticks)
{
	int r = sys_setalarm(ticks, 0, NULL);
	if (r < 0)
		return r;
	mx_message m;
	do {
		r = mx_receive(MX_CLOCK, &m);
	} while (r == 0 && !is_notify(&m));
	return r;
}

const char *mx_strerror(int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case 0: return "no error";
#define MX_ERR_CASE(name, num, text) case num: return text;
	MX_ERRORS(MX_ERR_CASE)
#undef MX_ERR_CASE
	}
	return "unknown error";
}

const char *mx_kcall_name(int call)
{
	switch (call) {
#define MX_KC_CASE(name, num, group, text) case num: return #name;
	MX_KCALLS(MX_KC_CASE)
#undef MX_KC_CASE
	}
	return "?";
}

const char *mx_ipc_name(int call)
{
	switch (call) {
#define MX_IPC_CASE(name, num, text) case num: return #name;
	MX_IPC_CALLS(MX_IPC_CASE)
#undef MX_IPC_CASE
	}
	return "?";
}

/* The endpoint of the boot process named name, or MX_NONE. */
mx_endpoint_t boot_ep_by_name(const char *name)
{
	static mx_bootinfo bi;
	if (sys_getinfo(MX_GI_BOOTMODS, &bi, sizeof(bi), 0) < 0)
		return MX_NONE;
	for (uint32_t i = 0; i < bi.nmods; i++) {
		const char *a = bi.mods[i].name, *b = name;
		while (*a && *a == *b)
			a++, b++;
		if (*a == *b)
			return bi.mods[i].ep;
	}
	return MX_NONE;
}

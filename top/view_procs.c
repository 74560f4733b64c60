/* The process view: one row per process of the snapshot, rates from the previous one. */
#include <stdio.h>
#include <string.h>
#include "mxt/names.h"
#include "format.h"
#include "view.h"

#define OFF(field) ((unsigned short)offsetof(proc_row, field))

static void show_state(const frame *f, const void *row, char *buf, size_t len)
{
	view_proc_state(f, row, buf, len);
}

static int style_state(const frame *f, const void *row)
{
	const proc_row *p = row;
	(void)f;
	if (!strcmp(p->state, "RUN") || !strcmp(p->state, "READY"))
		return STY_GOOD;
	if (p->flags & ROW_BLOCKED)
		return STY_WARN;
	if (!strcmp(p->state, "RECV"))
		return STY_NORMAL;
	return STY_BAD;               /* stopped, signal, exiting, booting */
}

static void show_pid(const frame *f, const void *row, char *buf, size_t len)
{
	const proc_row *p = row;
	(void)f;
	if (p->pid > 0)
		snprintf(buf, len, "%d", p->pid);
	else
		snprintf(buf, len, "-");
}

static double key_pid(const frame *f, const void *row)
{
	(void)f;
	return ((const proc_row *)row)->pid;
}

static void show_flags(const frame *f, const void *row, char *buf, size_t len)
{
	const proc_row *p = row;
	char rts[MXT_FLAGS_MAX], misc[MXT_FLAGS_MAX];
	(void)f;
	mxt_rts_letters(p->rts, rts);
	mxt_misc_letters(p->misc, misc);
	snprintf(buf, len, "%s %s", rts, misc);
}

static void show_tracer(const frame *f, const void *row, char *buf, size_t len)
{
	const proc_row *p = row;
	if (p->tracer == MX_NONE)
		snprintf(buf, len, "-");
	else
		frame_ep_name(f, p->tracer, buf, len);
}

static void show_parent(const frame *f, const void *row, char *buf, size_t len)
{
	const proc_row *p = row;
	if (p->parent == MX_NONE || p->parent == p->ep)
		snprintf(buf, len, "-");
	else
		frame_ep_name(f, p->parent, buf, len);
}

enum {
	PC_EP, PC_SLOT, PC_PID, PC_PARENT, PC_PRI, PC_STATE, PC_BLOCKED, PC_CPU, PC_UTIME, PC_STIME,
	PC_SENT, PC_RECV, PC_NOTIFY, PC_KCALLS, PC_FLAGS, PC_TRACER, PC_NAME, PC_N
};

static const column proc_columns[PC_N] = {
	[PC_EP] = { "ep", "EP", "endpoint: slot/generation", 7, .right = 1, .kind = CK_EP, .off = OFF(ep) },
	[PC_SLOT] = { "slot", "SLOT", "process-table slot", 4, .right = 1, .kind = CK_INT, .off = OFF(slot) },
	[PC_PID] = { "pid", "PID", "POSIX process id from PM, - for tasks", 5, .right = 1, .kind = CK_CUSTOM,
		     .show = show_pid, .key = key_pid },
	[PC_PARENT] = { "parent", "PARENT", "parent process", 10, .text = 1, .kind = CK_CUSTOM, .show = show_parent },
	[PC_PRI] = { "pri", "PRI", "scheduling priority (queue; 0 is highest)", 3, .right = 1, .kind = CK_PRIO,
		     .off = OFF(priority) },
	[PC_STATE] = { "state", "STATE", "RUN, SEND->target, RECV<-source, REPLY-WAIT<-server, ...", 16, .text = 1,
		       .kind = CK_CUSTOM, .show = show_state, .style = style_state },
	[PC_BLOCKED] = { "blocked", "BLOCKED", "time blocked in the current wait", 7, .right = 1, .desc = 1,
			 .kind = CK_SECS, .off = OFF(blocked_s) },
	[PC_CPU] = { "cpu", "CPU%", "share of the CPU since the previous snapshot", 5, .right = 1, .desc = 1,
		     .kind = CK_PCT, .off = OFF(cpu) },
	[PC_UTIME] = { "utime", "UTIME", "CPU time in user mode", 9, .right = 1, .desc = 1, .kind = CK_CPUTIME,
		       .off = OFF(user_s) },
	[PC_STIME] = { "stime", "STIME", "CPU time in the kernel on its behalf", 9, .right = 1, .desc = 1,
		       .kind = CK_CPUTIME, .off = OFF(sys_s) },
	[PC_SENT] = { "sent", "SENT/s", "messages sent per second", 6, .right = 1, .desc = 1, .kind = CK_RATE,
		      .off = OFF(sent_ps) },
	[PC_RECV] = { "recv", "RECV/s", "messages received per second", 6, .right = 1, .desc = 1, .kind = CK_RATE,
		      .off = OFF(recv_ps) },
	[PC_NOTIFY] = { "notify", "NTFY/s", "notifications sent per second", 6, .right = 1, .desc = 1,
			.kind = CK_RATE, .off = OFF(notify_ps) },
	[PC_KCALLS] = { "kcalls", "KCALL/s", "kernel calls per second", 7, .right = 1, .desc = 1, .kind = CK_RATE,
			.off = OFF(kcall_ps) },
	[PC_FLAGS] = { "flags", "FLAGS", "runtime and misc flags as letters (procflags.h)", 21, .kind = CK_CUSTOM,
		       .show = show_flags },
	[PC_TRACER] = { "tracer", "TRACER", "the process tracing it with ptrace, - if none", 10, .text = 1,
			.kind = CK_CUSTOM, .show = show_tracer },
	[PC_NAME] = { "name", "NAME", "process name (the tree by parent is drawn here)", 12, .find = 1, .flex = 1, .text = 1,
		      .kind = CK_STR, .off = OFF(name) },
};

static const signed char proc_defaults[] = {
	PC_EP, PC_PID, PC_PRI, PC_STATE, PC_BLOCKED, PC_CPU, PC_UTIME, PC_STIME, PC_SENT, PC_RECV, PC_KCALLS,
	PC_NAME, -1
};

static const void *proc_rows(const frame *f, int *n, size_t *stride)
{
	*n = f->nprocs;
	*stride = sizeof(proc_row);
	return f->procs;
}

static uint64_t proc_id(const void *row)
{
	return (uint32_t)((const proc_row *)row)->ep;
}

static unsigned proc_flags(const void *row)
{
	return ((const proc_row *)row)->flags;
}

static int proc_parent(const frame *f, const void *row)
{
	const proc_row *p = row;
	if (p->parent == p->ep)
		return -1;
	const proc_row *pp = frame_proc(f, p->parent);
	return pp ? (int)(pp - f->procs) : -1;
}

static mx_endpoint_t proc_ep(const void *row)
{
	return ((const proc_row *)row)->ep;
}

const view_class view_processes = {
	.name = "processes",
	.title = "Processes",
	.about = "processes of the snapshot; rates from the previous snapshot's counters",
	.columns = proc_columns,
	.ncolumns = PC_N,
	.defaults = proc_defaults,
	.sort = PC_CPU,
	.load = 0,
	.empty = "no processes in this snapshot",
	.rows = proc_rows,
	.id = proc_id,
	.flags = proc_flags,
	.parent = proc_parent,
	.ep = proc_ep,
};

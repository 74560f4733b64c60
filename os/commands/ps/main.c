/*
 * ps [-l]: the processes PM knows, with their IPC state in the words every
 * MX tool uses (mx/procstate.h): RUN, SEND->x, RECV<-y, REPLY-WAIT<-z,
 * STOPPED, ZOMBIE ...  -l adds the process group, the kernel's flag letters
 * and the scheduling priority.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <mxlib.h>
#include <mx/procstate.h>
#include <mx/tables.h>

#define MAX_PROCS 256

static struct mx_psinfo procs[MAX_PROCS];
static int nprocs;

/* A name for an endpoint: a process from the list, a kernel task, or the number. */
static const char *ep_name(mx_endpoint_t ep, char *buf, size_t len)
{
	if (ep == MX_ANY)
		return "ANY";
	if (ep == MX_NONE)
		return "-";
	for (int i = 0; i < nprocs; i++)
		if (procs[i].ep == ep)
			return procs[i].name;
	switch (ep) {
	case MX_IDLE: return "IDLE";
	case MX_CLOCK: return "CLOCK";
	case MX_SYSTEM: return "SYSTEM";
	case MX_HARDWARE: return "HARDWARE";
	}
	snprintf(buf, len, "ep%d", (int)ep);
	return buf;
}

static void state_string(const struct mx_psinfo *p, char *out, size_t len)
{
	char nb[16];
	if (p->pm_flags & MX_PMF_ZOMBIE) {
		snprintf(out, len, "ZOMBIE");
		return;
	}
	if (p->pm_flags & MX_PMF_STOPPED) {
		snprintf(out, len, "STOPPED");
		return;
	}
	const char *st = mx_proc_state(p->rts, p->misc);
	const char *arrow = mx_proc_state_arrow(p->rts);
	if (*arrow && p->peer != MX_NONE)
		snprintf(out, len, "%s%s%s", st, arrow, ep_name(p->peer, nb, sizeof(nb)));
	else
		snprintf(out, len, "%s", st);
}

static void rts_letters(uint32_t rts, char *out)
{
	int i = 0;
#define PS_RTS_LETTER(name, bit, letter, text) out[i++] = (rts & bit) ? letter : '-';
	MX_RTS_FLAGS(PS_RTS_LETTER)
#undef PS_RTS_LETTER
	out[i] = 0;
}

static int cmp_pid(const void *a, const void *b)
{
	const struct mx_psinfo *x = a, *y = b;
	return x->pid - y->pid;
}

int main(int argc, char **argv)
{
	int lng = argc > 1 && strcmp(argv[1], "-l") == 0;
	if (argc > 1 && !lng) {
		fprintf(stderr, "usage: ps [-l]\n");
		return 1;
	}
	nprocs = getprocs(procs, MAX_PROCS);
	if (nprocs < 0) {
		perror("ps: getprocs");
		return 1;
	}
	qsort(procs, (size_t)nprocs, sizeof(procs[0]), cmp_pid);
	long hz = sysconf(_SC_CLK_TCK);
	if (hz <= 0)
		hz = 100;
	if (lng)
		printf("  PID  PPID  PGRP    EP  FLAGS       PRI STATE                  TIME CMD\n");
	else
		printf("  PID  PPID    EP STATE                  TIME CMD\n");
	for (int i = 0; i < nprocs; i++) {
		struct mx_psinfo *p = &procs[i];
		char state[40], tm[16];
		state_string(p, state, sizeof(state));
		uint32_t t = p->user_ticks + p->sys_ticks;
		snprintf(tm, sizeof(tm), "%lu.%02lu", (unsigned long)(t / hz), (unsigned long)(t % hz * 100 / hz));
		if (lng) {
			char fl[16];
			rts_letters(p->rts, fl);
			printf("%5d %5d %5d %5d  %-10s %3u %-20s %7s %s\n", p->pid, p->ppid, p->pgrp, (int)p->ep,
			       fl, (unsigned)p->priority, state, tm, p->name);
		} else {
			printf("%5d %5d %5d %-20s %7s %s\n", p->pid, p->ppid, (int)p->ep, state, tm, p->name);
		}
	}
	return 0;
}

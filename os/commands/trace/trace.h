/* trace: system calls of a process, as messages, decoded.  See main.c. */
#ifndef TRACE_H
#define TRACE_H

#include <stdio.h>
#include <stdint.h>
#include <mxsys.h>

/* One tracee's view of its current call (between its entry and exit stops). */
struct call {
	int pid;
	int ipc;                   /* IPC primitive (eax), SENDREC for system calls */
	mx_endpoint_t server;      /* ebx */
	uint32_t msg_addr;         /* ecx */
	mx_message req;            /* the request as it was at entry */
	char args[200];            /* decoded at entry (paths must be read then) */
};

/* decode.c */
const char *server_name(mx_endpoint_t ep, char *buf, size_t len);
void decode_entry(struct call *c);
void decode_exit(struct call *c, int ipc_result, const mx_message *rep, FILE *out);
const char *call_name(int type);

/* ptrace.c: the tracee's memory and registers */
int pt(int req, int pid, uint32_t addr, uint32_t data, uint32_t *value);
int pt_read(int pid, uint32_t addr, void *buf, size_t len);
int pt_string(int pid, uint32_t addr, char *buf, size_t len);
uint32_t pt_reg(int pid, int word);

#endif

/*
 * A scripted fake gdbstub for the RSP client tests: a thread on the other
 * end of a socketpair that reads the client's packets and answers each
 * with raw bytes from a script (so answers can carry garbage, NAKs, bad
 * checksums, or arrive a byte at a time), or serves 'm' requests from a
 * memory pattern.
 */
#ifndef FAKESTUB_H
#define FAKESTUB_H

#include <pthread.h>
#include <stddef.h>

struct step {
	const char *expect;      /* payload the client must send (NULL: any) */
	const char *reply;       /* raw bytes written back (NULL: nothing) */
	int dribble;             /* write the reply one byte at a time */
	int no_ack;              /* do not '+' the client's packet */
	int no_read;             /* send the reply without reading a packet first */
};

struct fakestub {
	int fd;
	pthread_t th;
	const struct step *script;
	int nsteps;
	int serve_mem;           /* answer every m/M/X/D/Q/q packet itself (after the script) */
	int ack;                 /* the stub acks packets (until QStartNoAckMode) */
	int close_after;         /* close the socket after the script */
	int nak_nth;             /* serving: answer the nth packet (from 1) with '-' only */
	int mismatches;          /* packets that were not what the script expected */
	char last[256];          /* the last packet received */
	int packets;
	int acks_seen, naks_seen;
	unsigned char mem[65536];
	unsigned long long mem_base;
};

/* Start the stub; returns the client's end of the socketpair. */
int fakestub_start(struct fakestub *s);
void fakestub_wait(struct fakestub *s);
/* "$data#cc" for data. */
const char *pkt(const char *data);

#endif

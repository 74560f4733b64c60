/* The scripted fake gdbstub (see fakestub.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "fakestub.h"

const char *pkt(const char *data)
{
	static char bufs[8][4200];
	static int n;
	char *b = bufs[n++ % 8];
	unsigned sum = 0;
	for (const char *p = data; *p; p++)
		sum += (unsigned char)*p;
	snprintf(b, 4200, "$%s#%02x", data, sum & 0xff);
	return b;
}

static void put(struct fakestub *s, const char *bytes, int dribble)
{
	size_t n = strlen(bytes);
	if (!dribble) {
		if (write(s->fd, bytes, n) < 0)
			return;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (write(s->fd, bytes + i, 1) < 0)
			return;
		usleep(200);
	}
}

/* Read one packet's payload (raw, not unescaped); skips '+' and '-'. 0 at EOF. */
static int get_packet(struct fakestub *s, char *out, size_t room)
{
	char c;
	size_t n = 0;
	for (;;) {
		if (read(s->fd, &c, 1) != 1)
			return 0;
		if (c == '+') { s->acks_seen++; continue; }
		if (c == '-') { s->naks_seen++; continue; }
		if (c == 0x03) { snprintf(out, room, "^C"); return 1; }
		if (c == '$')
			break;
	}
	while (read(s->fd, &c, 1) == 1 && c != '#')
		if (n + 1 < room)
			out[n++] = c;
	out[n] = 0;
	char cs[2];
	if (read(s->fd, cs, 2) != 2)
		return 0;
	return 1;
}

static void keep_last(struct fakestub *s, const char *p)
{
	size_t n = strlen(p);
	if (n >= sizeof(s->last))
		n = sizeof(s->last) - 1;
	memcpy(s->last, p, n);
	s->last[n] = 0;
}

static void serve(struct fakestub *s, const char *p)
{
	unsigned long long a, l;
	if (sscanf(p, "m%llx,%llx", &a, &l) == 2) {
		if (a < s->mem_base || a + l > s->mem_base + sizeof(s->mem)) {
			put(s, pkt("E14"), 0);
			return;
		}
		char *hex = malloc(2 * l + 1);
		for (unsigned long long i = 0; i < l; i++)
			sprintf(hex + 2 * i, "%02x", s->mem[a - s->mem_base + i]);
		hex[2 * l] = 0;
		put(s, pkt(hex), 0);
		free(hex);
	} else if (p[0] == 'M' && sscanf(p, "M%llx,%llx:", &a, &l) == 2) {
		const char *h = strchr(p, ':') + 1;
		for (unsigned long long i = 0; i < l; i++) {
			unsigned v;
			sscanf(h + 2 * i, "%2x", &v);
			s->mem[a - s->mem_base + i] = (unsigned char)v;
		}
		put(s, pkt("OK"), 0);
	} else if (p[0] == 'X') {
		put(s, pkt(""), 0);            /* no binary writes: the client must use M */
	} else if (!strcmp(p, "QStartNoAckMode")) {
		put(s, pkt("OK"), 0);
		s->ack = 0;
	} else if (!strncmp(p, "qSupported", 10)) {
		put(s, pkt("PacketSize=100;QStartNoAckMode+"), 0);
	} else if (!strcmp(p, "?")) {
		put(s, pkt("T05thread:01;"), 0);
	} else if (!strncmp(p, "Qqemu.PhyMemMode", 16) || !strcmp(p, "D")) {
		put(s, pkt("OK"), 0);
	} else {
		put(s, pkt(""), 0);
	}
}

static void *stub_main(void *arg)
{
	struct fakestub *s = arg;
	char p[8192];
	for (int i = 0; i < s->nsteps; i++) {
		const struct step *st = &s->script[i];
		if (!st->no_read && (st->expect || st->reply)) {
			if (!get_packet(s, p, sizeof(p)))
				goto out;
			s->packets++;
			keep_last(s, p);
			if (st->expect && strcmp(st->expect, p) != 0)
				s->mismatches++;
			if (s->ack && !st->no_ack)
				put(s, "+", 0);
			if (!strcmp(p, "QStartNoAckMode"))
				s->ack = 0;
		}
		if (st->reply)
			put(s, st->reply, st->dribble);
	}
	if (s->close_after)
		goto out;
	/* A real stub never hangs up: wait for the client to. */
	if (!s->serve_mem) {
		char c;
		while (read(s->fd, &c, 1) == 1) {
			s->acks_seen += c == '+';
			s->naks_seen += c == '-';
		}
	}
	while (s->serve_mem && get_packet(s, p, sizeof(p))) {
		s->packets++;
		keep_last(s, p);
		if (s->nak_nth && s->packets == s->nak_nth) {
			put(s, "-", 0);
			continue;
		}
		if (s->ack)
			put(s, "+", 0);
		serve(s, p);
	}
out:
	shutdown(s->fd, SHUT_RDWR);
	close(s->fd);
	return NULL;
}

int fakestub_start(struct fakestub *s)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		return -1;
	s->fd = sv[1];
	pthread_create(&s->th, NULL, stub_main, s);
	return sv[0];
}

void fakestub_wait(struct fakestub *s)
{
	pthread_join(s->th, NULL);
}

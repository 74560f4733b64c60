/*
 * dump KEY: print an IS dump (the same text as the function keys on the
 * console and as `mxdump` on the host).  KEY is a number (1..12), a name
 * (proc, memmap, privs, irqs, ipc, trace, pm, vfs, dmap, rs, ds, vm) or a
 * function key (F1 .. F6, S-F1 .. S-F6).  `dump list` lists them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <mxsys.h>
#include <mx/callnr.h>
#include <mx/dump.h>

static const struct { int key; const char *fkey, *name, *title; } keys[] = {
#define D(n, num, fkey, sname, title) { num, fkey, sname, title },
	MX_DUMPS(D)
#undef D
};
#define NKEYS (int)(sizeof(keys) / sizeof(keys[0]))

static int key_of(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*s && !*end)
		return v >= 1 && v <= NKEYS ? (int)v : -1;
	for (int i = 0; i < NKEYS; i++)
		if (strcasecmp(s, keys[i].name) == 0 || strcasecmp(s, keys[i].fkey) == 0)
			return keys[i].key;
	return -1;
}

int main(int argc, char **argv)
{
	static char buf[64 * 1024];
	int help = argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0);
	if (argc != 2 || help) {
		fprintf(help ? stdout : stderr, "usage: dump KEY | dump list\n");
		if (help)
			printf("Ask IS for one of its dumps (KEY: a name, number or F-key; 'dump list' names\n"
			       "them) and print it: the same text mxdump renders from a snapshot.\n");
		return help ? 0 : 2;
	}
	if (strcmp(argv[1], "list") == 0) {
		for (int i = 0; i < NKEYS; i++)
			printf("%2d  %-5s %-7s %s\n", keys[i].key, keys[i].fkey, keys[i].name, keys[i].title);
		return 0;
	}
	int key = key_of(argv[1]);
	if (key < 0) {
		fprintf(stderr, "dump: unknown dump '%s' (try: dump list)\n", argv[1]);
		return 2;
	}
	mx_message m;
	memset(&m, 0, sizeof(m));
	struct is_dump_req *q = MX_BODY(&m, struct is_dump_req);
	q->key = (uint32_t)key;
	q->buf = (uint32_t)buf;
	q->len = sizeof(buf);
	m.m_type = MX_IS_DUMP;
	int r = mx_sendrec(MX_IS, &m);
	if (r == 0)
		r = m.m_type;
	if (r < 0) {
		fprintf(stderr, "dump: IS: %s\n", mx_strerror(r));
		return 1;
	}
	fwrite(buf, 1, (size_t)r, stdout);
	if (q->total > (uint32_t)r)
		fprintf(stderr, "dump: cut at %d of %u bytes\n", r, q->total);
	return 0;
}

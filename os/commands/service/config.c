/*
 * The service configuration file (/etc/system.conf):
 *
 *   service LABEL {
 *       ipc LABEL ...;        labels it may talk to (they need not exist yet),
 *                             ALL for every service, USER for user processes
 *       system CALL ...;      kernel calls beyond the basic ones (names from
 *                             os/include/mx/kcall.h: DEVIO, IRQCTL, VIRCOPY ...)
 *       irq N ...;            IRQ lines it may hook
 *       io BASE:LEN ...;      I/O port ranges (hex), at most two
 *       period TICKS;         heartbeat period, 0 for none
 *       restart yes|no;
 *       priority N;           0 (highest) .. 14
 *   };
 *
 * A label with no block gets the basic kernel calls, restart on failure and
 * no heartbeats.  Any error names the file and line and rejects the service.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mxsys.h>
#include <mx/rs.h>

#define KC_BASIC ((1u << MX_SYS_DIAGCTL) | (1u << MX_SYS_GETINFO) | (1u << MX_SYS_SETALARM) | \
	(1u << MX_SYS_SAFECOPYFROM) | (1u << MX_SYS_SAFECOPYTO) | (1u << MX_SYS_SETGRANT) | \
	(1u << MX_SYS_TRACECTL) | (1u << MX_SYS_REGTABLE) | (1u << MX_SYS_EXIT) | (1u << MX_SYS_TIMES))

static int kcall_number(const char *name)
{
#define KC(n, num, group, text) if (strcmp(name, #n) == 0) return num;
	MX_KCALLS(KC)
#undef KC
	return -1;
}

static const char *cfg_path;
static int cfg_line;

static int bad(const char *what, const char *word)
{
	fprintf(stderr, "service: %s:%d: %s%s%s%s\n", cfg_path, cfg_line, what,
		word ? " '" : "", word ? word : "", word ? "'" : "");
	return -1;
}

/* Split a line into words; ';', '{' and '}' are words of their own. */
static int words(char *s, char **w, int max)
{
	int n = 0;
	while (*s && n < max) {
		while (isspace((unsigned char)*s))
			s++;
		if (!*s || *s == '#')
			break;
		if (*s == ';' || *s == '{' || *s == '}') {
			static char punct[3][2] = { ";", "{", "}" };
			w[n++] = punct[*s == ';' ? 0 : *s == '{' ? 1 : 2];
			*s++ = 0;
			continue;
		}
		w[n++] = s;
		while (*s && !isspace((unsigned char)*s) && *s != ';' && *s != '{' && *s != '}')
			s++;
		if (*s == ';' || *s == '{' || *s == '}') {
			char c = *s;
			*s = 0;
			if (n < max) {
				static char punct2[3][2] = { ";", "{", "}" };
				w[n++] = punct2[c == ';' ? 0 : c == '{' ? 1 : 2];
			}
			s++;
		} else if (*s) {
			*s++ = 0;
		}
	}
	return n;
}

static int keyword(struct rs_config *c, char **w, int n)
{
	const char *k = w[0];
	if (n < 2 || strcmp(w[n - 1], ";") != 0)
		return bad("a setting must end with ';'", k);
	n--;                                     /* drop the ';' */
	if (strcmp(k, "ipc") == 0) {
		for (int i = 1; i < n; i++) {
			if (strcmp(w[i], "ALL") == 0)
				c->flags |= RS_FLAG_ALL_IPC;
			else if (strcmp(w[i], "USER") == 0)
				c->flags |= RS_FLAG_USER_IPC;
			else if (c->nipc >= RS_MAX_IPC || strlen(w[i]) >= sizeof(c->ipc[0]))
				return bad("too many or too long ipc labels", w[i]);
			else
				strcpy(c->ipc[c->nipc++], w[i]);
		}
	} else if (strcmp(k, "system") == 0) {
		for (int i = 1; i < n; i++) {
			int num = kcall_number(w[i]);
			if (num < 0)
				return bad("unknown kernel call", w[i]);
			c->kcall_mask |= 1u << num;
		}
	} else if (strcmp(k, "irq") == 0) {
		for (int i = 1; i < n; i++) {
			char *end;
			long v = strtol(w[i], &end, 10);
			if (*end || v < 1 || v > 15)
				return bad("bad IRQ line", w[i]);
			c->irq_mask |= 1u << v;
		}
	} else if (strcmp(k, "io") == 0) {
		if (n > 3)
			return bad("at most two I/O ranges", NULL);
		for (int i = 1; i < n; i++) {
			char *end;
			unsigned long base = strtoul(w[i], &end, 16), len;
			if (*end != ':' || (len = strtoul(end + 1, &end, 16), *end) || base > 0xffff || len == 0 || len > 0x10000)
				return bad("bad I/O range (BASE:LEN, hex)", w[i]);
			c->io_base[i - 1] = (uint16_t)base;
			c->io_len[i - 1] = (uint16_t)len;
		}
	} else if (strcmp(k, "period") == 0 || strcmp(k, "priority") == 0) {
		char *end;
		long v = strtol(w[1], &end, 10);
		if (n != 2 || *end || v < 0 || (k[1] == 'r' && v > 14))
			return bad("bad number", w[1]);
		if (k[1] == 'e')
			c->period = (uint32_t)v;
		else
			c->priority = (int32_t)v;
	} else if (strcmp(k, "restart") == 0) {
		if (n != 2 || (strcmp(w[1], "yes") && strcmp(w[1], "no")))
			return bad("restart takes yes or no", n > 1 ? w[1] : NULL);
		if (w[1][0] == 'y')
			c->flags |= RS_FLAG_RESTART;
		else
			c->flags &= ~RS_FLAG_RESTART;
	} else {
		return bad("unknown keyword", k);
	}
	return 0;
}

/* Fill c for label from the file; 0, or -1 after printing why. */
int config_load(const char *path, const char *label, struct rs_config *c)
{
	memset(c, 0, sizeof(*c));
	strncpy(c->label, label, sizeof(c->label) - 1);
	c->kcall_mask = KC_BASIC;
	c->flags = RS_FLAG_RESTART;
	c->priority = -1;
	cfg_path = path;
	cfg_line = 0;
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;                            /* no file: defaults */
	char line[256], *w[24];
	int in = 0, mine = 0, found = 0;
	while (fgets(line, sizeof(line), f)) {
		cfg_line++;
		int n = words(line, w, 24);
		if (n == 0)
			continue;
		if (!in) {
			if (n < 3 || strcmp(w[0], "service") || strcmp(w[2], "{")) {
				fclose(f);
				return bad("expected 'service LABEL {'", w[0]);
			}
			in = 1;
			mine = strcmp(w[1], label) == 0;
			found |= mine;
			if (n > 3) {
				fclose(f);
				return bad("nothing may follow '{' on its line", w[3]);
			}
			continue;
		}
		if (strcmp(w[0], "}") == 0) {
			if (n != 2 || strcmp(w[1], ";")) {
				fclose(f);
				return bad("a block ends with '};'", NULL);
			}
			in = 0;
			continue;
		}
		if (keyword(mine ? c : &(struct rs_config){0}, w, n) < 0) {
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	if (in)
		return bad("the file ends inside a block", NULL);
	(void)found;
	return 0;
}

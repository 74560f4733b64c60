/*
 * service: start, stop, restart and list system services (talks to RS).
 *
 *   service up BINARY [-label LABEL] [-args "ARGS"] [-config FILE]
 *   service down LABEL
 *   service restart LABEL       end it and start it again (counts as a restart)
 *   service refresh LABEL       the same, as a fresh start
 *   service list
 *
 * `up` takes the service's privileges from the block `service LABEL { ... };`
 * in the configuration file (default /etc/system.conf; see config.c for the
 * keywords).  A malformed block is rejected with the file and line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mxsys.h>
#include <mx/callnr.h>
#include <mx/rs.h>
#include <mx/tables.h>

int config_load(const char *path, const char *label, struct rs_config *c);

static int rs_call(int type, const char *label, uint32_t arg, uint32_t len, mx_message *m)
{
	memset(m, 0, sizeof(*m));
	struct rs_req *q = MX_BODY(m, struct rs_req);
	if (label)
		strncpy(q->label, label, sizeof(q->label) - 1);
	q->arg = arg;
	q->len = len;
	m->m_type = type;
	int r = mx_sendrec(MX_RS, m);
	return r < 0 ? r : m->m_type;
}

static void usage(int help)
{
	fprintf(help ? stdout : stderr, "usage: service up BINARY [-label LABEL] [-args \"ARGS\"] [-config FILE]\n"
			"       service down|restart|refresh LABEL\n"
			"       service list\n");
	if (help)
		printf("Ask RS to start a system service (its privileges from /etc/system.conf or\n"
		       "FILE), stop it, restart it, restart it with a fresh binary, or list them.\n");
	exit(help ? 0 : 2);
}

static const char *flags_str(uint32_t f, char *buf)
{
	buf[0] = 0;
	if (f & MX_RSF_UP) strcat(buf, "up ");
	if (f & MX_RSF_RESTART) strcat(buf, "restarting ");
	if (f & MX_RSF_DOWN) strcat(buf, "down ");
	if (f & MX_RSF_PINGING) strcat(buf, "pinged ");
	if (f & MX_RSF_BOOT) strcat(buf, "boot ");
	if (!buf[0]) strcat(buf, "starting ");
	buf[strlen(buf) - 1] = 0;
	return buf;
}

static int list(void)
{
	static mx_rs_ent ents[32];
	mx_message m;
	int n = rs_call(MX_RS_LIST, NULL, (uint32_t)ents, sizeof(ents), &m);
	if (n < 0) {
		fprintf(stderr, "service: list: %s\n", mx_strerror(n));
		return 1;
	}
	printf("%-10s %-9s %-22s %8s %7s  %s\n", "label", "endpoint", "state", "restarts", "backoff", "binary");
	for (int i = 0; i < n; i++) {
		char fl[64], ep[16];
		if (ents[i].ep == MX_NONE)
			strcpy(ep, "-");
		else
			snprintf(ep, sizeof(ep), "%d", ents[i].ep);
		printf("%-10s %-9s %-22s %8u %7u  %s\n", ents[i].label, ep, flags_str(ents[i].flags, fl),
		       ents[i].restarts, ents[i].backoff, ents[i].binary);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage(0);
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		usage(1);
	const char *cmd = argv[1];
	mx_message m;
	if (strcmp(cmd, "list") == 0)
		return list();
	if (strcmp(cmd, "down") == 0 || strcmp(cmd, "restart") == 0 || strcmp(cmd, "refresh") == 0) {
		if (argc != 3)
			usage(0);
		int type = cmd[0] == 'd' ? MX_RS_DOWN : cmd[2] == 's' ? MX_RS_RESTART : MX_RS_REFRESH;
		int r = rs_call(type, argv[2], 0, 0, &m);
		if (r < 0) {
			fprintf(stderr, "service: %s %s: %s\n", cmd, argv[2], mx_strerror(r));
			return 1;
		}
		return 0;
	}
	if (strcmp(cmd, "up") != 0 || argc < 3)
		usage(0);
	const char *binary = argv[2], *label = NULL, *args = "", *conf = "/etc/system.conf";
	for (int i = 3; i < argc; i++) {
		if (i + 1 >= argc)
			usage(0);
		if (strcmp(argv[i], "-label") == 0)
			label = argv[++i];
		else if (strcmp(argv[i], "-args") == 0)
			args = argv[++i];
		else if (strcmp(argv[i], "-config") == 0)
			conf = argv[++i];
		else
			usage(0);
	}
	if (!label) {
		const char *b = strrchr(binary, '/');
		label = b ? b + 1 : binary;
	}
	static struct rs_config c;
	if (strlen(label) >= sizeof(c.label) || strlen(binary) >= sizeof(c.binary) || strlen(args) >= sizeof(c.args)) {
		fprintf(stderr, "service: label, binary or arguments too long\n");
		return 1;
	}
	if (config_load(conf, label, &c) < 0)
		return 1;
	strcpy(c.binary, binary);
	strcpy(c.args, args);
	int r = rs_call(MX_RS_UP, NULL, (uint32_t)&c, sizeof(c), &m);
	if (r < 0) {
		fprintf(stderr, "service: up %s: %s\n", label, mx_strerror(r));
		return 1;
	}
	return 0;
}

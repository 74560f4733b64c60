/* mxtrace ctl: switch and filter the guest's tracing, ask for a dump or a HELLO. */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <mx/dump.h>
#include "mxt/chan.h"
#include "mxt/names.h"
#include "mxt/rsp.h"
#include "mxtrace.h"

static int run(int argc, char **argv);

const struct command cmd_ctl = {
	"ctl", run, "switch or filter tracing in the guest, request a dump",
	"usage: mxtrace ctl (--chan SOCK | --shm FILE | --gdb ADDR) [-k ELF] COMMAND [ARG]\n"
	"\n"
	"Commands:\n"
	"  status           print the ring's control word, traced kinds and counters\n"
	"  on, off          switch tracing on or off\n"
	"  kinds LIST       trace only these kinds: names (send,recv,kcall,...),\n"
	"                   'all', 'default' (all but switch) or a hex mask 0x...\n"
	"  ep EP            add endpoint EP to the endpoint filter (and turn it on)\n"
	"  ep-remove EP     take EP out of the filter\n"
	"  ep-off           drop the endpoint filter\n"
	"  hello            (--chan) ask the guest to send HELLO again\n"
	"  dump KEY         (--chan) ask IS for a dump: proc, privs, irqs, ... or 1..12;\n"
	"                   the DUMP frames are printed\n"
	"\n"
	"With --chan the command goes to the guest as a CMD frame on the debug\n"
	"channel and its ACK or ERROR answer is printed.  With --shm or --gdb the\n"
	"ring header's control words are written in guest memory; the kernel takes\n"
	"them up within a clock tick (status reads them).\n"
	"\n"
	"  --chan SOCK   the debug channel socket (QEMU -serial unix:SOCK,server=on)\n"
	"  --shm FILE    QEMU's shared guest RAM file\n"
	"  --gdb ADDR    QEMU's gdbstub\n"
	"  -k ELF        find mx_info by symbol and check the build id\n"
	"  -h, --help    this text\n",
};

static int parse_kinds(const char *s, uint32_t *mask)
{
	if (!strcmp(s, "all")) {
		*mask = 0xfffffffeu;
		return 0;
	}
	if (!strcmp(s, "default")) {
		*mask = ~((1u << MX_TK_SWITCH) | 1u);
		return 0;
	}
	if (!strncmp(s, "0x", 2)) {
		char *end;
		*mask = (uint32_t)strtoul(s, &end, 16);
		return *end ? -1 : 0;
	}
	char *copy = strdup(s), *save = NULL;
	*mask = 0;
	for (char *k = strtok_r(copy, ",", &save); k; k = strtok_r(NULL, ",", &save)) {
		int v = mxt_kind_by_name(k);
		if (v < 0) {
			error("unknown trace kind '%s'", k);
			free(copy);
			return -1;
		}
		*mask |= 1u << v;
	}
	free(copy);
	return 0;
}

static void print_kinds(uint32_t mask)
{
	for (int k = 1; k < MX_TK_MAX; k++)
		if (mask & (1u << k))
			printf(" %s", mxt_kind_name(k));
	putchar('\n');
}

/* ---- over the debug channel ------------------------------------------------------ */

struct answer {
	uint32_t seq;
	int done, code;
	char text[64];
	int want_dump;
};

static void on_frame(void *ctx, const mx_frame_hdr *h, const uint8_t *p, const char *why)
{
	struct answer *a = ctx;
	(void)why;
	if (!h)
		return;
	if ((h->type == MX_FR_ACK || h->type == MX_FR_ERROR) && h->len >= 8) {
		struct mx_cmd_error e;
		memset(&e, 0, sizeof(e));
		memcpy(&e, p, h->len < sizeof(e) ? h->len : sizeof(e));
		if (e.seq != a->seq)
			return;
		a->code = h->type == MX_FR_ACK ? 0 : (e.code ? e.code : -1);
		snprintf(a->text, sizeof(a->text), "%.*s", (int)sizeof(e.text), e.text);
		a->done = a->code != 0 || !a->want_dump;
	} else if (h->type == MX_FR_DUMP && a->want_dump && h->len >= sizeof(struct mx_dump_chunk)) {
		fwrite(p + sizeof(struct mx_dump_chunk), 1, h->len - sizeof(struct mx_dump_chunk), stdout);
		if (!(h->flags & MX_FRF_MORE))
			a->done = 1;
	}
}

static int over_channel(const char *path, uint32_t op, uint32_t arg0, uint32_t arg1)
{
	int fd = qemu_connect(path);
	if (fd < 0) {
		error("cannot connect to the debug channel at %s: %s", path, strerror(errno));
		return 1;
	}
	struct answer a = { .seq = (uint32_t)getpid() & 0xffff, .want_dump = op == MX_CMD_DUMP };
	struct mxt_chan_dec *d = malloc(sizeof(*d));
	mxt_chan_init(d, on_frame, &a);
	struct mx_cmd c = { op, arg0, arg1 };
	uint8_t wire[64];
	size_t n = mxt_frame_encode(MX_FR_CMD, 0, a.seq, &c, sizeof(c), wire);
	if (write(fd, wire, n) != (ssize_t)n) {
		error("writing to the debug channel: %s", strerror(errno));
		close(fd);
		free(d);
		return 1;
	}
	uint64_t deadline = mxt_now_ns() + 5000000000ull;
	while (!a.done && mxt_now_ns() < deadline) {
		struct pollfd pf = { fd, POLLIN, 0 };
		if (poll(&pf, 1, 100) <= 0)
			continue;
		uint8_t buf[4096];
		ssize_t got = read(fd, buf, sizeof(buf));
		if (got <= 0)
			break;
		mxt_chan_feed(d, buf, (size_t)got);
	}
	close(fd);
	free(d);
	if (!a.done && !(a.want_dump && a.code == 0 && a.text[0])) {
		error("no answer from the guest within 5 s (is it booted, and the channel drained?)");
		return 1;
	}
	if (a.code) {
		error("the guest refused: %s (%s)", a.text, mxt_errno_name(a.code) ? mxt_errno_name(a.code) : "?");
		return 1;
	}
	if (!a.want_dump)
		printf("guest: %s\n", a.text[0] ? a.text : "ok");
	return 0;
}

/* ---- in guest memory -------------------------------------------------------------- */

static int in_memory(struct attach *a, const char *cmd, uint32_t op, uint32_t arg0, uint32_t arg1)
{
	mx_trace_ring r;
	uint64_t pa = mxt_kva2pa(&a->info, a->info.mi.ring_addr);
	if (mxt_read_phys(a->t, pa, &r, sizeof(r)) < 0) {
		error("%s", a->t->err);
		return 1;
	}
	if (r.magic != MX_TRACE_MAGIC) {
		error("trace ring: wrong magic 0x%08x", r.magic);
		return 1;
	}
	if (!strcmp(cmd, "status")) {
		printf("ctl      0x%x (%s%s)\nkinds    0x%08x:", r.ctl, r.ctl & MX_TCTL_ON ? "on" : "off",
		       r.ctl & MX_TCTL_EPFILT ? ", endpoint filter" : "", r.kinds);
		print_kinds(r.kinds);
		printf("head     %llu\nfiltered %llu\noverwritten %llu\noff_skipped %llu\nnrecs    %u\n",
		       (unsigned long long)r.head, (unsigned long long)r.filtered, (unsigned long long)r.overwritten,
		       (unsigned long long)r.off_skipped, r.nrecs);
		return 0;
	}
	uint32_t ctl = r.ctl, kinds = r.kinds;
	uint32_t filt[MX_NR_SLOTS / 32];
	memcpy(filt, r.ep_filter, sizeof(filt));
	int slot = MX_EP_SLOT((mx_endpoint_t)arg0);
	switch (op) {
	case MX_CMD_TRACE_ON: ctl |= MX_TCTL_ON; break;
	case MX_CMD_TRACE_OFF: ctl &= ~MX_TCTL_ON; break;
	case MX_CMD_TRACE_KINDS: kinds = arg0; break;
	case MX_CMD_TRACE_EP:
		if (arg1)
			filt[slot >> 5] &= ~(1u << (slot & 31));
		else
			filt[slot >> 5] |= 1u << (slot & 31);
		ctl |= MX_TCTL_EPFILT;
		break;
	case MX_CMD_TRACE_EPOFF: ctl &= ~MX_TCTL_EPFILT; break;
	default:
		error("'%s' needs the debug channel (--chan)", cmd);
		return 2;
	}
	/* The filter first, then the words that switch it on. */
	if (mxt_write_phys(a->t, pa + offsetof(mx_trace_ring, ep_filter), filt, sizeof(filt)) < 0 ||
	    mxt_write_phys(a->t, pa + offsetof(mx_trace_ring, kinds), &kinds, 4) < 0 ||
	    mxt_write_phys(a->t, pa + offsetof(mx_trace_ring, ctl), &ctl, 4) < 0) {
		error("%s", a->t->err);
		return 1;
	}
	printf("ctl 0x%x, kinds 0x%08x written (the kernel takes them up at its next clock tick)\n", ctl, kinds);
	return 0;
}

static int run(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "chan", required_argument, 0, 'c' }, { "shm", required_argument, 0, 's' },
		{ "gdb", required_argument, 0, 'g' }, { "kernel", required_argument, 0, 'k' },
		{ "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 },
	};
	struct attach_opts ao = { 0 };
	const char *chan = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "k:h", lo, NULL)) != -1) {
		switch (c) {
		case 'c': chan = optarg; break;
		case 's': ao.shm = optarg; break;
		case 'g': ao.gdb = optarg; break;
		case 'k': ao.kernel = optarg; break;
		case 'h': return usage(&cmd_ctl, 0);
		default: return usage(&cmd_ctl, 1);
		}
	}
	if (optind >= argc || (!!chan + !!ao.shm + !!ao.gdb) != 1) {
		error(optind >= argc ? "no command (status, on, off, kinds, ep, ep-remove, ep-off, hello, dump)"
				     : "give one of --chan, --shm and --gdb");
		return 2;
	}
	const char *cmd = argv[optind], *arg = optind + 1 < argc ? argv[optind + 1] : NULL;
	uint32_t op = 0, arg0 = 0, arg1 = 0;
	char *end;
	if (!strcmp(cmd, "on")) op = MX_CMD_TRACE_ON;
	else if (!strcmp(cmd, "off")) op = MX_CMD_TRACE_OFF;
	else if (!strcmp(cmd, "ep-off")) op = MX_CMD_TRACE_EPOFF;
	else if (!strcmp(cmd, "hello")) op = MX_CMD_HELLO;
	else if (!strcmp(cmd, "status")) op = 0;
	else if (!strcmp(cmd, "kinds") && arg) {
		op = MX_CMD_TRACE_KINDS;
		if (parse_kinds(arg, &arg0) < 0)
			return 2;
	} else if ((!strcmp(cmd, "ep") || !strcmp(cmd, "ep-remove")) && arg) {
		op = MX_CMD_TRACE_EP;
		arg0 = (uint32_t)strtol(arg, &end, 0);
		arg1 = cmd[2] == '-';
		if (*end) {
			error("bad endpoint '%s'", arg);
			return 2;
		}
	} else if (!strcmp(cmd, "dump") && arg) {
		op = MX_CMD_DUMP;
		int key = mxt_dump_by_name(arg);
		if (key < 0) {
			error("unknown dump '%s'", arg);
			return 2;
		}
		arg0 = (uint32_t)key;
	} else {
		return usage(&cmd_ctl, 1);
	}
	if (chan) {
		if (op == 0) {
			error("status reads guest memory: use --shm or --gdb");
			return 2;
		}
		return over_channel(chan, op, arg0, arg1);
	}
	struct attach a;
	if (attach_open(&ao, &a, 1) < 0)
		return 1;
	int rc = 1;
	if (attach_find_info(&a, 0, NULL) == 0)
		rc = in_memory(&a, cmd, op, arg0, arg1);
	if (mxt_gdb_rsp(a.t))
		mxt_rsp_detach(mxt_gdb_rsp(a.t));
	attach_close(&a);
	return rc;
}

/* mxtrace export: a run as Chrome trace-event JSON for Perfetto. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "mxt/export.h"
#include "mxtrace.h"

static int run(int argc, char **argv);

const struct command cmd_export = {
	"export", run, "write a run as Chrome/Perfetto trace-event JSON",
	"usage: mxtrace export [-o FILE.json] [OPTIONS] DB\n"
	"\n"
	"Write the events of DB as Chrome trace-event JSON, which Perfetto's UI\n"
	"(ui.perfetto.dev, 'Open trace file') and chrome://tracing open.  Each boot\n"
	"is a process; each guest process (endpoint) is a track.  Kernel calls are\n"
	"slices lasting their duration; waits (blocked sending, receiving, waiting\n"
	"for a reply) are slices from block to wake-up; with SWITCH records, the\n"
	"time each process ran is a 'running' slice; each message is a flow arrow\n"
	"from its sender to its receiver; other records are instant events.\n"
	"Times are guest time from the boot's first record (TSC / tsc_hz).\n"
	"\n"
	"  -o, --output FILE  write here (default: standard output)\n"
	"  -b, --boot N       only boot N (default: every boot)\n"
	"      --from S       start S guest seconds into the boot\n"
	"      --to S         end S guest seconds into the boot\n"
	"      --no-flows     leave out the message arrows (smaller files)\n"
	"  -h, --help         this text\n",
};

static int run(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "output", required_argument, 0, 'o' }, { "boot", required_argument, 0, 'b' },
		{ "from", required_argument, 0, 'f' }, { "to", required_argument, 0, 't' },
		{ "no-flows", no_argument, 0, 'F' }, { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 },
	};
	struct mxt_export_opts o = { -1, 0, 0, 0 };
	const char *out = NULL;
	int c;
	char *end;
	while ((c = getopt_long(argc, argv, "o:b:h", lo, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'b':
			o.boot_id = strtoll(optarg, &end, 10);
			if (*end || o.boot_id < 0) {
				error("bad boot number '%s'", optarg);
				return 2;
			}
			break;
		case 'f': case 't': {
			double v = strtod(optarg, &end);
			if (*end || v < 0) {
				error("bad time '%s' (seconds)", optarg);
				return 2;
			}
			if (c == 'f') o.from_s = v; else o.to_s = v;
			break;
		}
		case 'F': o.no_flows = 1; break;
		case 'h': return usage(&cmd_export, 0);
		default: return usage(&cmd_export, 1);
		}
	}
	if (optind + 1 != argc)
		return usage(&cmd_export, 1);
	char err[512];
	sqlite3 *db = mxt_db_open(argv[optind], MXT_DB_READONLY, err, sizeof(err));
	if (!db) {
		error("%s", err);
		return 1;
	}
	FILE *f = out ? fopen(out, "w") : stdout;
	if (!f) {
		error("%s: cannot write: %s", out, strerror(errno));
		mxt_db_close(db);
		return 1;
	}
	struct mxt_export_stats st;
	int rc = mxt_export_chrome(db, f, &o, &st, err);
	if (fflush(f) != 0 || ferror(f)) {
		if (!rc)
			snprintf(err, sizeof(err), "%s: write failed: %s", out ? out : "standard output", strerror(errno));
		rc = -1;
	}
	if (out)
		fclose(f);
	mxt_db_close(db);
	if (rc < 0) {
		error("%s", err);
		return 1;
	}
	if (out)
		fprintf(stderr, "%s: %llu records, %llu trace events written to %s\n", cmd_name,
			(unsigned long long)st.records, (unsigned long long)st.written, out);
	return 0;
}

/* mxtrace migrate: bring a run database up to this build's schema. */
#include <getopt.h>
#include <stdio.h>
#include "mxtrace.h"

static int run(int argc, char **argv);

const struct command cmd_migrate = {
	"migrate", run, "add what this build's schema has to an older run database",
	"usage: mxtrace migrate DB\n"
	"\n"
	"Add the tables, views, indexes and columns that this build's schema\n"
	"(version " "1" ") has and DB lacks: a database written by an older mxtrace or\n"
	"by the gdb-scripts' mx-snapshot.  Nothing is removed or renamed.  Opening a\n"
	"database for writing (every other command) does the same.\n"
	"\n"
	"  -h, --help   this text\n",
};

static int run(int argc, char **argv)
{
	static const struct option lo[] = { { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 } };
	int c;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1)
		return c == 'h' ? usage(&cmd_migrate, 0) : usage(&cmd_migrate, 1);
	if (optind + 1 != argc)
		return usage(&cmd_migrate, 1);
	char err[512];
	sqlite3 *db = mxt_db_open(argv[optind], 0, err, sizeof(err));
	if (!db) {
		error("%s", err);
		return 1;
	}
	int added = 0;
	if (mxt_db_migrate(db, &added, err, sizeof(err)) < 0) {
		error("%s: %s", argv[optind], err);
		mxt_db_close(db);
		return 1;
	}
	mxt_db_close(db);
	printf("%s: schema version %d, up to date\n", argv[optind], MXT_SCHEMA_VERSION);
	return 0;
}

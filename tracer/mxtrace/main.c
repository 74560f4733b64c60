/*
 * mxtrace: record MX guests into the run database.
 *   mxtrace COMMAND [OPTIONS] ...     mxtrace COMMAND --help
 */
#include <stdio.h>
#include <string.h>
#include "mxtrace.h"

static const struct command *const commands[] = {
	&cmd_run, &cmd_record, &cmd_snapshot, &cmd_import, &cmd_export, &cmd_mem, &cmd_ctl, &cmd_migrate,
};
#define NCOMMANDS (int)(sizeof(commands) / sizeof(commands[0]))

static void help(FILE *f)
{
	fprintf(f, "usage: mxtrace COMMAND [OPTIONS]\n\n"
		"Record an MX guest into one SQLite run database (schema: tracer/schema.md).\n\n"
		"commands:\n");
	for (int i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(f, "\n'mxtrace COMMAND --help' describes a command.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		if (argc >= 3 && !strcmp(argv[1], "help"))
			for (int i = 0; i < NCOMMANDS; i++)
				if (!strcmp(argv[2], commands[i]->name))
					return usage(commands[i], 0);
		help(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (int i = 0; i < NCOMMANDS; i++)
		if (!strcmp(argv[1], commands[i]->name)) {
			static char name[64];
			snprintf(name, sizeof(name), "mxtrace %s", commands[i]->name);
			cmd_name = name;
			return commands[i]->run(argc - 1, argv + 1);
		}
	fprintf(stderr, "mxtrace: unknown command '%s' (see mxtrace --help)\n", argv[1]);
	return 2;
}

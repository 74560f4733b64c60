/* getopt: POSIX short options, "ab:c" style, and --help as -h for programs that take -h; messages on stderr unless opterr is 0. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

char *optarg;
int optind = 1, opterr = 1, optopt;
static int nextchar;

int getopt(int argc, char *const argv[], const char *opts)
{
	int colon = *opts == ':';
	if (nextchar == 0) {
		if (optind >= argc || !argv[optind] || argv[optind][0] != '-' || !argv[optind][1])
			return -1;
		if (strcmp(argv[optind], "--") == 0) {
			optind++;
			return -1;
		}
		/* MX's one long option: --help is -h for a program that takes -h. */
		if (strcmp(argv[optind], "--help") == 0 && strchr(opts + colon, 'h')) {
			optind++;
			optopt = 'h';
			return 'h';
		}
		nextchar = 1;
	}
	char c = argv[optind][nextchar++];
	const char *p = strchr(opts + colon, c);
	int last = argv[optind][nextchar] == 0;
	optopt = c;
	if (!p || c == ':') {
		if (last)
			optind++, nextchar = 0;
		if (opterr && !colon)
			fprintf(stderr, "%s: unknown option -%c\n", argv[0], c);
		return '?';
	}
	if (p[1] != ':') {
		if (last)
			optind++, nextchar = 0;
		return c;
	}
	if (!last) {
		optarg = (char *)&argv[optind][nextchar];
	} else if (optind + 1 < argc) {
		optarg = argv[++optind];
	} else {
		optind++, nextchar = 0;
		if (opterr && !colon)
			fprintf(stderr, "%s: option -%c needs an argument\n", argv[0], c);
		return colon ? ':' : '?';
	}
	optind++;
	nextchar = 0;
	return c;
}

/*
 * grep [-v] [-i] [-c] [-n] PATTERN [FILE...]: lines containing PATTERN.
 * PATTERN is a fixed string, or anchored with ^ and $; '.' matches any character.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int opt_v, opt_i, opt_c, opt_n;

static int same(char a, char b)
{
	return opt_i ? tolower((unsigned char)a) == tolower((unsigned char)b) : a == b;
}

/* Does pat (length n, '.' any character) match at s, with end anchoring? */
static int match_here(const char *pat, size_t n, const char *s, int to_end)
{
	for (size_t i = 0; i < n; i++, s++)
		if (!*s || (pat[i] != '.' && !same(pat[i], *s)))
			return 0;
	return !to_end || !*s;
}

static int matches(const char *pat, const char *line)
{
	int start = *pat == '^';
	if (start)
		pat++;
	size_t n = strlen(pat);
	int end = n > 0 && pat[n - 1] == '$';
	if (end)
		n--;
	if (start)
		return match_here(pat, n, line, end);
	for (const char *s = line; ; s++) {
		if (match_here(pat, n, s, end))
			return 1;
		if (!*s)
			return 0;
	}
}

static long grep(FILE *f, const char *pat, const char *name)
{
	char *line = NULL;
	size_t cap = 0;
	long count = 0, lineno = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[len - 1] = 0;
		if (matches(pat, line) == opt_v)
			continue;
		count++;
		if (opt_c)
			continue;
		if (name)
			printf("%s:", name);
		if (opt_n)
			printf("%ld:", lineno);
		printf("%s\n", line);
	}
	free(line);
	if (opt_c) {
		if (name)
			printf("%s:", name);
		printf("%ld\n", count);
	}
	return count;
}

int main(int argc, char **argv)
{
	int i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++)
		for (const char *o = argv[i] + 1; *o; o++)
			if (*o == 'v') opt_v = 1;
			else if (*o == 'i') opt_i = 1;
			else if (*o == 'c') opt_c = 1;
			else if (*o == 'n') opt_n = 1;
			else {
				fprintf(stderr, "usage: grep [-vicn] pattern [file...]\n");
				return 2;
			}
	if (i >= argc) {
		fprintf(stderr, "usage: grep [-vicn] pattern [file...]\n");
		return 2;
	}
	const char *pat = argv[i++];
	long found = 0;
	int err = 0;
	if (i >= argc)
		found = grep(stdin, pat, NULL);
	for (int k = i; k < argc; k++) {
		FILE *f = fopen(argv[k], "r");
		if (!f) {
			fprintf(stderr, "grep: %s: %s\n", argv[k], strerror(errno));
			err = 1;
			continue;
		}
		found += grep(f, pat, argc - i > 1 ? argv[k] : NULL);
		fclose(f);
	}
	return err ? 2 : found ? 0 : 1;
}

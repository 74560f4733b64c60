/*
 * The test and [ builtins (POSIX test(1), not the guest test runner, which
 * is /bin/runtests): file tests -e -f -d -c -p -r -w -x -s, strings -z -n
 * = !=, integers -eq -ne -lt -le -gt -ge, ! ( ) -a -o.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "sh.h"

struct targs { char **v; int n, i, err; };

static int t_or(struct targs *t);

static const char *next(struct targs *t)
{
	return t->i < t->n ? t->v[t->i] : NULL;
}

static long num(struct targs *t, const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (end == s || *end) {
		sh_error("test: %s: integer expected", s);
		t->err = 1;
	}
	return v;
}

static int unary_file(char op, const char *path)
{
	struct stat st;
	switch (op) {
	case 'r': return access(path, R_OK) == 0;
	case 'w': return access(path, W_OK) == 0;
	case 'x': return access(path, X_OK) == 0;
	}
	if (stat(path, &st) < 0)
		return 0;
	switch (op) {
	case 'e': return 1;
	case 'f': return S_ISREG(st.st_mode);
	case 'd': return S_ISDIR(st.st_mode);
	case 'c': return S_ISCHR(st.st_mode);
	case 'b': return S_ISBLK(st.st_mode);
	case 'p': return S_ISFIFO(st.st_mode);
	case 's': return st.st_size > 0;
	}
	return 0;
}

static int t_primary(struct targs *t)
{
	const char *a = next(t);
	if (!a) {
		t->err = 1;
		return 0;
	}
	if (strcmp(a, "!") == 0) {
		t->i++;
		return !t_primary(t);
	}
	if (strcmp(a, "(") == 0) {
		t->i++;
		int v = t_or(t);
		if (!next(t) || strcmp(next(t), ")") != 0) {
			sh_error("test: ) expected");
			t->err = 1;
		}
		t->i++;
		return v;
	}
	/* binary operators first: "-f = -f" compares strings */
	if (t->i + 2 < t->n + 1 && t->i + 1 < t->n) {
		const char *op = t->v[t->i + 1], *b = t->i + 2 < t->n ? t->v[t->i + 2] : NULL;
		static const char *const bin[] = { "=", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", NULL };
		for (int k = 0; bin[k] && b; k++)
			if (strcmp(op, bin[k]) == 0) {
				t->i += 3;
				if (k == 0) return strcmp(a, b) == 0;
				if (k == 1) return strcmp(a, b) != 0;
				long x = num(t, a), y = num(t, b);
				switch (k) {
				case 2: return x == y;
				case 3: return x != y;
				case 4: return x < y;
				case 5: return x <= y;
				case 6: return x > y;
				default: return x >= y;
				}
			}
	}
	if (a[0] == '-' && a[1] && !a[2] && strchr("efdcbpsrwxzn", a[1]) && t->i + 1 < t->n) {
		const char *b = t->v[t->i + 1];
		t->i += 2;
		if (a[1] == 'z') return b[0] == 0;
		if (a[1] == 'n') return b[0] != 0;
		return unary_file(a[1], b);
	}
	t->i++;
	return a[0] != 0;                      /* a lone string: true if not empty */
}

static int t_and(struct targs *t)
{
	int v = t_primary(t);
	while (next(t) && strcmp(next(t), "-a") == 0) {
		t->i++;
		int w = t_primary(t);
		v = v && w;
	}
	return v;
}

static int t_or(struct targs *t)
{
	int v = t_and(t);
	while (next(t) && strcmp(next(t), "-o") == 0) {
		t->i++;
		int w = t_and(t);
		v = v || w;
	}
	return v;
}

int b_test(int argc, char **argv)
{
	struct targs t = { argv + 1, argc - 1, 0, 0 };
	if (strcmp(argv[0], "[") == 0) {
		if (argc < 2 || strcmp(argv[argc - 1], "]") != 0) {
			sh_error("[: missing ]");
			return 2;
		}
		t.n--;
	}
	if (t.n == 0)
		return 1;
	int v = t_or(&t);
	if (t.i < t.n && !t.err) {
		sh_error("test: %s: unexpected argument", t.v[t.i]);
		return 2;
	}
	return t.err ? 2 : !v;
}

/*
 * Word expansion, in POSIX order: parameters ($x ${x} ${x:-y} $? $$ $! $#
 * $@ $* $0-$9), command substitution ($(...) and `...`), arithmetic
 * ($((...))), field splitting of unquoted results on IFS, pathname
 * expansion (* ? [...]) and quote removal.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "sh.h"

/* The field being built: its text, and the same text as a glob pattern
 * (quoted glob characters escaped with a backslash). */
struct field {
	char *text, *pat;
	size_t tlen, plen, cap;
	int has_glob;            /* an unquoted * ? or [ */
	int started;             /* quotes or characters make it a field even if empty */
	struct strv *out;        /* where finished fields go */
	int split;               /* split unquoted expansions and expand globs */
};

static void fb_grow(struct field *f, size_t extra)
{
	if (f->plen + extra + 1 > f->cap) {
		f->cap = (f->plen + extra + 1) * 2;
		f->text = xrealloc(f->text, f->cap);
		f->pat = xrealloc(f->pat, f->cap);
	}
}

static void add_char(struct field *f, char c, int quoted)
{
	fb_grow(f, 2);
	f->text[f->tlen++] = c;
	if (quoted && (c == '*' || c == '?' || c == '[' || c == '\\'))
		f->pat[f->plen++] = '\\';
	else if (!quoted && (c == '*' || c == '?' || c == '['))
		f->has_glob = 1;
	f->pat[f->plen++] = c;
	f->started = 1;
}

static void add_str(struct field *f, const char *s, int quoted)
{
	while (*s)
		add_char(f, *s++, quoted);
}

static void glob_expand(const char *pat, struct strv *out);

static void end_field(struct field *f)
{
	if (!f->started)
		return;
	fb_grow(f, 0);
	f->text[f->tlen] = 0;
	f->pat[f->plen] = 0;
	int before = f->out->n;
	if (f->split && f->has_glob)
		glob_expand(f->pat, f->out);
	if (f->out->n == before)
		strv_push(f->out, xstrdup(f->text));
	f->tlen = f->plen = 0;
	f->has_glob = f->started = 0;
}

/* The result of an expansion: split on IFS unless quoted. */
static void add_expansion(struct field *f, const char *s, int quoted)
{
	if (quoted || !f->split) {
		add_str(f, s, quoted);
		return;
	}
	const char *ifs = var_get("IFS");
	if (!ifs)
		ifs = " \t\n";
	for (; *s; s++) {
		if (strchr(ifs, *s))
			end_field(f);
		else
			add_char(f, *s, 0);
	}
}

/* A malloc'd copy of n bytes of s (expansion runs many times in loops: no arena). */
static char *copy_n(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = 0;
	return d;
}

/* Index after the ')' matching the '(' at s[i]. */
static size_t match_paren(const char *s, size_t i)
{
	int depth = 0;
	while (s[i]) {
		char c = s[i];
		if (c == '(') {
			depth++;
		} else if (c == ')') {
			if (--depth == 0)
				return i + 1;
		} else if (c == '\'') {
			const char *q = strchr(s + i + 1, '\'');
			i = q ? (size_t)(q - s) : strlen(s) - 1;
		} else if (c == '"') {
			for (i++; s[i] && s[i] != '"'; i++)
				if (s[i] == '\\' && s[i + 1])
					i++;
			if (!s[i])
				return i;
		} else if (c == '\\' && s[i + 1]) {
			i++;
		}
		i++;
	}
	return i;
}

static void add_number(struct field *f, long v, int quoted)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%ld", v);
	add_expansion(f, buf, quoted);
}

static void command_output(struct field *f, const char *cmd, int quoted)
{
	char *out = NULL;
	last_status = command_subst(cmd, &out);
	if (out) {
		add_expansion(f, out, quoted);
		free(out);
	}
}

/* ${...}: name, ${#name}, ${name:-w} ${name-w} ${name:=w} ${name=w} ${name:+w} ${name+w}. */
static void expand_brace(struct field *f, const char *in, int quoted)
{
	int length = 0;
	if (in[0] == '#' && in[1]) {
		length = 1;
		in++;
	}
	size_t n = 0;
	char name[64];
	if (isdigit((unsigned char)in[0]) || strchr("?$!#@*", in[0]))
		n = 1;
	else
		while (isalnum((unsigned char)in[n]) || in[n] == '_')
			n++;
	if (n == 0 || n >= sizeof(name)) {
		sh_error("bad substitution: ${%s}", in);
		return;
	}
	memcpy(name, in, n);
	name[n] = 0;
	const char *op = in + n;
	char dollar[80];
	snprintf(dollar, sizeof(dollar), "\"$%s\"", strcmp(name, "@") == 0 ? "*" : name);
	char *val = expand_word(dollar);
	int set = isdigit((unsigned char)name[0]) ? atoi(name) <= pos_count :
		  isalpha((unsigned char)name[0]) || name[0] == '_' ? var_get(name) != NULL : 1;
	if (length) {
		add_number(f, (long)strlen(val), quoted);
	} else if (*op == 0) {
		add_expansion(f, val, quoted);
	} else {
		int colon = *op == ':';
		char kind = op[colon];
		const char *word = op + colon + 1;
		int use_word = colon ? val[0] == 0 : !set;
		if (kind == '-' || kind == '=') {
			if (use_word) {
				char *w = expand_word(word);
				if (kind == '=')
					var_set(name, w, 0);
				add_expansion(f, w, quoted);
				free(w);
			} else {
				add_expansion(f, val, quoted);
			}
		} else if (kind == '+') {
			if (!use_word) {
				char *w = expand_word(word);
				add_expansion(f, w, quoted);
				free(w);
			}
		} else {
			sh_error("bad substitution: ${%s}", in);
		}
	}
	free(val);
}

/* $... at w[*i]; advances *i past it. */
static void expand_dollar(struct field *f, const char *w, size_t *i, int quoted)
{
	size_t p = *i + 1;
	char c = w[p];
	if (c == '(' && w[p + 1] == '(') {
		size_t end = match_paren(w, p);              /* after the outer ')' */
		size_t inner_len = end >= p + 4 ? end - p - 4 : 0;
		char *expr = copy_n(w + p + 2, inner_len);
		char *e = expand_word(expr);
		int err = 0;
		long v = arith_eval(e, &err);
		free(e);
		if (err)
			sh_error("arithmetic error in $((%s))", expr);
		free(expr);
		add_number(f, err ? 0 : v, quoted);
		*i = end;
		return;
	}
	if (c == '(') {
		size_t end = match_paren(w, p);
		char *cmd = copy_n(w + p + 1, end - p - 2);
		command_output(f, cmd, quoted);
		free(cmd);
		*i = end;
		return;
	}
	if (c == '{') {
		const char *close = strchr(w + p, '}');
		size_t end = close ? (size_t)(close - w) : strlen(w);
		char *in = copy_n(w + p + 1, end - p - 1);
		expand_brace(f, in, quoted);
		free(in);
		*i = close ? end + 1 : end;
		return;
	}
	char buf[24];
	*i = p + 1;
	if (isalpha((unsigned char)c) || c == '_') {
		size_t n = 0;
		while (isalnum((unsigned char)w[p + n]) || w[p + n] == '_')
			n++;
		char name[128];
		snprintf(name, sizeof(name), "%.*s", (int)n, w + p);
		const char *v = var_get(name);
		if (v)
			add_expansion(f, v, quoted);
		*i = p + n;
		return;
	}
	if (isdigit((unsigned char)c)) {
		int k = c - '0';
		add_expansion(f, k == 0 ? arg0 : k <= pos_count ? pos_args[k - 1] : "", quoted);
		return;
	}
	switch (c) {
	case '?': add_number(f, last_status, quoted); return;
	case '$': add_number(f, (long)getpid(), quoted); return;
	case '!':
		if (last_bg)
			add_number(f, last_bg, quoted);
		return;
	case '#': add_number(f, pos_count, quoted); return;
	case '-':
		snprintf(buf, sizeof(buf), "%s%s%s", opt_e ? "e" : "", opt_x ? "x" : "", interactive ? "i" : "");
		add_expansion(f, buf, quoted);
		return;
	case '@':
	case '*':
		for (int k = 0; k < pos_count; k++) {
			if (k > 0) {
				if (quoted && c == '@') {
					end_field(f);
					f->started = 1;
				} else if (quoted) {
					const char *ifs = var_get("IFS");
					add_char(f, ifs ? (ifs[0] ? ifs[0] : 0) : ' ', 1);
				} else {
					end_field(f);
				}
			}
			add_expansion(f, pos_args[k], quoted);
		}
		return;
	}
	add_char(f, '$', quoted);                  /* a lone $ */
	*i = p;
}

/* `...`: backslash quotes only $ ` and \ inside. */
static void expand_backquote(struct field *f, const char *w, size_t *i, int quoted)
{
	size_t p = *i + 1;
	char *cmd = xmalloc(strlen(w + p) + 1);
	size_t n = 0;
	while (w[p] && w[p] != '`') {
		if (w[p] == '\\' && (w[p + 1] == '$' || w[p + 1] == '`' || w[p + 1] == '\\'))
			p++;
		cmd[n++] = w[p++];
	}
	cmd[n] = 0;
	*i = w[p] ? p + 1 : p;
	command_output(f, cmd, quoted);
	free(cmd);
}

static void expand_into(struct field *f, const char *w)
{
	size_t i = 0;
	while (w[i]) {
		char c = w[i];
		if (c == '\'') {
			const char *q = strchr(w + i + 1, '\'');
			size_t end = q ? (size_t)(q - w) : strlen(w);
			for (size_t k = i + 1; k < end; k++)
				add_char(f, w[k], 1);
			f->started = 1;
			i = q ? end + 1 : end;
		} else if (c == '"') {
			int only_at = strncmp(w + i, "\"$@\"", 4) == 0 && pos_count == 0;
			for (i++; w[i] && w[i] != '"'; ) {
				if (w[i] == '\\' && w[i + 1] && strchr("$`\"\\\n", w[i + 1])) {
					if (w[i + 1] != '\n')
						add_char(f, w[i + 1], 1);
					i += 2;
				} else if (w[i] == '$') {
					expand_dollar(f, w, &i, 1);
				} else if (w[i] == '`') {
					expand_backquote(f, w, &i, 1);
				} else {
					add_char(f, w[i++], 1);
				}
			}
			if (!only_at)
				f->started = 1;
			if (w[i])
				i++;
		} else if (c == '\\') {
			if (w[i + 1] == '\n')
				i += 2;
			else if (w[i + 1]) {
				add_char(f, w[i + 1], 1);
				i += 2;
			} else {
				add_char(f, '\\', 1);
				i++;
			}
		} else if (c == '$') {
			expand_dollar(f, w, &i, 0);
		} else if (c == '`') {
			expand_backquote(f, w, &i, 0);
		} else if (c == '~' && i == 0 && (w[1] == '/' || w[1] == 0)) {
			const char *home = var_get("HOME");
			add_str(f, home ? home : "/", 1);
			i++;
		} else {
			add_char(f, c, 0);
			i++;
		}
	}
}

void expand_words(char **words, int n, struct strv *out)
{
	struct field f = { 0 };
	f.out = out;
	f.split = 1;
	for (int k = 0; k < n; k++) {
		expand_into(&f, words[k]);
		end_field(&f);
	}
	free(f.text);
	free(f.pat);
}

char *expand_word(const char *word)
{
	struct strv out = { 0 };
	struct field f = { 0 };
	f.out = &out;
	expand_into(&f, word);
	f.started = 1;
	end_field(&f);
	free(f.text);
	free(f.pat);
	char *r = out.v[0];
	free(out.v);
	return r;
}

char *expand_heredoc(const char *body)
{
	struct strv out = { 0 };
	struct field f = { 0 };
	f.out = &out;
	for (size_t i = 0; body[i]; ) {
		if (body[i] == '\\' && body[i + 1] && strchr("$`\\\n", body[i + 1])) {
			if (body[i + 1] != '\n')
				add_char(&f, body[i + 1], 1);
			i += 2;
		} else if (body[i] == '$') {
			expand_dollar(&f, body, &i, 1);
		} else if (body[i] == '`') {
			expand_backquote(&f, body, &i, 1);
		} else {
			add_char(&f, body[i++], 1);
		}
	}
	f.started = 1;
	end_field(&f);
	free(f.text);
	free(f.pat);
	char *r = out.v[0];
	free(out.v);
	return r;
}

/* ---- pathname expansion ------------------------------------------------------ */

/* Does name match pat (* ? [...] [!...], \ quotes the next character)? */
int glob_match(const char *pat, const char *name)
{
	for (; *pat; pat++, name++) {
		if (*pat == '*') {
			while (*pat == '*')
				pat++;
			if (!*pat)
				return 1;
			for (; *name; name++)
				if (glob_match(pat, name))
					return 1;
			return 0;
		}
		if (!*name)
			return 0;
		if (*pat == '?')
			continue;
		if (*pat == '[') {
			const char *p = pat + 1;
			int neg = *p == '!' || *p == '^', found = 0;
			if (neg)
				p++;
			const char *start = p;
			for (; *p && (*p != ']' || p == start); p++) {
				if (p[1] == '-' && p[2] && p[2] != ']') {
					found |= *name >= p[0] && *name <= p[2];
					p += 2;
				} else {
					found |= *name == *p;
				}
			}
			if (!*p) {                  /* no closing ']': a literal '[' */
				if (*name != '[')
					return 0;
				continue;
			}
			if (found == neg)
				return 0;
			pat = p;
			continue;
		}
		if (*pat == '\\' && pat[1])
			pat++;
		if (*pat != *name)
			return 0;
	}
	return *name == 0;
}

static int has_magic(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\\')
			i++;
		else if (p[i] == '*' || p[i] == '?' || p[i] == '[')
			return 1;
	}
	return 0;
}

static char *unescape(const char *p, size_t n)
{
	char *d = xmalloc(n + 1), *o = d;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\\' && i + 1 < n)
			i++;
		*o++ = p[i];
	}
	*o = 0;
	return d;
}

static char *join(const char *a, const char *b, const char *c)
{
	size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
	char *d = xmalloc(n);
	snprintf(d, n, "%s%s%s", a, b, c);
	return d;
}

/* Match the rest of a pattern under directory prefix ("" or ending in '/'). */
static void glob_dir(const char *prefix, const char *rest, struct strv *out)
{
	while (*rest == '/')
		rest++;
	const char *slash = strchr(rest, '/');
	size_t n = slash ? (size_t)(slash - rest) : strlen(rest);
	if (!has_magic(rest, n)) {
		char *lit = unescape(rest, n);
		char *path = join(prefix, lit, slash ? "/" : "");
		free(lit);
		struct stat st;
		if (slash)
			glob_dir(path, slash + 1, out);
		else if (stat(path, &st) == 0)
			strv_push(out, xstrdup(path));
		free(path);
		return;
	}
	char *comp = xmalloc(n + 1);
	memcpy(comp, rest, n);
	comp[n] = 0;
	DIR *d = opendir(*prefix ? prefix : ".");
	if (d) {
		struct dirent *e;
		while ((e = readdir(d))) {
			if (e->d_name[0] == '.' && comp[0] != '.')
				continue;
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			if (!glob_match(comp, e->d_name))
				continue;
			if (slash) {
				char *path = join(prefix, e->d_name, "/");
				glob_dir(path, slash + 1, out);
				free(path);
			} else {
				strv_push(out, join(prefix, e->d_name, ""));
			}
		}
		closedir(d);
	}
	free(comp);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void glob_expand(const char *pat, struct strv *out)
{
	int before = out->n;
	glob_dir(pat[0] == '/' ? "/" : "", pat, out);
	if (out->n > before)
		qsort(out->v + before, (size_t)(out->n - before), sizeof(char *), cmp_str);
}

/* ---- arithmetic ----------------------------------------------------------------- */

struct arith { const char *p; int err; };

static long a_or(struct arith *a);

static void a_space(struct arith *a)
{
	while (isspace((unsigned char)*a->p))
		a->p++;
}

static int a_op(struct arith *a, const char *op)
{
	a_space(a);
	size_t n = strlen(op);
	if (strncmp(a->p, op, n) != 0)
		return 0;
	/* "<" must not take the start of "<<" or "<=", and so on. */
	if (n == 1 && a->p[1] && strchr("<>=&|", a->p[1]) && (a->p[1] == a->p[0] || a->p[1] == '='))
		return 0;
	if (n == 1 && (*op == '!' ) && a->p[1] == '=')
		return 0;
	a->p += n;
	return 1;
}

static long a_primary(struct arith *a)
{
	a_space(a);
	if (a_op(a, "(")) {
		long v = a_or(a);
		if (!a_op(a, ")"))
			a->err = 1;
		return v;
	}
	if (a_op(a, "-")) return -a_primary(a);
	if (a_op(a, "+")) return a_primary(a);
	if (a_op(a, "!")) return !a_primary(a);
	if (a_op(a, "~")) return ~a_primary(a);
	if (isdigit((unsigned char)*a->p)) {
		char *end;
		long v = strtol(a->p, &end, 0);
		a->p = end;
		return v;
	}
	if (isalpha((unsigned char)*a->p) || *a->p == '_') {
		size_t n = 0;
		while (isalnum((unsigned char)a->p[n]) || a->p[n] == '_')
			n++;
		char name[128];
		snprintf(name, sizeof(name), "%.*s", (int)n, a->p);
		a->p += n;
		const char *v = var_get(name);
		return v ? strtol(v, NULL, 0) : 0;
	}
	a->err = 1;
	return 0;
}

static long a_mul(struct arith *a)
{
	long v = a_primary(a);
	for (;;) {
		if (a_op(a, "*")) v *= a_primary(a);
		else if (a_op(a, "/") || a_op(a, "%")) {
			char op = a->p[-1];
			long d = a_primary(a);
			if (d == 0) { a->err = 1; return 0; }
			v = op == '/' ? v / d : v % d;
		} else return v;
	}
}

static long a_add(struct arith *a)
{
	long v = a_mul(a);
	for (;;) {
		if (a_op(a, "+")) v += a_mul(a);
		else if (a_op(a, "-")) v -= a_mul(a);
		else return v;
	}
}

static long a_shift(struct arith *a)
{
	long v = a_add(a);
	for (;;) {
		if (a_op(a, "<<")) v <<= a_add(a);
		else if (a_op(a, ">>")) v >>= a_add(a);
		else return v;
	}
}

static long a_rel(struct arith *a)
{
	long v = a_shift(a);
	for (;;) {
		if (a_op(a, "<=")) v = v <= a_shift(a);
		else if (a_op(a, ">=")) v = v >= a_shift(a);
		else if (a_op(a, "<")) v = v < a_shift(a);
		else if (a_op(a, ">")) v = v > a_shift(a);
		else return v;
	}
}

static long a_eq(struct arith *a)
{
	long v = a_rel(a);
	for (;;) {
		if (a_op(a, "==")) v = v == a_rel(a);
		else if (a_op(a, "!=")) v = v != a_rel(a);
		else return v;
	}
}

static long a_band(struct arith *a)
{
	long v = a_eq(a);
	while (a_op(a, "&"))
		v &= a_eq(a);
	return v;
}

static long a_bxor(struct arith *a)
{
	long v = a_band(a);
	while (a_op(a, "^"))
		v ^= a_band(a);
	return v;
}

static long a_bor(struct arith *a)
{
	long v = a_bxor(a);
	while (a_op(a, "|"))
		v |= a_bxor(a);
	return v;
}

static long a_and(struct arith *a)
{
	long v = a_bor(a);
	while (a_op(a, "&&")) {
		long w = a_bor(a);
		v = v && w;
	}
	return v;
}

static long a_or(struct arith *a)
{
	long v = a_and(a);
	while (a_op(a, "||")) {
		long w = a_and(a);
		v = v || w;
	}
	return v;
}

long arith_eval(const char *expr, int *err)
{
	struct arith a = { expr, 0 };
	long v = a_or(&a);
	a_space(&a);
	if (*a.p)
		a.err = 1;
	*err = a.err;
	return v;
}

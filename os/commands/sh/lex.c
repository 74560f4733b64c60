/*
 * The lexer: turns the input into tokens, reading more lines from the
 * source whenever a token (a quote, $( ), a here-document) or the grammar
 * needs them.  Words keep their quotes; expand.c removes them later.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

void lex_init(struct lexer *lx, struct source *src)
{
	memset(lx, 0, sizeof(*lx));
	lx->src = src;
}

void lex_start_command(struct lexer *lx)
{
	lx->len = lx->pos = 0;
	lx->peeked = 0;
	lx->heredocs = NULL;
}

void lex_append(struct lexer *lx, const char *s, size_t n)
{
	if (lx->len + n + 1 > lx->cap) {
		lx->cap = (lx->len + n + 1) * 2;
		lx->buf = xrealloc(lx->buf, lx->cap);
	}
	memcpy(lx->buf + lx->len, s, n);
	lx->len += n;
	lx->buf[lx->len] = 0;
}

/* A source that reads a string a line at a time (sh -c, eval, command substitution). */
int string_more(struct source *src, struct lexer *lx, int cont)
{
	const char *s = src->str + src->str_pos;
	if (!*s)
		return 0;
	const char *nl = strchr(s, '\n');
	size_t n = nl ? (size_t)(nl - s) + 1 : strlen(s);
	lex_append(lx, s, n);
	if (!nl)
		lex_append(lx, "\n", 1);
	src->str_pos += n;
	return 1;
}

/* The character at buffer index i, reading more input if needed; -1 at the end. */
static int at(struct lexer *lx, size_t i)
{
	while (i >= lx->len) {
		if (!lx->src || lx->src->eof || !lx->src->more(lx->src, lx, lx->len > 0))
			return -1;
	}
	return (unsigned char)lx->buf[i];
}

static void incomplete(const char *what)
{
	sh_error("syntax error: unexpected end of input (%s)", what);
	parse_incomplete = 1;
	longjmp(parse_fail, 1);
}

/* Skip a quoted or nested construct starting at i; returns the index after it. */
static size_t skip_squote(struct lexer *lx, size_t i)
{
	for (i++;; i++) {
		int c = at(lx, i);
		if (c < 0)
			incomplete("unterminated '");
		if (c == '\'')
			return i + 1;
	}
}

static size_t skip_paren(struct lexer *lx, size_t i);
static size_t skip_backquote(struct lexer *lx, size_t i);

static size_t skip_dquote(struct lexer *lx, size_t i)
{
	for (i++;;) {
		int c = at(lx, i);
		if (c < 0)
			incomplete("unterminated \"");
		if (c == '"')
			return i + 1;
		if (c == '\\')
			i += at(lx, i + 1) < 0 ? 1 : 2;
		else if (c == '$' && at(lx, i + 1) == '(')
			i = skip_paren(lx, i + 1);
		else if (c == '$' && at(lx, i + 1) == '{') {
			for (i += 2; at(lx, i) != '}'; i++)
				if (at(lx, i) < 0)
					incomplete("unterminated ${");
			i++;
		} else if (c == '`')
			i = skip_backquote(lx, i);
		else
			i++;
	}
}

static size_t skip_backquote(struct lexer *lx, size_t i)
{
	for (i++;;) {
		int c = at(lx, i);
		if (c < 0)
			incomplete("unterminated `");
		if (c == '`')
			return i + 1;
		i += c == '\\' ? 2 : 1;
	}
}

/* i is at '(' (of "$(" or "$(("): skip to after the matching ')'. */
static size_t skip_paren(struct lexer *lx, size_t i)
{
	int depth = 0;
	for (;;) {
		int c = at(lx, i);
		if (c < 0)
			incomplete("unterminated $(");
		if (c == '(')
			depth++, i++;
		else if (c == ')') {
			i++;
			if (--depth == 0)
				return i;
		} else if (c == '\'')
			i = skip_squote(lx, i);
		else if (c == '"')
			i = skip_dquote(lx, i);
		else if (c == '`')
			i = skip_backquote(lx, i);
		else if (c == '\\')
			i += 2;
		else
			i++;
	}
}

static int is_op_char(int c)
{
	return c == '|' || c == '&' || c == ';' || c == '<' || c == '>' || c == '(' || c == ')';
}

/* Remove quotes from a here-document delimiter; *quoted says if there were any. */
static char *unquote_delim(const char *w, int *quoted)
{
	char *d = arena_alloc(strlen(w) + 1), *o = d;
	*quoted = 0;
	for (const char *p = w; *p; p++) {
		if (*p == '\'' || *p == '"') {
			*quoted = 1;
			continue;
		}
		if (*p == '\\' && p[1]) {
			*quoted = 1;
			p++;
		}
		*o++ = *p;
	}
	*o = 0;
	return d;
}

/* After a newline: read the bodies of the pending here-documents. */
static void read_heredocs(struct lexer *lx)
{
	for (struct redir *r = lx->heredocs; r; r = r->next_heredoc) {
		char *delim = unquote_delim(r->word, &r->quoted);
		size_t dl = strlen(delim);
		size_t body_start = lx->pos, body_end = lx->pos;
		for (;;) {
			size_t ls = lx->pos, le = ls;
			int c;
			while ((c = at(lx, le)) >= 0 && c != '\n')
				le++;
			if (c < 0 && le == ls) {
				body_end = ls;             /* end of input: the body ends here */
				break;
			}
			lx->pos = c < 0 ? le : le + 1;
			if (le - ls == dl && memcmp(lx->buf + ls, delim, dl) == 0) {
				body_end = ls;
				break;
			}
		}
		r->body = arena_strndup(lx->buf + body_start, body_end - body_start);
	}
	lx->heredocs = NULL;
}

static enum tok scan(struct lexer *lx)
{
	int c;
	lx->io_number = -1;
	lx->word = NULL;
	for (;;) {
		c = at(lx, lx->pos);
		if (c == ' ' || c == '\t') {
			lx->pos++;
		} else if (c == '\\' && at(lx, lx->pos + 1) == '\n') {
			lx->pos += 2;
		} else if (c == '#') {
			while ((c = at(lx, lx->pos)) >= 0 && c != '\n')
				lx->pos++;
		} else {
			break;
		}
	}
	lx->tok_start = lx->pos;
	if (c < 0)
		return T_EOF;
	if (c == '\n') {
		lx->pos++;
		if (lx->heredocs)
			read_heredocs(lx);
		return T_NEWLINE;
	}
	size_t i = lx->pos;
	if (is_op_char(c)) {
		int d = at(lx, i + 1);
		static const struct { char a, b; enum tok t; } two[] = {
			{ '&', '&', T_AND }, { '|', '|', T_OR }, { ';', ';', T_DSEMI }, { '>', '>', T_DGREAT },
			{ '<', '<', T_DLESS }, { '<', '&', T_LESSAND }, { '>', '&', T_GREATAND }, { '<', '>', T_LESSGREAT },
		};
		for (size_t k = 0; k < sizeof(two) / sizeof(two[0]); k++)
			if (c == two[k].a && d == two[k].b) {
				lx->pos += 2;
				return two[k].t;
			}
		lx->pos++;
		switch (c) {
		case '&': return T_AMP;
		case '|': return T_PIPE;
		case ';': return T_SEMI;
		case '<': return T_LESS;
		case '>': return T_GREAT;
		case '(': return T_LPAREN;
		default:  return T_RPAREN;
		}
	}
	for (;;) {
		c = at(lx, i);
		if (c < 0 || c == ' ' || c == '\t' || c == '\n' || is_op_char(c))
			break;
		if (c == '\\')
			i += at(lx, i + 1) < 0 ? 1 : 2;
		else if (c == '\'')
			i = skip_squote(lx, i);
		else if (c == '"')
			i = skip_dquote(lx, i);
		else if (c == '`')
			i = skip_backquote(lx, i);
		else if (c == '$' && at(lx, i + 1) == '(')
			i = skip_paren(lx, i + 1);
		else if (c == '$' && at(lx, i + 1) == '{') {
			for (i += 2; (c = at(lx, i)) != '}'; i++)
				if (c < 0)
					incomplete("unterminated ${");
			i++;
		} else
			i++;
	}
	size_t start = lx->pos, n = i - start;
	lx->pos = i;
	/* Digits right before < or > name the descriptor: "2>file". */
	if ((c == '<' || c == '>') && n > 0 && n < 3) {
		int digits = 1;
		for (size_t k = 0; k < n; k++)
			digits &= isdigit((unsigned char)lx->buf[start + k]) != 0;
		if (digits) {
			int fd = atoi(arena_strndup(lx->buf + start, n));
			enum tok t = scan(lx);
			lx->io_number = fd;
			return t;
		}
	}
	lx->word = arena_strndup(lx->buf + start, n);
	return T_WORD;
}

enum tok lex_next(struct lexer *lx)
{
	if (lx->peeked) {
		lx->peeked = 0;
		return lx->tok;
	}
	lx->tok = scan(lx);
	lx->tok_end = lx->pos;
	return lx->tok;
}

enum tok lex_peek(struct lexer *lx)
{
	if (!lx->peeked) {
		lx->tok = scan(lx);
		lx->tok_end = lx->pos;
		lx->peeked = 1;
	}
	return lx->tok;
}

const char *tok_name(enum tok t)
{
	static const char *const names[] = {
		[T_EOF] = "end of input", [T_NEWLINE] = "newline", [T_WORD] = "word", [T_SEMI] = ";",
		[T_AMP] = "&", [T_AND] = "&&", [T_OR] = "||", [T_PIPE] = "|", [T_LPAREN] = "(",
		[T_RPAREN] = ")", [T_LESS] = "<", [T_GREAT] = ">", [T_DGREAT] = ">>", [T_LESSAND] = "<&",
		[T_GREATAND] = ">&", [T_LESSGREAT] = "<>", [T_DLESS] = "<<", [T_DSEMI] = ";;",
	};
	return names[t];
}

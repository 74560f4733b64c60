/*
 * The parser: a recursive descent over the POSIX shell grammar subset
 *   command  := list (NEWLINE | EOF)
 *   list     := and_or ((';' | '&' | NEWLINE) and_or)*
 *   and_or   := pipeline (('&&' | '||') linebreak pipeline)*
 *   pipeline := ['!'] cmd ('|' linebreak cmd)*
 *   cmd      := simple | '(' list ')' | '{' list '}' | if | while | until | for,
 *               compound commands followed by redirections
 * Errors longjmp to parse_fail after a message.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

jmp_buf parse_fail;
int parse_incomplete;

static struct node *parse_list(struct lexer *lx, int top);

static struct node *new_node(enum node_type t)
{
	struct node *n = arena_alloc(sizeof(*n));
	n->type = t;
	return n;
}

static void syntax(struct lexer *lx, enum tok t)
{
	if (t == T_EOF) {
		sh_error("syntax error: unexpected end of input");
		parse_incomplete = 1;
	} else {
		sh_error("syntax error near '%s'", t == T_WORD ? lx->word : tok_name(t));
	}
	longjmp(parse_fail, 1);
}

static int peek_word(struct lexer *lx, const char *w)
{
	return lex_peek(lx) == T_WORD && lx->io_number < 0 && strcmp(lx->word, w) == 0;
}

static void expect_word(struct lexer *lx, const char *w)
{
	if (!peek_word(lx, w))
		syntax(lx, lex_peek(lx));
	lex_next(lx);
}

static void linebreak(struct lexer *lx)
{
	while (lex_peek(lx) == T_NEWLINE)
		lex_next(lx);
}

/* Words that end a list inside a compound command. */
static int at_list_end(struct lexer *lx)
{
	static const char *const ends[] = { "then", "else", "elif", "fi", "do", "done", "}", "esac", NULL };
	enum tok t = lex_peek(lx);
	if (t == T_RPAREN || t == T_EOF || t == T_DSEMI)
		return 1;
	for (int i = 0; ends[i]; i++)
		if (peek_word(lx, ends[i]))
			return 1;
	return 0;
}

/* Grow an arena array of pointers by one. */
static void *push(void *arr, int n, size_t elem, const void *item)
{
	char *a = arena_alloc(elem * (size_t)(n + 1));
	if (n)
		memcpy(a, arr, elem * (size_t)n);
	memcpy(a + elem * (size_t)n, item, elem);
	return a;
}

static int is_redir(enum tok t)
{
	return t == T_LESS || t == T_GREAT || t == T_DGREAT || t == T_LESSAND || t == T_GREATAND ||
	       t == T_LESSGREAT || t == T_DLESS;
}

static struct redir *parse_redir(struct lexer *lx)
{
	enum tok t = lex_next(lx);
	int fd = lx->io_number;
	struct redir *r = arena_alloc(sizeof(*r));
	switch (t) {
	case T_LESS:      r->type = R_IN; break;
	case T_GREAT:     r->type = R_OUT; break;
	case T_DGREAT:    r->type = R_APPEND; break;
	case T_LESSAND:   r->type = R_DUPIN; break;
	case T_GREATAND:  r->type = R_DUPOUT; break;
	case T_LESSGREAT: r->type = R_RDWR; break;
	default:          r->type = R_HEREDOC; break;
	}
	r->fd = fd >= 0 ? fd : (r->type == R_OUT || r->type == R_APPEND || r->type == R_DUPOUT) ? 1 : 0;
	if (lex_next(lx) != T_WORD)
		syntax(lx, lx->tok);
	r->word = lx->word;
	if (r->type == R_HEREDOC) {
		struct redir **p = &lx->heredocs;
		while (*p)
			p = &(*p)->next_heredoc;
		*p = r;
	}
	return r;
}

static void add_redir(struct node *n, struct redir *r)
{
	struct redir **p = &n->redirs;
	while (*p)
		p = &(*p)->next;
	*p = r;
}

static int is_assignment(const char *w)
{
	const char *eq = strchr(w, '=');
	return eq && eq != w && var_valid_name(w, (size_t)(eq - w));
}

static struct node *parse_simple(struct lexer *lx)
{
	struct node *n = new_node(N_SIMPLE);
	for (;;) {
		enum tok t = lex_peek(lx);
		if (is_redir(t)) {
			add_redir(n, parse_redir(lx));
		} else if (t == T_WORD) {
			lex_next(lx);
			if (n->nwords == 0 && is_assignment(lx->word))
				n->assigns = push(n->assigns, n->nassigns++, sizeof(char *), &lx->word);
			else
				n->words = push(n->words, n->nwords++, sizeof(char *), &lx->word);
		} else {
			break;
		}
	}
	if (!n->nwords && !n->nassigns && !n->redirs)
		syntax(lx, lex_peek(lx));
	if (n->words) {
		char *end = NULL;
		n->words = push(n->words, n->nwords, sizeof(char *), &end);
	}
	return n;
}

static struct node *parse_if(struct lexer *lx)
{
	struct node *n = new_node(N_IF);
	lex_next(lx);                           /* if or elif */
	n->a = parse_list(lx, 0);
	expect_word(lx, "then");
	n->b = parse_list(lx, 0);
	if (peek_word(lx, "elif")) {
		n->c = parse_if(lx);
		return n;                          /* the innermost elif took the fi */
	}
	if (peek_word(lx, "else")) {
		lex_next(lx);
		n->c = parse_list(lx, 0);
	}
	expect_word(lx, "fi");
	return n;
}

static struct node *parse_while(struct lexer *lx, enum node_type t)
{
	struct node *n = new_node(t);
	lex_next(lx);
	n->a = parse_list(lx, 0);
	expect_word(lx, "do");
	n->b = parse_list(lx, 0);
	expect_word(lx, "done");
	return n;
}

static struct node *parse_for(struct lexer *lx)
{
	struct node *n = new_node(N_FOR);
	lex_next(lx);
	if (lex_next(lx) != T_WORD || !var_valid_name(lx->word, strlen(lx->word)))
		syntax(lx, lx->tok);
	n->var = lx->word;
	linebreak(lx);
	if (peek_word(lx, "in")) {
		lex_next(lx);
		n->has_in = 1;
		while (lex_peek(lx) == T_WORD) {
			lex_next(lx);
			n->words = push(n->words, n->nwords++, sizeof(char *), &lx->word);
		}
		if (lex_peek(lx) != T_SEMI && lex_peek(lx) != T_NEWLINE)
			syntax(lx, lex_peek(lx));
		lex_next(lx);
	} else if (lex_peek(lx) == T_SEMI) {
		lex_next(lx);
	}
	linebreak(lx);
	expect_word(lx, "do");
	n->a = parse_list(lx, 0);
	expect_word(lx, "done");
	return n;
}

static struct node *parse_cmd(struct lexer *lx)
{
	struct node *n;
	static const char *const misplaced[] = { "then", "else", "elif", "fi", "do", "done", "}", "in", "esac", NULL };
	if (lex_peek(lx) == T_LPAREN) {
		lex_next(lx);
		n = new_node(N_SUBSHELL);
		n->a = parse_list(lx, 0);
		if (lex_next(lx) != T_RPAREN)
			syntax(lx, lx->tok);
	} else if (peek_word(lx, "{")) {
		lex_next(lx);
		n = new_node(N_GROUP);
		n->a = parse_list(lx, 0);
		expect_word(lx, "}");
	} else if (peek_word(lx, "if")) {
		n = parse_if(lx);
	} else if (peek_word(lx, "while")) {
		n = parse_while(lx, N_WHILE);
	} else if (peek_word(lx, "until")) {
		n = parse_while(lx, N_UNTIL);
	} else if (peek_word(lx, "for")) {
		n = parse_for(lx);
	} else {
		for (int i = 0; misplaced[i]; i++)
			if (peek_word(lx, misplaced[i]))
				syntax(lx, T_WORD);
		return parse_simple(lx);
	}
	while (is_redir(lex_peek(lx)))
		add_redir(n, parse_redir(lx));
	return n;
}

static struct node *parse_pipeline(struct lexer *lx)
{
	struct node *p = new_node(N_PIPE);
	int negate = 0;
	lex_peek(lx);
	size_t start = lx->tok_start;
	if (peek_word(lx, "!")) {
		lex_next(lx);
		negate = 1;
	}
	for (;;) {
		struct node *c = parse_cmd(lx);
		p->items = push(p->items, p->nitems++, sizeof(struct node *), &c);
		if (lex_peek(lx) != T_PIPE)
			break;
		lex_next(lx);
		linebreak(lx);
	}
	size_t end = lx->peeked ? lx->tok_start : lx->pos;
	while (end > start && (lx->buf[end - 1] == ' ' || lx->buf[end - 1] == '\t' || lx->buf[end - 1] == '\n'))
		end--;
	p->text = arena_strndup(lx->buf + start, end > start ? end - start : 0);
	if (!negate)
		return p;
	struct node *n = new_node(N_NOT);
	n->a = p;
	return n;
}

static struct node *parse_and_or(struct lexer *lx)
{
	struct node *left = parse_pipeline(lx);
	for (;;) {
		enum tok t = lex_peek(lx);
		if (t != T_AND && t != T_OR)
			return left;
		lex_next(lx);
		linebreak(lx);
		struct node *n = new_node(t == T_AND ? N_AND : N_OR);
		n->a = left;
		n->b = parse_pipeline(lx);
		left = n;
	}
}

static struct node *parse_list(struct lexer *lx, int top)
{
	struct node *l = new_node(N_LIST);
	for (;;) {
		if (!top) {
			linebreak(lx);
			if (at_list_end(lx))
				break;
		}
		lex_peek(lx);
		size_t start = lx->tok_start;
		struct node *item = parse_and_or(lx);
		size_t end = lx->peeked ? lx->tok_start : lx->pos;
		while (end > start && (lx->buf[end - 1] == ' ' || lx->buf[end - 1] == '\t' || lx->buf[end - 1] == '\n'))
			end--;
		item->text = arena_strndup(lx->buf + start, end > start ? end - start : 0);
		enum tok t = lex_peek(lx);
		int bg = t == T_AMP;
		l->items = push(l->items, l->nitems, sizeof(struct node *), &item);
		l->bg = push(l->bg, l->nitems, sizeof(int), &bg);
		l->nitems++;
		if (t == T_AMP || t == T_SEMI) {
			lex_next(lx);
			if (top && (lex_peek(lx) == T_NEWLINE || lex_peek(lx) == T_EOF))
				break;
			continue;
		}
		if (t == T_NEWLINE && !top) {
			lex_next(lx);
			continue;
		}
		break;
	}
	if (!top && l->nitems == 0)
		syntax(lx, lex_peek(lx));
	return l;
}

struct node *parse_command(struct lexer *lx)
{
	lex_start_command(lx);
	parse_incomplete = 0;
	enum tok t = lex_peek(lx);
	if (t == T_EOF)
		return NULL;
	if (t == T_NEWLINE) {
		lex_next(lx);
		return new_node(N_LIST);
	}
	struct node *n = parse_list(lx, 1);
	t = lex_next(lx);
	if (t != T_NEWLINE && t != T_EOF)
		syntax(lx, t);
	if (lx->heredocs)                      /* a here-document on the last line, no newline */
		sh_error("warning: here-document without a body");
	return n;
}

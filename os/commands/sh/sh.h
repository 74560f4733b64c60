/*
 * sh: the MX shell.  Input is read a line at a time (lex.c) into a parse
 * tree (parse.c) whose words keep their quotes; words are expanded only when
 * a command runs (expand.c), then run.c forks, redirects and waits, with job
 * control on a terminal.  Builtins are in builtins.c, shell variables in
 * vars.c, the test/[ builtin in test.c.
 */
#ifndef SH_H
#define SH_H

#include <setjmp.h>
#include <stddef.h>
#include <sys/types.h>

/* ---- arena.c: memory of one command's parse tree, freed at once -------- */
void *arena_alloc(size_t n);
char *arena_strndup(const char *s, size_t n);
void arena_reset(void);
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* A growable vector of strings, NULL-terminated (malloc'd). */
struct strv { char **v; int n, cap; };
void strv_push(struct strv *sv, char *s);
void strv_free(struct strv *sv);

/* ---- lex.c: tokens ------------------------------------------------------- */
enum tok {
	T_EOF, T_NEWLINE, T_WORD, T_SEMI, T_AMP, T_AND, T_OR, T_PIPE, T_LPAREN, T_RPAREN,
	T_LESS, T_GREAT, T_DGREAT, T_LESSAND, T_GREATAND, T_LESSGREAT, T_DLESS, T_DSEMI,
};

struct lexer;
struct source {
	/* Append the next line (with its '\n') with lex_append(); 0 at end of input. */
	int (*more)(struct source *src, struct lexer *lx, int continuation);
	int fd;                      /* files and the terminal */
	const char *str;             /* -c: the command string */
	size_t str_pos;
	char rbuf[512];              /* read buffer for fd */
	size_t rpos, rlen;
	int interactive;
	int eof;
};

struct redir;
struct lexer {
	struct source *src;
	char *buf;
	size_t len, cap, pos;
	enum tok tok;                /* the current token */
	char *word;                  /* T_WORD: its text, quotes kept (arena) */
	int io_number;               /* a redirection's explicit descriptor, or -1 */
	int peeked;                  /* tok is already read and not consumed */
	size_t tok_start, tok_end;   /* where the current token lies in buf */
	struct redir *heredocs;      /* << redirections waiting for their bodies */
};

void lex_init(struct lexer *lx, struct source *src);
void lex_start_command(struct lexer *lx);
enum tok lex_next(struct lexer *lx);
enum tok lex_peek(struct lexer *lx);
void lex_append(struct lexer *lx, const char *s, size_t n);
int string_more(struct source *src, struct lexer *lx, int cont);
const char *tok_name(enum tok t);

/* ---- parse.c: the tree ---------------------------------------------------- */
enum redir_type { R_IN, R_OUT, R_APPEND, R_DUPIN, R_DUPOUT, R_RDWR, R_HEREDOC };

struct redir {
	enum redir_type type;
	int fd;                      /* the descriptor redirected */
	char *word;                  /* file name, descriptor number or here-document delimiter */
	char *body;                  /* R_HEREDOC: the text */
	int quoted;                  /* R_HEREDOC: delimiter was quoted: no expansion of the body */
	struct redir *next, *next_heredoc;
};

enum node_type { N_SIMPLE, N_PIPE, N_AND, N_OR, N_LIST, N_SUBSHELL, N_GROUP, N_IF, N_WHILE, N_UNTIL, N_FOR, N_NOT };

struct node {
	enum node_type type;
	struct node *a, *b, *c;      /* AND/OR: a, b; IF: cond, then, else; WHILE: cond, body; FOR/SUBSHELL/GROUP/NOT: body in a */
	char **words;                /* SIMPLE: the command's words; FOR: the word list */
	int nwords;
	char **assigns;              /* SIMPLE: NAME=value words before the command */
	int nassigns;
	struct redir *redirs;
	struct node **items;         /* LIST: and-or lists; PIPE: commands */
	int *bg;                     /* LIST: item ends with & */
	int nitems;
	char *var;                   /* FOR */
	int has_in;                  /* FOR: an explicit "in" list */
	char *text;                  /* LIST item / PIPE: source text, for job messages */
};

/* Parse one complete command (a line, with its continuations); NULL at end of input. */
struct node *parse_command(struct lexer *lx);
extern jmp_buf parse_fail;
extern int parse_incomplete;     /* the last failure was an unexpected end of input */

/* ---- expand.c: words ------------------------------------------------------ */
/* Expand words into fields: parameters, commands, arithmetic, splitting, globs. */
void expand_words(char **words, int n, struct strv *out);
/* Expand one word without splitting or globbing (assignments, redirections, case). */
char *expand_word(const char *word);
/* A here-document body: parameters, commands and arithmetic, no quotes. */
char *expand_heredoc(const char *body);
int glob_match(const char *pat, const char *name);
long arith_eval(const char *expr, int *err);

/* ---- run.c: execution ------------------------------------------------------- */
int run_node(struct node *n);
int run_string(const char *s);
void jobs_reap(int report);
void jobs_list(void);
int job_fg(const char *spec, int cont_bg);
int wait_all(pid_t pid);
int command_subst(const char *text, char **out);
extern int interactive, jobctl, tty_fd;
extern pid_t shell_pgrp;

/* ---- vars.c: variables -------------------------------------------------------- */
const char *var_get(const char *name);
int var_set(const char *name, const char *value, int export);
int var_unset(const char *name);
int var_export(const char *name);
int var_valid_name(const char *s, size_t n);
void var_print(int exported_only);
char **var_environ(char **extra, int nextra);     /* malloc'd "NAME=value" vector */
void var_import(char **env);

/* ---- builtins.c ------------------------------------------------------------- */
typedef int (*builtin_fn)(int argc, char **argv);
builtin_fn builtin_find(const char *name);
int builtin_special(const char *name);   /* assignments before it stay */

/* ---- test.c ------------------------------------------------------------------ */
int b_test(int argc, char **argv);

/* ---- main.c: the shell's state ----------------------------------------------- */
extern int last_status;         /* $? */
extern pid_t last_bg;           /* $! */
extern char *arg0;              /* $0 */
extern char **pos_args;         /* $1 ... (malloc'd vector) */
extern int pos_count;
extern int opt_x, opt_e;        /* set -x, set -e */
extern int cond_depth;          /* > 0 while running an if/while condition or && || left side */
extern volatile int got_sigint;
extern int loop_break, loop_continue, loop_depth;
extern int in_child;            /* this process is a forked subshell */
void sh_exit(int status) __attribute__((noreturn));
void sh_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int source_file(const char *path);

#endif

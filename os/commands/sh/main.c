/*
 * sh [-ex] [-c COMMAND [NAME ARGS...]] [FILE [ARGS...]]
 *
 * Reads commands from COMMAND, FILE, or standard input; on a terminal it
 * prompts with $PS1 (and $PS2 for continued lines), takes the terminal for
 * each foreground job and puts itself back afterwards.  Ctrl-C at the
 * prompt drops the line being typed.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

int last_status;
pid_t last_bg;
char *arg0 = "sh";
char **pos_args;
int pos_count;
int opt_x, opt_e;
int cond_depth;
volatile int got_sigint;
int loop_break, loop_continue, loop_depth;
int in_child;

void sh_exit(int status)
{
	fflush(NULL);
	exit(status);
}

void sh_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fflush(stdout);
	fprintf(stderr, "sh: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
}

static void on_sigint(int sig)
{
	got_sigint = 1;
}

/* Read one line from src->fd into the lexer (a terminal gives one line per read). */
static int fd_more(struct source *src, struct lexer *lx, int cont)
{
	if (src->interactive) {
		const char *ps = var_get(cont ? "PS2" : "PS1");
		char *p = expand_word(ps ? ps : cont ? "> " : "$ ");
		fputs(p, stderr);
		fflush(stderr);
		free(p);
	}
	for (;;) {
		if (src->rpos >= src->rlen) {
			ssize_t n = read(src->fd, src->rbuf, sizeof(src->rbuf));
			if (n < 0 && errno == EINTR) {
				/* Ctrl-C (the only signal the prompt catches; its handler may run
				 * just after the read ends): the terminal echoed ^C and a newline. */
				if (src->interactive) {
					got_sigint = 0;
					longjmp(parse_fail, 2);    /* drop the line */
				}
				continue;
			}
			if (n <= 0) {
				src->eof = 1;
				return lx->len > 0 && lx->buf[lx->len - 1] != '\n' ? (lex_append(lx, "\n", 1), 1) : 0;
			}
			src->rpos = 0;
			src->rlen = (size_t)n;
		}
		char *start = src->rbuf + src->rpos;
		char *nl = memchr(start, '\n', src->rlen - src->rpos);
		size_t k = nl ? (size_t)(nl - start) + 1 : src->rlen - src->rpos;
		lex_append(lx, start, k);
		src->rpos += k;
		if (nl)
			return 1;
	}
}

/* Parse and run every command of src.  top: free each command's tree after it. */
static int run_source(struct source *src, int top)
{
	struct lexer lx;
	lex_init(&lx, src);
	jmp_buf outer;
	memcpy(outer, parse_fail, sizeof(outer));
	for (;;) {
		if (src->interactive)
			jobs_reap(1);
		got_sigint = 0;
		int r = setjmp(parse_fail);
		if (r) {
			if (top)
				arena_reset();
			if (r == 2)
				continue;                  /* Ctrl-C at the prompt */
			last_status = 2;
			if (!src->interactive)
				break;                     /* a script stops at a syntax error */
			continue;
		}
		struct node *n = parse_command(&lx);
		if (!n)
			break;
		last_status = run_node(n);
		loop_break = loop_continue = 0;
		if (top)
			arena_reset();
	}
	memcpy(parse_fail, outer, sizeof(outer));
	free(lx.buf);
	return last_status;
}

int source_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		sh_error("%s: %s", path, strerror(errno));
		return 127;
	}
	struct source *src = xmalloc(sizeof(*src));
	memset(src, 0, sizeof(*src));
	src->more = fd_more;
	src->fd = fd;
	int r = run_source(src, 0);
	close(fd);
	free(src);
	return r;
}

static void set_positional(char **v, int n)
{
	pos_args = xmalloc(sizeof(char *) * (size_t)(n + 1));
	for (int i = 0; i < n; i++)
		pos_args[i] = xstrdup(v[i]);
	pos_args[n] = NULL;
	pos_count = n;
}

static void usage(void)
{
	fprintf(stderr, "usage: sh [-ex] [-c command [name args...]] [file [args...]]\n");
	exit(2);
}

/* Take the terminal: our own process group in the foreground. */
static void job_control_on(void)
{
	tty_fd = fcntl(0, F_DUPFD, 10);
	if (tty_fd < 0)
		return;
	fcntl(tty_fd, F_SETFD, FD_CLOEXEC);
	signal(SIGTTOU, SIG_IGN);
	signal(SIGTTIN, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);
	pid_t me = getpid();
	if (getpgrp() != me)
		setpgid(0, me);
	shell_pgrp = getpgrp();
	if (tcsetpgrp(tty_fd, shell_pgrp) == 0)
		jobctl = 1;
}

int main(int argc, char **argv)
{
	const char *cmd = NULL;
	int i = 1, force_i = 0;
	arg0 = argv[0] ? argv[0] : "sh";
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		for (const char *o = argv[i] + 1; *o; o++) {
			if (*o == 'c') {
				if (i + 1 >= argc)
					usage();
				cmd = argv[++i];
				break;
			} else if (*o == 'e') {
				opt_e = 1;
			} else if (*o == 'x') {
				opt_x = 1;
			} else if (*o == 'i') {
				force_i = 1;
			} else if (*o == 's' || *o == 'l') {
				/* read standard input; a login shell: nothing more */
			} else {
				usage();
			}
		}
	}
	var_import(environ);
	if (!var_get("PATH"))
		var_set("PATH", "/bin", 1);
	if (!var_get("HOME"))
		var_set("HOME", "/", 1);
	char cwd[PATH_MAX];
	if (getcwd(cwd, sizeof(cwd)))
		var_set("PWD", cwd, 1);
	var_set("PPID", "", 0);
	char num[16];
	snprintf(num, sizeof(num), "%d", (int)getppid());
	var_set("PPID", num, 0);

	struct source src;
	memset(&src, 0, sizeof(src));
	if (cmd) {
		src.more = string_more;
		src.str = cmd;
		if (i < argc)
			arg0 = argv[i++];
		set_positional(argv + i, argc - i);
	} else if (i < argc) {
		int fd = open(argv[i], O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			sh_error("%s: %s", argv[i], strerror(errno));
			return 127;
		}
		if (fd < 10) {                        /* out of the way of redirections */
			int hi = fcntl(fd, F_DUPFD, 10);
			if (hi >= 0) {
				close(fd);
				fd = hi;
				fcntl(fd, F_SETFD, FD_CLOEXEC);
			}
		}
		arg0 = argv[i++];
		set_positional(argv + i, argc - i);
		src.more = fd_more;
		src.fd = fd;
	} else {
		src.more = fd_more;
		src.fd = 0;
		set_positional(argv + i, 0);
		interactive = force_i || isatty(0);
	}
	src.interactive = interactive;
	if (interactive) {
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_sigint;          /* no SA_RESTART: a read at the prompt ends with EINTR */
		sigaction(SIGINT, &sa, NULL);
		signal(SIGQUIT, SIG_IGN);
		job_control_on();
		if (access("/etc/profile", R_OK) == 0)
			source_file("/etc/profile");
	}
	int status = run_source(&src, 1);
	if (interactive)
		fputs("exit\n", stderr);
	sh_exit(status);
}

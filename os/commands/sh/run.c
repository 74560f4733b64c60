/*
 * Running commands: lists, && and ||, pipelines (each command a process,
 * all of a pipeline in one process group), redirections, compound commands,
 * background jobs and, on a terminal, job control: the foreground job owns
 * the terminal (tcsetpgrp) so Ctrl-C and Ctrl-Z reach it and not the shell.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "sh.h"

int interactive, jobctl, tty_fd = -1;
pid_t shell_pgrp;

#define MAX_JOBS  16
#define MAX_PIPE  16

struct job {
	int id;                      /* [id]; 0 if the slot is free */
	pid_t pgid;
	pid_t pids[MAX_PIPE];
	int status[MAX_PIPE];
	int done[MAX_PIPE];
	int npids;
	int stopped;
	char *text;                  /* malloc'd */
};
static struct job jobs[MAX_JOBS];

static int run_compound(struct node *n);

static void child_exit(int status)
{
	fflush(NULL);
	_exit(status);
}

/* What a freshly forked child does first: it is not the interactive shell. */
static void enter_child(pid_t pgid, int fg, int bg)
{
	in_child = 1;
	if (jobctl) {
		setpgid(0, pgid);
		if (fg)
			tcsetpgrp(tty_fd, pgid ? pgid : getpid());
	}
	signal(SIGINT, bg && !jobctl ? SIG_IGN : SIG_DFL);
	signal(SIGQUIT, bg && !jobctl ? SIG_IGN : SIG_DFL);
	signal(SIGTSTP, SIG_DFL);
	signal(SIGTTIN, SIG_DFL);
	signal(SIGTTOU, SIG_DFL);
	interactive = jobctl = 0;
}

/* ---- redirections ---------------------------------------------------------- */

struct saved_fd { int fd, copy; };     /* copy -1: fd was closed before */
#define MAX_SAVED 10

static int open_redir(struct redir *r)
{
	char *target = r->type == R_HEREDOC ? NULL : expand_word(r->word);
	int fd = -1;
	switch (r->type) {
	case R_IN:     fd = open(target, O_RDONLY); break;
	case R_OUT:    fd = open(target, O_WRONLY | O_CREAT | O_TRUNC, 0666); break;
	case R_APPEND: fd = open(target, O_WRONLY | O_CREAT | O_APPEND, 0666); break;
	case R_RDWR:   fd = open(target, O_RDWR | O_CREAT, 0666); break;
	case R_DUPIN:
	case R_DUPOUT:
		if (strcmp(target, "-") == 0) {
			free(target);
			return -2;                    /* close */
		}
		char *end;
		long n = strtol(target, &end, 10);
		if (*end || end == target || n < 0) {
			sh_error("%s: bad file descriptor", target);
			free(target);
			return -1;
		}
		fd = fcntl((int)n, F_DUPFD, 0);
		if (fd < 0) {
			sh_error("%ld: %s", n, strerror(errno));
			free(target);
			return -1;
		}
		free(target);
		return fd;
	case R_HEREDOC: {
		char *text = r->quoted ? xstrdup(r->body) : expand_heredoc(r->body);
		int p[2];
		if (pipe(p) < 0) {
			sh_error("here-document: %s", strerror(errno));
			free(text);
			return -1;
		}
		size_t len = strlen(text);
		if (len <= PIPE_BUF) {
			write(p[1], text, len);
		} else {
			pid_t w = fork();              /* too big for the pipe: a writer process */
			if (w == 0) {
				close(p[0]);
				write(p[1], text, len);
				_exit(0);
			}
		}
		close(p[1]);
		free(text);
		return p[0];
	}
	}
	if (fd < 0)
		sh_error("%s: %s", target, strerror(errno));
	free(target);
	return fd;
}

/* Apply redirections; with save, remember what they replaced. -1 on error. */
static int apply_redirs(struct redir *r, struct saved_fd *save, int *nsave)
{
	for (; r; r = r->next) {
		if (save) {
			if (*nsave >= MAX_SAVED) {
				sh_error("too many redirections");
				return -1;
			}
			int copy = fcntl(r->fd, F_DUPFD, 10);
			if (copy >= 0)
				fcntl(copy, F_SETFD, FD_CLOEXEC);
			save[*nsave].fd = r->fd;
			save[*nsave].copy = copy;
			(*nsave)++;
		}
		int fd = open_redir(r);
		if (fd == -1)
			return -1;
		if (fd == -2) {
			close(r->fd);
			continue;
		}
		if (fd != r->fd) {
			if (dup2(fd, r->fd) < 0) {
				sh_error("%d: %s", r->fd, strerror(errno));
				close(fd);
				return -1;
			}
			close(fd);
		}
	}
	return 0;
}

static void restore_redirs(struct saved_fd *save, int n)
{
	fflush(NULL);
	while (n-- > 0) {
		if (save[n].copy >= 0) {
			dup2(save[n].copy, save[n].fd);
			close(save[n].copy);
		} else {
			close(save[n].fd);
		}
	}
}

/* ---- simple commands ---------------------------------------------------------- */

static void trace_cmd(char **argv)
{
	if (!opt_x)
		return;
	fputs("+", stderr);
	for (int i = 0; argv[i]; i++)
		fprintf(stderr, " %s", argv[i]);
	fputs("\n", stderr);
}

/* Expanded assignments ("NAME=value", malloc'd). */
static void expand_assigns(struct node *n, struct strv *out)
{
	for (int i = 0; i < n->nassigns; i++) {
		char *eq = strchr(n->assigns[i], '=');
		char *v = expand_word(eq + 1);
		size_t nl = (size_t)(eq - n->assigns[i]);
		char *s = xmalloc(nl + strlen(v) + 2);
		memcpy(s, n->assigns[i], nl + 1);
		strcpy(s + nl + 1, v);
		free(v);
		strv_push(out, s);
	}
}

static void set_assigns(struct strv *as)
{
	for (int i = 0; i < as->n; i++) {
		char *eq = strchr(as->v[i], '=');
		*eq = 0;
		var_set(as->v[i], eq + 1, 0);
		*eq = '=';
	}
}

/* Replace this process with argv[0] (in a child, or for exec). Returns only on failure, with the status. */
static int exec_command(char **argv, struct strv *assigns)
{
	char **env = var_environ(assigns ? assigns->v : NULL, assigns ? assigns->n : 0);
	environ = env;
	fflush(NULL);
	execvp(argv[0], argv);
	int e = errno;
	if (e == ENOENT)
		sh_error("%s: not found", argv[0]);
	else
		sh_error("%s: %s", argv[0], strerror(e));
	return e == ENOENT ? 127 : 126;
}

/* A simple command whose words are expanded: run it in this process if it is a builtin. */
static int run_builtin(builtin_fn fn, struct strv *argv, struct node *n)
{
	struct saved_fd save[MAX_SAVED];
	int nsave = 0;
	fflush(NULL);
	int exec_redirs = strcmp(argv->v[0], "exec") == 0 && argv->n == 1;
	if (apply_redirs(n->redirs, exec_redirs ? NULL : save, &nsave) < 0) {
		restore_redirs(save, nsave);
		return 1;
	}
	int status = fn(argv->n, argv->v);
	fflush(NULL);
	restore_redirs(save, nsave);
	return status;
}

/* ---- jobs ---------------------------------------------------------------------- */

static struct job *job_new(pid_t pgid, const char *text)
{
	int id = 1;
	for (int i = 0; i < MAX_JOBS; i++)
		if (jobs[i].id >= id)
			id = jobs[i].id + 1;
	for (int i = 0; i < MAX_JOBS; i++)
		if (!jobs[i].id) {
			memset(&jobs[i], 0, sizeof(jobs[i]));
			jobs[i].id = id;
			jobs[i].pgid = pgid;
			jobs[i].text = xstrdup(text ? text : "");
			return &jobs[i];
		}
	return NULL;
}

static void job_free(struct job *j)
{
	free(j->text);
	j->text = NULL;
	j->id = 0;
}

static int job_done(struct job *j)
{
	for (int i = 0; i < j->npids; i++)
		if (!j->done[i])
			return 0;
	return 1;
}

/* The shell's status for a wait status: the exit code, or 128 + signal. */
static int status_of(int st)
{
	return WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? 128 + WTERMSIG(st) : 128 + WSTOPSIG(st);
}

static void job_record(struct job *j, pid_t pid, int st)
{
	for (int i = 0; i < j->npids; i++)
		if (j->pids[i] == pid) {
			if (WIFSTOPPED(st)) {
				j->stopped = 1;
			} else {
				j->status[i] = st;
				j->done[i] = 1;
			}
		}
}

static void report_signal(int st)
{
	if (!WIFSIGNALED(st))
		return;
	int sig = WTERMSIG(st);
	if (sig != SIGINT && sig != SIGPIPE) {           /* the terminal echoed ^C and a newline */
		fprintf(stderr, "%s\n", sig < NSIG && sys_siglist[sig] ? sys_siglist[sig] : "killed by a signal");
	}
}

/* Wait for a foreground job; give the terminal back to the shell afterwards. */
static int wait_job(struct job *j)
{
	if (jobctl)
		tcsetpgrp(tty_fd, j->pgid);
	for (int i = 0; i < j->npids && !j->stopped; i++) {
		while (!j->done[i] && !j->stopped) {
			int st;
			pid_t r = waitpid(j->pids[i], &st, jobctl ? WUNTRACED : 0);
			if (r < 0) {
				if (errno == EINTR)
					continue;
				j->done[i] = 1;            /* already gone */
				j->status[i] = 0;
				break;
			}
			job_record(j, r, st);
		}
	}
	if (jobctl)
		tcsetpgrp(tty_fd, shell_pgrp);
	int last = j->status[j->npids - 1];
	if (j->stopped) {
		fprintf(stderr, "[%d]+ Stopped\t%s\n", j->id, j->text);
		return 128 + SIGTSTP;
	}
	report_signal(last);
	job_free(j);
	return status_of(last);
}

void jobs_reap(int report)
{
	int st;
	pid_t pid;
	while ((pid = waitpid(-1, &st, WNOHANG | (jobctl ? WUNTRACED : 0))) > 0)
		for (int i = 0; i < MAX_JOBS; i++)
			if (jobs[i].id)
				job_record(&jobs[i], pid, st);
	for (int i = 0; i < MAX_JOBS; i++) {
		struct job *j = &jobs[i];
		if (!j->id || !job_done(j))
			continue;
		if (report && interactive) {
			int last = j->status[j->npids - 1];
			if (WIFSIGNALED(last))
				fprintf(stderr, "[%d] %s\t%s\n", j->id, sys_siglist[WTERMSIG(last)] ? sys_siglist[WTERMSIG(last)] : "Killed", j->text);
			else if (WEXITSTATUS(last))
				fprintf(stderr, "[%d] Exit %d\t%s\n", j->id, WEXITSTATUS(last), j->text);
			else
				fprintf(stderr, "[%d] Done\t%s\n", j->id, j->text);
		}
		job_free(j);
	}
}

void jobs_list(void)
{
	jobs_reap(1);
	for (int i = 0; i < MAX_JOBS; i++)
		if (jobs[i].id)
			printf("[%d] %s\t%s\n", jobs[i].id, jobs[i].stopped ? "Stopped" : "Running", jobs[i].text);
}

static struct job *job_find(const char *spec)
{
	struct job *best = NULL;
	int want = spec ? atoi(spec[0] == '%' ? spec + 1 : spec) : 0;
	for (int i = 0; i < MAX_JOBS; i++) {
		if (!jobs[i].id)
			continue;
		if (want ? jobs[i].id == want : (!best || jobs[i].id > best->id))
			best = &jobs[i];
	}
	return best;
}

int job_fg(const char *spec, int to_bg)
{
	struct job *j = job_find(spec);
	if (!j) {
		sh_error("%s: no such job", spec ? spec : "current");
		return 1;
	}
	if (to_bg) {
		j->stopped = 0;
		killpg(j->pgid, SIGCONT);
		printf("[%d] %s &\n", j->id, j->text);
		return 0;
	}
	printf("%s\n", j->text);
	fflush(stdout);
	if (jobctl)
		tcsetpgrp(tty_fd, j->pgid);
	j->stopped = 0;
	killpg(j->pgid, SIGCONT);
	return wait_job(j);
}

/* The wait builtin: one process, or every background job. */
int wait_all(pid_t pid)
{
	int status = 0;
	for (int i = 0; i < MAX_JOBS; i++) {
		struct job *j = &jobs[i];
		if (!j->id)
			continue;
		for (int k = 0; k < j->npids; k++) {
			if (j->done[k] || (pid > 0 && j->pids[k] != pid))
				continue;
			int st;
			pid_t r;
			while ((r = waitpid(j->pids[k], &st, 0)) < 0 && errno == EINTR && !got_sigint)
				;
			if (r < 0)
				return 128 + SIGINT;
			job_record(j, r, st);
			status = status_of(st);
		}
		if (job_done(j))
			job_free(j);
	}
	return status;
}

/* ---- pipelines ------------------------------------------------------------------- */

/* Run command c in this (forked) process; returns its status for _exit. */
static int run_in_child(struct node *c)
{
	if (c->type == N_SIMPLE) {
		struct strv argv = { 0 }, as = { 0 };
		expand_words(c->words, c->nwords, &argv);
		expand_assigns(c, &as);
		if (apply_redirs(c->redirs, NULL, NULL) < 0)
			return 1;
		if (argv.n == 0) {
			set_assigns(&as);
			return last_status;
		}
		trace_cmd(argv.v);
		builtin_fn fn = builtin_find(argv.v[0]);
		if (fn) {
			set_assigns(&as);
			return fn(argv.n, argv.v);
		}
		return exec_command(argv.v, &as);
	}
	if (apply_redirs(c->redirs, NULL, NULL) < 0)
		return 1;
	if (c->type == N_SUBSHELL)
		return run_node(c->a);
	return run_compound(c);
}

static int run_pipeline(struct node *p, int bg)
{
	int n = p->nitems;
	if (n > MAX_PIPE) {
		sh_error("pipeline too long");
		return 1;
	}
	/* A lone simple command: expand it here; a builtin then runs in the shell. */
	struct strv argv = { 0 }, as = { 0 };
	int expanded = 0;
	if (n == 1 && !bg && p->items[0]->type == N_SIMPLE) {
		struct node *c = p->items[0];
		expand_words(c->words, c->nwords, &argv);
		expand_assigns(c, &as);
		expanded = 1;
		if (argv.n == 0) {
			struct saved_fd save[MAX_SAVED];
			int nsave = 0, status = last_status;
			set_assigns(&as);
			if (apply_redirs(c->redirs, save, &nsave) < 0)
				status = 1;
			restore_redirs(save, nsave);
			strv_free(&argv);
			strv_free(&as);
			return status;
		}
		trace_cmd(argv.v);
		builtin_fn fn = builtin_find(argv.v[0]);
		if (fn) {
			set_assigns(&as);
			int status = run_builtin(fn, &argv, c);
			strv_free(&argv);
			strv_free(&as);
			return status;
		}
	} else if (n == 1 && !bg && p->items[0]->type != N_SUBSHELL) {
		struct saved_fd save[MAX_SAVED];                 /* if, while, for, { } */
		int nsave = 0, status = 1;
		if (apply_redirs(p->items[0]->redirs, save, &nsave) == 0)
			status = run_compound(p->items[0]);
		restore_redirs(save, nsave);
		return status;
	}

	struct job *j = job_new(0, p->text);
	if (!j) {
		sh_error("too many jobs");
		strv_free(&argv);
		strv_free(&as);
		return 1;
	}
	fflush(NULL);
	int prev = -1;
	for (int i = 0; i < n; i++) {
		int fds[2] = { -1, -1 };
		if (i < n - 1 && pipe(fds) < 0) {
			sh_error("pipe: %s", strerror(errno));
			break;
		}
		pid_t pid = fork();
		if (pid < 0) {
			sh_error("fork: %s", strerror(errno));
			if (fds[0] >= 0) {
				close(fds[0]);
				close(fds[1]);
			}
			break;
		}
		if (pid == 0) {
			enter_child(j->pgid, !bg, bg);
			if (prev >= 0) {
				dup2(prev, 0);
				close(prev);
			} else if (bg && !jobctl) {
				int nul = open("/dev/null", O_RDONLY);
				if (nul >= 0 && nul != 0) {
					dup2(nul, 0);
					close(nul);
				}
			}
			if (fds[1] >= 0) {
				dup2(fds[1], 1);
				close(fds[0]);
				close(fds[1]);
			}
			if (expanded) {
				if (apply_redirs(p->items[0]->redirs, NULL, NULL) < 0)
					child_exit(1);
				child_exit(exec_command(argv.v, &as));
			}
			child_exit(run_in_child(p->items[i]));
		}
		if (!j->pgid)
			j->pgid = pid;
		if (jobctl)
			setpgid(pid, j->pgid);
		j->pids[j->npids++] = pid;
		if (prev >= 0)
			close(prev);
		if (fds[1] >= 0)
			close(fds[1]);
		prev = fds[0];
	}
	if (prev >= 0)
		close(prev);
	strv_free(&argv);
	strv_free(&as);
	if (j->npids == 0) {
		job_free(j);
		return 1;
	}
	if (bg) {
		last_bg = j->pids[j->npids - 1];
		if (interactive)
			fprintf(stderr, "[%d] %d\n", j->id, (int)last_bg);
		return 0;
	}
	return wait_job(j);
}

/* An and-or list with & that is more than a pipeline: a subshell in the background. */
static int run_background(struct node *item)
{
	if (item->type == N_PIPE)
		return run_pipeline(item, 1);
	struct job *j = job_new(0, item->text);
	if (!j) {
		sh_error("too many jobs");
		return 1;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		sh_error("fork: %s", strerror(errno));
		job_free(j);
		return 1;
	}
	if (pid == 0) {
		enter_child(0, 0, 1);
		child_exit(run_node(item));
	}
	if (jobctl)
		setpgid(pid, pid);
	j->pgid = pid;
	j->pids[j->npids++] = pid;
	last_bg = pid;
	if (interactive)
		fprintf(stderr, "[%d] %d\n", j->id, (int)pid);
	return 0;
}

/* ---- compound commands -------------------------------------------------------------- */

/* After a loop body: 1 if the loop must stop (break, or continue for an outer loop). */
static int loop_stop(void)
{
	if (loop_break) {
		loop_break--;
		return 1;
	}
	if (loop_continue) {
		if (--loop_continue > 0)
			return 1;
	}
	return 0;
}

static int run_compound(struct node *n)
{
	int status = 0;
	switch (n->type) {
	case N_GROUP:
		return run_node(n->a);
	case N_IF:
		cond_depth++;
		status = run_node(n->a);
		cond_depth--;
		if (status == 0)
			return run_node(n->b);
		return n->c ? run_node(n->c) : 0;
	case N_WHILE:
	case N_UNTIL:
		loop_depth++;
		for (;;) {
			cond_depth++;
			int c = run_node(n->a);
			cond_depth--;
			if (loop_break || loop_continue) {
				if (loop_stop())
					break;
				continue;
			}
			if ((c == 0) != (n->type == N_WHILE))
				break;
			status = run_node(n->b);
			if (loop_stop())
				break;
			if (got_sigint && interactive)
				break;
		}
		loop_depth--;
		return status;
	case N_FOR: {
		struct strv list = { 0 };
		if (n->has_in)
			expand_words(n->words, n->nwords, &list);
		else
			for (int i = 0; i < pos_count; i++)
				strv_push(&list, xstrdup(pos_args[i]));
		loop_depth++;
		for (int i = 0; i < list.n; i++) {
			var_set(n->var, list.v[i], 0);
			status = run_node(n->a);
			if (loop_stop())
				break;
			if (got_sigint && interactive)
				break;
		}
		loop_depth--;
		strv_free(&list);
		return status;
	}
	case N_SUBSHELL:                         /* only ever in a forked child */
		return run_node(n->a);
	default:
		sh_error("internal error: node %d is not a compound command", (int)n->type);
		return 2;
	}
}

int run_node(struct node *n)
{
	int s;
	switch (n->type) {
	case N_LIST:
		s = last_status;
		for (int i = 0; i < n->nitems && !loop_break && !loop_continue; i++) {
			s = n->bg[i] ? run_background(n->items[i]) : run_node(n->items[i]);
			last_status = s;
			if (opt_e && s != 0 && !cond_depth && !n->bg[i] &&
			    n->items[i]->type != N_AND && n->items[i]->type != N_OR && n->items[i]->type != N_NOT)
				sh_exit(s);
		}
		return s;
	case N_AND:
	case N_OR:
		cond_depth++;
		s = run_node(n->a);
		cond_depth--;
		last_status = s;
		if ((s == 0) == (n->type == N_AND))
			s = run_node(n->b);
		return s;
	case N_NOT:
		cond_depth++;
		s = run_node(n->a);
		cond_depth--;
		return !s;
	case N_PIPE:
		return run_pipeline(n, 0);
	default:
		return run_compound(n);
	}
}

/* ---- strings and command substitution ----------------------------------------------- */

int run_string(const char *s)
{
	struct source src = { 0 };
	struct lexer lx;
	src.more = string_more;
	src.str = s;
	lex_init(&lx, &src);
	jmp_buf outer;
	memcpy(outer, parse_fail, sizeof(outer));
	int status = 0;
	for (;;) {
		if (setjmp(parse_fail)) {
			status = 2;
			break;
		}
		struct node *n = parse_command(&lx);
		if (!n)
			break;
		status = last_status = run_node(n);
		if (loop_break || loop_continue)
			break;
	}
	memcpy(parse_fail, outer, sizeof(outer));
	free(lx.buf);
	return status;
}

int command_subst(const char *text, char **out)
{
	int fds[2];
	*out = NULL;
	if (pipe(fds) < 0) {
		sh_error("pipe: %s", strerror(errno));
		return 1;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		sh_error("fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return 1;
	}
	if (pid == 0) {
		in_child = 1;
		interactive = jobctl = 0;
		close(fds[0]);
		dup2(fds[1], 1);
		close(fds[1]);
		child_exit(run_string(text));
	}
	close(fds[1]);
	size_t len = 0, cap = 256;
	char *buf = xmalloc(cap);
	for (;;) {
		if (len + 128 > cap)
			buf = xrealloc(buf, cap *= 2);
		ssize_t r = read(fds[0], buf + len, cap - len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	close(fds[0]);
	while (len > 0 && buf[len - 1] == '\n')
		len--;
	buf[len] = 0;
	*out = buf;
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return 1;
	return status_of(st);
}

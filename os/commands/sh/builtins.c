/* Builtin commands: the ones that must change the shell itself, and a few common ones. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "sh.h"

static int b_true(int argc, char **argv) { return 0; }
static int b_false(int argc, char **argv) { return 1; }

static int b_cd(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : var_get("HOME");
	if (!dir || !*dir)
		dir = "/";
	if (strcmp(dir, "-") == 0) {
		dir = var_get("OLDPWD");
		if (!dir) {
			sh_error("cd: OLDPWD not set");
			return 1;
		}
		printf("%s\n", dir);
	}
	char old[PATH_MAX];
	if (!getcwd(old, sizeof(old)))
		old[0] = 0;
	if (chdir(dir) < 0) {
		sh_error("cd: %s: %s", dir, strerror(errno));
		return 1;
	}
	char now[PATH_MAX];
	if (old[0])
		var_set("OLDPWD", old, 0);
	if (getcwd(now, sizeof(now)))
		var_set("PWD", now, 0);
	return 0;
}

static int b_pwd(int argc, char **argv)
{
	char buf[PATH_MAX];
	if (!getcwd(buf, sizeof(buf))) {
		sh_error("pwd: %s", strerror(errno));
		return 1;
	}
	printf("%s\n", buf);
	return 0;
}

/* echo [-n] [-e] args: -e interprets \n \t \\ \c (stop) \0nnn. */
static int b_echo(int argc, char **argv)
{
	int i = 1, nl = 1, esc = 0;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *o = argv[i] + 1;
		if (strspn(o, "neE") != strlen(o))
			break;
		for (; *o; o++)
			if (*o == 'n') nl = 0;
			else if (*o == 'e') esc = 1;
			else esc = 0;
	}
	for (int first = 1; i < argc; i++, first = 0) {
		if (!first)
			putchar(' ');
		for (const char *p = argv[i]; *p; p++) {
			if (!esc || *p != '\\' || !p[1]) {
				putchar(*p);
				continue;
			}
			switch (*++p) {
			case 'n': putchar('\n'); break;
			case 't': putchar('\t'); break;
			case 'r': putchar('\r'); break;
			case 'a': putchar('\a'); break;
			case '\\': putchar('\\'); break;
			case 'c': return 0;
			case '0': {
				int v = 0;
				for (int k = 0; k < 3 && p[1] >= '0' && p[1] <= '7'; k++)
					v = v * 8 + (*++p - '0');
				putchar(v);
				break;
			}
			default: putchar('\\'); putchar(*p); break;
			}
		}
	}
	if (nl)
		putchar('\n');
	return 0;
}

static int b_exit(int argc, char **argv)
{
	sh_exit(argc > 1 ? atoi(argv[1]) : last_status);
}

static int b_export(int argc, char **argv)
{
	if (argc == 1 || (argc == 2 && strcmp(argv[1], "-p") == 0)) {
		var_print(1);
		return 0;
	}
	int status = 0;
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		size_t n = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
		if (!var_valid_name(argv[i], n)) {
			sh_error("export: %s: bad variable name", argv[i]);
			status = 1;
			continue;
		}
		if (eq) {
			*eq = 0;
			var_set(argv[i], eq + 1, 1);
			*eq = '=';
		} else {
			var_export(argv[i]);
		}
	}
	return status;
}

static int b_unset(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "-v") != 0)
			var_unset(argv[i]);
	return 0;
}

/* set: list variables; set -e/-x/+e/+x; set -- args: new positional parameters. */
static int b_set(int argc, char **argv)
{
	if (argc == 1) {
		var_print(0);
		return 0;
	}
	int i = 1;
	for (; i < argc; i++) {
		char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if ((a[0] != '-' && a[0] != '+') || !a[1])
			break;
		for (char *o = a + 1; *o; o++) {
			int on = a[0] == '-';
			if (*o == 'e') opt_e = on;
			else if (*o == 'x') opt_x = on;
			else {
				sh_error("set: -%c: unknown option", *o);
				return 2;
			}
		}
	}
	if (i < argc || (i > 1 && strcmp(argv[i - 1], "--") == 0)) {
		for (int k = 0; k < pos_count; k++)
			free(pos_args[k]);
		free(pos_args);
		pos_count = argc - i;
		pos_args = xmalloc(sizeof(char *) * (size_t)(pos_count + 1));
		for (int k = 0; k < pos_count; k++)
			pos_args[k] = xstrdup(argv[i + k]);
		pos_args[pos_count] = NULL;
	}
	return 0;
}

static int b_shift(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1;
	if (n < 0 || n > pos_count) {
		sh_error("shift: can't shift that many");
		return 1;
	}
	for (int k = 0; k < n; k++)
		free(pos_args[k]);
	memmove(pos_args, pos_args + n, sizeof(char *) * (size_t)(pos_count - n + 1));
	pos_count -= n;
	return 0;
}

static int b_source(int argc, char **argv)
{
	if (argc < 2) {
		sh_error("%s: file name needed", argv[0]);
		return 2;
	}
	return source_file(argv[1]);
}

static int b_eval(int argc, char **argv)
{
	size_t n = 1;
	for (int i = 1; i < argc; i++)
		n += strlen(argv[i]) + 1;
	char *s = xmalloc(n);
	s[0] = 0;
	for (int i = 1; i < argc; i++) {
		strcat(s, argv[i]);
		if (i + 1 < argc)
			strcat(s, " ");
	}
	int r = run_string(s);
	free(s);
	return r;
}

static int b_exec(int argc, char **argv)
{
	if (argc == 1)
		return 0;                        /* redirections alone: already applied for good */
	char **env = var_environ(NULL, 0);
	environ = env;
	fflush(NULL);
	execvp(argv[1], argv + 1);
	sh_error("exec: %s: %s", argv[1], errno == ENOENT ? "not found" : strerror(errno));
	if (!interactive)
		sh_exit(errno == ENOENT ? 127 : 126);
	return errno == ENOENT ? 127 : 126;
}

static int b_wait(int argc, char **argv)
{
	return wait_all(argc > 1 ? (pid_t)atoi(argv[1]) : 0);
}

static int b_jobs(int argc, char **argv)
{
	jobs_list();
	return 0;
}

static int b_fg(int argc, char **argv)
{
	return job_fg(argc > 1 ? argv[1] : NULL, 0);
}

static int b_bg(int argc, char **argv)
{
	return job_fg(argc > 1 ? argv[1] : NULL, 1);
}

/* read [-r] name...: one line from standard input, split on IFS. */
static int b_read(int argc, char **argv)
{
	int raw = 0, i = 1;
	if (i < argc && strcmp(argv[i], "-r") == 0)
		raw = 1, i++;
	size_t len = 0, cap = 128;
	char *line = xmalloc(cap);
	int got = 0, eof = 1;
	for (;;) {
		char c;
		ssize_t r = read(0, &c, 1);
		if (r < 0 && errno == EINTR && !got_sigint)
			continue;
		if (r <= 0)
			break;
		got = 1;
		if (c == '\n') {
			eof = 0;
			break;
		}
		if (c == '\\' && !raw) {
			if (read(0, &c, 1) != 1)
				break;
			if (c == '\n')
				continue;
		}
		if (len + 2 > cap)
			line = xrealloc(line, cap *= 2);
		line[len++] = c;
	}
	line[len] = 0;
	const char *ifs = var_get("IFS");
	if (!ifs)
		ifs = " \t\n";
	char *p = line;
	for (; i < argc; i++) {
		while (*p && strchr(ifs, *p))
			p++;
		char *start = p;
		if (i == argc - 1) {
			char *end = start + strlen(start);
			while (end > start && strchr(ifs, end[-1]))
				end--;
			*end = 0;
			p = end;
		} else {
			while (*p && !strchr(ifs, *p))
				p++;
			if (*p)
				*p++ = 0;
		}
		var_set(argv[i], start, 0);
	}
	free(line);
	return eof && !got ? 1 : eof;
}

static int b_break(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1;
	if (loop_depth == 0 || n < 1)
		return 0;
	loop_break = n > loop_depth ? loop_depth : n;
	return 0;
}

static int b_continue(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1;
	if (loop_depth == 0 || n < 1)
		return 0;
	loop_continue = n > loop_depth ? loop_depth : n;
	return 0;
}

static int b_type(int argc, char **argv)
{
	int status = 0;
	for (int i = 1; i < argc; i++) {
		if (builtin_find(argv[i])) {
			printf("%s is a shell builtin\n", argv[i]);
			continue;
		}
		const char *path = var_get("PATH");
		char buf[PATH_MAX];
		int found = 0;
		for (const char *p = path ? path : "/bin"; p && !found; ) {
			const char *end = strchr(p, ':');
			int n = end ? (int)(end - p) : (int)strlen(p);
			snprintf(buf, sizeof(buf), "%.*s/%s", n ? n : 1, n ? p : ".", argv[i]);
			struct stat st;
			if (stat(buf, &st) == 0 && S_ISREG(st.st_mode))
				found = 1;
			p = end ? end + 1 : NULL;
		}
		if (found)
			printf("%s is %s\n", argv[i], buf);
		else {
			printf("%s: not found\n", argv[i]);
			status = 1;
		}
	}
	return status;
}

static int b_help(int argc, char **argv);

static const struct builtin {
	const char *name;
	builtin_fn fn;
	int special;
	const char *help;
} builtins[] = {
	{ ":",        b_true,     1, "do nothing, successfully" },
	{ ".",        b_source,   1, ". FILE: run FILE's commands in this shell" },
	{ "bg",       b_bg,       0, "bg [%N]: continue a stopped job in the background" },
	{ "break",    b_break,    1, "break [N]: leave N loops" },
	{ "cd",       b_cd,       0, "cd [DIR|-]: change directory (default $HOME)" },
	{ "continue", b_continue, 1, "continue [N]: next iteration of the Nth loop" },
	{ "echo",     b_echo,     0, "echo [-n] [-e] ARGS: print the arguments" },
	{ "eval",     b_eval,     1, "eval ARGS: run the arguments as a command" },
	{ "exec",     b_exec,     1, "exec [CMD ARGS]: replace the shell with CMD, or keep redirections" },
	{ "exit",     b_exit,     1, "exit [N]: leave the shell" },
	{ "export",   b_export,   1, "export [NAME[=VALUE]...]: pass variables to commands" },
	{ "false",    b_false,    0, "fail" },
	{ "fg",       b_fg,       0, "fg [%N]: bring a job to the foreground" },
	{ "help",     b_help,     0, "help: this list" },
	{ "jobs",     b_jobs,     0, "jobs: list background and stopped jobs" },
	{ "pwd",      b_pwd,      0, "pwd: print the current directory" },
	{ "read",     b_read,     0, "read [-r] NAME...: read a line into variables" },
	{ "set",      b_set,      1, "set [-ex] [-- ARGS]: options, positional parameters, or list variables" },
	{ "shift",    b_shift,    1, "shift [N]: drop positional parameters" },
	{ "source",   b_source,   1, "source FILE: as ." },
	{ "test",     b_test,     0, "test EXPR: evaluate a condition (also [ EXPR ])" },
	{ "[",        b_test,     0, NULL },
	{ "true",     b_true,     0, "succeed" },
	{ "type",     b_type,     0, "type NAME...: how a name would be run" },
	{ "unset",    b_unset,    1, "unset NAME...: remove variables" },
	{ "wait",     b_wait,     0, "wait [PID]: wait for background jobs" },
};
#define NBUILTINS (sizeof(builtins) / sizeof(builtins[0]))

static int b_help(int argc, char **argv)
{
	printf("MX sh builtins:\n");
	for (size_t i = 0; i < NBUILTINS; i++)
		if (builtins[i].help)
			printf("  %-9s %s\n", builtins[i].name, builtins[i].help);
	printf("Also: pipes |, && ||, ;, &, redirections < > >> 2> 2>&1 <<, $VAR ${VAR:-x} $(cmd) $((expr)),\n"
	       "globs * ? [..], if/while/until/for, ( ) and { }.  Commands are found in $PATH (/bin).\n");
	return 0;
}

builtin_fn builtin_find(const char *name)
{
	for (size_t i = 0; i < NBUILTINS; i++)
		if (strcmp(builtins[i].name, name) == 0)
			return builtins[i].fn;
	return NULL;
}

int builtin_special(const char *name)
{
	for (size_t i = 0; i < NBUILTINS; i++)
		if (strcmp(builtins[i].name, name) == 0)
			return builtins[i].special;
	return 0;
}

/*
 * ptest_shell: /bin/sh and the utilities, run as a user would: commands,
 * quoting, variables, pipes, redirections, exit statuses, && and ||,
 * control flow, command substitution, here-documents, globs, background
 * jobs, scripts, and the output of echo, cat, ls, mkdir, rm, kill and ps.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include "../include/ptest.h"

#define D "/tmp/ptest_shell"

/* Run sh -c script; its standard output and error (together) and wait status. */
static int sh(const char *script, char *out, size_t room, int *status)
{
	int p[2];
	if (pipe(p) < 0)
		return -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		dup2(p[1], 2);
		close(p[0]);
		close(p[1]);
		chdir(D);
		execl("/bin/sh", "sh", "-c", script, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	size_t len = 0;
	ssize_t n;
	while ((n = read(p[0], out + len, room - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = 0;
	close(p[0]);
	*status = ptest_wait(pid);
	return 0;
}

/* The script must print exactly want and exit with code. */
#define EXPECT(script, want, code) do { \
	char out_[1024]; \
	int st_; \
	CHECK(sh(script, out_, sizeof(out_), &st_) == 0, "cannot start sh"); \
	CHECK(strcmp(out_, want) == 0, "'%s' printed '%s', want '%s'", script, out_, want); \
	CHECK(WIFEXITED(st_) && WEXITSTATUS(st_) == (code), "'%s': %s, want exit %d", script, ptest_status(st_), code); \
} while (0)

static int t_basics(void)
{
	EXPECT("echo hello world", "hello world\n", 0);
	EXPECT("echo -n no newline", "no newline", 0);
	EXPECT("/bin/echo external", "external\n", 0);
	EXPECT("true", "", 0);
	EXPECT("false", "", 1);
	EXPECT("exit 7", "", 7);
	EXPECT("nosuchcommand", "sh: nosuchcommand: not found\n", 127);
	EXPECT("echo a; echo b", "a\nb\n", 0);
	EXPECT("# a comment\necho after", "after\n", 0);
	return 0;
}

static int t_quoting(void)
{
	EXPECT("echo 'single $HOME' \"double\" back\\ slash", "single $HOME double back slash\n", 0);
	EXPECT("x=val; echo \"[$x]\" '[$x]' [$x]", "[val] [$x] [val]\n", 0);
	EXPECT("echo \"a\\\"b\" 'c\"d'", "a\"b c\"d\n", 0);
	EXPECT("x='a   b'; echo $x; echo \"$x\"", "a b\na   b\n", 0);
	EXPECT("echo ''; echo \"\" | cat", "\n\n", 0);
	return 0;
}

static int t_variables(void)
{
	EXPECT("a=1 b=2; echo $a$b ${a}x ${undef:-dflt} ${a:+set} ${#b}", "12 1x dflt set 1\n", 0);
	EXPECT("false; echo $?; true; echo $?", "1\n0\n", 0);
	EXPECT("set -- x y 'z w'; echo $# $1 $3; for a in \"$@\"; do echo \"<$a>\"; done", "3 x z w\n<x>\n<y>\n<z w>\n", 0);
	EXPECT("export PTV=exported; sh -c 'echo $PTV'", "exported\n", 0);
	EXPECT("PTV2=temp sh -c 'echo $PTV2'; echo \"[$PTV2]\"", "temp\n[]\n", 0);
	EXPECT("echo $((1 + 2 * 3)) $((7 / 2)) $((7 % 2)) $(( (1+2) * 3 ))", "7 3 1 9\n", 0);
	EXPECT("i=0; i=$((i+1)); echo $i", "1\n", 0);
	return 0;
}

static int t_pipes(void)
{
	EXPECT("echo piped | cat", "piped\n", 0);
	EXPECT("echo three stages | cat | cat", "three stages\n", 0);
	EXPECT("echo x | false", "", 1);
	EXPECT("false | true", "", 0);
	EXPECT("! true", "", 1);
	return 0;
}

static int t_redirections(void)
{
	EXPECT("echo one > f1; echo two >> f1; cat f1", "one\ntwo\n", 0);
	EXPECT("cat < f1", "one\ntwo\n", 0);
	EXPECT("echo err >&2", "err\n", 0);
	EXPECT("cat /nonexistent 2>/dev/null; echo $?", "1\n", 0);
	EXPECT("(echo out; echo err >&2) > f2 2>&1; cat f2", "out\nerr\n", 0);
	EXPECT("cat < /nonexistent", "sh: /nonexistent: no such file or directory\n", 1);
	EXPECT("echo data > f3; exec 3< f3; cat <&3", "data\n", 0);
	EXPECT("cat <<EOF\nhere $((2+2))\nEOF", "here 4\n", 0);
	EXPECT("cat <<'EOF'\nnot $expanded\nEOF", "not $expanded\n", 0);
	return 0;
}

static int t_and_or(void)
{
	EXPECT("true && echo yes", "yes\n", 0);
	EXPECT("false && echo yes", "", 1);
	EXPECT("false || echo no", "no\n", 0);
	EXPECT("true || echo no", "", 0);
	EXPECT("false && echo a || echo b", "b\n", 0);
	return 0;
}

static int t_control(void)
{
	EXPECT("if true; then echo t; else echo f; fi", "t\n", 0);
	EXPECT("if false; then echo t; elif true; then echo e; else echo f; fi", "e\n", 0);
	EXPECT("for i in 1 2 3; do echo $i; done", "1\n2\n3\n", 0);
	EXPECT("i=0; while [ $i -lt 3 ]; do i=$((i+1)); echo $i; done", "1\n2\n3\n", 0);
	EXPECT("i=0; until [ $i = 2 ]; do i=$((i+1)); done; echo $i", "2\n", 0);
	EXPECT("for i in 1 2 3 4; do [ $i = 3 ] && break; echo $i; done", "1\n2\n", 0);
	EXPECT("for i in 1 2 3; do [ $i = 2 ] && continue; echo $i; done", "1\n3\n", 0);
	EXPECT("{ echo g1; echo g2; } | cat", "g1\ng2\n", 0);
	EXPECT("(exit 4); echo $?", "4\n", 0);
	EXPECT("x=out; (x=in); echo $x", "out\n", 0);
	EXPECT("[ -d /bin ] && [ -f /bin/sh ] && [ ! -e /nope ] && test abc = abc && echo ok", "ok\n", 0);
	return 0;
}

static int t_substitution(void)
{
	EXPECT("echo \"$(echo inner)\" `echo back`", "inner back\n", 0);
	EXPECT("x=$(echo a; echo b); echo \"$x\"", "a\nb\n", 0);
	EXPECT("echo $(echo $(echo nested))", "nested\n", 0);
	return 0;
}

static int t_globs(void)
{
	EXPECT("mkdir g; echo a > g/x1; echo b > g/x2; echo c > g/y1; echo g/x*", "g/x1 g/x2\n", 0);
	EXPECT("echo g/?1", "g/x1 g/y1\n", 0);
	EXPECT("echo g/[xy]2 'g/x*' g/none*", "g/x2 g/x* g/none*\n", 0);
	return 0;
}

static int t_background(void)
{
	EXPECT("sleep 1 & echo started; wait; echo done", "started\ndone\n", 0);
	EXPECT("(exit 3) & wait $!; echo $?", "3\n", 0);
	return 0;
}

static int t_script(void)
{
	int fd = open(D "/script.sh", O_WRONLY | O_CREAT | O_TRUNC, 0755);
	CHECK_SYS(fd);
	const char *s = "echo script $1 $#\nif [ \"$1\" = x ]; then\n  exit 5\nfi\necho not reached\n";
	write(fd, s, strlen(s));
	close(fd);
	EXPECT("sh script.sh x y", "script x 2\n", 5);
	EXPECT("sh -c 'echo $0 $1' name arg", "name arg\n", 0);
	EXPECT("./script.sh x", "script x 1\n", 5);
	return 0;
}

static int t_utilities(void)
{
	EXPECT("echo one > u1; echo two > u2; cat u1 u2", "one\ntwo\n", 0);
	EXPECT("mkdir -p deep/a/b && ls deep/a && rm -r deep && ls deep", "b\nls: deep: no such file or directory\n", 1);
	EXPECT("mkdir dd; mkdir dd", "mkdir: dd: file exists\n", 1);
	EXPECT("rm nothere", "rm: nothere: no such file or directory\n", 1);
	EXPECT("rm -f nothere; echo $?", "0\n", 0);
	EXPECT("ls /bin > bins; cat bins | while read n; do [ $n = sh ] && echo found; done; true", "found\n", 0);
	char out[256];
	int st;
	CHECK(sh("echo x > lf; ls -l lf", out, sizeof(out), &st) == 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0, "ls -l failed");
	CHECK(strncmp(out, "-rw", 3) == 0 && strstr(out, " root root        2 ") && strstr(out, " lf\n"), "ls -l: '%s'", out);
	EXPECT("sleep 30 & kill $!; wait $!; echo $?", "143\n", 0);
	EXPECT("kill -s TERM 99999", "kill: 99999: no such process\n", 1);
	EXPECT("pwd", D "\n", 0);
	EXPECT("echo hello > c1; cp c1 c2; mv c2 c3; cat c3; ls c2", "hello\nls: c2: no such file or directory\n", 1);
	EXPECT("echo -e 'a b\\nc d e' | wc", "      2       5      10\n", 0);
	EXPECT("echo -e '1\\n2\\n3' | head -n 2", "1\n2\n", 0);
	EXPECT("echo -e 'one\\ntwo\\nthree' | grep -n t", "2:two\n3:three\n", 0);
	EXPECT("ps | grep -c ' ps$'", "1\n", 0);
	EXPECT("env -i A=1 env", "A=1\n", 0);
	EXPECT("touch t1; [ -f t1 ] && echo made", "made\n", 0);
	return 0;
}

/* ps lists itself and init, with the IPC states every tool uses. */
static int t_ps(void)
{
	char out[4096];
	int st;
	CHECK(sh("ps", out, sizeof(out), &st) == 0, "cannot run ps");
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "ps: %s", ptest_status(st));
	CHECK(strncmp(out, "  PID  PPID    EP STATE", 23) == 0, "ps header: %.60s", out);
	char *init = strstr(out, "\n    1     0 ");
	CHECK(init, "no line for init (pid 1):\n%s", out);
	CHECK(strstr(init, "REPLY-WAIT<-pm") || strstr(init, "RECV"), "init is not waiting in PM: %.70s", init + 1);
	CHECK(strstr(out, " ps\n"), "ps does not list itself");
	CHECK(strstr(out, "RECV<-ANY") && strstr(out, " vfs\n") && strstr(out, " pm\n"), "servers missing:\n%s", out);
	CHECK(sh("ps -l", out, sizeof(out), &st) == 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0, "ps -l failed");
	CHECK(strstr(out, "FLAGS"), "ps -l has no FLAGS column");
	return 0;
}

static const struct ptest tests[] = {
	{ "basics", t_basics },
	{ "quoting", t_quoting },
	{ "variables", t_variables },
	{ "pipes", t_pipes },
	{ "redirections", t_redirections },
	{ "and_or", t_and_or },
	{ "control", t_control },
	{ "substitution", t_substitution },
	{ "globs", t_globs },
	{ "background", t_background },
	{ "script", t_script },
	{ "utilities", t_utilities },
	{ "ps", t_ps },
};

int main(void)
{
	mkdir(D, 0755);
	int r = ptest_main("shell", tests, PTEST_COUNT(tests));
	int st;
	char out[64];
	sh("cd /; rm -r " D, out, sizeof(out), &st);
	return r;
}

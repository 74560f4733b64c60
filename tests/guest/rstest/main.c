/*
 * rstest: RS, DS and IS seen from a user process on the full system.
 * A driver (memory) and a server (countd) are killed and made to fault
 * while this process uses them; RS must bring each back and the next
 * request must succeed.  Run by init: `init -p rstest`.
 * Report lines: TEST rs.<name> PASS|FAIL <why>, SUITE rs DONE pass=N fail=M.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <mxsys.h>
#include <mx/callnr.h>
#include <mx/rs.h>
#include <mx/ds.h>
#include <mx/pm.h>
#include <mx/dump.h>
#include <mx/tables.h>

#define COUNT_INC   (MX_TEST_BASE + 0x40)
#define COUNT_CRASH (MX_TEST_BASE + 0x42)
#define COUNT_HANG  (MX_TEST_BASE + 0x43)
#define COUNT_SUB   (MX_TEST_BASE + 0x44)
#define COUNT_NOTE  (MX_TEST_BASE + 0x45)

static char why[200];
#define CHECK(c, ...) do { if (!(c)) { snprintf(why, sizeof(why), __VA_ARGS__); return -1; } } while (0)

static int call(mx_endpoint_t to, int type, mx_message *m)
{
	m->m_type = type;
	int r = mx_sendrec(to, m);
	return r < 0 ? r : m->m_type;
}

static mx_endpoint_t lookup(const char *label)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	strncpy(MX_BODY(&m, struct rs_req)->label, label, 15);
	return call(MX_RS, MX_RS_LOOKUP, &m) == 0 ? MX_BODY(&m, struct rs_req)->ep : MX_NONE;
}

/* Wait (<= 10 s) until label runs under an endpoint other than old. */
static mx_endpoint_t back_again(const char *label, mx_endpoint_t old)
{
	for (int i = 0; i < 200; i++) {
		mx_endpoint_t ep = lookup(label);
		if (ep != MX_NONE && ep != old)
			return ep;
		usleep(50000);
	}
	return MX_NONE;
}

static int pid_of(mx_endpoint_t ep)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	MX_BODY(&m, struct pm_getepinfo)->ep = ep;
	return call(MX_PM, MX_PM_GETEPINFO, &m);
}

static int services(mx_rs_ent *e, int max)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	MX_BODY(&m, struct rs_req)->arg = (uint32_t)e;
	MX_BODY(&m, struct rs_req)->len = (uint32_t)(max * (int)sizeof(*e));
	return call(MX_RS, MX_RS_LIST, &m);
}

static int restarts_of(const char *label)
{
	static mx_rs_ent e[32];
	int n = services(e, 32);
	for (int i = 0; i < n; i++)
		if (strcmp(e[i].label, label) == 0)
			return (int)e[i].restarts;
	return -1;
}

/* Run a command; its exit status, and its output (stdout and stderr) in out. */
static int run(char *out, size_t len, char *const argv[])
{
	int p[2];
	if (pipe(p) < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		dup2(p[1], 2);
		close(p[0]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	size_t n = 0;
	ssize_t k;
	while (n + 1 < len && (k = read(p[0], out + n, len - 1 - n)) > 0)
		n += (size_t)k;
	out[n] = 0;
	close(p[0]);
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int count_inc(mx_endpoint_t ep)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	return call(ep, COUNT_INC, &m);
}

/* ---- tests --------------------------------------------------------------------- */
static mx_endpoint_t countd;

static int t_boot_services(void)
{
	static mx_rs_ent e[32];
	int n = services(e, 32), up = 0;
	CHECK(n >= 9, "%d services listed", n);
	for (int i = 0; i < n; i++)
		up += (e[i].flags & MX_RSF_UP) != 0;
	CHECK(up == n, "%d of %d services up", up, n);
	char out[2048];
	char *argv[] = { "/bin/service", "list", NULL };
	CHECK(run(out, sizeof(out), argv) == 0, "service list failed: %s", out);
	CHECK(strstr(out, "memory") && strstr(out, "vfs") && strstr(out, "up boot"), "service list: %s", out);
	return 0;
}

static int t_service_up(void)
{
	char out[512];
	char *argv[] = { "/bin/service", "up", "/bin/countd", NULL };
	CHECK(run(out, sizeof(out), argv) == 0, "service up countd: %s", out);
	countd = back_again("countd", MX_NONE);
	CHECK(countd != MX_NONE, "countd never came up");
	for (int i = 1; i <= 3; i++)
		CHECK(count_inc(countd) == i, "increment %d", i);
	CHECK(run(out, sizeof(out), argv) == 1 && strstr(out, "exists"), "a second service up: %s", out);
	return 0;
}

static int t_server_fault(void)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	int r = call(countd, COUNT_CRASH, &m);
	CHECK(r == -MX_EDEADSRCDST, "the request to a crashing server: %s", mx_strerror(r));
	mx_endpoint_t ep = back_again("countd", countd);
	CHECK(ep != MX_NONE, "countd not restarted after its page fault");
	countd = ep;
	r = count_inc(countd);
	CHECK(r == 4, "next increment %d: the state was not recovered from DS", r);
	CHECK(restarts_of("countd") == 1, "restart count %d", restarts_of("countd"));
	return 0;
}

static int t_server_killed(void)
{
	int pid = pid_of(countd);
	CHECK(pid > 0, "no pid for countd");
	CHECK(kill(pid, SIGKILL) == 0, "kill -9 countd: %s", strerror(errno));
	mx_endpoint_t ep = back_again("countd", countd);
	CHECK(ep != MX_NONE, "countd not restarted after kill -9");
	countd = ep;
	CHECK(count_inc(countd) == 5, "next increment");
	return 0;
}

static int t_server_hung(void)
{
	/* It stops answering (heartbeats too): RS notices and restarts it. */
	mx_message m;
	memset(&m, 0, sizeof(m));
	m.m_type = COUNT_HANG;
	CHECK(mx_send(countd, &m) == 0, "send the hang request");
	mx_endpoint_t ep = back_again("countd", countd);
	CHECK(ep != MX_NONE, "a hung countd was not restarted");
	countd = ep;
	CHECK(count_inc(countd) == 6, "next increment");
	return 0;
}

static int read_zero(int fd)
{
	char b[64];
	memset(b, 1, sizeof(b));
	return read(fd, b, sizeof(b)) == (ssize_t)sizeof(b) && b[0] == 0 && b[63] == 0 ? 0 : -1;
}

/* The memory driver serves /dev/zero and the root file system's disk. */
static int driver_comes_back(int sig, const char *how)
{
	int fd = open("/dev/zero", O_RDONLY);
	CHECK(fd >= 0, "open /dev/zero");
	CHECK(read_zero(fd) == 0, "read before");
	mx_endpoint_t old = lookup("memory");
	int before = restarts_of("memory");
	CHECK(kill(pid_of(old), sig) == 0, "%s the memory driver: %s", how, strerror(errno));
	mx_endpoint_t ep = back_again("memory", old);
	CHECK(ep != MX_NONE, "memory driver not restarted after %s", how);
	CHECK(restarts_of("memory") == before + 1, "restart count %d, was %d", restarts_of("memory"), before);
	int ok = -1;
	for (int i = 0; i < 20 && ok < 0; i++)
		ok = read_zero(fd);
	CHECK(ok == 0, "/dev/zero does not work after the restart");
	close(fd);
	/* The file system's disk is on it too. */
	FILE *f = fopen("/etc/system.conf", "r");
	char line[64];
	CHECK(f && fgets(line, sizeof(line), f), "reading a file after the restart");
	fclose(f);
	return 0;
}

static int t_driver_killed(void) { return driver_comes_back(SIGKILL, "kill -9"); }
static int t_driver_fault(void) { return driver_comes_back(SIGSEGV, "a SIGSEGV (fault) in"); }

static int t_service_restart(void)
{
	char out[512];
	char *argv[] = { "/bin/service", "restart", "countd", NULL };
	mx_endpoint_t old = countd;
	CHECK(run(out, sizeof(out), argv) == 0, "service restart: %s", out);
	countd = back_again("countd", old);
	CHECK(countd != MX_NONE, "countd not back");
	CHECK(count_inc(countd) == 7, "state after service restart");
	char *bad[] = { "/bin/service", "restart", "vm", NULL };
	CHECK(run(out, sizeof(out), bad) == 1 && strstr(out, "not permitted"), "restarting VM must be refused: %s", out);
	return 0;
}

static int t_ds_pubsub(void)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	strcpy((char *)m.m_u.raw, "rstest.*");
	CHECK(call(countd, COUNT_SUB, &m) == 0, "subscribe");
	CHECK(ds_publish_u32("rstest.a", 41) == 0, "publish");
	uint32_t v = 0;
	CHECK(ds_retrieve_u32("rstest.a", &v) == 0 && v == 41, "retrieve %u", v);
	CHECK(ds_publish_str("rstest.s", "hello") == 0, "publish a string");
	char s[32];
	CHECK(ds_retrieve_str("rstest.s", s, sizeof(s)) == 0 && strcmp(s, "hello") == 0, "string '%s'", s);
	memset(&m, 0, sizeof(m));
	int r = call(countd, COUNT_NOTE, &m);
	CHECK(r == 41, "the subscriber's notification: %d", r);
	CHECK(ds_retrieve_u32("no.such.key", &v) == -MX_ESRCH, "absent key");
	CHECK(ds_publish_u32("ep.countd", 1) == -MX_EPERM, "overwriting another process's key");
	CHECK(ds_delete("rstest.a") == 0 && ds_retrieve_u32("rstest.a", &v) == -MX_ESRCH, "delete");
	return 0;
}

static int t_unprivileged(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		mx_message m;
		memset(&m, 0, sizeof(m));
		MX_BODY(&m, struct pm_setuid)->uid = 100;
		call(MX_PM, MX_PM_SETUID, &m);
		memset(&m, 0, sizeof(m));
		strcpy(MX_BODY(&m, struct rs_req)->label, "countd");
		int r = call(MX_RS, MX_RS_DOWN, &m);
		int k = kill(pid_of(lookup("memory")), SIGKILL);
		_exit(r == -MX_EPERM && k < 0 && errno == EPERM ? 0 : 1);
	}
	int st;
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "an unprivileged user could change a service");
	CHECK(lookup("countd") == countd, "countd changed");
	return 0;
}

static int t_bad_config(void)
{
	FILE *f = fopen("/tmp/bad.conf", "w");
	CHECK(f != NULL, "write the file");
	fputs("service countd {\n\tipc USER;\n\tsystem NOSUCHCALL;\n};\n", f);
	fclose(f);
	char out[512];
	char *argv[] = { "/bin/service", "up", "/bin/countd", "-label", "count2", "-config", "/tmp/bad.conf", NULL };
	char *argv2[] = { "/bin/service", "up", "/bin/countd", "-label", "countd", "-config", "/tmp/bad.conf", NULL };
	CHECK(run(out, sizeof(out), argv2) == 1 && strstr(out, "/tmp/bad.conf:3:") && strstr(out, "NOSUCHCALL"),
	      "a bad line is reported with its line: %s", out);
	(void)argv;
	return 0;
}

static int t_service_down(void)
{
	char out[512];
	char *argv[] = { "/bin/service", "down", "countd", NULL };
	CHECK(run(out, sizeof(out), argv) == 0, "service down: %s", out);
	CHECK(lookup("countd") == MX_NONE, "countd still there");
	usleep(300000);
	CHECK(lookup("countd") == MX_NONE, "countd came back after service down");
	return 0;
}

static int t_is_dumps(void)
{
	static char buf[32768];
	static const char *const heads[] = { "", "Kernel process table", "Process memory map",
		"Privileges and send masks", "IRQ hooks", "IPC statistics", "Trace ring status",
		"PM process table", "VFS processes", "VFS device map", "RS services", "DS entries", "VM regions" };
	for (int key = 1; key <= 12; key++) {
		mx_message m;
		memset(&m, 0, sizeof(m));
		struct is_dump_req *q = MX_BODY(&m, struct is_dump_req);
		q->key = (uint32_t)key;
		q->buf = (uint32_t)buf;
		q->len = sizeof(buf) - 1;
		int n = call(MX_IS, MX_IS_DUMP, &m);
		CHECK(n > 0, "dump %d: %s", key, mx_strerror(n));
		buf[n] = 0;
		CHECK(strstr(buf, heads[key]) != NULL, "dump %d lacks its heading '%s'", key, heads[key]);
		if (key == 1 || key == 7)
			CHECK(strstr(buf, "vfs") && strstr(buf, "memory") && strstr(buf, "init"), "dump %d lacks the boot processes", key);
	}
	mx_message m;
	memset(&m, 0, sizeof(m));
	MX_BODY(&m, struct is_dump_req)->key = 99;
	CHECK(call(MX_IS, MX_IS_DUMP, &m) == -MX_EINVAL, "an unknown dump key");
	char out[4096];
	char *argv[] = { "/bin/dump", "rs", NULL };
	CHECK(run(out, sizeof(out), argv) == 0 && strstr(out, "RS services") && strstr(out, "memory"), "dump rs: %s", out);
	return 0;
}

struct test { const char *name; int (*fn)(void); };
static const struct test tests[] = {
	{ "boot_services", t_boot_services }, { "service_up", t_service_up },
	{ "server_fault", t_server_fault }, { "server_killed", t_server_killed },
	{ "server_hung", t_server_hung }, { "driver_killed", t_driver_killed },
	{ "driver_fault", t_driver_fault }, { "service_restart", t_service_restart },
	{ "ds_pubsub", t_ds_pubsub }, { "unprivileged", t_unprivileged },
	{ "bad_config", t_bad_config }, { "is_dumps", t_is_dumps }, { "service_down", t_service_down },
};

int main(void)
{
	int pass = 0, fail = 0;
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		why[0] = 0;
		if (tests[i].fn() == 0) {
			printf("TEST rs.%s PASS\n", tests[i].name);
			pass++;
		} else {
			printf("TEST rs.%s FAIL %s\n", tests[i].name, why);
			fail++;
		}
	}
	printf("SUITE rs DONE pass=%d fail=%d\n", pass, fail);
	return fail ? 1 : 0;
}

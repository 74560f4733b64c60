/*
 * ptest_garbage: every server's answer to garbage from an unprivileged
 * process.  PM, VFS and VM get unknown request types, known types with bad
 * pointers and absurd values, requests meant for other servers, requests
 * only PM or VFS may make, and random messages; the file system, TTY and
 * memory driver (which users may not call) must be refused by the kernel.
 * Each answer must be an error, never a hang (each batch runs in a child
 * with a deadline) and every server must keep serving afterwards.
 */
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <termios.h>
#include <mxlib.h>
#include <mx/vm.h>
#include <mx/vfs.h>
#include <mx/kcall.h>
#include "mxsys.h"
#include "../include/ptest.h"

#define KADDR 0xc0001000u              /* kernel memory: never the caller's */
#define DEADLINE 5                     /* seconds a batch may take */

static int report_fd = -1;             /* the batch child's progress, for "hung at ..." */

/* Liveness of each server, through ordinary calls. */
static const char *alive(void)
{
	static char why[96];
	struct stat st;
	if (getpid() <= 1)
		return "PM: getpid failed";
	if (stat("/", &st) < 0 || !S_ISDIR(st.st_mode))
		return "VFS: stat / failed";
	int fd = open("/bin/sh", O_RDONLY);
	char elf[4] = { 0 };
	if (fd < 0 || read(fd, elf, 4) != 4 || memcmp(elf, "\177ELF", 4) != 0) {
		snprintf(why, sizeof(why), "FS: reading /bin/sh failed: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return why;
	}
	close(fd);
	fd = open("/dev/zero", O_RDONLY);
	if (fd < 0 || read(fd, elf, 4) != 4 || elf[0] != 0) {
		if (fd >= 0)
			close(fd);
		return "memory driver: /dev/zero failed";
	}
	close(fd);
	fd = open("/dev/console", O_WRONLY | O_NOCTTY);
	struct termios t;
	if (fd < 0 || tcgetattr(fd, &t) < 0) {
		if (fd >= 0)
			close(fd);
		return "TTY: tcgetattr on /dev/console failed";
	}
	close(fd);
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
	if (p == MAP_FAILED || sbrk(0) == (void *)-1)
		return "VM: mmap or brk failed";
	*(int *)p = 1;
	munmap(p, 4096);
	return NULL;
}

static void progress(const char *what, int type)
{
	if (report_fd >= 0)
		dprintf(report_fd, "%s, type %#x\n", what, type);
}

/* A request that should have failed succeeded: say which (the parent collects these). */
static void accepted(const char *what, int type, int result)
{
	if (report_fd >= 0)
		dprintf(report_fd, "!%s type %#x answered %d\n", what, type, result);
}

/* One request; the result as the caller sees it (m_type, or the IPC error). */
static int ask(mx_endpoint_t who, const char *name, int type, const uint32_t *body)
{
	mx_message m;
	memset(&m, 0, sizeof(m));
	if (body)
		memcpy(m.m_u.raw, body, MX_BODY_SIZE);
	m.m_type = type;
	progress(name, type);
	int r = mx_sendrec(who, &m);
	r = r < 0 ? r : m.m_type;
	if (r >= 0)
		accepted(name, type, r);
	return r;
}

/*
 * Run fn in a child with a deadline.  Returns 0 if it exited 0; otherwise
 * fills ptest_why with its status and the last request it had sent.
 */
static int batch(int (*fn)(void), const char *what)
{
	int p[2];
	if (pipe(p) < 0)
		return -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		report_fd = p[1];
		alarm(DEADLINE);
		_exit(fn());
	}
	close(p[1]);
	char buf[4096], last[128] = "nothing", ok[160] = "";
	size_t len = 0;
	ssize_t n;
	while ((n = read(p[0], buf + len, sizeof(buf) - 1 - len)) > 0) {
		len += (size_t)n;
		buf[len] = 0;
		char *s = buf, *nl;
		while ((nl = strchr(s, '\n'))) {
			*nl = 0;
			if (*s == '!') {
				size_t k = strlen(ok);
				if (k + 4 < sizeof(ok))
					snprintf(ok + k, sizeof(ok) - k, "%s%s", k ? "; " : "", s + 1);
			} else {
				snprintf(last, sizeof(last), "%s", s);
			}
			s = nl + 1;
		}
		len = strlen(s);
		memmove(buf, s, len + 1);
	}
	close(p[0]);
	int st = ptest_wait(pid);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM)
		snprintf(ptest_why, sizeof(ptest_why), "%s: no answer within %d s, last request: %s", what, DEADLINE, last);
	else if (WIFEXITED(st))
		snprintf(ptest_why, sizeof(ptest_why), "%s: %d requests succeeded: %s",
			 what, WEXITSTATUS(st), ok);
	else
		snprintf(ptest_why, sizeof(ptest_why), "%s: the caller %s, last request: %s", what, ptest_status(st), last);
	return -1;
}

struct server { const char *name; mx_endpoint_t ep; int base; };
static const struct server users_may_call[] = {
	{ "PM", MX_PM, MX_PM_BASE }, { "VFS", MX_VFS, MX_VFS_BASE }, { "VM", MX_VM, MX_VM_BASE },
};

/* Types no server defines, or defines for another server. */
static int foreign_types(const struct server *s, int *out)
{
	int n = 0;
	out[n++] = s->base + 0xff;
	out[n++] = s->base + 0x7e;
	out[n++] = 0;
	out[n++] = -1;
	out[n++] = 0x7fffffff;
	out[n++] = (int)0x80000000;
	out[n++] = MX_TEST_BASE + 0x77;
	out[n++] = MX_DEV_READ;
	out[n++] = MX_FS_LOOKUP;
	for (size_t k = 0; k < 3; k++)
		if (users_may_call[k].base != s->base)
			out[n++] = users_may_call[k].base + (users_may_call[k].base == MX_PM_BASE ? 0x05 : 0x00);
	return n;
}

static int unknown_batch(void)
{
	int bad = 0;
	uint32_t ones[MX_BODY_SIZE / 4], zeros[MX_BODY_SIZE / 4] = { 0 };
	memset(ones, 0xff, sizeof(ones));
	for (size_t k = 0; k < 3; k++) {
		const struct server *s = &users_may_call[k];
		int types[16];
		int n = foreign_types(s, types);
		for (int i = 0; i < n; i++) {
			if (ask(s->ep, s->name, types[i], zeros) >= 0)
				bad++;
			if (ask(s->ep, s->name, types[i], ones) >= 0)
				bad++;
		}
	}
	return bad;
}

static int t_unknown_types(void)
{
	if (batch(unknown_batch, "unknown request types"))
		return -1;
	const char *dead = alive();
	CHECK(!dead, "after unknown types: %s", dead);
	return 0;
}

/* A message typed as a notification, from a user: must not be taken for the kernel's. */
static mx_endpoint_t notify_target;

static int notify_batch(void)
{
	return ask(notify_target, "a notification", MX_NOTIFY_MESSAGE, NULL) >= 0;
}

static int forged_notify(mx_endpoint_t ep, const char *name)
{
	char what[64];
	snprintf(what, sizeof(what), "%s: a user's message typed as a notification", name);
	notify_target = ep;
	if (batch(notify_batch, what))
		return -1;
	const char *dead = alive();
	CHECK(!dead, "after forged notifications: %s", dead);
	return 0;
}

static int t_forged_notify_pm(void) { return forged_notify(MX_PM, "PM"); }
static int t_forged_notify_vfs(void) { return forged_notify(MX_VFS, "VFS"); }
static int t_forged_notify_vm(void) { return forged_notify(MX_VM, "VM"); }

/* Known requests with bad pointers and absurd values: each must fail. */
static int bad_args_batch(void)
{
	int bad = 0, fd = open("/tmp/ptest_garbage.f", O_RDWR | O_CREAT | O_TRUNC, 0644);
	int dir = open("/", O_RDONLY | O_DIRECTORY);
	if (fd < 0 || dir < 0)
		return 100;
	char path[] = "/tmp";
#define EXPECT_FAIL(who, type, ...) do { \
	uint32_t b_[MX_BODY_SIZE / 4] = { __VA_ARGS__ }; \
	if (ask(who, #type, type, b_) >= 0) \
		bad++; \
} while (0)
	/* VFS */
	EXPECT_FAIL(MX_VFS, MX_VFS_READ, (uint32_t)-1, (uint32_t)path, 4);
	EXPECT_FAIL(MX_VFS, MX_VFS_READ, 9999, (uint32_t)path, 4);
	EXPECT_FAIL(MX_VFS, MX_VFS_WRITE, (uint32_t)fd, KADDR, 100);
	EXPECT_FAIL(MX_VFS, MX_VFS_WRITE, (uint32_t)fd, 0, 100);
	write(fd, "0123456789", 10);
	lseek(fd, 0, SEEK_SET);
	EXPECT_FAIL(MX_VFS, MX_VFS_READ, (uint32_t)fd, KADDR, 10);
	EXPECT_FAIL(MX_VFS, MX_VFS_READ, (uint32_t)fd, 0, 10);
	EXPECT_FAIL(MX_VFS, MX_VFS_OPEN, KADDR, 5, 0, 0);
	EXPECT_FAIL(MX_VFS, MX_VFS_OPEN, 0, 5, 0, 0);
	EXPECT_FAIL(MX_VFS, MX_VFS_OPEN, (uint32_t)path, 100000, 0, 0);
	EXPECT_FAIL(MX_VFS, MX_VFS_OPEN, (uint32_t)path, 0, 0, 0);
	EXPECT_FAIL(MX_VFS, MX_VFS_OPEN, (uint32_t)path, 4, 0xffffffffu, 0);
	EXPECT_FAIL(MX_VFS, MX_VFS_STAT, (uint32_t)path, 4, KADDR);
	EXPECT_FAIL(MX_VFS, MX_VFS_FSTAT, (uint32_t)fd, 0);
	EXPECT_FAIL(MX_VFS, MX_VFS_FSTAT, 31, (uint32_t)path);
	EXPECT_FAIL(MX_VFS, MX_VFS_GETDENTS, (uint32_t)dir, KADDR, 4096);
	EXPECT_FAIL(MX_VFS, MX_VFS_GETDENTS, (uint32_t)fd, (uint32_t)path, 4);
	EXPECT_FAIL(MX_VFS, MX_VFS_LSEEK, (uint32_t)fd, 0, 99);
	EXPECT_FAIL(MX_VFS, MX_VFS_LSEEK, (uint32_t)fd, (uint32_t)-100, MX_SEEK_SET);
	EXPECT_FAIL(MX_VFS, MX_VFS_DUP2, (uint32_t)fd, (uint32_t)-1);
	EXPECT_FAIL(MX_VFS, MX_VFS_DUP2, (uint32_t)fd, 1000);
	EXPECT_FAIL(MX_VFS, MX_VFS_FCNTL, (uint32_t)fd, 99, 0);
	EXPECT_FAIL(MX_VFS, MX_VFS_IOCTL, (uint32_t)fd, MX_TCGETS, (uint32_t)path);
	EXPECT_FAIL(MX_VFS, MX_VFS_IOCTL, (uint32_t)fd, 0xffffffffu, KADDR);
	EXPECT_FAIL(MX_VFS, MX_VFS_SELECT, 1000, 0, 0, 0, 0);
	EXPECT_FAIL(MX_VFS, MX_VFS_GETCWD, KADDR, 100);
	EXPECT_FAIL(MX_VFS, MX_VFS_GETCWD, (uint32_t)path, 0);
	EXPECT_FAIL(MX_VFS, MX_VFS_RENAME, KADDR, 4, (uint32_t)path, 4);
	EXPECT_FAIL(MX_VFS, MX_VFS_MKDIR, (uint32_t)path, 4, 0755);       /* exists */
	EXPECT_FAIL(MX_VFS, MX_VFS_CHDIR, KADDR, 10, 0);
	EXPECT_FAIL(MX_VFS, MX_VFS_PIPE, 0xffffffffu);
	EXPECT_FAIL(MX_VFS, MX_VFS_FTRUNCATE, (uint32_t)dir, 0);
	EXPECT_FAIL(MX_VFS, MX_VFS_MMAP_FILE, MX_PM, (uint32_t)fd, 0, 4096);
	/* only PM may ask these */
	EXPECT_FAIL(MX_VFS, MX_VFS_PM_FORK, MX_PM, MX_VM, 12345);
	EXPECT_FAIL(MX_VFS, MX_VFS_PM_EXIT, MX_PM);
	EXPECT_FAIL(MX_VFS, MX_VFS_PM_SETPID, MX_PM, 77);
	EXPECT_FAIL(MX_VFS, MX_VFS_PM_UNPAUSE, MX_PM);
	EXPECT_FAIL(MX_VFS, MX_VFS_PM_EXEC, MX_PM, (uint32_t)path, 4, 0, 0);
	EXPECT_FAIL(MX_VFS, MX_VFS_DEBUG_DEADLOCK, MX_DL_ROOT, (uint32_t)path, 4);
	/* PM */
	EXPECT_FAIL(MX_PM, MX_PM_KILL, (uint32_t)getpid(), 999);
	EXPECT_FAIL(MX_PM, MX_PM_KILL, 99999, SIGTERM);
	EXPECT_FAIL(MX_PM, MX_PM_SIGACTION, SIGUSR1, KADDR, 0, 0);
	EXPECT_FAIL(MX_PM, MX_PM_SIGACTION, 0, 0, 0, 0);
	EXPECT_FAIL(MX_PM, MX_PM_SIGACTION, 200, 0, 0, 0);
	EXPECT_FAIL(MX_PM, MX_PM_SIGPROCMASK, 99, 0);
	EXPECT_FAIL(MX_PM, MX_PM_GETPROCS, KADDR, 4096);
	EXPECT_FAIL(MX_PM, MX_PM_SIGRETURN, KADDR);
	EXPECT_FAIL(MX_PM, MX_PM_SIGRETURN, (uint32_t)path);
	EXPECT_FAIL(MX_PM, MX_PM_SIGRETURN, 0);
	EXPECT_FAIL(MX_PM, MX_PM_EXEC, KADDR, 10, (uint32_t)path, 16);
	EXPECT_FAIL(MX_PM, MX_PM_EXEC, (uint32_t)path, 4, KADDR, 16);
	EXPECT_FAIL(MX_PM, MX_PM_EXEC, (uint32_t)path, 100000, (uint32_t)path, 16);
	EXPECT_FAIL(MX_PM, MX_PM_EXEC, (uint32_t)path, 4, (uint32_t)path, 0x7fffffff);
	EXPECT_FAIL(MX_PM, MX_PM_REBOOT, 99, 0);
	EXPECT_FAIL(MX_PM, MX_PM_SETPGID, 99999, 0);
	EXPECT_FAIL(MX_PM, MX_PM_SETPGID, 0, (uint32_t)-5);
	EXPECT_FAIL(MX_PM, MX_PM_GETEPINFO, 0x3fffffff);
	EXPECT_FAIL(MX_PM, MX_PM_PTRACE, 99, (uint32_t)getpid(), 0, 0);
	EXPECT_FAIL(MX_PM, MX_PM_PTRACE, 3, 99999, 0, 0);
	/* only RS may ask these */
	EXPECT_FAIL(MX_PM, MX_PM_SRV_FORK, 0x67676767, 0x67676767, 0);
	EXPECT_FAIL(MX_PM, MX_PM_SRV_KILL, MX_VFS, SIGKILL);
	EXPECT_FAIL(MX_PM, MX_PM_SRV_KILL, MX_PM, SIGKILL);
	/* VM */
	EXPECT_FAIL(MX_VM, MX_VM_BRK, 0xfffff000u);
	EXPECT_FAIL(MX_VM, MX_VM_BRK, 0xc0000000u);
	EXPECT_FAIL(MX_VM, MX_VM_MMAP, 0, 0, 3, MX_MAP_PRIVATE | MX_MAP_ANON, MX_SELF);
	EXPECT_FAIL(MX_VM, MX_VM_MMAP, 0, 4096, 3, 0, MX_SELF);
	EXPECT_FAIL(MX_VM, MX_VM_MMAP, 0, 4096, 0xff, MX_MAP_PRIVATE | MX_MAP_ANON, MX_SELF);
	EXPECT_FAIL(MX_VM, MX_VM_MMAP, 0, 4096, 3, MX_MAP_PRIVATE | MX_MAP_ANON, MX_PM);    /* into another process */
	EXPECT_FAIL(MX_VM, MX_VM_MMAP, 0, 4096, 3, MX_MAP_SHARED | MX_MAP_FILE, MX_SELF, 1, 0);
	EXPECT_FAIL(MX_VM, MX_VM_MMAP, 0xc0000000u, 4096, 3, MX_MAP_PRIVATE | MX_MAP_ANON | MX_MAP_FIXED, MX_SELF);
	EXPECT_FAIL(MX_VM, MX_VM_MUNMAP, 0x1001, 4096);
	EXPECT_FAIL(MX_VM, MX_VM_MUNMAP, 0xfffff000u, 0x2000);
	EXPECT_FAIL(MX_VM, MX_VM_MPROTECT, 0x70000000u, 4096, 1);
	EXPECT_FAIL(MX_VM, MX_VM_SHM_CREATE, 1, 0xffffffffu);
	EXPECT_FAIL(MX_VM, MX_VM_MAP_PHYS, 0, 4096 * 16);
	EXPECT_FAIL(MX_VM, MX_VM_GETREGIONS, MX_PM, KADDR, 4096);
	/* only PM and VFS may ask these; aimed at the caller itself */
	mx_endpoint_t me = MX_NONE;
	struct mx_psinfo ps[64];
	int np = getprocs(ps, 64);
	for (int i = 0; i < np; i++)
		if (ps[i].pid == getpid())
			me = ps[i].ep;
	EXPECT_FAIL(MX_VM, MX_VM_FORK, (uint32_t)me, (uint32_t)me);
	EXPECT_FAIL(MX_VM, MX_VM_EXIT, (uint32_t)me);
	EXPECT_FAIL(MX_VM, MX_VM_EXEC_DONE, (uint32_t)me);
	EXPECT_FAIL(MX_VM, MX_VM_EXEC_NEW, (uint32_t)me, 1, 0x08048000u, 4096, 5, 0, 0, 0, 0, 0, 0, 65536);
	close(fd);
	close(dir);
	unlink("/tmp/ptest_garbage.f");
	return bad;
}

static int t_bad_arguments(void)
{
	if (batch(bad_args_batch, "known requests with bad arguments"))
		return -1;
	const char *dead = alive();
	CHECK(!dead, "after bad arguments: %s", dead);
	return 0;
}

/* Servers users may not call: the kernel refuses (ECALLDENIED), or they answer with an error. */
static int denied_batch(void)
{
	static const struct { const char *name; mx_endpoint_t ep; int type; } targets[] = {
		{ "FS", MX_FS, MX_FS_READWRITE }, { "FS", MX_FS, MX_FS_PUTNODE }, { "FS", MX_FS, 0x8ff },
		{ "TTY", MX_TTY, MX_DEV_WRITE }, { "TTY", MX_TTY, MX_DEV_IOCTL }, { "TTY", MX_TTY, 0x7ff },
		{ "memory", MX_MEM, MX_DEV_READ }, { "memory", MX_MEM, MX_DEV_OPEN }, { "memory", MX_MEM, 0 },
		{ "RS", MX_RS, MX_RS_DOWN }, { "DS", MX_DS, MX_DS_DELETE }, { "IS", MX_IS, MX_IS_DUMP },
	};
	uint32_t body[MX_BODY_SIZE / 4];
	memset(body, 0x41, sizeof(body));
	int bad = 0;
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		int r = ask(targets[i].ep, targets[i].name, targets[i].type, body);
		if (r >= 0)
			bad++;
	}
	return bad;
}

static int t_denied_servers(void)
{
	if (batch(denied_batch, "drivers and file system called directly"))
		return -1;
	const char *dead = alive();
	CHECK(!dead, "after direct calls: %s", dead);
	return 0;
}

static unsigned seed = 2024;

static uint32_t rnd(void)
{
	seed = seed * 1103515245 + 12345;
	return seed >> 8 ^ seed << 13;
}

/* Requests that would hurt the caller's surroundings, not test the server. */
static int excluded(int type)
{
	switch (type) {
	case MX_PM_EXIT: case MX_PM_FORK: case MX_PM_KILL: case MX_PM_REBOOT: case MX_PM_PAUSE:
	case MX_PM_SIGSUSPEND: case MX_PM_WAITPID: case MX_PM_EXEC: case MX_PM_PTRACE: case MX_PM_SLEEP:
	case MX_PM_SIGACTION: case MX_PM_ALARM: case MX_PM_SIGPROCMASK: case MX_PM_SRV_FORK: case MX_PM_SRV_KILL:
	case MX_PM_SETUID:
	case MX_VFS_SELECT: case MX_VFS_DEBUG_DEADLOCK: case MX_VFS_READ:
	case MX_VM_MUNMAP: case MX_VM_MPROTECT: case MX_VM_BRK: case MX_VM_MMAP:
	case MX_VM_EXIT: case MX_VM_FORK: case MX_VM_EXEC_NEW: case MX_VM_EXEC_DONE:
	case MX_VM_SHM_CREATE: case MX_VM_SHM_MAP:
		return 1;
	}
	return 0;
}

static int random_batch(void)
{
	static char scratch[256];
	for (int fd = 0; fd < MX_OPEN_MAX; fd++)
		if (fd != report_fd)
			close(fd);
	mkdir("/tmp/ptest_fuzz", 0755);
	chdir("/tmp/ptest_fuzz");
	for (int round = 0; round < 600; round++) {
		const struct server *s = &users_may_call[rnd() % 3];
		int type = s->base + (int)(rnd() % 0x30);
		if (excluded(type))
			continue;
		for (size_t i = 0; i < sizeof(scratch); i++)
			scratch[i] = (char)rnd();
		uint32_t body[MX_BODY_SIZE / 4];
		for (int w = 0; w < MX_BODY_SIZE / 4; w++) {
			switch (rnd() % 6) {
			case 0: body[w] = rnd() % 40; break;
			case 1: body[w] = (uint32_t)scratch + rnd() % 128; break;
			case 2: body[w] = KADDR; break;
			case 3: body[w] = 0xffffffffu; break;
			default: body[w] = rnd(); break;
			}
		}
		ask(s->ep, s->name, type, body);
	}
	return 0;
}

static int t_random(void)
{
	if (batch(random_batch, "random requests") && strstr(ptest_why, "no answer"))
		return -1;                             /* the caller hurting itself is allowed; a hang is not */
	const char *dead = alive();
	CHECK(!dead, "after random requests: %s", dead);
	return 0;
}

static const struct ptest tests[] = {
	{ "unknown_types", t_unknown_types },
	{ "forged_notify_pm", t_forged_notify_pm },
	{ "forged_notify_vfs", t_forged_notify_vfs },
	{ "forged_notify_vm", t_forged_notify_vm },
	{ "bad_arguments", t_bad_arguments },
	{ "denied_servers", t_denied_servers },
	{ "random", t_random },
};

int main(void)
{
	const char *dead = alive();
	if (dead) {
		printf("TEST posix.garbage.setup FAIL before any garbage: %s\n", dead);
		return 1;
	}
	return ptest_main("garbage", tests, PTEST_COUNT(tests));
}

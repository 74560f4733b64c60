/*
 * ptest_file: files and directories under /tmp: create, write, read, seek,
 * stat, append, truncate, exclusive create, unlink, rename, mkdir/rmdir,
 * directory listings, chdir/getcwd, dup and shared offsets, close-on-exec,
 * a file large enough for indirect blocks, and the errors POSIX names.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <termios.h>
#include "../include/ptest.h"

#define DIR_ "/tmp/ptest_file"

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	size_t n = strlen(s);
	int r = write(fd, s, n) == (ssize_t)n ? 0 : -1;
	close(fd);
	return r;
}

/* The file's contents (static buffer), or NULL. */
static const char *read_file(const char *path)
{
	static char buf[512];
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return NULL;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return NULL;
	buf[n] = 0;
	return buf;
}

static int t_create_rw(void)
{
	int fd = open(DIR_ "/a", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK_SYS(fd);
	CHECK(write(fd, "hello world", 11) == 11, "write: %s", strerror(errno));
	CHECK(lseek(fd, 0, SEEK_CUR) == 11, "position after write");
	CHECK(lseek(fd, 6, SEEK_SET) == 6, "lseek SET");
	char buf[16] = { 0 };
	CHECK(read(fd, buf, sizeof(buf)) == 5 && strcmp(buf, "world") == 0, "read after seek: '%s'", buf);
	CHECK(read(fd, buf, sizeof(buf)) == 0, "read at end of file");
	CHECK(lseek(fd, -5, SEEK_END) == 6, "lseek END");
	CHECK(write(fd, "WORLD", 5) == 5, "overwrite");
	CHECK(lseek(fd, 20, SEEK_SET) == 20, "seek past the end");
	CHECK(write(fd, "!", 1) == 1, "write past the end");
	struct stat st;
	CHECK_SYS(fstat(fd, &st));
	CHECK(S_ISREG(st.st_mode) && st.st_size == 21, "fstat: mode %o size %d", (unsigned)st.st_mode, (int)st.st_size);
	CHECK(lseek(fd, 11, SEEK_SET) == 11, "seek to the hole");
	CHECK(read(fd, buf, 9) == 9, "read the hole");
	for (int i = 0; i < 9; i++)
		CHECK(buf[i] == 0, "the hole is not zero at %d", i);
	CHECK_SYS(close(fd));
	CHECK(strncmp(read_file(DIR_ "/a"), "hello WORLD", 11) == 0, "contents after reopen");
	CHECK_ERR(lseek(fd, 0, SEEK_SET), EBADF);
	return 0;
}

static int t_stat(void)
{
	struct stat st;
	CHECK_SYS(write_file(DIR_ "/s", "12345"));
	CHECK_SYS(stat(DIR_ "/s", &st));
	CHECK(S_ISREG(st.st_mode) && st.st_size == 5 && st.st_nlink == 1, "file: mode %o size %d links %d",
	      (unsigned)st.st_mode, (int)st.st_size, (int)st.st_nlink);
	CHECK(st.st_mtime > 0, "no modification time");
	CHECK_SYS(stat(DIR_, &st));
	CHECK(S_ISDIR(st.st_mode), "directory mode %o", (unsigned)st.st_mode);
	CHECK_SYS(stat("/dev/null", &st));
	CHECK(S_ISCHR(st.st_mode), "/dev/null mode %o", (unsigned)st.st_mode);
	CHECK_ERR(stat(DIR_ "/missing", &st), ENOENT);
	CHECK_ERR(stat(DIR_ "/s/x", &st), ENOTDIR);
	CHECK_ERR(stat("", &st), ENOENT);
	return 0;
}

static int t_append_trunc(void)
{
	CHECK_SYS(write_file(DIR_ "/b", "one\n"));
	int fd = open(DIR_ "/b", O_WRONLY | O_APPEND);
	CHECK_SYS(fd);
	lseek(fd, 0, SEEK_SET);                 /* O_APPEND writes at the end anyway */
	CHECK(write(fd, "two\n", 4) == 4, "append");
	close(fd);
	CHECK(strcmp(read_file(DIR_ "/b"), "one\ntwo\n") == 0, "after append: '%s'", read_file(DIR_ "/b"));
	fd = open(DIR_ "/b", O_WRONLY | O_TRUNC);
	CHECK_SYS(fd);
	close(fd);
	CHECK(strcmp(read_file(DIR_ "/b"), "") == 0, "O_TRUNC left data");
	CHECK_SYS(write_file(DIR_ "/b", "0123456789"));
	fd = open(DIR_ "/b", O_RDWR);
	CHECK_SYS(ftruncate(fd, 4));
	close(fd);
	CHECK(strcmp(read_file(DIR_ "/b"), "0123") == 0, "ftruncate: '%s'", read_file(DIR_ "/b"));
	return 0;
}

static int t_excl_and_errors(void)
{
	CHECK_SYS(write_file(DIR_ "/e", "x"));
	CHECK_ERR(open(DIR_ "/e", O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST);
	CHECK_ERR(open(DIR_ "/nope", O_RDONLY), ENOENT);
	CHECK_ERR(open(DIR_ "/nodir/f", O_WRONLY | O_CREAT, 0644), ENOENT);
	CHECK_ERR(open(DIR_, O_WRONLY), EISDIR);
	CHECK_ERR(open(DIR_ "/e", O_RDONLY | O_DIRECTORY), ENOTDIR);
	int fd = open(DIR_ "/e", O_RDONLY);
	CHECK_SYS(fd);
	CHECK_ERR(write(fd, "x", 1), EBADF);
	close(fd);
	CHECK_ERR(close(fd), EBADF);
	CHECK_ERR(read(-1, &fd, 1), EBADF);
	CHECK_ERR(read(1000, &fd, 1), EBADF);
	char longname[300];
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	CHECK_ERR(open(longname, O_RDONLY), ENAMETOOLONG);
	return 0;
}

static int t_unlink(void)
{
	CHECK_SYS(write_file(DIR_ "/u", "gone soon"));
	int fd = open(DIR_ "/u", O_RDONLY);
	CHECK_SYS(fd);
	CHECK_SYS(unlink(DIR_ "/u"));
	CHECK_ERR(open(DIR_ "/u", O_RDONLY), ENOENT);
	char buf[16] = { 0 };
	CHECK(read(fd, buf, sizeof(buf)) == 9, "an open file outlives its name: read gave %s", buf);
	close(fd);
	CHECK_ERR(unlink(DIR_ "/u"), ENOENT);
	CHECK_ERR(unlink(DIR_), EISDIR);
	return 0;
}

static int t_rename(void)
{
	CHECK_SYS(write_file(DIR_ "/r1", "first"));
	CHECK_SYS(write_file(DIR_ "/r2", "second"));
	CHECK_SYS(rename(DIR_ "/r1", DIR_ "/r3"));
	CHECK_ERR(open(DIR_ "/r1", O_RDONLY), ENOENT);
	CHECK(strcmp(read_file(DIR_ "/r3"), "first") == 0, "renamed contents");
	CHECK_SYS(rename(DIR_ "/r3", DIR_ "/r2"));     /* replaces r2 */
	CHECK(strcmp(read_file(DIR_ "/r2"), "first") == 0, "rename over a file");
	CHECK_SYS(mkdir(DIR_ "/rd", 0755));
	CHECK_SYS(rename(DIR_ "/r2", DIR_ "/rd/moved"));
	CHECK(strcmp(read_file(DIR_ "/rd/moved"), "first") == 0, "rename into a directory");
	CHECK_SYS(rename(DIR_ "/rd", DIR_ "/rd2"));
	CHECK(read_file(DIR_ "/rd2/moved") != NULL, "renamed directory lost its file");
	CHECK_ERR(rename(DIR_ "/missing", DIR_ "/x"), ENOENT);
	CHECK_SYS(unlink(DIR_ "/rd2/moved"));
	CHECK_SYS(rmdir(DIR_ "/rd2"));
	return 0;
}

static int t_dirs(void)
{
	CHECK_SYS(mkdir(DIR_ "/d", 0755));
	CHECK_ERR(mkdir(DIR_ "/d", 0755), EEXIST);
	CHECK_SYS(write_file(DIR_ "/d/f1", "1"));
	CHECK_SYS(write_file(DIR_ "/d/f2", "2"));
	CHECK_SYS(mkdir(DIR_ "/d/sub", 0755));
	CHECK_ERR(rmdir(DIR_ "/d"), ENOTEMPTY);
	DIR *d = opendir(DIR_ "/d");
	CHECK(d, "opendir: %s", strerror(errno));
	int seen = 0, n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		n++;
		if (!strcmp(e->d_name, "f1")) seen |= 1;
		else if (!strcmp(e->d_name, "f2")) seen |= 2;
		else if (!strcmp(e->d_name, "sub")) seen |= 4;
		else if (!strcmp(e->d_name, ".")) seen |= 8;
		else if (!strcmp(e->d_name, "..")) seen |= 16;
	}
	closedir(d);
	CHECK(seen == 31 && n == 5, "listing found %#x in %d entries", seen, n);
	CHECK_ERR(rmdir(DIR_ "/d/f1"), ENOTDIR);
	CHECK_SYS(unlink(DIR_ "/d/f1"));
	CHECK_SYS(unlink(DIR_ "/d/f2"));
	CHECK_SYS(rmdir(DIR_ "/d/sub"));
	CHECK_SYS(rmdir(DIR_ "/d"));
	CHECK_ERR(rmdir(DIR_ "/d"), ENOENT);
	CHECK(opendir(DIR_ "/d") == NULL && errno == ENOENT, "opendir of a removed directory");
	return 0;
}

static int t_many_entries(void)
{
	char name[64];
	CHECK_SYS(mkdir(DIR_ "/many", 0755));
	for (int i = 0; i < 100; i++) {
		snprintf(name, sizeof(name), DIR_ "/many/file%03d", i);
		CHECK(write_file(name, name) == 0, "create %s: %s", name, strerror(errno));
	}
	DIR *d = opendir(DIR_ "/many");
	CHECK(d, "opendir");
	int n = 0;
	while (readdir(d))
		n++;
	closedir(d);
	CHECK(n == 102, "listed %d entries, want 102", n);
	for (int i = 0; i < 100; i++) {
		snprintf(name, sizeof(name), DIR_ "/many/file%03d", i);
		CHECK(strcmp(read_file(name), name) == 0, "%s has the wrong contents", name);
		CHECK_SYS(unlink(name));
	}
	CHECK_SYS(rmdir(DIR_ "/many"));
	return 0;
}

static int t_cwd(void)
{
	char buf[PATH_MAX], old[PATH_MAX];
	CHECK(getcwd(old, sizeof(old)), "getcwd: %s", strerror(errno));
	CHECK_SYS(mkdir(DIR_ "/c", 0755));
	CHECK_SYS(chdir(DIR_ "/c"));
	CHECK(getcwd(buf, sizeof(buf)) && strcmp(buf, DIR_ "/c") == 0, "getcwd '%s'", buf);
	CHECK_SYS(write_file("rel", "relative"));
	CHECK(read_file(DIR_ "/c/rel") && strcmp(read_file(DIR_ "/c/rel"), "relative") == 0, "relative create");
	CHECK_SYS(chdir(".."));
	CHECK(getcwd(buf, sizeof(buf)) && strcmp(buf, DIR_) == 0, "after .. getcwd '%s'", buf);
	CHECK(read_file("c/../c/./rel") != NULL, "path with . and ..");
	CHECK_ERR(chdir("c/rel"), ENOTDIR);
	CHECK_ERR(chdir("nowhere"), ENOENT);
	errno = 0;
	CHECK(getcwd(buf, 3) == NULL && errno == ERANGE, "getcwd into 3 bytes: %s", strerror(errno));
	CHECK_SYS(unlink("c/rel"));
	CHECK_SYS(rmdir("c"));
	CHECK_SYS(chdir(old));
	return 0;
}

static int t_dup(void)
{
	CHECK_SYS(write_file(DIR_ "/dup", "abcdef"));
	int fd = open(DIR_ "/dup", O_RDONLY);
	CHECK_SYS(fd);
	int fd2 = dup(fd);
	CHECK_SYS(fd2);
	CHECK(fd2 != fd, "dup returned the same descriptor");
	char c;
	CHECK(read(fd, &c, 1) == 1 && c == 'a', "read fd");
	CHECK(read(fd2, &c, 1) == 1 && c == 'b', "dup does not share the offset (got %c)", c);
	CHECK(dup2(fd, 20) == 20, "dup2 to 20: %s", strerror(errno));
	CHECK(read(20, &c, 1) == 1 && c == 'c', "dup2'd descriptor");
	CHECK(dup2(fd, fd) == fd, "dup2 onto itself");
	close(fd);
	CHECK(read(fd2, &c, 1) == 1 && c == 'd', "the copy survives close of the original");
	close(fd2);
	close(20);
	CHECK_ERR(dup(fd), EBADF);
	CHECK_ERR(dup2(fd, 5), EBADF);
	int lowest = dup(0);
	CHECK_SYS(lowest);
	int f = fcntl(0, F_DUPFD, 15);
	CHECK(f >= 15, "F_DUPFD 15 gave %d", f);
	close(f);
	close(lowest);
	return 0;
}

static int t_cloexec(void)
{
	CHECK_SYS(write_file(DIR_ "/ce", "x"));
	int keep = open(DIR_ "/ce", O_RDONLY);
	int gone = open(DIR_ "/ce", O_RDONLY | O_CLOEXEC);
	CHECK_SYS(keep);
	CHECK_SYS(gone);
	CHECK(fcntl(gone, F_GETFD) == FD_CLOEXEC, "F_GETFD of an O_CLOEXEC descriptor");
	pid_t pid = fork();
	if (pid == 0) {
		char a[8], b[8];
		snprintf(a, sizeof(a), "%d", keep);
		snprintf(b, sizeof(b), "%d", gone);
		execl("/bin/ptest_file", "ptest_file", "--fds", a, b, (char *)NULL);
		_exit(99);
	}
	int st = ptest_wait(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "after exec: %s (2: kept fd closed, 3: cloexec fd open)", ptest_status(st));
	close(keep);
	close(gone);
	return 0;
}

static int t_large_file(void)
{
	enum { SIZE = 600 * 1024 };
	int fd = open(DIR_ "/big", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK_SYS(fd);
	static unsigned char buf[4096];
	for (int off = 0; off < SIZE; off += (int)sizeof(buf)) {
		for (size_t i = 0; i < sizeof(buf); i++)
			buf[i] = (unsigned char)((off + (int)i) * 13 + ((off + (int)i) >> 12));
		CHECK(write(fd, buf, sizeof(buf)) == sizeof(buf), "write at %d: %s", off, strerror(errno));
	}
	struct stat st;
	CHECK_SYS(fstat(fd, &st));
	CHECK(st.st_size == SIZE, "size %d", (int)st.st_size);
	CHECK(lseek(fd, 0, SEEK_SET) == 0, "rewind");
	for (int off = 0; off < SIZE; off += (int)sizeof(buf)) {
		CHECK(read(fd, buf, sizeof(buf)) == sizeof(buf), "read at %d", off);
		for (size_t i = 0; i < sizeof(buf); i++)
			CHECK(buf[i] == (unsigned char)((off + (int)i) * 13 + ((off + (int)i) >> 12)), "byte %d differs", off + (int)i);
	}
	close(fd);
	CHECK_SYS(unlink(DIR_ "/big"));
	return 0;
}

/*
 * A zone freed while its old contents are still in the block cache, then
 * reused as an indirect block, must read as zeroes: otherwise the old data
 * are taken for zone numbers (fsstorm found this).  X's zones are the
 * lowest free ones and stay cached, so Y's first allocation, its indirect
 * block, is X's first data zone, full of the word 1 (a zone number).
 */
static int t_reused_zone_as_indirect(void)
{
	static uint32_t words[20 * 256];
	static unsigned char buf[1024];
	for (size_t i = 0; i < sizeof(words) / 4; i++)
		words[i] = 1;
	int fd = open(DIR_ "/x", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK_SYS(fd);
	CHECK(write(fd, words, sizeof(words)) == sizeof(words), "write x: %s", strerror(errno));
	close(fd);
	CHECK_SYS(unlink(DIR_ "/x"));
	CHECK_SYS(fd = open(DIR_ "/y", O_RDWR | O_CREAT | O_TRUNC, 0644));
	memset(buf, 0x5a, sizeof(buf));
	CHECK(lseek(fd, 7 * 1024, SEEK_SET) == 7 * 1024 && write(fd, buf, sizeof(buf)) == sizeof(buf), "write block 7");
	CHECK(lseek(fd, 9 * 1024, SEEK_SET) == 9 * 1024 && write(fd, buf, sizeof(buf)) == sizeof(buf), "write block 9");
	CHECK(lseek(fd, 8 * 1024, SEEK_SET) == 8 * 1024 && read(fd, buf, sizeof(buf)) == sizeof(buf), "read block 8");
	for (size_t i = 0; i < sizeof(buf); i++)
		CHECK(buf[i] == 0, "the hole at block 8 reads 0x%02x at byte %d, not zero", buf[i], (int)i);
	CHECK(lseek(fd, 7 * 1024, SEEK_SET) == 7 * 1024 && read(fd, buf, sizeof(buf)) == sizeof(buf), "read block 7");
	CHECK(buf[0] == 0x5a && buf[1023] == 0x5a, "block 7 lost its data");
	close(fd);
	CHECK_SYS(unlink(DIR_ "/y"));
	return 0;
}

static int t_access(void)
{
	CHECK_SYS(write_file(DIR_ "/acc", "x"));
	CHECK_SYS(access(DIR_ "/acc", F_OK));
	CHECK_SYS(access(DIR_ "/acc", R_OK | W_OK));
	CHECK_SYS(access("/bin/sh", X_OK));
	CHECK_ERR(access(DIR_ "/none", F_OK), ENOENT);
	return 0;
}

static int t_devices(void)
{
	int fd = open("/dev/null", O_RDWR);
	CHECK_SYS(fd);
	CHECK(write(fd, "discard", 7) == 7, "write /dev/null");
	char buf[8];
	CHECK(read(fd, buf, sizeof(buf)) == 0, "read /dev/null is not end of file");
	close(fd);
	fd = open("/dev/zero", O_RDONLY);
	CHECK_SYS(fd);
	memset(buf, 1, sizeof(buf));
	CHECK(read(fd, buf, sizeof(buf)) == sizeof(buf), "read /dev/zero");
	for (int i = 0; i < 8; i++)
		CHECK(buf[i] == 0, "/dev/zero gave %d", buf[i]);
	close(fd);
	return 0;
}

/* The console: a terminal with settings that can be read and written back. */
static int t_terminal(void)
{
	int fd = open("/dev/console", O_RDWR | O_NOCTTY);
	CHECK_SYS(fd);
	CHECK(isatty(fd), "/dev/console is not a terminal");
	struct termios t, t2;
	CHECK_SYS(tcgetattr(fd, &t));
	CHECK((t.c_lflag & ICANON) && (t.c_lflag & ISIG), "console not in canonical mode with signals (lflag %#x)",
	      (unsigned)t.c_lflag);
	t2 = t;
	t2.c_lflag &= ~ECHO;
	CHECK_SYS(tcsetattr(fd, TCSANOW, &t2));
	struct termios t3;
	CHECK_SYS(tcgetattr(fd, &t3));
	CHECK(!(t3.c_lflag & ECHO), "ECHO did not go off");
	CHECK_SYS(tcsetattr(fd, TCSANOW, &t));
	CHECK(tcgetpgrp(fd) > 0, "no foreground process group: %s", strerror(errno));
	int nul = open("/dev/null", O_RDWR);
	CHECK(!isatty(nul) && errno == ENOTTY, "/dev/null is a terminal");
	CHECK(tcgetattr(nul, &t2) == -1 && errno == ENOTTY, "tcgetattr on /dev/null");
	close(nul);
	close(fd);
	return 0;
}

static int check_fds(int keep, int gone)
{
	struct stat st;
	if (fstat(keep, &st) < 0)
		return 2;
	if (fstat(gone, &st) == 0 || errno != EBADF)
		return 3;
	return 0;
}

static const struct ptest tests[] = {
	{ "create_rw", t_create_rw },
	{ "stat", t_stat },
	{ "append_trunc", t_append_trunc },
	{ "excl_and_errors", t_excl_and_errors },
	{ "unlink", t_unlink },
	{ "rename", t_rename },
	{ "dirs", t_dirs },
	{ "many_entries", t_many_entries },
	{ "cwd", t_cwd },
	{ "dup", t_dup },
	{ "cloexec", t_cloexec },
	{ "large_file", t_large_file },
	{ "reused_zone_as_indirect", t_reused_zone_as_indirect },
	{ "access", t_access },
	{ "devices", t_devices },
	{ "terminal", t_terminal },
};

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "--fds") == 0)
		return check_fds(atoi(argv[2]), atoi(argv[3]));
	if (mkdir(DIR_, 0755) < 0 && errno != EEXIST) {
		printf("TEST posix.file.setup FAIL mkdir " DIR_ ": %s\n", strerror(errno));
		return 1;
	}
	int r = ptest_main("file", tests, PTEST_COUNT(tests));
	unlink(DIR_ "/a"); unlink(DIR_ "/s"); unlink(DIR_ "/b"); unlink(DIR_ "/e");
	unlink(DIR_ "/dup"); unlink(DIR_ "/ce"); unlink(DIR_ "/acc");
	rmdir(DIR_);
	return r;
}

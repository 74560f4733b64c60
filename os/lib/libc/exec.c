/*
 * execve and its relatives.  libc builds the new program's initial stack
 * frame (argc, argv[], NULL, envp[], NULL, strings) with every pointer as an
 * offset from the frame's start; VFS copies it to the top of the new stack
 * and relocates the offsets (mx/pm.h, PM_EXEC).
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <mxlib.h>

#define FRAME_MAX (64 * 1024)     /* PM's limit */

static int count(char *const v[])
{
	int n = 0;
	while (v && v[n])
		n++;
	return n;
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	int argc = count(argv), envc = count(envp);
	size_t strs = 0;
	for (int i = 0; i < argc; i++)
		strs += strlen(argv[i]) + 1;
	for (int i = 0; i < envc; i++)
		strs += strlen(envp[i]) + 1;
	size_t words = (size_t)(1 + argc + 1 + envc + 1);
	size_t len = (words * 4 + strs + 3) & ~(size_t)3;
	size_t plen = strlen(path);          /* without the NUL, as every path travels (mx/vfs.h) */
	if (len > FRAME_MAX) {
		errno = E2BIG;
		return -1;
	}
	if (plen >= PATH_MAX || plen == 0) {
		errno = plen ? ENAMETOOLONG : ENOENT;
		return -1;
	}
	uint32_t *frame = malloc(len);
	if (!frame) {
		errno = ENOMEM;
		return -1;
	}
	char *s = (char *)(frame + words);
	uint32_t *w = frame;
	*w++ = (uint32_t)argc;
	for (int i = 0; i < argc; i++) {
		*w++ = (uint32_t)(s - (char *)frame);
		s = stpcpy(s, argv[i]) + 1;
	}
	*w++ = 0;
	for (int i = 0; i < envc; i++) {
		*w++ = (uint32_t)(s - (char *)frame);
		s = stpcpy(s, envp[i]) + 1;
	}
	*w++ = 0;
	while ((size_t)(s - (char *)frame) < len)
		*s++ = 0;

	mx_message m;
	memset(&m, 0, sizeof(m));
	struct pm_exec *a = MX_BODY(&m, struct pm_exec);
	a->path = (uint32_t)path;
	a->path_len = (uint32_t)plen;
	a->frame = (uint32_t)frame;
	a->frame_len = (uint32_t)len;
	_syscall(MX_PM, MX_PM_EXEC, &m);      /* returns only on failure */
	int e = errno;
	free(frame);
	errno = e;
	return -1;
}

int execv(const char *path, char *const argv[])
{
	return execve(path, argv, environ);
}

/* A file that is not an executable is run as a shell script, as POSIX asks. */
static void exec_script(const char *path, char *const argv[])
{
	int argc = count(argv);
	char **nv = malloc(sizeof(char *) * (size_t)(argc + 2));
	if (!nv)
		return;
	nv[0] = "sh";
	nv[1] = (char *)path;
	for (int i = 1; i <= argc; i++)
		nv[i + 1] = argv[i];
	execve("/bin/sh", nv, environ);
	free(nv);
}

int execvp(const char *file, char *const argv[])
{
	if (!*file) {
		errno = ENOENT;
		return -1;
	}
	if (strchr(file, '/')) {
		execve(file, argv, environ);
		if (errno == ENOEXEC)
			exec_script(file, argv);
		return -1;
	}
	const char *path = getenv("PATH");
	if (!path)
		path = "/bin";
	int saw_eacces = 0;
	char buf[PATH_MAX];
	for (const char *p = path;; ) {
		const char *end = strchr(p, ':');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		const char *dir = n ? p : ".";        /* an empty entry is the current directory */
		if (!n)
			n = 1;
		if (n + 1 + strlen(file) + 1 <= sizeof(buf)) {
			memcpy(buf, dir, n);
			buf[n] = '/';
			strcpy(buf + n + 1, file);
			execve(buf, argv, environ);
			if (errno == ENOEXEC) {
				exec_script(buf, argv);
				return -1;
			}
			if (errno == EACCES)
				saw_eacces = 1;
			else if (errno != ENOENT && errno != ENOTDIR)
				return -1;
		}
		if (!end)
			break;
		p = end + 1;
	}
	errno = saw_eacces ? EACCES : ENOENT;
	return -1;
}

/* Collect execl's variable arguments into a NULL-ended vector on the stack. */
#define COLLECT(first, argv, ap, n) do {                          \
	va_list c_;                                               \
	va_copy(c_, ap);                                          \
	n = 1;                                                    \
	while (va_arg(c_, char *))                                \
		n++;                                              \
	va_end(c_);                                               \
} while (0)

int execl(const char *path, const char *arg, ...)
{
	va_list ap;
	int n;
	va_start(ap, arg);
	COLLECT(arg, argv, ap, n);
	char *argv[n + 1];
	argv[0] = (char *)arg;
	for (int i = 1; i <= n; i++)
		argv[i] = va_arg(ap, char *);
	va_end(ap);
	return execve(path, argv, environ);
}

int execlp(const char *file, const char *arg, ...)
{
	va_list ap;
	int n;
	va_start(ap, arg);
	COLLECT(arg, argv, ap, n);
	char *argv[n + 1];
	argv[0] = (char *)arg;
	for (int i = 1; i <= n; i++)
		argv[i] = va_arg(ap, char *);
	va_end(ap);
	return execvp(file, argv);
}

/* execle: the environment follows the terminating NULL. */
int execle(const char *path, const char *arg, ...)
{
	va_list ap;
	int n;
	va_start(ap, arg);
	COLLECT(arg, argv, ap, n);
	char *argv[n + 1];
	argv[0] = (char *)arg;
	for (int i = 1; i <= n; i++)
		argv[i] = va_arg(ap, char *);
	char **envp = va_arg(ap, char **);
	va_end(ap);
	return execve(path, argv, envp);
}

#ifndef _UNISTD_H
#define _UNISTD_H
#include <sys/types.h>
#include <mx/vfs.h>

#define STDIN_FILENO  0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2
#define F_OK MX_F_OK
#define X_OK MX_X_OK
#define W_OK MX_W_OK
#define R_OK MX_R_OK
#ifndef SEEK_SET
#define SEEK_SET MX_SEEK_SET
#define SEEK_CUR MX_SEEK_CUR
#define SEEK_END MX_SEEK_END
#endif

/* sysconf names */
#define _SC_CLK_TCK   1
#define _SC_PAGESIZE  2
#define _SC_PAGE_SIZE _SC_PAGESIZE
#define _SC_OPEN_MAX  3
#define _SC_ARG_MAX   4

extern char **environ;
extern char *optarg;
extern int optind, opterr, optopt;

/* Processes (PM) */
pid_t fork(void);
int execve(const char *path, char *const argv[], char *const envp[]);
int execv(const char *path, char *const argv[]);
int execvp(const char *file, char *const argv[]);
int execl(const char *path, const char *arg, ...);
int execlp(const char *file, const char *arg, ...);
int execle(const char *path, const char *arg, ...);
void _exit(int status) __attribute__((noreturn));
pid_t getpid(void);
pid_t getppid(void);
pid_t getpgrp(void);
int setpgid(pid_t pid, pid_t pgid);
pid_t setsid(void);
uid_t getuid(void);
uid_t geteuid(void);
gid_t getgid(void);
gid_t getegid(void);
unsigned alarm(unsigned seconds);
int pause(void);
unsigned sleep(unsigned seconds);
int usleep(useconds_t usec);
long sysconf(int name);

/* Memory (VM) */
int brk(void *addr);
void *sbrk(intptr_t incr);
int getpagesize(void);

/* Files (VFS) */
ssize_t read(int fd, void *buf, size_t n);
ssize_t write(int fd, const void *buf, size_t n);
int close(int fd);
off_t lseek(int fd, off_t off, int whence);
int dup(int fd);
int dup2(int fd, int fd2);
int pipe(int fds[2]);
int chdir(const char *path);
char *getcwd(char *buf, size_t size);
int unlink(const char *path);
int rename(const char *from, const char *to);
int rmdir(const char *path);
int access(const char *path, int mode);
int isatty(int fd);
int ftruncate(int fd, off_t len);
int truncate(const char *path, off_t len);
void sync(void);
int fsync(int fd);
pid_t tcgetpgrp(int fd);
int tcsetpgrp(int fd, pid_t pgrp);
char *ttyname(int fd);

int getopt(int argc, char *const argv[], const char *opts);
#endif

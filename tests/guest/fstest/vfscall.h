/*
 * Raw VFS and PM calls for the file-system tests: one SENDREC each, the
 * result as the server answers it (>= 0, or a negative error).  The tests
 * use these instead of libc so that they can also send what libc never
 * would.
 */
#ifndef VFSCALL_H
#define VFSCALL_H

#include <stdint.h>
#include <mx/ipc.h>
#include <mx/vfs.h>

int v_call(mx_endpoint_t srv, int type, mx_message *m);
int v_open(const char *path, uint32_t flags, uint32_t mode);
int v_close(int fd);
int v_read(int fd, void *buf, uint32_t len);
int v_write(int fd, const void *buf, uint32_t len);
int v_lseek(int fd, int32_t off, int whence);
int v_stat(const char *path, struct mx_stat *st);
int v_fstat(int fd, struct mx_stat *st);
int v_dup(int fd);
int v_dup2(int fd, int fd2);
int v_pipe(int fds[2], uint32_t flags);
int v_getdents(int fd, void *buf, uint32_t len);
int v_mkdir(const char *path, uint32_t mode);
int v_unlink(const char *path);
int v_rmdir(const char *path);
int v_rename(const char *from, const char *to);
int v_chdir(const char *path);
int v_getcwd(char *buf, uint32_t len);
int v_fcntl(int fd, int cmd, int arg);
int v_ioctl(int fd, uint32_t req, void *arg);
int v_select(uint32_t nfds, uint32_t *rd, uint32_t *wr, int32_t timeout_ms);
int v_ftruncate(int fd, uint32_t len);
int v_access(const char *path, uint32_t mode);
int v_sync(void);
int v_deadlock(uint32_t where, const char *path, struct vfs_debug_deadlock *out);
/* Does dir contain name? 1, 0, or a negative error. */
int v_dir_has(const char *dir, const char *name);
int v_write_file(const char *path, const void *data, uint32_t len);

#endif

#ifndef _SYS_STAT_H
#define _SYS_STAT_H
#include <sys/types.h>
#include <mx/vfs.h>

/* Laid out as struct mx_stat: VFS fills it directly. */
struct stat {
	dev_t st_dev;
	ino_t st_ino;
	mode_t st_mode;
	nlink_t st_nlink;
	uid_t st_uid;
	gid_t st_gid;
	dev_t st_rdev;
	off_t st_size;
	time_t st_atime, st_mtime, st_ctime;
	blksize_t st_blksize;
	blkcnt_t st_blocks;
};

#define S_IFMT   MX_S_IFMT
#define S_IFSOCK MX_S_IFSOCK
#define S_IFREG  MX_S_IFREG
#define S_IFBLK  MX_S_IFBLK
#define S_IFDIR  MX_S_IFDIR
#define S_IFCHR  MX_S_IFCHR
#define S_IFIFO  MX_S_IFIFO
#define S_ISUID  MX_S_ISUID
#define S_ISGID  MX_S_ISGID
#define S_ISVTX  MX_S_ISVTX
#define S_IRWXU  MX_S_IRWXU
#define S_IRUSR  MX_S_IRUSR
#define S_IWUSR  MX_S_IWUSR
#define S_IXUSR  MX_S_IXUSR
#define S_IRWXG  MX_S_IRWXG
#define S_IRGRP  (MX_S_IRUSR >> 3)
#define S_IWGRP  (MX_S_IWUSR >> 3)
#define S_IXGRP  (MX_S_IXUSR >> 3)
#define S_IRWXO  MX_S_IRWXO
#define S_IROTH  (MX_S_IRUSR >> 6)
#define S_IWOTH  (MX_S_IWUSR >> 6)
#define S_IXOTH  (MX_S_IXUSR >> 6)
#define S_ISDIR(m)  MX_S_ISDIR(m)
#define S_ISREG(m)  MX_S_ISREG(m)
#define S_ISCHR(m)  MX_S_ISCHR(m)
#define S_ISBLK(m)  MX_S_ISBLK(m)
#define S_ISFIFO(m) MX_S_ISFIFO(m)
#define S_ISLNK(m)  0
#define S_ISSOCK(m) (((m) & S_IFMT) == S_IFSOCK)

int stat(const char *path, struct stat *st);
int lstat(const char *path, struct stat *st);     /* no symbolic links: stat */
int fstat(int fd, struct stat *st);
int mkdir(const char *path, mode_t mode);
mode_t umask(mode_t mask);
#endif

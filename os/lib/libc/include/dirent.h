#ifndef _DIRENT_H
#define _DIRENT_H
#include <sys/types.h>
#include <mx/vfs.h>

/* Laid out as struct mx_dirent: getdents fills an array of them. */
struct dirent {
	ino_t d_ino;
	uint16_t d_reclen;
	uint8_t d_type;
	uint8_t d_namlen;
	char d_name[MX_NAME_MAX + 4];
};
#define DT_UNKNOWN MX_DT_UNKNOWN
#define DT_FIFO    MX_DT_FIFO
#define DT_CHR     MX_DT_CHR
#define DT_DIR     MX_DT_DIR
#define DT_BLK     MX_DT_BLK
#define DT_REG     MX_DT_REG

typedef struct DIR DIR;
DIR *opendir(const char *path);
DIR *fdopendir(int fd);
struct dirent *readdir(DIR *d);
int closedir(DIR *d);
void rewinddir(DIR *d);
int dirfd(DIR *d);
int getdents(int fd, struct dirent *buf, size_t len);
#endif

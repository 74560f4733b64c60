/* Directory streams over getdents (fixed-size struct mx_dirent records). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

_Static_assert(sizeof(struct dirent) == sizeof(struct mx_dirent), "dirent is mx_dirent");

#define DIR_ENTRIES 16

struct DIR {
	int fd;
	int pos, count;                 /* next entry, entries in buf */
	struct dirent buf[DIR_ENTRIES];
};

DIR *fdopendir(int fd)
{
	DIR *d = malloc(sizeof(DIR));
	if (!d) {
		errno = ENOMEM;
		return NULL;
	}
	d->fd = fd;
	d->pos = d->count = 0;
	return d;
}

DIR *opendir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	DIR *d = fdopendir(fd);
	if (!d)
		close(fd);
	return d;
}

struct dirent *readdir(DIR *d)
{
	if (d->pos >= d->count) {
		int n = getdents(d->fd, d->buf, sizeof(d->buf));
		if (n <= 0)
			return NULL;                /* end (errno unchanged) or an error */
		d->count = n / (int)sizeof(struct dirent);
		d->pos = 0;
		if (d->count == 0)
			return NULL;
	}
	return &d->buf[d->pos++];
}

void rewinddir(DIR *d)
{
	lseek(d->fd, 0, SEEK_SET);
	d->pos = d->count = 0;
}

int closedir(DIR *d)
{
	int r = close(d->fd);
	free(d);
	return r;
}

int dirfd(DIR *d)
{
	return d->fd;
}

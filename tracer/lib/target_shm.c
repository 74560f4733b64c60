/*
 * Shared guest RAM: QEMU started with
 *   -object memory-backend-file,id=ram,size=128M,mem-path=/dev/shm/NAME,share=on
 *   -machine pc,memory-backend=ram
 * keeps the guest's RAM in that file.  On the pc machine RAM below 4 GiB
 * starts at file offset 0, so guest physical address P is byte P of the
 * file (guests up to 3 GiB; QEMU moves RAM above that past 4 GiB).
 * Reads are plain loads while the guest runs: no exit, no stop.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "mxt/target.h"

#define LOWMEM_MAX 0xc0000000ull

struct shm_priv {
	void *base;
	size_t len;
};

static int shm_read(struct mxt_target *t, uint64_t pa, void *buf, size_t len)
{
	memcpy(buf, (const uint8_t *)t->map + pa, len);
	return 0;
}

static int shm_write(struct mxt_target *t, uint64_t pa, const void *buf, size_t len)
{
	memcpy((uint8_t *)t->map + pa, buf, len);
	return 0;
}

static void shm_close(struct mxt_target *t)
{
	struct shm_priv *s = t->priv;
	if (s) {
		munmap(s->base, s->len);
		free(s);
	}
}

static const struct mxt_target_ops shm_ops = {
	.name = "shm", .read_phys = shm_read, .write_phys = shm_write, .close = shm_close,
};
static const struct mxt_target_ops shm_ro_ops = {
	.name = "shm", .read_phys = shm_read, .close = shm_close,
};

struct mxt_target *mxt_shm_open(const char *path, int writable, char *err)
{
	int fd = open(path, writable ? O_RDWR : O_RDONLY);
	if (fd < 0) {
		mxt_errf(err, "%s: cannot open shared guest RAM: %s", path, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size < 1 << 20) {
		mxt_errf(err, "%s: not a guest RAM file (%s)", path,
			 fstat(fd, &st) < 0 ? strerror(errno) : !S_ISREG(st.st_mode) ? "not a regular file" : "smaller than 1 MiB");
		close(fd);
		return NULL;
	}
	size_t len = (size_t)st.st_size;
	void *p = mmap(NULL, len, PROT_READ | (writable ? PROT_WRITE : 0), MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		mxt_errf(err, "%s: cannot map %zu bytes: %s", path, len, strerror(errno));
		return NULL;
	}
	struct mxt_target *t = mxt_target_new(writable ? &shm_ops : &shm_ro_ops, "shm", err);
	struct shm_priv *s = t ? calloc(1, sizeof(*s)) : NULL;
	if (!s) {
		free(t);
		munmap(p, len);
		mxt_errf(err, "out of memory");
		return NULL;
	}
	s->base = p;
	s->len = len;
	t->priv = s;
	t->map = p;
	t->phys_size = len < LOWMEM_MAX ? len : LOWMEM_MAX;
	t->live = 1;
	return t;
}

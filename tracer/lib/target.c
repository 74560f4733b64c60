/*
 * The target-access interface and the memory-image backend.  Bounds are
 * checked here once, so backends see only ranges inside what they hold.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "mxt/target.h"

struct mxt_target *mxt_target_new(const struct mxt_target_ops *ops, const char *source, char *err)
{
	struct mxt_target *t = calloc(1, sizeof(*t));
	if (!t) {
		mxt_errf(err, "out of memory");
		return NULL;
	}
	t->ops = ops;
	t->source = source;
	return t;
}

static int range_ok(struct mxt_target *t, uint64_t pa, size_t len)
{
	if (t->phys_size == 0)
		return 1;
	if (pa < t->base || pa - t->base > t->phys_size || len > t->phys_size - (pa - t->base))
		return mxt_errf(t->err, "%s: physical range 0x%llx+0x%zx is outside guest memory (0x%llx..0x%llx)",
				t->ops->name, (unsigned long long)pa, len, (unsigned long long)t->base,
				(unsigned long long)(t->base + t->phys_size)), 0;
	return 1;
}

int mxt_read_phys(struct mxt_target *t, uint64_t pa, void *buf, size_t len)
{
	if (len == 0)
		return 0;
	if (!range_ok(t, pa, len))
		return -1;
	return t->ops->read_phys(t, pa, buf, len);
}

int mxt_write_phys(struct mxt_target *t, uint64_t pa, const void *buf, size_t len)
{
	if (!t->ops->write_phys)
		return mxt_errf(t->err, "%s: guest memory is read-only through this backend", t->ops->name);
	if (len == 0)
		return 0;
	if (!range_ok(t, pa, len))
		return -1;
	return t->ops->write_phys(t, pa, buf, len);
}

int mxt_stop(struct mxt_target *t)
{
	if (!t->ops->stop)
		return t->live ? mxt_errf(t->err, "%s: this backend cannot stop the guest (use QMP)", t->ops->name) : 0;
	return t->ops->stop(t);
}

int mxt_cont(struct mxt_target *t)
{
	if (!t->ops->cont)
		return t->live ? mxt_errf(t->err, "%s: this backend cannot resume the guest (use QMP)", t->ops->name) : 0;
	return t->ops->cont(t);
}

int mxt_regs(struct mxt_target *t, struct mxt_regs *r)
{
	if (!t->ops->regs)
		return mxt_errf(t->err, "%s: this backend has no CPU registers", t->ops->name);
	memset(r, 0, sizeof(*r));
	return t->ops->regs(t, r);
}

void mxt_target_close(struct mxt_target *t)
{
	if (!t)
		return;
	if (t->ops->close)
		t->ops->close(t);
	free(t);
}

volatile void *mxt_map(struct mxt_target *t, uint64_t pa, size_t len)
{
	if (!t->map || pa < t->base || pa - t->base > t->phys_size || len > t->phys_size - (pa - t->base))
		return NULL;
	return t->map + (pa - t->base);
}

/* ---- memory image ---------------------------------------------------------- */

struct mem_priv {
	uint8_t *buf;
	int owned;
};

static int mem_read(struct mxt_target *t, uint64_t pa, void *buf, size_t len)
{
	memcpy(buf, (const uint8_t *)t->map + (pa - t->base), len);
	return 0;
}

static int mem_write(struct mxt_target *t, uint64_t pa, const void *buf, size_t len)
{
	memcpy((uint8_t *)t->map + (pa - t->base), buf, len);
	return 0;
}

static void mem_close(struct mxt_target *t)
{
	struct mem_priv *m = t->priv;
	if (m && m->owned)
		free(m->buf);
	free(m);
}

static const struct mxt_target_ops mem_ops = {
	.name = "mem", .read_phys = mem_read, .write_phys = mem_write, .close = mem_close,
};

struct mxt_target *mxt_mem_open(void *buf, size_t len, uint64_t base, int copy, char *err)
{
	struct mxt_target *t = mxt_target_new(&mem_ops, "synthetic", err);
	struct mem_priv *m = t ? calloc(1, sizeof(*m)) : NULL;
	if (!m) {
		free(t);
		mxt_errf(err, "out of memory");
		return NULL;
	}
	m->buf = buf;
	if (copy) {
		m->buf = malloc(len ? len : 1);
		if (!m->buf) {
			free(m);
			free(t);
			mxt_errf(err, "out of memory for a %zu-byte image", len);
			return NULL;
		}
		memcpy(m->buf, buf, len);
		m->owned = 1;
	}
	t->priv = m;
	t->map = m->buf;
	t->base = base;
	t->phys_size = len;
	return t;
}

/* The ring drain (see mxt/drain.h and the reader protocol in mx/trace.h). */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "mxt/drain.h"
#include "mxt/info.h"
#include "mxt/target.h"

#define BATCH 8192
#define barrier() __asm__ volatile("" ::: "memory")

int mxt_drain_read_head(struct mxt_drain *d, uint64_t *head, uint64_t *tsc_boot, char *err)
{
	volatile mx_trace_ring *r = mxt_map(d->t, d->ring_pa, sizeof(mx_trace_ring));
	if (r) {
		/* The guest stores the 64-bit head as two words: read hi, lo, hi. */
		volatile uint32_t *h = (volatile uint32_t *)((volatile uint8_t *)r + offsetof(mx_trace_ring, head));
		uint32_t hi, lo, hi2;
		do {
			hi = h[1];
			barrier();
			lo = h[0];
			barrier();
			hi2 = h[1];
		} while (hi != hi2);
		*head = (uint64_t)hi << 32 | lo;
		if (tsc_boot)
			*tsc_boot = r->tsc_boot;
		return 0;
	}
	mx_trace_ring hdr;
	if (mxt_read_phys(d->t, d->ring_pa, &hdr, sizeof(hdr)) < 0)
		return mxt_errf(err, "reading the trace ring header: %s", d->t->err);
	*head = hdr.head;
	if (tsc_boot)
		*tsc_boot = hdr.tsc_boot;
	return 0;
}

int mxt_drain_init(struct mxt_drain *d, struct mxt_target *t, const struct mxt_info *in, uint64_t next, char *err)
{
	memset(d, 0, sizeof(*d));
	d->t = t;
	d->ring_pa = mxt_kva2pa(in, in->mi.ring_addr);
	mx_trace_ring hdr;
	if (mxt_read_phys(t, d->ring_pa, &hdr, sizeof(hdr)) < 0)
		return mxt_errf(err, "reading the trace ring header at 0x%llx: %s", (unsigned long long)d->ring_pa, t->err);
	if (hdr.magic != MX_TRACE_MAGIC)
		return mxt_errf(err, "trace ring: wrong magic 0x%08x at physical 0x%llx", hdr.magic, (unsigned long long)d->ring_pa);
	if (hdr.version != MX_TRACE_VERSION || hdr.rec_size != sizeof(mx_trace_rec) || hdr.nrecs == 0 ||
	    (hdr.nrecs & (hdr.nrecs - 1)) || sizeof(mx_trace_ring) + (uint64_t)hdr.nrecs * sizeof(mx_trace_rec) > in->mi.ring_bytes)
		return mxt_errf(err, "trace ring: version %u, %u-byte records, %u records in %u bytes: not a ring this build reads",
				hdr.version, hdr.rec_size, hdr.nrecs, in->mi.ring_bytes);
	d->nrecs = hdr.nrecs;
	d->tsc_boot = hdr.tsc_boot;
	d->next = next;
	d->head = hdr.head;
	d->cap = BATCH;
	d->buf = malloc(d->cap * sizeof(*d->buf));
	d->raw = malloc(d->cap * sizeof(*d->raw));
	if (!d->buf || !d->raw)
		return mxt_errf(err, "out of memory");
	return 0;
}

void mxt_drain_free(struct mxt_drain *d)
{
	free(d->buf);
	free(d->raw);
	d->buf = NULL;
	d->raw = NULL;
}

static void lose(struct mxt_drain *d, uint64_t n, uint64_t count, const char *cause, mxt_drain_loss_fn fn, void *ctx)
{
	if (d->loss_count && (d->loss_cause != cause || d->loss_first + d->loss_count != n)) {
		fn(ctx, d->loss_first, d->loss_count, d->loss_cause);
		d->loss_count = 0;
	}
	if (!d->loss_count) {
		d->loss_first = n;
		d->loss_cause = cause;
	}
	d->loss_count += count;
	if (cause[0] == 'o')
		d->lost_overwritten += count;
	else
		d->lost_torn += count;
}

static void flush_loss(struct mxt_drain *d, mxt_drain_loss_fn fn, void *ctx)
{
	if (d->loss_count)
		fn(ctx, d->loss_first, d->loss_count, d->loss_cause);
	d->loss_count = 0;
}

long mxt_drain_poll(struct mxt_drain *d, mxt_drain_ev_fn evfn, mxt_drain_loss_fn lossfn, void *ctx, char *err)
{
	uint64_t head, tsc_boot;
	if (mxt_drain_read_head(d, &head, &tsc_boot, err) < 0)
		return -1;
	if (tsc_boot != d->tsc_boot || head < d->head)
		return -2;
	d->head = head;
	if (head <= d->next)
		return 0;
	if (head - d->next > d->nrecs) {
		lose(d, d->next, head - d->nrecs - d->next, "overwritten", lossfn, ctx);
		d->next = head - d->nrecs;
	}
	long kept = 0;
	size_t n = 0;
	uint64_t mask = d->nrecs - 1;
	uint64_t recs_pa = d->ring_pa + sizeof(mx_trace_ring);
	volatile mx_trace_rec *map = mxt_map(d->t, recs_pa, (size_t)d->nrecs * sizeof(mx_trace_rec));
	while (d->next < head) {
		uint64_t num = d->next;
		/* A stretch inside the ring without wrapping, at most one batch. */
		size_t cnt = (size_t)(head - num);
		size_t to_end = (size_t)(d->nrecs - (num & mask));
		if (cnt > to_end)
			cnt = to_end;
		if (cnt > d->cap - n)
			cnt = d->cap - n;
		if (map) {
			for (size_t i = 0; i < cnt; i++, num++) {
				volatile mx_trace_rec *src = &map[num & mask];
				uint32_t s1 = src->seq;
				barrier();
				struct mxt_ev *e = &d->buf[n];
				volatile const uint64_t *w = (volatile const uint64_t *)src;
				uint64_t words[4] = { w[0], w[1], w[2], w[3] };
				barrier();
				memcpy(&e->rec, words, sizeof(words));
				uint32_t s2 = src->seq;
				if (s1 != (uint32_t)num) {
					lose(d, num, 1, "overwritten", lossfn, ctx);
					continue;
				}
				if (s2 != s1 || e->rec.seq != s1) {
					lose(d, num, 1, "torn", lossfn, ctx);
					continue;
				}
				flush_loss(d, lossfn, ctx);
				e->num = num;
				n++;
			}
		} else {
			mx_trace_rec *tmp = d->raw;
			if (mxt_read_phys(d->t, recs_pa + (num & mask) * sizeof(mx_trace_rec), tmp, cnt * sizeof(mx_trace_rec)) < 0) {
				flush_loss(d, lossfn, ctx);
				if (n)
					evfn(ctx, d->buf, n);
				d->kept += (uint64_t)kept + n;
				return mxt_errf(err, "reading trace records: %s", d->t->err);
			}
			for (size_t i = 0; i < cnt; i++, num++) {
				if (tmp[i].seq != (uint32_t)num) {
					lose(d, num, 1, "overwritten", lossfn, ctx);
					continue;
				}
				flush_loss(d, lossfn, ctx);
				d->buf[n].num = num;
				d->buf[n].rec = tmp[i];
				n++;
			}
		}
		d->next = num;
		if (n == d->cap) {
			evfn(ctx, d->buf, n);
			kept += (long)n;
			n = 0;
		}
	}
	if (n) {
		evfn(ctx, d->buf, n);
		kept += (long)n;
	}
	flush_loss(d, lossfn, ctx);
	d->kept += (uint64_t)kept;
	return kept;
}

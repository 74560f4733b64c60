/*
 * malloc on the heap that brk grows (VM_BRK).
 *
 * Boundary tags: every chunk starts with the size of the chunk just below it
 * and its own size, so free() merges a chunk with both neighbours in
 * constant time and two free chunks are never adjacent.  Free chunks wait in
 * 32 bins by power-of-two size class (first fit inside a class, any chunk of
 * a larger class fits).  Each heap segment ends with an "epilogue" header
 * marked in use that stops merging at the top; a segment that starts where
 * the previous one ended simply extends it.  The heap grows by at least
 * GROW_MIN and goes back to VM when its top free chunk passes TRIM_AT.
 * Blocks of MMAP_AT bytes and more get their own anonymous mapping.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <mxlib.h>

struct chunk {
	uint32_t prev_size;          /* size of the chunk below; 0 at a segment's start */
	uint32_t size;               /* size with this header, | INUSE | MMAPPED */
	struct chunk *next, *prev;   /* free chunks only: the bin's list */
};

#define HDR        8u
#define INUSE      1u
#define MMAPPED    2u
#define FLAGS      7u
#define MIN_CHUNK  16u
#define NBINS      32
#define PAGE       4096u
#define GROW_MIN   (64u * 1024)
#define TRIM_AT    (256u * 1024)
#define MMAP_AT    (256u * 1024)
#define MAX_SEGS   16

#define SZ(c)        ((c)->size & ~FLAGS)
#define NEXT(c)      ((struct chunk *)((char *)(c) + SZ(c)))
#define PREV(c)      ((struct chunk *)((char *)(c) - (c)->prev_size))
#define MEM(c)       ((void *)((char *)(c) + HDR))
#define CHUNK(p)     ((struct chunk *)((char *)(p) - HDR))
#define ALIGN8(x)    (((x) + 7u) & ~7u)
#define PAGE_UP(x)   (((x) + PAGE - 1) & ~(PAGE - 1))

static struct chunk *bins[NBINS];
static struct chunk *top_epilogue;      /* the epilogue at the current break */
static struct chunk *segs[MAX_SEGS];    /* first chunk of each segment, for malloc_check */
static int nsegs;
static size_t heap_bytes, mmap_bytes;

static int bin_of(uint32_t size)
{
	return 31 - __builtin_clz(size);
}

static void bin_insert(struct chunk *c)
{
	int b = bin_of(SZ(c));
	c->prev = NULL;
	c->next = bins[b];
	if (bins[b])
		bins[b]->prev = c;
	bins[b] = c;
}

static void bin_remove(struct chunk *c)
{
	if (c->prev)
		c->prev->next = c->next;
	else
		bins[bin_of(SZ(c))] = c->next;
	if (c->next)
		c->next->prev = c->prev;
}

static void corrupt(const char *what, void *p)
{
	char buf[96];
	int n = snprintf(buf, sizeof(buf), "malloc: %s (%p)\n", what, p);
	write(2, buf, (size_t)n);
	abort();
}

/* Make c (not in a bin) a free chunk, merged with free neighbours; returns the merged chunk, binned. */
static struct chunk *release(struct chunk *c)
{
	c->size &= ~INUSE;
	struct chunk *n = NEXT(c);
	if (!(n->size & INUSE)) {
		bin_remove(n);
		c->size += SZ(n);
	}
	if (c->prev_size) {
		struct chunk *p = PREV(c);
		if (!(p->size & INUSE)) {
			bin_remove(p);
			p->size += SZ(c);
			c = p;
		}
	}
	NEXT(c)->prev_size = SZ(c);
	bin_insert(c);
	return c;
}

/* Cut c (in use) down to need bytes; the rest becomes a free chunk. */
static void split(struct chunk *c, uint32_t need)
{
	uint32_t rest = SZ(c) - need;
	if (rest < MIN_CHUNK)
		return;
	c->size = need | (c->size & FLAGS);
	struct chunk *r = NEXT(c);
	r->prev_size = need;
	r->size = rest | INUSE;
	NEXT(r)->prev_size = rest;
	release(r);
}

/* Add at least need bytes of heap from VM. */
static int grow(uint32_t need)
{
	uint32_t n = PAGE_UP(need + 2 * HDR + 8 > GROW_MIN ? need + 2 * HDR + 8 : GROW_MIN);
	char *p = sbrk((intptr_t)n);
	if (p == (char *)-1)
		return -1;
	heap_bytes += n;
	struct chunk *c;
	char *end = (char *)((uint32_t)(p + n) & ~7u);
	if (top_epilogue && p == (char *)top_epilogue + HDR) {
		c = top_epilogue;                 /* extend: the old epilogue becomes the new chunk */
	} else {
		c = (struct chunk *)ALIGN8((uint32_t)p);
		c->prev_size = 0;
		if (nsegs < MAX_SEGS)
			segs[nsegs++] = c;
	}
	c->size = (uint32_t)(end - HDR - (char *)c) | INUSE;
	top_epilogue = NEXT(c);
	top_epilogue->prev_size = SZ(c);
	top_epilogue->size = INUSE;
	release(c);
	return 0;
}

/* Give the top of the heap back to VM if a large free chunk lies there. */
static void trim(struct chunk *c)
{
	if (NEXT(c) != top_epilogue || SZ(c) < TRIM_AT || sbrk(0) != (char *)top_epilogue + HDR)
		return;
	uint32_t new_end = PAGE_UP((uint32_t)c + GROW_MIN);
	if (new_end >= (uint32_t)top_epilogue + HDR)
		return;
	bin_remove(c);
	uint32_t old_end = (uint32_t)top_epilogue + HDR;
	c->size = (new_end - HDR - (uint32_t)c);
	top_epilogue = NEXT(c);
	top_epilogue->prev_size = SZ(c);
	top_epilogue->size = INUSE;
	bin_insert(c);
	if (brk((void *)new_end) == 0)
		heap_bytes -= old_end - new_end;
}

static uint32_t request_size(size_t n)
{
	if (n > 0x7fff0000u)
		return 0;
	uint32_t need = ALIGN8((uint32_t)n + HDR);
	return need < MIN_CHUNK ? MIN_CHUNK : need;
}

static struct chunk *find(uint32_t need)
{
	int b = bin_of(need);
	for (struct chunk *c = bins[b]; c; c = c->next)
		if (SZ(c) >= need)
			return c;
	for (b++; b < NBINS; b++)
		if (bins[b])
			return bins[b];
	return NULL;
}

static void *map_big(uint32_t need)
{
	uint32_t len = PAGE_UP(need);
	struct chunk *c = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
	if (c == MAP_FAILED)
		return NULL;
	c->prev_size = 0;
	c->size = len | INUSE | MMAPPED;
	mmap_bytes += len;
	return MEM(c);
}

void *malloc(size_t n)
{
	uint32_t need = request_size(n);
	if (!need) {
		errno = ENOMEM;
		return NULL;
	}
	if (need >= MMAP_AT) {
		void *p = map_big(need);
		if (p)
			return p;                      /* else try the heap */
	}
	struct chunk *c = find(need);
	if (!c) {
		if (grow(need) < 0) {
			errno = ENOMEM;
			return NULL;
		}
		c = find(need);
	}
	bin_remove(c);
	c->size |= INUSE;
	split(c, need);
	return MEM(c);
}

void free(void *p)
{
	if (!p)
		return;
	struct chunk *c = CHUNK(p);
	if (((uint32_t)p & 7) || !(c->size & INUSE))
		corrupt("free of a pointer not allocated, or freed twice", p);
	if (c->size & MMAPPED) {
		mmap_bytes -= SZ(c);
		munmap(c, SZ(c));
		return;
	}
	if (NEXT(c)->prev_size != SZ(c))
		corrupt("heap corrupted around a freed block", p);
	trim(release(c));
}

void *calloc(size_t n, size_t size)
{
	if (size && n > (size_t)-1 / size) {
		errno = ENOMEM;
		return NULL;
	}
	void *p = malloc(n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

void *realloc(void *p, size_t n)
{
	if (!p)
		return malloc(n);
	if (n == 0) {
		free(p);
		return NULL;
	}
	uint32_t need = request_size(n);
	if (!need) {
		errno = ENOMEM;
		return NULL;
	}
	struct chunk *c = CHUNK(p);
	if (!(c->size & INUSE))
		corrupt("realloc of a freed block", p);
	if (!(c->size & MMAPPED)) {
		struct chunk *nx = NEXT(c);
		if (SZ(c) < need && !(nx->size & INUSE) && SZ(c) + SZ(nx) >= need) {
			bin_remove(nx);                /* grow in place into the free neighbour */
			c->size += SZ(nx);
			NEXT(c)->prev_size = SZ(c);
		}
		if (SZ(c) >= need) {
			split(c, need);
			return p;
		}
	} else if (SZ(c) >= need && SZ(c) - need < MMAP_AT) {
		return p;
	}
	void *q = malloc(n);
	if (!q)
		return NULL;
	memcpy(q, p, SZ(c) - HDR < n ? SZ(c) - HDR : n);
	free(p);
	return q;
}

/* Walk every heap segment and every bin; 0 if consistent, else -1 with a report on fd 2. */
int malloc_check(void)
{
	static const char *why;
	uint32_t free_walk = 0, free_bins = 0;
	why = NULL;
	for (int s = 0; s < nsegs && !why; s++) {
		struct chunk *c = segs[s];
		uint32_t prev = 0;
		int prev_free = 0;
		for (;;) {
			if (c->prev_size != prev) { why = "prev_size does not match"; break; }
			if (SZ(c) == 0)
				break;                         /* the epilogue */
			if ((SZ(c) & 7) || SZ(c) < MIN_CHUNK) { why = "bad chunk size"; break; }
			int is_free = !(c->size & INUSE);
			if (is_free && prev_free) { why = "two free chunks side by side"; break; }
			if (is_free)
				free_walk += SZ(c);
			prev_free = is_free;
			prev = SZ(c);
			c = NEXT(c);
		}
	}
	for (int b = 0; b < NBINS && !why; b++)
		for (struct chunk *c = bins[b]; c && !why; c = c->next) {
			if (c->size & INUSE) why = "chunk in use found in a bin";
			else if (bin_of(SZ(c)) != b) why = "chunk in the wrong bin";
			else if (c->next && c->next->prev != c) why = "broken bin links";
			free_bins += SZ(c);
		}
	if (!why && free_walk != free_bins && nsegs < MAX_SEGS)
		why = "free chunks in the heap and in the bins differ";
	if (why) {
		char buf[96];
		int n = snprintf(buf, sizeof(buf), "malloc_check: %s\n", why);
		write(2, buf, (size_t)n);
		return -1;
	}
	return 0;
}

void malloc_stats(struct malloc_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->heap_bytes = heap_bytes;
	st->mmap_bytes = mmap_bytes;
	for (int b = 0; b < NBINS; b++)
		for (struct chunk *c = bins[b]; c; c = c->next) {
			st->free_bytes += SZ(c);
			st->free_chunks++;
		}
}

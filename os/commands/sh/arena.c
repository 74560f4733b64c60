/* Memory: the parse arena (freed after each command) and checked malloc. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

struct block { struct block *next; size_t used, size; char data[]; };
static struct block *blocks;

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		write(2, "sh: out of memory\n", 18);
		_exit(2);
	}
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		write(2, "sh: out of memory\n", 18);
		_exit(2);
	}
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

void *arena_alloc(size_t n)
{
	n = (n + 7) & ~(size_t)7;
	if (!blocks || blocks->used + n > blocks->size) {
		size_t size = n > 4000 ? n : 4000;
		struct block *b = xmalloc(sizeof(*b) + size);
		b->used = 0;
		b->size = size;
		b->next = blocks;
		blocks = b;
	}
	void *p = blocks->data + blocks->used;
	blocks->used += n;
	memset(p, 0, n);
	return p;
}

char *arena_strndup(const char *s, size_t n)
{
	char *d = arena_alloc(n + 1);
	memcpy(d, s, n);
	d[n] = 0;
	return d;
}

void arena_reset(void)
{
	while (blocks) {
		struct block *b = blocks;
		blocks = b->next;
		free(b);
	}
}

void strv_push(struct strv *sv, char *s)
{
	if (sv->n + 2 > sv->cap) {
		sv->cap = sv->cap ? sv->cap * 2 : 8;
		sv->v = xrealloc(sv->v, sizeof(char *) * (size_t)sv->cap);
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

void strv_free(struct strv *sv)
{
	for (int i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

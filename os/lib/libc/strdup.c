/* strdup and strndup: <string.h> functions that allocate. */
#include <string.h>
#include <stdlib.h>

char *strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	return d ? memcpy(d, s, n) : NULL;
}

char *strndup(const char *s, size_t n)
{
	size_t l = strnlen(s, n);
	char *d = malloc(l + 1);
	if (!d)
		return NULL;
	memcpy(d, s, l);
	d[l] = 0;
	return d;
}

/*
 * The environment: getenv/setenv/unsetenv/putenv.  environ starts as the
 * vector exec left on the stack; the first change copies it to the heap.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static char **owned;        /* environ, once it is ours to grow */
static int owned_len;

static int env_len(void)
{
	int n = 0;
	while (environ && environ[n])
		n++;
	return n;
}

/* Index of name's entry, or -1. */
static int env_find(const char *name, size_t len)
{
	for (int i = 0; environ && environ[i]; i++)
		if (strncmp(environ[i], name, len) == 0 && environ[i][len] == '=')
			return i;
	return -1;
}

char *getenv(const char *name)
{
	int i = env_find(name, strlen(name));
	return i < 0 ? NULL : environ[i] + strlen(name) + 1;
}

static int env_own(int extra)
{
	int n = env_len();
	if (environ == owned && n + extra + 1 <= owned_len)
		return 0;
	int want = n + extra + 8;
	char **v = malloc(sizeof(char *) * (size_t)want);
	if (!v)
		return -1;
	for (int i = 0; i < n; i++)
		v[i] = environ[i];
	v[n] = NULL;
	if (environ == owned)
		free(owned);
	environ = owned = v;
	owned_len = want;
	return 0;
}

/* Put "name=value" string s in place of name's entry or at the end. */
static int env_put(char *s, size_t namelen)
{
	int i = env_find(s, namelen);
	if (env_own(i < 0 ? 1 : 0) < 0) {
		errno = ENOMEM;
		return -1;
	}
	if (i < 0) {
		i = env_len();
		environ[i + 1] = NULL;
	}
	environ[i] = s;
	return 0;
}

int setenv(const char *name, const char *value, int overwrite)
{
	size_t nl = strlen(name);
	if (!nl || strchr(name, '=')) {
		errno = EINVAL;
		return -1;
	}
	if (!overwrite && env_find(name, nl) >= 0)
		return 0;
	size_t vl = strlen(value);
	char *s = malloc(nl + vl + 2);
	if (!s) {
		errno = ENOMEM;
		return -1;
	}
	memcpy(s, name, nl);
	s[nl] = '=';
	memcpy(s + nl + 1, value, vl + 1);
	return env_put(s, nl);              /* the old string may be exec's: it is not freed */
}

int putenv(char *s)
{
	char *eq = strchr(s, '=');
	if (!eq) {
		errno = EINVAL;
		return -1;
	}
	return env_put(s, (size_t)(eq - s));
}

int unsetenv(const char *name)
{
	size_t nl = strlen(name);
	if (!nl || strchr(name, '=')) {
		errno = EINVAL;
		return -1;
	}
	int i;
	while ((i = env_find(name, nl)) >= 0)
		for (; environ[i]; i++)
			environ[i] = environ[i + 1];
	return 0;
}

int clearenv(void)
{
	if (environ == owned)
		free(owned);
	owned = NULL;
	owned_len = 0;
	environ = NULL;
	return 0;
}

/* Shell variables: a list of name, value and whether it is exported. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

struct var {
	char *name, *value;
	int exported;
	struct var *next;
};
static struct var *vars;

int var_valid_name(const char *s, size_t n)
{
	if (n == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
			return 0;
	return 1;
}

static struct var *find(const char *name)
{
	for (struct var *v = vars; v; v = v->next)
		if (strcmp(v->name, name) == 0)
			return v;
	return NULL;
}

const char *var_get(const char *name)
{
	struct var *v = find(name);
	return v ? v->value : NULL;
}

/* export: 1 exports, 0 keeps the current export state. */
int var_set(const char *name, const char *value, int export)
{
	struct var *v = find(name);
	if (!v) {
		v = xmalloc(sizeof(*v));
		v->name = xstrdup(name);
		v->value = NULL;
		v->exported = 0;
		v->next = vars;
		vars = v;
	}
	char *nv = xstrdup(value);
	free(v->value);
	v->value = nv;
	if (export)
		v->exported = 1;
	return 0;
}

int var_unset(const char *name)
{
	for (struct var **p = &vars; *p; p = &(*p)->next)
		if (strcmp((*p)->name, name) == 0) {
			struct var *v = *p;
			*p = v->next;
			free(v->name);
			free(v->value);
			free(v);
			return 0;
		}
	return 0;
}

int var_export(const char *name)
{
	struct var *v = find(name);
	if (!v) {
		var_set(name, "", 1);
		return 0;
	}
	v->exported = 1;
	return 0;
}

static int cmp_var(const void *a, const void *b)
{
	return strcmp((*(struct var *const *)a)->name, (*(struct var *const *)b)->name);
}

void var_print(int exported_only)
{
	int n = 0;
	for (struct var *v = vars; v; v = v->next)
		n++;
	struct var **all = xmalloc(sizeof(*all) * (size_t)(n + 1));
	n = 0;
	for (struct var *v = vars; v; v = v->next)
		if (!exported_only || v->exported)
			all[n++] = v;
	qsort(all, (size_t)n, sizeof(*all), cmp_var);
	for (int i = 0; i < n; i++) {
		printf("%s%s='", exported_only ? "export " : "", all[i]->name);
		for (const char *p = all[i]->value; *p; p++)
			if (*p == '\'')
				fputs("'\\''", stdout);
			else
				putchar(*p);
		printf("'\n");
	}
	free(all);
}

/* The environment of a new program: exported variables, overridden by extra ("NAME=value"). */
char **var_environ(char **extra, int nextra)
{
	int n = 0;
	for (struct var *v = vars; v; v = v->next)
		n += v->exported;
	char **env = xmalloc(sizeof(char *) * (size_t)(n + nextra + 1));
	int k = 0;
	for (struct var *v = vars; v; v = v->next) {
		if (!v->exported)
			continue;
		int overridden = 0;
		size_t nl = strlen(v->name);
		for (int i = 0; i < nextra; i++)
			overridden |= strncmp(extra[i], v->name, nl) == 0 && extra[i][nl] == '=';
		if (overridden)
			continue;
		size_t len = nl + strlen(v->value) + 2;
		env[k] = xmalloc(len);
		snprintf(env[k], len, "%s=%s", v->name, v->value);
		k++;
	}
	for (int i = 0; i < nextra; i++)
		env[k++] = xstrdup(extra[i]);
	env[k] = NULL;
	return env;
}

void var_import(char **env)
{
	for (int i = 0; env && env[i]; i++) {
		char *eq = strchr(env[i], '=');
		if (!eq || !var_valid_name(env[i], (size_t)(eq - env[i])))
			continue;
		char *name = xmalloc((size_t)(eq - env[i]) + 1);
		memcpy(name, env[i], (size_t)(eq - env[i]));
		name[eq - env[i]] = 0;
		var_set(name, eq + 1, 1);
		free(name);
	}
}

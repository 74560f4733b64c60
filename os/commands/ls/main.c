/*
 * ls [-laF1d] [FILE...]: list files, sorted by name.  -l: long format (mode,
 * links, size, time, name); -a: also names starting with '.'; -F: mark
 * directories with / and executables with *; -1: one per line (the default
 * when the output is not a terminal); -d: list directories themselves.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

static int opt_l, opt_a, opt_F, opt_1, opt_d;

struct entry {
	char *name;
	struct stat st;
	int have_st;
};

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static void mode_string(mode_t m, char *s)
{
	s[0] = S_ISDIR(m) ? 'd' : S_ISCHR(m) ? 'c' : S_ISBLK(m) ? 'b' : S_ISFIFO(m) ? 'p' : '-';
	const char *rwx = "rwxrwxrwx";
	for (int i = 0; i < 9; i++)
		s[1 + i] = (m & (0400 >> i)) ? rwx[i] : '-';
	s[10] = 0;
}

static char marker(const struct entry *e)
{
	if (!opt_F || !e->have_st)
		return 0;
	if (S_ISDIR(e->st.st_mode))
		return '/';
	if (S_ISFIFO(e->st.st_mode))
		return '|';
	if (e->st.st_mode & 0111)
		return '*';
	return 0;
}

static void print_long(const struct entry *e)
{
	char mode[11], when[20];
	if (!e->have_st) {
		printf("?????????? %s\n", e->name);
		return;
	}
	mode_string(e->st.st_mode, mode);
	time_t t = e->st.st_mtime;
	strftime(when, sizeof(when), "%b %e %H:%M", gmtime(&t));
	if (S_ISCHR(e->st.st_mode) || S_ISBLK(e->st.st_mode))
		printf("%s %2u root root %3u, %3u %s %s", mode, (unsigned)e->st.st_nlink,
		       (unsigned)MX_MAJOR(e->st.st_rdev), (unsigned)MX_MINOR(e->st.st_rdev), when, e->name);
	else
		printf("%s %2u root root %8ld %s %s", mode, (unsigned)e->st.st_nlink, (long)e->st.st_size, when, e->name);
	char m = marker(e);
	if (m)
		putchar(m);
	putchar('\n');
}

static void print_entries(struct entry *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_entry);
	if (opt_l) {
		for (int i = 0; i < n; i++)
			print_long(&v[i]);
		return;
	}
	if (opt_1) {
		for (int i = 0; i < n; i++) {
			char m = marker(&v[i]);
			printf("%s%s\n", v[i].name, m ? (char[]){ m, 0 } : "");
		}
		return;
	}
	/* Columns, filled down first, for an 80-column terminal. */
	int width = 1;
	for (int i = 0; i < n; i++) {
		int w = (int)strlen(v[i].name) + (marker(&v[i]) ? 1 : 0) + 2;
		if (w > width)
			width = w;
	}
	int cols = 80 / width;
	if (cols < 1)
		cols = 1;
	int rows = (n + cols - 1) / cols;
	for (int r = 0; r < rows; r++) {
		for (int c = 0; c < cols; c++) {
			int i = c * rows + r;
			if (i >= n)
				break;
			char m = marker(&v[i]);
			int len = printf("%s", v[i].name);
			if (m)
				len += printf("%c", m);
			if (c + 1 < cols && i + rows < n)
				printf("%*s", width - len, "");
		}
		putchar('\n');
	}
}

static void free_entries(struct entry *v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

static int list_dir(const char *path)
{
	DIR *d = opendir(path);
	if (!d) {
		fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
		return 1;
	}
	int n = 0, cap = 32;
	struct entry *v = malloc(sizeof(*v) * (size_t)cap);
	struct dirent *e;
	while (v && (e = readdir(d))) {
		if (e->d_name[0] == '.' && !opt_a)
			continue;
		if (n == cap) {
			struct entry *nv = realloc(v, sizeof(*v) * (size_t)(cap *= 2));
			if (!nv)
				break;
			v = nv;
		}
		v[n].name = strdup(e->d_name);
		v[n].have_st = 0;
		if (opt_l || opt_F) {
			char full[PATH_MAX];
			snprintf(full, sizeof(full), "%s/%s", path, e->d_name);
			v[n].have_st = stat(full, &v[n].st) == 0;
		}
		n++;
	}
	closedir(d);
	if (!v) {
		fprintf(stderr, "ls: out of memory\n");
		return 1;
	}
	print_entries(v, n);
	free_entries(v, n);
	return 0;
}

int main(int argc, char **argv)
{
	int i = 1, status = 0;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		for (const char *o = argv[i] + 1; *o; o++)
			switch (*o) {
			case 'l': opt_l = 1; break;
			case 'a': opt_a = 1; break;
			case 'F': opt_F = 1; break;
			case '1': opt_1 = 1; break;
			case 'd': opt_d = 1; break;
			default:
				fprintf(stderr, "usage: ls [-laF1d] [file...]\n");
				return 1;
			}
	}
	if (!isatty(1))
		opt_1 = 1;
	char *dot[] = { ".", NULL };
	char **args = i < argc ? argv + i : dot;
	int nargs = i < argc ? argc - i : 1;
	/* Files first, then each directory with a heading if there are several. */
	struct entry *files = malloc(sizeof(*files) * (size_t)nargs);
	int nfiles = 0, ndirs = 0;
	for (int k = 0; k < nargs; k++) {
		struct stat st;
		if (stat(args[k], &st) < 0) {
			fprintf(stderr, "ls: %s: %s\n", args[k], strerror(errno));
			status = 1;
			continue;
		}
		if (S_ISDIR(st.st_mode) && !opt_d) {
			ndirs++;
			continue;
		}
		files[nfiles].name = strdup(args[k]);
		files[nfiles].st = st;
		files[nfiles].have_st = 1;
		nfiles++;
	}
	if (nfiles)
		print_entries(files, nfiles);
	free_entries(files, nfiles);
	int shown = nfiles;
	for (int k = 0; k < nargs; k++) {
		struct stat st;
		if (opt_d || stat(args[k], &st) < 0 || !S_ISDIR(st.st_mode))
			continue;
		if (nargs > 1)
			printf("%s%s:\n", shown++ ? "\n" : "", args[k]);
		status |= list_dir(args[k]);
	}
	return status;
}

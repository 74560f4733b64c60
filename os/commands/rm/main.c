/* rm [-rf] FILE...: remove files (-r: directories and what they hold; -f: no complaints). */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

static int recursive, force;

static int rm(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		if (force && errno == ENOENT)
			return 0;
		fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (unlink(path) == 0)
			return 0;
		fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (!recursive) {
		fprintf(stderr, "rm: %s: is a directory (use -r)\n", path);
		return 1;
	}
	int status = 0;
	DIR *d = opendir(path);
	if (!d) {
		fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
		return 1;
	}
	struct dirent *e;
	char sub[PATH_MAX];
	/* Removing entries while reading: start over until the directory is empty. */
	for (int again = 1; again; ) {
		again = 0;
		rewinddir(d);
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
			if (rm(sub) == 0)
				again = 1;
			else
				status = 1;
		}
		if (status)
			break;
	}
	closedir(d);
	if (!status && rmdir(path) < 0) {
		fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
		status = 1;
	}
	return status;
}

int main(int argc, char **argv)
{
	int i = 1, status = 0;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		for (const char *o = argv[i] + 1; *o; o++)
			if (*o == 'r' || *o == 'R') recursive = 1;
			else if (*o == 'f') force = 1;
			else {
				fprintf(stderr, "usage: rm [-rf] file...\n");
				return 1;
			}
	}
	if (i >= argc && !force) {
		fprintf(stderr, "usage: rm [-rf] file...\n");
		return 1;
	}
	for (; i < argc; i++)
		status |= rm(argv[i]);
	return status;
}

/* mkdir [-p] DIR...: make directories (-p: with their parents, no error if they exist). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static int make(char *path, int parents)
{
	if (parents) {
		for (char *p = path + 1; *p; p++) {
			if (*p != '/')
				continue;
			*p = 0;
			int r = mkdir(path, 0777);
			int e = errno;
			*p = '/';
			if (r < 0 && e != EEXIST) {
				fprintf(stderr, "mkdir: %s: %s\n", path, strerror(e));
				return 1;
			}
		}
	}
	if (mkdir(path, 0777) < 0) {
		struct stat st;
		if (parents && errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			return 0;
		fprintf(stderr, "mkdir: %s: %s\n", path, strerror(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int i = 1, parents = 0, status = 0;
	if (i < argc && strcmp(argv[i], "-p") == 0)
		parents = 1, i++;
	if (i >= argc) {
		fprintf(stderr, "usage: mkdir [-p] dir...\n");
		return 1;
	}
	for (; i < argc; i++)
		status |= make(argv[i], parents);
	return status;
}

/* mv SRC DST | mv SRC... DIR: rename files. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: mv src dst | mv src... dir\n");
		return 1;
	}
	struct stat st;
	const char *dst = argv[argc - 1];
	int isdir = stat(dst, &st) == 0 && S_ISDIR(st.st_mode);
	if (argc > 3 && !isdir) {
		fprintf(stderr, "mv: %s: not a directory\n", dst);
		return 1;
	}
	int status = 0;
	for (int i = 1; i < argc - 1; i++) {
		char target[PATH_MAX];
		const char *to = dst;
		if (isdir) {
			const char *base = strrchr(argv[i], '/');
			snprintf(target, sizeof(target), "%s/%s", dst, base ? base + 1 : argv[i]);
			to = target;
		}
		if (rename(argv[i], to) < 0) {
			fprintf(stderr, "mv: %s -> %s: %s\n", argv[i], to, strerror(errno));
			status = 1;
		}
	}
	return status;
}

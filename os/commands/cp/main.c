/* cp SRC DST | cp SRC... DIR: copy files. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

static int copy(const char *from, const char *to)
{
	struct stat st;
	char target[PATH_MAX];
	if (stat(to, &st) == 0 && S_ISDIR(st.st_mode)) {
		const char *base = strrchr(from, '/');
		snprintf(target, sizeof(target), "%s/%s", to, base ? base + 1 : from);
		to = target;
	}
	int in = open(from, O_RDONLY);
	if (in < 0) {
		fprintf(stderr, "cp: %s: %s\n", from, strerror(errno));
		return 1;
	}
	if (fstat(in, &st) == 0 && S_ISDIR(st.st_mode)) {
		fprintf(stderr, "cp: %s: is a directory\n", from);
		close(in);
		return 1;
	}
	int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, st.st_mode & 0777);
	if (out < 0) {
		fprintf(stderr, "cp: %s: %s\n", to, strerror(errno));
		close(in);
		return 1;
	}
	static char buf[4096];
	ssize_t n;
	int status = 0;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n) {
			fprintf(stderr, "cp: %s: %s\n", to, strerror(errno));
			status = 1;
			break;
		}
	if (n < 0) {
		fprintf(stderr, "cp: %s: %s\n", from, strerror(errno));
		status = 1;
	}
	close(in);
	close(out);
	return status;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: cp src dst | cp src... dir\n");
		return 1;
	}
	struct stat st;
	if (argc > 3 && (stat(argv[argc - 1], &st) < 0 || !S_ISDIR(st.st_mode))) {
		fprintf(stderr, "cp: %s: not a directory\n", argv[argc - 1]);
		return 1;
	}
	int status = 0;
	for (int i = 1; i < argc - 1; i++)
		status |= copy(argv[i], argv[argc - 1]);
	return status;
}

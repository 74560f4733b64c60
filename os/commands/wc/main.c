/* wc [-lwc] [FILE...]: count lines, words and bytes. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int opt_l, opt_w, opt_c;
static long tl, tw, tc;

static void show(long l, long w, long c, const char *name)
{
	if (opt_l) printf("%7ld", l);
	if (opt_w) printf("%8ld", w);
	if (opt_c) printf("%8ld", c);
	printf("%s%s\n", name ? " " : "", name ? name : "");
}

static int count(int fd, const char *name)
{
	static char buf[4096];
	long l = 0, w = 0, c = 0;
	int inword = 0;
	ssize_t n;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		c += n;
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] == '\n')
				l++;
			if (isspace((unsigned char)buf[i]))
				inword = 0;
			else if (!inword)
				inword = 1, w++;
		}
	}
	if (n < 0) {
		fprintf(stderr, "wc: %s: %s\n", name ? name : "stdin", strerror(errno));
		return 1;
	}
	show(l, w, c, name);
	tl += l, tw += w, tc += c;
	return 0;
}

int main(int argc, char **argv)
{
	int i = 1, status = 0;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++)
		for (const char *o = argv[i] + 1; *o; o++)
			if (*o == 'l') opt_l = 1;
			else if (*o == 'w') opt_w = 1;
			else if (*o == 'c') opt_c = 1;
			else {
				fprintf(stderr, "usage: wc [-lwc] [file...]\n");
				return 1;
			}
	if (!opt_l && !opt_w && !opt_c)
		opt_l = opt_w = opt_c = 1;
	if (i >= argc)
		return count(0, NULL);
	int files = argc - i;
	for (; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			fprintf(stderr, "wc: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		status |= count(fd, argv[i]);
		close(fd);
	}
	if (files > 1)
		show(tl, tw, tc, "total");
	return status;
}

/* head [-n N] [FILE...]: the first N lines (default 10). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int head(FILE *f, long n)
{
	int c;
	while (n > 0 && (c = getc(f)) != EOF) {
		putchar(c);
		if (c == '\n')
			n--;
	}
	return 0;
}

int main(int argc, char **argv)
{
	long n = 10;
	int i = 1, status = 0;
	if (i + 1 < argc && strcmp(argv[i], "-n") == 0) {
		n = atol(argv[i + 1]);
		i += 2;
	} else if (i < argc && argv[i][0] == '-' && argv[i][1] >= '0' && argv[i][1] <= '9') {
		n = atol(argv[i] + 1);
		i++;
	}
	if (i >= argc)
		return head(stdin, n);
	for (int k = i; k < argc; k++) {
		FILE *f = fopen(argv[k], "r");
		if (!f) {
			fprintf(stderr, "head: %s: %s\n", argv[k], strerror(errno));
			status = 1;
			continue;
		}
		if (argc - i > 1)
			printf("%s==> %s <==\n", k > i ? "\n" : "", argv[k]);
		head(f, n);
		fclose(f);
	}
	return status;
}

/* sleep SECONDS: wait (fractions such as 0.5 are allowed). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: sleep seconds\n");
		return 1;
	}
	char *end;
	long sec = strtol(argv[1], &end, 10);
	long ms = 0;
	if (*end == '.') {
		long scale = 100;
		for (end++; *end >= '0' && *end <= '9'; end++, scale /= 10)
			ms += (*end - '0') * scale;
	}
	if (*end || sec < 0) {
		fprintf(stderr, "sleep: bad time '%s'\n", argv[1]);
		return 1;
	}
	struct timespec ts = { (time_t)sec, ms * 1000000 };
	return nanosleep(&ts, NULL) == 0 ? 0 : 1;
}

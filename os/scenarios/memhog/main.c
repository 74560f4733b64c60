/*
 * memhog [-b] [-m] [-c CHUNK_KB]: take memory until VM says no, then give
 * it back.  With -b (brk) the heap grows by CHUNK (default 256 KB) at a
 * time (sbrk directly, then brk back to where it started), with -m (mmap) anonymous mappings of CHUNK are added; default both,
 * brk first.  Every page taken is written, so VM really has to find it.
 * Out of memory must come back as an error (ENOMEM), never as a crash of
 * memhog or of anything else: afterwards memhog frees everything and
 * checks that a fork still works.  Prints one line per phase:
 *   memhog: brk: 93184 KB until ENOMEM
 *   memhog: mmap: 1024 KB until ENOMEM
 *   memhog: freed; fork works
 * Exit status 0 if every phase ended in ENOMEM and the system recovered.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define PAGE 4096
#define MAX_MAPS 4096

static void touch(volatile uint8_t *p, size_t len)
{
	for (size_t off = 0; off < len; off += PAGE)
		p[off] = (uint8_t)(off >> 12);
}

static int hog_brk(size_t chunk)
{
	uint8_t *start = sbrk(0);
	size_t total = 0;
	for (;;) {
		void *p = sbrk((intptr_t)chunk);
		if (p == (void *)-1)
			break;
		touch(p, chunk);
		total += chunk;
	}
	int e = errno;
	printf("memhog: brk: %zu KB until %s\n", total / 1024, e == ENOMEM ? "ENOMEM" : strerror(e));
	if (brk(start) < 0)
		printf("memhog: brk back to the start failed: %s\n", strerror(errno));
	return e == ENOMEM ? 0 : 1;
}

static int hog_mmap(size_t chunk)
{
	static void *maps[MAX_MAPS];
	int n = 0;
	while (n < MAX_MAPS) {
		void *p = mmap(NULL, chunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			break;
		touch(p, chunk);
		maps[n++] = p;
	}
	int e = n == MAX_MAPS ? 0 : errno;
	printf("memhog: mmap: %zu KB in %d mappings until %s\n", (size_t)n * chunk / 1024, n,
	       n == MAX_MAPS ? "the table was full" : e == ENOMEM ? "ENOMEM" : strerror(e));
	for (int i = 0; i < n; i++)
		if (munmap(maps[i], chunk) < 0)
			printf("memhog: munmap: %s\n", strerror(errno));
	return e == ENOMEM ? 0 : 1;
}

int main(int argc, char **argv)
{
	int use_brk = 0, use_mmap = 0, c;
	size_t chunk = 256 * 1024;
	while ((c = getopt(argc, argv, "bmc:h")) != -1) {
		switch (c) {
		case 'b': use_brk = 1; break;
		case 'm': use_mmap = 1; break;
		case 'c': chunk = (size_t)strtoul(optarg, NULL, 10) * 1024; break;
		default:
			fprintf(c == 'h' ? stdout : stderr, "usage: memhog [-b] [-m] [-c CHUNK_KB]\n"
				"Take memory with brk (-b) and/or mmap (-m) until ENOMEM, then free it.\n");
			return c == 'h' ? 0 : 2;
		}
	}
	if (chunk < PAGE || chunk % PAGE) {
		fprintf(stderr, "memhog: CHUNK_KB must be a multiple of 4\n");
		return 2;
	}
	if (!use_brk && !use_mmap)
		use_brk = use_mmap = 1;
	/*
	 * stdout gets a buffer of its own: one malloc'd while the heap is at
	 * its top would be freed with it by brk(start), and the next printf
	 * would write into memory that is no longer mapped.
	 */
	static char outbuf[1024];
	setvbuf(stdout, outbuf, _IOLBF, sizeof(outbuf));
	int bad = 0;
	if (use_brk)
		bad |= hog_brk(chunk);
	if (use_mmap)
		bad |= hog_mmap(chunk);
	pid_t pid = fork();
	if (pid == 0)
		_exit(42);
	int st = 0;
	int ok = pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 42;
	printf("memhog: freed; fork %s\n", ok ? "works" : "FAILED");
	return bad || !ok;
}

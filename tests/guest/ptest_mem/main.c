/*
 * ptest_mem: memory: malloc under a random load with the heap checked
 * (coalescing, no overlap), calloc, realloc, brk/sbrk growing and
 * shrinking, anonymous mmap (zeroed, private, shared across fork), munmap
 * and mprotect enforced with SIGSEGV, and requests too large to satisfy.
 */
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <mxlib.h>
#include "../include/ptest.h"

static int t_malloc_random(void)
{
	enum { SLOTS = 300 };
	static unsigned char *p[SLOTS];
	static size_t sz[SLOTS];
	unsigned seed = 12345;
	for (int round = 0; round < 6000; round++) {
		seed = seed * 1103515245 + 12345;
		int i = (int)((seed >> 16) % SLOTS);
		if (p[i]) {
			for (size_t k = 0; k < sz[i]; k++)
				CHECK(p[i][k] == (unsigned char)(i + k), "block %d damaged at byte %u", i, (unsigned)k);
			free(p[i]);
			p[i] = NULL;
		} else {
			sz[i] = (seed >> 8) % ((seed & 15) == 0 ? 40000 : 500) + 1;
			p[i] = malloc(sz[i]);
			CHECK(p[i], "malloc(%u): %s", (unsigned)sz[i], strerror(errno));
			CHECK(((uintptr_t)p[i] & 7) == 0, "malloc result %p is not 8-aligned", (void *)p[i]);
			for (size_t k = 0; k < sz[i]; k++)
				p[i][k] = (unsigned char)(i + k);
		}
		if (round % 1000 == 0)
			CHECK(malloc_check() == 0, "heap inconsistent at round %d", round);
	}
	for (int i = 0; i < SLOTS; i++) {
		free(p[i]);
		p[i] = NULL;
	}
	CHECK(malloc_check() == 0, "heap inconsistent after freeing everything");
	struct malloc_stats st;
	malloc_stats(&st);
	CHECK(st.free_chunks <= 2, "%u free chunks left: freed neighbours were not merged", (unsigned)st.free_chunks);
	return 0;
}

static int t_calloc_realloc(void)
{
	int *a = calloc(1000, sizeof(int));
	CHECK(a, "calloc");
	for (int i = 0; i < 1000; i++)
		CHECK(a[i] == 0, "calloc memory not zero at %d", i);
	for (int i = 0; i < 1000; i++)
		a[i] = i;
	a = realloc(a, 100000 * sizeof(int));
	CHECK(a, "realloc grow");
	for (int i = 0; i < 1000; i++)
		CHECK(a[i] == i, "realloc lost element %d", i);
	a = realloc(a, 10 * sizeof(int));
	CHECK(a && a[9] == 9, "realloc shrink");
	free(a);
	CHECK(calloc((size_t)1 << 31, 4) == NULL && errno == ENOMEM, "calloc overflow not refused");
	CHECK(malloc((size_t)0xf0000000u) == NULL, "malloc of 3.75 GiB succeeded");
	CHECK(malloc_check() == 0, "heap inconsistent");
	return 0;
}

static int t_big_blocks(void)
{
	enum { N = 8, SIZE = 1 << 20 };
	unsigned char *b[N];
	for (int i = 0; i < N; i++) {
		b[i] = malloc(SIZE);
		CHECK(b[i], "malloc of 1 MiB number %d: %s", i, strerror(errno));
		memset(b[i], i + 1, SIZE);
	}
	for (int i = 0; i < N; i++) {
		CHECK(b[i][0] == i + 1 && b[i][SIZE - 1] == i + 1, "block %d overwritten", i);
		free(b[i]);
	}
	return 0;
}

static int t_sbrk(void)
{
	char *start = sbrk(0);
	CHECK(start != (char *)-1, "sbrk(0): %s", strerror(errno));
	char *old = sbrk(3 * 4096);
	CHECK(old == start, "sbrk returned %p, break was %p", (void *)old, (void *)start);
	CHECK(sbrk(0) == start + 3 * 4096, "break did not move");
	for (int i = 0; i < 3 * 4096; i += 512)
		start[i] = (char)i;
	for (int i = 0; i < 3 * 4096; i += 512)
		CHECK(start[i] == (char)i, "new heap memory did not keep data");
	CHECK(sbrk(-3 * 4096) != (char *)-1, "shrink: %s", strerror(errno));
	CHECK(sbrk(0) == start, "break after shrink");
	CHECK(brk((void *)0xbfff0000) == -1 && errno == ENOMEM, "brk into the stack was allowed");
	CHECK(brk((void *)0x1000) == -1, "brk below the heap was allowed");
	CHECK(sbrk(0) == start, "failed brk moved the break");
	return 0;
}

static volatile char *poke_at;

static void poke(void)
{
	*poke_at = 1;
}

static int t_brk_shrink_unmaps(void)
{
	char *start = sbrk(0);
	CHECK(sbrk(8 * 4096) == start, "grow");
	char *page = (char *)(((uintptr_t)start + 4 * 4096 + 4095) & ~(uintptr_t)4095);
	*page = 1;
	CHECK(sbrk(-8 * 4096) != (char *)-1, "shrink");
	poke_at = page;
	int st = ptest_in_child(poke);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "write above the shrunken break: %s", ptest_status(st));
	return 0;
}

static int t_mmap_anon(void)
{
	size_t len = 5 * 4096;
	unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
	CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	CHECK(((uintptr_t)p & 4095) == 0, "mmap result not page-aligned");
	for (size_t i = 0; i < len; i += 97)
		CHECK(p[i] == 0, "new mapping not zero at %u", (unsigned)i);
	memset(p, 0xab, len);
	CHECK(p[len - 1] == 0xab, "write to the mapping");
	CHECK_SYS(munmap(p, len));
	poke_at = (volatile char *)p;
	int st = ptest_in_child(poke);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "access after munmap: %s", ptest_status(st));
	return 0;
}

static int t_mmap_errors(void)
{
	CHECK(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANON, -1, 0) == MAP_FAILED && errno == EINVAL, "zero length");
	CHECK(mmap(NULL, 0xe0000000u, PROT_READ, MAP_PRIVATE | MAP_ANON, -1, 0) == MAP_FAILED, "3.5 GiB mapping succeeded");
	CHECK(mmap(NULL, 4096, PROT_READ, MAP_ANON, -1, 0) == MAP_FAILED && errno == EINVAL, "neither shared nor private");
	CHECK_ERR(munmap((void *)0x1001, 4096), EINVAL);
	CHECK(mmap((void *)0x1234, 4096, PROT_READ, MAP_PRIVATE | MAP_ANON | MAP_FIXED, -1, 0) == MAP_FAILED,
	      "unaligned MAP_FIXED succeeded");
	return 0;
}

static int t_mmap_shared_fork(void)
{
	volatile int *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANON, -1, 0);
	volatile int *private = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
	CHECK(shared != MAP_FAILED && private != MAP_FAILED, "mmap: %s", strerror(errno));
	shared[0] = 1;
	private[0] = 1;
	pid_t pid = fork();
	if (pid == 0) {
		shared[0] = 2;
		private[0] = 2;
		_exit(0);
	}
	int st = ptest_wait(pid);
	CHECK(WIFEXITED(st), "child: %s", ptest_status(st));
	CHECK(shared[0] == 2, "MAP_SHARED: the child's write is not visible (%d)", shared[0]);
	CHECK(private[0] == 1, "MAP_PRIVATE: the child's write leaked into the parent");
	munmap((void *)shared, 4096);
	munmap((void *)private, 4096);
	return 0;
}

static int t_mprotect(void)
{
	char *p = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
	CHECK(p != MAP_FAILED, "mmap");
	p[0] = 'x';
	CHECK_SYS(mprotect(p, 2 * 4096, PROT_READ));
	CHECK(p[0] == 'x', "read after mprotect");
	poke_at = p;
	int st = ptest_in_child(poke);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "write to read-only memory: %s", ptest_status(st));
	CHECK_SYS(mprotect(p, 2 * 4096, PROT_READ | PROT_WRITE));
	p[1] = 'y';
	CHECK(p[1] == 'y', "write after making it writable again");
	munmap(p, 2 * 4096);
	return 0;
}

static int t_many_mappings(void)
{
	void *m[40];
	for (int i = 0; i < 40; i++) {
		m[i] = mmap(NULL, 4096 * (size_t)(1 + i % 3), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
		CHECK(m[i] != MAP_FAILED, "mapping %d: %s", i, strerror(errno));
		*(int *)m[i] = i;
	}
	for (int i = 0; i < 40; i++) {
		CHECK(*(int *)m[i] == i, "mapping %d holds %d", i, *(int *)m[i]);
		CHECK_SYS(munmap(m[i], 4096 * (size_t)(1 + i % 3)));
	}
	return 0;
}

static int pread_byte(int fd, off_t at, char *c)
{
	if (lseek(fd, at, SEEK_SET) != at || read(fd, c, 1) != 1)
		return -1;
	return 0;
}

static int t_mmap_file(void)
{
	const char *path = "/tmp/ptest_mem.map";
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK_SYS(fd);
	static char page[4096 + 100];
	for (size_t i = 0; i < sizeof(page); i++)
		page[i] = (char)('a' + i % 26);
	CHECK(write(fd, page, sizeof(page)) == (ssize_t)sizeof(page), "write: %s", strerror(errno));
	char *p = mmap(NULL, sizeof(page), PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED, "mmap of a file: %s", strerror(errno));
	CHECK(memcmp(p, page, sizeof(page)) == 0, "the mapping does not hold the file");
	CHECK(p[sizeof(page)] == 0 && p[8191] == 0, "the rest of the last page is not zero");
	CHECK_SYS(munmap(p, sizeof(page)));
	p = mmap(NULL, 100, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 4096);
	CHECK(p != MAP_FAILED, "mmap at offset 4096: %s", strerror(errno));
	CHECK(memcmp(p, page + 4096, 100) == 0, "offset mapping");
	p[0] = '!';                                /* private: the file keeps its byte */
	CHECK_SYS(munmap(p, 100));
	char c;
	CHECK(pread_byte(fd, 4096, &c) == 0 && c == page[4096], "a private mapping's write reached the file");
	CHECK(mmap(NULL, 100, PROT_READ, MAP_PRIVATE, fd, 100) == MAP_FAILED && errno == EINVAL, "unaligned offset");
	CHECK(mmap(NULL, 100, PROT_READ, MAP_PRIVATE, 99, 0) == MAP_FAILED && errno == EBADF, "bad descriptor");
	close(fd);
	unlink(path);
	return 0;
}

static const struct ptest tests[] = {
	{ "malloc_random", t_malloc_random },
	{ "calloc_realloc", t_calloc_realloc },
	{ "big_blocks", t_big_blocks },
	{ "sbrk", t_sbrk },
	{ "brk_shrink_unmaps", t_brk_shrink_unmaps },
	{ "mmap_anon", t_mmap_anon },
	{ "mmap_errors", t_mmap_errors },
	{ "mmap_shared_fork", t_mmap_shared_fork },
	{ "mprotect", t_mprotect },
	{ "many_mappings", t_many_mappings },
	{ "mmap_file", t_mmap_file },
};

int main(void)
{
	return ptest_main("mem", tests, PTEST_COUNT(tests));
}

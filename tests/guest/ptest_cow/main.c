/*
 * ptest_cow: copy-on-write after fork: data, bss, heap, stack and private
 * mappings; each side sees its own writes and not the other's, in both
 * directions, across a large region, through grandchildren and after the
 * parent writes first.
 */
#include <sys/mman.h>
#include "../include/ptest.h"

#define BIG (512 * 1024)

static int data_word = 100;
static int bss_word;
static unsigned char big[BIG];

/* The child's view, sent back through a pipe. */
struct view { int data, bss, heap, stack, map; unsigned sum; };

static unsigned sum_big(void)
{
	unsigned s = 0;
	for (int i = 0; i < BIG; i += 64)
		s = s * 31 + big[i];
	return s;
}

static int t_child_writes(void)
{
	int stack_word = 300;
	int *heap = malloc(sizeof(int));
	int *map = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
	CHECK(heap && map != MAP_FAILED, "allocation");
	*heap = 200;
	*map = 400;
	bss_word = 500;
	pid_t pid = fork();
	if (pid == 0) {
		data_word = 1;
		bss_word = 5;
		*heap = 2;
		stack_word = 3;
		*map = 4;
		_exit(data_word + bss_word + *heap + stack_word + *map == 15 ? 0 : 1);
	}
	int st = ptest_wait(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child did not see its own writes: %s", ptest_status(st));
	CHECK(data_word == 100, "data changed to %d", data_word);
	CHECK(bss_word == 500, "bss changed to %d", bss_word);
	CHECK(*heap == 200, "heap changed to %d", *heap);
	CHECK(stack_word == 300, "stack changed to %d", stack_word);
	CHECK(*map == 400, "private mapping changed to %d", *map);
	free(heap);
	munmap(map, 4096);
	return 0;
}

static int t_parent_writes(void)
{
	int p[2], go[2];
	CHECK_SYS(pipe(p));
	CHECK_SYS(pipe(go));
	data_word = 7;
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		read(go[0], &c, 1);                    /* wait until the parent has written */
		struct view v = { data_word, 0, 0, 0, 0, 0 };
		write(p[1], &v, sizeof(v));
		_exit(0);
	}
	data_word = 8;                              /* after fork: the child must keep 7 */
	write(go[1], "g", 1);
	struct view v;
	CHECK(read(p[0], &v, sizeof(v)) == sizeof(v), "no report from the child");
	ptest_wait(pid);
	close(p[0]); close(p[1]); close(go[0]); close(go[1]);
	CHECK(v.data == 7, "child saw the parent's later write (%d)", v.data);
	CHECK(data_word == 8, "parent lost its write");
	return 0;
}

static int t_big_region(void)
{
	for (int i = 0; i < BIG; i++)
		big[i] = (unsigned char)(i * 3);
	unsigned before = sum_big();
	pid_t pid = fork();
	if (pid == 0) {
		for (int i = 0; i < BIG; i++)
			big[i] = (unsigned char)(i * 5 + 1);
		for (int i = 0; i < BIG; i += 4093)
			if (big[i] != (unsigned char)(i * 5 + 1))
				_exit(1);
		_exit(0);
	}
	int st = ptest_wait(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child: %s", ptest_status(st));
	CHECK(sum_big() == before, "the parent's 512 KiB changed under it");
	return 0;
}

static int t_generations(void)
{
	data_word = 1;
	int p[2];
	CHECK_SYS(pipe(p));
	pid_t pid = fork();
	if (pid == 0) {
		data_word = 2;
		pid_t g = fork();
		if (g == 0) {
			int seen = data_word;               /* 2: the child's value */
			data_word = 3;
			write(p[1], &seen, sizeof(seen));
			_exit(0);
		}
		ptest_wait(g);
		write(p[1], &data_word, sizeof(data_word));   /* still 2 */
		_exit(0);
	}
	int a = 0, b = 0;
	CHECK(read(p[0], &a, sizeof(a)) == sizeof(a) && read(p[0], &b, sizeof(b)) == sizeof(b), "reports");
	ptest_wait(pid);
	close(p[0]);
	close(p[1]);
	CHECK(a == 2, "grandchild saw %d, want its parent's 2", a);
	CHECK(b == 2, "child saw %d after its child wrote, want 2", b);
	CHECK(data_word == 1, "grandparent has %d", data_word);
	return 0;
}

static int t_many_children(void)
{
	enum { N = 8 };
	data_word = 50;
	pid_t kids[N];
	for (int i = 0; i < N; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			for (int k = 0; k < 1000; k++)
				data_word += i;
			big[i * 4096] = (unsigned char)i;
			_exit(data_word == 50 + 1000 * i ? 0 : 1);
		}
		CHECK_SYS(kids[i]);
	}
	for (int i = 0; i < N; i++) {
		int st = ptest_wait(kids[i]);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child %d: %s", i, ptest_status(st));
	}
	CHECK(data_word == 50, "parent's word is %d", data_word);
	return 0;
}

static const struct ptest tests[] = {
	{ "child_writes", t_child_writes },
	{ "parent_writes", t_parent_writes },
	{ "big_region", t_big_region },
	{ "generations", t_generations },
	{ "many_children", t_many_children },
};

int main(void)
{
	return ptest_main("cow", tests, PTEST_COUNT(tests));
}

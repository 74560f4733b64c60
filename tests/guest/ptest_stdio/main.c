/*
 * ptest_stdio: the C library's streams and formatting: printf conversions,
 * sscanf, fopen modes, fgets/fputs, fread/fwrite, fseek/ftell, ungetc,
 * buffering modes, getline, popen, perror, strtol and friends, qsort.
 */
#include <ctype.h>
#include <fcntl.h>
#include <limits.h>
#include <time.h>
#include "../include/ptest.h"

#define F "/tmp/ptest_stdio.txt"

static int t_printf(void)
{
	char b[128];
	snprintf(b, sizeof(b), "[%d|%5d|%-5d|%05d|%+d|%x|%X|%#x|%o|%u|%c|%s|%.2s|%10s|%-3s|%%]",
		 -7, 42, 42, 42, 3, 255, 255, 255, 8, 4000000000u, 'z', "str", "abc", "r", "l");
	CHECK(strcmp(b, "[-7|   42|42   |00042|+3|ff|FF|0xff|10|4000000000|z|str|ab|         r|l  |%]") == 0, "got %s", b);
	snprintf(b, sizeof(b), "%lld %llu %llx %ld %hd %hhu %zu %p", -9000000000LL, 18000000000ULL, 0x123456789aULL,
		 -2147483647L - 1, (short)-3, (unsigned char)300, (size_t)17, (void *)0x1234);
	CHECK(strcmp(b, "-9000000000 18000000000 123456789a -2147483648 -3 44 17 0x1234") == 0, "got %s", b);
	CHECK(snprintf(b, 4, "%s", "truncated") == 9 && strcmp(b, "tru") == 0, "truncation: %s", b);
	snprintf(b, sizeof(b), "%*d|%-*d|%.*d", 4, 1, 3, 2, 3, 5);
	CHECK(strcmp(b, "   1|2  |005") == 0, "star widths: %s", b);
	return 0;
}

static int t_sscanf(void)
{
	int a, c;
	unsigned u;
	long l;
	char s[16], t[16];
	CHECK(sscanf("12 -34 0x1f word", "%d %d %x %15s", &a, &c, &u, s) == 4 && a == 12 && c == -34 && u == 31 &&
	      strcmp(s, "word") == 0, "basic conversions");
	CHECK(sscanf("key=value;", "%15[^=]=%15[^;]", s, t) == 2 && !strcmp(s, "key") && !strcmp(t, "value"), "scansets");
	CHECK(sscanf("010 0x10 10", "%i %i %ld", &a, &c, &l) == 3 && a == 8 && c == 16 && l == 10, "%%i bases");
	int n = -1;
	CHECK(sscanf("abc 7", "abc %d%n", &a, &n) == 1 && a == 7 && n == 5, "%%n gave %d", n);
	CHECK(sscanf("x", "%d", &a) == 0, "a failed match should assign nothing");
	CHECK(sscanf("", "%d", &a) == EOF, "empty input should give EOF");
	return 0;
}

static int t_file_rw(void)
{
	FILE *f = fopen(F, "w");
	CHECK(f, "fopen w: %s", strerror(errno));
	for (int i = 0; i < 100; i++)
		fprintf(f, "line %d\n", i);
	CHECK(fclose(f) == 0, "fclose");
	f = fopen(F, "r");
	CHECK(f, "fopen r");
	char line[64];
	int i = 0;
	while (fgets(line, sizeof(line), f)) {
		char want[32];
		snprintf(want, sizeof(want), "line %d\n", i);
		CHECK(strcmp(line, want) == 0, "line %d reads '%s'", i, line);
		i++;
	}
	CHECK(i == 100 && feof(f) && !ferror(f), "read %d lines", i);
	fclose(f);
	f = fopen(F, "a");
	fputs("appended\n", f);
	fclose(f);
	f = fopen(F, "r+");
	CHECK(f, "fopen r+");
	CHECK(fseek(f, -9, SEEK_END) == 0, "fseek");
	CHECK(fgets(line, sizeof(line), f) && strcmp(line, "appended\n") == 0, "after fseek: '%s'", line);
	CHECK(fseek(f, 5, SEEK_SET) == 0 && ftell(f) == 5, "ftell %ld", ftell(f));
	CHECK(fputc('X', f) == 'X', "fputc");
	rewind(f);
	CHECK(fgets(line, sizeof(line), f) && strcmp(line, "line X\n") == 0, "write in the middle: '%s'", line);
	fclose(f);
	CHECK(fopen("/tmp/does/not/exist", "r") == NULL && errno == ENOENT, "fopen of a missing file");
	return 0;
}

static int t_fread_fwrite(void)
{
	static int data[5000], back[5000];
	for (int i = 0; i < 5000; i++)
		data[i] = i * i;
	FILE *f = fopen(F, "w+");
	CHECK(f, "fopen w+");
	CHECK(fwrite(data, sizeof(int), 5000, f) == 5000, "fwrite");
	rewind(f);
	CHECK(fread(back, sizeof(int), 5000, f) == 5000, "fread");
	CHECK(memcmp(data, back, sizeof(data)) == 0, "data differs");
	CHECK(fread(back, 1, 1, f) == 0 && feof(f), "end of file");
	clearerr(f);
	CHECK(!feof(f), "clearerr");
	fclose(f);
	return 0;
}

static int t_ungetc_getline(void)
{
	FILE *f = fopen(F, "w");
	fputs("ab\nsecond line\nno newline", f);
	fclose(f);
	f = fopen(F, "r");
	int c = fgetc(f);
	CHECK(c == 'a', "fgetc");
	CHECK(ungetc('Z', f) == 'Z', "ungetc");
	CHECK(fgetc(f) == 'Z' && fgetc(f) == 'b', "after ungetc");
	char *line = NULL;
	size_t cap = 0;
	CHECK(getline(&line, &cap, f) == 1, "getline of the rest of line 1");
	CHECK(getline(&line, &cap, f) == 12 && strcmp(line, "second line\n") == 0, "getline: '%s'", line);
	CHECK(getline(&line, &cap, f) == 10 && strcmp(line, "no newline") == 0, "last line: '%s'", line);
	CHECK(getline(&line, &cap, f) == -1, "getline at end of file");
	free(line);
	fclose(f);
	return 0;
}

static int t_buffering(void)
{
	int p[2];
	CHECK_SYS(pipe(p));
	FILE *w = fdopen(p[1], "w");
	CHECK(w, "fdopen");
	CHECK(setvbuf(w, NULL, _IOFBF, 256) == 0, "setvbuf");
	fputs("held", w);
	int fl = fcntl(p[0], F_GETFL);
	fcntl(p[0], F_SETFL, fl | O_NONBLOCK);
	char buf[16];
	CHECK(read(p[0], buf, sizeof(buf)) == -1 && errno == EAGAIN, "fully buffered output went out early");
	fflush(w);
	CHECK(read(p[0], buf, sizeof(buf)) == 4, "fflush did not write");
	setvbuf(w, NULL, _IOLBF, 256);
	fputs("line\n", w);
	CHECK(read(p[0], buf, sizeof(buf)) == 5, "line buffering did not write at the newline");
	setvbuf(w, NULL, _IONBF, 0);
	fputc('u', w);
	CHECK(read(p[0], buf, sizeof(buf)) == 1, "unbuffered output was held");
	fclose(w);
	close(p[0]);
	return 0;
}

static int t_popen(void)
{
	FILE *f = popen("echo from a child; echo second", "r");
	CHECK(f, "popen: %s", strerror(errno));
	char line[64];
	CHECK(fgets(line, sizeof(line), f) && strcmp(line, "from a child\n") == 0, "popen line 1: '%s'", line);
	CHECK(fgets(line, sizeof(line), f) && strcmp(line, "second\n") == 0, "popen line 2");
	int st = pclose(f);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "pclose: %s", ptest_status(st));
	f = popen("exit 3", "r");
	CHECK(f, "popen");
	st = pclose(f);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3, "pclose of exit 3: %s", ptest_status(st));
	f = popen("cat > " F, "w");
	fputs("through popen\n", f);
	pclose(f);
	f = fopen(F, "r");
	CHECK(f && fgets(line, sizeof(line), f) && strcmp(line, "through popen\n") == 0, "popen for writing");
	fclose(f);
	return 0;
}

static int t_perror(void)
{
	int p[2];
	CHECK_SYS(pipe(p));
	int saved = dup(2);
	dup2(p[1], 2);
	errno = ENOENT;
	perror("prefix");
	dup2(saved, 2);
	close(saved);
	close(p[1]);
	char buf[64] = { 0 };
	read(p[0], buf, sizeof(buf) - 1);
	close(p[0]);
	CHECK(strcmp(buf, "prefix: no such file or directory\n") == 0, "perror wrote '%s'", buf);
	CHECK(strcmp(strerror(EINTR), "interrupted call") == 0, "strerror(EINTR) = %s", strerror(EINTR));
	return 0;
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static int t_stdlib(void)
{
	char *end;
	CHECK(strtol("  -123xyz", &end, 10) == -123 && strcmp(end, "xyz") == 0, "strtol");
	CHECK(strtoul("ff", NULL, 16) == 255 && strtol("0x10", NULL, 0) == 16 && strtol("017", NULL, 0) == 15, "bases");
	CHECK(atoi("42") == 42 && atol("-7") == -7, "atoi");
	int v[200];
	for (int i = 0; i < 200; i++)
		v[i] = (i * 7919) % 200;
	qsort(v, 200, sizeof(int), cmp_int);
	for (int i = 0; i < 200; i++)
		CHECK(v[i] == i, "qsort: v[%d] = %d", i, v[i]);
	CHECK(setenv("PTEST_X", "1", 1) == 0 && strcmp(getenv("PTEST_X"), "1") == 0, "setenv");
	CHECK(unsetenv("PTEST_X") == 0 && getenv("PTEST_X") == NULL, "unsetenv");
	char b[64];
	time_t t = 951782400;                       /* 2000-02-29 */
	strftime(b, sizeof(b), "%Y-%m-%d %H:%M:%S %a %b", gmtime(&t));
	CHECK(strcmp(b, "2000-02-29 00:00:00 Tue Feb") == 0, "strftime: %s", b);
	CHECK(time(NULL) > 1600000000, "time() is %ld", (long)time(NULL));
	return 0;
}

static const struct ptest tests[] = {
	{ "printf", t_printf },
	{ "sscanf", t_sscanf },
	{ "file_rw", t_file_rw },
	{ "fread_fwrite", t_fread_fwrite },
	{ "ungetc_getline", t_ungetc_getline },
	{ "buffering", t_buffering },
	{ "popen", t_popen },
	{ "perror", t_perror },
	{ "stdlib", t_stdlib },
};

int main(void)
{
	int r = ptest_main("stdio", tests, PTEST_COUNT(tests));
	unlink(F);
	return r;
}

/* echo [-n] [-e] [ARGS...]: print the arguments (the shell's builtin does the same). */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	int i = 1, nl = 1, esc = 0;
	for (; i < argc && argv[i][0] == '-' && argv[i][1] && strspn(argv[i] + 1, "neE") == strlen(argv[i] + 1); i++)
		for (const char *o = argv[i] + 1; *o; o++)
			if (*o == 'n') nl = 0;
			else esc = *o == 'e';
	for (int first = 1; i < argc; i++, first = 0) {
		if (!first)
			putchar(' ');
		for (const char *p = argv[i]; *p; p++) {
			if (!esc || *p != '\\' || !p[1]) {
				putchar(*p);
				continue;
			}
			switch (*++p) {
			case 'n': putchar('\n'); break;
			case 't': putchar('\t'); break;
			case '\\': putchar('\\'); break;
			case 'c': return 0;
			default: putchar('\\'); putchar(*p); break;
			}
		}
	}
	if (nl)
		putchar('\n');
	return 0;
}

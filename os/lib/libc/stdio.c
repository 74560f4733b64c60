/*
 * Buffered streams.  A stream is either reading (rpos/rlen over buf) or
 * writing (wlen bytes pending in buf), never both: switching direction
 * flushes or seeks back over read-ahead.  stdin and stdout are line
 * buffered when they are terminals and fully buffered otherwise; stderr is
 * unbuffered.  The mode is decided at a stream's first use.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "libc.h"

#define F_READ   0x01      /* opened for reading */
#define F_WRITE  0x02      /* opened for writing */
#define F_EOF    0x04
#define F_ERR    0x08
#define F_MYBUF  0x10      /* buf was allocated by stdio */
#define F_APPEND 0x20
#define F_TTYCHK 0x40      /* the buffering mode follows isatty() at first use */

struct FILE {
	int fd;
	int flags;             /* F_* */
	int mode;              /* _IOFBF, _IOLBF or _IONBF */
	unsigned char *buf;
	size_t size;
	size_t rpos, rlen;     /* reading: next byte, bytes valid */
	size_t wlen;           /* writing: bytes waiting */
	int ungot;             /* a byte pushed back by ungetc, or EOF */
	FILE *next;            /* every open stream */
};

static unsigned char inbuf[BUFSIZ], outbuf[BUFSIZ];
static FILE f_stdin  = { 0, F_READ | F_TTYCHK, _IOLBF, inbuf, BUFSIZ, 0, 0, 0, EOF, NULL };
static FILE f_stdout = { 1, F_WRITE | F_TTYCHK, _IOLBF, outbuf, BUFSIZ, 0, 0, 0, EOF, &f_stdin };
static FILE f_stderr = { 2, F_WRITE, _IONBF, NULL, 0, 0, 0, 0, EOF, &f_stdout };
FILE *stdin = &f_stdin, *stdout = &f_stdout, *stderr = &f_stderr;
static FILE *streams = &f_stderr;

static void flush_all(void)
{
	fflush(NULL);
}
void (*__libc_flush_hook)(void) = flush_all;

static void check_tty(FILE *f)
{
	if (!(f->flags & F_TTYCHK))
		return;
	f->flags &= ~F_TTYCHK;
	if (f->mode == _IOLBF && !isatty(f->fd))
		f->mode = _IOFBF;
}

/* Write all of p, retrying short writes; -1 on error. */
static int write_all(FILE *f, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(f->fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			f->flags |= F_ERR;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int flush_out(FILE *f)
{
	if (!f->wlen)
		return 0;
	size_t n = f->wlen;
	f->wlen = 0;
	return write_all(f, f->buf, n);
}

/* Get f ready for writing: drop read-ahead (seeking back over it). */
static int to_write(FILE *f)
{
	if (!(f->flags & F_WRITE)) {
		f->flags |= F_ERR;
		errno = EBADF;
		return -1;
	}
	check_tty(f);
	if (f->rlen > f->rpos || f->ungot != EOF)
		lseek(f->fd, -(off_t)(f->rlen - f->rpos + (f->ungot != EOF)), SEEK_CUR);
	f->rpos = f->rlen = 0;
	f->ungot = EOF;
	if (!f->buf && f->mode != _IONBF) {
		f->buf = malloc(BUFSIZ);
		if (f->buf) {
			f->size = BUFSIZ;
			f->flags |= F_MYBUF;
		} else {
			f->mode = _IONBF;
		}
	}
	return 0;
}

int fflush(FILE *f)
{
	if (!f) {
		int r = 0;
		for (FILE *s = streams; s; s = s->next)
			if (s->wlen && fflush(s) < 0)
				r = EOF;
		return r;
	}
	if (f->wlen)
		return flush_out(f) < 0 ? EOF : 0;
	if (f->rlen > f->rpos || f->ungot != EOF) {
		/* Input: give the unread bytes back to the file where it can seek. */
		if (lseek(f->fd, -(off_t)(f->rlen - f->rpos + (f->ungot != EOF)), SEEK_CUR) >= 0) {
			f->rpos = f->rlen = 0;
			f->ungot = EOF;
		}
	}
	return 0;
}

size_t fwrite(const void *p, size_t size, size_t n, FILE *f)
{
	size_t total = size * n;
	if (!total || to_write(f) < 0)
		return 0;
	const unsigned char *s = p;
	if (f->mode == _IONBF || total >= f->size) {
		if (flush_out(f) < 0 || write_all(f, s, total) < 0)
			return 0;
		return n;
	}
	size_t done = 0;
	while (done < total) {
		size_t room = f->size - f->wlen, k = total - done < room ? total - done : room;
		memcpy(f->buf + f->wlen, s + done, k);
		f->wlen += k;
		done += k;
		if (f->wlen == f->size && flush_out(f) < 0)
			return done / size;
	}
	if (f->mode == _IOLBF && memchr(s, '\n', total) && flush_out(f) < 0)
		return 0;
	return n;
}

int fputc(int c, FILE *f)
{
	unsigned char ch = (unsigned char)c;
	return fwrite(&ch, 1, 1, f) == 1 ? ch : EOF;
}

int putc(int c, FILE *f) { return fputc(c, f); }
int putchar(int c) { return fputc(c, stdout); }

int fputs(const char *s, FILE *f)
{
	size_t n = strlen(s);
	return n == 0 || fwrite(s, 1, n, f) == n ? 0 : EOF;
}

int puts(const char *s)
{
	return fputs(s, stdout) < 0 || fputc('\n', stdout) < 0 ? EOF : 0;
}

/* Make input available in f's buffer; 0, or EOF at end of file or on error. */
static int fill(FILE *f)
{
	if (!(f->flags & F_READ)) {
		f->flags |= F_ERR;
		errno = EBADF;
		return EOF;
	}
	check_tty(f);
	if (f->wlen && flush_out(f) < 0)
		return EOF;
	/* Reading a line from a terminal: show the prompt first. */
	if (f->mode != _IOFBF)
		for (FILE *s = streams; s; s = s->next)
			if (s->mode == _IOLBF && s->wlen)
				flush_out(s);
	if (!f->buf) {
		f->buf = malloc(BUFSIZ);
		if (f->buf) {
			f->size = BUFSIZ;
			f->flags |= F_MYBUF;
		}
	}
	unsigned char one;
	unsigned char *dst = f->buf ? f->buf : &one;
	size_t room = f->buf && f->mode != _IONBF ? f->size : 1;
	ssize_t n = read(f->fd, dst, room);   /* EINTR is an error: Ctrl-C ends a line being read */
	if (n <= 0) {
		f->flags |= n == 0 ? F_EOF : F_ERR;
		return EOF;
	}
	if (dst == &one) {
		f->ungot = one;
		return 0;
	}
	f->rpos = 0;
	f->rlen = (size_t)n;
	return 0;
}

int fgetc(FILE *f)
{
	if (f->ungot != EOF) {
		int c = f->ungot;
		f->ungot = EOF;
		return c;
	}
	if (f->rpos >= f->rlen) {
		if (fill(f) == EOF)
			return EOF;
		if (f->ungot != EOF)
			return fgetc(f);
	}
	return f->buf[f->rpos++];
}

int getc(FILE *f) { return fgetc(f); }
int getchar(void) { return fgetc(stdin); }

int ungetc(int c, FILE *f)
{
	if (c == EOF || f->ungot != EOF)
		return EOF;
	if (f->rpos > 0 && f->rpos <= f->rlen && f->buf[f->rpos - 1] == (unsigned char)c) {
		f->rpos--;
	} else {
		f->ungot = (unsigned char)c;
	}
	f->flags &= ~F_EOF;
	return (unsigned char)c;
}

size_t fread(void *p, size_t size, size_t n, FILE *f)
{
	size_t total = size * n, done = 0;
	unsigned char *d = p;
	if (!total)
		return 0;
	if (f->ungot != EOF) {
		d[done++] = (unsigned char)f->ungot;
		f->ungot = EOF;
	}
	while (done < total) {
		if (f->rpos < f->rlen) {
			size_t k = f->rlen - f->rpos < total - done ? f->rlen - f->rpos : total - done;
			memcpy(d + done, f->buf + f->rpos, k);
			f->rpos += k;
			done += k;
			continue;
		}
		if (total - done >= f->size && f->size && (f->flags & F_READ) && !f->wlen) {
			ssize_t r = read(f->fd, d + done, total - done);   /* large reads bypass the buffer */
			if (r <= 0) {
				f->flags |= r == 0 ? F_EOF : F_ERR;
				break;
			}
			done += (size_t)r;
			continue;
		}
		int c = fgetc(f);
		if (c == EOF)
			break;
		d[done++] = (unsigned char)c;
	}
	return done / size;
}

char *fgets(char *s, int n, FILE *f)
{
	int i = 0;
	if (n <= 0)
		return NULL;
	while (i < n - 1) {
		/* Copy straight out of the buffer up to a newline. */
		if (f->ungot == EOF && f->rpos < f->rlen) {
			size_t avail = f->rlen - f->rpos, want = (size_t)(n - 1 - i);
			size_t k = avail < want ? avail : want;
			unsigned char *nl = memchr(f->buf + f->rpos, '\n', k);
			if (nl)
				k = (size_t)(nl - (f->buf + f->rpos)) + 1;
			memcpy(s + i, f->buf + f->rpos, k);
			f->rpos += k;
			i += (int)k;
			if (nl)
				break;
			continue;
		}
		int c = fgetc(f);
		if (c == EOF)
			break;
		s[i++] = (char)c;
		if (c == '\n')
			break;
	}
	if (i == 0)
		return NULL;
	s[i] = 0;
	return s;
}

ssize_t getdelim(char **line, size_t *cap, int delim, FILE *f)
{
	size_t n = 0;
	for (;;) {
		int c = fgetc(f);
		if (c == EOF)
			break;
		if (n + 2 > *cap) {
			size_t nc = *cap ? *cap * 2 : 128;
			char *p = realloc(*line, nc);
			if (!p) {
				f->flags |= F_ERR;
				return -1;
			}
			*line = p;
			*cap = nc;
		}
		(*line)[n++] = (char)c;
		if (c == delim)
			break;
	}
	if (n == 0)
		return -1;
	(*line)[n] = 0;
	return (ssize_t)n;
}

ssize_t getline(char **line, size_t *cap, FILE *f)
{
	return getdelim(line, cap, '\n', f);
}

static void file_out(void *ctx, const char *s, size_t n)
{
	fwrite(s, 1, n, ctx);
}

int vfprintf(FILE *f, const char *fmt, va_list ap)
{
	size_t err = (size_t)(f->flags & F_ERR);
	int n;
	if (f->mode == _IONBF) {
		/* Unbuffered (stderr): format into one piece so it reaches the console whole. */
		char buf[256];
		va_list ap2;
		va_copy(ap2, ap);
		n = vsnprintf(buf, sizeof(buf), fmt, ap);
		if (n < (int)sizeof(buf))
			fwrite(buf, 1, (size_t)n, f);
		else
			__vformat(file_out, f, fmt, ap2);
		va_end(ap2);
	} else {
		n = __vformat(file_out, f, fmt, ap);
	}
	return !err && (f->flags & F_ERR) ? -1 : n;
}

int fprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vfprintf(f, fmt, ap);
	va_end(ap);
	return r;
}

int vprintf(const char *fmt, va_list ap)
{
	return vfprintf(stdout, fmt, ap);
}

int printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return r;
}

struct fd_sink { int fd; int err; };

static void fd_out(void *ctx, const char *s, size_t n)
{
	struct fd_sink *k = ctx;
	while (n > 0 && !k->err) {
		ssize_t w = write(k->fd, s, n);
		if (w <= 0) {
			k->err = 1;
			break;
		}
		s += w;
		n -= (size_t)w;
	}
}

int vdprintf(int fd, const char *fmt, va_list ap)
{
	struct fd_sink k = { fd, 0 };
	int n = __vformat(fd_out, &k, fmt, ap);
	return k.err ? -1 : n;
}

int dprintf(int fd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vdprintf(fd, fmt, ap);
	va_end(ap);
	return r;
}

/* "r" "w" "a", optionally with '+', 'b', 'x' (O_EXCL) or 'e' (close on exec). */
static int parse_mode(const char *mode, int *oflags)
{
	int o;
	switch (*mode) {
	case 'r': o = O_RDONLY; break;
	case 'w': o = O_WRONLY | O_CREAT | O_TRUNC; break;
	case 'a': o = O_WRONLY | O_CREAT | O_APPEND; break;
	default: errno = EINVAL; return -1;
	}
	for (const char *m = mode + 1; *m; m++) {
		if (*m == '+')
			o = (o & ~O_ACCMODE) | O_RDWR;
		else if (*m == 'x')
			o |= O_EXCL;
		else if (*m == 'e')
			o |= O_CLOEXEC;
	}
	*oflags = o;
	return 0;
}

static FILE *stream_new(int fd, int oflags)
{
	FILE *f = calloc(1, sizeof(FILE));
	if (!f)
		return NULL;
	f->fd = fd;
	int acc = oflags & O_ACCMODE;
	f->flags = (acc == O_RDONLY ? F_READ : acc == O_WRONLY ? F_WRITE : F_READ | F_WRITE) |
		   ((oflags & O_APPEND) ? F_APPEND : 0);
	f->mode = fd <= 2 ? _IOLBF : _IOFBF;
	if (f->mode == _IOLBF)
		f->flags |= F_TTYCHK;
	f->ungot = EOF;
	f->next = streams;
	streams = f;
	return f;
}

FILE *fopen(const char *path, const char *mode)
{
	int o;
	if (parse_mode(mode, &o) < 0)
		return NULL;
	int fd = open(path, o, 0666);
	if (fd < 0)
		return NULL;
	FILE *f = stream_new(fd, o);
	if (!f)
		close(fd);
	return f;
}

FILE *fdopen(int fd, const char *mode)
{
	int o;
	if (parse_mode(mode, &o) < 0)
		return NULL;
	return stream_new(fd, o);
}

int fclose(FILE *f)
{
	int r = fflush(f);
	if (close(f->fd) < 0)
		r = EOF;
	for (FILE **p = &streams; *p; p = &(*p)->next)
		if (*p == f) {
			*p = f->next;
			break;
		}
	if (f->flags & F_MYBUF)
		free(f->buf);
	if (f == stdin || f == stdout || f == stderr) {
		f->fd = -1;                        /* static: keep the object */
		f->flags &= ~(F_READ | F_WRITE);
	} else {
		free(f);
	}
	return r;
}

int setvbuf(FILE *f, char *buf, int mode, size_t size)
{
	if (mode != _IOFBF && mode != _IOLBF && mode != _IONBF) {
		errno = EINVAL;
		return -1;
	}
	fflush(f);
	if (f->flags & F_MYBUF)
		free(f->buf);
	f->flags &= ~(F_MYBUF | F_TTYCHK);
	f->mode = mode;
	f->rpos = f->rlen = 0;
	if (mode == _IONBF) {
		f->buf = NULL;
		f->size = 0;
	} else if (buf) {
		f->buf = (unsigned char *)buf;
		f->size = size;
	} else {
		f->buf = NULL;                     /* allocated at first use */
		f->size = 0;
	}
	return 0;
}

void setbuf(FILE *f, char *buf)
{
	setvbuf(f, buf, buf ? _IOFBF : _IONBF, BUFSIZ);
}

int fseek(FILE *f, long off, int whence)
{
	if (fflush(f) < 0)
		return -1;
	if (whence == SEEK_CUR)
		off -= (long)(f->rlen - f->rpos) + (f->ungot != EOF);
	f->rpos = f->rlen = 0;
	f->ungot = EOF;
	if (lseek(f->fd, (off_t)off, whence) < 0)
		return -1;
	f->flags &= ~F_EOF;
	return 0;
}

long ftell(FILE *f)
{
	off_t pos = lseek(f->fd, 0, SEEK_CUR);
	if (pos < 0)
		return -1;
	return (long)pos - (long)(f->rlen - f->rpos) - (f->ungot != EOF) + (long)f->wlen;
}

void rewind(FILE *f)
{
	fseek(f, 0, SEEK_SET);
	f->flags &= ~F_ERR;
}

int feof(FILE *f) { return (f->flags & F_EOF) != 0; }
int ferror(FILE *f) { return (f->flags & F_ERR) != 0; }
void clearerr(FILE *f) { f->flags &= ~(F_EOF | F_ERR); }
int fileno(FILE *f) { return f->fd; }

void perror(const char *s)
{
	int e = errno;
	if (s && *s)
		fprintf(stderr, "%s: %s\n", s, strerror(e));
	else
		fprintf(stderr, "%s\n", strerror(e));
}

int remove(const char *path)
{
	if (unlink(path) == 0)
		return 0;
	return errno == EISDIR || errno == EPERM ? rmdir(path) : -1;
}

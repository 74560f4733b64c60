/*
 * The line discipline of POSIX termios.  In canonical mode input is
 * edited in a line buffer (ERASE, KILL, WERASE) and becomes readable a
 * line at a time; EOF completes a line without adding itself, so an empty
 * line reads as end of file.  In raw mode every byte is readable at once.
 * The signal characters (ISIG) go to the foreground process group.
 */
#include "tty.h"

#define CTRL(c) ((c) & 0x1f)

void tty_init(struct tty *tp)
{
	memset(tp, 0, sizeof(*tp));
	tp->tio.c_iflag = MX_ICRNL | MX_BRKINT;
	tp->tio.c_oflag = MX_OPOST | MX_ONLCR;
	tp->tio.c_cflag = MX_CS8 | MX_CREAD | MX_CLOCAL;
	tp->tio.c_lflag = MX_ISIG | MX_ICANON | MX_ECHO | MX_ECHOE | MX_ECHOK | MX_IEXTEN;
	tp->tio.c_cc[MX_VINTR] = CTRL('C');
	tp->tio.c_cc[MX_VQUIT] = CTRL('\\');
	tp->tio.c_cc[MX_VERASE] = 0x7f;
	tp->tio.c_cc[MX_VKILL] = CTRL('U');
	tp->tio.c_cc[MX_VEOF] = CTRL('D');
	tp->tio.c_cc[MX_VSUSP] = CTRL('Z');
	tp->tio.c_cc[MX_VWERASE] = CTRL('W');
	tp->tio.c_cc[MX_VMIN] = 1;
	tp->tio.c_ispeed = tp->tio.c_ospeed = 115200;
	tp->ws.ws_row = 24;
	tp->ws.ws_col = 80;
	tp->sel_ep = MX_NONE;
}

void tty_output(struct tty *tp, const char *s, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		if (s[i] == '\n' && (tp->tio.c_oflag & (MX_OPOST | MX_ONLCR)) == (MX_OPOST | MX_ONLCR))
			console_putc('\r');
		console_putc(s[i]);
	}
}

static void echo(struct tty *tp, int c)
{
	if (!(tp->tio.c_lflag & MX_ECHO)) {
		if (c == '\n' && (tp->tio.c_lflag & MX_ECHONL))
			tty_output(tp, "\n", 1);
		return;
	}
	if (c < ' ' && c != '\n' && c != '\t') {
		char ctl[2] = { '^', (char)(c + '@') };
		tty_output(tp, ctl, 2);
	} else {
		char ch = (char)c;
		tty_output(tp, &ch, 1);
	}
}

static void rub_out(struct tty *tp)
{
	if (!tp->edit_len)
		return;
	tp->edit_len--;
	if ((tp->tio.c_lflag & (MX_ECHO | MX_ECHOE)) == (MX_ECHO | MX_ECHOE))
		tty_output(tp, "\b \b", 3);
}

/* Append bytes to the readable ring (dropped when it is full). */
static uint32_t queue_bytes(struct tty *tp, const char *s, uint32_t n)
{
	uint32_t done = 0;
	for (; done < n && tp->in_count < TTY_IN_SIZE; done++) {
		tp->in[(tp->in_head + tp->in_count) % TTY_IN_SIZE] = (uint8_t)s[done];
		tp->in_count++;
	}
	return done;
}

/* The edited line (maybe empty: end of file) becomes readable. */
static void complete_line(struct tty *tp)
{
	if (tp->line_count == TTY_NR_LINES)
		return;                                 /* too many unread lines: keep editing */
	uint32_t n = queue_bytes(tp, tp->edit, tp->edit_len);
	tp->lines[(tp->line_head + tp->line_count) % TTY_NR_LINES] = n;
	tp->line_count++;
	tp->edit_len = 0;
}

static void send_signal(struct tty *tp, int sig)
{
	if (!(tp->tio.c_lflag & MX_NOFLSH))
		tty_flush_input(tp);
	if (tp->pgrp <= 0)
		return;
	mx_message m;
	memset(&m, 0, sizeof(m));
	m.m_type = MX_PM_KILL;
	MX_BODY(&m, struct pm_kill)->pid = -tp->pgrp;
	MX_BODY(&m, struct pm_kill)->sig = sig;
	asynsend(MX_PM, &m);                        /* never a synchronous call to PM */
}

void tty_flush_input(struct tty *tp)
{
	tp->in_head = tp->in_count = 0;
	tp->line_head = tp->line_count = 0;
	tp->edit_len = 0;
}

/* One byte of input from the keyboard or the serial line. */
void tty_input(struct tty *tp, int c)
{
	const struct mx_termios *t = &tp->tio;
	if (c == '\r' && (t->c_iflag & MX_IGNCR))
		return;
	if (c == '\r' && (t->c_iflag & MX_ICRNL))
		c = '\n';
	else if (c == '\n' && (t->c_iflag & MX_INLCR))
		c = '\r';
	if (t->c_lflag & MX_ISIG) {
		int sig = c == t->c_cc[MX_VINTR] ? 2 : c == t->c_cc[MX_VQUIT] ? 3 : c == t->c_cc[MX_VSUSP] ? 20 : 0;
		if (sig && c) {
			echo(tp, c);
			tty_output(tp, "\n", 1);
			send_signal(tp, sig);
			return;
		}
	}
	if (!(t->c_lflag & MX_ICANON)) {
		char ch = (char)c;
		queue_bytes(tp, &ch, 1);
		echo(tp, c);
		return;
	}
	if (c == t->c_cc[MX_VERASE] || c == '\b' || c == 0x7f) {
		rub_out(tp);
		return;
	}
	if (c == t->c_cc[MX_VKILL]) {
		if ((t->c_lflag & (MX_ECHO | MX_ECHOE)) == (MX_ECHO | MX_ECHOE))
			while (tp->edit_len)
				rub_out(tp);
		else {
			tp->edit_len = 0;
			if (t->c_lflag & MX_ECHOK)
				tty_output(tp, "\n", 1);
		}
		return;
	}
	if (c == t->c_cc[MX_VWERASE] && (t->c_lflag & MX_IEXTEN)) {
		while (tp->edit_len && tp->edit[tp->edit_len - 1] == ' ')
			rub_out(tp);
		while (tp->edit_len && tp->edit[tp->edit_len - 1] != ' ')
			rub_out(tp);
		return;
	}
	if (c == t->c_cc[MX_VEOF]) {
		complete_line(tp);
		return;
	}
	if (c == '\n') {
		if (tp->edit_len < TTY_LINE_MAX)
			tp->edit[tp->edit_len++] = '\n';
		echo(tp, c);
		complete_line(tp);
		return;
	}
	if (tp->edit_len >= TTY_LINE_MAX - 1)
		return;                                 /* room for the newline only */
	tp->edit[tp->edit_len++] = (char)c;
	echo(tp, c);
}

int tty_readable(struct tty *tp)
{
	if (tp->tio.c_lflag & MX_ICANON)
		return tp->line_count > 0;
	return tp->in_count > 0 || tp->tio.c_cc[MX_VMIN] == 0;
}

/* Take up to len readable bytes (canonical: from the first line only). */
uint32_t tty_take(struct tty *tp, uint8_t *dst, uint32_t len)
{
	uint32_t avail = tp->in_count;
	int canon = (tp->tio.c_lflag & MX_ICANON) != 0;
	if (canon)
		avail = tp->line_count ? tp->lines[tp->line_head] : 0;
	uint32_t n = avail < len ? avail : len;
	for (uint32_t i = 0; i < n; i++) {
		dst[i] = tp->in[tp->in_head];
		tp->in_head = (tp->in_head + 1) % TTY_IN_SIZE;
		tp->in_count--;
	}
	if (canon && tp->line_count) {
		tp->lines[tp->line_head] -= n;
		if (tp->lines[tp->line_head] == 0) {    /* the line is used up (or it was EOF) */
			tp->line_head = (tp->line_head + 1) % TTY_NR_LINES;
			tp->line_count--;
		}
	}
	return n;
}

/* Answer waiting reads (oldest first) and select watchers while input lasts. */
void tty_serve_reads(struct tty *tp)
{
	for (int i = 0; i < TTY_NR_READS && tty_readable(tp); i++) {
		struct pending_read *pr = &tp->reads[i];
		if (!pr->used)
			continue;
		uint8_t buf[TTY_LINE_MAX + 1];
		uint32_t n = tty_take(tp, buf, pr->len < sizeof(buf) ? pr->len : sizeof(buf));
		int r = sys_safecopyto(pr->who, pr->grant, 0, buf, n);
		pr->used = 0;
		reply(pr->who, pr->tag, (uint32_t)(tp - ttys), r < 0 ? r : (int)n);
	}
	if ((tp->sel_ops & MX_SEL_RD) && tty_readable(tp) && tp->sel_ep != MX_NONE) {
		mx_message m;
		memset(&m, 0, sizeof(m));
		m.m_type = MX_DEV_SEL_REPLY;
		struct dev_reply *r = MX_BODY(&m, struct dev_reply);
		r->minor = (uint32_t)(tp - ttys);
		r->status = MX_SEL_RD;
		r->ops = MX_SEL_RD;
		asynsend(tp->sel_ep, &m);
		tp->sel_ops &= ~(uint32_t)MX_SEL_RD;
	}
}

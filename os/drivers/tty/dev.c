/*
 * The DEV_* handlers.  Data moves through the requester's grant (the
 * granter is always m_source).  A read with no input waits in the tty's
 * pending list until a line comes or VFS cancels it.
 */
#include "tty.h"

static struct tty *tty_of(uint32_t minor)
{
	return minor < NR_TTYS ? &ttys[minor] : NULL;
}

int do_open(mx_message *m)
{
	struct tty *tp = tty_of(MX_BODY(m, struct dev_open)->minor);
	if (!tp)
		return -MX_ENXIO;
	tp->opens++;
	return 0;
}

int do_close(mx_message *m)
{
	struct tty *tp = tty_of(MX_BODY(m, struct dev_open)->minor);
	if (!tp)
		return -MX_ENXIO;
	if (tp->opens > 0)
		tp->opens--;
	return 0;
}

int do_read(mx_message *m)
{
	struct dev_io *a = MX_BODY(m, struct dev_io);
	struct tty *tp = tty_of(a->minor);
	if (!tp)
		return -MX_ENXIO;
	if (a->len == 0)
		return 0;
	if (!tty_readable(tp)) {
		if (a->flags & MX_DEV_NONBLOCK)
			return -MX_EAGAIN;
		for (int i = 0; i < TTY_NR_READS; i++) {
			struct pending_read *pr = &tp->reads[i];
			if (pr->used)
				continue;
			pr->used = 1;
			pr->who = m->m_source;
			pr->tag = a->tag;
			pr->grant = a->grant;
			pr->len = a->len;
			return -MX_EDONTREPLY;
		}
		return -MX_EAGAIN;                       /* too many readers */
	}
	uint8_t buf[TTY_LINE_MAX + 1];
	uint32_t n = tty_take(tp, buf, a->len < sizeof(buf) ? a->len : sizeof(buf));
	int r = sys_safecopyto(m->m_source, a->grant, 0, buf, n);
	return r < 0 ? r : (int)n;
}

int do_write(mx_message *m)
{
	struct dev_io *a = MX_BODY(m, struct dev_io);
	struct tty *tp = tty_of(a->minor);
	char buf[256];
	if (!tp)
		return -MX_ENXIO;
	for (uint32_t done = 0; done < a->len; ) {
		uint32_t n = a->len - done < sizeof(buf) ? a->len - done : sizeof(buf);
		int r = sys_safecopyfrom(m->m_source, a->grant, done, buf, n);
		if (r < 0)
			return done ? (int)done : r;
		tty_output(tp, buf, n);
		done += n;
	}
	return (int)a->len;
}

int do_ioctl(mx_message *m)
{
	struct dev_ioctl *a = MX_BODY(m, struct dev_ioctl);
	struct tty *tp = tty_of(a->minor);
	mx_endpoint_t who = m->m_source;
	int32_t v;
	int r;
	if (!tp)
		return -MX_ENXIO;
	switch (a->req) {
	case MX_TCGETS:
		return sys_safecopyto(who, a->grant, 0, &tp->tio, sizeof(tp->tio));
	case MX_TCSETSF:
		tty_flush_input(tp);
		/* fall through */
	case MX_TCSETS:
	case MX_TCSETSW: {
		struct mx_termios t;
		if ((r = sys_safecopyfrom(who, a->grant, 0, &t, sizeof(t))) < 0)
			return r;
		int was_canon = (tp->tio.c_lflag & MX_ICANON) != 0;
		tp->tio = t;
		if (was_canon && !(t.c_lflag & MX_ICANON)) {
			/* Raw now: what was being edited is input like the rest. */
			tp->line_head = tp->line_count = 0;
			uint32_t n = tp->edit_len;
			tp->edit_len = 0;
			for (uint32_t i = 0; i < n && tp->in_count < TTY_IN_SIZE; i++)
				tp->in[(tp->in_head + tp->in_count++) % TTY_IN_SIZE] = (uint8_t)tp->edit[i];
		} else if (!was_canon && (t.c_lflag & MX_ICANON) && tp->in_count) {
			/* Canonical now: what is queued reads as one line. */
			tp->lines[0] = tp->in_count;
			tp->line_head = 0;
			tp->line_count = 1;
		}
		tty_serve_reads(tp);
		return 0;
	}
	case MX_TIOCGPGRP:
		return sys_safecopyto(who, a->grant, 0, &tp->pgrp, sizeof(tp->pgrp));
	case MX_TIOCSPGRP:
		if ((r = sys_safecopyfrom(who, a->grant, 0, &v, sizeof(v))) < 0)
			return r;
		if (v < 0)
			return -MX_EINVAL;
		tp->pgrp = v;
		return 0;
	case MX_TIOCGWINSZ:
		return sys_safecopyto(who, a->grant, 0, &tp->ws, sizeof(tp->ws));
	case MX_TIOCSWINSZ:
		return sys_safecopyfrom(who, a->grant, 0, &tp->ws, sizeof(tp->ws));
	case MX_FIONREAD:
		v = (int32_t)tp->in_count;
		return sys_safecopyto(who, a->grant, 0, &v, sizeof(v));
	case MX_TCFLSH:
		if ((r = sys_safecopyfrom(who, a->grant, 0, &v, sizeof(v))) < 0)
			return r;
		if (v < 0 || v > 2)
			return -MX_EINVAL;
		if (v != 1)
			tty_flush_input(tp);
		return 0;
	}
	return -MX_ENOTTY;
}

int do_select(mx_message *m)
{
	struct dev_select *a = MX_BODY(m, struct dev_select);
	struct tty *tp = tty_of(a->minor);
	if (!tp)
		return -MX_ENXIO;
	uint32_t ready = a->ops & MX_SEL_WR;
	if ((a->ops & MX_SEL_RD) && tty_readable(tp))
		ready |= MX_SEL_RD;
	if ((a->ops & MX_SEL_NOTIFY) && (a->ops & MX_SEL_RD) && !(ready & MX_SEL_RD)) {
		tp->sel_ops |= MX_SEL_RD;
		tp->sel_ep = m->m_source;
	}
	return (int)ready;
}

/* End the waiting read with this tag: EINTR (nothing has been read yet). */
int do_cancel(mx_message *m)
{
	struct dev_cancel *a = MX_BODY(m, struct dev_cancel);
	struct tty *tp = tty_of(a->minor);
	if (!tp)
		return -MX_EDONTREPLY;
	for (int i = 0; i < TTY_NR_READS; i++) {
		struct pending_read *pr = &tp->reads[i];
		if (pr->used && pr->tag == a->tag && pr->who == m->m_source) {
			pr->used = 0;
			reply(pr->who, pr->tag, a->minor, -MX_EINTR);
		}
	}
	return -MX_EDONTREPLY;
}

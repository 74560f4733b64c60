/*
 * QMP: one JSON object per line.  After the greeting the client sends
 * qmp_capabilities; then each command carries an id and its answer is
 * {"return": ...} or {"error": {"class", "desc"}}; events may come at any
 * time and are queued here until the caller takes them.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "mxt/qmp.h"

#define QMAX 64

struct mxt_qmp {
	int fd;
	int timeout_ms;
	int gone;
	unsigned next_id;
	char *buf;
	size_t len, cap;
	struct mxt_qmp_event q[QMAX];
	int qhead, qlen;
	json_t *reply;           /* the answer being waited for */
	char err[MXT_ERRLEN];
};

const char *mxt_qmp_error(const struct mxt_qmp *q) { return q->err; }
int mxt_qmp_fd(const struct mxt_qmp *q) { return q->fd; }
int mxt_qmp_gone(const struct mxt_qmp *q) { return q->gone; }

static void queue_event(struct mxt_qmp *q, json_t *msg)
{
	struct mxt_qmp_event *ev;
	if (q->qlen == QMAX) {                  /* keep the newest */
		json_decref(q->q[q->qhead].data);
		q->qhead = (q->qhead + 1) % QMAX;
		q->qlen--;
	}
	ev = &q->q[(q->qhead + q->qlen++) % QMAX];
	memset(ev, 0, sizeof(*ev));
	snprintf(ev->name, sizeof(ev->name), "%s", json_string_value(json_object_get(msg, "event")));
	json_t *ts = json_object_get(msg, "timestamp");
	ev->time = json_integer_value(json_object_get(ts, "seconds")) +
		   json_integer_value(json_object_get(ts, "microseconds")) / 1e6;
	ev->data = json_incref(json_object_get(msg, "data"));
}

/* Handle complete lines in the buffer. */
static int take_lines(struct mxt_qmp *q)
{
	char *start = q->buf, *nl;
	while ((nl = memchr(start, '\n', q->len - (size_t)(start - q->buf)))) {
		*nl = 0;
		json_error_t je;
		json_t *msg = json_loads(start, 0, &je);
		start = nl + 1;
		if (!msg || !json_is_object(msg)) {
			json_decref(msg);
			mxt_errf(q->err, "QMP: malformed message from QEMU: %s", je.text);
			continue;
		}
		if (json_object_get(msg, "event"))
			queue_event(q, msg);
		else if (json_object_get(msg, "return") || json_object_get(msg, "error") || json_object_get(msg, "QMP")) {
			json_decref(q->reply);
			q->reply = json_incref(msg);
		}
		json_decref(msg);
	}
	size_t rest = q->len - (size_t)(start - q->buf);
	memmove(q->buf, start, rest);
	q->len = rest;
	return 0;
}

int mxt_qmp_poll(struct mxt_qmp *q, int timeout_ms)
{
	if (q->gone)
		return -1;
	struct pollfd pf = { q->fd, POLLIN, 0 };
	int n = poll(&pf, 1, timeout_ms);
	if (n <= 0)
		return 0;
	if (q->cap - q->len < 4096) {
		size_t cap = q->cap ? q->cap * 2 : 16384;
		char *b = realloc(q->buf, cap);
		if (!b)
			return mxt_errf(q->err, "out of memory");
		q->buf = b;
		q->cap = cap;
	}
	ssize_t got = read(q->fd, q->buf + q->len, q->cap - q->len - 1);
	if (got < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (got <= 0) {
		q->gone = 1;
		return mxt_errf(q->err, "QMP: QEMU closed the connection%s%s", got < 0 ? ": " : "", got < 0 ? strerror(errno) : "");
	}
	q->len += (size_t)got;
	take_lines(q);
	return 0;
}

/* Wait for q->reply; returns it (owned) or NULL with a message. */
static json_t *wait_reply(struct mxt_qmp *q, const char *what, int timeout_ms)
{
	uint64_t dl = mxt_now_ns() + (uint64_t)timeout_ms * 1000000ull;
	while (!q->reply) {
		uint64_t now = mxt_now_ns();
		if (now >= dl) {
			mxt_errf(q->err, "QMP: no answer to %s within %d ms", what, timeout_ms);
			return NULL;
		}
		if (mxt_qmp_poll(q, (int)((dl - now) / 1000000) + 1) < 0) {
			mxt_errf(q->err, "QMP: QEMU closed the connection while %s was pending", what);
			return NULL;
		}
	}
	json_t *r = q->reply;
	q->reply = NULL;
	return r;
}

static int send_json(struct mxt_qmp *q, json_t *msg)
{
	char *text = json_dumps(msg, JSON_COMPACT);
	if (!text)
		return mxt_errf(q->err, "out of memory");
	size_t n = strlen(text);
	text[n++] = '\n';               /* over the terminating NUL: one line per message */
	int rc = 0;
	for (size_t off = 0; off < n;) {
		ssize_t w = send(q->fd, text + off, n - off, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			q->gone = errno == EPIPE || errno == ECONNRESET;
			rc = mxt_errf(q->err, "QMP: write failed: %s", strerror(errno));
			break;
		}
		off += (size_t)w;
	}
	free(text);
	return rc;
}

static int exec_timeout(struct mxt_qmp *q, const char *cmd, json_t *args, json_t **ret, int timeout_ms)
{
	if (ret)
		*ret = NULL;
	if (q->gone) {
		json_decref(args);
		return mxt_errf(q->err, "QMP: QEMU is gone (cannot run %s)", cmd);
	}
	json_t *msg = json_pack("{s:s, s:I}", "execute", cmd, "id", (json_int_t)++q->next_id);
	if (args)
		json_object_set_new(msg, "arguments", args);
	int rc = send_json(q, msg);
	json_decref(msg);
	if (rc < 0)
		return -1;
	json_t *r = wait_reply(q, cmd, timeout_ms);
	if (!r)
		return -1;
	json_t *e = json_object_get(r, "error");
	if (e) {
		mxt_errf(q->err, "QMP: %s failed: %s (%s)", cmd, json_string_value(json_object_get(e, "desc")),
			 json_string_value(json_object_get(e, "class")));
		json_decref(r);
		return -1;
	}
	if (ret)
		*ret = json_incref(json_object_get(r, "return"));
	json_decref(r);
	return 0;
}

int mxt_qmp_exec(struct mxt_qmp *q, const char *cmd, json_t *args, json_t **ret)
{
	return exec_timeout(q, cmd, args, ret, q->timeout_ms);
}

struct mxt_qmp *mxt_qmp_connect(const char *path, int timeout_ms, char *err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof(sa.sun_path)) {
		mxt_errf(err, "QMP socket path too long: %s", path);
		return NULL;
	}
	strcpy(sa.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		mxt_errf(err, "cannot connect to QMP at %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	struct mxt_qmp *q = calloc(1, sizeof(*q));
	if (!q) {
		close(fd);
		mxt_errf(err, "out of memory");
		return NULL;
	}
	q->fd = fd;
	q->timeout_ms = timeout_ms > 0 ? timeout_ms : 5000;
	json_t *greeting = wait_reply(q, "the greeting", q->timeout_ms);
	if (!greeting || !json_object_get(greeting, "QMP")) {
		mxt_errf(err, "%s: %s", path, greeting ? "not a QMP server (no greeting)" : q->err);
		json_decref(greeting);
		mxt_qmp_close(q);
		return NULL;
	}
	json_decref(greeting);
	if (mxt_qmp_exec(q, "qmp_capabilities", NULL, NULL) < 0) {
		mxt_errf(err, "%s", q->err);
		mxt_qmp_close(q);
		return NULL;
	}
	return q;
}

void mxt_qmp_close(struct mxt_qmp *q)
{
	if (!q)
		return;
	struct mxt_qmp_event ev;
	while (mxt_qmp_next_event(q, &ev))
		json_decref(ev.data);
	json_decref(q->reply);
	close(q->fd);
	free(q->buf);
	free(q);
}

int mxt_qmp_next_event(struct mxt_qmp *q, struct mxt_qmp_event *ev)
{
	if (q->qlen == 0)
		return 0;
	*ev = q->q[q->qhead];
	q->qhead = (q->qhead + 1) % QMAX;
	q->qlen--;
	return 1;
}

int mxt_qmp_stop(struct mxt_qmp *q)
{
	return mxt_qmp_exec(q, "stop", NULL, NULL);
}

int mxt_qmp_cont(struct mxt_qmp *q)
{
	return mxt_qmp_exec(q, "cont", NULL, NULL);
}

int mxt_qmp_status(struct mxt_qmp *q, char *status, size_t room, int *running)
{
	json_t *r;
	if (mxt_qmp_exec(q, "query-status", NULL, &r) < 0)
		return -1;
	const char *s = json_string_value(json_object_get(r, "status"));
	if (!s) {
		json_decref(r);
		return mxt_errf(q->err, "QMP: query-status answer without a status");
	}
	if (status)
		snprintf(status, room, "%s", s);
	if (running)
		*running = json_is_true(json_object_get(r, "running"));
	json_decref(r);
	return 0;
}

int mxt_qmp_dump(struct mxt_qmp *q, const char *path)
{
	char proto[4200];
	snprintf(proto, sizeof(proto), "file:%s", path);
	json_t *args = json_pack("{s:b, s:s}", "paging", 0, "protocol", proto);
	return exec_timeout(q, "dump-guest-memory", args, NULL, 120000);
}

int mxt_qmp_quit(struct mxt_qmp *q)
{
	if (q->gone)
		return 0;
	int rc = mxt_qmp_exec(q, "quit", NULL, NULL);
	/* QEMU may close the socket before or after answering. */
	return rc < 0 && !q->gone ? -1 : 0;
}

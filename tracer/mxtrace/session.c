/*
 * The recording loop of mxtrace run and record.  One thread follows the
 * guest: the trace ring (live on shared RAM, or by stopping the guest
 * briefly over the gdbstub), the debug channel, the console, QMP's events
 * and QEMU's exit; the database writer commits on its own thread.  On
 * Ctrl-C, at the end of --duration or when the guest goes away, the ring
 * is drained one last time, a full snapshot taken (the guest is stopped
 * for it when it still runs) and the last batch committed.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "mxt/rsp.h"
#include "mxtrace.h"

struct loop {
	struct session *s;
	struct mxt_writer *w;
	struct mxt_ingest *ing;
	int have_boot;
	struct mxt_boot boot;
	struct mxt_drain drain;
	int have_drain;
	struct drain_sink sink;
	uint64_t info_pa;        /* mx_info by symbol, 0 if scanning */
	uint64_t info_deadline, next_info;
	int guest_gone;          /* QEMU exited or shut the guest down */
	int paused;              /* QMP says the guest was stopped (by someone else) */
	int failed;
	uint64_t t0, last_events;
	uint64_t last_progress;
	int tty;
	int requests;            /* SIGUSR1 snapshots taken */
};

static int shm_target(struct loop *l)
{
	return l->s->a->t && l->s->a->t->map;
}

/* Find mx_info and open the boot; 0 when not there yet, -1 on a real error. */
static int open_boot(struct loop *l, uint64_t now)
{
	struct attach *a = l->s->a;
	char err[MXT_ERRLEN];
	if (l->info_pa) {
		uint8_t magic[MX_INFO_MAGIC_LEN];
		if (mxt_read_phys(a->t, l->info_pa, magic, sizeof(magic)) < 0) {
			error("%s", a->t->err);
			return -1;
		}
		if (memcmp(magic, MX_INFO_MAGIC, sizeof(magic)) != 0) {
			if (now < l->info_deadline)
				return 0;
			attach_find_info(a, 0, NULL);  /* says why: another build, or no MX */
			return -1;
		}
	}
	if (mxt_info_find(a->t, a->kernel, &a->info, err) < 0) {
		if (now < l->info_deadline && !strstr(err, "another build"))
			return 0;
		error("%s", err);
		return -1;
	}
	/* The kernel fills mx_info in at boot: take it once two readings agree. */
	struct mxt_info again;
	mxt_sleep_us(20000);
	if (mxt_info_find(a->t, a->kernel, &again, err) < 0 || memcmp(&again.mi, &a->info.mi, sizeof(mx_info)) != 0 ||
	    a->info.mi.structs[MX_SD_PROC].nfields == 0 || a->info.mi.ring_addr == 0)
		return 0;
	a->have_info = 1;
	mx_trace_ring ring;
	mx_bootinfo *bi = malloc(sizeof(*bi));
	if (!bi || mxt_read_phys(a->t, mxt_kva2pa(&a->info, a->info.mi.ring_addr), &ring, sizeof(ring)) < 0 ||
	    mxt_read_phys(a->t, mxt_kva2pa(&a->info, a->info.mi.boot_addr), bi, sizeof(*bi)) < 0) {
		error("reading the boot information: %s", bi ? a->t->err : "out of memory");
		free(bi);
		return -1;
	}
	if (boot_open_sync(l->w, &a->info, &ring, bi, l->s->source, a->kernel_path, &l->boot, err) < 0) {
		error("%s", err);
		free(bi);
		return -1;
	}
	free(bi);
	mxt_writer_boot_hz(l->w, l->boot.boot_id, a->info.mi.tsc_hz);
	if (mxt_drain_init(&l->drain, a->t, &a->info, l->boot.next_seq, err) < 0) {
		error("%s", err);
		return -1;
	}
	l->have_drain = 1;
	l->have_boot = 1;
	l->sink.w = l->w;
	l->sink.boot_id = l->boot.boot_id;
	mxt_ingest_set_boot(l->ing, l->boot.boot_id);
	return 1;
}

/* Drain the ring; on the gdbstub the guest is stopped around it. */
static int drain(struct loop *l)
{
	char err[MXT_ERRLEN];
	if (!l->have_drain)
		return 0;
	long n = mxt_drain_poll(&l->drain, sink_events, sink_loss, &l->sink, err);
	if (n == -2) {
		info("the guest rebooted (the trace ring started over): a new boot");
		boot_end_sync(l->w, l->boot.boot_id, "reboot");
		mxt_drain_free(&l->drain);
		l->have_drain = l->have_boot = 0;
		l->s->a->have_info = 0;
		l->info_deadline = mxt_now_ns() + 30000000000ull;
		return 0;
	}
	if (n < 0) {
		error("%s", err);
		return -1;
	}
	return 0;
}

/* A snapshot read now; t_stop: when the guest was stopped for it, 0 if it runs. */
static void sample(struct loop *l, int what, uint64_t t_stop, const char *note)
{
	char err[MXT_ERRLEN];
	struct snap_job *j = calloc(1, sizeof(*j));
	if (!j)
		return;
	if (mxt_image_read(l->s->a->t, &l->s->a->info, what, &j->img, err) < 0) {
		error("snapshot: %s", err);
		snap_job_free(j);
		return;
	}
	j->boot_id = l->boot.boot_id;
	j->meta.kind = what == MXT_IMG_FULL ? "full" : "sample";
	j->meta.source = l->s->a->t->source;
	j->meta.stopped_us = t_stop ? (int64_t)((mxt_now_ns() - t_stop) / 1000) : -1;
	if (note) {
		snprintf(j->note, sizeof(j->note), "%s", note);
		j->meta.note = j->note;
	}
	mxt_writer_call(l->w, snap_job_write, j, snap_job_free);
}

/*
 * SIGUSR1: a full snapshot now, through the recorder's own connection to
 * the database (a second writer would wait for the recorder's transactions).
 * The guest is stopped around it; if it cannot be stopped, a live sample.
 */
static void snapshot_on_request(struct loop *l, struct mxt_rsp *rsp)
{
	struct attach *a = l->s->a;
	char note[48];
	snprintf(note, sizeof(note), "on request %d (SIGUSR1)", ++l->requests);
	if (!a->t) {
		info("%s: no snapshot: the debug channel alone cannot read the guest's tables", note);
		return;
	}
	uint64_t t_stop = mxt_now_ns();
	int was_paused = l->paused, stopped = was_paused;
	if (!stopped)
		stopped = rsp ? mxt_rsp_interrupt(rsp) == 0 : a->qmp ? mxt_qmp_stop(a->qmp) == 0 : 0;
	drain(l);
	if (stopped)
		sample(l, MXT_IMG_FULL, was_paused ? 0 : t_stop, note);
	else if (shm_target(l))
		sample(l, MXT_IMG_SAMPLE, 0, note);
	if (stopped && !was_paused && (rsp ? mxt_rsp_cont(rsp) : mxt_qmp_cont(a->qmp)) < 0)
		error("cannot resume the guest after the snapshot");
	info("%s: %s snapshot taken", note, stopped ? "full" : shm_target(l) ? "a live sample (the guest could not be "
	     "stopped)" : "no");
}

static void progress(struct loop *l, uint64_t now, int last)
{
	struct mxt_writer_stats ws;
	mxt_writer_stats(l->w, &ws);
	double secs = (double)(now - l->t0) / 1e9, dt = (double)(now - l->last_progress) / 1e9;
	uint64_t lost = l->drain.lost_overwritten + l->drain.lost_torn + l->ing->lost;
	char line[256];
	snprintf(line, sizeof(line), "%.1f s  %llu events  %.0f/s  %llu lost  queue %llu  channel %llu frames, %llu corrupt  %s",
		 secs, (unsigned long long)ws.events, dt > 0 ? (double)(ws.events - l->last_events) / dt : 0.0,
		 (unsigned long long)lost, (unsigned long long)ws.queued, (unsigned long long)l->ing->dec.st.frames,
		 (unsigned long long)l->ing->dec.st.corrupt,
		 l->guest_gone ? "guest gone" : !l->have_boot ? "waiting for mx_info" : "recording");
	if (l->tty)
		fprintf(stderr, "\r%s: %s\033[K%s", cmd_name, line, last ? "\n" : "");
	else
		fprintf(stderr, "%s: %s\n", cmd_name, line);
	l->last_events = ws.events;
	l->last_progress = now;
}

static void read_fd(struct loop *l, int *fd, int chan)
{
	uint8_t buf[65536];
	for (;;) {
		ssize_t n = read(*fd, buf, sizeof(buf));
		if (n > 0) {
			if (chan) {
				if (l->s->chan_save)
					fwrite(buf, 1, (size_t)n, l->s->chan_save);
				mxt_ingest_bytes(l->ing, buf, (size_t)n);
			} else if (l->s->con_out) {
				fwrite(buf, 1, (size_t)n, l->s->con_out);
				fflush(l->s->con_out);
			}
			if ((size_t)n < sizeof(buf))
				return;
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		close(*fd);                     /* QEMU closed it: it is exiting */
		*fd = -1;
		return;
	}
}

static const char *exit_reason(int status, char *msg, size_t len)
{
	if (WIFEXITED(status)) {
		int code = WEXITSTATUS(status);
		if (code & 1) {                 /* isa-debug-exit: (code << 1) | 1 */
			snprintf(msg, len, "the guest exited with code %d", code >> 1);
			return code >> 1 == 3 ? "panic" : "shutdown";
		}
		snprintf(msg, len, "QEMU exited with status %d", code);
		return code == 0 ? "shutdown" : "qemu-died";
	}
	snprintf(msg, len, "QEMU was killed by signal %d", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	return "qemu-died";
}

static void qmp_events(struct loop *l)
{
	struct session *s = l->s;
	struct mxt_qmp_event ev;
	while (s->a->qmp && mxt_qmp_next_event(s->a->qmp, &ev)) {
		if (!strcmp(ev.name, "SHUTDOWN")) {
			if (!s->end_reason)
				s->end_reason = "shutdown";
			l->guest_gone = 1;
		} else if (!strcmp(ev.name, "STOP")) {
			l->paused = 1;
		} else if (!strcmp(ev.name, "RESUME")) {
			l->paused = 0;
		} else if (!strcmp(ev.name, "GUEST_PANICKED")) {
			s->end_reason = "panic";
			l->guest_gone = 1;
			info("QEMU reports a guest panic");
		}
		json_decref(ev.data);
	}
}

int session_run(struct session *s)
{
	char err[MXT_ERRLEN];
	struct loop l;
	memset(&l, 0, sizeof(l));
	l.s = s;
	s->qemu_status = -1;
	struct mxt_writer_opts wo = { s->o.batch_rows, 250, 1 };
	l.w = mxt_writer_new(s->db, &wo, err);
	if (!l.w) {
		error("%s", err);
		return -1;
	}
	l.ing = calloc(1, sizeof(*l.ing));
	if (!l.ing) {
		error("out of memory");
		mxt_writer_close(l.w, NULL);
		return -1;
	}
	mxt_ingest_init(l.ing, l.w, -1, "channel");
	struct attach *a = s->a;
	if (a->t)
		l.ing->own_boots = 0;           /* boots come from the ring */
	if (a->t && a->kernel) {
		uint64_t va;
		if (mxt_elf_sym(a->kernel, "mx_info_obj", &va, NULL) == 0)
			mxt_elf_va2pa(a->kernel, va, &l.info_pa);
	}
	l.t0 = l.last_progress = mxt_now_ns();
	l.info_deadline = l.t0 + 30000000000ull;
	l.tty = isatty(2) && !s->o.progress_lines;
	if (s->chan_fd >= 0)
		fcntl(s->chan_fd, F_SETFL, fcntl(s->chan_fd, F_GETFL) | O_NONBLOCK);
	if (s->con_fd >= 0)
		fcntl(s->con_fd, F_SETFL, fcntl(s->con_fd, F_GETFL) | O_NONBLOCK);
	struct mxt_rsp *rsp = a->t ? mxt_gdb_rsp(a->t) : NULL;
	if (rsp && mxt_rsp_cont(rsp) < 0) {
		error("%s", mxt_rsp_error(rsp));
		l.failed = 1;
	}
	uint64_t next_sample = l.t0 + (uint64_t)s->o.sample_ms * 1000000ull, next_gdb = l.t0;
	uint64_t progress_ns = l.tty ? 500000000ull : 5000000000ull;
	int rc = 0;
	while (!l.failed) {
		uint64_t now = mxt_now_ns();
		if (a->t && !l.have_boot && now >= l.next_info) {
			int r = rsp && mxt_rsp_interrupt(rsp) < 0 ? -1 : open_boot(&l, now);
			if (rsp && mxt_rsp_cont(rsp) < 0)
				r = -1;
			if (r < 0) {
				l.failed = 1;
				break;
			}
			l.next_info = now + (l.info_pa ? 10000000ull : 100000000ull);
		}
		if (shm_target(&l)) {
			if (drain(&l) < 0)
				break;
			if (s->o.sample_ms && l.have_boot && now >= next_sample) {
				sample(&l, MXT_IMG_SAMPLE, 0, NULL);
				next_sample = now + (uint64_t)s->o.sample_ms * 1000000ull;
			}
		} else if (rsp && l.have_boot && now >= next_gdb) {
			uint64_t t1 = mxt_now_ns();
			if (mxt_rsp_interrupt(rsp) < 0) {
				error("%s", mxt_rsp_error(rsp));
				l.guest_gone = 1;
				break;
			}
			int r = drain(&l);
			if (s->o.sample_ms && l.have_boot && now >= next_sample) {
				sample(&l, MXT_IMG_SAMPLE, t1, NULL);
				next_sample = now + (uint64_t)s->o.sample_ms * 1000000ull;
			}
			if (mxt_rsp_cont(rsp) < 0 || r < 0) {
				if (r == 0)
					error("%s", mxt_rsp_error(rsp));
				l.guest_gone = 1;
				break;
			}
			next_gdb = now + (uint64_t)s->o.gdb_ms * 1000000ull;
		}
		struct pollfd pf[3];
		int np = 0, ci = -1, oi = -1, qi = -1;
		if (s->chan_fd >= 0) { ci = np; pf[np++] = (struct pollfd){ s->chan_fd, POLLIN, 0 }; }
		if (s->con_fd >= 0) { oi = np; pf[np++] = (struct pollfd){ s->con_fd, POLLIN, 0 }; }
		if (a->qmp && !mxt_qmp_gone(a->qmp)) { qi = np; pf[np++] = (struct pollfd){ mxt_qmp_fd(a->qmp), POLLIN, 0 }; }
		int timeout = shm_target(&l) ? 1 : 10;
		if (np ? poll(pf, (nfds_t)np, timeout) > 0 : (mxt_sleep_us((unsigned)timeout * 1000), 0)) {
			if (ci >= 0 && pf[ci].revents)
				read_fd(&l, &s->chan_fd, 1);
			if (oi >= 0 && pf[oi].revents)
				read_fd(&l, &s->con_fd, 0);
			if (qi >= 0 && pf[qi].revents && mxt_qmp_poll(a->qmp, 0) < 0)
				l.guest_gone = 1;
		}
		qmp_events(&l);
		if (s->qemu_pid > 0) {
			int status;
			if (waitpid(s->qemu_pid, &status, WNOHANG) == s->qemu_pid) {
				char msg[128];
				s->qemu_status = status;
				s->qemu_pid = 0;
				const char *why = exit_reason(status, msg, sizeof(msg));
				if (!s->end_reason || strcmp(why, "shutdown"))
					s->end_reason = why;
				info("%s", msg);
				l.guest_gone = 1;
			}
		}
		now = mxt_now_ns();
		if (s->o.progress && now - l.last_progress >= progress_ns)
			progress(&l, now, 0);
		if (stop_requested) {
			s->end_reason = "interrupted";
			break;
		}
		if (snapshots_requested != l.requests && l.have_boot)
			snapshot_on_request(&l, rsp);
		if (s->o.duration > 0 && now - l.t0 >= (uint64_t)(s->o.duration * 1e9)) {
			if (!s->end_reason)
				s->end_reason = "detached";
			break;
		}
		if (l.guest_gone)
			break;
		if (mxt_writer_failed(l.w)) {
			error("%s", mxt_writer_error(l.w));
			l.failed = 1;
			break;
		}
		if (s->chan_fd < 0 && !a->t && !a->qmp) {
			s->end_reason = "qemu-died";
			break;
		}
	}

	/* QMP or the channel closed first: QEMU is exiting; take its status. */
	for (int i = 0; l.guest_gone && s->qemu_pid > 0 && i < 300; i++) {
		int status;
		if (waitpid(s->qemu_pid, &status, WNOHANG) == s->qemu_pid) {
			char msg[128];
			s->qemu_status = status;
			s->qemu_pid = 0;
			const char *why = exit_reason(status, msg, sizeof(msg));
			if (!s->end_reason || strcmp(why, "shutdown"))
				s->end_reason = why;
			info("%s", msg);
			break;
		}
		mxt_sleep_us(10000);
	}
	if (l.guest_gone && !s->end_reason)
		s->end_reason = "qemu-died";           /* QEMU went away without a shutdown */

	/* ---- the end: stop the guest if it runs, last drain, last snapshot ---- */
	int alive = !l.guest_gone && s->qemu_status < 0;
	uint64_t t_stop = mxt_now_ns();
	int stopped = 0;
	/* Over the gdbstub, stop through it: the stub must know the guest is stopped. */
	if (alive && rsp)
		stopped = mxt_rsp_interrupt(rsp) == 0;
	else if (alive && a->qmp)
		stopped = mxt_qmp_stop(a->qmp) == 0;
	if (a->t && !l.have_boot && !l.failed && (stopped || !alive))
		open_boot(&l, UINT64_MAX - 1);
	if (l.have_boot && (stopped || !alive || shm_target(&l))) {
		drain(&l);
		/* A full snapshot needs a guest that does not run: else a live sample. */
		if (s->o.final_snapshot && (stopped || !alive))
			sample(&l, MXT_IMG_FULL, stopped ? t_stop : 0,
			       alive ? "at the end of the recording" : "after the guest stopped");
		else if (s->o.final_snapshot && shm_target(&l))
			sample(&l, MXT_IMG_SAMPLE, 0, "at the end of the recording (the guest could not be stopped)");
	}
	if (alive && stopped && !s->o.leave_stopped && !s->quit_qemu) {
		if (rsp)
			mxt_rsp_detach(rsp);
		else if (a->qmp)
			mxt_qmp_cont(a->qmp);
	}
	if (s->chan_fd >= 0)
		read_fd(&l, &s->chan_fd, 1);
	if (s->con_fd >= 0)
		read_fd(&l, &s->con_fd, 0);
	mxt_ingest_finish(l.ing);
	if (l.have_boot)
		boot_end_sync(l.w, l.boot.boot_id, s->end_reason ? s->end_reason : "detached");
	else if (l.ing->boot_id >= 0)
		boot_end_sync(l.w, l.ing->boot_id, s->end_reason ? s->end_reason : "detached");
	if (s->o.progress)
		progress(&l, mxt_now_ns(), 1);
	struct mxt_writer_stats ws;
	mxt_writer_stats(l.w, &ws);
	s->events = ws.events;
	s->lost = l.drain.lost_overwritten + l.drain.lost_torn + l.ing->lost;
	if (mxt_writer_close(l.w, err) < 0) {
		error("%s", err);
		rc = -1;
	}
	if (l.have_drain)
		mxt_drain_free(&l.drain);
	mxt_ingest_free(l.ing);
	free(l.ing);
	if (l.failed)
		rc = -1;
	return rc;
}

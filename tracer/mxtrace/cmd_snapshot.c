/* mxtrace snapshot: stop the guest, read every table and the ring, resume. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "mxt/rsp.h"
#include "mxtrace.h"

static int run(int argc, char **argv);

const struct command cmd_snapshot = {
	"snapshot", run, "stop the guest, read every table and the trace ring, resume it",
	"usage: mxtrace snapshot -o DB (--shm FILE --qmp SOCK | --gdb ADDR | --core FILE) [OPTIONS]\n"
	"\n"
	"Stop the guest, copy the kernel's tables (processes, privileges, IRQ hooks,\n"
	"IPC pair counts, counters), the servers' registered tables (read through\n"
	"their page tables), the kernel log and the trace ring, resume the guest,\n"
	"then decode and store it all as one 'full' snapshot; ring records not yet\n"
	"in the database are added to the events table.  Prints how long the guest\n"
	"was stopped.\n"
	"\n"
	"  -o, --db FILE        the run database (created if missing)\n"
	"      --shm FILE       QEMU's shared guest RAM file (memory-backend-file,share=on)\n"
	"      --qmp SOCK       QEMU's QMP socket, used to stop and resume the guest\n"
	"      --gdb ADDR       QEMU's gdbstub: HOST:PORT, :PORT or unix:PATH\n"
	"      --core FILE      a QEMU dump-guest-memory core file (nothing to stop)\n"
	"  -k, --kernel ELF     find mx_info by symbol and check the ELF's build id;\n"
	"                       without it mx_info is found by scanning for its magic\n"
	"      --sample         read processes and counters live, without stopping\n"
	"                       the guest (a 'sample' snapshot; needs --shm)\n"
	"      --leave-stopped  do not resume the guest afterwards\n"
	"      --no-events      do not copy the trace ring into the events table\n"
	"      --note TEXT      a note stored with the snapshot\n"
	"      --core-out FILE  while the guest is stopped, also have QEMU write a\n"
	"                       dump-guest-memory core of it to FILE (needs --qmp;\n"
	"                       'mxtrace import' reads it back)\n"
	"  -q, --quiet          print nothing on success\n"
	"  -h, --help           this text\n"
	"\n"
	"Exit status: 0 on success, 1 on an error (one line on stderr), 2 on a usage error.\n",
};

static double ms(uint64_t ns)
{
	return (double)ns / 1e6;
}

static int run(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "db", required_argument, 0, 'o' }, { "shm", required_argument, 0, 's' },
		{ "qmp", required_argument, 0, 'Q' }, { "gdb", required_argument, 0, 'g' },
		{ "core", required_argument, 0, 'c' }, { "kernel", required_argument, 0, 'k' },
		{ "sample", no_argument, 0, 'S' }, { "leave-stopped", no_argument, 0, 'L' },
		{ "no-events", no_argument, 0, 'E' }, { "note", required_argument, 0, 'n' },
		{ "core-out", required_argument, 0, 'C' },
		{ "quiet", no_argument, 0, 'q' }, { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 },
	};
	struct attach_opts ao = { 0 };
	const char *dbpath = NULL, *note = NULL, *core_out = NULL;
	int sample = 0, leave = 0, no_events = 0, quiet = 0, c;
	while ((c = getopt_long(argc, argv, "o:k:qh", lo, NULL)) != -1) {
		switch (c) {
		case 'o': dbpath = optarg; break;
		case 's': ao.shm = optarg; break;
		case 'Q': ao.qmp = optarg; break;
		case 'g': ao.gdb = optarg; break;
		case 'c': ao.core = optarg; break;
		case 'k': ao.kernel = optarg; break;
		case 'S': sample = 1; break;
		case 'L': leave = 1; break;
		case 'E': no_events = 1; break;
		case 'n': note = optarg; break;
		case 'C': core_out = optarg; break;
		case 'q': quiet = 1; break;
		case 'h': return usage(&cmd_snapshot, 0);
		default: return usage(&cmd_snapshot, 1);
		}
	}
	if (!dbpath || optind != argc) {
		error(!dbpath ? "no database: give -o DB" : "unexpected argument '%s'", argv[optind]);
		return 2;
	}
	if (sample && !ao.shm) {
		error("--sample reads the guest while it runs: it needs --shm");
		return 2;
	}
	if (core_out && (!ao.qmp || sample)) {
		error("--core-out has QEMU write the core through QMP: it needs --qmp (and no --sample)");
		return 2;
	}
	if (ao.shm && !ao.qmp && !sample) {
		error("--shm cannot stop the guest by itself: add --qmp SOCK (or --sample for a live reading)");
		return 2;
	}
	struct attach a;
	uint64_t t_attach = mxt_now_ns();
	if (attach_open(&ao, &a, 1) < 0)
		return 1;
	if (attach_find_info(&a, 0, NULL) < 0) {
		attach_close(&a);
		return 1;
	}
	sqlite3 *db = open_db(dbpath);
	if (!db) {
		attach_close(&a);
		return 1;
	}
	char err[MXT_ERRLEN];
	int rc = 1, stopped = 0;
	struct snap_job *job = calloc(1, sizeof(*job));
	struct mxt_writer *w = NULL;
	uint64_t t_stop = 0, t_stopped = 0, t_read = 0, t_cont = 0;
	if (!job) {
		error("out of memory");
		goto out;
	}
	/* Stop: QMP if there is one, else the backend (the gdbstub stopped the guest when we attached). */
	t_stop = mxt_now_ns();
	if (!sample && a.qmp) {
		if (mxt_qmp_stop(a.qmp) < 0) {
			error("%s", mxt_qmp_error(a.qmp));
			goto out;
		}
		stopped = 1;
	} else if (!sample && mxt_gdb_rsp(a.t)) {
		t_stop = t_attach;              /* QEMU stops the guest when a debugger attaches */
		stopped = 1;
	}
	t_stopped = mxt_now_ns();
	int ok = mxt_image_read(a.t, &a.info, sample ? MXT_IMG_SAMPLE : MXT_IMG_FULL, &job->img, err);
	t_read = mxt_now_ns();
	uint64_t t_core = 0;
	if (ok == 0 && core_out) {
		/* The core is of the same stopped guest as the snapshot. */
		char abs[4096], cwd[2048];
		if (core_out[0] == '/' || !getcwd(cwd, sizeof(cwd)))
			snprintf(abs, sizeof(abs), "%s", core_out);
		else
			snprintf(abs, sizeof(abs), "%s/%s", cwd, core_out);  /* QEMU's working directory is not ours */
		if (mxt_qmp_dump(a.qmp, abs) < 0) {
			error("writing the core: %s", mxt_qmp_error(a.qmp));
			ok = -2;
		}
		t_core = mxt_now_ns() - t_read;
	}
	if (!leave) {
		struct mxt_rsp *rsp = mxt_gdb_rsp(a.t);
		if (a.qmp && !sample && mxt_qmp_cont(a.qmp) < 0)
			error("resuming the guest: %s", mxt_qmp_error(a.qmp));
		if (rsp && mxt_rsp_detach(rsp) < 0)
			error("resuming the guest: %s", mxt_rsp_error(rsp));
	}
	t_cont = mxt_now_ns();
	if (ok < 0) {
		if (ok == -1)
			error("%s", err);
		goto out;
	}
	struct mxt_writer_opts wo = { 0, 0, 0 };
	w = mxt_writer_new(db, &wo, err);
	if (!w) {
		error("%s", err);
		goto out;
	}
	struct mxt_boot boot;
	if (boot_open_sync(w, &a.info, &job->img.ring_hdr, job->img.boot, a.t->source, a.kernel_path, &boot, err) < 0) {
		error("%s", err);
		goto out;
	}
	mxt_writer_boot_hz(w, boot.boot_id, a.info.mi.tsc_hz);
	job->boot_id = boot.boot_id;
	job->meta.kind = sample ? "sample" : "full";
	job->meta.source = a.t->source;
	job->meta.stopped_us = stopped ? (int64_t)((t_cont - t_stop) / 1000) : -1;
	if (note) {
		snprintf(job->note, sizeof(job->note), "%s", note);
		job->meta.note = job->note;
	}
	uint64_t events = 0, lost = 0;
	if (!sample && !no_events && job->img.ring) {
		struct mxt_target *rt = mxt_image_ring_target(&job->img, err);
		struct mxt_drain d;
		struct drain_sink sink = { w, boot.boot_id };
		if (!rt || mxt_drain_init(&d, rt, &a.info, boot.next_seq, err) < 0) {
			error("%s", err);
			mxt_target_close(rt);
			goto out;
		}
		long n = mxt_drain_poll(&d, sink_events, sink_loss, &sink, err);
		if (n < 0)
			error("%s", err);
		events = d.kept;
		lost = d.lost_overwritten + d.lost_torn;
		mxt_drain_free(&d);
		mxt_target_close(rt);
	}
	struct snap_job *j = job;
	job = NULL;
	int nprocs = 0;
	for (uint32_t s = 0; s < j->img.proc_s.count; s++) {
		const mx_field *f = mxt_field_find(j->img.proc_s.fields, j->img.proc_s.nfields, "p_rts_flags");
		if (f && !(mxt_field_u(f, j->img.proc + (size_t)s * j->img.proc_s.size, 0) & 1))
			nprocs++;
	}
	int64_t *snap_id = &j->snap_id;
	if (mxt_writer_call(w, snap_job_write, j, NULL) < 0 || mxt_writer_sync(w) < 0) {
		error("%s", mxt_writer_error(w));
		snap_job_free(j);
		goto out;
	}
	int64_t sid = *snap_id;
	snap_job_free(j);
	if (mxt_writer_close(w, err) < 0) {
		w = NULL;
		error("%s", err);
		goto out;
	}
	w = NULL;
	if (!quiet) {
		if (stopped)
			printf("snapshot %lld (%s, boot %lld%s): %d processes, %llu new events, %llu lost; "
			       "guest stopped %.2f ms (stop %.2f, read %.2f, resume %.2f)%s\n",
			       (long long)sid, sample ? "sample" : "full", (long long)boot.boot_id, boot.existing ? "" : ", new",
			       nprocs, (unsigned long long)events, (unsigned long long)lost, ms(t_cont - t_stop),
			       ms(t_stopped - t_stop), ms(t_read - t_stopped), ms(t_cont - t_read), leave ? "; left stopped" : "");
		else
			printf("snapshot %lld (%s, boot %lld%s): %d processes, %llu new events, %llu lost; read in %.2f ms, guest not stopped\n",
			       (long long)sid, sample ? "sample" : "full", (long long)boot.boot_id, boot.existing ? "" : ", new",
			       nprocs, (unsigned long long)events, (unsigned long long)lost, ms(t_read - t_stopped));
	}
	if (core_out && !quiet)
		printf("core file %s written in %.0f ms (the guest was stopped for it too)\n", core_out, ms(t_core));
	rc = 0;
out:
	if (job)
		snap_job_free(job);
	if (w && mxt_writer_close(w, err) < 0)
		error("%s", err);
	mxt_db_close(db);
	attach_close(&a);
	return rc;
}

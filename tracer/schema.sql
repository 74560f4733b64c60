-- MX run database, schema version 1.  Documented table by table in
-- tracer/schema.md.  Written by mxtrace (C) and by the gdb-scripts'
-- mx-snapshot (Python); read by mxtop, mxviz and mxdump.
-- Endpoints are stored as integers (see os/include/mx/endpoint.h); a NULL
-- endpoint means "none".  TSC values are guest time stamp counter ticks.

PRAGMA user_version = 1;

CREATE TABLE IF NOT EXISTS meta (
	key   TEXT PRIMARY KEY,
	value TEXT
);

-- One row per boot of the guest seen in this run.  Record numbers (seq)
-- restart at 0 on each boot.
CREATE TABLE IF NOT EXISTS boots (
	boot_id     INTEGER PRIMARY KEY,
	started_at  TEXT NOT NULL,          -- host time, ISO 8601
	source      TEXT NOT NULL,          -- 'shm', 'gdb', 'core', 'channel', 'gdb-scripts', 'synthetic'
	kernel      TEXT,                   -- path of the kernel ELF, if known
	build_id    TEXT,                   -- hex
	release     TEXT,
	tsc_hz      INTEGER,
	hz          INTEGER,
	nr_slots    INTEGER,
	cmdline     TEXT,
	ended_at    TEXT,
	end_reason  TEXT,                   -- 'shutdown', 'panic', 'qemu-died', 'interrupted', 'detached'
	tsc_boot    INTEGER,                -- the ring's tsc_boot: with build_id, identifies the boot
	ring_nrecs  INTEGER                 -- records the trace ring holds
);

-- A snapshot is a reading of the kernel's and servers' tables at one time.
-- kind 'full': every table, the guest stopped (or a core file); 'sample':
-- only processes and counters, read live without stopping the guest.
CREATE TABLE IF NOT EXISTS snapshots (
	snap_id      INTEGER PRIMARY KEY,
	boot_id      INTEGER NOT NULL REFERENCES boots(boot_id),
	kind         TEXT NOT NULL CHECK (kind IN ('full', 'sample')),
	taken_at     TEXT NOT NULL,         -- host time
	host_ns      INTEGER,               -- host monotonic ns, for rates
	tsc          INTEGER,               -- guest TSC at the snapshot (latest record's, or read)
	uptime_ticks INTEGER,
	trace_head   INTEGER,               -- ring head when read
	stopped_us   INTEGER,               -- how long the guest was stopped, NULL if not stopped
	source       TEXT NOT NULL,
	note         TEXT
);
CREATE INDEX IF NOT EXISTS snapshots_boot_kind ON snapshots(boot_id, kind, snap_id);

-- proc[]: one row per slot in use (free slots are not stored).
CREATE TABLE IF NOT EXISTS processes (
	snap_id     INTEGER NOT NULL REFERENCES snapshots(snap_id),
	slot        INTEGER NOT NULL,
	endpoint    INTEGER NOT NULL,
	name        TEXT NOT NULL,
	state       TEXT NOT NULL,          -- 'RUN', 'READY', 'SEND', 'RECV', 'REPLY-WAIT', 'STOPPED', 'PAGEFAULT', 'SIGNAL', 'EXITING', 'BOOTING'
	peer        INTEGER,                -- SEND: destination; RECV and REPLY-WAIT: source (NULL for ANY)
	rts_flags   INTEGER NOT NULL,
	rts         TEXT NOT NULL,          -- letters, see os/include/mx/procflags.h
	misc_flags  INTEGER NOT NULL,
	misc        TEXT NOT NULL,
	blocked_tsc INTEGER,                -- TSC when it blocked, NULL if not blocked
	pending_type INTEGER,               -- SEND: type of the message it tries to send
	priority    INTEGER,
	quantum     INTEGER,
	user_ticks  INTEGER,
	sys_ticks   INTEGER,
	cycles      INTEGER,                -- TSC ticks it ran
	sent        INTEGER,
	received    INTEGER,
	notifies    INTEGER,
	kcalls      INTEGER,
	priv_id     INTEGER,
	parent      INTEGER,                -- endpoint of the parent known to the kernel
	pid         INTEGER,                -- from PM's table, if read
	traced_by   INTEGER,                -- endpoint of the tracer, if traced
	eip         INTEGER,
	esp         INTEGER,
	cr3         INTEGER,
	running     INTEGER,                -- 1 for the process on the CPU at the snapshot
	PRIMARY KEY (snap_id, slot)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS privileges (
	snap_id     INTEGER NOT NULL REFERENCES snapshots(snap_id),
	priv_id     INTEGER NOT NULL,
	endpoint    INTEGER,                -- owner, NULL for the shared user privileges
	flags       INTEGER NOT NULL,
	flag_letters TEXT NOT NULL,
	trap_mask   INTEGER NOT NULL,       -- allowed IPC primitives, bit per call number
	kcall_mask  INTEGER NOT NULL,       -- allowed kernel calls, bit per call number
	ipc_to      TEXT NOT NULL,          -- hex bitmap of priv ids it may send to, priv 0 first
	sig_mgr     INTEGER,
	irq_mask    INTEGER,
	io_ranges   TEXT,                   -- 'base:len,...'
	notify_pending TEXT,                -- hex bitmap of priv ids with notifications pending
	PRIMARY KEY (snap_id, priv_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS irq_hooks (
	snap_id     INTEGER NOT NULL REFERENCES snapshots(snap_id),
	hook        INTEGER NOT NULL,
	irq         INTEGER NOT NULL,
	endpoint    INTEGER NOT NULL,
	policy      INTEGER NOT NULL,       -- MX_IRQ_REENABLE | MX_IRQ_EXCLUSIVE
	notify_id   INTEGER NOT NULL,
	active      INTEGER NOT NULL,       -- line masked until the driver re-enables it
	PRIMARY KEY (snap_id, hook)
) WITHOUT ROWID;

-- The per-pair IPC count matrix (non-zero cells only).
CREATE TABLE IF NOT EXISTS ipc_pairs (
	snap_id     INTEGER NOT NULL REFERENCES snapshots(snap_id),
	src_slot    INTEGER NOT NULL,
	dst_slot    INTEGER NOT NULL,
	src         INTEGER,                -- endpoints of the slots at snapshot time
	dst         INTEGER,
	count       INTEGER NOT NULL,
	PRIMARY KEY (snap_id, src_slot, dst_slot)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS trace_status (
	snap_id     INTEGER PRIMARY KEY REFERENCES snapshots(snap_id),
	ctl         INTEGER NOT NULL,
	kinds       INTEGER NOT NULL,
	nrecs       INTEGER NOT NULL,
	head        INTEGER NOT NULL,
	filtered    INTEGER NOT NULL,
	overwritten INTEGER NOT NULL,
	off_skipped INTEGER NOT NULL,
	ep_filter   TEXT                    -- hex slot bitmap when the endpoint filter is on
);

-- Tables registered by servers (mx_info's registry): the descriptor, its
-- fields, and every entry decoded as a JSON object keyed by field name.
CREATE TABLE IF NOT EXISTS reg_tables (
	snap_id     INTEGER NOT NULL REFERENCES snapshots(snap_id),
	name        TEXT NOT NULL,          -- e.g. 'vm.regions'
	owner       INTEGER NOT NULL,
	addr        INTEGER NOT NULL,
	count       INTEGER NOT NULL,
	size        INTEGER NOT NULL,
	fields      TEXT NOT NULL,          -- JSON array of {name, offset, size, kind, count}
	error       TEXT,                   -- why the rows could not be read, NULL if they were
	PRIMARY KEY (snap_id, name)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS reg_rows (
	snap_id     INTEGER NOT NULL,
	name        TEXT NOT NULL,
	idx         INTEGER NOT NULL,
	data        TEXT NOT NULL,          -- JSON object, field name -> value
	PRIMARY KEY (snap_id, name, idx)
) WITHOUT ROWID;

-- IS dumps: as received from the guest (source 'guest') or rendered by
-- mxdump (source 'mxdump').
CREATE TABLE IF NOT EXISTS dumps (
	dump_id     INTEGER PRIMARY KEY,
	snap_id     INTEGER REFERENCES snapshots(snap_id),
	boot_id     INTEGER REFERENCES boots(boot_id),
	key         INTEGER NOT NULL,       -- os/include/mx/dump.h
	source      TEXT NOT NULL,
	received_at TEXT NOT NULL,
	text        TEXT NOT NULL
);

-- The trace.  id = boot_id << 40 | seq, so events of a boot are contiguous
-- and seq = id & 0xffffffffff.  Columns are the record's (mx/trace.h).
CREATE TABLE IF NOT EXISTS events (
	id     INTEGER PRIMARY KEY,
	tsc    INTEGER NOT NULL,
	kind   INTEGER NOT NULL,
	flags  INTEGER NOT NULL,
	src    INTEGER NOT NULL,
	dst    INTEGER NOT NULL,
	type   INTEGER NOT NULL,
	arg    INTEGER NOT NULL
);

-- Records that did not reach the database, exactly counted by cause.
CREATE TABLE IF NOT EXISTS losses (
	loss_id     INTEGER PRIMARY KEY,
	boot_id     INTEGER NOT NULL,
	first_seq   INTEGER NOT NULL,
	count       INTEGER NOT NULL,
	cause       TEXT NOT NULL CHECK (cause IN ('overwritten', 'torn', 'channel', 'channel-overwritten', 'corrupt-frame', 'gap')),
	noticed_at  TEXT NOT NULL
);

-- Incremental aggregates, kept by the writer at each committed batch, so
-- readers (mxtop) never scan the event table.  bucket = tsc / bucket_ticks
-- (meta 'bucket_ticks', a tenth of a guest second by default).
CREATE TABLE IF NOT EXISTS ipc_agg (
	boot_id  INTEGER NOT NULL,
	bucket   INTEGER NOT NULL,
	src      INTEGER NOT NULL,
	dst      INTEGER NOT NULL,
	type     INTEGER NOT NULL,
	count    INTEGER NOT NULL,
	lat_n    INTEGER NOT NULL,          -- records that carried a latency
	lat_sum  INTEGER NOT NULL,
	lat_max  INTEGER NOT NULL,
	PRIMARY KEY (boot_id, bucket, src, dst, type)
) WITHOUT ROWID;

-- Latency histogram per path: bin b counts latencies in [2^b, 2^(b+1)).
CREATE TABLE IF NOT EXISTS ipc_lat_hist (
	boot_id  INTEGER NOT NULL,
	src      INTEGER NOT NULL,
	dst      INTEGER NOT NULL,
	type     INTEGER NOT NULL,
	bin      INTEGER NOT NULL,
	count    INTEGER NOT NULL,
	PRIMARY KEY (boot_id, src, dst, type, bin)
) WITHOUT ROWID;

-- The same histogram per period of 10 buckets (period = bucket / 10), so
-- that a time window has percentiles of its own: mxtop's p99 is over the
-- window it shows, rounded out to whole periods.
CREATE TABLE IF NOT EXISTS ipc_lat_hist_period (
	boot_id  INTEGER NOT NULL,
	src      INTEGER NOT NULL,
	dst      INTEGER NOT NULL,
	type     INTEGER NOT NULL,
	period   INTEGER NOT NULL,
	bin      INTEGER NOT NULL,
	count    INTEGER NOT NULL,
	PRIMARY KEY (boot_id, src, dst, type, period, bin)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS kcall_agg (
	boot_id  INTEGER NOT NULL,
	bucket   INTEGER NOT NULL,
	caller   INTEGER NOT NULL,
	call     INTEGER NOT NULL,
	count    INTEGER NOT NULL,
	errors   INTEGER NOT NULL,
	dur_sum  INTEGER NOT NULL,
	dur_max  INTEGER NOT NULL,
	PRIMARY KEY (boot_id, bucket, caller, call)
) WITHOUT ROWID;

-- Per process and bucket: run time from context switches, IPC counts.
CREATE TABLE IF NOT EXISTS proc_agg (
	boot_id  INTEGER NOT NULL,
	bucket   INTEGER NOT NULL,
	ep       INTEGER NOT NULL,
	run_ticks INTEGER NOT NULL,
	sent     INTEGER NOT NULL,
	received INTEGER NOT NULL,
	kcalls   INTEGER NOT NULL,
	PRIMARY KEY (boot_id, bucket, ep)
) WITHOUT ROWID;

-- Kernel counters (struct mx_kinfo) at each snapshot.
CREATE TABLE IF NOT EXISTS kinfo (
	snap_id          INTEGER PRIMARY KEY REFERENCES snapshots(snap_id),
	uptime_ticks     INTEGER,
	ipc_calls        INTEGER,
	kcalls           INTEGER,
	switches         INTEGER,
	irqs             INTEGER,
	pgfaults         INTEGER,
	ipc_errors       INTEGER,
	kcall_errors     INTEGER,
	nr_procs_live    INTEGER,
	mem_total_frames INTEGER,
	mem_free_frames  INTEGER
);

-- The kernel log: LOG frames from the channel, and the log buffer
-- (mx_klog) read by snapshots; a line is stored once per (boot, source, pos).
CREATE TABLE IF NOT EXISTS log (
	log_id      INTEGER PRIMARY KEY,
	boot_id     INTEGER NOT NULL,
	source      TEXT NOT NULL CHECK (source IN ('channel', 'klog')),
	pos         INTEGER NOT NULL,       -- channel: frame seq; klog: offset of the line in the log's byte count
	received_at TEXT NOT NULL,
	text        TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS log_pos ON log(boot_id, source, pos);

-- The boot image as the kernel loaded it (mx_bootinfo).
CREATE TABLE IF NOT EXISTS boot_modules (
	boot_id     INTEGER NOT NULL,
	idx         INTEGER NOT NULL,
	name        TEXT NOT NULL,
	cmdline     TEXT,
	start_pa    INTEGER,                -- physical extent of the module as loaded
	end_pa      INTEGER,
	endpoint    INTEGER,                -- the process it became, NULL if none
	entry       INTEGER,
	text_lo     INTEGER,
	text_hi     INTEGER,
	data_lo     INTEGER,
	data_hi     INTEGER,
	stack_lo    INTEGER,
	stack_hi    INTEGER,
	PRIMARY KEY (boot_id, idx)
) WITHOUT ROWID;

-- Debug-channel decoder counters per boot (mxtrace's reading of COM2).
CREATE TABLE IF NOT EXISTS chan_stats (
	boot_id       INTEGER PRIMARY KEY,
	bytes         INTEGER NOT NULL,
	frames        INTEGER NOT NULL,
	corrupt       INTEGER NOT NULL,
	bad_cobs      INTEGER NOT NULL,
	bad_crc       INTEGER NOT NULL,
	bad_len       INTEGER NOT NULL,
	too_long      INTEGER NOT NULL,
	truncated     INTEGER NOT NULL,
	seq_gaps      INTEGER NOT NULL,
	frames_missed INTEGER NOT NULL,
	updated_at    TEXT NOT NULL
);

-- ---- Views ---------------------------------------------------------------

CREATE VIEW IF NOT EXISTS events_v AS
	SELECT id >> 40 AS boot_id, id & 1099511627775 AS seq, tsc, kind, flags, src, dst, type, arg
	FROM events;

-- Hot IPC paths over the whole run: count, latency total, mean and max.
CREATE VIEW IF NOT EXISTS hot_ipc AS
	SELECT boot_id, src, dst, type,
	       SUM(count) AS count, SUM(lat_sum) AS lat_total,
	       CASE WHEN SUM(lat_n) > 0 THEN SUM(lat_sum) * 1.0 / SUM(lat_n) END AS lat_mean,
	       MAX(lat_max) AS lat_max
	FROM ipc_agg GROUP BY boot_id, src, dst, type;

-- Latency percentiles per path from the histogram (upper bound of the bin
-- holding the 50th and 99th percentile).
CREATE VIEW IF NOT EXISTS ipc_latency_pct AS
	WITH h AS (
		SELECT boot_id, src, dst, type, bin, count,
		       SUM(count) OVER (PARTITION BY boot_id, src, dst, type ORDER BY bin) AS cum,
		       SUM(count) OVER (PARTITION BY boot_id, src, dst, type) AS total
		FROM ipc_lat_hist)
	SELECT boot_id, src, dst, type, total,
	       MIN(CASE WHEN cum * 100 >= total * 50 THEN (1 << (bin + 1)) END) AS p50,
	       MIN(CASE WHEN cum * 100 >= total * 99 THEN (1 << (bin + 1)) END) AS p99
	FROM h GROUP BY boot_id, src, dst, type;

-- Registry tables decoded into columns.
CREATE VIEW IF NOT EXISTS vm_regions AS
	SELECT snap_id, idx,
	       json_extract(data, '$.ep') AS endpoint, json_extract(data, '$.start') AS start,
	       json_extract(data, '$.len') AS len, json_extract(data, '$.prot') AS prot,
	       json_extract(data, '$.kind') AS kind, json_extract(data, '$.pages') AS pages,
	       json_extract(data, '$.shared_id') AS shared_id, json_extract(data, '$.offset') AS offset
	FROM reg_rows WHERE name = 'vm.regions' AND json_extract(data, '$.ep') <> 1073741826;

CREATE VIEW IF NOT EXISTS threads AS
	SELECT r.snap_id, t.owner AS server, json_extract(r.data, '$.tid') AS tid,
	       json_extract(r.data, '$.name') AS name, json_extract(r.data, '$.state') AS state,
	       json_extract(r.data, '$.client') AS client, json_extract(r.data, '$.req') AS req,
	       json_extract(r.data, '$.lock_wait') AS lock_wait, json_extract(r.data, '$.lock_mode') AS lock_mode,
	       json_extract(r.data, '$.ipc_wait') AS ipc_wait,
	       json_extract(r.data, '$.since_lo') + (json_extract(r.data, '$.since_hi') << 32) AS since_tsc
	FROM reg_rows r JOIN reg_tables t ON t.snap_id = r.snap_id AND t.name = r.name
	WHERE r.name LIKE '%.threads' AND json_extract(r.data, '$.tid') >= 0;

CREATE VIEW IF NOT EXISTS locks AS
	SELECT r.snap_id, t.owner AS server, json_extract(r.data, '$.id') AS lock_id,
	       json_extract(r.data, '$.name') AS name, json_extract(r.data, '$.kind') AS kind,
	       json_extract(r.data, '$.obj') AS obj, json_extract(r.data, '$.mode') AS mode,
	       json_extract(r.data, '$.owner') AS owner_tid, json_extract(r.data, '$.readers') AS readers,
	       json_extract(r.data, '$.holders') AS holders, json_extract(r.data, '$.waiters') AS waiters,
	       json_extract(r.data, '$.since_lo') + (json_extract(r.data, '$.since_hi') << 32) AS since_tsc
	FROM reg_rows r JOIN reg_tables t ON t.snap_id = r.snap_id AND t.name = r.name
	WHERE r.name LIKE '%.locks' AND json_extract(r.data, '$.id') >= 0;

CREATE VIEW IF NOT EXISTS lock_waits AS
	SELECT snap_id, server, tid, lock_wait AS lock_id, lock_mode AS mode, since_tsc
	FROM threads WHERE state = 3 AND lock_wait >= 0;

-- The wait-for graph of each snapshot.  Nodes are 'p:<endpoint>' for a
-- process and 't:<server endpoint>:<tid>' for a server thread.
--   send   process blocked sending to peer
--   recv   process blocked receiving from one peer (not ANY)
--   reply  process in SENDREC waiting for peer's reply
--   serve  process's request is being served by that server thread
--   lock   thread waits for a lock held by another thread (every holder)
--   ipc    thread waits for a reply from a process
--   trace  process stopped under ptrace waits for its tracer to resume it
CREATE VIEW IF NOT EXISTS wait_for AS
	WITH RECURSIVE bit(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM bit WHERE n < 31)
	SELECT snap_id, 'p:' || endpoint AS waiter, 'p:' || peer AS waitee,
	       CASE state WHEN 'SEND' THEN 'send' WHEN 'RECV' THEN 'recv' ELSE 'reply' END AS reason,
	       pending_type AS detail, blocked_tsc AS since_tsc
	FROM processes WHERE state IN ('SEND', 'RECV', 'REPLY-WAIT') AND peer IS NOT NULL
	UNION ALL
	SELECT snap_id, 'p:' || client, 't:' || server || ':' || tid, 'serve', req, since_tsc
	FROM threads WHERE client IS NOT NULL AND client <> 1073741826 AND state <> 1
	UNION ALL
	SELECT w.snap_id, 't:' || w.server || ':' || w.tid, 't:' || l.server || ':' || bit.n,
	       'lock', w.lock_id, w.since_tsc
	FROM lock_waits w JOIN locks l ON l.snap_id = w.snap_id AND l.server = w.server AND l.lock_id = w.lock_id
	JOIN bit ON (l.holders >> bit.n) & 1
	WHERE bit.n <> w.tid
	UNION ALL
	SELECT snap_id, 't:' || server || ':' || tid, 'p:' || ipc_wait, 'ipc', req, since_tsc
	FROM threads WHERE state = 4 AND ipc_wait <> 1073741826
	UNION ALL
	SELECT snap_id, 'p:' || endpoint, 'p:' || traced_by, 'trace', NULL, NULL
	FROM processes WHERE state = 'STOPPED' AND traced_by IS NOT NULL;

-- The name of every endpoint seen in a snapshot of the boot (latest wins).
CREATE VIEW IF NOT EXISTS proc_names AS
	SELECT s.boot_id, p.endpoint, p.name, MAX(p.snap_id) AS snap_id
	FROM processes p JOIN snapshots s ON s.snap_id = p.snap_id
	GROUP BY s.boot_id, p.endpoint;

-- Records lost per boot and cause.
CREATE VIEW IF NOT EXISTS loss_summary AS
	SELECT boot_id, cause, COUNT(*) AS gaps, SUM(count) AS records
	FROM losses GROUP BY boot_id, cause;

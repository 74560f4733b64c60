#!/usr/bin/env python3
"""The gdb-scripts in real GDB against a booted MX.

Boots MX with the scenario programs of tests/guest/scene (`scene ipc`: a
wait chain and a receive-receive deadlock; `scene locks`: server threads
in a lock cycle, described by registered tables), attaches GDB in batch
mode to QEMU's gdbstub and checks the output of every mx-* command, the
convenience functions and pretty printers, mx-snapshot's database (read
back with sqlite3 and mxdump), switching tracing on and off, the kernel
without debug info or symbols, GDB's auto-load, and that bad input gives
one line starting "mx:" and never a Python traceback.
"""
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("MX_BUILD", os.path.join(ROOT, "build"))
sys.path.insert(0, os.path.join(ROOT, "tests", "harness"))
sys.path.insert(0, os.path.join(ROOT, "gdb-scripts"))
os.environ.setdefault("MX_BUILD", BUILD)

from mxqemu import MX  # noqa: E402
from mx import constants as C  # noqa: E402
from mx import names as N  # noqa: E402

# Letter strings as every tool renders them (os/include/mx/procflags.h).
SR, S, R, NONE_RTS = (N.rts_letters(C.RTS_SENDING | C.RTS_RECEIVING), N.rts_letters(C.RTS_SENDING),
                      N.rts_letters(C.RTS_RECEIVING), N.rts_letters(0))
SYS, SYS_RP = N.misc_letters(C.MF_SYSTEM), N.misc_letters(C.MF_SYSTEM | C.MF_REPLY_PEND)

GDB = os.environ.get("GDB", "gdb")
KERNEL = os.path.join(BUILD, "os", "kernel.elf")
LOADER = os.path.join(ROOT, "gdb-scripts", "mx-gdb.py")
MXDUMP = os.path.join(BUILD, "bin", "mxdump")
MXTRACE = os.path.join(BUILD, "bin", "mxtrace")
MARK = "@@@ "

failures = []
checks = 0


def check(cond, what, detail=""):
    global checks
    checks += 1
    if os.environ.get("MX_VERBOSE"):
        print("  %s %s" % ("ok  " if cond else "FAIL", what))
    if not cond:
        failures.append(what + (("\n      " + detail.replace("\n", "\n      ")) if detail else ""))
        if not os.environ.get("MX_VERBOSE"):
            print("  FAIL " + what)


# ---- running GDB -------------------------------------------------------------------

def gdb(port, cmds, kernel=KERNEL, attach=True, load=True, pre=()):
    """Run cmds in a batch GDB; returns [(cmd, output)] and the whole text."""
    a = [GDB, "-batch", "-nx", "-iex", "set auto-load python-scripts off", *pre,
         "-ex", "set pagination off", "-ex", "set width 0", "-ex", "set confirm off"]
    if kernel:
        a += ["-ex", "file " + kernel]
    if attach:
        a += ["-ex", "target remote 127.0.0.1:%d" % port]
    if load:
        a += ["-ex", "source " + LOADER]
    for c in cmds:
        a += ["-ex", "echo " + MARK + c.replace("\\", "") + "\\n", "-ex", c]
    t0 = time.time()
    r = subprocess.run(a, capture_output=True, text=True, timeout=180, env=dict(os.environ, MX_BUILD=BUILD))
    if os.environ.get("MX_VERBOSE"):
        print("  (gdb %.1fs: %s)" % (time.time() - t0, " | ".join(cmds)[:100]))
    text = r.stdout + r.stderr
    out, cur, buf = [], None, []
    for line in r.stdout.splitlines() + ["@@@END"]:
        if re.match(r"^\[Inferior \d+ .*\]$", line):
            continue                    # GDB's own notice when it detaches at exit
        if line.startswith(MARK) or line == "@@@END":
            if cur is not None:
                out.append((cur, "\n".join(buf)))
            cur, buf = line[len(MARK):], []
        elif cur is not None:
            buf.append(line)
    # Errors go to stderr: attribute them to their command by order.
    errs = [l for l in r.stderr.splitlines() if l.startswith("mx:") or "Traceback" in l or "Error" in l]
    return out, text, errs


def outputs(port, cmds, **kw):
    """{command: stdout text} plus the stderr lines, in one GDB session."""
    res, text, _e = gdb(port, cmds, **kw)
    d = {c: o for c, o in res}
    return d, text


def one_error(port, cmd, expect, **kw):
    """cmd must fail with exactly one line starting 'mx:' that matches expect."""
    _res, text, _e = gdb(port, [cmd], **kw)
    # Errors from -ex commands appear on stderr, the marker on stdout.
    err_lines = [l for l in text.splitlines() if l.startswith("mx:")]
    check("Traceback" not in text and "Python Exception" not in text, "%s: no traceback" % cmd, text[-2000:])
    check(len(err_lines) == 1, "%s: exactly one error line" % cmd, text[-2000:])
    check(bool(err_lines) and re.search(expect, err_lines[0]) is not None,
          "%s: error says %r" % (cmd, expect), "\n".join(err_lines) or text[-1500:])


def rows(text, header_word):
    """Lines of a table after its header line (which contains header_word)."""
    lines = text.splitlines()
    for i, l in enumerate(lines):
        if l.split()[:1] and header_word in l.split():
            return [x.split() for x in lines[i + 1:] if x.strip()]
    return []


# ---- agreement with mxtrace ------------------------------------------------------------

# Columns that say when and by whom a row was written, not what the guest held.
HOST_COLUMNS = {"boots": {"started_at", "source", "kernel", "ended_at", "end_reason"},
                "snapshots": {"taken_at", "host_ns", "stopped_us", "source", "note"},
                "log": {"received_at", "log_id"},
                "losses": {"noticed_at"}}


def mxtrace_snapshot(mx, db):
    """mxtrace's snapshot of the guest, left stopped for GDB; False if
    mxtrace is not built."""
    if not os.access(MXTRACE, os.X_OK):
        print("  (no mxtrace: the row-for-row comparison is skipped)")
        return False
    r = subprocess.run([MXTRACE, "snapshot", "-o", db, "--shm", mx.shm_path, "--qmp", mx.qmp_path,
                        "--leave-stopped", "-k", KERNEL], capture_output=True, text=True, timeout=120)
    check(r.returncode == 0, "mxtrace snapshot", r.stdout + r.stderr)
    return r.returncode == 0


def compare_dbs(mxtrace_db, gdb_db, what):
    """Every table of both databases holds the same rows (host columns aside)."""
    a, b = sqlite3.connect(mxtrace_db), sqlite3.connect(gdb_db)
    tables = [r[0] for r in a.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    check(tables == [r[0] for r in b.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")],
          "%s: the same tables as mxtrace's database" % what)
    for t in tables:
        cols = [r[1] for r in a.execute("SELECT * FROM pragma_table_info(?)", (t,))
                if r[1] not in HOST_COLUMNS.get(t, set())]
        q = "SELECT %s FROM %s ORDER BY %s" % (", ".join(cols), t, ", ".join(cols))
        ra, rb = a.execute(q).fetchall(), b.execute(q).fetchall()
        diff = "\n".join(["mxtrace: %r" % (r,) for r in sorted(set(ra) - set(rb), key=repr)[:5]] +
                         ["gdb:     %r" % (r,) for r in sorted(set(rb) - set(ra), key=repr)[:5]])
        check(ra == rb, "%s: table %s agrees with mxtrace row for row (%d rows)" % (what, t, len(ra)), diff)
    a.close()
    b.close()


# ---- scene ipc -------------------------------------------------------------------------

def scene_eps(mx, name):
    m = mx.wait_for(r"SCENE READY %s ([^\n]*)\n" % name, timeout=60, fail=r"scene: |panic")
    return dict(kv.split("=") for kv in m.group(1).split())


def ps_table(text):
    """{name: (slot, ep, state, ipc, rts, misc)} from mx-ps."""
    t = {}
    for r in rows(text, "SLOT"):
        if len(r) >= 7:
            t[r[2]] = (int(r[0]), int(r[1]), r[3], r[4], r[5], r[6])
    return t


def test_ipc(tmp):
    with MX(build=BUILD, modules=["scene ipc"], gdb=True, shm=True, qmp=True) as mx:
        eps = {k: int(v) for k, v in scene_eps(mx, "ipc").items()}
        port = mx.gdb_port
        compared = mxtrace_snapshot(mx, os.path.join(tmp, "ipc-mxtrace.db"))
        cmds = ["mx", "help mx", "help mx-ps", "help mx-why", "help function mx_proc", "mx-ps", "mx-ps --blocked",
                "mx-proc sc-a", "mx-proc %d" % eps["sc-a"], "mx-proc %d/1" % (eps["sc-a"] & C.SLOT_MASK),
                "mx-why sc-a", "mx-why sc-e", "mx-why sc-x", "mx-why sc-d", "mx-deadlock",
                "mx-trace 100 --filter kind=fork,exec,send-blk,recv-blk,kcall,mark", "mx-trace 10 --filter kind=send-blk", "mx-trace 5 --filter kind=mark",
                "mx-trace 20 --filter ep=sc-x", "mx-trace 5 --filter kind=fork src=scene",
                "mx-ipc-stats 5", "mx-ipc-stats 3 --matrix", "mx-vm sc-a", "mx-tables", "mx-threads", "mx-locks",
                "mx-trace-filter",
                "p proc[%d]" % (eps["sc-a"] & C.SLOT_MASK), "p proc[%d].p_sendmsg" % (eps["sc-b"] & C.SLOT_MASK),
                "p proc[%d].p_endpoint" % (eps["sc-c"] & C.SLOT_MASK), "p priv[0]",
                "p trace_recs[1]", 'p $mx_proc("sc-a").p_rts_flags', 'p $mx_ep("sc-b")',
                "p $mx_ep(%d)" % (eps["sc-y"] & C.SLOT_MASK), "p $mx_proc(%d).p_name" % eps["sc-f"],
                "mx-snapshot " + os.path.join(tmp, "ipc.db"), "mx-dump proc privs"]
        o, text = outputs(port, cmds)
        check("Traceback" not in text and "Python Exception" not in text, "ipc: no traceback", text[-3000:])

        for c in ["mx-ps", "mx-proc", "mx-trace", "mx-trace-on", "mx-trace-off", "mx-trace-filter", "mx-ipc-stats",
                  "mx-why", "mx-deadlock", "mx-vm", "mx-locks", "mx-threads", "mx-dump", "mx-snapshot",
                  "$mx_proc", "$mx_ep"]:
            check(re.search(r"^\s+%s\s" % re.escape(c), o.get("mx", ""), re.M) is not None, "mx lists " + c,
                  o.get("mx", ""))
            check(c in o.get("help mx", ""), "help mx lists " + c)
        check("List MX's processes" in o.get("help mx-ps", "") and "Usage: mx-ps" in o.get("help mx-ps", ""),
              "help mx-ps shows the docstring", o.get("help mx-ps", ""))
        check("verdict" in o.get("help mx-why", ""), "help mx-why", o.get("help mx-why", ""))
        check("struct proc" in o.get("help function mx_proc", ""), "help function mx_proc")

        ps = ps_table(o.get("mx-ps", ""))
        want = {"sc-a": ("SEND", "SEND->sc-b"), "sc-b": ("SEND", "SEND->sc-c"), "sc-c": ("RECV", "RECV<-sc-d"),
                "sc-e": ("REPLY-WAIT", "reply-wait<-sc-f"), "sc-f": ("RECV", "RECV<-sc-d"),
                "sc-x": ("RECV", "RECV<-sc-y"), "sc-y": ("RECV", "RECV<-sc-x"), "scene": ("RECV", "RECV<-ANY")}
        for name, (state, ipc) in want.items():
            got = ps.get(name)
            check(got is not None and got[1] == eps[name] and got[2] == state and got[3] == ipc,
                  "mx-ps: %s is %s %s" % (name, state, ipc), repr(got))
        check(ps.get("sc-d", (0, 0, ""))[2] == "RUN" and ps["sc-d"][3] in ("running", "ready"), "mx-ps: sc-d runs",
              repr(ps.get("sc-d")))
        check(all(t in ps for t in ("idle", "clock", "system", "hardware")), "mx-ps: kernel tasks", repr(ps))
        check("sc-gone" not in ps, "mx-ps: the exited process is gone")
        check(ps.get("sc-a", [""] * 6)[4] == SR and ps["sc-a"][5] == SYS_RP, "mx-ps: sc-a's letters",
              repr(ps.get("sc-a")))
        blocked = ps_table(o.get("mx-ps --blocked", ""))
        check("sc-d" not in blocked and "sc-a" in blocked, "mx-ps --blocked", o.get("mx-ps --blocked", ""))

        pa = o.get("mx-proc sc-a", "")
        check("SEND to sc-b [%d]" % eps["sc-b"] in pa, "mx-proc: sc-a sends to sc-b", pa)
        check(re.search(r"may send to\s+scene, sc-b$", pa, re.M) is not None, "mx-proc: send mask by name", pa)
        check("REPLY_PEND" in pa and "SENDREC" in pa, "mx-proc: SENDREC in progress", pa)
        check(o.get("mx-proc %d" % eps["sc-a"]) == pa, "mx-proc by endpoint")
        check(o.get("mx-proc %d/1" % (eps["sc-a"] & C.SLOT_MASK)) == pa, "mx-proc by slot/gen")

        w = o.get("mx-why sc-a", "")
        check("verdict: waiting on a running process: sc-d" in w, "mx-why sc-a: running sc-d", w)
        check(re.search(r"sc-a .*waits for sc-b .*\n.*sc-b .*waits for sc-c .*\n.*sc-c .*waits for sc-d", w)
              is not None, "mx-why sc-a: the chain a->b->c->d", w)
        w = o.get("mx-why sc-e", "")
        check(re.search(r"sc-e .*waits for sc-f .*reply", w) is not None and
              "verdict: waiting on a running process: sc-d" in w, "mx-why sc-e: reply, then sc-d", w)
        w = o.get("mx-why sc-x", "")
        check("verdict: deadlock (2 members): sc-x -> sc-y -> sc-x" in w, "mx-why sc-x: deadlock", w)
        check("verdict: not waiting: sc-d" in o.get("mx-why sc-d", ""), "mx-why sc-d: not waiting",
              o.get("mx-why sc-d", ""))
        d = o.get("mx-deadlock", "")
        dl = [l for l in d.splitlines() if l.startswith("deadlock ")]
        check(len(dl) == 1 and "(2 members): sc-x -> sc-y -> sc-x" in dl[0], "mx-deadlock: exactly sc-x and sc-y", d)

        tr = o.get("mx-trace 100 --filter kind=fork,exec,send-blk,recv-blk,kcall,mark", "")
        kinds = {r[2] for r in rows(tr, "SEQ") if len(r) > 2}
        check({"fork", "exec", "send-blk", "recv-blk", "kcall", "mark"} <= kinds, "mx-trace: kinds decoded",
              repr(kinds) + "\n" + tr[-2000:])
        sb = rows(o.get("mx-trace 10 --filter kind=send-blk", ""), "SEQ")
        check(len(sb) >= 2 and all(r[2] == "send-blk" for r in sb), "mx-trace --filter kind=send-blk", repr(sb))
        check(any(r[3] == "sc-a" and r[4] == "sc-b" for r in sb) and any(r[3] == "sc-b" and r[4] == "sc-c" for r in sb),
              "mx-trace: the blocked sends", repr(sb))
        mk = rows(o.get("mx-trace 5 --filter kind=mark", ""), "SEQ")
        check(len(mk) == 1 and mk[0][3] == "scene", "mx-trace: the scene's mark", repr(mk))
        ex = rows(o.get("mx-trace 20 --filter ep=sc-x", ""), "SEQ")
        check(ex and all("sc-x" in r[3:5] for r in ex), "mx-trace --filter ep=sc-x", repr(ex))
        fk = rows(o.get("mx-trace 5 --filter kind=fork src=scene", ""), "SEQ")
        check(len(fk) == 5 and all(r[2] == "fork" and r[3] == "scene" for r in fk), "mx-trace: two terms", repr(fk))

        st = o.get("mx-ipc-stats 5", "")
        check(re.search(r"^scene\s+sc-\w+\s+1\s", st, re.M) is not None and "IPC calls" in st, "mx-ipc-stats", st)
        check("matrix: row sends to column" in o.get("mx-ipc-stats 3 --matrix", ""), "mx-ipc-stats --matrix")
        vm = o.get("mx-vm sc-a", "")
        check("no vm.regions table" in vm and re.search(r"^0x0804\w+\s+0x\w+\s+\d+\s+ru-", vm, re.M) is not None,
              "mx-vm: page tables of sc-a", vm)
        check("no tables are registered" in o.get("mx-tables", ""), "mx-tables: none", o.get("mx-tables", ""))
        check("no server threads" in o.get("mx-threads", ""), "mx-threads: none")
        check("no server locks" in o.get("mx-locks", ""), "mx-locks: none")
        check("tracing on" in o.get("mx-trace-filter", ""), "mx-trace-filter status", o.get("mx-trace-filter", ""))

        pp = o.get("p proc[%d]" % (eps["sc-a"] & C.SLOT_MASK), "")
        check(re.search(r"sc-a \[%d\] SEND->\S+ sc-b rts=%s" % (eps["sc-a"], SR), pp) is not None,
              "printer: struct proc", pp[:300])
        m = o.get("p proc[%d].p_sendmsg" % (eps["sc-b"] & C.SLOT_MASK), "")
        check("type TEST+0x5d" in m and "from %d" % eps["sc-b"] in m, "printer: mx_message", m)
        e = o.get("p proc[%d].p_endpoint" % (eps["sc-c"] & C.SLOT_MASK), "")
        check(re.search(r"= %d <%d/1 sc-c>" % (eps["sc-c"], eps["sc-c"] & C.SLOT_MASK), e) is not None,
              "printer: mx_endpoint_t", e)
        check("priv 0 'user'" in o.get("p priv[0]", ""), "printer: struct priv", o.get("p priv[0]", "")[:200])
        check(re.search(r"= #1 \S+s \S+", o.get("p trace_recs[1]", "")) is not None, "printer: mx_trace_rec",
              o.get("p trace_recs[1]", ""))
        check(o.get('p $mx_proc("sc-a").p_rts_flags', "").strip().endswith(
            "= %d" % (C.RTS_SENDING | C.RTS_RECEIVING)), "$mx_proc", o.get('p $mx_proc("sc-a").p_rts_flags', ""))
        check("%d <" % eps["sc-b"] in o.get('p $mx_ep("sc-b")', ""), "$mx_ep by name", o.get('p $mx_ep("sc-b")'))
        check("sc-y>" in o.get("p $mx_ep(%d)" % (eps["sc-y"] & C.SLOT_MASK), ""), "$mx_ep by slot")
        check('"sc-f"' in o.get("p $mx_proc(%d).p_name" % eps["sc-f"], ""), "$mx_proc by endpoint")

        # The database.
        db = os.path.join(tmp, "ipc.db")
        check("written to" in o.get("mx-snapshot " + db, ""), "mx-snapshot ran", o.get("mx-snapshot " + db, ""))
        check_ipc_db(db, eps, ps)
        con = sqlite3.connect(db)
        nev, nagg = (con.execute("SELECT count(*) FROM events").fetchone()[0],
                     con.execute("SELECT count(*) FROM ipc_agg").fetchone()[0])
        con.close()
        check(nev > 100 and nagg > 0 and re.search(r"%d trace records" % nev, o.get("mx-snapshot " + db, "")),
              "mx-snapshot stores the ring's records (%d) and their aggregates (%d ipc_agg rows)" % (nev, nagg),
              o.get("mx-snapshot " + db, ""))
        if compared:
            compare_dbs(os.path.join(tmp, "ipc-mxtrace.db"), db, "scene ipc")
        dp = o.get("mx-dump proc privs", "")
        if os.access(MXDUMP, os.X_OK):
            check("sc-a" in dp and "sc-x" in dp and len(dp.splitlines()) > 20, "mx-dump proc privs", dp[:1500])

        # Bad input: one line, no traceback.
        one_error(port, "mx-proc nosuch", r"^mx: no process named 'nosuch'")
        one_error(port, "mx-proc %d" % eps["sc-gone"], r"^mx: endpoint %d is stale: slot %d is free" %
                  (eps["sc-gone"], eps["sc-gone"] & C.SLOT_MASK))
        one_error(port, "mx-why %d" % eps["sc-gone"], r"is stale")
        one_error(port, "mx-why %d" % C.ANY, r"^mx: ANY is not a process")
        one_error(port, "mx-proc", r"^mx: usage: mx-proc")
        one_error(port, "mx-vm 99999", r"is out of range|is stale")
        one_error(port, "mx-trace lots", r"^mx: usage: mx-trace")
        one_error(port, "mx-trace 5 --filter kind=nope", r"^mx: unknown trace kind 'nope'")
        one_error(port, "mx-trace 5 --filter ep=nobody", r"^mx: no process named 'nobody'")
        one_error(port, "mx-trace-filter kinds nope", r"unknown trace kind")
        one_error(port, "mx-dump nope", r"^mx: unknown dump 'nope'")
        one_error(port, "mx-snapshot", r"^mx: usage: mx-snapshot")
        one_error(port, "mx-snapshot /nonexistent/dir/x.db", r"^mx: /nonexistent/dir/x.db: cannot open")
        one_error(port, 'p $mx_proc("nosuch")', r"^mx: no process named 'nosuch'")
        one_error(port, "mx-ps --bogus", r"^mx: unknown option --bogus")
        notdb = os.path.join(tmp, "not.db")
        with open(notdb, "w") as f:
            f.write("this is not a database\n" * 100)
        one_error(port, "mx-snapshot " + notdb, r"not an SQLite database|not an MX run database")

        check_fallbacks(port, ps)
        check_trace_switch(port)
        check_no_debug_info(port, tmp, ps)
        check_autoload(port)
    # GDB not attached at all.
    one_error(0, "mx-ps", r"^mx: GDB is not attached", attach=False)
    one_error(0, "mx-why sc-a", r"^mx: GDB is not attached", attach=False)


def check_ipc_db(db, eps, ps):
    for args in (["sqlite3", db, "SELECT count(*) FROM processes"],):
        r = subprocess.run(args, capture_output=True, text=True)
        check(r.returncode == 0 and int(r.stdout.strip() or 0) == len(ps), "sqlite3 reads the snapshot",
              r.stdout + r.stderr)
    c = sqlite3.connect(db)
    q = lambda sql, *a: c.execute(sql, a).fetchall()  # noqa: E731
    check(q("PRAGMA user_version")[0][0] == 1, "schema version 1")
    check(q("SELECT kind, source FROM snapshots") == [("full", "gdb-scripts")], "one full snapshot from gdb-scripts")
    check(q("SELECT source FROM boots") == [("gdb-scripts",)], "boot row")
    got = {r[0]: r[1:] for r in q("SELECT name, endpoint, state, peer, rts, misc FROM processes")}
    want = {"sc-a": (eps["sc-a"], "SEND", eps["sc-b"], SR, SYS_RP),
            "sc-b": (eps["sc-b"], "SEND", eps["sc-c"], S, SYS),
            "sc-c": (eps["sc-c"], "RECV", eps["sc-d"], R, SYS),
            "sc-d": (eps["sc-d"], "RUN", None, NONE_RTS, SYS),
            "sc-e": (eps["sc-e"], "REPLY-WAIT", eps["sc-f"], R, SYS_RP),
            "sc-x": (eps["sc-x"], "RECV", eps["sc-y"], R, SYS),
            "scene": (eps["scene"], "RECV", None, R, SYS)}
    for name, w in want.items():
        check(got.get(name) == w, "db: processes row of " + name, repr(got.get(name)))
    check("sc-gone" not in got, "db: no row for the exited process")
    check(q("SELECT pending_type FROM processes WHERE name = 'sc-b'") == [(C.TEST_BASE + 0x5d,)], "db: pending_type")
    check(q("SELECT count(*) FROM processes WHERE running = 1")[0][0] == 1, "db: one running process")
    mask = q("SELECT ipc_to FROM privileges WHERE endpoint = ?", eps["sc-a"])
    scene_priv = q("SELECT priv_id FROM privileges WHERE endpoint = ?", eps["scene"])[0][0]
    b_priv = q("SELECT priv_id FROM privileges WHERE endpoint = ?", eps["sc-b"])[0][0]
    bits = int.from_bytes(bytes.fromhex(mask[0][0]), "little") if mask else 0
    check(bits == (1 << scene_priv) | (1 << b_priv), "db: sc-a's ipc_to (hex, priv 0 first)", repr(mask))
    check(q("SELECT count(*) FROM ipc_pairs WHERE src = ? AND dst = ?", eps["scene"], eps["sc-a"])[0][0] == 1,
          "db: ipc pair scene -> sc-a")
    check(len(q("SELECT * FROM trace_status")) == 1, "db: trace_status")
    check(q("SELECT count(*) FROM kinfo")[0][0] == 1, "db: kinfo")
    check(q("SELECT count(*) FROM log WHERE text LIKE 'SCENE READY ipc%'")[0][0] == 1, "db: kernel log lines")
    edges = set(q("SELECT waiter, waitee, reason FROM wait_for"))
    check(("p:%d" % eps["sc-x"], "p:%d" % eps["sc-y"], "recv") in edges and
          ("p:%d" % eps["sc-a"], "p:%d" % eps["sc-b"], "send") in edges and
          ("p:%d" % eps["sc-e"], "p:%d" % eps["sc-f"], "reply") in edges, "db: wait_for view", repr(edges))
    c.close()
    if os.access(MXDUMP, os.X_OK):
        r = subprocess.run([MXDUMP, "--db", db, "why", "sc-a"], capture_output=True, text=True)
        check("verdict: waiting on a running process: sc-d" in r.stdout, "mxdump why sc-a on the gdb snapshot",
              r.stdout + r.stderr)
        r = subprocess.run([MXDUMP, "--db", db, "deadlocks"], capture_output=True, text=True)
        check("sc-x -> sc-y -> sc-x" in r.stdout, "mxdump deadlocks on the gdb snapshot", r.stdout + r.stderr)


def trace_status(port):
    o, text = outputs(port, ["mx-trace-filter"])
    s = o.get("mx-trace-filter", "")
    m = re.search(r"head (\d+), filtered (\d+), overwritten (\d+), skipped while off (\d+)", s)
    check(m is not None, "mx-trace-filter prints the counters", s + text[-1000:])
    return s, [int(x) for x in m.groups()] if m else [0, 0, 0, 0]


def check_trace_switch(port):
    """Off: the head stops and events are counted as skipped; on: it moves."""
    o, _t = outputs(port, ["mx-trace-off"])
    check("tracing off" in o.get("mx-trace-off", ""), "mx-trace-off", o.get("mx-trace-off", ""))
    time.sleep(0.5)                   # GDB detached: the guest runs its clock
    s1, (h1, _f1, _o1, sk1) = trace_status(port)
    check("tracing off" in s1, "tracing is off", s1)
    time.sleep(0.5)
    s2, (h2, _f2, _o2, sk2) = trace_status(port)
    check(h2 == h1 and sk2 > sk1, "off: no records, events skipped", "%s\n%s" % (s1, s2))
    o, _t = outputs(port, ["mx-trace-on", "mx-trace-filter kinds irq"])
    check("kinds: irq" in o.get("mx-trace-filter kinds irq", ""), "mx-trace-filter kinds irq",
          o.get("mx-trace-filter kinds irq", ""))
    time.sleep(0.5)
    s3, (h3, _f3, _o3, _s3) = trace_status(port)
    check(h3 > h2, "on: records again", "%s\n%s" % (s2, s3))
    o, _t = outputs(port, ["mx-trace 5"])
    kinds = {r[2] for r in rows(o.get("mx-trace 5", ""), "SEQ") if len(r) > 2}
    check(kinds == {"irq"}, "only irq records after the kind filter", o.get("mx-trace 5", ""))
    o, _t = outputs(port, ["mx-trace-filter kinds all", "mx-trace-filter kinds -switch", "mx-trace-filter ep sc-d",
                           "mx-trace-filter ep off"])
    check("switch" not in o.get("mx-trace-filter kinds -switch", "").split("\n")[0].split("kinds:")[1],
          "mx-trace-filter kinds -switch", o.get("mx-trace-filter kinds -switch", ""))
    check("endpoint filter: sc-d" in o.get("mx-trace-filter ep sc-d", ""), "mx-trace-filter ep",
          o.get("mx-trace-filter ep sc-d", ""))
    check("endpoint filter: off" in o.get("mx-trace-filter ep off", ""), "mx-trace-filter ep off")


def check_fallbacks(port, ps):
    """mx_info unreadable: the debug info stands in for the process table;
    no trace ring: one line.  Both restored afterwards."""
    res, text, _e = gdb(port, ["set var mx_info_obj.magic[0] = 0", "mx-ps", "mx-trace 3",
                               "set var mx_info_obj.magic[0] = %d" % C.INFO_MAGIC[0],
                               "set var trace_ring->magic = 0", "mx-trace 3", "mx-trace-on",
                               "set var trace_ring->magic = %d" % C.TRACE_MAGIC, "mx-trace 3"])
    out = [o for _c, o in res]
    check("Traceback" not in text and len(out) == 9, "fallbacks: no traceback", text[-2000:])
    got = ps_table(out[1] if len(out) > 1 else "")
    check({k: v[:3] for k, v in got.items()} == {k: v[:3] for k, v in ps.items()},
          "mx-ps from the debug info when mx_info is unreadable", text[-2500:])
    check("using the kernel's debug info instead" in text, "the fallback is announced", text[-1500:])
    errs = [l for l in text.splitlines() if l.startswith("mx: ") and "debug info instead" not in l]
    check(len(errs) == 3 and "no mx_info magic" in errs[0] and "no trace ring at" in errs[1] and
          "no trace ring at" in errs[2], "no mx_info, no trace ring: one line each", "\n".join(errs))
    check(bool(out) and "trace: head" in out[-1], "mx-trace works again once the ring is back", text[-800:])


def check_no_debug_info(port, tmp, ps):
    """A kernel ELF without debug info (symbols only), then without symbols
    (mx_info found by its magic): the same processes and states."""
    nodebug, stripped = os.path.join(tmp, "kernel.nodebug"), os.path.join(tmp, "kernel.stripped")
    subprocess.run(["objcopy", "--strip-debug", KERNEL, nodebug], check=True)
    subprocess.run(["objcopy", "--strip-all", KERNEL, stripped], check=True)
    for kernel, what in ((nodebug, "without debug info"), (stripped, "without symbols")):
        o, text = outputs(port, ["mx-ps", "mx-why sc-x", "mx-deadlock"], kernel=kernel)
        check("Traceback" not in text, "%s: no traceback" % what, text[-2000:])
        got = ps_table(o.get("mx-ps", ""))

        def key(t):
            return {k: v[:3] + ((v[3],) if v[2] != "RUN" else ()) for k, v in t.items()}
        check(key(got) == key(ps), "mx-ps %s" % what, o.get("mx-ps", "") + text[-1500:])
        check("deadlock (2 members)" in o.get("mx-why sc-x", ""), "mx-why %s" % what, o.get("mx-why sc-x", ""))


def check_autoload(port):
    o, text = outputs(port, ["mx-ps"], load=False,
                      pre=["-iex", "set auto-load python-scripts on",
                           "-iex", "add-auto-load-safe-path " + os.path.join(BUILD, "os")])
    check("sc-a" in o.get("mx-ps", ""), "auto-load of kernel.elf-gdb.py", text[-2000:])


# ---- scene locks ---------------------------------------------------------------------------

def test_locks(tmp):
    with MX(build=BUILD, modules=["scene locks"], gdb=True, shm=True, qmp=True) as mx:
        eps = {k: int(v) for k, v in scene_eps(mx, "locks").items()}
        port = mx.gdb_port
        db = os.path.join(tmp, "locks.db")
        compared = mxtrace_snapshot(mx, os.path.join(tmp, "locks-mxtrace.db"))
        cmds = ["mx-tables", "mx-tables scene.threads", "mx-threads", "mx-locks", "mx-why sc-cl1", "mx-why sc-cl2",
                "mx-why sc-cl3", "mx-why sc-cl4", "mx-deadlock", "mx-vm sc-srv", "mx-snapshot " + db, "mx-dump vm"]
        o, text = outputs(port, cmds)
        check("Traceback" not in text and "Python Exception" not in text, "locks: no traceback", text[-3000:])
        t = o.get("mx-tables", "")
        for name in ("scene.threads", "scene.locks", "vm.regions"):
            check(re.search(r"\b%s\s+sc-srv \[%d\]" % (re.escape(name), eps["sc-srv"]), t) is not None,
                  "mx-tables lists " + name, t)
        # The table lives in sc-srv's memory; the CPU runs another address space, where the same
        # address holds something else: only the page-table walk can show these names.
        st = o.get("mx-tables scene.threads", "")
        check("worker0" in st and "worker4" in st, "mx-tables scene.threads", st)
        th = o.get("mx-threads", "")
        check(re.search(r"sc-srv\s+0\s+worker0\s+lock-wait\s+sc-cl1\s+VFS_READ\s+vnode 7 W", th) is not None and
              re.search(r"sc-srv\s+2\s+worker2\s+ipc-wait\s+sc-cl3\s+VFS_READ\s+sc-drv", th) is not None and
              re.search(r"sc-srv\s+3\s+worker3\s+ipc-wait\s+sc-cl4\s+VFS_OPEN\s+dead:", th) is not None,
              "mx-threads", th)
        lk = o.get("mx-locks", "")
        check(re.search(r"sc-srv\s+1\s+vnode 12\s+vnode\s+12\s+W\s+0\s+0\s+1\(W\)", lk) is not None and
              re.search(r"sc-srv\s+3\s+filp 3\s+filp\s+3\s+R\s+2,3", lk) is not None, "mx-locks", lk)
        w = o.get("mx-why sc-cl1", "")
        check("serve VFS_READ" in w and "verdict: deadlock (2 members): sc-srv:worker0 -> sc-srv:worker1 -> "
              "sc-srv:worker0" in w, "mx-why sc-cl1: through the thread into the lock cycle", w)
        check("verdict: deadlock (2 members)" in o.get("mx-why sc-cl2", ""), "mx-why sc-cl2")
        w = o.get("mx-why sc-cl3", "")
        check("waits for sc-drv" in w and "verdict: waiting on a running process: sc-spin" in w, "mx-why sc-cl3", w)
        w = o.get("mx-why sc-cl4", "")
        check("verdict: waiting on a dead process" in w, "mx-why sc-cl4", w)
        d = o.get("mx-deadlock", "")
        dl = [l for l in d.splitlines() if l.startswith("deadlock ")]
        check(len(dl) == 1 and "sc-srv:worker0 -> sc-srv:worker1 -> sc-srv:worker0" in dl[0], "mx-deadlock: lock cycle", d)
        vm = o.get("mx-vm sc-srv", "")
        kinds = re.findall(r"^0x[0-9a-f]+\s+0x[0-9a-f]+\s+\S+\s+\S+\s+(text|data|stack)\b", vm, re.M)
        check(sorted(kinds) == ["data", "stack", "text"], "mx-vm: VM's regions through VM's page tables", vm)
        check(re.search(r"^\d+ pages \(\S+\) mapped$", vm, re.M) is not None, "mx-vm: mapped pages", vm)
        if compared:
            compare_dbs(os.path.join(tmp, "locks-mxtrace.db"), db, "scene locks")
        c = sqlite3.connect(db)
        q = lambda sql, *a: c.execute(sql, a).fetchall()  # noqa: E731
        check(q("SELECT count(*) FROM reg_tables WHERE error IS NULL")[0][0] == 3, "db: three tables read",
              repr(q("SELECT name, error FROM reg_tables")))
        check(q("SELECT count(*) FROM threads")[0][0] == 5, "db: the threads view", repr(q("SELECT * FROM threads")))
        srv = eps["sc-srv"]
        edges = set(q("SELECT waiter, waitee, reason FROM wait_for"))
        check(("t:%d:0" % srv, "t:%d:1" % srv, "lock") in edges and ("t:%d:1" % srv, "t:%d:0" % srv, "lock") in edges
              and ("p:%d" % eps["sc-cl1"], "t:%d:0" % srv, "serve") in edges, "db: wait_for through locks",
              repr(sorted(edges)))
        # The table lives in sc-srv's memory; the CPU runs another address space, where the
        # same address holds something else: only the page-table walk shows these names.
        addr, fields = q("SELECT addr, fields FROM reg_tables WHERE name = 'scene.threads'")[0]
        off = [f["offset"] for f in json.loads(fields) if f["name"] == "name"][0]
        o2, _t = outputs(port, ["x/s %d" % (addr + off)])
        cpu_view = list(o2.values())[0] if o2 else ""
        check("worker0" not in cpu_view, "the CPU's address space does not hold sc-srv's table", cpu_view)
        c.close()
        if os.access(MXDUMP, os.X_OK):
            r = subprocess.run([MXDUMP, "--db", db, "why", "sc-cl1"], capture_output=True, text=True)
            check("deadlock" in r.stdout, "mxdump why sc-cl1 on the gdb snapshot", r.stdout + r.stderr)
            check("text" in o.get("mx-dump vm", "") or "VM" in o.get("mx-dump vm", ""), "mx-dump vm",
                  o.get("mx-dump vm", ""))


def main():
    for p in (KERNEL, os.path.join(BUILD, "os", "bin", "scene"), os.path.join(BUILD, "gdb-scripts", "mx", "constants.py")):
        if not os.path.exists(p):
            print("FAIL: %s is missing (run make)" % p)
            sys.exit(1)
    if shutil.which(GDB) is None:
        print("FAIL: no %s" % GDB)
        sys.exit(1)
    tmp = tempfile.mkdtemp(prefix="gdbtest.")
    try:
        test_ipc(tmp)
        test_locks(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failures:
        print("%d of %d checks failed:" % (len(failures), checks))
        for f in failures:
            print("  - " + f)
        sys.exit(1)
    print("ok: %d checks" % checks)


if __name__ == "__main__":
    main()
